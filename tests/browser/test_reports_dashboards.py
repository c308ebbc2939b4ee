"""The executive's home, a district's dashboard with filters, and both maps in the browser: maps of the
districts and provinces with their legend and attribution, the measure chosen by the user, charts with
their tables, counts that click through to the registry list (never for executives), a bad filter's
message; screenshots of each."""

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
        add_person(n, "100101", scheme="s40" if n <= 5 else None, sex="M" if n <= 2 else "F")
    for n in range(8, 14):
        add_person(n, "100201", occupation="street_vendor")
    for n in range(14, 16):
        add_person(n, "100601")  # two in Bang Kapi: withheld from the executive
    for n in range(16, 23):
        add_person(n, "500101", occupation="farmer")


def _figure(page, key):  # type: ignore[no-untyped-def]
    return page.locator(f'figure[data-figure="{key}"]')


def test_executive_home_has_score_maps_charts_and_tables_without_links_to_people(
    page, login, screenshot, people
):
    login(page, Role.EXECUTIVE)
    page.goto("/")
    board = page.get_by_test_id("executive-dashboard")
    expect(board.get_by_test_id("tile-total")).to_contain_text("22")
    for key in ("map-district", "map-province", "occupation", "coverage", "trend-month", "trend-quarter"):
        expect(_figure(board, key).locator("svg")).to_be_attached()
    expect(board.locator("svg g#area-1001").first).to_be_attached()
    expect(board.locator("figcaption.attribution")).to_have_count(2)
    districts = _figure(board, "map-district")
    districts.locator("summary").click()
    expect(districts.locator("tr", has_text="เขตพระนคร")).to_contain_text("7")
    expect(districts.locator("tr", has_text="เขตบางกะปิ")).to_contain_text("*")
    provinces = _figure(board, "map-province")
    provinces.locator("summary").click()
    expect(provinces.locator("tr", has_text="เชียงใหม่")).to_contain_text("7")
    expect(board.locator('a[href^="/registry/"]')).to_have_count(0)  # aggregates only
    expect(page.get_by_text("สมใจ1")).to_have_count(0)
    screenshot(page, "executive-home")
    districts.locator(".chart-svg").screenshot(path=str(_path("district-map")))
    provinces.locator(".chart-svg").screenshot(path=str(_path("province-map")))


def test_executive_chooses_the_maps_measure(page, login, screenshot, people):
    login(page, Role.EXECUTIVE)
    page.goto("/reports/")
    filters = page.get_by_test_id("dashboard-filters")
    filters.locator("select[name=measure]").select_option("coverage")
    filters.locator("select[name=scheme]").select_option("s40")
    filters.locator("button[type=submit]").click()
    expect(page).to_have_url(__import__("re").compile(r"measure=coverage"))
    provinces = _figure(page, "map-province")
    provinces.locator("summary").click()
    expect(provinces.locator("tr", has_text="กรุงเทพมหานคร")).to_contain_text("33.3%")  # 5 of 15
    provinces.locator(".chart-svg").screenshot(path=str(_path("province-map-coverage")))
    screenshot(page, "coverage")


def test_district_dashboard_with_filters_clicks_through_to_its_people(page, login, screenshot, people):
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto("/reports/")
    expect(page.get_by_test_id("rank")).to_contain_text("1")
    filters = page.get_by_test_id("dashboard-filters")
    filters.locator("select[name=sex]").select_option("M")
    filters.locator("button[type=submit]").click()
    expect(page.get_by_test_id("tile-total")).to_contain_text("2")
    district = _figure(page, "map-district")
    district.locator("summary").click()
    expect(district.locator("tbody tr")).to_have_count(1)
    expect(district.locator("tbody tr")).to_contain_text("เขตพระนคร")
    expect(page.get_by_text("เขตบางกะปิ")).to_have_count(0)
    screenshot(page, "district-dashboard")
    district.locator("tbody tr a").click()
    expect(page.get_by_test_id("count")).to_contain_text("2")
    expect(page.locator("table.registry-list tbody tr")).to_have_count(2)


def test_a_bad_filter_says_what_is_wrong(page, login, screenshot, people):
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto("/reports/?fy=2025&area=1006")
    errors = page.get_by_test_id("filter-errors")
    expect(errors).to_contain_text("2568")
    expect(errors).to_contain_text("นอกพื้นที่ของท่าน")
    expect(page.get_by_test_id("tile-total")).to_contain_text("7")
    screenshot(page, "bad-filter")


def _path(name: str):  # type: ignore[no-untyped-def]
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"test_reports_dashboards-{name}.png"


def test_the_pdf_and_workbook_carry_the_charts_and_maps(page, login, people):
    """The files a district office downloads: the PDF draws the same SVG charts and map, the workbook
    holds them as pictures beside their tables. The PDF is kept for a look (pdftoppm)."""
    import io

    import openpyxl

    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    pdf = page.request.get("/reports/summary.pdf?sex=F")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    _path("summary").with_suffix(".pdf").write_bytes(pdf.body())
    book = openpyxl.load_workbook(io.BytesIO(page.request.get("/reports/summary.xlsx?sex=F").body()))
    charts = book["แผนภูมิและแผนที่"]
    assert len(charts._images) >= 6  # the district map and every chart
    titles = [charts.cell(r, 2).value for r in range(1, charts.max_row + 1)]
    assert "ผู้ขึ้นทะเบียน (คน) รายเขต กรุงเทพมหานคร" in titles
    rows = {charts.cell(r, 2).value: charts.cell(r, 3).value for r in range(1, charts.max_row + 1)}
    assert rows["เขตพระนคร"] == "5"  # the five women of Phra Nakhon
