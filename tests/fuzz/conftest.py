"""The fuzz tests' world, their Hypothesis profile, and the checks every example ends with.

Profiles: ``fuzz`` (the default, and what CI runs) is derandomised, so a run repeats exactly; set
``NOKRABOB_FUZZ_PROFILE=fuzz-explore`` to draw fresh examples (more of them, remembered in Hypothesis'
example database) when hunting on a workstation.

Each example runs inside a savepoint that is rolled back (``rolled_back``): every example starts from the
same world, and a database error in one cannot poison the next. That is why the function-scoped fixtures
(the client and the world) may be shared by the examples of a test, and the health check that warns about
them is switched off on purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from django.db import connection, transaction
from django.forms import BaseForm, BaseFormSet
from django.utils import timezone
from hypothesis import HealthCheck, settings

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.models import OrgUnit
from nokrabob.imports.models import ImportReviewItem
from nokrabob.performance.models import ActionStep, Indicator
from nokrabob.registry.rules.national_id import make_national_id
from nokrabob.registry.services import person_create
from tests.scope.world import World, build_world

settings.register_profile(
    "fuzz",
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile(
    "fuzz-explore", parent=settings.get_profile("fuzz"), max_examples=60, derandomize=False
)
PROFILE = settings.get_profile(os.environ.get("NOKRABOB_FUZZ_PROFILE", "fuzz"))

# Tables a refused request may still write to: the audit trail (reads and refusals are audited on
# purpose) and an API token's time of last use (recorded on every request it signs).
NOT_COMPARED = {"audit.auditevent", "api.apitoken"}


@dataclass
class FuzzWorld:
    """The scope sweep's world (four areas, every role) and the records the forms need besides."""

    base: World
    second_person: Any
    indicator: Indicator
    batch: Any
    review_item: Any
    media: Path

    def user(self, key: str) -> Any:
        return self.base.user(key)

    def area(self, key: str) -> Any:
        return self.base.area(key)


@pytest.fixture
def fuzz_world(db, org_units, make_user, settings, tmp_path) -> FuzzWorld:  # type: ignore[no-untyped-def]
    from nokrabob.imports.services import batch_create
    from tests.fuzz.strategies import csv_bytes

    cache.clear()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.COLLECTION_RATE_LIMIT = 1_000_000
    settings.API_RATE_PER_MINUTE = 1_000_000
    base = build_world(make_user)
    second = person_create(
        actor=None,
        fields={
            "national_id": make_national_id("310010099887"),
            "first_name": "ทดสอบสอง",
            "last_name": "ทองใบเตย",
            "birth_date": dt.date(1981, 2, 3),
            "subdistrict_code": "100101",
        },
        allow_candidates=True,
    )
    today = timezone.localdate()
    unit = OrgUnit.objects.get(code="2400")
    indicator = Indicator.objects.create(
        fiscal_year=FiscalYear.of(today).be,
        code="FUZZ-1",
        name="ตัวชี้วัดของการทดสอบข้อมูลสุ่ม",
        lead_unit=unit,
        unit_of_measure="percent",
        target=80,
        weight=10,
        measure_kind="formula",
        report_due_days=120,
    )
    indicator.owner_units.add(unit)
    ActionStep.objects.create(indicator=indicator, number=1, title="ประชุม", start_month=1, end_month=3)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "list.csv",
        csv_bytes([["ชื่อ", "นามสกุล", "เขต", "อาชีพ"], ["สมใจ", "ทองดี", "พระนคร", "ขายของริมทาง"]]),
    )
    batch = batch_create(actor=base.user("d1001"), upload=upload)
    review_item = ImportReviewItem.objects.create(
        batch=batch,
        row_number=2,
        fields={"first_name": "ทดสอบ", "last_name": "ทองใบเตย", "subdistrict_code": "100101"},
        province_code="10",
        district_code="1001",
        candidate=base.area("1001").person,
        reason="ชื่อออกเสียงคล้ายกัน",
    )
    return FuzzWorld(base, second, indicator, batch, review_item, Path(django_settings.MEDIA_ROOT))


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a savepoint that is always rolled back; the cache (rate limits) starts empty."""
    cache.clear()
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def _models() -> list[Any]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("nokrabob.")
        and m._meta.label_lower not in NOT_COMPARED
        and m._meta.managed
    ]


def fingerprint(*folders: Path) -> dict[str, str]:
    """A digest of every row of every table of the project's apps (but the audit trail) and of the files
    under ``folders``: equal before and after a request when it wrote nothing."""
    state: dict[str, str] = {}
    with connection.cursor() as cursor:
        for model in _models():
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
            digest = hashlib.blake2b(repr(cursor.fetchall()).encode(), digest_size=16)
            state[model._meta.label_lower] = digest.hexdigest()
    for folder in folders:
        files = (
            sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
            if folder.exists()
            else []
        )
        state[f"files:{folder}"] = repr(files)
    return state


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def refusal_messages(response: Any) -> list[str]:
    """The error messages this request added (a post refused with a message, not a form); messages left
    in the cookie by an earlier request are not its own."""
    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return [str(m) for m in queued if m.level >= message_levels.ERROR]


def form_errors(response: Any) -> list[str]:
    """Errors of the bound forms and formsets a page was rendered with."""
    found: list[str] = []
    for context in response.context or []:
        for value in context.flatten().values():
            if (isinstance(value, BaseForm) and value.is_bound and value.errors) or (
                isinstance(value, BaseFormSet) and value.is_bound and not value.is_valid()
            ):
                found.append(repr(value.errors)[:300])
    return found
