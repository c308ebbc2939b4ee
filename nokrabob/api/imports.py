"""/api/v1/imports/: an office's list imports over REST, through the import pages' own services and
selectors — upload (``batch_create``), mapping (``batch_set_mapping``), start (``tasks.queue_batch``),
progress (``recovery.refresh``), the rejected rows (``error_report``, IDs masked as in the report and every
read audited) and the values no synonym maps (``unmapped.scan`` before a run, ``ImportValue`` after).

A batch belongs to the importing office (``batches_for``): another office's batch answers 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.api.base import Cursor, PageQuery, StrictSerializer, V1View, page_of
from nokrabob.api.models import Operation
from nokrabob.core.http import acting_user
from nokrabob.imports import error_report, recovery, selectors, services, tasks, unmapped
from nokrabob.imports.mapping import TARGET_NAMES
from nokrabob.imports.models import ImportBatch, ImportRowError, ImportStatus, ImportValue
from nokrabob.imports.readers import ENCODINGS

SCAN_ROWS = getattr(settings, "IMPORTS_VALUES_SCAN_ROWS", 100_000)


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    file_name = serializers.CharField()
    source_name = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text="pending, running, done, failed, cancelled, interrupted, …")
    dry_run = serializers.BooleanField()
    unit = serializers.CharField(allow_null=True, help_text="the importing office")
    encoding = serializers.CharField(allow_blank=True)
    headers = serializers.ListField(child=serializers.CharField(allow_blank=True))
    mapping = serializers.DictField(child=serializers.IntegerField(), help_text="field → column index")
    rows_total = serializers.IntegerField()
    rows_done = serializers.IntegerField()
    rows_created = serializers.IntegerField()
    rows_updated = serializers.IntegerField()
    rows_unchanged = serializers.IntegerField()
    rows_rejected = serializers.IntegerField()
    rows_duplicate = serializers.IntegerField()
    rows_review = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="rows done of the rows in the file")
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    failure = serializers.CharField(allow_blank=True)


def batch_data(batch: ImportBatch) -> dict[str, Any]:
    total = batch.rows_total or batch.rows_estimate
    return {
        "id": batch.pk,
        "file_name": batch.file_name,
        "source_name": batch.source_name,
        "status": batch.status,
        "dry_run": batch.dry_run,
        "unit": batch.unit.code if batch.unit else None,
        "encoding": batch.encoding,
        "headers": [str(h) for h in batch.headers],
        "mapping": {str(k): int(v) for k, v in batch.mapping.items()},
        "rows_total": batch.rows_total,
        "rows_done": batch.rows_done,
        "rows_created": batch.rows_created,
        "rows_updated": batch.rows_updated,
        "rows_unchanged": batch.rows_unchanged,
        "rows_rejected": batch.rows_rejected,
        "rows_duplicate": batch.rows_duplicate,
        "rows_review": batch.rows_review,
        "percent": min(100, round(100 * batch.rows_done / total)) if total else 0,
        "started_at": batch.started_at.isoformat() if batch.started_at else None,
        "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
        "failure": batch.failure,
    }


def _importer(request: Request) -> Any:
    user = acting_user(request)
    if not selectors.may_import(user):
        raise PermissionDenied
    return user


class UploadRequest(StrictSerializer):
    file = serializers.FileField(help_text="CSV or XLSX")
    source_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    encoding = serializers.ChoiceField(choices=list(ENCODINGS), required=False)


class BatchList(V1View):
    """The office's batches, newest first; POST uploads a file (multipart) and answers the new batch with
    its headers and the suggested mapping."""

    required_operations = {"GET": Operation.READ, "POST": Operation.WRITE}
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="v1_imports_list",
        parameters=[PageQuery],
        responses={200: page_of("ImportBatchPage", BatchSerializer(many=True))},
    )
    def get(self, request: Request) -> Response:
        PageQuery(data=request.query_params).is_valid(raise_exception=True)
        batches = selectors.batches_for(acting_user(request))
        paginator = Cursor()
        paginator.ordering = ("-id",)
        page = paginator.paginate_queryset(batches, request, view=self) or []
        return paginator.get_paginated_response([batch_data(b) for b in page])

    @extend_schema(
        operation_id="v1_imports_upload",
        request={"multipart/form-data": UploadRequest},
        responses={201: BatchSerializer},
    )
    def post(self, request: Request) -> Response:
        user = _importer(request)
        incoming = UploadRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        batch = services.batch_create(
            actor=user,
            upload=data["file"],
            source_name=data.get("source_name", ""),
            encoding=data.get("encoding", ""),
        )
        return Response(batch_data(batch), status=201)


class BatchDetail(V1View):
    """A batch and its progress (poll it while it runs)."""

    required_operations = {"GET": Operation.READ}

    @extend_schema(operation_id="v1_imports_detail", responses={200: BatchSerializer})
    def get(self, request: Request, pk: int) -> Response:
        batch = recovery.refresh(selectors.batch_get(acting_user(request), pk))
        return Response(batch_data(batch))


class MappingRequest(StrictSerializer):
    mapping = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=10_000),
        help_text=f"field → column index (0-based); fields: {', '.join(TARGET_NAMES)}",
    )
    encoding = serializers.ChoiceField(choices=list(ENCODINGS), required=False)
    source_name = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate_mapping(self, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(TARGET_NAMES))
        if unknown:
            raise serializers.ValidationError(f"unknown field: {', '.join(unknown)[:200]}")
        return value


class BatchMapping(V1View):
    required_operations = {"PUT": Operation.WRITE}

    @extend_schema(
        operation_id="v1_imports_mapping",
        request=MappingRequest,
        responses={200: BatchSerializer},
        examples=[
            OpenApiExample(
                "name, ID and district",
                request_only=True,
                value={"mapping": {"full_name": 0, "national_id": 1, "district": 2}},
            )
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        user = _importer(request)
        incoming = MappingRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        batch = selectors.batch_get(user, pk)
        batch = services.batch_set_mapping(
            actor=user,
            batch=batch,
            mapping=data["mapping"],
            encoding=data.get("encoding", "") if batch.file_kind == "csv" else "",
            source_name=data.get("source_name", ""),
        )
        return Response(batch_data(batch))


class StartRequest(StrictSerializer):
    dry_run = serializers.BooleanField(required=False, default=False, help_text="check only, write nothing")


class BatchStart(V1View):
    """Start (or resume, after an interruption) a mapped batch on the task queue; poll the batch for its
    progress."""

    required_operations = {"POST": Operation.WRITE}

    @extend_schema(operation_id="v1_imports_start", request=StartRequest, responses={202: BatchSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _importer(request)
        incoming = StartRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        batch = selectors.batch_get(user, pk)
        services.batch_check_startable(actor=user, batch=batch)
        if batch.status == ImportStatus.PENDING:
            batch.dry_run = incoming.validated_data["dry_run"]
            batch.save(update_fields=["dry_run", "updated_at"])
        tasks.queue_batch(actor=user, batch=batch)
        return Response(batch_data(batch), status=202)


class ErrorRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="row number in the file")
    reasons = serializers.CharField()
    values = serializers.ListField(child=serializers.JSONField(), help_text="the row's cells as sent")


class BatchErrors(V1View):
    """The rejected rows, as in the error report (IDs masked for roles with masked IDs); each page read
    is audited like a download of the report."""

    required_operations = {"GET": Operation.READ}

    @extend_schema(
        operation_id="v1_imports_errors",
        parameters=[PageQuery],
        responses={200: page_of("ImportErrorPage", ErrorRowSerializer(many=True))},
    )
    def get(self, request: Request, pk: int) -> Response:
        PageQuery(data=request.query_params).is_valid(raise_exception=True)
        user = acting_user(request)
        batch = selectors.batch_get(user, pk)
        full = may_see_full_national_id(user)
        paginator = Cursor()
        paginator.ordering = ("id",)
        rows = ImportRowError.objects.filter(batch=batch)
        page = paginator.paginate_queryset(rows, request, view=self) or []
        error_report.record_download(actor=user, batch=batch, fmt="api", full_ids=full)
        out = []
        for error in page:
            number, reasons, *cells = error_report.report_row(batch, error, full_ids=full)
            out.append({"row": number, "reasons": reasons, "values": cells})
        return paginator.get_paginated_response(out)


class ValueSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="occupation or scheme")
    text = serializers.CharField()
    row_count = serializers.IntegerField()
    code = serializers.CharField(allow_blank=True, help_text="the code it was mapped to, empty if not yet")


class BatchValues(V1View):
    """The occupation and scheme values no synonym maps: read from the file before a run (its first
    rows), from what the run kept after. Map them on the values page."""

    required_operations = {"GET": Operation.READ}

    @extend_schema(
        operation_id="v1_imports_values",
        responses={
            200: inline_serializer(
                "ImportValues",
                {
                    "complete": serializers.BooleanField(help_text="every row was read"),
                    "results": ValueSerializer(many=True),
                },
            )
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        batch = selectors.batch_get(acting_user(request), pk)
        complete = True
        found: list[Any]
        if batch.status == ImportStatus.PENDING:
            scan = unmapped.scan(
                services.batch_reader(batch).rows(), batch.mapping, services.load_synonyms(), limit=SCAN_ROWS
            )
            found, complete = scan.values, scan.complete
        else:
            found = list(ImportValue.objects.filter(batch=batch).order_by("kind", "-row_count", "id"))
        rows = [{"kind": v.kind, "text": v.text, "row_count": v.row_count, "code": v.code} for v in found]
        return Response({"complete": complete, "results": rows})
