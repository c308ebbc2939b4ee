"""Action plans: monthly reports, their status, the rounds computed from the reports, bad input."""

import datetime as dt
from decimal import Decimal

import pytest

from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.core.models import OrgUnit
from nokrabob.projects import plan_services, reporting
from nokrabob.projects.deadlines import Status, default_due_date
from nokrabob.projects.models import MonthlyReport, PlanActivity
from nokrabob.projects.plan_services import ActivityData
from nokrabob.projects.services import StepError

pytestmark = pytest.mark.django_db
D = dt.date
AFTER_YEAR = D(2022, 10, 15)


def _refetch(plan):
    return reporting.plans_with_reports().get(pk=plan.pk)


def _report_round(report, plan, months, people, baht, *, late_month=None):
    for month in months:
        due = default_due_date(2565, month)
        day = due + dt.timedelta(days=1) if month == late_month else due
        report(plan, month, day, people, baht)


def test_reporting_on_the_6th_shows_late(plan_2565, report):
    report(plan_2565, 1, D(2021, 11, 6), 10, 1000)
    report(plan_2565, 2, D(2021, 12, 5), 10, 1000)
    cells = reporting.month_cells(_refetch(plan_2565), 2565, reporting.due_dates(2565), D(2022, 1, 10))
    assert [c.status for c in cells[:4]] == [Status.LATE, Status.ON_TIME, Status.MISSING, Status.OPEN]
    assert cells[4].status is Status.NOT_YET


def test_a_late_month_costs_round_1_its_reporting_level(plan_2565, report):
    _report_round(report, plan_2565, range(1, 7), 70, 35000, late_month=2)  # 420 people, 210,000 baht
    r1 = reporting.round_results(_refetch(plan_2565), today=AFTER_YEAR)[0]
    assert (r1.facts.people_pct, r1.facts.budget_pct) == (Decimal("42.00"), Decimal("87.50"))
    assert r1.score.level == 1
    assert r1.score.met[5] is True


def test_both_rounds_score_from_the_reports(plan_2565, report):
    _report_round(report, plan_2565, range(1, 7), 50, 30000)  # 300 people = 30 %, 180,000 / 240,000 = 75 %
    _report_round(report, plan_2565, range(7, 13), 70, 35000)  # 720 people = 72 %, 390,000 / 400,000 = 97.5 %
    r1, r2 = reporting.round_results(_refetch(plan_2565), today=AFTER_YEAR)
    assert (r1.people_served, r1.facts.people_pct, r1.facts.budget_pct) == (
        300,
        Decimal("30.00"),
        Decimal("75.00"),
    )
    assert r1.score.level == 4
    assert (r2.people_served, r2.facts.people_pct, r2.facts.budget_pct) == (
        720,
        Decimal("72.00"),
        Decimal("97.50"),
    )
    assert r2.score.level == 4
    assert r1.final and r2.final


def test_round_2_level_5_needs_the_yearly_report_by_29_september(plan_2565, report, chiangmai_staff):
    _report_round(report, plan_2565, range(1, 13), 70, 33000)  # 840 people = 84 %, 396,000 baht
    report(plan_2565, 12, D(2022, 9, 29), 70, 37000)  # correcting September: 400,000 = 100 %
    assert reporting.round_results(_refetch(plan_2565), today=AFTER_YEAR)[1].score.level == 4
    plan_services.yearly_report_submit(
        actor=chiangmai_staff, plan=plan_2565, summary="ครบตามแผน", submitted_at=conftest_at(D(2022, 9, 28))
    )
    r2 = reporting.round_results(_refetch(plan_2565), today=AFTER_YEAR)[1]
    assert (r2.facts.people_pct, r2.facts.budget_pct) == (Decimal("84.00"), Decimal("100.00"))
    assert r2.score.level == 5


def conftest_at(day):
    from nokrabob.projects.tests.conftest import at

    return at(day)


