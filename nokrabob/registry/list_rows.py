"""The registry list's rows, written in Python: 50 rows of five cells were half of the list page's
rendering in the template engine (a variable lookup, a filter and an autoescape per cell).

Each value is escaped here exactly as the template escaped it (``html.escape``, which Django's ``escape``
calls), and the whitespace is the template's, so the page is the same to the byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from nokrabob.core.fiscal import age_on
from nokrabob.core.thai import format_phone
from nokrabob.registry.areas import district_name
from nokrabob.registry.models import Person
from nokrabob.registry.rules.national_id import format_national_id, mask_national_id

# What a row shows: the list page reads only these columns.
ROW_FIELDS = (
    "id", "title", "first_name", "last_name", "national_id", "other_id_type", "other_id_number", "birth_date",
    "district_code", "phone",
)  # fmt: skip


def id_display(person: Person, full: bool) -> str:
    if person.national_id:
        return format_national_id(person.national_id) if full else mask_national_id(person.national_id)
    if person.other_id_number:
        shown = person.other_id_number if full else "x" * len(person.other_id_number)
        return f"{person.get_other_id_type_display()} {shown}"
    return "–"


def person_rows_html(
    people: Iterable[Person], *, detail_url: Callable[[int], str], full: bool, today: dt.date
) -> SafeString:
    """The ``<tr>`` of each person: name (linked to their page), ID as the user may see it, age today,
    district, phone."""
    rows = []
    for person in people:
        age = age_on(person.birth_date, today) if person.birth_date else None
        phone = format_phone(person.phone) if person.phone else ""
        rows.append(
            "\n    <tr>"
            f'\n      <td><a href="{escape(detail_url(person.pk))}">{escape(person.full_name)}</a></td>'
            f'\n      <td class="person-id">{escape(id_display(person, full))}</td>'
            f'\n      <td class="num">{"–" if age is None else age}</td>'
            f'\n      <td class="col-optional">{escape(district_name(person.district_code))}</td>'
            f'\n      <td class="col-optional">{escape(phone) if phone else "–"}</td>'
            "\n    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped above
