from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nokrabob.accounts.models import User
from nokrabob.audit.models import AuditAction
from nokrabob.audit.reads import audit_read
from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user
from nokrabob.privacy.forms import RequestCloseForm, RequestOpenForm
from nokrabob.privacy.selectors import request_get, requests_for, subject_data
from nokrabob.privacy.services import request_close, request_open
from nokrabob.registry.rules.national_id import validate_national_id
from nokrabob.registry.selectors import people_for


def _dpo(request: HttpRequest) -> User:
    user = acting_user(request)
    if not user.caps.reads_audit:
        raise PermissionDenied
    return user


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user = _dpo(request)
    rows = requests_for(user)
    return render(request, "privacy/request_list.html", {"rows": rows, "today": timezone.localdate()})


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    user = _dpo(request)
    form = RequestOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            national_id = validate_national_id(data["national_id"])
        except ValidationError as exc:
            form.add_error("national_id", exc.messages[0])
        else:
            person = people_for(user).filter(national_id=national_id).first()
            if person is None:
                form.add_error("national_id", _("ไม่พบบุคคลที่มีเลขประจำตัวประชาชนนี้ในทะเบียน"))
            else:
                try:
                    created = request_open(
                        actor=user,
                        person=person,
                        kind=data["kind"],
                        received_on=data["received_on"],
                        channel=data["channel"],
                        details=data["details"],
                    )
                except DomainError as exc:
                    form.add_error(exc.field, exc.message)
                else:
                    messages.success(request, _("บันทึกคำขอแล้ว กำหนดตอบภายใน 30 วัน"))
                    return redirect("privacy:request_detail", pk=created.pk)
    return render(request, "privacy/request_form.html", {"form": form})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    item = request_get(user, pk)
    form = RequestCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_close(
                actor=user,
                request=item,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("ปิดคำขอแล้ว"))
            return redirect("privacy:request_list")
    audit_read(request, read="privacy_request_detail", target=item.person, privacy_request=item.pk)
    context = {"item": item, "form": form, "today": timezone.localdate()}
    return render(request, "privacy/request_detail.html", context)


@login_required
def subject_access_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A copy of everything held on the person, for an access request: JSON, audited."""
    user = _dpo(request)
    item = request_get(user, pk)
    payload = json.dumps(subject_data(item.person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    audit_read(
        request,
        read="subject_access_json",
        action=AuditAction.EXPORT,
        target=item.person,
        privacy_request=item.pk,
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{item.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def subject_access_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The same copy as a Thai letter to the person (PDF), signed by the data protection officer; audited."""
    from nokrabob.core.pdf import render_pdf
    from nokrabob.privacy.letter import letter_sections

    user = _dpo(request)
    item = request_get(user, pk)
    pdf = render_pdf(
        "privacy/pdf/access_letter.html",
        {
            "item": item,
            "person": item.person,
            "sections": letter_sections(item.person),
            "today": timezone.localdate(),
            "signer_name": user.full_name,
            "signer_position": user.get_role_display(),
        },
    )
    audit_read(
        request,
        read="subject_access_pdf",
        action=AuditAction.EXPORT,
        target=item.person,
        privacy_request=item.pk,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{item.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
