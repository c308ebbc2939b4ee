"""Reading one cell of a community or household list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from nokrabob.onemap import tables
from nokrabob.onemap.tables import CellError


def test_numbers_accept_thai_digits_and_excel_floats_and_refuse_the_rest():
    assert tables.whole_number("๔๐", low=0, high=100) == 40
    assert tables.whole_number(12.0, low=0, high=100) == 12
    assert tables.whole_number("1,200", low=0, high=5000) == 1200
    assert tables.whole_number("", low=0, high=1) is None
    with pytest.raises(CellError, match="ไม่ใช่ตัวเลข"):
        tables.whole_number("สี่สิบ", low=0, high=100)
    with pytest.raises(CellError, match="จำนวนเต็ม"):
        tables.whole_number("2.5", low=0, high=100)
    with pytest.raises(CellError, match="ระหว่าง 0 ถึง 130"):
        tables.whole_number("131", low=0, high=130)


def test_codes_keep_their_digits_and_text_is_bounded():
    assert tables.code_text(1001001.0, limit=20) == "1001001"
    assert tables.code_text("๑๐๐๑", limit=20) == "1001"
    assert tables.text("  ชุมชน   ริมคลอง ", limit=50) == "ชุมชน ริมคลอง"
    with pytest.raises(CellError, match="ยาวเกิน"):
        tables.text("ก" * 31, limit=30)
    with pytest.raises(CellError, match="วันที่"):
        tables.text(dt.date(2024, 1, 1), limit=30)


def test_coordinates_and_yes_no():
    assert tables.coordinate("13.7563", limit=90) == D("13.756300")
    with pytest.raises(CellError):
        tables.coordinate("200", limit=180)
    assert tables.yes_no("มี") is True and tables.yes_no("ไม่มี") is False and tables.yes_no("") is None
    with pytest.raises(CellError, match="ใช่/ไม่ใช่"):
        tables.yes_no("บางที")


def test_choices_read_codes_thai_labels_and_either_half_of_a_label():
    assert tables.building_type("บ้านเดี่ยว") == "detached"
    assert tables.building_type("ห้องแถว") == "townhouse"  # "ทาวน์เฮาส์/ห้องแถว"
    assert tables.land_owner("วัด") == "temple"
    assert tables.education("bachelor") == "bachelor"
    with pytest.raises(CellError, match="ใช้ได้"):
        tables.land_owner("ไม่ทราบ")
