"""A generator of registry people for the benchmark (bench.registry) and the demo data: Thai names,
valid national IDs, all 50 Bangkok districts, occupations and welfare records, written with
``bulk_create`` in batches.

Names are built from syllables so that, as in life, first names repeat (1,600 of them) and last names
hardly do (64,000), which is what makes a full-name search selective.
"""

from __future__ import annotations

import datetime as dt
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
) -> int:
    """Create ``count`` people (serials ``start`` … ``start+count-1``) with one current occupation each
    and welfare records for some. Returns the number created."""
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
    made = 0
    for chunk in batches(count, batch_size):
        people = []
        for offset in chunk:
            serial = start + offset
            area = areas[rng.randrange(len(areas))]
            sex = rng.choice("MF")
            first, last = person_name(rng)
            born = today - dt.timedelta(days=rng.randrange(16 * 365, 75 * 365))
            people.append(
                Person(
                    national_id=national_id_for(serial),
                    title=TITLES[sex],
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
                    monthly_income=Decimal(rng.randrange(3000, 25000)),
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
            for p in people:
                code = rng.choices(occ_codes, occ_weights)[0]
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
