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
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import may_export_full_national_id, may_see_full_national_id
from nokrabob.audit.models import AuditAction
from nokrabob.audit.reads import MAX_IDS
from nokrabob.core.errors import DomainError
from nokrabob.core.outage import is_database_unavailable
from nokrabob.core.thai import format_be_date
from nokrabob.imports.models import ExportJob, ImportStatus
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import mask_national_id

ITERATOR_CHUNK = 5000
# Exports of more rows than this go to the task queue (with a progress bar); smaller ones are written at once.
INLINE_LIMIT = 20_000
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PURPOSE_MIN_LENGTH = 10

FIELDS = (
    "id", "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "moo",
    "soi", "road", "subdistrict_code", "district_code", "province_code", "postal_code", "source",
    "import_batch_id",
)  # fmt: skip
# Columns a user may leave out of a file; the record number always stays (it names the row).
OPTIONAL_COLUMNS = FIELDS[1:]
# What a new export offers ticked: the columns a district office sends to a scheme.
DEFAULT_COLUMNS = (
    "national_id", "title", "first_name", "last_name", "sex", "birth_date", "phone", "house_no", "moo",
    "soi", "road", "subdistrict_code", "district_code", "province_code", "postal_code",
)  # fmt: skip


def column_labels() -> dict[str, str]:
    return dict(zip(FIELDS, headers(), strict=True))


def headers(columns: tuple[str, ...] | list[str] | None = None) -> list[str]:
    labels = [
        _("ลำดับในระบบ"), _("เลขประจำตัวประชาชน"), _("คำนำหน้า"), _("ชื่อ"), _("นามสกุล"), _("เพศ"),
        _("วันเกิด"), _("โทรศัพท์"), _("บ้านเลขที่"), _("หมู่ที่"), _("ซอย"), _("ถนน"), _("แขวง/ตำบล"),
        _("เขต/อำเภอ"), _("จังหวัด"), _("รหัสไปรษณีย์"), _("ที่มา"), _("ชุดการนำเข้า"),
    ]  # fmt: skip
    if columns is None:
        return labels
    return [labels[FIELDS.index(c)] for c in selected(columns)]


def selected(columns: tuple[str, ...] | list[str] | None) -> list[str]:
    """The columns of a file in the table's order: the record number, then the chosen ones."""
    chosen = set(columns or OPTIONAL_COLUMNS)
    return ["id", *(c for c in OPTIONAL_COLUMNS if c in chosen)]


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
    def __init__(self, user: Any, *, full_ids: bool | None = None) -> None:
        self.full_id = may_see_full_national_id(user) if full_ids is None else full_ids
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


def export_rows(
    user: Any,
    queryset: QuerySet[Person],
    *,
    columns: tuple[str, ...] | list[str] | None = None,
    full_ids: bool | None = None,
) -> Iterator[list[Any]]:
    formatter = RowFormatter(user, full_ids=full_ids)
    row = formatter.row
    keep = [FIELDS.index(c) for c in selected(columns)] if columns is not None else None
    for record in queryset.values_list(*FIELDS).iterator(chunk_size=ITERATOR_CHUNK):
        cells = row(record)
        yield cells if keep is None else [cells[i] for i in keep]


def audit_export(
    user: Any,
    *,
    params: Any,
    file_format: str,
    rows: int,
    purpose: str = "",
    columns: list[str] | None = None,
    full_ids: bool | None = None,
    ip_address: str | None = None,
    job: int | None = None,
    people: list[int] | None = None,
) -> None:
    """One audit row per file written: who, the purpose, the filter, the columns, full IDs or not, rows."""
    from nokrabob.audit.reads import audit_read

    plain = params.dict() if hasattr(params, "dict") else dict(params or {})
    filters = {k: v for k, v in plain.items() if k not in ("format", "page")}
    extra: dict[str, Any] = {"format": file_format, "purpose": purpose}
    if columns is not None:
        extra["columns"] = selected(columns)
    if job is not None:
        extra["export_job"] = job
    with transaction.atomic():
        audit_read(
            None,
            actor=user,
            read="registry_export",
            action=AuditAction.EXPORT,
            filters=filters,
            count=rows,
            ip_address=ip_address,
            people=people,
            full_national_id=may_see_full_national_id(user) if full_ids is None else full_ids,
            **extra,
        )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(
    user: Any,
    queryset: QuerySet[Person],
    *,
    rows_per_chunk: int = 500,
    columns: tuple[str, ...] | list[str] | None = None,
    full_ids: bool | None = None,
) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel shows Thai), a few hundred rows per chunk."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow(headers(columns))).encode("utf-8")
    buffer: list[str] = []
    for row in export_rows(user, queryset, columns=columns, full_ids=full_ids):
        buffer.append(writer.writerow(row))
        if len(buffer) >= rows_per_chunk:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def write_csv(
    user: Any,
    queryset: QuerySet[Person],
    path: Path,
    progress: Any = None,
    *,
    columns: tuple[str, ...] | list[str] | None = None,
    full_ids: bool | None = None,
) -> int:
    """The CSV file for Excel (UTF-8 with a BOM); returns the number of rows."""
    writer = csv.writer(_Echo())
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(writer.writerow(headers(columns)))
        for count, row in enumerate(export_rows(user, queryset, columns=columns, full_ids=full_ids), start=1):
            out.write(writer.writerow(row))
            if progress is not None and count % 5000 == 0:
                progress(count)
    return count


