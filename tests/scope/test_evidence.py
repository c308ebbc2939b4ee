"""Reads of people are evidence (issue 14 §2): every page, file and API answer that shows people writes one
audit row naming the reader, the address, the page and the people (by record number) or the filter; the
reports of the trail open only for the admin and the data protection officer; an export file never carries
another area's people."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from nokrabob.audit.models import AuditEvent
from nokrabob.audit.reads import read_ids
from nokrabob.imports.models import ExportJob, ImportBatch, ImportReviewItem, ImportStatus

from .world import FOREIGN, OWNER, World

pytestmark = pytest.mark.django_db

PURPOSE = "ส่งรายชื่อให้สำนักงานประกันสังคมเพื่อชวนสมัครมาตรา 40"


@dataclass(frozen=True)
class Read:
    """A read of people: who reads, the request, and what the audit row must name."""

    id: str
    read: str  # the row's ``read``
    viewer: str
    request: Callable[[Any, World], Any]
    names_person: bool = True  # the row names the area's person by record number
    check: Callable[[AuditEvent, World], bool] = lambda e, w: True

    @property
    def area(self) -> str:
        """The world's access request and the DPO's search are about Bang Kapi's person."""
        about_1006 = ("privacy_request_detail", "subject_access_json", "subject_access_pdf", "audit_search")
        return "1006" if self.read in about_1006 else "1001"


def _get(
    name: str, args: Callable[[World], list[Any]] = lambda w: [], query: str = ""
) -> Callable[[Any, World], Any]:
    return lambda c, w: c.get(reverse(name, args=args(w)) + query)


def _p(w: World) -> list[Any]:
    return [w.area("1001").person.pk]


def _batch(w: World) -> ImportBatch:
    """An import of Phra Nakhon's office with one rejected row and one row waiting for review."""
    unit = w.user("d1001").unit
    batch = ImportBatch.objects.create(file_name="x.csv", unit=unit, created_by=w.user("d1001"),
                                       status=ImportStatus.DONE, rows_rejected=1)  # fmt: skip
    ImportReviewItem.objects.create(
        batch=batch, row_number=2, fields={"first_name": "ก"}, province_code="10", district_code="1001",
        candidate=w.area("1001").person, reason="x",
    )  # fmt: skip
    return batch


def _register_look_alike(c: Any, w: World) -> Any:
    """Registering someone who looks like Phra Nakhon's person (same name, birth date): a candidate shown."""
    form = {"first_name": "ทดสอบ", "last_name": "ทองใบเตย", "birth_date": "01/01/2523", "sex": "F",
            "district_code": "1001", "subdistrict_code": "100101", "lawful_basis": "public_task",
            "consent_channel": "staff", "has_disability": "unknown"}  # fmt: skip
    return c.post(reverse("registry:person_create"), form)


def _export(c: Any, w: World) -> Any:
    return c.post(
        reverse("imports:export"), {"columns": ["first_name"], "file_format": "csv", "purpose": PURPOSE}
    )


def _download(c: Any, w: World) -> Any:
    _export(c, w)
    job = ExportJob.objects.order_by("-pk").first()
    assert job is not None
    return c.get(reverse("imports:export_download", args=[job.pk]))


