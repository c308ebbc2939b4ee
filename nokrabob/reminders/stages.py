"""When a deadline's reminders go out: 7 days before, on the day, and 3 days after while still not met.

A day the task did not run (server down) is caught up: the latest stage already reached is sent up to
``CATCH_UP_DAYS`` later, and each stage only once (``ReminderSent``).
"""

from __future__ import annotations

import datetime as dt

from nokrabob.reminders.models import Stage

DAYS_FROM_DUE = {Stage.BEFORE: -7, Stage.DUE: 0, Stage.OVERDUE: 3}
CATCH_UP_DAYS = 7
# The deadlines a run looks at: due from 10 days ago to 7 days ahead.
EARLIEST = -(DAYS_FROM_DUE[Stage.OVERDUE] + CATCH_UP_DAYS)
LATEST = -DAYS_FROM_DUE[Stage.BEFORE]


def stage_on(due: dt.date, today: dt.date) -> Stage | None:
    """The stage whose reminder ``today`` should send for a deadline due on ``due``, if any."""
    reached = [s for s, days in DAYS_FROM_DUE.items() if due + dt.timedelta(days=days) <= today]
    if not reached:
        return None
    latest = max(reached, key=lambda s: DAYS_FROM_DUE[s])
    if today > due + dt.timedelta(days=DAYS_FROM_DUE[latest] + CATCH_UP_DAYS):
        return None
    return latest
