"""Forms of the registry pages. Dates are Buddhist Era (``BEDateField``); the rules live in the services,
so these forms only shape input and the views put a ``DomainError`` on the field it names."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any, cast

import geothai
from django import forms
from django.forms.models import fields_for_model
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.roles import Reach
from nokrabob.accounts.scope import area_words, scope_for
from nokrabob.core.concurrency import VersionFields
from nokrabob.core.forms import BEDateField, BEDateInput, be_formfield_callback
from nokrabob.core.reference import BANGKOK_CODE
from nokrabob.core.text import guard_text_fields
from nokrabob.registry.catalogue import filter_choices
from nokrabob.registry.models import (
    ActivityKind,
    ConsentChannel,
    ContactChannel,
    LawfulBasis,
    Occupation,
    Person,
    PersonOccupation,
    Referral,
    Scheme,
    Sex,
    WelfareRecord,
    WelfareStatus,
)
from nokrabob.registry.selectors import AGE_BANDS, IN_SCHEME_STATUS, PersonFilters

PERSON_FIELDS = [
    "national_id", "other_id_type", "other_id_number", "title", "first_name", "last_name",
    "first_name_latin", "last_name_latin", "sex", "birth_date", "phone", "house_no", "moo", "soi", "road",
    "subdistrict_code", "district_code", "monthly_income", "has_disability", "disability_type",
]  # fmt: skip
TITLE_CHOICES = [("", "-")] + [(t, t) for t in ("นาย", "นาง", "นางสาว", "ด.ช.", "ด.ญ.")]


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python: the 180 sub-districts of Bangkok render in well under a
    millisecond instead of one template per option (the list page's largest cost). Options are escaped
    with the standard library's ``html.escape`` (what Django's ``escape`` calls); the options of a list
    are written once per process (``_options``) and the selected one marked on each render, as Django's
    ``optgroups`` marks it (the first option whose value is among the values)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        body, values = _options(_frozen(self.choices))
        chosen = set(self.format_value(value))
        first = next((v for v in values if v in chosen), None)
        if first is not None:
            tag = f'<option value="{html.escape(first)}">'
            body = body.replace(tag, f"{tag[:-1]} selected>", 1)
        return mark_safe(f"{format_html('<select{}>', flatatt(final))}{body}</select>")  # noqa: S308 - escaped


class QuickInputMixin:
    """An ``<input>`` written in Python as Django's ``input.html`` and ``attrs.html`` write it."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        kind, field = html.escape(str(widget["type"])), html.escape(str(widget["name"]))
        parts = [f'<input type="{kind}" name="{field}"']
        if widget["value"] is not None:
            parts.append(f' value="{html.escape(str(widget["value"]))}"')
        for key, item in widget["attrs"].items():
            if item is True:
                parts.append(f" {html.escape(str(key))}")
            elif item is not False:
                parts.append(f' {html.escape(str(key))}="{html.escape(str(item))}"')
        parts.append(">")
        return mark_safe("".join(parts))  # noqa: S308 - every name and value is escaped above


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickBEDateInput(QuickInputMixin, BEDateInput):
    pass


Frozen = tuple[tuple[str, Any], ...]


def _frozen(choices: Any) -> Frozen:
    """The choices as plain strings (a lazy label in the language of this request): a key for ``_options``."""
    out: list[tuple[str, Any]] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            out.append((str(value), tuple((str(v), str(text)) for v, text in label)))
        else:
            out.append(("" if value is None else str(value), str(label)))
    return tuple(out)


@lru_cache(maxsize=512)
def _options(choices: Frozen) -> tuple[str, tuple[str, ...]]:
    """The options' HTML, none selected, and the option values in document order."""
    parts: list[str] = []
    values: list[str] = []

    def option(value: str, label: str) -> None:
        values.append(value)
        parts.append(f'<option value="{html.escape(value)}">{html.escape(label)}</option>')

    for value, label in choices:
        if not isinstance(label, tuple):
            option(value, label)
            continue
        if value:
            parts.append(f'<optgroup label="{html.escape(value)}">')
        for sub_value, sub_label in label:
            option(sub_value, sub_label)
        if value:
            parts.append("</optgroup>")
    return "".join(parts), tuple(values)


