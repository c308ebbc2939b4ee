"""The dashboards' pictures: maps, charts and their tables for a user's scope, the area's rank among its
peers and the FY agreement's score card. Only counts leave these functions, never a person's record.

Counts go through :func:`nokrabob.accounts.scope.shown_count`: a reader's own area is counted exactly; an
executive (who reads no records) sees every count from the suppression limit up. A district or province
office sees other areas only as its own rank among them (:func:`peer_rank`), never as their counts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Reach
from nokrabob.accounts.scope import shown_count
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.thai import THAI_MONTHS_ABBR
from nokrabob.registry.eligibility import schemes_with_rules
from nokrabob.reports import charts, maps
from nokrabob.reports.counts import CountFilter, eligible_not_enrolled_counts, registry_counts
from nokrabob.reports.public import Figure
from nokrabob.reports.selectors import RegistrySummary, registry_summary
from nokrabob.reports.suppression import SUPPRESSED

BANGKOK = "10"
DISTRICT_REACH = (Reach.ALL, Reach.NONE, Reach.BANGKOK, Reach.OWN_DISTRICT)
PROVINCE_REACH = (Reach.ALL, Reach.NONE, Reach.ALL_PROVINCES, Reach.OWN_PROVINCE)
TREND_MONTHS = 12


@dataclass
class Rank:
    """Where the user's own area stands among its peers by registered count (1 = most)."""

    area_name: str
    count: int
    position: int
    peers: int
    level: str  # district · province


@dataclass
class ScoreLine:
    code: str
    name: str
    weight: Decimal
    level: Decimal | None
    band_css: str


@dataclass
class ScoreCard:
    title: str
    fiscal_year: int
    earned: Decimal
    total_weight: Decimal
    lines: list[ScoreLine] = field(default_factory=list)


@dataclass
class Dashboard:
    summary: RegistrySummary
    figures: list[Figure]
    rank: Rank | None = None
    scorecard: ScoreCard | None = None


def _shown(value: int | None) -> str:
    return SUPPRESSED if value is None else f"{value:,}"


def _exact(user: Any) -> bool:
    return bool(user.caps.reach is not Reach.NONE)


def _area_counts(user: Any, level: str) -> dict[str, int]:
    """Registered people per Bangkok district or per province in ``user``'s scope (None: every record,
    for the peers' ranking only)."""
    if level == "district":
        counts = registry_counts(user, CountFilter(area=BANGKOK), ["district"])
    else:
        counts = registry_counts(user, CountFilter(), ["province"])
    return {code: n for (code,), n in counts.items()}


def _map_figure(user: Any, level: str) -> Figure:
    counts = _area_counts(user, level)
    exact = _exact(user)
    features = maps.areas(level)
    values: dict[str, float | None] = {}
    for area in features:
        if area.code in counts:
            values[area.code] = shown_count(counts[area.code], all_in_scope=exact)
        elif user.caps.reach in (Reach.NONE, Reach.ALL) or (
            level == "district" and user.caps.reach is Reach.BANGKOK
        ):
            values[area.code] = 0  # an area the reader sees whole, with nobody registered yet
    title = _("ผู้ขึ้นทะเบียนรายเขต กรุงเทพมหานคร") if level == "district" else _("ผู้ขึ้นทะเบียนรายจังหวัด")
    svg = maps.choropleth(level, values, title=title, legend=_("จำนวนผู้ขึ้นทะเบียน (คน)"))
    table = [
        (a.name_th, _shown(values[a.code]))  # type: ignore[arg-type]
        for a in sorted(features, key=lambda a: a.code)
        if a.code in values
    ]
    return Figure(title, svg, table, maps.ATTRIBUTION)


def _bar_figure(title: str, rows: list[tuple[str, int | None]]) -> Figure:
    data: list[tuple[str, float | None]] = list(rows)
    svg = charts.bar_chart(data, title=title, unit=_("คน"))
    return Figure(title, svg, [(label, _shown(v)) for label, v in rows])


def gap_by_scheme(user: Any, *, today: dt.date) -> list[tuple[str, int | None]]:
    """Per scheme with a rule in force: how many people in the reader's scope are eligible but not in it."""
    exact = _exact(user)
    return [
        (
            scheme.name_th,
            shown_count(
                eligible_not_enrolled_counts(user, scheme.code, on=today).get((), 0), all_in_scope=exact
            ),
        )
        for scheme in schemes_with_rules(today).order_by("code")
    ]


