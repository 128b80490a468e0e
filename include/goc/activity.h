/*
 * libgoc — the activity registers the plan counts: partners, experts,
 * events, service requests, zone facts and manual measurements.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_ACTIVITY_H
#define GOC_ACTIVITY_H

#include "goc/db.h"

/** @file goc/activity.h
 *  @brief Partners (合作伙伴网络), experts (专家库), events (活动), service
 *         requests (诉求), zone facts and manual measurements: what the KPIs
 *         count besides organizations.
 *
 * All follow the register's rules: versioned field structs (on update NULL
 * or 0 leaves a field, "" clears an optional one), names 1–200 characters
 * of UTF-8 without control characters (C0, DEL, C1) or leading/trailing
 * spaces, notes up to 4000 characters (tab, LF and CR allowed), dates
 * `YYYY-MM-DD`, unknown unit, zone or
 * organization codes refused with #GOC_ENOTFOUND naming the field, and
 * every record dated so that the KPIs can count "as of" any date.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Kind of a partner in the network. */
enum goc_partner_kind {
	GOC_PARTNER_MULTINATIONAL = 1,     /**< "multinational": multinational company. */
	GOC_PARTNER_LEADING_ENTERPRISE = 2,/**< "leading_enterprise": industry-leading enterprise. */
	GOC_PARTNER_FINANCIAL = 3,         /**< "financial": financial institution. */
	GOC_PARTNER_CHAMBER = 4,           /**< "chamber": chamber of commerce or association. */
	GOC_PARTNER_PROFESSIONAL_BODY = 5, /**< "professional_body": international professional body. */
	GOC_PARTNER_OTHER = 6              /**< "other". */
};

/** Kind of an event. */
enum goc_event_kind {
	GOC_EVENT_CONFERENCE = 1, /**< "conference". */
	GOC_EVENT_FORUM = 2,      /**< "forum". */
	GOC_EVENT_PROMOTION = 3,  /**< "promotion": 宣传推介活动. */
	GOC_EVENT_OTHER = 4       /**< "other". */
};

/** Category of a service request. */
enum goc_request_category {
	GOC_REQUEST_REGISTRATION = 1, /**< "registration": 登记设立. */
	GOC_REQUEST_VISA = 2,         /**< "visa": visa and residence, 出入境和停居留. */
	GOC_REQUEST_TALENT = 3,       /**< "talent": talent policy. */
	GOC_REQUEST_OFFICE = 4,       /**< "office": office space. */
	GOC_REQUEST_TAX = 5,          /**< "tax". */
	GOC_REQUEST_OTHER = 6         /**< "other". */
};

/** Text name of a #goc_partner_kind, or NULL if unknown. */
GOC_API const char *goc_partner_kind_str(int kind);
/** Parse a #goc_partner_kind name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_partner_kind_parse(int *out, const char *name);
/** Text name of a #goc_event_kind, or NULL if unknown. */
GOC_API const char *goc_event_kind_str(int kind);
/** Parse a #goc_event_kind name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_event_kind_parse(int *out, const char *name);
/** Text name of a #goc_request_category, or NULL if unknown. */
GOC_API const char *goc_request_category_str(int category);
/** Parse a #goc_request_category name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_request_category_parse(int *out, const char *name);

/** A partner record.  Opaque. */
typedef struct goc_partner goc_partner;
/** An expert record.  Opaque. */
typedef struct goc_expert goc_expert;
/** An event record.  Opaque. */
typedef struct goc_event goc_event;
/** A service request record.  Opaque. */
typedef struct goc_request goc_request;
/** A dated statement of a zone's facts.  Opaque. */
typedef struct goc_zone_fact goc_zone_fact;

/**
 * Filter for the activity lists.  Initialise with
 * #GOC_ACTIVITY_FILTER_INIT; zero and NULL fields do not filter.  A field
 * that does not apply to the list asked for is refused with #GOC_EINVAL.
 */
typedef struct goc_activity_filter {
	unsigned int version; /**< #GOC_ACTIVITY_FILTER_VERSION. */
	const char *unit;     /**< Responsible unit (contacting, listing, organizing or assigned). */
	const char *zone;     /**< Events: zone. */
	int kind;             /**< Partners: #goc_partner_kind; events: #goc_event_kind; requests: #goc_request_category. */
	const char *from;     /**< Dated on or after (partners, experts, events: their date; requests: opened). */
	const char *to;       /**< Dated on or before. */
	int international;    /**< Events: #goc_tristate on the international-influence flag. */
	int large;            /**< Events: #goc_tristate on the large-scale flag. */
	int64_t org;          /**< Events (related) and requests: organization id. */
	int open;             /**< Requests: #goc_tristate, GOC_YES for unresolved ones. */
} goc_activity_filter;

