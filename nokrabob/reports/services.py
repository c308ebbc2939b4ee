"""Writes of the reports app: publishing the open data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.fiscal import fiscal_year_of
from nokrabob.reports.models import Publication
from nokrabob.reports.opendata import build_cube, write_files


def open_data_dir() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def publish_open_data(directory: Path | None = None, *, trigger: str, actor: Any = None) -> Publication:
    """Count, suppress and write the open-data files, and record the publication (with an audit row)."""
    directory = directory or open_data_dir()
    cube = build_cube()
    published_at = timezone.now()
    written = write_files(directory, cube, published_at=published_at)
    with transaction.atomic():
        publication = Publication.objects.create(
            data_date=cube.on,
            fiscal_year=fiscal_year_of(cube.on),
            trigger=trigger,
            directory=str(directory),
            rows=written,
            suppressed_cells=cube.suppressed,
            published_by=actor,
        )
        audit_record(actor=actor, action=AuditAction.EXPORT, target=publication, target_label="open data")
    return publication
