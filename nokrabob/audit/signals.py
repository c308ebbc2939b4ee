"""Log-ins, log-outs and failed log-ins go to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record
from nokrabob.core.client import client_address


def _ip(request: Any) -> str | None:
    return (client_address(request) or None) if request is not None else None


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, target=user, ip_address=_ip(request))


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, target=user, ip_address=_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        target_type="accounts.user",
        target_label=str(credentials.get("username", ""))[:150],
        ip_address=_ip(request),
    )
