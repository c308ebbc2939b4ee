"""Reads of people. Everything goes through ``scoped``: a record outside the user's scope does not exist
for them (a detail URL answers 404).

``person_search`` is the one filter of the registry list: the list page, the outreach list and the export
all call it, so an export gives exactly the rows the list shows. ``person_page`` reads one page of it,
merging a name search's branches where that is cheaper (ADR 0208, "Paging a name search").
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cmp_to_key, reduce
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from nokrabob.accounts.scope import (
    ScopePaths,
    require_personal_data_access,
    scope_for,
    scoped,
    scoped_area,
)
from nokrabob.core.fiscal import years_before
from nokrabob.registry.eligibility import IN_SCHEME, eligible_not_enrolled, latest_status
from nokrabob.registry.models import (
    FOLLOW_UP_OPEN,
    Activity,
    Community,
    Consent,
    FollowUp,
    Household,
    HouseholdMember,
    Participation,
    Person,
    PersonOccupation,
    WelfareRecord,
)
from nokrabob.registry.names import clean_name, sound_key
from nokrabob.registry.rules.national_id import clean_national_id
from nokrabob.registry.rules.phone import normalise_phone

# Age bands of the list filter: code → (youngest, oldest) in completed years; None = open-ended.
# The list's age filter: bands that do not overlap, split at 65 where Section 40's age limit ends.
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-14": (0, 14),
    "15-29": (15, 29),
    "30-44": (30, 44),
    "45-59": (45, 59),
    "60-65": (60, 65),
    "66+": (66, None),
}

# The list's status value for "in the scheme" (latest status enrolled or received): what the dashboards'
# welfare coverage counts, so a coverage figure clicks through to exactly its people.
IN_SCHEME_STATUS = "in_scheme"

# Sort keys of the list: code → ORDER BY. Each ends with ``id`` so paging is stable.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("first_name", "last_name", "id"),
    "-name": ("-first_name", "-last_name", "-id"),
    "newest": ("-id",),
    "oldest": ("id",),
    "birth": ("birth_date", "id"),
}
DEFAULT_SORT = "name"
# The sorts whose page of a name search is merged from its branches: each branch walks a name index
# (``person_name``, ``person_sound``, ``person_district_name``) in this order and stops after the page. In
# the others a branch sorts its matches as the whole OR does, and a second query only adds its own cost
# (docs/BENCHMARKS.md, "Paging a name search"). The merge itself is exact for every sort.
MERGED_SORTS = frozenset({"name", "-name"})
# Pages ending past this row are the one query: each branch reads every row up to the page's end into
# Python, and ``?page=100000`` of a common word would be hundreds of thousands of people per request.
MERGED_ROWS = 2_000

# A string past every Thai or Latin name in code-point order: ``name >= t AND name < t + HIGH`` is a
# prefix match that a B-tree index answers on both databases (see docs/adr/0200).
_HIGH = "\U0010ffff"


@dataclass
class PersonFilters:
    q: str = ""
    province: str = ""  # DOPA province code (2 digits)
    district: str = ""
    subdistrict: str = ""
    occupation: str = ""  # Occupation.code, current occupations only
    scheme: str = ""  # Scheme.code
    status: str = ""  # WelfareStatus, or IN_SCHEME_STATUS: the latest status of ``scheme``
    sex: str = ""  # Sex
    age_band: str = ""  # a key of AGE_BANDS
    registered_from: str = ""  # ISO date: registered (created) on or after
    registered_to: str = ""  # ISO date: registered on or before
    eligible: str = ""  # Scheme.code: eligible on ``on`` but not enrolled
    sort: str = DEFAULT_SORT
    on: dt.date | None = None  # reference date for ages and rules; today when None

    @classmethod
    def from_mapping(cls, data: Any) -> PersonFilters:
        """From a dict or a QueryDict (the list page's GET); unknown keys are ignored."""
        if isinstance(data, PersonFilters):
            return data
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data.get(f.name)
            if f.name == "on":
                values["on"] = value if isinstance(value, dt.date) else None
            else:
                values[f.name] = str(value or "").strip()
        return cls(**values)

    @property
    def reference_date(self) -> dt.date:
        return self.on or timezone.localdate()

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as GET parameters (for links to the next page or the export)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "on" or not value or (f.name == "sort" and value == DEFAULT_SORT):
                continue
            out[f.name] = str(value)
        return out


def people_for(user: Any) -> QuerySet[Person]:
    """Active (not merged-away) people the user may read."""
    require_personal_data_access(user)
    return scoped(Person.objects.filter(merged_into__isnull=True), user)


def person_get(user: Any, pk: int) -> Person:
    require_personal_data_access(user)
    try:
        return scoped(Person.objects.select_related("merged_into", "responsible_unit"), user).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None


def consent_in_force(person: Person) -> Consent | None:
    return person.consents.order_by("-given_on", "-id").first()


def may_show_sensitive(person: Person) -> bool:
    consent = consent_in_force(person)
    return bool(consent and consent.covers_sensitive_data)


def member_sensitive_allowed(household: Household, person: Person | None) -> bool:
    """Whether a household member's disability and bedridden status may be kept and shown: a registered
    member's under their own consent, anyone else's under the household's consent (ADR 0410)."""
    if person is not None:
        return may_show_sensitive(person)
    return household.consent_covers_sensitive


def age_band_condition(band: tuple[int, int | None], on: dt.date) -> Q:
    """People whose completed age on ``on`` lies in ``band``, as a range on the indexed birth date."""
    youngest, oldest = band
    condition = Q(birth_date__lte=years_before(on, youngest))
    if oldest is not None:
        condition &= Q(birth_date__gt=years_before(on, oldest + 1))
    return condition


def registered_condition(start: str | dt.date | None, end: str | dt.date | None) -> Q | None:
    """People registered (created) from ``start`` to ``end`` inclusive, local dates; ISO text or dates.
    None when neither is given; a malformed text is ignored (the form has refused it already)."""
    condition = Q()
    for day, lookup, time in ((start, "gte", dt.time.min), (end, "lte", dt.time.max)):
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day) if day else None
            except ValueError:
                day = None
        if day:
            moment = timezone.make_aware(dt.datetime.combine(day, time))
            condition &= Q(**{f"created_at__{lookup}": moment})
    return condition or None


