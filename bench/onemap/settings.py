"""Settings for the One Map benchmark: the project's own, on a database of the benchmark's own."""

from __future__ import annotations

from config.settings.dev import *  # noqa: F403
from config.settings.dev import DATABASES, VAR_DIR

DEBUG = False
MEDIA_ROOT = VAR_DIR / "bench_onemap_media"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = str(VAR_DIR / "bench_onemap.sqlite3")
