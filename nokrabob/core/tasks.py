"""The one home of the background tasks' retry rule: a task that meets the database briefly away runs again.

Every task of the project that touches the database is declared with ``db_task`` / ``db_periodic_task`` from
here instead of ``huey.contrib.djhuey``: they add ``retries=TASK_DB_RETRIES`` and
``retry_delay=TASK_DB_RETRY_DELAY`` (settings), and keep those retries for database outages
(``core.outage.is_database_unavailable``): any other error is a bug or bad data, which running again does not
cure, so it fails at once as before. Huey's ``close_db`` (djhuey) drops the broken connection after the
failed attempt, so the retry connects afresh.

A retried task must be safe to run again: each task says how in its docstring, and may ask ``retrying()``
to take over the work its failed attempt left half-done (docs/adr/0446).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from huey.contrib import djhuey

from nokrabob.core.outage import is_database_unavailable

_retrying: ContextVar[bool] = ContextVar("nokrabob_task_retrying", default=False)


def retries() -> int:
    return int(getattr(settings, "TASK_DB_RETRIES", 5))


def retry_delay() -> int:
    return int(getattr(settings, "TASK_DB_RETRY_DELAY", 60))


def retrying() -> bool:
    """Inside a task: whether this run is a retry after the database was away."""
    return _retrying.get()


def _retry_only_database_outages(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def inner(*args: Any, task: Any = None, **kwargs: Any) -> Any:
        first = task is None or task.retries >= type(task).default_retries
        token = _retrying.set(not first)
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if task is not None and not is_database_unavailable(exc):
                task.retries = 0  # not an outage: fail now, as a task without retries would
            raise
        finally:
            _retrying.reset(token)

    return inner


def db_task(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """``huey.contrib.djhuey.db_task`` that retries after a database outage."""

    def decorator(fn: Callable[..., Any]) -> Any:
        return djhuey.db_task(retries=retries(), retry_delay=retry_delay(), context=True, **options)(
            _retry_only_database_outages(fn)
        )

    return decorator


def db_periodic_task(validate_datetime: Callable[..., bool], **options: Any) -> Callable[..., Any]:
    """``huey.contrib.djhuey.db_periodic_task`` that retries after a database outage."""

    def decorator(fn: Callable[..., Any]) -> Any:
        return djhuey.db_periodic_task(
            validate_datetime, retries=retries(), retry_delay=retry_delay(), context=True, **options
        )(_retry_only_database_outages(fn))

    return decorator
