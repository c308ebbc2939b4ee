"""The public statistics page's data: only what the open-data publication wrote, never a live count.

The page reads the published files (already through the small-cell rule), so nothing it shows can be
smaller than what the files hold. The drawings are made once per publication (keyed by the file's
modification time), not per request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from nokrabob.reports import charts, maps, opendata
from nokrabob.reports.figure import Figure
from nokrabob.reports.services import open_data_dir
from nokrabob.reports.suppression import SUPPRESSED

Key = tuple[str, str, str, str, str]


@dataclass
class PublicStatistics:
    metadata: dict[str, Any]
    figures: list[Figure]
    files: list[tuple[str, int]]
    total: str


def _value(cells: dict[Key, Any], key: Key) -> int | None:
    """A published cell: its count, None where suppressed, 0 where the file leaves it out."""
    value = cells.get(key, 0)
    return None if value == SUPPRESSED else int(value)


def _shown(value: int | None) -> str:
    return SUPPRESSED if value is None else f"{value:,}"


def _area_figure(cells: dict[Key, Any], level: str, title: str) -> Figure:
    features = maps.areas(level)
    values = {a.code: _value(cells, ("registered", a.code, "_all", "_all", "_all")) for a in features}
    svg = maps.choropleth(level, values, title=title, legend="จำนวนผู้ขึ้นทะเบียน (คน)")
    table = [(a.name_th, _shown(values[a.code])) for a in sorted(features, key=lambda a: a.code)]
    return Figure(title, svg, table, maps.ATTRIBUTION)


@lru_cache(maxsize=4)
def _build(directory: str, stamp: float) -> PublicStatistics | None:
    path = Path(directory)
    meta = json.loads((path / opendata.METADATA_NAME).read_text(encoding="utf-8"))
    rows = json.loads((path / opendata.JSON_NAME).read_text(encoding="utf-8"))["rows"]
    cells: dict[Key, Any] = {
        (r["measure"], r["area_code"], r["occupation_group"], r["sex"], r["age_band"]): r["count"]
        for r in rows
    }
    codes = meta.get("codes", {})
    occupations = {k: v for k, v in codes.get("occupation_group", {}).items() if k != opendata.ALL}
    measures = {k: v for k, v in codes.get("measure", {}).items() if k != opendata.REGISTERED}
    by_occupation = [
        (name, _value(cells, ("registered", "TH", code, "_all", "_all")))
        for code, name in occupations.items()
    ]
    by_scheme = [
        (name, _value(cells, (code, "TH", "_all", "_all", "_all"))) for code, name in measures.items()
    ]
    bands = codes.get("age_band", [])
    by_age = [
        (
            band if band != opendata.UNKNOWN_AGE else "ไม่ทราบ",
            _value(cells, ("registered", "TH", "_all", "_all", band)),
        )
        for band in bands
    ]
    sexes = {"F": "หญิง", "M": "ชาย", "U": "ไม่ระบุ"}
    by_sex = [
        (name, _value(cells, ("registered", "TH", "_all", code, "_all"))) for code, name in sexes.items()
    ]

    def bar(title: str, data: list[tuple[str, int | None]], unit: str = "คน") -> Figure:
        return Figure(
            title, charts.bar_chart(data, title=title, unit=unit), [(k, _shown(v)) for k, v in data]
        )

    figures = [
        _area_figure(cells, "province", "ผู้ขึ้นทะเบียนรายจังหวัด"),
        _area_figure(cells, "district", "ผู้ขึ้นทะเบียนรายเขต กรุงเทพมหานคร"),
        bar("ผู้ขึ้นทะเบียนตามกลุ่มอาชีพ", by_occupation),
        bar("ผู้เป็นสมาชิก/ได้รับสวัสดิการ ตามประเภทสวัสดิการ", by_scheme),
        bar("ผู้ขึ้นทะเบียนตามช่วงอายุ (ปี)", by_age),
        bar("ผู้ขึ้นทะเบียนตามเพศ", by_sex),
    ]
    files = [(name, (path / name).stat().st_size) for name in opendata.FILES]
    return PublicStatistics(
        meta, figures, files, _shown(_value(cells, ("registered", "TH", "_all", "_all", "_all")))
    )


def public_statistics() -> PublicStatistics | None:
    """The latest publication, or None when nothing has been published yet."""
    directory = open_data_dir()
    try:
        stamp = max((directory / name).stat().st_mtime for name in opendata.FILES)
    except OSError:
        return None
    try:
        return _build(str(directory), stamp)
    except (OSError, ValueError, KeyError):
        return None


def published_file(name: str) -> Path | None:
    """One of the published files by its name (no other path is ever served)."""
    if name not in opendata.FILES:
        return None
    path = open_data_dir() / name
    return path if path.is_file() else None


@lru_cache(maxsize=2)
def _rows(directory: str, stamp: float) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    path = Path(directory)
    meta = json.loads((path / opendata.METADATA_NAME).read_text(encoding="utf-8"))
    rows = json.loads((path / opendata.JSON_NAME).read_text(encoding="utf-8"))["rows"]
    return meta, rows


def published_rows() -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The latest publication's metadata and rows (as published: small cells already hidden), or None
    when nothing has been published yet. Read once per publication."""
    directory = open_data_dir()
    try:
        stamp = max((directory / name).stat().st_mtime for name in opendata.FILES)
        return _rows(str(directory), stamp)
    except (OSError, ValueError, KeyError):
        return None
