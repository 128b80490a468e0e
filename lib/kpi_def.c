/*
 * libgoc — KPI definitions: creating, reading, listing and deleting KPIs
 * (goc_kpi_create() validates every field and filter against its
 * measure), their targets with the date each holds from, and the members
 * a KPI has rows for (groups of units expanded), and the values recorded
 * for manual KPIs (goc_measurement_record(), declared in goc/activity.h).
 * The kpis, kpi_targets and kpi_measurements tables are written here
 * only.  The rules are documented in include/goc/kpi.h.
 *
 * May call: the record layer below it (register.c for units, groups and
 * zones; plan.c for plans and tasks), the write path, SQL helpers, errors,
 * enums, the arena.  Never the other KPI files (they all call this one).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kpi_internal.h"

/* ---- definitions ---- */

void goc__kpi_read(sqlite3_stmt *st, void *row)
{
	struct goc_kpi *k = row;
	k->id = sqlite3_column_int64(st, 0);
	k->plan = goc__col_text(st, 1);
	k->code = goc__col_text(st, 2);
	k->name_zh = goc__col_text(st, 3);
	k->name_en = goc__col_text(st, 4);
	k->measure = goc__measure_value(goc__col_text(st, 5));
	k->scope = goc__scope_value(goc__col_text(st, 6));
	k->members = goc__col_text(st, 7);
	k->window = goc__window_value(goc__col_text(st, 8));
	k->start = goc__col_text(st, 9);
	k->end = goc__col_text(st, 10);
	k->baseline_date = goc__col_text(st, 11);
	k->baseline = sqlite3_column_double(st, 12);
	k->direction = goc__direction_value(goc__col_text(st, 13));
	k->weight = sqlite3_column_double(st, 14);
	k->at_risk = sqlite3_column_double(st, 15);
	k->stage = goc__col_text(st, 16);
	k->category = goc__col_text(st, 17);
	k->origin = goc__col_text(st, 18);
	k->event_kind = goc__col_text(st, 19);
	/* tristates: NULL does not filter */
	k->international = sqlite3_column_type(st, 20) == SQLITE_NULL ? GOC_ANY
	                   : sqlite3_column_int(st, 20) ? GOC_YES : GOC_NO;
	k->large = sqlite3_column_type(st, 21) == SQLITE_NULL ? GOC_ANY
	           : sqlite3_column_int(st, 21) ? GOC_YES : GOC_NO;
	k->days = sqlite3_column_int(st, 22);
	k->tasks = goc__col_text(st, 23);
	k->target_min = sqlite3_column_double(st, 24);
	k->target_max = sqlite3_column_type(st, 25) == SQLITE_NULL ? GOC_NO_MAX
	                                                          : sqlite3_column_double(st, 25);
}
const size_t goc__kpi_strs[] = {
	offsetof(struct goc_kpi, plan),      offsetof(struct goc_kpi, code),
	offsetof(struct goc_kpi, name_zh),   offsetof(struct goc_kpi, name_en),
	GOC__LIST_OFF(offsetof(struct goc_kpi, members)), offsetof(struct goc_kpi, start),
	offsetof(struct goc_kpi, end),       offsetof(struct goc_kpi, baseline_date),
	GOC__LIST_OFF(offsetof(struct goc_kpi, tasks)),     offsetof(struct goc_kpi, stage),
	offsetof(struct goc_kpi, category),  offsetof(struct goc_kpi, origin),
	offsetof(struct goc_kpi, event_kind),
};
const size_t goc__kpi_n_strs = sizeof goc__kpi_strs / sizeof goc__kpi_strs[0];

/* A KPI: its rows (one per plan with that code) with their targets and
 * manual values in the audit trail; administrators write them. */
const struct goc__kind goc__kind_kpi = {
	.name = "kpi",
	.table = "kpis", .key = "code", .multi = true,
	.extra = "'targets', (SELECT json_group_array(json_object('member', g.member,"
	         " 'valid_from', g.valid_from, 'min', g.target_min, 'max', g.target_max))"
	         " FROM kpi_targets g WHERE g.kpi_id = t.id),"
	         " 'measurements', (SELECT json_group_array(json_object('member', m.member,"
	         " 'date', m.date, 'value', m.value, 'note', m.note))"
	         " FROM kpi_measurements m WHERE m.kpi_id = t.id)",
	.read = goc__kpi_read, .cursor = CUR_KPI,
	.size = sizeof(struct goc_kpi), .strs = goc__kpi_strs,
	.n_strs = GOC__N(goc__kpi_strs),
};

