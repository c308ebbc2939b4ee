"""Dates as Thai lists write them (BE or CE, ``dd/mm/yyyy``, ISO, Thai month names, spreadsheet dates) and
the birth-date limits (not in the future, not more than 120 years back)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.thai import THAI_MONTHS, THAI_MONTHS_ABBR, arabic_digits_of_long_text

BE_OFFSET = 543
OLDEST_YEARS = 120
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SPACES = re.compile(r"\s+")
MONTHS = {name: i + 1 for i, name in enumerate(THAI_MONTHS)}
MONTHS.update({name: i + 1 for i, name in enumerate(THAI_MONTHS_ABBR)})
MONTHS.update({name.replace(".", ""): i + 1 for i, name in enumerate(THAI_MONTHS_ABBR)})
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MONTH_NAME_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\s*(\d{4})$")
# The usual ways of writing a date, a subset of what ``parse_any_date`` reads, one per line.
_USUAL_DATE_LINES = re.compile(
    r"^(?:([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})"  # 5/1/2510
    r"|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"  # 1967-01-05
    r"|([0-9]{1,2}) ([^0-9\s]+) ([0-9]{4})"  # 5 ม.ค. 2510
    r"|.*)$",  # anything else, read the long way
    re.MULTILINE,
)


class DateError(ValueError):
    pass


def check_birth_date(value: dt.date | None) -> dt.date | None:
    """The one-value birth-date rule for a date already read: ``DomainError`` on ``birth_date``."""
    if value is None:
        return None
    today = timezone.localdate()
    if value > today:
        raise DomainError(_("วันเกิดต้องไม่เป็นวันในอนาคต"), field="birth_date")
    if value.year < today.year - OLDEST_YEARS:
        raise DomainError(_("วันเกิดเก่าเกินไป โปรดตรวจสอบปี พ.ศ."), field="birth_date")
    return value


def parse_any_date(value: Any) -> dt.date:
    """BE or CE, ``dd/mm/yyyy``, ISO, Thai month names (``5 ม.ค. 2510``, ``5 มกราคม 2510``), Excel dates."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(year=value.year - BE_OFFSET) if value.year > 2400 else value
    text = _SPACES.sub(" ", str(value).translate(_THAI_DIGITS).strip())
    match = _NUMERIC_DATE.match(text)
    if match:
        day, month, year = int(match[1]), int(match[2]), match[3]
    else:
        match = _ISO_DATE.match(text)
        if match:
            year, month, day = match[1], int(match[2]), int(match[3])
        else:
            match = _MONTH_NAME_DATE.match(text)
            if not match or (match[2].rstrip(".") not in MONTHS and match[2] not in MONTHS):
                raise DateError(_("อ่านวันที่ไม่ได้ ใช้รูปแบบ วว/ดด/ปปปป เช่น 05/01/2510 หรือ 5 ม.ค. 2510"))
            day, year = int(match[1]), match[3]
            month = MONTHS.get(match[2]) or MONTHS[match[2].rstrip(".")]
    if len(year) != 4:
        raise DateError(_("ปีต้องมี 4 หลัก (พ.ศ. หรือ ค.ศ.)"))
    y = int(year)
    if y > 2400:
        y -= BE_OFFSET
    if not 1 <= month <= 12:
        raise DateError(_("เดือน %(month)s ไม่มีอยู่จริง (1–12)") % {"month": month})
    try:
        return dt.date(y, month, day)
    except ValueError:
        raise DateError(_("วันที่นี้ไม่มีอยู่จริงในปฏิทิน")) from None


def birth_date(raw: Any, today: dt.date) -> dt.date | str:
    """The one-value rule on a written cell: the birth date, or the Thai reason it is not one."""
    try:
        value = parse_any_date(raw)
    except DateError as exc:
        return str(exc)
    if value > today or value.year < today.year - OLDEST_YEARS:
        try:
            check_birth_date(value)
        except DomainError as exc:
            return exc.message
        return _("ข้อมูลไม่ถูกต้อง")
    return value


def usual_birth_dates(stripped: Sequence[str], today: dt.date) -> list[dt.date | None] | None:
    """The whole-column rule, for the usual writings: every stripped cell's birth date, or None where the
    cell is written another way or the date is wrong (those go through ``birth_date`` one by one). None
    when the column cannot be read at once (a cell holds a line break)."""
    text = "\n".join(stripped)
    if text.count("\n") != len(stripped) - 1:
        return None
    if not text.isascii():
        text = arabic_digits_of_long_text(text)
    found = _USUAL_DATE_LINES.findall(text)
    if len(found) != len(stripped):
        return None
    oldest_year = today.year - OLDEST_YEARS
    return [_usual_date(groups, today, oldest_year) for groups in found]


def _usual_date(groups: tuple[str, ...], today: dt.date, oldest_year: int) -> dt.date | None:
    """The date of a line ``_USUAL_DATE_LINES`` read, when it is right and within the birth-date limits;
    None otherwise."""
    day, month, year, iso_year, iso_month, iso_day, named_day, month_name, named_year = groups
    if iso_year:
        year, month, day = iso_year, iso_month, iso_day
    elif named_day:
        number = MONTHS.get(month_name)
        if number is None:
            return None
        year, month, day = named_year, str(number), named_day
    elif not day:
        return None
    y = int(year)
    if y > 2400:
        y -= BE_OFFSET
    try:
        date = dt.date(y, int(month), int(day))
    except ValueError:
        return None
    return date if date <= today and y >= oldest_year else None
