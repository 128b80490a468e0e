/*
 * test_db — opening and closing databases, refusing foreign files,
 * transactions, the acting unit, per-handle errors, cursors and two handles
 * on one file.
 *
 * Specification: include/goc/db.h.  The test links SQLite directly to make
 * foreign and "newer" database files.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* setgroups() */

#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <goc.h>

#include "testutil.h"
#include "checkutil.h"

/* ------------------------------------------------------------------------
 * Temporary directory fixture and file helpers
 * ---------------------------------------------------------------------- */

static char tmpdir[64]; /* the file fixture's (tu_file_setup) */

/* Path of @p name inside the temporary directory (static buffers, rotating
 * so that a few can be alive at once). */
static const char *tpath(const char *name)
{
	static char bufs[4][512];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, name);
	return b;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Size of a file, -1 if it does not exist. */
static long file_size(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	return (long)st.st_size;
}

/* Read a whole file; caller frees.  Aborts the test if unreadable. */
static unsigned char *read_file(const char *path, size_t *len)
{
	return (unsigned char *)must_slurp(path, len);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot create %s", path);
	ck_assert_int_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Assert that @p path holds exactly @p len bytes equal to @p want, and that
 * no WAL file with content was left beside it. */
static void assert_file_unchanged(const char *path, const unsigned char *want,
                                  size_t len)
{
	size_t got_len = 0;
	unsigned char *got = read_file(path, &got_len);
	char wal[600];
	long wal_size;

	ck_assert_msg(got_len == len, "%s: size changed from %zu to %zu", path,
	              len, got_len);
	ck_assert_msg(memcmp(got, want, len) == 0, "%s: content changed", path);
	free(got);

	snprintf(wal, sizeof wal, "%s-wal", path);
	wal_size = file_size(wal);
	ck_assert_msg(wal_size <= 0, "%s left with %ld bytes", wal, wal_size);
	snprintf(wal, sizeof wal, "%s-journal", path);
	ck_assert_msg(file_size(wal) <= 0, "%s left behind", wal);
}

/* One integer or text value from a raw query; text copied into @p buf. */
static void raw_query_text(const char *path, const char *sql, char *buf,
                           size_t size)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;

	/* Read-write (no create), so that closing cleans up any WAL file. */
	ck_assert_int_eq(sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_close(s), SQLITE_OK);
}

/* A libgoc database file at @p path, made and closed. */
static void make_goc_db(const char *path)
{
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_ptr_nonnull(db);
	goc_db_close(db);
}

static int make_unit(goc_db *db, const char *code, const char *name_zh)
{
	return tu_unit_add(db, code, name_zh, GOC_UNIT_DEPARTMENT);
}

static int unit_exists(goc_db *db, const char *code)
{
	goc_unit *u = NULL;
	int rc = goc_unit_get(&u, db, code);
	goc_unit_free(u);
	if (rc == GOC_OK)
		return 1;
	ck_assert_int_eq(rc, GOC_ENOTFOUND);
	return 0;
}

static int count_units(goc_db *db)
{
	goc_cursor *c = NULL;
	return count_rows(goc_unit_list(&c, db, 0), &c, "goc_unit_list");
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A pointer that is not NULL, to see out-parameters reset on failure. */
#define NOT_NULL_DB ((goc_db *)(void *)&tmpdir)

/* ------------------------------------------------------------------------
 * Opening
 * ---------------------------------------------------------------------- */

START_TEST(test_open_memory)
{
	goc_db *db = NULL;
	int v = -1;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);
	ck_assert_int_eq(goc_db_errcode(db), GOC_OK);
	ck_assert_str_eq(goc_db_errmsg(db), "");
	ck_assert_ptr_null(goc_db_actor(db));
	/* Usable: a write and a read. */
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(unit_exists(db, "u1"), 1);
	goc_db_close(db);
}
END_TEST

START_TEST(test_open_memory_private)
{
	/* Two ":memory:" handles are two separate databases. */
	goc_db *a = NULL, *b = NULL;

	ck_assert_int_eq(goc_db_open(&a, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_db_open(&b, ":memory:"), GOC_OK);
	ck_assert_int_eq(make_unit(a, "only-a", "只在甲"), GOC_OK);
	ck_assert_int_eq(unit_exists(a, "only-a"), 1);
	ck_assert_int_eq(unit_exists(b, "only-a"), 0);
	goc_db_close(a);
	goc_db_close(b);
}
END_TEST

START_TEST(test_open_file_creates_schema)
{
	const char *path = tpath("new.db");
	goc_db *db = NULL;
	int v = -1;
	char buf[64];

	ck_assert_int_eq(file_exists(path), 0);
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(file_exists(path), 1);
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	goc_db_close(db);

	/* The file really carries the schema version and WAL journaling. */
	raw_query_text(path, "PRAGMA user_version", buf, sizeof buf);
	ck_assert_int_eq(atoi(buf), GOC_SCHEMA_VERSION);
	raw_query_text(path, "PRAGMA journal_mode", buf, sizeof buf);
	ck_assert_str_eq(buf, "wal");

	/* Reopen: same data. */
	db = NULL;
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	ck_assert_int_eq(unit_exists(db, "u1"), 1);
	goc_db_close(db);
}
END_TEST

START_TEST(test_open_empty_file_gets_schema)
{
	const char *path = tpath("empty.db");
	goc_db *db = NULL;
	int v = -1;

	write_file(path, "", 0);
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	goc_db_close(db);
	ck_assert_int_gt(file_size(path), 0);
}
END_TEST

START_TEST(test_close_null)
{
	goc_db_close(NULL);
	goc_cursor_free(NULL);
	ck_assert_str_eq(goc_db_errmsg(NULL), "");
	ck_assert_int_eq(goc_db_in_transaction(NULL), 0);
}
END_TEST

START_TEST(test_open_null_args)
{
	goc_db *db = NOT_NULL_DB;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;
	char bad[600];

	ck_assert_int_eq(goc_db_open(NULL, ":memory:"), GOC_EINVAL);
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);

	ck_assert_int_eq(goc_db_open(&db, NULL), GOC_EINVAL);
	ck_assert_ptr_null(db);

	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open(&db, ""), GOC_EINVAL);
	ck_assert_ptr_null(db);

	/* Path not UTF-8: refused, nothing created. */
	snprintf(bad, sizeof bad, "%s/\xff\xfe.db", tmpdir);
	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open(&db, bad), GOC_EINVAL);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(file_exists(bad), 0);

	ck_assert_int_eq(goc_db_open_ext(NULL, ":memory:", &opts), GOC_EINVAL);
	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open_ext(&db, NULL, &opts), GOC_EINVAL);
	ck_assert_ptr_null(db);
}
END_TEST

START_TEST(test_schema_version_null_args)
{
	goc_db *db = NULL;
	int v = 0;

	ck_assert_int_eq(goc_db_schema_version(NULL, &v), GOC_EINVAL);
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_db_schema_version(db, NULL), GOC_EINVAL);
	goc_db_close(db);
}
END_TEST

/* goc_db_data_version(): the same number until a change is committed, by
 * this handle or another connection; a rolled-back change leaves it as it
 * was; NULL arguments are GOC_EINVAL. */
