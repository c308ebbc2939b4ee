"""Survey campaigns, their questions, and the submissions that come in through QR links or staff entry.

A submission never writes the registry: it waits in its district's review queue and becomes a person
(or updates one) only when staff decide. Its answers stay attached to the campaign and, after the
decision, to the person (``Submission.person``).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nokrabob.accounts.scope import ScopePaths
from nokrabob.core.models import TimeStampedModel

models.CharField.register_lookup(Length)


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    UPCOMING = "upcoming", _("ยังไม่เปิดรับ")
    OPEN = "open", _("เปิดรับ")
    CLOSED = "closed", _("ปิดรับแล้ว")


class Campaign(TimeStampedModel):
    """A survey of target groups in one fiscal year, with a target count per district."""

    name = models.CharField(_("ชื่อการสำรวจ"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), db_index=True)
    description = models.TextField(_("รายละเอียด"), blank=True, max_length=2000)
    target_occupations = models.ManyToManyField(
        "registry.Occupation", blank=True, related_name="campaigns", verbose_name=_("กลุ่มอาชีพเป้าหมาย")
    )
    opens_on = models.DateField(_("เปิดรับตั้งแต่"))
    closes_on = models.DateField(_("ปิดรับเมื่อสิ้นวันที่"))
    data_sources = models.TextField(
        _("แหล่งข้อมูล"), blank=True, max_length=2000, help_text=_("บรรทัดละหนึ่งแหล่ง เช่น รายชื่อจากกรมการขนส่งทางบก")
    )
    is_published = models.BooleanField(_("เผยแพร่ลิงก์แล้ว"), default=True)
    owner_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("หน่วยงานเจ้าของ")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-fiscal_year", "-opens_on", "id"]
        verbose_name = _("การสำรวจ")
        verbose_name_plural = _("การสำรวจ")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="campaign_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2400, fiscal_year__lte=2700),
                name="campaign_fiscal_year_be",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def state(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        if not self.is_published:
            return CampaignState.DRAFT
        if today < self.opens_on:
            return CampaignState.UPCOMING
        if today > self.closes_on:
            return CampaignState.CLOSED
        return CampaignState.OPEN

    @property
    def state_label(self) -> str:
        return str(CampaignState(self.state()).label)

    @property
    def data_source_list(self) -> list[str]:
        return [line.strip() for line in self.data_sources.splitlines() if line.strip()]


def new_token() -> str:
    return secrets.token_urlsafe(12)


class CampaignDistrict(models.Model):
    """One district of a campaign: its target count and the public token in its QR link."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="districts")
    province_code = models.CharField(_("จังหวัด"), max_length=2, default="10")
    district_code = models.CharField(_("เขต/อำเภอ"), max_length=4)
    district_name = models.CharField(_("ชื่อเขต/อำเภอ"), max_length=120)
    target = models.PositiveIntegerField(_("เป้าหมาย (คน)"), default=0)
    token = models.CharField(_("รหัสลิงก์"), max_length=32, unique=True, default=new_token, editable=False)

    class Meta:
        ordering = ["campaign", "district_code"]
        verbose_name = _("เขตในการสำรวจ")
        verbose_name_plural = _("เขตในการสำรวจ")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "district_code"], name="campaign_district_once"),
            models.CheckConstraint(
                condition=models.Q(province_code__length=2) & models.Q(district_code__length=4),
                name="campaign_district_codes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.district_name}"


class QuestionType(models.TextChoices):
    TEXT = "text", _("ข้อความ")
    INTEGER = "integer", _("จำนวนเต็ม")
    DECIMAL = "decimal", _("ทศนิยม")
    DATE = "date", _("วันที่ (พ.ศ.)")
    SELECT_ONE = "select_one", _("เลือกหนึ่งข้อ")
    SELECT_MULTIPLE = "select_multiple", _("เลือกได้หลายข้อ")


class Question(models.Model):
    """An extra question of a campaign (beyond the registry's own fields), XLSForm-shaped."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    name = models.SlugField(_("ชื่อตัวแปร"), max_length=60)
    label = models.CharField(_("คำถาม"), max_length=300)
    hint = models.CharField(_("คำอธิบาย"), max_length=300, blank=True)
    type = models.CharField(_("ชนิด"), max_length=20, choices=QuestionType.choices)
    list_name = models.SlugField(_("ชุดตัวเลือก"), max_length=60, blank=True)
    required = models.BooleanField(_("ต้องตอบ"), default=False)
    constraint = models.CharField(_("เงื่อนไขคำตอบ"), max_length=300, blank=True)
    constraint_message = models.CharField(_("ข้อความเมื่อไม่ผ่านเงื่อนไข"), max_length=300, blank=True)
    relevant = models.CharField(_("แสดงเมื่อ"), max_length=300, blank=True)
    # A question that asks whether the worker wants to join a scheme: the answer ``interest_answer``
    # opens a follow-up for the district when the registration is approved (ADR 0209).
    interest_scheme = models.ForeignKey(
        "registry.Scheme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ติดตามการสมัครสวัสดิการ"),
    )
    interest_answer = models.CharField(_("คำตอบที่หมายถึงสนใจสมัคร"), max_length=60, blank=True)

    class Meta:
        ordering = ["campaign", "position", "id"]
        verbose_name = _("คำถาม")
        verbose_name_plural = _("คำถาม")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="question_name_once"),
            models.CheckConstraint(
                condition=~models.Q(type__in=["select_one", "select_multiple"]) | ~models.Q(list_name=""),
                name="question_select_has_list",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_select(self) -> bool:
        return self.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)

    def shows_interest(self, answer: object) -> bool:
        """Whether ``answer`` says the worker wants to join ``interest_scheme``."""
        if self.interest_scheme_id is None or not self.interest_answer:
            return False
        if isinstance(answer, list):
            return self.interest_answer in [str(a) for a in answer]
        return str(answer) == self.interest_answer


class Choice(models.Model):
    """A choice in a named list (the XLSForm ``choices`` sheet); lists are shared within a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="choices")
    list_name = models.SlugField(_("ชุดตัวเลือก"), max_length=60)
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    name = models.CharField(_("ค่า"), max_length=60)
    label = models.CharField(_("ข้อความ"), max_length=200)

    class Meta:
        ordering = ["campaign", "list_name", "position", "id"]
        verbose_name = _("ตัวเลือก")
        verbose_name_plural = _("ตัวเลือก")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "list_name", "name"], name="choice_name_once"),
        ]

    def __str__(self) -> str:
        return self.label


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("รอตรวจสอบ")
    CORRECTION_REQUESTED = "correction_requested", _("ขอให้แก้ไขข้อมูล")
    APPROVED = "approved", _("อนุมัติเป็นรายใหม่")
    MERGED = "merged", _("รวมกับข้อมูลเดิม")
    REJECTED = "rejected", _("ไม่อนุมัติ")


