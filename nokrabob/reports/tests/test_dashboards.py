"""The dashboards: numbers equal hand counts on a fixture, with and without filters; small counts of others
are withheld; every count a reader of people sees links to a list that holds exactly that many people;
executives get no link to people; a district office sees its own count exactly and others only as its
rank; bad filters give a message, never a server error."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.registry.models import SchemeRule
from nokrabob.registry.services import person_merge
from nokrabob.reports.dashboard import dashboard_for, peer_rank
from nokrabob.reports.filters import DashboardFilters, read_filters
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db

OLD = dt.date(1950, 1, 1)  # 60 or more on any day of these tests


@pytest.fixture
def registry():
    """Phra Nakhon (1001): 7 (3 in Section 40, 2 men, 2 elderly); Dusit (1002): 6 street vendors;
    Bang Kapi (1006): 2; Chiang Mai (50): 6 farmers; Lamphun (51): 5 (one of them merged away)."""
    for n in range(1, 8):
        add_person(
            n,
            "100101",
            scheme="s40" if n <= 3 else None,
            sex="M" if n in (4, 5) else "F",
            birth=OLD if n in (6, 7) else dt.date(1980, 1, 1),
        )
    for n in range(8, 14):
        add_person(n, "100201", occupation="street_vendor")
    for n in range(14, 16):
        add_person(n, "100601")
    for n in range(16, 22):
        add_person(n, "500101", occupation="farmer")
    lamphun = [add_person(n, "510101") for n in range(22, 28)]
    person_merge(actor=None, keep=lamphun[1], merge=lamphun[0])


def _figure(board, key):
    return next(f for f in board.figures if f.key == key)


def _table(board, key):
    return dict(_figure(board, key).table)


def _tile(board, key):
    return next(t for t in board.tiles if t.key == key)


def test_executive_counts_equal_hand_counts_and_small_counts_are_withheld(make_user, registry):
    board = dashboard_for(make_user(Role.EXECUTIVE))
    assert _tile(board, "total").count == 26  # 7 + 6 + 2 + 6 + 5 (the merged-away record is not counted)
    assert _tile(board, "elderly").count is None  # two: withheld
    districts = _table(board, "map-district")
    assert districts["เขตพระนคร"] == "7" and districts["เขตดุสิต"] == "6"
    assert districts["เขตบางกะปิ"] == "*" and districts["เขตบางรัก"] == "0" and len(districts) == 50
    provinces = _table(board, "map-province")
    assert (provinces["กรุงเทพมหานคร"], provinces["เชียงใหม่"], provinces["ลำพูน"]) == ("15", "6", "5")
    assert len(provinces) == 77
    occupations = _table(board, "occupation")
    assert occupations["ผู้ขับขี่รถจักรยานยนต์รับจ้าง"] == "14" and occupations["ผู้ค้าหาบเร่-แผงลอย"] == "6"
    assert occupations["เกษตรกร"] == "6"
    coverage = _table(board, "coverage")
    assert "*" in coverage.values()  # three in Section 40: withheld from an executive
    assert all("<svg" in f.svg for f in board.figures)
    assert sum(1 for f in board.figures if f.attribution) == 2  # both maps carry the attribution
    # Executives read aggregates only: nothing links to people.
    assert not any("/registry/" in link for f in board.figures for link in f.links)
    assert not any(t.url.startswith(reverse("registry:person_list")) for t in board.tiles)


def test_filters_narrow_every_count(make_user, registry):
    user = make_user(Role.DEPARTMENT_STAFF)
    men = dashboard_for(user, DashboardFilters(sex="M"))
    assert _tile(men, "total").count == 2 and _table(men, "map-district")["เขตพระนคร"] == "2"
    vendors = dashboard_for(user, DashboardFilters(occupation="street_vendor"))
    assert _tile(vendors, "total").count == 6 and _table(vendors, "map-district")["เขตดุสิต"] == "6"
    assert _table(vendors, "map-district")["เขตพระนคร"] == "0"
    elderly = dashboard_for(user, DashboardFilters(age_band="60+"))
    assert _tile(elderly, "total").count == 2 and _tile(elderly, "elderly").count == 2
    area = dashboard_for(user, DashboardFilters(area="1006"))
    assert _tile(area, "total").count == 2 and set(_table(area, "map-district")) == {"เขตบางกะปิ"}
    this_year = FiscalYear.of(timezone.localdate())
    now = dashboard_for(user, DashboardFilters(fiscal_year=this_year.be))
    assert _tile(now, "total").count == 15  # everyone was registered today
    quarter = this_year.quarter_of(timezone.localdate()).number
    other_quarter = quarter % 4 + 1
    assert (
        _tile(dashboard_for(user, DashboardFilters(fiscal_year=this_year.be, quarter=quarter)), "total").count
        == 15
    )
    before = dashboard_for(user, DashboardFilters(fiscal_year=this_year.be, quarter=other_quarter))
    assert _tile(before, "total").count == (15 if other_quarter == quarter else 0)
    assert _tile(dashboard_for(user, DashboardFilters(fiscal_year=this_year.be - 1)), "total").count == 0


def test_coverage_gap_and_map_measures(make_user, registry):
    today = timezone.localdate()
    user = make_user(Role.DISTRICT_STAFF)  # Phra Nakhon
    board = dashboard_for(user, today=today)
    s40 = next(label for label in _table(board, "coverage") if "40" in label)
    assert _table(board, "coverage")[s40] == "42.9% (3)"  # 3 of 7
    coverage_map = dashboard_for(user, DashboardFilters(measure="coverage", scheme="s40"), today=today)
    assert _table(coverage_map, "map-district") == {"เขตพระนคร": "42.9%"}
    if SchemeRule.objects.filter(scheme__code="s40").exists():
        assert _table(board, "gap")[s40] == "2"  # seven: three in Section 40, two past its age limit
        gap_map = dashboard_for(user, DashboardFilters(measure="gap"), today=today)
        assert _table(gap_map, "map-district") == {"เขตพระนคร": "2"}


def test_trend_by_month_and_quarter(make_user, registry):
    today = timezone.localdate()
    fy = FiscalYear.of(today)
    board = dashboard_for(make_user(Role.EXECUTIVE), today=today)
    months = _figure(board, "trend-month").table
    month_index = fy.month_of(today).number
    assert len(months) == month_index and months[-1][1] == "26"
    assert months[-1][0].endswith(f"{(today.year + 543) % 100:02d}")  # Buddhist-era year
    quarters = dict(_figure(board, "trend-quarter").table)
    this_quarter = f"ไตรมาส {fy.quarter_of(today).number}/{fy.be}"
    assert quarters[this_quarter] == "26" and quarters[f"ไตรมาส 1/{fy.be - 1}"] == "0"
    district = dashboard_for(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"), today=today)
    assert _figure(district, "trend-month").table[-1][1] == "2"  # its own two, exactly


def test_district_sees_own_area_exactly_and_others_only_as_rank(make_user, registry):
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    board = dashboard_for(user)
    assert _table(board, "map-district") == {"เขตบางกะปิ": "2"}
    assert not any(f.key == "map-province" for f in board.figures)
    assert (board.rank.position, board.rank.peers, board.rank.count) == (3, 50, 2)
    assert peer_rank(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")).position == 1
    men = peer_rank(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"), DashboardFilters(sex="M"))
    assert (men.position, men.count) == (2, 0)  # Phra Nakhon's two men lead; no one else has any
    province = peer_rank(make_user(Role.PROVINCIAL_STAFF))
    assert (province.position, province.peers, province.count) == (1, 76, 6)
    lamphun = peer_rank(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-51"))
    assert (lamphun.position, lamphun.count) == (2, 5)
    assert peer_rank(make_user(Role.EXECUTIVE)) is None


def _listed(client, url):
    html = client.get(url).content.decode()
    found = re.search(r'data-testid="count">พบ ([\d,]+) รายการ', html)
    if found:
        return int(found.group(1).replace(",", ""))
    assert "ไม่พบบุคคลตามเงื่อนไขนี้" in html, url
    return 0


@pytest.mark.parametrize(
    "role,unit,query",
    [
        (Role.DISTRICT_STAFF, "BMA-D1001", {}),
        (Role.DEPARTMENT_STAFF, None, {"sex": "F"}),
        (Role.DEPARTMENT_STAFF, None, {"measure": "coverage", "scheme": "s40"}),
        (Role.ADMIN, None, {"occupation": "farmer"}),
        (Role.PROVINCIAL_STAFF, None, {}),
    ],
)
def test_every_count_links_to_a_list_of_exactly_that_many(client, make_user, registry, role, unit, query):
    user = make_user(role, unit_code=unit)
    client.force_login(user)
    filters, form = read_filters(query, user)
    assert not form.errors
    board = dashboard_for(user, filters)
    checked = 0
    for figure in board.figures:
        for label, value, url in figure.rows:
            if not url.startswith(reverse("registry:person_list")) or value.endswith("%"):
                continue
            shown = int(value.split("(")[-1].rstrip(")").replace(",", "").replace("%", "").split()[0])
            assert _listed(client, url) == shown, (figure.key, label, url)
            checked += 1
    total = next(t for t in board.tiles if t.key == "total")
    assert _listed(client, total.url) == total.count
    assert checked >= 5


def test_coverage_links_to_its_people(client, make_user, registry):
    user = make_user(Role.DISTRICT_STAFF)
    client.force_login(user)
    rows = dashboard_for(user).figures
    coverage = next(f for f in rows if f.key == "coverage")
    _label, value, url = next(r for r in coverage.rows if "40" in r[0])
    assert parse_qs(urlparse(url).query)["status"] == ["in_scheme"]
    assert _listed(client, url) == 3 and value == "42.9% (3)"


def test_dashboard_page_with_filters_and_rank(client, make_user, registry):
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"))
    response = client.get(reverse("reports:dashboard"), {"sex": "F", "age_band": "45-59"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="rank"' in html and "3 จาก 50" in html
    assert html.count("<svg") >= 5 and "ดูเป็นตาราง" in html
    assert "เขตพระนคร" not in html  # another district's name (and count) is not on the page
    assert "sex=F" in html and "age_band=45-59" in html  # the files keep the filters
    assert "เพศ: หญิง" in html and "ช่วงอายุ: 45-59 ปี" in html  # the filters in force, in words


@pytest.mark.parametrize(
    "query,message",
    [
        ({"fy": "2025"}, "2568"),  # a CE year: the message names the BE year meant
        ({"fy": "abc"}, "ปีงบประมาณต้องเป็นตัวเลข"),
        ({"quarter": "5"}, "ไตรมาสต้องเป็น 1 ถึง 4"),
        ({"area": "1006"}, "นอกพื้นที่ของท่าน"),  # another district
        ({"area": "50"}, "นอกพื้นที่ของท่าน"),  # another province
        ({"occupation": "astronaut"}, "ไม่มีกลุ่มอาชีพนี้"),
        ({"scheme": "x"}, "ไม่มีสวัสดิการนี้"),
        ({"sex": "Q"}, "เพศต้องเป็น"),
        ({"age_band": "200+"}, "ไม่มีช่วงอายุนี้"),
        ({"measure": "drop table"}, "ไม่มีค่านี้ให้แสดงบนแผนที่"),
    ],
)
def test_bad_filters_give_a_clear_message_not_an_error(client, make_user, registry, query, message):
    client.force_login(make_user(Role.DISTRICT_STAFF))
    response = client.get(reverse("reports:dashboard"), query)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="filter-errors"' in html and message in html
    assert "เขตบางกะปิ" not in html and "เชียงใหม่" not in html.split('data-testid="tiles"')[1]


def test_files_leave_a_bad_filter_out(client, make_user, registry):
    client.force_login(make_user(Role.DISTRICT_STAFF))
    for name in ("dashboard_xlsx", "dashboard_pdf"):
        response = client.get(reverse(f"reports:{name}"), {"fy": "2025", "sex": "M"})
        assert response.status_code == 200 and response.content[:4] in (b"PK\x03\x04", b"%PDF")


def test_executive_home_shows_tiles_maps_and_charts_without_links_to_people(client, make_user, registry):
    client.force_login(make_user(Role.EXECUTIVE))
    html = client.get("/").content.decode()
    assert 'data-testid="executive-dashboard"' in html and 'data-testid="tile-total"' in html
    assert html.count('<figcaption class="muted attribution">Boundaries') == 2
    assert 'data-figure="trend-quarter"' in html and 'data-figure="coverage"' in html
    assert "/registry/?" not in html and "สมใจ" not in html  # never a list of people, never a name
    assert reverse("reports:dashboard") in html


def test_other_roles_have_no_executive_panel(client, make_user, registry):
    client.force_login(make_user(Role.DISTRICT_STAFF))
    assert 'data-testid="executive-dashboard"' not in client.get("/").content.decode()


def test_executive_home_carries_the_agreement_score_card(client, make_user, org_units):
    from decimal import Decimal as D

    from nokrabob.performance.models import Indicator, QuarterResult
    from nokrabob.performance.seeds import load_seeds

    load_seeds()
    by_code = {i.code: i for i in Indicator.objects.filter(fiscal_year=2567)}
    QuarterResult.objects.create(indicator=by_code["1.1-1"], quarter=4, result=D(80))  # level 4 → 8 of 10
    QuarterResult.objects.create(indicator=by_code["1.2-1"], quarter=4, level=D(3))  # level 3 → 12 of 20
    user = make_user(Role.EXECUTIVE)
    card = dashboard_for(user, DashboardFilters(fiscal_year=2567)).scorecard
    assert card is not None and (card.fiscal_year, card.earned, card.total_weight) == (2567, D(20), D(70))
    levels = {line.code: (line.level, line.band_css) for line in card.lines}
    assert levels["1.1-1"] == (D(4), "band-4") and levels["1.2-1"] == (D(3), "band-3")
    assert all(line.url.startswith("/performance/indicators/") for line in card.lines)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'data-testid="scorecard"' in html and 'class="level band-4"' in html


def test_project_progress_uses_the_projects_own_figure_and_links_to_it(make_user, org_units):
    from nokrabob.projects.fixtures import load_seed_project
    from nokrabob.projects.selectors import overall_progress, project_list
    from nokrabob.reports.panels import project_progress

    project = load_seed_project()
    user = make_user(Role.EXECUTIVE)
    listed = project_list(user, fiscal_year=project.fiscal_year).get(pk=project.pk)
    expected = overall_progress(listed, list(listed.steps.all()), listed.latest_percent)
    figure = project_progress(user, project.fiscal_year)
    assert figure is not None and len(figure.rows) == 1
    label, value, url = figure.rows[0]
    assert label.startswith(project.code) and value == f"{float(expected):.1f}%"
    assert url == reverse("projects:project_detail", args=[project.pk])
    assert figure.list_url == f"{reverse('projects:project_list')}?fy={project.fiscal_year}"
    assert project_progress(user, project.fiscal_year + 1) is None  # no project that year


def test_reporting_rate_is_the_reporting_grids_and_bangkok_districts_have_none(make_user, registry):
    from nokrabob.projects.reporting import reporting_grid

    today = timezone.localdate()
    fy = FiscalYear.of(today).be
    user = make_user(Role.EXECUTIVE)
    board = dashboard_for(user, today=today)
    expected = reporting_grid(user, fy, today=today).year_rates.reporting_rate
    tile = _tile(board, "reporting-rate")
    assert tile.text == ("–" if expected is None else f"{expected:.1f}%")
    assert tile.url == f"{reverse('projects:reporting_grid')}?fy={fy}"
    assert len(_figure(board, "reporting").table) == 12
    officer = make_user(Role.DISTRICT_STAFF)
    district = dashboard_for(officer, DashboardFilters(measure="reporting"), today=today)
    assert not any(t.key == "reporting-rate" for t in district.tiles)
    assert not any(f.key.startswith("map-") for f in district.figures) and district.notes
