/*
 * libgoc — plans, goals, the task tree and responsibility assignment.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "plan_internal.h"
#include "plandoc.h"

static int bad_version(goc_db *db, const char *what, unsigned v, unsigned max)
{
	if (v < 1 || v > max)
		return goc__err(db, GOC_EINVAL, "%s version %u is not supported (1..%u)",
		                what, v, max);
	return GOC_OK;
}

/* ---- periods ---- */

int goc__check_period(goc_db *db, const char *field, const char *p)
{
	if (!p)
		return goc__err(db, GOC_EINVAL, "%s: required", field);
	size_t n = strlen(p);
	bool year = n >= 4;
	for (size_t i = 0; year && i < 4; i++)
		year = p[i] >= '0' && p[i] <= '9';
	if (year) {
		int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		if (y < 1900 || y > 2999)
			return goc__err(db, GOC_EINVAL, "%s: year %d out of range 1900-2999", field, y);
		if (n == 4)
			return GOC_OK;
		if (n == 7 && p[4] == '-') {
			if (p[5] == 'H' && (p[6] == '1' || p[6] == '2'))
				return GOC_OK;
			if (p[5] == 'Q' && p[6] >= '1' && p[6] <= '4')
				return GOC_OK;
			if (p[5] >= '0' && p[5] <= '1' && p[6] >= '0' && p[6] <= '9') {
				int m = (p[5] - '0') * 10 + (p[6] - '0');
				if (m >= 1 && m <= 12)
					return GOC_OK;
			}
		}
	}
	if (goc__check_utf8(p, NULL, NULL) != 0)
		return goc__err(db, GOC_EINVAL, "%s: invalid UTF-8", field);
	return goc__err(db, GOC_EINVAL,
	                "%s: '%.40s' is not a period (YYYY, YYYY-H1, YYYY-Q3 or YYYY-MM)", field, p);
}

GOC_API int goc_period_check(const char *period)
{
	return goc__check_period(NULL, "period", period);
}

GOC_API int goc_period_end(char **out, const char *period)
{
	if (out)
		*out = NULL;
	if (!out)
		return goc__err(NULL, GOC_EINVAL, "out: must not be NULL");
	int rc = goc__check_period(NULL, "period", period);
	if (rc != GOC_OK)
		return rc;
	char end[11];
	goc__period_bounds(period, NULL, end);
	if (!(*out = goc__strdup(end)))
		return goc__err(NULL, GOC_ENOMEM, "out of memory");
	return GOC_OK;
}

GOC_API void goc_free(void *ptr)
{
	goc__free(ptr);
}

/* ---- plans ---- */

static void read_plan(sqlite3_stmt *st, void *row)
{
	struct goc_plan *p = row;
	p->code = goc__col_text(st, 0);
	p->title_zh = goc__col_text(st, 1);
	p->title_en = goc__col_text(st, 2);
	p->issuer = goc__col_text(st, 3);
	p->issued = goc__col_text(st, 4);
	p->source = goc__col_text(st, 5);
	p->start = goc__col_text(st, 6);
	p->end = goc__col_text(st, 7);
	p->task_count = sqlite3_column_int(st, 8);
	p->report_cycle = goc__report_cycle_value(goc__col_text(st, 9));
	p->deadline_days = sqlite3_column_int(st, 10);
}
static const size_t plan_strs[] = {
	offsetof(struct goc_plan, code),   offsetof(struct goc_plan, title_zh),
	offsetof(struct goc_plan, title_en), offsetof(struct goc_plan, issuer),
	offsetof(struct goc_plan, issued), offsetof(struct goc_plan, source),
	offsetof(struct goc_plan, start),  offsetof(struct goc_plan, end),
};
#define PLAN_COLS                                                               \
	"p.code, p.title_zh, p.title_en, p.issuer, p.issued, p.source, p.start_date," \
	" p.end_date, (SELECT count(*) FROM tasks t WHERE t.plan = p.code)," \
	" p.report_cycle, p.report_deadline_days"

/* A plan (its goals and whole imports are written as the plan too). */
const struct goc__kind goc__kind_plan = {
	.name = "plan",
	.table = "plans", .key = "code",
	.get_sql = "SELECT " PLAN_COLS " FROM plans p WHERE p.code = ?1",
	.read = read_plan, .cursor = CUR_PLAN,
	.size = sizeof(struct goc_plan), .strs = plan_strs, .n_strs = GOC__N(plan_strs),
};

int goc__plan_exists(goc_db *db, const char *field, const char *plan)
{
	int rc = goc__check_code(db, field, plan);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT 1 FROM plans WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE) /* no row: unless the code could not be bound (NULL matches none) */
		rc = goc__binds_failed(db, "looking up a plan") != GOC_OK
		   ? GOC_ENOMEM : goc__err(db, GOC_ENOTFOUND, "%s: no plan with code '%s'", field, plan);
	else if (r != SQLITE_ROW)
		rc = goc__sqlerr(db, r, "looking up a plan");
	sqlite3_finalize(st);
	return rc;
}

