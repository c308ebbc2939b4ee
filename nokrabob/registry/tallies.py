"""Keeping the registry's counts (``tally_models``) equal to the records, in the same transaction as
every write (ADR 0400).

A person's *contribution* is the set of tally cells they count in, worked out from their record, their
occupations and their welfare records (:func:`facts_of`). A write changes the tallies by the difference
between the contribution of the people it touched after the write and before it:

- single-record writes through the ORM (the services, forms, admin, demo data): model signals around
  each ``save()``/``delete()`` of a person, an occupation or a welfare record;
- bulk writes (merge's moved rows, the import's store and its rollback, mapped import values):
  ``with recounting(ids) as track:`` around the write; the signals leave those people alone meanwhile.

:func:`rebuild` recounts every table from scratch (``manage.py rebuild_counts``; the tests compare it
with what the upkeep kept).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from nokrabob.registry.tally_models import PERSON_DIMS, SCHEME_DIMS, STAGED, TALLIES, Tally

REACHED = ("enrolled", "received")  # a scheme's people: their record says enrolled or received
IN_CHUNK = 5000  # ids per IN (...) list

Cell = tuple[Any, ...]


@dataclass
class Facts:
    """What one person counts as: the values of every tally column."""

    pk: int
    province_code: str
    district_code: str
    sex: str
    birth_date: dt.date | None
    registered: dt.date  # local date of the record's creation
    occupation_id: int = 0
    formal: bool = False
    schemes: dict[int, tuple[str, bool]] = field(default_factory=dict)  # id → (latest status, ever reached)

    @property
    def birth_month(self) -> int:
        return self.birth_date.year * 100 + self.birth_date.month if self.birth_date else 0

    @property
    def reg_month(self) -> int:
        return self.registered.year * 100 + self.registered.month

    def person_cell(self) -> Cell:
        return (
            self.province_code,
            self.district_code,
            self.sex,
            self.birth_month,
            self.reg_month,
            self.occupation_id,
            self.formal,
        )

    def scheme_cells(self) -> Iterator[Cell]:
        base = self.person_cell()
        for scheme_id, (status, reached) in sorted(self.schemes.items()):
            yield (*base, scheme_id, status, reached)


def formal_scheme_ids() -> set[int]:
    from nokrabob.registry.models import Scheme

    return set(Scheme.objects.filter(is_formal=True).values_list("pk", flat=True))


def _local_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value  # type: ignore[no-any-return]


def facts_from_rows(
    people: Iterable[Sequence[Any]],
    occupations: Iterable[Sequence[Any]],
    welfare: Iterable[Sequence[Any]],
    *,
    formal_ids: set[int] | None = None,
) -> list[Facts]:
    """Facts from raw rows: people ``(pk, province, district, sex, birth_date, created_at)`` (merged-away
    people left out by the caller), current occupations ``(person_id, occupation_id, row id)`` and welfare
    ``(person_id, scheme_id, status, recorded_on, row id)``."""
    formal_ids = formal_scheme_ids() if formal_ids is None else formal_ids
    found = {row[0]: Facts(row[0], row[1], row[2], row[3], row[4], _local_date(row[5])) for row in people}
    latest_occupation: dict[int, int] = {}
    for person_id, occupation_id, row_id in occupations:
        facts = found.get(person_id)
        if facts is not None and row_id > latest_occupation.get(person_id, -1):
            latest_occupation[person_id] = row_id
            facts.occupation_id = occupation_id
    latest: dict[tuple[int, int], tuple[Any, int]] = {}
    for person_id, scheme_id, status, recorded_on, row_id in welfare:
        facts = found.get(person_id)
        if facts is None:
            continue
        key = (person_id, scheme_id)
        order = (recorded_on, row_id)
        _old, reached = facts.schemes.get(scheme_id, ("", False))
        if key not in latest or order > latest[key]:
            latest[key] = order
            facts.schemes[scheme_id] = (status, reached or status in REACHED)
        else:
            facts.schemes[scheme_id] = (_old, reached or status in REACHED)
    for facts in found.values():
        facts.formal = any(facts.schemes.get(pk, ("", False))[0] in REACHED for pk in formal_ids)
    return list(found.values())


def facts_of(
    condition: Q, *, formal_ids: set[int] | None = None, occupations: bool = True, welfare: bool = True
) -> list[Facts]:
    """The facts of the people (not merged away) matching ``condition`` on ``Person`` (``occupations`` /
    ``welfare`` False: those parts left out, for a count that does not look at them)."""
    from nokrabob.registry.models import Person, PersonOccupation, WelfareRecord

    people = list(
        Person.objects.filter(condition, merged_into__isnull=True)
        .order_by()
        .values_list("pk", "province_code", "district_code", "sex", "birth_date", "created_at")
    )
    ids = [row[0] for row in people]
    jobs: list[tuple[Any, ...]] = []
    steps: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        if occupations:
            jobs += PersonOccupation.objects.filter(person_id__in=chunk, is_current=True).values_list(
                "person_id", "occupation_id", "pk"
            )
        if welfare:
            steps += WelfareRecord.objects.filter(person_id__in=chunk).values_list(
                "person_id", "scheme_id", "status", "recorded_on", "pk"
            )
    return facts_from_rows(people, jobs, steps, formal_ids=formal_ids if welfare else set())


def facts_of_ids(ids: Iterable[int]) -> list[Facts]:
    ids = sorted(set(ids))
    if not ids:
        return []
    result: list[Facts] = []
    formal_ids = formal_scheme_ids()
    for start in range(0, len(ids), IN_CHUNK):
        result += facts_of(Q(pk__in=ids[start : start + IN_CHUNK]), formal_ids=formal_ids)
    return result


# ── Contributions to the tables ────────────────────────────────────────────────────────────────


def full_cells(facts: Iterable[Facts]) -> tuple[Counter[Cell], Counter[Cell]]:
    """These people's full cells (``PERSON_DIMS``) and full scheme cells (``SCHEME_DIMS``), counted."""
    people: Counter[Cell] = Counter()
    schemes: Counter[Cell] = Counter()
    for one in facts:
        people[one.person_cell()] += 1
        if one.schemes:
            schemes.update(one.scheme_cells())
    return people, schemes


