"""One shape for every 4xx of the API: ``{"code", "message": {"th", "en"}, "fields"}``.

``fields`` maps a field name to its messages (empty when the error is not about a field). DRF's own
exceptions, a ``DomainError`` from a service and an over-large body all end here; nothing a client sends
becomes a 500.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from nokrabob.api.messages import MESSAGES, RequestTooLarge
from nokrabob.core.errors import DomainError

_CODES: list[tuple[type[Exception], str]] = [
    (exceptions.ValidationError, "invalid"),
    (exceptions.ParseError, "malformed_request"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "token_invalid"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "rate_limited"),
]


def error_body(
    code: str, *, th: str | None = None, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    default_th, en = MESSAGES.get(code, MESSAGES["error"])
    return {"code": code, "message": {"th": th or default_th, "en": en}, "fields": fields or {}}


def _messages(value: Any) -> list[str]:
    if isinstance(value, list):
        return [m for item in value for m in _messages(item)]
    if isinstance(value, dict):
        return [f"{key}: {m}" for key, item in value.items() for m in _messages(item)]
    return [str(value)]


def _fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _messages(value) for name, value in detail.items()}
    return {}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        code = getattr(exc, "api_code", "invalid")
        return Response(error_body(code, th=exc.message, fields=fields), status=400)
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = next((name for kind, name in _CODES if isinstance(exc, kind)), None)
    code = code or str(getattr(exc, "default_code", "error"))
    if code == "invalid" and not isinstance(exc.detail, dict):
        response.data = error_body(code, fields={"non_field_errors": _messages(exc.detail)})
    else:
        response.data = error_body(code, fields=_fields(exc.detail))
    return response
