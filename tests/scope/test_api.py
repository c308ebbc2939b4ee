"""The agency API (/api/v1/) against the scope sweep's world: a district's token and a province's token,
for a user and for a registered client, never get another area's person from the list, the search, the
detail or the bulk check; writes aimed at another area write nothing; reads are audited with the client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from nokrabob.api.models import ApiClient
from nokrabob.api.services import client_register, token_issue
from nokrabob.audit.models import AuditEvent
from nokrabob.core.models import OrgUnit
from nokrabob.registry.national_id import make_national_id

from .helpers import snapshot, text_of
from .world import FOREIGN, OWNER, World

# Clients registered for an office act in that office's scope: (office, area whose records are theirs).
CLIENT_OFFICES = {"d1001": "BMA-D1001", "d1006": "BMA-D1006", "cm": "PLO-50", "lp": "PLO-51"}


def _user_key(world: World, viewer: str) -> str:
    return token_issue(actor=None, user=world.user(viewer))[1]


def _client_key(world: World, viewer: str) -> str:
    office = CLIENT_OFFICES.get(viewer)
    if office is None:  # department staff: a client of the department
        office = "2400"
    existing = ApiClient.objects.filter(name=f"หน่วยงานทดสอบ {viewer}").first()
    client = existing or client_register(
        actor=None,
        name=f"หน่วยงานทดสอบ {viewer}",
        contact="test@example.org",
        unit=OrgUnit.objects.get(code=office),
        operations=["read", "write", "status_check", "welfare"],
    )
    return token_issue(actor=None, client=client)[1]


def _reads(api: Any, area: Any) -> dict[str, Any]:
    """Every read endpoint, aimed at ``area``'s person."""
    return {
        "list": api.get(reverse("api:v1:people")),
        "list_q_id": api.get(reverse("api:v1:people"), {"q": area.national_id}),
        "list_district": api.get(reverse("api:v1:people"), {"district": area.district_code}),
        "search_id": api.get(reverse("api:v1:people_search"), {"q": area.national_id}),
        "search_phone": api.get(reverse("api:v1:people_search"), {"q": area.phone}),
        "search_name": api.get(reverse("api:v1:people_search"), {"q": f"ทอง{area.word}"}),
        "detail": api.get(reverse("api:v1:person", args=[area.person.pk])),
    }


class _Api:
    def __init__(self, client: Any, key: str) -> None:
        self.client, self.auth = client, {"HTTP_AUTHORIZATION": f"Token {key}"}

    def get(self, url: str, data: Any = None) -> Any:
        return self.client.get(url, data or {}, **self.auth)

    def send(self, method: str, url: str, body: Any) -> Any:
        return getattr(self.client, method)(
            url, json.dumps(body), content_type="application/json", **self.auth
        )


@pytest.mark.parametrize("kind", ["user_token", "client_token"])
def test_api_list_search_detail_and_bulk_give_no_other_areas_person(client, world, kind):
    for viewer, area_key in FOREIGN:
        area = world.area(area_key)
        key = _user_key(world, viewer) if kind == "user_token" else _client_key(world, viewer)
        api = _Api(client, key)
        before = snapshot()
        for name, response in _reads(api, area).items():
            if name == "detail":
                assert response.status_code == 404, (viewer, area_key, response.content)
                assert response.json()["code"] == "not_found"
            else:
                assert response.status_code == 200, (viewer, area_key, name, response.content)
            text = text_of(response)
            for marker in area.markers:
                assert marker not in text, (viewer, area_key, name, marker)
        bulk = api.send("post", reverse("api:v1:people_status_check"), {"national_ids": [area.national_id]})
        assert bulk.status_code == 200, bulk.content
        (row,) = bulk.json()["results"]
        assert row["registered"] is False and row["occupation_group"] is None and "welfare" not in row
        for marker in (area.word, area.phone):
            assert marker not in text_of(bulk)
        assert snapshot() == before


@pytest.mark.parametrize("kind", ["user_token", "client_token"])
def test_api_the_same_reads_find_the_officers_own_person(client, world, kind):
    """The check above can fail: each area's own officer finds its person through every endpoint."""
    for area_key, owner in OWNER.items():
        area = world.area(area_key)
        key = _user_key(world, owner) if kind == "user_token" else _client_key(world, owner)
        api = _Api(client, key)
        for name, response in _reads(api, area).items():
            assert response.status_code == 200, (owner, name)
            assert f"ทอง{area.word}" in text_of(response), (owner, name)
        bulk = api.send("post", reverse("api:v1:people_status_check"), {"national_ids": [area.national_id]})
        (row,) = bulk.json()["results"]
        assert row["registered"] is True and row["occupation_group"] == "moto_taxi"
        assert row["welfare"] == {"s40": "enrolled"}


