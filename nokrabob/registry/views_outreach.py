"""Outreach pages: the eligible-not-enrolled list per district, activities with participants,
communities and households."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.accounts.scope import scope_for
from nokrabob.audit.reads import audit_read
from nokrabob.core.errors import DomainError
from nokrabob.core.forms import BEDateField
from nokrabob.core.http import acting_user
from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.registry.areas import district_name, province_name
from nokrabob.registry.eligibility import schemes_with_rules
from nokrabob.registry.forms import ActivityForm, ParticipantForm, district_choices, subdistrict_choices
from nokrabob.registry.history import household_history
from nokrabob.registry.models import (
    BuildingType,
    Community,
    Education,
    LandOwner,
    Occupation,
)
from nokrabob.registry.selectors import (
    PersonFilters,
    activity_get,
    activity_list_rows,
    communities_for,
    household_get,
    households_for,
    participant_candidates,
    participants_for,
    people_for,
    person_search,
)
from nokrabob.registry.services_outreach import (
    activity_create,
    household_create,
    household_member_add,
    participation_add,
)


def _editor(request: HttpRequest) -> Any:
    user = acting_user(request)
    if not user.caps.edits_people:
        raise PermissionDenied
    return user


@login_required
def outreach_view(request: HttpRequest) -> HttpResponse:
    """Per district: how many people are eligible for a scheme today and not in it (links to the list)."""
    user = acting_user(request)
    today = timezone.localdate()
    schemes = list(schemes_with_rules(today))
    code = request.GET.get("scheme") or (schemes[0].code if schemes else "")
    rows: list[dict[str, Any]] = []
    counted_at = timezone.now()
    if code:
        counts, counted_at = _outreach_counts(user, code, today)
        for row in counts:
            rows.append(
                {
                    "district": district_name(row["district_code"]),
                    "n": row["n"],
                    "url": "?".join(["", urlencode({"eligible": code, "district": row["district_code"]})]),
                }
            )
    return render(
        request,
        "registry/outreach.html",
        {
            "schemes": schemes,
            "scheme_code": code,
            "rows": rows,
            "total": sum(r["n"] for r in rows),
            "today": today,
            "counted_at": counted_at,
        },
    )


OUTREACH_CACHE_SECONDS = 15 * 60


def _outreach_counts(user: Any, code: str, today: Any) -> tuple[list[dict[str, Any]], Any]:
    """Per-district counts, kept for a quarter of an hour: for all of Bangkok at a million people the
    count takes seconds (docs/BENCHMARKS.md), and the page is a summary, not a live list. The cache key
    is the user's scope, so two users share counts only when they see the same people."""
    scope = scope_for(user)
    key = "registry:outreach:" + "|".join(
        [
            code,
            today.isoformat(),
            str(scope.everything),
            ",".join(sorted(scope.province_codes)),
            ",".join(sorted(scope.district_codes)),
            ",".join(sorted(scope.exclude_province_codes)),
        ]
    )
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    queryset = person_search(user, filters=PersonFilters(eligible=code, on=today))
    grouped = queryset.order_by().values("district_code").annotate(n=Count("id")).order_by("district_code")
    counts: list[dict[str, Any]] = [dict(row) for row in grouped]
    value = (counts, timezone.now())
    cache.set(key, value, OUTREACH_CACHE_SECONDS)
    return value


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    activities = activity_list_rows(user)
    return render(
        request, "registry/activity_list.html", {"activities": activities, "can_edit": user.caps.edits_people}
    )


