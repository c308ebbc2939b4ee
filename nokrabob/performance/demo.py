"""Demo data: the seeds (000, 001, 004) and this fiscal year's live indicators read from the register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import IO, Any

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.core.reference import SOCIAL_DEVELOPMENT_CODE
from nokrabob.performance.models import Indicator, Milestone, MilestoneKind, StrategyNode
from nokrabob.performance.seeds import load_seeds

LIVE_INDICATORS: list[dict[str, Any]] = [
    {
        "code": "2400-1065",
        "name": "จำนวนกลุ่มเป้าหมายของแรงงานนอกระบบในพื้นที่เขตเข้าถึงสวัสดิการทางสังคม",
        "unit_of_measure": "groups",
        "target": Decimal("3"),
        "weight": Decimal("10"),
        "live_measure": "target_groups_reached",
        "node": "๓.๒.๑",
    },
    {
        "code": "2400-1065.1",
        "name": "ร้อยละของสมาชิกกลุ่มเป้าหมายที่เข้าร่วมกิจกรรมเข้าถึงข้อมูลสวัสดิการและแหล่งทุน",
        "unit_of_measure": "percent",
        "target": Decimal("60"),
        "weight": Decimal("10"),
        "live_measure": "target_members_reached_pct",
        "node": "๓.๒.๑",
        "interpolate": True,
    },
    {
        "code": "2400-DB",
        "name": "ระดับความสำเร็จในการจัดทำฐานข้อมูลของแรงงานนอกระบบ",
        "unit_of_measure": "level",
        "target": Decimal("3"),
        "weight": Decimal("10"),
        "live_measure": "database_level",
        "node": "๓.๒.๑",
    },
    {
        "code": "1.3-1",
        "name": "ร้อยละความสำเร็จของการนำเข้าข้อมูลในระบบนำเข้าข้อมูลแผนผังชุมชน (One Map)",
        "unit_of_measure": "percent",
        "target": Decimal("100"),
        "weight": Decimal("10"),
        "live_measure": "community_household_share",
        "node": None,
    },
]


def load(stdout: IO[str]) -> None:
    load_seeds(stdout=stdout)
    fy = FiscalYear.current()
    department = OrgUnit.objects.get(code=SOCIAL_DEVELOPMENT_CODE)
    for order, spec in enumerate(LIVE_INDICATORS, start=1):
        fields = {k: v for k, v in spec.items() if k not in {"code", "node"}}
        indicator, _ = Indicator.objects.update_or_create(
            fiscal_year=fy.be,
            code=spec["code"],
            defaults={**fields, "lead_unit": department, "measure_kind": "live", "sort_order": order},
        )
        indicator.owner_units.add(department)
        if spec["node"]:
            indicator.strategy_nodes.set(StrategyNode.objects.filter(code=spec["node"]))
    Milestone.objects.get_or_create(
        kind=MilestoneKind.DATABASE_DEFINED,
        fiscal_year=fy.be,
        defaults={
            "achieved_on": fy.start + dt.timedelta(days=20),
            "note": "กำหนดรูปแบบฐานข้อมูล ชุดข้อมูลที่สำรวจ (อาชีพ สวัสดิการ แหล่งทุน) และแหล่งข้อมูล",
        },
    )
    stdout.write(f"performance demo: {len(LIVE_INDICATORS)} live indicators for fiscal year {fy.be}")
