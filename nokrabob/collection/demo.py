"""Demo: one open campaign for the BMA target groups in fiscal year 2570, targets per district, extra
questions, pending submissions in Phra Nakhon and Bang Kapi's review queues, and a few approved ones whose
"wants to join Section 40" answer put them on the district's follow-up list (ADR 0209)."""

from __future__ import annotations

import datetime as dt
import random
from typing import IO

import geothai
from django.utils import timezone

from nokrabob.accounts.models import User
from nokrabob.collection.models import Campaign, CampaignDistrict, Submission
from nokrabob.collection.services import campaign_create, campaign_load_questions, submission_create
from nokrabob.collection.xlsform import ParsedChoice, ParsedForm, ParsedQuestion
from nokrabob.core.models import OrgUnit
from nokrabob.core.reference import BANGKOK_CODE, SOCIAL_DEVELOPMENT_CODE
from nokrabob.registry.generate import PROFILES, born_at_age, corpus_name, draw_age, draw_income, title_for
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
            "want_s40",
            "สนใจสมัครมาตรา 40 หรือไม่",
            "select_one",
            "yes_no",
            relevant="${has_s40} = 'no'",
            follow_up_scheme="s40",
            follow_up_answer="yes",
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

# Each district's pending registrations: (occupation, sex); names, ages and incomes are drawn per person.
PEOPLE = [
    ("street_vendor", "M"),
    ("street_vendor", "F"),
    ("moto_taxi", "M"),
    ("street_vendor", "F"),
    ("farmer", "M"),
    ("moto_taxi", "M"),
]
# Approved registrations that said they want to join Section 40, per district (their follow-ups).
INTERESTED = {"1001": 5, "1006": 3}
DISTRICT_USERS = {"1001": "phranakhon", "1006": "bangkapi"}


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
        for occupation, sex in PEOPLE:
            national_id = None
            if existing is not None and count == 0:
                national_id = existing.national_id  # a registration of someone already registered
            has_s40 = rng.choice(["yes", "no"])
            extra = {"has_s40": has_s40, "work_years": rng.randrange(1, 30), "savings": ["save"]}
            extra["s40_option" if has_s40 == "yes" else "want_s40"] = "1" if has_s40 == "yes" else "yes"
            _register(rng, districts[district_code], occupation, sex, extra, today, national_id=national_id)
            count += 1
    followed = _interested_and_approved(rng, districts, today)
    stdout.write(
        f"collection demo: 1 campaign, {len(targets)} districts, {count} pending submissions, "
        f"{followed} follow-ups"
    )


def _register(
    rng: random.Random,
    campaign_district: CampaignDistrict,
    occupation: str,
    sex: str,
    extra: dict[str, object],
    today: dt.date,
    *,
    national_id: str | None = None,
) -> Submission:
    """A QR registration of a made-up worker of ``occupation`` (name, age and income drawn to fit it)."""
    age = draw_age(rng, occupation)
    first, last = corpus_name(rng, sex)
    subdistricts = [s.code for s in geothai.subdistricts(campaign_district.district_code)]
    return submission_create(
        campaign_district=campaign_district,
        person={
            "national_id": national_id or make_national_id(f"3{rng.randrange(10**10, 10**11)}"),
            "title": title_for(rng, sex, age),
            "first_name": first,
            "last_name": last,
            "sex": sex,
            "birth_date": born_at_age(rng, age, today).isoformat(),
            "phone": f"08{rng.randrange(10**7, 10**8)}",
            "house_no": f"{rng.randrange(1, 300)}/{rng.randrange(1, 40)}",
            "soi": "",
            "road": "",
            "subdistrict_code": rng.choice(subdistricts) if subdistricts else "",
            "monthly_income": str(draw_income(rng, occupation)),
            "has_disability": None,
        },
        occupation=occupation,
        extra=extra,
        lawful_basis=LawfulBasis.CONSENT,
        sensitive_data_consent=False,
    )


def _interested_and_approved(
    rng: random.Random, districts: dict[str, CampaignDistrict], today: dt.date
) -> int:
    """Registrations that said they want to join Section 40, approved by the district officer: each opens
    a follow-up. In Phra Nakhon one is contacted, one is past its due date, one has enrolled."""
    from nokrabob.collection.services import submission_approve
    from nokrabob.registry.models import FollowUp, FollowUpStatus
    from nokrabob.registry.services_outreach import follow_up_set_status

    made = 0
    for district_code, how_many in INTERESTED.items():
        officer = User.objects.filter(username=DISTRICT_USERS[district_code]).first()
        if officer is None:
            continue
        opened: list[FollowUp] = []
        for _n in range(how_many):
            occupation = rng.choice(("moto_taxi", "street_vendor", "platform_rider", "home_worker"))
            sex = "M" if rng.random() < PROFILES[occupation].men else "F"
            extra = {"has_s40": "no", "want_s40": "yes", "work_years": rng.randrange(1, 20)}
            submission = _register(rng, districts[district_code], occupation, sex, extra, today)
            person = submission_approve(actor=officer, submission=submission, allow_candidates=True)
            opened.extend(FollowUp.objects.filter(person=person))
        made += len(opened)
        if district_code == "1001" and len(opened) >= 3:
            follow_up_set_status(
                actor=officer,
                follow_up=opened[0],
                status=FollowUpStatus.CONTACTED,
                note="โทรแล้ว นัดมาสมัครที่เขต",
            )
            FollowUp.objects.filter(pk=opened[1].pk).update(due_on=today - dt.timedelta(days=5))
            follow_up_set_status(
                actor=officer, follow_up=opened[2], status=FollowUpStatus.ENROLLED, note="สมัครทางเลือกที่ 2"
            )
    return made


def _bangkok_district_codes() -> list[str]:
    return [d.code for d in geothai.districts(BANGKOK_CODE)]
