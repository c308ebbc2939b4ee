"""Demo users, one per role, all with the password printed by ``make run``."""

from __future__ import annotations

from typing import IO

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.accounts.services import unit_by_code, user_create
from nokrabob.core.reference import (
    POLICY_OFFICE_CODE,
    SOCIAL_DEVELOPMENT_CODE,
    STRATEGY_EVALUATION_CODE,
    district_office_code,
    provincial_labour_office_code,
)

DEMO_PASSWORD = "nokrabob-demo"  # noqa: S105 - demo data only, printed by make run

DEMO_USERS = [
    ("admin", Role.ADMIN, SOCIAL_DEVELOPMENT_CODE, "ผู้ดูแล", "ระบบ"),
    ("sps", Role.DEPARTMENT_STAFF, SOCIAL_DEVELOPMENT_CODE, "สมศรี", "พัฒนาสังคม"),
    ("phranakhon", Role.DISTRICT_STAFF, district_office_code("1001"), "สมชาย", "ใจดี"),
    ("bangkapi", Role.DISTRICT_STAFF, district_office_code("1006"), "วิไล", "รักงาน"),
    ("chiangmai", Role.PROVINCIAL_STAFF, provincial_labour_office_code("50"), "ประเสริฐ", "แรงงานดี"),
    ("policy", Role.POLICY_STAFF, POLICY_OFFICE_CODE, "นงลักษณ์", "นโยบาย"),
    ("assessor", Role.ASSESSOR, STRATEGY_EVALUATION_CODE, "ธนพล", "ประเมินผล"),
    ("executive", Role.EXECUTIVE, SOCIAL_DEVELOPMENT_CODE, "ผู้บริหาร", "กรุงเทพฯ"),
    ("dpo", Role.DPO, SOCIAL_DEVELOPMENT_CODE, "ปกป้อง", "ข้อมูล"),
]


def load(stdout: IO[str]) -> None:
    for username, role, unit_code, first, last in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            unit=unit_by_code(unit_code),
            first_name=first,
            last_name=last,
        )
    stdout.write(f"demo users: {len(DEMO_USERS)}")
