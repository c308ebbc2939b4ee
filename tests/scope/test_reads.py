"""Another area's record: its URL answers 404 (nothing written), and no page, file or API response
shown to an officer carries it — not in a list, a search, a candidate, a count or a download.

Each row names a URL; every row is tried for every pair in ``world.FOREIGN`` (Phra Nakhon's officer
and a Bang Kapi record, Chiang Mai's officer and a Bangkok record, Bangkok's officers and a Chiang Mai
record, Lamphun's officer and a Chiang Mai record). ``tests/scope/test_table.py`` checks that every URL
of the site is in one of these tables or another sweep test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from nokrabob.core.thai import format_phone
from nokrabob.registry.models import Scheme

from .helpers import snapshot, text_of, today_be
from .world import FOREIGN, OWNER, Area, World

pytestmark = pytest.mark.django_db

Args = Callable[[World, Area, str], list[Any]]
Data = Callable[[World, Area, str], dict[str, Any]]


@dataclass(frozen=True)
class Req:
    id: str
    url: str
    args: Args
    method: str = "get"
    query: str = ""
    data: Data | None = None
    # Viewers for whom the record is not someone else's by design (said why in ``reason``).
    exempt: frozenset[str] = frozenset()
    reason: str = ""


def person(w: World, a: Area, v: str) -> list[Any]:
    return [a.person.pk]


def own_and_foreign(w: World, a: Area, v: str) -> list[Any]:
    return [w.own(v).person.pk, a.person.pk]


def foreign_and_own(w: World, a: Area, v: str) -> list[Any]:
    return [a.person.pk, w.own(v).person.pk]


def person_form(w: World, a: Area, v: str) -> dict[str, Any]:
    """A valid edit of the person that would move them to the viewer's own area."""
    own = w.own(v)
    return {
        "national_id": a.national_id,
        "first_name": "แก้ไข",
        "last_name": "ข้ามเขต",
        "birth_date": "01/01/2523",
        "phone": "0899999999",
        "district_code": own.district_code,
        "subdistrict_code": own.subdistrict_code,
    }


def welfare_form(w: World, a: Area, v: str) -> dict[str, Any]:
    return {
        "scheme": Scheme.objects.get(code="nsf").pk,
        "status": "enrolled",
        "recorded_on": today_be(),
        "source": "staff_verified",
    }


def occupation_form(w: World, a: Area, v: str) -> dict[str, Any]:
    from nokrabob.registry.models import Occupation

    return {"occupation": Occupation.objects.get(code="farmer").pk, "started_on": today_be()}


def contact_form(w: World, a: Area, v: str) -> dict[str, Any]:
    return {"contacted_on": today_be(), "channel": "phone", "reached": "on", "note": "โทรข้ามเขต"}


def referral_form(w: World, a: Area, v: str) -> dict[str, Any]:
    return {"to_agency": "ข้ามเขต", "referred_on": today_be(), "status": "sent"}


def consent_form(w: World, a: Area, v: str) -> dict[str, Any]:
    return {"lawful_basis": "consent", "channel": "staff", "given_on": today_be()}


def decision(action: str) -> Data:
    """A review decision; "merge" would take the submitted phone into the viewer's own person."""

    def data(w: World, a: Area, v: str) -> dict[str, Any]:
        return {"action": action, "note": "ข้ามเขต", "person": w.own(v).person.pk, "use_phone": "1"}

    return data


MANAGERS = frozenset({"dept"})
MANAGERS_WHY = "campaign managers print every district's poster: a QR link to the public form, no one's data"

