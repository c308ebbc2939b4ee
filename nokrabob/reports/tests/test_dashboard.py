import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.reports.selectors import registry_summary
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    # Phra Nakhon (1001): 3 people; Bang Kapi (1006): 2 people; Chiang Mai: 1 person
    add_person(1, "100101", scheme="s40")
    add_person(
        2, "100102", birth=dt.date(1950, 1, 1), occupation="street_vendor", scheme="s40", status="informed"
    )
    add_person(3, "100103", occupation="street_vendor", scheme="ucs")
    add_person(4, "100601", scheme="s40", status="received")
    add_person(5, "100608", birth=dt.date(1940, 6, 1), occupation="farmer")
    add_person(6, "500101", occupation="farmer", scheme="nsf")


def _counts(rows):
    return {r.code: r.count for r in rows}


def test_executive_aggregates_cover_everything_by_province(make_user, registry):
    summary = registry_summary(make_user(Role.EXECUTIVE), today=dt.date(2026, 11, 21))
    # Executives read no one's records: counts from 1 to 4 are withheld (None), zeros and 5+ are exact.
    assert summary.total == 6
    assert summary.elderly is None  # 2
    assert summary.area_level == "province"
    assert _counts(summary.by_area) == {"10": 5, "50": None}  # Chiang Mai's one person is withheld
    assert _counts(summary.by_occupation)["street_vendor"] is None  # 2
    assert _counts(summary.by_occupation)["home_worker"] == 0
    assert _counts(summary.by_scheme)["s40"] is None  # 2 (informed does not count as reached)
    assert [r.share for r in summary.by_area] == [100.0, 0.0]  # no bar gives a withheld count away


def test_department_staff_count_their_own_people_exactly(make_user, registry):
    summary = registry_summary(make_user(Role.DEPARTMENT_STAFF), today=dt.date(2026, 11, 21))
    assert (summary.total, summary.elderly) == (5, 2)
    assert _counts(summary.by_area) == {"1001": 3, "1006": 2}
    assert _counts(summary.by_occupation)["street_vendor"] == 2
    assert _counts(summary.by_scheme)["s40"] == 2


def test_district_aggregates_cover_only_the_district(make_user, registry):
    summary = registry_summary(
        make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"), today=dt.date(2026, 11, 21)
    )
    assert summary.total == 2
    assert _counts(summary.by_area) == {"1006": 2}
    assert _counts(summary.by_occupation) == {
        "moto_taxi": 1,
        "street_vendor": 0,
        "farmer": 1,
        "home_worker": 0,
        "domestic_worker": 0,
        "platform_rider": 0,
        "other": 0,
    }


def test_dashboard_page_xlsx_and_pdf(client, make_user, registry):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "เขตพระนคร" in page and "เขตบางกะปิ" in page and "เชียงใหม่" not in page

    response = client.get(reverse("reports:dashboard_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)}
    assert values["จำนวนแรงงานนอกระบบทั้งหมด (คน)"] == 5
    assert values["เขตพระนคร"] == 3

    pdf = client.get(reverse("reports:dashboard_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_executive_home_card_shows_the_total(client, make_user, registry):
    client.force_login(make_user(Role.EXECUTIVE))
    body = client.get("/").content.decode()
    assert 'data-testid="tile-total"' in body and reverse("reports:dashboard") in body
    assert "/registry/?" not in body  # aggregates only: no link to a list of people


def test_elderly_cut_off_on_leap_days():
    from nokrabob.core.fiscal import years_before

    assert years_before(dt.date(2024, 2, 29), 60) == dt.date(1964, 2, 29)
    assert years_before(dt.date(2024, 2, 29), 61) == dt.date(1963, 2, 28)
    assert years_before(dt.date(2026, 11, 21), 60) == dt.date(1966, 11, 21)
