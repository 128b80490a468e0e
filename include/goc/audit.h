/*
 * libgoc — who may change what (access roles, reviewing units), and the
 * tamper-evident audit trail of every change.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_AUDIT_H
#define GOC_AUDIT_H

#include "goc/db.h"

/** @file goc/audit.h
 *  @brief Access roles, the audit trail and its verification.
 *
 * **Roles.**  Every write is made by the handle's actor
 * (goc_db_set_actor()).  A registered unit has one access role:
 *
 * - #GOC_ACCESS_ADMIN may change anything: the plan, its tasks and
 *   assignments, KPIs and their targets and measurements, the reference
 *   data (units, groups, zones), and every record of every unit;
 * - #GOC_ACCESS_UNIT (the default of a new unit) may change only what is in
 *   its own responsibility: organizations it follows (goc_org_fields.unit),
 *   their stages, review requests and headquarters milestone; its
 *   partners, experts and service requests (the `unit` of each); events it
 *   organizes or co-organizes; progress reports on tasks it answers for;
 *   and the facts of a zone whose bureau it is.  The object must be its own
 *   both before and after the change: a unit cannot take over another's
 *   record, nor hand its own to another unit;
 * - #GOC_ACCESS_VIEWER reads only.
 *
 * **Risk reviews** (风险防范) are the exception: they are recorded only by
 * a *reviewing unit* (goc_unit_set_reviewer(); 公安分局, code `police`, is
 * one by default in the built-in Pudong reference data and in files
 * migrated from schema 5) or by an administrator.  A reviewing unit with
 * role `unit` reviews any organization except one it follows itself; the
 * following unit may only request a review (goc_org_request_review()).
 *
 * **In whose name.**  No write records another unit than the actor as the
 * one that made it (the `unit` argument of goc_org_set_stage(),
 * goc_org_review(), goc_org_set_hq(), goc_report_fields.unit …), unless
 * the actor is an administrator: a unit naming another is refused with
 * #GOC_EPERM naming both.
 *
 * The system actor (no actor set, the default of a new handle) acts as an
 * administrator: it is the program that opened the file.  A program that
 * serves several units sets the actor for each request.  A handle opened
 * read-only refuses every write with #GOC_EREADONLY, whatever the actor.
 *
 * A refused write returns #GOC_EPERM with a message naming the actor, its
 * role, the action and the object; it changes nothing, and the refusal is
 * itself appended to the audit trail (outcome `denied`).  Inside an
 * explicit transaction the refusal is recorded once that transaction ends,
 * whether it is committed or rolled back, so the caller's rollback cannot
 * erase it.  The role is read from the database at each write, so a change
 * of role made by another handle takes effect at once.
 *
 * **The audit trail.**  Every successful write, and every refusal, appends
 * one record: a sequence number (1, 2, 3 … without gaps), the time (UTC,
 * milliseconds), the actor, the action (`org.set_stage`, `plan.load` …),
 * the kind and key of the object, the outcome, and the object's row as JSON
 * before and after the change (NULL where there is none: before a create,
 * after a delete, and for bulk actions such as a plan import).  Records
 * form a hash chain: each record's SHA-256 hash covers its own content and
 * the hash of the record before it (the first record chains from 32 zero
 * bytes).  The exact byte layout is given in docs/integrators.md, so the
 * chain can be checked without libgoc.
 *
 * goc_audit_verify() recomputes the chain and finds any record edited,
 * deleted, inserted or reordered behind libgoc's back (with the `sqlite3`
 * shell, say) — except that a chain can always be cut short at its end, or
 * rewritten entirely by someone who recomputes every hash.  Against that,
 * keep the head (goc_audit_head()) somewhere else — a report, another
 * system — and pass it back as an anchor.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Access role of a unit. */
enum goc_access {
	GOC_ACCESS_ADMIN = 1,  /**< "admin": may change anything. */
	GOC_ACCESS_UNIT = 2,   /**< "unit": may change its own records only (the default). */
	GOC_ACCESS_VIEWER = 3  /**< "viewer": reads only. */
};

/** Outcome of an audited write. */
enum goc_audit_outcome {
	GOC_AUDIT_OK = 1,     /**< "ok": the change was made. */
	GOC_AUDIT_DENIED = 2  /**< "denied": refused with #GOC_EPERM, nothing changed. */
};

/** Text name of a #goc_access, or NULL if unknown. */
GOC_API const char *goc_access_str(int access);
/** Parse a #goc_access name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_access_parse(int *out, const char *name);
/** Text name of a #goc_audit_outcome ("ok", "denied"), or NULL if unknown.
 *  @since symbol version GOC_1.2. */
GOC_API const char *goc_audit_outcome_str(int outcome);
/** Parse a #goc_audit_outcome name.  @return #GOC_OK or #GOC_EINVAL.
 *  @since symbol version GOC_1.2. */
