"""The registry pages through the Django test client."""

import datetime as dt

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.registry.models import (
    Activity,
    Community,
    HouseholdMember,
    Occupation,
    Participation,
    Person,
    WelfareRecord,
)
from nokrabob.registry.rules.national_id import format_national_id, make_national_id
from nokrabob.registry.services import ConsentInput
from nokrabob.registry.tests.factories import register, welfare

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "national_id": make_national_id("110170099887"),
        "title": "นาง",
        "first_name": "บุญมี",
        "last_name": "รักไทย",
        "sex": "F",
        "birth_date": "01/05/2523",
        "phone": "0891234567",
        "district_code": "1001",
        "subdistrict_code": "100101",
        "lawful_basis": "public_task",
        "consent_channel": "staff",
        "has_disability": "unknown",
    }
    data.update(overrides)
    return data


def test_list_search_and_detail_are_scoped(client, make_user, district_user):
    mine = register(district_user, first_name="พระนคร")
    theirs = register(None, first_name="บางกะปิ", subdistrict_code="100601")
    logged_in(client, district_user)
    page = client.get(reverse("registry:person_list")).content.decode()
    assert "พระนคร" in page and "บางกะปิ" not in page
    page = client.get(reverse("registry:person_list"), {"q": "บางกะปิ"}).content.decode()
    assert "ไม่พบบุคคลตามเงื่อนไขนี้" in page
    page = client.get(reverse("registry:person_list"), {"q": theirs.national_id}).content.decode()
    assert "บางกะปิ" not in page
    assert client.get(reverse("registry:person_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("registry:person_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("registry:person_merge", args=[mine.pk, theirs.pk])).status_code == 404
    assert client.get(reverse("registry:person_detail", args=[mine.pk])).status_code == 200


def test_executive_may_not_open_the_registry(client, make_user):
    logged_in(client, make_user(Role.EXECUTIVE))
    assert client.get(reverse("registry:person_list")).status_code == 403


def test_create_with_bad_input_says_what_and_where_in_thai(client, district_user):
    logged_in(client, district_user)
    bad_id = make_national_id("110170099887")[:-1] + "0"
    if bad_id == make_national_id("110170099887"):
        bad_id = bad_id[:-1] + "1"
    response = client.post(reverse("registry:person_create"), form_data(national_id=bad_id))
    assert response.status_code == 200
    assert "หลักตรวจสอบไม่ตรง" in response.content.decode()
    response = client.post(reverse("registry:person_create"), form_data(birth_date="31/02/2523"))
    assert "has-error" in response.content.decode()
    response = client.post(reverse("registry:person_create"), form_data(subdistrict_code="100601"))
    assert "has-error" in response.content.decode()  # another district's sub-district is not offered
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "บุญ\x1bมี", "อักขระควบคุม"),  # escape: invisible, and matching would miss the name
        ("last_name", "รัก\x7fไทย", "อักขระควบคุม"),
        ("road", "สุขุมวิท\nซอย 1", "บรรทัดเดียว"),
    ],
)
def test_control_characters_in_a_person_are_refused_on_the_field(
    client, district_user, field, value, message
):
    logged_in(client, district_user)
    response = client.post(reverse("registry:person_create"), form_data(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert list(response.context["form"].errors) == [field]
    assert Person.objects.count() == 0


def test_subdistrict_outside_the_district_is_refused_on_the_field(client, make_user):
    logged_in(client, make_user(Role.DEPARTMENT_STAFF))
    response = client.post(reverse("registry:person_create"), form_data(subdistrict_code="100601"))
    assert response.context["form"].errors["subdistrict_code"] == ["แขวง/ตำบล คลองจั่น ไม่อยู่ใน เขตพระนคร"]
    assert Person.objects.count() == 0


def test_create_shows_candidates_before_saving_then_create_anyway(client, district_user):
    register(district_user, first_name="บุญมี", last_name="รักไทย", phone="0891234567")
    logged_in(client, district_user)
    response = client.post(reverse("registry:person_create"), form_data())
    page = response.content.decode()
    assert "พบบุคคลที่อาจเป็นคนเดียวกัน" in page and "หมายเลขโทรศัพท์เดียวกัน" in page
    assert Person.objects.count() == 1
    response = client.post(reverse("registry:person_create"), form_data(action="create_anyway"))
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_same_national_id_cannot_be_created_anyway(client, district_user):
    existing = register(district_user)
    logged_in(client, district_user)
    response = client.post(
        reverse("registry:person_create"), form_data(national_id=existing.national_id, action="create_anyway")
    )
    assert "มีอยู่ในทะเบียนแล้ว" in response.content.decode()
    assert Person.objects.count() == 1


def test_create_then_merge_path_and_history(client, district_user):
    old = register(district_user, first_name="บุญมี", last_name="รักไทย", phone="0891234567", national_id=None)
    logged_in(client, district_user)
    response = client.post(reverse("registry:person_create"), form_data(action=f"merge:{old.pk}"))
    new = Person.objects.exclude(pk=old.pk).get()
    assert response["Location"] == reverse("registry:person_merge", args=[old.pk, new.pk])
    page = client.get(response["Location"]).content.decode()
    assert "ยืนยันการรวมระเบียน" in page
    response = client.post(response["Location"], {"national_id": "merge", "sex": "merge"})
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.national_id == make_national_id("110170099887") and old.sex == "F"
    assert new.merged_into_id == old.pk
    response = client.get(reverse("registry:person_detail", args=[old.pk]), {"tab": "history"})
    history = response.content.decode()
    assert "รวมระเบียน" in history and "ระเบียนที่รวมเข้ามา" in history
    changes = [(c.label, c.old, c.new) for e in response.context["history"] for c in e.changes]
    full_id = "1-1017-00998-87-" + make_national_id("110170099887")[-1]
    assert ("เลขประจำตัวประชาชน", "–", full_id) in changes  # none → the ID taken from the other record
    assert ("เลขประจำตัวประชาชน", full_id, "–") in changes  # … which gave it up
    assert ("รวมเข้ากับ", "–", f"#{old.pk}") in changes
    merged_page = client.get(reverse("registry:person_detail", args=[new.pk])).content.decode()
    assert "ระเบียนนี้ถูกรวมเข้ากับ" in merged_page
    assert "บุญมี" in client.get(reverse("registry:person_list")).content.decode()
    assert client.get(reverse("registry:person_list")).content.decode().count("บุญมี รักไทย") == 1


def test_assessor_sees_masked_ids(client, make_user, district_user):
    person = register(district_user)
    logged_in(client, make_user(Role.ASSESSOR))
    page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert f"x-xxxx-xxxxx-xx-{person.national_id[-1]}" in page
    assert person.national_id[1:5] not in page.replace("x-xxxx", "")
    listing = client.get(reverse("registry:person_list")).content.decode()
    assert f"x-xxxx-xxxxx-xx-{person.national_id[-1]}" in listing
    history = client.get(reverse("registry:person_detail", args=[person.pk]), {"tab": "history"})
    changes = [c.new for e in history.context["history"] for c in e.changes]
    assert f"x-xxxx-xxxxx-xx-{person.national_id[-1]}" in changes
    assert format_national_id(person.national_id) not in history.content.decode()


def test_withdrawn_consent_hides_disability(client, district_user):
    person = register(
        district_user,
        consent=ConsentInput(lawful_basis="consent", sensitive_data_consent=True),
        has_disability=True,
        disability_type="การเห็น",
    )
    logged_in(client, district_user)
    url = reverse("registry:person_detail", args=[person.pk])
    assert "การเห็น" in client.get(url).content.decode()
    client.post(reverse("registry:consent", args=[person.pk]), {"action": "withdraw"})
    page = client.get(url).content.decode()
    assert "การเห็น" not in page and "ไม่แสดง" in page
    history = client.get(url, {"tab": "history"}).content.decode()
    assert "การเห็น" not in history and "•••" in history
    person.refresh_from_db()
    assert person.has_disability is None


def test_welfare_record_added_from_the_tab_and_bad_date_refused(client, district_user):
    person = register(district_user)
    logged_in(client, district_user)
    url = reverse("registry:welfare_add", args=[person.pk])
    response = client.post(
        url,
        {
            "scheme": WelfareRecord._meta.get_field("scheme").related_model.objects.get(code="s40").pk,
            "option": "1",
            "status": "enrolled",
            "recorded_on": "01/01/2568",
            "source": "self_reported",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url, {"scheme": 1, "status": "enrolled", "recorded_on": "01/01/2600", "source": "self_reported"}
    )
    assert response.status_code == 400 and "วันที่ต้องไม่เป็นวันในอนาคต" in response.content.decode()
    assert WelfareRecord.objects.count() == 1
    page = client.get(
        reverse("registry:person_detail", args=[person.pk]), {"tab": "welfare"}
    ).content.decode()
    assert "ประกันสังคม มาตรา 40" in page and "ทางเลือก 1" in page


def test_outreach_page_counts_per_district(client, make_user, district_user):
    register(district_user, first_name="ก", birth_date=dt.date(1980, 1, 1))
    enrolled = register(district_user, first_name="ข", birth_date=dt.date(1980, 1, 1))
    welfare(enrolled, "s40", "enrolled", dt.date(2024, 1, 1))
    register(None, first_name="ค", birth_date=dt.date(1980, 1, 1), subdistrict_code="100601")
    logged_in(client, make_user(Role.DEPARTMENT_STAFF))
    response = client.get(reverse("registry:outreach"), {"scheme": "s40"})
    rows = {r["district"]: r["n"] for r in response.context["rows"]}
    assert rows == {"เขตพระนคร": 1, "เขตบางกะปิ": 1}
    listing = client.get(
        reverse("registry:person_list"), {"eligible": "s40", "district": "1001"}
    ).content.decode()
    assert ">ก " in listing.replace("</a>", " ") or "นายก ใจดี" in listing
    assert "นายข ใจดี" not in listing


def test_activity_participants_added_from_the_registry(client, district_user):
    person = register(district_user, first_name="สมใจ")
    logged_in(client, district_user)
    response = client.post(
        reverse("registry:activity_create"),
        {
            "title": "ให้ความรู้ มาตรา 40",
            "kind": "info_session",
            "held_on": "15/01/2568",
            "district_code": "1001",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and activity.fiscal_year == 2568
    url = reverse("registry:activity_detail", args=[activity.pk])
    page = client.post(url, {"q": "สมใจ"}).content.decode()
    assert "เพิ่มเป็นผู้เข้าร่วม" in page
    client.post(url, {"q": "สมใจ", "person": person.pk})
    assert Participation.objects.filter(activity=activity, person=person).exists()
    tab = client.get(
        reverse("registry:person_detail", args=[person.pk]), {"tab": "activities"}
    ).content.decode()
    assert "ให้ความรู้ มาตรา 40" in tab


def test_household_member_links_a_person_and_sensitive_needs_consent(client, district_user):
    person = register(district_user)
    Community.objects.create(code="C1001-01", name="ชุมชนบ้านพานถม", district_code="1001")
    logged_in(client, district_user)
    response = client.post(
        reverse("registry:household_create"),
        {
            "house_no": "12/3",
            "district_code": "1001",
            "subdistrict_code": "100101",
            "building_type": "detached",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    response = client.post(
        url, {"person_q": person.national_id, "relation": "หัวหน้าครัวเรือน", "has_disability": "true"}
    )
    assert "บุคคลนี้ในทะเบียนยังไม่ได้ให้ความยินยอมเรื่องข้อมูลอ่อนไหว" in response.content.decode()
    client.post(url, {"person_q": person.national_id, "relation": "หัวหน้าครัวเรือน"})
    member = HouseholdMember.objects.get()
    assert member.person == person and member.name == person.full_name
    tab = client.get(
        reverse("registry:person_detail", args=[person.pk]), {"tab": "household"}
    ).content.decode()
    assert "12/3" in tab


def test_list_pages_do_not_grow_queries(client, district_user, django_assert_max_num_queries):
    for i in range(30):
        register(district_user, first_name=f"คนที่{i}", phone="")
    logged_in(client, district_user)
    # The list writes one audit row of the people shown, whatever the page size: savepoint, chain lock
    # (PostgreSQL), the chain's head, insert, release.
    with django_assert_max_num_queries(17):
        client.get(reverse("registry:person_list"))
    with django_assert_max_num_queries(17):
        client.get(reverse("registry:person_list"), {"q": "คน", "eligible": "s40", "age_band": "30-44"})
    with django_assert_max_num_queries(12):
        client.get(reverse("registry:activity_list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("registry:community_list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("registry:outreach"))


def test_home_card_counts_a_district_and_links_the_outreach_list(client, district_user, make_user):
    register(district_user)
    register(None, subdistrict_code="100601")
    logged_in(client, district_user)
    page = client.get("/").content.decode()
    assert "ทะเบียนแรงงานนอกระบบ" in page and reverse("registry:outreach") in page
    card = next(c for c in client.get("/").context["cards"] if c.url == reverse("registry:person_list"))
    assert card.figure == "1"
    client.force_login(make_user(Role.EXECUTIVE))
    assert reverse("registry:person_list") not in client.get("/").content.decode()


def test_occupation_with_group_details_and_bad_dates(client, district_user):
    person = register(district_user)
    logged_in(client, district_user)
    moto = Occupation.objects.get(code="moto_taxi")
    url = reverse("registry:occupation_add", args=[person.pk])
    response = client.post(url, {"occupation": moto.pk, "started_on": "01/01/2566", "ended_on": "01/01/2565"})
    assert response.status_code == 400 and "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม" in response.content.decode()
    response = client.post(
        url,
        {
            "occupation": moto.pk,
            "started_on": "01/01/2566",
            "moto_stand": "วินหน้าตลาด",
            "dlt_licence_no": "123",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert "วินหน้าตลาด" in page and "ผู้ขับขี่รถจักรยานยนต์รับจ้าง" in page


def test_export_link_gives_the_list_rows_and_stays_in_scope(client, district_user):
    register(district_user, first_name="พระนคร", last_name="หนึ่ง")
    register(district_user, first_name="พระนคร", last_name="สอง", subdistrict_code="100102")
    register(None, first_name="พระนคร", last_name="บางกะปิ", subdistrict_code="100601")
    logged_in(client, district_user)
    response = client.get(reverse("registry:person_list"), {"q": "พระนคร", "subdistrict": "100101"})
    url = response.context["export_url"]
    assert url.startswith(reverse("imports:export")) and "subdistrict=100101" in url
    page = client.get(url)  # the export page, filled in with the list's filters; never a file
    assert "Content-Disposition" not in page
    search = page.context["search"]
    filters = {name: search[name].value() for name in ("q", "subdistrict") if search[name].value()}
    assert filters == {"q": "พระนคร", "subdistrict": "100101"}

    def exported(**chosen: str) -> str:
        form = {"columns": ["last_name"], "file_format": "csv", "purpose": "ส่งรายชื่อให้กองทุนการออมแห่งชาติ"}
        job_url = client.post(reverse("imports:export"), {**form, **chosen}).url
        job = job_url.rstrip("/").rsplit("/", 1)[-1]
        download = client.get(reverse("imports:export_download", args=[int(job)]))
        return b"".join(download.streaming_content).decode("utf-8-sig")

    body = exported(**filters)
    assert "หนึ่ง" in body and "สอง" not in body and "บางกะปิ" not in body
    everything = exported()
    assert "หนึ่ง" in everything and "สอง" in everything and "บางกะปิ" not in everything


def test_edit_person_shows_old_and_new_in_history_and_hides_disability_without_consent(client, district_user):
    person = register(district_user, last_name="ใจดี")
    logged_in(client, district_user)
    url = reverse("registry:person_edit", args=[person.pk])
    form = client.get(url).context["form"]
    assert "has_disability" not in form.fields  # no consent to sensitive data: the fields are not offered
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"last_name": "ใจงาม", "birth_date": "01/05/2523", "has_disability": "unknown"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    history = client.get(
        reverse("registry:person_detail", args=[person.pk]), {"tab": "history"}
    ).content.decode()
    assert "ใจดี" in history and "ใจงาม" in history and "ทดสอบ ระบบ" in history
    reopened = client.get(url).context["form"]  # the saved version: the form opened before is now stale
    data.update(version=reopened["version"].value(), opened=reopened["opened"].value())
    response = client.post(url, {**data, "phone": "12"})
    assert "หมายเลขโทรศัพท์ต้องมี 9–10 หลัก" in response.content.decode()


def test_other_districts_households_and_activities_answer_404(client, make_user, district_user):
    from nokrabob.registry.models import Household

    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    theirs = Household.objects.create(house_no="1", district_code="1006", subdistrict_code="100601")
    activity = Activity.objects.create(
        title="บางกะปิ", kind="training", held_on=dt.date(2025, 1, 1), fiscal_year=2568,
        unit=bang_kapi.unit, district_code="1006",
    )  # fmt: skip
    logged_in(client, district_user)
    assert client.get(reverse("registry:household_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("registry:activity_detail", args=[activity.pk])).status_code == 404
    assert "บางกะปิ" not in client.get(reverse("registry:activity_list")).content.decode()


def test_outreach_counts_are_live(client, district_user):
    register(district_user, first_name="ก", birth_date=dt.date(1980, 1, 1))
    logged_in(client, district_user)
    assert client.get(reverse("registry:outreach"), {"scheme": "s40"}).context["total"] == 1
    register(district_user, first_name="ข", birth_date=dt.date(1980, 1, 1))
    assert client.get(reverse("registry:outreach"), {"scheme": "s40"}).context["total"] == 2


def test_a_role_reading_no_records_gets_no_outreach_counts(client, make_user, district_user):
    register(district_user, first_name="ก", birth_date=dt.date(1980, 1, 1))
    executive = make_user(Role.EXECUTIVE)
    logged_in(client, executive)
    response = client.get(reverse("registry:outreach"), {"scheme": "s40"})
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert response.context["total"] == 0


@pytest.mark.parametrize(
    "role",
    [Role.ADMIN, Role.DEPARTMENT_STAFF, Role.PROVINCIAL_STAFF, Role.POLICY_STAFF, Role.ASSESSOR, Role.DPO],
)
def test_every_role_with_personal_data_opens_the_pages(client, make_user, role):
    user = make_user(role)
    logged_in(client, user)
    for name in (
        "registry:person_list",
        "registry:outreach",
        "registry:activity_list",
        "registry:community_list",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    create = client.get(reverse("registry:person_create"))
    assert create.status_code == (200 if user.caps.edits_people else 403)


def test_an_empty_registry_says_what_to_do_and_an_empty_search_says_to_loosen_it(client, make_user):
    logged_in(client, make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50"))
    page = client.get(reverse("registry:person_list")).content.decode()
    assert "ยังไม่มีบุคคลในทะเบียนของพื้นที่ของท่าน" in page and "ลงทะเบียนบุคคล" in page
    assert "ไม่พบบุคคลตามเงื่อนไขนี้" not in page
    # Each way to start is a link; nothing to export, no pages to turn.
    for name in ("registry:person_create", "imports:upload", "collection:campaign_list"):
        assert f'href="{reverse(name)}"' in page, name
    assert 'data-testid="export"' not in page and 'class="pager"' not in page
    page = client.get(reverse("registry:person_list"), {"q": "ไม่มีใครชื่อนี้"}).content.decode()
    assert "ไม่พบบุคคลตามเงื่อนไขนี้" in page and "ยังไม่มีบุคคลในทะเบียน" not in page
