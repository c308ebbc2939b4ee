"""The records of the scope sweep: four areas, each with one of everything a page can show.

Each area has a marker word that appears in every record it owns (a person's last name, an activity's
title, a household's number, a community's name, a submission's last name): a page shown to another
area's officer must not contain it, nor the area's national IDs or phone numbers.

- ``1001`` Phra Nakhon (Bangkok), officer ``d1001``;
- ``1006`` Bang Kapi (Bangkok), officer ``d1006``;
- ``cm`` Mueang Chiang Mai (province 50), officer ``cm`` (Chiang Mai provincial labour office);
- ``lp`` Mueang Lamphun (province 51), officer ``lp``.

Each area's person has one of every record a person can have (welfare, occupation, contact, referral, a
follow-up to make about the savings fund).

Plus a city-wide activity of the department (visible to every Bangkok officer, never to a province).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.collection.models import Campaign, CampaignDistrict, Submission
from nokrabob.collection.services import campaign_create, submission_create
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.core.thai import format_phone
from nokrabob.performance.models import Indicator
from nokrabob.privacy.models import DataSubjectRequest
from nokrabob.privacy.services import request_open
from nokrabob.projects import plan_services
from nokrabob.projects.models import ActionPlan, Project
from nokrabob.registry.models import (
    Activity,
    ActivityKind,
    Community,
    ContactAttempt,
    FollowUp,
    Household,
    HouseholdMember,
    Occupation,
    Participation,
    Person,
    PersonOccupation,
    Referral,
    Scheme,
    WelfareRecord,
)
from nokrabob.registry.rules.national_id import format_national_id, make_national_id
from nokrabob.registry.services import person_create

# key: (district, subdistrict, unit of its officer, marker word, serial for IDs and phones)
AREAS: dict[str, tuple[str, str, str, str, int]] = {
    "1001": ("1001", "100101", "BMA-D1001", "ใบเตย", 1),
    "1006": ("1006", "100601", "BMA-D1006", "มะลิ", 2),
    "cm": ("5001", "500101", "PLO-50", "ดอกคำใต้", 3),
    "lp": ("5101", "510101", "PLO-51", "ลำไย", 4),
}
# The officer of each area, and the other users of the sweep.
OWNER = {"1001": "d1001", "1006": "d1006", "cm": "cm", "lp": "lp"}
USERS: dict[str, tuple[str, str | None]] = {
    "d1001": (Role.DISTRICT_STAFF, "BMA-D1001"),
    "d1006": (Role.DISTRICT_STAFF, "BMA-D1006"),
    "cm": (Role.PROVINCIAL_STAFF, "PLO-50"),
    "lp": (Role.PROVINCIAL_STAFF, "PLO-51"),
    "dept": (Role.DEPARTMENT_STAFF, None),
    "policy": (Role.POLICY_STAFF, None),
    "assessor": (Role.ASSESSOR, None),
    "executive": (Role.EXECUTIVE, None),
    "dpo": (Role.DPO, None),
    "admin": (Role.ADMIN, None),
}
# (viewer, area): an officer and a record that is not theirs — another district of the same city, a
# Bangkok record for a province, a province's record for Bangkok, and another province's.
FOREIGN: list[tuple[str, str]] = [
    ("d1001", "1006"),
    ("cm", "1001"),
    ("d1001", "cm"),
    ("dept", "cm"),
    ("lp", "cm"),
]


@dataclass
class Area:
    key: str
    district_code: str
    subdistrict_code: str
    word: str
    person: Person
    activity: Activity
    household: Household
    submission: Submission
    campaign_district: CampaignDistrict
    community: Community | None
    national_id: str
    phone: str

    @property
    def province_code(self) -> str:
        return self.district_code[:2]

    @property
    def markers(self) -> list[str]:
        """Strings that only this area's records carry."""
        return [
            self.word,
            self.national_id,
            format_national_id(self.national_id),
            self.phone,
            format_phone(self.phone),
        ]


@dataclass
class World:
    users: dict[str, User]
    areas: dict[str, Area]
    city_activity: Activity
    campaign: Campaign
    indicator: Indicator
    privacy_request: DataSubjectRequest
    projects: dict[str, Project] = field(default_factory=dict)
    plans: dict[str, ActionPlan] = field(default_factory=dict)

    def user(self, key: str) -> User:
        return self.users[key]

    def area(self, key: str) -> Area:
        return self.areas[key]

    def own(self, viewer: str) -> Area:
        """The area whose records ``viewer`` owns (department staff: Phra Nakhon's, in Bangkok)."""
        for key, owner in OWNER.items():
            if owner == viewer:
                return self.areas[key]
        return self.areas["1001"]


def _users(make_user: Any) -> dict[str, User]:
    users = {}
    for key, (role, unit) in USERS.items():
        extra = {"unit_code": unit} if unit else {}
        users[key] = make_user(role, username=f"sweep-{key}", **extra)
    return users


