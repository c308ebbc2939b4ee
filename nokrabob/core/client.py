"""Where a request comes from: the one function every rate limit, lockout and audit row uses.

Behind the reverse proxy every request arrives from the proxy's own address, so ``REMOTE_ADDR`` names the
proxy, not the person. ``CLIENT_IP_HEADER`` (environment, docs/deploy.md) names the header the proxy
writes with the client's address, e.g. ``X-Real-IP``. Only a header the proxy overwrites may be trusted:
a client can send any header it likes. For ``X-Forwarded-For`` the right-most entry is taken (the one
the proxy appended); entries to its left were written by the client. Without the setting, or when the
header is missing or not an address, ``REMOTE_ADDR`` is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def meta_key(header: str) -> str:
    """``X-Real-IP`` → ``HTTP_X_REAL_IP`` (a ``HTTP_…`` name is kept as it is)."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") or not name else f"HTTP_{name}"


def _address(value: str) -> str | None:
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the trusted proxy reports it, else the connection's own."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        value = str(request.META.get(meta_key(header), ""))
        entries = [part for part in value.split(",") if part.strip()]
        if entries:
            address = _address(entries[-1])
            if address:
                return address
    return _address(str(request.META.get("REMOTE_ADDR", ""))) or ""
