/*
  * libgoc — internal declarations shared by the library's modules.
 * Nothing here is part of the ABI.
 */
#ifndef GOC_INTERNAL_H
#define GOC_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

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
#define GOC__FIELD_MAX 128 /* goc_error_field(): a longer path is not given */

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
/* Record an error on the calling thread (and on db if non-NULL); returns
 * code.  fmt is a message format in English; under a handle whose language
 * is Chinese (goc_db_set_lang()) its zh_CN translation from the catalogue
 * is formatted instead (i18n.c).  Formats are extracted for translation by
 * xgettext (po/README.md): write them as string literals here, or mark a
 * literal kept elsewhere with N_() and pass it through "%s" after
 * goc__translate(). */
int goc__err(goc_db *db, int code, const char *fmt, ...) GOC_PRINTF(3, 4);
/* Map a SQLite result to a libgoc code and record it with context (a
 * literal, translated like a format: "reading the audit trail"). */
int goc__sqlerr(goc_db *db, int sqlite_rc, const char *context);
/* The handle's last error message in English, whatever its language: what
 * the audit trail records of a refusal. */
const char *goc__errmsg_en(const goc_db *db);

/* ---- languages (i18n.c) ---- */
enum { GOC__LANG_EN = 0, GOC__LANG_ZH = 1 };
/* Marks a literal for the catalogue without translating it where it stands. */
#define N_(s) s
/* "en"/"zh" (a region, encoding or modifier may follow: zh_CN.UTF-8, zh-CN;
 * NULL or "" is English): GOC__LANG_*, or -1 for another language. */
int goc__lang_parse(const char *lang);
/* text in language lang: its translation from the catalogue, or text
 * itself (English, or no translation).  Thread-safe. */
const char *goc__translate(int lang, const char *text);
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
/* An optional e-mail address: text of up to GOC__EMAIL_MAX bytes with one
 * '@' between text, no spaces (NULL and "" pass: none). */
#define GOC__EMAIL_MAX 254
#define GOC__PHONE_MAX 64
int goc__check_email(goc_db *db, const char *field, const char *email);
void goc__today(char out[11]);

/* ---- reporting periods and deadlines (period.c; rules in goc/report.h) ----
 * Dates and periods must be valid (goc__check_date(), goc__check_period()). */
long goc__day_number(const char *date);           /* days since 1970-01-01 */
void goc__day_date(long day, char out[11]);        /* and back */
/* Index of the cycle's period holding a date (consecutive periods have
 * consecutive indexes), -1 for an unknown cycle. */
int goc__cycle_index(int cycle, const char *date);
/* Index of a period of the cycle, -1 if the period is of another form. */
int goc__period_cycle_index(int cycle, const char *period);
void goc__cycle_period(int cycle, int index, char out[16]); /* "2025-Q2" … */
void goc__period_bounds(const char *period, char start[11], char end[11]); /* NULL: not wanted */
void goc__period_deadline(const char *period, int days, char out[11]); /* last day + days */
int goc__late_days(const char *period, int days, const char *date); /* 0 if on time */
/* The default reporting of a plan: quarterly, due 10 calendar days after. */
#define GOC__DEFAULT_CYCLE GOC_CYCLE_QUARTERLY
#define GOC__DEFAULT_DEADLINE_DAYS 10
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
	STMT_ORG_INSERT_CHUNK,         /* GOC__ORG_CHUNK organizations, ids given */
	STMT_ORG_HISTORY_INSERT_CHUNK, /* their first stage rows */
	STMT_ORG_MAX_ID,
	STMT_ORG_STATE,
	STMT_ORG_LAST_REVIEW,
	STMT_ORG_SET_STAGE,
	STMT_ORG_UNIQUE,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT__COUNT
};

