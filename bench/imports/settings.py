"""Settings for the import benchmark: the project's own settings on a database of the benchmark's own
(SQLite under /tmp, or PostgreSQL database ``bench_imports`` when BENCH_DATABASE_URL is set)."""

from __future__ import annotations

import os
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, HUEY

DEBUG = False
SECRET_KEY = "bench-only-" + "x" * 40
_url = os.environ.get("BENCH_DATABASE_URL", "")
if _url:
    import environ

    DATABASES = {"default": environ.Env.db_url_config(_url)}
else:
    DATABASES = {
        "default": {
            **DATABASES["default"],
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("BENCH_SQLITE", "/tmp/bench_imports.sqlite3"),
        }
    }
HUEY = {**HUEY, "immediate": True}
MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA", "/tmp/bench_imports_media"))
LOGGING = {"version": 1, "disable_existing_loggers": False}
