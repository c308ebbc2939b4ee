"""Every deadline someone must meet, gathered from the apps that own them, with who is responsible.

- a provincial action plan's monthly results (``projects.deadlines``: the 5th, March and September
  exceptions of seed 003, per-year ``DueDateOverride`` rows), its approval by 30 November and its yearly
  report by 29 September;
- each quarter's indicator result (``performance.rules.quarter_deadline``);
- each open PDPA request (answered within 30 days, ``privacy``).

A deadline that is met (report sent, result entered, request closed) is not listed. Its ``key`` names the
thing and its due date, so a moved due date is a new deadline with reminders of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear, fiscal_year_of
from nokrabob.core.models import OrgUnit, UnitKind
from nokrabob.core.thai import THAI_MONTHS
from nokrabob.performance import rules
from nokrabob.performance.models import Indicator, QuarterResult
from nokrabob.privacy.models import DataSubjectRequest, RequestStatus
from nokrabob.projects import access
from nokrabob.projects.deadlines import due_dates, plan_deadlines
from nokrabob.projects.models import ActionPlan, MonthlyReport
from nokrabob.projects.reporting import overrides_for


class Kind:
    MONTHLY_REPORT = "monthly_report"
    PLAN_APPROVAL = "plan_approval"
    YEARLY_REPORT = "yearly_report"
    INDICATOR_RESULT = "indicator_result"
    PRIVACY_REQUEST = "privacy_request"


@dataclass(frozen=True)
class Deadline:
    key: str
    kind: str
    title: str
    due: dt.date
    url: str
    recipients: tuple[int, ...]  # user ids of the people responsible


def deadlines_between(start: dt.date, end: dt.date, *, for_user_id: int | None = None) -> list[Deadline]:
    """The open deadlines due from ``start`` to ``end`` (both included), soonest first; with
    ``for_user_id``, only those that user is responsible for."""
    staff = _Staff(for_user_id)
    found = [
        *_monthly_reports(start, end, staff),
        *_plan_approvals(start, end, staff),
        *_yearly_reports(start, end, staff),
        *_indicator_results(start, end, staff),
        *_privacy_requests(start, end, staff),
    ]
    return sorted((d for d in found if d.recipients), key=lambda d: (d.due, d.key))


class _Staff:
    """The active users by unit and role, read once per run."""

    def __init__(self, only_user_id: int | None = None) -> None:
        self._by_unit: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self._by_role: dict[str, list[int]] = defaultdict(list)
        users = get_user_model().objects.filter(is_active=True)
        if only_user_id is not None:
            users = users.filter(pk=only_user_id)
        rows = users.values_list("pk", "unit_id", "role")
        for pk, unit_id, role in rows:
            if unit_id is not None:
                self._by_unit[unit_id].append((pk, role))
            self._by_role[role].append(pk)

    def of_units(self, unit_ids: Iterable[int], roles: Iterable[str]) -> tuple[int, ...]:
        wanted = set(roles)
        return tuple(
            sorted({pk for u in unit_ids for pk, role in self._by_unit.get(u, ()) if role in wanted})
        )

    def with_role(self, role: str) -> tuple[int, ...]:
        return tuple(self._by_role.get(role, ()))


def _years(start: dt.date, end: dt.date) -> range:
    return range(fiscal_year_of(start), fiscal_year_of(end) + 1)


def _month_name(fiscal_year: int, month: int) -> str:
    day = FiscalYear(fiscal_year).months[month - 1].start
    return f"{THAI_MONTHS[day.month - 1]} {day.year + 543}"


def _plans(start: dt.date, end: dt.date) -> Iterator[ActionPlan]:
    # A plan's deadlines fall in its own fiscal year and the first days of the next (September's report).
    years = range(fiscal_year_of(start) - 1, fiscal_year_of(end) + 1)
    yield from (
        ActionPlan.objects.filter(fiscal_year__in=years)
        .select_related("unit")
        .prefetch_related(
            Prefetch("monthly_reports", queryset=MonthlyReport.objects.only("plan_id", "month"))
        )
    )


def _monthly_reports(start: dt.date, end: dt.date, staff: _Staff) -> Iterator[Deadline]:
    overrides: dict[int, dict[int, dt.date]] = {}
    for plan in _plans(start, end):
        if plan.fiscal_year not in overrides:
            overrides[plan.fiscal_year] = overrides_for(plan.fiscal_year)
        reported = {r.month for r in plan.monthly_reports.all()}
        for month, due in due_dates(plan.fiscal_year, overrides[plan.fiscal_year]).items():
            if month in reported or not start <= due <= end:
                continue
            yield Deadline(
                key=f"monthly:{plan.pk}:{month}:{due.isoformat()}",
                kind=Kind.MONTHLY_REPORT,
                title=_("รายงานผลประจำเดือน%(month)s ของ %(unit)s")
                % {"month": _month_name(plan.fiscal_year, month), "unit": plan.unit.name_th},
                due=due,
                url=reverse("projects:monthly_report", args=[plan.pk, month]),
                recipients=staff.of_units([plan.unit_id], access.UNIT_EDITOR_ROLES),
            )


def _plan_approvals(start: dt.date, end: dt.date, staff: _Staff) -> Iterator[Deadline]:
    """Every provincial labour office (and any unit with a plan) must have its plan approved by 30 Nov."""
    for fy in _years(start, end):
        due = plan_deadlines(fy)["approved"]
        if not start <= due <= end:
            continue
        plans = {p.unit_id: p for p in ActionPlan.objects.filter(fiscal_year=fy)}
        units = OrgUnit.objects.filter(is_active=True, kind=UnitKind.PROVINCIAL_LABOUR_OFFICE)
        for unit in {*units, *OrgUnit.objects.filter(pk__in=plans)}:
            plan = plans.get(unit.pk)
            if plan is not None and plan.approved_on is not None:
                continue
            yield Deadline(
                key=f"plan_approval:{unit.pk}:{fy}:{due.isoformat()}",
                kind=Kind.PLAN_APPROVAL,
                title=_("แผนปฏิบัติการ ปีงบประมาณ พ.ศ. %(fy)s ของ %(unit)s ผ่านความเห็นชอบของคณะกรรมการจังหวัด")
                % {"fy": fy, "unit": unit.name_th},
                due=due,
                url=reverse("projects:plan_detail", args=[plan.pk])
                if plan
                else reverse("projects:plan_create"),
                recipients=staff.of_units([unit.pk], access.UNIT_EDITOR_ROLES),
            )


def _yearly_reports(start: dt.date, end: dt.date, staff: _Staff) -> Iterator[Deadline]:
    for plan in _plans(start, end):
        due = plan_deadlines(plan.fiscal_year)["yearly_report"]
        if plan.yearly_report_submitted_at is not None or not start <= due <= end:
            continue
        yield Deadline(
            key=f"yearly_report:{plan.pk}:{due.isoformat()}",
            kind=Kind.YEARLY_REPORT,
            title=_("รายงานผลการดำเนินงานประจำปี พ.ศ. %(fy)s ของ %(unit)s")
            % {"fy": plan.fiscal_year, "unit": plan.unit.name_th},
            due=due,
            url=reverse("projects:yearly_report", args=[plan.pk]),
            recipients=staff.of_units([plan.unit_id], access.UNIT_EDITOR_ROLES),
        )


def _indicator_results(start: dt.date, end: dt.date, staff: _Staff) -> Iterator[Deadline]:
    # A quarter's result is due some days after the quarter ends, so the years before ``start`` count too.
    years = range(fiscal_year_of(start) - 1, fiscal_year_of(end) + 1)
    reported = set(
        QuarterResult.objects.filter(indicator__fiscal_year__in=years)
        .exclude(result=None, level=None)
        .values_list("indicator_id", "quarter")
    )
    indicators = Indicator.objects.filter(fiscal_year__in=years, is_active=True).prefetch_related(
        "owner_units"
    )
    for indicator in indicators:
        for quarter in (1, 2, 3, 4):
            due = rules.quarter_deadline(indicator, quarter)
            if (indicator.pk, quarter) in reported or not start <= due <= end:
                continue
            yield Deadline(
                key=f"indicator:{indicator.pk}:{quarter}:{due.isoformat()}",
                kind=Kind.INDICATOR_RESULT,
                title=_("ผลตัวชี้วัด %(code)s ไตรมาสที่ %(q)s (ปีงบประมาณ พ.ศ. %(fy)s)")
                % {"code": indicator.code, "q": quarter, "fy": indicator.fiscal_year},
                due=due,
                url=indicator.get_absolute_url(),
                recipients=staff.of_units(rules.owner_unit_ids(indicator), rules.REPORTING_ROLES),
            )


def _privacy_requests(start: dt.date, end: dt.date, staff: _Staff) -> Iterator[Deadline]:
    """Open requests, named by number only: a reminder carries no one's personal data."""
    dpo = staff.with_role(Role.DPO)
    requests = DataSubjectRequest.objects.filter(status=RequestStatus.OPEN, due_on__range=(start, end))
    for request in requests.only("pk", "kind", "due_on"):
        yield Deadline(
            key=f"privacy:{request.pk}:{request.due_on.isoformat()}",
            kind=Kind.PRIVACY_REQUEST,
            title=_("ตอบคำขอของเจ้าของข้อมูลเลขที่ %(n)s (%(kind)s)")
            % {"n": request.pk, "kind": request.get_kind_display()},
            due=request.due_on,
            url=reverse("privacy:request_detail", args=[request.pk]),
            recipients=dpo,
        )
