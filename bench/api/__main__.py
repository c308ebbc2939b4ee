"""The agency API at 1,000,000 people:
``.venv/bin/python -m bench.api [--people N] [--db sqlite|postgres|both] [--reuse]``.

For each engine, on a database of its own (SQLite ``$BENCH_WORK/bench.sqlite3``, default
``/tmp/bench_api``; PostgreSQL ``$BENCH_PG_DB``, default ``bench_api``, on 127.0.0.1:5432 user postgres),
built by ``bench.api.build`` (SQLite, with ``--sqlite-from-postgres``, copied from the PostgreSQL one by
``bench.api.copy_registry``; skipped with ``--reuse`` when it already holds N people), ``bench.api.measure``
times the bulk status check with 10,000 IDs and the cursor-paged list, against a floor measured in the same
run. See docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/bench_api"))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = os.environ.get("BENCH_PG_DB", "bench_api")
if not PG_DB.startswith("bench") or not PG_DB.replace("_", "").isalnum():
    raise SystemExit("BENCH_PG_DB must start with 'bench' and hold only letters, digits and '_'")


def _env(db: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.api.settings", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["BENCH_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    else:
        env.pop("BENCH_DATABASE_URL", None)
        env["BENCH_SQLITE"] = str(WORK / "bench.sqlite3")
    return env


def _run(args: list[str], env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _people(db: str) -> int:
    """How many people the benchmark's database already holds (0 if it does not exist)."""
    if db == "postgres":
        import psycopg

        try:
            with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{PG_DB}") as conn:
                row = conn.execute("SELECT count(*) FROM registry_person").fetchone()
        except psycopg.Error:
            return 0
        return int(row[0]) if row else 0
    import sqlite3

    path = WORK / "bench.sqlite3"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path) as conn:
            return int(conn.execute("SELECT count(*) FROM registry_person").fetchone()[0])
    except sqlite3.Error:
        return 0


def _fresh(db: str) -> None:
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    else:
        WORK.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(WORK / "bench.sqlite3") + suffix).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds N people")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--sqlite-from-postgres",
        action="store_true",
        help="fill SQLite by copying the PostgreSQL registry (built first) instead of generating it again",
    )
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    engines = ("postgres", "sqlite") if args.db == "both" else (args.db,)
    results: dict[str, dict[str, object]] = {}
    for db in engines:
        if not (args.reuse and _people(db) == args.people):
            _fresh(db)
            if db == "sqlite" and args.sqlite_from_postgres:
                if _people("postgres") != args.people:
                    raise SystemExit(f"--sqlite-from-postgres: {PG_DB} does not hold {args.people:,} people")
                source = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
                built = _run(["-m", "bench.api.copy_registry", source], _env(db))
                print(f"{db}: copied {args.people:,} people from {PG_DB} in {built['seconds']} s", flush=True)
            else:
                built = _run(["-m", "bench.api.build", str(args.people)], _env(db))
                print(f"{db}: built {args.people:,} people in {built['seconds']} s", flush=True)
        if args.build_only:
            continue
        results[db] = _run(["-m", "bench.api.measure", str(args.people), str(args.repeat)], _env(db))
    if results:
        from bench.api.measure import report

        report(results)
        WORK.mkdir(parents=True, exist_ok=True)
        (WORK / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
