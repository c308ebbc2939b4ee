"""Create a user from a script.

    python manage.py create_user somchai --role district_staff --unit BMA-D1001 \
        --first-name สมชาย --last-name ใจดี --password-env NEW_USER_PASSWORD

The password is read from the environment variable named by --password-env (so it stays out of the
shell history), or asked for interactively. Roles: admin, department_staff, district_staff,
provincial_staff, policy_staff, assessor, executive, dpo. Unit codes: see the org-unit admin page
(e.g. 2400 = สพส., BMA-D1001 = สำนักงานเขตพระนคร, PLO-50 = สำนักงานแรงงานจังหวัดเชียงใหม่).
"""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from nokrabob.accounts.roles import Role
from nokrabob.accounts.services import unit_by_code, user_create
from nokrabob.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a user with a role and an org unit (see the module docstring)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", default="", help="org unit code, e.g. BMA-D1001")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--position", default="")
        parser.add_argument("--password-env", default="", help="read the password from this variable")

    def handle(self, *args: object, **opts: str) -> None:
        try:
            unit = unit_by_code(opts["unit"]) if opts["unit"] else None
            if opts["password_env"]:
                password = os.environ.get(opts["password_env"], "")
                if not password:
                    raise CommandError(f"ตัวแปร {opts['password_env']} ว่าง / {opts['password_env']} is empty")
            else:
                password = getpass.getpass("Password: ")
            user = user_create(
                actor=None,
                username=opts["username"],
                password=password,
                role=opts["role"],
                unit=unit,
                first_name=opts["first_name"],
                last_name=opts["last_name"],
                email=opts["email"],
                position=opts["position"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"created {user.username} ({user.role}, {unit.code if unit else '-'})")
