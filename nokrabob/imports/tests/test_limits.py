"""Upload limits: an over-sized, over-wide, over-long or booby-trapped list gets a message, never a 500 or a
run-away process; control characters never reach the registry; pages never re-read the file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.core.errors import DomainError
from nokrabob.core.xlsx import LazySharedStrings
from nokrabob.imports import services
from nokrabob.imports.models import ImportBatch, ImportStatus
from nokrabob.imports.readers import TableReader
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db

HEADER = "เลขบัตรประชาชน,ชื่อ,นามสกุล,วันเกิด,เขต\n"


def _row(n: int, first: str = "สมชาย", last: str = "ใจดี") -> str:
    return f"{make_national_id(f'1101700{n:05d}')},{first},{last},01/01/2530,พระนคร\n"


def _upload(client, make_user, name: str, data: bytes):  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    return client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, data)})


def _uploads() -> list[Path]:
    return [p for p in services.upload_dir().iterdir() if not p.name.startswith(("errors-", "export-"))]


@pytest.fixture(autouse=True)
def _own_upload_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


# ── cells, columns, rows ─────────────────────────────────────────────────────────────────────────


def test_a_5_mb_cell_is_refused_at_upload_with_a_message(client, make_user) -> None:  # type: ignore[no-untyped-def]
    data = (HEADER + _row(1) + _row(2, first="ก" * (5 * 1024 * 1024))).encode()
    response = _upload(client, make_user, "big-cell.csv", data)
    assert response.status_code == 200
    assert "แถวที่ 3 มีข้อมูลในช่องหนึ่งยาวเกิน 32,767 ตัวอักษร" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert _uploads() == []  # the refused upload is not left on disk


def test_a_big_cell_deep_in_the_file_fails_the_batch_with_its_row(make_user, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORTS_MAX_CELL_CHARS = 100
    path = tmp_path / "deep.csv"
    rows = [_row(n) for n in range(1, 40)] + [_row(40, last="ข" * 101)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    user = make_user(Role.ADMIN)
    batch = services.run_batch(services.batch_create(actor=user, path=path, file_name=path.name).pk)
    assert batch.status == ImportStatus.FAILED
    assert "แถวที่ 41 มีข้อมูลในช่องหนึ่งยาวเกิน 100 ตัวอักษร" in batch.failure
    assert not Person.objects.exists()  # the part already written was rolled back


def test_ten_thousand_columns_are_refused_before_the_mapping_page(client, make_user) -> None:  # type: ignore[no-untyped-def]
    headers = ",".join(f"c{i}" for i in range(10_000))
    response = _upload(client, make_user, "wide.csv", (headers + "\n" + "1," * 9_999 + "1\n").encode())
    assert response.status_code == 200
    assert "แถวที่ 1 มี 10,000 คอลัมน์ เกินกว่าที่รับได้ 500 คอลัมน์" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert _uploads() == []


def test_a_wide_data_row_is_refused_too(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORTS_MAX_COLUMNS = 5
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "".join(_row(n) for n in range(1, 20)) + "1,2,3,4,5,6\n", encoding="utf-8")
    reader = TableReader(path)  # the header and the first rows are fine
    with pytest.raises(DomainError, match="แถวที่ 21 มี 6 คอลัมน์"):
        list(reader.rows())


def test_one_enormous_line_is_refused_without_reading_it_whole(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORTS_MAX_COLUMNS, settings.IMPORTS_MAX_CELL_CHARS = 5, 10  # a line may hold 5 × 13 + 2
    path = tmp_path / "f.csv"
    path.write_text("a,b\n" + "x" * 500 + "\n", encoding="utf-8")
    with pytest.raises(DomainError, match="บรรทัดที่ 2 ของไฟล์ยาวเกิน 67 ตัวอักษร"):
        TableReader(path)


def test_too_many_rows_are_refused_at_upload_and_while_reading(client, make_user, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORTS_MAX_ROWS = 12
    data = (HEADER + "".join(_row(n) for n in range(1, 21))).encode()
    response = _upload(client, make_user, "long.csv", data)
    assert "ไฟล์มีประมาณ 20 แถว เกินกว่าที่รับได้ 12 แถว" in response.content.decode()
    assert not ImportBatch.objects.exists()
    # The estimate counts newlines; the read itself counts records and stops at the limit.
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with pytest.raises(DomainError, match="ไฟล์มีเกิน 12 แถว"):
        list(TableReader(path).rows())


def test_the_upload_size_limit_is_a_setting(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORTS_MAX_UPLOAD_BYTES = 1024
    response = _upload(client, make_user, "f.csv", (HEADER + "".join(_row(n) for n in range(1, 40))).encode())
    assert "ไฟล์ใหญ่เกิน 1 KB" in response.content.decode() and not ImportBatch.objects.exists()


# ── control characters ───────────────────────────────────────────────────────────────────────────


def test_a_nul_byte_in_a_name_never_reaches_the_registry(  # type: ignore[no-untyped-def]
    client, make_user, django_capture_on_commit_callbacks
) -> None:
    data = (HEADER + _row(1, first="สม\x00ชาย", last="ใจ\x1bดี\u2028มาก")).encode()
    response = _upload(client, make_user, "nul.csv", data)
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:mapping", args=[batch.pk])
    form = {f"col_{t}": str(i) for t, i in batch.mapping.items()} | {"encoding": "utf-8", "import": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:mapping", args=[batch.pk]), form)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.failure
    person = Person.objects.get()
    assert (person.first_name, person.last_name) == ("สมชาย", "ใจดี มาก")
    assert batch.preview[0][1:3] == ["สมชาย", "ใจดี มาก"]  # the preview kept on the batch is clean too


def test_control_characters_are_removed_from_xlsx_cells_and_tabs_and_newlines_kept(tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["ชื่อ", "ที่อยู่"])
    # XML cannot hold C0 controls, but C1 controls, DEL and the Unicode separators it can.
    book.active.append(["สม\x9bชาย", "12 ซอย 3\nแขวง\tพระนคร\x7f\u2028ไทย"])
    book.save(tmp_path / "f.xlsx")
    assert list(TableReader(tmp_path / "f.xlsx").rows()) == [["สมชาย", "12 ซอย 3\nแขวง\tพระนคร ไทย"]]


# ── XLSX: checked before it is opened, strings read on demand ───────────────────────────────────


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """A workbook as Excel writes it: text in the shared-strings table (openpyxl would write it inline)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