def _prefix(field: str, text: str, *, guarded: bool = True) -> Q:
    condition = Q(**{f"{field}__gte": text, f"{field}__lt": text + _HIGH})
    return condition & Q(**{f"{field}__startswith": text}) if guarded else condition


def text_branches(q: str, *, guarded: bool = True) -> list[Q]:
    """The search box: a national ID, a phone number, or a Thai name (prefix or sound-alike), as the
    alternatives it ORs together; empty for an empty query. ``text_condition`` is their OR.

    Every branch is answered by an index (national ID unique, phone, name prefixes, sound keys), so the cost
    does not grow with the registry. A page of a first name and last name is merged from its two
    branches, prefixes and sound keys, and a page of one word from its four (``person_page``); an ID or
    phone search stays one branch, as it matches a handful of people.

    ``guarded=False`` leaves out the ``LIKE`` guard of a name prefix (ADR 0200): only where the database
    sorts text by code point, as the range alone is then exact. There the guard only misleads PostgreSQL's
    planner, which counts the prefix's selectivity twice, expects one row, and so fetches and sorts every
    match instead of walking the name index in the page's order.
    """
    q = clean_name(q)
    if not q:
        return []
    digits = clean_national_id(q).removeprefix("+")
    if digits.isdigit():
        if len(digits) == 13:
            return [Q(national_id=digits)]
        phone = normalise_phone(digits)
        return [Q(phone=phone) if len(phone) >= 9 else Q(national_id=digits) | Q(phone=phone)]
    tokens = q.split(" ")
    if len(tokens) == 1:
        # Four branches: the first-name prefix walks ``person_name`` from the prefix, the first-name key
        # ``person_first_sound``, each in the page's order; a last name's prefix or key is spread over every
        # first name, so a walk in the name order meets its matches early. As one OR, PostgreSQL walks
        # ``person_name`` from its start testing each row, and a common first name far into the order
        # costs it half the table (0.1–1.5 s at a million people, docs/BENCHMARKS.md).
        t = tokens[0]
        branches = [_prefix("first_name", t, guarded=guarded), _prefix("last_name", t, guarded=guarded)]
        key = sound_key(t)
        if key:
            branches += [Q(first_name_sound=key), Q(last_name_sound=key)]
        return branches
    first, last = tokens[0], " ".join(tokens[1:])
    branches = [_prefix("first_name", first, guarded=guarded) & _prefix("last_name", last, guarded=guarded)]
    first_key, last_key = sound_key(first), sound_key(last)
    if first_key and last_key:
        branches.append(Q(first_name_sound=first_key, last_name_sound=last_key))
    return branches