/** Current version of #goc_activity_filter. */
#define GOC_ACTIVITY_FILTER_VERSION 1
/** Static initialiser for #goc_activity_filter. */
#define GOC_ACTIVITY_FILTER_INIT { GOC_ACTIVITY_FILTER_VERSION, NULL, NULL, 0, NULL, NULL, GOC_ANY, GOC_ANY, 0, GOC_ANY }

/* ---- partners ---- */

/** Fields of a partner.  Initialise with #GOC_PARTNER_FIELDS_INIT. */
typedef struct goc_partner_fields {
	unsigned int version;  /**< #GOC_PARTNER_FIELDS_VERSION. */
	const char *name_zh;   /**< Required on create; unique among partners by normalized form (goc_name_key(): ＡＢＣ and ABC are one name), else #GOC_EEXISTS. */
	const char *name_en;   /**< Optional. */
	int kind;              /**< Required on create: #goc_partner_kind. */
	const char *unit;      /**< Required on create: the unit that made contact. */
	const char *date;      /**< Required on create: when contact was made. */
	const char *contact;   /**< Optional: directory entry (person, telephone, address), up to 200 characters. */
	const char *notes;     /**< Optional. */
} goc_partner_fields;

/** Current version of #goc_partner_fields. */
#define GOC_PARTNER_FIELDS_VERSION 1
/** Static initialiser for #goc_partner_fields. */
#define GOC_PARTNER_FIELDS_INIT { GOC_PARTNER_FIELDS_VERSION, NULL, NULL, 0, NULL, NULL, NULL, NULL }

/**
 * Register a partner.
 * @param out_id  receives the id (may be NULL).
 * @param db      the database handle.
 * @param fields  the partner's fields (#goc_partner_fields).
 * @return #GOC_OK; #GOC_EINVAL naming the field; #GOC_ENOTFOUND for an
 *         unknown unit; #GOC_EEXISTS for a duplicate name; #GOC_EREADONLY,
 *         #GOC_EPERM, storage errors.
 */
GOC_API int goc_partner_create(int64_t *out_id, goc_db *db, const goc_partner_fields *fields);
/**
 * Change a partner (NULL/0 keeps a field, "" clears an optional one).
 * @return as goc_partner_create(); #GOC_ENOTFOUND for an unknown id.
 */
GOC_API int goc_partner_update(goc_db *db, int64_t id, const goc_partner_fields *fields);
/**
 * Delete a partner.
 * @return #GOC_OK; #GOC_ENOTFOUND; #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_partner_delete(goc_db *db, int64_t id);
/**
 * Read a partner.
 * @param out  receives a record owned by the caller (goc_partner_free()).
 * @param db   the database handle.
 * @param id   the partner's id.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND.
 */
GOC_API int goc_partner_get(goc_partner **out, goc_db *db, int64_t id);
/** Free a partner record.  NULL is a no-op. */
GOC_API void goc_partner_free(goc_partner *p);
/**
 * List partners ordered by date then id (filters: unit, kind, from, to);
 * read rows with goc_cursor_partner().
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a filter that does not apply.
 */
GOC_API int goc_partner_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter);
/** The current row of a partner cursor (valid until its next step), or NULL. */
GOC_API const goc_partner *goc_cursor_partner(const goc_cursor *cur);
/** The partner's id. */
GOC_API int64_t goc_partner_id(const goc_partner *p);
/** Chinese name (strings live as long as the record). */
GOC_API const char *goc_partner_name_zh(const goc_partner *p);
/** English name, or NULL. */
GOC_API const char *goc_partner_name_en(const goc_partner *p);
/** #goc_partner_kind. */
GOC_API int goc_partner_kind(const goc_partner *p);
/** The contacting unit's code. */
GOC_API const char *goc_partner_unit(const goc_partner *p);
/** Date of contact. */
GOC_API const char *goc_partner_date(const goc_partner *p);
/** Directory entry, or NULL. */
GOC_API const char *goc_partner_contact(const goc_partner *p);
/** Notes, or NULL. */
GOC_API const char *goc_partner_notes(const goc_partner *p);

/* ---- experts ---- */

/** Fields of an expert.  Initialise with #GOC_EXPERT_FIELDS_INIT. */
typedef struct goc_expert_fields {
	unsigned int version;     /**< #GOC_EXPERT_FIELDS_VERSION. */
	const char *name;         /**< Required on create. */
	const char *field;        /**< Optional: field of expertise, up to 200 characters. */
	const char *affiliation;  /**< Optional, up to 200 characters. */
	const char *unit;         /**< Required on create: the unit that listed the expert. */
	const char *date;         /**< Required on create: when listed. */
	const char *notes;        /**< Optional. */
} goc_expert_fields;