def write_xlsx(
    user: Any,
    queryset: QuerySet[Person],
    path: Path,
    progress: Any = None,
    *,
    columns: tuple[str, ...] | list[str] | None = None,
    full_ids: bool | None = None,
) -> int:
    """xlsxwriter in ``constant_memory`` mode: rows go to disk as they are written."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False})  # fmt: skip
    sheet = book.add_worksheet(_("ทะเบียนแรงงาน")[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, headers(columns), bold)
    count = 0
    for count, row in enumerate(export_rows(user, queryset, columns=columns, full_ids=full_ids), start=1):
        sheet.write_row(count, 0, row)
        if progress is not None and count % 5000 == 0:
            progress(count)
    book.close()
    return count


def export_filename(file_format: str) -> str:
    return f"nokrabob-{dt.date.today():%Y%m%d}.{file_format}"


# ── the export page's jobs ───────────────────────────────────────────────────────────────────────


def retention() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "EXPORT_RETENTION_HOURS", 24)))


def export_job_create(
    *,
    user: Any,
    query: str,
    file_format: str,
    columns: list[str],
    full_ids: bool,
    purpose: str,
    ip_address: str | None = None,
) -> ExportJob:
    """The job of one export asked for on the page. Full IDs only where the role may export them."""
    if file_format not in ("csv", "xlsx"):
        raise DomainError(_("เลือกรูปแบบไฟล์ CSV หรือ XLSX"), field="file_format")
    purpose = " ".join(purpose.split())
    if len(purpose) < PURPOSE_MIN_LENGTH:
        raise DomainError(
            _("โปรดระบุวัตถุประสงค์ของการส่งออกอย่างน้อย %(n)s ตัวอักษร") % {"n": PURPOSE_MIN_LENGTH},
            field="purpose",
        )
    if full_ids and not may_export_full_national_id(user):
        raise DomainError(_("บทบาทของท่านส่งออกเลขประจำตัวประชาชนเต็มไม่ได้"), field="full_national_id")
    unknown = [c for c in columns if c not in OPTIONAL_COLUMNS]
    if unknown or not columns:
        raise DomainError(_("เลือกคอลัมน์อย่างน้อยหนึ่งคอลัมน์จากรายการ"), field="columns")
    return ExportJob.objects.create(
        created_by=user,
        query=query[:1000],
        file_format=file_format,
        columns=selected(columns)[1:],
        full_national_id=full_ids,
        purpose=purpose[:1000],
        requested_from=ip_address,
    )


def run_export_job(job_id: int, *, retry: bool = False) -> None:
    """Write the job's file. On a failure no partial file stays: the job says so and may be asked again.

    The job is claimed once (pending → running). ``retry``: the task's run again after the database went
    away, which takes over the job its failed attempt left running and writes the file afresh.
    """
    from django.http import QueryDict

    from nokrabob.imports.services import upload_dir

    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    claimable = (ImportStatus.PENDING, ImportStatus.RUNNING) if retry else (ImportStatus.PENDING,)
    if job.status not in claimable:
        return
    params = QueryDict(job.query)
    queryset = export_queryset(job.created_by, params)
    total = queryset.count()
    claimed = ExportJob.objects.filter(pk=job.pk, status__in=claimable).update(
        status=ImportStatus.RUNNING, rows_total=total, rows_done=0, started_at=timezone.now()
    )
    if not claimed:
        return
    path = upload_dir() / f"export-{job.pk}-{uuid.uuid4().hex}.{job.file_format}"

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=min(done, total))

    writer = write_xlsx if job.file_format == "xlsx" else write_csv
    try:
        rows = writer(
            job.created_by, queryset, path, progress, columns=job.columns, full_ids=job.full_national_id
        )
    except Exception as exc:
        path.unlink(missing_ok=True)
        if is_database_unavailable(exc):
            raise  # the job stays running; the task's retry takes it over (``retry``)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            error=_("เขียนไฟล์ไม่สำเร็จ โปรดส่งออกอีกครั้ง หากยังไม่สำเร็จ แจ้งผู้ดูแลระบบ"),
        )
        raise
    finished = timezone.now()
    # A file of a few hundred people names them in the trail; a larger one is named by its filter, which the
    # "who saw this person" report matches against the person (nokrabob.audit.selectors).
    people = list(queryset.values_list("pk", flat=True)[: MAX_IDS + 1]) if rows <= MAX_IDS else None
    with transaction.atomic():
        audit_export(
            job.created_by,
            params=params,
            file_format=job.file_format,
            rows=rows,
            purpose=job.purpose,
            columns=job.columns,
            full_ids=job.full_national_id,
            ip_address=job.requested_from,
            job=job.pk,
            people=people,
        )
        ExportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            rows_done=rows,
            rows_total=rows,
            file_path=str(path),
            finished_at=finished,
            expires_at=finished + retention(),
        )


def purge_exports(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete export files past their expiry (the job row stays, marked as removed); returns how many.

    A job still pending or running long after it should have ended (a worker that died) is marked failed.
    """
    now = now or timezone.now()
    due = ExportJob.objects.filter(expires_at__lte=now, purged_at__isnull=True)
    count = 0
    for job in due.iterator():
        count += 1
        if dry_run:
            continue
        if job.file_path:
            Path(job.file_path).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(purged_at=now, file_path="")
    stale = ExportJob.objects.filter(
        status__in=(ImportStatus.PENDING, ImportStatus.RUNNING), created_at__lte=now - retention()
    )
    if not dry_run:
        stale.update(status=ImportStatus.FAILED, finished_at=now, error=_("การส่งออกหยุดกลางคัน โปรดส่งออกอีกครั้ง"))
    return count
