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
from nokrabob.registry.national_id import make_national_id

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
