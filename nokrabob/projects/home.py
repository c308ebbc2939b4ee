"""Home-page reminders: a unit's monthly report coming due or overdue, the policy office's rates,
projects without progress this month, the assessor's queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.home import Card
from nokrabob.core.thai import format_be_date
from nokrabob.projects import access, reporting
from nokrabob.projects.deadlines import REPORTING_RULE, Status
from nokrabob.projects.models import Project


def cards(user: Any) -> list[Card]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    found: list[Card] = []
    found += reminder_cards(user, today)
    if access.may_see_all_provinces(user):
        found += rate_cards(user, today)
    if access.may_assess(user):
        found += assessment_cards(user, today)
    found += stale_project_cards(user, today)
    return found


def assessment_cards(user: Any, today: Any) -> list[Card]:
    """The assessor's queue: this year's projects without a score for the last finished quarter."""
    fy = FiscalYear.of(today)
    quarter = fy.quarter_of(today).number - 1
    if quarter < 1:
        return []
    waiting = (
        access.visible_projects(Project.objects.filter(fiscal_year=fy.be), user)
        .exclude(assessments__quarter=quarter)
        .order_by("code")
    )
    items = [
        (f"{p.code} {p.name}"[:90], reverse("projects:project_assess", args=[p.pk]) + f"?q={quarter}")
        for p in waiting[:5]
    ]
    if not items:
        return []
    return [
        Card(
            title=_("โครงการรอการประเมิน ไตรมาสที่ %(q)s") % {"q": quarter},
            figure=str(waiting.count()),
            items=items,
        )
    ]


def stale_project_cards(user: Any, today: Any) -> list[Card]:
    """A unit's own projects of this year with no progress entry yet this month."""
    if not user.unit_id or not access.editable_units(user).filter(pk=user.unit_id).exists():
        return []
    month_start = today.replace(day=1)
    stale = (
        Project.objects.filter(owner_unit_id=user.unit_id, fiscal_year=FiscalYear.of(today).be)
        .exclude(progress_entries__reported_on__gte=month_start)
        .order_by("code")
    )
    items = [(f"{p.code} {p.name}"[:90], reverse("projects:progress_add", args=[p.pk])) for p in stale[:5]]
    if not items:
        return []
    return [
        Card(
            title=_("โครงการที่ยังไม่รายงานความคืบหน้าเดือนนี้"),
            figure=str(stale.count()),
            items=items,
        )
    ]


def _month_name(fiscal_year: int, month: int) -> str:
    start = FiscalYear(fiscal_year).months[month - 1].start
    return format_be_date(start, "medium").split(" ", 1)[1]


def reminder_cards(user: Any, today: Any) -> list[Card]:
    """For a unit that has plans: each month coming due within a week, or overdue, without a report."""
    if not user.unit_id or access.may_see_all_provinces(user):
        return []
    years = {FiscalYear.of(today).be, FiscalYear.of(today).be - 1}
    plans = reporting.plans_with_reports().filter(unit_id=user.unit_id, fiscal_year__in=years)
    items: list[tuple[str, str]] = []
    overdue = upcoming = 0
    for plan in plans:
        dues = reporting.due_dates(plan.fiscal_year, reporting.overrides_for(plan.fiscal_year))
        for cell in reporting.month_cells(plan, plan.fiscal_year, dues, today):
            url = reverse("projects:monthly_report", args=[plan.pk, cell.month])
            name = _month_name(plan.fiscal_year, cell.month)
            days = (cell.due - today).days
            if cell.status is Status.MISSING and -days <= 62:
                overdue += 1
                items.append(
                    (
                        _("%(month)s เลยกำหนด %(days)s วัน (กำหนด %(due)s)")
                        % {"month": name, "days": -days, "due": format_be_date(cell.due)},
                        url,
                    )
                )
            elif cell.status is Status.OPEN and days <= REPORTING_RULE.remind_days_before:
                upcoming += 1
                items.append(
                    (
                        _("%(month)s ครบกำหนดใน %(days)s วัน (%(due)s)")
                        % {"month": name, "days": days, "due": format_be_date(cell.due)},
                        url,
                    )
                )
    if not items:
        return []
    return [
        Card(
            title=_("รายงานผลการดำเนินงานประจำเดือน"),
            figure=str(overdue + upcoming),
            body=_("เลยกำหนด %(overdue)s เดือน · ใกล้ครบกำหนด %(upcoming)s เดือน")
            % {"overdue": overdue, "upcoming": upcoming},
            items=items,
        )
    ]


def rate_cards(user: Any, today: Any) -> list[Card]:
    fy = FiscalYear.of(today).be
    grid = reporting.reporting_grid(user, fy, today=today)
    rates = grid.year_rates
    if not rates.expected:
        return []
    missing = sum(row.count(Status.MISSING) for row in grid.rows)
    late = sum(row.count(Status.LATE) for row in grid.rows)
    return [
        Card(
            title=_("อัตราการรายงานผลรายเดือนของจังหวัด ปี %(year)s") % {"year": fy},
            figure=f"{rates.reporting_rate}%",
            body=_("ตรงเวลา %(on_time)s%% · ล่าช้า %(late)s · ไม่ได้รายงาน %(missing)s")
            % {"on_time": rates.on_time_rate, "late": late, "missing": missing},
            url=reverse("projects:reporting_grid"),
            link_text=_("ดูตารางการรายงาน"),
        )
    ]