def text_condition(q: str) -> Q | None:
    """The search box's condition (``text_branches`` ORed); None for an empty query."""
    return _either(text_branches(q))


def _either(branches: list[Q]) -> Q | None:
    return reduce(operator.or_, branches) if branches else None


def person_search(user: Any, *, filters: PersonFilters | dict[str, Any]) -> QuerySet[Person]:
    """The registry list: the user's people narrowed by ``filters``, sorted, not yet sliced."""
    f = PersonFilters.from_mapping(filters)
    return _search(user, f, text_condition(f.q))


def _search(user: Any, f: PersonFilters, text: Q | None) -> QuerySet[Person]:
    on = f.reference_date
    queryset = people_for(user)
    if text is not None:
        queryset = queryset.filter(text)
    if f.province:
        queryset = queryset.filter(province_code=f.province)
    if f.subdistrict:
        queryset = queryset.filter(subdistrict_code=f.subdistrict)
    if f.district:
        queryset = queryset.filter(district_code=f.district)
    if f.occupation:
        holds = PersonOccupation.objects.filter(
            person=OuterRef("pk"), occupation__code=f.occupation, is_current=True
        )
        queryset = queryset.filter(Exists(holds))
    if f.scheme:
        if f.status == IN_SCHEME_STATUS:
            queryset = queryset.alias(_scheme_status=latest_status(f.scheme)).filter(
                _scheme_status__in=IN_SCHEME
            )
        elif f.status:
            queryset = queryset.alias(_scheme_status=latest_status(f.scheme)).filter(_scheme_status=f.status)
        else:
            any_record = WelfareRecord.objects.filter(person=OuterRef("pk"), scheme__code=f.scheme)
            queryset = queryset.filter(Exists(any_record))
    if f.sex:
        queryset = queryset.filter(sex=f.sex)
    if f.age_band in AGE_BANDS:
        queryset = queryset.filter(age_band_condition(AGE_BANDS[f.age_band], on))
    registered = registered_condition(f.registered_from, f.registered_to)
    if registered is not None:
        queryset = queryset.filter(registered)
    if f.eligible:
        queryset = eligible_not_enrolled(queryset, scheme_code=f.eligible, on=on)
    order = SORTS.get(f.sort, SORTS[DEFAULT_SORT])
    return queryset.select_related("responsible_unit").order_by(*order)


Shape = Callable[[QuerySet[Person]], QuerySet[Person]]


