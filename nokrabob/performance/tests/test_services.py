"""Rules of writing indicator data: locking after the deadline, audited reopening, bad input refused."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditAction, AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.performance import rules, services
from nokrabob.performance.models import (
    AgreementComponent,
    Indicator,
    LevelCriterion,
    PerformanceAgreement,
    QuarterAssessment,
    QuarterResult,
)

from .registers import FY, make_indicator

# FY 2568: Q1 = Oct–Dec 2024, due 15 days after 31 Dec 2024.
IN_Q2 = dt.date(2025, 1, 10)
AFTER_Q1_DEADLINE = dt.date(2025, 1, 16)


@pytest.fixture
def reporter(make_user):
    return make_user(Role.DEPARTMENT_STAFF)


@pytest.fixture
def assessor(make_user):
    return make_user(Role.ASSESSOR)


@pytest.fixture
def indicator(department_unit):
    return make_indicator(department_unit)


def record(user, indicator, quarter=1, today=IN_Q2, **data):
    return services.result_record(
        actor=user, indicator=indicator, quarter=quarter, data=services.ResultData(**data), today=today
    )


def test_quarter_deadline_is_fifteen_days_after_the_quarter(indicator):
    assert rules.quarter_deadline(indicator, 1) == dt.date(2025, 1, 15)
    assert rules.quarter_deadline(indicator, 4) == dt.date(2025, 10, 15)


def test_a_result_is_recorded_with_its_audit_row(reporter, indicator):
    row = record(
        reporter, indicator, result=D("40"), narrative="  อยู่ระหว่างดำเนินการ ", as_of=dt.date(2024, 12, 31)
    )
    assert (row.result, row.narrative, row.reported_by) == (D("40"), "อยู่ระหว่างดำเนินการ", reporter)
    event = AuditEvent.objects.get(target_type="performance.quarterresult", target_id=str(row.pk))
    assert event.action == AuditAction.CREATE
    assert event.changes["result"] == [None, "40"]
    record(reporter, indicator, result=D("45"))
    update = AuditEvent.objects.filter(target_id=str(row.pk), action=AuditAction.UPDATE).get()
    assert update.changes["result"] == ["40.00", "45"]


def test_a_locked_quarter_refuses_a_result_until_reopened(reporter, assessor, indicator):
    record(reporter, indicator, result=D("20"))
    with pytest.raises(DomainError) as err:
        record(reporter, indicator, result=D("60"), today=AFTER_Q1_DEADLINE)
    assert err.value.field == "quarter"
    assert "ปิดรับผลแล้ว" in err.value.message
    assert QuarterResult.objects.get(indicator=indicator, quarter=1).result == D("20")  # nothing written

    services.quarter_reopen(
        actor=assessor,
        indicator=indicator,
        quarter=1,
        until=dt.date(2025, 1, 31),
        reason="หน่วยงานขอแก้ไขตัวเลข",
        today=AFTER_Q1_DEADLINE,
    )
    reopen = AuditEvent.objects.get(action=AuditAction.REOPEN)
    assert reopen.changes["reopened_until"] == [None, "2025-01-31"]
    assert reopen.changes["reason"] == "หน่วยงานขอแก้ไขตัวเลข"
    assert reopen.actor == assessor
    record(reporter, indicator, result=D("60"), today=AFTER_Q1_DEADLINE)
    assert QuarterResult.objects.get(indicator=indicator, quarter=1).result == D("60")
    # After the reopened window closes, it locks again.
    with pytest.raises(DomainError):
        record(reporter, indicator, result=D("70"), today=dt.date(2025, 2, 1))


def test_only_the_assessor_reopens_and_with_a_reason(reporter, assessor, indicator):
    with pytest.raises(PermissionDenied):
        services.quarter_reopen(
            actor=reporter, indicator=indicator, quarter=1, until=IN_Q2, reason="x", today=IN_Q2
        )
    with pytest.raises(DomainError) as err:
        services.quarter_reopen(
            actor=assessor, indicator=indicator, quarter=1, until=IN_Q2, reason=" ", today=IN_Q2
        )
    assert err.value.field == "reason"
    with pytest.raises(DomainError) as err:
        services.quarter_reopen(
            actor=assessor, indicator=indicator, quarter=1, until=dt.date(2025, 1, 1), reason="x", today=IN_Q2
        )
    assert err.value.field == "until"


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"result": D("100.5")}, "result", "ไม่เกิน 100"),
        ({"result": D("-1")}, "result", "ไม่ติดลบ"),
        ({"cumulative_target": D("120")}, "cumulative_target", "ไม่เกิน 100"),
        ({"as_of": dt.date(2025, 10, 1)}, "as_of", "ปีงบประมาณ พ.ศ. 2568"),
        ({"as_of": dt.date(2024, 9, 30)}, "as_of", "01/10/2567 – 30/09/2568"),
    ],
)
def test_bad_figures_are_refused_on_their_field_and_nothing_is_saved(reporter, indicator, data, field, text):
    with pytest.raises(DomainError) as err:
        record(reporter, indicator, **data)
    assert err.value.field == field
    assert text in err.value.message
    assert not QuarterResult.objects.exists()
    assert not AuditEvent.objects.filter(target_type="performance.quarterresult").exists()


def test_formula_result_is_computed_from_numerator_and_denominator(reporter, department_unit):
    ind = make_indicator(department_unit, code="F-1", measure_kind="formula", factor=100)
    row = record(reporter, ind, numerator=D("2"), denominator=D("3"))
    assert row.result == D("66.67")
    with pytest.raises(DomainError) as err:
        record(reporter, ind, quarter=2, numerator=D("4"), denominator=D("3"))
    assert err.value.field == "numerator"
    with pytest.raises(DomainError) as err:
        record(reporter, ind, quarter=2, numerator=D("1"), denominator=D("0"))
    assert err.value.field == "denominator"


def test_people_outside_the_owner_units_may_not_report(make_user, indicator):
    district = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    executive = make_user(Role.EXECUTIVE)
    for user in (district, executive):
        with pytest.raises(PermissionDenied):
            record(user, indicator, result=D("1"))
    indicator.owner_units.add(district.unit)  # a joint indicator with the district office
    assert record(district, indicator, result=D("1")).result == D("1")


def test_assessment_is_recorded_and_audited(assessor, reporter, indicator):
    data = services.AssessmentData(score=D("100"), score_21=D("100"), score_22=D("90"), comment="ครบถ้วน")
    row = services.assessment_record(actor=assessor, indicator=indicator, quarter=2, data=data)
    assert (row.score, row.score_22, row.assessor) == (D("100"), D("90"), assessor)
    assert AuditEvent.objects.filter(action=AuditAction.ASSESS, target_id=str(row.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.assessment_record(actor=reporter, indicator=indicator, quarter=2, data=data)
    with pytest.raises(DomainError) as err:
        services.assessment_record(
            actor=assessor, indicator=indicator, quarter=3, data=services.AssessmentData(score_21=D("101"))
        )
    assert err.value.field == "score_21"
    assert not QuarterAssessment.objects.filter(quarter=3).exists()


def _data(unit, **overrides):
    base = {
        "fiscal_year": 2567,
        "code": "X-1",
        "name": "ตัวชี้วัด",
        "lead_unit": unit,
        "unit_of_measure": "percent",
    }
    base.update(overrides)
    return services.IndicatorData(**base)


def test_weights_that_do_not_add_up_are_refused(make_user, department_unit):
    admin = make_user(Role.ADMIN)
    agreement = PerformanceAgreement.objects.create(unit=department_unit, fiscal_year=2567, title="คำรับรอง")
    comp = AgreementComponent.objects.create(agreement=agreement, code="1.1", name="Function Base", weight=30)
    levels = [services.LevelRow(lv, D(20 * lv), D(2 * lv)) for lv in range(1, 6)]
    for n in (1, 2):
        services.indicator_save(
            actor=admin,
            data=_data(department_unit, code=f"1.1-{n}", component=comp, weight=D(10)),
            levels=levels,
        )
    with pytest.raises(DomainError) as err:
        services.indicator_save(
            actor=admin,
            data=_data(department_unit, code="1.1-3", component=comp, weight=D(20)),
            levels=levels,
        )
    assert err.value.field == "weight"
    assert "40" in err.value.message and "30" in err.value.message
    assert not Indicator.objects.filter(code="1.1-3").exists()


def test_a_bad_level_table_saves_neither_the_indicator_nor_the_table(make_user, department_unit):
    admin = make_user(Role.ADMIN)
    falling = [services.LevelRow(5, D(100)), services.LevelRow(4, D(100))]
    with pytest.raises(DomainError) as err:
        services.indicator_save(actor=admin, data=_data(department_unit, weight=D(10)), levels=falling)
    assert "ระดับ 5 ต้องมากกว่าระดับ 4" in err.value.message
    over = [services.LevelRow(5, D(120))]
    with pytest.raises(DomainError) as err:
        services.indicator_save(actor=admin, data=_data(department_unit, weight=D(10)), levels=over)
    assert "ไม่เกิน 100" in err.value.message
    assert not Indicator.objects.exists()
    assert not LevelCriterion.objects.exists()


def test_indicator_rules(make_user, department_unit):
    admin = make_user(Role.ADMIN)
    with pytest.raises(DomainError) as err:
        services.indicator_save(actor=admin, data=_data(department_unit, target=D(150)), levels=[])
    assert err.value.field == "target"
    with pytest.raises(DomainError) as err:
        services.indicator_save(actor=admin, data=_data(department_unit, measure_kind="live"), levels=[])
    assert err.value.field == "live_measure"
    services.indicator_save(actor=admin, data=_data(department_unit), levels=[])
    with pytest.raises(DomainError) as err:
        services.indicator_save(actor=admin, data=_data(department_unit), levels=[])
    assert err.value.field == "code"
    with pytest.raises(PermissionDenied):
        services.indicator_save(
            actor=make_user(Role.ASSESSOR), data=_data(department_unit, code="Y"), levels=[]
        )


def test_milestone_date_must_be_in_its_fiscal_year(make_user):
    admin = make_user(Role.ADMIN)
    with pytest.raises(DomainError) as err:
        services.milestone_record(
            actor=admin, kind="database_defined", fiscal_year=FY, achieved_on=dt.date(2025, 10, 1)
        )
    assert err.value.field == "achieved_on"
    m = services.milestone_record(
        actor=admin, kind="database_defined", fiscal_year=FY, achieved_on=dt.date(2025, 1, 5)
    )
    assert m.recorded_by == admin


def test_database_constraints_hold_the_rules_too(department_unit):
    from django.db import IntegrityError, transaction

    ind = make_indicator(department_unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterResult.objects.create(indicator=ind, quarter=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelCriterion.objects.create(indicator=ind, level=5, percent=D(120))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(department_unit, code="W", weight=101)
