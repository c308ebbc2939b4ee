"""Seed 004's pages: the agreement summary (page and signed PDF) and an indicator's action plan (Gantt),
its steps editor and a step's progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user
from nokrabob.core.pdf import render_pdf
from nokrabob.performance import agreements, rules, selectors, services
from nokrabob.performance.forms import ActionStepFormSet, StepProgressForm
from nokrabob.performance.models import ActionStep


@login_required
def agreement_summary(request: HttpRequest, pk: int) -> HttpResponse:
    summary = agreements.agreement_summary(pk, acting_user(request))
    return render(request, "performance/agreement_summary.html", {"s": summary})


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    summary = agreements.agreement_summary(pk, acting_user(request))
    pdf = render_pdf("performance/agreement_pdf.html", {"s": summary, "printed_at": timezone.now()})
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"agreement-{summary.agreement.fiscal_year}-{summary.agreement.unit.code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _may_edit_plan(user: object, indicator: object) -> bool:
    return rules.may_manage(user) or rules.may_report(user, indicator)  # type: ignore[arg-type]


@login_required
def action_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    indicator = selectors.indicator_get_plain(pk)
    if not _may_edit_plan(user, indicator):
        raise PermissionDenied
    initial = [
        {
            "title": s.title,
            "units": s.units,
            "start_month": s.start_month,
            "end_month": s.end_month,
            "level": s.level,
        }
        for s in indicator.action_steps.all()
    ]
    formset = ActionStepFormSet(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and formset.is_valid():
        rows = [
            services.StepRow(
                title=f.cleaned_data["title"],
                units=f.cleaned_data["units"],
                start_month=f.cleaned_data["start_month"],
                end_month=f.cleaned_data["end_month"],
                level=f.cleaned_data["level"],
            )
            for f in formset.forms
            if f.cleaned_data.get("title", "").strip()
        ]
        try:
            services.action_steps_replace(actor=user, indicator=indicator, rows=rows)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("บันทึกแผนการดำเนินงานแล้ว"))
            return redirect(f"{indicator.get_absolute_url()}#action-plan")
    return render(
        request,
        "performance/action_plan_form.html",
        {"indicator": indicator, "formset": formset, "error": error},
    )


@login_required
def step_progress(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user = acting_user(request)
    indicator = selectors.indicator_get_plain(pk)
    if not rules.may_report(user, indicator):
        raise PermissionDenied
    step = get_object_or_404(ActionStep, indicator=indicator, number=number)
    form = StepProgressForm(
        request.POST or None, initial={"progress": step.progress, "done_on": step.done_on, "note": step.note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_progress_record(actor=user, step=step, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("บันทึกความคืบหน้าขั้นตอนที่ %(n)s แล้ว") % {"n": number})
            return redirect(f"{indicator.get_absolute_url()}#action-plan")
    return render(
        request, "performance/step_progress_form.html", {"indicator": indicator, "step": step, "form": form}
    )
