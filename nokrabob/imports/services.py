"""Writes of the imports app: batches and their runs, templates, synonyms, review decisions."""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import scope_for
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.imports.mapping import TARGET_NAMES, mapping_from_template, suggest_mapping
from nokrabob.imports.models import (
    ImportBatch,
    ImportStatus,
    MappingTemplate,
    SynonymKind,
    ValueSynonym,
)
from nokrabob.imports.normalise import RowNormaliser
from nokrabob.imports.pipeline import CHUNK_ROWS, Cancelled, Counts, ImportRun, Options
from nokrabob.imports.readers import ENCODINGS, TableReader, file_kind

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = getattr(settings, "IMPORTS_MAX_UPLOAD_BYTES", 300 * 1024 * 1024)
PROGRESS_EVERY_SECONDS = 0.5


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def require_importer(actor: Any) -> None:
    if actor is not None and not (getattr(actor, "caps", None) and actor.caps.edits_people):
        raise DomainError(_("บทบาทของท่านนำเข้าข้อมูลไม่ได้"))


def _store_upload(upload: UploadedFile) -> Path:
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise DomainError(_("ไฟล์ใหญ่เกิน %(mb)s MB") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}, field="file")
    kind = file_kind(upload.name or "")
    path = upload_dir() / f"{uuid.uuid4().hex}.{kind}"
    with path.open("wb") as out:
        for part in upload.chunks():
            out.write(part)
    return path


@transaction.atomic
def batch_create(
    *,
    actor: Any,
    path: Path | None = None,
    upload: UploadedFile | None = None,
    file_name: str = "",
    source_name: str = "",
    encoding: str = "",
    template: MappingTemplate | None = None,
    dry_run: bool = False,
) -> ImportBatch:
    """A new batch for a file (uploaded or on disk), its encoding detected and its mapping suggested."""
    require_importer(actor)
    if encoding and encoding not in ENCODINGS:
        raise DomainError(_("ไม่รู้จักการเข้ารหัสอักขระนี้"), field="encoding")
    if upload is not None:
        path = _store_upload(upload)
        file_name = file_name or upload.name or path.name
    if path is None:
        raise DomainError(_("กรุณาเลือกไฟล์"), field="file")
    reader = TableReader(path, kind=file_kind(file_name or path.name), encoding=encoding)
    if template is not None:
        mapping = mapping_from_template(template.columns, reader.headers)
        source_name = source_name or template.source_name
    else:
        mapping = suggest_mapping(reader.headers)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return ImportBatch.objects.create(
        file_name=(file_name or path.name)[:255],
        file_path=str(path),
        file_kind=reader.kind,
        encoding=reader.encoding,
        source_name=source_name[:200],
        mapping=mapping,
        template=template,
        dry_run=dry_run,
        created_by=actor if is_user else None,
        unit=actor.unit if is_user else None,
    )


def batch_reader(batch: ImportBatch) -> TableReader:
    return TableReader(batch.file_path, kind=batch.file_kind, encoding=batch.encoding)


