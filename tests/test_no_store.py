"""``Cache-Control: no-store`` on every page, file and API answer: nothing with people's data may stay in a
browser's or a proxy's cache (nokrabob.core.middleware.NoStoreMiddleware)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.api.services import token_issue
from nokrabob.reports.tests.people import add_person

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:  # type: ignore[no-untyped-def]
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    return add_person(1, "100101", scheme="s40")


def test_a_persons_page_the_list_and_the_login_page_are_not_stored(client, district_user, person):
    assert no_store(client.get(reverse("accounts:login")))
    client.force_login(district_user)
    for url in (reverse("registry:person_detail", args=[person.pk]), reverse("registry:person_list"), "/"):
        response = client.get(url)
        assert response.status_code == 200 and no_store(response), url
        assert "Content-Security-Policy" in response, url


def test_excel_and_pdf_files_are_not_stored(client, make_user, person):
    client.force_login(make_user(Role.DEPARTMENT_STAFF))
    xlsx = client.get(reverse("reports:dashboard_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and no_store(xlsx)
    pdf = client.get(reverse("reports:dashboard_pdf"))
    assert pdf.content.startswith(b"%PDF") and no_store(pdf)


def test_api_answers_are_not_stored(client, district_user, person):
    _token, key = token_issue(actor=None, user=district_user)
    response = client.get(reverse("api:v1:person", args=[person.pk]), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and person.last_name in response.content.decode()
    assert no_store(response)
    refused = client.get(reverse("api:v1:person", args=[person.pk]))
    assert refused.status_code in (401, 403) and no_store(refused)


def test_a_views_own_cache_header_with_no_store_is_kept(client, district_user):
    """The public form sets its own never-cache header; it is kept, not replaced."""
    response = client.get(reverse("collection:status_lookup"))
    assert "no-store" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]