/* Does the measure take this filter?  (bit per filter) */
enum { F_STAGE = 1, F_ORG = 2, F_EVENT = 4, F_DAYS = 8 };
static int measure_filters(int m)
{
	switch (m) {
	case GOC_MEASURE_ORGS_ENTERED: return F_STAGE | F_ORG;
	case GOC_MEASURE_HQ:
	case GOC_MEASURE_ORGS_LISTED: return F_ORG;
	case GOC_MEASURE_EVENTS: return F_EVENT;
	case GOC_MEASURE_REQUEST_WITHIN: return F_DAYS;
	default: return 0;
	}
}

/* Which scopes a measure can have. */
static bool scope_allowed(int m, int scope)
{
	switch (m) {
	case GOC_MEASURE_OFFICE_SPACE:
	case GOC_MEASURE_CONTACT:
		return scope == GOC_SCOPE_ZONE;
	case GOC_MEASURE_PARTNERS:
	case GOC_MEASURE_EXPERTS:
	case GOC_MEASURE_ORGS_LISTED:
		return scope == GOC_SCOPE_PLAN || scope == GOC_SCOPE_UNIT;
	case GOC_MEASURE_MANUAL:
		return scope != GOC_SCOPE_ZONES;
	default:
		return true;
	}
}

/* Check each comma-separated code of `list` with `check`. */
static int each_code(goc_db *db, const char *field, const char *list,
                     int (*check)(goc_db *, const char *, const char *, void *), void *ctx)
{
	char buf[1024];
	if (strlen(list) >= sizeof buf)
		return goc__err(db, GOC_EINVAL, "%s: list too long", field);
	snprintf(buf, sizeof buf, "%s", list);
	char *save = NULL;
	int n = 0;
	for (char *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save), n++) {
		int rc = goc__check_code(db, field, c);
		if (rc == GOC_OK)
			rc = check(db, field, c, ctx);
		if (rc != GOC_OK)
			return rc;
	}
	if (n == 0)
		return goc__err(db, GOC_EINVAL, "%s: empty list", field);
	return GOC_OK;
}

static int check_zone(goc_db *db, const char *field, const char *code, void *ctx)
{
	(void)ctx;
	return goc__zone_exists(db, field, code);
}

static int check_party(goc_db *db, const char *field, const char *code, void *ctx)
{
	(void)ctx;
	bool unit = false, group = false;
	int rc = goc__unit_code_taken(db, code, &unit);
	if (rc == GOC_OK && !unit)
		rc = goc__group_exists(db, code, &group);
	if (rc == GOC_OK && !unit && !group)
		rc = goc__err(db, GOC_ENOTFOUND, "%s: no unit or group with code '%s'", field, code);
	return rc;
}

static int check_task(goc_db *db, const char *field, const char *code, void *ctx)
{
	int64_t id;
	return goc__task_id(db, field, ctx, code, &id);
}

static bool tristate_ok(int v)
{
	return v >= GOC_ANY && v <= GOC_NO;
}

static int plan_window(goc_db *db, const char *plan, char start[11], char end[11])
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT start_date, end_date FROM plans WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	start[0] = end[0] = '\0';
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		snprintf(start, 11, "%s", goc__col_text(st, 0) ? goc__col_text(st, 0) : "");
		snprintf(end, 11, "%s", goc__col_text(st, 1) ? goc__col_text(st, 1) : "");
	} else if (r != SQLITE_DONE) {
		rc = goc__sqlerr(db, r, "reading the plan's window");
	}
	sqlite3_finalize(st);
	return rc;
}

