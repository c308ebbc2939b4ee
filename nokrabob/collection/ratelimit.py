"""Protection of the public pages: a fixed-window rate limit per client address, kept in the cache,
and a cap on the size of a request body.

Limits are settings with defaults (``COLLECTION_RATE_LIMIT`` posts per ``COLLECTION_RATE_WINDOW`` seconds,
``COLLECTION_MAX_BODY_BYTES``). The client address is REMOTE_ADDR; behind a reverse proxy set
``COLLECTION_CLIENT_IP_HEADER`` (e.g. ``HTTP_X_REAL_IP``) to the header the proxy writes.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def rate_limit() -> int:
    return _setting("COLLECTION_RATE_LIMIT", 20)


def rate_window() -> int:
    return _setting("COLLECTION_RATE_WINDOW", 600)


def max_body_bytes() -> int:
    return _setting("COLLECTION_MAX_BODY_BYTES", 64 * 1024)


def client_address(request: HttpRequest) -> str:
    header = getattr(settings, "COLLECTION_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    if value:
        return value.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def hit(request: HttpRequest, bucket: str) -> bool:
    """Count one request from this address; False once the address is over the limit for the window."""
    window = rate_window()
    slot = int(time.time() // window)
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    key = f"collection:rl:{bucket}:{digest}:{slot}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= rate_limit()


def body_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > max_body_bytes()
