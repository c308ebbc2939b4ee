"""The browser suite: Playwright for Python driving Debian's Chromium, headless, against a live server.

Screenshots of each step land in ``test-artifacts/`` (ignored by git) so a person can look at them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are
# still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, org_units, request):  # type: ignore[no-untyped-def]
    """A desktop-sized page whose relative URLs go to the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 860}, locale="en-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, org_units):  # type: ignore[no-untyped-def]
    """A phone-sized page (a mid-range Android phone)."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="th-TH",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(request) -> Callable[..., Path]:  # type: ignore[no-untyped-def]
    """``screenshot(page, "step")`` saves test-artifacts/<test>-<step>.png and returns its path."""

    def _shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def login(make_user) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """``login(page, role, unit_code=None)`` creates a user of that role and logs in through the form."""
    from conftest import TEST_PASSWORD, authenticator_for, totp_code
    from nokrabob.accounts.twofactor import requires_two_factor

    def _login(page, role: str, *, unit_code: str | None = None, **extra: object):  # type: ignore[no-untyped-def]
        user = make_user(role, unit_code=unit_code, **extra)
        device = authenticator_for(user) if requires_two_factor(user) else None
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("form button[type=submit].primary")
        if device is not None:  # the roles that require it pass the second factor as a person would
            page.wait_for_url("**/accounts/login/code/")
            page.fill("input[name=code]", totp_code(device))
            page.click("form button[type=submit].primary")
        page.wait_for_url("**/")
        return user

    return _login
