"""Reading worker lists: CSV in UTF-8, UTF-8 with BOM or Windows-874/TIS-620, and XLSX — streamed, within
limits, and cleaned of control characters.

Every import path (the pages, ``import_workers``, the benchmarks) reads through ``TableReader``, so the
limits and the cleaning hold everywhere:

- a file wider than ``IMPORTS_MAX_COLUMNS``, longer than ``IMPORTS_MAX_ROWS`` or with a cell longer than
  ``IMPORTS_MAX_CELL_CHARS`` is refused with a message naming the row (``DomainError``: a form error on
  the upload page, the batch's failure reason during a run) — never a 500 and never a run-away process;
- CSV is read line by line with a bounded line length, so one enormous line cannot fill the memory;
- XLSX archives are checked before anything is expanded and their shared strings are read on demand
  (``nokrabob.core.xlsx``);
- control characters (NUL, escape, C1 …) are removed from every cell; tab and line breaks stay.

A batch keeps the header, the first rows and the row estimate (``Summary``) so that its pages never read
the file again; ``TableReader(…, summary=…)`` reuses them and touches the file only for ``rows()``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.core.errors import DomainError
from nokrabob.core.text import CONTROL_CHARACTERS, strip_control
from nokrabob.core.xlsx import ArchiveLimits, open_workbook

# Python's codec name → what a person calls it.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": gettext_lazy("UTF-8 (Excel)"),
    "cp874": gettext_lazy("Windows-874 (ภาษาไทย)"),
}
SAMPLE_BYTES = 256 * 1024
PREVIEW_ROWS = 10
# Kept on the batch: a header or a preview cell longer than this is cut (the whole cell is still imported).
HEADER_CHARS = 200
PREVIEW_CHARS = 200


@dataclass(frozen=True)
class ReadLimits:
    """How big a list may be (``IMPORTS_*`` settings, see docs/deploy.md)."""

    max_columns: int
    max_cell_chars: int
    max_rows: int
    archive: ArchiveLimits

    @classmethod
    def from_settings(cls) -> ReadLimits:
        return cls(
            max_columns=settings.IMPORTS_MAX_COLUMNS,
            max_cell_chars=settings.IMPORTS_MAX_CELL_CHARS,
            max_rows=settings.IMPORTS_MAX_ROWS,
            archive=ArchiveLimits(
                max_uncompressed=settings.IMPORTS_XLSX_MAX_UNCOMPRESSED_BYTES,
                max_shared_strings=settings.IMPORTS_XLSX_MAX_SHARED_STRINGS_BYTES,
                max_ratio=settings.IMPORTS_XLSX_MAX_RATIO,
            ),
        )

    @property
    def max_line_chars(self) -> int:
        """The longest physical CSV line accepted: a full row of full cells with their quotes and commas."""
        return self.max_columns * (self.max_cell_chars + 3) + 2


@dataclass(frozen=True)
class Summary:
    """What a batch keeps of its file for its pages: header, first rows (JSON-safe, cut) and row estimate."""

    headers: list[str]
    preview: list[list[Any]]
    rows: int


def detect_encoding(sample: bytes) -> str:
    """BOM → ``utf-8-sig``; valid UTF-8 → ``utf-8``; otherwise the Thai Windows code page (a superset of
    TIS-620, what Thai Excel saves as "CSV")."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp874"
    return "utf-8"


