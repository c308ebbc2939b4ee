"""Who may do what with indicators, and when a quarter's entry locks.

A quarter's result is due ``report_due_days`` after the quarter ends (15 days unless the indicator says
otherwise). After that it is locked (closed); the assessor (สยป.) may also close it earlier. The assessor
or an administrator may reopen it until a date, and that reopening is audited. When a quarter closes, a
live indicator's measured figure is frozen (``services.snapshots``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from nokrabob.accounts.roles import Role
from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.reference import SOCIAL_DEVELOPMENT_CODE

if TYPE_CHECKING:
    from nokrabob.performance.models import Indicator, QuarterResult

REPORTING_ROLES = {Role.DEPARTMENT_STAFF, Role.DISTRICT_STAFF, Role.PROVINCIAL_STAFF, Role.POLICY_STAFF}


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def owner_unit_ids(indicator: Indicator) -> set[int]:
    """The lead unit and the joint owners (reads the prefetched owners when there are any)."""
    ids = {indicator.lead_unit_id}
    ids.update(unit.pk for unit in indicator.owner_units.all())
    return ids


def may_report(user: Any, indicator: Indicator) -> bool:
    """Staff of an owner unit report results; administrators may too."""
    if is_admin(user):
        return True
    return bool(
        user.is_authenticated
        and user.role in REPORTING_ROLES
        and user.unit_id
        and user.unit_id in owner_unit_ids(indicator)
    )


def may_assess(user: Any) -> bool:
    return bool(user.is_authenticated and (is_admin(user) or user.caps.records_assessments))


def may_manage(user: Any) -> bool:
    """Define indicators, the strategy map and milestones: administrators and the department's staff."""
    if is_admin(user):
        return True
    return bool(
        user.is_authenticated
        and user.role == Role.DEPARTMENT_STAFF
        and user.unit is not None
        and user.unit.code == SOCIAL_DEVELOPMENT_CODE
    )


def quarter_deadline(indicator: Indicator, quarter: int) -> dt.date:
    period = FiscalYear(indicator.fiscal_year).quarters[quarter - 1]
    return period.end + dt.timedelta(days=indicator.report_due_days)


def is_reopened(row: QuarterResult | None, today: dt.date) -> bool:
    return row is not None and row.reopened_until is not None and today <= row.reopened_until


def is_locked(indicator: Indicator, quarter: int, row: QuarterResult | None, today: dt.date) -> bool:
    """Closed: the deadline passed or the assessor closed it, and it is not reopened."""
    if is_reopened(row, today):
        return False
    if row is not None and row.closed_at is not None:
        return True
    return today > quarter_deadline(indicator, quarter)


def is_due(indicator: Indicator, quarter: int, today: dt.date) -> bool:
    """A quarter is due once it has ended: before that no one could have reported it."""
    return today > FiscalYear(indicator.fiscal_year).quarters[quarter - 1].end
