"""The org-unit scope: the one place that decides which records of people a user may read.

Every model that holds personal data says where its area codes live with ``SCOPE_PATHS``:

    class Person(models.Model):
        SCOPE_PATHS = ScopePaths(province="province_code", district="district_code")

    class WelfareRecord(models.Model):
        SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

and every read of such a model goes through :func:`scoped` (selectors call it; views never filter
by area themselves). A record outside the scope is simply not in the queryset, so a detail URL for
another district's person answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models

from nokrabob.accounts.roles import Reach
from nokrabob.core.reference import BANGKOK_CODE

if TYPE_CHECKING:
    from nokrabob.accounts.models import User
    from nokrabob.core.models import OrgUnit

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ScopePaths:
    """Lookup paths from a model to the DOPA province (2-digit) and district (4-digit) codes."""

    province: str
    district: str


@dataclass(frozen=True)
class Scope:
    """What one user may read: everything, nothing, or records in some provinces/districts."""

    everything: bool = False
    province_codes: frozenset[str] = frozenset()
    district_codes: frozenset[str] = frozenset()
    exclude_province_codes: frozenset[str] = frozenset()

    @property
    def nothing(self) -> bool:
        return not (
            self.everything or self.province_codes or self.district_codes or self.exclude_province_codes
        )

    def allows(self, *, province_code: str, district_code: str = "") -> bool:
        if self.everything:
            return True
        if self.exclude_province_codes:
            return province_code not in self.exclude_province_codes
        return province_code in self.province_codes or district_code in self.district_codes


def scope_for(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    caps = user.caps
    unit_area = user.unit.area if user.unit_id and user.unit else None
    match caps.reach:
        case Reach.ALL:
            return Scope(everything=True)
        case Reach.BANGKOK:
            return Scope(province_codes=frozenset({BANGKOK_CODE}))
        case Reach.ALL_PROVINCES:
            return Scope(exclude_province_codes=frozenset({BANGKOK_CODE}))
        case Reach.OWN_DISTRICT if unit_area is not None:
            return Scope(district_codes=frozenset({unit_area.code}))
        case Reach.OWN_PROVINCE if unit_area is not None:
            return Scope(province_codes=frozenset({unit_area.code[:2]}))
    return Scope()


def scoped(queryset: models.QuerySet[M], user: User) -> models.QuerySet[M]:
    """Narrow a queryset of personal data to what ``user`` may read."""
    paths: ScopePaths = queryset.model.SCOPE_PATHS  # type: ignore[attr-defined]
    scope = scope_for(user)
    if scope.everything:
        return queryset
    if scope.nothing:
        return queryset.none()
    if scope.exclude_province_codes:
        return queryset.exclude(**{f"{paths.province}__in": scope.exclude_province_codes})
    condition = models.Q()
    if scope.province_codes:
        condition |= models.Q(**{f"{paths.province}__in": scope.province_codes})
    if scope.district_codes:
        condition |= models.Q(**{f"{paths.district}__in": scope.district_codes})
    return queryset.filter(condition)


def scoped_for_counts(queryset: models.QuerySet[M], user: User) -> models.QuerySet[M]:
    """The records a user's *aggregates* count: what :func:`scoped` gives, except that a role reading no
    records at all (executives) counts everything. Use it only for counts that leave as numbers."""
    if user.is_authenticated and user.is_active and user.caps.reach is Reach.NONE:
        return queryset
    return scoped(queryset, user)


def for_publication(queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Every record, for the open-data aggregates: they are counted here and leave only through the
    small-cell suppression rule (``nokrabob.reports.suppression``), never as records."""
    return queryset


def scope_of_unit(unit: OrgUnit | None) -> Scope:
    """The area an office answers for, as a scope: what a command run "as this office" may touch, and the
    area a record owned by the office (an import batch) belongs to."""
    from nokrabob.core.models import UnitKind

    if unit is None:
        return Scope()
    match unit.kind:
        case UnitKind.DISTRICT_OFFICE:
            return Scope(district_codes=frozenset({unit.area.code}))
        case UnitKind.PROVINCIAL_LABOUR_OFFICE:
            return Scope(province_codes=frozenset({unit.area.code[:2]}))
        case UnitKind.BMA_DEPARTMENT | UnitKind.CITY:
            return Scope(province_codes=frozenset({BANGKOK_CODE}))
        case UnitKind.POLICY_OFFICE | UnitKind.MINISTRY:
            return Scope(exclude_province_codes=frozenset({BANGKOK_CODE}))
    return Scope()


def scoped_by_unit(queryset: models.QuerySet[M], user: User, *, path: str = "unit") -> models.QuerySet[M]:
    """Narrow records owned by an office (``path`` → OrgUnit) to the offices inside ``user``'s scope: a
    district sees its own office's, Bangkok-wide staff every Bangkok office's, a province its own. Records
    with no office are seen only by roles that see everything."""
    scope = scope_for(user)
    if scope.everything:
        return queryset
    if scope.nothing:
        return queryset.none()
    code = f"{path}__area__code"
    if scope.exclude_province_codes:
        condition = models.Q(**{f"{path}__isnull": False})
        for province in scope.exclude_province_codes:
            condition &= ~models.Q(**{f"{code}__startswith": province})
        # National offices (area "TH") sit above every province: only their own staff see their records.
        condition &= ~models.Q(**{f"{path}__area__level": "country"}) | models.Q(**{path: user.unit_id})
        return queryset.filter(condition)
    condition = models.Q(pk__in=[])
    for province in scope.province_codes:
        condition |= models.Q(**{f"{code}__startswith": province})
    if scope.district_codes:
        condition |= models.Q(**{f"{code}__in": scope.district_codes})
    return queryset.filter(condition)


def require_personal_data_access(user: User) -> None:
    """Raise 403 for roles that may read no personal records (executives read aggregates only)."""
    if scope_for(user).nothing:
        raise PermissionDenied


def may_see_full_national_id(user: User) -> bool:
    return bool(user.is_authenticated and user.caps.sees_full_national_id)
