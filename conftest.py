"""Fixtures every test may use: the org hierarchy (loaded once per session) and users per role."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.core.models import OrgUnit
from nokrabob.core.reference import (
    POLICY_OFFICE_CODE,
    SOCIAL_DEVELOPMENT_CODE,
    STRATEGY_EVALUATION_CODE,
    district_office_code,
    load_org_units,
    provincial_labour_office_code,
)

TEST_PASSWORD = "correct-horse-battery"  # noqa: S105 - test fixture


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the organisation hierarchy once into the test database; tests roll back their own rows."""
    with django_db_blocker.unblock():
        load_org_units()


@pytest.fixture
def org_units(db):  # type: ignore[no-untyped-def]
    """For transactional tests (the browser suite), whose flush empties the reference tables."""
    if not OrgUnit.objects.exists():
        load_org_units()


DEFAULT_UNIT_FOR_ROLE: dict[str, str] = {
    Role.ADMIN: SOCIAL_DEVELOPMENT_CODE,
    Role.DEPARTMENT_STAFF: SOCIAL_DEVELOPMENT_CODE,
    Role.DISTRICT_STAFF: district_office_code("1001"),
    Role.PROVINCIAL_STAFF: provincial_labour_office_code("50"),
    Role.POLICY_STAFF: POLICY_OFFICE_CODE,
    Role.ASSESSOR: STRATEGY_EVALUATION_CODE,
    Role.EXECUTIVE: SOCIAL_DEVELOPMENT_CODE,
    Role.DPO: SOCIAL_DEVELOPMENT_CODE,
}


@pytest.fixture
def make_user(db, org_units) -> Callable[..., User]:  # type: ignore[no-untyped-def]
    """``make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")`` → a saved, active user."""
    counter = {"n": 0}

    def _make(role: str = Role.DEPARTMENT_STAFF, *, unit_code: str | None = None, **extra: object) -> User:
        counter["n"] += 1
        code = unit_code or DEFAULT_UNIT_FOR_ROLE[role]
        user = User(
            username=str(extra.pop("username", f"{role}-{counter['n']}")),
            role=role,
            unit=OrgUnit.objects.get(code=code),
            first_name=str(extra.pop("first_name", "ทดสอบ")),
            last_name=str(extra.pop("last_name", "ระบบ")),
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
            **extra,
        )
        user.set_password(TEST_PASSWORD)
        user.save()
        return user

    return _make


@pytest.fixture
def district_user(make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(Role.DISTRICT_STAFF, unit_code=district_office_code("1001"))


@pytest.fixture
def admin_user_(make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user(Role.ADMIN)
