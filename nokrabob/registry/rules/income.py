"""Monthly income in baht: a plain number the column can hold (rounded to satang), never negative."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from django.utils.translation import gettext as _

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


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


_PLAIN_AMOUNT = re.compile(r"\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_EXPONENT_AMOUNT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")


def parse_income(raw: str) -> tuple[str | None, str]:
    """An amount in baht, as the registry stores it (rounded to satang), or None and the Thai reason.

    Only plain numbers are read: an amount the column cannot hold (more digits before the point than it
    has), exponent notation ("1e30"), NaN and infinity are refused, never stored and never left to fail
    the database's write."""
    text = raw.translate(_THAI_DIGITS).replace(",", "").replace("บาท", "").replace("฿", "").strip()
    negative = text.startswith("-")
    plain = text[1:].strip() if negative else text
    if not _PLAIN_AMOUNT.fullmatch(plain):
        if _EXPONENT_AMOUNT.fullmatch(text):
            return None, _("เขียนรายได้เป็นตัวเลขธรรมดา เช่น 15000 ไม่ใช้รูปแบบเลขยกกำลัง (เช่น 1e30)")
        return None, _("รายได้ต้องเป็นตัวเลข")
    places, too_much = income_limit()
    whole = plain.lstrip("+").split(".", 1)[0].lstrip("0")
    if len(whole) > too_much.adjusted():  # more digits than the column has: not even rounded
        return None, income_too_large()
    amount = Decimal(plain).quantize(Decimal(1).scaleb(-places))
    if amount >= too_much:
        return None, income_too_large()
    if negative and amount:
        return None, _("รายได้ต้องไม่ติดลบ")
    return str(amount), ""
