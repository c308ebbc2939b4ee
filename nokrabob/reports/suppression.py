"""Small-cell suppression: the one rule every published count goes through.

A count of people between 1 and ``LIMIT - 1`` (1–4) is never published: it is shown as
``SUPPRESSED`` instead (primary suppression). A table that also publishes its totals would give such
a cell back by subtraction (total − the other cells of its row), so every additive relation the
published data carries — "these cells add up to that total" — must hide at least two of its members
or none (complementary suppression). When a relation hides exactly one, the smallest other non-zero member
that is not yet hidden is hidden too (a detail cell before the total; when only the total is left, the
total), and the rule runs again until no relation hides exactly one member. Zeros are never hidden:
they are published, reveal nobody, and hiding them would spread through every relation they are in.
Hiding more never un-hides anything, so the loop ends.

Two hidden cells per row are not always enough: rows and columns together can still pin a hidden cell
down (a hidden cell that joins two otherwise separate groups of hidden cells is fixed by their sums).
So the rule then solves the published relations as a linear system over the hidden cells, group by
group of hidden cells that share relations, and any hidden cell the system determines exactly gets a
companion hidden in one of its relations; then both steps run again. A group of more than
``EXACT_CHECK_LIMIT`` hidden cells is left to the per-row rule alone: solving it costs cubic time, and in
so dense a web of hidden cells an exactly determined one would need a bridge-like pattern the per-row
rule already makes rare.

The rule guards against exact recovery; it does not compute
the tightest interval a reader could bound a hidden cell to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

LIMIT = 5  # counts 1..LIMIT-1 are never published
SUPPRESSED = "*"  # the mark shown instead of a hidden count
EXACT_CHECK_LIMIT = 300  # largest group of linked hidden cells solved exactly

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Relation(Generic[K]):
    """``total`` is the sum of ``parts`` (a row or a column with its total)."""

    total: K
    parts: Sequence[K]


def suppress(
    cells: Mapping[K, int], relations: Iterable[Relation[K]], *, limit: int = LIMIT
) -> dict[K, int | None]:
    """The published value of every cell: its count, or ``None`` where it must be hidden.

    ``cells`` holds every cell of the table, totals included (a key missing from ``cells`` counts as
    zero); ``relations`` says which cells add up to which totals.
    """
    relations = list(relations)
    value = {key: int(n) for key, n in cells.items()}
    for relation in relations:
        for key in (relation.total, *relation.parts):
            value.setdefault(key, 0)
    hidden = {key for key, n in value.items() if 0 < n < limit}

    touching: dict[K, list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        for key in (relation.total, *relation.parts):
            touching[key].append(index)

    def companion(relation: Relation[K]) -> K | None:
        candidates = [k for k in (relation.total, *relation.parts) if k not in hidden and value[k]]
        if not candidates:
            return None
        return min(candidates, key=lambda k: (k == relation.total, value[k]))

    pending = {i for key in hidden for i in touching[key]}
    while True:
        while pending:
            relation = relations[pending.pop()]
            if sum(1 for k in (relation.total, *relation.parts) if k in hidden) != 1:
                continue
            extra = companion(relation)
            if extra is not None:
                hidden.add(extra)
                pending.update(touching[extra])
        added = False
        for key in _determined(hidden, relations, touching):
            for index in touching[key]:
                extra = companion(relations[index])
                if extra is not None:
                    hidden.add(extra)
                    pending.update(touching[extra])
                    added = True
                    break
        if not added:
            break
    return {key: (None if key in hidden else n) for key, n in value.items()}


def _determined(hidden: set[K], relations: list[Relation[K]], touching: Mapping[K, list[int]]) -> list[K]:
    """The hidden cells the published relations fix exactly: per group of hidden cells linked by shared
    relations, a cell is fixed when the null space of that group's system has no component along it."""
    import numpy as np

    seen: set[K] = set()
    fixed: list[K] = []
    for start in hidden:
        if start in seen:
            continue
        group, rows, stack = [start], set(), [start]
        seen.add(start)
        while stack:
            key = stack.pop()
            for index in touching.get(key, ()):
                rows.add(index)
                relation = relations[index]
                for other in (relation.total, *relation.parts):
                    if other in hidden and other not in seen:
                        seen.add(other)
                        group.append(other)
                        stack.append(other)
        if len(group) > EXACT_CHECK_LIMIT:
            continue
        column = {key: i for i, key in enumerate(group)}
        matrix = np.zeros((len(rows), len(group)))
        for r, index in enumerate(rows):
            relation = relations[index]
            if relation.total in column:
                matrix[r, column[relation.total]] -= 1
            for part in relation.parts:
                if part in column:
                    matrix[r, column[part]] += 1
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null = vt[rank:]  # rows span the null space
        free = np.abs(null).max(axis=0) if len(null) else np.zeros(len(group))
        fixed.extend(key for key, i in column.items() if free[i] < 1e-9)
    return fixed


def shown(n: int | None) -> str:
    """A published value as text: the count, or the suppression mark."""
    return SUPPRESSED if n is None else str(n)


__all__ = ["LIMIT", "SUPPRESSED", "Relation", "shown", "suppress"]
