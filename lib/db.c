/*
 * libgoc — the database handle: open and close, transactions, the acting
 * unit, prepared-statement cache, and the single write path.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static const char *const stmt_sql[STMT__COUNT] = {
	[STMT_UNIT_EXISTS] = "SELECT 1 FROM units WHERE code = ?1",
	[STMT_GROUP_EXISTS] = "SELECT 1 FROM unit_groups WHERE code = ?1",
	[STMT_ZONE_EXISTS] = "SELECT 1 FROM zones WHERE code = ?1",
	[STMT_ORG_INSERT] =
	    "INSERT INTO organizations (name_zh, name_en, category, origin, zone,"
	    " unit, id_scheme, id_value, notes, stage, stage_date, created,"
	    " name_zh_key, name_en_key)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'target', ?10, ?10, ?11, ?12)",
	[STMT_ORG_HISTORY_INSERT] =
	    "INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit,"
	    " note, recorded_by, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
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
	return goc__err(db, GOC_ENOMEM, "%s: out of memory binding a parameter", context);
}

/* A transaction open outside goc_db_begin() and outside any write was left
 * by a ROLLBACK or COMMIT that failed (out of memory): end it now, or every
 * later write would run inside it and be lost when the handle closes. */
static int end_stray_txn(goc_db *db, const char *context)
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