def project(people: Counter[Cell], schemes: Counter[Cell]) -> dict[type[Tally], Counter[Cell]]:
    """Each tally table's cells from the full ones: the narrower tables' cells are sums of full cells."""
    tallies: dict[type[Tally], Counter[Cell]] = {}
    for model in TALLIES:
        source, dims = (schemes, SCHEME_DIMS) if model.SCHEMES else (people, PERSON_DIMS)
        if dims == model.DIMS:
            tallies[model] = Counter(source)
            continue
        pick = itemgetter(*(dims.index(d) for d in model.DIMS))
        narrow: Counter[Cell] = Counter()
        for cell, n in source.items():
            narrow[pick(cell)] += n
        tallies[model] = narrow
    return tallies


def contributions(facts: Iterable[Facts]) -> dict[type[Tally], Counter[Cell]]:
    """Each tally table's cells and counts for these people: the full cells counted once, the narrower
    tables' cells projected from them (a chunk of the import has about as many full cells as people)."""
    return project(*full_cells(facts))


def _write(model: type[Tally], delta: Counter[Cell], *, add_to_existing: bool = True) -> None:
    """Write ``delta``'s cells into ``model``'s table: added to the cells there (an upsert on the
    table's unique cell), or appended as rows (``add_to_existing`` False: the staging tables)."""
    rows = [(*cell, n) for cell, n in delta.items() if n]
    if not rows:
        return
    table = model._meta.db_table
    names = (*model.DIMS, "n")
    columns = ", ".join(f'"{d}"' for d in names)
    if not add_to_existing and connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    # In key order: the unique index is walked once instead of at random, and two writers lock cells in
    # the same order.
    rows.sort()
    conflict = ", ".join(f'"{d}"' for d in model.DIMS)
    update = (
        f'ON CONFLICT ({conflict}) DO UPDATE SET "n" = "{table}"."n" + excluded."n"'
        if add_to_existing
        else ""
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement over arrays, one per column: an import's chunk moves some 40,000 cells, and
            # one statement per cell cost more in round trips and parsing than the upserts themselves.
            arrays = ", ".join(f"%s::{model._meta.get_field(d).db_type(connection)}[]" for d in names)
            sql = f'INSERT INTO "{table}" ({columns}) SELECT * FROM unnest({arrays}) {update}'  # noqa: S608
            cursor.execute(sql, [list(values) for values in zip(*rows, strict=True)])
            return
        marks = ", ".join(["%s"] * len(names))
        sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks}) {update}'  # noqa: S608 - model names
        cursor.executemany(sql, rows)


