/*
  * libgoc — internal declarations shared by the library's modules.
 * Nothing here is part of the ABI.
 */
#ifndef GOC_INTERNAL_H
#define GOC_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>

#include "goc.h"

#if defined(__GNUC__)
#define GOC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GOC_PRINTF(a, b)
#endif

/* ---- limits (documented in the public header) ---- */
#define GOC_CODE_MAX 32
#define GOC_NAME_MAX 200      /* characters; name_en of an org: 300 */
#define GOC_ORG_NAME_EN_MAX 300
#define GOC_NOTES_MAX 4000
#define GOC_NOTE_MAX 2000
#define GOC_IDVALUE_MAX 64
#define GOC_ERRMSG_MAX 1024

/* ---- memory (through SQLite's allocator, so one hook covers both) ---- */
void *goc__malloc(size_t n);
void goc__free(void *p);
char *goc__strdup(const char *s); /* NULL in → NULL out (not an error) */
/* An optional text: "" counts as none (NULL). */
static inline const char *goc__opt(const char *s)
{
	return s && *s ? s : NULL;
}
/* Append a JSON string (or null for NULL), escaped as SQLite's json_*() do. */
void goc__json_str(sqlite3_str *out, const char *v);

/* ---- errors ---- */
/* Record an error on the calling thread (and on db if non-NULL); returns code. */
int goc__err(goc_db *db, int code, const char *fmt, ...) GOC_PRINTF(3, 4);
/* Map a SQLite result to a libgoc code and record it with context. */
int goc__sqlerr(goc_db *db, int sqlite_rc, const char *context);
int goc__map_sqlite(int sqlite_rc);

/* ---- validation ---- */
int goc__check_utf8(const char *s, size_t *nchars, size_t *bad_offset);
/* The same over n bytes, where a NUL byte is invalid too. */
int goc__utf8_scan(const char *s, size_t n, size_t *nchars, size_t *bad_offset);
/* The first control character (C0, DEL, C1; tab, LF, CR allowed with
 * `newlines`) of valid UTF-8 s: true, its byte offset and code point. */
bool goc__find_control(const char *s, bool newlines, size_t *at, unsigned *cp);
/* Validate text field `field`: required?, max characters, newlines (tab,
 * LF, CR) allowed?  Other control characters (C0, DEL, C1) never are. */
int goc__check_text(goc_db *db, const char *field, const char *s, bool required,
                    size_t maxchars, bool allow_newlines);
int goc__check_code(goc_db *db, const char *field, const char *code);
int goc__check_date(goc_db *db, const char *field, const char *date);
void goc__today(char out[11]);
int goc__check_uscc(goc_db *db, const char *field, const char *code);

/* ---- normalized names (name.c) ---- */
/* The key two names are compared by (NFKC, case folded, invisible
 * characters removed, white space collapsed and trimmed).  s points into
 * buf when it fits, else to memory of goc__malloc(); free with
 * goc__key_free().  NULL name: s = NULL. */
struct goc__key {
	char *s;
	size_t len;
	char buf[256];
};
/* GOC_OK; GOC_EINVAL (naming `field`) if the name has no visible
 * character; GOC_ENOMEM.  The name must be valid UTF-8. */
int goc__name_key(goc_db *db, const char *field, const char *name, struct goc__key *k);
void goc__key_free(struct goc__key *k);
/* A name for a message, into buf: invisible characters, white space other
 * than U+0020 and control characters shown as <U+XXXX> (two look-alikes
 * then look different); cut short to fit. */
void goc__name_show(char *buf, size_t size, const char *name);
/* The SQL function goc_name_key(text) on the handle's connection (the
 * schema's migrations fill stored keys with it). */
int goc__name_key_register(goc_db *db);

