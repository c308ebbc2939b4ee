"""The values-to-map step in the browser: an agency list whose occupation and scheme cells the synonyms do
not all know is imported whole; two unknown values are mapped on the batch page and the people's records
fill in. Screenshots land in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.imports.models import ImportBatch
from nokrabob.imports.tests.conftest import write_csv
from nokrabob.imports.tests.test_values_to_map import AGENCY_LIST, IDS
from nokrabob.registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalogues(db):  # type: ignore[no-untyped-def]
    """The browser suite's flush empties the tables data migrations filled: put the catalogues back."""
    from django.apps import apps

    from nokrabob.imports import synonyms_seed
    from nokrabob.registry import reference

    reference.load(apps)
    synonyms_seed.load(apps)


def _map(page, text: str, code_label: str) -> None:  # type: ignore[no-untyped-def]
    row = page.get_by_test_id("value-row").filter(
        has=page.get_by_test_id("value-text").get_by_text(text, exact=True)
    )
    row.get_by_test_id("value-code").select_option(label=code_label)
    row.get_by_test_id("value-map").click()


def test_two_unknown_values_mapped_fill_in_the_people_s_records(page, login, screenshot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "agency.csv", AGENCY_LIST)
    login(page, Role.DEPARTMENT_STAFF)
    page.goto("/imports/")
    page.get_by_test_id("new-import").click()
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=source_name]", "สำนักงานเขตบางกะปิ")
    page.click("form button.primary")
    expect(page.locator("h1")).to_contain_text("จับคู่คอลัมน์")
    page.get_by_test_id("import").click()
    expect(page.get_by_test_id("status")).to_have_text("เสร็จสิ้น")
    expect(page.get_by_test_id("created")).to_have_text("6")  # every valid person, whatever their occupation
    panel = page.get_by_test_id("values-panel")
    expect(panel.get_by_test_id("value-row")).to_have_count(3)
    barber = panel.get_by_test_id("value-row").filter(has_text="ช่างตัดผม")
    expect(barber.get_by_test_id("value-rows")).to_have_text("3")
    screenshot(page, "batch-with-values")

    page.get_by_test_id("values-link").click()
    expect(page.locator("h1")).to_contain_text("ค่าที่ยังจับคู่ไม่ได้")
    expect(page.get_by_test_id("value-row")).to_have_count(3)
    screenshot(page, "values-to-map")

    _map(page, "ช่างตัดผม", "อาชีพอิสระอื่น ๆ")
    expect(page.locator(".msg")).to_contain_text("บันทึกให้ 3 คน")
    _map(page, "เบี้ยยังชีพผู้สูงอายุ", "บัตรสวัสดิการแห่งรัฐ")
    expect(page.locator(".msg")).to_contain_text("บันทึกให้ 2 คน")
    expect(page.get_by_test_id("value-mapped")).to_have_count(2)
    expect(page.get_by_test_id("value-row").filter(has_text="ช่างตัดผม")).to_contain_text("บันทึกให้ 3 คน")
    screenshot(page, "values-mapped")

    person = Person.objects.get(national_id=IDS[3])  # ค้าขาย/ช่างตัดผม · เบี้ยยังชีพ ผู้สูงอายุ + บัตรทอง
    page.goto(f"/registry/{person.pk}/")
    profile = page.locator("main")
    expect(profile).to_contain_text("ผู้ค้าหาบเร่-แผงลอย")
    expect(profile).to_contain_text("อาชีพอิสระอื่น ๆ")
    screenshot(page, "person-occupations")
    page.get_by_test_id("tab-welfare").click()
    expect(page.locator("main")).to_contain_text("บัตรสวัสดิการแห่งรัฐ")
    expect(page.locator("main")).to_contain_text("หลักประกันสุขภาพถ้วนหน้า (บัตรทอง)")
    screenshot(page, "person-welfare")
    batch = ImportBatch.objects.get()
    page.goto(f"/imports/{batch.pk}/")
    expect(page.get_by_test_id("values-panel").get_by_test_id("value-row")).to_have_count(1)  # นักบินอวกาศ
