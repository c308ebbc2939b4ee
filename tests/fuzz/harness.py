"""Sending one fuzz example and judging the answer: never a server error, and nothing written when the
post was refused."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from conftest import authenticator_for
from tests.fuzz.conftest import FuzzWorld, changed, fingerprint, form_errors, refusal_messages
from tests.fuzz.inventory import Endpoint
from tests.fuzz.strategies import MULTIPART, multipart, urlencoded

SERVER_ERROR_SIGNS = ("Traceback (most recent call last)", "Server Error (500)", "<h1>Server Error")


def login(client: Any, world: FuzzWorld, endpoint: Endpoint) -> None:
    """A fresh browser (no cookie of an earlier example) signed in as the endpoint's role."""
    client.cookies.clear()
    if endpoint.role is None:
        client.logout()
    elif endpoint.prepare == "password_only":
        user = world.user(endpoint.role)
        authenticator_for(user)
        client.force_login_password_only(user)
    else:
        client.force_login(world.user(endpoint.role))


def prepare(client: Any, world: FuzzWorld, endpoint: Endpoint) -> str:
    """The URL to post to, after the step some endpoints need first (a session, an upload)."""
    if endpoint.prepare == "own_submission":
        session = client.session
        session["collection_status_pk"] = world.area("1001").submission.pk
        session.save()
    if endpoint.prepare == "onemap_upload":
        from tests.fuzz.strategies import csv_bytes

        content = csv_bytes([["รหัสชุมชน", "ชื่อชุมชน", "เขต"], ["FZ-1", "ชุมชนทดสอบ", "1001"]])
        body = multipart({}, {"file": ("communities.csv", content)})
        response = client.generic("POST", reverse("onemap:upload", args=["communities"]), body, MULTIPART)
        assert response.status_code == 302, response.status_code
        return urlsplit(response["Location"]).path
    return reverse(endpoint.name, args=endpoint.args(world))


def send(
    client: Any,
    endpoint: Endpoint,
    url: str,
    data: dict[str, Any],
    *,
    files: dict[str, tuple[str, bytes]] | None = None,
    raw: bytes | None = None,
    token: str = "",
) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    if endpoint.kind == "get":
        return client.generic("GET", f"{url}?{urlencoded(data).decode()}", **headers)
    if endpoint.kind == "json":
        body = (
            raw if raw is not None else json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
        )
        return client.generic(endpoint.method, url, body, "application/json", **headers)
    if endpoint.kind == "upload":
        return client.generic(endpoint.method, url, multipart(data, files or {}), MULTIPART, **headers)
    return client.generic(
        endpoint.method, url, urlencoded(data), "application/x-www-form-urlencoded", **headers
    )


def body_text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return ""  # a file being streamed: its status says enough
    return response.content.decode("utf-8", "replace")


def accepted(endpoint: Endpoint, response: Any) -> bool:
    """Whether the app took the post (and so may have written): a redirect without an error message, a
    2xx from the API, or a success page where that is how the page says so."""
    if endpoint.kind == "get":
        return False  # a search form writes nothing (but its audit line)
    if endpoint.kind == "json" or endpoint.name.startswith("api:"):
        return 200 <= response.status_code < 300
    if response.status_code == 302:
        return not refusal_messages(response)
    return response.status_code == 200 and endpoint.writes_on_200 and not form_errors(response)


def judge(world: FuzzWorld, endpoint: Endpoint, response: Any, before: dict[str, str]) -> None:
    """No server error; a refused post wrote nothing (no row, no changed row, no file)."""
    assert response.status_code < 500, response.status_code
    text = body_text(response)
    assert not any(sign in text for sign in SERVER_ERROR_SIGNS), text[:2000]
    if not accepted(endpoint, response):
        moved = changed(before, fingerprint(world.media))
        assert not moved, f"refused ({response.status_code}) but wrote: {moved}"
