"""Registry pages: the list, a person's page with tabs, create/edit with duplicate check, merge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nokrabob.accounts.scope import may_see_full_national_id
from nokrabob.audit.reads import audit_read
from nokrabob.core.concurrency import StaleEdit, form_initial
from nokrabob.core.db_routing import reads_from_replica
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import age_on
from nokrabob.core.http import acting_user, page_number, record_id
from nokrabob.core.thai import format_be_date
from nokrabob.registry.areas import district_name, subdistrict_name
from nokrabob.registry.duplicates import find_duplicate_candidates
from nokrabob.registry.forms import (
    ConsentForm,
    ContactForm,
    MergeTargetForm,
    OccupationForm,
    PersonForm,
    ReferralForm,
    SearchForm,
    WelfareForm,
)
from nokrabob.registry.history import person_history
from nokrabob.registry.list_rows import ROW_FIELDS, id_display, person_rows_html
from nokrabob.registry.models import Person, PersonOccupation
from nokrabob.registry.rules.national_id import clean_national_id
from nokrabob.registry.selectors import (
    PersonFilters,
    consent_in_force,
    may_show_sensitive,
    memberships_for,
    people_for,
    person_get,
    person_page,
    person_search,
)
from nokrabob.registry.services import (
    MERGE_FIELDS,
    ConsentInput,
    DuplicatePerson,
    consent_record,
    consent_withdraw,
    person_create,
    person_merge,
    person_update,
    welfare_record_add,
)
from nokrabob.registry.services_outreach import contact_add, occupation_add, referral_add

PAGE_SIZE = 50
COUNT_CAP = 10_000
TABS = ("profile", "welfare", "activities", "household", "history")


def row_url(name: str) -> Callable[[int], str]:
    """The URL of a row's page by key, reversed once per page instead of once per row (50 ``{% url %}``
    tags were a tenth of the list page's rendering)."""
    marker = 987654321987654321
    pattern = reverse(name, args=[marker])
    head, tail = pattern.split(str(marker), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


def _require_editor(request: HttpRequest) -> None:
    if not acting_user(request).caps.edits_people:
        raise PermissionDenied


def export_url(filters: PersonFilters) -> str | None:
    """The import developer's export of the same rows, when that page exists."""
    try:
        url = reverse("imports:export")
    except NoReverseMatch:
        return None
    query = filters.as_query()
    return f"{url}?{urlencode(query)}" if query else url


def _row_columns(queryset: models.QuerySet[Person]) -> models.QuerySet[Person]:
    """The row's own columns, without the responsible unit's join the export needs: 51 people, not 102
    objects (the sort's columns are among them, as ``person_page`` merges by them)."""
    return queryset.select_related(None).only(*ROW_FIELDS)


@login_required
@reads_from_replica
def person_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    form = SearchForm(request.GET or None, user=user, today=today)
    filters = form.filters() if request.GET else PersonFilters()
    queryset = person_search(user, filters=filters)
    page = page_number(request.GET.get("page"))
    offset = (page - 1) * PAGE_SIZE
    rows = person_page(user, filters, offset=offset, limit=PAGE_SIZE + 1, shape=_row_columns)
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    # Counting is what grows with the registry, so a full page only says "more than 50" unless the user
    # asks for the count, which is then capped at COUNT_CAP (docs/adr/0201-registry-list-paging.md).
    if page == 1 and not has_next:
        total: int | None = len(rows)
    elif request.GET.get("count"):
        total = queryset.order_by()[: COUNT_CAP + 1].count()
    else:
        total = None
    audit_read(request, read="person_list", people=rows, filters=filters.as_query())
    rows_html = person_rows_html(
        rows, detail_url=row_url("registry:person_detail"), full=may_see_full_national_id(user), today=today
    )
    query = filters.as_query()
    return render(
        request,
        "registry/person_list.html",
        {
            "form": form,
            "people": rows,
            "rows_html": rows_html,
            "page": page,
            "has_next": has_next,
            "next_query": urlencode({**query, "page": str(page + 1)}),
            "prev_query": urlencode({**query, "page": str(page - 1)}),
            "total": None if total is None else min(total, COUNT_CAP),
            "total_capped": total is not None and total > COUNT_CAP,
            "count_query": urlencode({**query, "count": "1", "page": str(page)}),
            "first_row": offset + 1 if rows else 0,
            "last_row": offset + len(rows),
            "export_url": export_url(filters),
            "filters": filters,
            "filtered": bool(query),
            "can_edit": user.caps.edits_people,
        },
    )


def _candidate_rows(user: Any, candidates: list[Any]) -> list[dict[str, Any]]:
    visible = set(
        people_for(user).filter(pk__in=[c.person.pk for c in candidates]).values_list("pk", flat=True)
    )
    full = may_see_full_national_id(user)
    reasons = {
        "national_id": _("เลขประจำตัวประชาชนเดียวกัน"),
        "sound_alike_name_and_birth_date": _("ชื่อออกเสียงคล้ายกันและวันเกิดเดียวกัน"),
        "phone": _("หมายเลขโทรศัพท์เดียวกัน"),
    }
    rows = []
    for c in candidates:
        row: dict[str, Any] = {
            "reasons": [reasons.get(r, r) for r in c.reasons],
            "visible": c.person.pk in visible,
        }
        row["district"] = district_name(c.person.district_code)
        if row["visible"]:
            row.update(person=c.person, id_display=id_display(c.person, full))
        rows.append(row)
    return rows


@login_required
def person_create_view(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    user = acting_user(request)
    form = PersonForm(request.POST or None, user=user, creating=True)
    candidates: list[dict[str, Any]] = []
    hard_duplicate = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = request.POST.get("action", "")
        merge_with = action.removeprefix("merge:") if action.startswith("merge:") else ""
        consent = ConsentInput(
            lawful_basis=data["lawful_basis"],
            sensitive_data_consent=data["sensitive_data_consent"],
            channel=data["consent_channel"],
        )
        try:
            with transaction.atomic():  # the person and their first occupation, or neither
                person = person_create(
                    actor=user,
                    fields=form.person_fields(),
                    consent=consent,
                    allow_candidates=action == "create_anyway" or bool(merge_with),
                )
                if data.get("occupation"):
                    PersonOccupation.objects.create(person=person, occupation=data["occupation"])
        except DuplicatePerson as exc:
            candidates = _candidate_rows(user, exc.candidates)
            shown = [c["person"].pk for c in candidates if c.get("visible")]
            audit_read(request, read="person_create_candidates", people=shown, candidates=len(candidates))
            hard_duplicate = any(c.same_national_id for c in exc.candidates) or not exc.candidates
            if exc.field or not candidates:  # a soft candidate is explained by the panel above the form
                form.add_error(exc.field, exc.message)
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            merge_pk = record_id(merge_with)
            if merge_pk and people_for(user).filter(pk=merge_pk).exists():
                messages.info(request, _("บันทึกแล้ว เลือกข้อมูลที่จะเก็บไว้เพื่อรวมระเบียน"))
                return redirect("registry:person_merge", pk=merge_pk, other=person.pk)
            messages.success(request, _("บันทึก %(name)s แล้ว") % {"name": person.full_name})
            return redirect("registry:person_detail", pk=person.pk)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "creating": True, "candidates": candidates, "hard_duplicate": hard_duplicate},
    )


