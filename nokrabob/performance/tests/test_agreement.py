"""Seed 004 whole: the agreement summary (30/20/20, baselines, levels, weighted scores, total, PDF) and the
three month-by-month action plans with responsible units, editable, with progress and late steps."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.core.errors import DomainError
from nokrabob.performance import agreements, services
from nokrabob.performance.models import ActionStep, Indicator, PerformanceAgreement, QuarterResult
from nokrabob.performance.seeds import load_seeds


@pytest.fixture
def agreement(org_units) -> PerformanceAgreement:
    load_seeds()
    return PerformanceAgreement.objects.get(fiscal_year=2567)


def test_the_summary_reads_like_seed_004s_first_table(client, make_user, agreement):
    by_code = {i.code: i for i in Indicator.objects.filter(fiscal_year=2567)}
    QuarterResult.objects.create(indicator=by_code["1.1-1"], quarter=4, result=D(80))  # level 4 → 8 of 10
    QuarterResult.objects.create(indicator=by_code["1.2-1"], quarter=4, level=D(3))  # level 3 → 12 of 20
    client.force_login(make_user(Role.EXECUTIVE))
    response = client.get(reverse("performance:agreement_summary", args=[agreement.pk]))
    s = response.context["s"]
    assert [(b.component.code, b.component.weight, b.count) for b in s.blocks] == [
        ("1.1", D(30), 3),
        ("1.2", D(20), 1),
        ("1.3", D(20), 2),
    ]
    assert [b.earned for b in s.blocks] == [D("8.00"), D("12.00"), D("0")]
    assert (s.total_weight, s.earned) == (D(70), D("20.00"))
    page = response.content.decode()
    assert (
        "1.1 ประสิทธิภาพในการดำเนินงานตามภารกิจหลักยุทธศาสตร์กรุงเทพมหานคร (Function Base) "
        "จำนวน 3 ตัวชี้วัด น้ำหนัก 30 คะแนน" in page
    )
    assert "(Joint KPIs) จำนวน 1 ตัวชี้วัด น้ำหนัก 20 คะแนน" in page
    assert "(Agenda Base) จำนวน 2 ตัวชี้วัด น้ำหนัก 20 คะแนน" in page
    assert "พ.ศ. 2566 : ๑ หลักสูตร (พนักงานแม่บ้านโรงแรม)" in page
    assert "ร้อยละ ๑๐๐ (จำนวนไม่น้อยกว่า ๒ หลักสูตร)" in page
    assert ">ระดับ 4</span>" in page and ">ระดับ 3</span>" in page
    assert 'data-testid="total-earned">20</th>' in page and 'data-testid="total-weight">70</th>' in page
    # The summary's scores are the indicator pages' scores.
    detail = client.get(reverse("performance:indicator_detail", args=[by_code["1.2-1"].pk])).context["status"]
    assert detail.score == D("12.00")


def test_the_summary_pdf_is_signed_and_carries_the_table(client, make_user, agreement, tmp_path):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    response = client.get(reverse("performance:agreement_pdf", args=[agreement.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = tmp_path / "agreement.pdf"
    out.write_bytes(response.content)
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    (tmp_path / "agreement.txt").write_text(text)
    assert "Performance Base" in text and "Joint KPIs" in text and "Agenda Base" in text
    assert "(One Map)" in text and "2567" in text
    assert "ลงชื่อ" in text and "ตำแหน่ง" in text


def test_the_three_action_plans_load_from_the_seed_with_their_units(agreement):
    plans = {
        i.code: list(i.action_steps.order_by("number"))
        for i in Indicator.objects.filter(fiscal_year=2567)
        if i.action_steps.exists()
    }
    assert {code: len(steps) for code, steps in plans.items()} == {"1.1-2": 10, "1.1-3": 6, "1.3-2": 5}
    community = plans["1.1-2"]
    assert [s.units for s in community] == ["สพส."] * 4 + [
        "สพส.+สนข.",
        "สนข.",
        "สนข.",
        "สพส.+สนข.",
        "สนข.",
        "สพส.+สนข.",
    ]
    assert (community[5].start_month, community[5].end_month) == (3, 10)  # ธ.ค.–ก.ค.
    assert (community[9].start_month, community[9].end_month) == (10, 12)  # ก.ค.–ก.ย.
    assert community[0].title == "จัดทำแผนการดำเนินงานโครงการฯ ปี ๒๕๖๗"
    assert [(s.start_month, s.end_month) for s in plans["1.3-2"]] == [(1, 2), (1, 2), (3, 4), (5, 6), (6, 7)]
    ind = Indicator.objects.get(fiscal_year=2567, code="1.1-3")
    assert ind.action_plan_title.startswith("แผนการดำเนินงานพัฒนาหลักสูตรฝึกอบรมอาชีพ")
    ActionStep.objects.filter(indicator=ind, number=1).update(progress=100, done_on=dt.date(2023, 10, 20))
    load_seeds()  # a reload keeps what was recorded
    assert ActionStep.objects.get(indicator=ind, number=1).progress == 100


def test_a_month_passing_without_the_step_done_flags_it_behind_plan(make_user, agreement):
    ind = Indicator.objects.get(fiscal_year=2567, code="1.3-2")
    mid_december = dt.date(2023, 12, 15)  # steps 1–2 were due by the end of November
    g = agreements.gantt(ind, today=mid_december)
    assert [r.late for r in g.steps] == [True, True, False, False, False]
    assert g.months == [
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
    ]
    assert g.current_month == 3 and g.steps[2].cells[2:4] == [True, True]
    staff = make_user(Role.DEPARTMENT_STAFF, unit_code="2400")
    step = ind.action_steps.get(number=1)
    with pytest.raises(DomainError) as err:
        services.step_progress_record(actor=staff, step=step, progress=D(100))
    assert err.value.field == "done_on"
    services.step_progress_record(actor=staff, step=step, progress=D(100), done_on=dt.date(2023, 12, 1))
    assert [r.late for r in agreements.gantt(ind, today=mid_december).steps] == [
        False,
        True,
        False,
        False,
        False,
    ]


def test_the_plan_is_editable_and_bad_months_are_refused(make_user, agreement):
    ind = Indicator.objects.get(fiscal_year=2567, code="1.1-3")
    staff = make_user(Role.DEPARTMENT_STAFF, unit_code="2400")
    rows = [
        services.StepRow(s.title, s.units, s.start_month, s.end_month, s.level)
        for s in ind.action_steps.all()
    ]
    rows[3] = services.StepRow(rows[3].title, "สพส.+สนข.", 4, 10, 3)
    with pytest.raises(DomainError):
        services.action_steps_replace(
            actor=staff, indicator=ind, rows=[*rows, services.StepRow("ปิดโครงการ", "สพส.", 12, 11)]
        )
    services.action_steps_replace(actor=staff, indicator=ind, rows=rows[:5])
    steps = list(ind.action_steps.order_by("number"))
    assert len(steps) == 5 and (steps[3].units, steps[3].end_month, steps[3].level) == ("สพส.+สนข.", 10, 3)
    executive = make_user(Role.EXECUTIVE)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.action_steps_replace(actor=executive, indicator=ind, rows=rows)