int goc__kpi_insert(goc_db *db, const goc_kpi_fields *f, const char *prefix)
{
	char fld[160];
#define FLD(name) (snprintf(fld, sizeof fld, "%s%s", prefix, name), fld)
	if (f->version < 1 || f->version > GOC_KPI_FIELDS_VERSION)
		return goc__err(db, GOC_EINVAL, "fields: goc_kpi_fields version %u is not supported (1..%d)",
		                f->version, GOC_KPI_FIELDS_VERSION);
	int rc = goc__plan_exists(db, FLD("plan"), f->plan);
	if (rc == GOC_OK) rc = goc__check_code(db, FLD("code"), f->code);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("name_zh"), f->name_zh, true, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("name_en"), f->name_en, false, GOC_TITLE_MAX, false);
	if (rc != GOC_OK)
		return rc;
	if (!goc_measure_str(f->measure))
		return goc__err(db, GOC_EINVAL, "%s: %d is not a measure", FLD("measure"), f->measure);
	if (!goc_scope_str(f->scope))
		return goc__err(db, GOC_EINVAL, "%s: %d is not a scope", FLD("scope"), f->scope);
	if (!scope_allowed(f->measure, f->scope))
		return goc__err(db, GOC_EINVAL, "%s: measure %s cannot have scope %s", FLD("scope"),
		                goc_measure_str(f->measure), goc_scope_str(f->scope));
	if (!goc_window_str(f->window))
		return goc__err(db, GOC_EINVAL, "%s: %d is not a window", FLD("window"), f->window);
	/* members */
	if (f->scope == GOC_SCOPE_PLAN && goc__opt(f->members))
		return goc__err(db, GOC_EINVAL, "%s: a plan-wide KPI has no members", FLD("members"));
	if ((f->scope == GOC_SCOPE_UNIT || f->scope == GOC_SCOPE_ZONES) && !goc__opt(f->members))
		return goc__err(db, GOC_EINVAL, "%s: required for scope %s", FLD("members"),
		                goc_scope_str(f->scope));
	if (goc__opt(f->members))
		rc = each_code(db, FLD("members"), f->members,
		               f->scope == GOC_SCOPE_UNIT ? check_party : check_zone, NULL);
	if (rc == GOC_OK && goc__opt(f->tasks))
		rc = each_code(db, FLD("tasks"), f->tasks, check_task, (void *)f->plan);
	if (rc != GOC_OK)
		return rc;
	/* window */
	char pstart[11], pend[11];
	rc = plan_window(db, f->plan, pstart, pend);
	if (rc != GOC_OK)
		return rc;
	const char *start = goc__opt(f->start) ? f->start : (*pstart ? pstart : NULL);
	const char *end = goc__opt(f->end) ? f->end : (*pend ? pend : NULL);
	if (!start || !end)
		return goc__err(db, GOC_EINVAL, "%s: required (the plan has no window)",
		                FLD(start ? "end" : "start"));
	if ((rc = goc__check_date(db, FLD("start"), start)) != GOC_OK ||
	    (rc = goc__check_date(db, FLD("end"), end)) != GOC_OK)
		return rc;
	if (strcmp(end, start) < 0)
		return goc__err(db, GOC_EINVAL, "%s: %s is before start %s", FLD("end"), end, start);
	if (f->window == GOC_WINDOW_CUMULATIVE) {
		rc = goc__check_date(db, FLD("baseline_date"), f->baseline_date);
		if (rc != GOC_OK)
			return rc;
		if (strcmp(f->baseline_date, start) >= 0)
			return goc__err(db, GOC_EINVAL, "%s: %s must be before the window's start %s",
			                FLD("baseline_date"), f->baseline_date, start);
		if (!isfinite(f->baseline) || f->baseline < 0)
			return goc__err(db, GOC_EINVAL, "%s: must be a finite value ≥ 0", FLD("baseline"));
	} else if (goc__opt(f->baseline_date) || f->baseline != 0) {
		return goc__err(db, GOC_EINVAL, "%s: only a cumulative window has a baseline",
		                FLD("baseline_date"));
	}
	/* target, direction, weight */
	if (!isfinite(f->target_min) || f->target_min < 0)
		return goc__err(db, GOC_EINVAL, "%s: must be a finite value ≥ 0", FLD("target_min"));
	if (f->target_max != GOC_NO_MAX && (!isfinite(f->target_max) || f->target_max < f->target_min))
		return goc__err(db, GOC_EINVAL, "%s: %g is below target_min %g", FLD("target_max"),
		                f->target_max, f->target_min);
	int direction = f->direction ? f->direction
	                : f->measure == GOC_MEASURE_REQUEST_DAYS ? GOC_LOWER_IS_BETTER
	                                                         : GOC_HIGHER_IS_BETTER;
	if (!goc_direction_str(direction))
		return goc__err(db, GOC_EINVAL, "%s: %d is not a direction", FLD("direction"), direction);
	if (direction == GOC_LOWER_IS_BETTER && f->target_max != GOC_NO_MAX)
		return goc__err(db, GOC_EINVAL, "%s: a lower-is-better target has no maximum",
		                FLD("target_max"));
	if (!isfinite(f->weight) || f->weight < 0)
		return goc__err(db, GOC_EINVAL, "%s: must be ≥ 0", FLD("weight"));
	if (!isfinite(f->at_risk) || f->at_risk < 0 || f->at_risk >= 1)
		return goc__err(db, GOC_EINVAL, "%s: must be between 0 and 1 (0 for the default 0.7)",
		                FLD("at_risk"));
	/* filters that apply to the measure */
	int fl = measure_filters(f->measure);
	if (f->stage && (!(fl & F_STAGE) || !goc_stage_str(f->stage) || f->stage == GOC_STAGE_WITHDRAWN))
		return goc__err(db, GOC_EINVAL, "%s: not a stage this measure can count", FLD("stage"));
	if (f->category && (!(fl & F_ORG) || !goc_category_str(f->category)))
		return goc__err(db, GOC_EINVAL, "%s: does not apply or is not a category", FLD("category"));
	if (f->origin && (!(fl & F_ORG) || !goc_origin_str(f->origin)))
		return goc__err(db, GOC_EINVAL, "%s: does not apply or is not an origin", FLD("origin"));
	if (f->event_kind && (!(fl & F_EVENT) || !goc_event_kind_str(f->event_kind)))
		return goc__err(db, GOC_EINVAL, "%s: does not apply or is not an event kind", FLD("event_kind"));
	if (!tristate_ok(f->international) || (f->international && !(fl & F_EVENT)))
		return goc__err(db, GOC_EINVAL, "%s: does not apply or is not GOC_ANY/YES/NO", FLD("international"));
	if (!tristate_ok(f->large) || (f->large && !(fl & F_EVENT)))
		return goc__err(db, GOC_EINVAL, "%s: does not apply or is not GOC_ANY/YES/NO", FLD("large"));
	if ((fl & F_DAYS) ? f->days <= 0 : f->days != 0)
		return goc__err(db, GOC_EINVAL, "%s: %s", FLD("days"),
		                (fl & F_DAYS) ? "required, > 0" : "applies to request_within only");
	/* duplicate code */
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT 1 FROM kpis WHERE plan = ?1 AND code = ?2", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->plan);
	goc__bind_text(st, 2, f->code);
	int r = sqlite3_step(st);
	int probe = r == SQLITE_ROW || r == SQLITE_DONE
	                ? GOC_OK : goc__sqlerr(db, r, "checking for a duplicate");
	sqlite3_finalize(st);
	if (probe != GOC_OK)
		return probe;
	if (r == SQLITE_ROW)
		return goc__err(db, GOC_EEXISTS, "%s: plan '%s' already has a KPI '%s'", FLD("code"),
		                f->plan, f->code);
