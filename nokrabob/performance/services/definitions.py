"""Defining indicators: the indicator, its level table and baselines, the strategy map, milestones."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.errors import DomainError
from nokrabob.core.models import OrgUnit
from nokrabob.performance import rules
from nokrabob.performance.measures import MEASURES
from nokrabob.performance.models import (
    AgreementComponent,
    Indicator,
    IndicatorBaseline,
    LevelCriterion,
    MeasureKind,
    MeasureUnit,
    Milestone,
    NodeKind,
    ScoredFrom,
    StrategyNode,
)
from nokrabob.performance.services._common import (
    HUNDRED,
    check_in_fiscal_year,
    check_percent,
    num,
    snapshot,
)

# ── Indicators ───────────────────────────────────────────────────────────────────────────────


@dataclass
class IndicatorData:
    fiscal_year: int
    code: str
    name: str
    lead_unit: OrgUnit
    unit_of_measure: str
    measure_kind: str = MeasureKind.NUMBER
    owner_units: Sequence[OrgUnit] = ()
    category: str = "strategic"
    result_level: str = "output"
    component: AgreementComponent | None = None
    target: Decimal | None = None
    target_text: str = ""
    achieved: Decimal | None = None
    weight: Decimal = Decimal("0")
    definition: str = ""
    calculation_method: str = ""
    evidence_required: str = ""
    data_source: str = ""
    numerator_label: str = ""
    denominator_label: str = ""
    factor: Decimal = HUNDRED
    live_measure: str = ""
    interpolate: bool = False
    # "" = by kind: a live indicator scores the registry's figure, every other one the reported figure.
    scored_from: str = ""
    report_due_days: int = 15
    sort_order: int = 0


def _validate_indicator(data: IndicatorData, *, instance: Indicator | None = None) -> None:
    if not 2400 <= data.fiscal_year <= 2700:
        raise DomainError(_("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567"), field="fiscal_year")
    if not data.code.strip():
        raise DomainError(_("กรอกรหัสตัวชี้วัด"), field="code")
    clash = Indicator.objects.filter(fiscal_year=data.fiscal_year, code=data.code.strip())
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise DomainError(
            _("รหัส %(code)s มีอยู่แล้วในปีงบประมาณ %(fy)s") % {"code": data.code, "fy": data.fiscal_year},
            field="code",
        )
    if data.weight < 0 or data.weight > HUNDRED:
        raise DomainError(_("น้ำหนักคะแนนต้องอยู่ระหว่าง 0 ถึง 100"), field="weight")
    if data.target is not None and data.target < 0:
        raise DomainError(_("ค่าเป้าหมายต้องไม่ติดลบ"), field="target")
    if data.unit_of_measure == MeasureUnit.PERCENT:
        check_percent(data.target, "target")
    if data.unit_of_measure == MeasureUnit.LEVEL and data.target is not None and data.target > 5:
        raise DomainError(_("ระดับเป้าหมายต้องไม่เกิน 5"), field="target")
    if data.measure_kind == MeasureKind.LIVE and data.live_measure not in MEASURES:
        raise DomainError(_("เลือกตัววัดจากฐานข้อมูลทะเบียน"), field="live_measure")
    if data.measure_kind == MeasureKind.FORMULA and data.factor <= 0:
        raise DomainError(_("ตัวคูณต้องมากกว่า 0"), field="factor")
    if data.scored_from and data.scored_from not in ScoredFrom.values:
        raise DomainError(_("เลือกตัวเลขที่ใช้คิดคะแนน"), field="scored_from")
    if data.scored_from == ScoredFrom.MEASURED and data.measure_kind != MeasureKind.LIVE:
        raise DomainError(_("คิดคะแนนจากค่าที่วัดได้ใช้ได้เฉพาะตัวชี้วัดที่คำนวณจากฐานข้อมูลทะเบียน"), field="scored_from")
    if data.component is not None:
        if data.component.agreement.fiscal_year != data.fiscal_year:
            raise DomainError(_("องค์ประกอบนี้เป็นของปีงบประมาณอื่น"), field="component")
        others = Indicator.objects.filter(component=data.component)
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        used = others.aggregate(total=Sum("weight"))["total"] or Decimal("0")
        if used + data.weight > data.component.weight:
            raise DomainError(
                _(
                    "น้ำหนักรวมของตัวชี้วัดในองค์ประกอบ %(code)s จะเป็น %(total)s คะแนน "
                    "เกินน้ำหนักขององค์ประกอบ %(limit)s คะแนน"
                )
                % {
                    "code": data.component.code,
                    "total": num(used + data.weight),
                    "limit": num(data.component.weight),
                },
                field="weight",
            )


def _scored_from(data: IndicatorData) -> str:
    if data.scored_from:
        return data.scored_from
    return ScoredFrom.MEASURED if data.measure_kind == MeasureKind.LIVE else ScoredFrom.REPORTED


INDICATOR_FIELDS = tuple(
    f for f in IndicatorData.__dataclass_fields__ if f not in {"owner_units", "fiscal_year", "code"}
)


@transaction.atomic
def indicator_create(*, actor: Any, data: IndicatorData) -> Indicator:
    _validate_indicator(data)
    indicator = Indicator(fiscal_year=data.fiscal_year, code=data.code.strip())
    for name in INDICATOR_FIELDS:
        setattr(indicator, name, getattr(data, name))
    indicator.scored_from = _scored_from(data)
    indicator.save()
    indicator.owner_units.set([data.lead_unit, *data.owner_units])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=indicator,
        changes={"fiscal_year": data.fiscal_year, "weight": str(data.weight), "target": str(data.target)},
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, data: IndicatorData) -> Indicator:
    _validate_indicator(data, instance=indicator)
    before = snapshot(indicator, ("code", *INDICATOR_FIELDS))
    indicator.code = data.code.strip()
    for name in INDICATOR_FIELDS:
        setattr(indicator, name, getattr(data, name))
    indicator.scored_from = _scored_from(data)
    indicator.save()
    indicator.owner_units.set([data.lead_unit, *data.owner_units])
    changes = field_changes(before, snapshot(indicator, ("code", *INDICATOR_FIELDS)))
    audit_record(actor=actor, action=AuditAction.UPDATE, target=indicator, changes=changes)
    return indicator


@dataclass
class LevelRow:
    """A level's threshold and criterion; its score is not entered: it is weight × level / 5."""

    level: int
    percent: Decimal
    criterion: str = ""


