"""person_search: the text box, the filters and the outreach list, on hand-checked fixtures."""

import datetime as dt

import pytest

from nokrabob.accounts.roles import Role
from nokrabob.registry.models import Occupation, PersonOccupation, SchemeRule
from nokrabob.registry.rules.national_id import format_national_id
from nokrabob.registry.selectors import PersonFilters, person_search
from nokrabob.registry.tests.factories import register, welfare

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 30)


def names(user, **filters):
    return sorted(p.first_name for p in person_search(user, filters={"on": ON, **filters}))


def test_text_search_by_id_phone_prefix_and_sound_alike(district_user):
    a = register(district_user, first_name="ประเสริฐ", last_name="มั่นคง", phone="0812345678")
    register(district_user, first_name="ประภา", last_name="ศรีสุข")
    register(district_user, first_name="สมศรี", last_name="ประเสริฐวงศ์")
    assert names(district_user, q=a.national_id) == ["ประเสริฐ"]
    dashed = format_national_id(a.national_id)
    assert names(district_user, q=dashed) == ["ประเสริฐ"]
    assert names(district_user, q="081-234-5678") == ["ประเสริฐ"]
    assert names(district_user, q="+66812345678") == ["ประเสริฐ"]
    assert names(district_user, q="ประ") == ["ประภา", "ประเสริฐ", "สมศรี"]  # first or last name prefix
    # a sound-alike spelling finds the whole name; a longer name with the same start comes by its prefix
    assert names(district_user, q="ประเสริด") == ["ประเสริฐ"]
    assert names(district_user, q="ประเสริฐ") == ["ประเสริฐ", "สมศรี"]
    assert names(district_user, q="ประเสริฐ มั่น") == ["ประเสริฐ"]
    assert names(district_user, q="ศรีสุข") == ["ประภา"]
    assert names(district_user, q="ไม่มีใคร") == []


def test_filters_area_occupation_scheme_status_and_age(district_user):
    vendor = Occupation.objects.get(code="street_vendor")
    a = register(district_user, first_name="ก", birth_date=dt.date(1995, 7, 1), subdistrict_code="100101")
    b = register(district_user, first_name="ข", birth_date=dt.date(1960, 1, 1), subdistrict_code="100102")
    PersonOccupation.objects.create(person=a, occupation=vendor)
    PersonOccupation.objects.create(person=b, occupation=vendor, is_current=False)
    welfare(a, "s40", "applied", dt.date(2024, 1, 1))
    welfare(a, "s40", "enrolled", dt.date(2024, 6, 1))
    welfare(b, "s40", "enrolled", dt.date(2024, 1, 1))
    welfare(b, "s40", "refused", dt.date(2024, 6, 1))
    assert names(district_user, subdistrict="100102") == ["ข"]
    assert names(district_user, occupation="street_vendor") == ["ก"]
    assert names(district_user, scheme="s40", status="enrolled") == ["ก"]  # the latest status counts
    assert names(district_user, scheme="s40", status="refused") == ["ข"]
    assert names(district_user, scheme="s40") == ["ก", "ข"]
    assert names(district_user, age_band="15-29") == ["ก"]  # ก turns 30 on 1 July 2025, after ON
    assert names(district_user, age_band="30-44") == []
    assert names(district_user, age_band="60-65") == ["ข"]
    assert names(district_user, age_band="15-29", on=dt.date(2025, 7, 1)) == []
    assert sorted(
        p.first_name
        for p in person_search(district_user, filters={"on": dt.date(2025, 7, 1), "age_band": "30-44"})
    ) == ["ก"]


def test_outreach_list_on_a_hand_checked_fixture(district_user):
    """Section 40 on 30 June 2025: ages 15–65, formal workers excluded, latest status per scheme."""

    def person(name, born, **kw):
        return register(district_user, first_name=name, birth_date=born, **kw)

    person("อายุ15พอดี", dt.date(2010, 6, 30))  # turns 15 on ON: eligible
    person("อายุ14", dt.date(2010, 7, 1))  # 14 until tomorrow: too young
    person("อายุ65", dt.date(1959, 7, 1))  # 65 (turns 66 tomorrow): eligible
    person("อายุ66", dt.date(1959, 6, 30))  # turns 66 on ON: too old
    enrolled = person("สมัครแล้ว", dt.date(1980, 1, 1))
    welfare(enrolled, "s40", "enrolled", dt.date(2024, 1, 1))
    lapsed = person("เคยสมัคร", dt.date(1980, 1, 1))
    welfare(lapsed, "s40", "enrolled", dt.date(2023, 1, 1))
    welfare(lapsed, "s40", "refused", dt.date(2024, 1, 1))  # latest says refused: back on the list
    applied = person("ยื่นสมัคร", dt.date(1980, 1, 1))
    welfare(applied, "s40", "applied", dt.date(2024, 1, 1))
    formal = person("มาตรา33", dt.date(1980, 1, 1))
    welfare(formal, "s33", "enrolled", dt.date(2024, 1, 1))
    left_job = person("ออกจากงาน", dt.date(1980, 1, 1))
    welfare(left_job, "s33", "enrolled", dt.date(2022, 1, 1))
    welfare(left_job, "s33", "refused", dt.date(2024, 1, 1))
    register(district_user, first_name="ไม่มีวันเกิด", birth_date=None)
    register(None, first_name="เขตอื่น", birth_date=dt.date(1980, 1, 1), subdistrict_code="100601")

    assert names(district_user, eligible="s40") == sorted(
        ["อายุ15พอดี", "อายุ65", "เคยสมัคร", "ยื่นสมัคร", "ออกจากงาน"]
    )
    # กอช. (ages 15–60): the 65-year-old is out, the Section 40 member is in
    assert names(district_user, eligible="nsf") == sorted(
        ["อายุ15พอดี", "สมัครแล้ว", "เคยสมัคร", "ยื่นสมัคร", "ออกจากงาน"]
    )
    # rules are dated: a rule that ended before ON does not apply
    SchemeRule.objects.filter(scheme__code="nsf").update(valid_to=dt.date(2025, 1, 1))
    assert names(district_user, eligible="nsf") == []


def test_district_user_search_is_scoped(make_user, district_user):
    register(district_user, first_name="พระนคร", subdistrict_code="100101")
    register(None, first_name="บางกะปิ", subdistrict_code="100601")
    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    staff = make_user(Role.DEPARTMENT_STAFF)
    assert names(district_user) == ["พระนคร"]
    assert names(bang_kapi, q="พระนคร") == []
    assert names(bang_kapi, district="1001") == []
    assert names(staff) == ["บางกะปิ", "พระนคร"]


def test_filters_from_query_dict_round_trip():
    f = PersonFilters.from_mapping({"q": " สม ", "district": "1001", "junk": "x", "sort": "name"})
    assert f.q == "สม" and f.district == "1001"
    assert f.as_query() == {"q": "สม", "district": "1001"}


def test_age_bands_do_not_overlap_and_leave_no_age_out() -> None:
    import itertools

    from nokrabob.registry.selectors import AGE_BANDS

    bands = sorted(AGE_BANDS.values())
    assert bands[0][0] == 0 and bands[-1][1] is None
    for (_, high), (next_low, _) in itertools.pairwise(bands):
        assert high is not None and next_low == high + 1
