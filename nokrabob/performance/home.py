"""Home-page cards: quarters to report for the indicators a user's unit owns; the assessor's queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.home import Card
from nokrabob.core.thai import format_be_date
from nokrabob.performance import rules
from nokrabob.performance.models import Indicator, QuarterAssessment, QuarterResult


def cards(user: Any) -> list[Card]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    fy = FiscalYear.of(today)
    quarter = fy.quarter_of(today).number
    # The quarter being reported is the one that ended last (Q4 of last year in October–December).
    if quarter == 1:
        year, due_quarter = fy.be - 1, 4
    else:
        year, due_quarter = fy.be, quarter - 1
    out: list[Card] = []
    indicators = Indicator.objects.filter(fiscal_year=year, is_active=True)
    if user.unit_id and not rules.is_admin(user) and user.role in rules.REPORTING_ROLES:
        mine = indicators.filter(owner_units=user.unit).distinct()
        reported = set(
            QuarterResult.objects.filter(indicator__in=mine, quarter=due_quarter)
            .exclude(result__isnull=True, level__isnull=True)
            .values_list("indicator_id", flat=True)
        )
        missing = [i for i in mine if i.pk not in reported]
        if missing:
            deadline = rules.quarter_deadline(missing[0], due_quarter)
            late = today > deadline
            out.append(
                Card(
                    title=_("ตัวชี้วัดที่ต้องรายงานผลไตรมาสที่ %(q)s/%(y)s") % {"q": due_quarter, "y": year},
                    figure=str(len(missing)),
                    body=(_("เลยกำหนดส่ง %(d)s แล้ว") if late else _("กำหนดส่งภายใน %(d)s"))
                    % {"d": format_be_date(deadline)},
                    items=[
                        (f"{i.code} {i.name}", reverse("performance:result_edit", args=[i.pk, due_quarter]))
                        for i in missing[:5]
                    ],
                )
            )
    if rules.may_assess(user) and not rules.is_admin(user):
        assessed = QuarterAssessment.objects.filter(
            indicator__fiscal_year=year, quarter=due_quarter, score__isnull=False
        ).values_list("indicator_id", flat=True)
        waiting = (
            QuarterResult.objects.filter(indicator__fiscal_year=year, quarter=due_quarter)
            .exclude(indicator_id__in=assessed)
            .count()
        )
        out.append(
            Card(
                title=_("รอ สยป. ประเมิน ไตรมาสที่ %(q)s/%(y)s") % {"q": due_quarter, "y": year},
                figure=str(waiting),
                url=reverse("performance:indicator_list") + f"?year={year}",
                link_text=_("ดูตัวชี้วัด"),
            )
        )
    return out
