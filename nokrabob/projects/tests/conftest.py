"""Fixtures for the projects tests: a provincial plan for FY 2565 and a way to report its months."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from nokrabob.accounts.roles import Role
from nokrabob.core.models import OrgUnit
from nokrabob.projects import plan_services
from nokrabob.projects.fixtures import load_round_tables
from nokrabob.projects.plan_services import ActivityData

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK)


@pytest.fixture
def chiangmai_staff(make_user):
    return make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50", first_name="ประเสริฐ", position="แรงงานจังหวัด")


@pytest.fixture
def plan_2565(chiangmai_staff):
    """Chiang Mai's FY 2565 plan: 1,000 target people, 400,000 baht (240,000 for round 1)."""
    load_round_tables(2565)
    plan = plan_services.plan_create(
        actor=chiangmai_staff,
        unit=OrgUnit.objects.get(code="PLO-50"),
        fiscal_year=2565,
        recorded_on=dt.date(2021, 10, 20),
        approved_on=dt.date(2021, 11, 25),
        allocation_round1=Decimal("240000"),
        allocation_year=Decimal("400000"),
    )
    plan_services.activities_replace(
        actor=chiangmai_staff,
        plan=plan,
        activities=[
            ActivityData("ส่งเสริมการเข้าสู่ประกันสังคม มาตรา 40", 600, Decimal("250000"), [1, 2, 3, 4, 5, 6]),
            ActivityData("ฝึกทักษะอาชีพ", 400, Decimal("150000"), [7, 8, 9]),
        ],
    )
    return plan


@pytest.fixture
def report(chiangmai_staff):
    """``report(plan, month, day, people, baht)`` submits a month's results on ``day``."""

    def _report(plan, month, day, people=0, baht=0):
        return plan_services.monthly_report_submit(
            actor=chiangmai_staff,
            plan=plan,
            month=month,
            people_served=people,
            budget_disbursed=Decimal(baht),
            submitted_at=at(day),
        )

    return _report
