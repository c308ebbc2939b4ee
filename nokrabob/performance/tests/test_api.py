"""The read-only API gives the same numbers as the pages."""

from decimal import Decimal as D

from nokrabob.accounts.roles import Role
from nokrabob.performance.models import Indicator, QuarterResult
from nokrabob.performance.seeds import load_seeds


def test_indicators_and_unit_totals_of_the_agreement(client, make_user, org_units):
    load_seeds()
    by_code = {i.code: i for i in Indicator.objects.filter(fiscal_year=2567)}
    QuarterResult.objects.create(indicator=by_code["1.1-1"], quarter=4, result=D(80))
    client.force_login(make_user(Role.EXECUTIVE))
    rows = client.get("/api/v1/performance/indicators/", {"fiscal_year": 2567}).json()
    first = next(r for r in rows if r["code"] == "1.1-1")
    assert (first["weight"], first["level"], first["score"], first["band"]) == ("10.00", "4", "8.00", "good")
    joint = next(r for r in rows if r["code"] == "1.2-1")
    assert joint["owner_units"] == ["2400", "BMA-CULTURE", "BMA-EDU", "BMA-PERMSEC", "BMA-PR"]
    unit_totals = client.get("/api/v1/performance/unit-totals/", {"fiscal_year": 2567}).json()
    totals = {t["unit"]: t for t in unit_totals}
    assert totals["2400"]["earned"] == "8.00" and totals["2400"]["total_weight"] == "70.00"

    seed_001 = Indicator.objects.get(code="2400-1065", fiscal_year=2564)
    detail = client.get(f"/api/v1/performance/indicators/{seed_001.pk}/").json()
    assert [q["result"] for q in detail["quarters"]] == ["0.00", "0.00", "0.00", "100.00"]
    assert [q["assessment"]["score"] for q in detail["quarters"]] == ["100.00", "100.00", "0.00", None]
    assert client.get("/api/v1/performance/indicators/999999/").status_code == 404


def test_the_api_needs_a_login(client, db):
    assert client.get("/api/v1/performance/indicators/").status_code in (401, 403)
