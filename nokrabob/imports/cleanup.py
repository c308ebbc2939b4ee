"""Deleting uploaded lists the registry no longer needs.

An uploaded worker list holds a whole list of people (names, national IDs, phones, incomes). The app keeps
one only while it can still be used:

- **refused** — the upload was refused when the batch was created: deleted at once by ``batch_create``;
  a file that no batch points to (the clean-up was interrupted, or an older version left it) is deleted
  here once it is ``ORPHAN_GRACE`` old (younger ones may belong to an upload being saved right now);
- **abandoned** — a batch still waiting for its mapping ``IMPORTS_ABANDONED_HOURS`` after it was last
  touched: cancelled, and its file deleted;
- **finished** — done, failed, cancelled or rolled back ``IMPORTS_UPLOAD_RETENTION_DAYS`` ago: the file is
  deleted. A running batch is never touched.

The batch row, its counts, its rejected rows (the error report reads those, not the file: see
``error_report``) and its audit trail stay; ``file_removed_at`` records when the file went and the first
rows kept for the mapping page are emptied with it. A file shared by several batches (a dry run and the
real import made from it) goes only when every one of them may let it go. Only files inside the upload
folder are ever deleted: a file given to ``import_workers`` on the command line is the operator's.

Run hourly by the task queue (``tasks.purge_uploads_task``) and by ``manage.py purge_uploads``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.imports.models import ExportJob, ImportBatch, ImportStatus

log = logging.getLogger(__name__)

ORPHAN_GRACE = dt.timedelta(hours=1)
LIVE = (ImportStatus.PENDING, ImportStatus.RUNNING, ImportStatus.INTERRUPTED)  # interrupted: kept to resume


@dataclass
class PurgeResult:
    abandoned: list[int] = field(default_factory=list)  # batch ids cancelled and emptied
    expired: list[int] = field(default_factory=list)  # finished batch ids whose file went
    orphans: list[str] = field(default_factory=list)  # file names no batch pointed to
    bytes_freed: int = 0

    def __str__(self) -> str:
        return (
            f"abandoned batches {len(self.abandoned)}, finished batches past retention {len(self.expired)}, "
            f"files no batch used {len(self.orphans)}, {self.bytes_freed / (1024 * 1024):,.1f} MB freed"
        )


def upload_dir() -> Path:
    from nokrabob.imports.services import upload_dir as _upload_dir

    return _upload_dir()


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().parent == folder
    except OSError:
        return False


def purge_uploads(*, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete the files of abandoned and finished batches, and files no batch points to (see the module)."""
    now = now or timezone.now()
    folder = upload_dir().resolve()
    result = PurgeResult()
    abandoned_before = now - dt.timedelta(hours=settings.IMPORTS_ABANDONED_HOURS)
    finished_before = now - dt.timedelta(days=settings.IMPORTS_UPLOAD_RETENTION_DAYS)

    abandoned = Q(status=ImportStatus.PENDING, updated_at__lt=abandoned_before)
    expired = Q(ended__lt=finished_before) & ~Q(status__in=LIVE)
    held = ImportBatch.objects.filter(file_removed_at__isnull=True).annotate(
        ended=Coalesce("finished_at", "updated_at")
    )
    # Every batch that still holds a file, grouped by file: a file goes only if all its batches may let it go.
    by_path: dict[str, list[tuple[int, str]]] = defaultdict(list)
    releasable = set(held.filter(abandoned | expired).values_list("pk", flat=True))
    for pk, path, status in held.values_list("pk", "file_path", "status"):
        by_path[path].append((pk, status))
    for path, batches in by_path.items():
        if not path or not all(pk in releasable for pk, _status in batches):
            continue
        if dry_run:
            _sort(result, batches)
            continue
        if _release(path, batches, now=now, abandoned_before=abandoned_before, folder=folder, result=result):
            _sort(result, batches)

    result.orphans, freed = _orphans(folder, now=now, dry_run=dry_run)
    result.bytes_freed += freed
    if result.abandoned or result.expired or result.orphans:
        log.info("purge_uploads: %s", result)
    return result


def _sort(result: PurgeResult, batches: list[tuple[int, str]]) -> None:
    for pk, status in batches:
        (result.abandoned if status == ImportStatus.PENDING else result.expired).append(pk)


def _release(
    path: str,
    batches: list[tuple[int, str]],
    *,
    now: dt.datetime,
    abandoned_before: dt.datetime,
    folder: Path,
    result: PurgeResult,
) -> bool:
    """Mark the batches as without their file (cancelling the pending ones) and delete the file.
    False when a batch changed meanwhile (someone started it): then nothing is done."""
    ids = [pk for pk, _status in batches]
    with transaction.atomic():
        locked = list(
            ImportBatch.objects.select_for_update().filter(pk__in=ids, file_removed_at__isnull=True)
        )
        if len(locked) != len(ids) or any(
            b.status in (ImportStatus.RUNNING, ImportStatus.INTERRUPTED)
            or (b.status == ImportStatus.PENDING and b.updated_at >= abandoned_before)
            for b in locked
        ):
            return False
        for batch in locked:
            reason = "abandoned" if batch.status == ImportStatus.PENDING else "retention"
            update: dict[str, object] = {"file_removed_at": now, "preview": []}
            if batch.status == ImportStatus.PENDING:
                update.update(
                    status=ImportStatus.CANCELLED,
                    finished_at=now,
                    failure=_("ไม่ได้ดำเนินการต่อภายใน %(hours)s ชั่วโมงหลังอัปโหลด ระบบจึงยกเลิกและลบไฟล์แล้ว")
                    % {"hours": settings.IMPORTS_ABANDONED_HOURS},
                )
            # .update() keeps updated_at as it was: the batch's own history is not rewritten.
            ImportBatch.objects.filter(pk=batch.pk).update(**update)
            audit_record(
                actor=None,
                action=AuditAction.DELETE,
                target=batch,
                changes={"uploaded_file": reason, "file_name": batch.file_name},
            )
        file = Path(path)
        if _inside(file, folder):
            try:
                size = file.stat().st_size
                file.unlink()
            except FileNotFoundError:
                size = 0
            result.bytes_freed += size
    return True


def _orphans(folder: Path, *, now: dt.datetime, dry_run: bool) -> tuple[list[str], int]:
    """Files in the upload folder that no batch or export points to, older than ``ORPHAN_GRACE``."""
    paths = [
        *ImportBatch.objects.filter(file_removed_at__isnull=True).values_list("file_path", flat=True),
        *ExportJob.objects.values_list("file_path", flat=True),
    ]
    known = {Path(p).name for p in paths if p}
    cutoff = (now - ORPHAN_GRACE).timestamp()
    removed, freed = [], 0
    for entry in folder.iterdir():
        if entry.name in known or not entry.is_file() or entry.is_symlink():
            continue
        stat = entry.stat()
        if stat.st_mtime >= cutoff:
            continue
        if not dry_run:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
        freed += stat.st_size
    if removed and not dry_run:
        audit_record(
            actor=None,
            action=AuditAction.DELETE,
            target_type="imports.upload",
            target_label=_("ไฟล์ที่อัปโหลดซึ่งไม่มีชุดการนำเข้าใช้"),
            changes={"files": len(removed)},
        )
    return removed, freed
