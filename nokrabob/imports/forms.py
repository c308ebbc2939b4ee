from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokrabob.imports.mapping import TARGETS
from nokrabob.imports.models import MappingTemplate, SynonymKind, ValueSynonym
from nokrabob.imports.readers import ENCODINGS
from nokrabob.registry.forms import QuickSelect

ENCODING_CHOICES = [("", _("ตรวจหาอัตโนมัติ")), *ENCODINGS.items()]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์รายชื่อ (CSV หรือ XLSX)"))
    source_name = forms.CharField(
        label=_("แหล่งข้อมูล"),
        required=False,
        max_length=200,
        help_text=_("เช่น กรมการขนส่งทางบก รายชื่อผู้ขับขี่รถจักรยานยนต์รับจ้าง"),
    )
    encoding = forms.ChoiceField(label=_("การเข้ารหัสอักขระ"), choices=ENCODING_CHOICES, required=False)
    template = forms.ModelChoiceField(
        label=_("แม่แบบการจับคู่คอลัมน์"),
        queryset=MappingTemplate.objects.all(),
        required=False,
        empty_label=_("— แนะนำจากหัวตาราง —"),
    )


class MappingForm(forms.Form):
    """One select per target field, listing the file's columns."""

    encoding = forms.ChoiceField(label=_("การเข้ารหัสอักขระ"), choices=list(ENCODINGS.items()), required=False)
    source_name = forms.CharField(label=_("แหล่งข้อมูล"), required=False, max_length=200)
    save_as = forms.CharField(
        label=_("บันทึกเป็นแม่แบบชื่อ"),
        required=False,
        max_length=200,
        help_text=_("เว้นว่างหากไม่ต้องการบันทึก ใช้ซ้ำได้กับไฟล์จากแหล่งเดียวกัน"),
    )

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— ไม่ใช้ —"))] + [(str(i), h or f"#{i + 1}") for i, h in enumerate(headers)]
        for target in TARGETS:
            self.fields[f"col_{target.name}"] = forms.ChoiceField(
                label=target.label,  # type: ignore[arg-type]
                choices=choices,
                required=False,
                widget=QuickSelect,  # 19 lists of up to IMPORTS_MAX_COLUMNS columns each
            )

    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{t.name}"] for t in TARGETS]

    def mapping(self) -> dict[str, int]:
        return {
            t.name: int(self.cleaned_data[f"col_{t.name}"])
            for t in TARGETS
            if self.cleaned_data.get(f"col_{t.name}")
        }


class SynonymForm(forms.ModelForm):
    class Meta:
        model = ValueSynonym
        fields = ["kind", "text", "code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from nokrabob.registry.models import Occupation, Scheme

        self.fields["kind"] = forms.ChoiceField(label=_("ประเภท"), choices=SynonymKind.choices)
        codes = [(o.code, f"{_('อาชีพ')}: {o.name_th}") for o in Occupation.objects.all()]
        codes += [(s.code, f"{_('สวัสดิการ')}: {s.name_th}") for s in Scheme.objects.all()]
        self.fields["code"] = forms.ChoiceField(label=_("รหัสในระบบ"), choices=codes)


class ValueMapForm(forms.Form):
    """One unknown value mapped to a code: a value the batch kept (``value``), or, before an import, a
    value read from the file (``kind`` and ``text``)."""

    value = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=SynonymKind.choices, required=False, widget=forms.HiddenInput)
    text = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("รหัสในระบบ"), max_length=40, error_messages={"required": _("กรุณาเลือกรหัสในระบบ")}
    )
    back = forms.CharField(max_length=10, required=False, widget=forms.HiddenInput)


class ExportForm(forms.Form):
    """The export page's own fields; the registry list's filters come from ``registry.forms.SearchForm``."""

    columns = forms.MultipleChoiceField(
        label=_("คอลัมน์"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("เลือกคอลัมน์อย่างน้อยหนึ่งคอลัมน์")},
    )
    file_format = forms.ChoiceField(
        label=_("รูปแบบไฟล์"),
        choices=[("csv", _("CSV สำหรับ Excel (UTF-8)")), ("xlsx", _("Excel (XLSX)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    full_national_id = forms.BooleanField(label=_("ใส่เลขประจำตัวประชาชนเต็ม (ไม่ปิดบัง)"), required=False)
    purpose = forms.CharField(
        label=_("วัตถุประสงค์ของการส่งออก"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("เช่น ส่งรายชื่อผู้มีสิทธิให้สำนักงานประกันสังคมเพื่อชวนสมัครมาตรา 40 (บันทึกไว้ในบันทึกการใช้งาน)"),
        error_messages={"required": _("โปรดระบุวัตถุประสงค์ของการส่งออก")},
    )

    def __init__(self, *args: Any, full_ids_allowed: bool, **kwargs: Any) -> None:
        from nokrabob.imports import exports

        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        labels = exports.column_labels()
        field = self.fields["columns"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c, labels[c]) for c in exports.OPTIONAL_COLUMNS]
        field.initial = list(exports.DEFAULT_COLUMNS)
        if not full_ids_allowed:
            del self.fields["full_national_id"]
