"""Protection of the public pages: fixed-window rate limits kept in the cache, and a cap on the size of a
request body.

A registration form (one QR token per campaign district) counts the posts of one address to that form
(``COLLECTION_RATE_LIMIT`` per ``COLLECTION_RATE_WINDOW`` seconds) and of one address over every form
(``COLLECTION_RATE_LIMIT_ADDRESS``): a flood from one address blocks that address only, never another
address nor, behind the proxy, the whole city. The address is ``nokrabob.core.client.client_address``
(``CLIENT_IP_HEADER``, docs/deploy.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from nokrabob.core import ratelimit
from nokrabob.core.client import client_address


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def rate_limit() -> int:
    return _setting("COLLECTION_RATE_LIMIT", 20)


def address_limit() -> int:
    return _setting("COLLECTION_RATE_LIMIT_ADDRESS", 100)


def rate_window() -> int:
    return _setting("COLLECTION_RATE_WINDOW", 600)


def max_body_bytes() -> int:
    return _setting("COLLECTION_MAX_BODY_BYTES", 64 * 1024)


def hit(request: HttpRequest, bucket: str, token: str = "") -> bool:
    """Count one post from this address (to this form's token); False once over a limit for the window."""
    address, window = client_address(request), rate_window()
    per_form = ratelimit.hit(f"collection:{bucket}", f"{address}|{token}", limit=rate_limit(), window=window)
    per_address = ratelimit.hit(f"collection:{bucket}:all", address, limit=address_limit(), window=window)
    return per_form and per_address


def body_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > max_body_bytes()
