"""Print the address and the demo logins (what `make run` shows before the server starts)."""

from django.core.management.base import BaseCommand

from nokrabob.accounts.demo import DEMO_PASSWORD, DEMO_USERS


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
            "  background worker: running (Huey, SQLite storage in var/huey.sqlite3)",
            "",
        ]
        self.stdout.write("\n".join(lines))
