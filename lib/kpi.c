/*
 * libgoc — KPI definitions, targets with their validity, evaluation as of a
 * date, and scorecards.  The rules are documented in include/goc/kpi.h;
 * this file implements them in that order: definitions, measures (fixed
 * SQL per measure, parameters bound by name), rows, status and scores,
 * roll-ups.
 */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plandoc.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- dates as day numbers ---- */

/* Days since 1970-01-01 of a valid YYYY-MM-DD (H. Hinnant's algorithm). */
static long day_number(const char *d)
{
	long y = atol(d), m = atol(d + 5), dd = atol(d + 8);
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400; /* GCOVR_EXCL_BR_LINE: dates are checked to years 1900-2999, y >= 0 */
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static const char *min_date(const char *a, const char *b)
{
	return strcmp(a, b) <= 0 ? a : b;
}

/* ---- definitions ---- */

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

#define KPI_COLS                                                                      \
	"k.id, k.plan, k.code, k.name_zh, k.name_en, k.measure, k.scope, k.members,"   \
	" k.window, k.start_date, k.end_date, k.baseline_date, k.baseline, k.direction," \
	" k.weight, k.at_risk, k.stage, k.category, k.origin, k.event_kind,"           \
	" k.international, k.large, k.days, k.tasks,"                                   \
	" (SELECT t.target_min FROM kpi_targets t WHERE t.kpi_id = k.id AND t.member = ''" \
	"   ORDER BY t.valid_from LIMIT 1),"                                           \
	" (SELECT t.target_max FROM kpi_targets t WHERE t.kpi_id = k.id AND t.member = ''" \
	"   ORDER BY t.valid_from LIMIT 1)"

static void read_kpi(sqlite3_stmt *st, void *row)
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
static const size_t kpi_strs[] = {
	offsetof(struct goc_kpi, plan),      offsetof(struct goc_kpi, code),
	offsetof(struct goc_kpi, name_zh),   offsetof(struct goc_kpi, name_en),
	offsetof(struct goc_kpi, members),   offsetof(struct goc_kpi, start),
	offsetof(struct goc_kpi, end),       offsetof(struct goc_kpi, baseline_date),
	offsetof(struct goc_kpi, tasks),     offsetof(struct goc_kpi, stage),
	offsetof(struct goc_kpi, category),  offsetof(struct goc_kpi, origin),
	offsetof(struct goc_kpi, event_kind),
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

static int kpi_insert(goc_db *db, const goc_kpi_fields *f, const char *prefix)
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
	if (f->scope == GOC_SCOPE_PLAN && opt(f->members))
		return goc__err(db, GOC_EINVAL, "%s: a plan-wide KPI has no members", FLD("members"));
	if ((f->scope == GOC_SCOPE_UNIT || f->scope == GOC_SCOPE_ZONES) && !opt(f->members))
		return goc__err(db, GOC_EINVAL, "%s: required for scope %s", FLD("members"),
		                goc_scope_str(f->scope));
	if (opt(f->members))
		rc = each_code(db, FLD("members"), f->members,
		               f->scope == GOC_SCOPE_UNIT ? check_party : check_zone, NULL);
	if (rc == GOC_OK && opt(f->tasks))
		rc = each_code(db, FLD("tasks"), f->tasks, check_task, (void *)f->plan);
	if (rc != GOC_OK)
		return rc;
	/* window */
	char pstart[11], pend[11];
	rc = plan_window(db, f->plan, pstart, pend);
	if (rc != GOC_OK)
		return rc;
	const char *start = opt(f->start) ? f->start : (*pstart ? pstart : NULL);
	const char *end = opt(f->end) ? f->end : (*pend ? pend : NULL);
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
	} else if (opt(f->baseline_date) || f->baseline != 0) {
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
	goc__bind_text(st, 4, opt(f->name_en));
	goc__bind_text(st, 5, goc_measure_str(f->measure));
	goc__bind_text(st, 6, goc_scope_str(f->scope));
	goc__bind_text(st, 7, opt(f->members));
	goc__bind_text(st, 8, goc_window_str(f->window));
	goc__bind_text(st, 9, start);
	goc__bind_text(st, 10, end);
	goc__bind_text(st, 11, opt(f->baseline_date));
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
	goc__bind_text(st, 23, opt(f->tasks));
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

GOC_API int goc_kpi_create(goc_db *db, const goc_kpi_fields *fields)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!fields)
		return goc__err(db, GOC_EINVAL, "fields: must not be NULL");
	struct goc__write w;
	rc = goc__write_begin(db, &w, "kpi.create", "kpi");
	if (rc == GOC_OK) {
		goc__write_object(db, &w, fields->code);
		rc = kpi_insert(db, fields, "");
	}
	return goc__write_end(db, &w, rc);
}

static int kpi_fetch(goc_db *db, const char *plan, const char *code, struct goc_kpi **out)
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
	struct goc_kpi row;
	rc = goc__fetch_one(db, st, read_kpi, &row, sizeof row, kpi_strs, COUNT(kpi_strs),
	                    (void **)out, "kpi");
	if (rc == GOC_ENOTFOUND)
		goc__err(db, rc, "kpi: plan '%s' has no KPI '%s'", plan, code);
	return rc;
}

/* Is `member` one of the KPI's scope members (groups expanded)? */
static int member_in_scope(goc_db *db, const struct goc_kpi *k, const char *member, bool *yes);

GOC_API int goc_kpi_set_target(goc_db *db, const char *plan, const char *kpi,
                               const char *member, const char *valid_from,
                               double target_min, double target_max)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	struct goc__write w;
	rc = goc__write_begin(db, &w, "kpi.set_target", "kpi");
	if (rc != GOC_OK)
		return rc;
	goc__write_object(db, &w, kpi);
	struct goc_kpi *k = NULL;
	rc = kpi_fetch(db, plan, kpi, &k);
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
	return goc__write_end(db, &w, rc);
}

GOC_API int goc_kpi_delete(goc_db *db, const char *plan, const char *code)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	struct goc__write w;
	rc = goc__write_begin(db, &w, "kpi.delete", "kpi");
	if (rc != GOC_OK)
		return rc;
	goc__write_object(db, &w, code);
	struct goc_kpi *k = NULL;
	rc = kpi_fetch(db, plan, code, &k);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "DELETE FROM kpis WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, k->id);
		rc = goc__step_done(db, st, "deleting a KPI");
	}
	sqlite3_finalize(st);
	goc__free(k);
	return goc__write_end(db, &w, rc);
}

GOC_API int goc_kpi_get(goc_kpi **out, goc_db *db, const char *plan, const char *code)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	return kpi_fetch(db, plan, code, out);
}

GOC_API void goc_kpi_free(goc_kpi *kpi)
{
	goc__free(kpi);
}

GOC_API int goc_kpi_list(goc_cursor **out, goc_db *db, const char *plan)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	rc = goc__plan_exists(db, "plan", plan);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT " KPI_COLS " FROM kpis k WHERE k.plan = ?1 ORDER BY k.id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	return goc__cursor_new(out, db, st, CUR_KPI, read_kpi);
}

