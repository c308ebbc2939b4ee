"""Every list and detail page renders records whose optional links are empty.

The demo data is loaded, then every nullable link to a user (creator, reviewer, recorder), an office, an
import batch or a campaign is emptied in the whole database — as for records made from the command line,
by a user since removed, or before a link existed — and the pages are crawled from the home page as an
admin and as department staff, one page per URL pattern, following the app's own links.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from nokrabob.accounts.models import User
from nokrabob.accounts.roles import Role
from nokrabob.collection.models import Campaign
from nokrabob.core.models import OrgUnit
from nokrabob.imports.models import ImportBatch
from tests.crawling import crawl

pytestmark = pytest.mark.django_db

OPTIONAL_TARGETS = (User, OrgUnit, ImportBatch, Campaign)


def empty_optional_links() -> int:
    emptied = 0
    for model in apps.get_models():
        if model is User or model._meta.label_lower.startswith(("auth.", "admin.", "sessions.")):
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.null
                and issubclass(field.related_model, OPTIONAL_TARGETS)
            ):
                emptied += model._base_manager.exclude(**{field.name: None}).update(**{field.name: None})
    return emptied


@pytest.mark.parametrize("role", [Role.ADMIN, Role.DEPARTMENT_STAFF])
def test_pages_render_records_whose_optional_links_are_empty(client, make_user, role) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0, stdout=None)
    assert empty_optional_links() > 0
    client.force_login(make_user(role))
    statuses = {url: page.status for url, page in crawl(client).items()}
    assert len(statuses) > 30  # the crawl reached the app, not only the home page
    broken = {url: status for url, status in statuses.items() if status >= 500}
    assert broken == {}
