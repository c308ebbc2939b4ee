"""The review queue: pending submissions with their duplicate candidates side by side, and decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.audit.reads import audit_read
from nokrabob.collection.forms import DecisionNoteForm
from nokrabob.collection.models import Campaign, SubmissionStatus
from nokrabob.collection.selectors import (
    candidates_for_review,
    follow_ups_of,
    other_open_submissions,
    review_queue,
    submission_get,
)
from nokrabob.collection.services import (
    BULK_DECISION_LIMIT,
    MERGEABLE_FIELDS,
    person_fields,
    submission_approve,
    submission_merge,
    submission_reject,
    submission_request_correction,
    submissions_decide_many,
)
from nokrabob.core.errors import DomainError
from nokrabob.core.http import acting_user, record_id
from nokrabob.core.thai import format_be_date
from nokrabob.registry.areas import subdistrict_name
from nokrabob.registry.models import Occupation, Person, Sex
from nokrabob.registry.rules.national_id import format_national_id, mask_national_id
from nokrabob.registry.rules.title import title_contradicts_sex
from nokrabob.registry.selectors import person_get
from nokrabob.registry.services import DuplicatePerson

TABS = [
    ("open", _("รอตรวจสอบ")),
    (SubmissionStatus.APPROVED, SubmissionStatus.APPROVED.label),
    (SubmissionStatus.MERGED, SubmissionStatus.MERGED.label),
    (SubmissionStatus.REJECTED, SubmissionStatus.REJECTED.label),
    ("all", _("ทั้งหมด")),
]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    status = request.GET.get("status", "open")
    campaign_pk = record_id(request.GET.get("campaign"))
    campaign = Campaign.objects.filter(pk=campaign_pk).first() if campaign_pk else None
    page = Paginator(review_queue(user, status=status, campaign=campaign), 50).get_page(
        request.GET.get("page")
    )
    submissions = list(page.object_list)
    audit_read(
        request,
        read="review_queue",
        target_type="collection.submission",
        people=[s.person_id for s in submissions if s.person_id],
        filters={"status": status, "campaign": campaign.pk if campaign else ""},
        submissions=[s.pk for s in submissions],
    )
    return render(
        request,
        "collection/review_queue.html",
        {
            "page": page,
            "status": status,
            "tabs": TABS,
            "campaign": campaign,
            "full_id": may_see_full_national_id(user),
            "may_decide": user.caps.edits_people,  # type: ignore[attr-defined]
            # The bulk form only where there is something on the page to decide.
            "bulk": user.caps.edits_people and any(s.is_open for s in submissions),  # type: ignore[attr-defined]
            "back": request.GET.urlencode(),
        },
    )


def _display(name: str, value: object, national_id: str) -> str:
    """A field's value as a reviewer reads it (labels and names, BE dates, the ID as the role may see it)."""
    if value is None or value == "":
        return "-"
    if name == "national_id":
        return national_id
    if name == "birth_date":
        return format_be_date(value)  # type: ignore[arg-type]
    if name == "sex":
        return str(Sex(value).label) if value in Sex.values else str(value)
    if name == "subdistrict_code":
        return subdistrict_name(str(value))
    if name == "has_disability":
        return str(_("มี") if value else _("ไม่มี"))
    return str(value)


def _field_rows(
    submitted: dict[str, object], people: list[Person], national_id: str
) -> list[dict[str, object]]:
    rows = []
    for name in MERGEABLE_FIELDS:
        existing = [getattr(p, name) for p in people]
        rows.append(
            {
                "name": name,
                "label": getattr(Person._meta.get_field(name), "verbose_name", name),
                "submitted": _display(name, submitted.get(name), national_id),
                "values": [(_display(name, v, national_id), v == submitted.get(name)) for v in existing],
                # Offer the submitted value only when there is one; tick it where the record has none.
                "offer": submitted.get(name) not in (None, ""),
                "fill_blank": bool(existing)
                and existing[0] in (None, "")
                and submitted.get(name) not in (None, ""),
            }
        )
    return rows


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    submission = submission_get(user, pk)
    context = _detail_context(user, submission, DecisionNoteForm())
    shown = [submission.person_id] if submission.person_id else []
    audit_read(
        request,
        read="review_detail",
        target_type="collection.submission",
        people=shown + [p.pk for p in context["people"]],  # type: ignore[attr-defined]
        submission=submission.pk,
    )
    return render(request, "collection/review_detail.html", context)


def _detail_context(user: Any, submission: object, note_form: DecisionNoteForm) -> dict[str, object]:
    from nokrabob.collection.models import Submission

    assert isinstance(submission, Submission)
    candidates = candidates_for_review(user, submission) if submission.is_open else []
    in_scope = [c.person for c in candidates if c.in_scope]
    submitted = person_fields(submission)
    show = format_national_id if may_see_full_national_id(user) else mask_national_id
    return {
        "submission": submission,
        "candidates": candidates,
        "outside": [c for c in candidates if not c.in_scope],
        "people": in_scope,
        "rows": _field_rows(submitted, in_scope, show(submission.national_id)),
        "extra": _extra_rows(submission),
        "follow_ups": list(follow_ups_of(user, submission)),
        "occupation": _occupation_name(submission.answers.get("occupation", "")),
        "title_contradicts_sex": title_contradicts_sex(
            str(submitted.get("title", "")), str(submitted.get("sex", ""))
        ),
        "national_id": show(submission.national_id),
        "others": other_open_submissions(user, submission),
        "may_decide": user.caps.edits_people and submission.is_open,  # type: ignore[attr-defined]
        "note_form": note_form,
    }


