"""Log in, see the home page in Thai, switch to English and back; the phone layout has a menu."""

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_home_in_thai_then_english(page, login, screenshot):
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001", first_name="สมชาย", last_name="ใจดี")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_contain_text("สวัสดี คุณสมชาย ใจดี")
    expect(page.get_by_test_id("role")).to_contain_text("เจ้าหน้าที่สำนักงานเขต")
    expect(page.get_by_test_id("role")).to_contain_text("สำนักงานเขตพระนคร")
    expect(page.locator(".card").first).to_contain_text("ปีงบประมาณ พ.ศ.")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Sarabun" in font
    assert page.evaluate("document.fonts.check('16px Sarabun')")
    screenshot(page, "home-th")

    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Hello")
    expect(page.get_by_test_id("role")).to_contain_text("District office staff")
    expect(page.locator(".card").first).to_contain_text("Fiscal year B.E.")
    screenshot(page, "home-en")

    page.get_by_test_id("lang-th").click()
    expect(page.locator("h1")).to_contain_text("สวัสดี")


def test_wrong_password_shows_a_thai_message(page, make_user):
    user = make_user(Role.ASSESSOR)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "not-the-password")
    page.click("form button[type=submit].primary")
    expect(page.locator(".error-box")).to_contain_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")


def test_phone_layout_has_a_menu_button(phone_page, login, screenshot):
    login(phone_page, Role.DEPARTMENT_STAFF)
    nav = phone_page.locator(".mainnav")
    expect(nav).to_be_hidden()
    phone_page.locator(".nav-toggle-label").click()
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="หน้าหลัก")).to_be_visible()
    screenshot(phone_page, "menu-open")


def test_admin_creates_a_user_through_the_pages(page, login):
    login(page, Role.ADMIN)
    page.goto("/accounts/users/new/")
    page.fill("input[name=username]", "wilai")
    page.fill("input[name=password]", "Kr8-strong-pass")
    page.select_option("select[name=role]", "district_staff")
    page.select_option("select[name=unit]", label="สำนักงานเขตบางกะปิ")
    page.click("button.primary")
    expect(page.locator(".msg-success")).to_contain_text("wilai")
    expect(page.locator("table")).to_contain_text("สำนักงานเขตบางกะปิ")
