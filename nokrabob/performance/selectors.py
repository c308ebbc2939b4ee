"""Reads of indicators: lists with their status and score, one indicator's quarters, unit totals, the
strategy map. Indicators are not personal data; the only personal data here is a live measure's
drill-down, which ``measures`` scopes to the acting user.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nokrabob.core.fiscal import FiscalYear, Period
from nokrabob.core.models import OrgUnit
from nokrabob.performance import rules
from nokrabob.performance.measures import MEASURES, MeasureResult
from nokrabob.performance.models import (
    Indicator,
    LevelCriterion,
    MeasureKind,
    MeasureUnit,
    QuarterAssessment,
    QuarterResult,
    StrategyNode,
)
from nokrabob.performance.scoring import (
    DEFAULT_THRESHOLDS,
    Band,
    band_for,
    interpolated_level,
    level_for,
    percent_of,
    quantize,
    score,
    weighted_level,
)

FIVE = Decimal("5")


def indicators_qs() -> QuerySet[Indicator]:
    return Indicator.objects.select_related(
        "lead_unit", "component", "component__agreement"
    ).prefetch_related(
        "owner_units",
        Prefetch("results", queryset=QuarterResult.objects.order_by("quarter")),
        Prefetch("assessments", queryset=QuarterAssessment.objects.order_by("quarter")),
        Prefetch("levels", queryset=LevelCriterion.objects.order_by("level")),
    )


def indicator_list(
    *, fiscal_year: int | None = None, unit: OrgUnit | None = None, search: str = ""
) -> QuerySet[Indicator]:
    qs = indicators_qs().filter(is_active=True)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    if unit is not None:
        qs = qs.filter(Q(lead_unit=unit) | Q(owner_units=unit)).distinct()
    if search.strip():
        term = search.strip()
        qs = qs.filter(Q(code__icontains=term) | Q(name__icontains=term))
    return qs.order_by("-fiscal_year", "component__code", "sort_order", "code")


def indicator_get(pk: int) -> Indicator:
    try:
        return indicators_qs().prefetch_related("baselines", "strategy_nodes", "evidence").get(pk=pk)
    except Indicator.DoesNotExist:
        raise Http404 from None


def indicator_get_plain(pk: int) -> Indicator:
    """One indicator without its quarters (pages that only need its definition)."""
    try:
        return Indicator.objects.select_related("lead_unit").get(pk=pk)
    except Indicator.DoesNotExist:
        raise Http404 from None


def years_with_indicators() -> set[int]:
    return set(Indicator.objects.values_list("fiscal_year", flat=True).distinct())


def fiscal_years() -> list[int]:
    return sorted(years_with_indicators() | {FiscalYear.current().be}, reverse=True)


def units_with_indicators(fiscal_year: int) -> list[OrgUnit]:
    ids = set(Indicator.objects.filter(fiscal_year=fiscal_year).values_list("lead_unit_id", flat=True))
    ids |= set(
        Indicator.owner_units.through.objects.filter(indicator__fiscal_year=fiscal_year).values_list(
            "orgunit_id", flat=True
        )
    )
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("kind", "code"))


# ── Status and score of one indicator ────────────────────────────────────────────────────────


@dataclass
class QuarterRow:
    number: int
    period: Period
    deadline: dt.date
    locked: bool
    result: QuarterResult | None
    assessment: QuarterAssessment | None


@dataclass
class IndicatorStatus:
    indicator: Indicator
    value: Decimal | None = None
    percent: Decimal | None = None
    level: Decimal | None = None
    level_assessed: bool = False
    score: Decimal | None = None
    band: Band | None = None
    live: MeasureResult | None = None
    quarters: list[QuarterRow] = field(default_factory=list)

    @property
    def latest_assessment(self) -> QuarterAssessment | None:
        rows = [
            q.assessment for q in self.quarters if q.assessment is not None and q.assessment.score is not None
        ]
        return rows[-1] if rows else None


def thresholds_of(indicator: Indicator) -> Sequence[tuple[int, Decimal]]:
    table = [(c.level, c.percent) for c in indicator.levels.all()]
    return table or DEFAULT_THRESHOLDS


def live_result(indicator: Indicator, user: Any) -> MeasureResult | None:
    if indicator.measure_kind != MeasureKind.LIVE or indicator.live_measure not in MEASURES:
        return None
    return MEASURES[indicator.live_measure].compute(indicator.fiscal_year, user)


def indicator_status(
    indicator: Indicator, *, live: MeasureResult | None = None, today: dt.date | None = None
) -> IndicatorStatus:
    """Where an indicator stands: its latest result, % of target, level (assessed or computed), score."""
    today = today or timezone.localdate()
    results = {r.quarter: r for r in indicator.results.all()}
    assessments = {a.quarter: a for a in indicator.assessments.all()}
    fy = FiscalYear(indicator.fiscal_year)
    status = IndicatorStatus(indicator=indicator, live=live)
    for period in fy.quarters:
        row = results.get(period.number)
        status.quarters.append(
            QuarterRow(
                number=period.number,
                period=period,
                deadline=rules.quarter_deadline(indicator, period.number),
                locked=rules.is_locked(indicator, period.number, row, today),
                result=row,
                assessment=assessments.get(period.number),
            )
        )
    reported = [r for _q, r in sorted(results.items()) if r.result is not None or r.level is not None]
    latest = reported[-1] if reported else None

    level: Decimal | None = None
    if indicator.measure_kind == MeasureKind.MILESTONE:
        if latest is not None:
            level = latest.level if latest.level is not None else latest.result
            status.value = level
    else:
        if live is not None:
            status.value = live.value
        elif indicator.achieved is not None:
            status.value = indicator.achieved
        elif latest is not None:
            status.value = latest.result
        if status.value is not None and indicator.target:
            status.percent = quantize(percent_of(status.value, indicator.target) or Decimal("0"))
            thresholds = thresholds_of(indicator)
            if indicator.interpolate:
                level = interpolated_level(status.percent, thresholds)
            else:
                level = Decimal(level_for(status.percent, thresholds))
    assessed = [a for _q, a in sorted(assessments.items()) if a.level is not None]
    if assessed:
        level = assessed[-1].level
        status.level_assessed = True
    if level is not None:
        level = min(max(level, Decimal("0")), FIVE)
        status.level = level
        status.score = score(indicator.weight, level)
        status.band = band_for(level)
    return status


def statuses_for(indicators: Iterable[Indicator], user: Any) -> list[IndicatorStatus]:
    """Statuses for a list page; each live measure is computed once per (measure, year)."""
    cache: dict[tuple[str, int], MeasureResult | None] = {}
    out = []
    for indicator in indicators:
        live = None
        if indicator.measure_kind == MeasureKind.LIVE:
            key = (indicator.live_measure, indicator.fiscal_year)
            if key not in cache:
                cache[key] = live_result(indicator, user)
            live = cache[key]
        out.append(indicator_status(indicator, live=live))
    return out


# ── A unit's total ───────────────────────────────────────────────────────────────────────────


@dataclass
class UnitTotal:
    unit: OrgUnit
    statuses: list[IndicatorStatus]
    total_weight: Decimal
    earned: Decimal
    level: Decimal | None
    band: Band | None

    @property
    def percent(self) -> Decimal | None:
        if not self.total_weight:
            return None
        return quantize(self.earned * 100 / self.total_weight)


def unit_totals(statuses: Iterable[IndicatorStatus]) -> list[UnitTotal]:
    """Σ weight × level / Σ weight per owner unit (a joint indicator counts for each of its units)."""
    per_unit: dict[int, list[IndicatorStatus]] = defaultdict(list)
    units: dict[int, OrgUnit] = {}
    for status in statuses:
        ind = status.indicator
        owners = {ind.lead_unit_id: ind.lead_unit, **{u.pk: u for u in ind.owner_units.all()}}
        for pk, unit in owners.items():
            per_unit[pk].append(status)
            units[pk] = unit
    totals = []
    for pk, items in per_unit.items():
        weighted = [s for s in items if s.indicator.weight > 0]
        pairs = [(s.indicator.weight, s.level or Decimal("0")) for s in weighted]
        level = weighted_level(pairs)
        totals.append(
            UnitTotal(
                unit=units[pk],
                statuses=items,
                total_weight=sum((s.indicator.weight for s in weighted), Decimal("0")),
                earned=sum((s.score or Decimal("0") for s in weighted), Decimal("0")),
                level=level,
                band=band_for(level),
            )
        )
    return sorted(totals, key=lambda t: (t.unit.kind, t.unit.code))


def weight_check(indicators: Iterable[Indicator]) -> list[tuple[Any, Decimal, Decimal]]:
    """Agreement components whose indicators' weights do not add up: (component, sum, expected)."""
    sums: dict[int, Decimal] = defaultdict(Decimal)
    comps: dict[int, Any] = {}
    for ind in indicators:
        if ind.component_id and ind.component is not None:
            sums[ind.component_id] += ind.weight
            comps[ind.component_id] = ind.component
    return [(comps[pk], total, comps[pk].weight) for pk, total in sums.items() if total != comps[pk].weight]


