"""``registry_counts``: hand counts on a fixture, the reader's scope, and agreement with a count from the
records for every dimension and filter (the tallies, the staged counts of an unfinished import and the
cut months read together)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import years_before
from nokrabob.registry.models import Person
from nokrabob.reports.counts import (
    DIMENSIONS,
    CountFilter,
    UnknownValue,
    registry_counts,
    registry_counts_from_records,
)
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 15)


def _stage_half() -> None:
    """Half the people's counts moved from the tallies to the staging tables, as an import's chunks leave
    them before the import ends (or when its process dies): a reader must count them all the same."""
    from django.db.models import Q

    from nokrabob.registry import tallies

    facts = tallies.facts_of(Q(pk__in=list(Person.objects.order_by("pk").values_list("pk", flat=True)[::2])))
    assert facts
    tallies.apply(facts, [])
    tallies.stage(*tallies.full_cells(facts))
    assert tallies.has_staged(False) and tallies.has_staged(True)


@pytest.fixture(params=["tallied", "staged"])
def registry(request):
    # Phra Nakhon (1001): 4 — two in Section 40, one 60 today, one a day short of 60
    add_person(1, "100101", scheme="s40", birth=years_before(TODAY, 60))
    add_person(
        2, "100101", scheme="s40", status="applied", birth=years_before(TODAY, 60) + dt.timedelta(days=1)
    )
    add_person(3, "100101", sex="M", birth=dt.date(2000, 5, 5))
    add_person(4, "100101", birth=None, occupation="street_vendor")
    # Dusit (1002): 3
    for n in range(5, 8):
        add_person(n, "100201", occupation="street_vendor", scheme="nsf", sex="M")
    # Chiang Mai (50): 2
    add_person(8, "500101", occupation="farmer", scheme="s33")
    add_person(9, "500101", occupation="farmer")
    if request.param == "staged":
        _stage_half()


def test_hand_counts_for_a_bangkok_wide_reader(make_user, registry):
    user = make_user(Role.DEPARTMENT_STAFF)
    assert registry_counts(user, CountFilter(on=TODAY)) == {(): 7}
    assert registry_counts(user, CountFilter(on=TODAY), ["district"]) == {("1001",): 4, ("1002",): 3}
    assert registry_counts(user, CountFilter(on=TODAY, age_band="60+")) == {(): 1}
    assert registry_counts(user, CountFilter(on=TODAY, age_band="unknown")) == {(): 1}
    assert registry_counts(user, CountFilter(on=TODAY, sex="M"), ["occupation_group"]) == {
        ("moto_taxi",): 1,
        ("street_vendor",): 3,
    }
    assert registry_counts(user, CountFilter(on=TODAY, scheme="s40"), ["welfare_status"]) == {
        ("enrolled",): 1,
        ("applied",): 1,
    }
    assert registry_counts(user, CountFilter(on=TODAY, reached=True), ["scheme"]) == {
        ("s40",): 1,
        ("nsf",): 3,
    }


def test_scope_and_executives(make_user, registry):
    district = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1002")
    assert registry_counts(district, CountFilter(on=TODAY), ["district"]) == {("1002",): 3}
    assert registry_counts(district, CountFilter(area="1001", on=TODAY)) == {}
    province = make_user(Role.PROVINCIAL_STAFF)
    assert registry_counts(province, CountFilter(on=TODAY), ["province"]) == {("50",): 2}
    executive = make_user(Role.EXECUTIVE)  # reads no records: counts everyone, shown through shown_count
    assert registry_counts(executive, CountFilter(on=TODAY), ["province"]) == {("10",): 7, ("50",): 2}


def test_registration_dates_and_months(make_user, registry):
    user = make_user(Role.ADMIN)
    today = dt.date.today()
    month = f"{today.year:04d}-{today.month:02d}"
    assert registry_counts(user, CountFilter(on=TODAY), ["month"]) == {(month,): 9}
    assert registry_counts(user, CountFilter(registered_from=today, registered_to=today, on=TODAY)) == {(): 9}
    yesterday = today - dt.timedelta(days=1)
    assert registry_counts(user, CountFilter(registered_to=yesterday, on=TODAY)) == {}


@pytest.mark.parametrize("by", [(), *itertools.combinations(DIMENSIONS, 1), ("district", "sex", "age_band")])
@pytest.mark.parametrize(
    "flt",
    [
        CountFilter(on=TODAY),
        CountFilter(area="10", age_band="45-59", on=TODAY),
        CountFilter(occupation_group="street_vendor", scheme="nsf", on=TODAY),
        CountFilter(age_band="15-65", formal=False, on=TODAY),
        CountFilter(registered_from=dt.date.today() - dt.timedelta(days=3), on=TODAY),
    ],
)
def test_tallies_agree_with_the_records(make_user, registry, by, flt):
    user = make_user(Role.ADMIN)
    assert registry_counts(user, flt, by) == registry_counts_from_records(user, flt, by)


def test_unknown_codes_are_refused(make_user, registry):
    user = make_user(Role.ADMIN)
    with pytest.raises(UnknownValue):
        registry_counts(user, CountFilter(scheme="nope"))
    with pytest.raises(UnknownValue):
        registry_counts(user, CountFilter(age_band="old"))
    with pytest.raises(UnknownValue):
        registry_counts(user, CountFilter(), ["colour"])


def test_a_total_is_read_as_one_sum_and_an_open_date_range_cuts_no_month(make_user, registry):
    """Two costs found at a million people: a total read every tally row back (``values()`` with no
    column groups by every column), and an open-ended date range cut a month in the year 9999, whose
    people were looked for by scanning every record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nokrabob.registry.counting import _registration_months

    assert _registration_months(dt.date(2025, 10, 1), None) == ((202510, 999911), [])
    assert _registration_months(None, dt.date(2026, 9, 30)) == ((190001, 202609), [])
    cut = [(dt.date(2025, 10, 5), dt.date(2025, 11, 1))]
    assert _registration_months(dt.date(2025, 10, 5), None) == ((202511, 999911), cut)
    user = make_user(Role.ADMIN)
    flt = CountFilter(registered_from=dt.date.today().replace(day=1), on=TODAY)
    with CaptureQueriesContext(connection) as queries:
        assert registry_counts(user, flt) == {(): 9}
    tally_reads = [q["sql"] for q in queries.captured_queries if "tally" in q["sql"]]
    assert tally_reads and all("GROUP BY" not in sql and "SUM(" in sql for sql in tally_reads)
    assert not [q for q in queries.captured_queries if "registry_person" in q["sql"]]  # no month cut
