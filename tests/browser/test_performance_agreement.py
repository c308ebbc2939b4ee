"""Seed 004 in the browser: the agreement summary with its 30/20/20 components and total, its signed PDF,
and an indicator's Gantt (ต.ค.–ก.ย.) with a step behind plan, whose progress the unit records."""

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.performance.models import Indicator, PerformanceAgreement, QuarterResult
from nokrabob.performance.seeds import load_seeds
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(org_units):  # type: ignore[no-untyped-def]
    load_seeds()
    return PerformanceAgreement.objects.get(fiscal_year=2567)


def test_the_agreement_summary_and_its_pdf(page, login, screenshot, seeded):
    one = Indicator.objects.get(fiscal_year=2567, code="1.1-1")
    QuarterResult.objects.create(indicator=one, quarter=4, result=80)
    login(page, Role.EXECUTIVE)
    page.goto("/performance/?year=2567")
    page.get_by_test_id("agreement-link").click()
    table = page.get_by_test_id("agreement-table")
    expect(table.get_by_test_id("component-weight")).to_have_text(["30", "20", "20"])
    expect(table.locator("tr[data-component='1.1']")).to_contain_text("จำนวน 3 ตัวชี้วัด น้ำหนัก 30 คะแนน")
    expect(table.locator("tr[data-code='1.1-1']")).to_contain_text("ระดับ 4")
    expect(table.locator("tr[data-code='1.1-1'] [data-testid=weighted-score]")).to_have_text("8")
    expect(table.locator("tr[data-code='1.3-2']")).to_contain_text("ยังไม่มีข้อมูล")
    expect(table.locator("tr[data-code='1.3-1']")).to_contain_text("ยังไม่มีข้อมูล")  # no community on record
    expect(table.get_by_test_id("total-weight")).to_have_text("70")
    expect(table.get_by_test_id("total-earned")).to_have_text("8")
    screenshot(page, "agreement-summary")
    pdf = page.request.get(page.get_by_test_id("agreement-pdf").get_attribute("href") or "")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")


def test_an_indicators_gantt_flags_a_late_step_and_takes_progress(page, login, screenshot, seeded):
    ind = Indicator.objects.get(fiscal_year=2567, code="1.1-2")
    login(page, Role.DEPARTMENT_STAFF, unit_code="2400")
    page.goto(f"/performance/indicators/{ind.pk}/")
    gantt = page.get_by_test_id("gantt")
    expect(gantt.locator("thead th.month")).to_have_text(
        ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
    )
    expect(gantt.locator("tbody tr")).to_have_count(10)
    step5 = gantt.locator("tr[data-step='5']")
    expect(step5).to_contain_text("สพส.+สนข.")
    expect(step5.locator("td.cell.on")).to_have_count(1)  # พ.ย. only
    expect(step5.get_by_test_id("step-state")).to_have_text("ล่าช้ากว่าแผน")  # FY 2567 is over, not done
    expect(page.get_by_test_id("late-warning")).to_contain_text("ล่าช้ากว่าแผน 10 ขั้นตอน")
    screenshot(page, "gantt")
    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_test_id("action-plan").screenshot(path=str(ARTIFACTS / "gantt-1.1-2.png"))

    page.get_by_test_id("step-1-progress").click()
    page.fill("input[name=progress]", "100")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".field.has-error .error")).to_contain_text("ต้องระบุวันที่เสร็จ")
    page.fill("input[name=done_on]", "20/10/2566")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".msg-success")).to_contain_text("บันทึกความคืบหน้าขั้นตอนที่ 1 แล้ว")
    expect(
        page.get_by_test_id("gantt").locator("tr[data-step='1']").get_by_test_id("step-state")
    ).to_have_text("เสร็จแล้ว")
    expect(page.get_by_test_id("late-warning")).to_contain_text("ล่าช้ากว่าแผน 9 ขั้นตอน")
