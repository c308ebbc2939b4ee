"""The registry's reference data: occupation groups, schemes and their dated rules.

Loaded by a data migration so every database (and every test) has them; editable in the admin afterwards.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

OCCUPATIONS = [
    # code, Thai, English, BMA target group
    ("moto_taxi", "ผู้ขับขี่รถจักรยานยนต์รับจ้าง", "Motorcycle-taxi driver", True),
    ("street_vendor", "ผู้ค้าหาบเร่-แผงลอย", "Street vendor", True),
    ("farmer", "เกษตรกร", "Farmer", True),
    ("home_worker", "ผู้รับงานไปทำที่บ้าน", "Home worker", False),
    ("domestic_worker", "ลูกจ้างทำงานบ้าน", "Domestic worker", False),
    ("platform_rider", "ไรเดอร์/ผู้ขับขี่ส่งของผ่านแพลตฟอร์ม", "Platform rider", False),
    ("other", "อาชีพอิสระอื่น ๆ", "Other own-account work", False),
]

SCHEMES = [
    # code, Thai, English, kind, is_formal, has_options
    ("s40", "ประกันสังคม มาตรา 40", "Social security Section 40", "social_security", False, True),
    ("s33", "ประกันสังคม มาตรา 33", "Social security Section 33", "social_security", True, False),
    ("s39", "ประกันสังคม มาตรา 39", "Social security Section 39", "social_security", True, False),
    ("nsf", "กองทุนการออมแห่งชาติ (กอช.)", "National Savings Fund", "savings", False, False),
    ("ucs", "หลักประกันสุขภาพถ้วนหน้า (บัตรทอง)", "Universal health card", "health", False, False),
    ("state_welfare_card", "บัตรสวัสดิการแห่งรัฐ", "State welfare card", "welfare", False, False),
    ("pawnshop_loan", "สินเชื่อสถานธนานุบาล กทม.", "BMA pawnshop loan", "funding", False, False),
    (
        "community_fund_loan",
        "เงินกู้กองทุนชุมชน/กองทุนหมู่บ้าน",
        "Community or village fund loan",
        "funding",
        False,
        False,
    ),
    ("bank_credit", "สินเชื่อธนาคาร", "Bank credit", "funding", False, False),
    (
        "vocational_training",
        "ฝึกอาชีพโรงเรียนฝึกอาชีพ กทม.",
        "Vocational training at BMA schools",
        "training",
        False,
        False,
    ),
    ("financial_literacy", "อบรมความรู้ทางการเงิน", "Financial-literacy training", "training", False, False),
]

# Dated rules. Section 40: ages 15–65, three options (member/government share per month).
RULES: list[dict[str, Any]] = [
    {"scheme": "s40", "valid_from": dt.date(2012, 1, 1), "min_age": 15, "max_age": 65, "option": "1",
     "monthly_contribution": Decimal("70"), "government_contribution": Decimal("30")},
    {"scheme": "s40", "valid_from": dt.date(2012, 1, 1), "min_age": 15, "max_age": 65, "option": "2",
     "monthly_contribution": Decimal("100"), "government_contribution": Decimal("50")},
    {"scheme": "s40", "valid_from": dt.date(2012, 1, 1), "min_age": 15, "max_age": 65, "option": "3",
     "monthly_contribution": Decimal("300"), "government_contribution": Decimal("150")},
    {"scheme": "nsf", "valid_from": dt.date(2015, 8, 20), "min_age": 15, "max_age": 60, "option": "",
     "monthly_contribution": None, "government_contribution": None,
     "note": "ออมได้ปีละ 50–30,000 บาท รัฐสมทบตามช่วงอายุ"},
]  # fmt: skip


def load(apps: Any) -> None:
    """Create or refresh the catalogues (usable from a migration or a command)."""
    Occupation = apps.get_model("registry", "Occupation")
    Scheme = apps.get_model("registry", "Scheme")
    SchemeRule = apps.get_model("registry", "SchemeRule")
    for order, (code, th, en, target) in enumerate(OCCUPATIONS):
        Occupation.objects.update_or_create(
            code=code, defaults={"name_th": th, "name_en": en, "is_target_group": target, "sort_order": order}
        )
    for order, (code, th, en, kind, formal, options) in enumerate(SCHEMES):
        Scheme.objects.update_or_create(
            code=code,
            defaults={"name_th": th, "name_en": en, "kind": kind, "is_formal": formal,
                      "has_options": options, "sort_order": order},
        )  # fmt: skip
    for rule in RULES:
        fields = dict(rule)
        scheme = Scheme.objects.get(code=fields.pop("scheme"))
        SchemeRule.objects.update_or_create(
            scheme=scheme, valid_from=fields.pop("valid_from"), option=fields.pop("option"), defaults=fields
        )
