"""Writes of the collection app: campaigns, submissions and the review decisions.

Each runs in one transaction with its audit row. A submission touches the registry only through a
staff decision (approve → ``person_create``; merge → ``person_update``), never on its own; either decision
opens a follow-up for each scheme the worker said they want to join (ADR 0209). Staff act
only on submissions of their own area (``accounts.scope``), whatever page calls these functions.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import geothai
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import require_area, require_in_scope, scoped
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.collection.models import (
    OPEN_STATUSES,
    Campaign,
    CampaignDistrict,
    Choice,
    Question,
    Submission,
    SubmissionChannel,
    SubmissionStatus,
)
from nokrabob.collection.xlsform import ParsedForm
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.registry.duplicates import find_duplicate_candidates
from nokrabob.registry.models import (
    Consent,
    ConsentChannel,
    FollowUp,
    Occupation,
    Person,
    PersonOccupation,
    RecordSource,
    Scheme,
)
from nokrabob.registry.services import (
    PRIVACY_NOTICE_VERSION,
    ConsentInput,
    DuplicatePerson,
    person_create,
    person_update,
)
from nokrabob.registry.services_outreach import follow_up_open

_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
# The submitted fields a reviewer may carry over to an existing person, in the order shown.
MERGEABLE_FIELDS = (
    "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "soi",
    "road", "subdistrict_code", "monthly_income", "has_disability",
)  # fmt: skip


def _require_editor(actor: Any) -> None:
    if not (actor is not None and getattr(actor, "is_authenticated", False) and actor.caps.edits_people):
        raise DomainError(_("บทบาทของท่านไม่มีสิทธิ์ตัดสินข้อมูลที่ส่งเข้ามา"))


# ── Campaigns ───────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    fields: dict[str, Any],
    occupations: list[Occupation] | None = None,
    targets: dict[str, int] | None = None,
) -> Campaign:
    """A campaign covering ``targets``' districts (default: Bangkok's 50 districts, target 0 each)."""
    campaign = Campaign(**fields, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    if not campaign.owner_unit_id and actor is not None:
        campaign.owner_unit = actor.unit
    campaign.full_clean(exclude=["target_occupations"])
    campaign.save()
    if occupations:
        campaign.target_occupations.set(occupations)
    codes = targets if targets is not None else {d.code: 0 for d in geothai.districts(BANGKOK_CODE)}
    _set_targets(campaign, codes)
    audit_record(actor=actor, action=AuditAction.CREATE, target=campaign, changes={"districts": len(codes)})
    return campaign


def _set_targets(campaign: Campaign, targets: dict[str, int]) -> None:
    existing = {cd.district_code: cd for cd in campaign.districts.all()}
    for code, target in targets.items():
        if target is None or target < 0:
            raise DomainError(_("เป้าหมายต้องเป็นจำนวนเต็มไม่ติดลบ"), field=f"target_{code}")
        district = geothai.district(code)
        if district is None:
            raise DomainError(_("ไม่พบเขต/อำเภอรหัส %(code)s") % {"code": code}, field=f"target_{code}")
        if code in existing:
            if existing[code].target != target:
                existing[code].target = target
                existing[code].save(update_fields=["target"])
        else:
            CampaignDistrict.objects.create(
                campaign=campaign,
                district_code=code,
                province_code=district.province_code,
                district_name=district.name_th,
                target=target,
            )


@transaction.atomic
def campaign_update(
    *, actor: Any, campaign: Campaign, fields: dict[str, Any], occupations: list[Occupation] | None = None
) -> Campaign:
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["target_occupations"])
    campaign.save()
    if occupations is not None:
        campaign.target_occupations.set(occupations)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=campaign, changes={"fields": sorted(fields)})
    return campaign


@transaction.atomic
def campaign_set_targets(*, actor: Any, campaign: Campaign, targets: dict[str, int]) -> None:
    _set_targets(campaign, targets)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=campaign, changes={"targets": targets})


@transaction.atomic
def campaign_load_questions(*, actor: Any, campaign: Campaign, form: ParsedForm) -> int:
    """Replace the campaign's extra questions with an XLSForm's (only before any submission)."""
    if campaign.submissions.exists():
        raise DomainError(_("การสำรวจนี้มีผู้ส่งข้อมูลแล้ว จึงเปลี่ยนชุดคำถามไม่ได้ ให้สร้างการสำรวจใหม่"), field="file")
    campaign.questions.all().delete()
    campaign.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(campaign=campaign, list_name=c.list_name, name=c.name, label=c.label, position=i)
        for i, c in enumerate(form.choices)
    )
    schemes = {
        scheme.code: scheme
        for scheme in Scheme.objects.filter(code__in=[q.follow_up_scheme for q in form.questions])
    }
    Question.objects.bulk_create(
        Question(
            campaign=campaign,
            position=i,
            name=q.name,
            label=q.label,
            hint=q.hint,
            type=q.type,
            list_name=q.list_name,
            required=q.required,
            constraint=q.constraint,
            constraint_message=q.constraint_message,
            relevant=q.relevant,
            interest_scheme=schemes.get(q.follow_up_scheme),
            interest_answer=(q.follow_up_answer or "yes") if q.follow_up_scheme in schemes else "",
        )
        for i, q in enumerate(form.questions)
    )
    audit_record(
        actor=actor, action=AuditAction.IMPORT, target=campaign, changes={"questions": len(form.questions)}
    )
    return len(form.questions)


# ── Submissions ─────────────────────────────────────────────────────────────────────────────


def _new_reference(campaign: Campaign) -> str:
    prefix = str(campaign.fiscal_year)[-2:]
    return f"{prefix}-" + "".join(secrets.choice(_REF_ALPHABET) for _i in range(7))


def _candidates(submission: Submission) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [
        {"person": c.person.pk, "reasons": c.reasons}
        for c in find_duplicate_candidates(
            national_id=submission.national_id,
            first_name=submission.first_name,
            last_name=submission.last_name,
            birth_date=submission.birth_date,
            phone=submission.answers.get("person", {}).get("phone", ""),
            limit=10,
        )
    ]
    others = (
        Submission.objects.filter(national_id=submission.national_id, status__in=OPEN_STATUSES)
        .exclude(pk=submission.pk)
        .values_list("pk", flat=True)[:10]
    )
    found.extend({"submission": pk} for pk in others)
    return found


def _check_open(campaign: Campaign) -> None:
    if campaign.state() != "open":
        raise DomainError(_("การสำรวจนี้ไม่ได้เปิดรับข้อมูลในขณะนี้"))


@transaction.atomic
def submission_create(
    *,
    campaign_district: CampaignDistrict,
    person: dict[str, Any],
    occupation: str = "",
    extra: dict[str, Any] | None = None,
    lawful_basis: str,
    sensitive_data_consent: bool,
    consent_channel: str = ConsentChannel.QR,
    channel: str = SubmissionChannel.QR,
    actor: Any = None,
) -> Submission:
    """Put a registration in its district's review queue; return it with its reference number."""
    campaign = campaign_district.campaign
    require_area(
        actor,
        province_code=campaign_district.province_code,
        district_code=campaign_district.district_code,
        field="district",
    )
    if channel == SubmissionChannel.QR:
        _check_open(campaign)
    if not sensitive_data_consent:
        person = {**person, "has_disability": None}
    birth_date = dt.date.fromisoformat(person["birth_date"])
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    submission = Submission(
        campaign=campaign,
        campaign_district=campaign_district,
        province_code=campaign_district.province_code,
        district_code=campaign_district.district_code,
        channel=channel,
        national_id=person["national_id"],
        birth_date=birth_date,
        first_name=person["first_name"],
        last_name=person.get("last_name", ""),
        answers={"person": person, "occupation": occupation, "extra": extra or {}},
        lawful_basis=lawful_basis,
        sensitive_data_consent=sensitive_data_consent,
        consent_channel=consent_channel,
        consent_given_on=timezone.localdate(),
        notice_version=PRIVACY_NOTICE_VERSION,
        entered_by=actor if is_user else None,
    )
    for _attempt in range(5):
        submission.reference = _new_reference(campaign)
        try:
            with transaction.atomic():
                submission.save()
            break
        except IntegrityError:
            if Submission.objects.filter(reference=submission.reference).exists():
                continue
            raise
    submission.candidates = _candidates(submission)
    submission.save(update_fields=["candidates"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=submission,
        changes={"channel": channel, "campaign": campaign.pk, "district_code": submission.district_code},
    )
    return submission


@transaction.atomic
def submission_correct(
    *,
    submission: Submission,
    person: dict[str, Any],
    occupation: str,
    extra: dict[str, Any],
    sensitive_data_consent: bool,
) -> Submission:
    """The worker's own correction: new answers, back to the queue. The national ID cannot change."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status not in OPEN_STATUSES:
        raise DomainError(_("ข้อมูลนี้ได้รับการพิจารณาแล้ว จึงแก้ไขไม่ได้"))
    if person["national_id"] != locked.national_id:
        raise DomainError(_("แก้ไขเลขประจำตัวประชาชนไม่ได้ หากกรอกผิดให้ลงทะเบียนใหม่"), field="national_id")
    if not sensitive_data_consent:
        person = {**person, "has_disability": None}
    locked.answers = {"person": person, "occupation": occupation, "extra": extra}
    locked.birth_date = dt.date.fromisoformat(person["birth_date"])
    locked.first_name, locked.last_name = person["first_name"], person.get("last_name", "")
    locked.sensitive_data_consent = sensitive_data_consent
    locked.status = SubmissionStatus.PENDING
    locked.corrections += 1
    locked.candidates = _candidates(locked)
    locked.save()
    audit_record(
        actor=None, action=AuditAction.UPDATE, target=locked, changes={"correction": locked.corrections}
    )
    return locked


def person_fields(submission: Submission) -> dict[str, Any]:
    """The registry fields a submission carries, typed for ``person_create``/``person_update``."""
    raw = dict(submission.answers.get("person", {}))
    fields: dict[str, Any] = {k: raw.get(k, "") for k in MERGEABLE_FIELDS}
    fields["birth_date"] = dt.date.fromisoformat(raw["birth_date"])
    fields["monthly_income"] = Decimal(raw["monthly_income"]) if raw.get("monthly_income") else None
    fields["has_disability"] = raw.get("has_disability") if submission.sensitive_data_consent else None
    fields["district_code"] = submission.district_code
    fields["province_code"] = submission.province_code
    return fields


def _lock_open(submission: Submission, actor: Any = None) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    require_in_scope(actor, locked)
    if locked.status not in OPEN_STATUSES:
        raise DomainError(_("ข้อมูลนี้ได้รับการพิจารณาไปแล้ว (%(status)s)") % {"status": locked.get_status_display()})
    return locked


def _add_occupation(submission: Submission, person: Person) -> None:
    code = submission.answers.get("occupation") or ""
    occupation = Occupation.objects.filter(code=code).first() if code else None
    if occupation and not person.occupations.filter(occupation=occupation, is_current=True).exists():
        PersonOccupation.objects.create(person=person, occupation=occupation, is_current=True)


def interested_schemes(submission: Submission) -> list[Scheme]:
    """The schemes the worker said they want to join, by the campaign's marked questions (ADR 0209)."""
    extra = submission.answers.get("extra", {})
    questions = submission.campaign.questions.filter(interest_scheme__isnull=False).select_related(
        "interest_scheme"
    )
    found: dict[int, Scheme] = {}
    for question in questions:
        if question.name in extra and question.shows_interest(extra[question.name]):
            assert question.interest_scheme is not None
            found.setdefault(question.interest_scheme.pk, question.interest_scheme)
    return list(found.values())


def _open_follow_ups(submission: Submission, person: Person, actor: Any) -> list[FollowUp]:
    opened = []
    for scheme in interested_schemes(submission):
        row = follow_up_open(actor=actor, person=person, scheme=scheme, submission=submission)
        if row is not None:
            opened.append(row)
    return opened


def _decide(
    submission: Submission, actor: Any, status: str, *, person: Person | None = None, note: str = ""
) -> None:
    submission.status = status
    submission.person = person or submission.person
    submission.decision_note = note
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.save()


@transaction.atomic
def submission_approve(*, actor: Any, submission: Submission, allow_candidates: bool = False) -> Person:
    """Register the submission as a new person, with its consent; ``DuplicatePerson`` if it is not new."""
    _require_editor(actor)
    locked = _lock_open(submission, actor)
    person = person_create(
        actor=actor,
        fields=person_fields(locked),
        consent=ConsentInput(
            lawful_basis=locked.lawful_basis,
            sensitive_data_consent=locked.sensitive_data_consent,
            channel=locked.consent_channel,
            given_on=locked.consent_given_on,
            notice_version=locked.notice_version,
        ),
        source=RecordSource.SELF if locked.channel == SubmissionChannel.QR else RecordSource.STAFF,
        allow_candidates=allow_candidates,
    )
    _add_occupation(locked, person)
    _decide(locked, actor, SubmissionStatus.APPROVED, person=person)
    opened = _open_follow_ups(locked, person, actor)
    audit_record(
        actor=actor,
        action=AuditAction.APPROVE,
        target=locked,
        changes={"person": person.pk, "follow_ups": [f.pk for f in opened]},
    )
    return person


@transaction.atomic
def submission_merge(*, actor: Any, submission: Submission, person: Person, use_fields: list[str]) -> Person:
    """Carry the chosen submitted fields over to an existing person, record the new consent, and close."""
    _require_editor(actor)
    if not scoped(Person.objects.filter(pk=person.pk, merged_into__isnull=True), actor).exists():
        raise DomainError(_("รวมได้เฉพาะกับบุคคลในพื้นที่ที่ท่านรับผิดชอบ"), field="person")
    unknown = set(use_fields) - set(MERGEABLE_FIELDS)
    if unknown:
        raise DomainError(_("ไม่รู้จักช่องข้อมูล %(f)s") % {"f": ", ".join(sorted(unknown))})
    locked = _lock_open(submission, actor)
    Consent.objects.create(
        person=person,
        lawful_basis=locked.lawful_basis,
        sensitive_data_consent=locked.sensitive_data_consent,
        channel=locked.consent_channel,
        given_on=locked.consent_given_on,
        notice_version=locked.notice_version,
        recorded_by=actor,
    )
    submitted = person_fields(locked)
    chosen = {name: submitted[name] for name in use_fields}
    if "subdistrict_code" in chosen:
        chosen["district_code"], chosen["province_code"] = locked.district_code, locked.province_code
    person_update(actor=actor, person=person, fields=chosen)
    _add_occupation(locked, person)
    _decide(locked, actor, SubmissionStatus.MERGED, person=person)
    opened = _open_follow_ups(locked, person, actor)
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        target=locked,
        changes={"person": person.pk, "fields": sorted(use_fields), "follow_ups": [f.pk for f in opened]},
    )
    return person