READS: list[Req] = [
    Req("person_detail", "registry:person_detail", person),
    *[
        Req(f"person_detail-{tab}", "registry:person_detail", person, query=f"?tab={tab}")
        for tab in ("welfare", "activities", "household", "history")
    ],
    Req("person_edit", "registry:person_edit", person),
    Req("person_edit-post", "registry:person_edit", person, "post", data=person_form),
    Req("welfare_add", "registry:welfare_add", person, "post", data=welfare_form),
    Req("occupation_add", "registry:occupation_add", person, "post", data=occupation_form),
    Req("contact_add", "registry:contact_add", person, "post", data=contact_form),
    Req("referral_add", "registry:referral_add", person, "post", data=referral_form),
    Req("consent", "registry:consent", person, "post", data=consent_form),
    Req("consent-withdraw", "registry:consent", person, "post", data=lambda w, a, v: {"action": "withdraw"}),
    Req("merge_pick", "registry:merge_pick", person, query="?other=1"),
    Req("person_merge", "registry:person_merge", own_and_foreign),
    Req("person_merge-reverse", "registry:person_merge", foreign_and_own),
    Req(
        "person_merge-post",
        "registry:person_merge",
        own_and_foreign,
        "post",
        data=lambda w, a, v: {"phone": "merge", "district_code": "merge"},
    ),
    Req("activity_detail", "registry:activity_detail", lambda w, a, v: [a.activity.pk]),
    Req(
        "activity_detail-add-own-person",
        "registry:activity_detail",
        lambda w, a, v: [a.activity.pk],
        "post",
        data=lambda w, a, v: {"q": "x", "person": w.own(v).person.pk},
    ),
    Req(
        "activity_detail-search",
        "registry:activity_detail",
        lambda w, a, v: [a.activity.pk],
        "post",
        data=lambda w, a, v: {"q": f"ทอง{a.word}"},
    ),
    Req("household_detail", "registry:household_detail", lambda w, a, v: [a.household.pk]),
    Req(
        "household_detail-add-member",
        "registry:household_detail",
        lambda w, a, v: [a.household.pk],
        "post",
        data=lambda w, a, v: {"name": "สมาชิกข้ามเขต", "relation": "ญาติ"},
    ),
    Req("household_edit", "registry:household_edit", lambda w, a, v: [a.household.pk]),
    Req(
        "household_edit-post",
        "registry:household_edit",
        lambda w, a, v: [a.household.pk],
        "post",
        data=lambda w, a, v: {
            "house_no": "9/ข้ามเขต",
            "district_code": w.own(v).district_code,
            "subdistrict_code": w.own(v).subdistrict_code,
            "version": a.household.version,
        },
    ),
    Req(
        "household_consent",
        "registry:household_consent",
        lambda w, a, v: [a.household.pk],
        "post",
        data=lambda w, a, v: {"sensitive": "1", "on": today_be()},
    ),
    Req("follow_up_detail", "registry:follow_up_detail", lambda w, a, v: [a.person.follow_ups.get().pk]),
    Req(
        "follow_up_detail-post",
        "registry:follow_up_detail",
        lambda w, a, v: [a.person.follow_ups.get().pk],
        "post",
        data=lambda w, a, v: {"status": "enrolled", "note": "ข้ามเขต"},
    ),
    Req(
        "follow_up_detail-quick",
        "registry:follow_up_detail",
        lambda w, a, v: [a.person.follow_ups.get().pk],
        "post",
        data=lambda w, a, v: {"status": "declined", "quick": "1"},
    ),
    Req("review_detail", "collection:review_detail", lambda w, a, v: [a.submission.pk]),
    *[
        Req(
            f"review_decide-{action}",
            "collection:review_decide",
            lambda w, a, v: [a.submission.pk],
            "post",
            data=decision(action),
        )
        for action in ("approve", "approve_anyway", "merge", "reject", "correct")
    ],
    Req(
        "poster_png",
        "collection:poster_png",
        lambda w, a, v: [a.campaign_district.pk],
        exempt=MANAGERS,
        reason=MANAGERS_WHY,
    ),
    Req(
        "poster_pdf",
        "collection:poster_pdf",
        lambda w, a, v: [a.campaign_district.pk],
        exempt=MANAGERS,
        reason=MANAGERS_WHY,
    ),
]


