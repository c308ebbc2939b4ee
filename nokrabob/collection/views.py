"""Staff pages: campaigns, targets, questions (XLSForm), posters, staff entry and progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokrabob.accounts.roles import Role
from nokrabob.accounts.scope import require_personal_data_access, scope_for
from nokrabob.collection import posters
from nokrabob.collection.forms import CampaignForm, RegistrationForm, XLSFormUploadForm
from nokrabob.collection.models import Campaign, CampaignDistrict
from nokrabob.collection.selectors import (
    campaign_progress_for,
    campaigns_with_counts,
    districts_in_scope,
)
from nokrabob.collection.services import (
    campaign_create,
    campaign_load_questions,
    campaign_set_targets,
    campaign_update,
    staff_entry_to_registry,
    submission_create,
)
from nokrabob.collection.wording import questions_in_words
from nokrabob.collection.xlsform import export_xlsform, parse_xlsform
from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user
from nokrabob.core.thai import typed_number
from nokrabob.registry.models import ConsentChannel
from nokrabob.registry.services import DuplicatePerson


def manages_campaigns(user: object) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
        or getattr(user, "role", "") in (Role.ADMIN, Role.DEPARTMENT_STAFF)
    )


def _require_manager(request: HttpRequest) -> None:
    if not manages_campaigns(request.user):
        raise PermissionDenied


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_personal_data_access(user)
    return render(
        request,
        "collection/campaign_list.html",
        {"campaigns": campaigns_with_counts(user), "manager": manages_campaigns(user)},
    )


@login_required
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "target_occupations"}
        try:
            campaign = campaign_create(
                actor=acting_user(request),
                fields=data,
                occupations=list(form.cleaned_data["target_occupations"]),
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("สร้างการสำรวจ “%(name)s” แล้ว") % {"name": campaign.name})
            return redirect("collection:campaign_detail", campaign.pk)
    return render(request, "collection/campaign_form.html", {"form": form})


@login_required
def campaign_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "target_occupations"}
        try:
            campaign_update(
                actor=acting_user(request),
                campaign=campaign,
                fields=data,
                occupations=list(form.cleaned_data["target_occupations"]),
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("บันทึกแล้ว"))
            return redirect("collection:campaign_detail", campaign.pk)
    return render(request, "collection/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    require_personal_data_access(user)
    campaign = get_object_or_404(Campaign.objects.prefetch_related("target_occupations"), pk=pk)
    progress = campaign_progress_for(user, campaign)
    mine = districts_in_scope(user, campaign)
    return render(
        request,
        "collection/campaign_detail.html",
        {
            "campaign": campaign,
            # Districts with a target or with submissions (a withheld count is some); the rest say nothing.
            "rows": [r for r in progress.rows if r.target or r.submitted != 0],
            "total": progress.total,
            "groups": progress.groups,
            "my_districts": mine,
            "questions": questions_in_words(campaign),
            "manager": manages_campaigns(user),
            "upload_form": XLSFormUploadForm(),
        },
    )


@login_required
def campaign_targets(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    districts = list(campaign.districts.all())
    errors: dict[str, str] = {}
    if request.method == "POST":
        targets: dict[str, int] = {}
        for cd in districts:
            # As people type it ("1,200", Thai digits); "²" is a digit to isdigit(), not to int().
            raw = typed_number(request.POST.get(f"target_{cd.district_code}", ""))
            if not (raw.isascii() and raw.isdigit()) or len(raw) > 7:
                errors[cd.district_code] = _("กรุณากรอกเป็นจำนวนเต็มไม่ติดลบ")
            else:
                targets[cd.district_code] = cd.target = int(raw)
        if not errors:
            campaign_set_targets(actor=acting_user(request), campaign=campaign, targets=targets)
            messages.success(request, _("บันทึกเป้าหมายแล้ว"))
            return redirect("collection:campaign_detail", campaign.pk)
    return render(
        request,
        "collection/campaign_targets.html",
        {"campaign": campaign, "districts": districts, "errors": errors},
    )


@login_required
@require_POST
def questions_import(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    form = XLSFormUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = campaign_load_questions(
                actor=acting_user(request),
                campaign=campaign,
                form=parse_xlsform(form.cleaned_data["file"].read()),
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("นำเข้าคำถาม %(n)s ข้อแล้ว") % {"n": count})
            return redirect("collection:campaign_detail", campaign.pk)
    progress = campaign_progress_for(acting_user(request), campaign)
    return render(
        request,
        "collection/campaign_detail.html",
        {
            "campaign": campaign,
            # Districts with a target or with submissions (a withheld count is some); the rest say nothing.
            "rows": [r for r in progress.rows if r.target or r.submitted != 0],
            "total": progress.total,
            "groups": progress.groups,
            "my_districts": districts_in_scope(acting_user(request), campaign),
            "questions": questions_in_words(campaign),
            "manager": True,
            "upload_form": form,
        },
        status=400,
    )


@login_required
def questions_export(request: HttpRequest, pk: int) -> HttpResponse:
    require_personal_data_access(acting_user(request))
    campaign = get_object_or_404(Campaign, pk=pk)
    response = HttpResponse(
        export_xlsform(campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="xlsform-campaign-{campaign.pk}.xlsx"'
    return response


def _district_for_staff(request: HttpRequest, cd_pk: int) -> CampaignDistrict:
    user = acting_user(request)
    require_personal_data_access(user)
    cd = get_object_or_404(CampaignDistrict.objects.select_related("campaign"), pk=cd_pk)
    allowed = scope_for(user).allows(province_code=cd.province_code, district_code=cd.district_code)
    if not (allowed or manages_campaigns(user)):
        raise Http404
    return cd


@login_required
def poster_png(request: HttpRequest, cd_pk: int) -> HttpResponse:
    cd = _district_for_staff(request, cd_pk)
    response = HttpResponse(posters.qr_png(posters.public_url(request, cd)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-{cd.campaign_id}-{cd.district_code}.png"'
    return response


@login_required
def poster_pdf(request: HttpRequest, cd_pk: int) -> HttpResponse:
    cd = _district_for_staff(request, cd_pk)
    response = HttpResponse(
        posters.poster_pdf(cd, posters.public_url(request, cd)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="poster-{cd.campaign_id}-{cd.district_code}.pdf"'
    return response


@login_required
def staff_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Interviews and paper forms: the same questions, keyboard-first; queue or registry by role."""
    user = acting_user(request)
    require_personal_data_access(user)
    campaign = get_object_or_404(Campaign, pk=pk)
    districts = {cd.district_code: cd for cd in districts_in_scope(user, campaign)}
    if not districts:
        raise PermissionDenied
    chosen = request.POST.get("district") or request.GET.get("district") or next(iter(districts))
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        campaign=campaign,
        district_code=chosen if chosen in districts else None,
        questions=list(campaign.questions.all()),
        choices=list(campaign.choices.all()),
        staff=True,
        district_choices=[(code, cd.district_name) for code, cd in districts.items()],
        initial={"district": chosen, "consent_channel": ConsentChannel.STAFF},
    )
    may_register = user.caps.edits_people
    candidates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = {
            "campaign_district": districts[data["district"]],
            "person": form.person_answers(),
            "occupation": data.get("occupation") or "",
            "extra": form.extra_answers,
            "lawful_basis": data["lawful_basis"],
            "sensitive_data_consent": bool(data.get("sensitive_consent")),
            "consent_channel": data["consent_channel"],
        }
        to_registry = request.POST.get("action") == "registry"
        try:
            if to_registry:
                if not may_register:
                    raise PermissionDenied
                submission = staff_entry_to_registry(
                    actor=user, allow_candidates=request.POST.get("allow_candidates") == "1", **args
                )
                messages.success(
                    request,
                    _("บันทึกเข้าทะเบียนแล้ว: %(name)s (เลขที่อ้างอิง %(ref)s)")
                    % {"name": submission.full_name, "ref": submission.reference},
                )
            else:
                submission = submission_create(actor=user, channel="staff", **args)
                messages.success(
                    request,
                    _("ส่งเข้าคิวตรวจสอบแล้ว: %(name)s (เลขที่อ้างอิง %(ref)s)")
                    % {"name": submission.full_name, "ref": submission.reference},
                )
        except DuplicatePerson as exc:
            form.add_error(exc.field, exc.message)
            candidates = exc.candidates
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(f"{request.path}?district={data['district']}")
    return render(
        request,
        "collection/staff_entry.html",
        {"form": form, "campaign": campaign, "may_register": may_register, "candidates": candidates},
    )