@transaction.atomic
def submission_reject(*, actor: Any, submission: Submission, reason: str) -> Submission:
    _require_editor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("กรุณาระบุเหตุผลที่ไม่อนุมัติ"), field="note")
    locked = _lock_open(submission, actor)
    _decide(locked, actor, SubmissionStatus.REJECTED, note=reason)
    audit_record(actor=actor, action=AuditAction.REJECT, target=locked, changes={"reason": reason})
    return locked


@transaction.atomic
def submission_request_correction(*, actor: Any, submission: Submission, note: str) -> Submission:
    _require_editor(actor)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("กรุณาระบุสิ่งที่ต้องการให้แก้ไข"), field="note")
    locked = _lock_open(submission, actor)
    _decide(locked, actor, SubmissionStatus.CORRECTION_REQUESTED, note=note)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=locked, changes={"correction_requested": note}
    )
    return locked


@transaction.atomic
def staff_entry_to_registry(
    *, actor: Any, allow_candidates: bool = False, **submission_args: Any
) -> Submission:
    """Staff who may edit people save an interview straight to the registry (still kept as a submission,
    so the answers stay with the campaign and the progress counts it). All or nothing."""
    _require_editor(actor)
    submission = submission_create(actor=actor, channel=SubmissionChannel.STAFF, **submission_args)
    submission_approve(actor=actor, submission=submission, allow_candidates=allow_candidates)
    submission.refresh_from_db()
    return submission


