/*
 * libgoc — the register of international economic organizations.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_ORG_H
#define GOC_ORG_H

#include "goc/db.h"

/** @file goc/org.h
 *  @brief International economic organizations (国际经济组织), their dated
 *         lifecycle, risk reviews and regional-headquarters milestones.
 *
 * **Lifecycle.**  An organization is created in stage `target` and moves
 * forward through `contacting`, `negotiating`, `approved`, `landed` and
 * `operating`.  The legal moves are:
 *  - forward from `target`, `contacting` or `negotiating` to any later one
 *    of `contacting`, `negotiating`, `approved` (skipping is allowed);
 *  - `approved → landed`, only with a cleared risk review (below);
 *  - `landed → operating`;
 *  - any stage except `withdrawn` → `withdrawn`;
 *  - `withdrawn →` `target`, `contacting` or `negotiating` (reopening).
 * Anything else fails with #GOC_ESTATE.  Every change is kept in the stage
 * history with its date, the unit that recorded it and a note; within one
 * organization dates never run backwards (equal dates are allowed).
 *
 * **Risk review** (风险防范).  Reviews are recorded with a date, the
 * reviewing unit, an outcome and a note.  A move to `landed` on date D is
 * allowed only if the latest review dated on or before D (latest by date,
 * then by order of recording) is `cleared`.  Only a reviewing unit
 * (goc_unit_set_reviewer(); 公安分局 by default) or an administrator records
 * a review, on any organization except, for a reviewing unit, one it
 * follows itself: the unit that wants the landing never clears it.  The
 * following unit asks for one instead (goc_org_request_review()); the
 * request waits, visible to the reviewers (goc_org_review_requests()),
 * until the next review of that organization answers it.
 *
 * **Who is named.**  The `unit` argument of goc_org_set_stage(),
 * goc_org_review() and goc_org_set_hq() names the unit that recorded the
 * entry; NULL means the acting unit.  A unit that is not an administrator
 * may name only itself: naming another is #GOC_EPERM (recorded in the
 * audit trail as a refusal), whatever that unit's role.
 *
 * **Regional headquarters** (区域总部).  A dated milestone, at most one per
 * organization, allowed only while it is `landed` or `operating` and not
 * dated before its latest landing.
 *
 * **Limits.**  name_zh: 1–200 characters, name_en: 1–300, notes: up to
 * 4000, a stage/review note: up to 2000; all UTF-8; no control characters
 * (C0, DEL, C1 U+0080–U+009F) in any text, except tab, LF and CR in notes;
 * names without leading/trailing spaces.  An external identifier is a
 * scheme (a code, e.g. `uscc`) with a value of up to 64 characters, unique
 * per scheme; `uscc` values must pass goc_uscc_check().
 *
 * **Names are unique by their normalized form** (goc_name_key(): NFKC, case
 * folded, zero-width and other invisible format characters removed, white
 * space trimmed and collapsed): no two organizations have Chinese names,
 * nor English names, with the same key, so ＡＢＣ, ABC, "ABC" + U+3000 and
 * "A" U+200B "BC" are one name.  A name with nothing visible is refused.  The
 * key is stored (`organizations.name_zh_key`, `name_en_key`).  Look-alike
 * names stored before schema 7 are kept as they were, never deleted;
 * goc_org_name_collisions() lists them so that they can be merged or
 * renamed.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Category of an organization (also a zone's focus). */
enum goc_category {
	GOC_CATEGORY_ECONOMIC = 1,      /**< "economic": economic organization. */
	GOC_CATEGORY_SCITECH = 2,       /**< "scitech": science and technology. */
	GOC_CATEGORY_PROFESSIONAL = 3,  /**< "professional": professional services. */
	GOC_CATEGORY_TRADE = 4,         /**< "trade". */
	GOC_CATEGORY_STANDARDS = 5,     /**< "standards": standard-setting body. */
	GOC_CATEGORY_ARBITRATION = 6,   /**< "arbitration". */
	GOC_CATEGORY_FINANCE = 7,       /**< "finance". */
	GOC_CATEGORY_OTHER = 8          /**< "other". */
};

