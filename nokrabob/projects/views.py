"""Project pages: list, detail (Gantt, curve, log), create and edit, steps, progress, assessment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.http import acting_user
from nokrabob.core.pdf import render_pdf
from nokrabob.projects import access, selectors, services
from nokrabob.projects.forms import AssessmentForm, ProgressForm, ProjectForm, StepForm, fiscal_year_choices
from nokrabob.projects.services import StepData, StepError


def put_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's message on the field it names (or on top of the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def put_formset_error(formset: Any, rows: Sequence[forms.Form], exc: DomainError) -> None:
    """A row's error goes on that row's field; an error about the whole set goes on top and on
    the named field of every row (the weights that do not add up)."""
    index = getattr(exc, "index", None)
    if index is not None and index < len(rows):
        put_error(rows[index], exc)
        return
    formset._non_form_errors = formset.error_class([exc.message])
    for row in rows:
        if exc.field and exc.field in row.fields:
            row.add_error(exc.field, exc.message)


def kept_rows(formset: Any) -> list[forms.Form]:
    return [f for f in formset.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]


def extra_rows(request: HttpRequest, existing: int, minimum: int = 1) -> int:
    """Blank rows under a formset: at least ``minimum``, more when the page asks (``?rows=n``)."""
    wanted = _int(request.GET.get("rows")) or 0
    return max(minimum, min(wanted, 40) - existing)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if user.role in access.PROVINCIAL_ROLES and not request.GET:
        return redirect("projects:plan_list")  # the provincial network works with action plans
    fiscal_year = _int(request.GET.get("fy"))
    q = request.GET.get("q", "").strip()
    projects = selectors.project_list(user, fiscal_year=fiscal_year, q=q)
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    rows = [
        (p, selectors.overall_progress(p, list(p.steps.all()), p.latest_percent))  # type: ignore[attr-defined]
        for p in page
    ]
    return render(
        request,
        "projects/project_list.html",
        {
            "page": page,
            "rows": rows,
            "fy": fiscal_year,
            "q": q,
            "years": fiscal_year_choices(),
            "can_create": access.editable_units(user).exists(),
        },
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    page = selectors.project_page(user, pk)
    return render(
        request,
        "projects/project_detail.html",
        {
            "p": page,
            "project": page.project,
            "can_edit": access.may_edit_project(user, page.project),
            "can_assess": access.may_assess(user),
            "quarters": [(q, page.assessments.get(q)) for q in range(1, 5)],
        },
    )


@login_required
def project_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project page on paper (seed 002's "พิมพ์ข้อมูล"): facts, steps, chart, indicators, log."""
    user = acting_user(request)
    page = selectors.project_page(user, pk)
    pdf = render_pdf(
        "projects/project_pdf.html",
        {
            "p": page,
            "project": page.project,
            "quarters": [(q, page.assessments.get(q)) for q in range(1, 5)],
            "indicator_tables": selectors.supported_indicator_tables(user, page.indicators),
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="project-{page.project.code}.pdf"'
    return response


def _project_data(form: ProjectForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["budget"] = data.get("budget") or 0
    return data


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not access.editable_units(user).exists():
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=user, initial={"fiscal_year": FiscalYear.current().be})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=user, **_project_data(form))
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(request, _("บันทึกโครงการ %(code)s แล้ว") % {"code": project.code})
            return redirect("projects:project_steps", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "creating": True})


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.visible_project(user, pk)
    if not access.may_edit_project(user, project):
        raise PermissionDenied
    initial = {name: getattr(project, name) for name in services.PROJECT_FIELDS}
    initial["indicators"] = list(project.indicators.all())
    form = ProjectForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=user, project=project, **_project_data(form))
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(request, _("บันทึกโครงการ %(code)s แล้ว") % {"code": project.code})
            return redirect("projects:project_detail", pk=project.pk)
    return render(
        request, "projects/project_form.html", {"form": form, "creating": False, "project": project}
    )


@login_required
def project_steps(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.visible_project(user, pk)
    if not access.may_edit_project(user, project):
        raise PermissionDenied
    initial = [
        {
            "name": s.name,
            "weight": s.weight,
            "planned_start": s.planned_start,
            "planned_end": s.planned_end,
            "actual_start": s.actual_start,
            "actual_end": s.actual_end,
            "percent_complete": s.percent_complete,
        }
        for s in project.steps.order_by("number")
    ]
    formset_class = forms.formset_factory(
        StepForm, extra=extra_rows(request, len(initial), minimum=1 if initial else 3), can_delete=True
    )
    formset = formset_class(request.POST or None, initial=initial, prefix="steps")
    if request.method == "POST" and formset.is_valid():
        rows = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        steps = [
            StepData(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE" and v is not None})
            for f in rows
        ]
        try:
            services.plan_steps_replace(actor=user, project=project, steps=steps)
        except StepError as exc:
            put_formset_error(formset, rows, exc)
        else:
            messages.success(request, _("บันทึกแผนการดำเนินงานแล้ว"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_steps.html", {"formset": formset, "project": project})


@login_required
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.visible_project(user, pk)
    if not access.may_edit_project(user, project):
        raise PermissionDenied
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_entry_add(actor=user, project=project, **form.cleaned_data)
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(request, _("บันทึกความคืบหน้าแล้ว"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/progress_form.html", {"form": form, "project": project})


@login_required
def project_assess(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.visible_project(user, pk)
    if not access.may_assess(user):
        raise PermissionDenied
    form = AssessmentForm(request.POST or None, initial={"quarter": request.GET.get("q", 1)})
    if request.method == "POST" and form.is_valid():
        try:
            services.project_assess(actor=user, project=project, **form.cleaned_data)
        except DomainError as exc:
            put_error(form, exc)
        else:
            messages.success(request, _("บันทึกผลการประเมินแล้ว"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/assess_form.html", {"form": form, "project": project})
