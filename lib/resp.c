/*
 * libgoc — responsibility: who answers for which task, with groups
 * expanded and assignments inherited down the tree.
 */
#include <stdio.h>
#include <string.h>

#include "plan_internal.h"
#include "plandoc.h"

void goc__read_assignment(sqlite3_stmt *st, void *row)
{
	struct goc_assignment *a = row;
	a->task = goc__col_text(st, 0);
	a->party = goc__col_text(st, 1);
	a->is_group = sqlite3_column_int(st, 2);
	a->role = goc__role_value(goc__col_text(st, 3));
	a->via_group = goc__col_text(st, 4);
	a->inherited_from = goc__col_text(st, 5);
}

/* Prepare a responsibility query bound to plan ?1. */
static int resp_prepare(goc_db *db, unsigned int flags, const char *where,
                        const char *order, const char *plan, sqlite3_stmt **st)
{
	char sql[4096];
	if (goc__resp_sql(sql, sizeof sql, flags, where, order) != GOC_OK) /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
		return goc__err(db, GOC_ERROR, "internal error: responsibility query too long");
	int rc = goc__prepare(db, sql, st);
	if (rc == GOC_OK)
		goc__bind_text(*st, 1, plan);
	return rc;
}

int goc__unit_answers_for(goc_db *db, int64_t task_id, const char *unit, bool *yes)
{
	sqlite3_stmt *st;
	const char *plan = NULL;
	/* the plan of the task */
	int rc = goc__prepare(db, "SELECT plan FROM tasks WHERE id = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, task_id);
	char planbuf[64] = "";
	int r0 = sqlite3_step(st);
	if (r0 == SQLITE_ROW)
		snprintf(planbuf, sizeof planbuf, "%s", goc__col_text(st, 0));
	else
		rc = r0 == SQLITE_DONE ? goc__err(db, GOC_ENOTFOUND, "task: no task with id %lld",
		                                  (long long)task_id)
		                       : goc__sqlerr(db, r0, "reading a task");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	plan = planbuf;
	rc = resp_prepare(db, GOC_RESP_EXPAND | GOC_RESP_INHERIT,
	                  " AND r.task_id = ?2 AND r.party = ?3", "1", plan, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 2, task_id);
	goc__bind_text(st, 3, unit);
	int r = sqlite3_step(st);
	*yes = r == SQLITE_ROW;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "checking responsibility");
	sqlite3_finalize(st);
	return rc;
}

/* Is `code` a unit (kind 'u') or a group ('g')?  ENOTFOUND otherwise. */
static int party_kind(goc_db *db, const char *field, const char *code, char *kind)
{
	int rc = goc__check_code(db, field, code);
	bool found = false;
	if (rc == GOC_OK)
		rc = goc__unit_code_taken(db, code, &found);
	if (rc == GOC_OK && found) {
		*kind = 'u';
		return GOC_OK;
	}
	if (rc == GOC_OK)
		rc = goc__group_exists(db, code, &found);
	if (rc == GOC_OK && found) {
		*kind = 'g';
		return GOC_OK;
	}
	if (rc == GOC_OK)
		rc = goc__err(db, GOC_ENOTFOUND, "%s: no unit or group with code '%s'", field, code);
	return rc;
}

int goc__assign(goc_db *db, int64_t task_id, const char *party, char kind, int role)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db,
	    "INSERT INTO task_assignments (task_id, party, unit, unit_group, role)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT (task_id, party) DO UPDATE SET role = excluded.role", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, task_id);
	goc__bind_text(st, 2, party);
	goc__bind_text(st, 3, kind == 'u' ? party : NULL);
	goc__bind_text(st, 4, kind == 'g' ? party : NULL);
	goc__bind_text(st, 5, goc_role_str(role));
	rc = goc__step_done(db, st, "assigning a task");
	sqlite3_finalize(st);
	return rc;
}

static int task_of(goc_db *db, const char *plan, const char *task, int64_t *id)
{
	int rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__task_id(db, "task", plan, task, id);
	return rc;
}

/* An assignment of a task (plan, task) to a party, or its removal. */
struct assign_call {
	const char *plan, *task, *party;
	int role;
};

