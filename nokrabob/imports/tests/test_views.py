"""The pages through the Django test client, as each role uses them."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.imports.models import ImportBatch, ImportStatus, MappingTemplate
from nokrabob.registry.models import Person

pytestmark = pytest.mark.django_db


def _client(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_upload_map_dry_run_then_import(
    client, make_user, messy_file, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    path, manifest = messy_file
    c = _client(client, make_user(Role.DEPARTMENT_STAFF))
    upload = SimpleUploadedFile("dlt.csv", path.read_bytes(), content_type="text/csv")
    response = c.post(reverse("imports:upload"), {"file": upload, "source_name": "ขบ."})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:mapping", args=[batch.pk])
    page = c.get(response.url)
    assert page.status_code == 200
    assert "เลขบัตรประชาชน" in page.content.decode() and "สวัสดิการ" in page.content.decode()
    form = {f"col_{t}": str(i) for t, i in batch.mapping.items()}
    form.update(encoding="utf-8", source_name="ขบ.", save_as="รายชื่อวินจาก ขบ.", dry_run="1")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("imports:mapping", args=[batch.pk]), form)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.dry_run and batch.status == ImportStatus.DONE and not Person.objects.exists()
    assert MappingTemplate.objects.get().columns["national_id"] == "เลขบัตรประชาชน"
    detail = c.get(reverse("imports:job_detail", args=[batch.pk])).content.decode()
    assert "ผลการทดลองนำเข้า" in detail and f"แถวที่ {min(manifest.bad)}" not in detail
    assert re.search(rf'rowspan="\d">{min(manifest.bad)}</td>', detail)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("imports:job_commit", args=[batch.pk]))
    real = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert response.url == reverse("imports:job_detail", args=[real.pk])
    assert (
        real.status == ImportStatus.DONE and real.rows_created == batch.rows_created == Person.objects.count()
    )
    progress = c.get(reverse("imports:job_progress", args=[real.pk]) + "?was=active")
    assert progress["HX-Refresh"] == "true"
    assert "ประมวลผลแล้ว 300 จาก 300 แถว (100%)" in progress.content.decode()


def test_error_reports_download_as_csv_and_xlsx(client, make_user, messy_file) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports.services import batch_create, run_batch

    path, manifest = messy_file
    user = make_user(Role.ADMIN)
    batch = run_batch(batch_create(actor=user, path=path, file_name=path.name).pk)
    c = _client(client, user)
    response = c.get(reverse("imports:error_report", args=[batch.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["แถวที่", "เหตุผลที่ถูกปฏิเสธ", "ลำดับ"]
    assert {int(r[0]) for r in rows[1:]} == set(manifest.bad) | set(manifest.duplicates)
    response = c.get(reverse("imports:error_report", args=[batch.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    numbers = {r[0] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert numbers == set(manifest.bad) | set(manifest.duplicates)


@pytest.mark.parametrize(
    ("encoding", "shown"), [("cp874", "Windows-874 (ภาษาไทย)"), ("utf-8-sig", "UTF-8 (Excel)")]
)
def test_the_mapping_page_names_the_encoding_as_people_call_it(client, make_user, encoding, shown) -> None:  # type: ignore[no-untyped-def]
    text = "เลขบัตรประชาชน,ชื่อ\r\n1101700203450,สมชาย\r\n"
    c = _client(client, make_user(Role.DEPARTMENT_STAFF))
    c.post(reverse("imports:upload"), {"file": SimpleUploadedFile("a.csv", text.encode(encoding))})
    page = c.get(reverse("imports:mapping", args=[ImportBatch.objects.get().pk])).content.decode()
    assert f'data-testid="encoding">{shown}</dd>' in page
    assert encoding not in page.split('data-testid="encoding"')[1].split("</dd>")[0]


def test_bad_upload_gets_a_thai_message(client, make_user) -> None:  # type: ignore[no-untyped-def]
    c = _client(client, make_user(Role.DEPARTMENT_STAFF))
    response = c.post(reverse("imports:upload"), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "รองรับเฉพาะไฟล์ CSV และ XLSX" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_mapping_without_a_name_column_is_refused(client, make_user, messy_file) -> None:  # type: ignore[no-untyped-def]
    path, _m = messy_file
    c = _client(client, make_user(Role.DEPARTMENT_STAFF))
    c.post(reverse("imports:upload"), {"file": SimpleUploadedFile("a.csv", path.read_bytes())})
    batch = ImportBatch.objects.get()
    response = c.post(reverse("imports:mapping", args=[batch.pk]), {"col_district": "8", "import": "1"})
    assert "ต้องจับคู่คอลัมน์ชื่อ" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PENDING


def test_roles_that_may_not_import(client, make_user) -> None:  # type: ignore[no-untyped-def]
    assert _client(client, make_user(Role.ASSESSOR)).get(reverse("imports:upload")).status_code == 403
    client.logout()
    assert _client(client, make_user(Role.EXECUTIVE)).get(reverse("imports:job_list")).status_code == 403


def test_another_offices_batch_is_not_found(client, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = ImportBatch.objects.create(
        file_name="x.csv", unit=make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006").unit
    )
    c = _client(client, make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    assert c.get(reverse("imports:job_detail", args=[other.pk])).status_code == 404


def test_list_pages_do_not_query_per_row(client, make_user, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports.models import ImportReviewItem

    user = make_user(Role.ADMIN)
    for i in range(30):
        batch = ImportBatch.objects.create(file_name=f"{i}.csv", created_by=user, unit=user.unit)
        person = Person.objects.create(first_name=f"ก{i}", district_code="1006", province_code="10")
        ImportReviewItem.objects.create(batch=batch, row_number=2, fields={"first_name": "ก"},
                                        province_code="10", district_code="1006", candidate=person,
                                        reason="x")  # fmt: skip
    c = _client(client, user)
    # A fixed cost per page, never per row (30 rows here): the review list also writes its audited read
    # (up to five queries on PostgreSQL: savepoint, chain lock, head, insert, release).
    with django_assert_max_num_queries(12):
        assert c.get(reverse("imports:job_list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert c.get(reverse("imports:review_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert c.get(reverse("imports:synonym_list")).status_code == 200


def test_the_synonyms_table_names_what_each_word_means(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports.models import ValueSynonym

    ValueSynonym.objects.update_or_create(
        kind="occupation", text="แม่บ้านรายวัน", defaults={"code": "domestic_worker"}
    )
    ValueSynonym.objects.update_or_create(kind="scheme", text="ม.40", defaults={"code": "s40"})
    page = _client(client, make_user(Role.ADMIN)).get(reverse("imports:synonym_list")).content.decode()
    table = page.split('data-testid="synonyms"')[1]
    assert "ลูกจ้างทำงานบ้าน" in table and "domestic_worker" not in table
    assert "ประกันสังคม มาตรา 40</td>" in table and "s40</td>" not in table


def test_upload_size_is_limited(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORTS_MAX_UPLOAD_BYTES = 1024 * 1024
    c = _client(client, make_user(Role.DEPARTMENT_STAFF))
    big = SimpleUploadedFile("big.csv", b"a,b\n" + b"1,2\n" * (300 * 1024), content_type="text/csv")
    response = c.post(reverse("imports:upload"), {"file": big})
    assert "ไฟล์ใหญ่เกิน 1 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_saved_template_maps_the_next_file(client, make_user, messy_file) -> None:  # type: ignore[no-untyped-def]
    path, _m = messy_file
    template = MappingTemplate.objects.create(
        name="ขบ.", source_name="กรมการขนส่งทางบก", columns={"national_id": "เลขบัตรประชาชน", "district": "เขต"}
    )
    c = _client(client, make_user(Role.DEPARTMENT_STAFF))
    upload = SimpleUploadedFile("next.csv", path.read_bytes(), content_type="text/csv")
    c.post(reverse("imports:upload"), {"file": upload, "template": template.pk})
    batch = ImportBatch.objects.get()
    assert batch.mapping == {"national_id": 1, "district": 8}
    assert batch.template == template and batch.source_name == "กรมการขนส่งทางบก"
