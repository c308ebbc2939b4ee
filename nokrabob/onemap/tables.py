"""The two reference tables a district office loads from a spreadsheet: communities and households.

Each table names its columns (``Target``, with the header words senders use, matched by the worker
lists' ``imports.mapping.suggest_columns``) and turns one row's cells into clean values or a Thai message
naming the column. Nothing here writes: ``services`` does, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import geothai
from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.core.text import has_control
from nokrabob.core.thai import to_arabic_digits
from nokrabob.imports.mapping import Target
from nokrabob.registry.models import BuildingType, Education, LandOwner

COMMUNITIES = "communities"
HOUSEHOLDS = "households"


@dataclass(frozen=True)
class Table:
    kind: str
    title: str | Promise
    targets: tuple[Target, ...]
    required: tuple[str, ...]


COMMUNITY_TABLE = Table(
    COMMUNITIES,
    gettext_lazy("ทะเบียนชุมชน"),
    (
        Target("code", gettext_lazy("รหัสชุมชน"), ("รหัสชุมชน", "รหัส", "code", "communitycode", "communityid")),
        Target("name", gettext_lazy("ชื่อชุมชน"), ("ชื่อชุมชน", "ชุมชน", "name", "communityname")),
        Target("district", gettext_lazy("เขต"), ("เขต", "สำนักงานเขต", "รหัสเขต", "district", "khet")),
        Target("subdistrict", gettext_lazy("แขวง"), ("แขวง", "รหัสแขวง", "subdistrict", "khwaeng")),
        Target(
            "community_type", gettext_lazy("ประเภทชุมชน"), ("ประเภทชุมชน", "ประเภท", "type", "communitytype")
        ),
        Target(
            "households_total",
            gettext_lazy("จำนวนครัวเรือน"),
            ("จำนวนครัวเรือน", "ครัวเรือน", "จำนวนบ้าน", "households", "householdcount"),
        ),
    ),
    ("code", "name", "district"),
)

HOUSEHOLD_TABLE = Table(
    HOUSEHOLDS,
    gettext_lazy("ข้อมูลครัวเรือนและสมาชิก"),
    (
        Target("community_code", gettext_lazy("รหัสชุมชน"), ("รหัสชุมชน", "communitycode", "community")),
        Target("house_no", gettext_lazy("บ้านเลขที่"), ("บ้านเลขที่", "เลขที่", "houseno", "houseno.")),
        Target(
            "building_type",
            gettext_lazy("ลักษณะอาคาร"),
            ("ลักษณะอาคาร", "รูปแบบอาคาร", "รูปแบบอาคารที่พักอาศัย", "ประเภทอาคาร", "buildingtype"),
        ),
        Target(
            "years_lived",
            gettext_lazy("อาศัยมาแล้ว (ปี)"),
            ("อาศัยมาแล้วปี", "ระยะเวลาการพักอยู่อาศัย", "ระยะเวลาอยู่อาศัย", "จำนวนปีที่อาศัย", "yearslived"),
        ),
        Target("latitude", gettext_lazy("ละติจูด"), ("ละติจูด", "lat", "latitude")),
        Target("longitude", gettext_lazy("ลองจิจูด"), ("ลองจิจูด", "lon", "lng", "long", "longitude")),
        Target(
            "land_owner",
            gettext_lazy("เจ้าของที่ดิน"),
            ("เจ้าของที่ดิน", "เจ้าของกรรมสิทธิ์ที่ดิน", "กรรมสิทธิ์ที่ดิน", "landowner"),
        ),
        Target(
            "sensitive_consent",
            gettext_lazy("ครัวเรือนยินยอมให้เก็บข้อมูลอ่อนไหว"),
            ("ยินยอมข้อมูลอ่อนไหว", "ความยินยอมข้อมูลอ่อนไหว", "ความยินยอม", "consent"),
        ),
        Target(
            "member_name",
            gettext_lazy("ชื่อ-นามสกุลสมาชิก"),
            ("ชื่อสมาชิก", "ชื่อนามสกุลสมาชิก", "ชื่อนามสกุล", "ชื่อ", "name"),
        ),
        Target("relation", gettext_lazy("ความสัมพันธ์"), ("ความสัมพันธ์", "ความสัมพันธ์กับหัวหน้าครัวเรือน", "relation")),
        Target("age", gettext_lazy("อายุ (ปี)"), ("อายุ", "อายุปี", "age")),
        Target("education", gettext_lazy("การศึกษา"), ("การศึกษา", "ระดับการศึกษา", "education")),
        Target("occupation", gettext_lazy("อาชีพ"), ("อาชีพ", "occupation")),
        Target("has_disability", gettext_lazy("ความพิการ"), ("ความพิการ", "พิการ", "disability")),
        Target("is_bedridden", gettext_lazy("ผู้ป่วยติดเตียง"), ("ผู้ป่วยติดเตียง", "ติดเตียง", "bedridden")),
    ),
    ("community_code", "house_no"),
)

TABLES = {t.kind: t for t in (COMMUNITY_TABLE, HOUSEHOLD_TABLE)}
MEMBER_FIELDS = (
    "member_name",
    "relation",
    "age",
    "education",
    "occupation",
    "has_disability",
    "is_bedridden",
)


class CellError(ValueError):
    """A cell that cannot be read: ``str(exc)`` is the Thai message (without the column's name)."""


def text(value: Any, *, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        raise CellError(_("เป็นวันที่ ไม่ใช่ข้อความ"))
    out = " ".join(str(value).split())
    if has_control(out):
        raise CellError(_("มีอักขระควบคุม"))
    if len(out) > limit:
        raise CellError(_("ยาวเกิน %(n)s ตัวอักษร") % {"n": limit})
    return out


def code_text(value: Any, *, limit: int) -> str:
    return to_arabic_digits(text(value, limit=limit))


def whole_number(value: Any, *, low: int, high: int) -> int | None:
    raw = code_text(value, limit=20).replace(",", "")
    if not raw or raw == "-":
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("ไม่ใช่ตัวเลข")) from None
    if number != number.to_integral_value():
        raise CellError(_("ต้องเป็นจำนวนเต็ม"))
    if not low <= number <= high:
        raise CellError(_("ต้องอยู่ระหว่าง %(low)s ถึง %(high)s") % {"low": low, "high": f"{high:,}"})
    return int(number)


def coordinate(value: Any, *, limit: int) -> Decimal | None:
    raw = code_text(value, limit=30)
    if not raw or raw == "-":
        return None
    try:
        number = Decimal(raw).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise CellError(_("ไม่ใช่พิกัดที่เป็นตัวเลข")) from None
    if not -limit <= number <= limit:
        raise CellError(_("ต้องอยู่ระหว่าง -%(n)s ถึง %(n)s") % {"n": limit})
    return number


YES = {"ใช่", "มี", "ยินยอม", "พิการ", "ติดเตียง", "y", "yes", "true", "1", "x", "✓", "/"}
NO = {"ไม่", "ไม่ใช่", "ไม่มี", "ไม่ยินยอม", "ไม่พิการ", "ไม่ติดเตียง", "n", "no", "false", "0", "-"}


def yes_no(value: Any) -> bool | None:
    raw = code_text(value, limit=30).lower()
    if not raw:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("อ่านค่า “%(v)s” ไม่ได้ ใช้ ใช่/ไม่ใช่ หรือ มี/ไม่มี") % {"v": raw})


def choice(value: Any, choices: type[TextChoices]) -> str:
    raw = text(value, limit=100)
    if not raw:
        return ""
    wanted = geothai.normalize(raw).lower()
    for code, label in choices.choices:
        if wanted in (code, geothai.normalize(str(label)).lower()):
            return str(code)
        if "/" in str(label) and wanted in {geothai.normalize(p).lower() for p in str(label).split("/")}:
            return str(code)
    labels = ", ".join(str(label) for _code, label in choices.choices)
    raise CellError(_("ไม่รู้จักค่า “%(v)s” ใช้ได้: %(labels)s") % {"v": raw, "labels": labels})


def building_type(value: Any) -> str:
    return choice(value, BuildingType)


def land_owner(value: Any) -> str:
    return choice(value, LandOwner)


def education(value: Any) -> str:
    return choice(value, Education)
