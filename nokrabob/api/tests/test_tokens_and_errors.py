"""Clients and tokens (issue, use, revoke, expire, the command), the error shape and the rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.api.models import ApiClient, ApiToken
from nokrabob.api.services import client_register, token_issue, token_revoke
from nokrabob.audit.models import AuditEvent
from nokrabob.core.models import OrgUnit
from nokrabob.registry.models import Person

PEOPLE = "api:v1:people"


@pytest.fixture(autouse=True)
def _clear_throttle():  # type: ignore[no-untyped-def]
    cache.clear()


@pytest.fixture
def agency(db, org_units):  # type: ignore[no-untyped-def]
    return client_register(
        actor=None,
        name="กรมการขนส่งทางบก เขตพระนคร",
        contact="dlt@example.org",
        unit=OrgUnit.objects.get(code="BMA-D1001"),
        operations=["read", "status_check"],
    )


def _get(client, key: str, url: str = PEOPLE):  # type: ignore[no-untyped-def]
    return client.get(reverse(url), HTTP_AUTHORIZATION=f"Token {key}")


def assert_error_shape(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"]["th"] and body["message"]["en"]
    return body


def test_a_client_acts_as_a_service_account_of_its_office(agency):
    assert agency.user.role == Role.DISTRICT_STAFF
    assert agency.user.unit.code == "BMA-D1001"
    assert not agency.user.has_usable_password()


def test_the_key_is_stored_hashed_and_works_until_revoked(client, agency):
    token, key = token_issue(actor=None, client=agency)
    assert key not in (token.digest, token.prefix)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.last_used_at is None
    assert _get(client, key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token_revoke(actor=None, token=token)
    assert_error_shape(_get(client, key), 401, "token_invalid")


def test_a_wrong_secret_with_a_real_prefix_is_refused(client, agency):
    token, _key = token_issue(actor=None, client=agency)
    assert_error_shape(_get(client, token.prefix + ".wrong"), 401, "token_invalid")
    assert_error_shape(_get(client, "Token"), 401, "token_invalid")


def test_expired_token_and_expired_client_are_refused(client, agency):
    _token, key = token_issue(actor=None, client=agency, expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert_error_shape(_get(client, key), 401, "token_invalid")
    _other, key2 = token_issue(actor=None, client=agency)
    assert _get(client, key2).status_code == 200
    ApiClient.objects.filter(pk=agency.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert_error_shape(_get(client, key2), 401, "token_invalid")


def test_no_credentials_is_401_in_the_error_shape(client, db):
    assert_error_shape(client.get(reverse(PEOPLE)), 401, "not_authenticated")


def test_an_operation_the_client_was_not_given_is_403(client, agency):
    _token, key = token_issue(actor=None, client=agency)
    body = {"first_name": "สมชาย", "subdistrict_code": "100101"}
    response = client.post(
        reverse(PEOPLE), json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert_error_shape(response, 403, "permission_denied")
    assert not Person.objects.filter(first_name="สมชาย").exists()


def test_api_token_command_prints_the_key_on_the_last_line(client, district_user):
    out = io.StringIO()
    call_command("api_token", district_user.username, stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(user=district_user, client=None).prefix == key.split(".")[0]
    assert _get(client, key).status_code == 200


def test_api_token_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", "nobody-here", stdout=io.StringIO())


def test_the_rate_limit_is_per_client(client, agency):
    ApiClient.objects.filter(pk=agency.pk).update(rate_per_minute=2)
    _token, key = token_issue(actor=None, client=agency)
    assert _get(client, key).status_code == 200
    assert _get(client, key).status_code == 200
    assert_error_shape(_get(client, key), 429, "rate_limited")


BAD_BODIES = [
    ("malformed", "{not json", 400, "malformed_request"),
    ("wrong type", json.dumps({"first_name": ["x"], "subdistrict_code": 100101}), 400, "invalid"),
    (
        "unknown field",
        json.dumps({"first_name": "ก", "subdistrict_code": "100101", "salary": 5}),
        400,
        "invalid",
    ),
    ("not an object", json.dumps([1, 2, 3]), 400, "invalid"),
    ("bad area", json.dumps({"first_name": "ทดสอบ", "subdistrict_code": "999999"}), 400, "invalid"),
    (
        "huge",
        json.dumps({"first_name": "ก" * 2_000_000, "subdistrict_code": "100101"}),
        413,
        "request_too_large",
    ),
]


@pytest.mark.parametrize("name,body,status,code", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_input_gets_a_4xx_in_the_error_shape_and_writes_nothing(
    client, district_user, name, body, status, code
):
    client.force_login(district_user)
    people, events = Person.objects.count(), AuditEvent.objects.count()
    response = client.post(reverse(PEOPLE), body, content_type="application/json")
    shape = assert_error_shape(response, status, code)
    if name == "unknown field":
        assert "salary" in shape["fields"]
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_a_person_is_created_and_updated_over_the_api(client, district_user):
    _token, key = token_issue(actor=None, user=district_user)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    body = {"first_name": "สมหญิง", "last_name": "ทดลองเอพีไอ", "subdistrict_code": "100101"}
    created = client.post(reverse(PEOPLE), json.dumps(body), content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["district_code"] == "1001"
    url = reverse("api:v1:person", args=[pk])
    patched = client.patch(url, json.dumps({"phone": "0812345678"}), content_type="application/json", **auth)
    assert patched.status_code == 200, patched.content
    assert Person.objects.get(pk=pk).phone == "0812345678"
    wrong = client.patch(
        url, json.dumps({"birth_date": "yesterday"}), content_type="application/json", **auth
    )
    assert_error_shape(wrong, 400, "invalid")
