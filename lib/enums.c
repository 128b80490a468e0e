/*
 * libgoc — text names of the enumerations, as stored in the database.
 */
#include <string.h>

#include "internal.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* index = enum value; [0] is unused */
static const char *const unit_kinds[] = { NULL, "department", "party_office", "bureau" };
static const char *const categories[] = { NULL, "economic", "scitech", "professional",
	                                  "trade", "standards", "arbitration",
	                                  "finance", "other" };
static const char *const origins[] = { NULL, "international", "local" };
static const char *const stages[] = { NULL, "target", "contacting", "negotiating",
	                              "approved", "landed", "operating", "withdrawn" };
static const char *const outcomes[] = { NULL, "cleared", "flagged", "rejected" };
static const char *const task_levels[] = { NULL, "section", "task", "item" };
static const char *const task_statuses[] = { NULL, "not_started", "in_progress", "done",
	                                     "blocked", "cancelled" };
static const char *const roles[] = { NULL, "lead", "responsible" };
static const char *const measures[] = { NULL, "orgs_entered", "hq", "orgs_listed", "partners",
	                                "experts", "events", "request_days", "request_within",
	                                "office_space", "contact", "manual" };
static const char *const scopes[] = { NULL, "plan", "zone", "unit", "zones" };
static const char *const windows[] = { NULL, "period", "annual", "cumulative" };
static const char *const directions[] = { NULL, "higher", "lower" };
static const char *const kpi_statuses[] = { NULL, "not_started", "on_track", "at_risk", "behind",
	                                    "met", "exceeded", "missed" };
static const char *const everys[] = { NULL, "month", "quarter" };
static const char *const score_bys[] = { NULL, "plan", "section", "zone", "unit" };
static const char *const partner_kinds[] = { NULL, "multinational", "leading_enterprise",
	                                     "financial", "chamber", "professional_body",
	                                     "other" };
static const char *const event_kinds[] = { NULL, "conference", "forum", "promotion", "other" };
static const char *const accesses[] = { NULL, "admin", "unit", "viewer" };
static const char *const request_categories[] = { NULL, "registration", "visa", "talent",
	                                          "office", "tax", "other" };
static const char *const audit_outcomes[] = { NULL, "ok", "denied" };
static const char *const review_requests[] = { NULL, "pending", "all" };
static const char *const reminder_kinds[] = { NULL, "missing", "late", "overdue", "kpi" };
static const char *const report_cycles[] = { NULL, "monthly", "quarterly", "half_yearly", "annual" };

static const char *name_of(const char *const *names, int count, int v)
{
	return (v >= 1 && v < count) ? names[v] : NULL;
}

int goc__enum_parse(const char *const *names, int count, int *out,
                    const char *what, const char *name)
{
	if (!out)
		return goc__err(NULL, GOC_EINVAL, "out: must not be NULL");
	if (!name)
		return goc__err(NULL, GOC_EINVAL, "%s: must not be NULL", what);
	for (int i = 1; i < count; i++) {
		if (strcmp(names[i], name) == 0) {
			*out = i;
			return GOC_OK;
		}
	}
	if (goc__check_utf8(name, NULL, NULL) != 0)
		return goc__err(NULL, GOC_EINVAL, "%s: not a known name (invalid UTF-8)", what);
	return goc__err(NULL, GOC_EINVAL, "%s: unknown name '%.64s'", what, name);
}

