/*
 * libgoc — the SQL helpers every module uses: the handle's precondition,
 * preparing (one-off and cached statements), binding text, stepping and
 * executing with the error mapped (error.c), reading text columns.
 * Below everything that touches the database.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* A VALUES row written GOC__ORG_CHUNK (32) times */
#define ROWS4(r) r "," r "," r "," r
#define ROWS32(r) ROWS4(ROWS4(r)) "," ROWS4(ROWS4(r))
/* a chunk of another size would bind past the statement's parameters, and
 * every chunk would then be refused and written row by row, unnoticed */
_Static_assert(GOC__ORG_CHUNK == 32, "ROWS32() writes GOC__ORG_CHUNK rows");

/* A new organization: 14 parameters a row (org.c's org_bind()), the id
 * first (NULL: SQLite's choice) and the date twice */
#define ORG_INSERT                                                                 \
	"INSERT INTO organizations (id, name_zh, name_en, category, origin, zone,"  \
	" unit, id_scheme, id_value, notes, stage, stage_date, created,"            \
	" name_zh_key, name_en_key) VALUES"
#define ORG_ROW " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'target', ?, ?, ?, ?)"

static const char *const stmt_sql[STMT__COUNT] = {
	[STMT_UNIT_EXISTS] = "SELECT 1 FROM units WHERE code = ?1",
	[STMT_GROUP_EXISTS] = "SELECT 1 FROM unit_groups WHERE code = ?1",
	[STMT_ZONE_EXISTS] = "SELECT 1 FROM zones WHERE code = ?1",
	[STMT_ORG_INSERT] = ORG_INSERT ORG_ROW,
	[STMT_ORG_HISTORY_INSERT] =
	    "INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit,"
	    " note, recorded_by, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
	[STMT_ORG_INSERT_CHUNK] = ORG_INSERT ROWS32(ORG_ROW),
	/* 4 a row: the organization, the date, the unit, who recorded it */
	[STMT_ORG_HISTORY_INSERT_CHUNK] =
	    "INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit,"
	    " note, recorded_by, recorded_at) VALUES"
	    ROWS32(" (?, NULL, 'target', ?, ?, NULL, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"),
	[STMT_ORG_MAX_ID] = "SELECT coalesce(max(id), 0) FROM organizations",
	[STMT_ORG_STATE] =
	    "SELECT stage, stage_date, created FROM organizations WHERE id = ?1",
	[STMT_ORG_LAST_REVIEW] =
	    "SELECT outcome, date FROM risk_reviews WHERE org_id = ?1 AND date <= ?2"
	    " ORDER BY date DESC, id DESC LIMIT 1",
	[STMT_ORG_SET_STAGE] =
	    "UPDATE organizations SET stage = ?2, stage_date = ?3 WHERE id = ?1",
	/* ?1, ?2: the keys of the names; ?4 the organization updated (0:
	 * none), whose unchanged key is not checked again */
	[STMT_ORG_UNIQUE] =
	    "SELECT 'name_zh', id, name_zh FROM organizations"
	    "   WHERE name_zh_key = ?1 AND id <> ?4 AND NOT EXISTS"
	    "   (SELECT 1 FROM organizations WHERE id = ?4 AND name_zh_key = ?1)"
	    " UNION ALL SELECT 'name_en', id, name_en FROM organizations"
	    "   WHERE ?2 IS NOT NULL AND name_en_key = ?2 AND id <> ?4 AND NOT EXISTS"
	    "   (SELECT 1 FROM organizations WHERE id = ?4 AND name_en_key = ?2)"
	    " UNION ALL SELECT 'id_value', id, id_value FROM organizations"
	    "   WHERE ?3 IS NOT NULL AND id_scheme = ?3 AND id_value = ?5 AND id <> ?4"
	    " LIMIT 1",
	[STMT_SAVEPOINT] = "SAVEPOINT goc_write",
	[STMT_RELEASE] = "RELEASE goc_write",
};

/* goc__bind_text() failures on this thread (below). */
static _Thread_local unsigned long bind_failures;

int goc__check_db(goc_db *db)
{
	if (!db)
		return goc__err(NULL, GOC_EINVAL, "db: must not be NULL");
	db->bind_mark = bind_failures;
	return GOC_OK;
}

int goc__prepare(goc_db *db, const char *sql, sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return goc__sqlerr(db, rc, "preparing a statement");
	}
	return GOC_OK;
}

int goc__stmt(goc_db *db, enum goc__stmt_id id, sqlite3_stmt **out)
{
	sqlite3_stmt *st = db->stmts[id];
	if (!st) {
		int rc = sqlite3_prepare_v3(db->sql, stmt_sql[id], -1,
		                            SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK) {
			*out = NULL;
			return goc__sqlerr(db, rc, "preparing a statement");
		}
		db->stmts[id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	*out = st;
	return GOC_OK;
}

/* Bound text is copied (SQLITE_TRANSIENT): a cursor's statement is
 * stepped long after the call that bound the caller's strings, and inputs
 * are documented as copied. */
int goc__bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	int rc = sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		bind_failures++;
	return rc;
}

int goc__binds_failed(goc_db *db, const char *context)
{
	if (bind_failures == db->bind_mark)
		return GOC_OK;
	db->bind_mark = bind_failures;
	return goc__err(db, GOC_ENOMEM, "%s: out of memory binding a parameter",
	                goc__translate(db->lang, context));
}

/* A transaction open outside goc_db_begin() and outside any write was left
 * by a ROLLBACK or COMMIT that failed (out of memory): end it now, or every
 * later write would run inside it and be lost when the handle closes. */
int goc__end_stray_txn(goc_db *db, const char *context)
{
	if (db->user_txn || db->write_depth || sqlite3_get_autocommit(db->sql))
		return GOC_OK;
	int rc = goc__exec(db, "ROLLBACK", context);
	if (rc == GOC_OK)
		db->doomed = false;
	return rc;
}

int goc__step_done(goc_db *db, sqlite3_stmt *st, const char *context)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return GOC_OK;
	}
	int code = goc__sqlerr(db, rc, context);
	sqlite3_reset(st);
	return code;
}

int goc__exec(goc_db *db, const char *sql, const char *context)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return goc__sqlerr(db, rc, context);
	return GOC_OK;
}

const char *goc__col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

unsigned long goc__bind_failures(void)
{
	return bind_failures;
}