READS: list[Read] = [
    Read("person_create_candidates", "person_create_candidates", "d1001", _register_look_alike),
    Read("person_list", "person_list", "d1001", _get("registry:person_list")),
    Read(
        "person_list-search",
        "person_list",
        "d1001",
        lambda c, w: c.get(reverse("registry:person_list"), {"q": w.area("1001").national_id}),
        check=lambda e, w: (
            e.changes["filters"] == {"q": "given"} and w.area("1001").national_id not in str(e.changes)
        ),
    ),
    Read("person_detail", "person_detail", "d1001", _get("registry:person_detail", _p)),
    Read("person_edit", "person_edit", "d1001", _get("registry:person_edit", _p)),
    Read(
        "person_merge",
        "person_merge",
        "admin",
        _get("registry:person_merge", lambda w: [w.area("1001").person.pk, w.area("1006").person.pk]),
    ),
    Read(
        "activity_detail",
        "activity_detail",
        "d1001",
        _get("registry:activity_detail", lambda w: [w.area("1001").activity.pk]),
    ),
    Read(
        "household_detail",
        "household_detail",
        "d1001",
        _get("registry:household_detail", lambda w: [w.area("1001").household.pk]),
    ),
    Read("follow_up_list", "follow_up_list", "d1001", _get("registry:follow_up_list")),
    Read(
        "follow_up_detail",
        "follow_up_detail",
        "d1001",
        _get("registry:follow_up_detail", lambda w: [w.area("1001").person.follow_ups.get().pk]),
        check=lambda e, w: e.changes["follow_up"] == w.area("1001").person.follow_ups.get().pk,
    ),
    Read(
        "review_queue",
        "review_queue",
        "d1001",
        _get("collection:review_queue"),
        names_person=False,
        check=lambda e, w: w.area("1001").submission.pk in e.changes["submissions"],
    ),
    Read(
        "review_detail",
        "review_detail",
        "d1001",
        _get("collection:review_detail", lambda w: [w.area("1001").submission.pk]),
        names_person=False,
        check=lambda e, w: e.changes["submission"] == w.area("1001").submission.pk,
    ),
    Read(
        "import_review_list",
        "import_review_list",
        "d1001",
        lambda c, w: (_batch(w), c.get(reverse("imports:review_list"))),
    ),
    Read(
        "import_job_detail",
        "import_job_detail",
        "d1001",
        lambda c, w: c.get(reverse("imports:job_detail", args=[_batch(w).pk])),
        names_person=False,
    ),
    Read(
        "import_error_report",
        "import_error_report",
        "d1001",
        lambda c, w: c.get(reverse("imports:error_report", args=[_batch(w).pk, "csv"])),
        names_person=False,
        check=lambda e, w: e.action == "export" and e.changes["rows"] == 1,
    ),
    Read(
        "indicator_drilldown",
        "indicator_drilldown",
        "d1001",
        _get("performance:drilldown", lambda w: [w.indicator.pk]),
    ),
    Read(
        "privacy_request_detail",
        "privacy_request_detail",
        "dpo",
        _get("privacy:request_detail", lambda w: [w.privacy_request.pk]),
        check=lambda e, w: e.target_id == str(w.privacy_request.person_id),
    ),
    Read(
        "subject_access_json",
        "subject_access_json",
        "dpo",
        _get("privacy:subject_access_file", lambda w: [w.privacy_request.pk]),
        check=lambda e, w: e.action == "export",
    ),
    Read(
        "subject_access_pdf",
        "subject_access_pdf",
        "dpo",
        _get("privacy:subject_access_letter", lambda w: [w.privacy_request.pk]),
        check=lambda e, w: e.action == "export",
    ),
    Read(
        "registry_export",
        "registry_export",
        "d1001",
        _export,
        names_person=False,
        check=lambda e, w: (
            e.action == "export" and e.changes["purpose"] == PURPOSE and e.changes["rows"] == 1
        ),
    ),
    Read(
        "export_download",
        "export_download",
        "d1001",
        _download,
        names_person=False,
        check=lambda e, w: e.action == "export" and e.changes["rows"] == 1,
    ),
    Read("api_people_list", "api_people_list", "d1001", _get("api:v1:people")),
    Read(
        "api_people_search", "api_people_search", "d1001", _get("api:v1:people_search", query="?q=ทองใบเตย")
    ),
    Read("api_person_detail", "api_person_detail", "d1001", _get("api:v1:person", _p)),
    Read(
        "api_people_status_check",
        "api_people_status_check",
        "d1001",
        lambda c, w: c.post(
            reverse("api:v1:people_status_check"),
            {"national_ids": [w.area("1001").national_id]},
            content_type="application/json",
        ),
        names_person=False,
        check=lambda e, w: e.changes["asked"] == 1 and e.changes["registered_in_scope"] == 1,
    ),
    Read(
        "audit_search",
        "audit_search",
        "dpo",
        lambda c, w: c.get(reverse("audit:event_list"), {"national_id": w.area("1006").national_id}),
    ),
    Read(
        "audit_who_saw",
        "audit_who_saw",
        "dpo",
        lambda c, w: c.get(reverse("audit:who_saw"), {"national_id": w.area("1001").national_id}),
    ),
]


