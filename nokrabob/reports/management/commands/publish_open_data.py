"""manage.py publish_open_data [DIR]: write the open-data files (CSV, JSON, metadata.json) into DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nokrabob.reports.models import PublicationTrigger
from nokrabob.reports.services import open_data_dir, publish_open_data


class Command(BaseCommand):
    help = "เผยแพร่ข้อมูลสถิติรวม (ปกปิดค่าน้อยกว่า 5) เป็น CSV/JSON พร้อม metadata.json / Publish the open data"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", help="โฟลเดอร์ปลายทาง (ค่าเริ่มต้น OPEN_DATA_DIR)")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"]) if options["directory"] else open_data_dir()
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} ไม่ใช่โฟลเดอร์ / is not a directory")
        try:
            publication = publish_open_data(directory, trigger=PublicationTrigger.COMMAND)
        except OSError as exc:
            raise CommandError(f"เขียนไฟล์ไม่ได้ / cannot write: {exc}") from exc
        self.stdout.write(
            f"{publication.rows} rows, {publication.suppressed_cells} cells suppressed → {directory}"
        )
