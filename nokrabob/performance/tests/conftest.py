"""Fixtures of the performance tests: a register counted by hand, communities, the department."""

from __future__ import annotations

import pytest

from nokrabob.core.models import OrgUnit
from nokrabob.registry.models import Community

from .registers import FY, Register, build_communities, build_register, make_indicator

__all__ = ["FY", "make_indicator"]


@pytest.fixture
def register(db, org_units) -> Register:
    return build_register()


@pytest.fixture
def communities(db) -> list[Community]:
    return build_communities()


@pytest.fixture
def department_unit(org_units) -> OrgUnit:
    return OrgUnit.objects.get(code="2400")
