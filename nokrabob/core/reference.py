"""Loads the organisation hierarchy: areas from geothai, agencies from the seed documents.

Idempotent: running it again updates names and parents in place and creates nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import geothai
from django.db import transaction

from nokrabob.core.models import Area, AreaLevel, OrgUnit, UnitKind

COUNTRY_CODE = "TH"
BANGKOK_CODE = "10"

CITY_CODE = "BMA"
SOCIAL_DEVELOPMENT_CODE = "2400"
STRATEGY_EVALUATION_CODE = "BMA-SPE"
MINISTRY_OF_LABOUR_CODE = "MOL"
POLICY_OFFICE_CODE = "MOL-ILPO"


def district_office_code(district_code: str) -> str:
    return f"BMA-D{district_code}"


def provincial_labour_office_code(province_code: str) -> str:
    return f"PLO-{province_code}"


@dataclass
class LoadResult:
    areas: int
    units: int


def _upsert_area(code: str, level: str, name_th: str, name_en: str, parent: Area | None) -> Area:
    area, _ = Area.objects.update_or_create(
        code=code,
        defaults={"level": level, "name_th": name_th, "name_en": name_en, "parent": parent},
    )
    return area


def _upsert_unit(
    code: str,
    kind: str,
    name_th: str,
    name_en: str,
    abbreviation: str,
    area: Area,
    parent: OrgUnit | None,
) -> OrgUnit:
    unit, _ = OrgUnit.objects.update_or_create(
        code=code,
        defaults={
            "kind": kind,
            "name_th": name_th,
            "name_en": name_en,
            "abbreviation": abbreviation,
            "area": area,
            "parent": parent,
        },
    )
    return unit


@transaction.atomic
def load_org_units() -> LoadResult:
    thailand = _upsert_area(COUNTRY_CODE, AreaLevel.COUNTRY, "ประเทศไทย", "Thailand", None)
    provinces = {
        p.code: _upsert_area(p.code, AreaLevel.PROVINCE, p.name_th, p.name_en, thailand)
        for p in geothai.provinces()
    }
    bangkok = provinces[BANGKOK_CODE]
    districts = {}
    for d in geothai.districts(BANGKOK_CODE):
        districts[d.code] = _upsert_area(d.code, AreaLevel.DISTRICT, d.name_th, d.name_en, bangkok)
        for s in geothai.subdistricts(d.code):
            _upsert_area(s.code, AreaLevel.SUBDISTRICT, s.name_th, s.name_en, districts[d.code])

    city = _upsert_unit(
        CITY_CODE,
        UnitKind.CITY,
        "กรุงเทพมหานคร",
        "Bangkok Metropolitan Administration",
        "กทม.",
        bangkok,
        None,
    )
    _upsert_unit(
        SOCIAL_DEVELOPMENT_CODE,
        UnitKind.BMA_DEPARTMENT,
        "สำนักพัฒนาสังคม",
        "Social Development Department",
        "สพส.",
        bangkok,
        city,
    )
    _upsert_unit(
        STRATEGY_EVALUATION_CODE,
        UnitKind.BMA_DEPARTMENT,
        "สำนักยุทธศาสตร์และประเมินผล",
        "Strategy and Evaluation Department",
        "สยป.",
        bangkok,
        city,
    )
    for code, district in districts.items():
        _upsert_unit(
            district_office_code(code),
            UnitKind.DISTRICT_OFFICE,
            f"สำนักงาน{district.name_th}",
            f"{district.name_en} District Office",
            "",
            district,
            city,
        )
    ministry = _upsert_unit(
        MINISTRY_OF_LABOUR_CODE,
        UnitKind.MINISTRY,
        "กระทรวงแรงงาน",
        "Ministry of Labour",
        "รง.",
        thailand,
        None,
    )
    _upsert_unit(
        POLICY_OFFICE_CODE,
        UnitKind.POLICY_OFFICE,
        "สำนักงานนโยบายแรงงานนอกระบบ",
        "Informal Labour Policy Office",
        "",
        thailand,
        ministry,
    )
    for code, province in provinces.items():
        if code == BANGKOK_CODE:
            continue
        _upsert_unit(
            provincial_labour_office_code(code),
            UnitKind.PROVINCIAL_LABOUR_OFFICE,
            f"สำนักงานแรงงานจังหวัด{province.name_th}",
            f"{province.name_en} Provincial Labour Office",
            "",
            province,
            ministry,
        )
    return LoadResult(areas=Area.objects.count(), units=OrgUnit.objects.count())