START_TEST(test_data_version)
{
	goc_db *a = NULL, *b = NULL;
	int64_t v0 = -1, v1 = -1, v2 = -1, v3 = -1;

	ck_assert_int_eq(goc_db_data_version(NULL, &v0), GOC_EINVAL);
	ck_assert_int_eq(goc_db_open(&a, tpath("dv.db")), GOC_OK);
	ck_assert_int_eq(goc_db_data_version(a, NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_db_open(&b, tpath("dv.db")), GOC_OK);
	ck_assert_int_eq(goc_db_data_version(a, &v0), GOC_OK);
	ck_assert_int_ge(v0, 0);
	ck_assert_int_eq(goc_db_data_version(a, &v1), GOC_OK);
	ck_assert_int_eq(v1, v0);               /* reads change nothing */
	ck_assert_int_eq(make_unit(a, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(goc_db_data_version(a, &v1), GOC_OK);
	ck_assert_int_ne(v1, v0);               /* this handle's write */
	ck_assert_int_eq(make_unit(b, "u2", "单位二"), GOC_OK);
	ck_assert_int_eq(goc_db_data_version(a, &v2), GOC_OK);
	ck_assert_int_ne(v2, v1);               /* another connection's */
	ck_assert_int_eq(make_unit(a, "u1", "单位一"), GOC_EEXISTS);
	ck_assert_int_eq(goc_db_data_version(a, &v3), GOC_OK);
	ck_assert_int_eq(goc_db_data_version(a, &v2), GOC_OK);
	ck_assert_int_eq(v3, v2);               /* nothing written: the same */
	ck_assert_int_eq(goc_db_begin(a), GOC_OK);
	ck_assert_int_eq(make_unit(a, "u3", "单位三"), GOC_OK);
	ck_assert_int_eq(goc_db_data_version(a, &v3), GOC_OK);
	ck_assert_int_ne(v3, v2);               /* its own pending change */
	ck_assert_int_eq(goc_db_rollback(a), GOC_OK);
	ck_assert_int_eq(goc_db_data_version(a, &v3), GOC_OK);
	ck_assert_int_eq(v3, v2);               /* rolled back: as it was */
	goc_db_close(b);
	goc_db_close(a);
}
END_TEST

START_TEST(test_open_ext_options)
{
	goc_db *db = NULL;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;

	/* NULL options: the defaults. */
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", NULL), GOC_OK);
	ck_assert_ptr_nonnull(db);
	goc_db_close(db);

	/* The initialiser. */
	db = NULL;
	ck_assert_int_eq(opts.version, GOC_OPEN_OPTIONS_VERSION);
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", &opts), GOC_OK);
	goc_db_close(db);

	/* Bad versions. */
	opts.version = 0;
	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", &opts), GOC_EINVAL);
	ck_assert_ptr_null(db);
	opts.version = GOC_OPEN_OPTIONS_VERSION + 1;
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", &opts), GOC_EINVAL);
	opts.version = 12345;
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", &opts), GOC_EINVAL);

	/* Unknown flag bits. */
	opts.version = GOC_OPEN_OPTIONS_VERSION;
	opts.flags = 1u << 2;
	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open_ext(&db, tpath("flags.db"), &opts),
	                 GOC_EINVAL);
	ck_assert_ptr_null(db);
	opts.flags = 0x80000000u;
	ck_assert_int_eq(goc_db_open_ext(&db, tpath("flags.db"), &opts),
	                 GOC_EINVAL);
	opts.flags = GOC_OPEN_NOCREATE | (1u << 5);
	ck_assert_int_eq(goc_db_open_ext(&db, tpath("flags.db"), &opts),
	                 GOC_EINVAL);
	ck_assert_int_eq(file_exists(tpath("flags.db")), 0);

	/* Explicit busy timeouts are accepted. */
	opts.flags = 0;
	opts.busy_timeout_ms = 100;
	db = NULL;
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", &opts), GOC_OK);
	goc_db_close(db);
	opts.busy_timeout_ms = -1;
	db = NULL;
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", &opts), GOC_OK);
	goc_db_close(db);
}
END_TEST

START_TEST(test_open_nocreate_missing)
{
	const char *path = tpath("missing.db");
	goc_db *db = NOT_NULL_DB;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;

	opts.flags = GOC_OPEN_NOCREATE;
	goc_error_clear();
	ck_assert_int_eq(goc_db_open_ext(&db, path, &opts), GOC_ECANTOPEN);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(file_exists(path), 0);
	ck_assert_int_eq(goc_error_last(), GOC_ECANTOPEN);
	/* The failed open can be explained: the message names the file. */
	ck_assert_msg(strstr(goc_error_message(), "missing.db") != NULL,
	              "message \"%s\" does not name the path",
	              goc_error_message());

	/* NOCREATE on an existing database opens it. */
	make_goc_db(path);
	db = NULL;
	ck_assert_int_eq(goc_db_open_ext(&db, path, &opts), GOC_OK);
	ck_assert_ptr_nonnull(db);
	goc_db_close(db);
}
END_TEST

START_TEST(test_open_readonly_missing)
{
	const char *path = tpath("missing-ro.db");
	goc_db *db = NOT_NULL_DB;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;

	opts.flags = GOC_OPEN_READONLY;
	ck_assert_int_eq(goc_db_open_ext(&db, path, &opts), GOC_ECANTOPEN);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(file_exists(path), 0);
	ck_assert_int_eq(goc_error_last(), GOC_ECANTOPEN);
	ck_assert_msg(strlen(goc_error_message()) > 0, "message expected");
}
END_TEST

START_TEST(test_open_readonly_empty_needs_creating)
{
	/* An empty file needs the schema created: read-only cannot do that. */
	const char *path = tpath("empty-ro.db");
	goc_db *db = NOT_NULL_DB;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;

	write_file(path, "", 0);
	opts.flags = GOC_OPEN_READONLY;
	ck_assert_int_eq(goc_db_open_ext(&db, path, &opts), GOC_EREADONLY);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(file_size(path), 0);
	/* so is a new database in memory (not retried as an immutable file) */
	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open_ext(&db, ":memory:", &opts), GOC_EREADONLY);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), ":memory:"));
}
END_TEST

START_TEST(test_open_directory_or_missing_dir)
{
	goc_db *db = NOT_NULL_DB;

	ck_assert_int_eq(goc_db_open(&db, tmpdir), GOC_ECANTOPEN);
	ck_assert_ptr_null(db);
	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open(&db, tpath("no-such-dir/x.db")),
	                 GOC_ECANTOPEN);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(goc_error_last(), GOC_ECANTOPEN);
}
END_TEST

START_TEST(test_open_readonly_existing)
{
	const char *path = tpath("ro.db");
	goc_db *db = NULL;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;
	goc_unit *u = NULL;
	goc_cursor *c = NULL;
	int v = -1;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	goc_db_close(db);

	opts.flags = GOC_OPEN_READONLY;
	db = NULL;
	ck_assert_int_eq(goc_db_open_ext(&db, path, &opts), GOC_OK);
	ck_assert_ptr_nonnull(db);

	/* Reads work. */
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	ck_assert_int_eq(goc_unit_get(&u, db, "u1"), GOC_OK);
	ck_assert_str_eq(goc_unit_name_zh(u), "单位一");
	goc_unit_free(u);
	ck_assert_int_eq(goc_unit_list(&c, db, 0), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_unit_code(goc_cursor_unit(c)), "u1");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Writes fail with GOC_EREADONLY. */
	ck_assert_int_eq(make_unit(db, "u2", "单位二"), GOC_EREADONLY);
	ck_assert_int_eq(goc_db_errcode(db), GOC_EREADONLY);
	ck_assert_int_eq(goc_error_last(), GOC_EREADONLY);
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_EREADONLY);
	ck_assert_int_eq(goc_group_create(db, "g1", "组一", NULL),
	                 GOC_EREADONLY);
	ck_assert_int_eq(goc_db_begin(db), GOC_EREADONLY);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);
	ck_assert_int_eq(unit_exists(db, "u2"), 0);
	goc_db_close(db);

	/* Nothing was written. */
	db = NULL;
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(count_units(db), 1);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Refusing foreign files, untouched
 * ---------------------------------------------------------------------- */

