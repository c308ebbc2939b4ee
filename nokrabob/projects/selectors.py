"""Reads of projects: the list a user may see and one project with everything its page draws."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from nokrabob.projects import access, charts
from nokrabob.projects.models import PlanStep, ProgressEntry, ProgressMode, Project


def project_list(
    user: Any, *, fiscal_year: int | None = None, unit_id: int | None = None, q: str = ""
) -> QuerySet[Project]:
    latest = ProgressEntry.objects.filter(project=OuterRef("pk")).order_by("-reported_on", "-id")
    projects = (
        Project.objects.select_related("owner_unit")
        .prefetch_related(Prefetch("steps", queryset=PlanStep.objects.order_by("number")))
        .annotate(
            latest_percent=Subquery(latest.values("percent")[:1]),
            latest_on=Subquery(latest.values("reported_on")[:1]),
        )
    )
    projects = access.visible_projects(projects, user)  # type: ignore[assignment]
    if fiscal_year:
        projects = projects.filter(fiscal_year=fiscal_year)
    if unit_id:
        projects = projects.filter(owner_unit_id=unit_id)
    if q:
        projects = projects.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return projects.order_by("-fiscal_year", "code")


def overall_progress(
    project: Project, steps: list[PlanStep], latest_percent: Decimal | None
) -> Decimal | None:
    """From the weighted steps, or the latest log entry, as the project says."""
    if project.progress_mode == ProgressMode.ENTERED:
        return latest_percent
    return charts.progress_from_steps(steps)


def visible_project(user: Any, pk: int) -> Project:
    """One project the user may read (404 otherwise)."""
    queryset = access.visible_projects(Project.objects.select_related("owner_unit", "strategy_node"), user)
    return get_object_or_404(queryset, pk=pk)


@dataclass
class ProjectPage:
    project: Project
    steps: list[PlanStep]
    entries: list[ProgressEntry]
    progress: Decimal | None
    # How ``progress`` was obtained, and the other way's figure shown as a detail (never a second headline).
    progress_how: str
    progress_other: Decimal | None
    progress_other_how: str
    weight_total: Decimal
    gantt: list[charts.GanttRow]
    months: list[str]
    today_marker: float | None
    curve: charts.Curve
    outputs: list[Any]
    output_total: int
    assessments: dict[int, Any]
    indicators: list[Any]

    @property
    def strategy_lines(self) -> list[str]:
        """The strategy text's lines, less the one naming the linked node (already shown above them)."""
        node = self.project.strategy_node
        lines = [line.strip() for line in self.project.strategy_text.splitlines() if line.strip()]
        return [line for line in lines if node is None or node.title.strip() not in line]


def project_page(user: Any, pk: int, *, today: dt.date | None = None) -> ProjectPage:
    today = today or timezone.localdate()
    project = visible_project(user, pk)
    steps = list(project.steps.order_by("number"))
    entries = list(project.progress_entries.order_by("-reported_on", "-id"))
    latest = charts.latest_entry(entries)
    outputs = list(project.outputs.order_by("number"))
    from_steps = charts.progress_from_steps(steps)
    logged = latest.percent if latest else None
    if project.progress_mode == ProgressMode.ENTERED:
        other, other_how = from_steps, str(ProgressMode.STEPS.label)
    else:
        other, other_how = logged, str(ProgressMode.ENTERED.label)
    return ProjectPage(
        project=project,
        steps=steps,
        entries=entries,
        progress=overall_progress(project, steps, logged),
        progress_how=str(ProgressMode(project.progress_mode).label),
        progress_other=other,
        progress_other_how=other_how,
        weight_total=sum((s.weight for s in steps), Decimal(0)),
        gantt=charts.gantt(steps, project.fiscal_year, today),
        months=charts.month_labels(project.fiscal_year),
        today_marker=charts.today_marker(project.fiscal_year, today),
        curve=charts.curve(steps, entries, project.fiscal_year),
        outputs=outputs,
        output_total=sum(o.people for o in outputs),
        assessments={a.quarter: a for a in project.assessments.select_related("assessed_by")},
        indicators=list(project.indicators.select_related("lead_unit").order_by("code")),
    )


def supported_indicator_tables(user: Any, indicators: list[Any]) -> list[tuple[Any, Any]]:
    """Each supported indicator with its quarterly figures, as its own page and PDF show them (a measured
    figure is the reader's scoped one, as ``performance.selectors.live_result`` gives it)."""
    from nokrabob.performance import selectors as performance

    return [(i, performance.indicator_status(i, live=performance.live_result(i, user))) for i in indicators]
