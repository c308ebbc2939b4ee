"""Writes for data-subject requests, each audited. Erasure anonymises the person in place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import require_in_scope
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.privacy.models import ANSWER_WITHIN_DAYS, DataSubjectRequest, RequestKind, RequestStatus
from nokrabob.registry.models import FOLLOW_UP_OPEN, FollowUpStatus, Person

ERASED_NAME = "ลบตามคำขอ"
# Fields that identify a person; erasure blanks them and keeps the area codes, sex and occupation
# rows, so the aggregates the city publishes stay right while nobody can be recognised.
IDENTIFYING_BLANKS: dict[str, Any] = {
    "national_id": None, "other_id_type": "", "other_id_number": "", "title": "",
    "first_name": ERASED_NAME, "last_name": "", "first_name_latin": "", "last_name_latin": "",
    "birth_date": None, "phone": "", "house_no": "", "moo": "", "soi": "", "road": "",
    "has_disability": None, "disability_type": "", "first_name_sound": "", "last_name_sound": "",
}  # fmt: skip


@transaction.atomic
def request_open(
    *, actor: Any, person: Person, kind: str, received_on: dt.date, channel: str = "", details: str = ""
) -> DataSubjectRequest:
    require_in_scope(actor, person, field="national_id")
    if received_on > timezone.localdate():
        raise DomainError(_("วันที่รับคำขอต้องไม่เป็นวันในอนาคต"), field="received_on")
    request = DataSubjectRequest.objects.create(
        person=person,
        kind=kind,
        received_on=received_on,
        due_on=received_on + dt.timedelta(days=ANSWER_WITHIN_DAYS),
        channel=channel,
        details=details,
        handled_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=request, changes={"kind": kind, "person": person.pk}
    )
    return request


@transaction.atomic
def request_close(
    *, actor: Any, request: DataSubjectRequest, status: str, outcome: str
) -> DataSubjectRequest:
    require_in_scope(actor, request)
    if request.status != RequestStatus.OPEN:
        raise DomainError(_("คำขอนี้ปิดไปแล้ว"))
    if status not in (RequestStatus.DONE, RequestStatus.REFUSED):
        raise DomainError(_("สถานะไม่ถูกต้อง"), field="status")
    if not outcome.strip():
        raise DomainError(_("กรุณาบันทึกผลการดำเนินการหรือเหตุผลที่ปฏิเสธ"), field="outcome")
    if request.kind == RequestKind.ERASE and status == RequestStatus.DONE:
        person_erase(actor=actor, person=request.person)
    request.status, request.outcome, request.closed_on = status, outcome.strip(), timezone.localdate()
    request.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=request, changes={"status": status})
    return request


@transaction.atomic
def person_erase(*, actor: Any, person: Person) -> Person:
    """Make a person unidentifiable: identifying fields blanked, the history rows that held them removed,
    consents withdrawn. The row stays (aggregates, welfare counts); the audit trail keeps only its number."""
    for name, value in IDENTIFYING_BLANKS.items():
        setattr(person, name, value)
    person.skip_history_when_saving = True  # type: ignore[attr-defined]
    person.save()
    del person.skip_history_when_saving  # type: ignore[attr-defined]
    person.history.all().delete()
    for member in person.household_memberships.all():
        member.history.all().delete()
    person.consents.filter(withdrawn_on__isnull=True).update(withdrawn_on=timezone.localdate())
    # No one is to be contacted about an erased record; notes may name them.
    person.follow_ups.filter(status__in=FOLLOW_UP_OPEN).update(
        status=FollowUpStatus.DECLINED, closed_on=timezone.localdate()
    )
    person.follow_ups.update(note="")
    audit_record(actor=actor, action=AuditAction.DELETE, target=person, changes={"erased": True})
    return person
