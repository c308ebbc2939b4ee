"""Compare a database with a backup's manifest: every table's row count and checksum, the audit trail's head
and chain, the uploaded files (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nokrabob.core.backup import latest_backup, read_manifest, verify_against


class Command(BaseCommand):
    help = (
        "Compares the database (and MEDIA_ROOT) with a backup's manifest: every table's row count and "
        "checksum, the audit trail and the files; exits 1 and names each difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="database alias to check")
        parser.add_argument("--input-filename", default=None, help="the backup's file name (default: latest)")
        parser.add_argument("--no-media", action="store_true", help="the database only, not MEDIA_ROOT")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        try:
            filename = options["input_filename"] or latest_backup()
            manifest = read_manifest(filename)
        except Exception as exc:
            raise CommandError(f"no backup manifest to compare with: {exc}") from exc
        check = verify_against(manifest, alias, media=not options["no_media"])
        if not check.ok:
            raise CommandError(f"differs from {filename}:\n" + "\n".join(check.problems))
        self.stdout.write(
            f"same as {filename}: {check.tables} tables, {check.rows} rows, counts and checksums equal; "
            "audit trail intact"
        )
