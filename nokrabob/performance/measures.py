"""Live measures: indicators computed from the registry by named, tested functions.

A measure's number is an aggregate over the whole register (it holds no personal data, so every role
that may read the indicator sees it). The records behind the number — the drill-down — are personal data
and always pass through ``scoped(..., user)``: a district officer sees their own district's people, an
executive sees the number but no one. The breakdown lines count people per target group across the
register: a reader who may not read all of those people sees counts below the suppression limit withheld
(``accounts.scope.shown_count``).

Register a new measure with ``@measure(code=..., label=..., unit=..., drilldown=...)`` on a function
``(fiscal_year: int, user, as_of: date | None = None) -> MeasureResult``. ``as_of`` bounds what a dated
record contributes (an activity held, a household entered) so a quarter's figure can be taken as it stood
at the quarter's end; ``records`` is the unscoped list behind the number, kept only in snapshots.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.scope import all_in_scope, scope_for, scoped, shown_count
from nokrabob.core.errors import UnknownCode
from nokrabob.core.fiscal import FiscalYear
from nokrabob.onemap.rules import community_progress, definition_text
from nokrabob.performance.models import MeasureUnit, Milestone, MilestoneKind
from nokrabob.performance.scoring import ratio
from nokrabob.registry.models import (
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
    # Every record behind the number, unscoped: stored (as ids) in a quarter's snapshot, never shown as is.
    records: QuerySet[Any] | None = None
    # Lines that explain the number: (label, figure) — e.g. members reached per target group.
    breakdown: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Measure:
    code: str
    label: str | Promise
    unit: str
    drilldown_kind: str
    compute: Callable[..., MeasureResult]
    description: str | Promise = ""


MEASURES: dict[str, Measure] = {}


def measure(
    *, code: str, label: str | Promise, unit: str, drilldown: str, description: str | Promise = ""
) -> Callable[[Callable[..., MeasureResult]], Callable[..., MeasureResult]]:
    def register(fn: Callable[..., MeasureResult]) -> Callable[..., MeasureResult]:
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


def compute(code: str, fiscal_year: int, user: Any, as_of: dt.date | None = None) -> MeasureResult:
    return get_measure(code).compute(fiscal_year, user, as_of=as_of)


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


def took_part(fiscal_year: int, as_of: dt.date | None = None) -> Exists:
    rows = Participation.objects.filter(person=OuterRef("pk"), activity__fiscal_year=fiscal_year)
    if as_of is not None:
        rows = rows.filter(activity__held_on__lte=as_of)
    return Exists(rows)


def reached_people(fiscal_year: int, as_of: dt.date | None = None) -> QuerySet[Person]:
    """Target-group members who took part in an activity of the fiscal year (seed 001), held by ``as_of``."""
    return target_group_people().filter(took_part(fiscal_year, as_of))


# ── Seed 001: target groups reached, and members reached ──────────────────────────────────────


@measure(
    code="target_groups_reached",
    label=_("จำนวนกลุ่มเป้าหมายที่เข้าถึงสวัสดิการ (มีสมาชิกเข้าร่วมกิจกรรมในปีงบประมาณ)"),
    unit=MeasureUnit.GROUPS,
    drilldown=PEOPLE,
    description=_("กลุ่มเป้าหมายที่มีสมาชิกอย่างน้อย 1 คนเข้าร่วมกิจกรรมให้ความรู้เรื่องสวัสดิการและแหล่งทุนในปีงบประมาณ"),
)
def target_groups_reached(fiscal_year: int, user: Any, as_of: dt.date | None = None) -> MeasureResult:
    reached = reached_people(fiscal_year, as_of)
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
        records=reached,
        breakdown=breakdown,
    )


@measure(
    code="target_members_reached_pct",
    label=_("ร้อยละของสมาชิกกลุ่มเป้าหมายที่เข้าร่วมกิจกรรมเข้าถึงข้อมูลสวัสดิการและแหล่งทุน"),
    unit=MeasureUnit.PERCENT,
    drilldown=PEOPLE,
    description=_("(จำนวนสมาชิกกลุ่มเป้าหมายที่เข้าร่วมกิจกรรม / จำนวนสมาชิกกลุ่มเป้าหมายทั้งหมด) × 100"),
)
def target_members_reached_pct(fiscal_year: int, user: Any, as_of: dt.date | None = None) -> MeasureResult:
    reached = reached_people(fiscal_year, as_of)
    numerator = Decimal(reached.count())
    denominator = Decimal(target_group_people().count())
    value = ratio(numerator, denominator) if denominator else Decimal("0")
    return MeasureResult(
        value=(value or Decimal("0")).quantize(Decimal("0.01")),
        numerator=numerator,
        denominator=denominator,
        drilldown=_visible(reached, user),
        records=reached,
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


@dataclass(frozen=True)
class GroupEntry:
    """One target group's survey by the year's end: who is entered against the share of its stated size."""

    name: str
    entered: int
    size: int | None
    needed: int | None  # people the stated share asks for; None without a stated size

    @property
    def done(self) -> bool:
        return self.needed is not None and self.entered >= self.needed


def entry_share() -> int:
    return int(settings.DATABASE_ENTRY_SHARE)


def _target_groups_entered(fiscal_year: int) -> list[GroupEntry]:
    """Each target group: people entered by the year's end against the stated share of its size."""
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
    share = entry_share()
    return [
        GroupEntry(
            name=g.name_th,
            entered=counts.get(g.pk, 0),
            size=g.target_size,
            needed=None if g.target_size is None else math.ceil(g.target_size * share / 100),
        )
        for g in target_groups()
    ]


