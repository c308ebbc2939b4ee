"""Task-queue wrappers (Huey) and the two calls that queue work. Tests run them inline (immediate mode).

This module imports the services; they never import it (the import modules form a DAG,
``tests/test_import_graph.py``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import on_startup

from nokrabob.core.tasks import db_periodic_task, db_task, retrying
from nokrabob.imports import exports, services
from nokrabob.imports.models import ExportJob, ImportBatch


def queue_batch(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue the batch on the task queue (after commit): a new batch, or an interrupted one to resume."""
    services.batch_check_startable(actor=actor, batch=batch)
    transaction.on_commit(lambda: run_import_task(batch.pk))
    return batch


def queue_export(job: ExportJob) -> ExportJob:
    """Queue an export's job on the task queue (after commit)."""
    transaction.on_commit(lambda: run_export_task(job.pk))
    return job


@db_task()
def run_import_task(batch_id: int) -> None:
    """Safe to run again: a retry after the database went away first marks the batch its failed attempt left
    "running" as interrupted (``recovery.is_dead``), then resumes it after its last committed chunk; a batch
    already done, failed or cancelled is refused without change."""
    if retrying():
        from nokrabob.imports.recovery import mark_interrupted_batches

        mark_interrupted_batches()
    services.run_batch(batch_id)


@db_task()
def run_export_task(export_id: int) -> None:
    """Safe to run again: a job is claimed once; a retry writes the file afresh under a new name
    (``exports.run_export_job``), and a job already done is left alone."""
    exports.run_export_job(export_id, retry=retrying())


@db_periodic_task(crontab(minute="*/5"))
def find_interrupted_imports_task() -> list[int]:
    """Every five minutes: running batches whose process died become interrupted (resume or roll back),
    and the counts their chunks staged are folded into the tallies (ADR 0400): every count reads staged
    rows as well until then, and a dead batch may wait days for its resume or rollback."""
    from nokrabob.imports.recovery import mark_interrupted_batches
    from nokrabob.registry.tallies import fold_staged

    found = mark_interrupted_batches()
    if found:
        fold_staged()
    return found


@on_startup()
def find_interrupted_imports_at_start() -> None:
    """A worker that starts (again) first looks for batches a dead worker left running."""
    from django.db import close_old_connections

    from nokrabob.imports.recovery import mark_interrupted_batches

    close_old_connections()
    mark_interrupted_batches()


@db_periodic_task(crontab(minute="37"))
def purge_exports_task() -> int:
    """Every hour: delete exported files past their expiry."""
    return exports.purge_exports()


@db_periodic_task(crontab(minute="23"))
def purge_uploads_task() -> None:
    """Every hour: delete uploaded lists that were refused, abandoned or kept past their retention."""
    from nokrabob.imports.cleanup import purge_uploads

    purge_uploads()
