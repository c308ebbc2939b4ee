"""POST /api/v1/people/status-check/: an agency reconciles its own list of national IDs with the registry.

For each ID: whether the person is registered *in the caller's scope*, their current occupation group and
(for clients allowed ``welfare``) their latest status per scheme. Someone registered in another district
answers exactly like someone never registered: the answer carries nothing from outside the scope.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from nokrabob.api.authentication import client_name, operations_of
from nokrabob.api.base import StrictSerializer, V1View
from nokrabob.api.models import Operation
from nokrabob.api.people import latest_welfare
from nokrabob.audit.reads import audit_read
from nokrabob.core.http import acting_user
from nokrabob.registry import selectors
from nokrabob.registry.models import PersonOccupation
from nokrabob.registry.national_id import clean_national_id

MAX_IDS = 10_000
CHUNK = 900  # below SQLite's bound on query parameters


class StatusCheckRequest(StrictSerializer):
    national_ids = serializers.ListField(
        child=serializers.CharField(max_length=20, allow_blank=True), min_length=1, max_length=MAX_IDS
    )


class StatusRow(serializers.Serializer):
    national_id = serializers.CharField(help_text="as sent")
    registered = serializers.BooleanField(help_text="registered in the caller's scope")
    occupation_group = serializers.CharField(allow_null=True)
    welfare = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="scheme code → latest status (welfare clients)",
    )
    note = serializers.CharField(required=False)


def status_rows(user: Any, ids: list[str], *, with_welfare: bool) -> list[dict[str, Any]]:
    cleaned = [clean_national_id(raw) for raw in ids]
    wanted = sorted({c for c in cleaned if len(c) == 13 and c.isdigit()})
    found: dict[str, int] = {}
    people = selectors.people_for(user)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for national_id, pk in people.filter(national_id__in=chunk).values_list("national_id", "id"):
            found[national_id or ""] = pk
    person_ids = list(found.values())
    groups: dict[int, str] = {}
    welfare: dict[int, dict[str, str]] = {}
    for begin in range(0, len(person_ids), CHUNK):
        chunk_ids = person_ids[begin : begin + CHUNK]
        current = (
            PersonOccupation.objects.filter(person_id__in=chunk_ids, is_current=True)
            .order_by("person_id", "-started_on", "id")
            .values_list("person_id", "occupation__code")
        )
        for person_id, code in current:
            groups.setdefault(person_id, code)
        if with_welfare:
            welfare.update(latest_welfare(chunk_ids))
    not_here = _("ไม่ได้ลงทะเบียนในพื้นที่ของท่าน (not registered in your scope)")
    rows: list[dict[str, Any]] = []
    for raw, clean in zip(ids, cleaned, strict=True):
        found_id = found.get(clean)
        if found_id is None:
            rows.append({"national_id": raw, "registered": False, "occupation_group": None, "note": not_here})
            continue
        row: dict[str, Any] = {
            "national_id": raw,
            "registered": True,
            "occupation_group": groups.get(found_id),
        }
        if with_welfare:
            row["welfare"] = welfare.get(found_id, {})
        rows.append(row)
    return rows


class StatusCheck(V1View):
    required_operations = {"POST": Operation.STATUS_CHECK}

    @extend_schema(
        operation_id="v1_people_status_check",
        request=StatusCheckRequest,
        responses={
            200: inline_serializer(
                "StatusCheckResult",
                {
                    "count": serializers.IntegerField(),
                    "registered": serializers.IntegerField(),
                    "results": StatusRow(many=True),
                },
            )
        },
        examples=[
            OpenApiExample(
                "two IDs",
                request_only=True,
                value={"national_ids": ["1101700203451", "3100600771002"]},
            ),
            OpenApiExample(
                "one registered in scope, one not",
                response_only=True,
                value={
                    "count": 2,
                    "registered": 1,
                    "results": [
                        {
                            "national_id": "1101700203451",
                            "registered": False,
                            "occupation_group": None,
                            "note": "ไม่ได้ลงทะเบียนในพื้นที่ของท่าน (not registered in your scope)",
                        },
                        {
                            "national_id": "3100600771002",
                            "registered": True,
                            "occupation_group": "moto_taxi",
                            "welfare": {"s40": "enrolled"},
                        },
                    ],
                },
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        incoming = StatusCheckRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        ids = incoming.validated_data["national_ids"]
        user = acting_user(request)
        rows = status_rows(user, ids, with_welfare=Operation.WELFARE in operations_of(request))
        registered = sum(1 for r in rows if r["registered"])
        audit_read(
            request,
            read="api_people_status_check",
            api_client=client_name(request),
            endpoint="people_status_check",
            asked=len(ids),
            registered_in_scope=registered,
        )
        return Response({"count": len(rows), "registered": registered, "results": rows})
