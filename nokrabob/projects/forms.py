"""Forms for projects and action plans. Every date is Buddhist Era; the rules live in the services,
which put their message on the field; the forms only parse what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nokrabob.core.concurrency import VersionFields
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.forms import BEDateField, TypedDecimalField, TypedIntegerField
from nokrabob.core.models import OrgUnit
from nokrabob.core.thai import THAI_MONTHS_ABBR
from nokrabob.performance.models import Indicator, StrategyNode
from nokrabob.projects import access
from nokrabob.projects.models import ProgressMode

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def fiscal_year_choices(around: int | None = None) -> list[tuple[int, int]]:
    current = around or FiscalYear.current().be
    return [(y, y) for y in range(current + 1, current - 8, -1)]


def only_own_unit(field: forms.Field, user: Any) -> None:
    """Offer the units the user may edit; a user of one unit gets it chosen already."""
    units = access.editable_units(user)
    field.queryset = units  # type: ignore[attr-defined]
    if units.count() == 1:
        field.initial = units.first()
        field.empty_label = None  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("รหัสโครงการ"), max_length=30)
    name = forms.CharField(label=_("ชื่อโครงการ"), max_length=400)
    owner_unit = forms.ModelChoiceField(label=_("หน่วยงานเจ้าของ"), queryset=OrgUnit.objects.none())
    fiscal_year = forms.TypedChoiceField(label=_("ปีงบประมาณ (พ.ศ.)"), coerce=int, choices=())
    responsible_position = forms.CharField(label=_("ผู้รับผิดชอบ (ตำแหน่ง)"), max_length=200, required=False)
    budget = TypedDecimalField(label=_("งบประมาณ (บาท)"), max_digits=14, decimal_places=2, required=False)
    budget_code = forms.CharField(label=_("รหัสงบประมาณ"), max_length=40, required=False)
    progress_mode = forms.ChoiceField(label=_("วิธีคิดความคืบหน้า"), choices=ProgressMode.choices)
    rationale = forms.CharField(label=_("หลักการและเหตุผล"), widget=TEXTAREA, required=False)
    objectives = forms.CharField(label=_("วัตถุประสงค์ของโครงการ"), widget=TEXTAREA, required=False)
    targets = forms.CharField(label=_("เป้าหมายของโครงการ"), widget=TEXTAREA, required=False)
    strategy_node = forms.ModelChoiceField(
        label=_("ยุทธศาสตร์ที่สนับสนุน (แผนที่ยุทธศาสตร์)"),
        queryset=StrategyNode.objects.none(),
        required=False,
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("ตัวชี้วัดที่สนับสนุน"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    strategy_text = forms.CharField(label=_("สนับสนุนยุทธศาสตร์ (ข้อความ)"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        only_own_unit(self.fields["owner_unit"], user)
        self.fields["fiscal_year"].choices = fiscal_year_choices()  # type: ignore[attr-defined]
        self.fields["strategy_node"].queryset = StrategyNode.objects.all()  # type: ignore[attr-defined]
        self.fields["indicators"].queryset = Indicator.objects.order_by(  # type: ignore[attr-defined]
            "-fiscal_year", "code"
        )
        self.fields["indicators"].label_from_instance = lambda i: f"{i.code} ({i.fiscal_year}) {i.name}"[:120]  # type: ignore[attr-defined]


class StepForm(forms.Form):
    name = forms.CharField(label=_("ชื่อขั้นตอน"), max_length=300)
    weight = TypedDecimalField(label=_("น้ำหนัก (%)"), max_digits=5, decimal_places=2)
    planned_start = BEDateField(label=_("เริ่มต้นตามแผน"))
    planned_end = BEDateField(label=_("สิ้นสุดตามแผน"))
    actual_start = BEDateField(label=_("เริ่มจริง"), required=False)
    actual_end = BEDateField(label=_("เสร็จจริง"), required=False)
    percent_complete = TypedDecimalField(label=_("ความคืบหน้า (%)"), max_digits=5, decimal_places=2, initial=0)


class ProgressForm(forms.Form):
    reported_on = BEDateField(label=_("วันที่รายงาน"))
    percent = TypedDecimalField(label=_("ความคืบหน้าโครงการ (%)"), max_digits=5, decimal_places=2)
    work_done = forms.CharField(label=_("ผลการดำเนินงาน"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label=_("ปัญหาของโครงการ"), widget=TEXTAREA, required=False)
    obstacles = forms.CharField(label=_("อุปสรรคของโครงการ"), widget=TEXTAREA, required=False)


class AssessmentForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("ไตรมาสที่"), coerce=int, choices=[(q, q) for q in range(1, 5)])
    score = TypedDecimalField(label=_("ผลการประเมิน (%)"), max_digits=5, decimal_places=2)
    comment = forms.CharField(label=_("ความเห็นผู้ประเมิน"), widget=TEXTAREA, required=False)


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("หน่วยงาน"), queryset=OrgUnit.objects.none())
    fiscal_year = forms.TypedChoiceField(label=_("ปีงบประมาณ (พ.ศ.)"), coerce=int, choices=())
    title = forms.CharField(label=_("ชื่อแผน"), max_length=300, required=False)
    approved_on = BEDateField(
        label=_("วันที่คณะกรรมการจังหวัดเห็นชอบและส่งเล่ม"),
        required=False,
        help_text=_("กำหนดภายในวันที่ 30 พฤศจิกายน"),
    )
    allocation_round1 = TypedDecimalField(
        label=_("วงเงินที่ได้รับจัดสรร รอบ 6 เดือน (บาท)"), max_digits=14, decimal_places=2, required=False
    )
    allocation_year = TypedDecimalField(
        label=_("วงเงินที่ได้รับจัดสรร รอบ 12 เดือน (บาท)"), max_digits=14, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        only_own_unit(self.fields["unit"], user)
        self.fields["fiscal_year"].choices = fiscal_year_choices()  # type: ignore[attr-defined]
        if editing:
            del self.fields["unit"]
            del self.fields["fiscal_year"]


MONTH_CHOICES = [(str(i + 1), THAI_MONTHS_ABBR[(i + 9) % 12]) for i in range(12)]


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("โครงการ/กิจกรรม"), max_length=400)
    responsible = forms.CharField(label=_("ผู้รับผิดชอบ"), max_length=200, required=False)
    target_people = TypedIntegerField(label=_("เป้าหมาย (คน)"))
    budget = TypedDecimalField(label=_("งบประมาณ (บาท)"), max_digits=14, decimal_places=2)
    months = forms.MultipleChoiceField(
        label=_("เดือนที่ดำเนินการ"),
        choices=MONTH_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MonthlyReportForm(VersionFields):
    people_served = TypedIntegerField(label=_("จำนวนผู้ได้รับการส่งเสริม คุ้มครอง และพัฒนาในเดือนนี้ (คน)"))
    budget_disbursed = TypedDecimalField(
        label=_("เบิกจ่ายงบประมาณในเดือนนี้ (บาท)"), max_digits=14, decimal_places=2
    )
    narrative = forms.CharField(
        label=_("ผลการดำเนินงาน"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    problems = forms.CharField(label=_("ปัญหาและอุปสรรค"), widget=TEXTAREA, required=False)


class YearlyReportForm(forms.Form):
    summary = forms.CharField(label=_("สรุปผลการดำเนินงานประจำปี"), widget=forms.Textarea(attrs={"rows": 6}))
    problems = forms.CharField(label=_("ปัญหาและอุปสรรค"), widget=TEXTAREA, required=False)
    suggestions = forms.CharField(label=_("ข้อเสนอแนะ"), widget=TEXTAREA, required=False)


class DisbursementUploadForm(forms.Form):
    """The finance system's export and which of its columns hold the month, the amount and the unit."""

    file = forms.FileField(label=_("ไฟล์ที่ส่งออกจากระบบการเงิน (.xlsx หรือ .csv)"))
    month_column = forms.CharField(
        label=_("คอลัมน์เดือน"),
        initial="เดือน",
        max_length=100,
        help_text=_("ชื่อหัวคอลัมน์หรือตัวอักษรคอลัมน์ (เช่น B): วันที่ ชื่อเดือน หรืองวด 1–12 (1 = ตุลาคม)"),
    )
    amount_column = forms.CharField(label=_("คอลัมน์จำนวนเงินเบิกจ่าย"), initial="จำนวนเงิน", max_length=100)
    unit_column = forms.CharField(
        label=_("คอลัมน์รหัสหน่วยงาน (ถ้ามี)"),
        required=False,
        max_length=100,
        help_text=_("ถ้าระบุ ทุกแถวต้องเป็นของหน่วยงานเจ้าของแผนนี้"),
    )
