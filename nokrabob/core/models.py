"""Reference data every module shares: the areas of Thailand and the agencies that sit on them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)

    class Meta:
        abstract = True


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("ประเทศ")
    PROVINCE = "province", _("จังหวัด")
    DISTRICT = "district", _("เขต/อำเภอ")
    SUBDISTRICT = "subdistrict", _("แขวง/ตำบล")


class Area(models.Model):
    """An administrative area with its DOPA code (province 2 digits, district 4, sub-district 6).

    The organisation hierarchy holds Thailand, its 77 provinces and Bangkok's 50 districts and 180
    sub-districts; addresses elsewhere in the country are validated against geothai by code.
    """

    code = models.CharField(_("รหัส"), max_length=6, unique=True)
    level = models.CharField(_("ระดับ"), max_length=12, choices=AreaLevel.choices)
    name_th = models.CharField(_("ชื่อภาษาไทย"), max_length=120)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("อยู่ใน"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("พื้นที่")
        verbose_name_plural = _("พื้นที่")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.name_th

    @property
    def province_code(self) -> str:
        return self.code[:2]


class UnitKind(models.TextChoices):
    CITY = "city", _("กรุงเทพมหานคร")
    BMA_DEPARTMENT = "bma_department", _("สำนักของกรุงเทพมหานคร")
    DISTRICT_OFFICE = "district_office", _("สำนักงานเขต")
    MINISTRY = "ministry", _("กระทรวง")
    POLICY_OFFICE = "policy_office", _("สำนักงานนโยบายแรงงานนอกระบบ")
    PROVINCIAL_LABOUR_OFFICE = "provincial_labour_office", _("สำนักงานแรงงานจังหวัด")


class OrgUnit(TimeStampedModel):
    """An agency that uses the system, placed on the area it is responsible for."""

    code = models.CharField(_("รหัสหน่วยงาน"), max_length=20, unique=True)
    kind = models.CharField(_("ประเภทหน่วยงาน"), max_length=32, choices=UnitKind.choices)
    name_th = models.CharField(_("ชื่อหน่วยงาน"), max_length=200)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=200, blank=True)
    abbreviation = models.CharField(_("ชื่อย่อ"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("สังกัด"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("พื้นที่รับผิดชอบ"), on_delete=models.PROTECT, related_name="units"
    )
    is_active = models.BooleanField(_("ใช้งาน"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")

    def __str__(self) -> str:
        return self.abbreviation or self.name_th

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class DemoMarker(models.Model):
    """One row once the demo data set has been loaded, so ``make run`` loads it only once."""

    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"demo loaded {self.loaded_at:%Y-%m-%d}"
