"""Who is eligible for a scheme but not enrolled in it: the outreach list (issue 3, item 3).

The rules are dated configuration (``SchemeRule``): on a reference date, the rules in force for a scheme
give its age limits and whether formal workers (Section 33/39) are excluded. A person's standing in a
scheme is the status of their *latest* record for it (by date, then by entry order):

- eligible: has a birth date and their completed age on the reference date is within the limits; and,
  when the rule says so, is not a formal worker — their latest Section 33 or 39 record is not
  "enrolled" or "received";
- not enrolled: their latest record of the scheme is absent or is not "enrolled"/"received" (informed,
  applied and refused people stay on the list, with their status shown, so staff can follow up).

People with no birth date are left out: their eligibility cannot be known (the list says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from nokrabob.registry.models import Person, Scheme, SchemeRule, WelfareRecord, WelfareStatus

IN_SCHEME = (WelfareStatus.ENROLLED, WelfareStatus.RECEIVED)


@dataclass(frozen=True)
class RuleInForce:
    scheme: Scheme
    min_age: int | None
    max_age: int | None
    excludes_formal_workers: bool


def scheme_ids() -> dict[str, int]:
    """Scheme codes to ids, read once per search so each person's look-up needs no join."""
    return dict(Scheme.objects.values_list("code", "pk"))


def latest_status(scheme_code: str, ids: dict[str, int] | None = None) -> Subquery:
    """The status of a person's latest record of one scheme (NULL when they have none): one walk of
    ``welfare_person_scheme`` per person."""
    scheme_id = (ids if ids is not None else scheme_ids()).get(scheme_code, 0)
    latest = WelfareRecord.objects.filter(person=OuterRef("pk"), scheme_id=scheme_id).order_by(
        "-recorded_on", "-id"
    )
    return Subquery(latest.values("status")[:1])


def rule_in_force(scheme_code: str, on: dt.date) -> RuleInForce | None:
    """The scheme's limits on ``on``: the widest age range over the rules (options) in force then."""
    rules = list(
        SchemeRule.objects.filter(scheme__code=scheme_code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("scheme")
    )
    if not rules:
        return None
    mins = [r.min_age for r in rules if r.min_age is not None]
    maxes = [r.max_age for r in rules if r.max_age is not None]
    return RuleInForce(
        scheme=rules[0].scheme,
        min_age=min(mins) if len(mins) == len(rules) else None,
        max_age=max(maxes) if len(maxes) == len(rules) else None,
        excludes_formal_workers=any(r.excludes_formal_workers for r in rules),
    )


def schemes_with_rules(on: dt.date) -> QuerySet[Scheme]:
    """The schemes an outreach list can be drawn for on ``on``."""
    in_force = SchemeRule.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    return Scheme.objects.filter(pk__in=in_force.values("scheme_id"), is_active=True)


def eligible_not_enrolled(queryset: QuerySet[Person], *, scheme_code: str, on: dt.date) -> QuerySet[Person]:
    """Narrow ``queryset`` (already scoped) to the people eligible for the scheme on ``on`` and not in it."""
    from nokrabob.registry.selectors import age_band_condition

    rule = rule_in_force(scheme_code, on)
    if rule is None:
        return queryset.none()
    queryset = queryset.filter(birth_date__isnull=False)
    if rule.min_age is not None or rule.max_age is not None:
        queryset = queryset.filter(age_band_condition((rule.min_age or 0, rule.max_age), on))
    schemes = list(Scheme.objects.values_list("code", "pk", "is_formal"))
    ids = {code: pk for code, pk, _formal in schemes}
    queryset = queryset.alias(_eligible_status=latest_status(scheme_code, ids)).filter(
        Q(_eligible_status__isnull=True) | ~Q(_eligible_status__in=IN_SCHEME)
    )
    if rule.excludes_formal_workers:
        for formal in [code for code, _pk, is_formal in schemes if is_formal]:
            name = f"_formal_{formal}"
            queryset = queryset.alias(**{name: latest_status(formal, ids)}).filter(
                Q(**{f"{name}__isnull": True}) | ~Q(**{f"{name}__in": IN_SCHEME})
            )
    return queryset
