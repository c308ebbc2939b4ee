"""Reads for seed 004's agreement: the summary table (components, indicators, weights, baselines, levels,
weighted scores, total) and each indicator's month-by-month action plan with late steps flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.thai import THAI_MONTHS_ABBR
from nokrabob.performance import selectors
from nokrabob.performance.models import (
    ActionStep,
    AgreementComponent,
    DutyRole,
    Evidence,
    EvidenceItem,
    IndicatorBaseline,
    PerformanceAgreement,
)
from nokrabob.performance.selectors import IndicatorStatus

# ── The agreement summary ─────────────────────────────────────────────────────────────────────


@dataclass
class ComponentBlock:
    component: AgreementComponent
    statuses: list[IndicatorStatus]
    earned: Decimal
    indicator_weight: Decimal

    @property
    def count(self) -> int:
        return len(self.statuses)


@dataclass
class AgreementSummary:
    agreement: PerformanceAgreement
    blocks: list[ComponentBlock]
    baseline_years: list[int]
    total_weight: Decimal
    earned: Decimal
    printed_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def counted_weight(self) -> Decimal:
        return sum(
            (s.indicator.weight for b in self.blocks for s in b.statuses if s.state != "not_due"), Decimal(0)
        )


def agreements_of_year(fiscal_year: int) -> list[PerformanceAgreement]:
    return list(PerformanceAgreement.objects.filter(fiscal_year=fiscal_year).select_related("unit"))


def agreement_summary(pk: int, user: Any, *, today: dt.date | None = None) -> AgreementSummary:
    """The first table of seed 004, with the level each indicator reached and its weighted score.

    The scores are the indicators' own (``selectors.indicator_status``): the same figure as every page."""
    try:
        agreement = PerformanceAgreement.objects.select_related("unit").get(pk=pk)
    except PerformanceAgreement.DoesNotExist:
        raise Http404 from None
    components = list(agreement.components.order_by("code"))
    indicators = list(
        selectors.indicators_qs()
        .filter(component__agreement=agreement, is_active=True)
        .prefetch_related(Prefetch("baselines", queryset=IndicatorBaseline.objects.order_by("fiscal_year")))
        .order_by("component__code", "sort_order", "code")
    )
    statuses = selectors.statuses_for(indicators, user)
    blocks = []
    for component in components:
        mine = [s for s in statuses if s.indicator.component_id == component.pk]
        blocks.append(
            ComponentBlock(
                component=component,
                statuses=mine,
                earned=sum((s.score or Decimal(0) for s in mine), Decimal(0)),
                indicator_weight=sum((s.indicator.weight for s in mine), Decimal(0)),
            )
        )
    years = sorted({b.fiscal_year for ind in indicators for b in ind.baselines.all()})
    return AgreementSummary(
        agreement=agreement,
        blocks=blocks,
        baseline_years=years,
        total_weight=sum((c.weight for c in components), Decimal(0)),
        earned=sum((b.earned for b in blocks), Decimal(0)),
    )


def baseline_for(indicator: Any, year: int) -> str:
    for b in indicator.baselines.all():
        if b.fiscal_year == year:
            return b.text or (f"{b.value.normalize():f}" if b.value is not None else "-")
    return ""


# ── An indicator's action plan (Gantt) ───────────────────────────────────────────────────────


@dataclass
class GanttStep:
    step: ActionStep
    cells: list[bool]  # twelve fiscal months, True where the step is planned
    late: bool
    ended: bool  # its last month has passed

    @property
    def done(self) -> bool:
        return self.step.progress >= 100


@dataclass
class Gantt:
    fiscal_year: int
    months: list[str]
    years: list[tuple[int, int]]  # (Buddhist year, number of months under it) for the header
    steps: list[GanttStep]
    current_month: int | None  # 1–12 when today is inside the fiscal year

    @property
    def late_count(self) -> int:
        return sum(1 for s in self.steps if s.late)


def month_labels(fiscal_year: int) -> list[str]:
    return [THAI_MONTHS_ABBR[m.start.month - 1] for m in FiscalYear(fiscal_year).months]


def gantt(indicator: Any, *, today: dt.date | None = None) -> Gantt:
    """The plan as seed 004 draws it (ต.ค.–ก.ย.); a step whose last month has passed unfinished is late."""
    today = today or timezone.localdate()
    fy = FiscalYear(indicator.fiscal_year)
    months = fy.months
    rows = []
    for step in indicator.action_steps.all():
        ended = today > months[step.end_month - 1].end
        rows.append(
            GanttStep(
                step=step,
                cells=[step.start_month <= m <= step.end_month for m in range(1, 13)],
                late=ended and step.progress < 100,
                ended=ended,
            )
        )
    current = next((p.number for p in months if p.start <= today <= p.end), None)
    return Gantt(
        fiscal_year=indicator.fiscal_year,
        months=month_labels(indicator.fiscal_year),
        years=[(indicator.fiscal_year - 1, 3), (indicator.fiscal_year, 9)],
        steps=rows,
        current_month=current,
    )


# ── Duties and the evidence list (seed 004) ─────────────────────────────────────────────────────


@dataclass
class DutyGroup:
    role: str
    label: str
    units: list[tuple[str, list[str]]]  # (unit, its tasks) in the seed's order


def duties_by_role(indicator: Any) -> list[DutyGroup]:
    """หน่วยงานหลัก / หน่วยงานรอง / หน่วยงานสนับสนุน, each with its units and their tasks."""
    groups: dict[str, dict[str, list[str]]] = {}
    for duty in indicator.duties.all():
        groups.setdefault(duty.role, {}).setdefault(duty.unit_name, []).append(duty.task)
    return [
        DutyGroup(role, str(label), list(groups[role].items()))
        for role, label in DutyRole.choices
        if role in groups
    ]


@dataclass
class EvidenceLine:
    item: EvidenceItem
    files: list[Evidence]


def evidence_checklist(indicator: Any) -> list[EvidenceLine]:
    """Each item of the evidence list with the files uploaded against it (none yet: an empty list)."""
    items = indicator.evidence_items.prefetch_related(
        Prefetch("files", queryset=Evidence.objects.order_by("-created_at"))
    )
    return [EvidenceLine(item, list(item.files.all())) for item in items]