int goc__plan_args(goc_db *db, void **out, const char *plan)
{
	int rc = goc__out_args(db, out);
	return rc == GOC_OK ? goc__plan_exists(db, "plan", plan) : rc;
}

/* Validate and insert a plan; `f` prefix names fields for messages. */
int goc__plan_insert(goc_db *db, const goc_plan_fields *f, const char *prefix)
{
	char fld[160];
#define FLD(name) (snprintf(fld, sizeof fld, "%s%s", prefix, name), fld)
	int rc = bad_version(db, "fields: goc_plan_fields", f->version, GOC_PLAN_FIELDS_VERSION);
	if (rc == GOC_OK) rc = goc__check_code(db, FLD("code"), f->code);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("title_zh"), f->title_zh, true, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("title_en"), f->title_en, false, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("issuer"), f->issuer, false, GOC_ISSUER_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("source"), f->source, false, GOC_SOURCE_MAX, false);
	if (rc == GOC_OK && goc__opt(f->issued)) rc = goc__check_date(db, FLD("issued"), f->issued);
	if (rc == GOC_OK && goc__opt(f->start)) rc = goc__check_date(db, FLD("start"), f->start);
	if (rc == GOC_OK && goc__opt(f->end)) rc = goc__check_date(db, FLD("end"), f->end);
	if (rc == GOC_OK && goc__opt(f->start) && goc__opt(f->end) && strcmp(f->end, f->start) < 0)
		rc = goc__err(db, GOC_EINVAL, "%s: %s is before start %s", FLD("end"), f->end, f->start);
#undef FLD
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT 1 FROM plans WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->code);
	int r = sqlite3_step(st);
	int probe = r == SQLITE_ROW || r == SQLITE_DONE
	                ? GOC_OK : goc__sqlerr(db, r, "checking for a duplicate");
	sqlite3_finalize(st);
	if (probe != GOC_OK)
		return probe;
	if (r == SQLITE_ROW)
		return goc__err(db, GOC_EEXISTS, "%scode: a plan '%s' already exists", prefix, f->code);
	rc = goc__prepare(db,
	    "INSERT INTO plans (code, title_zh, title_en, issuer, issued, source, start_date, end_date)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->code);
	goc__bind_text(st, 2, f->title_zh);
	goc__bind_text(st, 3, goc__opt(f->title_en));
	goc__bind_text(st, 4, goc__opt(f->issuer));
	goc__bind_text(st, 5, goc__opt(f->issued));
	goc__bind_text(st, 6, goc__opt(f->source));
	goc__bind_text(st, 7, goc__opt(f->start));
	goc__bind_text(st, 8, goc__opt(f->end));
	rc = goc__step_done(db, st, "inserting a plan");
	sqlite3_finalize(st);
	return rc;
}

static int plan_create(goc_db *db, const void *fields)
{
	return goc__plan_insert(db, fields, "");
}

GOC_API int goc_plan_create(goc_db *db, const goc_plan_fields *fields)
{
	return goc__write_key(db, &goc__kind_plan, "plan.create", fields ? fields->code : NULL,
	                      plan_create, fields, "fields");
}

/* Refuse while progress reports refer to the plan's tasks (all of them, or
 * only those of tasks; tasks_only keeps the plan row). */
int goc__plan_clear(goc_db *db, const char *plan, bool tasks_only)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db,
	    "SELECT count(*) FROM progress_reports r JOIN tasks t ON t.id = r.task_id"
	    " WHERE t.plan = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	int r = sqlite3_step(st);
	int n = r == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	if (r != SQLITE_ROW)
		rc = goc__sqlerr(db, r, "counting progress reports");
	else if (n > 0)
		rc = goc__err(db, GOC_ECONSTRAINT,
		              tasks_only ? N_("plan: '%s' has %d progress report(s) on its tasks; it cannot be replaced")
		                         : N_("plan: '%s' has %d progress report(s) on its tasks; it cannot be deleted"),
		              plan, n);
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	if (!tasks_only) {
		/* KPIs, their targets and recorded values are data too: never
		 * dropped as a side effect */
		rc = goc__prepare(db, "SELECT count(*) FROM kpis WHERE plan = ?1", &st);
		if (rc != GOC_OK)
			return rc;
		goc__bind_text(st, 1, plan);
		r = sqlite3_step(st);
		n = r == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		if (r != SQLITE_ROW)
			rc = goc__sqlerr(db, r, "counting KPIs");
		else if (n > 0)
			rc = goc__err(db, GOC_ECONSTRAINT,
			              "plan: '%s' has %d KPI(s); delete them first (goc_kpi_delete)",
			              plan, n);
		sqlite3_finalize(st);
		if (rc != GOC_OK)
			return rc;
	}
	rc = goc__prepare(db, tasks_only ? "DELETE FROM tasks WHERE plan = ?1"
	                                 : "DELETE FROM plans WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	rc = goc__step_done(db, st, "deleting a plan");
	sqlite3_finalize(st);
	return rc;
}

