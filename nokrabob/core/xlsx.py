"""Opening XLSX files that people upload, without trusting them.

An XLSX file is a zip archive of XML. A small upload can expand to gigabytes (a "zip bomb"), and openpyxl
reads the whole shared-strings table (every distinct text of the workbook) before the first cell — so a
0.7 MB file whose strings expand to 150 MB took half a minute and hundreds of megabytes to show its header.

``check_archive`` reads only the archive's directory — the uncompressed size each member declares — and
refuses before anything is expanded. The declared sizes can be trusted for this: Python's zip reader never
returns more bytes than a member declares (and checks the CRC at its end).

``open_workbook`` then opens the workbook read-only with the shared strings read *on demand*: a cell asking
for string 7 reads the table up to string 7 and no further. Excel writes the table in order of first use,
so the header and the first rows of a sheet need only the start of it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.text import size_text

MB = 1024 * 1024
# A member smaller than this is never refused for its ratio: tiny XML parts compress very well.
RATIO_FLOOR_BYTES = 1 * MB


@dataclass(frozen=True)
class ArchiveLimits:
    max_uncompressed: int
    max_shared_strings: int
    max_ratio: int


def check_archive(source: str | Path | IO[bytes], limits: ArchiveLimits, *, field: str = "file") -> None:
    """Refuse an XLSX whose members would expand beyond ``limits`` (nothing is decompressed here)."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DomainError(_("เปิดไฟล์ XLSX ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ Excel"), field=field) from None
    total = 0
    for member in members:
        total += member.file_size
        if (
            member.filename.lower().endswith("sharedstrings.xml")
            and member.file_size > limits.max_shared_strings
        ):
            raise DomainError(
                _(
                    "ไฟล์ XLSX มีข้อความรวมกันเมื่อขยายแล้ว %(size)s เกินกว่าที่รับได้ %(max)s "
                    "โปรดบันทึกเป็น CSV (UTF-8) แล้วอัปโหลดใหม่"
                )
                % {"size": size_text(member.file_size), "max": size_text(limits.max_shared_strings)},
                field=field,
            )
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise DomainError(
                _(
                    "ไฟล์ XLSX ขยายตัวได้ผิดปกติ (ข้อมูล %(packed)s ขยายเป็น %(size)s) ระบบไม่เปิดไฟล์นี้ "
                    "โปรดบันทึกไฟล์ใหม่จาก Excel หรือเป็น CSV"
                )
                % {"packed": size_text(member.compress_size), "size": size_text(member.file_size)},
                field=field,
            )
    if total > limits.max_uncompressed:
        raise DomainError(
            _("ไฟล์ XLSX เมื่อขยายแล้วมีขนาด %(size)s เกินกว่าที่รับได้ %(max)s โปรดแบ่งไฟล์หรือบันทึกเป็น CSV")
            % {"size": size_text(total), "max": size_text(limits.max_uncompressed)},
            field=field,
        )


class LazySharedStrings:
    """The workbook's shared-strings table, parsed only as far as a cell has asked."""

    def __init__(self, archive: zipfile.ZipFile, member: str) -> None:
        from openpyxl.xml.constants import SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse

        self._source = archive.open(member)
        self._events = iterparse(self._source, events=("start", "end"))
        self._tag = f"{{{SHEET_MAIN_NS}}}si"
        self._root: Any = None
        self._strings: list[str] = []
        self._done = False

    def __getitem__(self, index: int) -> str:
        while index >= len(self._strings) and not self._done:
            self._read_next()
        return self._strings[index]

    def __len__(self) -> int:  # only for code that asks; reads the rest of the table
        while not self._done:
            self._read_next()
        return len(self._strings)

    def _read_next(self) -> None:
        from openpyxl.cell.text import Text

        for event, node in self._events:
            if self._root is None:
                self._root = node
            if event == "end" and node.tag == self._tag:
                # As openpyxl's own ``read_string_table`` does, then the read entries are dropped from the
                # tree too (openpyxl keeps an empty element per string: more memory than the strings).
                self._strings.append(Text.from_tree(node).content.replace("x005F_", ""))
                self._root.clear()
                return
        self._done = True
        self._source.close()

    def close(self) -> None:
        self._done = True
        self._source.close()


@contextmanager
def open_workbook(path: str | Path, limits: ArchiveLimits, *, field: str = "file") -> Iterator[Any]:
    """A read-only openpyxl workbook (values only) with lazily read shared strings, checked first."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    check_archive(path, limits, field=field)
    strings: list[LazySharedStrings] = []

    class _Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                strings.append(LazySharedStrings(self.archive, part.PartName[1:]))
                self.shared_strings = strings[0]

    # A file object: openpyxl then does not judge the file by its name.
    with Path(path).open("rb") as handle:
        try:
            try:
                reader = _Reader(handle, read_only=True, data_only=True)
                reader.read()
            except DomainError:
                raise
            except Exception:  # openpyxl raises many kinds for a file that is not a workbook
                raise DomainError(_("เปิดไฟล์ XLSX ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ Excel"), field=field) from None
            book = reader.wb
            try:
                yield book
            finally:
                book.close()
        finally:
            for table in strings:
                table.close()


def as_text_cells(workbook: Any) -> None:
    """Write every cell of an openpyxl workbook that holds text as text.

    openpyxl takes any text that starts with ``=`` for a formula, so a name someone typed
    (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``) would run when the file is opened. The files the app
    writes hold data, never formulas: call this on the workbook just before saving it.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