/** Origin of an organization. */
enum goc_origin {
	GOC_ORIGIN_INTERNATIONAL = 1, /**< "international": brought in from abroad. */
	GOC_ORIGIN_LOCAL = 2          /**< "local": locally cultivated (本土). */
};

/** Lifecycle stage of an organization. */
enum goc_stage {
	GOC_STAGE_TARGET = 1,       /**< "target": on a unit's target list. */
	GOC_STAGE_CONTACTING = 2,   /**< "contacting". */
	GOC_STAGE_NEGOTIATING = 3,  /**< "negotiating". */
	GOC_STAGE_APPROVED = 4,     /**< "approved": registration approved. */
	GOC_STAGE_LANDED = 5,       /**< "landed": set up in Pudong. */
	GOC_STAGE_OPERATING = 6,    /**< "operating". */
	GOC_STAGE_WITHDRAWN = 7     /**< "withdrawn": left or dropped; may reopen. */
};

/** Outcome of a risk review. */
enum goc_review_outcome {
	GOC_REVIEW_CLEARED = 1,  /**< "cleared". */
	GOC_REVIEW_FLAGGED = 2,  /**< "flagged": concerns to resolve. */
	GOC_REVIEW_REJECTED = 3  /**< "rejected". */
};

/** Text name of a #goc_category, or NULL if unknown. */
GOC_API const char *goc_category_str(int category);
/** Parse a #goc_category name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_category_parse(int *out, const char *name);
/** Text name of a #goc_origin, or NULL if unknown. */
GOC_API const char *goc_origin_str(int origin);
/** Parse a #goc_origin name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_origin_parse(int *out, const char *name);
/** Text name of a #goc_stage, or NULL if unknown. */
GOC_API const char *goc_stage_str(int stage);
/** Parse a #goc_stage name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_stage_parse(int *out, const char *name);
/** Text name of a #goc_review_outcome, or NULL if unknown. */
GOC_API const char *goc_review_outcome_str(int outcome);
/** Parse a #goc_review_outcome name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_review_outcome_parse(int *out, const char *name);

/**
 * Whether moving from stage @p from to stage @p to is a legal transition
 * (ignoring the risk-review and date rules).
 * @return 1 if legal, 0 if not or if a value is unknown.
 */
GOC_API int goc_stage_transition_allowed(int from, int to);

/** An organization record.  Opaque; read it with the goc_org_* accessors. */
typedef struct goc_org goc_org;
/** A stage-history entry.  Opaque. */
typedef struct goc_stage_change goc_stage_change;
/** A risk review.  Opaque. */
typedef struct goc_review goc_review;
/** A request for a risk review.  Opaque. */
typedef struct goc_review_request goc_review_request;

/** Which review requests goc_org_review_requests() lists. */
enum goc_review_requests {
	GOC_REVIEW_REQUESTS_PENDING = 1, /**< only those no review has answered yet. */
	GOC_REVIEW_REQUESTS_ALL = 2      /**< every request, answered or not. */
};

/** Text name of a #goc_review_requests ("pending", "all"), or NULL if
 *  unknown.  @since symbol version GOC_1.2. */
GOC_API const char *goc_review_requests_str(int which);
/** Parse a #goc_review_requests name.  @return #GOC_OK or #GOC_EINVAL.
 *  @since symbol version GOC_1.2. */
GOC_API int goc_review_requests_parse(int *out, const char *name);

/**
 * Fields of an organization, for goc_org_create() and goc_org_update().
 * Initialise with #GOC_ORG_FIELDS_INIT.
 *
 * For goc_org_create(), NULL or 0 means "not given".  For goc_org_update(),
 * NULL or 0 means "leave unchanged" and "" clears an optional field.
 */