def test_a_correction_keeps_the_first_submission_time(plan_2565, report):
    first = report(plan_2565, 1, D(2021, 11, 3), 10, 100)
    again = report(plan_2565, 1, D(2021, 11, 20), 12, 100)
    assert again.pk == first.pk
    assert again.submitted_at == first.submitted_at
    assert again.people_served == 12


def test_disbursing_more_than_the_allocation_is_refused(plan_2565, report):
    report(plan_2565, 1, D(2021, 11, 3), 10, 390000)
    with pytest.raises(DomainError) as caught:
        report(plan_2565, 2, D(2021, 12, 3), 10, 20000)
    assert caught.value.field == "budget_disbursed"
    assert "เกินวงเงิน" in caught.value.message
    assert MonthlyReport.objects.filter(plan=plan_2565).count() == 1


def test_a_month_that_has_not_begun_cannot_be_reported(plan_2565, report):
    with pytest.raises(DomainError) as caught:
        report(plan_2565, 3, D(2021, 11, 20), 1, 1)
    assert caught.value.field == "month"


def test_another_province_cannot_report_for_chiang_mai(plan_2565, make_user):
    from nokrabob.accounts.roles import Role

    lampang = make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-52")
    with pytest.raises(DomainError):
        plan_services.monthly_report_submit(
            actor=lampang, plan=plan_2565, month=1, people_served=1, budget_disbursed=Decimal(1)
        )
    assert not MonthlyReport.objects.exists()


def test_approval_date_outside_the_fiscal_year_is_refused(chiangmai_staff):
    with pytest.raises(DomainError) as caught:
        plan_services.plan_create(
            actor=chiangmai_staff,
            unit=OrgUnit.objects.get(code="PLO-50"),
            fiscal_year=2565,
            approved_on=D(2021, 9, 30),
        )
    assert caught.value.field == "approved_on"
    assert "นอกปีงบประมาณ 2565" in caught.value.message


def test_activity_without_months_is_refused_and_nothing_saved(plan_2565, chiangmai_staff):
    with pytest.raises(StepError) as caught:
        plan_services.activities_replace(
            actor=chiangmai_staff,
            plan=plan_2565,
            activities=[ActivityData("ก", 10, Decimal(1), [1]), ActivityData("ข", 10, Decimal(1), [])],
        )
    assert (caught.value.index, caught.value.field) == (1, "months")
    assert PlanActivity.objects.filter(plan=plan_2565).count() == 2  # the earlier two are untouched


def test_every_write_is_audited(plan_2565, report):
    report(plan_2565, 1, D(2021, 11, 3), 10, 100)
    report(plan_2565, 1, D(2021, 11, 4), 11, 100)
    events = set(AuditEvent.objects.values_list("action", "target_type"))
    assert {
        ("create", "projects.actionplan"),
        ("update", "projects.actionplan"),
        ("create", "projects.monthlyreport"),
        ("update", "projects.monthlyreport"),
    } <= events


def test_the_months_mask_is_the_gantt_grid(plan_2565):
    first = plan_2565.activities.get(number=1)
    assert first.month_numbers == [1, 2, 3, 4, 5, 6]
    assert first.runs_in(6) and not first.runs_in(7)


def test_round_two_in_november_is_not_yet_due_not_a_red_zero(plan_2565, report):
    """On 20 Nov 2021 nothing of round 2 (Apr–Sep 2022) could have been reported: neutral, not level 0."""
    from django.template.loader import render_to_string

    november = dt.date(2021, 11, 20)
    report(plan_2565, 1, dt.date(2021, 11, 3), people=50, baht=10000)
    r1, r2 = reporting.round_results(_refetch(plan_2565), today=november)
    assert r1.due and not r2.due
    html = render_to_string("projects/_level.html", {"r": r2})
    assert "ยังไม่ถึงกำหนด" in html and "level-0" not in html and 'data-state="not_due"' in html
    assert "ระดับ" in render_to_string("projects/_level.html", {"r": r1})
    after = reporting.round_results(_refetch(plan_2565), today=AFTER_YEAR)[1]
    assert after.due and "level-" in render_to_string("projects/_level.html", {"r": after})
