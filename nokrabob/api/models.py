"""API clients (an agency or office that calls the API) and their tokens.

A client acts as a service account: a ``User`` whose role and org unit give it exactly the scope of the
office it was registered for, so every selector and service treats its requests like a page's. A token
is ``<prefix>.<secret>``; only the prefix (for the lookup) and the SHA-256 of the whole key are stored,
so a key is shown once, when it is issued.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    READ = "read", _("อ่านข้อมูลบุคคล")
    WRITE = "write", _("เพิ่มและแก้ไขข้อมูลบุคคล")
    STATUS_CHECK = "status_check", _("ตรวจสถานะแบบกลุ่ม")
    WELFARE = "welfare", _("เห็นสถานะสวัสดิการ")


ALL_OPERATIONS = tuple(Operation.values)


class ApiClient(models.Model):
    name = models.CharField(_("ชื่อหน่วยงานผู้ใช้ API"), max_length=200, unique=True)
    contact = models.CharField(_("ผู้ติดต่อ"), max_length=300)
    unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("ทำงานในขอบเขตของหน่วยงาน"), on_delete=models.PROTECT
    )
    operations = models.JSONField(_("การทำงานที่อนุญาต"), default=list)
    expires_on = models.DateField(_("หมดอายุ"), null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("จำนวนคำขอต่อนาที"), default=600)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    is_active = models.BooleanField(_("ใช้งาน"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("หน่วยงานผู้ใช้ API")
        verbose_name_plural = _("หน่วยงานผู้ใช้ API")

    def __str__(self) -> str:
        return self.name

    def expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class ApiToken(models.Model):
    """A key of a client, or of a user (``manage.py api_token``) when ``client`` is empty."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    client = models.ForeignKey(
        ApiClient, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    label = models.CharField(_("ชื่อกุญแจ"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    expires_at = models.DateTimeField(_("หมดอายุ"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("ใช้ล่าสุด"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("กุญแจ API")
        verbose_name_plural = _("กุญแจ API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.client or self.user})"

    @property
    def holder_name(self) -> str:
        """Who the audit trail names: the client (agency), else the user."""
        return self.client.name if self.client_id and self.client else self.user.get_username()

    @property
    def operations(self) -> tuple[str, ...]:
        if self.client_id and self.client:
            return tuple(self.client.operations)
        return ALL_OPERATIONS
