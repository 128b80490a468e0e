/*
 * testutil — helpers shared by the test programs that work on database
 * files: a scratch directory, copying and reading files, and looking at a
 * database through a raw SQLite connection (integrity, a fingerprint of
 * its content).  No Check here: crash_child links it too.  Every function
 * that can fail returns nonzero and writes what went wrong into `err`.
 */
#ifndef GOC_TESTUTIL_H
#define GOC_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <goc.h>

/* An open ":memory:" database, the thread's error cleared first; aborts
 * (with libgoc's message) if it cannot be opened. */
goc_db *tu_open_memory(void);
/* n copies of piece in malloc'd memory (free() it); aborts if out of memory. */
char *tu_repeat(const char *piece, size_t n);

/* Set-up outside a test (a fixture, where ck_assert cannot be used):
 * unless rc is GOC_OK, print what failed with libgoc's code and message
 * and abort. */
void tu_setup_must(int rc, const char *what);

/*
 * The fixtures the Check suites share, instead of a copy in each suite.  A
 * suite names its own state once, before the tests run (in its suite
 * function):
 *
 *     tu_fixtures(&db, tmpdir, sizeof tmpdir, "test-org", load_pudong);
 *
 * and registers tu_mem_setup/tu_mem_teardown or tu_file_setup/
 * tu_file_teardown with tcase_add_checked_fixture().
 *   - tu_mem_setup: *db = a new ":memory:" database (the thread's error
 *     cleared), then load() if not NULL (reference data, a plan …);
 *   - tu_file_setup: a scratch directory /tmp/goc-<tag>-XXXXXX into
 *     tmpdir, *db = NULL (the test opens its files there), error cleared;
 *   - the teardowns close *db, set it to NULL, and remove the directory.
 * tmpdir may be NULL for a suite without file tests, db NULL for one
 * whose file tests open their own handles.
 */
void tu_fixtures(goc_db **db, char *tmpdir, size_t tmpdir_size, const char *tag,
                 void (*load)(void));
void tu_mem_setup(void);
void tu_mem_teardown(void);
void tu_file_setup(void);
void tu_file_teardown(void);

/* Make a scratch directory /tmp/goc-<tag>-XXXXXX into dir (>= 64 bytes);
 * aborts if it cannot. */
void tu_tmpdir_make(char *dir, size_t size, const char *tag);
/* Remove the directory and the files in it (one level). */
void tu_tmpdir_remove(const char *dir);

/* Remove a database file with its -wal, -shm and -journal. */
void tu_db_remove(const char *path);
/* Copy a database file (and its -wal, if any: a closed database has none)
 * over dst, removing dst's -wal and -shm first. */
int tu_db_copy(const char *src, const char *dst, char *err, size_t errsize);

/* The whole file, NUL-terminated, in malloc'd memory; NULL if unreadable. */
char *tu_slurp(const char *path, size_t *len);
/* "$GOC_SOURCE_DIR/rel" into buf; NULL if GOC_SOURCE_DIR is not set. */
const char *tu_source_path(char *buf, size_t size, const char *rel);
/* The whole file rel of the source tree, NUL-terminated, in malloc'd
 * memory; NULL if unreadable.  The tree is $GOC_SOURCE_DIR, else the first
 * of ., .., ../.. and ../../.. that holds tests/testutil.h (a test program
 * run by hand); the path tried goes into path. */
char *tu_source_read(const char *rel, size_t *len, char *path, size_t pathsize);

/*
 * Records made the short way, for the set-up of a test (a test of the
 * create call itself builds its fields by hand).  Each returns what the
 * goc_*_create() call returned; NULL for a field it leaves out.
 */
/* A unit: its code, Chinese name and kind (a goc_unit_kind). */
int tu_unit_add(goc_db *db, const char *code, const char *name_zh, int kind);
/* An organization (its id into *id if id is not NULL): its Chinese name,
 * category (a goc_category), zone, unit and date. */
