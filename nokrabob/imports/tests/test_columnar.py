"""The chunk path (``RowNormaliser.rows``, ``Producer.chunks``) gives exactly ``row``'s answers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.imports.generate import BAD_KINDS, HEADERS, generate
from nokrabob.accounts.scope import Scope
from nokrabob.imports import columnar
from nokrabob.imports.columnar import clean_id_text, phone_text, refused_ids
from nokrabob.imports.mapping import suggest_mapping
from nokrabob.imports.normalise import COL, RowNormaliser, clean_id, fast_id_ok, fast_phone
from nokrabob.imports.pipeline import Prepared, Producer
from nokrabob.imports.readers import TableReader
from nokrabob.imports.synonyms_seed import OCCUPATION_SYNONYMS, SCHEME_SYNONYMS
from nokrabob.registry.national_id import make_national_id

TODAY = dt.date(2025, 6, 1)
SYNONYMS = {  # the seed table, and the catalogue name the benchmark's files use too
    "occupation": {"เกษตรกร": "farmer"}
    | {text: code for code, texts in OCCUPATION_SYNONYMS.items() for text in texts},
    "scheme": {text: code for code, texts in SCHEME_SYNONYMS.items() for text in texts},
}
UNITS = {"1006": 16, "1004": 14, "10": 1, "50": 50, "12": 12}


def _normaliser(headers: list[str], mapping: dict[str, int] | None = None, **kwargs: Any) -> RowNormaliser:
    return RowNormaliser(
        mapping=mapping if mapping is not None else suggest_mapping(headers),
        headers=headers,
        synonyms=SYNONYMS,
        unit_ids=UNITS,
        today=TODAY,
        **kwargs,
    )


def _assert_same(
    rows: list[list[Any]], headers: list[str], mapping: dict[str, int] | None = None, **kwargs: Any
) -> list[tuple[Any, Any]]:
    """``rows`` on one normaliser, in one block and in small blocks, against ``row`` on another."""
    expected = [_normaliser(headers, mapping, **kwargs).row(values) for values in rows]
    assert _normaliser(headers, mapping, **kwargs).rows(rows) == expected
    in_blocks = _normaliser(headers, mapping, **kwargs)
    assert [
        found for start in range(0, len(rows), 7) for found in in_blocks.rows(rows[start : start + 7])
    ] == (expected)
    return expected


# ── the benchmark's messy files ─────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[TableReader, Any]:
    path = tmp_path_factory.mktemp("columnar") / "messy.csv"
    manifest = generate(path, 3000, seed=23, bad_every=17, dup_every=41)
    return TableReader(path), manifest


def test_messy_rows_give_row_s_answers_with_every_planted_fault_rejected(messy: Any) -> None:
    reader, manifest = messy
    rows = list(reader.rows())
    found = _assert_same(rows, reader.headers)
    rejected = {number for number, (clean, _reasons) in enumerate(found, start=2) if clean is None}
    assert set(manifest.bad) <= rejected
    assert {manifest.bad[number] for number in rejected & set(manifest.bad)} == set(BAD_KINDS)
    assert len(rejected) < len(rows) // 10  # the rest is clean


def test_messy_rows_through_a_narrow_scope(messy: Any) -> None:
    reader, _manifest = messy
    found = _assert_same(list(reader.rows()), reader.headers, scope=Scope(district_codes=frozenset({"1006"})))
    clean = [c for c, _r in found if c is not None]
    assert clean and all(c[COL["district_code"]] == "1006" for c in clean)


def _reference_prepare(producer: Producer, chunk: list[tuple[int, list[Any]]]) -> Prepared:
    """``Producer.prepare`` as it was, one row at a time through ``row``."""
    good: list[tuple[int, list[Any] | None, tuple[Any, ...]]] = []
    errors: list[tuple[int, Sequence[Any], list[tuple[str, str]]]] = []
    duplicates = 0
    for number, values in chunk:
        clean, reasons = producer.normaliser.row(values)
        if clean is None:
            errors.append((number, values, reasons))
            continue
        nid, birth = clean[COL["national_id"]], clean[COL["birth_date"]]
        if nid:
            seen: dict[Any, int] = producer.seen_ids
            key: Any = int(nid)
            column = producer.id_column
        elif birth:
            seen = producer.seen_idless
            key = (birth, clean[COL["first_name_sound"]], clean[COL["last_name_sound"]])
            column = producer.name_column
        else:
            good.append((number, values if producer.keep_values else None, clean))
            continue
        earlier = seen.setdefault(key, number)
        if earlier == number:
            good.append((number, values if producer.keep_values else None, clean))
        else:
            duplicates += 1
            errors.append((number, values, [(column, producer.duplicate_message % {"row": earlier})]))
    return Prepared(len(chunk), good, errors, duplicates)


@pytest.mark.parametrize(("chunk_rows", "keep_values"), [(1000, False), (333, True), (40, False)])
def test_producer_chunks_match_the_row_by_row_prepare(messy: Any, chunk_rows: int, keep_values: bool) -> None:
    reader, manifest = messy
    producer = Producer(_normaliser(reader.headers), keep_values=keep_values)
    chunks = list(producer.chunks(reader.rows(), chunk_rows))
    assert [c.size for c in chunks[:-1]] == [chunk_rows] * (len(chunks) - 1)
    reference = Producer(_normaliser(reader.headers), keep_values=keep_values)
    numbered = list(enumerate(reader.rows(), start=2))
    expected = [
        _reference_prepare(reference, numbered[start : start + chunk_rows])
        for start in range(0, len(numbered), chunk_rows)
    ]
    assert chunks == expected
    duplicates = {n: r for c in chunks for n, _v, r in c.errors if n in manifest.duplicates}
    assert set(duplicates) == set(manifest.duplicates)
    assert all(f"แถวที่ {manifest.duplicates[n]}" in reasons[0][1] for n, reasons in duplicates.items())


def test_duplicates_without_a_national_id_go_by_birth_date_and_name_sounds() -> None:
    headers = ["ชื่อ", "นามสกุล", "วันเกิด", "เขต"]
    rows = [
        ["สมชาย", "ใจดี", "5/1/2510", "บางกะปิ"],
        ["สมชาย", "ใจดี", "5 ม.ค. 2510", "บางกะปิ"],  # the same person, written otherwise
        ["สมชาย", "ใจดี", "", "บางกะปิ"],  # no birth date: never a duplicate
        ["สมชาย", "ใจดี", "", "บางกะปิ"],
        ["สมศรี", "ใจดี", "5/1/2510", "บางกะปิ"],
    ]
    producer = Producer(_normaliser(headers), keep_values=False)
    (prepared,) = producer.chunks(iter(rows), 100)
    assert [n for n, _v, _c in prepared.good] == [2, 4, 5, 6]
    assert [(n, r[0][0]) for n, _v, r in prepared.errors] == [(3, "ชื่อ")]
    assert prepared.duplicates == 1


# ── edge cases ───────────────────────────────────────────────────────────────────────────────────────

ID = make_national_id("110170020345")


def _good_row(changes: dict[str, Any] | None = None) -> list[Any]:
    """A clean row in ``HEADERS``' order, with some cells changed (by header)."""
    row: list[Any] = ["1", ID, "นาย สมชาย ใจดี", "ชาย", "05/01/2510", "0812345678", "12/3", "คลองจั่น", "บางกะปิ",
                      "กรุงเทพมหานคร", "ไรเดอร์", "ม.40", "9,000"]  # fmt: skip
    for header, value in (changes or {}).items():
        row[HEADERS.index(header)] = value
    return row


