"""Page numbers read from a query string."""

from __future__ import annotations

import pytest

from nokrabob.core.http import MAX_PAGE, page_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 7 ", 7),
        ("0", 1),
        ("-3", 1),
        ("abc", 1),
        ("๓", 1),
        ("1\x00", 1),
        ("2.5", 1),
        (str(MAX_PAGE), MAX_PAGE),
        (str(MAX_PAGE + 1), MAX_PAGE),
        ("99999999999999999999", MAX_PAGE),
        ("9" * 5000, MAX_PAGE),
    ],
)
def test_page_number_is_a_whole_number_within_the_list(raw: str | None, expected: int) -> None:
    assert page_number(raw) == expected


def test_page_number_stops_at_the_last_page_given() -> None:
    assert page_number("40", last=12) == 12


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/registry/?q=1%00", "/performance/?q=%00x", "/api/v1/people/?q=a%00"])
def test_a_nul_byte_in_a_query_is_refused_with_a_clear_message(client, make_user, url: str) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.accounts.roles import Role

    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    response = client.get(url)
    assert response.status_code == 400
    said = response.json()["message"]["th"] if url.startswith("/api/") else response.content.decode()
    assert "อักขระที่ใช้ไม่ได้" in said


@pytest.mark.django_db
def test_a_request_django_refuses_is_a_clear_400_and_json_on_the_api(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    many = "&".join(f"f{i}=x" for i in range(10))
    api = client.get(f"/api/v1/people/?{many}")
    assert api.status_code == 400 and api["Content-Type"] == "application/json"
    assert api.json()["code"] == "malformed_request"
    page = client.get(f"/registry/?{many}")
    assert page.status_code == 400 and "ระบบอ่านไม่ได้" in page.content.decode()
