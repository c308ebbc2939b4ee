"""The registry list's export: ``imports:export`` takes the list's own query string."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from nokrabob.accounts.scope import require_personal_data_access
from nokrabob.core.db_routing import reads_from_replica
from nokrabob.core.http import acting_user
from nokrabob.imports import exports, selectors, tasks
from nokrabob.imports.models import ImportStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
@reads_from_replica
def export(request: HttpRequest) -> HttpResponseBase:
    """CSV streams at once; XLSX is built in place when small, on the task queue when large."""
    user = acting_user(request)
    require_personal_data_access(user)
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("page", None)
    queryset = exports.export_queryset(user, params)
    if fmt == "csv":
        exports.audit_export(user, params=params, file_format="csv", rows=queryset.count())
        response: HttpResponseBase = StreamingHttpResponse(
            exports.csv_chunks(user, queryset), content_type="text/csv; charset=utf-8"
        )
    else:
        total = queryset.count()
        if total > exports.XLSX_INLINE_LIMIT:
            job = tasks.queue_export(user=user, query=params.urlencode())
            return redirect("imports:export_job", pk=job.pk)
        from nokrabob.imports.services import upload_dir

        path = upload_dir() / f"export-{user.pk}-{uuid.uuid4().hex}.xlsx"
        rows = exports.write_xlsx(user, queryset, path)
        exports.audit_export(user, params=params, file_format="xlsx", rows=rows)
        handle = path.open("rb")
        path.unlink()  # the open handle keeps the data until the response is sent
        response = FileResponse(handle, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(fmt)}"'
    return response


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.export_job_get(acting_user(request), pk)
    template = (
        "imports/_export_progress.html" if request.headers.get("HX-Request") else "imports/export_job.html"
    )
    return render(request, template, {"job": job})


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = selectors.export_job_get(acting_user(request), pk)
    if job.status != ImportStatus.DONE or not job.file_path or not Path(job.file_path).exists():
        return redirect("imports:export_job", pk=pk)
    response = FileResponse(Path(job.file_path).open("rb"), content_type=XLSX_TYPE)  # noqa: SIM115 - closed by Django
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename("xlsx")}"'
    return response