GOC_API const goc_kpi *goc_cursor_kpi(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_KPI);
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
GOC_API double goc_kpi_at_risk(const goc_kpi *k) { return k ? k->at_risk : 0; }
GOC_API int goc_kpi_stage(const goc_kpi *k) { return k ? goc__stage_value(k->stage) : 0; }
GOC_API int goc_kpi_category(const goc_kpi *k) { return k ? goc__category_value(k->category) : 0; }
GOC_API int goc_kpi_origin(const goc_kpi *k) { return k ? goc__origin_value(k->origin) : 0; }
GOC_API int goc_kpi_event_kind(const goc_kpi *k) { return k ? goc__event_kind_value(k->event_kind) : 0; }
GOC_API int goc_kpi_international(const goc_kpi *k) { return k ? k->international : GOC_ANY; }
GOC_API int goc_kpi_large(const goc_kpi *k) { return k ? k->large : GOC_ANY; }
GOC_API int goc_kpi_days(const goc_kpi *k) { return k ? k->days : 0; }

/* ---- scope members ---- */

struct strlist {
	char **v;
	size_t n, cap;
	struct goc__arena *arena;
};

static int strlist_add(goc_db *db, struct strlist *l, const char *s)
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
static int strlist_query(goc_db *db, struct strlist *l, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, arg);
	int r = SQLITE_DONE;
	rc = goc__binds_failed(db, "listing members");
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = strlist_add(db, l, goc__col_text(st, 0));
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "listing members");
	sqlite3_finalize(st);
	return rc;
}

/* The members a KPI has rows for, in order (units: groups expanded). */
static int scope_members(goc_db *db, const struct goc_kpi *k, struct strlist *out)
{
	if (k->scope == GOC_SCOPE_PLAN || k->scope == GOC_SCOPE_ZONES)
		return GOC_OK;
	if (k->scope == GOC_SCOPE_ZONE && !k->members)
		return strlist_query(db, out, "SELECT code FROM zones WHERE ?1 IS NULL ORDER BY code", NULL);
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", k->members);
	char *save = NULL;
	int rc = GOC_OK;
	for (char *c = strtok_r(buf, ",", &save); rc == GOC_OK && c; c = strtok_r(NULL, ",", &save)) {
		bool group = false;
		if (k->scope == GOC_SCOPE_UNIT)
			rc = goc__group_exists(db, c, &group);
		if (rc == GOC_OK && group)
			rc = strlist_query(db, out, "SELECT unit_code FROM unit_group_members"
			                            " WHERE group_code = ?1 ORDER BY unit_code", c);
		else if (rc == GOC_OK)
			rc = strlist_add(db, out, c);
	}
	return rc;
}

static int member_in_scope(goc_db *db, const struct goc_kpi *k, const char *member, bool *yes)
{
	*yes = false;
	struct strlist l = { NULL, 0, 0, goc__arena_new() };
	if (!l.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory");
	int rc = scope_members(db, k, &l);
	for (size_t i = 0; rc == GOC_OK && i < l.n; i++)
		*yes = *yes || strcmp(l.v[i], member) == 0;
	goc__arena_free(l.arena);
	return rc;
}

int goc__kpi_has_member(goc_db *db, const char *plan, const char *kpi, const char *member,
                        bool *yes)
{
	struct goc_kpi *k = NULL;
	int rc = kpi_fetch(db, plan, kpi, &k);
	if (rc == GOC_OK)
		rc = member_in_scope(db, k, member, yes);
	goc__free(k);
	return rc;
}

/* ---- measures ---- */

/* Latest stage of an organization as of :asof, ranked in the pipeline
 * (withdrawn ranks 0). */
#define RANK_AS_OF(org)                                                                    \
	"(SELECT CASE h2.to_stage WHEN 'target' THEN 1 WHEN 'contacting' THEN 2"            \
	" WHEN 'negotiating' THEN 3 WHEN 'approved' THEN 4 WHEN 'landed' THEN 5"            \
	" WHEN 'operating' THEN 6 ELSE 0 END FROM stage_history h2 WHERE h2.org_id = " org    \
	" AND h2.date <= :asof ORDER BY h2.date DESC, h2.seq DESC LIMIT 1)"

/* Per-row SQL of the measures that are not counted by groups (see
 * grouped_sql() for the others). */
static const char *const measure_sql[] = {
	[GOC_MEASURE_REQUEST_DAYS] =
	    "SELECT CAST(julianday(r.resolved) - julianday(r.opened) AS INTEGER) AS d"
	    " FROM service_requests r JOIN organizations o ON o.id = r.org_id"
	    " WHERE r.resolved BETWEEN :from AND :to"
	    " AND (:zone IS NULL OR o.zone = :zone)"
	    " AND (:zones IS NULL OR instr(',' || :zones || ',', ',' || o.zone || ',') > 0)"
	    " AND (:unit IS NULL OR r.unit = :unit) ORDER BY d",
	[GOC_MEASURE_REQUEST_WITHIN] =
	    "SELECT CAST(julianday(r.resolved) - julianday(r.opened) AS INTEGER) AS d"
	    " FROM service_requests r JOIN organizations o ON o.id = r.org_id"
	    " WHERE r.resolved BETWEEN :from AND :to"
	    " AND (:zone IS NULL OR o.zone = :zone)"
	    " AND (:zones IS NULL OR instr(',' || :zones || ',', ',' || o.zone || ',') > 0)"
	    " AND (:unit IS NULL OR r.unit = :unit) ORDER BY d",
	[GOC_MEASURE_OFFICE_SPACE] =
	    "SELECT office_space FROM zone_facts WHERE zone = :zone AND date <= :asof"
	    " ORDER BY date DESC LIMIT 1",
	[GOC_MEASURE_CONTACT] =
	    "SELECT contact IS NOT NULL AND contact <> '' FROM zone_facts WHERE zone = :zone"
	    " AND date <= :asof ORDER BY date DESC LIMIT 1",
	[GOC_MEASURE_MANUAL] =
	    "SELECT value FROM kpi_measurements WHERE kpi_id = :kpi AND member = :member"
	    " AND date BETWEEN :from AND :to ORDER BY date DESC LIMIT 1",
};

static void bind_name_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		goc__bind_text(st, i, v);
}

static void bind_name_int(sqlite3_stmt *st, const char *name, int v, bool null)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i && !null)
		sqlite3_bind_int(st, i, v);
}

/* Bind the window, the as-of date and the KPI's filters (those the
 * statement names). */
static void bind_kpi(sqlite3_stmt *st, const struct goc_kpi *k, const char *from, const char *to,
                     const char *asof)
{
	bind_name_text(st, ":from", from);
	bind_name_text(st, ":to", to);
	bind_name_text(st, ":asof", asof);
	bind_name_text(st, ":category", k->category);
	bind_name_text(st, ":origin", k->origin);
	bind_name_text(st, ":stage", k->stage);
	bind_name_int(st, ":rank", goc__stage_value(k->stage), false);
	bind_name_text(st, ":kind", k->event_kind);
	bind_name_int(st, ":intl", k->international == GOC_YES, k->international == GOC_ANY);
	bind_name_int(st, ":large", k->large == GOC_YES, k->large == GOC_ANY);
}

/*
 * Measure one row: the KPI k for `member` over [from, to], as of `asof`.
 * `has_data` is false when the measure has nothing to say yet (no request
 * resolved in the window); a zone without a statement, or a manual KPI
 * without a value, measures 0.
 */
