"""Writes from an officer's own pages aimed at another area: refused, with nothing written.

- the known finding: Chiang Mai's officer added a Chiang Mai person to a Bangkok district's activity;
- a form cannot put a record in another area (the area choices are the officer's own, and the
  service refuses whatever a hand-made request sends);
- nobody moves a person out of their own scope (a district officer editing a person's district to
  another district is refused: the person would vanish from their register, and the other office
  registers the move);
- role-only pages (users, audit, privacy, campaign management, indicator management) refuse
  officers; projects and plans follow their unit (404 outside, 403 for another unit's edit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nokrabob.collection.models import Submission
from nokrabob.core.errors import DomainError
from nokrabob.registry.models import Activity, Household, Participation, Person
from nokrabob.registry.services_outreach import participation_add

from .helpers import snapshot, today_be
from .world import FOREIGN, Area, World

pytestmark = pytest.mark.django_db


def test_known_finding_a_province_cannot_reach_a_bangkok_activity(client, world):
    chiang_mai = world.area("cm")
    cm = world.user("cm")
    client.force_login(cm)
    before = Participation.objects.count()
    for activity in (world.city_activity, world.area("1001").activity, world.area("1006").activity):
        url = reverse("registry:activity_detail", args=[activity.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"q": "x", "person": chiang_mai.person.pk}).status_code == 404
        with pytest.raises(DomainError):
            participation_add(actor=cm, activity=activity, person=chiang_mai.person)
    assert Participation.objects.count() == before
    listing = client.get(reverse("registry:activity_list")).content.decode()
    assert world.city_activity.title not in listing and "อบรมใบเตย" not in listing
    assert "อบรมดอกคำใต้" in listing  # their own activity is there
    # A Bangkok district still sees the city-wide activity, with its own participants only.
    client.force_login(world.user("d1001"))
    page = client.get(reverse("registry:activity_detail", args=[world.city_activity.pk]))
    names = [p.person.last_name for p in page.context["participants"]]
    assert names == ["ทองใบเตย"]
    # Phra Nakhon's and Bang Kapi's people took part; Phra Nakhon's list counts its own one.
    rows = client.get(reverse("registry:activity_list")).context["activities"]
    assert next(a.n for a in rows if a.pk == world.city_activity.pk) == 1


def test_a_district_cannot_add_another_districts_person_even_to_a_city_wide_activity(world):
    with pytest.raises(DomainError):
        participation_add(
            actor=world.user("d1001"), activity=world.city_activity, person=world.area("1006").person
        )


def test_an_activity_without_a_district_covers_its_authors_province(client, world):
    """Chiang Mai's officer leaving the district blank makes a Chiang Mai-wide activity, not a Bangkok one."""
    client.force_login(world.user("cm"))
    response = client.post(
        reverse("registry:activity_create"),
        {"title": "อบรมทั้งจังหวัด", "kind": "training", "held_on": today_be(), "district_code": ""},
    )
    assert response.status_code == 302
    created = Activity.objects.get(title="อบรมทั้งจังหวัด")
    assert (created.province_code, created.district_code) == ("50", "")
    client.force_login(world.user("d1001"))
    assert client.get(reverse("registry:activity_detail", args=[created.pk])).status_code == 404


# ── Own pages aimed at another area ─────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Write:
    id: str
    url: str
    args: Callable[[World, Area, str], list[Any]]
    data: Callable[[World, Area, str], dict[str, Any]]
    method: str = "post"


def _new_person(w: World, a: Area, v: str) -> dict[str, Any]:
    return {
        "first_name": "ใหม่",
        "last_name": "ข้ามเขต",
        "sex": "F",
        "birth_date": "01/01/2530",
        "district_code": a.district_code,
        "subdistrict_code": a.subdistrict_code,
        "lawful_basis": "public_task",
        "consent_channel": "staff",
        "has_disability": "unknown",
    }


