"""The dashboards' filtered counts, read through the maintained counts (:mod:`nokrabob.reports.counts`).

This module only translates what a dashboard asks into ``registry_counts`` calls: welfare coverage is the
people whose latest record of a scheme is enrolled or received (the registry list's "in the scheme"
filter, so a figure clicks through to exactly its people), and the eligible-not-enrolled gap is the
scheme's rule in force (``registry.eligibility.rule_in_force``: age range, formal workers left out) as
count filters. Counts are of the reader's scope; showing them goes through ``shown_count``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from nokrabob.registry.eligibility import IN_SCHEME, rule_in_force
from nokrabob.reports import counts

Key = tuple[str, ...]


@dataclass(frozen=True)
class CountFilter:
    """The dashboard's filters as counts take them ("" = no condition; ``age_band`` any band or range)."""

    area: str = ""
    occupation_group: str = ""
    sex: str = ""
    age_band: str = ""
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    on: dt.date | None = None


def _shared(flt: CountFilter, **extra: Any) -> counts.CountFilter:
    return counts.CountFilter(
        area=flt.area or None,
        occupation_group=flt.occupation_group or None,
        sex=flt.sex or None,
        age_band=flt.age_band or None,
        registered_from=flt.registered_from,
        registered_to=flt.registered_to,
        on=flt.on,
        **extra,
    )


def registered(user: Any, flt: CountFilter, by: Sequence[str] = ()) -> dict[Key, int]:
    """People registered, per ``by`` (any of the shared counts' dimensions). ``user`` None counts every
    record (a peer ranking, whose only output is the reader's own position)."""
    return counts.registry_counts(user, _shared(flt), by)


def in_scheme(user: Any, flt: CountFilter, by: Sequence[str] = (), *, scheme: str = "") -> dict[Key, int]:
    """People whose latest record of a scheme is enrolled or received. Without ``scheme`` the keys start
    with the scheme's code (``by`` follows it); with one, the keys are ``by``'s alone."""
    dims = ("scheme", "welfare_status", *by) if not scheme else ("welfare_status", *by)
    out: Counter[Key] = Counter()
    for key, n in counts.registry_counts(user, _shared(flt, scheme=scheme or None), dims).items():
        if not scheme and key[1] in IN_SCHEME:
            out[(key[0], *key[2:])] += n
        elif scheme and key[0] in IN_SCHEME:
            out[key[1:]] += n
    return dict(out)


def _intersect(band: str, youngest: int, oldest: int | None) -> str | None:
    """``band`` (a code or "lo-hi"/"lo+") narrowed to ages youngest–oldest; None when nothing is left."""
    if band:
        low, high = counts.age_range(band)
        youngest = max(low, youngest)
        oldest = high if oldest is None else oldest if high is None else min(high, oldest)
    if oldest is not None and oldest < youngest:
        return None
    return f"{youngest}+" if oldest is None else f"{youngest}-{oldest}"


def gap(user: Any, flt: CountFilter, *, scheme: str, on: dt.date, by: Sequence[str] = ()) -> dict[Key, int]:
    """People eligible for ``scheme`` on ``on`` (its rule in force) whose latest record of it is not
    enrolled or received: the registry list's "eligible but not enrolled" filter, counted."""
    rule = rule_in_force(scheme, on)
    if rule is None:
        return {}
    band = _intersect(flt.age_band, rule.min_age or 0, rule.max_age)
    if band is None:
        return {}
    eligible = replace(flt, age_band=band, on=on)
    formal = {"formal": False} if rule.excludes_formal_workers else {}
    out: Counter[Key] = Counter(counts.registry_counts(user, _shared(eligible, **formal), by))
    latest = counts.registry_counts(user, _shared(eligible, scheme=scheme, **formal), ("welfare_status", *by))
    for key, n in latest.items():
        if key[0] in IN_SCHEME:
            out[key[1:]] -= n
    return {key: n for key, n in out.items() if n}


__all__ = ["CountFilter", "gap", "in_scheme", "registered"]
