"""The world of the scope sweep (``world.py``) as a fixture, and a logged-in client helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from .world import World, build_world


@pytest.fixture
def world(db, org_units, make_user) -> World:  # type: ignore[no-untyped-def]
    cache.clear()  # the outreach counts are cached per scope
    return build_world(make_user)


@pytest.fixture
def as_user(client, world):  # type: ignore[no-untyped-def]
    """``as_user("d1001")`` → the test client logged in as that user of the world."""

    def _login(key: str) -> Any:
        client.force_login(world.user(key))
        return client

    return _login
