"""Registering API clients and issuing, checking and revoking their tokens.

A key is ``<prefix>.<secret>``: the prefix finds the row, the SHA-256 of the whole key is compared in
constant time. Only the digest is stored; the key leaves this module once, as the return value of
``token_issue``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.api.models import ALL_OPERATIONS, ApiClient, ApiToken
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.errors import DomainError
from nokrabob.core.models import OrgUnit, UnitKind

# The role a client's service account holds: the staff role of the office it acts for.
ROLE_OF_UNIT: dict[str, str] = {
    UnitKind.DISTRICT_OFFICE: Role.DISTRICT_STAFF,
    UnitKind.PROVINCIAL_LABOUR_OFFICE: Role.PROVINCIAL_STAFF,
    UnitKind.BMA_DEPARTMENT: Role.DEPARTMENT_STAFF,
    UnitKind.CITY: Role.DEPARTMENT_STAFF,
    UnitKind.POLICY_OFFICE: Role.POLICY_STAFF,
    UnitKind.MINISTRY: Role.POLICY_STAFF,
}


class TokenRefused(Exception):
    """The key is unknown, revoked or expired; ``reason`` says which (for the audit, not the caller)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def client_register(
    *,
    actor: Any,
    name: str,
    contact: str,
    unit: OrgUnit,
    operations: list[str],
    expires_on: dt.date | None = None,
    rate_per_minute: int = 600,
) -> ApiClient:
    """An agency's client and its service account (the role of ``unit``'s staff, no password)."""
    unknown = set(operations) - set(ALL_OPERATIONS)
    if unknown:
        raise DomainError(
            _("ไม่รู้จักการทำงาน: %(ops)s") % {"ops": ", ".join(sorted(unknown))}, field="operations"
        )
    if ApiClient.objects.filter(name=name).exists():
        raise DomainError(_("มีหน่วยงานผู้ใช้ API ชื่อนี้แล้ว"), field="name")
    role = ROLE_OF_UNIT.get(unit.kind)
    if role is None:
        raise DomainError(_("หน่วยงานประเภทนี้ใช้ API ไม่ได้"), field="unit")
    base = f"api-{slugify(name, allow_unicode=False) or 'client'}"[:120]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    user = User(username=username, role=role, unit=unit, first_name=name[:150])
    user.set_unusable_password()
    user.save()
    client = ApiClient.objects.create(
        name=name,
        contact=contact,
        unit=unit,
        operations=list(operations),
        expires_on=expires_on,
        rate_per_minute=rate_per_minute,
        user=user,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=client, changes={"operations": operations})
    return client


@transaction.atomic
def token_issue(
    *,
    actor: Any,
    user: User | None = None,
    client: ApiClient | None = None,
    label: str = "",
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``client`` (or for ``user``); returns the row and the key, shown only now."""
    if client is not None:
        user = client.user
    if user is None:
        raise DomainError(_("ต้องระบุผู้ใช้หรือหน่วยงานผู้ใช้ API"))
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, client=client, prefix=prefix, digest=_digest(key), label=label, expires_at=expires_at
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=token, target_label=str(token))
    return token, key


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.DELETE, target=token, target_label=str(token))
    return token


def token_check(key: str) -> ApiToken:
    """The live token of ``key``; raises ``TokenRefused``. Marks the token's last use."""
    prefix, _dot, _secret = key.partition(".")
    token = (
        ApiToken.objects.select_related("client", "user", "user__unit", "user__unit__area")
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(key)):
        raise TokenRefused("unknown")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused("revoked")
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused("expired")
    if token.client is not None and (not token.client.is_active or token.client.expired()):
        raise TokenRefused("client_expired")
    if not token.user.is_active:
        raise TokenRefused("user_inactive")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token
