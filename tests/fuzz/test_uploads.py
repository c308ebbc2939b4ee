"""Every upload of the app with files that are not what it asks for: random bytes, an empty file, a list in
Windows-874/TIS-620 or UTF-16, XLSX cut short, an XLSX whose shared strings expand to 48 MB from a few
kilobytes, a 40,000-character cell, a CSV with a 1 MB cell, NUL bytes, an XLSX named .csv and a CSV named
.xlsx, workbooks and lists full of formulas (``strategies.FILE_KINDS``).

Every upload gets every kind of file once (``test_every_upload_takes_every_kind_of_file``), then generated
examples mix them with spoilt upload fields (as in the forms) and no file at all.

For every example: never a server error; a refused upload leaves no row and no file behind (a refused upload
is deleted at once: it may hold a whole list of people).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nokrabob.api.services import token_issue
from tests.fuzz.conftest import PROFILE, fingerprint, rolled_back
from tests.fuzz.harness import judge, login, prepare, send
from tests.fuzz.inventory import POST_ENDPOINTS, Endpoint
from tests.fuzz.strategies import FILE_KINDS, hostile_files, sample_file, spoils

pytestmark = pytest.mark.django_db

UPLOADS = [e for e in POST_ENDPOINTS if e.kind == "upload"]
IDS = [f"{e.name}{list(e.variants)}" for e in UPLOADS]


def _upload(client, world, endpoint: Endpoint, fields, files):  # type: ignore[no-untyped-def]
    with rolled_back():
        login(client, world, endpoint)
        url = prepare(client, world, endpoint)
        token = ""
        if endpoint.name.startswith("api:"):
            _token, token = token_issue(actor=None, user=world.user(endpoint.role), label="fuzz")
            client.logout()
        before = fingerprint(world.media)
        response = send(client, endpoint, url, fields, files=files, token=token)
        judge(world, endpoint, response, before)


@pytest.mark.parametrize("endpoint", UPLOADS, ids=IDS)
def test_every_upload_takes_every_kind_of_file(client, fuzz_world, endpoint):
    fields = endpoint.data(fuzz_world)
    for kind in FILE_KINDS:
        _upload(client, fuzz_world, endpoint, fields, {endpoint.upload: sample_file(kind, endpoint.header)})


@pytest.mark.parametrize("endpoint", UPLOADS, ids=IDS)
@PROFILE
@given(spoil=spoils(), upload=st.one_of(st.none(), hostile_files, hostile_files, hostile_files))
def test_no_upload_fails_or_leaves_anything_behind(client, fuzz_world, endpoint, spoil, upload):
    files = {endpoint.upload: upload.build(endpoint.header)} if upload is not None else {}
    _upload(client, fuzz_world, endpoint, spoil.apply(endpoint.data(fuzz_world)), files)
