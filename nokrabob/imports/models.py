"""Import batches and what they leave behind.

Every person created or updated by an import knows its batch (``Person.import_batch``). A batch keeps what
it needs to be undone: the people it updated are snapshotted (``ImportSnapshot``) before the change, the
people it created are those still pointing at it without a snapshot. Rejected rows are kept with their
original values and reasons (``ImportRowError``) for the error report; sound-alike rows wait in
``ImportReviewItem`` for a person to decide.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.scope import ScopePaths
from nokrabob.core.models import TimeStampedModel


def batch_marker(batch_id: int) -> str:
    """The note on the occupation and welfare records a batch adds (rolling the batch back removes the
    records that carry it), always in the site's language so that it reads the same whoever wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(_("นำเข้าชุดที่ %(id)s") % {"id": batch_id})


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("รอดำเนินการ")
    RUNNING = "running", _("กำลังนำเข้า")
    DONE = "done", _("เสร็จสิ้น")
    FAILED = "failed", _("ล้มเหลว")
    CANCELLED = "cancelled", _("ยกเลิก")
    ROLLED_BACK = "rolled_back", _("ย้อนกลับแล้ว")
    INTERRUPTED = "interrupted", _("หยุดกลางคัน")


class FileKind(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ImportBatch(TimeStampedModel):
    """One file brought into the registry (or a dry run of it)."""

    source_name = models.CharField(_("แหล่งข้อมูล"), max_length=200, blank=True)
    file_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("หน่วยงาน"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้นำเข้า"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    dry_run = models.BooleanField(_("ทดลองนำเข้า"), default=False)
    rows_total = models.PositiveIntegerField(_("จำนวนแถวทั้งหมด"), default=0)
    rows_done = models.PositiveIntegerField(_("แถวที่ประมวลผลแล้ว"), default=0)
    rows_created = models.PositiveIntegerField(_("สร้างใหม่"), default=0)
    rows_updated = models.PositiveIntegerField(_("ปรับปรุง"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("ไม่เปลี่ยนแปลง"), default=0)
    rows_rejected = models.PositiveIntegerField(_("ถูกปฏิเสธ"), default=0)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)

    # Added with the import pipeline.
    file_path = models.CharField(_("ไฟล์ที่อัปโหลด"), max_length=500, blank=True)
    file_kind = models.CharField(_("ชนิดไฟล์"), max_length=8, choices=FileKind.choices, default=FileKind.CSV)
    encoding = models.CharField(_("การเข้ารหัสอักขระ"), max_length=20, blank=True)
    mapping = models.JSONField(_("การจับคู่คอลัมน์"), default=dict, blank=True)
    template = models.ForeignKey(
        "imports.MappingTemplate",
        verbose_name=_("แม่แบบการจับคู่"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="batches",
    )
    dry_run_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    rows_review = models.PositiveIntegerField(_("รอตรวจสอบซ้ำ"), default=0)
    rows_duplicate = models.PositiveIntegerField(_("ซ้ำในไฟล์"), default=0)
    started_at = models.DateTimeField(_("เริ่มเมื่อ"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("ขอยกเลิก"), default=False)
    failure = models.TextField(_("สาเหตุที่ล้มเหลว"), blank=True)
    rolled_back_at = models.DateTimeField(_("ย้อนกลับเมื่อ"), null=True, blank=True)

    # Crash safety (ADR 0308): each chunk commits its rows with the batch's counts and ``rows_committed``,
    # so a batch whose process died is found by its worker and heartbeat, and resumed after that row.
    rows_committed = models.PositiveIntegerField(_("แถวที่บันทึกแล้ว"), default=0)
    start_max_id = models.BigIntegerField(default=0, editable=False)
    worker_host = models.CharField(max_length=255, blank=True, editable=False)
    worker_pid = models.PositiveIntegerField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # Kept from the file when the batch is created, so that its pages never read the file again
    # (``readers.Summary``); the preview holds personal data and is emptied with the file.
    headers = models.JSONField(_("หัวตาราง"), default=list, blank=True, editable=False)
    preview = models.JSONField(_("ตัวอย่างแถวแรก"), default=list, blank=True, editable=False)
    rows_estimate = models.PositiveIntegerField(_("จำนวนแถวโดยประมาณ"), default=0, editable=False)
    # When the app stopped keeping the uploaded file (``cleanup.purge_uploads``): the batch row, its counts
    # and its error report stay. A file given on the command line is the operator's and is left in place.
    file_removed_at = models.DateTimeField(_("ลบไฟล์ที่อัปโหลดเมื่อ"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ชุดการนำเข้า")
        verbose_name_plural = _("ชุดการนำเข้า")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("rows_total")) | models.Q(rows_total=0),
                name="importbatch_done_le_total",
            )
        ]

    @property
    def encoding_label(self) -> str:
        """The CSV's encoding as a person calls it ("UTF-8 (Excel)", "Windows-874 (ภาษาไทย)")."""
        from nokrabob.imports.readers import ENCODINGS

        return str(ENCODINGS.get(self.encoding, self.encoding))

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def may_resume(self) -> bool:
        return self.status == ImportStatus.INTERRUPTED

    @property
    def may_roll_back(self) -> bool:
        return not self.dry_run and self.status in (ImportStatus.DONE, ImportStatus.INTERRUPTED)

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def seconds_left(self) -> int | None:
        """Time left from the rate so far (None until there is a rate to go by)."""
        if self.status != ImportStatus.RUNNING or not self.started_at or not self.rows_done:
            return None
        from django.utils import timezone

        elapsed = (timezone.now() - self.started_at).total_seconds()
        rate = self.rows_done / max(elapsed, 0.001)
        return max(0, round((self.rows_total - self.rows_done) / rate))


class MappingTemplate(TimeStampedModel):
    """A saved column mapping for one source, e.g. the Department of Land Transport's list."""

    name = models.CharField(_("ชื่อแม่แบบ"), max_length=200, unique=True)
    source_name = models.CharField(_("แหล่งข้อมูล"), max_length=200, blank=True)
    # {target field: header text as it appears in the file}
    columns = models.JSONField(_("คอลัมน์"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("แม่แบบการจับคู่คอลัมน์")
        verbose_name_plural = _("แม่แบบการจับคู่คอลัมน์")

    def __str__(self) -> str:
        return self.name


class SynonymKind(models.TextChoices):
    OCCUPATION = "occupation", _("อาชีพ")
    SCHEME = "scheme", _("สวัสดิการ")


class ValueSynonym(models.Model):
    """A way a sender writes an occupation or a scheme, and the catalogue code it means (editable)."""

    kind = models.CharField(_("ประเภท"), max_length=20, choices=SynonymKind.choices)
    text = models.CharField(_("คำที่พบในไฟล์"), max_length=200)
    code = models.CharField(_("รหัสในระบบ"), max_length=40)

    class Meta:
        ordering = ["kind", "text"]
        verbose_name = _("คำพ้องความหมาย")
        verbose_name_plural = _("คำพ้องความหมาย")
        constraints = [models.UniqueConstraint(fields=["kind", "text"], name="synonym_once")]

    def __str__(self) -> str:
        return f"{self.text} → {self.code}"


class ImportRowError(models.Model):
    """A rejected row: its original values and the reasons (column and message in Thai)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField(_("แถวที่"))
    values = models.JSONField(_("ข้อมูลเดิม"), default=list)
    reasons = models.JSONField(_("เหตุผล"), default=list)  # [[column, message], ...]

    class Meta:
        ordering = ["batch", "row_number"]
        verbose_name = _("แถวที่ถูกปฏิเสธ")
        verbose_name_plural = _("แถวที่ถูกปฏิเสธ")
        indexes = [models.Index(fields=["batch", "row_number"], name="importerror_batch_row")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"


class ImportValue(models.Model):
    """A value of an optional coded column (occupation, scheme) that no synonym mapped, as a batch's
    accepted rows wrote it: listed with its count in the values-to-map step. Rows whose spellings differ
    only in spacing, punctuation or digits share one (``key``). Mapping it to a code saves the synonym and
    gives the people of this batch who carried it the occupation or welfare record (``ImportValuePerson``).
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="unmapped_values")
    kind = models.CharField(_("ประเภท"), max_length=20, choices=SynonymKind.choices)
    key = models.CharField(max_length=255)
    text = models.CharField(_("คำที่พบในไฟล์"), max_length=200)
    row_count = models.PositiveIntegerField(_("จำนวนแถว"), default=0)
    code = models.CharField(_("รหัสในระบบ"), max_length=40, blank=True)
    filled = models.PositiveIntegerField(_("บันทึกเพิ่มให้"), default=0)
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mapped_at = models.DateTimeField(_("จับคู่เมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-row_count", "text"]
        verbose_name = _("ค่าที่ยังจับคู่ไม่ได้")
        verbose_name_plural = _("ค่าที่ยังจับคู่ไม่ได้")
        constraints = [models.UniqueConstraint(fields=["batch", "kind", "key"], name="importvalue_once")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.kind}:{self.text}"


class ImportValuePerson(models.Model):
    """A person whose row carried an ``ImportValue`` (written in bulk with the batch's chunks; a plain id,
    like ``ImportSnapshot``, so removing people never waits on it)."""

    value = models.ForeignKey(ImportValue, on_delete=models.CASCADE, related_name="people", db_index=False)
    person_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["value", "person_id"], name="importvalueperson_value")]

    def __str__(self) -> str:
        return f"{self.value_id}:{self.person_id}"


class ImportSnapshot(models.Model):
    """A person's values before a batch updated them, so the batch can be rolled back."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="snapshots")
    person_id = models.BigIntegerField(_("บุคคล"))
    previous = models.JSONField(default=dict)
    previous_batch_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("ค่าก่อนนำเข้า")
        verbose_name_plural = _("ค่าก่อนนำเข้า")
        constraints = [models.UniqueConstraint(fields=["batch", "person_id"], name="snapshot_once")]
        indexes = [models.Index(fields=["previous_batch_id"], name="snapshot_prev_batch")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.person_id}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("รอตรวจสอบ")
    CREATED = "created", _("สร้างเป็นบุคคลใหม่")
    MERGED = "merged", _("รวมกับบุคคลเดิม")
    SKIPPED = "skipped", _("ข้าม")


class ImportReviewItem(TimeStampedModel):
    """A row that sounds like someone already registered (same birth date, sound-alike name, another or
    no ID): not written until staff decide."""

    SCOPE_PATHS = ScopePaths(province="province_code", district="district_code")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="review_items")
    row_number = models.PositiveIntegerField(_("แถวที่"))
    fields = models.JSONField(_("ข้อมูลจากไฟล์"), default=dict)
    province_code = models.CharField(_("จังหวัด"), max_length=2)
    district_code = models.CharField(_("เขต/อำเภอ"), max_length=4)
    candidate = models.ForeignKey(
        "registry.Person",
        verbose_name=_("บุคคลที่อาจซ้ำ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("เหตุผล"), max_length=200)
    # A similar person registered outside the importer's scope: only the office is named, never the person.
    other_office = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("บุคคลที่คล้ายกันลงทะเบียนกับหน่วยงาน"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    result = models.ForeignKey(
        "registry.Person",
        verbose_name=_("ผลลัพธ์"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("ตัดสินเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["status", "batch", "row_number"]
        verbose_name = _("รายการรอตรวจสอบซ้ำ")
        verbose_name_plural = _("รายการรอตรวจสอบซ้ำ")
        indexes = [models.Index(fields=["status", "district_code"], name="review_status_district")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"

    @property
    def row_birth_date(self) -> dt.date | None:
        value = self.fields.get("birth_date")
        return dt.date.fromisoformat(value) if value else None

    @property
    def row_national_id_masked(self) -> str:
        from nokrabob.registry.rules.national_id import mask_national_id

        return mask_national_id(self.fields.get("national_id") or "")


class ExportJob(TimeStampedModel):
    """An export of the registry asked for on the export page (with its purpose), built on the task queue
    when large; its file is downloaded until ``expires_at``, then deleted (``purge_exports``)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("ผู้ส่งออก")
    )
    query = models.CharField(_("ตัวกรอง"), max_length=1000, blank=True)
    file_format = models.CharField(_("รูปแบบ"), max_length=8, default="xlsx")
    purpose = models.TextField(_("วัตถุประสงค์"), blank=True)
    columns = models.JSONField(_("คอลัมน์"), default=list, blank=True)
    full_national_id = models.BooleanField(_("เลขประจำตัวประชาชนเต็ม"), default=False)
    requested_from = models.GenericIPAddressField(_("ขอจากที่อยู่ IP"), null=True, blank=True)
    expires_at = models.DateTimeField(_("ลบไฟล์เมื่อ"), null=True, blank=True)
    purged_at = models.DateTimeField(_("ลบไฟล์แล้วเมื่อ"), null=True, blank=True)
    error = models.CharField(_("ข้อผิดพลาด"), max_length=300, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("จำนวนแถวทั้งหมด"), default=0)
    rows_done = models.PositiveIntegerField(_("แถวที่ประมวลผลแล้ว"), default=0)
    file_path = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("งานส่งออก")
        verbose_name_plural = _("งานส่งออก")

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def downloadable(self) -> bool:
        return self.status == ImportStatus.DONE and bool(self.file_path) and self.purged_at is None
