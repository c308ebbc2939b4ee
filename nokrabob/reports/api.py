"""The published aggregates over REST: the rows of the latest open-data publication (``reports.public``),
filtered. Nothing here is counted live: a cell hidden in the files (fewer than five people, or one that
would let a hidden cell be worked out) is hidden here too, as ``count: null``.

Mounted at ``/api/v1/reports/``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.api.base import StrictSerializer, V1View
from nokrabob.api.schema import ErrorSerializer
from nokrabob.reports.public import published_rows
from nokrabob.reports.suppression import SUPPRESSED

FILTERS = ("measure", "area_level", "area_code", "occupation_group", "sex", "age_band")


class AggregateQuery(StrictSerializer):
    measure = serializers.SlugField(required=False, max_length=40, help_text="registered or a scheme code")
    area_level = serializers.ChoiceField(choices=["country", "province", "district"], required=False)
    area_code = serializers.RegexField(r"^(TH|\d{2}|\d{4})$", required=False)
    occupation_group = serializers.SlugField(required=False, max_length=40, help_text="_all for the total")
    sex = serializers.ChoiceField(choices=["M", "F", "U", "_all"], required=False)
    age_band = serializers.CharField(required=False, max_length=20)


class AggregateRow(serializers.Serializer):
    measure = serializers.CharField()
    measure_name_th = serializers.CharField()
    area_level = serializers.CharField()
    area_code = serializers.CharField()
    area_name_th = serializers.CharField()
    area_name_en = serializers.CharField()
    occupation_group = serializers.CharField()
    occupation_name_th = serializers.CharField()
    sex = serializers.CharField()
    age_band = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="null: hidden (small cell)")


TEXT_COLUMNS = (
    "measure", "measure_name_th", "area_level", "area_code", "area_name_th", "area_name_en",
    "occupation_group", "occupation_name_th", "sex", "age_band",
)  # fmt: skip


def _row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {name: str(row.get(name, "")) for name in TEXT_COLUMNS}
    out["count"] = None if row.get("count") == SUPPRESSED else int(row.get("count", 0))
    return out


class PublishedAggregates(V1View):
    """Rows of the latest publication matching every filter given (a zero cell is not listed)."""

    @extend_schema(
        operation_id="v1_reports_aggregates",
        parameters=[AggregateQuery],
        responses={
            200: inline_serializer(
                "PublishedAggregates",
                {
                    "data_date": serializers.DateField(),
                    "published_at": serializers.CharField(),
                    "count": serializers.IntegerField(),
                    "results": AggregateRow(many=True),
                },
            ),
            404: OpenApiResponse(ErrorSerializer, description="nothing published yet"),
        },
    )
    def get(self, request: Request) -> Response:
        query = AggregateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        published = published_rows()
        if published is None:
            raise NotFound
        meta, rows = published
        wanted = {k: str(v) for k, v in query.validated_data.items()}
        results = [_row(r) for r in rows if all(str(r.get(k)) == v for k, v in wanted.items())]
        return Response(
            {
                "data_date": meta.get("data_date"),
                "published_at": str(meta.get("last_updated", "")),
                "count": len(results),
                "results": results,
            }
        )


urlpatterns = [path("aggregates/", PublishedAggregates.as_view(), name="aggregates")]
