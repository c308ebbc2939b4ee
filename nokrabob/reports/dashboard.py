"""The dashboards for a reader's scope and filters: tiles, maps, charts and their tables, the area's rank
among its peers, the FY agreement's score card, project progress and reporting rates. Only counts leave
these functions, never a person's record.

Counts come from :mod:`nokrabob.reports.dashboard_counts` and are shown through
:func:`nokrabob.accounts.scope.shown_count`: a reader's own area is counted exactly; an executive (who
reads no records) sees every count from the suppression limit up and gets no link to a list of people.
A district or province office sees other areas only as its own rank among them (:func:`peer_rank`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Reach
from nokrabob.accounts.scope import shown_count
from nokrabob.core.fiscal import FiscalYear, Period
from nokrabob.core.thai import THAI_MONTHS_ABBR, format_be_date
from nokrabob.registry.eligibility import schemes_with_rules
from nokrabob.registry.models import Occupation, Scheme
from nokrabob.registry.selectors import IN_SCHEME_STATUS
from nokrabob.reports import charts, maps
from nokrabob.reports.dashboard_counts import CountFilter, gap, in_scheme, registered
from nokrabob.reports.dashboard_links import Links, exact_for
from nokrabob.reports.dashboard_links import shown_text as _shown
from nokrabob.reports.dashboard_maps import map_figure
from nokrabob.reports.figure import Figure
from nokrabob.reports.filters import DashboardFilters
from nokrabob.reports.panels import Reporting, ScoreCard, project_progress, reporting_rates, scorecard
from nokrabob.reports.suppression import SUPPRESSED
from nokrabob.reports.svg import to_svg

BANGKOK = "10"
DISTRICT_REACH = (Reach.ALL, Reach.NONE, Reach.BANGKOK, Reach.OWN_DISTRICT)
PROVINCE_REACH = (Reach.ALL, Reach.NONE, Reach.ALL_PROVINCES, Reach.OWN_PROVINCE)


@dataclass
class Rank:
    """Where the user's own area stands among its peers by registered count (1 = most)."""

    area_name: str
    count: int
    position: int
    peers: int
    level: str  # district · province


@dataclass
class Tile:
    title: str
    count: int | None  # a head count as shown (None: withheld, "fewer than 5")
    note: str = ""
    url: str = ""
    key: str = ""
    text: str = ""  # a value that is not a head count (a rate), shown as it is


@dataclass
class Dashboard:
    filters: DashboardFilters
    tiles: list[Tile]
    figures: list[Figure]
    rank: Rank | None = None
    scorecard: ScoreCard | None = None
    notes: list[str] = field(default_factory=list)


# ── Charts ────────────────────────────────────────────────────────────────────────────────────────


def _bar(
    key: str, title: str, rows: list[tuple[str, int | None]], links: list[str], *, list_url: str = ""
) -> Figure:
    drawing = charts.bar_drawing(list(rows), title=title, unit=_("คน"))
    return Figure(
        title,
        to_svg(drawing),
        [(label, _shown(v)) for label, v in rows],
        links=links,
        key=key,
        drawing=drawing,
        list_url=list_url,
        list_text=_("ดูรายชื่อทั้งหมด") if list_url else "",
    )


def by_occupation(user: Any, flt: CountFilter, links: Links) -> Figure:
    counts = registered(user, flt, ("occupation_group",))
    exact = exact_for(user)
    groups = list(Occupation.objects.filter(is_active=True))
    if flt.occupation_group:  # one group chosen: the others would count its people's other work
        groups = [o for o in groups if o.code == flt.occupation_group]
    rows = [(o.name_th, shown_count(counts.get((o.code,), 0), all_in_scope=exact)) for o in groups]
    urls = [links.people(occupation=o.code) for o in groups]
    return _bar("occupation", _("ผู้ขึ้นทะเบียนตามกลุ่มอาชีพ"), rows, urls)


