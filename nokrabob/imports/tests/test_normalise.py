from __future__ import annotations

import datetime as dt

import pytest

from nokrabob.imports.normalise import (
    COL,
    DateError,
    RowNormaliser,
    area_index,
    parse_any_date,
    resolve_area_text,
    split_title,
)


@pytest.mark.parametrize(
    "raw",
    ["05/01/2510", "5/1/2510", "๕/๑/๒๕๑๐", "5 ม.ค. 2510", "5 มกราคม 2510", "๕ มกราคม ๒๕๑๐", "1967-01-05",
     "05/01/1967", "5-1-2510", "5 มค 2510", dt.date(1967, 1, 5), dt.datetime(2510, 1, 5)],
)  # fmt: skip
def test_dates_in_every_shape(raw: object) -> None:
    assert parse_any_date(raw) == dt.date(1967, 1, 5)


@pytest.mark.parametrize("raw", ["31/02/2510", "5/13/2510", "5 ม.ข. 2510", "05/01/10", "yesterday"])
def test_bad_dates_say_why(raw: str) -> None:
    with pytest.raises(DateError):
        parse_any_date(raw)


def test_titles_split_from_names() -> None:
    assert split_title("นายสมชาย") == ("นาย", "สมชาย")
    assert split_title("นาง สมศรี") == ("นาง", "สมศรี")
    assert split_title("น.ส.วิไล") == ("น.ส.", "วิไล")
    assert split_title("นางนวล") == ("", "นางนวล")  # a first name, not a title


@pytest.mark.parametrize(
    ("district", "subdistrict"),
    [("เขตบางกะปิ", "แขวงคลองจั่น"), ("บางกะปิ", "คลองจั่น"), ("เขต บางกะปิ", "แขวง คลองจั่น"),
     (" บางกะปิ ", "คลองจั่น "), ("Bang Kapi", "Khlong Chan"), ("1006", "100601"), ("", "100601")],
)  # fmt: skip
def test_districts_written_many_ways(district: str, subdistrict: str) -> None:
    assert resolve_area_text(area_index(), "", district.strip(), subdistrict.strip()) == (
        "10",
        "1006",
        "100601",
        "10240",
    )


def test_unknown_and_mismatched_areas() -> None:
    index = area_index()
    assert resolve_area_text(index, "", "เขตไม่มีจริง", "")[0] == "district"
    found = resolve_area_text(index, "", "พระนคร", "คลองจั่น")
    field, message = found[0], found[1]
    assert field == "subdistrict" and "คลองจั่น" in message


def test_a_whole_row() -> None:
    headers = ["เลขบัตร", "ชื่อ-นามสกุล", "วันเกิด", "โทร", "แขวง", "เขต", "อาชีพ", "สวัสดิการ", "รายได้"]
    normaliser = RowNormaliser(
        mapping={"national_id": 0, "full_name": 1, "birth_date": 2, "phone": 3, "subdistrict": 4,
                 "district": 5, "occupation": 6, "scheme": 7, "monthly_income": 8},
        headers=headers,
        synonyms={"occupation": {"วินมอเตอร์ไซค์": "moto_taxi"}, "scheme": {"ม.40": "s40"}},
    )  # fmt: skip
    clean, reasons = normaliser.row(
        ["๑-๑๐๑๗-๐๐๒๐๓-๔๖-๘", "นายสมชาย   ใจดี", "5 ม.ค. 2510", "+66 81 234 5678", "แขวงคลองจั่น", "เขตบางกะปิ",
         "วินมอเตอร์ไซค์", "ม.40", "๙,๐๐๐"]
    )  # fmt: skip
    assert reasons == []
    assert clean is not None
    assert clean[COL["national_id"]] == "1101700203468"
    assert (clean[COL["title"]], clean[COL["first_name"]], clean[COL["last_name"]]) == ("นาย", "สมชาย", "ใจดี")
    assert clean[COL["sex"]] == "M"
    assert clean[COL["birth_date"]] == "1967-01-05"
    assert clean[COL["phone"]] == "0812345678"
    assert clean[COL["district_code"]] == "1006" and clean[COL["subdistrict_code"]] == "100601"
    assert clean[COL["occupation"]] == ("moto_taxi",) and clean[COL["scheme"]] == ("s40",)
    assert clean[COL["monthly_income"]] == "9000.00"
    bad, reasons = normaliser.row(
        ["1101700203452", "", "5/13/2510", "123", "", "เขตไม่มี", "ขายประกัน", "", "-5"]
    )
    assert bad is None
    columns = [c for c, _m in reasons]
    # an unknown occupation is no reason to reject
    assert columns == ["เลขบัตร", "ชื่อ-นามสกุล", "วันเกิด", "โทร", "เขต", "รายได้"]
    assert all(m for _c, m in reasons)


def test_the_per_row_memos_stop_growing_at_their_limit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports import normalise

    monkeypatch.setattr(normalise, "MEMO_LIMIT", 3)
    normaliser = RowNormaliser(
        mapping={"full_name": 0, "birth_date": 1, "district": 2, "monthly_income": 3, "occupation": 4},
        headers=["ชื่อ", "วันเกิด", "เขต", "รายได้", "อาชีพ"],
        synonyms={"occupation": {"ค้าขาย": "vendor"}},
    )
    districts = ["พระนคร", "ดุสิต", "บางกะปิ", "บางรัก", "ปทุมวัน", "คลองเตย"]
    for day, district in enumerate(districts, start=1):
        clean, reasons = normaliser.row(
            ["นายสมชาย ใจดี", f"{day}/1/2510", district, str(1000 + day), "ค้าขาย" if day % 2 else "ไม่รู้จัก"]
        )
        assert clean is not None and not reasons
    assert len(normaliser._area_memo) == len(normaliser._dates) == len(normaliser._income) == 3
    assert len(normaliser._coded_memo) == 2  # two distinct words only
    clean, _reasons = normaliser.row(["นายสมชาย ใจดี", "6/1/2510", "คลองเตย", "1006", "ค้าขาย"])
    assert clean is not None and clean[COL["district_code"]] == "1033"  # past the limit, still right
