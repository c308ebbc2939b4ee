"""Home-page card: the district's review queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import scope_for, scoped
from nokrabob.collection.models import OPEN_STATUSES, Submission
from nokrabob.core.home import Card


def cards(user: Any) -> list[Card]:
    if not getattr(user, "is_authenticated", False) or not user.caps.edits_people or scope_for(user).nothing:
        return []
    waiting = scoped(Submission.objects.filter(status__in=OPEN_STATUSES), user).count()
    return [
        Card(
            title=_("ข้อมูลรอตรวจสอบ"),
            figure=f"{waiting:,}",
            body=_("ข้อมูลที่แรงงานลงทะเบียนผ่าน QR Code และเจ้าหน้าที่บันทึก"),
            url=reverse("collection:review_queue"),
            link_text=_("ไปที่คิวตรวจสอบ"),
        )
    ]
