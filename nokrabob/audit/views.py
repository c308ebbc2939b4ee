from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nokrabob.audit.models import AuditEvent
from nokrabob.audit.selectors import verify_chain
from nokrabob.core.http import acting_user


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not acting_user(request).caps.reads_audit:
        raise PermissionDenied
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "")
    if action:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page, "action": action})


@login_required
def chain_check(request: HttpRequest) -> HttpResponse:
    """The DPO's check of the hash chain: intact, or the first row that was changed or removed."""
    if not acting_user(request).caps.reads_audit:
        raise PermissionDenied
    return render(request, "audit/chain_check.html", {"report": verify_chain()})
