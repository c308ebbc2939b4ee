"""Recompute every person's first- and last-name sound keys with the current ``sound_key`` (ADR 0208:
spelling fold + MetaSound 6 + LK82, replacing MetaSound 4).

The keys are derived data, so the migration reads the names and writes the keys with the code of the day,
not a frozen copy: running it again (or a later migration that calls ``recompute``) is harmless. It walks
the table by id ranges of ``BATCH`` rows (no OFFSET, no cursor held open, memory bounded by one range) and
writes only the rows whose keys changed: one ``executemany`` per range on SQLite, one
``UPDATE … FROM unnest(…)`` per range on PostgreSQL (single-row updates there took 5 minutes per million
people). Figures: docs/BENCHMARKS.md, "Sound-alike names". Reverse: nothing to undo (the old code writes
its own keys when a person is saved; a reverse migration could not compute them without that code).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 5000


def recompute(connection: Any, table: str = "registry_person", batch: int = BATCH) -> int:
    """Rewrite the stale sound keys of ``table`` through ``connection``; returns how many rows changed."""
    from nokrabob.registry.names import sound_key

    name = connection.ops.quote_name(table)
    select = (
        f"SELECT id, first_name, last_name, first_name_sound, last_name_sound FROM {name} "
        "WHERE id >= %s AND id < %s"
    )
    if connection.vendor == "postgresql":
        update = (
            f"UPDATE {name} AS p SET first_name_sound = v.f, last_name_sound = v.l "
            "FROM unnest(%s::text[], %s::text[], %s::bigint[]) AS v(f, l, id) WHERE p.id = v.id"
        )

        def write(cursor: Any, rows: list[tuple[str, str, int]]) -> None:
            cursor.execute(update, [list(column) for column in zip(*rows)])

    else:
        update = f"UPDATE {name} SET first_name_sound = %s, last_name_sound = %s WHERE id = %s"

        def write(cursor: Any, rows: list[tuple[str, str, int]]) -> None:
            cursor.executemany(update, rows)

    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {name}")
        low, high = cursor.fetchone()
        if low is None:
            return 0
        for start in range(low, high + 1, batch):
            cursor.execute(select, [start, start + batch])
            rows = []
            for pk, first, last, first_sound, last_sound in cursor.fetchall():
                new_first, new_last = sound_key(first or ""), sound_key(last or "")
                if (new_first, new_last) != (first_sound, last_sound):
                    rows.append((new_first, new_last, pk))
            if rows:
                write(cursor, rows)
                changed += len(rows)
    return changed


def forwards(apps: Any, schema_editor: Any) -> None:
    person = apps.get_model("registry", "Person")
    recompute(schema_editor.connection, person._meta.db_table)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_slimmer_indexes"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
