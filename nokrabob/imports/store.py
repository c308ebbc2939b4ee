"""Bulk writes for imports: people, their occupation and scheme links, snapshots, rejected rows.

Plain ``executemany`` on SQLite and ``COPY`` on PostgreSQL, with ids handed out up front (so the links can
be written in the same pass). Each call runs inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models

PERSON_TABLE = "registry_person"
OCCUPATION_TABLE = "registry_personoccupation"
WELFARE_TABLE = "registry_welfarerecord"
CONSENT_TABLE = "registry_consent"
OCCUPATION_ROW_COLUMNS = ("person_id", "occupation_id")
WELFARE_ROW_COLUMNS = ("person_id", "scheme_id")
CONSENT_ROW_COLUMNS = ("person_id",)


class StoreColumnsMissing(ImproperlyConfigured):
    """A table has a required column (not null, no default) that the bulk store does not write."""


def _model(table: str) -> type[models.Model]:
    for model in apps.get_models():
        if model._meta.db_table == table:
            return model
    raise LookupError(table)


@functools.cache
def row_columns(table: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The table's database columns of ``fields`` (model field names or attnames, in the rows' order):
    the column list of a bulk insert, built from the model so a renamed column cannot be missed."""
    meta = _model(table)._meta
    return tuple(str(meta.get_field(name).column) for name in fields)  # type: ignore[union-attr]


def person_row_columns(fields: Sequence[str]) -> tuple[str, ...]:
    """A new person: the id, then the row's own values (``normalise.COLUMNS`` up to the catalogue codes);
    the values every row of the batch shares come from ``person_constants``."""
    return row_columns(PERSON_TABLE, ("id", *fields))


def complete_constants(
    fields: Sequence[models.Field[Any, Any]], written: Sequence[str], given: dict[str, Any]
) -> dict[str, Any]:
    """``given`` (the values an import chooses for every row), and for every other column of ``fields``
    that the rows do not carry (``written``): the field's default, or NULL when it may be null.

    Raises ``StoreColumnsMissing`` for a required column nobody writes, and for a given column the table
    does not have: adding a field to a model can never silently break the bulk store."""
    columns = {str(field.column): field for field in fields}
    unknown = sorted(set(given) - set(columns))
    missing = []
    constants = dict(given)
    for column, field in columns.items():
        if column in written or column in given or field.primary_key:  # an id is handed out or the table's
            continue
        if field.has_default():
            constants[column] = field.get_prep_value(field.get_default())
        elif field.null:
            constants[column] = None
        else:
            missing.append(column)
    if missing or unknown:
        raise StoreColumnsMissing(
            f"bulk store: required columns not written {missing}, columns not in the table {unknown}"
        )
    return constants


def table_constants(table: str, written: Sequence[str], given: dict[str, Any]) -> dict[str, Any]:
    return complete_constants(_model(table)._meta.concrete_fields, written, given)  # type: ignore[arg-type]


def person_constants(
    *, now: Any, batch_id: int, actor_id: int | None, written: Sequence[str]
) -> dict[str, Any]:
    return table_constants(PERSON_TABLE, written, {
        "created_at": now, "updated_at": now, "other_id_type": "", "other_id_number": "",
        "first_name_latin": "", "last_name_latin": "", "has_disability": None, "disability_type": "",
        "source": "import", "created_by_id": actor_id, "import_batch_id": batch_id, "merged_into_id": None,
    })  # fmt: skip


def occupation_constants(*, marker: str) -> dict[str, Any]:
    return table_constants(OCCUPATION_TABLE, OCCUPATION_ROW_COLUMNS, {
        "started_on": None, "ended_on": None, "is_current": True, "moto_stand": "", "dlt_licence_no": "",
        "vending_spot": "", "vending_permit_no": "", "details": marker,
    })  # fmt: skip


WELFARE_STATUS = "enrolled"  # an agency's list says the person is in the scheme


