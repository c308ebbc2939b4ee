"""The office responsible for an address: the district office (สำนักงานเขต) of a Bangkok district, the
provincial labour office elsewhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from nokrabob.core.reference import BANGKOK_CODE, district_office_code, provincial_labour_office_code

if TYPE_CHECKING:
    from nokrabob.core.models import OrgUnit


def unit_code(district_code: str, province_code: str) -> str:
    """The org-unit code responsible for an address."""
    if province_code == BANGKOK_CODE:
        return district_office_code(district_code)
    return provincial_labour_office_code(province_code)


def responsible_unit(district_code: str, province_code: str) -> OrgUnit | None:
    """The one-value entry point: the responsible office, read from the database (None if it is not set
    up)."""
    from nokrabob.core.models import OrgUnit

    return OrgUnit.objects.filter(code=unit_code(district_code, province_code)).first()


def unit_ids() -> dict[str, int]:
    """Org-unit code → id of every unit: the table the whole-column entry point reads, loaded once per
    import."""
    from nokrabob.core.models import OrgUnit

    return dict(OrgUnit.objects.values_list("code", "id"))


def unit_id(units: Mapping[str, int], district_code: str, province_code: str) -> int | None:
    """The responsible office's id from ``unit_ids``'s table (a row at a time)."""
    return units.get(unit_code(district_code, province_code))


def unit_column(
    units: Mapping[str, int], district_codes: Sequence[str], province_codes: Sequence[str]
) -> list[int | None]:
    """The whole-column entry point: the responsible office's id for every address of a column."""
    found: dict[tuple[str, str], int | None] = {}
    answers = []
    for district_code, province_code in zip(district_codes, province_codes, strict=True):
        key = (district_code, province_code)
        if key not in found:
            found[key] = units.get(unit_code(district_code, province_code))
        answers.append(found[key])
    return answers
