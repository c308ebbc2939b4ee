"""The public form's limits are per address and per form token: behind the proxy one address's flood
never blocks another address, nor another district's form."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from nokrabob.collection.models import CampaignDistrict, Submission
from nokrabob.collection.tests.conftest import form_data

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def url(cd):
    return reverse("collection:public_form", args=[cd.token])


def post(client, cd, address, **data):
    return client.post(url(cd), form_data(**data), REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=address)


@override_settings(CLIENT_IP_HEADER="X-Real-IP", COLLECTION_RATE_LIMIT=3, COLLECTION_RATE_LIMIT_ADDRESS=5)
def test_one_address_blocks_only_itself_and_only_on_that_form(client, campaign):
    phra_nakhon = CampaignDistrict.objects.get(campaign=campaign, district_code="1001")
    bang_kapi = CampaignDistrict.objects.get(campaign=campaign, district_code="1006")
    flood = "198.51.100.7"
    assert [post(client, phra_nakhon, flood, national_id="1").status_code for _ in range(3)] == [200] * 3
    assert post(client, phra_nakhon, flood).status_code == 429

    # The citizens behind the same proxy still register on that form ...
    assert post(client, phra_nakhon, "198.51.100.8").status_code == 302
    # ... and the flooding address may still use another district's form, up to its own overall limit.
    assert post(client, bang_kapi, flood, national_id="1").status_code == 200
    assert post(client, bang_kapi, flood, national_id="1").status_code == 429  # 6th post of the address
    assert Submission.objects.count() == 1


@override_settings(CLIENT_IP_HEADER="", COLLECTION_RATE_LIMIT=2)
def test_without_the_setting_everyone_behind_the_proxy_shares_one_address(client, campaign):
    """What the setting is for: without it the proxy's address is everyone's (docs/deploy.md)."""
    cd = CampaignDistrict.objects.get(campaign=campaign, district_code="1001")
    post(client, cd, "198.51.100.7", national_id="1")
    post(client, cd, "198.51.100.7", national_id="1")
    assert post(client, cd, "198.51.100.8").status_code == 429