def welfare_constants(*, now: Any, today: str, marker: str, actor_id: int | None) -> dict[str, Any]:
    return table_constants(WELFARE_TABLE, WELFARE_ROW_COLUMNS, {
        "created_at": now, "updated_at": now, "option": "", "status": WELFARE_STATUS, "recorded_on": today,
        "source": "agency_list", "note": marker, "created_by_id": actor_id,
    })  # fmt: skip


def consent_constants(*, today: str, actor_id: int | None) -> dict[str, Any]:
    from nokrabob.registry.services import PRIVACY_NOTICE_VERSION

    return table_constants(CONSENT_TABLE, CONSENT_ROW_COLUMNS, {
        "lawful_basis": "public_task", "sensitive_data_consent": False, "channel": "import",
        "given_on": today, "notice_version": PRIVACY_NOTICE_VERSION, "withdrawn_on": None,
        "recorded_by_id": actor_id,
    })  # fmt: skip


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def allocate_ids(table: str, count: int) -> list[int]:
    """``count`` fresh primary keys for ``table`` (call inside the transaction that uses them)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) FROM generate_series(1, %s)",
                [table, count],
            )
            return list(cursor.fetchone()[0])
        # SQLite (AUTOINCREMENT): above both the highest id and the sequence, so no id is ever reused.
        cursor.execute(f'SELECT max(id) FROM "{table}"')  # noqa: S608 - table is ours
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(top, row[0] if row else 0) + 1
        return list(range(start, start + count))


def _literal(value: Any) -> str:
    """A constant of ours as an SQL literal (None, bools, numbers, strings we produced)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


COPY_LINES = 2_000
_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_NULL = "\\N"


def _copy_field(value: Any) -> str:
    """One value in COPY's text format (NULL as ``\\N``; backslash, tab, newline, CR escaped)."""
    if value is None:
        return _COPY_NULL
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPE)


def _copy_values(values: Sequence[Any]) -> list[str]:
    """Values as COPY text, unescaped: the callers check once whether anything needs escaping."""
    return [
        v if v.__class__ is str else _COPY_NULL if v is None else str(v) if v.__class__ is int
        else _copy_field(v)
        for v in values
    ]  # fmt: skip


def _copy_line(row: Sequence[Any], tabs: int) -> str:
    """A row's values tab-joined; the careful path only when a value holds a character to escape."""
    text = "\t".join(_copy_values(row))
    # Every backslash must be one of the NULL markers, every tab a separator.
    if text.count("\t") != tabs or text.count("\\") != row.count(None) or "\n" in text or "\r" in text:
        text = "\t".join([_copy_field(v) for v in row])
    return text


def copy_text(rows: Sequence[Sequence[Any]], suffix: str) -> str:
    """A chunk's rows in COPY's text format, each line ending with ``suffix`` (the shared columns).

    Built column by column and joined in C; whether anything needs escaping is checked once for the whole
    chunk (every tab a separator, every backslash a NULL marker, no line break inside a value), and only a
    chunk that fails the check is built again row by row on the careful path."""
    if not rows:
        return ""
    width = len(rows[0])
    transposed = list(zip(*rows, strict=True))
    nulls = sum(column.count(None) for column in transposed)
    columns = [_copy_values(column) for column in transposed]
    text = suffix.join([*map("\t".join, zip(*columns, strict=True)), ""])
    tabs = len(rows) * (width - 1 + suffix.count("\t"))
    if (
        text.count("\t") != tabs
        or text.count("\\") != nulls + len(rows) * suffix.count("\\")
        or text.count("\n") != len(rows) * suffix.count("\n")
        or "\r" in text
    ):
        text = "".join(_copy_line(row, width - 1) + suffix for row in rows)
    return text


