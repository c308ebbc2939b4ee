"""The review queue through the Django test client: approve, duplicates, merge, reject, correction, scope."""

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.collection.models import Submission, SubmissionStatus
from nokrabob.collection.services import submission_approve, submission_create
from nokrabob.collection.tests.conftest import OTHER_ID, VALID_ID, form_data
from nokrabob.registry.models import Consent, Person
from nokrabob.registry.services import DuplicatePerson

pytestmark = pytest.mark.django_db


def submit(client, district, **overrides):
    client.post(reverse("collection:public_form", args=[district.token]), form_data(**overrides))
    return Submission.objects.order_by("-id").first()


@pytest.fixture
def staff(client, district_user):
    client.force_login(district_user)
    return district_user


def decide(client, submission, **data):
    return client.post(reverse("collection:review_decide", args=[submission.pk]), data, follow=True)


def test_approve_creates_the_person_with_consent_occupation_and_audit(client, district, staff):
    submission = submit(client, district, sensitive_consent="on", has_disability="no")
    queue = client.get(reverse("collection:review_queue"))
    assert submission.reference in queue.content.decode()

    response = decide(client, submission, action="approve")
    assert "อนุมัติแล้ว" in response.content.decode()
    submission.refresh_from_db()
    person = submission.person
    assert submission.status == SubmissionStatus.APPROVED and submission.decided_by == staff
    assert (
        person.national_id == VALID_ID
        and person.district_code == "1001"
        and person.subdistrict_code == "100101"
    )
    assert person.source == "self"
    consent = Consent.objects.get(person=person)
    assert consent.lawful_basis == "consent" and consent.channel == "qr" and consent.sensitive_data_consent
    assert person.has_disability is False
    assert list(person.occupations.values_list("occupation__code", flat=True)) == ["street_vendor"]
    # The extra answers stay attached to the person and the campaign.
    assert person.submissions.get().answers["extra"]["s40_option"] == "2"
    assert AuditEvent.objects.filter(action="approve", target_id=str(submission.pk)).exists()
    assert AuditEvent.objects.filter(action="create", target_type="registry.person").exists()


def test_a_second_submission_of_the_same_id_is_caught_and_merged_field_by_field(client, district, staff):
    first = submit(client, district)
    decide(client, first, action="approve")
    person = Person.objects.get()
    second = submit(client, district, phone="0899999999", road="", house_no="99")
    assert second.candidates and second.candidates[0]["person"] == person.pk
    assert "national_id" in second.candidates[0]["reasons"]

    queue = client.get(reverse("collection:review_queue")).content.decode()
    assert "อาจซ้ำ" in queue
    page = client.get(reverse("collection:review_detail", args=[second.pk])).content.decode()
    assert 'data-testid="candidate"' in page and person.full_name in page

    refused = decide(client, second, action="approve_anyway")
    assert "มีบุคคลที่ใช้เลขประจำตัวประชาชนนี้ในทะเบียนแล้ว" in refused.content.decode()
    assert Person.objects.count() == 1

    decide(client, second, action="merge", person=str(person.pk), use_phone="1", use_house_no="1")
    person.refresh_from_db()
    second.refresh_from_db()
    assert second.status == SubmissionStatus.MERGED and second.person == person
    assert person.phone == "0899999999" and person.house_no == "99"
    assert person.road == "ราชดำเนิน"  # not chosen: kept
    assert Consent.objects.filter(person=person).count() == 2
    merge_event = AuditEvent.objects.get(action="merge", target_id=str(second.pk))
    assert merge_event.changes["fields"] == ["house_no", "phone"]


def test_reject_needs_a_reason_and_the_worker_sees_it(client, district, staff):
    submission = submit(client, district)
    response = client.post(
        reverse("collection:review_decide", args=[submission.pk]), {"action": "reject", "note": ""}
    )
    assert response.status_code == 400
    assert response.context["note_form"].errors["note"]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING

    decide(client, submission, action="reject", note="ไม่ใช่แรงงานนอกระบบ (เป็นผู้ประกันตนมาตรา 33)")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert AuditEvent.objects.filter(action="reject", target_id=str(submission.pk)).exists()

    client.logout()
    from nokrabob.core.thai import format_be_date

    page = client.post(
        reverse("collection:status_lookup"),
        {
            "reference": submission.reference,
            "national_id": VALID_ID,
            "birth_date": format_be_date(submission.birth_date),
        },
        follow=True,
    ).content.decode()
    assert "ไม่อนุมัติ" in page and "มาตรา 33" in page
    assert "status/correct" not in page


