"""Load seeds 000, 001 and 004 into the database (idempotent: a second run updates in place).

Historical quarters are loaded as they were reported, bypassing the reporting deadline (they are long
past it); the load writes one audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.models import Area, OrgUnit, UnitKind
from nokrabob.core.reference import BANGKOK_CODE, CITY_CODE, SOCIAL_DEVELOPMENT_CODE
from nokrabob.performance import seed_data, seed_duties
from nokrabob.performance.models import (
    ActionStep,
    AgreementComponent,
    EvidenceItem,
    Indicator,
    IndicatorBaseline,
    IndicatorDuty,
    LevelCriterion,
    PerformanceAgreement,
    QuarterAssessment,
    QuarterResult,
    StrategyNode,
)


@dataclass
class SeedSummary:
    nodes: int
    indicators: int
    results: int
    assessments: int


def _nodes() -> dict[str, StrategyNode]:
    made: dict[str, StrategyNode] = {}
    for order, (key, kind, code, title, parent_key) in enumerate(seed_data.STRATEGY_NODES):
        parent = made[parent_key] if parent_key else None
        node = StrategyNode.objects.filter(kind=kind, parent=parent, title=title).first()
        if node is None:
            node = StrategyNode(kind=kind, parent=parent, title=title)
        node.code = code
        node.sort_order = order
        node.save()
        made[key] = node
    return made


def _joint_units() -> dict[str, OrgUnit]:
    city = OrgUnit.objects.get(code=CITY_CODE)
    bangkok = Area.objects.get(code=BANGKOK_CODE)
    units = {}
    for code, name_th, name_en, abbr in seed_data.JOINT_UNITS:
        units[code], _ = OrgUnit.objects.get_or_create(
            code=code,
            defaults={
                "kind": UnitKind.BMA_DEPARTMENT,
                "name_th": name_th,
                "name_en": name_en,
                "abbreviation": abbr,
                "area": bangkok,
                "parent": city,
            },
        )
    return units


INDICATOR_KEYS = (
    "name",
    "category",
    "result_level",
    "unit_of_measure",
    "target",
    "target_text",
    "achieved",
    "weight",
    "measure_kind",
    "numerator_label",
    "denominator_label",
    "factor",
    "live_measure",
    "scored_from",
    "definition",
    "calculation_method",
    "evidence_required",
    "data_source",
)


def _indicator(
    spec: dict[str, Any], lead: OrgUnit, nodes: dict[str, StrategyNode], **extra: Any
) -> Indicator:
    indicator = Indicator.objects.filter(fiscal_year=spec["fiscal_year"], code=spec["code"]).first()
    if indicator is None:
        indicator = Indicator(fiscal_year=spec["fiscal_year"], code=spec["code"])
    indicator.lead_unit = lead
    for key in INDICATOR_KEYS:
        if key in spec:
            setattr(indicator, key, spec[key])
    for key, value in extra.items():
        setattr(indicator, key, value)
    indicator.save()
    indicator.owner_units.add(lead)
    indicator.strategy_nodes.set([nodes[k] for k in spec.get("nodes", [])])
    for year, text in spec.get("baselines", {}).items():
        IndicatorBaseline.objects.update_or_create(
            indicator=indicator, fiscal_year=year, defaults={"text": text}
        )
    if spec.get("levels"):
        indicator.levels.all().delete()
        LevelCriterion.objects.bulk_create(
            LevelCriterion(indicator=indicator, level=lv, percent=pct, criterion=text)
            for lv, pct, text in spec["levels"]
        )
    return indicator


def _quarters(indicator: Indicator, spec: dict[str, Any]) -> tuple[int, int]:
    results = assessments = 0
    for quarter, (value, narrative) in spec.get("quarters", {}).items():
        QuarterResult.objects.update_or_create(
            indicator=indicator, quarter=quarter, defaults={"result": value, "narrative": narrative}
        )
        results += 1
    for quarter, (score, s21, s22) in spec.get("assessments", {}).items():
        QuarterAssessment.objects.update_or_create(
            indicator=indicator,
            quarter=quarter,
            defaults={"score": score, "score_21": s21, "score_22": s22},
        )
        assessments += 1
    return results, assessments


def _action_plan(indicator: Indicator) -> None:
    """Seed 004's Gantt for the indicator, if it has one; a step's recorded progress survives a reload."""
    plan = seed_data.ACTION_PLANS.get(indicator.code)
    if plan is None:
        return
    title, steps = plan
    if indicator.action_plan_title != title:
        indicator.action_plan_title = title
        indicator.save(update_fields=["action_plan_title"])
    for number, (text, units, start, end, level) in enumerate(steps, start=1):
        ActionStep.objects.update_or_create(
            indicator=indicator,
            number=number,
            defaults={"title": text, "units": units, "start_month": start, "end_month": end, "level": level},
        )
    ActionStep.objects.filter(indicator=indicator, number__gt=len(steps)).delete()


def _duties_and_evidence(indicator: Indicator) -> None:
    """Seed 004's duties (replaced) and evidence list (by number: files uploaded against an item stay)."""
    duties = seed_duties.DUTIES.get(indicator.code, [])
    indicator.duties.all().delete()
    IndicatorDuty.objects.bulk_create(
        IndicatorDuty(indicator=indicator, role=role, unit_name=unit, task=task, sort_order=n)
        for n, (role, unit, task) in enumerate(duties, start=1)
    )
    items = seed_duties.EVIDENCE.get(indicator.code, [])
    for number, (title, level) in enumerate(items, start=1):
        EvidenceItem.objects.update_or_create(
            indicator=indicator, number=number, defaults={"title": title, "level": level}
        )
    EvidenceItem.objects.filter(indicator=indicator, number__gt=len(items), files__isnull=True).delete()


