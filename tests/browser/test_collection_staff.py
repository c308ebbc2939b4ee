"""Staff entry from the keyboard, and a correction asked of the worker and sent back from the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.collection.models import Submission, SubmissionStatus
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id
from tests.browser.test_collection_flows import WORKER_ID, campaign, register  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_entry_is_keyboard_fast_and_saves_to_queue_or_registry(page, campaign, login, screenshot):  # noqa: F811
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto(f"/collection/campaigns/{campaign.pk}/entry/")
    expect(page.locator("#id_national_id")).to_be_focused()
    page.keyboard.type(make_national_id("310050011111"))
    for selector, value in [
        ("#id_first_name", "มาลี"),
        ("#id_last_name", "ศรีสุข"),
        ("#id_birth_date", "01/02/2520"),
    ]:
        page.focus(selector)
        page.keyboard.type(value)
    page.select_option("#id_sex", "F")
    page.select_option("#id_occupation", "street_vendor")
    page.get_by_label("ไม่ใช่").first.check()
    page.locator("#id_consent").check()
    page.focus("#id_q_work_years")
    page.keyboard.type("3")
    page.keyboard.press("Enter")  # the first button: to the review queue
    expect(page.locator(".msg-success")).to_contain_text("ส่งเข้าคิวตรวจสอบแล้ว")
    expect(page.locator("#id_national_id")).to_be_focused()  # ready for the next paper form
    queued = Submission.objects.get()
    assert queued.channel == "staff" and queued.status == SubmissionStatus.PENDING

    page.fill("#id_national_id", make_national_id("310050022222"))
    page.fill("#id_first_name", "ประยูร")
    page.fill("#id_last_name", "วินดี")
    page.fill("#id_birth_date", "09/09/2515")
    page.select_option("#id_sex", "M")
    page.select_option("#id_occupation", "moto_taxi")
    page.get_by_label("ไม่ใช่").first.check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="บันทึกเข้าทะเบียนทันที").click()
    expect(page.locator(".msg-success")).to_contain_text("บันทึกเข้าทะเบียนแล้ว")
    screenshot(page, "entry-saved")
    person = Person.objects.get()
    assert person.first_name == "ประยูร" and person.consents.get().channel == "staff"


def test_a_correction_asked_by_staff_is_sent_back_by_the_worker(
    phone_page,
    browser,
    live_server,
    campaign,  # noqa: F811 - the fixture imported above
    login,
    screenshot,
):
    reference_number = register(phone_page, campaign)
    login(phone_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    phone_page.goto("/collection/review/")
    phone_page.get_by_role("link", name=reference_number).click()
    phone_page.fill("textarea[name=note]", "โปรดตรวจสอบนามสกุลอีกครั้ง")
    phone_page.get_by_role("button", name="ขอให้แก้ไขข้อมูล").click()
    expect(phone_page.locator(".msg-success")).to_contain_text("ส่งคำขอให้แก้ไขข้อมูลแล้ว")

    worker = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = worker.new_page()
    page.goto("/collection/status/")
    page.fill("#id_reference", reference_number)
    page.fill("#id_national_id", WORKER_ID)
    page.fill("#id_birth_date", "15/06/2528")
    page.get_by_role("button", name="ตรวจสอบ").click()
    expect(page.get_by_test_id("status")).to_contain_text("ขอให้แก้ไขข้อมูล")
    expect(page.get_by_test_id("decision-note")).to_contain_text("นามสกุล")
    page.get_by_role("link", name="แก้ไขข้อมูล").click()
    expect(page.locator("#id_first_name")).to_have_value("สมปอง")
    page.fill("#id_last_name", "ขยันยิ่ง")
    page.get_by_role("button", name="ส่งข้อมูลที่แก้ไข").click()
    expect(page.get_by_test_id("status")).to_contain_text("รอตรวจสอบ")
    screenshot(page, "corrected")
    worker.close()
    submission = Submission.objects.get(reference=reference_number)
    assert submission.last_name == "ขยันยิ่ง" and submission.status == SubmissionStatus.PENDING
    assert submission.corrections == 1


def test_department_staff_set_up_a_campaign(page, login, screenshot, org_units):
    from django.apps import apps as django_apps

    from nokrabob.collection.models import Campaign
    from nokrabob.registry import reference
    from nokrabob.registry.models import Occupation

    if not Occupation.objects.exists():
        reference.load(django_apps)
    login(page, Role.DEPARTMENT_STAFF)
    page.goto("/collection/")
    page.get_by_role("link", name="สร้างการสำรวจ").click()
    page.fill("#id_name", "สำรวจผู้ขับขี่รถจักรยานยนต์รับจ้าง 2570")
    page.fill("#id_fiscal_year", "2570")
    page.get_by_label("ผู้ขับขี่รถจักรยานยนต์รับจ้าง").check()
    page.fill("#id_opens_on", "01/10/2569")
    page.fill("#id_closes_on", "31/03/2570")
    page.fill("#id_data_sources", "รายชื่อจากกรมการขนส่งทางบก")
    screenshot(page, "campaign-form")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".msg-success")).to_contain_text("สร้างการสำรวจ")
    expect(page.locator("dl.facts")).to_contain_text("1 ตุลาคม 2569")
    page.get_by_role("link", name="เป้าหมายรายเขต", exact=True).click()
    page.fill("#t1001", "150")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_test_id("progress")).to_contain_text("150")
    screenshot(page, "campaign-detail")
    created = Campaign.objects.get()
    assert created.districts.get(district_code="1001").target == 150
    assert list(created.target_occupations.values_list("code", flat=True)) == ["moto_taxi"]