GOC_API int goc_audit_outcome_parse(int *out, const char *name);

/** One record of the audit trail (read through a cursor).  Opaque. */
typedef struct goc_audit_record goc_audit_record;

/**
 * Filter for goc_audit_list().  Initialise with #GOC_AUDIT_FILTER_INIT;
 * zero and NULL fields do not filter.
 */
typedef struct goc_audit_filter {
	unsigned int version;    /**< #GOC_AUDIT_FILTER_VERSION. */
	const char *actor;       /**< Only this unit's records; "" for the system actor's. */
	const char *object_kind; /**< Only objects of this kind ("organization", "plan" …). */
	const char *object_id;   /**< With object_kind: only this object (its id or code as text). */
	const char *action;      /**< Only this action ("org.set_stage" …). */
	int outcome;             /**< Only this #goc_audit_outcome. */
	int64_t after_seq;       /**< Only records with a greater sequence number. */
} goc_audit_filter;

/** Current version of #goc_audit_filter. */
#define GOC_AUDIT_FILTER_VERSION 1
/** Static initialiser for #goc_audit_filter: no filter. */
#define GOC_AUDIT_FILTER_INIT { GOC_AUDIT_FILTER_VERSION, NULL, NULL, NULL, NULL, 0, 0 }

/* ---- access roles and reviewing units ---- */

/**
 * Set a unit's access role.  Only an administrator (or the system actor)
 * may; the change is audited like any other.
 *
 * @param db      the handle.
 * @param unit    the unit's code.
 * @param access  a #goc_access value.
 * @return #GOC_OK; #GOC_EINVAL for a NULL handle, a malformed code or an
 *         unknown role; #GOC_ENOTFOUND for an unknown unit; #GOC_EPERM if
 *         the actor is not an administrator; #GOC_EREADONLY; storage errors.
 */
GOC_API int goc_unit_set_access(goc_db *db, const char *unit, int access);

/**
 * A unit's access role.
 *
 * @param out   receives the #goc_access value.
 * @param db    the handle.
 * @param unit  the unit's code.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; #GOC_ENOTFOUND for an
 *         unknown unit; storage errors.
 */
GOC_API int goc_unit_access(int *out, goc_db *db, const char *unit);

/**
 * Name a unit as a reviewing unit (one that records risk reviews,
 * goc_org_review()), or stop it being one.  Only an administrator (or the
 * system actor) may; the change is audited (`unit.set_reviewer`) like
 * goc_unit_set_access().
 *
 * @param db    the handle.
 * @param unit  the unit's code.
 * @param yes   1 to make it a reviewing unit, 0 to stop it being one.
 * @return #GOC_OK; #GOC_EINVAL for a NULL handle, a malformed code or a
 *         @p yes other than 0 or 1; #GOC_ENOTFOUND for an unknown unit;
 *         #GOC_EPERM if the actor is not an administrator; #GOC_EREADONLY;
 *         storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_unit_set_reviewer(goc_db *db, const char *unit, int yes);

/**
 * Whether a unit is a reviewing unit.
 *
 * @param out   receives 1 if it is, 0 if not.
 * @param db    the handle.
 * @param unit  the unit's code.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a malformed code;
 *         #GOC_ENOTFOUND for an unknown unit; storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_unit_is_reviewer(int *out, goc_db *db, const char *unit);

/**
 * Whether the handle's identity (its actor, goc_db_set_actor()) may make
 * a write, asked before making it — for a front end that offers only the
 * forms the person may use.  The answer is the write path's own: the
 * actor's access role, the rule of the action (what a unit may do, what a
 * reviewing unit may do, what only an administrator may do) and, for a
 * unit, whether the object is its own (an organization it follows, an
 * event it organizes …).  Nothing is written and nothing is audited.
 *
 * What the write itself would check besides — its arguments, a legal
 * stage transition, a report only on a task the unit answers for, the
 * unit a new object would belong to — is not previewed: the write may
 * still fail for those reasons.
 *
 * @param db         the handle.
 * @param action     the audited action, as the trail names it:
 *                   "org.set_stage", "org.review", "org.request_review",
 *                   "org.set_hq", "org.update", "event.create",
 *                   "report.submit", "unit.set_access" …
 * @param object_id  the object it would change, as the trail names it (an
 *                   organization's id in decimal, a unit's code …), or
 *                   NULL for a create or to ask about the action alone.
 * @return #GOC_OK if the write would be allowed; #GOC_EPERM with the
 *         message the write would give; #GOC_EINVAL for a NULL handle or
 *         action, or an action of no kind libgoc writes; #GOC_EREADONLY
 *         for a read-only handle; storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_db_may(goc_db *db, const char *action, const char *object_id);

/* ---- the audit trail ---- */

