"""Addresses: sub-district → district → province through geothai, with Thai messages for bad codes."""

from __future__ import annotations

from dataclasses import dataclass

import geothai
from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError


@dataclass(frozen=True)
class AreaCodes:
    province_code: str
    district_code: str
    subdistrict_code: str = ""
    postal_code: str = ""


def resolve_area(
    *, subdistrict_code: str = "", district_code: str = "", province_code: str = ""
) -> AreaCodes:
    """Complete and check a set of area codes; raise ``DomainError`` on the field that is wrong."""
    subdistrict_code, district_code = subdistrict_code.strip(), district_code.strip()
    province_code = province_code.strip()
    if subdistrict_code:
        sub = geothai.subdistrict(subdistrict_code)
        if sub is None:
            raise DomainError(
                _("ไม่พบแขวง/ตำบลรหัส %(code)s") % {"code": subdistrict_code}, field="subdistrict_code"
            )
        if district_code and sub.district_code != district_code:
            district = geothai.district(district_code)
            raise DomainError(
                _("แขวง/ตำบล %(sub)s ไม่อยู่ใน %(district)s")
                % {"sub": sub.name_th, "district": district.name_th if district else district_code},
                field="subdistrict_code",
            )
        return AreaCodes(sub.province_code, sub.district_code, sub.code, sub.postal_codes[0])
    if district_code:
        district = geothai.district(district_code)
        if district is None:
            raise DomainError(_("ไม่พบเขต/อำเภอรหัส %(code)s") % {"code": district_code}, field="district_code")
        if province_code and district.province_code != province_code:
            raise DomainError(_("เขต/อำเภอไม่อยู่ในจังหวัดที่เลือก"), field="district_code")
        return AreaCodes(district.province_code, district.code)
    raise DomainError(_("กรุณาระบุเขต/อำเภอ หรือแขวง/ตำบล"), field="district_code")


def district_name(code: str) -> str:
    district = geothai.district(code) if code else None
    return district.name_th if district else code


def subdistrict_name(code: str) -> str:
    sub = geothai.subdistrict(code) if code else None
    return sub.name_th if sub else code


def province_name(code: str) -> str:
    province = geothai.province(code) if code else None
    return province.name_th if province else code
