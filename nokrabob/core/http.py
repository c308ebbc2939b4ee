"""Small helpers for views."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from nokrabob.accounts.models import User


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind ``login_required`` (typed as our User)."""
    return cast("User", request.user)