/* ---- the database handle ---- */
enum goc__stmt_id {
	STMT_UNIT_EXISTS,
	STMT_GROUP_EXISTS,
	STMT_ZONE_EXISTS,
	STMT_ORG_INSERT,
	STMT_ORG_HISTORY_INSERT,
	STMT_ORG_STATE,
	STMT_ORG_LAST_REVIEW,
	STMT_ORG_SET_STAGE,
	STMT_ORG_UNIQUE,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT__COUNT
};

struct goc_db {
	sqlite3 *sql;
	char *path;
	char *actor;           /* unit code or NULL (system) */
	char *user;            /* the person acting (login) or NULL; her unit is actor */
	bool readonly;
	bool user_txn;         /* goc_db_begin() is open */
	bool doomed;           /* the open transaction holds a failed call's changes: never commit it */
	int err_code;
	char err_msg[GOC_ERRMSG_MAX];
	sqlite3_stmt *stmts[STMT__COUNT];
	struct goc_cursor *cursors; /* open cursors, detached on close */
	struct goc__audit_cache *audit; /* audit.c's statements */
	struct goc__denial *denials;    /* refusals not yet recorded */
	int write_depth;                /* writes in progress (nested: > 1) */
	int write_access;               /* the actor's goc_access in the outermost write in progress */
	unsigned long txn_epoch;        /* counts goc_db_begin() calls */
	unsigned long bind_mark;        /* goc__bind_text() failures when the call began */
};

/* Borrow a cached prepared statement (reset, bindings cleared). */
int goc__stmt(goc_db *db, enum goc__stmt_id id, sqlite3_stmt **out);
/* Prepare a one-off statement (caller finalizes). */
int goc__prepare(goc_db *db, const char *sql, sqlite3_stmt **out);
/* Bind text or NULL.  A failure (out of memory: the parameter is left
 * NULL and the statement would still run) is counted, and the write in
 * progress fails with GOC_ENOMEM (goc__write_end()). */
int goc__bind_text(sqlite3_stmt *st, int i, const char *s);
/* Step a statement that returns no row; map the error with context. */
int goc__step_done(goc_db *db, sqlite3_stmt *st, const char *context);
/* Run SQL without results. */
int goc__exec(goc_db *db, const char *sql, const char *context);

/* Common precondition for every public call on a handle; also marks the
 * start of the call for goc__binds_failed(). */
int goc__check_db(goc_db *db);
/* A transaction open outside goc_db_begin() and outside any write (left
 * by a ROLLBACK or COMMIT that failed): roll it back now. */
int goc__end_stray_txn(goc_db *db, const char *context);
/* goc__bind_text() failures on this thread so far (a counter). */
unsigned long goc__bind_failures(void);
/* A goc__bind_text() failed (out of memory) since the call began
 * (goc__check_db()) or since the last such check: the parameter was left
 * NULL, so a read would answer wrongly.  Returns GOC_ENOMEM with a message
 * naming context (and forgets the failure), or GOC_OK.  Reads check before
 * they answer — goc__cursor_new*() and goc__fetch_one() do — and after
 * binding a statement they step themselves when they call other public
 * functions in between (which mark a new start). */
int goc__binds_failed(goc_db *db, const char *context);

/*
 * The write path.  Every mutating public call goes through here:
 *   goc__write_begin(db, &w, "org.create", "org");
 *   ... work; set w.object_id ...
 *   return goc__write_end(db, &w, rc);
 * begin refuses read-only handles, starts a transaction (BEGIN IMMEDIATE
 * in autocommit mode, a SAVEPOINT inside a caller's transaction), and is
 * the one place where permission checks hang; end appends the change-log
 * record and commits, or undoes everything on failure.
 */
