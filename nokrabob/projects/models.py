"""Projects with plan steps and progress logs (seed 002) and provincial action plans with monthly
reports and two scored rounds (seeds 003 and 004).

Neither holds personal data: who may read or edit them is decided by org unit in ``access.py``,
not by the personal-data scope.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nokrabob.core.concurrency import Versioned
from nokrabob.core.models import OrgUnit, TimeStampedModel

ALL_MONTHS_MASK = (1 << 12) - 1


def _fy_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(fiscal_year__gte=2400, fiscal_year__lte=2700), name=f"{name}_fiscal_year_be"
    )


def _percent_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": 100}), name=f"{name}_{field}_0_100"
    )


class ProgressMode(models.TextChoices):
    STEPS = "steps", _("คำนวณจากขั้นตอนตามน้ำหนัก")
    ENTERED = "entered", _("ตามที่รายงานในบันทึกความคืบหน้าล่าสุด")


class Project(TimeStampedModel):
    code = models.CharField(_("รหัสโครงการ"), max_length=30, unique=True)
    name = models.CharField(_("ชื่อโครงการ"), max_length=400)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("หน่วยงานเจ้าของ"), on_delete=models.PROTECT, related_name="projects"
    )
    responsible_position = models.CharField(_("ผู้รับผิดชอบ (ตำแหน่ง)"), max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    rationale = models.TextField(_("หลักการและเหตุผล"), blank=True)
    objectives = models.TextField(_("วัตถุประสงค์ของโครงการ"), blank=True)
    targets = models.TextField(_("เป้าหมายของโครงการ"), blank=True)
    budget = models.DecimalField(_("งบประมาณ (บาท)"), default=Decimal(0), max_digits=14, decimal_places=2)
    budget_code = models.CharField(_("รหัสงบประมาณ"), max_length=40, blank=True)
    strategy_text = models.TextField(_("สนับสนุนยุทธศาสตร์กรุงเทพมหานคร"), blank=True)
    strategy_node = models.ForeignKey(
        "performance.StrategyNode",
        verbose_name=_("ยุทธศาสตร์ที่สนับสนุน (แผนที่ยุทธศาสตร์)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    indicators = models.ManyToManyField(
        "performance.Indicator", verbose_name=_("ตัวชี้วัดที่สนับสนุน"), blank=True, related_name="projects"
    )
    progress_mode = models.CharField(
        _("วิธีคิดความคืบหน้า"), max_length=10, choices=ProgressMode.choices, default=ProgressMode.STEPS
    )

    class Meta:
        ordering = ["-fiscal_year", "code"]
        verbose_name = _("โครงการ")
        verbose_name_plural = _("โครงการ")
        constraints = [
            _fy_check("project"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget_not_negative"),
        ]
        indexes = [models.Index(fields=["fiscal_year", "owner_unit"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlanStep(models.Model):
    """A step of a project's plan (แผนการดำเนินงาน): weight, planned and actual dates, % done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("ขั้นตอนที่"))
    name = models.CharField(_("ชื่อขั้นตอน"), max_length=300)
    weight = models.DecimalField(_("น้ำหนัก (%)"), max_digits=5, decimal_places=2)
    planned_start = models.DateField(_("เริ่มต้นตามแผน"))
    planned_end = models.DateField(_("สิ้นสุดตามแผน"))
    actual_start = models.DateField(_("เริ่มจริง"), null=True, blank=True)
    actual_end = models.DateField(_("เสร็จจริง"), null=True, blank=True)
    percent_complete = models.DecimalField(
        _("ความคืบหน้า (%)"), default=Decimal(0), max_digits=5, decimal_places=2
    )

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("ขั้นตอนการดำเนินงาน")
        verbose_name_plural = _("ขั้นตอนการดำเนินงาน")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="plan_step_number_unique"),
            _percent_check("weight", "plan_step"),
            _percent_check("percent_complete", "plan_step"),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")), name="plan_step_planned_order"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="plan_step_actual_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ProgressEntry(TimeStampedModel):
    """One line of the progress log (ผลการดำเนินงาน): date, % complete, what was done, problems."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_entries")
    reported_on = models.DateField(_("วันที่รายงาน"))
    percent = models.DecimalField(_("ความคืบหน้า (%)"), max_digits=5, decimal_places=2)
    work_done = models.TextField(_("ผลการดำเนินงาน"))
    problems = models.TextField(_("ปัญหาของโครงการ"), blank=True)
    obstacles = models.TextField(_("อุปสรรคของโครงการ"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("บันทึกความคืบหน้า")
        verbose_name_plural = _("บันทึกความคืบหน้า")
        constraints = [_percent_check("percent", "progress_entry")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.reported_on} {self.percent}%"


class ProjectOutput(models.Model):
    """A result per target group (e.g. motorcycle-taxi drivers: 847 people)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    target_group = models.CharField(_("กลุ่มเป้าหมาย"), max_length=200)
    people = models.PositiveIntegerField(_("จำนวน (ราย)"))

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("ผลการดำเนินงานรายกลุ่มเป้าหมาย")
        verbose_name_plural = _("ผลการดำเนินงานรายกลุ่มเป้าหมาย")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="project_output_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.people}"


