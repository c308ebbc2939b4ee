"""One Map pages: progress per district for a fiscal year, and loading communities and households."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.http import acting_user
from nokrabob.onemap import selectors, services
from nokrabob.onemap.forms import ColumnsForm, UploadForm
from nokrabob.onemap.rules import definition_text
from nokrabob.onemap.tables import TABLES
from nokrabob.performance.scoring import ratio

SESSION_KEY = "onemap_uploads"
FIRST_YEAR = 2567


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    current = FiscalYear.of(today).be
    try:
        year = int(request.GET.get("year") or current)
    except ValueError:
        year = current
    if not FIRST_YEAR <= year <= current + 1:
        year = current
    districts = selectors.progress_by_district(user, year, today=today)
    total = sum(d.communities for d in districts)
    entered = sum(d.entered for d in districts)
    return render(
        request,
        "onemap/overview.html",
        {
            "year": year,
            "years": list(range(FIRST_YEAR, current + 1)),
            "districts": districts,
            "total": total,
            "entered": entered,
            "percent": ratio(entered, total) if total else None,
            "as_of": selectors.cut_off(year, today),
            "definition": definition_text(),
            "can_load": user.caps.edits_people,
        },
    )


def _table(kind: str) -> Any:
    table = TABLES.get(kind)
    if table is None:
        raise Http404
    return table


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    user = acting_user(request)
    table = _table(kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.upload_open(actor=user, table=table, upload=form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
        else:
            uploads = request.session.get(SESSION_KEY, {})
            uploads[opened.token] = {
                "kind": kind,
                "file_kind": opened.file_kind,
                "headers": opened.headers,
                "suggested": opened.suggested,
            }
            request.session[SESSION_KEY] = uploads
            return redirect("onemap:columns", kind=kind, token=opened.token)
    refusal = ""
    try:
        services.require_loader(user)
    except DomainError as exc:
        refusal = exc.message
    return render(request, "onemap/upload.html", {"form": form, "table": table, "refusal": refusal})


@login_required
def columns(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    """Map the file's columns and load it: every row or none."""
    user = acting_user(request)
    table = _table(kind)
    saved = request.session.get(SESSION_KEY, {}).get(token)
    if saved is None or saved["kind"] != kind:
        raise Http404  # an upload is its uploader's, in this session only
    form = ColumnsForm(
        request.POST or None, table=table, headers=saved["headers"], suggested=saved["suggested"]
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.import_file(
                actor=user, kind=kind, token=token, file_kind=saved["file_kind"], mapping=form.mapping()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if not outcome.error_count:
                uploads = request.session.get(SESSION_KEY, {})
                uploads.pop(token, None)
                request.session[SESSION_KEY] = uploads
                if kind == "communities":
                    text = _("นำเข้าทะเบียนชุมชนแล้ว: เพิ่ม %(c)s ชุมชน ปรับปรุง %(u)s ชุมชน") % {
                        "c": outcome.created,
                        "u": outcome.updated,
                    }
                else:
                    text = _("นำเข้าข้อมูลแล้ว: %(c)s ครัวเรือน %(m)s คน") % {
                        "c": outcome.created,
                        "m": outcome.members,
                    }
                messages.success(request, text)
                return redirect("onemap:overview")
    return render(
        request,
        "onemap/columns.html",
        {"form": form, "table": table, "outcome": outcome, "headers": saved["headers"]},
    )
