"""Reads of the audit trail."""

from __future__ import annotations

from nokrabob.audit import chain
from nokrabob.audit.models import AuditEvent


def verify_chain() -> chain.ChainReport:
    """Walk the whole trail in id order. Linear in the number of rows; for the DPO's check, not every page."""
    fields = ("id", "prev_hash", "row_hash", *chain.HASHED_FIELDS)
    rows = AuditEvent.objects.order_by("id").values(*fields).iterator(chunk_size=5000)
    return chain.walk(rows)