def person_page(
    user: Any,
    filters: PersonFilters | dict[str, Any],
    *,
    offset: int = 0,
    limit: int,
    shape: Shape | None = None,
) -> list[Person]:
    """``list(person_search(user, filters=filters)[offset : offset + limit])``, the same rows in the same
    order, with ``shape`` (e.g. ``only``) applied to the queryset.

    A name search ORs its prefix and its sound-alike keys; the database answers the OR with a bitmap of
    both indexes, which returns rows in no order, so every match was fetched and sorted for one page (800
    for a common name). Here each branch runs alone, ordered and cut at ``offset + limit`` — an index walk
    that stops early — and the page is merged in Python. Exact whatever the plans: a person on the OR's
    first k rows has fewer than k of their own branch's matches before them, so they are in that branch's
    first k, and the union of the branches' first k, sorted, begins with the OR's first k (ADR 0208).
    """
    f = PersonFilters.from_mapping(filters)
    shape = shape or _as_is
    branches = text_branches(f.q)
    end = offset + limit
    whole = _search(user, f, _either(branches))
    db = connections[whole.db]
    sort = f.sort if f.sort in SORTS else DEFAULT_SORT
    if (
        len(branches) < 2
        or end > MERGED_ROWS
        or sort not in MERGED_SORTS
        or _one_district(user, f)
        or not _merge_orders_as(db)
    ):
        return list(shape(whole)[offset:end])
    found: dict[int, Person] = {}
    for branch in text_branches(f.q, guarded=False):
        for person in shape(_search(user, f, branch))[:end]:
            found.setdefault(person.pk, person)
    order = SORTS[sort]
    nulls_high = db.vendor == "postgresql"

    def compare(a: Person, b: Person) -> int:
        return _compare(a, b, order, nulls_high=nulls_high)

    return sorted(found.values(), key=cmp_to_key(compare))[offset:end]


def _one_district(user: Any, f: PersonFilters) -> bool:
    """Whether the page is of one district's people, whose name index (``person_district_name``) the
    database walks in the name order testing the whole OR on the way: one query is cheaper there."""
    scope = scope_for(user)
    one = len(scope.district_codes) == 1 and not (
        scope.everything or scope.province_codes or scope.exclude_province_codes
    )
    return one or bool(f.district)


def _as_is(queryset: QuerySet[Person]) -> QuerySet[Person]:
    return queryset


def _compare(a: Person, b: Person, order: tuple[str, ...], *, nulls_high: bool) -> int:
    """``ORDER BY order`` in Python: PostgreSQL sorts NULL after every value (first when descending),
    SQLite before every value (last when descending)."""
    for column in order:
        name = column.removeprefix("-")
        x, y = getattr(a, name), getattr(b, name)
        if x == y:
            continue
        if x is None:
            result = 1 if nulls_high else -1
        elif y is None:
            result = -1 if nulls_high else 1
        else:
            result = -1 if x < y else 1
        return -result if column.startswith("-") else result
    return 0


# Collations under which text sorts by code point, as Python compares strings (docs/deploy.md).
_CODE_POINT_COLLATIONS = {"C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"}
_code_point_order: dict[str, bool] = {}


def _merge_orders_as(db: BaseDatabaseWrapper) -> bool:
    """Whether the database sorts names as Python does: SQLite's BINARY columns and a PostgreSQL database
    created with code-point collation do; under a linguistic one (``th_TH``) a page is one query."""
    if db.vendor == "sqlite":
        return True
    if db.vendor != "postgresql":
        return False
    name = db.settings_dict["NAME"]
    if name not in _code_point_order:
        provider = "datlocprovider" if db.pg_version >= 150000 else "'c'"  # type: ignore[attr-defined]
        with db.cursor() as cursor:
            cursor.execute(
                f"SELECT datcollate, {provider} FROM pg_database WHERE datname = current_database()"  # noqa: S608
            )
            collate, kind = cursor.fetchone()
        _code_point_order[name] = kind == "c" and collate in _CODE_POINT_COLLATIONS
    return _code_point_order[name]


def latest_status_annotation(scheme_code: str) -> Subquery:
    """For templates that show the latest status of one scheme next to each person."""
    return latest_status(scheme_code)


# ── Outreach: activities, communities, households ───────────────────────────────────────────────

ACTIVITY_AREA = ScopePaths(province="province_code", district="district_code")
COMMUNITY_AREA = ScopePaths(province="", district="district_code")


def activities_for(user: Any) -> QuerySet[Activity]:
    """Activities in the user's area: their district's, their province's, and the province-wide ones of
    the province they work in (a city-wide activity of the department is every Bangkok district's).

    An activity names no one, but its page lists participants and takes new ones, so a Chiang Mai
    officer does not reach a Bangkok district's activity at all (it answers 404).
    """
    require_personal_data_access(user)
    return scoped_area(Activity.objects.all(), user, paths=ACTIVITY_AREA)


