"""The import's fast row rules give the registry's answers on the same inputs."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from nokrabob.core.errors import DomainError
from nokrabob.registry.rules.area import area_index, resolve_area, resolve_area_text
from nokrabob.registry.rules.dates import check_birth_date
from nokrabob.registry.rules.national_id import (
    clean_id,
    clean_national_id,
    id_column,
    make_national_id,
    national_id_error,
)
from nokrabob.registry.rules.national_id import id_ok as fast_id_ok
from nokrabob.registry.rules.phone import check_phone, exact_phone, normalise_phone, phone_column, phone_ok


def _id_samples() -> list[str]:
    rng = random.Random(40)
    samples = ["", "0", "0" * 13, "9" * 13, "1234567890123", "1-2345-67890-12-1", "abcdefghijklm",
               "12345678901234", " 1101700203468 ", "1101700203468", "0101700203451"]  # fmt: skip
    samples.append("๑๒๓๔๕๖๗๘๙๐๑๒๓")
    for _ in range(3000):
        first = rng.choice("0123456789")
        valid = make_national_id(first + "".join(rng.choice("0123456789") for _ in range(11)))
        samples.append(valid)
        samples.append(valid[:12] + str((int(valid[12]) + rng.randrange(1, 10)) % 10))
        samples.append(valid[:-1])
    return samples


def test_national_id_rule_agrees_with_the_registry_on_every_sample() -> None:
    for raw in _id_samples():
        cleaned = clean_id(raw)
        assert cleaned == clean_national_id(raw), raw
        assert fast_id_ok(cleaned) is (national_id_error(cleaned) is None), raw


def test_national_id_column_agrees_with_the_one_value_rule() -> None:
    stripped = [raw.strip() for raw in _id_samples()]
    ids, refused = id_column(stripped)
    assert ids == [clean_national_id(raw) or None for raw in stripped]
    assert refused == [
        i for i, raw in enumerate(stripped) if raw and national_id_error(clean_national_id(raw))
    ]
    valid = [raw for raw in stripped if raw and national_id_error(raw) is None]  # the bulk trick's case
    assert id_column(valid) == (valid, [])


def test_zero_category_allowed_and_nine_refused() -> None:
    zero = make_national_id("010170020345")
    nine = make_national_id("910170020345")
    assert fast_id_ok(zero) and national_id_error(zero) is None
    assert not fast_id_ok(nine) and national_id_error(nine) is not None


@pytest.mark.parametrize(
    "raw",
    ["0812345678", "081-234-5678", "+66812345678", "66812345678", "๐๘๑๒๓๔๕๖๗๘", "021234567", "12345", "",
     "0812", "(02) 123 4567", "+66 2 123 4567", "08123456789"],
)  # fmt: skip
def test_phone_rule_agrees(raw: str) -> None:
    try:
        expected: str | None = check_phone(raw)
    except DomainError:
        expected = None
    assert phone_ok(normalise_phone(raw)) is (expected is not None)
    assert exact_phone(raw.strip()) == expected
    phones, refused = phone_column([raw.strip(), "0812345678"])
    assert (None if 0 in refused else phones[0]) == expected
    assert phones[1] == "0812345678" and 1 not in refused


def test_birth_date_limits_agree(db) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from nokrabob.imports.normalise import RowNormaliser

    today = timezone.localdate()
    normaliser = RowNormaliser(mapping={"birth_date": 0}, headers=["วันเกิด"], synonyms={}, today=today)
    for day in (today, today + dt.timedelta(days=1), dt.date(today.year - 120, 1, 1),
                dt.date(today.year - 121, 12, 31), dt.date(1967, 1, 5)):  # fmt: skip
        try:
            check_birth_date(day)
            registry_ok = True
        except DomainError:
            registry_ok = False
        found = normaliser._date(day.isoformat())
        assert (not isinstance(found, str)) is registry_ok, day


def test_area_codes_agree_with_the_registry() -> None:
    index = area_index()
    rng = random.Random(3)
    subs = rng.sample(sorted(index.subdistricts), 300)
    for code in subs:
        _name, district, _postal = index.subdistricts[code]
        ours = resolve_area_text(index, "", "", code)
        theirs = resolve_area(subdistrict_code=code)
        assert ours == (
            theirs.province_code,
            theirs.district_code,
            theirs.subdistrict_code,
            theirs.postal_code,
        )
        wrong_district = "1001" if district != "1001" else "1002"
        assert len(resolve_area_text(index, "", wrong_district, code)) == 2
        with pytest.raises(DomainError):
            resolve_area(subdistrict_code=code, district_code=wrong_district)
    for bad in ("999999", "109999"):
        assert len(resolve_area_text(index, "", "", bad)) == 2
        with pytest.raises(DomainError):
            resolve_area(subdistrict_code=bad)
