"""What "entered" means, and the One Map measure per fiscal year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.utils import timezone

from nokrabob.core.fiscal import FiscalYear
from nokrabob.onemap.rules import community_progress, definition_text, required_households
from nokrabob.performance.measures import compute
from nokrabob.registry.models import Community, Household


def test_required_households_follows_the_share():
    assert required_households(None) == 1 and required_households(0) == 1
    assert required_households(40) == 40
    assert required_households(40, D("50")) == 20
    assert required_households(10, D("33")) == 4  # rounded up: 3.3 households are not enough
    assert required_households(1, D("10")) == 1


def test_the_definition_states_the_configured_share(settings):
    assert "ครบทุกครัวเรือน" in definition_text()
    settings.ONEMAP_ENTERED_SHARE_PERCENT = 80
    assert "ร้อยละ 80" in definition_text()
    assert required_households(10) == 8


def _entered_on(community: Community, day: dt.date, count: int) -> None:
    for n in range(count):
        household = Household.objects.create(
            community=community, house_no=f"{day:%y%m%d}/{n}", district_code="1001"
        )
        Household.objects.filter(pk=household.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        )


def test_fy2567_and_this_year_differ_and_the_past_year_does_not_move(db, make_user, settings):
    small = Community.objects.create(code="A", name="ชุมชนวัดสระเกศ", district_code="1001", households_total=3)
    large = Community.objects.create(
        code="B", name="ชุมชนตลาดเทวราช", district_code="1001", households_total=10
    )
    Community.objects.create(code="C", name="ชุมชนบ้านบาตร", district_code="1001")  # size unknown
    _entered_on(small, dt.date(2024, 5, 1), 3)  # FY 2567: complete
    _entered_on(large, dt.date(2024, 5, 1), 4)  # FY 2567: 4 of 10
    _entered_on(large, timezone.localdate(), 6)  # this year: 10 of 10
    staff = make_user()
    fy2567 = compute("community_household_share", 2567, staff)
    now = compute("community_household_share", FiscalYear.current().be, staff)
    assert (fy2567.numerator, fy2567.denominator, fy2567.value) == (1, 3, D("33.33"))
    assert (now.numerator, now.denominator, now.value) == (2, 3, D("66.67"))
    # The third community needs one household, whatever the share.
    Household.objects.create(community=Community.objects.get(code="C"), house_no="1", district_code="1001")
    assert compute("community_household_share", FiscalYear.current().be, staff).value == D("100.00")
    assert compute("community_household_share", 2567, staff).value == D("33.33")
    # At a share of 40 %, the large community's 4 households of FY 2567 were enough.
    settings.ONEMAP_ENTERED_SHARE_PERCENT = 40
    assert compute("community_household_share", 2567, staff).value == D("66.67")
    rows = {r.code: r for r in community_progress(dt.date(2024, 9, 30))}
    assert (rows["B"].entered, rows["B"].required, rows["B"].is_entered) == (4, 4, True)
    assert (rows["C"].entered, rows["C"].required, rows["C"].is_entered) == (0, 1, False)
