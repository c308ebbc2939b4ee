"""What keeping unknown occupation and scheme values costs an import (ADR 0309), on SQLite:
``.venv/bin/python -m bench.imports.unknown_values [--rows N]``.

Generates a list of N rows (default 100,000) and a copy in which every other row carries an unknown
occupation and an unknown scheme beside its known ones, then imports each twice, alternating, into a fresh
SQLite database of its own under ``BENCH_WORK`` (default /tmp/bench_imports_unknown), and prints the wall and
CPU time of the importing process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/bench_imports_unknown"))


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.imports.settings", "PYTHONPATH": str(ROOT), **extra}
    env.pop("BENCH_DATABASE_URL", None)
    env.update(BENCH_SQLITE=str(WORK / "bench.sqlite3"), BENCH_MEDIA=str(WORK / "media"))
    return env


def _import_one(path: Path) -> dict[str, object]:
    """In the child process: one import of ``path``, timed."""
    import django

    django.setup()
    from nokrabob.imports.models import ImportValue
    from nokrabob.imports.services import batch_create, run_batch

    wall, cpu = time.perf_counter(), time.process_time()
    batch = run_batch(batch_create(actor=None, path=path, file_name=path.name).pk, workers=0)
    return {
        "wall": round(time.perf_counter() - wall, 2), "cpu": round(time.process_time() - cpu, 2),
        "created": batch.rows_created, "values": ImportValue.objects.filter(batch=batch).count(),
        "links": sum(ImportValue.objects.filter(batch=batch).values_list("row_count", flat=True)),
        "status": batch.status,
    }  # fmt: skip


def _with_unknown_values(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8", newline="") as out:
        reader, writer = csv.reader(src), csv.writer(out)
        headers = next(reader)
        writer.writerow(headers)
        occupation, scheme = headers.index("อาชีพ"), headers.index("สวัสดิการ")
        for i, row in enumerate(reader):
            if i % 2:
                row[occupation] = f"รับจ้างรายวัน {i % 40}, {row[occupation]}"
                row[scheme] = f"{row[scheme]}/เบี้ยยังชีพ {i % 7}"
            writer.writerow(row)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_import_one(Path(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    from bench.imports.generate import generate

    WORK.mkdir(parents=True, exist_ok=True)
    known, unknown = WORK / f"known-{args.rows}.csv", WORK / f"unknown-{args.rows}.csv"
    if not known.exists():
        generate(known, args.rows, seed=9, bad_every=40, dup_every=150)
    _with_unknown_values(known, unknown)
    for path in (known, unknown, known, unknown):
        for suffix in ("", "-wal", "-shm"):
            Path(str(WORK / "bench.sqlite3") + suffix).unlink(missing_ok=True)
        for command in (["manage.py", "migrate", "-v0"], ["manage.py", "load_org_units"]):
            subprocess.run([sys.executable, *command], env=_env(), cwd=ROOT, check=True, capture_output=True)
        done = subprocess.run(
            [sys.executable, "-m", "bench.imports.unknown_values", "--child", str(path)],
            env=_env(), cwd=ROOT, check=True, capture_output=True, text=True,
        )  # fmt: skip
        print(path.name, done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