def _request(client: Any, world: World, req: Req, area: Area, viewer: str) -> Any:
    url = reverse(req.url, args=req.args(world, area, viewer)) + req.query
    if req.method == "post":
        return client.post(url, req.data(world, area, viewer) if req.data else {})
    return client.get(url)


@pytest.mark.parametrize("req", READS, ids=[r.id for r in READS])
def test_another_areas_record_answers_404_and_nothing_is_written(client, world, req):
    for viewer, area_key in FOREIGN:
        if viewer in req.exempt:
            continue
        area = world.area(area_key)
        client.force_login(world.user(viewer))
        before = snapshot()
        response = _request(client, world, req, area, viewer)
        assert response.status_code == 404, (viewer, area_key, response.status_code)
        assert snapshot() == before, (viewer, area_key)


@pytest.mark.parametrize("req", [r for r in READS if r.method == "get"], ids=lambda r: r.id)
def test_the_same_url_opens_for_the_records_own_officer(client, world, req):
    """The other half of the proof: the 404 above is the scope's, not a wrong URL's."""
    for area_key, owner in OWNER.items():
        area = world.area(area_key)
        client.force_login(world.user(owner))
        args = req.args(world, area, owner)
        if len(set(args)) < len(args):  # merging a record with itself: not a page
            continue
        response = _request(client, world, req, area, owner)
        assert response.status_code in (200, 302), (owner, area_key, response.status_code)


# ── Lists, searches, files and API responses ────────────────────────────────────────────────────


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    args: Args = field(default=lambda w, a, v: [])
    query: Callable[[World, Area, str], str] = field(default=lambda w, a, v: "")
    method: str = "get"
    data: Data | None = None
    viewers: frozenset[str] = frozenset()  # only these viewers (empty: every viewer of FOREIGN)


def own_person(w: World, a: Area, v: str) -> list[Any]:
    return [w.own(v).person.pk]


def own_activity(w: World, a: Area, v: str) -> list[Any]:
    return [w.own(v).activity.pk]


def tab_query(tab: str) -> Callable[[World, Area, str], str]:
    return lambda w, a, v: f"?tab={tab}"


BANGKOK_VIEWERS = frozenset({"d1001", "dept"})


def _agreement(world: World) -> Any:
    """The department's agreement of the world's indicator year, with the indicator in a component."""
    from nokrabob.performance.models import AgreementComponent, PerformanceAgreement

    agreement, _ = PerformanceAgreement.objects.get_or_create(
        unit=world.indicator.lead_unit, fiscal_year=world.indicator.fiscal_year, defaults={"title": "คำรับรอง"}
    )
    component, _ = AgreementComponent.objects.get_or_create(
        agreement=agreement, code="1.1", defaults={"name": "Function Base", "weight": 30}
    )
    if world.indicator.component_id != component.pk:
        world.indicator.component = component
        world.indicator.save(update_fields=["component"])
    return agreement


