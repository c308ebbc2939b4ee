"""Every user changes their own password; an administrator sets a new one (offices without e-mail) and
removes a lost phone's two-factor login. Each change is audited, never the password."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD, authenticator_for
from nokrabob.accounts import twofactor
from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW = "Lumpini-park-2570"


def test_a_user_changes_their_password(client, make_user):
    officer = make_user(Role.DISTRICT_STAFF)
    client.force_login(officer)
    url = reverse("accounts:password_change")
    wrong = client.post(url, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)

    done = client.post(url, {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert client.get("/").status_code == 200  # still logged in
    event = AuditEvent.objects.get(actor=officer, changes={"password": "changed"})
    assert NEW not in str(event.changes)


def test_an_admin_sets_a_new_password_and_removes_two_factor(client, make_user):
    admin = make_user(Role.ADMIN)
    officer = make_user(Role.DPO)
    authenticator_for(officer)
    twofactor.recovery_codes_renew(user=officer)
    client.force_login(admin)
    url = reverse("accounts:user_password", args=[officer.pk])

    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="reset-two-factor"' in page.content.decode()
    short = client.post(url, {"new_password1": "abc", "new_password2": "abc"})
    assert short.status_code == 200
    assert client.post(url, {"new_password1": NEW, "new_password2": NEW}).status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert AuditEvent.objects.filter(actor=admin, target_id=str(officer.pk), changes={"password": "changed"})

    assert client.post(url, {"action": "reset_two_factor"}).status_code == 302
    assert not twofactor.has_two_factor(officer)
    assert twofactor.recovery_codes_left(officer) == 0
    assert AuditEvent.objects.filter(actor=admin, target_id=str(officer.pk), changes={"two_factor": "reset"})


def test_only_an_admin_sets_others_passwords(client, make_user):
    officer = make_user(Role.DEPARTMENT_STAFF)
    dpo = make_user(Role.DPO)
    client.force_login(dpo)
    url = reverse("accounts:user_password", args=[officer.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"new_password1": NEW, "new_password2": NEW}).status_code == 403
    assert client.post(url, {"action": "reset_two_factor"}).status_code == 403
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)
    assert not TOTPDevice.objects.filter(user=officer).exists()
