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

from nokrabob.accounts.scope import Scope, scope_for, scope_of_unit
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.core.models import OrgUnit
from nokrabob.core.outage import is_database_unavailable
from nokrabob.core.text import size_text
from nokrabob.imports import store
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
from nokrabob.imports.readers import ENCODINGS, Summary, TableReader, file_kind
from nokrabob.imports.recovery import running_here, worker_identity
from nokrabob.registry import tallies
from nokrabob.registry.rules.unit import unit_ids

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 0.5


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def require_importer(actor: Any) -> None:
    if actor is not None and not (getattr(actor, "caps", None) and actor.caps.edits_people):
        raise DomainError(_("บทบาทของท่านนำเข้าข้อมูลไม่ได้"))


def store_upload(upload: UploadedFile) -> Path:
    """Save an upload within the size limit under a random name in the uploads folder (never the
    sender's name), for every import: worker lists and reference tables."""
    limit = settings.IMPORTS_MAX_UPLOAD_BYTES
    if upload.size and upload.size > limit:
        raise DomainError(
            _("ไฟล์ใหญ่เกิน %(size)s โปรดแบ่งเป็นหลายไฟล์") % {"size": size_text(limit)}, field="file"
        )
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
    unit: OrgUnit | None = None,
) -> ImportBatch:
    """A new batch for a file (uploaded or on disk), its encoding detected and its mapping suggested.

    A batch always has an owner whose office decides its scope: the importing user, or (from the command
    line) an office the batch acts as."""
    require_importer(actor)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if is_user:
        unit = actor.unit
    elif unit is None:
        raise DomainError(
            _("ต้องระบุผู้นำเข้า (--user) หรือหน่วยงานที่นำเข้าในนามของ (--unit) / "
              "Name the importing user (--user) or the office to import as (--unit)")
        )  # fmt: skip
    if encoding and encoding not in ENCODINGS:
        raise DomainError(_("ไม่รู้จักการเข้ารหัสอักขระนี้"), field="encoding")
    if upload is not None:
        path = store_upload(upload)
        file_name = file_name or upload.name or path.name
        # A refused upload is deleted at once: it may hold a whole list of people.
        try:
            return _batch_for_file(
                actor=actor if is_user else None, unit=unit, path=path, file_name=file_name,
                source_name=source_name, encoding=encoding, template=template, dry_run=dry_run,
            )  # fmt: skip
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    if path is None:
        raise DomainError(_("กรุณาเลือกไฟล์"), field="file")
    return _batch_for_file(
        actor=actor if is_user else None, unit=unit, path=path, file_name=file_name,
        source_name=source_name, encoding=encoding, template=template, dry_run=dry_run,
    )  # fmt: skip


def _batch_for_file(
    *,
    actor: Any,
    unit: OrgUnit | None,
    path: Path,
    file_name: str,
    source_name: str,
    encoding: str,
    template: MappingTemplate | None,
    dry_run: bool,
) -> ImportBatch:
    reader = TableReader(path, kind=file_kind(file_name or path.name), encoding=encoding)
    summary = reader.summary()
    if template is not None:
        mapping = mapping_from_template(template.columns, reader.headers)
        source_name = source_name or template.source_name
    else:
        mapping = suggest_mapping(reader.headers)
    return ImportBatch.objects.create(
        file_name=(file_name or path.name)[:255],
        file_path=str(path),
        file_kind=reader.kind,
        encoding=reader.encoding,
        source_name=source_name[:200],
        mapping=mapping,
        template=template,
        dry_run=dry_run,
        created_by=actor,
        unit=unit,
        file_sha256=file_digest(path),
        headers=summary.headers,
        preview=summary.preview,
        rows_estimate=summary.rows,
    )


def file_digest(path: Path) -> str:
    """The file's SHA-256: the command line finds an interrupted batch of the same file by it."""
    import hashlib

    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def batch_reader(batch: ImportBatch) -> TableReader:
    """The batch's file; header, preview and row count come from the batch (the file is read by ``rows()``
    only). Batches from before the summary was kept read their file."""
    summary = None
    if batch.headers:
        summary = Summary(headers=batch.headers, preview=batch.preview, rows=batch.rows_estimate)
    return TableReader(batch.file_path, kind=batch.file_kind, encoding=batch.encoding, summary=summary)


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
        summary = TableReader(batch.file_path, kind=batch.file_kind, encoding=encoding).summary()
        batch.encoding = encoding
        batch.headers, batch.preview, batch.rows_estimate = summary.headers, summary.preview, summary.rows
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


