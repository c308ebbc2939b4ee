"""Loading communities and households: column mapping, Thai messages per row, all or nothing, audit."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.onemap import services
from nokrabob.onemap.tables import COMMUNITY_TABLE, HOUSEHOLD_TABLE
from nokrabob.registry.models import Community, Household, HouseholdMember, Occupation


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("list.xlsx", out.getvalue())


def _csv(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", text.encode(encoding))


def _run(user, table, upload, mapping=None):  # type: ignore[no-untyped-def]
    opened = services.upload_open(actor=user, table=table, upload=upload)
    return opened, services.import_file(
        actor=user,
        kind=table.kind,
        token=opened.token,
        file_kind=opened.file_kind,
        mapping=opened.suggested if mapping is None else mapping,
    )


def test_communities_load_from_xlsx_with_suggested_columns_and_update_on_a_second_load(make_user):
    staff = make_user()
    rows = [
        ["Community Code", "ชื่อชุมชน", "สำนักงานเขต", "แขวง", "ประเภทชุมชน", "จำนวนครัวเรือน", "หมายเหตุ"],
        [1001001, "ชุมชนตลาดยอด", "พระนคร", "ตลาดยอด", "ชุมชนเมือง", 120, "-"],
        ["1006001", "ชุมชนคลองจั่น", "1006", "", "เคหะชุมชน", "๔๕๐", ""],
    ]
    opened, outcome = _run(staff, COMMUNITY_TABLE, _xlsx(rows))
    assert opened.suggested == {
        "code": 0, "name": 1, "district": 2, "subdistrict": 3, "community_type": 4, "households_total": 5
    }  # fmt: skip
    assert (outcome.created, outcome.updated, outcome.errors) == (2, 0, [])
    first = Community.objects.get(code="1001001")
    assert (first.district_code, first.subdistrict_code, first.households_total) == ("1001", "100108", 120)
    assert Community.objects.get(code="1006001").households_total == 450
    rows[1][5] = 130
    _opened, outcome = _run(staff, COMMUNITY_TABLE, _xlsx(rows))
    assert (outcome.created, outcome.updated) == (0, 1)
    assert first.history.count() == 2  # type: ignore[attr-defined]
    event = AuditEvent.objects.filter(action="import", target_type="registry.community").latest("id")
    assert event.changes["updated"] == 1


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named_in_thai(make_user):
    staff = make_user()
    text = (
        "รหัสชุมชน,ชื่อชุมชน,เขต,แขวง,จำนวนครัวเรือน\n"
        "A1,ชุมชนดี,พระนคร,,10\n"
        ",ชุมชนไม่มีรหัส,พระนคร,,10\n"
        "A3,ชุมชนเขตผิด,เขตที่ไม่มี,,10\n"
        "A1,ชุมชนรหัสซ้ำ,พระนคร,,10\n"
        "A5,ชุมชนแขวงผิด,พระนคร,คลองจั่น,สิบ\n"
    )
    _opened, outcome = _run(staff, COMMUNITY_TABLE, _csv(text, "cp874"))
    found = {(e.row, e.column) for e in outcome.errors}
    assert found == {(3, "รหัสชุมชน"), (4, "เขต"), (5, "รหัสชุมชน"), (6, "จำนวนครัวเรือน")}
    assert any("ไม่พบเขต" in e.message for e in outcome.errors)
    assert Community.objects.count() == 0
    # Mapping without a required column is refused before any row is read.
    opened = services.upload_open(actor=staff, table=COMMUNITY_TABLE, upload=_csv(text))
    with pytest.raises(DomainError, match="ชื่อชุมชน"):
        services.import_file(
            actor=staff, kind="communities", token=opened.token, file_kind="csv", mapping={"code": 0}
        )


def test_a_file_that_is_not_a_list_is_refused_in_thai(make_user):
    with pytest.raises(DomainError, match="CSV และ XLSX"):
        services.upload_open(
            actor=make_user(), table=COMMUNITY_TABLE, upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    with pytest.raises(DomainError):
        services.upload_open(
            actor=make_user(), table=COMMUNITY_TABLE, upload=SimpleUploadedFile("x.xlsx", b"not a zip")
        )
    with pytest.raises(DomainError):
        services.upload_path("../../etc/passwd", "csv")


def test_households_with_a_bedridden_member_outside_the_registry_need_the_households_consent(district_user):
    Community.objects.create(code="C1", name="ชุมชนวัดสระเกศ", district_code="1001", subdistrict_code="100108")
    farmer = Occupation.objects.filter(is_active=True).first()
    assert farmer is not None
    header = (
        "รหัสชุมชน,บ้านเลขที่,รูปแบบอาคาร,ระยะเวลาอยู่อาศัย,ละติจูด,ลองจิจูด,เจ้าของที่ดิน,ความยินยอม,"
        "ชื่อสมาชิก,ความสัมพันธ์,อายุ,การศึกษา,อาชีพ,ความพิการ,ติดเตียง\n"
    )
    rows = (
        f"C1,12/3,บ้านเดี่ยว,20,13.7520,100.5080,วัด,,นายสมชาย ใจดี,หัวหน้าครัวเรือน,52,ประถมศึกษา,{farmer.name_th},,\n"
        "C1,12/3,,,,,,,นางสายบัว ใจดี,มารดา,86,ไม่ได้เรียน,,ไม่มี,ใช่\n"
    )
    _opened, refused = _run(district_user, HOUSEHOLD_TABLE, _csv(header + rows))
    assert [(e.row, e.column) for e in refused.errors] == [(3, "ความพิการ")]
    assert "ยังไม่ได้ให้ความยินยอม" in refused.errors[0].message
    assert Household.objects.count() == 0
    consented = rows.replace(",วัด,,", ",วัด,ยินยอม,", 1)
    _opened, outcome = _run(district_user, HOUSEHOLD_TABLE, _csv(header + consented))
    assert (outcome.created, outcome.members, outcome.errors) == (1, 2, [])
    household = Household.objects.get()
    assert (household.building_type, household.years_lived, household.land_owner) == (
        "detached",
        20,
        "temple",
    )
    assert household.consent_covers_sensitive and household.subdistrict_code == "100108"
    mother = HouseholdMember.objects.get(name="นางสายบัว ใจดี")
    assert (mother.person, mother.age, mother.is_bedridden, mother.has_disability) == (None, 86, True, False)
    assert HouseholdMember.objects.get(name="นายสมชาย ใจดี").occupation == farmer
    # The same household again is refused, not doubled.
    _opened, again = _run(district_user, HOUSEHOLD_TABLE, _csv(header + consented))
    assert [e.message for e in again.errors] == ["ครัวเรือนนี้มีในระบบแล้ว แก้ไขที่หน้าครัวเรือน"]
    assert Household.objects.count() == 1
    event = AuditEvent.objects.filter(action="import", target_type="registry.household").get()
    assert event.changes == {"households": [household.pk], "members": 2}
