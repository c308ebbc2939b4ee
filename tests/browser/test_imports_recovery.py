"""An import whose process died: its page says so and offers to go on from the next row; the district's
officer resumes it and sees it finish with every good row."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.imports.models import ImportBatch, ImportStatus
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.registry.models import Consent, Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogues(db):  # type: ignore[no-untyped-def]
    from django.apps import apps

    from nokrabob.imports import synonyms_seed
    from nokrabob.registry import reference

    reference.load(apps)
    synonyms_seed.load(apps)


class Crash(BaseException):
    """Stands for the worker being killed: none of the import's own clean-up runs."""


def _rows(count: int) -> list[list[str]]:
    return [
        [str(i), make_national_id(f"1{10_000 + i:011d}"), f"นายคนที่{i} ทดสอบ", "", "05/01/2510", "0812345678",
         str(i), "คลองจั่น", "บางกะปิ", "กทม.", "หาบเร่", "", ""]
        for i in range(count)
    ]  # fmt: skip


def test_resume_an_interrupted_import(page, login, screenshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    user = login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    path = write_csv(tmp_path / "list.csv", _rows(120))
    batch = batch_create(actor=user, path=path, file_name="รายชื่อหาบเร่.csv")

    def die(counts, total) -> None:  # type: ignore[no-untyped-def]
        if counts.done >= 40:
            raise Crash

    with pytest.raises(Crash):
        run_batch(batch.pk, chunk_rows=20, on_progress=die)
    gone = subprocess.Popen(["true"])
    gone.wait()
    ImportBatch.objects.filter(pk=batch.pk).update(worker_pid=gone.pid)
    assert Person.objects.count() == Consent.objects.count() == 40

    page.goto(f"/imports/{batch.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("หยุดกลางคัน")
    expect(page.get_by_test_id("progress")).to_contain_text("40")
    screenshot(page, "imports-interrupted")
    page.get_by_test_id("resume").click()
    expect(page.get_by_test_id("status")).to_have_text("เสร็จสิ้น")
    expect(page.get_by_test_id("created")).to_have_text("120")
    screenshot(page, "imports-resumed")
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.DONE
    assert Person.objects.count() == Consent.objects.count() == 120


def test_a_sound_alike_of_another_district_is_named_by_its_office_only(
    page, login, screenshot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.accounts.models import User

    admin = User.objects.create_user(username="admin-seed", role=Role.ADMIN)
    bang_kapi = _rows(1)
    bang_kapi[0][2], bang_kapi[0][5] = "นายสมศักดิ์ ใจดี", "0899999999"
    run_batch(batch_create(actor=admin, path=write_csv(tmp_path / "a.csv", bang_kapi), file_name="a.csv").pk)
    officer = login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    row = ["1", make_national_id("310170020341"), "นายสมสัก ใจดี", "", "05/01/2510", "0811111111", "1",
           "พระบรมมหาราชวัง", "พระนคร", "กทม.", "หาบเร่", "", ""]  # fmt: skip
    run_batch(batch_create(actor=officer, path=write_csv(tmp_path / "b.csv", [row]), file_name="b.csv").pk)
    page.goto("/imports/review/")
    item = page.get_by_test_id("review-item")
    expect(item).to_have_count(1)
    expect(page.get_by_test_id("other-office")).to_contain_text("สำนักงานเขตบางกะปิ")
    expect(item).not_to_contain_text("0899999999")
    expect(item).not_to_contain_text(bang_kapi[0][1])
    expect(item.get_by_role("button", name="รวมกับบุคคลในทะเบียน")).to_have_count(0)
    screenshot(page, "review-other-office")
    page.goto("/imports/")
    expect(page.get_by_test_id("batches")).to_contain_text("b.csv")
    screenshot(page, "job-list")
