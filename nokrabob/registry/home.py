"""The registry's cards on the home page: the user's register and the outreach list, and the follow-ups
(people who said they want to join a scheme) for the roles that contact them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from nokrabob.accounts.scope import scope_for
from nokrabob.core.home import Card


def cards(user: Any) -> list[Card]:
    scope = scope_for(user)
    if scope.nothing:
        return []
    figure = ""
    if scope.district_codes and not scope.province_codes:
        # One district is small enough to count on every visit; wider scopes are not counted here.
        from nokrabob.registry.selectors import people_for

        figure = f"{people_for(user).count():,}"
    items = [(str(_("ผู้มีสิทธิแต่ยังไม่เป็นสมาชิก")), reverse("registry:outreach"))]
    if user.caps.edits_people:
        items.insert(0, (str(_("ลงทะเบียนบุคคล")), reverse("registry:person_create")))
    found = [
        Card(
            title=_("ทะเบียนแรงงานนอกระบบ"),
            figure=figure,
            body=_("คนในทะเบียนของพื้นที่ท่าน") if figure else "",
            url=reverse("registry:person_list"),
            link_text=_("เปิดทะเบียน"),
            items=items,
        )
    ]
    if user.caps.edits_people:
        found.append(_follow_up_card(user))
    return found


def _follow_up_card(user: Any) -> Card:
    """Open follow-ups of the user's area (an indexed count of the few still open), and how many are late."""
    from django.utils import timezone

    from nokrabob.registry.selectors import follow_ups_for

    today = timezone.localdate()
    waiting = follow_ups_for(user, on=today).count()
    late = follow_ups_for(user, view="overdue", on=today).count()
    url = reverse("registry:follow_up_list")
    return Card(
        title=_("ต้องติดตาม"),
        figure=f"{waiting:,}",
        body=(_("ผู้ที่แจ้งว่าสนใจสมัครสวัสดิการ รอเจ้าหน้าที่ติดต่อ · เลยกำหนด %(n)s ราย") % {"n": f"{late:,}"})
        if late
        else _("ผู้ที่แจ้งว่าสนใจสมัครสวัสดิการ รอเจ้าหน้าที่ติดต่อ"),
        url=url,
        link_text=_("เปิดรายการต้องติดตาม"),
    )
