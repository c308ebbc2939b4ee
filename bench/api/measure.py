"""Times the agency API on the benchmark's registry: ``python -m bench.api.measure N REPEAT`` (in the
environment ``bench.api`` sets up). Prints one JSON line of median milliseconds.

- **Bulk status check, 10,000 IDs**: 4,000 people of Phra Nakhon (district 1001), 4,000 drawn from the whole
  registry (mostly other districts), 2,000 never registered, shuffled. Asked by a district office's client
  (Phra Nakhon) and by the department's client (all Bangkok), both allowed welfare. Timed three ways:
  the floor — a plain ``SELECT national_id, id … WHERE national_id IN (…)`` of the same IDs in the same
  chunks, no scope, no occupation or welfare, no JSON; the selector ``bulk.status_rows``; and the whole
  request through Django's test client (token, throttle, parsing, scope, audit row, JSON).
- **Cursor pages of the people list** (department token, 100 a page, the default ``oldest`` order): the first
  page, a page whose cursor points at the middle of the registry and one near its end — against the same
  page read with ``LIMIT/OFFSET`` at those depths, the peer cursor pagination replaces.
"""

from __future__ import annotations

import base64
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")

IDS = 10_000


def _median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _ids(people: int) -> list[str]:
    from django.db import connection

    from nokrabob.registry.generate import national_id_for

    rng = random.Random(13)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT national_id FROM registry_person WHERE district_code = %s ORDER BY id LIMIT 40000",
            ["1001"],
        )
        own = [row[0] for row in cursor.fetchall()]
    ids = rng.sample(own, min(4000, len(own)))
    ids += [national_id_for(rng.randrange(people)) for _ in range(4000)]
    ids += [national_id_for(people + n) for n in range(IDS - len(ids))]
    rng.shuffle(ids)
    return ids


def _clients() -> dict[str, str]:
    from nokrabob.api.services import client_register, token_issue
    from nokrabob.core.models import OrgUnit

    keys = {}
    for label, unit in (("district", "BMA-D1001"), ("department", "2400")):
        client = client_register(
            actor=None,
            name=f"bench {label} {time.time_ns()}",
            contact="bench",
            unit=OrgUnit.objects.get(code=unit),
            operations=["read", "status_check", "welfare"],
            rate_per_minute=1_000_000,
        )
        keys[label] = token_issue(actor=None, client=client)[1]
    return keys


def _cursor(position: int) -> str:
    """A cursor of the people list pointing at ``position`` (as DRF's CursorPagination encodes one)."""
    return base64.b64encode(urlencode({"p": str(position)}).encode()).decode()


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from nokrabob.api.bulk import CHUNK, status_rows
    from nokrabob.api.models import ApiClient
    from nokrabob.registry.models import Person

    people, repeat = int(sys.argv[1]), int(sys.argv[2])
    ids = _ids(people)
    keys = _clients()
    users = {
        label: ApiClient.objects.get(tokens__prefix=key.split(".")[0]).user for label, key in keys.items()
    }
    http = Client()
    body = json.dumps({"national_ids": ids})

    def floor() -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT national_id, id FROM registry_person WHERE national_id IN ({marks})",
                    chunk,
                )
                cursor.fetchall()

    def selector(label: str) -> Callable[[], Any]:
        return lambda: status_rows(users[label], ids, with_welfare=True)

    def request(label: str) -> Callable[[], Any]:
        def call() -> Any:
            response = http.post(
                "/api/v1/people/status-check/",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Token {keys[label]}",
            )
            assert response.status_code == 200, response.content[:300]
            return response

        return call

    registered = {label: request(label)().json()["registered"] for label in keys}
    out: dict[str, Any] = {
        "people": Person.objects.count(),
        "ids": len(ids),
        "registered_in_scope": registered,
        "floor_ms": _median_ms(floor, repeat),
    }
    for label in keys:
        out[f"selector_{label}_ms"] = _median_ms(selector(label), repeat)
        out[f"request_{label}_ms"] = _median_ms(request(label), repeat)

    max_id = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    listing = Person.objects.filter(merged_into__isnull=True).order_by("id")
    for name, position, offset in (
        ("first", None, 0),
        ("middle", max_id // 2, people // 2),
        ("end", max_id - 1000, people - 1000),
    ):
        query = {"page_size": 100, **({"cursor": _cursor(position)} if position else {})}

        def page(query: dict[str, Any] = query) -> None:
            response = http.get("/api/v1/people/", query, HTTP_AUTHORIZATION=f"Token {keys['department']}")
            assert response.status_code == 200 and len(response.json()["results"]) == 100, response.content[
                :300
            ]

        def offset_page(offset: int = offset) -> None:
            rows = list(listing.values_list("id", "first_name", "last_name")[offset : offset + 100])
            assert len(rows) == 100

        out[f"cursor_page_{name}_ms"] = _median_ms(page, repeat)
        out[f"offset_query_{name}_ms"] = _median_ms(offset_page, repeat)
    print(json.dumps(out), flush=True)


def report(results: dict[str, dict[str, Any]]) -> None:
    """Markdown tables of the engines' results."""
    print()
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end of the run.")
    print()
    print(
        "| engine | people | IDs asked | registered in scope (district / department) | case "
        "| median ms | × floor |"
    )
    print("|---|---:|---:|---|---|---:|---:|")
    for db, r in results.items():
        scope = f"{r['registered_in_scope']['district']:,} / {r['registered_in_scope']['department']:,}"
        floor = float(r["floor_ms"])
        for case, key in (
            ("floor: plain SELECT … IN of the 10,000 IDs", "floor_ms"),
            ("selector, district client", "selector_district_ms"),
            ("selector, department client", "selector_department_ms"),
            ("POST status-check, district client", "request_district_ms"),
            ("POST status-check, department client", "request_department_ms"),
        ):
            value = float(r[key])
            print(
                f"| {db} | {r['people']:,} | {r['ids']:,} | {scope} | {case} | {value:,.1f} "
                f"| {value / floor:.1f}× |"
            )
    print()
    print(
        "| engine | people list, 100 a page | cursor page (GET, whole request) ms | LIMIT/OFFSET query ms |"
    )
    print("|---|---|---:|---:|")
    for db, r in results.items():
        for name in ("first", "middle", "end"):
            cursor, offset = r[f"cursor_page_{name}_ms"], r[f"offset_query_{name}_ms"]
            print(f"| {db} | {name} | {cursor:,.1f} | {offset:,.1f} |")


if __name__ == "__main__":
    main()
