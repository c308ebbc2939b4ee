"""Which deadlines exist, when, and for whom: seed 003's monthly reports and its exceptions, the plan
approval by 30 November, the yearly report by 29 September, PDPA requests answered within 30 days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.core.models import OrgUnit
from nokrabob.privacy.models import DataSubjectRequest, RequestKind
from nokrabob.projects.models import ActionPlan, DueDateOverride, MonthlyReport
from nokrabob.registry.models import Person
from nokrabob.reminders.deadlines import Kind, deadlines_between
from nokrabob.reminders.services import send_reminders

DAY = dt.timedelta(days=1)


def _plan(unit_code: str, fy: int = 2568, **fields: object) -> ActionPlan:
    return ActionPlan.objects.create(
        unit=OrgUnit.objects.get(code=unit_code),
        fiscal_year=fy,
        title="แผน",
        recorded_on=dt.date(fy - 544, 10, 15),
        **fields,  # type: ignore[arg-type]
    )


def _dues(kind: str, start: dt.date, end: dt.date, key_part: str = "") -> list[dt.date]:
    return [d.due for d in deadlines_between(start, end) if d.kind == kind and key_part in d.key]


def test_monthly_reports_are_due_on_the_5th_except_march_and_september(make_user):
    make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50")  # a deadline with no one responsible is not listed
    plan = _plan("PLO-50", approved_on=dt.date(2024, 11, 20))
    dues = _dues(Kind.MONTHLY_REPORT, dt.date(2024, 10, 1), dt.date(2025, 10, 31), f"monthly:{plan.pk}:")
    assert dues[:3] == [dt.date(2024, 11, 5), dt.date(2024, 12, 5), dt.date(2025, 1, 5)]
    assert dt.date(2025, 3, 30) in dues and dt.date(2025, 4, 5) not in dues  # March closes round 1
    assert dt.date(2025, 9, 29) in dues and dt.date(2025, 10, 5) not in dues  # September closes the year
    assert len(dues) == 12

    MonthlyReport.objects.create(
        plan=plan, month=1, people_served=10, budget_disbursed=D(0), submitted_at=timezone.now()
    )
    DueDateOverride.objects.create(fiscal_year=2568, month=2, due_date=dt.date(2024, 12, 10))
    dues = _dues(Kind.MONTHLY_REPORT, dt.date(2024, 10, 1), dt.date(2024, 12, 31), f"monthly:{plan.pk}:")
    assert dues == [dt.date(2024, 12, 10)]  # October reported; November moved by the override


def test_a_province_is_reminded_of_its_plan_approval_and_yearly_report_and_only_its_own(make_user):
    chiang_mai = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50", email="cm@example.org")
    lamphun_1 = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-51", email="lp@example.org")
    _plan("PLO-51", approved_on=dt.date(2024, 11, 25))  # Lamphun's plan is approved
    assert send_reminders(dt.date(2024, 11, 23)) == 1  # 7 days before 30 November
    message = mail.outbox[-1]
    assert message.to == ["cm@example.org"]
    assert "แผนปฏิบัติการ ปีงบประมาณ พ.ศ. 2568" in message.subject and "เชียงใหม่" in message.subject

    _plan("PLO-50", approved_on=dt.date(2024, 11, 28))
    lamphun_2 = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-51")
    yearly = [
        d
        for d in deadlines_between(dt.date(2025, 9, 1), dt.date(2025, 9, 30))
        if d.kind == Kind.YEARLY_REPORT
    ]
    assert {d.due for d in yearly} == {dt.date(2025, 9, 29)}
    assert {d.recipients for d in yearly} == {(chiang_mai.pk,), (lamphun_1.pk, lamphun_2.pk)}


def test_an_open_pdpa_request_reminds_the_data_protection_officer_without_naming_the_person(make_user):
    dpo = make_user(Role.DPO, email="dpo@example.org")
    make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001", email="district@example.org")
    person = Person.objects.create(
        first_name="มณี", last_name="ศรีสุข", district_code="1001", province_code="10"
    )
    received = dt.date(2025, 3, 1)
    request = DataSubjectRequest.objects.create(
        person=person, kind=RequestKind.ACCESS, received_on=received, due_on=received + 30 * DAY
    )
    assert send_reminders(request.due_on + 3 * DAY) == 1
    message = mail.outbox[-1]
    assert message.to == [dpo.email]
    assert f"เลขที่ {request.pk}" in message.subject and "เลยกำหนด 3 วัน" in message.subject
    assert "มณี" not in message.subject + message.body and "ศรีสุข" not in message.body
    request.status = "done"
    request.save()
    assert not _dues(Kind.PRIVACY_REQUEST, received, request.due_on + 10 * DAY)


def test_the_in_app_list_shows_the_users_own_deadlines(client, make_user):
    today = timezone.localdate()
    from nokrabob.core.fiscal import FiscalYear

    fy = FiscalYear.of(today).be
    for code in ("PLO-50", "PLO-51"):
        _plan(code, fy - 1)
        _plan(code, fy)
    client.force_login(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-51"))
    page = client.get(reverse("reminders:my_deadlines"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "รายงานผลประจำเดือน" in text and "ลำพูน" in text
    assert "เชียงใหม่" not in text
