"""The executive's home: the registry in figures, the FY agreement's score card, maps and charts (each with
its table), project progress and reporting rates, linking to the dashboard and its filters."""

from __future__ import annotations

from typing import Any

from nokrabob.accounts.roles import Role
from nokrabob.core.home import Card
from nokrabob.reports.dashboard import dashboard_for


def cards(user: Any) -> list[Card]:
    if user.role != Role.EXECUTIVE or user.is_superuser:
        return []
    return [Card(title="", template="reports/_executive_home.html", data=dashboard_for(user))]
