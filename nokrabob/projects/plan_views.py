"""Action-plan pages: plans, Gantt grid, monthly reports, rounds, reporting grid, yearly report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.concurrency import StaleEdit, form_initial
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.http import acting_user
from nokrabob.core.thai import THAI_MONTHS
from nokrabob.projects import access, disbursements, plan_services, reporting
from nokrabob.projects.charts import month_labels
from nokrabob.projects.deadlines import REPORTING_RULE, Status, plan_deadlines
from nokrabob.projects.forms import (
    ActivityForm,
    DisbursementUploadForm,
    MonthlyReportForm,
    PlanForm,
    YearlyReportForm,
    fiscal_year_choices,
)
from nokrabob.projects.models import ActionPlan
from nokrabob.projects.plan_services import ActivityData
from nokrabob.projects.services import StepError
from nokrabob.projects.views import extra_rows, put_error, put_formset_error


def _fy(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("fy", ""))
        FiscalYear(year)
    except ValueError:
        return FiscalYear.current().be
    return year


def visible_plan(request: HttpRequest, pk: int) -> ActionPlan:
    plans = access.visible_plans(reporting.plans_with_reports(), acting_user(request))
    return get_object_or_404(plans, pk=pk)


def _editable_plan(request: HttpRequest, pk: int) -> ActionPlan:
    plan = visible_plan(request, pk)
    if not access.may_edit_plan(acting_user(request), plan):
        raise PermissionDenied
    return plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    fy = _fy(request)
    plans = list(access.visible_plans(reporting.plans_with_reports().filter(fiscal_year=fy), user))
    tables = reporting.criteria_for(fy)
    dues = reporting.due_dates(fy, reporting.overrides_for(fy))
    today = timezone.localdate()
    rows = []
    for plan in plans:
        cells = reporting.month_cells(plan, fy, dues, today)
        counts = {s.value: sum(1 for c in cells if c.status is s) for s in Status}
        rows.append((plan, counts, reporting.round_results(plan, cells=cells, tables=tables, today=today)))
    return render(
        request,
        "projects/plan_list.html",
        {
            "rows": rows,
            "fy": fy,
            "years": fiscal_year_choices(),
            "can_create": access.editable_units(user).exists(),
            "sees_all": access.may_see_all_provinces(user),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not access.editable_units(user).exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=user, initial={"fiscal_year": FiscalYear.current().be})
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.plan_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(request, _("สร้างแผนปฏิบัติการแล้ว: เพิ่มโครงการ/กิจกรรมของแผน"))
            return redirect("projects:plan_activities", pk=plan.pk)
    return render(request, "projects/plan_form.html", {"form": form, "creating": True})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    user = acting_user(request)
    initial = {k: getattr(plan, k) for k in plan_services.PLAN_FIELDS}
    form = PlanForm(request.POST or None, user=user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.plan_update(actor=user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(request, _("บันทึกแผนปฏิบัติการแล้ว"))
            return redirect("projects:plan_detail", pk=plan.pk)
    return render(request, "projects/plan_form.html", {"form": form, "creating": False, "plan": plan})


@login_required
def plan_activities(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    initial = [
        {
            "name": a.name,
            "responsible": a.responsible,
            "target_people": a.target_people,
            "budget": a.budget,
            "months": [str(m) for m in a.month_numbers],
        }
        for a in plan.activities.all()
    ]
    formset_class = forms.formset_factory(
        ActivityForm, extra=extra_rows(request, len(initial)), can_delete=True
    )
    formset = formset_class(request.POST or None, initial=initial, prefix="act")
    if request.method == "POST" and formset.is_valid():
        rows = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        items = [
            ActivityData(
                name=f.cleaned_data["name"],
                responsible=f.cleaned_data.get("responsible") or "",
                target_people=f.cleaned_data["target_people"],
                budget=f.cleaned_data["budget"],
                months=[int(m) for m in f.cleaned_data.get("months") or []],
            )
            for f in rows
        ]
        try:
            plan_services.activities_replace(actor=acting_user(request), plan=plan, activities=items)
        except StepError as exc:
            put_formset_error(formset, rows, exc)
        else:
            messages.success(request, _("บันทึกโครงการ/กิจกรรมของแผนแล้ว"))
            return redirect("projects:plan_detail", pk=plan.pk)
    return render(
        request,
        "projects/plan_activities.html",
        {"formset": formset, "plan": plan, "months": month_labels(plan.fiscal_year)},
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    user = acting_user(request)
    today = timezone.localdate()
    dues = reporting.due_dates(plan.fiscal_year, reporting.overrides_for(plan.fiscal_year))
    cells = reporting.month_cells(plan, plan.fiscal_year, dues, today)
    activities = list(plan.activities.all())
    return render(
        request,
        "projects/plan_detail.html",
        {
            "plan": plan,
            "activities": [(a, [a.runs_in(n) for n in range(1, 13)]) for a in activities],
            "target_total": sum(a.target_people for a in activities),
            "budget_total": sum(a.budget for a in activities),
            "months": month_labels(plan.fiscal_year),
            "cells": cells,
            "rounds": reporting.round_results(plan, cells=cells, today=today),
            "deadlines": plan_deadlines(plan.fiscal_year, REPORTING_RULE),
            "can_edit": access.may_edit_plan(user, plan),
        },
    )


@login_required
def monthly_report(request: HttpRequest, pk: int, month: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    if not 1 <= month <= 12:
        raise Http404
    existing = next((r for r in plan.monthly_reports.all() if r.month == month), None)
    initial = {k: getattr(existing, k) for k in plan_services.REPORT_FIELDS} if existing else {}
    initial.update(form_initial(existing, plan_services.REPORT_FIELDS))
    form = MonthlyReportForm(request.POST or None, initial=initial)
    period = FiscalYear(plan.fiscal_year).months[month - 1]
    due = reporting.due_dates(plan.fiscal_year, reporting.overrides_for(plan.fiscal_year))[month]
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in plan_services.REPORT_FIELDS}
        try:
            plan_services.monthly_report_submit(
                actor=acting_user(request), plan=plan, month=month, opened=form.opened_state(), **values
            )
        except StaleEdit as exc:
            form.show_stale_edit(exc)
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(request, _("บันทึกผลการดำเนินงานประจำเดือนแล้ว"))
            return redirect("projects:plan_detail", pk=plan.pk)
    return render(
        request,
        "projects/monthly_report_form.html",
        {
            "form": form,
            "plan": plan,
            "month_label": f"{THAI_MONTHS[period.start.month - 1]} {period.start.year + 543}",
            "due": due,
            "existing": existing,
        },
    )


@login_required
def disbursements_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Load the months' disbursements from the finance system's export (all rows or none)."""
    plan = _editable_plan(request, pk)
    form = DisbursementUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        columns = disbursements.Columns(data["month_column"], data["amount_column"], data["unit_column"])
        try:
            header, rows = disbursements.read_table(data["file"])
            loaded = disbursements.disbursements_load(
                actor=acting_user(request), plan=plan, header=header, rows=rows, columns=columns
            )
        except disbursements.SheetError as exc:
            form.add_error("file", exc.message)
            problems = exc.problems
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(
                request,
                _("โหลดยอดเบิกจ่ายแล้ว %(months)s เดือน จาก %(rows)s แถว")
                % {"months": len(loaded.months), "rows": loaded.rows},
            )
            return redirect("projects:plan_detail", pk=plan.pk)
    return render(
        request, "projects/disbursements_upload.html", {"form": form, "plan": plan, "problems": problems}
    )