static int assign(goc_db *db, const void *call)
{
	const struct assign_call *c = call;
	int64_t id = 0;
	char kind = 0;
	int rc = GOC_OK;
	if (!goc_role_str(c->role))
		rc = goc__err(db, GOC_EINVAL, "role: %d is not a role", c->role);
	if (rc == GOC_OK)
		rc = task_of(db, c->plan, c->task, &id);
	if (rc == GOC_OK)
		rc = party_kind(db, "party", c->party, &kind);
	if (rc == GOC_OK)
		rc = goc__assign(db, id, c->party, kind, c->role);
	return rc;
}

GOC_API int goc_task_assign(goc_db *db, const char *plan, const char *task,
                            const char *party, int role)
{
	struct assign_call c = { plan, task, party, role };
	return goc__write_key(db, &goc__kind_task, "task.assign", task, assign, &c, NULL);
}

static int unassign(goc_db *db, const void *call)
{
	const struct assign_call *c = call;
	int64_t id = 0;
	int rc = task_of(db, c->plan, c->task, &id);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "party", c->party);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "DELETE FROM task_assignments WHERE task_id = ?1 AND party = ?2", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, id);
		goc__bind_text(st, 2, c->party);
		rc = goc__step_done(db, st, "unassigning a task");
		if (rc == GOC_OK && sqlite3_changes(db->sql) == 0)
			rc = goc__err(db, GOC_ENOTFOUND,
			              "party: '%s' is not assigned to task '%s' directly", c->party, c->task);
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_task_unassign(goc_db *db, const char *plan, const char *task,
                              const char *party)
{
	struct assign_call c = { plan, task, party, 0 };
	return goc__write_key(db, &goc__kind_task, "task.unassign", task, unassign, &c, NULL);
}

static int check_flags(goc_db *db, unsigned int flags)
{
	if (flags & ~(unsigned)(GOC_RESP_EXPAND | GOC_RESP_INHERIT))
		return goc__err(db, GOC_EINVAL, "flags: unknown bits 0x%X",
		                flags & ~(unsigned)(GOC_RESP_EXPAND | GOC_RESP_INHERIT));
	return GOC_OK;
}

GOC_API int goc_task_units(goc_cursor **out, goc_db *db, const char *plan,
                           const char *task, unsigned int flags)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	int64_t id = 0;
	rc = check_flags(db, flags);
	if (rc == GOC_OK)
		rc = task_of(db, plan, task, &id);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = resp_prepare(db, flags, " AND r.task_id = ?2", "r.rank, r.party", plan, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 2, id);
	return goc__cursor_new(out, db, st, CUR_ASSIGNMENT, goc__read_assignment);
}

GOC_API int goc_unit_tasks(goc_cursor **out, goc_db *db, const char *plan,
                           const char *party, unsigned int flags)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	char kind = 0;
	rc = check_flags(db, flags);
	if (rc == GOC_OK)
		rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = party_kind(db, "party", party, &kind);
	if (rc != GOC_OK)
		return rc;
	if (kind == 'g')
		flags &= ~(unsigned)GOC_RESP_EXPAND; /* a group answers through its own assignments */
	sqlite3_stmt *st;
	rc = resp_prepare(db, flags, " AND r.party = ?2", "r.sortkey", plan, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 2, party);
	return goc__cursor_new(out, db, st, CUR_ASSIGNMENT, goc__read_assignment);
}

GOC_API int goc_plan_matrix(goc_cursor **out, goc_db *db, const char *plan)
{
	int rc = goc__plan_args(db, (void **)out, plan);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = resp_prepare(db, GOC_RESP_EXPAND | GOC_RESP_INHERIT, "", "r.party, r.sortkey", plan, &st);
	if (rc != GOC_OK)
		return rc;
	return goc__cursor_new(out, db, st, CUR_ASSIGNMENT, goc__read_assignment);
}

GOC_API const goc_assignment *goc_cursor_assignment(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_ASSIGNMENT);
}

GOC_API const char *goc_assignment_task(const goc_assignment *a) { return a ? a->task : NULL; }
GOC_API const char *goc_assignment_party(const goc_assignment *a) { return a ? a->party : NULL; }
GOC_API int goc_assignment_is_group(const goc_assignment *a) { return a ? a->is_group : 0; }
GOC_API int goc_assignment_role(const goc_assignment *a) { return a ? a->role : 0; }
GOC_API const char *goc_assignment_via_group(const goc_assignment *a) { return a ? a->via_group : NULL; }
GOC_API const char *goc_assignment_inherited_from(const goc_assignment *a) { return a ? a->inherited_from : NULL; }
