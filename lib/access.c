/*
 * libgoc — the public calls over units' access roles and reviewing units
 * (goc/audit.h).  Each change is itself a write (write.c), audited; the
 * rules that read roles are in audit.c.
 */
#include <string.h>

#include "register_internal.h"

/* One column of a unit's row to set: ?2 is `text` when not NULL, else `num`. */
struct unit_column {
	const char *unit, *sql, *text;
	int num;
	const char *what;
};

static int set_column(goc_db *db, const void *column)
{
	const struct unit_column *c = column;
	int rc = goc__unit_exists(db, "unit", c->unit);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, c->sql, &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 1, c->unit);
		if (c->text)
			goc__bind_text(st, 2, c->text);
		else
			sqlite3_bind_int(st, 2, c->num);
		rc = goc__step_done(db, st, c->what);
		sqlite3_finalize(st);
	}
	return rc;
}

static int set_unit(goc_db *db, const char *unit, const char *action, const char *sql,
                    const char *text, int num, const char *what)
{
	struct unit_column c = { unit, sql, text, num, what };
	return goc__write_key(db, &goc__kind_unit, action, unit, set_column, &c, NULL);
}

/* Read a unit's role and reviewer flag (either out may be NULL). */
static int read_unit(goc_db *db, const char *unit, int *access, int *reviewer,
                     const char *what)
{
	int rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT access, reviewer FROM units WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, unit);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		if (access)
			*access = goc__access_value(goc__col_text(st, 0));
		if (reviewer)
			*reviewer = sqlite3_column_int64(st, 1) == 1;
	} else if (step == SQLITE_DONE) {
		rc = goc__err(db, GOC_ENOTFOUND, "unit: no unit '%s'", unit);
	} else {
		rc = goc__sqlerr(db, step, what);
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_unit_set_access(goc_db *db, const char *unit, int access)
{
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	if (!goc_access_str(access))
		return goc__err(db, GOC_EINVAL, "access: %d is not an access role", access);
	return set_unit(db, unit, "unit.set_access", "UPDATE units SET access = ?2 WHERE code = ?1",
	                goc_access_str(access), 0, "setting a unit's access role");
}

GOC_API int goc_unit_access(int *out, goc_db *db, const char *unit)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = 0;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	return read_unit(db, unit, out, NULL, "reading a unit's access role");
}

/* ---- reviewing units ---- */

GOC_API int goc_unit_set_reviewer(goc_db *db, const char *unit, int yes)
{
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	if (yes != 0 && yes != 1)
		return goc__err(db, GOC_EINVAL, "yes: %d is neither 1 (a reviewing unit) nor 0", yes);
	return set_unit(db, unit, "unit.set_reviewer", "UPDATE units SET reviewer = ?2 WHERE code = ?1",
	                NULL, yes, "naming a reviewing unit");
}

GOC_API int goc_unit_is_reviewer(int *out, goc_db *db, const char *unit)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = 0;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	return read_unit(db, unit, NULL, out, "reading whether a unit reviews risks");
}