static int measure(goc_db *db, const struct goc_kpi *k, const char *member, const char *from,
                   const char *to, const char *asof, double *value, bool *has_data)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, measure_sql[k->measure], &st);
	if (rc != GOC_OK)
		return rc;
	bool zone = k->scope == GOC_SCOPE_ZONE, unit = k->scope == GOC_SCOPE_UNIT;
	bind_kpi(st, k, from, to, asof);
	bind_name_text(st, ":zone", zone ? member : NULL);
	bind_name_text(st, ":zones", k->scope == GOC_SCOPE_ZONES ? k->members : NULL);
	bind_name_text(st, ":unit", unit ? member : NULL);
	bind_name_text(st, ":member", member ? member : "");
	int i = sqlite3_bind_parameter_index(st, ":kpi");
	if (i)
		sqlite3_bind_int64(st, i, k->id);
	*value = 0;
	*has_data = true;
	if (k->measure == GOC_MEASURE_REQUEST_DAYS || k->measure == GOC_MEASURE_REQUEST_WITHIN) {
		/* the rows come sorted: median or share within `days` */
		size_t n = 0, within = 0, cap = 64;
		int *d = goc__malloc(cap * sizeof *d);
		int r;
		while (d && (r = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				int *nd = sqlite3_realloc64(d, 2 * cap * sizeof *d);
				if (!nd) {
					goc__free(d);
					d = NULL;
					break;
				}
				d = nd;
				cap *= 2;
			}
			d[n] = sqlite3_column_int(st, 0);
			within += d[n] <= k->days;
			n++;
		}
		if (!d)
			rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
		else if (r != SQLITE_DONE)
			rc = goc__sqlerr(db, r, "measuring");
		else if (n == 0)
			*has_data = false;
		else if (k->measure == GOC_MEASURE_REQUEST_DAYS)
			*value = n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2.0;
		else
			*value = 100.0 * (double)within / (double)n;
		goc__free(d);
	} else {
		int r = sqlite3_step(st);
		if (r == SQLITE_ROW)
			*value = sqlite3_column_double(st, 0);
		else if (r != SQLITE_DONE) /* no row: 0 (no zone statement, no value) */
			rc = goc__sqlerr(db, r, "measuring");
	}
	sqlite3_finalize(st);
	return rc;
}

/* The target in force on `asof` for `member` (its own, else the default). */
static int target_for(goc_db *db, const struct goc_kpi *k, const char *member, const char *asof,
                      double *min, double *max)
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

/* ---- status and score ---- */

static void judge(const struct goc_kpi *k, struct goc_kpi_row *row, const char *asof,
                  bool has_data, double baseline, const char *count_from)
{
	double min = row->target_min, max = row->target_max;
	bool open = strcmp(asof, row->end) < 0;
	row->score = -1;
	if (strcmp(asof, count_from) < 0) {
		row->status = GOC_STATUS_NOT_STARTED;
		row->expected = 0;
		return;
	}
	double a = row->actual;
	if (k->direction == GOC_LOWER_IS_BETTER) {
		row->expected = min;
		if (!has_data) {
			row->status = GOC_STATUS_NOT_STARTED;
			return;
		}
		row->attainment = a > 0 ? min / a : 0;
		if (a <= min) {
			row->status = GOC_STATUS_MET;
			row->score = 1;
		} else if (!open) {
			row->status = GOC_STATUS_MISSED;
			row->score = a > 0 ? fmin(1, min / a) : 0; /* GCOVR_EXCL_BR_LINE: here a > min >= 0 */
		} else {
			row->status = a * k->at_risk <= min ? GOC_STATUS_AT_RISK : GOC_STATUS_BEHIND;
			row->score = a > 0 ? fmin(1, min / a) : 0; /* GCOVR_EXCL_BR_LINE: here a > min >= 0 */
		}
		return;
	}
	long d0 = day_number(count_from), d1 = day_number(row->end);
	long dn = day_number(min_date(asof, row->end));
	double share = (double)(dn - d0 + 1) / (double)(d1 - d0 + 1);
	row->expected = baseline + (min - baseline) * share;
	if (!has_data) {
		row->status = GOC_STATUS_NOT_STARTED;
		return;
	}
	row->attainment = min > 0 ? a / min : (a >= min ? 1 : 0); /* GCOVR_EXCL_BR_LINE: a >= 0 = min when min is not > 0 */
	if (a >= min && (max == GOC_NO_MAX || a <= max)) {
		row->status = GOC_STATUS_MET;
		row->score = 1;
	} else if (a >= min) {
		row->status = GOC_STATUS_EXCEEDED;
		row->score = 1;
	} else if (!open) {
		row->status = GOC_STATUS_MISSED;
		row->score = min > 0 ? fmin(1, a / min) : 0; /* GCOVR_EXCL_BR_LINE: here 0 <= a < min */
	} else if (a >= row->expected) {
		row->status = GOC_STATUS_ON_TRACK;
		row->score = 1;
	} else {
		row->status = a >= k->at_risk * row->expected ? GOC_STATUS_AT_RISK : GOC_STATUS_BEHIND;
		row->score = row->expected > 0 ? fmin(1, a / row->expected) : 0; /* GCOVR_EXCL_BR_LINE: here 0 <= a < expected */
	}
}

/* Severity for roll-ups: larger is worse. */
static int severity(int status)
{
	switch (status) {
	case GOC_STATUS_MISSED: return 7;
	case GOC_STATUS_BEHIND: return 6;
	case GOC_STATUS_AT_RISK: return 5;
	case GOC_STATUS_ON_TRACK: return 4;
	case GOC_STATUS_NOT_STARTED: return 3;
	case GOC_STATUS_MET: return 2;
	case GOC_STATUS_EXCEEDED: return 1;
	default: return 0;
	}
}

/* The status of a set of rows, given their counts by status. */
static int rollup_status(const int counts[8])
{
	int worst = 0;
	for (int s = 1; s < 8; s++)
		if (counts[s] && severity(s) > severity(worst))
			worst = s;
	if (worst == GOC_STATUS_NOT_STARTED &&
	    (counts[GOC_STATUS_MET] || counts[GOC_STATUS_EXCEEDED]))
		return GOC_STATUS_ON_TRACK;
	return worst;
}

/* ---- evaluation ---- */

struct rowvec {
	struct goc__arena *arena;
	struct goc_kpi_row *v;
	size_t n, cap;
	/* parallel: the KPI index of each row (for roll-ups) */
	size_t *kpi;
	/* grouped counts already measured in this evaluation */
	struct grouped *memo;
};

static int rowvec_push(goc_db *db, struct rowvec *rv, const struct goc_kpi_row *row, size_t kpi)
{
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 32;
		struct goc_kpi_row *v = goc__arena_alloc(rv->arena, cap * sizeof *v);
		size_t *ki = goc__arena_alloc(rv->arena, cap * sizeof *ki);
		if (!v || !ki)
			return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
		if (rv->n) {
			memcpy(v, rv->v, rv->n * sizeof *v);
			memcpy(ki, rv->kpi, rv->n * sizeof *ki);
		}
		rv->v = v;
		rv->kpi = ki;
		rv->cap = cap;
	}
	rv->v[rv->n] = *row;
	rv->kpi[rv->n] = kpi;
	rv->n++;
	return GOC_OK;
}

