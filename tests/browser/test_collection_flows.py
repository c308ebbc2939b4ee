"""Data collection on a phone: scan the QR → fill → submit → reference; staff decide; the worker sees it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.collection.models import Campaign, Submission, SubmissionStatus
from nokrabob.collection.services import campaign_create, campaign_load_questions, submission_create
from nokrabob.collection.xlsform import ParsedChoice, ParsedForm, ParsedQuestion, parse_xlsform
from nokrabob.core.models import OrgUnit
from nokrabob.registry import reference
from nokrabob.registry.models import Consent, Occupation, Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_ID = make_national_id("110170098765")
FORM = ParsedForm(
    questions=[
        ParsedQuestion("has_s40", "เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่", "select_one", "yes_no", required=True),
        ParsedQuestion(
            "s40_option", "ทางเลือกมาตรา 40", "select_one", "s40_options", relevant="${has_s40} = 'yes'"
        ),
        ParsedQuestion("work_years", "ประกอบอาชีพนี้มากี่ปี", "integer", constraint=". >= 0 and . <= 80"),
    ],
    choices=[
        ParsedChoice("yes_no", "yes", "ใช่"),
        ParsedChoice("yes_no", "no", "ไม่ใช่"),
        ParsedChoice("s40_options", "1", "ทางเลือกที่ 1"),
        ParsedChoice("s40_options", "2", "ทางเลือกที่ 2"),
    ],
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
        targets={"1001": 20, "1006": 10},
    )
    campaign_load_questions(actor=None, campaign=campaign, form=FORM)
    yield campaign
    cache.clear()


def fill_registration(page, *, national_id=WORKER_ID, first_name="สมปอง", phone="0812345678"):
    page.fill("#id_national_id", national_id)
    page.select_option("#id_title", "นาย")
    page.fill("#id_first_name", first_name)
    page.fill("#id_last_name", "ขยันดี")
    page.select_option("#id_sex", "M")
    page.fill("#id_birth_date", "15/06/2528")
    page.fill("#id_phone", phone)
    page.select_option("#id_occupation", "moto_taxi")
    page.fill("#id_house_no", "12/3")
    page.select_option("#id_subdistrict_code", label="วังบูรพาภิรมย์")
    page.get_by_label("ใช่").first.check()
    page.get_by_label("ทางเลือกที่ 2").check()
    page.fill("#id_q_work_years", "7")
    page.locator("#id_consent").check()


def register(page, campaign) -> str:
    token = campaign.districts.get(district_code="1001").token
    page.goto(f"/collection/r/{token}/")
    fill_registration(page)
    page.get_by_role("button", name="ส่งข้อมูล").click()
    return page.get_by_test_id("reference").inner_text().strip()


def test_scan_link_fill_submit_reference(phone_page, campaign, screenshot):
    page = phone_page
    token = campaign.districts.get(district_code="1001").token
    page.goto(f"/collection/r/{token}/")
    expect(page.locator("h1")).to_contain_text("ลงทะเบียนแรงงานนอกระบบ")
    expect(page.locator(".pdpa")).to_contain_text("พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling

    # The check digit is checked while typing.
    page.fill("#id_national_id", WORKER_ID[:12] + str((int(WORKER_ID[12]) + 1) % 10))
    expect(page.locator(".id-check")).to_contain_text("หลักตรวจสอบไม่ตรง")
    screenshot(page, "wrong-check-digit")
    page.fill("#id_national_id", WORKER_ID)
    expect(page.locator(".id-check")).to_contain_text("ถูกต้อง")

    # The sensitive question appears only with the explicit consent to sensitive data.
    disability = page.locator(".field", has=page.locator("#id_has_disability"))
    expect(disability).to_be_hidden()
    page.locator("#id_sensitive_consent").check()
    expect(disability).to_be_visible()
    page.locator("#id_sensitive_consent").uncheck()

    # Show-only-if: the Section 40 option appears only after "yes".
    option = page.locator(".field", has=page.locator("input[name=q_s40_option]"))
    expect(option).to_be_hidden()
    fill_registration(page)
    expect(option).to_be_visible()
    screenshot(page, "filled")

    page.get_by_role("button", name="ส่งข้อมูล").click()
    reference_number = page.get_by_test_id("reference").inner_text().strip()
    screenshot(page, "reference")
    submission = Submission.objects.get(reference=reference_number)
    assert submission.status == SubmissionStatus.PENDING and submission.national_id == WORKER_ID
    assert submission.answers["extra"] == {"has_s40": "yes", "s40_option": "2", "work_years": 7}
    assert not Person.objects.exists()


def test_the_server_says_what_is_wrong_in_thai(phone_page, campaign, screenshot):
    page = phone_page
    token = campaign.districts.get(district_code="1001").token
    page.goto(f"/collection/r/{token}/")
    fill_registration(page)
    page.fill("#id_birth_date", "15/06/2560")  # nine years old
    page.fill("#id_q_work_years", "เจ็ด")
    page.get_by_role("button", name="ส่งข้อมูล").click()
    expect(page.locator(".field.has-error", has=page.locator("#id_birth_date"))).to_contain_text(
        "อย่างน้อย 15 ปี"
    )
    expect(page.locator(".field.has-error", has=page.locator("#id_q_work_years"))).to_contain_text(
        "ตัวเลขจำนวนเต็ม"
    )
    screenshot(page, "errors")
    assert not Submission.objects.exists()


def test_staff_approve_and_the_person_is_in_the_registry_with_consent(
    phone_page, campaign, login, screenshot
):
    reference_number = register(phone_page, campaign)
    login(phone_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    phone_page.goto("/collection/review/")
    phone_page.get_by_role("link", name=reference_number).click()
    expect(phone_page.get_by_test_id("compare")).to_contain_text("สมปอง")
    screenshot(phone_page, "review")
    phone_page.get_by_role("button", name="อนุมัติเป็นรายใหม่").click()
    expect(phone_page.locator(".msg-success")).to_contain_text("อนุมัติแล้ว")
    expect(phone_page.get_by_test_id("status")).to_contain_text("อนุมัติเป็นรายใหม่")
    screenshot(phone_page, "approved")
    # The person is in the registry, with the worker's consent recorded.
    phone_page.get_by_test_id("person").get_by_role("link").click()
    expect(phone_page.locator("main")).to_contain_text("สมปอง")
    expect(phone_page.get_by_test_id("consent")).to_contain_text("ลงทะเบียนผ่าน QR Code")
    expect(phone_page.get_by_test_id("consent")).to_contain_text("ความยินยอม")
    screenshot(phone_page, "registry-person")

    person = Person.objects.get(national_id=WORKER_ID)
    assert person.first_name == "สมปอง" and person.district_code == "1001" and person.source == "self"
    consent = Consent.objects.get(person=person)
    assert consent.lawful_basis == "consent" and consent.channel == "qr"
    assert Submission.objects.get(reference=reference_number).person == person


def test_a_second_submission_of_the_same_id_is_caught_as_a_duplicate(phone_page, campaign, login, screenshot):
    first = register(phone_page, campaign)
    staff = login(phone_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    from nokrabob.collection.services import submission_approve

    submission_approve(actor=staff, submission=Submission.objects.get(reference=first))
    # The same worker registers again, with a new phone number.
    submission_create(
        campaign_district=campaign.districts.get(district_code="1001"),
        person={"national_id": WORKER_ID, "first_name": "สมปอง", "last_name": "ขยันดี",
                "birth_date": "1985-06-15", "phone": "0899999999", "subdistrict_code": "100102"},
        lawful_basis="consent",
        sensitive_data_consent=False,
    )  # fmt: skip
    phone_page.goto("/collection/review/")
    row = phone_page.get_by_test_id("queue").locator("tr", has=phone_page.get_by_test_id("dup-badge"))
    expect(row).to_have_count(1)
    screenshot(phone_page, "queue-duplicate")
    row.get_by_role("link").click()
    expect(phone_page.get_by_test_id("candidate")).to_contain_text("สมปอง")
    screenshot(phone_page, "side-by-side")

    phone_page.get_by_role("button", name="ยืนยันว่าเป็นคนละคน").click()
    expect(phone_page.locator(".msg-error")).to_contain_text("มีบุคคลที่ใช้เลขประจำตัวประชาชนนี้ในทะเบียนแล้ว")
    phone_page.locator("input[name=use_phone]").check()
    phone_page.get_by_role("button", name="รวมข้อมูลตามที่เลือก").click()
    expect(phone_page.locator(".msg-success")).to_contain_text("รวมข้อมูลเข้ากับ")
    assert Person.objects.count() == 1
    assert Person.objects.get().phone == "0899999999"


def test_a_rejected_one_reaches_the_workers_status_page(
    phone_page, browser, live_server, campaign, login, screenshot
):
    reference_number = register(phone_page, campaign)
    login(phone_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    phone_page.goto("/collection/review/")
    phone_page.get_by_role("link", name=reference_number).click()
    phone_page.get_by_role("button", name="ไม่อนุมัติ").click()
    expect(phone_page.locator(".field.has-error")).to_be_visible()  # a reason is required
    phone_page.fill("textarea[name=note]", "เป็นผู้ประกันตนมาตรา 33 อยู่แล้ว")
    phone_page.get_by_role("button", name="ไม่อนุมัติ").click()
    expect(phone_page.locator(".msg-success")).to_contain_text("ไม่อนุมัติ")

    worker = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = worker.new_page()
    page.goto("/collection/status/")
    page.fill("#id_reference", reference_number)
    page.fill("#id_national_id", WORKER_ID)
    page.fill("#id_birth_date", "15/06/2528")
    page.get_by_role("button", name="ตรวจสอบ").click()
    expect(page.get_by_test_id("status")).to_contain_text("ไม่อนุมัติ")
    expect(page.get_by_test_id("decision-note")).to_contain_text("มาตรา 33")
    screenshot(page, "worker-status")
    worker.close()


def test_the_qr_poster_opens_the_form(phone_page, browser, live_server, campaign, login, screenshot):
    import zxingcpp
    from PIL import Image

    login(phone_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    phone_page.goto(f"/collection/campaigns/{campaign.pk}/")
    expect(phone_page.get_by_test_id("progress")).to_contain_text("เขตพระนคร")
    screenshot(phone_page, "campaign")
    png = phone_page.request.get(phone_page.get_by_role("link", name="PNG").get_attribute("href")).body()
    url = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text
    assert url.startswith(live_server.url)

    scanner = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = scanner.new_page()
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("ลงทะเบียนแรงงานนอกระบบ")
    expect(page.locator("form.registration")).to_contain_text("เขตพระนคร")
    screenshot(page, "opened-from-qr")
    scanner.close()


def test_an_xlsform_round_trips_through_the_pages(page, campaign, login, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "required", "relevant"])
    survey.append(["select_one yes_no", "has_loan", "มีเงินกู้หรือไม่", "yes", ""])
    survey.append(["decimal", "loan_amount", "ยอดเงินกู้ (บาท)", "", "${has_loan} = 'yes'"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    choices.append(["yes_no", "yes", "ใช่"])
    choices.append(["yes_no", "no", "ไม่ใช่"])
    source = tmp_path / "form.xlsx"
    book.save(source)

    login(page, Role.DEPARTMENT_STAFF)
    page.goto(f"/collection/campaigns/{campaign.pk}/")
    page.set_input_files("input[name=file]", str(source))
    page.get_by_role("button", name="นำเข้าคำถามจาก XLSForm").click()
    expect(page.locator(".msg-success")).to_contain_text("นำเข้าคำถาม 2 ข้อแล้ว")
    with page.expect_download() as download:
        page.get_by_role("link", name="ส่งออกเป็น XLSForm").click()
    exported = parse_xlsform(download.value.path().read_bytes())
    original = parse_xlsform(source.read_bytes())
    assert exported.questions == original.questions and exported.choices == original.choices
    assert Campaign.objects.get(pk=campaign.pk).questions.count() == 2


def test_the_browser_check_digit_agrees_with_the_server(phone_page, campaign):
    import random

    from nokrabob.registry.rules.national_id import clean_national_id, national_id_error

    rng = random.Random(40)
    good = [make_national_id(f"{rng.randrange(0, 9)}{rng.randrange(10**10, 10**11)}") for _ in range(100)]
    bad = [g[:12] + str((int(g[12]) + 1 + rng.randrange(9)) % 10) for g in good]
    samples = [*good, *bad, "9" + good[0][1:], "๑" + good[1][1:], "12-34", ""]
    phone_page.goto(f"/collection/r/{campaign.districts.get(district_code='1001').token}/")
    from_js = phone_page.evaluate("ids => ids.map(window.nokrabobCollection.nationalIdError)", samples)
    expected = []
    for sample in samples:
        error = national_id_error(clean_national_id(sample))
        expected.append(error.code if error else "")
    assert from_js == expected
    assert from_js[:100] == [""] * 100 and set(from_js[100:200]) == {"checksum"}
