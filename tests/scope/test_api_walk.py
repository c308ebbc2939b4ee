"""Every GET endpoint of the API, walked from the live OpenAPI document with a client's token: aimed at
another area's records (its person and that person's parts, its submission, its office's import batch,
its office's project and plan) nothing of that area comes back, and a record that names one of its
people answers 404. A province's token walked at Bangkok's records sees no Bangkok person. The walk
fails if an endpoint of the document was not walked, so a new endpoint is walked from its first day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nokrabob.audit.models import AuditEvent
from nokrabob.imports.models import ImportRowError
from nokrabob.imports.services import batch_create

from .helpers import snapshot, text_of
from .test_api import CLIENT_OFFICES, _Api, _client_key
from .world import FOREIGN, OWNER, Area, World

# Paths whose record holds people of one area: another area's answers 404 (and is audited where the
# record is a person).
PERSONAL = ("/api/v1/people/{id}/", "/api/v1/collection/submissions/{id}/", "/api/v1/imports/{id}/")


def _batches(world: World) -> dict[str, int]:
    """An uploaded list of each area's office, its file and its rejected row carrying the area's word."""
    out = {}
    for key, owner in OWNER.items():
        area = world.area(key)
        upload = SimpleUploadedFile(
            f"list-{area.word}.csv",
            f"ชื่อ,นามสกุล,เขต,โทร\nทดสอบ,ทอง{area.word},{area.district_code},{area.phone}\n".encode(),
            content_type="text/csv",
        )
        batch = batch_create(actor=world.user(owner), upload=upload, source_name=f"ส่ง{area.word}")
        ImportRowError.objects.create(
            batch=batch,
            row_number=2,
            values=["ทดสอบ", f"ทอง{area.word}", area.national_id],
            reasons=[["", "x"]],
        )
        out[key] = batch.pk
    return out


def _records(world: World, batches: dict[str, int]) -> dict[str, Callable[[Area], int | None]]:
    """Path prefix → the record of an area that the path names (None: the area has none of that kind)."""
    units = {"1001": "BMA-D1001", "1006": "BMA-D1006", "cm": "PLO-50", "lp": "PLO-51"}
    return {
        "/api/v1/people/{id}/": lambda a: a.person.pk,
        "/api/v1/collection/campaigns/{id}/": lambda a: world.campaign.pk,
        "/api/v1/collection/submissions/{id}/": lambda a: a.submission.pk,
        "/api/v1/imports/{id}/": lambda a: batches[a.key],
        "/api/v1/performance/indicators/{id}/": lambda a: world.indicator.pk,
        "/api/v1/projects/projects/{id}/": lambda a: world.projects[units[a.key]].pk,
        "/api/v1/projects/action-plans/{id}/": lambda a: (
            world.plans[units[a.key]].pk if units[a.key] in world.plans else None
        ),
    }


def _get_operations(api: _Api) -> list[tuple[str, set[str]]]:
    """(path, query parameter names) of every GET operation of the live document."""
    document = api.get("/api/schema/?format=json").json()
    out = []
    for path, item in document["paths"].items():
        if "get" in item and not path.startswith("/api/schema/"):
            params = {p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"}
            out.append((path, params))
    return out


def _walk(
    api: _Api, area: Area, records: dict[str, Callable[[Area], int | None]], walked: set[str]
) -> list[Any]:
    """GET every operation aimed at ``area``'s records; returns (path, response) pairs."""
    responses = []
    for path, params in _get_operations(api):
        url = path
        if "{id}" in path:
            prefix = next(p for p in records if path.startswith(p))
            record = records[prefix](area)
            if record is None:
                continue
            url = path.replace("{id}", str(record))
        query = {"page_size": 500} if "page_size" in params else {}
        responses.append((path, api.get(url, query)))
        walked.add(path)
    return responses


def _assert_nothing_of(area: Area, responses: list[Any], who: str) -> None:
    for path, response in responses:
        assert response.status_code < 500, (who, path, response.content[:300])
        if path.startswith(PERSONAL):
            assert response.status_code == 404, (who, area.key, path, response.content[:300])
            assert response.json()["code"] == "not_found"
        text = text_of(response)
        for marker in area.markers:
            assert marker not in text, (who, area.key, path, marker)


def test_api_walk_every_endpoint_gives_no_other_areas_person(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    records = _records(world, _batches(world))
    walked: set[str] = set()
    for viewer, area_key in FOREIGN:
        api = _Api(client, _client_key(world, viewer))
        area = world.area(area_key)
        before = snapshot()
        refusals = AuditEvent.objects.filter(changes__refused="not_in_scope").count()
        _assert_nothing_of(area, _walk(api, area, records, walked), viewer)
        assert snapshot() == before
        # the person and its four parts: each refused read is audited
        assert AuditEvent.objects.filter(changes__refused="not_in_scope").count() - refusals >= 5
    every = {path for path, _params in _get_operations(_Api(client, _client_key(world, "d1001")))}
    assert every - walked == set(), f"not walked: {sorted(every - walked)}"


def test_api_walk_the_own_officer_finds_its_person_through_every_personal_endpoint(
    client, world, settings, tmp_path
):
    """The walk above can fail: aimed at its own area, each officer's client gets the area's records."""
    settings.MEDIA_ROOT = tmp_path
    records = _records(world, _batches(world))
    for area_key, owner in OWNER.items():
        area = world.area(area_key)
        api = _Api(client, _client_key(world, owner))
        found = {path: text_of(r) for path, r in _walk(api, area, records, set()) if r.status_code == 200}
        for path in (
            "/api/v1/people/",
            "/api/v1/people/{id}/",
            "/api/v1/people/{id}/households/",
            "/api/v1/collection/submissions/{id}/",
            "/api/v1/collection/campaigns/{id}/submissions/",
            "/api/v1/imports/",
            "/api/v1/imports/{id}/errors/",
        ):
            assert area.word in found.get(path, ""), (owner, path)


@pytest.mark.parametrize("province", ["cm", "lp"])
def test_api_walk_a_province_token_sees_no_bangkok_person(client, world, settings, tmp_path, province):
    settings.MEDIA_ROOT = tmp_path
    assert CLIENT_OFFICES[province].startswith("PLO-")
    records = _records(world, _batches(world))
    api = _Api(client, _client_key(world, province))
    for bangkok in ("1001", "1006"):
        area = world.area(bangkok)
        _assert_nothing_of(area, _walk(api, area, records, set()), province)
