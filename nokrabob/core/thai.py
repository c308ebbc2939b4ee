"""Thai formats: Buddhist-Era dates in and out, Thai digits, month names.

Input accepts what people type on a Thai form: ``25/11/2563``, ``25-11-2563``, ``๒๕/๑๑/๒๕๖๓``, a one-digit
day or month. The year must be Buddhist Era; a Christian-Era year gets a message that says so (and which
BE year was probably meant) rather than a silent 543-year error.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit

from nokrabob.core.fiscal import BE_OFFSET

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
THAI_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
ENGLISH_MONTHS_ABBR = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")

# The range of Buddhist-Era years a form accepts: from the oldest living person to a few years ahead.
MIN_BE_YEAR = 2400
MAX_BE_YEAR = 2700


def to_thai_digits(value: object) -> str:
    return arabic_digit_to_thai_digit(str(value))


def to_arabic_digits(text: str) -> str:
    return thai_digit_to_arabic_digit(text)


_NUMBER_NOISE = re.compile(r"[\s,\u00a0\u2009\u202f_]")


def typed_number(text: str) -> str:
    """A number as a person types it, as Python reads one: Thai digits made Arabic, and the spaces and
    thousands separators of "28,500" or "1 200" taken out. Anything else is left for the field to refuse."""
    return _NUMBER_NOISE.sub("", to_arabic_digits(text))


def format_phone(phone: str) -> str:
    """A stored phone (digits, national form) as people write it: 081-234-5678 for a mobile, 02-123-4567
    for a Bangkok line, 053-123-456 for a provincial one; anything else as stored."""
    if not phone.isdigit() or not phone.startswith("0"):
        return phone
    if len(phone) == 10:
        return f"{phone[:3]}-{phone[3:6]}-{phone[6:]}"
    if len(phone) == 9:
        head = 2 if phone.startswith("02") else 3
        return f"{phone[:head]}-{phone[head : head + 3]}-{phone[head + 3 :]}"
    return phone


_DIGIT_PAIRS = tuple(zip("๐๑๒๓๔๕๖๗๘๙", "0123456789", strict=True))


def arabic_digits_of_long_text(text: str) -> str:
    """``to_arabic_digits`` for a long text (a whole column joined): ten ``replace`` calls are many times
    quicker than ``translate``, which looks every character up on its own once the text is not ASCII."""
    for thai, arabic in _DIGIT_PAIRS:
        if thai in text:
            text = text.replace(thai, arabic)
    return text


def format_be_date(
    day: dt.date | None, style: str = "short", *, thai_digits: bool = False, language: str = "th"
) -> str:
    """Format a date with a Buddhist-Era year.

    Styles: ``short`` 25/11/2563; ``medium`` 25 พ.ย. 2563; ``long`` 25 พฤศจิกายน 2563.
    """
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    year = day.year + BE_OFFSET
    if style == "short":
        text = f"{day.day:02d}/{day.month:02d}/{year}"
    elif style == "medium":
        month = THAI_MONTHS_ABBR if language == "th" else ENGLISH_MONTHS_ABBR
        text = f"{day.day} {month[day.month - 1]} {year}"
    elif style == "long":
        month_names = THAI_MONTHS if language == "th" else _english_month_names()
        text = f"{day.day} {month_names[day.month - 1]} {year}"
    else:
        raise ValueError(f"unknown date style {style!r}")
    return to_thai_digits(text) if thai_digits else text


def _english_month_names() -> list[str]:
    return [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def parse_be_date(text: str) -> dt.date:
    """Parse ``dd/mm/yyyy`` with a Buddhist-Era year (Thai or Arabic digits) into a date.

    Raises ``ValidationError`` with a message that says what is wrong, in the active language.
    """
    cleaned = to_arabic_digits(str(text or "").strip())
    match = _DATE_RE.match(cleaned)
    if not match:
        raise ValidationError(_("กรอกวันที่ในรูปแบบ วว/ดด/ปปปป ปีพุทธศักราช เช่น 25/11/2563"), code="format")
    day, month, year = (int(part) for part in match.groups())
    if year < MIN_BE_YEAR:
        raise ValidationError(
            _("ปี %(year)s ไม่ใช่ปีพุทธศักราช หากหมายถึง ค.ศ. %(year)s ให้กรอก %(be)s")
            % {"year": year, "be": year + BE_OFFSET},
            code="not_be",
        )
    if year > MAX_BE_YEAR:
        raise ValidationError(_("ปี %(year)s ไม่ถูกต้อง") % {"year": year}, code="year_range")
    if not 1 <= month <= 12:
        raise ValidationError(_("เดือน %(month)s ไม่มีอยู่จริง (1–12)") % {"month": month}, code="month")
    try:
        return dt.date(year - BE_OFFSET, month, day)
    except ValueError:
        raise ValidationError(
            _("วันที่ %(day)s/%(month)s/%(year)s ไม่มีอยู่จริงในปฏิทิน") % {"day": day, "month": month, "year": year},
            code="invalid_date",
        ) from None


def fiscal_year_label(be_year: int, *, thai_digits: bool = False) -> str:
    text = f"{be_year}"
    return to_thai_digits(text) if thai_digits else text
