"""Counts: a reader's own people are counted exactly; a count that includes another area's people is
shown from the suppression limit (5) up, and below it reads "fewer than 5" — never 1, 2, 3 or 4.

The world holds one person and one submission in each of four areas (1001, 1006, Chiang Mai, Lamphun).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from nokrabob.accounts.scope import all_in_scope, scoped_area, shown_count
from nokrabob.collection.selectors import campaign_progress_for, campaigns_with_counts
from nokrabob.performance.measures import compute
from nokrabob.registry.models import Activity, Person
from nokrabob.registry.selectors import ACTIVITY_AREA, activity_list_rows, communities_for
from nokrabob.reports.selectors import registry_summary

pytestmark = pytest.mark.django_db
FEWER = "น้อยกว่า 5"


def test_shown_count_withholds_small_counts_of_others_only():
    assert [shown_count(n, all_in_scope=False) for n in (0, 1, 4, 5, 120)] == [0, None, None, 5, 120]
    assert [shown_count(n, all_in_scope=True) for n in (0, 1, 4)] == [0, 1, 4]


def test_all_in_scope_and_scoped_area(world):
    people = Person.objects.all()
    assert all_in_scope(people.filter(district_code="1001"), world.user("d1001"))
    assert not all_in_scope(people, world.user("d1001"))
    assert all_in_scope(people, world.user("admin"))
    assert not all_in_scope(people.filter(province_code="50"), world.user("executive"))
    activities = Activity.objects.all()
    titles = {
        key: sorted(a.title for a in scoped_area(activities, world.user(key), paths=ACTIVITY_AREA))
        for key in ("d1001", "cm", "policy", "executive")
    }
    assert titles["d1001"] == sorted(["อบรมใบเตย", world.city_activity.title])
    assert titles["cm"] == ["อบรมดอกคำใต้"]
    assert titles["policy"] == sorted(["อบรมดอกคำใต้", "อบรมลำไย"])
    assert titles["executive"] == []


def test_campaign_progress_exact_for_own_districts_withheld_for_others(world):
    def counts(viewer):
        progress = campaign_progress_for(world.user(viewer), world.campaign)
        rows = {r.district_code: (r.target, r.submitted, r.pending) for r in progress.rows}
        groups = {g.occupation_code: g.submitted for g in progress.groups}
        return rows, (progress.total.target, progress.total.submitted), groups["moto_taxi"]

    rows, total, moto = counts("d1001")
    assert rows["1001"] == (10, 1, 1) and rows["1006"] == (5, None, None) and rows["5001"] == (3, None, None)
    assert total == (20, None) and moto is None  # 4 submissions, not all the reader's
    rows, total, moto = counts("dept")
    assert rows["1001"] == (10, 1, 1) and rows["1006"] == (5, 1, 1) and rows["5101"] == (2, None, None)
    rows, total, moto = counts("admin")
    assert rows["5101"] == (2, 1, 1) and total == (20, 4) and moto == 4


def test_campaign_page_and_api_show_the_withheld_counts_as_such(client, world):
    client.force_login(world.user("d1001"))
    page = client.get(reverse("collection:campaign_detail", args=[world.campaign.pk])).content.decode()
    assert FEWER in page
    api = client.get(reverse("api:collection:campaign_progress", args=[world.campaign.pk])).json()
    bang_kapi = next(r for r in api["districts"] if r["district_code"] == "1006")
    assert (bang_kapi["submitted"], bang_kapi["approved"], bang_kapi["percent"]) == (
        None,
        0,
        0.0,
    )  # zeros stay


def test_campaign_list_counts_the_readers_part(world):
    def part(viewer):
        c = campaigns_with_counts(world.user(viewer)).get(pk=world.campaign.pk)
        return c.n_target, c.n_submitted, c.n_pending, c.n_approved

    assert part("d1001") == (10, 1, 1, 0)
    assert part("cm") == (3, 1, 1, 0)
    assert part("dept") == (15, 2, 2, 0)
    assert part("admin") == (20, 4, 4, 0)


def test_activity_and_community_counts_are_of_the_readers_people(world):
    rows = {a.pk: a.n for a in activity_list_rows(world.user("d1001"))}
    assert rows == {world.area("1001").activity.pk: 1, world.city_activity.pk: 1}
    assert {a.pk: a.n for a in activity_list_rows(world.user("dept"))}[world.city_activity.pk] == 2
    assert [(c.name, c.n) for c in communities_for(world.user("d1001"))] == [("ชุมชนใบเตย", 1)]
    assert communities_for(world.user("cm")) == []


def test_dashboard_counts(world):
    d1001 = registry_summary(world.user("d1001"))
    assert (d1001.total, [(r.code, r.count) for r in d1001.by_area]) == (1, [("1001", 1)])
    cm = registry_summary(world.user("cm"))
    assert (cm.total, [(r.code, r.count) for r in cm.by_area]) == (1, [("50", 1)])
    executive = registry_summary(world.user("executive"))
    assert executive.total is None  # 4 people: below the limit, and no one's records are theirs
    assert {r.code: r.count for r in executive.by_area} == {"10": None, "50": None, "51": None}


def test_dashboard_files_say_fewer_than_five(client, world):
    from .helpers import text_of

    client.force_login(world.user("executive"))
    assert FEWER in client.get(reverse("reports:dashboard")).content.decode()
    assert FEWER in text_of(client.get(reverse("reports:dashboard_xlsx")))
    pdf = client.get(reverse("reports:dashboard_pdf"))
    assert pdf.content.startswith(b"%PDF") and pdf.context["summary"].total is None
    assert FEWER in client.get("/").content.decode()  # the executive's home card


def test_indicator_breakdown_is_exact_only_for_a_reader_of_everyone(client, world):
    breakdown = dict(
        compute("target_groups_reached", world.indicator.fiscal_year, world.user("admin")).breakdown
    )
    assert breakdown["ผู้ขับขี่รถจักรยานยนต์รับจ้าง"] == "4"
    for viewer in ("d1001", "cm", "dept", "executive"):
        result = compute("target_groups_reached", world.indicator.fiscal_year, world.user(viewer))
        assert dict(result.breakdown)["ผู้ขับขี่รถจักรยานยนต์รับจ้าง"] == FEWER, viewer
    client.force_login(world.user("d1001"))
    page = client.get(reverse("performance:indicator_detail", args=[world.indicator.pk])).content.decode()
    assert f"ผู้ขับขี่รถจักรยานยนต์รับจ้าง: <strong>{FEWER}</strong>" in page


def test_home_cards_count_only_the_readers_people(client, world):
    client.force_login(world.user("d1001"))
    cards = {str(c.title): c.figure for c in client.get("/").context["cards"]}
    assert cards["ทะเบียนแรงงานนอกระบบ"] == "1"
    assert cards["ข้อมูลรอตรวจสอบ"] == "1"


def test_outreach_counts_only_the_readers_districts(client, world):
    from nokrabob.registry.models import WelfareRecord

    WelfareRecord.objects.all().delete()  # everyone becomes eligible for Section 40 and not enrolled
    for viewer, expected in (("d1001", ["1001"]), ("dept", ["1001", "1006"]), ("cm", ["5001"])):
        client.force_login(world.user(viewer))
        rows = client.get(reverse("registry:outreach"), {"scheme": "s40"}).context["rows"]
        assert [r["url"].split("district=")[1] for r in rows] == expected, viewer


def test_dashboard_filters_counts_and_links_stay_in_the_readers_scope(client, world):
    """Another district's and another province's people are never counted for an officer, cannot be
    chosen as a filter, and no count links to a list outside the reader's scope; executives (one person
    per area: all below the limit) see every area withheld and no link to people at all."""
    from urllib.parse import parse_qs, urlparse

    from nokrabob.reports.dashboard import dashboard_for
    from nokrabob.reports.filters import read_filters

    def links(board):  # type: ignore[no-untyped-def]
        found = [url for f in board.figures for _l, _v, url in f.rows if url.startswith("/registry/")]
        return found + [t.url for t in board.tiles if t.url.startswith("/registry/")]

    own = {"d1001": ("district", "1001"), "d1006": ("district", "1006"), "cm": ("province", "50")}
    for key, (param, code) in own.items():
        user = world.user(key)
        board = dashboard_for(user)
        assert next(t for t in board.tiles if t.key == "total").count == 1, key
        urls = links(board)
        assert urls, key
        for url in urls:
            query = parse_qs(urlparse(url).query)
            assert query.get(param, [code]) == [code], (key, url)
            other = "province" if param == "district" else "district"
            assert all(v.startswith(code) for v in query.get(other, [])), (key, url)
        for foreign in ("1006" if key != "d1006" else "1001", "51", "50" if key != "cm" else "10"):
            _filters, form = read_filters({"area": foreign}, user)
            assert "area" in form.errors, (key, foreign)
        client.force_login(user)
        response = client.get(reverse("reports:dashboard"), {"area": "51"})
        assert (
            response.status_code == 400 and "ลำพูน" not in response.content.decode().split('id="id_area"')[-1]
        )
    executive = dashboard_for(world.user("executive"))
    assert next(t for t in executive.tiles if t.key == "total").count is None  # four people
    districts = dict(next(f for f in executive.figures if f.key == "map-district").table)
    assert districts["เขตพระนคร"] == "*" and districts["เขตบางกะปิ"] == "*"
    assert links(executive) == []
