"""Counts of registered people for dashboards, outreach and open data, read from the maintained tallies.
(The reports read them as ``nokrabob.reports.counts``.)

Interface (stable; other modules build on it)::

    registry_counts(user, CountFilter(...), by=("district", "sex")) -> {("1001", "F"): 1234, ...}

- ``user``: the reader. Counts are always of the people in their scope, through
  ``accounts.scope.scoped_for_counts`` (a role that reads no records, the executives, counts everyone).
  ``None`` counts every record (``accounts.scope.for_publication``): only for figures that leave as a
  rank or through the open data's suppression rule.
  The numbers are exact: showing them is the caller's business, through ``accounts.scope.shown_count``
  (small-cell suppression) like every other count.
- ``CountFilter``: every field optional (None = no condition).
  ``area`` a DOPA code prefix (2 digits: a province, 4: a district); ``occupation_group`` an occupation
  code, or ``"none"`` (each person counts in their latest current occupation group, so groups add up to
  the total); ``scheme`` a scheme code; ``welfare_status`` the status of the person's *latest* record of the
  scheme (as the outreach list reads it); ``reached`` ever "enrolled" or "received" in the scheme (as the
  coverage figures read it); ``sex`` M/F/U; ``age_band`` a code of ``AGE_BANDS``, any ``"lo-hi"`` /
  ``"lo+"`` range of completed years, or ``"unknown"`` (no birth date); ``formal`` a Section 33/39 worker
  (latest record enrolled or received); ``registered_from`` / ``registered_to`` dates of registration,
  both inclusive (a fiscal year or quarter); ``on`` the date ages are counted on (default today).
- ``by``: any of ``DIMENSIONS``; keys are tuples of strings in the same order: province and district
  codes, occupation code (``"none"``), scheme code, status, sex, age band code (``"unknown"``), month
  ``"YYYY-MM"`` (of registration, Bangkok time). ``by=()`` gives ``{(): total}``. Cells with no one are
  absent.
- When a scheme's columns are used (``scheme``, ``welfare_status``, ``reached``, or ``by`` "scheme" /
  "welfare_status"), a person counts once *per scheme* they have a record of; with one ``scheme`` given,
  that is once.

How (ADR 0400): the tallies store birth and registration as months, so most of a count is a sum over
the narrowest tally table that has the columns asked for. Only the people born in a month that an age
limit cuts through, or registered in a month the date range cuts through, are counted from their records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Sum, Value
from django.utils import timezone

from nokrabob.accounts.scope import for_publication, scoped_for_counts
from nokrabob.core.fiscal import years_before
from nokrabob.registry.models import Occupation, Person, Scheme
from nokrabob.registry.tallies import Facts, facts_of, has_staged
from nokrabob.registry.tally_models import STAGED, TALLIES, Tally

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-14", 0, 14),
    ("15-29", 15, 29),
    ("30-44", 30, 44),
    ("45-59", 45, 59),
    ("60+", 60, None),
)
UNKNOWN_AGE = "unknown"
NO_OCCUPATION = "none"
DIMENSIONS = (
    "province",
    "district",
    "occupation_group",
    "scheme",
    "welfare_status",
    "sex",
    "age_band",
    "month",
)
SCHEME_DIMENSIONS = frozenset({"scheme", "welfare_status"})
COLUMN_OF = {
    "province": "province_code",
    "district": "district_code",
    "occupation_group": "occupation_id",
    "scheme": "scheme_id",
    "welfare_status": "status",
    "sex": "sex",
    "age_band": "birth_month",
    "month": "reg_month",
}

Key = tuple[str, ...]


@dataclass(frozen=True)
class CountFilter:
    area: str | None = None
    occupation_group: str | None = None
    scheme: str | None = None
    welfare_status: str | None = None
    reached: bool | None = None
    sex: str | None = None
    age_band: str | None = None
    formal: bool | None = None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    on: dt.date | None = None

    @property
    def uses_schemes(self) -> bool:
        return self.scheme is not None or self.welfare_status is not None or self.reached is not None


class UnknownValue(ValueError):
    """A filter names a code that does not exist (an occupation, a scheme, an age band)."""


# ── Ages ───────────────────────────────────────────────────────────────────────────────────────


def age_range(code: str) -> tuple[int, int | None]:
    """Completed years of an age band code: "30-44" → (30, 44), "60+" → (60, None)."""
    for band, youngest, oldest in AGE_BANDS:
        if band == code:
            return youngest, oldest
    try:
        if code.endswith("+"):
            return int(code[:-1]), None
        low, high = code.split("-")
        return int(low), int(high)
    except ValueError:
        raise UnknownValue(code) from None


def _in_range(birth: dt.date, ages: tuple[int, int | None], on: dt.date) -> bool:
    youngest, oldest = ages
    if birth > years_before(on, youngest):
        return False
    return oldest is None or birth > years_before(on, oldest + 1)


def band_of(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return UNKNOWN_AGE
    for code, youngest, oldest in AGE_BANDS:
        if _in_range(birth, (youngest, oldest), on):
            return code
    return UNKNOWN_AGE  # born after ``on``


def _month(value: dt.date) -> int:
    return value.year * 100 + value.month


def _cut_months(ranges: Iterable[tuple[int, int | None]], on: dt.date) -> set[int]:
    """Birth months an age limit cuts through: some of the month's days are on each side of it."""
    months = set()
    for youngest, oldest in ranges:
        limits = [years_before(on, youngest)] + ([] if oldest is None else [years_before(on, oldest + 1)])
        for last_in in limits:
            if (last_in + dt.timedelta(days=1)).month == last_in.month:
                months.add(_month(last_in))
    return months


