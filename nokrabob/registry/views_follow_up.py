"""The district's follow-up list ("ต้องติดตาม"): people who said they want to join a scheme, to contact and
mark done (ADR 0209). Reads go through ``follow_ups_for``/``follow_up_get`` (scoped: another district's
follow-up answers 404) and are audited; writes through ``follow_up_set_status``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.audit.reads import audit_read
from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user
from nokrabob.registry.areas import district_name
from nokrabob.registry.models import FOLLOW_UP_OPEN, FollowUpStatus, Scheme
from nokrabob.registry.selectors import FOLLOW_UP_VIEWS, follow_up_get, follow_ups_for
from nokrabob.registry.services_outreach import follow_up_set_status
from nokrabob.registry.views import id_display

PAGE_SIZE = 50
VIEW_LABELS = {
    "todo": gettext_lazy("ต้องติดตาม"),
    "overdue": gettext_lazy("เลยกำหนด"),
    "done": gettext_lazy("ปิดเรื่องแล้ว"),
    "all": gettext_lazy("ทั้งหมด"),
}


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("ผลการติดตาม"), choices=FollowUpStatus.choices)
    note = forms.CharField(
        label=gettext_lazy("บันทึก"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "1000"}),
    )


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    view = request.GET.get("view", "todo")
    view = view if view in FOLLOW_UP_VIEWS else "todo"
    scheme = request.GET.get("scheme", "")[:40]
    today = timezone.localdate()
    rows = follow_ups_for(user, view=view, scheme=scheme, on=today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    audit_read(
        request,
        read="follow_up_list",
        people=[f.person_id for f in items],
        filters={"view": view, "scheme": scheme},
        follow_ups=[f.pk for f in items],
    )
    full = may_see_full_national_id(user)
    for row in items:
        row.id_display = id_display(row.person, full)  # type: ignore[attr-defined]
        row.overdue = row.is_open and row.due_on < today  # type: ignore[attr-defined]
        row.district_label = district_name(row.person.district_code)  # type: ignore[attr-defined]
    counts = {
        key: follow_ups_for(user, view=key, scheme=scheme, on=today).count() for key in ("todo", "overdue")
    }
    query = {k: v for k, v in {"view": view, "scheme": scheme}.items() if v}
    return render(
        request,
        "registry/follow_up_list.html",
        {
            "page": page,
            "rows": items,
            "view": view,
            "views": [(key, VIEW_LABELS[key], counts.get(key)) for key in FOLLOW_UP_VIEWS],
            "scheme": scheme,
            "schemes": Scheme.objects.filter(is_active=True, is_formal=False),
            "statuses": FollowUpStatus.choices,
            "may_edit": user.caps.edits_people,
            "back": f"{reverse('registry:follow_up_list')}?{urlencode(query)}" if query else "",
            "today": today,
        },
    )


def _back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("back", "")[:300]
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


@login_required
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    row = follow_up_get(user, pk)
    form = FollowUpForm(request.POST or None, initial={"status": row.status, "note": row.note})
    if request.method == "POST":
        if not user.caps.edits_people:
            raise PermissionDenied
        quick = request.POST.get("quick") == "1"  # the list's one-click status: the note stays
        if form.is_valid():
            data = form.cleaned_data
            try:
                follow_up_set_status(
                    actor=user, follow_up=row, status=data["status"], note=None if quick else data["note"]
                )
            except DomainError as exc:
                if quick:
                    messages.error(request, exc.message)
                    return redirect(_back(request, reverse("registry:follow_up_list")))
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                label = FollowUpStatus(data["status"]).label
                done = {"name": row.person.full_name, "status": label}
                messages.success(request, _("บันทึกผลการติดตาม %(name)s: %(status)s") % done)
                return redirect(_back(request, reverse("registry:follow_up_list")))
        elif quick:
            messages.error(request, _("สถานะไม่ถูกต้อง"))
            return redirect(_back(request, reverse("registry:follow_up_list")))
    audit_read(
        request,
        read="follow_up_detail",
        people=[row.person_id],
        follow_up=row.pk,
    )
    return render(request, "registry/follow_up_detail.html", _detail_context(user, row, form))


def _detail_context(user: Any, row: Any, form: FollowUpForm) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "row": row,
        "form": form,
        "id_display": id_display(row.person, may_see_full_national_id(user)),
        "district": district_name(row.person.district_code),
        "overdue": row.status in FOLLOW_UP_OPEN and row.due_on < today,
        "may_edit": user.caps.edits_people,
    }
