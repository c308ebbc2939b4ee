"""Monthly reporting deadlines and the on-time / late / missing status of a report.

The standing rule (seed 003, section 6.2): a month's results are due by the 5th of the next month,
except March (due 30 March) and September (due 29 September), which close with the rounds. The rule
is configuration: ``REPORTING_RULE`` below, and per-year exceptions in ``DueDateOverride`` rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from nokrabob.core.fiscal import FiscalYear


@dataclass(frozen=True)
class ReportingRule:
    due_day: int = 5
    # calendar month → day of that same month by which its results are due
    same_month_due: Mapping[int, int] = field(default_factory=lambda: {3: 30, 9: 29})
    plan_recorded_by: tuple[int, int] = (10, 31)  # (month, day) in the fiscal year's first calendar year
    plan_approved_by: tuple[int, int] = (11, 30)
    yearly_report_by: tuple[int, int] = (9, 29)  # in the fiscal year's last calendar year
    remind_days_before: int = 7


REPORTING_RULE = ReportingRule()


class Status(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    OPEN = "open"  # the month has begun or ended but its due date has not passed
    NOT_YET = "not_yet"  # the month has not begun

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def css(self) -> str:
        return {"on_time": "ok", "late": "warn", "missing": "bad"}.get(self.value, "")


STATUS_LABELS = {
    Status.ON_TIME: _("ตรงเวลา"),
    Status.LATE: _("ล่าช้า"),
    Status.MISSING: _("ไม่ได้รายงาน"),
    Status.OPEN: _("รอรายงาน"),
    Status.NOT_YET: _("ยังไม่ถึงเดือน"),
}


def default_due_date(fiscal_year: int, month: int, rule: ReportingRule = REPORTING_RULE) -> dt.date:
    """The due date of fiscal month ``month`` (1 = October) under the standing rule."""
    period = FiscalYear(fiscal_year).months[month - 1]
    calendar_month = period.start.month
    if calendar_month in rule.same_month_due:
        return period.start.replace(day=rule.same_month_due[calendar_month])
    next_month_start = period.end + dt.timedelta(days=1)
    return next_month_start.replace(day=rule.due_day)


def due_dates(
    fiscal_year: int, overrides: Mapping[int, dt.date] | None = None, rule: ReportingRule = REPORTING_RULE
) -> dict[int, dt.date]:
    """All twelve due dates of a fiscal year, overrides (month → date) applied."""
    overrides = overrides or {}
    return {m: overrides.get(m) or default_due_date(fiscal_year, m, rule) for m in range(1, 13)}


def status_of(*, month_start: dt.date, due: dt.date, submitted_on: dt.date | None, today: dt.date) -> Status:
    """The status of one month's report. A report dated after its due date is late (the 6th is late)."""
    if submitted_on is not None:
        return Status.ON_TIME if submitted_on <= due else Status.LATE
    if today > due:
        return Status.MISSING
    if today < month_start:
        return Status.NOT_YET
    return Status.OPEN


def plan_deadlines(fiscal_year: int, rule: ReportingRule = REPORTING_RULE) -> dict[str, dt.date]:
    fy = FiscalYear(fiscal_year)
    first, last = fy.start.year, fy.end.year
    return {
        "recorded": dt.date(first, *rule.plan_recorded_by),
        "approved": dt.date(first, *rule.plan_approved_by),
        "yearly_report": dt.date(last, *rule.yearly_report_by),
    }


@dataclass(frozen=True)
class Rates:
    """Reporting rates as DHIS2 counts them: reports received and received on time over expected."""

    expected: int
    received: int
    on_time: int

    @property
    def reporting_rate(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None