def test_a_correction_request_reopens_it_for_the_worker(client, district, staff):
    submission = submit(client, district)
    decide(client, submission, action="correct", note="โปรดระบุแขวงให้ถูกต้อง")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CORRECTION_REQUESTED
    assert submission.decision_note == "โปรดระบุแขวงให้ถูกต้อง"
    # Still open: staff may decide it; once decided, never twice.
    decide(client, submission, action="reject", note="x")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    again = decide(client, submission, action="approve")
    assert "ได้รับการพิจารณาไปแล้ว" in again.content.decode()
    assert not Person.objects.exists()


def test_another_districts_submission_is_404(client, campaign, make_user):
    bangkapi = campaign.districts.get(district_code="1006")
    submission = submit(client, bangkapi, subdistrict_code="")
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    assert client.get(reverse("collection:review_detail", args=[submission.pk])).status_code == 404
    assert (
        client.post(
            reverse("collection:review_decide", args=[submission.pk]), {"action": "approve"}
        ).status_code
        == 404
    )
    assert submission.reference not in client.get(reverse("collection:review_queue")).content.decode()
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"))
    assert client.get(reverse("collection:review_detail", args=[submission.pk])).status_code == 200


def test_roles_that_do_not_edit_people_cannot_decide(client, district, make_user):
    submission = submit(client, district)
    client.force_login(make_user(Role.ASSESSOR))
    page = client.get(reverse("collection:review_detail", args=[submission.pk]))
    assert page.status_code == 200 and 'value="approve"' not in page.content.decode()
    assert (
        client.post(
            reverse("collection:review_decide", args=[submission.pk]), {"action": "approve"}
        ).status_code
        == 403
    )
    client.force_login(make_user(Role.EXECUTIVE))
    assert client.get(reverse("collection:review_queue")).status_code == 403


def test_merge_into_a_person_outside_the_scope_is_refused(client, district, staff, make_user):
    other = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    from nokrabob.registry.services import person_create

    elsewhere = person_create(
        actor=other, fields={"national_id": OTHER_ID, "first_name": "ใคร", "district_code": "1006"}
    )
    submission = submit(client, district)
    response = decide(client, submission, action="merge", person=str(elsewhere.pk), use_phone="1")
    assert response.status_code == 404
    from nokrabob.collection.services import submission_merge
    from nokrabob.core.errors import DomainError

    with pytest.raises(DomainError, match="พื้นที่ที่ท่านรับผิดชอบ"):
        submission_merge(actor=staff, submission=submission, person=elsewhere, use_fields=["phone"])
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING


def test_service_refuses_approval_of_a_sound_alike_unless_confirmed(district, district_user):
    from nokrabob.registry.services import person_create

    person_create(
        actor=district_user,
        fields={"national_id": OTHER_ID, "first_name": "สมปอง", "last_name": "ขยันดี", "district_code": "1001",
                "birth_date": None, "phone": "0812345678"},
    )  # fmt: skip
    form = form_data()
    submission = submission_create(
        campaign_district=district,
        person={"national_id": VALID_ID, "first_name": "สมปอง", "last_name": "ขยันดี",
                "birth_date": "1985-01-01", "phone": "0812345678", "subdistrict_code": ""},
        occupation=form["occupation"],
        lawful_basis="consent",
        sensitive_data_consent=False,
    )  # fmt: skip
    assert submission.candidates[0]["reasons"] == ["phone"]
    with pytest.raises(DuplicatePerson):
        submission_approve(actor=district_user, submission=submission)
    person = submission_approve(actor=district_user, submission=submission, allow_candidates=True)
    assert person.national_id == VALID_ID


def test_review_queue_query_count_does_not_grow(client, district, staff, django_assert_max_num_queries):
    for i in range(12):
        from nokrabob.registry.rules.national_id import make_national_id

        submit(client, district, national_id=make_national_id(f"1101700{i:05d}"))
        from django.core.cache import cache

        cache.clear()
    assert Submission.objects.count() == 12
    # 10, plus the audit row of the submissions shown (savepoint, chain lock on PostgreSQL, head, insert,
    # release)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("collection:review_queue"))
    assert response.content.decode().count("collection/review/") >= 12


def test_the_queue_filters_by_campaign(client, campaign, district, staff):
    from nokrabob.collection.services import campaign_create

    submission = submit(client, district)
    other = campaign_create(
        actor=None,
        fields={"name": "อีกการสำรวจ", "fiscal_year": 2570, "opens_on": campaign.opens_on,
                "closes_on": campaign.closes_on, "owner_unit": campaign.owner_unit},
        targets={"1001": 1},
    )  # fmt: skip
    mine = client.get(reverse("collection:review_queue"), {"campaign": campaign.pk}).content.decode()
    assert submission.reference in mine
    theirs = client.get(reverse("collection:review_queue"), {"campaign": other.pk}).content.decode()
    assert submission.reference not in theirs and "อีกการสำรวจ" in theirs


