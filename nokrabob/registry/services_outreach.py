"""Writes for outreach: activities and their participants, contact attempts, referrals, households.

Each checks the actor's scope (``accounts.scope``): people, households and activities outside it are
not written to, and nothing is created outside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import require_area, require_in_scope, scope_for
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.concurrency import Opened, check_version, locked
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import fiscal_year_of
from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.registry.areas import district_name, subdistrict_name
from nokrabob.registry.models import (
    FOLLOW_UP_OPEN,
    Activity,
    ContactAttempt,
    FollowUp,
    FollowUpStatus,
    Household,
    HouseholdMember,
    Participation,
    Person,
    Referral,
    Scheme,
    WelfareSource,
    WelfareStatus,
)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _home_province(actor: Any) -> str:
    """The province an activity without a district covers: the actor's own (Bangkok for the city)."""
    unit = getattr(actor, "unit", None) if _user(actor) else None
    code = unit.area.code[:2] if unit is not None and unit.area_id else ""
    return code if code.isdigit() else BANGKOK_CODE


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(_("วันที่ต้องไม่เป็นวันในอนาคต"), field=field)


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    title: str,
    kind: str,
    held_on: dt.date,
    unit: Any,
    place: str = "",
    district_code: str = "",
    target_occupations: Any = (),
    schemes: Any = (),
    description: str = "",
) -> Activity:
    if not title.strip():
        raise DomainError(_("กรุณากรอกชื่อกิจกรรม"), field="title")
    province_code = district_code[:2] if district_code else _home_province(actor)
    require_area(actor, province_code=province_code, district_code=district_code, field="district_code")
    activity = Activity.objects.create(
        title=title.strip(),
        kind=kind,
        held_on=held_on,
        fiscal_year=fiscal_year_of(held_on),
        place=place,
        unit=unit,
        district_code=district_code,
        province_code=province_code,
        description=description,
        created_by=_user(actor),
    )
    activity.target_occupations.set(target_occupations)
    activity.schemes.set(schemes)
    audit_record(actor=actor, action=AuditAction.CREATE, target=activity, changes={"held_on": str(held_on)})
    return activity


@transaction.atomic
def participation_add(*, actor: Any, activity: Activity, person: Person) -> Participation:
    """Add a person to an activity. Both must be in the actor's scope: a Chiang Mai officer neither
    reaches a Bangkok district's activity nor brings their people into it."""
    require_in_scope(actor, person, field="q")
    if _user(actor) and not scope_for(actor).allows_area(
        province_code=activity.province_code, district_code=activity.district_code
    ):
        raise DomainError(_("กิจกรรมนี้อยู่นอกพื้นที่ที่ท่านรับผิดชอบ"), field="q")
    if person.merged_into_id:
        raise DomainError(_("ระเบียนนี้ถูกรวมไปแล้ว"), field="q")
    if Participation.objects.filter(activity=activity, person=person).exists():
        raise DomainError(_("บุคคลนี้อยู่ในรายชื่อผู้เข้าร่วมแล้ว"), field="q")
    row = Participation.objects.create(activity=activity, person=person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=activity,
        changes={"participant_added": person.pk},
    )
    return row


@transaction.atomic
def contact_add(
    *, actor: Any, person: Person, contacted_on: dt.date, channel: str, reached: bool, note: str = ""
) -> ContactAttempt:
    require_in_scope(actor, person)
    _not_future(contacted_on, "contacted_on")
    row = ContactAttempt.objects.create(
        person=person,
        contacted_on=contacted_on,
        channel=channel,
        reached=reached,
        note=note,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=person,
        changes={"contact": channel, "contacted_on": str(contacted_on), "reached": reached},
    )
    return row


@transaction.atomic
def referral_add(
    *,
    actor: Any,
    person: Person,
    to_agency: str,
    referred_on: dt.date,
    status: str,
    scheme: Any = None,
    note: str = "",
) -> Referral:
    require_in_scope(actor, person)
    _not_future(referred_on, "referred_on")
    row = Referral.objects.create(
        person=person,
        to_agency=to_agency,
        referred_on=referred_on,
        status=status,
        scheme=scheme,
        note=note,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=person,
        changes={"referral": to_agency, "referred_on": str(referred_on)},
    )
    return row


