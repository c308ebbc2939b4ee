"""Every demo role's pages: no link the role cannot open, no machine text.

Each demo user's pages are crawled from home (one page per URL pattern and tab). Every in-app link found on
them is followed: none may answer 403 (not allowed) or 404 (out of scope or gone) — a link a role cannot use
is not shown to it. And no page shows the machine underneath: Django's blank choice, template placeholders,
encoding codes or code names of values where a person's words belong.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from nokrabob.accounts.demo import DEMO_USERS
from nokrabob.accounts.models import User
from tests.crawling import SKIP_PREFIXES, TAB, crawl, visible_text

pytestmark = pytest.mark.django_db

MACHINE_TEXT = re.compile(
    r"-{5,}"  # Django's blank choice
    r"|\$\{|\{\{|\{%"  # a form rule or a template tag shown as typed
    r"|utf-8-sig|\bcp874\b|\btis-620\b"  # encoding codes
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"  # a code name (domestic_worker, has_s40) instead of its label
    r"|\b[a-z]+\.[a-z]+ #\d+"  # a model label (registry.person #182)
    r"|\bNone\b|\bTrue\b|\bFalse\b"
)


def _target(link: str) -> str:
    """The page a link opens, without the paging and filter parameters that do not change who may open it."""
    path, _, query = link.partition("?")
    tab = TAB.search(query)
    return f"{path}?tab={tab.group(1)}" if tab else path


def _in_app(link: str) -> bool:
    if link.startswith(SKIP_PREFIXES):
        return False
    try:
        resolve(link.partition("?")[0])
    except Resolver404:
        return False
    return True


@pytest.mark.parametrize("username", [username for username, *_ in DEMO_USERS])
def test_every_link_a_role_is_shown_opens(client, username: str) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0, stdout=None)
    client.force_login(User.objects.get(username=username))
    client.raise_request_exception = False
    pages = crawl(client)
    assert len(pages) > 5  # the crawl reached the app, not only the home page
    links = {_target(link): page.url for page in pages.values() for link in page.links if _in_app(link)}
    refused = {}
    for link, shown_on in sorted(links.items()):
        status = pages[link].status if link in pages else client.get(link).status_code
        if status in (403, 404):
            refused[link] = (status, shown_on)
    assert refused == {}
    machine = {
        page.url: sorted(set(MACHINE_TEXT.findall(visible_text(page.html))))[:5]
        for page in pages.values()
        if page.html and MACHINE_TEXT.search(visible_text(page.html))
    }
    assert machine == {}
