"""Read-only REST endpoints: campaigns and their progress per district (aggregates, no personal data:
counts that include another district's submissions are withheld below the suppression limit, as on the
campaign page — ``collection.selectors.campaign_progress_for``).

Mounted at ``/api/collection/``. Indicator level 2 (seed 000) and the groups reached (seed 001) read
``campaigns/<id>/progress/``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokrabob.api.query import FiscalYearQuery
from nokrabob.collection.models import Campaign
from nokrabob.collection.selectors import campaign_progress_for
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


class CampaignList(APIView):
    serializer_class = CampaignSerializer

    @extend_schema(parameters=[FiscalYearQuery], responses=CampaignSerializer(many=True))
    def get(self, request: Request) -> Response:
        campaigns = Campaign.objects.prefetch_related("target_occupations").order_by("-fiscal_year", "id")
        year = FiscalYearQuery.read(request)
        if year is not None:
            campaigns = campaigns.filter(fiscal_year=year)
        return Response(CampaignSerializer(campaigns, many=True).data)


class CampaignProgress(APIView):
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


urlpatterns = [
    path("campaigns/", CampaignList.as_view(), name="campaign_list"),
    path("campaigns/<int:pk>/progress/", CampaignProgress.as_view(), name="campaign_progress"),
]
