"""Duplicate candidates for a person being created or imported.

- the same national ID: the same person (a hard duplicate, never saved twice — the database agrees);
- the same birth date and a sound-alike name (first and last name's sound keys, ``names.sound_key``): a
  candidate;
- the same phone number: a candidate.

The search is deliberately not scoped: a worker registered by another district is still the same worker.
What the user is then *shown* of a candidate outside their scope is the view's business.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from nokrabob.registry.models import Person
from nokrabob.registry.names import sound_key


@dataclass
class Candidate:
    person: Person
    reasons: list[str] = field(default_factory=list)

    @property
    def same_national_id(self) -> bool:
        return "national_id" in self.reasons


def find_duplicate_candidates(
    *,
    national_id: str | None = None,
    first_name: str = "",
    last_name: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    exclude_pk: int | None = None,
    limit: int = 20,
) -> list[Candidate]:
    condition = Q()
    if national_id:
        condition |= Q(national_id=national_id)
    first_sound, last_sound = sound_key(first_name), sound_key(last_name)
    if birth_date and first_sound:
        condition |= Q(birth_date=birth_date, first_name_sound=first_sound, last_name_sound=last_sound)
    if phone:
        condition |= Q(phone=phone)
    if not condition:
        return []
    queryset = Person.objects.filter(condition, merged_into__isnull=True)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    found = []
    for person in queryset.order_by("id")[:limit]:
        reasons = []
        if national_id and person.national_id == national_id:
            reasons.append("national_id")
        if birth_date and person.birth_date == birth_date and person.first_name_sound == first_sound:
            reasons.append("sound_alike_name_and_birth_date")
        if phone and person.phone == phone:
            reasons.append("phone")
        found.append(Candidate(person, reasons))
    found.sort(key=lambda c: (not c.same_national_id, -len(c.reasons)))
    return found
