"""The seed pages in the browser: indicator 2400-1065 as seed 001 shows it (and printed), the FY 2567
agreement with its weights, level tables and the unit's colour-banded total, and the strategy map."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.performance.models import Indicator, QuarterResult
from nokrabob.performance.seeds import load_seeds

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(org_units):  # type: ignore[no-untyped-def]
    load_seeds()


def test_indicator_2400_1065_reads_like_seed_001_and_prints(page, login, screenshot, seeded):
    login(page, Role.EXECUTIVE)
    page.goto("/performance/?year=2564")
    page.get_by_role("link", name="จำนวนกลุ่มเป้าหมายของแรงงานนอกระบบในพื้นที่เขตเข้าถึงสวัสดิการทางสังคม").click()
    expect(page.get_by_test_id("indicator-title")).to_have_text(
        "จำนวนกลุ่มเป้าหมายของแรงงานนอกระบบในพื้นที่เขตเข้าถึงสวัสดิการทางสังคม : 2400-1065"
    )
    expect(page.get_by_test_id("target")).to_have_text("3")
    expect(page.get_by_test_id("achieved")).to_have_text("0")
    expect(page.get_by_test_id("assessed-note")).to_have_text("สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 3: 0")
    table = page.get_by_test_id("quarter-table")
    expect(table.locator("tr[data-quarter='1'] td").nth(1)).to_have_text("0.00")
    expect(table.locator("tr[data-quarter='4'] td").nth(1)).to_have_text("100.00")
    expect(table.locator("tr[data-quarter='1'] td").nth(4)).to_have_text("100 / 100")
    expect(table.locator("tr[data-quarter='3'] td").nth(4)).to_have_text("0 / 0")
    expect(page.get_by_test_id("narratives")).to_contain_text("รายงานผลฯ ไตรมาสที่ 4")
    expect(page.get_by_test_id("narratives")).to_contain_text("ครบ 3 กลุ่มเป้าหมาย")
    expect(page.get_by_test_id("strategy-path")).to_contain_text(
        "มหานครสำหรับทุกคน : Bangkok as a City for All"
    )
    # Executives read indicators but do not report or assess.
    expect(page.get_by_test_id("report-q1")).to_have_count(0)
    expect(page.get_by_test_id("assess-q1")).to_have_count(0)
    screenshot(page, "seed-001")
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".certify")).to_be_visible()
    expect(page.locator(".certify")).to_contain_text("ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้")
    screenshot(page, "seed-001-print")


def test_agreement_2567_weights_levels_and_unit_total(page, login, screenshot, seeded):
    by_code = {i.code: i for i in Indicator.objects.filter(fiscal_year=2567)}
    QuarterResult.objects.create(indicator=by_code["1.1-1"], quarter=4, result=Decimal(80))
    QuarterResult.objects.create(indicator=by_code["1.1-2"], quarter=4, result=Decimal(100))
    QuarterResult.objects.create(indicator=by_code["1.2-1"], quarter=4, level=Decimal(3))
    login(page, Role.ASSESSOR)
    page.goto("/performance/")
    page.select_option("#f-year", "2567")
    page.get_by_role("button", name="แสดง").click()
    rows = page.get_by_test_id("indicator-table").locator("tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.nth(0)).to_contain_text("1.1-1")
    expect(rows.nth(0).locator("td").nth(5)).to_have_text("10")
    expect(rows.nth(0).locator("td").nth(7)).to_have_text("8")
    expect(rows.nth(3).locator("td").nth(5)).to_have_text("20")
    expect(rows.nth(3).locator("td").nth(7)).to_have_text("12")
    total = page.locator("[data-testid=unit-total][data-unit='2400']")
    expect(total).to_contain_text("30 จาก 70 คะแนน")
    expect(total.locator(".band")).to_have_attribute("data-band", "weak")
    expect(page.get_by_test_id("weight-warning")).to_have_count(0)
    screenshot(page, "agreement-2567")
    rows.nth(3).get_by_role("link").click()
    levels = page.get_by_test_id("level-table")
    expect(levels.locator("tr[data-level='5'] td").last).to_have_text("20")
    expect(levels.locator("tr[data-level='1'] td").last).to_have_text("4")
    expect(levels.locator("tr[data-level='1'] td").nth(1)).to_have_text("ร้อยละ 20")
    screenshot(page, "joint-indicator")


def test_strategy_map_shows_what_hangs_from_each_node(page, login, screenshot, seeded):
    login(page, Role.DEPARTMENT_STAFF)
    page.goto("/performance/")
    page.get_by_role("link", name="แผนที่ยุทธศาสตร์").first.click()
    tree = page.get_by_test_id("strategy-tree")
    expect(tree).to_contain_text("แผนพัฒนากรุงเทพมหานครระยะ 20 ปี")
    expect(tree).to_contain_text("ตัววัดผลหลัก (Key Result)")
    tactic = tree.locator("li", has_text="พัฒนาโรงเรียนฝึกอาชีพกรุงเทพมหานคร ศูนย์ฝึกอาชีพ").last
    expect(tactic.get_by_role("link", name="2400-1065", exact=False)).to_be_visible()
    screenshot(page, "strategy-map")
