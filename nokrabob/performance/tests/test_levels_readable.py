"""Levels people can read: whole levels with the table's score, an interpolated level explained, and
neutral "not yet due" / "no data" instead of a red level 0; unit totals count only what is due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.performance import selectors
from nokrabob.performance.models import LevelCriterion, QuarterResult
from nokrabob.performance.templatetags.performance_tags import level_badge

from .registers import FY, make_indicator


def _table(ind) -> None:
    for level in range(1, 6):
        LevelCriterion.objects.create(indicator=ind, level=level, percent=20 * level)


def test_whole_level_with_the_tables_score_and_an_interpolated_level_explained(
    client, make_user, department_unit
):
    whole = make_indicator(department_unit, code="W-1", weight=10)
    _table(whole)
    QuarterResult.objects.create(indicator=whole, quarter=4, result=D(68))
    status = selectors.indicator_status(selectors.indicator_get(whole.pk))
    assert (status.whole_level, status.score) == (3, whole.levels.get(level=3).score) == (3, D("6.00"))
    assert ">ระดับ 3</span>" in level_badge(status)

    interp = make_indicator(department_unit, code="I-1", weight=10, interpolate=True)
    _table(interp)
    QuarterResult.objects.create(indicator=interp, quarter=4, result=D(68))
    client.force_login(make_user(Role.EXECUTIVE))
    response = client.get(reverse("performance:indicator_detail", args=[interp.pk]))
    status = response.context["status"]
    assert (status.level, status.whole_level, status.score) == (D("3.4"), 3, D("6.80"))
    page = response.content.decode()
    assert "ระดับ 3 (3.4)" in page
    assert "ผลงานอยู่ระหว่างเกณฑ์ระดับ 3 (ร้อยละ 60) และระดับ 4 (ร้อยละ 80) จึงคิดระดับตามสัดส่วนเป็น 3.4" in page


def test_not_yet_due_and_no_data_are_neutral_and_left_out_of_the_unit_total(
    client, make_user, department_unit
):
    this_year = FiscalYear.current().be
    reported = make_indicator(department_unit, code="R-1", fiscal_year=this_year, weight=10)
    QuarterResult.objects.create(indicator=reported, quarter=1, result=D(80))
    make_indicator(department_unit, code="N-1", fiscal_year=this_year, weight=10)  # nothing yet, not due
    client.force_login(make_user(Role.EXECUTIVE))
    response = client.get(reverse("performance:indicator_list"), {"year": this_year})
    states = {s.indicator.code: s.state for s in response.context["statuses"]}
    assert states == {"R-1": "scored", "N-1": "not_due"}
    total = next(t for t in response.context["totals"] if t.unit.code == "2400")
    assert (total.earned, total.total_weight, total.level) == (D("8.00"), D(10), D(4))
    page = response.content.decode()
    assert 'data-state="not_due">ยังไม่ถึงกำหนด</span>' in page
    assert 'data-band="poor"' not in page  # nothing red: the only level is 4

    # FY 2568 is over: an indicator without data is "no data" (neutral on the page) and counts as 0 in the
    # total, because it was due.
    late = make_indicator(department_unit, code="L-1", fiscal_year=FY, weight=10)
    done = make_indicator(department_unit, code="D-1", fiscal_year=FY, weight=10)
    QuarterResult.objects.create(indicator=done, quarter=4, result=D(100))
    statuses = selectors.statuses_for(selectors.indicator_list(fiscal_year=FY), None)
    by_code = {s.indicator.code: s for s in statuses}
    assert by_code["L-1"].state == "no_data" and 'data-state="no_data">ยังไม่มีข้อมูล' in level_badge(
        by_code["L-1"]
    )
    total = selectors.unit_totals(statuses)[0]
    assert (total.earned, total.total_weight, [s.indicator for s in total.no_data]) == (
        D("10.00"),
        D(20),
        [late],
    )


def test_a_quarter_not_yet_ended_says_so_on_the_quarter_table(client, make_user, department_unit):
    ind = make_indicator(department_unit, code="Q-1", fiscal_year=FiscalYear.current().be)
    status = selectors.indicator_status(selectors.indicator_get(ind.pk), today=dt.date(2027, 2, 1))
    assert [q.state for q in status.quarters] == ["no_data", "not_due", "not_due", "not_due"]
    assert status.state == "no_data"  # Q1 has ended: the indicator is due and has nothing
