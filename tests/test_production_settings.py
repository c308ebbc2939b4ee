"""The production settings: ``check --deploy`` silent, and the headers a browser gets (HSTS, the redirect
to HTTPS, the Content-Security-Policy, no-store). Run in a child process, as production would load them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # Not DJANGO_ALLOW_ASYNC_UNSAFE either: the browser suite sets it for its own process only.
    left_out = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3X9-" + "vQ7pLmZ2rT8wYc4nB6hJ1sD5fG0aE" * 2,
        "ALLOWED_HOSTS": "nokrabob.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6399/0",
        "CSRF_TRUSTED_ORIGINS": "https://nokrabob.example",
        "NOKRABOB_VAR_DIR": str(tmp_path),
    }
    return env | extra


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_check_deploy_is_silent_with_the_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_is_silent_when_the_proxy_is_declared_to_redirect(tmp_path):
    result = check_deploy(production_env(tmp_path, SSL_REDIRECT_BY_PROXY="true"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(1 silenced)" in result.stdout


def test_check_deploy_speaks_up_when_a_protection_is_turned_off(tmp_path):
    """The check is not silent by construction: cookies without Secure and no HSTS are reported."""
    result = check_deploy(production_env(tmp_path, SECURE_COOKIES="false", SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    for code in ("security.W004", "security.W012", "security.W016"):
        assert code in result.stdout + result.stderr


# The probe reads the collected-static manifest from plain storage: collectstatic is not run for a test.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
plain_static = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
override_settings(STORAGES=plain_static).enable()
c = Client(HTTP_HOST="nokrabob.example")
plain = c.get("/accounts/login/")
page = c.get("/accounts/login/", secure=True)
health = c.get("/health/")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "headers": dict(page.headers),
    "status": page.status_code,
    "health": health.status_code,
}))
"""


@pytest.mark.parametrize("by_proxy", [False, True])
def test_a_browser_gets_https_only_the_policy_and_no_store(tmp_path, by_proxy):
    env = production_env(tmp_path, SSL_REDIRECT_BY_PROXY=str(by_proxy).lower())
    result = run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    headers = seen["headers"]
    assert seen["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["Cache-Control"] == "no-store" or "no-store" in headers["Cache-Control"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    if by_proxy:
        assert seen["plain"][0] == 200  # the proxy redirects; the app does not
    else:
        assert seen["plain"] == [301, "https://nokrabob.example/accounts/login/"]
    assert seen["health"] == 200  # the load balancer's probe stays on plain HTTP
