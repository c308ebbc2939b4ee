"""Two-factor login where the role requires it (``TWO_FACTOR_REQUIRED_ROLES``, and every superuser).

A logged-in user of such a role whose session has not passed a second factor reaches only the pages that
let them pass it (the code page, the setup page) and the language switches and log-out; every other page
sends them there first. Must come after django-otp's ``OTPMiddleware``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from nokrabob.accounts import twofactor

OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:login_code",
        "accounts:logout",
        "accounts:two_factor_setup",
        "core:health",
        "core:set_digits",
        "set_language",
        "javascript-catalog",
    }
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or twofactor.passed_second_factor(user):
            return None
        if not twofactor.requires_two_factor(user):  # type: ignore[arg-type]
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if request.path.startswith("/static/"):
            return None
        if twofactor.has_two_factor(user):  # type: ignore[arg-type]
            return redirect("accounts:login_code")
        return redirect("accounts:two_factor_setup")
