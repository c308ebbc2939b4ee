"""Budget disbursed loaded from the finance system's export: column mapping, per-row Thai errors, all or
nothing, audited, and only into the officer's own plan."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.projects.models import MonthlyReport

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("gfmis.xlsx", out.getvalue())


def _csv(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("gfmis.csv", text.encode(encoding))


@pytest.fixture
def reported(plan_2565, report):  # type: ignore[no-untyped-def]
    """October to December 2564 reported, with the disbursements typed at first."""
    for month, day in ((1, dt.date(2021, 11, 5)), (2, dt.date(2021, 12, 3)), (3, dt.date(2022, 1, 4))):
        report(plan_2565, month, day, 10, 1000)
    return plan_2565


def _post(client, plan, upload, **columns):  # type: ignore[no-untyped-def]
    data = {"month_column": "เดือน", "amount_column": "จำนวนเงิน", "unit_column": "", **columns, "file": upload}
    return client.post(reverse("projects:disbursements_upload", args=[plan.pk]), data)


def _amounts(plan) -> dict[int, Decimal]:  # type: ignore[no-untyped-def]
    return dict(MonthlyReport.objects.filter(plan=plan).values_list("month", "budget_disbursed"))


def test_an_export_with_mapped_columns_replaces_the_months_totals(client, chiangmai_staff, reported):
    client.force_login(chiangmai_staff)
    upload = _xlsx(
        [
            ["รหัสหน่วยงาน", "วันที่ผ่านรายการ", "รายการ", "ยอดเบิกจ่าย (บาท)"],
            ["PLO-50", dt.datetime(2021, 10, 12), "ค่าวัสดุ", 12500.5],
            ["PLO-50", "28/10/2564", "ค่าอาหาร", "๒,๐๐๐"],
            ["PLO-50", "พ.ย. 2564", "ค่าตอบแทน", "30,000.00"],
        ]
    )
    response = _post(
        client, reported, upload, month_column="B", amount_column="ยอดเบิกจ่าย (บาท)", unit_column="A"
    )
    assert response.status_code == 302
    assert _amounts(reported) == {1: Decimal("14500.50"), 2: Decimal("30000.00"), 3: Decimal("1000.00")}
    events = AuditEvent.objects.filter(target_type="projects.monthlyreport", changes__source="spreadsheet")
    assert events.count() == 2


def test_every_bad_row_is_named_in_thai_and_nothing_loads(client, chiangmai_staff, reported):
    client.force_login(chiangmai_staff)
    upload = _csv(
        "หน่วยงาน,เดือน,จำนวนเงิน\n"
        "PLO-50,1,500\n"
        "PLO-51,2,100\n"  # another province's row
        "PLO-50,13,100\n"  # no 13th period
        "PLO-50,ม.ค. 2565,abc\n"  # not an amount
        "PLO-50,พ.ค. 2565,100\n",  # May has no monthly report yet
        encoding="cp874",
    )
    response = _post(client, reported, upload, unit_column="หน่วยงาน")
    assert response.status_code == 200
    problems = response.context["problems"]
    assert problems[0] == "แถวที่ 3: รหัสหน่วยงาน PLO-51 ไม่ใช่ของแผนนี้ (PLO-50)"
    assert problems[1].startswith("แถวที่ 4: งวด 13 ไม่มีในปีงบประมาณ")
    assert problems[2] == 'แถวที่ 5: จำนวนเงิน "abc" ไม่ใช่ตัวเลข'
    assert problems[3].startswith("เดือนพฤษภาคม 2565 ยังไม่มีรายงานผลประจำเดือน")
    assert len(problems) == 4
    assert _amounts(reported) == {1: Decimal(1000), 2: Decimal(1000), 3: Decimal(1000)}  # nothing loaded

    response = _post(client, reported, _csv("เดือน,จำนวนเงิน\n1,500\nพฤษภาคม,100\n"))
    assert response.context["problems"] == [
        "เดือนพฤษภาคม 2565 ยังไม่มีรายงานผลประจำเดือน บันทึกรายงานของเดือนนั้นก่อนจึงโหลดยอดเบิกจ่ายได้"
    ]
    response = _post(client, reported, _csv("วันที่,ยอด\n1,5\n"))
    assert "ไม่พบคอลัมน์ เดือน (เดือน) ในไฟล์ คอลัมน์ที่มี: วันที่, ยอด" in response.content.decode()
    response = _post(client, reported, SimpleUploadedFile("gfmis.pdf", b"%PDF"))
    assert "รับเฉพาะไฟล์ .xlsx หรือ .csv" in response.content.decode()
    response = _post(client, reported, SimpleUploadedFile("gfmis.xlsx", b"not a zip"))
    assert "เปิดไฟล์ XLSX ไม่ได้" in response.content.decode()
    assert _amounts(reported) == {1: Decimal(1000), 2: Decimal(1000), 3: Decimal(1000)}


def test_a_total_above_the_allocation_is_refused(client, chiangmai_staff, reported):
    client.force_login(chiangmai_staff)
    response = _post(client, reported, _csv("เดือน,จำนวนเงิน\n1,399000\n2,1500\n"))
    assert "เกินวงเงินที่ได้รับจัดสรร 400,000.00 บาท" in response.context["problems"][0]
    assert _amounts(reported)[1] == Decimal(1000)


def test_another_province_and_a_reader_cannot_load(client, make_user, reported):
    client.force_login(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-51"))
    assert _post(client, reported, _csv("เดือน,จำนวนเงิน\n1,5\n")).status_code == 404
    client.force_login(make_user(Role.POLICY_STAFF))
    assert _post(client, reported, _csv("เดือน,จำนวนเงิน\n1,5\n")).status_code == 403
    assert _amounts(reported)[1] == Decimal(1000)
