"""Fixtures every test may use: the org hierarchy (loaded once per session) and users per role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test.client import ClientMixin

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


@pytest.fixture(autouse=True)
def _fresh_reference_lists():  # type: ignore[no-untyped-def]
    """The registry's reference lists kept in the cache (``registry.catalogue``) would outlive a test's
    rollback or a browser test's flush, which send no signal."""
    from django.core.cache import cache

    from nokrabob.registry.catalogue import KEY

    cache.delete(KEY)


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):  # type: ignore[no-untyped-def]
    """``client.force_login`` stands for a whole login, the second factor included, for the roles that
    require one: it gives the user an authenticator (if none) and marks the session as having passed it.
    The login tests themselves go through the real pages (nokrabob/accounts/tests/test_two_factor.py);
    ``force_login_password_only`` gives a session that has passed the password only."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from nokrabob.accounts import twofactor

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):  # type: ignore[no-untyped-def]
        original(self, user, backend)
        if twofactor.requires_two_factor(user):
            device = authenticator_for(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
    monkeypatch.setattr(ClientMixin, "force_login_password_only", original, raising=False)


def authenticator_for(user: User):  # type: ignore[no-untyped-def]
    """The user's confirmed authenticator, made if missing (``totp_code(device)`` gives its current code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device, *, offset: int = 0) -> str:  # type: ignore[no-untyped-def]
    """The code the authenticator app shows now (``offset`` steps of 30 s later)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"
