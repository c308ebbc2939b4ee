"""Settings for the API benchmark: the project's own settings on a database of the benchmark's own (SQLite
file ``BENCH_SQLITE``, or the PostgreSQL database of ``BENCH_DATABASE_URL``)."""

from __future__ import annotations

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, HUEY

DEBUG = False
ALLOWED_HOSTS = ["*"]
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
            "NAME": os.environ.get("BENCH_SQLITE", "/tmp/bench_api/bench.sqlite3"),
        }
    }
HUEY = {**HUEY, "immediate": True}
API_RATE_PER_MINUTE = 1_000_000
LOGGING = {"version": 1, "disable_existing_loggers": False}
