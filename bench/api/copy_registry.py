"""Copies the benchmark's PostgreSQL registry into its SQLite database, so both engines are measured on the
same 1,000,000 people: ``python -m bench.api.copy_registry POSTGRES_URL`` (in the SQLite environment
``bench.api`` sets up). Prints one JSON line.

The people, their occupations and their welfare records are read from PostgreSQL with a server-side cursor
and written with ``executemany`` in 20,000-row transactions, the plain indexes dropped before and built
after (as a bulk import does, ``imports.store``); org units, occupations and schemes are matched by code.
Building the same registry with the generator row by row measured far slower on SQLite on this shared
machine (390,000 people in 36 minutes), which is why the SQLite side is copied.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from decimal import Decimal
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")

import django

django.setup()

import psycopg  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from nokrabob.core.reference import load_org_units  # noqa: E402
from nokrabob.imports import store  # noqa: E402

BATCH = 20_000
# table → {foreign-key column: (referenced table, its code column)}
TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "registry_person": {"responsible_unit_id": ("core_orgunit", "code")},
    "registry_personoccupation": {"occupation_id": ("registry_occupation", "code")},
    "registry_welfarerecord": {"scheme_id": ("registry_scheme", "code")},
}


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):  # Django keeps datetimes in SQLite as naive UTC text
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _code_map(source: Any, table: str, code: str) -> dict[int, int]:
    """Source id → this database's id of the same code."""
    theirs = dict(source.execute(f"SELECT {code}, id FROM {table}").fetchall())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {code}, id FROM {table}")
        ours = dict(cursor.fetchall())
    return {theirs[c]: ours[c] for c in theirs if c in ours}


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({table})")
        return [row[1] for row in cursor.fetchall()]


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_org_units()
    counts: dict[str, int] = {}
    indexes = store.drop_secondary_indexes()
    with psycopg.connect(sys.argv[1]) as source:
        for table, keys in TABLES.items():
            maps = {column: _code_map(source, *ref) for column, ref in keys.items()}
            columns = _columns(table)
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
            positions = {columns.index(c): m for c, m in maps.items()}
            done = 0
            with source.cursor(name=f"copy_{table}") as rows:
                rows.itersize = BATCH
                rows.execute(f"SELECT {names} FROM {table} ORDER BY id")
                while batch := rows.fetchmany(BATCH):
                    out = []
                    for row in batch:
                        values = [_sqlite_value(v) for v in row]
                        for position, mapping in positions.items():
                            if values[position] is not None:
                                values[position] = mapping[values[position]]
                        out.append(values)
                    with transaction.atomic(), connection.cursor() as cursor:
                        cursor.executemany(insert, out)
                    done += len(out)
            counts[table] = done
            print(f"  {table}: {done:,} rows", file=sys.stderr, flush=True)
    store.create_secondary_indexes(indexes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(json.dumps({**counts, "seconds": round(time.perf_counter() - started, 1)}), flush=True)


if __name__ == "__main__":
    main()
