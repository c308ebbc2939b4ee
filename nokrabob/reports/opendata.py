"""Open data: the registry's aggregates as files an agency or the public may have.

One table, written as CSV (UTF-8 with BOM, so Excel opens it in Thai) and JSON, with a ``metadata.json``
in the fields of the Thai government data catalogue (GD-Catalog, a CKAN profile) and a data dictionary.
Each row is one cell of the cube

    measure (registered | in a scheme) × area (Bangkok district | province | country)
        × occupation group × sex × age band

with "_all" standing for the total over a dimension, so every row and column total is in the file too.
Every count passes through :func:`nokrabob.reports.suppression.suppress` before it is written: counts
1–4 and the companions that protect them are written as the suppression mark. Cells that are zero are
left out of the files (the dictionary says so). No record of a person, and no field of one, is written.

Each person counts once per measure: in the group of their latest current occupation ("none" without
one), and in a scheme when they have a record of it that is "enrolled" or "received".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import geothai
from django.utils import timezone

from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.registry.models import Occupation, Scheme, Sex
from nokrabob.reports.counts import AGE_BANDS, NO_OCCUPATION, UNKNOWN_AGE, CountFilter, registry_counts
from nokrabob.reports.suppression import SUPPRESSED, Relation, suppress

ALL = "_all"
COUNTRY = "TH"
REGISTERED = "registered"
REACHED = ("enrolled", "received")
SEXES = tuple(s.value for s in Sex)
Key = tuple[str, str, str, str, str]  # (measure, area, occupation, sex, age band)

CSV_NAME = "registry-aggregates.csv"
JSON_NAME = "registry-aggregates.json"
METADATA_NAME = "metadata.json"
FILES = (CSV_NAME, JSON_NAME, METADATA_NAME)

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("measure", "ตัวชี้วัด: registered = ขึ้นทะเบียน, รหัสสวัสดิการ = เป็นสมาชิก/ได้รับแล้ว", "text"),
    ("measure_name_th", "ชื่อตัวชี้วัด", "text"),
    ("area_level", "ระดับพื้นที่: country = ประเทศ, province = จังหวัด, district = เขต (กรุงเทพฯ)", "text"),
    ("area_code", "รหัสพื้นที่ของกรมการปกครอง (จังหวัด 2 หลัก, เขต 4 หลัก, TH = ทั้งประเทศ)", "text"),
    ("area_name_th", "ชื่อพื้นที่ภาษาไทย", "text"),
    ("area_name_en", "ชื่อพื้นที่ภาษาอังกฤษ", "text"),
    ("occupation_group", "รหัสกลุ่มอาชีพ (อาชีพปัจจุบันล่าสุด; none = ไม่ระบุ; _all = รวม)", "text"),
    ("occupation_name_th", "ชื่อกลุ่มอาชีพ", "text"),
    ("sex", "เพศ: M = ชาย, F = หญิง, U = ไม่ระบุ, _all = รวม", "text"),
    ("age_band", "ช่วงอายุ (ปีเต็ม ณ วันที่ข้อมูล; unknown = ไม่ทราบวันเกิด; _all = รวม)", "text"),
    ("count", f"จำนวนคน; '{SUPPRESSED}' = ปกปิด (น้อยกว่า 5 คน หรือปกปิดประกอบ)", "integer"),
)


@dataclass
class Cube:
    """Published values: (measure, area, occupation, sex, band) → count, or None where suppressed."""

    on: dt.date
    values: dict[Key, int | None]
    measure_names: dict[str, str]
    occupation_names: dict[str, str]

    @property
    def suppressed(self) -> int:
        return sum(1 for v in self.values.values() if v is None)


def base_counts(on: dt.date) -> dict[tuple[str, str, str, str, str, str], int]:
    """(measure, province, district, occupation, sex, band) → people, from the registry's maintained
    counts over every record (they leave only through ``suppress``)."""
    counts: dict[tuple[str, str, str, str, str, str], int] = {}
    by = ["province", "district", "occupation_group", "sex", "age_band"]
    for (province, district, occ, sex, band), n in registry_counts(None, CountFilter(on=on), by).items():
        counts[(REGISTERED, province, district, occ, sex, band)] = n
    reached = registry_counts(None, CountFilter(on=on, reached=True), ["scheme", *by])
    for (scheme, province, district, occ, sex, band), n in reached.items():
        counts[(scheme, province, district, occ, sex, band)] = n
    return dict(sorted(counts.items()))  # the same order on either engine


def _areas_of(province: str, district: str) -> tuple[str, ...]:
    if province == BANGKOK_CODE:
        return (district, BANGKOK_CODE, COUNTRY)
    return (province, COUNTRY)


def _relations(totals: Iterable[Key], occupations: list[str], bands: list[str]) -> Iterator[Relation[Key]]:
    """Every "these add up to that" the cube publishes with one of ``totals`` as the sum. A total that
    is zero needs none (its parts are zero too), so the cube passes only its non-zero cells."""
    districts = [d.code for d in geothai.districts(BANGKOK_CODE)]
    provinces = [p.code for p in geothai.provinces()]
    for key in totals:
        measure, area, occ, sex, band = key
        if area == BANGKOK_CODE:
            yield Relation(key, [(measure, d, occ, sex, band) for d in districts])
        if area == COUNTRY:
            yield Relation(key, [(measure, p, occ, sex, band) for p in provinces])
        if occ == ALL:
            yield Relation(key, [(measure, area, o, sex, band) for o in occupations])
        if sex == ALL:
            yield Relation(key, [(measure, area, occ, s, band) for s in SEXES])
        if band == ALL:
            yield Relation(key, [(measure, area, occ, sex, b) for b in bands])


def domain(measure: str, occupations: list[str], bands: list[str]) -> Iterator[Key]:
    """Every cell of one measure's cube, zero or not."""
    districts = [d.code for d in geothai.districts(BANGKOK_CODE)]
    provinces = [p.code for p in geothai.provinces()]
    axes = [[*districts, *provinces, COUNTRY], [*occupations, ALL], [*SEXES, ALL], [*bands, ALL]]
    for area, occ, sex, band in product(*axes):
        yield (measure, area, occ, sex, band)