def current_fiscal_year() -> int:
    return FiscalYear.current().be


BULK_DECISION_LIMIT = 200


@dataclass
class BulkDecision:
    """What a decision on several submissions did: references decided, and those left with the reason."""

    decided: list[str] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)


def submissions_decide_many(
    *, actor: Any, submissions: list[Submission], action: str, reason: str = ""
) -> BulkDecision:
    """Approve or reject several submissions with the same checks as one by one: each in its own
    transaction, so one that cannot be decided (a possible duplicate, decided meanwhile) is left with its
    reason and the others still go through; a rerun only finds what is still open."""
    _require_editor(actor)
    if action not in ("approve", "reject"):
        raise DomainError(_("ไม่รู้จักคำสั่งนี้"))
    if len(submissions) > BULK_DECISION_LIMIT:
        raise DomainError(_("เลือกได้ครั้งละไม่เกิน %(n)s รายการ") % {"n": BULK_DECISION_LIMIT})
    if action == "reject" and not (reason or "").strip():
        raise DomainError(_("กรุณาระบุเหตุผลที่ไม่อนุมัติ"), field="note")
    outcome = BulkDecision()
    for submission in submissions:
        try:
            if action == "approve":
                submission_approve(actor=actor, submission=submission)
            else:
                submission_reject(actor=actor, submission=submission, reason=reason)
        except DuplicatePerson:
            outcome.left.append((submission.reference, _("อาจซ้ำกับบุคคลในทะเบียน ต้องตรวจทีละราย")))
        except DomainError as exc:
            outcome.left.append((submission.reference, exc.message))
        else:
            outcome.decided.append(submission.reference)
    return outcome
