"""A registration that says the worker wants to join a scheme opens a follow-up for the district on approval
(one by one, in bulk, by merge), shown on the district's follow-up list — and nowhere else (ADR 0209)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.collection.models import Submission
from nokrabob.collection.services import (
    campaign_create,
    campaign_load_questions,
    interested_schemes,
    submission_approve,
)
from nokrabob.collection.tests.conftest import OTHER_ID, VALID_ID, form_data
from nokrabob.collection.tests.test_xlsform import workbook
from nokrabob.collection.xlsform import (
    ParsedChoice,
    ParsedForm,
    ParsedQuestion,
    export_xlsform,
    parse_xlsform,
)
from nokrabob.core.errors import DomainError
from nokrabob.core.models import OrgUnit
from nokrabob.registry.models import FollowUp, Occupation, Person, WelfareRecord
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db

INTEREST_FORM = ParsedForm(
    questions=[
        ParsedQuestion("has_s40", "เป็นผู้ประกันตนมาตรา 40 แล้วหรือไม่", "select_one", "yes_no", required=True),
        ParsedQuestion(
            "want_s40",
            "สนใจสมัครมาตรา 40 หรือไม่",
            "select_one",
            "yes_no",
            relevant="${has_s40} = 'no'",
            follow_up_scheme="s40",
            follow_up_answer="yes",
        ),
        # Any scheme of the registry, any choice: "which would you like" with the National Savings Fund.
        ParsedQuestion(
            "wants",
            "อยากสมัครอะไรบ้าง",
            "select_multiple",
            "wants",
            follow_up_scheme="nsf",
            follow_up_answer="nsf",
        ),
    ],
    choices=[
        ParsedChoice("yes_no", "yes", "ใช่"),
        ParsedChoice("yes_no", "no", "ไม่ใช่"),
        ParsedChoice("wants", "nsf", "กองทุนการออมแห่งชาติ"),
        ParsedChoice("wants", "loan", "สินเชื่อ"),
    ],
)


@pytest.fixture
def interest_campaign(db, org_units):
    today = timezone.localdate()
    campaign = campaign_create(
        actor=None,
        fields={
            "name": "สำรวจความสนใจสวัสดิการ",
            "fiscal_year": 2570,
            "opens_on": today - dt.timedelta(days=10),
            "closes_on": today + dt.timedelta(days=30),
            "owner_unit": OrgUnit.objects.get(code="2400"),
        },
        occupations=list(Occupation.objects.filter(is_target_group=True)),
        targets={"1001": 10, "1006": 5, "5001": 3, "5101": 2},
    )
    campaign_load_questions(actor=None, campaign=campaign, form=INTEREST_FORM)
    return campaign


def answers(**extra):
    """A valid public form post for ``interest_campaign``: not in Section 40 yet, wants to join."""
    data = form_data(q_s40_option=None, q_work_years=None, q_finance=None, q_started=None, q_note=None)
    data.update({"q_has_s40": "no", "q_want_s40": "yes", "q_wants": ["loan"]}, **extra)
    return {k: v for k, v in data.items() if v is not None}


def register(client, campaign, district_code="1001", national_id=VALID_ID, subdistrict="100101", **extra):
    cd = campaign.districts.get(district_code=district_code)
    data = answers(**extra)
    data.update(national_id=national_id, subdistrict_code=subdistrict, phone=f"08{national_id[-8:]}")
    response = client.post(reverse("collection:public_form", args=[cd.token]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.order_by("-id").first()


def test_approving_an_interested_registration_opens_a_follow_up_for_the_district(
    client, interest_campaign, district_user
):
    submission = register(client, interest_campaign)
    assert [s.code for s in interested_schemes(submission)] == ["s40"]
    client.force_login(district_user)
    detail = client.get(reverse("collection:review_detail", args=[submission.pk])).content.decode()
    assert 'data-testid="interest"' in detail and "ประกันสังคม มาตรา 40" in detail

    client.post(reverse("collection:review_decide", args=[submission.pk]), {"action": "approve"})
    submission.refresh_from_db()
    follow_up = FollowUp.objects.get()
    assert follow_up.person == submission.person and follow_up.scheme.code == "s40"
    assert follow_up.submission == submission and follow_up.status == "open"
    assert follow_up.due_on == timezone.localdate() + dt.timedelta(days=14)
    assert follow_up.person.district_code == "1001"
    approve = AuditEvent.objects.get(action="approve", target_id=str(submission.pk))
    assert approve.changes["follow_ups"] == [follow_up.pk]
    assert AuditEvent.objects.filter(action="create", target_type="registry.followup").count() == 1
    # The decided submission names its follow-up.
    decided = client.get(reverse("collection:review_detail", args=[submission.pk])).content.decode()
    assert (
        'data-testid="follow-ups"' in decided
        and reverse("registry:follow_up_detail", args=[follow_up.pk]) in decided
    )


def test_not_interested_or_not_relevant_answers_open_nothing(client, interest_campaign, district_user):
    no = register(client, interest_campaign, q_want_s40="no")
    # Already in Section 40: "want" is not asked, so a posted "yes" is dropped with it.
    member = register(client, interest_campaign, national_id=OTHER_ID, q_has_s40="yes", q_want_s40="yes")
    assert member.answers["extra"].get("want_s40") is None
    for submission in (no, member):
        submission_approve(actor=district_user, submission=submission, allow_candidates=True)
    assert not FollowUp.objects.exists()


def test_a_choice_of_a_multiple_question_maps_to_its_scheme(client, interest_campaign, district_user):
    submission = register(client, interest_campaign, q_want_s40="no", q_wants=["loan", "nsf"])
    submission_approve(actor=district_user, submission=submission, allow_candidates=True)
    assert list(FollowUp.objects.values_list("scheme__code", flat=True)) == ["nsf"]


def test_bulk_approval_opens_follow_ups_in_each_district_only_for_its_own(
    client, interest_campaign, make_user
):
    ids = [make_national_id(f"11017001{n:04d}") for n in range(3)]
    in_1001 = [
        register(client, interest_campaign, national_id=i, first_name=first, last_name=last)
        for i, first, last in zip(ids[:2], ("มานะ", "ปิติ"), ("ใจดี", "มีสุข"), strict=True)
    ]
    in_1006 = register(client, interest_campaign, "1006", ids[2], "100601", last_name="บางกะปิ")
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    client.force_login(officer)
    client.post(
        reverse("collection:review_decide_many"),
        {"action": "approve", "submission": [s.pk for s in [*in_1001, in_1006]]},
    )
    # Bang Kapi's registration is not Phra Nakhon's to approve: it stays open with no follow-up.
    in_1006.refresh_from_db()
    assert in_1006.is_open
    rows = FollowUp.objects.order_by("id")
    assert [r.submission_id for r in rows] == [s.pk for s in in_1001]
    assert {r.person.district_code for r in rows} == {"1001"}


def test_merging_into_an_existing_person_opens_the_follow_up_unless_already_enrolled(
    client, interest_campaign, district_user
):
    first = register(client, interest_campaign)
    person = submission_approve(actor=district_user, submission=first, allow_candidates=True)
    FollowUp.objects.all().delete()
    again = register(client, interest_campaign)
    client.force_login(district_user)
    client.post(
        reverse("collection:review_decide", args=[again.pk]),
        {"action": "merge", "person": person.pk, "use_phone": "1"},
    )
    assert FollowUp.objects.filter(person=person, scheme__code="s40", submission=again).count() == 1
    # One open follow-up per person and scheme; and none for someone whose latest record says enrolled.
    third = register(client, interest_campaign)
    client.post(
        reverse("collection:review_decide", args=[third.pk]), {"action": "merge", "person": person.pk}
    )
    assert FollowUp.objects.filter(person=person).count() == 1
    FollowUp.objects.all().delete()
    WelfareRecord.objects.create(
        person=person, scheme_id=FollowUp._meta.get_field("scheme").related_model.objects.get(code="s40").pk,
        status="enrolled", recorded_on=timezone.localdate(), source="staff_verified",
    )  # fmt: skip
    fourth = register(client, interest_campaign)
    client.post(
        reverse("collection:review_decide", args=[fourth.pk]), {"action": "merge", "person": person.pk}
    )
    assert not FollowUp.objects.exists()


def test_the_follow_up_list_and_page_are_the_districts_own(client, interest_campaign, make_user):
    """Phra Nakhon's follow-up: on Phra Nakhon's list; Bang Kapi's officer and Chiang Mai's do not see it
    on their lists, and its page answers them 404 (a status post changes nothing)."""
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    submission_approve(
        actor=officer,
        submission=register(client, interest_campaign, last_name="ใบเตย"),
        allow_candidates=True,
    )
    mine = FollowUp.objects.get()
    chiang_mai_officer = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    theirs_submission = register(
        client, interest_campaign, "5001", make_national_id("350170055501"), "500101", last_name="ดอกคำใต้"
    )
    submission_approve(actor=chiang_mai_officer, submission=theirs_submission, allow_candidates=True)
    theirs = FollowUp.objects.exclude(pk=mine.pk).get()
    assert theirs.person.province_code == "50"

    client.force_login(officer)
    page = client.get(reverse("registry:follow_up_list")).content.decode()
    assert "ใบเตย" in page and "ดอกคำใต้" not in page
    assert client.get(reverse("registry:follow_up_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("registry:follow_up_detail", args=[theirs.pk])).status_code == 404

    for viewer in (make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"), chiang_mai_officer):
        client.force_login(viewer)
        listed = client.get(reverse("registry:follow_up_list") + "?view=all").content.decode()
        assert "ใบเตย" not in listed
        assert client.get(reverse("registry:follow_up_detail", args=[mine.pk])).status_code == 404
        response = client.post(
            reverse("registry:follow_up_detail", args=[mine.pk]), {"status": "declined", "note": "x"}
        )
        assert response.status_code == 404
        mine.refresh_from_db()
        assert mine.status == "open" and mine.note == ""
    client.force_login(chiang_mai_officer)
    assert "ดอกคำใต้" in client.get(reverse("registry:follow_up_list")).content.decode()


def test_marking_done_records_the_welfare_step_and_leaves_the_todo_list(
    client, interest_campaign, district_user
):
    person = submission_approve(
        actor=district_user, submission=register(client, interest_campaign), allow_candidates=True
    )
    row = FollowUp.objects.get()
    client.force_login(district_user)
    url = reverse("registry:follow_up_detail", args=[row.pk])
    response = client.post(url, {"status": "contacted", "note": "โทรแล้ว นัดวันพุธ"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "contacted" and row.note == "โทรแล้ว นัดวันพุธ" and row.closed_on is None
    assert not WelfareRecord.objects.filter(person=person).exists()

    # The list's one-click form changes the status and keeps the note.
    back = reverse("registry:follow_up_list") + "?view=todo"
    response = client.post(url, {"status": "enrolled", "quick": "1", "back": back})
    assert response.status_code == 302 and response["Location"] == back
    row.refresh_from_db()
    assert row.status == "enrolled" and row.closed_on == timezone.localdate() and row.note == "โทรแล้ว นัดวันพุธ"
    record = WelfareRecord.objects.get(person=person)
    assert record.scheme.code == "s40" and record.status == "enrolled" and record.source == "staff_verified"
    marker = f'data-follow-up="{row.pk}"'
    assert marker not in client.get(reverse("registry:follow_up_list")).content.decode()
    assert marker in client.get(reverse("registry:follow_up_list") + "?view=done").content.decode()
    update = (
        AuditEvent.objects.filter(action="update", target_type="registry.followup").order_by("-id").first()
    )
    assert (
        update.changes["status"] == "changed" and update.changes["person"] == person.pk
    )  # values stay out (ADR 0004)

    # An unknown status is refused in Thai, nothing changes; an outside "back" is not followed.
    response = client.post(url, {"status": "maybe", "note": ""})
    assert response.status_code == 200 and "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    response = client.post(url, {"status": "declined", "quick": "1", "back": "https://example.com/"})
    assert response["Location"] == reverse("registry:follow_up_list")


def test_reads_of_the_list_and_page_are_audited(client, interest_campaign, district_user):
    person = submission_approve(
        actor=district_user, submission=register(client, interest_campaign), allow_candidates=True
    )
    row = FollowUp.objects.get()
    client.force_login(district_user)
    client.get(reverse("registry:follow_up_list"), {"view": "overdue", "scheme": "s40"})
    listed = AuditEvent.objects.get(changes__read="follow_up_list")
    assert listed.changes["filters"] == {"view": "overdue", "scheme": "s40"} and listed.changes["ids"] == []
    client.get(reverse("registry:follow_up_list"))
    listed = AuditEvent.objects.filter(changes__read="follow_up_list").order_by("-id").first()
    assert listed.changes["ids"] == [person.pk] and listed.changes["follow_ups"] == [row.pk]
    client.get(reverse("registry:follow_up_detail", args=[row.pk]))
    shown = AuditEvent.objects.get(changes__read="follow_up_detail")
    assert shown.changes["ids"] == [person.pk] and shown.changes["follow_up"] == row.pk


def test_roles_that_only_read_cannot_mark_and_executives_do_not_read(
    client, interest_campaign, district_user, make_user
):
    submission_approve(
        actor=district_user, submission=register(client, interest_campaign), allow_candidates=True
    )
    row = FollowUp.objects.get()
    client.force_login(make_user(Role.POLICY_STAFF))
    assert client.get(reverse("registry:follow_up_list")).status_code == 200
    client.force_login(make_user(Role.ASSESSOR))
    assert (
        client.post(reverse("registry:follow_up_detail", args=[row.pk]), {"status": "declined"}).status_code
        == 403
    )
    client.force_login(make_user(Role.EXECUTIVE))
    assert client.get(reverse("registry:follow_up_list")).status_code == 403
    row.refresh_from_db()
    assert row.status == "open"


def test_home_card_and_menu_lead_district_officers_to_the_list(client, interest_campaign, district_user):
    submission_approve(
        actor=district_user, submission=register(client, interest_campaign), allow_candidates=True
    )
    FollowUp.objects.update(due_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(district_user)
    home = client.get("/").content.decode()
    url = reverse("registry:follow_up_list")
    assert home.count(f'href="{url}"') >= 2  # the menu entry and the card
    assert "เลยกำหนด 1 ราย" in home
    page = client.get(url).content.decode()
    # Only the follow-up entry is the current one, not the registry it lives under.
    assert page.count('aria-current="page"') == 1 and f'href="{url}" aria-current="page"' in page


def test_the_campaign_page_says_which_answer_opens_a_follow_up(client, interest_campaign, admin_user_):
    client.force_login(admin_user_)
    page = client.get(reverse("collection:campaign_detail", args=[interest_campaign.pk])).content.decode()
    assert "ตอบ “ใช่” → ส่งเข้ารายการต้องติดตามการสมัคร ประกันสังคม มาตรา 40" in page
    assert "ตอบ “กองทุนการออมแห่งชาติ” → ส่งเข้ารายการต้องติดตามการสมัคร กองทุนการออมแห่งชาติ (กอช.)" in page


def test_xlsform_columns_mark_the_question_and_round_trip(interest_campaign):
    exported = export_xlsform(interest_campaign)
    form = parse_xlsform(exported)
    marked = {q.name: (q.follow_up_scheme, q.follow_up_answer) for q in form.questions if q.follow_up_scheme}
    assert marked == {"want_s40": ("s40", "yes"), "wants": ("nsf", "nsf")}
    # Without an answer column the choice "yes" is meant.
    book = workbook(
        [["type", "name", "label", "follow_up_scheme"], ["select_one yes_no", "want", "สนใจไหม", "s40"]],
        [["list_name", "name", "label"], ["yes_no", "yes", "ใช่"], ["yes_no", "no", "ไม่ใช่"]],
    )
    assert parse_xlsform(book).questions[0].follow_up_answer == "yes"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["select_one yes_no", "w", "สนใจไหม", "s99", ""], "ไม่รู้จักรหัสสวัสดิการ “s99”"),
        (["select_one yes_no", "w", "สนใจไหม", "s40", "maybe"], "ไม่พบตัวเลือก “maybe”"),
        (["text", "w", "สนใจไหม", "s40", ""], "ต้องเป็นคำถามแบบเลือกตอบ"),
        (["select_one yes_no", "w", "สนใจไหม", "", "yes"], "ยังไม่ได้ระบุ follow_up_scheme"),
    ],
)
def test_a_bad_follow_up_mark_is_refused_with_its_row(row, message):
    book = workbook(
        [["type", "name", "label", "follow_up_scheme", "follow_up_answer"], row],
        [["list_name", "name", "label"], ["yes_no", "yes", "ใช่"], ["yes_no", "no", "ไม่ใช่"]],
    )
    with pytest.raises(DomainError) as caught:
        parse_xlsform(book)
    assert "แถวที่ 2" in caught.value.message and message in caught.value.message


def test_staff_entry_straight_to_the_registry_opens_the_follow_up_too(
    client, interest_campaign, district_user
):
    client.force_login(district_user)
    data = answers()
    data.update(district="1001", consent_channel="staff", lawful_basis="consent", action="registry")
    response = client.post(reverse("collection:staff_entry", args=[interest_campaign.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(national_id=VALID_ID)
    assert FollowUp.objects.get().person == person
