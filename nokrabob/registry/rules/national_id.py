"""The Thai national ID (เลขประจำตัวประชาชน): 13 digits, the last a check digit.

The first digit is the registration category, 1–8 for Thai nationals and 0 for the IDs given to non-Thai
residents, which Section 40 also accepts. ``stdnum.th.pin`` refuses the 0 category, so the category rule is
ours and the check-digit arithmetic is stdnum's. Category 9 does not exist and is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.th.pin import calc_check_digit

from nokrabob.core.thai import arabic_digits_of_long_text, to_arabic_digits

_SEPARATORS = re.compile(r"[\s\-.]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ID_DROP = str.maketrans(dict.fromkeys(" -.\t\xa0"))
_WEIGHTS = tuple(range(13, 1, -1))
_WEIGHT_ZERO = 48 * sum(_WEIGHTS)  # the weights times ord("0")


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


# ── the import's forms of the same rule: one value fast, and a whole column ─────────────────────────────


def clean_id(value: str) -> str:
    """``clean_national_id`` of a stripped text cell, with translate tables (for millions of cells)."""
    return value.translate(_THAI_DIGITS).translate(_ID_DROP)


def id_ok(cleaned: str) -> bool:
    """``national_id_error(cleaned) is None``, on the digits' byte values (no message is made)."""
    if len(cleaned) != 13 or not (cleaned.isascii() and cleaned.isdigit()) or cleaned[0] == "9":
        return False
    digits = cleaned.encode()
    total = sum(map(mul, _WEIGHTS, digits)) - _WEIGHT_ZERO
    return (11 - total % 11) % 10 == digits[12] - 48


def id_column(stripped: Sequence[str]) -> tuple[list[str | None], list[int]]:
    """The whole-column rule: every stripped cell's cleaned ID (None for an empty cell), and the positions
    of the IDs the rule refuses (their reason comes from ``national_id_error``)."""
    text = _joined(stripped)
    if text is not None:
        text = _clean_id_text(text)
    cleaned = list(map(clean_id, stripped)) if text is None else text.split("\n")
    if "" not in cleaned:
        refused = _refused_ids(text, len(cleaned)) if text is not None else None
        if refused is None:
            refused = [i for i, nid in enumerate(cleaned) if not id_ok(nid)]
        return cleaned, refused  # type: ignore[return-value]
    refused = [i for i, nid in enumerate(cleaned) if nid and not id_ok(nid)]
    return [nid or None for nid in cleaned], refused


def _joined(values: Sequence[str]) -> str | None:
    """The values joined by newlines, so that one ``replace`` serves the whole column;
    None when a value holds a newline itself (the text could not be split back)."""
    text = "\n".join(values)
    return text if text.count("\n") == len(values) - 1 else None


def _clean_id_text(text: str) -> str:
    """``clean_id`` of every line of ``text``."""
    if not text.isascii():
        text = arabic_digits_of_long_text(text)
    for dropped in " -.\t\xa0":
        if dropped in text:
            text = text.replace(dropped, "")
    return text


_CHECK_WEIGHTS = sum((position + 2) << (16 * position) for position in range(12))
# The weighted sum of a 13-digit ID's first 12 characters (their code points, ``ord("0")`` is 48) → the
# character its check digit must be, as in ``id_ok``.
_CHECK_CHARACTER = bytes(
    48 + (11 - (total - 48 * 90) % 11) % 10 if total >= 48 * 90 else 0 for total in range(57 * 90 + 1)
)


def _refused_ids(text: str, count: int) -> list[int] | None:
    """The line numbers of the IDs ``id_ok`` refuses, in ``count`` lines of 13 ASCII digits each;
    None when the lines are not all of that form.

    Every ID's weighted digit sum comes from one multiplication of big integers: the text becomes one
    number with a 16-bit slot per character (its UTF-16 encoding), and multiplying it by the weights
    (2..13 in slots 0..11) puts in slot 14k + 11 the weighted sum of the first 12 characters of line k.
    No sum reaches 16 bits, so the slots never carry into each other.
    """
    if len(text) != 14 * count - 1 or not text.isascii() or text[13::14] != "\n" * (count - 1):
        return None
    characters = text.encode()
    if not characters.replace(b"\n", b"").isdigit():
        return None
    product = int.from_bytes(text.encode("utf-16-le"), "little") * _CHECK_WEIGHTS
    sums = memoryview(product.to_bytes(2 * (len(text) + 12), "little")).cast("H")[11 : 14 * count : 14]
    expected = bytes(map(_CHECK_CHARACTER.__getitem__, sums))
    written, categories = characters[12::14], characters[::14]
    if expected == written and b"9" not in categories:
        return []
    return [
        k for k, (check, digit, category) in enumerate(zip(expected, written, categories, strict=True))
        if check != digit or category == 57  # "9"
    ]  # fmt: skip
