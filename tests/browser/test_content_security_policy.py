"""Every section of the site opens under the Content-Security-Policy without a single violation in the
browser's console (scripts, styles, charts, the API's Swagger UI)."""

from __future__ import annotations

import pytest
from django.apps import apps

from nokrabob.accounts.roles import Role
from nokrabob.registry import reference
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/registry/",
    "/registry/new/",
    "/collection/",
    "/imports/",
    "/performance/",
    "/projects/",
    "/reports/",
    "/statistics/",
    "/privacy/",
    "/audit/",
    "/accounts/users/",
    "/accounts/two-factor/",
    "/accounts/password/",
    "/api/docs/",
]


def test_every_section_opens_without_a_policy_violation(page, login, screenshot):
    reference.load(apps)  # occupations and schemes: an earlier browser test's flush emptied them
    for n in range(1, 6):
        add_person(n, "100101", scheme="s40")
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None,
    )
    login(page, Role.ADMIN)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    person = page.goto("/registry/")
    assert person is not None
    page.locator("table a").first.click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "person")
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    screenshot(page, "swagger")
    assert violations == []
