"""Requests of data subjects under the PDPA (B.E. 2562): to see, correct, erase, object, withdraw consent.

The data protection officer records each request, answers it within the legal 30 days, and closes it with
what was done. Access requests produce a file of everything the registry holds on the person.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.scope import ScopePaths
from nokrabob.core.models import TimeStampedModel

ANSWER_WITHIN_DAYS = 30


class RequestKind(models.TextChoices):
    ACCESS = "access", _("ขอเข้าถึงและรับสำเนาข้อมูล")
    RECTIFY = "rectify", _("ขอแก้ไขข้อมูลให้ถูกต้อง")
    ERASE = "erase", _("ขอลบหรือทำให้ไม่สามารถระบุตัวตนได้")
    OBJECT = "object", _("คัดค้านการประมวลผล")
    WITHDRAW = "withdraw", _("ถอนความยินยอม")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("รอดำเนินการ")
    DONE = "done", _("ดำเนินการแล้ว")
    REFUSED = "refused", _("ปฏิเสธคำขอ")


class DataSubjectRequest(TimeStampedModel):
    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("บุคคลในทะเบียน"),
        on_delete=models.PROTECT,
        related_name="privacy_requests",
    )
    kind = models.CharField(_("ประเภทคำขอ"), max_length=10, choices=RequestKind.choices)
    received_on = models.DateField(_("วันที่รับคำขอ"))
    due_on = models.DateField(_("กำหนดตอบ"))
    channel = models.CharField(_("ช่องทาง"), max_length=100, blank=True)
    details = models.TextField(_("รายละเอียดคำขอ"), blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    outcome = models.TextField(_("ผลการดำเนินการ"), blank=True)
    closed_on = models.DateField(_("วันที่ปิดคำขอ"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("คำขอของเจ้าของข้อมูล")
        verbose_name_plural = _("คำขอของเจ้าของข้อมูล")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("received_on")), name="dsr_due_after_received"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == RequestStatus.OPEN and today > self.due_on
