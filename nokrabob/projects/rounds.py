"""Scoring a provincial labour office's round (seed 003) on five milestone levels.

Round 1 (October–March) and round 2 (April–September) each have a level table: which conditions a
province must meet for each level. The levels are milestones: a level counts only when every level
below it is met too, so a province that reported late stops at the level before the reporting one
whatever its percentages. The tables are data (``RoundCriterion`` rows, loaded from the seed for
FY 2565); this module is pure and takes them as ``Criterion`` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Criterion:
    level: int
    description: str = ""
    needs_plan: bool = False
    needs_on_time_reports: bool = False
    people_pct_min: Decimal | None = None
    budget_pct_min: Decimal | None = None
    needs_yearly_report: bool = False


@dataclass(frozen=True)
class RoundFacts:
    """What was achieved in a round, as the scoring needs it."""

    plan_on_time: bool
    reports_on_time: bool
    people_pct: Decimal | None
    budget_pct: Decimal | None
    yearly_report_on_time: bool = False


@dataclass(frozen=True)
class RoundScore:
    level: int
    met: dict[int, bool] = field(default_factory=dict)  # level → whether its own conditions are met

    @property
    def label(self) -> str:
        return str(self.level)


def percent(part: Decimal | int, whole: Decimal | int | None) -> Decimal | None:
    """part / whole × 100 to two decimals; None when there is nothing to divide by."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def criterion_met(criterion: Criterion, facts: RoundFacts) -> bool:
    if criterion.needs_plan and not facts.plan_on_time:
        return False
    if criterion.needs_on_time_reports and not facts.reports_on_time:
        return False
    if criterion.needs_yearly_report and not facts.yearly_report_on_time:
        return False
    if criterion.people_pct_min is not None and (
        facts.people_pct is None or facts.people_pct < criterion.people_pct_min
    ):
        return False
    return not (
        criterion.budget_pct_min is not None
        and (facts.budget_pct is None or facts.budget_pct < criterion.budget_pct_min)
    )


def score_round(criteria: Iterable[Criterion], facts: RoundFacts) -> RoundScore:
    """The highest level whose conditions, and those of every level below it, are met (0 = none)."""
    ordered: Sequence[Criterion] = sorted(criteria, key=lambda c: c.level)
    met = {c.level: criterion_met(c, facts) for c in ordered}
    level = 0
    for criterion in ordered:
        if not met[criterion.level]:
            break
        level = criterion.level
    return RoundScore(level=level, met=met)
