"""Print the address and the demo logins (what `make run` shows before the server starts)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from nokrabob.accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_code, demo_key_base32


class Command(BaseCommand):
    help = "Print the server address and the demo users with their roles."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--address", default="http://127.0.0.1:8000/")

    def handle(self, *args: object, **options: str) -> None:
        lines = [
            "",
            "  Nokrabob — ระบบฐานข้อมูลแรงงานนอกระบบ",
            f"  {options['address']}",
            f"  demo logins (password: {DEMO_PASSWORD}):",
            *(f"    {username:<12} {role.value:<18} {unit}" for username, role, unit, *_ in DEMO_USERS),
            f"  two-factor login for {', '.join(settings.TWO_FACTOR_REQUIRED_ROLES)}: add the key"
            f" {demo_key_base32()} to an authenticator app (time-based),",
            f"  or type the code of this moment: {demo_code()}"
            " (run `manage.py demo_logins` again for a new one)",
            "  background worker: running (Huey, SQLite storage in var/huey.sqlite3)",
            "",
        ]
        self.stdout.write("\n".join(lines))
