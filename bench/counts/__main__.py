"""The maintained counts at 1,000,000 people (ADR 0400): the executive dashboard's numbers against DuckDB
and against the per-request GROUP BY they replaced, the outreach counts for all of Bangkok, and what the
upkeep costs the import.

    BENCH_WORK=/tmp/bench_counts BENCH_PG_DB=bench_counts \\
        .venv/bin/python -m bench.counts --rows 1000000 --db both

For each engine, on the import benchmark's generated file and its fresh databases (``bench.imports``):
the databases' own share (``floor_registry_writes``); the import with the counts' upkeep switched off;
the import as it is (with the upkeep), whose database is then measured (``bench.counts.measure``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from bench.imports.__main__ import ROOT, WORK, _env, fresh_database, phase, source_file


def measure(db: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.counts.measure"],
        env={**_env(db), "BENCH_WORK": str(WORK)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"measure failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {db:8} measured: {json.dumps(result)}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--no-import-cost", action="store_true", help="skip the share and the import without upkeep"
    )
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the database an earlier run's import left"
    )
    args = parser.parse_args()
    source = source_file(args.rows)
    results: dict[str, dict[str, object]] = {}
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        results[db] = {"load_start": os.getloadavg()}
        if args.measure_only:
            results[db]["measure"] = measure(db)
            results[db]["load_end"] = os.getloadavg()
            continue
        if not args.no_import_cost:
            fresh_database(db)
            results[db]["share"] = phase(db, "floor_registry_writes", source)
            fresh_database(db)
            results[db]["import_without_upkeep"] = phase(db, "import", source, BENCH_TALLIES="0")
        fresh_database(db)
        results[db]["import"] = phase(db, "import", source)
        results[db]["measure"] = measure(db)
        results[db]["load_end"] = os.getloadavg()
    name = "counts-measure.json" if args.measure_only else "counts-results.json"
    (WORK / name).write_text(json.dumps(results, indent=2, default=str))
    print()
    for db, r in results.items():
        m = r["measure"]
        assert isinstance(m, dict)
        print(f"{db}: load {r['load_start']} → {r['load_end']}")
        ours, duckdb, group = float(m["ours_s"]), float(m["duckdb_s"]), float(m["groupby_s"])
        print(
            f"  executive dashboard numbers: ours {ours * 1000:.1f} ms, DuckDB {duckdb * 1000:.1f} ms "
            f"(ratio ours/DuckDB {ours / duckdb:.2f}), per-request GROUP BY {group:.2f} s "
            f"({group / ours:.0f}× ours); same numbers as DuckDB: {m['same_numbers_as_duckdb']}"
        )
        print(
            f"  outreach, all Bangkok, uncached: {m['outreach_s'] * 1000:.1f} ms "
            f"(GROUP BY {m['outreach_groupby_s']:.2f} s; same: {m['same_outreach_as_groupby']})"
        )
        if "share" in r:
            share, plain, kept = r["share"], r["import_without_upkeep"], r["import"]
            assert isinstance(share, dict) and isinstance(plain, dict) and isinstance(kept, dict)
            own = float(share["seconds"])
            print(
                f"  import: with upkeep {kept['seconds']:.1f} s, without {plain['seconds']:.1f} s "
                f"(+{kept['seconds'] / plain['seconds'] - 1:.0%}); the databases' own share {own:.1f} s; "
                f"import / share {kept['seconds'] / own:.2f}× (bar 1.25×), without upkeep "
                f"{plain['seconds'] / own:.2f}×; CPU s with/without: {kept.get('cpu_seconds')} / "
                f"{plain.get('cpu_seconds')}; peak RSS {kept['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
