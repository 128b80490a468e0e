/*
 * libgoc — an in-memory plan: the common form of every plan interchange.
 *
 * The JSON reader, the task-table reader and the built-in plan each build a
 * goc__plandoc; goc__plandoc_store() validates it against the database and
 * writes it.  Readers check syntax and shape and say where (line and
 * column, or a JSON path); the store checks meaning (unknown units,
 * duplicate codes, levels) with the same locations.  Nothing here is ABI.
 */
#ifndef GOC_PLANDOC_H
#define GOC_PLANDOC_H

#include "internal.h"

/* ---- arena: every string and array of a document, freed at once ---- */
struct goc__arena;
struct goc__arena *goc__arena_new(void);
void goc__arena_free(struct goc__arena *a);
void *goc__arena_alloc(struct goc__arena *a, size_t n);  /* zeroed; NULL on OOM */
extern size_t goc__arena_block;              /* least size of a new block (arena.c) */
extern void *(*goc__arena_malloc)(size_t n); /* allocates the blocks: goc__malloc() */
char *goc__arena_strdup(struct goc__arena *a, const char *s); /* NULL in → NULL */
char *goc__arena_strndup(struct goc__arena *a, const char *s, size_t n);
/* Tests: the allocation after the next n fails (once; n < 0: none).  Most
 * allocations are served from a block already there, so the allocator's
 * own failures (the fault suites) never reach their callers' checks. */
void goc__arena_fail_in(struct goc__arena *a, long n);

/* Where an element came from, for messages: a table's line and column
 * (1-based, 0 if unknown) or a JSON path such as "tasks[3].assignments[0]". */
struct goc__doc_loc {
	int line, column;
	const char *path;
};

struct goc__doc_assign {
	const char *party;  /* unit or group: code, Chinese or English name */
	int role;           /* enum goc_role */
	struct goc__doc_loc loc;
};

struct goc__doc_task {
	const char *code, *parent, *label, *title_zh, *title_en, *text, *due;
	int level;          /* enum goc_task_level */
	int recurrence;     /* enum goc_recurrence */
	int status;         /* enum goc_task_status; 0 means not_started */
	const char *status_date, *done_date;
	struct goc__doc_assign *assign;
	size_t n_assign, cap_assign;
	struct goc__doc_loc loc;
};

struct goc__doc_goal {
	const char *code, *title_zh, *title_en, *text;
	struct goc__doc_loc loc;
};

struct goc__plandoc {
	struct goc__arena *arena;
	goc_plan_fields plan;   /* strings in the arena; unused by table imports */
	int report_cycle;       /* enum goc_report_cycle, 0: the default (JSON "report_cycle") */
	int report_deadline_days; /* -1: the default (JSON "report_deadline_days") */
	struct goc__doc_goal *goals;
	size_t n_goals, cap_goals;
	struct goc__doc_task *tasks;  /* in tree order: parents before children */
	size_t n_tasks, cap_tasks;
	const char *sheet;      /* a table read from an .xlsx file: its sheet (arena) */
};

/* Returns GOC_OK or GOC_ENOMEM (recorded on db). */
int goc__plandoc_init(goc_db *db, struct goc__plandoc *doc);
void goc__plandoc_free(struct goc__plandoc *doc);
/* Append a zeroed element; NULL on OOM (error recorded on db). */
struct goc__doc_task *goc__plandoc_add_task(goc_db *db, struct goc__plandoc *doc);
struct goc__doc_goal *goc__plandoc_add_goal(goc_db *db, struct goc__plandoc *doc);
/* Append an assignment to a task (party copied into the arena). */
int goc__plandoc_add_assign(goc_db *db, struct goc__plandoc *doc,
                            struct goc__doc_task *task, const char *party,
                            int role, struct goc__doc_loc loc);

/*
 * Write a document inside the caller's write (goc__write_begin).
 * mode GOC__STORE_NEW_PLAN: create doc->plan (REPLACE flag: delete the
 * existing one first); GOC__STORE_INTO_PLAN: add the tasks to the existing
 * plan `plan_code` (REPLACE: remove its tasks first).  Party names are
 * resolved to units and groups (CREATE_UNITS: unknown names become units).
 */
enum goc__store_mode { GOC__STORE_NEW_PLAN, GOC__STORE_INTO_PLAN };
int goc__plandoc_store(goc_db *db, const struct goc__plandoc *doc,
                       enum goc__store_mode mode, const char *plan_code,
                       unsigned int flags, goc_progress_cb progress, void *payload);

/* Format a location prefix ("line 12, column 4: ", "tasks[3].code: ", or ""). */
void goc__loc_format(char *buf, size_t size, struct goc__doc_loc loc, const char *field);

/*
 * Readers.  Each fills an initialised doc or returns an error naming the
 * line and column (or path); the doc is the caller's to free either way.
 */
int goc__plandoc_from_json(goc_db *db, const char *json, size_t len,
                           struct goc__plandoc *doc);
int goc__plandoc_from_table(goc_db *db, const char *data, size_t len,
                            const goc_import_options *opts,
                            struct goc__plandoc *doc);
/* A table read from a sheet: turn the error message's leading "line L,
 * column C: " (or "line L: ") into "Sheet!C7: "; returns rc.  No-op for
 * GOC_OK or a NULL sheet. */
int goc__table_relocate(goc_db *db, int rc, const char *sheet);

/*
 * Progress reports (report.c).  goc__report_latest_cte() writes the common
 * table expression latest(id, task_id, unit, n): every report that counts
 * as of the date bound to parameter ?asof (NULL: every report) — dated on
 * or before it, not corrected by a report dated on or before it — with
 * n = 1 for the latest of each task and unit (by date, then submission).
 * To follow "WITH RECURSIVE …,"; fixed text only.
 */
int goc__report_latest_cte(char *buf, size_t size, int asof);

#endif /* GOC_PLANDOC_H */
