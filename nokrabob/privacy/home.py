"""The data protection officer's home: open and overdue requests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Role
from nokrabob.core.home import Card
from nokrabob.privacy.models import RequestStatus
from nokrabob.privacy.selectors import requests_for


def cards(user: Any) -> list[Card]:
    if user.role != Role.DPO:
        return []
    open_requests = requests_for(user).filter(status=RequestStatus.OPEN)
    overdue = open_requests.filter(due_on__lt=timezone.localdate()).count()
    return [
        Card(
            title=_("คำขอของเจ้าของข้อมูลที่รอดำเนินการ"),
            figure=str(open_requests.count()),
            body=_("เกินกำหนด 30 วัน %(n)s รายการ") % {"n": overdue},
            url=reverse("privacy:request_list"),
            link_text=_("จัดการคำขอ"),
        ),
        Card(
            title=_("บันทึกการใช้งาน"),
            body=_("ใครทำอะไร ใครเปิดดูข้อมูลใด"),
            url=reverse("audit:event_list"),
            link_text=_("เปิดบันทึกการใช้งาน"),
        ),
    ]
