"""Scheduled work of the reminders (Huey). Tests call the function directly (``call_local``)."""

from __future__ import annotations

from huey import crontab

from nokrabob.core.tasks import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="0"))
def send_reminders_task() -> int:
    """Every morning: e-mail the reminders of every deadline 7 days ahead, due today, or 3 days late."""
    from nokrabob.reminders.services import send_reminders

    return send_reminders()
