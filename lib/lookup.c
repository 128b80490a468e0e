/*
 * libgoc — lookups shared by the record modules: does a unit, group or
 * zone exist (cached statements, sql.c), and which unit a write records
 * (the actor's own unless an administrator names another).
 */
#include <string.h>

#include "internal.h"

static int exists(goc_db *db, enum goc__stmt_id id, const char *code, bool *found)
{
	*found = false;
	sqlite3_stmt *st;
	int rc = goc__stmt(db, id, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, code);
	int s = sqlite3_step(st);
	sqlite3_reset(st);
	/* no row: unless the code could not be bound (NULL matches none) */
	if (s == SQLITE_DONE && goc__binds_failed(db, "looking up a code") != GOC_OK)
		return GOC_ENOMEM;
	if (s == SQLITE_ROW || s == SQLITE_DONE) {
		*found = s == SQLITE_ROW;
		return GOC_OK;
	}
	return goc__sqlerr(db, s, "looking up a code");
}

int goc__unit_exists(goc_db *db, const char *field, const char *code)
{
	bool found = false;
	int rc = exists(db, STMT_UNIT_EXISTS, code, &found);
	if (rc == GOC_OK && !found)
		return goc__err(db, GOC_ENOTFOUND, "%s: no unit with code '%s'", field, code);
	return rc;
}

int goc__group_exists(goc_db *db, const char *code, bool *found)
{
	return exists(db, STMT_GROUP_EXISTS, code, found);
}

int goc__unit_code_taken(goc_db *db, const char *code, bool *found)
{
	return exists(db, STMT_UNIT_EXISTS, code, found);
}

int goc__zone_exists(goc_db *db, const char *field, const char *code)
{
	bool found = false;
	int rc = exists(db, STMT_ZONE_EXISTS, code, &found);
	if (rc == GOC_OK && !found)
		return goc__err(db, GOC_ENOTFOUND, "%s: no zone with code '%s'", field, code);
	return rc;
}

int goc__resolve_unit(goc_db *db, const char *field, const char *code,
                      const char **out)
{
	if (!code)
		code = db->actor;
	if (!code)
		return goc__err(db, GOC_EINVAL,
		                "%s: required (no acting unit is set on the handle)", field);
	int rc = goc__check_code(db, field, code);
	if (rc != GOC_OK)
		return rc;
	/* no write names another unit as the one that recorded it, unless
	 * an administrator makes it */
	if (db->write_access != GOC_ACCESS_ADMIN && db->actor && strcmp(code, db->actor) != 0)
		return goc__err(db, GOC_EPERM,
		                "%s: actor '%s' (role %s) may not record in the name of unit '%s';"
		                " only an administrator may name another unit", field, db->actor,
		                goc_access_str(db->write_access), code); /* a valid access: see actor_access() */
	rc = goc__unit_exists(db, field, code);
	if (rc == GOC_OK)
		*out = code;
	return rc;
}
