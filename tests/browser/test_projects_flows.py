"""Projects and provincial action plans in a browser: the seed project page, a province's plan and
monthly report, the policy office's reporting grid and rounds, and bad input on the forms."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.projects.deadlines import default_due_date
from nokrabob.projects.fixtures import load_round_tables
from nokrabob.projects.models import ActionPlan, MonthlyReport, PlanStep, Project

pytestmark = pytest.mark.django_db(transaction=True)
BANGKOK = ZoneInfo("Asia/Bangkok")


def test_seed_project_page_shows_seed_002(page, login, screenshot):
    call_command("load_project_seeds", stdout=io.StringIO())
    project = Project.objects.get(code="24000000-3029")
    login(page, Role.DEPARTMENT_STAFF)
    page.goto("/projects/")
    page.get_by_role("link", name="24000000-3029").click()
    expect(page.get_by_test_id("project-code")).to_have_text("24000000-3029")
    expect(page.get_by_test_id("overall-progress")).to_contain_text("ร้อยละ 100.00")
    outputs = page.get_by_test_id("outputs")
    for figure in ("847", "539", "489", "1,875"):
        expect(outputs).to_contain_text(figure)
    expect(page.get_by_test_id("progress-log").locator("li")).to_have_count(10)
    expect(page.get_by_test_id("assessments")).to_contain_text("100")
    # seed 002's steps each start and end on one day: drawn as milestone marks, not slivers
    expect(page.get_by_test_id("gantt").locator(".milestone.planned, .bar.planned")).to_have_count(3)
    expect(page.get_by_test_id("curve").locator("circle")).to_have_count(10)
    assert page.url.endswith(f"/projects/{project.pk}/")
    screenshot(page, "seed-project")


def test_steps_that_do_not_add_up_are_refused_on_the_page(page, login, screenshot):
    call_command("load_project_seeds", stdout=io.StringIO())
    project = Project.objects.get(code="24000000-3029")
    login(page, Role.DEPARTMENT_STAFF)
    page.goto(f"/projects/{project.pk}/steps/")
    rows = page.get_by_test_id("step-row")
    expect(rows).to_have_count(4)  # the seed's three steps and one blank row
    rows.nth(1).locator("input[name$=planned_end]").fill("30/06/2564")
    page.get_by_role("button", name="บันทึกแผนการดำเนินงาน").click()
    expect(page.locator(".error-box")).to_contain_text("รวมกันต้องเท่ากับ 100 (ตอนนี้รวมได้ 70)")
    screenshot(page, "weights-refused")
    rows = page.get_by_test_id("step-row")
    rows.nth(0).locator("input[name$=-weight]").fill("20")
    rows.nth(1).locator("input[name$=-weight]").fill("50")
    rows.nth(2).locator("input[name$=-weight]").fill("30")
    rows.nth(2).locator("input[name$=planned_end]").fill("30/06/2564")  # ends before it starts (1 Jul)
    page.get_by_role("button", name="บันทึกแผนการดำเนินงาน").click()
    expect(page.locator("td.has-error .error")).to_contain_text("วันสิ้นสุดตามแผนต้องไม่ก่อนวันเริ่มต้น")
    assert list(PlanStep.objects.filter(project=project).values_list("weight", flat=True)) == [20, 50, 0]
    rows = page.get_by_test_id("step-row")
    rows.nth(2).locator("input[name$=planned_end]").fill("31/08/2564")
    page.get_by_role("button", name="บันทึกแผนการดำเนินงาน").click()
    expect(page.locator(".msg-success")).to_contain_text("บันทึกแผนการดำเนินงานแล้ว")
    assert list(PlanStep.objects.filter(project=project).values_list("weight", flat=True)) == [20, 50, 30]


def test_a_province_makes_its_plan_and_reports_a_month(page, login, screenshot):
    fy = FiscalYear.current()
    login(page, Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    page.goto("/projects/plans/new/")
    page.fill("input[name=approved_on]", f"30/09/{fy.be - 1}")  # before the fiscal year began
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".field.has-error")).to_contain_text(f"นอกปีงบประมาณ {fy.be}")
    assert not ActionPlan.objects.exists()
    page.fill("input[name=approved_on]", "")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("h1")).to_contain_text("โครงการ/กิจกรรมตามแผน")
    row = page.get_by_test_id("activity-row").first
    row.locator("input[name$=-name]").fill("ส่งเสริมการเข้าสู่ประกันสังคม มาตรา 40")
    row.locator("input[name$=target_people]").fill("500")
    row.locator("input[name$=-budget]").fill("120000")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("tr.row-error .error")).to_contain_text("เลือกอย่างน้อยหนึ่งเดือน")
    screenshot(page, "activities-refused")
    row = page.get_by_test_id("activity-row").first
    for month in ("1", "2", "3"):
        row.locator(f"input[type=checkbox][value='{month}']").check()
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_test_id("activity-grid").locator("td.month.on")).to_have_count(3)
    page.locator("tr[data-month='1']").get_by_role("link").click()
    page.fill("input[name=people_served]", "42")
    page.fill("input[name=budget_disbursed]", "150000")  # more than the plan's budget
    page.get_by_role("button", name="ส่งรายงาน").click()
    expect(page.locator(".field.has-error")).to_contain_text("เกินวงเงินที่ได้รับจัดสรร")
    page.fill("input[name=budget_disbursed]", "15000")
    page.get_by_role("button", name="ส่งรายงาน").click()
    today = timezone.localdate()
    expected = "ตรงเวลา" if today <= default_due_date(fy.be, 1) else "ล่าช้า"
    expect(page.get_by_test_id("status-1")).to_have_text(expected)
    assert MonthlyReport.objects.get().people_served == 42
    screenshot(page, "plan-detail")


def _fy2565_plans():
    """Three FY 2565 plans written directly (history: the dates lie years back), 1,000 people each."""
    load_round_tables(2565)
    plans = {}
    for code in ("PLO-50", "PLO-57", "PLO-40"):
        unit = OrgUnit.objects.get(code=code)
        plan = ActionPlan.objects.create(
            unit=unit,
            fiscal_year=2565,
            title=f"แผนปฏิบัติการ 2565 {unit.name_th}",
            recorded_on=dt.date(2021, 10, 20),
            approved_on=dt.date(2021, 11, 25),
            allocation_round1=Decimal(240000),
            allocation_year=Decimal(400000),
        )
        plan.activities.create(number=1, name="ส่งเสริมอาชีพ", target_people=1000, budget=400000, months=4095)
        plans[code] = plan
    return plans


def _report(plan, month, day, people, baht):
    MonthlyReport.objects.create(
        plan=plan,
        month=month,
        people_served=people,
        budget_disbursed=Decimal(baht),
        submitted_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=BANGKOK),
    )


def test_policy_office_sees_reporting_rates_and_rounds(page, login, screenshot):
    login(page, Role.POLICY_STAFF)
    plans = _fy2565_plans()
    for month in range(1, 13):
        due = default_due_date(2565, month)
        _report(plans["PLO-50"], month, due, 50, 30000)  # Chiang Mai: always on the due date
        if month == 1:
            _report(plans["PLO-57"], month, due + dt.timedelta(days=1), 60, 30000)  # Chiang Rai: on the 6th
        elif month != 5:
            _report(plans["PLO-57"], month, due, 60, 30000)
    page.goto("/projects/reporting/?fy=2565")
    chiang_mai = page.locator("tr[data-unit='PLO-50']")
    expect(chiang_mai.locator(".dot.on_time")).to_have_count(12)
    chiang_rai = page.locator("tr[data-unit='PLO-57']")
    expect(chiang_rai.locator("td.month").nth(0).locator(".dot")).to_have_class("dot late")
    expect(chiang_rai.locator("td.month").nth(4).locator(".dot")).to_have_class("dot missing")
    expect(page.locator("tr[data-unit='PLO-40'] .dot.missing")).to_have_count(12)
    screenshot(page, "reporting-grid")
    page.get_by_role("link", name="ผลการประเมินรายรอบ").click()
    page.select_option("select[name=fy]", "2565")
    page.get_by_role("button", name="แสดง").click()
    row = page.locator("tr[data-unit='PLO-50']")
    # Round 1: 300 / 1,000 people = 30 %, 180,000 / 240,000 baht = 75 % → level 4
    expect(row.get_by_test_id("round-1-level")).to_have_text("ระดับ 4")
    # Round 2: 600 people = 60 %, 360,000 / 400,000 = 90 % → level 3 (70 % of people needed for 4)
    expect(row.get_by_test_id("round-2-level")).to_have_text("ระดับ 3")
    expect(page.locator("tr[data-unit='PLO-57']").get_by_test_id("round-1-level")).to_have_text("ระดับ 1")
    screenshot(page, "rounds")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_assessment_tables_fit_their_cards(browser, live_server, org_units, make_user, width, screenshot):
    """The rounds' scoring tables and a plan's round cards stay inside their cards and the page, on a phone
    and on a desktop (issue 15: "the assessment table overflowing its card")."""
    from conftest import TEST_PASSWORD

    plans = _fy2565_plans()
    _report(plans["PLO-50"], 1, default_due_date(2565, 1), 50, 30000)
    user = make_user(Role.POLICY_STAFF)
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form button[type=submit].primary")
    page.wait_for_url("**/")
    overflowing = """() => [...document.querySelectorAll('.card')]
        .filter(c => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > innerWidth)
        .map(c => c.dataset.testid || c.className)"""
    for path in ("/projects/rounds/?fy=2565", f"/projects/plans/{plans['PLO-50'].pk}/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert page.evaluate(overflowing) == [], path
    expect(page.get_by_test_id("round-1")).to_be_visible()
    page.goto("/projects/rounds/?fy=2565")
    screenshot(page, f"criteria-{width}")
    context.close()
