"""The register of informal workers: people, occupations, welfare and funding access, activities,
communities and households, consent.

Area codes (DOPA) are stored on each record — ``province_code`` (2), ``district_code`` (4),
``subdistrict_code`` (6) — validated against geothai, so a record anywhere in Thailand can be scoped and
filtered by an indexed column without a join. Every model holding personal data declares ``SCOPE_PATHS``
and is read through ``nokrabob.accounts.scope.scoped``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nokrabob.accounts.scope import ScopePaths
from nokrabob.core.concurrency import Versioned
from nokrabob.core.models import TimeStampedModel

models.CharField.register_lookup(Length)


# ── Catalogues ────────────────────────────────────────────────────────────────────────────────


class Occupation(models.Model):
    """An occupation group (admin-editable). ``is_target_group``: one of the BMA target groups."""

    code = models.SlugField(_("รหัส"), max_length=40, unique=True)
    name_th = models.CharField(_("ชื่อกลุ่มอาชีพ"), max_length=150)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=150, blank=True)
    is_target_group = models.BooleanField(_("กลุ่มเป้าหมายของ กทม."), default=False)
    target_size = models.PositiveIntegerField(
        _("จำนวนแรงงานในกลุ่มโดยประมาณ (คน)"),
        null=True,
        blank=True,
        help_text=_("ขนาดของกลุ่มเป้าหมายที่หน่วยงานกำหนด ใช้วัดว่าสำรวจและบันทึกข้อมูลครบตามสัดส่วนที่กำหนดหรือยัง"),
    )
    sort_order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    is_active = models.BooleanField(_("ใช้งาน"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("กลุ่มอาชีพ")
        verbose_name_plural = _("กลุ่มอาชีพ")

    def __str__(self) -> str:
        return self.name_th


class SchemeKind(models.TextChoices):
    SOCIAL_SECURITY = "social_security", _("ประกันสังคม")
    SAVINGS = "savings", _("การออม")
    HEALTH = "health", _("สุขภาพ")
    WELFARE = "welfare", _("สวัสดิการ")
    FUNDING = "funding", _("แหล่งเงินทุน")
    TRAINING = "training", _("การฝึกอบรม")


class Scheme(models.Model):
    """A welfare or funding scheme (seed 000). ``is_formal``: Section 33/39, i.e. a formal worker."""

    code = models.SlugField(_("รหัส"), max_length=40, unique=True)
    name_th = models.CharField(_("ชื่อสวัสดิการ/แหล่งทุน"), max_length=200)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=200, blank=True)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=SchemeKind.choices)
    is_formal = models.BooleanField(_("เป็นแรงงานในระบบ"), default=False)
    has_options = models.BooleanField(_("มีทางเลือก (เช่น มาตรา 40 ทางเลือก 1/2/3)"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    is_active = models.BooleanField(_("ใช้งาน"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("สวัสดิการและแหล่งทุน")
        verbose_name_plural = _("สวัสดิการและแหล่งทุน")

    def __str__(self) -> str:
        return self.name_th


class SchemeRule(models.Model):
    """Dated configuration of a scheme: who is eligible and what it costs, from ``valid_from``."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="rules", verbose_name=_("สวัสดิการ")
    )
    valid_from = models.DateField(_("มีผลตั้งแต่"))
    valid_to = models.DateField(_("ถึง"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("อายุต่ำสุด"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("อายุสูงสุด"), null=True, blank=True)
    excludes_formal_workers = models.BooleanField(_("ไม่รวมผู้ประกันตนมาตรา 33/39"), default=True)
    option = models.CharField(_("ทางเลือก"), max_length=10, blank=True)
    monthly_contribution = models.DecimalField(
        _("เงินสมทบต่อเดือน (บาท)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    government_contribution = models.DecimalField(
        _("รัฐสมทบต่อเดือน (บาท)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta:
        ordering = ["scheme", "-valid_from", "option"]
        verbose_name = _("เงื่อนไขสวัสดิการ")
        verbose_name_plural = _("เงื่อนไขสวัสดิการ")

    def __str__(self) -> str:
        return f"{self.scheme} {self.option} ({self.valid_from})"


# ── People ────────────────────────────────────────────────────────────────────────────────────


class Sex(models.TextChoices):
    MALE = "M", _("ชาย")
    FEMALE = "F", _("หญิง")
    UNSPECIFIED = "U", _("ไม่ระบุ")


class OtherIdType(models.TextChoices):
    NONE = "", _("-")
    PASSPORT = "passport", _("หนังสือเดินทาง")
    ALIEN = "alien", _("บัตรประจำตัวคนซึ่งไม่มีสัญชาติไทย")
    WORK_PERMIT = "work_permit", _("ใบอนุญาตทำงาน")
    OTHER = "other", _("อื่น ๆ")


class RecordSource(models.TextChoices):
    STAFF = "staff", _("เจ้าหน้าที่บันทึก")
    SELF = "self", _("ลงทะเบียนด้วยตนเอง")
    IMPORT = "import", _("นำเข้าจากรายชื่อหน่วยงาน")


def recorded_by_user() -> Any:
    """The user who recorded a row: shown with it, never searched by, so without an index (ADR 0306)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )


class Person(Versioned, TimeStampedModel):
    SCOPE_PATHS = ScopePaths(province="province_code", district="district_code")

    national_id = models.CharField(
        _("เลขประจำตัวประชาชน"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        help_text=_("13 หลัก ว่างได้เมื่อไม่มีเลขประจำตัวประชาชน"),
    )
    other_id_type = models.CharField(
        _("ประเภทเอกสารอื่น"), max_length=20, choices=OtherIdType.choices, blank=True
    )
    other_id_number = models.CharField(_("เลขเอกสารอื่น"), max_length=40, blank=True)
    title = models.CharField(_("คำนำหน้า"), max_length=30, blank=True)
    first_name = models.CharField(_("ชื่อ"), max_length=100)
    last_name = models.CharField(_("นามสกุล"), max_length=100, blank=True)
    first_name_latin = models.CharField(_("ชื่อ (อังกฤษ)"), max_length=100, blank=True)
    last_name_latin = models.CharField(_("นามสกุล (อังกฤษ)"), max_length=100, blank=True)
    sex = models.CharField(_("เพศ"), max_length=1, choices=Sex.choices, default=Sex.UNSPECIFIED)
    birth_date = models.DateField(_("วันเกิด"), null=True, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=20, blank=True, db_index=True)

    house_no = models.CharField(_("บ้านเลขที่"), max_length=30, blank=True)
    moo = models.CharField(_("หมู่ที่"), max_length=10, blank=True)
    soi = models.CharField(_("ซอย"), max_length=100, blank=True)
    road = models.CharField(_("ถนน"), max_length=100, blank=True)
    subdistrict_code = models.CharField(_("แขวง/ตำบล"), max_length=6, blank=True)
    district_code = models.CharField(_("เขต/อำเภอ"), max_length=4)
    province_code = models.CharField(_("จังหวัด"), max_length=2)
    postal_code = models.CharField(_("รหัสไปรษณีย์"), max_length=5, blank=True)
    responsible_unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("หน่วยงานที่รับผิดชอบ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # never searched by; see ADR 0306
    )

    monthly_income = models.DecimalField(
        _("รายได้ต่อเดือน (บาท)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Sensitive data (PDPA section 26): stored only with explicit consent, hidden when it is withdrawn.
    has_disability = models.BooleanField(_("มีความพิการ"), null=True, blank=True)
    disability_type = models.CharField(_("ประเภทความพิการ"), max_length=100, blank=True)

    first_name_sound = models.CharField(max_length=20, blank=True, editable=False)
    last_name_sound = models.CharField(max_length=20, blank=True, editable=False)

    source = models.CharField(
        _("ที่มา"), max_length=10, choices=RecordSource.choices, default=RecordSource.STAFF
    )
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("ชุดการนำเข้า"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        db_index=False,  # "person_import_batch" below
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("รวมเข้ากับ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        db_index=False,  # "person_merged_into" below: only the few merged records
    )
    created_by = recorded_by_user()

    history = HistoricalRecords(
        excluded_fields=["first_name_sound", "last_name_sound", "updated_at", "version"]
    )

    class Meta:
        verbose_name = _("แรงงานนอกระบบ")
        verbose_name_plural = _("แรงงานนอกระบบ")
        ordering = ["first_name", "last_name", "id"]
        indexes = [
            models.Index(
                fields=["district_code", "first_name", "last_name", "id"], name="person_district_name"
            ),
            models.Index(fields=["province_code", "district_code"], name="person_area"),
            models.Index(fields=["subdistrict_code"], name="person_subdistrict"),
            # Both end with the list's "name" order (first name, last name, id), so each branch of a name
            # search walks its index in the page's order and stops after a page (ADR 0208, "Paging").
            models.Index(fields=["first_name", "last_name", "id"], name="person_name"),
            models.Index(fields=["last_name"], name="person_last_name"),
            models.Index(
                fields=["first_name_sound", "last_name_sound", "first_name", "last_name", "id"],
                name="person_sound",
            ),
            models.Index(fields=["last_name_sound"], name="person_last_sound"),
            # A one-word search's "first-name key" branch, in the page's order (ADR 0208, "Paging").
            models.Index(
                fields=["first_name_sound", "first_name", "last_name", "id"], name="person_first_sound"
            ),
            models.Index(fields=["birth_date"], name="person_birth_date"),
            models.Index(fields=["import_batch"], name="person_import_batch"),
            models.Index(
                fields=["merged_into"],
                name="person_merged_into",
                condition=models.Q(merged_into__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_id__isnull=True) | models.Q(national_id__length=13),
                name="person_national_id_13_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(province_code__length=2) & models.Q(district_code__length=4),
                name="person_area_codes",
            ),
            # What the column holds (``monthly_income``'s digits): a larger amount is refused where it is
            # written, so no page ever reads a value it cannot show.
            models.CheckConstraint(
                condition=models.Q(monthly_income__isnull=True)
                | models.Q(monthly_income__gte=0, monthly_income__lt=Decimal(10**8)),
                name="person_income_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class PersonOccupation(models.Model):
    """An occupation a person holds (or held): a person can have more than one over time."""

    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="occupations", verbose_name=_("บุคคล")
    )
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("อาชีพ"),
        db_index=False,  # "personocc_current" starts with it
    )
    started_on = models.DateField(_("เริ่มเมื่อ"), null=True, blank=True)
    ended_on = models.DateField(_("สิ้นสุดเมื่อ"), null=True, blank=True)
    is_current = models.BooleanField(_("ปัจจุบัน"), default=True)
    # Motorcycle-taxi drivers
    moto_stand = models.CharField(_("วินรถจักรยานยนต์รับจ้าง"), max_length=150, blank=True)
    dlt_licence_no = models.CharField(_("เลขใบอนุญาตขับขี่รถจักรยานยนต์สาธารณะ (ขบ.)"), max_length=40, blank=True)
    # Street vendors
    vending_spot = models.CharField(_("จุดผ่อนผัน/ที่ตั้งแผงค้า"), max_length=200, blank=True)
    vending_permit_no = models.CharField(_("เลขที่ใบอนุญาตจำหน่ายสินค้า"), max_length=40, blank=True)
    details = models.CharField(_("รายละเอียด"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_current", "-started_on"]
        verbose_name = _("อาชีพของบุคคล")
        verbose_name_plural = _("อาชีพของบุคคล")
        indexes = [models.Index(fields=["occupation", "is_current"], name="personocc_current")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="personocc_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.occupation}"


class WelfareStatus(models.TextChoices):
    INFORMED = "informed", _("รับทราบข้อมูล")
    APPLIED = "applied", _("ยื่นสมัคร")
    ENROLLED = "enrolled", _("เป็นสมาชิก")
    RECEIVED = "received", _("ได้รับแล้ว")
    REFUSED = "refused", _("ปฏิเสธ")


class WelfareSource(models.TextChoices):
    SELF_REPORTED = "self_reported", _("แจ้งเอง")
    AGENCY_LIST = "agency_list", _("รายชื่อจากหน่วยงาน")
    STAFF_VERIFIED = "staff_verified", _("เจ้าหน้าที่ตรวจสอบแล้ว")


class WelfareRecord(TimeStampedModel):
    """A dated step of one person's access to one scheme."""

    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    # Both keys lead an index of their own below ("welfare_person_scheme", "welfare_scheme_status").
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="welfare", verbose_name=_("บุคคล"), db_index=False
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="records", verbose_name=_("สวัสดิการ"), db_index=False
    )
    option = models.CharField(_("ทางเลือก"), max_length=10, blank=True)
    status = models.CharField(_("สถานะ"), max_length=20, choices=WelfareStatus.choices)
    recorded_on = models.DateField(_("วันที่"))
    source = models.CharField(_("แหล่งที่มา"), max_length=20, choices=WelfareSource.choices)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    created_by = recorded_by_user()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("การเข้าถึงสวัสดิการ")
        verbose_name_plural = _("การเข้าถึงสวัสดิการ")
        indexes = [
            models.Index(fields=["scheme", "status"], name="welfare_scheme_status"),
            models.Index(fields=["person", "scheme", "recorded_on"], name="welfare_person_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.scheme}: {self.get_status_display()}"


# ── Activities and outreach ───────────────────────────────────────────────────────────────────


class ActivityKind(models.TextChoices):
    INFO_SESSION = "info_session", _("ประชาสัมพันธ์/ให้ความรู้")
    TRAINING = "training", _("ฝึกอบรม")
    QR_CAMPAIGN = "qr_campaign", _("รณรงค์ลงทะเบียนผ่าน QR Code")
    SERVICE_DAY = "service_day", _("หน่วยบริการเคลื่อนที่")
    OTHER = "other", _("อื่น ๆ")


class Activity(TimeStampedModel):
    """An activity run by a district office or the department (seed 001's "took part in the activity")."""

    title = models.CharField(_("ชื่อกิจกรรม"), max_length=255)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("วันที่จัด"))
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"), db_index=True)
    place = models.CharField(_("สถานที่"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("หน่วยงานที่จัด")
    )
    district_code = models.CharField(_("เขต"), max_length=4, blank=True)
    province_code = models.CharField(_("จังหวัด"), max_length=2, default="10")
    target_occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="activities", verbose_name=_("กลุ่มเป้าหมาย")
    )
    schemes = models.ManyToManyField(
        Scheme, blank=True, related_name="activities", verbose_name=_("สวัสดิการที่แนะนำ")
    )
    description = models.TextField(_("รายละเอียด"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("กิจกรรม")
        verbose_name_plural = _("กิจกรรม")

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ผู้เข้าร่วมกิจกรรม")
        verbose_name_plural = _("ผู้เข้าร่วมกิจกรรม")
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="participation_once")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.activity}"


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("โทรศัพท์")
    VISIT = "visit", _("ลงพื้นที่")
    LINE = "line", _("LINE")
    LETTER = "letter", _("หนังสือ")
    OTHER = "other", _("อื่น ๆ")


class ContactAttempt(models.Model):
    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("วันที่ติดต่อ"))
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=ContactChannel.choices)
    reached = models.BooleanField(_("ติดต่อได้"), default=False)
    note = models.TextField(_("บันทึก"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("การติดต่อ")
        verbose_name_plural = _("การติดต่อ")

    def __str__(self) -> str:
        return f"{self.person} {self.contacted_on}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("ส่งต่อแล้ว")
    ACCEPTED = "accepted", _("หน่วยงานรับเรื่อง")
    COMPLETED = "completed", _("ได้รับบริการ")
    CLOSED = "closed", _("ปิดเรื่อง")


class Referral(models.Model):
    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    scheme = models.ForeignKey(Scheme, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.CharField(_("ส่งต่อไปยัง"), max_length=200)
    referred_on = models.DateField(_("วันที่ส่งต่อ"))
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    note = models.TextField(_("บันทึก"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("การส่งต่อ")
        verbose_name_plural = _("การส่งต่อ")

    def __str__(self) -> str:
        return f"{self.person} → {self.to_agency}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("รอติดต่อ")
    CONTACTED = "contacted", _("ติดต่อแล้ว")
    ENROLLED = "enrolled", _("สมัครแล้ว")
    DECLINED = "declined", _("ไม่ประสงค์สมัคร")


FOLLOW_UP_OPEN = (FollowUpStatus.OPEN, FollowUpStatus.CONTACTED)


class FollowUp(TimeStampedModel):
    """Someone the district office must contact about a scheme they said they want to join (ADR 0209).

    Opened when a registration whose answers say so is approved (``collection``); it belongs to the
    person's own district, through the person, like their other records.
    """

    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("บุคคล")
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="+", verbose_name=_("สวัสดิการที่สนใจ")
    )
    submission = models.ForeignKey(
        "collection.Submission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("จากข้อมูลที่ส่งเข้ามา"),
    )
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    due_on = models.DateField(_("ติดต่อภายในวันที่"))
    closed_on = models.DateField(_("ปิดเรื่องเมื่อ"), null=True, blank=True)
    note = models.TextField(_("บันทึก"), blank=True, max_length=1000)
    created_by = recorded_by_user()
    updated_by = recorded_by_user()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("รายการต้องติดตาม")
        verbose_name_plural = _("รายการต้องติดตาม")
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FollowUpStatus.values), name="follow_up_status_known"
            ),
            # One open follow-up per person and scheme: a second interested answer adds nothing to do.
            models.UniqueConstraint(
                fields=["person", "scheme"],
                condition=models.Q(status__in=["open", "contacted"]),
                name="follow_up_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.scheme}"

    @property
    def is_open(self) -> bool:
        return self.status in FOLLOW_UP_OPEN


# ── Communities and households (seed 004, One Map) ───────────────────────────────────────────


class Community(models.Model):
    """One of Bangkok's registered communities (2,010 of them)."""

    code = models.CharField(_("รหัสชุมชน"), max_length=20, unique=True)
    name = models.CharField(_("ชื่อชุมชน"), max_length=200)
    district_code = models.CharField(_("เขต"), max_length=4, db_index=True)
    subdistrict_code = models.CharField(_("แขวง"), max_length=6, blank=True)
    community_type = models.CharField(_("ประเภทชุมชน"), max_length=100, blank=True)
    registered_year = models.PositiveSmallIntegerField(_("ปีที่จดทะเบียน (พ.ศ.)"), null=True, blank=True)
    # The One Map indicator counts a community as entered once this many of its households are on
    # record (times the configured share); unknown → one household is enough.
    households_total = models.PositiveIntegerField(_("จำนวนครัวเรือน"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["district_code", "name"]
        verbose_name = _("ชุมชน")
        verbose_name_plural = _("ชุมชน")

    def __str__(self) -> str:
        return self.name


class BuildingType(models.TextChoices):
    DETACHED = "detached", _("บ้านเดี่ยว")
    TOWNHOUSE = "townhouse", _("ทาวน์เฮาส์/ห้องแถว")
    ROW_ROOM = "row_room", _("ห้องเช่า")
    CONDO = "condo", _("อาคารชุด")
    TEMPORARY = "temporary", _("บ้านชั่วคราว/รุกล้ำ")
    OTHER = "other", _("อื่น ๆ")


class LandOwner(models.TextChoices):
    OWN = "own", _("ของตนเอง")
    PRIVATE = "private", _("เอกชน")
    STATE = "state", _("รัฐ/ราชพัสดุ")
    TEMPLE = "temple", _("วัด/ศาสนสถาน")
    CROWN = "crown", _("สำนักงานทรัพย์สินฯ")
    OTHER = "other", _("อื่น ๆ")


class Household(Versioned, TimeStampedModel):
    SCOPE_PATHS = ScopePaths(province="province_code", district="district_code")

    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("ชุมชน"),
    )
    house_no = models.CharField(_("บ้านเลขที่"), max_length=30)
    building_type = models.CharField(_("ลักษณะอาคาร"), max_length=20, choices=BuildingType.choices, blank=True)
    years_lived = models.PositiveSmallIntegerField(_("อาศัยมาแล้ว (ปี)"), null=True, blank=True)
    latitude = models.DecimalField(_("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True)
    land_owner = models.CharField(_("เจ้าของที่ดิน"), max_length=20, choices=LandOwner.choices, blank=True)
    subdistrict_code = models.CharField(_("แขวง/ตำบล"), max_length=6, blank=True)
    district_code = models.CharField(_("เขต/อำเภอ"), max_length=4, db_index=True)
    province_code = models.CharField(_("จังหวัด"), max_length=2, default="10")
    # A household has no registry consent of its own: its members' disability and bedridden status
    # (PDPA s.26) are kept only while the household's explicit consent covers them (ADR 0410).
    sensitive_consent = models.BooleanField(
        _("ครัวเรือนยินยอมให้เก็บข้อมูลอ่อนไหวของสมาชิก (ความพิการ/ติดเตียง)"), default=False
    )
    consent_given_on = models.DateField(_("วันที่ให้ความยินยอม"), null=True, blank=True)
    consent_withdrawn_on = models.DateField(_("วันที่ถอนความยินยอม"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    @property
    def consent_covers_sensitive(self) -> bool:
        return self.sensitive_consent and self.consent_withdrawn_on is None

    class Meta:
        ordering = ["district_code", "house_no"]
        verbose_name = _("ครัวเรือน")
        verbose_name_plural = _("ครัวเรือน")

    def __str__(self) -> str:
        return f"{self.house_no} {self.community or ''}".strip()


class Education(models.TextChoices):
    NONE = "none", _("ไม่ได้เรียน")
    PRIMARY = "primary", _("ประถมศึกษา")
    LOWER_SECONDARY = "lower_secondary", _("มัธยมศึกษาตอนต้น")
    UPPER_SECONDARY = "upper_secondary", _("มัธยมศึกษาตอนปลาย/ปวช.")
    DIPLOMA = "diploma", _("อนุปริญญา/ปวส.")
    BACHELOR = "bachelor", _("ปริญญาตรี")
    HIGHER = "higher", _("สูงกว่าปริญญาตรี")


class HouseholdMember(models.Model):
    SCOPE_PATHS = ScopePaths(province="household__province_code", district="household__district_code")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="household_memberships",
        verbose_name=_("บุคคลในทะเบียน"),
    )
    name = models.CharField(_("ชื่อ-นามสกุล"), max_length=200, blank=True)
    relation = models.CharField(_("ความสัมพันธ์"), max_length=50, blank=True)
    birth_date = models.DateField(_("วันเกิด"), null=True, blank=True)
    age = models.PositiveSmallIntegerField(_("อายุ (ปี)"), null=True, blank=True)
    education = models.CharField(_("การศึกษา"), max_length=20, choices=Education.choices, blank=True)
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("อาชีพ")
    )
    # Sensitive (PDPA s.26): shown only while the household's consent covers sensitive data.
    has_disability = models.BooleanField(_("มีความพิการ"), null=True, blank=True)
    is_bedridden = models.BooleanField(_("ผู้ป่วยติดเตียง"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("สมาชิกครัวเรือน")
        verbose_name_plural = _("สมาชิกครัวเรือน")

    def __str__(self) -> str:
        return self.name or str(self.person or "")


# ── Consent (PDPA) ───────────────────────────────────────────────────────────────────────────


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("การปฏิบัติหน้าที่ตามกฎหมาย (ภารกิจของรัฐ)")
    CONSENT = "consent", _("ความยินยอม")


class ConsentChannel(models.TextChoices):
    PAPER = "paper", _("แบบฟอร์มกระดาษ")
    QR = "qr", _("ลงทะเบียนผ่าน QR Code")
    STAFF = "staff", _("เจ้าหน้าที่สัมภาษณ์")
    IMPORT = "import", _("รายชื่อจากหน่วยงาน")


class Consent(models.Model):
    """The lawful basis for holding a person's data, and their explicit consent for sensitive data.

    The newest row is the one in force; withdrawing sets ``withdrawn_on`` and hides sensitive fields.
    """

    SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    lawful_basis = models.CharField(_("ฐานทางกฎหมาย"), max_length=20, choices=LawfulBasis.choices)
    sensitive_data_consent = models.BooleanField(_("ยินยอมให้เก็บข้อมูลอ่อนไหว (ความพิการ/สุขภาพ)"), default=False)
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=ConsentChannel.choices)
    given_on = models.DateField(_("วันที่ให้ความยินยอม"))
    notice_version = models.CharField(_("ฉบับของประกาศความเป็นส่วนตัว"), max_length=20)
    withdrawn_on = models.DateField(_("วันที่ถอนความยินยอม"), null=True, blank=True)
    recorded_by = recorded_by_user()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("ความยินยอม")
        verbose_name_plural = _("ความยินยอม")

    def __str__(self) -> str:
        return f"{self.person} {self.get_lawful_basis_display()} {self.given_on}"

    @property
    def covers_sensitive_data(self) -> bool:
        return self.sensitive_data_consent and self.withdrawn_on is None


# The maintained counts live beside the records they count (ADR 0400).
from nokrabob.registry.tally_models import AgeSchemeTally as AgeSchemeTally  # noqa: E402
from nokrabob.registry.tally_models import AgeTally as AgeTally  # noqa: E402
from nokrabob.registry.tally_models import AreaSchemeTally as AreaSchemeTally  # noqa: E402
from nokrabob.registry.tally_models import AreaTally as AreaTally  # noqa: E402
from nokrabob.registry.tally_models import PeopleTally as PeopleTally  # noqa: E402
from nokrabob.registry.tally_models import SchemeTally as SchemeTally  # noqa: E402
from nokrabob.registry.tally_models import StagedPeople as StagedPeople  # noqa: E402
from nokrabob.registry.tally_models import StagedSchemes as StagedSchemes  # noqa: E402
