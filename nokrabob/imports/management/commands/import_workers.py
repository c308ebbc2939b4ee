"""``manage.py import_workers FILE --user NAME | --unit CODE [--mapping NAME] [--dry-run]``: the browser's
import, from a terminal.

A batch always has an owner whose office decides what it may touch: the user it runs as (``--user``), or
the office it acts for (``--unit``, audited as the command line acting for that office). Shows a progress
bar; writes the error report beside the file (``FILE.errors.csv``).

After a crash, running the same command again resumes the interrupted batch of the same file (same
content, same office) from the row after its last committed chunk; ``--rollback ID`` undoes one instead,
``--resume ID`` resumes a given one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.core.errors import DomainError
from nokrabob.core.models import OrgUnit
from nokrabob.imports import error_report, store
from nokrabob.imports.models import ImportBatch, ImportStatus, MappingTemplate
from nokrabob.imports.pipeline import CHUNK_ROWS
from nokrabob.imports.recovery import mark_interrupted_batches
from nokrabob.imports.rollback import batch_rollback
from nokrabob.imports.services import batch_create, file_digest, run_batch
from nokrabob.imports.value_map import list_unknown_values, save_value_map


class Command(BaseCommand):
    help = "นำเข้ารายชื่อแรงงานนอกระบบจากไฟล์ CSV/XLSX (Import a worker list from a CSV or XLSX file)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", default="")
        parser.add_argument("--mapping", default="", help="name of a saved column-mapping template")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--encoding", default="", choices=["", "utf-8", "utf-8-sig", "cp874"])
        parser.add_argument("--source", default="", help="where the list comes from")
        parser.add_argument("--user", default="", help="username to import as (scope and audit)")
        parser.add_argument(
            "--unit", default="", help="org-unit code to import as when no user runs it (e.g. BMA-D1001)"
        )
        parser.add_argument("--resume", type=int, default=0, help="resume this interrupted batch")
        parser.add_argument(
            "--rollback", type=int, default=0, help="roll back this batch (done or interrupted)"
        )
        parser.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS, help=argparse.SUPPRESS)
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
        found = mark_interrupted_batches()
        if found:
            self.stderr.write(f"interrupted batches found: {', '.join(map(str, found))}")
        actor, unit = self._owner(options)
        if options["rollback"]:
            self._rollback(options["rollback"], actor)
            return
        if options["resume"]:
            batch = ImportBatch.objects.filter(pk=options["resume"]).first()
            if batch is None or batch.status != ImportStatus.INTERRUPTED:
                raise CommandError(f"batch {options['resume']} is not an interrupted batch")
            self._run(batch, options, Path(batch.file_path))
            return
        if not options["file"]:
            raise CommandError("FILE is required (or --resume ID / --rollback ID)")
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        if options["value_map"]:
            try:
                saved = save_value_map(actor=actor, path=Path(options["value_map"]))
            except DomainError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(f"value map: {saved} synonyms saved")
        options["dry_run"] = options["dry_run"] or bool(options["unknown_values"])
        earlier = self._interrupted_of(path, unit, dry_run=options["dry_run"])
        if earlier is not None:
            self.stdout.write(
                f"resuming interrupted batch {earlier.pk} of this file after row {earlier.rows_committed + 1}"
            )
            self._run(earlier, options, path)
            return
        template = None
        if options["mapping"]:
            template = MappingTemplate.objects.filter(name=options["mapping"]).first()
            if template is None:
                raise CommandError(f"no mapping template {options['mapping']!r}")
        try:
            batch = batch_create(
                actor=actor,
                path=path,
                file_name=path.name,
                source_name=options["source"],
                encoding=options["encoding"],
                template=template,
                dry_run=options["dry_run"],
                unit=unit,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"encoding: {batch.encoding or '-'}  mapping: {batch.mapping}")
        self._run(batch, options, path)

    def _owner(self, options: dict[str, Any]) -> tuple[Any, OrgUnit | None]:
        """The user the batch runs as, or the office it acts for: one of them is required."""
        from nokrabob.accounts.models import User

        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"ไม่พบผู้ใช้ {options['user']!r} / no active user {options['user']!r}")
            if not actor.caps.edits_people:
                raise CommandError(f"ผู้ใช้ {actor.username} นำเข้าข้อมูลไม่ได้ / {actor.username} may not import")
            return actor, actor.unit
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"]).select_related("area").first()
            if unit is None:
                raise CommandError(f"ไม่พบหน่วยงาน {options['unit']!r} / no org unit {options['unit']!r}")
            return None, unit
        raise CommandError(
            "ต้องระบุ --user ชื่อผู้ใช้ หรือ --unit รหัสหน่วยงาน / --user NAME or --unit CODE is required: "
            "a batch belongs to an office, which decides whose records it may touch"
        )

    def _interrupted_of(self, path: Path, unit: OrgUnit | None, *, dry_run: bool) -> ImportBatch | None:
        if unit is None:
            return None
        return (
            ImportBatch.objects.filter(
                status=ImportStatus.INTERRUPTED, unit=unit, dry_run=dry_run, file_sha256=file_digest(path)
            )
            .order_by("-pk")
            .first()
        )

    def _rollback(self, pk: int, actor: Any) -> None:
        batch = ImportBatch.objects.filter(pk=pk).first()
        if batch is None:
            raise CommandError(f"no batch {pk}")
        try:
            counts = batch_rollback(actor=actor, batch=batch)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"batch {pk} rolled back: removed {counts['removed']}, restored {counts['restored']}"
        )

    def _run(self, batch: ImportBatch, options: dict[str, Any], path: Path) -> None:
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
            batch = run_batch(
                batch.pk,
                workers=options["workers"],
                on_progress=on_progress,
                chunk_rows=options["chunk_rows"],
                maintenance=bool(deferred),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        finally:
            if deferred:
                store.create_secondary_indexes(deferred)
            if bar is not None:
                bar.close()
        report = None
        if batch.rows_rejected:
            actor = batch.created_by
            full_ids = may_see_full_national_id(actor) if actor is not None else True
            report = error_report.write_csv(
                batch, path.with_name(path.name + ".errors.csv"), full_ids=full_ids
            )
            error_report.record_download(actor=actor, batch=batch, fmt="csv", full_ids=full_ids)
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
