"""Seed 000's database indicator in the browser: the level read from facts (stated share of each target
group entered, the year's open data published, agencies with API access), each step shown on the page."""

import pytest
from django.apps import apps
from django.test import override_settings
from playwright.sync_api import expect

from nokrabob.accounts.roles import Role
from nokrabob.api.services import client_register, token_issue
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.performance.models import Milestone, MilestoneKind
from nokrabob.performance.tests.registers import build_register, make_indicator
from nokrabob.registry import reference
from nokrabob.registry.models import Occupation
from nokrabob.reports.models import Publication

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(DATABASE_ENTRY_SHARE=50)
def test_database_level_shows_how_each_stage_was_reached(page, login, screenshot, org_units, make_user):
    reference.load(apps)  # the transactional flush emptied the occupations
    build_register()  # motorcycle taxis 2, street vendors 2, farmers 1 (+ one not current, one merged)
    this_year = FiscalYear.current()
    department = OrgUnit.objects.get(code="2400")
    indicator = make_indicator(
        department,
        code="2400-0000",
        name="ระดับความสำเร็จในการจัดทำฐานข้อมูลของแรงงานนอกระบบ",
        measure_kind="live",
        live_measure="database_level",
        unit_of_measure="level",
        target=5,
        fiscal_year=this_year.be,
    )
    Milestone.objects.create(
        kind=MilestoneKind.DATABASE_DEFINED, fiscal_year=this_year.be, achieved_on=this_year.start
    )
    for code, size in (("moto_taxi", 4), ("street_vendor", 40), ("farmer", 2)):
        Occupation.objects.filter(code=code).update(target_size=size)
    login(page, Role.DEPARTMENT_STAFF)
    page.goto(f"/performance/indicators/{indicator.pk}/")
    panel = page.get_by_test_id("live-panel")
    expect(panel).to_contain_text("บันทึกแล้ว 2 จากที่ต้องการ 20 คน (50% ของ 40 คน) – ยังไม่ครบ")
    expect(page.get_by_test_id("live-value")).to_contain_text("2")  # some groups done: level 2
    screenshot(page, "level-2")

    Occupation.objects.filter(code="street_vendor").update(target_size=4)
    Publication.objects.create(
        data_date=this_year.start, fiscal_year=this_year.be, trigger="command", directory="/tmp", rows=10,
        suppressed_cells=0,
    )  # fmt: skip
    admin = make_user(Role.ADMIN)
    client = client_register(
        actor=admin, name="สำนักงานประกันสังคม", contact="api@example.org", unit=admin.unit, operations=["read"]
    )
    token_issue(actor=admin, client=client)
    page.goto(f"/performance/indicators/{indicator.pk}/")
    expect(page.get_by_test_id("live-value")).to_contain_text("5")
    expect(panel).to_contain_text("สำนักงานประกันสังคม")
    expect(panel).to_contain_text("1 ครั้ง")
    screenshot(page, "level-5")
