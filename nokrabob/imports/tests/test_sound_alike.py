"""Imports find the spellings other offices write for one name: against the registry (a review item) and
within the file (rows without an ID that are one person), through the row and the column-by-column rules
alike, since both take the key from ``nokrabob.registry.names.sound_key``."""

from __future__ import annotations

from pathlib import Path

import pytest

from nokrabob.accounts.roles import Role
from nokrabob.imports.models import ImportReviewItem
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.registry.models import Person
from nokrabob.registry.national_id import make_national_id

pytestmark = pytest.mark.django_db
REGISTERED = make_national_id("110170020345")


def _import(tmp_path: Path, name: str, rows: list[list[str]], actor):  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / name, rows)
    return run_batch(batch_create(actor=actor, path=path, file_name=name).pk)


def _row(nid: str, name: str, phone: str) -> list[str]:
    return ["1", nid, name, "", "05/01/2510", phone, "12/3", "แขวงคลองจั่น", "เขตบางกะปิ", "กรุงเทพมหานคร",
            "วินมอเตอร์ไซค์", "ม.40", ""]  # fmt: skip


def test_a_row_respelled_by_another_office_waits_for_review(tmp_path, make_user) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(Role.ADMIN)
    _import(tmp_path, "a.csv", [_row(REGISTERED, "นายณรงค์ ศรีวรรณ", "0812345678")], admin)
    batch = _import(
        tmp_path,
        "b.csv",
        [_row(make_national_id("310170020345"), "นายนรงค์ สีวรรณ", "0899999999"),
         _row(make_national_id("310170020346"), "นายณรงค์ ศรีสุข", "0899999998")],
        admin,
    )  # fmt: skip
    assert (batch.rows_review, batch.rows_created) == (1, 1)
    item = ImportReviewItem.objects.get(batch=batch)
    assert item.candidate is not None and item.candidate.national_id == REGISTERED
    assert Person.objects.count() == 2


def test_rows_without_an_id_respelled_in_one_file_are_one_person(tmp_path, make_user) -> None:  # type: ignore[no-untyped-def]
    batch = _import(
        tmp_path,
        "a.csv",
        [_row("", "นาง ใบเตย ศรีวรรณ", "0812345678"), _row("", "นาง ไบเตย สีวรรณ", "0812345679"),
         _row("", "นาง ใบบัว ศรีวรรณ", "0812345670")],
        make_user(Role.ADMIN),
    )  # fmt: skip
    assert batch.rows_duplicate == 1
    assert sorted(Person.objects.values_list("first_name", flat=True)) == ["ใบบัว", "ใบเตย"]
