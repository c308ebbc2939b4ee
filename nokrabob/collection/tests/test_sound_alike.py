"""A public-form submission written with another office's spelling of a registered name is caught as a
candidate before approval."""

import datetime as dt

import pytest

from nokrabob.collection.services import submission_approve, submission_create
from nokrabob.collection.tests.conftest import OTHER_ID, VALID_ID, form_data
from nokrabob.registry.services import DuplicatePerson, person_create

pytestmark = pytest.mark.django_db


def test_a_respelled_submission_is_a_sound_alike_candidate(district, district_user):
    registered = person_create(
        actor=district_user,
        fields={"national_id": OTHER_ID, "first_name": "ศักดิ์ชัย", "last_name": "ใจธรรม",
                "district_code": "1001", "birth_date": dt.date(1985, 1, 1), "phone": "0812345678"},
    )  # fmt: skip
    submission = submission_create(
        campaign_district=district,
        person={"national_id": VALID_ID, "first_name": "สักชัย", "last_name": "ไจทัม",
                "birth_date": "1985-01-01", "phone": "0899999999", "subdistrict_code": ""},
        occupation=form_data()["occupation"],
        lawful_basis="consent",
        sensitive_data_consent=False,
    )  # fmt: skip
    assert submission.candidates == [
        {"person": registered.pk, "reasons": ["sound_alike_name_and_birth_date"]}
    ]
    with pytest.raises(DuplicatePerson):
        submission_approve(actor=district_user, submission=submission)
