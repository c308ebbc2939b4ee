"""Password spraying: one address trying many usernames.

django-axes locks a username *from one address* after ``AXES_FAILURE_LIMIT`` failures (settings), which
stops guessing one account's password without letting anyone elsewhere lock that account out. Spraying
one password over many accounts never reaches that limit for any of them, so the address itself is
counted here: the different usernames its failed logins named within ``LOGIN_ADDRESS_WINDOW``. At
``LOGIN_ADDRESS_USERNAME_LIMIT`` the address may not log in for the rest of the window. Counting
*different* usernames, not failures, keeps an office behind one shared address working when a few of its
staff mistype their own passwords.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from nokrabob.core import ratelimit
from nokrabob.core.client import client_address

BUCKET = "login:address-usernames"


def _limit() -> int:
    return int(settings.LOGIN_ADDRESS_USERNAME_LIMIT)


def _window() -> int:
    return int(settings.LOGIN_ADDRESS_WINDOW)


def address_blocked(request: HttpRequest) -> bool:
    return ratelimit.current_distinct(BUCKET, client_address(request), window=_window()) >= _limit()


def record_failure(request: HttpRequest, username: str) -> None:
    ratelimit.count_distinct(BUCKET, client_address(request), username.strip().lower(), window=_window())


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if request is not None:
        record_failure(request, str(credentials.get("username", "")))