def follow_up_open(
    *, actor: Any, person: Person, scheme: Scheme, submission: Any = None, on: dt.date | None = None
) -> FollowUp | None:
    """Open a follow-up: the person's district office is to contact them about joining ``scheme``.

    None (nothing to do) when one is already open for the person and scheme, or when the person's latest
    record of the scheme says they are in it (enrolled or received). Due ``FOLLOW_UP_DUE_DAYS`` after ``on``.
    """
    require_in_scope(actor, person)
    if FollowUp.objects.filter(person=person, scheme=scheme, status__in=FOLLOW_UP_OPEN).exists():
        return None
    latest = person.welfare.filter(scheme=scheme).order_by("-recorded_on", "-id").first()
    if latest is not None and latest.status in (WelfareStatus.ENROLLED, WelfareStatus.RECEIVED):
        return None
    day = on or timezone.localdate()
    try:
        with transaction.atomic():  # another approval of the same person and scheme at the same moment
            row = FollowUp.objects.create(
                person=person,
                scheme=scheme,
                submission=submission,
                due_on=day + dt.timedelta(days=settings.FOLLOW_UP_DUE_DAYS),
                created_by=_user(actor),
                updated_by=_user(actor),
            )
    except IntegrityError:
        return None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=row,
        changes={
            "person": person.pk,
            "scheme": scheme.code,
            "submission": getattr(submission, "pk", None),
            "due_on": str(row.due_on),
        },
    )
    return row


# Closing a follow-up is also a step of the person's access to the scheme (the outreach list reads it).
FOLLOW_UP_WELFARE = {
    FollowUpStatus.ENROLLED: WelfareStatus.ENROLLED,
    FollowUpStatus.DECLINED: WelfareStatus.REFUSED,
}


