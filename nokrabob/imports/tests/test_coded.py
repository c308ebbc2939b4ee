"""Occupation and scheme cells as agency lists write them: split, matched loosely, the rest kept unknown.

The synonyms are the ones a new installation has (the catalogue's codes and names, then the seed table),
built the way ``services.load_synonyms`` builds them.
"""

from __future__ import annotations

import pytest

from nokrabob.imports.coded import KindMatcher, split_cell, value_key
from nokrabob.imports.synonyms_seed import OCCUPATION_SYNONYMS, SCHEME_SYNONYMS
from nokrabob.registry.reference import OCCUPATIONS, SCHEMES


def _table(catalogue: list[tuple[str, ...]], seed: dict[str, list[str]]) -> dict[str, str]:
    table = {}
    for code, name_th, name_en, *_rest in catalogue:
        table.update({code: code, name_th: code, name_en: code})
    table.update({text: code for code, texts in seed.items() for text in texts})
    return table


OCCUPATION = KindMatcher("occupation", _table(OCCUPATIONS, OCCUPATION_SYNONYMS))  # type: ignore[arg-type]
SCHEME = KindMatcher("scheme", _table(SCHEMES, SCHEME_SYNONYMS))  # type: ignore[arg-type]


# ── keys: the writings one value shares ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "writings",
    [
        ["ม.40", "ม 40", "ม. 40", "มาตรา40", "มาตรา 40", "มาตรา ๔๐", "ม.๔๐", " ม . 40 ", "(ม.40)"],
        ["อื่นๆ", "อื่น ๆ", "อื่น", "อื่น  ๆ"],
        ["กอช", "กอช.", "ก.อ.ช.", "ก อ ช"],
        ["วินมอเตอร์ไซค์", "วินมอไซค์", "วินมอไซด์", "วิน มอเตอร์ไซด์", "วินมอเตอร์ไซต์"],
        ["จักรยานยนต์รับจ้าง", "รถจักรยานยนต์รับจ้าง", "จยย.รับจ้าง", "รถ จยย. รับจ้าง", "จยย รับจ้าง"],
        ["บัตรสวัสดิการแห่งรัฐ", "บัตรประชารัฐ", "บัตร สวัสดิการรัฐ", "บัตรสวัสดิการแห่งรัฐ."],
        ["Motorcycle taxi", "motorcycle  taxi", "MOTORCYCLE-TAXI", "motorcycle_taxi"],
        ["30 บาท", "๓๐ บาท", "สามสิบบาท", "30บาท"],
    ],
)
def test_writings_of_one_value_share_a_key(writings: list[str]) -> None:
    assert len({value_key(text) for text in writings}) == 1, [value_key(t) for t in writings]


def test_numbers_and_latin_words_stay_apart_in_a_key() -> None:
    assert value_key("ม.40 ทางเลือก 1/2") == "ม40ทางเลือก1.2"
    assert value_key("delivery rider") == "delivery rider"
    assert value_key("section 40") == value_key("Section40") == "section40"
    assert value_key("ม.3 9") != value_key("ม.39")


# ── splitting a cell ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("ม.40, บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("ม.40,บัตรทอง,กอช.", ["ม.40", "บัตรทอง", "กอช."]),
        ("ม.40;บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("ม.40 / บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("ค้าขาย/รับจ้าง", ["ค้าขาย", "รับจ้าง"]),
        ("ม.40\nบัตรทอง", ["ม.40", "บัตรทอง"]),
        ("ม.40\r\nบัตรทอง\r\n", ["ม.40", "บัตรทอง"]),
        ("ม.40 และ บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("ม.40และบัตรทอง", ["ม.40", "บัตรทอง"]),
        ("ม.40 + กอช.", ["ม.40", "กอช."]),
        ("ม.40 | บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("- ม.40\n- บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("1. ม.40\n2. บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("1) ทำนา 2) ค้าขาย", ["ทำนา 2) ค้าขาย"]),  # numbering inside a line is not a separator
        ("• แม่บ้าน\n• รับจ้างทั่วไป", ["แม่บ้าน", "รับจ้างทั่วไป"]),
        ("ม.40 ทางเลือก 1/2", ["ม.40 ทางเลือก 1/2"]),  # a slash between digits stays
        ("ค้าขาย (ผัก, ผลไม้)", ["ค้าขาย (ผัก, ผลไม้)"]),  # not inside brackets
        ("ค้าขาย [ผัก/ผลไม้], ทำนา", ["ค้าขาย [ผัก/ผลไม้]", "ทำนา"]),
        ("ม.40,, ,บัตรทอง", ["ม.40", "บัตรทอง"]),
        ("  ขับวิน   ซอย  5  ", ["ขับวิน ซอย 5"]),
    ],
)
def test_a_cell_splits_into_its_values(cell: str, parts: list[str]) -> None:
    assert split_cell(cell) == parts


