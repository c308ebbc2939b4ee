"""Run every benchmark in turn (what `make bench` does); each prints its own table.

    python -m bench            # registry search/list (SQLite), then import/export (SQLite and PostgreSQL)

Each benchmark can also run alone, with its own options: ``python -m bench.registry --help``,
``python -m bench.imports --help``. The PostgreSQL run of the registry benchmark needs
``DATABASE_URL=postgres://…/bench_registry`` (see docs/BENCHMARKS.md).
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = (["bench.registry"], ["bench.imports", "--db", "both"])


def main() -> int:
    status = 0
    for args in BENCHMARKS:
        print(f"== python -m {' '.join(args)} ==", flush=True)
        status |= subprocess.call([sys.executable, "-m", *args])
    return status


if __name__ == "__main__":
    sys.exit(main())
