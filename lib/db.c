/*
 * libgoc — the database handle: open (creating or migrating the schema,
 * schema.c) and close (writing refusals still waiting, audit.c), the
 * acting unit, and the caller's transactions.  The top of the core: the
 * SQL helpers are in sql.c, the write path in write.c.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

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
	goc__free(db->user);
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
		/* db->sql is NULL only when SQLite could not allocate or
		 * initialise itself: sqlite3_errmsg(NULL) says "out of memory" */
		return goc__err(NULL, GOC_ECANTOPEN, "%s: cannot open: %s", db->path,
		                sqlite3_errmsg(db->sql));
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
	goc__free(db->user); /* a unit, no longer a person */
	db->user = NULL;
	return GOC_OK;
}

GOC_API const char *goc_db_actor(const goc_db *db)
{
	return db ? db->actor : NULL;
}

GOC_API int goc_db_set_lang(goc_db *db, const char *lang)
{
	if (!db)
		return goc__err(NULL, GOC_EINVAL, "goc_db_set_lang: db is NULL");
	int l = goc__lang_parse(lang);
	if (l < 0)
		return goc__err(db, GOC_EINVAL, "lang: unknown language '%s' (en or zh)", lang);
	db->lang = l;
	return GOC_OK;
}

GOC_API const char *goc_db_lang(const goc_db *db)
{
	return db && db->lang == GOC__LANG_ZH ? "zh" : "en";
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
	rc = goc__end_stray_txn(db, "goc_db_begin");
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
