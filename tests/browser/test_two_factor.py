"""Two-factor login in a browser: the data protection officer sets it up at the first login (QR code),
logs in again with a code, then with a recovery code. Every page runs under the Content-Security-Policy,
and no page of the flow reports a violation."""

from __future__ import annotations

import base64
import time

import pytest
from django.core.cache import cache
from django_otp.oath import TOTP
from playwright.sync_api import expect

from conftest import TEST_PASSWORD
from nokrabob.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def code_from_secret(secret: str, *, step_offset: int = 0) -> str:
    """What the phone's app shows for the key typed from the page."""
    text = secret.replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * step_offset
    return f"{totp.token():06d}"


def scan_qr(png: bytes) -> str:
    import io

    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1, found
    return str(found[0].text)


def password_step(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form button[type=submit].primary")


def watch_policy(page) -> list[str]:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_the_dpo_sets_up_two_factor_and_logs_in_with_a_code_then_a_recovery_code(page, make_user, screenshot):
    cache.clear()
    dpo = make_user(Role.DPO, first_name="ปกป้อง", last_name="ข้อมูล")
    violations = watch_policy(page)

    # First login: the password, then straight to the setup page; nothing else opens.
    password_step(page, dpo.username)
    page.wait_for_url("**/accounts/two-factor/")
    expect(page.locator("h1")).to_contain_text("ตั้งค่าการยืนยันตัวตนสองขั้นตอน")
    expect(page.get_by_text("บทบาทของท่านต้องใช้การยืนยันตัวตนสองขั้นตอน")).to_be_visible()
    qr = page.get_by_test_id("totp-qr").locator("svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box and box["width"] >= 200 and box["height"] >= 200
    screenshot(page, "setup")
    # The QR code, as a phone's camera reads it, is the setup link with the same key as the text.
    secret = page.get_by_test_id("totp-secret").inner_text()
    link = scan_qr(page.get_by_test_id("totp-qr").screenshot())
    assert link.startswith(f"otpauth://totp/Nokrabob%3A{dpo.username}?")
    assert f"secret={secret.replace(' ', '')}" in link and "issuer=Nokrabob" in link
    page.goto("/audit/")
    page.wait_for_url("**/accounts/two-factor/")

    page.fill("input[name=code]", code_from_secret(secret))
    page.get_by_test_id("setup-submit").click()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    expect(page.get_by_text("เปิดใช้การยืนยันตัวตนสองขั้นตอนแล้ว")).to_be_visible()
    screenshot(page, "recovery-codes")
    page.goto("/audit/")  # the audit page opens now
    assert page.url.endswith("/audit/")
    page.get_by_role("button", name="ออกจากระบบ").click()

    # Second login: the password is not enough; the app's (next) code is.
    password_step(page, dpo.username)
    page.wait_for_url("**/accounts/login/code/")
    expect(page.locator("h1")).to_contain_text("ยืนยันตัวตนขั้นที่สอง")
    screenshot(page, "code-step")
    page.fill(
        "input[name=code]", "000000" if code_from_secret(secret, step_offset=1) != "000000" else "111111"
    )
    page.get_by_test_id("code-submit").click()
    expect(page.locator("p.error").first).to_contain_text("รหัสไม่ถูกต้อง")
    screenshot(page, "wrong-code")
    page.wait_for_timeout(1200)  # the wait after one wrong code (1 s)
    page.fill("input[name=code]", code_from_secret(secret, step_offset=1))
    page.get_by_test_id("code-submit").click()
    page.wait_for_url("**/")
    expect(page.locator("h1")).to_contain_text("สวัสดี")
    page.get_by_role("button", name="ออกจากระบบ").click()

    # Third login: the phone is not at hand; a recovery code from paper, typed with a space.
    password_step(page, dpo.username)
    page.wait_for_url("**/accounts/login/code/")
    page.fill("input[name=code]", f"{codes[0][:4]} {codes[0][4:]}")
    page.get_by_test_id("code-submit").click()
    page.wait_for_url("**/")
    page.goto("/accounts/two-factor/")
    expect(page.get_by_test_id("two-factor-on")).to_be_visible()
    expect(page.get_by_text("เหลือรหัสกู้คืน 9 รหัส")).to_be_visible()
    screenshot(page, "status")

    assert violations == []


def test_the_setup_page_on_a_phone(phone_page, make_user, screenshot):
    cache.clear()
    officer = make_user(Role.DISTRICT_STAFF)
    violations = watch_policy(phone_page)
    password_step(phone_page, officer.username)
    phone_page.wait_for_url("**/")
    phone_page.goto("/accounts/two-factor/")
    expect(phone_page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    screenshot(phone_page, "setup-phone")
    assert violations == []
