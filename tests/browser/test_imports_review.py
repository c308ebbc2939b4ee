"""The review list: a sound-alike row waits, staff create it anyway or merge it; the export downloads only the
district's people."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.imports.sample_lists import HEADERS
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogues(db):  # type: ignore[no-untyped-def]
    from django.apps import apps

    from nokrabob.imports import synonyms_seed
    from nokrabob.registry import reference

    reference.load(apps)
    synonyms_seed.load(apps)


def _file(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for nid, name in rows:
            writer.writerow(["1", nid, name, "", "5 ม.ค. 2510", "0812345678", "1", "คลองจั่น", "บางกะปิ", "กทม.",
                             "หาบเร่", "", ""])  # fmt: skip
    return path


def test_review_sound_alike_rows(page, login, screenshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    user = login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    run_batch(batch_create(actor=user, path=_file(tmp_path / "a.csv", [(make_national_id("110170020345"),
              "นายประเสริฐ ใจดี")]), file_name="a.csv").pk)  # fmt: skip
    second = batch_create(
        actor=user,
        path=_file(
            tmp_path / "b.csv", [(make_national_id("310170020345"), "นายประเสริด ใจดี"), ("", "นายประเสริฐ ใจดี")]
        ),
        file_name="b.csv",
    )
    run_batch(second.pk)
    page.goto("/imports/")
    expect(page.locator(".msg-warning")).to_contain_text("2 แถว")
    page.get_by_role("link", name="รอตรวจสอบซ้ำ").first.click()
    items = page.get_by_test_id("review-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("ประเสริด")
    expect(items.first).to_contain_text("นายประเสริฐ ใจดี")
    screenshot(page, "review")
    items.first.get_by_role("button", name="สร้างเป็นบุคคลใหม่").click()
    expect(page.locator(".msg-success")).to_contain_text("เป็นบุคคลใหม่แล้ว")
    expect(page.get_by_test_id("review-item")).to_have_count(1)
    page.get_by_test_id("review-item").get_by_role("button", name="รวมกับบุคคลในทะเบียน").click()
    expect(page.locator(".msg-success")).to_contain_text("รวมข้อมูลเข้ากับ")
    expect(page.get_by_test_id("review-empty")).to_be_visible()
    assert Person.objects.count() == 2
    screenshot(page, "review-done")


def test_district_export_from_the_page(page, login, tmp_path) -> None:  # type: ignore[no-untyped-def]
    Person.objects.create(first_name="บางกะปิ", district_code="1006", province_code="10")
    Person.objects.create(first_name="พระนคร", district_code="1001", province_code="10")
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    page.goto("/imports/")
    page.get_by_test_id("export-page").click()
    page.check("input[name=file_format][value=csv]")
    page.fill("textarea[name=purpose]", "ส่งรายชื่อให้สำนักงานประกันสังคม")
    page.get_by_test_id("export-submit").click()
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    with open(download.value.path(), encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert [r[3] for r in rows[1:]] == ["บางกะปิ"]