typedef struct goc_org_fields {
	unsigned int version;    /**< #GOC_ORG_FIELDS_VERSION. */
	const char *name_zh;     /**< Chinese name; required on create, cannot be cleared. */
	const char *name_en;     /**< English name; optional. */
	int category;            /**< #goc_category; required on create. */
	int origin;              /**< #goc_origin; default #GOC_ORIGIN_INTERNATIONAL. */
	const char *zone;        /**< Zone code; optional. */
	const char *unit;        /**< Code of the unit that follows it; optional. */
	const char *id_scheme;   /**< External identifier scheme, e.g. "uscc"; given together with id_value. */
	const char *id_value;    /**< External identifier value. */
	const char *notes;       /**< Free notes; optional. */
	const char *date;        /**< Create only: the date it entered `target`; required.  Must be NULL on update. */
} goc_org_fields;

/** Current version of #goc_org_fields. */
#define GOC_ORG_FIELDS_VERSION 1
/** Static initialiser for #goc_org_fields. */
#define GOC_ORG_FIELDS_INIT \
	{ GOC_ORG_FIELDS_VERSION, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Filter for goc_org_list().  Initialise with #GOC_ORG_FILTER_INIT; zero
 * and NULL fields do not filter.
 */
typedef struct goc_org_filter {
	unsigned int version;  /**< #GOC_ORG_FILTER_VERSION. */
	const char *zone;      /**< Zone code. */
	const char *unit;      /**< Following unit's code. */
	int stage;             /**< Current #goc_stage. */
	int category;          /**< #goc_category. */
	int origin;            /**< #goc_origin. */
	int hq;                /**< #goc_tristate: with or without a regional-HQ milestone. */
} goc_org_filter;

/** Current version of #goc_org_filter. */
#define GOC_ORG_FILTER_VERSION 1
/** Static initialiser for #goc_org_filter. */
#define GOC_ORG_FILTER_INIT { GOC_ORG_FILTER_VERSION, NULL, NULL, 0, 0, 0, GOC_ANY }

/**
 * Register an organization in stage `target`.
 *
 * @param out_id  receives the new organization's id (may be NULL).
 * @param db      the database handle.
 * @param fields  the fields; see #goc_org_fields and the limits above.
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL arguments, an unknown struct version, a
 *         missing or bad field (empty or over-long name, invalid UTF-8,
 *         unknown category or origin, bad date, invalid USCC, a scheme
 *         without a value) — the message names the field;
 *         #GOC_ENOTFOUND for an unknown zone or unit code;
 *         #GOC_EEXISTS for a name whose normalized form another
 *         organization's name has, or a duplicate external identifier:
 *         "name_zh: 'ＡＢＣ' is already used by organization 3 (written
 *         'ABC')" (the other name is shown when it is written differently);
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_org_create(int64_t *out_id, goc_db *db,
                           const goc_org_fields *fields);

/**
 * Register many organizations in one write: all of them or, on any error,
 * none.  The bulk path of goc_org_create(): one transaction (or, inside
 * the caller's, one savepoint) for the whole array rather than one per
 * organization.  Each organization still gets its own audit record
 * (`org.create`), exactly as if it had been created alone.
 *
 * Speed: the rows are written 32 organizations to a statement, which
 * makes this call faster than one goc_org_create() each and than a
 * plain prepared insert a row (bench/RESULTS.md, benchmark 1).  Outside
 * a transaction the array may be as long as you like.  Inside the
 * caller's transaction SQLite walks the call's in-memory savepoint
 * journal at the end of each statement, so very long arrays cost a little
 * more per organization: 100,000 organizations took the same in arrays
 * of 100 or 1,000, and about a quarter more in arrays of 10,000.
 *
 * @param out_ids  NULL, or an array of `n` that receives the new ids in
 *                 the order of `fields`; all 0 on failure.
 * @param db       the database handle.
 * @param fields   an array of `n` field sets, each as for goc_org_create().
 * @param n        how many; 0 writes nothing and succeeds.
 * @return #GOC_OK; the errors of goc_org_create() for the first element
 *         that fails, with the message prefixed by its index, e.g.
 *         `fields[12]: zone: no zone with code 'x'` (a duplicate name
 *         within the array is #GOC_EEXISTS at its second occurrence);
 *         #GOC_EINVAL for a NULL `fields` with `n` > 0.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_create_many(int64_t *out_ids, goc_db *db,
                                const goc_org_fields *fields, size_t n);

/**
 * Options for goc_org_create_many_ext().  Initialise with
 * #GOC_BULK_OPTIONS_INIT.
 * @since symbol version GOC_1.2.
 */
typedef struct goc_bulk_options {
	unsigned int version;     /**< #GOC_BULK_OPTIONS_VERSION. */
	goc_progress_cb progress; /**< Optional: called after each element is written. */
	void *payload;            /**< Passed to @c progress. */
} goc_bulk_options;

/** Current version of #goc_bulk_options. */
#define GOC_BULK_OPTIONS_VERSION 1
/** Static initialiser for #goc_bulk_options. */
#define GOC_BULK_OPTIONS_INIT { GOC_BULK_OPTIONS_VERSION, NULL, NULL }

/**
 * goc_org_create_many() that can be cancelled: the same write, with a
 * progress callback called as `progress(i, n, payload)` after the i-th
 * element is written (i = 1 … n; the last call comes before the commit).
 * A nonzero result cancels the call: everything it wrote is undone (also
 * inside the caller's transaction, which stays open), `out_ids` is all 0
 * and the call fails with #GOC_ECANCELLED.  This is how a front end turns
 * an interrupt (Ctrl-C) into a clean cancellation of a long bulk call.
 *
 * @param out_ids  as for goc_org_create_many().
 * @param db       the database handle.
 * @param fields   as for goc_org_create_many().
 * @param n        how many; 0 writes nothing, calls nothing and succeeds.
 * @param opts     NULL for defaults (then exactly goc_org_create_many()).
 * @return #GOC_OK; the errors of goc_org_create_many();
 *         #GOC_ECANCELLED if the progress callback asked to stop;
 *         #GOC_EINVAL for an unknown `opts->version`.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_create_many_ext(int64_t *out_ids, goc_db *db,
                                    const goc_org_fields *fields, size_t n,
                                    const goc_bulk_options *opts);

/**
 * goc_org_create_many_ext() that also says which element failed, as a
 * number: a front end reports "item 12" from @p out_failed, never by
 * reading the message.
 *
 * @param out_ids     as for goc_org_create_many().
 * @param out_failed  NULL, or receives the index (0 … n − 1) of the element
 *                    whose error the call returns — the one named by the
 *                    message's `fields[i]: ` prefix — or @p n when no
 *                    element is at fault: on success, and for errors of
 *                    the call as a whole (NULL or bad arguments,
 *                    #GOC_EPERM before anything is written, #GOC_ECANCELLED,
 *                    a failed commit).
 * @param db          the database handle.
 * @param fields      as for goc_org_create_many().
 * @param n           how many; 0 writes nothing, calls nothing and succeeds.
 * @param opts        NULL for defaults, as for goc_org_create_many_ext().
 * @return the results of goc_org_create_many_ext().
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_create_many_v2(int64_t *out_ids, size_t *out_failed, goc_db *db,
                                   const goc_org_fields *fields, size_t n,
                                   const goc_bulk_options *opts);

/**
 * Options of goc_org_import_table().  Initialise with
 * #GOC_ORG_IMPORT_OPTIONS_INIT.
 */
typedef struct goc_org_import_options {
	unsigned int version;  /**< #GOC_ORG_IMPORT_OPTIONS_VERSION. */
	const char *sheet;     /**< An .xlsx file's sheet to read; NULL: the first. */
	const char *encoding;  /**< CSV: "utf-8", "gb18030", "gbk" …; NULL detects UTF-8 (with or without BOM) or GB18030. */
} goc_org_import_options;

/** Current version of #goc_org_import_options. */
#define GOC_ORG_IMPORT_OPTIONS_VERSION 1
/** Static initialiser for #goc_org_import_options. */
#define GOC_ORG_IMPORT_OPTIONS_INIT { GOC_ORG_IMPORT_OPTIONS_VERSION, NULL, NULL }

/** What goc_org_import_table() registered. */
typedef struct goc_org_import_result {
	unsigned int version;  /**< #GOC_ORG_IMPORT_RESULT_VERSION (set by the call). */
	size_t count;          /**< Organizations registered. */
	int64_t first_id;      /**< The first one's id (0 if none); the ids of one import follow on. */
	int64_t last_id;       /**< The last one's id (0 if none). */
} goc_org_import_result;

/** Current version of #goc_org_import_result. */
#define GOC_ORG_IMPORT_RESULT_VERSION 1

/**
 * Register the organizations of a table in one write (as
 * goc_org_create_many_v2()): all of them or, on any error, none.  The
 * table is an .xlsx workbook (detected by its content; the sheet named or
 * the first; docs/xlsx.md) or CSV/TSV text decoded as
 * goc_plan_import_table() decodes it (UTF-8 with or without BOM, or
 * GB18030, detected; or the encoding named; UTF-8 text declared another
 * encoding is refused).  The first row names the columns, in any order:
 * name_zh, category and date are required; name_en, origin, zone, unit,
 * id_scheme, id_value and notes are optional; an empty cell is an absent
 * value; blank rows are skipped.  Categories and origins are their codes
 * (goc_category_parse(), goc_origin_parse()).
 *
 * @param out   receives the count and the ids (may be NULL); zero on failure.
 * @param db    the database handle.
 * @param data  the file's bytes (NULL only if @p len is 0).
 * @param len   their number, at most #GOC_IMPORT_MAX_BYTES.
 * @param opts  NULL for the defaults (#goc_org_import_options).
 * @return #GOC_OK;
 *         #GOC_EINVAL for a bad argument or option version, an input
 *         too long, text in no known encoding or with a NUL byte, a
 *         corrupt or oversized workbook, a sheet named for CSV, no header
 *         line, an unknown or repeated column, a required column missing,
 *         a row wider than the header, an unknown category or origin, a
 *         field goc_org_create() refuses — the message begins with the
 *         place: "line 6, column 4: zone: …" (CSV) or "Sheet1!D6: zone:
 *         …" (a workbook), "line 2: …" for a whole row;
 *         #GOC_ENOTFOUND for a sheet that is not there, an unknown zone or
 *         unit (with its place);
 *         #GOC_EEXISTS for a name already used (also twice in the table);
 *         #GOC_EPERM, #GOC_EREADONLY, #GOC_ENOMEM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_import_table(goc_org_import_result *out, goc_db *db, const char *data,
                                 size_t len, const goc_org_import_options *opts);

/**
 * Change an organization's descriptive fields.  The stage, history,
 * reviews and milestones change only through their own calls.
 *
 * @param db      the database handle.
 * @param id      the organization.
 * @param fields  NULL/0 leaves a field unchanged, "" clears an optional one;
 *                `date` must be NULL.
 *
 * Uniqueness is checked only for a name whose normalized form changes: an
 * organization kept with a look-alike name by the schema 7 migration can
 * still be updated, and renaming it to a free name resolves the collision.
 *
 * @return #GOC_OK; #GOC_ENOTFOUND if there is no such organization or an
 *         unknown zone or unit is named; otherwise as goc_org_create().
 */
GOC_API int goc_org_update(goc_db *db, int64_t id,
                           const goc_org_fields *fields);

/**
 * Delete an organization registered by mistake.
 *
 * Refused while anything refers to it: any stage change after its creation,
 * a risk review, a headquarters milestone, a service request or an event
 * it is related to.  (Withdraw it instead.)
 *
 * @return #GOC_OK; #GOC_EINVAL for NULL; #GOC_ENOTFOUND;
 *         #GOC_ECONSTRAINT naming what still refers to it;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_org_delete(goc_db *db, int64_t id);

/**
 * Read an organization by id.
 *
 * @param out  receives a record owned by the caller; free it with
 *             goc_org_free().  Set to NULL on failure.
 * @param db   the database handle.
 * @param id   the organization's id.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; #GOC_ENOTFOUND.
 */
GOC_API int goc_org_get(goc_org **out, goc_db *db, int64_t id);

/**
 * Find an organization by its Chinese or English name, compared by
 * normalized form (goc_name_key()): "ＡＢＣ" finds "ABC".  A Chinese name
 * is preferred to an English one; among look-alikes kept by a migration
 * (goc_org_name_collisions()), the oldest (lowest id).
 *
 * @param out  receives a record owned by the caller (goc_org_free()).
 * @param db   the database handle.
 * @param name  the Chinese or English name.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or invalid UTF-8;
 *         #GOC_ENOTFOUND (also for a name with nothing visible).
 */
GOC_API int goc_org_find(goc_org **out, goc_db *db, const char *name);

/**
 * List the organizations whose names collide: each whose Chinese name has
 * the same normalized form (goc_name_key()) as another organization's
 * Chinese name, or whose English name has that of another's English name.
 * New names are refused when they collide (#GOC_EEXISTS), so these are
 * names stored before schema 7, which the migration kept (it deletes
 * nothing): look-alikes such as ＡＢＣ and ABC that may be one
 * organization counted twice.  Merge or rename them (goc_org_update(),
 * goc_org_delete()).
 *
 * Rows come in groups, one per shared form: first the groups of Chinese
 * names, then those of English names, each ordered by the form and, within
 * a group, by id (the oldest first).  An organization whose two names both
 * collide appears in two groups.  Consecutive rows belong to one group as
 * long as goc_name_key() of the same name gives the same key.
 *
 * @param out  receives a cursor (goc_cursor_free()); read rows with
 *             goc_cursor_org().  No rows when nothing collides.
 * @param db   the database handle.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_name_collisions(goc_cursor **out, goc_db *db);

/** Free an organization record.  NULL is a no-op. */
GOC_API void goc_org_free(goc_org *org);

/**
 * List organizations, ordered by id.
 *
 * @param out     receives a cursor (goc_cursor_free()); read rows with
 *                goc_cursor_org().
 * @param db      the database handle.
 * @param filter  NULL for all, or a #goc_org_filter.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments, an unknown filter
 *         version or an out-of-range enum value.  Unknown zone or unit codes
 *         simply match nothing.
 */
GOC_API int goc_org_list(goc_cursor **out, goc_db *db,
                         const goc_org_filter *filter);

/**
 * The current row of an organization cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_org *goc_cursor_org(const goc_cursor *cur);

/** The organization's id (0 for NULL). */
GOC_API int64_t goc_org_id(const goc_org *org);
/** Chinese name.  Strings from a record live as long as the record. */
GOC_API const char *goc_org_name_zh(const goc_org *org);
/** English name, or NULL. */
GOC_API const char *goc_org_name_en(const goc_org *org);
/** #goc_category. */
GOC_API int goc_org_category(const goc_org *org);
/** #goc_origin. */
GOC_API int goc_org_origin(const goc_org *org);
/** Zone code, or NULL. */
GOC_API const char *goc_org_zone(const goc_org *org);
/** Following unit's code, or NULL. */
GOC_API const char *goc_org_unit(const goc_org *org);
/** External identifier scheme, or NULL. */
GOC_API const char *goc_org_id_scheme(const goc_org *org);
/** External identifier value, or NULL. */
GOC_API const char *goc_org_id_value(const goc_org *org);
/** Notes, or NULL. */
GOC_API const char *goc_org_notes(const goc_org *org);
/** Current #goc_stage. */
GOC_API int goc_org_stage(const goc_org *org);
/** Date it entered its current stage (YYYY-MM-DD). */
GOC_API const char *goc_org_stage_date(const goc_org *org);
/** Date it was registered (entered `target`). */
GOC_API const char *goc_org_created(const goc_org *org);
/** Date of its regional-headquarters milestone, or NULL if none. */
GOC_API const char *goc_org_hq_date(const goc_org *org);

/**
 * Move an organization to another stage.
 *
 * @param db     the database handle.
 * @param id     the organization's id.
 * @param stage  the new #goc_stage.
 * @param date   when it happened (YYYY-MM-DD); not before the latest
 *               entry of its history.
 * @param unit   code of the recording unit; NULL means the acting unit
 *               (goc_db_set_actor()).  Only an administrator may name
 *               another unit than itself.
 * @param note   optional note (NULL).
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL arguments, an unknown stage, a bad date, a
 *         date before the latest history entry, an over-long note, no unit
 *         given and no acting unit set;
 *         #GOC_ENOTFOUND for an unknown organization or unit;
 *         #GOC_ESTATE for an illegal transition, or landing without a
 *         cleared risk review;
 *         #GOC_EPERM if the actor may not change the organization (not
 *         its own, a viewer) or names another unit than itself;
 *         #GOC_EREADONLY, storage errors.
 */
GOC_API int goc_org_set_stage(goc_db *db, int64_t id, int stage,
                              const char *date, const char *unit,
                              const char *note);

/**
 * Record a risk review of an organization.  Only a reviewing unit
 * (goc_unit_is_reviewer()) or an administrator may, on any organization;
 * a reviewing unit not on one it follows itself.  The review answers the
 * organization's pending review request, if there is one.
 *
 * @param out_id   receives the review's id (may be NULL).
 * @param db       the database handle.
 * @param org_id   the organization's id.
 * @param outcome  a #goc_review_outcome.
 * @param date     review date; not before the organization's registration.
 * @param unit     reviewing unit's code; NULL means the acting unit.  Only
 *                 an administrator may name another unit than itself.
 * @param note     optional.
 * @return #GOC_OK; #GOC_EINVAL (bad outcome, date, note, no unit);
 *         #GOC_ENOTFOUND for an unknown organization or unit;
 *         #GOC_EPERM if the actor is not a reviewing unit nor an
 *         administrator, is a viewer, follows the organization, or names
 *         another unit than itself (each refusal is recorded in the audit
 *         trail);
 *         #GOC_EREADONLY, storage errors.
 */
GOC_API int goc_org_review(int64_t *out_id, goc_db *db, int64_t org_id,
                           int outcome, const char *date, const char *unit,
                           const char *note);

/**
 * Record that an organization set up a regional headquarters (区域总部).
 *
 * @param db    the database handle.
 * @param id    the organization's id.
 * @param date  the milestone's date; not before its latest landing.
 * @param unit  recording unit's code; NULL means the acting unit.  Only an
 *              administrator may name another unit than itself.
 * @param note  optional.
 * @return #GOC_OK; #GOC_EINVAL (bad date, date before landing, no unit);
 *         #GOC_ENOTFOUND for an unknown organization or unit;
 *         #GOC_ESTATE if it is not `landed` or `operating`;
 *         #GOC_EEXISTS if it already has the milestone;
 *         #GOC_EPERM if the actor may not change the organization or names
 *         another unit than itself;
 *         #GOC_EREADONLY, storage errors.
 */
GOC_API int goc_org_set_hq(goc_db *db, int64_t id, const char *date,
                           const char *unit, const char *note);

/**
 * List an organization's stage history, oldest first (its registration in
 * `target` is the first entry).  Read rows with goc_cursor_stage_change().
 *
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; #GOC_ENOTFOUND.
 */
GOC_API int goc_org_history(goc_cursor **out, goc_db *db, int64_t org_id);

/**
 * The current row of a stage-history cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_stage_change *goc_cursor_stage_change(const goc_cursor *cur);

/** Sequence number of the entry (increases with recording order). */
GOC_API int64_t goc_stage_change_seq(const goc_stage_change *sc);
/** The organization's id. */
GOC_API int64_t goc_stage_change_org(const goc_stage_change *sc);
/** The stage left (0 for the registration entry). */
GOC_API int goc_stage_change_from(const goc_stage_change *sc);
/** The stage entered. */
GOC_API int goc_stage_change_to(const goc_stage_change *sc);
/** Date of the change. */
GOC_API const char *goc_stage_change_date(const goc_stage_change *sc);
/** Code of the recording unit, or NULL (system). */
GOC_API const char *goc_stage_change_unit(const goc_stage_change *sc);
/** The note, or NULL. */
GOC_API const char *goc_stage_change_note(const goc_stage_change *sc);

/**
 * List an organization's risk reviews in order of recording.  Read rows
 * with goc_cursor_review().
 *
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; #GOC_ENOTFOUND.
 */
GOC_API int goc_org_reviews(goc_cursor **out, goc_db *db, int64_t org_id);

/**
 * The current row of a review cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_review *goc_cursor_review(const goc_cursor *cur);

/** The review's id. */
GOC_API int64_t goc_review_id(const goc_review *rv);
/** The organization's id. */
GOC_API int64_t goc_review_org(const goc_review *rv);
/** #goc_review_outcome. */
GOC_API int goc_review_outcome(const goc_review *rv);
/** Review date. */
GOC_API const char *goc_review_date(const goc_review *rv);
/** Reviewing unit's code, or NULL. */
GOC_API const char *goc_review_unit(const goc_review *rv);
/** The note, or NULL. */
GOC_API const char *goc_review_note(const goc_review *rv);

/**
 * Ask the reviewing units for a risk review of an organization.  Made by
 * the unit that follows it (or an administrator), which may not record
 * the review itself.  The request waits until a review of the
 * organization is recorded (goc_org_review()): that review answers it.
 * The requesting unit is the acting unit; when the system actor asks, the
 * organization's following unit (NULL if it has none).
 *
 * @param out_id  receives the request's id (may be NULL; 0 on failure).
 * @param db      the database handle.
 * @param org_id  the organization's id.
 * @param date    the request's date; not before the organization's
 *                registration.
 * @param note    optional (NULL); up to 2000 characters.
 * @return #GOC_OK; #GOC_EINVAL for a NULL handle, a bad date or a bad
 *         note; #GOC_ENOTFOUND for an unknown organization;
 *         #GOC_EEXISTS if a request of the organization is still waiting;
 *         #GOC_EPERM if the actor is a viewer or a unit that does not
 *         follow the organization;
 *         #GOC_EREADONLY, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_request_review(int64_t *out_id, goc_db *db, int64_t org_id,
                                   const char *date, const char *note);

/**
 * List review requests in order of recording: what the reviewing units
 * have to answer.  Read rows with goc_cursor_review_request().
 *
 * @param out     receives a cursor (goc_cursor_free()).
 * @param db      the database handle.
 * @param org_id  one organization's requests, or 0 for every organization.
 * @param which   #GOC_REVIEW_REQUESTS_PENDING or #GOC_REVIEW_REQUESTS_ALL.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or an unknown @p which;
 *         #GOC_ENOTFOUND for an unknown organization.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_review_requests(goc_cursor **out, goc_db *db, int64_t org_id,
                                    enum goc_review_requests which);

/**
 * The current row of a review-request cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 * @since symbol version GOC_1.2.
 */
GOC_API const goc_review_request *goc_cursor_review_request(const goc_cursor *cur);

/** The request's id (0 for NULL).  @since symbol version GOC_1.2. */
GOC_API int64_t goc_review_request_id(const goc_review_request *rq);
/** The organization's id.  @since symbol version GOC_1.2. */
GOC_API int64_t goc_review_request_org(const goc_review_request *rq);
/** Requesting unit's code, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_review_request_unit(const goc_review_request *rq);
/** The request's date.  @since symbol version GOC_1.2. */
GOC_API const char *goc_review_request_date(const goc_review_request *rq);
/** The note, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_review_request_note(const goc_review_request *rq);
/** Id of the review that answered it, or 0 while it waits.  @since symbol version GOC_1.2. */
GOC_API int64_t goc_review_request_review(const goc_review_request *rq);

#ifdef __cplusplus
}
#endif

#endif /* GOC_ORG_H */
