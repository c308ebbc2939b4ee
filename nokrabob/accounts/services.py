"""Writes for users: create and change, each audited in the same transaction.

The admin role is not a Django superuser: it manages users and reads everything through the app's own
pages and scope. A superuser (Django's admin site) is made only by an operator with ``createsuperuser``.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role, capabilities
from nokrabob.audit.models import AuditAction
from nokrabob.audit.services import audit_record, field_changes
from nokrabob.core.errors import DomainError, UnknownCode
from nokrabob.core.models import OrgUnit


def unit_by_code(code: str) -> OrgUnit:
    try:
        return OrgUnit.objects.select_related("area").get(code=code)
    except OrgUnit.DoesNotExist:
        raise UnknownCode(_("ไม่พบหน่วยงานรหัส %(code)s") % {"code": code}, field="unit") from None


def check_role_fits_unit(role: str, unit: OrgUnit | None) -> None:
    if role not in Role.values:
        raise DomainError(_("ไม่รู้จักบทบาท %(role)s") % {"role": role}, field="role")
    kinds = capabilities(role).unit_kinds
    if kinds and unit is None:
        raise DomainError(_("บทบาทนี้ต้องระบุหน่วยงาน"), field="unit")
    if kinds and unit is not None and unit.kind not in kinds:
        raise DomainError(
            _("บทบาท %(role)s ไม่สามารถสังกัด %(unit)s ได้") % {"role": Role(role).label, "unit": unit.name_th},
            field="unit",
        )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    unit: OrgUnit | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str = "",
) -> User:
    check_role_fits_unit(role, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("ชื่อผู้ใช้ %(username)s มีอยู่แล้ว") % {"username": username}, field="username")
    user = User(
        username=username,
        role=role,
        unit=unit,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=user,
        changes={"role": role, "unit": unit.code if unit else None},
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    role: str,
    unit: OrgUnit | None,
    is_active: bool,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str = "",
) -> User:
    check_role_fits_unit(role, unit)
    before = {
        "role": user.role,
        "unit": user.unit.code if user.unit else None,
        "is_active": user.is_active,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
    }
    user.role, user.unit, user.is_active = role, unit, is_active
    user.first_name, user.last_name, user.email, user.position = first_name, last_name, email, position
    user.save()
    after = {
        "role": role,
        "unit": unit.code if unit else None,
        "is_active": is_active,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "position": position,
    }
    audit_record(actor=actor, action=AuditAction.UPDATE, target=user, changes=field_changes(before, after))
    return user


@transaction.atomic
def password_set(*, actor: User, user: User, password: str) -> User:
    """An administrator gives a user a new password (offices without e-mail: told in person or by phone)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="new_password1") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    password_change_record(actor=actor, user=user)
    return user


def password_change_record(*, actor: User, user: User) -> None:
    """The trail notes that a password changed, and by whom; never the password."""
    audit_record(actor=actor, action=AuditAction.UPDATE, target=user, changes={"password": "changed"})
