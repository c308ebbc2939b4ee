"""A messy worker list, as agencies send them: Thai names with titles (sometimes glued on), BE and CE dates
in four shapes, Thai digits, phones written every way, district and sub-district names with and without
เขต/แขวง, occupation and scheme words from the synonyms table — plus planted bad rows and duplicates whose
row numbers are known (the tests check the error report against them). Used by the demo data, the tests
and the import benchmark (``bench/imports``)."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

import geothai

from nokrabob.registry.rules.national_id import make_national_id

FIRST = [
    "สมชาย",
    "สมศรี",
    "สมปอง",
    "วิไล",
    "ประเสริฐ",
    "นงลักษณ์",
    "สุดา",
    "อำไพ",
    "บุญมี",
    "บุญชู",
    "ทองดี",
    "มานะ",
    "มานี",
    "ปิติ",
    "ชูใจ",
    "วีระ",
    "สุรชัย",
    "อนันต์",
    "กาญจนา",
    "จันทร์เพ็ญ",
    "ศิริพร",
    "สุนทร",
    "ประยุทธ",
    "พรทิพย์",
    "รัตนา",
    "วันดี",
    "สมหญิง",
    "ชัยวัฒน์",
    "ธนพล",
    "เกศินี",
    "ณัฐพล",
    "ปวีณา",
    "กิตติ",
    "อรุณี",
    "ไพโรจน์",
    "สายสุนีย์",
    "บุญเรือน",
    "ละเอียด",
    "สำราญ",
    "เฉลิม",
]
LAST = [
    "ใจดี",
    "รักงาน",
    "มั่นคง",
    "ศรีสุข",
    "แสงทอง",
    "ทองคำ",
    "บุญมา",
    "พึ่งบุญ",
    "สุขใจ",
    "เพชรรัตน์",
    "วงศ์ไทย",
    "จันทร์แก้ว",
    "ศรีวงศ์",
    "แก้วมณี",
    "ทองประเสริฐ",
    "บุญประเสริฐ",
    "สมบูรณ์",
    "ประเสริฐศรี",
    "รุ่งเรือง",
    "เจริญสุข",
    "ชัยมงคล",
    "พรหมมา",
    "อินทร์แก้ว",
    "คงสวัสดิ์",
    "ปัญญาดี",
    "นาคสวัสดิ์",
    "มีสุข",
    "ดีเลิศ",
    "สายทอง",
    "บัวแก้ว",
]
OCCUPATIONS = ("วินมอเตอร์ไซค์", "มอเตอร์ไซค์รับจ้าง", "หาบเร่", "แผงลอย", "ค้าขาย", "เกษตรกร", "ทำสวน",
               "ไรเดอร์", "แม่บ้าน", "รับจ้างทั่วไป", "")  # fmt: skip
SCHEMES = ("ม.40", "มาตรา 40", "บัตรทอง", "กอช.", "บัตรสวัสดิการแห่งรัฐ", "", "", "")
THAI_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
THAI_MONTHS_ABBR = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
HEADERS = ["ลำดับ", "เลขบัตรประชาชน", "ชื่อ-นามสกุล", "เพศ", "วันเดือนปีเกิด", "เบอร์โทร", "บ้านเลขที่",
           "แขวง", "เขต", "จังหวัด", "อาชีพ", "สวัสดิการ", "รายได้ต่อเดือน"]  # fmt: skip
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

BAD_KINDS = ("checksum", "nine", "future", "district", "phone", "noname", "month")


@dataclass
class Manifest:
    rows: int = 0
    bad: dict[int, str] = field(default_factory=dict)  # row number (header = 1) → planted fault
    duplicates: dict[int, int] = field(default_factory=dict)  # row number → the earlier row it repeats


def _areas(provinces: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(sub-district, district, province) names for Bangkok plus a few provinces."""
    found = []
    for province in provinces:
        p = geothai.province(province)
        for d in geothai.districts(province):
            for s in geothai.subdistricts(d.code):
                found.append((s.name_th, d.name_th, p.name_th if p else ""))
    return found


def _district_variant(rng: random.Random, name: str) -> str:
    bare = name.removeprefix("เขต").removeprefix("อำเภอ")
    return rng.choice((name, bare, f"เขต {bare}" if name.startswith("เขต") else f"อ.{bare}", f" {bare} "))


def _sub_variant(rng: random.Random, name: str, bangkok: bool) -> str:
    prefix = "แขวง" if bangkok else "ตำบล"
    return rng.choice((name, f"{prefix}{name}", f"{prefix} {name}", name + " "))


