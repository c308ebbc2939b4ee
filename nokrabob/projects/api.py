"""Read-only REST endpoints: projects with their progress, action plans with their monthly reports, and the
provinces' monthly reporting with both rounds' levels (what the policy office sees). Mounted at
``/api/v1/projects/``; access as on the pages (``access.visible_projects``/``visible_plans``)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.api.base import V1View
from nokrabob.api.query import FiscalYearQuery
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.http import acting_user
from nokrabob.projects import access, reporting, selectors


class ProjectRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
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


class ProjectList(V1View):
    serializer_class = ProjectRowSerializer

    @extend_schema(parameters=[FiscalYearQuery], responses=ProjectRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        projects = selectors.project_list(request.user, fiscal_year=FiscalYearQuery.read(request))
        rows = [
            {
                "id": p.pk,
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


class MonthlyReporting(V1View):
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


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    actual_start = serializers.DateField(allow_null=True)
    actual_end = serializers.DateField(allow_null=True)
    percent_complete = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class EntrySerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    work_done = serializers.CharField(allow_blank=True)
    problems = serializers.CharField(allow_blank=True)


class ProjectDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    owner_unit = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    progress = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    progress_how = serializers.CharField(help_text="from the weighted steps or the latest entry")
    steps = StepSerializer(many=True)
    entries = EntrySerializer(many=True, help_text="progress log, newest first")
    indicators = serializers.ListField(child=serializers.CharField(), help_text="indicator codes")


class ProjectDetail(V1View):
    """One project the caller may read, with its progress (the project page's figures)."""

    @extend_schema(operation_id="v1_projects_detail", responses=ProjectDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        page = selectors.project_page(request.user, pk)
        project = page.project
        data = {
            "id": project.pk,
            "code": project.code,
            "name": project.name,
            "owner_unit": project.owner_unit.code,
            "fiscal_year": project.fiscal_year,
            "budget": project.budget,
            "progress": page.progress,
            "progress_how": page.progress_how,
            "steps": [
                {
                    "number": s.number,
                    "name": s.name,
                    "weight": s.weight,
                    "planned_start": s.planned_start,
                    "planned_end": s.planned_end,
                    "actual_start": s.actual_start,
                    "actual_end": s.actual_end,
                    "percent_complete": s.percent_complete,
                }
                for s in page.steps
            ],
            "entries": [
                {
                    "reported_on": e.reported_on,
                    "percent": e.percent,
                    "work_done": e.work_done,
                    "problems": e.problems,
                }
                for e in page.entries
            ],
            "indicators": [i.code for i in page.indicators],
        }
        return Response(ProjectDetailSerializer(data).data)


class MonthlyReportSerializer(serializers.Serializer):
    month = serializers.IntegerField(help_text="1 = October … 12 = September")
    due = serializers.DateField()
    status = serializers.CharField()
    people_served = serializers.IntegerField(allow_null=True)
    budget_disbursed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    narrative = serializers.CharField(allow_blank=True)
    problems = serializers.CharField(allow_blank=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class ActivitySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    responsible = serializers.CharField(allow_blank=True)
    target_people = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    months = serializers.ListField(child=serializers.IntegerField(), help_text="fiscal months it runs in")


class PlanRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    title = serializers.CharField()
    approved_on = serializers.DateField(allow_null=True)
    reports = serializers.IntegerField(help_text="monthly reports received")


class PlanDetailSerializer(PlanRowSerializer):
    activities = ActivitySerializer(many=True)
    monthly_reports = MonthlyReportSerializer(many=True)
    round_1_level = serializers.IntegerField(allow_null=True)
    round_2_level = serializers.IntegerField(allow_null=True)


def _plan_row(plan: Any) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "unit": plan.unit.code,
        "unit_name": plan.unit.name_th,
        "fiscal_year": plan.fiscal_year,
        "title": plan.title,
        "approved_on": plan.approved_on,
        "reports": len(plan.monthly_reports.all()),
    }


class PlanList(V1View):
    """The action plans the caller may read (a province its own), with how many months they reported."""

    @extend_schema(
        operation_id="v1_action_plans_list",
        parameters=[FiscalYearQuery],
        responses=PlanRowSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        plans = access.visible_plans(reporting.plans_with_reports(), acting_user(request))
        year = FiscalYearQuery.read(request)
        if year is not None:
            plans = plans.filter(fiscal_year=year)
        rows = [_plan_row(p) for p in plans.order_by("-fiscal_year", "unit__code", "id")]
        return Response(PlanRowSerializer(rows, many=True).data)


class PlanDetail(V1View):
    """One action plan: its activities and the twelve months with their reports and status."""

    @extend_schema(operation_id="v1_action_plans_detail", responses=PlanDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        plans = access.visible_plans(reporting.plans_with_reports(), acting_user(request))
        plan = get_object_or_404(plans, pk=pk)
        today = timezone.localdate()
        dues = reporting.due_dates(plan.fiscal_year, reporting.overrides_for(plan.fiscal_year))
        cells = reporting.month_cells(plan, plan.fiscal_year, dues, today)
        rounds = reporting.round_results(plan, cells=cells, today=today)
        data = _plan_row(plan)
        data.update(
            activities=[
                {
                    "number": a.number,
                    "name": a.name,
                    "responsible": a.responsible,
                    "target_people": a.target_people,
                    "budget": a.budget,
                    "months": a.month_numbers,
                }
                for a in plan.activities.all()
            ],
            monthly_reports=[
                {
                    "month": c.month,
                    "due": c.due,
                    "status": c.status.value,
                    "people_served": c.report.people_served if c.report else None,
                    "budget_disbursed": c.report.budget_disbursed if c.report else None,
                    "narrative": c.report.narrative if c.report else "",
                    "problems": c.report.problems if c.report else "",
                    "submitted_at": c.report.submitted_at if c.report else None,
                }
                for c in cells
            ],
            round_1_level=rounds[0].score.level if rounds else None,
            round_2_level=rounds[1].score.level if len(rounds) > 1 else None,
        )
        return Response(PlanDetailSerializer(data).data)


urlpatterns = [
    path("projects/", ProjectList.as_view(), name="project_list"),
    path("projects/<int:pk>/", ProjectDetail.as_view(), name="project_detail"),
    path("action-plans/", PlanList.as_view(), name="plan_list"),
    path("action-plans/<int:pk>/", PlanDetail.as_view(), name="plan_detail"),
    path("reporting/", MonthlyReporting.as_view(), name="reporting"),
]
