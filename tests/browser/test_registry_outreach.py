"""Outreach in the browser: the eligible-not-enrolled list per district, welfare recorded on the person's
page takes them off it, and an activity gets its participants from the registry."""

import datetime as dt

import pytest
from django.apps import apps
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.registry import reference
from nokrabob.registry.models import Participation
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry_reference(org_units):  # type: ignore[no-untyped-def]
    reference.load(apps)


def test_outreach_list_welfare_and_activity(page, login, screenshot, registry_reference, make_user):
    clerk = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    somchai = register(clerk, first_name="สมชาย", last_name="มีสุข", birth_date=dt.date(1985, 1, 1))
    register(clerk, first_name="สมหญิง", last_name="มีสุข", birth_date=dt.date(1990, 1, 1))
    register(clerk, first_name="ผู้สูงวัย", last_name="มีสุข", birth_date=dt.date(1940, 1, 1))  # too old
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")

    page.goto("/registry/outreach/?scheme=s40")
    table = page.get_by_test_id("outreach")
    expect(table).to_contain_text("เขตพระนคร")
    expect(table.locator("tbody tr td.num")).to_have_text("2")
    screenshot(page, "1-outreach")
    table.get_by_role("link", name="ดูรายชื่อ").click()
    rows = page.locator("table.registry-list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table.registry-list")).not_to_contain_text("ผู้สูงวัย")

    # Somchai enrols in Section 40: recorded on his welfare tab, he leaves the list
    page.get_by_role("link", name="นายสมชาย มีสุข").click()
    page.get_by_test_id("tab-welfare").click()
    form = page.get_by_test_id("welfare-form")
    form.locator("select[name=scheme]").select_option(label="ประกันสังคม มาตรา 40")
    form.locator("input[name=option]").fill("2")
    form.locator("select[name=status]").select_option("enrolled")
    form.locator("input[name=recorded_on]").fill("01/10/2568")
    form.locator("select[name=source]").select_option("staff_verified")
    form.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_test_id("welfare")).to_contain_text("ทางเลือก 2")
    expect(page.get_by_test_id("welfare")).to_contain_text("1/10/2568")
    screenshot(page, "2-welfare")
    page.goto("/registry/?eligible=s40")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("สมหญิง")

    # an information session, with Somchai as a participant
    page.goto("/registry/activities/new/")
    page.fill("input[name=title]", "ให้ความรู้ประกันสังคม มาตรา 40 ชุมชนบ้านพานถม")
    page.select_option("select[name=kind]", "info_session")
    page.fill("input[name=held_on]", "05/10/2568")
    page.fill("input[name=place]", "ศาลาชุมชนบ้านพานถม")
    page.get_by_role("checkbox", name="ผู้ค้าหาบเร่-แผงลอย", exact=True).check()
    screenshot(page, "3-activity-form")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("h1")).to_contain_text("ชุมชนบ้านพานถม")
    page.fill("input[name=q]", "สมชาย")
    page.get_by_role("button", name="ค้นหาบุคคลในทะเบียน").click()
    page.get_by_test_id("found").get_by_role("button", name="เพิ่มเป็นผู้เข้าร่วม").click()
    expect(page.get_by_test_id("participants")).to_contain_text("นายสมชาย มีสุข")
    screenshot(page, "4-activity")
    assert Participation.objects.filter(person=somchai).count() == 1
