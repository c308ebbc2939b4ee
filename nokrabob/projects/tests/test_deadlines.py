"""Monthly due dates (seed 003 §6.2) and the on-time / late / missing status of a report."""

import datetime as dt

import pytest

from nokrabob.projects.deadlines import Rates, ReportingRule, Status, default_due_date, due_dates, status_of

D = dt.date


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (1, D(2021, 11, 5)),  # October 2564 → 5 November 2564
        (3, D(2022, 1, 5)),  # December → 5 January of the next calendar year
        (5, D(2022, 3, 5)),  # February → 5 March
        (6, D(2022, 3, 30)),  # March: by 30 March, inside the month
        (7, D(2022, 5, 5)),  # April → 5 May
        (11, D(2022, 9, 5)),  # August → 5 September
        (12, D(2022, 9, 29)),  # September: by 29 September
    ],
)
def test_fy_2565_due_dates_follow_seed_003(month, due):
    assert default_due_date(2565, month) == due


def test_the_exceptions_are_configuration():
    rule = ReportingRule(due_day=10, same_month_due={9: 25})
    assert default_due_date(2565, 6, rule) == D(2022, 4, 10)  # March no longer an exception
    assert default_due_date(2565, 12, rule) == D(2022, 9, 25)
    assert due_dates(2565, {1: D(2021, 11, 8)})[1] == D(2021, 11, 8)


def test_a_province_that_reports_on_the_6th_is_late():
    due = default_due_date(2565, 1)  # 5 November 2564
    start = D(2021, 10, 1)
    assert (
        status_of(month_start=start, due=due, submitted_on=D(2021, 11, 6), today=D(2021, 12, 1))
        is Status.LATE
    )
    assert (
        status_of(month_start=start, due=due, submitted_on=D(2021, 11, 5), today=D(2021, 12, 1))
        is Status.ON_TIME
    )
    assert (
        status_of(month_start=start, due=due, submitted_on=D(2021, 10, 20), today=D(2021, 12, 1))
        is Status.ON_TIME
    )


def test_missing_open_and_not_yet():
    due = D(2021, 11, 5)
    start = D(2021, 10, 1)
    assert status_of(month_start=start, due=due, submitted_on=None, today=D(2021, 11, 6)) is Status.MISSING
    assert status_of(month_start=start, due=due, submitted_on=None, today=D(2021, 11, 5)) is Status.OPEN
    assert status_of(month_start=start, due=due, submitted_on=None, today=D(2021, 9, 30)) is Status.NOT_YET


def test_march_report_on_31_march_is_late():
    due = default_due_date(2565, 6)
    assert status_of(
        month_start=D(2022, 3, 1), due=due, submitted_on=D(2022, 3, 31), today=D(2022, 4, 2)
    ) is (Status.LATE)


def test_rates_count_like_dhis2():
    rates = Rates(expected=76, received=57, on_time=38)
    assert rates.reporting_rate == 75.0
    assert rates.on_time_rate == 50.0
    assert Rates(0, 0, 0).reporting_rate is None
