"""The dashboards' filtered counts, behind one function with the shape of the shared counting API
(``registry_counts(user, flt, by)``), so the dashboards move onto maintained aggregates by changing the
import here and nowhere else.

Counts are of the people ``scoped_for_counts`` gives the reader (their own area; everyone for a role that
reads no records, whose counts then leave only through ``shown_count``). Nothing but numbers leaves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from nokrabob.accounts.scope import scoped_for_counts
from nokrabob.registry.eligibility import IN_SCHEME, eligible_not_enrolled, latest_status
from nokrabob.registry.models import Person, PersonOccupation, Scheme
from nokrabob.registry.selectors import AGE_BANDS, age_band_condition, registered_condition

SIMPLE = {"province": "province_code", "district": "district_code", "sex": "sex"}
BY = frozenset({*SIMPLE, "occupation_group", "scheme", "month"})


@dataclass(frozen=True)
class CountFilter:
    """Which people to count. ``area``: a DOPA prefix (2-digit province or 4-digit district);
    ``scheme`` with ``welfare_status``: people whose latest record of that scheme has one of the statuses."""

    area: str = ""
    occupation_group: str = ""
    scheme: str = ""
    welfare_status: tuple[str, ...] = ()
    sex: str = ""
    age_band: str = ""
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    on: dt.date | None = None  # the day ages are counted on; today when None


def people(user: object, flt: CountFilter) -> QuerySet[Person]:
    """The reader's countable people narrowed by ``flt`` (a queryset; only ever counted)."""
    everyone = Person.objects.filter(merged_into__isnull=True)
    return narrow(scoped_for_counts(everyone, user), flt)  # type: ignore[arg-type]


def narrow(queryset: QuerySet[Person], flt: CountFilter) -> QuerySet[Person]:
    """``queryset`` narrowed by ``flt`` (the caller has applied the scope)."""
    on = flt.on or timezone.localdate()
    if len(flt.area) == 2:
        queryset = queryset.filter(province_code=flt.area)
    elif flt.area:
        queryset = queryset.filter(district_code=flt.area)
    if flt.occupation_group:
        holds = PersonOccupation.objects.filter(
            person=OuterRef("pk"), occupation__code=flt.occupation_group, is_current=True
        )
        queryset = queryset.filter(Exists(holds))
    if flt.scheme and flt.welfare_status:
        queryset = queryset.alias(_status=latest_status(flt.scheme)).filter(_status__in=flt.welfare_status)
    if flt.sex:
        queryset = queryset.filter(sex=flt.sex)
    if flt.age_band in AGE_BANDS:
        queryset = queryset.filter(age_band_condition(AGE_BANDS[flt.age_band], on))
    registered = registered_condition(flt.registered_from, flt.registered_to)
    if registered is not None:
        queryset = queryset.filter(registered)
    return queryset


def _local_month(value: object) -> str:
    day = value
    if isinstance(day, dt.datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    assert isinstance(day, dt.date)
    return f"{day.year:04d}-{day.month:02d}"


def _grouped(queryset: QuerySet[Person], by: Sequence[str]) -> dict[tuple[str, ...], int]:
    if not by:
        return {(): queryset.count()}
    names = []
    for key in by:
        if key == "month":
            queryset = queryset.annotate(_month=TruncMonth("created_at"))
            names.append("_month")
        else:
            names.append(SIMPLE[key])
    out: dict[tuple[str, ...], int] = {}
    for *keys, n in queryset.values_list(*names).annotate(n=Count("id")).order_by():
        key = tuple(
            _local_month(k) if name == "_month" else str(k) for name, k in zip(names, keys, strict=True)
        )
        out[key] = out.get(key, 0) + n  # months in UTC may fold into one local month
    return out


def registry_counts(user: object, flt: CountFilter, by: Sequence[str] = ()) -> dict[tuple[str, ...], int]:
    """People counted per combination of ``by`` (keys in ``by``'s order; months as ``YYYY-MM``).

    ``occupation_group`` counts a person once per current occupation; ``scheme`` counts, per active
    scheme, the people whose latest record of it has a status in ``flt.welfare_status`` (in the scheme
    when empty). Each of those two may be combined with the plain keys.
    """
    unknown = set(by) - BY
    if unknown:
        raise ValueError(f"cannot count by {sorted(unknown)}")
    base = people(user, flt)
    rest = [k for k in by if k not in ("occupation_group", "scheme")]
    if "occupation_group" in by:
        fields = [f"person__{SIMPLE[k]}" for k in rest]
        rows = (
            PersonOccupation.objects.filter(is_current=True, person__in=base)
            .values_list("occupation__code", *fields)
            .annotate(n=Count("person_id", distinct=True))
            .order_by()
        )
        out: dict[tuple[str, ...], int] = {}
        for code, *keys, n in rows:
            values = dict(zip(rest, keys, strict=True)) | {"occupation_group": code}
            out[tuple(str(values[k]) for k in by)] = n
        return out
    if "scheme" in by:
        statuses = flt.welfare_status or IN_SCHEME
        out = {}
        for scheme in Scheme.objects.filter(is_active=True).order_by("code"):
            covered = people(user, flt).alias(_s=latest_status(scheme.code)).filter(_s__in=statuses)
            for keys, n in _grouped(covered, rest).items():
                values = dict(zip(rest, keys, strict=True)) | {"scheme": scheme.code}
                out[tuple(values[k] for k in by)] = n
        return out
    return _grouped(base, rest)


def gap_counts(
    user: object, flt: CountFilter, *, scheme: str, on: dt.date, by: Sequence[str] = ()
) -> dict[tuple[str, ...], int]:
    """People eligible for ``scheme`` on ``on`` and not in it (``registry.eligibility``), per ``by``."""
    return _grouped(eligible_not_enrolled(people(user, flt), scheme_code=scheme, on=on), by)


__all__ = ["CountFilter", "gap_counts", "narrow", "people", "registry_counts"]
