import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.accounts.services import unit_by_code, user_create
from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError, UnknownCode

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = user_create(
        actor=None,
        username="somchai",
        password="Kr8-strong-pass",
        role=Role.DISTRICT_STAFF,
        unit=unit_by_code("BMA-D1001"),
    )
    assert user.password.startswith("argon2$")


def test_create_user_is_audited():
    user = user_create(
        actor=None,
        username="somchai",
        password="Kr8-strong-pass",
        role=Role.DISTRICT_STAFF,
        unit=unit_by_code("BMA-D1001"),
    )
    event = AuditEvent.objects.get(target_type="accounts.user", target_id=str(user.pk), action="create")
    assert event.changes == {"role": "district_staff", "unit": "BMA-D1001"}


def test_district_role_needs_a_district_office():
    with pytest.raises(DomainError) as err:
        user_create(
            actor=None,
            username="x",
            password="Kr8-strong-pass",
            role=Role.DISTRICT_STAFF,
            unit=unit_by_code("PLO-50"),
        )
    assert err.value.field == "unit"
    assert not User.objects.filter(username="x").exists()


def test_unknown_unit_code_is_a_clear_error():
    with pytest.raises(UnknownCode) as err:
        unit_by_code("NOPE")
    assert "NOPE" in err.value.message


def test_management_command_creates_a_user(monkeypatch, capsys):
    monkeypatch.setenv("NEW_PW", "Kr8-strong-pass")
    call_command(
        "create_user", "wilai", "--role", "provincial_staff", "--unit", "PLO-50", "--password-env", "NEW_PW"
    )
    user = User.objects.get(username="wilai")
    assert user.role == Role.PROVINCIAL_STAFF and user.unit.code == "PLO-50"
    assert user.check_password("Kr8-strong-pass")


def test_management_command_refuses_an_unknown_unit(monkeypatch):
    monkeypatch.setenv("NEW_PW", "Kr8-strong-pass")
    with pytest.raises(CommandError, match="ไม่พบหน่วยงานรหัส XX-1"):
        call_command(
            "create_user", "wilai", "--role", "district_staff", "--unit", "XX-1", "--password-env", "NEW_PW"
        )
    assert not User.objects.filter(username="wilai").exists()


def test_admin_creates_a_user_from_the_page(client, admin_user_):
    client.force_login(admin_user_)
    unit = unit_by_code("BMA-D1006")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "newbie",
            "password": "Kr8-strong-pass",
            "role": Role.DISTRICT_STAFF,
            "unit": unit.pk,
            "first_name": "ใหม่",
            "last_name": "ทดลอง",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newbie").unit == unit


def test_the_page_shows_a_role_unit_mismatch_on_the_field(client, admin_user_):
    client.force_login(admin_user_)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "newbie",
            "password": "Kr8-strong-pass",
            "role": Role.DISTRICT_STAFF,
            "unit": unit_by_code("PLO-50").pk,
        },
    )
    assert response.status_code == 200
    assert "ไม่สามารถสังกัด" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_only_admins_manage_users(client, district_user):
    client.force_login(district_user)
    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_repeated_failed_logins_lock_the_account(client, district_user):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": district_user.username, "password": "wrong"})
    response = client.post(url, {"username": district_user.username, "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "ล็อก" in response.content.decode()


def test_login_with_the_right_password_lands_on_home(client, district_user):
    response = client.post(
        reverse("accounts:login"),
        {"username": district_user.username, "password": "correct-horse-battery"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert AuditEvent.objects.filter(action="login", actor=district_user).exists()
