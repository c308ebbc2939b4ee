"""Forms as people fill them in the browser: a Buddhist-Era calendar beside every date box, and number
boxes that take "28,500" and Thai digits."""

import pytest
from django.apps import apps
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.registry import reference

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry_reference(org_units):  # type: ignore[no-untyped-def]
    reference.load(apps)


def test_a_birth_date_is_picked_from_a_buddhist_era_calendar(page, login, screenshot, registry_reference):
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto("/registry/new/")
    box = page.locator("input[name=birth_date]")
    box.fill("10/06/2568")
    page.locator("input[name=birth_date] + button.bdp-open").click()
    calendar = page.get_by_role("dialog", name="เลือกวันที่ (พ.ศ.)")
    expect(calendar).to_contain_text("มิถุนายน 2568")
    calendar.get_by_label("ปี พ.ศ.").fill("2525")
    calendar.get_by_label("ปี พ.ศ.").press("Enter")
    expect(calendar).to_contain_text("มิถุนายน 2525")
    calendar.get_by_role("button", name="เดือนก่อนหน้า").click()
    expect(calendar).to_contain_text("พฤษภาคม 2525")
    screenshot(page, "calendar")
    calendar.get_by_role("button", name="15", exact=True).click()
    expect(calendar).to_be_hidden()
    expect(box).to_have_value("15/05/2525")
    # typing is still enough: a typed date opens the calendar on its month
    box.fill("๐๓/๐๑/๒๕๓๐")
    page.locator("input[name=birth_date] + button.bdp-open").click()
    expect(page.get_by_role("dialog")).to_contain_text("มกราคม 2530")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_an_income_typed_with_a_comma_is_saved(page, login, registry_reference):
    from nokrabob.registry.models import Person
    from nokrabob.registry.rules.national_id import make_national_id

    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto("/registry/new/")
    page.fill("input[name=national_id]", make_national_id("110170055777"))
    page.fill("input[name=first_name]", "สมใจ")
    page.fill("input[name=last_name]", "ทดลอง")
    page.fill("input[name=birth_date]", "15/03/2525")
    page.select_option("select[name=subdistrict_code]", label="พระบรมมหาราชวัง")
    page.fill("input[name=monthly_income]", "๒๘,๕๐๐")
    page.click("button.primary")
    expect(page.locator("h1")).to_contain_text("สมใจ ทดลอง")
    assert str(Person.objects.get().monthly_income) == "28500.00"