def _move_own_person(w: World, a: Area, v: str) -> dict[str, Any]:
    own = w.own(v).person
    return {
        "national_id": own.national_id,
        "title": own.title,
        "first_name": own.first_name,
        "last_name": own.last_name,
        "sex": "F",
        "birth_date": "01/01/2523",
        "phone": own.phone,
        "district_code": a.district_code,
        "subdistrict_code": a.subdistrict_code,
        "has_disability": "unknown",
        "version": Person.objects.get(pk=own.pk).version,  # the edit form's hidden field
    }


def _staff_entry(w: World, a: Area, v: str) -> dict[str, Any]:
    from nokrabob.collection.tests.conftest import form_data

    data = form_data(
        subdistrict_code=a.subdistrict_code,
        district=a.district_code,
        consent_channel="paper",
        lawful_basis="public_task",
    )
    data.pop("website")
    return {**data, "action": "queue"}


WRITES: list[Write] = [
    Write("person_create", "registry:person_create", lambda w, a, v: [], _new_person),
    Write(
        "person_create-anyway",
        "registry:person_create",
        lambda w, a, v: [],
        lambda w, a, v: {**_new_person(w, a, v), "action": "create_anyway"},
    ),
    Write("person_edit-move", "registry:person_edit", lambda w, a, v: [w.own(v).person.pk], _move_own_person),
    Write(
        "person_edit-move-subdistrict",
        "registry:person_edit",
        lambda w, a, v: [w.own(v).person.pk],
        lambda w, a, v: {**_move_own_person(w, a, v), "district_code": ""},
    ),
    Write(
        "activity_create",
        "registry:activity_create",
        lambda w, a, v: [],
        lambda w, a, v: {
            "title": "อบรมข้ามเขต",
            "kind": "training",
            "held_on": today_be(),
            "district_code": a.district_code,
        },
    ),
    Write(
        "household_create",
        "registry:household_create",
        lambda w, a, v: [],
        lambda w, a, v: {
            "house_no": "1/ข้ามเขต",
            "district_code": a.district_code,
            "subdistrict_code": a.subdistrict_code,
        },
    ),
    Write(
        "household_edit-move",
        "registry:household_edit",
        lambda w, a, v: [w.own(v).household.pk],
        lambda w, a, v: {
            "house_no": "1/ย้ายข้ามเขต",
            "district_code": a.district_code,
            "subdistrict_code": a.subdistrict_code,
            "version": Household.objects.get(pk=w.own(v).household.pk).version,
        },
    ),
    Write(
        "household_detail-link-foreign-person",
        "registry:household_detail",
        lambda w, a, v: [w.own(v).household.pk],
        lambda w, a, v: {"person_q": a.national_id, "relation": "ญาติ"},
    ),
    Write(
        "activity_detail-add-foreign-person",
        "registry:activity_detail",
        lambda w, a, v: [w.own(v).activity.pk],
        lambda w, a, v: {"q": "x", "person": a.person.pk},
    ),
    Write(
        "merge_pick-foreign-id",
        "registry:merge_pick",
        lambda w, a, v: [w.own(v).person.pk],
        lambda w, a, v: {"other": a.national_id},
        method="get",
    ),
    Write(
        "merge_pick-foreign-record-number",
        "registry:merge_pick",
        lambda w, a, v: [w.own(v).person.pk],
        lambda w, a, v: {"other": str(a.person.pk)},
        method="get",
    ),
    Write(
        "review_decide-merge-into-foreign-person",
        "collection:review_decide",
        lambda w, a, v: [w.own(v).submission.pk],
        lambda w, a, v: {"action": "merge", "person": a.person.pk, "use_phone": "1"},
    ),
    Write(
        "review_decide_many-approve-foreign-submission",
        "collection:review_decide_many",
        lambda w, a, v: [],
        lambda w, a, v: {"action": "approve", "submission": [str(a.submission.pk)]},
    ),
    Write(
        "review_decide_many-reject-foreign-submission",
        "collection:review_decide_many",
        lambda w, a, v: [],
        lambda w, a, v: {"action": "reject", "note": "ข้ามเขต", "submission": [str(a.submission.pk)]},
    ),
    Write(
        "staff_entry-foreign-district",
        "collection:staff_entry",
        lambda w, a, v: [w.campaign.pk],
        _staff_entry,
    ),
]


