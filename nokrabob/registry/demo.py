"""Demo data for the registry: a few thousand generated people across all 50 Bangkok districts with
occupations, welfare records and consent, some activities with participants, contact attempts,
communities and households — and a handful of people entered through the services, so their pages
have a history and a duplicate to merge.

Everything is drawn from seeded random generators, so every load gives the same data, and shaped to be
believable: names from Thai name lists, ages and incomes by occupation (``generate.PROFILES``),
communities named after their sub-districts, activities of different sizes, household members whose
birth dates fit their relation to the head."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import IO

import geothai
from django.db import transaction
from django.utils import timezone

from nokrabob.accounts.models import User
from nokrabob.core.concurrency import next_version
from nokrabob.core.fiscal import age_on, fiscal_year_of
from nokrabob.core.models import OrgUnit
from nokrabob.registry.generate import bangkok_areas, born_at_age, corpus_name, generate_people
from nokrabob.registry.models import (
    Activity,
    Community,
    Consent,
    ContactAttempt,
    Household,
    HouseholdMember,
    Occupation,
    Participation,
    Person,
    Scheme,
)
from nokrabob.registry.services import ConsentInput, person_create, person_update

PEOPLE = 3000


def load(stdout: IO[str]) -> None:
    if Person.objects.exists():
        stdout.write("registry: people already present, demo skipped\n")
        return
    rng = random.Random(2568)  # noqa: S311 - made-up data, not secrets
    today = timezone.localdate()
    with transaction.atomic():
        generate_people(PEOPLE, start=900_000_000, seed=2568, today=today, realistic=True)
        _consents(rng, today)
        _communities_and_households(rng, today)
        _activities(rng, today)
    _people_with_history()
    districts = Person.objects.values("district_code").distinct().count()
    stdout.write(f"registry: {Person.objects.count():,} people in {districts} districts\n")


def _consents(rng: random.Random, today: dt.date) -> None:
    rows = []
    disabled = []
    for person in Person.objects.only("id", "created_at"):
        sensitive = rng.random() < 0.3
        rows.append(
            Consent(
                person=person,
                lawful_basis="consent" if sensitive else "public_task",
                sensitive_data_consent=sensitive,
                channel=rng.choice(("paper", "qr", "staff", "import")),
                given_on=today - dt.timedelta(days=rng.randrange(1, 700)),
                notice_version="2569-1",
            )
        )
        if sensitive and rng.random() < 0.2:
            disabled.append(person.pk)
    Consent.objects.bulk_create(rows, batch_size=2000)
    Person.objects.filter(pk__in=disabled).update(
        has_disability=True, disability_type="การเคลื่อนไหว", version=next_version()
    )


COMMUNITY_PATTERNS = (
    "วัด{}",
    "ริมคลอง{}",
    "ตลาด{}",
    "{}พัฒนา",
    "ร่วมใจ{}",
    "หลังโรงเรียน{}",
    "ซอยกลาง{}",
    "มัสยิด{}",
    "เคหะ{}",
    "ทรัพย์สิน{}",
    "สามัคคี{}",
    "ท่าน้ำ{}",
    "บ้านมั่นคง{}",
    "หมู่บ้าน{}",
    "ใต้สะพาน{}",
    "ริมทางรถไฟ{}",
    "บ้านใหม่{}",
    "หลังตลาด{}",
    "ศาลเจ้า{}",
    "คลองเล็ก{}",
    "ประชาร่วมใจ{}",
    "เอื้ออาทร{}",
    "ท่าเรือ{}",
    "หลังวัด{}",
    "สุเหร่า{}",
    "ร่มเย็น{}",
    "{}ใต้",
    "{}เหนือ",
)
COMMUNITY_TYPES = ("ชุมชนแออัด", "ชุมชนชานเมือง", "ชุมชนหมู่บ้านจัดสรร", "ชุมชนเมือง", "เคหะชุมชน")
BANGKOK_COMMUNITIES = 2010
# The first day of FY 2567, 2568, 2569 and 2570: a few communities of each district were entered in each.
FY_STARTS = (dt.date(2023, 10, 1), dt.date(2024, 10, 1), dt.date(2025, 10, 1), dt.date(2026, 10, 1))


def _community_names(rng: random.Random, subdistricts: list[str], count: int) -> list[tuple[str, str]]:
    """``count`` distinct (name, sub-district code) pairs built from the district's sub-district names."""
    pairs = [
        (("ชุมชน" + pattern.format(geothai.subdistrict(code).name_th)), code)  # type: ignore[union-attr]
        for code in subdistricts
        for pattern in COMMUNITY_PATTERNS
    ]
    rng.shuffle(pairs)
    while len(pairs) < count:  # a district with one small sub-district: numbered lanes
        code = rng.choice(subdistricts)
        pairs.append((f"ชุมชนซอย {len(pairs) + 1} {geothai.subdistrict(code).name_th}", code))  # type: ignore[union-attr]
    return pairs[:count]