def file_kind(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt", ""):
        return "csv"
    raise DomainError(_("รองรับเฉพาะไฟล์ CSV และ XLSX"), field="file")


def _sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _file_gone() -> DomainError:
    return DomainError(_("ไม่มีไฟล์ที่อัปโหลดแล้ว (ลบตามระยะเวลาการเก็บรักษา) โปรดอัปโหลดไฟล์ใหม่"), field="file")


def _clean_lines(text: io.TextIOBase, limit: int) -> Iterator[str]:
    """The file's lines, each without control characters; a line longer than ``limit`` stops the read
    (``readline`` never holds more than ``limit`` characters)."""
    readline, search, number = text.readline, CONTROL_CHARACTERS.search, 0
    while line := readline(limit):
        number += 1
        if len(line) == limit and line[-1] not in "\r\n":
            raise DomainError(
                _("บรรทัดที่ %(line)s ของไฟล์ยาวเกิน %(n)s ตัวอักษร ไฟล์นี้อาจไม่ใช่ไฟล์ CSV")
                % {"line": f"{number:,}", "n": f"{limit:,}"},
                field="file",
            )
        if search(line):
            line = strip_control(line)
        yield line


def json_cell(value: Any, limit: int = PREVIEW_CHARS) -> Any:
    """A cell as JSON can keep it (dates as ISO text, long text cut), for the preview kept on a batch."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    text = value.isoformat(" ") if isinstance(value, dt.datetime) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TableReader:
    """``headers`` and ``rows()`` (lists of cell values, header excluded) of a CSV or XLSX file."""

    def __init__(
        self,
        path: str | Path,
        *,
        kind: str = "",
        encoding: str = "",
        summary: Summary | None = None,
        limits: ReadLimits | None = None,
    ) -> None:
        self.path = Path(path)
        self.kind = kind or file_kind(self.path.name)
        self.limits = limits or ReadLimits.from_settings()
        self.encoding = encoding
        self._dialect: type[csv.Dialect] | csv.Dialect | None = None
        self._summary = summary
        self._declared_rows: int | None = None
        if summary is not None:  # the batch's pages: no file access until rows() is asked for
            self.headers = list(summary.headers)
            self._preview = [list(row) for row in summary.preview]
            return
        if not self.path.is_file():
            raise _file_gone()
        if self.kind == "csv":
            self._detect(encoding)
        self.headers, self._preview = self._read_head()

    # ── opening ──────────────────────────────────────────────────────────────────────────────────
    def _detect(self, encoding: str) -> None:
        with self.path.open("rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
        self.encoding = encoding or detect_encoding(sample)
        if encoding == "utf-8" and sample.startswith(codecs.BOM_UTF8):
            self.encoding = "utf-8-sig"
        try:
            head = sample.decode(self.encoding, errors="strict" if len(sample) < SAMPLE_BYTES else "ignore")
        except UnicodeDecodeError:
            raise DomainError(
                _("อ่านไฟล์ด้วยการเข้ารหัส %(enc)s ไม่ได้ ลองเลือกการเข้ารหัสอื่น") % {"enc": self.encoding},
                field="encoding",
            ) from None
        self._dialect = _sniff_dialect(head)

    @property
    def dialect(self) -> type[csv.Dialect] | csv.Dialect:
        if self._dialect is None:
            if not self.path.is_file():
                raise _file_gone()
            self._detect(self.encoding)
        assert self._dialect is not None
        return self._dialect

    def _open_text(self) -> io.TextIOWrapper:
        return open(self.path, encoding=self.encoding, errors="replace", newline="")

    def _read_head(self) -> tuple[list[str], list[list[Any]]]:
        """The header and the first ``PREVIEW_ROWS`` data rows, in one read."""
        raw = self._raw_rows()
        iterator = self._data_rows(raw)
        try:
            header = next(iterator, None)
            if header is None:
                raise DomainError(_("ไฟล์ว่าง ไม่พบหัวตาราง"), field="file")
            preview: list[list[Any]] = []
            for row in iterator:
                preview.append(row)
                if len(preview) >= PREVIEW_ROWS:
                    break
        finally:
            iterator.close()
            raw.close()  # closes the file or the workbook now
        return [str(h if h is not None else "").strip()[:HEADER_CHARS] for h in header], preview

    # ── reading ──────────────────────────────────────────────────────────────────────────────────
    def _raw_rows(self) -> Generator[list[Any], None, None]:
        """Every record of the file, the header first, within the limits and cleaned."""
        if not self.path.is_file():
            raise _file_gone()
        return self._csv_rows() if self.kind == "csv" else self._xlsx_rows()

    def _too_wide(self, number: int, width: int) -> DomainError:
        return DomainError(
            _("แถวที่ %(row)s มี %(n)s คอลัมน์ เกินกว่าที่รับได้ %(max)s คอลัมน์ โปรดลบคอลัมน์ที่ไม่ใช้ออกจากไฟล์")
            % {"row": f"{number:,}", "n": f"{width:,}", "max": f"{self.limits.max_columns:,}"},
            field="file",
        )

    def _too_long(self) -> DomainError:
        return DomainError(
            _("ไฟล์มีเกิน %(max)s แถว โปรดแบ่งเป็นหลายไฟล์") % {"max": f"{self.limits.max_rows:,}"}, field="file"
        )

    def _cell_too_long(self, number: int) -> DomainError:
        return DomainError(
            _("แถวที่ %(row)s มีข้อมูลในช่องหนึ่งยาวเกิน %(n)s ตัวอักษร โปรดตรวจสอบแถวนี้ในไฟล์")
            % {"row": f"{number:,}", "n": f"{self.limits.max_cell_chars:,}"},
            field="file",
        )

    def _csv_rows(self) -> Generator[list[Any], None, None]:
        limits = self.limits
        max_columns, max_records = limits.max_columns, limits.max_rows + 1
        # Process-wide, but every reader sets the same value from the settings.
        csv.field_size_limit(limits.max_cell_chars)
        number = 0
        with self._open_text() as fh:
            try:
                for number, row in enumerate(
                    csv.reader(_clean_lines(fh, limits.max_line_chars), self.dialect), 1
                ):
                    if len(row) > max_columns or number > max_records:
                        raise self._too_wide(number, len(row)) if len(row) > max_columns else self._too_long()
                    yield row
            except csv.Error as exc:
                if "field limit" in str(exc):
                    raise self._cell_too_long(number + 1) from None
                raise DomainError(
                    _("อ่านไฟล์ CSV ไม่ได้ที่แถวที่ %(row)s: %(reason)s") % {"row": f"{number + 1:,}", "reason": exc},
                    field="file",
                ) from None

    def _xlsx_rows(self) -> Generator[list[Any], None, None]:
        limits = self.limits
        max_columns, max_records, max_cell = limits.max_columns, limits.max_rows + 1, limits.max_cell_chars
        search = CONTROL_CHARACTERS.search
        number = 0
        with open_workbook(self.path, limits.archive) as book:
            if not book.worksheets:
                raise DomainError(_("ไฟล์ว่าง ไม่พบหัวตาราง"), field="file")
            sheet = book.worksheets[0]
            self._declared_rows = max(0, (sheet.max_row or 1) - 1)
            if (sheet.max_column or 0) > max_columns or (sheet.max_row or 0) > max_records:
                # A declared size this large would pad every row to it: read what is really there.
                sheet.reset_dimensions()
            cells = iter(sheet.iter_rows(values_only=True))
            while True:
                try:
                    values = next(cells, None)
                except DomainError:
                    raise
                except Exception:
                    raise DomainError(
                        _("อ่านไฟล์ XLSX ไม่ได้ที่แถวที่ %(row)s ไฟล์อาจเสียหาย") % {"row": f"{number + 1:,}"},
                        field="file",
                    ) from None
                if values is None:
                    return
                number += 1
                if len(values) > max_columns:
                    raise self._too_wide(number, len(values))
                if number > max_records:
                    raise self._too_long()
                row = list(values)
                for index, value in enumerate(row):
                    if type(value) is str:
                        if len(value) > max_cell:
                            raise self._cell_too_long(number)
                        if search(value):
                            row[index] = strip_control(value)
                yield row

    @staticmethod
    def _data_rows(iterator: Iterator[list[Any]]) -> Generator[list[Any], None, None]:
        """The header as it is, then the rows that hold something (wholly empty rows skipped)."""
        header = next(iterator, None)
        if header is None:
            return
        yield header
        for row in iterator:
            if any(cell not in (None, "") for cell in row):
                yield row

    def rows(self) -> Iterator[list[Any]]:
        """Data rows (the header skipped; wholly empty rows skipped too)."""
        iterator = self._raw_rows()
        next(iterator, None)
        if self.kind == "csv":
            return filter(any, iterator)  # CSV cells are text: a row is empty when every cell is ""
        return (row for row in iterator if any(cell not in (None, "") for cell in row))

    def count_rows(self) -> int:
        """The number of data rows, cheaply (CSV: newlines; XLSX: the sheet's declared size)."""
        if self._summary is not None:
            return self._summary.rows
        if self.kind == "csv":
            count = 0
            last = b"\n"
            with self.path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    count += chunk.count(b"\n")
                    last = chunk[-1:]
            if last != b"\n":
                count += 1
            return max(0, count - 1)
        if self._declared_rows is None:
            with open_workbook(self.path, self.limits.archive) as book:
                sheet = book.worksheets[0]
                self._declared_rows = max(0, (sheet.max_row or 1) - 1)
        return self._declared_rows

    def preview(self, limit: int = PREVIEW_ROWS) -> list[list[Any]]:
        if limit <= len(self._preview) or self._summary is not None:
            return self._preview[:limit]
        found = []
        for row in self.rows():
            found.append(row)
            if len(found) >= limit:
                break
        return found

    def summary(self) -> Summary:
        """What a batch keeps of this file. Refuses a file whose estimate is over the row limit already."""
        rows = self.count_rows()
        if rows > self.limits.max_rows:
            raise DomainError(
                _("ไฟล์มีประมาณ %(n)s แถว เกินกว่าที่รับได้ %(max)s แถว โปรดแบ่งเป็นหลายไฟล์")
                % {"n": f"{rows:,}", "max": f"{self.limits.max_rows:,}"},
                field="file",
            )
        preview = [[json_cell(cell) for cell in row] for row in self._preview[:PREVIEW_ROWS]]
        return Summary(headers=list(self.headers), preview=preview, rows=rows)
