"""The worker's side, without login: the QR form, the reference number, the status page and corrections.

Every POST here is rate-limited per client address and form (429 with a Thai page) and size-capped (413).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from nokrabob.collection import ratelimit
from nokrabob.collection.forms import RegistrationForm, StatusLookupForm, initial_from_answers
from nokrabob.collection.models import OPEN_STATUSES, CampaignDistrict, CampaignState, Submission
from nokrabob.collection.selectors import submission_lookup
from nokrabob.collection.services import submission_correct, submission_create
from nokrabob.core.errors import DomainError
from nokrabob.registry.models import LawfulBasis

SESSION_REFERENCE = "collection_reference"
SESSION_STATUS = "collection_status_pk"
# A worker's look at their own submission lasts half an hour (phones are often shared).
PUBLIC_SESSION_SECONDS = 30 * 60


def _guard(request: HttpRequest, bucket: str, token: str = "") -> HttpResponse | None:
    """A 413 or 429 page when the request is too big or the address has posted too often (to this form)."""
    if request.method != "POST":
        return None
    if ratelimit.body_too_large(request):
        return render(request, "collection/public_blocked.html", {"reason": "size"}, status=413)
    if not ratelimit.hit(request, bucket, token):
        response = render(request, "collection/public_blocked.html", {"reason": "rate"}, status=429)
        response["Retry-After"] = str(ratelimit.rate_window())
        return response
    return None


def _registration_form(request: HttpRequest, cd: CampaignDistrict, **kwargs: object) -> RegistrationForm:
    campaign = cd.campaign
    return RegistrationForm(
        request.POST if request.method == "POST" else None,
        campaign=campaign,
        district_code=cd.district_code,
        questions=list(campaign.questions.all()),
        choices=list(campaign.choices.all()),
        **kwargs,  # type: ignore[arg-type]
    )


@never_cache
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, token: str) -> HttpResponse:
    cd = get_object_or_404(CampaignDistrict.objects.select_related("campaign"), token=token)
    blocked = _guard(request, "submit", cd.token)
    if blocked:
        return blocked
    campaign = cd.campaign
    state = campaign.state()
    if state != CampaignState.OPEN:
        return render(
            request, "collection/public_closed.html", {"cd": cd, "campaign": campaign, "state": state}
        )
    form = _registration_form(request, cd)
    if request.method == "POST" and form.is_valid():
        try:
            submission = submission_create(
                campaign_district=cd,
                person=form.person_answers(),
                occupation=form.cleaned_data.get("occupation") or "",
                extra=form.extra_answers,
                lawful_basis=LawfulBasis.CONSENT,
                sensitive_data_consent=bool(form.cleaned_data.get("sensitive_consent")),
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            request.session[SESSION_REFERENCE] = submission.reference
            request.session.set_expiry(PUBLIC_SESSION_SECONDS)
            return redirect("collection:public_done")
    return render(request, "collection/public_form.html", {"form": form, "cd": cd, "campaign": campaign})


@never_cache
def public_done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("collection:status_lookup")
    return render(request, "collection/public_done.html", {"reference": reference})


@never_cache
@require_http_methods(["GET", "POST"])
def status_lookup(request: HttpRequest) -> HttpResponse:
    blocked = _guard(request, "lookup")
    if blocked:
        return blocked
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submission = submission_lookup(data["reference"], data["national_id"], data["birth_date"])
        if submission is None:
            form.add_error(None, _("ไม่พบข้อมูลที่ตรงกับเลขที่อ้างอิง เลขประจำตัวประชาชน และวันเกิดที่กรอก"))
        else:
            request.session[SESSION_STATUS] = submission.pk
            request.session.set_expiry(PUBLIC_SESSION_SECONDS)
            return redirect("collection:status_detail")
    return render(request, "collection/status_lookup.html", {"form": form})


def _own_submission(request: HttpRequest) -> Submission | None:
    pk = request.session.get(SESSION_STATUS)
    if not pk:
        return None
    return Submission.objects.select_related("campaign", "campaign_district").filter(pk=pk).first()


@never_cache
def status_detail(request: HttpRequest) -> HttpResponse:
    submission = _own_submission(request)
    if submission is None:
        return redirect("collection:status_lookup")
    return render(
        request,
        "collection/status_detail.html",
        {"submission": submission, "may_correct": submission.status in OPEN_STATUSES},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status_correct(request: HttpRequest) -> HttpResponse:
    submission = _own_submission(request)
    if submission is None:
        return redirect("collection:status_lookup")
    blocked = _guard(request, "submit", submission.campaign_district.token)
    if blocked:
        return blocked
    if submission.status not in OPEN_STATUSES:
        return redirect("collection:status_detail")
    cd = submission.campaign_district
    form = _registration_form(
        request, cd, initial=initial_from_answers(submission.answers, submission.birth_date)
    )
    if request.method == "GET":
        form.initial["consent"] = True
        form.initial["sensitive_consent"] = submission.sensitive_data_consent
    if request.method == "POST" and form.is_valid():
        try:
            submission_correct(
                submission=submission,
                person=form.person_answers(),
                occupation=form.cleaned_data.get("occupation") or "",
                extra=form.extra_answers,
                sensitive_data_consent=bool(form.cleaned_data.get("sensitive_consent")),
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            return redirect("collection:status_detail")
    return render(
        request,
        "collection/public_form.html",
        {"form": form, "cd": cd, "campaign": cd.campaign, "correcting": submission},
    )