static void check_refused_untouched(const char *path, int want)
{
	size_t len = 0;
	unsigned char *before = read_file(path, &len);
	goc_db *db = NOT_NULL_DB;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;
	int rc;

	goc_error_clear();
	rc = goc_db_open(&db, path);
	ck_assert_msg(rc == want, "goc_db_open(%s) = %d (%s), expected %d",
	              path, rc, goc_strerror(rc), want);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(goc_error_last(), want);
	ck_assert_msg(strlen(goc_error_message()) > 0,
	              "failed open without a message");
	assert_file_unchanged(path, before, len);

	/* Read-only and no-create give the same refusal. */
	opts.flags = GOC_OPEN_READONLY;
	db = NOT_NULL_DB;
	rc = goc_db_open_ext(&db, path, &opts);
	ck_assert_msg(rc == want, "read-only open(%s) = %d, expected %d", path,
	              rc, want);
	ck_assert_ptr_null(db);
	assert_file_unchanged(path, before, len);

	opts.flags = GOC_OPEN_NOCREATE;
	db = NOT_NULL_DB;
	rc = goc_db_open_ext(&db, path, &opts);
	ck_assert_msg(rc == want, "no-create open(%s) = %d, expected %d", path,
	              rc, want);
	ck_assert_ptr_null(db);
	assert_file_unchanged(path, before, len);

	free(before);
}

START_TEST(test_refuse_random_bytes)
{
	const char *path = tpath("random.bin");
	unsigned char data[8192];
	unsigned int x = 12345u;
	size_t i;

	for (i = 0; i < sizeof data; i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (unsigned char)(x >> 16);
	}
	ck_assert_int_ne(memcmp(data, "SQLite format 3", 15), 0);
	write_file(path, data, sizeof data);
	check_refused_untouched(path, GOC_ENOTDB);
}
END_TEST

START_TEST(test_refuse_text_file)
{
	const char *path = tpath("notes.txt");
	static const char text[] =
	    "This is not a database.\nDies ist keine Datenbank.\n"
	    "这不是数据库。\n";

	write_file(path, text, sizeof text - 1);
	check_refused_untouched(path, GOC_ENOTDB);
}
END_TEST

START_TEST(test_refuse_foreign_sqlite)
{
	const char *path = tpath("foreign.sqlite");

	raw_exec(path,
	         "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);"
	         "INSERT INTO customers(name) VALUES ('Alice'), ('Bob');");
	check_refused_untouched(path, GOC_ENOTDB);
}
END_TEST

START_TEST(test_refuse_foreign_sqlite_same_user_version)
{
	/* A user_version that happens to match libgoc's does not make a
	 * foreign database a libgoc one. */
	const char *path = tpath("foreign-v.sqlite");
	char sql[200];

	snprintf(sql, sizeof sql,
	         "CREATE TABLE inventory(sku TEXT PRIMARY KEY, qty INTEGER);"
	         "INSERT INTO inventory VALUES ('a', 1);"
	         "PRAGMA user_version = %d;",
	         GOC_SCHEMA_VERSION);
	raw_exec(path, sql);
	check_refused_untouched(path, GOC_ENOTDB);
}
END_TEST

START_TEST(test_refuse_newer_schema)
{
	const char *path = tpath("newer.db");
	char sql[100];
	char buf[64];

	make_goc_db(path);
	/* Put some data in so the file is not trivially small. */
	{
		goc_db *db = NULL;
		ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
		ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
		goc_db_close(db);
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d;",
	         GOC_SCHEMA_VERSION + 1);
	raw_exec(path, sql); /* raw connection closed: WAL checkpointed */
	raw_query_text(path, "PRAGMA user_version", buf, sizeof buf);
	ck_assert_int_eq(atoi(buf), GOC_SCHEMA_VERSION + 1);
	ck_assert_msg(file_size(tpath("newer.db-wal")) <= 0,
	              "raw close left a WAL file");

	check_refused_untouched(path, GOC_EVERSION);

	/* Still the newer version afterwards. */
	raw_query_text(path, "PRAGMA user_version", buf, sizeof buf);
	ck_assert_int_eq(atoi(buf), GOC_SCHEMA_VERSION + 1);
}
END_TEST

/* A libgoc file whose user_version was set by hand to something no libgoc
 * writes (negative, or far beyond this one's) is refused with
 * GOC_EVERSION naming the file and the version, and left byte for byte
 * as it was (a user_version of -1 used to be rewritten, and INT_MIN
 * crashed: migrations[-1]). */
START_TEST(test_refuse_odd_versions)
{
	static const int versions[] = { -1, -2, -2147483647 - 1, 2147483647, 1000,
	                                GOC_SCHEMA_VERSION + 1 };
	const char *path = tpath("odd.db");
	char sql[100], buf[64], want[600];

	make_goc_db(path);
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", versions[i]);
		raw_exec(path, sql);
		check_refused_untouched(path, GOC_EVERSION);
		snprintf(want, sizeof want, "%s: schema version %d ", path, versions[i]);
		ck_assert_msg(strncmp(goc_error_message(), want, strlen(want)) == 0,
		              "message \"%s\" does not begin \"%s\"", goc_error_message(), want);
		raw_query_text(path, "PRAGMA user_version", buf, sizeof buf);
		ck_assert_int_eq(atoi(buf), versions[i]);
	}
	/* and a good version opens it again */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", GOC_SCHEMA_VERSION);
	raw_exec(path, sql);
	make_goc_db(path);
}
END_TEST

/* libgoc's application_id on a file that libgoc did not make (version 0,
 * but tables): not ours to create the schema in; untouched. */
START_TEST(test_refuse_app_id_without_schema)
{
	const char *path = tpath("appid.db");
	char sql[200];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;" /* "GOC!" */
	         "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('mine');", 0x474F4321);
	raw_exec(path, sql);
	check_refused_untouched(path, GOC_ENOTDB);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "schema version 0"));
}
END_TEST

/* Another program's application_id on an empty file: not ours, untouched;
 * the message gives the id. */
START_TEST(test_refuse_foreign_app_id)
{
	const char *path = tpath("foreign-id.db");
	raw_exec(path, "PRAGMA application_id = 305419896;"); /* 0x12345678 */
	check_refused_untouched(path, GOC_ENOTDB);
	ck_assert_ptr_nonnull(strstr(goc_error_message(),
	                             "not a libgoc database (application_id 0x12345678)"));
}
END_TEST

/* libgoc's application_id on an otherwise empty file (a creation cut short
 * after its first pragma): the schema is created. */
