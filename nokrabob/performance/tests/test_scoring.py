"""The scoring rules, checked against seed 004's tables."""

from decimal import Decimal as D

import pytest

from nokrabob.performance import scoring

SEED_004_TABLE = [(5, 100), (4, 80), (3, 60), (2, 40), (1, 20)]


@pytest.mark.parametrize(
    ("level", "points_10", "points_20"),
    [(5, "10", "20"), (4, "8", "16"), (3, "6", "12"), (2, "4", "8"), (1, "2", "4"), (0, "0", "0")],
)
def test_score_is_weight_times_level_over_five(level, points_10, points_20):
    # Seed 004: a 10-point indicator scores 10/8/6/4/2; the 20-point joint indicator 20/16/12/8/4.
    assert scoring.score(10, level) == D(points_10)
    assert scoring.score(20, level) == D(points_20)


@pytest.mark.parametrize(
    ("percent", "level"),
    [(100, 5), (99.99, 4), (80, 4), (79, 3), (60, 3), (40, 2), (20, 1), (19.9, 0), (0, 0), (150, 5)],
)
def test_level_from_percent_by_the_seed_table(percent, level):
    assert scoring.level_for(percent, SEED_004_TABLE) == level


def test_interpolation_between_levels():
    assert scoring.interpolated_level(70, SEED_004_TABLE) == D("3.5")
    assert scoring.interpolated_level(90, SEED_004_TABLE) == D("4.5")
    assert scoring.interpolated_level(10, SEED_004_TABLE) == D("0.5")
    assert scoring.interpolated_level(100, SEED_004_TABLE) == D("5")
    assert scoring.interpolated_level(130, SEED_004_TABLE) == D("5")
    assert scoring.interpolated_level(0, SEED_004_TABLE) == D("0")
    # interpolated score of a 10-point indicator at 70 %: 10 × 3.5 / 5 = 7
    assert scoring.score(10, scoring.interpolated_level(70, SEED_004_TABLE)) == D("7.00")


def test_a_table_whose_thresholds_do_not_rise_is_refused():
    with pytest.raises(ValueError, match="rise"):
        scoring.level_for(50, [(1, 20), (2, 20)])


def test_unit_total_is_weighted_mean_level():
    # The FY 2567 agreement: five 10-point indicators and the 20-point joint one.
    items = [(10, 5), (10, 4), (10, 5), (20, 3), (10, 5), (10, 4)]
    expected = D(10 * 5 + 10 * 4 + 10 * 5 + 20 * 3 + 10 * 5 + 10 * 4) / D(70)
    assert scoring.weighted_level(items) == scoring.quantize(expected, "0.0001")
    assert scoring.weighted_level([]) is None


def test_score_refuses_a_level_above_five():
    with pytest.raises(ValueError):
        scoring.score(10, 6)


@pytest.mark.parametrize(
    ("level", "code"),
    [
        (5, "excellent"),
        (4.5, "excellent"),
        (4.49, "good"),
        (3.5, "good"),
        (3, "fair"),
        (2, "weak"),
        (1, "poor"),
    ],
)
def test_colour_bands(level, code):
    assert scoring.band_for(level).code == code
    assert scoring.band_for(None) is None


def test_ratio_and_percent_of():
    assert scoring.ratio(3, 3) == D("100")
    assert scoring.ratio(1, 0) is None
    assert scoring.percent_of(2, 3).quantize(D("0.01")) == D("66.67")
    assert scoring.percent_of(1, 0) is None
