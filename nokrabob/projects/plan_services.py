"""Writes to action plans: the plan, its activities (the Gantt grid), monthly results, the yearly report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.concurrency import Opened, check_version, locked
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.core.thai import format_be_date
from nokrabob.projects import access
from nokrabob.projects.models import ActionPlan, MonthlyReport, PlanActivity
from nokrabob.projects.services import StepError, json_safe

PLAN_FIELDS = ("title", "approved_on", "allocation_round1", "allocation_year")
REPORT_FIELDS = ("people_served", "budget_disbursed", "narrative", "problems")


@dataclass(frozen=True)
class ActivityData:
    name: str
    target_people: int
    budget: Decimal
    months: list[int]  # fiscal month numbers, 1 = October
    responsible: str = ""


def require_editor(actor: Any, unit: OrgUnit) -> None:
    if not access.may_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์แก้ไขแผนของหน่วยงาน %(unit)s") % {"unit": unit}, field="unit")


def _check_fiscal_year(value: Any) -> int:
    try:
        year = int(value)
        FiscalYear(year)
    except (TypeError, ValueError):
        raise DomainError(_("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2568"), field="fiscal_year") from None
    return year


def _check_plan_fields(fiscal_year: int, data: dict[str, Any]) -> None:
    fy = FiscalYear(fiscal_year)
    approved = data.get("approved_on")
    if approved is not None:
        if approved not in fy:
            raise DomainError(
                _("วันที่เห็นชอบ %(day)s อยู่นอกปีงบประมาณ %(year)s (%(start)s – %(end)s)")
                % {
                    "day": format_be_date(approved),
                    "year": fiscal_year,
                    "start": format_be_date(fy.start),
                    "end": format_be_date(fy.end),
                },
                field="approved_on",
            )
        if approved > timezone.localdate():
            raise DomainError(_("วันที่เห็นชอบต้องไม่เป็นวันในอนาคต"), field="approved_on")
    for name in ("allocation_round1", "allocation_year"):
        value = data.get(name)
        if value is not None and value < 0:
            raise DomainError(_("วงเงินต้องไม่ติดลบ"), field=name)
    r1, year = data.get("allocation_round1"), data.get("allocation_year")
    if r1 is not None and year is not None and r1 > year:
        raise DomainError(_("วงเงินรอบ 6 เดือนต้องไม่เกินวงเงินรอบ 12 เดือน"), field="allocation_round1")


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    unit: OrgUnit,
    fiscal_year: Any,
    title: str = "",
    recorded_on: dt.date | None = None,
    **data: Any,
) -> ActionPlan:
    require_editor(actor, unit)
    year = _check_fiscal_year(fiscal_year)
    if ActionPlan.objects.filter(unit=unit, fiscal_year=year).exists():
        raise DomainError(
            _("%(unit)s มีแผนปฏิบัติการปีงบประมาณ %(year)s อยู่แล้ว") % {"unit": unit, "year": year},
            field="fiscal_year",
        )
    _check_plan_fields(year, data)
    plan = ActionPlan.objects.create(
        unit=unit,
        fiscal_year=year,
        title=title.strip()
        or _("แผนปฏิบัติการ (Action Plan) ประจำปีงบประมาณ พ.ศ. %(year)s ของ%(unit)s")
        % {"year": year, "unit": unit.name_th},
        recorded_on=recorded_on or timezone.localdate(),
        **{k: v for k, v in data.items() if k in PLAN_FIELDS},
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=plan, changes={"fiscal_year": year})
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: ActionPlan, **data: Any) -> ActionPlan:
    require_editor(actor, plan.unit)
    before = {k: getattr(plan, k) for k in PLAN_FIELDS}
    merged = {**before, **{k: v for k, v in data.items() if k in PLAN_FIELDS}}
    _check_plan_fields(plan.fiscal_year, merged)
    for name, value in merged.items():
        setattr(plan, name, value)
    plan.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=plan, changes=field_changes(before, merged))
    return plan


def months_to_mask(months: list[int]) -> int:
    mask = 0
    for month in months:
        mask |= 1 << (int(month) - 1)
    return mask


@transaction.atomic
def activities_replace(*, actor: Any, plan: ActionPlan, activities: list[ActivityData]) -> list[PlanActivity]:
    require_editor(actor, plan.unit)
    if not activities:
        raise StepError(_("ต้องมีอย่างน้อยหนึ่งโครงการ/กิจกรรม"))
    for i, item in enumerate(activities):
        if not item.name.strip():
            raise StepError(_("กรอกชื่อโครงการ/กิจกรรม"), field="name", index=i)
        if item.target_people is None or item.target_people < 0:
            raise StepError(_("เป้าหมาย (คน) ต้องไม่ติดลบ"), field="target_people", index=i)
        if item.budget is None or item.budget < 0:
            raise StepError(_("งบประมาณต้องไม่ติดลบ"), field="budget", index=i)
        if not item.months:
            raise StepError(_("เลือกอย่างน้อยหนึ่งเดือนที่ดำเนินการ"), field="months", index=i)
        if any(not 1 <= int(m) <= 12 for m in item.months):
            raise StepError(_("เดือนต้องอยู่ในปีงบประมาณ (ต.ค. – ก.ย.)"), field="months", index=i)
    plan.activities.all().delete()
    created = PlanActivity.objects.bulk_create(
        PlanActivity(
            plan=plan,
            number=i + 1,
            name=item.name.strip(),
            responsible=item.responsible.strip(),
            target_people=item.target_people,
            budget=item.budget,
            months=months_to_mask(item.months),
        )
        for i, item in enumerate(activities)
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=plan,
        changes={"activities": len(created), "target_people": sum(a.target_people for a in activities)},
    )
    return created


def allocation_for_year(plan: ActionPlan) -> Decimal:
    if plan.allocation_year is not None:
        return plan.allocation_year
    return plan.activities.aggregate(total=Sum("budget"))["total"] or Decimal(0)


@transaction.atomic
def monthly_report_submit(
    *,
    actor: Any,
    plan: ActionPlan,
    month: int,
    people_served: int,
    budget_disbursed: Decimal,
    narrative: str = "",
    problems: str = "",
    submitted_at: dt.datetime | None = None,
    opened: Opened | None = None,
) -> MonthlyReport:
    """Record (or correct) a month's results. The first submission's time decides on-time or late.

    Refused (``StaleEdit``) when someone saved the month after the form was ``opened`` (version 0: before
    the month had a report)."""
    require_editor(actor, plan.unit)
    if not 1 <= int(month) <= 12:
        raise DomainError(_("เดือนต้องอยู่ในปีงบประมาณ (ต.ค. – ก.ย.)"), field="month")
    existing = locked(MonthlyReport.objects.filter(plan=plan, month=month))
    fields = {
        "people_served": people_served,
        "budget_disbursed": budget_disbursed,
        "narrative": narrative.strip(),
        "problems": problems.strip(),
    }
    check_version(MonthlyReport, existing, opened, fields=REPORT_FIELDS, submitted=fields)
    now = submitted_at or timezone.now()
    period = FiscalYear(plan.fiscal_year).months[int(month) - 1]
    if timezone.localdate(now) < period.start:
        raise DomainError(_("ยังรายงานผลของเดือนที่ยังไม่เริ่มไม่ได้"), field="month")
    if people_served is None or people_served < 0:
        raise DomainError(_("จำนวนคนต้องไม่ติดลบ"), field="people_served")
    if budget_disbursed is None or budget_disbursed < 0:
        raise DomainError(_("ยอดเบิกจ่ายต้องไม่ติดลบ"), field="budget_disbursed")
    others = plan.monthly_reports.exclude(month=month).aggregate(total=Sum("budget_disbursed"))["total"]
    cumulative = (others or Decimal(0)) + budget_disbursed
    allocation = allocation_for_year(plan)
    if allocation and cumulative > allocation:
        raise DomainError(
            _("ยอดเบิกจ่ายสะสม %(total)s บาท เกินวงเงินที่ได้รับจัดสรร %(allocation)s บาท (เกินร้อยละ 100)")
            % {"total": f"{cumulative:,.2f}", "allocation": f"{allocation:,.2f}"},
            field="budget_disbursed",
        )
    if existing:
        before = {k: getattr(existing, k) for k in fields}
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        report = existing
        changes: dict[str, Any] = field_changes(before, fields)
    else:
        report = MonthlyReport.objects.create(
            plan=plan,
            month=month,
            submitted_at=now,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
            **fields,
        )
        changes = {"month": month, **{k: str(v) for k, v in fields.items() if k != "narrative"}}
    changes = {
        k: json_safe(v) if not isinstance(v, list) else [json_safe(x) for x in v] for k, v in changes.items()
    }
    action = AuditAction.CREATE if existing is None else AuditAction.UPDATE
    audit_record(actor=actor, action=action, target=report, changes=changes)
    return report


@transaction.atomic
def yearly_report_submit(
    *,
    actor: Any,
    plan: ActionPlan,
    summary: str,
    problems: str = "",
    suggestions: str = "",
    submitted_at: dt.datetime | None = None,
) -> ActionPlan:
    """Save the yearly report (เอกสาร ๓); the first submission's time is kept for the round-2 score."""
    require_editor(actor, plan.unit)
    if not (summary or "").strip():
        raise DomainError(_("กรอกสรุปผลการดำเนินงานประจำปี"), field="summary")
    now = submitted_at or timezone.now()
    fy = FiscalYear(plan.fiscal_year)
    if timezone.localdate(now) < fy.months[6].start:
        raise DomainError(_("ส่งรายงานประจำปีได้ตั้งแต่รอบที่ 2 (เมษายน) เป็นต้นไป"), field="summary")
    plan.yearly_summary = summary.strip()
    plan.yearly_problems = problems.strip()
    plan.yearly_suggestions = suggestions.strip()
    if plan.yearly_report_submitted_at is None:
        plan.yearly_report_submitted_at = now
    plan.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=plan, changes={"submitted": str(now)})
    return plan
