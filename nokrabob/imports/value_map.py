"""The values-to-map step's writes: an unknown occupation or scheme value mapped to a catalogue code.

Mapping a value saves it as a synonym, so every later file reads it. When the value belongs to a batch that
imported people, each person of that batch whose row carried it then gets the occupation or welfare record
the row would have given them: in one transaction, audited, and only people the user may reach (a batch's
people are in its importer's scope). The records carry the batch's note (``batch_marker``), so rolling the
batch back removes them with the rest. A mapping file (``kind,text,code``) does the same for the command
line before an import.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from nokrabob.accounts.scope import scoped
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.imports.models import (
    ImportBatch,
    ImportStatus,
    ImportValue,
    ImportValuePerson,
    SynonymKind,
    batch_marker,
)
from nokrabob.imports.services import require_importer, synonym_save

FILL_SLICE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The names a mapping file may give a kind, besides the codes themselves.
KIND_NAMES = {"occupation": "occupation", "อาชีพ": "occupation", "scheme": "scheme", "สวัสดิการ": "scheme"}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def value_map(*, actor: Any, batch: ImportBatch, value_id: int, code: str) -> ImportValue:
    """Map one of ``batch``'s unknown values to ``code``: the synonym is saved and, for an import that
    is done, the batch's people who carried the value get the record. Returns the value (``filled``: how
    many people got one)."""
    require_importer(actor)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    value = ImportValue.objects.select_for_update().filter(batch=batch, pk=value_id).first()
    if value is None:
        raise DomainError(_("ไม่พบค่านี้ในชุดการนำเข้านี้"))
    if batch.status != ImportStatus.DONE:
        raise DomainError(_("จับคู่ค่าของชุดนี้ได้เมื่อการนำเข้าเสร็จแล้วเท่านั้น"))
    if value.code:
        raise DomainError(_("ค่านี้จับคู่กับรหัสในระบบแล้ว"))
    synonym_save(actor=actor, kind=value.kind, text=value.text, code=code)
    value.filled = 0 if batch.dry_run else _fill(actor, batch, value, code)
    value.code = code
    value.mapped_by = _user(actor)
    value.mapped_at = timezone.now()
    value.save(update_fields=["code", "filled", "mapped_by", "mapped_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=batch,
        changes={"value": value.text, "kind": value.kind, "code": code, "filled": value.filled},
    )
    return value


def _fill(actor: Any, batch: ImportBatch, value: ImportValue, code: str) -> int:
    """The records the rows carrying ``value`` would have given their people, for those who lack one."""
    from nokrabob.registry.models import (
        Occupation,
        Person,
        PersonOccupation,
        Scheme,
        WelfareRecord,
        WelfareSource,
        WelfareStatus,
    )

    people = Person.objects.filter(
        pk__in=ImportValuePerson.objects.filter(value=value).values("person_id"), merged_into__isnull=True
    )
    if actor is not None:
        people = scoped(people, actor)
    marker, user = batch_marker(batch.pk), _user(actor)
    records: list[Any]
    if value.kind == SynonymKind.OCCUPATION:
        occupation = Occupation.objects.get(code=code)
        have = PersonOccupation.objects.filter(occupation=occupation, is_current=True).values("person_id")
        ids = list(people.exclude(pk__in=have).values_list("pk", flat=True))
        records = [
            PersonOccupation(person_id=pk, occupation=occupation, is_current=True, details=marker)
            for pk in ids
        ]
        model: Any = PersonOccupation
    else:
        scheme = Scheme.objects.get(code=code)
        ids = list(people.exclude(pk__in=WelfareRecord.objects.filter(scheme=scheme).values("person_id"))
                   .values_list("pk", flat=True))  # fmt: skip
        today = timezone.localdate()
        shared = {
            "scheme": scheme, "status": WelfareStatus.ENROLLED, "recorded_on": today,
            "source": WelfareSource.AGENCY_LIST, "note": marker, "created_by": user,
        }  # fmt: skip
        records = [WelfareRecord(person_id=pk, **shared) for pk in ids]
        model = WelfareRecord
    if records:
        from nokrabob.registry.tallies import recounting

        with recounting(ids):
            bulk_create_with_history(records, model, batch_size=FILL_SLICE, default_user=user)
    return len(records)


# ── the command line ─────────────────────────────────────────────────────────────────────────────


def read_value_map(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, kind, text, code) of a mapping file: CSV with the columns ``kind,text,code`` (a header row
    naming them, in any order, or those three first). Rows without a code are skipped, so the list that
    ``write_unknown_values`` prints can be filled in part."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError(_("อ่านไฟล์จับคู่ค่าไม่ได้: %(error)s") % {"error": exc}) from None
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    start = 1 if {"kind", "text", "code"} <= set(header) else 0
    at = [header.index(name) for name in ("kind", "text", "code")] if start else [0, 1, 2]
    found = []
    for line, row in enumerate(rows[start:], start=start + 1):
        cells = [_unquoted(row[i].strip()) if i < len(row) else "" for i in at]
        if not any(cells):
            continue
        kind = KIND_NAMES.get(cells[0].lower())
        if kind is None:
            raise DomainError(
                _("บรรทัด %(line)s: ประเภทต้องเป็น occupation หรือ scheme") % {"line": line}, field="kind"
            )
        if cells[2]:
            found.append((line, kind, cells[1], cells[2]))
    return found


@transaction.atomic
def save_value_map(*, actor: Any, path: Path) -> int:
    """Save every row of a mapping file as a synonym, all or none. Returns how many were saved."""
    rows = read_value_map(path)
    for line, kind, text, code in rows:
        try:
            synonym_save(actor=actor, kind=kind, text=text, code=code)
        except DomainError as exc:
            raise DomainError(
                _("บรรทัด %(line)s: %(error)s") % {"line": line, "error": exc.message}, field=exc.field
            ) from None
    return len(rows)


def list_unknown_values(batch: ImportBatch, target: str, stdout: Any) -> None:
    """``import_workers --unknown-values``: the list to ``stdout`` (``target`` "-") or to the file
    ``target`` (then a line on ``stdout`` says how many)."""
    if target == "-":
        write_unknown_values(batch, stdout)
        return
    with Path(target).open("w", encoding="utf-8-sig", newline="") as out:
        listed = write_unknown_values(batch, out)
    stdout.write(f"unknown values: {listed} in {target}\n")


def write_unknown_values(batch: ImportBatch, out: TextIO) -> int:
    """The batch's unknown values as CSV (``kind,text,code,rows``, the code empty where still unknown):
    fill in the codes and give the file back with ``--value-map``. Returns how many values."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "text", "code", "rows"])
    values = list(ImportValue.objects.filter(batch=batch).values_list("kind", "text", "code", "row_count"))
    writer.writerows((kind, _quoted(text), code, rows) for kind, text, code, rows in values)
    return len(values)


def _quoted(text: str) -> str:
    """A text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unquoted(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
