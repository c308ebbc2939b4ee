"""The services refuse another area's records whatever calls them (a page that forgot its selector, a
command, another module): the scope is checked where the write happens, not only in the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from nokrabob.collection import services as collection
from nokrabob.core.errors import DomainError
from nokrabob.privacy.services import request_close, request_open
from nokrabob.registry import services as registry
from nokrabob.registry import services_outreach as outreach
from nokrabob.registry.models import Occupation, Scheme

from .helpers import snapshot
from .world import World

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _fields(subdistrict: str) -> dict[str, Any]:
    return {
        "first_name": "ใหม่",
        "last_name": "ข้ามเขต",
        "birth_date": dt.date(1990, 1, 1),
        "subdistrict_code": subdistrict,
    }


def _submission_args(w: World, area: str) -> dict[str, Any]:
    a = w.area(area)
    return {
        "campaign_district": a.campaign_district,
        "person": {**a.submission.answers["person"], "national_id": "1101700999990"},
        "lawful_basis": "consent",
        "sensitive_data_consent": False,
    }


SCOPE_MESSAGES = {
    "พื้นที่นี้อยู่นอกพื้นที่ที่ท่านรับผิดชอบ จึงบันทึกไม่ได้",
    "ไม่พบระเบียนนี้ในพื้นที่ของท่าน",
    "กิจกรรมนี้อยู่นอกพื้นที่ที่ท่านรับผิดชอบ",
    "บุคคลนี้ลงทะเบียนในเขต/อำเภออื่น จึงเชื่อมกับครัวเรือนนี้ไม่ได้",
    "รวมได้เฉพาะกับบุคคลในพื้นที่ที่ท่านรับผิดชอบ",
}

# (id, the officer, the call): each is another area's record or an area outside the officer's scope.
CALLS: list[tuple[str, str, Callable[[World, Any], Any]]] = [
    ("person_create", "d1001", lambda w, u: registry.person_create(actor=u, fields=_fields("100601"))),
    ("person_create-province", "cm", lambda w, u: registry.person_create(actor=u, fields=_fields("100101"))),
    (
        "person_update",
        "d1001",
        lambda w, u: registry.person_update(
            actor=u, person=w.area("1006").person, fields={"phone": "0899999999"}
        ),
    ),
    (
        "person_update-move-out",
        "cm",
        lambda w, u: registry.person_update(
            actor=u,
            person=w.area("cm").person,
            fields={"province_code": "10", "district_code": "1001", "subdistrict_code": "100101"},
        ),
    ),
    (
        "person_merge",
        "d1001",
        lambda w, u: registry.person_merge(actor=u, keep=w.area("1001").person, merge=w.area("1006").person),
    ),
    (
        "person_merge-keep-foreign",
        "dept",
        lambda w, u: registry.person_merge(actor=u, keep=w.area("cm").person, merge=w.area("1001").person),
    ),
    (
        "welfare_record_add",
        "d1001",
        lambda w, u: registry.welfare_record_add(
            actor=u,
            person=w.area("1006").person,
            scheme=Scheme.objects.get(code="nsf"),
            status="enrolled",
            recorded_on=TODAY(),
            source="staff_verified",
        ),
    ),
    (
        "consent_record",
        "lp",
        lambda w, u: registry.consent_record(
            actor=u, person=w.area("cm").person, consent=registry.ConsentInput()
        ),
    ),
    ("consent_withdraw", "cm", lambda w, u: registry.consent_withdraw(actor=u, person=w.area("1006").person)),
    (
        "activity_create",
        "cm",
        lambda w, u: outreach.activity_create(
            actor=u, title="x", kind="training", held_on=TODAY(), unit=u.unit, district_code="1001"
        ),
    ),
    (
        "activity_create-other-district",
        "d1001",
        lambda w, u: outreach.activity_create(
            actor=u, title="x", kind="training", held_on=TODAY(), unit=u.unit, district_code="1006"
        ),
    ),
    (
        "participation_add-bangkok-activity",
        "cm",
        lambda w, u: outreach.participation_add(
            actor=u, activity=w.city_activity, person=w.area("cm").person
        ),
    ),
    (
        "participation_add-foreign-person",
        "d1001",
        lambda w, u: outreach.participation_add(
            actor=u, activity=w.area("1001").activity, person=w.area("1006").person
        ),
    ),
    (
        "contact_add",
        "dept",
        lambda w, u: outreach.contact_add(
            actor=u, person=w.area("cm").person, contacted_on=TODAY(), channel="phone", reached=True
        ),
    ),
    (
        "referral_add",
        "d1001",
        lambda w, u: outreach.referral_add(
            actor=u, person=w.area("1006").person, to_agency="x", referred_on=TODAY(), status="sent"
        ),
    ),
    (
        "follow_up_open",
        "cm",
        lambda w, u: outreach.follow_up_open(
            actor=u, person=w.area("1001").person, scheme=Scheme.objects.get(code="s40")
        ),
    ),
    (
        "follow_up_set_status",
        "d1001",
        lambda w, u: outreach.follow_up_set_status(
            actor=u, follow_up=w.area("1006").person.follow_ups.get(), status="enrolled"
        ),
    ),
    (
        "occupation_add",
        "lp",
        lambda w, u: outreach.occupation_add(
            actor=u, person=w.area("cm").person, fields={"occupation": Occupation.objects.get(code="farmer")}
        ),
    ),
    (
        "household_create",
        "d1001",
        lambda w, u: outreach.household_create(
            actor=u, fields={"house_no": "1", "district_code": "1006", "subdistrict_code": "100601"}
        ),
    ),
    (
        "household_member_add-foreign-household",
        "d1001",
        lambda w, u: outreach.household_member_add(
            actor=u, household=w.area("1006").household, fields={"name": "x"}
        ),
    ),
    (
        "household_member_add-person-of-another-district",
        "dept",  # both are theirs, but the household's own district could not read the member
        lambda w, u: outreach.household_member_add(
            actor=u, household=w.area("1001").household, fields={"person": w.area("1006").person}
        ),
    ),
    (
        "submission_create-staff",
        "d1001",
        lambda w, u: collection.submission_create(actor=u, channel="staff", **_submission_args(w, "1006")),
    ),
    (
        "staff_entry_to_registry",
        "cm",
        lambda w, u: collection.staff_entry_to_registry(actor=u, **_submission_args(w, "1001")),
    ),
    (
        "submission_approve",
        "d1001",
        lambda w, u: collection.submission_approve(actor=u, submission=w.area("1006").submission),
    ),
    (
        "submission_merge",
        "d1001",
        lambda w, u: collection.submission_merge(
            actor=u, submission=w.area("1006").submission, person=w.area("1001").person, use_fields=["phone"]
        ),
    ),
    (
        "submission_merge-foreign-person",
        "d1001",
        lambda w, u: collection.submission_merge(
            actor=u, submission=w.area("1001").submission, person=w.area("1006").person, use_fields=["phone"]
        ),
    ),
    (
        "submission_reject",
        "lp",
        lambda w, u: collection.submission_reject(actor=u, submission=w.area("cm").submission, reason="x"),
    ),
    (
        "submission_request_correction",
        "cm",
        lambda w, u: collection.submission_request_correction(
            actor=u, submission=w.area("lp").submission, note="x"
        ),
    ),
    (
        "request_open",
        "d1001",
        lambda w, u: request_open(actor=u, person=w.area("1006").person, kind="access", received_on=TODAY()),
    ),
    (
        "request_close",
        "d1001",
        lambda w, u: request_close(actor=u, request=w.privacy_request, status="done", outcome="x"),
    ),
]


@pytest.mark.parametrize(("officer", "call"), [(o, c) for _i, o, c in CALLS], ids=[i for i, _o, _c in CALLS])
def test_a_service_refuses_another_areas_record_and_writes_nothing(world, officer, call):
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        call(world, world.user(officer))
    assert refused.value.message in SCOPE_MESSAGES  # refused for the scope, not for a typo in the test
    assert snapshot() == before


def test_the_same_services_work_inside_the_scope(world):
    """The refusals above are the scope's: the officer of the record's own area may make the change."""
    d1006, bang_kapi = world.user("d1006"), world.area("1006")
    registry.person_update(actor=d1006, person=bang_kapi.person, fields={"phone": "0899999999"})
    outreach.participation_add(
        actor=world.user("cm"), activity=world.area("cm").activity, person=_new_cm(world)
    )
    collection.submission_reject(actor=d1006, submission=bang_kapi.submission, reason="ซ้ำ")
    household = outreach.household_create(
        actor=d1006, fields={"house_no": "2", "district_code": "1006", "subdistrict_code": "100601"}
    )
    outreach.household_member_add(
        actor=world.user("dept"), household=household, fields={"person": bang_kapi.person}
    )
    assert household.members.count() == 1


def _new_cm(world: World) -> Any:
    return registry.person_create(actor=world.user("cm"), fields=_fields("500101"))