START_TEST(test_create_under_own_app_id)
{
	const char *path = tpath("own-id.db");
	char sql[100];
	goc_db *db = NULL;
	int v = 0;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;", 0x474F4321);
	raw_exec(path, sql);
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Read-only open in a folder that cannot be written
 *
 * SQLite reads a WAL database through a shared-memory file (-shm) that it
 * creates beside it; in a read-only folder (or on read-only media) it
 * cannot, and a reader used to get "attempt to write a readonly
 * database".  goc_db_open_ext() with GOC_OPEN_READONLY then opens the file
 * as immutable.  The tests run as root, and root ignores permissions: so
 * the checks run in a child that gives up root for the nobody user
 * (65534), for which the kernel enforces the folder's mode for real.
 * ---------------------------------------------------------------------- */

/* Run fn(err, size, arg) in a child without root; fail the test with the
 * child's message unless it returns 0. */
static void run_unprivileged(int (*fn)(char *, size_t, const void *), const void *arg)
{
	int fds[2];
	char msg[1024];
	ssize_t n;
	int status = 0;

	ck_assert_int_eq(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char err[1000] = "";
		int rc = 0;
		close(fds[0]);
		/* effective IDs only (the kernel checks files against them):
		 * root comes back before exit(), so that a coverage build can
		 * write what the child counted */
		bool root = geteuid() == 0;
		if (root && (setgroups(0, NULL) != 0 || setegid(65534) != 0 ||
		             seteuid(65534) != 0)) {
			snprintf(err, sizeof err, "cannot give up root: %s", strerror(errno));
			rc = 1;
		} else {
			rc = fn(err, sizeof err, arg);
		}
		if (root && (seteuid(0) != 0 || setegid(0) != 0))
			rc = 1;
		if (write(fds[1], err, strlen(err)) < 0)
			rc = 1;
		exit(rc ? 1 : 0);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unprivileged: %s", msg);
}

#define CHILD_CHECK(cond, ...) do { if (!(cond)) { snprintf(err, size, __VA_ARGS__); return 1; } } while (0)

/* In the child: the folder is really read-only to us; the read-only open
 * reads, refuses writes, and leaves no file behind. */
static int child_reads_readonly_folder(char *err, size_t size, const void *arg)
{
	const char *path = arg;
	char shm[600];
	goc_db *db = NULL;
	goc_unit *u = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;

	snprintf(shm, sizeof shm, "%s/probe", tmpdir);
	FILE *probe = fopen(shm, "w");
	CHILD_CHECK(probe == NULL, "the folder %s is writable: not the case tested", tmpdir);
	o.flags = GOC_OPEN_READONLY;
	int rc = goc_db_open_ext(&db, path, &o);
	CHILD_CHECK(rc == GOC_OK, "read-only open: %d: %s", rc, goc_error_message());
	rc = goc_unit_get(&u, db, "u1");
	CHILD_CHECK(rc == GOC_OK && strcmp(goc_unit_name_zh(u), "单位一") == 0,
	            "read: %d: %s", rc, goc_error_message());
	goc_unit_free(u);
	rc = make_unit(db, "u2", "单位二");
	CHILD_CHECK(rc == GOC_EREADONLY && strstr(goc_error_message(), "read-only"),
	            "write: %d: %s", rc, goc_error_message());
	CHILD_CHECK(goc_db_begin(db) == GOC_EREADONLY, "begin: %s", goc_error_message());
	goc_db_close(db);
	snprintf(shm, sizeof shm, "%s-shm", path);
	CHILD_CHECK(!file_exists(shm), "%s was made", shm);
	/* without the flag: an error, never a crash or a write */
	db = NULL;
	rc = goc_db_open(&db, path);
	CHILD_CHECK(rc != GOC_OK && db == NULL, "read-write open in a read-only folder: %d", rc);
	return 0;
}

/* In the child: an empty -wal beside the file (a log checkpointed and
 * truncated) holds nothing the immutable read could miss; the file named
 * by a relative path (a "file:" URI without "//"). */
static int child_reads_beside_empty_wal(char *err, size_t size, const void *arg)
{
	const char *path = arg;
	goc_db *db = NULL;
	goc_unit *u = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	CHILD_CHECK(chdir(tmpdir) == 0, "chdir %s: %s", tmpdir, strerror(errno));
	int rc = goc_db_open_ext(&db, strrchr(path, '/') + 1, &o);
	CHILD_CHECK(rc == GOC_OK, "relative read-only open: %d: %s", rc, goc_error_message());
	rc = goc_unit_get(&u, db, "u1");
	CHILD_CHECK(rc == GOC_OK && strcmp(goc_unit_name_zh(u), "单位一") == 0,
	            "relative read: %d: %s", rc, goc_error_message());
	goc_unit_free(u);
	goc_db_close(db);
	return 0;
}

/* In the child: a -wal with content beside the file cannot be folded in
 * without -shm; reading the file alone would miss it: refused. */
static int child_refuses_pending_wal(char *err, size_t size, const void *arg)
{
	const char *path = arg;
	goc_db *db = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	int rc = goc_db_open_ext(&db, path, &o);
	CHILD_CHECK(rc == GOC_ECANTOPEN && db == NULL, "open: %d: %s", rc, goc_error_message());
	CHILD_CHECK(strstr(goc_error_message(), "write-ahead log") &&
	            strstr(goc_error_message(), path), "message: %s", goc_error_message());
	return 0;
}

START_TEST(test_open_readonly_folder)
{
	/* a name with the characters a URI escapes */
	const char *path = tpath("r%o#1?.db");
	goc_db *db = NULL;
	size_t len = 0;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	goc_db_close(db);
	ck_assert_int_eq(file_size(tpath("r%o#1?.db-wal")), -1);
	unsigned char *before = read_file(path, &len);

	ck_assert_int_eq(chmod(tmpdir, 0555), 0);
	run_unprivileged(child_reads_readonly_folder, path);
	ck_assert_int_eq(chmod(tmpdir, 0700), 0);
	assert_file_unchanged(path, before, len);
	write_file(tpath("r%o#1?.db-wal"), "", 0);
	ck_assert_int_eq(chmod(tmpdir, 0555), 0);
	run_unprivileged(child_reads_beside_empty_wal, path);
	ck_assert_int_eq(chmod(tmpdir, 0700), 0);
	assert_file_unchanged(path, before, len);
	free(before);
}
END_TEST

START_TEST(test_open_readonly_folder_pending_wal)
{
	const char *src = tpath("src.db"), *path = tpath("pending.db");
	char wal[600], srcwal[600];
	goc_db *db = NULL;
	sqlite3 *raw = NULL;
	size_t len = 0;
	unsigned char *bytes;

	ck_assert_int_eq(goc_db_open(&db, src), GOC_OK);
	goc_db_close(db);
	/* a write left in the -wal: copy the pair while it is open */
	ck_assert_int_eq(sqlite3_open(src, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(raw, "PRAGMA wal_autocheckpoint = 0;"
	                                   "INSERT INTO units (code, name_zh, kind)"
	                                   " VALUES ('u9', '单位九', 'department')",
	                              NULL, NULL, NULL), SQLITE_OK);
	snprintf(srcwal, sizeof srcwal, "%s-wal", src);
	snprintf(wal, sizeof wal, "%s-wal", path);
	bytes = read_file(src, &len);
	write_file(path, bytes, len);
	free(bytes);
	bytes = read_file(srcwal, &len);
	ck_assert_int_gt(len, 0);
	write_file(wal, bytes, len);
	free(bytes);
	sqlite3_close(raw);

	ck_assert_int_eq(chmod(tmpdir, 0555), 0);
	run_unprivileged(child_refuses_pending_wal, path);
	ck_assert_int_eq(chmod(tmpdir, 0700), 0);
	/* where -shm can be made, the log is read: the unit is there */
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	ck_assert_int_eq(goc_db_open_ext(&db, path, &o), GOC_OK);
	ck_assert_int_eq(unit_exists(db, "u9"), 1);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Transactions
 * ---------------------------------------------------------------------- */

START_TEST(test_txn_begin_commit_rollback)
{
	goc_db *db = NULL;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);

	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	ck_assert_int_eq(make_unit(db, "kept", "保留"), GOC_OK);
	ck_assert_int_eq(unit_exists(db, "kept"), 1);
	ck_assert_int_eq(goc_db_commit(db), GOC_OK);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);
	ck_assert_int_eq(unit_exists(db, "kept"), 1);

	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	ck_assert_int_eq(goc_db_rollback(db), GOC_OK);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);
	goc_db_close(db);
}
END_TEST

START_TEST(test_txn_misuse)
{
	goc_db *db = NULL;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);

	ck_assert_int_eq(goc_db_commit(db), GOC_EMISUSE);
	ck_assert_int_eq(goc_db_errcode(db), GOC_EMISUSE);
	ck_assert_int_eq(goc_error_last(), GOC_EMISUSE);
	ck_assert_int_eq(goc_db_rollback(db), GOC_EMISUSE);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);

	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(goc_db_begin(db), GOC_EMISUSE);
	/* The first transaction is still open and usable. */
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(goc_db_commit(db), GOC_OK);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);
	ck_assert_int_eq(unit_exists(db, "u1"), 1);

	/* Commit twice: the second has nothing to commit. */
	ck_assert_int_eq(goc_db_commit(db), GOC_EMISUSE);
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(goc_db_rollback(db), GOC_OK);
	ck_assert_int_eq(goc_db_rollback(db), GOC_EMISUSE);
	goc_db_close(db);
}
END_TEST

