"""Reporting on indicators: quarterly results, locking and reopening, assessments, evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.concurrency import Opened, check_version, locked
from nokrabob.core.errors import DomainError
from nokrabob.core.thai import format_be_date
from nokrabob.performance import rules
from nokrabob.performance.models import (
    Evidence,
    EvidenceItem,
    Indicator,
    MeasureKind,
    MeasureUnit,
    QuarterAssessment,
    QuarterResult,
)
from nokrabob.performance.scoring import ratio
from nokrabob.performance.services._common import (
    check_in_fiscal_year,
    check_percent,
    check_quarter,
    snapshot,
)
from nokrabob.performance.services.snapshots import snapshot_refresh

RESULT_FIELDS = ("result", "numerator", "denominator", "level", "cumulative_target", "narrative", "as_of")
ASSESSMENT_FIELDS = ("score", "score_21", "score_22", "level", "comment")


# ── Quarterly results ────────────────────────────────────────────────────────────────────────


@dataclass
class ResultData:
    result: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    level: Decimal | None = None
    cumulative_target: Decimal | None = None
    narrative: str = ""
    as_of: dt.date | None = None


def _validate_result(indicator: Indicator, data: ResultData) -> Decimal | None:
    """Check a quarter's figures and return the result to store (the formula's value when it has one)."""
    for name in ("result", "numerator", "denominator", "cumulative_target"):
        value = getattr(data, name)
        if value is not None and value < 0:
            raise DomainError(_("ค่าต้องไม่ติดลบ"), field=name)
    result = data.result
    if indicator.measure_kind == MeasureKind.FORMULA and (
        data.numerator is not None or data.denominator is not None
    ):
        if data.numerator is None or data.denominator is None:
            field = "numerator" if data.numerator is None else "denominator"
            raise DomainError(_("กรอกทั้งตัวตั้งและตัวหาร"), field=field)
        if data.denominator == 0:
            raise DomainError(_("ตัวหารต้องมากกว่า 0"), field="denominator")
        if indicator.unit_of_measure == MeasureUnit.PERCENT and data.numerator > data.denominator:
            raise DomainError(_("ตัวตั้งมากกว่าตัวหาร ผลจะเกินร้อยละ 100"), field="numerator")
        result = (ratio(data.numerator, data.denominator, indicator.factor) or Decimal("0")).quantize(
            Decimal("0.01")
        )
    if indicator.unit_of_measure == MeasureUnit.PERCENT:
        check_percent(result, "result")
        check_percent(data.cumulative_target, "cumulative_target")
    if data.level is not None and not Decimal("0") <= data.level <= Decimal("5"):
        raise DomainError(_("ระดับต้องอยู่ระหว่าง 0 ถึง 5"), field="level")
    if indicator.unit_of_measure == MeasureUnit.LEVEL and result is not None and result > 5:
        raise DomainError(_("ระดับต้องอยู่ระหว่าง 0 ถึง 5"), field="result")
    check_in_fiscal_year(data.as_of, indicator.fiscal_year, "as_of")
    return result


@transaction.atomic
def result_record(
    *,
    actor: Any,
    indicator: Indicator,
    quarter: int,
    data: ResultData,
    today: dt.date | None = None,
    opened: Opened | None = None,
) -> QuarterResult:
    """Record (or correct) a quarter's result. Refused once the quarter is locked, unless reopened, and
    (``StaleEdit``) when someone saved the quarter after the form was ``opened`` (version 0: before the
    quarter had a result)."""
    check_quarter(quarter)
    if not rules.may_report(actor, indicator):
        raise PermissionDenied
    today = today or timezone.localdate()
    row = locked(QuarterResult.objects.filter(indicator=indicator, quarter=quarter))
    if rules.is_locked(indicator, quarter, row, today):
        raise DomainError(
            _("ไตรมาสที่ %(q)s ปิดรับผลแล้วเมื่อ %(deadline)s ติดต่อ สยป. เพื่อขอเปิดแก้ไข")
            % {"q": quarter, "deadline": format_be_date(rules.quarter_deadline(indicator, quarter))},
            field="quarter",
        )
    check_version(QuarterResult, row, opened, fields=RESULT_FIELDS, submitted=asdict(data))
    result = _validate_result(indicator, data)
    creating = row is None
    if row is None:
        row = QuarterResult(indicator=indicator, quarter=quarter)
    before = snapshot(row, RESULT_FIELDS) if not creating else {}
    row.result = result
    row.numerator = data.numerator
    row.denominator = data.denominator
    row.level = data.level
    row.cumulative_target = data.cumulative_target
    row.narrative = data.narrative.strip()
    row.as_of = data.as_of
    row.reported_by = actor
    row.reported_at = timezone.now()
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=row,
        target_label=f"{indicator.code} ไตรมาส {quarter}",
        changes=field_changes(before, snapshot(row, RESULT_FIELDS)),
    )
    return row


@transaction.atomic
def quarter_reopen(
    *,
    actor: Any,
    indicator: Indicator,
    quarter: int,
    until: dt.date,
    reason: str,
    today: dt.date | None = None,
    refresh_snapshot: bool = False,
) -> QuarterResult:
    """Open a locked quarter for corrections until ``until`` (assessor or administrator; audited).

    ``refresh_snapshot`` re-freezes a live indicator's measured figure from today's register; the previous
    snapshot is kept as history."""
    check_quarter(quarter)
    if not rules.may_assess(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    if until < today:
        raise DomainError(_("วันที่เปิดให้แก้ไขต้องไม่ก่อนวันนี้"), field="until")
    if until > today + dt.timedelta(days=90):
        raise DomainError(_("เปิดให้แก้ไขได้ไม่เกิน 90 วัน"), field="until")
    if not reason.strip():
        raise DomainError(_("ระบุเหตุผลที่เปิดให้แก้ไข"), field="reason")
    row, _created = QuarterResult.objects.select_for_update().get_or_create(
        indicator=indicator, quarter=quarter
    )
    before = row.reopened_until
    row.reopened_until = until
    row.reopened_by = actor
    row.closed_at = None
    row.save(update_fields=["reopened_until", "reopened_by", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.REOPEN,
        target=row,
        target_label=f"{indicator.code} ไตรมาส {quarter}",
        changes={
            "reopened_until": [str(before) if before else None, str(until)],
            "reason": reason.strip(),
            "refresh_snapshot": refresh_snapshot,
        },
    )
    if refresh_snapshot:
        snapshot_refresh(actor=actor, indicator=indicator, quarter=quarter, today=today)
    return row


# ── Assessment ───────────────────────────────────────────────────────────────────────────────


@dataclass
class AssessmentData:
    score: Decimal | None = None
    score_21: Decimal | None = None
    score_22: Decimal | None = None
    level: Decimal | None = None
    comment: str = ""


@transaction.atomic
def assessment_record(
    *, actor: Any, indicator: Indicator, quarter: int, data: AssessmentData
) -> QuarterAssessment:
    check_quarter(quarter)
    if not rules.may_assess(actor):
        raise PermissionDenied
    for name in ("score", "score_21", "score_22"):
        check_percent(getattr(data, name), name)
    if data.level is not None and not Decimal("0") <= data.level <= Decimal("5"):
        raise DomainError(_("ระดับต้องอยู่ระหว่าง 0 ถึง 5"), field="level")
    row = QuarterAssessment.objects.select_for_update().filter(indicator=indicator, quarter=quarter).first()
    creating = row is None
    if row is None:
        row = QuarterAssessment(indicator=indicator, quarter=quarter)
    before = snapshot(row, ASSESSMENT_FIELDS) if not creating else {}
    for name in ASSESSMENT_FIELDS:
        setattr(row, name, getattr(data, name))
    row.comment = data.comment.strip()
    row.assessor = actor
    row.assessed_at = timezone.now()
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.ASSESS,
        target=row,
        target_label=f"{indicator.code} ไตรมาส {quarter}",
        changes=field_changes(before, snapshot(row, ASSESSMENT_FIELDS)),
    )
    return row


# ── Evidence, milestones, strategy map ───────────────────────────────────────────────────────

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods"}


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    indicator: Indicator,
    quarter: int | None,
    title: str,
    file: UploadedFile,
    item: EvidenceItem | None = None,
) -> Evidence:
    """Attach a file, for a quarter or the year, and for one item of the evidence list (so for that item's
    level). Stored under a random name (``models.evidence_path``), served only through ``evidence_file``."""
    if not rules.may_report(actor, indicator):
        raise PermissionDenied
    if quarter is not None:
        check_quarter(quarter)
    if item is not None and item.indicator_id != indicator.pk:
        raise DomainError(_("รายการหลักฐานนี้ไม่ใช่ของตัวชี้วัดนี้"), field="item")
    if not title.strip() and item is not None:
        title = item.title
    if not title.strip():
        raise DomainError(_("ตั้งชื่อหลักฐาน"), field="title")
    suffix = Path(file.name or "").suffix.lower()
    if suffix not in EVIDENCE_EXTENSIONS:
        raise DomainError(
            _("แนบได้เฉพาะไฟล์ %(types)s")
            % {"types": ", ".join(sorted(e.lstrip(".") for e in EVIDENCE_EXTENSIONS))},
            field="file",
        )
    if file.size and file.size > MAX_EVIDENCE_BYTES:
        raise DomainError(_("ไฟล์ใหญ่เกิน 20 MB"), field="file")
    evidence = Evidence.objects.create(
        indicator=indicator,
        item=item,
        quarter=quarter,
        title=title.strip()[:300],
        file=file,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=evidence,
        changes={
            "indicator": indicator.code,
            "quarter": quarter,
            "item": item.number if item else None,
            "level": item.level if item else None,
            "file": evidence.file.name,
        },
    )
    return evidence
