"""The home page's card: the user's deadlines overdue or due within a week."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.home import Card
from nokrabob.core.thai import format_be_date
from nokrabob.reminders.selectors import deadlines_for

SOON_DAYS = 7


def cards(user: Any) -> list[Card]:
    if not getattr(user, "is_authenticated", False):
        return []
    rows = [r for r in deadlines_for(user, timezone.localdate()) if r.days_left <= SOON_DAYS]
    if not rows:
        return []
    items = [
        (f"{r.deadline.title} ({_('กำหนด')} {format_be_date(r.deadline.due)})", r.deadline.url)
        for r in rows[:5]
    ]
    return [
        Card(
            title=_("กำหนดส่งของฉัน"),
            figure=str(len(rows)),
            body=_("เลยกำหนด %(overdue)s · ครบกำหนดภายใน %(days)s วัน %(soon)s")
            % {
                "overdue": sum(r.overdue for r in rows),
                "days": SOON_DAYS,
                "soon": sum(not r.overdue for r in rows),
            },
            items=items,
            url=reverse("reminders:my_deadlines"),
            link_text=_("ดูกำหนดส่งทั้งหมด"),
        )
    ]
