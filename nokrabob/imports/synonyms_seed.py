"""The synonyms a first installation starts with (editable afterwards on the synonyms page and in admin)."""

from __future__ import annotations

from typing import Any

OCCUPATION_SYNONYMS = {
    "moto_taxi": ["วินมอเตอร์ไซค์", "วินมอไซค์", "มอเตอร์ไซค์รับจ้าง", "จักรยานยนต์รับจ้าง", "ขับวิน",
                  "ผู้ขับขี่รถจักรยานยนต์รับจ้าง", "motorcycle taxi", "moto taxi"],
    "street_vendor": ["หาบเร่", "แผงลอย", "หาบเร่แผงลอย", "ค้าขาย", "ขายของ", "แม่ค้า", "พ่อค้า",
                      "street vendor", "vendor"],
    "farmer": ["เกษตรกรรม", "ทำนา", "ทำสวน", "ทำไร่", "เลี้ยงสัตว์", "farmer", "farming"],
    "home_worker": ["รับงานไปทำที่บ้าน", "งานฝีมือที่บ้าน", "home worker"],
    "domestic_worker": ["แม่บ้าน", "ลูกจ้างทำงานบ้าน", "งานบ้าน", "domestic worker"],
    "platform_rider": ["ไรเดอร์", "ส่งอาหาร", "ส่งของ", "rider", "delivery rider"],
    "other": ["อื่นๆ", "อื่น ๆ", "รับจ้างทั่วไป", "อาชีพอิสระ", "other"],
}  # fmt: skip

SCHEME_SYNONYMS = {
    "s40": ["ม.40", "ม 40", "มาตรา40", "มาตรา 40", "ประกันสังคม ม.40", "section 40"],
    "s33": ["ม.33", "มาตรา33", "มาตรา 33"],
    "s39": ["ม.39", "มาตรา39", "มาตรา 39"],
    "nsf": ["กอช", "กอช.", "กองทุนการออมแห่งชาติ", "nsf"],
    "ucs": ["บัตรทอง", "30 บาท", "สามสิบบาท", "หลักประกันสุขภาพ", "บัตร 30 บาท"],
    "state_welfare_card": ["บัตรคนจน", "บัตรสวัสดิการ", "บัตรสวัสดิการแห่งรัฐ"],
    "pawnshop_loan": ["โรงรับจำนำ", "สถานธนานุบาล"],
    "community_fund_loan": ["กองทุนหมู่บ้าน", "กองทุนชุมชน"],
    "bank_credit": ["สินเชื่อ", "กู้ธนาคาร"],
}  # fmt: skip


def load(apps: Any) -> None:
    ValueSynonym = apps.get_model("imports", "ValueSynonym")
    for kind, table in (("occupation", OCCUPATION_SYNONYMS), ("scheme", SCHEME_SYNONYMS)):
        for code, texts in table.items():
            for text in texts:
                ValueSynonym.objects.get_or_create(kind=kind, text=text, defaults={"code": code})