def batch_scope(batch: ImportBatch) -> Scope | None:
    """The area a batch may read and write: its importer's scope, or its office's when a command ran as
    that office (None: everything, for roles that see everything)."""
    scope = scope_for(batch.created_by) if batch.created_by is not None else scope_of_unit(batch.unit)
    return None if scope.everything else scope


def normaliser_for(batch: ImportBatch, headers: list[str]) -> RowNormaliser:
    return RowNormaliser(
        mapping=batch.mapping, headers=headers, synonyms=load_synonyms(), scope=batch_scope(batch),
        unit_ids=unit_ids(),
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


def _counts_of(batch: ImportBatch) -> Counts:
    """The counts a batch's committed chunks left (where a resumed batch starts from)."""
    return Counts(
        done=batch.rows_committed, created=batch.rows_created, updated=batch.rows_updated,
        unchanged=batch.rows_unchanged, rejected=batch.rows_rejected, duplicate=batch.rows_duplicate,
        review=batch.rows_review,
    )  # fmt: skip


def _claim(batch: ImportBatch, rows_total: int) -> bool:
    """Mark the batch running in this process; False when another worker took it first."""
    host, pid = worker_identity()
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": ImportStatus.RUNNING, "rows_total": rows_total, "worker_host": host, "worker_pid": pid,
        "heartbeat_at": now, "failure": "", "updated_at": now, "cancel_requested": False,
    }  # fmt: skip
    if batch.status == ImportStatus.PENDING:
        found = store.select(f'SELECT max(id) FROM "{store.PERSON_TABLE}"', [])  # noqa: S608
        fields.update(started_at=now, start_max_id=found[0][0] or 0)
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(**fields)
    batch.refresh_from_db()
    return bool(claimed)


def run_batch(
    batch_id: int,
    *,
    workers: int = 0,
    on_progress: Any = None,
    chunk_rows: int = CHUNK_ROWS,
    maintenance: bool = False,
) -> ImportBatch:
    """Run (or dry-run) a batch from start to end, or resume an interrupted one after its last committed
    chunk. Used by the task queue and the management command."""
    with running_here(batch_id):
        return _run_batch(
            batch_id, workers=workers, on_progress=on_progress, chunk_rows=chunk_rows, maintenance=maintenance
        )