int tu_org_add(int64_t *id, goc_db *db, const char *name_zh, int category, const char *zone,
               const char *unit, const char *date);
/* A plan: its code, Chinese title, and span (start, end; NULL: open). */
int tu_plan_add(goc_db *db, const char *code, const char *title_zh, const char *start,
                const char *end);
/* A goal of plan: its code, titles and text. */
int tu_goal_add(goc_db *db, const char *plan, const char *code, const char *title_zh,
                const char *title_en, const char *text);
/* A task of plan under parent (NULL: at the top): its code, level (a
 * goc_task_level), label, Chinese title, text, due date and recurrence
 * (a goc_recurrence). */
int tu_task_add(goc_db *db, const char *plan, const char *code, const char *parent, int level,
                const char *label, const char *title_zh, const char *text, const char *due,
                int recurrence);

/* What a database holds, as seen by a raw connection. */
struct tu_fp {
	uint64_t hash;      /* every row of every table but change_log */
	int64_t rows;       /* their number */
	int64_t log_rows;   /* rows of change_log */
};

/* `PRAGMA integrity_check` through a raw connection on the default VFS
 * (read-write, so the WAL is recovered and checkpointed on close);
 * result text into out.  Returns 0 if it could run (out says "ok" or not). */
int tu_integrity(const char *path, char *out, size_t size);
/* The fingerprint of the database at path.  Timestamps written by the
 * clock (YYYY-MM-DDTHH:MM:SS.fffZ, or without .fff) count as one value, and
 * so do values made by chance (users.password_hash, tokens.token_sha256)
 * or by the clock in seconds (login_failures.at), so two runs of the same
 * call give the same fingerprint. */
int tu_fingerprint(const char *path, struct tu_fp *out, char *err, size_t errsize);
/* The first column of the first row of a query, as an integer (-1 on error). */
int64_t tu_query_int(const char *path, const char *sql);

/* Run sql (one or more statements) on the file at path (created if
 * missing) through a raw read-write connection, behind libgoc's back.  0,
 * or -1 with SQLite's message in err. */
int tu_exec(const char *path, const char *sql, char *err, size_t errsize);
/* The first column of the first row of sql, through a raw read-only
 * connection, into *out (-1 if there is no row).  0, or -1 with SQLite's
 * message in err if it could not run. */
int tu_query_one(const char *path, const char *sql, int64_t *out, char *err, size_t errsize);

/*
 * A SQLite allocator that fails on demand.  libgoc allocates through
 * SQLite, so a test program installs it in main(), before anything
 * initialises SQLite, and makes chosen allocations fail (SQLite's own test
 * harness, test_malloc.c faultsim, does the same).  Lookaside is off:
 * every allocation of a statement reaches it.  The usual loop fails each
 * allocation of a call in turn until a run makes them all:
 *
 *     for (long nth = 1;; nth++) {
 *             tu_alloc_fail(nth);
 *             rc = call(...);
 *             if (tu_alloc_passed()) { ...rc is success...; break; }
 *             ...rc is GOC_ENOMEM, nothing made or changed...
 *     }
 */
/* Install it; aborts if SQLite refuses (already initialised).  fail: NULL
 * for the counter of tu_alloc_fail(), or the program's own rule, asked at
 * each allocation and reallocation (nonzero: this one fails). */
void tu_alloc_install(int (*fail)(void));
/* Count allocations from zero and fail the nth (1: the first); 0 fails
 * none and stops counting, LONG_MAX counts and fails none. */
void tu_alloc_fail(long nth);
/* Allocations counted since tu_alloc_fail(). */
long tu_alloc_count(void);
/* After a call: stop failing (tu_alloc_fail(0)); nonzero if the call made
 * fewer allocations than the nth, so that none of them failed. */
int tu_alloc_passed(void);
/* Allocations made through the wrapper and not yet freed (any thread). */
long tu_alloc_live(void);

#endif
