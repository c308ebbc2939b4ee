"""Invisible control characters in text that people and files send.

A NUL byte, an escape sequence or a stray C1 character in a name is invisible on the page, breaks exact and
sound-alike matching, and some tools (PostgreSQL's text type among them) refuse NUL outright. Files are
cleaned (``strip_control``: the import readers call it on every cell); forms refuse (``no_control_characters``
/ ``single_line_text``), because a person typing can fix what they sent.

Tab and line breaks are kept where they carry meaning (a multi-line address in a file, a note in a text
area); vertical tab, form feed, NEL and the Unicode line/paragraph separators become a space, since Excel and
word processors use them as line breaks inside a cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SPACE_LIKE = "\x0b\x0c\x85\u2028\u2029"
# C0 controls except tab, LF and CR; DEL; C1 controls; the Unicode line and paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = re.compile("[\t\n\r]")
_STRIP_TABLE = dict.fromkeys((*range(0, 9), *range(14, 32), *range(127, 160))) | {
    ord(c): " " for c in _SPACE_LIKE
}


def has_control(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def strip_control(text: str) -> str:
    """``text`` without control characters (line-break-like ones become a space); tab, LF and CR stay."""
    if CONTROL_CHARACTERS.search(text) is None:
        return text
    return text.translate(_STRIP_TABLE)


def no_control_characters(value: object) -> None:
    """Validator for multi-line text (a note, a description): tab and line breaks are allowed."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("ข้อความมีอักขระควบคุมที่มองไม่เห็น (เช่น NUL) กรุณาพิมพ์ใหม่หรือลบออก"), code="control_characters"
        )


def single_line_text(value: object) -> None:
    """Validator for one-line text (a name, a house number): no control characters, tabs or line breaks."""
    no_control_characters(value)
    if isinstance(value, str) and _LINE_BREAKS.search(value):
        raise ValidationError(_("ข้อความต้องอยู่ในบรรทัดเดียว ไม่มีการขึ้นบรรทัดใหม่หรือแท็บ"), code="line_break")


def guard_text_fields(fields: Mapping[str, object]) -> None:
    """Add the right validator to every free-text field of a form: one-line inputs get
    ``single_line_text``, text areas ``no_control_characters``."""
    from django import forms

    for field in fields.values():
        if type(field) is not forms.CharField:  # choice, e-mail, date… fields have their own rules
            continue
        validator = no_control_characters if isinstance(field.widget, forms.Textarea) else single_line_text
        if validator not in field.validators:
            field.validators.append(validator)


def size_text(size: int) -> str:
    """A file size for a message: "300 MB", "1.5 MB", "512 KB"."""
    unit, name = (1024 * 1024, "MB") if size >= 1024 * 1024 else (1024, "KB")
    amount = size / unit
    return f"{amount:,.0f} {name}" if amount >= 10 or amount == int(amount) else f"{amount:,.1f} {name}"
