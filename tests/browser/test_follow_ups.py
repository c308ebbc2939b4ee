"""A worker says on the QR form that they want to join Section 40; the district officer approves the
registration in bulk from the queue, finds the person on the ต้องติดตาม list (home card and menu), and
marks them enrolled (ADR 0209)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.collection.services import campaign_create, campaign_load_questions
from nokrabob.collection.xlsform import ParsedChoice, ParsedForm, ParsedQuestion
from nokrabob.core.models import OrgUnit
from nokrabob.registry import reference
from nokrabob.registry.models import FollowUp, Occupation, WelfareRecord
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db(transaction=True)

FORM = ParsedForm(
    questions=[
        ParsedQuestion("has_s40", "เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่", "select_one", "yes_no", required=True),
        ParsedQuestion(
            "want_s40",
            "สนใจสมัครมาตรา 40 หรือไม่",
            "select_one",
            "yes_no",
            relevant="${has_s40} = 'no'",
            follow_up_scheme="s40",
        ),
    ],
    choices=[ParsedChoice("yes_no", "yes", "ใช่"), ParsedChoice("yes_no", "no", "ไม่ใช่")],
)


@pytest.fixture
def campaign(org_units):
    cache.clear()  # the rate limit counts every post from 127.0.0.1
    if not Occupation.objects.exists():  # a transactional test's flush empties the catalogues
        reference.load(django_apps)
    today = timezone.localdate()
    campaign = campaign_create(
        actor=None,
        fields={
            "name": "สำรวจแรงงานนอกระบบ ปีงบประมาณ 2570",
            "fiscal_year": 2570,
            "opens_on": today - dt.timedelta(days=3),
            "closes_on": today + dt.timedelta(days=60),
            "owner_unit": OrgUnit.objects.get(code="2400"),
        },
        occupations=list(Occupation.objects.filter(is_target_group=True)),
        targets={"1001": 20},
    )
    campaign_load_questions(actor=None, campaign=campaign, form=FORM)
    yield campaign
    cache.clear()


def test_interested_worker_to_follow_up_to_enrolled(phone_page, page, campaign, login, screenshot):
    worker = phone_page
    worker.goto(f"/collection/r/{campaign.districts.get(district_code='1001').token}/")
    worker.fill("#id_national_id", make_national_id("110170098765"))
    worker.select_option("#id_title", "นาง")
    worker.fill("#id_first_name", "มาลี")
    worker.fill("#id_last_name", "ศรีสุข")
    worker.select_option("#id_sex", "F")
    worker.fill("#id_birth_date", "15/06/2520")
    worker.fill("#id_phone", "0812345678")
    worker.select_option("#id_occupation", "street_vendor")
    worker.select_option("#id_subdistrict_code", label="วังบูรพาภิรมย์")
    worker.locator("input[name=q_has_s40][value=no]").check()
    want = worker.locator("input[name=q_want_s40][value=yes]")
    expect(want).to_be_visible()  # asked only of those not yet in Section 40
    want.check()
    worker.locator("#id_consent").check()
    worker.get_by_role("button", name="ส่งข้อมูล").click()
    expect(worker.get_by_test_id("reference")).to_be_visible()

    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto("/collection/review/")
    page.get_by_test_id("select-all").check()  # ticks every registration on the page
    expect(page.locator("input[name=submission]").first).to_be_checked()
    page.get_by_role("button", name="อนุมัติรายการที่เลือก", exact=True).click()
    expect(page.locator(".msg-success")).to_contain_text("ตัดสินแล้ว 1 รายการ")

    page.goto("/")
    card = page.locator(".card", has_text="ต้องติดตาม")
    expect(card).to_contain_text("1")
    page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="ต้องติดตาม").click()
    rows = page.get_by_test_id("follow-ups").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("นางมาลี ศรีสุข")
    expect(rows.first).to_contain_text("ประกันสังคม มาตรา 40")
    expect(rows.first).to_contain_text("รอติดต่อ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "list")

    rows.first.get_by_role("link", name="นางมาลี ศรีสุข").click()
    page.select_option("#id_status", "enrolled")
    page.fill("#id_note", "สมัครทางเลือกที่ 2 ที่สำนักงานเขต")
    screenshot(page, "mark-done")
    page.get_by_role("button", name="บันทึก").last.click()
    expect(page.locator(".msg-success")).to_contain_text("สมัครแล้ว")
    expect(page.get_by_test_id("follow-ups-empty")).to_be_visible()
    page.get_by_role("link", name="ปิดเรื่องแล้ว").click()
    expect(page.get_by_test_id("follow-ups").locator("tbody tr").first).to_contain_text("สมัครแล้ว")
    screenshot(page, "closed")

    row = FollowUp.objects.get()
    assert row.status == "enrolled" and row.note == "สมัครทางเลือกที่ 2 ที่สำนักงานเขต"
    assert WelfareRecord.objects.get(person=row.person).status == "enrolled"
