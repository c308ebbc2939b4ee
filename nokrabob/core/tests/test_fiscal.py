import datetime as dt

import pytest

from nokrabob.core.fiscal import FiscalYear, age_on, fiscal_quarter_of, fiscal_year_of


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 9, 30), 2567),  # last day of FY 2567
        (dt.date(2024, 10, 1), 2568),  # first day of FY 2568
        (dt.date(2025, 9, 30), 2568),
        (dt.date(2025, 10, 1), 2569),
        (dt.date(2024, 1, 1), 2567),
        (dt.date(2023, 12, 31), 2567),
    ],
)
def test_fiscal_year_is_named_by_the_be_year_it_ends(day, expected):
    assert fiscal_year_of(day) == expected


def test_fiscal_year_2568_runs_from_1_oct_2024_to_30_sep_2025():
    fy = FiscalYear(2568)
    assert fy.start == dt.date(2024, 10, 1)
    assert fy.end == dt.date(2025, 9, 30)
    assert dt.date(2024, 10, 1) in fy
    assert dt.date(2024, 9, 30) not in fy
    assert dt.date(2025, 10, 1) not in fy


def test_quarters_are_fiscal_quarters():
    q = FiscalYear(2568).quarters
    assert [(p.start, p.end) for p in q] == [
        (dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    ]
    assert fiscal_quarter_of(dt.date(2024, 12, 31)) == (2568, 1)
    assert fiscal_quarter_of(dt.date(2025, 1, 1)) == (2568, 2)
    assert fiscal_quarter_of(dt.date(2025, 9, 30)) == (2568, 4)
    assert fiscal_quarter_of(dt.date(2025, 10, 1)) == (2569, 1)


def test_months_run_october_to_september_and_know_leap_february():
    months = FiscalYear(2567).months  # Oct 2023 – Sep 2024; 2024 is a leap year
    assert months[0].start == dt.date(2023, 10, 1)
    assert months[4].start == dt.date(2024, 2, 1)
    assert months[4].end == dt.date(2024, 2, 29)
    assert months[11].end == dt.date(2024, 9, 30)
    assert FiscalYear(2568).months[4].end == dt.date(2025, 2, 28)
    assert [m.number for m in months] == list(range(1, 13))


def test_two_six_month_rounds():
    r1, r2 = FiscalYear(2565).rounds
    assert (r1.start, r1.end) == (dt.date(2021, 10, 1), dt.date(2022, 3, 31))
    assert (r2.start, r2.end) == (dt.date(2022, 4, 1), dt.date(2022, 9, 30))
    assert FiscalYear(2565).round_of(dt.date(2022, 3, 31)).number == 1
    assert FiscalYear(2565).round_of(dt.date(2022, 4, 1)).number == 2


def test_a_date_outside_the_year_has_no_quarter():
    with pytest.raises(ValueError):
        FiscalYear(2568).quarter_of(dt.date(2025, 10, 1))


def test_a_christian_era_number_is_not_a_fiscal_year():
    with pytest.raises(ValueError):
        FiscalYear(2025)


def test_age_counts_completed_years_and_leap_birthdays():
    assert age_on(dt.date(1960, 11, 25), dt.date(2025, 11, 24)) == 64
    assert age_on(dt.date(1960, 11, 25), dt.date(2025, 11, 25)) == 65
    assert age_on(dt.date(2000, 2, 29), dt.date(2015, 2, 28)) == 14
    assert age_on(dt.date(2000, 2, 29), dt.date(2015, 3, 1)) == 15