def _first_day(month: int) -> dt.date:
    return dt.date(month // 100, month % 100, 1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


# ── The count ──────────────────────────────────────────────────────────────────────────────────


@dataclass
class _Plan:
    flt: CountFilter
    by: tuple[str, ...]
    on: dt.date
    schemes: bool
    occupation_ids: dict[str, int]
    scheme_ids: dict[str, int]
    formal_ids: set[int]
    ages: tuple[int, int | None] | None
    cut_birth: set[int]
    whole_months: tuple[int, int] | None  # registration months read from the tallies (inclusive)
    cut_registration: list[tuple[dt.date, dt.date]]  # [start, end) of months the date range cuts

    def columns(self) -> set[str]:
        flt = self.flt
        needed = {"province_code", "district_code", *(COLUMN_OF[d] for d in self.by)}
        wanted = {
            "occupation_id": flt.occupation_group,
            "scheme_id": flt.scheme,
            "status": flt.welfare_status,
            "reached": flt.reached,
            "sex": flt.sex,
            "birth_month": flt.age_band,
            "formal": flt.formal,
            "reg_month": flt.registered_from or flt.registered_to,
        }
        needed |= {column for column, value in wanted.items() if value is not None}
        return needed


@dataclass(frozen=True)
class Catalogue:
    """Occupation and scheme codes to ids, read once for the counts one page asks for."""

    occupation_ids: dict[str, int]
    scheme_ids: dict[str, int]
    formal_ids: frozenset[int]


def catalogue(*, occupations: bool = True, schemes: bool = True) -> Catalogue:
    """The codes a count needs (a part left out is read as empty)."""
    occupation_ids = dict(Occupation.objects.values_list("code", "pk")) if occupations else {}
    occupation_ids[NO_OCCUPATION] = 0
    rows = list(Scheme.objects.values_list("code", "pk", "is_formal")) if schemes else []
    return Catalogue(
        occupation_ids=occupation_ids,
        scheme_ids={code: pk for code, pk, _formal in rows},
        formal_ids=frozenset(pk for _code, pk, formal in rows if formal),
    )


def _plan(flt: CountFilter, by: Sequence[str], cat: Catalogue | None) -> _Plan:
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise UnknownValue(", ".join(unknown))
    on = flt.on or timezone.localdate()
    schemes = flt.uses_schemes or bool(SCHEME_DIMENSIONS & set(by))
    if cat is None:
        jobs = flt.occupation_group is not None or "occupation_group" in by
        cat = catalogue(occupations=jobs, schemes=schemes or flt.formal is not None)
    occupation_ids, scheme_ids = cat.occupation_ids, cat.scheme_ids
    if flt.occupation_group is not None and flt.occupation_group not in occupation_ids:
        raise UnknownValue(flt.occupation_group)
    if flt.scheme is not None and flt.scheme not in scheme_ids:
        raise UnknownValue(flt.scheme)
    ages = None if flt.age_band in (None, UNKNOWN_AGE) else age_range(flt.age_band)  # type: ignore[arg-type]
    ranges = [*([] if ages is None else [ages])]
    if "age_band" in by:
        ranges += [(youngest, oldest) for _code, youngest, oldest in AGE_BANDS]
    whole, cut = _registration_months(flt.registered_from, flt.registered_to)
    return _Plan(
        flt=flt,
        by=tuple(by),
        on=on,
        schemes=schemes,
        occupation_ids=occupation_ids,
        scheme_ids=scheme_ids,
        formal_ids=set(cat.formal_ids),
        ages=ages,
        cut_birth=_cut_months(ranges, on),
        whole_months=whole,
        cut_registration=cut,
    )


def _registration_months(
    start: dt.date | None, end: dt.date | None
) -> tuple[tuple[int, int] | None, list[tuple[dt.date, dt.date]]]:
    if start is None and end is None:
        return None, []
    low_day = start or dt.date(1900, 1, 1)
    high_day = end or dt.date(9999, 11, 30)  # open-ended: a month's last day, so no month is cut
    cut = []
    first_whole = low_day if low_day.day == 1 else _next_month(low_day)
    if low_day.day != 1:
        cut.append((low_day, min(first_whole, high_day + dt.timedelta(days=1))))
    after_end = high_day + dt.timedelta(days=1)
    if after_end.day != 1:
        last_start = high_day.replace(day=1)
        if last_start >= first_whole:
            cut.append((last_start, after_end))
        last_whole = last_start
    else:
        last_whole = after_end
    # Whole months: [first_whole, last_whole)
    if last_whole <= first_whole:
        return (1, 0), cut  # no whole month: an empty range
    before_last = last_whole - dt.timedelta(days=1)
    return (_month(first_whole), _month(before_last)), cut


def _tally_for(plan: _Plan) -> type[Tally]:
    needed = plan.columns()
    for model in TALLIES:
        if plan.schemes == model.SCHEMES and needed <= set(model.DIMS):
            return model
    raise AssertionError("the full tallies have every column")  # pragma: no cover


def _area_condition(area: str | None, prefix: str = "") -> Q:
    if not area:
        return Q()
    if len(area) == 2:
        return Q(**{f"{prefix}province_code": area})
    return Q(**{f"{prefix}district_code": area})


def _scoped(queryset: Any, user: Any) -> Any:
    """``user`` None: every record, for figures that leave only as a rank or through the small-cell
    suppression rule (``accounts.scope.for_publication``)."""
    return for_publication(queryset) if user is None else scoped_for_counts(queryset, user)


def _from_tallies(user: Any, plan: _Plan, counts: Counter[Key]) -> None:
    model = _tally_for(plan)
    sources = [model]
    if has_staged(plan.schemes):  # an import's chunks not folded yet: their people count too
        sources.append(STAGED[plan.schemes])
    columns = [COLUMN_OF[d] for d in plan.by]
    # One statement over the tally and the staged rows: one snapshot, so a fold committing between two
    # reads can neither hide the staged people nor count them twice.
    parts = [_filtered(_scoped(source._default_manager.all(), user), plan) for source in sources]
    if columns:
        grouped = [rows.values(*columns).annotate(total=Sum("n")).order_by() for rows in parts]
    else:  # one total: ``values()`` with no column would group by every column, row by row
        grouped = [
            rows.annotate(whole=Value(1)).values("whole").annotate(total=Sum("n")).order_by()
            for rows in parts
        ]
    query = grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]
    names = {v: k for k, v in plan.occupation_ids.items()}
    schemes = {v: k for k, v in plan.scheme_ids.items()}
    for row in query:
        if row["total"]:
            key = tuple(_label(d, row[COLUMN_OF[d]], plan, names, schemes) for d in plan.by)
            counts[key] += row["total"]


