"""Area names for display (the area rule itself is ``nokrabob.registry.rules.area``)."""

from __future__ import annotations

import geothai


def district_name(code: str) -> str:
    district = geothai.district(code) if code else None
    return district.name_th if district else code


def subdistrict_name(code: str) -> str:
    sub = geothai.subdistrict(code) if code else None
    return sub.name_th if sub else code


def province_name(code: str) -> str:
    province = geothai.province(code) if code else None
    return province.name_th if province else code
