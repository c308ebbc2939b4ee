"""The error report: every rejected row as the sender wrote it, plus its row number and reasons, so the
sender can fix the rows and send them again.

It holds personal data, so it follows the pages' rules: the national-ID column is masked for roles that
see masked IDs elsewhere, every cell (headers and reasons too) is neutralised against spreadsheet
formulas, and every download is audited (``record_download``)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.reads import audit_read
from nokrabob.imports.exports import neutralise
from nokrabob.imports.models import ImportBatch, ImportRowError
from nokrabob.registry.rules.national_id import mask_national_id


def report_headers(batch: ImportBatch) -> list[str]:
    from nokrabob.imports.services import batch_reader

    try:
        original = batch_reader(batch).headers
    except Exception:
        original = []
    return [neutralise(str(h)) for h in (_("แถวที่"), _("เหตุผลที่ถูกปฏิเสธ"), *original)]


def _masked(value: Any) -> str:
    """A national-ID cell as a role with masked IDs sees it (whatever was typed, only the last digit)."""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return mask_national_id(digits) if len(digits) == 13 else "x" * len(str(value))


def report_row(batch: ImportBatch, error: ImportRowError, *, full_ids: bool = True) -> list[Any]:
    """One rejected row as the report shows it: row number, reasons, the cells (ID masked unless
    ``full_ids``), every text neutralised."""
    return _row(
        batch.mapping.get("national_id") if not full_ids else None,
        error.row_number,
        error.values,
        error.reasons,
    )


def _row(id_column: Any, number: int, values: list[Any], reasons: list[Any]) -> list[Any]:
    reason_text = "; ".join(f"{column}: {message}" if column else message for column, message in reasons)
    cells = ["" if v is None else v for v in values]
    if id_column is not None and int(id_column) < len(cells) and cells[int(id_column)] != "":
        cells[int(id_column)] = _masked(cells[int(id_column)])
    return [number, neutralise(reason_text), *map(neutralise, cells)]


def report_rows(batch: ImportBatch, *, full_ids: bool = True) -> Iterator[list[Any]]:
    id_column = batch.mapping.get("national_id") if not full_ids else None
    errors = ImportRowError.objects.filter(batch=batch).order_by("row_number")
    for number, values, reasons in errors.values_list("row_number", "values", "reasons").iterator(
        chunk_size=2000
    ):
        yield _row(id_column, number, values, reasons)


def record_download(*, request: Any = None, actor: Any, batch: ImportBatch, fmt: str, full_ids: bool) -> None:
    """Who downloaded which batch's rejected rows, in which form, with or without full IDs, from where."""
    audit_read(
        request,
        actor=actor,
        read="import_error_report",
        action=AuditAction.EXPORT,
        target=batch,
        count=batch.rows_rejected,
        error_report=fmt,
        full_national_ids=full_ids,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(batch: ImportBatch, *, full_ids: bool = True) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow(report_headers(batch))).encode("utf-8")
    buffer = []
    for row in report_rows(batch, full_ids=full_ids):
        buffer.append(writer.writerow(row))
        if len(buffer) >= 500:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def write_csv(batch: ImportBatch, path: Path, *, full_ids: bool = True) -> Path:
    with path.open("wb") as out:
        for chunk in csv_chunks(batch, full_ids=full_ids):
            out.write(chunk)
    return path


def write_xlsx(batch: ImportBatch, path: Path, *, full_ids: bool = True) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False})  # fmt: skip
    sheet = book.add_worksheet(_("แถวที่ถูกปฏิเสธ")[:31])
    sheet.write_row(0, 0, report_headers(batch), book.add_format({"bold": True}))
    for index, row in enumerate(report_rows(batch, full_ids=full_ids), start=1):
        sheet.write_row(index, 0, [v if isinstance(v, int | float) else str(v) for v in row])
    book.close()
    return path