def build_cube(on: dt.date | None = None) -> Cube:
    """Count, add up every margin, and suppress: the values that may be published."""
    on = on or timezone.localdate()
    base = base_counts(on)
    occupation_names = {o.code: o.name_th for o in Occupation.objects.all()}
    occupation_names[NO_OCCUPATION] = "ไม่ระบุ"
    occupation_names[ALL] = "รวมทุกกลุ่มอาชีพ"
    measure_names = {REGISTERED: "ขึ้นทะเบียนแรงงานนอกระบบ"}
    measure_names.update({s.code: s.name_th for s in Scheme.objects.filter(is_active=True)})
    measure_names.update({s.code: s.name_th for s in Scheme.objects.filter(code__in={k[0] for k in base})})

    occupations = sorted({code for code in occupation_names if code != ALL} | {k[3] for k in base})
    bands = [code for code, _y, _o in AGE_BANDS] + [UNKNOWN_AGE]
    by_measure: dict[str, dict[Key, int]] = defaultdict(dict)
    for (measure, province, district, occ, sex, band), n in base.items():
        cells = by_measure[measure]
        for key in product([measure], _areas_of(province, district), (occ, ALL), (sex, ALL), (band, ALL)):
            cells[key] = cells.get(key, 0) + n
    values: dict[Key, int | None] = {}
    for measure in measure_names:
        cells = by_measure.get(measure, {})
        published = suppress(cells, _relations([k for k, n in cells.items() if n], occupations, bands))
        values.update(published)
    return Cube(on=on, values=values, measure_names=measure_names, occupation_names=occupation_names)


def _area_label(code: str) -> tuple[str, str, str]:
    if code == COUNTRY:
        return "country", "ทั้งประเทศ", "Thailand"
    if len(code) == 4:
        district = geothai.district(code)
        return "district", district.name_th if district else code, district.name_en if district else code
    province = geothai.province(code)
    return "province", province.name_th if province else code, province.name_en if province else code


def rows(cube: Cube) -> list[dict[str, Any]]:
    """The published rows, zero cells left out, in a stable order."""
    out = []
    for key in sorted(cube.values):
        value = cube.values[key]
        if value == 0:
            continue
        measure, area, occ, sex, band = key
        level, name_th, name_en = _area_label(area)
        out.append(
            {
                "measure": measure,
                "measure_name_th": cube.measure_names.get(measure, measure),
                "area_level": level,
                "area_code": area,
                "area_name_th": name_th,
                "area_name_en": name_en,
                "occupation_group": occ,
                "occupation_name_th": cube.occupation_names.get(occ, occ),
                "sex": sex,
                "age_band": band,
                "count": SUPPRESSED if value is None else value,
            }
        )
    return out


