"""What the sweep's tests share: a snapshot of every table a page could write, and page text."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.utils import timezone

from nokrabob.audit.models import AuditEvent
from nokrabob.collection.models import Submission
from nokrabob.core.thai import format_be_date
from nokrabob.performance.models import Evidence, QuarterAssessment, QuarterResult
from nokrabob.privacy.models import DataSubjectRequest
from nokrabob.projects.models import ActionPlan, MonthlyReport, PlanStep, ProgressEntry, Project
from nokrabob.registry.models import (
    Activity,
    Community,
    Consent,
    ContactAttempt,
    Household,
    HouseholdMember,
    Participation,
    Person,
    PersonOccupation,
    Referral,
    WelfareRecord,
)

COUNTED = (
    Person,
    PersonOccupation,
    WelfareRecord,
    Participation,
    ContactAttempt,
    Referral,
    Consent,
    Activity,
    Household,
    HouseholdMember,
    Submission,
    DataSubjectRequest,
    Project,
    PlanStep,
    ProgressEntry,
    ActionPlan,
    MonthlyReport,
    Evidence,
    QuarterResult,
    QuarterAssessment,
)


def snapshot() -> dict[str, Any]:
    """Row counts of everything a page of these apps writes, and the fields a write could move.

    Audit rows are left out: reading a page one may read writes a VIEW row, which is not a change.
    """
    state: dict[str, Any] = {model.__name__: model.objects.count() for model in COUNTED}
    state["people"] = sorted(
        Person.objects.values_list(
            "pk", "district_code", "subdistrict_code", "phone", "first_name", "last_name", "merged_into_id"
        )
    )
    state["consents"] = sorted(Consent.objects.values_list("pk", "withdrawn_on"))
    state["submissions"] = sorted(Submission.objects.values_list("pk", "status", "person_id"))
    state["households"] = sorted(
        Household.objects.values_list(
            "pk", "district_code", "house_no", "sensitive_consent", "consent_withdrawn_on"
        )
    )
    state["communities"] = sorted(Community.objects.values_list("pk", "code", "name", "district_code"))
    state["projects"] = sorted(Project.objects.values_list("pk", "name", "owner_unit_id"))
    state["plans"] = sorted(ActionPlan.objects.values_list("pk", "title", "yearly_summary"))
    return state


def writes_audited_since(count: int) -> list[str]:
    """Actions other than VIEW/EXPORT recorded after the ``count``-th audit row."""
    return [
        e.action
        for e in AuditEvent.objects.order_by("id")[count:]
        if e.action not in ("view", "export", "login", "logout")
    ]


def today_be() -> str:
    return format_be_date(timezone.localdate())


def text_of(response: Any) -> str:
    """A response as text to search: HTML/JSON decoded, a workbook's cells joined, a PDF's context."""
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        return "\n".join(cells)
    if "pdf" in content_type or "image/" in content_type:
        # The bytes are compressed: search what the template was given instead.
        contexts = response.context if response.context is not None else []
        return "\n".join(repr(dict(c.flatten())) for c in contexts) if contexts else ""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")