def coverage_by_scheme(user: Any, flt: CountFilter, links: Links, total: int, scheme: str) -> Figure:
    """Per scheme: people in it (latest record enrolled or received) and their share of the registered."""
    exact = exact_for(user)
    counts = in_scheme(user, flt)
    schemes = list(Scheme.objects.filter(is_active=True).order_by("code"))
    if scheme:
        schemes = [s for s in schemes if s.code == scheme]
    shown_total = shown_count(total, all_in_scope=exact)
    rows: list[tuple[str, float | None]] = []
    texts = []
    for s in schemes:
        n = shown_count(counts.get((s.code,), 0), all_in_scope=exact)
        share = None if n is None or not shown_total else round(100 * n / shown_total, 1)
        rows.append((s.name_th, share if n is not None else None))
        texts.append(
            SUPPRESSED
            if n is None
            else f"{_shown(share, percent=True) if share is not None else '–'} ({n:,})"
        )
    title = _("ความครอบคลุมสวัสดิการ: ผู้เป็นสมาชิก/ได้รับแล้ว (% ของผู้ขึ้นทะเบียน)")
    drawing = charts.bar_drawing(
        rows, title=title, unit=_("ร้อยละของผู้ขึ้นทะเบียน"), percent=True, value_labels=texts
    )
    return Figure(
        title,
        to_svg(drawing),
        [(label, text) for (label, _v), text in zip(rows, texts, strict=True)],
        links=[links.people(scheme=s.code, status=IN_SCHEME_STATUS) for s in schemes],
        value_heading=_("ร้อยละ (จำนวนคน)"),
        key="coverage",
        drawing=drawing,
    )


def gap_by_scheme(
    user: Any, flt: CountFilter, links: Links, *, today: dt.date, scheme: str = ""
) -> Figure | None:
    """Per scheme with a rule in force: people eligible on ``today`` and not in it."""
    exact = exact_for(user)
    schemes = list(schemes_with_rules(today).order_by("code"))
    if scheme:
        schemes = [s for s in schemes if s.code == scheme]
    if not schemes:
        return None
    rows = [
        (
            s.name_th,
            shown_count(gap(user, flt, scheme=s.code, on=today).get((), 0), all_in_scope=exact),
        )
        for s in schemes
    ]
    return _bar(
        "gap",
        _("ผู้มีสิทธิแต่ยังไม่เป็นสมาชิก ตามประเภทสวัสดิการ"),
        rows,
        [links.people(eligible=s.code) for s in schemes],
    )


def _be_short(day: dt.date) -> str:
    return f"{THAI_MONTHS_ABBR[day.month - 1]} {(day.year + 543) % 100:02d}"


def _trend(
    key: str, title: str, periods: list[tuple[str, dt.date, dt.date, int | None]], links: Links
) -> Figure:
    points = [(label, math.nan if n is None else float(n)) for label, _s, _e, n in periods]
    drawing = charts.line_drawing(points, title=title, unit=_("คน"))
    return Figure(
        title,
        to_svg(drawing),
        [(label, _shown(n)) for label, _s, _e, n in periods],
        links=[
            links.people(registered_from=format_be_date(start), registered_to=format_be_date(end))
            for _l, start, end, _n in periods
        ],
        key=key,
        drawing=drawing,
    )


def trends(user: Any, flt: CountFilter, links: Links, year: FiscalYear, *, today: dt.date) -> list[Figure]:
    """New registrations by month of the fiscal year and by fiscal quarter (this year and the last),
    up to this month; the filters' own period narrows them further."""
    previous = FiscalYear(year.be - 1)
    start = max(previous.start, flt.registered_from or previous.start)
    end = min(year.end, flt.registered_to or year.end)
    counts = registered(user, replace(flt, registered_from=start, registered_to=end), ("month",))
    exact = exact_for(user)
    until = min(year.end, today) if today >= year.start else year.end

    def shown(period: Period) -> bool:  # up to this month, and inside the filters' own period
        return period.start <= until and period.start <= end and period.end >= start

    def total(first: dt.date, last: dt.date) -> int | None:
        n = sum(count for (key,), count in counts.items() if f"{first:%Y-%m}" <= key <= f"{last:%Y-%m}")
        return shown_count(n, all_in_scope=exact)

    months = [(_be_short(p.start), p.start, p.end, total(p.start, p.end)) for p in year.months if shown(p)]
    quarters = [
        (_("ไตรมาส %(q)s/%(fy)s") % {"q": q.number, "fy": fy.be}, q.start, q.end, total(q.start, q.end))
        for fy in (previous, year)
        for q in fy.quarters
        if shown(q)
    ]
    return [
        _trend("trend-month", _("ผู้ขึ้นทะเบียนใหม่รายเดือน ปีงบประมาณ %(fy)s") % {"fy": year.be}, months, links),
        _trend(
            "trend-quarter",
            _("ผู้ขึ้นทะเบียนใหม่รายไตรมาส ปีงบประมาณ %(a)s–%(b)s") % {"a": previous.be, "b": year.be},
            quarters,
            links,
        ),
    ]


# ── Rank ──────────────────────────────────────────────────────────────────────────────────────────


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


