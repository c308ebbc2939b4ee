"""Project progress, the Gantt chart and the planned-vs-actual curve, computed for server-side drawing.

Nothing here touches the database: the functions take steps and log entries and return numbers and
coordinates that the templates draw as HTML bars and an inline SVG (no chart library, no script).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.thai import THAI_MONTHS_ABBR

TWO_PLACES = Decimal("0.01")


class StepLike(Protocol):
    weight: Decimal
    planned_start: dt.date
    planned_end: dt.date
    actual_start: dt.date | None
    actual_end: dt.date | None
    percent_complete: Decimal


class EntryLike(Protocol):
    reported_on: dt.date
    percent: Decimal


def progress_from_steps(steps: Sequence[StepLike]) -> Decimal | None:
    """Σ weight × % complete / Σ weight (None when the plan has no weight at all)."""
    total = sum((s.weight for s in steps), Decimal(0))
    if not total:
        return None
    done = sum((s.weight * s.percent_complete for s in steps), Decimal(0))
    return (done / total).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def latest_entry(entries: Sequence[EntryLike]) -> EntryLike | None:
    return max(entries, key=lambda e: e.reported_on, default=None)


def planned_percent_on(steps: Sequence[StepLike], day: dt.date) -> Decimal:
    """The share of the plan due by ``day``: each step's weight spread evenly over its planned days."""
    total = sum((s.weight for s in steps), Decimal(0))
    if not total:
        return Decimal(0)
    due = Decimal(0)
    for step in steps:
        if day >= step.planned_end:
            due += step.weight
        elif day >= step.planned_start:
            length = (step.planned_end - step.planned_start).days + 1
            elapsed = (day - step.planned_start).days + 1
            due += step.weight * Decimal(elapsed) / Decimal(length)
    return (due * 100 / total).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Bar:
    left: float  # % of the year's width
    width: float


@dataclass(frozen=True)
class GanttRow:
    step: StepLike
    planned: Bar
    actual: Bar | None

    @property
    def is_milestone(self) -> bool:
        """A step that starts and ends on one day: drawn as a milestone mark, not a one-day sliver."""
        return bool(self.step.planned_start == self.step.planned_end)


MIN_BAR = 0.6  # a one-day step still shows as a visible tick


def _bar(fy: FiscalYear, start: dt.date, end: dt.date) -> Bar:
    days = (fy.end - fy.start).days + 1
    start = max(start, fy.start)
    end = min(end, fy.end)
    left = 100 * (start - fy.start).days / days
    width = max(100 * ((end - start).days + 1) / days, MIN_BAR)
    return Bar(round(left, 2), round(min(width, 100 - left), 2))


def gantt(steps: Sequence[StepLike], fiscal_year: int, today: dt.date) -> list[GanttRow]:
    fy = FiscalYear(fiscal_year)
    rows = []
    for step in steps:
        actual = None
        if step.actual_start:
            actual = _bar(fy, step.actual_start, step.actual_end or min(today, fy.end))
        rows.append(GanttRow(step, _bar(fy, step.planned_start, step.planned_end), actual))
    return rows


def month_labels(fiscal_year: int) -> list[str]:
    return [THAI_MONTHS_ABBR[m.start.month - 1] for m in FiscalYear(fiscal_year).months]


def today_marker(fiscal_year: int, today: dt.date) -> float | None:
    fy = FiscalYear(fiscal_year)
    if today not in fy:
        return None
    return round(100 * (today - fy.start).days / ((fy.end - fy.start).days + 1), 2)


@dataclass(frozen=True)
class Curve:
    width: int
    height: int
    planned_points: str  # SVG polyline points
    actual_points: str
    actual_dots: list[tuple[float, float, str]]  # x, y, label
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    planned_final: Decimal
    actual_final: Decimal | None


def curve(
    steps: Sequence[StepLike],
    entries: Sequence[EntryLike],
    fiscal_year: int,
    *,
    width: int = 720,
    height: int = 260,
) -> Curve:
    """Planned (from the steps) and actual (from the progress log) cumulative % over the fiscal year."""
    fy = FiscalYear(fiscal_year)
    pad_l, pad_r, pad_t, pad_b = 40, 12, 12, 28
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    days = (fy.end - fy.start).days + 1

    def x_of(day: dt.date) -> float:
        return round(pad_l + plot_w * ((day - fy.start).days + 1) / days, 1)

    def y_of(pct: Decimal | float) -> float:
        return round(pad_t + plot_h * (1 - float(pct) / 100), 1)

    start_x = float(pad_l)
    planned = [(start_x, y_of(0))]
    for month in fy.months:
        planned.append((x_of(month.end), y_of(planned_percent_on(steps, month.end))))
    ordered = sorted(entries, key=lambda e: e.reported_on)
    actual = [(start_x, y_of(0))] if ordered else []
    dots = []
    for entry in ordered:
        if entry.reported_on in fy:
            point = (x_of(entry.reported_on), y_of(entry.percent))
            actual.append(point)
            dots.append((point[0], point[1], f"{entry.percent:g}%"))
    x_ticks = [
        (round((x_of(m.start) + x_of(m.end)) / 2, 1), THAI_MONTHS_ABBR[m.start.month - 1]) for m in fy.months
    ]
    y_ticks = [(y_of(v), v) for v in (0, 25, 50, 75, 100)]
    return Curve(
        width=width,
        height=height,
        planned_points=" ".join(f"{x},{y}" for x, y in planned),
        actual_points=" ".join(f"{x},{y}" for x, y in actual),
        actual_dots=dots,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        planned_final=planned_percent_on(steps, fy.end),
        actual_final=ordered[-1].percent if ordered else None,
    )
