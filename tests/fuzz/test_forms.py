"""Every form of the app, posted by the role that uses it, with hostile values: random Unicode (NUL, lone
surrogates as bytes, bytes that are not UTF-8), 100,000-character strings, spreadsheet formulas, Thai
digits, numbers with commas, dates that do not exist, a list where one value is due, fields left out and
fields the form does not know. Each form first gets ``FIXED_SPOILS`` (the same value in every field, an
empty post, …), then examples that spoil one to three fields of a valid post at a time.

For every example: the answer is never a server error (nor a page with a traceback), and when the post is
refused — the form again with its errors, a 4xx, or a redirect with an error message — no table changed
and no file was left behind. Search forms sent by GET are tried the same way (they write nothing at all).
"""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.fuzz.conftest import PROFILE, fingerprint, rolled_back
from tests.fuzz.harness import judge, login, prepare, send
from tests.fuzz.inventory import POST_ENDPOINTS
from tests.fuzz.strategies import FIXED_SPOILS, spoils, with_examples

pytestmark = pytest.mark.django_db

FORMS = [e for e in POST_ENDPOINTS if e.kind in ("form", "get")]


@pytest.mark.parametrize("endpoint", FORMS, ids=[e.id for e in FORMS])
@PROFILE
@given(spoil=spoils())
@with_examples("spoil", FIXED_SPOILS)
def test_no_form_fails_or_writes_half(client, fuzz_world, endpoint, spoil):
    with rolled_back():
        login(client, fuzz_world, endpoint)
        url = prepare(client, fuzz_world, endpoint)
        post = spoil.apply(endpoint.data(fuzz_world))
        before = fingerprint(fuzz_world.media)
        response = send(client, endpoint, url, post)
        judge(fuzz_world, endpoint, response, before)