@transaction.atomic
def batch_set_mapping(
    *,
    actor: Any,
    batch: ImportBatch,
    mapping: dict[str, int],
    encoding: str = "",
    source_name: str = "",
    template_name: str = "",
) -> ImportBatch:
    """Correct the suggested mapping (and encoding); optionally save it as a reusable template."""
    require_importer(actor)
    if batch.status != ImportStatus.PENDING:
        raise DomainError(_("ชุดนี้เริ่มนำเข้าแล้ว แก้ไขการจับคู่ไม่ได้"))
    if encoding and encoding != batch.encoding:
        if encoding not in ENCODINGS:
            raise DomainError(_("ไม่รู้จักการเข้ารหัสอักขระนี้"), field="encoding")
        TableReader(batch.file_path, kind=batch.file_kind, encoding=encoding)
        batch.encoding = encoding
    headers = batch_reader(batch).headers
    clean = {t: int(i) for t, i in mapping.items() if t in TARGET_NAMES and 0 <= int(i) < len(headers)}
    if "first_name" not in clean and "full_name" not in clean:
        raise DomainError(_("ต้องจับคู่คอลัมน์ชื่อ หรือ ชื่อ-นามสกุล"), field="first_name")
    if not {"district", "subdistrict"} & set(clean):
        raise DomainError(_("ต้องจับคู่คอลัมน์เขต/อำเภอ หรือแขวง/ตำบล"), field="district")
    used = list(clean.values())
    if len(used) != len(set(used)):
        raise DomainError(_("คอลัมน์หนึ่งจับคู่ได้กับข้อมูลเพียงช่องเดียว"))
    batch.mapping = clean
    if source_name:
        batch.source_name = source_name[:200]
    if template_name:
        template, _created = MappingTemplate.objects.update_or_create(
            name=template_name[:200],
            defaults={
                "source_name": batch.source_name,
                "columns": {t: headers[i] for t, i in clean.items()},
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        batch.template = template
    batch.save()
    return batch


def load_synonyms() -> dict[str, dict[str, str]]:
    """Catalogue codes and names, then the editable synonyms table on top."""
    from nokrabob.registry.models import Occupation, Scheme

    table: dict[str, dict[str, str]] = {SynonymKind.OCCUPATION: {}, SynonymKind.SCHEME: {}}
    for kind, model in ((SynonymKind.OCCUPATION, Occupation), (SynonymKind.SCHEME, Scheme)):
        for code, name_th, name_en in model.objects.filter(is_active=True).values_list(
            "code", "name_th", "name_en"
        ):
            for text in (code, name_th, name_en):
                if text:
                    table[kind][text] = code
    known: dict[str, set[str]] = {
        SynonymKind.OCCUPATION: set(Occupation.objects.values_list("code", flat=True)),
        SynonymKind.SCHEME: set(Scheme.objects.values_list("code", flat=True)),
    }
    for kind_code, text, code in ValueSynonym.objects.values_list("kind", "text", "code"):
        if code in known.get(kind_code, set()):  # a code that is gone leaves its value unknown
            table[str(kind_code)][text] = code
    return table


def units_by_area() -> dict[str, int]:
    """Bangkok district code or province code → the id of the office responsible for it."""
    from nokrabob.core.models import OrgUnit

    found = {}
    for code, pk in OrgUnit.objects.filter(code__regex=r"^(BMA-D|PLO-)").values_list("code", "id"):
        found[code.removeprefix("BMA-D").removeprefix("PLO-")] = pk
    return found


def normaliser_for(batch: ImportBatch, actor: Any, headers: list[str]) -> RowNormaliser:
    scope = None
    if actor is not None:
        user_scope = scope_for(actor)
        scope = None if user_scope.everything else user_scope
    return RowNormaliser(
        mapping=batch.mapping, headers=headers, synonyms=load_synonyms(), scope=scope,
        unit_ids=units_by_area(),
    )  # fmt: skip


def _save_counts(batch: ImportBatch, counts: Counts, **extra: Any) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows_done=min(counts.done, batch.rows_total) if batch.rows_total else counts.done,
        rows_created=counts.created,
        rows_updated=counts.updated,
        rows_unchanged=counts.unchanged,
        rows_rejected=counts.rejected,
        rows_duplicate=counts.duplicate,
        rows_review=counts.review,
        updated_at=timezone.now(),
        **extra,
    )


def run_batch(
    batch_id: int, *, workers: int = 0, on_progress: Any = None, chunk_rows: int = CHUNK_ROWS
) -> ImportBatch:
    """Run (or dry-run) a batch from start to end. Used by the task queue and the management command."""
    from nokrabob.imports.rollback import undo_batch_rows

    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportStatus.PENDING:
        raise DomainError(_("ชุดนี้ดำเนินการไปแล้ว"))
    actor = batch.created_by
    reader = batch_reader(batch)
    batch.rows_total = reader.count_rows()
    batch.status = ImportStatus.RUNNING
    batch.started_at = timezone.now()
    batch.save(update_fields=["rows_total", "status", "started_at", "updated_at"])
    normaliser = normaliser_for(batch, actor, reader.headers)
    last = [0.0]

    def progress(counts: Counts) -> bool:
        now = time.monotonic()
        if on_progress is not None:
            on_progress(counts, batch.rows_total)
        if now - last[0] < PROGRESS_EVERY_SECONDS:
            return True
        last[0] = now
        _save_counts(batch, counts)
        return not ImportBatch.objects.filter(pk=batch.pk, cancel_requested=True).exists()

    run = ImportRun(
        normaliser=normaliser,
        options=Options(batch_id=batch.pk, actor_id=actor.pk if actor else None, dry_run=batch.dry_run,
                        workers=workers, chunk_rows=chunk_rows),
        progress=progress,
    )  # fmt: skip
    try:
        counts = run.run(reader.rows())
        with transaction.atomic():
            run.finish()
            _save_counts(batch, counts, status=ImportStatus.DONE, finished_at=timezone.now())
            ImportBatch.objects.filter(pk=batch.pk).update(rows_total=counts.done, rows_done=counts.done)
            batch.refresh_from_db()
            if not batch.dry_run:
                audit_record(
                    actor=actor, action=AuditAction.IMPORT, target=batch, changes=_audit_counts(batch)
                )
    except Cancelled:
        with transaction.atomic():
            undo_batch_rows(batch)
            _save_counts(batch, run.counts, status=ImportStatus.CANCELLED, finished_at=timezone.now())
    except Exception as exc:
        log.exception("import batch %s failed", batch.pk)
        with transaction.atomic():
            undo_batch_rows(batch)
            failure = (
                exc.message
                if isinstance(exc, DomainError)
                else _("เกิดข้อผิดพลาดระหว่างนำเข้า ข้อมูลของชุดนี้ถูกย้อนกลับแล้ว")
            )
            _save_counts(
                batch, run.counts, status=ImportStatus.FAILED, finished_at=timezone.now(), failure=failure
            )
    batch.refresh_from_db()
    return batch


def _audit_counts(batch: ImportBatch) -> dict[str, Any]:
    return {
        "file": batch.file_name, "source": batch.source_name, "rows": batch.rows_total,
        "created": batch.rows_created, "updated": batch.rows_updated, "unchanged": batch.rows_unchanged,
        "rejected": batch.rows_rejected, "duplicates": batch.rows_duplicate, "review": batch.rows_review,
    }  # fmt: skip


def batch_start(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue the batch on the task queue (after commit)."""
    require_importer(actor)
    if batch.status != ImportStatus.PENDING:
        raise DomainError(_("ชุดนี้ดำเนินการไปแล้ว"))
    if not batch.mapping:
        raise DomainError(_("กรุณาจับคู่คอลัมน์ก่อนนำเข้า"))
    from nokrabob.imports.tasks import run_import_task

    transaction.on_commit(lambda: run_import_task(batch.pk))
    return batch


@transaction.atomic
def batch_from_dry_run(*, actor: Any, dry: ImportBatch) -> ImportBatch:
    """The real import of a file that was dry-run, with the same mapping."""
    require_importer(actor)
    if not dry.dry_run or dry.status != ImportStatus.DONE:
        raise DomainError(_("นำเข้าจริงได้หลังการทดลองนำเข้าเสร็จ"))
    return ImportBatch.objects.create(
        file_name=dry.file_name, file_path=dry.file_path, file_kind=dry.file_kind, encoding=dry.encoding,
        source_name=dry.source_name, mapping=dry.mapping, template=dry.template, dry_run=False,
        dry_run_of=dry, created_by=dry.created_by, unit=dry.unit,
    )  # fmt: skip


def batch_cancel(*, actor: Any, batch: ImportBatch) -> None:
    require_importer(actor)
    if not batch.is_active:
        raise DomainError(_("ชุดนี้ไม่ได้กำลังนำเข้า"))
    if batch.status == ImportStatus.PENDING:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.CANCELLED, cancel_requested=True)
    else:
        ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)


# ── synonyms ─────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def synonym_save(*, actor: Any, kind: str, text: str, code: str) -> ValueSynonym:
    from nokrabob.registry.models import Occupation, Scheme

    require_importer(actor)
    text = " ".join(text.split())
    if not text:
        raise DomainError(_("กรุณากรอกคำที่พบในไฟล์"), field="text")
    if len(text) > ValueSynonym._meta.get_field("text").max_length:  # type: ignore[operator]
        raise DomainError(_("คำที่พบในไฟล์ยาวเกิน 200 ตัวอักษร"), field="text")
    if kind not in SynonymKind.values:
        raise DomainError(_("ประเภทต้องเป็นอาชีพหรือสวัสดิการ"), field="kind")
    model = Occupation if kind == SynonymKind.OCCUPATION else Scheme
    if not model.objects.filter(code=code).exists():
        raise DomainError(_("ไม่พบรหัสนี้ในระบบ"), field="code")
    synonym, _created = ValueSynonym.objects.update_or_create(kind=kind, text=text, defaults={"code": code})
    audit_record(actor=actor, action=AuditAction.UPDATE, target=synonym, changes={"text": text, "code": code})
    return synonym
