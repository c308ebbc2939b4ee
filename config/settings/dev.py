"""The embedded default: one machine, SQLite, the task queue in a SQLite file. What `make run` uses."""

from __future__ import annotations

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR

DEBUG = env.bool("DEBUG", default=True)
# A development key only: production refuses to start without its own.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-for-production-" + "x" * 32)
VAR_DIR.mkdir(parents=True, exist_ok=True)
