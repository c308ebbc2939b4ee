"""The server errors and unsafe files the fuzz tests (and a read of the same patterns around them) found,
one test each with the input that triggered it, so each fix stays fixed whatever the generated examples
happen to draw. docs/security.md lists them."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from nokrabob.api.services import token_issue
from nokrabob.registry.models import Person
from tests.fuzz.strategies import MULTIPART, csv_bytes, multipart

pytestmark = pytest.mark.django_db

HUGE = "9" * 25  # a record number past any database key (SQLite cannot even be asked about it)


def test_a_next_that_is_not_a_path_goes_home(client):
    """``next=+1+1`` was read by ``redirect()`` as the name of a view: NoReverseMatch, a server error."""
    for target in ("+1+1", "=cmd|' /C calc'!A0", "/registry/\nSet-Cookie: x=1", "//evil.example/", "ก"):
        response = client.post(reverse("core:set_digits"), {"digits": "thai", "next": target})
        assert (response.status_code, response["Location"]) == (302, "/"), target
    response = client.post(reverse("core:set_digits"), {"digits": "thai", "next": "/registry/?page=2"})
    assert response["Location"] == "/registry/?page=2"


def test_a_login_code_page_with_a_next_that_is_not_a_path_goes_home(client, fuzz_world):
    from conftest import authenticator_for, totp_code

    admin = fuzz_world.user("admin")
    device = authenticator_for(admin)
    response = client.post(
        reverse("accounts:login"),
        {"username": admin.username, "password": "correct-horse-battery", "next": "+1+1"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login_code")
    response = client.post(reverse("accounts:login_code"), {"code": totp_code(device)})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_a_username_longer_than_any_account_is_refused_before_a_login_attempt(client):
    """100,000 characters went on to authenticate(); django-axes' failed-login row (varchar 255) then
    failed on PostgreSQL with a server error."""
    response = client.post(reverse("accounts:login"), {"username": "x" * 100_000, "password": "x"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้ยาวเกินไป" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_participant_that_is_not_a_record_number_is_not_found(client, fuzz_world):
    """``person=abc`` went straight into ``filter(pk=…)``: ValueError, a server error."""
    client.force_login(fuzz_world.user("d1001"))
    url = reverse("registry:activity_detail", args=[fuzz_world.area("1001").activity.pk])
    for value in ("=cmd|' /C calc'!A0", "²", "-1", HUGE, "1\x00"):
        assert client.post(url, {"q": "x", "person": value}).status_code == 404, value


def test_a_merge_target_that_is_not_a_record_number_is_not_found(client, fuzz_world):
    """``merge:²`` (a digit to ``isdigit()``, not to ``int()``) failed after the person was saved; a
    25-digit number overflowed SQLite's integers."""
    client.force_login(fuzz_world.user("d1001"))
    person = fuzz_world.area("1001").person
    for value in ("²", HUGE):
        response = client.get(reverse("registry:merge_pick", args=[person.pk]), {"other": value})
        assert response.status_code == 302, value
    before = Person.objects.count()
    data = {
        "first_name": "รวม",
        "last_name": "ทดสอบ",
        "sex": "F",
        "birth_date": "01/01/2530",
        "district_code": "1001",
        "subdistrict_code": "100101",
        "lawful_basis": "public_task",
        "consent_channel": "staff",
        "has_disability": "unknown",
        "action": "merge:²",
    }
    response = client.post(reverse("registry:person_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.count() == before + 1


def test_review_decisions_with_record_numbers_past_any_key(client, fuzz_world):
    client.force_login(fuzz_world.user("d1001"))
    submission = fuzz_world.area("1001").submission
    response = client.post(
        reverse("collection:review_decide", args=[submission.pk]), {"action": "merge", "person": HUGE}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("collection:review_decide_many"), {"action": "reject", "submission": [HUGE]}
    )
    assert response.status_code == 302
    assert client.get(reverse("collection:review_queue"), {"campaign": "²"}).status_code == 200


def test_years_in_the_query_that_are_not_years(client, fuzz_world):
    client.force_login(fuzz_world.user("dept"))
    assert client.get(reverse("performance:indicator_list"), {"year": "²"}).status_code == 200
    assert client.get(reverse("performance:strategy_map"), {"year": HUGE}).status_code == 200


def test_campaign_targets_as_people_type_them(client, fuzz_world):
    """``²`` passed ``isdigit()`` and failed in ``int()``; "1,000" and Thai digits are now read."""
    campaign = fuzz_world.base.campaign
    client.force_login(fuzz_world.user("dept"))
    url = reverse("collection:campaign_targets", args=[campaign.pk])
    response = client.post(
        url, {"target_1001": "²", "target_1006": "1", "target_5001": "1", "target_5101": "1"}
    )
    assert response.status_code == 200 and "1001" in response.context["errors"]
    response = client.post(
        url, {"target_1001": "1,000", "target_1006": "๓", "target_5001": "0", "target_5101": "7"}
    )
    assert response.status_code == 302
    assert dict(campaign.districts.values_list("district_code", "target")) == {
        "1001": 1000, "1006": 3, "5001": 0, "5101": 7,
    }  # fmt: skip


def test_a_disbursement_csv_with_a_megabyte_cell_is_refused_in_thai(client, fuzz_world):
    """The csv module's field limit raised ``_csv.Error``: a server error."""
    client.force_login(fuzz_world.user("cm"))
    content = csv_bytes([["เดือน", "จำนวนเงิน"], ["ก" * 400_000, "1"]])
    body = multipart(
        {"month_column": "เดือน", "amount_column": "จำนวนเงิน", "unit_column": ""},
        {"file": ("gfmis.csv", content)},
    )
    url = reverse("projects:disbursements_upload", args=[fuzz_world.base.plans["PLO-50"].pk])
    response = client.generic("POST", url, body, MULTIPART)
    assert response.status_code == 200
    assert "อ่านไฟล์ CSV ไม่ได้" in " ".join(response.context["form"].errors["file"])


def test_api_json_nested_too_deeply_is_a_malformed_request(client, fuzz_world):
    """``[[[[…`` 100,000 deep raised RecursionError inside the JSON parser: a server error."""
    _token, key = token_issue(actor=None, user=fuzz_world.user("d1001"), label="deep")
    for body in (b"[" * 100_000, b'{"a":' * 50_000):
        response = client.generic(
            "POST", reverse("api:v1:people"), body, "application/json", HTTP_AUTHORIZATION=f"Token {key}"
        )
        assert response.status_code == 400
        assert json.loads(response.content)["code"] == "malformed_request"


def test_the_xlsform_export_writes_formulas_as_text(client, fuzz_world):
    """openpyxl writes any text starting with "=" as a formula: a campaign named
    ``=HYPERLINK(…)`` (the form takes it) became a live formula in the exported XLSForm."""
    from nokrabob.collection.xlsform import export_xlsform

    campaign = fuzz_world.base.campaign
    campaign.name = '=HYPERLINK("http://example.invalid","คลิก")'
    campaign.save(update_fields=["name"])
    book = openpyxl.load_workbook(io.BytesIO(export_xlsform(campaign)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert campaign.name in [c.value for c in cells]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