/** Current version of #goc_expert_fields. */
#define GOC_EXPERT_FIELDS_VERSION 1
/** Static initialiser for #goc_expert_fields. */
#define GOC_EXPERT_FIELDS_INIT { GOC_EXPERT_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * List an expert in the think tank (专家库).  The same person may be listed
 * by several units; one unit lists a name once.
 * @return #GOC_OK; #GOC_EINVAL naming the field; #GOC_ENOTFOUND for an
 *         unknown unit; #GOC_EEXISTS if the unit already lists that name;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_expert_create(int64_t *out_id, goc_db *db, const goc_expert_fields *fields);
/** Change an expert.  @return as goc_expert_create(); #GOC_ENOTFOUND for an unknown id. */
GOC_API int goc_expert_update(goc_db *db, int64_t id, const goc_expert_fields *fields);
/** Delete an expert.  @return #GOC_OK; #GOC_ENOTFOUND; storage errors. */
GOC_API int goc_expert_delete(goc_db *db, int64_t id);
/** Read an expert (goc_expert_free()).  @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND. */
GOC_API int goc_expert_get(goc_expert **out, goc_db *db, int64_t id);
/** Free an expert record.  NULL is a no-op. */
GOC_API void goc_expert_free(goc_expert *e);
/** List experts by date then id (filters: unit, from, to).  @return #GOC_OK; #GOC_EINVAL. */
GOC_API int goc_expert_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter);
/** The current row of an expert cursor, or NULL. */
GOC_API const goc_expert *goc_cursor_expert(const goc_cursor *cur);
/** The expert's id. */
GOC_API int64_t goc_expert_id(const goc_expert *e);
/** Name. */
GOC_API const char *goc_expert_name(const goc_expert *e);
/** Field of expertise, or NULL. */
GOC_API const char *goc_expert_field(const goc_expert *e);
/** Affiliation, or NULL. */
GOC_API const char *goc_expert_affiliation(const goc_expert *e);
/** The listing unit's code. */
GOC_API const char *goc_expert_unit(const goc_expert *e);
/** Date listed. */
GOC_API const char *goc_expert_date(const goc_expert *e);
/** Notes, or NULL. */
GOC_API const char *goc_expert_notes(const goc_expert *e);

/* ---- events ---- */

/** Fields of an event.  Initialise with #GOC_EVENT_FIELDS_INIT. */
typedef struct goc_event_fields {
	unsigned int version;  /**< #GOC_EVENT_FIELDS_VERSION. */
	const char *title_zh;  /**< Required on create (up to 300 characters). */
	const char *title_en;  /**< Optional. */
	const char *date;      /**< Required on create: the (first) day of the event. */
	const char *zone;      /**< Optional: the zone it is held in. */
	int kind;              /**< Required on create: #goc_event_kind. */
	int international;     /**< #goc_tristate: of international influence (GOC_YES / GOC_NO; 0 keeps on update, means no on create). */
	int large;             /**< #goc_tristate: large-scale event. */
	const char *unit;      /**< Required on create: the organizing unit (more with goc_event_add_organizer()). */
	const char *notes;     /**< Optional. */
} goc_event_fields;

/** Current version of #goc_event_fields. */
#define GOC_EVENT_FIELDS_VERSION 1
/** Static initialiser for #goc_event_fields. */
#define GOC_EVENT_FIELDS_INIT { GOC_EVENT_FIELDS_VERSION, NULL, NULL, NULL, NULL, 0, GOC_ANY, GOC_ANY, NULL, NULL }

/**
 * Record an event.
 * @return #GOC_OK; #GOC_EINVAL naming the field; #GOC_ENOTFOUND for an
 *         unknown zone or unit; #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_event_create(int64_t *out_id, goc_db *db, const goc_event_fields *fields);
/** Change an event.  @return as goc_event_create(); #GOC_ENOTFOUND for an unknown id. */
GOC_API int goc_event_update(goc_db *db, int64_t id, const goc_event_fields *fields);
/** Delete an event with its organizers and related organizations.  @return #GOC_OK; #GOC_ENOTFOUND; storage errors. */
GOC_API int goc_event_delete(goc_db *db, int64_t id);
/**
 * Add a co-organizing unit to an event (a no-op if already there).
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown event or unit;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_event_add_organizer(goc_db *db, int64_t event_id, const char *unit);
/**
 * Relate an organization to an event (a no-op if already related).
 * @return #GOC_OK; #GOC_ENOTFOUND for an unknown event or organization;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_event_add_org(goc_db *db, int64_t event_id, int64_t org_id);
/** Read an event (goc_event_free()).  @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND. */
GOC_API int goc_event_get(goc_event **out, goc_db *db, int64_t id);
/** Free an event record.  NULL is a no-op. */
GOC_API void goc_event_free(goc_event *e);
/**
 * List events by date then id (filters: unit — any organizer, zone, kind,
 * from, to, international, large, org).
 * @return #GOC_OK; #GOC_EINVAL.
 */
