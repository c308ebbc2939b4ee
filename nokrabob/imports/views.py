"""Pages of the imports app: upload → mapping preview → dry run or import (with progress) → report."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.audit.reads import audit_read
from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user
from nokrabob.imports import error_report, recovery, selectors, services, tasks
from nokrabob.imports.forms import MappingForm, SynonymForm, UploadForm
from nokrabob.imports.mapping import TARGET_LABELS
from nokrabob.imports.models import ImportStatus, ValueSynonym
from nokrabob.imports.rollback import batch_rollback
from nokrabob.imports.views_values import panel_context


def _require_importer(request: HttpRequest) -> None:
    if not selectors.may_import(acting_user(request)):
        raise PermissionDenied


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = Paginator(selectors.batches_for(user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/job_list.html",
        {
            "page": page,
            "batches": page.object_list,
            "may_import": selectors.may_import(user),
            "open_reviews": selectors.review_items_for(user).count(),
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                actor=acting_user(request),
                upload=data["file"],
                source_name=data["source_name"],
                encoding=data["encoding"],
                template=data["template"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("imports:mapping", pk=batch.pk)
    return render(request, "imports/upload.html", {"form": form})


@login_required
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    user = acting_user(request)
    batch = selectors.batch_get(user, pk)
    if batch.status != ImportStatus.PENDING:
        return redirect("imports:job_detail", pk=batch.pk)
    reader = services.batch_reader(batch)
    initial = {f"col_{t}": str(i) for t, i in batch.mapping.items()}
    initial.update(encoding=batch.encoding, source_name=batch.source_name)
    form = MappingForm(request.POST or None, headers=reader.headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_set_mapping(
                actor=user,
                batch=batch,
                mapping=form.mapping(),
                encoding=form.cleaned_data["encoding"] if batch.file_kind == "csv" else "",
                source_name=form.cleaned_data["source_name"],
                template_name=form.cleaned_data["save_as"],
            )
            if "preview" in request.POST:
                return redirect("imports:mapping", pk=batch.pk)
            batch.dry_run = "dry_run" in request.POST
            batch.save(update_fields=["dry_run", "updated_at"])
            tasks.queue_batch(actor=user, batch=batch)
        except DomainError as exc:
            field = f"col_{exc.field}" if exc.field and f"col_{exc.field}" in form.fields else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            return redirect("imports:job_detail", pk=batch.pk)
        reader = services.batch_reader(batch)
    mapped = {i: TARGET_LABELS[t] for t, i in batch.mapping.items()}
    return render(
        request,
        "imports/mapping.html",
        {
            "batch": batch,
            "form": form,
            "headers": [(h, mapped.get(i, "")) for i, h in enumerate(reader.headers)],
            "preview": reader.preview(10),
            "rows_total": reader.count_rows(),
        },
    )


def _job_context(request: HttpRequest, pk: int) -> dict[str, object]:
    user = acting_user(request)
    batch = recovery.refresh(selectors.batch_get(user, pk))
    return {"batch": batch, "may_import": selectors.may_import(user)}


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _job_context(request, pk)
    batch = context["batch"]
    context["errors"] = selectors.first_errors(batch)  # type: ignore[arg-type]
    audit_read(
        request,
        read="import_job_detail",
        target_type="imports.importbatch",
        batch=batch.pk,  # type: ignore[attr-defined]
        error_rows_shown=len(context["errors"]),  # type: ignore[arg-type]
    )
    context.update(panel_context(batch))  # type: ignore[arg-type]
    return render(request, "imports/job_detail.html", context)


@login_required
@require_POST
def job_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Go on with an interrupted batch from the row after its last committed chunk."""
    _require_importer(request)
    user = acting_user(request)
    batch = selectors.batch_get(user, pk)
    try:
        tasks.queue_batch(actor=user, batch=batch)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("นำเข้าต่อจากแถวที่ %(row)s แล้ว") % {"row": batch.rows_committed + 2})
    return redirect("imports:job_detail", pk=pk)


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone, polled by htmx while the batch runs."""
    context = _job_context(request, pk)
    response = render(request, "imports/_progress.html", context)
    if request.GET.get("was") == "active" and not context["batch"].is_active:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"  # finished: reload the page for the error list and the actions
    return response


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    batch = selectors.batch_get(acting_user(request), pk)
    try:
        services.batch_cancel(actor=acting_user(request), batch=batch)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("ส่งคำขอยกเลิกแล้ว ข้อมูลที่นำเข้าไปบางส่วนจะถูกย้อนกลับ"))
    return redirect("imports:job_detail", pk=pk)


@login_required
@require_POST
def job_rollback(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    batch = selectors.batch_get(acting_user(request), pk)
    try:
        counts = batch_rollback(actor=acting_user(request), batch=batch)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("ย้อนกลับแล้ว: ลบบุคคลที่สร้าง %(removed)s คน คืนค่าเดิม %(restored)s คน") % counts,
        )
    return redirect("imports:job_detail", pk=pk)


@login_required
@require_POST
def job_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Import for real a file that was dry-run."""
    _require_importer(request)
    user = acting_user(request)
    dry = selectors.batch_get(user, pk)
    try:
        batch = services.batch_from_dry_run(actor=user, dry=dry)
        tasks.queue_batch(actor=user, batch=batch)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:job_detail", pk=pk)
    return redirect("imports:job_detail", pk=batch.pk)


