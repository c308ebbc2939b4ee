"""What working out an import chunk's tally cells costs in Python, apart from the database:
``python -m bench.counts.cells [--people 10000]`` (generated people, no database read or written).

Prints the best of five runs per person of ``facts_from_rows`` and ``contributions`` (the path of every
other bulk write) and of ``new_people_cells`` (the import's new people, staged: ADR 0400), and how many
cells each tally table gets for the chunk."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.imports.settings")

import django

django.setup()

from nokrabob.registry import tallies  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    count = parser.parse_args().people
    rng = random.Random(3)
    today = dt.date(2026, 11, 30)
    people = [
        (pk, "10", f"10{rng.randint(1, 50):02d}", rng.choice("MFU"),
         dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)), today)
        for pk in range(count)
    ]  # fmt: skip
    jobs = [(pk, rng.randint(1, 12), 0) for pk in range(count)]
    welfare = [
        (pk, scheme, "enrolled", today, order)
        for pk in range(count)
        for order, scheme in enumerate(rng.sample(range(1, 8), rng.randint(0, 2)))
    ]
    schemes_of: dict[int, list[int]] = {}
    for pk, scheme, _status, _day, _order in welfare:
        schemes_of.setdefault(pk, []).append(scheme)
    values = [
        (province, district, sex, born.year * 100 + born.month, [jobs[pk][1]], schemes_of.get(pk, []))
        for pk, province, district, sex, born, _registered in people
    ]
    best_facts = best_cells = best_new = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        new_people = [tallies.new_person(*value, formal_ids={5, 6}) for value in values]
        staged = tallies.new_people_cells(new_people, registered=today, status="enrolled")
        best_new = min(best_new, time.perf_counter() - started)
    assert staged == tallies.full_cells(tallies.facts_from_rows(people, jobs, welfare, formal_ids={5, 6}))
    for _ in range(5):
        started = time.perf_counter()
        facts = tallies.facts_from_rows(people, jobs, welfare, formal_ids={5, 6})
        middle = time.perf_counter()
        cells = tallies.contributions(facts)
        best_facts = min(best_facts, middle - started)
        best_cells = min(best_cells, time.perf_counter() - middle)
    print(
        f"facts_from_rows {best_facts * 1e6 / count:.1f} µs a person, "
        f"contributions {best_cells * 1e6 / count:.1f} µs a person; the import's new_person and "
        "new_people_cells "
        f"{best_new * 1e6 / count:.1f} µs a person; cells: "
        + ", ".join(f"{model.__name__} {len(found):,}" for model, found in cells.items())
    )


if __name__ == "__main__":
    main()
