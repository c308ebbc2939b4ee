"""``manage.py export_workers FILE --user NAME [--format csv|xlsx] [--filter key=value ...]``.

The registry list's export from a terminal: the same selector, scope, masking and audit as the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from nokrabob.imports import exports


class Command(BaseCommand):
    help = "ส่งออกทะเบียนแรงงานเป็น CSV/XLSX (Export the registry to CSV or XLSX)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="export as this user (scope, masking, audit)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="")
        parser.add_argument("--filter", action="append", default=[], help="a registry-list filter, key=value")

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
        queryset = exports.export_queryset(user, params)
        if fmt == "csv":
            rows = -1  # the header
            with path.open("wb") as out:
                for chunk in exports.csv_chunks(user, queryset):
                    rows += chunk.count(b"\n")
                    out.write(chunk)
        else:
            rows = exports.write_xlsx(user, queryset, path)
        exports.audit_export(user, params=params, file_format=fmt, rows=rows)
        self.stdout.write(f"{rows} rows → {path}")