def district_codes_for(user: Any) -> list[str]:
    """The districts a user registers people in: their own, their province's, or Bangkok's 50."""
    scope = scope_for(user)
    if scope.district_codes and not scope.province_codes:
        return sorted(scope.district_codes)
    provinces = sorted(scope.province_codes) if scope.province_codes else [BANGKOK_CODE]
    if user.caps.reach is Reach.ALL_PROVINCES:
        provinces = []
    return [d.code for p in provinces for d in geothai.districts(p)]


def province_codes_for(user: Any) -> list[str]:
    """The provinces whose people a user may read (every province for the roles that read everything)."""
    scope = scope_for(user)
    every = [p.code for p in geothai.provinces()]
    if scope.everything:
        return every
    if scope.exclude_province_codes:
        return [code for code in every if code not in scope.exclude_province_codes]
    return sorted(scope.province_codes | {code[:2] for code in scope.district_codes})


def province_label(code: str) -> str:
    province = geothai.province(code)
    return province.name_th if province else code


def district_choices(user: Any, *, blank: str = "") -> list[tuple[str, str]]:
    return [("", blank or "-"), *_district_labels(tuple(district_codes_for(user)))]


@lru_cache(maxsize=256)
def _district_labels(codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Names from the geothai package's fixed tables: the same for every request of a process."""
    return tuple((code, _district_label(code)) for code in codes)


def _district_label(code: str) -> str:
    district = geothai.district(code)
    return district.name_th if district else code


def subdistrict_choices(district_codes: list[str]) -> list[tuple[str, Any]]:
    """Sub-districts grouped by district (an ``<optgroup>`` each)."""
    return [("", "-"), *_subdistrict_groups(tuple(district_codes))]


@lru_cache(maxsize=256)
def _subdistrict_groups(codes: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return tuple(
        (_district_label(code), tuple((s.code, s.name_th) for s in geothai.subdistricts(code)))
        for code in codes
    )


class PersonForm(VersionFields):
    """Create or edit a person. On create it also takes the consent and first occupation; an edit carries
    the version it was opened at (``core.concurrency``)."""

    def __init__(self, *args: Any, user: Any, creating: bool, sensitive_allowed: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.fields.update(
            fields_for_model(Person, fields=PERSON_FIELDS, formfield_callback=be_formfield_callback)
        )
        for name in ("national_id", "phone", "other_id_number"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric" if name != "other_id_number" else "text"}
            )
        self.fields["title"] = forms.ChoiceField(label=_("คำนำหน้า"), choices=TITLE_CHOICES, required=False)
        codes = district_codes_for(user)
        self.fields["district_code"] = forms.ChoiceField(
            label=_("เขต/อำเภอ"),
            choices=district_choices(user),
            required=False,
            initial=codes[0] if len(codes) == 1 else None,
            widget=QuickSelect,
        )
        self.fields["subdistrict_code"] = forms.ChoiceField(
            label=_("แขวง/ตำบล"), choices=subdistrict_choices(codes), required=False, widget=QuickSelect
        )
        disability = forms.NullBooleanSelect()
        disability.choices = [("unknown", "-"), ("true", _("มี")), ("false", _("ไม่มี"))]
        self.fields["has_disability"] = forms.NullBooleanField(
            label=_("มีความพิการ"), required=False, widget=disability
        )
        if creating:
            del self.fields["version"], self.fields["opened"]
            self.fields["occupation"] = forms.ModelChoiceField(
                label=_("อาชีพ"), queryset=Occupation.objects.filter(is_active=True), required=False
            )
            self.fields["lawful_basis"] = forms.ChoiceField(
                label=_("ฐานทางกฎหมายในการเก็บข้อมูล"), choices=LawfulBasis.choices
            )
            self.fields["sensitive_data_consent"] = forms.BooleanField(
                label=_("เจ้าของข้อมูลยินยอมโดยชัดแจ้งให้เก็บข้อมูลอ่อนไหว (ความพิการ)"), required=False
            )
            self.fields["consent_channel"] = forms.ChoiceField(
                label=_("ช่องทางการให้ความยินยอม"), choices=ConsentChannel.choices, initial=ConsentChannel.STAFF
            )
            self.fields["confirm_new"] = forms.BooleanField(required=False, widget=forms.HiddenInput)
        elif not sensitive_allowed:
            del self.fields["has_disability"]
            del self.fields["disability_type"]
        guard_text_fields(self.fields)  # no NUL or other invisible control characters in a person's data

    def person_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in PERSON_FIELDS if name in self.cleaned_data}
        for name, value in list(data.items()):
            if value is None and name not in (
                "birth_date",
                "monthly_income",
                "has_disability",
                "national_id",
            ):
                data[name] = ""
        return data


class SearchForm(forms.Form):
    """The list page's filters (GET). Choices are drawn for the user's scope."""

    q = forms.CharField(label=_("ค้นหา"), required=False, widget=QuickTextInput)
    province = forms.ChoiceField(label=_("จังหวัด"), required=False, widget=QuickSelect)
    district = forms.ChoiceField(label=_("เขต"), required=False, widget=QuickSelect)
    subdistrict = forms.ChoiceField(label=_("แขวง"), required=False, widget=QuickSelect)
    occupation = forms.ChoiceField(label=_("กลุ่มอาชีพ"), required=False, widget=QuickSelect)
    scheme = forms.ChoiceField(label=_("สวัสดิการ"), required=False, widget=QuickSelect)
    status = forms.ChoiceField(label=_("สถานะล่าสุด"), required=False, widget=QuickSelect)
    sex = forms.ChoiceField(label=_("เพศ"), required=False, widget=QuickSelect)
    age_band = forms.ChoiceField(label=_("ช่วงอายุ"), required=False, widget=QuickSelect)
    registered_from = BEDateField(label=_("ลงทะเบียนตั้งแต่"), required=False, widget=QuickBEDateInput)
    registered_to = BEDateField(label=_("ลงทะเบียนถึง"), required=False, widget=QuickBEDateInput)
    eligible = forms.ChoiceField(label=_("มีสิทธิแต่ยังไม่เป็นสมาชิก"), required=False, widget=QuickSelect)
    sort = forms.ChoiceField(label=_("เรียงตาม"), required=False, widget=QuickSelect)

    def __init__(self, *args: Any, user: Any, today: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("เลขประจำตัวประชาชน โทรศัพท์ หรือชื่อ"), "type": "search"}
        )
        codes = district_codes_for(user)
        provinces = province_codes_for(user)
        if len(provinces) > 1:
            self._choices("province", [("", _("ทุกจังหวัด")), *[(c, province_label(c)) for c in provinces]])
        else:
            del self.fields["province"]  # one province: nothing to choose
        words = area_words(scope_for(user))
        self.fields["district"].label = words.district
        self.fields["subdistrict"].label = words.subdistrict
        self._choices("district", [("", str(words.all_districts)), *_district_labels(tuple(codes))])
        self._choices("subdistrict", subdistrict_choices(codes))
        occupations, schemes, with_rules = filter_choices(today)
        self._choices("occupation", [("", "-"), *occupations])
        self._choices("scheme", [("", "-"), *schemes])
        self._choices(
            "status", [("", "-"), (IN_SCHEME_STATUS, _("เป็นสมาชิก/ได้รับแล้ว")), *WelfareStatus.choices]
        )
        self._choices("sex", [("", "-"), *Sex.choices])
        self._choices("age_band", [("", "-"), *[(k, str(_("%(band)s ปี")) % {"band": k}) for k in AGE_BANDS]])
        self._choices("eligible", [("", "-"), *with_rules])
        self._choices(
            "sort",
            [
                ("name", _("ชื่อ ก-ฮ")),
                ("-name", _("ชื่อ ฮ-ก")),
                ("newest", _("ลงทะเบียนล่าสุด")),
                ("oldest", _("ลงทะเบียนก่อน")),
                ("birth", _("อายุมากไปน้อย")),
            ],
        )

    def _choices(self, name: str, choices: list[Any]) -> None:
        """Plain (value, label) pairs and groups, given as Django's ``normalize_choices`` would leave them:
        set without it (it walked the 230 district and sub-district choices on every page)."""
        field = cast(forms.ChoiceField, self.fields[name])
        field._choices = field.widget._choices = choices  # type: ignore[attr-defined]

    def field_html(self, name: str) -> SafeString:
        """A field's ``<label>`` and widget, the label written as Django's label template writes it (with
        this form's empty suffix and no required class): a template render less per field and page."""
        bound = self[name]
        label = conditional_escape(bound.label)
        for_id = bound.id_for_label
        tag = f'<label for="{conditional_escape(for_id)}">{label}</label>' if for_id else label
        return mark_safe(f"{tag}{bound}")  # noqa: S308 - the label and its id are escaped, the widget renders safe

    def search_html(self) -> SafeString:
        return self.field_html("q")

    def filters_html(self) -> SafeString:
        """Every filter after the search box, each in its ``<div class="field">``."""
        fields = [f'<div class="field">{self.field_html(name)}</div>' for name in self.fields if name != "q"]
        return mark_safe("".join(fields))  # noqa: S308 - field_html is safe

    def filters(self) -> PersonFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PersonFilters.from_mapping({k: v for k, v in data.items() if v})


class WelfareForm(forms.ModelForm):
    recorded_on = BEDateField(label=_("วันที่"))

    class Meta:
        model = WelfareRecord
        fields = ["scheme", "option", "status", "recorded_on", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scheme"]).queryset = Scheme.objects.filter(is_active=True)
        self.fields["option"].help_text = _("เฉพาะมาตรา 40: 1, 2 หรือ 3")


class ContactForm(forms.Form):
    contacted_on = BEDateField(label=_("วันที่ติดต่อ"))
    channel = forms.ChoiceField(label=_("ช่องทาง"), choices=ContactChannel.choices)
    reached = forms.BooleanField(label=_("ติดต่อได้"), required=False)
    note = forms.CharField(label=_("บันทึก"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReferralForm(forms.ModelForm):
    referred_on = BEDateField(label=_("วันที่ส่งต่อ"))

    class Meta:
        model = Referral
        fields = ["to_agency", "scheme", "referred_on", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ConsentForm(forms.Form):
    lawful_basis = forms.ChoiceField(label=_("ฐานทางกฎหมาย"), choices=LawfulBasis.choices)
    sensitive_data_consent = forms.BooleanField(
        label=_("ยินยอมโดยชัดแจ้งให้เก็บข้อมูลอ่อนไหว (ความพิการ)"), required=False
    )
    channel = forms.ChoiceField(label=_("ช่องทาง"), choices=ConsentChannel.choices)
    given_on = BEDateField(label=_("วันที่ให้ความยินยอม"))


class MergeTargetForm(forms.Form):
    other = forms.CharField(label=_("เลขประจำตัวประชาชนหรือเลขทะเบียนของระเบียนที่จะรวม"), max_length=20)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("ชื่อกิจกรรม"), max_length=255)
    kind = forms.ChoiceField(label=_("ประเภท"), choices=ActivityKind.choices)
    held_on = BEDateField(label=_("วันที่จัด"))
    place = forms.CharField(label=_("สถานที่"), max_length=255, required=False)
    district_code = forms.ChoiceField(label=_("เขต"), required=False)
    target_occupations = forms.ModelMultipleChoiceField(
        label=_("กลุ่มเป้าหมาย"),
        queryset=Occupation.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    schemes = forms.ModelMultipleChoiceField(
        label=_("สวัสดิการที่แนะนำ"),
        queryset=Scheme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("รายละเอียด"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = district_choices(user)
        cast(forms.ChoiceField, self.fields["district_code"]).choices = choices
        self.fields["district_code"].label = area_words(scope_for(user)).district
        if len(choices) == 2:  # a district office records its own district's activities
            self.fields["district_code"].initial = choices[1][0]


class ParticipantForm(forms.Form):
    q = forms.CharField(label=_("เลขประจำตัวประชาชน โทรศัพท์ หรือชื่อ-นามสกุล"), max_length=100)


class OccupationForm(forms.Form):
    """A plain form over the model's fields: the service checks the dates and says so in Thai."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [
            "occupation", "started_on", "ended_on", "moto_stand", "dlt_licence_no", "vending_spot",
            "vending_permit_no", "details",
        ]  # fmt: skip
        self.fields.update(
            fields_for_model(PersonOccupation, fields=names, formfield_callback=be_formfield_callback)
        )
        occupation = cast(forms.ModelChoiceField, self.fields["occupation"])
        occupation.queryset = Occupation.objects.filter(is_active=True)
        self.fields["moto_stand"].help_text = _("เฉพาะผู้ขับขี่รถจักรยานยนต์รับจ้าง")
        self.fields["vending_spot"].help_text = _("เฉพาะผู้ค้าหาบเร่-แผงลอย")
