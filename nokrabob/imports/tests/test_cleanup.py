"""Uploaded lists go when they are no longer needed: refused at once, abandoned after hours, finished after
days — and nothing else goes (running batches, recent ones, files another batch still uses, the operator's
own files, exports)."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.imports import services
from nokrabob.imports.models import ExportJob, ImportBatch, ImportRowError, ImportStatus
from nokrabob.imports.tasks import purge_uploads_task
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db

CSV = (
    "เลขบัตรประชาชน,ชื่อ,นามสกุล,วันเกิด,เขต\n"
    f"{make_national_id('110170012345')},สมชาย,ใจดี,01/01/2530,พระนคร\n"
    "123,สมศรี,ใจดี,01/01/2530,พระนคร\n"
).encode()


@pytest.fixture(autouse=True)
def _own_upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORTS_ABANDONED_HOURS = 48
    settings.IMPORTS_UPLOAD_RETENTION_DAYS = 7


def _batch(user, **changes) -> ImportBatch:  # type: ignore[no-untyped-def]
    batch = services.batch_create(actor=user, upload=SimpleUploadedFile("list.csv", CSV))
    if changes:
        ImportBatch.objects.filter(pk=batch.pk).update(**changes)
        batch.refresh_from_db()
    return batch


def _ago(**delta: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


def _old_file(path: Path, hours: float) -> Path:
    path.write_bytes("ชื่อ\nสมชาย\n".encode())
    stamp = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_the_hourly_task_deletes_abandoned_finished_and_orphaned_files_and_keeps_the_rest(
    make_user, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.ADMIN)
    abandoned = _batch(user, updated_at=_ago(hours=49))
    waiting = _batch(user, updated_at=_ago(hours=47))
    finished = services.run_batch(_batch(user).pk)
    ImportBatch.objects.filter(pk=finished.pk).update(finished_at=_ago(days=8))
    recent = services.run_batch(_batch(user).pk)
    ImportBatch.objects.filter(pk=recent.pk).update(finished_at=_ago(days=6))
    running = _batch(user, status=ImportStatus.RUNNING, updated_at=_ago(days=30))
    folder = services.upload_dir()
    orphan = _old_file(folder / "0123456789abcdef.csv", hours=2)
    young_orphan = _old_file(folder / "fedcba9876543210.csv", hours=0.5)
    export = _old_file(folder / "export-1-abc.xlsx", hours=200)
    ExportJob.objects.create(created_by=user, status=ImportStatus.DONE, file_path=str(export))
    # The operator's own file, imported from the command line long ago: never ours to delete.
    own = tmp_path / "own.csv"
    own.write_bytes(CSV)
    command_line = services.run_batch(services.batch_create(actor=user, path=own, file_name=own.name).pk)
    ImportBatch.objects.filter(pk=command_line.pk).update(finished_at=_ago(days=30))
    rejected_rows = ImportRowError.objects.filter(batch=finished).count()

    purge_uploads_task()

    for batch in (abandoned, waiting, finished, recent, running, command_line):
        batch.refresh_from_db()
    assert not Path(abandoned.file_path).exists() and not Path(finished.file_path).exists()
    assert abandoned.status == ImportStatus.CANCELLED and abandoned.file_removed_at
    assert "ไม่ได้ดำเนินการต่อภายใน 48 ชั่วโมง" in abandoned.failure
    assert finished.status == ImportStatus.DONE and finished.file_removed_at
    # The batch keeps its counts, header and rejected rows; the preview (people's data) goes with the file.
    assert finished.rows_created == 1 and finished.rows_rejected == 1 and rejected_rows == 1
    assert ImportRowError.objects.filter(batch=finished).count() == 1
    assert finished.headers[1] == "ชื่อ" and finished.preview == []
    for kept in (waiting, recent, running):
        assert Path(kept.file_path).exists() and kept.file_removed_at is None and kept.preview
    assert running.status == ImportStatus.RUNNING
    assert not orphan.exists() and young_orphan.exists() and export.exists()
    assert own.exists() and command_line.file_removed_at  # let go of, not deleted
    deleted = AuditEvent.objects.filter(action="delete")
    assert {e.changes.get("uploaded_file") for e in deleted.filter(target_type="imports.importbatch")} == {
        "abandoned",
        "retention",
    }
    assert deleted.get(target_type="imports.upload").changes == {"files": 1}


def test_a_file_shared_with_a_live_batch_stays(make_user) -> None:  # type: ignore[no-untyped-def]
    """A dry run past its retention keeps its file while the real import made from it still needs it."""
    user = make_user(Role.ADMIN)
    dry = services.run_batch(_batch(user, dry_run=True).pk)
    ImportBatch.objects.filter(pk=dry.pk).update(finished_at=_ago(days=8))
    real = services.batch_from_dry_run(actor=user, dry=dry)
    purge_uploads_task()
    dry.refresh_from_db()
    assert Path(dry.file_path).exists() and dry.file_removed_at is None
    ImportBatch.objects.filter(pk=real.pk).update(updated_at=_ago(hours=49))
    purge_uploads_task()
    dry.refresh_from_db()
    real.refresh_from_db()
    assert not Path(dry.file_path).exists() and dry.file_removed_at and real.file_removed_at
    assert real.status == ImportStatus.CANCELLED


def test_after_the_file_went_the_pages_explain_and_the_error_report_still_downloads(
    client, make_user
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.ADMIN)
    dry = services.run_batch(_batch(user, dry_run=True).pk)
    ImportBatch.objects.filter(pk=dry.pk).update(finished_at=_ago(days=8))
    purge_uploads_task()
    client.force_login(user)
    report = client.get(reverse("imports:error_report", args=[dry.pk, "csv"]))
    lines = b"".join(report.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "แถวที่,เหตุผลที่ถูกปฏิเสธ,เลขบัตรประชาชน,ชื่อ,นามสกุล,วันเกิด,เขต" and len(lines) == 2
    page = client.get(reverse("imports:job_detail", args=[dry.pk])).content.decode()
    assert "ตามระยะเวลาการเก็บรักษา" in page and 'data-testid="commit"' not in page
    response = client.post(reverse("imports:job_commit", args=[dry.pk]), follow=True)
    assert "ไม่มีไฟล์ที่อัปโหลดแล้ว" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_a_refused_upload_leaves_no_file(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    wide = ",".join(f"c{i}" for i in range(600)).encode()
    response = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("wide.csv", wide)})
    assert "เกินกว่าที่รับได้ 500 คอลัมน์" in response.content.decode()
    assert list(services.upload_dir().iterdir()) == []


def test_the_command_lists_and_deletes(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.ADMIN)
    abandoned = _batch(user, updated_at=_ago(hours=50))
    out = io.StringIO()
    call_command("purge_uploads", "--dry-run", stdout=out)
    assert f"batch {abandoned.pk}: abandoned" in out.getvalue() and Path(abandoned.file_path).exists()
    abandoned.refresh_from_db()
    assert abandoned.status == ImportStatus.PENDING
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert (
        out.getvalue().startswith("deleted — abandoned batches 1") and not Path(abandoned.file_path).exists()
    )
