"""One number in the browser: a reported result on a measured indicator is the figure every place scores
(card, list, unit total, PDF, API), the measured one beside it with its label; a closed quarter keeps its
frozen figure after people are added to the register."""

import pytest
from django.apps import apps
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.performance.models import MeasureSnapshot
from nokrabob.performance.tests.registers import FY, build_register, make_activity, make_indicator
from nokrabob.registry import reference

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(org_units):  # type: ignore[no-untyped-def]
    reference.load(apps)  # the transactional flush emptied the occupations
    return build_register()


def test_a_reported_result_on_a_measured_indicator_is_scored_everywhere(page, login, screenshot, register):
    this_year = FiscalYear.current()
    register.took_part("A", make_activity(this_year.be, this_year.start))  # measured: 1 of 5 = 20 %
    ind = make_indicator(
        OrgUnit.objects.get(code="2400"),
        code="2400-1065.1",
        name="ร้อยละของสมาชิกกลุ่มเป้าหมายที่เข้าร่วมกิจกรรม",
        fiscal_year=this_year.be,
        measure_kind="live",
        live_measure="target_members_reached_pct",
        scored_from="reported",
        target=60,
        weight=10,
    )
    quarter = this_year.quarter_of(this_year.start).number
    login(page, Role.DEPARTMENT_STAFF, unit_code="2400")
    page.goto(f"/performance/indicators/{ind.pk}/")
    page.get_by_test_id(f"report-q{quarter}").click()
    page.fill("input[name=result]", "45")
    page.get_by_role("button", name="บันทึกผล").click()
    expect(page.locator(".msg-success")).to_be_visible()

    # The card: 45 is scored (75 % of 60 → level 3 → 6 of 10); the registry's 20 stands beside it, labelled.
    expect(page.get_by_test_id("achieved")).to_have_text("45")
    expect(page.get_by_test_id("score")).to_have_text("6")
    expect(page.get_by_test_id("scored-from")).to_have_text("ใช้คิดคะแนน: ผลที่หน่วยงานรายงาน")
    expect(page.get_by_test_id("other-figure")).to_contain_text("ค่าที่วัดจากฐานข้อมูลทะเบียน: 20")
    expect(page.get_by_test_id("reported-q1")).to_have_text("45.00")
    expect(page.get_by_test_id("measured-q1")).to_contain_text("20.00")
    screenshot(page, "card")

    page.goto(f"/performance/?year={this_year.be}")
    row = page.get_by_test_id("indicator-table").locator(f"tr[data-code='{ind.code}']")
    expect(row.get_by_test_id("value")).to_contain_text("45")
    expect(row.get_by_test_id("score")).to_have_text("6")
    expect(page.locator("[data-testid=unit-total][data-unit='2400']")).to_contain_text("6 จาก 10 คะแนน")
    screenshot(page, "list")

    api = page.request.get(f"/api/v1/performance/indicators/{ind.pk}/").json()
    assert (api["value"], api["score"], api["measured"]["value"]) == ("45.00", "6.00", "20.00")
    pdf = page.request.get(f"/performance/indicators/{ind.pk}/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_a_closed_quarter_is_unchanged_after_people_are_added(page, login, screenshot, register):
    ind = make_indicator(
        OrgUnit.objects.get(code="2400"),
        code="2400-1065",
        name="จำนวนกลุ่มเป้าหมายที่เข้าถึงสวัสดิการ",
        fiscal_year=FY,  # FY 2568 is over: every quarter closed
        measure_kind="live",
        live_measure="target_groups_reached",
        scored_from="measured",
        unit_of_measure="groups",
        target=3,
    )
    login(page, Role.DEPARTMENT_STAFF, unit_code="2400")
    page.goto(f"/performance/indicators/{ind.pk}/")
    expect(page.get_by_test_id("live-value")).to_have_text("1 กลุ่ม")
    expect(page.get_by_test_id("measured-as-of")).to_contain_text("ค่าที่บันทึกไว้เมื่อปิดไตรมาสที่ 4")
    expect(page.get_by_test_id("measured-q4")).to_contain_text("บันทึกเมื่อปิดไตรมาส")
    expect(page.get_by_test_id("drilldown-link")).to_contain_text("2 รายการ")
    assert MeasureSnapshot.objects.filter(indicator=ind).count() == 4

    register.person("I", "street_vendor", "1006")
    register.took_part("I", register.activity_fy)  # a street vendor reached in FY 2568, entered today
    page.reload()
    expect(page.get_by_test_id("live-value")).to_have_text("1 กลุ่ม")
    expect(page.get_by_test_id("achieved")).to_have_text("1")
    expect(page.get_by_test_id("drilldown-link")).to_contain_text("2 รายการ")
    screenshot(page, "frozen")
    page.get_by_test_id("drilldown-link").click()
    expect(page.get_by_test_id("drilldown-table").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("drilldown-as-of")).to_contain_text("รายการที่เพิ่มภายหลังไม่นับรวม")