def test_short_rows_and_rows_with_extra_columns() -> None:
    rows = [_good_row(), _good_row()[:5], [], _good_row()[:1], [*_good_row(), "x", "y"], _good_row()]
    found = _assert_same(rows, HEADERS)
    assert [clean is None for clean, _r in found] == [False, True, True, True, False, False]


def test_xlsx_cells() -> None:
    rows = [
        _good_row({"เลขบัตรประชาชน": int(ID)}),
        _good_row({"เลขบัตรประชาชน": float(ID)}),
        _good_row({"วันเดือนปีเกิด": dt.datetime(2510, 1, 5)}),
        _good_row({"วันเดือนปีเกิด": dt.date(1967, 1, 5)}),
        _good_row({"เบอร์โทร": 812345678}),
        _good_row({"บ้านเลขที่": None, "รายได้ต่อเดือน": 9000.0}),
        _good_row({"รายได้ต่อเดือน": 9000.5}),
        _good_row({"เพศ": None, "ลำดับ": None}),
        _good_row({"อาชีพ": True}),
        _good_row(),
        _good_row({"เลขบัตรประชาชน": int(ID), "สวัสดิการ": " ม.40\nบัตรทอง ", "อาชีพ": 40}),
        _good_row({"รายได้ต่อเดือน": 1.2e22}),
        _good_row({"รายได้ต่อเดือน": 1e30}),
    ]
    found = _assert_same(rows, HEADERS)
    assert found[0][0] is not None and found[0][0][COL["national_id"]] == ID
    assert found[2][0] is not None and found[2][0][COL["birth_date"]] == "1967-01-05"
    several = found[10][0]  # a spreadsheet's cell keeps its line breaks: a value per line
    assert several is not None and several[COL["scheme"]] == ("s40", "ucs")
    assert several[COL["unmapped"]] == (("occupation", "40", "40"),)
    assert found[11][0] is None and found[12][0] is None


