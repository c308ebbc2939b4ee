"""The agency API's Swagger UI: linked from the menu for officers who read people (not for an executive),
served from this site in Sarabun, and able to call the API with the officer's session."""

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui_from_the_menu_in_sarabun(page, login, screenshot, live_server):
    page.set_default_timeout(60_000)  # a busy machine: the login alone can take seconds
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.locator(".mainnav").get_by_role("link", name="API สำหรับหน่วยงาน").click()
    page.wait_for_url("**/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Nokrabob API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/people/status-check/")).to_be_visible()
    font = page.evaluate("getComputedStyle(document.querySelector('.swagger-ui .info')).fontFamily")
    assert "Sarabun" in font
    assert page.evaluate("document.fonts.check('16px Sarabun')")
    screenshot(page, "swagger")
    page.locator(".opblock-summary-path", has_text="/api/v1/projects/action-plans/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody td.response-col_status").first).to_contain_text("200")
    screenshot(page, "swagger-try")
    page.get_by_role("link", name="กลับสู่ระบบนอกระบบ").click()
    page.wait_for_url("**/")
    assert outside == []


def test_an_executive_has_no_api_link(page, login):
    page.set_default_timeout(60_000)
    login(page, Role.EXECUTIVE)
    expect(page.locator(".mainnav").get_by_role("link", name="API สำหรับหน่วยงาน")).to_have_count(0)
