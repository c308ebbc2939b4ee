"""Reads of people are evidence: one function, ``audit_read``, for every page, file and API answer that shows
people (issue 14 §2).

A row says who read, when, from which address, which page (``read``), and which records: the people's record
numbers when a page shows a bounded number of them (a list page, a search answer, one person), or the filter
and the number of rows when it is a file of the whole filter (an export). No names or national IDs are
written (ADR 0004): the "who saw this person" report finds a person by record number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.http import HttpRequest

from nokrabob.audit.models import AuditAction, AuditEvent
from nokrabob.audit.services import audit_record

PERSON = "registry.person"
# A page shows at most this many people; more ids than this are not written (the count and filter are).
MAX_IDS = 500
# Filter keys that are never kept: the query text may be a name or a national ID, which the append-only
# trail must not hold (ADR 0004); it is kept as "a text search was made".
TEXT_KEYS = frozenset({"q", "national_id", "person_q", "name"})
DROPPED_KEYS = frozenset({"page", "csrfmiddlewaretoken", "format"})


def client_address(request: HttpRequest | None) -> str | None:
    """The reader's address, through the one function every limit and lockout uses (``core.client``: the
    trusted proxy's header when ``CLIENT_IP_HEADER`` is set)."""
    if request is None:
        return None
    from nokrabob.core.client import client_address as address

    return address(request) or None


def safe_filters(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """The filter as the trail may keep it: codes and options as strings, free text only as 'given'."""
    kept: dict[str, Any] = {}
    for key, value in (filters or {}).items():
        if key in DROPPED_KEYS or value in (None, "", [], ()):
            continue
        if key in TEXT_KEYS:
            kept[key] = "given"
        elif isinstance(value, list | tuple):
            kept[key] = [str(v) for v in value]
        else:
            kept[key] = str(value)
    return kept


def audit_read(
    request: HttpRequest | None,
    *,
    read: str,
    actor: Any = None,
    people: Iterable[Any] | None = None,
    target: models.Model | None = None,
    filters: Mapping[str, Any] | None = None,
    count: int | None = None,
    action: str = AuditAction.VIEW,
    target_type: str = PERSON,
    ip_address: str | None = None,
    **extra: Any,
) -> AuditEvent:
    """Record that ``actor`` (default: the request's user) read people on page ``read``.

    ``target``: the one record of the page (a person, a batch). ``people``: the people (or their record
    numbers) a page or answer shows. ``filters``: the filter of a list, search or export. ``count``: the
    rows of a file. ``extra`` adds JSON-safe details (e.g. the export's purpose).
    """
    actor = actor if actor is not None else getattr(request, "user", None)
    changes: dict[str, Any] = {"read": read}
    if people is not None:
        ids = [p if isinstance(p, int) else p.pk for p in people]
        changes["ids"] = ids[:MAX_IDS]
        changes["shown"] = len(ids)
    if filters is not None:
        changes["filters"] = safe_filters(filters)
    if count is not None:
        changes["rows"] = count
    path = str(getattr(request, "path", "") or "")
    if path:
        changes["path"] = path[:200]
    changes.update(extra)
    return audit_record(
        actor=actor,
        action=action,
        target=target,
        target_type="" if target is not None else target_type,
        changes=changes,
        ip_address=ip_address if ip_address is not None else client_address(request),
    )


def read_ids(event: AuditEvent) -> list[int]:
    """The record numbers of people an audit row says were read."""
    ids: list[int] = []
    if event.target_type == PERSON and event.target_id.isdigit():
        ids.append(int(event.target_id))
    raw = event.changes.get("ids") if isinstance(event.changes, dict) else None
    if isinstance(raw, list):
        ids.extend(int(v) for v in raw if isinstance(v, int) or (isinstance(v, str) and v.isdigit()))
    return ids