def _filtered(rows: Any, plan: _Plan) -> Any:
    """A tally's (or the staged counts') rows narrowed to the plan's filter and its whole months."""
    flt = plan.flt
    rows = rows.filter(_area_condition(flt.area))
    if flt.occupation_group is not None:
        rows = rows.filter(occupation_id=plan.occupation_ids[flt.occupation_group])
    if flt.scheme is not None:
        rows = rows.filter(scheme_id=plan.scheme_ids[flt.scheme])
    for column, value in (
        ("status", flt.welfare_status),
        ("reached", flt.reached),
        ("sex", flt.sex),
        ("formal", flt.formal),
    ):
        if value is not None:
            rows = rows.filter(**{column: value})
    if flt.age_band == UNKNOWN_AGE:
        rows = rows.filter(birth_month=0)
    elif plan.ages is not None:
        youngest, oldest = plan.ages
        rows = rows.filter(birth_month__gt=0, birth_month__lte=_month(years_before(plan.on, youngest)))
        if oldest is not None:
            first_in = years_before(plan.on, oldest + 1) + dt.timedelta(days=1)
            rows = rows.filter(birth_month__gte=_month(first_in))
    if plan.cut_birth:
        rows = rows.exclude(birth_month__in=plan.cut_birth)
    if plan.whole_months is not None:
        rows = rows.filter(reg_month__gte=plan.whole_months[0], reg_month__lte=plan.whole_months[1])
    return rows


