"""The export page: a POST with a purpose, the list's filters, chosen columns, CSV for Excel or XLSX, full IDs
only where the role may export them, large exports on the task queue, files that expire (issue 14 §1, 15)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.imports import exports
from nokrabob.imports.models import ExportJob, ImportStatus
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db

PURPOSE = "ส่งรายชื่อให้สำนักงานประกันสังคมเพื่อชวนสมัครมาตรา 40"
ALL_COLUMNS = list(exports.OPTIONAL_COLUMNS)


def _people() -> dict[str, Person]:
    """One person in each of four areas: Bang Kapi, Phra Nakhon, Chiang Mai, Lamphun."""
    rows = {
        "1006": ("110170020345", '=HYPERLINK("x")', "+ใจดี", "10", "-1"),
        "1001": ("110170020346", "สมศรี", "@รักงาน", "10", ""),
        "5001": ("350100000001", "เชียงใหม่", "ดอยสุเทพ", "50", ""),
        "5101": ("510100000002", "ลำพูน", "หริภุญชัย", "51", ""),
    }
    return {
        district: Person.objects.create(national_id=make_national_id(nid), first_name=first, last_name=last,
                                        district_code=district, province_code=province, phone=phone)
        for district, (nid, first, last, province, phone) in rows.items()
    }  # fmt: skip


def _post(client, user, **data):  # type: ignore[no-untyped-def]
    client.force_login(user)
    form = {"columns": ALL_COLUMNS, "file_format": "csv", "purpose": PURPOSE, **data}
    return client.post(reverse("imports:export"), form)


def _file(client, job: ExportJob) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(reverse("imports:export_download", args=[job.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return b"".join(response.streaming_content)


def _csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith("\ufeff".encode())  # a BOM, so Excel reads the Thai
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_old_get_links_open_the_page_and_never_give_a_file(client, make_user) -> None:  # type: ignore[no-untyped-def]
    _people()
    client.force_login(make_user(Role.ADMIN))
    for query in ("?format=csv", "?format=xlsx&district=1001", ""):
        response = client.get(reverse("imports:export") + query)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "Content-Disposition" not in response
    assert response.context["search"]["district"].value() is None
    prefilled = client.get(reverse("imports:export") + "?format=xlsx&district=1001")
    assert prefilled.context["search"]["district"].value() == "1001"
    assert prefilled.context["form"]["file_format"].value() == "xlsx"
    assert not ExportJob.objects.exists() and not AuditEvent.objects.filter(action="export").exists()
    assert client.put(reverse("imports:export")).status_code == 405


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"purpose": ""}, "purpose", "โปรดระบุวัตถุประสงค์"),
        ({"purpose": "ส่ง"}, "purpose", "อย่างน้อย 10 ตัวอักษร"),
        ({"columns": []}, "columns", "เลือกคอลัมน์"),
        ({"columns": ["first_name", "password"]}, "columns", "password"),
        ({"file_format": "pdf"}, "file_format", "pdf"),
    ],
)
def test_a_post_without_a_purpose_or_columns_is_refused_in_thai(
    client, make_user, data, field, message
) -> None:  # type: ignore[no-untyped-def]
    response = _post(client, make_user(Role.ADMIN), **data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not ExportJob.objects.exists() and not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize(
    ("role", "unit", "expected"),
    [
        (Role.DISTRICT_STAFF, "BMA-D1006", ["1006"]),
        (Role.DISTRICT_STAFF, "BMA-D1001", ["1001"]),
        (Role.PROVINCIAL_STAFF, "PLO-50", ["5001"]),
        (Role.PROVINCIAL_STAFF, "PLO-51", ["5101"]),
        (Role.DEPARTMENT_STAFF, None, ["1001", "1006"]),
    ],
)
def test_a_file_holds_only_the_officers_own_area(client, make_user, role, unit, expected) -> None:  # type: ignore[no-untyped-def]
    people = _people()
    user = make_user(role, unit_code=unit)
    response = _post(client, user, full_national_id="on")
    job = ExportJob.objects.get()
    assert response.url == reverse("imports:export_job", args=[job.pk])
    rows = _csv(_file(client, job))
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(people[d].pk for d in expected)
    for district, person in people.items():
        shown = str(person.national_id) in "".join(",".join(r) for r in rows)
        assert shown == (district in expected), (district, shown)
    written = AuditEvent.objects.get(action="export", changes__read="registry_export")
    assert written.actor == user and written.changes["purpose"] == PURPOSE
    assert written.changes["rows"] == len(expected) and written.changes["full_national_id"] is True
    assert written.changes["columns"] == ["id", *ALL_COLUMNS] and written.ip_address == "127.0.0.1"
    downloaded = AuditEvent.objects.get(action="export", changes__read="export_download")
    assert downloaded.changes["export_job"] == job.pk


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.DPO, Role.POLICY_STAFF])
def test_roles_that_read_without_registering_export_masked_ids(client, make_user, role) -> None:  # type: ignore[no-untyped-def]
    people = _people()
    user = make_user(role, unit_code="MOL-ILPO" if role == Role.POLICY_STAFF else None)
    client.force_login(user)
    assert "full_national_id" not in client.get(reverse("imports:export")).context["form"].fields
    _post(client, user, full_national_id="on")  # a hand-made request: the field is not there
    rows = _csv(_file(client, ExportJob.objects.get()))
    text = "".join(",".join(r) for r in rows)
    assert rows[1][1].startswith("x-xxxx-xxxxx-xx-")
    assert not any(str(p.national_id) in text for p in people.values())
    assert AuditEvent.objects.get(changes__read="registry_export").changes["full_national_id"] is False
    with pytest.raises(DomainError):
        exports.export_job_create(user=user, query="", file_format="csv", columns=["national_id"],
                                  full_ids=True, purpose=PURPOSE)  # fmt: skip


def test_the_columns_the_filters_and_xlsx(client, make_user) -> None:  # type: ignore[no-untyped-def]
    people = _people()
    user = make_user(Role.ADMIN)
    _post(client, user, file_format="xlsx", columns=["first_name", "last_name"], district="1001")
    job = ExportJob.objects.get()
    sheet = openpyxl.load_workbook(io.BytesIO(_file(client, job)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [("ลำดับในระบบ", "ชื่อ", "นามสกุล"), (people["1001"].pk, "สมศรี", "'@รักงาน")]
    assert AuditEvent.objects.get(changes__read="registry_export").changes["filters"] == {"district": "1001"}


def test_formulas_are_neutralised(client, make_user) -> None:  # type: ignore[no-untyped-def]
    _people()
    _post(
        client,
        make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"),
        columns=["first_name", "last_name", "phone"],
    )
    rows = _csv(_file(client, ExportJob.objects.get()))
    assert rows[1][1:] == ['\'=HYPERLINK("x")', "'+ใจดี", "'-1"]


def test_a_large_export_runs_on_the_task_queue_with_progress(
    client, make_user, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _people()
    monkeypatch.setattr(exports, "INLINE_LIMIT", 1)
    user = make_user(Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post(client, user, file_format="xlsx")
    job = ExportJob.objects.get()
    assert len(queued) == 1 and job.status == ImportStatus.PENDING
    waiting = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "export-download" not in waiting
    queued[0]()  # the worker runs the task
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.rows_done == 4 and job.expires_at is not None
    page = client.get(response.url).content.decode()
    assert "ดาวน์โหลดไฟล์" in page and "ดาวน์โหลดได้ถึง" in page
    assert openpyxl.load_workbook(io.BytesIO(_file(client, job)), read_only=True).worksheets[0].max_row == 5


def test_a_failed_export_leaves_no_file_and_says_so(
    client, make_user, monkeypatch, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    _people()

    def broken(user, queryset, path, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        path.write_text("half")
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_csv", broken)
    response = _post(client, make_user(Role.ADMIN))
    job = ExportJob.objects.get()
    assert job.status == ImportStatus.FAILED and not job.file_path
    assert list((tmp_path / "imports").glob("export-*")) == []
    assert "โปรดส่งออกอีกครั้ง" in client.get(response.url).content.decode()
    assert client.get(reverse("imports:export_download", args=[job.pk])).status_code == 302
    assert not AuditEvent.objects.filter(action="export").exists()


def test_files_are_removed_after_their_expiry(client, make_user, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    _people()
    user = make_user(Role.ADMIN)
    _post(client, user)
    _post(client, user)
    old, new = ExportJob.objects.order_by("pk")
    assert new.expires_at and new.finished_at and new.expires_at - new.finished_at == dt.timedelta(hours=24)
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "deleted 1" in out.getvalue()
    old.refresh_from_db()
    assert old.purged_at is not None and not old.file_path
    assert [p.name for p in (tmp_path / "imports").glob("export-*")] == [Path(new.file_path).name]
    assert client.get(reverse("imports:export_download", args=[old.pk])).status_code == 302
    listing = client.get(reverse("imports:export")).content.decode()
    assert "ลบแล้ว" in listing


def test_a_stuck_export_is_marked_failed_by_the_purge(make_user) -> None:  # type: ignore[no-untyped-def]
    job = ExportJob.objects.create(
        created_by=make_user(Role.ADMIN), status=ImportStatus.RUNNING, purpose=PURPOSE
    )
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    exports.purge_exports()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.error


def test_executives_may_not_export(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.EXECUTIVE))
    assert client.get(reverse("imports:export")).status_code == 403
    assert _post(client, make_user(Role.EXECUTIVE)).status_code == 403
