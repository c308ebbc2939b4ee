"""/api/v1/people/<id>/occupations|welfare|consents|households/: the parts of one person the person page
shows on its tabs, read the same way (``person_get`` for the person, ``memberships_for`` for households,
sensitive fields only while the consent in force covers them) and audited as a read of that person."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.api.base import V1View
from nokrabob.api.models import Operation
from nokrabob.api.people import audit_read, person_in_scope
from nokrabob.core.http import acting_user
from nokrabob.registry.models import Person
from nokrabob.registry.selectors import may_show_sensitive, memberships_for


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


class OccupationSerializer(serializers.Serializer):
    occupation = serializers.CharField(help_text="occupation code")
    occupation_name = serializers.CharField()
    is_current = serializers.BooleanField()
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    moto_stand = serializers.CharField(allow_blank=True)
    dlt_licence_no = serializers.CharField(allow_blank=True)
    vending_spot = serializers.CharField(allow_blank=True)
    vending_permit_no = serializers.CharField(allow_blank=True)
    details = serializers.CharField(allow_blank=True)


class WelfareRecordSerializer(serializers.Serializer):
    scheme = serializers.CharField(help_text="scheme code")
    scheme_name = serializers.CharField()
    option = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    recorded_on = serializers.DateField()
    # The metaclass takes declared fields off the class, so this does not shadow Field.source.
    source = serializers.CharField()  # type: ignore[assignment]
    note = serializers.CharField(allow_blank=True)


class ConsentSerializer(serializers.Serializer):
    lawful_basis = serializers.CharField()
    sensitive_data_consent = serializers.BooleanField()
    channel = serializers.CharField()
    given_on = serializers.DateField()
    notice_version = serializers.CharField(allow_blank=True)
    withdrawn_on = serializers.DateField(allow_null=True)
    in_force = serializers.BooleanField(help_text="the newest row: the one in force")


class MembershipSerializer(serializers.Serializer):
    household = serializers.IntegerField()
    house_no = serializers.CharField(allow_blank=True)
    community = serializers.CharField(allow_null=True)
    district_code = serializers.CharField(allow_blank=True)
    relation = serializers.CharField(allow_blank=True)
    education = serializers.CharField(allow_blank=True)
    occupation = serializers.CharField(allow_null=True)
    has_disability = serializers.BooleanField(
        allow_null=True, help_text="null unless the consent in force covers sensitive data"
    )
    is_bedridden = serializers.BooleanField(allow_null=True)


def _page(name: str, row: type[serializers.Serializer]) -> Any:
    return inline_serializer(name, {"person": serializers.IntegerField(), "results": row(many=True)})


class PersonPart(V1View):
    """GET one part of a person: 404 (audited) outside the caller's scope, one audit row per read."""

    required_operations = {"GET": Operation.READ}
    endpoint = ""

    def rows(self, request: Request, person: Person) -> list[dict[str, Any]]:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        person = person_in_scope(request, pk)
        rows = self.rows(request, person)
        audit_read(request, endpoint=self.endpoint, person=person)
        return Response({"person": person.pk, "results": rows})


class PersonOccupations(PersonPart):
    endpoint = "person_occupations"

    @extend_schema(
        operation_id="v1_people_occupations",
        responses={200: _page("PersonOccupations", OccupationSerializer)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    def rows(self, request: Request, person: Person) -> list[dict[str, Any]]:
        return [
            {
                "occupation": o.occupation.code,
                "occupation_name": o.occupation.name_th,
                "is_current": o.is_current,
                "started_on": _iso(o.started_on),
                "ended_on": _iso(o.ended_on),
                "moto_stand": o.moto_stand,
                "dlt_licence_no": o.dlt_licence_no,
                "vending_spot": o.vending_spot,
                "vending_permit_no": o.vending_permit_no,
                "details": o.details,
            }
            for o in person.occupations.select_related("occupation").order_by(
                "-is_current", "-started_on", "id"
            )
        ]


class PersonWelfare(PersonPart):
    endpoint = "person_welfare"

    @extend_schema(
        operation_id="v1_people_welfare", responses={200: _page("PersonWelfare", WelfareRecordSerializer)}
    )
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    def rows(self, request: Request, person: Person) -> list[dict[str, Any]]:
        return [
            {
                "scheme": r.scheme.code,
                "scheme_name": r.scheme.name_th,
                "option": r.option,
                "status": r.status,
                "recorded_on": r.recorded_on.isoformat(),
                "source": r.source,
                "note": r.note,
            }
            for r in person.welfare.select_related("scheme").order_by("-recorded_on", "-id")
        ]


class PersonConsents(PersonPart):
    endpoint = "person_consents"

    @extend_schema(
        operation_id="v1_people_consents", responses={200: _page("PersonConsents", ConsentSerializer)}
    )
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    def rows(self, request: Request, person: Person) -> list[dict[str, Any]]:
        return [
            {
                "lawful_basis": c.lawful_basis,
                "sensitive_data_consent": c.sensitive_data_consent,
                "channel": c.channel,
                "given_on": c.given_on.isoformat(),
                "notice_version": c.notice_version,
                "withdrawn_on": _iso(c.withdrawn_on),
                "in_force": i == 0,
            }
            for i, c in enumerate(person.consents.order_by("-given_on", "-id"))
        ]


class PersonHouseholds(PersonPart):
    endpoint = "person_households"

    @extend_schema(
        operation_id="v1_people_households", responses={200: _page("PersonHouseholds", MembershipSerializer)}
    )
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    def rows(self, request: Request, person: Person) -> list[dict[str, Any]]:
        sensitive = may_show_sensitive(person)
        return [
            {
                "household": m.household_id,
                "house_no": m.household.house_no,
                "community": m.household.community.name if m.household.community else None,
                "district_code": m.household.district_code,
                "relation": m.relation,
                "education": m.education,
                "occupation": m.occupation.code if m.occupation else None,
                "has_disability": m.has_disability if sensitive else None,
                "is_bedridden": m.is_bedridden if sensitive else None,
            }
            for m in memberships_for(acting_user(request), person).order_by("household_id", "id")
        ]
