"""The export page end to end, and the data protection officer's audit search and "who saw this person"
report, in Chromium (screenshots in test-artifacts/)."""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.audit.reads import audit_read
from nokrabob.imports.models import ExportJob
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import make_national_id

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogues(db):  # type: ignore[no-untyped-def]
    from django.apps import apps

    from nokrabob.registry import reference

    reference.load(apps)


def _people() -> dict[str, Person]:
    rows = {
        "1006": ("110170020345", "มาลี"),
        "1001": ("110170020346", "สมศรี"),
        "5001": ("350100000001", "ดอยคำ"),
    }
    out = {}
    for d, (nid, name) in rows.items():
        out[d] = Person.objects.create(
            national_id=make_national_id(nid), title="นาง", first_name=name, last_name="ทดสอบ",
            district_code=d, subdistrict_code=f"{d}01", province_code=d[:2], phone="0812345678",
        )  # fmt: skip
    return out


def test_the_export_page_end_to_end(page, login, screenshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    people = _people()
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    page.goto("/registry/?sort=oldest")
    page.get_by_test_id("export").click()
    expect(page.get_by_test_id("export-form")).to_be_visible()
    assert page.locator("select[name=sort]").input_value() == "oldest"  # the list's filters come along
    page.uncheck("input[name=columns][value=phone]")
    page.check("input[name=file_format][value=xlsx]")
    page.check("input[name=full_national_id]")
    page.get_by_test_id("export-submit").click()
    # no purpose, no file: the browser stops at the required box (the server refuses too: test_export_page.py)
    assert page.locator("textarea[name=purpose]").evaluate("e => e.validity.valueMissing")
    assert not ExportJob.objects.exists()
    page.fill("textarea[name=purpose]", "ส่งรายชื่อให้สำนักงานประกันสังคมเพื่อชวนสมัครมาตรา 40")
    screenshot(page, "export-page")
    page.get_by_test_id("export-submit").click()
    expect(page.get_by_test_id("export-download")).to_be_visible()
    expect(page.get_by_test_id("export-expiry")).to_contain_text("ดาวน์โหลดได้ถึง")
    screenshot(page, "export-done")
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    raw = io.BytesIO(download.value.path().read_bytes())
    sheet = openpyxl.load_workbook(raw, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert "โทรศัพท์" not in rows[0]
    assert [r[0] for r in rows[1:]] == [people["1006"].pk]
    assert rows[1][1] == people["1006"].national_id
    page.goto("/imports/export/")
    expect(page.get_by_test_id("export-jobs")).to_contain_text("ส่งรายชื่อให้สำนักงานประกันสังคม")
    screenshot(page, "export-list")


def test_the_dpos_audit_search_and_who_saw_report(page, login, screenshot, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    people = _people()
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006", username="somchai.d1006")
    person = people["1006"]
    audit_read(
        None, actor=officer, read="person_detail", target=person, ip_address="10.20.30.40", tab="welfare"
    )
    audit_read(None, actor=officer, read="person_list", people=[person.pk], filters={"district": "1006"},
               ip_address="10.20.30.40")  # fmt: skip
    audit_read(None, actor=officer, read="person_detail", target=people["1001"], ip_address="10.20.30.40")
    login(page, Role.DPO)
    page.goto("/audit/")
    page.fill("input[name=national_id]", person.national_id or "")
    page.locator("[data-testid=audit-search] button[type=submit]").click()
    events = page.get_by_test_id("audit-events")
    expect(events).to_contain_text(f"somchai.d1006 เปิดดูข้อมูลบุคคล ทะเบียนเลขที่ {person.pk}")
    expect(events).to_contain_text("somchai.d1006 ค้นหา/เปิดรายการทะเบียนแรงงาน เห็น 1 คน")
    expect(events).not_to_contain_text(f"ทะเบียนเลขที่ {people['1001'].pk}")
    expect(events).not_to_contain_text("registry.person")
    screenshot(page, "audit-search")
    page.get_by_test_id("who-saw-link").click()
    page.fill("input[name=national_id]", person.national_id or "")
    page.locator("[data-testid=report-form] button[type=submit]").click()
    rows = page.get_by_test_id("report-rows")
    expect(rows).to_contain_text("somchai.d1006")
    expect(rows).to_contain_text("10.20.30.40")
    screenshot(page, "who-saw")
    with page.expect_download() as download:
        page.get_by_test_id("report-pdf").click()
    pdf = download.value.path()
    assert pdf.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdftoppm"):
        from tests.browser.conftest import ARTIFACTS

        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(ARTIFACTS / "who-saw-pdf")], check=True)  # fmt: skip
    with page.expect_download() as download:
        page.get_by_test_id("report-xlsx").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert any("somchai.d1006" in str(c) for row in book.active.iter_rows(values_only=True) for c in row)
