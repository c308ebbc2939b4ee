"""The registration form (public QR link and staff entry share it) and the campaign forms.

The form carries the registry's own fields, the campaign's extra questions (``q_<name>``), the PDPA
consent boxes and, on the public side, a honeypot. Every text box has a size limit, free text may not
hold markup, and every date is Buddhist Era.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import geothai
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokrabob.collection import expressions
from nokrabob.collection.models import Campaign, Choice, Question, QuestionType
from nokrabob.collection.xlsform import check_size
from nokrabob.core.errors import DomainError
from nokrabob.core.fiscal import age_on
from nokrabob.core.forms import BEDateField, BEDateInput, BEModelForm, TypedDecimalField, TypedIntegerField
from nokrabob.core.text import has_control
from nokrabob.core.thai import to_arabic_digits
from nokrabob.registry.models import ConsentChannel, LawfulBasis, Sex
from nokrabob.registry.rules.national_id import validate_national_id
from nokrabob.registry.rules.phone import check_phone

TITLES = [("", "—"), ("นาย", "นาย"), ("นาง", "นาง"), ("นางสาว", "นางสาว")]
YES_NO = [("", "—"), ("yes", _("ใช่")), ("no", _("ไม่ใช่"))]
_UNSAFE = re.compile(r"[<>]")
HONEYPOT = "website"


def min_age() -> int:
    return int(getattr(settings, "COLLECTION_MIN_AGE", 15))


def plain_text(value: str) -> None:
    """No markup or control characters, and nothing a spreadsheet would run as a formula."""
    if _UNSAFE.search(value or "") or has_control(value or "") or (value or "").lstrip()[:1] in ("=", "@"):
        raise ValidationError(_("ข้อความมีอักขระที่ไม่อนุญาต (เช่น < > หรือขึ้นต้นด้วย = @)"), code="unsafe")


def _text(label: Any, max_length: int, *, required: bool = False, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[plain_text],
        widget=forms.TextInput(attrs={"maxlength": str(max_length), **attrs}),
    )


class RegistrationForm(forms.Form):
    """A worker's registration for one campaign district. ``staff=True`` for entry inside the app."""

    national_id = forms.CharField(
        label=_("เลขประจำตัวประชาชน 13 หลัก"),
        max_length=17,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "17", "data-national-id": "1"}
        ),
    )
    title = forms.ChoiceField(label=_("คำนำหน้า"), choices=TITLES, required=False)
    first_name = _text(_("ชื่อ"), 100, required=True, autocomplete="given-name")
    last_name = _text(_("นามสกุล"), 100, required=True, autocomplete="family-name")
    sex = forms.ChoiceField(label=_("เพศ"), choices=[("", "—"), *Sex.choices])
    birth_date = BEDateField(label=_("วันเกิด (พ.ศ.)"), widget=BEDateInput(attrs={"autocomplete": "bday"}))
    phone = _text(_("โทรศัพท์มือถือ"), 20, inputmode="tel", autocomplete="tel")
    house_no = _text(_("บ้านเลขที่"), 30)
    soi = _text(_("ซอย"), 100)
    road = _text(_("ถนน"), 100)
    subdistrict_code = forms.ChoiceField(label=_("แขวง"), required=False)
    occupation = forms.ChoiceField(label=_("อาชีพ"), required=False)
    monthly_income = TypedDecimalField(
        label=_("รายได้ต่อเดือน (บาท)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(10_000_000),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "12"}),
    )
    has_disability = forms.ChoiceField(
        label=_("มีความพิการหรือไม่ (ข้อมูลอ่อนไหว ตอบเมื่อยินยอมเท่านั้น)"), choices=YES_NO, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "ข้าพเจ้าได้อ่านประกาศความเป็นส่วนตัวแล้ว และยินยอมให้สำนักพัฒนาสังคม กรุงเทพมหานคร เก็บ ใช้ "
            "และเปิดเผยข้อมูลของข้าพเจ้าเพื่อการเข้าถึงสวัสดิการและแหล่งทุน"
        ),
        required=True,
        error_messages={"required": _("กรุณาทำเครื่องหมายยินยอมก่อนส่งข้อมูล")},
    )
    sensitive_consent = forms.BooleanField(
        label=_("ข้าพเจ้ายินยอมโดยชัดแจ้งให้เก็บข้อมูลอ่อนไหว (ความพิการ/สุขภาพ) ของข้าพเจ้า"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        campaign: Campaign,
        district_code: str | None,
        questions: list[Question],
        choices: list[Choice],
        staff: bool = False,
        district_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign, self.questions, self.staff = campaign, questions, staff
        # The check-as-you-type script shows these, in the page's language.
        self.fields["national_id"].widget.attrs.update(
            {
                "data-msg-length": _("เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก"),
                "data-msg-category": _("เลขประจำตัวประชาชนต้องไม่ขึ้นต้นด้วยเลข 9"),
                "data-msg-checksum": _("เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง) โปรดตรวจสอบอีกครั้ง"),
                "data-msg-ok": _("✓ เลขประจำตัวประชาชนถูกต้อง"),
                "data-msg-count": _("กรอกแล้ว {n}/13 หลัก"),
            }
        )
        self.lists: dict[str, list[Choice]] = {}
        for choice in choices:
            self.lists.setdefault(choice.list_name, []).append(choice)
        subs = geothai.subdistricts(district_code) if district_code else []
        self.fields["subdistrict_code"].choices = [("", "—")] + [(s.code, s.name_th) for s in subs]  # type: ignore[attr-defined]
        occupations = list(campaign.target_occupations.all())
        self.fields["occupation"].choices = [("", "—")] + [(o.code, o.name_th) for o in occupations]  # type: ignore[attr-defined]
        self.fields["occupation"].required = bool(occupations)
        if staff:
            self._add_staff_fields(district_choices or [])
        else:
            self.fields[HONEYPOT] = forms.CharField(
                required=False, max_length=200, label=_("เว็บไซต์ (ไม่ต้องกรอก)")
            )
            self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.relevance: dict[str, expressions.Node | None] = {}
        self.constraints: dict[str, expressions.Node | None] = {}
        for question in questions:
            self.fields[f"q_{question.name}"] = self._question_field(question)
            self.relevance[question.name] = expressions.parse(question.relevant)
            self.constraints[question.name] = expressions.parse(question.constraint)

    def _add_staff_fields(self, district_choices: list[tuple[str, str]]) -> None:
        self.fields["district"] = forms.ChoiceField(label=_("เขต"), choices=district_choices)
        self.fields["national_id"].widget.attrs["autofocus"] = "autofocus"
        self.fields["consent_channel"] = forms.ChoiceField(
            label=_("ช่องทาง"),
            choices=[
                (ConsentChannel.STAFF, ConsentChannel.STAFF.label),
                (ConsentChannel.PAPER, ConsentChannel.PAPER.label),
            ],
        )
        self.fields["lawful_basis"] = forms.ChoiceField(label=_("ฐานทางกฎหมาย"), choices=LawfulBasis.choices)
        self.fields["consent"].label = _("ผู้ให้ข้อมูลรับทราบประกาศความเป็นส่วนตัวแล้ว")
        self.fields["sensitive_consent"].label = _("ผู้ให้ข้อมูลยินยอมโดยชัดแจ้งให้เก็บข้อมูลอ่อนไหว")
        order = ["district", *[n for n in self.fields if n != "district"]]
        self.order_fields(order)

    def _question_field(self, question: Question) -> forms.Field:
        common: dict[str, Any] = {"label": question.label, "required": False, "help_text": question.hint}
        attrs: dict[str, str] = {}
        if question.relevant:
            attrs["data-relevant"] = json.dumps(expressions.parse(question.relevant))
        if question.required:
            attrs["data-required"] = "1"
        field: forms.Field
        match question.type:
            case QuestionType.INTEGER:
                field = TypedIntegerField(
                    **common,
                    min_value=-(10**9),
                    max_value=10**9,
                    error_messages={"invalid": _("กรุณากรอกเป็นตัวเลขจำนวนเต็ม")},
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "11", **attrs}),
                )
            case QuestionType.DECIMAL:
                field = TypedDecimalField(
                    **common,
                    max_digits=14,
                    decimal_places=4,
                    error_messages={"invalid": _("กรุณากรอกเป็นตัวเลข")},
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "16", **attrs}),
                )
            case QuestionType.DATE:
                field = BEDateField(**common, widget=BEDateInput(attrs=attrs))
            case QuestionType.SELECT_ONE:
                options = [(c.name, c.label) for c in self.lists.get(question.list_name, [])]
                field = forms.ChoiceField(**common, choices=options, widget=forms.RadioSelect(attrs=attrs))
            case QuestionType.SELECT_MULTIPLE:
                options = [(c.name, c.label) for c in self.lists.get(question.list_name, [])]
                field = forms.MultipleChoiceField(
                    **common, choices=options, widget=forms.CheckboxSelectMultiple(attrs=attrs)
                )
            case _:
                field = forms.CharField(
                    **common,
                    max_length=1000,
                    validators=[plain_text],
                    widget=forms.TextInput(attrs={"maxlength": "1000", **attrs}),
                )
        field.question = question  # type: ignore[union-attr]
        return field

    # ── field checks ──────────────────────────────────────────────────────────────────────────
    def clean_national_id(self) -> str:
        return validate_national_id(self.cleaned_data["national_id"])

    def clean_birth_date(self) -> dt.date:
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(_("วันเกิดต้องไม่เป็นวันในอนาคต"))
        if born.year < today.year - 120:
            raise ValidationError(_("วันเกิดเก่าเกินไป โปรดตรวจสอบปี พ.ศ."))
        if age_on(born, today) < min_age():
            raise ValidationError(_("ผู้ลงทะเบียนต้องมีอายุอย่างน้อย %(n)s ปีบริบูรณ์") % {"n": min_age()})
        return born

    def clean_phone(self) -> str:
        try:
            return check_phone(to_arabic_digits(self.cleaned_data.get("phone") or ""))
        except DomainError as exc:
            raise ValidationError(exc.message) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.staff and data.get(HONEYPOT):
            raise ValidationError(_("ระบบไม่รับข้อมูลนี้"), code="honeypot")
        if data.get("has_disability") and not data.get("sensitive_consent"):
            self.add_error(
                "has_disability",
                _("ข้อมูลความพิการเป็นข้อมูลอ่อนไหว ตอบได้เมื่อทำเครื่องหมายยินยอมให้เก็บข้อมูลอ่อนไหวเท่านั้น"),
            )
        self._clean_questions(data)
        return data

    def _clean_questions(self, data: dict[str, Any]) -> None:
        answers = {q.name: data.get(f"q_{q.name}") for q in self.questions}
        extra: dict[str, Any] = {}
        for question in self.questions:
            key = f"q_{question.name}"
            if key in self.errors:
                continue
            value = answers[question.name]
            if not expressions.evaluate(self.relevance[question.name], None, answers):
                answers[question.name] = None
                continue
            empty = value in (None, "", [])
            if empty:
                if question.required:
                    self.add_error(key, _("กรุณาตอบข้อนี้"))
                continue
            if not expressions.evaluate(self.constraints[question.name], value, answers):
                self.add_error(key, question.constraint_message or _("คำตอบไม่อยู่ในเงื่อนไขที่กำหนด"))
                continue
            extra[question.name] = _json_value(value)
        self.extra_answers = extra

    # ── what the services store ───────────────────────────────────────────────────────────────
    def person_answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        person: dict[str, Any] = {
            name: data.get(name) or ""
            for name in (
                "national_id",
                "title",
                "first_name",
                "last_name",
                "sex",
                "phone",
                "house_no",
                "soi",
                "road",
            )
        }
        person["subdistrict_code"] = data.get("subdistrict_code") or ""
        person["birth_date"] = data["birth_date"].isoformat()
        income = data.get("monthly_income")
        person["monthly_income"] = str(income) if income is not None else None
        disability = data.get("has_disability")
        person["has_disability"] = {"yes": True, "no": False}.get(disability or "")
        return person


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def initial_from_answers(answers: dict[str, Any], birth_date: dt.date) -> dict[str, Any]:
    """A form's initial values from stored answers (for a correction)."""
    person = dict(answers.get("person", {}))
    initial: dict[str, Any] = {k: v for k, v in person.items() if v is not None}
    initial["birth_date"] = birth_date
    disability = person.get("has_disability")
    initial["has_disability"] = "" if disability is None else ("yes" if disability else "no")
    initial["occupation"] = answers.get("occupation", "")
    for name, value in answers.get("extra", {}).items():
        initial[f"q_{name}"] = value
    return initial


class StatusLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("เลขที่อ้างอิง"), max_length=16, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    national_id = forms.CharField(
        label=_("เลขประจำตัวประชาชน"), max_length=17, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    birth_date = BEDateField(label=_("วันเกิด (พ.ศ.)"))

    def clean_reference(self) -> str:
        return self.cleaned_data["reference"].strip().upper()

    def clean_national_id(self) -> str:
        return validate_national_id(self.cleaned_data["national_id"])


class CampaignForm(BEModelForm):
    class Meta(BEModelForm.Meta):
        model = Campaign
        fields = [
            "name", "fiscal_year", "description", "target_occupations", "opens_on", "closes_on",
            "data_sources", "is_published",
        ]  # fmt: skip
        widgets = {
            "target_occupations": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
            "data_sources": forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("วันปิดรับต้องไม่ก่อนวันเปิดรับ"))
        year = data.get("fiscal_year")
        if year and not 2400 <= year <= 2700:
            self.add_error("fiscal_year", _("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2570"))
        return data


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์ XLSForm (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("รองรับเฉพาะไฟล์ .xlsx"))
        try:
            check_size(upload.size)
        except DomainError as exc:
            raise ValidationError(exc.message) from None
        return upload


class DecisionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("เหตุผล/ข้อความถึงผู้ลงทะเบียน"),
        max_length=1000,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "1000"}),
    )
