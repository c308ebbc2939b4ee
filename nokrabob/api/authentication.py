"""``Authorization: Token <key>`` next to the browser's session; the throttle keyed on the client."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from nokrabob.api.messages import MESSAGES
from nokrabob.api.models import ALL_OPERATIONS, ApiToken
from nokrabob.api.services import TokenRefused, token_check
from nokrabob.core.client import client_address


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(MESSAGES["token_invalid"][0])
        try:
            token = token_check(parts[1].decode("ascii", errors="replace"))
        except TokenRefused:
            raise exceptions.AuthenticationFailed(MESSAGES["token_invalid"][0]) from None
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def client_name(request: Request) -> str:
    """Who the audit names for this request: the agency of the token, else the logged-in user."""
    if isinstance(request.auth, ApiToken):
        return request.auth.holder_name
    return str(request.user.get_username())


def operations_of(request: Request) -> tuple[str, ...]:
    """What the caller may do: a client's allowed operations; a session or a user's own token, all (the
    role still decides, as on the pages)."""
    if isinstance(request.auth, ApiToken):
        return request.auth.operations
    return ALL_OPERATIONS


class ClientRateThrottle(SimpleRateThrottle):
    """Requests per minute per client (its ``rate_per_minute``), per user for sessions and user tokens."""

    scope = "api_client"

    def __init__(self) -> None:  # the rate depends on the request: parsed in allow_request
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        per_minute = token.client.rate_per_minute if token and token.client else settings.API_RATE_PER_MINUTE
        self.rate = f"{per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token and token.client_id:
            ident = f"client-{token.client_id}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = client_address(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
