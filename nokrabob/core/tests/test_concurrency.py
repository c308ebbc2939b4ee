"""The optimistic-locking mechanism itself (``core.concurrency``), on a person as the versioned record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.concurrency import (
    NOT_YET_SAVED,
    Opened,
    StaleEdit,
    VersionFields,
    check_version,
    field_values,
    form_initial,
    locked,
    next_version,
    opened_token,
    read_token,
)
from nokrabob.registry.models import Person
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db

FIELDS = ("first_name", "sex", "birth_date", "phone", "monthly_income")


def test_every_save_raises_the_version_even_from_a_stale_copy():
    person = register(None, first_name="สมศรี")
    assert person.version == 1
    first, second = Person.objects.get(pk=person.pk), Person.objects.get(pk=person.pk)
    first.first_name = "สมศรี ก"
    first.save()
    assert first.version == 2
    second.phone = "0812345678"
    second.save()  # loaded at 1: must not write 1 (or 2) back over the number
    assert second.version == 3 == Person.objects.get(pk=person.pk).version
    second.save(update_fields=["phone"])
    assert Person.objects.get(pk=person.pk).version == 4
    second.save(update_fields=[])  # Django writes nothing, so nothing is counted
    assert Person.objects.get(pk=person.pk).version == 4


def test_a_bulk_update_raises_every_rows_version():
    a, b = register(None, first_name="ก"), register(None, first_name="ข")
    Person.objects.filter(pk__in=[a.pk, b.pk]).update(phone="0899999999", version=next_version())
    assert sorted(Person.objects.filter(pk__in=[a.pk, b.pk]).values_list("version", flat=True)) == [2, 2]


def test_the_values_a_form_opened_with_compare_equal_however_they_were_read():
    person = register(None, monthly_income=Decimal("1500"), phone="")
    person.refresh_from_db()
    values = field_values(person, FIELDS)
    assert values["monthly_income"] == "1500" and values["phone"] is None
    assert values["birth_date"] == "1980-05-01"
    assert field_values(None, ("phone",)) == {"phone": None}


def test_the_opened_token_is_signed_and_bound_to_its_version():
    person = register(None)
    token = opened_token(person, FIELDS)
    assert read_token(token, person.version) == field_values(person, FIELDS)
    assert read_token(token, person.version + 1) is None  # a token of another version
    assert read_token(token[:-2] + "xx", person.version) is None  # altered
    assert read_token("", person.version) is None
    assert form_initial(None, FIELDS)["version"] == NOT_YET_SAVED


def _check(person, opened, submitted):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        row = locked(Person.objects.filter(pk=person.pk))
        check_version(Person, row, opened, fields=FIELDS, submitted=submitted)


def test_the_same_version_passes_and_a_write_without_a_form_is_not_checked():
    person = register(None)
    _check(person, Opened(person.version, field_values(person, FIELDS)), {})
    _check(person, None, {})


def test_a_stale_version_names_each_changed_field_with_both_values_and_who_saved(make_user):
    officer = make_user(Role.DISTRICT_STAFF, first_name="สมหญิง", last_name="ขยัน")
    person = register(officer, first_name="มานี", sex="F", birth_date=dt.date(1980, 5, 1))
    opened = Opened(person.version, field_values(person, FIELDS))
    person.birth_date, person.phone = dt.date(1981, 6, 2), "0811111111"
    person.save()
    audit_record(actor=officer, action=AuditAction.UPDATE, target=person, changes={"phone": "changed"})
    with pytest.raises(StaleEdit) as refused:
        _check(person, opened, {"first_name": "มานี", "sex": "M", "birth_date": dt.date(1980, 5, 1)})
    stale = refused.value
    assert [c.name for c in stale.changes] == ["birth_date", "phone"]  # not the fields no one changed
    birth = stale.changes[0]
    assert (birth.label, birth.theirs, birth.yours) == ("วันเกิด", "02/06/2524", "01/05/2523")
    assert stale.changes[1].yours == "—"
    assert stale.saved_by == "สมหญิง ขยัน" and stale.saved_at == person.updated_at
    assert stale.version == person.version
    assert read_token(stale.token, stale.version) == field_values(Person.objects.get(pk=person.pk), FIELDS)
    assert "สมหญิง ขยัน" in stale.message and "วันเกิด" in stale.message


def test_without_an_audit_row_only_the_time_is_known_and_a_bad_token_lists_no_fields():
    person = register(None)
    # As an import writes: the row and its time, and one audit row for the whole batch, not the person.
    now = timezone.now()
    Person.objects.filter(pk=person.pk).update(phone="0822222222", updated_at=now, version=next_version())
    with pytest.raises(StaleEdit) as refused:
        _check(person, Opened(person.version, None), {})
    assert refused.value.changes == [] and not refused.value.fields_known
    assert (refused.value.saved_by, refused.value.saved_at) == ("", now)


def test_a_record_saved_after_a_form_opened_before_it_existed_is_refused():
    person = register(None, phone="0833333333")
    with pytest.raises(StaleEdit) as refused:
        _check(person, Opened(NOT_YET_SAVED, dict.fromkeys(FIELDS)), {"phone": "0844444444"})
    assert {c.name for c in refused.value.changes} == {"first_name", "sex", "birth_date", "phone"}


class _Form(VersionFields):
    from django import forms

    phone = forms.CharField(required=False)


def test_a_form_without_its_version_is_refused_and_a_stale_one_keeps_the_users_input():
    form = _Form(QueryDict("phone=0811111111"))
    assert not form.is_valid()
    assert "เปิดหน้าแก้ไขใหม่" in form.non_field_errors()[0]
    form = _Form(QueryDict("phone=0811111111&version=2&opened="))
    assert form.is_valid() and form.opened_state() == Opened(2, None)
    stale = StaleEdit(changes=[], saved_by="", saved_at=None, version=5, token="t", fields_known=True)
    form.show_stale_edit(stale)
    assert form.stale_edit is stale
    assert (form["version"].value(), form["opened"].value(), form["phone"].value()) == (
        "5",
        "t",
        "0811111111",
    )


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_the_other_is_refused(org_units):
    """Two transactions at once on PostgreSQL: the second waits for the first's row lock, then reads the
    new version and is refused. Without the lock it would read the old version, pass, and overwrite.
    (Skipped on SQLite, whose in-memory test database the threads would share.)"""
    import threading

    from django.db import connection, connections

    from nokrabob.registry.services import person_update

    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections (PostgreSQL)")
    person = register(None, phone="0811111111")
    opened = Opened(person.version, field_values(person, ("phone",)))
    holding, outcome = threading.Event(), {}

    def first() -> None:
        try:
            with transaction.atomic():
                locked(Person.objects.filter(pk=person.pk))  # takes the row, as person_update does
                holding.set()
                threading.Event().wait(0.5)  # the second writer arrives while the row is held
                person_update(actor=None, person=person, fields={"phone": "0822222222"}, opened=opened)
        finally:
            connections.close_all()

    def second() -> None:
        holding.wait(5)
        try:
            person_update(actor=None, person=person, fields={"phone": "0833333333"}, opened=opened)
            outcome["second"] = "saved"
        except StaleEdit as exc:
            outcome["second"] = [c.name for c in exc.changes]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"second": ["phone"]}
    assert Person.objects.get(pk=person.pk).phone == "0822222222"
