"""Check the audit trail's hash chain: ``chain intact``, or the first broken row (id and time) and exit 1."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nokrabob.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Checks the audit trail's hash chain and reports the first broken row."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            why = "its fields no longer match its hash" if report.reason == "hash" else ""
            why = why or "it does not follow the row before it"
            raise CommandError(
                f"chain broken at audit event {report.broken_id} ({report.broken_at:%Y-%m-%d %H:%M:%S %Z}): "
                f"{why}"
                f"; {report.checked} rows before it intact"
            )
        self.stdout.write(
            f"chain intact: {report.checked} rows; last id {report.head_id}, hash {report.head_hash}"
        )
