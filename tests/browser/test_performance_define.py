"""Defining an indicator in the browser: weights that overflow the agreement's component are refused on the
weight field, a level table is entered, and the indicator page shows it."""

import pytest
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.performance.models import Indicator
from nokrabob.performance.seeds import load_seeds

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_defines_an_indicator_with_its_level_table(page, login, screenshot, org_units):
    load_seeds()
    login(page, Role.ADMIN)
    page.goto("/performance/?year=2567")
    page.get_by_role("link", name="เพิ่มตัวชี้วัด").click()
    page.fill("input[name=fiscal_year]", "2567")
    page.fill("input[name=code]", "1.1-4")
    page.fill("textarea[name=name]", "ร้อยละของแรงงานนอกระบบที่ลงทะเบียนผ่าน QR Code")
    page.select_option("select[name=lead_unit]", label="สพส.")
    page.select_option("select[name=component]", index=1)  # 1.1 Function Base: 30 points, all used
    page.select_option("select[name=unit_of_measure]", "percent")
    page.fill("input[name=target]", "100")
    page.fill("input[name=weight]", "10")
    for level in (5, 4, 3, 2, 1):
        page.fill(f"input[name=level_{level}_percent]", str(20 * level))
    page.fill("textarea[name=level_5_criterion]", "ลงทะเบียนครบตามเป้าหมาย และรายงานผู้บริหาร")
    page.fill("input[name=baseline_1_year]", "2566")
    page.fill("input[name=baseline_1_text]", "-")
    page.get_by_role("button", name="บันทึก").click()
    error = page.locator(".field.has-error .error")
    expect(error).to_contain_text("เกินน้ำหนักขององค์ประกอบ 30 คะแนน")
    screenshot(page, "weight-refused")
    assert not Indicator.objects.filter(code="1.1-4").exists()

    page.select_option("select[name=component]", index=0)
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".msg-success")).to_contain_text("บันทึกตัวชี้วัด 1.1-4 แล้ว")
    levels = page.get_by_test_id("level-table")
    expect(levels.locator("tr[data-level='5'] td").nth(2)).to_have_text(
        "ลงทะเบียนครบตามเป้าหมาย และรายงานผู้บริหาร"
    )
    expect(levels.locator("tr[data-level='3'] td").last).to_have_text("6")
    expect(page.locator("body")).to_contain_text("พ.ศ. 2566 : -")
    screenshot(page, "defined")