def _entry_line(group: GroupEntry, figure: str) -> tuple[str, str]:
    if group.needed is None:
        return group.name, _("บันทึกแล้ว %(n)s คน (ยังไม่ได้กำหนดขนาดกลุ่ม)") % {"n": figure}
    return group.name, _(
        "บันทึกแล้ว %(n)s จากที่ต้องการ %(needed)s คน (%(share)s%% ของ %(size)s คน) – %(state)s"
    ) % {
        "n": figure,
        "needed": f"{group.needed:,}",
        "share": entry_share(),
        "size": f"{group.size:,}",
        "state": _("ครบ") if group.done else _("ยังไม่ครบ"),
    }


def _published(fiscal_year: int) -> tuple[bool, list[tuple[str, str]]]:
    """Stage 3 from facts: the year's open data published at least once, and agencies with API access
    (an active client, not expired, holding a key that is neither revoked nor expired)."""
    from django.db.models import Q
    from django.utils import timezone

    from nokrabob.api.models import ApiClient
    from nokrabob.reports.models import Publication

    publications = Publication.objects.filter(fiscal_year=fiscal_year)
    latest = publications.order_by("-published_at").first()
    now = timezone.now()
    keys = Q(tokens__revoked_at__isnull=True) & (
        Q(tokens__expires_at__isnull=True) | Q(tokens__expires_at__gt=now)
    )
    agencies = list(
        ApiClient.objects.filter(is_active=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=now.date()))
        .filter(keys)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
    from nokrabob.core.templatetags.thai import be_date

    lines = [
        (
            str(_("  เผยแพร่ข้อมูลเปิดของปีงบประมาณนี้")),
            str(_("%(n)s ครั้ง ล่าสุด %(date)s") % {"n": publications.count(), "date": be_date(latest.data_date)})
            if latest
            else str(_("ยังไม่มี")),
        ),
        (
            str(_("  หน่วยงานที่ใช้ข้อมูลผ่าน API ได้")),
            ", ".join(agencies) if agencies else str(_("ยังไม่มี")),
        ),
    ]
    return latest is not None and bool(agencies), lines


# Seed 000 defines three stages; the indicator's target is level 5 on the usual five-level scale. The
# mapping is explicit (and shown on the page): stage 1 = level 1, some target groups entered = level 2,
# stage 2 (every group entered) = level 3, stage 3 (data used and published) = level 5.
STAGE_TO_LEVEL = {0: 0, 1: 1, 2: 3, 3: 5}
PARTIAL_ENTRY_LEVEL = 2


