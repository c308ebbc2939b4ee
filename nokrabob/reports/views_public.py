"""The public statistics page (no login) and the department's publish button."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokrabob.accounts.roles import Role
from nokrabob.core.http import acting_user
from nokrabob.core.thai import format_be_date
from nokrabob.reports.models import Publication, PublicationTrigger
from nokrabob.reports.public import public_statistics, published_file
from nokrabob.reports.services import publish_open_data

CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json; charset=utf-8"}
PUBLISHERS = (Role.DEPARTMENT_STAFF, Role.ADMIN)


def statistics(request: HttpRequest) -> HttpResponse:
    stats = public_statistics()
    context: dict[str, object] = {"stats": stats}
    if stats is not None:
        meta = stats.metadata
        context["data_date_be"] = format_be_date(dt.date.fromisoformat(meta["data_date"]), "long")
        updated = dt.datetime.fromisoformat(meta["last_updated"])
        context["updated_be"] = format_be_date(timezone.localtime(updated).date(), "long")
    return render(request, "reports/public_statistics.html", context)


def statistics_file(request: HttpRequest, name: str) -> FileResponse:
    path = published_file(name)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    return response


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if user.role not in PUBLISHERS:
        raise PermissionDenied
    publication = publish_open_data(trigger=PublicationTrigger.BUTTON, actor=user)
    messages.success(
        request,
        _("เผยแพร่ข้อมูลเปิดแล้ว %(rows)s แถว (ปกปิด %(hidden)s ช่อง)")
        % {"rows": f"{publication.rows:,}", "hidden": f"{publication.suppressed_cells:,}"},
    )
    return redirect("reports:dashboard")


def latest_publication() -> Publication | None:
    return Publication.objects.first()
