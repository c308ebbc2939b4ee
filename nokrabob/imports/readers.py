"""Reading worker lists: CSV in UTF-8, UTF-8 with BOM or Windows-874/TIS-620, and XLSX (streaming)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError

ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "cp874": "Windows-874 / TIS-620",
}
SAMPLE_BYTES = 256 * 1024


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


class TableReader:
    """``headers`` and ``rows()`` (lists of cell values, header excluded) of a CSV or XLSX file."""

    def __init__(self, path: str | Path, *, kind: str = "", encoding: str = "") -> None:
        self.path = Path(path)
        self.kind = kind or file_kind(self.path.name)
        self.encoding = ""
        if self.kind == "csv":
            with self.path.open("rb") as fh:
                sample = fh.read(SAMPLE_BYTES)
            self.encoding = encoding or detect_encoding(sample)
            if encoding == "utf-8" and sample.startswith(codecs.BOM_UTF8):
                self.encoding = "utf-8-sig"
            try:
                head = sample.decode(
                    self.encoding, errors="strict" if len(sample) < SAMPLE_BYTES else "ignore"
                )
            except UnicodeDecodeError:
                raise DomainError(
                    _("อ่านไฟล์ด้วยการเข้ารหัส %(enc)s ไม่ได้ ลองเลือกการเข้ารหัสอื่น") % {"enc": self.encoding},
                    field="encoding",
                ) from None
            self.dialect = _sniff_dialect(head)
        self.headers = self._read_headers()

    def _open_text(self) -> io.TextIOWrapper:
        return open(self.path, encoding=self.encoding, errors="replace", newline="")

    def _read_headers(self) -> list[str]:
        for row in self._raw_rows():
            return [str(h if h is not None else "").strip() for h in row]
        raise DomainError(_("ไฟล์ว่าง ไม่พบหัวตาราง"), field="file")

    def _raw_rows(self) -> Iterator[list[Any]]:
        if self.kind == "csv":
            with self._open_text() as fh:
                yield from csv.reader(fh, self.dialect)
        else:
            import openpyxl

            try:
                book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            except Exception:
                raise DomainError(_("เปิดไฟล์ XLSX ไม่ได้ ไฟล์อาจเสียหาย"), field="file") from None
            try:
                sheet = book.worksheets[0]
                for row in sheet.iter_rows(values_only=True):
                    yield list(row)
            finally:
                book.close()

    def rows(self) -> Iterator[list[Any]]:
        """Data rows (the header skipped; wholly empty rows skipped too)."""
        iterator = self._raw_rows()
        next(iterator, None)
        if self.kind == "csv":
            for row in iterator:
                if row and (row[0] or any(row)):
                    yield row
            return
        for row in iterator:
            if any(cell not in (None, "") for cell in row):
                yield row

    def count_rows(self) -> int:
        """The number of data rows, cheaply (CSV: newlines; XLSX: the sheet's dimension)."""
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
        import openpyxl

        book = openpyxl.load_workbook(self.path, read_only=True)
        try:
            sheet = book.worksheets[0]
            return max(0, (sheet.max_row or 1) - 1)
        finally:
            book.close()

    def preview(self, limit: int = 10) -> list[list[Any]]:
        found = []
        for row in self.rows():
            found.append(row)
            if len(found) >= limit:
                break
        return found
