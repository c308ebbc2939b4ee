"""Loading the seed documents into the database (idempotent: running again replaces, never doubles)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.models import OrgUnit
from nokrabob.core.reference import SOCIAL_DEVELOPMENT_CODE
from nokrabob.projects import seed
from nokrabob.projects.models import (
    PlanStep,
    ProgressEntry,
    ProgressMode,
    Project,
    ProjectAssessment,
    ProjectOutput,
    RoundCriterion,
)


@transaction.atomic
def load_seed_project(*, actor: Any = None) -> Project:
    """Project 24000000-3029 as seed 002 shows it: ten progress entries, three steps, three outputs.

    The steps are written as published (weights 20 / 50 / 0); the service that edits steps would
    refuse that plan, and the project page says so, so the figures stay the seed's own.
    """
    project, _created = Project.objects.update_or_create(
        code=seed.PROJECT_CODE,
        defaults={
            "name": seed.PROJECT_NAME,
            "owner_unit": OrgUnit.objects.get(code=SOCIAL_DEVELOPMENT_CODE),
            "responsible_position": seed.PROJECT_RESPONSIBLE,
            "fiscal_year": seed.PROJECT_FISCAL_YEAR,
            "rationale": seed.RATIONALE,
            "objectives": seed.OBJECTIVES,
            "targets": seed.TARGETS,
            "budget_code": seed.PROJECT_BUDGET_CODE,
            "strategy_text": seed.STRATEGY,
            "progress_mode": ProgressMode.ENTERED,
        },
    )
    link_seed_indicator(project)
    project.steps.all().delete()
    PlanStep.objects.bulk_create(
        PlanStep(
            project=project,
            number=i,
            name=name,
            weight=Decimal(weight),
            planned_start=dt.date.fromisoformat(start),
            planned_end=dt.date.fromisoformat(end),
        )
        for i, (name, weight, start, end) in enumerate(seed.PLAN_STEPS, start=1)
    )
    project.progress_entries.all().delete()
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            project=project,
            reported_on=dt.date.fromisoformat(day),
            percent=Decimal(pct),
            work_done=text,
            problems=problems,
            obstacles=obstacles,
        )
        for day, pct, text, problems, obstacles in reversed(seed.PROGRESS_ENTRIES)
    )
    project.outputs.all().delete()
    ProjectOutput.objects.bulk_create(
        ProjectOutput(project=project, number=i, target_group=group, people=people)
        for i, (group, people) in enumerate(seed.OUTPUTS, start=1)
    )
    ProjectAssessment.objects.update_or_create(
        project=project, quarter=1, defaults={"score": Decimal(seed.PROJECT_Q1_ASSESSMENT)}
    )
    audit_record(actor=actor, action=AuditAction.IMPORT, target=project, changes={"source": "seed 002"})
    return project


@transaction.atomic
def load_round_tables(fiscal_year: int = seed.ROUND_TABLES_FISCAL_YEAR) -> int:
    """Seed 003's level tables for both rounds, stored for ``fiscal_year`` (FY 2565 by default)."""
    for round_, level, plan, on_time, people, budget, yearly, text in seed.ROUND_TABLES:
        RoundCriterion.objects.update_or_create(
            fiscal_year=fiscal_year,
            round=round_,
            level=level,
            defaults={
                "needs_plan": plan,
                "needs_on_time_reports": on_time,
                "people_pct_min": Decimal(people) if people else None,
                "budget_pct_min": Decimal(budget) if budget else None,
                "needs_yearly_report": yearly,
                "description": text,
            },
        )
    return len(seed.ROUND_TABLES)


def link_seed_indicator(project: Project) -> None:
    """Link indicator 2400-1065 of the project's fiscal year (or the earliest year) and tactic ๓.๒.๒.๑
    of the strategy map, when the performance module has loaded them."""
    from nokrabob.performance.models import Indicator, StrategyNode

    node = StrategyNode.objects.filter(code=seed.PROJECT_TACTIC).order_by("id").first()
    if node is not None and project.strategy_node_id != node.pk:
        project.strategy_node = node
        project.save(update_fields=["strategy_node", "updated_at"])

    candidates = Indicator.objects.filter(code=seed.PROJECT_INDICATOR)
    indicator = (
        candidates.filter(fiscal_year=project.fiscal_year).first()
        or candidates.order_by("fiscal_year").first()
    )
    if indicator is not None:
        project.indicators.add(indicator)
