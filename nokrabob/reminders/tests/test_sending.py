"""Deadline reminders by e-mail, through Django's mail outbox, sent by the task queue's morning task."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core import mail

from nokrabob.accounts.roles import Role
from nokrabob.core.models import OrgUnit
from nokrabob.performance.models import QuarterResult
from nokrabob.performance.tests.registers import make_indicator
from nokrabob.reminders.models import ReminderSent, Stage
from nokrabob.reminders.services import send_reminders
from nokrabob.reminders.tasks import send_reminders_task

# FY 2570's first quarter ends 31 Dec 2026; its result is due 15 days later, on 15 Jan 2027.
DUE = dt.date(2027, 1, 15)
DAY = dt.timedelta(days=1)


@pytest.fixture
def indicator(org_units):  # type: ignore[no-untyped-def]
    return make_indicator(
        OrgUnit.objects.get(code="2400"), code="2400-R1", fiscal_year=2570, name="ร้อยละของแรงงานที่ได้รับคำแนะนำ"
    )


def _only_indicator_mail() -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if "2400-R" in m.subject]


def test_a_reminder_goes_to_the_owner_units_staff_before_on_and_after_the_due_date(make_user, indicator):
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400", email="somsri@example.org")
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400")  # no address: nobody to write to
    make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006", email="bangkapi@example.org")  # not an owner
    make_user(Role.EXECUTIVE, unit_code="2400", email="boss@example.org")  # does not report

    assert send_reminders(DUE - 7 * DAY) == 1
    message = mail.outbox[-1]
    assert message.to == ["somsri@example.org"]
    assert message.subject == ("[นอกระบบ] อีก 7 วันครบกำหนด: ผลตัวชี้วัด 2400-R1 ไตรมาสที่ 1 (ปีงบประมาณ พ.ศ. 2570)")
    assert "กำหนดส่งภายในวันที่ 15 มกราคม 2570" in message.body
    assert f"/performance/indicators/{indicator.pk}/" in message.body

    assert send_reminders(DUE - 6 * DAY) == 0  # the stage "before" was sent already
    assert send_reminders(DUE) == 1 and "วันนี้ครบกำหนด" in mail.outbox[-1].subject
    assert send_reminders(DUE + DAY) == 0
    assert send_reminders(DUE + 3 * DAY) == 1 and "เลยกำหนด 3 วัน" in mail.outbox[-1].subject
    assert len(mail.outbox) == 3
    stages = ReminderSent.objects.filter(deadline_key__startswith=f"indicator:{indicator.pk}:1:")
    assert sorted(stages.values_list("stage", flat=True)) == sorted(Stage.values)
    assert all(r.sent_at is not None for r in stages)


def test_a_rerun_sends_nothing_twice_and_a_missed_day_is_caught_up(make_user, indicator):
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400", email="somsri@example.org")
    # The task did not run on the 8th (7 days before): the 10th sends the reminder, counting the days left.
    assert send_reminders(DUE - 5 * DAY) == 1
    assert "อีก 5 วันครบกำหนด" in mail.outbox[-1].subject
    assert send_reminders(DUE - 5 * DAY) == 0  # the same day again
    # A run that died after claiming a message (no sent_at) does not send it again.
    ReminderSent.objects.filter(stage=Stage.BEFORE).update(sent_at=None)
    ReminderSent.objects.create(
        recipient=ReminderSent.objects.get().recipient,
        deadline_key=ReminderSent.objects.get().deadline_key,
        kind="indicator_result",
        stage=Stage.DUE,
        due_on=DUE,
        subject="claimed",
    )
    assert send_reminders(DUE) == 0
    assert len(mail.outbox) == 1
    # Too late to catch up: 3 days after the due date plus 7 days of grace.
    assert send_reminders(DUE + 11 * DAY) == 0


def test_a_failed_send_is_tried_again_the_next_run(make_user, indicator, monkeypatch):
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400", email="somsri@example.org")

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert send_reminders(DUE) == 0
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert send_reminders(DUE) == 1 and mail.outbox[-1].to == ["somsri@example.org"]


def test_a_reported_quarter_needs_no_reminder_and_the_task_sends_todays(make_user, indicator, monkeypatch):
    make_user(Role.DEPARTMENT_STAFF, unit_code="2400", email="somsri@example.org")
    QuarterResult.objects.create(indicator=indicator, quarter=1, result=D(40))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DUE - 7 * DAY)
    send_reminders_task.call_local()
    assert _only_indicator_mail() == []
    QuarterResult.objects.filter(indicator=indicator).delete()
    send_reminders_task.call_local()
    assert [m.to for m in _only_indicator_mail()] == [["somsri@example.org"]]
