from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.roles import Capabilities, Role, capabilities


class User(AbstractUser):
    """A person who uses the system: a role, and the org unit the role is exercised in."""

    role = models.CharField(_("บทบาท"), max_length=32, choices=Role.choices, default=Role.EXECUTIVE)
    unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("หน่วยงาน"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("ผู้ใช้งาน")
        verbose_name_plural = _("ผู้ใช้งาน")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_known"),
        ]

    @property
    def caps(self) -> Capabilities:
        if self.is_superuser:
            return capabilities(Role.ADMIN)
        return capabilities(self.role)

    @property
    def full_name(self) -> str:
        return self.get_full_name() or self.username