/*
 * Counting measures, grouped.  One query counts a measure (with its
 * filters, over one window, as of one date) for every zone or every unit
 * at once; every row that needs those numbers — the plan's total, each
 * member of a zone or unit scope, a group of zones — reads them from the
 * result, kept for the rest of the evaluation: a zone or unit member
 * reads its group (0 if it has none), `zones` the groups of its zones,
 * the plan the sum of all groups (rows without a zone included).  One
 * pass instead of one per row; the query shapes let the indexes of
 * schema 4 serve (bench/RESULTS.md has the figures).
 */
static bool list_has(const char *list, const char *code);

struct grouped {
	struct grouped *next;
	char *key;
	size_t n;
	char **member; /* NULL: the group of rows without a zone (or unit) */
	double *count;
	double total;
};

static bool grouped_measure(int m)
{
	return m == GOC_MEASURE_ORGS_ENTERED || m == GOC_MEASURE_HQ ||
	       m == GOC_MEASURE_ORGS_LISTED || m == GOC_MEASURE_PARTNERS ||
	       m == GOC_MEASURE_EXPERTS || m == GOC_MEASURE_EVENTS;
}

/* Filters of organizations and events, only those the KPI sets (so that
 * the query planner sees plain comparisons and can use the indexes). */
static void org_filters(char *sql, size_t size, const struct goc_kpi *k)
{
	if (k->category)
		strncat(sql, " AND o.category = :category", size - strlen(sql) - 1);
	if (k->origin)
		strncat(sql, " AND o.origin = :origin", size - strlen(sql) - 1);
}

static void event_filters(char *sql, size_t size, const struct goc_kpi *k)
{
	if (k->event_kind)
		strncat(sql, " AND e.kind = :kind", size - strlen(sql) - 1);
	if (k->international != GOC_ANY)
		strncat(sql, " AND e.international = :intl", size - strlen(sql) - 1);
	if (k->large != GOC_ANY)
		strncat(sql, " AND e.large = :large", size - strlen(sql) - 1);
}

static void grouped_sql(char *sql, size_t size, const struct goc_kpi *k, bool by_unit)
{
	const char *dim = by_unit ? "o.unit" : "o.zone";
	switch (k->measure) {
	case GOC_MEASURE_ORGS_ENTERED:
		/* the organizations (each once, in id order: the stage checks then
		 * read the history index in order) */
		snprintf(sql, size, "SELECT %s, count(*) FROM organizations o WHERE o.id IN"
		         " (SELECT h.org_id FROM stage_history h WHERE h.to_stage = :stage"
		         "  AND h.date BETWEEN :from AND :to) AND " RANK_AS_OF("o.id") " >= :rank", dim);
		org_filters(sql, size, k);
		break;
	case GOC_MEASURE_HQ:
		snprintf(sql, size, "SELECT %s, count(*) FROM hq_milestones m"
		         " JOIN organizations o ON o.id = m.org_id WHERE m.date BETWEEN :from AND :to"
		         " AND " RANK_AS_OF("m.org_id") " > 0", dim);
		org_filters(sql, size, k);
		break;
	case GOC_MEASURE_ORGS_LISTED:
		snprintf(sql, size, "SELECT %s, count(*) FROM organizations o WHERE o.created <= :to", dim);
		org_filters(sql, size, k);
		break;
	case GOC_MEASURE_PARTNERS:
		snprintf(sql, size, "SELECT p.unit, count(*) FROM partners p"
		         " WHERE p.date BETWEEN :from AND :to");
		break;
	case GOC_MEASURE_EXPERTS:
		snprintf(sql, size, "SELECT e.unit, count(*) FROM experts e"
		         " WHERE e.date BETWEEN :from AND :to");
		break;
	default: /* events: by zone, or by organizing unit */
		snprintf(sql, size, by_unit
		         ? "SELECT g.unit, count(*) FROM events e JOIN event_organizers g ON g.event_id = e.id"
		           " WHERE e.date BETWEEN :from AND :to"
		         : "SELECT e.zone, count(*) FROM events e WHERE e.date BETWEEN :from AND :to");
		event_filters(sql, size, k);
		break;
	}
	strncat(sql, " GROUP BY 1", size - strlen(sql) - 1);
}

/* The grouped counts for KPI k over [from, to] as of asof, from the memo
 * or measured now. */
static int grouped_counts(goc_db *db, struct rowvec *rv, const struct goc_kpi *k,
                          const char *from, const char *to, const char *asof,
                          const struct grouped **out)
{
	bool by_unit = k->scope == GOC_SCOPE_UNIT;
	char key[512];
	snprintf(key, sizeof key, "%d|%d|%s|%s|%s|%s|%s|%s|%s|%d|%d", k->measure, by_unit, from, to,
	         asof, k->stage ? k->stage : "", k->category ? k->category : "",
	         k->origin ? k->origin : "", k->event_kind ? k->event_kind : "", k->international,
	         k->large);
	for (struct grouped *g = rv->memo; g; g = g->next)
		if (strcmp(g->key, key) == 0) {
			*out = g;
			return GOC_OK;
		}
	char sql[2048] = "";
	grouped_sql(sql, sizeof sql, k, by_unit);
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	bind_kpi(st, k, from, to, asof);
	struct grouped *g = goc__arena_alloc(rv->arena, sizeof *g);
	if (!g || !(g->key = goc__arena_strdup(rv->arena, key))) {
		sqlite3_finalize(st);
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	}
	g->n = 0;
	g->total = 0;
	size_t cap = 0;
	int r;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (g->n == cap) {
			cap = cap ? 2 * cap : 32;
			char **m = goc__arena_alloc(rv->arena, cap * sizeof *m);
			double *c = goc__arena_alloc(rv->arena, cap * sizeof *c);
			if (!m || !c) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
				break;
			}
			if (g->n) {
				memcpy(m, g->member, g->n * sizeof *m);
				memcpy(c, g->count, g->n * sizeof *c);
			}
			g->member = m;
			g->count = c;
		}
		const char *member = goc__col_text(st, 0);
		g->member[g->n] = member ? goc__arena_strdup(rv->arena, member) : NULL;
		if (member && !g->member[g->n]) {
			rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
			break;
		}
		g->count[g->n] = sqlite3_column_double(st, 1);
		g->total += g->count[g->n];
		g->n++;
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "measuring");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	g->next = rv->memo;
	rv->memo = g;
	*out = g;
	return GOC_OK;
}

/* A row's value from the grouped counts: the plan's total, one member's
 * group, or the groups of the member zones together. */
static double grouped_value(const struct goc_kpi *k, const struct grouped *g, const char *member)
{
	if (k->scope == GOC_SCOPE_PLAN)
		return g->total;
	double v = 0;
	for (size_t i = 0; i < g->n; i++)
		if (g->member[i] && (k->scope == GOC_SCOPE_ZONES ? list_has(member, g->member[i])
		                                                 : strcmp(g->member[i], member) == 0))
			v += g->count[i];
	return v;
}

