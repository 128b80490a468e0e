/*
 * libgoc — the database handle, transactions and cursors.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_DB_H
#define GOC_DB_H

#include "goc/common.h"

/** @file goc/db.h
 *  @brief Opening and closing a database, transactions, the acting unit,
 *         and the cursor type every list is read through.
 *
 * **Thread rule.**  A #goc_db handle, and every cursor made from it, is used
 * by one thread at a time; the caller serialises access if it shares one.
 * Separate handles, even on the same file, may be used from separate threads
 * (and processes) at once: SQLite's locking keeps them consistent, and a
 * writer that cannot get the lock within the busy timeout gets #GOC_EBUSY.
 * Everything else in libgoc (goc_strerror(), the check functions, the error
 * of each thread) is thread-safe.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** An open libgoc database (one SQLite file).  Opaque. */
typedef struct goc_db goc_db;

/** A forward-only iterator over the rows of a list.  Opaque. */
typedef struct goc_cursor goc_cursor;

/**
 * Progress callback of the long calls (the plan imports,
 * goc_org_create_many_ext()): @p done of @p total steps.  Return nonzero
 * to cancel the call, which then fails with #GOC_ECANCELLED and writes
 * nothing.  It is called on the calling thread, from inside the call: it
 * must not use the handle.
 */
typedef int (*goc_progress_cb)(size_t done, size_t total, void *payload);

/** Flags for goc_open_options.flags. */
enum goc_open_flags {
	GOC_OPEN_READONLY = 1 << 0, /**< Open read-only: every write fails with #GOC_EREADONLY; works in a folder or on a medium that cannot be written (see goc_db_open_ext()). */
	GOC_OPEN_NOCREATE = 1 << 1  /**< Fail with #GOC_ECANTOPEN if the file does not exist. */
};

/** Default busy timeout in milliseconds. */
#define GOC_DEFAULT_BUSY_TIMEOUT_MS 5000

/**
 * Options for goc_db_open_ext().  Initialise with #GOC_OPEN_OPTIONS_INIT
 * so that later versions of libgoc can add fields without breaking you.
 */
typedef struct goc_open_options {
	unsigned int version;  /**< #GOC_OPEN_OPTIONS_VERSION. */
	unsigned int flags;    /**< Bitwise OR of #goc_open_flags. */
	int busy_timeout_ms;   /**< 0: default (#GOC_DEFAULT_BUSY_TIMEOUT_MS); negative: fail at once when locked. */
} goc_open_options;

/** Current version of #goc_open_options. */
#define GOC_OPEN_OPTIONS_VERSION 1
/** Static initialiser for #goc_open_options. */
#define GOC_OPEN_OPTIONS_INIT { GOC_OPEN_OPTIONS_VERSION, 0, 0 }

/** The schema version this libgoc writes (`PRAGMA user_version`). */
#define GOC_SCHEMA_VERSION 9

/**
 * Open (and create if needed) a libgoc database, read-write.
 *
 * Same as goc_db_open_ext() with default options.
 *
 * @param out   receives the handle; set to NULL on failure.  Free it with
 *              goc_db_close().
 * @param path  file name in UTF-8, or ":memory:" for a private in-memory
 *              database.
 * @return #GOC_OK, or an error of goc_db_open_ext().
 */
GOC_API int goc_db_open(goc_db **out, const char *path);

