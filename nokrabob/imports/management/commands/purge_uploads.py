"""``manage.py purge_uploads [--dry-run]``: delete uploaded lists that are no longer needed, now.

The task queue does the same every hour (``tasks.purge_uploads_task``); this command is for cron on a
machine without the worker, and for repair (e.g. after changing ``IMPORTS_UPLOAD_RETENTION_DAYS``).
See ``nokrabob.imports.cleanup`` for what goes and what stays.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nokrabob.imports.cleanup import purge_uploads


class Command(BaseCommand):
    help = (
        "ลบไฟล์รายชื่อที่อัปโหลดซึ่งถูกปฏิเสธ ถูกทิ้งไว้ หรือเกินระยะเวลาการเก็บรักษา "
        "(Delete uploaded lists that were refused, abandoned or kept past their retention)"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would go, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        result = purge_uploads(dry_run=options["dry_run"])
        prefix = "would delete — " if options["dry_run"] else "deleted — "
        self.stdout.write(prefix + str(result))
        for pk in result.abandoned:
            self.stdout.write(f"  batch {pk}: abandoned before its mapping was finished (cancelled)")
        for pk in result.expired:
            self.stdout.write(f"  batch {pk}: finished, past the retention period")
        for name in result.orphans:
            self.stdout.write(f"  file {name}: no batch uses it")
