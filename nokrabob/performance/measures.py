"""Live measures: indicators computed from the registry by named, tested functions.

A measure's number is an aggregate over the whole register (it holds no personal data, so every role
that may read the indicator sees it). The records behind the number — the drill-down — are personal data
and always pass through ``scoped(..., user)``: a district officer sees their own district's people, an
executive sees the number but no one. The breakdown lines count people per target group across the
register: a reader who may not read all of those people sees counts below the suppression limit withheld
(``accounts.scope.shown_count``).

Register a new measure with ``@measure(code=..., label=..., unit=..., drilldown=...)`` on a function
``(fiscal_year: int, user) -> MeasureResult``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.scope import all_in_scope, scope_for, scoped, shown_count
from nokrabob.core.errors import UnknownCode
from nokrabob.core.fiscal import FiscalYear
from nokrabob.performance.models import MeasureUnit, Milestone, MilestoneKind
from nokrabob.performance.scoring import ratio
from nokrabob.registry.models import (
    Community,
    Household,
    Occupation,
    Participation,
    Person,
    PersonOccupation,
)

PEOPLE = "people"
HOUSEHOLDS = "households"


@dataclass
class MeasureResult:
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    drilldown: QuerySet[Any] | None = None
    # Lines that explain the number: (label, figure) — e.g. members reached per target group.
    breakdown: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Measure:
    code: str
    label: str | Promise
    unit: str
    drilldown_kind: str
    compute: Callable[[int, Any], MeasureResult]
    description: str | Promise = ""


MEASURES: dict[str, Measure] = {}


def measure(
    *, code: str, label: str | Promise, unit: str, drilldown: str, description: str | Promise = ""
) -> Callable[[Callable[[int, Any], MeasureResult]], Callable[[int, Any], MeasureResult]]:
    def register(fn: Callable[[int, Any], MeasureResult]) -> Callable[[int, Any], MeasureResult]:
        if code in MEASURES:
            raise ValueError(f"measure {code} is registered twice")
        MEASURES[code] = Measure(code, label, unit, drilldown, fn, description)
        return fn

    return register


def get_measure(code: str) -> Measure:
    try:
        return MEASURES[code]
    except KeyError:
        raise UnknownCode(str(_("ไม่รู้จักตัววัด %(code)s") % {"code": code}), field="live_measure") from None


def measure_choices() -> list[tuple[str, str]]:
    return [(m.code, str(m.label)) for m in MEASURES.values()]


def compute(code: str, fiscal_year: int, user: Any) -> MeasureResult:
    return get_measure(code).compute(fiscal_year, user)


# ── Building blocks ──────────────────────────────────────────────────────────────────────────


def _visible(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The drill-down as ``user`` may see it: scoped, and empty for roles without personal data."""
    if user is None or scope_for(user).nothing:
        return queryset.none()
    return scoped(queryset, user)


def _figures(counts: dict[int, int], people: QuerySet[Person], user: Any) -> dict[int, str]:
    """Per-group head counts as breakdown figures for ``user``: exact when every person counted is one
    they may read, otherwise small counts read "fewer than 5"."""
    from nokrabob.core.templatetags.thai import head_count

    exact = user is None or all_in_scope(people, user)
    return {pk: head_count(shown_count(n, all_in_scope=exact)) for pk, n in counts.items()}


def target_groups() -> QuerySet[Occupation]:
    return Occupation.objects.filter(is_target_group=True, is_active=True)


def target_group_people() -> QuerySet[Person]:
    """People (not merged away) whose current occupation is one of the target groups."""
    holds = PersonOccupation.objects.filter(
        person=OuterRef("pk"), is_current=True, occupation__is_target_group=True, occupation__is_active=True
    )
    return Person.objects.filter(merged_into__isnull=True).filter(Exists(holds))


def took_part(fiscal_year: int) -> Exists:
    return Exists(Participation.objects.filter(person=OuterRef("pk"), activity__fiscal_year=fiscal_year))


def reached_people(fiscal_year: int) -> QuerySet[Person]:
    """Target-group members who took part in an activity of the fiscal year (seed 001)."""
    return target_group_people().filter(took_part(fiscal_year))


# ── Seed 001: target groups reached, and members reached ──────────────────────────────────────