def peer_rank(
    user: Any, filters: DashboardFilters | None = None, *, today: dt.date | None = None
) -> Rank | None:
    """The own area's rank among Bangkok's 50 districts or the 76 other provinces by registered count,
    with the same filters (occupation, sex, age band, period).

    The peers' counts are read over every record on purpose: they leave this function only as the one
    position, so no other area's count is ever shown.
    """
    mine = own_area(user)
    if mine is None:
        return None
    level, area = mine
    flt = replace((filters or DashboardFilters()).count_filter(today=today), area="")
    code = area.code if level == "district" else area.code[:2]
    if level == "district":
        peers = [a.code for a in maps.areas("district")]
        found = registered(None, replace(flt, area=BANGKOK), ("district",))
    else:
        peers = [a.code for a in maps.areas("province") if a.code != BANGKOK]
        found = registered(None, flt, ("province",))
    counts = {key[0]: n for key, n in found.items()}
    own = counts.get(code, 0)
    position = 1 + sum(1 for peer in peers if peer != code and counts.get(peer, 0) > own)
    return Rank(area_name=area.name_th, count=own, position=position, peers=len(peers), level=level)


# ── The whole dashboard ───────────────────────────────────────────────────────────────────────────


def _tiles(
    user: Any, flt: CountFilter, links: Links, total: int, *, reporting: Reporting | None
) -> list[Tile]:
    exact = exact_for(user)
    tiles = [Tile(_("ผู้ขึ้นทะเบียน"), shown_count(total, all_in_scope=exact), _("คน"), links.people(), "total")]
    band = flt.age_band or "60+"
    if band in ("60+", "60-65", "66+"):  # another band has no one of 60 or more in it
        elderly = registered(user, replace(flt, age_band=band)).get((), 0)
        tiles.append(
            Tile(
                _("ผู้สูงอายุ (60 ปีขึ้นไป)"),
                shown_count(elderly, all_in_scope=exact),
                _("คน"),
                links.people(age_band=band),
                "elderly",
            )
        )
    if reporting is not None:
        tiles.append(
            Tile(
                _("อัตราการส่งรายงานประจำเดือน"),
                None,
                _("ของรายงานที่ถึงกำหนด"),
                reporting.grid_url,
                "reporting-rate",
                "–" if reporting.year_rate is None else _shown(reporting.year_rate, percent=True),
            )
        )
    return tiles


def dashboard_for(
    user: Any,
    filters: DashboardFilters | None = None,
    *,
    today: dt.date | None = None,
    with_scorecard: bool = True,
) -> Dashboard:
    """Every panel of the dashboard, for the reader's scope and filters."""
    today = today or timezone.localdate()
    filters = filters or DashboardFilters()
    flt = filters.count_filter(today=today)
    links = Links(user, filters)
    year = filters.year
    reach = user.caps.reach
    reporting = reporting_rates(user, year.be, today=today) if reach in PROVINCE_REACH else None
    total = registered(user, flt).get((), 0)
    figures: list[Figure] = []
    notes: list[str] = []
    if reach in DISTRICT_REACH:
        district_map = map_figure(user, "district", filters, links, today=today, reporting=reporting)
        if district_map:
            figures.append(district_map)
        else:
            notes.append(_("อัตราการส่งรายงานมีเฉพาะแผนที่จังหวัด: สำนักงานเขตไม่ได้ส่งรายงานประจำเดือนต่อกระทรวง"))
    if reach in PROVINCE_REACH:
        province_map = map_figure(user, "province", filters, links, today=today, reporting=reporting)
        if province_map:
            figures.append(province_map)
    figures.append(by_occupation(user, flt, links))
    figures.append(coverage_by_scheme(user, flt, links, total, filters.scheme))
    gap = gap_by_scheme(user, flt, links, today=today, scheme=filters.scheme)
    if gap:
        figures.append(gap)
    figures.extend(trends(user, flt, links, year, today=today))
    progress = project_progress(user, year.be)
    if progress:
        figures.append(progress)
    if reporting:
        figures.append(reporting.figure)
    return Dashboard(
        filters=filters,
        tiles=_tiles(user, flt, links, total, reporting=reporting),
        figures=figures,
        rank=peer_rank(user, filters, today=today),
        scorecard=scorecard(user, today=today, fiscal_year=filters.fiscal_year) if with_scorecard else None,
        notes=notes,
    )


__all__ = ["Dashboard", "Links", "Rank", "Tile", "dashboard_for", "gap_by_scheme", "peer_rank", "trends"]
