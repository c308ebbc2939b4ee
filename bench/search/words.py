"""One-word and short searches, page against the one query, for three officers.

    BENCH_PG_DB=bench_search .venv/bin/python -m bench.search.words
    BENCH_SQLITE=/tmp/bench_counts/bench.sqlite3 .venv/bin/python -m bench.search.words

On a database the import benchmark filled (PostgreSQL ``BENCH_PG_DB``, or the SQLite file ``BENCH_SQLITE``).
The words: 10 registered people of Bangkok and Chiang Mai (every 20,011th id), each one's first name, last
name, first two letters, and first and last name less their last letter, then ``สม``, ``ก``, ``zz``,
``Smith``, ``ประเสริฐ``, ``บุญ``. For a Bangkok department officer, Chiang Mai's provincial officer and a
district officer (Phra Nakhon), in the sorts ``name`` and ``-name``: ``person_page`` and the one query's
first 51 rows, compared row for row, each timed once (milliseconds, the ORM included). Prints the median
and the worst of each. Adds the officers to the database the first time.
"""

from __future__ import annotations

import os
import statistics
import time

from bench.search.__main__ import user

if os.environ.get("BENCH_SQLITE"):  # bench.search names the PostgreSQL database; a SQLite file was asked for
    os.environ.pop("BENCH_DATABASE_URL")


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from nokrabob.registry import selectors
    from nokrabob.registry.list_rows import ROW_FIELDS

    officers = [
        user("search-department", "department_staff", "2400"),
        user("province-50-officer", "provincial_staff", "PLO-50"),
        user("search-district-1001", "district_staff", "BMA-D1001"),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT first_name, last_name FROM registry_person "
            "WHERE id %% 20011 = 7 AND province_code IN ('10', '50') ORDER BY id LIMIT 10",
            [],
        )
        people = cursor.fetchall()
    words = [w for first, last in people for w in (first, last, first[:2], last[:-1], first[:-1])]
    words += ["สม", "ก", "zz", "Smith", "ประเสริฐ", "บุญ"]

    def shape(queryset):  # type: ignore[no-untyped-def]
        return queryset.select_related(None).only(*ROW_FIELDS)

    print(f"{connection.vendor}, {len(words)} words × 2 sorts, load {os.getloadavg()}")
    for officer in officers:
        pages, ones = [], []
        for word in words:
            for sort in ("name", "-name"):
                filters = {"q": word, "sort": sort}
                started = time.perf_counter()
                page = selectors.person_page(officer, filters, limit=51, shape=shape)
                pages.append((time.perf_counter() - started, word, sort))
                started = time.perf_counter()
                one = list(shape(selectors.person_search(officer, filters=filters))[:51])
                ones.append(time.perf_counter() - started)
                if [p.pk for p in page] != [p.pk for p in one]:
                    raise SystemExit(f"different rows: {officer.username} {word} {sort}")
        worst = max(pages)
        print(
            f"{officer.username}: page median {statistics.median(p[0] for p in pages) * 1000:.1f} ms, "
            f"worst {worst[0] * 1000:.1f} ms ({worst[1]} {worst[2]}); one query median "
            f"{statistics.median(ones) * 1000:.1f} ms, worst {max(ones) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
