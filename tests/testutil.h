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
 * clock (YYYY-MM-DDTHH:MM:SS.fffZ) count as one value, so two runs of the
 * same call give the same fingerprint. */
int tu_fingerprint(const char *path, struct tu_fp *out, char *err, size_t errsize);
/* The first column of the first row of a query, as an integer (-1 on error). */
int64_t tu_query_int(const char *path, const char *sql);

#endif