def insert_rows(
    table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], constants: dict[str, Any] | None = None
) -> None:
    """Bulk insert. ``constants`` are the columns every row shares, formatted once: COPY's text repeats
    them after each row; on SQLite they are written into the statement as literals instead of being bound
    for every row."""
    constants = constants or {}
    names = [*columns, *constants]
    column_list = ", ".join(f'"{c}"' for c in names)
    with connection.cursor() as cursor:
        if is_postgres():
            suffix = "".join("\t" + _copy_field(v) for v in constants.values()) + "\n"
            with cursor.cursor.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
                for start in range(0, len(rows), COPY_LINES):
                    copy.write(copy_text(rows[start : start + COPY_LINES], suffix))
            return
        marks = ", ".join(["%s"] * len(columns) + [_literal(v) for v in constants.values()])
        # The driver's own cursor: no per-statement wrapper (DEBUG logging would format every row).
        cursor.cursor.executemany(f'INSERT INTO "{table}" ({column_list}) VALUES ({marks})', rows)  # noqa: S608


def update_people(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Rows are the new values in ``columns`` order followed by the person's id. Each person's ``version``
    goes up by one, as with any save: an edit form opened before the import (or its rollback) is refused
    (``core.concurrency``, ADR 0445)."""
    if not rows:
        return
    assignments = ", ".join([*(f'"{c}" = %s' for c in columns), '"version" = "version" + 1'])
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
    """Drop every plain index of the tables a load writes; the unique ones stay (upserts rely on them).
    Returns what ``create_secondary_indexes`` needs to build them once, after: a sorted build costs less
    than keeping an index up to date row by row, even where the keys arrive in order (ADR 0306)."""
    found = plain_indexes()
    for name, _sql in found:
        execute(f'DROP INDEX IF EXISTS "{name}"')
    return found


def create_secondary_indexes(indexes: Sequence[tuple[str, str]]) -> None:
    """Build the indexes dropped for a load. PostgreSQL sorts with more memory meanwhile; SQLite sorts in
    temporary files rather than in memory (the connection's usual ``temp_store``), which measured a fifth to
    a quarter faster for these builds (ADR 0306)."""
    if not indexes:
        return
    postgres = is_postgres()
    if postgres:
        if connection.in_atomic_block:  # run the deferred foreign-key checks now: PostgreSQL refuses
            execute("SET CONSTRAINTS ALL IMMEDIATE")  # CREATE INDEX on a table with pending ones
        execute("SET maintenance_work_mem = '256MB'")
    sort_on_disk = not postgres and not connection.in_atomic_block  # a pragma a transaction may not set
    if sort_on_disk:
        temp_store = select("PRAGMA temp_store", [])[0][0]
        execute("PRAGMA temp_store = FILE")
    try:
        for _name, sql in indexes:
            execute(sql)
    finally:
        if postgres:
            execute("RESET maintenance_work_mem")
        elif sort_on_disk:
            execute(f"PRAGMA temp_store = {int(temp_store)}")
    if not postgres:
        # SQLite keeps statistics per index, and the batch's ANALYZE ran before these were built: without
        # them the planner guessed an area index would find ten people and read 400,000 instead.
        analyse_indexes([name for name, _sql in indexes])


def analyse_indexes(names: Sequence[str]) -> None:
    """SQLite: statistics for these indexes or tables (a table's name analyses all of its indexes)."""
    execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
    for name in names:
        execute(f'ANALYZE "{name}"')


# ── foreign keys on PostgreSQL: checked once per batch instead of once per row ─────────────────────


def may_skip_row_triggers() -> bool:
    """Whether this PostgreSQL role may switch its own transactions' row triggers off
    (``session_replication_role``; a superuser's right)."""
    return bool(select("SELECT current_setting('is_superuser') = 'on'", [])[0][0])


def skip_row_triggers() -> None:
    """For the rest of this transaction, no per-row foreign-key check (PostgreSQL runs them as row
    triggers, one query per key per row); ``dangling_keys`` checks the batch's rows set-based instead."""
    execute("SET LOCAL session_replication_role = replica")


def restore_row_triggers() -> None:
    """Back to the per-row checks for the rest of this transaction."""
    execute("SET LOCAL session_replication_role = origin")


# The tables a batch writes in its chunk transactions. People and the batch's own rows are found by the
# batch; the link tables' rows by id, above the highest id each had when the batch started (``LINK_TABLES``).
BATCH_ROWS = {
    PERSON_TABLE: "c.import_batch_id = %s",
    "imports_importrowerror": "c.batch_id = %s",
    "imports_importsnapshot": "c.batch_id = %s",
}
LINK_TABLES = ("registry_personoccupation", "registry_welfarerecord", "registry_consent")


def highest_ids(tables: Sequence[str] = LINK_TABLES) -> dict[str, int]:
    return {table: select(f'SELECT max(id) FROM "{table}"', [])[0][0] or 0 for table in tables}  # noqa: S608


_FOREIGN_KEYS = (
    "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname "
    "FROM pg_constraint c "
    "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
    "JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1] "
    "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 "
)


def dangling_keys(batch_id: int, link_ids_above: dict[str, int] | None = None) -> list[str]:
    """``table.column`` of every foreign key (read from the catalogue) that a row of the batch holds
    without the row it points to. One query per table, each key a hash anti-join, instead of one query
    per key and row; ``link_ids_above`` is ``highest_ids()`` taken when the batch started (without it,
    every row of the link tables is checked)."""
    if link_ids_above is None:
        link_ids_above = dict.fromkeys(LINK_TABLES, 0)
    filters = {**BATCH_ROWS, **dict.fromkeys(link_ids_above, "c.id > %s")}
    tables = list(filters)
    marks = ", ".join(["%s"] * len(tables))
    keys: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, parent, parent_column in select(
        _FOREIGN_KEYS + f"AND c.conrelid::regclass::text IN ({marks}) ORDER BY 1, 2",
        tables,
    ):
        keys.setdefault(table, []).append((column, parent, parent_column))
    found = []
    for table, table_keys in keys.items():
        joins = " ".join(
            f'LEFT JOIN "{parent}" p{i} ON p{i}."{parent_column}" = c."{column}"'
            for i, (column, parent, parent_column) in enumerate(table_keys)
        )
        checks = ", ".join(
            f'coalesce(bool_or(c."{column}" IS NOT NULL AND p{i}."{parent_column}" IS NULL), false)'
            for i, (column, _parent, parent_column) in enumerate(table_keys)
        )
        bound = link_ids_above.get(table, batch_id)
        dangling = select(f'SELECT {checks} FROM "{table}" c {joins} WHERE {filters[table]}', [bound])[0]  # noqa: S608
        found += [f"{table}.{key[0]}" for key, bad in zip(table_keys, dangling, strict=True) if bad]
    return found


REGISTRY_TABLES = (
    PERSON_TABLE, "registry_personoccupation", "registry_welfarerecord", "registry_consent",
    "imports_importrowerror", "imports_importsnapshot",
    # The maintained counts (ADR 0400): a big import adds as many full cells as people.
    "registry_peopletally", "registry_schemetally", "registry_agetally", "registry_ageschemetally",
    "registry_areatally", "registry_areaschemetally",
)  # fmt: skip
# Rows read per index by SQLite's ANALYZE; 0 reads them all. A sample of 2,000 told the planner each
# province held 2,001 people (Bangkok has 400,000 of a million) and sent the outreach counts down the area
# index; the whole index costs 0.1–0.3 s per index at a million people (measured on the import benchmark).
SQLITE_ANALYSIS_LIMIT = 0


def statistics_stale(written: int, rows_before: int) -> bool:
    """Whether a bulk write moved a table enough for its planner statistics to be stale: a tenth of what
    was there before (PostgreSQL's own autoanalyze rule), or 10,000 rows."""
    return written > 0 and (written >= 10_000 or written * 10 >= rows_before)


def refresh_statistics(tables: Sequence[str] = REGISTRY_TABLES) -> None:
    """Planner statistics for tables a bulk write changed, so the next list or search is planned for
    the data as it now is (``ANALYZE``; readers are not blocked on either engine). Without it, the pages
    after a million-row import ran ten to twenty times slower until someone analysed by hand."""
    names = ", ".join(f'"{table}"' for table in tables)
    if is_postgres():
        execute(f"ANALYZE {names}")
        return
    analyse_indexes(tables)
