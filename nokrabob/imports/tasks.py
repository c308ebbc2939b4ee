"""Task-queue wrappers (Huey). Tests run them inline (immediate mode)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def run_import_task(batch_id: int) -> None:
    from nokrabob.imports.services import run_batch

    run_batch(batch_id)


@db_task()
def run_export_task(export_id: int) -> None:
    from nokrabob.imports.exports import run_export_job

    run_export_job(export_id)


@db_periodic_task(crontab(minute="23"))
def purge_uploads_task() -> None:
    """Every hour: delete uploaded lists that were refused, abandoned or kept past their retention."""
    from nokrabob.imports.cleanup import purge_uploads

    purge_uploads()
