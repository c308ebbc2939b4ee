from __future__ import annotations

from django.http import HttpRequest

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    return {
        "nav_items": items_for(request.user, request.path),
        "current_fiscal_year": FiscalYear.current(),
    }