@pytest.mark.parametrize("case", READS, ids=[r.id for r in READS])
def test_every_read_of_people_is_audited_naming_them(client, world, case, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    user = world.user(case.viewer)
    client.force_login(user)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = case.request(client, world)
    response = response[-1] if isinstance(response, tuple) else response
    assert response.status_code in (200, 302), (case.id, response.status_code)
    rows = list(AuditEvent.objects.filter(id__gt=before, changes__read=case.read))
    assert len(rows) == 1, (case.id, [e.changes for e in AuditEvent.objects.filter(id__gt=before)])
    event = rows[0]
    assert event.actor == user and event.actor_name == user.username
    assert event.ip_address == "127.0.0.1"
    if case.names_person:
        person = world.area(case.area).person
        assert person.pk in read_ids(event), (case.id, event.changes)
    assert case.check(event, world), (case.id, event.changes)
    for area in world.areas.values():  # the trail keeps numbers, never names or national IDs
        assert area.national_id not in str(event.changes) and area.phone not in str(event.changes)


def test_the_reader_address_is_the_proxys_header_when_configured(client, world, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    client.force_login(world.user("d1001"))
    client.get(reverse("registry:person_list"), HTTP_X_REAL_IP="203.0.113.9")
    assert AuditEvent.objects.filter(changes__read="person_list").get().ip_address == "203.0.113.9"


def _csv(raw: bytes) -> str:
    return "\n".join(",".join(r) for r in csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_an_export_file_never_carries_another_areas_people(client, world):
    columns = ["national_id", "first_name", "last_name", "phone", "district_code"]
    for viewer, area_key in FOREIGN:
        client.force_login(world.user(viewer))
        form = {"columns": columns, "file_format": "csv", "purpose": PURPOSE, "full_national_id": "on"}
        response = client.post(reverse("imports:export"), form)
        assert response.status_code == 302, viewer
        job = ExportJob.objects.filter(created_by=world.user(viewer)).order_by("-pk").first()
        assert job is not None
        text = _csv(b"".join(client.get(reverse("imports:export_download", args=[job.pk])).streaming_content))
        foreign = world.area(area_key)
        for marker in (foreign.national_id, foreign.phone, f"ทอง{foreign.word}"):
            assert marker not in text, (viewer, area_key, marker)
        if viewer in OWNER.values():  # the same file does hold the officer's own people
            own = world.own(viewer)
            assert own.national_id in text and f"ทอง{own.word}" in text


REPORTS = [
    ("audit:event_list", {}),
    ("audit:chain_check", {}),
    ("audit:who_saw", {"national_id": "x"}),
    ("audit:breach", {"actor": "d1001"}),
]


@pytest.mark.parametrize(("name", "query"), REPORTS)
def test_audit_reports_open_only_for_admin_and_dpo(client, world, name, query):
    if query.get("national_id") == "x":
        query = {"national_id": world.area("1001").national_id}
    for key in ("d1001", "d1006", "cm", "lp", "dept", "policy", "assessor", "executive"):
        client.force_login(world.user(key))
        for fmt in ("", "pdf", "xlsx"):
            response = client.get(reverse(name), {**query, **({"format": fmt} if fmt else {})})
            assert response.status_code == 403, (key, name, fmt, response.status_code)
    for key in ("dpo", "admin"):
        client.force_login(world.user(key))
        assert client.get(reverse(name), query).status_code == 200, (key, name)
    client.logout()
    assert client.get(reverse(name), query).status_code == 302
