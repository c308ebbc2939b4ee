"""manage.py rebuild_counts [--check]: recount the registry's maintained counts from the records.

The counts are kept up to date with every write (ADR 0400); this is the repair, and ``--check`` tells
whether one is needed (exit status 1 when the stored counts differ from a fresh recount)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nokrabob.registry import tallies


class Command(BaseCommand):
    help = "นับจำนวนสรุปของทะเบียนใหม่ทั้งหมดจากระเบียน / Recount the registry's maintained counts"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="เทียบอย่างเดียว ไม่เขียน / compare only, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            wrong = 0
            for model, (cells, differ) in tallies.compare().items():
                wrong += len(differ)
                self.stdout.write(f"{model.__name__}: {cells} cells, {len(differ)} differ")
            if wrong:
                self.stderr.write(f"{wrong} cells differ from a recount: run rebuild_counts")
                sys.exit(1)
            return
        written = tallies.rebuild()
        for name, total in written.items():
            self.stdout.write(f"{name}: {total} cells")