#undef FLD
	rc = goc__prepare(db,
	    "INSERT INTO kpis (plan, code, name_zh, name_en, measure, scope, members, window,"
	    " start_date, end_date, baseline_date, baseline, direction, weight, at_risk, stage,"
	    " category, origin, event_kind, international, large, days, tasks)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	    " ?18, ?19, ?20, ?21, ?22, ?23)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->plan);
	goc__bind_text(st, 2, f->code);
	goc__bind_text(st, 3, f->name_zh);
	goc__bind_text(st, 4, goc__opt(f->name_en));
	goc__bind_text(st, 5, goc_measure_str(f->measure));
	goc__bind_text(st, 6, goc_scope_str(f->scope));
	goc__bind_text(st, 7, goc__opt(f->members));
	goc__bind_text(st, 8, goc_window_str(f->window));
	goc__bind_text(st, 9, start);
	goc__bind_text(st, 10, end);
	goc__bind_text(st, 11, goc__opt(f->baseline_date));
	sqlite3_bind_double(st, 12, f->baseline);
	goc__bind_text(st, 13, goc_direction_str(direction));
	sqlite3_bind_double(st, 14, f->weight > 0 ? f->weight : 1.0);
	sqlite3_bind_double(st, 15, f->at_risk > 0 ? f->at_risk : 0.7);
	goc__bind_text(st, 16, f->measure == GOC_MEASURE_ORGS_ENTERED
	                            ? goc_stage_str(f->stage ? f->stage : GOC_STAGE_LANDED) : NULL);
	goc__bind_text(st, 17, f->category ? goc_category_str(f->category) : NULL);
	goc__bind_text(st, 18, f->origin ? goc_origin_str(f->origin) : NULL);
	goc__bind_text(st, 19, f->event_kind ? goc_event_kind_str(f->event_kind) : NULL);
	if (f->international)
		sqlite3_bind_int(st, 20, f->international == GOC_YES);
	if (f->large)
		sqlite3_bind_int(st, 21, f->large == GOC_YES);
	if (f->days)
		sqlite3_bind_int(st, 22, f->days);
	goc__bind_text(st, 23, goc__opt(f->tasks));
	rc = goc__step_done(db, st, "inserting a KPI");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	int64_t id = sqlite3_last_insert_rowid(db->sql);
	rc = goc__prepare(db, "INSERT INTO kpi_targets (kpi_id, member, valid_from, target_min, target_max)"
	                      " VALUES (?1, '', ?2, ?3, ?4)", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, start);
	sqlite3_bind_double(st, 3, f->target_min);
	if (f->target_max != GOC_NO_MAX)
		sqlite3_bind_double(st, 4, f->target_max);
	rc = goc__step_done(db, st, "inserting a KPI target");
	sqlite3_finalize(st);
	return rc;
}