GOC_API int goc_event_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter);
/** The current row of an event cursor, or NULL. */
GOC_API const goc_event *goc_cursor_event(const goc_cursor *cur);
/** The event's id. */
GOC_API int64_t goc_event_id(const goc_event *e);
/** Chinese title. */
GOC_API const char *goc_event_title_zh(const goc_event *e);
/** English title, or NULL. */
GOC_API const char *goc_event_title_en(const goc_event *e);
/** Date. */
GOC_API const char *goc_event_date(const goc_event *e);
/** Zone code, or NULL. */
GOC_API const char *goc_event_zone(const goc_event *e);
/** #goc_event_kind. */
GOC_API int goc_event_kind(const goc_event *e);
/** 1 if of international influence, else 0. */
GOC_API int goc_event_international(const goc_event *e);
/** 1 if large-scale, else 0. */
GOC_API int goc_event_large(const goc_event *e);
/** The organizing unit's code (the first organizer). */
GOC_API const char *goc_event_unit(const goc_event *e);
/**
 * All organizers' codes, comma-separated, in code order.
 * @deprecated A list as text: use goc_event_organizer_count() and
 * goc_event_organizer_at().  Kept for the ABI (symbol version GOC_1.0).
 */
GOC_API const char *goc_event_organizers(const goc_event *e);
/**
 * The number of the event's organizers (the organizing unit and its
 * co-organizers); 0 for NULL.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_event_organizer_count(const goc_event *e);
/**
 * The @p i-th organizer's code, in code order, for @p i from 0 to
 * goc_event_organizer_count() − 1; NULL out of range or for NULL.  Valid
 * as long as the event (until the cursor's next step, or goc_event_free()).
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_event_organizer_at(const goc_event *e, int i);
/** Number of related organizations. */
GOC_API int goc_event_org_count(const goc_event *e);
/** Notes, or NULL. */
GOC_API const char *goc_event_notes(const goc_event *e);

/* ---- service requests ---- */

/** Fields of a service request.  Initialise with #GOC_REQUEST_FIELDS_INIT. */
typedef struct goc_request_fields {
	unsigned int version;  /**< #GOC_REQUEST_FIELDS_VERSION. */
	int64_t org;           /**< Required on create: the organization asking. */
	int category;          /**< Required on create: #goc_request_category. */
	const char *opened;    /**< Required on create: date received. */
	const char *unit;      /**< Required on create: the unit assigned. */
	const char *summary;   /**< Required on create: what is asked (up to 2000 characters). */
	const char *notes;     /**< Optional. */
} goc_request_fields;

/** Current version of #goc_request_fields. */
#define GOC_REQUEST_FIELDS_VERSION 1
/** Static initialiser for #goc_request_fields. */
#define GOC_REQUEST_FIELDS_INIT { GOC_REQUEST_FIELDS_VERSION, 0, 0, NULL, NULL, NULL, NULL }

/**
 * Record a service request (诉求) from an organization.
 * @return #GOC_OK; #GOC_EINVAL naming the field; #GOC_ENOTFOUND for an
 *         unknown organization or unit; #GOC_EREADONLY, #GOC_EPERM, storage
 *         errors.
 */
