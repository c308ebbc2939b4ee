"""``manage.py export_workers FILE --user NAME --purpose TEXT [--format csv|xlsx] [--filter key=value ...]``.

The registry list's export from a terminal: the same selector, scope, masking and audit (with the stated
purpose) as the export page. National IDs are in full only for roles that may export them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from nokrabob.accounts.scope import may_export_full_national_id
from nokrabob.imports import exports


class Command(BaseCommand):
    help = "ส่งออกทะเบียนแรงงานเป็น CSV/XLSX (Export the registry to CSV or XLSX)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="export as this user (scope, masking, audit)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="")
        parser.add_argument("--filter", action="append", default=[], help="a registry-list filter, key=value")
        parser.add_argument(
            "--purpose", required=True, help="why the list is exported (kept in the audit trail)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from nokrabob.accounts.models import User

        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        path = Path(options["file"])
        fmt = options["format"] or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
        params = QueryDict(mutable=True)
        for item in options["filter"]:
            key, _sep, value = item.partition("=")
            params[key] = value
        purpose = " ".join(options["purpose"].split())
        if len(purpose) < exports.PURPOSE_MIN_LENGTH:
            raise CommandError(f"--purpose: at least {exports.PURPOSE_MIN_LENGTH} characters")
        full_ids = may_export_full_national_id(user)
        queryset = exports.export_queryset(user, params)
        writer = exports.write_xlsx if fmt == "xlsx" else exports.write_csv
        rows = writer(user, queryset, path, full_ids=full_ids)
        exports.audit_export(
            user, params=params, file_format=fmt, rows=rows, purpose=purpose, full_ids=full_ids
        )
        self.stdout.write(f"{rows} rows → {path}")