def _label(dimension: str, value: Any, plan: _Plan, names: dict[int, str], schemes: dict[int, str]) -> str:
    if dimension == "occupation_group":
        return names.get(value, NO_OCCUPATION)
    if dimension == "scheme":
        return schemes.get(value, str(value))
    if dimension == "age_band":
        return band_of(_first_day(value) if value else None, plan.on)
    if dimension == "month":
        return f"{value // 100:04d}-{value % 100:02d}"
    return str(value)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _remainder(user: Any, plan: _Plan, *, everyone: bool = False) -> list[Facts]:
    """The people the tallies cannot place (born or registered in a cut month), or everyone."""
    flt = plan.flt
    if everyone:
        condition = Q()
    else:
        condition = Q(pk__in=[])
        for month in plan.cut_birth:
            start = _first_day(month)
            condition |= Q(birth_date__gte=start, birth_date__lt=_next_month(start))
        for start, end in plan.cut_registration:
            condition |= Q(created_at__gte=_aware(start), created_at__lt=_aware(end))
        if not plan.cut_birth and not plan.cut_registration:
            return []
    if flt.registered_from:
        condition &= Q(created_at__gte=_aware(flt.registered_from))
    if flt.registered_to:
        condition &= Q(created_at__lt=_aware(flt.registered_to + dt.timedelta(days=1)))
    if flt.sex is not None:
        condition &= Q(sex=flt.sex)
    people = _scoped(Person.objects.filter(_area_condition(flt.area)), user)
    ids = people.filter(condition).values("pk")
    jobs = flt.occupation_group is not None or "occupation_group" in plan.by
    steps = plan.schemes or flt.formal is not None
    return facts_of(Q(pk__in=ids), formal_ids=plan.formal_ids, occupations=jobs, welfare=steps)


def _count_facts(facts: Iterable[Facts], plan: _Plan, counts: Counter[Key]) -> None:
    names = {v: k for k, v in plan.occupation_ids.items()}
    schemes = {v: k for k, v in plan.scheme_ids.items()}
    for one in facts:
        for key in _keys_of(one, plan, names, schemes):
            counts[key] += 1


def _keys_of(facts: Facts, plan: _Plan, names: dict[int, str], schemes: dict[int, str]) -> Iterable[Key]:
    flt = plan.flt
    if flt.occupation_group is not None and facts.occupation_id != plan.occupation_ids[flt.occupation_group]:
        return []
    if flt.formal is not None and facts.formal != flt.formal:
        return []
    if flt.age_band == UNKNOWN_AGE and facts.birth_date is not None:
        return []
    birth = facts.birth_date
    if plan.ages is not None and (birth is None or not _in_range(birth, plan.ages, plan.on)):
        return []
    base = {
        "province": facts.province_code,
        "district": facts.district_code,
        "occupation_group": names.get(facts.occupation_id, NO_OCCUPATION),
        "sex": facts.sex,
        "age_band": band_of(facts.birth_date, plan.on),
        "month": f"{facts.registered.year:04d}-{facts.registered.month:02d}",
    }
    if not plan.schemes:
        return [tuple(base[d] for d in plan.by)]
    keys = []
    for scheme_id, (status, reached) in facts.schemes.items():
        if flt.scheme is not None and scheme_id != plan.scheme_ids[flt.scheme]:
            continue
        if flt.welfare_status is not None and status != flt.welfare_status:
            continue
        if flt.reached is not None and reached != flt.reached:
            continue
        values = {**base, "scheme": schemes.get(scheme_id, str(scheme_id)), "welfare_status": status}
        keys.append(tuple(values[d] for d in plan.by))
    return keys


