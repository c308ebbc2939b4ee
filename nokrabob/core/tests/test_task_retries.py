"""Background tasks run again after the database was briefly away, and running again is safe
(nokrabob/core/tasks.py, docs/adr/0446). The tests run Huey in immediate mode: a failed attempt's retry waits
in Huey's schedule, and the test runs it as the worker would once its delay has passed."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY

from nokrabob.accounts.roles import Role
from nokrabob.audit.selectors import verify_chain
from nokrabob.imports import exports, services
from nokrabob.imports.models import ExportJob, ImportBatch, ImportStatus
from nokrabob.imports.sample_lists import generate
from nokrabob.imports.tasks import run_export_task, run_import_task
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db


def _outage() -> OperationalError:
    """What Django raises when the database goes away (the driver's error as its cause): PostgreSQL's
    connection lost, SQLite's lock held past the busy timeout."""
    message = "database is locked" if connection.vendor == "sqlite" else "server closed the connection"
    try:
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError(message)  # type: ignore[attr-defined]
    except OperationalError as exc:
        return exc
    raise AssertionError("not wrapped")  # pragma: no cover


def _run_due_retries() -> int:
    """Run every task whose retry is scheduled, as the worker does when their delay has passed."""
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(
        seconds=settings.TASK_DB_RETRY_DELAY + 1
    )
    due = HUEY.read_schedule(later)
    for task in due:
        HUEY.execute(task, timestamp=later)
    return len(due)


@pytest.fixture(autouse=True)
def _empty_schedule() -> Any:
    HUEY.storage.flush_all()
    yield
    HUEY.storage.flush_all()


def test_every_database_task_retries_on_the_shared_setting() -> None:
    autodiscover_modules("tasks")  # as the worker does
    ours = [
        task_class
        for task_class in HUEY._registry._registry.values()
        if task_class.__module__.startswith("nokrabob.")
    ]
    names = {task_class.__name__ for task_class in ours}
    assert {
        "run_import_task",
        "run_export_task",
        "find_interrupted_imports_task",
        "purge_exports_task",
        "purge_uploads_task",
        "freeze_closed_quarters_task",
        "send_reminders_task",
        "publish_open_data_task",
    } <= names
    for task_class in ours:
        assert task_class.default_retries == settings.TASK_DB_RETRIES, task_class.__name__
        assert task_class.default_retry_delay == settings.TASK_DB_RETRY_DELAY, task_class.__name__
    assert settings.TASK_DB_RETRIES >= 1 and settings.TASK_DB_RETRY_DELAY > 0


def test_an_import_cut_by_an_outage_resumes_on_retry_and_ends_as_a_clean_run(
    make_user, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "list.csv"
    manifest = generate(path, 300, seed=11, bad_every=20, dup_every=45)
    good = manifest.rows - len(manifest.bad) - len(manifest.duplicates)
    batch = services.batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name)

    real_save = services._save_counts
    calls = {"n": 0, "fail_at": 3}

    def save_counts(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == calls["fail_at"]:
            raise _outage()  # the third chunk's checkpoint: that chunk rolls back, two stay committed
        return real_save(*args, **kwargs)

    small_chunks = functools.partial(services.run_batch, chunk_rows=50)
    with (
        mock.patch.object(services, "_save_counts", save_counts),
        mock.patch("nokrabob.imports.tasks.services.run_batch", small_chunks),
    ):
        run_import_task(batch.pk)
        batch.refresh_from_db()
        assert batch.status == ImportStatus.RUNNING and batch.rows_committed == 100  # as a crash leaves it
        assert 0 < Person.objects.count() < good
        assert _run_due_retries() == 1
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert Person.objects.count() == good  # every good row once: nothing lost, nothing twice
    assert batch.rows_created == good and batch.rows_done == manifest.rows
    assert _run_due_retries() == 0
    assert verify_chain().intact


def test_an_error_that_is_not_an_outage_is_not_retried(make_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with mock.patch("nokrabob.imports.tasks.services.run_batch", side_effect=ValueError("bad data")):
        run_import_task(1)
    assert _run_due_retries() == 0
    with mock.patch("nokrabob.imports.tasks.services.run_batch", side_effect=_outage()):
        run_import_task(1)
    assert len(HUEY.scheduled()) == 1  # waits for its delay


def test_a_retried_import_of_a_finished_batch_changes_nothing(make_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "list.csv"
    generate(path, 40, seed=3)
    batch = services.batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name)
    run_import_task(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    people = Person.objects.count()
    with mock.patch("nokrabob.core.tasks._retrying") as flag:
        flag.get.return_value = True
        run_import_task(batch.pk)  # refused (already done): no new rows
    assert Person.objects.count() == people and _run_due_retries() == 0


def test_an_export_cut_by_an_outage_is_written_afresh_on_retry(make_user, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    for n in range(3):
        Person.objects.create(
            national_id=make_national_id(f"11017002034{n}"),
            first_name=f"ชื่อ{n}",
            last_name="ทดสอบ",
            district_code="1001",
            province_code="10",
        )
    user = make_user(Role.ADMIN)
    job = exports.export_job_create(
        user=user, query="", file_format="csv", columns=["phone"], full_ids=False, purpose="ทดสอบการส่งออกไฟล์"
    )
    real = exports.write_csv
    attempts = {"n": 0}

    def write(user: Any, queryset: Any, path: Path, progress: Any = None, **kwargs: Any) -> int:
        attempts["n"] += 1
        if attempts["n"] == 1:
            path.write_text("half")
            raise _outage()
        return real(user, queryset, path, progress, **kwargs)

    with mock.patch.object(exports, "write_csv", write):
        run_export_task(job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.RUNNING and not list((tmp_path / "imports").glob("export-*"))
        run_export_task(job.pk)  # a second queueing of the same job (not a retry) does not run it twice
        assert attempts["n"] == 1
        assert _run_due_retries() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.rows_done == 3
    assert [p.name for p in (tmp_path / "imports").glob("export-*")] == [Path(job.file_path).name]
    assert ExportJob.objects.count() == 1 and ImportBatch.objects.count() == 0