@transaction.atomic
def level_table_set(*, actor: Any, indicator: Indicator, rows: Sequence[LevelRow]) -> list[LevelCriterion]:
    """Replace an indicator's 5-level table. Percents rise with the level; scores fit the weight."""
    levels = sorted(rows, key=lambda r: r.level)
    seen = [r.level for r in levels]
    if len(seen) != len(set(seen)) or any(lv not in range(1, 6) for lv in seen):
        raise DomainError(_("ระดับต้องเป็น 1 ถึง 5 และไม่ซ้ำกัน"), field="levels")
    for row in levels:
        check_percent(row.percent, "levels")
    for lower, upper in itertools.pairwise(levels):
        if upper.percent <= lower.percent:
            raise DomainError(
                _("ร้อยละของระดับ %(upper)s ต้องมากกว่าระดับ %(lower)s")
                % {"upper": upper.level, "lower": lower.level},
                field="levels",
            )
    before = [(c.level, str(c.percent)) for c in indicator.levels.all()]
    indicator.levels.all().delete()
    created = LevelCriterion.objects.bulk_create(
        LevelCriterion(indicator=indicator, level=r.level, percent=r.percent, criterion=r.criterion)
        for r in levels
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=indicator,
        changes={"levels": [before, [(r.level, str(r.percent)) for r in levels]]},
    )
    return created


@transaction.atomic
def milestone_record(
    *, actor: Any, kind: str, fiscal_year: int, achieved_on: dt.date, note: str = ""
) -> Milestone:
    if not rules.may_manage(actor):
        raise PermissionDenied
    check_in_fiscal_year(achieved_on, fiscal_year, "achieved_on")
    milestone, created = Milestone.objects.update_or_create(
        kind=kind,
        fiscal_year=fiscal_year,
        defaults={"achieved_on": achieved_on, "note": note.strip(), "recorded_by": actor},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=milestone,
        changes={"kind": kind, "fiscal_year": fiscal_year, "achieved_on": str(achieved_on)},
    )
    return milestone


