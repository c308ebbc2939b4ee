"""Fixtures for the collection tests: an open campaign with extra questions, and a valid form post."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from nokrabob.collection.services import campaign_create, campaign_load_questions
from nokrabob.collection.xlsform import ParsedChoice, ParsedForm, ParsedQuestion
from nokrabob.core.models import OrgUnit
from nokrabob.core.thai import format_be_date
from nokrabob.registry.models import Occupation
from nokrabob.registry.rules.national_id import make_national_id

FORM = ParsedForm(
    questions=[
        ParsedQuestion("has_s40", "เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่", "select_one", "yes_no", required=True),
        ParsedQuestion(
            "s40_option",
            "ทางเลือกมาตรา 40",
            "select_one",
            "s40_options",
            required=True,
            relevant="${has_s40} = 'yes'",
        ),
        ParsedQuestion(
            "work_years",
            "ประกอบอาชีพนี้มากี่ปี",
            "integer",
            constraint=". >= 0 and . <= 80",
            constraint_message="กรอกจำนวนปี 0–80",
        ),
        ParsedQuestion("finance", "การวางแผนการเงิน", "select_multiple", "finance"),
        ParsedQuestion("started", "เริ่มประกอบอาชีพเมื่อ", "date"),
        ParsedQuestion("note", "หมายเหตุ", "text"),
    ],
    choices=[
        ParsedChoice("yes_no", "yes", "ใช่"),
        ParsedChoice("yes_no", "no", "ไม่ใช่"),
        ParsedChoice("s40_options", "1", "ทางเลือกที่ 1"),
        ParsedChoice("s40_options", "2", "ทางเลือกที่ 2"),
        ParsedChoice("finance", "save", "ออมเงิน"),
        ParsedChoice("finance", "debt", "บริหารหนี้"),
    ],
)

VALID_ID = make_national_id("110170012345")
OTHER_ID = make_national_id("310050067891")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(db, org_units):
    today = timezone.localdate()
    campaign = campaign_create(
        actor=None,
        fields={
            "name": "สำรวจแรงงานนอกระบบทดสอบ",
            "fiscal_year": 2570,
            "opens_on": today - dt.timedelta(days=10),
            "closes_on": today + dt.timedelta(days=30),
            "owner_unit": OrgUnit.objects.get(code="2400"),
            "data_sources": "กรมการขนส่งทางบก",
        },
        occupations=list(Occupation.objects.filter(is_target_group=True)),
        targets={"1001": 10, "1006": 5},
    )
    campaign_load_questions(actor=None, campaign=campaign, form=FORM)
    return campaign


@pytest.fixture
def district(campaign):
    return campaign.districts.get(district_code="1001")


def form_data(**overrides: Any) -> dict[str, Any]:
    born = timezone.localdate().replace(year=timezone.localdate().year - 40)
    data: dict[str, Any] = {
        "national_id": VALID_ID,
        "title": "นาย",
        "first_name": "สมปอง",
        "last_name": "ขยันดี",
        "sex": "M",
        "birth_date": format_be_date(born),
        "phone": "0812345678",
        "house_no": "12/3",
        "soi": "",
        "road": "ราชดำเนิน",
        "subdistrict_code": "100101",
        "occupation": "street_vendor",
        "monthly_income": "9000",
        "has_disability": "",
        "consent": "on",
        "q_has_s40": "yes",
        "q_s40_option": "2",
        "q_work_years": "12",
        "q_finance": ["save"],
        "q_started": "01/05/2555",
        "q_note": "",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