static int eval_row(goc_db *db, struct rowvec *rv, size_t ki, const struct goc_kpi *k,
                    const char *member, int year, const char *start, const char *end,
                    const char *asof)
{
	struct goc_kpi_row row;
	memset(&row, 0, sizeof row);
	row.kpi = goc__arena_strdup(rv->arena, k->code);
	row.member = member ? goc__arena_strdup(rv->arena, member) : NULL;
	row.start = goc__arena_strdup(rv->arena, start);
	row.end = goc__arena_strdup(rv->arena, end);
	if (!row.kpi || !row.start || !row.end || (member && !row.member))
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	row.year = year;
	int rc = target_for(db, k, k->scope == GOC_SCOPE_ZONES ? NULL : member, asof,
	                    &row.target_min, &row.target_max);
	if (rc != GOC_OK)
		return rc;
	double baseline = k->window == GOC_WINDOW_CUMULATIVE ? k->baseline : 0;
	double value = 0;
	bool has_data = true;
	if (strcmp(asof, start) >= 0 && grouped_measure(k->measure)) {
		const struct grouped *g;
		rc = grouped_counts(db, rv, k, start, min_date(asof, end), asof, &g);
		if (rc != GOC_OK)
			return rc;
		value = grouped_value(k, g, member);
	} else if (strcmp(asof, start) >= 0) {
		rc = measure(db, k, member, start, min_date(asof, end), asof, &value, &has_data);
		if (rc != GOC_OK)
			return rc;
	}
	row.actual = baseline + value;
	judge(k, &row, asof, has_data, baseline, start);
	return rowvec_push(db, rv, &row, ki);
}

static int eval_kpi(goc_db *db, struct rowvec *rv, size_t ki, const struct goc_kpi *k,
                    const char *asof)
{
	struct strlist members = { NULL, 0, 0, rv->arena };
	int rc = scope_members(db, k, &members);
	if (rc != GOC_OK)
		return rc;
	size_t n = k->scope == GOC_SCOPE_PLAN || k->scope == GOC_SCOPE_ZONES ? 1 : members.n;
	for (size_t m = 0; rc == GOC_OK && m < n; m++) {
		const char *member = k->scope == GOC_SCOPE_PLAN ? NULL
		                     : k->scope == GOC_SCOPE_ZONES ? k->members : members.v[m];
		if (k->window != GOC_WINDOW_ANNUAL) {
			rc = eval_row(db, rv, ki, k, member, 0, k->start, k->end, asof);
			continue;
		}
		int y0 = atoi(k->start), y1 = atoi(k->end);
		for (int y = y0; rc == GOC_OK && y <= y1; y++) {
			char ys[11], ye[11];
			snprintf(ys, sizeof ys, "%04d-01-01", y);
			snprintf(ye, sizeof ye, "%04d-12-31", y);
			rc = eval_row(db, rv, ki, k, member, y, y == y0 ? k->start : ys,
			              y == y1 ? k->end : ye, asof);
		}
	}
	return rc;
}

/* Read the KPIs of a plan (or one) into an array in the arena. */
static int load_kpis(goc_db *db, struct goc__arena *arena, const char *plan, const char *one,
                     struct goc_kpi ***out, size_t *n)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT " KPI_COLS " FROM kpis k WHERE k.plan = ?1"
	                          " AND (?2 IS NULL OR k.code = ?2) ORDER BY k.id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, one);
	size_t cap = 0;
	struct goc_kpi **v = NULL;
	*n = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct goc_kpi **nv = goc__arena_alloc(arena, cap * sizeof *nv);
			if (!nv) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
				break;
			}
			if (*n)
				memcpy(nv, v, *n * sizeof *nv);
			v = nv;
		}
		struct goc_kpi row;
		memset(&row, 0, sizeof row);
		read_kpi(st, &row);
		/* copy into the arena (record_dup uses the heap: copy strings here) */
		struct goc_kpi *k = goc__arena_alloc(arena, sizeof *k);
		if (!k) {
			rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
			break;
		}
		*k = row;
		for (int i = 0; i < COUNT(kpi_strs); i++) {
			const char **f = (const char **)(void *)((char *)k + kpi_strs[i]);
			if (*f && !(*f = goc__arena_strdup(arena, *f))) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
				break;
			}
		}
		if (rc != GOC_OK)
			break;
		v[(*n)++] = k;
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "reading KPIs");
	sqlite3_finalize(st);
	*out = v;
	return rc;
}

static void free_arena(void *a)
{
	goc__arena_free(a);
}

/* Evaluate the KPIs of a plan (or one) as of a date into rv. */
static int evaluate(goc_db *db, const char *plan, const char *one, const char *asof,
                    struct rowvec *rv, struct goc_kpi ***kpis, size_t *n_kpis)
{
	int rc = load_kpis(db, rv->arena, plan, one, kpis, n_kpis);
	for (size_t i = 0; rc == GOC_OK && i < *n_kpis; i++)
		rc = eval_kpi(db, rv, i, (*kpis)[i], asof);
	/* before a scorecard calls other public functions (a new start) */
	if (rc == GOC_OK)
		rc = goc__binds_failed(db, "evaluating KPIs");
	return rc;
}

static int eval_args(goc_db *db, const void *out, const char *plan, const char *asof)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "as_of", asof);
	return rc;
}

/* Run the evaluation in one read transaction (a consistent snapshot). */
static int snapshot_begin(goc_db *db, bool *own)
{
	*own = sqlite3_get_autocommit(db->sql) != 0;
	return *own ? goc__exec(db, "BEGIN", "evaluating KPIs") : GOC_OK;
}

static void snapshot_end(goc_db *db, bool own)
{
	if (own)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
}

GOC_API int goc_kpi_evaluate(goc_cursor **out, goc_db *db, const char *plan, const char *kpi,
                             const char *as_of)
{
	if (out)
		*out = NULL;
	int rc = eval_args(db, out, plan, as_of);
	if (rc == GOC_OK && kpi) {
		struct goc_kpi *k = NULL;
		rc = kpi_fetch(db, plan, kpi, &k);
		goc__free(k);
	}
	if (rc != GOC_OK)
		return rc;
	struct rowvec rv = { goc__arena_new(), NULL, 0, 0, NULL, NULL };
	if (!rv.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	struct goc_kpi **kpis = NULL;
	size_t n_kpis = 0;
	bool own = false;
	rc = snapshot_begin(db, &own);
	if (rc == GOC_OK) {
		rc = evaluate(db, plan, kpi, as_of, &rv, &kpis, &n_kpis);
		snapshot_end(db, own);
	}
	if (rc != GOC_OK) {
		goc__arena_free(rv.arena);
		return rc;
	}
	return goc__cursor_new_items(out, db, CUR_KPI_ROW, rv.v, rv.n, sizeof *rv.v, rv.arena,
	                             free_arena);
}

GOC_API const goc_kpi_row *goc_cursor_kpi_row(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_KPI_ROW);
}

GOC_API const char *goc_kpi_row_kpi(const goc_kpi_row *r) { return r ? r->kpi : NULL; }
GOC_API const char *goc_kpi_row_member(const goc_kpi_row *r) { return r ? r->member : NULL; }
GOC_API int goc_kpi_row_year(const goc_kpi_row *r) { return r ? r->year : 0; }
GOC_API const char *goc_kpi_row_start(const goc_kpi_row *r) { return r ? r->start : NULL; }
GOC_API const char *goc_kpi_row_end(const goc_kpi_row *r) { return r ? r->end : NULL; }
GOC_API double goc_kpi_row_actual(const goc_kpi_row *r) { return r ? r->actual : 0; }
GOC_API double goc_kpi_row_expected(const goc_kpi_row *r) { return r ? r->expected : 0; }
GOC_API double goc_kpi_row_target_min(const goc_kpi_row *r) { return r ? r->target_min : 0; }
GOC_API double goc_kpi_row_target_max(const goc_kpi_row *r) { return r ? r->target_max : GOC_NO_MAX; }
GOC_API double goc_kpi_row_attainment(const goc_kpi_row *r) { return r ? r->attainment : 0; }
GOC_API int goc_kpi_row_status(const goc_kpi_row *r) { return r ? r->status : 0; }
GOC_API double goc_kpi_row_score(const goc_kpi_row *r) { return r ? r->score : -1; }