def _date(rng: random.Random, year: int, month: int, day: int) -> str:
    be = year + 543
    shape = rng.randrange(6)
    if shape == 0:
        return f"{day:02d}/{month:02d}/{be}"
    if shape == 1:
        return f"{day}/{month}/{be}".translate(_THAI_DIGITS)
    if shape == 2:
        return f"{day} {THAI_MONTHS_ABBR[month - 1]} {be}"
    if shape == 3:
        return f"{day} {THAI_MONTHS[month - 1]} {be}"
    if shape == 4:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{day:02d}/{month:02d}/{year}"


def _dashed(nid: str) -> str:
    return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"


def _phone(rng: random.Random) -> str:
    digits = f"0{rng.choice('689')}{rng.randrange(10_000_000, 99_999_999)}"
    shape = rng.randrange(4)
    if shape == 0:
        return digits
    if shape == 1:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if shape == 2:
        return "+66" + digits[1:]
    return digits.translate(_THAI_DIGITS)


def generate(
    path: Path,
    rows: int,
    *,
    seed: int = 5,
    bad_every: int = 40,
    dup_every: int = 150,
    encoding: str = "utf-8",
    keep_manifest: bool = True,
    provinces: tuple[str, ...] = ("10", "50", "12"),
) -> Manifest:
    """Write ``rows`` data rows to ``path``. About 1/bad_every rows are bad, 1/dup_every repeat an ID."""
    rng = random.Random(seed)  # noqa: S311 - sample data, reproducible from its seed, not a secret
    areas = _areas(provinces)
    manifest = Manifest(rows=rows)
    serial = rng.randrange(10**9, 10**10)
    recent: list[tuple[int, list[str]]] = []
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for i in range(rows):
            number = i + 2
            if dup_every and i % dup_every == dup_every - 1 and recent:
                earlier_number, earlier = rng.choice(recent)
                row = list(earlier)
                row[0] = str(i + 1)
                writer.writerow(row)
                if keep_manifest:
                    manifest.duplicates[number] = earlier_number
                continue
            serial += 1
            nid = make_national_id(f"{rng.choice('123458'):s}{serial:011d}"[-12:])
            male = rng.random() < 0.5
            title = "นาย" if male else rng.choice(("นาง", "นางสาว", "น.ส."))
            first, last = rng.choice(FIRST), rng.choice(LAST)
            glued = rng.random() < 0.2 and title != "นาง"
            name = f"{title}{first}  {last}" if glued else f"{title} {first} {last}"
            year, month, day = rng.randrange(1950, 2005), rng.randrange(1, 13), rng.randrange(1, 29)
            sub, district, province = rng.choice(areas)
            bangkok = province == "กรุงเทพมหานคร"
            row = [
                str(i + 1),
                rng.choice((nid, _dashed(nid), nid.translate(_THAI_DIGITS))),
                name, rng.choice(("ชาย" if male else "หญิง", "")), _date(rng, year, month, day), _phone(rng),
                f"{rng.randrange(1, 999)}/{rng.randrange(1, 99)}", _sub_variant(rng, sub, bangkok),
                _district_variant(rng, district), rng.choice((province, "กทม.") if bangkok else (province,)),
                rng.choice(OCCUPATIONS), rng.choice(SCHEMES), rng.choice(("", "9,000", "๑๒๐๐๐", "15000.50")),
            ]  # fmt: skip
            if bad_every and i % bad_every == bad_every // 2:
                kind = BAD_KINDS[(i // bad_every) % len(BAD_KINDS)]
                if kind == "checksum":
                    row[1] = nid[:12] + str((int(nid[12]) + 1) % 10)
                elif kind == "nine":
                    row[1] = make_national_id("9" + nid[1:12])
                elif kind == "future":
                    row[4] = f"01/01/{2600 + rng.randrange(10, 90)}"
                elif kind == "district":
                    row[8], row[7] = "เขตไม่มีจริง", ""
                elif kind == "phone":
                    row[5] = "12345"
                elif kind == "noname":
                    row[2] = ""
                else:
                    row[4] = f"31/13/{year + 543}"
                if keep_manifest:
                    manifest.bad[number] = kind
            else:
                if len(recent) < 500:
                    recent.append((number, row))
                elif rng.random() < 0.01:
                    recent[rng.randrange(500)] = (number, row)
            writer.writerow(row)
    return manifest