def test_empty_and_whitespace_cells() -> None:
    rows = [
        _good_row(dict.fromkeys(HEADERS, "")),
        _good_row(dict.fromkeys(HEADERS, "   ")),
        _good_row(
            {
                "เลขบัตรประชาชน": "",
                "เพศ": " ",
                "เบอร์โทร": "\t",
                "บ้านเลขที่": " ",
                "อาชีพ": "",
                "สวัสดิการ": "",
                "รายได้ต่อเดือน": "",
            }
        ),
        _good_row({"เลขบัตรประชาชน": f"  {ID}\t", "วันเดือนปีเกิด": " 5/1/2510 ", "เบอร์โทร": " 081-234-5678 "}),
        _good_row({"บ้านเลขที่": "12   /  3", "จังหวัด": ""}),
        _good_row(),
    ]
    _assert_same(rows, HEADERS)


def test_cells_with_space_at_their_edges_among_full_ones() -> None:
    rows = [
        _good_row({"เลขบัตรประชาชน": f" {ID}", "เบอร์โทร": "0812345678 ", "บ้านเลขที่": "\t12/3"}),
        _good_row({"เลขบัตรประชาชน": f"{ID}\xa0", "เบอร์โทร": " 081-234-5678", "บ้านเลขที่": "12/3 "}),
        _good_row(),
    ]
    found = _assert_same(rows, HEADERS)
    assert all(clean is not None and clean[COL["national_id"]] == ID for clean, _r in found)
    assert {clean[COL["house_no"]] for clean, _r in found if clean is not None} == {"12/3"}


def test_thai_digits_everywhere() -> None:
    to_thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    rows = [
        _good_row({"เลขบัตรประชาชน": ID.translate(to_thai), "วันเดือนปีเกิด": "๕/๑/๒๕๑๐",
                   "เบอร์โทร": "๐๘๑-๒๓๔-๕๖๗๘", "บ้านเลขที่": "๑๒/๓", "รายได้ต่อเดือน": "๑๒,๐๐๐"}),
        _good_row({"วันเดือนปีเกิด": "๕ มกราคม ๒๕๑๐", "เบอร์โทร": "+๖๖๘๑๒๓๔๕๖๗๘"}),
        _good_row(),
    ]  # fmt: skip
    found = _assert_same(rows, HEADERS)
    clean = found[0][0]
    assert clean is not None
    assert (clean[COL["national_id"]], clean[COL["house_no"]], clean[COL["phone"]]) == (
        ID,
        "12/3",
        "0812345678",
    )


