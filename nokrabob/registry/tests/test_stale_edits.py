"""Nothing lost (ADR 0445): two officers edit the same person or household; the second save is refused with
what changed, nothing is overwritten. Bulk paths (an import and its rollback, a merge, an erasure, a consent
withdrawn) count as saves too, so a form opened before them is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.core.thai import format_be_date
from nokrabob.registry.models import BuildingType, Household, Person
from nokrabob.registry.services import ConsentInput, consent_withdraw, person_merge
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db


def officer(make_user, district: str = "1001", **names: Any):  # type: ignore[no-untyped-def]
    return make_user(Role.DISTRICT_STAFF, unit_code=f"BMA-D{district}", **names)


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def opened_form(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    """What the browser would send: every field of the form as the page gave it, with ``changes``."""
    form = client.get(url).context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    if data.get("birth_date"):
        data["birth_date"] = format_be_date(data["birth_date"])
    data.update(changes)
    return data


def page(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# ── People ───────────────────────────────────────────────────────────────────────────────────────


def test_two_officers_edit_one_person_the_second_is_refused_with_what_changed(make_user):
    first = officer(make_user, first_name="สมหญิง", last_name="ขยัน")
    second = officer(make_user, first_name="สมศักดิ์", last_name="ตั้งใจ")
    person = register(first, first_name="มานี", last_name="ใจดี", phone="0811111111")
    url = reverse("registry:person_edit", args=[person.pk])
    a, b = signed_in(first), signed_in(second)
    form_a = opened_form(a, url, phone="0822222222")
    form_b = opened_form(b, url, phone="0833333333", last_name="มีสุข")

    assert a.post(url, form_a).status_code == 302
    refused = b.post(url, form_b)

    assert refused.status_code == 200
    stale = refused.context["form"].stale_edit
    assert [(c.name, c.label, c.theirs, c.yours) for c in stale.changes] == [
        ("phone", "โทรศัพท์", "082-222-2222", "083-333-3333")
    ]
    text = page(refused)
    assert 'data-testid="stale-edit"' in text and "ยังไม่ได้บันทึก" in text
    assert "สมหญิง ขยัน" in text and "082-222-2222" in text and "083-333-3333" in text
    assert refused.context["form"]["last_name"].value() == "มีสุข"  # the user's input is kept
    person.refresh_from_db()
    assert (person.phone, person.last_name, person.version) == ("0822222222", "ใจดี", 2)

    # Having seen the difference, saving again is a choice: it carries the version now on record.
    again = {**form_b, "version": stale.version, "opened": stale.token}
    assert b.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.last_name, person.version) == ("0833333333", "มีสุข", 3)


def test_a_refused_edit_names_only_what_changed_and_says_so_when_no_field_of_the_form_did(make_user):
    user = officer(make_user)
    person = register(user, phone="0811111111")
    url = reverse("registry:person_edit", args=[person.pk])
    client = signed_in(user)
    stale_form = opened_form(client, url, first_name="สมปอง")
    # A save that changes no field of the form (the responsible unit, which the form does not show).
    Person.objects.get(pk=person.pk).save(update_fields=["responsible_unit"])
    refused = client.post(url, stale_form)
    assert refused.context["form"].stale_edit.changes == []
    assert "ไม่มีช่องในฟอร์มนี้ที่เปลี่ยน" in page(refused)
    assert Person.objects.get(pk=person.pk).first_name == "สมชาย"
    assert Person.objects.get(pk=person.pk).version == 2


def test_a_form_without_its_version_writes_nothing(make_user):
    user = officer(make_user)
    person = register(user, phone="0811111111")
    url = reverse("registry:person_edit", args=[person.pk])
    client = signed_in(user)
    data = opened_form(client, url, phone="0899999999")
    del data["version"]
    response = client.post(url, data)
    assert response.status_code == 200 and "เปิดหน้าแก้ไขใหม่" in page(response)
    assert Person.objects.get(pk=person.pk).phone == "0811111111"


def test_another_districts_person_still_answers_404_to_the_edit_form(make_user):
    mine = officer(make_user)
    person = register(mine, phone="0811111111")
    url = reverse("registry:person_edit", args=[person.pk])
    data = opened_form(signed_in(mine), url, phone="0899999999")
    stranger = signed_in(officer(make_user, "1006"))
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, data).status_code == 404
    assert Person.objects.get(pk=person.pk).phone == "0811111111"


# ── Bulk paths count as saves ────────────────────────────────────────────────────────────────────


def test_an_import_and_its_rollback_refuse_a_form_opened_before_them(make_user, tmp_path):
    from nokrabob.imports.rollback import batch_rollback
    from nokrabob.imports.tests.test_pipeline import _import, _one, _row
    from nokrabob.registry.rules.national_id import make_national_id

    admin = make_user(Role.ADMIN)
    nid = make_national_id("110170020345")
    _import(_one(tmp_path, "a.csv", [_row(nid, "นายสมชาย ใจดี")]), admin)
    person = Person.objects.get(national_id=nid)
    user = officer(make_user, "1006")  # the list's people live in Bang Kapi
    client = signed_in(user)
    url = reverse("registry:person_edit", args=[person.pk])
    before_import = opened_form(client, url, last_name="ใจงาม")

    second = _import(_one(tmp_path, "b.csv", [_row(nid, "นายสมชาย ใจดี", phone="0899999999")]), admin)
    refused = client.post(url, before_import)
    stale = refused.context["form"].stale_edit
    assert [(c.name, c.theirs) for c in stale.changes] == [("phone", "089-999-9999")]
    assert stale.saved_by == "" and "บันทึกล่าสุดเมื่อ" in page(refused)  # the import is audited on its batch
    assert Person.objects.get(pk=person.pk).last_name == "ใจดี"

    before_rollback = opened_form(client, url, last_name="ใจงาม")
    batch_rollback(actor=admin, batch=second)
    refused = client.post(url, before_rollback)
    assert [c.name for c in refused.context["form"].stale_edit.changes] == ["phone"]
    assert Person.objects.get(pk=person.pk).last_name == "ใจดี"


def test_a_merge_an_erasure_and_a_withdrawn_consent_refuse_a_form_opened_before_them(make_user):
    from nokrabob.privacy.services import person_erase

    user = officer(make_user)
    client = signed_in(user)
    keep = register(user, first_name="สมร", phone="")
    other = register(user, first_name="สมร", phone="0811111111")
    url = reverse("registry:person_edit", args=[keep.pk])

    before_merge = opened_form(client, url, last_name="ก่อนรวม")
    person_merge(actor=user, keep=keep, merge=other)
    refused = client.post(url, before_merge)
    assert [c.name for c in refused.context["form"].stale_edit.changes] == ["phone"]

    sensitive = register(user, consent=ConsentInput(lawful_basis="consent", sensitive_data_consent=True))
    url = reverse("registry:person_edit", args=[sensitive.pk])
    before_withdrawal = opened_form(client, url, last_name="ก่อนถอน")
    consent_withdraw(actor=user, person=sensitive)
    assert client.post(url, before_withdrawal).context["form"].stale_edit is not None

    before_erasure = opened_form(client, url, last_name="ก่อนลบ")
    person_erase(actor=make_user(Role.DPO), person=Person.objects.get(pk=sensitive.pk))
    refused = client.post(url, before_erasure)
    assert "first_name" in [c.name for c in refused.context["form"].stale_edit.changes]
    assert Person.objects.get(pk=sensitive.pk).last_name == ""


# ── Households ───────────────────────────────────────────────────────────────────────────────────


def test_two_officers_edit_one_household_the_second_is_refused_with_what_changed(make_user):
    first = officer(make_user, first_name="สมหญิง", last_name="ขยัน")
    second = officer(make_user)
    household = Household.objects.create(house_no="12", district_code="1001", subdistrict_code="100101")
    url = reverse("registry:household_edit", args=[household.pk])
    a, b = signed_in(first), signed_in(second)
    form_a = opened_form(a, url, building_type=BuildingType.TOWNHOUSE)
    form_b = opened_form(b, url, building_type=BuildingType.CONDO, years_lived="7")

    assert a.post(url, form_a).status_code == 302
    refused = b.post(url, form_b)

    assert refused.status_code == 200
    stale = refused.context["form"].stale_edit
    assert [(c.label, c.theirs, c.yours) for c in stale.changes] == [
        ("ลักษณะอาคาร", "ทาวน์เฮาส์/ห้องแถว", "อาคารชุด")
    ]
    assert "สมหญิง ขยัน" in page(refused) and refused.context["form"]["years_lived"].value() == "7"
    household.refresh_from_db()
    assert (household.building_type, household.years_lived) == (BuildingType.TOWNHOUSE, None)

    assert b.post(url, {**form_b, "version": stale.version, "opened": stale.token}).status_code == 302
    household.refresh_from_db()
    assert (household.building_type, household.years_lived) == (BuildingType.CONDO, 7)


def test_the_household_consent_form_is_refused_after_an_edit_and_names_it(make_user):
    user = officer(make_user)
    household = Household.objects.create(house_no="12", district_code="1001", subdistrict_code="100101")
    client = signed_in(user)
    detail = reverse("registry:household_detail", args=[household.pk])
    consent = client.get(detail).context["consent_form"]
    sent = {
        "sensitive": "1",
        "on": format_be_date(timezone.localdate()),
        "version": consent["version"].value(),
        "opened": consent["opened"].value(),
    }
    edit = reverse("registry:household_edit", args=[household.pk])
    client.post(edit, opened_form(client, edit, house_no="12/1"))  # saved between opening and sending
    response = client.post(reverse("registry:household_consent", args=[household.pk]), sent, follow=True)
    assert "ยังไม่ได้บันทึก" in page(response)
    assert not Household.objects.get(pk=household.pk).sensitive_consent
    sent.update(version=Household.objects.get(pk=household.pk).version, opened="")
    client.post(reverse("registry:household_consent", args=[household.pk]), sent)
    assert Household.objects.get(pk=household.pk).sensitive_consent


def test_another_districts_household_answers_404_and_a_move_out_of_scope_is_refused(make_user):
    mine = officer(make_user)
    household = Household.objects.create(house_no="12", district_code="1001", subdistrict_code="100101")
    url = reverse("registry:household_edit", args=[household.pk])
    client = signed_in(mine)
    data = opened_form(client, url, house_no="99")
    stranger = signed_in(officer(make_user, "1006"))
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, data).status_code == 404
    moved = client.post(url, {**data, "district_code": "1006", "subdistrict_code": "100601"})
    assert moved.status_code == 200 and "district_code" in moved.context["form"].errors
    assert Household.objects.get(pk=household.pk).house_no == "12"
