"""The bulk check's selector step by step, once, for the department's client: the scoped lookup of the
10,000 IDs, the current occupations and the latest welfare of the people found (as ``api.bulk.status_rows``
does them). ``BENCH_DATABASE_URL=postgres://…/bench_api python -m bench.api.steps`` (or ``BENCH_SQLITE=…``),
after ``python -m bench.api`` has built the registry and registered its clients."""

from __future__ import annotations

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")

import django

django.setup()

from bench.api.measure import _ids  # noqa: E402
from nokrabob.api.bulk import CHUNK  # noqa: E402
from nokrabob.api.models import ApiClient  # noqa: E402
from nokrabob.api.people import latest_welfare  # noqa: E402
from nokrabob.registry import selectors  # noqa: E402
from nokrabob.registry.models import Person, PersonOccupation  # noqa: E402
from nokrabob.registry.national_id import clean_national_id  # noqa: E402


def main() -> None:
    ids = _ids(Person.objects.count())
    client = ApiClient.objects.filter(unit__code="2400").order_by("-id").first()
    if client is None:
        raise SystemExit("run python -m bench.api first: it registers the department's client")
    started = time.perf_counter()
    wanted = sorted({c for c in (clean_national_id(r) for r in ids) if len(c) == 13})
    people = selectors.people_for(client.user)
    found: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        for national_id, pk in people.filter(national_id__in=wanted[start : start + CHUNK]).values_list(
            "national_id", "id"
        ):
            found[national_id or ""] = pk
    looked_up = time.perf_counter()
    person_ids = list(found.values())
    for start in range(0, len(person_ids), CHUNK):
        list(
            PersonOccupation.objects.filter(person_id__in=person_ids[start : start + CHUNK], is_current=True)
            .order_by("person_id", "-started_on", "id")
            .values_list("person_id", "occupation__code")
        )
    occupations = time.perf_counter()
    for start in range(0, len(person_ids), CHUNK):
        latest_welfare(person_ids[start : start + CHUNK])
    welfare = time.perf_counter()
    print(
        f"found {len(found):,} of {len(ids):,}: lookup {looked_up - started:.2f} s, "
        f"occupations {occupations - looked_up:.2f} s, welfare {welfare - occupations:.2f} s"
    )


if __name__ == "__main__":
    main()
