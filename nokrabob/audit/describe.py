"""An audit row as a Thai sentence, for the data protection officer's pages and reports.

The trail stores codes (``registry.person``, ``{"format": "csv", "rows": 12}``); a person reading it needs
"ส่งออกทะเบียนแรงงาน 12 แถว เป็นไฟล์ CSV". Each page that reads people has a sentence here; any other row is
told from its action, the kind of record and its details, with the details' keys in words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nokrabob.audit.models import AuditEvent
from nokrabob.audit.reads import read_ids

# What each page that reads people is, in words.
READS: dict[str, Any] = {
    "person_list": gettext_lazy("ค้นหา/เปิดรายการทะเบียนแรงงาน"),
    "person_detail": gettext_lazy("เปิดดูข้อมูลบุคคล"),
    "person_edit": gettext_lazy("เปิดแบบฟอร์มแก้ไขข้อมูลบุคคล"),
    "person_create_candidates": gettext_lazy("เห็นบุคคลที่อาจซ้ำขณะลงทะเบียน"),
    "person_merge": gettext_lazy("เปิดหน้ารวมระเบียนบุคคล"),
    "activity_detail": gettext_lazy("เปิดรายชื่อผู้เข้าร่วมกิจกรรม"),
    "household_detail": gettext_lazy("เปิดดูครัวเรือน"),
    "follow_up_list": gettext_lazy("เปิดรายการต้องติดตาม"),
    "follow_up_detail": gettext_lazy("เปิดดูรายการต้องติดตาม"),
    "review_queue": gettext_lazy("เปิดคิวตรวจสอบการลงทะเบียน"),
    "review_detail": gettext_lazy("เปิดดูคำขอลงทะเบียน"),
    "import_job_detail": gettext_lazy("เปิดดูผลการนำเข้ารายชื่อ"),
    "import_review_list": gettext_lazy("เปิดรายการนำเข้าที่รอตรวจสอบ"),
    "import_error_report": gettext_lazy("ดาวน์โหลดรายงานแถวที่ถูกปฏิเสธ"),
    "indicator_drilldown": gettext_lazy("เปิดรายชื่อเบื้องหลังตัวชี้วัด"),
    "privacy_request_detail": gettext_lazy("เปิดดูคำขอของเจ้าของข้อมูล"),
    "subject_access_json": gettext_lazy("ดาวน์โหลดสำเนาข้อมูลของเจ้าของข้อมูล (JSON)"),
    "subject_access_pdf": gettext_lazy("พิมพ์หนังสือแจ้งสำเนาข้อมูลของเจ้าของข้อมูล (PDF)"),
    "registry_export": gettext_lazy("ส่งออกทะเบียนแรงงาน"),
    "export_download": gettext_lazy("ดาวน์โหลดไฟล์ส่งออกทะเบียน"),
    "api_people_list": gettext_lazy("อ่านรายชื่อบุคคลผ่าน API"),
    "api_people_search": gettext_lazy("ค้นหาบุคคลผ่าน API"),
    "api_person_detail": gettext_lazy("อ่านข้อมูลบุคคลผ่าน API"),
    "api_people_status_check": gettext_lazy("ตรวจสถานะการลงทะเบียนแบบกลุ่มผ่าน API"),
    "audit_search": gettext_lazy("ค้นหาบันทึกการใช้งานตามบุคคล"),
    "audit_who_saw": gettext_lazy("ออกรายงานผู้เข้าถึงข้อมูลบุคคล"),
    "audit_breach": gettext_lazy("ออกรายงานการเข้าถึงของบัญชี/ที่อยู่ IP"),
}

# The details' keys, in words.
KEYS: dict[str, Any] = {
    "rows": gettext_lazy("จำนวนแถว"),
    "shown": gettext_lazy("จำนวนคนที่เห็น"),
    "format": gettext_lazy("รูปแบบไฟล์"),
    "purpose": gettext_lazy("วัตถุประสงค์"),
    "filters": gettext_lazy("ตัวกรอง"),
    "tab": gettext_lazy("แท็บ"),
    "full_national_id": gettext_lazy("เลขประจำตัวประชาชนเต็ม"),
    "full_national_ids": gettext_lazy("เลขประจำตัวประชาชนเต็ม"),
    "columns": gettext_lazy("คอลัมน์"),
    "export_job": gettext_lazy("งานส่งออกเลขที่"),
    "api_client": gettext_lazy("ระบบที่เชื่อมต่อ"),
    "privacy_request": gettext_lazy("คำขอเลขที่"),
    "status": gettext_lazy("สถานะ"),
    "fields": gettext_lazy("ช่องที่แก้ไข"),
    "reason": gettext_lazy("เหตุผล"),
    "asked": gettext_lazy("จำนวนเลขที่ถาม"),
    "registered_in_scope": gettext_lazy("พบในพื้นที่"),
    "refused": gettext_lazy("ถูกปฏิเสธ"),
    "merged_into": gettext_lazy("รวมเข้ากับระเบียนเลขที่"),
    "erased": gettext_lazy("ลบข้อมูลระบุตัวตนแล้ว"),
    "person": gettext_lazy("บุคคลเลขที่"),
    "batch": gettext_lazy("ชุดนำเข้าเลขที่"),
    "error_report": gettext_lazy("รูปแบบไฟล์"),
    "national_id": gettext_lazy("เลขประจำตัวประชาชน"),
    "q": gettext_lazy("คำค้น"),
    "district": gettext_lazy("เขต/อำเภอ"),
    "subdistrict": gettext_lazy("แขวง/ตำบล"),
    "occupation": gettext_lazy("กลุ่มอาชีพ"),
    "scheme": gettext_lazy("สวัสดิการ"),
    "age_band": gettext_lazy("ช่วงอายุ"),
    "eligible": gettext_lazy("มีสิทธิแต่ยังไม่เป็นสมาชิก"),
    "sort": gettext_lazy("เรียงตาม"),
    "actor": gettext_lazy("บัญชี"),
    "ip": gettext_lazy("ที่อยู่ IP"),
    "date_from": gettext_lazy("ตั้งแต่"),
    "date_to": gettext_lazy("ถึง"),
    "action": gettext_lazy("การกระทำ"),
    "candidates": gettext_lazy("จำนวนผู้ที่อาจซ้ำ"),
    "view": gettext_lazy("มุมมอง"),
    "follow_ups": gettext_lazy("รายการต้องติดตามเลขที่"),
    "note_changed": gettext_lazy("แก้บันทึก"),
}
# Keys that say where on the site, already in the sentence, or internal.
HIDDEN = frozenset({"read", "ids", "path", "endpoint", "submissions", "items", "households", "activity",
                    "household", "submission", "indicator", "members", "error_rows_shown",
                    "follow_up"})  # fmt: skip


@dataclass(frozen=True)
class Described:
    event: AuditEvent
    sentence: str
    details: str
    people: list[int]


def kind_name(target_type: str) -> str:
    """``registry.person`` → "ข้อมูลบุคคล" (the model's own Thai name)."""
    if not target_type or "." not in target_type:
        return target_type
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return target_type
    return str(model._meta.verbose_name)


TABS: dict[str, Any] = {
    "profile": gettext_lazy("ข้อมูลทั่วไป"),
    "welfare": gettext_lazy("สวัสดิการ"),
    "activities": gettext_lazy("กิจกรรม"),
    "household": gettext_lazy("ครัวเรือน"),
    "history": gettext_lazy("ประวัติการแก้ไข"),
}


@functools.cache
def _any_field_names() -> dict[str, Any]:
    """Every field name of the project's own models → its Thai name (the first model that has it), for keys
    of nested changes (a plan's activities, a form's rows) whose model the row does not name."""
    names: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("nokrabob."):
            continue
        for field in model._meta.get_fields():
            label = getattr(field, "verbose_name", None)
            if label and field.name not in names:
                names[field.name] = label  # lazy: read in the reader's language
    return names


def _key_label(key: str, target_type: str = "") -> str:
    """A key of the changes in Thai: the trail's own words, the record's field, or any model's field."""
    label = KEYS.get(key)
    if label is not None:
        return str(label)
    if "." in target_type:
        named = _field_name(target_type, key)
        if named != key:
            return named
    return str(_any_field_names().get(key, key))


def _value(value: Any) -> str:
    if value is True:
        return _("ใช่")
    if value is False:
        return _("ไม่ใช่")
    if value == "given":
        return _("(มีคำค้น ไม่บันทึกข้อความ)")
    if value == "changed":
        return _("เปลี่ยน")
    if isinstance(value, dict):
        return ", ".join(f"{_key_label(k)} {_value(v)}" for k, v in value.items()) or "-"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "-"
    return str(value)


def _field_name(target_type: str, key: str) -> str:
    """A changed field of the record by its Thai name (``district_code`` → "เขต/อำเภอ")."""
    try:
        field = apps.get_model(target_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return key
    return str(getattr(field, "verbose_name", key))


def details_text(changes: Any, target_type: str = "") -> str:
    if not isinstance(changes, dict):
        return str(changes)
    parts = []
    for key, value in changes.items():
        if key in HIDDEN:
            continue
        if key == "tab" and value in TABS:
            value = str(TABS[value])
        parts.append(f"{_key_label(key, target_type)}: {_value(value)}")
    return " · ".join(parts)


def sentence(event: AuditEvent) -> str:
    who = event.actor_name or _("ระบบ")
    changes = event.changes if isinstance(event.changes, dict) else {}
    read = changes.get("read")
    kind = kind_name(event.target_type)
    if read in READS:
        what = str(READS[read])
        if event.target_type == "registry.person" and event.target_id:
            what += " " + _("ทะเบียนเลขที่ %(id)s") % {"id": event.target_id}
        elif "shown" in changes and "rows" not in changes:
            what += " " + _("เห็น %(n)s คน") % {"n": changes["shown"]}
        if "rows" in changes:
            what += " " + _("%(n)s แถว") % {"n": changes["rows"]}
        return f"{who} {what}"
    if event.action == "login_failed":
        return _("มีผู้พยายามเข้าสู่ระบบด้วยชื่อผู้ใช้ %(name)s ไม่สำเร็จ") % {"name": event.target_label or "-"}
    if event.action in ("login", "logout"):
        return f"{who} {event.get_action_display()}"
    target = kind
    if event.target_id:
        target += " " + _("เลขที่ %(id)s") % {"id": event.target_id}
    label = event.target_label
    if label and "#" not in label and label != event.target_id:  # personal records are named by number only
        target += f" ({label})"
    return f"{who} {event.get_action_display()} {target}".strip()


def describe(event: AuditEvent) -> Described:
    return Described(event, sentence(event), details_text(event.changes, event.target_type), read_ids(event))
