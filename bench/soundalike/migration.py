"""How long migration 0005 (recompute every person's sound keys) takes on a big registry.

    .venv/bin/python -m bench.soundalike.migration --rows 1000000                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_soundalike \
        .venv/bin/python -m bench.soundalike.migration --rows 1000000              # PostgreSQL

A fresh database of its own (SQLite: var/bench_soundalike.sqlite3; PostgreSQL: the database named in
DATABASE_URL, dropped and created — its name must start with "bench"), migrated, then filled with people
whose keys are what the old code stored (MetaSound 4): 10,000 people from PyThaiNLP's name corpora written
with ``bulk_create``, then doubled in SQL until ``--rows``, each copy's last name given one more letter, so
nearly every last name is distinct — the worst case for the key cache. Then the migration's own function
runs inside one transaction, as ``migrate`` runs it, with every index of the person table in place.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.soundalike.settings"

SEED_ROWS = 10_000
LETTERS = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮ"


def _fresh_database() -> None:
    from config.env import env

    url = env.str("DATABASE_URL", default="")
    if not url:
        from bench.soundalike import settings

        path = settings.DATABASES["default"]["NAME"]
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return
    import psycopg

    db = env.db_url("DATABASE_URL")
    name = db["NAME"]
    if not name.startswith("bench"):
        sys.exit("The benchmark drops its database: give it one whose name starts with 'bench'.")
    with psycopg.connect(
        dbname="postgres", autocommit=True, host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
        password=db["PASSWORD"] or None,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _fill(rows: int) -> int:
    from django.db import connection, transaction
    from pythainlp.soundex import soundex

    from nokrabob.registry.models import Person

    def old_key(name: str) -> str:
        return soundex(name, engine="metasound") if name else ""

    from bench.soundalike.pairs import corpus

    names = corpus()
    rng = random.Random(7)
    people = []
    for _ in range(min(rows, SEED_ROWS)):
        first, last = rng.choice(names["first"]), rng.choice(names["family"])
        people.append(
            Person(
                first_name=first, last_name=last, first_name_sound=old_key(first),
                last_name_sound=old_key(last), district_code="1001", province_code="10",
                subdistrict_code="100101", source="import",
            )
        )  # fmt: skip
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=5000)
    have = len(people)
    table = connection.ops.quote_name(Person._meta.db_table)
    columns = [str(f.column) for f in Person._meta.concrete_fields if f.column not in ("id", "national_id")]
    listed = ", ".join(connection.ops.quote_name(c) for c in columns)
    step = 0
    while have < rows:
        letter = LETTERS[step % len(LETTERS)]
        copied = ", ".join(
            f"last_name || '{letter}'" if c == "last_name" else connection.ops.quote_name(c) for c in columns
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({listed}) SELECT {copied} FROM {table} ORDER BY id LIMIT %s",
                [rows - have],
            )
        have = Person.objects.count()
        step += 1
        print(f"\r  {have:>9,} people", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return have


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    _fresh_database()
    import django

    django.setup()
    import importlib

    from django.core.management import call_command
    from django.db import connection, transaction

    from nokrabob.registry.models import Person

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    have = _fill(args.rows)
    print(f"  built {have:,} people in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    distinct = Person.objects.values("last_name").distinct().count()
    migration = importlib.import_module("nokrabob.registry.migrations.0005_recompute_sound_keys")
    started = time.perf_counter()
    with transaction.atomic():
        changed = migration.recompute(connection, Person._meta.db_table)
    seconds = time.perf_counter() - started
    print("| database | people | distinct last names | keys changed | seconds | people/s |")
    print("|---|---:|---:|---:|---:|---:|")
    rate = have / seconds
    print(f"| {connection.vendor} | {have:,} | {distinct:,} | {changed:,} | {seconds:.1f} | {rate:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
