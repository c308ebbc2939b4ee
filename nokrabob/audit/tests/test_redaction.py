"""The append-only trail keeps no personal values: field names and ids, never names, IDs or phones."""

import datetime as dt

import pytest
from django.urls import reverse

from nokrabob.audit.models import AuditEvent
from nokrabob.audit.services import audit_record
from nokrabob.registry.rules.national_id import make_national_id
from nokrabob.registry.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(district_user):
    return person_create(
        actor=district_user,
        fields={
            "national_id": make_national_id("110170077777"),
            "first_name": "บุญมี",
            "last_name": "มีสุข",
            "birth_date": dt.date(1970, 1, 1),
            "subdistrict_code": "100101",
        },
    )


def test_personal_changes_keep_field_names_only(person, district_user):
    event = audit_record(
        actor=district_user,
        action="update",
        target=person,
        changes={
            "last_name": ["มีสุข", "มีสุขใจ"],
            "fields": ["last_name"],
            "moved": {"welfare": 2},
            "merged_national_id": person.national_id,
            "district_code": "1001",
        },
    )
    assert event.changes == {
        "last_name": "changed",
        "fields": ["last_name"],
        "moved": {"welfare": 2},
        "district_code": "1001",
    }
    assert event.target_label == f"แรงงานนอกระบบ #{person.pk}"


def test_other_records_keep_their_values(district_user):
    event = audit_record(
        actor=district_user, action="update", target=district_user, changes={"role": ["a", "b"]}
    )
    assert event.changes == {"role": ["a", "b"]}


def test_opening_a_person_is_audited(client, person, district_user):
    client.force_login(district_user)
    client.get(reverse("registry:person_detail", args=[person.pk]), {"tab": "welfare"})
    seen = AuditEvent.objects.get(action="view", target_id=str(person.pk))
    assert (
        seen.actor == district_user
        and seen.changes["tab"] == "welfare"
        and seen.changes["read"] == "person_detail"
    )
