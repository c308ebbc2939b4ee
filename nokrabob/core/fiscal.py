"""The Thai government fiscal calendar.

A fiscal year runs 1 October – 30 September and is named, in the Buddhist Era, by the calendar year
it ends in: ปีงบประมาณ 2568 = 1 Oct 2024 – 30 Sep 2025. Quarters are fiscal quarters (Q1 = Oct–Dec),
and the year splits into two six-month rounds (รอบ 1 = Oct–Mar, รอบ 2 = Apr–Sep), the periods in which
provincial labour offices are scored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

BE_OFFSET = 543
FIRST_MONTH = 10  # October


def ce_to_be(year: int) -> int:
    return year + BE_OFFSET


def be_to_ce(year: int) -> int:
    return year - BE_OFFSET


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _last_day(year: int, month: int) -> dt.date:
    next_year, next_month = _add_months(year, month, 1)
    return dt.date(next_year, next_month, 1) - dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole months inside a fiscal year (a month, a quarter or a round)."""

    start: dt.date
    end: dt.date
    fiscal_year: int
    number: int

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A fiscal year named by its Buddhist-Era number (e.g. ``FiscalYear(2568)``)."""

    be: int

    def __post_init__(self) -> None:
        if not 2400 <= self.be <= 2700:
            raise ValueError(f"Fiscal year {self.be} is not a Buddhist-Era year")

    @classmethod
    def of(cls, day: dt.date) -> FiscalYear:
        year = day.year + 1 if day.month >= FIRST_MONTH else day.year
        return cls(ce_to_be(year))

    @classmethod
    def current(cls) -> FiscalYear:
        from django.utils import timezone

        return cls.of(timezone.localdate())

    @property
    def ce_end_year(self) -> int:
        return be_to_ce(self.be)

    @property
    def start(self) -> dt.date:
        return dt.date(self.ce_end_year - 1, FIRST_MONTH, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.ce_end_year, 9, 30)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def _period(self, first_month_offset: int, months: int, number: int) -> Period:
        y, m = _add_months(self.start.year, self.start.month, first_month_offset)
        ey, em = _add_months(y, m, months - 1)
        return Period(dt.date(y, m, 1), _last_day(ey, em), self.be, number)

    @cached_property
    def months(self) -> tuple[Period, ...]:
        """The twelve months in fiscal order, numbered 1 (October) to 12 (September)."""
        return tuple(self._period(i, 1, i + 1) for i in range(12))

    @cached_property
    def quarters(self) -> tuple[Period, ...]:
        return tuple(self._period(i * 3, 3, i + 1) for i in range(4))

    @cached_property
    def rounds(self) -> tuple[Period, ...]:
        """The two six-month rounds: 1 = October–March, 2 = April–September."""
        return tuple(self._period(i * 6, 6, i + 1) for i in range(2))

    def quarter_of(self, day: dt.date) -> Period:
        return self._containing(self.quarters, day)

    def month_of(self, day: dt.date) -> Period:
        return self._containing(self.months, day)

    def round_of(self, day: dt.date) -> Period:
        return self._containing(self.rounds, day)

    def _containing(self, periods: tuple[Period, ...], day: dt.date) -> Period:
        for period in periods:
            if day in period:
                return period
        raise ValueError(f"{day} is not in fiscal year {self.be}")

    def __str__(self) -> str:
        return str(self.be)


def fiscal_year_of(day: dt.date) -> int:
    """The Buddhist-Era fiscal year a date falls in."""
    return FiscalYear.of(day).be


def fiscal_quarter_of(day: dt.date) -> tuple[int, int]:
    """(fiscal year BE, quarter 1–4) of a date."""
    fy = FiscalYear.of(day)
    return fy.be, fy.quarter_of(day).number


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier: the latest birth date of someone ``years`` old on ``day``
    (29 February falls back to the 28th in a year that has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day`` (a person born 29 Feb turns a year older on 1 Mar)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
