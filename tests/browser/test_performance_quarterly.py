"""A quarter in the browser: the owner unit reports (a % over 100 is refused on its field), the assessor
scores it; a locked quarter is reopened by the assessor (audited) and corrected by the unit."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditAction, AuditEvent
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.performance.models import LevelCriterion, QuarterResult
from nokrabob.performance.tests.registers import make_indicator

pytestmark = pytest.mark.django_db(transaction=True)


def be(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def switch_user(page, login, role, **kw):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    return login(page, role, **kw)


def test_report_then_assess_the_current_quarter(page, login, screenshot):
    today = timezone.localdate()
    fy = FiscalYear.of(today)
    quarter = fy.quarter_of(today).number
    unit = OrgUnit.objects.get(code="2400")
    ind = make_indicator(unit, fiscal_year=fy.be, code="2400-9001", name="ร้อยละของแรงงานนอกระบบที่ได้รับคำแนะนำ")
    for level in range(1, 6):
        LevelCriterion.objects.create(indicator=ind, level=level, percent=20 * level)

    login(page, Role.DEPARTMENT_STAFF, first_name="สมศรี")
    page.goto(f"/performance/indicators/{ind.pk}/")
    page.get_by_test_id(f"report-q{quarter}").click()
    page.fill("input[name=result]", "150")
    page.fill("textarea[name=narrative]", "ให้คำแนะนำผ่าน QR Code ของสำนักพัฒนาสังคม")
    page.get_by_role("button", name="บันทึกผล").click()
    expect(page.locator(".field.has-error .error")).to_have_text("ร้อยละต้องไม่เกิน 100")
    screenshot(page, "over-100")
    assert not QuarterResult.objects.exists()

    page.fill("input[name=result]", "80")
    page.fill("input[name=as_of]", be(today))
    page.get_by_role("button", name="บันทึกผล").click()
    expect(page.locator(".msg-success")).to_contain_text(f"บันทึกผลไตรมาสที่ {quarter} แล้ว")
    row = page.get_by_test_id("quarter-table").locator(f"tr[data-quarter='{quarter}']")
    expect(row.locator("td").nth(1)).to_have_text("80.00")
    expect(page.get_by_test_id("score")).to_have_text("8")
    expect(page.locator(".kpi-head .band")).to_have_attribute("data-band", "good")

    switch_user(page, login, Role.ASSESSOR, first_name="ธนพล")
    page.goto(f"/performance/indicators/{ind.pk}/")
    page.get_by_test_id(f"assess-q{quarter}").click()
    page.fill("input[name=score]", "100")
    page.fill("input[name=score_21]", "100")
    page.fill("input[name=score_22]", "90")
    page.get_by_role("button", name="บันทึกผลประเมิน").click()
    expect(page.get_by_test_id("assessed-note")).to_have_text(
        f"สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ {quarter}: 100"
    )
    expect(row.locator("td").nth(4)).to_have_text("100 / 90")
    screenshot(page, "assessed")
    assert AuditEvent.objects.filter(action=AuditAction.ASSESS).count() == 1


def test_a_locked_quarter_is_reopened_and_corrected(page, login, screenshot):
    unit = OrgUnit.objects.get(code="2400")
    ind = make_indicator(unit, fiscal_year=2566, code="2400-8001", name="ตัวชี้วัดปีที่ผ่านมา")
    QuarterResult.objects.create(indicator=ind, quarter=2, result=40, narrative="รายงานเดิม")

    login(page, Role.DEPARTMENT_STAFF)
    page.goto(f"/performance/indicators/{ind.pk}/")
    expect(page.get_by_test_id("report-q2")).to_have_count(0)
    expect(page.get_by_test_id("quarter-table").locator("tr[data-quarter='2']")).to_contain_text("ปิดรับแล้ว")
    page.goto(f"/performance/indicators/{ind.pk}/quarters/2/result/")
    expect(page.get_by_test_id("locked")).to_contain_text("ปิดรับผลแล้วเมื่อ 15/04/2566")

    switch_user(page, login, Role.ASSESSOR)
    page.goto(f"/performance/indicators/{ind.pk}/")
    page.get_by_test_id("reopen-q2").click()
    until = timezone.localdate() + dt.timedelta(days=7)
    page.fill("input[name=until]", be(until))
    page.fill("textarea[name=reason]", "หน่วยงานขอแก้ไขตามหนังสือ ที่ กท 1504/120")
    page.get_by_role("button", name="เปิดให้แก้ไข").click()
    expect(page.locator(".msg-success")).to_contain_text("เปิดให้แก้ไขผลไตรมาสที่ 2 แล้ว")
    expect(page.get_by_test_id("quarter-table").locator("tr[data-quarter='2']")).to_contain_text(
        f"เปิดแก้ไขถึง {be(until)}"
    )
    reopen = AuditEvent.objects.get(action=AuditAction.REOPEN)
    assert reopen.changes["reason"] == "หน่วยงานขอแก้ไขตามหนังสือ ที่ กท 1504/120"

    switch_user(page, login, Role.DEPARTMENT_STAFF)
    page.goto(f"/performance/indicators/{ind.pk}/")
    page.get_by_test_id("report-q2").click()
    expect(page.locator("input[name=result]")).to_have_value("40.00")
    page.fill("input[name=result]", "55")
    page.get_by_role("button", name="บันทึกผล").click()
    expect(page.get_by_test_id("quarter-table").locator("tr[data-quarter='2'] td").nth(1)).to_have_text(
        "55.00"
    )
    screenshot(page, "corrected")
