"""Entering data in a browser: a new project with its steps and progress, a province's home-page
reminder, the yearly report and its PDF, and the project page on a phone."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.core.thai import format_be_date
from nokrabob.projects.models import ActionPlan, ProgressEntry, Project

pytestmark = pytest.mark.django_db(transaction=True)


def test_department_creates_a_project_with_steps_and_progress(page, login, screenshot):
    fy = FiscalYear.current()
    today = timezone.localdate()
    login(page, Role.DEPARTMENT_STAFF)
    page.goto("/projects/")
    page.get_by_role("link", name="เพิ่มโครงการ").click()
    page.fill("input[name=code]", "24000000-5001")
    page.fill("input[name=name]", "โครงการส่งเสริมการออมของแรงงานนอกระบบ")
    page.select_option("select[name=owner_unit]", label="สพส.")
    page.select_option("select[name=fiscal_year]", str(fy.be))
    page.fill("input[name=budget]", "150000")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("h1")).to_have_text("แผนการดำเนินงาน")
    rows = page.get_by_test_id("step-row")
    expect(rows).to_have_count(3)
    quarters = fy.quarters
    plan = [("วางแผน", "20", quarters[0]), ("ดำเนินโครงการ", "50", quarters[1]), ("สรุปผล", "30", quarters[3])]
    for i, (name, weight, period) in enumerate(plan):
        rows.nth(i).locator("input[name$=-name]").fill(name)
        rows.nth(i).locator("input[name$=-weight]").fill(weight)
        rows.nth(i).locator("input[name$=planned_start]").fill(format_be_date(period.start))
        rows.nth(i).locator("input[name$=planned_end]").fill(format_be_date(period.end))
    rows.nth(0).locator("input[name$=actual_start]").fill(format_be_date(fy.start))
    rows.nth(0).locator("input[name$=percent_complete]").fill("50")
    page.get_by_role("button", name="บันทึกแผนการดำเนินงาน").click()
    expect(page.get_by_test_id("overall-progress")).to_contain_text("ร้อยละ 10.00")  # 20 × 50 % / 100
    expect(page.get_by_test_id("gantt").locator(".bar.actual")).to_have_count(1)

    page.get_by_role("link", name="บันทึกความคืบหน้า").click()
    page.fill("input[name=reported_on]", format_be_date(today))
    page.fill("input[name=percent]", "120")
    page.fill("textarea[name=work_done]", "ประชุมชี้แจงสำนักงานเขต")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".field.has-error")).to_contain_text("ความคืบหน้าต้องอยู่ระหว่าง 0 ถึง 100")
    assert not ProgressEntry.objects.exists()
    page.fill("input[name=percent]", "10")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_test_id("progress-log")).to_contain_text("ประชุมชี้แจงสำนักงานเขต")
    expect(page.get_by_test_id("curve").locator("circle")).to_have_count(1)
    assert Project.objects.get(code="24000000-5001").budget == Decimal(150000)
    screenshot(page, "new-project")


def test_a_province_is_reminded_on_its_home_page(page, login, screenshot):
    fy = FiscalYear.current()
    ActionPlan.objects.create(
        unit=OrgUnit.objects.get(code="PLO-50"), fiscal_year=fy.be, title="แผน", recorded_on=fy.start
    )
    login(page, Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    card = page.locator(".card", has_text="รายงานผลการดำเนินงานประจำเดือน")
    expect(card).to_be_visible()
    first = card.locator("li a").first
    expect(first).to_contain_text("กำหนด")
    assert "เลยกำหนด" in first.inner_text() or "ครบกำหนดใน" in first.inner_text()
    screenshot(page, "home-reminder")
    first.click()
    expect(page.locator("h1")).to_contain_text("รายงานผลประจำเดือน")


def test_yearly_report_page_and_pdf(page, login, screenshot):
    call_command("load_project_seeds", stdout=io.StringIO())
    plan = ActionPlan.objects.create(
        unit=OrgUnit.objects.get(code="PLO-50"),
        fiscal_year=2565,
        title="แผนปฏิบัติการ (Action Plan) ประจำปีงบประมาณ พ.ศ. 2565 ของสำนักงานแรงงานจังหวัดเชียงใหม่",
        recorded_on=dt.date(2021, 10, 20),
        approved_on=dt.date(2021, 11, 25),
    )
    plan.activities.create(number=1, name="ส่งเสริมอาชีพ", target_people=500, budget=200000, months=0b111111)
    login(page, Role.PROVINCIAL_STAFF, unit_code="PLO-50", position="แรงงานจังหวัดเชียงใหม่")
    page.goto(f"/projects/plans/{plan.pk}/yearly/")
    page.fill("textarea[name=summary]", "ดำเนินการตามแผนครบทุกกิจกรรม")
    page.get_by_role("button", name="บันทึกและส่งรายงานประจำปี").click()
    expect(page.locator(".msg-success")).to_contain_text("บันทึกรายงานผลประจำปีแล้ว")
    expect(page.locator("section.panel")).to_contain_text("ดำเนินการตามแผนครบทุกกิจกรรม")
    screenshot(page, "yearly")
    href = page.get_by_test_id("pdf-link").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_project_page_on_a_phone(phone_page, login, screenshot):
    call_command("load_project_seeds", stdout=io.StringIO())
    project = Project.objects.get(code="24000000-3029")
    login(phone_page, Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    phone_page.goto(f"/projects/{project.pk}/")
    expect(phone_page.get_by_test_id("overall-progress")).to_be_visible()
    expect(phone_page.get_by_test_id("gantt")).to_be_visible()
    expect(phone_page.get_by_role("link", name="บันทึกความคืบหน้า")).to_have_count(0)  # reads, not edits
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    screenshot(phone_page, "phone")