START_TEST(test_txn_rollback_undoes)
{
	goc_db *db = NULL;
	goc_unit *u = NULL;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "before", "之前"), GOC_OK);

	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(make_unit(db, "in1", "事务内一"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "in2", "事务内二"), GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "grp", "事务组", NULL), GOC_OK);
	ck_assert_int_eq(count_units(db), 3);
	ck_assert_int_eq(goc_db_rollback(db), GOC_OK);

	ck_assert_int_eq(count_units(db), 1);
	ck_assert_int_eq(unit_exists(db, "before"), 1);
	ck_assert_int_eq(unit_exists(db, "in1"), 0);
	ck_assert_int_eq(unit_exists(db, "in2"), 0);
	{
		goc_group *g = NULL;
		ck_assert_int_eq(goc_group_get(&g, db, "grp"), GOC_ENOTFOUND);
		ck_assert_ptr_null(g);
	}
	/* The names are free again. */
	ck_assert_int_eq(make_unit(db, "in1", "事务内一"), GOC_OK);
	ck_assert_int_eq(goc_unit_get(&u, db, "in1"), GOC_OK);
	ck_assert_str_eq(goc_unit_name_zh(u), "事务内一");
	goc_unit_free(u);
	goc_db_close(db);
}
END_TEST

START_TEST(test_txn_failing_call_keeps_transaction)
{
	const char *path = tpath("txn.db");
	goc_db *db = NULL;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(make_unit(db, "a", "甲"), GOC_OK);
	/* Duplicate code: fails, but only this call is undone. */
	ck_assert_int_eq(make_unit(db, "a", "甲二"), GOC_EEXISTS);
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	ck_assert_int_eq(unit_exists(db, "a"), 1);
	/* Invalid input inside the transaction too. */
	ck_assert_int_eq(make_unit(db, "Bad Code", "坏"), GOC_EINVAL);
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	ck_assert_int_eq(make_unit(db, "b", "乙"), GOC_OK);
	ck_assert_int_eq(goc_db_commit(db), GOC_OK);
	ck_assert_int_eq(count_units(db), 2);
	goc_db_close(db);

	/* Committed work persists across reopen. */
	db = NULL;
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(unit_exists(db, "a"), 1);
	ck_assert_int_eq(unit_exists(db, "b"), 1);
	ck_assert_int_eq(count_units(db), 2);
	goc_db_close(db);
}
END_TEST

START_TEST(test_txn_commit_persists)
{
	const char *path = tpath("persist.db");
	goc_db *db = NULL;
	goc_unit *u = NULL;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(make_unit(db, "p1", "持久一"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "p2", "持久二"), GOC_OK);
	ck_assert_int_eq(goc_db_commit(db), GOC_OK);
	goc_db_close(db);

	db = NULL;
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_unit_get(&u, db, "p2"), GOC_OK);
	ck_assert_str_eq(goc_unit_name_zh(u), "持久二");
	goc_unit_free(u);
	ck_assert_int_eq(count_units(db), 2);
	goc_db_close(db);
}
END_TEST

START_TEST(test_txn_close_rolls_back)
{
	const char *path = tpath("close.db");
	goc_db *db = NULL;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(make_unit(db, "committed", "已提交"), GOC_OK);
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(make_unit(db, "pending", "未提交"), GOC_OK);
	goc_db_close(db); /* open transaction is rolled back */

	db = NULL;
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(unit_exists(db, "committed"), 1);
	ck_assert_int_eq(unit_exists(db, "pending"), 0);
	ck_assert_int_eq(goc_db_in_transaction(db), 0);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * The acting unit
 * ---------------------------------------------------------------------- */

START_TEST(test_actor)
{
	goc_db *db = NULL;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_ptr_null(goc_db_actor(db));

	ck_assert_int_eq(goc_db_set_actor(db, "nobody"), GOC_ENOTFOUND);
	ck_assert_int_eq(goc_db_errcode(db), GOC_ENOTFOUND);
	ck_assert_ptr_null(goc_db_actor(db));

	ck_assert_int_eq(make_unit(db, "commerce", "商务委"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "finance", "金融局"), GOC_OK);
	ck_assert_int_eq(goc_db_set_actor(db, "commerce"), GOC_OK);
	ck_assert_ptr_nonnull(goc_db_actor(db));
	ck_assert_str_eq(goc_db_actor(db), "commerce");

	/* A failed set leaves the actor as it was. */
	ck_assert_int_eq(goc_db_set_actor(db, "nobody"), GOC_ENOTFOUND);
	ck_assert_str_eq(goc_db_actor(db), "commerce");
	ck_assert_int_eq(goc_db_set_actor(db, "Bad Code"), GOC_EINVAL);
	ck_assert_str_eq(goc_db_actor(db), "commerce");

	ck_assert_int_eq(goc_db_set_actor(db, "finance"), GOC_OK);
	ck_assert_str_eq(goc_db_actor(db), "finance");

	/* NULL resets to the system actor. */
	ck_assert_int_eq(goc_db_set_actor(db, NULL), GOC_OK);
	ck_assert_ptr_null(goc_db_actor(db));

	ck_assert_int_eq(goc_db_set_actor(NULL, "commerce"), GOC_EINVAL);
	goc_db_close(db);
}
END_TEST

START_TEST(test_actor_input_copied)
{
	goc_db *db = NULL;
	char code[16];

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "commerce", "商务委"), GOC_OK);
	snprintf(code, sizeof code, "commerce");
	ck_assert_int_eq(goc_db_set_actor(db, code), GOC_OK);
	memset(code, 'x', sizeof code - 1);
	ck_assert_str_eq(goc_db_actor(db), "commerce");
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Per-handle errors
 * ---------------------------------------------------------------------- */

START_TEST(test_handle_errors)
{
	goc_db *db = NULL;
	goc_unit *u = NULL;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_db_errcode(db), GOC_OK);
	ck_assert_str_eq(goc_db_errmsg(db), "");

	ck_assert_int_eq(goc_unit_get(&u, db, "nope"), GOC_ENOTFOUND);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(goc_db_errcode(db), GOC_ENOTFOUND);
	ck_assert_msg(strlen(goc_db_errmsg(db)) > 0, "no handle message");
	ck_assert_int_eq(goc_error_last(), GOC_ENOTFOUND);

	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位二"), GOC_EEXISTS);
	ck_assert_int_eq(goc_db_errcode(db), GOC_EEXISTS);
	ck_assert_msg(strlen(goc_db_errmsg(db)) > 0, "no handle message");
	ck_assert_int_eq(goc_error_last(), GOC_EEXISTS);

	ck_assert_int_eq(make_unit(db, "", "单位三"), GOC_EINVAL);
	ck_assert_int_eq(goc_db_errcode(db), GOC_EINVAL);
	ck_assert_msg(strstr(goc_db_errmsg(db), "code") != NULL,
	              "handle message \"%s\" does not name the field",
	              goc_db_errmsg(db));
	goc_db_close(db);
}
END_TEST

