"""One scored figure per indicator, the same on every page, the PDF and the API; closed quarters frozen."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.core.fiscal import FiscalYear
from nokrabob.performance import selectors, services
from nokrabob.performance.models import LevelCriterion, MeasureSnapshot, ScoredFrom, SnapshotReason

from .registers import FY, make_activity, make_indicator


def _reported_on_measured(department_unit, register, scored_from: str):
    """A live indicator of this fiscal year (Q1 open today) measuring target members reached."""
    this_year = FiscalYear.current()
    activity = make_activity(this_year.be, this_year.start)
    register.took_part("A", activity)  # 1 of 5 target-group members → 20 %
    return make_indicator(
        department_unit,
        code="2400-1065.1",
        fiscal_year=this_year.be,
        measure_kind="live",
        live_measure="target_members_reached_pct",
        scored_from=scored_from,
        target=60,
        weight=10,
    )


def _pdf_text(content: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = tmp_path / "doc.pdf"
    out.write_bytes(content)
    return subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout


def test_a_reported_result_on_a_measured_indicator_is_the_one_scored_everywhere(
    client, make_user, department_unit, register, tmp_path
):
    ind = _reported_on_measured(department_unit, register, ScoredFrom.REPORTED)
    staff = make_user(Role.DEPARTMENT_STAFF, unit_code="2400")
    services.result_record(actor=staff, indicator=ind, quarter=1, data=services.ResultData(result=D(45)))
    client.force_login(staff)

    # 45 of a target of 60 = 75 % → level 3 (60 %) → 10 × 3 / 5 = 6 points, on every surface.
    detail = client.get(reverse("performance:indicator_detail", args=[ind.pk]))
    status = detail.context["status"]
    assert (status.value, status.percent, status.level, status.score) == (D(45), D(75), D(3), D("6.00"))
    assert status.other_value == D("20.00") and status.measured is not None and not status.measured.frozen
    page = detail.content.decode()
    assert "ใช้คิดคะแนน: ผลที่หน่วยงานรายงาน" in page
    assert "ค่าที่วัดจากฐานข้อมูลทะเบียน: <strong>20</strong>" in page

    listing = client.get(reverse("performance:indicator_list"), {"year": ind.fiscal_year})
    row = next(s for s in listing.context["statuses"] if s.indicator.pk == ind.pk)
    assert (row.value, row.score) == (D(45), D("6.00"))
    total = next(t for t in listing.context["totals"] if t.unit.code == "2400")
    assert total.earned == D("6.00")

    api = client.get("/api/v1/performance/indicators/", {"fiscal_year": ind.fiscal_year}).json()
    data = next(r for r in api if r["code"] == ind.code)
    assert (data["value"], data["score"], data["scored_from"], data["reported"]) == (
        "45.00",
        "6.00",
        "reported",
        "45.00",
    )
    assert data["measured"]["value"] == "20.00" and data["measured"]["frozen"] is False
    totals = client.get("/api/v1/performance/unit-totals/", {"fiscal_year": ind.fiscal_year}).json()
    assert next(t for t in totals if t["unit"] == "2400")["earned"] == "6.00"

    pdf = _pdf_text(client.get(reverse("performance:indicator_pdf", args=[ind.pk])).content, tmp_path)
    assert "= 45 ร้อยละ" in pdf and "6 จาก 10 คะแนน" in pdf

    # Switch the same indicator to score the registry's figure: every surface follows, 45 moves beside.
    ind.scored_from = ScoredFrom.MEASURED
    ind.save()
    status = client.get(reverse("performance:indicator_detail", args=[ind.pk])).context["status"]
    # The register's figure is not scored before the first quarter ends: neutral, not a red level 0.
    assert (status.value, status.other_value, status.score, status.state) == (
        D("20.00"),
        D(45),
        None,
        "not_due",
    )
    api = client.get(f"/api/v1/performance/indicators/{ind.pk}/").json()
    assert (api["value"], api["score"], api["scored_from"]) == ("20.00", None, "measured")
    listing = client.get(reverse("performance:indicator_list"), {"year": ind.fiscal_year})
    total = next(t for t in listing.context["totals"] if t.unit.code == "2400")
    assert (total.total_weight, total.counted, len(total.not_due)) == (D(0), 0, 1)
    assert "ยังไม่ถึงกำหนด 1 ตัวชี้วัด (ไม่นับรวม)" in listing.content.decode()


def test_scoring_the_measure_is_only_for_live_indicators(make_user, department_unit):
    data = services.IndicatorData(
        fiscal_year=FY,
        code="N-1",
        name="ตัวเลขที่รายงาน",
        lead_unit=department_unit,
        unit_of_measure="percent",
        scored_from=ScoredFrom.MEASURED,
    )
    from nokrabob.core.errors import DomainError

    with pytest.raises(DomainError) as err:
        services.indicator_save(actor=make_user(Role.ADMIN), data=data, levels=[])
    assert err.value.field == "scored_from"
    data.scored_from = ""
    data.measure_kind = "live"
    data.live_measure = "target_groups_reached"
    saved = services.indicator_save(actor=make_user(Role.ADMIN), data=data, levels=[])
    assert saved.scored_from == ScoredFrom.MEASURED  # a live indicator scores its measure unless told


def test_a_closed_quarter_never_recomputes_and_a_reopening_keeps_the_old_snapshot(
    make_user, department_unit, register
):
    """FY 2568 is over: every quarter is closed, its figure frozen at first sight and kept."""
    ind = make_indicator(
        department_unit,
        code="2400-1065",
        measure_kind="live",
        live_measure="target_groups_reached",
        unit_of_measure="groups",
        target=3,
        scored_from=ScoredFrom.MEASURED,
    )
    status = selectors.indicator_status(ind, live=selectors.live_result(ind, None))
    assert status.measured is not None and status.measured.frozen and status.measured.quarter == 4
    assert (status.value, status.measured.numerator, status.measured.denominator) == (D(1), D(1), D(3))
    q4 = MeasureSnapshot.objects.get(indicator=ind, quarter=4, superseded_at=None)
    assert q4.record_ids == sorted([register.people["A"].pk, register.people["B"].pk])
    assert q4.as_of == dt.date(2025, 9, 30) and q4.reason == SnapshotReason.DEADLINE
    # Q2 ended 31 Mar 2025, after the 1 Mar activity: it counts; Q1 (to 31 Dec 2024) does not.
    assert MeasureSnapshot.objects.get(indicator=ind, quarter=1).value == D(0)
    assert MeasureSnapshot.objects.get(indicator=ind, quarter=2).value == D(1)
    assert AuditEvent.objects.filter(target_type="performance.measuresnapshot").count() == 4

    register.person("I", "street_vendor", "1006")
    register.took_part("I", register.activity_fy)
    assert selectors.live_result(ind, None).value == D(2)  # the register moved …
    again = selectors.indicator_status(ind, live=selectors.live_result(ind, None))
    assert (again.value, again.score) == (D(1), status.score)  # … the closed year did not
    assert MeasureSnapshot.objects.count() == 4

    assessor = make_user(Role.ASSESSOR)
    services.quarter_reopen(
        actor=assessor,
        indicator=ind,
        quarter=4,
        until=dt.date.today() + dt.timedelta(days=7),
        reason="ข้อมูลเขตบางกะปิส่งช้า",
        refresh_snapshot=True,
    )
    current = MeasureSnapshot.objects.get(indicator=ind, quarter=4, superseded_at=None)
    old = MeasureSnapshot.objects.get(indicator=ind, quarter=4, superseded_at__isnull=False)
    assert (current.value, current.reason, old.value) == (D(2), SnapshotReason.REOPENED, D(1))
    ind.refresh_from_db()
    reopened = selectors.indicator_status(selectors.indicator_get(ind.pk))
    assert reopened.value == D(2)


def test_the_assessor_closes_a_quarter_early_and_its_figure_is_frozen(make_user, department_unit, register):
    ind = make_indicator(
        department_unit, code="C-1", measure_kind="live", live_measure="target_groups_reached", target=3
    )
    in_q3 = dt.date(2025, 4, 5)  # Q2 (Jan–Mar 2025) ended, its deadline (15 Apr) not yet passed
    assessor = make_user(Role.ASSESSOR)
    assert (
        selectors.indicator_status(selectors.indicator_get(ind.pk), today=in_q3).quarters[1].locked is False
    )
    services.quarter_close(actor=assessor, indicator=ind, quarter=2, today=in_q3)
    snap = MeasureSnapshot.objects.get(indicator=ind, quarter=2)
    assert (snap.value, snap.reason, snap.as_of) == (D(1), SnapshotReason.CLOSED, dt.date(2025, 3, 31))
    assert selectors.indicator_status(selectors.indicator_get(ind.pk), today=in_q3).quarters[1].locked
    from nokrabob.core.errors import DomainError

    with pytest.raises(DomainError):  # Q3 has not ended: nothing to close
        services.quarter_close(actor=assessor, indicator=ind, quarter=3, today=in_q3)
    with pytest.raises(DomainError):  # and the unit can no longer report Q2
        services.result_record(
            actor=make_user(Role.DEPARTMENT_STAFF, unit_code="2400"),
            indicator=ind,
            quarter=2,
            data=services.ResultData(result=D(1)),
            today=in_q3,
        )


def test_a_level_score_is_derived_from_the_weight_never_stored(department_unit):
    ind = make_indicator(department_unit, weight=20)
    LevelCriterion.objects.create(indicator=ind, level=4, percent=80)
    assert LevelCriterion.objects.get(indicator=ind, level=4).score == D("16.00")
    ind.weight = 10
    ind.save()
    assert LevelCriterion.objects.get(indicator=ind, level=4).score == D("8.00")


def test_the_nightly_task_freezes_closed_quarters_once(department_unit, register):
    from nokrabob.performance.tasks import freeze_closed_quarters_task

    ind = make_indicator(
        department_unit, code="T-N", measure_kind="live", live_measure="target_groups_reached"
    )
    current = make_indicator(
        department_unit,
        code="T-C",
        fiscal_year=FiscalYear.current().be,
        measure_kind="live",
        live_measure="target_groups_reached",
    )
    assert freeze_closed_quarters_task.call_local() == 4  # FY 2568: four closed quarters
    assert freeze_closed_quarters_task.call_local() == 0  # nothing twice
    assert not MeasureSnapshot.objects.filter(indicator=current).exists()  # this year's Q1 is still open
    assert MeasureSnapshot.objects.filter(indicator=ind, superseded_at=None).count() == 4


def test_a_frozen_breakdown_withholds_small_counts_from_a_district_as_the_live_one_does(
    client, make_user, department_unit, register
):
    ind = make_indicator(
        department_unit, code="2400-1065", measure_kind="live", live_measure="target_groups_reached", target=3
    )
    client.force_login(make_user(Role.DEPARTMENT_STAFF, unit_code="2400"))  # the department reads everyone
    page = client.get(reverse("performance:indicator_detail", args=[ind.pk]))
    assert page.context["measured"].frozen
    assert ("ผู้ขับขี่รถจักรยานยนต์รับจ้าง", "2") in page.context["breakdown"]
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006"))  # B is theirs, A is not
    page = client.get(reverse("performance:indicator_detail", args=[ind.pk]))
    assert ("ผู้ขับขี่รถจักรยานยนต์รับจ้าง", "น้อยกว่า 5") in page.context["breakdown"]
    assert ("ผู้ค้าหาบเร่-แผงลอย", "0") in page.context["breakdown"]  # zero stays zero
