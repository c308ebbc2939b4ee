"""Who did and who saw what. Append-only: the ORM refuses to update or delete a row, and so does the database
(triggers, ``maintenance.py``); each row is chained to the one before by a hash (``chain.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("สร้าง")
    UPDATE = "update", _("แก้ไข")
    DELETE = "delete", _("ลบ")
    VIEW = "view", _("เปิดดู")
    EXPORT = "export", _("ส่งออก")
    IMPORT = "import", _("นำเข้า")
    MERGE = "merge", _("รวมระเบียน")
    APPROVE = "approve", _("อนุมัติ")
    REJECT = "reject", _("ปฏิเสธ")
    LOGIN = "login", _("เข้าสู่ระบบ")
    LOGIN_FAILED = "login_failed", _("เข้าสู่ระบบไม่สำเร็จ")
    LOGOUT = "logout", _("ออกจากระบบ")
    REOPEN = "reopen", _("เปิดแก้ไขอีกครั้ง")
    ASSESS = "assess", _("ประเมิน")


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    # Set before the insert (not auto_now_add) because the row's hash covers it.
    at = models.DateTimeField(_("เวลา"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำเนินการ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("ชื่อผู้ดำเนินการ"), max_length=150, blank=True)
    action = models.CharField(_("การกระทำ"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("ประเภทข้อมูล"), max_length=60, blank=True)
    target_id = models.CharField(_("รหัสข้อมูล"), max_length=64, blank=True)
    target_label = models.CharField(_("ข้อมูล"), max_length=255, blank=True)
    changes = models.JSONField(_("รายละเอียด"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("ที่อยู่ IP"), null=True, blank=True)
    prev_hash = models.CharField(_("แฮชของรายการก่อนหน้า"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("แฮชของรายการ"), max_length=64, blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("บันทึกการใช้งาน")
        verbose_name_plural = _("บันทึกการใช้งาน")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")