static int plan_delete(goc_db *db, const void *plan_code)
{
	const char *code = plan_code;
	int rc = goc__plan_exists(db, "code", code);
	return rc == GOC_OK ? goc__plan_clear(db, code, false) : rc;
}

GOC_API int goc_plan_delete(goc_db *db, const char *code)
{
	return goc__write_key(db, &goc__kind_plan, "plan.delete", code, plan_delete, code, NULL);
}

GOC_API int goc_plan_get(goc_plan **out, goc_db *db, const char *code)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc == GOC_OK)
		rc = goc__plan_exists(db, "code", code);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, goc__kind_plan.get_sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, code);
	return goc__kind_fetch((void **)out, db, &goc__kind_plan, st);
}

GOC_API void goc_plan_free(goc_plan *plan)
{
	goc__free(plan);
}

GOC_API int goc_plan_list(goc_cursor **out, goc_db *db)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT " PLAN_COLS " FROM plans p ORDER BY p.code", &st);
	if (rc != GOC_OK)
		return rc;
	return goc__kind_cursor(out, db, &goc__kind_plan, st);
}

GOC_API const goc_plan *goc_cursor_plan(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_plan);
}

GOC_API const char *goc_plan_code(const goc_plan *p) { return p ? p->code : NULL; }
GOC_API const char *goc_plan_title_zh(const goc_plan *p) { return p ? p->title_zh : NULL; }
GOC_API const char *goc_plan_title_en(const goc_plan *p) { return p ? p->title_en : NULL; }
GOC_API const char *goc_plan_issuer(const goc_plan *p) { return p ? p->issuer : NULL; }
GOC_API const char *goc_plan_issued(const goc_plan *p) { return p ? p->issued : NULL; }
GOC_API const char *goc_plan_source(const goc_plan *p) { return p ? p->source : NULL; }
GOC_API const char *goc_plan_start(const goc_plan *p) { return p ? p->start : NULL; }
GOC_API const char *goc_plan_end(const goc_plan *p) { return p ? p->end : NULL; }
GOC_API int goc_plan_task_count(const goc_plan *p) { return p ? p->task_count : 0; }

/* ---- goals ---- */

static void read_goal(sqlite3_stmt *st, void *row)
{
	struct goc_goal *g = row;
	g->plan = goc__col_text(st, 0);
	g->code = goc__col_text(st, 1);
	g->title_zh = goc__col_text(st, 2);
	g->title_en = goc__col_text(st, 3);
	g->text = goc__col_text(st, 4);
}

static const size_t goal_strs[] = {
	offsetof(struct goc_goal, plan), offsetof(struct goc_goal, code),
	offsetof(struct goc_goal, title_zh), offsetof(struct goc_goal, title_en),
	offsetof(struct goc_goal, text),
};

/* A plan's goals: written as the plan (goal.create; the plan's snapshot in
 * the audit trail), read through this.  get_sql: a plan's (?1), in order. */
static const struct goc__kind goal_kind = {
	.name = "goal",
	.table = "plan_goals", .key = "plan", .multi = true,
	.get_sql = "SELECT plan, code, title_zh, title_en, text FROM plan_goals"
	           " WHERE plan = ?1 ORDER BY position",
	.read = read_goal, .cursor = CUR_GOAL,
	.size = sizeof(struct goc_goal), .strs = goal_strs, .n_strs = GOC__N(goal_strs),
};

int goc__goal_insert(goc_db *db, const goc_goal_fields *f, const char *prefix)
{
	char fld[160];
#define FLD(name) (snprintf(fld, sizeof fld, "%s%s", prefix, name), fld)
	int rc = bad_version(db, "fields: goc_goal_fields", f->version, GOC_GOAL_FIELDS_VERSION);
	if (rc == GOC_OK) rc = goc__plan_exists(db, FLD("plan"), f->plan);
	if (rc == GOC_OK) rc = goc__check_code(db, FLD("code"), f->code);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("title_zh"), f->title_zh, true, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("title_en"), f->title_en, false, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("text"), f->text, false, GOC_TEXT_MAX, true);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "INSERT INTO plan_goals (plan, code, position, title_zh, title_en, text)"
	    " VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM plan_goals WHERE plan = ?1),"
	    " ?3, ?4, ?5)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->plan);
	goc__bind_text(st, 2, f->code);
	goc__bind_text(st, 3, f->title_zh);
	goc__bind_text(st, 4, goc__opt(f->title_en));
	goc__bind_text(st, 5, goc__opt(f->text));
	rc = goc__step_done(db, st, "inserting a goal");
	sqlite3_finalize(st);
	if (rc == GOC_EEXISTS)
		rc = goc__err(db, rc, "%s: plan '%s' already has a goal '%s'", FLD("code"), f->plan, f->code);
