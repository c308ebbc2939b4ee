"""The yearly provincial report (seed 003, เอกสาร ๓): its figures, and the printable PDF."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from nokrabob.projects import reporting
from nokrabob.projects.charts import month_labels
from nokrabob.projects.models import ActionPlan


def font_dir() -> str:
    import fontpkg_sarabun

    return (fontpkg_sarabun.ROOT / "files").as_uri()


def yearly_context(plan: ActionPlan) -> dict[str, Any]:
    today = timezone.localdate()
    dues = reporting.due_dates(plan.fiscal_year, reporting.overrides_for(plan.fiscal_year))
    cells = reporting.month_cells(plan, plan.fiscal_year, dues, today)
    activities = list(plan.activities.all())
    served = sum(c.report.people_served for c in cells if c.report)
    disbursed = sum((c.report.budget_disbursed for c in cells if c.report), Decimal(0))
    target = sum(a.target_people for a in activities)
    budget = sum((a.budget for a in activities), Decimal(0))
    return {
        "plan": plan,
        "activities": [(a, [a.runs_in(n) for n in range(1, 13)]) for a in activities],
        "months": month_labels(plan.fiscal_year),
        "month_rows": list(zip(month_labels(plan.fiscal_year), cells, strict=True)),
        "served": served,
        "disbursed": disbursed,
        "target_total": target,
        "budget_total": budget,
        "people_pct": reporting.percent(served, target),
        "budget_pct": reporting.percent(disbursed, plan.allocation_year or budget),
        "rounds": reporting.round_results(plan, cells=cells, today=today),
        "reported_months": sum(1 for c in cells if c.report),
        "today": today,
    }


def yearly_html(plan: ActionPlan, *, signer: Any = None) -> str:
    context = yearly_context(plan)
    context.update({"font_dir": font_dir(), "signer": signer})
    return render_to_string("projects/yearly_report_pdf.html", context)


def render_yearly_pdf(plan: ActionPlan, *, signer: Any = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=yearly_html(plan, signer=signer)).write_pdf()
