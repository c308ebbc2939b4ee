"""The registry's card on the home page: the user's register and the outreach list."""

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
    return [
        Card(
            title=_("ทะเบียนแรงงานนอกระบบ"),
            figure=figure,
            body=_("คนในทะเบียนของพื้นที่ท่าน") if figure else "",
            url=reverse("registry:person_list"),
            link_text=_("เปิดทะเบียน"),
            items=items,
        )
    ]
