"""Reads from a PostgreSQL streaming replica, off unless ``DATABASE_REPLICA_URL`` is set (docs/scale.md).

Only reads that are marked go to the replica: the views decorated with ``reads_from_replica`` (the
registry list and search, the outreach list, the dashboards and the exports) while they run and while a
streamed response is sent. Everything else reads the primary: sessions, log-in, the audit trail's chain
(read inside its transaction), every read inside a transaction, and every background task.

A user's own writes are visible to them at once: a request that may write (POST, PUT, PATCH, DELETE)
reads the primary, and its response sets a signed cookie that pins the same browser's reads to the
primary for ``REPLICA_PIN_SECONDS`` (longer than the replica's lag). Reads of other users are not pinned:
they may see a write a fraction of a second late, as any read of a replica does.

Why not ``django-multidb-router``: its ``PinningReplicaRouter`` sends *every* read outside a pinned
request to a replica, so a GET that writes (the person page writes a read-audit row whose hash chain reads
the last row) would read the chain from a replica that may lag, and a background task could miss the job
it was just queued for. Opting reads in, page by page, keeps those on the primary (docs/adr/0440).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

REPLICA = "replica"
PIN_COOKIE = "nokrabob_primary"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """Where a read goes now: the replica inside ``replica_reads`` unless pinned or in a transaction."""
    if (
        _replica_allowed.get()
        and not _pinned.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Django's database router: writes and migrations on the primary, marked reads on the replica."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside may go to the replica (outside a transaction, unless the request is pinned)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def _stream_from_replica(chunks: Any, pinned: bool) -> Iterator[Any]:
    """A streamed response is read after the view and the middleware returned: the same routing again."""
    iterator = iter(chunks)
    while True:
        pin = _pinned.set(pinned)
        try:
            with replica_reads():
                chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _pinned.reset(pin)
        yield chunk


def reads_from_replica(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Mark a read-only page (list, search, dashboard, export) whose reads may go to the replica."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with replica_reads():
            response = view(request, *args, **kwargs)
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = _stream_from_replica(response.streaming_content, _pinned.get())
        return response

    return wrapper


class PrimaryPinMiddleware:
    """Pins a browser's reads to the primary during and for a while after a request that may write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        seconds = int(getattr(settings, "REPLICA_PIN_SECONDS", 15))
        writes = request.method in UNSAFE_METHODS
        pinned = writes or request.get_signed_cookie(PIN_COOKIE, default=None, max_age=seconds) is not None
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
            )
        return response