#undef FLD
	return rc;
}

static int goal_create(goc_db *db, const void *fields)
{
	return goc__goal_insert(db, fields, "");
}

GOC_API int goc_goal_create(goc_db *db, const goc_goal_fields *fields)
{
	return goc__write_key(db, &goc__kind_plan, "goal.create", fields ? fields->plan : NULL,
	                      goal_create, fields, "fields");
}

GOC_API int goc_goal_list(goc_cursor **out, goc_db *db, const char *plan)
{
	int rc = goc__plan_args(db, (void **)out, plan);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, goal_kind.get_sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	return goc__kind_cursor(out, db, &goal_kind, st);
}

GOC_API const goc_goal *goc_cursor_goal(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goal_kind);
}

GOC_API const char *goc_goal_plan(const goc_goal *g) { return g ? g->plan : NULL; }
GOC_API const char *goc_goal_code(const goc_goal *g) { return g ? g->code : NULL; }
GOC_API const char *goc_goal_title_zh(const goc_goal *g) { return g ? g->title_zh : NULL; }
GOC_API const char *goc_goal_title_en(const goc_goal *g) { return g ? g->title_en : NULL; }
GOC_API const char *goc_goal_text(const goc_goal *g) { return g ? g->text : NULL; }

/* ---- tasks ---- */

#define TASK_COLS                                                                   \
	"t.plan, t.code, p.code, t.level, t.label, t.title_zh, t.title_en, t.text,"   \
	" t.due, t.recurrence, t.status, t.status_date, t.done_date,"                 \
	" (SELECT count(*) FROM tasks c WHERE c.parent_id = t.id)"

static void read_task(sqlite3_stmt *st, void *row)
{
	struct goc_task *t = row;
	t->plan = goc__col_text(st, 0);
	t->code = goc__col_text(st, 1);
	t->parent = goc__col_text(st, 2);
	t->level = goc__task_level_value(goc__col_text(st, 3));
	t->label = goc__col_text(st, 4);
	t->title_zh = goc__col_text(st, 5);
	t->title_en = goc__col_text(st, 6);
	t->text = goc__col_text(st, 7);
	t->due = goc__col_text(st, 8);
	t->recurrence = goc__recurrence_value(goc__col_text(st, 9));
	t->status = goc__task_status_value(goc__col_text(st, 10));
	t->status_date = goc__col_text(st, 11);
	t->done_date = goc__col_text(st, 12);
	t->child_count = sqlite3_column_int(st, 13);
}
static const size_t task_strs[] = {
	offsetof(struct goc_task, plan),     offsetof(struct goc_task, code),
	offsetof(struct goc_task, parent),   offsetof(struct goc_task, label),
	offsetof(struct goc_task, title_zh), offsetof(struct goc_task, title_en),
	offsetof(struct goc_task, text),     offsetof(struct goc_task, due),
	offsetof(struct goc_task, status_date), offsetof(struct goc_task, done_date),
};

/* A task: its rows (one per plan with that code) with their assignments
 * in the audit trail. */
const struct goc__kind goc__kind_task = {
	.name = "task",
	.table = "tasks", .key = "code", .multi = true,
	.extra = "'assignments', (SELECT json_group_array(json_object('unit', a.unit,"
	         " 'group', a.unit_group, 'role', a.role)) FROM task_assignments a"
	         " WHERE a.task_id = t.id)",
	.read = read_task, .cursor = CUR_TASK,
	.size = sizeof(struct goc_task), .strs = task_strs, .n_strs = GOC__N(task_strs),
};

int goc__task_id(goc_db *db, const char *field, const char *plan, const char *code,
                 int64_t *id)
{
	int rc = goc__check_code(db, field, code);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT id FROM tasks WHERE plan = ?1 AND code = ?2", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, code);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (r == SQLITE_DONE) /* unless plan or code could not be bound */
		rc = goc__binds_failed(db, "looking up a task") != GOC_OK
		   ? GOC_ENOMEM : goc__err(db, GOC_ENOTFOUND, "%s: plan '%s' has no task '%s'", field, plan, code);
	else
		rc = goc__sqlerr(db, r, "looking up a task");
	sqlite3_finalize(st);
	return rc;
}