def apply(before: Iterable[Facts], after: Iterable[Facts]) -> None:
    """Move the tallies from the ``before`` contribution to the ``after`` one."""
    old, new = contributions(before), contributions(after)
    for model in TALLIES:
        delta = new[model]
        delta.subtract(old[model])
        _write(model, delta)


# ── Staged counts of a bulk import ─────────────────────────────────────────────────────────────
# A chunk of the import appends its new people's full cells to two staging tables (no unique index to
# probe, about one row per person) instead of adding some 40,000 cells to six tables; the import folds
# them into every table once, when it ends. Readers add the staged rows to the tallies' in one statement
# (``counting``), so a count never misses a committed chunk, nor counts one twice while a fold commits.


def stage(people: Counter[Cell], schemes: Counter[Cell]) -> None:
    """Append new people's full cells (``full_cells``, ``new_people_cells``) to the staging tables."""
    _write(STAGED[False], people, add_to_existing=False)
    _write(STAGED[True], schemes, add_to_existing=False)


NewPerson = tuple[str, str, str, int, int, bool, tuple[int, ...]]


def new_person(
    province: str,
    district: str,
    sex: str,
    birth_month: int,
    occupations: Sequence[int],
    schemes: Sequence[int],
    *,
    formal_ids: set[int] | frozenset[int],
) -> NewPerson:
    """What ``new_people_cells`` needs of one person just created: (province, district, sex, birth month,
    latest occupation, whether a scheme is a formal one, the schemes). The import works it out per row in
    its helper process, beside the row rules, so the writing process only counts. ``occupations`` in the
    order written: the rule of ``facts_from_rows`` is that the occupation written last is the latest."""
    return (
        province,
        district,
        sex,
        birth_month,
        occupations[-1] if occupations else 0,
        any(pk in formal_ids for pk in schemes),
        tuple(sorted(set(schemes))),
    )


def new_people_cells(
    people: Iterable[NewPerson], *, registered: dt.date, status: str
) -> tuple[Counter[Cell], Counter[Cell]]:
    """``full_cells`` of people just created (``new_person``) whose every welfare record has the same
    ``status`` (the import's new people), without building their facts: people alike are counted first,
    so the cells are built once per kind of person, not once per person. ``registry/tests/test_tallies.py``
    checks that this agrees with the facts of the same rows."""
    reached = status in REACHED
    reg_month = registered.year * 100 + registered.month
    cells: Counter[Cell] = Counter()
    scheme_cells: Counter[Cell] = Counter()
    for (province, district, sex, birth_month, occupation, formal, schemes), n in Counter(people).items():
        cell = (province, district, sex, birth_month, reg_month, occupation, reached and formal)
        cells[cell] += n
        for scheme_id in schemes:
            scheme_cells[(*cell, scheme_id, status, reached)] += n
    return cells, scheme_cells


def _lock_staged() -> None:
    """On PostgreSQL, a fold or a rebuild waits for the chunks writing to the staging tables, and they
    for it: two folds of the same rows would count them twice. (SQLite has one writer at a time.)"""
    if connection.vendor == "postgresql":
        tables = ", ".join(f'"{model._meta.db_table}"' for model in STAGED.values())
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def fold_staged() -> int:
    """Add the staged counts to every tally table and empty the staging tables, in one transaction.
    Returns the staged rows folded."""
    _lock_staged()
    folded = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A million staged rows grouped in memory, not in batches spilled to disk (4 MB by default).
            cursor.execute("SET LOCAL work_mem = '256MB'")
        for schemes, staged in STAGED.items():
            source = staged._meta.db_table
            cursor.execute(f'SELECT COUNT(*) FROM "{source}"')  # noqa: S608 - model names
            rows = cursor.fetchone()[0]
            if not rows:
                continue
            folded += rows
            for model in TALLIES:
                if schemes != model.SCHEMES:
                    continue
                table = model._meta.db_table
                dims = ", ".join(f'"{d}"' for d in model.DIMS)
                # ``WHERE 1 = 1``: SQLite's upsert after a SELECT needs a WHERE clause to parse.
                cursor.execute(
                    f'INSERT INTO "{table}" ({dims}, "n") '  # noqa: S608 - model names
                    f'SELECT {dims}, SUM("n") FROM "{source}" WHERE 1 = 1 GROUP BY {dims} '
                    f'HAVING SUM("n") <> 0 ORDER BY {dims} '
                    f'ON CONFLICT ({dims}) DO UPDATE SET "n" = "{table}"."n" + excluded."n"'
                )
            cursor.execute(f'DELETE FROM "{source}"')  # noqa: S608 - model names
    return folded


