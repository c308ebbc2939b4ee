from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nokrabob.imports.sample_lists import HEADERS, Manifest, generate


@pytest.fixture
def messy_file(tmp_path: Path) -> tuple[Path, Manifest]:
    """300 messy rows with planted bad rows and in-file duplicates (their row numbers are known)."""
    path = tmp_path / "dlt-list.csv"
    manifest = generate(path, 300, seed=11, bad_every=20, dup_every=45)
    return path, manifest


def write_csv(
    path: Path, rows: list[list[str]], *, encoding: str = "utf-8", headers: list[str] | None = None
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers or HEADERS)
        writer.writerows(rows)
    return path
