"""A live indicator in the browser: the number read from the register, its drill-down inside the district's
scope, the number moving when a person is added, and an executive who sees the number but no one."""

import pytest
from django.apps import apps
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.performance.tests.registers import build_register, make_activity, make_indicator
from nokrabob.registry import reference

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_indicator(org_units):  # type: ignore[no-untyped-def]
    """A live indicator of this fiscal year (its first quarter still open, so the number is live)."""
    reference.load(apps)  # the transactional flush emptied the occupations
    register = build_register()
    this_year = FiscalYear.current()
    register.activity_fy = make_activity(this_year.be, this_year.start)
    for key in ("A", "B", "F", "G", "H"):
        register.took_part(key, register.activity_fy)
    indicator = make_indicator(
        OrgUnit.objects.get(code="2400"),
        code="2400-1065",
        name="จำนวนกลุ่มเป้าหมายของแรงงานนอกระบบในพื้นที่เขตเข้าถึงสวัสดิการทางสังคม",
        measure_kind="live",
        live_measure="target_groups_reached",
        unit_of_measure="groups",
        target=3,
        fiscal_year=this_year.be,
    )
    return register, indicator


def test_district_drills_down_to_its_own_people_and_the_number_moves(page, login, screenshot, live_indicator):
    register, indicator = live_indicator
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    page.goto(f"/performance/?year={indicator.fiscal_year}")
    page.get_by_role("link", name=indicator.name).click()
    expect(page.get_by_test_id("live-value")).to_have_text("1 กลุ่ม")
    expect(page.get_by_test_id("live-ratio")).to_have_text("1 / 3")
    # Two people city-wide, one of them another district's: the small count is withheld.
    expect(page.get_by_test_id("live-panel")).to_contain_text("ผู้ขับขี่รถจักรยานยนต์รับจ้าง: น้อยกว่า 5")
    screenshot(page, "live-detail")
    page.get_by_test_id("drilldown-link").click()
    rows = page.get_by_test_id("drilldown-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("คนB ทดสอบ")
    expect(rows.first).to_contain_text("บางกะปิ")
    screenshot(page, "drilldown")

    register.person("I", "street_vendor", "1006")
    register.took_part("I", register.activity_fy)
    page.goto(f"/performance/indicators/{indicator.pk}/")
    expect(page.get_by_test_id("live-value")).to_have_text("2 กลุ่ม")
    expect(page.get_by_test_id("drilldown-link")).to_contain_text("2 รายการ")


def test_executive_sees_the_number_but_not_the_people(phone_page, login, screenshot, live_indicator):
    _register, indicator = live_indicator
    login(phone_page, Role.EXECUTIVE)
    phone_page.goto(f"/performance/indicators/{indicator.pk}/")
    expect(phone_page.get_by_test_id("live-value")).to_have_text("1 กลุ่ม")
    expect(phone_page.get_by_test_id("drilldown-link")).to_have_count(0)
    expect(phone_page.get_by_test_id("live-panel")).to_contain_text("ดูได้เฉพาะตัวเลขสรุป")
    screenshot(phone_page, "executive-phone")
    response = phone_page.goto(f"/performance/indicators/{indicator.pk}/drilldown/")
    assert response is not None and response.status == 403
