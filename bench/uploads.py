"""Upload limits benchmark: ``.venv/bin/python -m bench.uploads [--rows N]``.

What the limits and the streaming readers cost and save (docs/BENCHMARKS.md, "Uploads"):

1. the header and first rows of an N-row XLSX (what the mapping page needs) — read by the reader
   (shared strings on demand) against openpyxl's own read-only load (the whole strings table first);
2. reading every row of the same list as CSV — the reader (line-length bound, cell limit, control
   characters removed) against a bare ``csv.reader``;
3. how long the refusals take: a 10,000-column header, a zip-bomb-like XLSX, a 5 MB cell;
4. the mapping page of a list at the column limit (``IMPORTS_MAX_COLUMNS``), through the test client.

Uses the public reader and pages only; the files go under /tmp/bench_uploads (or ``BENCH_WORK``).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

WORK = Path(os.environ.get("BENCH_WORK", "/tmp/bench_uploads"))


def timed(action: Callable[[], object], repeat: int = 3) -> float:
    """The median of ``repeat`` runs, in seconds."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def refused(action: Callable[[], object]) -> Callable[[], None]:
    from nokrabob.core.errors import DomainError

    def run() -> None:
        try:
            action()
        except DomainError:
            return
        raise AssertionError("not refused")

    return run


def files(rows: int) -> tuple[Path, Path]:
    import xlsxwriter

    from nokrabob.imports.sample_lists import generate

    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / f"workers-{rows}.csv"
    book_path = WORK / f"workers-{rows}.xlsx"
    if not source.exists():
        generate(source, rows, keep_manifest=False)
    if not book_path.exists():  # written as Excel writes it: text in the shared-strings table
        book = xlsxwriter.Workbook(str(book_path), {"constant_memory": False})
        sheet = book.add_worksheet()
        with source.open(encoding="utf-8", newline="") as fh:
            for index, row in enumerate(csv.reader(fh)):
                sheet.write_row(index, 0, row)
        book.close()
    return source, book_path


def bomb() -> Path:
    path = WORK / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/sharedStrings.xml", b"<sst><si><t>" + b"A" * (150 * 1024 * 1024) + b"</t></si></sst>"
        )
    return path


def mapping_page_seconds() -> tuple[int, float]:
    """The mapping page of a list exactly at the column limit, as a department officer opens it."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from nokrabob.accounts.models import User
    from nokrabob.accounts.roles import Role
    from nokrabob.core.models import OrgUnit
    from nokrabob.core.reference import SOCIAL_DEVELOPMENT_CODE, load_org_units

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    load_org_units()
    user = User(
        username="bench", role=Role.DEPARTMENT_STAFF, unit=OrgUnit.objects.get(code=SOCIAL_DEVELOPMENT_CODE)
    )
    user.set_password("bench-password")
    user.save()
    client = Client()
    client.force_login(user)
    width = settings.IMPORTS_MAX_COLUMNS
    header = ",".join(["ชื่อ", "เขต", *(f"คอลัมน์ {i}" for i in range(width - 2))])
    body = "".join(
        ",".join(["สมชาย", "พระนคร", *(f"ค่า {i}" for i in range(width - 2))]) + "\n" for _ in range(20)
    )
    response = client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile("wide.csv", (header + "\n" + body).encode())}
    )
    url = response["Location"]
    assert client.get(url).status_code == 200
    return width, timed(lambda: client.get(url), repeat=5)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import openpyxl

    from nokrabob.imports.readers import TableReader

    source, book = files(args.rows)

    def openpyxl_head() -> None:
        workbook = openpyxl.load_workbook(book, read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        [next(rows) for _ in range(11)]
        workbook.close()

    def csv_plain() -> None:
        with source.open(encoding="utf-8", newline="") as fh:
            for _row in csv.reader(fh):
                pass

    def csv_reader() -> None:
        for _row in TableReader(source).rows():
            pass

    wide = WORK / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(10_000)) + "\n", encoding="utf-8")
    big_cell = WORK / "big-cell.csv"
    big_cell.write_text("ชื่อ,เขต\n" + "ก" * (5 * 1024 * 1024) + ",พระนคร\n", encoding="utf-8")
    bomb_path = bomb()

    sizes = f"XLSX {book.stat().st_size / 1e6:.1f} MB, CSV {source.stat().st_size / 1e6:.1f} MB"
    summary_seconds = timed(lambda: TableReader(book).summary())
    lines = [
        f"Rows: {args.rows:,}; {sizes}.",
        "",
        "| what | seconds (median) |",
        "|---|---|",
        f"| XLSX header + 10 rows, openpyxl read-only load | {timed(openpyxl_head, 1):.3f} |",
        f"| XLSX header + 10 rows, `TableReader(…).summary()` | {summary_seconds:.3f} |",
        f"| CSV, every row, bare `csv.reader` | {timed(csv_plain):.3f} |",
        f"| CSV, every row, `TableReader(…).rows()` | {timed(csv_reader):.3f} |",
        f"| refusal: 10,000-column header | {timed(refused(lambda: TableReader(wide))):.4f} |",
        f"| refusal: 5 MB cell | {timed(refused(lambda: TableReader(big_cell))):.4f} |",
        f"| refusal: XLSX of {bomb_path.stat().st_size / 1024:.0f} KB expanding to 150 MB "
        f"| {timed(refused(lambda: TableReader(bomb_path))):.4f} |",
    ]
    width, page = mapping_page_seconds()
    lines.append(f"| mapping page, {width} columns (the column limit) | {page:.3f} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
