"""The executive's home and a district's dashboard in the browser: maps of the districts and provinces with
their attribution, charts, and the tables behind them; the district sees its own count and its rank."""

import pytest
from django.apps import apps
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.registry import reference
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(org_units):  # type: ignore[no-untyped-def]
    reference.load(apps)
    for n in range(1, 8):
        add_person(n, "100101", scheme="s40" if n <= 5 else None)
    for n in range(8, 14):
        add_person(n, "100201", occupation="street_vendor")
    for n in range(14, 16):
        add_person(n, "100601")  # two in Bang Kapi: withheld from the executive
    for n in range(16, 23):
        add_person(n, "500101", occupation="farmer")


def test_executive_home_has_maps_charts_and_tables(page, login, screenshot, people):
    login(page, Role.EXECUTIVE)
    page.goto("/")
    board = page.get_by_test_id("executive-dashboard")
    expect(board.locator("figure.chart")).to_have_count(6)
    expect(board.locator("svg g#area-1001").first).to_be_attached()
    expect(board.locator("figcaption.attribution")).to_have_count(2)
    districts = board.locator("figure.chart").nth(0)
    districts.locator("summary").click()
    expect(districts.locator("tr", has_text="เขตพระนคร")).to_contain_text("7")
    expect(districts.locator("tr", has_text="เขตบางกะปิ")).to_contain_text("*")
    provinces = board.locator("figure.chart").nth(1)
    provinces.locator("summary").click()
    expect(provinces.locator("tr", has_text="เชียงใหม่")).to_contain_text("7")
    expect(page.get_by_text("สมใจ1")).to_have_count(0)
    screenshot(page, "executive-home")
    districts.locator(".chart-svg").screenshot(path=str(_path("district-map")))
    provinces.locator(".chart-svg").screenshot(path=str(_path("province-map")))


def test_district_dashboard_shows_own_area_and_rank(page, login, screenshot, people):
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    page.goto("/reports/")
    expect(page.get_by_test_id("rank")).to_contain_text("3")
    expect(page.get_by_test_id("rank")).to_contain_text("50")
    figures = page.get_by_test_id("figures").locator("figure.chart")
    expect(figures.first.locator("svg")).to_be_attached()
    figures.first.locator("summary").click()
    expect(figures.first.locator("tbody tr")).to_have_count(1)
    expect(figures.first.locator("tbody tr")).to_contain_text("เขตบางกะปิ")
    expect(page.get_by_text("เขตพระนคร")).to_have_count(0)
    screenshot(page, "district-dashboard")


def _path(name: str):  # type: ignore[no-untyped-def]
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"test_reports_dashboards-{name}.png"
