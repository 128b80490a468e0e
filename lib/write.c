/*
 * libgoc — the write path every mutating call goes through
 * (goc__write_begin … goc__write_end, see internal.h): transaction or
 * savepoint, the authorization and audit hooks (audit.c), commit, or undo
 * of everything on failure.  Above audit.c and sql.c; the record modules
 * sit above it.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

int goc__write_begin(goc_db *db, struct goc__write *w, const char *action,
                     const struct goc__kind *kind)
{
	memset(w, 0, sizeof *w);
	w->action = action;
	w->kind = kind;
	if (db->readonly)
		return goc__err(db, GOC_EREADONLY, "%s: %s is opened read-only",
		                action, db->path);
	if (db->user_txn && (sqlite3_get_autocommit(db->sql) || db->doomed))
		return goc__err(db, GOC_ERROR,
		                "%s: the transaction was rolled back by an earlier error;"
		                " call goc_db_rollback() and start again", action);
	int rc = goc__end_stray_txn(db, action);
	if (rc != GOC_OK)
		return rc;
	w->bind_failures = goc__bind_failures();
	w->own_txn = sqlite3_get_autocommit(db->sql) != 0;
	if (w->own_txn && db->denials)
		goc__audit_flush(db);
	/* Who may: the one place every write is checked (audit.c). */
	rc = goc__authorize(db, w);
	if (rc != GOC_OK)
		return rc;
	if (w->own_txn) {
		rc = goc__exec(db, "BEGIN IMMEDIATE", action);
	} else {
		/* inside the caller's transaction: a cached statement, cheap per call */
		sqlite3_stmt *st;
		rc = goc__stmt(db, STMT_SAVEPOINT, &st);
		if (rc == GOC_OK)
			rc = goc__step_done(db, st, action);
	}
	if (rc == GOC_OK) {
		w->active = true;
		db->write_depth++;
	}
	return rc;
}

static int write_object(goc_db *db, struct goc__write *w)
{
	if (!w->active)
		return GOC_OK;
	return goc__audit_object(db, w);
}

/* An error here (out of memory reading the object) is kept in w and
 * returned by goc__write_end(). */
/* The caller goes on with its statements after an error kept in w.  An
 * I/O error or out of memory in a statement makes SQLite roll back the
 * whole transaction: those statements would then each commit on their
 * own.  Open a transaction to hold them instead; goc__write_end() rolls it
 * back when the outermost write ends. */
static void contain(goc_db *db, struct goc__write *w)
{
	if (w->object_rc != GOC_OK && sqlite3_get_autocommit(db->sql) &&
	    sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
		db->doomed = true;
}

void goc__write_object(goc_db *db, struct goc__write *w, const char *id)
{
	snprintf(w->object_id, sizeof w->object_id, "%s", id ? id : "");
	w->object_rc = write_object(db, w);
	contain(db, w);
}

void goc__write_object_id(goc_db *db, struct goc__write *w, int64_t id)
{
	snprintf(w->object_id, sizeof w->object_id, "%lld", (long long)id);
	w->object_rc = write_object(db, w);
	contain(db, w);
}

static void write_undo(goc_db *db, struct goc__write *w)
{
	goc__audit_forget(db); /* the last record may be undone with the rest */
	if (db->doomed) {
		/* the transaction contain() opened, once no write is left */
		if (db->write_depth == 0) {
			if (!sqlite3_get_autocommit(db->sql))
				sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			db->doomed = !sqlite3_get_autocommit(db->sql);
		}
	} else if (w->own_txn) {
		if (!sqlite3_get_autocommit(db->sql))
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	} else if (!sqlite3_get_autocommit(db->sql)) {
		if (sqlite3_exec(db->sql, "ROLLBACK TO goc_write", NULL, NULL, NULL) == SQLITE_OK) {
			sqlite3_exec(db->sql, "RELEASE goc_write", NULL, NULL, NULL);
		} else if (!sqlite3_get_autocommit(db->sql)) {
			/* Out of memory: the call's changes are still in the
			 * transaction.  Roll it all back (a write around this
			 * one does, when it ends); if even that fails, the
			 * transaction must never commit. */
			if (db->write_depth > 0 ||
			    (sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK &&
			     !sqlite3_get_autocommit(db->sql)))
				db->doomed = true;
		}
	}
}

int goc__write_end(goc_db *db, struct goc__write *w, int rc)
{
	if (!w->active)
		return rc;
	w->active = false;
	db->write_depth--;
	if (rc == GOC_OK)
		rc = w->object_rc;
	if (rc == GOC_OK && db->doomed)
		rc = goc__err(db, GOC_ERROR, "%s: an earlier error in this call undid it", w->action);
	/* another unit's object: refused (by goc__audit_commit), whatever else */
	if (rc == GOC_OK || (w->denied && rc != GOC_EPERM))
		rc = goc__audit_commit(db, w);
	/* a value that could not be bound went in as NULL: undo it all */
	if (goc__bind_failures() != w->bind_failures && rc != GOC_ENOMEM)
		rc = goc__err(db, GOC_ENOMEM, "%s: out of memory binding a value", w->action);
	if (rc == GOC_OK) {
		if (w->own_txn) {
			rc = goc__exec(db, "COMMIT", w->action);
		} else {
			sqlite3_stmt *st;
			rc = goc__stmt(db, STMT_RELEASE, &st);
			if (rc == GOC_OK)
				rc = goc__step_done(db, st, w->action);
		}
	}
	goc__audit_write_done(w);
	if (rc == GOC_OK)
		return GOC_OK;
	write_undo(db, w);
	if (rc == GOC_EPERM && !w->nested)
		goc__audit_refused(db, w);
	return rc;
}