@transaction.atomic
def follow_up_set_status(
    *, actor: Any, follow_up: FollowUp, status: str, note: str | None = None
) -> FollowUp:
    """Record what came of a follow-up: contacted, enrolled or declined (or open again).

    Enrolled and declined close it and add the matching dated record of the person's access to the scheme
    (enrolled / refused, staff-verified), so the outreach list and the counts follow. ``note`` None keeps
    the note as it is.
    """
    from nokrabob.registry.services import welfare_record_add

    if not (_user(actor) and actor.caps.edits_people):
        raise DomainError(_("บทบาทของท่านไม่มีสิทธิ์บันทึกผลการติดตาม"))
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    require_in_scope(actor, locked)
    if status not in FollowUpStatus.values:
        raise DomainError(_("สถานะไม่ถูกต้อง"), field="status")
    new_note = locked.note if note is None else note.strip()[:1000]
    if status == locked.status and new_note == locked.note:
        raise DomainError(_("ไม่มีการเปลี่ยนแปลง เลือกสถานะใหม่หรือแก้บันทึก"), field="status")
    reopening = status in FOLLOW_UP_OPEN and not locked.is_open
    if (
        reopening
        and FollowUp.objects.filter(person=locked.person, scheme=locked.scheme, status__in=FOLLOW_UP_OPEN)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise DomainError(_("บุคคลนี้มีรายการติดตามสวัสดิการนี้ที่ยังเปิดอยู่แล้ว"), field="status")
    before, old_note = locked.status, locked.note
    today = timezone.localdate()
    locked.status, locked.note, locked.updated_by = status, new_note, _user(actor)
    locked.closed_on = None if status in FOLLOW_UP_OPEN else (locked.closed_on if status == before else today)
    locked.save()
    if status != before and status in FOLLOW_UP_WELFARE:
        welfare_record_add(
            actor=actor,
            person=locked.person,
            scheme=locked.scheme,
            status=FOLLOW_UP_WELFARE[FollowUpStatus(status)],
            recorded_on=today,
            source=WelfareSource.STAFF_VERIFIED,
            note=_("บันทึกจากรายการต้องติดตาม"),
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=locked,
        changes={
            "person": locked.person_id,
            "status": [before, status],
            "note_changed": new_note != old_note,
        },
    )
    return locked


def _household_fields(actor: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """A household's fields checked: the area resolved and within the actor's scope, the community of
    that district, a house number."""
    from nokrabob.registry.rules.area import resolve_area

    data = dict(fields)
    area = resolve_area(
        subdistrict_code=str(data.pop("subdistrict_code", "") or ""),
        district_code=str(data.pop("district_code", "") or ""),
    )
    require_area(
        actor, province_code=area.province_code, district_code=area.district_code, field="district_code"
    )
    community = data.get("community")
    if community is not None and community.district_code != area.district_code:
        raise DomainError(_("ชุมชนนี้ไม่อยู่ในเขตที่เลือก"), field="community")
    if not str(data.get("house_no") or "").strip():
        raise DomainError(_("กรุณากรอกบ้านเลขที่"), field="house_no")
    data["house_no"] = str(data["house_no"]).strip()
    return {
        **data,
        "subdistrict_code": area.subdistrict_code,
        "district_code": area.district_code,
        "province_code": area.province_code,
    }


@transaction.atomic
def household_create(*, actor: Any, fields: dict[str, Any]) -> Household:
    household = Household(**_household_fields(actor, fields))
    if _user(actor):
        household._history_user = actor  # type: ignore[attr-defined]
    household.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=household, changes={"house_no": household.house_no}
    )
    return household


# The fields of the household form (``views_outreach.HouseholdForm``), in its order.
HOUSEHOLD_FIELDS = (
    "house_no", "community", "district_code", "subdistrict_code", "building_type", "years_lived",
    "land_owner", "latitude", "longitude",
)  # fmt: skip
HOUSEHOLD_DISPLAY = {"district_code": district_name, "subdistrict_code": subdistrict_name}


@transaction.atomic
def household_update(
    *, actor: Any, household: Household, fields: dict[str, Any], opened: Opened | None = None
) -> Household:
    """Correct a household's address and details. Read fresh and locked; refused (``StaleEdit``) when
    someone saved it after ``opened``. A household whose members are linked to registered people stays in
    their district (their names show on its page; ``household_member_add``)."""
    require_in_scope(actor, household)
    current = locked(Household.objects.filter(pk=household.pk))
    if current is None:
        raise DomainError(_("ไม่พบระเบียนนี้แล้ว"))
    household = current
    require_in_scope(actor, household)
    check_version(
        Household, household, opened, fields=HOUSEHOLD_FIELDS, submitted=fields, display=HOUSEHOLD_DISPLAY
    )
    data = _household_fields(actor, {name: fields.get(name) for name in HOUSEHOLD_FIELDS})
    linked = household.members.filter(person__isnull=False)
    if (
        data["district_code"] != household.district_code
        and linked.exclude(person__district_code=data["district_code"]).exists()
    ):
        raise DomainError(_("ครัวเรือนนี้มีสมาชิกที่เชื่อมกับทะเบียนของเขตเดิม จึงย้ายไปเขตอื่นไม่ได้"), field="district_code")
    names = (*HOUSEHOLD_FIELDS, "province_code")
    before = {name: getattr(household, name) for name in names}
    for name in names:
        setattr(household, name, data.get(name) if data.get(name) is not None else _blank(name))
    changes = field_changes(before, {name: getattr(household, name) for name in names})
    if not changes:
        return household
    if _user(actor):
        household._history_user = actor  # type: ignore[attr-defined]
    household.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=household, changes=changes)
    return household


def _blank(name: str) -> Any:
    """An emptied field of the household form: text fields hold "", numbers and links None."""
    return None if name in ("community", "years_lived", "latitude", "longitude") else ""


@transaction.atomic
def household_member_add(*, actor: Any, household: Household, fields: dict[str, Any]) -> HouseholdMember:
    """Add a member; a registered person may be linked (their name then comes from the registry).

    Disability and bedridden status are sensitive (PDPA s.26): they are kept for a member linked to a
    registered person whose explicit consent covers sensitive data, or for a member who is not in the
    registry while the household's consent covers them (ADR 0410).
    """
    from nokrabob.registry.selectors import member_sensitive_allowed

    require_in_scope(actor, household)
    data = dict(fields)
    person = data.get("person")
    if person is not None:
        require_in_scope(actor, person, field="person_q")
        if person.district_code != household.district_code:
            # The member's name and birth date come from the registry and show on the household's
            # page: a person registered in another district would be shown to an office that may not
            # read them.
            raise DomainError(_("บุคคลนี้ลงทะเบียนในเขต/อำเภออื่น จึงเชื่อมกับครัวเรือนนี้ไม่ได้"), field="person_q")
    if person is None and not str(data.get("name") or "").strip():
        raise DomainError(_("กรุณากรอกชื่อ หรือเลือกบุคคลในทะเบียน"), field="name")
    sensitive = data.get("has_disability") is not None or data.get("is_bedridden") is not None
    if sensitive and not member_sensitive_allowed(household, person):
        raise DomainError(
            _("บุคคลนี้ในทะเบียนยังไม่ได้ให้ความยินยอมเรื่องข้อมูลอ่อนไหว จึงบันทึกความพิการและภาวะติดเตียงไม่ได้")
            if person is not None
            else _("ครัวเรือนยังไม่ได้ให้ความยินยอมเรื่องข้อมูลอ่อนไหว บันทึกความยินยอมของครัวเรือนก่อน"),
            field="has_disability" if data.get("has_disability") is not None else "is_bedridden",
        )
    age = data.get("age")
    if age is not None and not 0 <= int(age) <= 130:
        raise DomainError(_("อายุต้องอยู่ระหว่าง 0 ถึง 130 ปี"), field="age")
    if person is not None:
        data["name"] = data.get("name") or person.full_name
        data["birth_date"] = data.get("birth_date") or person.birth_date
    if data.get("birth_date") and data["birth_date"] > timezone.localdate():
        raise DomainError(_("วันเกิดต้องไม่เป็นวันในอนาคต"), field="birth_date")
    member = HouseholdMember(household=household, **data)
    if _user(actor):
        member._history_user = actor  # type: ignore[attr-defined]
    member.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=household, changes={"member_added": member.name}
    )
    return member