class ProjectAssessment(TimeStampedModel):
    """The assessor's (สยป.) score of a project for one fiscal quarter."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    quarter = models.PositiveSmallIntegerField(_("ไตรมาสที่"))
    score = models.DecimalField(_("ผลการประเมิน (%)"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("ความเห็นผู้ประเมิน"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project", "quarter"]
        verbose_name = _("ผลการประเมินโครงการรายไตรมาส")
        verbose_name_plural = _("ผลการประเมินโครงการรายไตรมาส")
        constraints = [
            models.UniqueConstraint(fields=["project", "quarter"], name="project_assessment_quarter_unique"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="assessment_quarter_1_4"
            ),
            _percent_check("score", "assessment"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} Q{self.quarter}: {self.score}"


# --- Provincial action plans --------------------------------------------------------------------


class ActionPlan(TimeStampedModel):
    """A unit's (usually a provincial labour office's) action plan for one fiscal year."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("หน่วยงาน"), on_delete=models.PROTECT, related_name="action_plans"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    title = models.CharField(_("ชื่อแผน"), max_length=300)
    recorded_on = models.DateField(_("วันที่บันทึกแผนในระบบ"))
    approved_on = models.DateField(_("วันที่คณะกรรมการจังหวัดเห็นชอบและส่งเล่ม"), null=True, blank=True)
    allocation_round1 = models.DecimalField(
        _("วงเงินที่ได้รับจัดสรร รอบ 6 เดือน (บาท)"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    allocation_year = models.DecimalField(
        _("วงเงินที่ได้รับจัดสรร รอบ 12 เดือน (บาท)"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    yearly_summary = models.TextField(_("สรุปผลการดำเนินงานประจำปี"), blank=True)
    yearly_problems = models.TextField(_("ปัญหาและอุปสรรค"), blank=True)
    yearly_suggestions = models.TextField(_("ข้อเสนอแนะ"), blank=True)
    yearly_report_submitted_at = models.DateTimeField(_("ส่งรายงานประจำปีเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "unit__code"]
        verbose_name = _("แผนปฏิบัติการ")
        verbose_name_plural = _("แผนปฏิบัติการ")
        constraints = [
            models.UniqueConstraint(fields=["unit", "fiscal_year"], name="action_plan_unit_year_unique"),
            _fy_check("action_plan"),
            models.CheckConstraint(
                condition=Q(allocation_round1__isnull=True) | Q(allocation_round1__gte=0),
                name="action_plan_allocation_round1_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(allocation_year__isnull=True) | Q(allocation_year__gte=0),
                name="action_plan_allocation_year_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.fiscal_year}"


class PlanActivity(models.Model):
    """A project/activity of an action plan: target people, budget and the months it runs in.

    ``months`` is a 12-bit mask in fiscal order: bit 0 = October … bit 11 = September.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    name = models.CharField(_("โครงการ/กิจกรรม"), max_length=400)
    responsible = models.CharField(_("ผู้รับผิดชอบ"), max_length=200, blank=True)
    target_people = models.PositiveIntegerField(_("เป้าหมาย (คน)"))
    budget = models.DecimalField(_("งบประมาณ (บาท)"), max_digits=14, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("เดือนที่ดำเนินการ"), default=0)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("กิจกรรมตามแผน")
        verbose_name_plural = _("กิจกรรมตามแผน")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_activity_number_unique"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="plan_activity_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(months__gte=0, months__lte=ALL_MONTHS_MASK), name="plan_activity_months_mask"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def runs_in(self, month_number: int) -> bool:
        """Whether the activity runs in fiscal month ``month_number`` (1 = October … 12 = September)."""
        return bool(self.months & (1 << (month_number - 1)))

    @property
    def month_numbers(self) -> list[int]:
        return [n for n in range(1, 13) if self.runs_in(n)]


class MonthlyReport(Versioned, TimeStampedModel):
    """A unit's results for one fiscal month: people served and budget disbursed in that month."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.PositiveSmallIntegerField(_("เดือน (ลำดับในปีงบประมาณ)"))
    people_served = models.PositiveIntegerField(_("จำนวนผู้ได้รับการส่งเสริม คุ้มครอง และพัฒนา (คน)"))
    budget_disbursed = models.DecimalField(_("เบิกจ่ายงบประมาณในเดือน (บาท)"), max_digits=14, decimal_places=2)
    narrative = models.TextField(_("ผลการดำเนินงาน"), blank=True)
    problems = models.TextField(_("ปัญหาและอุปสรรค"), blank=True)
    submitted_at = models.DateTimeField(_("ส่งรายงานเมื่อ"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "month"]
        verbose_name = _("รายงานผลประจำเดือน")
        verbose_name_plural = _("รายงานผลประจำเดือน")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="monthly_report_plan_month_unique"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="monthly_report_month_1_12"
            ),
            models.CheckConstraint(
                condition=Q(budget_disbursed__gte=0), name="monthly_report_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.month}"


class DueDateOverride(models.Model):
    """Configuration: a due date for one fiscal month that differs from the standing rule."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    month = models.PositiveSmallIntegerField(_("เดือน (ลำดับในปีงบประมาณ)"))
    due_date = models.DateField(_("กำหนดส่ง"))
    note = models.CharField(_("หมายเหตุ"), max_length=200, blank=True)

    class Meta:
        ordering = ["fiscal_year", "month"]
        verbose_name = _("กำหนดส่งรายงานที่ต่างจากปกติ")
        verbose_name_plural = _("กำหนดส่งรายงานที่ต่างจากปกติ")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "month"], name="due_date_override_unique"),
            _fy_check("due_date_override"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="due_override_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}/{self.month}: {self.due_date}"

    def clean(self) -> None:
        """A month's due date lies inside its fiscal year and not before the month begins."""
        from django.core.exceptions import ValidationError

        from nokrabob.core.fiscal import FiscalYear
        from nokrabob.core.thai import format_be_date

        if not (self.fiscal_year and self.month and self.due_date):
            return
        try:
            fy = FiscalYear(self.fiscal_year)
            month = fy.months[self.month - 1]
        except (ValueError, IndexError):
            raise ValidationError({"month": _("เดือนต้องเป็น 1 (ตุลาคม) ถึง 12 (กันยายน)")}) from None
        if self.due_date not in fy:
            raise ValidationError(
                {
                    "due_date": _("กำหนดส่ง %(day)s อยู่นอกปีงบประมาณ %(year)s (%(start)s – %(end)s)")
                    % {
                        "day": format_be_date(self.due_date),
                        "year": self.fiscal_year,
                        "start": format_be_date(fy.start),
                        "end": format_be_date(fy.end),
                    }
                }
            )
        if self.due_date < month.start:
            raise ValidationError({"due_date": _("กำหนดส่งต้องไม่ก่อนวันแรกของเดือนที่รายงาน")})


class RoundCriterion(models.Model):
    """One row of a round's level table (seed 003): what a province must reach for a level."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    round = models.PositiveSmallIntegerField(_("รอบที่"))
    level = models.PositiveSmallIntegerField(_("ระดับ"))
    needs_plan = models.BooleanField(_("ต้องจัดทำแผนและส่งเล่มตามกำหนด"), default=False)
    needs_on_time_reports = models.BooleanField(_("ต้องรายงานผลรายเดือนตามกำหนด"), default=False)
    people_pct_min = models.DecimalField(
        _("ผู้ได้รับบริการไม่น้อยกว่า (%)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    budget_pct_min = models.DecimalField(
        _("เบิกจ่ายไม่น้อยกว่า (%)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    needs_yearly_report = models.BooleanField(_("ต้องส่งรายงานประจำปีตามกำหนด"), default=False)
    description = models.TextField(_("เกณฑ์การให้คะแนน"))

    class Meta:
        ordering = ["fiscal_year", "round", "level"]
        verbose_name = _("เกณฑ์ระดับคะแนนรายรอบ")
        verbose_name_plural = _("เกณฑ์ระดับคะแนนรายรอบ")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "round", "level"], name="round_criterion_unique"),
            _fy_check("round_criterion"),
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="round_criterion_round_1_2"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="round_criterion_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} R{self.round} L{self.level}"
