import datetime as dt

import pytest
from django.http import Http404

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.registry.models import Consent, Person
from nokrabob.registry.rules.national_id import (
    format_national_id,
    is_valid_national_id,
    make_national_id,
    mask_national_id,
    validate_national_id,
)
from nokrabob.registry.selectors import people_for, person_get
from nokrabob.registry.services import ConsentInput, DuplicatePerson, person_create, person_update

VALID_ID = make_national_id("110170012345")


def test_check_digit():
    assert is_valid_national_id("1-1017-00123-45-" + VALID_ID[-1])
    wrong = VALID_ID[:-1] + str((int(VALID_ID[-1]) + 1) % 10)
    assert not is_valid_national_id(wrong)


def test_category_zero_is_accepted_and_nine_refused():
    zero = make_national_id("012345678901")
    assert validate_national_id(zero) == zero
    nine = make_national_id("912345678901")
    with pytest.raises(Exception) as err:
        validate_national_id(nine)
    assert err.value.code == "category"


def test_thai_digits_and_dashes_are_cleaned():
    thai = "".join("๐๑๒๓๔๕๖๗๘๙"[int(c)] for c in VALID_ID)
    assert validate_national_id(thai) == VALID_ID


def test_masking_and_formatting():
    assert mask_national_id("1101700123453") == "x-xxxx-xxxxx-xx-3"
    assert format_national_id("1101700123453") == "1-1017-00123-45-3"


def _fields(**overrides):
    base = {
        "national_id": VALID_ID,
        "title": "นาย",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "birth_date": dt.date(1980, 5, 1),
        "phone": "081-234-5678",
        "subdistrict_code": "100101",
    }
    return {**base, **overrides}


@pytest.mark.django_db
def test_person_create_derives_the_area_and_records_consent_and_audit(district_user):
    person = person_create(actor=district_user, fields=_fields())
    assert (person.province_code, person.district_code, person.postal_code) == ("10", "1001", "10200")
    assert person.phone == "0812345678"
    assert person.responsible_unit.code == "BMA-D1001"
    assert Consent.objects.get(person=person).lawful_basis == "public_task"
    assert AuditEvent.objects.filter(action="create", target_id=str(person.pk)).exists()
    assert person.history.count() == 1


@pytest.mark.django_db
def test_same_national_id_is_never_saved_twice(district_user):
    person_create(actor=district_user, fields=_fields())
    with pytest.raises(DuplicatePerson) as err:
        person_create(actor=district_user, fields=_fields(first_name="อื่น", phone=""), allow_candidates=True)
    assert err.value.candidates[0].same_national_id
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_sound_alike_name_with_same_birth_date_is_a_candidate(district_user):
    person_create(actor=district_user, fields=_fields(first_name="ประเสริฐ"))
    other = make_national_id("310170012345")
    with pytest.raises(DuplicatePerson) as err:
        person_create(actor=district_user, fields=_fields(national_id=other, first_name="ประเสริด", phone=""))
    assert "sound_alike_name_and_birth_date" in err.value.candidates[0].reasons
    assert person_create(
        actor=district_user,
        fields=_fields(national_id=other, first_name="ประเสริด", phone=""),
        allow_candidates=True,
    ).pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"national_id": VALID_ID[:-1] + str((int(VALID_ID[-1]) + 1) % 10)}, "national_id"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date"),
        ({"subdistrict_code": "100101", "district_code": "1006"}, "subdistrict_code"),
        ({"phone": "12345"}, "phone"),
        ({"has_disability": True}, "has_disability"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(district_user, override, field):
    with pytest.raises(DomainError) as err:
        person_create(actor=district_user, fields=_fields(**override))
    assert err.value.field == field
    assert Person.objects.count() == 0 and Consent.objects.count() == 0


@pytest.mark.django_db
def test_sensitive_data_needs_explicit_consent(district_user):
    person = person_create(
        actor=district_user,
        fields=_fields(has_disability=True, disability_type="การเคลื่อนไหว"),
        consent=ConsentInput(lawful_basis="consent", sensitive_data_consent=True),
    )
    assert person.has_disability is True


@pytest.mark.django_db
def test_update_keeps_old_and_new_values(district_user):
    person = person_create(actor=district_user, fields=_fields())
    person_update(actor=district_user, person=person, fields={"last_name": "ใจงาม"})
    event = AuditEvent.objects.get(action="update", target_id=str(person.pk))
    assert event.changes == {"last_name": "changed"}
    assert [h.last_name for h in person.history.order_by("history_date")] == ["ใจดี", "ใจงาม"]
    assert person.history.count() == 2


@pytest.mark.django_db
def test_other_districts_people_are_invisible(make_user, district_user):
    person = person_create(actor=district_user, fields=_fields())
    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    assert not people_for(bang_kapi).exists()
    with pytest.raises(Http404):
        person_get(bang_kapi, person.pk)
    assert person_get(district_user, person.pk) == person
