"""Writes to the registry. Each runs in one transaction, with its history and audit rows inside it.

Every write checks the actor's scope here, not only in the page that calls it: a person outside the
actor's scope is never changed, and no write puts a person outside it (a district officer cannot move a
person to another district — the person would vanish from their own register; the other district
registers the move). ``actor=None`` is the system (demo data, the reviewed QR form's own path).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import require_area, require_in_scope
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.concurrency import Opened, check_version, locked, next_version
from nokrabob.core.errors import DomainError
from nokrabob.core.thai import format_phone
from nokrabob.registry.areas import district_name, subdistrict_name
from nokrabob.registry.duplicates import Candidate, find_duplicate_candidates
from nokrabob.registry.models import Consent, ConsentChannel, LawfulBasis, Person, RecordSource
from nokrabob.registry.rules.unit import responsible_unit
from nokrabob.registry.validation import SENSITIVE_FIELDS, clean_person_fields

PRIVACY_NOTICE_VERSION = "2569-1"

AUDITED_FIELDS = (
    "national_id", "other_id_type", "other_id_number", "title", "first_name", "last_name",
    "first_name_latin", "last_name_latin", "sex", "birth_date", "phone", "house_no", "moo", "soi", "road",
    "subdistrict_code", "district_code", "province_code", "postal_code", "monthly_income",
    "has_disability", "disability_type",
)  # fmt: skip


class DuplicatePerson(DomainError):
    """The person looks like one already registered; ``candidates`` says who and why."""

    def __init__(self, message: str, candidates: list[Candidate]) -> None:
        super().__init__(
            message, field="national_id" if candidates and candidates[0].same_national_id else None
        )
        self.candidates = candidates


@dataclass(frozen=True)
class ConsentInput:
    lawful_basis: str = LawfulBasis.PUBLIC_TASK
    sensitive_data_consent: bool = False
    channel: str = ConsentChannel.STAFF
    given_on: dt.date | None = None
    notice_version: str = PRIVACY_NOTICE_VERSION


def _snapshot(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in AUDITED_FIELDS}


@transaction.atomic
def person_create(
    *,
    actor: Any,
    fields: dict[str, Any],
    consent: ConsentInput | None = None,
    source: str = RecordSource.STAFF,
    allow_candidates: bool = False,
    import_batch: Any = None,
) -> Person:
    """Register a person.

    A person with the same national ID is never created twice (``DuplicatePerson``). Sound-alike or
    same-phone candidates also raise ``DuplicatePerson`` unless ``allow_candidates`` says the user has seen
    them and chose to create a new record anyway.
    """
    consent = consent or ConsentInput()
    data = clean_person_fields(fields, sensitive_allowed=consent.sensitive_data_consent)
    require_area(
        actor, province_code=data["province_code"], district_code=data["district_code"], field="district_code"
    )
    candidates = find_duplicate_candidates(
        national_id=data["national_id"],
        first_name=data["first_name"],
        last_name=data.get("last_name", ""),
        birth_date=data.get("birth_date"),
        phone=data.get("phone", ""),
    )
    if any(c.same_national_id for c in candidates):
        raise DuplicatePerson(_("มีบุคคลที่ใช้เลขประจำตัวประชาชนนี้ในทะเบียนแล้ว"), candidates)
    if candidates and not allow_candidates:
        raise DuplicatePerson(_("พบบุคคลที่อาจซ้ำกับที่มีอยู่ในทะเบียน โปรดตรวจสอบก่อนบันทึก"), candidates)
    person = Person(**data, source=source, import_batch=import_batch)
    if not person.responsible_unit_id:
        person.responsible_unit = responsible_unit(person.district_code, person.province_code)
    if actor is not None and getattr(actor, "is_authenticated", False):
        person.created_by = actor
        person._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise DuplicatePerson(_("มีบุคคลที่ใช้เลขประจำตัวประชาชนนี้ในทะเบียนแล้ว"), []) from None
    Consent.objects.create(
        person=person,
        lawful_basis=consent.lawful_basis,
        sensitive_data_consent=consent.sensitive_data_consent,
        channel=consent.channel,
        given_on=consent.given_on or timezone.localdate(),
        notice_version=consent.notice_version,
        recorded_by=person.created_by,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=person,
        changes={"source": source, "district_code": person.district_code},
    )
    return person


# How a changed value reads in the message of a refused edit (``core.concurrency.StaleEdit``).
PERSON_DISPLAY = {
    "district_code": district_name,
    "subdistrict_code": subdistrict_name,
    "phone": format_phone,
}


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, fields: dict[str, Any], opened: Opened | None = None
) -> Person:
    """Change a person's fields; history and audit keep old and new values.

    The person is read fresh and locked first. ``opened`` (from the edit form or the API's ``If-Match``):
    the version the writer read; if someone saved the person since, ``StaleEdit`` and nothing is written."""
    from nokrabob.registry.selectors import may_show_sensitive

    require_in_scope(actor, person)
    current = locked(Person.objects.filter(pk=person.pk))
    if current is None:
        raise DomainError(_("ไม่พบระเบียนนี้แล้ว"))
    person = current
    require_in_scope(actor, person)
    sensitive_allowed = may_show_sensitive(person)
    shown_fields = [n for n in AUDITED_FIELDS if sensitive_allowed or n not in SENSITIVE_FIELDS]
    check_version(Person, person, opened, fields=shown_fields, submitted=fields, display=PERSON_DISPLAY)
    merged = {**_snapshot(person), **fields}
    if not sensitive_allowed:
        for name in SENSITIVE_FIELDS:
            merged.pop(name, None)
    data = clean_person_fields(merged, sensitive_allowed=sensitive_allowed)
    require_area(
        actor, province_code=data["province_code"], district_code=data["district_code"], field="district_code"
    )
    if data["national_id"] and data["national_id"] != person.national_id:
        clash = Person.objects.filter(national_id=data["national_id"]).exclude(pk=person.pk).exists()
        if clash:
            raise DomainError(_("มีบุคคลที่ใช้เลขประจำตัวประชาชนนี้ในทะเบียนแล้ว"), field="national_id")
    before = _snapshot(person)
    for name, value in data.items():
        setattr(person, name, value)
    after = _snapshot(person)
    changes = field_changes(before, after)
    if not changes:
        return person
    if actor is not None and getattr(actor, "is_authenticated", False):
        person._history_user = actor  # type: ignore[attr-defined]
    person.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=person, changes=changes)
    return person


# ── Merge ─────────────────────────────────────────────────────────────────────────────────────

MERGE_FIELDS = tuple(name for name in AUDITED_FIELDS if name not in ("province_code", "postal_code"))
FIELD_CHOICES = ("keep", "merge")


def _move_related(keep: Person, merge: Person) -> dict[str, int]:
    """Re-point every row that belongs to ``merge`` to ``keep``; return how many moved of each kind."""
    from nokrabob.registry.models import (
        FOLLOW_UP_OPEN,
        ContactAttempt,
        FollowUp,
        HouseholdMember,
        Participation,
        PersonOccupation,
        Referral,
        WelfareRecord,
    )

    moved: dict[str, int] = {}
    already = Participation.objects.filter(person=keep).values("activity_id")
    Participation.objects.filter(person=merge, activity_id__in=already).delete()
    # One open follow-up per person and scheme: ``keep``'s stays, the same task on ``merge`` goes.
    open_on_keep = list(
        FollowUp.objects.filter(person=keep, status__in=FOLLOW_UP_OPEN).values_list("scheme_id", flat=True)
    )
    FollowUp.objects.filter(person=merge, status__in=FOLLOW_UP_OPEN, scheme_id__in=open_on_keep).delete()
    for label, model in (
        ("welfare", WelfareRecord),
        ("occupations", PersonOccupation),
        ("participations", Participation),
        ("consents", Consent),
        ("contacts", ContactAttempt),
        ("referrals", Referral),
        ("follow_ups", FollowUp),
        ("household_memberships", HouseholdMember),
    ):
        moved[label] = model.objects.filter(person=merge).update(person=keep)
    moved["merged_from"] = Person.objects.filter(merged_into=merge).update(
        merged_into=keep, version=next_version()
    )
    return moved


@transaction.atomic
def person_merge(
    *, actor: Any, keep: Person, merge: Person, field_choices: dict[str, str] | None = None
) -> Person:
    """Merge ``merge`` into ``keep`` (see ``_merge``); the counts follow both people."""
    from nokrabob.registry.tallies import recounting

    with recounting([keep.pk, merge.pk]):
        return _merge(actor=actor, keep=keep, merge=merge, field_choices=field_choices)


def _merge(*, actor: Any, keep: Person, merge: Person, field_choices: dict[str, str] | None) -> Person:
    """Merge ``merge`` into ``keep``: one person remains, both histories stay readable.

    ``field_choices`` maps a field name to "keep" or "merge": whose value the remaining record takes
    (default "keep"; an empty value on ``keep`` is filled from ``merge``). The merged-away record keeps
    its own rows of history, is marked ``merged_into=keep`` and gives up its national ID (so the ID lives
    on ``keep`` only); its welfare, occupation, activity, consent, contact, referral, follow-up and household
    rows move to ``keep``.
    """
    from nokrabob.registry.selectors import may_show_sensitive

    choices = dict(field_choices or {})
    if keep.pk == merge.pk:
        raise DomainError(_("ไม่สามารถรวมระเบียนเข้ากับตัวเองได้"))
    # Lock both rows and read them fresh: a concurrent merge must not move rows twice.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])}
    keep, merge = locked[keep.pk], locked[merge.pk]
    require_in_scope(actor, keep)
    require_in_scope(actor, merge)
    if keep.merged_into_id or merge.merged_into_id:
        raise DomainError(_("ระเบียนนี้ถูกรวมไปแล้ว"))
    for name, choice in choices.items():
        if name not in MERGE_FIELDS or choice not in FIELD_CHOICES:
            raise DomainError(_("ตัวเลือกการรวมข้อมูลไม่ถูกต้อง: %(name)s") % {"name": name})

    before = _snapshot(keep)
    merged_values = {}
    for name in MERGE_FIELDS:
        mine, theirs = getattr(keep, name), getattr(merge, name)
        choice = choices.get(name) or ("merge" if mine in (None, "") and theirs not in (None, "") else "keep")
        merged_values[name] = theirs if choice == "merge" else mine
    if merged_values["subdistrict_code"] and merged_values["district_code"] != keep.district_code:
        # The address moves as one: a sub-district chosen from one record and a district from the other
        # would not agree, so the district follows the sub-district.
        merged_values["district_code"] = ""
    moved = _move_related(keep, merge)

    history_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    merge_id = merge.national_id
    merge.national_id = None
    merge.merged_into = keep
    if history_user:
        merge._history_user = history_user  # type: ignore[attr-defined]
    merge.save()

    sensitive_allowed = may_show_sensitive(keep)
    if not sensitive_allowed:
        for name in SENSITIVE_FIELDS:
            merged_values.pop(name, None)
    data = clean_person_fields({**merged_values, "province_code": ""}, sensitive_allowed=sensitive_allowed)
    require_area(
        actor, province_code=data["province_code"], district_code=data["district_code"], field="district_code"
    )
    if not sensitive_allowed:
        data["has_disability"], data["disability_type"] = None, ""
    for name, value in data.items():
        setattr(keep, name, value)
    if history_user:
        keep._history_user = history_user  # type: ignore[attr-defined]
    keep.save()
    changes: dict[str, Any] = {
        "merged_person": merge.pk,
        "merged_national_id": merge_id or "",
        "moved": moved,
        "fields": field_changes(before, _snapshot(keep)),
    }
    audit_record(actor=actor, action=AuditAction.MERGE, target=keep, changes=changes)
    audit_record(actor=actor, action=AuditAction.MERGE, target=merge, changes={"merged_into": keep.pk})
    return keep


# ── Welfare records and consent ───────────────────────────────────────────────────────────────


def _history_user(obj: Any, actor: Any) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor


@transaction.atomic
def welfare_record_add(
    *,
    actor: Any,
    person: Person,
    scheme: Any,
    status: str,
    recorded_on: dt.date,
    source: str,
    option: str = "",
    note: str = "",
) -> Any:
    """Record one dated step of a person's access to a scheme."""
    from nokrabob.registry.models import WelfareRecord

    require_in_scope(actor, person)
    if recorded_on > timezone.localdate():
        raise DomainError(_("วันที่ต้องไม่เป็นวันในอนาคต"), field="recorded_on")
    option = (option or "").strip()
    if option and not scheme.has_options:
        raise DomainError(_("สวัสดิการนี้ไม่มีทางเลือก"), field="option")
    if scheme.has_options and option and not scheme.rules.filter(option=option).exists():
        raise DomainError(_("ไม่มีทางเลือก %(option)s ในสวัสดิการนี้") % {"option": option}, field="option")
    record = WelfareRecord(
        person=person,
        scheme=scheme,
        status=status,
        recorded_on=recorded_on,
        source=source,
        option=option,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _history_user(record, actor)
    record.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=record,
        changes={
            "person": person.pk,
            "scheme": scheme.code,
            "status": status,
            "recorded_on": str(recorded_on),
        },
    )
    return record


@transaction.atomic
def consent_record(*, actor: Any, person: Person, consent: ConsentInput) -> Consent:
    """A new consent row (the newest is the one in force)."""
    require_in_scope(actor, person)
    if consent.given_on and consent.given_on > timezone.localdate():
        raise DomainError(_("วันที่ต้องไม่เป็นวันในอนาคต"), field="given_on")
    row = Consent(
        person=person,
        lawful_basis=consent.lawful_basis,
        sensitive_data_consent=consent.sensitive_data_consent,
        channel=consent.channel,
        given_on=consent.given_on or timezone.localdate(),
        notice_version=consent.notice_version,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _history_user(row, actor)
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=person,
        changes={"consent": row.lawful_basis, "sensitive_data_consent": row.sensitive_data_consent},
    )
    return row


@transaction.atomic
def consent_withdraw(*, actor: Any, person: Person, on: dt.date | None = None) -> Consent:
    """Withdraw the consent in force: sensitive fields are hidden from then on (and cleared)."""
    from nokrabob.registry.selectors import consent_in_force

    require_in_scope(actor, person)
    current = consent_in_force(person)
    if current is None or current.withdrawn_on is not None:
        raise DomainError(_("ไม่มีความยินยอมที่ยังมีผลอยู่"))
    current.withdrawn_on = on or timezone.localdate()
    _history_user(current, actor)
    current.save()
    before = _snapshot(person)
    # Once consent for sensitive data is withdrawn there is no basis to keep it (PDPA s.19, s.26).
    person.has_disability, person.disability_type = None, ""
    _history_user(person, actor)
    person.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=person,
        changes={
            "consent_withdrawn_on": str(current.withdrawn_on),
            **field_changes(before, _snapshot(person)),
        },
    )
    return current
