"""Demo: one open campaign for the BMA target groups in fiscal year 2570, targets per district, extra
questions, and pending submissions in Phra Nakhon and Bang Kapi's review queues."""

from __future__ import annotations

import datetime as dt
import random
from typing import IO

from django.utils import timezone

from nokrabob.accounts.models import User
from nokrabob.collection.models import Campaign
from nokrabob.collection.services import campaign_create, campaign_load_questions, submission_create
from nokrabob.collection.xlsform import ParsedChoice, ParsedForm, ParsedQuestion
from nokrabob.core.models import OrgUnit
from nokrabob.core.reference import BANGKOK_CODE, SOCIAL_DEVELOPMENT_CODE
from nokrabob.registry.models import LawfulBasis, Occupation, Person
from nokrabob.registry.rules.national_id import make_national_id

DEMO_NAME = "สำรวจและลงทะเบียนแรงงานนอกระบบกลุ่มเป้าหมาย ปีงบประมาณ 2570"

DEMO_FORM = ParsedForm(
    questions=[
        ParsedQuestion("has_s40", "เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่", "select_one", "yes_no", required=True),
        ParsedQuestion(
            "s40_option", "ทางเลือกมาตรา 40", "select_one", "s40_options", relevant="${has_s40} = 'yes'"
        ),
        ParsedQuestion(
            "want_s40", "สนใจสมัครมาตรา 40 หรือไม่", "select_one", "yes_no", relevant="${has_s40} = 'no'"
        ),
        ParsedQuestion("savings", "การวางแผนการเงินที่ทำอยู่", "select_multiple", "finance"),
        ParsedQuestion(
            "work_years",
            "ประกอบอาชีพนี้มากี่ปี",
            "integer",
            constraint=". >= 0 and . <= 80",
            constraint_message="กรอกจำนวนปี 0–80",
        ),
    ],
    choices=[
        ParsedChoice("yes_no", "yes", "ใช่"),
        ParsedChoice("yes_no", "no", "ไม่ใช่"),
        ParsedChoice("s40_options", "1", "ทางเลือกที่ 1"),
        ParsedChoice("s40_options", "2", "ทางเลือกที่ 2"),
        ParsedChoice("s40_options", "3", "ทางเลือกที่ 3"),
        ParsedChoice("finance", "accounts", "ทำบัญชีรายรับรายจ่าย"),
        ParsedChoice("finance", "save", "ออมเงิน"),
        ParsedChoice("finance", "debt", "บริหารจัดการหนี้"),
        ParsedChoice("finance", "retire", "วางแผนเกษียณ"),
    ],
)

PEOPLE = [
    ("นาย", "สมปอง", "ขยันดี", "M", "street_vendor"),
    ("นาง", "มาลี", "ศรีสุข", "F", "street_vendor"),
    ("นาย", "ประยูร", "วินดี", "M", "moto_taxi"),
    ("นางสาว", "กาญจนา", "ทองคำ", "F", "street_vendor"),
    ("นาย", "บุญมี", "นาดี", "M", "farmer"),
    ("นาย", "ชาญ", "ขับเก่ง", "M", "moto_taxi"),
]


def load(stdout: IO[str]) -> None:
    if Campaign.objects.filter(name=DEMO_NAME).exists():
        stdout.write("collection demo: already there")
        return
    today = timezone.localdate()
    rng = random.Random(2570)  # noqa: S311 - demo figures, not security
    sps = User.objects.filter(username="sps").first()
    targets = {code: rng.randrange(40, 160, 10) for code in _bangkok_district_codes()}
    campaign = campaign_create(
        actor=sps,
        fields={
            "name": DEMO_NAME,
            "fiscal_year": 2570,
            "description": "สำรวจผู้ขับขี่รถจักรยานยนต์รับจ้าง ผู้ค้าหาบเร่-แผงลอย และเกษตรกร เพื่อเข้าถึงสวัสดิการและแหล่งทุน",
            # Fiscal year 2570; kept open around today so the demo always has a working link.
            "opens_on": min(dt.date(2026, 10, 1), today),
            "closes_on": max(dt.date(2027, 9, 30), today + dt.timedelta(days=60)),
            "data_sources": "รายชื่อผู้ขับขี่รถจักรยานยนต์สาธารณะจากกรมการขนส่งทางบก\n"
            "ทะเบียนผู้ค้าในจุดผ่อนผันของสำนักงานเขต\nลงทะเบียนด้วยตนเองผ่าน QR Code",
            "owner_unit": OrgUnit.objects.get(code=SOCIAL_DEVELOPMENT_CODE),
        },
        occupations=list(Occupation.objects.filter(is_target_group=True)),
        targets=targets,
    )
    campaign_load_questions(actor=sps, campaign=campaign, form=DEMO_FORM)
    districts = {cd.district_code: cd for cd in campaign.districts.all()}
    existing = Person.objects.exclude(national_id=None).filter(district_code="1001").first()
    count = 0
    for district_code in ("1001", "1006"):
        for title, first, last, sex, occupation in PEOPLE:
            national_id = make_national_id(f"3{rng.randrange(10**10, 10**11)}")
            if existing is not None and count == 0:
                national_id = existing.national_id or national_id
            born = dt.date(rng.randrange(1960, 2000), rng.randrange(1, 13), rng.randrange(1, 28))
            has_s40 = rng.choice(["yes", "no"])
            extra = {"has_s40": has_s40, "work_years": rng.randrange(1, 30), "savings": ["save"]}
            extra["s40_option" if has_s40 == "yes" else "want_s40"] = "1" if has_s40 == "yes" else "yes"
            submission_create(
                campaign_district=districts[district_code],
                person={
                    "national_id": national_id,
                    "title": title,
                    "first_name": first,
                    "last_name": last,
                    "sex": sex,
                    "birth_date": born.isoformat(),
                    "phone": f"08{rng.randrange(10**7, 10**8)}",
                    "house_no": str(rng.randrange(1, 300)),
                    "soi": "",
                    "road": "",
                    "subdistrict_code": "",
                    "monthly_income": str(rng.randrange(6000, 20000, 500)),
                    "has_disability": None,
                },
                occupation=occupation,
                extra=extra,
                lawful_basis=LawfulBasis.CONSENT,
                sensitive_data_consent=False,
            )
            count += 1
    stdout.write(f"collection demo: 1 campaign, {len(targets)} districts, {count} pending submissions")


def _bangkok_district_codes() -> list[str]:
    import geothai

    return [d.code for d in geothai.districts(BANGKOK_CODE)]
