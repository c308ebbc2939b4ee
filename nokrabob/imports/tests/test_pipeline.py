"""The pipeline end to end through its services: report, upsert, dry run, review, scope, rollback, cancel."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.imports import error_report
from nokrabob.imports.models import ImportBatch, ImportReviewItem, ImportSnapshot, ImportStatus
from nokrabob.imports.rollback import batch_rollback
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.registry.models import Consent, Person, PersonOccupation, WelfareRecord
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db


def _import(path: Path, actor, **kwargs):  # type: ignore[no-untyped-def]
    batch = batch_create(actor=actor, path=path, file_name=path.name, dry_run=kwargs.pop("dry_run", False))
    return run_batch(batch.pk, **kwargs)


def test_error_report_names_every_planted_bad_row_and_no_good_one(messy_file, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path, manifest = messy_file
    batch = _import(path, make_user(Role.ADMIN))
    assert batch.status == ImportStatus.DONE
    report = error_report.write_csv(batch, tmp_path / "errors.csv")
    with report.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    reported = {int(r[0]) for r in rows[1:]}
    assert reported == set(manifest.bad) | set(manifest.duplicates)
    for number, earlier in manifest.duplicates.items():
        reason = next(r[1] for r in rows[1:] if int(r[0]) == number)
        assert f"แถวที่ {earlier}" in reason
    good = manifest.rows - len(manifest.bad) - len(manifest.duplicates)
    assert batch.rows_created == good == Person.objects.filter(import_batch=batch).count()
    assert batch.rows_rejected == len(reported)
    assert batch.rows_duplicate == len(manifest.duplicates)
    # every created person has the lawful basis recorded and knows its batch
    assert Consent.objects.filter(person__import_batch=batch, channel="import").count() == good
    # an audit row for each committed chunk, with what it wrote, and one for the whole batch
    events = AuditEvent.objects.filter(action="import", target_id=str(batch.pk))
    parts = [e.changes for e in events if "part" in e.changes]
    assert parts and sum(p["created"] for p in parts) == good
    (summary,) = [e.changes for e in events if "part" not in e.changes]
    assert summary["created"] == good


def test_reimport_of_the_same_file_changes_nothing(messy_file, make_user) -> None:  # type: ignore[no-untyped-def]
    path, _manifest = messy_file
    admin = make_user(Role.ADMIN)
    first = _import(path, admin)
    before = list(Person.objects.order_by("pk").values())
    occupations, welfare = PersonOccupation.objects.count(), WelfareRecord.objects.count()
    second = _import(path, admin)
    assert second.rows_created == 0 and second.rows_updated == 0
    assert second.rows_unchanged == first.rows_created
    assert list(Person.objects.order_by("pk").values()) == before
    assert (PersonOccupation.objects.count(), WelfareRecord.objects.count()) == (occupations, welfare)


def test_dry_run_counts_and_writes_nothing(messy_file, make_user) -> None:  # type: ignore[no-untyped-def]
    path, manifest = messy_file
    batch = _import(path, make_user(Role.ADMIN), dry_run=True)
    assert batch.status == ImportStatus.DONE
    assert batch.rows_created == manifest.rows - len(manifest.bad) - len(manifest.duplicates)
    assert batch.row_errors.count() == batch.rows_rejected > 0
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def _one(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    return write_csv(tmp_path / name, rows)


def _row(nid: str, name: str, birth: str = "05/01/2510", phone: str = "0812345678",
         district: str = "เขตบางกะปิ", sub: str = "แขวงคลองจั่น") -> list[str]:  # fmt: skip
    return [
        "1",
        nid,
        name,
        "",
        birth,
        phone,
        "12/3",
        sub,
        district,
        "กรุงเทพมหานคร",
        "วินมอเตอร์ไซค์",
        "ม.40",
        "",
    ]


def test_update_then_rollback_restores_previous_values(tmp_path, make_user) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(Role.ADMIN)
    a, b = make_national_id("110170020345"), make_national_id("110170020346")
    first = _import(_one(tmp_path, "a.csv", [_row(a, "นายสมชาย ใจดี"), _row(b, "นางสมศรี รักงาน")]), admin)
    assert first.rows_created == 2
    second = _import(
        _one(tmp_path, "b.csv", [_row(a, "นายสมชาย ใจดี", phone="0899999999"),
                                  _row(make_national_id("110170020347"), "นายมานะ มั่นคง", birth="1/2/2520")]),
        admin,
    )  # fmt: skip
    assert (second.rows_created, second.rows_updated, second.rows_unchanged) == (1, 1, 0)
    person = Person.objects.get(national_id=a)
    assert person.phone == "0899999999" and person.import_batch_id == second.pk
    assert ImportSnapshot.objects.filter(batch=second, person_id=person.pk).exists()
    # the first batch cannot be rolled back while the second changed its people
    from nokrabob.core.errors import DomainError

    with pytest.raises(DomainError):
        batch_rollback(actor=admin, batch=first)
    counts = batch_rollback(actor=admin, batch=second)
    assert counts == {"removed": 1, "restored": 1}
    person.refresh_from_db()
    assert person.phone == "0812345678" and person.import_batch_id == first.pk
    assert not Person.objects.filter(national_id=make_national_id("110170020347")).exists()
    assert ImportBatch.objects.get(pk=second.pk).status == ImportStatus.ROLLED_BACK
    assert AuditEvent.objects.filter(action="delete", target_id=str(second.pk)).exists()
    batch_rollback(actor=admin, batch=ImportBatch.objects.get(pk=first.pk))
    assert not Person.objects.exists()
    assert not PersonOccupation.objects.exists() and not WelfareRecord.objects.exists()


def test_sound_alike_rows_wait_for_review(tmp_path, make_user) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(Role.ADMIN)
    _import(_one(tmp_path, "a.csv", [_row(make_national_id("110170020345"), "นายประเสริฐ ใจดี")]), admin)
    batch = _import(
        _one(tmp_path, "b.csv", [_row(make_national_id("310170020345"), "นายประเสริด ใจดี"),
                                  _row("", "นายประเสริฐ ใจดีย์")]),
        admin,
    )  # fmt: skip
    assert batch.rows_review == 2 and batch.rows_created == 0
    items = ImportReviewItem.objects.filter(batch=batch)
    assert all(i.candidate for i in items)
    assert {i.candidate.national_id for i in items if i.candidate} == {make_national_id("110170020345")}
    assert Person.objects.count() == 1


def test_rows_outside_a_district_users_area_are_rejected(tmp_path, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")  # บางกะปิ
    batch = _import(
        _one(tmp_path, "a.csv", [_row(make_national_id("110170020345"), "นายสมชาย ใจดี"),
                                  _row(make_national_id("110170020346"), "นายมานะ ดี", district="พระนคร",
                                       sub="พระบรมมหาราชวัง")]),
        user,
    )  # fmt: skip
    assert (batch.rows_created, batch.rows_rejected) == (1, 1)
    assert "อยู่นอกพื้นที่" in batch.row_errors.get().reasons[0][1]


def test_cancel_rolls_back_what_was_written(messy_file, make_user) -> None:  # type: ignore[no-untyped-def]
    path, _manifest = messy_file
    batch = batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name)

    def cancel_now(counts, total):  # type: ignore[no-untyped-def]
        ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)

    done = run_batch(batch.pk, on_progress=cancel_now, chunk_rows=50)
    assert done.status == ImportStatus.CANCELLED
    assert done.rows_done < 300
    assert not Person.objects.exists()


def test_windows_874_file_is_detected_and_read(tmp_path, make_user) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "tis.csv", [_row(make_national_id("110170020345"), "นายสมชาย ใจดี")], encoding="cp874"
    )
    batch = batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name)
    assert batch.encoding == "cp874"
    batch = run_batch(batch.pk)
    assert batch.rows_created == 1
    assert Person.objects.get().first_name == "สมชาย"


def test_helper_process_gives_the_same_result(messy_file, make_user) -> None:  # type: ignore[no-untyped-def]
    path, manifest = messy_file
    batch = batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name)
    batch = run_batch(batch.pk, workers=1, chunk_rows=40)
    assert batch.status == ImportStatus.DONE
    assert {e.row_number for e in batch.row_errors.all()} == set(manifest.bad) | set(manifest.duplicates)
    assert Person.objects.count() == manifest.rows - len(manifest.bad) - len(manifest.duplicates)
