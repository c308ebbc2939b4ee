"""The DPO's audit page and reports: Thai sentences, search by person, account, action, address and date, the
"who saw this person" and breach reports as PDF and XLSX, and the DPO's own reads reviewed by the admin."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.audit.describe import describe
from nokrabob.audit.models import AuditEvent
from nokrabob.audit.services import audit_record
from nokrabob.core.thai import format_be_date
from nokrabob.registry.rules.national_id import make_national_id
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(client, make_user):  # type: ignore[no-untyped-def]
    """Two people of Phra Nakhon; the district officer opens the first, lists both, exports them."""
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001", username="officer1001")
    first = register(officer, first_name="บุญมี", subdistrict_code="100101")
    second = register(officer, first_name="บุญมา", subdistrict_code="100101")
    client.force_login(officer)
    client.get(reverse("registry:person_detail", args=[first.pk]), {"tab": "welfare"})
    client.get(reverse("registry:person_detail", args=[second.pk]))
    client.get(reverse("registry:person_list"), {"district": "1001"})
    client.post(reverse("imports:export"), {"columns": ["first_name"], "file_format": "csv",
                                            "purpose": "ส่งรายชื่อให้กองทุนการออมแห่งชาติ"})  # fmt: skip
    client.logout()
    return officer, first, second


def _page(client, user, **query):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("audit:event_list"), query)
    assert response.status_code == 200
    return response


def test_the_page_speaks_thai_sentences_not_codes(client, make_user, seen) -> None:  # type: ignore[no-untyped-def]
    _officer, first, _second = seen
    page = _page(client, make_user(Role.DPO)).content.decode()
    assert f"officer1001 เปิดดูข้อมูลบุคคล ทะเบียนเลขที่ {first.pk}" in page
    assert "officer1001 ค้นหา/เปิดรายการทะเบียนแรงงาน เห็น 2 คน" in page
    assert "officer1001 ส่งออกทะเบียนแรงงาน 2 แถว" in page and "วัตถุประสงค์: ส่งรายชื่อให้กองทุนการออมแห่งชาติ" in page
    assert "แท็บ: สวัสดิการ" in page and "ตัวกรอง: เขต/อำเภอ 1001" in page
    for machine in ("registry.person", "{&#x27;", "{'", "แรงงานนอกระบบ #"):
        assert machine not in page, machine


def test_a_change_is_told_with_the_records_kind_and_number(make_user) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001", username="officer1001")
    person = register(officer)
    event = AuditEvent.objects.get(action="create", target_id=str(person.pk))
    assert describe(event).sentence == f"officer1001 สร้าง แรงงานนอกระบบ เลขที่ {person.pk}"
    failed = audit_record(actor=None, action="login_failed", target_type="accounts.user", target_label="dpo")
    assert describe(failed).sentence == "มีผู้พยายามเข้าสู่ระบบด้วยชื่อผู้ใช้ dpo ไม่สำเร็จ"


def test_search_by_person_user_action_address_and_date(client, make_user, seen) -> None:  # type: ignore[no-untyped-def]
    _officer, first, second = seen
    dpo = make_user(Role.DPO)
    about_first = _page(client, dpo, national_id=first.national_id).context["rows"]
    reads = {(d.event.changes.get("read"), d.event.target_id) for d in about_first}
    assert ("person_detail", str(first.pk)) in reads and ("person_list", "") in reads
    assert ("person_detail", str(second.pk)) not in reads
    assert all(first.pk in d.people or d.event.target_id == str(first.pk) for d in about_first)
    exports = _page(client, dpo, actor="officer1001", action="export").context["rows"]
    assert [d.event.changes["read"] for d in exports] == ["registry_export"]
    assert _page(client, dpo, ip="127.0.0.1", action="view").context["rows"]
    assert not _page(client, dpo, ip="10.9.9.9").context["rows"]
    today = timezone.localdate()
    yesterday = format_be_date(today - dt.timedelta(days=1))
    assert not _page(client, dpo, actor="officer1001", date_to=yesterday).context["rows"]
    assert _page(client, dpo, actor="officer1001", date_from=format_be_date(today)).context["rows"]
    # searching by a person is itself a read of that person
    assert AuditEvent.objects.filter(actor=dpo, changes__read="audit_search").exists()


def test_bad_search_input_gets_a_thai_message(client, make_user) -> None:  # type: ignore[no-untyped-def]
    response = _page(client, make_user(Role.DPO), national_id="1234", ip="x", date_from="99/99/2568")
    errors = response.context["form"].errors
    assert {"national_id", "ip", "date_from"} <= set(errors)
    today = timezone.localdate()
    backwards = {"date_from": format_be_date(today), "date_to": format_be_date(today - dt.timedelta(days=3))}
    assert "วันที่เริ่มต้องไม่หลังวันที่สิ้นสุด" in _page(client, make_user(Role.ADMIN), **backwards).content.decode()


def _pdf_text(content: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_who_saw_this_person_as_page_pdf_and_xlsx(client, make_user, seen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _officer, first, second = seen
    client.force_login(make_user(Role.DPO))
    query = {"national_id": first.national_id}
    page = client.get(reverse("audit:who_saw"), query)
    whats = [r.what for r in page.context["rows"]]
    assert f"officer1001 เปิดดูข้อมูลบุคคล ทะเบียนเลขที่ {first.pk}" in whats
    assert f"เปิดดูข้อมูลบุคคล ทะเบียนเลขที่ {second.pk}" not in " ".join(whats)
    assert "officer1001 ส่งออกทะเบียนแรงงาน 2 แถว" in whats  # a small file names its people
    pdf = client.get(reverse("audit:who_saw"), {**query, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "no-store"
    text = _pdf_text(pdf.content, tmp_path)
    assert "officer1001" in text and f"(ทะเบียนเลขที่ {first.pk})" in text
    book = client.get(reverse("audit:who_saw"), {**query, "format": "xlsx"})
    cells = [
        c
        for row in openpyxl.load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert "officer1001" in cells and any(str(c).startswith("officer1001 เปิดดูข้อมูลบุคคล") for c in cells)
    assert AuditEvent.objects.filter(changes__read="audit_who_saw", target_id=str(first.pk)).count() == 3
    unknown = client.get(reverse("audit:who_saw"), {"national_id": make_national_id("110170020999")})
    assert unknown.status_code == 400 and "ไม่พบบุคคล" in unknown.content.decode()


def test_breach_report_of_an_account_and_an_address(client, make_user, seen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(Role.DPO))
    page = client.get(reverse("audit:breach"), {"actor": "officer1001"})
    summary = page.context["summary"]
    assert summary.people == 2 and summary.exports == 1 and summary.rows_exported == 2
    assert summary.addresses == ["127.0.0.1"]
    assert all(r.who == "officer1001" for r in page.context["rows"])
    by_address = client.get(reverse("audit:breach"), {"ip": "127.0.0.1"}).context["summary"]
    assert by_address.people == 2
    text = _pdf_text(
        client.get(reverse("audit:breach"), {"actor": "officer1001", "format": "pdf"}).content, tmp_path
    )
    assert "บุคคลที่ระบุได้ 2 คน" in text
    assert client.get(reverse("audit:breach"), {}).status_code == 200
    assert "ระบุบัญชีผู้ใช้หรือที่อยู่ IP" in client.get(reverse("audit:breach"), {"date_from": ""}).content.decode()


def test_the_dpos_own_reads_are_reviewed_by_the_admin(client, make_user, seen) -> None:  # type: ignore[no-untyped-def]
    _officer, first, _second = seen
    dpo = make_user(Role.DPO, username="dpo1")
    client.force_login(dpo)
    client.get(reverse("registry:person_detail", args=[first.pk]))
    dpo_rows = {d.event.actor_name for d in _page(client, dpo).context["rows"]}
    assert "dpo1" not in dpo_rows and "officer1001" in dpo_rows
    who_saw = client.get(reverse("audit:who_saw"), {"national_id": first.national_id}).context["rows"]
    assert {r.who for r in who_saw} == {"officer1001"}
    admin = make_user(Role.ADMIN)
    admin_rows = _page(client, admin, role=Role.DPO).context["rows"]
    assert admin_rows and {d.event.actor_name for d in admin_rows} == {"dpo1"}
    assert "role" not in _page(client, dpo).context["form"].fields


def test_a_large_export_is_matched_to_the_person_by_its_filter(client, make_user, seen, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.imports import exports

    officer, first, _second = seen
    monkeypatch.setattr(exports, "MAX_IDS", 1)
    other = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006", username="officer1006")
    for user, district in ((officer, "1001"), (officer, "1006"), (other, "")):
        client.force_login(user)
        form = {"columns": ["first_name"], "file_format": "csv", "purpose": "ส่งรายชื่อให้กองทุนการออมแห่งชาติ"}
        client.post(reverse("imports:export"), {**form, **({"district": district} if district else {})})
    client.force_login(make_user(Role.DPO))
    rows = client.get(reverse("audit:who_saw"), {"national_id": first.national_id}).context["rows"]
    exported = [r for r in rows if "ส่งออกทะเบียนแรงงาน" in r.what]
    # the small first export names the person; of the large ones only officer1001's district 1001 matches
    assert len(exported) == 2 and {r.who for r in exported} == {"officer1001"}
    assert any("เขต/อำเภอ 1001" in r.details for r in exported)
