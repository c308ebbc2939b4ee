"""A record of each open-data publication: when, by whom or by what, and how much was written."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationTrigger(models.TextChoices):
    COMMAND = "command", _("คำสั่งระบบ")
    SCHEDULE = "schedule", _("ตามกำหนดเวลา")
    BUTTON = "button", _("เจ้าหน้าที่สั่งเผยแพร่")


class Publication(models.Model):
    """One run of the open-data publication (the files themselves live in the publication directory)."""

    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), auto_now_add=True)
    data_date = models.DateField(_("ข้อมูล ณ วันที่"))
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"), db_index=True)
    trigger = models.CharField(_("ที่มา"), max_length=10, choices=PublicationTrigger.choices)
    directory = models.CharField(_("โฟลเดอร์"), max_length=500)
    rows = models.PositiveIntegerField(_("จำนวนแถว"))
    suppressed_cells = models.PositiveIntegerField(_("จำนวนช่องที่ปกปิด"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("การเผยแพร่ข้อมูลเปิด")
        verbose_name_plural = _("การเผยแพร่ข้อมูลเปิด")

    def __str__(self) -> str:
        return f"{self.data_date} ({self.rows})"