static void db_free(goc_db *db)
{
	if (!db)
		return;
	goc__cursors_detach(db);
	if (db->sql && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->user_txn = false;
	if (db->sql)
		goc__audit_flush(db); /* refusals still waiting: a last chance */
	goc__audit_close(db);
	for (int i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(db->stmts[i]);
	if (db->sql)
		sqlite3_close_v2(db->sql);
	goc__free(db->actor);
	goc__free(db->path);
	goc__free(db);
}

/* Open db->sql on `name` (a path, or a URI with SQLITE_OPEN_URI) and set
 * it up: extended codes, busy timeout, pragmas, libgoc's SQL functions. */
static int open_sql(goc_db *db, const char *name, int flags, int timeout)
{
	int rc = sqlite3_open_v2(name, &db->sql, flags, NULL);
	if (rc != SQLITE_OK) {
		int code = goc__map_sqlite(rc);
		if (code == GOC_ENOMEM)
			return goc__err(NULL, code, "%s: out of memory", db->path);
		return goc__err(NULL, GOC_ECANTOPEN, "%s: cannot open: %s", db->path,
		                db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, timeout > 0 ? timeout : 0);
	/* Statement journals in memory: every call inside a caller's
	 * transaction is a SAVEPOINT, and a journal spilled to a temporary
	 * file costs a write per page (measured: 29 writes per organization
	 * in a bulk insert, 4x slower). */
	int code = goc__exec(db, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY",
	                     db->path);
	if (code == GOC_OK)
		code = goc__name_key_register(db);
	return code;
}

/* Did the read-only open fail because the WAL's shared-memory file could
 * not be created (the folder or the medium is read-only)? */
static bool needs_shm(goc_db *db)
{
	if (!db->sql || strcmp(db->path, ":memory:") == 0)
		return false;
	int x = sqlite3_extended_errcode(db->sql);
	return x == SQLITE_READONLY_DIRECTORY || x == SQLITE_READONLY_CANTINIT ||
	       (x & 0xff) == SQLITE_CANTOPEN;
}

/* Open the file again as "file:PATH?immutable=1": SQLite then takes no
 * locks and makes no -shm, and reads only the main file.  Refused when a
 * -wal file with content is beside it: its changes would be missed. */
static int open_immutable(goc_db *db, const char *path, int flags, int timeout)
{
	char *wal = sqlite3_mprintf("%s-wal", path);
	if (!wal)
		return goc__err(NULL, GOC_ENOMEM, "%s: out of memory", path);
	struct stat st;
	bool pending = stat(wal, &st) == 0 && st.st_size > 0;
	sqlite3_free(wal);
	if (pending)
		return goc__err(NULL, GOC_ECANTOPEN,
		                "%s: cannot be read without write access to its folder: its"
		                " write-ahead log %s-wal holds changes not yet in the file"
		                " (open it once where it can be written, or copy both files)",
		                path, path);
	/* the path as a URI: '%', '?' and '#' escaped; "file://" before an
	 * absolute path (empty authority) */
	sqlite3_str *u = sqlite3_str_new(NULL);
	sqlite3_str_appendall(u, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sqlite3_str_appendf(u, "%%%02X", *p);
		else
			sqlite3_str_appendchar(u, 1, (char)*p);
	}
	sqlite3_str_appendall(u, "?immutable=1");
	char *uri = sqlite3_str_finish(u);
	if (!uri)
		return goc__err(NULL, GOC_ENOMEM, "%s: out of memory", path);
	goc__audit_close(db);
	for (int i = 0; i < STMT__COUNT; i++) {
		sqlite3_finalize(db->stmts[i]);
		db->stmts[i] = NULL;
	}
	sqlite3_close_v2(db->sql);
	db->sql = NULL;
	int rc = open_sql(db, uri, flags | SQLITE_OPEN_URI, timeout);
	sqlite3_free(uri);
	return rc;
}

GOC_API int goc_db_open(goc_db **out, const char *path)
{
	return goc_db_open_ext(out, path, NULL);
}

GOC_API int goc_db_open_ext(goc_db **out, const char *path,
                            const goc_open_options *opts)
{
	static const goc_open_options defaults = GOC_OPEN_OPTIONS_INIT;
	if (out)
		*out = NULL;
	if (!out)
		return goc__err(NULL, GOC_EINVAL, "out: must not be NULL");
	if (!path || !*path)
		return goc__err(NULL, GOC_EINVAL, "path: required, must not be empty");
	if (goc__check_utf8(path, NULL, NULL) != 0)
		return goc__err(NULL, GOC_EINVAL, "path: invalid UTF-8");
	if (!opts)
		opts = &defaults;
	if (opts->version < 1 || opts->version > GOC_OPEN_OPTIONS_VERSION)
		return goc__err(NULL, GOC_EINVAL,
		                "opts: goc_open_options version %u is not supported (1..%d)",
		                opts->version, GOC_OPEN_OPTIONS_VERSION);
	if (opts->flags & ~(unsigned)(GOC_OPEN_READONLY | GOC_OPEN_NOCREATE))
		return goc__err(NULL, GOC_EINVAL, "opts: unknown flags 0x%X",
		                opts->flags & ~(unsigned)(GOC_OPEN_READONLY | GOC_OPEN_NOCREATE));

	goc_db *db = goc__malloc(sizeof *db);
	if (!db)
		return goc__err(NULL, GOC_ENOMEM, "out of memory opening %s", path);
	memset(db, 0, sizeof *db);
	db->readonly = (opts->flags & GOC_OPEN_READONLY) != 0;
	db->path = goc__strdup(path);
	if (!db->path) {
		goc__free(db);
		return goc__err(NULL, GOC_ENOMEM, "out of memory opening %s", path);
	}

	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (db->readonly)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE |
		         ((opts->flags & GOC_OPEN_NOCREATE) ? 0 : SQLITE_OPEN_CREATE);
	int timeout = opts->busy_timeout_ms == 0 ? GOC_DEFAULT_BUSY_TIMEOUT_MS
	                                         : opts->busy_timeout_ms;
	int code = open_sql(db, path, flags, timeout);
	if (code == GOC_OK)
		code = goc__schema_open(db);
	if (code != GOC_OK && db->readonly && needs_shm(db)) {
		/* A WAL database in a folder (or on a medium) the caller cannot
		 * write: SQLite cannot make the -shm file that readers share.
		 * Read the file as immutable instead (no locks, no -shm). */
		code = open_immutable(db, path, flags, timeout);
		if (code == GOC_OK)
			code = goc__schema_open(db);
	}
	if (code == GOC_OK && !db->readonly)
		code = goc__exec(db, "PRAGMA journal_mode = WAL", path);
	if (code != GOC_OK) {
		/* keep the thread's message: freeing the handle records nothing */
		db_free(db);
		return code;
	}
	*out = db;
	return GOC_OK;
}

GOC_API void goc_db_close(goc_db *db)
{
	db_free(db);
}

GOC_API const char *goc_db_errmsg(const goc_db *db)
{
	return db ? db->err_msg : "";
}

GOC_API int goc_db_errcode(const goc_db *db)
{
	return db ? db->err_code : GOC_OK;
}

GOC_API int goc_db_schema_version(const goc_db *db, int *out)
{
	if (!db || !out)
		return goc__err(NULL, GOC_EINVAL, "%s: must not be NULL", db ? "out" : "db");
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return goc__sqlerr((goc_db *)db, rc, "reading the schema version");
	return GOC_OK;
}

GOC_API int goc_db_set_actor(goc_db *db, const char *unit_code)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	char *copy = NULL;
	if (unit_code) {
		rc = goc__check_code(db, "actor", unit_code);
		if (rc == GOC_OK)
			rc = goc__unit_exists(db, "actor", unit_code);
		if (rc != GOC_OK)
			return rc;
		copy = goc__strdup(unit_code);
		if (!copy)
			return goc__err(db, GOC_ENOMEM, "actor: out of memory");
	}
	goc__free(db->actor);
	db->actor = copy;
	return GOC_OK;
}

GOC_API const char *goc_db_actor(const goc_db *db)
{
	return db ? db->actor : NULL;
}

GOC_API int goc_db_begin(goc_db *db)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (db->user_txn)
		return goc__err(db, GOC_EMISUSE, "goc_db_begin: a transaction is already open");
	if (db->readonly)
		return goc__err(db, GOC_EREADONLY,
		                "goc_db_begin: %s is opened read-only", db->path);
	rc = end_stray_txn(db, "goc_db_begin");
	if (rc == GOC_OK)
		rc = goc__exec(db, "BEGIN IMMEDIATE", "goc_db_begin");
	if (rc == GOC_OK) {
		db->user_txn = true;
		db->txn_epoch++;
	}
	return rc;
}

GOC_API int goc_db_commit(goc_db *db)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!db->user_txn)
		return goc__err(db, GOC_EMISUSE, "goc_db_commit: no transaction is open");
	db->user_txn = false;
	if (sqlite3_get_autocommit(db->sql))
		return goc__err(db, GOC_ERROR,
		                "goc_db_commit: the transaction was already rolled back by an earlier error");
	if (db->doomed) {
		/* a failed call's changes could not be undone alone */
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		db->doomed = !sqlite3_get_autocommit(db->sql);
		goc__audit_flush(db);
		return goc__err(db, GOC_ERROR,
		                "goc_db_commit: rolled back: a call that failed in the transaction"
		                " could not be undone by itself (out of memory)");
	}
	rc = goc__exec(db, "COMMIT", "goc_db_commit");
	if (rc != GOC_OK && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	goc__audit_flush(db); /* refusals made inside the transaction */
	return rc;
}

