import pytest
from django.core.management import call_command

from nokrabob.core.models import Area, AreaLevel, OrgUnit, UnitKind

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "provinces": Area.objects.filter(level=AreaLevel.PROVINCE).count(),
        "districts": Area.objects.filter(level=AreaLevel.DISTRICT, code__startswith="10").count(),
        "subdistricts": Area.objects.filter(level=AreaLevel.SUBDISTRICT, code__startswith="10").count(),
        "district_offices": OrgUnit.objects.filter(kind=UnitKind.DISTRICT_OFFICE).count(),
        "plos": OrgUnit.objects.filter(kind=UnitKind.PROVINCIAL_LABOUR_OFFICE).count(),
        "units": OrgUnit.objects.count(),
        "areas": Area.objects.count(),
    }


def test_hierarchy_has_the_exact_counts():
    counts = _counts()
    assert counts["provinces"] == 77
    assert counts["districts"] == 50
    assert counts["subdistricts"] == 180
    assert counts["district_offices"] == 50
    assert counts["plos"] == 76


def test_loading_twice_changes_nothing(capsys):
    before = _counts()
    call_command("load_org_units")
    assert _counts() == before
    assert "provincial_labour_offices=76" in capsys.readouterr().out


def test_loader_repairs_an_edited_name():
    unit = OrgUnit.objects.get(code="2400")
    unit.name_th = "ผิด"
    unit.save()
    call_command("load_org_units")
    unit.refresh_from_db()
    assert unit.name_th == "สำนักพัฒนาสังคม"
    assert unit.abbreviation == "สพส."


def test_agencies_sit_on_their_areas():
    assert OrgUnit.objects.get(code="BMA-D1001").area.name_th == "เขตพระนคร"
    assert OrgUnit.objects.get(code="PLO-50").area.name_en == "Chiang Mai"
    assert not OrgUnit.objects.filter(code="PLO-10").exists()  # Bangkok has district offices instead
    assert OrgUnit.objects.get(code="MOL-ILPO").area.code == "TH"
    sub = Area.objects.get(code="100101")
    assert (
        sub.parent.code == "1001" and sub.parent.parent.code == "10" and sub.parent.parent.parent.code == "TH"
    )
