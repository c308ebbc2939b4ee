import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from nokrabob.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_home_is_thai_by_default_even_for_an_english_browser(client, district_user):
    client.force_login(district_user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response["Content-Language"] == "th"
    assert "ปีงบประมาณ" in body and "ออกจากระบบ" in body


def test_english_switch_sets_a_cookie_and_translates(client, district_user):
    client.force_login(district_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/").content.decode()
    assert "Fiscal year" in body and "Log out" in body


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_home_page(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get("/")
    assert response.status_code == 200
    assert str(Role(role).label) in response.content.decode()


def test_static_assets_are_served_by_the_app(client):
    from django.contrib.staticfiles import finders

    assert finders.find("fonts/sarabun/Sarabun-Regular.ttf")
    assert finders.find("css/app.css")
    assert finders.find("django_htmx/htmx-2.min.js")


def test_pages_load_nothing_from_another_host(client, district_user):
    client.force_login(district_user)
    body = client.get("/").content.decode()
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_admin_sees_user_management_in_the_menu_and_district_staff_do_not(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    assert reverse("accounts:user_list") in client.get("/").content.decode()
    client.force_login(make_user(Role.DISTRICT_STAFF))
    assert reverse("accounts:user_list") not in client.get("/").content.decode()


def _production_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _production_check(
        {
            "DATABASE_URL": "postgres://x@127.0.0.1/x",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "x",
        }
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ยังไม่ได้กำหนดค่า" in result.stderr


def test_production_refuses_debug():
    result = _production_check({"DEBUG": "1", "SECRET_KEY": "s" * 50})
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_production_starts_with_everything_set():
    result = _production_check(
        {
            "SECRET_KEY": "s" * 50,
            "DATABASE_URL": "postgres://x@127.0.0.1/x",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "nokrabob.example",
        }
    )
    assert result.returncode == 0, result.stderr


def test_thai_digits_on_request(client, district_user):
    client.force_login(district_user)
    assert "๒๕" not in client.get("/").content.decode()
    response = client.post(reverse("core:set_digits"), {"digits": "thai", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    body = client.get("/").content.decode()
    assert "ปีงบประมาณ พ.ศ. ๒๕" in body
    client.post(reverse("core:set_digits"), {"digits": "arabic", "next": "https://elsewhere.example/"})
    assert "ปีงบประมาณ พ.ศ. 25" in client.get("/").content.decode()
