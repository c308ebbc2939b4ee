"""``manage.py import_workers FILE [--mapping NAME] [--dry-run]``: the browser's import, from a terminal.

Shows a progress bar; writes the error report beside the file (``FILE.errors.csv``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from nokrabob.core.errors import DomainError
from nokrabob.imports import error_report, store
from nokrabob.imports.models import ImportStatus, MappingTemplate
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.value_map import list_unknown_values, save_value_map


class Command(BaseCommand):
    help = "นำเข้ารายชื่อแรงงานนอกระบบจากไฟล์ CSV/XLSX (Import a worker list from a CSV or XLSX file)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--mapping", default="", help="name of a saved column-mapping template")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--encoding", default="", choices=["", "utf-8", "utf-8-sig", "cp874"])
        parser.add_argument("--source", default="", help="where the list comes from")
        parser.add_argument("--user", default="", help="username to import as (scope and audit)")
        parser.add_argument("--workers", type=int, default=1, help="helper processes for normalising")
        parser.add_argument(
            "--defer-indexes",
            action="store_true",
            help="drop the person table's plain indexes during the load and rebuild them after "
            "(for a first load into an empty or small registry)",
        )
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--unknown-values", nargs="?", const="-", default="", metavar="OUT.csv",
            help="list the occupation and scheme values no synonym maps, with their row counts, as CSV "
            "(kind,text,code,rows) to stdout or OUT.csv; implies --dry-run",
        )  # fmt: skip
        parser.add_argument(
            "--value-map", default="", metavar="MAP.csv",
            help="CSV of kind,text,code: save these synonyms (all or none) before reading the file",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        actor = None
        if options["user"]:
            from nokrabob.accounts.models import User

            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no user {options['user']!r}")
        if options["value_map"]:
            try:
                saved = save_value_map(actor=actor, path=Path(options["value_map"]))
            except DomainError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(f"value map: {saved} synonyms saved")
        options["dry_run"] = options["dry_run"] or bool(options["unknown_values"])
        template = None
        if options["mapping"]:
            template = MappingTemplate.objects.filter(name=options["mapping"]).first()
            if template is None:
                raise CommandError(f"no mapping template {options['mapping']!r}")
        try:
            batch = batch_create(
                actor=actor, path=path, file_name=path.name, source_name=options["source"],
                encoding=options["encoding"], template=template, dry_run=options["dry_run"],
            )  # fmt: skip
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"encoding: {batch.encoding or '-'}  mapping: {batch.mapping}")
        bar = None if options["no_progress"] else tqdm(total=0, unit="row", unit_scale=True, file=self.stderr)

        def on_progress(counts: Any, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.update(counts.done - bar.n)
                bar.set_postfix(rejected=counts.rejected, refresh=False)

        deferred: list[tuple[str, str]] = []
        if options["defer_indexes"] and not options["dry_run"]:
            deferred = store.drop_secondary_indexes()
        try:
            batch = run_batch(batch.pk, workers=options["workers"], on_progress=on_progress)
        finally:
            if deferred:
                store.create_secondary_indexes(deferred)
            if bar is not None:
                bar.close()
        report = None
        if batch.rows_rejected:
            report = error_report.write_csv(batch, path.with_name(path.name + ".errors.csv"))
        self.stdout.write(
            f"batch {batch.pk} {batch.status}{' (dry run)' if batch.dry_run else ''}: "
            f"rows {batch.rows_done}, "
            f"created {batch.rows_created}, updated {batch.rows_updated}, unchanged {batch.rows_unchanged}, "
            f"rejected {batch.rows_rejected} (duplicates in file {batch.rows_duplicate}), "
            f"to review {batch.rows_review}"
        )
        if report:
            self.stdout.write(f"error report: {report}")
        if options["unknown_values"]:
            list_unknown_values(batch, options["unknown_values"], self.stdout)
        if batch.status != ImportStatus.DONE:
            raise CommandError(batch.failure or str(batch.status))
