"""person_page: a page of a name search merged from its branches is the page of the one query, row for
row, for every filter, sort and offset; and another district's or province's namesake never shows."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.api.services import token_issue
from nokrabob.registry import selectors
from nokrabob.registry.selectors import (
    SORTS,
    participant_candidates,
    person_page,
    person_search,
    text_branches,
)
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 30)
BORN = dt.date(1985, 3, 1)

# (first name, last name, birth date, sub-district): shared names (ties broken by id), sound-alike
# spellings found only by the sound keys (ศมชาย, ไจดี), longer names found only by the prefix (สมชายา
# ใจดีมาก), names found by both (ใจดีย์ sounds as ใจดี), unknown birth dates among them.
PEOPLE = [
    ("สมชาย", "ใจดี", BORN, "100101"),
    ("สมชาย", "ใจดี", None, "100101"),
    ("สมชาย", "ใจดี", BORN, "100102"),
    ("สมชาย", "ใจดี", dt.date(1960, 1, 1), "100101"),
    ("ศมชาย", "ใจดี", None, "100101"),
    ("ศมชาย", "ใจดี", BORN, "100102"),
    ("สมชาย", "ไจดี", dt.date(1999, 9, 9), "100101"),
    ("สมชาย", "ไจดี", None, "100102"),
    ("สมชายา", "ใจดีมาก", BORN, "100101"),
    ("สมชายา", "ใจดีมาก", None, "100101"),
    ("สมชาย", "ใจดีย์", dt.date(1970, 1, 1), "100101"),
    ("สมชาญ", "ใจดี", BORN, "100101"),
    ("สมศรี", "ใจดี", None, "100102"),
    ("ใจดี", "สมชาย", dt.date(1991, 1, 1), "100101"),
    ("ไจดี", "ศมชาย", None, "100101"),
    ("ใจดีมาก", "สมชาย", BORN, "100102"),
    ("ประเสริฐ", "มั่นคง", None, "100101"),
]
QUERIES = ["สมชาย ใจดี", "สมชาย ใจ", "ศมชาย ไจดี", "สมชาย", "ใจดี", "ไจดี", "สมชา", "ประเสริด", "", "0811111111"]
FILTERS: list[dict[str, str]] = [{}, {"subdistrict": "100101"}, {"age_band": "30-44"}]
WINDOWS = [(0, 1), (0, 2), (0, 3), (1, 2), (2, 3), (3, 5), (5, 2), (10, 5), (0, 51)]


@pytest.fixture
def registry(district_user, make_user):  # type: ignore[no-untyped-def]
    for first, last, born, subdistrict in PEOPLE:
        register(
            district_user, first_name=first, last_name=last, birth_date=born, subdistrict_code=subdistrict
        )
    # namesakes in another Bangkok district (Bang Kapi) and another province (Chiang Mai)
    elsewhere = {
        area: [
            register(None, first_name=first, last_name=last, subdistrict_code=area) for first, last in names
        ]
        for area, names in {
            "100601": [("สมชาย", "ใจดี"), ("ศมชาย", "ไจดี")],
            "500101": [("สมชาย", "ใจดี"), ("ศมชาย", "ไจดี"), ("ใจดี", "สมชาย")],
        }.items()
    }
    return {
        "district": district_user,
        "department": make_user(Role.DEPARTMENT_STAFF),
        "chiang_mai": make_user(Role.PROVINCIAL_STAFF),
        "elsewhere": elsewhere,
    }


def assert_pages_equal(users) -> int:  # type: ignore[no-untyped-def]
    """person_page against the one query's slice, for every case; returns how many pages had rows."""
    with_rows = 0
    for user, q, extra, sort, (offset, limit) in itertools.product(users, QUERIES, FILTERS, SORTS, WINDOWS):
        filters = {"on": ON, "q": q, "sort": sort, **extra}
        expected = [p.pk for p in person_search(user, filters=filters)[offset : offset + limit]]
        got = [p.pk for p in person_page(user, filters, offset=offset, limit=limit)]
        assert got == expected, (user.role, filters, offset, limit)
        with_rows += bool(expected)
    return with_rows


USERS = ("district", "department", "chiang_mai")


def test_a_merged_page_is_the_page_of_the_one_query(registry):
    assert assert_pages_equal([registry[who] for who in USERS]) > 500


