"""Undoing a batch: people it created are removed, people it updated get their previous values back."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.imports import store
from nokrabob.imports.models import ImportBatch, ImportSnapshot, ImportStatus, batch_marker
from nokrabob.imports.pipeline import UPDATABLE

DELETE_CHUNK = 2000


def later_batches_blocking(batch: ImportBatch) -> list[int]:
    """Batches (not rolled back) that changed people this batch wrote: they must be undone first."""
    return list(
        ImportSnapshot.objects.filter(previous_batch_id=batch.pk)
        .exclude(batch__status=ImportStatus.ROLLED_BACK)
        .exclude(batch=batch)
        .values_list("batch_id", flat=True)
        .distinct()
    )


def undo_batch_rows(batch: ImportBatch) -> dict[str, int]:
    """Remove what ``batch`` wrote (call inside a transaction). Returns counts."""
    from nokrabob.registry.models import Person
    from nokrabob.registry.tallies import fold_staged, recounting

    # An interrupted batch's chunks may still be staged: folded first, the counts taken off below are
    # taken off cells that hold them.
    fold_staged()
    marker = batch_marker(batch.pk)
    snapshots = list(
        ImportSnapshot.objects.filter(batch=batch).values_list("person_id", "previous", "previous_batch_id")
    )
    updated_ids = {pk for pk, _p, _b in snapshots}
    # Remove created people (with whatever hangs off them) in slices; the counts follow each slice.
    created = (
        Person.objects.filter(import_batch=batch).exclude(pk__in=updated_ids).values_list("pk", flat=True)
    )
    removed = 0
    while True:
        ids = list(created[:DELETE_CHUNK])
        if not ids:
            break
        with recounting(ids):
            marks = ", ".join(["%s"] * len(ids))
            store.execute(f"DELETE FROM registry_consent WHERE person_id IN ({marks})", ids)  # noqa: S608
            Person.objects.filter(pk__in=ids).delete()
        removed += len(ids)
    # Then the people it updated, and those it added links to (a mapped unknown value): the counts
    # follow them too.
    with recounting(updated_ids | _people_with_marker(marker)):
        restored = _restore(batch, marker, snapshots)
    batch.review_items.filter(status="open").delete()
    return {"removed": removed, "restored": restored}


def _merged_into_batch_people(batch: ImportBatch) -> bool:
    """Another record was merged into a person the batch created: removing that person would orphan it."""
    from nokrabob.registry.models import Person

    updated = ImportSnapshot.objects.filter(batch=batch).values("person_id")
    created = Person.objects.filter(import_batch=batch).exclude(pk__in=updated)
    return Person.objects.filter(merged_into__in=created.values("pk")).exists()


def _people_with_marker(marker: str) -> set[int]:
    from nokrabob.registry.models import PersonOccupation, WelfareRecord

    return set(PersonOccupation.objects.filter(details=marker).values_list("person_id", flat=True)) | set(
        WelfareRecord.objects.filter(note=marker).values_list("person_id", flat=True)
    )


def _restore(batch: ImportBatch, marker: str, snapshots: list[Any]) -> int:
    """Remove the links the batch added to people it updated, and give those people their old values."""
    from nokrabob.registry.names import sound_key

    # Links the batch added to people it updated.
    for table in ("registry_personoccupation", "registry_welfarerecord"):
        column = "details" if table == "registry_personoccupation" else "note"
        store.execute(f'DELETE FROM "{table}" WHERE "{column}" = %s', [marker])  # noqa: S608
    # Who carried the batch's unknown values: once it is undone, mapping them fills in no one.
    store.execute(
        "DELETE FROM imports_importvalueperson WHERE value_id IN "
        "(SELECT id FROM imports_importvalue WHERE batch_id = %s)",
        [batch.pk],
    )
    # Restore updated people.
    rows: list[Any] = []
    for pk, previous, previous_batch in snapshots:
        values = previous if isinstance(previous, dict) else json.loads(previous)
        rows.append((
            *(values.get(name) if values.get(name) is not None or name in ("birth_date", "monthly_income")
              else "" for name in UPDATABLE),
            sound_key(values.get("first_name") or ""), sound_key(values.get("last_name") or ""),
            previous_batch, pk,
        ))  # fmt: skip
    store.update_people((*UPDATABLE, "first_name_sound", "last_name_sound", "import_batch_id"), rows)
    return len(rows)


@transaction.atomic
def batch_rollback(*, actor: Any, batch: ImportBatch) -> dict[str, int]:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.dry_run:
        raise DomainError(_("การทดลองนำเข้าไม่ได้บันทึกข้อมูล จึงไม่ต้องย้อนกลับ"))
    if batch.status not in (ImportStatus.DONE, ImportStatus.INTERRUPTED):
        raise DomainError(_("ย้อนกลับได้เฉพาะชุดที่นำเข้าเสร็จแล้ว หรือชุดที่หยุดกลางคัน"))
    blocking = later_batches_blocking(batch)
    if blocking:
        raise DomainError(
            _("ต้องย้อนกลับชุดที่นำเข้าภายหลัง (%(ids)s) ก่อน เพราะชุดนั้นแก้ไขข้อมูลจากชุดนี้")
            % {"ids": ", ".join(str(i) for i in blocking)}
        )
    if _merged_into_batch_people(batch):
        raise DomainError(_("มีระเบียนอื่นถูกรวมเข้ากับบุคคลที่นำเข้าในชุดนี้แล้ว จึงย้อนกลับชุดนี้ไม่ได้"))
    counts = undo_batch_rows(batch)
    if store.statistics_stale(counts["removed"] + counts["restored"], batch.start_max_id):
        store.refresh_statistics()
    batch.status = ImportStatus.ROLLED_BACK
    batch.rolled_back_at = timezone.now()
    batch.save(update_fields=["status", "rolled_back_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.DELETE, target=batch, changes={"rollback": True, **counts})
    return counts
