/*
 * libgoc — the in-memory plan document and its store: the one place where
 * an imported plan (JSON, task table, built-in) is checked against the
 * database and written.
 */
#include <stdio.h>
#include <string.h>

#include "plan_internal.h"
#include "plandoc.h"


int goc__plandoc_init(goc_db *db, struct goc__plandoc *doc)
{
	memset(doc, 0, sizeof *doc);
	doc->plan.version = GOC_PLAN_FIELDS_VERSION;
	doc->report_deadline_days = -1;
	doc->arena = goc__arena_new();
	if (!doc->arena)
		return goc__err(db, GOC_ENOMEM, "out of memory reading a plan");
	return GOC_OK;
}

void goc__plandoc_free(struct goc__plandoc *doc)
{
	if (doc) {
		goc__arena_free(doc->arena);
		memset(doc, 0, sizeof *doc);
	}
}

/* Grow an arena array of `size`-byte elements to hold one more. */
static void *grow(struct goc__arena *a, void *arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return arr;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = goc__arena_alloc(a, ncap * size);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, arr, n * size);
	*cap = ncap;
	return p;
}

struct goc__doc_task *goc__plandoc_add_task(goc_db *db, struct goc__plandoc *doc)
{
	struct goc__doc_task *t = grow(doc->arena, doc->tasks, doc->n_tasks, &doc->cap_tasks,
	                               sizeof *t);
	if (!t) {
		goc__err(db, GOC_ENOMEM, "out of memory reading a plan");
		return NULL;
	}
	doc->tasks = t;
	t = &doc->tasks[doc->n_tasks++];
	memset(t, 0, sizeof *t);
	return t;
}

struct goc__doc_goal *goc__plandoc_add_goal(goc_db *db, struct goc__plandoc *doc)
{
	struct goc__doc_goal *g = grow(doc->arena, doc->goals, doc->n_goals, &doc->cap_goals,
	                               sizeof *g);
	if (!g) {
		goc__err(db, GOC_ENOMEM, "out of memory reading a plan");
		return NULL;
	}
	doc->goals = g;
	g = &doc->goals[doc->n_goals++];
	memset(g, 0, sizeof *g);
	return g;
}

int goc__plandoc_add_assign(goc_db *db, struct goc__plandoc *doc, struct goc__doc_task *task,
                            const char *party, int role, struct goc__doc_loc loc)
{
	struct goc__doc_assign *a = grow(doc->arena, task->assign, task->n_assign,
	                                 &task->cap_assign, sizeof *a);
	const char *copy = goc__arena_strdup(doc->arena, party);
	if (!a || !copy)
		return goc__err(db, GOC_ENOMEM, "out of memory reading a plan");
	task->assign = a;
	a = &task->assign[task->n_assign++];
	a->party = copy;
	a->role = role;
	a->loc = loc;
	return GOC_OK;
}

void goc__loc_format(char *buf, size_t size, struct goc__doc_loc loc, const char *field)
{
	if (loc.path)
		snprintf(buf, size, "%s.%s", loc.path, field);
	else if (loc.line && loc.column)
		snprintf(buf, size, "line %d, column %d: %s", loc.line, loc.column, field);
	else if (loc.line)
		snprintf(buf, size, "line %d: %s", loc.line, field);
	else
		snprintf(buf, size, "%s", field);
}

/* Prefix for field names of an element at loc ("tasks[3]." or "line 12: "). */
static void loc_prefix(char *buf, size_t size, struct goc__doc_loc loc)
{
	goc__loc_format(buf, size, loc, "");
}

/*
 * Resolve a party as written (code, Chinese or English name of a unit or
 * group) to its code and kind ('u' or 'g').  found = false if unknown.
 */
