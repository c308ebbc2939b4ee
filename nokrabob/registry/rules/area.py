"""Addresses: province, district (เขต/อำเภอ) and sub-district (แขวง/ตำบล) through geothai.

Two one-value entry points: ``resolve_area`` completes and checks codes (forms, collection, services),
``resolve_area_text`` reads names or codes as lists write them (imports) with the same Thai messages; and
one whole-column entry point, ``area_column``, which resolves each distinct address of a column once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import geothai
from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError

AreaAnswer = tuple[str, str, str, str] | tuple[str, str]


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


@dataclass
class AreaIndex:
    """geothai's tables as dicts, built once: names are compared in geothai's normal form (no เขต/แขวง,
    no spaces), codes as they are."""

    provinces: dict[str, str] = field(default_factory=dict)
    districts: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (name, province)
    district_by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (province, name) → code
    district_any: dict[str, list[str]] = field(default_factory=dict)
    subdistricts: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # code → (name, district, postal)
    sub_by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (district, name) → code
    sub_any: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls) -> AreaIndex:
        index = cls()
        norm = geothai.normalize
        for province in geothai.provinces():
            for name in (province.name_th, province.name_en, province.code):
                index.provinces[norm(name)] = province.code
            for district in geothai.districts(province.code):
                index.districts[district.code] = (district.name_th, province.code)
                for name in {norm(district.name_th), norm(district.name_en)}:
                    index.district_by_name[(province.code, name)] = district.code
                    index.district_any.setdefault(name, []).append(district.code)
                for sub in geothai.subdistricts(district.code):
                    index.subdistricts[sub.code] = (sub.name_th, district.code, sub.postal_codes[0])
                    for name in {norm(sub.name_th), norm(sub.name_en)}:
                        index.sub_by_name[(district.code, name)] = sub.code
                        index.sub_any.setdefault(name, []).append(sub.code)
        for alias in ("กทม", "กรุงเทพ", "กรุงเทพฯ", "กรุงเทพมหานคร", "bkk"):
            index.provinces[norm(alias)] = "10"
        return index


_AREA_INDEX: AreaIndex | None = None


def area_index() -> AreaIndex:
    global _AREA_INDEX
    if _AREA_INDEX is None:
        _AREA_INDEX = AreaIndex.build()
    return _AREA_INDEX


def resolve_area_text(index: AreaIndex, province: str, district: str, subdistrict: str) -> AreaAnswer:
    """→ (province, district, subdistrict, postal) codes, or (field, message) when it cannot be resolved."""
    norm = geothai.normalize
    province_code = ""
    if province:
        province_code = index.provinces.get(norm(province), "")
        if not province_code:
            return "province", _("ไม่พบจังหวัด %(name)s") % {"name": province}
    district_code = ""
    if district:
        if district.isdigit():
            if district not in index.districts:
                return "district", _("ไม่พบเขต/อำเภอรหัส %(code)s") % {"code": district}
            district_code = district
        else:
            key = norm(district)
            if province_code:
                district_code = index.district_by_name.get((province_code, key), "")
            else:
                found = index.district_any.get(key, [])
                if len(found) > 1:
                    bangkok = [c for c in found if c.startswith("10")]
                    found = bangkok if len(bangkok) == 1 else found
                if len(found) > 1:
                    return "district", _("ชื่อเขต/อำเภอ %(name)s มีหลายจังหวัด กรุณาระบุจังหวัด") % {"name": district}
                district_code = found[0] if found else ""
            if not district_code:
                return "district", _("ไม่พบเขต/อำเภอ %(name)s") % {"name": district}
        if province_code and index.districts[district_code][1] != province_code:
            return "district", _("เขต/อำเภอไม่อยู่ในจังหวัดที่เลือก")
    sub_code = ""
    if subdistrict:
        if subdistrict.isdigit():
            if subdistrict not in index.subdistricts:
                return "subdistrict", _("ไม่พบแขวง/ตำบลรหัส %(code)s") % {"code": subdistrict}
            sub_code = subdistrict
        else:
            key = norm(subdistrict)
            if district_code:
                sub_code = index.sub_by_name.get((district_code, key), "")
            else:
                found = index.sub_any.get(key, [])
                sub_code = found[0] if len(found) == 1 else ""
            if not sub_code:
                return "subdistrict", _("ไม่พบแขวง/ตำบล %(name)s") % {"name": subdistrict}
        sub_name, sub_district, postal = index.subdistricts[sub_code]
        if district_code and sub_district != district_code:
            return "subdistrict", _("แขวง/ตำบล %(sub)s ไม่อยู่ใน %(district)s") % {
                "sub": sub_name,
                "district": index.districts[district_code][0],
            }
        return sub_district[:2], sub_district, sub_code, postal
    if district_code:
        return district_code[:2], district_code, "", ""
    return "district", _("กรุณาระบุเขต/อำเภอ หรือแขวง/ตำบล")


def area_column(index: AreaIndex, addresses: Iterable[tuple[str, str, str]]) -> list[AreaAnswer]:
    """``resolve_area_text`` of every (province, district, sub-district) of a column, each distinct one
    worked out once."""
    found: dict[tuple[str, str, str], AreaAnswer] = {}
    answers = []
    for address in addresses:
        answer = found.get(address)
        if answer is None:
            answer = found[address] = resolve_area_text(index, *address)
        answers.append(answer)
    return answers
