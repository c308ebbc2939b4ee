"""The record of each reminder sent: one row per recipient, deadline and stage, so no one gets one twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    BEFORE = "before", _("ก่อนครบกำหนด")
    DUE = "due", _("วันครบกำหนด")
    OVERDUE = "overdue", _("เลยกำหนด")


class ReminderSent(models.Model):
    """Claimed before the message goes out and stamped ``sent_at`` after; a failed send removes the claim.

    A claim left without ``sent_at`` (the process died while sending) is not sent again: a reminder is sent
    at most once, which is what the unique constraint holds.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้รับ"), on_delete=models.CASCADE, related_name="+"
    )
    deadline_key = models.CharField(_("กำหนดส่ง"), max_length=120)
    kind = models.CharField(_("ประเภท"), max_length=30)
    stage = models.CharField(_("ช่วงการแจ้งเตือน"), max_length=10, choices=Stage.choices)
    due_on = models.DateField(_("วันครบกำหนด"))
    subject = models.CharField(_("หัวเรื่อง"), max_length=300)
    claimed_at = models.DateTimeField(_("เริ่มส่งเมื่อ"), auto_now_add=True)
    sent_at = models.DateTimeField(_("ส่งแล้วเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        verbose_name = _("การแจ้งเตือนที่ส่งแล้ว")
        verbose_name_plural = _("การแจ้งเตือนที่ส่งแล้ว")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "deadline_key", "stage"], name="reminder_once_per_recipient_stage"
            )
        ]
        indexes = [models.Index(fields=["recipient", "deadline_key"], name="reminder_recipient_key")]

    def __str__(self) -> str:
        return f"{self.deadline_key} {self.stage} → {self.recipient_id}"
