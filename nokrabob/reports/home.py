"""The executive's home: the registry in figures, the FY agreement's score card, maps and charts (each with
its table), linking to the dashboard."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Role
from nokrabob.core.home import Card
from nokrabob.core.templatetags.thai import head_count
from nokrabob.reports.dashboard import dashboard_for


def cards(user: Any) -> list[Card]:
    if user.role != Role.EXECUTIVE or user.is_superuser:
        return []
    dashboard = dashboard_for(user, with_scorecard=True)
    summary = dashboard.summary
    covered = next((r.count for r in summary.by_scheme if r.code == "s40"), 0)
    return [
        Card(
            title=_("แรงงานนอกระบบในทะเบียน"),
            figure=head_count(summary.total),
            body=_("ผู้สูงอายุ %(elderly)s คน · ประกันสังคมมาตรา 40 %(s40)s คน")
            % {"elderly": head_count(summary.elderly), "s40": head_count(covered)},
            url=reverse("reports:dashboard"),
            link_text=_("ดูรายงานสรุป"),
        ),
        Card(title=_("แผนภูมิและแผนที่"), template="reports/_executive_home.html", data=dashboard),
    ]
