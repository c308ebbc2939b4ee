"""Writing audit events. Call inside the transaction of the change being audited."""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from nokrabob.audit import chain
from nokrabob.audit.models import AuditEvent

# pg_advisory_xact_lock key that serialises appends to the chain ("audit" in ASCII).
CHAIN_LOCK = 0x6175646974


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    target_label: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        if hasattr(target, "SCOPE_PATHS"):
            # Personal records are named by number only: the trail is append-only, and a name written
            # here could never be erased on a data subject's request.
            target_label = target_label or f"{target._meta.verbose_name} #{target.pk}"
        target_label = target_label or str(target)[:255]
    if target is not None and hasattr(target, "SCOPE_PATHS") and changes:
        changes = redact_values(changes, {field.name for field in target._meta.get_fields()})
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else "")[:150],
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_label=target_label[:255],
        changes=changes or {},
        ip_address=ip_address,
    )
    with transaction.atomic():
        _lock_chain()
        event.prev_hash = (
            AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first() or chain.GENESIS
        )
        event.row_hash = chain.row_hash(vars(event), event.prev_hash)
        event.save(force_insert=True)
    return event


def _lock_chain() -> None:
    """One append at a time, until the transaction commits, so each row sees the row before it.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the connection opens its transactions
    IMMEDIATE (settings), so the database's write lock already serialises writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


IDENTIFYING_KEYS = frozenset({"national_id", "merged_national_id", "phone", "first_name", "last_name"})


def redact_values(changes: dict[str, Any], field_names: set[str]) -> dict[str, Any]:
    """What the trail may keep of a change to a personal record: which fields changed, not their values.

    The trail is append-only, so a value written here could never be erased on a data subject's request
    (PDPA s.33). Old and new values live in the record's own history (django-simple-history), which the
    person page shows and an erasure removes. ``{field: [old, new]}`` pairs of the record's fields become
    ``"changed"``; identifying keys are dropped; counts, codes, ids and lists of field names stay.
    """
    redacted: dict[str, Any] = {}
    for key, value in changes.items():
        if key in field_names and isinstance(value, list) and len(value) == 2:
            redacted[key] = "changed"
        elif key in IDENTIFYING_KEYS:
            continue
        elif isinstance(value, dict):
            redacted[key] = redact_values(value, field_names)
        else:
            redacted[key] = value
    return redacted


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value differs, as JSON-safe strings."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changed[key] = [_json_safe(old), _json_safe(new)]
    return changed


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