/**
 * List audit records in sequence order.
 *
 * @param out     receives a cursor (goc_cursor_free()); read rows with
 *                goc_cursor_audit().
 * @param db      the handle.
 * @param filter  a filter, or NULL for every record.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments, a wrong filter version,
 *         an out-of-range outcome, or an object_id without object_kind;
 *         storage errors.
 */
GOC_API int goc_audit_list(goc_cursor **out, goc_db *db, const goc_audit_filter *filter);

/**
 * The current row of an audit cursor, or NULL (not an audit cursor, or not
 * on a row).  The record and every string its accessors give are valid
 * until the cursor's next step; the accessors give 0 or NULL for a NULL
 * record.
 */
GOC_API const goc_audit_record *goc_cursor_audit(const goc_cursor *cur);

/** Sequence number (1, 2, …). */
GOC_API int64_t goc_audit_seq(const goc_audit_record *r);
/** Time of the change, `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC). */
GOC_API const char *goc_audit_time(const goc_audit_record *r);
/** Acting unit's code, or NULL for the system actor. */
GOC_API const char *goc_audit_actor(const goc_audit_record *r);
/** Action name, such as "org.set_stage". */
GOC_API const char *goc_audit_action(const goc_audit_record *r);
/** Kind of the object ("organization", "plan" …). */
GOC_API const char *goc_audit_object_kind(const goc_audit_record *r);
/** The object's id or code as text, or NULL. */
GOC_API const char *goc_audit_object_id(const goc_audit_record *r);
/** #goc_audit_outcome (goc_audit_outcome_str() names it). */
GOC_API int goc_audit_outcome(const goc_audit_record *r);
/** For a refusal, the message the caller got; otherwise NULL. */
GOC_API const char *goc_audit_detail(const goc_audit_record *r);
/** The object's row as a JSON object before the change, or NULL. */
GOC_API const char *goc_audit_before(const goc_audit_record *r);
/** The object's row as a JSON object after the change, or NULL. */
GOC_API const char *goc_audit_after(const goc_audit_record *r);
/** The record's SHA-256 hash as 64 lowercase hexadecimal digits. */
GOC_API const char *goc_audit_hash(const goc_audit_record *r);
/**
 * The person who acted (the login set with goc_db_set_user(), or for a
 * login attempt the login tried), or NULL when a unit or the system acted
 * without one.  Records of layout 1 (written before schema 8) name none.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_audit_person(const goc_audit_record *r);
/**
 * The layout of the record's hash: 1 for records written before schema 8
 * (the hash does not cover a person), 2 since (docs/integrators.md gives
 * both byte by byte); 0 for NULL.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_audit_layout(const goc_audit_record *r);

/**
 * The head of the audit trail: its last sequence number and hash, to be
 * kept outside the database and given back to goc_audit_verify() later.
 *
 * @param seq   receives the last sequence number (0 if the trail is empty).
 * @param hash  receives the hash as 64 hex digits and a NUL (65 bytes;
 *              all zeros if the trail is empty).
 * @param db    the handle.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments; storage errors.
 */
GOC_API int goc_audit_head(int64_t *seq, char hash[65], goc_db *db);

/**
 * Recompute the audit trail's hash chain and check it.
 *
 * Reads the whole trail in one read transaction (so it sees one state of
 * the file while writers go on).  A record is bad if its sequence number is
 * not the one after its predecessor's (a deleted or inserted record), if a
 * column does not have its documented storage type (`seq` an INTEGER;
 * `recorded_at`, `action`, `object_kind` and `outcome` TEXT; `actor`,
 * `object_id`, `detail`, `before` and `after` TEXT or NULL; `hash` a BLOB
 * of 32 bytes — a text stored as a BLOB hashes the same but no longer
 * compares equal, so it would hide the record from goc_audit_list()), if
 * its stored hash does not match its content and its predecessor's hash
 * (an edited or reordered record), or if its outcome is not a known one.
 *
 * @param checked      receives the number of records checked (may be NULL).
 * @param first_bad    receives the sequence number of the first bad record,
 *                     0 if none (may be NULL).
 * @param db           the handle.
 * @param anchor_seq   0, or a sequence number from an earlier
 *                     goc_audit_head(): the trail must then still hold that
 *                     record, with that hash.
 * @param anchor_hash  the hash from the same goc_audit_head() (64 hex
 *                     digits), or NULL when anchor_seq is 0.
 * @return #GOC_OK if the chain is intact; #GOC_ECORRUPT with a message
 *         naming the first bad sequence number and what is wrong with it;
 *         #GOC_EINVAL for a NULL handle, a negative anchor_seq, or a
 *         malformed anchor hash; storage errors.
 */
GOC_API int goc_audit_verify(int64_t *checked, int64_t *first_bad, goc_db *db,
                             int64_t anchor_seq, const char *anchor_hash);

#ifdef __cplusplus
}
#endif

#endif /* GOC_AUDIT_H */
