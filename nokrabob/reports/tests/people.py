"""Registry rows for the reports tests: people with an occupation and, optionally, a welfare record."""

from __future__ import annotations

import datetime as dt

from nokrabob.registry.models import Occupation, Person, PersonOccupation, Scheme, WelfareRecord
from nokrabob.registry.national_id import make_national_id
from nokrabob.registry.services import person_create


def add_person(
    n: int,
    subdistrict: str,
    *,
    birth: dt.date | None = dt.date(1980, 1, 1),
    sex: str = "F",
    occupation: str = "moto_taxi",
    scheme: str | None = None,
    status: str = "enrolled",
    phone: str = "",
) -> Person:
    person = person_create(
        actor=None,
        fields={
            "national_id": make_national_id(f"1{n:011d}"),
            "first_name": f"สมใจ{n}",
            "last_name": "ทดสอบข้อมูล",
            "birth_date": birth,
            "sex": sex,
            "phone": phone,
            "subdistrict_code": subdistrict,
        },
        allow_candidates=True,
    )
    PersonOccupation.objects.create(person=person, occupation=Occupation.objects.get(code=occupation))
    if scheme:
        WelfareRecord.objects.create(
            person=person,
            scheme=Scheme.objects.get(code=scheme),
            status=status,
            recorded_on=dt.date(2026, 1, 1),
            source="staff_verified",
        )
    return person