def metadata(cube: Cube, *, created: dt.date, published_at: dt.datetime) -> dict[str, Any]:
    """The GD-Catalog (CKAN) fields of the data set, with its data dictionary."""
    return {
        "title": "จำนวนแรงงานนอกระบบที่ขึ้นทะเบียนและการเข้าถึงสวัสดิการ จำแนกตามพื้นที่ กลุ่มอาชีพ เพศ และช่วงอายุ",
        "title_en": (
            "Registered informal workers and welfare coverage by area, occupation group, sex and age band"
        ),
        "description": (
            "ข้อมูลสถิติรวมจากระบบฐานข้อมูลแรงงานนอกระบบ: จำนวนผู้ขึ้นทะเบียน และจำนวนผู้เป็นสมาชิก/ได้รับสวัสดิการ"
            "แต่ละประเภท จำแนกตามเขตของกรุงเทพมหานคร จังหวัด กลุ่มอาชีพ เพศ และช่วงอายุ ข้อมูล ณ วันที่ "
            f"{cube.on.isoformat()} ค่าที่น้อยกว่า 5 คน (และค่าที่ใช้คำนวณย้อนกลับได้) แสดงเป็น '{SUPPRESSED}' "
            "เพื่อคุ้มครองข้อมูลส่วนบุคคล ไม่มีข้อมูลรายบุคคล"
        ),
        "license": "Open Data Common",
        "update_frequency_unit": "วัน",
        "update_frequency_value": 1,
        "geo_coverage": "ประเทศ",
        "data_source": "สำนักพัฒนาสังคม กรุงเทพมหานคร และสำนักงานแรงงานจังหวัด (ระบบฐานข้อมูลแรงงานนอกระบบ)",
        "data_format": ["CSV", "JSON"],
        "data_category": "ข้อมูลสาธารณะ",
        "created": created.isoformat(),
        "last_updated": published_at.isoformat(timespec="seconds"),
        "allow_harvest": "yes",
        "data_date": cube.on.isoformat(),
        "suppression": {
            "mark": SUPPRESSED,
            "rule": "ไม่เผยแพร่จำนวน 1–4 คน และปกปิดค่าประกอบเพื่อไม่ให้คำนวณย้อนกลับจากผลรวมแถวหรือคอลัมน์ได้",
            "cells_suppressed": cube.suppressed,
        },
        "zero_cells": "แถวที่ไม่ปรากฏในไฟล์มีค่าเป็น 0",
        "resources": [
            {"name": CSV_NAME, "format": "CSV", "encoding": "UTF-8 with BOM"},
            {"name": JSON_NAME, "format": "JSON", "encoding": "UTF-8"},
        ],
        "data_dictionary": [
            {"column": name, "description": description, "type": kind} for name, description, kind in COLUMNS
        ],
        "codes": {
            "measure": cube.measure_names,
            "occupation_group": cube.occupation_names,
            "age_band": [code for code, _y, _o in AGE_BANDS] + [UNKNOWN_AGE],
        },
    }


def _write(path: Path, content: bytes) -> None:
    """Write beside the target and rename over it: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def write_files(
    directory: Path, cube: Cube, *, published_at: dt.datetime, created: dt.date | None = None
) -> int:
    """Write the three files into ``directory``; returns the number of rows written."""
    directory.mkdir(parents=True, exist_ok=True)
    table = rows(cube)
    if created is None:
        try:
            previous = json.loads((directory / METADATA_NAME).read_text(encoding="utf-8"))
            created = dt.date.fromisoformat(previous["created"])
        except (OSError, ValueError, KeyError):
            created = published_at.date()
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=[name for name, _d, _k in COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table)
    _write(directory / CSV_NAME, ("\ufeff" + text.getvalue()).encode("utf-8"))
    document = {"data_date": cube.on.isoformat(), "suppression_mark": SUPPRESSED, "rows": table}
    _write(directory / JSON_NAME, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    meta = metadata(cube, created=created, published_at=published_at)
    _write(directory / METADATA_NAME, json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))
    return len(table)
