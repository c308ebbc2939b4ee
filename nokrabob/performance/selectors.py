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

from nokrabob.accounts.scope import all_in_scope, scope_for, scoped, shown_count
from nokrabob.core.fiscal import FiscalYear, Period
from nokrabob.core.models import OrgUnit
from nokrabob.performance import rules
from nokrabob.performance.measures import HOUSEHOLDS, MEASURES, MeasureResult
from nokrabob.performance.models import (
    Indicator,
    LevelCriterion,
    MeasureKind,
    MeasureSnapshot,
    MeasureUnit,
    QuarterAssessment,
    QuarterResult,
    ScoredFrom,
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
from nokrabob.projects.access import visible_projects
from nokrabob.registry.models import Household, Person

FIVE = Decimal("5")


def indicators_qs() -> QuerySet[Indicator]:
    return Indicator.objects.select_related(
        "lead_unit", "component", "component__agreement"
    ).prefetch_related(
        "owner_units",
        Prefetch("results", queryset=QuarterResult.objects.order_by("quarter")),
        Prefetch("assessments", queryset=QuarterAssessment.objects.order_by("quarter")),
        Prefetch("levels", queryset=LevelCriterion.objects.order_by("level")),
        Prefetch("snapshots", queryset=MeasureSnapshot.objects.filter(superseded_at=None)),
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
class Measured:
    """The registry's figure for a quarter or the year: frozen (a closed quarter's snapshot) or live now."""

    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    as_of: dt.date
    frozen: bool
    quarter: int | None = None
    breakdown: list[tuple[str, str]] = field(default_factory=list)
    snapshot: MeasureSnapshot | None = None

    @classmethod
    def of_snapshot(cls, snap: MeasureSnapshot) -> Measured:
        return cls(
            value=snap.value,
            numerator=snap.numerator,
            denominator=snap.denominator,
            as_of=snap.as_of,
            frozen=True,
            quarter=snap.quarter,
            breakdown=[(str(a), str(b)) for a, b in snap.breakdown],
            snapshot=snap,
        )

    @classmethod
    def of_live(cls, live: MeasureResult, as_of: dt.date) -> Measured:
        return cls(
            value=live.value,
            numerator=live.numerator,
            denominator=live.denominator,
            as_of=as_of,
            frozen=False,
            breakdown=list(live.breakdown),
        )


@dataclass
class QuarterRow:
    number: int
    period: Period
    deadline: dt.date
    locked: bool
    result: QuarterResult | None
    assessment: QuarterAssessment | None
    due: bool = True
    measured: Measured | None = None

    @property
    def reported(self) -> Decimal | None:
        if self.result is None:
            return None
        return self.result.result if self.result.result is not None else self.result.level

    @property
    def state(self) -> str:
        """not_due · no_data · reported — what a quarter without a figure should say (never red)."""
        if self.reported is not None or self.measured is not None:
            return "reported"
        return "no_data" if self.due else "not_due"


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
    # The two figures of a live indicator: the one scored is ``value``; the other is shown beside it.
    reported: Decimal | None = None
    measured: Measured | None = None
    due: bool = True

    @property
    def latest_assessment(self) -> QuarterAssessment | None:
        rows = [
            q.assessment for q in self.quarters if q.assessment is not None and q.assessment.score is not None
        ]
        return rows[-1] if rows else None

    @property
    def scored_from(self) -> str:
        return ScoredFrom.MEASURED if self.indicator.scores_measured else ScoredFrom.REPORTED

    @property
    def scored_label(self) -> str:
        return str(ScoredFrom(self.scored_from).label)

    @property
    def other_value(self) -> Decimal | None:
        """The figure not scored (only a live indicator has two)."""
        if not self.indicator.is_measured:
            return None
        if self.indicator.scores_measured:
            return self.reported
        return self.measured.value if self.measured is not None else None

    @property
    def other_label(self) -> str:
        other = ScoredFrom.REPORTED if self.indicator.scores_measured else ScoredFrom.MEASURED
        return str(ScoredFrom(other).label)

    @property
    def whole_level(self) -> int | None:
        """The level as the seed tables write it: a whole number 0–5 (an interpolated 3.4 is level 3)."""
        return None if self.level is None else int(self.level)

    @property
    def interpolated(self) -> bool:
        return self.level is not None and self.level != int(self.level)

    @property
    def interpolation_note(self) -> tuple[int, Decimal, int, Decimal] | None:
        """(lower level, its %, upper level, its %) around an interpolated level, for the one-line note."""
        if not self.interpolated or self.level_assessed or self.percent is None:
            return None
        rows = sorted((int(lv), Decimal(p)) for lv, p in thresholds_of(self.indicator))
        lower: tuple[int, Decimal] = (0, Decimal("0"))
        for lv, pct in rows:
            if self.percent < pct:
                return (lower[0], lower[1], lv, pct)
            lower = (lv, pct)
        return None

    @property
    def state(self) -> str:
        """scored · no_data · not_due: a figure without a level is neutral, never "needs urgent work"."""
        if self.level is not None:
            return "scored"
        return "no_data" if self.due else "not_due"


def thresholds_of(indicator: Indicator) -> Sequence[tuple[int, Decimal]]:
    table = [(c.level, c.percent) for c in indicator.levels.all()]
    return table or DEFAULT_THRESHOLDS


def _live_as_of(indicator: Indicator, today: dt.date) -> dt.date:
    return min(today, FiscalYear(indicator.fiscal_year).end)


def live_result(indicator: Indicator, user: Any, today: dt.date | None = None) -> MeasureResult | None:
    """The registry's figure now (or at the fiscal year's end for a past year), with the user's drill-down."""
    if indicator.measure_kind != MeasureKind.LIVE or indicator.live_measure not in MEASURES:
        return None
    as_of = _live_as_of(indicator, today or timezone.localdate())
    result = MEASURES[indicator.live_measure].compute(indicator.fiscal_year, user, as_of=as_of)
    result.records = None  # the unscoped list is for snapshots only: never hand it to a page
    return result


def _snapshots(indicator: Indicator, rows: dict[int, QuarterResult], today: dt.date) -> dict[int, Any]:
    """Current snapshots of a live indicator, freezing any closed quarter that has none yet."""
    from nokrabob.performance.services.snapshots import snapshot_ensure

    snaps = {s.quarter: s for s in indicator.snapshots.all() if s.superseded_at is None}
    for quarter in (1, 2, 3, 4):
        if quarter not in snaps and rules.is_locked(indicator, quarter, rows.get(quarter), today):
            snap = snapshot_ensure(indicator, quarter, today=today)
            if snap is not None:
                snaps[quarter] = snap
    return snaps


def _level_of(indicator: Indicator, percent: Decimal) -> Decimal:
    thresholds = thresholds_of(indicator)
    if indicator.interpolate:
        return interpolated_level(percent, thresholds)
    return Decimal(level_for(percent, thresholds))


def indicator_status(
    indicator: Indicator, *, live: MeasureResult | None = None, today: dt.date | None = None
) -> IndicatorStatus:
    """Where an indicator stands: the scored figure, % of target, level (assessed or computed), score.

    A live indicator has two figures: what the unit reported and what the registry measured (frozen per
    closed quarter). ``Indicator.scored_from`` says which one is scored; the same figure feeds every page,
    the PDF and the API.
    """
    today = today or timezone.localdate()
    results = {r.quarter: r for r in indicator.results.all()}
    assessments = {a.quarter: a for a in indicator.assessments.all()}
    fy = FiscalYear(indicator.fiscal_year)
    status = IndicatorStatus(indicator=indicator, live=live)
    snaps = _snapshots(indicator, results, today) if indicator.is_measured else {}
    live_measured = Measured.of_live(live, _live_as_of(indicator, today)) if live is not None else None
    for period in fy.quarters:
        row = results.get(period.number)
        locked = rules.is_locked(indicator, period.number, row, today)
        measured = None
        if period.number in snaps:
            measured = Measured.of_snapshot(snaps[period.number])
        elif live_measured is not None and period.start <= today:
            measured = live_measured  # the open quarter reads the register as it is now
        status.quarters.append(
            QuarterRow(
                number=period.number,
                period=period,
                deadline=rules.quarter_deadline(indicator, period.number),
                locked=locked,
                result=row,
                assessment=assessments.get(period.number),
                due=rules.is_due(indicator, period.number, today),
                measured=measured,
            )
        )
    status.due = status.quarters[0].due
    reported = [r for _q, r in sorted(results.items()) if r.result is not None or r.level is not None]
    latest = reported[-1] if reported else None
    if indicator.measure_kind != MeasureKind.MILESTONE:
        if indicator.achieved is not None:
            status.reported = indicator.achieved
        elif latest is not None:
            status.reported = latest.result
    if indicator.is_measured:
        with_figure = [q.measured for q in status.quarters if q.measured is not None]
        status.measured = with_figure[-1] if with_figure else live_measured

    level: Decimal | None = None
    if indicator.measure_kind == MeasureKind.MILESTONE:
        if latest is not None:
            level = latest.level if latest.level is not None else latest.result
            status.value = level
    else:
        if indicator.scores_measured:
            # A measure over nothing (e.g. no community on record: 0 / 0) is no data, not a result of 0.
            has_base = status.measured is not None and status.measured.denominator != 0
            status.value = status.measured.value if has_base and status.measured is not None else None
        else:
            status.value = status.reported
        if status.value is not None and indicator.target:
            status.percent = quantize(percent_of(status.value, indicator.target) or Decimal("0"))
            level = _level_of(indicator, status.percent)
    if level is not None and not status.due and indicator.scores_measured:
        level = None  # the register's figure before the first quarter ends is not yet a result to score
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


def measured_records(status: IndicatorStatus, user: Any) -> QuerySet[Any] | None:
    """The records behind the measured figure the page shows, within the user's scope.

    A frozen figure lists the records stored in its snapshot (people added since do not appear);
    a live one lists the live drill-down."""
    measured = status.measured
    if measured is None:
        return None
    if measured.snapshot is None:
        return status.live.drilldown if status.live is not None else None
    measure = MEASURES[status.indicator.live_measure]
    model: Any = Household if measure.drilldown_kind == HOUSEHOLDS else Person
    if user is None or scope_for(user).nothing:
        return model.objects.none()
    return scoped(model.objects.filter(pk__in=measured.snapshot.record_ids), user)


def breakdown_for(status: IndicatorStatus, user: Any) -> list[tuple[str, str]]:
    """The measured figure's breakdown as ``user`` may read it.

    A live breakdown was computed for the user already. A snapshot stores exact counts (it is taken for no
    one in particular): unless every record behind it is in the user's scope, a small count reads
    "fewer than 5", the same rule as the live figures (``accounts.scope.shown_count``)."""
    from nokrabob.core.templatetags.thai import head_count

    measured = status.measured
    if measured is None:
        return []
    if measured.snapshot is None or user is None:
        return measured.breakdown
    measure = MEASURES[status.indicator.live_measure]
    model: Any = Household if measure.drilldown_kind == HOUSEHOLDS else Person
    if all_in_scope(model.objects.filter(pk__in=measured.snapshot.record_ids), user):
        return measured.breakdown
    return [
        (label, head_count(shown_count(int(figure), all_in_scope=False)) if figure.isdigit() else figure)
        for label, figure in measured.breakdown
    ]


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
    """A unit's total over the indicators that count: those due (a quarter has ended) or already scored.

    An indicator nobody could have reported yet is listed as not due and left out; a due one without data
    counts as level 0 (it is late) and is listed as such."""

    unit: OrgUnit
    statuses: list[IndicatorStatus]
    total_weight: Decimal
    earned: Decimal
    level: Decimal | None
    band: Band | None
    not_due: list[IndicatorStatus] = field(default_factory=list)
    no_data: list[IndicatorStatus] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        if not self.total_weight:
            return None
        return quantize(self.earned * 100 / self.total_weight)

    @property
    def counted(self) -> int:
        return len(self.statuses) - len(self.not_due)


def unit_totals(statuses: Iterable[IndicatorStatus]) -> list[UnitTotal]:
    """Σ weight × level / Σ weight per owner unit (a joint indicator counts for each of its units),
    over the indicators that are due or scored."""
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
        weighted = [s for s in items if s.indicator.weight > 0 and s.state != "not_due"]
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
                not_due=[s for s in items if s.state == "not_due"],
                no_data=[s for s in items if s.state == "no_data"],
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


def _project_links(user: Any) -> dict[int, list[Any]]:
    """Projects hanging from nodes, if the projects module links them (read without importing its models).

    Each project carries ``openable``: whether ``user`` may open its page (the projects' own access rule),
    so the map names the others without a link that would answer 404.
    """
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
    projects = [project for hanging in links.values() for project in hanging]
    if projects:
        model = type(projects[0])
        hanging_ids = [project.pk for project in projects]
        visible = visible_projects(model._default_manager.filter(pk__in=hanging_ids), user)
        openable = set(visible.values_list("pk", flat=True))
        for project in projects:
            project.openable = project.pk in openable
    return links


def strategy_tree(user: Any, *, fiscal_year: int | None = None) -> list[TreeNode]:
    nodes = {n.pk: TreeNode(n) for n in StrategyNode.objects.order_by("sort_order", "code", "id")}
    links = Indicator.strategy_nodes.through.objects.select_related("indicator")
    if fiscal_year:
        links = links.filter(indicator__fiscal_year=fiscal_year)
    for link in links:
        if link.strategynode_id in nodes:
            nodes[link.strategynode_id].indicators.append(link.indicator)
    for node_id, projects in _project_links(user).items():
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
