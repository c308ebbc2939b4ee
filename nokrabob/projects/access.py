"""Who may read and edit projects and action plans.

Projects and plans hold no personal data, so the personal-data scope (``accounts.scope``) does not
apply; access follows the org unit instead: a unit edits its own plans and projects, the department
(สพส.) edits the city's projects, the policy office reads every province's plan, the assessor reads
everything and records assessments. Detail views answer 404 for what a user may not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from nokrabob.accounts.roles import Role
from nokrabob.core.models import OrgUnit, UnitKind

if TYPE_CHECKING:
    from nokrabob.accounts.models import User
    from nokrabob.projects.models import ActionPlan, Project

BMA_KINDS = (UnitKind.CITY, UnitKind.BMA_DEPARTMENT, UnitKind.DISTRICT_OFFICE)
READ_ALL_ROLES = (Role.ADMIN, Role.ASSESSOR, Role.EXECUTIVE, Role.DPO)
PROVINCIAL_ROLES = (Role.PROVINCIAL_STAFF, Role.POLICY_STAFF)
UNIT_EDITOR_ROLES = (Role.DEPARTMENT_STAFF, Role.DISTRICT_STAFF, Role.PROVINCIAL_STAFF)


def _role(user: User) -> str:
    return Role.ADMIN if user.is_superuser else user.role


def _unit_condition(user: User, prefix: str) -> Q | None:
    """None = every unit; an empty Q never matches for users without a unit."""
    role = _role(user)
    if role in READ_ALL_ROLES:
        return None
    if role in (Role.DEPARTMENT_STAFF, Role.DISTRICT_STAFF):
        return Q(**{f"{prefix}__kind__in": BMA_KINDS})  # the city's projects; edits stay with the owner
    if role == Role.POLICY_STAFF:
        return ~Q(**{f"{prefix}__kind__in": BMA_KINDS})
    if user.unit_id is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}_id": user.unit_id})


def visible_projects(queryset: QuerySet[Project], user: User) -> QuerySet[Project]:
    condition = _unit_condition(user, "owner_unit")
    return queryset if condition is None else queryset.filter(condition)


def visible_plans(queryset: QuerySet[ActionPlan], user: User) -> QuerySet[ActionPlan]:
    condition = _unit_condition(user, "unit")
    return queryset if condition is None else queryset.filter(condition)


def editable_units(user: User) -> QuerySet[OrgUnit]:
    """The units a user may create projects and plans for."""
    role = _role(user)
    units = OrgUnit.objects.filter(is_active=True)
    if role == Role.ADMIN:
        return units
    if role == Role.DEPARTMENT_STAFF:
        return units.filter(kind__in=BMA_KINDS)
    if role in (Role.DISTRICT_STAFF, Role.PROVINCIAL_STAFF) and user.unit_id:
        return units.filter(pk=user.unit_id)
    return units.none()


def may_edit_unit(user: User, unit: OrgUnit) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    if role == Role.DEPARTMENT_STAFF:
        return unit.kind in BMA_KINDS
    return role in UNIT_EDITOR_ROLES and user.unit_id == unit.pk


def may_edit_project(user: User, project: Project) -> bool:
    return may_edit_unit(user, project.owner_unit)


def may_edit_plan(user: User, plan: ActionPlan) -> bool:
    return may_edit_unit(user, plan.unit)


def may_assess(user: User) -> bool:
    return bool(user.caps.records_assessments) or _role(user) == Role.ADMIN


def may_see_all_provinces(user: User) -> bool:
    """The reporting grid of every province: the policy office, the assessor, executives, admin."""
    return _role(user) in (Role.ADMIN, Role.POLICY_STAFF, Role.ASSESSOR, Role.EXECUTIVE)
