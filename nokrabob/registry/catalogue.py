"""The reference lists the registry's filters offer (occupation groups, schemes), read once and kept in the
shared cache rather than queried on every list page.

The cache (Redis in production) is shared by every worker, so an edit in one worker is seen by all: saving or
deleting an occupation, a scheme or a scheme rule drops the entry (``connect``), at once and again when the
edit commits (a page in between may have read the rows before the edit). A write that sends no signal (an
``update()``, a data migration's historical models) is seen after ``TIMEOUT`` at the latest.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from nokrabob.registry.eligibility import schemes_with_rules
from nokrabob.registry.models import Occupation, Scheme, SchemeRule

KEY = "registry:catalogue:v1"
TIMEOUT = 300  # seconds

Choices = tuple[tuple[str, str], ...]


def _load(on: dt.date) -> dict[str, Any]:
    return {
        "occupations": tuple(Occupation.objects.filter(is_active=True).values_list("code", "name_th")),
        "schemes": tuple(Scheme.objects.filter(is_active=True).values_list("code", "name_th")),
        "on": on,
        "with_rules": tuple(schemes_with_rules(on).values_list("code", "name_th")),
    }


def _entry(on: dt.date) -> dict[str, Any]:
    entry = cache.get(KEY)
    if entry is None or entry.get("on") != on:
        entry = _load(on)
        cache.set(KEY, entry, TIMEOUT)
    return entry


def filter_choices(on: dt.date) -> tuple[Choices, Choices, Choices]:
    """Active occupations, active schemes, and the schemes with a rule in force on ``on``: (code, Thai
    name) in the catalogues' order."""
    entry = _entry(on)
    return entry["occupations"], entry["schemes"], entry["with_rules"]


def forget(**_kwargs: Any) -> None:
    """Drop the cached lists now and when the current transaction commits."""
    cache.delete(KEY)
    transaction.on_commit(partial(cache.delete, KEY))


def connect() -> None:
    for model in (Occupation, Scheme, SchemeRule):
        post_save.connect(forget, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}")
