"""Deadline reminders by e-mail, through Django's mail outbox, sent by the task queue's morning task."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.core import mail

from nokrabob.accounts.roles import Role
from nokrabob.performance.models import QuarterResult
from nokrabob.performance.reminders import result_reminders, send_result_reminders
from nokrabob.performance.tasks import send_result_reminders_task

from .registers import make_indicator

# FY 2570's first quarter ends 31 Dec 2026; its result is due 15 days later, on 15 Jan 2027.
DUE = dt.date(2027, 1, 15)


def test_a_reminder_goes_to_the_owner_units_staff_before_on_and_after_the_due_date(
    make_user, department_unit
):
    ind = make_indicator(department_unit, code="2400-R1", fiscal_year=2570, name="ร้อยละของแรงงานที่ได้รับคำแนะนำ")
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400", email="somsri@example.org")
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400")  # no address: nobody to write to
    make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006", email="bangkapi@example.org")  # not an owner
    make_user(Role.EXECUTIVE, unit_code="2400", email="boss@example.org")  # does not report

    assert send_result_reminders(DUE - dt.timedelta(days=7)) == 1
    message = mail.outbox[-1]
    assert message.to == ["somsri@example.org"]
    assert message.subject == "[นอกระบบ] อีก 7 วันครบกำหนดรายงานผล: 2400-R1 ไตรมาสที่ 1"
    assert (
        "กำหนดส่งภายในวันที่ 15/01/2570" in message.body and f"/performance/indicators/{ind.pk}/" in message.body
    )

    assert send_result_reminders(DUE - dt.timedelta(days=6)) == 0  # nothing between the reminder days
    assert send_result_reminders(DUE) == 1 and "วันนี้ครบกำหนด" in mail.outbox[-1].subject
    assert send_result_reminders(DUE + dt.timedelta(days=3)) == 1 and "เลยกำหนด" in mail.outbox[-1].subject
    assert len(mail.outbox) == 3


def test_a_reported_quarter_needs_no_reminder_and_the_task_sends_todays(
    make_user, department_unit, monkeypatch
):
    ind = make_indicator(department_unit, code="2400-R2", fiscal_year=2570)
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400", email="somsri@example.org")
    QuarterResult.objects.create(indicator=ind, quarter=1, result=D(40))
    assert result_reminders(DUE) == []
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DUE - dt.timedelta(days=7))
    assert send_result_reminders_task.call_local() == 0
    QuarterResult.objects.filter(indicator=ind).delete()
    assert send_result_reminders_task.call_local() == 1
    assert mail.outbox[-1].to == ["somsri@example.org"]
