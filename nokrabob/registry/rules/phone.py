"""Thai phone numbers: digits only, in national form (0812345678), a +66/66 prefix folded; 9–10 digits
starting with 0, or empty."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.thai import arabic_digits_of_long_text

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NON_DIGITS = re.compile(r"\D")
# A phone in ``normalise_phone``'s form that is not the usual 0 and 8 or 9 more digits (an empty line is
# fine).
_UNUSUAL_PHONE = re.compile(r"^(?!0[0-9]{8,9}$).+$", re.MULTILINE)


def normalise_phone(value: str) -> str:
    """Thai phone numbers to one form: digits only, national format (0812345678); +66/66 prefix folded."""
    digits = _NON_DIGITS.sub("", str(value or "").translate(_THAI_DIGITS))
    if digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    return digits


def phone_ok(phone: str) -> bool:
    """Whether a phone in ``normalise_phone``'s form is kept (empty is fine)."""
    return not phone or (phone[0] == "0" and len(phone) in (9, 10))


def phone_message() -> str:
    return _("หมายเลขโทรศัพท์ต้องมี 9–10 หลัก ขึ้นต้นด้วย 0")


def check_phone(value: str) -> str:
    """The one-value rule: the phone in its one form, or ``DomainError`` on the ``phone`` field."""
    phone = normalise_phone(value)
    if not phone_ok(phone):
        raise DomainError(phone_message(), field="phone")
    return phone


def exact_phone(raw: str) -> str | None:
    """The rule on one stripped cell, fast: the phone, or None when it is refused."""
    if len(raw) == 10 and raw[0] == "0" and raw.isdigit() and raw.isascii():
        return raw
    phone = normalise_phone(raw)
    return phone if phone_ok(phone) else None


def phone_column(stripped: Sequence[str]) -> tuple[list[str], list[int]]:
    """The whole-column rule: every stripped cell's phone ("" for a refused one), and the positions of the
    refused ones (their message is ``phone_message``)."""
    text = "\n".join(stripped)
    if text.count("\n") != len(stripped) - 1:  # a cell holds a line break: each phone the long way
        exact = list(map(exact_phone, stripped))
        return [phone or "" for phone in exact], [i for i, phone in enumerate(exact) if phone is None]
    text = _phone_text(text)
    phones = text.split("\n")
    refused = []
    for unusual in _UNUSUAL_PHONE.finditer(text):
        i = text.count("\n", 0, unusual.start())
        phone = exact_phone(stripped[i])
        if phone is None:
            refused.append(i)
            phones[i] = ""
        else:
            phones[i] = phone
    return phones, refused


def _phone_text(text: str) -> str:
    """Every line of ``text`` (one phone each) in ``normalise_phone``'s form when written the usual ways (Thai
    digits, dashes, spaces, a leading +66); other writings keep characters that ``_UNUSUAL_PHONE`` finds."""
    if not text.isascii():
        text = arabic_digits_of_long_text(text)
    text = "\n" + text.replace("-", "").replace(" ", "")
    return text.replace("\n+66", "\n0")[1:]
