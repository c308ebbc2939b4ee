"""The export page (``imports:export``): the registry list's filters, the columns, the format, full IDs where
the role may export them, and a stated purpose; a POST makes an export job, small ones written at once,
large ones on the task queue. A GET never gives a file: old links with the list's query string open the
page, filled in.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nokrabob.accounts.scope import may_export_full_national_id, require_personal_data_access
from nokrabob.audit.models import AuditAction
from nokrabob.audit.reads import audit_read, client_address
from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user
from nokrabob.imports import exports, selectors, tasks
from nokrabob.imports.forms import ExportForm
from nokrabob.registry.forms import SearchForm

logger = logging.getLogger(__name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8"}


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_personal_data_access(user)
    allowed = may_export_full_national_id(user)
    posted = request.method == "POST"
    search = SearchForm(request.POST if posted else request.GET, user=user, today=timezone.localdate())
    initial = (
        {"file_format": request.GET.get("format")} if request.GET.get("format") in ("csv", "xlsx") else {}
    )
    form = ExportForm(request.POST if posted else None, full_ids_allowed=allowed, initial=initial)
    if posted and form.is_valid() and search.is_valid():
        data = form.cleaned_data
        filters = search.filters()
        try:
            job = exports.export_job_create(
                user=user,
                query=urlencode(filters.as_query()),
                file_format=data["file_format"],
                columns=data["columns"],
                full_ids=bool(data.get("full_national_id")),
                purpose=data["purpose"],
                ip_address=client_address(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if exports.export_queryset(user, filters).count() > exports.INLINE_LIMIT:
                tasks.queue_export(job)
            else:
                try:
                    exports.run_export_job(job.pk)
                except Exception:  # the job is marked failed with a message; its page says so
                    logger.exception("export %s failed", job.pk)
            return redirect("imports:export_job", pk=job.pk)
    jobs = selectors.export_jobs_for(user)[:20]
    context = {"form": form, "search": search, "jobs": jobs, "full_ids_allowed": allowed}
    return render(request, "imports/export.html", context, status=400 if posted else 200)


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.export_job_get(acting_user(request), pk)
    template = (
        "imports/_export_progress.html" if request.headers.get("HX-Request") else "imports/export_job.html"
    )
    labels = exports.column_labels()
    columns = [labels[c] for c in job.columns if c in labels]
    return render(request, template, {"job": job, "columns": columns})


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The job's file, to its creator only, until it expires; every download is audited."""
    user = acting_user(request)
    job = selectors.export_job_get(user, pk)
    path = Path(job.file_path) if job.file_path else None
    if not job.downloadable or path is None or not path.exists():
        if job.purged_at is not None:
            messages.info(request, _("ไฟล์นี้หมดอายุและถูกลบแล้ว โปรดส่งออกใหม่"))
        return redirect("imports:export_job", pk=pk)
    audit_read(
        request,
        read="export_download",
        action=AuditAction.EXPORT,
        count=job.rows_done,
        export_job=job.pk,
        format=job.file_format,
        full_national_id=job.full_national_id,
    )
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[job.file_format])
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(job.file_format)}"'
    response["Cache-Control"] = "no-store"
    return response