@measure(
    code="database_level",
    label=_("ระดับความสำเร็จในการจัดทำฐานข้อมูลของแรงงานนอกระบบ"),
    unit=MeasureUnit.LEVEL,
    drilldown=PEOPLE,
    description=_(
        "นิยามเดิมมี 3 ขั้น เทียบเป็นระดับ 1–5 ดังนี้: ขั้นที่ 1 กำหนดรูปแบบและชุดข้อมูลแล้ว = ระดับ 1 · "
        "สำรวจและบันทึกข้อมูลแล้วบางกลุ่มเป้าหมาย = ระดับ 2 · ขั้นที่ 2 สำรวจและบันทึกข้อมูลครบทุกกลุ่ม = ระดับ 3 · "
        "ขั้นที่ 3 นำข้อมูลไปใช้และเผยแพร่แก่หน่วยงานที่เกี่ยวข้อง = ระดับ 5"
    ),
)
def database_level(fiscal_year: int, user: Any, as_of: dt.date | None = None) -> MeasureResult:
    """The five-level value (``STAGE_TO_LEVEL``); numerator / denominator are seed 000's stage of 3.

    Each stage is read from facts: stage 1 from a collection campaign (or the recorded milestone);
    stage 2 when every target group has the stated share of its size entered by the year's end (some of
    them: level 2); stage 3 when the year's open data has been published and agencies have API access.
    """
    defined = _campaign_defined(fiscal_year)
    groups = _target_groups_entered(fiscal_year)
    entered = bool(groups) and all(g.done for g in groups)
    some_entered = any(g.done for g in groups)
    published, publication_lines = _published(fiscal_year)
    stage = 0
    if defined:
        stage = 1
        if entered:
            stage = 2
            if published:
                stage = 3
    level = STAGE_TO_LEVEL[stage]
    if stage == 1 and some_entered:
        level = PARTIAL_ENTRY_LEVEL
    people = target_group_people().filter(created_at__date__lte=FiscalYear(fiscal_year).end)
    figures = _figures({i: g.entered for i, g in enumerate(groups)}, people, user)
    yes, no = str(_("แล้ว")), str(_("ยังไม่"))
    breakdown = [
        (str(_("ขั้นที่ 1 กำหนดรูปแบบ ชุดข้อมูล และแหล่งข้อมูล (= ระดับ 1)")), yes if defined else no),
        (
            str(
                _(
                    "ขั้นที่ 2 สำรวจและบันทึกข้อมูลครบทุกกลุ่มเป้าหมาย อย่างน้อยร้อยละ %(share)s ของแต่ละกลุ่ม "
                    "(= ระดับ 3; บางกลุ่ม = ระดับ 2)"
                )
                % {"share": entry_share()}
            ),
            yes if entered else no,
        ),
        *(_entry_line(g, figures[i]) for i, g in enumerate(groups)),
        (str(_("ขั้นที่ 3 นำข้อมูลไปใช้และเผยแพร่แก่หน่วยงานที่เกี่ยวข้อง (= ระดับ 5)")), yes if published else no),
        *publication_lines,
    ]
    return MeasureResult(
        value=Decimal(level),
        numerator=Decimal(stage),
        denominator=Decimal(3),
        drilldown=_visible(people, user),
        records=people,
        breakdown=[(str(k), str(v)) for k, v in breakdown],
    )


# ── Seed 004: communities with household data (One Map) ───────────────────────────────────────


@measure(
    code="community_household_share",
    label=_("ร้อยละของชุมชนที่นำเข้าข้อมูลครัวเรือนแล้ว"),
    unit=MeasureUnit.PERCENT,
    drilldown=HOUSEHOLDS,
    description=_("(จำนวนชุมชนที่นำเข้าข้อมูลครัวเรือนแล้ว / จำนวนชุมชนทั้งหมด) × 100 ตามนิยามในหน้า One Map"),
)
def community_household_share(fiscal_year: int, user: Any, as_of: dt.date | None = None) -> MeasureResult:
    """Communities entered by the year's end (or by ``as_of``) over all communities, "entered" as
    ``onemap.rules`` defines it: households entered later belong to a later year, so FY 2567 does not
    move with today."""
    until = min(as_of, FiscalYear(fiscal_year).end) if as_of else FiscalYear(fiscal_year).end
    progress = community_progress(until)
    with_data = sum(1 for row in progress if row.is_entered)
    all_communities = len(progress)
    value = ratio(with_data, all_communities) if all_communities else Decimal("0")
    households = Household.objects.filter(
        community__isnull=False, created_at__date__lte=until
    ).select_related("community")
    return MeasureResult(
        value=(value or Decimal("0")).quantize(Decimal("0.01")),
        numerator=Decimal(with_data),
        denominator=Decimal(all_communities),
        drilldown=_visible(households, user),
        records=households,
        breakdown=[(str(_("นิยาม")), definition_text())],
    )
