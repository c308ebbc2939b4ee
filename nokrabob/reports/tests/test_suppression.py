"""The small-cell rule: no published count 1–4, and no hidden cell recoverable from the published totals."""

import random

import numpy as np
import pytest

from nokrabob.reports.suppression import SUPPRESSED, Relation, shown, suppress


def _table(rows: list[list[int]]) -> tuple[dict, list[Relation[tuple[object, object]]]]:
    """A two-way table with row totals, column totals and a grand total, and its relations."""
    cells: dict = {}
    for r, row in enumerate(rows):
        for c, n in enumerate(row):
            cells[(r, c)] = n
        cells[(r, "T")] = sum(row)
    for c in range(len(rows[0])):
        cells[("T", c)] = sum(row[c] for row in rows)
    cells[("T", "T")] = sum(map(sum, rows))
    relations: list[Relation[tuple[object, object]]] = [
        Relation((r, "T"), [(r, c) for c in range(len(rows[0]))]) for r in range(len(rows))
    ]
    relations += [Relation(("T", c), [(r, c) for r in range(len(rows))]) for c in range(len(rows[0]))]
    relations.append(Relation(("T", "T"), [(r, "T") for r in range(len(rows))]))
    relations.append(Relation(("T", "T"), [("T", c) for c in range(len(rows[0]))]))
    return cells, relations


def _recoverable(published: dict, relations: list[Relation]) -> list:
    """The hidden cells a reader could compute exactly from the published cells and the relations."""
    hidden = [k for k, v in published.items() if v is None]
    if not hidden:
        return []
    column = {k: i for i, k in enumerate(hidden)}
    rows = []
    for relation in relations:
        row = np.zeros(len(hidden))
        if relation.total in column:
            row[column[relation.total]] -= 1
        for part in relation.parts:
            if part in column:
                row[column[part]] += 1
        if row.any():
            rows.append(row)
    if not rows:
        return hidden
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for key, i in column.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(key)
    return found


def test_counts_one_to_four_are_hidden_and_zero_and_five_are_published():
    cells, relations = _table([[0, 1, 5], [4, 7, 9]])
    published = suppress(cells, relations)
    assert published[(0, 0)] == 0
    assert published[(0, 1)] is None and published[(1, 0)] is None
    assert not any(v is not None and 0 < v < 5 for v in published.values())
    assert published[("T", "T")] == 26  # the grand total stands


def test_a_lone_hidden_cell_gets_a_companion_in_its_row_and_column():
    # 2 alone in its row and column: the row total 2+30+40 would give it back.
    cells, relations = _table([[2, 30, 40], [50, 60, 70], [80, 90, 100]])
    published = suppress(cells, relations)
    assert published[(0, 0)] is None
    assert published[(0, 1)] is None  # smallest other cell of the row
    assert published[(1, 0)] is None  # smallest other cell of the column
    assert published[(1, 1)] is None  # and the column of the row's companion needs a second one
    assert published[("T", "T")] == sum(map(sum, [[2, 30, 40], [50, 60, 70], [80, 90, 100]]))
    assert _recoverable(published, relations) == []


def test_nothing_is_hidden_when_no_cell_is_small():
    cells, relations = _table([[5, 6], [7, 80]])
    assert all(v is not None for v in suppress(cells, relations).values())


def test_a_total_of_one_to_four_is_hidden_with_its_parts():
    cells, relations = _table([[3, 0], [0, 0]])
    published = suppress(cells, relations)
    assert published[(0, 0)] is None and published[(0, "T")] is None and published[("T", "T")] is None


def test_two_linked_groups_of_hidden_cells_do_not_give_away_the_cell_between_them():
    # Hidden cells forming two separate squares joined by one cell in row 0 / column 2: each row and
    # column holds two or more hidden cells, yet the joining cell follows from the sums.
    rows = [
        [1, 1, 1, 50, 50],
        [1, 1, 60, 60, 60],
        [70, 70, 1, 1, 70],
        [80, 80, 1, 1, 80],
    ]
    cells, relations = _table(rows)
    published = suppress(cells, relations)
    assert published[(0, 2)] is None
    assert _recoverable(published, relations) == []


def test_missing_cells_count_as_zero():
    published = suppress({"a": 12, "c": 3, "t": 15}, [Relation("t", ["a", "b", "c"])])
    assert published == {"a": None, "b": 0, "c": None, "t": 15}  # b was missing: a zero, published


def test_the_mark_is_shown_for_hidden_cells():
    assert shown(None) == SUPPRESSED and shown(12) == "12" and shown(0) == "0"


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_publish_no_small_count_and_no_recoverable_cell(seed):
    rng = random.Random(seed)
    n_rows, n_cols = rng.randint(2, 6), rng.randint(2, 6)
    rows = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 20, 100]) for _ in range(n_cols)] for _ in range(n_rows)]
    cells, relations = _table(rows)
    published = suppress(cells, relations)
    assert not any(v is not None and 0 < v < 5 for v in published.values())
    assert _recoverable(published, relations) == []
    for key, value in published.items():
        assert value is None or value == cells[key]


@pytest.mark.parametrize("seed", range(10))
def test_random_three_way_cubes_with_every_margin(seed):
    rng = random.Random(1000 + seed)
    sizes = (rng.randint(2, 4), rng.randint(2, 3), rng.randint(2, 3))
    base = {
        (a, b, c): rng.choice([0, 1, 2, 3, 6, 8, 15])
        for a in range(sizes[0])
        for b in range(sizes[1])
        for c in range(sizes[2])
    }
    cells: dict = {}
    for (a, b, c), n in base.items():
        for key in [(x, y, z) for x in (a, "T") for y in (b, "T") for z in (c, "T")]:
            cells[key] = cells.get(key, 0) + n
    relations = []
    domains = [[*range(s), "T"] for s in sizes]
    for key in cells:
        for axis in range(3):
            if key[axis] != "T":
                continue
            parts = [(*key[:axis], v, *key[axis + 1 :]) for v in range(sizes[axis])]
            relations.append(Relation(key, parts))
    assert all(len(d) > 1 for d in domains)
    published = suppress(cells, relations)
    assert not any(v is not None and 0 < v < 5 for v in published.values())
    assert _recoverable(published, relations) == []
