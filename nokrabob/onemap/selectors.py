"""Reads for the One Map pages: progress per district and the communities not yet entered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from nokrabob.accounts.scope import scoped_area
from nokrabob.core.fiscal import FiscalYear
from nokrabob.onemap.rules import CommunityProgress, community_progress
from nokrabob.performance.scoring import ratio
from nokrabob.registry.areas import district_name
from nokrabob.registry.models import Community
from nokrabob.registry.selectors import COMMUNITY_AREA


def communities_visible(user: Any) -> QuerySet[Community]:
    """Communities are Bangkok's: a district office sees its own, the department all of them, a
    provincial office none."""
    return scoped_area(Community.objects.all(), user, paths=COMMUNITY_AREA)


@dataclass
class DistrictProgress:
    code: str
    name: str
    communities: int = 0
    entered: int = 0
    not_entered: list[CommunityProgress] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        return ratio(self.entered, self.communities) if self.communities else None


def cut_off(fiscal_year: int, today: dt.date | None = None) -> dt.date:
    """A year is measured at its end; the current year as it stands today."""
    end = FiscalYear(fiscal_year).end
    return min(end, today) if today else end


def progress_by_district(user: Any, fiscal_year: int, *, today: dt.date) -> list[DistrictProgress]:
    rows = community_progress(cut_off(fiscal_year, today), communities_visible(user))
    districts: dict[str, DistrictProgress] = {}
    for row in rows:
        district = districts.get(row.district_code)
        if district is None:
            district = districts[row.district_code] = DistrictProgress(
                row.district_code, district_name(row.district_code)
            )
        district.communities += 1
        if row.is_entered:
            district.entered += 1
        else:
            district.not_entered.append(row)
    return sorted(districts.values(), key=lambda d: d.name)
