"""Reads of the collection app. Submissions hold personal data: every read goes through ``scoped``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.http import Http404

from nokrabob.accounts.scope import (
    ScopePaths,
    all_in_scope,
    require_personal_data_access,
    scope_for,
    scoped,
    scoped_area,
    shown_count,
)
from nokrabob.collection.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    Campaign,
    CampaignDistrict,
    Submission,
    SubmissionStatus,
)
from nokrabob.registry.duplicates import Candidate, find_duplicate_candidates
from nokrabob.registry.models import FollowUp, Person


def submissions_for(user: Any) -> QuerySet[Submission]:
    require_personal_data_access(user)
    return scoped(Submission.objects.all(), user)


def review_queue(
    user: Any, *, status: str = "open", campaign: Campaign | None = None
) -> QuerySet[Submission]:
    queryset = submissions_for(user).select_related("campaign", "campaign_district")
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status in SubmissionStatus.values:
        queryset = queryset.filter(status=status)
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset.order_by("created_at", "id")


def submission_get(user: Any, pk: int) -> Submission:
    try:
        return submissions_for(user).select_related("campaign", "campaign_district", "person").get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None


def submission_lookup(reference: str, national_id: str, birth_date: dt.date) -> Submission | None:
    """The worker's own submission, found only when all three match (no hint which one did not)."""
    return (
        Submission.objects.select_related("campaign", "campaign_district")
        .filter(reference=reference, national_id=national_id, birth_date=birth_date)
        .first()
    )


def districts_in_scope(user: Any, campaign: Campaign) -> list[CampaignDistrict]:
    scope = scope_for(user)
    return [
        cd
        for cd in campaign.districts.all()
        if scope.allows(province_code=cd.province_code, district_code=cd.district_code)
    ]


@dataclass
class ShownCandidate:
    """A possible duplicate as the reviewer may see it: full record in scope, a bare mention outside."""

    person: Person
    reasons: list[str]
    in_scope: bool


def candidates_for_review(user: Any, submission: Submission) -> list[ShownCandidate]:
    """Candidates found now (the registry may have changed since the submission came in)."""
    found: list[Candidate] = find_duplicate_candidates(
        national_id=submission.national_id,
        first_name=submission.first_name,
        last_name=submission.last_name,
        birth_date=submission.birth_date,
        phone=submission.answers.get("person", {}).get("phone", ""),
        exclude_pk=submission.person_id,
        limit=5,
    )
    visible = set(
        scoped(Person.objects.filter(pk__in=[c.person.pk for c in found]), user).values_list("pk", flat=True)
    )
    return [ShownCandidate(c.person, c.reasons, c.person.pk in visible) for c in found]


def other_open_submissions(user: Any, submission: Submission) -> QuerySet[Submission]:
    return (
        submissions_for(user)
        .filter(national_id=submission.national_id, status__in=OPEN_STATUSES)
        .exclude(pk=submission.pk)
        .select_related("campaign")
    )


@dataclass
class ProgressRow:
    """Counts of one district (or the total). A count is None where it is withheld from the reader
    (``accounts.scope.shown_count``: a small number of another district's submissions)."""

    district_code: str
    district_name: str
    target: int
    submitted: int | None
    pending: int | None
    approved: int | None
    rejected: int | None

    @property
    def percent(self) -> float | None:
        """Approved (new or merged) against the target, in per cent; 0 when no target is set."""
        if self.approved is None:
            return None
        return round(100 * self.approved / self.target, 1) if self.target else 0.0

    @property
    def bar(self) -> float:
        return min(self.percent or 0.0, 100.0)


def campaign_progress(campaign: Campaign) -> list[ProgressRow]:
    """Per district of the campaign: submitted, waiting, approved (new + merged), rejected, target.

    Aggregates only (no personal data), one query; other modules (indicator level 2, groups reached)
    read it as it is.
    """
    rows = (
        CampaignDistrict.objects.filter(campaign=campaign)
        .annotate(
            n_submitted=Count("submissions"),
            n_pending=Count("submissions", filter=Q(submissions__status__in=OPEN_STATUSES)),
            n_approved=Count("submissions", filter=Q(submissions__status__in=DONE_STATUSES)),
            n_rejected=Count("submissions", filter=Q(submissions__status=SubmissionStatus.REJECTED)),
        )
        .order_by("district_code")
    )
    return [
        ProgressRow(
            district_code=r.district_code,
            district_name=r.district_name,
            target=r.target,
            submitted=r.n_submitted,  # type: ignore[attr-defined]
            pending=r.n_pending,  # type: ignore[attr-defined]
            approved=r.n_approved,  # type: ignore[attr-defined]
            rejected=r.n_rejected,  # type: ignore[attr-defined]
        )
        for r in rows
    ]


