"""A fixed-window counter kept in the cache (Redis in production, so every worker shares it)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def window_slot(window: int) -> int:
    return int(time.time() // window)


def hit(bucket: str, key: str, *, limit: int, window: int) -> bool:
    """Count one event for ``key`` in this window; False once the count is over ``limit``."""
    cache_key = f"rl:{bucket}:{_key(key)}:{window_slot(window)}"
    return _incr(cache_key, window) <= limit


def count_distinct(bucket: str, key: str, member: str, *, window: int) -> int:
    """Add ``member`` to the set of ``key`` in this window; how many different members it now holds."""
    slot = window_slot(window)
    counter = f"rl:{bucket}:{_key(key)}:{slot}:n"
    if cache.add(f"rl:{bucket}:{_key(key, member)}:{slot}:m", 1, timeout=window + 5):
        return _incr(counter, window)
    return int(cache.get(counter) or 0)


def current_distinct(bucket: str, key: str, *, window: int) -> int:
    return int(cache.get(f"rl:{bucket}:{_key(key)}:{window_slot(window)}:n") or 0)


def _incr(cache_key: str, window: int) -> int:
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        return 1