OPEN_STATUSES = (SubmissionStatus.PENDING, SubmissionStatus.CORRECTION_REQUESTED)
DONE_STATUSES = (SubmissionStatus.APPROVED, SubmissionStatus.MERGED)


class SubmissionChannel(models.TextChoices):
    QR = "qr", _("ลงทะเบียนผ่าน QR Code")
    STAFF = "staff", _("เจ้าหน้าที่บันทึก")


class Submission(TimeStampedModel):
    """One worker's answers to a campaign, waiting for (or carrying) a staff decision."""

    SCOPE_PATHS = ScopePaths(province="province_code", district="district_code")

    reference = models.CharField(_("เลขที่อ้างอิง"), max_length=16, unique=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="submissions")
    campaign_district = models.ForeignKey(
        CampaignDistrict, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("เขต")
    )
    province_code = models.CharField(_("จังหวัด"), max_length=2)
    district_code = models.CharField(_("เขต/อำเภอ"), max_length=4)
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=SubmissionChannel.choices)
    status = models.CharField(
        _("สถานะ"), max_length=24, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    # Copied out of ``answers`` for the worker's status lookup and the duplicate check.
    national_id = models.CharField(_("เลขประจำตัวประชาชน"), max_length=13, db_index=True)
    birth_date = models.DateField(_("วันเกิด"))
    first_name = models.CharField(_("ชื่อ"), max_length=100)
    last_name = models.CharField(_("นามสกุล"), max_length=100, blank=True)
    answers = models.JSONField(_("คำตอบ"), default=dict)
    # Consent as given on the form (PDPA); carried to the registry on approval.
    lawful_basis = models.CharField(_("ฐานทางกฎหมาย"), max_length=20)
    sensitive_data_consent = models.BooleanField(_("ยินยอมให้เก็บข้อมูลอ่อนไหว"), default=False)
    consent_channel = models.CharField(_("ช่องทางการให้ความยินยอม"), max_length=10)
    consent_given_on = models.DateField(_("วันที่ให้ความยินยอม"))
    notice_version = models.CharField(_("ฉบับของประกาศความเป็นส่วนตัว"), max_length=20)
    # Duplicate candidates found when it came in: [{"person": id, "reasons": [...]} | {"submission": id}]
    candidates = models.JSONField(_("รายการที่อาจซ้ำ"), default=list, blank=True)
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("บุคคลในทะเบียน"),
    )
    decision_note = models.TextField(_("เหตุผล/ข้อความถึงผู้ลงทะเบียน"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("ตัดสินเมื่อ"), null=True, blank=True)
    corrections = models.PositiveSmallIntegerField(_("จำนวนครั้งที่แก้ไข"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ข้อมูลที่ส่งเข้ามา")
        verbose_name_plural = _("ข้อมูลที่ส่งเข้ามา")
        indexes = [
            models.Index(fields=["district_code", "status", "created_at"], name="submission_queue"),
            models.Index(fields=["campaign", "campaign_district", "status"], name="submission_progress"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SubmissionStatus.values), name="submission_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=DONE_STATUSES) | models.Q(person__isnull=False),
                name="submission_done_has_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=SubmissionStatus.REJECTED) | ~models.Q(decision_note=""),
                name="submission_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(national_id__length=13), name="submission_national_id_13_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def full_name(self) -> str:
        title = self.answers.get("person", {}).get("title", "")
        return f"{title}{self.first_name} {self.last_name}".strip()

    @property
    def has_candidates(self) -> bool:
        return bool(self.candidates)