def progress_total(rows: list[ProgressRow]) -> ProgressRow:
    """The sum of rows whose counts are all known (``campaign_progress``'s)."""
    return ProgressRow(
        district_code="",
        district_name="",
        target=sum(r.target for r in rows),
        submitted=sum(r.submitted or 0 for r in rows),
        pending=sum(r.pending or 0 for r in rows),
        approved=sum(r.approved or 0 for r in rows),
        rejected=sum(r.rejected or 0 for r in rows),
    )


def _as_shown(row: ProgressRow, *, in_scope: bool) -> ProgressRow:
    def shown(n: int | None) -> int | None:
        return shown_count(n or 0, all_in_scope=in_scope)

    return ProgressRow(
        district_code=row.district_code,
        district_name=row.district_name,
        target=row.target,
        submitted=shown(row.submitted),
        pending=shown(row.pending),
        approved=shown(row.approved),
        rejected=shown(row.rejected),
    )


@dataclass
class CampaignProgress:
    rows: list[ProgressRow]
    total: ProgressRow
    groups: list[GroupRow]


def campaign_progress_for(user: Any, campaign: Campaign) -> CampaignProgress:
    """The campaign's progress as ``user`` may read it: their own districts' counts exactly, other
    districts' (and totals that include them) with small counts withheld. Targets are plans, not people,
    and are always shown."""
    scope = scope_for(user)
    raw = campaign_progress(campaign)
    whole = all_in_scope(Submission.objects.filter(campaign=campaign), user)
    rows = [
        _as_shown(r, in_scope=scope.allows(province_code=r.district_code[:2], district_code=r.district_code))
        for r in raw
    ]
    groups = [
        GroupRow(
            g.occupation_code,
            g.occupation_name,
            shown_count(g.submitted or 0, all_in_scope=whole),
            shown_count(g.approved or 0, all_in_scope=whole),
        )
        for g in campaign_progress_by_occupation(campaign)
    ]
    return CampaignProgress(rows, _as_shown(progress_total(raw), in_scope=whole), groups)


CAMPAIGN_DISTRICT_AREA = ScopePaths(province="province_code", district="district_code")


def campaigns_with_counts(user: Any) -> QuerySet[Campaign]:
    """Campaign list rows with the user's part of each: targets and submissions of their districts."""
    districts = scoped_area(
        CampaignDistrict.objects.filter(campaign=OuterRef("pk")), user, paths=CAMPAIGN_DISTRICT_AREA
    )
    targets = districts.order_by().values("campaign").annotate(total=Sum("target")).values("total")
    mine = scoped(Submission.objects.filter(campaign=OuterRef("pk")), user).order_by().values("campaign")

    def counted(condition: Q) -> Coalesce:
        return Coalesce(Subquery(mine.filter(condition).annotate(c=Count("id")).values("c")), 0)

    return Campaign.objects.annotate(
        n_target=Subquery(targets),
        n_submitted=counted(Q()),
        n_pending=counted(Q(status__in=OPEN_STATUSES)),
        n_approved=counted(Q(status__in=DONE_STATUSES)),
    ).order_by("-fiscal_year", "-opens_on", "id")


@dataclass
class GroupRow:
    occupation_code: str
    occupation_name: str
    submitted: int | None
    approved: int | None


def campaign_progress_by_occupation(campaign: Campaign) -> list[GroupRow]:
    """Per target occupation group of the campaign (seed 001's groups reached): submitted and approved."""
    counts = (
        Submission.objects.filter(campaign=campaign)
        .annotate(group=KT("answers__occupation"))
        .values("group")
        .annotate(
            n_submitted=Count("id"),
            n_approved=Count("id", filter=Q(status__in=DONE_STATUSES)),
        )
    )
    by_code: dict[str, dict[str, Any]] = {row["group"]: dict(row) for row in counts}
    rows = []
    for occupation in campaign.target_occupations.all():
        row: dict[str, Any] = by_code.get(occupation.code, {})
        rows.append(
            GroupRow(occupation.code, occupation.name_th, row.get("n_submitted", 0), row.get("n_approved", 0))
        )
    return rows


def follow_ups_of(user: Any, submission: Submission) -> QuerySet[FollowUp]:
    """The follow-ups a decision on ``submission`` opened, as far as the user may read them."""
    return scoped(FollowUp.objects.filter(submission=submission), user).select_related("scheme")
