"""``manage.py purge_exports [--dry-run]``: delete exported files past their expiry, now.

The task queue does the same every hour (``tasks.purge_exports_task``); this command is for cron on a machine
without the worker. The job rows stay (who exported what, for the export page's list); their files go.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nokrabob.imports.exports import purge_exports


class Command(BaseCommand):
    help = "ลบไฟล์ส่งออกที่หมดอายุ (Delete exported files past their expiry)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_exports(dry_run=options["dry_run"])
        prefix = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"{prefix} {count} expired export file(s)")
