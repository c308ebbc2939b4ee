"""The client's address: the connection's, or behind the proxy the header it writes; one function for the
lockout, the rate limits, the API throttle and the audit trail."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from nokrabob.core.client import client_address, meta_key


def request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_the_setting_the_connections_address_is_used(settings):
    settings.CLIENT_IP_HEADER = ""
    assert client_address(request(REMOTE_ADDR="10.0.0.7", HTTP_X_REAL_IP="1.2.3.4")) == "10.0.0.7"


def test_behind_the_proxy_its_header_is_used(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert client_address(request(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"
    # A request that did not come through the proxy (no header): the connection's address.
    assert client_address(request(REMOTE_ADDR="10.0.0.7")) == "10.0.0.7"


def test_forwarded_for_takes_the_entry_the_proxy_appended_not_the_clients(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    spoofed = request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(spoofed) == "203.0.113.9"


@pytest.mark.parametrize("value", ["not-an-address", "", "1.2.3.4.5", "<script>"])
def test_a_header_that_is_not_an_address_falls_back_to_the_connection(settings, value):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert client_address(request(REMOTE_ADDR="10.0.0.7", HTTP_X_REAL_IP=value)) == "10.0.0.7"


def test_ipv6_is_written_in_one_form(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert client_address(request(HTTP_X_REAL_IP="2001:0db8:0000::0001")) == "2001:db8::1"


def test_header_names_are_read_as_django_writes_them():
    assert meta_key("X-Real-IP") == "HTTP_X_REAL_IP"
    assert meta_key("x-forwarded-for") == "HTTP_X_FORWARDED_FOR"
    assert meta_key("HTTP_X_REAL_IP") == "HTTP_X_REAL_IP"


def test_every_limit_and_the_trail_use_this_one_function(settings):
    """The lockout (django-axes), the address throttle, the public forms, the API and the audit trail."""
    import inspect

    from nokrabob.accounts import lockout
    from nokrabob.api import authentication
    from nokrabob.audit import signals
    from nokrabob.collection import ratelimit

    assert settings.AXES_CLIENT_IP_CALLABLE == "nokrabob.core.client.client_address"
    for module in (lockout, authentication, signals, ratelimit):
        assert module.client_address is client_address, module.__name__
        assert "REMOTE_ADDR" not in inspect.getsource(module), module.__name__


@pytest.mark.django_db
def test_the_audit_trail_records_the_clients_address_behind_the_proxy(client, settings, district_user):
    from conftest import TEST_PASSWORD
    from nokrabob.audit.models import AuditEvent

    settings.CLIENT_IP_HEADER = "X-Real-IP"
    client.post(
        "/accounts/login/",
        {"username": district_user.username, "password": TEST_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.9",
    )
    assert AuditEvent.objects.get(action="login", actor=district_user).ip_address == "203.0.113.9"