START_TEST(test_handle_errors_separate)
{
	/* Errors belong to the handle they were raised on. */
	goc_db *a = NULL, *b = NULL;
	goc_unit *u = NULL;

	ck_assert_int_eq(goc_db_open(&a, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_db_open(&b, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_unit_get(&u, a, "nope"), GOC_ENOTFOUND);
	ck_assert_int_eq(goc_db_errcode(a), GOC_ENOTFOUND);
	ck_assert_int_eq(goc_db_errcode(b), GOC_OK);
	ck_assert_str_eq(goc_db_errmsg(b), "");
	goc_db_close(a);
	goc_db_close(b);
}
END_TEST

/* ------------------------------------------------------------------------
 * Cursors
 * ---------------------------------------------------------------------- */

START_TEST(test_cursor_after_close)
{
	goc_db *db = NULL;
	goc_cursor *c1 = NULL, *c2 = NULL;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u2", "单位二"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u3", "单位三"), GOC_OK);

	ck_assert_int_eq(goc_unit_list(&c1, db, 0), GOC_OK);
	ck_assert_int_eq(goc_unit_list(&c2, db, 0), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c1), GOC_ROW);
	ck_assert_str_eq(goc_unit_code(goc_cursor_unit(c1)), "u1");

	goc_db_close(db);

	/* Detached: stepping is misuse, freeing is fine. */
	ck_assert_int_eq(goc_cursor_next(c1), GOC_EMISUSE);
	ck_assert_int_eq(goc_cursor_next(c1), GOC_EMISUSE);
	ck_assert_int_eq(goc_cursor_next(c2), GOC_EMISUSE);
	ck_assert_int_eq(goc_error_last(), GOC_EMISUSE);
	goc_cursor_free(c1);
	goc_cursor_free(c2);
}
END_TEST

