"""Home-page cards. Each app may offer cards for a user by defining ``<app>.home.cards(user)``.

The home page asks every app in INSTALLED_APPS order, so modules add their own panels (a district's
outreach list, an assessor's queue) without the core knowing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.functional import Promise


@dataclass
class Card:
    title: str | Promise
    body: str | Promise = ""
    figure: str = ""
    url: str = ""
    link_text: str | Promise = ""
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    # A wide panel instead of a card: the template is included with ``data`` (e.g. the executive's charts).
    template: str = ""
    data: Any = None


def cards_for(user: Any) -> list[Card]:
    found: list[Card] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("nokrabob."):
            continue
        try:
            module = import_module(f"{config.name}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.home":
                raise
            continue
        found.extend(module.cards(user))
    return found


def cards(user: Any) -> list[Card]:
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from nokrabob.core.fiscal import FiscalYear
    from nokrabob.core.thai import format_be_date

    fy = FiscalYear.current()
    from django.utils import timezone

    today = timezone.localdate()
    quarter = fy.quarter_of(today)
    round_ = fy.round_of(today)
    language = get_language() or "th"
    return [
        Card(
            title=_("ปีงบประมาณ พ.ศ. %(year)s") % {"year": fy.be},
            figure=_("ไตรมาสที่ %(q)s") % {"q": quarter.number},
            body=_("%(start)s – %(end)s · รอบที่ %(round)s")
            % {
                "start": format_be_date(fy.start, "medium", language=language),
                "end": format_be_date(fy.end, "medium", language=language),
                "round": round_.number,
            },
        )
    ]