static int kpi_create(goc_db *db, const void *fields)
{
	return goc__kpi_insert(db, fields, "");
}

GOC_API int goc_kpi_create(goc_db *db, const goc_kpi_fields *fields)
{
	return goc__write_key(db, &goc__kind_kpi, "kpi.create", fields ? fields->code : NULL,
	                      kpi_create, fields, "fields");
}

int goc__kpi_fetch(goc_db *db, const char *plan, const char *code, struct goc_kpi **out)
{
	int rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "kpi", code);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT " KPI_COLS " FROM kpis k WHERE k.plan = ?1 AND k.code = ?2", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, code);
	rc = goc__kind_fetch((void **)out, db, &goc__kind_kpi, st);
	if (rc == GOC_ENOTFOUND)
		goc__err(db, rc, "kpi: plan '%s' has no KPI '%s'", plan, code);
	return rc;
}

/* Is `member` one of the KPI's scope members (groups expanded)? */
static int member_in_scope(goc_db *db, const struct goc_kpi *k, const char *member, bool *yes);

/* A write on a KPI (plan, kpi): a target, a recorded value, a deletion. */
struct kpi_call {
	const char *plan, *kpi, *member, *date, *note;
	double min, max, value;
};

static int set_target(goc_db *db, const void *call)
{
	const struct kpi_call *c = call;
	const char *kpi = c->kpi, *member = c->member, *valid_from = c->date;
	double target_min = c->min, target_max = c->max;
	struct goc_kpi *k = NULL;
	int rc = goc__kpi_fetch(db, c->plan, kpi, &k);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "valid_from", valid_from);
	if (rc == GOC_OK && (!isfinite(target_min) || target_min < 0))
		rc = goc__err(db, GOC_EINVAL, "target_min: must be a finite value ≥ 0");
	if (rc == GOC_OK && target_max != GOC_NO_MAX &&
	    (!isfinite(target_max) || target_max < target_min))
		rc = goc__err(db, GOC_EINVAL, "target_max: %g is below target_min %g", target_max, target_min);
	if (rc == GOC_OK && target_max != GOC_NO_MAX && k->direction == GOC_LOWER_IS_BETTER)
		rc = goc__err(db, GOC_EINVAL, "target_max: a lower-is-better target has no maximum");
	if (rc == GOC_OK && member) {
		bool in = false;
		rc = goc__check_code(db, "member", member);
		if (rc == GOC_OK)
			rc = member_in_scope(db, k, member, &in);
		if (rc == GOC_OK && !in)
			rc = goc__err(db, GOC_EINVAL, "member: '%s' is not in the scope of KPI '%s'",
			              member, kpi);
	}
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "INSERT OR REPLACE INTO kpi_targets (kpi_id, member, valid_from,"
		                      " target_min, target_max) VALUES (?1, ?2, ?3, ?4, ?5)", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, k->id);
		goc__bind_text(st, 2, member ? member : "");
		goc__bind_text(st, 3, valid_from);
		sqlite3_bind_double(st, 4, target_min);
		if (target_max != GOC_NO_MAX)
			sqlite3_bind_double(st, 5, target_max);
		rc = goc__step_done(db, st, "setting a KPI target");
	}
	sqlite3_finalize(st);
	goc__free(k);
	return rc;
}

GOC_API int goc_kpi_set_target(goc_db *db, const char *plan, const char *kpi,
                               const char *member, const char *valid_from,
                               double target_min, double target_max)
{
	struct kpi_call c = { .plan = plan, .kpi = kpi, .member = member, .date = valid_from,
	                      .min = target_min, .max = target_max };
	return goc__write_key(db, &goc__kind_kpi, "kpi.set_target", kpi, set_target, &c, NULL);
}