START_TEST(test_cursor_done_sticks)
{
	goc_db *db = NULL;
	goc_cursor *c = NULL;

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(goc_unit_list(&c, db, 0), GOC_OK);
	ck_assert_ptr_null(goc_cursor_unit(c)); /* not on a row yet */
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_ptr_nonnull(goc_cursor_unit(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	ck_assert_ptr_null(goc_cursor_unit(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* An empty list is DONE at once, and stays so. */
	c = NULL;
	ck_assert_int_eq(goc_unit_list(&c, db, GOC_UNIT_BUREAU), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* DONE then close: a finished cursor freed after close. */
	c = NULL;
	ck_assert_int_eq(goc_unit_list(&c, db, 0), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_db_close(db);
	goc_cursor_free(c);
}
END_TEST

START_TEST(test_cursor_null_and_kind)
{
	goc_db *db = NULL;
	goc_cursor *c = NULL;

	ck_assert_int_eq(goc_cursor_next(NULL), GOC_EINVAL);
	ck_assert_ptr_null(goc_cursor_unit(NULL));
	ck_assert_ptr_null(goc_cursor_org(NULL));

	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(goc_unit_list(&c, db, 0), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	/* The right accessor gives the row, the others NULL. */
	ck_assert_ptr_nonnull(goc_cursor_unit(c));
	ck_assert_ptr_null(goc_cursor_org(c));
	ck_assert_ptr_null(goc_cursor_group(c));
	ck_assert_ptr_null(goc_cursor_zone(c));
	ck_assert_ptr_null(goc_cursor_stage_change(c));
	ck_assert_ptr_null(goc_cursor_review(c));
	goc_cursor_free(c);

	ck_assert_int_eq(goc_unit_list(NULL, db, 0), GOC_EINVAL);
	c = NULL;
	ck_assert_int_eq(goc_unit_list(&c, NULL, 0), GOC_EINVAL);
	goc_db_close(db);
}
END_TEST

START_TEST(test_cursor_unfinished_freed)
{
	/* Freeing a cursor in the middle is fine and the handle stays
	 * usable (no statement left busy). */
	const char *path = tpath("cursor.db");
	goc_db *db = NULL;
	goc_cursor *c = NULL;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u2", "单位二"), GOC_OK);
	ck_assert_int_eq(goc_unit_list(&c, db, 0), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	goc_cursor_free(c);
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u3", "单位三"), GOC_OK);
	ck_assert_int_eq(goc_db_commit(db), GOC_OK);
	ck_assert_int_eq(count_units(db), 3);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Two handles on one file
 * ---------------------------------------------------------------------- */

START_TEST(test_two_handles_visibility)
{
	const char *path = tpath("shared.db");
	goc_db *a = NULL, *b = NULL;

	ck_assert_int_eq(goc_db_open(&a, path), GOC_OK);
	ck_assert_int_eq(goc_db_open(&b, path), GOC_OK);

	/* Autocommit write: visible at once. */
	ck_assert_int_eq(make_unit(a, "u1", "单位一"), GOC_OK);
	ck_assert_int_eq(unit_exists(b, "u1"), 1);

	/* Inside A's transaction: not visible to B until commit. */
	ck_assert_int_eq(goc_db_begin(a), GOC_OK);
	ck_assert_int_eq(make_unit(a, "u2", "单位二"), GOC_OK);
	ck_assert_int_eq(unit_exists(b, "u2"), 0);
	ck_assert_int_eq(goc_db_commit(a), GOC_OK);
	ck_assert_int_eq(unit_exists(b, "u2"), 1);

	/* And the other way round. */
	ck_assert_int_eq(make_unit(b, "u3", "单位三"), GOC_OK);
	ck_assert_int_eq(unit_exists(a, "u3"), 1);

	/* B cannot reuse a name A took. */
	ck_assert_int_eq(make_unit(b, "u4", "单位一"), GOC_EEXISTS);

	goc_db_close(a);
	goc_db_close(b);
}
END_TEST

START_TEST(test_two_handles_busy)
{
	const char *path = tpath("busy.db");
	goc_db *a = NULL, *b = NULL, *c = NULL;
	goc_open_options fail_fast = GOC_OPEN_OPTIONS_INIT;
	goc_open_options short_wait = GOC_OPEN_OPTIONS_INIT;
	double t0, elapsed;

	fail_fast.busy_timeout_ms = -1;
	short_wait.busy_timeout_ms = 200;

	ck_assert_int_eq(goc_db_open(&a, path), GOC_OK);
	ck_assert_int_eq(make_unit(a, "u0", "单位零"), GOC_OK);
	ck_assert_int_eq(goc_db_open_ext(&b, path, &fail_fast), GOC_OK);
	ck_assert_int_eq(goc_db_open_ext(&c, path, &short_wait), GOC_OK);

	ck_assert_int_eq(goc_db_begin(a), GOC_OK);
	ck_assert_int_eq(make_unit(a, "u1", "单位一"), GOC_OK);

	/* B fails (at once: no upper bound is asserted, timing is not a
	 * test's business). */
	ck_assert_int_eq(goc_db_begin(b), GOC_EBUSY);
	ck_assert_int_eq(goc_db_in_transaction(b), 0);
	ck_assert_int_eq(goc_db_errcode(b), GOC_EBUSY);
	ck_assert_int_eq(goc_error_last(), GOC_EBUSY);

	/* A single write outside a transaction is refused too. */
	ck_assert_int_eq(make_unit(b, "u2", "单位二"), GOC_EBUSY);

	/* C waits out its timeout (the busy handler sleeps), then gives up. */
	t0 = now_ms();
	ck_assert_int_eq(goc_db_begin(c), GOC_EBUSY);
	elapsed = now_ms() - t0;
	ck_assert_msg(elapsed >= 100.0, "busy_timeout_ms = 200 waited only "
	              "%.0f ms", elapsed);
	ck_assert_int_eq(goc_db_in_transaction(c), 0);

	/* Readers are not blocked by the writer (WAL). */
	ck_assert_int_eq(unit_exists(b, "u0"), 1);
	ck_assert_int_eq(unit_exists(b, "u1"), 0);

	ck_assert_int_eq(goc_db_commit(a), GOC_OK);

	/* Lock released: B can write now. */
	ck_assert_int_eq(goc_db_begin(b), GOC_OK);
	ck_assert_int_eq(make_unit(b, "u2", "单位二"), GOC_OK);
	ck_assert_int_eq(goc_db_commit(b), GOC_OK);
	ck_assert_int_eq(unit_exists(a, "u2"), 1);
	ck_assert_int_eq(unit_exists(b, "u1"), 1);

	goc_db_close(a);
	goc_db_close(b);
	goc_db_close(c);
}
END_TEST

/* ------------------------------------------------------------------------ */

/* A database written by libgoc 0.1 (schema 1: the register only) is
 * migrated forward on open, keeping every record, and then holds plans. */
START_TEST(test_migrate_from_schema_1)
{
	const char *src = getenv("GOC_SOURCE_DIR");
	char fixture[600];
	size_t len = 0;
	unsigned char *bytes;
	const char *path = tpath("v1.db");
	goc_db *db = NULL;
	goc_cursor *cur = NULL;
	goc_org *org = NULL;
	int v = 0, n = 0;

	ck_assert_msg(src != NULL, "GOC_SOURCE_DIR is not set");
	snprintf(fixture, sizeof fixture, "%s/tests/data/schema-v1.db", src);
	bytes = read_file(fixture, &len);
	write_file(path, bytes, len);
	free(bytes);

	raw_query_text(path, "PRAGMA user_version", fixture, sizeof fixture);
	ck_assert_str_eq(fixture, "1");

	/* read-only, it cannot be migrated: refused, untouched */
	goc_open_options ro = GOC_OPEN_OPTIONS_INIT;
	ro.flags = GOC_OPEN_READONLY;
	bytes = read_file(path, &len);
	db = NOT_NULL_DB;
	ck_assert_int_eq(goc_db_open_ext(&db, path, &ro), GOC_EREADONLY);
	ck_assert_ptr_null(db);
	snprintf(fixture, sizeof fixture, "needs migrating (schema 1 → %d) but is opened read-only",
	         GOC_SCHEMA_VERSION);
	ck_assert_msg(strstr(goc_error_message(), fixture) != NULL, "%s", goc_error_message());
	assert_file_unchanged(path, bytes, len);
	free(bytes);

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	ck_assert_int_eq(goc_org_list(&cur, db, NULL), GOC_OK);
	while (goc_cursor_next(cur) == GOC_ROW)
		n++;
	goc_cursor_free(cur);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(goc_org_get(&org, db, 1), GOC_OK);
	ck_assert_str_eq(goc_org_name_zh(org), "示例国际标准协会（虚构）");
	ck_assert_int_eq(goc_org_stage(org), GOC_STAGE_OPERATING);
	ck_assert_str_eq(goc_org_hq_date(org), "2025-03-01");
	goc_org_free(org);
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	goc_db_close(db);

	raw_query_text(path, "PRAGMA user_version", fixture, sizeof fixture);
	ck_assert_int_eq(atoi(fixture), GOC_SCHEMA_VERSION);
	raw_query_text(path, "SELECT count(*) FROM tasks", fixture, sizeof fixture);
	ck_assert_str_eq(fixture, "37");
}
END_TEST

/* The step to schema 7 on a file with look-alike names (ABC, ＡＢＣ, abc):
 * it succeeds, deletes nothing, stores every key, and keeps the later
 * look-alikes with a disambiguator; goc_org_name_collisions() lists them;
 * new look-alikes are refused; renaming resolves a collision.  The file
 * is made by undoing the last step of a current one (the step's own
 * columns and indexes) with raw SQL. */
static void collision_ids(goc_db *db, int64_t *ids, size_t *n)
{
	goc_cursor *c = NULL;
	int rc;
	*n = 0;
	ck_assert_int_eq(goc_org_name_collisions(&c, db), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW)
		ids[(*n)++] = goc_org_id(goc_cursor_org(c));
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
}

/* Undo the step to schema 9 (reporting cycles, unit contacts) in raw SQL. */
#define SCHEMA_9_UNDO \
	"ALTER TABLE plans DROP COLUMN report_cycle;" \
	"ALTER TABLE plans DROP COLUMN report_deadline_days;" \
	"ALTER TABLE units DROP COLUMN contact; ALTER TABLE units DROP COLUMN phone;" \
	"ALTER TABLE units DROP COLUMN email;"

START_TEST(test_migrate_names_keeps_lookalikes)
{
	const char *path = tpath("names.db");
	goc_db *db = NULL;
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_partner_fields p = GOC_PARTNER_FIELDS_INIT;
	int64_t ids[16];
	size_t n = 0;
	char sql[3000], buf[64];

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	f.category = GOC_CATEGORY_ECONOMIC;
	f.date = "2024-01-01";
	f.name_zh = "ABC";
	f.name_en = "Alpha";
	ck_assert_int_eq(goc_org_create(NULL, db, &f), GOC_OK); /* 1 */
	f.name_zh = "XYZ";
	f.name_en = "Beta";
	ck_assert_int_eq(goc_org_create(NULL, db, &f), GOC_OK); /* 2 */
	p.name_zh = "伙伴甲";
	p.kind = GOC_PARTNER_CHAMBER;
	p.unit = "u1";
	p.date = "2024-01-01";
	ck_assert_int_eq(goc_partner_create(NULL, db, &p), GOC_OK);
	goc_db_close(db);

	snprintf(sql, sizeof sql,
	         "DROP INDEX organizations_name_zh_key; DROP INDEX organizations_name_en_key;"
	         "DROP INDEX partners_name_zh_key;"
	         "ALTER TABLE organizations DROP COLUMN name_zh_key;"
	         "ALTER TABLE organizations DROP COLUMN name_en_key;"
	         "ALTER TABLE organizations DROP COLUMN name_zh_dup;"
	         "ALTER TABLE organizations DROP COLUMN name_en_dup;"
	         "ALTER TABLE partners DROP COLUMN name_zh_key;"
	         "ALTER TABLE partners DROP COLUMN name_zh_dup;"
	         "INSERT INTO organizations (name_zh, name_en, category, origin, stage,"
	         "  stage_date, created) VALUES"
	         "  ('ＡＢＣ', 'ＡＬＰＨＡ', 'trade', 'local', 'target', '2024-02-01', '2024-02-01'),"
	         "  ('abc', NULL, 'trade', 'local', 'target', '2024-02-01', '2024-02-01'),"
	         "  ('Gamma', 'beta　', 'trade', 'local', 'target', '2024-02-01', '2024-02-01');"
	         "INSERT INTO partners (name_zh, kind, unit, date) VALUES"
	         "  ('伙伴甲　', 'chamber', 'u1', '2024-02-01');"
	         /* and schema 8's people, back to a file of schema 6 (its
	         * records were of layout 2: they go, a schema-6 trail is
	         * not this test's subject) */
	         "DROP TABLE login_failures; DROP TABLE tokens; DROP TABLE users;"
	         "DROP TRIGGER change_log_no_delete; DELETE FROM change_log;"
	         "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log BEGIN"
	         "  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	         "DROP INDEX change_log_person;"
	         "ALTER TABLE change_log DROP COLUMN person;"
	         "ALTER TABLE change_log DROP COLUMN layout;"
	         /* and schema 9's reporting and contacts */
	         SCHEMA_9_UNDO
	         "PRAGMA user_version = %d;", 6);
	raw_exec(path, sql);

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	goc_db_close(db);
	raw_query_text(path, "SELECT count(*) FROM organizations WHERE name_zh_key IS NULL"
	                     " OR (name_en IS NULL) <> (name_en_key IS NULL)", buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	raw_query_text(path, "SELECT group_concat(id || ':' || name_zh_key || ':' || name_zh_dup"
	                     " || ':' || coalesce(name_en_key, '-') || ':' || name_en_dup, ' ')"
	                     " FROM (SELECT * FROM organizations ORDER BY id)", sql, sizeof sql);
	ck_assert_str_eq(sql, "1:abc:0:alpha:0 2:xyz:0:beta:0 3:abc:3:alpha:3 4:abc:4:-:0"
	                      " 5:gamma:0:beta:5");
	raw_query_text(path, "SELECT group_concat(name_zh_dup) FROM partners", buf, sizeof buf);
	ck_assert_str_eq(buf, "0,2");

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_audit_verify(NULL, NULL, db, 0, NULL), GOC_OK);
	/* groups: Chinese "abc" (1, 3, 4), then English "alpha" (1, 3) and
	 * "beta" (2, 5) */
	collision_ids(db, ids, &n);
	ck_assert_int_eq(n, 7);
	const int64_t want[] = { 1, 3, 4, 1, 3, 2, 5 };
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(ids[i], want[i]);
	/* a new look-alike is refused, naming the oldest */
	f.name_zh = "Ａbc";
	f.name_en = NULL;
	ck_assert_int_eq(goc_org_create(NULL, db, &f), GOC_EEXISTS);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "organization 1 (written 'ABC')"));
	ck_assert_int_eq(goc_partner_create(NULL, db, &p), GOC_EEXISTS);
	/* the kept ones can still be updated ... */
	goc_org_fields u = GOC_ORG_FIELDS_INIT;
	u.notes = "重复：与 1 号合并";
	ck_assert_int_eq(goc_org_update(db, 4, &u), GOC_OK);
	goc_partner_fields pu = GOC_PARTNER_FIELDS_INIT;
	pu.notes = "重复";
	ck_assert_int_eq(goc_partner_update(db, 2, &pu), GOC_OK);
	/* ... and renamed out of their group */
	u.notes = NULL;
	u.name_zh = "DEF";
	ck_assert_int_eq(goc_org_update(db, 4, &u), GOC_OK);
	u.name_zh = "GHI";
	u.name_en = "Delta";
	ck_assert_int_eq(goc_org_update(db, 3, &u), GOC_OK);
	collision_ids(db, ids, &n);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(ids[0], 2);
	ck_assert_int_eq(ids[1], 5);
	/* a renamed one is checked like a new one: its old place is gone */
	u.name_zh = "abc";
	u.name_en = NULL;
	ck_assert_int_eq(goc_org_update(db, 3, &u), GOC_EEXISTS);
	ck_assert_int_eq(goc_org_name_collisions(NULL, db), GOC_EINVAL);
	goc_cursor *c = (goc_cursor *)(void *)&n;
	ck_assert_int_eq(goc_org_name_collisions(&c, NULL), GOC_EINVAL);
	ck_assert_ptr_null(c);
	goc_db_close(db);
}
END_TEST

/* The step from schema 8 to 9 on a file of schema 8 (a current one with
 * the step undone): plans get the default reporting (quarterly, 10
 * days), units no contact; both can then be set; nothing else changes. */
START_TEST(test_migrate_8_to_9)
{
	const char *path = tpath("v8.db");
	goc_db *db = NULL;
	char buf[256];
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(make_unit(db, "u1", "单位一"), GOC_OK);
	goc_plan_fields pf = GOC_PLAN_FIELDS_INIT;
	pf.code = "p";
	pf.title_zh = "计划";
	ck_assert_int_eq(goc_plan_create(db, &pf), GOC_OK);
	goc_db_close(db);
	raw_exec(path, SCHEMA_9_UNDO "PRAGMA user_version = 8;");
	raw_query_text(path, "SELECT count(*) FROM pragma_table_info('units') WHERE name = 'contact'",
	               buf, sizeof buf);
	ck_assert_str_eq(buf, "0");

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	int v = 0;
	ck_assert_int_eq(goc_db_schema_version(db, &v), GOC_OK);
	ck_assert_int_eq(v, 9);
	goc_plan *p = NULL;
	ck_assert_int_eq(goc_plan_get(&p, db, "p"), GOC_OK);
	ck_assert_int_eq(goc_plan_report_cycle(p), GOC_CYCLE_QUARTERLY);
	ck_assert_int_eq(goc_plan_report_deadline_days(p), 10);
	goc_plan_free(p);
	goc_unit *u = NULL;
	ck_assert_int_eq(goc_unit_get(&u, db, "u1"), GOC_OK);
	ck_assert_str_eq(goc_unit_name_zh(u), "单位一");
	ck_assert_ptr_null(goc_unit_contact(u));
	ck_assert_ptr_null(goc_unit_phone(u));
	ck_assert_ptr_null(goc_unit_email(u));
	goc_unit_free(u);
	ck_assert_int_eq(goc_plan_set_reporting(db, "p", GOC_CYCLE_MONTHLY, 5), GOC_OK);
	ck_assert_int_eq(goc_unit_set_contact(db, "u1", "张三", "021-5878 0000", "zhang@example.cn"),
	                 GOC_OK);
	goc_db_close(db);
	raw_query_text(path, "SELECT report_cycle || ',' || report_deadline_days FROM plans", buf,
	               sizeof buf);
	ck_assert_str_eq(buf, "monthly,5");
	raw_query_text(path, "SELECT contact || ',' || phone || ',' || email FROM units", buf,
	               sizeof buf);
	ck_assert_str_eq(buf, "张三,021-5878 0000,zhang@example.cn");
	/* the stored values are checked by the file too */
	raw_query_text(path, "PRAGMA user_version", buf, sizeof buf);
	ck_assert_str_eq(buf, "9");
}
END_TEST

static Suite *db_suite(void)
{
	Suite *s = suite_create("db");

	tu_fixtures(NULL, tmpdir, sizeof tmpdir, "test-db", NULL);

	add_case(s, "open", tu_file_setup, tu_file_teardown, 60, (const TTest *[]){
		test_open_memory, test_data_version, test_open_memory_private,
		test_open_file_creates_schema, test_open_empty_file_gets_schema, test_close_null,
		test_open_null_args, test_schema_version_null_args, test_open_ext_options,
		test_open_nocreate_missing, test_open_readonly_missing,
		test_open_readonly_empty_needs_creating, test_open_directory_or_missing_dir,
		test_open_readonly_existing, test_open_readonly_folder,
		test_open_readonly_folder_pending_wal, NULL });

	add_case(s, "refuse", tu_file_setup, tu_file_teardown, 60, (const TTest *[]){
		test_refuse_random_bytes, test_migrate_from_schema_1, test_refuse_text_file,
		test_refuse_foreign_sqlite, test_refuse_foreign_sqlite_same_user_version,
		test_refuse_newer_schema, test_refuse_odd_versions,
		test_refuse_app_id_without_schema, test_refuse_foreign_app_id,
		test_create_under_own_app_id, test_migrate_names_keeps_lookalikes,
		test_migrate_8_to_9, NULL });

	add_case(s, "transaction", tu_file_setup, tu_file_teardown, 60, (const TTest *[]){
		test_txn_begin_commit_rollback, test_txn_misuse, test_txn_rollback_undoes,
		test_txn_failing_call_keeps_transaction, test_txn_commit_persists,
		test_txn_close_rolls_back, NULL });

	add_case(s, "actor", tu_file_setup, tu_file_teardown, 0, (const TTest *[]){
		test_actor, test_actor_input_copied, NULL });

	add_case(s, "errors", tu_file_setup, tu_file_teardown, 0, (const TTest *[]){
		test_handle_errors, test_handle_errors_separate, NULL });

	add_case(s, "cursor", tu_file_setup, tu_file_teardown, 60, (const TTest *[]){
		test_cursor_after_close, test_cursor_done_sticks, test_cursor_null_and_kind,
		test_cursor_unfinished_freed, NULL });

	add_case(s, "two_handles", tu_file_setup, tu_file_teardown, 60, (const TTest *[]){
		test_two_handles_visibility, test_two_handles_busy, NULL });

	return s;
}

int main(void)
{
	return run_suite(db_suite(), CK_NORMAL);
}
