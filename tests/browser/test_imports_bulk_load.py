"""The bulk load as it runs for real: outside any test transaction, chunk by chunk, each chunk committed
(the browser suite's setting). No browser needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction

from nokrabob.accounts.roles import Role
from nokrabob.imports import store
from nokrabob.imports.models import ImportStatus
from nokrabob.imports.sample_lists import Manifest, generate
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.registry.models import Consent, Person, PersonOccupation, WelfareRecord

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogues(db):  # type: ignore[no-untyped-def]
    """The flush empties the tables data migrations filled: put the catalogues back."""
    from django.apps import apps

    from nokrabob.imports import synonyms_seed
    from nokrabob.registry import reference

    reference.load(apps)
    synonyms_seed.load(apps)


@pytest.fixture
def messy_file(tmp_path: Path) -> tuple[Path, Manifest]:
    path = tmp_path / "dlt-list.csv"
    return path, generate(path, 300, seed=11, bad_every=20, dup_every=45)


def _setting(sql: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_committed_chunks_write_every_good_row_and_leave_the_connection_as_it_was(messy_file, make_user):  # type: ignore[no-untyped-def]
    path, manifest = messy_file
    batch = batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name)
    batch = run_batch(batch.pk, chunk_rows=40)  # eight chunks, eight commits
    assert batch.status == ImportStatus.DONE, batch.failure
    good = manifest.rows - len(manifest.bad) - len(manifest.duplicates)
    people = Person.objects.filter(import_batch=batch)
    assert batch.rows_created == good == people.count()
    assert Consent.objects.filter(person__import_batch=batch).count() == good
    assert PersonOccupation.objects.filter(person__import_batch=batch).exists()
    assert WelfareRecord.objects.filter(person__import_batch=batch).exists()
    assert not people.filter(responsible_unit__isnull=True, province_code="10").exists()
    if connection.vendor == "postgresql":
        assert store.dangling_keys(batch.pk) == []
        assert _setting("SHOW session_replication_role") == "origin"
        assert _setting("SHOW synchronous_commit") == "on"
    else:
        assert _setting("PRAGMA foreign_keys") == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_batch_check_finds_a_key_that_points_at_nothing(messy_file, make_user):  # type: ignore[no-untyped-def]
    path, _manifest = messy_file
    batch = run_batch(batch_create(actor=make_user(Role.ADMIN), path=path, file_name=path.name).pk)
    assert store.dangling_keys(batch.pk) == []
    person_id = PersonOccupation.objects.filter(person__import_batch=batch).values_list("person", flat=True)[
        0
    ]
    with transaction.atomic():
        store.skip_row_triggers()  # what a chunk does: no per-row check
        store.execute("UPDATE registry_person SET responsible_unit_id = %s WHERE id = %s", [10**9, person_id])
        store.execute(
            "UPDATE registry_personoccupation SET occupation_id = %s WHERE person_id = %s", [10**9, person_id]
        )
        found = store.dangling_keys(batch.pk)
        transaction.set_rollback(True)
    assert found == ["registry_person.responsible_unit_id", "registry_personoccupation.occupation_id"]