def has_staged(schemes: bool) -> bool:
    return STAGED[schemes]._default_manager.exists()


# ── Bulk writes ────────────────────────────────────────────────────────────────────────────────

_local = threading.local()


def _tracked() -> Counter[int]:
    if not hasattr(_local, "tracked"):
        _local.tracked = Counter()
    return _local.tracked  # type: ignore[no-any-return]


class Tracker:
    """The people a bulk write touches: ``existing`` counted before it, ``new`` ones added meanwhile."""

    def __init__(self, existing: Iterable[int]) -> None:
        self.ids = set(existing)
        self.before = facts_of_ids(self.ids)
        self.staged: tuple[Counter[Cell], Counter[Cell]] = (Counter(), Counter())
        _tracked().update(self.ids)

    def new(self, ids: Iterable[int]) -> None:
        """People created inside the block (they counted nowhere before it)."""
        fresh = set(ids) - self.ids
        self.ids |= fresh
        _tracked().update(fresh)

    def stage(self, people: Counter[Cell], schemes: Counter[Cell]) -> None:
        """The full cells of people created inside the block, to be staged (the import's chunks: the
        writer has them from its rows, ``new_people_cells``) rather than added to the tallies."""
        self.staged[0].update(people)
        self.staged[1].update(schemes)

    def done(self) -> None:
        stage(*self.staged)  # the staging tables first: a fold takes their lock before any cell's
        apply(self.before, facts_of_ids(self.ids))

    def release(self) -> None:
        tracked = _tracked()
        tracked.subtract(self.ids)
        for pk in [pk for pk, n in tracked.items() if n <= 0]:
            del tracked[pk]


@contextmanager
def recounting(existing: Iterable[int] = ()) -> Iterator[Tracker]:
    """Around a bulk write: the tallies follow the people it touches, in the same transaction."""
    with transaction.atomic():
        tracker = Tracker(existing)
        try:
            yield tracker
            tracker.done()
        finally:
            tracker.release()


def is_tracked(person_id: int | None) -> bool:
    return person_id is not None and _tracked().get(person_id, 0) > 0


# ── Repair ─────────────────────────────────────────────────────────────────────────────────────


def recount(*, chunk: int = 20000, apps: Any = None) -> dict[type[Tally], Counter[Cell]]:
    """Every table's counts worked out afresh from the records (nothing read from the tallies).
    ``apps``: a migration's historical models instead of today's."""
    if apps is None:
        from django.apps import apps
    Person, PersonOccupation, WelfareRecord, Scheme = (
        apps.get_model("registry", name) for name in ("Person", "PersonOccupation", "WelfareRecord", "Scheme")
    )
    totals: dict[type[Tally], Counter[Cell]] = {model: Counter() for model in TALLIES}
    formal_ids = set(Scheme.objects.filter(is_formal=True).values_list("pk", flat=True))
    last = 0
    while True:
        people = list(
            Person.objects.filter(pk__gt=last, merged_into__isnull=True)
            .order_by("pk")
            .values_list("pk", "province_code", "district_code", "sex", "birth_date", "created_at")[:chunk]
        )
        if not people:
            break
        low, high = people[0][0], people[-1][0]
        occupations = PersonOccupation.objects.filter(
            person_id__gte=low, person_id__lte=high, is_current=True
        ).values_list("person_id", "occupation_id", "pk")
        welfare = WelfareRecord.objects.filter(person_id__gte=low, person_id__lte=high).values_list(
            "person_id", "scheme_id", "status", "recorded_on", "pk"
        )
        facts = facts_from_rows(people, occupations, welfare, formal_ids=formal_ids)
        for model, cells in contributions(facts).items():
            totals[model].update(cells)
        last = high
    return totals