def _month_starts(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        starts.append(dt.date(index // 12, index % 12 + 1, 1))
    return starts


def monthly_trend(user: Any, *, today: dt.date) -> list[tuple[str, int | None]]:
    """New registrations per month over the last twelve months, labelled "ต.ค. 68" (Buddhist era)."""
    starts = _month_starts(today, TREND_MONTHS)
    rows = registry_counts(user, CountFilter(registered_from=starts[0]), ["month"])
    counts = {(int(month[:4]), int(month[5:])): n for (month,), n in rows.items()}
    exact = _exact(user)
    return [
        (
            f"{THAI_MONTHS_ABBR[s.month - 1]} {(s.year + 543) % 100:02d}",
            shown_count(counts.get((s.year, s.month), 0), all_in_scope=exact),
        )
        for s in starts
    ]


def own_area(user: Any) -> tuple[str, Any] | None:
    """(level, Area) of a district or provincial office user; None for everyone else."""
    reach = user.caps.reach
    area = user.unit.area if user.unit_id and user.unit else None
    if area is None:
        return None
    if reach is Reach.OWN_DISTRICT:
        return ("district", area)
    if reach is Reach.OWN_PROVINCE:
        return ("province", area)
    return None


def peer_rank(user: Any) -> Rank | None:
    """The own area's rank among Bangkok's 50 districts or the 76 other provinces by registered count.

    The peers' counts are read over every record on purpose: they leave this function only as the one
    position, so no other area's count is ever shown.
    """
    mine = own_area(user)
    if mine is None:
        return None
    level, area = mine
    code = area.code if level == "district" else area.code[:2]
    counts = _area_counts(None, level)
    if level == "district":
        peers = [a.code for a in maps.areas("district")]
    else:
        peers = [a.code for a in maps.areas("province") if a.code != BANGKOK]
    own = counts.get(code, 0)
    position = 1 + sum(1 for peer in peers if peer != code and counts.get(peer, 0) > own)
    return Rank(area_name=area.name_th, count=own, position=position, peers=len(peers), level=level)


def scorecard(user: Any, *, today: dt.date) -> ScoreCard | None:
    """The latest fiscal year's agreement (up to this year): weighted total and each indicator's level."""
    from nokrabob.performance.agreements import agreement_summary, agreements_of_year
    from nokrabob.performance.models import PerformanceAgreement

    year = (
        PerformanceAgreement.objects.filter(fiscal_year__lte=FiscalYear.of(today).be)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if year is None:
        return None
    agreements = agreements_of_year(year)
    summary = agreement_summary(agreements[0].pk, user, today=today)
    lines = [
        ScoreLine(
            code=s.indicator.code,
            name=s.indicator.name,
            weight=s.indicator.weight,
            level=s.level,
            band_css=s.band.css if s.band else "",
        )
        for block in summary.blocks
        for s in block.statuses
    ]
    return ScoreCard(
        title=str(summary.agreement),
        fiscal_year=year,
        earned=summary.earned,
        total_weight=summary.total_weight,
        lines=lines,
    )


def dashboard_for(user: Any, *, today: dt.date | None = None, with_scorecard: bool = False) -> Dashboard:
    """Every picture of the dashboard, for the reader's scope."""
    today = today or timezone.localdate()
    summary = registry_summary(user, today=today)
    reach = user.caps.reach
    figures: list[Figure] = []
    if reach in DISTRICT_REACH:
        figures.append(_map_figure(user, "district"))
    if reach in PROVINCE_REACH:
        figures.append(_map_figure(user, "province"))
    figures.append(_bar_figure(_("ผู้ขึ้นทะเบียนตามกลุ่มอาชีพ"), [(r.label, r.count) for r in summary.by_occupation]))
    figures.append(
        _bar_figure(
            _("ผู้เป็นสมาชิก/ได้รับสวัสดิการ ตามประเภทสวัสดิการ"), [(r.label, r.count) for r in summary.by_scheme]
        )
    )
    gap = gap_by_scheme(user, today=today)
    if gap:
        figures.append(_bar_figure(_("ผู้มีสิทธิแต่ยังไม่เป็นสมาชิก ตามประเภทสวัสดิการ"), gap))
    trend = monthly_trend(user, today=today)
    title = _("ผู้ขึ้นทะเบียนใหม่รายเดือน (12 เดือนล่าสุด)")
    points = [(label, math.nan if n is None else float(n)) for label, n in trend]
    figures.append(
        Figure(
            title, charts.line_chart(points, title=title, unit=_("คน")), [(k, _shown(v)) for k, v in trend]
        )
    )
    return Dashboard(
        summary=summary,
        figures=figures,
        rank=peer_rank(user),
        scorecard=scorecard(user, today=today) if with_scorecard else None,
    )


__all__ = ["Dashboard", "Rank", "ScoreCard", "dashboard_for", "gap_by_scheme", "monthly_trend", "peer_rank"]
