"""An indicator's month-by-month action plan: replacing its steps and recording a step's progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.errors import DomainError
from nokrabob.performance import rules
from nokrabob.performance.models import ActionStep, Indicator
from nokrabob.performance.services._common import check_in_fiscal_year, check_percent, snapshot

STEP_FIELDS = ("title", "units", "start_month", "end_month", "level")


@dataclass
class StepRow:
    title: str
    units: str
    start_month: int
    end_month: int
    level: int | None = None


def _check(rows: Sequence[StepRow]) -> None:
    for n, row in enumerate(rows, start=1):
        if not row.title.strip():
            raise DomainError(_("ขั้นตอนที่ %(n)s: กรอกขั้นตอนการดำเนินงาน") % {"n": n}, field="steps")
        if not (1 <= row.start_month <= row.end_month <= 12):
            raise DomainError(
                _("ขั้นตอนที่ %(n)s: เดือนเริ่มต้องไม่หลังเดือนสิ้นสุด และอยู่ระหว่าง ต.ค. ถึง ก.ย.") % {"n": n},
                field="steps",
            )
        if row.level is not None and not 1 <= row.level <= 5:
            raise DomainError(_("ขั้นตอนที่ %(n)s: ระดับต้องเป็น 1 ถึง 5") % {"n": n}, field="steps")


@transaction.atomic
def action_steps_replace(*, actor: Any, indicator: Indicator, rows: Sequence[StepRow]) -> list[ActionStep]:
    """Make the plan exactly ``rows`` (numbered 1…n); a step kept at its number keeps its progress."""
    if not (rules.may_manage(actor) or rules.may_report(actor, indicator)):
        raise PermissionDenied
    _check(rows)
    existing = {s.number: s for s in ActionStep.objects.select_for_update().filter(indicator=indicator)}
    before = {n: snapshot(s, STEP_FIELDS) for n, s in existing.items()}
    kept = []
    for number, row in enumerate(rows, start=1):
        step = existing.pop(number, None) or ActionStep(indicator=indicator, number=number)
        step.title = row.title.strip()
        step.units = row.units.strip()
        step.start_month, step.end_month, step.level = row.start_month, row.end_month, row.level
        step.save()
        kept.append(step)
    removed = sorted(existing)
    ActionStep.objects.filter(indicator=indicator, number__in=removed).delete()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=indicator,
        changes={
            "action_steps": {
                str(s.number): field_changes(before.get(s.number, {}), snapshot(s, STEP_FIELDS)) for s in kept
            },
            "removed": removed,
        },
    )
    return kept


@transaction.atomic
def step_progress_record(
    *, actor: Any, step: ActionStep, progress: Decimal, done_on: dt.date | None = None, note: str = ""
) -> ActionStep:
    """A step's progress (0–100 %); 100 % needs the date it was done."""
    if not rules.may_report(actor, step.indicator):
        raise PermissionDenied
    check_percent(progress, "progress")
    if progress == 100 and done_on is None:
        raise DomainError(_("ขั้นตอนที่เสร็จแล้วต้องระบุวันที่เสร็จ"), field="done_on")
    if progress < 100 and done_on is not None:
        raise DomainError(_("ระบุวันที่เสร็จเมื่อความคืบหน้าครบร้อยละ 100"), field="done_on")
    check_in_fiscal_year(done_on, step.indicator.fiscal_year, "done_on")
    names = ("progress", "done_on", "note")
    before = snapshot(step, names)
    step.progress, step.done_on, step.note = progress, done_on, note.strip()
    step.save(update_fields=[*names, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=step,
        target_label=f"{step.indicator.code} ขั้นตอนที่ {step.number}",
        changes=field_changes(before, snapshot(step, names)),
    )
    return step
