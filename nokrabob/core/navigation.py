"""The main navigation: one entry per module, shown to the roles that use it.

Modules register here by URL name; an entry whose URL does not resolve yet is left out, so the menu
only ever links to pages that exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.roles import Reach, Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...] = ()  # () = every role
    needs_personal_data: bool = False


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("หน้าหลัก"), "core:home"),
    NavItem(_("ทะเบียนแรงงาน"), "registry:person_list", needs_personal_data=True),
    # The people a district (or province) office is to contact about a scheme: for the roles that do it.
    NavItem(
        _("ต้องติดตาม"),
        "registry:follow_up_list",
        roles=(Role.ADMIN, Role.DEPARTMENT_STAFF, Role.DISTRICT_STAFF, Role.PROVINCIAL_STAFF),
        needs_personal_data=True,
    ),
    NavItem(_("สำรวจและรับสมัคร"), "collection:campaign_list", needs_personal_data=True),
    NavItem(_("นำเข้า/ส่งออก"), "imports:job_list", needs_personal_data=True),
    NavItem(
        _("ชุมชน (One Map)"),
        "onemap:overview",
        roles=(Role.ADMIN, Role.DEPARTMENT_STAFF, Role.DISTRICT_STAFF, Role.ASSESSOR),  # Bangkok only
        needs_personal_data=True,
    ),
    NavItem(_("ตัวชี้วัด"), "performance:indicator_list"),
    NavItem(_("โครงการและแผนปฏิบัติการ"), "projects:project_list"),
    NavItem(_("รายงาน"), "reports:dashboard"),
    NavItem(_("กำหนดส่ง"), "reminders:my_deadlines"),
    # The agency API's Swagger UI: for the roles whose sessions read people (the API's main endpoints).
    NavItem(_("API สำหรับหน่วยงาน"), "api:docs", needs_personal_data=True),
    NavItem(_("ผู้ใช้งาน"), "accounts:user_list", roles=(Role.ADMIN,)),
    NavItem(_("คำขอ PDPA"), "privacy:request_list", roles=(Role.ADMIN, Role.DPO)),
    NavItem(_("บันทึกการใช้งาน"), "audit:event_list", roles=(Role.ADMIN, Role.DPO)),
)


def items_for(user: object, current_path: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    caps = user.caps  # type: ignore[attr-defined]
    role = Role.ADMIN if user.is_superuser else user.role  # type: ignore[attr-defined]
    visible = []
    for item in NAV_ITEMS:
        if item.roles and role not in item.roles:
            continue
        if item.needs_personal_data and caps.reach is Reach.NONE:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        visible.append({"label": item.label, "url": url, "active": active})
    # One entry is current: the longest that matches (the follow-ups, not the registry they live under).
    current = [entry for entry in visible if entry["active"]]
    if len(current) > 1:
        longest = max(current, key=lambda entry: len(str(entry["url"])))
        for entry in current:
            entry["active"] = entry is longest
    return visible