def test_the_review_screen_shows_the_occupation_and_warns_when_the_title_contradicts_the_sex(
    client, district, staff
):
    consistent = submit(client, district)
    page = client.get(reverse("collection:review_detail", args=[consistent.pk])).content.decode()
    assert 'data-testid="occupation">ผู้ค้าหาบเร่-แผงลอย</dd>' in page
    assert 'data-testid="title-sex"' not in page
    assert "นายสมปอง ขยันดี" in client.get(reverse("collection:review_queue")).content.decode()

    contradicting = submit(client, district, national_id=OTHER_ID, title="นาย", sex="F")
    page = client.get(reverse("collection:review_detail", args=[contradicting.pk])).content.decode()
    assert 'data-testid="title-sex"' in page


def test_several_submissions_approved_at_once_with_the_checks_of_one_by_one(client, district, staff):
    from nokrabob.registry.rules.national_id import make_national_id

    names = [("มานี", "มีนา"), ("ปิติ", "ชูใจ"), ("วีระ", "กล้าหาญ")]
    plain = [
        submit(
            client,
            district,
            national_id=make_national_id(f"11017002{i:04d}"),
            first_name=first,
            last_name=last,
            phone=f"089000000{i}",
        )
        for i, (first, last) in enumerate(names)
    ]
    duplicate = submit(client, district, national_id=OTHER_ID)
    submission_approve(actor=staff, submission=duplicate)  # now OTHER_ID is in the registry
    again = submit(client, district, national_id=OTHER_ID, first_name="สมปอง")  # the same ID again
    client.force_login(staff)
    queue = client.get(reverse("collection:review_queue")).content.decode()
    assert 'data-testid="bulk-form"' in queue and f'value="{again.pk}"' in queue
    response = client.post(
        reverse("collection:review_decide_many"),
        {"action": "approve", "submission": [str(s.pk) for s in [*plain, again]]},
        follow=True,
    )
    page = response.content.decode()
    assert "ตัดสินแล้ว 3 รายการ" in page and again.reference in page
    assert all(Submission.objects.get(pk=s.pk).status == SubmissionStatus.APPROVED for s in plain)
    assert Submission.objects.get(pk=again.pk).is_open  # a possible duplicate waits for one-by-one review
    assert Person.objects.filter(national_id__in=[s.national_id for s in plain]).count() == 3


def test_several_submissions_rejected_at_once_need_a_reason(client, district, staff):
    from nokrabob.registry.rules.national_id import make_national_id

    chosen = [
        submit(client, district, national_id=make_national_id(f"11017003{i:04d}"), phone=f"08800000{i}0")
        for i in range(2)
    ]
    client.force_login(staff)
    ids = [str(s.pk) for s in chosen]
    page = client.post(
        reverse("collection:review_decide_many"), {"action": "reject", "submission": ids}, follow=True
    ).content.decode()
    assert "กรุณาระบุเหตุผลที่ไม่อนุมัติ" in page
    assert all(Submission.objects.get(pk=s.pk).is_open for s in chosen)
    client.post(
        reverse("collection:review_decide_many"), {"action": "reject", "note": "ข้อมูลไม่ครบ", "submission": ids}
    )
    assert all(Submission.objects.get(pk=s.pk).status == SubmissionStatus.REJECTED for s in chosen)
    assert AuditEvent.objects.filter(action="reject", target_id__in=ids).count() == 2


def test_an_empty_queue_says_what_comes_here_and_offers_no_bulk_decision(client, district, staff):
    queue = client.get(reverse("collection:review_queue")).content.decode()
    assert 'data-testid="queue-empty"' in queue and "ไม่มีข้อมูลที่รอตรวจสอบ" in queue
    assert 'data-testid="bulk-form"' not in queue and "อนุมัติรายการที่เลือก" not in queue
    submit(client, district)
    client.force_login(staff)
    queue = client.get(reverse("collection:review_queue")).content.decode()
    assert 'data-testid="bulk-form"' in queue and 'data-select-all="submission"' in queue
    # The decided tab lists nothing to decide: no bulk form there either.
    decided = client.get(reverse("collection:review_queue"), {"status": "approved"}).content.decode()
    assert 'data-testid="bulk-form"' not in decided and "ไม่มีรายการ" in decided
