"""The in-app list: the deadlines a user is responsible for, and the reminders already sent to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from nokrabob.reminders.deadlines import Deadline, deadlines_between
from nokrabob.reminders.models import ReminderSent

# The list shows what is due within a month, and what is still not met up to two months after its date.
LOOK_AHEAD_DAYS = 31
LOOK_BACK_DAYS = 62


@dataclass(frozen=True)
class Row:
    deadline: Deadline
    days_left: int  # negative: overdue
    reminders: tuple[ReminderSent, ...]

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def deadlines_for(user: Any, today: dt.date) -> list[Row]:
    mine = deadlines_between(
        today - dt.timedelta(days=LOOK_BACK_DAYS),
        today + dt.timedelta(days=LOOK_AHEAD_DAYS),
        for_user_id=user.pk,
    )
    sent: dict[str, list[ReminderSent]] = {}
    for row in ReminderSent.objects.filter(recipient=user, deadline_key__in=[d.key for d in mine]):
        sent.setdefault(row.deadline_key, []).append(row)
    return [Row(d, (d.due - today).days, tuple(sent.get(d.key, ()))) for d in mine]


def reminders_sent_to(user: Any, limit: int = 20) -> list[ReminderSent]:
    return list(ReminderSent.objects.filter(recipient=user)[:limit])
