"""Where each public C function is in Python (``goc.__c_functions__``).

Keys are the C names, values a dotted name under the ``goc`` module:

- functions with a Python method or function of their own map to it
  (``goc_org_create`` -> ``Orgs.create``, reached as ``db.orgs.create``);
- record accessors map to the dataclass field they fill
  (``goc_org_name_zh`` -> ``Org.name_zh``, from ``_records.ACCESSORS``);
- ``goc_<vocabulary>_str`` / ``_parse`` map to the enum they back
  (``goc_stage_str`` -> ``Stage``);
- the plumbing that every call goes through maps to where it shows:
  ``goc_cursor_<kind>``, ``goc_cursor_next`` and ``goc_cursor_free`` to
  :class:`goc.Cursor`, the ``*_free`` destructors to the ``get`` methods
  that read and free a record, the per-thread error functions and
  ``goc_free`` to the C layer (they are used there, listed in goc.i).

The test ``tests/python/test_coverage.py`` parses the public headers and
fails for a C function missing here or mapped to nothing.
"""
from typing import Dict

from ._enums import C_PREFIX
from ._records import ACCESSORS

_EXPLICIT: Dict[str, str] = {
    # common.h
    "goc_strerror": "strerror",
    "goc_error_last": "Error.code",          # read by the C layer into each exception
    "goc_error_message": "Error.message",    # likewise: the exception's text
    "goc_error_field": "Error.field",        # set by the C layer on each exception
    "goc_error_clear": "Error",              # called before every wrapped call
    "goc_version": "version",
    "goc_libversion_number": "libversion_number",
    "goc_date_check": "check_date",
    "goc_uscc_check": "check_uscc",
    "goc_utf8_check": "check_utf8",
    "goc_name_key": "name_key",
    "goc_label": "label",
    "goc_translate": "translate",
    # resolve.h
    "goc_resolve": "Database.resolve",
    "goc_resolve_enum": "CEnum.resolve",
    "goc_resolve_kind_str": "Database.resolve",
    "goc_resolve_kind_parse": "Database.resolve",
    # db.h
    "goc_db_open": "open",
    "goc_db_open_ext": "open",
    "goc_db_close": "Database.close",
    "goc_db_may": "Database.may",
    "goc_db_errmsg": "Database.last_error",
    "goc_db_errcode": "Database.last_error",
    "goc_db_schema_version": "Database.schema_version",
    "goc_db_data_version": "Database.data_version",
    "goc_db_set_actor": "Database.set_actor",
    "goc_db_actor": "Database.actor",
    "goc_db_set_lang": "Database.lang",
    "goc_db_lang": "Database.lang",
    "goc_db_begin": "Database.begin",
    "goc_db_commit": "Database.commit",
    "goc_db_rollback": "Database.rollback",
    "goc_db_in_transaction": "Database.in_transaction",
    "goc_cursor_next": "Cursor.__next__",
    "goc_cursor_free": "Cursor.close",
    # audit.h
    "goc_unit_set_access": "Units.set_access",
    "goc_unit_access": "Units.access",
    "goc_unit_set_reviewer": "Units.set_reviewer",
    "goc_unit_set_contact": "Units.set_contact",
    "goc_plan_set_reporting": "Plans.set_reporting",
    "goc_report_missing_as_of": "Reports.missing",
    "goc_report_deadline": "Reports.deadline",
    "goc_report_period_of": "Reports.period",
    "goc_reminder_list": "Reports.reminders",
    "goc_cursor_reminder": "Reports.reminders",
    "goc_unit_is_reviewer": "Units.is_reviewer",
    "goc_audit_list": "Audit.list",
    "goc_cursor_audit": "Audit.list",
    "goc_audit_head": "Audit.head",
    "goc_audit_verify": "Audit.verify",
    # user.h
    "goc_user_add": "Users.add",
    "goc_user_update": "Users.update",
    "goc_user_get": "Users.get",
    "goc_user_free": "Users.get",
    "goc_user_list": "Users.list",
    "goc_cursor_user": "Users.list",
    "goc_user_set_disabled": "Users.disable",
    "goc_user_set_password": "Users.set_password",
    "goc_user_authenticate": "Users.authenticate",
    "goc_db_set_user": "Database.as_user",
    "goc_db_user": "Database.user",
    "goc_token_add": "Users.add_token",
    "goc_token_list": "Users.tokens",
    "goc_cursor_token": "Users.tokens",
    "goc_token_revoke": "Users.revoke_token",
    "goc_token_authenticate": "Users.authenticate_token",
    # register.h
    "goc_unit_create": "Units.create",
    "goc_unit_get": "Units.get",
    "goc_unit_find": "Units.find",
    "goc_unit_free": "Units.get",
    "goc_unit_list": "Units.list",
    "goc_cursor_unit": "Units.list",
    "goc_group_create": "Groups.create",
    "goc_group_add_member": "Groups.add_member",
    "goc_group_remove_member": "Groups.remove_member",
    "goc_group_get": "Groups.get",
    "goc_group_free": "Groups.get",
    "goc_group_list": "Groups.list",
    "goc_group_members": "Groups.members",
    "goc_cursor_group": "Groups.list",
    "goc_zone_create": "Zones.create",
    "goc_zone_get": "Zones.get",
    "goc_zone_free": "Zones.get",
    "goc_zone_list": "Zones.list",
    "goc_cursor_zone": "Zones.list",
    "goc_reference_load": "Database.load_reference",
    # org.h
    "goc_stage_transition_allowed": "Stage.can_move_to",
    "goc_org_create": "Orgs.create",
    "goc_org_create_many": "Orgs.create_many",
    "goc_org_create_many_ext": "Orgs.create_many",
    "goc_org_create_many_v2": "Orgs.create_many",   # Error.index from its out_failed
    "goc_org_import_table": "Orgs.import_table",
    "goc_org_update": "Orgs.update",
    "goc_org_delete": "Orgs.delete",
    "goc_org_get": "Orgs.get",
    "goc_org_find": "Orgs.find",
    "goc_org_name_collisions": "Orgs.name_collisions",
    "goc_org_free": "Orgs.get",
    "goc_org_list": "Orgs.list",
    "goc_cursor_org": "Orgs.list",
    "goc_org_set_stage": "Orgs.set_stage",
    "goc_org_review": "Orgs.review",
    "goc_org_set_hq": "Orgs.set_hq",
    "goc_org_history": "Orgs.history",
    "goc_cursor_stage_change": "Orgs.history",
    "goc_org_reviews": "Orgs.reviews",
    "goc_cursor_review": "Orgs.reviews",
    "goc_org_request_review": "Orgs.request_review",
    "goc_org_review_requests": "Orgs.review_requests",
    "goc_cursor_review_request": "Orgs.review_requests",
    "goc_org_landed_date": "Orgs.landed_date",            # report.h
    # plan.h
    "goc_period_check": "check_period",
    "goc_period_end": "period_end",
    "goc_plan_create": "Plans.create",
    "goc_plan_delete": "Plans.delete",
    "goc_plan_get": "Plans.get",
    "goc_plan_free": "Plans.get",
    "goc_plan_list": "Plans.list",
    "goc_cursor_plan": "Plans.list",
    "goc_goal_create": "Goals.create",
    "goc_goal_list": "Goals.list",
    "goc_cursor_goal": "Goals.list",
    "goc_task_create": "Tasks.create",
    "goc_task_set_status": "Tasks.set_status",
    "goc_task_update": "Tasks.update",
    "goc_task_get": "Tasks.get",
    "goc_task_free": "Tasks.get",
    "goc_task_list": "Tasks.list",
    "goc_cursor_task": "Tasks.list",
    "goc_task_assign": "Tasks.assign",
    "goc_task_unassign": "Tasks.unassign",
    "goc_task_units": "Tasks.units",
    "goc_unit_tasks": "Tasks.of_party",
    "goc_plan_matrix": "Plans.matrix",
    "goc_cursor_assignment": "Tasks.units",
    "goc_report_submit": "Reports.submit",
    "goc_report_import_table": "Reports.import_table",
    "goc_report_get": "Reports.get",
    "goc_report_free": "Reports.get",
    "goc_report_list": "Reports.list",
    "goc_report_latest": "Reports.latest",
    "goc_report_latest_as_of": "Reports.latest",
    "goc_report_missing": "Reports.missing",
    "goc_cursor_report": "Reports.list",
    "goc_plan_load": "Plans.load",
    "goc_plan_export_json": "Plans.export_json",
    "goc_plan_import_json": "Plans.import_json",
    "goc_plan_import_table": "Plans.import_table",
    "goc_free": "Plans.export_json",           # frees the exported text (goc.i)
    "goc_text_decode": "decode_text",
    # report.h
    "goc_dossier_list": "Reports.dossier",
    "goc_cursor_dossier_row": "Reports.dossier",
    # activity.h
    "goc_partner_create": "Partners.create",
    "goc_partner_update": "Partners.update",
    "goc_partner_delete": "Partners.delete",
    "goc_partner_get": "Partners.get",
    "goc_partner_free": "Partners.get",
    "goc_partner_list": "Partners.list",
    "goc_cursor_partner": "Partners.list",
    "goc_expert_create": "Experts.create",
    "goc_expert_update": "Experts.update",
    "goc_expert_delete": "Experts.delete",
    "goc_expert_get": "Experts.get",
    "goc_expert_free": "Experts.get",
    "goc_expert_list": "Experts.list",
    "goc_cursor_expert": "Experts.list",
    "goc_event_create": "Events.create",
    "goc_event_update": "Events.update",
    "goc_event_delete": "Events.delete",
    "goc_event_add_organizer": "Events.add_organizer",
    "goc_event_add_org": "Events.add_org",
    "goc_event_get": "Events.get",
    "goc_event_free": "Events.get",
    "goc_event_list": "Events.list",
    "goc_cursor_event": "Events.list",
    "goc_request_create": "Requests.create",
    "goc_request_update": "Requests.update",
    "goc_request_resolve": "Requests.resolve",
    "goc_request_delete": "Requests.delete",
    "goc_request_get": "Requests.get",
    "goc_request_free": "Requests.get",
    "goc_request_list": "Requests.list",
    "goc_cursor_request": "Requests.list",
    "goc_zone_set_facts": "Zones.set_facts",
    "goc_zone_facts": "Zones.facts",
    "goc_zone_fact_free": "Zones.facts",
    "goc_measurement_record": "Kpis.record_measurement",
    # kpi.h
    "goc_kpi_create": "Kpis.create",
    "goc_kpi_set_target": "Kpis.set_target",
    "goc_kpi_delete": "Kpis.delete",
    "goc_kpi_get": "Kpis.get",
    "goc_kpi_free": "Kpis.get",
    "goc_kpi_list": "Kpis.list",
    "goc_cursor_kpi": "Kpis.list",
    "goc_kpi_evaluate": "Kpis.evaluate",
    "goc_kpi_evaluate_unit": "Kpis.evaluate_unit",
    "goc_cursor_kpi_row": "Kpis.evaluate",
    "goc_scorecard": "Database.scorecard",
    "goc_kpi_series": "Kpis.series",
    "goc_score_series": "Kpis.score_series",
    "goc_cursor_score": "Database.scorecard",
    "goc_demo_load": "Database.load_demo",
    "goc_demo_only": "Database.demo_only",


    # deprecated lists as comma-joined text: the same lists, which Python
    # reads item by item (goc_event_organizer_at() …) into tuples
    "goc_event_organizers": "Event.organizers",
    "goc_kpi_members": "Kpi.members",
    "goc_kpi_tasks": "Kpi.tasks",
}

C_FUNCTIONS: Dict[str, str] = dict(_EXPLICIT)
C_FUNCTIONS.update(ACCESSORS)
for _cls, _prefix in C_PREFIX.items():
    C_FUNCTIONS["goc_%s_str" % _prefix] = _cls.__name__
    C_FUNCTIONS["goc_%s_parse" % _prefix] = _cls.__name__
del _cls, _prefix
