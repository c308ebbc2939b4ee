"""The error report: every rejected row as the sender wrote it, plus its row number and reasons, so the
sender can fix the rows and send them again."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from nokrabob.imports.exports import neutralise
from nokrabob.imports.models import ImportBatch, ImportRowError


def report_headers(batch: ImportBatch) -> list[str]:
    from nokrabob.imports.services import batch_reader

    try:
        original = batch_reader(batch).headers
    except Exception:
        original = []
    return [_("แถวที่"), _("เหตุผลที่ถูกปฏิเสธ"), *original]


def report_rows(batch: ImportBatch) -> Iterator[list[Any]]:
    errors = ImportRowError.objects.filter(batch=batch).order_by("row_number")
    for number, values, reasons in errors.values_list("row_number", "values", "reasons").iterator(
        chunk_size=2000
    ):
        reason_text = "; ".join(f"{column}: {message}" if column else message for column, message in reasons)
        yield [number, reason_text, *(neutralise("" if v is None else v) for v in values)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(batch: ImportBatch) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow(report_headers(batch))).encode("utf-8")
    buffer = []
    for row in report_rows(batch):
        buffer.append(writer.writerow(row))
        if len(buffer) >= 500:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def write_csv(batch: ImportBatch, path: Path) -> Path:
    with path.open("wb") as out:
        for chunk in csv_chunks(batch):
            out.write(chunk)
    return path


def write_xlsx(batch: ImportBatch, path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False})  # fmt: skip
    sheet = book.add_worksheet(_("แถวที่ถูกปฏิเสธ")[:31])
    sheet.write_row(0, 0, report_headers(batch), book.add_format({"bold": True}))
    for index, row in enumerate(report_rows(batch), start=1):
        sheet.write_row(index, 0, [v if isinstance(v, int | float) else str(v) for v in row])
    book.close()
    return path