/**
 * Open a libgoc database with options.
 *
 * A new or empty file gets the current schema.  An older libgoc schema is
 * migrated forward, one step per transaction.  The file is checked before
 * anything is written to it: a database written by a newer libgoc, one
 * whose schema version no libgoc writes (negative: set by hand or
 * damaged), a file with libgoc's application id but tables and no schema
 * version, a SQLite database that is not a libgoc database, and a file
 * that is not SQLite at all are refused, the message naming the file (and
 * the version), and left byte-for-byte untouched.  A writable database is
 * switched to WAL journaling; foreign keys are always enforced.
 *
 * **Read-only folders and media.**  SQLite reads a WAL database through a
 * shared-memory file, `PATH-shm`, that it creates beside it.  Where it
 * cannot (the caller may not write the folder, or the medium is
 * read-only), an open with #GOC_OPEN_READONLY falls back to opening the
 * file as *immutable* (SQLite's `immutable=1`): no -shm, no locks.  The
 * consequence: nothing protects the reader from a writer, so the file
 * must not change while it is open (a copy on read-only media, an archive
 * or a backup is the use); a change made meanwhile can give wrong results
 * or #GOC_ECORRUPT.  If a `PATH-wal` with content lies beside the file
 * (changes not yet folded into it), the open is refused with
 * #GOC_ECANTOPEN instead, since reading the file alone would miss them:
 * open it once where it can be written, or copy both files.
 *
 * @param out   receives the handle; set to NULL on failure.  Free it with
 *              goc_db_close().
 * @param path  file name in UTF-8, or ":memory:".
 * @param opts  options, or NULL for the defaults.
 * @return #GOC_OK;
 *         #GOC_EINVAL if @p out or @p path is NULL, @p path is empty or not
 *         UTF-8, or @p opts has an unknown version or flag;
 *         #GOC_ECANTOPEN if the file cannot be opened (or is missing with
 *         #GOC_OPEN_NOCREATE or #GOC_OPEN_READONLY), or, read-only in a
 *         folder that cannot be written, has a `-wal` with content beside it;
 *         #GOC_ENOTDB if the file is not SQLite or not a libgoc database;
 *         #GOC_EVERSION if its schema is newer than #GOC_SCHEMA_VERSION or
 *         negative;
 *         #GOC_EREADONLY if it is opened read-only but needs creating or
 *         migrating;
 *         #GOC_EBUSY, #GOC_EIO, #GOC_ECORRUPT, #GOC_ENOMEM from the storage.
 */
GOC_API int goc_db_open_ext(goc_db **out, const char *path,
                            const goc_open_options *opts);

/**
 * Close a database and free the handle.
 *
 * An open transaction is rolled back.  Cursors still open on the handle
 * become detached: their goc_cursor_next() returns #GOC_EMISUSE and they
 * must still be freed with goc_cursor_free().  Records obtained with a
 * `_get` function are independent of the handle and stay valid.
 *
 * @param db  the handle; NULL is a no-op.
 */
GOC_API void goc_db_close(goc_db *db);

/**
 * Message of the last error raised through this handle.
 *
 * @return a string owned by the handle ("" if none), valid until the next
 *         call on the handle; "" for NULL.
 */
GOC_API const char *goc_db_errmsg(const goc_db *db);

/**
 * Code of the last error raised through this handle (#GOC_OK if none).
 */
GOC_API int goc_db_errcode(const goc_db *db);

/**
 * The schema version of the open database (`PRAGMA user_version`).
 *
 * @param db   the handle.
 * @param out  receives the version.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; a storage error.
 */
GOC_API int goc_db_schema_version(const goc_db *db, int *out);

/**
 * A number that changes with every change committed to the database: for
 * caches of computed results (a scorecard) that must never be stale.
 *
 * Every change libgoc makes — through any handle, in any process — appends
 * a record to the audit trail in the same transaction (goc/audit.h); the
 * number is the last record's sequence number and hash folded together.
 * Two calls give the same number if and only if no change was committed
 * in between (up to a 2^-63 chance of a repeat), and a change rolled back
 * never makes a number that comes back.  Refused writes are audited too,
 * so they change it (the cache is then refilled needlessly, never served
 * stale); reads, and notes that are not changes of a record (a token's
 * last use, goc/user.h), do not.  A change made outside libgoc (the
 * sqlite3 shell) is not seen.  Compare for equality only.  Cheap: one
 * indexed read of the trail's last row.
 *
 * @param db           the handle.
 * @param out_version  receives the number (>= 0; 0 for an empty trail).
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; a storage error
 *         (#GOC_EBUSY, #GOC_EIO …).
 */
GOC_API int goc_db_data_version(goc_db *db, int64_t *out_version);

/**
 * Set the acting unit: every write through this handle is attributed to it
 * (stage changes, reviews and the change log record it).
 *
 * @param db         the handle.
 * @param unit_code  a registered unit's code, or NULL for the system actor
 *                   (the default of a new handle).
 * A person set with goc_db_set_user() is forgotten: from now on the
 * records name the unit alone.
 *
 * @return #GOC_OK; #GOC_EINVAL for a NULL handle or malformed code;
 *         #GOC_ENOTFOUND if no such unit is registered.
 */