/* The rows of a bulk create written by one statement (org.c). */
#define GOC__ORG_CHUNK 32

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
	int lang;              /* GOC__LANG_*: the language of its messages (English by default) */
	char err_en[GOC_ERRMSG_MAX]; /* the last error in English (the audit trail records it) */
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
/* A text column; NULL for SQL NULL. */
const char *goc__col_text(sqlite3_stmt *st, int col);
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
 *   goc__write_begin(db, &w, "org.create", &org_kind);
 *   ... work; set w.object_id ...
 *   return goc__write_end(db, &w, rc);
 * begin refuses read-only handles, starts a transaction (BEGIN IMMEDIATE
 * in autocommit mode, a SAVEPOINT inside a caller's transaction), and is
 * the one place where permission checks hang; end appends the change-log
 * record and commits, or undoes everything on failure.
 */
#define GOC__OWNER_MAX 200
struct goc__kind;
struct goc__write {
	const char *action;
	const struct goc__kind *kind; /* what the object is (see below); NULL: none */
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
	struct goc__audit_batch *batch; /* their records not yet inserted (audit.c) */
};
int goc__write_begin(goc_db *db, struct goc__write *w, const char *action,
                     const struct goc__kind *kind);
/* Name the object of the write (before changing it, unless the write
 * creates it): its state before is kept for the audit trail, and a unit's
 * permission is checked against it. */
void goc__write_object(goc_db *db, struct goc__write *w, const char *id);
void goc__write_object_id(goc_db *db, struct goc__write *w, int64_t id);
int goc__write_end(goc_db *db, struct goc__write *w, int rc);

/* Existence checks (return GOC_OK / GOC_ENOTFOUND with a message naming field). */
int goc__unit_exists(goc_db *db, const char *field, const char *code);
/* Check a unit's optional contact, phone and e-mail (register.c). */
int goc__unit_contact_check(goc_db *db, const char *contact, const char *phone,
                            const char *email);
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
/* Reference data as text (lines of tab-separated unit, group and zone rows,
 * '#' comments): the parser of the built-in data, which tests also feed
 * rows no built-in file has.  Inside a write. */
int goc__reference_load_text(goc_db *db, const char *text);
int goc__check_period(goc_db *db, const char *field, const char *period);
int goc__kpis_load_builtin(goc_db *db, const char *plan); /* kpi_load.c */
/* The same from a KPI file in that format (inside a write; fuzz/ uses it). */
int goc__kpis_load_json(goc_db *db, const char *plan, const char *json, size_t len);
/* Task id of (plan, code); GOC_ENOTFOUND naming `field`. */
int goc__task_id(goc_db *db, const char *field, const char *plan, const char *code,
                 int64_t *id);
int goc__plan_exists(goc_db *db, const char *field, const char *plan);
/* The preamble of a plan's getters and lists: goc__out_args(), then the
 * plan (named "plan") must exist. */
int goc__plan_args(goc_db *db, void **out, const char *plan);
/* A plan's reporting (plan.c): check a cycle and offset ("<prefix>cycle",
 * "<prefix>deadline_days"), store them, read them (GOC_ENOTFOUND). */
int goc__plan_reporting_check(goc_db *db, const char *prefix, int cycle, int days);
int goc__plan_reporting_store(goc_db *db, const char *plan, int cycle, int days);
int goc__plan_reporting(goc_db *db, const char *plan, int *cycle, int *days);
/* The periods a plan's reports are due for as of a date (goc/report.h):
 * the cycle's periods with index first … last (none if first > last),
 * from the one holding the plan's first day (without one: the last only)
 * to the last whose deadline is before as_of (or the one holding the
 * plan's last day, if earlier). */
struct goc__due {
	int cycle, days, first, last;
};
int goc__plan_due(goc_db *db, const char *plan, const char *as_of, struct goc__due *due);
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
/* Record one object made by the write, with its state after as JSON
 * (NULL: read from its table), for writes that make several objects; a
 * unit's ownership of it is checked now, as goc__audit_commit() does.  The
 * records wait in w and are inserted a batch at a time, the last ones by
 * goc__audit_commit(), which records nothing else once this was called. */
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
int goc__audit_note(goc_db *db, const char *action, const struct goc__kind *kind,
                    const char *id, const char *person, bool ok, const char *detail);
/* goc_db_may() (may.c) once the action's kind is known: whether the
 * handle's identity may make it, by the write path's own checks on the
 * object `object_id` of `kind` (NULL or "": the action alone); nothing is
 * written.  GOC_EREADONLY, GOC_EPERM with the write's message, or an error. */
int goc__audit_may(goc_db *db, const char *action, const struct goc__kind *kind,
                   const char *object_id);

/* ---- people (user.c) ---- */
/* Seconds since the epoch: the clock of login throttling and token
 * expiry.  goc__clock_set(t) makes it answer t from now on (tests only;
 * 0: the real clock again). */
int64_t goc__clock_now(void);
void goc__clock_set(int64_t t);

/* ---- schema ---- */
int goc__schema_open(goc_db *db); /* check, create or migrate */

/* ---- cursors (cursor_internal.h) ---- */
#include "cursor_internal.h"

/* ---- record kinds ---- */
/*
 * One descriptor per record type, defined (static const) by the module
 * that owns its table — goc__kind_org in org.c, goc__kind_partner in
 * activity.c, … — and passed down as data: the write path hands it to
 * the audit (goc__write_begin()), which shows the object's row(s) and
 * checks its owner from it; the generic helpers of record.c read, list
 * and delete records with it.  No file below the record modules names a
 * kind: they only read what they are given.  Members left 0/NULL are not
 * used (a kind without a table, such as a whole load, shows no row).
 */
struct goc__kind {
	const char *name;      /* the object kind in the audit trail: "organization" */
	const char *noun;      /* in messages, if not `name`: "service request" */
	/* the audit trail: the object's row(s) before and after, its owner */
	const char *table;     /* the row(s) shown before and after */
	const char *key;       /* its key column, compared with the object id */
	bool int_key;          /* the key is an integer (an id) */
	bool multi;            /* several rows per key: a JSON array */
	const char *extra;     /* more members of the JSON object (t: the row), or NULL */
	const char *owner_sql; /* ?1 object id, ?2 actor: one row if it exists: owned?, owner;
	                        * NULL: only administrators write it */
	/* actions a person may make on herself or what is hers (A_SELF in
	 * audit.c), whatever her unit's role: */
	bool self_key;         /* the object is a person: hers when its key is her login */
	const char *self_sql;  /* else ?1 object id, ?2 her login: one row if it exists:
	                        * hers?  Neither: only administrators */
	/* the records: one by key ?1, rows read by `read` into `size` bytes
	 * whose string members are at `strs` */
	const char *get_sql;
	goc__row_reader read;
	enum goc__cursor_kind cursor;
	size_t size;
	const size_t *strs;
	size_t n_strs;
};
#define GOC__N(a) (sizeof(a) / sizeof((a)[0]))
/* The kinds each record module describes (the plan's, the task's and the
 * unit's are declared in plan_internal.h and register_internal.h), for
 * what names a kind by an action (goc_db_may). */
extern const struct goc__kind goc__kind_org, goc__kind_partner, goc__kind_expert,
    goc__kind_event, goc__kind_request, goc__kind_zone_facts, goc__kind_report,
    goc__kind_group, goc__kind_zone, goc__kind_reference, goc__kind_kpi,
    goc__kind_user, goc__kind_token, goc__kind_database;

/* record.c: the shells every record module had copies of. */
/* The preamble of a getter or a list: *out cleared, db and out checked. */
int goc__out_args(goc_db *db, void **out);
/* A getter by integer key: the whole public call (preamble, get_sql,
 * GOC_ENOTFOUND "id: no <noun> with id N"). */
int goc__kind_get_id(void **out, goc_db *db, const struct goc__kind *k, int64_t id);
/* Step a one-off statement of k's columns (finalized here) and copy its
 * row into *out: GOC_ENOTFOUND "<noun>: not found" when there is none. */
int goc__kind_fetch(void **out, goc_db *db, const struct goc__kind *k, sqlite3_stmt *st);
/* A cursor over the rows of st (k's columns; takes ownership of st). */
int goc__kind_cursor(goc_cursor **out, goc_db *db, const struct goc__kind *k,
                     sqlite3_stmt *st);
/* The current row of cur as a record of k, or NULL. */
const void *goc__kind_row(const goc_cursor *cur, const struct goc__kind *k);

/* A write on the existing object `id` of k: the handle checked (and `arg`,
 * named arg_name, when that is not NULL), the write begun and its object
 * named, fn run, the write ended. */
typedef int (*goc__write_fn)(goc_db *db, int64_t id, const void *arg);
int goc__write_id(goc_db *db, const struct goc__kind *k, const char *action, int64_t id,
                  goc__write_fn fn, const void *arg, const char *arg_name);
/* A write on the object named by text `key` (a code) of k: as
 * goc__write_id(), with fn run on arg alone. */
typedef int (*goc__keyed_fn)(goc_db *db, const void *arg);
int goc__write_key(goc_db *db, const struct goc__kind *k, const char *action, const char *key,
                   goc__keyed_fn fn, const void *arg, const char *arg_name);
/* A write that creates one object of k: fn makes it from arg and sets
 * *id; *out_id (may be NULL) is set on success, 0 otherwise. */
typedef int (*goc__create_fn)(goc_db *db, const void *arg, int64_t *id);
int goc__write_create(int64_t *out_id, goc_db *db, const struct goc__kind *k,
                      const char *action, goc__create_fn fn, const void *arg,
                      const char *arg_name);
/* Delete the object `id` of k (integer key) in a write of its own:
 * `check` (NULL: none) may refuse first; GOC_ENOTFOUND "id: no <noun>
 * with id N" if there is none. */
int goc__kind_delete(goc_db *db, const struct goc__kind *k, const char *action, int64_t id,
                     goc__write_fn check);

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
int goc__every_value(const char *name);
int goc__partner_kind_value(const char *name);
int goc__event_kind_value(const char *name);
int goc__request_category_value(const char *name);
int goc__access_value(const char *name);
int goc__audit_outcome_value(const char *name);
int goc__review_requests_value(const char *name);
int goc__report_cycle_value(const char *name);
int goc__reminder_kind_value(const char *name);

#endif /* GOC_INTERNAL_H */
