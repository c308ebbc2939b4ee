"""The Thai national ID (เลขประจำตัวประชาชน): 13 digits, the last a check digit.

The first digit is the registration category, 1–8 for Thai nationals and 0 for the IDs given to non-Thai
residents, which Section 40 also accepts. ``stdnum.th.pin`` refuses the 0 category, so the category rule is
ours and the check-digit arithmetic is stdnum's. Category 9 does not exist and is refused.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.th.pin import calc_check_digit

from nokrabob.core.thai import to_arabic_digits

_SEPARATORS = re.compile(r"[\s\-.]")


def clean_national_id(value: str) -> str:
    """Strip spaces, dashes and dots, turn Thai digits into Arabic ones."""
    return _SEPARATORS.sub("", to_arabic_digits(str(value or "")))


def national_id_error(value: str) -> ValidationError | None:
    """The reason a (cleaned) ID is not valid, or None when it is."""
    if not value.isdigit() or len(value) != 13:
        return ValidationError(_("เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก"), code="length")
    if value[0] == "9":
        return ValidationError(_("เลขประจำตัวประชาชนต้องไม่ขึ้นต้นด้วยเลข 9"), code="category")
    if calc_check_digit(value[:12]) != value[12]:
        return ValidationError(
            _("เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง) โปรดตรวจสอบอีกครั้ง"), code="checksum"
        )
    return None


def is_valid_national_id(value: str) -> bool:
    return national_id_error(clean_national_id(value)) is None


def validate_national_id(value: str) -> str:
    """Return the cleaned ID or raise ``ValidationError`` with a message in the active language."""
    cleaned = clean_national_id(value)
    error = national_id_error(cleaned)
    if error is not None:
        raise error
    return cleaned


def format_national_id(value: str) -> str:
    """1-2345-67890-12-3"""
    v = value or ""
    if len(v) != 13:
        return v
    return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"


def mask_national_id(value: str) -> str:
    """x-xxxx-xxxxx-xx-3: only the check digit shows, for roles that need no ID."""
    v = value or ""
    if len(v) != 13:
        return "x" * len(v)
    return f"x-xxxx-xxxxx-xx-{v[12]}"


def make_national_id(first_twelve: str) -> str:
    """Complete 12 digits with their check digit (for generators and tests)."""
    return first_twelve + calc_check_digit(first_twelve)
