from __future__ import annotations

import codecs
from pathlib import Path

import openpyxl
import pytest

from nokrabob.core.errors import DomainError
from nokrabob.imports.mapping import mapping_from_template, suggest_mapping
from nokrabob.imports.readers import TableReader, detect_encoding

TEXT = "ชื่อ,นามสกุล,เขต\nสมชาย,ใจดี,บางกะปิ\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [(TEXT.encode("utf-8"), "utf-8"), (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
     (TEXT.encode("cp874"), "cp874"), (TEXT.encode("tis-620"), "cp874")],
)  # fmt: skip
def test_encoding_detected(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert detect_encoding(data) == expected
    reader = TableReader(path)
    assert reader.encoding == expected
    assert reader.headers == ["ชื่อ", "นามสกุล", "เขต"]
    assert list(reader.rows()) == [["สมชาย", "ใจดี", "บางกะปิ"]]
    assert reader.count_rows() == 1


def test_encoding_can_be_overridden(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT.encode("cp874"))
    with pytest.raises(DomainError) as caught:
        TableReader(path, encoding="utf-8")
    assert caught.value.field == "encoding"
    assert TableReader(path, encoding="cp874").headers[0] == "ชื่อ"


def test_semicolon_and_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("ชื่อ;เขต\nสมชาย;บางกะปิ\n", encoding="utf-8")
    assert list(TableReader(path).rows()) == [["สมชาย", "บางกะปิ"]]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ชื่อ", "เขต"])
    sheet.append(["สมชาย", "บางกะปิ"])
    sheet.append([None, None])
    book.save(tmp_path / "f.xlsx")
    reader = TableReader(tmp_path / "f.xlsx")
    assert reader.kind == "xlsx" and reader.headers == ["ชื่อ", "เขต"]
    assert list(reader.rows()) == [["สมชาย", "บางกะปิ"]]


def test_other_files_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(DomainError):
        TableReader(path)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(DomainError):
        TableReader(tmp_path / "empty.csv")


def test_mapping_suggested_from_thai_and_english_headers() -> None:
    headers = ["ลำดับ", "เลขบัตรประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วัน/เดือน/ปีเกิด", "เบอร์โทร", "Sub-district",
               "District", "Province", "อาชีพ", "Monthly income"]  # fmt: skip
    assert suggest_mapping(headers) == {
        "national_id": 1, "title": 2, "first_name": 3, "last_name": 4, "birth_date": 5, "phone": 6,
        "subdistrict": 7, "district": 8, "province": 9, "occupation": 10, "monthly_income": 11,
    }  # fmt: skip
    assert mapping_from_template({"first_name": "ชื่อ", "district": "District"}, headers) == {
        "first_name": 3, "district": 8,
    }  # fmt: skip
