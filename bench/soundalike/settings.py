"""Settings for the sound-key migration benchmark: the project's own, on a database of the benchmark's own."""

from __future__ import annotations

from config.settings.dev import *  # noqa: F403
from config.settings.dev import DATABASES, VAR_DIR

DEBUG = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = str(VAR_DIR / "bench_soundalike.sqlite3")