GOC_API int goc_request_create(int64_t *out_id, goc_db *db, const goc_request_fields *fields);
/** Change a request's fields.  @return as goc_request_create(); #GOC_ENOTFOUND for an unknown id. */
GOC_API int goc_request_update(goc_db *db, int64_t id, const goc_request_fields *fields);
/**
 * Close a request.
 * @param db       the database handle.
 * @param id       the request's id.
 * @param date     resolution date, not before it was opened.
 * @param outcome  what was done (required, up to 2000 characters).
 * @return #GOC_OK; #GOC_EINVAL (bad date, date before opening, no outcome);
 *         #GOC_ENOTFOUND; #GOC_ESTATE if it is already resolved;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_request_resolve(goc_db *db, int64_t id, const char *date, const char *outcome);
/** Delete a request.  @return #GOC_OK; #GOC_ENOTFOUND; storage errors. */
GOC_API int goc_request_delete(goc_db *db, int64_t id);
/** Read a request (goc_request_free()).  @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND. */
GOC_API int goc_request_get(goc_request **out, goc_db *db, int64_t id);
/** Free a request record.  NULL is a no-op. */
GOC_API void goc_request_free(goc_request *r);
/** List requests by opening date then id (filters: unit, kind = category, from, to, org, open).  @return #GOC_OK; #GOC_EINVAL. */
GOC_API int goc_request_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter);
/** The current row of a request cursor, or NULL. */
GOC_API const goc_request *goc_cursor_request(const goc_cursor *cur);
/** The request's id. */
GOC_API int64_t goc_request_id(const goc_request *r);
/** The organization's id. */
GOC_API int64_t goc_request_org(const goc_request *r);
/** #goc_request_category. */
GOC_API int goc_request_category(const goc_request *r);
/** Date opened. */
GOC_API const char *goc_request_opened(const goc_request *r);
/** The assigned unit's code. */
GOC_API const char *goc_request_unit(const goc_request *r);
/** Summary. */
GOC_API const char *goc_request_summary(const goc_request *r);
/** Resolution date, or NULL while open. */
GOC_API const char *goc_request_resolved(const goc_request *r);
/** Outcome, or NULL while open. */
GOC_API const char *goc_request_outcome(const goc_request *r);
/** Days from opening to resolution, or -1 while open. */
GOC_API int goc_request_days(const goc_request *r);
/** Notes, or NULL. */
GOC_API const char *goc_request_notes(const goc_request *r);

/* ---- zone facts (item (6): free office space, a named contact) ---- */

/**
 * State a zone's facts from a date on: whether it offers free office space
 * to international organizations and who the named contact person is.  A
 * later statement replaces an earlier one from its date; history is kept.
 *
 * @param db            the database handle.
 * @param zone          the zone's code.
 * @param date          the date from which the statement holds (YYYY-MM-DD).
 * @param office_space  1 (offered) or 0.
 * @param contact       the contact person, or NULL for none.
 * @return #GOC_OK; #GOC_EINVAL (bad date or value); #GOC_ENOTFOUND for an
 *         unknown zone; #GOC_EEXISTS if the zone already has a statement on
 *         that date; #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_zone_set_facts(goc_db *db, const char *zone, const char *date,
                               int office_space, const char *contact);
/**
 * The zone's facts in force on a date (the latest statement dated on or
 * before it).
 * @param out  receives a record owned by the caller (goc_zone_fact_free()).
 * @param db   the database handle.
 * @param zone  the zone's code.
 * @param as_of  the date (YYYY-MM-DD).
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown zone or no
 *         statement by that date.
 */
GOC_API int goc_zone_facts(goc_zone_fact **out, goc_db *db, const char *zone, const char *as_of);
/** Free a zone-fact record.  NULL is a no-op. */
GOC_API void goc_zone_fact_free(goc_zone_fact *f);
/** The zone's code. */
GOC_API const char *goc_zone_fact_zone(const goc_zone_fact *f);
/** Date of the statement. */
GOC_API const char *goc_zone_fact_date(const goc_zone_fact *f);
/** 1 if free office space is offered. */
GOC_API int goc_zone_fact_office_space(const goc_zone_fact *f);
/** The contact person, or NULL. */
GOC_API const char *goc_zone_fact_contact(const goc_zone_fact *f);

/* ---- manual measurements ---- */

/**
 * Record a measured value for a KPI whose measure is `manual`.
 *
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param kpi    the KPI's code (within @p plan).
 * @param scope  the scope member measured (a unit or zone code), or NULL
 *               for a district-wide KPI.
 * @param date   the date the value refers to.
 * @param value  the value.
 * @param note   optional.
 * @return #GOC_OK; #GOC_EINVAL (bad date, value not finite, a KPI whose
 *         measure is not manual, a scope member that is not one of the
 *         KPI's members); #GOC_ENOTFOUND for an unknown plan, KPI or scope
 *         member; #GOC_EEXISTS if a value is already recorded for
 *         that KPI, member and date; #GOC_EREADONLY, #GOC_EPERM, storage
 *         errors.
 */
GOC_API int goc_measurement_record(goc_db *db, const char *plan, const char *kpi,
                                   const char *scope, const char *date, double value,
                                   const char *note);

#ifdef __cplusplus
}
#endif

#endif /* GOC_ACTIVITY_H */
