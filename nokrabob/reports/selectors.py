"""Aggregates of the registry for dashboards. No personal record leaves these functions: only counts.

Executives read aggregates for the whole city and country (their role reads no personal records at all);
everyone else's aggregates cover what their scope covers, so a district's dashboard counts its own district.
Executives' counts are of people outside their (empty) scope, so a count below the suppression limit is
withheld (``accounts.scope.shown_count``): one farmer in a province is a person, not a statistic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from nokrabob.accounts.roles import Reach
from nokrabob.accounts.scope import scoped_for_counts, shown_count
from nokrabob.registry.areas import district_name, province_name
from nokrabob.registry.models import Occupation, Person, Scheme, WelfareStatus
from nokrabob.reports.counts import CountFilter, registry_counts

REACHED_STATUSES = (WelfareStatus.ENROLLED, WelfareStatus.RECEIVED)


def _people(user: Any) -> QuerySet[Person]:
    # Executives: aggregates of everything, never records (scoped_for_counts decides).
    return scoped_for_counts(Person.objects.filter(merged_into__isnull=True), user)


@dataclass
class Row:
    code: str
    label: str
    count: int | None  # None: withheld (below the suppression limit)
    share: float = 0.0  # of the largest row, for the bar


@dataclass
class RegistrySummary:
    total: int | None
    elderly: int | None
    by_area: list[Row] = field(default_factory=list)
    by_occupation: list[Row] = field(default_factory=list)
    by_scheme: list[Row] = field(default_factory=list)
    area_level: str = "district"


def _with_shares(rows: list[Row], *, exact: bool) -> list[Row]:
    """Shares of the largest row, then counts as the reader may see them (a withheld row has no bar)."""
    top = max((r.count or 0 for r in rows), default=0) or 1
    for row in rows:
        row.count = shown_count(row.count or 0, all_in_scope=exact)
        row.share = round(100 * row.count / top, 1) if row.count is not None else 0.0
    return rows


def registry_summary(user: Any, *, today: dt.date | None = None) -> RegistrySummary:
    """Read from the registry's maintained counts (ADR 0400): each person counts once, in their latest
    current occupation group, and in each scheme they were ever enrolled in or received."""
    today = today or timezone.localdate()
    now = CountFilter(on=today)
    by_province = registry_counts(user, now, ["province"])
    total = sum(by_province.values())
    elderly = registry_counts(user, CountFilter(on=today, age_band="60+")).get((), 0)

    in_bangkok_only = {code for (code,) in by_province} <= {"10"}
    if in_bangkok_only:
        level, name_of = "district", district_name
        area_counts = registry_counts(user, now, ["district"])
    else:
        level, name_of, area_counts = "province", province_name, by_province
    by_area = [Row(code, name_of(code), n) for (code,), n in sorted(area_counts.items())]

    occupation_counts = registry_counts(user, now, ["occupation_group"])
    by_occupation = [
        Row(o.code, o.name_th, occupation_counts.get((o.code,), 0))
        for o in Occupation.objects.filter(is_active=True)
    ]
    scheme_counts = registry_counts(user, CountFilter(on=today, reached=True), ["scheme"])
    by_scheme = [
        Row(s.code, s.name_th, scheme_counts.get((s.code,), 0)) for s in Scheme.objects.filter(is_active=True)
    ]
    exact = user.caps.reach is not Reach.NONE  # everyone else counts only people they may read
    return RegistrySummary(
        total=shown_count(total, all_in_scope=exact),
        elderly=shown_count(elderly, all_in_scope=exact),
        by_area=_with_shares(by_area, exact=exact),
        by_occupation=_with_shares(by_occupation, exact=exact),
        by_scheme=_with_shares(by_scheme, exact=exact),
        area_level=level,
    )


def scope_label(user: Any) -> str:
    from django.utils.translation import gettext as _

    reach = user.caps.reach
    if reach in (Reach.ALL, Reach.NONE):
        return _("ทั้งหมด")
    if reach is Reach.BANGKOK:
        return _("กรุงเทพมหานคร")
    if reach is Reach.ALL_PROVINCES:
        return _("ทุกจังหวัด (ยกเว้นกรุงเทพมหานคร)")
    return user.unit.area.name_th if user.unit else ""


__all__ = ["RegistrySummary", "Row", "registry_summary", "scope_label"]
