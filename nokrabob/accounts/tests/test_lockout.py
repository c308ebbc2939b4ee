"""Lockout by username *and* address, and an address spraying passwords over many usernames."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from conftest import TEST_PASSWORD, authenticator_for, totp_code
from nokrabob.accounts.roles import Role

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
ATTACKER, OFFICE, OTHER_OFFICE = "203.0.113.66", "10.20.0.5", "10.30.0.9"


@pytest.fixture(autouse=True)
def _clear_counters():
    cache.clear()
    yield
    cache.clear()


def attempt(client, username, password, address, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def test_guessing_admins_password_from_one_address_locks_that_address_only(client, make_user):
    admin = make_user(Role.ADMIN, username="admin")
    device = authenticator_for(admin)
    for _ in range(10):
        attempt(client, "admin", "guess", ATTACKER)
    locked = attempt(client, "admin", TEST_PASSWORD, ATTACKER)
    assert locked.status_code == 429 and "ล็อก" in locked.content.decode()

    # The administrator, at the office, is not locked out by the attacker.
    office = client.__class__()
    assert attempt(office, "admin", TEST_PASSWORD, OFFICE)["Location"] == CODE
    assert office.post(CODE, {"code": totp_code(device)}, REMOTE_ADDR=OFFICE)["Location"] == "/"
    assert office.get("/audit/", REMOTE_ADDR=OFFICE).status_code == 200


def test_five_wrong_passwords_lock_the_username_from_that_address(client, make_user):
    officer = make_user(Role.DISTRICT_STAFF)
    for _ in range(4):
        assert attempt(client, officer.username, "typo", OFFICE).status_code == 200
    assert attempt(client, officer.username, "typo", OFFICE).status_code == 429  # the fifth locks
    assert attempt(client, officer.username, TEST_PASSWORD, OFFICE).status_code == 429
    assert attempt(client.__class__(), officer.username, TEST_PASSWORD, OTHER_OFFICE)["Location"] == "/"


def test_wrong_codes_count_like_wrong_passwords(client, make_user):
    admin = make_user(Role.ADMIN)
    device = authenticator_for(admin)
    attempt(client, admin.username, TEST_PASSWORD, ATTACKER)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    for _ in range(5):
        type(device).objects.filter(pk=device.pk).update(throttling_failure_count=0)
        client.post(CODE, {"code": wrong}, REMOTE_ADDR=ATTACKER)
    type(device).objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert client.post(CODE, {"code": totp_code(device)}, REMOTE_ADDR=ATTACKER).status_code == 429
    assert client.get("/", REMOTE_ADDR=ATTACKER)["Location"].startswith(LOGIN)


def test_spraying_one_password_over_many_users_blocks_the_address(client, make_user, settings):
    settings.LOGIN_ADDRESS_USERNAME_LIMIT = 10
    victims = [make_user(Role.DISTRICT_STAFF) for _ in range(12)]
    answers = [attempt(client, user.username, "Bangkok2569!", ATTACKER).status_code for user in victims[:10]]
    assert answers == [200] * 10  # one try each: no username reaches its own limit
    # The address is now refused, even with a right password.
    blocked = attempt(client, victims[11].username, TEST_PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    # Other addresses are not.
    assert attempt(client.__class__(), victims[11].username, TEST_PASSWORD, OFFICE)["Location"] == "/"


def test_an_office_whose_staff_mistype_is_not_blocked(client, make_user, settings):
    settings.LOGIN_ADDRESS_USERNAME_LIMIT = 10
    staff = [make_user(Role.DISTRICT_STAFF) for _ in range(4)]
    for user in staff:
        for _ in range(3):
            attempt(client, user.username, "typo", OFFICE)
    for user in staff:
        assert attempt(client.__class__(), user.username, TEST_PASSWORD, OFFICE)["Location"] == "/"


def test_behind_the_proxy_the_lockout_follows_the_clients_address(client, make_user, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    officer = make_user(Role.DISTRICT_STAFF)
    proxy = "127.0.0.1"
    for _ in range(5):
        attempt(client, officer.username, "guess", proxy, HTTP_X_REAL_IP=ATTACKER)
    assert attempt(client, officer.username, TEST_PASSWORD, proxy, HTTP_X_REAL_IP=ATTACKER).status_code == 429
    # Everyone arrives from the proxy's address, and the officer is not locked out.
    fresh = client.__class__()
    assert attempt(fresh, officer.username, TEST_PASSWORD, proxy, HTTP_X_REAL_IP=OFFICE)["Location"] == "/"
