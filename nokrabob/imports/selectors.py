"""Reads of the imports app. Batches belong to the importing office; review items are scoped by area."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from nokrabob.accounts.scope import require_personal_data_access, scoped, scoped_by_unit
from nokrabob.imports.models import ExportJob, ImportBatch, ImportReviewItem, ImportRowError, ReviewStatus


def may_import(user: Any) -> bool:
    return bool(user.is_authenticated and user.caps.edits_people)


def batches_for(user: Any) -> QuerySet[ImportBatch]:
    """A batch belongs to the importing office's area: a district sees its own office's batches, Bangkok
    staff every Bangkok office's, a province its own; batches with no office (older command-line runs)
    only the roles that see everything. Their error reports, review items and rollbacks follow."""
    require_personal_data_access(user)
    return scoped_by_unit(ImportBatch.objects.select_related("created_by", "unit", "template"), user)


def batch_get(user: Any, pk: int) -> ImportBatch:
    try:
        return batches_for(user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def first_errors(batch: ImportBatch, limit: int = 20) -> list[ImportRowError]:
    return list(ImportRowError.objects.filter(batch=batch).order_by("row_number")[:limit])


def review_items_for(user: Any, *, status: str = ReviewStatus.OPEN) -> QuerySet[ImportReviewItem]:
    require_personal_data_access(user)
    items = scoped(ImportReviewItem.objects.all(), user).filter(batch__in=batches_for(user))
    items = items.select_related("batch", "candidate", "other_office")
    return items.filter(status=status) if status else items


def review_item_get(user: Any, pk: int) -> ImportReviewItem:
    try:
        return review_items_for(user, status="").get(pk=pk)
    except ImportReviewItem.DoesNotExist:
        raise Http404 from None


def export_jobs_for(user: Any) -> QuerySet[ExportJob]:
    """A user's own exports, newest first (nobody else's: a file is its creator's only)."""
    return ExportJob.objects.filter(created_by=user).order_by("-created_at", "-pk")


def export_job_get(user: Any, pk: int) -> ExportJob:
    try:
        return ExportJob.objects.get(pk=pk, created_by=user)
    except ExportJob.DoesNotExist:
        raise Http404 from None


def visible_candidate_ids(user: Any, items: Any) -> set[int]:
    """The review items' candidates that ``user`` may see (a candidate is shown only inside the scope)."""
    from nokrabob.registry.models import Person

    ids = {item.candidate_id for item in items if item.candidate_id}
    if not ids:
        return set()
    return set(scoped(Person.objects.filter(pk__in=ids), user).values_list("pk", flat=True))


def catalogue_names() -> dict[tuple[str, str], str]:
    """(synonym kind, code) → the occupation's or scheme's Thai name, for lists showing what a code means."""
    from nokrabob.imports.models import SynonymKind
    from nokrabob.registry.models import Occupation, Scheme

    names = {
        (SynonymKind.OCCUPATION.value, code): name
        for code, name in Occupation.objects.values_list("code", "name_th")
    }
    names.update(
        {
            (SynonymKind.SCHEME.value, code): name
            for code, name in Scheme.objects.values_list("code", "name_th")
        }
    )
    return names
