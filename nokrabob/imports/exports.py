"""Exports of the registry list: exactly the people the list shows (``registry.selectors.person_search``),
streamed at constant memory, national IDs masked for roles that may not see them, formula injection
neutralised, every export audited."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geothai
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.thai import format_be_date
from nokrabob.imports.models import ExportJob, ImportStatus
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import mask_national_id

ITERATOR_CHUNK = 5000
# Larger XLSX exports go to the task queue; CSV always streams.
XLSX_INLINE_LIMIT = 20_000
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

FIELDS = (
    "id", "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "moo",
    "soi", "road", "subdistrict_code", "district_code", "province_code", "postal_code", "source",
    "import_batch_id",
)  # fmt: skip


def headers() -> list[str]:
    return [
        _("ลำดับในระบบ"), _("เลขประจำตัวประชาชน"), _("คำนำหน้า"), _("ชื่อ"), _("นามสกุล"), _("เพศ"),
        _("วันเกิด"), _("โทรศัพท์"), _("บ้านเลขที่"), _("หมู่ที่"), _("ซอย"), _("ถนน"), _("แขวง/ตำบล"),
        _("เขต/อำเภอ"), _("จังหวัด"), _("รหัสไปรษณีย์"), _("ที่มา"), _("ชุดการนำเข้า"),
    ]  # fmt: skip


def neutralise(value: Any) -> Any:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value and value[0] in _DANGEROUS:
        return "'" + value
    return value


def export_queryset(user: Any, params: Any) -> QuerySet[Person]:
    """The registry list's people for these GET parameters (the list's own selector)."""
    from nokrabob.registry.selectors import person_search

    return person_search(user, filters=params)


class RowFormatter:
    def __init__(self, user: Any) -> None:
        self.full_id = may_see_full_national_id(user)
        self.provinces = {p.code: p.name_th for p in geothai.provinces()}
        self.districts: dict[str, str] = {}
        self.subdistricts: dict[str, str] = {}
        self.sex = {"M": _("ชาย"), "F": _("หญิง"), "U": _("ไม่ระบุ")}
        self.sources = {"staff": _("เจ้าหน้าที่บันทึก"), "self": _("ลงทะเบียนด้วยตนเอง"),
                        "import": _("นำเข้าจากรายชื่อหน่วยงาน")}  # fmt: skip

    def _district(self, code: str) -> str:
        name = self.districts.get(code)
        if name is None:
            d = geothai.district(code) if code else None
            name = self.districts[code] = d.name_th if d else code
        return name

    def _subdistrict(self, code: str) -> str:
        name = self.subdistricts.get(code)
        if name is None:
            s = geothai.subdistrict(code) if code else None
            name = self.subdistricts[code] = s.name_th if s else code
        return name

    def row(self, r: tuple[Any, ...]) -> list[Any]:
        nid = r[1] or ""
        birth = r[6]
        n = neutralise
        return [
            r[0], nid if self.full_id else mask_national_id(nid), n(r[2]), n(r[3]), n(r[4]),
            self.sex.get(r[5], r[5]), format_be_date(birth) if birth else "", n(r[7]), n(r[8]), n(r[9]),
            n(r[10]), n(r[11]), self._subdistrict(r[12]), self._district(r[13]),
            self.provinces.get(r[14], r[14]), r[15], self.sources.get(r[16], r[16]),
            r[17] or "",
        ]  # fmt: skip


def export_rows(user: Any, queryset: QuerySet[Person]) -> Iterator[list[Any]]:
    formatter = RowFormatter(user)
    row = formatter.row
    for record in queryset.values_list(*FIELDS).iterator(chunk_size=ITERATOR_CHUNK):
        yield row(record)


def audit_export(user: Any, *, params: Any, file_format: str, rows: int) -> None:
    filters = {k: v for k, v in dict(params).items() if k not in ("format", "page")} if params else {}
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.EXPORT,
            target_type="registry.person",
            target_label=_("ส่งออกทะเบียนแรงงาน (%(fmt)s)") % {"fmt": file_format.upper()},
            changes={"format": file_format, "rows": rows, "filters": {k: str(v) for k, v in filters.items()},
                     "full_national_id": may_see_full_national_id(user)},
        )  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(user: Any, queryset: QuerySet[Person], *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel shows Thai), a few hundred rows per chunk."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow(headers())).encode("utf-8")
    buffer: list[str] = []
    for row in export_rows(user, queryset):
        buffer.append(writer.writerow(row))
        if len(buffer) >= rows_per_chunk:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def write_xlsx(user: Any, queryset: QuerySet[Person], path: Path, progress: Any = None) -> int:
    """xlsxwriter in ``constant_memory`` mode: rows go to disk as they are written."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False})  # fmt: skip
    sheet = book.add_worksheet(_("ทะเบียนแรงงาน")[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, headers(), bold)
    count = 0
    for count, row in enumerate(export_rows(user, queryset), start=1):
        sheet.write_row(count, 0, row)
        if progress is not None and count % 5000 == 0:
            progress(count)
    book.close()
    return count


def export_filename(file_format: str) -> str:
    return f"nokrabob-{dt.date.today():%Y%m%d}.{file_format}"


# ── the job for large XLSX exports ───────────────────────────────────────────────────────────────


def export_job_create(*, user: Any, query: str) -> ExportJob:
    """The job row of a large export; ``tasks.queue_export`` creates it and queues the work."""
    return ExportJob.objects.create(created_by=user, query=query[:1000], file_format="xlsx")


def run_export_job(job_id: int) -> None:
    from django.http import QueryDict

    from nokrabob.imports.services import upload_dir

    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.PENDING:
        return
    params = QueryDict(job.query)
    queryset = export_queryset(job.created_by, params)
    total = queryset.count()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, rows_total=total, started_at=timezone.now()
    )
    path = upload_dir() / f"export-{job.pk}-{uuid.uuid4().hex}.xlsx"

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=min(done, total))

    try:
        rows = write_xlsx(job.created_by, queryset, path, progress)
    except Exception:
        ExportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        raise
    audit_export(job.created_by, params=params, file_format="xlsx", rows=rows)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        rows_done=rows,
        rows_total=rows,
        file_path=str(path),
        finished_at=timezone.now(),
    )