/* Validate and insert a task (prefix names the location for messages). */
int goc__task_insert(goc_db *db, const goc_task_fields *f, const char *prefix, int64_t *out_id)
{
	char fld[200];
#define FLD(name) (snprintf(fld, sizeof fld, "%s%s", prefix, name), fld)
	int rc = bad_version(db, "fields: goc_task_fields", f->version, GOC_TASK_FIELDS_VERSION);
	if (rc == GOC_OK) rc = goc__plan_exists(db, FLD("plan"), f->plan);
	if (rc == GOC_OK) rc = goc__check_code(db, FLD("code"), f->code);
	if (rc == GOC_OK && !goc_task_level_str(f->level))
		rc = goc__err(db, GOC_EINVAL, "%s: %d is not a task level", FLD("level"), f->level);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("label"), f->label, false, GOC_LABEL_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("title_zh"), f->title_zh, false, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("title_en"), f->title_en, false, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, FLD("text"), f->text, false, GOC_TEXT_MAX, true);
	if (rc == GOC_OK && !goc__opt(f->title_zh) && !goc__opt(f->text))
		rc = goc__err(db, GOC_EINVAL, "%s: a task needs a title_zh or a text", FLD("title_zh"));
	if (rc == GOC_OK && goc__opt(f->due)) rc = goc__check_date(db, FLD("due"), f->due);
	if (rc == GOC_OK && !goc_recurrence_str(f->recurrence))
		rc = goc__err(db, GOC_EINVAL, "%s: %d is not a recurrence", FLD("recurrence"), f->recurrence);
	if (rc != GOC_OK)
		return rc;
	/* the parent, and the level it implies */
	int64_t parent = 0;
	if (f->level == GOC_LEVEL_SECTION) {
		if (goc__opt(f->parent))
			return goc__err(db, GOC_EINVAL, "%s: a section has no parent", FLD("parent"));
	} else {
		if (!goc__opt(f->parent))
			return goc__err(db, GOC_EINVAL, "%s: required for a %s", FLD("parent"),
			                goc_task_level_str(f->level));
		rc = goc__task_id(db, FLD("parent"), f->plan, f->parent, &parent);
		if (rc != GOC_OK)
			return rc;
		sqlite3_stmt *st;
		rc = goc__prepare(db, "SELECT level FROM tasks WHERE id = ?1", &st);
		if (rc != GOC_OK)
			return rc;
		sqlite3_bind_int64(st, 1, parent);
		int r = sqlite3_step(st);
		int plevel = r == SQLITE_ROW ? goc__task_level_value(goc__col_text(st, 0)) : 0;
		if (r != SQLITE_ROW)
			rc = goc__sqlerr(db, r, "reading the parent task");
		sqlite3_finalize(st);
		if (rc != GOC_OK)
			return rc;
		if (plevel != f->level - 1)
			return goc__err(db, GOC_EINVAL, "%s: the parent of a%s %s must be a %s, '%s' is a%s %s",
			                FLD("parent"), f->level == GOC_LEVEL_ITEM ? "n" : "",
			                goc_task_level_str(f->level),
			                goc_task_level_str(f->level - 1), f->parent,
			                plevel == GOC_LEVEL_ITEM ? "n" : "",
			                plevel ? goc_task_level_str(plevel) : "?");
	}
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT 1 FROM tasks WHERE plan = ?1 AND code = ?2", &st);
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
		return goc__err(db, GOC_EEXISTS, "%s: plan '%s' already has a task '%s'",
		                FLD("code"), f->plan, f->code);
