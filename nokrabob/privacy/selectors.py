"""Reads for the data protection officer: requests, and everything held on one person (for access)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import Http404

from nokrabob.accounts.scope import require_personal_data_access, scoped
from nokrabob.privacy.models import DataSubjectRequest
from nokrabob.registry.models import Person


def requests_for(user: Any) -> QuerySet[DataSubjectRequest]:
    require_personal_data_access(user)
    return scoped(DataSubjectRequest.objects.select_related("person"), user)


def request_get(user: Any, pk: int) -> DataSubjectRequest:
    try:
        return requests_for(user).get(pk=pk)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None


def _rows(queryset: QuerySet[Any], *, exclude: tuple[str, ...] = ("person",)) -> list[dict[str, Any]]:
    return [{k: v for k, v in model_to_dict(obj).items() if k not in exclude} for obj in queryset]


def subject_data(person: Person) -> dict[str, Any]:
    """Everything the registry holds on a person, for an access request (PDPA s.30)."""
    profile = model_to_dict(person, exclude=["first_name_sound", "last_name_sound", "created_by"])
    return {
        "person": profile,
        "occupations": _rows(person.occupations.select_related("occupation")),
        "welfare": _rows(person.welfare.all(), exclude=("person", "created_by")),
        "activities": [
            {"title": p.activity.title, "held_on": p.activity.held_on}
            for p in person.participations.select_related("activity")
        ],
        "consents": _rows(person.consents.all(), exclude=("person", "recorded_by")),
        "contacts": _rows(person.contacts.all(), exclude=("person", "created_by")),
        "referrals": _rows(person.referrals.all(), exclude=("person", "created_by")),
        "follow_ups": _rows(person.follow_ups.all(), exclude=("person", "created_by", "updated_by")),
        "history": [
            {"at": h.history_date, "change": h.get_history_type_display()} for h in person.history.all()
        ],
    }
