"""The data subject's access copy as a Thai PDF letter, beside the JSON copy."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.privacy.services import request_open
from nokrabob.registry.models import Scheme, WelfareRecord
from nokrabob.registry.rules.national_id import format_national_id
from nokrabob.registry.tests.factories import register

pytestmark = pytest.mark.django_db


def test_the_access_copy_is_a_readable_thai_letter(client, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    officer = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1001")
    person = register(officer, first_name="บุญมี", last_name="มีสุข", phone="0812345678")
    scheme = Scheme.objects.filter(code="s40").first() or Scheme.objects.create(
        code="s40", name_th="มาตรา 40"
    )
    WelfareRecord.objects.create(
        person=person, scheme=scheme, status="enrolled", recorded_on=timezone.localdate()
    )
    dpo = make_user(Role.DPO)
    item = request_open(actor=dpo, person=person, kind="access", received_on=timezone.localdate())
    client.force_login(dpo)
    assert (
        reverse("privacy:subject_access_letter", args=[item.pk])
        in client.get(reverse("privacy:request_detail", args=[item.pk])).content.decode()
    )
    response = client.get(reverse("privacy:subject_access_letter", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # (pdftotext reads Sarabun's sara aa as sara am, so the words checked here have neither)
    for expected in ("บุญมี", "มีสุข", format_national_id(person.national_id or ""), "0812345678", "เขตพระนคร",
                     "พ.ศ. 2562", "ยินยอม", "จึงเรียน"):  # fmt: skip
        assert expected in text, expected
    for machine in ("national_id", "district_code", "Created", "None", "True"):
        assert machine not in text, machine
    event = AuditEvent.objects.get(changes__read="subject_access_pdf")
    assert event.actor == dpo and event.action == "export" and event.target_id == str(person.pk)
    assert "บุญมี" not in str(event.changes)
