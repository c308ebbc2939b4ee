"""Every URL of the app that takes a POST (or a PUT/PATCH), as data: who may use it, how to reach it and a
post that role could send. ``test_inventory.py`` fails when the URL resolver knows a name that is neither
here nor in ``READ_ONLY`` (with the reason it writes nothing), so a new form cannot escape the fuzz tests.

``data`` is a valid post where one is possible (the fuzz tests spoil a few fields of it at a time, so most
examples get past the fields they did not touch and reach the service); ``upload`` names the file field
of an upload; ``kind`` says how the body is sent: ``form`` (URL-encoded), ``upload`` (multipart),
``json`` (the API) or ``get`` (a search form sent in the query string).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from nokrabob.core.fiscal import FiscalYear
from nokrabob.core.thai import format_be_date

if TYPE_CHECKING:
    from tests.fuzz.conftest import FuzzWorld

Data = Callable[["FuzzWorld"], dict[str, Any]]
TEST_PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Nokrabob-fuzz-9876"


def today() -> str:
    return format_be_date(timezone.localdate())


def fiscal_year() -> int:
    return FiscalYear.current().be


@dataclass(frozen=True)
class Endpoint:
    """One POST (PUT, PATCH) URL and how the fuzz tests use it."""

    name: str
    role: str | None  # a user of the world (tests/scope/world.py); None: not logged in
    args: Callable[[FuzzWorld], list[Any]] = lambda w: []
    data: Data = lambda w: {}
    kind: str = "form"  # form | upload | json | get
    method: str = "POST"
    upload: str = ""  # the file field of an upload
    header: tuple[str, ...] = ("ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน")  # the columns a good file has
    prepare: str = ""  # a step before the post (tests/fuzz/test_forms.py: PREPARE)
    writes_on_200: bool = False  # a page that answers a successful post with 200 (not a redirect)
    variants: tuple[str, ...] = field(default=())
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.kind}]" if self.kind != "form" else self.name


def _person(w: FuzzWorld) -> dict[str, Any]:
    area = w.area("1001")
    return {
        "national_id": "1101700123451",
        "title": "นาง",
        "first_name": "ทดลอง",
        "last_name": "สุ่มข้อมูล",
        "sex": "F",
        "birth_date": "01/01/2530",
        "phone": "0812345670",
        "house_no": "12/3",
        "soi": "ข้าวสาร",
        "road": "ราชดำเนิน",
        "district_code": area.district_code,
        "subdistrict_code": area.subdistrict_code,
        "has_disability": "unknown",
    }


def _registration(w: FuzzWorld, **more: Any) -> dict[str, Any]:
    born = timezone.localdate().replace(year=timezone.localdate().year - 40, day=1)
    return {
        "national_id": "1101700123451",
        "title": "นาย",
        "first_name": "สมปอง",
        "last_name": "ขยันดี",
        "sex": "M",
        "birth_date": format_be_date(born),
        "phone": "0812345678",
        "house_no": "12/3",
        "soi": "",
        "road": "ราชดำเนิน",
        "subdistrict_code": "100101",
        "occupation": "street_vendor",
        "monthly_income": "9,000",
        "has_disability": "",
        "consent": "on",
        **more,
    }


def _indicator(w: FuzzWorld) -> dict[str, Any]:
    return {
        "fiscal_year": str(fiscal_year()),
        "code": "FUZZ-2",
        "name": "ร้อยละของแรงงานนอกระบบที่ได้รับสวัสดิการ",
        "lead_unit": str(w.indicator.lead_unit_id),
        "category": "strategic",
        "result_level": "output",
        "unit_of_measure": "percent",
        "target": "80",
        "target_text": "ร้อยละ 80",
        "weight": "5",
        "measure_kind": "number",
        "factor": "100",
        "report_due_days": "15",
        "level_5_percent": "100",
        "level_5_criterion": "ครบ",
        "level_4_percent": "80",
        "baseline_1_year": str(fiscal_year() - 1),
        "baseline_1_value": "70",
        "definition": "นิยาม",
    }


def _formset(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def _period() -> dict[str, str]:
    """An audit report's period: the last ten days."""
    return {"date_from": format_be_date(timezone.localdate() - dt.timedelta(days=10)), "date_to": today()}


