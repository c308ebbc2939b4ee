"""Import and export benchmark: ``.venv/bin/python -m bench.imports [--rows N] [--db sqlite|postgres|both]``.

1. Generates a messy worker list of N rows (default 1,000,000) once, under /tmp/bench_imports/ (or
   ``BENCH_WORK``).
2. For each database, on a fresh database of its own (SQLite file under that folder; PostgreSQL database
   ``bench_imports`` on 127.0.0.1:5432, user postgres): the raw import floor (plain CSV read + executemany,
   or + COPY of the rows read; on PostgreSQL also COPY of the file's bytes, a stricter reference), the full
   import (parse, normalise, validate, dedupe, store, error report), the raw export floor
   (SELECT → csv.writer) and the full export — each phase in its own process, with its peak RSS.
3. Prints a Markdown table of rates and ratios to the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/bench_imports"))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# BENCH_PG_DB: another name when two benchmarks share one server (it must start with "bench").
PG_DB = os.environ.get("BENCH_PG_DB", "bench_imports")
if not PG_DB.startswith("bench") or not PG_DB.replace("_", "").isalnum():
    raise SystemExit("BENCH_PG_DB must start with 'bench' and hold only letters, digits and '_'")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"


def _env(db: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.imports.settings", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["BENCH_DATABASE_URL"] = PG_URL
    else:
        env.pop("BENCH_DATABASE_URL", None)
        env["BENCH_SQLITE"] = str(WORK / "bench.sqlite3")
    env["BENCH_MEDIA"] = str(WORK / "media")
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_database(db: str) -> None:
    env = _env(db)
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(str(WORK / "bench.sqlite3") + suffix).unlink(missing_ok=True)
    _run(["manage.py", "migrate", "--noinput", "--skip-checks", "-v0"], env)
    _run(["manage.py", "load_org_units", "--skip-checks"], env)


def phase(db: str, name: str, path: Path, **extra_env: str) -> dict[str, object]:
    out = _run(["-m", "bench.imports.phases", name, str(path)], {**_env(db), **extra_env})
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    rate = float(result["rows"]) / float(result["seconds"])  # type: ignore[arg-type]
    result["rate"] = rate
    print(f"  {db:8} {name:13} {result['rows']:>9} rows {result['seconds']:8.1f} s {rate:10.0f} rows/s "
          f"peak {result['peak_mb']:6.0f} MB", flush=True)  # fmt: skip
    return result


def source_file(rows: int) -> Path:
    """The generated list of ``rows`` rows under WORK, made once."""
    WORK.mkdir(exist_ok=True)
    source = WORK / f"workers-{rows}.csv"
    if not source.exists():
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.imports.settings")
        import django

        django.setup()
        from nokrabob.imports.sample_lists import generate

        started = time.perf_counter()
        manifest = generate(source, rows, keep_manifest=False)
        print(
            f"generated {manifest.rows} rows in {time.perf_counter() - started:.0f} s → {source}", flush=True
        )
    return source


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-defer-indexes", action="store_true")
    parser.add_argument("--no-export", action="store_true", help="the import phases only")
    args = parser.parse_args()
    source = source_file(args.rows)
    size_mb = source.stat().st_size / 1e6
    results: dict[str, dict[str, dict[str, object]]] = {}
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        fresh_database(db)
        results[db] = {
            "floor_import": phase(db, "floor_import", source),
            **({"floor_copy_bytes": phase(db, "floor_copy_bytes", source)} if db == "postgres" else {}),
            "import": phase(
                db,
                "import",
                source,
                BENCH_WORKERS=str(args.workers),
                BENCH_DEFER_INDEXES="0" if args.no_defer_indexes else "1",
            ),
        }
        if not args.no_export:
            results[db]["floor_export"] = phase(db, "floor_export", WORK / f"floor-export-{db}.csv")
            results[db]["export"] = phase(db, "export", WORK / f"export-{db}.csv")
        fresh_database(db)  # the databases' own share, on an empty registry as the import had
        results[db]["floor_registry_writes"] = phase(db, "floor_registry_writes", source)
    print()
    print(
        f"File: {args.rows:,} rows, {size_mb:.0f} MB; {os.cpu_count()} CPUs; "
        f"helper processes: {args.workers}."
    )
    print()
    print("| database | what | rows | seconds | rows/s | floor rows/s | ratio to floor | peak RSS (MB) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for db, r in results.items():
        for name, floor in (("import", "floor_import"), ("export", "floor_export")):
            if name not in r:
                continue
            ours, base = r[name], r[floor]
            rate, base_rate = float(ours["rate"]), float(base["rate"])  # type: ignore[arg-type]
            seconds, peak = float(ours["seconds"]), float(ours["peak_mb"])  # type: ignore[arg-type]
            print(
                f"| {db} | {name} | {ours['rows']:,} | {seconds:.1f} | {rate:,.0f} | {base_rate:,.0f} | "
                f"{rate / base_rate:.0%} | {peak:.0f} |"
            )
    if "postgres" in results:
        r = results["postgres"]
        bytes_rate = float(r["floor_copy_bytes"]["rate"])  # type: ignore[arg-type]
        print(
            f"\nPostgreSQL, stricter reference: COPY of the file's bytes (the server parses the CSV) "
            f"{bytes_rate:,.0f} rows/s; the import is {float(r['import']['rate']) / bytes_rate:.0%} of it."  # type: ignore[arg-type]
        )
    for db, r in results.items():
        imp, writes = r["import"], r["floor_registry_writes"]
        own = float(writes["seconds"])  # type: ignore[arg-type]
        print(
            f"\n{db}: the database's own share (the clean rows written by the import's store, the indexes "
            f"built; nothing read or checked) took {own:.1f} s, {own / float(imp['seconds']):.0%} of the "  # type: ignore[arg-type]
            f"import's time; the floor took {float(r['floor_import']['seconds']) / own:.0%} of it."  # type: ignore[arg-type]
        )
        print(
            f"\n{db}: import / the databases' own share = {float(imp['seconds']) / own:.2f}× (bar 1.25×); "  # type: ignore[arg-type]
            f"peak RSS {float(imp['peak_mb']):.0f} MB (bar 400 MB)."  # type: ignore[arg-type]
        )
        if "cpu_seconds" in imp and "timed_cpu_seconds" in writes:
            imp_cpu = float(imp["cpu_seconds"])  # type: ignore[arg-type]
            own_cpu = float(writes["timed_cpu_seconds"])  # type: ignore[arg-type]
            print(
                f"\n{db}: processor time of the benchmark's processes (the import and its helper; "
                f"PostgreSQL's server not counted): import {imp_cpu:.1f} s, the databases' own share "
                f"{own_cpu:.1f} s (its timed part), ratio {imp_cpu / own_cpu:.2f}×."
            )
        print(
            f"\n{db} import, where the time went: read, check, dedupe and write {imp['load_seconds']:.1f} s, "
            f"index builds {imp['index_seconds']:.1f} s, error report {imp['report_seconds']:.1f} s."
        )
        print(f"\n{db} import: created {imp['created']:,}, rejected {imp['rejected']:,} "
              f"(duplicates in file {imp['duplicates']:,}), status {imp['status']}")  # fmt: skip
    (WORK / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
