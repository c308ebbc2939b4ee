"""Two-factor login: a time-based code (TOTP, any authenticator app) and ten single-use recovery codes.

Built on django-otp: a confirmed ``TOTPDevice`` is the authenticator app, a ``StaticDevice`` named
``recovery`` holds the recovery codes. Required for the roles that read everyone (admin, the data
protection officer) and for Django superusers; any other user may turn it on. Every change is audited.
"""

from __future__ import annotations

import math

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record

RECOVERY_DEVICE = "recovery"
APP_DEVICE = "authenticator"
RECOVERY_CODE_COUNT = 10


def requires_two_factor(user: User) -> bool:
    return bool(user.is_superuser or user.role in settings.TWO_FACTOR_REQUIRED_ROLES)


def passed_second_factor(user: object) -> bool:
    """Whether this request's session passed a code (django-otp's middleware adds ``is_verified``)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up: the same one until it is confirmed, so a reload keeps its QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_DEVICE).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The setup link as an SVG QR code, drawn here (no image service sees the secret)."""
    return str(segno.make(device.config_url, error="m").svg_inline(border=4, omitsize=True))


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32 groups of four, for an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code; the new recovery codes, or None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(normalise_code(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action=AuditAction.UPDATE, target=user, changes={"two_factor": "enrolled"})
    return _new_recovery_codes(user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action=AuditAction.UPDATE, target=user, changes={"recovery_codes": "renewed"})
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """An administrator removes a user's authenticator and recovery codes (a lost phone); the user sets
    it up again at the next login, which their role may require."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).delete()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=user, changes={"two_factor": "reset"})


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def normalise_code(code: str) -> str:
    """What people type: spaces and dashes dropped, Thai digits read, letters lower-cased."""
    thai = "๐๑๒๓๔๕๖๗๘๙"
    text = "".join(str(thai.index(c)) if c in thai else c for c in code)
    return "".join(c for c in text if c not in " -\t").lower()


def _kind(token: str) -> type[TOTPDevice] | type[StaticDevice]:
    """Six digits are the app's code, anything else a recovery code: each goes to its own device only, so
    using a recovery code does not count as a wrong code of the app."""
    return TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice


def wait_seconds(device: Device) -> int:
    """How long the device refuses any code after wrong ones (1, 2, 4 … seconds, django-otp)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def wait_for_code(user: User, code: str) -> int:
    """Seconds to wait before the device this code is meant for will check it (0: now)."""
    kind = _kind(normalise_code(code))
    return max(
        (wait_seconds(d) for d in devices_for_user(user, confirmed=True) if isinstance(d, kind)), default=0
    )


def verify(user: User, code: str) -> Device | None:
    """The device (authenticator or recovery codes) that accepts the code; a recovery code is used up.

    Each device counts its own failures and makes the next try wait longer (django-otp throttling)."""
    token = normalise_code(code)
    if not token:
        return None
    kind = _kind(token)
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(token):
                return device
    return None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE).count()


def required_roles_label() -> list[str]:
    return [str(Role(role).label) for role in settings.TWO_FACTOR_REQUIRED_ROLES]
