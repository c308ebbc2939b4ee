"""The DPO's pages: the trail in sentences with a search, the chain check, and the two incident reports.

Only the admin and the data protection officer (``caps.reads_audit``) open them; everyone else gets 403.
Searching by a person, and each report, is itself a read of people and is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.audit import reports
from nokrabob.audit.describe import describe
from nokrabob.audit.forms import AuditSearchForm, BreachForm, WhoSawForm
from nokrabob.audit.reads import audit_read
from nokrabob.audit.selectors import (
    Search,
    breach_summary,
    exports_by_filter_naming,
    search_events,
    verify_chain,
)
from nokrabob.core.http import acting_user
from nokrabob.core.thai import format_be_date
from nokrabob.registry.selectors import people_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _auditor(request: HttpRequest) -> User:
    user = acting_user(request)
    if not user.caps.reads_audit:
        raise PermissionDenied
    return user


def _person_ids(user: User, national_id: str) -> list[int]:
    return list(people_for(user).filter(national_id=national_id).values_list("pk", flat=True))


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    user = _auditor(request)
    form = AuditSearchForm(request.GET or None, user=user)
    search = Search()
    if form.is_bound and form.is_valid():
        national_id = form.cleaned_data["national_id"]
        person_ids = _person_ids(user, national_id) if national_id else None
        search = form.search(person_ids)
        if person_ids:
            audit_read(request, read="audit_search", people=person_ids)
    events = (
        search_events(user, search) if not form.is_bound or form.is_valid() else search_events(user, Search())
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [describe(e) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "is_admin": user.role == Role.ADMIN,
    }
    return render(request, "audit/event_list.html", context)


@login_required
def chain_check(request: HttpRequest) -> HttpResponse:
    """The DPO's check of the hash chain: intact, or the first row that was changed or removed."""
    _auditor(request)
    return render(request, "audit/chain_check.html", {"report": verify_chain()})


def _period_line(data: dict[str, Any]) -> str:
    return _("ช่วงเวลา %(start)s ถึง %(end)s") % {
        "start": format_be_date(data["date_from"], "long"),
        "end": format_be_date(data["date_to"], "long"),
    }


def _file(
    request: HttpRequest, user: User, title: str, lines: list[str], events: Any, name: str
) -> HttpResponse:
    fmt = request.GET.get("format", "")
    rows = reports.report_rows(events)
    if fmt == "xlsx":
        response = HttpResponse(reports.report_xlsx(title, lines, rows), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(
            reports.report_pdf(title, lines, rows, signer=user), content_type="application/pdf"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def who_saw(request: HttpRequest) -> HttpResponse:
    """Everyone who opened, exported or changed one person's record in a period (PDPA s.30, s.37(4))."""
    user = _auditor(request)
    form = WhoSawForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        people = list(people_for(user).filter(national_id=data["national_id"]))
        if not people:
            form.add_error("national_id", _("ไม่พบบุคคลที่มีเลขประจำตัวประชาชนนี้ในทะเบียน"))
        else:
            person = people[0]
            search = Search(
                person_ids=[p.pk for p in people], date_from=data["date_from"], date_to=data["date_to"]
            )
            by_filter = exports_by_filter_naming(user, person, search)
            events = search_events(user, search)
            if by_filter:
                events = (events | search_events(user, Search()).filter(pk__in=by_filter)).order_by(
                    "-at", "-id"
                )
            fmt = request.GET.get("format", "")
            audit_read(request, read="audit_who_saw", target=person, format=fmt or "html")
            title = _("รายงานผู้เข้าถึงข้อมูลของ %(name)s (ทะเบียนเลขที่ %(id)s)") % {
                "name": person.full_name,
                "id": person.pk,
            }
            lines = [_period_line(data)]
            if user.role != Role.ADMIN:
                lines.append(_("การเข้าถึงโดยบัญชีเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลแสดงในรายงานของผู้ดูแลระบบ"))
            if fmt in ("pdf", "xlsx"):
                return _file(request, user, title, lines, events, f"who-saw-{person.pk}")
            context.update(title=title, lines=lines, rows=reports.report_rows(events), person=person)
            context["query"] = request.GET.urlencode()
    return render(
        request, "audit/report.html", {**context, "kind": "who_saw"}, status=400 if form.errors else 200
    )


@login_required
@require_GET
def breach(request: HttpRequest) -> HttpResponse:
    """Everything one account or one address read (opened or exported) in a period: what an incident needs."""
    user = _auditor(request)
    form = BreachForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        search = Search(
            actor=data["actor"], ip=data["ip"] or "", date_from=data["date_from"], date_to=data["date_to"],
            only_reads=True,
        )  # fmt: skip
        events = search_events(user, search)
        summary = breach_summary(events)
        fmt = request.GET.get("format", "")
        audit_read(
            request,
            read="audit_breach",
            filters={"actor": data["actor"], "ip": data["ip"] or ""},
            format=fmt or "html",
        )
        who = " · ".join(x for x in (data["actor"], data["ip"] or "") if x)
        title = _("รายงานการเข้าถึงข้อมูลส่วนบุคคลของ %(who)s") % {"who": who}
        lines = [
            _period_line(data),
            _(
                "เปิดดูหรือส่งออก %(events)s ครั้ง · บุคคลที่ระบุได้ %(people)s คน · "
                "ส่งออก %(exports)s ไฟล์ รวม %(rows)s แถว"
            )
            % {
                "events": summary.events,
                "people": summary.people,
                "exports": summary.exports,
                "rows": summary.rows_exported,
            },
        ]
        if summary.addresses:
            lines.append(_("จากที่อยู่ IP: %(ips)s") % {"ips": ", ".join(summary.addresses)})
        if user.role != Role.ADMIN:
            lines.append(_("การเข้าถึงโดยบัญชีเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลแสดงในรายงานของผู้ดูแลระบบ"))
        if fmt in ("pdf", "xlsx"):
            return _file(request, user, title, lines, events, "access-report")
        context.update(title=title, lines=lines, rows=reports.report_rows(events), summary=summary)
        context["query"] = request.GET.urlencode()
    return render(
        request, "audit/report.html", {**context, "kind": "breach"}, status=400 if form.errors else 200
    )
