"""The demo data looks like a district's own (issue 15): names from Thai name lists, ages and incomes by
occupation, activities of different sizes, household members whose birth dates fit their relation, plans
sized by province — and every load gives the same data (seeded)."""

from __future__ import annotations

import io
import random
import statistics
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from nokrabob.core.fiscal import age_on
from nokrabob.projects.demo import DEMO_PROVINCES, POPULATION_THOUSANDS, plan_size
from nokrabob.registry import demo
from nokrabob.registry.generate import FARMING_DISTRICTS, _names, born_at_age
from nokrabob.registry.models import Activity, HouseholdMember, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(org_units):
    demo.load(io.StringIO())
    return timezone.localdate()


def _ages(today, occupation: str) -> list[int]:
    people = Person.objects.filter(occupations__occupation__code=occupation)
    return [age_on(p.birth_date, today) for p in people if p.birth_date]


def test_people_look_like_the_informal_workforce(loaded):
    today = loaded
    riders, vendors, farmers = (_ages(today, code) for code in ("platform_rider", "street_vendor", "farmer"))
    assert statistics.median(riders) < 36 < statistics.median(vendors) < statistics.median(farmers)
    assert sum(a >= 60 for a in farmers) > len(farmers) / 5  # elderly workers: a good share of farmers
    assert max(riders) <= 58 and min(riders) >= 18
    incomes = {
        code: statistics.median(
            Person.objects.filter(occupations__occupation__code=code).values_list("monthly_income", flat=True)
        )
        for code in ("platform_rider", "home_worker")
    }
    assert incomes["platform_rider"] > incomes["home_worker"] * Decimal("1.5")
    assert Person.objects.values("monthly_income").distinct().count() > 100
    # Farmers farm where Bangkok has farmland; the inner city is smaller than the suburbs.
    farm = set(
        Person.objects.filter(occupations__occupation__code="farmer").values_list("district_code", flat=True)
    )
    assert farm <= set(FARMING_DISTRICTS)
    per_district = Counter(Person.objects.values_list("district_code", flat=True))
    assert per_district["1013"] < per_district["1042"]  # Samphanthawong < Sai Mai
    # Names from the name lists, titles that fit sex and age.
    first_names = set(_names("male")) | set(_names("female"))
    people = list(Person.objects.values_list("first_name", "last_name", "sex", "title")[:500])
    assert all(first in first_names for first, _last, _sex, _title in people)
    assert len({last for _f, last, _s, _t in people}) > 400
    assert all((title == "นาย") == (sex == "M") for _f, _l, sex, title in people)


def test_activities_differ_in_size(loaded):
    sizes = list(Activity.objects.annotate(n=Count("participations")).values_list("n", flat=True))
    assert len(sizes) >= 14 and len(set(sizes)) > 8
    assert Counter(sizes).most_common(1)[0][1] <= 3  # no size shared by most activities
    for district, n in Activity.objects.values_list("district_code").annotate(n=Count("id")):
        people = Person.objects.filter(district_code=district).count()
        assert 2 <= n <= 4
        assert all(
            a.participations.count() <= people * 2 // 3
            for a in Activity.objects.filter(district_code=district)
        )


def test_household_members_fit_their_relation_to_the_head(loaded):
    today = loaded
    heads = {
        m.household_id: m.birth_date
        for m in HouseholdMember.objects.filter(relation=demo.HEAD).exclude(birth_date=None)
    }
    checked = Counter()
    for member in HouseholdMember.objects.exclude(relation=demo.HEAD):
        head = heads.get(member.household_id)
        assert member.birth_date is not None and member.age == age_on(member.birth_date, today)
        if head is None:
            continue
        older = (head - member.birth_date).days / 365.25  # years the member is older than the head
        if member.relation in ("บิดา", "มารดา"):
            assert older >= 15, (member.relation, older)
        elif member.relation in ("บุตร", "หลาน"):
            assert older <= -15, (member.relation, older)
        elif member.relation == "คู่สมรส":
            assert abs(older) <= 8
        checked[member.relation] += 1
    assert checked["บิดา"] + checked["มารดา"] > 20 and checked["บุตร"] > 100 and checked["คู่สมรส"] > 100
    # One spouse, one father and one mother a household at most.
    for relation in ("คู่สมรส", "บิดา", "มารดา"):
        assert not (
            HouseholdMember.objects.filter(relation=relation)
            .values("household")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .exists()
        )


def test_relatives_are_drawn_for_any_head_age():
    today = timezone.localdate()
    rng = random.Random(7)
    for age in range(20, 96, 5):
        head = born_at_age(rng, age, today)
        for member in demo._relatives(rng, head, "M", "ใจดี", today, 6):
            member_age = age_on(member.birth_date, today)
            assert 0 <= member_age <= demo.OLDEST
            assert member.name.endswith(" ใจดี")


def test_provincial_plans_are_sized_by_population():
    plans = {p: plan_size(p, random.Random(f"plan-{p}-2565")) for p in DEMO_PROVINCES}
    allocations = {p: year for p, (year, _round1, _activities) in plans.items()}
    assert len(set(allocations.values())) >= 8
    people = {p: sum(a.target_people for a in acts) for p, (_y, _r, acts) in plans.items()}
    assert len(set(people.values())) == len(DEMO_PROVINCES)
    assert 1140 not in people.values()  # the old plan every province had
    biggest = max(POPULATION_THOUSANDS, key=POPULATION_THOUSANDS.__getitem__)
    smallest = min(POPULATION_THOUSANDS, key=POPULATION_THOUSANDS.__getitem__)
    assert people[biggest] > 2 * people[smallest] and allocations[biggest] > allocations[smallest]
    for year, round1, activities in plans.values():
        assert sum(a.budget for a in activities) == year and round1 < year
    # Seeded: the same province and year give the same plan.
    assert plan_size("50", random.Random("plan-50-2565")) == plans["50"]
