"""The agency API's writes with hostile JSON: wrong types, hostile strings, NaN and 1e999, a body nested
100,000 deep, bytes that are not UTF-8, an empty body, unknown keys. Never a server error (the API answers
in its one error shape, JSON), and a refused request writes nothing. ``tests/test_api_contract.py`` checks
the schema; this adds the values a schema generator does not think of."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given

from nokrabob.api.services import token_issue
from tests.fuzz.conftest import PROFILE, fingerprint, rolled_back
from tests.fuzz.harness import judge, send
from tests.fuzz.inventory import POST_ENDPOINTS
from tests.fuzz.strategies import RAW_JSON, Spoil, json_bodies, with_examples

pytestmark = pytest.mark.django_db

JSON = [e for e in POST_ENDPOINTS if e.kind == "json"]


@pytest.mark.parametrize("endpoint", JSON, ids=[f"{e.method} {e.name}" for e in JSON])
@PROFILE
@given(body=json_bodies())
@with_examples("body", RAW_JSON)
def test_no_api_write_fails_or_writes_half(client, fuzz_world, endpoint, body):
    with rolled_back():
        _token, key = token_issue(actor=None, user=fuzz_world.user(endpoint.role), label="fuzz")
        url = reverse(endpoint.name, args=endpoint.args(fuzz_world))
        raw = body if isinstance(body, bytes) else None
        data = body.apply(endpoint.data(fuzz_world)) if isinstance(body, Spoil) else {}
        before = fingerprint(fuzz_world.media)
        response = send(client, endpoint, url, data, raw=raw, token=key)
        judge(fuzz_world, endpoint, response, before)
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