GOC_API int goc_db_rollback(goc_db *db)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!db->user_txn)
		return goc__err(db, GOC_EMISUSE, "goc_db_rollback: no transaction is open");
	db->user_txn = false;
	if (!sqlite3_get_autocommit(db->sql))
		rc = goc__exec(db, "ROLLBACK", "goc_db_rollback");
	/* else: already rolled back by SQLite after an error */
	if (sqlite3_get_autocommit(db->sql))
		db->doomed = false;
	goc__audit_flush(db); /* refusals made inside the transaction */
	return rc;
}

GOC_API int goc_db_in_transaction(const goc_db *db)
{
	return db && db->user_txn ? 1 : 0;
}

/* ---- the write path ---- */

int goc__write_begin(goc_db *db, struct goc__write *w, const char *action,
                     const char *object_kind)
{
	memset(w, 0, sizeof *w);
	w->action = action;
	w->object_kind = object_kind;
	if (db->readonly)
		return goc__err(db, GOC_EREADONLY, "%s: %s is opened read-only",
		                action, db->path);
	if (db->user_txn && (sqlite3_get_autocommit(db->sql) || db->doomed))
		return goc__err(db, GOC_ERROR,
		                "%s: the transaction was rolled back by an earlier error;"
		                " call goc_db_rollback() and start again", action);
	int rc = end_stray_txn(db, action);
	if (rc != GOC_OK)
		return rc;
	w->bind_failures = bind_failures;
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
	if (bind_failures != w->bind_failures && rc != GOC_ENOMEM)
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

/* ---- shared lookups ---- */

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
		                goc_access_str(db->write_access) ? goc_access_str(db->write_access)
		                                                 : "unknown", code);
	rc = goc__unit_exists(db, field, code);
	if (rc == GOC_OK)
		*out = code;
	return rc;
}
