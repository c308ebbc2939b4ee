"""Small helpers for views."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from nokrabob.accounts.models import User


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind ``login_required`` (typed as our User)."""
    return cast("User", request.user)


MAX_PAGE = 100_000
"""The highest page number a list answers: far past any list a person pages through, and small enough that
the row offset it makes always fits the database's integers."""


def page_number(raw: str | None, *, last: int = MAX_PAGE) -> int:
    """The page a query string asks for, as a whole number from 1 to ``last``.

    Anything that is not a whole number (text, a blank, a NUL byte) is page 1; a number past ``last`` is
    ``last``, so a hand-edited ``?page=99999999999999999999`` shows the end of the list instead of failing.
    """
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return last if len(text) > len(str(last)) else max(1, min(int(text), last))
