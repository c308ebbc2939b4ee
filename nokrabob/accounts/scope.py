"""The org-unit scope: the one place that decides which records of people a user may read.

Every model that holds personal data says where its area codes live with ``SCOPE_PATHS``:

    class Person(models.Model):
        SCOPE_PATHS = ScopePaths(province="province_code", district="district_code")

    class WelfareRecord(models.Model):
        SCOPE_PATHS = ScopePaths(province="person__province_code", district="person__district_code")

and every read of such a model goes through :func:`scoped` (selectors call it; views never filter
by area themselves). A record outside the scope is simply not in the queryset, so a detail URL for
another district's person answers 404.

Records that are bound to an area but hold no one's personal data (activities, communities) use the same
rule through ``scoped_area``; writes check the area they write to with ``require_area`` (a write never
puts a record where its author could no longer read it); counts that mix records inside and outside a
reader's scope are shown through ``shown_count`` (small numbers suppressed). The paths each page takes
through these functions are listed in docs/security.md ("Scope sweep").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from nokrabob.accounts.roles import Reach
from nokrabob.core.reference import BANGKOK_CODE

if TYPE_CHECKING:
    from nokrabob.accounts.models import User
    from nokrabob.core.models import OrgUnit

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ScopePaths:
    """Lookup paths from a model to the DOPA province (2-digit) and district (4-digit) codes.

    ``province`` may be empty for a model that stores only a district code: the province is then the
    district code's first two digits.
    """

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

    def allows_area(self, *, province_code: str, district_code: str = "") -> bool:
        """Like ``allows``, and a province-wide record (no district) is in the scope of everyone who
        holds a district of that province (a city-wide activity is every Bangkok district's)."""
        if not district_code and any(code[:2] == province_code for code in self.district_codes):
            return True
        return self.allows(province_code=province_code, district_code=district_code)


@dataclass(frozen=True)
class AreaWords:
    """What a user calls a district and a sub-district: Bangkok says เขต/แขวง, the provinces อำเภอ/ตำบล,
    and a user who sees both says both."""

    district: str
    subdistrict: str
    all_districts: str


def area_words(scope: Scope) -> AreaWords:
    provinces = {*scope.province_codes, *(code[:2] for code in scope.district_codes)}
    excluded = scope.exclude_province_codes
    sees_bangkok_and_provinces = bool(excluded) and BANGKOK_CODE not in excluded
    if scope.everything or sees_bangkok_and_provinces:
        return AreaWords(_("เขต/อำเภอ"), _("แขวง/ตำบล"), _("ทุกเขต/อำเภอ"))
    if provinces == {BANGKOK_CODE}:
        return AreaWords(_("เขต"), _("แขวง"), _("ทุกเขต"))
    if scope.exclude_province_codes or (provinces and BANGKOK_CODE not in provinces):
        return AreaWords(_("อำเภอ"), _("ตำบล"), _("ทุกอำเภอ"))
    return AreaWords(_("เขต/อำเภอ"), _("แขวง/ตำบล"), _("ทุกเขต/อำเภอ"))


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


def _in_provinces(paths: ScopePaths, codes: frozenset[str]) -> models.Q:
    if paths.province:
        return models.Q(**{f"{paths.province}__in": codes})
    condition = models.Q(pk__in=[])
    for code in sorted(codes):
        condition |= models.Q(**{f"{paths.district}__startswith": code})
    return condition


def _condition(scope: Scope, paths: ScopePaths, *, area_wide: bool) -> models.Q | None:
    """The scope as a condition on ``paths``; None when nothing is filtered out."""
    if scope.everything:
        return None
    if scope.nothing:
        return models.Q(pk__in=[])
    if scope.exclude_province_codes:
        return ~_in_provinces(paths, scope.exclude_province_codes)
    condition = models.Q(pk__in=[])
    if scope.province_codes:
        condition |= _in_provinces(paths, scope.province_codes)
    if scope.district_codes:
        condition |= models.Q(**{f"{paths.district}__in": scope.district_codes})
        if area_wide:
            provinces = frozenset(code[:2] for code in scope.district_codes)
            condition |= models.Q(**{paths.district: ""}) & _in_provinces(paths, provinces)
    return condition


def scoped(queryset: models.QuerySet[M], user: User) -> models.QuerySet[M]:
    """Narrow a queryset of personal data to what ``user`` may read."""
    paths: ScopePaths = queryset.model.SCOPE_PATHS  # type: ignore[attr-defined]
    scope = scope_for(user)
    if scope.nothing:
        return queryset.none()
    condition = _condition(scope, paths, area_wide=False)
    return queryset if condition is None else queryset.filter(condition)


def scoped_area(queryset: models.QuerySet[M], user: User, *, paths: ScopePaths) -> models.QuerySet[M]:
    """Narrow records that belong to an area but are not personal data (activities, communities).

    The same rule as ``scoped``, plus the province-wide records (empty district) of the provinces the
    user holds a district of (``Scope.allows_area``). Roles that read no personal records read none of
    these either: an activity's page lists its participants.
    """
    scope = scope_for(user)
    if scope.nothing:
        return queryset.none()
    condition = _condition(scope, paths, area_wide=True)
    return queryset if condition is None else queryset.filter(condition)


def require_area(user: User | None, *, province_code: str, district_code: str = "", field: str = "") -> None:
    """Refuse a write that would put a record outside its author's scope.

    ``user`` None is the system itself (demo data, migrations, the public QR form before review): it has
    no scope to leave. The error names ``field`` so a form shows it in place.
    """
    from nokrabob.core.errors import DomainError

    if user is None or not getattr(user, "is_authenticated", False):
        return
    if not scope_for(user).allows_area(province_code=province_code, district_code=district_code):
        raise DomainError(
            _("พื้นที่นี้อยู่นอกพื้นที่ที่ท่านรับผิดชอบ จึงบันทึกไม่ได้"),
            field=field or None,
        )


def _follow(record: models.Model, path: str) -> str:
    value: Any = record
    for part in path.split("__"):
        value = getattr(value, part)
    return str(value or "")


def require_in_scope(user: User | None, record: models.Model, *, field: str = "") -> None:
    """Refuse a write to a personal record (a model with ``SCOPE_PATHS``) that ``user`` may not read.

    The service-side twin of the 404 a page gives: a service called with another district's record
    (by a view that forgot the selector, or by another module) changes nothing.
    """
    from nokrabob.core.errors import DomainError

    if user is None or not getattr(user, "is_authenticated", False):
        return
    paths: ScopePaths = type(record).SCOPE_PATHS  # type: ignore[attr-defined]
    district = _follow(record, paths.district)
    province = _follow(record, paths.province) if paths.province else district[:2]
    if not scope_for(user).allows(province_code=province, district_code=district):
        raise DomainError(_("ไม่พบระเบียนนี้ในพื้นที่ของท่าน"), field=field or None)


def all_in_scope(queryset: models.QuerySet[Any], user: User) -> bool:
    """True when every record of ``queryset`` (a model with ``SCOPE_PATHS``) is one ``user`` may read."""
    scope = scope_for(user)
    if scope.everything:
        return True
    condition = _condition(scope, queryset.model.SCOPE_PATHS, area_wide=False)
    if condition is None:
        return True
    return not queryset.exclude(condition).exists()


def count_suppression_limit() -> int:
    """Counts from 1 to this limit − 1 that include records outside the reader's scope are not shown."""
    return int(settings.COUNT_SUPPRESSION_LIMIT)


def shown_count(count: int, *, all_in_scope: bool) -> int | None:
    """A count as a reader may see it; None means "fewer than the limit" (shown as such).

    A count of records the reader may read anyway is exact. A count that includes someone else's
    records is exact from the limit up, and zero stays zero; between them one or two people could be
    singled out (another district's only street vendor), so the number is withheld.
    """
    if all_in_scope or count == 0 or count >= count_suppression_limit():
        return count
    return None


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


def may_export_full_national_id(user: User) -> bool:
    """Full national IDs in an exported file: only the roles that register people and hand lists to schemes.

    The data protection officer sees a person's full ID on the pages (an access request names one person)
    but exports lists with masked IDs, like the roles that read without registering.
    """
    return bool(may_see_full_national_id(user) and user.caps.edits_people)
