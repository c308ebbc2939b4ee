"""Freezing a live indicator's measured figure when its quarter closes.

A closed quarter (deadline passed, or the assessor closed it) keeps the value, numerator, denominator and
the ids of the records behind the number as they stood at the quarter's end; later changes to the register
never move it. A daily task takes the snapshots the day a deadline passes; reading a closed quarter that has
none yet takes it then (computed as of the quarter's end). Reopening may take a fresh one: the old one is
kept, marked superseded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.performance import rules
from nokrabob.performance.measures import MEASURES
from nokrabob.performance.models import (
    Indicator,
    MeasureKind,
    MeasureSnapshot,
    QuarterResult,
    SnapshotReason,
)
from nokrabob.performance.services._common import check_quarter


def _measure_as_of(indicator: Indicator, quarter: int, today: dt.date) -> dt.date:
    return min(FiscalYear(indicator.fiscal_year).quarters[quarter - 1].end, today)


def current_snapshot(indicator: Indicator, quarter: int) -> MeasureSnapshot | None:
    return MeasureSnapshot.objects.filter(indicator=indicator, quarter=quarter, superseded_at=None).first()


def _take(indicator: Indicator, quarter: int, *, reason: str, actor: Any, today: dt.date) -> MeasureSnapshot:
    as_of = _measure_as_of(indicator, quarter, today)
    result = MEASURES[indicator.live_measure].compute(indicator.fiscal_year, None, as_of=as_of)
    ids = sorted(result.records.values_list("pk", flat=True)) if result.records is not None else []
    snap = MeasureSnapshot.objects.create(
        indicator=indicator,
        quarter=quarter,
        value=Decimal(result.value).quantize(Decimal("0.01")),
        numerator=result.numerator,
        denominator=result.denominator,
        record_ids=ids,
        breakdown=[[label, figure] for label, figure in result.breakdown],
        as_of=as_of,
        reason=reason,
        taken_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=snap,
        target_label=f"{indicator.code} ไตรมาส {quarter}",
        changes={
            "value": str(snap.value),
            "numerator": str(snap.numerator),
            "denominator": str(snap.denominator),
            "records": len(ids),
            "as_of": str(as_of),
            "reason": reason,
        },
    )
    return snap


def snapshot_ensure(
    indicator: Indicator,
    quarter: int,
    *,
    reason: str = SnapshotReason.DEADLINE,
    actor: Any = None,
    today: dt.date | None = None,
) -> MeasureSnapshot | None:
    """The quarter's current snapshot, taken now if it has none (None for an indicator not measured)."""
    if indicator.measure_kind != MeasureKind.LIVE or indicator.live_measure not in MEASURES:
        return None
    existing = current_snapshot(indicator, quarter)
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            return _take(indicator, quarter, reason=reason, actor=actor, today=today)
    except IntegrityError:  # someone else froze it at the same moment: theirs stands
        return current_snapshot(indicator, quarter)


def snapshots_for_closed_quarters(indicator: Indicator, today: dt.date | None = None) -> int:
    """Freeze every closed quarter of a live indicator that has no snapshot yet; returns how many."""
    if indicator.measure_kind != MeasureKind.LIVE:
        return 0
    today = today or timezone.localdate()
    rows = {r.quarter: r for r in QuarterResult.objects.filter(indicator=indicator)}
    have = set(
        MeasureSnapshot.objects.filter(indicator=indicator, superseded_at=None).values_list(
            "quarter", flat=True
        )
    )
    taken = 0
    for quarter in (1, 2, 3, 4):
        if quarter in have or not rules.is_locked(indicator, quarter, rows.get(quarter), today):
            continue
        if snapshot_ensure(indicator, quarter, today=today) is not None:
            taken += 1
    return taken


@transaction.atomic
def quarter_close(
    *, actor: Any, indicator: Indicator, quarter: int, today: dt.date | None = None
) -> QuarterResult:
    """The assessor closes a quarter before (or after) its deadline; a live figure is frozen with it."""
    check_quarter(quarter)
    if not rules.may_assess(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    if not rules.is_due(indicator, quarter, today):
        raise DomainError(_("ไตรมาสที่ %(q)s ยังไม่สิ้นสุด ปิดไม่ได้") % {"q": quarter}, field="quarter")
    row, _created = QuarterResult.objects.select_for_update().get_or_create(
        indicator=indicator, quarter=quarter
    )
    row.closed_at = timezone.now()
    row.closed_by = actor
    row.reopened_until = None
    row.save(update_fields=["closed_at", "closed_by", "reopened_until", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=row,
        target_label=f"{indicator.code} ไตรมาส {quarter}",
        changes={"closed_at": str(row.closed_at)},
    )
    snapshot_ensure(indicator, quarter, reason=SnapshotReason.CLOSED, actor=actor, today=today)
    return row


@transaction.atomic
def snapshot_refresh(
    *, actor: Any, indicator: Indicator, quarter: int, today: dt.date | None = None
) -> MeasureSnapshot | None:
    """After a reopening, freeze the quarter again from today's register; the old one stays as history."""
    check_quarter(quarter)
    if not rules.may_assess(actor):
        raise PermissionDenied
    if indicator.measure_kind != MeasureKind.LIVE:
        return None
    today = today or timezone.localdate()
    old = MeasureSnapshot.objects.select_for_update().filter(
        indicator=indicator, quarter=quarter, superseded_at=None
    )
    before = [str(s.value) for s in old]
    old.update(superseded_at=timezone.now())
    snap = _take(indicator, quarter, reason=SnapshotReason.REOPENED, actor=actor, today=today)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=snap,
        target_label=f"{indicator.code} ไตรมาส {quarter}",
        changes={"value": [before[0] if before else None, str(snap.value)]},
    )
    return snap
