"""The two provincial rounds score as seed 003's level tables say (levels are milestones)."""

from decimal import Decimal

import pytest

from nokrabob.projects.fixtures import load_round_tables
from nokrabob.projects.models import RoundCriterion
from nokrabob.projects.reporting import criteria_for
from nokrabob.projects.rounds import RoundFacts, percent, score_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def tables():
    load_round_tables(2565)
    return criteria_for(2565)


def facts(people, budget, *, plan=True, on_time=True, yearly=False):
    return RoundFacts(
        plan_on_time=plan,
        reports_on_time=on_time,
        people_pct=None if people is None else Decimal(str(people)),
        budget_pct=None if budget is None else Decimal(str(budget)),
        yearly_report_on_time=yearly,
    )


def test_the_fixture_stores_the_seed_thresholds(tables):
    r1 = [(c.level, c.people_pct_min, c.budget_pct_min) for c in tables[1]]
    r2 = [(c.level, c.people_pct_min, c.budget_pct_min) for c in tables[2]]
    assert r1[2:] == [(3, 20, 60), (4, 30, 70), (5, 40, 80)]
    assert r2[1:] == [(2, 50, 70), (3, 60, 80), (4, 70, 90), (5, 80, 100)]
    assert tables[1][0].needs_plan and tables[1][1].needs_on_time_reports
    assert tables[2][0].needs_on_time_reports and tables[2][4].needs_yearly_report
    assert RoundCriterion.objects.filter(fiscal_year=2565).count() == 10


@pytest.mark.parametrize(
    ("people", "budget", "level"),
    [
        (0, 0, 2),  # plan and on-time reports only
        (19.99, 90, 2),  # people short of 20 %
        (20, 60, 3),
        (35, 75, 4),
        (30, 69.99, 3),  # budget short of 70 %
        (40, 80, 5),
        (100, 100, 5),
    ],
)
def test_round_1_levels(tables, people, budget, level):
    assert score_round(tables[1], facts(people, budget)).level == level


def test_round_1_a_late_report_stops_at_level_1(tables):
    assert score_round(tables[1], facts(50, 95, on_time=False)).level == 1


def test_round_1_no_plan_on_time_scores_0(tables):
    result = score_round(tables[1], facts(50, 95, plan=False))
    assert result.level == 0
    assert result.met[5] is True  # the level-5 percentages were reached; the milestone below was not


@pytest.mark.parametrize(
    ("people", "budget", "yearly", "level"),
    [
        (49.99, 95, True, 1),
        (50, 70, False, 2),
        (65, 85, False, 3),
        (75, 95, False, 4),
        (80, 100, False, 4),  # level 5 also needs the yearly report by 29 September
        (80, 100, True, 5),
        (90, 99.99, True, 4),  # level 5 needs 100 % disbursed
    ],
)
def test_round_2_levels(tables, people, budget, yearly, level):
    assert score_round(tables[2], facts(people, budget, yearly=yearly)).level == level


def test_round_2_late_reports_score_0(tables):
    assert score_round(tables[2], facts(90, 100, on_time=False, yearly=True)).level == 0


def test_later_years_use_the_latest_tables(tables):
    assert [c.level for c in criteria_for(2570)[2]] == [1, 2, 3, 4, 5]
    assert criteria_for(2560) == {1: [], 2: []}


def test_percent():
    assert percent(1, 3) == Decimal("33.33")
    assert percent(5, 0) is None
