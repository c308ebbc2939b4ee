import datetime as dt

import pytest

from nokrabob.audit.models import AuditEvent
from nokrabob.core.errors import DomainError
from nokrabob.registry.models import Activity, Consent, Participation, Person, WelfareRecord
from nokrabob.registry.services import person_merge, person_update
from nokrabob.registry.tests.factories import register, welfare

pytestmark = pytest.mark.django_db


def test_merge_moves_rows_chooses_fields_and_keeps_both_histories(district_user):
    keep = register(district_user, first_name="ประเสริฐ", phone="0811111111")
    merge = register(district_user, first_name="ประเสริด", phone="0822222222", national_id=None)
    person_update(actor=district_user, person=merge, fields={"last_name": "ใจงาม"})
    welfare(merge, "s40", "enrolled", dt.date(2025, 1, 5), option="1")
    activity = Activity.objects.create(
        title="อบรม", kind="training", held_on=dt.date(2025, 2, 1), fiscal_year=2568,
        unit=district_user.unit,
    )  # fmt: skip
    Participation.objects.create(activity=activity, person=keep)
    Participation.objects.create(activity=activity, person=merge)

    result = person_merge(
        actor=district_user, keep=keep, merge=merge, field_choices={"phone": "merge", "last_name": "merge"}
    )

    result.refresh_from_db()
    merge.refresh_from_db()
    assert result.phone == "0822222222" and result.last_name == "ใจงาม"
    assert result.first_name == "ประเสริฐ"
    assert merge.merged_into_id == keep.pk and merge.national_id is None
    assert WelfareRecord.objects.get().person_id == keep.pk
    assert Consent.objects.filter(person=keep).count() == 2
    assert Participation.objects.filter(person=keep).count() == 1  # the same activity once
    assert merge.history.count() == 3 and keep.history.count() == 2
    event = AuditEvent.objects.get(action="merge", target_id=str(keep.pk))
    assert event.changes["moved"]["welfare"] == 1
    assert event.changes["fields"]["phone"] == "changed"  # values live in the erasable history
    assert [h.phone for h in result.history.order_by("history_date")][-2:] == ["0811111111", "0822222222"]
    assert not Person.objects.filter(merged_into__isnull=True, pk=merge.pk).exists()


def test_merge_takes_the_other_national_id_when_chosen(district_user):
    keep = register(district_user, national_id=None, other_id_type="passport", other_id_number="AA1")
    merge = register(district_user, first_name="วิไล")
    merge_id = merge.national_id
    person_merge(actor=district_user, keep=keep, merge=merge, field_choices={"national_id": "merge"})
    keep.refresh_from_db()
    assert keep.national_id == merge_id


def test_merge_refuses_itself_twice_and_bad_choices(district_user):
    a = register(district_user)
    b = register(district_user, first_name="สมหญิง")
    with pytest.raises(DomainError):
        person_merge(actor=district_user, keep=a, merge=a)
    with pytest.raises(DomainError):
        person_merge(actor=district_user, keep=a, merge=b, field_choices={"created_by": "merge"})
    person_merge(actor=district_user, keep=a, merge=b)
    with pytest.raises(DomainError):
        person_merge(actor=district_user, keep=a, merge=b)
