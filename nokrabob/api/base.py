"""What every /api/v1/ view shares: authentication, the per-client throttle, the operation a client must
be allowed, and serializers that refuse fields they do not know."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from nokrabob.api.authentication import ClientRateThrottle, operations_of


class HasOperation(permissions.BasePermission):
    """The client was registered for the view's ``required_operation`` (per method)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = getattr(view, "required_operations", {}).get(request.method or "", "")
        return not needed or needed in operations_of(request)


class V1View(APIView):
    permission_classes = [permissions.IsAuthenticated, HasOperation]
    throttle_classes = [ClientRateThrottle]
    required_operations: dict[str, str] = {}


class StrictSerializer(serializers.Serializer):
    """Unknown fields are an error, not silently dropped: a misspelt field would otherwise be lost."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        unknown = sorted(set(data) - set(self.fields)) if hasattr(data, "keys") else []
        if unknown:
            raise serializers.ValidationError({name: [_("ไม่รู้จักช่องนี้ (unknown field)")] for name in unknown})
        return value
