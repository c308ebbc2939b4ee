"""Click-through from a dashboard's counts to the lists they count, and how counts are shown.

Readers of people (every role but the executives) count only their own scope, so their counts are exact
and link to the registry list with the same filters; executives count everyone, see counts from the
suppression limit up (``shown_count``) and get no link to people.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from nokrabob.accounts.roles import Reach
from nokrabob.reports.filters import DashboardFilters
from nokrabob.reports.suppression import SUPPRESSED


def shown_text(value: float | None, *, percent: bool = False) -> str:
    if value is None:
        return SUPPRESSED
    return f"{value:.1f}%" if percent else f"{value:,.0f}"


def exact_for(user: Any) -> bool:
    """The reader counts only people they may read (everyone but executives): counts are exact."""
    return bool(user.caps.reach is not Reach.NONE)


def may_click_through(user: Any) -> bool:
    """Links to lists of people: only for readers of people (executives see aggregates only)."""
    return exact_for(user)


class Links:
    """Click-through URLs to the registry list with the dashboard's filters, for readers of people."""

    def __init__(self, user: Any, filters: DashboardFilters) -> None:
        self.enabled = may_click_through(user)
        self.base = filters.registry_query()

    def people(self, **extra: str) -> str:
        if not self.enabled:
            return ""
        query = {**self.base, **{k: v for k, v in extra.items() if v}}
        if "district" in extra:
            query.pop("province", None)
        return f"{reverse('registry:person_list')}?{urlencode(query)}"

    def area(self, code: str, **extra: str) -> str:
        return self.people(**({"district": code} if len(code) == 4 else {"province": code}), **extra)


__all__ = ["Links", "exact_for", "may_click_through", "shown_text"]
