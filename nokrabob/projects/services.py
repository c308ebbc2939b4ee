"""Writes to projects: create and edit, the plan of steps, the progress log, the assessor's score.

Every function checks the actor may do it, validates with a Thai message on the field, writes in one
transaction and leaves an audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.core.thai import format_be_date
from nokrabob.projects import access
from nokrabob.projects.models import PlanStep, ProgressEntry, Project, ProjectAssessment

PROJECT_FIELDS = (
    "code",
    "name",
    "owner_unit",
    "responsible_position",
    "fiscal_year",
    "rationale",
    "objectives",
    "targets",
    "budget",
    "budget_code",
    "strategy_text",
    "strategy_node",
    "progress_mode",
)


class StepError(DomainError):
    """A problem with one row of the plan of steps (``index`` is the row, 0-based; None = the plan)."""

    def __init__(self, message: str, *, field: str | None = None, index: int | None = None) -> None:
        super().__init__(message, field=field)
        self.index = index


@dataclass(frozen=True)
class StepData:
    name: str
    weight: Decimal
    planned_start: dt.date
    planned_end: dt.date
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    percent_complete: Decimal = Decimal(0)


def _check_fiscal_year(value: Any) -> int:
    try:
        year = int(value)
        FiscalYear(year)
    except (TypeError, ValueError):
        raise DomainError(_("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2568"), field="fiscal_year") from None
    return year


def _check_percent(value: Decimal | None, field: str, label: str) -> None:
    if value is None:
        raise DomainError(_("กรอก%(label)s") % {"label": label}, field=field)
    if value < 0 or value > 100:
        raise DomainError(_("%(label)sต้องอยู่ระหว่าง 0 ถึง 100") % {"label": label}, field=field)


def _in_fiscal_year(day: dt.date, year: int, field: str, *, index: int | None = None) -> None:
    fy = FiscalYear(year)
    if day not in fy:
        message = _("วันที่ %(day)s อยู่นอกปีงบประมาณ %(year)s (%(start)s – %(end)s)") % {
            "day": format_be_date(day),
            "year": year,
            "start": format_be_date(fy.start),
            "end": format_be_date(fy.end),
        }
        if index is None:
            raise DomainError(message, field=field)
        raise StepError(message, field=field, index=index)


def _require_editor(actor: Any, unit: OrgUnit) -> None:
    if not access.may_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์แก้ไขข้อมูลของหน่วยงาน %(unit)s") % {"unit": unit}, field="owner_unit")


FK_FIELDS = ("owner_unit", "strategy_node")


def json_safe(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def _snapshot(project: Project) -> dict[str, Any]:
    return {
        name: json_safe(getattr(project, f"{name}_id" if name in FK_FIELDS else name))
        for name in PROJECT_FIELDS
    }


def _validate_project(data: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    code = (data.get("code") or "").strip()
    if not code:
        raise DomainError(_("กรอกรหัสโครงการ"), field="code")
    duplicate = Project.objects.filter(code=code)
    if exclude_pk:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        raise DomainError(_("รหัสโครงการ %(code)s มีอยู่แล้ว") % {"code": code}, field="code")
    data["code"] = code
    data["fiscal_year"] = _check_fiscal_year(data.get("fiscal_year"))
    budget = data.get("budget") or Decimal(0)
    if budget < 0:
        raise DomainError(_("งบประมาณต้องไม่ติดลบ"), field="budget")
    data["budget"] = budget


@transaction.atomic
def project_create(*, actor: Any, **data: Any) -> Project:
    _require_editor(actor, data["owner_unit"])
    indicators = data.pop("indicators", None)
    _validate_project(data)
    project = Project.objects.create(**{k: v for k, v in data.items() if k in PROJECT_FIELDS})
    changes = _snapshot(project)
    if indicators:
        project.indicators.set(indicators)
        changes["indicators"] = sorted(i.code for i in indicators)
    audit_record(actor=actor, action=AuditAction.CREATE, target=project, changes=changes)
    return project


@transaction.atomic
def project_update(*, actor: Any, project: Project, **data: Any) -> Project:
    _require_editor(actor, project.owner_unit)
    _require_editor(actor, data.get("owner_unit", project.owner_unit))
    indicators = data.pop("indicators", None)
    before = _snapshot(project)
    before_indicators = sorted(project.indicators.values_list("code", flat=True))
    merged = {**{name: getattr(project, name) for name in PROJECT_FIELDS}, **data}
    _validate_project(merged, exclude_pk=project.pk)
    if merged["fiscal_year"] != project.fiscal_year and project.steps.exists():
        raise DomainError(_("เปลี่ยนปีงบประมาณไม่ได้เมื่อมีแผนการดำเนินงานแล้ว: แก้วันที่ของขั้นตอนก่อน"), field="fiscal_year")
    for name in PROJECT_FIELDS:
        setattr(project, name, merged[name])
    project.save()
    changes = field_changes(before, _snapshot(project))
    if indicators is not None:
        project.indicators.set(indicators)
        after_indicators = sorted(project.indicators.values_list("code", flat=True))
        if after_indicators != before_indicators:
            changes["indicators"] = [before_indicators, after_indicators]
    audit_record(actor=actor, action=AuditAction.UPDATE, target=project, changes=changes)
    return project


def validate_steps(project: Project, steps: list[StepData]) -> None:
    """Each step inside the fiscal year, ending after it starts, % within 0–100; weights total 100."""
    if not steps:
        raise StepError(_("ต้องมีอย่างน้อยหนึ่งขั้นตอน"))
    today = timezone.localdate()
    for i, step in enumerate(steps):
        if not step.name.strip():
            raise StepError(_("กรอกชื่อขั้นตอน"), field="name", index=i)
        if step.weight < 0 or step.weight > 100:
            raise StepError(_("น้ำหนักต้องอยู่ระหว่าง 0 ถึง 100"), field="weight", index=i)
        if step.percent_complete < 0 or step.percent_complete > 100:
            raise StepError(_("ความคืบหน้าต้องอยู่ระหว่าง 0 ถึง 100"), field="percent_complete", index=i)
        _in_fiscal_year(step.planned_start, project.fiscal_year, "planned_start", index=i)
        _in_fiscal_year(step.planned_end, project.fiscal_year, "planned_end", index=i)
        if step.planned_end < step.planned_start:
            raise StepError(_("วันสิ้นสุดตามแผนต้องไม่ก่อนวันเริ่มต้น"), field="planned_end", index=i)
        if step.actual_end and not step.actual_start:
            raise StepError(_("กรอกวันที่เริ่มจริงก่อนวันที่เสร็จจริง"), field="actual_start", index=i)
        if step.actual_start and step.actual_end and step.actual_end < step.actual_start:
            raise StepError(_("วันที่เสร็จจริงต้องไม่ก่อนวันที่เริ่มจริง"), field="actual_end", index=i)
        for name in ("actual_start", "actual_end"):
            day = getattr(step, name)
            if day and day > today:
                raise StepError(_("วันที่จริงต้องไม่เป็นวันในอนาคต"), field=name, index=i)
    total = sum((s.weight for s in steps), Decimal(0))
    if total != 100:
        raise StepError(
            _("น้ำหนักของทุกขั้นตอนรวมกันต้องเท่ากับ 100 (ตอนนี้รวมได้ %(total)s)") % {"total": f"{total.normalize():f}"},
            field="weight",
        )


@transaction.atomic
def plan_steps_replace(*, actor: Any, project: Project, steps: list[StepData]) -> list[PlanStep]:
    """Replace the project's plan of steps as a whole (the weights only make sense together)."""
    _require_editor(actor, project.owner_unit)
    validate_steps(project, steps)
    before = [(s.name, str(s.weight)) for s in project.steps.all()]
    project.steps.all().delete()
    created = PlanStep.objects.bulk_create(
        PlanStep(project=project, number=i + 1, **step.__dict__) for i, step in enumerate(steps)
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=project,
        changes={"steps": [before, [(s.name, str(s.weight)) for s in steps]]},
    )
    return created