/* ---- scorecards ---- */

/* Accumulates KPI rows into one scorecard row. */
struct acc {
	double sum_w, sum_ws;   /* over KPIs */
	double kpi_score_sum;   /* current KPI: sum and count of scored rows */
	int kpi_scored;
	size_t kpi;             /* current KPI index, or SIZE_MAX */
	int counts[8];
	double actual, target;
};

static void acc_init(struct acc *a)
{
	memset(a, 0, sizeof *a);
	a->kpi = (size_t)-1;
}

static void acc_close_kpi(struct acc *a, struct goc_kpi **kpis)
{
	if (a->kpi != (size_t)-1 && a->kpi_scored > 0) {
		double w = kpis[a->kpi]->weight;
		a->sum_w += w;
		a->sum_ws += w * (a->kpi_score_sum / a->kpi_scored);
	}
	a->kpi_score_sum = 0;
	a->kpi_scored = 0;
}

/* Rows arrive in KPI order. */
static void acc_add(struct acc *a, struct goc_kpi **kpis, size_t ki, const struct goc_kpi_row *r)
{
	if (ki != a->kpi) {
		acc_close_kpi(a, kpis);
		a->kpi = ki;
	}
	if (r->score >= 0) {
		a->kpi_score_sum += r->score;
		a->kpi_scored++;
	}
	a->counts[0]++;
	a->counts[r->status]++;
	a->actual += r->actual;
	a->target += r->target_min;
}

static void acc_finish(struct acc *a, struct goc_kpi **kpis, struct goc_score *s)
{
	acc_close_kpi(a, kpis);
	memcpy(s->counts, a->counts, sizeof s->counts);
	s->status = rollup_status(a->counts);
	s->value = a->sum_w > 0 ? a->sum_ws / a->sum_w : -1;
	s->actual = a->actual;
	s->target = a->target;
}

struct scorevec {
	struct goc_score *v;
	size_t n, cap;
};

static struct goc_score *score_push(goc_db *db, struct goc__arena *arena, struct scorevec *sv,
                                    const char *key, const char *zh, const char *en)
{
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 32;
		struct goc_score *v = goc__arena_alloc(arena, cap * sizeof *v);
		if (!v) {
			goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
			return NULL;
		}
		if (sv->n)
			memcpy(v, sv->v, sv->n * sizeof *v);
		sv->v = v;
		sv->cap = cap;
	}
	struct goc_score *s = &sv->v[sv->n++];
	memset(s, 0, sizeof *s);
	s->key = goc__arena_strdup(arena, key);
	s->name_zh = goc__arena_strdup(arena, zh);
	s->name_en = goc__arena_strdup(arena, en);
	if ((key && !s->key) || (zh && !s->name_zh) || (en && !s->name_en)) {
		goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
		return NULL;
	}
	return s;
}

/* Does comma list `list` contain `code`? */
static bool list_has(const char *list, const char *code)
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

/* Is the row for this group?  (by zone / unit: its member; by section: a
 * linked task lies in the section) */
typedef bool (*row_pred)(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx);

/* by zone: the zone-scoped rows of that zone (zone and unit codes are
 * separate namespaces); by unit: the unit-scoped rows of that unit */
static bool pred_zone(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx)
{
	const char *code = ctx;
	if (k->scope == GOC_SCOPE_ZONES)
		return list_has(r->member, code);
	return k->scope == GOC_SCOPE_ZONE && r->member && strcmp(r->member, code) == 0;
}

static bool pred_unit(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx)
{
	return k->scope == GOC_SCOPE_UNIT && r->member && strcmp(r->member, ctx) == 0;
}

static bool pred_all(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx)
{
	(void)k;
	(void)r;
	(void)ctx;
	return true;
}

static void group_rows(struct rowvec *rv, struct goc_kpi **kpis, row_pred pred, const void *ctx,
                       const bool *kpi_mask, struct goc_score *s)
{
	struct acc a;
	acc_init(&a);
	for (size_t i = 0; i < rv->n; i++) {
		const struct goc_kpi *k = kpis[rv->kpi[i]];
		if ((!kpi_mask || kpi_mask[rv->kpi[i]]) && pred(k, &rv->v[i], ctx))
			acc_add(&a, kpis, rv->kpi[i], &rv->v[i]);
	}
	acc_finish(&a, kpis, s);
}

/* A one-number query with (plan, code, as_of, period) parameters. */
static int count_query(goc_db *db, const char *sql, const char *plan, const char *code,
                       const char *asof, const char *period, int *out)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, code);
	goc__bind_text(st, 3, asof);
	goc__bind_text(st, 4, period);
	rc = goc__binds_failed(db, "building a scorecard");
	int r = rc == GOC_OK ? sqlite3_step(st) : SQLITE_DONE;
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else if (rc == GOC_OK)
		rc = goc__sqlerr(db, r, "building a scorecard");
	sqlite3_finalize(st);
	return rc;
}

static int by_unit(goc_db *db, struct goc__arena *arena, struct scorevec *sv, struct rowvec *rv,
                   struct goc_kpi **kpis, size_t n_kpis, const char *plan, const char *asof)
{
	/* units: those answering for a task, and members of unit-scoped KPIs */
	struct strlist units = { NULL, 0, 0, arena };
	char cte[3072], sql[4096];
	int rc = goc__resp_cte(cte, sizeof cte, GOC_RESP_EXPAND | GOC_RESP_INHERIT);
	if (rc != GOC_OK)
		return goc__err(db, GOC_ERROR, "internal error: query too long");
	snprintf(sql, sizeof sql, "WITH RECURSIVE %s SELECT DISTINCT party FROM resp", cte);
	sqlite3_stmt *st;
	rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	int r = SQLITE_DONE;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = strlist_add(db, &units, goc__col_text(st, 0));
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "listing the plan's units");
	sqlite3_finalize(st);
	for (size_t i = 0; rc == GOC_OK && i < rv->n; i++)
		if (kpis[rv->kpi[i]]->scope == GOC_SCOPE_UNIT)
			rc = strlist_add(db, &units, rv->v[i].member);
	if (rc != GOC_OK)
		return rc;
	/* in code order */
	for (size_t i = 1; i < units.n; i++)
		for (size_t j = i; j > 0 && strcmp(units.v[j - 1], units.v[j]) > 0; j--) {
			char *t = units.v[j];
			units.v[j] = units.v[j - 1];
			units.v[j - 1] = t;
		}
	/* the as-of date's quarter, for reporting compliance */
	char period[32];
	snprintf(period, sizeof period, "%.4s-Q%d", asof, (atoi(asof + 5) - 1) / 3 + 1);
	char q_tasks[4096], q_leads[4096], q_overdue[4096], q_missing[4096];
	snprintf(q_tasks, sizeof q_tasks,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp WHERE party = ?2 AND ?3 IS NOT NULL"
	         " AND ?4 IS NOT NULL", cte);
	snprintf(q_leads, sizeof q_leads,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp WHERE party = ?2 AND rank = 1"
	         " AND ?3 IS NOT NULL AND ?4 IS NOT NULL", cte);
	snprintf(q_overdue, sizeof q_overdue,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp r JOIN tasks t ON t.id = r.task_id"
	         " WHERE r.party = ?2 AND t.due < ?3 AND t.status NOT IN ('done', 'cancelled')"
	         " AND ?4 IS NOT NULL", cte);
	snprintf(q_missing, sizeof q_missing,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp r WHERE r.party = ?2 AND ?3 IS NOT NULL"
	         " AND NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = r.task_id)"
	         " AND NOT EXISTS (SELECT 1 FROM progress_reports p WHERE p.task_id = r.task_id"
	         "   AND p.unit = r.party AND p.period = ?4)", cte);
	(void)n_kpis;
	for (size_t i = 0; rc == GOC_OK && i < units.n; i++) {
		goc_unit *u = NULL;
		rc = goc_unit_get(&u, db, units.v[i]);
		if (rc != GOC_OK)
			return rc;
		struct goc_score *s = score_push(db, arena, sv, units.v[i], goc_unit_name_zh(u),
		                                 goc_unit_name_en(u));
		goc_unit_free(u);
		if (!s)
			return GOC_ENOMEM;
		group_rows(rv, kpis, pred_unit, units.v[i], NULL, s);
		rc = count_query(db, q_tasks, plan, units.v[i], asof, period, &s->tasks);
		if (rc == GOC_OK) rc = count_query(db, q_leads, plan, units.v[i], asof, period, &s->leads);
		if (rc == GOC_OK) rc = count_query(db, q_overdue, plan, units.v[i], asof, period, &s->overdue);
		if (rc == GOC_OK)
			rc = count_query(db, q_missing, plan, units.v[i], asof, period, &s->missing_reports);
	}
	return rc;
}

