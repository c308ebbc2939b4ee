"""Reads for action plans: the monthly reporting grid (province × month), rates, and the round scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit, UnitKind
from nokrabob.projects import access
from nokrabob.projects.deadlines import REPORTING_RULE, Rates, Status, due_dates, plan_deadlines, status_of
from nokrabob.projects.models import ActionPlan, DueDateOverride, MonthlyReport, PlanActivity, RoundCriterion
from nokrabob.projects.rounds import Criterion, RoundFacts, RoundScore, percent, score_round

__all__ = ["due_dates", "percent"]


@dataclass(frozen=True)
class Cell:
    month: int
    due: dt.date
    status: Status
    report: MonthlyReport | None


@dataclass
class GridRow:
    unit: OrgUnit
    plan: ActionPlan | None
    cells: list[Cell]

    def count(self, status: Status) -> int:
        return sum(1 for c in self.cells if c.status is status)


def overrides_for(fiscal_year: int) -> dict[int, dt.date]:
    return dict(DueDateOverride.objects.filter(fiscal_year=fiscal_year).values_list("month", "due_date"))


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def month_cells(
    plan: ActionPlan | None, fiscal_year: int, dues: dict[int, dt.date], today: dt.date
) -> list[Cell]:
    """The twelve months of a plan; uses ``plan.monthly_reports.all()`` (prefetch it)."""
    fy = FiscalYear(fiscal_year)
    reports = {r.month: r for r in plan.monthly_reports.all()} if plan else {}
    cells = []
    for period in fy.months:
        report = reports.get(period.number)
        status = status_of(
            month_start=period.start,
            due=dues[period.number],
            submitted_on=_local_date(report.submitted_at) if report else None,
            today=today,
        )
        cells.append(Cell(period.number, dues[period.number], status, report))
    return cells


def plans_with_reports() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.select_related("unit").prefetch_related(
        Prefetch("monthly_reports", queryset=MonthlyReport.objects.order_by("month")),
        Prefetch("activities", queryset=PlanActivity.objects.order_by("number")),
    )


@dataclass
class Grid:
    fiscal_year: int
    dues: dict[int, dt.date]
    rows: list[GridRow]
    rates: list[Rates]  # per month
    year_rates: Rates


def reporting_grid(user: Any, fiscal_year: int, *, today: dt.date | None = None) -> Grid:
    """Every provincial labour office the user may see × the twelve months of a fiscal year.

    A province without a plan is still expected to report: its months show as missing once due.
    Rates count, as DHIS2 does, the reports received (and received on time) over those expected —
    here the reports whose due date has passed or that came in already.
    """
    today = today or timezone.localdate()
    dues = due_dates(fiscal_year, overrides_for(fiscal_year))
    units = (
        OrgUnit.objects.filter(kind=UnitKind.PROVINCIAL_LABOUR_OFFICE, is_active=True)
        .select_related("area")
        .order_by("area__name_th")
    )
    plans = access.visible_plans(plans_with_reports().filter(fiscal_year=fiscal_year), user)
    by_unit = {p.unit_id: p for p in plans}
    if not access.may_see_all_provinces(user):
        units = units.filter(pk__in=list(by_unit) + ([user.unit_id] if user.unit_id else []))
    rows = [
        GridRow(u, by_unit.get(u.pk), month_cells(by_unit.get(u.pk), fiscal_year, dues, today)) for u in units
    ]
    rates = []
    for m in range(12):
        cells = [row.cells[m] for row in rows]
        rates.append(_rates(cells))
    return Grid(fiscal_year, dues, rows, rates, _rates([c for row in rows for c in row.cells]))


def _rates(cells: Iterable[Cell]) -> Rates:
    expected = received = on_time = 0
    for cell in cells:
        if cell.status in (Status.ON_TIME, Status.LATE, Status.MISSING):
            expected += 1
        if cell.status in (Status.ON_TIME, Status.LATE):
            received += 1
        if cell.status is Status.ON_TIME:
            on_time += 1
    return Rates(expected=expected, received=received, on_time=on_time)


# --- rounds ---------------------------------------------------------------------------------------


def criteria_for(fiscal_year: int) -> dict[int, list[Criterion]]:
    """The level tables of a fiscal year; a year without its own tables uses the latest earlier ones."""
    year = (
        RoundCriterion.objects.filter(fiscal_year__lte=fiscal_year)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    tables: dict[int, list[Criterion]] = {1: [], 2: []}
    if year is None:
        return tables
    for row in RoundCriterion.objects.filter(fiscal_year=year):
        tables[row.round].append(
            Criterion(
                level=row.level,
                description=row.description,
                needs_plan=row.needs_plan,
                needs_on_time_reports=row.needs_on_time_reports,
                people_pct_min=row.people_pct_min,
                budget_pct_min=row.budget_pct_min,
                needs_yearly_report=row.needs_yearly_report,
            )
        )
    return tables


@dataclass
class RoundResult:
    number: int
    start: dt.date
    end: dt.date
    facts: RoundFacts
    score: RoundScore
    criteria: Sequence[Criterion]
    people_served: int
    target_people: int
    disbursed: Decimal
    allocation: Decimal
    final: bool  # the round is over (otherwise the level is provisional)
    months_due: int = 0  # months of the round whose due date has passed or that were reported

    @property
    def due(self) -> bool:
        """Nothing of the round was due or reported yet: its level is "not yet due", not a red 0."""
        return self.final or self.months_due > 0


def round_results(
    plan: ActionPlan,
    *,
    cells: list[Cell] | None = None,
    tables: dict[int, list[Criterion]] | None = None,
    today: dt.date | None = None,
) -> list[RoundResult]:
    """Both rounds of a plan. Uses the plan's prefetched activities and monthly reports."""
    today = today or timezone.localdate()
    fy = FiscalYear(plan.fiscal_year)
    tables = tables if tables is not None else criteria_for(plan.fiscal_year)
    if cells is None:
        cells = month_cells(
            plan, plan.fiscal_year, due_dates(plan.fiscal_year, overrides_for(plan.fiscal_year)), today
        )
    deadlines = plan_deadlines(plan.fiscal_year, REPORTING_RULE)
    activities = list(plan.activities.all())
    target = sum(a.target_people for a in activities)
    budget_total = sum((a.budget for a in activities), Decimal(0))
    plan_on_time = bool(
        plan.recorded_on <= deadlines["recorded"]
        and plan.approved_on
        and plan.approved_on <= deadlines["approved"]
    )
    yearly = _local_date(plan.yearly_report_submitted_at)
    yearly_on_time = bool(yearly and yearly <= deadlines["yearly_report"])
    results = []
    for period, months in ((fy.rounds[0], range(1, 7)), (fy.rounds[1], range(7, 13))):
        in_round = [cells[m - 1] for m in months]
        due_cells = [c for c in in_round if c.status in (Status.ON_TIME, Status.LATE, Status.MISSING)]
        reports_on_time = bool(due_cells) and all(c.status is Status.ON_TIME for c in due_cells)
        upto = 6 if period.number == 1 else 12
        served = sum(c.report.people_served for c in cells[:upto] if c.report)
        disbursed = sum((c.report.budget_disbursed for c in cells[:upto] if c.report), Decimal(0))
        if period.number == 1:
            allocation = plan.allocation_round1 if plan.allocation_round1 is not None else budget_total
        else:
            allocation = plan.allocation_year if plan.allocation_year is not None else budget_total
        facts = RoundFacts(
            plan_on_time=plan_on_time,
            reports_on_time=reports_on_time,
            people_pct=percent(served, target),
            budget_pct=percent(disbursed, allocation),
            yearly_report_on_time=yearly_on_time,
        )
        criteria = tables.get(period.number, [])
        results.append(
            RoundResult(
                number=period.number,
                start=period.start,
                end=period.end,
                facts=facts,
                score=score_round(criteria, facts),
                criteria=sorted(criteria, key=lambda c: c.level),
                people_served=served,
                target_people=target,
                disbursed=disbursed,
                allocation=allocation,
                final=today > dues_end(in_round),
                months_due=len(due_cells),
            )
        )
    return results


def dues_end(cells: Sequence[Cell]) -> dt.date:
    return max(c.due for c in cells)
