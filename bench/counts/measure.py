"""One engine's dashboard and outreach timings on the database the import left: ``python -m
bench.counts.measure`` (environment as bench.imports sets it). Prints one JSON line."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.imports.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.counts import duck, groupby  # noqa: E402
from nokrabob.accounts.models import User  # noqa: E402
from nokrabob.accounts.roles import Role  # noqa: E402
from nokrabob.core.fiscal import FiscalYear, years_before  # noqa: E402
from nokrabob.core.models import OrgUnit  # noqa: E402
from nokrabob.registry.eligibility import rule_in_force, schemes_with_rules  # noqa: E402
from nokrabob.registry.models import Occupation  # noqa: E402
from nokrabob.registry.tally_models import TALLIES  # noqa: E402
from nokrabob.registry.views_outreach import _outreach_counts  # noqa: E402
from nokrabob.reports import dashboard_counts  # noqa: E402
from nokrabob.reports.counts import CountFilter, registry_counts  # noqa: E402
from nokrabob.reports.selectors import registry_summary  # noqa: E402


def since_of(today: Any) -> Any:
    """The first day of the month eleven months before ``today``'s: twelve months of trend."""
    index = today.year * 12 + today.month - 1 - 11
    return today.replace(year=index // 12, month=index % 12 + 1, day=1)


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of ``repeat`` runs after one untimed warm-up run; and the last result."""
    result = run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def user(name: str, role: str) -> User:
    found = User.objects.filter(username=name).first()
    return found or User.objects.create(username=name, role=role, unit=OrgUnit.objects.get(code="2400"))


def ours(reader: User, today: Any) -> dict[str, Any]:
    """Every number of the executive dashboard, through the functions the dashboard calls."""
    summary = registry_summary(reader, today=today)
    flt = dashboard_counts.CountFilter(on=today)
    gap = {
        s.code: dashboard_counts.gap(reader, flt, scheme=s.code, on=today).get((), 0)
        for s in schemes_with_rules(today)
    }
    fiscal = FiscalYear.of(today)  # the dashboard's trend: this fiscal year's months and last year's
    year_flt = dashboard_counts.CountFilter(registered_from=FiscalYear(fiscal.be - 1).start, on=today)
    dashboard_counts.registered(reader, year_flt, ("month",))
    trend = {
        k[0]: n
        for k, n in registry_counts(reader, CountFilter(registered_from=since_of(today)), ["month"]).items()
    }
    areas = {
        level: {k[0]: n for k, n in dashboard_counts.registered(reader, flt, (level,)).items()}
        for level in ("district", "province")
    }
    areas["district"] = {k: n for k, n in areas["district"].items() if k.startswith("10")}
    return {
        "total": summary.total,
        "elderly": summary.elderly,
        "district": areas["district"],
        "province": areas["province"],
        "occupation": {r.code: r.count for r in summary.by_occupation},
        "reached": {r.code: r.count for r in summary.by_scheme},
        "gap": gap,
        "trend": trend,
    }


def main() -> None:
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    work = Path(os.environ.get("BENCH_WORK", "/tmp/bench_imports"))
    today = timezone.localdate()
    executive = user("bench-executive", Role.EXECUTIVE)
    bangkok = user("bench-department", Role.DEPARTMENT_STAFF)
    since = since_of(today)
    load_before = os.getloadavg()
    result: dict[str, Any] = {"engine": connection.vendor, "load_before": load_before}

    result["ours_s"], mine = timed(lambda: ours(executive, today), repeat)
    result["outreach_s"], outreach = timed(lambda: _outreach_counts(bangkok, "s40", today), repeat)
    result["outreach_districts"] = len(outreach)
    result["outreach_people"] = sum(r["n"] for r in outreach)

    db = settings.DATABASES["default"]
    sqlite_path = db["NAME"] if connection.vendor == "sqlite" else None
    pg_dsn = (
        None if sqlite_path else f"dbname={db['NAME']} host={db['HOST']} port={db['PORT']} user={db['USER']}"
    )
    started = time.perf_counter()
    con = duck.connect_and_copy(work, sqlite_path=sqlite_path, pg_dsn=pg_dsn)
    result["duckdb_copy_s"] = time.perf_counter() - started
    rules = {}
    for scheme in schemes_with_rules(today):
        rule = rule_in_force(scheme.code, today)
        assert rule is not None
        rules[scheme.code] = (
            years_before(today, rule.min_age or 0),
            None if rule.max_age is None else years_before(today, rule.max_age + 1),
            rule.excludes_formal_workers,
        )
    args: dict[str, Any] = {
        "today": today,
        "since": since,
        "elderly_born_by": years_before(today, 60),
        "rules": rules,
    }
    result["duckdb_s"], theirs = timed(lambda: duck.numbers(con, **args), repeat)
    codes = dict(Occupation.objects.values_list("pk", "code"))
    theirs["occupation"] = {codes.get(k, "none"): v for k, v in theirs["occupation"].items()}
    mine["occupation"] = {k: v for k, v in mine["occupation"].items() if v}
    theirs["occupation"] = {k: v for k, v in theirs["occupation"].items() if k in mine["occupation"] or v}
    mine["occupation"].pop("none", None)
    theirs["occupation"].pop("none", None)
    mine["reached"] = {k: v for k, v in mine["reached"].items() if v}
    result["same_numbers_as_duckdb"] = {key: mine[key] == theirs[key] for key in mine}
    if not all(result["same_numbers_as_duckdb"].values()):
        result["differences"] = {
            key: {"ours": mine[key], "duckdb": theirs[key]} for key in mine if mine[key] != theirs[key]
        }

    group_repeat = int(os.environ.get("BENCH_GROUPBY_REPEAT", "1"))
    result["groupby_s"], _old = timed(lambda: groupby.numbers(executive, today, since), group_repeat)
    result["outreach_groupby_s"], old_outreach = timed(
        lambda: groupby.outreach(bangkok, "s40", today), group_repeat
    )
    result["same_outreach_as_groupby"] = old_outreach == {r["district_code"]: r["n"] for r in outreach}
    result["tally_rows"] = {model.__name__: model._default_manager.count() for model in TALLIES}
    result["load_after"] = os.getloadavg()
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