#define GOC__OWNER_MAX 200
struct goc__write {
	const char *action;
	const char *object_kind;
	char object_id[64];
	bool own_txn;   /* BEGIN … COMMIT rather than SAVEPOINT */
	bool active;
	const char *denied; /* why the actor may not: refused at the end */
	bool nested;    /* made by libgoc inside another write */
	int access;     /* the actor's goc_access, read at goc__write_begin() */
	char *before;   /* the object as JSON before the change (audit.c) */
	int object_rc;  /* an error from naming the object */
	char owner[GOC__OWNER_MAX]; /* whose the object was, when denied */
	unsigned long bind_failures; /* goc__bind_text() failures before the write */
	bool recorded;  /* its objects were recorded one by one (goc__audit_record) */
};
int goc__write_begin(goc_db *db, struct goc__write *w, const char *action,
                     const char *object_kind);
/* Name the object of the write (before changing it, unless the write
 * creates it): its state before is kept for the audit trail, and a unit's
 * permission is checked against it. */
void goc__write_object(goc_db *db, struct goc__write *w, const char *id);
void goc__write_object_id(goc_db *db, struct goc__write *w, int64_t id);
int goc__write_end(goc_db *db, struct goc__write *w, int rc);

/* Existence checks (return GOC_OK / GOC_ENOTFOUND with a message naming field). */
int goc__unit_exists(goc_db *db, const char *field, const char *code);
int goc__zone_exists(goc_db *db, const char *field, const char *code);
int goc__group_exists(goc_db *db, const char *code, bool *found);
int goc__unit_code_taken(goc_db *db, const char *code, bool *found);
/* Resolve the recording unit: explicit code or the actor.  Inside a write
 * only: a unit that is not an administrator may name only itself
 * (GOC_EPERM naming the actor and the unit). */
int goc__resolve_unit(goc_db *db, const char *field, const char *code,
                      const char **out);

/* ---- plans (plan.c) ---- */
#define GOC_TITLE_MAX 300
#define GOC_TEXT_MAX 20000
#define GOC_LABEL_MAX 16
#define GOC_ISSUER_MAX 200
#define GOC_SOURCE_MAX 1000
int goc__reference_load(goc_db *db, const char *name); /* inside a write */
int goc__check_period(goc_db *db, const char *field, const char *period);
int goc__kpis_load_builtin(goc_db *db, const char *plan); /* kpi_load.c */
/* The same from a KPI file in that format (inside a write; fuzz/ uses it). */
int goc__kpis_load_json(goc_db *db, const char *plan, const char *json, size_t len);
/* Task id of (plan, code); GOC_ENOTFOUND naming `field`. */
int goc__task_id(goc_db *db, const char *field, const char *plan, const char *code,
                 int64_t *id);
int goc__plan_exists(goc_db *db, const char *field, const char *plan);
/* Does `unit` answer for task `task_id` (groups expanded, inherited)? */
int goc__unit_answers_for(goc_db *db, int64_t task_id, const char *unit, bool *yes);
/*
 * The responsibility query for plan ?1.  goc__resp_cte() writes the common
 * table expressions (to follow "WITH RECURSIVE"): tree(task_id, src_id,
 * sortkey) — every task in tree order with the task whose own assignments
 * apply — and resp(task_id, party, is_group, rank, via, src_id, sortkey),
 * with groups expanded and inheritance applied as `flags` say.
 * goc__resp_sql() writes a whole statement giving assignment rows (task
 * code, party, is_group, role, via_group, inherited_from, sortkey, task id)
 * with `where` (starting with " AND") and `order` appended; fixed text only.
 */
int goc__resp_cte(char *buf, size_t size, unsigned int flags);
int goc__resp_sql(char *buf, size_t size, unsigned int flags, const char *where,
                  const char *order);
void goc__read_assignment(sqlite3_stmt *st, void *row);

/* ---- access roles and the audit trail (audit.c) ---- */
#define GOC__HASH_SIZE 32
#define GOC__LOGIN_MAX 64
/* A refusal waiting to be recorded (inside a caller's transaction, or
 * when the file was busy). */
