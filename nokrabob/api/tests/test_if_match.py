"""Nothing lost over the API (ADR 0445): a person's ETag carries their version; a PATCH with a stale
``If-Match`` answers 412 in the error shape and writes nothing."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.api.services import token_issue
from nokrabob.registry.models import Person
from nokrabob.registry.services import person_update
from nokrabob.registry.tests.factories import register

from .test_tokens_and_errors import assert_error_shape

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle():  # type: ignore[no-untyped-def]
    cache.clear()


def _auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Token {token_issue(actor=None, user=user)[1]}"}


def _patch(client, url: str, body: dict, auth: dict, **headers: str):  # type: ignore[no-untyped-def,type-arg]
    return client.patch(url, json.dumps(body), content_type="application/json", **auth, **headers)


def test_a_patch_with_a_stale_if_match_is_refused_and_writes_nothing(client, district_user, make_user):
    person = register(district_user, phone="0811111111")
    auth = _auth(district_user)
    url = reverse("api:v1:person", args=[person.pk])
    read = client.get(url, **auth)
    assert read["ETag"] == '"v1"' and read.json()["version"] == 1

    colleague = make_user(Role.DISTRICT_STAFF)  # saves on the page meanwhile
    person_update(actor=colleague, person=person, fields={"phone": "0822222222"})

    stale = _patch(client, url, {"phone": "0833333333"}, auth, HTTP_IF_MATCH=read["ETag"])
    body = assert_error_shape(stale, 412, "stale")
    assert "If-Match" in body["message"]["en"]
    assert Person.objects.get(pk=person.pk).phone == "0822222222"

    fresh = client.get(url, **auth)["ETag"]
    assert fresh == '"v2"'
    ok = _patch(client, url, {"phone": "0833333333"}, auth, HTTP_IF_MATCH=fresh)
    assert ok.status_code == 200, ok.content
    assert ok["ETag"] == '"v3"' and ok.json()["version"] == 3
    assert Person.objects.get(pk=person.pk).phone == "0833333333"


def test_if_match_absent_or_star_applies_the_change_and_anything_else_unknown_is_refused(
    client, district_user
):
    person = register(district_user, phone="0811111111")
    auth = _auth(district_user)
    url = reverse("api:v1:person", args=[person.pk])
    assert _patch(client, url, {"phone": "0822222222"}, auth).status_code == 200
    assert _patch(client, url, {"phone": "0833333333"}, auth, HTTP_IF_MATCH="*").status_code == 200
    for tag in ('W/"v3"', "v3", '"3"', '"v3", "v2"', '"banana"'):
        assert_error_shape(
            _patch(client, url, {"phone": "0844444444"}, auth, HTTP_IF_MATCH=tag), 412, "stale"
        )
    assert Person.objects.get(pk=person.pk).phone == "0833333333"
    assert _patch(client, url, {"phone": "0844444444"}, auth, HTTP_IF_MATCH='"v3"').status_code == 200


def test_another_districts_person_answers_404_whatever_the_if_match(client, district_user, make_user):
    theirs = register(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"), subdistrict_code="100601")
    auth = _auth(district_user)
    url = reverse("api:v1:person", args=[theirs.pk])
    assert_error_shape(client.get(url, **auth), 404, "not_found")
    for tag in ('"v1"', '"v9"'):
        assert_error_shape(
            _patch(client, url, {"phone": "0899999999"}, auth, HTTP_IF_MATCH=tag), 404, "not_found"
        )
    assert Person.objects.get(pk=theirs.pk).phone == ""
