"""The DPO's search of the trail, and the two reports' forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditAction
from nokrabob.audit.selectors import Search
from nokrabob.core.forms import BEDateField
from nokrabob.registry.rules.national_id import validate_national_id

# A report covers at most this many days (a PDPA incident is reported within 72 hours; a year is plenty).
MAX_DAYS = 366


class AuditSearchForm(forms.Form):
    national_id = forms.CharField(label=_("เลขประจำตัวประชาชนของบุคคล"), required=False, max_length=20)
    actor = forms.CharField(label=_("บัญชีผู้ใช้"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("การกระทำ"), required=False)
    ip = forms.GenericIPAddressField(label=_("ที่อยู่ IP"), required=False)
    date_from = BEDateField(label=_("ตั้งแต่วันที่"), required=False)
    date_to = BEDateField(label=_("ถึงวันที่"), required=False)
    role = forms.ChoiceField(label=_("บทบาทของผู้ใช้"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("ทุกการกระทำ")), *AuditAction.choices]
        if user.role == Role.ADMIN:  # the DPO's own rows are the admin's to review
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [("", _("ทุกบทบาท")), *Role.choices]
        else:
            del self.fields["role"]
        self.fields["national_id"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_national_id(self) -> str:
        value = self.cleaned_data["national_id"].strip()
        return validate_national_id(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("วันที่เริ่มต้องไม่หลังวันที่สิ้นสุด"))
        return data

    def search(self, person_ids: list[int] | None) -> Search:
        data = self.cleaned_data
        return Search(
            person_ids=person_ids,
            actor=data.get("actor", ""),
            action=data.get("action", ""),
            ip=data.get("ip") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            role=data.get("role", ""),
        )


class PeriodForm(forms.Form):
    """A report's period: by default the last 30 days."""

    date_from = BEDateField(label=_("ตั้งแต่วันที่"), required=False)
    date_to = BEDateField(label=_("ถึงวันที่"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("date_to") or today
        start = data.get("date_from") or end - dt.timedelta(days=30)
        if start > end:
            raise ValidationError(_("วันที่เริ่มต้องไม่หลังวันที่สิ้นสุด"))
        if (end - start).days > MAX_DAYS:
            raise ValidationError(_("รายงานหนึ่งฉบับครอบคลุมได้ไม่เกิน %(n)s วัน") % {"n": MAX_DAYS})
        data["date_from"], data["date_to"] = start, end
        return data


class WhoSawForm(PeriodForm):
    national_id = forms.CharField(label=_("เลขประจำตัวประชาชนของบุคคล"), max_length=20)
    field_order = ["national_id", "date_from", "date_to"]

    def clean_national_id(self) -> str:
        return validate_national_id(self.cleaned_data["national_id"].strip())


class BreachForm(PeriodForm):
    actor = forms.CharField(label=_("บัญชีผู้ใช้"), required=False, max_length=150)
    ip = forms.GenericIPAddressField(label=_("ที่อยู่ IP"), required=False)
    field_order = ["actor", "ip", "date_from", "date_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("actor") and not data.get("ip"):
            raise ValidationError(_("ระบุบัญชีผู้ใช้หรือที่อยู่ IP อย่างน้อยหนึ่งอย่าง"))
        return data