def registry_counts(
    user: Any, flt: CountFilter, by: Sequence[str] = (), *, cat: Catalogue | None = None
) -> dict[Key, int]:
    """People in ``user``'s scope matching ``flt``, grouped by ``by`` (see the module's docstring);
    ``cat``: the catalogue when a page asks for several counts."""
    plan = _plan(flt, by, cat)
    counts: Counter[Key] = Counter()
    _from_tallies(user, plan, counts)
    _count_facts(_remainder(user, plan), plan, counts)
    return {key: n for key, n in counts.items() if n}


def _same_people(one: CountFilter, other: CountFilter) -> bool:
    """Two filters whose cut-month people are the same rows (the rest is checked person by person)."""
    return (one.area, one.sex, one.registered_from, one.registered_to, one.age_band, one.on) == (
        other.area,
        other.sex,
        other.registered_from,
        other.registered_to,
        other.age_band,
        other.on,
    )


def registry_counts_many(
    user: Any, filters: Sequence[CountFilter], by: Sequence[str] = (), *, cat: Catalogue
) -> list[dict[Key, int]]:
    """``registry_counts`` for several filters that differ only in group, scheme, status or formal flag:
    the people of the cut months are read once for all of them."""
    plans = [_plan(flt, by, cat) for flt in filters]
    assert all(_same_people(filters[0], flt) for flt in filters)
    widest = max(
        plans, key=lambda p: (p.schemes or p.flt.formal is not None, p.flt.occupation_group is not None)
    )
    facts = _remainder(user, widest)
    results = []
    for plan in plans:
        counts: Counter[Key] = Counter()
        _from_tallies(user, plan, counts)
        _count_facts(facts, plan, counts)
        results.append({key: n for key, n in counts.items() if n})
    return results


def registry_counts_from_records(user: Any, flt: CountFilter, by: Sequence[str] = ()) -> dict[Key, int]:
    """The same counts worked out from every record (no tally read): the repair check and the tests'
    second opinion; slow at scale."""
    plan = _plan(flt, by, None)
    counts: Counter[Key] = Counter()
    _count_facts(_remainder(user, plan, everyone=True), plan, counts)
    return {key: n for key, n in counts.items() if n}


def total(user: Any, flt: CountFilter) -> int:
    return registry_counts(user, flt, ()).get((), 0)


def eligible_not_enrolled_counts(
    user: Any, scheme_code: str, *, on: dt.date, by: Sequence[str] = (), flt: CountFilter | None = None
) -> dict[Key, int]:
    """How many people are eligible for the scheme on ``on`` and not in it (``registry.eligibility``'s
    rule): those of an age within the rules' limits (and not formal workers, where the rules say so)
    less those of them whose latest record of the scheme is "enrolled" or "received"."""
    from dataclasses import replace

    from nokrabob.registry.eligibility import IN_SCHEME, rule_in_force

    rule = rule_in_force(scheme_code, on)
    if rule is None:
        return {}
    youngest = rule.min_age or 0
    band = f"{youngest}+" if rule.max_age is None else f"{youngest}-{rule.max_age}"
    eligible = replace(
        flt or CountFilter(), on=on, age_band=band, formal=False if rule.excludes_formal_workers else None
    )
    in_scheme = [replace(eligible, scheme=scheme_code, welfare_status=status) for status in IN_SCHEME]
    everyone, *enrolled = registry_counts_many(
        user, [eligible, *in_scheme], by, cat=catalogue(occupations=False)
    )
    counts = Counter(everyone)
    for part in enrolled:
        counts.subtract(part)
    return {key: n for key, n in counts.items() if n > 0}


__all__ = [
    "AGE_BANDS",
    "DIMENSIONS",
    "NO_OCCUPATION",
    "UNKNOWN_AGE",
    "Catalogue",
    "CountFilter",
    "UnknownValue",
    "age_range",
    "band_of",
    "catalogue",
    "eligible_not_enrolled_counts",
    "registry_counts",
    "registry_counts_from_records",
    "total",
]