struct goc__denial {
	struct goc__denial *next;
	char actor[GOC_CODE_MAX + 1], person[GOC__LOGIN_MAX + 1], action[40], kind[24], id[64];
	char detail[GOC_ERRMSG_MAX];
};
struct goc__audit_cache;
int goc__authorize(goc_db *db, struct goc__write *w);
int goc__audit_object(goc_db *db, struct goc__write *w);
int goc__audit_commit(goc_db *db, struct goc__write *w);
/* Record one object made by the write now, with its state after as JSON
 * (NULL: read from its table), for writes that make several objects; a
 * unit's ownership of it is checked as goc__audit_commit() does.  Once
 * called, goc__audit_commit() records nothing more. */
int goc__audit_record(goc_db *db, struct goc__write *w, const char *id, const char *after);
void goc__audit_write_done(struct goc__write *w);
void goc__audit_refused(goc_db *db, const struct goc__write *w);
void goc__audit_flush(goc_db *db);
void goc__audit_close(goc_db *db);
/* Forget the cached last record (its write was undone). */
void goc__audit_forget(goc_db *db);
int goc__audit_rehash(goc_db *db);
/* The access role of the handle's identity (the system actor: admin;
 * a person: GOC_EPERM if she is disabled or gone). */
int goc__identity_access(goc_db *db, int *access);
/* Append a record made outside the write path (a login: ok or denied),
 * inside the transaction the caller holds; the handle's actor, and
 * `person` as given. */
int goc__audit_note(goc_db *db, const char *action, const char *kind, const char *id,
                    const char *person, bool ok, const char *detail);

/* ---- people (user.c) ---- */
/* Seconds since the epoch: the clock of login throttling and token
 * expiry.  goc__clock_set(t) makes it answer t from now on (tests only;
 * 0: the real clock again). */
int64_t goc__clock_now(void);
void goc__clock_set(int64_t t);

/* ---- schema ---- */
int goc__schema_open(goc_db *db); /* check, create or migrate */

/* ---- cursors ---- */
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
	CUR_TOKEN
};

struct goc_unit {
	const char *code, *name_zh, *name_en;
	int kind;
};
struct goc_group {
	const char *code, *name_zh, *name_en;
	int member_count;
};
struct goc_zone {
	const char *code, *name_zh, *name_en, *bureau;
	int focus;
};
struct goc_org {
	int64_t id;
	const char *name_zh, *name_en, *zone, *unit, *id_scheme, *id_value,
	    *notes, *stage_date, *created, *hq_date;
	int category, origin, stage;
};
struct goc_stage_change {
	int64_t seq, org;
	int from, to;
	const char *date, *unit, *note;
};
struct goc_review {
	int64_t id, org;
	int outcome;
	const char *date, *unit, *note;
};
struct goc_review_request {
	int64_t id, org, review;
	const char *date, *unit, *note;
};

struct goc_plan {
	const char *code, *title_zh, *title_en, *issuer, *issued, *source, *start, *end;
	int task_count;
};
struct goc_goal {
	const char *plan, *code, *title_zh, *title_en, *text;
};
struct goc_task {
	const char *plan, *code, *parent, *label, *title_zh, *title_en, *text, *due,
	    *status_date, *done_date;
	int level, recurrence, status, child_count;
};
struct goc_assignment {
	const char *task, *party, *via_group, *inherited_from;
	int is_group, role;
};
struct goc_report {
	int64_t id, supersedes, superseded_by;
	const char *plan, *task, *unit, *period, *date, *text, *evidence;
	int status, percent;
};

