"""Batches whose process died: how they are found, and the two ways out (resume or roll back).

Each chunk of a batch commits its people together with their lawful basis, links, snapshots, the batch's
counts, ``rows_committed`` and an audit row (``pipeline.ImportRun.checkpoint``), so whatever a killed
process leaves behind is a whole number of complete chunks. A running batch records which process runs it
(host and pid) and beats a heartbeat at every chunk; it is *interrupted* when that process is gone (same
host) or its heartbeat is older than ``IMPORTS_STALE_AFTER_SECONDS`` (another host). The check runs when a
worker starts, every few minutes on the task queue, and before the command line imports. An interrupted
batch is resumed from the row after its last committed chunk (``services.run_batch``) or rolled back
(``rollback.batch_rollback``), from its page or from ``import_workers --resume/--rollback``.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.imports.models import ImportBatch, ImportStatus

STALE_AFTER_SECONDS = getattr(settings, "IMPORTS_STALE_AFTER_SECONDS", 600)

# The batches this process is running now (a worker runs tasks in threads). A batch that names this very
# process but is not among them was left by a run that stopped without finishing: the database went away
# under it and its clean-up could not be written (``services.run_batch``), so it is interrupted, like one
# whose process died, and the task's retry resumes it.
_running_here: set[int] = set()
_running_lock = threading.Lock()


@contextmanager
def running_here(batch_id: int) -> Iterator[None]:
    with _running_lock:
        _running_here.add(batch_id)
    try:
        yield
    finally:
        with _running_lock:
            _running_here.discard(batch_id)


def worker_identity() -> tuple[str, int]:
    """This process as a batch records it: host name and pid."""
    return socket.gethostname()[:255], os.getpid()


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process on this host (a zombie, killed but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def is_dead(batch: ImportBatch, *, now: dt.datetime | None = None) -> bool:
    """Whether a running batch's process is gone."""
    if batch.status != ImportStatus.RUNNING:
        return False
    host, pid = worker_identity()
    if batch.worker_pid == pid and batch.worker_host == host:
        with _running_lock:
            return batch.pk not in _running_here
    if batch.worker_pid and batch.worker_host == host:
        return not process_alive(batch.worker_pid)
    beat = batch.heartbeat_at or batch.started_at or batch.updated_at
    now = now or timezone.now()
    return beat is None or (now - beat).total_seconds() > STALE_AFTER_SECONDS


def mark_interrupted_batches(*, now: dt.datetime | None = None) -> list[int]:
    """Find running batches whose process died and mark them interrupted (audited). Returns their ids."""
    found = []
    for batch in ImportBatch.objects.filter(status=ImportStatus.RUNNING):
        if not is_dead(batch, now=now):
            continue
        # Only if nothing moved since we looked: a live worker's next heartbeat wins the race.
        changed = ImportBatch.objects.filter(
            pk=batch.pk, status=ImportStatus.RUNNING, heartbeat_at=batch.heartbeat_at
        ).update(
            status=ImportStatus.INTERRUPTED,
            rows_done=batch.rows_committed,
            failure=_("กระบวนการนำเข้าหยุดกลางคันหลังบันทึกแล้ว %(rows)s แถว: ทำต่อจากแถวถัดไป หรือย้อนกลับทั้งชุดได้")
            % {"rows": batch.rows_committed},
            updated_at=timezone.now(),
        )
        if changed:
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                target=batch,
                changes={"status": ImportStatus.INTERRUPTED, "rows_committed": batch.rows_committed},
            )
            found.append(batch.pk)
    return found


def refresh(batch: ImportBatch) -> ImportBatch:
    """The batch as it stands, marked interrupted first if its process is gone (a page showing a batch
    "running" for a worker that died would offer no way out)."""
    if batch.status == ImportStatus.RUNNING and is_dead(batch):
        mark_interrupted_batches()
        batch.refresh_from_db()
    return batch
