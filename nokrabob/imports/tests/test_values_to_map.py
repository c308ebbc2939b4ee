"""A valid person is never lost because of an optional column: unknown occupations and schemes are kept,
counted and listed for mapping, before an import or after it; truly bad rows keep their precise reasons."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.imports.models import (
    ImportBatch,
    ImportStatus,
    ImportValue,
    ImportValuePerson,
    ValueSynonym,
)
from nokrabob.imports.rollback import batch_rollback
from nokrabob.imports.services import batch_create, run_batch
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.registry.models import Person, PersonOccupation, WelfareRecord
from nokrabob.registry.national_id import make_national_id

pytestmark = pytest.mark.django_db

IDS = [make_national_id(f"11017002{n:04d}") for n in range(1, 12)]
BAD_CHECK_DIGIT = IDS[10][:12] + str((int(IDS[10][12]) + 1) % 10)


def _row(nid: str, name: str, occupation: str, scheme: str, *, birth: str = "05/01/2510",
         district: str = "บางกะปิ", income: str = "9000") -> list[str]:  # fmt: skip
    return [
        "1",
        nid,
        name,
        "",
        birth,
        "0812345678",
        "12/3",
        "",
        district,
        "กรุงเทพมหานคร",
        occupation,
        scheme,
        income,
    ]


AGENCY_LIST = [
    _row(IDS[0], "นายสมชาย ใจดี", "วินมอไซด์", "ม.40, บัตรทอง"),
    _row(IDS[1], "นายมานะ ขยัน", "ช่างตัดผม", "ม.40"),
    _row(IDS[2], "นางสาวสมศรี รักดี", "ช่าง ตัดผม", "เบี้ยยังชีพผู้สูงอายุ"),
    _row(IDS[3], "นางมาลี ศรีสุข", "ค้าขาย/ช่างตัดผม", "เบี้ยยังชีพ ผู้สูงอายุ\nบัตรทอง"),
    _row(IDS[4], "นายวิชัย กล้าหาญ", "นักบินอวกาศ", ""),
    _row(BAD_CHECK_DIGIT, "นายปัญญา ดีงาม", "นักดำน้ำ", "เบี้ยคนพิการ"),  # row 7: check digit
    _row(IDS[5], "นายสุข ใจเย็น", "นักดำน้ำ", "", district="ไม่มีเขตนี้"),  # row 8: unknown district
    _row(IDS[6], "นายชาติ ชาญชัย", "ช่างตัดผม", "", birth="31/02/2510"),  # row 9: impossible date
    _row(IDS[1], "นายมานะ ขยัน", "ช่างตัดผม", "ม.40"),  # row 10: in-file duplicate of row 3
    _row(IDS[7], "นายรวย ล้นฟ้า", "ช่างตัดผม", "", income="12345678901234567890123"),  # row 11
    _row(IDS[8], "นายเลข ยกกำลัง", "ช่างตัดผม", "", income="1e30"),  # row 12
    _row(IDS[9], "นางเพียร สะสม", "หาบเร่", "ม.40", income="99,999,999.99"),
]
ACCEPTED = [IDS[i] for i in (0, 1, 2, 3, 4, 9)]


@pytest.fixture
def agency_list(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "agency.csv", AGENCY_LIST)


def _import(path: Path, actor, *, dry_run: bool = False) -> ImportBatch:  # type: ignore[no-untyped-def]
    batch = batch_create(actor=actor, path=path, file_name=path.name, dry_run=dry_run)
    return run_batch(batch.pk)


def _values(batch: ImportBatch) -> dict[tuple[str, str], int]:
    return {(v.kind, v.text): v.row_count for v in ImportValue.objects.filter(batch=batch)}


def _occupations(nid: str) -> set[str]:
    return set(
        PersonOccupation.objects.filter(person__national_id=nid).values_list("occupation__code", flat=True)
    )


def _schemes(nid: str) -> set[str]:
    return set(WelfareRecord.objects.filter(person__national_id=nid).values_list("scheme__code", flat=True))


def _reasons(batch: ImportBatch) -> dict[int, str]:
    return {e.row_number: " ".join(m for _c, m in e.reasons) for e in batch.row_errors.all()}


def test_unknown_values_never_reject_and_bad_rows_keep_their_reasons(agency_list, make_user) -> None:  # type: ignore[no-untyped-def]
    batch = _import(agency_list, make_user(Role.ADMIN))
    assert batch.status == ImportStatus.DONE
    assert (batch.rows_created, batch.rows_rejected) == (6, 6)
    assert set(Person.objects.values_list("national_id", flat=True)) == set(ACCEPTED)
    reasons = _reasons(batch)
    assert "หลักตรวจสอบไม่ตรง" in reasons[7]
    assert "ไม่พบเขต/อำเภอ ไม่มีเขตนี้" in reasons[8]
    assert "วันที่นี้ไม่มีอยู่จริงในปฏิทิน" in reasons[9]
    assert "ข้อมูลซ้ำกับแถวที่ 3" in reasons[10]
    assert "รายได้สูงเกินกว่าที่บันทึกได้ (ไม่เกิน 99,999,999.99 บาท)" in reasons[11]
    assert "เลขยกกำลัง" in reasons[12]
    assert not any("ไม่รู้จัก" in reason for reason in reasons.values())
    # several values in one cell, matched loosely, each gives its record
    assert _occupations(IDS[0]) == {"moto_taxi"} and _schemes(IDS[0]) == {"s40", "ucs"}
    assert _occupations(IDS[3]) == {"street_vendor"} and _schemes(IDS[3]) == {"ucs"}
    assert Person.objects.get(national_id=IDS[9]).monthly_income == Decimal("99999999.99")
    # what no synonym maps is counted per accepted row, whatever its spacing, and linked to its people
    assert _values(batch) == {
        ("occupation", "ช่างตัดผม"): 3, ("occupation", "นักบินอวกาศ"): 1, ("scheme", "เบี้ยยังชีพผู้สูงอายุ"): 2,
    }  # fmt: skip
    carriers = ImportValuePerson.objects.filter(value__batch=batch, value__text="ช่างตัดผม").values("person_id")
    barbers = Person.objects.filter(pk__in=carriers).values_list("national_id", flat=True)
    assert set(barbers) == {IDS[1], IDS[2], IDS[3]}


def test_values_are_listed_on_the_batch_page_and_mapping_fills_in_the_records(
    client, agency_list, make_user
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.DEPARTMENT_STAFF)
    batch = _import(agency_list, user)
    client.force_login(user)
    page = client.get(reverse("imports:job_detail", args=[batch.pk])).content.decode()
    assert 'data-testid="values-panel"' in page
    for text, count in (("ช่างตัดผม", 3), ("เบี้ยยังชีพผู้สูงอายุ", 2), ("นักบินอวกาศ", 1)):
        assert (
            f'data-testid="value-text">{text}</td>\n      <td class="num" data-testid="value-rows">{count}<'
            in page
        )
    barber = ImportValue.objects.get(batch=batch, text="ช่างตัดผม")
    response = client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": barber.pk, "code": "other", "back": "detail"}
    )
    assert response.url == reverse("imports:job_detail", args=[batch.pk])
    assert _occupations(IDS[1]) == {"other"} and _occupations(IDS[2]) == {"other"}
    assert _occupations(IDS[3]) == {"street_vendor", "other"}
    assert _occupations(IDS[4]) == set() and _occupations(IDS[0]) == {"moto_taxi"}
    assert ValueSynonym.objects.get(kind="occupation", text="ช่างตัดผม").code == "other"
    barber.refresh_from_db()
    assert (barber.code, barber.filled, barber.mapped_by) == ("other", 3, user)
    audit = AuditEvent.objects.get(action="update", target_id=str(batch.pk))
    assert audit.changes == {"value": "ช่างตัดผม", "kind": "occupation", "code": "other", "filled": 3}
    allowance = ImportValue.objects.get(batch=batch, kind="scheme")
    client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": allowance.pk, "code": "state_welfare_card"}
    )
    assert _schemes(IDS[2]) == {"state_welfare_card"} and _schemes(IDS[3]) == {"ucs", "state_welfare_card"}
    record = WelfareRecord.objects.get(person__national_id=IDS[2])
    assert (record.status, record.source, record.created_by) == ("enrolled", "agency_list", user)
    assert record.history.count() == 1  # type: ignore[attr-defined]
    # mapped once only; the page now shows the mapping and the people it filled
    again = client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": barber.pk, "code": "farmer"}, follow=True
    )
    assert "ค่านี้จับคู่กับรหัสในระบบแล้ว" in again.content.decode()
    assert _occupations(IDS[1]) == {"other"}
    listing = client.get(reverse("imports:values", args=[batch.pk])).content.decode()
    assert "บันทึกให้ 3 คน" in listing and "บันทึกให้ 2 คน" in listing
    # the synonym serves the next file: its people get the record at import and nothing is left to map
    second = _import(agency_list, user)
    assert _values(second) == {("occupation", "นักบินอวกาศ"): 1}
    assert (
        second.rows_unchanged == 6
        and PersonOccupation.objects.filter(person__national_id=IDS[1]).count() == 1
    )


def test_a_code_that_is_not_in_the_catalogue_is_refused(client, agency_list, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.ADMIN)
    batch = _import(agency_list, user)
    value = ImportValue.objects.get(batch=batch, text="ช่างตัดผม")
    client.force_login(user)
    page = client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": value.pk, "code": "astronaut"}, follow=True
    ).content.decode()
    assert "ไม่พบรหัสนี้ในระบบ" in page
    blank = client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": value.pk, "code": ""}, follow=True
    )
    assert "กรุณาเลือกรหัสในระบบ" in blank.content.decode()
    assert not PersonOccupation.objects.filter(occupation__code="other").exists()
    assert not ValueSynonym.objects.filter(text="ช่างตัดผม").exists()


def test_mapping_touches_only_the_batch_s_people_in_the_user_s_area(client, agency_list, make_user) -> None:  # type: ignore[no-untyped-def]
    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    batch = _import(agency_list, bang_kapi)
    assert batch.rows_created == 6
    Person.objects.filter(national_id=IDS[2]).update(district_code="1001")  # moved to Phra Nakhon since
    elsewhere = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    client.force_login(elsewhere)
    value = ImportValue.objects.get(batch=batch, text="ช่างตัดผม")
    assert client.get(reverse("imports:values", args=[batch.pk])).status_code == 404
    assert (
        client.post(
            reverse("imports:value_map", args=[batch.pk]), {"value": value.pk, "code": "other"}
        ).status_code
        == 404
    )
    assert not PersonOccupation.objects.filter(occupation__code="other").exists()
    client.force_login(bang_kapi)
    client.post(reverse("imports:value_map", args=[batch.pk]), {"value": value.pk, "code": "other"})
    assert _occupations(IDS[1]) == {"other"} and _occupations(IDS[3]) == {"street_vendor", "other"}
    assert _occupations(IDS[2]) == set()  # no longer in Bang Kapi's area
    # a value of another batch is not this batch's to map
    other = _import(agency_list, make_user(Role.ADMIN))
    stranger = ImportValue.objects.get(batch=other, text="นักบินอวกาศ")
    response = client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": stranger.pk, "code": "other"}, follow=True
    )
    assert "ไม่พบค่านี้ในชุดการนำเข้านี้" in response.content.decode()


def test_roles_that_may_not_import_cannot_map(client, agency_list, make_user) -> None:  # type: ignore[no-untyped-def]
    batch = _import(agency_list, make_user(Role.ADMIN))
    value = ImportValue.objects.get(batch=batch, text="ช่างตัดผม")
    client.force_login(make_user(Role.EXECUTIVE))
    response = client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": value.pk, "code": "other"}
    )
    assert response.status_code in (403, 404)
    assert not ValueSynonym.objects.filter(text="ช่างตัดผม").exists()


def test_rollback_removes_the_records_mapping_filled_in(client, agency_list, make_user) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(Role.ADMIN)
    batch = _import(agency_list, admin)
    client.force_login(admin)
    value = ImportValue.objects.get(batch=batch, text="ช่างตัดผม")
    client.post(reverse("imports:value_map", args=[batch.pk]), {"value": value.pk, "code": "other"})
    assert PersonOccupation.objects.filter(occupation__code="other").count() == 3
    batch_rollback(actor=admin, batch=batch)
    assert not Person.objects.exists() and not PersonOccupation.objects.exists()
    assert not ImportValuePerson.objects.filter(value__batch=batch).exists()
    late = ImportValue.objects.get(batch=batch, text="นักบินอวกาศ")
    response = client.post(
        reverse("imports:value_map", args=[batch.pk]), {"value": late.pk, "code": "other"}, follow=True
    )
    assert "เมื่อการนำเข้าเสร็จแล้วเท่านั้น" in response.content.decode()


def test_values_mapped_after_a_dry_run_serve_the_real_import(
    client, agency_list, make_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.DEPARTMENT_STAFF)
    dry = _import(agency_list, user, dry_run=True)
    assert not Person.objects.exists() and not ImportValuePerson.objects.exists()
    assert _values(dry)[("occupation", "ช่างตัดผม")] == 3
    client.force_login(user)
    value = ImportValue.objects.get(batch=dry, text="ช่างตัดผม")
    page = client.post(
        reverse("imports:value_map", args=[dry.pk]), {"value": value.pk, "code": "other"}, follow=True
    )
    assert "จะใช้เมื่อนำเข้าจริง" in page.content.decode()
    assert not PersonOccupation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job_commit", args=[dry.pk]))
    real = ImportBatch.objects.exclude(pk=dry.pk).get()
    assert real.status == ImportStatus.DONE and real.rows_created == 6
    assert _occupations(IDS[2]) == {"other"}
    assert _values(real) == {("occupation", "นักบินอวกาศ"): 1, ("scheme", "เบี้ยยังชีพผู้สูงอายุ"): 2}


def test_values_of_a_file_not_yet_imported_are_listed_and_mapped_before_the_import(
    client, agency_list, make_user
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.DEPARTMENT_STAFF)
    batch = batch_create(actor=user, path=agency_list, file_name="agency.csv")
    client.force_login(user)
    assert (
        'data-testid="values-link"'
        in client.get(reverse("imports:mapping", args=[batch.pk])).content.decode()
    )
    page = client.get(reverse("imports:values", args=[batch.pk])).content.decode()
    # read from the file: every row that holds it, rejected ones too (the rules have not run yet)
    assert 'data-testid="value-text">ช่างตัดผม</td>\n      <td class="num" data-testid="value-rows">7<' in page
    assert 'data-testid="value-text">นักดำน้ำ</td>' in page
    response = client.post(
        reverse("imports:value_map", args=[batch.pk]),
        {"kind": "occupation", "text": "ช่างตัดผม", "code": "other"},
    )
    assert response.url == reverse("imports:values", args=[batch.pk])
    assert ValueSynonym.objects.get(text="ช่างตัดผม").code == "other"
    assert (
        'value-text">ช่างตัดผม<' not in client.get(reverse("imports:values", args=[batch.pk])).content.decode()
    )
    done = run_batch(batch.pk)
    assert _occupations(IDS[1]) == {"other"} and ("occupation", "ช่างตัดผม") not in _values(done)


def test_the_scan_of_a_large_file_says_it_read_part_of_it(
    client, agency_list, make_user, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports import views_values

    monkeypatch.setattr(views_values, "SCAN_ROWS", 3)
    user = make_user(Role.ADMIN)
    batch = batch_create(actor=user, path=agency_list, file_name="agency.csv")
    client.force_login(user)
    page = client.get(reverse("imports:values", args=[batch.pk])).content.decode()
    assert 'data-testid="scan-partial"' in page and "นักบินอวกาศ" not in page
    assert 'data-testid="value-rows">2<' in page  # rows 3 and 4


# ── the command line ─────────────────────────────────────────────────────────────────────────────────


def test_import_workers_lists_unknown_values_then_takes_a_value_map(agency_list, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command(
        "import_workers",
        str(agency_list),
        "--unit",
        "2400",
        "--unit",
        "2400",
        "--unknown-values",
        "--no-progress",
        "--workers",
        "0",
        stdout=out,
    )
    assert not Person.objects.exists()  # a dry run
    lines = out.getvalue().splitlines()
    listed = list(csv.reader(lines[lines.index("kind,text,code,rows") :]))
    assert listed[1:] == [
        ["occupation", "ช่างตัดผม", "", "3"], ["occupation", "นักบินอวกาศ", "", "1"],
        ["scheme", "เบี้ยยังชีพผู้สูงอายุ", "", "2"],
    ]  # fmt: skip
    values_file = tmp_path / "values.csv"
    quiet = ("--no-progress", "--workers", "0")
    call_command(
        "import_workers",
        str(agency_list),
        "--unit",
        "2400",
        "--unit",
        "2400",
        f"--unknown-values={values_file}",
        *quiet,
        stdout=out,
    )
    assert f"unknown values: 3 in {values_file}" in out.getvalue()
    with values_file.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    rows[1][2] = "other"  # ช่างตัดผม
    rows[3][2] = "state_welfare_card"  # the old-age allowance; นักบินอวกาศ is left without a code
    with values_file.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    call_command(
        "import_workers",
        str(agency_list),
        "--unit",
        "2400",
        "--unit",
        "2400",
        "--value-map",
        str(values_file),
        *quiet,
        stdout=out,
    )
    assert "value map: 2 synonyms saved" in out.getvalue()
    assert Person.objects.count() == 6
    assert _occupations(IDS[1]) == {"other"} and _schemes(IDS[2]) == {"state_welfare_card"}
    real = ImportBatch.objects.filter(dry_run=False).get()
    assert _values(real) == {("occupation", "นักบินอวกาศ"): 1}


def test_a_value_map_with_a_wrong_row_saves_nothing(agency_list, tmp_path) -> None:  # type: ignore[no-untyped-def]
    values_file = tmp_path / "map.csv"
    values_file.write_text(
        "text,code,kind\nช่างตัดผม,other,occupation\nเบี้ยยังชีพ,no_such_scheme,scheme\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="บรรทัด 3: ไม่พบรหัสนี้ในระบบ"):
        call_command(
            "import_workers",
            str(agency_list),
            "--unit",
            "2400",
            "--unit",
            "2400",
            "--value-map",
            str(values_file),
            "--no-progress",
        )
    assert not ValueSynonym.objects.filter(text__in=["ช่างตัดผม", "เบี้ยยังชีพ"]).exists()
    assert not ImportBatch.objects.exists()
    values_file.write_text("astronomy,ช่างตัดผม,other\n", encoding="utf-8")
    with pytest.raises(CommandError, match="บรรทัด 1: ประเภทต้องเป็น occupation หรือ scheme"):
        call_command(
            "import_workers",
            str(agency_list),
            "--unit",
            "2400",
            "--unit",
            "2400",
            "--value-map",
            str(values_file),
            "--no-progress",
        )


def test_the_printed_list_keeps_formulas_inert_and_reads_back(agency_list, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "f.csv", [_row(IDS[0], "นายสมชาย ใจดี", "=SUM(A1:A9)", "")])
    out = io.StringIO()
    call_command(
        "import_workers",
        str(path),
        "--unit",
        "2400",
        "--unit",
        "2400",
        "--unknown-values",
        "--no-progress",
        "--workers",
        "0",
        stdout=out,
    )
    assert "occupation,'=SUM(A1:A9),,1" in out.getvalue()
    values_file = tmp_path / "values.csv"
    values_file.write_text(
        out.getvalue()[out.getvalue().index("kind,text") :].replace(",,1", ",other,1"), encoding="utf-8"
    )
    call_command(
        "import_workers",
        str(path),
        "--unit",
        "2400",
        "--unit",
        "2400",
        "--value-map",
        str(values_file),
        "--no-progress",
        stdout=out,
    )
    assert (
        ValueSynonym.objects.get(code="other", kind="occupation", text__startswith="=").text == "=SUM(A1:A9)"
    )


def test_counts_add_up_across_chunks_past_the_memo_limit(tmp_path, make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports import unmapped

    monkeypatch.setattr(unmapped, "MEMO_LIMIT", 2)
    rows = [
        _row(make_national_id(f"5101700{n:05d}"), f"นายคนที่ {n} ทดสอบ", f"อาชีพใหม่ {n % 5}", "ม.40, สิทธิใหม่")
        for n in range(40)
    ]
    path = write_csv(tmp_path / "many.csv", rows)
    done = run_batch(batch_create(actor=make_user(Role.ADMIN), path=path, file_name="m.csv").pk, chunk_rows=7)
    assert done.rows_created == 40
    occupations = {("occupation", f"อาชีพใหม่ {n}"): 8 for n in range(5)}
    assert _values(done) == {**occupations, ("scheme", "สิทธิใหม่"): 40}
    assert ImportValuePerson.objects.filter(value__batch=done).count() == 80
    assert WelfareRecord.objects.filter(scheme__code="s40").count() == 40
