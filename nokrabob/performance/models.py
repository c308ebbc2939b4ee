"""Strategy map, indicators, quarterly results and assessments (seeds 000, 001, 004).

An indicator belongs to one fiscal year (ปีงบประมาณ, Buddhist Era). It is measured one of four ways:
a reported number, a formula (numerator / denominator × factor), milestone levels 1–5, or live from the
registry through a named measure (``nokrabob.performance.measures``). Results are entered per fiscal
quarter; the Strategy and Evaluation Department (สยป.) records its assessment per quarter.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokrabob.core.concurrency import Versioned
from nokrabob.core.models import TimeStampedModel
from nokrabob.performance.scoring import score as weighted_score

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
LEVEL_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))]


# ── Strategy map ─────────────────────────────────────────────────────────────────────────────


class NodeKind(models.TextChoices):
    PLAN = "plan", _("แผนพัฒนา")
    STRATEGY = "strategy", _("ยุทธศาสตร์ (ด้าน)")
    SUB_STRATEGY = "sub_strategy", _("ยุทธศาสตร์ย่อย")
    DIMENSION = "dimension", _("มิติ")
    GOAL = "goal", _("เป้าประสงค์")
    TACTIC = "tactic", _("กลยุทธ์")
    POLICY_GROUP = "policy_group", _("มิตินโยบายผู้ว่าราชการ")
    POLICY = "policy", _("นโยบายผู้ว่าราชการกรุงเทพมหานคร")
    OBJECTIVE = "objective", _("วัตถุประสงค์หลัก (Objective)")
    KEY_RESULT = "key_result", _("ตัววัดผลหลัก (Key Result)")


class StrategyNode(TimeStampedModel):
    """One node of the strategy map: plan → strategy → dimension → goal → tactic, policies and OKRs."""

    kind = models.CharField(_("ประเภท"), max_length=20, choices=NodeKind.choices)
    code = models.CharField(_("รหัส/ลำดับ"), max_length=40, blank=True)
    title = models.CharField(_("ชื่อ"), max_length=500)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("อยู่ภายใต้"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("รายละเอียด"), blank=True)
    sort_order = models.PositiveIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["sort_order", "code", "id"]
        verbose_name = _("แผนที่ยุทธศาสตร์")
        verbose_name_plural = _("แผนที่ยุทธศาสตร์")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "kind", "code"],
                condition=~Q(code=""),
                name="perf_strategynode_code_once_per_parent",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NodeKind.values), name="perf_strategynode_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


# ── Performance agreements (seed 004) ────────────────────────────────────────────────────────


class PerformanceAgreement(TimeStampedModel):
    """A unit's yearly performance agreement (ตัวชี้วัดเจรจาตกลง), grouped into weighted components."""

    unit = models.ForeignKey(
        "core.OrgUnit", verbose_name=_("หน่วยงาน"), on_delete=models.PROTECT, related_name="+"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    title = models.CharField(_("ชื่อ"), max_length=300)

    class Meta:
        ordering = ["-fiscal_year", "unit"]
        verbose_name = _("คำรับรองการปฏิบัติราชการ")
        verbose_name_plural = _("คำรับรองการปฏิบัติราชการ")
        constraints = [
            models.UniqueConstraint(fields=["unit", "fiscal_year"], name="perf_agreement_once_per_unit_year")
        ]

    def __str__(self) -> str:
        return self.title


class AgreementComponent(models.Model):
    """A component of an agreement (1.1 Function base, 1.2 Joint KPIs, 1.3 Agenda base) and its weight."""

    agreement = models.ForeignKey(
        PerformanceAgreement, on_delete=models.CASCADE, related_name="components", verbose_name=_("คำรับรอง")
    )
    code = models.CharField(_("องค์ประกอบ"), max_length=10)
    name = models.CharField(_("ชื่อองค์ประกอบ"), max_length=300)
    weight = models.DecimalField(_("น้ำหนัก (คะแนน)"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["agreement", "code"]
        verbose_name = _("องค์ประกอบการประเมิน")
        verbose_name_plural = _("องค์ประกอบการประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="perf_component_code_once"),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100),
                name="perf_component_weight_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# ── Indicators ───────────────────────────────────────────────────────────────────────────────


class IndicatorCategory(models.TextChoices):
    STRATEGIC = "strategic", _("ตัวชี้วัดเชิงยุทธศาสตร์")
    ROUTINE = "routine", _("ตัวชี้วัดงานประจำ")


class ResultLevel(models.TextChoices):
    OUTPUT = "output", _("ตัวชี้วัดระดับผลผลิต (output)")
    OUTCOME = "outcome", _("ตัวชี้วัดระดับผลลัพธ์ (outcome)")


class MeasureUnit(models.TextChoices):
    PEOPLE = "people", _("คน")
    GROUPS = "groups", _("กลุ่ม")
    PERCENT = "percent", _("ร้อยละ")
    LEVEL = "level", _("ระดับ")
    COMMUNITIES = "communities", _("ชุมชน")
    ITEMS = "items", _("รายการ")


class MeasureKind(models.TextChoices):
    NUMBER = "number", _("ตัวเลขที่รายงาน")
    FORMULA = "formula", _("สูตร (ตัวตั้ง / ตัวหาร × ตัวคูณ)")
    MILESTONE = "milestone", _("ระดับความสำเร็จ 1–5")
    LIVE = "live", _("คำนวณจากฐานข้อมูลทะเบียน")


class ScoredFrom(models.TextChoices):
    """Which figure of an indicator the level and score come from (the other is shown beside it)."""

    REPORTED = "reported", _("ผลที่หน่วยงานรายงาน")
    MEASURED = "measured", _("ค่าที่วัดจากฐานข้อมูลทะเบียน")


class Indicator(TimeStampedModel):
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"), db_index=True)
    code = models.CharField(_("รหัสตัวชี้วัด"), max_length=40)
    name = models.CharField(_("ชื่อตัวชี้วัด"), max_length=500)
    lead_unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("หน่วยงานหลัก"),
        on_delete=models.PROTECT,
        related_name="led_indicators",
    )
    owner_units = models.ManyToManyField(
        "core.OrgUnit",
        blank=True,
        related_name="indicators",
        verbose_name=_("หน่วยงานรับผิดชอบ"),
        help_text=_("ตัวชี้วัดร่วม (Joint KPIs) มีหลายหน่วยงาน"),
    )
    category = models.CharField(
        _("ประเภทตัวชี้วัด"),
        max_length=20,
        choices=IndicatorCategory.choices,
        default=IndicatorCategory.STRATEGIC,
    )
    result_level = models.CharField(
        _("ระดับของผล"), max_length=10, choices=ResultLevel.choices, default=ResultLevel.OUTPUT
    )
    component = models.ForeignKey(
        AgreementComponent,
        verbose_name=_("องค์ประกอบ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    unit_of_measure = models.CharField(_("หน่วยนับ"), max_length=20, choices=MeasureUnit.choices)
    target = models.DecimalField(_("ค่าเป้าหมาย"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_text = models.CharField(_("เป้าหมาย (ข้อความ)"), max_length=300, blank=True)
    achieved = models.DecimalField(
        _("ผลงานที่ทำได้ (ทั้งปี)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("เว้นว่างเพื่อใช้ผลงานของไตรมาสล่าสุด"),
    )
    weight = models.DecimalField(
        _("น้ำหนักคะแนน"), max_digits=6, decimal_places=2, default=Decimal("0"), validators=PERCENT_VALIDATORS
    )
    definition = models.TextField(_("นิยาม"), blank=True)
    calculation_method = models.TextField(_("วิธีการคำนวณ/เกณฑ์การประเมิน"), blank=True)
    evidence_required = models.TextField(_("หลักฐานที่ต้องจัดเก็บ"), blank=True)
    data_source = models.TextField(_("วิธีการเก็บข้อมูล/แหล่งข้อมูล"), blank=True)

    measure_kind = models.CharField(
        _("วิธีวัดผล"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.NUMBER
    )
    numerator_label = models.CharField(_("ตัวตั้ง"), max_length=300, blank=True)
    denominator_label = models.CharField(_("ตัวหาร"), max_length=300, blank=True)
    factor = models.DecimalField(_("ตัวคูณ"), max_digits=10, decimal_places=2, default=Decimal("100"))
    live_measure = models.CharField(_("ตัววัดจากฐานข้อมูล"), max_length=60, blank=True)
    interpolate = models.BooleanField(_("คิดคะแนนแบบเทียบสัดส่วนระหว่างระดับ"), default=False)
    scored_from = models.CharField(
        _("ตัวเลขที่ใช้คิดคะแนน"),
        max_length=10,
        choices=ScoredFrom.choices,
        default=ScoredFrom.REPORTED,
        help_text=_("ตัวชี้วัดที่คำนวณจากฐานข้อมูลทะเบียนเลือกได้ว่าจะคิดคะแนนจากค่าที่วัดได้หรือผลที่หน่วยงานรายงาน"),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("กำหนดส่งผล (วันหลังสิ้นไตรมาส)"), default=15, validators=[MaxValueValidator(120)]
    )

    summary = models.TextField(_("สรุปผลการดำเนินงาน"), blank=True)
    supporting_factors = models.TextField(_("ปัจจัยสนับสนุนการดำเนินงาน"), blank=True)
    obstacles = models.TextField(_("อุปสรรคต่อการดำเนินงาน"), blank=True)

    strategy_nodes = models.ManyToManyField(
        StrategyNode, blank=True, related_name="indicators", verbose_name=_("สนับสนุนยุทธศาสตร์")
    )
    sort_order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    is_active = models.BooleanField(_("ใช้งาน"), default=True)
    action_plan_title = models.CharField(_("ชื่อแผนการดำเนินงาน"), max_length=300, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "sort_order", "code"]
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="perf_indicator_code_once_per_year"),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100),
                name="perf_indicator_weight_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(measure_kind="live") | ~Q(live_measure=""),
                name="perf_indicator_live_needs_measure",
            ),
            models.CheckConstraint(
                condition=Q(measure_kind__in=MeasureKind.values),
                name="perf_indicator_measure_kind_known",
            ),
            models.CheckConstraint(condition=Q(report_due_days__lte=120), name="perf_indicator_due_days_max"),
            models.CheckConstraint(
                condition=Q(scored_from__in=ScoredFrom.values), name="perf_indicator_scored_from_known"
            ),
        ]

    @property
    def is_measured(self) -> bool:
        return self.measure_kind == MeasureKind.LIVE

    @property
    def scores_measured(self) -> bool:
        """True when the registry's figure is the one scored (only a live indicator can be)."""
        return self.is_measured and self.scored_from == ScoredFrom.MEASURED

    def get_absolute_url(self) -> str:
        return reverse("performance:indicator_detail", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorBaseline(models.Model):
    """The result of a past fiscal year (ข้อมูลพื้นฐาน / ผลการดำเนินงานย้อนหลัง)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    value = models.DecimalField(_("ผลงาน"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.CharField(_("ผลงาน (ข้อความ)"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "fiscal_year"]
        verbose_name = _("ข้อมูลพื้นฐาน")
        verbose_name_plural = _("ข้อมูลพื้นฐาน")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="perf_baseline_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.fiscal_year}"


class LevelCriterion(models.Model):
    """One row of a 5-level scoring table: level → % of success → what must be done → score."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("ระดับความสำเร็จ"))
    percent = models.DecimalField(
        _("เกณฑ์ร้อยละความสำเร็จ"), max_digits=6, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    criterion = models.TextField(_("วิธีวัดผลการดำเนินงาน"), blank=True)

    class Meta:
        ordering = ["indicator", "-level"]
        verbose_name = _("เกณฑ์การให้คะแนน")
        verbose_name_plural = _("เกณฑ์การให้คะแนน")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="perf_level_once_per_indicator"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=5), name="perf_level_1_to_5"),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="perf_level_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} ระดับ {self.level}"

    @property
    def score(self) -> Decimal:
        """คะแนนที่ได้รับ: always weight × level / 5, the one rule ``scoring.score`` applies (never stored)."""
        return weighted_score(self.indicator.weight, self.level)


class QuarterResult(Versioned, TimeStampedModel):
    """What a unit reports for one quarter: result, cumulative target, narrative (รายงานผลฯ ไตรมาสที่ n)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    result = models.DecimalField(_("ผลงาน"), max_digits=14, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(_("ตัวตั้ง"), max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("ตัวหาร"), max_digits=14, decimal_places=2, null=True, blank=True)
    level = models.DecimalField(
        _("ระดับที่ทำได้"), max_digits=4, decimal_places=2, null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    cumulative_target = models.DecimalField(
        _("เป้าหมายสะสม"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(_("รายงานผลการดำเนินงาน"), blank=True)
    as_of = models.DateField(_("ข้อมูล ณ วันที่"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("รายงานเมื่อ"), null=True, blank=True)
    reopened_until = models.DateField(_("เปิดให้แก้ไขถึง"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("สยป. ปิดไตรมาสเมื่อ"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "quarter"]
        verbose_name = _("ผลการดำเนินงานรายไตรมาส")
        verbose_name_plural = _("ผลการดำเนินงานรายไตรมาส")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="perf_result_once_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="perf_result_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=0) & Q(level__lte=5)),
                name="perf_result_level_0_5",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="perf_result_denominator_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} Q{self.quarter}"


class QuarterAssessment(TimeStampedModel):
    """สยป.'s assessment of one quarter: the score and its two parts (seed 001's "2.1 / 2.2")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assessments")
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    score = models.DecimalField(
        _("ผลประเมิน"), max_digits=6, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    score_21 = models.DecimalField(
        _("ผลประเมิน 2.1"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    score_22 = models.DecimalField(
        _("ผลประเมิน 2.2"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    level = models.DecimalField(
        _("ระดับที่ประเมินได้"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=LEVEL_VALIDATORS,
    )
    comment = models.TextField(_("ความเห็นผู้ประเมิน"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("ประเมินเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "quarter"]
        verbose_name = _("ผลประเมินรายไตรมาส")
        verbose_name_plural = _("ผลประเมินรายไตรมาส")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="perf_assessment_once_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="perf_assessment_quarter_1_4",
            ),
            models.CheckConstraint(
                condition=(Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)))
                & (Q(score_21__isnull=True) | (Q(score_21__gte=0) & Q(score_21__lte=100)))
                & (Q(score_22__isnull=True) | (Q(score_22__gte=0) & Q(score_22__lte=100))),
                name="perf_assessment_scores_0_100",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=0) & Q(level__lte=5)),
                name="perf_assessment_level_0_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} Q{self.quarter} ({self.score})"


class DutyRole(models.TextChoices):
    MAIN = "main", _("หน่วยงานหลัก")
    SECONDARY = "secondary", _("หน่วยงานรอง")
    SUPPORT = "support", _("หน่วยงานสนับสนุน")


class IndicatorDuty(models.Model):
    """What one unit does for an indicator (seed 004's ภารกิจของหน่วยงาน), grouped by its role."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="duties")
    role = models.CharField(_("บทบาท"), max_length=10, choices=DutyRole.choices)
    unit_name = models.CharField(_("หน่วยงาน"), max_length=200)
    task = models.TextField(_("ภารกิจ"))
    sort_order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["indicator", "sort_order", "id"]
        verbose_name = _("ภารกิจของหน่วยงาน")
        verbose_name_plural = _("ภารกิจของหน่วยงาน")

    def __str__(self) -> str:
        return f"{self.unit_name}: {self.task[:40]}"


class EvidenceItem(models.Model):
    """One item of an indicator's evidence list (วิธีเก็บข้อมูล/หลักฐาน), with the level it proves."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="evidence_items")
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    title = models.CharField(_("หลักฐาน"), max_length=300)
    level = models.PositiveSmallIntegerField(_("ระดับที่หลักฐานนี้ยืนยัน"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "number"]
        verbose_name = _("รายการหลักฐาน")
        verbose_name_plural = _("รายการหลักฐาน")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="perf_evidence_item_number_unique"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=1) & Q(level__lte=5)),
                name="perf_evidence_item_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def evidence_path(instance: Any, filename: str) -> str:
    """A random name with the file's own suffix: the sender's file name is never a path on disk."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"performance/evidence/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class Evidence(TimeStampedModel):
    """A file collected as evidence (หลักฐาน) for an indicator, optionally for one quarter and one item
    of its evidence list (and so for that item's level)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(
        EvidenceItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
        verbose_name=_("รายการหลักฐาน"),
    )
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"), null=True, blank=True)
    title = models.CharField(_("ชื่อหลักฐาน"), max_length=300)
    file = models.FileField(_("ไฟล์"), upload_to=evidence_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "quarter", "id"]
        verbose_name = _("หลักฐาน")
        verbose_name_plural = _("หลักฐาน")
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | (Q(quarter__gte=1) & Q(quarter__lte=4)),
                name="perf_evidence_quarter_1_4",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneKind(models.TextChoices):
    DATABASE_DEFINED = "database_defined", _("กำหนดรูปแบบ องค์ประกอบ ชุดข้อมูล และแหล่งข้อมูลแล้ว")
    DATA_PUBLISHED = "data_published", _("นำข้อมูลไปใช้ประโยชน์และเผยแพร่แก่หน่วยงานที่เกี่ยวข้องแล้ว")


class Milestone(TimeStampedModel):
    """A step of seed 000's database indicator that no registry table records by itself."""

    kind = models.CharField(_("ขั้นตอน"), max_length=30, choices=MilestoneKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    achieved_on = models.DateField(_("วันที่แล้วเสร็จ"))
    note = models.TextField(_("รายละเอียด"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-fiscal_year", "kind"]
        verbose_name = _("ขั้นตอนความสำเร็จ")
        verbose_name_plural = _("ขั้นตอนความสำเร็จ")
        constraints = [
            models.UniqueConstraint(fields=["kind", "fiscal_year"], name="perf_milestone_once_per_year"),
            models.CheckConstraint(
                condition=Q(kind__in=MilestoneKind.values), name="perf_milestone_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.fiscal_year})"


class SnapshotReason(models.TextChoices):
    DEADLINE = "deadline", _("ครบกำหนดส่งผล")
    CLOSED = "closed", _("สยป. ปิดไตรมาส")
    REOPENED = "reopened", _("บันทึกใหม่หลังเปิดให้แก้ไข")


class MeasureSnapshot(models.Model):
    """A live measure frozen when its quarter closed: value, numerator, denominator and the records behind.

    A past quarter is read from here and never recomputed. Reopening a quarter may take a new snapshot;
    the old one stays with ``superseded_at`` set (history), so exactly one per quarter is current.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    quarter = models.PositiveSmallIntegerField(_("ไตรมาส"))
    value = models.DecimalField(_("ค่าที่วัดได้"), max_digits=14, decimal_places=2)
    numerator = models.DecimalField(_("ตัวตั้ง"), max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("ตัวหาร"), max_digits=14, decimal_places=2, null=True, blank=True)
    record_ids = models.JSONField(_("รายการเบื้องหลังตัวเลข (รหัส)"), default=list, blank=True)
    breakdown = models.JSONField(_("รายละเอียด"), default=list, blank=True)
    as_of = models.DateField(_("ข้อมูล ณ วันที่"))
    reason = models.CharField(_("เหตุที่บันทึก"), max_length=10, choices=SnapshotReason.choices)
    taken_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_at = models.DateTimeField(_("ถูกแทนที่เมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "quarter", "-taken_at", "-id"]
        verbose_name = _("ค่าที่วัดได้ ณ สิ้นไตรมาส")
        verbose_name_plural = _("ค่าที่วัดได้ ณ สิ้นไตรมาส")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "quarter"],
                condition=Q(superseded_at__isnull=True),
                name="perf_snapshot_one_current_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="perf_snapshot_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=SnapshotReason.values), name="perf_snapshot_reason_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} Q{self.quarter} = {self.value}"


class ActionStep(TimeStampedModel):
    """One step of an indicator's month-by-month action plan (seed 004's Gantt), in fiscal months 1–12
    (1 = ต.ค. … 12 = ก.ย.), with the units responsible and, where the plan says so, the level it earns."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="action_steps")
    number = models.PositiveSmallIntegerField(_("ขั้นตอนที่"))
    title = models.TextField(_("ขั้นตอนการดำเนินงาน"))
    units = models.CharField(_("หน่วยงานที่รับผิดชอบ"), max_length=100, blank=True)
    start_month = models.PositiveSmallIntegerField(_("เริ่มเดือน (ลำดับในปีงบประมาณ)"))
    end_month = models.PositiveSmallIntegerField(_("ถึงเดือน (ลำดับในปีงบประมาณ)"))
    level = models.PositiveSmallIntegerField(_("ระดับที่ได้เมื่อเสร็จ"), null=True, blank=True)
    progress = models.DecimalField(
        _("ความคืบหน้า (ร้อยละ)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT_VALIDATORS,
    )
    done_on = models.DateField(_("เสร็จเมื่อ"), null=True, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta:
        ordering = ["indicator", "number"]
        verbose_name = _("ขั้นตอนตามแผนการดำเนินงาน")
        verbose_name_plural = _("ขั้นตอนตามแผนการดำเนินงาน")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="perf_step_number_once"),
            models.CheckConstraint(
                condition=Q(start_month__gte=1)
                & Q(end_month__lte=12)
                & Q(start_month__lte=models.F("end_month")),
                name="perf_step_months_in_year",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="perf_step_progress_0_100"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=1) & Q(level__lte=5)),
                name="perf_step_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} ขั้นตอนที่ {self.number}"
