"""Small helpers for views."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

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


MAX_RECORD_ID = 2**63 - 1


def record_id(raw: object) -> int | None:
    """A record number sent in a form (``person=42``) as an int, or None when it is not one: text, a
    sign, Thai digits or a number past any database key (which SQLite cannot even be asked about)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_RECORD_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_RECORD_ID else None


def local_path(request: HttpRequest, target: str | None, *, default: str = "/") -> str:
    """Where a ``next`` value may send the browser: a path on this site (one leading slash, no control
    characters), else ``default``.

    Only a path is accepted because ``redirect()`` reads a bare word such as ``+1+1`` as the name of a
    view (a server error), and a line break in a ``Location`` header is refused by Django (another one).
    """
    text = target or ""
    if (
        text.startswith("/")
        and not text.startswith(("//", "/\\"))
        and text.isprintable()
        and url_has_allowed_host_and_scheme(text, {request.get_host()}, request.is_secure())
    ):
        return text
    return default
