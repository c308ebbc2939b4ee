"""What the end of an import's fold costs, statement by statement (ADR 0400, ``tallies.fold_staged``).

    BENCH_WORK=/tmp/bench_counts .venv/bin/python -m bench.counts.fold sqlite     # or postgres

On the database a ``bench.counts`` run's import left (its tallies filled): every tally cell of the two
full tables is staged twice (about two million staged rows at a million people), then each of the fold's
statements is timed, and beside it the same ``GROUP BY`` alone (read, not written), all in one transaction
that is rolled back. Prints one line a table and the total.
"""

from __future__ import annotations

import os
import sys
import time

from bench.imports.__main__ import WORK, _env


def main(db: str) -> None:
    os.environ.update(_env(db))
    os.environ.setdefault("BENCH_WORK", str(WORK))
    import django

    django.setup()
    from django.db import connection, transaction

    from nokrabob.registry.tally_models import STAGED, TALLIES

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")  # as the fold sets it
        for schemes, staged in STAGED.items():
            full = next(m for m in TALLIES if schemes == m.SCHEMES and m.DIMS == staged.DIMS)
            dims = ", ".join(f'"{d}"' for d in staged.DIMS)
            for _twice in range(2):
                cursor.execute(
                    f'INSERT INTO "{staged._meta.db_table}" ({dims}, "n") '
                    f'SELECT {dims}, "n" FROM "{full._meta.db_table}"'
                )
        total = 0.0
        for schemes, staged in STAGED.items():
            source = staged._meta.db_table
            cursor.execute(f'SELECT COUNT(*) FROM "{source}"')
            rows = cursor.fetchone()[0]
            for model in (m for m in TALLIES if schemes == m.SCHEMES):
                table = model._meta.db_table
                dims = ", ".join(f'"{d}"' for d in model.DIMS)
                started = time.perf_counter()
                cursor.execute(f'SELECT {dims}, SUM("n") FROM "{source}" GROUP BY {dims}')
                cells = len(cursor.fetchall())
                grouped = time.perf_counter() - started
                started = time.perf_counter()
                cursor.execute(  # the statement of ``tallies.fold_staged``
                    f'INSERT INTO "{table}" ({dims}, "n") '
                    f'SELECT {dims}, SUM("n") FROM "{source}" WHERE 1 = 1 GROUP BY {dims} '
                    f'HAVING SUM("n") <> 0 ORDER BY {dims} '
                    f'ON CONFLICT ({dims}) DO UPDATE SET "n" = "{table}"."n" + excluded."n"'
                )
                folded = time.perf_counter() - started
                total += folded
                print(
                    f"{table}: {rows:,} staged rows → {cells:,} cells; fold {folded:.2f} s, "
                    f"its GROUP BY alone {grouped:.2f} s",
                    flush=True,
                )
        print(f"{connection.vendor}: the fold's statements {total:.2f} s; load {os.getloadavg()}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite")
