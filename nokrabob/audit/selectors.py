"""Reads of the audit trail: the chain check, the DPO's search, and the reports a PDPA incident needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.audit import chain
from nokrabob.audit.models import AuditAction, AuditEvent
from nokrabob.audit.reads import PERSON, read_ids

# What counts as "saw" a person: opening, exporting, and the changes made on their record.
SEEING = (AuditAction.VIEW, AuditAction.EXPORT)


def verify_chain(using: str = "default") -> chain.ChainReport:
    """Walk the whole trail in id order. Linear in the number of rows; for the DPO's check, not every page.
    ``using``: another database (a restored copy, ``manage.py restore``)."""
    fields = ("id", "prev_hash", "row_hash", *chain.HASHED_FIELDS)
    rows = AuditEvent.objects.using(using).order_by("id").values(*fields).iterator(chunk_size=5000)
    return chain.walk(rows)


def events_for(user: Any) -> QuerySet[AuditEvent]:
    """The trail as ``user`` may search it: everything for the admin; for the data protection officer, all but
    the rows of data-protection-officer accounts, which the admin reviews (docs/security.md)."""
    events = AuditEvent.objects.select_related("actor")
    if user.role != Role.ADMIN:
        events = events.exclude(actor__role=Role.DPO)
    return events


@dataclass
class Search:
    person_ids: list[int] | None = None  # None: any; []: a national ID that matches no one
    actor: str = ""
    action: str = ""
    ip: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    role: str = ""
    only_reads: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def search_events(user: Any, search: Search) -> QuerySet[AuditEvent]:
    events = events_for(user)
    if search.actor:
        events = events.filter(actor_name__iexact=search.actor)
    if search.action:
        events = events.filter(action=search.action)
    if search.only_reads:
        events = events.filter(action__in=SEEING)
    if search.ip:
        events = events.filter(ip_address=search.ip)
    if search.role and user.role == Role.ADMIN:
        events = events.filter(actor__role=search.role)
    if search.date_from:
        events = events.filter(at__gte=_day_start(search.date_from))
    if search.date_to:
        events = events.filter(at__lt=_day_start(search.date_to + dt.timedelta(days=1)))
    if search.person_ids is not None:
        events = naming_people(events, search.person_ids)
    return events.order_by("-at", "-id")


def naming_people(events: QuerySet[AuditEvent], person_ids: list[int]) -> QuerySet[AuditEvent]:
    """The rows that name any of these people: as the record of the row, or among the people a page showed.

    PostgreSQL answers the list part with jsonb containment; SQLite, which has no containment on JSON, narrows
    with a text match on the list and the exact ids are checked here.
    """
    if not person_ids:
        return events.none()
    own = Q(target_type=PERSON, target_id__in=[str(pk) for pk in person_ids])
    if connection.vendor == "postgresql":
        listed = Q()
        for pk in person_ids:
            listed |= Q(changes__ids__contains=[pk])
        return events.filter(own | listed)
    text = Q()
    for pk in person_ids:
        text |= Q(changes__ids__icontains=str(pk))
    wanted = set(person_ids)
    candidates = events.filter(text).exclude(own).values_list("id", "target_type", "target_id", "changes")
    exact = [
        pk
        for pk, target_type, target_id, changes in candidates.iterator(chunk_size=2000)
        if wanted & set(read_ids(AuditEvent(target_type=target_type, target_id=target_id, changes=changes)))
    ]
    return events.filter(own | Q(id__in=exact))


@dataclass(frozen=True)
class BreachSummary:
    events: int
    people: int
    exports: int
    rows_exported: int
    addresses: list[str]


def breach_summary(events: QuerySet[AuditEvent]) -> BreachSummary:
    """What one account or one address read in a period: how many distinct people, files and rows."""
    people: set[int] = set()
    exports = rows = count = 0
    addresses: set[str] = set()
    fields = ("target_type", "target_id", "changes", "action", "ip_address")
    for target_type, target_id, changes, action, ip in events.values_list(*fields).iterator(chunk_size=2000):
        count += 1
        people.update(read_ids(AuditEvent(target_type=target_type, target_id=target_id, changes=changes)))
        if action == AuditAction.EXPORT:
            exports += 1
            rows += int(changes.get("rows") or 0) if isinstance(changes, dict) else 0
        if ip:
            addresses.add(ip)
    return BreachSummary(count, len(people), exports, rows, sorted(addresses))


def exports_by_filter_naming(user: Any, person: Any, search: Search) -> list[int]:
    """Exports too large to name their people whose filter, run again now as their exporter, holds ``person``.

    The filter is re-run today, so a person who moved in since is listed and one who moved out is not; a text
    search is not kept in the trail (ADR 0004), so it is left out and the match errs on the side of listing.
    """
    from nokrabob.registry.selectors import person_search

    period = Search(action=AuditAction.EXPORT, date_from=search.date_from, date_to=search.date_to)
    events = search_events(user, period).filter(changes__read="registry_export")
    found = []
    for event in events.exclude(changes__has_key="ids").select_related("actor"):
        if event.actor is None:
            continue
        filters = {k: v for k, v in (event.changes.get("filters") or {}).items() if v != "given"}
        if person_search(event.actor, filters=filters).filter(pk=person.pk).exists():
            found.append(event.pk)
    return found


# The actions that change a record (the others record reads, logins, exports).
WRITES = (
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.IMPORT,
    AuditAction.MERGE,
    AuditAction.APPROVE,
    AuditAction.REOPEN,
    AuditAction.ASSESS,
)
# A write's audit row is appended in the write's own transaction, just after the row is saved.
SAME_WRITE = dt.timedelta(seconds=10)


def write_event_at(target: Any, saved_at: dt.datetime) -> AuditEvent | None:
    """The audit row of the write that saved ``target`` at ``saved_at`` (its ``updated_at``): the first write
    event on it from then to a few seconds later; None when that save wrote none (a bulk import)."""
    return (
        AuditEvent.objects.select_related("actor")
        .filter(
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            action__in=WRITES,
            at__gte=saved_at,
            at__lte=saved_at + SAME_WRITE,
        )
        .order_by("at", "id")
        .first()
    )
