"""Builds the benchmark's registry: ``python -m bench.api.build N`` (in the environment ``bench.api``
sets up) migrates the database, loads the org units and writes N people with
``nokrabob.registry.generate.generate_people`` — the registry benchmark's generator: all 50 Bangkok
districts, one current occupation each, welfare records for about half. Prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from nokrabob.core.reference import load_org_units  # noqa: E402
from nokrabob.registry.generate import generate_people  # noqa: E402


def main() -> None:
    count = int(sys.argv[1])
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_org_units()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # a big page cache while building only
            cursor.execute("PRAGMA cache_size=-2000000")

        def progress(n: int) -> None:
            if n % 100_000 == 0:
                print(f"  {n:>9,} / {count:,} people", file=sys.stderr, flush=True)

        generate_people(count, progress=progress)
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(json.dumps({"people": count, "seconds": round(time.perf_counter() - started, 1)}), flush=True)


if __name__ == "__main__":
    main()