def _occupation_name(code: str) -> str:
    """The occupation a registrant chose, by its name (the code when the list no longer has it)."""
    if not code:
        return ""
    occupation = Occupation.objects.filter(code=code).first()
    return occupation.name_th if occupation else code


def _extra_rows(submission: object) -> list[tuple[str, object, str]]:
    """(question, answer, scheme): the scheme's name when the answer says the worker wants to join it,
    so the reviewer sees that approving opens a follow-up (ADR 0209)."""
    from nokrabob.collection.models import Submission

    assert isinstance(submission, Submission)
    labels = {q.name: q for q in submission.campaign.questions.select_related("interest_scheme")}
    choices = {(c.list_name, c.name): c.label for c in submission.campaign.choices.all()}
    rows: list[tuple[str, object, str]] = []
    for name, value in submission.answers.get("extra", {}).items():
        question = labels.get(name)
        if question is None:
            rows.append((name, value, ""))
            continue
        interest = question.interest_scheme.name_th if question.shows_interest(value) else ""  # type: ignore[union-attr]
        if question.is_select:
            values = value if isinstance(value, list) else [value]
            value = ", ".join(str(choices.get((question.list_name, v), v)) for v in values)
        rows.append((question.label, value, interest))
    return rows


@login_required
@require_POST
def decide_many(request: HttpRequest) -> HttpResponse:
    """Approve or reject the submissions ticked on the queue, each with the checks of a single decision."""
    user = acting_user(request)
    if not user.caps.edits_people:
        raise PermissionDenied
    ids = [pk for pk in map(record_id, request.POST.getlist("submission")) if pk][: BULK_DECISION_LIMIT + 1]
    chosen = list(review_queue(user).filter(pk__in=ids))  # another area's submission is never found
    back = redirect(f"{reverse('collection:review_queue')}?{request.POST.get('back', '')[:200]}")
    if not chosen:
        messages.error(request, _("กรุณาเลือกรายการที่จะตัดสิน"))
        return back
    try:
        outcome = submissions_decide_many(
            actor=user,
            submissions=chosen,
            action=request.POST.get("action", ""),
            reason=request.POST.get("note", "")[:1000],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return back
    if outcome.decided:
        messages.success(request, _("ตัดสินแล้ว %(n)s รายการ") % {"n": len(outcome.decided)})
    for reference, reason in outcome.left:
        messages.warning(request, _("%(ref)s ยังไม่ได้ตัดสิน: %(reason)s") % {"ref": reference, "reason": reason})
    return back


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    if not user.caps.edits_people:
        raise PermissionDenied
    submission = submission_get(user, pk)
    action = request.POST.get("action", "")
    try:
        if action in ("approve", "approve_anyway"):
            person = submission_approve(
                actor=user, submission=submission, allow_candidates=action == "approve_anyway"
            )
            messages.success(request, _("อนุมัติแล้ว: เพิ่ม %(name)s เข้าทะเบียน") % {"name": person.full_name})
            return redirect("collection:review_detail", submission.pk)
        elif action == "merge":
            person_pk = record_id(request.POST.get("person"))
            if person_pk is None:
                raise ValueError("no person chosen")
            person = person_get(user, person_pk)
            fields = [name for name in MERGEABLE_FIELDS if request.POST.get(f"use_{name}") == "1"]
            submission_merge(actor=user, submission=submission, person=person, use_fields=fields)
            messages.success(request, _("รวมข้อมูลเข้ากับ %(name)s แล้ว") % {"name": person.full_name})
        elif action == "reject":
            submission_reject(actor=user, submission=submission, reason=request.POST.get("note", "")[:1000])
            messages.success(request, _("บันทึกการไม่อนุมัติแล้ว"))
        elif action == "correct":
            submission_request_correction(
                actor=user, submission=submission, note=request.POST.get("note", "")[:1000]
            )
            messages.success(request, _("ส่งคำขอให้แก้ไขข้อมูลแล้ว"))
        else:
            messages.error(request, _("ไม่รู้จักคำสั่งนี้"))
    except DuplicatePerson as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        if exc.field == "note":
            form = DecisionNoteForm(request.POST)
            if form.is_valid():
                form.add_error("note", exc.message)
            context = _detail_context(user, submission, form)
            return render(request, "collection/review_detail.html", context, status=400)
        messages.error(request, exc.message)
    except ValueError:
        messages.error(request, _("กรุณาเลือกบุคคลที่จะรวมข้อมูล"))
    else:
        return redirect("collection:review_queue")
    return redirect("collection:review_detail", submission.pk)
