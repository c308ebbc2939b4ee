"""Importing through the browser: a Windows-874 CSV and an XLSX, with the progress panel; the review list;
the export link. Screenshots land in test-artifacts/."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.imports.models import ImportBatch, ImportStatus
from nokrabob.imports.sample_lists import generate
from nokrabob.registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogues(db):  # type: ignore[no-untyped-def]
    """The browser suite's flush empties the tables data migrations filled: put the catalogues back."""
    from django.apps import apps

    from nokrabob.imports import synonyms_seed
    from nokrabob.registry import reference

    reference.load(apps)
    synonyms_seed.load(apps)


def _upload(page, path: Path, source: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/imports/")
    page.get_by_test_id("new-import").click()
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=source_name]", source)
    page.click("form button.primary")
    expect(page.locator("h1")).to_contain_text("จับคู่คอลัมน์")


def test_windows_874_csv_dry_run_then_import(page, login, screenshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "dlt-tis620.csv"
    manifest = generate(path, 120, seed=3, bad_every=15, dup_every=50, encoding="cp874", provinces=("10",))
    login(page, Role.DEPARTMENT_STAFF)
    _upload(page, path, "กรมการขนส่งทางบก")
    expect(page.get_by_test_id("encoding")).to_have_text("Windows-874 (ภาษาไทย)")
    expect(page.get_by_test_id("preview")).to_contain_text("แขวง")
    expect(page.locator("select[name=col_national_id]")).to_have_value("1")
    screenshot(page, "mapping")
    page.get_by_test_id("dry-run").click()
    expect(page.get_by_test_id("progress")).to_contain_text("ผลการทดลองนำเข้า")
    good = manifest.rows - len(manifest.bad) - len(manifest.duplicates)
    expect(page.get_by_test_id("created")).to_have_text(str(good))
    expect(page.get_by_test_id("rejected")).to_have_text(str(len(manifest.bad) + len(manifest.duplicates)))
    expect(page.get_by_test_id("errors")).to_contain_text(str(min(manifest.bad)))
    assert Person.objects.count() == 0
    screenshot(page, "dry-run")
    with page.expect_download() as download:
        page.get_by_test_id("errors-csv").click()
    with open(download.value.path(), encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert {int(r[0]) for r in rows[1:]} == set(manifest.bad) | set(manifest.duplicates)
    page.get_by_test_id("commit").click()
    expect(page.get_by_test_id("status")).to_have_text("เสร็จสิ้น")
    expect(page.get_by_test_id("rows-done")).to_contain_text(
        f"ประมวลผลแล้ว {manifest.rows} จาก {manifest.rows} แถว (100%)"
    )
    expect(page.get_by_test_id("created")).to_have_text(str(good))
    assert Person.objects.count() == good
    screenshot(page, "imported")


def test_xlsx_import_and_reimport_is_a_no_op(page, login, screenshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "list.csv"
    manifest = generate(source, 60, seed=8, bad_every=0, dup_every=0)
    book = openpyxl.Workbook()
    sheet = book.active
    with source.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    path = tmp_path / "list.xlsx"
    book.save(path)
    login(page, Role.ADMIN)
    for attempt in ("first", "again"):
        _upload(page, path, "สำนักงานเขต")
        page.get_by_test_id("import").click()
        expect(page.get_by_test_id("status")).to_have_text("เสร็จสิ้น")
        screenshot(page, f"xlsx-{attempt}")
    expect(page.get_by_test_id("created")).to_have_text("0")
    expect(page.get_by_test_id("unchanged")).to_have_text(str(manifest.rows))
    assert Person.objects.count() == manifest.rows
    page.goto("/imports/")
    expect(page.get_by_test_id("batches").locator("tbody tr")).to_have_count(2)
    screenshot(page, "list")


def test_progress_is_polled_while_a_batch_runs(page, login, screenshot) -> None:  # type: ignore[no-untyped-def]
    user = login(page, Role.DEPARTMENT_STAFF)
    from django.utils import timezone

    batch = ImportBatch.objects.create(
        file_name="big.csv", created_by=user, unit=user.unit, status=ImportStatus.RUNNING, rows_total=1000,
        rows_done=100, started_at=timezone.now(), mapping={"first_name": 0},
    )  # fmt: skip
    page.goto(f"/imports/{batch.pk}/")
    expect(page.get_by_test_id("rows-done")).to_contain_text("ประมวลผลแล้ว 100 จาก 1000 แถว (10%)")
    expect(page.get_by_test_id("cancel")).to_be_visible()
    ImportBatch.objects.filter(pk=batch.pk).update(rows_done=600, rows_rejected=7)
    expect(page.get_by_test_id("rows-done")).to_contain_text("ประมวลผลแล้ว 600 จาก 1000 แถว (60%)")
    expect(page.get_by_test_id("rows-done")).to_contain_text("ข้อผิดพลาด 7 แถว")
    expect(page.get_by_test_id("rows-done")).to_contain_text("เหลือเวลาประมาณ")
    screenshot(page, "running")
    page.get_by_test_id("cancel").click()
    expect(page.locator(".msg")).to_contain_text("ส่งคำขอยกเลิกแล้ว")
    assert ImportBatch.objects.get(pk=batch.pk).cancel_requested
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.CANCELLED)
    expect(page.get_by_test_id("status")).to_have_text("ยกเลิก")
    screenshot(page, "cancelled")
