"""PostgreSQL: the batch's set-based foreign-key check (ADR 0305/0306) finds a key that points at nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from nokrabob.imports import store
from nokrabob.imports.models import ImportBatch
from nokrabob.imports.normalise import COLUMNS, PERSON_WIDTH
from nokrabob.registry.models import Occupation

pytestmark = pytest.mark.django_db

MISSING = 987_654_321


@pytest.fixture(autouse=True)
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the per-row checks are skipped, and checked per batch, only on PostgreSQL")


def _person(batch: ImportBatch, national_id: str, **keys: int | None) -> int:
    columns = store.person_row_columns(COLUMNS[:PERSON_WIDTH])
    constants = store.person_constants(
        now="2026-11-21 09:00:00+07", batch_id=batch.pk, actor_id=None, written=columns
    )
    constants.update(keys)
    pk = store.allocate_ids(store.PERSON_TABLE, 1)[0]
    row = (pk, national_id, "นาย", "สมชาย", "ใจดี", "M", "1980-01-05", "", "", "", "", "", "100101", "1001",
           "10", "10200", None, "สม", "จด", None)  # fmt: skip
    store.insert_rows(store.PERSON_TABLE, columns, [row], constants)
    return pk


def test_a_clean_batch_has_no_dangling_key() -> None:
    batch = ImportBatch.objects.create(file_name="a.csv")
    above = store.highest_ids()
    pk = _person(batch, "1101700203468")
    occupation = Occupation.objects.first()
    assert occupation is not None
    store.insert_rows(
        "registry_personoccupation", store.OCCUPATION_ROW_COLUMNS, [(pk, occupation.pk)],
        store.occupation_constants(marker="m"),
    )  # fmt: skip
    assert store.dangling_keys(batch.pk, above) == []


def test_keys_written_without_the_row_checks_are_named_when_they_point_at_nothing() -> None:
    batch = ImportBatch.objects.create(file_name="b.csv")
    above = store.highest_ids()
    store.skip_row_triggers()  # as a chunk does: no per-row check in this transaction
    pk = _person(batch, "1101700203468", created_by_id=MISSING)
    store.insert_rows(
        "registry_personoccupation", store.OCCUPATION_ROW_COLUMNS, [(pk, MISSING)],
        store.occupation_constants(marker="m"),
    )  # fmt: skip
    store.insert_rows("registry_consent", ("person_id",), [(MISSING,)],
                      store.consent_constants(today="2026-11-21", actor_id=None))  # fmt: skip
    assert store.dangling_keys(batch.pk, above) == [
        "registry_consent.person_id",
        "registry_person.created_by_id",
        "registry_personoccupation.occupation_id",
    ]


def test_rows_from_before_the_batch_are_not_its_business() -> None:
    earlier = ImportBatch.objects.create(file_name="c.csv")
    store.skip_row_triggers()
    store.insert_rows("registry_consent", ("person_id",), [(MISSING,)],
                      store.consent_constants(today="2026-11-21", actor_id=None))  # fmt: skip
    batch = ImportBatch.objects.create(file_name="d.csv")
    assert earlier.pk != batch.pk
    assert store.dangling_keys(batch.pk, store.highest_ids()) == []
