"""A page of a name search: one query for the whole OR against ``person_page``'s branches merged in Python.

    BENCH_PG_DB=bench_load .venv/bin/python -m bench.search [--samples 40] [--explain]

On a PostgreSQL database the load benchmark's import has filled (``bench.load``; the name must start with
``bench``). Names are sampled as the load benchmark samples them: a registered person's first name and
last name less its last letter. For each sample and case the two ways run one after the other, in
alternating order, with the list page's columns (``ROW_FIELDS``); the rows must be equal. Times are the
whole call (ORM included), milliseconds, after one untimed call of each (so both read from shared
buffers); then each way once more under ``EXPLAIN (ANALYZE, BUFFERS)`` for the database's own execution
time and the blocks it touched. ``--explain`` prints each way's plans for the first sample.
Adds two users to the database (``search-department``, ``search-district-NNNN``) the first time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

PG_DB = os.environ.get("BENCH_PG_DB", "bench_load")
if not PG_DB.startswith("bench") or not PG_DB.replace("_", "").isalnum():
    raise SystemExit("BENCH_PG_DB must start with 'bench' and hold only letters, digits and '_'")
os.environ["BENCH_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.imports.settings"


def user(username: str, role: str, unit: str) -> Any:
    from nokrabob.accounts.models import User
    from nokrabob.accounts.services import unit_by_code, user_create

    found = User.objects.filter(username=username).select_related("unit__area").first()
    if found is None:
        user_create(
            actor=None,
            username=username,
            password="bench-search-Passw0rd!",
            role=role,
            unit=unit_by_code(unit),
        )
        found = User.objects.select_related("unit__area").get(username=username)
    return found


def samples(n: int) -> list[tuple[str, str, str]]:
    """(first name, last name less its last letter, district) of ``n`` people picked at random."""
    from django.db import connection

    rng = random.Random(16)
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM registry_person WHERE district_code LIKE '10%%'")
        low, high = cursor.fetchone()
        cursor.execute(
            "SELECT first_name, last_name, district_code FROM registry_person "
            "WHERE id = ANY(%s) AND district_code LIKE '10%%' AND length(last_name) > 2",
            [rng.sample(range(low, high + 1), n * 4)],
        )
        rows = cursor.fetchall()
    rng.shuffle(rows)
    return [(first, last[:-1], district) for first, last, district in rows[:n]]


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def timed(fn: Callable[[], list[Any]]) -> tuple[float, list[int]]:
    start = time.perf_counter()
    rows = fn()
    return (time.perf_counter() - start) * 1000, [p.pk for p in rows]


def explain(label: str, fn: Callable[[], list[Any]]) -> None:
    from django.db import connection

    print(f"-- {label}")
    with connection.execute_wrapper(_explaining):
        fn()


def _explaining(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    if sql.lstrip().upper().startswith("SELECT") and "registry_person" in sql:
        cursor = context["cursor"]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        for (line,) in cursor.fetchall():
            print("   ", line)
    return execute(sql, params, many, context)


def database_side(fn: Callable[[], list[Any]]) -> tuple[float, int]:
    """The person queries' execution time in PostgreSQL (ms, from EXPLAIN ANALYZE) and the blocks they
    touched (shared hit + read), summed over the queries ``fn`` runs."""
    from django.db import connection

    total = [0.0, 0]

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT") and "registry_person" in sql:
            cursor = context["cursor"]
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]
            total[0] += plan["Execution Time"]
            total[1] += plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"]
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return total[0], int(total[1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from nokrabob.registry.list_rows import ROW_FIELDS
    from nokrabob.registry.selectors import person_page, person_search

    def shape(queryset: Any) -> Any:
        return queryset.select_related(None).only(*ROW_FIELDS)

    department = user("search-department", "department_staff", "2400")
    names = samples(args.samples)
    cases: list[tuple[str, Callable[[str, str, str], tuple[Any, dict[str, str], int]]]] = [
        (
            "department, first + last-name prefix, page 1",
            lambda f, la, d: (department, {"q": f"{f} {la}"}, 0),
        ),
        (
            "department, first + last-name prefix, page 3",
            lambda f, la, d: (department, {"q": f"{f} {la}"}, 100),
        ),
        (
            "department, first + last-name prefix, name descending",
            lambda f, la, d: (department, {"q": f"{f} {la}", "sort": "-name"}, 0),
        ),
        (
            "department, first + last-name prefix, newest first",
            lambda f, la, d: (department, {"q": f"{f} {la}", "sort": "newest"}, 0),
        ),
        (
            "department, first + last-name prefix, by birth date",
            lambda f, la, d: (department, {"q": f"{f} {la}", "sort": "birth"}, 0),
        ),
        (
            "district officer, first + last-name prefix",
            lambda f, la, d: (
                user(f"search-district-{d}", "district_staff", f"BMA-D{d}"),
                {"q": f"{f} {la}"},
                0,
            ),
        ),
        ("department, one word (last name)", lambda f, la, d: (department, {"q": la}, 0)),
        ("department, one word (first name)", lambda f, la, d: (department, {"q": f}, 0)),
    ]
    print(f"database {PG_DB}, {len(names)} sampled names, load average {load()}")
    print("| case | one query: median / p95 ms | database ms, blocks | person_page: median / p95 ms "
          "| database ms, blocks | page ÷ one query (medians) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for label, make in cases:
        times: dict[str, list[float]] = {"one": [], "page": []}
        db_ms: dict[str, list[float]] = {"one": [], "page": []}
        blocks: dict[str, list[int]] = {"one": [], "page": []}
        for i, (first, last, district) in enumerate(names):
            who, filters, offset = make(first, last, district)

            def whole(who: Any = who, filters: dict[str, str] = filters, offset: int = offset) -> list[Any]:
                return list(shape(person_search(who, filters=filters))[offset : offset + 51])

            def merged(who: Any = who, filters: dict[str, str] = filters, offset: int = offset) -> list[Any]:
                return person_page(who, filters, offset=offset, limit=51, shape=shape)

            if args.explain and i == 0:
                explain(f"{label}: one query", whole)
                explain(f"{label}: person_page", merged)
            ways = {"one": whole, "page": merged}
            order = ["one", "page"] if i % 2 else ["page", "one"]
            for way in order:  # warm: both read the same blocks from shared buffers when timed
                ways[way]()
            rows = {}
            for way in order:
                ms, rows[way] = timed(ways[way])
                times[way].append(ms)
            if rows["one"] != rows["page"]:
                raise SystemExit(f"{label}: rows differ for {filters}")
            for way in order:
                spent, touched = database_side(ways[way])
                db_ms[way].append(spent)
                blocks[way].append(touched)
        med = statistics.median
        print(
            f"| {label} | {med(times['one']):.1f} / {p95(times['one']):.1f} "
            f"| {med(db_ms['one']):.2f}, {med(blocks['one']):.0f} "
            f"| {med(times['page']):.1f} / {p95(times['page']):.1f} "
            f"| {med(db_ms['page']):.2f}, {med(blocks['page']):.0f} "
            f"| {med(times['page']) / med(times['one']):.2f} |",
            flush=True,
        )
    print(f"load average {load()}")


if __name__ == "__main__":
    main()