static int by_section(goc_db *db, struct goc__arena *arena, struct scorevec *sv,
                      struct rowvec *rv, struct goc_kpi **kpis, size_t n_kpis, const char *plan)
{
	goc_cursor *cur = NULL;
	goc_task_filter f = GOC_TASK_FILTER_INIT;
	f.level = GOC_LEVEL_SECTION;
	int rc = goc_task_list(&cur, db, plan, &f);
	if (rc != GOC_OK)
		return rc;
	bool *mask = goc__arena_alloc(arena, (n_kpis ? n_kpis : 1) * sizeof *mask);
	if (!mask) {
		goc_cursor_free(cur);
		return goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	}
	/* the section of a task: walk up through the parents */
	static const char sql[] =
	    "WITH RECURSIVE up(id, parent_id, code) AS ("
	    " SELECT id, parent_id, code FROM tasks WHERE plan = ?1 AND code = ?2"
	    " UNION ALL SELECT t.id, t.parent_id, t.code FROM tasks t JOIN up ON t.id = up.parent_id)"
	    " SELECT code FROM up WHERE parent_id IS NULL";
	while (rc == GOC_OK && (rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_task *t = goc_cursor_task(cur);
		for (size_t i = 0; i < n_kpis; i++) {
			mask[i] = false;
			char buf[1024];
			snprintf(buf, sizeof buf, "%s", kpis[i]->tasks ? kpis[i]->tasks : "");
			char *save = NULL;
			for (char *c = strtok_r(buf, ",", &save); c && !mask[i] && rc == GOC_ROW;
			     c = strtok_r(NULL, ",", &save)) {
				sqlite3_stmt *st;
				int prc = goc__prepare(db, sql, &st);
				if (prc != GOC_OK) {
					rc = prc;
					break;
				}
				goc__bind_text(st, 1, plan);
				goc__bind_text(st, 2, c);
				prc = goc__binds_failed(db, "finding a task's section");
				int r = prc == GOC_OK ? sqlite3_step(st) : SQLITE_DONE;
				if (prc != GOC_OK)
					rc = prc;
				else if (r == SQLITE_ROW)
					mask[i] = strcmp(goc__col_text(st, 0), goc_task_code(t)) == 0;
				else if (r != SQLITE_DONE)
					rc = goc__sqlerr(db, r, "finding a task's section");
				sqlite3_finalize(st);
			}
		}
		if (rc != GOC_ROW)
			break;
		struct goc_score *s = score_push(db, arena, sv, goc_task_code(t), goc_task_title_zh(t),
		                                 goc_task_title_en(t));
		if (!s) {
			rc = GOC_ENOMEM;
			break;
		}
		group_rows(rv, kpis, pred_all, NULL, mask, s);
		rc = GOC_OK;
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

GOC_API int goc_scorecard(goc_cursor **out, goc_db *db, const char *plan, const char *as_of,
                          int by)
{
	if (out)
		*out = NULL;
	int rc = eval_args(db, out, plan, as_of);
	if (rc == GOC_OK && !goc_score_by_str(by))
		rc = goc__err(db, GOC_EINVAL, "by: %d is not a scorecard grouping", by);
	if (rc != GOC_OK)
		return rc;
	struct rowvec rv = { goc__arena_new(), NULL, 0, 0, NULL, NULL };
	if (!rv.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	struct goc_kpi **kpis = NULL;
	size_t n_kpis = 0;
	struct scorevec sv = { NULL, 0, 0 };
	bool own = false;
	rc = snapshot_begin(db, &own);
	if (rc == GOC_OK)
		rc = evaluate(db, plan, NULL, as_of, &rv, &kpis, &n_kpis);
	if (rc == GOC_OK && by == GOC_BY_PLAN) {
		for (size_t i = 0; rc == GOC_OK && i < n_kpis; i++) {
			struct goc_score *s = score_push(db, rv.arena, &sv, kpis[i]->code,
			                                 kpis[i]->name_zh, kpis[i]->name_en);
			bool *mask = goc__arena_alloc(rv.arena, n_kpis * sizeof *mask);
			if (!s || !mask) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
				break;
			}
			mask[i] = true;
			group_rows(&rv, kpis, pred_all, NULL, mask, s);
		}
	} else if (rc == GOC_OK && by == GOC_BY_SECTION) {
		rc = by_section(db, rv.arena, &sv, &rv, kpis, n_kpis, plan);
	} else if (rc == GOC_OK && by == GOC_BY_ZONE) {
		struct strlist zones = { NULL, 0, 0, rv.arena };
		rc = strlist_query(db, &zones, "SELECT code FROM zones WHERE ?1 IS NULL ORDER BY code", NULL);
		for (size_t i = 0; rc == GOC_OK && i < zones.n; i++) {
			goc_zone *z = NULL;
			rc = goc_zone_get(&z, db, zones.v[i]);
			if (rc != GOC_OK)
				break;
			struct goc_score *s = score_push(db, rv.arena, &sv, zones.v[i],
			                                 goc_zone_name_zh(z), goc_zone_name_en(z));
			goc_zone_free(z);
			if (!s) {
				rc = GOC_ENOMEM;
				break;
			}
			group_rows(&rv, kpis, pred_zone, zones.v[i], NULL, s);
		}
	} else if (rc == GOC_OK) {
		rc = by_unit(db, rv.arena, &sv, &rv, kpis, n_kpis, plan, as_of);
	}
	if (rc == GOC_OK) {
		struct goc_score *total = score_push(db, rv.arena, &sv, NULL, NULL, NULL);
		if (!total)
			rc = GOC_ENOMEM;
		else
			group_rows(&rv, kpis, pred_all, NULL, NULL, total);
		if (total && by != GOC_BY_PLAN)
			total->actual = total->target = 0;
	}
	if (own)
		snapshot_end(db, own);
	if (rc != GOC_OK) {
		goc__arena_free(rv.arena);
		return rc;
	}
	if (by != GOC_BY_PLAN)
		for (size_t i = 0; i < sv.n; i++)
			sv.v[i].actual = sv.v[i].target = 0;
	return goc__cursor_new_items(out, db, CUR_SCORE, sv.v, sv.n, sizeof *sv.v, rv.arena,
	                             free_arena);
}

GOC_API const goc_score *goc_cursor_score(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_SCORE);
}

GOC_API const char *goc_score_key(const goc_score *s) { return s ? s->key : NULL; }
GOC_API const char *goc_score_name_zh(const goc_score *s) { return s ? s->name_zh : NULL; }
GOC_API const char *goc_score_name_en(const goc_score *s) { return s ? s->name_en : NULL; }
GOC_API int goc_score_status(const goc_score *s) { return s ? s->status : 0; }
GOC_API double goc_score_value(const goc_score *s) { return s ? s->value : -1; }
GOC_API double goc_score_actual(const goc_score *s) { return s ? s->actual : 0; }
GOC_API double goc_score_target(const goc_score *s) { return s ? s->target : 0; }
GOC_API int goc_score_tasks(const goc_score *s) { return s ? s->tasks : 0; }
GOC_API int goc_score_leads(const goc_score *s) { return s ? s->leads : 0; }
GOC_API int goc_score_overdue(const goc_score *s) { return s ? s->overdue : 0; }
GOC_API int goc_score_missing_reports(const goc_score *s) { return s ? s->missing_reports : 0; }

GOC_API int goc_score_count(const goc_score *s, int status)
{
	if (!s || status < 0 || status > 7)
		return 0;
	return s->counts[status];
}

/* ---- built-in KPIs ---- */

extern const unsigned char goc__data_kpis_pudong_goc_2024[];
extern const size_t goc__data_kpis_pudong_goc_2024_size;

/*
 * The built-in KPIs of a plan, from a compiled-in JSON file
 * (lib/data/kpis-pudong-goc-2024.json): {"format": "libgoc-kpis",
 * "format_version": 1, "kpis": [ {member: value …} ]} where the members
 * are those of goc_kpi_fields by name (enums as their text names,
 * international/large as booleans) plus "targets": [{"member", "min",
 * "max"}] for members' own targets from the window's start.
 */
static int json_text(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);
	*out = json_is_string(v) ? json_string_value(v) : NULL;
	return v && !json_is_string(v) ? -1 : 0;
}

static int json_enum(json_t *o, const char *key, int (*parse)(int *, const char *), int *out)
{
	const char *s = NULL;
	if (json_text(o, key, &s) != 0)
		return -1;
	return s ? parse(out, s) : 0;
}

static int kpi_from_json(goc_db *db, const char *plan, json_t *o, size_t i)
{
	char prefix[64];
	snprintf(prefix, sizeof prefix, "kpis[%zu].", i);
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = plan;
	bool bad = !json_is_object(o);
	bad = bad || json_text(o, "code", &f.code) || json_text(o, "name_zh", &f.name_zh) ||
	      json_text(o, "name_en", &f.name_en) || json_text(o, "members", &f.members) ||
	      json_text(o, "start", &f.start) || json_text(o, "end", &f.end) ||
	      json_text(o, "baseline_date", &f.baseline_date) || json_text(o, "tasks", &f.tasks);
	bad = bad || json_enum(o, "measure", goc_measure_parse, &f.measure) ||
	      json_enum(o, "scope", goc_scope_parse, &f.scope) ||
	      json_enum(o, "window", goc_window_parse, &f.window) ||
	      json_enum(o, "direction", goc_direction_parse, &f.direction) ||
	      json_enum(o, "stage", goc_stage_parse, &f.stage) ||
	      json_enum(o, "category", goc_category_parse, &f.category) ||
	      json_enum(o, "origin", goc_origin_parse, &f.origin) ||
	      json_enum(o, "event_kind", goc_event_kind_parse, &f.event_kind);
	if (bad)
		return goc__err(db, GOC_ERROR, "built-in KPIs: %s malformed", prefix);
	json_t *v;
	if ((v = json_object_get(o, "baseline"))) f.baseline = json_number_value(v);
	if ((v = json_object_get(o, "target_min"))) f.target_min = json_number_value(v);
	if ((v = json_object_get(o, "target_max"))) f.target_max = json_number_value(v);
	if ((v = json_object_get(o, "weight"))) f.weight = json_number_value(v);
	if ((v = json_object_get(o, "at_risk"))) f.at_risk = json_number_value(v);
	if ((v = json_object_get(o, "days"))) f.days = (int)json_integer_value(v);
	if ((v = json_object_get(o, "international"))) f.international = json_is_true(v) ? GOC_YES : GOC_NO;
	if ((v = json_object_get(o, "large"))) f.large = json_is_true(v) ? GOC_YES : GOC_NO;
	int rc = kpi_insert(db, &f, prefix);
	json_t *targets = json_object_get(o, "targets"), *t;
	size_t j;
	json_array_foreach(targets, j, t) {
		if (rc != GOC_OK)
			break;
		const char *member = NULL;
		if (json_text(t, "member", &member) || !member)
			return goc__err(db, GOC_ERROR, "built-in KPIs: %stargets[%zu] malformed", prefix, j);
		json_t *mx = json_object_get(t, "max");
		sqlite3_stmt *st;
		rc = goc__prepare(db, "INSERT INTO kpi_targets (kpi_id, member, valid_from, target_min,"
		                      " target_max) SELECT id, ?3, start_date, ?4, ?5 FROM kpis"
		                      " WHERE plan = ?1 AND code = ?2", &st);
		if (rc != GOC_OK)
			return rc;
		goc__bind_text(st, 1, plan);
		goc__bind_text(st, 2, f.code);
		goc__bind_text(st, 3, member);
		sqlite3_bind_double(st, 4, json_number_value(json_object_get(t, "min")));
		if (mx)
			sqlite3_bind_double(st, 5, json_number_value(mx));
		rc = goc__step_done(db, st, "inserting a KPI target");
		sqlite3_finalize(st);
	}
	return rc;
}

int goc__kpis_load_builtin(goc_db *db, const char *plan)
{
	return goc__kpis_load_json(db, plan, (const char *)goc__data_kpis_pudong_goc_2024,
	                           goc__data_kpis_pudong_goc_2024_size);
}

int goc__kpis_load_json(goc_db *db, const char *plan, const char *json, size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return goc__err(db, GOC_ERROR, "built-in KPIs: line %d: %s", jerr.line, jerr.text);
	json_t *arr = json_object_get(root, "kpis"), *o;
	size_t i;
	int rc = json_is_array(arr) ? GOC_OK : goc__err(db, GOC_ERROR, "built-in KPIs: no kpis array");
	json_array_foreach(arr, i, o) {
		if (rc != GOC_OK)
			break;
		rc = kpi_from_json(db, plan, o, i);
	}
	json_decref(root);
	return rc;
}
