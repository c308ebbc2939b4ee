"""Decisions on sound-alike rows: create the person anyway, merge the row into the candidate, or skip it.

Both writes go through the registry's services (``person_create``/``person_update``), so the person's
history and audit rows are the registry's own, and so is the scope rule: neither service touches a person
or an address outside the actor's scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.imports.models import ImportReviewItem, ReviewStatus
from nokrabob.registry.models import Person, RecordSource
from nokrabob.registry.services import ConsentInput, person_create, person_update

PERSON_KEYS = (
    "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "moo",
    "soi", "road", "subdistrict_code", "district_code", "province_code", "postal_code", "monthly_income",
)  # fmt: skip


def _fields(item: ImportReviewItem) -> dict[str, Any]:
    data = {k: item.fields.get(k) for k in PERSON_KEYS if item.fields.get(k) not in (None, "")}
    if "birth_date" in data:
        data["birth_date"] = dt.date.fromisoformat(data["birth_date"])
    if "monthly_income" in data:
        from decimal import Decimal

        data["monthly_income"] = Decimal(data["monthly_income"])
    return data


def _lock_open(item: ImportReviewItem) -> ImportReviewItem:
    item = ImportReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ReviewStatus.OPEN:
        raise DomainError(_("รายการนี้ได้รับการตัดสินแล้ว"))
    if item.batch.status == "rolled_back":
        raise DomainError(_("ชุดการนำเข้านี้ถูกย้อนกลับแล้ว"))
    return item


def _close(item: ImportReviewItem, actor: Any, status: str, result: Person | None) -> None:
    item.status = status
    item.result = result
    item.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    item.resolved_at = timezone.now()
    item.save(update_fields=["status", "result", "resolved_by", "resolved_at", "updated_at"])


@transaction.atomic
def review_create_person(*, actor: Any, item: ImportReviewItem) -> Person:
    item = _lock_open(item)
    person = person_create(
        actor=actor,
        fields=_fields(item),
        consent=ConsentInput(channel="import"),
        source=RecordSource.IMPORT,
        allow_candidates=True,
        import_batch=item.batch,
    )
    _close(item, actor, ReviewStatus.CREATED, person)
    return person


@transaction.atomic
def review_merge(*, actor: Any, item: ImportReviewItem) -> Person:
    """Fill the candidate with the row's values (an ID the candidate lacks, a new phone, …)."""
    item = _lock_open(item)
    if item.candidate is None:
        raise DomainError(_("ไม่มีบุคคลที่จะรวมด้วยแล้ว"))
    data = _fields(item)
    if item.candidate.national_id and data.get("national_id") not in (None, item.candidate.national_id):
        data.pop("national_id")
    person = person_update(actor=actor, person=item.candidate, fields=data)
    _close(item, actor, ReviewStatus.MERGED, person)
    return person


@transaction.atomic
def review_skip(*, actor: Any, item: ImportReviewItem) -> None:
    item = _lock_open(item)
    _close(item, actor, ReviewStatus.SKIPPED, None)
    audit_record(
        actor=actor,
        action=AuditAction.REJECT,
        target=item,
        changes={"batch": item.batch_id, "row": item.row_number},
    )