@transaction.atomic
def load_seeds(*, actor: Any = None, stdout: IO[str] | None = None) -> SeedSummary:
    department = OrgUnit.objects.get(code=SOCIAL_DEVELOPMENT_CODE)
    nodes = _nodes()
    joint = _joint_units()
    results = assessments = 0
    loaded = []
    for spec in (seed_data.SEED_001, seed_data.SEED_000):
        indicator = _indicator(spec, department, nodes)
        r, a = _quarters(indicator, spec)
        results, assessments = results + r, assessments + a
        loaded.append(indicator)

    agreement_spec = seed_data.AGREEMENT_2567
    agreement, _ = PerformanceAgreement.objects.update_or_create(
        unit=department,
        fiscal_year=agreement_spec["fiscal_year"],
        defaults={"title": agreement_spec["title"]},
    )
    components = {}
    for code, name, weight in agreement_spec["components"]:
        components[code], _ = AgreementComponent.objects.update_or_create(
            agreement=agreement, code=code, defaults={"name": name, "weight": weight}
        )
    for order, spec in enumerate(seed_data.AGREEMENT_INDICATORS, start=1):
        spec = {**spec, "fiscal_year": agreement_spec["fiscal_year"]}
        indicator = _indicator(
            spec, department, nodes, component=components[spec["component"]], sort_order=order
        )
        for code in spec.get("joint_units", []):
            indicator.owner_units.add(joint[code])
        _action_plan(indicator)
        _duties_and_evidence(indicator)
        loaded.append(indicator)

    summary = SeedSummary(nodes=len(nodes), indicators=len(loaded), results=results, assessments=assessments)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        target_type="performance.indicator",
        target_label="seeds 000, 001, 004",
        changes={"indicators": [i.code for i in loaded], "nodes": summary.nodes},
    )
    if stdout is not None:
        stdout.write(
            f"performance seeds: {summary.indicators} indicators, {summary.nodes} strategy nodes, "
            f"{summary.results} quarterly results, {summary.assessments} assessments"
        )
    return summary
