"""The database unavailable for a moment: a clear Thai 503 page (the API's error shape on the API), never a
stack trace. See docs/adr/0446-backup-restore-and-database-outages.md.

``is_database_unavailable`` is the one rule for what counts as "the database is briefly away" (the pages,
``/health/`` and the background tasks' retries all ask it): a lost or refused connection, a server shutting
down or refusing new connections, a lock or statement timeout, a deadlock or serialisation failure, SQLite's
"database is locked" after its busy timeout. Errors that waiting does not cure (a missing table, a bad
query) are not outages: they stay server errors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

# PostgreSQL error classes and codes that a retry a moment later can cure.
_TRANSIENT_CLASSES = (
    "08",
    "53",
    "57P",
)  # connection exception, insufficient resources, operator intervention
_TRANSIENT_CODES = {
    "40001",
    "40P01",
    "55P03",
    "57014",
}  # serialisation, deadlock, lock not available, timeout
_SQLITE_TRANSIENT = ("locked", "busy", "unable to open database", "disk i/o error")


def is_database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or the driver error it wraps) says the database is briefly unavailable."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    if isinstance(cause, sqlite3.Error):
        text = str(cause).lower()
        return any(part in text for part in _SQLITE_TRANSIENT)
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code is None:  # refused or lost before the server said anything (or a hand-raised error)
        return True
    return code.startswith(_TRANSIENT_CLASSES) or code in _TRANSIENT_CODES


def retry_after_seconds() -> int:
    return int(getattr(settings, "DATABASE_RETRY_AFTER_SECONDS", 30))


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: a Thai page, or on the API its one error shape. Touches no database (no
    session, no user, no context processor), so it can be sent while the database is away."""
    from nokrabob.api.errors import error_body  # the API's one error shape

    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body("database_unavailable"), status=503)
    else:
        html = loader.get_template("503.html").render({"retry_after": retry_after_seconds()})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after_seconds())
    return response


def server_error_response(request: HttpRequest) -> HttpResponse:
    """Any other unhandled error: the Thai 500 page, or on the API its one error shape."""
    from nokrabob.api.errors import error_body

    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error"), status=500)
    html = loader.get_template("500.html").render({})
    return HttpResponse(html, status=500)


class DatabaseOutageMiddleware:
    """A view that meets the database away answers 503 (``unavailable_response``) instead of a 500.

    Errors raised before a view (a middleware reading the session or the user) reach ``handler500``
    (``core.views.server_error``), which applies the same rule.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        import logging

        logging.getLogger("nokrabob.outage").warning(
            "database unavailable on %s %s: %s", request.method, request.path, exception
        )
        return unavailable_response(request)