static int resolve_party(goc_db *db, const char *name, char *code, size_t size,
                         char *kind, bool *found)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db,
	    "SELECT code, 'u', 1 FROM units WHERE code = ?1"
	    " UNION ALL SELECT code, 'g', 2 FROM unit_groups WHERE code = ?1"
	    " UNION ALL SELECT code, 'u', 3 FROM units WHERE name_zh = ?1"
	    " UNION ALL SELECT code, 'g', 4 FROM unit_groups WHERE name_zh = ?1"
	    " UNION ALL SELECT code, 'u', 5 FROM units WHERE name_en = ?1 COLLATE NOCASE"
	    " UNION ALL SELECT code, 'g', 6 FROM unit_groups WHERE name_en = ?1 COLLATE NOCASE"
	    " ORDER BY 3 LIMIT 1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, name);
	int r = sqlite3_step(st);
	*found = r == SQLITE_ROW;
	if (r == SQLITE_ROW) {
		snprintf(code, size, "%s", goc__col_text(st, 0));
		*kind = goc__col_text(st, 1)[0];
	} else if (r != SQLITE_DONE) {
		rc = goc__sqlerr(db, r, "resolving a unit name");
	}
	sqlite3_finalize(st);
	return rc;
}

/* Register an unknown unit name (checked as a name by the caller) as a new
 * department with code unit-N. */
static int create_unit(goc_db *db, const char *name, char *code, size_t size)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT count(*) FROM units", &st);
	if (rc != GOC_OK)
		return rc;
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	for (;; n++) {
		bool taken = false, group = false;
		snprintf(code, size, "unit-%d", n + 1);
		rc = goc__unit_code_taken(db, code, &taken);
		if (rc == GOC_OK)
			rc = goc__group_exists(db, code, &group);
		if (rc != GOC_OK)
			return rc;
		if (!taken && !group)
			break;
	}
	rc = goc__prepare(db, "INSERT INTO units (code, name_zh, kind) VALUES (?1, ?2, 'department')", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, code);
	goc__bind_text(st, 2, name);
	rc = goc__step_done(db, st, "registering a unit");
	sqlite3_finalize(st);
	return rc;
}

static int store_assignments(goc_db *db, const struct goc__doc_task *t, int64_t id,
                             unsigned int flags)
{
	char field[200], code[GOC_CODE_MAX + 1];
	for (size_t j = 0; j < t->n_assign; j++) {
		const struct goc__doc_assign *a = &t->assign[j];
		goc__loc_format(field, sizeof field, a->loc, "party");
		if (!goc_role_str(a->role))
			return goc__err(db, GOC_EINVAL, "%s: %d is not a role", field, a->role);
		for (size_t k = 0; k < j; k++)
			if (strcmp(t->assign[k].party, a->party) == 0)
				return goc__err(db, GOC_EINVAL, "%s: '%s' is listed twice for task '%s'",
				                field, a->party, t->code);
		int rc = goc__check_text(db, field, a->party, true, GOC_NAME_MAX, false);
		char kind = 0;
		bool found = false;
		if (rc == GOC_OK)
			rc = resolve_party(db, a->party, code, sizeof code, &kind, &found);
		if (rc == GOC_OK && !found) {
			if (!(flags & GOC_IMPORT_CREATE_UNITS))
				return goc__err(db, GOC_ENOTFOUND, "%s: no unit or group '%s'",
				                field, a->party);
			rc = create_unit(db, a->party, code, sizeof code);
			kind = 'u';
		}
		if (rc == GOC_OK)
			rc = goc__assign(db, id, code, kind, a->role);
		if (rc != GOC_OK)
			return rc;
	}
	return GOC_OK;
}

static int plan_has_tasks(goc_db *db, const char *plan, bool *yes, char *end, size_t size)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT (SELECT count(*) FROM tasks WHERE plan = ?1), end_date"
	                          " FROM plans WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*yes = sqlite3_column_int(st, 0) > 0;
		snprintf(end, size, "%s", goc__col_text(st, 1) ? goc__col_text(st, 1) : "");
	} else {
		rc = goc__sqlerr(db, r, "reading a plan");
	}
	sqlite3_finalize(st);
	return rc;
}

static int plan_row_exists(goc_db *db, const char *plan, bool *yes)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT 1 FROM plans WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	int r = sqlite3_step(st);
	*yes = r == SQLITE_ROW;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "looking up a plan");
	sqlite3_finalize(st);
	return rc;
}