static int kpi_delete(goc_db *db, const void *call)
{
	const struct kpi_call *c = call;
	struct goc_kpi *k = NULL;
	int rc = goc__kpi_fetch(db, c->plan, c->kpi, &k);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "DELETE FROM kpis WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, k->id);
		rc = goc__step_done(db, st, "deleting a KPI");
	}
	sqlite3_finalize(st);
	goc__free(k);
	return rc;
}

GOC_API int goc_kpi_delete(goc_db *db, const char *plan, const char *code)
{
	struct kpi_call c = { .plan = plan, .kpi = code };
	return goc__write_key(db, &goc__kind_kpi, "kpi.delete", code, kpi_delete, &c, NULL);
}

GOC_API int goc_kpi_get(goc_kpi **out, goc_db *db, const char *plan, const char *code)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	return goc__kpi_fetch(db, plan, code, out);
}

GOC_API void goc_kpi_free(goc_kpi *kpi)
{
	goc__free(kpi);
}

GOC_API int goc_kpi_list(goc_cursor **out, goc_db *db, const char *plan)
{
	int rc = goc__plan_args(db, (void **)out, plan);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT " KPI_COLS " FROM kpis k WHERE k.plan = ?1 ORDER BY k.id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	return goc__kind_cursor(out, db, &goc__kind_kpi, st);
}

GOC_API const goc_kpi *goc_cursor_kpi(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_kpi);
}

GOC_API const char *goc_kpi_code(const goc_kpi *k) { return k ? k->code : NULL; }
GOC_API const char *goc_kpi_plan(const goc_kpi *k) { return k ? k->plan : NULL; }
GOC_API const char *goc_kpi_name_zh(const goc_kpi *k) { return k ? k->name_zh : NULL; }
GOC_API const char *goc_kpi_name_en(const goc_kpi *k) { return k ? k->name_en : NULL; }
GOC_API int goc_kpi_measure(const goc_kpi *k) { return k ? k->measure : 0; }
GOC_API int goc_kpi_scope(const goc_kpi *k) { return k ? k->scope : 0; }
GOC_API const char *goc_kpi_members(const goc_kpi *k) { return k ? k->members : NULL; }
GOC_API int goc_kpi_window(const goc_kpi *k) { return k ? k->window : 0; }
GOC_API const char *goc_kpi_start(const goc_kpi *k) { return k ? k->start : NULL; }
GOC_API const char *goc_kpi_end(const goc_kpi *k) { return k ? k->end : NULL; }
GOC_API const char *goc_kpi_baseline_date(const goc_kpi *k) { return k ? k->baseline_date : NULL; }
GOC_API double goc_kpi_baseline(const goc_kpi *k) { return k ? k->baseline : 0; }
GOC_API double goc_kpi_target_min(const goc_kpi *k) { return k ? k->target_min : 0; }
GOC_API double goc_kpi_target_max(const goc_kpi *k) { return k ? k->target_max : GOC_NO_MAX; }
GOC_API int goc_kpi_direction(const goc_kpi *k) { return k ? k->direction : 0; }
GOC_API double goc_kpi_weight(const goc_kpi *k) { return k ? k->weight : 0; }
GOC_API const char *goc_kpi_tasks(const goc_kpi *k) { return k ? k->tasks : NULL; }
GOC_API int goc_kpi_member_count(const goc_kpi *k) { return k ? goc__list_count(k->members) : 0; }
GOC_API const char *goc_kpi_member_at(const goc_kpi *k, int i)
{
	return k ? goc__list_at(k->members, i) : NULL;
}
GOC_API int goc_kpi_task_count(const goc_kpi *k) { return k ? goc__list_count(k->tasks) : 0; }
GOC_API const char *goc_kpi_task_at(const goc_kpi *k, int i)
{
	return k ? goc__list_at(k->tasks, i) : NULL;
}
GOC_API double goc_kpi_at_risk(const goc_kpi *k) { return k ? k->at_risk : 0; }
GOC_API int goc_kpi_stage(const goc_kpi *k) { return k ? goc__stage_value(k->stage) : 0; }
GOC_API int goc_kpi_category(const goc_kpi *k) { return k ? goc__category_value(k->category) : 0; }
GOC_API int goc_kpi_origin(const goc_kpi *k) { return k ? goc__origin_value(k->origin) : 0; }
GOC_API int goc_kpi_event_kind(const goc_kpi *k) { return k ? goc__event_kind_value(k->event_kind) : 0; }
GOC_API int goc_kpi_international(const goc_kpi *k) { return k ? k->international : GOC_ANY; }
GOC_API int goc_kpi_large(const goc_kpi *k) { return k ? k->large : GOC_ANY; }
GOC_API int goc_kpi_days(const goc_kpi *k) { return k ? k->days : 0; }

