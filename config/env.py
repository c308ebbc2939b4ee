"""The one place where the environment is read.

Every setting that may differ between machines comes through here, so a missing or malformed value
fails at start-up with a message that names the variable, in Thai and English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


class SettingMissing(Exception):
    """Raised when production starts without a value it must not guess."""

    def __init__(self, name: str, hint: str = "") -> None:
        message = f"ยังไม่ได้กำหนดค่า {name} ในตัวแปรสภาพแวดล้อม / The environment variable {name} is not set." + (
            f" {hint}" if hint else ""
        )
        super().__init__(message)
        self.name = name


def required(name: str, hint: str = "") -> str:
    value = env.str(name, default="")
    if not value:
        raise SettingMissing(name, hint)
    return value


def replica_database(primary: dict[str, Any]) -> dict[str, Any] | None:
    """The read replica from ``DATABASE_REPLICA_URL`` (PostgreSQL streaming replication), or None: off by
    default. It takes the primary's connection settings; in tests it mirrors the primary."""
    url = env.str("DATABASE_REPLICA_URL", default="")
    if not url:
        return None
    replica = env.db_url_config(url)
    if "postgresql" not in replica["ENGINE"] or "postgresql" not in primary.get("ENGINE", ""):
        raise SettingMissing(
            "DATABASE_REPLICA_URL", "A read replica needs PostgreSQL for both DATABASE_URL and the replica."
        )
    for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if key in primary:
            replica.setdefault(key, primary[key])
    replica["TEST"] = {"MIRROR": "default"}
    return dict(replica)


def replica_pin_seconds() -> int:
    """How long a browser's reads stay on the primary after it wrote (longer than the replica's lag)."""
    return env.int("REPLICA_PIN_SECONDS", default=15)
