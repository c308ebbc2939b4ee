"""The dashboards' maps and charts: numbers equal hand counts, small counts of others are withheld, and a
district office sees its own count exactly and everyone else only as its rank."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.registry.models import SchemeRule
from nokrabob.reports.dashboard import dashboard_for, gap_by_scheme, monthly_trend, peer_rank
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    for n in range(1, 8):  # Phra Nakhon (1001): 7, three of them in Section 40
        add_person(n, "100101", scheme="s40" if n <= 3 else None)
    for n in range(8, 14):  # Dusit (1002): 6
        add_person(n, "100201", occupation="street_vendor")
    for n in range(14, 16):  # Bang Kapi (1006): 2
        add_person(n, "100601")
    for n in range(16, 22):  # Chiang Mai: 6
        add_person(n, "500101", occupation="farmer")


def _table(board, title):
    figure = next(f for f in board.figures if f.title == title)
    return dict(figure.table)


def test_executive_sees_both_maps_with_hand_counts_and_small_counts_withheld(make_user, registry):
    board = dashboard_for(make_user(Role.EXECUTIVE))
    districts = _table(board, "ผู้ขึ้นทะเบียนรายเขต กรุงเทพมหานคร")
    assert districts["เขตพระนคร"] == "7" and districts["เขตดุสิต"] == "6"
    assert districts["เขตบางกะปิ"] == "*"  # two people: withheld
    assert districts["เขตบางรัก"] == "0" and len(districts) == 50
    provinces = _table(board, "ผู้ขึ้นทะเบียนรายจังหวัด")
    assert provinces["กรุงเทพมหานคร"] == "15" and provinces["เชียงใหม่"] == "6" and len(provinces) == 77
    occupations = _table(board, "ผู้ขึ้นทะเบียนตามกลุ่มอาชีพ")
    assert occupations["ผู้ขับขี่รถจักรยานยนต์รับจ้าง"] == "9" and occupations["ผู้ค้าหาบเร่-แผงลอย"] == "6"
    schemes = _table(board, "ผู้เป็นสมาชิก/ได้รับสวัสดิการ ตามประเภทสวัสดิการ")
    assert "*" in schemes.values()  # three in Section 40: withheld from an executive
    assert all("<svg" in f.svg for f in board.figures)
    assert sum(1 for f in board.figures if f.attribution) == 2  # both maps carry the attribution


def test_trend_counts_this_months_registrations(make_user, registry):
    today = timezone.localdate()
    trend = monthly_trend(make_user(Role.EXECUTIVE), today=today)
    assert len(trend) == 12 and trend[-1][1] == 21 and trend[0][1] == 0
    assert trend[-1][0].endswith(f"{(today.year + 543) % 100:02d}")
    district = monthly_trend(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"), today=today)
    assert district[-1][1] == 2  # its own two, exactly


def test_gap_counts_eligible_people_not_in_the_scheme(make_user, registry):
    today = timezone.localdate()
    rules = SchemeRule.objects.filter(scheme__code="s40")
    if not rules.exists():
        pytest.skip("no Section 40 rule in the reference data")
    gap = dict(gap_by_scheme(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"), today=today))
    s40 = rules.first().scheme.name_th
    assert gap[s40] == 4  # seven in Phra Nakhon, three already in Section 40


def test_district_sees_own_area_exactly_and_others_only_as_rank(make_user, registry):
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    board = dashboard_for(user)
    districts = _table(board, "ผู้ขึ้นทะเบียนรายเขต กรุงเทพมหานคร")
    assert districts == {"เขตบางกะปิ": "2"}
    assert not any(f.title == "ผู้ขึ้นทะเบียนรายจังหวัด" for f in board.figures)
    rank = peer_rank(user)
    assert (rank.position, rank.peers, rank.count) == (3, 50, 2)
    assert peer_rank(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")).position == 1
    province = peer_rank(make_user(Role.PROVINCIAL_STAFF))
    assert (province.position, province.peers, province.count) == (1, 76, 6)
    assert peer_rank(make_user(Role.EXECUTIVE)) is None


def test_dashboard_page_shows_rank_and_figures_without_other_counts(client, make_user, registry):
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"))
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="rank"' in html and "3 จาก 50" in html
    assert html.count("<svg") >= 4 and "ดูเป็นตาราง" in html
    assert "เขตพระนคร" not in html  # another district's name (and count) is not on the page


def test_executive_home_shows_maps_and_charts(client, make_user, registry):
    client.force_login(make_user(Role.EXECUTIVE))
    html = client.get("/").content.decode()
    assert 'data-testid="executive-dashboard"' in html
    assert html.count('<figcaption class="muted attribution">Boundaries') == 2
    assert "สมใจ" not in html  # never a person's name


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
    card = dashboard_for(user, with_scorecard=True).scorecard
    assert card is not None and (card.fiscal_year, card.earned, card.total_weight) == (2567, D(20), D(70))
    levels = {line.code: (line.level, line.band_css) for line in card.lines}
    assert levels["1.1-1"] == (D(4), "band-4") and levels["1.2-1"] == (D(3), "band-3")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'data-testid="scorecard"' in html and 'class="level band-4"' in html
