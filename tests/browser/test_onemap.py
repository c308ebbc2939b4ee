"""One Map in the browser: a district office loads its communities from a spreadsheet (a bad file first,
refused row by row in Thai), records a household with a bedridden member who is not in the registry, and
the One Map percentage of FY 2567 differs from this year's on the indicator pages and the One Map page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.performance.models import Indicator
from nokrabob.performance.seeds import load_seeds
from nokrabob.registry.models import Community, Household, HouseholdMember
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = (
    "รหัสชุมชน,ชื่อชุมชน,เขต,แขวง,ประเภทชุมชน,จำนวนครัวเรือน\n"
    "1001001,ชุมชนวัดราชบพิธพัฒนา,พระนคร,วัดราชบพิธ,ชุมชนเมือง,120\n"
    "1001002,ชุมชนตลาดยอดร่วมใจ,พระนคร,ตลาดยอด,ชุมชนแออัด,85\n"
    "1001003,ชุมชนริมคลองบางขุนพรหม,พระนคร,บางขุนพรหม,ชุมชนแออัด,64\n"
)
BAD = GOOD + "1001004,ชุมชนข้ามเขต,บางกะปิ,,ชุมชนเมือง,40\n1001005,ชุมชนไม่รู้จำนวน,พระนคร,,ชุมชนเมือง,หลายหลัง\n"


def _upload(page, text: str, tmp_path, name: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    page.goto("/onemap/import/communities/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="อัปโหลดและตรวจดูคอลัมน์").click()
    expect(page.locator("select[name=col_code]")).to_have_value("0")  # suggested from the header
    expect(page.locator("select[name=col_households_total]")).to_have_value("5")


def test_loading_communities_and_a_household_with_a_bedridden_member_outside_the_registry(
    page, login, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    login(page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    _upload(page, BAD, tmp_path, "bad.csv")
    screenshot(page, "columns")
    page.get_by_role("button", name="ตรวจและนำเข้า").click()
    errors = page.get_by_test_id("row-errors")
    expect(errors).to_contain_text("พบข้อผิดพลาด 2 รายการ ยังไม่ได้บันทึกข้อมูลใด ๆ")
    expect(page.locator("table")).to_contain_text("เขตนี้อยู่นอกพื้นที่ของท่าน")
    expect(page.locator("table")).to_contain_text("ไม่ใช่ตัวเลข")
    screenshot(page, "row-errors")
    assert Community.objects.count() == 0

    _upload(page, GOOD, tmp_path, "good.csv")
    page.get_by_role("button", name="ตรวจและนำเข้า").click()
    expect(page.locator("li[role=status]")).to_contain_text("เพิ่ม 3 ชุมชน")
    expect(page.get_by_test_id("onemap-percent")).to_contain_text("ร้อยละ 0.00 (0 จาก 3 ชุมชน)")
    page.locator("details summary").first.click()
    expect(page.get_by_test_id("onemap-districts")).to_contain_text("ชุมชนตลาดยอดร่วมใจ")
    screenshot(page, "overview")

    page.goto("/registry/households/new/")
    page.fill("input[name=house_no]", "45/2")
    page.select_option("select[name=community]", label="ชุมชนตลาดยอดร่วมใจ")
    page.select_option("select[name=district_code]", "1001")
    page.select_option("select[name=subdistrict_code]", "100108")
    page.select_option("select[name=building_type]", "row_room")
    page.fill("input[name=years_lived]", "18")
    page.select_option("select[name=land_owner]", "crown")
    page.fill("input[name=latitude]", "13.7531")
    page.fill("input[name=longitude]", "100.4990")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_test_id("household-consent")).to_contain_text("ยังไม่ได้ให้ความยินยอม")

    def add_bedridden_grandmother() -> None:
        form = page.locator("form").filter(has=page.locator("input[name=name]"))
        form.locator("input[name=name]").fill("นางบุญมา ศรีสุข")
        form.locator("input[name=relation]").fill("ยาย")
        form.locator("input[name=age]").fill("87")
        form.locator("select[name=education]").select_option("none")
        form.locator("select[name=is_bedridden]").select_option("true")
        form.get_by_role("button", name="บันทึก").click()

    add_bedridden_grandmother()
    expect(page.get_by_role("alert").filter(has_text="ครัวเรือนยังไม่ได้ให้ความยินยอม")).to_be_visible()
    consent = page.get_by_test_id("consent-form")
    consent.locator("select[name=sensitive]").select_option("1")
    consent.locator("input[name=on]").fill(
        timezone.localdate().strftime("%d/%m/") + str(timezone.localdate().year + 543)
    )
    consent.get_by_role("button", name="บันทึกความยินยอม").click()
    expect(page.get_by_test_id("household-consent")).to_contain_text("ให้ความยินยอมเมื่อ")
    add_bedridden_grandmother()
    members = page.get_by_test_id("members")
    expect(members).to_contain_text("นางบุญมา ศรีสุข")
    expect(members.locator("tr", has_text="นางบุญมา")).to_contain_text("ติดเตียง")
    expect(members.locator("tr", has_text="นางบุญมา")).to_contain_text("87")
    screenshot(page, "household")
    member = HouseholdMember.objects.get(name="นางบุญมา ศรีสุข")
    assert member.person is None and member.is_bedridden is True

    page.goto("/onemap/")
    # 1 household of 85: not yet entered (the definition asks for every household).
    expect(page.get_by_test_id("onemap-percent")).to_contain_text("(0 จาก 3 ชุมชน)")
    expect(page.get_by_test_id("onemap-definition")).to_contain_text("ครบทุกครัวเรือน")


def _households(community: Community, day: dt.date, count: int) -> None:
    for n in range(count):
        household = Household.objects.create(
            community=community, house_no=f"{n + 1}/{day.year}", district_code=community.district_code
        )
        Household.objects.filter(pk=household.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        )


def test_one_map_percentage_of_fy2567_differs_from_this_year(page, login, screenshot, org_units):
    load_seeds()
    fy2567 = Indicator.objects.get(fiscal_year=2567, code="1.3-1")
    this_year = FiscalYear.current().be
    current = Indicator.objects.create(
        fiscal_year=this_year,
        code="1.3-1",
        name=fy2567.name,
        lead_unit=fy2567.lead_unit,
        unit_of_measure="percent",
        target=Decimal("100"),
        weight=Decimal("10"),
        measure_kind="live",
        live_measure="community_household_share",
        scored_from="measured",
    )
    current.owner_units.add(fy2567.lead_unit)
    a = Community.objects.create(
        code="1001001", name="ชุมชนวัดราชบพิธพัฒนา", district_code="1001", households_total=2
    )
    b = Community.objects.create(
        code="1006001", name="ชุมชนคลองจั่นร่วมใจ", district_code="1006", households_total=3
    )
    Community.objects.create(code="1006002", name="ชุมชนหัวหมากสามัคคี", district_code="1006", households_total=4)
    _households(a, dt.date(2024, 2, 15), 2)  # complete in FY 2567
    _households(b, dt.date(2024, 6, 1), 1)  # 1 of 3 in FY 2567
    _households(b, timezone.localdate(), 2)  # complete this year
    login(page, Role.DEPARTMENT_STAFF, unit_code="2400")

    page.goto(f"/performance/indicators/{fy2567.pk}/")
    expect(page.get_by_test_id("live-value")).to_contain_text("33.33")
    expect(page.get_by_test_id("live-ratio")).to_contain_text("1 / 3")
    screenshot(page, "fy2567-indicator")
    page.goto(f"/performance/indicators/{current.pk}/")
    expect(page.get_by_test_id("live-value")).to_contain_text("66.67")
    expect(page.get_by_test_id("live-ratio")).to_contain_text("2 / 3")

    page.goto("/onemap/?year=2567")
    expect(page.get_by_test_id("onemap-percent")).to_contain_text("ร้อยละ 33.33 (1 จาก 3 ชุมชน)")
    districts = page.get_by_test_id("onemap-districts")
    expect(districts.locator("tr", has_text="บางกะปิ")).to_contain_text("2")  # both not entered yet
    screenshot(page, "onemap-2567")
    page.select_option("select[name=year]", str(this_year))
    expect(page.get_by_test_id("onemap-percent")).to_contain_text("ร้อยละ 66.67 (2 จาก 3 ชุมชน)")
    page.locator("tr", has_text="บางกะปิ").locator("summary").click()
    expect(districts).to_contain_text("ชุมชนหัวหมากสามัคคี")
    expect(districts).not_to_contain_text("ชุมชนคลองจั่นร่วมใจ")
    screenshot(page, "onemap-now")
    ARTIFACTS.mkdir(exist_ok=True)


def test_duties_and_evidence_uploaded_against_a_level(page, login, screenshot, org_units, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    load_seeds()
    indicator = Indicator.objects.get(fiscal_year=2567, code="1.1-2")
    login(page, Role.DEPARTMENT_STAFF, unit_code="2400")
    page.goto(f"/performance/indicators/{indicator.pk}/")
    duties = page.get_by_test_id("duties")
    expect(duties.locator("h3")).to_have_text(["หน่วยงานหลัก", "หน่วยงานรอง", "หน่วยงานสนับสนุน"])
    expect(duties).to_contain_text("สำนักอนามัย")
    items = page.get_by_test_id("evidence-items")
    expect(items.locator("tr[data-item='3']")).to_contain_text("รายงานการเปิดเวที")
    expect(items.locator("tr[data-item='3']")).to_contain_text("ระดับ 3")
    expect(items.locator("tr[data-item='3']")).to_contain_text("ยังไม่ได้แนบ")
    report = tmp_path / "เวที.pdf"
    report.write_bytes(b"%PDF-1.4 forum report")
    page.select_option("select[name=item]", label="3. รายงานการเปิดเวที (ระดับ 3)")
    page.set_input_files("input[type=file]", str(report))
    page.get_by_role("button", name="แนบหลักฐาน").click()
    expect(items.locator("tr[data-item='3'] a")).to_have_text("รายงานการเปิดเวที")
    page.get_by_test_id("duties").scroll_into_view_if_needed()
    screenshot(page, "duties-evidence")
    with page.expect_download() as download:
        items.locator("tr[data-item='3'] a").click()
    assert download.value.suggested_filename == "รายงานการเปิดเวที.pdf"
