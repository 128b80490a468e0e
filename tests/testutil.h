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
 * clock (YYYY-MM-DDTHH:MM:SS.fffZ, or without .fff) count as one value, and
 * so do values made by chance (users.password_hash, tokens.token_sha256)
 * or by the clock in seconds (login_failures.at), so two runs of the same
 * call give the same fingerprint. */
int tu_fingerprint(const char *path, struct tu_fp *out, char *err, size_t errsize);
/* The first column of the first row of a query, as an integer (-1 on error). */
int64_t tu_query_int(const char *path, const char *sql);

#endif