struct goc_partner {
	int64_t id;
	const char *name_zh, *name_en, *unit, *date, *contact, *notes;
	int kind;
};
struct goc_expert {
	int64_t id;
	const char *name, *field, *affiliation, *unit, *date, *notes;
};
struct goc_event {
	int64_t id;
	const char *title_zh, *title_en, *date, *zone, *unit, *organizers, *notes;
	int kind, international, large, org_count;
};
struct goc_request {
	int64_t id, org;
	const char *opened, *unit, *summary, *resolved, *outcome, *notes;
	int category, days;
};
struct goc_zone_fact {
	const char *zone, *date, *contact;
	int office_space;
};
struct goc_user {
	int64_t id;
	const char *login, *name, *unit, *phone, *email, *created;
	int disabled;
};
struct goc_token {
	int64_t id;
	const char *login, *label, *created, *expires, *last_used;
	int revoked;
};
struct goc_kpi {
	int64_t id;
	const char *plan, *code, *name_zh, *name_en, *members, *start, *end,
	    *baseline_date, *tasks, *stage, *category, *origin, *event_kind;
	int measure, scope, window, direction, international, large, days;
	double baseline, target_min, target_max, weight, at_risk;
};
struct goc_audit_record {
	int64_t seq;
	const char *time, *actor, *action, *object_kind, *object_id, *detail,
	    *before, *after, *person;
	int outcome, layout;
	char hash[2 * 32 + 1];
};
/* Rows of evaluations and scorecards (struct goc_kpi_row in
 * kpi_internal.h, struct goc_score in scorecard.c) are computed, not read
 * from SQL: the cursor owns an array of them and steps through it. */

/* Fill a record from the current row of st; strings are borrowed. */
typedef void (*goc__row_reader)(sqlite3_stmt *st, void *row);

struct goc_cursor {
	goc_db *db;                 /* NULL once detached */
	struct goc_cursor *next, *prev;
	sqlite3_stmt *stmt;
	enum goc__cursor_kind kind;
	goc__row_reader read;
	int state;                  /* 0 before/between rows, GOC_ROW, GOC_DONE */
	union {
		struct goc_unit unit;
		struct goc_group group;
		struct goc_zone zone;
		struct goc_org org;
		struct goc_stage_change stage_change;
		struct goc_review review;
		struct goc_review_request review_request;
		struct goc_plan plan;
		struct goc_goal goal;
		struct goc_task task;
		struct goc_assignment assignment;
		struct goc_report report;
		struct goc_partner partner;
		struct goc_expert expert;
		struct goc_event event;
		struct goc_request request;
		struct goc_kpi kpi;
		struct goc_audit_record audit;
		struct goc_user user;
		struct goc_token token;
	} row;
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
const char *goc__col_text(sqlite3_stmt *st, int col); /* NULL for SQL NULL */

/* Deep copy of a record whose strings are the listed members. */
void *goc__record_dup(const void *rec, size_t size, const size_t *str_offsets,
                      size_t n_str);

const void *goc__cursor_row(const goc_cursor *cur, enum goc__cursor_kind kind);
/* Step a one-off statement (finalized here) and copy its row into *out. */
int goc__fetch_one(goc_db *db, sqlite3_stmt *st, goc__row_reader read,
                   void *row, size_t size, const size_t *offs, size_t n,
                   void **out, const char *what);

/* ---- enums ---- */
int goc__enum_parse(const char *const *names, int count, int *out,
                    const char *what, const char *name);

int goc__enum_value(const char *const *names, int count, const char *name);
int goc__unit_kind_value(const char *name);
int goc__category_value(const char *name);
int goc__origin_value(const char *name);
int goc__stage_value(const char *name);
int goc__review_outcome_value(const char *name);
int goc__task_level_value(const char *name);
int goc__task_status_value(const char *name);
int goc__role_value(const char *name);
int goc__recurrence_value(const char *name);
int goc__measure_value(const char *name);
int goc__scope_value(const char *name);
int goc__window_value(const char *name);
int goc__direction_value(const char *name);
int goc__kpi_status_value(const char *name);
int goc__score_by_value(const char *name);
int goc__partner_kind_value(const char *name);
int goc__event_kind_value(const char *name);
int goc__request_category_value(const char *name);
int goc__access_value(const char *name);

#endif /* GOC_INTERNAL_H */
