"""Projects: the plan of steps, the progress log, progress and the curve, the assessor's score."""

import datetime as dt
from decimal import Decimal

import pytest

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.core.models import OrgUnit
from nokrabob.projects import charts, services
from nokrabob.projects.models import PlanStep, ProgressEntry
from nokrabob.projects.services import StepData, StepError

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def sps(make_user):
    return make_user(Role.DEPARTMENT_STAFF)


@pytest.fixture
def project(sps):
    return services.project_create(
        actor=sps,
        code="24000000-9001",
        name="โครงการทดสอบ",
        owner_unit=OrgUnit.objects.get(code="2400"),
        fiscal_year=2565,
        budget=Decimal(100000),
    )


END = D(2022, 3, 31)


def steps(*weights, end=END):
    return [StepData(f"ขั้นตอน {i}", Decimal(w), D(2021, 10, 1), end) for i, w in enumerate(weights, 1)]


def test_weights_must_total_100_and_nothing_is_saved(project, sps):
    services.plan_steps_replace(actor=sps, project=project, steps=steps(30, 70))
    with pytest.raises(StepError) as caught:
        services.plan_steps_replace(actor=sps, project=project, steps=steps(20, 50, 0))
    assert caught.value.field == "weight"
    assert "รวมได้ 70" in caught.value.message
    assert list(PlanStep.objects.filter(project=project).values_list("weight", flat=True)) == [30, 70]


def test_a_step_ending_before_it_starts_is_refused(project, sps):
    bad = [StepData("ก", Decimal(100), D(2022, 2, 1), D(2022, 1, 31))]
    with pytest.raises(StepError) as caught:
        services.plan_steps_replace(actor=sps, project=project, steps=bad)
    assert (caught.value.index, caught.value.field) == (0, "planned_end")
    assert not PlanStep.objects.exists()


def test_a_step_outside_the_fiscal_year_is_refused(project, sps):
    bad = [StepData("ก", Decimal(100), D(2021, 10, 1), D(2022, 10, 1))]
    with pytest.raises(StepError) as caught:
        services.plan_steps_replace(actor=sps, project=project, steps=bad)
    assert caught.value.field == "planned_end"
    assert "นอกปีงบประมาณ 2565" in caught.value.message


def test_progress_over_100_is_refused(project, sps):
    with pytest.raises(DomainError) as caught:
        services.progress_entry_add(
            actor=sps, project=project, reported_on=D(2021, 11, 25), percent=Decimal("100.01"), work_done="x"
        )
    assert caught.value.field == "percent"
    assert not ProgressEntry.objects.exists()


def test_progress_date_outside_the_fiscal_year_is_refused(project, sps):
    with pytest.raises(DomainError) as caught:
        services.progress_entry_add(
            actor=sps, project=project, reported_on=D(2021, 9, 30), percent=Decimal(10), work_done="x"
        )
    assert caught.value.field == "reported_on"


def test_progress_from_weighted_steps(project, sps):
    plan = steps(20, 50, 30)
    plan[0] = StepData(
        "ก", Decimal(20), D(2021, 10, 1), D(2021, 10, 31), D(2021, 10, 1), D(2021, 10, 30), Decimal(100)
    )
    plan[1] = StepData("ข", Decimal(50), D(2021, 11, 1), D(2022, 3, 31), D(2021, 11, 2), None, Decimal(40))
    services.plan_steps_replace(actor=sps, project=project, steps=plan)
    assert charts.progress_from_steps(list(project.steps.all())) == Decimal("40.00")  # (20×100 + 50×40) / 100


def test_planned_curve_spreads_each_weight_over_its_days():
    plan = [
        StepData("ก", Decimal(50), D(2021, 10, 1), D(2021, 10, 10)),
        StepData("ข", Decimal(50), D(2021, 10, 11), D(2021, 10, 20)),
    ]
    assert charts.planned_percent_on(plan, D(2021, 9, 30)) == 0
    assert charts.planned_percent_on(plan, D(2021, 10, 5)) == 25
    assert charts.planned_percent_on(plan, D(2021, 10, 15)) == 75
    assert charts.planned_percent_on(plan, D(2021, 12, 1)) == 100


def test_only_the_assessor_records_the_quarterly_score(project, sps, make_user):
    with pytest.raises(DomainError):
        services.project_assess(actor=sps, project=project, quarter=1, score=Decimal(100))
    assessor = make_user(Role.ASSESSOR)
    services.project_assess(actor=assessor, project=project, quarter=1, score=Decimal(80))
    services.project_assess(actor=assessor, project=project, quarter=1, score=Decimal(100))
    assert project.assessments.get(quarter=1).score == 100
    with pytest.raises(DomainError) as caught:
        services.project_assess(actor=assessor, project=project, quarter=2, score=Decimal(101))
    assert caught.value.field == "score"
    assert AuditEvent.objects.filter(action="assess", target_id=str(project.pk)).count() == 2


def test_a_district_cannot_edit_the_departments_project(project, district_user):
    with pytest.raises(DomainError):
        services.progress_entry_add(
            actor=district_user,
            project=project,
            reported_on=D(2021, 11, 1),
            percent=Decimal(5),
            work_done="x",
        )


def test_duplicate_code_is_refused_on_the_field(project, sps):
    with pytest.raises(DomainError) as caught:
        services.project_create(
            actor=sps, code="24000000-9001", name="ซ้ำ", owner_unit=project.owner_unit, fiscal_year=2565
        )
    assert caught.value.field == "code"
