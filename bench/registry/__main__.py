"""Registry search and list at 10,000 and 1,000,000 people.

    .venv/bin/python -m bench.registry                    # SQLite (var/bench_registry.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_registry .venv/bin/python -m bench.registry

The database is created afresh (SQLite file removed; PostgreSQL database dropped and created), migrated,
and filled by ``bench.registry.generate``. At each size every case runs ``--repeat`` times with a different
person each time (after two warm-up runs) and the median is kept. The floor is the same client request
for a page that reads no people (the home page) in the same run, so the table can be read on a noisy
machine; the bar is the ratio 1M / 10k ≤ 5.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.registry.settings"


def _fresh_database() -> None:
    from config.env import env

    url = env.str("DATABASE_URL", default="")
    if not url:
        from bench.registry import settings

        path = settings.DATABASES["default"]["NAME"]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return
    import psycopg

    db = env.db_url("DATABASE_URL")
    name = db["NAME"]
    if not name.startswith("bench"):
        sys.exit("The benchmark drops its database: give it one whose name starts with 'bench'.")
    with psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _median_ms(fn: Callable[[int], Any], repeat: int) -> float:
    fn(0)
    fn(1)
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i + 2)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from nokrabob.accounts.models import User
    from nokrabob.core.models import OrgUnit
    from nokrabob.core.reference import load_org_units
    from nokrabob.registry.generate import generate_people, national_id_for
    from nokrabob.registry.models import Person

    call_command("migrate", verbosity=0)
    load_org_units()
    staff = User.objects.create(
        username="bench-sps", role="department_staff", unit=OrgUnit.objects.get(code="2400")
    )
    district = User.objects.create(
        username="bench-d1001", role="district_staff", unit=OrgUnit.objects.get(code="BMA-D1001")
    )
    staff_client, district_client = Client(), Client()
    staff_client.force_login(staff)
    district_client.force_login(district)
    engine = connection.vendor
    results: dict[int, dict[str, float]] = {}
    have = 0
    for size in sizes:
        started = time.perf_counter()

        def progress(n: int, base: int = have, size: int = size) -> None:
            print(f"\r  {base + n:>9,} / {size:,} people", end="", file=sys.stderr, flush=True)

        with connection.cursor() as cursor:
            if engine == "sqlite":  # a big page cache while building only; measured with the project's own
                cursor.execute("PRAGMA cache_size=-2000000")
            generate_people(size - have, start=have, progress=progress)
            have = size
            if engine == "postgresql":
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA cache_size=-64000")
        print(f"\n  built {size:,} people in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        rng = random.Random(size)
        serials = [rng.randrange(size) for _ in range(args.repeat + 2)]
        names = [
            Person.objects.filter(national_id=national_id_for(s)).values_list("first_name", "last_name").get()
            for s in serials
        ]
        changed = sum(1 for first, last in names if (sound_alike(first), sound_alike(last)) != (first, last))
        print(f"  {changed} of {len(names)} sound-alike queries are spelled differently", file=sys.stderr)
        cases = _cases(staff, district, serials, names, staff_client, district_client)
        results[size] = {
            label: _median_ms(fn, 3 if label.startswith("outreach") else args.repeat)
            for label, fn in cases.items()
        }
    _report(engine, sizes, results)


# Letters that sound the same in Thai; swapping one keeps a name's MetaSound key but breaks a prefix match.
SAME_SOUND = ("ศส", "สศ", "ทธ", "ธท", "ตฏ", "ดฎ", "นณ", "ณน", "พภ", "ภพ", "คฆ", "ชฌ", "ยญ", "ฐถ", "ขฃ")


def sound_alike(name: str) -> str:
    """A different spelling of ``name`` with the same sound key (or the name itself if none is found)."""
    from nokrabob.registry.names import sound_key

    key = sound_key(name)
    for i, letter in enumerate(name):
        for pair in SAME_SOUND:
            if letter == pair[0]:
                variant = name[:i] + pair[1] + name[i + 1 :]
                if sound_key(variant) == key:
                    return variant
    return name


def _cases(
    staff: Any,
    district_client_user: Any,
    serials: list[int],
    names: list[tuple[str, str]],
    staff_client: Any,
    district_client: Any,
) -> dict[str, Callable[[int], Any]]:
    from nokrabob.registry.generate import national_id_for
    from nokrabob.registry.selectors import person_search

    def by_id(i: int) -> None:
        rows = list(person_search(staff, filters={"q": national_id_for(serials[i])})[:51])
        assert len(rows) == 1, rows

    def by_name(i: int) -> None:
        first, last = names[i]
        rows = list(person_search(staff, filters={"q": f"{first} {last[:-1]}"})[:51])
        assert rows, (first, last)

    def by_first_name_only(i: int) -> None:
        # one word: every person with that first name (about 600 at 1M) or a sound-alike name matches
        rows = list(person_search(staff, filters={"q": names[i][0]})[:51])
        assert rows

    def by_sound(i: int) -> None:
        first, last = names[i]
        q = f"{sound_alike(first)} {sound_alike(last)}"  # spelled differently, sounds the same
        rows = list(person_search(staff, filters={"q": q})[:51])
        assert rows, q

    def filtered_selector(i: int) -> None:
        code = f"10{(i % 50) + 1:02d}"
        qs = person_search(
            staff, filters={"district": code, "occupation": "street_vendor", "eligible": "s40"}
        )
        rows = list(qs[:51])
        assert rows

    def list_page(i: int) -> None:
        code = f"10{(i % 50) + 1:02d}"
        response = staff_client.get(
            "/registry/",
            {"district": code, "occupation": "street_vendor", "eligible": "s40", "age_band": "30-44"},
        )
        assert response.status_code == 200

    def list_page_district_user(i: int) -> None:
        response = district_client.get("/registry/", {"page": str(1 + i % 5)})
        assert response.status_code == 200

    def search_page(i: int) -> None:
        first, last = names[i]
        response = staff_client.get("/registry/", {"q": f"{first} {last}"})
        assert response.status_code == 200

    def outreach_counts(user: Any) -> Callable[[int], Any]:
        def run(i: int) -> None:
            from django.db.models import Count

            from nokrabob.registry.selectors import PersonFilters

            queryset = person_search(user, filters=PersonFilters(eligible="s40"))
            rows = list(queryset.order_by().values("district_code").annotate(n=Count("id")))
            assert rows

        return run

    def floor(i: int) -> None:
        assert staff_client.get("/").status_code == 200

    return {
        "floor: home page (reads no people)": floor,
        "search by national ID (selector)": by_id,
        "search by name: first name + last-name prefix (selector)": by_name,
        "search by sound-alike name (selector)": by_sound,
        "search by one common first name only (selector)": by_first_name_only,
        "filtered list, district + occupation + eligible s40 (selector)": filtered_selector,
        "list page, 4 filters (test client, rendered)": list_page,
        "list page, district user, pages 1–5 (test client)": list_page_district_user,
        "search page by full name (test client)": search_page,
        "outreach counts per district, uncached, one district (3 runs)": outreach_counts(
            district_client_user
        ),
        "outreach counts per district, uncached, all Bangkok (3 runs)": outreach_counts(staff),
    }


def _report(engine: str, sizes: list[int], results: dict[int, dict[str, float]]) -> None:
    small, big = sizes[0], sizes[-1]
    print(f"\n### {engine} — median ms over the runs; ratio = {big:,} / {small:,}\n")
    print(f"| case | {small:,} | {big:,} | ratio |")
    print("|---|---:|---:|---:|")
    for label in results[small]:
        a, b = results[small][label], results[big][label]
        print(f"| {label} | {a:.2f} | {b:.2f} | {b / a:.2f}× |")


if __name__ == "__main__":
    main()
