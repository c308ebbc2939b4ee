"""The API's error codes with their Thai and English messages, and its own 4xx exceptions (kept apart from
``errors`` so the authentication and parser classes, loaded with DRF's settings, import no DRF view)."""

from __future__ import annotations

from rest_framework import exceptions, status

# code → (Thai, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "invalid": ("ข้อมูลที่ส่งมาไม่ถูกต้อง", "The data sent is not valid."),
    "malformed_request": (
        "อ่านข้อมูลที่ส่งมาไม่ได้ (JSON ไม่ถูกต้อง)",
        "The request body could not be read (bad JSON).",
    ),
    "not_authenticated": (
        "ต้องยืนยันตัวตนก่อน (กุญแจ API หรือเข้าสู่ระบบ)",
        "Authentication is required (API token or login).",
    ),
    "token_invalid": (
        "กุญแจ API ไม่ถูกต้อง ถูกยกเลิก หรือหมดอายุแล้ว",
        "The API token is unknown, revoked or expired.",
    ),
    "permission_denied": ("ท่านไม่มีสิทธิ์ทำรายการนี้", "You may not do this."),
    "not_found": ("ไม่พบข้อมูลนี้ในพื้นที่ของท่าน", "Not found in your scope."),
    "method_not_allowed": ("ไม่รองรับวิธีการเรียกนี้", "This method is not allowed here."),
    "not_acceptable": ("ไม่รองรับรูปแบบข้อมูลที่ขอ", "The requested format is not available."),
    "unsupported_media_type": ("ไม่รองรับชนิดข้อมูลที่ส่งมา ให้ส่งเป็น JSON", "Unsupported media type: send JSON."),
    "rate_limited": ("เรียกใช้บ่อยเกินกำหนด โปรดรอสักครู่", "Too many requests: please wait."),
    "request_too_large": ("ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด", "The request body is too large."),
    "duplicate": ("มีบุคคลนี้ในทะเบียนแล้ว", "This person is already registered."),
    "stale": (
        "ข้อมูลนี้ถูกบันทึกหลังจากที่ท่านอ่าน จึงยังไม่ได้บันทึก อ่านข้อมูลใหม่แล้วส่ง If-Match ตาม ETag ล่าสุด",
        "The record was saved after you read it; nothing was written. Read it again and send If-Match "
        "with its new ETag.",
    ),
    "error": ("คำขอไม่ถูกต้อง", "Bad request."),
    "database_unavailable": (
        "ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว กรุณารอสักครู่แล้วลองใหม่ (ดูเวลาใน Retry-After)",
        "The database is briefly unavailable: please try again shortly (see Retry-After).",
    ),
    "server_error": ("ระบบขัดข้อง กรุณาลองใหม่ภายหลัง", "Server error: please try again later."),
}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = MESSAGES["request_too_large"][0]
    default_code = "request_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = MESSAGES["duplicate"][0]
    default_code = "duplicate"


class PreconditionFailed(exceptions.APIException):
    """``If-Match`` named a version of the record that is no longer the current one (ADR 0445)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = MESSAGES["stale"][0]
    default_code = "stale"
