"""Scheduled work of the reports app (Huey)."""

from __future__ import annotations

from huey import crontab

from nokrabob.core.tasks import db_periodic_task


@db_periodic_task(crontab(minute="40", hour="2"))
def publish_open_data_task() -> int:
    """Every night: publish the open data again, so the public files are never older than a day."""
    from nokrabob.reports.models import PublicationTrigger
    from nokrabob.reports.services import publish_open_data

    return publish_open_data(trigger=PublicationTrigger.SCHEDULE).pk
