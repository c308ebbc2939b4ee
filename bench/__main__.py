"""Run every benchmark in turn (what `make bench` does); each prints its own table.

    python -m bench    # sound-alike keys, registry (SQLite), import/export and the API (both engines)

Each benchmark can also run alone, with its own options: ``python -m bench.registry --help``,
``python -m bench.imports --help``, ``python -m bench.soundalike --help``. The PostgreSQL run of the registry
benchmark needs ``DATABASE_URL=postgres://…/bench_registry`` (see docs/BENCHMARKS.md). The timing of the
sound-key migration, ``python -m bench.soundalike.migration``, runs apart: it builds a million people.
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = (
    ["bench.soundalike"],
    ["bench.registry"],
    ["bench.imports", "--db", "both"],
    ["bench.api", "--db", "both", "--reuse"],
)


def main() -> int:
    status = 0
    for args in BENCHMARKS:
        print(f"== python -m {' '.join(args)} ==", flush=True)
        status |= subprocess.call([sys.executable, "-m", *args])
    return status


if __name__ == "__main__":
    sys.exit(main())