# ── occupations as agency lists write them ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("วินมอเตอร์ไซค์", ("moto_taxi",)),
        ("วินมอไซด์", ("moto_taxi",)),
        ("ขับวิน", ("moto_taxi",)),
        ("ผู้ขับขี่รถจักรยานยนต์รับจ้าง", ("moto_taxi",)),
        ("ผู้ขับขี่จักรยานยนต์รับจ้างในซอย", ("moto_taxi",)),
        ("จยย.รับจ้าง", ("moto_taxi",)),
        ("รถ จยย. รับจ้าง (วินปากซอยรามคำแหง 24)", ("moto_taxi",)),
        ("มอเตอร์ไซค์รับจ้าง วินหน้าตลาด", ("moto_taxi",)),
        ("Motorcycle Taxi", ("moto_taxi",)),
        ("หาบเร่", ("street_vendor",)),
        ("หาบเร่แผงลอย", ("street_vendor",)),
        ("ผู้ค้าหาบเร่-แผงลอย", ("street_vendor",)),
        ("หาบเร่ และ แผงลอย", ("street_vendor",)),
        ("แม่ค้าขายส้มตำ", ("street_vendor",)),
        ("ค้าขาย (ผัก, ผลไม้)", ("street_vendor",)),
        ("พ่อค้าขายข้าวแกง", ("street_vendor",)),
        ("ทำนา", ("farmer",)),
        ("ทำนา, ทำสวน", ("farmer",)),
        ("ทำไร่อ้อย", ("farmer",)),
        ("เกษตรกรรม (ปลูกผัก)", ("farmer",)),
        ("เลี้ยงสัตว์/ทำนา", ("farmer",)),
        ("รับงานไปทำที่บ้าน", ("home_worker",)),
        ("รับงานไปทำที่บ้าน (เย็บผ้า)", ("home_worker",)),
        ("ลูกจ้างทำงานบ้าน", ("domestic_worker",)),
        ("แม่บ้าน", ("domestic_worker",)),
        ("ไรเดอร์", ("platform_rider",)),
        ("ไรด์เดอร์ส่งอาหาร", ("platform_rider",)),
        ("ส่งอาหาร (Grab, LINE MAN)", ("platform_rider",)),
        ("Delivery rider", ("platform_rider",)),
        ("food rider", ("platform_rider",)),
        ("อื่นๆ", ("other",)),
        ("อื่น ๆ", ("other",)),
        ("รับจ้างทั่วไป", ("other",)),
        ("อาชีพอิสระ", ("other",)),
        ("วินมอไซค์, ค้าขาย", ("moto_taxi", "street_vendor")),
        ("วินมอไซค์ / หาบเร่", ("moto_taxi", "street_vendor")),
        ("ทำนา\nค้าขาย\nทำนา", ("farmer", "street_vendor")),
        ("แม่บ้านและรับจ้างทั่วไป", ("domestic_worker", "other")),
        ("ไรเดอร์ + ขับวิน", ("platform_rider", "moto_taxi")),
    ],
)
def test_occupations_written_many_ways(cell: str, codes: tuple[str, ...]) -> None:
    assert OCCUPATION.cell(cell) == (codes, ())


# ── schemes as agency lists write them ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("ม.40", ("s40",)),
        ("ม 40", ("s40",)),
        ("มาตรา ๔๐", ("s40",)),
        ("ประกันสังคม ม.40", ("s40",)),
        ("ประกันสังคมมาตรา 40", ("s40",)),
        ("ประกันสังคม มาตรา 40 ทางเลือก 2", ("s40",)),
        ("ม.40 ทางเลือก 1/2", ("s40",)),
        ("ปกส. ม.40", ("s40",)),
        ("Section 40", ("s40",)),
        ("ม.33", ("s33",)),
        ("ม.39", ("s39",)),
        ("กอช.", ("nsf",)),
        ("กองทุนการออมแห่งชาติ (กอช.)", ("nsf",)),
        ("ออมกับ กอช", ("nsf",)),
        ("บัตรทอง", ("ucs",)),
        ("บัตร 30 บาท", ("ucs",)),
        ("30 บาทรักษาทุกโรค", ("ucs",)),
        ("หลักประกันสุขภาพถ้วนหน้า", ("ucs",)),
        ("บัตรคนจน", ("state_welfare_card",)),
        ("บัตรประชารัฐ", ("state_welfare_card",)),
        ("บัตรสวัสดิการแห่งรัฐ ปี 2565", ("state_welfare_card",)),
        ("สถานธนานุบาล", ("pawnshop_loan",)),
        ("กู้โรงรับจำนำ กทม.", ("pawnshop_loan",)),
        ("เงินกู้กองทุนหมู่บ้าน", ("community_fund_loan",)),
        ("กองทุนชุมชน", ("community_fund_loan",)),
        ("กู้ธนาคาร", ("bank_credit",)),
        ("ม.40, บัตรทอง", ("s40", "ucs")),
        ("ม.40/บัตรทอง", ("s40", "ucs")),
        ("ม.40 และ บัตรทอง", ("s40", "ucs")),
        ("ม.40และกอช.", ("s40", "nsf")),
        ("ม.40\nบัตรทอง\nบัตรคนจน", ("s40", "ucs", "state_welfare_card")),
        ("1. ม.40\n2. บัตรทอง", ("s40", "ucs")),
        ("กอช.+ม.40", ("nsf", "s40")),
        ("ม.33;ม.39", ("s33", "s39")),
        ("ม.40, ม 40, มาตรา40", ("s40",)),
        ("บัตรทอง, ม.40 ทางเลือก 2", ("ucs", "s40")),
    ],
)
def test_schemes_written_many_ways(cell: str, codes: tuple[str, ...]) -> None:
    assert SCHEME.cell(cell) == (codes, ())