/* ---- scope members ---- */

int goc__strlist_add(goc_db *db, struct goc__strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return GOC_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **v = goc__arena_alloc(l->arena, cap * sizeof *v);
		if (!v)
			return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = goc__arena_strdup(l->arena, s);
	if (!l->v[l->n])
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	l->n++;
	return GOC_OK;
}

/* Append the rows of a one-column query to a list. */
int goc__strlist_query(goc_db *db, struct goc__strlist *l, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, arg);
	int r = SQLITE_DONE;
	rc = goc__binds_failed(db, "listing members");
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = goc__strlist_add(db, l, goc__col_text(st, 0));
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "listing members");
	sqlite3_finalize(st);
	return rc;
}

/* The members a KPI has rows for, in order (units: groups expanded). */
int goc__kpi_scope_members(goc_db *db, const struct goc_kpi *k, struct goc__strlist *out)
{
	if (k->scope == GOC_SCOPE_PLAN || k->scope == GOC_SCOPE_ZONES)
		return GOC_OK;
	if (k->scope == GOC_SCOPE_ZONE && !k->members)
		return goc__strlist_query(db, out,
		                          "SELECT code FROM zones WHERE ?1 IS NULL ORDER BY code", NULL);
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", k->members);
	char *save = NULL;
	int rc = GOC_OK;
	for (char *c = strtok_r(buf, ",", &save); rc == GOC_OK && c; c = strtok_r(NULL, ",", &save)) {
		bool group = false;
		if (k->scope == GOC_SCOPE_UNIT)
			rc = goc__group_exists(db, c, &group);
		if (rc == GOC_OK && group)
			rc = goc__strlist_query(db, out, "SELECT unit_code FROM unit_group_members"
			                                 " WHERE group_code = ?1 ORDER BY unit_code", c);
		else if (rc == GOC_OK)
			rc = goc__strlist_add(db, out, c);
	}
	return rc;
}

