"""Display preferences a user can switch on: Thai digits (๒๕๖๗) instead of Arabic ones (2567).

The choice is a cookie, like the language switch; the middleware puts it in a context variable for the
length of the request, and the display filters (``be_date``, ``be_datetime``, ``digits``) honour it.
"""

from __future__ import annotations

from contextvars import ContextVar

DIGITS_COOKIE = "nokrabob_digits"
_thai_digits: ContextVar[bool] = ContextVar("thai_digits", default=False)


def use_thai_digits() -> bool:
    return _thai_digits.get()


def set_thai_digits(value: bool) -> object:
    return _thai_digits.set(value)


def reset_thai_digits(token: object) -> None:
    _thai_digits.reset(token)  # type: ignore[arg-type]