PAGES: list[Page] = [
    Page("person_list", "registry:person_list"),
    Page("person_list-nid", "registry:person_list", query=lambda w, a, v: f"?q={a.national_id}"),
    Page("person_list-phone", "registry:person_list", query=lambda w, a, v: f"?q={a.phone}"),
    Page("person_list-name", "registry:person_list", query=lambda w, a, v: f"?q=ทอง{a.word}"),
    Page(
        "person_list-district", "registry:person_list", query=lambda w, a, v: f"?district={a.district_code}"
    ),
    Page(
        "person_list-subdistrict",
        "registry:person_list",
        query=lambda w, a, v: f"?subdistrict={a.subdistrict_code}",
    ),
    Page("person_list-count", "registry:person_list", query=lambda w, a, v: "?count=1&page=1"),
    Page("outreach", "registry:outreach", query=lambda w, a, v: "?scheme=s40"),
    Page("outreach-nsf", "registry:outreach", query=lambda w, a, v: "?scheme=nsf"),
    Page("follow_up_list", "registry:follow_up_list"),
    Page("follow_up_list-all", "registry:follow_up_list", query=lambda w, a, v: "?view=all"),
    Page("follow_up_list-scheme", "registry:follow_up_list", query=lambda w, a, v: "?view=all&scheme=nsf"),
    Page("own_follow_up", "registry:follow_up_detail", lambda w, a, v: [w.own(v).person.follow_ups.get().pk]),
    Page("activity_list", "registry:activity_list"),
    Page("activity_create", "registry:activity_create"),
    Page("community_list", "registry:community_list"),
    Page("household_create", "registry:household_create"),
    Page("onemap_overview", "onemap:overview"),
    Page("onemap_overview-2567", "onemap:overview", query=lambda w, a, v: "?year=2567"),
    Page("onemap_upload-communities", "onemap:upload", lambda w, a, v: ["communities"]),
    Page("onemap_upload-households", "onemap:upload", lambda w, a, v: ["households"]),
    Page("person_create", "registry:person_create"),
    *[
        Page(
            f"own_person-{tab}",
            "registry:person_detail",
            own_person,
            query=tab_query(tab),
        )
        for tab in ("profile", "welfare", "activities", "household", "history")
    ],
    Page("own_person_edit", "registry:person_edit", own_person),
    Page("own_activity", "registry:activity_detail", own_activity),
    Page(
        "own_activity-search",
        "registry:activity_detail",
        own_activity,
        method="post",
        data=lambda w, a, v: {"q": f"ทอง{a.word}"},
    ),
    Page(
        "city_activity",
        "registry:activity_detail",
        lambda w, a, v: [w.city_activity.pk],
        viewers=BANGKOK_VIEWERS,
    ),
    Page(
        "city_activity-search",
        "registry:activity_detail",
        lambda w, a, v: [w.city_activity.pk],
        method="post",
        data=lambda w, a, v: {"q": f"ทอง{a.word}"},
        viewers=BANGKOK_VIEWERS,
    ),
    Page("own_household", "registry:household_detail", lambda w, a, v: [w.own(v).household.pk]),
    Page("campaign_list", "collection:campaign_list"),
    Page("campaign_detail", "collection:campaign_detail", lambda w, a, v: [w.campaign.pk]),
    Page("questions_export", "collection:questions_export", lambda w, a, v: [w.campaign.pk]),
    Page("staff_entry", "collection:staff_entry", lambda w, a, v: [w.campaign.pk]),
    Page("review_queue", "collection:review_queue", query=lambda w, a, v: "?status=all"),
    Page(
        "review_queue-campaign",
        "collection:review_queue",
        query=lambda w, a, v: f"?status=all&campaign={w.campaign.pk}",
    ),
    Page("own_review_detail", "collection:review_detail", lambda w, a, v: [w.own(v).submission.pk]),
    Page("dashboard", "reports:dashboard"),
    Page("dashboard_xlsx", "reports:dashboard_xlsx"),
    Page("dashboard_pdf", "reports:dashboard_pdf"),
    Page("indicator_list", "performance:indicator_list"),
    Page("indicator_detail", "performance:indicator_detail", lambda w, a, v: [w.indicator.pk]),
    Page("indicator_pdf", "performance:indicator_pdf", lambda w, a, v: [w.indicator.pk]),
    Page("drilldown", "performance:drilldown", lambda w, a, v: [w.indicator.pk]),
    Page("agreement_summary", "performance:agreement_summary", lambda w, a, v: [_agreement(w).pk]),
    Page("agreement_pdf", "performance:agreement_pdf", lambda w, a, v: [_agreement(w).pk]),
    Page("strategy_map", "performance:strategy_map"),
    Page("milestone_list", "performance:milestone_list"),
    Page("home", "core:home"),
    Page("api_campaign_list", "api:collection:campaign_list"),
    Page("api_campaign_progress", "api:collection:campaign_progress", lambda w, a, v: [w.campaign.pk]),
    Page("api_indicators", "api:performance:performance-indicators"),
    Page("api_indicator", "api:performance:performance-indicator", lambda w, a, v: [w.indicator.pk]),
    Page("api_unit_totals", "api:performance:performance-unit-totals"),
    Page("api_projects", "api:projects:project_list"),
    Page("api_reporting", "api:projects:reporting"),
    Page("api_schema", "api:schema"),
]


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_no_page_file_or_api_response_carries_another_areas_records(client, world, page):
    for viewer, area_key in FOREIGN:
        if page.viewers and viewer not in page.viewers:
            continue
        area = world.area(area_key)
        client.force_login(world.user(viewer))
        query = page.query(world, area, viewer)
        data = page.data(world, area, viewer) if page.data else {}
        url = reverse(page.url, args=page.args(world, area, viewer)) + query
        before = snapshot()
        response = client.post(url, data) if page.method == "post" else client.get(url)
        assert response.status_code in (200, 403), (viewer, area_key, response.status_code)
        text = text_of(response)
        typed = query + repr(data)  # what the viewer typed comes back in the search box: not a leak
        for marker in area.markers:
            if marker not in typed:
                assert marker not in text, (viewer, area_key, marker)
        assert snapshot() == before


