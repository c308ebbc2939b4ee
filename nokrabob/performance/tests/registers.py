"""Builders for a small register whose numbers are counted by hand (see each measure's test)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nokrabob.core.models import OrgUnit
from nokrabob.performance.models import Indicator
from nokrabob.registry.models import (
    Activity,
    Community,
    Household,
    Occupation,
    Participation,
    Person,
    PersonOccupation,
)

FY = 2568  # 1 Oct 2024 – 30 Sep 2025


@dataclass
class Register:
    people: dict[str, Person] = field(default_factory=dict)
    activity_fy: Activity | None = None
    activity_old: Activity | None = None

    def person(self, key: str, occupation: str, district: str, *, current: bool = True) -> Person:
        person = Person.objects.create(
            first_name=f"คน{key}", last_name="ทดสอบ", district_code=district, province_code="10"
        )
        PersonOccupation.objects.create(
            person=person, occupation=Occupation.objects.get(code=occupation), is_current=current
        )
        self.people[key] = person
        return person

    def took_part(self, key: str, activity: Activity) -> None:
        Participation.objects.create(activity=activity, person=self.people[key])


def make_activity(fiscal_year: int, held_on: dt.date) -> Activity:
    return Activity.objects.create(
        title=f"ให้ความรู้สิทธิประกันสังคม มาตรา 40 ({fiscal_year})",
        kind="info_session",
        held_on=held_on,
        fiscal_year=fiscal_year,
        unit=OrgUnit.objects.get(code="2400"),
        district_code="1001",
    )


def build_register() -> Register:
    """Target-group members A–E (+ G not current, H merged); A and B took part in FY 2568."""
    reg = Register()
    reg.activity_fy = make_activity(FY, dt.date(2025, 3, 1))
    reg.activity_old = make_activity(FY - 1, dt.date(2024, 3, 1))
    reg.person("A", "moto_taxi", "1001")
    reg.person("B", "moto_taxi", "1006")
    reg.person("C", "street_vendor", "1006")
    reg.person("D", "street_vendor", "1001")
    reg.person("E", "farmer", "1001")
    reg.person("F", "home_worker", "1001")
    reg.person("G", "farmer", "1001", current=False)
    merged = reg.person("H", "moto_taxi", "1001")
    merged.merged_into = reg.people["A"]
    merged.save()
    for key in ("A", "B", "F", "G", "H"):
        reg.took_part(key, reg.activity_fy)
    reg.took_part("C", reg.activity_old)
    return reg


def build_communities() -> list[Community]:
    """Three communities; households in the first (2, district 1001) and second (1, district 1006)."""
    c1 = Community.objects.create(code="C1", name="ชุมชนวัดใหม่", district_code="1001")
    c2 = Community.objects.create(code="C2", name="ชุมชนคลองจั่น", district_code="1006")
    c3 = Community.objects.create(code="C3", name="ชุมชนหลังวัด", district_code="1006")
    Household.objects.create(community=c1, house_no="1/1", district_code="1001")
    Household.objects.create(community=c1, house_no="1/2", district_code="1001")
    Household.objects.create(community=c2, house_no="9", district_code="1006")
    return [c1, c2, c3]


def make_indicator(unit: OrgUnit, **fields) -> Indicator:
    defaults = {
        "fiscal_year": FY,
        "code": "T-1",
        "name": "ตัวชี้วัดทดสอบ",
        "lead_unit": unit,
        "unit_of_measure": "percent",
        "target": 100,
        "weight": 10,
    }
    defaults.update(fields)
    indicator = Indicator.objects.create(**defaults)
    indicator.owner_units.add(unit)
    return indicator
