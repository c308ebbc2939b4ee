"""Home-page card: sound-alike rows from imports waiting for a decision."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from nokrabob.core.home import Card


def cards(user: Any) -> list[Card]:
    if not (user.is_authenticated and user.caps.edits_people):
        return []
    from nokrabob.imports.selectors import review_items_for

    count = review_items_for(user).count()
    if not count:
        return []
    return [
        Card(
            title=_("รายชื่อนำเข้าที่รอตรวจสอบซ้ำ"),
            figure=str(count),
            body=_("แถวที่อาจเป็นบุคคลเดียวกับที่มีอยู่ในทะเบียน"),
            url=reverse("imports:review_list"),
            link_text=_("ตรวจสอบ"),
        )
    ]
