"""Settings for the test suite: fast hashing, tasks run inline, SQLite in memory unless DATABASE_URL."""

from __future__ import annotations

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import HUEY, database_from_env, with_replica

DEBUG = False
SECRET_KEY = "test-only-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_tmp = Path(tempfile.mkdtemp(prefix="nokrabob-test-"))
DATABASES = with_replica({"default": database_from_env(_tmp / "test.sqlite3")})
MEDIA_ROOT = _tmp / "media"
OPEN_DATA_DIR = _tmp / "open-data"
BACKUP_DIR = _tmp / "backups"
HUEY = {**HUEY, "immediate": True, "filename": str(_tmp / "huey.sqlite3")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# Transactional (browser) tests empty every table after each test with ``flush``; only here may it empty the
# audit trail past the database's append-only triggers (nokrabob/audit/management/commands/flush.py).
AUDIT_FLUSH_EMPTIES_TRAIL = True
