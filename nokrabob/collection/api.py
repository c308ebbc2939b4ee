"""Read-only REST endpoints: campaigns and their progress per district (aggregates: counts that include
another district's submissions are withheld below the suppression limit, as on the campaign page —
``collection.selectors.campaign_progress_for``), and a campaign's submissions (personal data: the review
queue's scope, IDs masked as on the pages, every read audited with the client's name).

Mounted at ``/api/v1/collection/``. Indicator level 2 (seed 000) and the groups reached (seed 001) read
``campaigns/<id>/progress/``.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.api.base import Cursor, PageQuery, V1View, page_of
from nokrabob.api.models import Operation
from nokrabob.api.people import audit_read, audit_refusal, shown_national_id
from nokrabob.api.query import FiscalYearQuery
from nokrabob.collection.models import Campaign, Submission, SubmissionStatus
from nokrabob.collection.selectors import campaign_progress_for, submission_get, submissions_for
from nokrabob.core.http import acting_user
from nokrabob.registry.models import Occupation


class CampaignSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    target_occupations: serializers.SlugRelatedField[Occupation] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = Campaign
        fields = ["id", "name", "fiscal_year", "opens_on", "closes_on", "state", "target_occupations"]

    def get_state(self, campaign: Campaign) -> str:
        return campaign.state()


class ProgressRowSerializer(serializers.Serializer):
    """null: a count withheld from this reader (fewer than the suppression limit, not theirs)."""

    district_code = serializers.CharField(allow_blank=True, help_text="empty in the total")
    district_name = serializers.CharField(allow_blank=True)
    target = serializers.IntegerField()
    submitted = serializers.IntegerField(allow_null=True)
    pending = serializers.IntegerField(allow_null=True)
    approved = serializers.IntegerField(allow_null=True)
    rejected = serializers.IntegerField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)


class GroupRowSerializer(serializers.Serializer):
    occupation_code = serializers.CharField()
    occupation_name = serializers.CharField()
    submitted = serializers.IntegerField(allow_null=True)
    approved = serializers.IntegerField(allow_null=True)


class CampaignProgressSerializer(serializers.Serializer):
    campaign = CampaignSerializer()
    districts = ProgressRowSerializer(many=True)
    total = ProgressRowSerializer()
    groups = GroupRowSerializer(many=True)


class CampaignList(V1View):
    serializer_class = CampaignSerializer

    @extend_schema(parameters=[FiscalYearQuery], responses=CampaignSerializer(many=True))
    def get(self, request: Request) -> Response:
        campaigns = Campaign.objects.prefetch_related("target_occupations").order_by("-fiscal_year", "id")
        year = FiscalYearQuery.read(request)
        if year is not None:
            campaigns = campaigns.filter(fiscal_year=year)
        return Response(CampaignSerializer(campaigns, many=True).data)


class CampaignProgress(V1View):
    serializer_class = CampaignProgressSerializer

    @extend_schema(responses=CampaignProgressSerializer)
    def get(self, request: Request, pk: int) -> Response:
        campaign = get_object_or_404(Campaign, pk=pk)
        progress = campaign_progress_for(acting_user(request), campaign)  # type: ignore[arg-type]
        return Response(
            {
                "campaign": CampaignSerializer(campaign).data,
                "districts": ProgressRowSerializer(progress.rows, many=True).data,
                "total": ProgressRowSerializer(progress.total).data,
                "groups": GroupRowSerializer(progress.groups, many=True).data,
            }
        )


class SubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    campaign = serializers.IntegerField()
    district_code = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    national_id = serializers.CharField(help_text="masked for roles that see masked IDs")
    first_name = serializers.CharField()
    last_name = serializers.CharField(allow_blank=True)
    birth_date = serializers.DateField()
    person = serializers.IntegerField(allow_null=True, help_text="the registry person, once approved")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


def _submission(s: Submission, *, full: bool) -> dict[str, Any]:
    return {
        "id": s.pk,
        "reference": s.reference,
        "campaign": s.campaign_id,
        "district_code": s.district_code,
        "channel": s.channel,
        "status": s.status,
        "national_id": shown_national_id(s.national_id, full),
        "first_name": s.first_name,
        "last_name": s.last_name,
        "birth_date": s.birth_date.isoformat(),
        "person": s.person_id,
        "created_at": s.created_at.isoformat(),
        "decided_at": s.decided_at.isoformat() if s.decided_at else None,
    }


class SubmissionQuery(PageQuery):
    status = serializers.ChoiceField(choices=SubmissionStatus.values, required=False)


class SubmissionList(V1View):
    """A campaign's submissions in the caller's scope (the review queue's), oldest first."""

    required_operations = {"GET": Operation.READ}

    @extend_schema(
        operation_id="v1_campaign_submissions",
        parameters=[SubmissionQuery],
        responses=page_of("SubmissionPage", SubmissionSerializer(many=True)),
    )
    def get(self, request: Request, pk: int) -> Response:
        query = SubmissionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = acting_user(request)
        campaign = get_object_or_404(Campaign, pk=pk)
        rows = submissions_for(user).filter(campaign=campaign)
        if query.validated_data.get("status"):
            rows = rows.filter(status=query.validated_data["status"])
        paginator = Cursor()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        audit_read(
            request,
            endpoint="campaign_submissions",
            target_type="collection.submission",
            ids=[s.pk for s in page],
        )
        full = may_see_full_national_id(user)
        return paginator.get_paginated_response([_submission(s, full=full) for s in page])


class SubmissionDetail(V1View):
    required_operations = {"GET": Operation.READ}

    @extend_schema(operation_id="v1_submission_detail", responses=SubmissionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        try:
            submission = submission_get(user, pk)
        except Http404:
            audit_refusal(request, target_type="collection.submission", pk=pk)
            raise
        audit_read(
            request, endpoint="submission_detail", target_type="collection.submission", ids=[submission.pk]
        )
        return Response(_submission(submission, full=may_see_full_national_id(user)))


urlpatterns = [
    path("campaigns/", CampaignList.as_view(), name="campaign_list"),
    path("campaigns/<int:pk>/progress/", CampaignProgress.as_view(), name="campaign_progress"),
    path("campaigns/<int:pk>/submissions/", SubmissionList.as_view(), name="campaign_submissions"),
    path("submissions/<int:pk>/", SubmissionDetail.as_view(), name="submission_detail"),
]
