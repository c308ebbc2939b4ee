"""Forms of the indicator pages. They only parse input; the rules live in ``services``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokrabob.core.concurrency import VersionFields
from nokrabob.core.forms import BEDateField, NumberTextInput, TypedDecimalField, TypedIntegerField
from nokrabob.core.models import OrgUnit
from nokrabob.performance.measures import measure_choices
from nokrabob.performance.models import (
    AgreementComponent,
    EvidenceItem,
    Indicator,
    IndicatorCategory,
    MeasureKind,
    MeasureUnit,
    MilestoneKind,
    NodeKind,
    ResultLevel,
    ScoredFrom,
    StrategyNode,
)


def _decimal(label: Any, *, places: int = 2, required: bool = False, **kwargs: Any) -> forms.DecimalField:
    return TypedDecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=places,
        widget=NumberTextInput(decimal=True),
        **kwargs,
    )


class ResultForm(VersionFields):
    result = _decimal(_("ผลงาน"))
    numerator = _decimal(_("ตัวตั้ง"))
    denominator = _decimal(_("ตัวหาร"))
    level = _decimal(_("ระดับที่ทำได้ (0–5)"))
    cumulative_target = _decimal(_("เป้าหมายสะสม"))
    as_of = BEDateField(label=_("ข้อมูล ณ วันที่"), required=False)
    narrative = forms.CharField(
        label=_("รายงานผลการดำเนินงาน"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, measure_kind: str = MeasureKind.NUMBER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if measure_kind != MeasureKind.FORMULA:
            del self.fields["numerator"]
            del self.fields["denominator"]
        else:
            self.fields["result"].help_text = _("เว้นว่างได้ ระบบคำนวณจากตัวตั้งและตัวหาร")
        if measure_kind != MeasureKind.MILESTONE:
            del self.fields["level"]


class AssessmentForm(forms.Form):
    score = _decimal(_("ผลประเมิน (0–100)"))
    score_21 = _decimal(_("ผลประเมิน 2.1 (0–100)"))
    score_22 = _decimal(_("ผลประเมิน 2.2 (0–100)"))
    level = _decimal(_("ระดับที่ประเมินได้ (0–5)"), help_text=_("เว้นว่างเพื่อใช้ระดับที่คำนวณจากผลงาน"))
    comment = forms.CharField(
        label=_("ความเห็นผู้ประเมิน"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    until = BEDateField(label=_("เปิดให้แก้ไขถึงวันที่"))
    reason = forms.CharField(label=_("เหตุผล"), widget=forms.Textarea(attrs={"rows": 2}))
    refresh_snapshot = forms.BooleanField(
        label=_("บันทึกค่าที่วัดจากทะเบียนของไตรมาสนี้ใหม่ (ค่าเดิมเก็บไว้เป็นประวัติ)"), required=False
    )


class EvidenceForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("รายการหลักฐาน (ระดับที่ยืนยัน)"),
        queryset=EvidenceItem.objects.none(),
        required=False,
        empty_label=_("— หลักฐานอื่น —"),
    )
    title = forms.CharField(
        label=_("ชื่อหลักฐาน"), max_length=300, required=False, help_text=_("เว้นว่างได้เมื่อเลือกรายการหลักฐาน")
    )
    quarter = forms.TypedChoiceField(
        label=_("ไตรมาส"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("ทั้งปี"))] + [(q, str(q)) for q in range(1, 5)],
    )
    file = forms.FileField(label=_("ไฟล์"))

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        field.queryset = indicator.evidence_items.all()  # type: ignore[attr-defined]
        field.label_from_instance = evidence_item_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("item") and not (data.get("title") or "").strip():
            self.add_error("title", _("ตั้งชื่อหลักฐาน หรือเลือกรายการหลักฐาน"))
        return data


def evidence_item_label(item: EvidenceItem) -> str:
    if item.level:
        return str(
            _("%(n)s. %(title)s (ระดับ %(level)s)")
            % {"n": item.number, "title": item.title, "level": item.level}
        )
    return str(_("%(n)s. %(title)s (ทุกระดับ)") % {"n": item.number, "title": item.title})


class MilestoneForm(forms.Form):
    # Publication and API access are read from the records (``measures.database_level``): only the
    # definition of the database is still recorded by hand.
    kind = forms.ChoiceField(
        label=_("ขั้นตอน"),
        choices=[(MilestoneKind.DATABASE_DEFINED.value, MilestoneKind.DATABASE_DEFINED.label)],
    )
    fiscal_year = TypedIntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2400, max_value=2700)
    achieved_on = BEDateField(label=_("วันที่แล้วเสร็จ"))
    note = forms.CharField(label=_("รายละเอียด"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(forms.Form):
    """An indicator with its 5-level table (seed 004's เกณฑ์การให้คะแนน) in one form."""

    fiscal_year = TypedIntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2400, max_value=2700)
    code = forms.CharField(label=_("รหัสตัวชี้วัด"), max_length=40)
    name = forms.CharField(label=_("ชื่อตัวชี้วัด"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = forms.ModelChoiceField(label=_("หน่วยงานหลัก"), queryset=OrgUnit.objects.none())
    owner_units = forms.ModelMultipleChoiceField(
        label=_("หน่วยงานร่วม (ตัวชี้วัดร่วม)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    category = forms.ChoiceField(label=_("ประเภทตัวชี้วัด"), choices=IndicatorCategory.choices)
    result_level = forms.ChoiceField(label=_("ระดับของผล"), choices=ResultLevel.choices)
    component = forms.ModelChoiceField(
        label=_("องค์ประกอบ"), queryset=AgreementComponent.objects.none(), required=False
    )
    unit_of_measure = forms.ChoiceField(label=_("หน่วยนับ"), choices=MeasureUnit.choices)
    target = _decimal(_("ค่าเป้าหมาย"))
    target_text = forms.CharField(label=_("เป้าหมาย (ข้อความ)"), max_length=300, required=False)
    achieved = _decimal(_("ผลงานที่ทำได้ (ทั้งปี)"), help_text=_("เว้นว่างเพื่อใช้ผลงานของไตรมาสล่าสุด"))
    weight = _decimal(_("น้ำหนักคะแนน"), required=True, initial=Decimal("0"))
    measure_kind = forms.ChoiceField(label=_("วิธีวัดผล"), choices=MeasureKind.choices)
    numerator_label = forms.CharField(label=_("ตัวตั้ง"), max_length=300, required=False)
    denominator_label = forms.CharField(label=_("ตัวหาร"), max_length=300, required=False)
    factor = _decimal(_("ตัวคูณ"), required=True, initial=Decimal("100"))
    live_measure = forms.ChoiceField(label=_("ตัววัดจากฐานข้อมูล"), required=False)
    interpolate = forms.BooleanField(label=_("คิดคะแนนแบบเทียบสัดส่วนระหว่างระดับ"), required=False)
    scored_from = forms.ChoiceField(
        label=_("ตัวเลขที่ใช้คิดคะแนน"),
        choices=[("", _("ตามวิธีวัดผล (คำนวณจากทะเบียน: ค่าที่วัดได้ · อื่น ๆ: ผลที่รายงาน)")), *ScoredFrom.choices],
        required=False,
    )
    report_due_days = TypedIntegerField(
        label=_("กำหนดส่งผล (วันหลังสิ้นไตรมาส)"), min_value=0, max_value=120, initial=15
    )
    strategy_nodes = forms.ModelMultipleChoiceField(
        label=_("สนับสนุนยุทธศาสตร์"),
        queryset=StrategyNode.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    definition = forms.CharField(label=_("นิยาม"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    calculation_method = forms.CharField(
        label=_("วิธีการคำนวณ/เกณฑ์การประเมิน"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_required = forms.CharField(
        label=_("หลักฐานที่ต้องจัดเก็บ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    data_source = forms.CharField(
        label=_("วิธีการเก็บข้อมูล/แหล่งข้อมูล"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LEVELS = (5, 4, 3, 2, 1)
    BASELINE_ROWS = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(is_active=True).exclude(kind="provincial_labour_office")
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["owner_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["component"].queryset = AgreementComponent.objects.select_related(  # type: ignore[attr-defined]
            "agreement"
        )
        self.fields["strategy_nodes"].queryset = StrategyNode.objects.order_by(  # type: ignore[attr-defined]
            "sort_order", "code"
        )
        self.fields["live_measure"].choices = [("", "—"), *measure_choices()]  # type: ignore[attr-defined]
        self._add_baseline_fields()
        for level in self.LEVELS:
            self.fields[f"level_{level}_percent"] = _decimal(
                _("ระดับ %(n)s: ร้อยละ") % {"n": level}, min_value=Decimal("0")
            )
            self.fields[f"level_{level}_criterion"] = forms.CharField(
                label=_("ระดับ %(n)s: วิธีวัดผลการดำเนินงาน") % {"n": level},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def _add_baseline_fields(self) -> None:
        for n in range(1, self.BASELINE_ROWS + 1):
            self.fields[f"baseline_{n}_year"] = TypedIntegerField(
                label=_("ปี พ.ศ."), required=False, min_value=2400, max_value=2700
            )
            self.fields[f"baseline_{n}_value"] = _decimal(_("ผลงาน"))
            self.fields[f"baseline_{n}_text"] = forms.CharField(
                label=_("ผลงาน (ข้อความ)"), max_length=300, required=False
            )

    def baseline_rows(self) -> list[tuple[int, Decimal | None, str]]:
        rows = []
        for n in range(1, self.BASELINE_ROWS + 1):
            year = self.cleaned_data.get(f"baseline_{n}_year")
            value = self.cleaned_data.get(f"baseline_{n}_value")
            text = self.cleaned_data.get(f"baseline_{n}_text", "")
            if year is None:
                if value is not None or text:
                    self.add_error(f"baseline_{n}_year", _("ระบุปี พ.ศ. ของข้อมูลพื้นฐาน"))
                continue
            rows.append((year, value, text))
        return rows

    def baseline_fields(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"baseline_{n}_year"], self[f"baseline_{n}_value"], self[f"baseline_{n}_text"])
            for n in range(1, self.BASELINE_ROWS + 1)
        ]

    def level_rows(self) -> list[tuple[int, Decimal, str]]:
        """Levels with a threshold; the score of each is weight × level / 5 and is not entered."""
        rows = []
        for level in self.LEVELS:
            pct = self.cleaned_data.get(f"level_{level}_percent")
            criterion = self.cleaned_data.get(f"level_{level}_criterion", "")
            if pct is None:
                if criterion:
                    self.add_error(f"level_{level}_percent", _("กรอกร้อยละของระดับนี้"))
                continue
            rows.append((level, pct, criterion))
        return rows

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(("level_", "baseline_"))]

    def level_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (level, self[f"level_{level}_percent"], self[f"level_{level}_criterion"]) for level in self.LEVELS
        ]


class StrategyNodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("ประเภท"), choices=NodeKind.choices)
    parent = forms.ModelChoiceField(
        label=_("อยู่ภายใต้"), queryset=StrategyNode.objects.order_by("sort_order", "code"), required=False
    )
    code = forms.CharField(label=_("รหัส/ลำดับ"), max_length=40, required=False)
    title = forms.CharField(label=_("ชื่อ"), max_length=500)


FISCAL_MONTHS = [
    (n, label)
    for n, label in enumerate(
        ("ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."),
        start=1,
    )
]


class ActionStepForm(forms.Form):
    """One row of the action plan editor (a blank row is skipped)."""

    title = forms.CharField(
        label=_("ขั้นตอนการดำเนินงาน"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 50})
    )
    units = forms.CharField(label=_("หน่วยงานที่รับผิดชอบ"), max_length=100, required=False)
    start_month = forms.TypedChoiceField(label=_("เริ่ม"), choices=FISCAL_MONTHS, coerce=int, initial=1)
    end_month = forms.TypedChoiceField(label=_("ถึง"), choices=FISCAL_MONTHS, coerce=int, initial=1)
    level = forms.TypedChoiceField(
        label=_("ระดับที่ได้"),
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )


ActionStepFormSet = forms.formset_factory(ActionStepForm, extra=2)


class StepProgressForm(forms.Form):
    progress = _decimal(
        _("ความคืบหน้า (ร้อยละ)"), required=True, min_value=Decimal("0"), max_value=Decimal("100")
    )
    done_on = BEDateField(label=_("เสร็จเมื่อ"), required=False)
    note = forms.CharField(label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
