"""Where a page's time goes: ``python -m bench.load.profile_pages [N]`` against the load benchmark's database.

For the registry list, a name search, a person's page and the dashboard, as a department officer (all of
Bangkok) and a district officer: the median time of N requests through Django's test client (the whole
middleware stack, the template rendered), the queries per page and their time, and the functions that took
the most time under cProfile (our code and Django's template engine).
Run it with the environment the load benchmark gives gunicorn (it prints it: ``--print-env``).
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import django

WORK = Path(os.environ.get("BENCH_WORK", "/tmp/bench_load"))


def main(n: int) -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from nokrabob.accounts.models import User

    plan = json.loads((WORK / "load.json").read_text(encoding="utf-8"))
    department = User.objects.get(username=plan["users"][0]["username"])
    district_plan = next(u for u in plan["users"] if u["district"])
    district = User.objects.get(username=district_plan["username"])
    first, last = plan["names"][""][0]
    person = plan["person_ids"][0]
    d_first, d_last = plan["names"][district_plan["district"]][0]
    pages = [
        ("department", department, "list page 1", "/registry/"),
        ("department", department, "list page 3", "/registry/?page=3"),
        ("department", department, "name search", f"/registry/?q={first}+{last}"),
        ("department", department, "person page", f"/registry/{person}/"),
        ("department", department, "dashboard", "/reports/"),
        ("district", district, "list page 1", "/registry/"),
        ("district", district, "name search", f"/registry/?q={d_first}+{d_last}"),
        ("district", district, "dashboard", "/reports/"),
    ]
    only = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")), "").split(",")
    pages = [p for p in pages if any(word in p[2] for word in only)]
    print(f"load {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| user | page | median ms | median CPU ms (Python) | queries | query ms | status |")
    print("|---|---|---:|---:|---:|---:|---:|")
    profiles = []
    for who, user, name, url in pages:
        client = Client()
        client.force_login(user)
        times, cpu, status = [], [], 0
        for i in range(n + 1):
            started, started_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if i:  # the first is a warm-up
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            status = response.status_code
        query_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"| {who} | {name} | {statistics.median(times):.1f} | {statistics.median(cpu):.1f} "
            f"| {len(queries)} | {query_ms:.1f} | {status} |"
        )
        if "--queries" in sys.argv:
            for q in queries.captured_queries:
                print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            client.get(url)
        profiler.disable()
        profiles.append((who, name, profiler))
    if "--profile" in sys.argv:
        for who, name, profiler in profiles:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(
                r"nokrabob|template/(base|defaulttags|loader_tags)|middleware", 25
            )
            print(f"\n### {who}: {name} ({n} requests)\n{out.getvalue()[-6000:]}")


if __name__ == "__main__":
    main(int(next((a for a in sys.argv[1:] if a.isdigit()), "10")))
