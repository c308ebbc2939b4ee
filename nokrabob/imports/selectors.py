"""Reads of the imports app. Batches belong to the importing office; review items are scoped by area."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from nokrabob.accounts.roles import Reach
from nokrabob.accounts.scope import require_personal_data_access, scoped
from nokrabob.imports.models import ExportJob, ImportBatch, ImportReviewItem, ImportRowError, ReviewStatus


def may_import(user: Any) -> bool:
    return bool(user.is_authenticated and user.caps.edits_people)


def batches_for(user: Any) -> QuerySet[ImportBatch]:
    """Department-wide roles see every batch; an office sees its own office's batches."""
    require_personal_data_access(user)
    batches = ImportBatch.objects.select_related("created_by", "unit", "template")
    if user.is_superuser or user.caps.reach in (Reach.ALL, Reach.BANGKOK):
        return batches
    if not user.unit_id:
        return batches.none()
    return batches.filter(unit_id=user.unit_id)


def batch_get(user: Any, pk: int) -> ImportBatch:
    try:
        return batches_for(user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def first_errors(batch: ImportBatch, limit: int = 20) -> list[ImportRowError]:
    return list(ImportRowError.objects.filter(batch=batch).order_by("row_number")[:limit])


def review_items_for(user: Any, *, status: str = ReviewStatus.OPEN) -> QuerySet[ImportReviewItem]:
    require_personal_data_access(user)
    items = scoped(ImportReviewItem.objects.all(), user).select_related("batch", "candidate")
    return items.filter(status=status) if status else items


def review_item_get(user: Any, pk: int) -> ImportReviewItem:
    try:
        return review_items_for(user, status="").get(pk=pk)
    except ImportReviewItem.DoesNotExist:
        raise Http404 from None


def export_job_get(user: Any, pk: int) -> ExportJob:
    try:
        return ExportJob.objects.get(pk=pk, created_by=user)
    except ExportJob.DoesNotExist:
        raise Http404 from None