def test_the_markers_do_show_where_they_belong(client, world):
    """The check above can fail: each area's own officer finds its markers in the same pages."""
    for area_key, owner in OWNER.items():
        area = world.area(area_key)
        client.force_login(world.user(owner))
        listing = client.get(reverse("registry:person_list"), {"q": area.national_id}).content.decode()
        assert f"ทอง{area.word}" in listing and format_phone(area.phone) in listing
        assert area.word in client.get(reverse("registry:activity_list")).content.decode()
        queue = client.get(reverse("collection:review_queue"), {"status": "all"}).content.decode()
        assert f"ส่ง{area.word}" in queue
        drilled = client.get(reverse("performance:drilldown", args=[world.indicator.pk])).content.decode()
        assert f"ทอง{area.word}" in drilled


def test_a_duplicate_outside_scope_is_named_by_its_office_only(client, world):
    """Registering someone who looks like another district's person: the form says another office
    holds a similar record, and shows none of that person's data."""
    theirs = world.area("1006")
    client.force_login(world.user("d1001"))
    response = client.post(
        reverse("registry:person_create"),
        {
            "first_name": "ทดสอบ",
            "last_name": f"ทอง{theirs.word}",
            "birth_date": "02/01/2523",  # Bang Kapi's person's birth date (2 January 1980)
            "sex": "F",
            "district_code": "1001",
            "subdistrict_code": "100101",
            "lawful_basis": "public_task",
            "consent_channel": "staff",
            "has_disability": "unknown",
        },
    )
    body = response.content.decode()
    assert "บุคคลที่ลงทะเบียนโดยหน่วยงานอื่น (เขตบางกะปิ)" in body
    assert theirs.national_id not in body and theirs.phone not in body
    assert format_phone(theirs.phone) not in body
    assert reverse("registry:person_detail", args=[theirs.person.pk]) not in body
    assert f'value="merge:{theirs.person.pk}"' not in body


def test_a_household_in_another_district_stays_out_of_a_persons_page(client, world):
    """Older data may link a person to a household of another district: the person's own officer sees
    the person's page without that household (it is scoped by its own address)."""
    from nokrabob.registry.models import HouseholdMember

    bang_kapi, phra_nakhon = world.area("1006"), world.area("1001")
    HouseholdMember.objects.create(household=phra_nakhon.household, person=bang_kapi.person, name="ย้ายมา")
    client.force_login(world.user("d1006"))
    url = reverse("registry:person_detail", args=[bang_kapi.person.pk]) + "?tab=household"
    page = client.get(url)
    assert [m.household.pk for m in page.context["memberships"]] == [bang_kapi.household.pk]
    assert phra_nakhon.word not in page.content.decode()
