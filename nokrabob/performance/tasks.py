"""Scheduled work of the indicators (Huey). Tests call the functions directly (``call_local``)."""

from __future__ import annotations

from huey import crontab

from nokrabob.core.tasks import db_periodic_task


@db_periodic_task(crontab(hour="0", minute="30"))
def freeze_closed_quarters_task() -> int:
    """Every night: freeze the measured figure of each live indicator whose quarter closed (deadline passed),
    so a snapshot is taken on the day the quarter closes rather than when someone first opens the page."""
    from nokrabob.performance.models import Indicator, MeasureKind
    from nokrabob.performance.services.snapshots import snapshots_for_closed_quarters

    taken = 0
    for indicator in Indicator.objects.filter(measure_kind=MeasureKind.LIVE, is_active=True):
        taken += snapshots_for_closed_quarters(indicator)
    return taken