def test_api_a_province_token_sees_no_bangkok_person(client, world):
    api = _Api(client, _client_key(world, "cm"))
    listed = api.get(reverse("api:v1:people"), {"page_size": 500}).json()["results"]
    assert listed and {row["province_code"] for row in listed} == {"50"}


def test_api_writes_aimed_at_another_area_write_nothing(client, world):
    for viewer, area_key in FOREIGN:
        area = world.area(area_key)
        api = _Api(client, _client_key(world, viewer))
        before = snapshot()
        patched = api.send("patch", reverse("api:v1:person", args=[area.person.pk]), {"phone": "0899999999"})
        assert patched.status_code == 404, (viewer, area_key, patched.content)
        created = api.send(
            "post",
            reverse("api:v1:people"),
            {"first_name": "ย้ายเข้า", "last_name": "ทดสอบ", "subdistrict_code": area.subdistrict_code},
        )
        assert created.status_code == 400, (viewer, area_key, created.content)
        assert "district_code" in created.json()["fields"]
        moved = api.send(
            "patch",
            reverse("api:v1:person", args=[world.own(viewer).person.pk]),
            {"subdistrict_code": area.subdistrict_code},
        )
        assert moved.status_code == 400, (viewer, area_key, moved.content)
        assert snapshot() == before


def test_api_bulk_check_refuses_10001_ids_and_answers_10000(client, world):
    api = _Api(client, _client_key(world, "d1001"))
    own = world.area("1001").national_id
    ids = [make_national_id(f"{n:012d}") for n in range(10_000 - 1)] + [own]
    before = snapshot()
    too_many = api.send("post", reverse("api:v1:people_status_check"), {"national_ids": [*ids, own]})
    assert too_many.status_code == 400
    assert too_many.json()["code"] == "invalid" and "national_ids" in too_many.json()["fields"]
    answered = api.send("post", reverse("api:v1:people_status_check"), {"national_ids": ids})
    assert answered.status_code == 200
    body = answered.json()
    assert body["count"] == 10_000 and body["registered"] == 1
    assert body["results"][-1]["registered"] is True
    assert snapshot() == before


def test_api_bulk_check_shows_welfare_only_to_clients_allowed_it(client, world):
    plain = client_register(
        actor=None,
        name="ตรวจสถานะอย่างเดียว",
        contact="x@example.org",
        unit=OrgUnit.objects.get(code="BMA-D1001"),
        operations=["status_check"],
    )
    api = _Api(client, token_issue(actor=None, client=plain)[1])
    response = api.send(
        "post", reverse("api:v1:people_status_check"), {"national_ids": [world.area("1001").national_id]}
    )
    (row,) = response.json()["results"]
    assert row["registered"] is True and "welfare" not in row
    assert api.get(reverse("api:v1:people")).status_code == 403  # no "read"


def test_api_reads_and_refusals_of_people_are_audited_with_the_clients_name(client, world):
    api = _Api(client, _client_key(world, "d1001"))
    own, theirs = world.area("1001").person, world.area("1006").person
    api.get(reverse("api:v1:person", args=[own.pk]))
    api.get(reverse("api:v1:person", args=[theirs.pk]))
    api.get(reverse("api:v1:people"))
    events = list(AuditEvent.objects.filter(changes__api_client="หน่วยงานทดสอบ d1001").order_by("id"))
    assert [(e.action, e.target_id) for e in events] == [
        ("view", str(own.pk)),
        ("view", str(theirs.pk)),
        ("view", ""),
    ]
    assert events[1].changes["refused"] == "not_in_scope"
    assert own.pk in events[2].changes["ids"] and theirs.pk not in events[2].changes["ids"]


def test_api_import_writes_aimed_at_another_office_write_nothing(client, world, settings, tmp_path):
    """Another office's uploaded list: its mapping and its start answer 404 and change nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nokrabob.imports.models import ImportBatch
    from nokrabob.imports.services import batch_create

    settings.MEDIA_ROOT = tmp_path
    for viewer, area_key in FOREIGN:
        owner = world.user(OWNER[area_key])
        upload = SimpleUploadedFile("list.csv", "ชื่อ,เขต\nสมใจ,พระนคร\n".encode(), content_type="text/csv")
        batch = batch_create(actor=owner, upload=upload)
        api = _Api(client, _client_key(world, viewer))
        before = (snapshot(), ImportBatch.objects.filter(pk=batch.pk).values().get())
        mapping = {"mapping": {"first_name": 0, "district": 1}}
        mapped = api.send("put", reverse("api:v1:import_mapping", args=[batch.pk]), mapping)
        started = api.send("post", reverse("api:v1:import_start", args=[batch.pk]), {"dry_run": True})
        for response in (mapped, started):
            assert response.status_code == 404, (viewer, area_key, response.content)
            assert response.json()["code"] == "not_found"
        assert (snapshot(), ImportBatch.objects.filter(pk=batch.pk).values().get()) == before
