"""An income that cannot be stored faithfully is a row error, never stored and never a batch failure."""

from __future__ import annotations

import importlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.core.errors import DomainError
from nokrabob.imports.normalise import parse_income
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.imports.tests.test_values_to_map import _row
from nokrabob.registry.models import Person
from nokrabob.registry.national_id import make_national_id
from nokrabob.registry.validation import clean_person_fields, income_limit

TOO_LARGE = "รายได้สูงเกินกว่าที่บันทึกได้ (ไม่เกิน 99,999,999.99 บาท)"
NOT_A_NUMBER = "รายได้ต้องเป็นตัวเลข"
EXPONENT = "เขียนรายได้เป็นตัวเลขธรรมดา เช่น 15000 ไม่ใช้รูปแบบเลขยกกำลัง (เช่น 1e30)"


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("9000", "9000.00"), ("9,000", "9000.00"), ("๙,๐๐๐", "9000.00"), ("15000.50 บาท", "15000.50"),
        ("฿ 1,500", "1500.00"), ("+200", "200.00"), ("0", "0.00"), ("-0", "0.00"), (".5", "0.50"),
        ("7.", "7.00"), ("1500.555", "1500.56"), ("99999999.99", "99999999.99"), ("099999999", "99999999.00"),
        ("00000000000000000012", "12.00"),
    ],
)  # fmt: skip
def test_plain_amounts_are_read(raw: str, amount: str) -> None:
    assert parse_income(raw) == (amount, "")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12345678901234567890123", TOO_LARGE), ("100000000", TOO_LARGE), ("99999999.995", TOO_LARGE),
        ("1" * 400, TOO_LARGE), ("1e30", EXPONENT), ("1E+30", EXPONENT), ("1.2e22", EXPONENT),
        ("5e2", EXPONENT), ("-1e3", EXPONENT), ("NaN", NOT_A_NUMBER), ("nan", NOT_A_NUMBER),
        ("inf", NOT_A_NUMBER), ("Infinity", NOT_A_NUMBER), ("-Infinity", NOT_A_NUMBER),
        ("1_000", NOT_A_NUMBER), ("15 000", NOT_A_NUMBER), ("ไม่แน่นอน", NOT_A_NUMBER), ("0x10", NOT_A_NUMBER),
        ("1.2.3", NOT_A_NUMBER), ("-", NOT_A_NUMBER),
        ("-5", "รายได้ต้องไม่ติดลบ"),
    ],
)  # fmt: skip
def test_amounts_the_column_cannot_hold_are_refused_with_their_reason(raw: str, message: str) -> None:
    assert parse_income(raw) == (None, message)


def test_the_limit_is_the_model_s_column() -> None:
    field = Person._meta.get_field("monthly_income")
    assert income_limit() == (field.decimal_places, Decimal(10) ** (field.max_digits - field.decimal_places))  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_huge_and_exponent_incomes_are_row_errors_and_the_valid_rows_import(
    tmp_path: Path, make_user
) -> None:  # type: ignore[no-untyped-def]
    ids = [make_national_id(f"31017002{n:04d}") for n in range(6)]
    rows = [
        _row(ids[0], "นายหนึ่ง ดี", "", "", income="12345678901234567890123"),
        _row(ids[1], "นายสอง ดี", "", "", income="1e30"),
        _row(ids[2], "นายสาม ดี", "", "", income="NaN"),
        _row(ids[3], "นายสี่ ดี", "", "", income="15,000"),
        _row(ids[4], "นายห้า ดี", "", "", income=""),
    ]
    admin = make_user(Role.ADMIN)
    batch = run_batch(
        batch_create(actor=admin, path=write_csv(tmp_path / "l.csv", rows), file_name="l.csv").pk
    )
    assert batch.status == "done" and (batch.rows_created, batch.rows_rejected) == (2, 3)
    reasons = {e.row_number: e.reasons for e in batch.row_errors.all()}
    assert reasons == {
        2: [["รายได้ต่อเดือน", TOO_LARGE]], 3: [["รายได้ต่อเดือน", EXPONENT]], 4: [["รายได้ต่อเดือน", NOT_A_NUMBER]],
    }  # fmt: skip
    assert dict(Person.objects.values_list("national_id", "monthly_income")) == {
        ids[3]: Decimal("15000"),
        ids[4]: None,
    }


@pytest.mark.django_db
def test_spreadsheet_numbers_too_large_for_the_column_are_row_errors(tmp_path: Path, make_user) -> None:  # type: ignore[no-untyped-def]
    from bench.imports.generate import HEADERS

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    ids = [make_national_id(f"31017003{n:04d}") for n in range(3)]
    for nid, income in zip(ids, (1.2e22, 1e30, 12500.5), strict=True):
        row: list[object] = [*_row(nid, "นายทดสอบ ตัวเลข", "", "")[:-1], income]
        sheet.append(row)
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    batch = run_batch(batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name).pk)
    assert batch.status == "done" and (batch.rows_created, batch.rows_rejected) == (1, 2)
    assert Person.objects.get().monthly_income == Decimal("12500.50")


@pytest.mark.django_db
def test_the_registry_refuses_an_income_the_column_cannot_hold() -> None:
    fields = {"first_name": "ทดสอบ", "district_code": "1006", "monthly_income": Decimal("100000000")}
    with pytest.raises(DomainError, match="รายได้สูงเกินกว่าที่บันทึกได้"):
        clean_person_fields(fields, sensitive_allowed=False)
    for amount in ("100000000", "-1"):
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            Person.objects.create(
                first_name="ก", district_code="1006", province_code="10", monthly_income=amount
            )


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite ever stored such an amount")
def test_an_amount_stored_before_is_cleared_and_the_list_pages_answer(client, make_user) -> None:  # type: ignore[no-untyped-def]
    person = Person.objects.create(first_name="ก", district_code="1006", province_code="10")
    with connection.cursor() as cursor:  # as it was before the constraint
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute("UPDATE registry_person SET monthly_income = %s WHERE id = %s", [1.2e22, person.pk])
        cursor.execute("PRAGMA ignore_check_constraints = OFF")
    migration = importlib.import_module("nokrabob.registry.migrations.0006_person_income_in_range")

    class Editor:
        @staticmethod
        def execute(sql: str, params: list[int]) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    migration.clear_unstorable_incomes(None, Editor())
    client.force_login(make_user(Role.ADMIN))
    assert client.get(reverse("registry:person_list")).status_code == 200
    assert client.get(reverse("registry:person_detail", args=[person.pk])).status_code == 200
    person.refresh_from_db()
    assert person.monthly_income is None and person.first_name == "ก"