CONSENT_FIELDS = ("sensitive_consent", "consent_given_on", "consent_withdrawn_on")


@transaction.atomic
def household_consent_set(
    *, actor: Any, household: Household, sensitive: bool, on: dt.date, opened: Opened | None = None
) -> Household:
    """Record (or withdraw) the household's explicit consent for its members' sensitive data.

    Withdrawing clears the disability and bedridden status of the members it covered (those not in the
    registry): with consent gone there is no basis to keep them (PDPA s.19, s.26; as ADR 0203 for people).
    Old values stay only in the history rows, which pages never show. Refused (``StaleEdit``) when someone
    saved the household after ``opened``.
    """
    require_in_scope(actor, household)
    current = locked(Household.objects.filter(pk=household.pk))
    if current is None:
        raise DomainError(_("ไม่พบระเบียนนี้แล้ว"))
    household = current
    require_in_scope(actor, household)
    asked = {
        "sensitive_consent": sensitive or household.sensitive_consent,
        "consent_given_on": on if sensitive else household.consent_given_on,
        "consent_withdrawn_on": None if sensitive else on,
    }
    check_version(Household, household, opened, fields=CONSENT_FIELDS, submitted=asked)
    if on > timezone.localdate():
        raise DomainError(_("วันที่ต้องไม่เป็นวันในอนาคต"), field="on")
    before = household.consent_covers_sensitive
    if sensitive:
        household.sensitive_consent, household.consent_given_on, household.consent_withdrawn_on = (
            True,
            on,
            None,
        )
    elif before:
        household.consent_withdrawn_on = on
    else:
        raise DomainError(_("ครัวเรือนนี้ยังไม่ได้ให้ความยินยอม จึงไม่มีความยินยอมให้ถอน"), field="sensitive")
    if _user(actor):
        household._history_user = actor  # type: ignore[attr-defined]
    household.save()
    cleared = 0
    if not sensitive:
        for member in household.members.filter(person__isnull=True).exclude(
            has_disability__isnull=True, is_bedridden__isnull=True
        ):
            member.has_disability = member.is_bedridden = None
            if _user(actor):
                member._history_user = actor  # type: ignore[attr-defined]
            member.save()
            cleared += 1
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=household,
        changes={
            "sensitive_consent": [before, household.consent_covers_sensitive],
            "members_cleared": cleared,
        },
    )
    return household


@transaction.atomic
def occupation_add(*, actor: Any, person: Person, fields: dict[str, Any]) -> Any:
    """Record an occupation a person holds (or held), with the details of its group."""
    from nokrabob.registry.models import PersonOccupation

    require_in_scope(actor, person)
    data = dict(fields)
    started, ended = data.get("started_on"), data.get("ended_on")
    if started and started > timezone.localdate():
        raise DomainError(_("วันที่ต้องไม่เป็นวันในอนาคต"), field="started_on")
    if started and ended and ended < started:
        raise DomainError(_("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม"), field="ended_on")
    data["is_current"] = ended is None
    row = PersonOccupation(person=person, **data)
    if _user(actor):
        row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=person,
        changes={"occupation_added": row.occupation.code},
    )
    return row