GOC_API int goc_db_set_actor(goc_db *db, const char *unit_code);

/**
 * The acting unit's code, or NULL for the system actor.
 *
 * @return a string owned by the handle, valid until the next
 *         goc_db_set_actor() or goc_db_close().
 */
GOC_API const char *goc_db_actor(const goc_db *db);

/**
 * Set the language of the handle's error messages: English (the default of
 * every new handle) or Chinese.
 *
 * Messages are English unless the integrator asks: programs that read
 * libgoc's English messages keep reading them, whatever the locale or
 * environment of the process (LANG, LC_ALL, LC_MESSAGES, LANGUAGE are never
 * consulted).  Under "zh" a failing call's message (goc_error_message(),
 * goc_db_errmsg()) is the zh_CN translation of its English format, filled
 * with the same values: codes, field names, quoted input and SQLite's own
 * words stay as they are.  A message without a translation, or every
 * message when the catalogue is not installed, stays English (see
 * goc_translate()).  The status codes do not change.  A failed
 * goc_db_open() has no handle yet: its message is English.
 *
 * Each handle keeps its own language: handles used by different threads
 * may speak different languages (the catalogue is shared and read-only).
 *
 * @param db    the handle.
 * @param lang  "en" or "zh"; a region, encoding or modifier may follow
 *              ("zh_CN", "zh-CN", "zh_CN.UTF-8", "en_US"); NULL or ""
 *              means English.
 * @return #GOC_OK; #GOC_EINVAL for a NULL handle or another language (the
 *         handle's language is then unchanged).
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_db_set_lang(goc_db *db, const char *lang);

/**
 * The language of the handle's messages.
 *
 * @return "en" or "zh" (static strings); "en" for a NULL handle.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_db_lang(const goc_db *db);

/**
 * Begin an explicit transaction that groups many calls.
 *
 * Every libgoc call is atomic on its own; inside an explicit transaction a
 * call that fails is undone by itself and the transaction stays open.  The
 * write lock is taken at once (SQLite's BEGIN IMMEDIATE).
 *
 * @return #GOC_OK; #GOC_EMISUSE if a transaction is already open;
 *         #GOC_EREADONLY on a read-only handle; #GOC_EBUSY if another
 *         connection holds the write lock past the busy timeout.
 */
GOC_API int goc_db_begin(goc_db *db);

/**
 * Commit the transaction opened by goc_db_begin().
 *
 * @return #GOC_OK; #GOC_EMISUSE if no transaction is open; #GOC_EBUSY,
 *         #GOC_EIO if the commit fails (the transaction is then rolled back);
 *         #GOC_ERROR, committing nothing, if an I/O error or out of memory
 *         in an earlier call rolled the whole transaction back, or left
 *         that call's changes impossible to undo alone.
 */
GOC_API int goc_db_commit(goc_db *db);

/**
 * Roll back the transaction opened by goc_db_begin().
 *
 * @return #GOC_OK; #GOC_EMISUSE if no transaction is open.
 */
GOC_API int goc_db_rollback(goc_db *db);

/**
 * Whether an explicit transaction is open on the handle.
 * @return 1 or 0 (0 for NULL).
 */
GOC_API int goc_db_in_transaction(const goc_db *db);

/**
 * Step a cursor to its next row.
 *
 * After #GOC_ROW, read the row with the accessor for the cursor's kind
 * (goc_cursor_org(), goc_cursor_unit() …).  Pointers read from a row are
 * valid until the next goc_cursor_next() or goc_cursor_free() on the same
 * cursor (SQLite's rule).  After #GOC_DONE every further call gives
 * #GOC_DONE; after an error every further call gives the same error (a
 * retry would silently start the list again): free the cursor and list
 * again.
 *
 * @return #GOC_ROW; #GOC_DONE when there are no more rows;
 *         #GOC_EINVAL for NULL; #GOC_EMISUSE if the database was closed;
 *         #GOC_EBUSY, #GOC_EIO, #GOC_ECORRUPT, #GOC_ENOMEM from storage.
 */
GOC_API int goc_cursor_next(goc_cursor *cur);

/**
 * Free a cursor.  NULL is a no-op.  May be called after goc_db_close().
 */
GOC_API void goc_cursor_free(goc_cursor *cur);

#ifdef __cplusplus
}
#endif

#endif /* GOC_DB_H */
