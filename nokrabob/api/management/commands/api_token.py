"""``manage.py api_token USERNAME [--label L]``: a new API token for an existing user; the key is printed on
the last line (for scripts and tests) and cannot be shown again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nokrabob.accounts.models import User
from nokrabob.api.services import token_issue


class Command(BaseCommand):
    help = "สร้างกุญแจ API ให้ผู้ใช้ (แสดงครั้งเดียวที่บรรทัดสุดท้าย) / Create an API token for a user"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"ไม่พบผู้ใช้ที่ใช้งานอยู่ชื่อ {options['username']} / no such active user")
        _token, key = token_issue(actor=None, user=user, label=options["label"])
        self.stdout.write("กุญแจนี้แสดงครั้งเดียว เก็บไว้ให้ปลอดภัย / Shown once: keep it safe.")
        self.stdout.write(key)
