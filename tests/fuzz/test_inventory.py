"""The fuzz inventory keeps up with the app: every URL the resolver knows is either a POST endpoint the fuzz
tests post to (``POST_ENDPOINTS``) or listed as read-only (``READ_ONLY``) — and a URL whose view reads a
posted body cannot hide among the read-only ones."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.fuzz.inventory import EXEMPT_NAMESPACES, POST_ENDPOINTS, READ_ONLY

WRITE_METHODS = ("post", "put", "patch", "delete")
READS_A_BODY = re.compile(r"request\.(POST|FILES|data)\b|\"POST\"|require_POST|request\.method\s*[!=]=")


def url_names(patterns: Any = None, namespace: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(``namespace:name``, view) of every named URL pattern, through every include."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespace, pattern.name)), pattern.callback


def takes_a_body(view: Any) -> bool:
    """Whether a view accepts a POST/PUT/PATCH: a class view that defines one of those methods, or a
    function whose source (decorators included) reads ``request.POST``/``FILES`` or checks the method."""
    cls = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if cls is not None:
        return any(m in getattr(cls, "http_method_names", ()) and hasattr(cls, m) for m in WRITE_METHODS)
    function = inspect.unwrap(view)
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return True  # cannot tell: it must be listed as a POST endpoint
    return bool(READS_A_BODY.search(source))


def _app_urls() -> dict[str, Any]:
    return {name: view for name, view in url_names() if name.split(":")[0] not in EXEMPT_NAMESPACES}


def test_every_url_is_in_the_inventory():
    known = {e.name for e in POST_ENDPOINTS} | set(READ_ONLY)
    missing = sorted(set(_app_urls()) - known)
    assert not missing, (
        f"new URLs: add them to tests/fuzz/inventory.py (POST_ENDPOINTS or READ_ONLY): {missing}"
    )


def test_no_url_that_takes_a_body_is_listed_as_read_only():
    hidden = sorted(name for name, view in _app_urls().items() if name in READ_ONLY and takes_a_body(view))
    assert not hidden, f"these views read a posted body: list them in POST_ENDPOINTS: {hidden}"


def test_the_inventory_names_only_urls_that_exist():
    urls = _app_urls()
    stale = sorted({e.name for e in POST_ENDPOINTS} - set(urls)) + sorted(set(READ_ONLY) - set(urls))
    assert not stale, f"no longer in the URL resolver: {stale}"


def test_every_post_endpoint_of_the_inventory_takes_a_body():
    """The check itself is alive: it sees the POST endpoints as such (but search forms sent by GET)."""
    urls = _app_urls()
    blind = sorted(
        e.name
        for e in POST_ENDPOINTS
        if e.kind != "get" and e.name != "api:not_found" and not takes_a_body(urls[e.name])
    )
    assert not blind, blind