def test_national_ids_of_every_kind() -> None:
    nine = make_national_id("910170020345")
    zero = make_national_id("010170020345")
    wrong_check = ID[:12] + str((int(ID[12]) + 1) % 10)
    cells = [
        ID,
        zero,
        nine,
        wrong_check,
        ID[:12],
        ID + "1",
        "abcdefghijklm",
        "",
        f"{ID[:6]}-{ID[6:]}",
        f"{ID[:6]} {ID[6:]}",
        f"{ID[:6]}.{ID[6:]}",
        f"{ID[:6]}\xa0{ID[6:]}",
        "١٢٣٤٥٦٧٨٩٠١٢٣",
    ]
    rows = [_good_row({"เลขบัตรประชาชน": cell}) for cell in cells]
    found = _assert_same(rows, HEADERS)
    _assert_same([*rows, _good_row({"เลขบัตรประชาชน": f"{ID}\nx"})], HEADERS)  # a line break: one by one
    assert [clean is not None for clean, _r in found][:4] == [True, True, False, False]
    # the same in a block where every ID is present and 13 digits (the check done on the whole column)
    _assert_same([_good_row({"เลขบัตรประชาชน": cell}) for cell in (ID, zero, nine, wrong_check, ID)], HEADERS)


def test_phones_of_every_kind() -> None:
    cells = [
        "0812345678",
        "081-234-5678",
        "+66812345678",
        "+66 81 234 5678",
        "66812345678",
        "๐๘๑๒๓๔๕๖๗๘",
        "021234567",
        "(02) 123 4567",
        "+66 2 123 4567",
        "12345",
        "08123456789",
        "-",
        "+66",
        "+1 555 1234",
        "081 234 5678 ต่อ 12",
        "",
        "٠٨١٢٣٤٥٦٧٨",
        "08123456",
        "081+6612345",
    ]
    rows = [_good_row({"เบอร์โทร": cell}) for cell in cells]
    found = _assert_same(rows, HEADERS)
    _assert_same([*rows, _good_row({"เบอร์โทร": "0812\n345678"})], HEADERS)  # a line break: one by one
    assert found[1][0] is not None and found[1][0][COL["phone"]] == "0812345678"
    assert found[9][0] is None


def test_dates_of_every_kind() -> None:
    cells = [
        "05/01/2510",
        "5/1/2510",
        "5-1-2510",
        "5.1.2510",
        "5 / 1 / 2510",
        "1967-01-05",
        "1967-01-05 00:00",
        "05/01/1967",
        "5 ม.ค. 2510",
        "5 มกราคม 2510",
        "5 มค 2510",
        "5 ม.ค 2510",
        "5  ม.ค.  2510",
        "5ม.ค.2510",
        "31/02/2510",
        "5/13/2510",
        "0/1/2510",
        "5/0/2510",
        "05/01/10",
        "yesterday",
        "1/1/2600",
        "1/1/1800",
        "31/12/2024",
        "2/6/2025",
        "1/6/2025",
        "29/02/2567",
        "29/02/2566",
        "5 ม.ข. 2510",
        "٥/١/٢٥١٠",
    ]
    found = _assert_same([_good_row({"วันเดือนปีเกิด": cell}) for cell in cells], HEADERS)
    assert found[0][0] is not None and found[0][0][COL["birth_date"]] == "1967-01-05"
    assert found[14][0] is None  # 31 February


