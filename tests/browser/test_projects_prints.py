"""Prints and reminders in a browser: the project page's print with Thai digits, a province's deadlines,
and a disbursement file loaded on the plan's page."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.performance.seeds import load_seeds
from nokrabob.projects.fixtures import link_seed_indicator
from nokrabob.projects.models import ActionPlan, MonthlyReport, Project

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_project_page_prints_and_every_number_turns_thai(page, login, screenshot):
    load_seeds()
    call_command("load_project_seeds", stdout=io.StringIO())
    project = Project.objects.get(code="24000000-3029")
    link_seed_indicator(project)
    login(page, Role.DEPARTMENT_STAFF)
    page.goto(f"/projects/{project.pk}/")
    page.get_by_test_id("digits-thai").click()
    expect(page.get_by_test_id("overall-progress")).to_contain_text("ร้อยละ ๑๐๐.๐๐")
    expect(page.get_by_test_id("outputs")).to_contain_text("๑,๘๗๕")
    assert not any(ch.isascii() and ch.isdigit() for ch in page.get_by_test_id("outputs").inner_text())
    screenshot(page, "project-thai-digits")
    href = page.get_by_test_id("project-pdf").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    out = ARTIFACTS / "project-print.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    out.write_bytes(response.body())
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "3",
                str(out),
                str(ARTIFACTS / "project-print"),
            ],
            check=True,
        )
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "๒๔๐๐๐๐๐๐-๓๐๒๙" in text and not any(ch.isascii() and ch.isdigit() for ch in text)


def test_a_province_sees_its_deadlines_and_loads_its_disbursements(page, login, screenshot, tmp_path):
    today = timezone.localdate()
    fy = FiscalYear.of(today)
    unit = OrgUnit.objects.get(code="PLO-50")
    plan = ActionPlan.objects.create(unit=unit, fiscal_year=fy.be - 1, title="แผนปีที่แล้ว", recorded_on=fy.start)
    MonthlyReport.objects.create(
        plan=plan, month=1, people_served=5, budget_disbursed=0, submitted_at=timezone.now()
    )
    ActionPlan.objects.create(unit=unit, fiscal_year=fy.be, title="แผนปีนี้", recorded_on=fy.start)
    login(page, Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    page.goto("/deadlines/")
    table = page.get_by_test_id("my-deadlines")
    expect(table).to_contain_text("รายงานผลประจำเดือน")
    expect(table).to_contain_text("เชียงใหม่")
    screenshot(page, "deadlines")

    page.goto(f"/projects/plans/{plan.pk}/")
    page.get_by_test_id("disbursements-upload").click()
    upload = tmp_path / "gfmis.csv"
    upload.write_text("งวด,ยอดเบิกจ่าย\n1,1200.50\n1,800\n2,100\n", encoding="utf-8")
    page.set_input_files("input[name=file]", str(upload))
    page.fill("input[name=month_column]", "งวด")
    page.fill("input[name=amount_column]", "ยอดเบิกจ่าย")
    page.get_by_role("button", name="โหลดยอดเบิกจ่าย").click()
    expect(page.get_by_test_id("problems")).to_contain_text("ยังไม่มีรายงานผลประจำเดือน")
    screenshot(page, "disbursements-refused")
    assert MonthlyReport.objects.get(plan=plan, month=1).budget_disbursed == 0
    upload.write_text("งวด,ยอดเบิกจ่าย\n1,1200.50\n1,800\n", encoding="utf-8")
    page.set_input_files("input[name=file]", str(upload))
    page.get_by_role("button", name="โหลดยอดเบิกจ่าย").click()
    expect(page.locator(".msg-success")).to_contain_text("โหลดยอดเบิกจ่ายแล้ว 1 เดือน จาก 2 แถว")
    assert str(MonthlyReport.objects.get(plan=plan, month=1).budget_disbursed) == "2000.50"
