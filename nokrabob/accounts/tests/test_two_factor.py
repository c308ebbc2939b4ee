"""Two-factor login through the real pages: setting it up, logging in with a code or a recovery code, and
what the roles that require it may reach before they pass it."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD, authenticator_for, totp_code
from nokrabob.accounts import twofactor
from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.accounts.services import unit_by_code, user_create
from nokrabob.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
SETUP = "/accounts/two-factor/"


@pytest.fixture(autouse=True)
def _clear_counters():
    cache.clear()
    yield
    cache.clear()


def _let_the_wait_pass(device):
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=5)
    )


def password_step(client, user, **extra):
    return client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD}, **extra)


def test_the_admin_without_two_factor_is_sent_to_set_it_up_and_reaches_nothing_else(client, make_user):
    admin = make_user(Role.ADMIN)
    response = password_step(client, admin)
    assert response.status_code == 302
    for path in ("/", "/registry/", "/audit/", "/accounts/users/", "/api/v1/people/", "/admin/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"] == SETUP, path
    page = client.get(SETUP)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "ตั้งค่าการยืนยันตัวตนสองขั้นตอน" in body
    assert "บทบาทของท่านต้องใช้" in body


def test_setting_up_with_the_apps_code_gives_ten_recovery_codes_and_opens_the_site(client, make_user):
    dpo = make_user(Role.DPO)
    password_step(client, dpo)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=dpo, confirmed=False)

    wrong = client.post(SETUP, {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302
    # Right away, even the right code waits: each wrong code doubles the wait (django-otp throttling).
    hurried = client.post(SETUP, {"code": totp_code(device)})
    assert "โปรดรอ 1 วินาที" in hurried.content.decode()
    _let_the_wait_pass(device)

    done = client.post(SETUP, {"code": totp_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(actor=dpo, changes={"two_factor": "enrolled"}).exists()


def test_with_two_factor_the_password_alone_does_not_log_in(client, make_user):
    admin = make_user(Role.ADMIN)
    device = authenticator_for(admin)
    response = password_step(client, admin)
    assert response["Location"] == CODE
    assert client.get("/").status_code == 302
    assert client.get("/")["Location"].startswith(LOGIN)
    assert not AuditEvent.objects.filter(action="login", actor=admin).exists()

    wrong = client.post(CODE, {"code": "123456" if totp_code(device) != "123456" else "654321"})
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", target_label=admin.username).exists()
    assert client.get("/")["Location"].startswith(LOGIN)

    _let_the_wait_pass(device)
    right = client.post(CODE, {"code": totp_code(device)})
    assert right.status_code == 302 and right["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/audit/").status_code == 200
    assert AuditEvent.objects.filter(action="login", actor=admin).exists()


def test_the_same_code_does_not_log_in_twice(client, make_user):
    admin = make_user(Role.ADMIN)
    device = authenticator_for(admin)
    code = totp_code(device)
    password_step(client, admin)
    assert client.post(CODE, {"code": code})["Location"] == "/"
    client.post(reverse("accounts:logout"))

    password_step(client, admin)
    again = client.post(CODE, {"code": code})
    assert again.status_code == 200 and "รหัสไม่ถูกต้อง" in again.content.decode()


def test_a_recovery_code_logs_in_once(client, make_user):
    admin = make_user(Role.ADMIN)
    authenticator_for(admin)
    codes = twofactor.recovery_codes_renew(user=admin)

    password_step(client, admin)
    spaced = f"{codes[3][:4]} {codes[3][4:].upper()}"  # as people type it from paper
    assert client.post(CODE, {"code": spaced})["Location"] == "/"
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    client.post(reverse("accounts:logout"))

    password_step(client, admin)
    reused = client.post(CODE, {"code": codes[3]})
    assert "รหัสไม่ถูกต้อง" in reused.content.decode()


def test_the_code_step_expires_and_follows_only_local_next_links(client, make_user, monkeypatch):
    admin = make_user(Role.ADMIN)
    device = authenticator_for(admin)
    client.post(
        LOGIN + "?next=https://evil.example/", {"username": admin.username, "password": TEST_PASSWORD}
    )
    assert client.post(CODE, {"code": totp_code(device)})["Location"] == "/"
    client.post(reverse("accounts:logout"))

    password_step(client, admin)
    later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(CODE)["Location"] == LOGIN


def test_other_roles_log_in_without_a_code_and_may_turn_it_on(client, make_user):
    officer = make_user(Role.DISTRICT_STAFF)
    assert password_step(client, officer)["Location"] == "/"
    assert client.get("/").status_code == 200
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    client.post(SETUP, {"code": totp_code(device)})
    client.post(reverse("accounts:logout"))

    assert password_step(client, officer)["Location"] == CODE


def test_a_session_of_a_required_role_that_has_not_passed_the_code_is_asked_for_it(client, make_user):
    admin = make_user(Role.ADMIN)
    authenticator_for(admin)
    client.force_login_password_only(admin)
    assert client.get("/registry/")["Location"] == CODE
    assert client.get(CODE).status_code == 200


def test_the_recovery_codes_can_be_renewed_and_the_old_ones_stop_working(client, make_user):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    old = twofactor.recovery_codes_renew(user=admin)
    status = client.get(SETUP)
    assert "เหลือรหัสกู้คืน 10 รหัส" in status.content.decode()
    renewed = client.post(reverse("accounts:recovery_codes_renew"))
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", renewed.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert twofactor.verify(admin, old[0]) is None


def test_the_admin_role_is_not_a_django_superuser(make_user):
    admin = user_create(
        actor=None,
        username="boss",
        password="Kr8-strong-pass",
        role=Role.ADMIN,
        unit=unit_by_code("2400"),
    )
    assert not admin.is_superuser and not admin.is_staff
    assert admin.caps.manages_users and admin.caps.reads_audit


def test_the_demo_admin_and_dpo_are_not_superusers_and_log_in_with_the_demo_key(client, org_units):
    from io import StringIO

    from nokrabob.accounts import demo

    demo.load(StringIO())
    for username in ("admin", "dpo"):
        user = User.objects.get(username=username)
        assert not user.is_superuser and not user.is_staff
        client.post(LOGIN, {"username": username, "password": demo.DEMO_PASSWORD})
        assert client.post(CODE, {"code": demo.demo_code()})["Location"] == "/"
        assert client.get("/audit/").status_code == 200
        client.post(reverse("accounts:logout"))
    assert not TOTPDevice.objects.filter(user__username="phranakhon").exists()


def test_a_superuser_must_pass_two_factor_too(client, make_user):
    root = make_user(Role.EXECUTIVE, is_superuser=True, is_staff=True)
    password_step(client, root)
    assert client.get("/admin/")["Location"] == SETUP


def test_the_migration_takes_superuser_away_from_the_admin_role_only(make_user):
    from importlib import import_module

    from django.apps import apps

    old_admin = make_user(Role.ADMIN, is_superuser=True, is_staff=True)
    operator = make_user(Role.EXECUTIVE, is_superuser=True, is_staff=True)
    import_module("nokrabob.accounts.migrations.0002_admin_role_not_superuser").forward(apps, None)
    old_admin.refresh_from_db()
    operator.refresh_from_db()
    assert not old_admin.is_superuser and not old_admin.is_staff
    assert operator.is_superuser and operator.is_staff
