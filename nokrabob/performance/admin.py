from django.contrib import admin

from nokrabob.core.forms import BEDateAdminMixin
from nokrabob.performance.models import (
    AgreementComponent,
    Evidence,
    Indicator,
    IndicatorBaseline,
    LevelCriterion,
    Milestone,
    PerformanceAgreement,
    QuarterAssessment,
    QuarterResult,
    StrategyNode,
)


@admin.register(StrategyNode)
class StrategyNodeAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "title")
    raw_id_fields = ("parent",)


class ComponentInline(admin.TabularInline):
    model = AgreementComponent
    extra = 0


@admin.register(PerformanceAgreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "fiscal_year")
    inlines = [ComponentInline]


class LevelInline(admin.TabularInline):
    model = LevelCriterion
    extra = 0


class BaselineInline(admin.TabularInline):
    model = IndicatorBaseline
    extra = 0


class ResultInline(BEDateAdminMixin, admin.StackedInline):  # type: ignore[misc]
    model = QuarterResult
    extra = 0
    raw_id_fields = ("reported_by", "reopened_by")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "fiscal_year", "lead_unit", "weight", "measure_kind")
    list_filter = ("fiscal_year", "measure_kind", "category")
    search_fields = ("code", "name")
    filter_horizontal = ("owner_units", "strategy_nodes")
    inlines = [LevelInline, BaselineInline, ResultInline]


@admin.register(QuarterAssessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("indicator", "quarter", "score", "score_21", "score_22", "level", "assessor")
    raw_id_fields = ("indicator", "assessor")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "indicator", "quarter", "uploaded_by", "created_at")
    raw_id_fields = ("indicator", "uploaded_by")


@admin.register(Milestone)
class MilestoneAdmin(BEDateAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ("kind", "fiscal_year", "achieved_on", "recorded_by")
    raw_id_fields = ("recorded_by",)