@login_required
def person_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    user = acting_user(request)
    person = person_get(user, pk)
    if person.merged_into_id:
        return redirect("registry:person_detail", pk=person.pk)
    sensitive = may_show_sensitive(person)
    initial = {name: getattr(person, name) for name in MERGE_FIELDS}
    form = PersonForm(
        request.POST or None, initial=initial, user=user, creating=False, sensitive_allowed=sensitive
    )
    form.initial.update(form_initial(person, [name for name in MERGE_FIELDS if name in form.fields]))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=user, person=person, fields=form.person_fields(), opened=form.opened_state())
        except StaleEdit as exc:
            form.show_stale_edit(exc)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("บันทึกการแก้ไขแล้ว"))
            return redirect("registry:person_detail", pk=person.pk)
    audit_read(request, read="person_edit", target=person)
    return render(request, "registry/person_form.html", {"form": form, "creating": False, "person": person})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    person = person_get(user, pk)
    tab = request.GET.get("tab", "profile")
    audit_read(request, read="person_detail", target=person, tab=tab if tab in TABS else "profile")
    return render(request, "registry/person_detail.html", _detail_context(user, person, tab))


def _detail_context(user: Any, person: Person, tab: str) -> dict[str, Any]:
    if tab not in TABS:
        tab = "profile"
    sensitive = may_show_sensitive(person)
    full = may_see_full_national_id(user)
    context: dict[str, Any] = {
        "person": person,
        "tab": tab,
        "tabs": [
            ("profile", _("ข้อมูลบุคคล")),
            ("welfare", _("สวัสดิการ")),
            ("activities", _("กิจกรรมและการติดต่อ")),
            ("household", _("ครัวเรือน")),
            ("history", _("ประวัติการแก้ไข")),
        ],
        "id_display": id_display(person, full),
        "show_sensitive": sensitive,
        "consent": consent_in_force(person),
        "can_edit": user.caps.edits_people and not person.merged_into_id,
        "age": age_on(person.birth_date, timezone.localdate()) if person.birth_date else None,
        "district_label": district_name(person.district_code),
        "subdistrict_label": subdistrict_name(person.subdistrict_code),
    }
    if tab == "profile":
        context["occupations"] = person.occupations.select_related("occupation")
        candidates = find_duplicate_candidates(
            national_id=None,
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            phone=person.phone,
            exclude_pk=person.pk,
        )
        context["duplicates"] = [c for c in _candidate_rows(user, candidates) if c["visible"]]
        context["merge_form"] = MergeTargetForm()
        context["occupation_form"] = OccupationForm(initial={"started_on": timezone.localdate()})
        context["consent_form"] = ConsentForm(initial={"given_on": timezone.localdate(), "channel": "staff"})
        context["merged_from"] = person.merged_from.all()
    elif tab == "welfare":
        context["records"] = person.welfare.select_related("scheme", "created_by")
        context["welfare_form"] = WelfareForm(initial={"recorded_on": timezone.localdate()})
    elif tab == "activities":
        context["participations"] = person.participations.select_related("activity").order_by(
            "-activity__held_on"
        )
        context["contacts"] = person.contacts.select_related("created_by")
        context["referrals"] = person.referrals.select_related("scheme")
        context["contact_form"] = ContactForm(initial={"contacted_on": timezone.localdate()})
        context["referral_form"] = ReferralForm(initial={"referred_on": timezone.localdate()})
    elif tab == "household":
        context["memberships"] = memberships_for(user, person)
    else:
        context["history"] = person_history(person, user=user, show_sensitive=sensitive)
    return context