/* Reading from the database: the CHECK constraints keep names valid. */
int goc__enum_value(const char *const *names, int count, const char *name)
{
	if (!name)
		return 0;
	for (int i = 1; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return 0;
}

#define ENUM_API(kind, table, what)                                          \
	GOC_API const char *goc_##kind##_str(int v)                         \
	{                                                                    \
		return name_of(table, COUNT(table), v);                      \
	}                                                                    \
	GOC_API int goc_##kind##_parse(int *out, const char *name)          \
	{                                                                    \
		return goc__enum_parse(table, COUNT(table), out, what, name); \
	}                                                                    \
	int goc__##kind##_value(const char *name)                           \
	{                                                                    \
		return goc__enum_value(table, COUNT(table), name);           \
	}

ENUM_API(unit_kind, unit_kinds, "unit kind")
ENUM_API(category, categories, "category")
ENUM_API(origin, origins, "origin")
ENUM_API(stage, stages, "stage")
ENUM_API(review_outcome, outcomes, "review outcome")
ENUM_API(task_level, task_levels, "task level")
ENUM_API(task_status, task_statuses, "task status")
ENUM_API(role, roles, "role")
ENUM_API(measure, measures, "measure")
ENUM_API(scope, scopes, "scope")
ENUM_API(window, windows, "window")
ENUM_API(direction, directions, "direction")
ENUM_API(kpi_status, kpi_statuses, "KPI status")
ENUM_API(score_by, score_bys, "scorecard grouping")
ENUM_API(every, everys, "series step")
ENUM_API(partner_kind, partner_kinds, "partner kind")
ENUM_API(event_kind, event_kinds, "event kind")
ENUM_API(request_category, request_categories, "request category")
ENUM_API(access, accesses, "access role")
ENUM_API(audit_outcome, audit_outcomes, "audit outcome")
ENUM_API(review_requests, review_requests, "review requests")
ENUM_API(report_cycle, report_cycles, "report cycle")
ENUM_API(reminder_kind, reminder_kinds, "reminder kind")

/* Recurrence is the one enumeration whose zero is a value ("none"). */
GOC_API const char *goc_recurrence_str(int v)
{
	return v == GOC_RECUR_NONE ? "none" : v == GOC_RECUR_ANNUAL ? "annual" : NULL;
}

GOC_API int goc_recurrence_parse(int *out, const char *name)
{
	/* shifted by one: index = value + 1 */
	static const char *const names[] = { NULL, "none", "annual" };
	int v = 0;
	int rc = goc__enum_parse(names, COUNT(names), out ? &v : NULL, "recurrence", name);
	if (rc == GOC_OK)
		*out = v - 1;
	return rc;
}

int goc__recurrence_value(const char *name)
{
	return name && strcmp(name, "annual") == 0 ? GOC_RECUR_ANNUAL : GOC_RECUR_NONE;
}

/* The tri-state's zero is a value too ("any"). */
GOC_API const char *goc_tristate_str(int v)
{
	return v == GOC_ANY ? "any" : v == GOC_YES ? "yes" : v == GOC_NO ? "no" : NULL;
}

GOC_API int goc_tristate_parse(int *out, const char *name)
{
	/* shifted by one: index = value + 1 */
	static const char *const names[] = { NULL, "any", "yes", "no" };
	int v = 0;
	int rc = goc__enum_parse(names, COUNT(names), out ? &v : NULL, "tri-state", name);
	if (rc == GOC_OK)
		*out = v - 1;
	return rc;
}

GOC_API int goc_stage_transition_allowed(int from, int to)
{
	if (from < GOC_STAGE_TARGET || from > GOC_STAGE_WITHDRAWN ||
	    to < GOC_STAGE_TARGET || to > GOC_STAGE_WITHDRAWN || from == to)
		return 0;
	if (to == GOC_STAGE_WITHDRAWN)
		return 1;
	switch (from) {
	case GOC_STAGE_TARGET:
	case GOC_STAGE_CONTACTING:
	case GOC_STAGE_NEGOTIATING:
		return to > from && to <= GOC_STAGE_APPROVED;
	case GOC_STAGE_APPROVED:
		return to == GOC_STAGE_LANDED;
	case GOC_STAGE_LANDED:
		return to == GOC_STAGE_OPERATING;
	case GOC_STAGE_WITHDRAWN:
		return to <= GOC_STAGE_NEGOTIATING;
	default:
		return 0;
	}
}
