"""The scope sweep's table: every URL of the site, what keeps another area's records out of it, and the
tests that try it. ``test_table.py`` fails when a URL (or a management command) exists without a row
here, when a row names a test that does not try it, or when docs/security.md does not list the row.

The imports app's paths are listed with their owner, the imports work (docs/security.md § Imports).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    guard: str
    proof: tuple[str, ...]


# The table-driven tests, by short name.
R404 = "test_reads::test_another_areas_record_answers_404_and_nothing_is_written"
ROWN = "test_reads::test_the_same_url_opens_for_the_records_own_officer"
PAGE = "test_reads::test_no_page_file_or_api_response_carries_another_areas_records"
DUP = "test_reads::test_a_duplicate_outside_scope_is_named_by_its_office_only"
HOUSEHOLD_TAB = "test_reads::test_a_household_in_another_district_stays_out_of_a_persons_page"
WRITE = "test_writes::test_an_officers_write_aimed_at_another_area_writes_nothing"
ROLE = "test_writes::test_role_only_pages_refuse_area_officers"
KNOWN = "test_writes::test_known_finding_a_province_cannot_reach_a_bangkok_activity"
MOVE = "test_writes::test_moving_ones_own_person_to_another_district_is_refused_in_place"
CHOICES = "test_writes::test_area_choices_of_forms_are_the_officers_own"
WIDE = "test_writes::test_an_activity_without_a_district_covers_its_authors_province"
PROJECT = "test_writes::test_another_units_project_answers_404_or_403_and_nothing_is_written"
PLAN = "test_writes::test_another_provinces_plan_answers_404_and_nothing_is_written"
UNIT_FORMS = "test_writes::test_project_and_plan_forms_offer_only_the_officers_unit"
GRIDS = "test_writes::test_project_lists_and_grids_hold_only_what_the_unit_may_read"
PUBLIC = "test_writes::test_public_paths_give_no_one_elses_submission"
MASK = "test_masking::test_roles_without_the_need_see_masked_ids_everywhere"
CAMPAIGN = "test_counts::test_campaign_progress_exact_for_own_districts_withheld_for_others"
CAMPAIGN_PAGE = "test_counts::test_campaign_page_and_api_show_the_withheld_counts_as_such"
CAMPAIGN_LIST = "test_counts::test_campaign_list_counts_the_readers_part"
LIST_COUNTS = "test_counts::test_activity_and_community_counts_are_of_the_readers_people"
DASH = "test_counts::test_dashboard_counts"
DASH_FILES = "test_counts::test_dashboard_files_say_fewer_than_five"
DASH_SCOPE = "test_counts::test_dashboard_filters_counts_and_links_stay_in_the_readers_scope"
BREAKDOWN = "test_counts::test_indicator_breakdown_is_exact_only_for_a_reader_of_everyone"
HOME = "test_counts::test_home_cards_count_only_the_readers_people"
OUTREACH = "test_counts::test_outreach_counts_only_the_readers_districts"

API_READS = "test_api::test_api_list_search_detail_and_bulk_give_no_other_areas_person"
API_OWN = "test_api::test_api_the_same_reads_find_the_officers_own_person"
API_WRITES = "test_api::test_api_writes_aimed_at_another_area_write_nothing"
API_PROVINCE = "test_api::test_api_a_province_token_sees_no_bangkok_person"
API_BULK = "test_api::test_api_bulk_check_refuses_10001_ids_and_answers_10000"
API_AUDIT = "test_api::test_api_reads_and_refusals_of_people_are_audited_with_the_clients_name"
WALK = "test_api_walk::test_api_walk_every_endpoint_gives_no_other_areas_person"
WALK_OWN = "test_api_walk::test_api_walk_the_own_officer_finds_its_person_through_every_personal_endpoint"
WALK_PROVINCE = "test_api_walk::test_api_walk_a_province_token_sees_no_bangkok_person"
API_IMPORT_WRITES = "test_api::test_api_import_writes_aimed_at_another_office_write_nothing"
ONEMAP_LIST = "test_onemap::test_onemap_lists_only_the_readers_communities"
ONEMAP_IMPORT = "test_onemap::test_loading_cannot_reach_another_districts_or_provinces_records"
ONEMAP_TOKEN = "test_onemap::test_another_users_upload_answers_404"
ONEMAP_EVIDENCE = "test_onemap::test_evidence_files_download_under_their_title_for_signed_in_users_only"
ONEMAP_CONSENT = "test_onemap::test_household_consent_opens_sensitive_fields_for_the_households_own_officer"
READ_AUDIT = "test_evidence::test_every_read_of_people_is_audited_naming_them"
AUDIT_PAGES = "test_evidence::test_audit_reports_open_only_for_admin_and_dpo"

DEADLINES = "test_writes::test_the_deadline_list_holds_only_the_users_own_units_deadlines"

PERSON = "registry.selectors.person_get (scoped → 404)"
PERSON_WRITE = PERSON + "; the service checks accounts.scope.require_in_scope"
NO_DATA = "holds no one's personal data"

SWEEP: dict[str, Entry] = {
    # ── core, accounts, audit ─────────────────────────────────────────────────────────────────
    "core:home": Entry(
        "cards count with scoped() (registry: own district; review queue: own area); the executive's "
        "card goes through reports.selectors (small counts withheld)",
        (PAGE, HOME, DASH_FILES),
    ),
    "core:health": Entry(NO_DATA + " (database ping)", (PUBLIC,)),
    "core:set_digits": Entry(NO_DATA + " (a cookie)", (PUBLIC,)),
    "accounts:login": Entry(NO_DATA, (PUBLIC,)),
    "accounts:logout": Entry(NO_DATA, (PUBLIC,)),
    "accounts:user_list": Entry("caps.manages_users (admin only): 403", (ROLE,)),
    "accounts:user_create": Entry("caps.manages_users (admin only): 403", (ROLE,)),
    "accounts:user_edit": Entry("caps.manages_users (admin only): 403", (ROLE,)),
    "accounts:user_password": Entry("caps.manages_users (admin only): 403", (ROLE,)),
    "accounts:login_code": Entry(NO_DATA + " (the code step of the user who passed the password)", (PUBLIC,)),
    "accounts:two_factor_setup": Entry(NO_DATA + ": the logged-in user's own second factor", (PUBLIC,)),
    "accounts:recovery_codes_renew": Entry(NO_DATA + ": the logged-in user's own recovery codes", (PUBLIC,)),
    "accounts:password_change": Entry(NO_DATA + ": the logged-in user's own password", (PUBLIC,)),
    "audit:event_list": Entry(
        "caps.reads_audit (admin, DPO; both read everything): 403; a DPO account's rows only for the admin; "
        "a search by person is audited",
        (ROLE, AUDIT_PAGES, READ_AUDIT),
    ),
    "audit:chain_check": Entry(
        "caps.reads_audit (admin, DPO): 403; shows row ids and hashes only", (ROLE, AUDIT_PAGES)
    ),
    "audit:who_saw": Entry(
        "caps.reads_audit (admin, DPO): 403; the person found in people_for(); PDF/XLSX no-store; audited",
        (ROLE, AUDIT_PAGES, READ_AUDIT),
    ),
    "audit:breach": Entry(
        "caps.reads_audit (admin, DPO): 403; record numbers and counts only; PDF/XLSX no-store; audited",
        (ROLE, AUDIT_PAGES),
    ),
    # ── registry ──────────────────────────────────────────────────────────────────────────────
    "registry:person_list": Entry(
        "registry.selectors.person_search → people_for → scoped(); filters only narrow it; "
        "search-form area choices = registry.forms.district_codes_for (scope); IDs masked by role",
        (PAGE, CHOICES, MASK),
    ),
    "registry:person_create": Entry(
        "area choices from the scope; services.person_create → scope.require_area; candidates outside "
        "the scope shown as another office's (district name only)",
        (PAGE, WRITE, DUP, CHOICES),
    ),
    "registry:person_detail": Entry(
        PERSON + "; every tab; duplicates panel lists visible candidates only; household tab = "
        "selectors.memberships_for (scoped households); IDs masked by role",
        (R404, ROWN, PAGE, MASK, HOUSEHOLD_TAB),
    ),
    "registry:person_edit": Entry(
        PERSON_WRITE + "; services.person_update → scope.require_area: a person never leaves the "
        "editor's scope (refused on the district field)",
        (R404, ROWN, PAGE, WRITE, MOVE),
    ),
    "registry:welfare_add": Entry(PERSON_WRITE, (R404,)),
    "registry:occupation_add": Entry(PERSON_WRITE, (R404,)),
    "registry:contact_add": Entry(PERSON_WRITE, (R404,)),
    "registry:referral_add": Entry(PERSON_WRITE, (R404,)),
    "registry:consent": Entry(PERSON_WRITE, (R404,)),
    "registry:merge_pick": Entry(
        PERSON + "; the other record is looked up in people_for() only", (R404, ROWN, WRITE)
    ),
    "registry:person_merge": Entry(
        PERSON + " for both records; services.person_merge checks both and the merged address",
        (R404,),
    ),
    "registry:outreach": Entry(
        "person_search (scoped); the count cache is keyed by the scope", (PAGE, OUTREACH)
    ),
    "registry:follow_up_list": Entry(
        "registry.selectors.follow_ups_for → scoped() through the person (their own district's); the "
        "status and scheme filters only narrow it; IDs masked by role",
        (PAGE,),
    ),
    "registry:follow_up_detail": Entry(
        "registry.selectors.follow_up_get (scoped → 404); services_outreach.follow_up_set_status → "
        "require_in_scope, and only roles that edit people (403)",
        (R404, ROWN, PAGE),
    ),
    "registry:activity_list": Entry(
        "selectors.activities_for (scope.scoped_area: own district/province + province-wide of one's "
        "own province); participant counts of scoped() participations only",
        (PAGE, KNOWN, LIST_COUNTS),
    ),
    "registry:activity_create": Entry(
        "area choices from the scope; services_outreach.activity_create → scope.require_area; no "
        "district = the author's own province",
        (PAGE, WRITE, CHOICES, WIDE),
    ),
    "registry:activity_detail": Entry(
        "selectors.activity_get (404 outside scoped_area); participants_for (scoped); candidates = "
        "participant_candidates (own people); services_outreach.participation_add checks the person "
        "and the activity against the actor's scope",
        (R404, ROWN, PAGE, WRITE, KNOWN),
    ),
    "registry:community_list": Entry(
        "selectors.communities_for (scoped_area; household counts scoped) and households_for",
        (PAGE, LIST_COUNTS),
    ),
    "registry:household_create": Entry(
        "area and community choices from the scope; services_outreach.household_create → require_area",
        (PAGE, WRITE, CHOICES),
    ),
    "registry:household_detail": Entry(
        "selectors.household_get (scoped → 404); a linked member must be the editor's person and of "
        "the household's district (services_outreach.household_member_add)",
        (R404, ROWN, PAGE, WRITE, MASK),
    ),
    "registry:household_edit": Entry(
        "selectors.household_get (scoped → 404); area choices from the scope; "
        "services_outreach.household_update → require_in_scope on the locked row, require_area",
        (R404, ROWN, WRITE),
    ),
    "registry:household_consent": Entry(
        "selectors.household_get (scoped → 404); services_outreach.household_consent_set → require_in_scope",
        (R404, ONEMAP_CONSENT),
    ),
    # ── One Map ───────────────────────────────────────────────────────────────────────────────
    "onemap:overview": Entry(
        "onemap.selectors.communities_visible (scoped_area: own district, Bangkok for the department, "
        "nothing for a province); household counts per community of those only",
        (PAGE, ONEMAP_LIST),
    ),
    "onemap:upload": Entry(
        "onemap.services.require_loader (edits people, holds Bangkok); shows the file's headers only",
        (PAGE, ONEMAP_IMPORT),
    ),
    "onemap:columns": Entry(
        "the upload token is kept in its uploader's session (another's: 404); every row's district must "
        "be the loader's (require_area), a household's community one the loader sees (scoped_area), a "
        "community code of another district is refused; all rows or none",
        (ONEMAP_IMPORT, ONEMAP_TOKEN),
    ),
    # ── collection ────────────────────────────────────────────────────────────────────────────
    "collection:campaign_list": Entry(
        "selectors.campaigns_with_counts(user): targets and submissions of the reader's districts",
        (PAGE, CAMPAIGN_LIST),
    ),
    "collection:campaign_create": Entry("campaign managers (department, admin): 403", (ROLE,)),
    "collection:campaign_edit": Entry("campaign managers (department, admin): 403", (ROLE,)),
    "collection:campaign_targets": Entry("campaign managers (department, admin): 403", (ROLE,)),
    "collection:questions_import": Entry("campaign managers (department, admin): 403", (ROLE,)),
    "collection:campaign_detail": Entry(
        "selectors.campaign_progress_for: own districts exact, others' counts below 5 withheld",
        (PAGE, CAMPAIGN, CAMPAIGN_PAGE),
    ),
    "collection:questions_export": Entry(NO_DATA + " (the campaign's questions)", (PAGE,)),
    "collection:staff_entry": Entry(
        "district choices = selectors.districts_in_scope; services.submission_create → require_area",
        (PAGE, WRITE, CHOICES),
    ),
    "collection:poster_png": Entry(
        "404 outside the scope (campaign managers print any district's: a QR link, no one's data)", (R404,)
    ),
    "collection:poster_pdf": Entry(
        "404 outside the scope (campaign managers print any district's: a QR link, no one's data)", (R404,)
    ),
    "collection:review_queue": Entry("selectors.review_queue → submissions_for (scoped)", (PAGE,)),
    "collection:review_detail": Entry(
        "selectors.submission_get (scoped → 404); candidates outside scope are a bare mention; IDs "
        "masked by role",
        (R404, ROWN, PAGE, MASK),
    ),
    "collection:review_decide": Entry(
        "submission_get (404); the person to merge into via registry person_get; every decision "
        "service checks the submission's scope (scope.require_in_scope)",
        (R404, WRITE),
    ),
    "collection:review_decide_many": Entry(
        "selectors.review_queue (scoped): another area's submission is never found; each decision "
        "service checks the submission's scope again",
        (WRITE,),
    ),
    "collection:public_form": Entry(
        "public: one campaign district's form by its token; writes a "
        "submission to that district's queue only",
        (PUBLIC,),
    ),
    "collection:public_done": Entry("public: the worker's own reference from their session", (PUBLIC,)),
    "collection:status_lookup": Entry(
        "public: reference + national ID + birth date must all match (no hint which did not)", (PUBLIC,)
    ),
    "collection:status_detail": Entry("public: only the submission found by the lookup (session)", (PUBLIC,)),
    "collection:status_correct": Entry(
        "public: only the submission found by the lookup (session)", (PUBLIC,)
    ),
    # ── performance ───────────────────────────────────────────────────────────────────────────
    "performance:indicator_list": Entry(NO_DATA + ": indicators and their city-wide figures", (PAGE,)),
    "performance:indicator_create": Entry("rules.may_manage: 403", (ROLE,)),
    "performance:indicator_edit": Entry("rules.may_manage: 403", (ROLE,)),
    "performance:indicator_detail": Entry(
        "measures: breakdown per target group withheld below 5 unless every person counted is the "
        "reader's (scope.all_in_scope); the drill-down count is scoped",
        (PAGE, BREAKDOWN),
    ),
    "performance:indicator_pdf": Entry("the same figures as the page, no breakdown lines", (PAGE,)),
    "performance:drilldown": Entry(
        "measures._visible → scoped(); 403 for roles without personal data; IDs masked by role",
        (PAGE, MASK),
    ),
    "performance:evidence_upload": Entry(
        "rules.may_report (owner units), checked in the service: 403", (ROLE,)
    ),
    "performance:evidence_file": Entry(
        "signed-in users only; evidence files are an indicator's working papers (indicators are read by "
        "every role); stored under random names, sent as a download with nosniff, each read audited",
        (ONEMAP_EVIDENCE,),
    ),
    "performance:result_edit": Entry("rules.may_report (owner units): 403", (ROLE,)),
    "performance:assessment_edit": Entry("rules.may_assess: 403", (ROLE,)),
    "performance:quarter_reopen": Entry("rules.may_assess: 403", (ROLE,)),
    "performance:quarter_close": Entry("rules.may_assess: 403", (ROLE,)),
    "performance:agreement_summary": Entry(NO_DATA + ": the agreement's indicators and scores", (PAGE,)),
    "performance:agreement_pdf": Entry(NO_DATA + ": the agreement summary as a PDF", (PAGE,)),
    "performance:action_plan_edit": Entry("rules.may_manage or may_report (owner units): 403", (ROLE,)),
    "performance:step_progress": Entry("rules.may_report (owner units): 403", (ROLE,)),
    "performance:strategy_map": Entry(NO_DATA + "; writing needs rules.may_manage (403)", (PAGE, ROLE)),
    "performance:milestone_list": Entry(NO_DATA + "; writing needs rules.may_manage (403)", (PAGE, ROLE)),
    # ── projects (no personal data: by org unit, projects/access.py) ───────────────────────────
    **{
        f"projects:{name}": Entry(
            "access.visible_projects (404 outside the unit's reach; BMA units read the city's "
            "projects) and access.may_edit_project (403), checked again in the services",
            (PROJECT,),
        )
        for name in (
            "project_detail",
            "project_pdf",
            "project_edit",
            "project_steps",
            "progress_add",
            "project_assess",
        )
    },
    "projects:project_list": Entry("selectors.project_list → access.visible_projects", (GRIDS,)),
    "projects:project_create": Entry(
        "owner-unit choices = access.editable_units; services check may_edit_unit", (UNIT_FORMS,)
    ),
    "projects:plan_list": Entry("access.visible_plans (own unit; the policy office reads all)", (GRIDS,)),
    "projects:plan_create": Entry(
        "unit choices = access.editable_units; plan_services check may_edit_unit", (UNIT_FORMS,)
    ),
    **{
        f"projects:{name}": Entry(
            "plan_views.visible_plan → access.visible_plans (404); edits need access.may_edit_plan",
            (PLAN,),
        )
        for name in (
            "plan_detail",
            "plan_edit",
            "plan_activities",
            "monthly_report",
            "disbursements_upload",
            "yearly_report",
            "yearly_report_pdf",
        )
    },
    "projects:reporting_grid": Entry("reporting.reporting_grid(user): own province's row only", (GRIDS,)),
    "projects:reporting_xlsx": Entry("reporting.reporting_grid(user): own province's row only", (GRIDS,)),
    "projects:round_scores": Entry("reporting.reporting_grid(user): own province's row only", (GRIDS,)),
    # ── reports ───────────────────────────────────────────────────────────────────────────────
    "reports:dashboard": Entry(
        "reports.dashboard via reports.counts (scoped_for_counts); executives' counts (nobody's records "
        "are theirs) withheld below 5; the area filter offers and accepts only the reader's areas "
        "(filters.area_choices); links to people only for readers of people, inside their scope",
        (PAGE, DASH, DASH_FILES, DASH_SCOPE),
    ),
    "reports:dashboard_xlsx": Entry(
        "the same dashboard and summary; a withheld cell reads 'น้อยกว่า 5'", (PAGE, DASH_FILES, DASH_SCOPE)
    ),
    "reports:dashboard_pdf": Entry(
        "the same dashboard and summary; a withheld cell reads 'น้อยกว่า 5'", (PAGE, DASH_FILES, DASH_SCOPE)
    ),
    "reports:publish": Entry(
        "POST by department staff or admin only (403 otherwise); writes only the suppressed aggregates",
        ("test_published::test_only_the_department_publishes",),
    ),
    "statistics:page": Entry(
        "no login: reads only the published files (counts 1–4 suppressed, complementary suppression), "
        "never live counts or records",
        ("test_published::test_the_public_page_and_files_hold_no_one_and_no_small_count",),
    ),
    "statistics:file": Entry(
        "serves only the three published file names; anything else 404",
        ("test_published::test_the_public_page_and_files_hold_no_one_and_no_small_count",),
    ),
    # ── privacy ───────────────────────────────────────────────────────────────────────────────
    "privacy:request_list": Entry("caps.reads_audit (DPO, admin): 403; selectors scoped()", (ROLE,)),
    "privacy:request_new": Entry(
        "caps.reads_audit: 403; the person is found in people_for(); request_open checks the scope", (ROLE,)
    ),
    "privacy:request_detail": Entry("caps.reads_audit: 403; request_get scoped (404)", (ROLE,)),
    "privacy:subject_access_file": Entry(
        "caps.reads_audit: 403; request_get scoped (404); audited", (ROLE, READ_AUDIT)
    ),
    "privacy:subject_access_letter": Entry(
        "caps.reads_audit: 403; request_get scoped (404); audited; no-store", (ROLE, READ_AUDIT)
    ),
    # ── reminders ─────────────────────────────────────────────────────────────────────────────
    "reminders:my_deadlines": Entry(
        NO_DATA + ": the deadlines the user is named responsible for (own unit, or the DPO's requests by "
        "number only)",
        (DEADLINES,),
    ),
    # ── API (/api/v1/…, token or session login; DRF IsAuthenticated) ─────────────────────────────────
    "api:schema": Entry(NO_DATA + " (the endpoints' description)", (PAGE, PUBLIC)),
    "api:docs": Entry(NO_DATA + " (Swagger UI)", (PUBLIC,)),
    "api:not_found": Entry(NO_DATA + " (any other /api/ address: a 404 in the error shape)", (PUBLIC,)),
    "api:v1:people": Entry(
        "token or session; GET registry.selectors.person_search → people_for → scoped(), IDs masked by "
        "role, audited with the client; POST services.person_create → scope.require_area",
        (API_READS, API_OWN, API_PROVINCE, API_WRITES, API_AUDIT),
    ),
    "api:v1:people_search": Entry("person_search (scoped); audited with the client", (API_READS, API_OWN)),
    "api:v1:people_status_check": Entry(
        "people_for (scoped): an ID outside the scope answers as not registered; welfare only for "
        "clients allowed it; audited with the client",
        (API_READS, API_OWN, API_BULK),
    ),
    "api:v1:person": Entry(
        PERSON_WRITE + "; a refused read is audited; PATCH services.person_update → require_area",
        (API_READS, API_OWN, API_WRITES, API_AUDIT),
    ),
    "api:v1:person_occupations": Entry(
        PERSON + "; the refusal audited; each read audited with the client",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:v1:person_welfare": Entry(
        PERSON + "; the refusal audited; each read audited with the client",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:v1:person_consents": Entry(
        PERSON + "; the refusal audited; each read audited with the client",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:v1:person_households": Entry(
        PERSON + "; households by registry.selectors.memberships_for (scoped); sensitive fields only under "
        "consent; audited",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:v1:imports": Entry(
        "imports.selectors.batches_for (the importing office's, scoped_by_unit); POST "
        "services.batch_create as the client's office",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:v1:import": Entry(
        "imports.selectors.batch_get (scoped_by_unit → 404)",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:v1:import_mapping": Entry(
        "batch_get (→ 404) then services.batch_set_mapping (importer role)",
        (API_IMPORT_WRITES,),
    ),
    "api:v1:import_start": Entry(
        "batch_get (→ 404) then services.batch_check_startable, tasks.queue_batch",
        (API_IMPORT_WRITES,),
    ),
    "api:v1:import_errors": Entry(
        "batch_get (→ 404); error_report.report_row masks IDs by role; audited as a report download",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:v1:import_values": Entry(
        "batch_get (→ 404); the values of the batch's own file or run",
        (
            WALK,
            WALK_PROVINCE,
        ),
    ),
    "api:collection:campaign_submissions": Entry(
        "collection.selectors.submissions_for (scoped); IDs masked by role; audited with the client",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:collection:submission_detail": Entry(
        "collection.selectors.submission_get (scoped → 404, the refusal audited); audited with the client",
        (
            WALK,
            WALK_OWN,
            WALK_PROVINCE,
        ),
    ),
    "api:performance:performance-indicator-snapshots": Entry(
        NO_DATA + ": frozen quarter figures (never the records behind them)",
        (
            WALK,
            WALK_PROVINCE,
        ),
    ),
    "api:projects:project_detail": Entry(
        "selectors.project_page(user) → visible_project (access.visible_projects → 404)",
        (
            WALK,
            WALK_PROVINCE,
        ),
    ),
    "api:projects:plan_list": Entry(
        "access.visible_plans(user): a province its own plan",
        (
            WALK,
            WALK_PROVINCE,
        ),
    ),
    "api:projects:plan_detail": Entry(
        "access.visible_plans(user) → 404",
        (
            WALK,
            WALK_PROVINCE,
        ),
    ),
    "api:reports:aggregates": Entry(
        NO_DATA + ": the published open-data rows (small cells already hidden)",
        (
            WALK,
            WALK_PROVINCE,
        ),
    ),
    "api:collection:campaign_list": Entry(NO_DATA + " (campaigns, no counts)", (PAGE,)),
    "api:collection:campaign_progress": Entry(
        "collection.selectors.campaign_progress_for(request.user): as the campaign page",
        (PAGE, CAMPAIGN_PAGE),
    ),
    "api:performance:performance-indicators": Entry(
        NO_DATA + ": indicator figures (no breakdown, no drill-down)", (PAGE,)
    ),
    "api:performance:performance-indicator": Entry(
        NO_DATA + ": indicator figures (no breakdown, no drill-down)", (PAGE,)
    ),
    "api:performance:performance-unit-totals": Entry(NO_DATA + ": scores per unit", (PAGE,)),
    "api:projects:project_list": Entry("selectors.project_list(user) → access.visible_projects", (PAGE,)),
    "api:projects:reporting": Entry("reporting.reporting_grid(user): own province's row only", (PAGE,)),
    # ── Django ────────────────────────────────────────────────────────────────────────────────
    "set_language": Entry(NO_DATA + " (a cookie)", (PUBLIC,)),
    "javascript-catalog": Entry(NO_DATA + " (translations)", (PUBLIC,)),
    "admin:*": Entry(
        "Django admin: superusers only (made by an operator with createsuperuser; the admin role is not "
        "one), behind two-factor login; officers are sent to its login; no personal-data model is "
        "registered there",
        (ROLE,),
    ),
}

# Pages, files and API answers that show people: each writes one audit row naming the people or the filter
# (docs/security.md § Reads are evidence).
READS_AUDITED = (
    "registry:person_list", "registry:person_detail", "registry:person_edit", "registry:person_merge",
    "registry:activity_detail", "registry:household_detail", "registry:follow_up_list",
    "registry:follow_up_detail", "collection:review_queue",
    "collection:review_detail", "performance:drilldown", "privacy:request_detail", "api:v1:people",
    "api:v1:people_search", "api:v1:people_status_check", "api:v1:person",
)  # fmt: skip
for _name in READS_AUDITED:
    SWEEP[_name] = Entry(SWEEP[_name].guard, (*SWEEP[_name].proof, READ_AUDIT))

# Owned by the imports work: its paths, guards and tests are listed in docs/security.md § Imports.
IMPORTS: frozenset[str] = frozenset(
    f"imports:{name}"
    for name in (
        "job_list",
        "upload",
        "mapping",
        "job_detail",
        "job_progress",
        "job_cancel",
        "job_rollback",
        "job_resume",
        "job_commit",
        "values",
        "value_map",
        "error_report",
        "review_list",
        "review_action",
        "synonym_list",
        "export",
        "export_job",
        "export_download",
    )
)

# Management commands: those that act as a user (``--user``) read through that user's scope.
COMMANDS: dict[str, str] = {
    "audit_verify": "checks the audit trail's hash chain; prints row ids and hashes only",
    "flush": "Django's flush; empties the audit trail only where AUDIT_FLUSH_EMPTIES_TRAIL (tests)",
    "api_token": "issues a token for an existing user; the token reads through that user's scope",
    "create_user": "creates an account; reads no one's records",
    "demo_logins": "prints the demo accounts; reads no one's records",
    "load_demo": "loads demo data as the system; shows no one's records",
    "load_org_units": "reference data only",
    "load_performance_seeds": "reference data only",
    "load_project_seeds": "reference data only",
    "publish_open_data": "writes the suppressed open-data aggregates; shows no one's records",
    "rebuild_counts": "recounts the registry's maintained counts; prints table names and cell totals only",
    "purge_uploads": "deletes uploaded files past their time; shows no one's records",
    "purge_exports": "deletes exported files past their expiry; shows no one's records",
    "backup": "dumps the database and uploaded files to the backup folder; prints file names and counts",
    "restore": "replaces the database from a backup (asks first); prints table names and counts only",
    "verify_backup": "compares the database with a backup's manifest; prints table names and counts only",
    "import_workers": "imports (--user): docs/security.md § Imports",
    "export_workers": "imports (--user): docs/security.md § Imports",
}
USER_COMMANDS = frozenset({"import_workers", "export_workers"})
