"""The dashboards' choropleths: Bangkok's districts and the provinces, for the measure the reader chose
(registered, coverage, gap, reporting rate), each area linking to its people where the reader may read
them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Reach
from nokrabob.accounts.scope import shown_count
from nokrabob.registry.models import Scheme
from nokrabob.registry.selectors import IN_SCHEME_STATUS
from nokrabob.reports import maps
from nokrabob.reports.dashboard_counts import gap, in_scheme, registered
from nokrabob.reports.dashboard_links import Links, exact_for
from nokrabob.reports.dashboard_links import shown_text as _shown
from nokrabob.reports.figure import Figure
from nokrabob.reports.filters import MEASURES, DashboardFilters
from nokrabob.reports.panels import Reporting
from nokrabob.reports.svg import to_svg

BANGKOK = "10"


def _visible_areas(user: Any, level: str, filters: DashboardFilters) -> list[maps.Area]:
    """The areas of a map the reader sees whole (an area with no one is a 0, not "no data")."""
    reach = user.caps.reach
    features = [
        a for a in maps.areas(level) if not filters.area or a.code.startswith(filters.area[: len(a.code)])
    ]
    if filters.area and len(filters.area) == 4 and level == "province":
        features = [a for a in features if a.code == filters.area[:2]]
    if reach in (Reach.NONE, Reach.ALL) or (level == "district" and reach is Reach.BANGKOK):
        return features
    if reach is Reach.ALL_PROVINCES and level == "province":
        return [a for a in features if a.code != BANGKOK]
    return []


def _area_values(
    user: Any, level: str, filters: DashboardFilters, *, today: dt.date, reporting: Reporting | None
) -> tuple[dict[str, float | None], bool]:
    """(area code → shown value, is a percentage) for the chosen measure."""
    flt = filters.count_filter(today=today)
    if level == "district":
        flt = replace(flt, area=flt.area or BANGKOK)
    exact = exact_for(user)
    measure = filters.measure
    if measure == "reporting":
        return (dict(reporting.by_province) if reporting else {}), True
    people = {k[0]: n for k, n in registered(user, flt, (level,)).items()}
    if measure == "gap":
        raw = {k[0]: n for k, n in gap(user, flt, scheme=filters.map_scheme, on=today, by=(level,)).items()}
    elif measure == "coverage":
        raw = {k[0]: n for k, n in in_scheme(user, flt, (level,), scheme=filters.map_scheme).items()}
    else:
        raw = people
    values: dict[str, float | None] = {}
    whole = {a.code for a in _visible_areas(user, level, filters)}
    for code in whole | set(raw) | set(people):
        count = shown_count(raw.get(code, 0), all_in_scope=exact)
        if measure != "coverage":
            values[code] = count
            continue
        base = shown_count(people.get(code, 0), all_in_scope=exact)
        if count is None or base is None:
            values[code] = None
        elif base:
            values[code] = round(100 * count / base, 1)
    return values, measure == "coverage"


def map_figure(
    user: Any,
    level: str,
    filters: DashboardFilters,
    links: Links,
    *,
    today: dt.date,
    reporting: Reporting | None,
) -> Figure | None:
    if level == "district" and filters.measure == "reporting":
        return None  # Bangkok's districts send no monthly reports to the ministry
    values, percent = _area_values(user, level, filters, today=today, reporting=reporting)
    percent = percent or filters.measure == "reporting"
    measure = str(MEASURES[filters.measure])
    if filters.measure in ("coverage", "gap"):
        scheme = Scheme.objects.filter(code=filters.map_scheme).values_list("name_th", flat=True).first()
        measure = f"{measure} · {scheme or filters.map_scheme}"
    where = _("รายเขต กรุงเทพมหานคร") if level == "district" else _("รายจังหวัด")
    title = f"{measure} {where}"
    drawing = maps.choropleth_drawing(level, values, title=title, legend=measure, percent=percent)
    names = {a.code: a.name_th for a in maps.areas(level)}
    codes = sorted(code for code in values if code in names)
    extra: dict[str, str] = {}
    if filters.measure == "coverage":
        extra = {"scheme": filters.map_scheme, "status": IN_SCHEME_STATUS}
    elif filters.measure == "gap":
        extra = {"eligible": filters.map_scheme}
    if filters.measure == "reporting":
        row_links = [reporting.grid_url if reporting else "" for _c in codes]
    else:
        row_links = [links.area(code, **extra) if values[code] is not None else "" for code in codes]
    return Figure(
        title,
        to_svg(drawing),
        [(names[c], _shown(values[c], percent=percent)) for c in codes],
        maps.ATTRIBUTION,
        links=row_links,
        value_heading=measure,
        key=f"map-{level}",
        drawing=drawing,
    )


__all__ = ["map_figure"]
