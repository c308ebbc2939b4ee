"""The database away for a moment: a Thai 503 page with Retry-After (the API's error shape on the API),
never a stack trace; /health/ says 503; any other unhandled error is the Thai 500 page (docs/adr/0446)."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.test import Client

from nokrabob.accounts.roles import Role
from nokrabob.core.outage import is_database_unavailable

THAI = "ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว"
ENGLISH = "The database is briefly unavailable"


def _driver_error(message: str) -> OperationalError:
    """The error Django raises when the driver reports ``message`` (wrapped, with the driver's as cause)."""
    try:
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError(message)  # type: ignore[attr-defined]
    except OperationalError as exc:
        return exc
    raise AssertionError("not wrapped")  # pragma: no cover


@contextmanager
def database_away() -> Iterator[None]:
    """Every query of the next requests fails as when the server refuses the connection (or, on SQLite, as
    when the file stays locked past the busy timeout)."""
    message = (
        "database is locked"
        if connection.vendor == "sqlite"
        else 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )
    error = _driver_error(message)

    def refuse() -> None:
        raise error

    with mock.patch.object(connection, "ensure_connection", refuse):
        yield


def _no_trace(text: str) -> None:
    for leak in ("Traceback", "OperationalError", 'File "', "psycopg", "sqlite3", "Connection refused"):
        assert leak not in text, leak


@pytest.fixture
def officer_client(make_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)  # as a real server: no exception reaches the client
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    return client


@pytest.mark.django_db
def test_a_page_whose_view_meets_the_database_away_is_a_thai_503(officer_client) -> None:  # type: ignore[no-untyped-def]
    officer_client.get("/")  # the session is read once while the database answers
    with mock.patch("nokrabob.core.views.cards_for", side_effect=_driver_error("database is locked")):
        response = Client().get("/", follow=False)  # anonymous: the view is not reached, redirect to login
        assert response.status_code == 302
        response = officer_client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert THAI in text and "ลองใหม่" in text
    _no_trace(text)


@pytest.mark.django_db
def test_the_database_away_before_any_view_reads_the_session_is_a_thai_503(officer_client) -> None:  # type: ignore[no-untyped-def]
    with database_away():
        response = officer_client.get("/registry/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER_SECONDS)
    text = response.content.decode()
    assert THAI in text and '<html lang="th">' in text
    _no_trace(text)
    # and once it is back, the same page opens
    assert officer_client.get("/registry/").status_code == 200


@pytest.mark.django_db
def test_the_page_is_in_english_for_who_chose_english(officer_client) -> None:  # type: ignore[no-untyped-def]
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with database_away():
        response = officer_client.get("/registry/")
    assert response.status_code == 503
    text = response.content.decode()
    assert ENGLISH in text and '<html lang="en">' in text
    _no_trace(text)


@pytest.mark.django_db
def test_the_api_answers_503_in_its_error_shape(officer_client, make_user) -> None:  # type: ignore[no-untyped-def]
    from nokrabob.api.services import token_issue

    with database_away():
        response = officer_client.get("/api/v1/people/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER_SECONDS)
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert set(body) == {"code", "message", "fields"} and body["fields"] == {}
    assert THAI in body["message"]["th"] and "briefly unavailable" in body["message"]["en"]
    _no_trace(response.content.decode())

    # a token client: the token is looked up inside the API's own view
    _token, key = token_issue(actor=None, user=make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    with database_away():
        response = Client().get("/api/v1/people/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 503 and response.json()["code"] == "database_unavailable"


@pytest.mark.django_db
def test_health_answers_503_while_the_database_is_away(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/health/").json() == {"status": "ok"}
    with database_away():
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER_SECONDS)


@pytest.mark.django_db
def test_other_errors_are_the_thai_500_page_and_json_on_the_api(officer_client) -> None:  # type: ignore[no-untyped-def]
    with mock.patch("nokrabob.core.views.cards_for", side_effect=ProgrammingError("no such column: x")):
        response = officer_client.get("/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in text and "Retry-After" not in response
    _no_trace(text)
    with mock.patch("nokrabob.api.people.PersonList.get", side_effect=ZeroDivisionError("boom")):
        response = officer_client.get("/api/v1/people/")
    assert response.status_code == 500 and response.json()["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_what_counts_as_the_database_briefly_away() -> None:
    def pg(code: str | None) -> OperationalError:
        driver = Exception("x")
        driver.sqlstate = code  # type: ignore[attr-defined]  # as psycopg's errors carry it
        exc = OperationalError("x")
        exc.__cause__ = driver
        return exc

    def lite(message: str) -> OperationalError:
        exc = OperationalError(message)
        exc.__cause__ = sqlite3.OperationalError(message)
        return exc

    assert is_database_unavailable(InterfaceError("connection already closed"))
    assert is_database_unavailable(pg(None))  # refused or lost before the server answered
    for code in ("08006", "08001", "57P01", "57P03", "53300", "40001", "40P01", "55P03", "57014"):
        assert is_database_unavailable(pg(code)), code
    assert not is_database_unavailable(pg("42P01"))  # undefined table: waiting does not cure it
    assert is_database_unavailable(lite("database is locked"))
    assert is_database_unavailable(lite("unable to open database file"))
    assert not is_database_unavailable(lite("no such table: registry_person"))
    assert not is_database_unavailable(ProgrammingError("x"))
    assert not is_database_unavailable(ValueError("x"))
    assert not is_database_unavailable(None)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db(transaction=True)
def test_a_real_outage_postgresql_refuses_the_connection(make_user) -> None:  # type: ignore[no-untyped-def]
    """No mock: the connection goes to a port where no server listens, as when PostgreSQL is down."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite: the next test)")
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001"))
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    try:
        health = client.get("/health/")
        page = client.get("/registry/")
        api = client.get("/api/v1/people/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert health.status_code == 503
    assert page.status_code == 503 and THAI in page.content.decode()
    _no_trace(page.content.decode())
    assert api.status_code == 503 and api.json()["code"] == "database_unavailable"
    assert client.get("/registry/").status_code == 200  # back


@pytest.mark.django_db(transaction=True)
def test_a_real_outage_sqlite_locked_by_another_connection(make_user) -> None:  # type: ignore[no-untyped-def]
    """No mock: another connection holds the database's write lock, and the page must write (the log-in)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    client = Client(raise_request_exception=False)
    name = connection.settings_dict["NAME"]
    other = sqlite3.connect(name, uri=name.startswith("file:"), timeout=0.1, isolation_level=None)
    options = connection.settings_dict["OPTIONS"]
    saved_timeout = options.get("timeout")
    connection.close()
    options["timeout"] = 0.2  # the busy timeout a real deployment waits (20 s) before giving up
    try:
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE accounts_user SET first_name = first_name")
        response = client.post("/accounts/login/", {"username": user.username, "password": "x" * 12})
    finally:
        other.execute("ROLLBACK")
        other.close()
        connection.close()
        options["timeout"] = saved_timeout
    assert response.status_code == 503
    assert THAI in response.content.decode()
    _no_trace(response.content.decode())
