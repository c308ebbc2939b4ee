import datetime as dt
import json

import pytest
from django.urls import reverse

from nokrabob.accounts.roles import Role
from nokrabob.audit.models import AuditEvent
from nokrabob.core.thai import format_be_date
from nokrabob.privacy.models import DataSubjectRequest
from nokrabob.registry.models import Person, WelfareRecord
from nokrabob.registry.rules.national_id import make_national_id
from nokrabob.registry.services import person_create, person_update

pytestmark = pytest.mark.django_db
NATIONAL_ID = make_national_id("110170099999")


@pytest.fixture
def person(district_user):
    person = person_create(
        actor=district_user,
        fields={
            "national_id": NATIONAL_ID,
            "title": "นาง",
            "first_name": "มาลี",
            "last_name": "ศรีสุข",
            "birth_date": dt.date(1975, 3, 3),
            "phone": "0891234567",
            "subdistrict_code": "100101",
            "house_no": "12/3",
        },
    )
    person_update(actor=district_user, person=person, fields={"last_name": "ศรีสุขใจ"})
    WelfareRecord.objects.create(
        person=person,
        scheme_id=1,
        status="enrolled",
        recorded_on=dt.date(2026, 1, 5),
        source="staff_verified",
    )
    return person


@pytest.fixture
def dpo_client(client, make_user):
    client.force_login(make_user(Role.DPO))
    return client


def _open(client, kind, received="01/11/2569"):
    return client.post(
        reverse("privacy:request_new"),
        {"national_id": NATIONAL_ID, "kind": kind, "received_on": received, "channel": "จดหมาย"},
    )


def test_a_request_is_due_in_thirty_days(dpo_client, person):
    response = _open(dpo_client, "access")
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.received_on == dt.date(2026, 11, 1)
    assert request.due_on == dt.date(2026, 12, 1)
    assert request.person == person


def test_unknown_person_and_future_date_are_refused_on_the_field(dpo_client, person):
    other = make_national_id("110170088888")
    response = dpo_client.post(
        reverse("privacy:request_new"), {"national_id": other, "kind": "access", "received_on": "01/11/2569"}
    )
    assert "ไม่พบบุคคล" in response.content.decode()
    future = format_be_date(dt.date.today() + dt.timedelta(days=5))
    assert "อนาคต" in _open(dpo_client, "access", received=future).content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_access_file_holds_everything_and_is_audited(dpo_client, person):
    _open(dpo_client, "access")
    request = DataSubjectRequest.objects.get()
    response = dpo_client.get(reverse("privacy:subject_access_file", args=[request.pk]))
    data = json.loads(response.content)
    assert data["person"]["national_id"] == NATIONAL_ID
    assert data["person"]["last_name"] == "ศรีสุขใจ"
    assert len(data["welfare"]) == 1 and len(data["consents"]) == 1
    assert len(data["history"]) == 2
    assert AuditEvent.objects.filter(action="export", target_id=str(person.pk)).exists()


def test_erasure_leaves_nothing_identifying(dpo_client, person):
    _open(dpo_client, "erase")
    request = DataSubjectRequest.objects.get()
    dpo_client.post(
        reverse("privacy:request_detail", args=[request.pk]), {"status": "done", "outcome": "ลบตามคำขอแล้ว"}
    )
    person.refresh_from_db()
    assert person.national_id is None and person.phone == "" and person.birth_date is None
    assert person.first_name == "ลบตามคำขอ" and person.last_name == "" and person.house_no == ""
    assert person.district_code == "1001"  # aggregates still count the person in the district
    assert person.history.count() == 0
    assert person.consents.filter(withdrawn_on__isnull=True).count() == 0
    assert WelfareRecord.objects.filter(person=person).count() == 1
    labels = " ".join(AuditEvent.objects.values_list("target_label", flat=True))
    changes = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)), ensure_ascii=False)
    assert "มาลี" not in labels and "ศรีสุข" not in labels
    assert "ศรีสุข" not in changes and NATIONAL_ID not in changes and "0891234567" not in changes
    assert Person.objects.filter(national_id=NATIONAL_ID).count() == 0


def test_a_closed_request_needs_an_outcome(dpo_client, person):
    _open(dpo_client, "rectify")
    request = DataSubjectRequest.objects.get()
    response = dpo_client.post(
        reverse("privacy:request_detail", args=[request.pk]), {"status": "done", "outcome": ""}
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == "open"


def test_overdue_requests_show_on_the_list_and_the_dpo_home(dpo_client, person):
    _open(dpo_client, "access", received="01/09/2569")
    page = dpo_client.get(reverse("privacy:request_list")).content.decode()
    assert "เกินกำหนด" in page
    home = dpo_client.get("/").content.decode()
    assert "เกินกำหนด 30 วัน 1 รายการ" in home


def test_only_the_dpo_and_admins_handle_requests(client, district_user, person):
    client.force_login(district_user)
    assert client.get(reverse("privacy:request_list")).status_code == 403
