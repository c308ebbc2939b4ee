"""The rules a person's fields must keep, whatever channel they come through (form, QR, import, API)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.thai import to_arabic_digits
from nokrabob.registry.areas import resolve_area
from nokrabob.registry.names import clean_name, sound_key
from nokrabob.registry.national_id import validate_national_id

_NON_DIGITS = re.compile(r"\D")
SENSITIVE_FIELDS = ("has_disability", "disability_type")
NAME_FIELDS = ("title", "first_name", "last_name", "first_name_latin", "last_name_latin")


@functools.cache
def income_limit() -> tuple[int, Decimal]:
    """The decimal places of ``Person.monthly_income`` and the smallest amount the column cannot hold."""
    from nokrabob.registry.models import Person

    field = Person._meta.get_field("monthly_income")
    places: int = field.decimal_places  # type: ignore[attr-defined]
    return places, Decimal(10) ** (field.max_digits - places)  # type: ignore[attr-defined]


def income_too_large() -> str:
    places, limit = income_limit()
    most = limit - Decimal(1).scaleb(-places)
    return _("รายได้สูงเกินกว่าที่บันทึกได้ (ไม่เกิน %(most)s บาท)") % {"most": f"{most:,}"}


def normalise_phone(value: str) -> str:
    """Thai phone numbers to one form: digits only, national format (0812345678); +66/66 prefix folded."""
    digits = _NON_DIGITS.sub("", to_arabic_digits(str(value or "")))
    if digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    return digits


def check_phone(value: str) -> str:
    phone = normalise_phone(value)
    if phone and not (phone.startswith("0") and len(phone) in (9, 10)):
        raise DomainError(_("หมายเลขโทรศัพท์ต้องมี 9–10 หลัก ขึ้นต้นด้วย 0"), field="phone")
    return phone


def check_birth_date(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    today = timezone.localdate()
    if value > today:
        raise DomainError(_("วันเกิดต้องไม่เป็นวันในอนาคต"), field="birth_date")
    if value.year < today.year - 120:
        raise DomainError(_("วันเกิดเก่าเกินไป โปรดตรวจสอบปี พ.ศ."), field="birth_date")
    return value


def clean_person_fields(fields: dict[str, Any], *, sensitive_allowed: bool) -> dict[str, Any]:
    """Return cleaned fields ready for ``Person``; raise ``DomainError`` naming the field at fault."""
    data = dict(fields)
    national_id = str(data.get("national_id") or "").strip()
    if national_id:
        try:
            data["national_id"] = validate_national_id(national_id)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], field="national_id") from None
    else:
        data["national_id"] = None
        if not str(data.get("other_id_number") or "").strip() and data.get("other_id_type"):
            raise DomainError(_("กรุณากรอกเลขเอกสาร"), field="other_id_number")
    for name in NAME_FIELDS:
        if name in data:
            data[name] = clean_name(data[name])
    if not data.get("first_name"):
        raise DomainError(_("กรุณากรอกชื่อ"), field="first_name")
    data["birth_date"] = check_birth_date(data.get("birth_date"))
    if "phone" in data:
        data["phone"] = check_phone(data.get("phone") or "")
    area = resolve_area(
        subdistrict_code=str(data.get("subdistrict_code") or ""),
        district_code=str(data.get("district_code") or ""),
        province_code=str(data.get("province_code") or ""),
    )
    data["province_code"], data["district_code"] = area.province_code, area.district_code
    data["subdistrict_code"] = area.subdistrict_code
    if area.postal_code and not data.get("postal_code"):
        data["postal_code"] = area.postal_code
    if not sensitive_allowed and (data.get("has_disability") is not None or data.get("disability_type")):
        raise DomainError(
            _("ข้อมูลความพิการเป็นข้อมูลอ่อนไหว บันทึกได้เมื่อได้รับความยินยอมโดยชัดแจ้งเท่านั้น"),
            field="has_disability",
        )
    income = data.get("monthly_income")
    if income is not None and not (Decimal(income).is_finite() and Decimal(income) < income_limit()[1]):
        raise DomainError(income_too_large(), field="monthly_income")
    if income is not None and income < 0:
        raise DomainError(_("รายได้ต้องไม่ติดลบ"), field="monthly_income")
    data["first_name_sound"] = sound_key(data["first_name"])
    data["last_name_sound"] = sound_key(data.get("last_name", ""))
    return data