@login_required
def error_report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    user = acting_user(request)
    batch = selectors.batch_get(user, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    full_ids = may_see_full_national_id(user)
    error_report.record_download(request=request, actor=user, batch=batch, fmt=fmt, full_ids=full_ids)
    name = f"errors-{batch.pk}.{fmt}"
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            error_report.csv_chunks(batch, full_ids=full_ids), content_type="text/csv; charset=utf-8"
        )
    else:
        path = services.upload_dir() / f"errors-{batch.pk}-{uuid.uuid4().hex}.xlsx"
        error_report.write_xlsx(batch, path, full_ids=full_ids)
        handle = path.open("rb")
        path.unlink()  # the open handle keeps the data until the response is sent
        response = FileResponse(
            handle, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ── review list ──────────────────────────────────────────────────────────────────────────────────


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = Paginator(selectors.review_items_for(user).order_by("batch_id", "row_number"), 25).get_page(
        request.GET.get("page")
    )
    visible = selectors.visible_candidate_ids(user, page.object_list)
    audit_read(
        request,
        read="import_review_list",
        target_type="imports.importreviewitem",
        people=sorted(visible),
        items=[item.pk for item in page.object_list],
    )
    return render(
        request,
        "imports/review_list.html",
        {
            "page": page,
            "items": page.object_list,
            "visible_candidates": visible,
            "may_import": selectors.may_import(user),
            "full_ids": may_see_full_national_id(user),
        },
    )


@login_required
@require_POST
def review_action(request: HttpRequest, pk: int) -> HttpResponse:
    from nokrabob.imports import review

    _require_importer(request)
    user = acting_user(request)
    item = selectors.review_item_get(user, pk)
    action = request.POST.get("action")
    try:
        if action == "create":
            person = review.review_create_person(actor=user, item=item)
            messages.success(request, _("สร้าง %(name)s เป็นบุคคลใหม่แล้ว") % {"name": person})
        elif action == "merge":
            person = review.review_merge(actor=user, item=item)
            messages.success(request, _("รวมข้อมูลเข้ากับ %(name)s แล้ว") % {"name": person})
        elif action == "skip":
            review.review_skip(actor=user, item=item)
            messages.info(request, _("ข้ามแถวนี้แล้ว"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:review_list")


# ── synonyms ─────────────────────────────────────────────────────────────────────────────────────


@login_required
def synonym_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.synonym_save(
                actor=acting_user(request),
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                code=form.cleaned_data["code"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("บันทึกคำพ้องความหมายแล้ว"))
            return redirect("imports:synonym_list")
    synonyms = list(ValueSynonym.objects.order_by("kind", "code", "text"))
    names = selectors.catalogue_names()
    for synonym in synonyms:
        synonym.code_name = names.get((synonym.kind, synonym.code), synonym.code)  # type: ignore[attr-defined]
    return render(request, "imports/synonym_list.html", {"form": form, "synonyms": synonyms})
