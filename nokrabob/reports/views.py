from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.db_routing import reads_from_replica
from nokrabob.core.http import acting_user
from nokrabob.core.pdf import render_pdf
from nokrabob.core.thai import format_be_date
from nokrabob.reports.dashboard import dashboard_for
from nokrabob.reports.exports import summary_workbook
from nokrabob.reports.selectors import registry_summary, scope_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    from nokrabob.reports.views_public import PUBLISHERS

    board = dashboard_for(user)
    context = {
        "summary": board.summary,
        "figures": board.figures,
        "rank": board.rank,
        "scope": scope_label(user),
        "may_publish": user.role in PUBLISHERS,
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@reads_from_replica
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    content = summary_workbook(registry_summary(user), scope=scope_label(user))
    audit_record(actor=user, action=AuditAction.EXPORT, target_type="reports.summary", target_label="xlsx")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="registry-summary.xlsx"'
    return response


@login_required
@reads_from_replica
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    board = dashboard_for(user)
    context = {
        "summary": board.summary,
        "figures": board.figures,
        "rank": board.rank,
        "scope": scope_label(user),
        "today": format_be_date(timezone.localdate(), "long"),
        "signer_name": user.full_name,
        "signer_position": user.position,
    }
    audit_record(actor=user, action=AuditAction.EXPORT, target_type="reports.summary", target_label="pdf")
    response = HttpResponse(render_pdf("reports/summary_pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="registry-summary.pdf"'
    return response