@login_required
def yearly_report(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    user = acting_user(request)
    can_edit = access.may_edit_plan(user, plan)
    initial = {
        "summary": plan.yearly_summary,
        "problems": plan.yearly_problems,
        "suggestions": plan.yearly_suggestions,
    }
    form = YearlyReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan_services.yearly_report_submit(actor=user, plan=plan, **form.cleaned_data)
            except DomainError as exc:
                put_error(form, exc)
            else:
                messages.success(request, _("บันทึกรายงานผลประจำปีแล้ว"))
                return redirect("projects:yearly_report", pk=plan.pk)
    from nokrabob.projects.yearly import yearly_context

    context = yearly_context(plan)
    context.update({"form": form, "can_edit": can_edit})
    return render(request, "projects/yearly_report.html", context)


@login_required
def yearly_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_plan(request, pk)
    from nokrabob.projects.yearly import render_yearly_pdf

    pdf = render_yearly_pdf(
        plan, signer=acting_user(request) if access.may_edit_plan(acting_user(request), plan) else None
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="yearly-report-{plan.unit.code}-{plan.fiscal_year}.pdf"'
    )
    return response


@login_required
def reporting_grid(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    fy = _fy(request)
    grid = reporting.reporting_grid(user, fy)
    return render(
        request,
        "projects/reporting_grid.html",
        {"grid": grid, "fy": fy, "years": fiscal_year_choices(), "months": month_labels(fy)},
    )


@login_required
def reporting_xlsx(request: HttpRequest) -> HttpResponse:
    from nokrabob.projects.exports import reporting_grid_xlsx

    fy = _fy(request)
    grid = reporting.reporting_grid(acting_user(request), fy)
    response = HttpResponse(
        reporting_grid_xlsx(grid, month_labels(fy)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="monthly-reporting-{fy}.xlsx"'
    return response


@login_required
def round_scores(request: HttpRequest) -> HttpResponse:
    """Both rounds' levels for every province the user may see, with the level tables used."""
    user = acting_user(request)
    fy = _fy(request)
    grid = reporting.reporting_grid(user, fy)
    tables = reporting.criteria_for(fy)
    today = timezone.localdate()
    rows = [
        (
            row,
            reporting.round_results(row.plan, cells=row.cells, tables=tables, today=today)
            if row.plan
            else None,
        )
        for row in grid.rows
    ]
    return render(
        request,
        "projects/round_scores.html",
        {"rows": rows, "fy": fy, "years": fiscal_year_choices(), "tables": tables},
    )
