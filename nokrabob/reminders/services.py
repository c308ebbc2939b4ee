"""Sending the reminders: one message per recipient, deadline and stage, never twice.

Each message is claimed (a ``ReminderSent`` row, committed) before it is handed to the mail backend and
stamped after. A rerun skips what is claimed, so a crash mid-run sends no duplicate; a backend error
removes the claim so the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from nokrabob.core.thai import format_be_date
from nokrabob.reminders import stages
from nokrabob.reminders.deadlines import Deadline, deadlines_between
from nokrabob.reminders.models import ReminderSent, Stage

logger = logging.getLogger(__name__)


def subject_of(deadline: Deadline, stage: str, today: dt.date) -> str:
    days = (deadline.due - today).days
    if stage == Stage.BEFORE and days > 0:
        when = _("อีก %(n)s วันครบกำหนด") % {"n": days}
    elif stage == Stage.OVERDUE or days < 0:
        when = _("เลยกำหนด %(n)s วัน") % {"n": -days}
    else:
        when = _("วันนี้ครบกำหนด")
    return f"[นอกระบบ] {when}: {deadline.title}"[:300]


def body_of(deadline: Deadline) -> str:
    return _("%(title)s\nกำหนดส่งภายในวันที่ %(due)s\nบันทึกในระบบฐานข้อมูลแรงงานนอกระบบ: %(url)s\n") % {
        "title": deadline.title,
        "due": format_be_date(deadline.due, "long"),
        "url": _absolute(deadline.url),
    }


def _absolute(path: str) -> str:
    base = getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else path


def _claim(user_id: int, deadline: Deadline, stage: str, subject: str) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                recipient_id=user_id,
                deadline_key=deadline.key,
                kind=deadline.kind,
                stage=stage,
                due_on=deadline.due,
                subject=subject,
            )
    except IntegrityError:
        return None  # claimed by an earlier (or a concurrent) run


def send_reminders(today: dt.date | None = None) -> int:
    """Send the reminders ``today`` brings; returns how many messages went out."""
    today = today or timezone.localdate()
    found = deadlines_between(
        today + dt.timedelta(days=stages.EARLIEST), today + dt.timedelta(days=stages.LATEST)
    )
    emails = dict(
        get_user_model().objects.filter(is_active=True).exclude(email="").values_list("pk", "email")
    )
    sent = 0
    with override("th"):
        for deadline in found:
            stage = stages.stage_on(deadline.due, today)
            if stage is None:
                continue
            subject, body = subject_of(deadline, stage, today), body_of(deadline)
            for user_id in deadline.recipients:
                if user_id in emails and _send_one(user_id, emails[user_id], deadline, stage, subject, body):
                    sent += 1
    return sent


def _send_one(user_id: int, address: str, deadline: Deadline, stage: str, subject: str, body: str) -> bool:
    claim = _claim(user_id, deadline, stage, subject)
    if claim is None:
        return False
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send(fail_silently=False)
    except Exception:
        logger.exception(
            "reminder %s (%s) to user %s not sent; the next run tries again", deadline.key, stage, user_id
        )
        claim.delete()
        return False
    ReminderSent.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return True