def _person(key: str, subdistrict: str, word: str, serial: int) -> Person:
    person = person_create(
        actor=None,
        fields={
            "national_id": make_national_id(f"3{serial:03d}00770{serial:03d}"),
            "title": "นาง",
            "first_name": "ทดสอบ",
            "last_name": f"ทอง{word}",
            "birth_date": dt.date(1980, 1, serial),
            "phone": f"08{serial}{serial}{serial}0{serial:04d}"[:10],
            "subdistrict_code": subdistrict,
            "house_no": f"1/{serial}",
        },
        allow_candidates=True,
    )
    moto = Occupation.objects.get(code="moto_taxi")
    PersonOccupation.objects.create(person=person, occupation=moto)
    today = timezone.localdate()
    WelfareRecord.objects.create(
        person=person,
        scheme=Scheme.objects.get(code="s40"),
        status="enrolled",
        recorded_on=today,
        source="staff_verified",
        note=f"บันทึก{word}",
    )
    ContactAttempt.objects.create(person=person, contacted_on=today, channel="phone", note=f"โทร{word}")
    Referral.objects.create(person=person, to_agency=f"สำนักงาน{word}", referred_on=today, status="sent")
    FollowUp.objects.create(
        person=person, scheme=Scheme.objects.get(code="nsf"), due_on=today, note=f"ติดตาม{word}"
    )
    return person


def build_world(make_user: Any) -> World:
    users = _users(make_user)
    today = timezone.localdate()
    campaign = campaign_create(
        actor=None,
        fields={
            "name": "การสำรวจของการตรวจขอบเขต",
            "fiscal_year": FiscalYear.current().be,
            "opens_on": today - dt.timedelta(days=10),
            "closes_on": today + dt.timedelta(days=30),
            "owner_unit": OrgUnit.objects.get(code="2400"),
        },
        occupations=list(Occupation.objects.filter(is_target_group=True)),
        targets={"1001": 10, "1006": 5, "5001": 3, "5101": 2},
    )
    city_activity = Activity.objects.create(
        title="กิจกรรมทั้งกรุงเทพฯ ของการตรวจขอบเขต",
        kind=ActivityKind.INFO_SESSION,
        held_on=today,
        fiscal_year=FiscalYear.of(today).be,
        unit=OrgUnit.objects.get(code="2400"),
        district_code="",
        province_code="10",
    )
    areas: dict[str, Area] = {}
    for key, (district, subdistrict, unit_code, word, serial) in AREAS.items():
        person = _person(key, subdistrict, word, serial)
        activity = Activity.objects.create(
            title=f"อบรม{word}",
            kind=city_activity.kind,
            held_on=today,
            fiscal_year=FiscalYear.of(today).be,
            unit=OrgUnit.objects.get(code=unit_code),
            district_code=district,
            province_code=district[:2],
        )
        Participation.objects.create(activity=activity, person=person)
        if district.startswith("10"):
            Participation.objects.create(activity=city_activity, person=person)
        community = (
            Community.objects.create(code=f"SWEEP-{district}", name=f"ชุมชน{word}", district_code=district)
            if district.startswith("10")
            else None
        )
        household = Household.objects.create(
            house_no=f"9/{word}",
            community=community,
            district_code=district,
            subdistrict_code=subdistrict,
            province_code=district[:2],
        )
        HouseholdMember.objects.create(household=household, person=person, name=person.full_name)
        HouseholdMember.objects.create(household=household, name=f"สมาชิก{word}")
        cd = campaign.districts.get(district_code=district)
        submission = submission_create(
            campaign_district=cd,
            person={
                "national_id": make_national_id(f"1{serial:03d}00880{serial:03d}"),
                "title": "นาย",
                "first_name": "ผู้ส่ง",
                "last_name": f"ส่ง{word}",
                "sex": "M",
                "phone": "",
                "house_no": "",
                "soi": "",
                "road": "",
                "subdistrict_code": subdistrict,
                "birth_date": dt.date(1990, 2, serial).isoformat(),
                "monthly_income": None,
                "has_disability": None,
            },
            occupation="moto_taxi",
            lawful_basis="consent",
            sensitive_data_consent=False,
        )
        areas[key] = Area(
            key=key,
            district_code=district,
            subdistrict_code=subdistrict,
            word=word,
            person=person,
            activity=activity,
            household=household,
            submission=submission,
            campaign_district=cd,
            community=community,
            national_id=person.national_id or "",
            phone=person.phone,
        )
    indicator = Indicator.objects.create(
        fiscal_year=FiscalYear.of(today).be,
        code="SWEEP-1",
        name="ตัวชี้วัดของการตรวจขอบเขต",
        lead_unit=OrgUnit.objects.get(code="2400"),
        unit_of_measure="groups",
        target=3,
        weight=10,
        measure_kind="live",
        live_measure="target_groups_reached",
    )
    indicator.owner_units.add(OrgUnit.objects.get(code="2400"))
    privacy_request = request_open(
        actor=users["dpo"], person=areas["1006"].person, kind="access", received_on=today
    )
    world = World(users, areas, city_activity, campaign, indicator, privacy_request)
    for unit_code in ("BMA-D1001", "BMA-D1006", "PLO-50", "PLO-51"):
        unit = OrgUnit.objects.get(code=unit_code)
        world.projects[unit_code] = Project.objects.create(
            code=f"SWEEP-{unit_code}", name=f"โครงการของ {unit_code}", owner_unit=unit, fiscal_year=2568
        )
    for unit_code in ("PLO-50", "PLO-51"):
        unit = OrgUnit.objects.get(code=unit_code)
        world.plans[unit_code] = plan_services.plan_create(
            actor=users["admin"],
            unit=unit,
            fiscal_year=2568,
            recorded_on=dt.date(2024, 10, 20),
            allocation_round1=Decimal("1000"),
            allocation_year=Decimal("2000"),
        )
    return world
