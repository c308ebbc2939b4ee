"""Each live measure against the hand-counted register in conftest.py, and its drill-down's scope."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import override_settings

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.performance.measures import MEASURES, compute, get_measure
from nokrabob.performance.models import Milestone, MilestoneKind
from nokrabob.registry.models import Household, Occupation, Person

from .registers import FY


def names(qs):
    return sorted(p.first_name for p in qs)


def test_every_measure_is_registered_with_a_label():
    assert set(MEASURES) >= {
        "target_groups_reached",
        "target_members_reached_pct",
        "database_level",
        "community_household_share",
    }
    for measure in MEASURES.values():
        assert str(measure.label)


def test_unknown_measure_is_a_domain_error():
    with pytest.raises(Exception, match="ไม่รู้จักตัววัด"):
        get_measure("nope")


def test_target_groups_reached_matches_the_hand_count(register, make_user):
    staff = make_user(Role.DEPARTMENT_STAFF)
    result = compute("target_groups_reached", FY, staff)
    # Only the motorcycle-taxi group has a current, unmerged member (A, B) who took part in FY 2568:
    # C took part the year before, F is not in a target group, G's farming ended, H was merged into A.
    assert result.value == D(1)
    assert (result.numerator, result.denominator) == (D(1), D(3))
    assert dict(result.breakdown) == {
        "ผู้ขับขี่รถจักรยานยนต์รับจ้าง": "2",
        "ผู้ค้าหาบเร่-แผงลอย": "0",
        "เกษตรกร": "0",
    }
    assert names(result.drilldown) == ["คนA", "คนB"]
    # The year before: only C (a street vendor) took part.
    assert compute("target_groups_reached", FY - 1, staff).value == D(1)


def test_members_reached_percent_matches_the_hand_count(register, make_user):
    staff = make_user(Role.DEPARTMENT_STAFF)
    result = compute("target_members_reached_pct", FY, staff)
    # Target-group members: A, B, C, D, E = 5; reached in FY 2568: A, B = 2 → 40 %.
    assert (result.numerator, result.denominator, result.value) == (D(2), D(5), D("40.00"))


def test_the_number_moves_when_a_person_is_added(register, make_user):
    staff = make_user(Role.DEPARTMENT_STAFF)
    before_groups = compute("target_groups_reached", FY, staff).value
    before_pct = compute("target_members_reached_pct", FY, staff).value
    register.person("I", "street_vendor", "1006")
    register.took_part("I", register.activity_fy)
    assert before_groups == D(1)
    assert compute("target_groups_reached", FY, staff).value == D(2)
    assert before_pct == D("40.00")
    assert compute("target_members_reached_pct", FY, staff).value == D("50.00")  # 3 of 6


def test_drilldown_is_scoped_and_executives_see_no_one(register, make_user):
    phra_nakhon = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    executive = make_user(Role.EXECUTIVE)
    chiang_mai = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50")
    assert names(compute("target_groups_reached", FY, phra_nakhon).drilldown) == ["คนA"]
    assert names(compute("target_groups_reached", FY, bang_kapi).drilldown) == ["คนB"]
    assert list(compute("target_groups_reached", FY, chiang_mai).drilldown) == []
    result = compute("target_groups_reached", FY, executive)
    assert result.value == D(1)  # the number, yes
    assert list(result.drilldown) == []  # the people, no


def _sizes(**sizes: int) -> None:
    """Stated sizes of the target groups (the stage needs DATABASE_ENTRY_SHARE per cent of each)."""
    for code, size in sizes.items():
        Occupation.objects.filter(code=code).update(target_size=size)


ENOUGH = {"moto_taxi": 4, "street_vendor": 4, "farmer": 2}  # at 50 %: 2, 2 and 1 people


def _agency_with_api_access(make_user, *, revoked: bool = False) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.api.services import client_register, token_issue, token_revoke

    admin = make_user(Role.ADMIN)
    client = client_register(
        actor=admin,
        name="สำนักงานประกันสังคม",
        contact="api@example.org",
        unit=admin.unit,
        operations=["read"],
    )
    token, _key = token_issue(actor=admin, client=client)
    if revoked:
        token_revoke(actor=admin, token=token)


@override_settings(DATABASE_ENTRY_SHARE=50)
def test_database_level_climbs_step_by_step(register, make_user):
    from nokrabob.reports.models import Publication

    staff = make_user(Role.DEPARTMENT_STAFF)
    fy = FiscalYear.current()
    assert compute("database_level", fy.be, staff).value == D(0)
    Milestone.objects.create(kind=MilestoneKind.DATABASE_DEFINED, fiscal_year=fy.be, achieved_on=fy.start)
    # Everyone entered, but no group has a stated size: the share cannot be judged, so stage 1.
    assert compute("database_level", fy.be, staff).value == D(1)
    # Stage 2 needs half of every target group entered: motorcycle taxis (A, B), vendors (C, D), farmers (E).
    # Seed 000's stage 2 of 3 is level 3 of 5 (the mapping is explicit, see STAGE_TO_LEVEL).
    _sizes(**ENOUGH)
    result = compute("database_level", fy.be, staff)
    assert (result.value, result.numerator, result.denominator) == (D(3), D(2), D(3))
    # Stage 3 reads facts, not a tick box: the old milestone counts for nothing ...
    Milestone.objects.create(kind=MilestoneKind.DATA_PUBLISHED, fiscal_year=fy.be, achieved_on=fy.start)
    assert compute("database_level", fy.be, staff).value == D(3)
    # ... a publication of the year alone is not enough, nor an agency whose key was revoked ...
    Publication.objects.create(
        data_date=fy.start, fiscal_year=fy.be, trigger="command", directory="/tmp", rows=1, suppressed_cells=0
    )
    _agency_with_api_access(make_user, revoked=True)
    assert compute("database_level", fy.be, staff).value == D(3)
    # ... both facts together are.
    from nokrabob.api.models import ApiToken

    ApiToken.objects.update(revoked_at=None)
    result = compute("database_level", fy.be, staff)
    assert (result.value, result.numerator, result.denominator) == (D(5), D(3), D(3))
    lines = dict(result.breakdown)
    assert "(= ระดับ 5)" in next(k for k in lines if k.startswith("ขั้นที่ 3"))
    assert lines["ผู้ขับขี่รถจักรยานยนต์รับจ้าง"].startswith("บันทึกแล้ว 2 จากที่ต้องการ 2 คน (50% ของ 4 คน)")
    assert "สำนักงานประกันสังคม" in lines["  หน่วยงานที่ใช้ข้อมูลผ่าน API ได้"]
    assert lines["  เผยแพร่ข้อมูลเปิดของปีงบประมาณนี้"].startswith("1 ครั้ง")
    assert names(result.drilldown) == ["คนA", "คนB", "คนC", "คนD", "คนE"]


@override_settings(DATABASE_ENTRY_SHARE=50)
def test_one_person_per_group_is_not_a_survey(register, make_user):
    staff = make_user(Role.DEPARTMENT_STAFF)
    fy = FiscalYear.current()
    Milestone.objects.create(kind=MilestoneKind.DATABASE_DEFINED, fiscal_year=fy.be, achieved_on=fy.start)
    _sizes(moto_taxi=100, street_vendor=4, farmer=2)  # 2 of the 50 motorcycle taxis needed
    result = compute("database_level", fy.be, staff)
    assert (result.value, result.numerator) == (D(2), D(1))  # some groups done: level 2
    assert "ยังไม่ครบ" in dict(result.breakdown)["ผู้ขับขี่รถจักรยานยนต์รับจ้าง"]
    _sizes(moto_taxi=100, street_vendor=100, farmer=100)
    assert compute("database_level", fy.be, staff).value == D(1)  # a person in each group: still stage 1


def test_database_level_stops_at_one_while_a_target_group_has_no_one(db, org_units, make_user):
    staff = make_user(Role.DEPARTMENT_STAFF)
    fy = FiscalYear.current()
    _sizes(**ENOUGH)
    Milestone.objects.create(kind=MilestoneKind.DATABASE_DEFINED, fiscal_year=fy.be, achieved_on=fy.start)
    Milestone.objects.create(kind=MilestoneKind.DATA_PUBLISHED, fiscal_year=fy.be, achieved_on=fy.start)
    assert compute("database_level", fy.be, staff).value == D(1)


@override_settings(DATABASE_ENTRY_SHARE=50)
def test_database_level_counts_only_people_entered_by_the_year_end(register, make_user):
    staff = make_user(Role.DEPARTMENT_STAFF)
    _sizes(**ENOUGH)
    Milestone.objects.create(
        kind=MilestoneKind.DATABASE_DEFINED, fiscal_year=2560, achieved_on=dt.date(2017, 1, 1)
    )
    # Everyone in the register was entered today, long after fiscal year 2560 ended.
    assert compute("database_level", 2560, staff).value == D(1)
    Person.objects.update(created_at=dt.datetime(2017, 1, 1, tzinfo=dt.UTC))
    assert compute("database_level", 2560, staff).value == D(3)


@override_settings(DATABASE_ENTRY_SHARE=50)
def test_database_level_some_groups_entered_is_level_two(register, make_user):
    staff = make_user(Role.DEPARTMENT_STAFF)
    fy = FiscalYear.current()
    _sizes(**ENOUGH)
    Milestone.objects.create(kind=MilestoneKind.DATABASE_DEFINED, fiscal_year=fy.be, achieved_on=fy.start)
    Person.objects.filter(first_name="คนE").delete()  # no farmer any more: two of three groups entered
    result = compute("database_level", fy.be, staff)
    assert (result.value, result.numerator) == (D(2), D(1))


def test_community_household_share(communities, make_user):
    this_year = FiscalYear.current().be
    staff = make_user(Role.DEPARTMENT_STAFF)
    result = compute("community_household_share", this_year, staff)
    assert (result.numerator, result.denominator, result.value) == (D(2), D(3), D("66.67"))
    assert sorted(h.house_no for h in result.drilldown) == ["1/1", "1/2", "9"]
    assert sorted(h.house_no for h in result.records) == ["1/1", "1/2", "9"]
    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    assert [h.house_no for h in compute("community_household_share", this_year, bang_kapi).drilldown] == ["9"]
    Household.objects.create(community=communities[2], house_no="5", district_code="1006")
    assert compute("community_household_share", this_year, staff).value == D("100.00")


def test_community_share_belongs_to_its_fiscal_year(communities, make_user):
    """FY 2567's One Map figure counts households entered by 30 Sep 2024, not today's."""
    staff = make_user(Role.DEPARTMENT_STAFF)
    Household.objects.filter(house_no="9").update(created_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    fy2567 = compute("community_household_share", 2567, staff)
    this_year = compute("community_household_share", FiscalYear.current().be, staff)
    assert (fy2567.numerator, fy2567.value) == (D(1), D("33.33"))
    assert (this_year.numerator, this_year.value) == (D(2), D("66.67"))
    assert [h.house_no for h in fy2567.drilldown] == ["9"]
    # as of a date inside the year: only what was entered by then
    early = compute("community_household_share", 2567, staff, as_of=dt.date(2024, 3, 31))
    assert early.numerator == D(0)


@override_settings(DATABASE_ENTRY_SHARE=50)
def test_a_collection_campaign_counts_as_level_one(register, make_user, department_unit):
    from django.apps import apps

    staff = make_user(Role.DEPARTMENT_STAFF)
    fy = FiscalYear.current()
    _sizes(**ENOUGH)
    assert compute("database_level", fy.be, staff).value == D(0)
    campaign = apps.get_model("collection", "Campaign")
    campaign.objects.create(
        name="สำรวจแรงงานนอกระบบ",
        fiscal_year=fy.be,
        opens_on=fy.start,
        closes_on=fy.end,
        owner_unit=department_unit,
    )
    assert compute("database_level", fy.be, staff).value == D(3)  # defined, and half of every group entered
