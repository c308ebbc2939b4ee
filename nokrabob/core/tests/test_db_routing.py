"""The replica router's rules, on either engine (the real primary and replica: tests/replication)."""

from __future__ import annotations

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from nokrabob.core import db_routing
from nokrabob.core.db_routing import (
    PIN_COOKIE,
    PrimaryPinMiddleware,
    ReplicaRouter,
    read_alias,
    reads_from_replica,
    replica_reads,
)


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(db_routing, "replica_configured", lambda: True)


def test_without_a_replica_everything_reads_the_primary():
    with replica_reads():
        assert read_alias() == "default"


def test_only_marked_reads_outside_a_transaction_go_to_the_replica(with_replica, monkeypatch):
    assert read_alias() == "default"
    with replica_reads():
        assert read_alias() == "replica"
        # Inside a transaction (e.g. the audit chain's last row, read before its write): the primary.
        monkeypatch.setattr(connections["default"], "in_atomic_block", True)
        assert read_alias() == "default"
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is True


def test_a_write_pins_the_browser_to_the_primary(with_replica, settings):
    settings.REPLICA_PIN_SECONDS = 15
    seen = []

    @reads_from_replica
    def page(request):
        seen.append(read_alias())
        return HttpResponse("ok")

    middleware = PrimaryPinMiddleware(page)
    factory = RequestFactory()
    middleware(factory.get("/registry/"))
    posted = middleware(factory.post("/registry/new/"))
    assert PIN_COOKIE in posted.cookies and posted.cookies[PIN_COOKIE]["httponly"]
    pinned = factory.get("/registry/")
    pinned.COOKIES[PIN_COOKIE] = posted.cookies[PIN_COOKIE].value
    middleware(pinned)
    forged = factory.get("/registry/")
    forged.COOKIES[PIN_COOKIE] = "1"  # unsigned: ignored
    middleware(forged)
    assert seen == ["replica", "default", "default", "replica"]


def test_no_pin_cookie_without_a_replica():
    response = PrimaryPinMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().post("/x/"))
    assert PIN_COOKIE not in response.cookies