@pytest.mark.parametrize("write", WRITES, ids=[w.id for w in WRITES])
def test_an_officers_write_aimed_at_another_area_writes_nothing(client, world, write):
    for viewer, area_key in FOREIGN:
        area = world.area(area_key)
        client.force_login(world.user(viewer))
        url = reverse(write.url, args=write.args(world, area, viewer))
        data = write.data(world, area, viewer)
        before = snapshot()
        response = client.post(url, data) if write.method == "post" else client.get(url, data)
        assert response.status_code in (200, 302, 400, 403, 404), (viewer, area_key, response.status_code)
        if response.status_code == 302:  # the merge search: back to the person with a message
            assert "/merge/" not in response["Location"], (viewer, area_key)
        assert snapshot() == before, (viewer, area_key)


def test_moving_ones_own_person_to_another_district_is_refused_in_place(client, world):
    """The decision: refused, with the reason on the district field; the person stays where they were."""
    own, other = world.area("1001"), world.area("1006")
    client.force_login(world.user("d1001"))
    response = client.post(
        reverse("registry:person_edit", args=[own.person.pk]), _move_own_person(world, other, "d1001")
    )
    assert response.status_code == 200
    assert "district_code" in response.context["form"].errors
    from nokrabob.registry.services import person_update

    with pytest.raises(DomainError) as refused:
        person_update(
            actor=world.user("d1001"),
            person=own.person,
            fields={"district_code": "1006", "subdistrict_code": "100601"},
        )
    assert refused.value.field == "district_code"
    assert Person.objects.get(pk=own.person.pk).district_code == "1001"
    # Within the district the same edit is fine (the rule is about leaving the scope, not moving).
    person_update(actor=world.user("d1001"), person=own.person, fields={"subdistrict_code": "100102"})
    assert Person.objects.get(pk=own.person.pk).subdistrict_code == "100102"


def test_area_choices_of_forms_are_the_officers_own(client, world):
    expectations = {
        "d1001": {"1001"},
        "cm": {d for d in _choices(client, world, "cm") if d.startswith("50")},
        "dept": {d for d in _choices(client, world, "dept") if d.startswith("10")},
    }
    for viewer, expected in expectations.items():
        offered = _choices(client, world, viewer)
        assert offered == expected and offered, viewer
    client.force_login(world.user("cm"))
    entry = client.get(reverse("collection:staff_entry", args=[world.campaign.pk]))
    assert [code for code, _label in entry.context["form"].fields["district"].choices] == ["5001"]
    client.force_login(world.user("d1001"))
    household = client.get(reverse("registry:household_create")).context["form"]
    assert [c.district_code for c in household.fields["community"].queryset] == ["1001"]


def _choices(client: Any, world: World, viewer: str) -> set[str]:
    client.force_login(world.user(viewer))
    offered: set[str] = set()
    for name in ("registry:person_create", "registry:activity_create", "registry:household_create"):
        form = client.get(reverse(name)).context["form"]
        offered |= {code for code, _label in form.fields["district_code"].choices if code}
    listing = client.get(reverse("registry:person_list")).context["form"]
    offered |= {code for code, _label in listing.fields["district"].choices if code}
    return offered


# ── Pages of one role only ──────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Refused:
    id: str
    url: str
    args: Callable[[World], list[Any]] = lambda w: []
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    status: int = 403


