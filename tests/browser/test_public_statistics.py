"""The public statistics page in the browser: the department publishes, and anyone without a login sees
the published aggregates as maps and charts, opens their tables, and downloads the files."""

import pytest
from django.apps import apps
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.registry import reference
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published_dir(org_units, settings, tmp_path):  # type: ignore[no-untyped-def]
    reference.load(apps)
    settings.OPEN_DATA_DIR = tmp_path
    for n in range(1, 8):
        add_person(n, "100101")
    for n in range(8, 14):
        add_person(n, "100201")  # six in Pom Prap: hidden with Bang Kapi's, so theirs cannot be derived
    for n in range(14, 16):
        add_person(n, "100601")  # two in Bang Kapi: never shown
    return tmp_path


def test_public_statistics_work_without_login(browser, live_server, page, login, screenshot, published_dir):
    login(page, Role.DEPARTMENT_STAFF)
    page.goto("/reports/")
    page.get_by_test_id("publish").click()
    expect(page.locator(".messages")).to_contain_text("เผยแพร่ข้อมูลเปิดแล้ว")

    public = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    anonymous = public.new_page()
    anonymous.goto("/statistics/")
    assert "/accounts/login" not in anonymous.url
    expect(anonymous.get_by_test_id("public-total")).to_have_text("15")
    expect(anonymous.locator("svg path#area-1001, svg g#area-1001").first).to_be_attached()
    expect(anonymous.get_by_text("Royal Thai Survey Department").first).to_be_visible()
    districts = anonymous.locator("details.chart-table").nth(1)
    districts.locator("summary").click()
    expect(districts.locator("tr", has_text="เขตพระนคร")).to_contain_text("7")
    expect(districts.locator("tr", has_text="เขตบางกะปิ")).to_contain_text("*")
    screenshot(anonymous, "public")
    with anonymous.expect_download() as download:
        anonymous.get_by_test_id("download").first.click()
    assert download.value.suggested_filename == "registry-aggregates.csv"
    public.close()
