"""Sound-alike spellings through the pages: the search box and the duplicate check of the person form find a
person registered under another office's spelling, and only within the user's scope."""

import datetime as dt

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.core.reference import district_office_code
from nokrabob.registry.models import Person
from nokrabob.registry.national_id import make_national_id
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db
BORN = dt.date(1980, 5, 1)  # 01/05/2523 in the form


@pytest.fixture
def people(make_user, district_user):
    """สมศักดิ์ ศรีวรรณ twice, born the same day: one in Phra Nakhon (the district user's), one in Bang Kapi
    registered by Bang Kapi's officer."""
    bang_kapi = make_user(Role.DISTRICT_STAFF, unit_code=district_office_code("1006"))
    mine = register(district_user, first_name="สมศักดิ์", last_name="ศรีวรรณ", birth_date=BORN)
    theirs = register(
        bang_kapi, first_name="สมศักดิ์", last_name="ศรีวรรณ", birth_date=BORN, subdistrict_code="100601"
    )
    return mine, theirs


def _link(person: Person) -> str:
    return reverse("registry:person_detail", args=[person.pk])


def _search(client, q: str) -> str:
    return client.get(reverse("registry:person_list"), {"q": q}).content.decode()


@pytest.mark.parametrize("q", ["สมสัก", "สีวรรณ", "สมสัก สีวรรณ", "สมศักดิ์ สีวัน", "สมสัก ศรีวรรณ"])
def test_the_search_box_finds_another_offices_spelling_in_scope_only(
    client, make_user, district_user, people, q
):
    mine, theirs = people
    client.force_login(district_user)
    page = _search(client, q)
    assert _link(mine) in page
    assert _link(theirs) not in page and theirs.national_id not in page
    # the same search by department staff (all of Bangkok) finds both: the district user's page left one out
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    page = _search(client, q)
    assert _link(mine) in page and _link(theirs) in page


def test_the_person_form_warns_of_a_sound_alike_and_shows_only_its_own(client, district_user, people):
    mine, theirs = people
    client.force_login(district_user)
    data = {
        "national_id": make_national_id("110170099887"),
        "title": "นาย",
        "first_name": "สมสัก",
        "last_name": "สีวรรณ",
        "sex": "M",
        "birth_date": "01/05/2523",
        "phone": "",
        "district_code": "1001",
        "subdistrict_code": "100101",
        "lawful_basis": "public_task",
        "consent_channel": "staff",
        "has_disability": "unknown",
    }
    page = client.post(reverse("registry:person_create"), data).content.decode()
    assert "พบบุคคลที่อาจเป็นคนเดียวกัน" in page and "ชื่อออกเสียงคล้ายกันและวันเกิดเดียวกัน" in page
    assert _link(mine) in page
    assert Person.objects.count() == 2  # nothing saved until the user decides
    # Bang Kapi's person is mentioned without a link, a name or an ID
    assert _link(theirs) not in page and theirs.national_id not in page
    assert "บุคคลที่ลงทะเบียนโดยหน่วยงานอื่น" in page