@transaction.atomic
def progress_entry_add(
    *,
    actor: Any,
    project: Project,
    reported_on: dt.date,
    percent: Decimal,
    work_done: str,
    problems: str = "",
    obstacles: str = "",
) -> ProgressEntry:
    _require_editor(actor, project.owner_unit)
    _check_percent(percent, "percent", _("ความคืบหน้า"))
    if reported_on is None:
        raise DomainError(_("กรอกวันที่รายงาน"), field="reported_on")
    _in_fiscal_year(reported_on, project.fiscal_year, "reported_on")
    if reported_on > timezone.localdate():
        raise DomainError(_("วันที่รายงานต้องไม่เป็นวันในอนาคต"), field="reported_on")
    if not (work_done or "").strip():
        raise DomainError(_("กรอกผลการดำเนินงาน"), field="work_done")
    entry = ProgressEntry.objects.create(
        project=project,
        reported_on=reported_on,
        percent=percent,
        work_done=work_done.strip(),
        problems=problems.strip(),
        obstacles=obstacles.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=entry,
        changes={"project": project.code, "reported_on": str(reported_on), "percent": str(percent)},
    )
    return entry


@transaction.atomic
def project_assess(
    *, actor: Any, project: Project, quarter: int, score: Decimal, comment: str = ""
) -> ProjectAssessment:
    """The assessor's quarterly score; recording it again replaces the earlier one (audited)."""
    if not access.may_assess(actor):
        raise DomainError(_("เฉพาะผู้ประเมิน (สยป.) บันทึกผลการประเมินได้"), field="score")
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_("ไตรมาสต้องเป็น 1 ถึง 4"), field="quarter")
    _check_percent(score, "score", _("ผลการประเมิน"))
    existing = ProjectAssessment.objects.filter(project=project, quarter=quarter).first()
    before = str(existing.score) if existing else None
    assessment, _created = ProjectAssessment.objects.update_or_create(
        project=project,
        quarter=quarter,
        defaults={
            "score": score,
            "comment": comment.strip(),
            "assessed_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.ASSESS,
        target=project,
        changes={f"Q{quarter}": [before, str(score)]},
    )
    return assessment