@measure(
    code="target_groups_reached",
    label=_("จำนวนกลุ่มเป้าหมายที่เข้าถึงสวัสดิการ (มีสมาชิกเข้าร่วมกิจกรรมในปีงบประมาณ)"),
    unit=MeasureUnit.GROUPS,
    drilldown=PEOPLE,
    description=_("กลุ่มเป้าหมายที่มีสมาชิกอย่างน้อย 1 คนเข้าร่วมกิจกรรมให้ความรู้เรื่องสวัสดิการและแหล่งทุนในปีงบประมาณ"),
)
def target_groups_reached(fiscal_year: int, user: Any) -> MeasureResult:
    reached = reached_people(fiscal_year)
    per_group = dict(
        PersonOccupation.objects.filter(is_current=True, person__in=reached, occupation__in=target_groups())
        .values_list("occupation_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("occupation_id", "n")
    )
    all_groups = list(target_groups())
    figures = _figures({g.pk: per_group.get(g.pk, 0) for g in all_groups}, reached, user)
    breakdown = [(g.name_th, figures[g.pk]) for g in all_groups]
    numerator = Decimal(sum(1 for g in all_groups if per_group.get(g.pk, 0) > 0))
    return MeasureResult(
        value=numerator,
        numerator=numerator,
        denominator=Decimal(len(all_groups)),
        drilldown=_visible(reached, user),
        breakdown=breakdown,
    )


@measure(
    code="target_members_reached_pct",
    label=_("ร้อยละของสมาชิกกลุ่มเป้าหมายที่เข้าร่วมกิจกรรมเข้าถึงข้อมูลสวัสดิการและแหล่งทุน"),
    unit=MeasureUnit.PERCENT,
    drilldown=PEOPLE,
    description=_("(จำนวนสมาชิกกลุ่มเป้าหมายที่เข้าร่วมกิจกรรม / จำนวนสมาชิกกลุ่มเป้าหมายทั้งหมด) × 100"),
)
def target_members_reached_pct(fiscal_year: int, user: Any) -> MeasureResult:
    reached = reached_people(fiscal_year)
    numerator = Decimal(reached.count())
    denominator = Decimal(target_group_people().count())
    value = ratio(numerator, denominator) if denominator else Decimal("0")
    return MeasureResult(
        value=(value or Decimal("0")).quantize(Decimal("0.01")),
        numerator=numerator,
        denominator=denominator,
        drilldown=_visible(reached, user),
    )


# ── Seed 000: the database's level of success ─────────────────────────────────────────────────


def _campaign_defined(fiscal_year: int) -> bool:
    """A collection campaign (if the collection module has one) or the admin-recorded milestone."""
    try:
        campaign = apps.get_model("collection", "Campaign")
    except LookupError:
        campaign = None
    if campaign is not None:
        names = {f.name for f in campaign._meta.get_fields()}
        campaigns = campaign.objects.all()
        if "fiscal_year" in names:
            campaigns = campaigns.filter(fiscal_year__lte=fiscal_year)
        if campaigns.exists():
            return True
    defined = Milestone.objects.filter(kind=MilestoneKind.DATABASE_DEFINED, fiscal_year__lte=fiscal_year)
    return defined.exists()


def _every_target_group_entered(fiscal_year: int, user: Any) -> tuple[bool, list[tuple[str, str]]]:
    end = FiscalYear(fiscal_year).end
    counts = dict(
        PersonOccupation.objects.filter(
            is_current=True,
            occupation__in=target_groups(),
            person__merged_into__isnull=True,
            person__created_at__date__lte=end,
        )
        .values_list("occupation_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("occupation_id", "n")
    )
    groups = list(target_groups())
    entered = target_group_people().filter(created_at__date__lte=end)
    figures = _figures({g.pk: counts.get(g.pk, 0) for g in groups}, entered, user)
    lines = [(g.name_th, figures[g.pk]) for g in groups]
    return bool(groups) and all(counts.get(g.pk, 0) > 0 for g in groups), lines


@measure(
    code="database_level",
    label=_("ระดับความสำเร็จในการจัดทำฐานข้อมูลของแรงงานนอกระบบ"),
    unit=MeasureUnit.LEVEL,
    drilldown=PEOPLE,
    description=_(
        "ระดับ 1 กำหนดรูปแบบและชุดข้อมูลแล้ว · ระดับ 2 สำรวจและบันทึกข้อมูลกลุ่มเป้าหมายครบทุกกลุ่ม · "
        "ระดับ 3 นำข้อมูลไปใช้และเผยแพร่แก่หน่วยงานที่เกี่ยวข้อง"
    ),
)
def database_level(fiscal_year: int, user: Any) -> MeasureResult:
    defined = _campaign_defined(fiscal_year)
    entered, lines = _every_target_group_entered(fiscal_year, user)
    published = Milestone.objects.filter(kind=MilestoneKind.DATA_PUBLISHED, fiscal_year=fiscal_year).exists()
    level = 0
    if defined:
        level = 1
        if entered:
            level = 2
            if published:
                level = 3
    yes, no = str(_("แล้ว")), str(_("ยังไม่"))
    breakdown = [
        (str(_("ระดับ 1 กำหนดรูปแบบ ชุดข้อมูล และแหล่งข้อมูล")), yes if defined else no),
        (str(_("ระดับ 2 สำรวจและบันทึกข้อมูลครบทุกกลุ่มเป้าหมาย")), yes if entered else no),
        *lines,
        (str(_("ระดับ 3 นำข้อมูลไปใช้และเผยแพร่")), yes if published else no),
    ]
    people = target_group_people().filter(created_at__date__lte=FiscalYear(fiscal_year).end)
    return MeasureResult(
        value=Decimal(level),
        numerator=Decimal(level),
        denominator=Decimal(3),
        drilldown=_visible(people, user),
        breakdown=breakdown,
    )


# ── Seed 004: communities with household data (One Map) ───────────────────────────────────────


@measure(
    code="community_household_share",
    label=_("ร้อยละของชุมชนที่นำเข้าข้อมูลครัวเรือนแล้ว"),
    unit=MeasureUnit.PERCENT,
    drilldown=HOUSEHOLDS,
    description=_("(จำนวนชุมชนที่มีข้อมูลครัวเรือน / จำนวนชุมชนทั้งหมด) × 100"),
)
def community_household_share(fiscal_year: int, user: Any) -> MeasureResult:
    all_communities = Community.objects.count()
    with_data = Community.objects.filter(Exists(Household.objects.filter(community=OuterRef("pk")))).count()
    value = ratio(with_data, all_communities) if all_communities else Decimal("0")
    households = Household.objects.filter(community__isnull=False).select_related("community")
    return MeasureResult(
        value=(value or Decimal("0")).quantize(Decimal("0.01")),
        numerator=Decimal(with_data),
        denominator=Decimal(all_communities),
        drilldown=_visible(households, user),
    )
