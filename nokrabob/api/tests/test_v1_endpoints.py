"""The /api/v1/ endpoints beyond the people list: an import over the API from upload to error report, the
parts of a person, and bad input to the new endpoints (a 4xx in the error shape, nothing written)."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from nokrabob.api.services import token_issue, token_revoke
from nokrabob.audit.models import AuditEvent
from nokrabob.imports.models import ImportBatch, ImportStatus
from nokrabob.registry.models import Consent, Person, PersonOccupation

from .test_tokens_and_errors import assert_error_shape

LIST = "ชื่อ,นามสกุล,เลขประจำตัวประชาชน,เขต,อาชีพ\n" + "\n".join(
    [
        "สมใจ,ทดลองนำเข้า,1101700203451,พระนคร,วินมอเตอร์ไซค์",
        "สมศรี,ผิดแถว,123,พระนคร,ขายของ",
        "สมหมาย,ทดลองนำเข้า,,พระนคร,อาชีพประหลาดมาก",
    ]
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def auth(district_user):  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Token {token_issue(actor=None, user=district_user)[1]}"}


def _upload(client, auth, text: str = LIST, name: str = "list.csv"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("api:v1:imports"), {"file": upload, "source_name": "ขบ."}, **auth)


def _json(client, method: str, url: str, body: object, auth: dict[str, str]):  # type: ignore[no-untyped-def]
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, data, content_type="application/json", **auth)


def test_an_import_runs_over_the_api_from_upload_to_error_report(
    client, auth, django_capture_on_commit_callbacks
):
    uploaded = _upload(client, auth)
    assert uploaded.status_code == 201, uploaded.content
    batch = uploaded.json()
    assert batch["status"] == "pending" and batch["headers"][0] == "ชื่อ"
    pk = batch["id"]
    values = client.get(reverse("api:v1:import_values", args=[pk]), **auth).json()
    mapping = {"first_name": 0, "last_name": 1, "national_id": 2, "district": 3, "occupation": 4}
    mapped = _json(client, "put", reverse("api:v1:import_mapping", args=[pk]), {"mapping": mapping}, auth)
    assert mapped.status_code == 200, mapped.content
    values = client.get(reverse("api:v1:import_values", args=[pk]), **auth).json()
    assert "อาชีพประหลาดมาก" in {v["text"] for v in values["results"]}
    with django_capture_on_commit_callbacks(execute=True):
        started = _json(client, "post", reverse("api:v1:import_start", args=[pk]), {}, auth)
    assert started.status_code == 202, started.content
    progress = client.get(reverse("api:v1:import", args=[pk]), **auth).json()
    assert progress["status"] == ImportStatus.DONE and progress["percent"] == 100
    assert progress["rows_created"] >= 1 and progress["rows_rejected"] >= 1, progress
    errors = client.get(reverse("api:v1:import_errors", args=[pk]), **auth).json()
    assert len(errors["results"]) == progress["rows_rejected"] and errors["next"] is None
    bad = next(r for r in errors["results"] if r["row"] == 3)
    assert "ผิดแถว" in bad["values"] and bad["reasons"]
    assert AuditEvent.objects.filter(target_type="imports.importbatch", changes__error_report="api").exists()
    # a started batch is not started twice, nor re-mapped
    again = _json(client, "post", reverse("api:v1:import_start", args=[pk]), {}, auth)
    assert_error_shape(again, 400, "invalid")
    remap = _json(client, "put", reverse("api:v1:import_mapping", args=[pk]), {"mapping": mapping}, auth)
    assert_error_shape(remap, 400, "invalid")
    listed = client.get(reverse("api:v1:imports"), **auth).json()
    assert [b["id"] for b in listed["results"]] == [pk]


BAD_MAPPINGS = [
    ("malformed", "{mapping:", "malformed_request"),
    ("unknown field", {"mapping": {"first_name": 0, "district": 3}, "auto": True}, "invalid"),
    ("unknown target", {"mapping": {"salary": 0}}, "invalid"),
    ("wrong type", {"mapping": {"first_name": "A"}}, "invalid"),
    ("not an object", {"mapping": [0, 1]}, "invalid"),
    ("no name column", {"mapping": {"district": 3}}, "invalid"),
]


@pytest.mark.parametrize("name,body,code", BAD_MAPPINGS, ids=[b[0] for b in BAD_MAPPINGS])
def test_bad_mappings_get_a_400_in_the_error_shape_and_change_nothing(client, auth, name, body, code):
    pk = _upload(client, auth).json()["id"]
    before = ImportBatch.objects.get(pk=pk).mapping
    response = _json(client, "put", reverse("api:v1:import_mapping", args=[pk]), body, auth)
    assert_error_shape(response, 400, code)
    assert ImportBatch.objects.get(pk=pk).mapping == before


def test_a_huge_body_and_a_bad_upload_are_refused_and_write_nothing(client, auth):
    pk = _upload(client, auth).json()["id"]
    huge = {"mapping": {"first_name": 0, "district": 3}, "source_name": "ก" * 2_000_000}
    response = _json(client, "put", reverse("api:v1:import_mapping", args=[pk]), huge, auth)
    assert_error_shape(response, 413, "request_too_large")
    batches = ImportBatch.objects.count()
    no_file = client.post(reverse("api:v1:imports"), {"source_name": "x"}, **auth)
    assert_error_shape(no_file, 400, "invalid")
    assert "file" in no_file.json()["fields"]
    as_json = _json(client, "post", reverse("api:v1:imports"), {"file": "a,b"}, auth)
    assert_error_shape(as_json, 415, "unsupported_media_type")
    odd = _upload(client, auth, text="not a table", name="list.exe")
    assert_error_shape(odd, 400, "invalid")
    assert ImportBatch.objects.count() == batches


def test_the_parts_of_a_person_are_read_and_audited_with_the_reader(client, auth, district_user):
    person = Person.objects.create(
        first_name="สมพร",
        last_name="ส่วนประกอบ",
        subdistrict_code="100101",
        district_code="1001",
        province_code="10",
    )
    PersonOccupation.objects.create(person=person, occupation_id=_occupation("moto_taxi"))
    Consent.objects.create(
        person=person, lawful_basis="public_task", channel="staff", given_on="2025-01-02", notice_version="1"
    )
    for part, expect in (("occupations", "moto_taxi"), ("consents", "public_task"), ("welfare", None)):
        response = client.get(reverse(f"api:v1:person_{part}", args=[person.pk]), **auth)
        assert response.status_code == 200, response.content
        results = response.json()["results"]
        assert (expect in json.dumps(results)) if expect else results == []
    households = client.get(reverse("api:v1:person_households", args=[person.pk]), **auth)
    assert households.json() == {"person": person.pk, "results": []}
    reads = AuditEvent.objects.filter(target_id=str(person.pk), action="view")
    assert {e.changes["endpoint"] for e in reads} == {
        "person_occupations",
        "person_consents",
        "person_welfare",
        "person_households",
    }
    assert {e.changes["api_client"] for e in reads} == {district_user.username}


def _occupation(code: str) -> int:
    from nokrabob.registry.models import Occupation

    return Occupation.objects.get(code=code).pk


def test_a_revoked_token_is_refused_on_every_new_endpoint(client, district_user):
    token, key = token_issue(actor=None, user=district_user)
    token_revoke(actor=None, token=token)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    for url in (
        reverse("api:v1:imports"),
        reverse("api:v1:person_welfare", args=[1]),
        reverse("api:collection:submission_detail", args=[1]),
        reverse("api:projects:plan_list"),
        reverse("api:reports:aggregates"),
    ):
        assert_error_shape(client.get(url, **auth), 401, "token_invalid")


def test_published_aggregates_are_served_as_published(client, auth, settings, tmp_path):
    from nokrabob.reports.models import PublicationTrigger
    from nokrabob.reports.services import publish_open_data

    settings.OPEN_DATA_DIR = tmp_path / "open"
    missing = client.get(reverse("api:reports:aggregates"), **auth)
    assert_error_shape(missing, 404, "not_found")
    for n in range(6):
        Person.objects.create(
            first_name=f"ก{n}", subdistrict_code="100101", district_code="1001", province_code="10", sex="F"
        )
    Person.objects.create(first_name="ข", subdistrict_code="100601", district_code="1006", province_code="10")
    publish_open_data(tmp_path / "open", trigger=PublicationTrigger.COMMAND)
    body = client.get(
        reverse("api:reports:aggregates"),
        {"measure": "registered", "occupation_group": "_all", "sex": "_all"},
        **auth,
    ).json()
    counts = {(r["area_code"], r["age_band"]): r["count"] for r in body["results"]}
    published = json.loads((tmp_path / "open" / "registry-aggregates.json").read_text(encoding="utf-8"))
    expected = {
        (r["area_code"], r["age_band"]): None if r["count"] == "*" else r["count"]
        for r in published["rows"]
        if (r["measure"], r["occupation_group"], r["sex"]) == ("registered", "_all", "_all")
    }
    assert counts == expected and counts[("TH", "_all")] == 7
    assert counts[("1006", "_all")] is None  # one person: hidden, as in the files
    bad = client.get(reverse("api:reports:aggregates"), {"area_code": "x"}, **auth)
    assert_error_shape(bad, 400, "invalid")


def test_an_action_plan_with_its_activities_and_monthly_reports(client, make_user):
    import datetime as dt
    from decimal import Decimal

    from nokrabob.accounts.roles import Role
    from nokrabob.core.models import OrgUnit
    from nokrabob.projects import plan_services
    from nokrabob.projects.models import PlanActivity

    officer = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    plan = plan_services.plan_create(
        actor=officer,
        unit=OrgUnit.objects.get(code="PLO-50"),
        fiscal_year=2568,
        recorded_on=dt.date(2024, 10, 20),
        allocation_round1=Decimal("1000"),
        allocation_year=Decimal("2000"),
    )
    PlanActivity.objects.create(
        plan=plan, number=1, name="อบรมอาชีพ", target_people=40, budget=Decimal("1500"), months=0b11
    )
    plan_services.monthly_report_submit(
        actor=officer, plan=plan, month=1, people_served=12, budget_disbursed=Decimal("300")
    )
    auth = {"HTTP_AUTHORIZATION": f"Token {token_issue(actor=None, user=officer)[1]}"}
    listed = client.get(reverse("api:projects:plan_list"), {"fiscal_year": 2568}, **auth).json()
    assert [(p["id"], p["reports"]) for p in listed] == [(plan.pk, 1)]
    detail = client.get(reverse("api:projects:plan_detail", args=[plan.pk]), **auth).json()
    assert detail["activities"][0]["months"] == [1, 2] and detail["activities"][0]["budget"] == "1500.00"
    october = detail["monthly_reports"][0]
    assert (october["month"], october["people_served"], october["budget_disbursed"]) == (1, 12, "300.00")
    assert len(detail["monthly_reports"]) == 12 and detail["monthly_reports"][1]["people_served"] is None
    other = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-51")
    other_auth = {"HTTP_AUTHORIZATION": f"Token {token_issue(actor=None, user=other)[1]}"}
    hidden = client.get(reverse("api:projects:plan_detail", args=[plan.pk]), **other_auth)
    assert_error_shape(hidden, 404, "not_found")
