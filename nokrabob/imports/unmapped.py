"""Values of the optional coded columns that no synonym maps, as an import meets them.

``UnmappedValues`` is the pipeline's side: for each chunk, every distinct value (``ImportValue``, one per
kind and key) has its row count raised and the people who carried it are linked (``ImportValuePerson``),
with bulk statements inside the chunk's own transaction, so a committed chunk is complete. ``scan`` lists
them for a batch that has not run yet, from its file, without writing anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from nokrabob.imports import store
from nokrabob.imports.coded import Coded, Unknown, matchers
from nokrabob.imports.normalise import MEMO_LIMIT, _text

VALUES_TABLE = "imports_importvalue"
LINKS_TABLE = "imports_importvalueperson"
LOOKUP_SLICE = 500


class UnmappedValues:
    """One batch's unknown values, written chunk by chunk. ``ids`` remembers the values already written
    (up to ``MEMO_LIMIT`` of them; past that, the others are looked up per chunk)."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.ids: dict[tuple[str, str], int] = {}
        self.complete = True  # ``ids`` holds every value the batch has written

    def load(self) -> None:
        """The values a run of the batch wrote before (a resumed run counts on from them)."""
        found = store.select(
            f"SELECT kind, key, id FROM {VALUES_TABLE} WHERE batch_id = %s",  # noqa: S608
            [self.batch_id],
        )
        self.ids = {(kind, key): pk for kind, key, pk in found[:MEMO_LIMIT]}
        self.complete = len(found) <= MEMO_LIMIT

    def record(self, carried: Iterable[tuple[int | None, Sequence[Unknown]]]) -> None:
        """Count each value once per row and link the row's person (None: no person to link)."""
        counts: dict[tuple[str, str], int] = {}
        texts: dict[tuple[str, str], str] = {}
        links: list[tuple[tuple[str, str], int]] = []
        for person_id, unknown in carried:
            for kind, key, text in unknown:
                value = (kind, key)
                if value in counts:
                    counts[value] += 1
                else:
                    counts[value] = 1
                    texts[value] = text
                if person_id is not None:
                    links.append((value, person_id))
        if not counts:
            return
        ids = self._known(list(counts))
        new = [value for value in counts if value not in ids]
        known = ids.copy()
        if new:
            fresh = store.allocate_ids(VALUES_TABLE, len(new))
            store.insert_rows(
                VALUES_TABLE, ("id", "kind", "key", "text", "row_count"),
                [(pk, *value, texts[value], counts[value]) for pk, value in zip(fresh, new, strict=True)],
                {"batch_id": self.batch_id, "code": "", "filled": 0, "mapped_by_id": None, "mapped_at": None},
            )  # fmt: skip
            ids.update(zip(new, fresh, strict=True))
            self._remember(zip(new, fresh, strict=True))
        if known:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {VALUES_TABLE} SET row_count = row_count + %s WHERE id = %s",  # noqa: S608
                    [(counts[value], pk) for value, pk in known.items()],
                )
        if links:
            store.insert_rows(LINKS_TABLE, ("value_id", "person_id"), [(ids[v], pk) for v, pk in links])

    def _known(self, values: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """value → id of those among ``values`` the batch has already written."""
        found = {value: self.ids[value] for value in values if value in self.ids}
        missing = [value for value in values if value not in found]
        if missing and not self.complete:
            for start in range(0, len(missing), LOOKUP_SLICE):
                part = missing[start : start + LOOKUP_SLICE]
                marks = ", ".join(["%s"] * len(part))
                wanted = set(part)
                for kind, key, pk in store.select(
                    f"SELECT kind, key, id FROM {VALUES_TABLE} WHERE batch_id = %s AND key IN ({marks})",  # noqa: S608
                    [self.batch_id, *(key for _kind, key in part)],
                ):
                    if (kind, key) in wanted:
                        found[(kind, key)] = pk
            self._remember((value, found[value]) for value in missing if value in found)
        return found

    def _remember(self, pairs: Iterable[tuple[tuple[str, str], int]]) -> None:
        for value, pk in pairs:
            if len(self.ids) >= MEMO_LIMIT:
                self.complete = False
                return
            self.ids[value] = pk


# ── before a run: the values of the file ──────────────────────────────────────────────────────────


@dataclass
class ScannedValue:
    """An unknown value found in a file that has not been imported (``ImportValue``'s fields)."""

    kind: str
    key: str
    text: str
    row_count: int
    code: str = ""
    pk: None = None


@dataclass
class Scan:
    values: list[ScannedValue]
    rows_read: int
    complete: bool  # every row of the file was read


def scan(
    rows: Iterator[Sequence[Any]],
    mapping: Mapping[str, int],
    synonyms: Mapping[str, Mapping[str, str]],
    *,
    limit: int,
) -> Scan:
    """The unknown values of a file's occupation and scheme columns with the number of rows holding each,
    read from its first ``limit`` rows (every cell read once per distinct value, as the import does)."""
    columns = [(kind, int(mapping[kind])) for kind in ("occupation", "scheme") if kind in mapping]
    found: dict[tuple[str, str], ScannedValue] = {}
    read = 0
    if not columns:
        return Scan([], 0, True)
    match = matchers(synonyms)
    memo: dict[tuple[str, Any], Coded] = {}
    for values in rows:
        if read >= limit:
            return Scan(_ordered(found), read, False)
        read += 1
        for kind, index in columns:
            cell = values[index] if index < len(values) else ""
            coded = memo.get((kind, cell))
            if coded is None:
                text = cell.strip() if isinstance(cell, str) else _text(cell)
                coded = match[kind].cell(text)
                if len(memo) < MEMO_LIMIT:
                    memo[(kind, cell)] = coded
            for _kind, key, text in coded[1]:
                value = found.get((kind, key))
                if value is None:
                    found[(kind, key)] = ScannedValue(kind, key, text, 1)
                else:
                    value.row_count += 1
    return Scan(_ordered(found), read, True)


def _ordered(found: dict[tuple[str, str], ScannedValue]) -> list[ScannedValue]:
    return sorted(found.values(), key=lambda v: (v.kind, -v.row_count, v.text))
