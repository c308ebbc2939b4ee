"""Nothing lost, in the browser (ADR 0445): two officers open the same person's edit page; the first saves;
the second's save is refused with the changed field, the other officer's value and their own, their input
kept; saving again after reading it is their choice."""

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.registry.models import Person
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_second_officers_save_is_refused_with_what_changed(browser, live_server, page, login, screenshot):
    first = login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001", first_name="สมหญิง", last_name="ขยัน")
    person = register(first, first_name="มานี", last_name="ใจดี", phone="0811111111")
    other = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    second_page = other.new_page()
    second_page.set_default_timeout(15_000)
    try:
        login(second_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001", first_name="สมศักดิ์", last_name="ตั้งใจ")
        edit = f"/registry/{person.pk}/edit/"
        page.goto(edit)
        second_page.goto(edit)

        page.fill("input[name=phone]", "0822222222")
        page.click("button.primary")
        expect(page.locator("h1")).to_contain_text("มานี ใจดี")

        second_page.fill("input[name=phone]", "0833333333")
        second_page.fill("input[name=last_name]", "มีสุข")
        second_page.click("button.primary")
        box = second_page.get_by_test_id("stale-edit")
        expect(box).to_contain_text("ยังไม่ได้บันทึก")
        expect(box).to_contain_text("บันทึกล่าสุดโดย สมหญิง ขยัน")
        row = box.locator("tr[data-field=phone]")
        expect(row).to_contain_text("โทรศัพท์")
        expect(row).to_contain_text("082-222-2222")
        expect(row).to_contain_text("083-333-3333")
        expect(second_page.locator("input[name=last_name]")).to_have_value("มีสุข")
        screenshot(second_page, "refused")
        saved = Person.objects.get(pk=person.pk)
        assert (saved.phone, saved.last_name) == ("0822222222", "ใจดี")

        second_page.click("button.primary")  # read, and chosen: their values replace the others'
        expect(second_page.locator("h1")).to_contain_text("มานี มีสุข")
        saved = Person.objects.get(pk=person.pk)
        assert (saved.phone, saved.last_name, saved.version) == ("0833333333", "มีสุข", 3)
    finally:
        other.close()
