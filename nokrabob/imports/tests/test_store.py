"""COPY's text format as the store writes it (PostgreSQL), checked without a database."""

import datetime as dt

import pytest

from nokrabob.imports.store import _copy_field, _copy_line, copy_text


def line(row):
    return _copy_line(row, len(row) - 1)


def test_plain_values_are_joined_with_tabs_and_none_is_null():
    assert line(("สมชาย", "", None, 7)) == "สมชาย\t\t\\N\t7"


def test_backslash_tab_newline_and_cr_are_escaped():
    assert line(("a\\b", "c\td", None)) == "a\\\\b\tc\\td\t\\N"
    assert line(("x\ny", "\r")) == "x\\ny\t\\r"


def test_a_value_that_looks_like_the_null_marker_stays_text():
    assert line(("\\N", None)) == "\\\\N\t\\N"


def test_shared_values_bools_and_dates():
    assert _copy_field(True) == "t"
    assert _copy_field(False) == "f"
    assert _copy_field(dt.date(2026, 1, 5)) == "2026-01-05"
    assert _copy_field(dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.UTC)) == "2026-01-05T08:30:00+00:00"
    assert line((True, None, 3)) == "t\t\\N\t3"


SUFFIX = "\tshared\t\\N\n"


def test_a_chunk_is_the_lines_of_its_rows_each_with_the_shared_columns():
    rows = [("สมชาย", None, 7), ("สมศรี", "081", None)]
    assert copy_text(rows, SUFFIX) == "".join(line(row) + SUFFIX for row in rows)
    assert copy_text(rows, SUFFIX) == "สมชาย\t\\N\t7" + SUFFIX + "สมศรี\t081\t\\N" + SUFFIX


def test_one_value_to_escape_sends_the_whole_chunk_down_the_careful_path():
    for odd in ("a\tb", "a\nb", "a\rb", "a\\b", "\\N"):
        rows = [("plain", None), (odd, "x"), ("also plain", "")]
        assert copy_text(rows, SUFFIX) == "".join(line(row) + SUFFIX for row in rows), odd
    assert copy_text([("\\N", None)], "\n") == "\\\\N\t\\N\n"


def test_an_empty_chunk_is_no_text():
    assert copy_text([], SUFFIX) == ""


@pytest.mark.django_db
def test_an_import_and_its_rollback_leave_fresh_planner_statistics(messy_file, make_user) -> None:  # type: ignore[no-untyped-def]
    """After a bulk load the planner knows the tables' sizes without anyone running ANALYZE by hand."""
    from django.db import connection

    from nokrabob.accounts.roles import Role
    from nokrabob.imports import store
    from nokrabob.imports.rollback import batch_rollback
    from nokrabob.imports.services import batch_create, run_batch

    def analysed_people() -> int:
        if connection.vendor == "postgresql":
            return store.select(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [store.PERSON_TABLE]
            )[0][0]
        rows = store.select(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL", [store.PERSON_TABLE]
        )
        rows = rows or store.select("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [store.PERSON_TABLE])
        return int(rows[0][0].split()[0]) if rows else -1

    path, _manifest = messy_file
    admin = make_user(Role.ADMIN)
    batch = run_batch(batch_create(actor=admin, path=path, file_name=path.name).pk)
    assert batch.rows_created > 100
    assert analysed_people() == batch.rows_created
    batch_rollback(actor=admin, batch=batch)
    assert analysed_people() in (0, -1)  # analysed again: empty (SQLite keeps no row for an empty table)


def test_statistics_are_refreshed_only_after_a_change_that_matters() -> None:
    from nokrabob.imports import store

    assert store.statistics_stale(5, 0) and store.statistics_stale(100, 1000)
    assert not store.statistics_stale(99, 1000) and not store.statistics_stale(0, 0)
    assert store.statistics_stale(10_000, 10_000_000)


@pytest.mark.django_db
def test_indexes_built_after_a_load_have_planner_statistics() -> None:
    """SQLite keeps statistics per index: the indexes a bulk load rebuilds at its end must have theirs, or
    the planner guesses (an area index taken for ten rows read 400,000 at a million people)."""
    from django.db import connection

    from nokrabob.imports import store
    from nokrabob.reports.tests.people import add_person

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's statistics are per column: a rebuilt index needs none of its own")
    for n in range(1, 6):
        add_person(n, "100101")  # SQLite writes no statistics for an empty index
    dropped = store.drop_secondary_indexes()
    if store.select("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'", []):
        store.execute("DELETE FROM sqlite_stat1")
    store.create_secondary_indexes(dropped)
    analysed = {row[0] for row in store.select("SELECT idx FROM sqlite_stat1", [])}
    rebuilt = {name for name, _sql in dropped}
    assert {"person_area", "person_birth_date", "person_name"} <= rebuilt & analysed