@login_required
def activity_create_view(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = ActivityForm(request.POST or None, user=user, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(actor=user, unit=user.unit, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("บันทึกกิจกรรมแล้ว"))
            return redirect("registry:activity_detail", pk=activity.pk)
    return render(request, "registry/activity_form.html", {"form": form, "title": _("บันทึกกิจกรรม")})


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    activity = activity_get(user, pk)
    form = ParticipantForm(request.POST or None)
    found: list[Any] = []
    if request.method == "POST":
        _editor(request)
        if form.is_valid():
            if request.POST.get("person"):
                person = people_for(user).filter(pk=request.POST["person"]).first()
                if person is None:
                    raise Http404
                try:
                    participation_add(actor=user, activity=activity, person=person)
                except DomainError as exc:
                    form.add_error("q", exc.message)
                else:
                    messages.success(request, _("เพิ่ม %(name)s แล้ว") % {"name": person.full_name})
                    return redirect("registry:activity_detail", pk=activity.pk)
            else:
                found = participant_candidates(user, form.cleaned_data["q"])
                if not found:
                    form.add_error("q", _("ไม่พบบุคคลในทะเบียนตามที่ค้นหา"))
    participants = list(participants_for(user, activity))
    audit_read(
        request,
        read="activity_detail",
        people=[p.person_id for p in participants] + [p.pk for p in found],
        activity=activity.pk,
    )
    return render(
        request,
        "registry/activity_detail.html",
        {
            "activity": activity,
            "participants": participants,
            "form": form,
            "found": found,
            "can_edit": user.caps.edits_people,
            "district": district_name(activity.district_code)
            if activity.district_code
            else province_wide_label(activity.province_code),
        },
    )


def province_wide_label(province_code: str) -> str:
    if province_code == BANGKOK_CODE:
        return _("ทั้งกรุงเทพมหานคร")
    return _("ทั้งจังหวัด%(province)s") % {"province": province_name(province_code)}


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    communities = communities_for(user)
    households = households_for(user).order_by("-id")[:50]
    for c in communities:
        c.district_label = district_name(c.district_code)  # type: ignore[attr-defined]
    return render(
        request,
        "registry/community_list.html",
        {"communities": communities, "households": households, "can_edit": user.caps.edits_people},
    )


class HouseholdForm(forms.Form):
    house_no = forms.CharField(label=gettext_lazy("บ้านเลขที่"), max_length=30)
    community = forms.ModelChoiceField(
        label=gettext_lazy("ชุมชน"), queryset=Community.objects.all(), required=False
    )
    district_code = forms.ChoiceField(label=gettext_lazy("เขต"), required=False)
    subdistrict_code = forms.ChoiceField(label=gettext_lazy("แขวง"), required=False)
    building_type = forms.ChoiceField(
        label=gettext_lazy("ลักษณะอาคาร"), choices=[("", "-"), *BuildingType.choices], required=False
    )
    years_lived = forms.IntegerField(label=gettext_lazy("อาศัยมาแล้ว (ปี)"), min_value=0, required=False)
    land_owner = forms.ChoiceField(
        label=gettext_lazy("เจ้าของที่ดิน"), choices=[("", "-"), *LandOwner.choices], required=False
    )
    latitude = forms.DecimalField(label=gettext_lazy("ละติจูด"), min_value=-90, max_value=90, required=False)
    longitude = forms.DecimalField(
        label=gettext_lazy("ลองจิจูด"), min_value=-180, max_value=180, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = district_choices(user)
        self.fields["district_code"].choices = choices  # type: ignore[attr-defined]
        self.fields["subdistrict_code"].choices = subdistrict_choices([c for c, _l in choices if c])  # type: ignore[attr-defined]
        codes = [c for c, _l in choices if c]
        self.fields["community"].queryset = Community.objects.filter(district_code__in=codes)  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    person_q = forms.CharField(
        label=gettext_lazy("เลขประจำตัวประชาชนของบุคคลในทะเบียน (ถ้ามี)"), max_length=20, required=False
    )
    name = forms.CharField(label=gettext_lazy("ชื่อ-นามสกุล"), max_length=200, required=False)
    relation = forms.CharField(label=gettext_lazy("ความสัมพันธ์"), max_length=50, required=False)
    birth_date = BEDateField(label=gettext_lazy("วันเกิด"), required=False)
    education = forms.ChoiceField(
        label=gettext_lazy("การศึกษา"), choices=[("", "-"), *Education.choices], required=False
    )
    occupation = forms.ModelChoiceField(
        label=gettext_lazy("อาชีพ"), queryset=Occupation.objects.filter(is_active=True), required=False
    )
    has_disability = forms.NullBooleanField(label=gettext_lazy("มีความพิการ"), required=False)
    is_bedridden = forms.NullBooleanField(label=gettext_lazy("ผู้ป่วยติดเตียง"), required=False)


@login_required
def household_create_view(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = HouseholdForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        try:
            household = household_create(actor=user, fields=data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("บันทึกครัวเรือนแล้ว"))
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/simple_form.html", {"form": form, "title": _("บันทึกครัวเรือน")})


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from nokrabob.registry.rules.national_id import clean_national_id
    from nokrabob.registry.selectors import may_show_sensitive

    user = acting_user(request)
    household = household_get(user, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        _editor(request)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "person_q"}
            data = {k: v for k, v in data.items() if v not in ("",)}
            wanted = clean_national_id(form.cleaned_data["person_q"])
            if wanted:
                person = people_for(user).filter(national_id=wanted).first()
                if person is None:
                    form.add_error("person_q", _("ไม่พบบุคคลนี้ในทะเบียนของพื้นที่ท่าน"))
                data["person"] = person
            if not form.errors:
                try:
                    household_member_add(actor=user, household=household, fields=data)
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, _("เพิ่มสมาชิกแล้ว"))
                    return redirect("registry:household_detail", pk=household.pk)
    members = []
    for m in household.members.select_related("person", "occupation"):
        m.show_sensitive = bool(m.person and may_show_sensitive(m.person))  # type: ignore[attr-defined]
        members.append(m)
    audit_read(
        request,
        read="household_detail",
        target_type="registry.household",
        people=[m.person_id for m in members if m.person_id],
        household=household.pk,
        members=len(members),
    )
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": members,
            "form": form,
            "can_edit": user.caps.edits_people,
            "district": district_name(household.district_code),
            "history": household_history(household, user=user),
        },
    )