#undef FLD
	rc = goc__prepare(db,
	    "INSERT INTO tasks (plan, code, parent_id, level, position, label, title_zh,"
	    " title_en, text, due, recurrence)"
	    " VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM tasks"
	    "   WHERE plan = ?1 AND parent_id IS ?3), ?5, ?6, ?7, ?8, ?9, ?10)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->plan);
	goc__bind_text(st, 2, f->code);
	if (parent)
		sqlite3_bind_int64(st, 3, parent);
	else
		sqlite3_bind_null(st, 3);
	goc__bind_text(st, 4, goc_task_level_str(f->level));
	goc__bind_text(st, 5, goc__opt(f->label));
	goc__bind_text(st, 6, goc__opt(f->title_zh));
	goc__bind_text(st, 7, goc__opt(f->title_en));
	goc__bind_text(st, 8, goc__opt(f->text));
	goc__bind_text(st, 9, goc__opt(f->due));
	goc__bind_text(st, 10, goc_recurrence_str(f->recurrence));
	rc = goc__step_done(db, st, "inserting a task");
	sqlite3_finalize(st);
	if (rc == GOC_OK && out_id)
		*out_id = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

static int task_create(goc_db *db, const void *fields)
{
	return goc__task_insert(db, fields, "", NULL);
}

GOC_API int goc_task_create(goc_db *db, const goc_task_fields *fields)
{
	return goc__write_key(db, &goc__kind_task, "task.create", fields ? fields->code : NULL,
	                      task_create, fields, "fields");
}

/* Set status (and its dates) of a task by id. */
int goc__task_status_set(goc_db *db, int64_t id, int status, const char *date,
                         const char *done_date, const char *prefix)
{
	char fld[200];
	if (!goc_task_status_str(status))
		return goc__err(db, GOC_EINVAL, "%sstatus: %d is not a task status", prefix, status);
	snprintf(fld, sizeof fld, "%sdate", prefix);
	int rc = goc__check_date(db, fld, date);
	if (rc == GOC_OK && done_date) {
		snprintf(fld, sizeof fld, "%sdone_date", prefix);
		rc = goc__check_date(db, fld, done_date);
	}
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "UPDATE tasks SET status = ?2, status_date = ?3, done_date = ?4"
	                      " WHERE id = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, goc_task_status_str(status));
	goc__bind_text(st, 3, date);
	goc__bind_text(st, 4, status == GOC_TASK_DONE ? (done_date ? done_date : date) : NULL);
	rc = goc__step_done(db, st, "setting a task's status");
	sqlite3_finalize(st);
	return rc;
}

/* A change of a task (plan, code) and what it changes. */
struct task_call {
	const char *plan, *code;
	int status;
	const char *date;
	const goc_task_changes *changes;
};

static int task_set_status(goc_db *db, const void *call)
{
	const struct task_call *c = call;
	int64_t id = 0;
	int rc = goc__plan_exists(db, "plan", c->plan);
	if (rc == GOC_OK)
		rc = goc__task_id(db, "code", c->plan, c->code, &id);
	if (rc == GOC_OK)
		rc = goc__task_status_set(db, id, c->status, c->date, NULL, "");
	return rc;
}

GOC_API int goc_task_set_status(goc_db *db, const char *plan, const char *code,
                                int status, const char *date)
{
	struct task_call c = { .plan = plan, .code = code, .status = status, .date = date };
	return goc__write_key(db, &goc__kind_task, "task.set_status", code, task_set_status, &c,
	                      NULL);
}

static int task_update(goc_db *db, const void *call)
{
	const struct task_call *tc = call;
	const char *plan = tc->plan, *code = tc->code;
	const goc_task_changes *c = tc->changes;
	int64_t id = 0;
	int rc = bad_version(db, "changes: goc_task_changes", c->version, GOC_TASK_CHANGES_VERSION);
	if (rc == GOC_OK) rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK) rc = goc__task_id(db, "code", plan, code, &id);
	if (rc == GOC_OK) rc = goc__check_text(db, "label", c->label, false, GOC_LABEL_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, "title_zh", c->title_zh, false, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, "title_en", c->title_en, false, GOC_TITLE_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, "text", c->text, false, GOC_TEXT_MAX, true);
	if (rc == GOC_OK && goc__opt(c->due)) rc = goc__check_date(db, "due", c->due);
	if (rc == GOC_OK && c->recurrence != GOC_RECUR_UNCHANGED &&
	    !goc_recurrence_str(c->recurrence))
		rc = goc__err(db, GOC_EINVAL, "recurrence: %d is not a recurrence", c->recurrence);
	if (rc != GOC_OK)
		return rc;
	/* NULL keeps a column, "" clears it */
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "UPDATE tasks SET"
	    " label = CASE WHEN ?2 IS NULL THEN label ELSE nullif(?2, '') END,"
	    " title_zh = CASE WHEN ?3 IS NULL THEN title_zh ELSE nullif(?3, '') END,"
	    " title_en = CASE WHEN ?4 IS NULL THEN title_en ELSE nullif(?4, '') END,"
	    " text = CASE WHEN ?5 IS NULL THEN text ELSE nullif(?5, '') END,"
	    " due = CASE WHEN ?6 IS NULL THEN due ELSE nullif(?6, '') END,"
	    " recurrence = coalesce(?7, recurrence)"
	    " WHERE id = ?1 RETURNING title_zh IS NULL AND text IS NULL", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, c->label);
	goc__bind_text(st, 3, c->title_zh);
	goc__bind_text(st, 4, c->title_en);
	goc__bind_text(st, 5, c->text);
	goc__bind_text(st, 6, c->due);
	goc__bind_text(st, 7, c->recurrence == GOC_RECUR_UNCHANGED
	                          ? NULL : goc_recurrence_str(c->recurrence));
	int r = sqlite3_step(st);
	bool untitled = r == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	if (r == SQLITE_ROW)
		r = sqlite3_step(st);
	if (r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "updating a task");
	sqlite3_finalize(st);
	if (rc == GOC_OK && untitled)
		rc = goc__err(db, GOC_EINVAL, "title_zh: a task needs a title_zh or a text;"
		                              " both would be cleared");
	return rc;
}

GOC_API int goc_task_update(goc_db *db, const char *plan, const char *code,
                            const goc_task_changes *changes)
{
	struct task_call c = { .plan = plan, .code = code, .changes = changes };
	/* NULL changes: refused, naming "changes" */
	return goc__write_key(db, &goc__kind_task, "task.update", code, task_update,
	                      changes ? &c : NULL, "changes");
}

