"""Read-only REST endpoints: indicators of a fiscal year with their status and score, one indicator with its
quarters, and the units' totals. Numbers only: a live measure's drill-down (personal data) is not served here.

Mounted at ``/api/v1/performance/``. Snapshots are the values frozen when a quarter closed (the numbers,
never the records behind them).
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.api.base import V1View
from nokrabob.api.query import FiscalYearQuery
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.http import acting_user
from nokrabob.performance import selectors
from nokrabob.performance.models import MeasureSnapshot
from nokrabob.performance.selectors import IndicatorStatus


def _dec(value: Any) -> str | None:
    return None if value is None else str(value)


def _status(status: IndicatorStatus, *, quarters: bool = False) -> dict[str, Any]:
    ind = status.indicator
    data: dict[str, Any] = {
        "id": ind.pk,
        "fiscal_year": ind.fiscal_year,
        "code": ind.code,
        "name": ind.name,
        "lead_unit": ind.lead_unit.code,
        "owner_units": sorted(u.code for u in ind.owner_units.all()),
        "component": ind.component.code if ind.component else None,
        "measure_kind": ind.measure_kind,
        "live_measure": ind.live_measure or None,
        "unit_of_measure": ind.unit_of_measure,
        "target": _dec(ind.target),
        "weight": _dec(ind.weight),
        "value": _dec(status.value),
        "scored_from": status.scored_from,
        "reported": _dec(status.reported),
        "measured": None
        if status.measured is None
        else {
            "value": _dec(status.measured.value),
            "numerator": _dec(status.measured.numerator),
            "denominator": _dec(status.measured.denominator),
            "as_of": status.measured.as_of.isoformat(),
            "frozen": status.measured.frozen,
        },
        "percent_of_target": _dec(status.percent),
        "level": _dec(status.level),
        "level_assessed": status.level_assessed,
        "score": _dec(status.score),
        "band": status.band.code if status.band else None,
    }
    if quarters:
        data["quarters"] = [
            {
                "quarter": q.number,
                "deadline": q.deadline.isoformat(),
                "locked": q.locked,
                "due": q.due,
                "result": _dec(q.result.result) if q.result else None,
                "measured": None
                if q.measured is None
                else {
                    "value": _dec(q.measured.value),
                    "numerator": _dec(q.measured.numerator),
                    "denominator": _dec(q.measured.denominator),
                    "frozen": q.measured.frozen,
                },
                "level": _dec(q.result.level) if q.result else None,
                "cumulative_target": _dec(q.result.cumulative_target) if q.result else None,
                "narrative": q.result.narrative if q.result else "",
                "assessment": None
                if q.assessment is None
                else {
                    "score": _dec(q.assessment.score),
                    "score_21": _dec(q.assessment.score_21),
                    "score_22": _dec(q.assessment.score_22),
                    "level": _dec(q.assessment.level),
                },
            }
            for q in status.quarters
        ]
    return data


def _year(request: Request) -> int:
    return FiscalYearQuery.read(request) or FiscalYear.current().be


# ── Serializers (the schema; responses are built by _status) ─────────────────────────────────────
# Decimals are served as text ("80.00"), as DRF serves them, so no precision is lost on the way.


def _decimal(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(allow_null=True, help_text="decimal as text", **kwargs)


class MeasuredSerializer(serializers.Serializer):
    value = _decimal()
    numerator = _decimal()
    denominator = _decimal()
    as_of = serializers.DateField()
    frozen = serializers.BooleanField()


class QuarterMeasuredSerializer(serializers.Serializer):
    value = _decimal()
    numerator = _decimal()
    denominator = _decimal()
    frozen = serializers.BooleanField()


class AssessmentSerializer(serializers.Serializer):
    score = _decimal()
    score_21 = _decimal()
    score_22 = _decimal()
    level = _decimal()


class QuarterSerializer(serializers.Serializer):
    quarter = serializers.IntegerField()
    deadline = serializers.DateField()
    locked = serializers.BooleanField()
    due = serializers.BooleanField()
    result = _decimal()
    measured = QuarterMeasuredSerializer(allow_null=True)
    level = _decimal()
    cumulative_target = _decimal()
    narrative = serializers.CharField(allow_blank=True)
    assessment = AssessmentSerializer(allow_null=True)


class IndicatorStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fiscal_year = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    lead_unit = serializers.CharField()
    owner_units = serializers.ListField(child=serializers.CharField())
    component = serializers.CharField(allow_null=True)
    measure_kind = serializers.CharField()
    live_measure = serializers.CharField(allow_null=True)
    unit_of_measure = serializers.CharField(allow_blank=True)
    target = _decimal()
    weight = _decimal()
    value = _decimal()
    scored_from = serializers.CharField()
    reported = _decimal()
    measured = MeasuredSerializer(allow_null=True)
    percent_of_target = _decimal()
    level = _decimal()
    level_assessed = serializers.BooleanField()
    score = _decimal()
    band = serializers.CharField(allow_null=True)


class IndicatorDetailSerializer(IndicatorStatusSerializer):
    quarters = QuarterSerializer(many=True)


class UnitTotalSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    indicators = serializers.IntegerField()
    total_weight = _decimal()
    earned = _decimal()
    level = _decimal()
    band = serializers.CharField(allow_null=True)


class IndicatorList(V1View):
    """Indicators of ``?fiscal_year=`` (this fiscal year by default) with value, level, score and band."""

    serializer_class = IndicatorStatusSerializer

    @extend_schema(
        operation_id="performance_indicator_list",
        parameters=[FiscalYearQuery],
        responses=IndicatorStatusSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        indicators = list(selectors.indicator_list(fiscal_year=_year(request)))
        statuses = selectors.statuses_for(indicators, acting_user(request))  # type: ignore[arg-type]
        return Response([_status(s) for s in statuses])


class IndicatorDetail(V1View):
    serializer_class = IndicatorDetailSerializer

    @extend_schema(operation_id="performance_indicator_detail", responses=IndicatorDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        indicator = selectors.indicator_get(pk)
        live = selectors.live_result(indicator, acting_user(request))  # type: ignore[arg-type]
        return Response(_status(selectors.indicator_status(indicator, live=live), quarters=True))


class UnitTotals(V1View):
    """Σ weight × level / Σ weight per unit for ``?fiscal_year=``."""

    serializer_class = UnitTotalSerializer

    @extend_schema(
        operation_id="performance_unit_totals",
        parameters=[FiscalYearQuery],
        responses=UnitTotalSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        indicators = list(selectors.indicator_list(fiscal_year=_year(request)))
        statuses = selectors.statuses_for(indicators, acting_user(request))  # type: ignore[arg-type]
        return Response(
            [
                {
                    "unit": t.unit.code,
                    "unit_name": t.unit.name_th,
                    "indicators": len(t.statuses),
                    "total_weight": _dec(t.total_weight),
                    "earned": _dec(t.earned),
                    "level": _dec(t.level),
                    "band": t.band.code if t.band else None,
                }
                for t in selectors.unit_totals(statuses)
            ]
        )


class SnapshotSerializer(serializers.Serializer):
    quarter = serializers.IntegerField()
    value = _decimal()
    numerator = _decimal()
    denominator = _decimal()
    as_of = serializers.DateField()
    reason = serializers.CharField(help_text="deadline, closed or reopened")
    taken_at = serializers.DateTimeField()
    current = serializers.BooleanField(help_text="false: replaced by a later snapshot of the quarter")


class IndicatorSnapshots(V1View):
    """A live indicator's frozen quarter values, current and superseded (its history)."""

    serializer_class = SnapshotSerializer

    @extend_schema(operation_id="performance_indicator_snapshots", responses=SnapshotSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        indicator = selectors.indicator_get_plain(pk)
        snapshots = MeasureSnapshot.objects.filter(indicator=indicator).order_by(
            "quarter", "-taken_at", "-id"
        )
        return Response(
            [
                {
                    "quarter": s.quarter,
                    "value": _dec(s.value),
                    "numerator": _dec(s.numerator),
                    "denominator": _dec(s.denominator),
                    "as_of": s.as_of.isoformat(),
                    "reason": s.reason,
                    "taken_at": s.taken_at.isoformat(),
                    "current": s.superseded_at is None,
                }
                for s in snapshots
            ]
        )


urlpatterns = [
    path("indicators/", IndicatorList.as_view(), name="performance-indicators"),
    path("indicators/<int:pk>/", IndicatorDetail.as_view(), name="performance-indicator"),
    path(
        "indicators/<int:pk>/snapshots/", IndicatorSnapshots.as_view(), name="performance-indicator-snapshots"
    ),
    path("unit-totals/", UnitTotals.as_view(), name="performance-unit-totals"),
]
