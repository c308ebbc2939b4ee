"""Import batches. Every person created or updated by an import knows its batch (``Person.import_batch``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nokrabob.core.models import TimeStampedModel


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("รอดำเนินการ")
    RUNNING = "running", _("กำลังนำเข้า")
    DONE = "done", _("เสร็จสิ้น")
    FAILED = "failed", _("ล้มเหลว")
    CANCELLED = "cancelled", _("ยกเลิก")
    ROLLED_BACK = "rolled_back", _("ย้อนกลับแล้ว")


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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ชุดการนำเข้า")
        verbose_name_plural = _("ชุดการนำเข้า")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"