@pytest.mark.parametrize(
    "cell", ["", "-", "–", "ไม่มี", "ไม่ระบุ", "ไม่ทราบ", "ไม่มีสวัสดิการ", "N/A", "nan", "NULL", "0"]
)
def test_cells_that_say_there_is_nothing(cell: str) -> None:
    assert SCHEME.cell(cell) == ((), ())
    assert OCCUPATION.cell(cell) == ((), ())


# ── what is left to a person ─────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("cell", "unknown"),
    [
        ("ประกันสังคม", "ประกันสังคม"),  # 33, 39 or 40?
        ("ม.400", "ม.400"),  # a number is matched whole only
        ("ม.4", "ม.4"),
        ("ไม่มี ม.40", "ไม่มี ม.40"),  # a negation is never guessed
        ("ยกเลิกบัตรทอง", "ยกเลิกบัตรทอง"),
        ("ลาออกจาก ม.33", "ลาออกจาก ม.33"),
        ("สินเชื่อโรงรับจำนำ", "สินเชื่อโรงรับจำนำ"),  # two codes' words: bank credit or the pawnshop
        ("เบี้ยยังชีพผู้สูงอายุ", "เบี้ยยังชีพผู้สูงอายุ"),  # not in the catalogue
    ],
)
def test_ambiguous_negated_and_unknown_schemes_are_left_to_a_person(cell: str, unknown: str) -> None:
    codes, left = SCHEME.cell(cell)
    assert codes == ()
    assert [(kind, text) for kind, _key, text in left] == [("scheme", unknown)]


@pytest.mark.parametrize(
    ("cell", "unknown"),
    [
        ("mother", "mother"),  # "other" only as a whole word
        ("นักบินอวกาศ", "นักบินอวกาศ"),
        ("รับจ้าง", "รับจ้าง"),
        ("วิน", "วิน"),
        ("เคยขับวิน", "เคยขับวิน"),
        ("แม่บ้านรับงานไปทำที่บ้าน", "แม่บ้านรับงานไปทำที่บ้าน"),  # domestic or home worker?
        ("อื่นๆ (ขายของออนไลน์)", "อื่นๆ (ขายของออนไลน์)"),
    ],
)
def test_ambiguous_and_unknown_occupations_are_left_to_a_person(cell: str, unknown: str) -> None:
    codes, left = OCCUPATION.cell(cell)
    assert codes == ()
    assert [text for _kind, _key, text in left] == [unknown]


def test_known_parts_are_kept_and_only_the_unknown_ones_are_left() -> None:
    codes, left = SCHEME.cell("ม.40, เบี้ยยังชีพผู้สูงอายุ\nบัตรทอง / เบี้ยความพิการ")
    assert codes == ("s40", "ucs")
    assert [text for _kind, _key, text in left] == ["เบี้ยยังชีพผู้สูงอายุ", "เบี้ยความพิการ"]


def test_one_unknown_value_written_twice_in_a_cell_is_left_once() -> None:
    _codes, left = OCCUPATION.cell("นักบินอวกาศ, นักบิน อวกาศ")
    assert [text for _kind, _key, text in left] == ["นักบินอวกาศ"]


def test_an_unknown_value_keeps_a_bounded_text_and_key() -> None:
    _codes, left = OCCUPATION.cell("ก" * 5000)
    ((_kind, key, text),) = left
    assert len(text) == 200 and len(key) == 255


def test_a_new_synonym_is_matched_in_every_writing_and_inside_phrases() -> None:
    matcher = KindMatcher("occupation", {"ช่างตัดผม": "other", "ค้าขาย": "street_vendor"})
    assert matcher.cell("ช่าง ตัดผม") == (("other",), ())
    assert matcher.cell("ช่างตัดผมชาย (ร้านในซอย)") == (("other",), ())
    assert matcher.cell("ช่างตัดผม, ค้าขาย") == (("other", "street_vendor"), ())
    codes, left = matcher.cell("ช่างตัดผมและค้าขายออนไลน์ที่บ้าน")
    assert codes == ("other", "street_vendor") and left == ()


def test_the_longest_known_word_wins_at_a_place() -> None:
    matcher = KindMatcher("scheme", {"ม.40": "s40", "ประกันสังคม ม.40": "s40", "ประกันสังคม": "s33"})
    assert matcher.cell("ประกันสังคม ม.40 ทางเลือก 3") == (("s40",), ())
    assert matcher.cell("ประกันสังคม") == (("s33",), ())


def test_words_too_short_to_find_inside_a_phrase_still_match_whole() -> None:
    matcher = KindMatcher("occupation", {"นา": "farmer"})
    assert matcher.cell("นา") == (("farmer",), ())
    assert matcher.cell("ทำนาข้าว")[0] == ()
