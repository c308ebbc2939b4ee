from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nokrabob.core.forms import BEDateField
from nokrabob.privacy.models import RequestKind, RequestStatus


class RequestOpenForm(forms.Form):
    national_id = forms.CharField(label=_("เลขประจำตัวประชาชนของเจ้าของข้อมูล"), max_length=20)
    kind = forms.ChoiceField(label=_("ประเภทคำขอ"), choices=RequestKind.choices)
    received_on = BEDateField(label=_("วันที่รับคำขอ"))
    channel = forms.CharField(label=_("ช่องทาง"), max_length=100, required=False)
    details = forms.CharField(
        label=_("รายละเอียดคำขอ"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RequestCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("ผล"),
        choices=[
            (RequestStatus.DONE, RequestStatus.DONE.label),
            (RequestStatus.REFUSED, RequestStatus.REFUSED.label),
        ],
    )
    outcome = forms.CharField(label=_("ผลการดำเนินการ/เหตุผล"), widget=forms.Textarea(attrs={"rows": 3}))
