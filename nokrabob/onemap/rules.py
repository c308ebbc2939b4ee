"""What "entered" means for the One Map indicator (seed 004, 1.3-1), in one place.

A community counts as entered for a fiscal year when, by the year's end (or a quarter's end), at least
``required_households`` of its households are on record. The share of a community's households that must
be entered is ``ONEMAP_ENTERED_SHARE_PERCENT`` (100 = every household the community's register lists);
a community whose number of households is not known needs one. The measure, the per-district page and its
list of communities not yet entered all use ``community_progress``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from nokrabob.registry.models import Community, Household


def entered_share() -> Decimal:
    return Decimal(str(getattr(settings, "ONEMAP_ENTERED_SHARE_PERCENT", 100)))


def required_households(households_total: int | None, share: Decimal | None = None) -> int:
    """How many households a community needs on record to count as entered."""
    if not households_total:
        return 1
    share = entered_share() if share is None else share
    return max(1, math.ceil(Decimal(households_total) * share / 100))


def definition_text() -> str:
    share = entered_share()
    if share >= 100:
        rule = _("ครบทุกครัวเรือนตามจำนวนครัวเรือนในทะเบียนชุมชน")
    else:
        rule = _("อย่างน้อยร้อยละ %(share)s ของจำนวนครัวเรือนในทะเบียนชุมชน (ปัดขึ้น)") % {
            "share": f"{share.normalize():f}"
        }
    return _(
        "ชุมชนที่ “นำเข้าข้อมูลแล้ว” ในปีงบประมาณหนึ่ง คือชุมชนที่ภายในสิ้นปีงบประมาณนั้นมีข้อมูลครัวเรือน%(rule)s "
        "(ชุมชนที่ไม่ทราบจำนวนครัวเรือน ต้องมีอย่างน้อย 1 ครัวเรือน) ครัวเรือนที่บันทึกหลังสิ้นปีนับในปีถัดไป"
    ) % {"rule": rule}


@dataclass(frozen=True)
class CommunityProgress:
    community_id: int
    code: str
    name: str
    district_code: str
    households_total: int | None
    entered: int
    required: int

    @property
    def is_entered(self) -> bool:
        return self.entered >= self.required


def community_progress(
    until: dt.date, communities: QuerySet[Community] | None = None
) -> list[CommunityProgress]:
    """Every community (of ``communities``, default all) with its households entered by ``until``.

    A count of households per community, never the households themselves: the caller decides which
    communities the reader may see."""
    queryset = Community.objects.all() if communities is None else communities
    entered = (
        Household.objects.filter(community=OuterRef("pk"), created_at__date__lte=until)
        .order_by()
        .values("community")
        .annotate(c=Count("id"))
        .values("c")
    )
    rows: Any = queryset.annotate(n=Coalesce(Subquery(entered, output_field=IntegerField()), 0)).values_list(
        "pk", "code", "name", "district_code", "households_total", "n"
    )
    share = entered_share()
    return [
        CommunityProgress(pk, code, name, district, total, n, required_households(total, share))
        for pk, code, name, district, total, n in rows.order_by("district_code", "name")
    ]
