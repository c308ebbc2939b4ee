"""Demo data: the seed project and round tables, two current-year BMA projects, and provincial action
plans for FY 2565 (a full year, reported on time, late or not at all) and for the current year.

Each province's plan is sized by its population: allocation, and the people each activity is to reach,
grow with it (``plan_size``), so Chiang Mai's plan is not Phuket's."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import IO
from zoneinfo import ZoneInfo

from django.utils import timezone

from nokrabob.accounts.models import User
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.core.reference import (
    SOCIAL_DEVELOPMENT_CODE,
    district_office_code,
    provincial_labour_office_code,
)
from nokrabob.projects import plan_services, services
from nokrabob.projects.deadlines import due_dates
from nokrabob.projects.fixtures import load_round_tables, load_seed_project
from nokrabob.projects.models import ActionPlan, Project
from nokrabob.projects.plan_services import ActivityData
from nokrabob.projects.services import StepData

BANGKOK = ZoneInfo("Asia/Bangkok")
DEMO_PROVINCES = ["50", "57", "40", "30", "34", "90", "83", "65", "20", "12", "80", "41"]
# Registered population of the demo provinces, in thousands, rounded (the Department of Provincial
# Administration's yearly figures, about 2566): only to size the demo plans.
POPULATION_THOUSANDS = {
    "50": 1_790, "57": 1_300, "40": 1_800, "30": 2_630, "34": 1_880, "90": 1_440, "83": 420, "65": 850,
    "20": 1_610, "12": 1_300, "80": 1_550, "41": 1_590,
}  # fmt: skip
# (activity, months, people per 100,000 residents (None: the committee, a fixed size), share of the budget)
ACTIVITIES = [
    ("ประชุมคณะอนุกรรมการบริหารจัดการแรงงานนอกระบบจังหวัด", [1, 4, 7, 10], None, "0.075"),
    ("ส่งเสริมการเข้าสู่ระบบประกันสังคม มาตรา 40 และกองทุนการออมแห่งชาติ", [2, 3, 4, 5, 6, 7, 8], 33, "0.30"),
    ("ฝึกทักษะอาชีพเสริมแก่แรงงานนอกระบบ แรงงานสูงอายุ และแรงงานพิการ", [4, 5, 6, 7, 8, 9], 17, "0.45"),
    ("อบรมความปลอดภัยและอาชีวอนามัยในการทำงาน", [6, 7, 8, 9, 10, 11], 11, "0.175"),
]


def plan_size(province: str, rng: random.Random) -> tuple[Decimal, Decimal, list[ActivityData]]:
    """A province's allocation for the year, its first-round share, and its activities: a base every
    province gets plus a share by population, each figure a little different year to year."""
    thousands = POPULATION_THOUSANDS.get(province, 1_000)
    year = Decimal(round((200_000 + 120 * thousands) * rng.uniform(0.9, 1.1), -4))
    round1 = Decimal(round(float(year) * rng.uniform(0.55, 0.65), -4))
    activities: list[ActivityData] = []
    spent = Decimal(0)
    for index, (name, months, per_100k, share) in enumerate(ACTIVITIES):
        if per_100k is None:
            people = rng.randint(25, 45)  # the committee and the agencies it invites
        else:
            people = max(30, int(round(thousands * per_100k / 100 * rng.uniform(0.85, 1.15), -1)))
        last = index == len(ACTIVITIES) - 1
        budget = year - spent if last else Decimal(round(float(year * Decimal(share)), -3))
        spent += budget
        activities.append(ActivityData(name, people, budget, months))
    return year, round1, activities


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK)


def load(stdout: IO[str]) -> None:
    actor = User.objects.filter(username="admin").first()
    load_seed_project(actor=actor)
    current = FiscalYear.current().be
    for year in sorted({2565, current}):
        load_round_tables(year)
    _bma_projects(actor, current)
    plans = _provincial_year(actor, 2565, full=True)
    plans += _provincial_year(actor, current, full=False)
    stdout.write(f"projects: {Project.objects.count()} projects, {plans} action plans")


def _bma_projects(actor: User | None, year: int) -> None:
    fy = FiscalYear(year)
    today = timezone.localdate()
    specs = [
        ("24000000-4101", "โครงการสำรวจและจัดทำฐานข้อมูลแรงงานนอกระบบในพื้นที่เขต", SOCIAL_DEVELOPMENT_CODE),
        ("24000000-4102", "โครงการฝึกอาชีพระยะสั้นสำหรับผู้ค้าหาบเร่-แผงลอย", district_office_code("1001")),
    ]
    for code, name, unit_code in specs:
        if Project.objects.filter(code=code).exists():
            continue
        project = services.project_create(
            actor=actor,
            code=code,
            name=name,
            owner_unit=OrgUnit.objects.get(code=unit_code),
            fiscal_year=year,
            budget=Decimal("250000"),
            objectives="เพื่อให้แรงงานนอกระบบเข้าถึงสวัสดิการทางสังคมและแหล่งเงินทุน",
            targets="แรงงานนอกระบบในพื้นที่ไม่น้อยกว่า 500 ราย",
        )
        q = fy.quarters
        services.plan_steps_replace(
            actor=actor,
            project=project,
            steps=[
                StepData(
                    "วางแผนและประสานสำนักงานเขต",
                    Decimal(20),
                    q[0].start,
                    q[0].end,
                    q[0].start,
                    None,
                    Decimal(60),
                ),
                StepData("ลงพื้นที่สำรวจและจัดกิจกรรม", Decimal(50), q[1].start, q[2].end),
                StepData("สรุปผลและรายงานผู้บริหาร", Decimal(30), q[3].start, q[3].end),
            ],
        )
        if today > fy.start:
            services.progress_entry_add(
                actor=actor,
                project=project,
                reported_on=min(today, fy.start + dt.timedelta(days=30)),
                percent=Decimal(10),
                work_done="ประชุมชี้แจงสำนักงานเขตและจัดทำแผนการสำรวจ",
            )


def _provincial_year(actor: User | None, year: int, *, full: bool) -> int:
    rng = random.Random(year)  # noqa: S311 - repeatable demo figures, not secrets
    fy = FiscalYear(year)
    today = timezone.localdate()
    dues = due_dates(year)
    made = 0
    provinces = DEMO_PROVINCES if full else DEMO_PROVINCES[:6]
    for index, province in enumerate(provinces):
        unit = OrgUnit.objects.get(code=provincial_labour_office_code(province))
        if ActionPlan.objects.filter(unit=unit, fiscal_year=year).exists():
            continue
        late_plan = index % 5 == 4
        recorded = fy.start + dt.timedelta(days=rng.randint(5, 25) + (15 if late_plan else 0))
        approved_day = fy.start + dt.timedelta(days=rng.randint(35, 55) + (20 if late_plan else 0))
        approved = approved_day if approved_day <= today else None
        allocation, round1, activities = plan_size(province, random.Random(f"plan-{province}-{year}"))  # noqa: S311
        plan = plan_services.plan_create(
            actor=actor,
            unit=unit,
            fiscal_year=year,
            recorded_on=min(recorded, today),
            approved_on=approved,
            allocation_round1=round1,
            allocation_year=allocation,
        )
        plan_services.activities_replace(actor=actor, plan=plan, activities=activities)
        target_people = sum(a.target_people for a in activities)
        made += 1
        skill = 1.0 - 0.45 * ((index * 3) % 10) / 10  # provinces differ in how much they achieve
        for period in fy.months:
            due = dues[period.number]
            if period.start > today:
                break
            roll = rng.random()
            if index == 3 and period.number == 2:
                day = due + dt.timedelta(days=1)  # reported on the 6th: late
            elif roll < 0.05 and index:
                continue  # never reported
            elif roll < 0.15 and index:
                day = due + dt.timedelta(days=rng.randint(1, 9))
            else:
                day = due - dt.timedelta(days=rng.randint(0, 4))
            if day > today:
                continue
            people = int(target_people * skill / 12 * rng.uniform(0.7, 1.3))
            money = Decimal(int(float(allocation) * skill * 0.9 / 12 * rng.uniform(0.8, 1.1)))
            plan_services.monthly_report_submit(
                actor=actor,
                plan=plan,
                month=period.number,
                people_served=people,
                budget_disbursed=money,
                narrative="ดำเนินกิจกรรมตามแผนปฏิบัติการ",
                submitted_at=_at(day),
            )
        if full and index % 3 != 2:
            plan_services.yearly_report_submit(
                actor=actor,
                plan=plan,
                summary="ดำเนินการตามแผนปฏิบัติการครบทุกกิจกรรม",
                submitted_at=_at(dues[12] - dt.timedelta(days=3)),
            )
    return made