POST_ENDPOINTS: list[Endpoint] = [
    # ── core, language and sign-in ──────────────────────────────────────────────────────────────
    Endpoint("core:set_digits", None, data=lambda w: {"digits": "thai", "next": "/registry/"}),
    Endpoint("set_language", None, data=lambda w: {"language": "en", "next": "/"}, note="Django's own view"),
    Endpoint("accounts:login", None, data=lambda w: {"username": "sweep-d1001", "password": TEST_PASSWORD}),
    Endpoint("accounts:login_code", "admin", data=lambda w: {"code": "123456"}, prepare="password_only"),
    Endpoint("accounts:two_factor_setup", "d1001", data=lambda w: {"code": "123456"}, writes_on_200=True),
    Endpoint("accounts:recovery_codes_renew", "admin", writes_on_200=True),
    Endpoint(
        "accounts:password_change",
        "d1006",
        data=lambda w: {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    Endpoint("accounts:logout", "d1001"),
    Endpoint(
        "accounts:user_create",
        "admin",
        data=lambda w: {
            "username": "fuzz-new",
            "password": NEW_PASSWORD,
            "first_name": "ใหม่",
            "last_name": "ผู้ใช้",
            "email": "new@example.org",
            "position": "นักพัฒนาสังคม",
            "role": "district_staff",
            "unit": str(w.user("d1001").unit_id),
            "is_active": "on",
        },
    ),
    Endpoint(
        "accounts:user_edit",
        "admin",
        args=lambda w: [w.user("d1006").pk],
        data=lambda w: {
            "first_name": "แก้",
            "last_name": "ไข",
            "email": "",
            "position": "",
            "role": "district_staff",
            "unit": str(w.user("d1006").unit_id),
            "is_active": "on",
        },
    ),
    Endpoint(
        "accounts:user_password",
        "admin",
        args=lambda w: [w.user("d1006").pk],
        data=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    # ── registry ────────────────────────────────────────────────────────────────────────────────
    Endpoint(
        "registry:person_create",
        "d1001",
        data=lambda w: {
            **_person(w),
            "lawful_basis": "public_task",
            "consent_channel": "staff",
            "occupation": "",
            "action": "create_anyway",
        },
    ),
    Endpoint(
        "registry:person_edit", "d1001", args=lambda w: [w.area("1001").person.pk], data=lambda w: _person(w)
    ),
    Endpoint(
        "registry:welfare_add",
        "d1001",
        args=lambda w: [w.area("1001").person.pk],
        data=lambda w: {
            "scheme": str(_scheme("s40")),
            "option": "2",
            "status": "enrolled",
            "recorded_on": today(),
            "source": "staff_verified",
            "note": "สมัครที่สำนักงานเขต",
        },
    ),
    Endpoint(
        "registry:occupation_add",
        "d1001",
        args=lambda w: [w.area("1001").person.pk],
        data=lambda w: {
            "occupation": str(_occupation("street_vendor")),
            "started_on": "01/01/2560",
            "vending_spot": "หน้าตลาด",
            "details": "ขายผลไม้",
        },
    ),
    Endpoint(
        "registry:contact_add",
        "d1001",
        args=lambda w: [w.area("1001").person.pk],
        data=lambda w: {"contacted_on": today(), "channel": "phone", "reached": "on", "note": "โทรแล้ว"},
    ),
    Endpoint(
        "registry:referral_add",
        "d1001",
        args=lambda w: [w.area("1001").person.pk],
        data=lambda w: {
            "to_agency": "สำนักงานประกันสังคม",
            "scheme": str(_scheme("s40")),
            "referred_on": today(),
            "status": "sent",
            "note": "",
        },
    ),
    Endpoint(
        "registry:consent",
        "d1001",
        args=lambda w: [w.area("1001").person.pk],
        data=lambda w: {
            "lawful_basis": "consent",
            "sensitive_data_consent": "on",
            "channel": "staff",
            "given_on": today(),
        },
    ),
    Endpoint(
        "registry:person_merge",
        "d1001",
        args=lambda w: [w.area("1001").person.pk, w.second_person.pk],
        data=lambda w: {"first_name": "keep", "last_name": "merge", "birth_date": "keep", "phone": "merge"},
    ),
    Endpoint(
        "registry:activity_create",
        "d1001",
        data=lambda w: {
            "title": "อบรมอาชีพ",
            "kind": "training",
            "held_on": today(),
            "place": "ศาลาชุมชน",
            "district_code": "1001",
            "target_occupations": [str(_occupation("moto_taxi"))],
            "description": "รายละเอียด",
        },
    ),
    Endpoint(
        "registry:activity_detail",
        "d1001",
        args=lambda w: [w.area("1001").activity.pk],
        data=lambda w: {"q": "ทดสอบ", "person": str(w.second_person.pk)},
    ),
    Endpoint(
        "registry:household_create",
        "d1001",
        data=lambda w: {
            "house_no": "99/1",
            "community": str(w.area("1001").community.pk),
            "district_code": "1001",
            "subdistrict_code": "100101",
            "building_type": "detached",
            "years_lived": "12",
            "land_owner": "own",
            "latitude": "13.75",
            "longitude": "100.5",
        },
    ),
    Endpoint(
        "registry:household_detail",
        "d1001",
        args=lambda w: [w.area("1001").household.pk],
        data=lambda w: {
            "person_q": "",
            "name": "สมาชิกใหม่",
            "relation": "บุตร",
            "birth_date": "01/01/2550",
            "age": "17",
            "education": "upper_secondary",
            "has_disability": "unknown",
        },
    ),
    Endpoint(
        "registry:household_consent",
        "d1001",
        args=lambda w: [w.area("1001").household.pk],
        data=lambda w: {"sensitive": "1", "on": today()},
    ),
    Endpoint(
        "registry:household_edit",
        "d1001",
        args=lambda w: [w.area("1001").household.pk],
        data=lambda w: {
            "house_no": "99/2",
            "community": str(w.area("1001").community.pk),
            "district_code": "1001",
            "subdistrict_code": "100101",
            "building_type": "detached",
            "years_lived": "3",
            "land_owner": "own",
            "latitude": "13.75",
            "longitude": "100.5",
        },
        note="posted without the version the edit page sends: refused as a stale edit, never written",
    ),
    Endpoint(
        "registry:follow_up_detail",
        "d1001",
        args=lambda w: [_follow_up(w)],
        data=lambda w: {"status": "contacted", "note": "โทรแล้ว นัดสมัคร"},
    ),
    # ── collection ──────────────────────────────────────────────────────────────────────────────
    Endpoint(
        "collection:campaign_create",
        "dept",
        data=lambda w: {
            "name": "สำรวจผู้ค้าหาบเร่",
            "fiscal_year": str(fiscal_year()),
            "description": "",
            "target_occupations": [str(_occupation("street_vendor"))],
            "opens_on": today(),
            "closes_on": format_be_date(timezone.localdate() + dt.timedelta(days=30)),
            "data_sources": "",
            "is_published": "on",
        },
    ),
    Endpoint(
        "collection:campaign_edit",
        "dept",
        args=lambda w: [w.base.campaign.pk],
        data=lambda w: {
            "name": "สำรวจแก้ไข",
            "fiscal_year": str(fiscal_year()),
            "target_occupations": [str(_occupation("moto_taxi"))],
            "opens_on": format_be_date(timezone.localdate() - dt.timedelta(days=10)),
            "closes_on": format_be_date(timezone.localdate() + dt.timedelta(days=30)),
        },
    ),
    Endpoint(
        "collection:campaign_targets",
        "dept",
        args=lambda w: [w.base.campaign.pk],
        data=lambda w: {"target_1001": "12", "target_1006": "1,000", "target_5001": "๓", "target_5101": "0"},
    ),
    Endpoint(
        "collection:questions_import",
        "dept",
        args=lambda w: [w.base.campaign.pk],
        kind="upload",
        upload="file",
        header=("type", "name", "label"),
    ),
    Endpoint(
        "collection:staff_entry",
        "d1001",
        args=lambda w: [w.base.campaign.pk],
        data=lambda w: _registration(
            w, district="1001", consent_channel="paper", lawful_basis="public_task", action="queue"
        ),
    ),
    Endpoint(
        "collection:review_decide_many",
        "d1001",
        data=lambda w: {
            "action": "reject",
            "note": "ข้อมูลไม่ครบ",
            "submission": [str(w.area("1001").submission.pk)],
            "back": "status=open",
        },
    ),
    Endpoint(
        "collection:review_decide",
        "d1001",
        args=lambda w: [w.area("1001").submission.pk],
        data=lambda w: {"action": "merge", "person": str(w.area("1001").person.pk), "use_phone": "1"},
    ),
    Endpoint(
        "collection:public_form",
        None,
        args=lambda w: [w.area("1001").campaign_district.token],
        data=lambda w: _registration(w, website=""),
    ),
    Endpoint(
        "collection:status_lookup",
        None,
        data=lambda w: {
            "reference": w.area("1001").submission.reference,
            "national_id": w.area("1001").submission.national_id,
            "birth_date": format_be_date(w.area("1001").submission.birth_date),
        },
    ),
    Endpoint(
        "collection:status_correct",
        None,
        data=lambda w: _registration(w, website=""),
        prepare="own_submission",
    ),
    # ── imports ─────────────────────────────────────────────────────────────────────────────────
    Endpoint(
        "imports:upload",
        "d1001",
        kind="upload",
        upload="file",
        data=lambda w: {"source_name": "กรมการขนส่งทางบก", "encoding": "", "template": ""},
    ),
    Endpoint(
        "imports:mapping",
        "d1001",
        args=lambda w: [w.batch.pk],
        data=lambda w: {
            "encoding": "utf-8",
            "source_name": "รายชื่อ",
            "save_as": "",
            "col_full_name": "",
            "col_first_name": "0",
            "col_last_name": "1",
            "col_district": "2",
            "col_occupation": "3",
            "preview": "1",
        },
    ),
    Endpoint("imports:job_cancel", "d1001", args=lambda w: [w.batch.pk]),
    Endpoint("imports:job_rollback", "d1001", args=lambda w: [w.batch.pk]),
    Endpoint("imports:job_resume", "d1001", args=lambda w: [w.batch.pk]),
    Endpoint("imports:job_commit", "d1001", args=lambda w: [w.batch.pk]),
    Endpoint(
        "imports:value_map",
        "d1001",
        args=lambda w: [w.batch.pk],
        data=lambda w: {
            "kind": "occupation",
            "text": "ขายของริมทาง",
            "code": "street_vendor",
            "back": "values",
        },
    ),
    Endpoint(
        "imports:review_action", "d1001", args=lambda w: [w.review_item.pk], data=lambda w: {"action": "skip"}
    ),
    Endpoint(
        "imports:synonym_list",
        "d1001",
        data=lambda w: {"kind": "occupation", "text": "วินมอไซค์", "code": "moto_taxi"},
    ),
    Endpoint(
        "imports:export",
        "d1001",
        data=lambda w: {
            "columns": ["national_id", "first_name", "last_name", "house_no", "soi", "road"],
            "file_format": "csv",
            "purpose": "ส่งรายชื่อให้สำนักงานประกันสังคม",
            "district": "1001",
            "q": "",
        },
    ),
    # ── One Map ─────────────────────────────────────────────────────────────────────────────────
    Endpoint(
        "onemap:upload",
        "d1001",
        args=lambda w: ["communities"],
        kind="upload",
        upload="file",
        header=("รหัสชุมชน", "ชื่อชุมชน", "เขต"),
    ),
    Endpoint(
        "onemap:upload",
        "d1001",
        args=lambda w: ["households"],
        kind="upload",
        upload="file",
        header=("รหัสชุมชน", "บ้านเลขที่", "ชื่อสมาชิก", "อายุ"),
        variants=("households",),
    ),
    Endpoint(
        "onemap:columns",
        "d1001",
        data=lambda w: {"col_code": "0", "col_name": "1", "col_district": "2"},
        prepare="onemap_upload",
    ),
    # ── performance ─────────────────────────────────────────────────────────────────────────────
    Endpoint("performance:indicator_create", "admin", data=_indicator),
    Endpoint(
        "performance:indicator_edit",
        "admin",
        args=lambda w: [w.indicator.pk],
        data=lambda w: {**_indicator(w), "code": "FUZZ-1", "measure_kind": "formula"},
    ),
    Endpoint(
        "performance:evidence_upload",
        "dept",
        args=lambda w: [w.indicator.pk],
        kind="upload",
        upload="file",
        data=lambda w: {"title": "รายงานการประชุม", "quarter": "1", "item": ""},
    ),
    Endpoint(
        "performance:result_edit",
        "dept",
        args=lambda w: [w.indicator.pk, FiscalYear.current().quarter_of(timezone.localdate()).number],
        data=lambda w: {
            "result": "",
            "numerator": "45",
            "denominator": "60",
            "as_of": today(),
            "narrative": "ดำเนินการแล้ว",
        },
    ),
    Endpoint(
        "performance:assessment_edit",
        "assessor",
        args=lambda w: [w.indicator.pk, 1],
        data=lambda w: {"score": "80", "score_21": "", "score_22": "", "level": "4", "comment": "ดี"},
    ),
    Endpoint(
        "performance:quarter_reopen",
        "assessor",
        args=lambda w: [w.indicator.pk, 1],
        data=lambda w: {
            "until": format_be_date(timezone.localdate() + dt.timedelta(days=7)),
            "reason": "แก้ไขตามหนังสือ",
        },
    ),
    Endpoint("performance:quarter_close", "assessor", args=lambda w: [w.indicator.pk, 1]),
    Endpoint(
        "performance:action_plan_edit",
        "dept",
        args=lambda w: [w.indicator.pk],
        data=lambda w: _formset(
            "form",
            [
                {"title": "ประชุม", "units": "สพส.", "start_month": "1", "end_month": "3", "level": "1"},
                {"title": "อบรม", "units": "", "start_month": "4", "end_month": "6", "level": ""},
            ],
        ),
    ),
    Endpoint(
        "performance:step_progress",
        "dept",
        args=lambda w: [w.indicator.pk, 1],
        data=lambda w: {"progress": "50", "done_on": "", "note": "ครึ่งหนึ่ง"},
    ),
    Endpoint(
        "performance:strategy_map",
        "admin",
        data=lambda w: {"kind": "plan", "parent": "", "code": "๑", "title": "แผนพัฒนากรุงเทพมหานคร"},
    ),
    Endpoint(
        "performance:milestone_list",
        "admin",
        data=lambda w: {
            "kind": "database_defined",
            "fiscal_year": str(fiscal_year()),
            "achieved_on": today(),
            "note": "",
        },
    ),
    # ── privacy ─────────────────────────────────────────────────────────────────────────────────
    Endpoint(
        "privacy:request_new",
        "dpo",
        data=lambda w: {
            "national_id": w.area("1001").national_id,
            "kind": "access",
            "received_on": today(),
            "channel": "อีเมล",
            "details": "ขอสำเนา",
        },
    ),
    Endpoint(
        "privacy:request_detail",
        "dpo",
        args=lambda w: [w.base.privacy_request.pk],
        data=lambda w: {"status": "done", "outcome": "ส่งสำเนาแล้ว"},
    ),
    # ── projects and action plans ───────────────────────────────────────────────────────────────
    Endpoint(
        "projects:project_create",
        "d1001",
        data=lambda w: {
            "code": "FUZZ-P1",
            "name": "โครงการส่งเสริมอาชีพ",
            "owner_unit": str(w.user("d1001").unit_id),
            "fiscal_year": str(fiscal_year()),
            "budget": "1,500,000.50",
            "progress_mode": "entered",
            "rationale": "เหตุผล",
        },
    ),
    Endpoint(
        "projects:project_edit",
        "d1001",
        args=lambda w: [w.base.projects["BMA-D1001"].pk],
        data=lambda w: {
            "code": "SWEEP-BMA-D1001",
            "name": "โครงการแก้ไข",
            "owner_unit": str(w.user("d1001").unit_id),
            "fiscal_year": "2568",
            "budget": "1000",
            "progress_mode": "steps",
        },
    ),
    Endpoint(
        "projects:project_steps",
        "d1001",
        args=lambda w: [w.base.projects["BMA-D1001"].pk],
        data=lambda w: _formset(
            "steps",
            [
                {
                    "name": "เตรียมการ",
                    "weight": "40",
                    "planned_start": "01/10/2567",
                    "planned_end": "31/12/2567",
                    "percent_complete": "0",
                },
                {
                    "name": "ดำเนินการ",
                    "weight": "60",
                    "planned_start": "01/01/2568",
                    "planned_end": "30/09/2568",
                    "percent_complete": "0",
                },
            ],
        ),
    ),
    Endpoint(
        "projects:progress_add",
        "d1001",
        args=lambda w: [w.base.projects["BMA-D1001"].pk],
        data=lambda w: {"reported_on": "31/03/2568", "percent": "40", "work_done": "จัดอบรมแล้ว"},
    ),
    Endpoint(
        "projects:project_assess",
        "assessor",
        args=lambda w: [w.base.projects["BMA-D1001"].pk],
        data=lambda w: {"quarter": "2", "score": "80", "comment": ""},
    ),
    Endpoint(
        "projects:plan_create",
        "lp",
        data=lambda w: {
            "unit": str(w.user("lp").unit_id),
            "fiscal_year": str(fiscal_year()),
            "title": "แผนปฏิบัติการจังหวัดลำพูน",
            "approved_on": "",
            "allocation_round1": "100,000",
            "allocation_year": "200000",
        },
    ),
    Endpoint(
        "projects:plan_edit",
        "cm",
        args=lambda w: [w.base.plans["PLO-50"].pk],
        data=lambda w: {"title": "แผนแก้ไข", "allocation_round1": "1000", "allocation_year": "2000"},
    ),
    Endpoint(
        "projects:plan_activities",
        "cm",
        args=lambda w: [w.base.plans["PLO-50"].pk],
        data=lambda w: _formset(
            "act",
            [
                {
                    "name": "อบรม",
                    "responsible": "สรจ.",
                    "target_people": "50",
                    "budget": "500",
                    "months": ["1"],
                },
            ],
        ),
    ),
    Endpoint(
        "projects:monthly_report",
        "cm",
        args=lambda w: [w.base.plans["PLO-50"].pk, 1],
        data=lambda w: {"people_served": "25", "budget_disbursed": "100", "narrative": "", "problems": ""},
    ),
    Endpoint(
        "projects:disbursements_upload",
        "cm",
        args=lambda w: [w.base.plans["PLO-50"].pk],
        kind="upload",
        upload="file",
        header=("เดือน", "จำนวนเงิน", "หน่วยงาน"),
        data=lambda w: {"month_column": "เดือน", "amount_column": "จำนวนเงิน", "unit_column": ""},
    ),
    Endpoint(
        "projects:yearly_report",
        "cm",
        args=lambda w: [w.base.plans["PLO-50"].pk],
        data=lambda w: {"summary": "สรุปผล", "problems": "", "suggestions": ""},
    ),
    # ── reports ─────────────────────────────────────────────────────────────────────────────────
    Endpoint("reports:publish", "dept"),
    # ── the agency API ──────────────────────────────────────────────────────────────────────────
    Endpoint(
        "api:v1:people",
        "d1001",
        kind="json",
        data=lambda w: {
            "national_id": "1101700123451",
            "first_name": "ทดลอง",
            "last_name": "ผ่านระบบ",
            "sex": "F",
            "birth_date": "1987-01-01",
            "subdistrict_code": "100101",
            "allow_candidates": True,
        },
    ),
    Endpoint(
        "api:v1:person",
        "d1001",
        args=lambda w: [w.area("1001").person.pk],
        kind="json",
        method="PATCH",
        data=lambda w: {"first_name": "แก้ไข", "phone": "0812345679", "subdistrict_code": "100101"},
    ),
    Endpoint(
        "api:v1:people_status_check",
        "d1001",
        kind="json",
        data=lambda w: {"national_ids": [w.area("1001").national_id, "1101700123451"]},
    ),
    Endpoint("api:v1:imports", "d1001", kind="upload", upload="file", data=lambda w: {"source_name": "API"}),
    Endpoint(
        "api:v1:import_mapping",
        "d1001",
        args=lambda w: [w.batch.pk],
        kind="json",
        method="PUT",
        data=lambda w: {"mapping": {"first_name": 0, "last_name": 1, "district": 2}, "source_name": "API"},
    ),
    Endpoint("api:v1:import_start", "d1001", args=lambda w: [w.batch.pk], kind="json", data=lambda w: {}),
    Endpoint("api:not_found", "d1001", args=lambda w: ["people/-1/"], kind="json", note="any method, 404"),
    # ── search forms that only read (sent in the query string) ───────────────────────────────────
    Endpoint(
        "audit:event_list",
        "admin",
        kind="get",
        data=lambda w: {
            "national_id": "",
            "actor": "sweep-d1001",
            "action": "",
            "ip": "",
            "role": "",
            **_period(),
        },
    ),
    Endpoint(
        "audit:who_saw",
        "admin",
        kind="get",
        data=lambda w: {"national_id": w.area("1001").national_id, "format": "xlsx", **_period()},
    ),
    Endpoint(
        "audit:breach",
        "admin",
        kind="get",
        data=lambda w: {"actor": "sweep-d1001", "ip": "127.0.0.1", "format": "xlsx", **_period()},
    ),
    Endpoint(
        "registry:merge_pick",
        "d1001",
        args=lambda w: [w.area("1001").person.pk],
        kind="get",
        data=lambda w: {"other": w.second_person.national_id},
    ),
]


# Pages, files and API reads: GET (HEAD) only; their query parameters are tried by
# tests/test_query_params.py and, for the API, tests/test_api_contract.py.
PAGES = (
    "core:home", "accounts:user_list", "audit:chain_check", "collection:campaign_list",
    "collection:campaign_detail", "collection:review_queue", "collection:review_detail",
    "collection:public_done", "collection:status_detail", "imports:job_list", "imports:job_detail",
    "imports:job_progress", "imports:review_list", "imports:values", "imports:export_job", "onemap:overview",
    "performance:indicator_list", "performance:indicator_detail", "performance:drilldown",
    "performance:agreement_summary", "privacy:request_list", "projects:project_list",
    "projects:project_detail", "projects:plan_list", "projects:plan_detail", "projects:reporting_grid",
    "projects:round_scores", "registry:person_list", "registry:person_detail", "registry:outreach",
    "registry:activity_list", "registry:community_list", "registry:follow_up_list", "reminders:my_deadlines",
    "reports:dashboard", "statistics:page", "api:docs",
)  # fmt: skip
FILES = (
    "core:health", "collection:poster_png", "collection:poster_pdf", "collection:questions_export",
    "imports:error_report", "imports:export_download", "performance:indicator_pdf",
    "performance:evidence_file", "performance:agreement_pdf", "privacy:subject_access_file",
    "privacy:subject_access_letter", "projects:project_pdf", "projects:yearly_report_pdf",
    "projects:reporting_xlsx", "reports:dashboard_xlsx", "reports:dashboard_pdf", "statistics:file",
    "javascript-catalog", "api:schema",
)  # fmt: skip
API_READS = (
    "api:v1:people_search", "api:v1:import", "api:v1:import_errors", "api:v1:import_values",
    "api:v1:person_occupations", "api:v1:person_welfare", "api:v1:person_consents",
    "api:v1:person_households", "api:collection:campaign_list", "api:collection:campaign_progress",
    "api:collection:campaign_submissions", "api:collection:submission_detail",
    "api:performance:performance-indicators", "api:performance:performance-indicator",
    "api:performance:performance-indicator-snapshots", "api:performance:performance-unit-totals",
    "api:projects:project_list", "api:projects:project_detail", "api:projects:plan_list",
    "api:projects:plan_detail", "api:projects:reporting", "api:reports:aggregates",
)  # fmt: skip
READ_ONLY: dict[str, str] = {
    **dict.fromkeys(PAGES, "page"),
    **dict.fromkeys(FILES, "file download"),
    **dict.fromkeys(API_READS, "API read"),
}
# Django's admin (its own forms, for superusers only) is left to Django.
EXEMPT_NAMESPACES = ("admin",)


def _follow_up(w: FuzzWorld) -> int:
    """An open follow-up of the district's person (the world has none of its own)."""
    from nokrabob.registry.models import FollowUp, Scheme

    row, _created = FollowUp.objects.get_or_create(
        person=w.area("1001").person,
        scheme=Scheme.objects.get(code="s40"),
        defaults={"due_on": timezone.localdate() + dt.timedelta(days=14)},
    )
    return row.pk


def _scheme(code: str) -> int:
    from nokrabob.registry.models import Scheme

    return Scheme.objects.get(code=code).pk


def _occupation(code: str) -> int:
    from nokrabob.registry.models import Occupation

    return Occupation.objects.get(code=code).pk