@transaction.atomic
def strategy_node_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    code: str = "",
    parent: StrategyNode | None = None,
    description: str = "",
    sort_order: int = 0,
) -> StrategyNode:
    if not rules.may_manage(actor):
        raise PermissionDenied
    if kind not in NodeKind.values:
        raise DomainError(_("เลือกประเภทของรายการ"), field="kind")
    if not title.strip():
        raise DomainError(_("กรอกชื่อ"), field="title")
    if kind != NodeKind.PLAN and kind != NodeKind.POLICY_GROUP and parent is None:
        raise DomainError(_("เลือกรายการที่อยู่เหนือขึ้นไป"), field="parent")
    code = code.strip()
    if code and StrategyNode.objects.filter(parent=parent, kind=kind, code=code).exists():
        raise DomainError(_("รหัส %(code)s มีอยู่แล้วในระดับนี้") % {"code": code}, field="code")
    node = StrategyNode.objects.create(
        kind=kind,
        title=title.strip(),
        code=code,
        parent=parent,
        description=description,
        sort_order=sort_order,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=node, changes={"kind": kind, "code": code})
    return node


@transaction.atomic
def indicator_link_nodes(*, actor: Any, indicator: Indicator, nodes: Sequence[StrategyNode]) -> None:
    before = sorted(n.pk for n in indicator.strategy_nodes.all())
    indicator.strategy_nodes.set(nodes)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=indicator,
        changes={"strategy_nodes": [before, sorted(n.pk for n in nodes)]},
    )


@transaction.atomic
def indicator_save(
    *,
    actor: Any,
    data: IndicatorData,
    levels: Sequence[LevelRow],
    indicator: Indicator | None = None,
    nodes: Sequence[StrategyNode] | None = None,
    baselines: Sequence[tuple[int, Decimal | None, str]] | None = None,
) -> Indicator:
    """Create or update an indicator and its level table together: both are saved or neither is."""
    if not rules.may_manage(actor):
        raise PermissionDenied
    if indicator is None:
        indicator = indicator_create(actor=actor, data=data)
    else:
        indicator = indicator_update(actor=actor, indicator=indicator, data=data)
    if levels or indicator.levels.exists():
        level_table_set(actor=actor, indicator=indicator, rows=levels)
    if baselines is not None:
        baselines_set(actor=actor, indicator=indicator, rows=baselines)
    if nodes is not None and set(nodes) != set(indicator.strategy_nodes.all()):
        indicator_link_nodes(actor=actor, indicator=indicator, nodes=nodes)
    return indicator


@transaction.atomic
def baselines_set(
    *, actor: Any, indicator: Indicator, rows: Sequence[tuple[int, Decimal | None, str]]
) -> None:
    """Replace the results of past fiscal years (ข้อมูลพื้นฐาน) shown with the indicator."""
    years = [year for year, _value, _text in rows]
    if len(years) != len(set(years)):
        raise DomainError(_("ปีของข้อมูลพื้นฐานซ้ำกัน"), field="baselines")
    for year, value, text in rows:
        if year >= indicator.fiscal_year:
            raise DomainError(
                _("ข้อมูลพื้นฐานต้องเป็นปีก่อนปีงบประมาณ %(fy)s") % {"fy": indicator.fiscal_year}, field="baselines"
            )
        if value is None and not text.strip():
            raise DomainError(_("กรอกผลงานของปี %(y)s") % {"y": year}, field="baselines")
    before = sorted((b.fiscal_year, str(b.value), b.text) for b in indicator.baselines.all())
    after = sorted((year, str(value), text.strip()) for year, value, text in rows)
    if before == after:
        return
    indicator.baselines.all().delete()
    IndicatorBaseline.objects.bulk_create(
        IndicatorBaseline(indicator=indicator, fiscal_year=year, value=value, text=text.strip())
        for year, value, text in rows
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=indicator, changes={"baselines": [before, after]}
    )