def _communities_and_households(rng: random.Random, today: dt.date) -> None:
    """About 2,010 communities with distinct names; in each district a few entered in full, one in each of
    FY 2567–2570 (so each year's One Map figure differs), and one partly entered."""
    areas = bangkok_areas()
    by_district_subs: dict[str, list[str]] = {}
    for area in areas:
        by_district_subs.setdefault(area.district, []).append(area.subdistrict)
    districts = sorted(by_district_subs)
    weights = [rng.uniform(0.5, 1.5) for _ in districts]
    counts = [max(8, round(BANGKOK_COMMUNITIES * w / sum(weights))) for w in weights]
    communities = []
    for district, count in zip(districts, counts, strict=True):
        for n, (name, sub) in enumerate(
            _community_names(rng, sorted(set(by_district_subs[district])), count), 1
        ):
            communities.append(
                Community(
                    code=f"{district}{n:03d}",
                    name=name,
                    district_code=district,
                    subdistrict_code=sub,
                    community_type=rng.choice(COMMUNITY_TYPES),
                    households_total=rng.randrange(60, 450),
                )
            )
    Community.objects.bulk_create(communities, batch_size=1000)
    occupations = list(Occupation.objects.all())
    created: list[tuple[Household, dt.datetime]] = []
    members = []
    for district in districts:
        in_district = list(Community.objects.filter(district_code=district).order_by("code"))
        for index, community in enumerate(rng.sample(in_district, min(5, len(in_district)))):
            full = index < 4  # four entered in full (one per fiscal year), one partly
            size = rng.randrange(12, 30)
            community.households_total = size
            community.save(update_fields=["households_total"])
            start = min(FY_STARTS[index % 4], today)
            latest = max(0, min(330, (today - start).days))
            for _h in range(size if full else size // 2):
                day = start + dt.timedelta(days=rng.randrange(0, latest + 1))
                when = dt.datetime.combine(day, dt.time(10))
                household = Household(
                    community=community,
                    house_no=f"{rng.randrange(1, 500)}/{rng.randrange(1, 50)}",
                    building_type=rng.choice(("detached", "townhouse", "row_room", "temporary")),
                    years_lived=rng.randrange(1, 40),
                    land_owner=rng.choice(("own", "private", "state", "temple", "crown")),
                    latitude=13.65 + rng.random() / 4,
                    longitude=100.45 + rng.random() / 3,
                    subdistrict_code=community.subdistrict_code,
                    district_code=district,
                    sensitive_consent=rng.random() < 0.6,
                )
                created.append((household, timezone.make_aware(when)))
    Household.objects.bulk_create([h for h, _w in created], batch_size=1000)
    for household, when in created:
        household.created_at = when  # entered in its fiscal year: bulk_create stamps "now"
        household.consent_given_on = when.date() if household.sensitive_consent else None
        head_sex = rng.choice("MF")
        head_first, family = corpus_name(rng, head_sex)
        head_born = born_at_age(rng, rng.randrange(25, 78), today)
        head = HouseholdMember(
            household=household, name=f"{head_first} {family}", relation=HEAD, birth_date=head_born
        )
        for member in [head, *_relatives(rng, head_born, head_sex, family, today, rng.randrange(0, 5))]:
            member.household = household
            member.age = age_on(member.birth_date, today) if member.birth_date else None
            adult = member.age is not None and member.age >= 18
            member.education = _education(rng, member.age)
            member.occupation = rng.choice(occupations) if adult and rng.random() < 0.8 else None
            member.has_disability = (rng.random() < 0.05) if household.sensitive_consent else None
            member.is_bedridden = (
                (rng.random() < (0.12 if (member.age or 0) >= 75 else 0.01))
                if household.sensitive_consent
                else None
            )
            members.append(member)
    Household.objects.bulk_update(
        [h for h, _w in created], ["created_at", "consent_given_on"], batch_size=1000
    )
    HouseholdMember.objects.bulk_create(members, batch_size=2000)
    _registered_households(rng, occupations)


HEAD = "หัวหน้าครัวเรือน"
# Relation → (years older than the head: low, high) — a parent 20–40 years older, a child 20–40 younger.
RELATIONS: dict[str, tuple[int, int]] = {
    "คู่สมรส": (-6, 6),
    "บุตร": (-40, -18),
    "บิดา": (20, 40),
    "มารดา": (18, 38),
    "หลาน": (-60, -40),
    "พี่น้อง": (-10, 10),
}


OLDEST = 95


def _relatives(
    rng: random.Random, head_born: dt.date, head_sex: str, family: str, today: dt.date, count: int
) -> list[HouseholdMember]:
    """Up to ``count`` members whose birth dates fit their relation to the head: a spouse near the head's
    age, children and grandchildren younger, parents older (only while they would be at most ``OLDEST``);
    one spouse, one father, one mother at most."""
    head_age = age_on(head_born, today)
    found: list[HouseholdMember] = []
    taken: set[str] = set()
    for _n in range(count):
        options = [
            relation
            for relation, (low, high) in RELATIONS.items()
            if relation not in taken
            and head_age + high >= 0
            and head_age + low <= OLDEST
            and (relation != "คู่สมรส" or head_age >= 20)
        ]
        options += ["บุตร"] * 2 if "บุตร" in options else []  # children are the most common members
        if not options:
            break
        relation = rng.choice(options)
        if relation in ("คู่สมรส", "บิดา", "มารดา"):
            taken.add(relation)
        low, high = RELATIONS[relation]
        age = head_age + rng.randint(max(low, -head_age), min(high, OLDEST - head_age))
        sex = {"บิดา": "M", "มารดา": "F", "คู่สมรส": "F" if head_sex == "M" else "M"}.get(
            relation, rng.choice("MF")
        )
        first, _family = corpus_name(rng, sex)
        found.append(
            HouseholdMember(
                name=f"{first} {family}", relation=relation, birth_date=born_at_age(rng, age, today)
            )
        )
    return found


def _education(rng: random.Random, age: int | None) -> str:
    if age is None or age < 7:
        return ""
    if age < 13:
        return "primary"
    if age < 16:
        return "lower_secondary"
    if age >= 60:
        return rng.choice(("none", "primary", "primary", "lower_secondary"))
    return rng.choice(
        ("primary", "lower_secondary", "upper_secondary", "upper_secondary", "diploma", "bachelor")
    )


def _registered_households(rng: random.Random, occupations: list[Occupation]) -> None:
    """Households of registered people (their pages link to them), entered this year."""
    today = timezone.localdate()
    ids = sorted(Person.objects.values_list("id", flat=True))
    people = list(
        Person.objects.filter(pk__in=rng.sample(ids, min(300, len(ids))))
        .order_by("id")
        .only(
            "id", "district_code", "subdistrict_code", "birth_date", "sex", "last_name", "title", "first_name"
        )
    )
    by_district = {c.district_code: c for c in Community.objects.order_by("-code")}
    for person in people:
        household = Household.objects.create(
            community=by_district.get(person.district_code),
            house_no=f"{rng.randrange(1, 500)}/{rng.randrange(1, 50)}",
            building_type=rng.choice(("detached", "townhouse", "row_room", "temporary")),
            years_lived=rng.randrange(1, 40),
            land_owner=rng.choice(("own", "private", "state", "temple")),
            latitude=13.75 + rng.random() / 5,
            longitude=100.50 + rng.random() / 5,
            subdistrict_code=person.subdistrict_code,
            district_code=person.district_code,
        )
        HouseholdMember.objects.create(
            household=household,
            person=person,
            name=str(person),
            relation=HEAD,
            birth_date=person.birth_date,
            age=age_on(person.birth_date, today) if person.birth_date else None,
        )
        if person.birth_date is None:
            continue
        for member in _relatives(
            rng, person.birth_date, person.sex, person.last_name, today, rng.randrange(1, 4)
        ):
            member.household = household
            member.age = age_on(member.birth_date, today) if member.birth_date else None
            member.education = _education(rng, member.age)
            member.occupation = rng.choice(occupations) if (member.age or 0) >= 18 else None
            member.save()


# Kinds of activity: (kind, title, scheme codes, turnout: the typical share of the district's registered
# people, its spread, the fewest). A talk in a community hall draws a crowd, a training course is a class,
# a QR registration day goes by the turnout.
ACTIVITY_KINDS = (
    ("info_session", "ให้ความรู้ประกันสังคม มาตรา 40", ("s40",), (0.35, 0.40, 12)),
    ("training", "อบรมการวางแผนการเงิน", ("nsf", "financial_literacy"), (0.15, 0.30, 8)),
    ("qr_campaign", "รณรงค์ลงทะเบียนผ่าน QR Code", ("s40", "nsf"), (0.40, 0.45, 10)),
    ("service_day", "หน่วยบริการเคลื่อนที่ สิทธิและสวัสดิการแรงงานนอกระบบ", ("s40", "ucs"), (0.25, 0.45, 10)),
)
ACTIVITY_DISTRICTS = ("1001", "1006", "1010", "1020", "1030", "1040", "1050")


def _activities(rng: random.Random, today: dt.date) -> None:
    """Two to four activities in each of a few districts; how many took part is drawn per activity: a share
    of the district's registered people typical of the kind, times how well the district usually draws
    people (seeded by the district code), never more than two thirds of its people."""
    units = {u.code: u for u in OrgUnit.objects.filter(code__startswith="BMA-D")}
    targets = list(Occupation.objects.filter(is_target_group=True))
    schemes = {s.code: s for s in Scheme.objects.all()}
    for district in ACTIVITY_DISTRICTS:
        unit = units.get(f"BMA-D{district}")
        if unit is None:
            continue
        local = random.Random(f"activities-{district}")  # noqa: S311 - made-up data, not secrets
        reach = local.uniform(0.7, 1.3)  # how well the district usually brings people together
        ids = sorted(Person.objects.filter(district_code=district).values_list("id", flat=True))
        subdistricts = [s.name_th for s in geothai.subdistricts(district)] or [district]
        for i in range(local.randint(2, 4)):
            kind, title, codes, (share, spread, fewest) = ACTIVITY_KINDS[(i + int(district)) % 4]
            held = today - dt.timedelta(days=local.randrange(10, 300))
            size = round(share * len(ids) * reach * math.exp(local.gauss(0, spread)))
            size = min(len(ids) * 2 // 3, max(fewest, size))  # never the whole district
            place = local.choice(("ศาลาประชาคม", "ลานกิจกรรมชุมชน", "หอประชุมสำนักงานเขต", "ศูนย์บริการสาธารณสุข"))
            activity = Activity.objects.create(
                title=title,
                kind=kind,
                held_on=held,
                fiscal_year=fiscal_year_of(held),
                place=f"{place} แขวง{local.choice(subdistricts)}",
                unit=unit,
                district_code=district,
            )
            activity.target_occupations.set(targets)
            activity.schemes.set([schemes[c] for c in codes if c in schemes])
            chosen = sorted(local.sample(ids, size))
            Participation.objects.bulk_create([Participation(activity=activity, person_id=p) for p in chosen])
            ContactAttempt.objects.bulk_create(
                [
                    ContactAttempt(
                        person_id=p, contacted_on=held, channel="phone", reached=rng.random() < 0.7
                    )
                    for p in chosen[: max(3, size // 3)]
                ]
            )


def _people_with_history() -> None:
    """A few people entered and edited through the services (history tab), one with a likely duplicate."""
    actor = User.objects.filter(username="phranakhon").first()
    from nokrabob.registry.rules.national_id import make_national_id

    person = person_create(
        actor=actor,
        fields={"national_id": make_national_id("110170055501"), "title": "นาง", "first_name": "นงลักษณ์",
                "last_name": "ใจงาม", "birth_date": dt.date(1982, 3, 15), "phone": "0812223333",
                "subdistrict_code": "100101", "house_no": "99/1"},
        consent=ConsentInput(lawful_basis="consent", sensitive_data_consent=True),
        allow_candidates=True,
    )  # fmt: skip
    person_update(actor=actor, person=person, fields={"monthly_income": 9000, "road": "มหาราช"})
    person_create(
        actor=actor,
        fields={"title": "นาง", "first_name": "นงลักษ์", "last_name": "ใจงาม",
                "birth_date": dt.date(1982, 3, 15),
                "phone": "081-222-3333", "subdistrict_code": "100101"},
        allow_candidates=True,
    )  # fmt: skip