GOC_API int goc_task_get(goc_task **out, goc_db *db, const char *plan, const char *code)
{
	int rc = goc__plan_args(db, (void **)out, plan);
	int64_t id = 0;
	if (rc == GOC_OK)
		rc = goc__task_id(db, "code", plan, code, &id);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT " TASK_COLS " FROM tasks t LEFT JOIN tasks p ON p.id = t.parent_id"
	                      " WHERE t.id = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return goc__kind_fetch((void **)out, db, &goc__kind_task, st);
}

GOC_API void goc_task_free(goc_task *task)
{
	goc__free(task);
}

GOC_API int goc_task_list(goc_cursor **out, goc_db *db, const char *plan,
                          const goc_task_filter *filter)
{
	static const goc_task_filter all = GOC_TASK_FILTER_INIT;
	int rc = goc__plan_args(db, (void **)out, plan);
	if (rc != GOC_OK)
		return rc;
	const goc_task_filter *f = filter ? filter : &all;
	rc = bad_version(db, "filter: goc_task_filter", f->version, GOC_TASK_FILTER_VERSION);
	if (rc == GOC_OK && f->level && !goc_task_level_str(f->level))
		rc = goc__err(db, GOC_EINVAL, "filter.level: %d is not a task level", f->level);
	if (rc == GOC_OK && f->status && !goc_task_status_str(f->status))
		rc = goc__err(db, GOC_EINVAL, "filter.status: %d is not a task status", f->status);
	if (rc == GOC_OK && f->overdue_as_of)
		rc = goc__check_date(db, "filter.overdue_as_of", f->overdue_as_of);
	int64_t parent = 0;
	if (rc == GOC_OK && goc__opt(f->parent))
		rc = goc__task_id(db, "filter.parent", plan, f->parent, &parent);
	if (rc == GOC_OK && f->unit) {
		rc = goc__check_code(db, "filter.unit", f->unit);
		if (rc == GOC_OK)
			rc = goc__unit_exists(db, "filter.unit", f->unit);
	}
	if (rc != GOC_OK)
		return rc;
	char sql[4096], cte[3072];
	rc = goc__resp_cte(cte, sizeof cte, GOC_RESP_EXPAND | GOC_RESP_INHERIT);
	if (rc != GOC_OK) /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
		return goc__err(db, rc, "building a query");
	snprintf(sql, sizeof sql,
	         "WITH RECURSIVE %s"
	         " SELECT " TASK_COLS " FROM tree JOIN tasks t ON t.id = tree.task_id"
	         " LEFT JOIN tasks p ON p.id = t.parent_id"
	         " WHERE (?2 IS NULL OR (?2 = 0 AND t.parent_id IS NULL) OR t.parent_id = ?2)"
	         " AND (?3 IS NULL OR t.level = ?3) AND (?4 IS NULL OR t.status = ?4)"
	         " AND (?5 IS NULL OR (t.due < ?5 AND t.status NOT IN ('done', 'cancelled')))"
	         " AND (?6 IS NULL OR t.id IN (SELECT task_id FROM resp WHERE party = ?6))"
	         " ORDER BY tree.sortkey", cte);
	sqlite3_stmt *st;
	rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	if (f->parent)
		sqlite3_bind_int64(st, 2, parent);
	goc__bind_text(st, 3, f->level ? goc_task_level_str(f->level) : NULL);
	goc__bind_text(st, 4, f->status ? goc_task_status_str(f->status) : NULL);
	goc__bind_text(st, 5, f->overdue_as_of);
	goc__bind_text(st, 6, f->unit);
	return goc__kind_cursor(out, db, &goc__kind_task, st);
}

GOC_API const goc_task *goc_cursor_task(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_task);
}

GOC_API const char *goc_task_plan(const goc_task *t) { return t ? t->plan : NULL; }
GOC_API const char *goc_task_code(const goc_task *t) { return t ? t->code : NULL; }
GOC_API const char *goc_task_parent(const goc_task *t) { return t ? t->parent : NULL; }
GOC_API int goc_task_level(const goc_task *t) { return t ? t->level : 0; }
GOC_API const char *goc_task_label(const goc_task *t) { return t ? t->label : NULL; }
GOC_API const char *goc_task_title_zh(const goc_task *t) { return t ? t->title_zh : NULL; }
GOC_API const char *goc_task_title_en(const goc_task *t) { return t ? t->title_en : NULL; }
GOC_API const char *goc_task_text(const goc_task *t) { return t ? t->text : NULL; }
GOC_API const char *goc_task_due(const goc_task *t) { return t ? t->due : NULL; }
GOC_API int goc_task_recurrence(const goc_task *t) { return t ? t->recurrence : 0; }
GOC_API int goc_task_status(const goc_task *t) { return t ? t->status : 0; }
GOC_API const char *goc_task_status_date(const goc_task *t) { return t ? t->status_date : NULL; }
GOC_API const char *goc_task_done_date(const goc_task *t) { return t ? t->done_date : NULL; }
GOC_API int goc_task_child_count(const goc_task *t) { return t ? t->child_count : 0; }