int goc__plandoc_store(goc_db *db, const struct goc__plandoc *doc, enum goc__store_mode mode,
                       const char *plan_code, unsigned int flags, goc_progress_cb progress,
                       void *payload)
{
	char prefix[160];
	char end[11] = "";
	const char *plan;
	int rc;
	if (mode == GOC__STORE_NEW_PLAN) {
		goc_plan_fields pf = doc->plan;
		if (plan_code)
			pf.code = plan_code;
		plan = pf.code;
		bool exists = false;
		rc = goc__check_code(db, "plan.code", plan);
		if (rc == GOC_OK)
			rc = plan_row_exists(db, plan, &exists);
		if (rc == GOC_OK && exists) {
			if (!(flags & GOC_IMPORT_REPLACE))
				return goc__err(db, GOC_EEXISTS,
				                "plan.code: a plan '%s' already exists (replace it with GOC_IMPORT_REPLACE)",
				                plan);
			rc = goc__plan_clear(db, plan, false);
		}
		if (rc == GOC_OK)
			rc = goc__plan_insert(db, &pf, "plan.");
		if (rc == GOC_OK && (doc->report_cycle || doc->report_deadline_days >= 0))
			rc = goc__plan_reporting_store(db, plan,
			                               doc->report_cycle ? doc->report_cycle : GOC__DEFAULT_CYCLE,
			                               doc->report_deadline_days >= 0 ? doc->report_deadline_days
			                                                              : GOC__DEFAULT_DEADLINE_DAYS);
		for (size_t i = 0; rc == GOC_OK && i < doc->n_goals; i++) {
			const struct goc__doc_goal *g = &doc->goals[i];
			goc_goal_fields gf = GOC_GOAL_FIELDS_INIT;
			gf.plan = plan;
			gf.code = g->code;
			gf.title_zh = g->title_zh;
			gf.title_en = g->title_en;
			gf.text = g->text;
			loc_prefix(prefix, sizeof prefix, g->loc);
			rc = goc__goal_insert(db, &gf, prefix);
		}
	} else {
		plan = plan_code;
		bool has = false;
		rc = goc__plan_exists(db, "plan", plan);
		if (rc == GOC_OK)
			rc = plan_has_tasks(db, plan, &has, end, sizeof end);
		if (rc == GOC_OK && has) {
			if (!(flags & GOC_IMPORT_REPLACE))
				return goc__err(db, GOC_EEXISTS,
				                "plan: '%s' already has tasks (replace them with GOC_IMPORT_REPLACE)",
				                plan);
			rc = goc__plan_clear(db, plan, true);
		}
	}
	for (size_t i = 0; rc == GOC_OK && i < doc->n_tasks; i++) {
		const struct goc__doc_task *t = &doc->tasks[i];
		goc_task_fields tf = GOC_TASK_FIELDS_INIT;
		tf.plan = plan;
		tf.code = t->code;
		tf.parent = t->parent;
		tf.level = t->level;
		tf.label = t->label;
		tf.title_zh = t->title_zh;
		tf.title_en = t->title_en;
		tf.text = t->text;
		tf.due = t->due;
		tf.recurrence = t->recurrence;
		/* a table carries no dates (tf.due is NULL): its work items are
		 * due at the plan's end, if it has one */
		if (mode == GOC__STORE_INTO_PLAN && tf.level == GOC_LEVEL_ITEM && *end)
			tf.due = end;
		loc_prefix(prefix, sizeof prefix, t->loc);
		int64_t id = 0;
		rc = goc__task_insert(db, &tf, prefix, &id);
		if (rc == GOC_OK && (t->status || t->status_date || t->done_date)) {
			if (t->done_date && t->status != GOC_TASK_DONE)
				rc = goc__err(db, GOC_EINVAL, "%sdone_date: only a done task has one", prefix);
			else if (!t->status_date)
				rc = goc__err(db, GOC_EINVAL, "%sstatus_date: required with a status", prefix);
			else
				rc = goc__task_status_set(db, id, t->status ? t->status : GOC_TASK_NOT_STARTED,
				                          t->status_date, t->done_date, prefix);
		}
		if (rc == GOC_OK)
			rc = store_assignments(db, t, id, flags);
		if (rc == GOC_OK && progress && progress(i + 1, doc->n_tasks, payload) != 0)
			rc = goc__err(db, GOC_ECANCELLED, "import cancelled by the progress callback");
	}
	return rc;
}
