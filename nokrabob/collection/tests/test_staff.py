"""Campaigns, targets, progress, posters and staff entry through the Django test client."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.collection.models import Campaign, Submission, SubmissionStatus
from nokrabob.collection.selectors import campaign_progress, campaign_progress_by_occupation, progress_total
from nokrabob.collection.services import submission_reject
from nokrabob.collection.tests.conftest import VALID_ID, form_data
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db


def test_department_staff_create_a_campaign_with_be_dates(client, make_user, org_units):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    data = {
        "name": "สำรวจผู้ค้าหาบเร่ 2570",
        "fiscal_year": "2570",
        "opens_on": "01/10/2569",
        "closes_on": "31/03/2570",
        "data_sources": "ทะเบียนผู้ค้าของสำนักงานเขต",
        "is_published": "on",
    }
    bad = client.post(reverse("collection:campaign_create"), {**data, "closes_on": "01/09/2569"})
    assert "วันปิดรับต้องไม่ก่อนวันเปิดรับ" in bad.content.decode()
    response = client.post(reverse("collection:campaign_create"), data, follow=True)
    campaign = Campaign.objects.get()
    assert campaign.opens_on.isoformat() == "2026-10-01" and campaign.closes_on.isoformat() == "2027-03-31"
    assert campaign.districts.count() == 50
    assert "สำรวจผู้ค้าหาบเร่ 2570" in response.content.decode()

    targets = {f"target_{cd.district_code}": "0" for cd in campaign.districts.all()}
    wrong = client.post(
        reverse("collection:campaign_targets", args=[campaign.pk]), {**targets, "target_1001": "-3"}
    )
    assert "จำนวนเต็มไม่ติดลบ" in wrong.content.decode()
    client.post(reverse("collection:campaign_targets", args=[campaign.pk]), {**targets, "target_1001": "120"})
    assert campaign.districts.get(district_code="1001").target == 120


def test_district_staff_cannot_create_campaigns(client, district_user):
    client.force_login(district_user)
    assert client.get(reverse("collection:campaign_create")).status_code == 403


def test_progress_counts_per_district_against_the_target(client, campaign, district, district_user):
    url = reverse("collection:public_form", args=[district.token])
    for i in range(4):
        client.post(
            url,
            form_data(
                national_id=make_national_id(f"11017001{i:04d}"),
                phone=f"081000000{i}",
                first_name=["สมชาย", "มาลี", "ประยูร", "กาญจนา"][i],
            ),
        )
    bangkapi = campaign.districts.get(district_code="1006")
    client.post(reverse("collection:public_form", args=[bangkapi.token]), form_data(subdistrict_code=""))
    submissions = list(Submission.objects.filter(district_code="1001").order_by("id"))
    from nokrabob.collection.services import submission_approve

    submission_approve(actor=district_user, submission=submissions[0])
    submission_approve(actor=district_user, submission=submissions[1])
    submission_reject(actor=district_user, submission=submissions[2], reason="ข้อมูลไม่ครบ")

    rows = {r.district_code: r for r in campaign_progress(campaign)}
    assert (rows["1001"].target, rows["1001"].submitted, rows["1001"].pending) == (10, 4, 1)
    assert (rows["1001"].approved, rows["1001"].rejected, rows["1001"].percent) == (2, 1, 20.0)
    assert (rows["1006"].submitted, rows["1006"].pending, rows["1006"].percent) == (1, 1, 0.0)
    groups = {g.occupation_code: g for g in campaign_progress_by_occupation(campaign)}
    assert set(groups) == {"moto_taxi", "street_vendor", "farmer"}
    assert (groups["street_vendor"].submitted, groups["street_vendor"].approved) == (5, 2)
    assert (groups["moto_taxi"].submitted, groups["farmer"].approved) == (0, 0)
    total = progress_total(list(rows.values()))
    assert (total.target, total.submitted, total.approved) == (15, 5, 2)

    client.force_login(district_user)
    page = client.get(reverse("collection:campaign_detail", args=[campaign.pk])).content.decode()
    assert "20.0%" in page and "เขตพระนคร" in page


def test_staff_entry_goes_to_the_queue_or_straight_to_the_registry(client, campaign, district_user):
    client.force_login(district_user)
    url = reverse("collection:staff_entry", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "autofocus" in page and 'value="registry"' in page
    data = form_data(district="1001", consent_channel="paper", lawful_basis="public_task")
    data.pop("website")
    response = client.post(url, {**data, "action": "queue"}, follow=True)
    assert "ส่งเข้าคิวตรวจสอบแล้ว" in response.content.decode()
    queued = Submission.objects.get()
    assert (
        queued.channel == "staff"
        and queued.status == SubmissionStatus.PENDING
        and queued.entered_by == district_user
    )
    assert not Person.objects.exists()

    other = {
        **data,
        "national_id": make_national_id("310010012345"),
        "first_name": "มาลี",
        "phone": "0822222222",
    }
    response = client.post(url, {**other, "action": "registry"}, follow=True)
    assert "บันทึกเข้าทะเบียนแล้ว" in response.content.decode()
    person = Person.objects.get()
    assert person.first_name == "มาลี" and person.source == "staff"
    assert person.consents.get().channel == "paper" and person.consents.get().lawful_basis == "public_task"
    assert Submission.objects.get(person=person).status == SubmissionStatus.APPROVED

    # The same ID straight to the registry again: refused, nothing half-written.
    again = client.post(url, {**other, "action": "registry"})
    assert "มีบุคคลที่ใช้เลขประจำตัวประชาชนนี้ในทะเบียนแล้ว" in again.content.decode()
    assert Person.objects.count() == 1 and Submission.objects.count() == 2


def test_roles_without_edit_rights_only_queue(client, campaign, make_user):
    client.force_login(make_user(Role.DPO))
    url = reverse("collection:staff_entry", args=[campaign.pk])
    assert 'value="registry"' not in client.get(url).content.decode()
    data = form_data(district="1001", consent_channel="staff", lawful_basis="public_task", action="registry")
    assert client.post(url, data).status_code == 403
    assert not Person.objects.exists() and not Submission.objects.exists()


def _decode(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert results, "no QR code found"
    return results[0].text


def test_the_qr_png_encodes_the_public_link_which_opens_the_form(client, district, district_user):
    client.force_login(district_user)
    response = client.get(reverse("collection:poster_png", args=[district.pk]))
    assert response["Content-Type"] == "image/png"
    encoded = _decode(response.content)
    assert encoded == "http://testserver" + reverse("collection:public_form", args=[district.token])
    client.logout()
    form = client.get(encoded.removeprefix("http://testserver"))
    assert form.status_code == 200 and "ลงทะเบียนแรงงานนอกระบบ" in form.content.decode()


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm not installed")
def test_the_pdf_poster_has_the_campaign_district_and_a_readable_qr(
    client, district, district_user, tmp_path
):
    client.force_login(district_user)
    response = client.get(reverse("collection:poster_pdf", args=[district.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext splits the vowel sara am (ำ) of Sarabun's glyphs, so look for words without it.
    assert "เขตพระนคร" in text and "แรงงานนอกระบบทดสอบ" in text and "2562" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Sarabun" in fonts
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(pdf), str(tmp_path / "page")], check=True)
    page = next(Path(tmp_path).glob("page*.png")).read_bytes()
    assert _decode(page).endswith(reverse("collection:public_form", args=[district.token]))


def test_another_districts_poster_is_404(client, campaign, district_user):
    bangkapi = campaign.districts.get(district_code="1006")
    client.force_login(district_user)
    assert client.get(reverse("collection:poster_png", args=[bangkapi.pk])).status_code == 404


def test_campaign_list_query_count(client, campaign, admin_user_, django_assert_max_num_queries):
    from nokrabob.collection.services import campaign_create

    for i in range(5):
        campaign_create(
            actor=admin_user_, fields={**_fields(campaign), "name": f"สำรวจ {i}"}, targets={"1001": 1}
        )
    client.force_login(admin_user_)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("collection:campaign_list"))
    html = response.content.decode()
    assert html.count("collection/campaigns/") >= 6
    assert '<td class="num">15</td>' in html  # the campaign's targets, summed over its districts


def test_campaign_detail_query_count(client, campaign, admin_user_, django_assert_max_num_queries):
    client.force_login(admin_user_)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("collection:campaign_detail", args=[campaign.pk]))
    assert response.status_code == 200


def _fields(campaign):
    return {
        "fiscal_year": campaign.fiscal_year,
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "owner_unit": campaign.owner_unit,
    }


def test_national_id_check_in_javascript_agrees_with_the_server():
    node = shutil.which("node")
    if not node:
        pytest.skip("node not installed")
    from nokrabob.registry.rules.national_id import clean_national_id, national_id_error

    script = Path(__file__).resolve().parents[1] / "static" / "collection" / "collection.js"
    import random

    rng = random.Random(13)
    samples = [make_national_id(f"{rng.randrange(1, 9)}{rng.randrange(10**10, 10**11)}") for _ in range(150)]
    samples += [s[:12] + str((int(s[12]) + rng.randrange(1, 10)) % 10) for s in samples[:150]]
    samples += ["0" + make_national_id("10000000001")[1:], make_national_id("900000000001"), "12345",
                "๑๑๐๑๗๐๐๑๒๓๔๕๖", "1-1017-00123-45-6", VALID_ID, "abc"]  # fmt: skip
    harness = (
        "global.window={};global.document={addEventListener(){}};"
        + script.read_text()
        + ";const ids=JSON.parse(process.argv[1]);"
        + "console.log(JSON.stringify(ids.map(i=>window.nokrabobCollection.nationalIdError(i))));"
    )
    import json

    out = subprocess.run(
        [node, "-e", harness, json.dumps(samples)], capture_output=True, text=True, check=True
    ).stdout
    from_js = json.loads(out)
    expected = []
    for sample in samples:
        error = national_id_error(clean_national_id(sample))
        expected.append(error.code if error else "")
    assert from_js == expected
    assert from_js.count("") >= 150 and from_js.count("checksum") >= 140


def test_demo_loads(db, org_units):
    from nokrabob.accounts import demo as accounts_demo
    from nokrabob.collection import demo

    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    campaign = Campaign.objects.get(name=demo.DEMO_NAME)
    assert campaign.state() == "open" and campaign.fiscal_year == 2570
    assert campaign.districts.count() == 50 and all(cd.target > 0 for cd in campaign.districts.all())
    assert Submission.objects.filter(campaign=campaign, status="pending").count() == 12
    # The approved ones that want Section 40 are the districts' follow-ups, in a few states.
    from nokrabob.registry.models import FollowUp

    assert campaign.questions.get(name="want_s40").interest_scheme.code == "s40"
    follow_ups = FollowUp.objects.filter(submission__campaign=campaign)
    assert sorted(follow_ups.values_list("person__district_code", flat=True)) == ["1001"] * 5 + ["1006"] * 3
    assert set(follow_ups.values_list("status", flat=True)) == {"open", "contacted", "enrolled"}
    assert follow_ups.filter(due_on__lt=timezone.localdate(), status="open").count() == 1
    demo.load(out)
    assert Campaign.objects.filter(name=demo.DEMO_NAME).count() == 1


def test_a_person_of_the_registry_is_unaffected_until_approval(client, district):
    client.post(reverse("collection:public_form", args=[district.token]), form_data())
    assert Submission.objects.filter(national_id=VALID_ID).exists()
    assert not Person.objects.filter(national_id=VALID_ID).exists()


def test_progress_api_for_the_indicator(client, campaign, district, district_user, make_user):
    client.post(reverse("collection:public_form", args=[district.token]), form_data())
    from nokrabob.collection.services import submission_approve

    submission_approve(actor=district_user, submission=Submission.objects.get())
    url = reverse("api:collection:campaign_progress", args=[campaign.pk])
    assert client.get(url).status_code == 401  # not logged in (WWW-Authenticate: Token)
    client.force_login(make_user(Role.DEPARTMENT_STAFF))  # every Bangkok district is theirs: exact
    data = client.get(url).json()
    assert data["campaign"]["fiscal_year"] == 2570 and data["campaign"]["state"] == "open"
    row = next(r for r in data["districts"] if r["district_code"] == "1001")
    assert (row["target"], row["submitted"], row["approved"], row["percent"]) == (10, 1, 1, 10.0)
    assert data["total"]["target"] == 15
    street = next(g for g in data["groups"] if g["occupation_code"] == "street_vendor")
    assert (street["submitted"], street["approved"]) == (1, 1)
    # Executives read aggregates only: one person is below the suppression limit, so it is withheld;
    # targets (plans, not people) and zeros stay.
    client.force_login(make_user(Role.EXECUTIVE))
    data = client.get(url).json()
    row = next(r for r in data["districts"] if r["district_code"] == "1001")
    assert (row["target"], row["submitted"], row["approved"], row["percent"]) == (10, None, None, None)
    assert (row["rejected"], data["total"]["target"], data["total"]["submitted"]) == (0, 15, None)
    street = next(g for g in data["groups"] if g["occupation_code"] == "street_vendor")
    assert (street["submitted"], street["approved"]) == (None, None)
    listing = client.get(reverse("api:collection:campaign_list"), {"fiscal_year": "2570"}).json()
    assert [c["id"] for c in listing] == [campaign.pk]


def test_home_card_counts_the_queue(client, district, district_user):
    client.post(reverse("collection:public_form", args=[district.token]), form_data())
    client.force_login(district_user)
    page = client.get("/").content.decode()
    assert "ข้อมูลรอตรวจสอบ" in page and reverse("collection:review_queue") in page


def test_a_campaign_without_targets_or_submissions_says_so(client, campaign, admin_user_):
    from nokrabob.collection.services import campaign_set_targets

    campaign_set_targets(actor=admin_user_, campaign=campaign, targets={"1001": 0, "1006": 0})
    client.force_login(admin_user_)
    page = client.get(reverse("collection:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="progress-empty"' in page
    assert reverse("collection:campaign_targets", args=[campaign.pk]) in page
    campaign_set_targets(actor=admin_user_, campaign=campaign, targets={"1001": 10})
    page = client.get(reverse("collection:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="progress-empty"' not in page and "เขตพระนคร" in page
