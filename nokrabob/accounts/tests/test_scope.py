"""The org-unit scope, proven on a model that carries area codes the way personal-data models do."""

import pytest

from nokrabob.accounts.roles import Role
from nokrabob.accounts.scope import Scope, area_words, may_see_full_national_id, scope_for, scoped
from nokrabob.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_district_staff_see_only_their_district(make_user):
    user = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")  # Bang Kapi
    scope = scope_for(user)
    assert scope == Scope(district_codes=frozenset({"1006"}))
    assert scope.allows(province_code="10", district_code="1006")
    assert not scope.allows(province_code="10", district_code="1001")
    assert not scope.allows(province_code="50", district_code="5001")


def test_provincial_staff_see_only_their_province(make_user):
    scope = scope_for(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50"))
    assert scope.allows(province_code="50", district_code="5001")
    assert not scope.allows(province_code="51", district_code="5101")
    assert not scope.allows(province_code="10", district_code="1001")


def test_department_staff_see_all_bangkok(make_user):
    scope = scope_for(make_user(Role.DEPARTMENT_STAFF))
    assert scope.allows(province_code="10", district_code="1050")
    assert not scope.allows(province_code="50", district_code="5001")


def test_policy_office_sees_every_province_but_bangkok(make_user):
    scope = scope_for(make_user(Role.POLICY_STAFF))
    assert scope.allows(province_code="50") and scope.allows(province_code="96")
    assert not scope.allows(province_code="10", district_code="1001")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ASSESSOR, Role.DPO])
def test_roles_that_read_everything(make_user, role):
    assert scope_for(make_user(role)).everything


def test_executives_read_no_personal_records(make_user):
    assert scope_for(make_user(Role.EXECUTIVE)).nothing


def test_inactive_users_read_nothing(make_user):
    user = make_user(Role.ADMIN)
    user.is_active = False
    assert scope_for(user).nothing


def test_national_id_masking_by_role(make_user):
    assert may_see_full_national_id(make_user(Role.DISTRICT_STAFF))
    assert not may_see_full_national_id(make_user(Role.ASSESSOR))
    assert not may_see_full_national_id(make_user(Role.EXECUTIVE))


def test_scoped_filters_a_queryset_by_the_models_scope_paths(make_user, monkeypatch):
    """``scoped`` builds its filter from SCOPE_PATHS; checked on the SQL it produces."""
    from nokrabob.accounts.scope import ScopePaths

    monkeypatch.setattr(
        AuditEvent, "SCOPE_PATHS", ScopePaths(province="target_type", district="target_id"), raising=False
    )
    AuditEvent.objects.create(action="view", target_type="10", target_id="1001")
    AuditEvent.objects.create(action="view", target_type="10", target_id="1006")
    AuditEvent.objects.create(action="view", target_type="50", target_id="5001")
    district = make_user(Role.DISTRICT_STAFF, unit_code="BMA-D1006")
    assert list(scoped(AuditEvent.objects.all(), district).values_list("target_id", flat=True)) == ["1006"]
    dept = make_user(Role.DEPARTMENT_STAFF)
    assert set(scoped(AuditEvent.objects.all(), dept).values_list("target_id", flat=True)) == {"1001", "1006"}
    policy = make_user(Role.POLICY_STAFF)
    assert list(scoped(AuditEvent.objects.all(), policy).values_list("target_id", flat=True)) == ["5001"]
    assert scoped(AuditEvent.objects.all(), make_user(Role.EXECUTIVE)).count() == 0
    assert scoped(AuditEvent.objects.all(), make_user(Role.ASSESSOR)).count() == 3


@pytest.mark.parametrize(
    ("role", "unit_code", "district", "subdistrict"),
    [
        (Role.DISTRICT_STAFF, "BMA-D1006", "เขต", "แขวง"),
        (Role.DEPARTMENT_STAFF, None, "เขต", "แขวง"),
        (Role.PROVINCIAL_STAFF, "PLO-50", "อำเภอ", "ตำบล"),
        (Role.POLICY_STAFF, None, "อำเภอ", "ตำบล"),
        (Role.ADMIN, None, "เขต/อำเภอ", "แขวง/ตำบล"),
    ],
)
def test_each_user_reads_the_area_words_of_their_own_area(make_user, role, unit_code, district, subdistrict):
    user = make_user(role, unit_code=unit_code) if unit_code else make_user(role)
    words = area_words(scope_for(user))
    assert (words.district, words.subdistrict) == (district, subdistrict)


def test_a_provincial_officers_registry_speaks_of_amphoe_and_tambon(client, make_user):
    client.force_login(make_user(Role.PROVINCIAL_STAFF, unit_code="PLO-50"))
    page = client.get("/registry/").content.decode()
    assert "อำเภอ" in page and "ตำบล" in page and "ทุกอำเภอ" in page
    assert ">เขต<" not in page and "ทุกเขต" not in page
