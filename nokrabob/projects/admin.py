from django.contrib import admin

from nokrabob.core.forms import BEDateAdminMixin
from nokrabob.projects.models import (
    ActionPlan,
    DueDateOverride,
    MonthlyReport,
    PlanActivity,
    PlanStep,
    ProgressEntry,
    Project,
    ProjectAssessment,
    ProjectOutput,
    RoundCriterion,
)


class PlanStepInline(BEDateAdminMixin, admin.TabularInline):  # type: ignore[misc]
    model = PlanStep
    extra = 0


class ProgressEntryInline(BEDateAdminMixin, admin.TabularInline):  # type: ignore[misc]
    model = ProgressEntry
    extra = 0
    fields = ("reported_on", "percent", "work_done", "problems", "obstacles")


class ProjectOutputInline(admin.TabularInline):
    model = ProjectOutput
    extra = 0


@admin.register(Project)
class ProjectAdmin(BEDateAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ("code", "name", "owner_unit", "fiscal_year")
    list_filter = ("fiscal_year",)
    search_fields = ("code", "name")
    autocomplete_fields = ()
    inlines = [PlanStepInline, ProjectOutputInline, ProgressEntryInline]


@admin.register(ProjectAssessment)
class ProjectAssessmentAdmin(admin.ModelAdmin):
    list_display = ("project", "quarter", "score", "assessed_by")


class PlanActivityInline(admin.TabularInline):
    model = PlanActivity
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(BEDateAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ("unit", "fiscal_year", "recorded_on", "approved_on", "yearly_report_submitted_at")
    list_filter = ("fiscal_year",)
    inlines = [PlanActivityInline]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ("plan", "month", "people_served", "budget_disbursed", "submitted_at")
    list_filter = ("plan__fiscal_year", "month")


@admin.register(DueDateOverride)
class DueDateOverrideAdmin(BEDateAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    """Configuration of deadlines that differ from the standing rule (5th of the next month)."""

    list_display = ("fiscal_year", "month", "due_date", "note")


@admin.register(RoundCriterion)
class RoundCriterionAdmin(admin.ModelAdmin):
    list_display = ("fiscal_year", "round", "level", "people_pct_min", "budget_pct_min")
    list_filter = ("fiscal_year", "round")
