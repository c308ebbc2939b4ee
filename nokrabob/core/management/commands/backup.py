"""Back up the database and the uploaded files, with a manifest to check a restore by (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from nokrabob.core.backup import make_backup, storage


class Command(BaseCommand):
    help = (
        "Backs up the database (pg_dump, or SQLite's online backup) and the uploaded files, with every "
        "table's row count and checksum, into BACKUP_DIR (or STORAGES['dbbackup'])."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("--servername", default=None, help="name in the file names (default: host name)")
        parser.add_argument("--no-media", action="store_true", help="the database only, not MEDIA_ROOT")
        parser.add_argument(
            "--clean", action="store_true", help="then keep only the last BACKUP_KEEP backups"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        backup = make_backup(alias, servername=options["servername"], media=not options["no_media"])
        tables = backup.manifest["tables"]
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(f"database: {backup.filename} ({len(tables)} tables, {rows} rows)")
        if backup.media_filename:
            files = len(backup.manifest["media"]["files"])
            self.stdout.write(f"uploaded files: {backup.media_filename} ({files} files)")
        if options["clean"]:
            store = storage()
            store.clean_old_backups(content_type="db", database=alias, keep_number=settings.BACKUP_KEEP)
            store.clean_old_backups(content_type="media", keep_number=settings.BACKUP_KEEP)
