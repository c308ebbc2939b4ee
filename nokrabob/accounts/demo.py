"""Demo users, one per role, all with the password printed by ``make run``.

The roles that require two-factor login (admin, dpo) get an authenticator with a published demo key:
``manage.py demo_logins`` prints the key (to add to an authenticator app) and the code of the moment.
Demo data only: ``load_demo`` is never run in production (docs/deploy.md).
"""

from __future__ import annotations

from typing import IO

from django_otp.plugins.otp_totp.models import TOTPDevice

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.accounts.services import unit_by_code, user_create
from nokrabob.accounts.twofactor import APP_DEVICE, requires_two_factor
from nokrabob.core.reference import (
    POLICY_OFFICE_CODE,
    SOCIAL_DEVELOPMENT_CODE,
    STRATEGY_EVALUATION_CODE,
    district_office_code,
    provincial_labour_office_code,
)

DEMO_PASSWORD = "nokrabob-demo"  # noqa: S105 - demo data only, printed by make run
# 20 bytes, hex, as django-otp stores TOTP keys; its base32 form is printed by demo_logins.
DEMO_TOTP_KEY = "4e6f6b7261626f622d64656d6f2d746f74702121"

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
        user = User.objects.filter(username=username).first() or user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            unit=unit_by_code(unit_code),
            first_name=first,
            last_name=last,
        )
        # Also for a demo loaded before two-factor login existed (``load_demo --force``).
        if requires_two_factor(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=APP_DEVICE, key=DEMO_TOTP_KEY, confirmed=True)
    stdout.write(f"demo users: {len(DEMO_USERS)}")


def demo_code() -> str:
    """The code an authenticator app set up with the demo key shows now."""
    import time
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(DEMO_TOTP_KEY))
    totp.time = time.time()
    return f"{totp.token():06d}"


def demo_key_base32() -> str:
    from base64 import b32encode
    from binascii import unhexlify

    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()
