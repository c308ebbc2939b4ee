"""The import against django-import-export on the same rows and the same tables:
``.venv/bin/python -m bench.imports.peer_import_export [--rows 100000] [--db sqlite|postgres|both]``.

For each database, on a fresh database each time (as ``bench.imports``: SQLite file under BENCH_WORK,
PostgreSQL database BENCH_PG_DB), in one run:

1. **our import** of the generated messy list (``import_workers FILE`` with one helper process, the task
   path's live indexes: no ``--defer-indexes``; the ratios are to this one), then the same with
   ``--defer-indexes`` (the maintenance path) for reference;
2. **the peer, row by row** (``PersonResource``: the admin's way — each row looked up by national ID,
   ``save()``, its consent, occupation and welfare rows written in ``after_save_instance``);
3. **the peer, bulk** (``BulkPersonResource``: ``use_bulk``, ``force_init_instance``, 5,000-row batches —
   django-import-export's fastest documented setting).

The peer gets the list's rows **already clean** (our normaliser's output for the same file, written to a CSV
of plain values beforehand and not timed: ISO dates, codes, sound keys), because django-import-export has no
rules for Thai dates, titles, area names or check digits; it only loads that CSV with tablib and writes.
Both write the same tables with the same indexes (the migrations'): people, one consent row each, the
occupation and welfare links. Rates are people written per second; the ratio is ours over the peer's.

The phases run in their own processes (``python -m bench.imports.peer_import_export phase MODE FILE``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import time
from pathlib import Path

from bench.imports.__main__ import WORK, _env, _run, fresh_database, phase, source_file

TABLES = ("registry_person", "registry_consent", "registry_personoccupation", "registry_welfarerecord")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.imports.settings")
    import django

    django.setup()


def prepare(source: Path, target: Path) -> int:
    """The file's clean rows (our normaliser's output, in-file duplicates and bad rows left out) as a CSV
    of plain values for the peer. Not timed."""
    _setup()
    from bench.imports.peer_resources import PEER_COLUMNS
    from nokrabob.imports.mapping import suggest_mapping
    from nokrabob.imports.normalise import COL, PERSON_FIELDS, RowNormaliser
    from nokrabob.imports.pipeline import CHUNK_ROWS, Producer
    from nokrabob.imports.readers import TableReader
    from nokrabob.imports.services import load_synonyms
    from nokrabob.registry.rules.unit import unit_ids

    reader = TableReader(source)
    normaliser = RowNormaliser(
        mapping=suggest_mapping(reader.headers), headers=reader.headers, synonyms=load_synonyms(),
        unit_ids=unit_ids(),
    )  # fmt: skip
    producer = Producer(normaliser, keep_values=False)
    rows = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(PEER_COLUMNS)
        for prepared in producer.chunks(reader.rows(), CHUNK_ROWS):
            for _number, _values, clean in prepared.good:
                person = ["" if clean[COL[name]] is None else clean[COL[name]] for name in PERSON_FIELDS]
                writer.writerow([
                    *person, clean[COL["responsible_unit_id"]] or "", "|".join(clean[COL["occupation"]]),
                    "|".join(clean[COL["scheme"]]),
                ])  # fmt: skip
                rows += 1
    return rows


def run_peer(mode: str, path: Path, limit: int = 0) -> dict[str, object]:
    """One peer import of the clean CSV (its first ``limit`` rows if given), timed from reading the file
    to the last row committed."""
    _setup()
    import tablib

    from bench.imports.peer_resources import BulkPersonResource, PersonResource
    from bench.imports.phases import bench_importer, cpu_seconds, peak_mb
    from nokrabob.accounts.models import User
    from nokrabob.imports.models import ImportBatch

    user = bench_importer()
    assert isinstance(user, User)
    batch = ImportBatch.objects.create(file_name=path.name, source_name=f"django-import-export {mode}",
                                       created_by=user)  # fmt: skip
    resource = BulkPersonResource() if mode == "bulk" else PersonResource()
    resource.links.setup(batch_id=batch.pk, actor_id=user.pk)  # type: ignore[attr-defined]
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as fh:
        dataset = tablib.Dataset().load(fh.read(), format="csv")
    if limit:
        del dataset[limit:]
    result = resource.import_data(dataset, raise_errors=True, use_transactions=True)
    seconds = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit(f"the peer reported errors: {result.totals}")
    return {
        "rows": len(dataset), "seconds": seconds, "peak_mb": peak_mb(), "cpu_seconds": cpu_seconds(),
        "totals": dict(result.totals),
    }  # fmt: skip


def count_tables() -> dict[str, int]:
    _setup()
    from django.db import connection

    with connection.cursor() as cursor:
        found = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # our table names
            found[table] = int(cursor.fetchone()[0])
    return found


def _counts(db: str) -> dict[str, int]:
    out = _run(["-m", "bench.imports.peer_import_export", "count", "-"], _env(db))
    counts: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return counts


def _peer(db: str, mode: str, path: Path, limit: int) -> dict[str, object]:
    out = _run(["-m", "bench.imports.peer_import_export", "phase", mode, str(path), str(limit)], _env(db))
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    print(f"  {db:8} peer {mode:5} {result['rows']:>9} people {result['seconds']:8.1f} s "
          f"{float(result['rows']) / float(result['seconds']):10.0f} people/s "  # type: ignore[arg-type]
          f"peak {result['peak_mb']:6.0f} MB", flush=True)  # fmt: skip
    return result


def _template(db: str) -> str:
    """A migrated empty database made once per engine, copied for each phase (a migration takes a minute
    on this machine; a copy a second)."""
    fresh_database(db)
    if db == "postgres":
        import psycopg

        from bench.imports.__main__ import PG_ADMIN_URL, PG_DB

        template = f"{PG_DB}_template"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {template} TEMPLATE {PG_DB}")
        return template
    template_file = WORK / "bench-template.sqlite3"
    shutil.copyfile(WORK / "bench.sqlite3", template_file)
    return str(template_file)


def _reset(db: str, template: str) -> None:
    if db == "postgres":
        import psycopg

        from bench.imports.__main__ import PG_ADMIN_URL, PG_DB

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB} TEMPLATE {template}")
        return
    for suffix in ("-wal", "-shm"):
        Path(str(WORK / "bench.sqlite3") + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, WORK / "bench.sqlite3")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--workers", type=int, default=1)
    # Row by row the peer writes a few hundred people a second at best; on a busy machine 100,000 of them
    # take most of an hour, so its rate may be taken on the first N clean rows (0: all of them).
    parser.add_argument("--row-by-row-limit", type=int, default=0)
    args = parser.parse_args()
    source = source_file(args.rows)
    clean = WORK / f"peer-clean-{args.rows}.csv"
    results: dict[str, dict[str, dict[str, object]]] = {}
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        template = _template(db)
        if not clean.exists():
            _run(["-m", "bench.imports.peer_import_export", "prepare", str(source), str(clean)], _env(db))
        ours = phase(db, "import", source, BENCH_WORKERS=str(args.workers), BENCH_DEFER_INDEXES="0")
        ours["tables"] = _counts(db)
        results[db] = {"ours": ours}
        # The same import on the maintenance path (``import_workers FILE --defer-indexes``), for reference.
        _reset(db, template)
        deferred = phase(db, "import", source, BENCH_WORKERS=str(args.workers), BENCH_DEFER_INDEXES="1")
        deferred["tables"] = _counts(db)
        results[db]["ours_deferred"] = deferred
        for mode in ("rows", "bulk"):
            _reset(db, template)
            peer = _peer(db, mode, clean, args.row_by_row_limit if mode == "rows" else 0)
            peer["tables"] = _counts(db)
            results[db][mode] = peer
    print()
    print(f"File: {args.rows:,} rows; the peer's clean copy {clean}; {os.cpu_count()} CPUs.")
    print()
    print(
        "| database | what | people written | seconds | people/s | ours ÷ it | CPU s (client) | "
        "ours ÷ it, CPU | peak RSS (MB) | rows written |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for db, r in results.items():
        ours_rate = float(r["ours"]["created"]) / float(r["ours"]["seconds"])  # type: ignore[arg-type]
        ours_cpu_rate = float(r["ours"]["created"]) / float(r["ours"]["cpu_seconds"])  # type: ignore[arg-type]
        for name, label in (("ours", "our import"), ("ours_deferred", "our import, --defer-indexes"),
                            ("rows", "django-import-export, row by row"),
                            ("bulk", "django-import-export, bulk")):  # fmt: skip
            res = r[name]
            ours_like = name.startswith("ours")
            people = int(res["created"] if ours_like else res["rows"])  # type: ignore[call-overload]
            seconds = float(res["seconds"])  # type: ignore[arg-type]
            tables = res["tables"]
            written = ", ".join(f"{t.removeprefix('registry_')} {n:,}" for t, n in tables.items())  # type: ignore[attr-defined]
            cpu = float(res["cpu_seconds"])  # type: ignore[arg-type]
            ratio = "" if ours_like else f"{ours_rate / (people / seconds):.1f}×"
            cpu_ratio = "" if ours_like else f"{ours_cpu_rate / (people / cpu):.1f}×"
            print(f"| {db} | {label} | {people:,} | {seconds:.1f} | {people / seconds:,.0f} | {ratio} | "
                  f"{cpu:.1f} | {cpu_ratio} | {float(res['peak_mb']):.0f} | {written} |")  # type: ignore[arg-type]  # fmt: skip
    (WORK / f"peer-results-{args.rows}.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("prepare", "phase", "count"):
        command = sys.argv[1]
        if command == "prepare":
            print(json.dumps({"rows": prepare(Path(sys.argv[2]), Path(sys.argv[3]))}))
        elif command == "phase":
            print(json.dumps(run_peer(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])), default=str))
        else:
            print(json.dumps(count_tables()))
    else:
        main()
