"""The one place where the environment is read.

Every setting that may differ between machines comes through here, so a missing or malformed value
fails at start-up with a message that names the variable, in Thai and English.
"""

from __future__ import annotations

from pathlib import Path

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
