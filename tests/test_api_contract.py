"""The API keeps its own contract: schemathesis reads the live OpenAPI document (``/api/schema/``) and sends
generated requests — valid ones and deliberately wrong ones — to every operation through Django's WSGI app,
with a district officer's token and with an administrator's token, over the scope sweep's records.

Every response must be documented (status code, content type, body schema) and none may be a 500. The run
is bounded: a fixed number of examples per operation and mode, derandomised so a failure repeats.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nokrabob.api.services import token_issue
from nokrabob.imports.services import batch_create

from .scope.world import World, build_world

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 8  # per operation, per generation mode (and once more with a real record's id)
SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(db, org_units, make_user) -> World:  # type: ignore[no-untyped-def]
    cache.clear()
    return build_world(make_user)


@pytest.fixture
def wsgi_app(settings) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """Django's WSGI app, called in the test's transaction: as Django's test client does, the request
    signals must not close the connection (that would end the transaction the records live in)."""
    settings.API_RATE_PER_MINUTE = 1_000_000  # the throttle has its own tests; here it gets in the way
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _batch(world: World, viewer: str) -> int:
    """An uploaded list of the viewer's office, waiting for its mapping."""
    upload = SimpleUploadedFile(
        "list.csv", "ชื่อ,นามสกุล,เขต\nสมใจ,ทองดี,พระนคร\n".encode(), content_type="text/csv"
    )
    owner = world.user("d1001" if viewer == "admin" else viewer)
    return batch_create(actor=owner, upload=upload).pk


def _record_ids(world: World, viewer: str) -> dict[str, int]:
    """A record of each kind the viewer may read, for the operations whose path names one."""
    person = world.own(viewer).person.pk
    batch = _batch(world, viewer)
    ids = {
        "/api/v1/people/{id}/": person,
        "/api/v1/collection/campaigns/{id}/progress/": world.campaign.pk,
        "/api/v1/collection/campaigns/{id}/submissions/": world.campaign.pk,
        "/api/v1/collection/submissions/{id}/": world.own(viewer).submission.pk,
        "/api/v1/performance/indicators/{id}/": world.indicator.pk,
        "/api/v1/performance/indicators/{id}/snapshots/": world.indicator.pk,
        "/api/v1/projects/projects/{id}/": world.projects["BMA-D1001"].pk,
        "/api/v1/projects/action-plans/{id}/": world.plans["PLO-50"].pk,
    }
    for part in ("occupations", "welfare", "consents", "households"):
        ids[f"/api/v1/people/{{id}}/{part}/"] = person
    for part in ("", "mapping/", "start/", "errors/", "values/"):
        ids[f"/api/v1/imports/{{id}}/{part}"] = batch
    return ids


def _run(operation: Any, headers: dict[str, str], mode: GenerationMode, **fixed: Any) -> list[str]:
    failures: list[str] = []
    strategy = operation.as_strategy(generation_mode=mode, headers=headers, **fixed)

    @SETTINGS
    @given(case=strategy)
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        check()
    except BaseException as exc:  # one report per operation (schemathesis raises an ExceptionGroup)
        if isinstance(exc, KeyboardInterrupt):
            raise
        where = f"{operation.label} [{mode.value}{' ' + str(fixed) if fixed else ''}]"
        failures.append(f"{where}: {str(exc)[:2500]}")
    return failures


@pytest.mark.parametrize("viewer", ["d1001", "admin"])
def test_every_response_matches_the_schema(world, wsgi_app, viewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _token, key = token_issue(actor=None, user=world.user(viewer), label="contract")
    headers = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    records = _record_ids(world, viewer)
    failures: list[str] = []
    seen: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/schema/"):
            continue
        seen.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += _run(operation, headers, mode)
        if operation.path in records:
            failures += _run(
                operation, headers, GenerationMode.POSITIVE, path_parameters={"id": records[operation.path]}
            )
    assert len(seen) >= 31, seen  # every endpoint was reached, not an empty schema
    no_record = [label for label in seen if "{" in label and label.split(" ", 1)[1] not in records]
    assert not no_record, f"give these operations a real record in _record_ids: {no_record}"
    assert not failures, "\n\n".join(failures)