def activity_list_rows(user: Any, *, limit: int = 200) -> list[Activity]:
    """The activity list; ``n`` counts only the participants the user may read."""
    visible = scoped(Participation.objects.filter(activity=OuterRef("pk")), user)
    counted = visible.order_by().values("activity").annotate(c=Count("id")).values("c")
    return list(
        activities_for(user)
        .annotate(n=Coalesce(Subquery(counted), 0))
        .select_related("unit")
        .order_by("-held_on", "-id")[:limit]
    )


def activity_get(user: Any, pk: int) -> Activity:
    activity = activities_for(user).filter(pk=pk).select_related("unit").first()
    if activity is None:
        raise Http404
    return activity


def participants_for(user: Any, activity: Activity) -> QuerySet[Participation]:
    """The participants of an activity the user may read (others' people are not listed or counted)."""
    return scoped(Participation.objects.filter(activity=activity), user).select_related("person")


def participant_candidates(user: Any, q: str, *, limit: int = 20) -> list[Person]:
    """People to add to an activity: the search box over the user's own people only."""
    return person_page(user, {"q": q}, limit=limit)


def communities_for(user: Any, *, limit: int = 300) -> list[Community]:
    """Communities in the user's area, each with ``n``: how many of its households the user may read."""
    require_personal_data_access(user)
    households = scoped(Household.objects.filter(community=OuterRef("pk")), user)
    counted = households.order_by().values("community").annotate(c=Count("id")).values("c")
    queryset = scoped_area(Community.objects.all(), user, paths=COMMUNITY_AREA)
    return list(queryset.annotate(n=Coalesce(Subquery(counted), 0))[:limit])


def households_for(user: Any) -> QuerySet[Household]:
    require_personal_data_access(user)
    return scoped(Household.objects.select_related("community"), user)


def household_get(user: Any, pk: int) -> Household:
    household = households_for(user).filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


def memberships_for(user: Any, person: Person) -> QuerySet[HouseholdMember]:
    """The households a person belongs to, as far as the user may read them (a household is scoped by
    its own address, which may differ from the person's)."""
    return scoped(HouseholdMember.objects.filter(person=person), user).select_related(
        "household", "household__community", "occupation"
    )


# The follow-up list's status filter: "todo" (open or contacted, the default), "done", "overdue", "all".
FOLLOW_UP_VIEWS = ("todo", "overdue", "done", "all")


def follow_ups_for(
    user: Any, *, view: str = "todo", scheme: str = "", on: dt.date | None = None
) -> QuerySet[FollowUp]:
    """The follow-ups of the people the user may read (their own district's for a district office),
    soonest due first; those done are the latest closed first."""
    require_personal_data_access(user)
    rows = scoped(FollowUp.objects.filter(person__merged_into__isnull=True), user).select_related(
        "person", "scheme", "submission", "updated_by"
    )
    if scheme:
        rows = rows.filter(scheme__code=scheme)
    today = on or timezone.localdate()
    if view == "done":
        return rows.exclude(status__in=FOLLOW_UP_OPEN).order_by("-closed_on", "-id")
    if view == "overdue":
        return rows.filter(status__in=FOLLOW_UP_OPEN, due_on__lt=today).order_by("due_on", "id")
    if view == "all":
        return rows.order_by("-created_at", "-id")
    return rows.filter(status__in=FOLLOW_UP_OPEN).order_by("due_on", "id")


def follow_up_get(user: Any, pk: int) -> FollowUp:
    """One follow-up of a person the user may read; another area's answers 404."""
    require_personal_data_access(user)
    row = (
        scoped(FollowUp.objects.filter(person__merged_into__isnull=True), user)
        .select_related("person", "scheme", "submission", "submission__campaign", "created_by", "updated_by")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise Http404
    return row