def stored() -> dict[type[Tally], Counter[Cell]]:
    """What the tables hold now, the staged counts included (cells with a count of zero left out)."""
    staged: list[Counter[Cell]] = []
    for model in (STAGED[False], STAGED[True]):
        cells: Counter[Cell] = Counter()  # a cell staged by several chunks has a row for each
        for row in model._default_manager.values_list(*model.DIMS, "n"):
            cells[tuple(row[:-1])] += row[-1]
        staged.append(cells)
    kept = project(*staged)
    for model in TALLIES:
        kept[model].update(
            {tuple(row[:-1]): row[-1] for row in model._default_manager.values_list(*model.DIMS, "n")}
        )
    return {model: Counter({cell: n for cell, n in cells.items() if n}) for model, cells in kept.items()}


def compare() -> dict[type[Tally], tuple[int, set[Cell]]]:
    """Each table's cells in a fresh recount, and the cells whose kept count (the staged counts included)
    differs from it: none anywhere when the upkeep is right (``rebuild_counts --check``, the tests)."""
    fresh, kept = recount(), stored()
    result = {}
    for model, cells in fresh.items():
        expected = +cells
        differ = {
            cell for cell in expected.keys() | kept[model].keys() if expected[cell] != kept[model][cell]
        }
        result[model] = (len(expected), differ)
    return result


@transaction.atomic
def rebuild(apps: Any = None) -> dict[str, int]:
    """Replace every table's rows with a fresh recount; returns the cells written per table."""
    if apps is None:
        # Before the recount: a chunk committing its staged rows between the recount and their deletion
        # would lose them. The staged counts are in the recount; a migration has none to empty.
        _lock_staged()
        for staged in STAGED.values():
            staged._default_manager.all().delete()
    fresh = recount(apps=apps)
    written = {}
    for tally in TALLIES:
        model: Any = tally if apps is None else apps.get_model("registry", tally.__name__)
        model._default_manager.all().delete()
        model._default_manager.bulk_create(
            [model(**dict(zip(tally.DIMS, cell, strict=True)), n=n) for cell, n in fresh[tally].items() if n],
            batch_size=5000,
        )
        written[tally.__name__] = sum(1 for n in fresh[tally].values() if n)
    return written


# ── Single-record writes (model signals) ───────────────────────────────────────────────────────
# A cascade sends every row's pre_delete before any post_delete: the first signal for a person keeps
# their contribution, each post signal moves the tallies from it to the person's state now.


def _pending() -> dict[int, tuple[int, list[Facts]]]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending  # type: ignore[no-any-return]


def _person_ids(sender: Any, instance: Any) -> set[int]:
    from nokrabob.registry.models import Person

    if sender is Person:
        return {instance.pk} if instance.pk is not None else set()
    ids = {instance.person_id} if instance.person_id is not None else set()
    if instance.pk is not None:  # a row moved to another person changes both
        ids |= set(sender.objects.filter(pk=instance.pk).values_list("person_id", flat=True))
    return ids


def before_write(sender: Any, instance: Any, **_kwargs: Any) -> None:
    pending = _pending()
    ids = _person_ids(sender, instance)
    instance._tally_ids = ids
    for pk in ids:
        if is_tracked(pk):
            continue
        depth, facts = pending.get(pk, (0, []))
        pending[pk] = (depth + 1, facts if depth else facts_of_ids([pk]))


def after_write(sender: Any, instance: Any, **_kwargs: Any) -> None:
    from nokrabob.registry.models import Person

    pending = _pending()
    ids = {instance.pk} if sender is Person else ({instance.person_id} - {None})
    ids |= instance.__dict__.pop("_tally_ids", set())
    for pk in ids:
        if is_tracked(pk):
            continue
        depth, before = pending.get(pk, (1, []))
        after = facts_of_ids([pk])
        apply(before, after)
        if depth <= 1:
            pending.pop(pk, None)
        else:
            pending[pk] = (depth - 1, after)


def connect() -> None:
    """Called once by the registry app: the signals for the three models a count depends on."""
    from django.db.models import signals

    from nokrabob.registry.models import Person, PersonOccupation, WelfareRecord

    for model in (Person, PersonOccupation, WelfareRecord):
        uid = f"tallies-{model.__name__}"
        signals.pre_save.connect(before_write, sender=model, dispatch_uid=f"{uid}-pre-save")
        signals.post_save.connect(after_write, sender=model, dispatch_uid=f"{uid}-post-save")
        signals.pre_delete.connect(before_write, sender=model, dispatch_uid=f"{uid}-pre-delete")
        signals.post_delete.connect(after_write, sender=model, dispatch_uid=f"{uid}-post-delete")
