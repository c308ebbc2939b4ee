"""Task-queue wrappers (Huey). Tests run them inline (immediate mode)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup


@db_task()
def run_import_task(batch_id: int) -> None:
    from nokrabob.imports.services import run_batch

    run_batch(batch_id)


@db_task()
def run_export_task(export_id: int) -> None:
    from nokrabob.imports.exports import run_export_job

    run_export_job(export_id)


@db_periodic_task(crontab(minute="*/5"))
def find_interrupted_imports_task() -> list[int]:
    """Every five minutes: running batches whose process died become interrupted (resume or roll back)."""
    from nokrabob.imports.recovery import mark_interrupted_batches

    return mark_interrupted_batches()


@on_startup()
def find_interrupted_imports_at_start() -> None:
    """A worker that starts (again) first looks for batches a dead worker left running."""
    from django.db import close_old_connections

    from nokrabob.imports.recovery import mark_interrupted_batches

    close_old_connections()
    mark_interrupted_batches()


@db_periodic_task(crontab(minute="23"))
def purge_uploads_task() -> None:
    """Every hour: delete uploaded lists that were refused, abandoned or kept past their retention."""
    from nokrabob.imports.cleanup import purge_uploads

    purge_uploads()
