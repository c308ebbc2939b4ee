"""The fields a worker list can fill, the header names senders use for them, and mapping suggestions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nokrabob.core.thai import to_arabic_digits


@dataclass(frozen=True)
class Target:
    name: str
    label: str | Promise
    synonyms: tuple[str, ...]


TARGETS: tuple[Target, ...] = (
    Target("national_id", _("เลขประจำตัวประชาชน"),
           ("เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "บัตรประชาชน", "เลขบัตร",
            "เลขประจำตัว", "เลข13หลัก", "nationalid", "citizenid", "idcard", "idno", "pid", "cid")),
    Target("title", _("คำนำหน้า"), ("คำนำหน้า", "คำนำหน้าชื่อ", "คำนำ", "title", "prefix")),
    Target("first_name", _("ชื่อ"), ("ชื่อ", "ชื่อจริง", "firstname", "name", "givenname")),
    Target("last_name", _("นามสกุล"), ("นามสกุล", "สกุล", "lastname", "surname", "familyname")),
    Target("full_name", _("ชื่อ-นามสกุล"),
           ("ชื่อนามสกุล", "ชื่อสกุล", "ชื่อและนามสกุล", "fullname", "ชื่อ-สกุล")),
    Target("sex", _("เพศ"), ("เพศ", "sex", "gender")),
    Target("birth_date", _("วันเกิด"),
           ("วันเกิด", "วันเดือนปีเกิด", "วดปเกิด", "วันที่เกิด", "birthdate", "dateofbirth", "dob", "birthday")),
    Target("phone", _("โทรศัพท์"),
           ("โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์", "หมายเลขโทรศัพท์", "มือถือ", "phone", "mobile", "tel",
            "telephone")),
    Target("house_no", _("บ้านเลขที่"), ("บ้านเลขที่", "เลขที่", "houseno", "house", "address")),
    Target("moo", _("หมู่ที่"), ("หมู่ที่", "หมู่", "moo")),
    Target("soi", _("ซอย"), ("ซอย", "soi")),
    Target("road", _("ถนน"), ("ถนน", "road", "street")),
    Target("subdistrict", _("แขวง/ตำบล"), ("แขวง", "ตำบล", "แขวงตำบล", "subdistrict", "tambon", "khwaeng")),
    Target("district", _("เขต/อำเภอ"), ("เขต", "อำเภอ", "เขตอำเภอ", "district", "amphoe", "khet")),
    Target("province", _("จังหวัด"), ("จังหวัด", "province", "changwat")),
    Target("postal_code", _("รหัสไปรษณีย์"),
           ("รหัสไปรษณีย์", "ไปรษณีย์", "postalcode", "postcode", "zipcode", "zip")),
    Target("occupation", _("อาชีพ"), ("อาชีพ", "กลุ่มอาชีพ", "ประเภทอาชีพ", "occupation", "job", "work")),
    Target("scheme", _("สวัสดิการ"), ("สวัสดิการ", "สิทธิ", "สิทธิสวัสดิการ", "welfare", "scheme", "benefit")),
    Target("monthly_income", _("รายได้ต่อเดือน"),
           ("รายได้ต่อเดือน", "รายได้", "รายได้เฉลี่ยต่อเดือน", "income", "monthlyincome")),
)  # fmt: skip

TARGET_NAMES = tuple(t.name for t in TARGETS)
TARGET_LABELS = {t.name: t.label for t in TARGETS}

_HEADER_NOISE = re.compile(r"[\s_\-./()\[\]:*#]+")


def normalise_header(text: object) -> str:
    return _HEADER_NOISE.sub("", to_arabic_digits(str(text or "")).lower())


def synonym_index(targets: tuple[Target, ...]) -> dict[str, str]:
    return {normalise_header(s): t.name for t in targets for s in t.synonyms}


_SYNONYM_INDEX = synonym_index(TARGETS)


def suggest_columns(headers: list[str], index: dict[str, str]) -> dict[str, int]:
    """{target: column index} from the headers: exact synonyms first, then a header that starts with one.

    ``index`` is ``synonym_index(targets)``: worker lists and the reference tables (communities,
    households) share this matching."""
    found: dict[str, int] = {}
    keys = [normalise_header(h) for h in headers]
    for position, key in enumerate(keys):
        target = index.get(key)
        if target and target not in found:
            found[target] = position
    for position, key in enumerate(keys):
        if position in found.values() or not key:
            continue
        for synonym, target in sorted(index.items(), key=lambda kv: -len(kv[0])):
            if target not in found and len(synonym) >= 3 and key.startswith(synonym):
                found[target] = position
                break
    return found


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """{target: column index} of a worker list (``suggest_columns``); a first name beats a full name."""
    found = suggest_columns(headers, _SYNONYM_INDEX)
    if "full_name" in found and "first_name" not in found:
        return found
    if "full_name" in found and "first_name" in found:
        found.pop("full_name")
    return found


def mapping_from_template(columns: dict[str, str], headers: list[str]) -> dict[str, int]:
    """A saved template names headers; find them in this file's headers (normalised)."""
    keys = {normalise_header(h): i for i, h in enumerate(headers)}
    return {
        target: keys[normalise_header(header)]
        for target, header in columns.items()
        if target in TARGET_NAMES and normalise_header(header) in keys
    }
