"""A person's history for the History tab: who changed what, when, old → new.

Built from django-simple-history's rows of the person (and of the records merged into them), their
welfare records, occupations, consents and household memberships, plus the audit trail's merge events.
Sensitive values are shown only while consent covers them; the national ID is masked for roles that
must not see it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.audit.models import AuditAction, AuditEvent
from nokrabob.core.thai import format_be_date
from nokrabob.registry.areas import district_name, province_name, subdistrict_name
from nokrabob.registry.models import Consent, HouseholdMember, Person, PersonOccupation, WelfareRecord
from nokrabob.registry.rules.national_id import format_national_id, mask_national_id
from nokrabob.registry.validation import SENSITIVE_FIELDS

HIDDEN = "•••"
SENSITIVE_MEMBER_FIELDS = ("has_disability", "is_bedridden")
SHOWN_RELATIONS = {"merged_into"}
AREA_NAMES = {
    "subdistrict_code": subdistrict_name,
    "district_code": district_name,
    "province_code": province_name,
}
SKIP = {"id", "created_at", "updated_at", "first_name_sound", "last_name_sound", "history_id"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: dt.datetime
    who: str
    what: str
    subject: str
    changes: list[Change] = field(default_factory=list)


def _display(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if name in AREA_NAMES:
        return AREA_NAMES[name](value)
    if name == "merged_into_id":
        return f"#{value}"
    try:
        f = model._meta.get_field(name)
    except Exception:
        return str(value)
    if getattr(f, "choices", None):
        return str(dict(f.flatchoices).get(value, value))  # type: ignore[union-attr]
    if isinstance(value, bool):
        return _("ใช่") if value else _("ไม่ใช่")
    if isinstance(value, dt.date):
        return format_be_date(value)
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    name = name.removesuffix("_id") if name == "merged_into_id" else name
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:
        return name


def _entries_for(
    model: type[models.Model],
    rows: list[Any],
    *,
    what: str,
    subject_of: Any,
    show_sensitive: bool,
    full_id: bool,
) -> list[Entry]:
    """Turn history rows (any order) into entries, diffing each row against the previous of its object."""
    rows = sorted(rows, key=lambda r: (r.id, r.history_date, r.history_id))
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in SKIP and (not f.is_relation or f.name in SHOWN_RELATIONS)
    ]
    out: list[Entry] = []
    previous: dict[int, Any] = {}
    for row in rows:
        before = previous.get(row.id)
        changes = []
        for name in names:
            new = getattr(row, name, None)
            old = getattr(before, name, None) if before is not None else None
            if before is not None and old == new:
                continue
            if before is None and new in (None, ""):
                continue
            if (name in SENSITIVE_FIELDS or name in SENSITIVE_MEMBER_FIELDS) and not show_sensitive:
                old_s, new_s = HIDDEN, HIDDEN
            elif name == "national_id":
                fmt = format_national_id if full_id else mask_national_id
                old_s, new_s = (fmt(old) if old else "–"), (fmt(new) if new else "–")
            else:
                old_s, new_s = _display(model, name, old), _display(model, name, new)
            changes.append(Change(_label(model, name), "" if before is None else old_s, new_s))
        previous[row.id] = row
        kind = {"+": _("สร้าง"), "~": _("แก้ไข"), "-": _("ลบ")}.get(row.history_type, "")
        who = row.history_user.get_full_name() or row.history_user.username if row.history_user else _("ระบบ")
        out.append(Entry(row.history_date, who, f"{what}: {kind}", subject_of(row), changes))
    return out


def person_history(person: Person, *, user: Any, show_sensitive: bool) -> list[Entry]:
    """Everything that happened to a person, newest first."""
    full_id = may_see_full_national_id(user)
    ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    entries: list[Entry] = []
    person_rows = list(Person.history.filter(id__in=ids).select_related("history_user"))
    entries += _entries_for(
        Person,
        person_rows,
        what=str(_("ข้อมูลบุคคล")),
        subject_of=lambda r: "" if r.id == person.pk else _("ระเบียนที่รวมเข้ามา #%(pk)s") % {"pk": r.id},
        show_sensitive=show_sensitive,
        full_id=full_id,
    )
    related = (
        (WelfareRecord, _("สวัสดิการ"), lambda r: str(r.scheme) if r.scheme_id else ""),
        (PersonOccupation, _("อาชีพ"), lambda r: str(r.occupation) if r.occupation_id else ""),
        (Consent, _("ความยินยอม"), lambda r: ""),
        (HouseholdMember, _("สมาชิกครัวเรือน"), lambda r: str(r.household) if r.household_id else ""),
    )
    for model, what, subject_of in related:
        history = model.history  # type: ignore[attr-defined]
        object_ids = model._default_manager.filter(person_id__in=ids).values_list("pk", flat=True)
        rows = list(history.filter(id__in=list(object_ids)).select_related("history_user"))
        entries += _entries_for(
            model, rows, what=str(what), subject_of=subject_of, show_sensitive=show_sensitive, full_id=full_id
        )
    events = AuditEvent.objects.filter(
        target_type="registry.person", target_id__in=[str(i) for i in ids], action=AuditAction.MERGE
    ).select_related("actor")
    for event in events:
        if "merged_person" in event.changes:
            subject = _("รวมระเบียน #%(other)s เข้ากับระเบียน #%(pk)s") % {
                "other": event.changes["merged_person"],
                "pk": event.target_id,
            }
        else:
            continue  # the other half of the same merge
        who = (event.actor.get_full_name() or event.actor_name) if event.actor else event.actor_name
        entries.append(Entry(event.at, who or _("ระบบ"), _("รวมระเบียน"), subject))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def household_history(household: Any, *, user: Any) -> list[Entry]:
    """Changes to a household and its members, newest first (members' sensitive values hidden)."""
    from nokrabob.registry.models import Household

    full_id = may_see_full_national_id(user)
    rows = list(Household.history.filter(id=household.pk).select_related("history_user"))  # type: ignore[attr-defined]
    entries = _entries_for(
        Household,
        rows,
        what=str(_("ครัวเรือน")),
        subject_of=lambda r: "",
        show_sensitive=False,
        full_id=full_id,
    )
    member_ids = list(household.members.values_list("pk", flat=True))
    member_rows = list(HouseholdMember.history.filter(id__in=member_ids).select_related("history_user"))  # type: ignore[attr-defined]
    entries += _entries_for(
        HouseholdMember,
        member_rows,
        what=str(_("สมาชิกครัวเรือน")),
        subject_of=lambda r: r.name,
        show_sensitive=False,
        full_id=full_id,
    )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