def _with_strings(data: bytes, extra: str) -> bytes:
    """The workbook with ``extra`` added to its shared-strings table (as a zip bomb does)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                content = content.replace(b"</sst>", f"<si><t>{extra}</t></si></sst>".encode())
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture
def never_opened(monkeypatch):  # type: ignore[no-untyped-def]
    """Fails the test if openpyxl starts reading the workbook."""
    from openpyxl.reader.excel import ExcelReader

    def refuse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(ExcelReader, "read", refuse)


def test_a_zip_bomb_xlsx_is_refused_before_it_is_expanded(client, make_user, never_opened) -> None:  # type: ignore[no-untyped-def]
    bomb = _with_strings(_xlsx([["ชื่อ", "เขต"], ["สมชาย", "พระนคร"]]), "A" * (40 * 1024 * 1024))
    assert len(bomb) < 200 * 1024  # 40 MB of strings packed into well under 200 KB
    response = _upload(client, make_user, "bomb.xlsx", bomb)
    assert response.status_code == 200
    assert "ไฟล์ XLSX ขยายตัวได้ผิดปกติ" in response.content.decode()
    assert not ImportBatch.objects.exists() and _uploads() == []


def test_xlsx_expanded_and_shared_string_sizes_are_settings(tmp_path, settings, never_opened) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "f.xlsx"
    path.write_bytes(_xlsx([["ชื่อ", "เขต"], *[[f"คน{i}", "พระนคร"] for i in range(200)]]))
    settings.IMPORTS_XLSX_MAX_SHARED_STRINGS_BYTES = 1000
    with pytest.raises(DomainError, match="ไฟล์ XLSX มีข้อความรวมกันเมื่อขยายแล้ว"):
        TableReader(path)
    settings.IMPORTS_XLSX_MAX_SHARED_STRINGS_BYTES = 10**9
    settings.IMPORTS_XLSX_MAX_UNCOMPRESSED_BYTES = 5000
    with pytest.raises(DomainError, match="ไฟล์ XLSX เมื่อขยายแล้วมีขนาด"):
        TableReader(path)


def test_the_header_and_preview_read_only_the_start_of_the_strings_table(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "f.xlsx"
    path.write_bytes(_xlsx([["ชื่อ", "เขต"], *[[f"คน{i}", f"ที่{i}"] for i in range(2000)]]))
    tables: list[LazySharedStrings] = []
    original = LazySharedStrings.__init__

    def remember(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        tables.append(self)

    monkeypatch.setattr(LazySharedStrings, "__init__", remember)
    reader = TableReader(path)
    assert reader.headers == ["ชื่อ", "เขต"] and reader.preview(10)[9] == ["คน9", "ที่9"]
    assert len(tables[0]._strings) < 30  # of 4,002 strings
    assert reader.count_rows() == 2000
    rows = list(reader.rows())
    assert len(rows) == 2000 and rows[-1] == ["คน1999", "ที่1999"]


def test_rich_text_and_numbers_read_as_openpyxl_reads_them(tmp_path) -> None:
    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["ชื่อ", "รายได้", "เขต"])
    sheet.write_rich_string(1, 0, "สม", bold, "ชาย", " ใจดี")
    sheet.write_row(1, 1, [9000.5, "พระนคร"])
    book.close()
    assert list(TableReader(path).rows()) == [["สมชาย ใจดี", 9000.5, "พระนคร"]]


def test_a_sheet_declaring_a_huge_size_is_read_as_it_really_is(tmp_path) -> None:
    data = _xlsx([["ชื่อ", "เขต"], ["สมชาย", "พระนคร"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD2"/>')
            target.writestr(item, content)
    path = tmp_path / "f.xlsx"
    path.write_bytes(out.getvalue())
    reader = TableReader(path)
    assert reader.headers == ["ชื่อ", "เขต"]  # not padded to 16,384 columns (and not refused for them)
    assert list(reader.rows()) == [["สมชาย", "พระนคร"]]


# ── pages read the batch, not the file ───────────────────────────────────────────────────────────


def test_the_mapping_page_and_the_error_report_do_not_read_the_file(client, make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = (HEADER + _row(1) + "1,,,,\n").encode()
    response = _upload(client, make_user, "f.csv", data)
    batch = ImportBatch.objects.get()
    assert batch.headers == ["เลขบัตรประชาชน", "ชื่อ", "นามสกุล", "วันเกิด", "เขต"] and batch.rows_estimate == 2

    def no_reading(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the file was read")

    monkeypatch.setattr(TableReader, "_raw_rows", no_reading)
    monkeypatch.setattr(TableReader, "_detect", no_reading)
    page = client.get(response.url)
    assert page.status_code == 200 and "สมชาย" in page.content.decode()
    assert page.context["rows_total"] == 2
    from nokrabob.imports.error_report import report_headers

    assert report_headers(batch)[2:] == batch.headers