def _run_batch(
    batch_id: int, *, workers: int, on_progress: Any, chunk_rows: int, maintenance: bool
) -> ImportBatch:
    from nokrabob.imports.rollback import undo_batch_rows

    batch = ImportBatch.objects.select_related("created_by", "unit").get(pk=batch_id)
    if batch.status not in (ImportStatus.PENDING, ImportStatus.INTERRUPTED):
        raise DomainError(_("ชุดนี้ดำเนินการไปแล้ว"))
    if batch.created_by_id is None and batch.unit_id is None:
        raise DomainError(_("ชุดนี้ไม่มีผู้นำเข้าหรือหน่วยงานเจ้าของ จึงนำเข้าไม่ได้"))
    resuming = batch.status == ImportStatus.INTERRUPTED
    actor = batch.created_by
    reader = batch_reader(batch)
    if not _claim(batch, reader.count_rows()):
        raise DomainError(_("ชุดนี้กำลังถูกนำเข้าโดยกระบวนการอื่น"))
    normaliser = normaliser_for(batch, reader.headers)
    last = [0.0]
    audited = [_counts_of(batch) if resuming else Counts()]

    def progress(counts: Counts) -> bool:
        now = time.monotonic()
        if on_progress is not None:
            on_progress(counts, batch.rows_total)
        if now - last[0] < PROGRESS_EVERY_SECONDS:
            return True
        last[0] = now
        return not ImportBatch.objects.filter(pk=batch.pk, cancel_requested=True).exists()

    def checkpoint(counts: Counts) -> None:
        """Inside the chunk's transaction: the counts, the committed rows, the heartbeat, the audit row."""
        _save_counts(batch, counts, rows_committed=counts.done, heartbeat_at=timezone.now())
        if batch.dry_run:
            return
        before = audited[0]
        audit_record(
            actor=actor, action=AuditAction.IMPORT, target=batch,
            changes={
                "part": f"{before.done + 2}-{counts.done + 1}",
                "created": counts.created - before.created, "updated": counts.updated - before.updated,
                "rejected": counts.rejected - before.rejected, "review": counts.review - before.review,
                **({"unit": batch.unit.code} if actor is None and batch.unit else {}),
            },
        )  # fmt: skip
        audited[0] = Counts(**{k: v for k, v in vars(counts).items() if k != "first_errors"})

    run = ImportRun(
        normaliser=normaliser,
        options=Options(batch_id=batch.pk, actor_id=actor.pk if actor else None, dry_run=batch.dry_run,
                        workers=workers, chunk_rows=chunk_rows, maintenance=maintenance,
                        skip_rows=batch.rows_committed if resuming else 0,
                        start_max_id=batch.start_max_id),
        progress=progress,
        checkpoint=checkpoint,
        counts=_counts_of(batch) if resuming else None,
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
        if is_database_unavailable(exc):
            # The database went away: nothing more can be written now. The batch stays as a crash leaves it
            # (whole chunks committed, "running" for this process); the task's retry finds it interrupted
            # (``recovery.is_dead``) and resumes it after its last committed chunk.
            log.warning("import batch %s stopped: the database is unavailable (%s)", batch.pk, exc)
            raise
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
    if batch.status == ImportStatus.DONE and not batch.dry_run:
        _fold_counts_after(batch)
        _refresh_statistics_after(batch)
    return batch


def _fold_counts_after(batch: ImportBatch) -> None:
    """The counts the batch's chunks staged added to the registry's tallies. A failure here is logged:
    the staged counts are read with the tallies' until the next import, rollback or ``rebuild_counts``
    folds them."""
    try:
        tallies.fold_staged()
    except Exception:
        log.exception("folding the counts staged by import batch %s", batch.pk)


def _refresh_statistics_after(batch: ImportBatch) -> None:
    """Fresh planner statistics once a batch that moved the registry is done; a failure here is logged and
    never touches the batch, which is committed already."""
    if not store.statistics_stale(batch.rows_created + batch.rows_updated, batch.start_max_id):
        return
    try:
        store.refresh_statistics()
    except Exception:
        log.exception("planner statistics after import batch %s", batch.pk)


def _audit_counts(batch: ImportBatch) -> dict[str, Any]:
    return {
        "file": batch.file_name, "source": batch.source_name, "rows": batch.rows_total,
        "created": batch.rows_created, "updated": batch.rows_updated, "unchanged": batch.rows_unchanged,
        "rejected": batch.rows_rejected, "duplicates": batch.rows_duplicate, "review": batch.rows_review,
    }  # fmt: skip


def batch_check_startable(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Refuse (``DomainError``) a batch that cannot be started or resumed by ``actor``; the batch otherwise.
    ``tasks.queue_batch`` queues it (this module never imports the task module: tasks → services only)."""
    require_importer(actor)
    if batch.status not in (ImportStatus.PENDING, ImportStatus.INTERRUPTED):
        raise DomainError(_("ชุดนี้ดำเนินการไปแล้ว"))
    if not batch.mapping:
        raise DomainError(_("กรุณาจับคู่คอลัมน์ก่อนนำเข้า"))
    if batch.file_removed_at is not None:
        raise DomainError(_("ไฟล์ของชุดนี้ถูกลบตามระยะเวลาเก็บรักษาแล้ว นำเข้าต่อไม่ได้ ย้อนกลับได้เท่านั้น"))
    return batch


@transaction.atomic
def batch_from_dry_run(*, actor: Any, dry: ImportBatch) -> ImportBatch:
    """The real import of a file that was dry-run, with the same mapping."""
    require_importer(actor)
    if not dry.dry_run or dry.status != ImportStatus.DONE:
        raise DomainError(_("นำเข้าจริงได้หลังการทดลองนำเข้าเสร็จ"))
    if dry.file_removed_at:
        raise DomainError(_("ไม่มีไฟล์ที่อัปโหลดแล้ว (ลบตามระยะเวลาการเก็บรักษา) โปรดอัปโหลดไฟล์ใหม่"))
    return ImportBatch.objects.create(
        file_name=dry.file_name, file_path=dry.file_path, file_kind=dry.file_kind, encoding=dry.encoding,
        source_name=dry.source_name, mapping=dry.mapping, template=dry.template, dry_run=False,
        dry_run_of=dry, created_by=dry.created_by, unit=dry.unit, headers=dry.headers, preview=dry.preview,
        rows_estimate=dry.rows_estimate,
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
