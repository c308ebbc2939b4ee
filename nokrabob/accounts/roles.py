"""The roles and what each may do. One table, read by the scope rule and by the pages.

Reach (which records of people a role may read):
- ``ALL``: every record in the country;
- ``BANGKOK``: every record in Bangkok;
- ``OWN_DISTRICT``: the records of the user's district office's district;
- ``OWN_PROVINCE``: the records of the user's provincial labour office's province;
- ``ALL_PROVINCES``: every record outside Bangkok (the provincial network);
- ``NONE``: no personal records at all (aggregates only).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.db import models
from django.utils.translation import gettext_lazy as _

from nokrabob.core.models import UnitKind


class Role(models.TextChoices):
    ADMIN = "admin", _("ผู้ดูแลระบบ")
    DEPARTMENT_STAFF = "department_staff", _("เจ้าหน้าที่สำนักพัฒนาสังคม")
    DISTRICT_STAFF = "district_staff", _("เจ้าหน้าที่สำนักงานเขต")
    PROVINCIAL_STAFF = "provincial_staff", _("เจ้าหน้าที่สำนักงานแรงงานจังหวัด")
    POLICY_STAFF = "policy_staff", _("เจ้าหน้าที่สำนักงานนโยบายแรงงานนอกระบบ")
    ASSESSOR = "assessor", _("ผู้ประเมิน (สยป.)")
    EXECUTIVE = "executive", _("ผู้บริหาร")
    DPO = "dpo", _("เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล")


class Reach(Enum):
    ALL = "all"
    BANGKOK = "bangkok"
    OWN_DISTRICT = "own_district"
    OWN_PROVINCE = "own_province"
    ALL_PROVINCES = "all_provinces"
    NONE = "none"


@dataclass(frozen=True)
class Capabilities:
    reach: Reach
    sees_full_national_id: bool
    edits_people: bool
    manages_users: bool = False
    records_assessments: bool = False
    reads_audit: bool = False
    unit_kinds: tuple[str, ...] = ()  # the kinds of unit a user of this role may belong to; () = any


CAPABILITIES: dict[str, Capabilities] = {
    Role.ADMIN: Capabilities(
        Reach.ALL,
        sees_full_national_id=True,
        edits_people=True,
        manages_users=True,
        reads_audit=True,
    ),
    Role.DEPARTMENT_STAFF: Capabilities(
        Reach.BANGKOK,
        sees_full_national_id=True,
        edits_people=True,
        unit_kinds=(UnitKind.BMA_DEPARTMENT, UnitKind.CITY),
    ),
    Role.DISTRICT_STAFF: Capabilities(
        Reach.OWN_DISTRICT,
        sees_full_national_id=True,
        edits_people=True,
        unit_kinds=(UnitKind.DISTRICT_OFFICE,),
    ),
    Role.PROVINCIAL_STAFF: Capabilities(
        Reach.OWN_PROVINCE,
        sees_full_national_id=True,
        edits_people=True,
        unit_kinds=(UnitKind.PROVINCIAL_LABOUR_OFFICE,),
    ),
    Role.POLICY_STAFF: Capabilities(
        Reach.ALL_PROVINCES,
        sees_full_national_id=False,
        edits_people=False,
        unit_kinds=(UnitKind.POLICY_OFFICE, UnitKind.MINISTRY),
    ),
    Role.ASSESSOR: Capabilities(
        Reach.ALL,
        sees_full_national_id=False,
        edits_people=False,
        records_assessments=True,
    ),
    Role.EXECUTIVE: Capabilities(Reach.NONE, sees_full_national_id=False, edits_people=False),
    Role.DPO: Capabilities(
        Reach.ALL,
        sees_full_national_id=True,
        edits_people=False,
        reads_audit=True,
    ),
}


def capabilities(role: str) -> Capabilities:
    return CAPABILITIES[role]