def test_unknown_synonyms_are_kept_and_wrong_incomes_postal_codes_and_areas_rejected() -> None:
    headers = [*HEADERS, "รหัสไปรษณีย์"]
    rows = [
        [*_good_row({"อาชีพ": "นักบินอวกาศ"}), ""],
        [*_good_row({"สวัสดิการ": "ม. 99"}), ""],
        [*_good_row({"อาชีพ": "  วินมอเตอร์ไซค์ ", "สวัสดิการ": "มาตรา  40"}), "10240"],
        [*_good_row({"รายได้ต่อเดือน": "-5"}), "๑๐๒๔๐"],
        [*_good_row({"รายได้ต่อเดือน": "ไม่แน่นอน"}), "1024"],
        [*_good_row({"รายได้ต่อเดือน": "15000.50 บาท"}), "abcde"],
        [*_good_row({"แขวง": "", "เขต": "ไม่มีจริง"}), ""],
        [*_good_row({"แขวง": "คลองจั่น", "เขต": "พระนคร"}), ""],
        [*_good_row({"แขวง": "", "เขต": "", "จังหวัด": ""}), ""],
        [*_good_row({"แขวง": "100601", "เขต": "", "จังหวัด": ""}), ""],
        [*_good_row({"แขวง": "", "เขต": "เมืองเชียงใหม่", "จังหวัด": "เชียงใหม่"}), ""],
        [*_good_row(), ""],
        [*_good_row({"อาชีพ": "ค้าขาย, นักบินอวกาศ\nวินมอไซด์", "สวัสดิการ": "ม.40 และ บัตรทอง / ม. 99"}), ""],
        [*_good_row({"รายได้ต่อเดือน": "1e30"}), ""],
        [*_good_row({"รายได้ต่อเดือน": "12345678901234567890123"}), ""],
        [*_good_row({"รายได้ต่อเดือน": "99999999.99"}), ""],
    ]
    found = _assert_same(rows, headers)
    rejected = [i for i, (clean, _r) in enumerate(found) if clean is None]
    assert rejected == [3, 4, 5, 6, 7, 8, 13, 14]
    unmapped = [clean[COL["unmapped"]] for clean, _r in found if clean is not None]
    assert unmapped[0] == (("occupation", "นักบินอวกาศ", "นักบินอวกาศ"),)
    assert unmapped[1] == (("scheme", "ม99", "ม. 99"),)
    assert unmapped[2] == ()
    several = found[12][0]
    assert several is not None
    assert several[COL["occupation"]] == ("street_vendor", "moto_taxi")
    assert several[COL["scheme"]] == ("s40", "ucs")
    assert several[COL["unmapped"]] == (("occupation", "นักบินอวกาศ", "นักบินอวกาศ"), ("scheme", "ม99", "ม. 99"))
    assert found[15][0] is not None and found[15][0][COL["monthly_income"]] == "99999999.99"


def test_area_cells_holding_the_memo_key_separator() -> None:
    rows = [
        _good_row({"แขวง": "", "เขต": "บางกะปิ\x1fคลองจั่น"}),
        _good_row({"แขวง": "คลองจั่น", "เขต": "บางกะปิ"}),
        _good_row({"แขวง": "คลอง\x1fจั่น", "เขต": "บางกะปิ"}),
        _good_row({"เขต": "\x1fบางกะปิ\x1f"}),
    ]
    found = _assert_same(rows, HEADERS)
    assert [clean is None for clean, _r in found] == [True, False, False, False]


def test_a_scope_rejects_other_districts() -> None:
    rows = [
        _good_row(),
        _good_row({"แขวง": "", "เขต": "พระนคร"}),
        _good_row({"แขวง": "", "เขต": "เมืองเชียงใหม่", "จังหวัด": "เชียงใหม่"}),
        _good_row({"แขวง": "", "เขต": "เมืองนนทบุรี", "จังหวัด": "นนทบุรี"}),
    ]
    for scope, accepted in (
        (Scope(district_codes=frozenset({"1006"})), [True, False, False, False]),
        (Scope(province_codes=frozenset({"50"})), [False, False, True, False]),
        (Scope(exclude_province_codes=frozenset({"10"})), [False, False, True, True]),
        (Scope(), [False, False, False, False]),
    ):
        found = _assert_same(rows, HEADERS, scope=scope)
        assert [clean is not None for clean, _r in found] == accepted


