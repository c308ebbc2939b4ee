"""Small helpers to register people in tests through the real service."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from nokrabob.registry.models import Scheme, WelfareRecord
from nokrabob.registry.rules.national_id import make_national_id
from nokrabob.registry.services import ConsentInput, person_create

_serial = itertools.count(1)


def new_id() -> str:
    return make_national_id(f"3{next(_serial):011d}")


def register(actor: Any, *, consent: ConsentInput | None = None, **fields: Any):  # type: ignore[no-untyped-def]
    base: dict[str, Any] = {
        "national_id": new_id(),
        "title": "นาย",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "birth_date": dt.date(1980, 5, 1),
        "phone": "",
        "subdistrict_code": "100101",
    }
    base.update(fields)
    return person_create(actor=actor, fields=base, consent=consent, allow_candidates=True)


def welfare(person, scheme_code: str, status: str, on: dt.date, **extra: Any) -> WelfareRecord:  # type: ignore[no-untyped-def]
    return WelfareRecord.objects.create(
        person=person,
        scheme=Scheme.objects.get(code=scheme_code),
        status=status,
        recorded_on=on,
        source=extra.pop("source", "staff_verified"),
        **extra,
    )
