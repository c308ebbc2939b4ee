"""Follow-ups (ADR 0209): opened once per person and scheme, skipped for members, closed with a welfare step,
listed by view, moved by a merge, closed by an erasure; every write checks the actor's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.core.errors import DomainError
from nokrabob.core.navigation import items_for
from nokrabob.privacy.selectors import subject_data
from nokrabob.privacy.services import person_erase
from nokrabob.registry.models import FollowUp, Scheme, WelfareRecord
from nokrabob.registry.selectors import follow_ups_for
from nokrabob.registry.services import person_merge
from nokrabob.registry.services_outreach import follow_up_open, follow_up_set_status
from nokrabob.registry.tests.factories import register, welfare

pytestmark = pytest.mark.django_db


@pytest.fixture
def s40(db):
    return Scheme.objects.get(code="s40")


@pytest.fixture
def officer(make_user):
    return make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")


def test_one_open_follow_up_per_person_and_scheme(officer, s40, settings):
    settings.FOLLOW_UP_DUE_DAYS = 7
    person = register(officer)
    today = timezone.localdate()
    row = follow_up_open(actor=officer, person=person, scheme=s40)
    assert row is not None and row.due_on == today + dt.timedelta(days=7) and row.created_by == officer
    assert follow_up_open(actor=officer, person=person, scheme=s40) is None
    nsf = Scheme.objects.get(code="nsf")
    assert follow_up_open(actor=officer, person=person, scheme=nsf) is not None  # another scheme: its own
    follow_up_set_status(actor=officer, follow_up=row, status="declined")
    # Closed: a later interested answer opens a new one.
    assert follow_up_open(actor=officer, person=person, scheme=s40) is not None
    assert FollowUp.objects.filter(person=person, scheme=s40).count() == 2


@pytest.mark.parametrize(("latest", "opened"), [("enrolled", False), ("received", False), ("refused", True)])
def test_no_follow_up_for_someone_already_in_the_scheme(officer, s40, latest, opened):
    person = register(officer)
    today = timezone.localdate()
    welfare(person, "s40", "informed", today - dt.timedelta(days=30))
    welfare(person, "s40", latest, today - dt.timedelta(days=2))
    assert (follow_up_open(actor=officer, person=person, scheme=s40) is not None) is opened


def test_writes_check_the_actors_scope(officer, s40, make_user):
    person = register(officer)
    row = follow_up_open(actor=officer, person=person, scheme=s40)
    assert row is not None
    for outsider in (
        make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"),
        make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50"),
    ):
        with pytest.raises(DomainError, match="ไม่พบระเบียนนี้ในพื้นที่ของท่าน"):
            follow_up_open(actor=outsider, person=person, scheme=Scheme.objects.get(code="nsf"))
        with pytest.raises(DomainError, match="ไม่พบระเบียนนี้ในพื้นที่ของท่าน"):
            follow_up_set_status(actor=outsider, follow_up=row, status="declined")
    with pytest.raises(DomainError, match="ไม่มีสิทธิ์"):
        follow_up_set_status(actor=make_user(Role.ASSESSOR), follow_up=row, status="declined")
    row.refresh_from_db()
    assert row.status == "open" and FollowUp.objects.count() == 1


def test_closing_records_the_welfare_step_once(officer, s40):
    person = register(officer)
    row = follow_up_open(actor=officer, person=person, scheme=s40)
    with pytest.raises(DomainError, match="ไม่มีการเปลี่ยนแปลง"):
        follow_up_set_status(actor=officer, follow_up=row, status="open")
    follow_up_set_status(actor=officer, follow_up=row, status="declined", note="ไม่สะดวกจ่ายรายเดือน")
    record = WelfareRecord.objects.get(person=person)
    assert (record.status, record.source, record.created_by) == ("refused", "staff_verified", officer)
    # Only the note changes: no second welfare step.
    follow_up_set_status(actor=officer, follow_up=row, status="declined", note="ไม่สะดวก ขอคิดดูก่อน")
    assert WelfareRecord.objects.filter(person=person).count() == 1
    # Open again, then enrolled: the second step says enrolled.
    follow_up_set_status(actor=officer, follow_up=row, status="contacted")
    row.refresh_from_db()
    assert row.closed_on is None
    follow_up_set_status(actor=officer, follow_up=row, status="enrolled")
    assert list(
        WelfareRecord.objects.filter(person=person).order_by("id").values_list("status", flat=True)
    ) == [
        "refused",
        "enrolled",
    ]


def test_reopening_is_refused_while_another_is_open(officer, s40):
    person = register(officer)
    first = follow_up_open(actor=officer, person=person, scheme=s40)
    follow_up_set_status(actor=officer, follow_up=first, status="declined")
    follow_up_open(actor=officer, person=person, scheme=s40)
    with pytest.raises(DomainError, match="ที่ยังเปิดอยู่แล้ว"):
        follow_up_set_status(actor=officer, follow_up=first, status="open")
    with pytest.raises(DomainError, match="สถานะไม่ถูกต้อง"):
        follow_up_set_status(actor=officer, follow_up=first, status="lost")


def test_the_list_views(officer, s40):
    today = timezone.localdate()
    late, soon, done = (register(officer, first_name=name) for name in ("มานะ", "ปิติ", "ชูใจ"))
    rows = {p.first_name: follow_up_open(actor=officer, person=p, scheme=s40) for p in (late, soon, done)}
    FollowUp.objects.filter(pk=rows["มานะ"].pk).update(due_on=today - dt.timedelta(days=1))
    follow_up_set_status(actor=officer, follow_up=rows["ชูใจ"], status="enrolled")

    def names(view: str, **extra: object) -> list[str]:
        return [f.person.first_name for f in follow_ups_for(officer, view=view, on=today, **extra)]  # type: ignore[arg-type]

    assert names("todo") == ["มานะ", "ปิติ"]  # soonest due first
    assert names("overdue") == ["มานะ"]
    assert names("done") == ["ชูใจ"]
    assert sorted(names("all")) == ["ชูใจ", "ปิติ", "มานะ"]
    assert names("todo", scheme="nsf") == []


def test_a_merge_moves_follow_ups_and_keeps_one_open_per_scheme(officer, s40):
    keep, merge = register(officer, first_name="มานะ"), register(officer, first_name="มานะ")
    kept = follow_up_open(actor=officer, person=keep, scheme=s40)
    follow_up_open(actor=officer, person=merge, scheme=s40)  # the same task twice: dropped
    nsf_row = follow_up_open(actor=officer, person=merge, scheme=Scheme.objects.get(code="nsf"))
    person_merge(actor=officer, keep=keep, merge=merge)
    assert sorted(FollowUp.objects.filter(person=keep).values_list("pk", flat=True)) == sorted(
        [kept.pk, nsf_row.pk]
    )
    assert not FollowUp.objects.filter(person=merge).exists()


def test_an_erased_person_is_not_followed_up(officer, s40, make_user):
    person = register(officer)
    row = follow_up_open(actor=officer, person=person, scheme=s40)
    follow_up_set_status(actor=officer, follow_up=row, status="contacted", note="โทรหาคุณสมชายแล้ว")
    assert subject_data(person)["follow_ups"][0]["status"] == "contacted"
    person_erase(actor=make_user(Role.DPO), person=person)
    row.refresh_from_db()
    assert row.status == "declined" and row.note == "" and row.closed_on == timezone.localdate()


def test_the_menu_entry_is_for_the_roles_that_contact_people(make_user):
    for role, shown in [
        (Role.DISTRICT_STAFF, True),
        (Role.PROVINCIAL_STAFF, True),
        (Role.DEPARTMENT_STAFF, True),
        (Role.POLICY_STAFF, False),
        (Role.EXECUTIVE, False),
    ]:
        labels = [str(i["label"]) for i in items_for(make_user(role), "/registry/follow-ups/")]
        assert ("ต้องติดตาม" in labels) is shown, role
    active = [
        str(i["label"])
        for i in items_for(make_user(Role.DISTRICT_STAFF), "/registry/follow-ups/")
        if i["active"]
    ]
    assert active == ["ต้องติดตาม"]
    active = [
        str(i["label"]) for i in items_for(make_user(Role.DISTRICT_STAFF), "/registry/5/") if i["active"]
    ]
    assert active == ["ทะเบียนแรงงาน"]
