"""The data subject's access copy as a letter a person can read: each record's fields by their Thai names,
choices and dates as words, grouped by what they are (PDPA s.30). The JSON copy holds the same records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.core.thai import format_be_date
from nokrabob.registry.areas import district_name, province_name, subdistrict_name
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import format_national_id

# Internal fields a person would not recognise: search keys, links to the staff who typed them.
HIDDEN = frozenset({"id", "first_name_sound", "last_name_sound", "created_by", "recorded_by", "updated_by",
                    "person", "merged_into", "import_batch", "created_at", "updated_at",
                    "version"})  # fmt: skip
AREA_FIELDS = {
    "subdistrict_code": subdistrict_name,
    "district_code": district_name,
    "province_code": province_name,
}


@dataclass(frozen=True)
class Section:
    title: str
    records: list[list[tuple[str, str]]]


def _text(obj: models.Model, field: models.Field[Any, Any]) -> str:
    value = getattr(obj, field.attname)
    if value in (None, ""):
        return ""
    if field.name == "national_id":
        return format_national_id(str(value))
    if field.name in AREA_FIELDS:
        return str(AREA_FIELDS[field.name](value) or value)
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(field, models.ForeignKey):
        return str(getattr(obj, field.name))
    if isinstance(value, bool):
        return _("ใช่") if value else _("ไม่ใช่")
    if isinstance(value, dt.datetime):
        return format_be_date(value.date(), "long")
    if isinstance(value, dt.date):
        return format_be_date(value, "long")
    return str(value)


def readable(obj: models.Model) -> list[tuple[str, str]]:
    """The record's filled-in fields as (Thai name, value)."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN:
            continue
        text = _text(obj, field)
        if text:
            rows.append((str(field.verbose_name), text))
    return rows


SECTIONS: tuple[tuple[Any, str], ...] = (
    (gettext_lazy("อาชีพ"), "occupations"),
    (gettext_lazy("สวัสดิการและกองทุน"), "welfare"),
    (gettext_lazy("การเข้าร่วมกิจกรรม"), "participations"),
    (gettext_lazy("ความยินยอม"), "consents"),
    (gettext_lazy("การติดต่อ"), "contacts"),
    (gettext_lazy("การส่งต่อหน่วยงาน"), "referrals"),
    (gettext_lazy("การติดตามการสมัครสวัสดิการ"), "follow_ups"),
)


def letter_sections(person: Person) -> list[Section]:
    sections = [Section(_("ข้อมูลส่วนบุคคล"), [readable(person)])]
    for title, related in SECTIONS:
        records = [readable(obj) for obj in getattr(person, related).all()]
        sections.append(Section(str(title), [r for r in records if r]))
    kinds = {"+": _("บันทึกข้อมูลครั้งแรก"), "~": _("แก้ไขข้อมูล"), "-": _("ลบข้อมูล")}
    changes = [
        [
            (_("วันที่"), format_be_date(h.history_date.date(), "long")),
            (_("การเปลี่ยนแปลง"), kinds.get(h.history_type, h.history_type)),
        ]
        for h in person.history.order_by("history_date")
    ]
    sections.append(Section(_("ประวัติการบันทึกและแก้ไขข้อมูล"), changes))
    return sections
