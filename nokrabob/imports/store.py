"""Bulk writes for imports: people, their occupation and scheme links, snapshots, rejected rows.

Plain ``executemany`` on SQLite and ``COPY`` on PostgreSQL, with ids handed out up front (so the links can
be written in the same pass). Each call runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

PERSON_TABLE = "registry_person"
# Columns written for a new person, in this order (see ``person_rows`` in pipeline.py).
PERSON_INSERT_COLUMNS = (
    "id", "created_at", "updated_at", "national_id", "other_id_type", "other_id_number", "title",
    "first_name", "last_name", "first_name_latin", "last_name_latin", "sex", "birth_date", "phone",
    "house_no", "moo", "soi", "road", "subdistrict_code", "district_code", "province_code", "postal_code",
    "monthly_income", "has_disability", "disability_type", "first_name_sound", "last_name_sound", "source",
    "created_by_id", "import_batch_id", "merged_into_id", "responsible_unit_id",
)  # fmt: skip
OCCUPATION_COLUMNS = (
    "person_id", "occupation_id", "started_on", "ended_on", "is_current", "moto_stand", "dlt_licence_no",
    "vending_spot", "vending_permit_no", "details",
)  # fmt: skip
WELFARE_COLUMNS = (
    "created_at", "updated_at", "person_id", "scheme_id", "option", "status", "recorded_on", "source", "note",
    "created_by_id",
)  # fmt: skip


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def allocate_ids(table: str, count: int) -> list[int]:
    """``count`` fresh primary keys for ``table`` (call inside the transaction that uses them)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite (AUTOINCREMENT): above both the highest id and the sequence, so no id is ever reused.
        cursor.execute(f'SELECT max(id) FROM "{table}"')  # noqa: S608 - table is ours
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(top, row[0] if row else 0) + 1
        return list(range(start, start + count))


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    column_list = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            raw = cursor.cursor
            with raw.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        # The driver's own cursor: no per-statement wrapper (DEBUG logging would format every row).
        cursor.cursor.executemany(f'INSERT INTO "{table}" ({column_list}) VALUES ({marks})', rows)  # noqa: S608


def update_people(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Rows are the new values in ``columns`` order followed by the person's id."""
    if not rows:
        return
    assignments = ", ".join(f'"{c}" = %s' for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.executemany(f'UPDATE "{PERSON_TABLE}" SET {assignments} WHERE id = %s', rows)  # noqa: S608


def insert_row_errors(
    batch_id: int, errors: Sequence[tuple[int, Sequence[Any], list[tuple[str, str]]]]
) -> None:
    if not errors:
        return
    rows = [
        (batch_id, number, json.dumps(list(values), ensure_ascii=False, default=str),
         json.dumps(reasons, ensure_ascii=False))
        for number, values, reasons in errors
    ]  # fmt: skip
    insert_rows("imports_importrowerror", ("batch_id", "row_number", "values", "reasons"), rows)


def select(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


DEFERRABLE_TABLES = (PERSON_TABLE, "registry_personoccupation", "registry_welfarerecord", "registry_consent")


def plain_indexes(tables: Sequence[str] = DEFERRABLE_TABLES) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the non-unique indexes on ``tables``, read from the database itself so
    that an index another module adds is covered too."""
    marks = ", ".join(["%s"] * len(tables))
    if is_postgres():
        rows = select(
            f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({marks})",  # noqa: S608
            list(tables),
        )
        return [(name, sql) for name, sql in rows if " UNIQUE " not in sql.upper()]
    rows = select(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "  # noqa: S608
        "AND sql IS NOT NULL",
        list(tables),
    )
    return [(name, sql) for name, sql in rows if not sql.upper().startswith("CREATE UNIQUE")]


def drop_secondary_indexes() -> list[tuple[str, str]]:
    """Drop the plain indexes of the tables a load writes (the unique ones stay: upserts rely on them);
    returns what ``create_secondary_indexes`` needs to build them again, once, after the load."""
    found = plain_indexes()
    for name, _sql in found:
        execute(f'DROP INDEX IF EXISTS "{name}"')
    return found


def create_secondary_indexes(indexes: Sequence[tuple[str, str]]) -> None:
    for _name, sql in indexes:
        execute(sql)
