"""Indicator pages: the list with unit totals, one indicator (printable), quarterly entry, assessment,
reopening, evidence, the live drill-down, the strategy map, and the indicator form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokrabob.accounts.scope import may_see_full_national_id, require_personal_data_access, scope_for
from nokrabob.audit.models import AuditAction
from nokrabob.audit.reads import audit_read
from nokrabob.audit.services import audit_record
from nokrabob.core.concurrency import StaleEdit, form_initial
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.http import acting_user
from nokrabob.core.models import OrgUnit
from nokrabob.core.pdf import render_pdf
from nokrabob.performance import agreements, rules, selectors, services
from nokrabob.performance.forms import (
    AssessmentForm,
    EvidenceForm,
    IndicatorForm,
    MilestoneForm,
    ReopenForm,
    ResultForm,
    StrategyNodeForm,
)
from nokrabob.performance.measures import HOUSEHOLDS, MEASURES
from nokrabob.performance.models import Evidence, Indicator, MeasureKind, Milestone
from nokrabob.registry.areas import district_name
from nokrabob.registry.rules.national_id import format_national_id, mask_national_id


def _put_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _year_from(request: HttpRequest, years: list[int]) -> int:
    """The year asked for; else this fiscal year if it has indicators; else the latest year that has."""
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and 2400 <= int(raw) <= 2700:
        return int(raw)
    current = FiscalYear.current().be
    with_data = selectors.years_with_indicators()
    if current in with_data or not with_data:
        return current
    return max(with_data)


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    years = selectors.fiscal_years()
    year = _year_from(request, years)
    unit = (
        OrgUnit.objects.filter(code=request.GET.get("unit", "")).first() if request.GET.get("unit") else None
    )
    search = request.GET.get("q", "")
    indicators = list(selectors.indicator_list(fiscal_year=year, unit=unit, search=search))
    statuses = selectors.statuses_for(indicators, user)
    page = Paginator(statuses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/indicator_list.html",
        {
            "years": years,
            "year": year,
            "units": selectors.units_with_indicators(year),
            "unit": unit,
            "search": search,
            "page": page,
            "statuses": page.object_list,
            "totals": selectors.unit_totals(statuses),
            "weight_problems": selectors.weight_check(indicators),
            "agreements": agreements.agreements_of_year(year),
            "may_manage": rules.may_manage(user),
        },
    )


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    indicator = selectors.indicator_get(pk)
    live = selectors.live_result(indicator, user)
    status = selectors.indicator_status(indicator, live=live)
    assessed = status.latest_assessment
    records = selectors.measured_records(status, user)
    return render(
        request,
        "performance/indicator_detail.html",
        {
            "indicator": indicator,
            "status": status,
            "assessed": assessed,
            "live": live,
            "measure": MEASURES.get(indicator.live_measure),
            "measured": status.measured,
            "breakdown": selectors.breakdown_for(status, user),
            "gantt": agreements.gantt(indicator),
            "may_edit_plan": rules.may_manage(user) or rules.may_report(user, indicator),
            "drilldown_count": records.count() if records is not None else None,
            "may_report": rules.may_report(user, indicator),
            "may_assess": rules.may_assess(user),
            "may_manage": rules.may_manage(user),
            "sees_people": not scope_for(user).nothing,
            "evidence_form": EvidenceForm(indicator=indicator),
            "duties": agreements.duties_by_role(indicator),
            "evidence_items": agreements.evidence_checklist(indicator),
            "strategy_paths": [selectors.node_path(n) for n in indicator.strategy_nodes.all()],
            "projects": _projects_of(indicator),
            "printed_at": timezone.now(),
        },
    )


@login_required
def indicator_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicator as a signed paper (seed 000's layout, ending with the certification block)."""
    user = acting_user(request)
    indicator = selectors.indicator_get(pk)
    status = selectors.indicator_status(indicator, live=selectors.live_result(indicator, user))
    pdf = render_pdf(
        "performance/indicator_pdf.html",
        {
            "indicator": indicator,
            "status": status,
            "strategy_paths": [selectors.node_path(n) for n in indicator.strategy_nodes.all()],
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"indicator-{indicator.fiscal_year}-{indicator.code}.pdf".replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _projects_of(indicator: Indicator) -> list[Any]:
    """Projects that support the indicator (the projects module links them to it)."""
    related = getattr(indicator, "projects", None)
    return list(related.all()) if related is not None else []


def _quarter_or_404(quarter: int) -> int:
    if quarter not in (1, 2, 3, 4):
        raise Http404
    return quarter


@login_required
def result_edit(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    user = acting_user(request)
    indicator = selectors.indicator_get(pk)
    _quarter_or_404(quarter)
    if not rules.may_report(user, indicator):
        raise PermissionDenied
    row = indicator.results.filter(quarter=quarter).first()
    locked = rules.is_locked(indicator, quarter, row, timezone.localdate())
    initial = {}
    if row is not None:
        initial = {name: getattr(row, name) for name in services.RESULT_FIELDS}
    live = selectors.live_result(indicator, user) if indicator.measure_kind == MeasureKind.LIVE else None
    if live is not None and initial.get("result") is None:
        initial["result"] = live.value  # a live indicator reports the register's number of the day
    form = ResultForm(request.POST or None, initial=initial, measure_kind=indicator.measure_kind)
    form.initial.update(form_initial(row, [name for name in services.RESULT_FIELDS if name in form.fields]))
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        data = services.ResultData(
            result=cd.get("result"),
            numerator=cd.get("numerator"),
            denominator=cd.get("denominator"),
            level=cd.get("level"),
            cumulative_target=cd.get("cumulative_target"),
            narrative=cd.get("narrative", ""),
            as_of=cd.get("as_of"),
        )
        try:
            services.result_record(
                actor=user, indicator=indicator, quarter=quarter, data=data, opened=form.opened_state()
            )
        except StaleEdit as exc:
            form.show_stale_edit(exc)
        except DomainError as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("บันทึกผลไตรมาสที่ %(q)s แล้ว") % {"q": quarter})
            return redirect("performance:indicator_detail", pk=indicator.pk)
    return render(
        request,
        "performance/result_form.html",
        {
            "indicator": indicator,
            "quarter": quarter,
            "period": FiscalYear(indicator.fiscal_year).quarters[quarter - 1],
            "deadline": rules.quarter_deadline(indicator, quarter),
            "row": row,
            "locked": locked,
            "form": form,
            "live": live,
        },
    )


@login_required
def assessment_edit(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    user = acting_user(request)
    if not rules.may_assess(user):
        raise PermissionDenied
    indicator = selectors.indicator_get(pk)
    _quarter_or_404(quarter)
    row = indicator.assessments.filter(quarter=quarter).first()
    initial = {name: getattr(row, name) for name in services.ASSESSMENT_FIELDS} if row else {}
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.assessment_record(
                actor=user,
                indicator=indicator,
                quarter=quarter,
                data=services.AssessmentData(
                    score=cd["score"],
                    score_21=cd["score_21"],
                    score_22=cd["score_22"],
                    level=cd["level"],
                    comment=cd["comment"],
                ),
            )
        except DomainError as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("บันทึกผลประเมินไตรมาสที่ %(q)s แล้ว") % {"q": quarter})
            return redirect("performance:indicator_detail", pk=indicator.pk)
    status = selectors.indicator_status(indicator, live=selectors.live_result(indicator, user))
    return render(
        request,
        "performance/assessment_form.html",
        {"indicator": indicator, "quarter": quarter, "form": form, "status": status, "row": row},
    )


@login_required
def quarter_reopen(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    user = acting_user(request)
    if not rules.may_assess(user):
        raise PermissionDenied
    indicator = selectors.indicator_get(pk)
    _quarter_or_404(quarter)
    form = ReopenForm(request.POST or None)
    if not indicator.is_measured:
        del form.fields["refresh_snapshot"]
    if request.method == "POST" and form.is_valid():
        try:
            services.quarter_reopen(
                actor=user,
                indicator=indicator,
                quarter=quarter,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                refresh_snapshot=bool(form.cleaned_data.get("refresh_snapshot")),
            )
        except DomainError as exc:
            _put_error(form, exc)
        else:
            messages.success(request, _("เปิดให้แก้ไขผลไตรมาสที่ %(q)s แล้ว") % {"q": quarter})
            return redirect("performance:indicator_detail", pk=indicator.pk)
    return render(
        request,
        "performance/reopen_form.html",
        {
            "indicator": indicator,
            "quarter": quarter,
            "deadline": rules.quarter_deadline(indicator, quarter),
            "form": form,
        },
    )


@login_required
@require_POST
def quarter_close(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    """The assessor closes a quarter: reporting locks and a live figure is frozen."""
    user = acting_user(request)
    if not rules.may_assess(user):
        raise PermissionDenied
    indicator = selectors.indicator_get(pk)
    _quarter_or_404(quarter)
    try:
        services.quarter_close(actor=user, indicator=indicator, quarter=quarter)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("ปิดไตรมาสที่ %(q)s แล้ว") % {"q": quarter})
    return redirect("performance:indicator_detail", pk=indicator.pk)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    indicator = selectors.indicator_get(pk)
    form = EvidenceForm(request.POST, request.FILES, indicator=indicator)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=user,
                indicator=indicator,
                quarter=form.cleaned_data["quarter"],
                title=form.cleaned_data["title"] or "",
                file=form.cleaned_data["file"],
                item=form.cleaned_data["item"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("แนบหลักฐานแล้ว"))
    else:
        messages.error(request, _("แนบหลักฐานไม่สำเร็จ: เลือกรายการหลักฐานหรือตั้งชื่อ และเลือกไฟล์"))
    return redirect("performance:indicator_detail", pk=indicator.pk)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, as a download named after its title (never shown inline), its reading audited."""
    user = acting_user(request)
    evidence = Evidence.objects.filter(pk=pk).select_related("indicator").first()
    name = evidence.file.name if evidence is not None and evidence.file else None
    if evidence is None or not name or not evidence.file.storage.exists(name):
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, target=evidence, changes={"file": name})
    suffix = Path(name).suffix
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=f"{evidence.title[:100]}{suffix}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def drilldown(request: HttpRequest, pk: int) -> HttpResponse:
    """The records behind a live number, within the user's scope (executives: 403)."""
    user = acting_user(request)
    require_personal_data_access(user)
    indicator = selectors.indicator_get(pk)
    live = selectors.live_result(indicator, user)
    status = selectors.indicator_status(indicator, live=live)
    records = selectors.measured_records(status, user)
    if live is None or records is None:
        raise Http404
    measure = MEASURES[indicator.live_measure]
    page = Paginator(records.order_by("pk"), 50).get_page(request.GET.get("page"))
    full_id = may_see_full_national_id(user)
    rows = []
    for record in page.object_list:
        if measure.drilldown_kind == HOUSEHOLDS:
            rows.append(
                {
                    "name": record.house_no,
                    "extra": record.community.name if record.community else "",
                    "district": district_name(record.district_code),
                }
            )
        else:
            nid = record.national_id or ""
            rows.append(
                {
                    "name": record.full_name,
                    "extra": format_national_id(nid) if full_id else mask_national_id(nid),
                    "district": district_name(record.district_code),
                }
            )
    households = measure.drilldown_kind == HOUSEHOLDS
    audit_read(
        request,
        read="indicator_drilldown",
        target_type="registry.household" if households else "registry.person",
        people=[] if households else list(page.object_list),
        indicator=indicator.pk,
        households=[r.pk for r in page.object_list] if households else [],
    )
    return render(
        request,
        "performance/drilldown.html",
        {
            "indicator": indicator,
            "live": live,
            "measured": status.measured,
            "measure": measure,
            "page": page,
            "rows": rows,
            "households": measure.drilldown_kind == HOUSEHOLDS,
        },
    )


@login_required
def strategy_map(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isascii() and year_raw.isdigit() and len(year_raw) <= 4 else None
    form = StrategyNodeForm(request.POST or None)
    if request.method == "POST":
        if not rules.may_manage(user):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.strategy_node_create(actor=user, **form.cleaned_data)
            except DomainError as exc:
                _put_error(form, exc)
            else:
                messages.success(request, _("เพิ่มรายการในแผนที่ยุทธศาสตร์แล้ว"))
                return redirect("performance:strategy_map")
    return render(
        request,
        "performance/strategy_map.html",
        {
            "tree": selectors.strategy_tree(user, fiscal_year=year),
            "year": year,
            "years": selectors.fiscal_years(),
            "form": form,
            "may_manage": rules.may_manage(user),
        },
    )


def _indicator_data(form: IndicatorForm) -> services.IndicatorData:
    cd = form.cleaned_data
    return services.IndicatorData(
        fiscal_year=cd["fiscal_year"],
        code=cd["code"],
        name=cd["name"],
        lead_unit=cd["lead_unit"],
        owner_units=list(cd["owner_units"]),
        category=cd["category"],
        result_level=cd["result_level"],
        component=cd["component"],
        unit_of_measure=cd["unit_of_measure"],
        target=cd["target"],
        target_text=cd["target_text"],
        achieved=cd["achieved"],
        weight=cd["weight"],
        measure_kind=cd["measure_kind"],
        numerator_label=cd["numerator_label"],
        denominator_label=cd["denominator_label"],
        factor=cd["factor"],
        live_measure=cd["live_measure"],
        interpolate=cd["interpolate"],
        scored_from=cd.get("scored_from", ""),
        report_due_days=cd["report_due_days"],
        definition=cd["definition"],
        calculation_method=cd["calculation_method"],
        evidence_required=cd["evidence_required"],
        data_source=cd["data_source"],
    )


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(indicator, name)
        for name in ("fiscal_year", "code", *services.INDICATOR_FIELDS)
        if name not in {"sort_order"}
    }
    initial["owner_units"] = [u for u in indicator.owner_units.all() if u.pk != indicator.lead_unit_id]
    initial["strategy_nodes"] = list(indicator.strategy_nodes.all())
    for n, b in enumerate(indicator.baselines.all(), start=1):
        initial[f"baseline_{n}_year"] = b.fiscal_year
        initial[f"baseline_{n}_value"] = b.value
        initial[f"baseline_{n}_text"] = b.text
    for c in indicator.levels.all():
        initial[f"level_{c.level}_percent"] = c.percent
        initial[f"level_{c.level}_criterion"] = c.criterion
    return initial


@login_required
def indicator_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    if not rules.may_manage(user):
        raise PermissionDenied
    indicator = selectors.indicator_get(pk) if pk else None
    initial = _indicator_initial(indicator) if indicator else {"fiscal_year": FiscalYear.current().be}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rows = [services.LevelRow(level=lv, percent=p, criterion=c) for lv, p, c in form.level_rows()]
        baselines = form.baseline_rows()
        if form.is_valid():
            try:
                saved = services.indicator_save(
                    actor=user,
                    data=_indicator_data(form),
                    levels=rows,
                    indicator=indicator,
                    nodes=list(form.cleaned_data["strategy_nodes"]),
                    baselines=baselines,
                )
            except DomainError as exc:
                _put_error(form, exc)
            else:
                messages.success(request, _("บันทึกตัวชี้วัด %(code)s แล้ว") % {"code": saved.code})
                return redirect("performance:indicator_detail", pk=saved.pk)
    return render(request, "performance/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
def milestone_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = MilestoneForm(request.POST or None, initial={"fiscal_year": FiscalYear.current().be})
    if request.method == "POST":
        if not rules.may_manage(user):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.milestone_record(actor=user, **form.cleaned_data)
            except DomainError as exc:
                _put_error(form, exc)
            else:
                messages.success(request, _("บันทึกขั้นตอนความสำเร็จแล้ว"))
                return redirect("performance:milestone_list")
    return render(
        request,
        "performance/milestones.html",
        {
            "milestones": Milestone.objects.select_related("recorded_by"),
            "form": form,
            "may_manage": rules.may_manage(user),
        },
    )
