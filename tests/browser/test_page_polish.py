"""Small things a new user tripped on (issue 15): a file box that speaks Thai whatever the browser's
language, and empty pages that say what to do next."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_file_box_says_in_thai_which_file_was_chosen(page, login, tmp_path, screenshot):
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto("/imports/upload/")
    pick = page.locator(".file-pick")
    expect(pick).to_contain_text("เลือกไฟล์")
    expect(pick.locator(".file-pick-name")).to_have_text("ยังไม่ได้เลือกไฟล์")
    listing = tmp_path / "รายชื่อวิน.csv"
    listing.write_text("ชื่อ,นามสกุล\nสมหมาย,ใจกล้า\n", encoding="utf-8")
    page.set_input_files("input[type=file]", str(listing))
    expect(pick.locator(".file-pick-name")).to_have_text("รายชื่อวิน.csv")
    screenshot(page, "chosen")


def test_an_empty_area_says_what_to_do(page, login, screenshot):
    login(page, Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    page.goto("/registry/")
    empty = page.get_by_test_id("empty")
    expect(empty).to_contain_text("ยังไม่มีบุคคลในทะเบียนของพื้นที่ของท่าน")
    expect(empty.get_by_role("link", name="ลงทะเบียนบุคคล")).to_be_visible()
    expect(page.get_by_test_id("export")).to_have_count(0)
    screenshot(page, "registry")
    page.goto("/collection/review/")
    expect(page.get_by_test_id("queue-empty")).to_contain_text("ไม่มีข้อมูลที่รอตรวจสอบ")
    expect(page.get_by_test_id("bulk-form")).to_have_count(0)
    screenshot(page, "queue")
