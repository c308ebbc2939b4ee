"""The worker's side through the Django test client: submit, bad input, protection, status, correction."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from nokrabob.audit.models import AuditEvent
from nokrabob.collection.models import Submission, SubmissionStatus
from nokrabob.collection.tests.conftest import OTHER_ID, VALID_ID, form_data
from nokrabob.core.thai import format_be_date
from nokrabob.registry.models import Person

pytestmark = pytest.mark.django_db


def url(district):
    return reverse("collection:public_form", args=[district.token])


def test_a_worker_submits_and_gets_a_reference_number(client, district):
    response = client.get(url(district))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ประกาศความเป็นส่วนตัว" in body and 'name="sensitive_consent"' in body
    assert 'data-national-id="1"' in body and 'name="website"' in body

    response = client.post(url(district), form_data(), follow=True)
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.reference in response.content.decode()
    assert submission.status == SubmissionStatus.PENDING
    assert submission.district_code == "1001" and submission.province_code == "10"
    assert submission.answers["extra"] == {
        "has_s40": "yes",
        "s40_option": "2",
        "work_years": 12,
        "finance": ["save"],
        "started": "2012-05-01",
    }
    assert submission.answers["occupation"] == "street_vendor"
    assert submission.lawful_basis == "consent" and submission.consent_channel == "qr"
    # Never the registry directly.
    assert not Person.objects.exists()
    assert AuditEvent.objects.filter(target_type="collection.submission", action="create").count() == 1


def _errors(response):
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"national_id": VALID_ID[:12] + str((int(VALID_ID[12]) + 1) % 10)},
            "national_id",
            "หลักตรวจสอบไม่ตรง",
        ),
        ({"national_id": "12345"}, "national_id", "13 หลัก"),
        ({"birth_date": format_be_date(timezone.localdate() + dt.timedelta(days=3))}, "birth_date", "อนาคต"),
        (
            {"birth_date": format_be_date(timezone.localdate().replace(year=timezone.localdate().year - 14))},
            "birth_date",
            "15 ปี",
        ),
        ({"birth_date": "12/03/1985"}, "birth_date", "ไม่ใช่ปีพุทธศักราช"),
        ({"q_work_years": "สิบสอง"}, "q_work_years", "ตัวเลขจำนวนเต็ม"),
        ({"q_work_years": "120"}, "q_work_years", "กรอกจำนวนปี 0–80"),
        ({"monthly_income": "เก้าพัน"}, "monthly_income", ""),
        ({"first_name": "<script>alert(1)</script>"}, "first_name", "อักขระที่ไม่อนุญาต"),
        ({"q_note": '=HYPERLINK("http://x")'}, "q_note", "อักขระที่ไม่อนุญาต"),
        ({"first_name": "สม\x00ชาย"}, "first_name", ""),
        ({"last_name": "ใจ\x9bดี"}, "last_name", "อักขระที่ไม่อนุญาต"),  # a C1 control character
        ({"road": "สุขุม\u2028วิท"}, "road", "อักขระที่ไม่อนุญาต"),  # the Unicode line separator
        ({"first_name": "ก" * 101}, "first_name", ""),
        ({"q_has_s40": ""}, "q_has_s40", "กรุณาตอบข้อนี้"),
        ({"q_s40_option": ""}, "q_s40_option", "กรุณาตอบข้อนี้"),
        ({"consent": ""}, "consent", "ยินยอม"),
        ({"has_disability": "yes"}, "has_disability", "ข้อมูลอ่อนไหว"),
        ({"phone": "12345"}, "phone", "9–10 หลัก"),
    ],
)
def test_bad_input_gets_a_thai_message_on_its_field_and_nothing_is_stored(
    client, district, overrides, field, message
):
    response = client.post(url(district), form_data(**overrides))
    assert response.status_code == 200
    errors = _errors(response)
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Submission.objects.exists()


def test_a_question_not_shown_is_not_required_and_its_answer_is_dropped(client, district):
    client.post(url(district), form_data(q_has_s40="no", q_s40_option="1"))
    submission = Submission.objects.get()
    assert "s40_option" not in submission.answers["extra"]


def test_sensitive_answer_kept_only_with_explicit_consent(client, district):
    client.post(url(district), form_data(has_disability="yes", sensitive_consent="on"))
    submission = Submission.objects.get()
    assert submission.sensitive_data_consent is True
    assert submission.answers["person"]["has_disability"] is True


def test_honeypot_stores_nothing(client, district):
    response = client.post(url(district), form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "ระบบไม่รับข้อมูลนี้" in response.content.decode()
    assert not Submission.objects.exists()


@override_settings(COLLECTION_MAX_BODY_BYTES=2000)
def test_an_oversized_body_is_refused(client, district):
    response = client.post(url(district), form_data(q_note="ก" * 3000))
    assert response.status_code == 413
    assert "ข้อมูลมีขนาดใหญ่เกินไป" in response.content.decode()
    assert not Submission.objects.exists()


@override_settings(COLLECTION_RATE_LIMIT=3)
def test_a_flood_from_one_address_gets_429(client, district):
    codes = [client.post(url(district), form_data(national_id="1")).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    response = client.post(url(district), form_data())
    assert response.status_code == 429
    assert "ส่งข้อมูลบ่อยเกินไป" in response.content.decode()
    assert response["Retry-After"]
    assert not Submission.objects.exists()
    # Another address is not affected.
    other = client.post(url(district), form_data(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_closed_campaign_says_so_and_stores_nothing(client, campaign, district):
    campaign.opens_on = timezone.localdate() - dt.timedelta(days=60)
    campaign.closes_on = timezone.localdate() - dt.timedelta(days=1)
    campaign.save()
    response = client.post(url(district), form_data())
    assert "ปิดรับข้อมูลแล้ว" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_campaign_not_yet_open_says_when_it_opens(client, campaign, district):
    campaign.opens_on = timezone.localdate() + dt.timedelta(days=5)
    campaign.save()
    response = client.get(url(district))
    assert "ยังไม่เปิดรับข้อมูล" in response.content.decode()


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("collection:public_form", args=["nope"])).status_code == 404


def test_status_lookup_needs_all_three_and_allows_a_correction(client, district):
    client.post(url(district), form_data())
    submission = Submission.objects.get()
    lookup = reverse("collection:status_lookup")
    born = format_be_date(submission.birth_date)

    wrong = client.post(
        lookup, {"reference": submission.reference, "national_id": OTHER_ID, "birth_date": born}
    )
    assert "ไม่พบข้อมูล" in wrong.content.decode()

    response = client.post(
        lookup,
        {"reference": submission.reference.lower(), "national_id": VALID_ID, "birth_date": born},
        follow=True,
    )
    body = response.content.decode()
    assert "รอตรวจสอบ" in body and "แก้ไขข้อมูล" in body

    page = client.get(reverse("collection:status_correct"))
    assert 'value="สมปอง"' in page.content.decode()
    client.post(reverse("collection:status_correct"), form_data(first_name="สมปองใหม่", q_work_years="13"))
    submission.refresh_from_db()
    assert submission.first_name == "สมปองใหม่"
    assert submission.answers["extra"]["work_years"] == 13
    assert submission.corrections == 1

    changed_id = client.post(reverse("collection:status_correct"), form_data(national_id=OTHER_ID))
    assert "แก้ไขเลขประจำตัวประชาชนไม่ได้" in changed_id.content.decode()


def test_status_page_without_lookup_goes_to_the_lookup(client, db):
    response = client.get(reverse("collection:status_detail"))
    assert response.status_code == 302 and response["Location"].endswith(reverse("collection:status_lookup"))


def test_a_several_answers_question_is_a_group_with_its_question_above_the_boxes(client, district):
    import re

    page = client.get(reverse("collection:public_form", args=[district.token])).content.decode()
    group = re.search(
        r'<fieldset class="choices"><legend>การวางแผนการเงิน</legend>(.*?)</fieldset>', page, re.S
    )
    assert group is not None
    assert group.group(1).count('type="checkbox"') == 2
    assert "การวางแผนการเงิน</label>" not in page  # not a label wrapped around the boxes
