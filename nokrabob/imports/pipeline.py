"""The import pipeline: read → normalise and check (optionally in a helper process) → dedupe → store.

Set-based throughout: one query per chunk finds the rows' IDs already in the registry, one more finds
sound-alike candidates (only when the registry held people before the batch started), and the writes are
bulk statements. Each chunk commits on its own so progress shows and a cancel is honoured between chunks; a
cancelled or failed batch is rolled back (``rollback.rollback_batch``) so nothing stays half-written.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, compress, islice, repeat, zip_longest
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.imports import store
from nokrabob.imports.columnar import BLOCK_ROWS, collector_paused
from nokrabob.imports.normalise import COL, COLUMNS, PERSON_FIELDS, PERSON_WIDTH, RowNormaliser
from nokrabob.imports.unmapped import UnmappedValues
from nokrabob.registry.rules.unit import unit_id
from nokrabob.registry.tallies import (
    Cell,
    NewPerson,
    formal_scheme_ids,
    new_people_cells,
    new_person,
    recounting,
)

CHUNK_ROWS = 10_000
CLEAN = tuple[Any, ...]
Reasons = list[tuple[str, str]]
# Person fields an import may change on an existing person (sound keys follow the names).
UPDATABLE = tuple(f for f in PERSON_FIELDS if f not in ("national_id", "first_name_sound", "last_name_sound"))


@dataclass
class Counts:
    done: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicate: int = 0
    review: int = 0
    first_errors: list[tuple[int, Reasons]] = field(default_factory=list)


@dataclass
class Options:
    batch_id: int
    actor_id: int | None = None
    dry_run: bool = False
    workers: int = 0  # helper processes for normalising (0 = in this process)
    chunk_rows: int = CHUNK_ROWS
    today: dt.date | None = None
    # Resuming a batch whose process died: the file rows its committed chunks already hold, and the
    # registry's highest person id when the batch first started (candidates are people from before it).
    skip_rows: int = 0
    start_max_id: int | None = None
    # The explicit maintenance path (``import_workers --defer-indexes``) may also skip PostgreSQL's per-row
    # foreign-key triggers and check the batch's keys set-based at the end; the task path never does.
    maintenance: bool = False


def _by_national_id(item: tuple[int, CLEAN]) -> str:
    return item[1][0] or ""


class Cancelled(Exception):
    pass


@dataclass
class Catalogues:
    occupation_ids: dict[str, int]
    scheme_ids: dict[str, int]
    unit_ids: dict[str, int]  # org-unit code → id
    unit_names: dict[int, str] = field(default_factory=dict)  # org-unit id → Thai name

    @classmethod
    def load(cls) -> Catalogues:
        from nokrabob.core.models import OrgUnit
        from nokrabob.registry.models import Occupation, Scheme

        units = list(OrgUnit.objects.values_list("code", "id", "name_th"))
        return cls(
            dict(Occupation.objects.values_list("code", "id")),
            dict(Scheme.objects.values_list("code", "id")),
            {code: pk for code, pk, _name in units},
            {pk: name for _code, pk, name in units},
        )

    def unit_for(self, district_code: str, province_code: str) -> int | None:
        return unit_id(self.unit_ids, district_code, province_code)


# ── reading, normalising and in-file dedupe, possibly in a helper process ─────────────────────────


@dataclass
class Prepared:
    """One chunk after the row rules and the in-file dedupe."""

    size: int
    good: list[tuple[int, list[Any] | None, CLEAN]]  # original values kept only when asked
    errors: list[tuple[int, Sequence[Any], Reasons]]
    duplicates: int
    # Each good row's ``tallies.new_person``, in the order of ``good``, when the producer was asked for them.
    people: list[NewPerson] = field(default_factory=list)

    @classmethod
    def joined(cls, parts: list[Prepared]) -> Prepared:
        if len(parts) == 1:
            return parts[0]
        return cls(
            sum(part.size for part in parts),
            list(chain.from_iterable(part.good for part in parts)),
            list(chain.from_iterable(part.errors for part in parts)),
            sum(part.duplicates for part in parts),
            list(chain.from_iterable(part.people for part in parts)),
        )


@dataclass(frozen=True)
class NewPersonOf:
    """A clean row as ``tallies.new_person``, for the registry's counts should the row become a new person.
    Runs in the helper process beside the row rules (it needs only the catalogues' ids), so the process
    that writes only counts what it wrote."""

    occupation_ids: dict[str, int]
    scheme_ids: dict[str, int]
    formal_ids: frozenset[int]

    def __call__(self, c: CLEAN) -> NewPerson:
        birth = c[_BIRTH]
        return new_person(
            c[_PROVINCE], c[_DISTRICT], c[_SEX] or "U",
            int(birth[:4]) * 100 + int(birth[5:7]) if birth else 0,  # ISO yyyy-mm-dd
            [self.occupation_ids[code] for code in c[_OCCUPATION]],
            [self.scheme_ids[code] for code in c[_SCHEME]],
            formal_ids=self.formal_ids,
        )  # fmt: skip


_PROVINCE, _DISTRICT, _SEX, _BIRTH, _OCCUPATION, _SCHEME = (
    COL[n] for n in ("province_code", "district_code", "sex", "birth_date", "occupation", "scheme")
)


class Producer:
    """Reads rows, applies the row rules, finds duplicates inside the file. Runs in this process or in one
    forked helper, which then owns the file and the in-file sets, so only results cross the pipe."""

    def __init__(
        self,
        normaliser: RowNormaliser,
        *,
        keep_values: bool,
        new_person_of: Callable[[CLEAN], NewPerson] | None = None,
    ) -> None:
        self.normaliser = normaliser
        self.keep_values = keep_values
        self.new_person_of = new_person_of
        self.seen_ids: dict[int, int] = {}  # national ID as a number: half the memory of the string
        self.seen_idless: dict[tuple[Any, ...], int] = {}
        self.duplicate_message = _("ข้อมูลซ้ำกับแถวที่ %(row)s ในไฟล์เดียวกัน")
        columns = normaliser._column_names
        self.id_column = columns.get("national_id", "")
        self.name_column = columns.get("first_name") or columns.get("full_name", "")

    def prepare(self, chunk: list[tuple[int, list[Any]]]) -> Prepared:
        """Numbered rows through the row rules (column by column, ``columnar``), then the in-file dedupe."""
        if not chunk:
            return Prepared(0, [], [], 0)
        numbers, rows = zip(*chunk, strict=True)
        cleans, reasons = self.normaliser.columnar.split(rows)
        errors: list[tuple[int, Sequence[Any], Reasons]] = [
            (numbers[i], rows[i], found) for i, found in reasons.items()
        ]
        duplicates = self._duplicates(numbers, cleans)
        for i, earlier, column in duplicates:
            errors.append((numbers[i], rows[i], [(column, self.duplicate_message % {"row": earlier})]))
            cleans[i] = None
        errors.sort(key=itemgetter(0))
        kept = compress(rows, cleans) if self.keep_values else repeat(None)  # the values, or None forever
        good = list(zip(compress(numbers, cleans), kept, filter(None, cleans), strict=False))
        people = [self.new_person_of(c) for _n, _v, c in good] if self.new_person_of else []
        return Prepared(len(chunk), good, errors, len(duplicates), people)

    def _duplicates(self, numbers: Sequence[int], cleans: list[CLEAN | None]) -> list[tuple[int, int, str]]:
        """(position, earlier row number, column) of the clean rows that repeat an earlier row of the file:
        the same national ID or, for rows without one, the same birth date and name sounds. The first row of
        each is remembered; when every clean row has an ID, the whole block is looked up at once."""
        good_numbers = list(compress(numbers, cleans))
        nids = list(map(itemgetter(COL["national_id"]), filter(None, cleans)))
        if None in nids:
            return self._duplicates_one_by_one(numbers, cleans)
        # IDs as numbers: half the memory of the strings
        earlier = list(map(self.seen_ids.setdefault, map(int, nids), good_numbers))
        if earlier == good_numbers:
            return []
        positions = [i for i, clean in enumerate(cleans) if clean is not None]
        return [
            (i, first, self.id_column)
            for i, first, number in zip(positions, earlier, good_numbers, strict=True)
            if first != number
        ]

    def _duplicates_one_by_one(
        self, numbers: Sequence[int], cleans: list[CLEAN | None]
    ) -> list[tuple[int, int, str]]:
        nid_col, birth_col = COL["national_id"], COL["birth_date"]
        fs_col, ls_col = COL["first_name_sound"], COL["last_name_sound"]
        found = []
        for i, (number, clean) in enumerate(zip(numbers, cleans, strict=True)):
            if clean is None:
                continue
            if nid := clean[nid_col]:
                earlier = self.seen_ids.setdefault(int(nid), number)
                if earlier != number:
                    found.append((i, earlier, self.id_column))
            elif birth := clean[birth_col]:
                earlier = self.seen_idless.setdefault((birth, clean[fs_col], clean[ls_col]), number)
                if earlier != number:
                    found.append((i, earlier, self.name_column))
        return found

    def chunks(self, rows: Iterator[list[Any]], size: int, *, first_number: int = 2) -> Iterator[Prepared]:
        """Prepared chunks of ``size`` rows, each made of blocks of ``BLOCK_ROWS`` prepared as soon as they
        are read: the column-by-column rules are quick while a block's cells are in the processor's cache.
        Rows are numbered as a spreadsheet shows them (the header is row 1)."""
        numbered = enumerate(rows, start=first_number)
        size = max(size, 1)
        while True:
            parts: list[Prepared] = []
            left = size
            while left and (part := self._next_block(numbered, min(left, BLOCK_ROWS))):
                parts.append(part)
                left -= part.size
            if not parts:
                return
            yield Prepared.joined(parts)

    def _next_block(self, numbered: Iterator[tuple[int, list[Any]]], size: int) -> Prepared | None:
        """The next ``size`` rows read and prepared with the garbage collector paused; None at the end."""
        with collector_paused():
            block = list(islice(numbered, size))
            prepared = self.prepare(block) if block else None
            del block  # rows not kept go before the collector runs again
        return prepared


def _produce(
    producer: Producer, rows: Iterator[list[Any]], size: int, queue: Any, parent: int, first_number: int
) -> None:
    """The helper process: everything up to the database, two chunks ahead at most (the queue's size).

    It dies with the process that forked it: it holds a copy of that process's database socket, and a
    helper outliving a killed import would keep the dead import's transaction, and its locks, open."""
    import os
    import queue as queues

    _die_with_parent(parent)

    def put(item: Any) -> bool:
        while True:
            try:
                queue.put(item, timeout=1)
                return True
            except queues.Full:
                if os.getppid() != parent:
                    os._exit(0)  # no clean-up: the queue's feeder thread would wait on the pipe for ever

    try:
        for prepared in producer.chunks(rows, size, first_number=first_number):
            if not put(prepared):
                return
        put(None)
    except BaseException as exc:
        put(exc)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (``PR_SET_PDEATHSIG``); elsewhere the
    helper notices at its next full queue."""
    import ctypes
    import os
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def prepared_chunks(
    producer: Producer, rows: Iterator[list[Any]], *, workers: int, size: int, first_number: int = 2
) -> Iterator[Prepared]:
    """Prepared chunks in file order; with ``workers`` > 0 they are made in a forked helper process while
    this one writes the previous ones. Memory stays flat: at most two chunks wait in the queue."""
    if workers <= 0:
        yield from producer.chunks(rows, size, first_number=first_number)
        return
    import os

    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=2)
    process = context.Process(
        target=_produce, args=(producer, rows, size, queue, os.getpid(), first_number), daemon=True
    )
    process.start()
    try:
        while True:
            item = queue.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
        process.join()
    finally:
        if process.is_alive():
            process.terminate()
            process.join()


# ── the run ──────────────────────────────────────────────────────────────────────────────────────


class ImportRun:
    def __init__(
        self,
        *,
        normaliser: RowNormaliser,
        options: Options,
        progress: Callable[[Counts], bool] | None = None,
        checkpoint: Callable[[Counts], None] | None = None,
        counts: Counts | None = None,
    ) -> None:
        self.normaliser = normaliser
        self.options = options
        self.progress = progress
        # Called inside each chunk's transaction, after its writes: the batch's counts and committed rows
        # are saved with the rows themselves, so a crash never leaves one without the other.
        self.checkpoint = checkpoint
        self.counts = counts or Counts()
        self.catalogues = Catalogues.load()
        self.today = options.today or timezone.localdate()
        self.formal_ids = formal_scheme_ids()
        self.written_at = timezone.now()
        from nokrabob.imports.models import batch_marker

        self.marker = batch_marker(options.batch_id)
        self.start_max_id = 0
        self.async_commit = False
        self.keys_unchecked = False
        self.link_ids_above: dict[str, int] = {}
        self.unmapped = UnmappedValues(options.batch_id)

    def run(self, rows: Iterator[list[Any]]) -> Counts:
        with self.loading():
            producer = Producer(self.normaliser, keep_values=bool(self.start_max_id))
            skip = self.options.skip_rows
            if skip:
                # Resuming: the rows already committed are read again only to rebuild the in-file memory
                # (which IDs and names came first), so a later row repeating one is still a duplicate.
                for _prepared in producer.chunks(islice(rows, skip), self.options.chunk_rows):
                    pass
            producer.new_person_of = self._new_person_of()
            for chunk in prepared_chunks(
                producer, rows, workers=self.options.workers, size=self.options.chunk_rows,
                first_number=2 + skip,
            ):  # fmt: skip
                with self.chunk_transaction():
                    self._chunk(chunk)
                    if self.checkpoint is not None:
                        self.checkpoint(self.counts)
                if self.progress is not None and not self.progress(self.counts):
                    raise Cancelled
        return self.counts

    @contextmanager
    def loading(self) -> Iterator[None]:
        """The connection set up for a load, and put back after it; the registry's highest id noted."""
        if self.options.start_max_id is not None:
            self.start_max_id = self.options.start_max_id
        else:
            found = store.select(f'SELECT max(id) FROM "{store.PERSON_TABLE}"', [])  # noqa: S608
            self.start_max_id = found[0][0] or 0
        # SQLite checks foreign keys row by row; every key an import writes is valid by construction (the
        # batch, the user, ids it allocated, catalogue and org-unit ids read at the start), so the check is
        # switched off for this connection while it loads (a no-op inside an outer transaction).
        foreign_keys_off = not store.is_postgres() and not connection.in_atomic_block
        # PostgreSQL: a chunk's commit does not wait for its WAL to reach the disk (ADR 0305). The batch's
        # last transaction (``finish``, the status, the audit row) commits synchronously, which flushes every
        # chunk before it; a crash before that leaves a running batch to roll back, as it would anyway.
        self.async_commit = store.is_postgres() and not connection.in_atomic_block
        # PostgreSQL checks each foreign key of each row with a query at commit; where the role may, the
        # chunks skip those and ``finish`` checks the batch's keys set-based before it is done (ADR 0305).
        self.keys_unchecked = self.options.maintenance and self.async_commit and store.may_skip_row_triggers()
        self.link_ids_above = store.highest_ids() if self.keys_unchecked else {}
        self.unmapped.load()
        if foreign_keys_off:
            store.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            if foreign_keys_off:
                store.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def chunk_transaction(self) -> Iterator[None]:
        """One chunk's transaction, with the settings ``loading`` chose."""
        with transaction.atomic():
            if self.async_commit:
                store.execute("SET LOCAL synchronous_commit = off")
            if self.keys_unchecked:
                store.skip_row_triggers()
            yield

    # One chunk: dedupe in the file, against the registry, then write.
    def _chunk(self, chunk: Prepared) -> None:
        counts = self.counts
        errors = chunk.errors
        good = chunk.good
        counts.duplicate += chunk.duplicates
        nid_col, first_col, last_col, birth_col = (
            COL["national_id"],
            COL["first_name"],
            COL["last_name"],
            COL["birth_date"],
        )
        fs_col, ls_col = COL["first_name_sound"], COL["last_name_sound"]
        # An empty registry at the start has no IDs to find (those of earlier chunks are in ``seen_ids``).
        existing = (
            self._existing_by_id([c[nid_col] for _n, _v, c in good if c[nid_col]])
            if self.start_max_id
            else {}
        )
        new: list[tuple[int, CLEAN]] = []
        new_at: list[int] = []  # the new rows' places in ``good`` (and in ``chunk.people``)
        updates: list[tuple[int, CLEAN, tuple[Any, ...]]] = []
        needs_candidates: list[tuple[int, list[Any] | None, CLEAN, int]] = []
        for at, (number, values, clean) in enumerate(good):
            nid = clean[nid_col]
            if nid and nid in existing:
                person = existing[nid]
                if not self._in_scope(person):
                    # Named by office only: nothing of the person is shown, nothing changed from here.
                    message = _("ผู้มีเลขประจำตัวนี้ลงทะเบียนกับ%(office)sแล้ว แก้ไขจากหน่วยงานของท่านไม่ได้") % {
                        "office": self._office_of(person) or _("หน่วยงานอื่น")
                    }
                    errors.append(
                        (
                            number,
                            values or [],
                            [(self.normaliser._column_names.get("national_id", ""), message)],
                        )
                    )
                    continue
                updates.append((number, clean, person))
            elif self.start_max_id:
                needs_candidates.append((number, values, clean, at))
            else:
                new.append((number, clean))
                new_at.append(at)
        review: list[tuple[int, CLEAN, int | None, str, int | None]] = []
        if needs_candidates:
            matches = self._candidates([c for _n, _v, c, _at in needs_candidates])
            for number, _values, clean, at in needs_candidates:
                key = (clean[birth_col], clean[fs_col], clean[ls_col])
                people = matches.get(key, []) if clean[birth_col] else []
                # Candidates come only from the importer's scope; a match outside it is named by its
                # office alone and is never merged or updated from here (it waits for review instead).
                inside = [p for p in people if self._in_scope(p[4])]
                nid = clean[nid_col]
                same = [
                    p for p in inside
                    if not nid and p[1] is None and p[2] == clean[first_col] and p[3] == clean[last_col]
                ]  # fmt: skip
                if same:
                    updates.append((number, clean, same[0][4]))
                elif inside:
                    review.append((number, clean, inside[0][0], "sound_alike_name_and_birth_date", None))
                elif people:
                    office = self._office_id_of(people[0][4])
                    review.append((number, clean, None, "similar_person_other_office", office))
                else:
                    new.append((number, clean))
                    new_at.append(at)
        counts.rejected += len(errors)
        if len(counts.first_errors) < 20:
            counts.first_errors.extend((n, r) for n, _v, r in errors[: 20 - len(counts.first_errors)])
        changed = self._split_updates(updates)
        counts.created += len(new)
        counts.review += len(review)
        if not self.options.dry_run:
            store.insert_row_errors(self.options.batch_id, errors)
            # The registry's counts follow, in this chunk's transaction: the new people's staged, folded
            # in when the import ends (ADR 0400).
            with recounting(person[0] for _c, person, _d in changed) as tallied:
                new_ids = self.write_new(new)
                tallied.stage(*self._cells_of_new(chunk.people, new_at))
                self._write_updates(changed)
            self._write_review(review)
        else:
            store.insert_row_errors(self.options.batch_id, errors)
            new_ids = []
        self._record_unmapped(zip_longest(new_ids, (c for _n, c in new)), updates, review)
        counts.done += chunk.size

    def _office_id_of(self, person: tuple[Any, ...]) -> int | None:
        return self.catalogues.unit_for(
            person[1 + PERSON_FIELDS.index("district_code")], person[1 + PERSON_FIELDS.index("province_code")]
        )

    def _office_of(self, person: tuple[Any, ...]) -> str:
        office = self._office_id_of(person)
        return self.catalogues.unit_names.get(office, "") if office else ""

    def _record_unmapped(
        self,
        new: Iterator[tuple[int | None, CLEAN]],
        updates: list[tuple[int, CLEAN, tuple[Any, ...]]],
        review: list[tuple[int, CLEAN, int | None, str, int | None]],
    ) -> None:
        """The values of the chunk's accepted rows that no synonym maps, with the people who carry them
        (none in a dry run, none yet for a row waiting in review)."""
        col = COL["unmapped"]
        carried = [(pk, c[col]) for pk, c in new if c[col]]
        carried += [(None if self.options.dry_run else p[0], c[col]) for _n, c, p in updates if c[col]]
        carried += [(None, c[col]) for _n, c, _p, _r, _o in review if c[col]]
        if carried:
            self.unmapped.record(carried)

    def _in_scope(self, person: tuple[Any, ...]) -> bool:
        scope = self.normaliser.scope
        if scope is None:
            return True
        district, province = (
            person[1 + PERSON_FIELDS.index("district_code")],
            person[1 + PERSON_FIELDS.index("province_code")],
        )
        return scope.allows(province_code=province, district_code=district)

    def _existing_by_id(self, ids: list[str]) -> dict[str, tuple[Any, ...]]:
        """national ID → (id, *PERSON_FIELDS, import_batch_id) for the IDs already registered."""
        if not ids:
            return {}
        columns = ", ".join(f'"{c}"' for c in ("id", *PERSON_FIELDS, "import_batch_id"))
        marks = ", ".join(["%s"] * len(ids))
        rows = store.select(
            f'SELECT {columns} FROM "{store.PERSON_TABLE}" WHERE national_id IN ({marks})',  # noqa: S608
            ids,
        )
        return {row[1]: row for row in rows}

    def _candidates(self, rows: list[CLEAN]) -> dict[tuple[Any, ...], list[tuple[Any, ...]]]:
        """(birth date, first sound, last sound) → [(id, national_id, first, last, full row)] of people
        registered before this batch started."""
        dates = sorted({c[COL["birth_date"]] for c in rows if c[COL["birth_date"]]})
        if not dates:
            return {}
        columns = ", ".join(f'"{c}"' for c in ("id", *PERSON_FIELDS, "import_batch_id"))
        marks = ", ".join(["%s"] * len(dates))
        found = store.select(
            f'SELECT {columns} FROM "{store.PERSON_TABLE}" WHERE birth_date IN ({marks}) '  # noqa: S608
            "AND id <= %s AND merged_into_id IS NULL",
            [*dates, self.start_max_id],
        )
        fi = 1 + PERSON_FIELDS.index("first_name")
        li = 1 + PERSON_FIELDS.index("last_name")
        bi = 1 + PERSON_FIELDS.index("birth_date")
        fsi = 1 + PERSON_FIELDS.index("first_name_sound")
        lsi = 1 + PERSON_FIELDS.index("last_name_sound")
        matches: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        for row in found:
            birth = row[bi].isoformat() if hasattr(row[bi], "isoformat") else str(row[bi])
            matches.setdefault((birth, row[fsi], row[lsi]), []).append(
                (row[0], row[1], row[fi], row[li], row)
            )
        return matches

    def _split_updates(
        self, updates: list[tuple[int, CLEAN, tuple[Any, ...]]]
    ) -> list[tuple[CLEAN, tuple[Any, ...], dict[str, Any]]]:
        """Keep the updates that change something; count the rest as unchanged. Empty cells never erase."""
        changed = []
        self._links = self._load_links(
            [p[0] for _n, c, p in updates if c[COL["occupation"]] or c[COL["scheme"]]]
        )
        for _number, clean, person in updates:
            diff: dict[str, Any] = {}
            for name in UPDATABLE:
                new = clean[COL[name]]
                if new in ("", None) or (name == "sex" and new == "U"):
                    continue
                old = person[1 + PERSON_FIELDS.index(name)]
                if hasattr(old, "isoformat"):
                    old = old.isoformat()
                elif name == "monthly_income" and old is not None:
                    old = f"{old:.2f}" if not isinstance(old, str) else old
                if old != new:
                    diff[name] = new
            link_change = self._link_changes(clean, person[0])
            if diff or link_change:
                changed.append((clean, person, diff))
            else:
                self.counts.unchanged += 1
        self.counts.updated += len(changed)
        return changed

    _links: dict[int, tuple[set[int], set[int]]]

    def _load_links(self, person_ids: list[int]) -> dict[int, tuple[set[int], set[int]]]:
        """person id → (current occupation ids, scheme ids), for a chunk's existing people at once."""
        links: dict[int, tuple[set[int], set[int]]] = {pk: (set(), set()) for pk in person_ids}
        if not person_ids:
            return links
        marks = ", ".join(["%s"] * len(person_ids))
        for pk, occupation in store.select(
            f"SELECT person_id, occupation_id FROM registry_personoccupation WHERE person_id IN ({marks}) "  # noqa: S608
            "AND is_current = %s",
            [*person_ids, True],
        ):
            links[pk][0].add(occupation)
        for pk, scheme in store.select(
            f"SELECT person_id, scheme_id FROM registry_welfarerecord WHERE person_id IN ({marks})",  # noqa: S608
            person_ids,
        ):
            links[pk][1].add(scheme)
        return links

    def _link_changes(self, clean: CLEAN, person_id: int) -> bool:
        occupations, schemes = clean[COL["occupation"]], clean[COL["scheme"]]
        if not occupations and not schemes:
            return False
        occ_ids, scheme_ids = self._person_links(person_id)
        return any(self.catalogues.occupation_ids[code] not in occ_ids for code in occupations) or any(
            self.catalogues.scheme_ids[code] not in scheme_ids for code in schemes
        )

    def _person_links(self, person_id: int) -> tuple[set[int], set[int]]:
        return self._links.get(person_id) or (set(), set())

    # ── writes ───────────────────────────────────────────────────────────────────────────────────
    def write_new(self, new: list[tuple[int, CLEAN]]) -> list[int]:
        """Insert the new people (``new`` is left in the order written); returns their ids.

        Public because it is the store's whole share of an import: the import benchmark times it alone on
        rows cleaned beforehand (call it inside ``loading()`` and ``chunk_transaction()``)."""
        if not new:
            return []
        # In national-ID order: the unique index is then walked once per chunk instead of at random.
        new.sort(key=_by_national_id)
        ids = store.allocate_ids(store.PERSON_TABLE, len(new))
        self.written_at = timezone.now()
        now = connection.ops.adapt_datetimefield_value(self.written_at)
        actor_id = self.options.actor_id
        people = []
        occupations = []
        welfare = []
        occ_ids, scheme_ids = self.catalogues.occupation_ids, self.catalogues.scheme_ids
        today = self.today.isoformat()
        width, occ_col, scheme_col = PERSON_WIDTH, COL["occupation"], COL["scheme"]
        for pk, (_number, c) in zip(ids, new, strict=True):
            people.append((pk, *c[:width]))
            for code in c[occ_col]:
                occupations.append((pk, occ_ids[code]))
            for code in c[scheme_col]:
                welfare.append((pk, scheme_ids[code]))
        self._insert_links(people, occupations, welfare, now=now, today=today, actor_id=actor_id)
        return ids

    def _new_person_of(self) -> NewPersonOf | None:
        return NewPersonOf(
            self.catalogues.occupation_ids, self.catalogues.scheme_ids, frozenset(self.formal_ids)
        )

    def _cells_of_new(
        self, people: list[NewPerson], new_at: list[int]
    ) -> tuple[Counter[Cell], Counter[Cell]]:
        """The counted cells of the people ``write_new`` just wrote (the rows at ``new_at``), from what the
        helper worked out of their rows: their links have no index to look them up by during a load with
        deferred indexes."""
        return new_people_cells(
            [people[at] for at in new_at],
            registered=timezone.localtime(self.written_at).date() if new_at else self.today,
            status=store.WELFARE_STATUS,
        )

    def _insert_links(
        self, people: list[Any], occupations: list[Any], welfare: list[Any], *, now: Any, today: str,
        actor_id: int | None,
    ) -> None:  # fmt: skip
        if people:
            columns = store.person_row_columns(COLUMNS[:PERSON_WIDTH])
            store.insert_rows(
                store.PERSON_TABLE, columns, people,
                store.person_constants(
                    now=now, batch_id=self.options.batch_id, actor_id=actor_id, written=columns
                ),
            )  # fmt: skip
            # The lawful basis (a public task: the agency's list) in the same transaction as the people.
            store.insert_rows(
                store.CONSENT_TABLE, store.CONSENT_ROW_COLUMNS, [(row[0],) for row in people],
                store.consent_constants(today=today, actor_id=actor_id),
            )  # fmt: skip
        if occupations:
            store.insert_rows(
                store.OCCUPATION_TABLE, store.OCCUPATION_ROW_COLUMNS, occupations,
                store.occupation_constants(marker=self.marker),
            )  # fmt: skip
        if welfare:
            store.insert_rows(
                store.WELFARE_TABLE, store.WELFARE_ROW_COLUMNS, welfare,
                store.welfare_constants(now=now, today=today, marker=self.marker, actor_id=actor_id),
            )  # fmt: skip

    def _write_updates(self, changed: list[tuple[CLEAN, tuple[Any, ...], dict[str, Any]]]) -> None:
        if not changed:
            return
        import json

        now = connection.ops.adapt_datetimefield_value(timezone.now())
        snapshots = []
        rows = []
        columns = (*UPDATABLE, "first_name_sound", "last_name_sound", "import_batch_id", "updated_at")
        occupations, welfare = [], []
        occ_ids, scheme_ids = self.catalogues.occupation_ids, self.catalogues.scheme_ids
        for clean, person, diff in changed:
            pk = person[0]
            previous = {
                name: (v.isoformat() if hasattr(v, "isoformat") else (str(v) if v is not None else None))
                for name, v in zip(PERSON_FIELDS, person[1:], strict=False)
            }
            snapshots.append(
                (self.options.batch_id, pk, json.dumps(previous, ensure_ascii=False), person[-1])
            )
            merged = {name: previous[name] for name in UPDATABLE}
            merged.update(diff)
            from nokrabob.registry.names import sound_key

            rows.append((
                *(merged[name] for name in UPDATABLE), sound_key(merged["first_name"] or ""),
                sound_key(merged["last_name"] or ""), self.options.batch_id, now, pk,
            ))  # fmt: skip
            occ, schemes = self._person_links(pk)
            occupations += [(pk, occ_ids[c]) for c in clean[COL["occupation"]] if occ_ids[c] not in occ]
            welfare += [(pk, scheme_ids[c]) for c in clean[COL["scheme"]] if scheme_ids[c] not in schemes]
        store.insert_rows(
            "imports_importsnapshot", ("batch_id", "person_id", "previous", "previous_batch_id"), snapshots
        )
        store.update_people(columns, rows)
        self._insert_links(
            [], occupations, welfare, now=now, today=self.today.isoformat(), actor_id=self.options.actor_id
        )

    def _write_review(self, review: list[tuple[int, CLEAN, int | None, str, int | None]]) -> None:
        if not review:
            return
        from nokrabob.imports.models import ImportReviewItem

        ImportReviewItem.objects.bulk_create(
            ImportReviewItem(
                batch_id=self.options.batch_id,
                row_number=number,
                fields=dict(zip(COLUMNS, clean, strict=True)),
                province_code=clean[COL["province_code"]],
                district_code=clean[COL["district_code"]],
                candidate_id=candidate,
                reason=reason,
                other_office_id=office,
            )
            for number, clean, candidate, reason, office in review
        )

    def finish(self) -> None:
        """After the last chunk, on the maintenance path only: the foreign keys of the batch's rows, whose
        per-row checks the chunks skipped (a dangling one fails the batch, which is then rolled back)."""
        if self.keys_unchecked:
            dangling = store.dangling_keys(self.options.batch_id, self.link_ids_above)
            if dangling:
                raise RuntimeError(f"dangling foreign keys: {', '.join(dangling)}")


def elapsed_since(start: float) -> float:
    return time.perf_counter() - start
