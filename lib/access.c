/*
 * libgoc — the public calls over units' access roles and reviewing units
 * (goc/audit.h).  Each change is itself a write (write.c), audited; the
 * rules that read roles are in audit.c.
 */
#include <string.h>

#include "internal.h"

GOC_API int goc_unit_set_access(goc_db *db, const char *unit, int access)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	if (!goc_access_str(access))
		return goc__err(db, GOC_EINVAL, "access: %d is not an access role", access);
	struct goc__write w;
	rc = goc__write_begin(db, &w, "unit.set_access", "unit");
	if (rc == GOC_OK) {
		goc__write_object(db, &w, unit);
		rc = goc__unit_exists(db, "unit", unit);
	}
	if (rc == GOC_OK) {
		sqlite3_stmt *st;
		rc = goc__prepare(db, "UPDATE units SET access = ?2 WHERE code = ?1", &st);
		if (rc == GOC_OK) {
			goc__bind_text(st, 1, unit);
			goc__bind_text(st, 2, goc_access_str(access));
			rc = goc__step_done(db, st, "setting a unit's access role");
			sqlite3_finalize(st);
		}
	}
	return goc__write_end(db, &w, rc);
}

GOC_API int goc_unit_access(int *out, goc_db *db, const char *unit)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = 0;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT access FROM units WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, unit);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = goc__access_value(goc__col_text(st, 0));
	else if (step == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "unit: no unit '%s'", unit);
	else
		rc = goc__sqlerr(db, step, "reading a unit's access role");
	sqlite3_finalize(st);
	return rc;
}

/* ---- reviewing units ---- */

GOC_API int goc_unit_set_reviewer(goc_db *db, const char *unit, int yes)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	if (yes != 0 && yes != 1)
		return goc__err(db, GOC_EINVAL, "yes: %d is neither 1 (a reviewing unit) nor 0", yes);
	struct goc__write w;
	rc = goc__write_begin(db, &w, "unit.set_reviewer", "unit");
	if (rc == GOC_OK) {
		goc__write_object(db, &w, unit);
		rc = goc__unit_exists(db, "unit", unit);
	}
	if (rc == GOC_OK) {
		sqlite3_stmt *st;
		rc = goc__prepare(db, "UPDATE units SET reviewer = ?2 WHERE code = ?1", &st);
		if (rc == GOC_OK) {
			goc__bind_text(st, 1, unit);
			sqlite3_bind_int(st, 2, yes);
			rc = goc__step_done(db, st, "naming a reviewing unit");
			sqlite3_finalize(st);
		}
	}
	return goc__write_end(db, &w, rc);
}

GOC_API int goc_unit_is_reviewer(int *out, goc_db *db, const char *unit)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = 0;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT reviewer FROM units WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, unit);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0) == 1;
	else if (step == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "unit: no unit '%s'", unit);
	else
		rc = goc__sqlerr(db, step, "reading whether a unit reviews risks");
	sqlite3_finalize(st);
	return rc;
}
