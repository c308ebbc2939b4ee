"""E-mail reminders of quarterly indicator results: 7 days before the due date, on it, and 3 days after
it while the result is still missing, to the reporting staff of the indicator's owner units.

The task queue runs ``send_result_reminders`` every morning (``tasks.py``); which reminders a day brings is
decided by the date alone, so a day's run sends each message once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.thai import format_be_date
from nokrabob.performance import rules
from nokrabob.performance.models import Indicator, QuarterResult

BEFORE_DAYS = 7
AFTER_DAYS = 3


@dataclass(frozen=True)
class Reminder:
    indicator: Indicator
    quarter: int
    due: dt.date
    kind: str  # "before" · "due" · "overdue"
    recipients: tuple[str, ...]

    @property
    def subject(self) -> str:
        what = {
            "before": _("อีก %(n)s วันครบกำหนดรายงานผล") % {"n": BEFORE_DAYS},
            "due": _("วันนี้ครบกำหนดรายงานผล"),
            "overdue": _("เลยกำหนดรายงานผลแล้ว"),
        }[self.kind]
        return f"[นอกระบบ] {what}: {self.indicator.code} ไตรมาสที่ {self.quarter}"

    @property
    def body(self) -> str:
        return _(
            "ตัวชี้วัด %(code)s %(name)s (ปีงบประมาณ พ.ศ. %(fy)s)\n"
            "ผลไตรมาสที่ %(q)s กำหนดส่งภายในวันที่ %(due)s\n"
            "กรุณาบันทึกผลในระบบฐานข้อมูลแรงงานนอกระบบ: %(path)s\n"
        ) % {
            "code": self.indicator.code,
            "name": self.indicator.name,
            "fy": self.indicator.fiscal_year,
            "q": self.quarter,
            "due": format_be_date(self.due),
            "path": self.indicator.get_absolute_url(),
        }


def _kind(due: dt.date, today: dt.date) -> str | None:
    days = (due - today).days
    if days == BEFORE_DAYS:
        return "before"
    if days == 0:
        return "due"
    if days == -AFTER_DAYS:
        return "overdue"
    return None


def _recipients(indicator: Indicator) -> tuple[str, ...]:
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, unit_id__in=rules.owner_unit_ids(indicator), role__in=rules.REPORTING_ROLES
        )
        .exclude(email="")
    )
    return tuple(sorted({u.email for u in users}))


def result_reminders(today: dt.date | None = None) -> list[Reminder]:
    """The reminders ``today`` brings; a quarter already reported needs none."""
    today = today or timezone.localdate()
    years = {today.year + 543 - 1, today.year + 543, today.year + 543 + 1}
    reported = set(
        QuarterResult.objects.filter(indicator__fiscal_year__in=years)
        .exclude(result=None, level=None)
        .values_list("indicator_id", "quarter")
    )
    out = []
    for indicator in Indicator.objects.filter(fiscal_year__in=years, is_active=True).prefetch_related(
        "owner_units"
    ):
        for quarter in (1, 2, 3, 4):
            if (indicator.pk, quarter) in reported:
                continue
            due = rules.quarter_deadline(indicator, quarter)
            kind = _kind(due, today)
            if kind is None:
                continue
            recipients = _recipients(indicator)
            if recipients:
                out.append(Reminder(indicator, quarter, due, kind, recipients))
    return out


def send_result_reminders(today: dt.date | None = None) -> int:
    """Send today's reminders; returns the number of messages."""
    reminders = result_reminders(today)
    messages = [(r.subject, r.body, settings.DEFAULT_FROM_EMAIL, list(r.recipients)) for r in reminders]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
