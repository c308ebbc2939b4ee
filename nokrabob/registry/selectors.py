"""Reads of people. Everything goes through ``scoped``: a record outside the user's scope does not exist
for them (a detail URL answers 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from nokrabob.accounts.scope import require_personal_data_access, scoped
from nokrabob.registry.models import Consent, Person


def people_for(user: Any) -> QuerySet[Person]:
    """Active (not merged-away) people the user may read."""
    require_personal_data_access(user)
    return scoped(Person.objects.filter(merged_into__isnull=True), user)


def person_get(user: Any, pk: int) -> Person:
    require_personal_data_access(user)
    try:
        return scoped(Person.objects.all(), user).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None


def consent_in_force(person: Person) -> Consent | None:
    return person.consents.order_by("-given_on", "-id").first()


def may_show_sensitive(person: Person) -> bool:
    consent = consent_in_force(person)
    return bool(consent and consent.covers_sensitive_data)
