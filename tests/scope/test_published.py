"""The published statistics: the public page and its files carry only the suppressed aggregates, and only the
department may publish."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from nokrabob.reports.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world, tmp_path, client):  # type: ignore[no-untyped-def]
    with override_settings(OPEN_DATA_DIR=tmp_path):
        client.force_login(world.user("dept"))
        assert client.post(reverse("reports:publish")).status_code == 302
        client.logout()
        yield tmp_path


def test_the_public_page_and_files_hold_no_one_and_no_small_count(client, world, published) -> None:  # type: ignore[no-untyped-def]
    assert Publication.objects.count() == 1
    page = client.get(reverse("statistics:page"))
    assert page.status_code == 200
    files = {}
    for name in ("registry-aggregates.csv", "registry-aggregates.json", "metadata.json"):
        response = client.get(reverse("statistics:file", args=[name]))
        assert response.status_code == 200
        files[name] = b"".join(response.streaming_content).decode("utf-8-sig")
    text = page.content.decode() + "".join(files.values())
    for area in world.areas.values():
        assert area.national_id not in text and area.phone not in text
        assert area.person.first_name not in text and area.person.last_name not in text
    counts = [row["count"] for row in json.loads(files["registry-aggregates.json"])["rows"]]
    assert counts and not [c for c in counts if isinstance(c, int) and 1 <= c <= 4]
    # nothing else on disk is served
    for name in ("..%2Fbase.py", "registry-aggregates.csv.tmp", "x.csv", ".."):
        assert client.get(reverse("statistics:file", args=[name])).status_code == 404


@pytest.mark.parametrize("who", ["d1001", "cm", "executive", "assessor", "dpo", "policy"])
def test_only_the_department_publishes(client, world, who, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user(who))
    with override_settings(OPEN_DATA_DIR=tmp_path):
        assert client.post(reverse("reports:publish")).status_code == 403
    assert not Publication.objects.exists() and not list(tmp_path.iterdir())
