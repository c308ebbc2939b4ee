"""Restore a backup made by ``manage.py backup``, then check it against its manifest (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nokrabob.core.backup import latest_backup, restore_backup, verify_against


class Command(BaseCommand):
    help = (
        "Restores a backup (the latest unless --input-filename) into the database and MEDIA_ROOT, then "
        "compares every table's row count and checksum, the audit trail and the files with the backup's "
        "manifest; exits 1 on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="database alias to restore into")
        parser.add_argument("--input-filename", default=None, help="the backup's file name (default: latest)")
        parser.add_argument("--no-media", action="store_true", help="the database only, not MEDIA_ROOT")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        media = not options["no_media"]
        try:
            filename = options["input_filename"] or latest_backup()
        except Exception as exc:  # dbbackup says "no backup file" in its own exception types
            raise CommandError(f"no backup to restore: {exc}") from exc
        if options["interactive"]:
            answer = input(f"Replace the database '{alias}' with {filename}? Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled")
        try:
            manifest = restore_backup(filename, alias, media=media)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {filename}")
        check = verify_against(manifest, alias, media=media)
        if not check.ok:
            raise CommandError("the restore differs from the backup:\n" + "\n".join(check.problems))
        self.stdout.write(
            f"verified: {check.tables} tables, {check.rows} rows, counts and checksums as in the backup; "
            "audit trail intact"
        )