REFUSED: list[Refused] = [
    Refused("user_list", "accounts:user_list"),
    Refused("user_create", "accounts:user_create"),
    Refused(
        "user_create-post",
        "accounts:user_create",
        method="post",
        data=lambda w: {"username": "x", "password": "y", "role": "admin"},
    ),
    Refused("user_edit", "accounts:user_edit", lambda w: [w.user("d1006").pk]),
    Refused(
        "user_edit-post",
        "accounts:user_edit",
        lambda w: [w.user("d1006").pk],
        method="post",
        data=lambda w: {"role": "admin", "unit": w.user("d1006").unit_id, "is_active": "on"},
    ),
    Refused("user_password", "accounts:user_password", lambda w: [w.user("d1006").pk]),
    Refused(
        "user_password-post",
        "accounts:user_password",
        lambda w: [w.user("d1006").pk],
        method="post",
        data=lambda w: {
            "action": "reset_two_factor",
            "new_password1": "Xy-9876-abc",
            "new_password2": "Xy-9876-abc",
        },
    ),
    Refused("event_list", "audit:event_list"),
    Refused("chain_check", "audit:chain_check"),
    Refused("who_saw", "audit:who_saw"),
    Refused("breach", "audit:breach"),
    Refused("request_list", "privacy:request_list"),
    Refused("request_new", "privacy:request_new"),
    Refused(
        "request_new-post",
        "privacy:request_new",
        method="post",
        data=lambda w: {
            "national_id": w.area("1006").national_id,
            "kind": "access",
            "received_on": today_be(),
        },
    ),
    Refused("request_detail", "privacy:request_detail", lambda w: [w.privacy_request.pk]),
    Refused(
        "request_detail-post",
        "privacy:request_detail",
        lambda w: [w.privacy_request.pk],
        method="post",
        data=lambda w: {"status": "done", "outcome": "x"},
    ),
    Refused("subject_access_file", "privacy:subject_access_file", lambda w: [w.privacy_request.pk]),
    Refused("subject_access_letter", "privacy:subject_access_letter", lambda w: [w.privacy_request.pk]),
    Refused("campaign_create", "collection:campaign_create"),
    Refused("campaign_edit", "collection:campaign_edit", lambda w: [w.campaign.pk]),
    Refused("campaign_targets", "collection:campaign_targets", lambda w: [w.campaign.pk]),
    Refused(
        "campaign_targets-post",
        "collection:campaign_targets",
        lambda w: [w.campaign.pk],
        method="post",
        data=lambda w: {"target_1006": "99"},
    ),
    Refused("questions_import", "collection:questions_import", lambda w: [w.campaign.pk], method="post"),
    Refused("indicator_create", "performance:indicator_create"),
    Refused("indicator_edit", "performance:indicator_edit", lambda w: [w.indicator.pk]),
    Refused("result_edit", "performance:result_edit", lambda w: [w.indicator.pk, 1]),
    Refused("assessment_edit", "performance:assessment_edit", lambda w: [w.indicator.pk, 1]),
    Refused("quarter_reopen", "performance:quarter_reopen", lambda w: [w.indicator.pk, 1], method="post"),
    Refused("quarter_close", "performance:quarter_close", lambda w: [w.indicator.pk, 1], method="post"),
    Refused("action_plan_edit", "performance:action_plan_edit", lambda w: [w.indicator.pk]),
    Refused("step_progress", "performance:step_progress", lambda w: [w.indicator.pk, 1]),
    Refused(
        "evidence_upload",
        "performance:evidence_upload",
        lambda w: [w.indicator.pk],
        method="post",
        data=lambda w: {
            "title": "หลักฐาน",
            "quarter": "1",
            "file": SimpleUploadedFile("e.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    ),
    Refused("strategy_map-post", "performance:strategy_map", method="post", data=lambda w: {"kind": "x"}),
    Refused("milestone_list-post", "performance:milestone_list", method="post", data=lambda w: {"kind": "x"}),
    Refused("admin", "admin:index", status=302),
]


@pytest.mark.parametrize("refused", REFUSED, ids=[r.id for r in REFUSED])
def test_role_only_pages_refuse_area_officers(client, world, refused):
    for viewer in ("d1001", "cm", "lp"):
        client.force_login(world.user(viewer))
        url = reverse(refused.url, args=refused.args(world))
        before = snapshot()
        data = refused.data(world)
        response = client.post(url, data) if refused.method == "post" else client.get(url)
        assert response.status_code == refused.status, (viewer, response.status_code)
        if refused.status == 302:
            assert "login" in response["Location"]
        assert snapshot() == before


# ── Projects and plans: by unit ─────────────────────────────────────────────────────────────────

PROJECT_PAGES = [
    ("project_detail", "get"),
    ("project_pdf", "get"),
    ("project_edit", "get"),
    ("project_edit", "post"),
    ("project_steps", "get"),
    ("project_steps", "post"),
    ("progress_add", "get"),
    ("progress_add", "post"),
    ("project_assess", "get"),
    ("project_assess", "post"),
]
PLAN_PAGES = [
    ("plan_detail", "get", []),
    ("plan_edit", "get", []),
    ("plan_edit", "post", []),
    ("plan_activities", "get", []),
    ("plan_activities", "post", []),
    ("monthly_report", "get", [1]),
    ("monthly_report", "post", [1]),
    ("disbursements_upload", "get", []),
    ("disbursements_upload", "post", []),
    ("yearly_report", "get", []),
    ("yearly_report", "post", []),
    ("yearly_report_pdf", "get", []),
]
# (viewer, unit of the record, what the viewer gets): outside the viewer's reach 404; a city project of
# another BMA unit is readable (projects hold no one's data: access.py) but not editable (403).
PROJECT_CASES = [("cm", "BMA-D1001"), ("lp", "PLO-50"), ("d1001", "PLO-50"), ("cm", "PLO-51")]
PLAN_CASES = [("cm", "PLO-51"), ("lp", "PLO-50"), ("d1001", "PLO-50"), ("dept", "PLO-50")]


def _progress(w: World) -> dict[str, Any]:
    return {"reported_on": today_be(), "percent": "50", "work_done": "ข้ามหน่วย"}


@pytest.mark.parametrize(("name", "method"), PROJECT_PAGES)
def test_another_units_project_answers_404_or_403_and_nothing_is_written(client, world, name, method):
    for viewer, unit in [*PROJECT_CASES, ("d1001", "BMA-D1006")]:
        client.force_login(world.user(viewer))
        url = reverse(f"projects:{name}", args=[world.projects[unit].pk])
        before = snapshot()
        response = client.post(url, _progress(world)) if method == "post" else client.get(url)
        shared_read = unit.startswith("BMA-") and viewer == "d1001"
        expected = (
            {200}
            if shared_read and name in ("project_detail", "project_pdf")
            else {403}
            if shared_read
            else {404}
        )
        assert response.status_code in expected, (viewer, unit, response.status_code)
        assert snapshot() == before


@pytest.mark.parametrize(("name", "method", "extra"), PLAN_PAGES)
def test_another_provinces_plan_answers_404_and_nothing_is_written(client, world, name, method, extra):
    for viewer, unit in PLAN_CASES:
        client.force_login(world.user(viewer))
        url = reverse(f"projects:{name}", args=[world.plans[unit].pk, *extra])
        before = snapshot()
        response = client.post(url, {"yearly_summary": "x"}) if method == "post" else client.get(url)
        assert response.status_code == 404, (viewer, unit, response.status_code)
        assert snapshot() == before


def test_project_and_plan_forms_offer_only_the_officers_unit(client, world):
    from nokrabob.projects.models import ActionPlan, Project

    client.force_login(world.user("cm"))
    form = client.get(reverse("projects:plan_create")).context["form"]
    assert [u.code for u in form.fields["unit"].queryset] == ["PLO-50"]
    plans = ActionPlan.objects.count()
    lamphun = world.plans["PLO-51"].unit
    client.post(
        reverse("projects:plan_create"),
        {"unit": lamphun.pk, "fiscal_year": world.plans["PLO-51"].fiscal_year + 1},
    )
    assert ActionPlan.objects.count() == plans
    client.force_login(world.user("d1001"))
    form = client.get(reverse("projects:project_create")).context["form"]
    assert [u.code for u in form.fields["owner_unit"].queryset] == ["BMA-D1001"]
    projects = Project.objects.count()
    other = world.projects["BMA-D1006"].owner_unit
    client.post(
        reverse("projects:project_create"),
        {"code": "X-1", "name": "x", "owner_unit": other.pk, "fiscal_year": 2568, "progress_mode": "steps"},
    )
    assert Project.objects.count() == projects


GRID_PAGES = ["project_list", "plan_list", "reporting_grid", "reporting_xlsx", "round_scores"]


@pytest.mark.parametrize("name", GRID_PAGES)
def test_project_lists_and_grids_hold_only_what_the_unit_may_read(client, world, name):
    from .helpers import text_of

    query = {"fy": "2568", "year": "2568"}
    client.force_login(world.user("lp"))
    text = text_of(client.get(reverse(f"projects:{name}"), query))
    assert "เชียงใหม่" not in text and "PLO-50" not in text
    client.force_login(world.user("cm"))
    text = text_of(client.get(reverse(f"projects:{name}"), query))
    assert "ลำพูน" not in text and "PLO-51" not in text and "BMA-D1001" not in text
    assert "PLO-50" in text or "เชียงใหม่" in text  # their own is there: the check can fail


# ── Public paths ────────────────────────────────────────────────────────────────────────────────


def test_public_paths_give_no_one_elses_submission(client, world):
    """The QR form and the status pages need no login: a worker sees their own submission only with its
    reference, national ID and birth date together, and nothing of anyone else's."""
    theirs, mine = world.area("1006").submission, world.area("1001").submission
    response = client.post(
        reverse("collection:status_lookup"),
        {"reference": theirs.reference, "national_id": mine.national_id, "birth_date": "01/02/2533"},
    )
    assert theirs.last_name not in response.content.decode()
    assert client.get(reverse("collection:status_detail")).status_code == 302
    assert client.get(reverse("collection:status_correct")).status_code in (302, 404)
    assert client.get(reverse("collection:public_done")).status_code in (200, 302)
    form = client.get(reverse("collection:public_form", args=[world.area("1006").campaign_district.token]))
    assert form.status_code == 200 and "ส่งมะลิ" not in form.content.decode()
    for name in ("core:health", "javascript-catalog", "accounts:login"):
        assert client.get(reverse(name)).status_code == 200
    assert client.post(reverse("core:set_digits"), {"digits": "thai"}).status_code == 302
    assert client.post(reverse("set_language"), {"language": "th"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    # One's own account pages (second factor, password) need a login, and act on the logged-in user only.
    for name in ("accounts:login_code", "accounts:two_factor_setup", "accounts:password_change"):
        assert "/accounts/login/" in client.get(reverse(name))["Location"], name
    assert "/accounts/login/" in client.post(reverse("accounts:recovery_codes_renew"))["Location"]
    # The API's description is public (endpoints and fields, no records); the data needs a login.
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200 and "ส่งมะลิ" not in schema.content.decode()
    assert client.get(reverse("api:docs")).status_code == 200
    # An address under /api/ that names no endpoint: the API's 404 in its error shape, no records.
    unknown = client.get(reverse("api:not_found", kwargs={"rest": "v1/people/-1/"}))
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert (
        client.get(reverse("api:collection:campaign_progress", args=[world.campaign.pk])).status_code
        == 401  # anonymous: "authenticate" (WWW-Authenticate: Token)
    )
    assert Submission.objects.filter(pk=theirs.pk, status="pending").exists()


# ── Deadlines ───────────────────────────────────────────────────────────────────────────────────


def test_the_deadline_list_holds_only_the_users_own_units_deadlines(client, world):
    """A province's list of deadlines names its own plan only; a district officer sees no province's."""
    import datetime as dt

    from django.utils import timezone

    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.core.models import OrgUnit
    from nokrabob.projects.models import ActionPlan

    fy = FiscalYear.of(timezone.localdate()).be
    for code in ("PLO-50", "PLO-51"):
        for year in (fy - 1, fy):
            ActionPlan.objects.get_or_create(
                unit=OrgUnit.objects.get(code=code),
                fiscal_year=year,
                defaults={"title": "แผน", "recorded_on": dt.date(year - 544, 10, 15)},
            )
    client.force_login(world.user("cm"))
    text = client.get(reverse("reminders:my_deadlines")).content.decode()
    assert "ลำพูน" not in text
    assert "เชียงใหม่" in text  # their own is there: the check can fail
    client.force_login(world.user("d1001"))
    text = client.get(reverse("reminders:my_deadlines")).content.decode()
    assert "เชียงใหม่" not in text and "ลำพูน" not in text