def _add_to_person(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[BaseForm],
    form_name: str,
    save: Callable[[Any, Person, dict[str, Any]], object],
    tab: str,
    done: str,
    **other_forms: Any,
) -> HttpResponse:
    """The shape every "add a row to this person" post shares: check the editor and the scope, validate,
    call the service, and either go back to the tab or show it again with the errors in place."""
    _require_editor(request)
    user = acting_user(request)
    person = person_get(user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(user, person, form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, done)
            return redirect(f"{reverse('registry:person_detail', args=[person.pk])}?tab={tab}")
    return _error_tab(request, person, tab, **{form_name: form}, **other_forms)


@login_required
@require_POST
def welfare_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_person(
        request,
        pk,
        form_class=WelfareForm,
        form_name="welfare_form",
        tab="welfare",
        save=lambda user, person, data: welfare_record_add(actor=user, person=person, **data),
        done=_("บันทึกสวัสดิการแล้ว"),
    )


@login_required
@require_POST
def occupation_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_person(
        request,
        pk,
        form_class=OccupationForm,
        form_name="occupation_form",
        tab="profile",
        save=lambda user, person, data: occupation_add(actor=user, person=person, fields=data),
        done=_("บันทึกอาชีพแล้ว"),
    )


@login_required
@require_POST
def contact_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_person(
        request,
        pk,
        form_class=ContactForm,
        form_name="contact_form",
        tab="activities",
        save=lambda user, person, data: contact_add(actor=user, person=person, **data),
        done=_("บันทึกการติดต่อแล้ว"),
        referral_form=ReferralForm(),
    )


@login_required
@require_POST
def referral_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_to_person(
        request,
        pk,
        form_class=ReferralForm,
        form_name="referral_form",
        tab="activities",
        save=lambda user, person, data: referral_add(actor=user, person=person, **data),
        done=_("บันทึกการส่งต่อแล้ว"),
        contact_form=ContactForm(),
    )


def _error_tab(request: HttpRequest, person: Person, tab: str, **forms: Any) -> HttpResponse:
    """The tab again, with the failing form showing its errors in place; nothing was saved."""
    context = {**_detail_context(acting_user(request), person, tab), **forms}
    return render(request, "registry/person_detail.html", context, status=400)


@login_required
@require_POST
def consent_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    user = acting_user(request)
    person = person_get(user, pk)
    url = f"{reverse('registry:person_detail', args=[person.pk])}?tab=profile"
    try:
        if request.POST.get("action") == "withdraw":
            consent_withdraw(actor=user, person=person)
            messages.success(request, _("บันทึกการถอนความยินยอมแล้ว ข้อมูลอ่อนไหวถูกซ่อนและลบออก"))
        else:
            form = ConsentForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("ข้อมูลความยินยอมไม่ครบถ้วน"))
                return redirect(url)
            data = form.cleaned_data
            consent_record(
                actor=user,
                person=person,
                consent=ConsentInput(
                    lawful_basis=data["lawful_basis"],
                    sensitive_data_consent=data["sensitive_data_consent"],
                    channel=data["channel"],
                    given_on=data["given_on"],
                ),
            )
            messages.success(request, _("บันทึกความยินยอมแล้ว"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(url)


@login_required
def merge_pick_view(request: HttpRequest, pk: int) -> HttpResponse:
    """From a person's page: find the other record by national ID or record number."""
    _require_editor(request)
    user = acting_user(request)
    person = person_get(user, pk)
    form = MergeTargetForm(request.GET or None)
    if form.is_valid():
        value = clean_national_id(form.cleaned_data["other"])
        other = people_for(user).filter(national_id=value).first() if len(value) == 13 else None
        other_pk = record_id(value)
        if other is None and other_pk:
            other = people_for(user).filter(pk=other_pk).first()
        if other is not None and other.pk != person.pk:
            return redirect("registry:person_merge", pk=person.pk, other=other.pk)
        messages.error(request, _("ไม่พบระเบียนที่จะรวมในพื้นที่ของท่าน"))
    return redirect("registry:person_detail", pk=person.pk)


@login_required
def person_merge_view(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Side by side: for each field, keep this record's value or take the other's; then merge."""
    _require_editor(request)
    user = acting_user(request)
    keep, merge = person_get(user, pk), person_get(user, other)
    full = may_see_full_national_id(user)
    if request.method == "POST":
        choices = {name: request.POST.get(name, "keep") for name in MERGE_FIELDS if name in request.POST}
        try:
            person_merge(actor=user, keep=keep, merge=merge, field_choices=choices)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("รวมระเบียนแล้ว ประวัติของทั้งสองระเบียนยังดูได้ที่แท็บประวัติการแก้ไข"))
            return redirect("registry:person_detail", pk=keep.pk)
    audit_read(request, read="person_merge", people=[keep, merge])
    show_keep, show_merge = may_show_sensitive(keep), may_show_sensitive(merge)
    rows = []
    for name in MERGE_FIELDS:
        a, b = getattr(keep, name), getattr(merge, name)

        def shown(p: Person, value: Any, sensitive_ok: bool, name: str = name) -> str:
            if name in ("has_disability", "disability_type") and not sensitive_ok:
                return "•••"
            if name == "national_id":
                return id_display(p, full) if value else "–"
            if name == "district_code":
                return district_name(value)
            if name == "subdistrict_code":
                return subdistrict_name(value)
            if isinstance(value, dt.date):
                return format_be_date(value, "long")
            field = cast(models.Field, Person._meta.get_field(name))
            if field.choices:
                return str(dict(field.flatchoices).get(value, value) or "–")
            return "–" if value in (None, "") else value

        rows.append(
            {
                "name": name,
                "label": cast(models.Field, Person._meta.get_field(name)).verbose_name,
                "keep": shown(keep, a, show_keep),
                "merge": shown(merge, b, show_merge),
                "differs": a != b,
                "default": "merge" if a in (None, "") and b not in (None, "") else "keep",
            }
        )
    return render(request, "registry/person_merge.html", {"keep": keep, "merge": merge, "rows": rows})