def test_separate_name_columns_no_national_id_and_the_address_columns() -> None:
    headers = ["คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "หมู่", "ซอย", "ถนน", "บ้านเลขที่", "ตำบล", "อำเภอ",
               "จังหวัด"]  # fmt: skip
    mapping = suggest_mapping(headers)
    assert "national_id" not in mapping and "first_name" in mapping
    rows = [
        ["นาย", "สมชาย", "ใจดี", "", "5/1/2510", "๓", "ลาดพร้าว  101", "ลาด\tพร้าว", "๑๒/๓", "คลองจั่น", "บางกะปิ",
         ""],
        ["", "นางสาววิไล", "รักงาน", "หญิง", "", "3", "", "", "12 / 3", "", "บางกะปิ", "กรุงเทพ"],
        ["", "นายสมชาย", "", "ช", "", "", "ซอย\n5", "", "", "", "เมืองเชียงใหม่", "เชียงใหม่"],
        ["Mr.", "John", "Smith", "male", "1967-01-05", "", "", "", "", "", "1006", ""],
        ["", "", "ใจดี", "", "", "", "", "", "", "", "บางกะปิ", ""],
        ["น.ส.", "นงลักษณ์", "แก้วมณี", "2", "", "", "", "", "", "", "บางกะปิ", ""],
    ]  # fmt: skip
    found = _assert_same(rows, headers, mapping)
    assert [clean is None for clean, _r in found] == [False, False, False, False, True, False]
    first = found[0][0]
    assert first is not None
    assert (first[COL["moo"]], first[COL["soi"]], first[COL["road"]], first[COL["house_no"]]) == (
        "3",
        "ลาดพร้าว 101",
        "ลาด พร้าว",
        "12/3",
    )


def test_no_mapped_column_at_all() -> None:
    _assert_same([["a", "b"], ["c"], []], ["x", "y"], {})


def test_memos_stay_bounded_and_give_the_same_answers(messy: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "MEMO_LIMIT", 50)
    reader, _manifest = messy
    normaliser = _normaliser(reader.headers)
    rows = list(reader.rows())[:600]
    expected = [_normaliser(reader.headers).row(values) for values in rows]
    assert [
        found for start in range(0, 600, 100) for found in normaliser.rows(rows[start : start + 100])
    ] == (expected)
    rules = normaliser.columnar
    for memo in (rules.names, rules.dates, rules.areas, rules.occupations):
        assert len(memo.values) + len(memo.rejected) <= 50 + 100


# ── the whole-column checks agree with the one-value rules ───────────────────────────────────────────


def test_check_digits_of_a_column_agree_with_fast_id_ok() -> None:
    rng = random.Random(7)
    ids = []
    for _ in range(2000):
        valid = make_national_id(
            rng.choice("0123456789") + "".join(rng.choice("0123456789") for _ in range(11))
        )
        ids.append(valid if rng.random() < 0.7 else valid[:12] + str(rng.randrange(10)))
    refused = refused_ids("\n".join(ids), len(ids))
    assert refused == [i for i, nid in enumerate(ids) if not fast_id_ok(nid)]
    assert refused  # some are wrong
    assert refused_ids("\n".join([ID, ID[:12]]), 2) is None
    assert refused_ids("\n".join([ID, ID[:12] + "x"]), 2) is None
    assert refused_ids(f"{ID}\n{ID[:12]}\n{ID}1", 3) is None  # the right length, lines of the wrong ones


def test_whole_column_cleaning_agrees_with_the_one_value_rules() -> None:
    ids = ["๑-๑๐๑๗-๐๐๒๐๓-๔๖-๘", " 1 1017 00203 46 8", "1.1017.00203.46.8", "1\t1017\xa000203468", ""]
    assert clean_id_text("\n".join(ids)).split("\n") == [clean_id(cell) for cell in ids]
    phones = [
        "0812345678",
        "081-234-5678",
        "+66812345678",
        "+66 81 234 5678",
        "๐๘๑๒๓๔๕๖๗๘",
        "02 123 4567",
        "",
    ]
    assert phone_text("\n".join(phones)).split("\n") == [fast_phone(cell) for cell in phones]


def test_rejected_rows_keep_row_s_reasons(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    generate(path, 400, seed=3, bad_every=5, dup_every=0)
    reader = TableReader(path)
    found = _assert_same(list(reader.rows()), reader.headers)
    reasons = [r for c, r in found if c is None]
    assert len(reasons) >= 70 and all(r and all(column and message for column, message in r) for r in reasons)