static int member_in_scope(goc_db *db, const struct goc_kpi *k, const char *member, bool *yes)
{
	*yes = false;
	struct goc__strlist l = { NULL, 0, 0, goc__arena_new() };
	if (!l.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory");
	int rc = goc__kpi_scope_members(db, k, &l);
	for (size_t i = 0; rc == GOC_OK && i < l.n; i++)
		*yes = *yes || strcmp(l.v[i], member) == 0;
	goc__arena_free(l.arena);
	return rc;
}

static int kpi_has_member(goc_db *db, const char *plan, const char *kpi, const char *member,
                          bool *yes)
{
	struct goc_kpi *k = NULL;
	int rc = goc__kpi_fetch(db, plan, kpi, &k);
	if (rc == GOC_OK)
		rc = member_in_scope(db, k, member, yes);
	goc__free(k);
	return rc;
}

/* ---- manual measurements ---- */

/* A value for the whole district is stored with member ''. */
static int record_measurement(goc_db *db, const void *call)
{
	const struct kpi_call *c = call;
	const char *plan = c->plan, *kpi = c->kpi, *scope = c->member, *date = c->date,
	           *note = c->note;
	double value = c->value;
	int rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "kpi", kpi);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "date", date);
	if (rc == GOC_OK && !isfinite(value))
		rc = goc__err(db, GOC_EINVAL, "value: not a finite number");
	if (rc == GOC_OK)
		rc = goc__check_text(db, "note", note, false, GOC_NOTE_MAX, true);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db, "SELECT id, measure, scope FROM kpis WHERE plan = ?1 AND code = ?2",
	                  &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, kpi);
	int64_t kpi_id = 0;
	char scope_kind[16] = "";
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "kpi: no KPI '%s' in plan '%s'", kpi, plan);
	else if (r != SQLITE_ROW)
		rc = goc__sqlerr(db, r, "looking up a KPI");
	else if (!goc__col_text(st, 1) || strcmp(goc__col_text(st, 1), "manual") != 0)
		rc = goc__err(db, GOC_EINVAL,
		              "kpi: '%s' is measured as '%s'; only a manual KPI takes recorded values",
		              kpi, goc__col_text(st, 1) ? goc__col_text(st, 1) : "?");
	else {
		kpi_id = sqlite3_column_int64(st, 0);
		snprintf(scope_kind, sizeof scope_kind, "%s",
		         goc__col_text(st, 2) ? goc__col_text(st, 2) : "");
	}
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;

	/* The scope member: none for a district-wide KPI; a zone for a zone
	 * scope; a unit for a unit scope.  (A manual KPI has no "zones"
	 * scope: goc__kpi_insert() refuses it, and always has.) */
	const char *member = goc__opt(scope);
	bool zone = strcmp(scope_kind, "zone") == 0;
	if (strcmp(scope_kind, "plan") == 0) {
		if (member)
			return goc__err(db, GOC_EINVAL,
			                "scope: KPI '%s' is district-wide; it takes no scope member ('%s')",
			                kpi, member);
	} else if (!member) {
		return goc__err(db, GOC_EINVAL, "scope: required: KPI '%s' has one row per %s", kpi,
		                zone ? "zone" : "unit");
	} else {
		rc = goc__check_code(db, "scope", member);
		if (rc == GOC_OK)
			rc = zone ? goc__zone_exists(db, "scope", member)
			           : goc__unit_exists(db, "scope", member);
		bool in = false;
		if (rc == GOC_OK)
			rc = kpi_has_member(db, plan, kpi, member, &in);
		if (rc == GOC_OK && !in)
			rc = goc__err(db, GOC_EINVAL, "scope: '%s' is not a member of KPI '%s'", member, kpi);
		if (rc != GOC_OK)
			return rc;
	}

	rc = goc__prepare(db, "SELECT 1 FROM kpi_measurements WHERE kpi_id = ?1 AND member = ?2"
	                      " AND date = ?3", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, kpi_id);
	goc__bind_text(st, 2, member ? member : "");
	goc__bind_text(st, 3, date);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		rc = goc__err(db, GOC_EEXISTS,
		              "date: a value is already recorded for KPI '%s'%s%s on %s", kpi,
		              member ? ", member " : "", member ? member : "", date);
	else if (r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "reading measurements");
	sqlite3_finalize(st);
	if (rc == GOC_OK)
		rc = goc__prepare(db, "INSERT INTO kpi_measurements (kpi_id, member, date, value, note)"
		                      " VALUES (?1, ?2, ?3, ?4, ?5)", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, kpi_id);
	goc__bind_text(st, 2, member ? member : "");
	goc__bind_text(st, 3, date);
	sqlite3_bind_double(st, 4, value);
	goc__bind_text(st, 5, goc__opt(note));
	rc = goc__step_done(db, st, "recording a measurement");
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_measurement_record(goc_db *db, const char *plan, const char *kpi,
                                   const char *scope, const char *date, double value,
                                   const char *note)
{
	struct kpi_call c = { .plan = plan, .kpi = kpi, .member = scope, .date = date,
	                      .note = note, .value = value };
	char object[80];
	snprintf(object, sizeof object, "%s/%s", plan ? plan : "", kpi ? kpi : "");
	return goc__write_key(db, &goc__kind_kpi, "kpi.record", object, record_measurement, &c,
	                      NULL);
}

/* ---- targets in force ---- */

/* The target in force on `asof` for `member` (its own, else the default). */
int goc__kpi_target_for(goc_db *db, const struct goc_kpi *k, const char *member,
                        const char *asof, double *min, double *max)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db,
	    "SELECT target_min, target_max FROM kpi_targets WHERE kpi_id = ?1 AND member IN (?2, '')"
	    " ORDER BY valid_from <= ?3 DESC, member = ?2 DESC,"
	    "  CASE WHEN valid_from <= ?3 THEN valid_from END DESC, valid_from LIMIT 1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, k->id);
	goc__bind_text(st, 2, member ? member : "");
	goc__bind_text(st, 3, asof);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*min = sqlite3_column_double(st, 0);
		*max = sqlite3_column_type(st, 1) == SQLITE_NULL ? GOC_NO_MAX : sqlite3_column_double(st, 1);
	} else if (r == SQLITE_DONE) {
		rc = goc__err(db, GOC_ECORRUPT, "KPI '%s' has no target (the database was edited by hand?)",
		              k->code);
	} else {
		rc = goc__sqlerr(db, r, "reading a KPI target");
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- comma lists ---- */

/* Does comma list `list` contain `code`? */
bool goc__kpi_list_has(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len == n && strncmp(p, code, n) == 0)
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}