def test_the_merge_is_exact_for_every_sort_with_unknown_birth_dates(registry, monkeypatch):
    """Sorts by date or id, and one district's pages, are not merged in production (one query is cheaper
    there), but the merge must hold for them too: descending orders, and NULL dates, which PostgreSQL
    sorts last and SQLite first."""
    monkeypatch.setattr(selectors, "MERGED_SORTS", frozenset(SORTS))
    monkeypatch.setattr(selectors, "_one_district", lambda user, f: False)
    assert assert_pages_equal([registry[who] for who in USERS]) > 500


@pytest.mark.parametrize(
    ("q", "branches"), [("สมชาย ใจดี", 2), ("ศมชาย ไจ", 2), ("สมชาย", 4), ("0811111111", 1), ("", 0)]
)
def test_a_name_search_runs_one_query_per_branch(registry, q, branches):
    """The merge path is what runs (on both engines): one person query per branch of the search."""
    assert len(text_branches(q)) == branches
    person_page(registry["department"], {"q": q}, limit=5)  # the collation is looked up once, here
    with CaptureQueriesContext(connection) as queries:
        person_page(registry["department"], {"q": q}, limit=5)
    assert len([x for x in queries if "registry_person" in x["sql"]]) == max(branches, 1)


def test_a_deep_page_is_the_one_query(registry, monkeypatch):
    """Past ``MERGED_ROWS`` a page is not merged: the branches would each read every row up to it."""
    monkeypatch.setattr(selectors, "MERGED_ROWS", 4)
    user = registry["department"]
    for offset, merged in ((0, True), (2, True), (3, False), (10, False)):
        with CaptureQueriesContext(connection) as queries:
            page = person_page(user, {"q": "สมชาย"}, offset=offset, limit=2)
        assert len([x for x in queries if "registry_person" in x["sql"]]) == (4 if merged else 1), offset
        assert [p.pk for p in page] == [
            p.pk for p in person_search(user, filters={"q": "สมชาย"})[offset : offset + 2]
        ]


def _namesakes(registry, *areas: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {p.pk for area in areas for p in registry["elsewhere"][area]}


@pytest.mark.parametrize("sort", ["name", "-name", "birth"])
def test_the_list_page_shows_no_namesake_outside_the_scope(client, registry, sort):
    for who, hidden in (("district", ("100601", "500101")), ("department", ("500101",))):
        user = registry[who]
        client.force_login(user)
        for q in ("สมชาย ใจดี", "ศมชาย ไจดี", "สมชาย", "ใจดี"):
            response = client.get(reverse("registry:person_list"), {"q": q, "sort": sort})
            shown = [p.pk for p in response.context["people"]]
            assert shown, (who, q)
            assert not set(shown) & _namesakes(registry, *hidden), (who, q)
            expected = [p.pk for p in person_search(user, filters={"q": q, "sort": sort})[:50]]
            assert shown == expected, (who, q)
            assert not {p.pk for p in participant_candidates(user, q)} & _namesakes(registry, *hidden)
    # Chiang Mai's provincial office sees its own province's namesakes only
    client.force_login(registry["chiang_mai"])
    response = client.get(reverse("registry:person_list"), {"q": "สมชาย ใจดี", "sort": sort})
    shown = {p.pk for p in response.context["people"]}
    assert shown and shown <= _namesakes(registry, "500101")
    # the department sees Bang Kapi's namesakes: the scope, not the merge, keeps the others out
    client.force_login(registry["department"])
    response = client.get(reverse("registry:person_list"), {"q": "ศมชาย ไจดี", "sort": sort})
    assert _namesakes(registry, "100601") & {p.pk for p in response.context["people"]}


def test_the_api_search_shows_no_namesake_outside_the_scope(client, registry):
    for who, hidden in (("district", ("100601", "500101")), ("department", ("500101",))):
        user = registry[who]
        auth = {"HTTP_AUTHORIZATION": f"Token {token_issue(actor=None, user=user)[1]}"}
        for q in ("สมชาย ใจดี", "ศมชาย ไจดี", "สมชาย", "ใจดี"):
            response = client.get(reverse("api:v1:people_search"), {"q": q}, **auth)
            assert response.status_code == 200, response.content
            shown = [row["id"] for row in response.json()["results"]]
            assert shown == [p.pk for p in person_search(user, filters={"q": q})[:50]], (who, q)
            assert not set(shown) & _namesakes(registry, *hidden), (who, q)
