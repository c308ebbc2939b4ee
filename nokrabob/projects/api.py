"""Read-only REST endpoints: projects with their progress, and the provinces' monthly reporting with
both rounds' levels (what the policy office sees). Mounted at ``/api/projects/``; access as on the pages."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nokrabob.api.query import FiscalYearQuery
from nokrabob.core.fiscal import FiscalYear
from nokrabob.projects import reporting, selectors


class ProjectRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    owner_unit = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    progress = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    latest_report = serializers.DateField(allow_null=True)


class ProvinceRowSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    province = serializers.CharField()
    has_plan = serializers.BooleanField()
    months = serializers.ListField(child=serializers.CharField())
    round_1_level = serializers.IntegerField(allow_null=True)
    round_2_level = serializers.IntegerField(allow_null=True)


class ReportingSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    due_dates = serializers.ListField(child=serializers.DateField(), help_text="October to September")
    reporting_rate = serializers.ListField(child=serializers.FloatField(allow_null=True))
    on_time_rate = serializers.ListField(child=serializers.FloatField(allow_null=True))
    provinces = ProvinceRowSerializer(many=True)


class ProjectList(APIView):
    serializer_class = ProjectRowSerializer

    @extend_schema(parameters=[FiscalYearQuery], responses=ProjectRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        projects = selectors.project_list(request.user, fiscal_year=FiscalYearQuery.read(request))
        rows = [
            {
                "code": p.code,
                "name": p.name,
                "owner_unit": p.owner_unit.code,
                "fiscal_year": p.fiscal_year,
                "progress": selectors.overall_progress(p, list(p.steps.all()), p.latest_percent),  # type: ignore[attr-defined]
                "latest_report": p.latest_on,  # type: ignore[attr-defined]
            }
            for p in projects
        ]
        return Response(ProjectRowSerializer(rows, many=True).data)


class MonthlyReporting(APIView):
    serializer_class = ReportingSerializer

    @extend_schema(parameters=[FiscalYearQuery], responses=ReportingSerializer)
    def get(self, request: Request) -> Response:
        fy = FiscalYearQuery.read(request) or FiscalYear.current().be
        grid = reporting.reporting_grid(request.user, fy)
        tables = reporting.criteria_for(fy)
        today = timezone.localdate()
        rows: list[dict[str, Any]] = []
        for row in grid.rows:
            rounds = (
                reporting.round_results(row.plan, cells=row.cells, tables=tables, today=today)
                if row.plan
                else []
            )
            rows.append(
                {
                    "unit_code": row.unit.code,
                    "province": row.unit.area.name_th,
                    "has_plan": row.plan is not None,
                    "months": [cell.status.value for cell in row.cells],
                    "round_1_level": rounds[0].score.level if rounds else None,
                    "round_2_level": rounds[1].score.level if rounds else None,
                }
            )
        return Response(
            {
                "fiscal_year": fy,
                "due_dates": [grid.dues[m].isoformat() for m in range(1, 13)],
                "reporting_rate": [r.reporting_rate for r in grid.rates],
                "on_time_rate": [r.on_time_rate for r in grid.rates],
                "provinces": ProvinceRowSerializer(rows, many=True).data,
            }
        )


urlpatterns = [
    path("projects/", ProjectList.as_view(), name="project_list"),
    path("reporting/", MonthlyReporting.as_view(), name="reporting"),
]
