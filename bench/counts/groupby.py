"""The peer "per-request GROUP BY": the dashboard's and the outreach page's counts as they were computed
before the maintained counts (ADR 0400) — each number a GROUP BY over the registry's rows at every request.
Kept here, unchanged in what it asks the database, so the benchmark can time it against the same rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from nokrabob.accounts.scope import scoped_for_counts
from nokrabob.core.fiscal import years_before
from nokrabob.registry.eligibility import eligible_not_enrolled, schemes_with_rules
from nokrabob.registry.models import Occupation, Person, PersonOccupation, Scheme, WelfareRecord

REACHED = ("enrolled", "received")


def numbers(user: Any, today: dt.date, since: dt.date) -> dict[str, Any]:
    people = scoped_for_counts(Person.objects.filter(merged_into__isnull=True), user)
    out: dict[str, Any] = {
        "total": people.count(),
        "elderly": people.filter(birth_date__lte=years_before(today, 60)).count(),
        "district": dict(
            people.filter(province_code="10").values_list("district_code").annotate(n=Count("id")).order_by()
        ),
        "province": dict(people.values_list("province_code").annotate(n=Count("id")).order_by()),
    }
    occupations = dict(
        PersonOccupation.objects.filter(is_current=True, person__in=people)
        .values_list("occupation_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    out["occupation"] = {o.code: occupations.get(o.pk, 0) for o in Occupation.objects.all()}
    schemes = dict(
        WelfareRecord.objects.filter(person__in=people, status__in=REACHED)
        .values_list("scheme_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    out["reached"] = {s.code: schemes.get(s.pk, 0) for s in Scheme.objects.all()}
    out["gap"] = {
        s.code: eligible_not_enrolled(people, scheme_code=s.code, on=today).count()
        for s in schemes_with_rules(today).order_by("code")
    }
    trend: dict[str, int] = {}
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    rows = (
        people.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("id"))
    )
    for month, n in rows:
        key = f"{month.year:04d}-{month.month:02d}"
        trend[key] = trend.get(key, 0) + n
    out["trend"] = trend
    return out


def outreach(user: Any, code: str, today: dt.date) -> dict[str, int]:
    """The outreach page's per-district counts as they were (without the page's cache)."""
    from nokrabob.registry.selectors import PersonFilters, person_search

    queryset = person_search(user, filters=PersonFilters(eligible=code, on=today))
    return dict(queryset.order_by().values_list("district_code").annotate(n=Count("id")).order_by())
