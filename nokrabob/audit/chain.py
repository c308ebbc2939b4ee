"""The audit trail's hash chain: each row carries the hash of the row before it.

``row_hash = sha256(canonical(fields) + prev_hash)``, rows chained in ``id`` order from ``GENESIS``. Editing a
row breaks its own hash; deleting or inserting one in the middle breaks the next row's link. ``actor_id`` is
left out on purpose: deleting a user nulls it (``on_delete=SET_NULL``), which the database trigger allows;
the name (``actor_name``) is hashed and stays. See docs/adr/0005-audit-trail-enforced-and-chained.md.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
# The hashed fields, in order. A field added to AuditEvent is not evidence until it is listed here (and a
# new chain version starts): the order and the serialisation below must never change for existing rows.
HASHED_FIELDS = (
    "at",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "changes",
    "ip_address",
)
VERSION = 1


def _number_safe(value: Any) -> Any:
    """JSON as both engines give it back: a whole float (``1.0``, ``1e20``) may come back as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_number_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _number_safe(item) for key, item in value.items()}
    return value


def _ip(value: str | None) -> str:
    if not value:
        return ""
    try:
        return ipaddress.ip_address(str(value)).compressed
    except ValueError:
        return str(value)


def canonical(row: Mapping[str, Any]) -> bytes:
    """One row's hashed fields as bytes that are the same before the insert and after reading it back."""
    at: datetime = row["at"]
    values = [
        VERSION,
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        row["actor_name"],
        row["action"],
        row["target_type"],
        str(row["target_id"]),
        row["target_label"],
        _number_safe(json.loads(json.dumps(row["changes"] or {}))),
        _ip(row["ip_address"]),
    ]
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(row: Mapping[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(row) + prev_hash.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_id: int | None = None
    head_hash: str = GENESIS
    broken_id: int | None = None
    broken_at: datetime | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def walk(rows: Iterable[Mapping[str, Any]]) -> ChainReport:
    """Check rows given in ``id`` order (with ``id``, ``prev_hash``, ``row_hash`` and HASHED_FIELDS).

    Stops at the first broken link: ``reason`` is ``"link"`` when the row does not point at the row before
    it (a row deleted or inserted before it), ``"hash"`` when its own fields no longer match its hash.
    """
    previous, checked, head_id = GENESIS, 0, None
    for row in rows:
        if row["prev_hash"] != previous:
            return ChainReport(checked, head_id, previous, row["id"], row["at"], "link")
        if row["row_hash"] != row_hash(row, previous):
            return ChainReport(checked, head_id, previous, row["id"], row["at"], "hash")
        previous, head_id, checked = row["row_hash"], row["id"], checked + 1
    return ChainReport(checked, head_id, previous)
