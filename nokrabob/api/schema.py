"""The OpenAPI side of the API: the token scheme (Swagger UI's "Authorize" button takes ``Token <key>``) and
the error responses every operation can give, documented with the one error shape of ``errors``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "nokrabob.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <key> (ได้จากผู้ดูแลระบบ / issued by the administrator)",
        }


class ErrorMessageSerializer(serializers.Serializer):
    th = serializers.CharField()
    en = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """``errors.error_body``: the body of every 4xx."""

    code = serializers.CharField(help_text="not_found, invalid, token_invalid, …")
    message = ErrorMessageSerializer()
    # The metaclass takes declared fields off the class, so this does not shadow Serializer.fields.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="field name → its messages (empty when the error is not about one field)",
    )


def _error(description: str, *codes: str) -> OpenApiResponse:
    """An error response with an example body for each of its codes (``errors.error_body``)."""
    from nokrabob.api.errors import error_body

    fields = {"invalid": {"national_ids": ["Ensure this field has no more than 10000 elements."]}}
    examples = [
        OpenApiExample(code, value=error_body(code, fields=fields.get(code)), response_only=True)
        for code in codes
    ]
    return OpenApiResponse(response=ErrorSerializer, description=description, examples=examples)


class ApiAutoSchema(AutoSchema):
    """Adds the 4xx an operation can answer (in the error shape) to what its view declares: 400 when it
    reads parameters or a body, 401/403 always (no or a refused token; a role or operation not allowed),
    404 when its path names a record, 413 with a body, 429 where the per-client throttle applies."""

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        has_body = self.method in ("POST", "PUT", "PATCH")
        has_params = bool(self._get_parameters()) or has_body
        out: dict[str, OpenApiResponse] = {}
        if has_params:
            codes = ("invalid", "malformed_request") if has_body else ("invalid",)
            out["400"] = _error("ข้อมูลที่ส่งมาไม่ถูกต้อง / invalid input", *codes)
        out["401"] = _error(
            "ต้องยืนยันตัวตน หรือกุญแจไม่ถูกต้อง / not authenticated or token refused",
            "not_authenticated",
            "token_invalid",
        )
        out["403"] = _error("ไม่มีสิทธิ์ / not allowed", "permission_denied")
        if "{" in self.path:
            out["404"] = _error("ไม่พบในพื้นที่ของท่าน / not found in your scope", "not_found")
        if has_body:
            out["413"] = _error("ข้อมูลใหญ่เกินกำหนด / body too large", "request_too_large")
        if getattr(self.view, "throttle_classes", None):
            out["429"] = _error("เรียกบ่อยเกินกำหนด / rate limited", "rate_limited")
        return out

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if not self.path.startswith("/api/") or self.path.startswith("/api/schema"):
            return responses
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
