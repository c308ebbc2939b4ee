"""Outreach pages: the eligible-not-enrolled list per district, activities with participants,
communities and households."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nokrabob.accounts.scope import scope_for
from nokrabob.audit.reads import audit_read
from nokrabob.core.concurrency import StaleEdit, VersionFields, form_initial
from nokrabob.core.db_routing import reads_from_replica
from nokrabob.core.errors import DomainError
from nokrabob.core.forms import BEDateField, TypedDecimalField, TypedIntegerField
from nokrabob.core.http import acting_user, record_id
from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.registry.areas import district_name, province_name
from nokrabob.registry.counting import eligible_not_enrolled_counts
from nokrabob.registry.eligibility import schemes_with_rules
from nokrabob.registry.forms import ActivityForm, ParticipantForm, district_choices, subdistrict_choices
from nokrabob.registry.history import household_history
from nokrabob.registry.models import (
    BuildingType,
    Community,
    Education,
    Household,
    LandOwner,
    Occupation,
)
from nokrabob.registry.selectors import (
    activity_get,
    activity_list_rows,
    communities_for,
    household_get,
    households_for,
    participant_candidates,
    participants_for,
    people_for,
)
from nokrabob.registry.services_outreach import (
    CONSENT_FIELDS,
    HOUSEHOLD_FIELDS,
    activity_create,
    household_consent_set,
    household_create,
    household_member_add,
    household_update,
    participation_add,
)


def _editor(request: HttpRequest) -> Any:
    user = acting_user(request)
    if not user.caps.edits_people:
        raise PermissionDenied
    return user


@login_required
@reads_from_replica
def outreach_view(request: HttpRequest) -> HttpResponse:
    """Per district: how many people are eligible for a scheme today and not in it (links to the list)."""
    user = acting_user(request)
    today = timezone.localdate()
    schemes = list(schemes_with_rules(today))
    code = request.GET.get("scheme") or (schemes[0].code if schemes else "")
    rows: list[dict[str, Any]] = []
    counted_at = timezone.now()
    if code:
        counts = _outreach_counts(user, code, today)
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


def _outreach_counts(user: Any, code: str, today: Any) -> list[dict[str, Any]]:
    """Per-district counts, read live from the registry's maintained counts (ADR 0400). Like the list they
    lead to, they cover only people the user may read: a role that reads no records gets none."""
    if scope_for(user).nothing:
        return []
    counts = eligible_not_enrolled_counts(user, code, on=today, by=("district",))
    return [{"district_code": district, "n": n} for (district,), n in sorted(counts.items())]


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
                person_pk = record_id(request.POST["person"])
                person = people_for(user).filter(pk=person_pk).first() if person_pk else None
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
    years_lived = TypedIntegerField(label=gettext_lazy("อาศัยมาแล้ว (ปี)"), min_value=0, required=False)
    land_owner = forms.ChoiceField(
        label=gettext_lazy("เจ้าของที่ดิน"), choices=[("", "-"), *LandOwner.choices], required=False
    )
    latitude = TypedDecimalField(label=gettext_lazy("ละติจูด"), min_value=-90, max_value=90, required=False)
    longitude = TypedDecimalField(label=gettext_lazy("ลองจิจูด"), min_value=-180, max_value=180, required=False)

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
    age = forms.IntegerField(label=gettext_lazy("อายุ (ปี)"), min_value=0, max_value=130, required=False)
    education = forms.ChoiceField(
        label=gettext_lazy("การศึกษา"), choices=[("", "-"), *Education.choices], required=False
    )
    occupation = forms.ModelChoiceField(
        label=gettext_lazy("อาชีพ"), queryset=Occupation.objects.filter(is_active=True), required=False
    )
    has_disability = forms.NullBooleanField(label=gettext_lazy("มีความพิการ"), required=False)
    is_bedridden = forms.NullBooleanField(label=gettext_lazy("ผู้ป่วยติดเตียง"), required=False)


class HouseholdEditForm(HouseholdForm, VersionFields):
    """The household form of an existing household, with the version it was opened at."""


class HouseholdConsentForm(VersionFields):
    sensitive = forms.TypedChoiceField(
        label=gettext_lazy("ความยินยอมเรื่องข้อมูลอ่อนไหวของสมาชิก"),
        choices=[("1", gettext_lazy("ครัวเรือนให้ความยินยอม")), ("0", gettext_lazy("ครัวเรือนถอนความยินยอม"))],
        coerce=lambda v: v == "1",
    )
    on = BEDateField(label=gettext_lazy("วันที่"))


@login_required
@require_POST
def household_consent(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    household = household_get(user, pk)
    form = HouseholdConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("บันทึกความยินยอมไม่สำเร็จ: เลือกความยินยอมและกรอกวันที่"))
    else:
        try:
            household_consent_set(
                actor=user,
                household=household,
                sensitive=form.cleaned_data["sensitive"],
                on=form.cleaned_data["on"],
                opened=form.opened_state(),
            )
        except DomainError as exc:  # a refused stale form too: its message names what changed
            messages.error(request, exc.message)
        else:
            messages.success(request, _("บันทึกความยินยอมของครัวเรือนแล้ว"))
    return redirect("registry:household_detail", pk=household.pk)


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
def household_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    household = household_get(user, pk)
    initial = {name: getattr(household, name) for name in HOUSEHOLD_FIELDS}
    initial.update(form_initial(household, HOUSEHOLD_FIELDS))
    form = HouseholdEditForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data.get(name) for name in HOUSEHOLD_FIELDS}
        try:
            household_update(actor=user, household=household, fields=fields, opened=form.opened_state())
        except StaleEdit as exc:
            form.show_stale_edit(exc)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("บันทึกการแก้ไขครัวเรือนแล้ว"))
            return redirect("registry:household_detail", pk=household.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("แก้ไขครัวเรือน %(house)s") % {"house": household.house_no},
            "cancel_url": reverse("registry:household_detail", args=[household.pk]),
        },
    )


def _location_map(household: Household) -> str | None:
    """The household's coordinates as a point on its district's map (never shown as bare numbers)."""
    if household.latitude is None or household.longitude is None:
        return None
    from nokrabob.reports.maps import point_map

    return point_map(
        household.district_code or household.province_code,
        float(household.latitude),
        float(household.longitude),
        title=_("ที่ตั้งครัวเรือน %(house)s · %(district)s")
        % {"house": household.house_no, "district": district_name(household.district_code)},
        label=household.house_no,
    )


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from nokrabob.registry.rules.national_id import clean_national_id
    from nokrabob.registry.selectors import member_sensitive_allowed

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
    from nokrabob.reports.maps import ATTRIBUTION

    location_map = _location_map(household)
    members = []
    for m in household.members.select_related("person", "occupation"):
        m.show_sensitive = member_sensitive_allowed(household, m.person)  # type: ignore[attr-defined]
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
            "location_map": location_map,
            "map_attribution": ATTRIBUTION if location_map else "",
            "history": household_history(household, user=user),
            "consent_form": HouseholdConsentForm(
                initial={
                    "sensitive": "0" if household.consent_covers_sensitive else "1",
                    **form_initial(household, CONSENT_FIELDS),
                }
            ),
        },
    )
