"""An import never reads, matches, shows or changes a person outside the importer's scope.

Each test has a person of another district (Phra Nakhon's officer vs Bang Kapi) and of another province
(Chiang Mai's provincial officer vs Bangkok, Bangkok's department vs Chiang Mai).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.imports import review
from nokrabob.imports.models import ImportBatch, ImportReviewItem, ImportStatus
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db

BANG_KAPI = ("แขวงคลองจั่น", "เขตบางกะปิ", "กรุงเทพมหานคร")
PHRA_NAKHON = ("แขวงพระบรมมหาราชวัง", "เขตพระนคร", "กรุงเทพมหานคร")
CHIANG_MAI = ("ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่")


def _row(
    nid: str,
    name: str,
    area: tuple[str, str, str],
    *,
    birth: str = "05/01/2510",
    phone: str = "0812345678",
    income: str = "9000",
) -> list[str]:
    return ["1", nid, name, "", birth, phone, "12/3", *area, "วินมอเตอร์ไซค์", "ม.40", income]


def _import(tmp_path: Path, name: str, rows: list[list[str]], actor) -> ImportBatch:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / name, rows)
    return run_batch(batch_create(actor=actor, path=path, file_name=path.name).pk)


@pytest.fixture
def bang_kapi_person(tmp_path, make_user) -> Person:  # type: ignore[no-untyped-def]
    nid = make_national_id("110170020345")
    _import(
        tmp_path,
        "seed.csv",
        [_row(nid, "นายสมชาย ใจดี", BANG_KAPI, phone="0899999999")],
        make_user(Role.ADMIN),
    )
    return Person.objects.get(national_id=nid)


def _unchanged(person: Person) -> None:
    before = {k: v for k, v in person.__dict__.items() if not k.startswith("_")}
    person.refresh_from_db()
    after = {k: v for k, v in person.__dict__.items() if not k.startswith("_")}
    assert after == before


def test_a_sound_alike_outside_the_district_is_named_by_its_office_only(
    tmp_path, make_user, client, bang_kapi_person
) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    batch = _import(
        tmp_path, "pn.csv", [_row(make_national_id("310170020341"), "นายสมชาย ใจดี", PHRA_NAKHON)], officer
    )
    assert batch.rows_review == 1 and batch.rows_created == 0
    item = ImportReviewItem.objects.get(batch=batch)
    assert item.candidate_id is None and item.other_office.code == "BMA-D1006"  # type: ignore[union-attr]
    client.force_login(officer)
    page = client.get(reverse("imports:review_list")).content.decode()
    assert item.other_office.name_th in page  # type: ignore[union-attr]
    assert bang_kapi_person.national_id not in page and "0899999999" not in page
    assert 'value="merge"' not in page
    # the merge cannot be forced by posting it
    client.post(reverse("imports:review_action", args=[item.pk]), {"action": "merge"})
    _unchanged(bang_kapi_person)
    assert bang_kapi_person.district_code == "1006"
    item.refresh_from_db()
    assert item.status == "open"


def test_a_row_without_id_never_updates_another_districts_person(
    tmp_path, make_user, bang_kapi_person
) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    batch = _import(tmp_path, "pn.csv", [_row("", "นายสมชาย ใจดี", PHRA_NAKHON, phone="0811111111")], officer)
    assert (batch.rows_updated, batch.rows_unchanged, batch.rows_review) == (0, 0, 1)
    _unchanged(bang_kapi_person)
    assert ImportReviewItem.objects.get(batch=batch).other_office.code == "BMA-D1006"  # type: ignore[union-attr]


def test_another_districts_national_id_is_refused_with_its_office_name(
    tmp_path, make_user, bang_kapi_person
) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    batch = _import(
        tmp_path,
        "pn.csv",
        [_row(bang_kapi_person.national_id, "นายสมชาย ใจดี", PHRA_NAKHON, phone="0811111111")],
        officer,
    )
    assert batch.rows_rejected == 1 and batch.rows_updated == 0
    (reason,) = batch.row_errors.get().reasons
    assert "สำนักงานเขตบางกะปิ" in reason[1]
    _unchanged(bang_kapi_person)


def test_a_province_never_matches_or_changes_a_bangkok_person(tmp_path, make_user, bang_kapi_person) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    batch = _import(
        tmp_path,
        "cm.csv",
        [
            _row("", "นายสมชาย ใจดี", CHIANG_MAI),
            _row(bang_kapi_person.national_id, "นายสมชาย ใจดี", CHIANG_MAI),
        ],
        officer,
    )
    assert (batch.rows_review, batch.rows_rejected, batch.rows_updated, batch.rows_created) == (1, 1, 0, 0)
    assert ImportReviewItem.objects.get(batch=batch).candidate_id is None
    _unchanged(bang_kapi_person)


def test_candidates_inside_the_scope_are_still_offered(tmp_path, make_user, bang_kapi_person) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    batch = _import(
        tmp_path, "bk.csv", [_row(make_national_id("310170020341"), "นายสมชาย ใจดี", BANG_KAPI)], officer
    )
    item = ImportReviewItem.objects.get(batch=batch)
    assert item.candidate_id == bang_kapi_person.pk and item.other_office is None


def test_a_review_item_with_a_candidate_outside_the_scope_cannot_be_merged(
    tmp_path, make_user, bang_kapi_person
) -> None:  # type: ignore[no-untyped-def]
    """Items written before the scope rule (or by a wider role) are refused at decision time too."""
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    batch = _import(
        tmp_path, "pn.csv", [_row(make_national_id("310170020341"), "นายก ข", PHRA_NAKHON)], officer
    )
    item = ImportReviewItem.objects.create(
        batch=batch,
        row_number=2,
        fields={"first_name": "สมชาย", "district_code": "1001", "province_code": "10"},
        province_code="10",
        district_code="1001",
        candidate=bang_kapi_person,
        reason="legacy",
    )
    with pytest.raises(DomainError):
        review.review_merge(actor=officer, item=item)
    _unchanged(bang_kapi_person)


@pytest.fixture
def chiang_mai_batch(tmp_path, make_user) -> ImportBatch:  # type: ignore[no-untyped-def]
    officer = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    return _import(
        tmp_path,
        "cm.csv",
        [
            _row(make_national_id("350170020341"), "นายเชียง ใหม่", CHIANG_MAI),
            _row("123", "นายผิด พลาด", CHIANG_MAI),
        ],
        officer,
    )


@pytest.mark.parametrize("role,unit", [(Role.DEPARTMENT_STAFF, "2400"), (Role.DISTRICT_STAFF, "BMA-D1001")])
def test_bangkok_roles_cannot_open_report_or_roll_back_a_chiang_mai_batch(
    client, make_user, chiang_mai_batch, role, unit
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(role, unit_code=unit))
    pk = chiang_mai_batch.pk
    assert pk not in [b.pk for b in client.get(reverse("imports:job_list")).context["batches"]]
    for name, args in (
        ("job_detail", [pk]),
        ("job_progress", [pk]),
        ("error_report", [pk, "csv"]),
        ("error_report", [pk, "xlsx"]),
    ):
        assert client.get(reverse(f"imports:{name}", args=args)).status_code == 404
    for name in ("job_rollback", "job_cancel", "job_resume", "job_commit"):
        assert client.post(reverse(f"imports:{name}", args=[pk])).status_code == 404
    assert Person.objects.filter(province_code="50").count() == 1
    assert ImportBatch.objects.get(pk=pk).status == ImportStatus.DONE


def test_a_province_cannot_open_a_bangkok_batch(client, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    batch = _import(
        tmp_path,
        "bk.csv",
        [_row(make_national_id("110170020345"), "นายก ข", BANG_KAPI)],
        make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"),
    )
    client.force_login(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50"))
    assert client.get(reverse("imports:job_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:job_rollback", args=[batch.pk])).status_code == 404
    # the district's own office and Bangkok-wide staff do see it
    for role, unit in ((Role.DISTRICT_STAFF, "BMA-D1006"), (Role.DEPARTMENT_STAFF, "2400")):
        client.force_login(make_user(role, unit_code=unit))
        assert client.get(reverse("imports:job_detail", args=[batch.pk])).status_code == 200
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    assert client.get(reverse("imports:job_detail", args=[batch.pk])).status_code == 404


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_error_report_masks_ids_for_masked_roles_neutralises_formulas_and_is_audited(
    client, make_user, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    headers = [
        "ลำดับ",
        '=HYPERLINK("http://x")',
        "ชื่อ-นามสกุล",
        "เพศ",
        "วันเดือนปีเกิด",
        "เบอร์โทร",
        "บ้านเลขที่",
        "แขวง",
        "เขต",
        "จังหวัด",
        "อาชีพ",
        "สวัสดิการ",
        "รายได้ต่อเดือน",
    ]
    bad_id = make_national_id("110170020345")[:-1] + str((int(make_national_id("110170020345")[-1]) + 1) % 10)
    path = write_csv(tmp_path / "x.csv", [_row(bad_id, "=นายก ข", BANG_KAPI)], headers=headers)
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    batch = batch_create(actor=officer, path=path, file_name=path.name)
    batch.mapping = {**batch.mapping, "national_id": 1}
    batch.save()
    batch = run_batch(batch.pk)
    assert batch.rows_rejected == 1
    client.force_login(make_user(Role.ASSESSOR))
    rows = _csv(client.get(reverse("imports:error_report", args=[batch.pk, "csv"])))
    assert rows[0][3].startswith("'=HYPERLINK")
    assert bad_id not in "".join(rows[1]) and rows[1][3].endswith(bad_id[-1])
    assert rows[1][4] == "'=นายก ข"
    assert all(not cell.startswith(("=", "+", "@")) for cell in rows[0] + rows[1])
    event = AuditEvent.objects.get(action="export", target_id=str(batch.pk))
    assert {k: event.changes[k] for k in ("error_report", "rows", "full_national_ids")} == {
        "error_report": "csv",
        "rows": 1,
        "full_national_ids": False,
    }
    assert event.changes["read"] == "import_error_report" and event.ip_address == "127.0.0.1"
    # the district's own officer sees the full ID, and that download is audited too
    client.force_login(officer)
    rows = _csv(client.get(reverse("imports:error_report", args=[batch.pk, "csv"])))
    assert rows[1][3] == bad_id
    assert AuditEvent.objects.filter(action="export", target_id=str(batch.pk)).count() == 2


# ── every imports URL, tried against another district's and another province's batch ─────────────────

BATCH_URLS_GET = ("mapping", "job_detail", "job_progress", "values")
BATCH_URLS_POST = ("mapping", "job_cancel", "job_rollback", "job_resume", "job_commit", "value_map")


@pytest.mark.parametrize(
    "owner,intruder",
    [
        (("district", "BMA-D1006"), ("district", "BMA-D1001")),  # another district
        (("province", "PLO-50"), ("district", "BMA-D1001")),  # another province, from a Bangkok district
        (("district", "BMA-D1006"), ("province", "PLO-50")),  # Bangkok, from a province
        (("province", "PLO-50"), ("department", "2400")),  # Bangkok-wide staff and a province
    ],
)
def test_every_batch_url_answers_404_outside_the_owners_area(
    client, make_user, tmp_path, owner, intruder
) -> None:  # type: ignore[no-untyped-def]
    roles = {
        "district": Role.DISTRICT_STAFF,
        "province": Role.PROVINCIAL_STAFF,
        "department": Role.DEPARTMENT_STAFF,
    }
    area = CHIANG_MAI if owner[0] == "province" else BANG_KAPI
    owner_user = make_user(roles[owner[0]], unit_code=owner[1])
    done = _import(tmp_path, "a.csv", [_row(make_national_id("350170020341"), "นายก ข", area)], owner_user)
    pending = batch_create(
        actor=owner_user, path=write_csv(tmp_path / "b.csv", [_row("", "นายค ง", area)]), file_name="b.csv"
    )
    people = Person.objects.count()
    client.force_login(make_user(roles[intruder[0]], unit_code=intruder[1]))
    for batch in (done, pending):
        for name in BATCH_URLS_GET:
            assert client.get(reverse(f"imports:{name}", args=[batch.pk])).status_code == 404, name
        for name in BATCH_URLS_POST:
            assert client.post(reverse(f"imports:{name}", args=[batch.pk])).status_code == 404, name
        for fmt in ("csv", "xlsx"):
            assert client.get(reverse("imports:error_report", args=[batch.pk, fmt])).status_code == 404
    assert {b.pk for b in client.get(reverse("imports:job_list")).context["batches"]}.isdisjoint(
        {done.pk, pending.pk}
    )
    assert Person.objects.count() == people
    assert ImportBatch.objects.get(pk=done.pk).status == ImportStatus.DONE
    assert ImportBatch.objects.get(pk=pending.pk).status == ImportStatus.PENDING


def test_review_items_of_another_area_are_not_listed_nor_decided(
    client, make_user, tmp_path, bang_kapi_person
) -> None:  # type: ignore[no-untyped-def]
    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    batch = _import(
        tmp_path, "bk.csv", [_row(make_national_id("310170020341"), "นายสมชาย ใจดี", BANG_KAPI)], bang_kapi
    )
    item = ImportReviewItem.objects.get(batch=batch)
    for role, unit in ((Role.DISTRICT_STAFF, "BMA-D1001"), (Role.PROVINCIAL_STAFF, "PLO-50")):
        client.force_login(make_user(role, unit_code=unit))
        page = client.get(reverse("imports:review_list"))
        assert list(page.context["items"]) == [] and "สมชาย" not in page.content.decode()
        for action in ("create", "merge", "skip"):
            response = client.post(reverse("imports:review_action", args=[item.pk]), {"action": action})
            assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "open" and Person.objects.count() == 1


def test_an_export_job_is_its_creators_only(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports.models import ExportJob

    owner = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    job = ExportJob.objects.create(created_by=owner, status=ImportStatus.DONE, file_path="/nonexistent.xlsx")
    for role, unit in (
        (Role.DISTRICT_STAFF, "BMA-D1001"),
        (Role.PROVINCIAL_STAFF, "PLO-50"),
        (Role.ADMIN, None),
    ):
        client.force_login(make_user(role, unit_code=unit))
        assert client.get(reverse("imports:export_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("imports:export_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(
    "area",
    [
        ("แขวงคลองจั่น", "เขตบางกะปิใต้", "กรุงเทพมหานคร"),  # no such district
        ("", "1099", ""),  # no such district code
        ("ตำบลไม่มีจริง", "", ""),  # no such sub-district
        ("", "เขตไม่มีจริง", "กรุงเทพมหานคร"),
    ],
)
def test_an_address_that_does_not_exist_is_named_as_not_found_not_as_outside_the_area(
    tmp_path, make_user, area
) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    batch = _import(
        tmp_path, "x.csv", [_row(make_national_id("110170020345"), "นายสมชาย ใจดี", area)], officer
    )
    messages = [message for error in batch.row_errors.all() for _column, message in error.reasons]
    assert messages and all("นอกพื้นที่" not in m for m in messages), messages
    assert any(m.startswith("ไม่พบ") for m in messages), messages