/* ---- reporting cycle and deadline (rules in goc/report.h, period.c) ---- */

GOC_API enum goc_report_cycle goc_plan_report_cycle(const goc_plan *p)
{
	return p ? (enum goc_report_cycle)p->report_cycle : (enum goc_report_cycle)0;
}

GOC_API int goc_plan_report_deadline_days(const goc_plan *p) { return p ? p->deadline_days : 0; }

int goc__plan_reporting_check(goc_db *db, const char *prefix, int cycle, int days)
{
	if (!goc_report_cycle_str(cycle))
		return goc__err(db, GOC_EINVAL, "%scycle: %d is not a reporting cycle (monthly,"
		                " quarterly, half_yearly, annual)", prefix, cycle);
	if (days < 0 || days > GOC_REPORT_DEADLINE_MAX)
		return goc__err(db, GOC_EINVAL, "%sdeadline_days: %d is not 0 to %d days", prefix,
		                days, GOC_REPORT_DEADLINE_MAX);
	return GOC_OK;
}

int goc__plan_reporting_store(goc_db *db, const char *plan, int cycle, int days)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "UPDATE plans SET report_cycle = ?2, report_deadline_days = ?3"
	                          " WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, goc_report_cycle_str(cycle));
	sqlite3_bind_int(st, 3, days);
	rc = goc__step_done(db, st, "setting a plan's reporting");
	sqlite3_finalize(st);
	return rc;
}

int goc__plan_reporting(goc_db *db, const char *plan, int *cycle, int *days)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT report_cycle, report_deadline_days FROM plans"
	                          " WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		*cycle = goc__report_cycle_value(goc__col_text(st, 0));
		*days = sqlite3_column_int(st, 1);
	} else if (s == SQLITE_DONE) { /* unless the code could not be bound */
		rc = goc__binds_failed(db, "reading a plan's reporting") != GOC_OK
		   ? GOC_ENOMEM : goc__err(db, GOC_ENOTFOUND, "plan: no plan with code '%s'", plan);
	} else {
		rc = goc__sqlerr(db, s, "reading a plan's reporting");
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_plan_set_reporting(goc_db *db, const char *plan, enum goc_report_cycle cycle,
                                   int deadline_days)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	struct goc__write w;
	rc = goc__write_begin(db, &w, "plan.reporting", &goc__kind_plan);
	if (rc == GOC_OK) {
		goc__write_object(db, &w, plan);
		rc = goc__plan_exists(db, "plan", plan);
		if (rc == GOC_OK)
			rc = goc__plan_reporting_check(db, "", (int)cycle, deadline_days);
		if (rc == GOC_OK)
			rc = goc__plan_reporting_store(db, plan, (int)cycle, deadline_days);
	}
	return goc__write_end(db, &w, rc);
}

int goc__plan_due(goc_db *db, const char *plan, const char *as_of, struct goc__due *due)
{
	memset(due, 0, sizeof *due);
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT report_cycle, report_deadline_days, start_date, end_date"
	                          " FROM plans WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		due->cycle = goc__report_cycle_value(goc__col_text(st, 0));
		due->days = sqlite3_column_int(st, 1);
		if (!due->cycle) /* GCOVR_EXCL_BR_LINE: the column's CHECK allows only the names */
			due->cycle = GOC__DEFAULT_CYCLE;
		const char *start = goc__col_text(st, 2), *end = goc__col_text(st, 3);
		/* the last period whose deadline is before as_of (the period of
		 * as_of itself ends on or after it, so its deadline has not passed) */
		int last = goc__cycle_index(due->cycle, as_of) - 1;
		char period[16], deadline[11];
		for (;;) {
			goc__cycle_period(due->cycle, last, period);
			goc__period_deadline(period, due->days, deadline);
			if (strcmp(deadline, as_of) < 0)
				break;
			last--;
		}
		/* (the plan's dates were checked when it was written) */
		due->first = goc__cycle_index(due->cycle, start ? start : as_of);
		if (!start && last < due->first)
			due->first = last; /* no first day: the last period due only */
		due->last = last;
		if (end && goc__cycle_index(due->cycle, end) < due->last)
			due->last = goc__cycle_index(due->cycle, end);
	} else if (s == SQLITE_DONE) { /* unless the code could not be bound */
		rc = goc__binds_failed(db, "reading a plan's reporting") != GOC_OK
		   ? GOC_ENOMEM : goc__err(db, GOC_ENOTFOUND, "plan: no plan with code '%s'", plan);
	} else {
		rc = goc__sqlerr(db, s, "reading a plan's reporting");
	}
	sqlite3_finalize(st);
	return rc;
}
