"""A generator of registry people for the benchmark (bench.registry) and the demo data: Thai names,
valid national IDs, all 50 Bangkok districts, occupations and welfare records, written with
``bulk_create`` in batches.

Names are built from syllables so that, as in life, first names repeat (1,600 of them) and last names
hardly do (64,000), which is what makes a full-name search selective.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import geothai

from nokrabob.registry.names import sound_key
from nokrabob.registry.rules.national_id import make_national_id

FIRST = (
    "สม", "ชาย", "ศรี", "สุ", "ดา", "วิ", "ไล", "ประ", "เสริฐ", "บุญ", "มี", "ทอง", "คำ", "อรุณ", "นภา",
    "กมล", "รัตน์", "พร", "ชัย", "วัฒน์", "นิ", "ภา", "จันทร์", "เพ็ญ", "สุข", "ใจ", "มณี", "อำ", "ปรีชา",
    "กาญ", "จนา", "ธนา", "วุฒิ", "อัญ", "ชลี", "พิ", "มล", "เกียรติ", "ศักดิ์", "นวล",
)  # fmt: skip
LAST = (
    "แก้ว", "ทอง", "ศรี", "สุข", "ใจ", "ดี", "รัก", "ไทย", "วงศ์", "สกุล", "เจริญ", "มั่น", "คง", "บุญ",
    "มา", "พงษ์", "ประเสริฐ", "สวัสดิ์", "ชัย", "กุล", "ปัญญา", "นาค", "เพชร", "รุ่ง", "เรือง", "จันทร์",
    "เงิน", "สมบูรณ์", "พันธ์", "ศักดิ์", "อินทร์", "ทิพย์", "สาย", "ฟ้า", "น้ำ", "ใส", "งาม", "ยิ่ง",
    "ยืน", "ยง",
)  # fmt: skip
TITLES = {"M": "นาย", "F": "นาง"}
OCCUPATION_WEIGHTS = {
    "moto_taxi": 15, "street_vendor": 25, "farmer": 5, "home_worker": 10, "domestic_worker": 10,
    "platform_rider": 15, "other": 20,
}  # fmt: skip
WELFARE_STATUSES = ("informed", "applied", "enrolled", "enrolled", "received", "refused")


@dataclass(frozen=True)
class Profile:
    """Who works in an occupation group, roughly: the share of men, age (mean, spread, youngest, oldest)
    and monthly income (median baht, log-normal spread). Rough shapes of Thailand's informal workforce
    (riders young, farmers and home workers older, vendors and farmers with a tail past 60), for demo
    data a district officer finds believable; not statistics."""

    men: float
    age: tuple[float, float, int, int]
    income: tuple[int, float]


PROFILES = {
    "moto_taxi": Profile(0.92, (44, 10, 20, 68), (12_500, 0.30)),
    "street_vendor": Profile(0.35, (47, 12, 18, 78), (10_500, 0.45)),
    "farmer": Profile(0.55, (56, 11, 22, 82), (7_000, 0.50)),
    "home_worker": Profile(0.20, (50, 12, 20, 78), (6_500, 0.40)),
    "domestic_worker": Profile(0.10, (46, 10, 20, 72), (9_000, 0.30)),
    "platform_rider": Profile(0.82, (31, 7, 18, 58), (15_000, 0.35)),
    "other": Profile(0.50, (45, 13, 18, 80), (9_500, 0.50)),
}
# Bangkok's farmland is in the outer east and west: Nong Chok, Lat Krabang, Min Buri, Khlong Sam Wa,
# Bang Khun Thian, Taling Chan, Nong Khaem, Thawi Watthana.
FARMING_DISTRICTS = ("1003", "1011", "1010", "1046", "1021", "1019", "1023", "1048")
# The BMA's city zones: the inner city has fewer residents per district than the suburbs.
INNER_CITY = frozenset(
    ("1001", "1002", "1004", "1007", "1008", "1012", "1013", "1014", "1015", "1016", "1017", "1018",
     "1020", "1025", "1026", "1028", "1031", "1033", "1037", "1039")
)  # fmt: skip
OUTER = frozenset(("1003", "1010", "1011", "1019", "1021", "1023", "1032", "1036", "1040", "1042", "1046",
                   "1048", "1049", "1050"))  # fmt: skip


def corpus_name(rng: random.Random, sex: str) -> tuple[str, str]:
    """A first name for the sex and a family name, from the Thai name lists PyThaiNLP ships."""
    first = rng.choice(_names("male" if sex == "M" else "female"))
    return first, rng.choice(_names("family"))


_NAME_LISTS: dict[str, list[str]] = {}


def _names(kind: str) -> list[str]:
    if kind not in _NAME_LISTS:
        from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

        source = {"male": thai_male_names, "female": thai_female_names, "family": thai_family_names}[kind]
        _NAME_LISTS[kind] = sorted(source())  # sorted: the same seed gives the same names everywhere
    return _NAME_LISTS[kind]


def draw_age(rng: random.Random, occupation: str) -> int:
    mean, spread, youngest, oldest = PROFILES.get(occupation, PROFILES["other"]).age
    return min(oldest, max(youngest, round(rng.gauss(mean, spread))))


def draw_income(rng: random.Random, occupation: str) -> Decimal:
    median, spread = PROFILES.get(occupation, PROFILES["other"]).income
    return Decimal(min(90_000, max(1_500, round(median * math.exp(rng.gauss(0, spread)), -2))))


def title_for(rng: random.Random, sex: str, age: int) -> str:
    """นาย for men; นาง or นางสาว for women, นาง more often with age."""
    if sex == "M":
        return "นาย"
    return "นาง" if rng.random() < min(0.9, max(0.15, (age - 22) / 30)) else "นางสาว"


def born_at_age(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A birth date of someone ``age`` years old today (a random day of that year of life)."""
    return today - dt.timedelta(days=age * 365 + (age // 4) + rng.randrange(0, 365))


def district_weights(areas: list[Area], rng: random.Random) -> list[float]:
    """A weight per sub-district so each district (not each sub-district) gets its share: suburbs more,
    the inner city less, every district a little different."""
    per_district: dict[str, int] = {}
    for area in areas:
        per_district[area.district] = per_district.get(area.district, 0) + 1
    size = {
        code: (0.6 if code in INNER_CITY else 1.5 if code in OUTER else 1.0) * rng.uniform(0.7, 1.3)
        for code in sorted(per_district)
    }
    return [size[a.district] / per_district[a.district] for a in areas]


@dataclass(frozen=True)
class Area:
    subdistrict: str
    district: str
    postal: str


def bangkok_areas() -> list[Area]:
    return [
        Area(s.code, s.district_code, s.postal_codes[0])
        for d in geothai.districts("10")
        for s in geothai.subdistricts(d.code)
    ]


def person_name(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FIRST) + rng.choice(FIRST)
    last = rng.choice(LAST) + rng.choice(LAST) + rng.choice(LAST)
    return first, last


def national_id_for(serial: int) -> str:
    return make_national_id(f"{1 + serial % 8}{serial:011d}")


def batches(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


def generate_people(
    count: int,
    *,
    start: int = 0,
    seed: int = 3,
    batch_size: int = 5000,
    welfare_share: float = 0.4,
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
    realistic: bool = False,
) -> int:
    """Create ``count`` people (serials ``start`` … ``start+count-1``) with one current occupation each
    and welfare records for some. Returns the number created.

    ``realistic`` (the demo): names from the Thai name lists, sex, age and income drawn by occupation
    (``PROFILES``), farmers in the farming districts, districts sized by city zone. Without it (the
    benchmarks) names are built from syllables so last names hardly repeat, and ages and incomes are
    uniform, as the benchmark figures were measured."""
    from django.db import transaction

    from nokrabob.core.models import OrgUnit
    from nokrabob.registry.models import Occupation, Person, PersonOccupation, Scheme, WelfareRecord

    rng = random.Random(seed + start)  # noqa: S311 - made-up data, not secrets
    today = today or dt.date.today()
    areas = bangkok_areas()
    units = dict(OrgUnit.objects.filter(code__startswith="BMA-D").values_list("code", "id"))
    occupations = {o.code: o.pk for o in Occupation.objects.all()}
    occ_codes = [c for c in OCCUPATION_WEIGHTS if c in occupations]
    occ_weights = [OCCUPATION_WEIGHTS[c] for c in occ_codes]
    schemes = dict(Scheme.objects.values_list("code", "id"))
    weights = district_weights(areas, rng) if realistic else None
    farm_areas = [a for a in areas if a.district in FARMING_DISTRICTS]
    made = 0
    for chunk in batches(count, batch_size):
        people = []
        chosen: list[str] = []
        for offset in chunk:
            serial = start + offset
            if realistic:
                code = rng.choices(occ_codes, occ_weights)[0]
                chosen.append(code)
                pool = farm_areas if code == "farmer" and farm_areas else areas
                area = rng.choices(pool, weights if pool is areas else None)[0]
                sex = "M" if rng.random() < PROFILES.get(code, PROFILES["other"]).men else "F"
                first, last = corpus_name(rng, sex)
                age = draw_age(rng, code)
                born, income, title = (
                    born_at_age(rng, age, today),
                    draw_income(rng, code),
                    title_for(rng, sex, age),
                )
            else:
                area = areas[rng.randrange(len(areas))]
                sex = rng.choice("MF")
                first, last = person_name(rng)
                born = today - dt.timedelta(days=rng.randrange(16 * 365, 75 * 365))
                income, title = Decimal(rng.randrange(3000, 25000)), TITLES[sex]
            people.append(
                Person(
                    national_id=national_id_for(serial),
                    title=title,
                    first_name=first,
                    last_name=last,
                    first_name_sound=sound_key(first),
                    last_name_sound=sound_key(last),
                    sex=sex,
                    birth_date=born,
                    phone=f"08{serial % 100_000_000:08d}",
                    house_no=f"{rng.randrange(1, 999)}/{rng.randrange(1, 99)}",
                    subdistrict_code=area.subdistrict,
                    district_code=area.district,
                    province_code="10",
                    postal_code=area.postal,
                    responsible_unit_id=units.get(f"BMA-D{area.district}"),
                    monthly_income=income,
                    source="import",
                )
            )
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=batch_size)
            if people[0].pk is None:  # SQLite before 3.35 returns no ids; look them up
                ids = dict(
                    Person.objects.filter(national_id__in=[p.national_id for p in people]).values_list(
                        "national_id", "id"
                    )
                )
                for p in people:
                    p.pk = p.id = ids[p.national_id]
            jobs, records = [], []
            for index, p in enumerate(people):
                code = chosen[index] if realistic else rng.choices(occ_codes, occ_weights)[0]
                jobs.append(
                    PersonOccupation(person_id=p.pk, occupation_id=occupations[code], is_current=True)
                )
                if rng.random() < welfare_share:
                    records.append(_record(rng, p.pk, schemes["s40"], today, option=rng.choice("123")))
                if rng.random() < 0.05:
                    records.append(_record(rng, p.pk, schemes["s33"], today, status="enrolled"))
                if rng.random() < 0.2:
                    records.append(_record(rng, p.pk, schemes["nsf"], today))
            PersonOccupation.objects.bulk_create(jobs, batch_size=batch_size)
            WelfareRecord.objects.bulk_create(records, batch_size=batch_size)
        made += len(people)
        if progress:
            progress(made)
    return made


def _record(rng: random.Random, person_id: int, scheme_id: int, today: dt.date, **extra: Any) -> Any:
    from nokrabob.registry.models import WelfareRecord

    return WelfareRecord(
        person_id=person_id,
        scheme_id=scheme_id,
        status=extra.pop("status", rng.choice(WELFARE_STATUSES)),
        recorded_on=today - dt.timedelta(days=rng.randrange(1, 1500)),
        source=rng.choice(("self_reported", "agency_list", "staff_verified")),
        **extra,
    )
