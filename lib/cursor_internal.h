/*
 * libgoc — cursors (cursor.c): the kinds of row a cursor gives, the
 * cursor itself, and the copying of one row into an owned record
 * (goc__fetch_one, goc__record_dup, comma lists).  Included by internal.h,
 * whose record kinds name a cursor kind; nothing here is part of the ABI.
 */
#ifndef GOC_CURSOR_INTERNAL_H
#define GOC_CURSOR_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goc.h"

enum goc__cursor_kind {
	CUR_UNIT = 1,
	CUR_GROUP,
	CUR_ZONE,
	CUR_ORG,
	CUR_STAGE_CHANGE,
	CUR_REVIEW,
	CUR_REVIEW_REQUEST,
	CUR_PLAN,
	CUR_GOAL,
	CUR_TASK,
	CUR_ASSIGNMENT,
	CUR_REPORT,
	CUR_PARTNER,
	CUR_EXPERT,
	CUR_EVENT,
	CUR_REQUEST,
	CUR_KPI,
	CUR_KPI_ROW,
	CUR_SCORE,
	CUR_AUDIT,
	CUR_DOSSIER_ROW,
	CUR_USER,
	CUR_TOKEN,
	CUR_REMINDER
};

/* The records (struct goc_org, …) are defined by the modules that own
 * them; a cursor holds the current one in `row`, room enough for any
 * (each module checks its own with GOC__ROW_FITS).  Rows of evaluations
 * and scorecards (struct goc_kpi_row in kpi_internal.h, struct goc_score
 * in scorecard.c) are computed, not read from SQL: the cursor owns an
 * array of them and steps through it. */
#define GOC__ROW_MAX 256
#define GOC__ROW_FITS(type) \
	_Static_assert(sizeof(type) <= GOC__ROW_MAX, #type " fits a cursor's row")
union goc__row { /* aligned as the records' members are (not max_align_t:
                  * SQLite's allocator promises 8 bytes) */
	int64_t i;
	double d;
	void *p;
	unsigned char bytes[GOC__ROW_MAX];
};

/* Fill a record from the current row of st; strings are borrowed. */
typedef void (*goc__row_reader)(sqlite3_stmt *st, void *row);

struct goc_cursor {
	goc_db *db;                 /* NULL once detached */
	struct goc_cursor *next, *prev;
	sqlite3_stmt *stmt;
	enum goc__cursor_kind kind;
	goc__row_reader read;
	int state;                  /* 0 before/between rows, GOC_ROW, GOC_DONE */
	union goc__row row;
	/* computed cursors (CUR_KPI_ROW, CUR_SCORE): an array of rows whose
	 * memory belongs to `owner`, released with free_owner */
	void *items;
	size_t n_items, item_size, next_item;
	void *owner;
	void (*free_owner)(void *owner);
};

/* Create a cursor over a prepared statement (takes ownership of st). */
int goc__cursor_new(goc_cursor **out, goc_db *db, sqlite3_stmt *st,
                    enum goc__cursor_kind kind, goc__row_reader read);
void goc__cursors_detach(goc_db *db);
/* A cursor over computed rows (takes ownership of owner even on failure). */
int goc__cursor_new_items(goc_cursor **out, goc_db *db, enum goc__cursor_kind kind,
                          void *items, size_t n, size_t size, void *owner,
                          void (*free_owner)(void *owner));

/*
 * Run a single-row query and copy the row into an owned record:
 * `read` fills a borrowed record, `copy` deep-copies it.  Returns
 * GOC_ENOTFOUND (message from `what`) when there is no row.
 */

/* Deep copy of a record whose strings are the listed members (an offset
 * marked with GOC__LIST_OFF is a comma list, copied with its items). */
void *goc__record_dup(const void *rec, size_t size, const size_t *str_offsets,
                      size_t n_str);

/*
 * Comma lists with their items.  A record member that holds a comma list
 * ("a,b") is read from SQL as GOC__LIST_SQL(x): the text, a NUL, then the
 * same text with every comma made a NUL ("a,b\0a\0b\0").  The member reads
 * as the comma text (the deprecated accessors give it), and goc__list_at()
 * gives its items as NUL-terminated strings without allocating, valid as
 * long as the record.  Its offset in a record's string offsets is marked
 * with GOC__LIST_OFF, so that goc__record_dup() and goc__field_size() copy
 * both halves.  Empty items ("a,,b") are skipped.
 */
#define GOC__LIST_SQL(x) "(" x " || char(0) || replace(" x ", ',', char(0)))"
#define GOC__LIST_TAG ((size_t)1 << (sizeof(size_t) * 8 - 1))
#define GOC__LIST_OFF(off) ((off) | GOC__LIST_TAG)
/* The bytes to copy for string member s at the (possibly marked) offset. */
size_t goc__field_size(const char *s, size_t tagged_off);
/* The number of non-empty items of a comma list (0 for NULL). */
int goc__list_count(const char *list);
/* The i-th non-empty item of a list read with GOC__LIST_SQL, or NULL. */
const char *goc__list_at(const char *list, int i);

const void *goc__cursor_row(const goc_cursor *cur, enum goc__cursor_kind kind);
/* Step a one-off statement (finalized here) and copy its row into *out. */
int goc__fetch_one(goc_db *db, sqlite3_stmt *st, goc__row_reader read,
                   void *row, size_t size, const size_t *offs, size_t n,
                   void **out, const char *what);

#endif /* GOC_CURSOR_INTERNAL_H */