# ── Strategy map ─────────────────────────────────────────────────────────────────────────────


@dataclass
class TreeNode:
    node: StrategyNode
    children: list[TreeNode] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[Any] = field(default_factory=list)


def _project_links() -> dict[int, list[Any]]:
    """Projects hanging from nodes, if the projects module links them (read without importing it)."""
    links: dict[int, list[Any]] = defaultdict(list)
    for rel in StrategyNode._meta.related_objects:
        model = rel.related_model
        if (
            not isinstance(model, type)
            or model._meta.app_label != "projects"
            or model._meta.model_name != "project"
        ):
            continue
        if rel.many_to_many:
            through = getattr(model, rel.field.name).through
            if not through._meta.auto_created:
                continue
            rows = through._default_manager.select_related("project")
            for row in rows:
                links[row.strategynode_id].append(row.project)
        elif rel.one_to_many:
            for project in model._default_manager.filter(**{f"{rel.field.name}__isnull": False}):
                links[getattr(project, rel.field.attname)].append(project)
    return links


def strategy_tree(*, fiscal_year: int | None = None) -> list[TreeNode]:
    nodes = {n.pk: TreeNode(n) for n in StrategyNode.objects.order_by("sort_order", "code", "id")}
    links = Indicator.strategy_nodes.through.objects.select_related("indicator")
    if fiscal_year:
        links = links.filter(indicator__fiscal_year=fiscal_year)
    for link in links:
        if link.strategynode_id in nodes:
            nodes[link.strategynode_id].indicators.append(link.indicator)
    for node_id, projects in _project_links().items():
        if node_id in nodes:
            nodes[node_id].projects.extend(projects)
    roots = []
    for tree_node in nodes.values():
        parent_id = tree_node.node.parent_id
        if parent_id and parent_id in nodes:
            nodes[parent_id].children.append(tree_node)
        else:
            roots.append(tree_node)
    return roots


def node_path(node: StrategyNode) -> list[StrategyNode]:
    """The node and its ancestors, root first."""
    path = [node]
    seen = {node.pk}
    while path[0].parent_id and path[0].parent_id not in seen:
        parent = StrategyNode.objects.get(pk=path[0].parent_id)
        seen.add(parent.pk)
        path.insert(0, parent)
    return path


def unit_label(indicator: Indicator) -> str:
    return str(MeasureUnit(indicator.unit_of_measure).label)
