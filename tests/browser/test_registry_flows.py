"""Registry in the browser: create a person, hit the duplicate warning, merge, read the history;
the list on a phone; consent withdrawal hides sensitive data."""

import pytest
from django.apps import apps
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.registry import reference
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import format_national_id, make_national_id
from nokrabob.registry.services import ConsentInput
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_ID = make_national_id("110170055501")


@pytest.fixture
def registry_reference(org_units):  # type: ignore[no-untyped-def]
    """Transactional tests flush the tables the data migration filled: load occupations and schemes."""
    reference.load(apps)


def fill_person(page, *, national_id, first, last, birth, phone):  # type: ignore[no-untyped-def]
    page.fill("input[name=national_id]", national_id)
    page.select_option("select[name=title]", "นาง")
    page.fill("input[name=first_name]", first)
    page.fill("input[name=last_name]", last)
    page.fill("input[name=birth_date]", birth)
    page.fill("input[name=phone]", phone)
    page.fill("input[name=house_no]", "99/1")
    page.select_option("select[name=subdistrict_code]", label="พระบรมมหาราชวัง")
    page.select_option("select[name=occupation]", label="ผู้ค้าหาบเร่-แผงลอย")


def test_create_duplicate_warning_merge_and_history(page, login, screenshot, registry_reference):
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001", first_name="วิไล", last_name="ทดสอบ")
    page.goto("/registry/")
    page.get_by_role("link", name="ลงทะเบียนบุคคล").first.click()  # the button; the empty list too

    # a wrong check digit: the field says so in Thai and nothing is saved
    wrong = FIRST_ID[:-1] + str((int(FIRST_ID[-1]) + 1) % 10)
    fill_person(page, national_id=wrong, first="นงลักษณ์", last="ใจงาม", birth="15/03/2525", phone="0812223333")
    page.click("button.primary")
    expect(page.locator(".field.has-error")).to_contain_text("หลักตรวจสอบไม่ตรง")
    screenshot(page, "1-bad-id")
    assert Person.objects.count() == 0

    page.fill("input[name=national_id]", FIRST_ID)
    page.click("button.primary")
    expect(page.locator("h1")).to_contain_text("นางนงลักษณ์ ใจงาม")
    expect(page.get_by_test_id("national-id")).to_contain_text(format_national_id(FIRST_ID))
    expect(page.get_by_test_id("profile")).to_contain_text("15 มีนาคม 2525")
    screenshot(page, "2-created")
    first = Person.objects.get()

    # the same woman again, spelled differently, without her ID card: a candidate before saving
    page.goto("/registry/new/")
    fill_person(page, national_id="", first="นงลักษ์", last="ใจงาม", birth="15/03/2525", phone="081-222-3333")
    page.click("button.primary")
    candidates = page.get_by_test_id("candidates")
    expect(candidates).to_contain_text("พบบุคคลที่อาจเป็นคนเดียวกัน")
    expect(candidates).to_contain_text("ชื่อออกเสียงคล้ายกันและวันเกิดเดียวกัน")
    expect(candidates).to_contain_text("หมายเลขโทรศัพท์เดียวกัน")
    screenshot(page, "3-duplicate-warning")
    assert Person.objects.count() == 1

    # merge path: save, then choose what to keep
    page.get_by_test_id("merge-with").click()
    expect(page.locator("h1")).to_contain_text("รวมระเบียน")
    expect(page.get_by_test_id("merge-table")).to_contain_text("นงลักษ์")
    expect(page.get_by_test_id("merge-table")).to_contain_text("15 มีนาคม 2525")  # Buddhist Era
    page.get_by_test_id("take-first_name").check()
    screenshot(page, "4-merge")
    page.get_by_test_id("confirm-merge").click()
    expect(page.locator(".msg-success")).to_contain_text("รวมระเบียนแล้ว")
    expect(page.locator("h1")).to_contain_text("นางนงลักษ์ ใจงาม")
    assert Person.objects.filter(merged_into=first).count() == 1

    page.get_by_test_id("tab-history").click()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("รวมระเบียน")
    expect(history).to_contain_text("นงลักษณ์")  # old value …
    expect(history).to_contain_text("นงลักษ์")  # … and new
    expect(history).to_contain_text("วิไล ทดสอบ")  # who
    expect(history.locator(".old").first).to_be_visible()
    screenshot(page, "5-history")

    # the list shows one person, not two
    page.goto("/registry/?q=ใจงาม")
    expect(page.locator("table.registry-list tbody tr")).to_have_count(1)


def test_list_filters_on_a_phone(phone_page, login, screenshot, registry_reference, make_user):
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    for i, name in enumerate(["สมชาย", "สมศรี", "ประภา"]):
        register(user, first_name=name, phone=f"08900000{i:02d}")
    register(None, first_name="บางกะปิ", subdistrict_code="100601")  # registered by Bang Kapi
    login(phone_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    phone_page.goto("/registry/")
    rows = phone_page.locator("table.registry-list tbody tr")
    expect(rows).to_have_count(3)  # not the Bang Kapi person
    phone_page.fill("input[name=q]", "สม")
    phone_page.get_by_role("button", name="ค้นหา").click()
    expect(rows).to_have_count(2)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # no sideways scrolling on a phone
    screenshot(phone_page, "list")


def test_withdrawing_consent_hides_disability(page, login, screenshot, registry_reference, make_user):
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    person = register(
        user,
        consent=ConsentInput(lawful_basis="consent", sensitive_data_consent=True),
        has_disability=True,
        disability_type="การได้ยิน",
    )
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    page.goto(f"/registry/{person.pk}/")
    expect(page.get_by_test_id("disability")).to_contain_text("การได้ยิน")
    page.get_by_test_id("withdraw").click()
    expect(page.get_by_test_id("disability")).to_contain_text("ไม่แสดง")
    expect(page.get_by_test_id("consent")).to_contain_text("ถอนความยินยอมแล้ว")
    screenshot(page, "withdrawn")
