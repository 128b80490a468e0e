/*
 * libgoc — the register of units, unit groups and zones.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_REGISTER_H
#define GOC_REGISTER_H

#include "goc/db.h"

/** @file goc/register.h
 *  @brief Responsible units (责任单位), unit groups (各管理局 …) and
 *         zones (集聚区), and the built-in Pudong reference data.
 *
 * **Codes.**  Units, groups and zones are named by a code: 1–32 characters
 * from `a–z 0–9 - _`, starting with a letter or digit.  Unit and group codes
 * share one namespace (an assignment names either), zone codes have their
 * own.  **Names.**  Chinese names are required, English names optional;
 * both are 1–200 characters of UTF-8 without control characters or
 * leading/trailing spaces, unique among units and groups (a Chinese name
 * identifies a unit in an imported table).  An optional name given as NULL
 * or "" means none.  Every text input is copied.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Kind of a responsible unit. */
enum goc_unit_kind {
	GOC_UNIT_DEPARTMENT = 1,   /**< "department": a district government department (商务委 …). */
	GOC_UNIT_PARTY_OFFICE = 2, /**< "party_office": an office of the district Party committee (区委组织部 …). */
	GOC_UNIT_BUREAU = 3        /**< "bureau": a zone's management bureau (陆家嘴管理局 …). */
};

/**
 * Text name of a unit kind ("department", "party_office", "bureau").
 * @return a static string, or NULL for an unknown value.
 */
GOC_API const char *goc_unit_kind_str(int kind);

/**
 * Parse a unit kind's text name.
 * @param out   receives the #goc_unit_kind value.
 * @param name  the text name.
 * @return #GOC_OK; #GOC_EINVAL for NULL or an unknown name.
 */
GOC_API int goc_unit_kind_parse(int *out, const char *name);

/** A unit record.  Opaque; read it with the goc_unit_* accessors. */
typedef struct goc_unit goc_unit;
/** A unit group record.  Opaque. */
typedef struct goc_group goc_group;
/** A zone record.  Opaque. */
typedef struct goc_zone goc_zone;

/** Fields of a new unit.  Initialise with #GOC_UNIT_FIELDS_INIT. */
typedef struct goc_unit_fields {
	unsigned int version;  /**< #GOC_UNIT_FIELDS_VERSION. */
	const char *code;      /**< Required, see codes above. */
	const char *name_zh;   /**< Required. */
	const char *name_en;   /**< Optional (NULL). */
	int kind;              /**< Required: a #goc_unit_kind. */
	/* version 2 (symbol version GOC_1.2): whom to remind (催报) */
	const char *contact;   /**< Optional: the contact person (联系人), up to 200 characters. */
	const char *phone;     /**< Optional: the contact's phone, up to 64 characters. */
	const char *email;     /**< Optional: the contact's e-mail (one '@' with text on both sides, no spaces). */
} goc_unit_fields;

/** Current version of #goc_unit_fields (1: without the contact members). */
#define GOC_UNIT_FIELDS_VERSION 2
/** Static initialiser for #goc_unit_fields. */
#define GOC_UNIT_FIELDS_INIT { GOC_UNIT_FIELDS_VERSION, NULL, NULL, NULL, 0, NULL, NULL, NULL }

/**
 * Register a unit.
 *
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL arguments, an unknown struct version, a
 *         malformed code, a missing, empty, over-long or non-UTF-8 name, an
 *         unknown kind, an over-long contact or phone, an e-mail that is
 *         not an address (the message names the field);
 *         #GOC_EEXISTS if the code or a name is taken by a unit or group;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_unit_create(goc_db *db, const goc_unit_fields *fields);

/**
 * Read a unit by code.
 *
 * @param out  receives a record owned by the caller; free it with
 *             goc_unit_free().  Set to NULL on failure.
 * @param db   the database handle.
 * @param code  the unit's code.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a code that is not
 *         valid UTF-8; #GOC_ENOTFOUND.
 */
GOC_API int goc_unit_get(goc_unit **out, goc_db *db, const char *code);

/**
 * Find a unit by its code, Chinese name or English name (exact match,
 * English case-insensitive).
 *
 * @param out  receives a record owned by the caller (goc_unit_free()).
 * @param db   the database handle.
 * @param name  a code, Chinese name or English name.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a name that is not
 *         valid UTF-8; #GOC_ENOTFOUND.
 */
GOC_API int goc_unit_find(goc_unit **out, goc_db *db, const char *name);

/** Free a unit record from goc_unit_get() or goc_unit_find().  NULL is a no-op. */
GOC_API void goc_unit_free(goc_unit *unit);

/**
 * List units, ordered by code.
 *
 * @param out   receives a cursor (goc_cursor_free()); read rows with
 *              goc_cursor_unit().
 * @param db    the database handle.
 * @param kind  a #goc_unit_kind to filter on, or 0 for all.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or an unknown kind.
 */
GOC_API int goc_unit_list(goc_cursor **out, goc_db *db, int kind);

/**
 * The current row of a unit cursor (goc_unit_list(), goc_group_members()).
 *
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if the cursor is not on a row or is of another kind.
 */
GOC_API const goc_unit *goc_cursor_unit(const goc_cursor *cur);

/** The unit's code (valid as long as the record). */
GOC_API const char *goc_unit_code(const goc_unit *unit);
/** The unit's Chinese name (valid as long as the record). */
GOC_API const char *goc_unit_name_zh(const goc_unit *unit);
/** The unit's English name, or NULL (valid as long as the record). */
GOC_API const char *goc_unit_name_en(const goc_unit *unit);
/** The unit's #goc_unit_kind (0 for NULL). */
GOC_API int goc_unit_kind(const goc_unit *unit);
/** The unit's contact person (联系人), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_unit_contact(const goc_unit *unit);
/** The contact's phone, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_unit_phone(const goc_unit *unit);
/** The contact's e-mail address, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_unit_email(const goc_unit *unit);

/**
 * Set whom to remind for a unit (催报: goc_reminder_list()): its contact
 * person, phone and e-mail.  NULL keeps a value, "" clears it.  An
 * administrator's action, audited as "unit.set_contact".
 *
 * @param db       the database handle.
 * @param unit     the unit's code.
 * @param contact  the contact person (up to 200 characters), NULL or "".
 * @param phone    the phone (up to 64 characters), NULL or "".
 * @param email    the e-mail address (one '@' with text on both sides, no
 *                 spaces, up to 254 bytes), NULL or "".
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL @p db or @p unit, a malformed code, text
 *         that is over-long or not UTF-8 or holds control characters, an
 *         e-mail that is not an address (naming "contact", "phone",
 *         "email");
 *         #GOC_ENOTFOUND for an unknown unit;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_unit_set_contact(goc_db *db, const char *unit, const char *contact,
                                 const char *phone, const char *email);

/**
 * Register a unit group (各管理局, 各行业主管部门 …).
 *
 * @param db       the database handle.
 * @param code     required; shares the unit namespace.
 * @param name_zh  required.
 * @param name_en  optional (NULL).
 * @return #GOC_OK; #GOC_EINVAL (the message names the field);
 *         #GOC_EEXISTS if the code or a name is taken by a unit or group;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_group_create(goc_db *db, const char *code,
                             const char *name_zh, const char *name_en);

/**
 * Add a unit to a group.  Adding a member twice is a no-op.
 *
 * @return #GOC_OK; #GOC_EINVAL for NULL or malformed codes;
 *         #GOC_ENOTFOUND if the group or the unit does not exist;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_group_add_member(goc_db *db, const char *group_code,
                                 const char *unit_code);

/**
 * Remove a unit from a group.
 *
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND if the group does not exist
 *         or the unit is not a member; #GOC_EREADONLY, #GOC_EPERM, storage
 *         errors.
 */
GOC_API int goc_group_remove_member(goc_db *db, const char *group_code,
                                    const char *unit_code);

/**
 * Read a group by code.
 *
 * @param out  receives a record owned by the caller (goc_group_free()).
 * @param db   the database handle.
 * @param code  the group's code.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a code that is not
 *         valid UTF-8; #GOC_ENOTFOUND.
 */
GOC_API int goc_group_get(goc_group **out, goc_db *db, const char *code);

/** Free a group record.  NULL is a no-op. */
GOC_API void goc_group_free(goc_group *group);

/**
 * List groups, ordered by code; read rows with goc_cursor_group().
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments.
 */
GOC_API int goc_group_list(goc_cursor **out, goc_db *db);

/**
 * List the member units of a group, ordered by code; read rows with
 * goc_cursor_unit().
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a code that is not
 *         valid UTF-8; #GOC_ENOTFOUND if there is no such group.
 */
GOC_API int goc_group_members(goc_cursor **out, goc_db *db,
                              const char *group_code);

/**
 * The current row of a group cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_group *goc_cursor_group(const goc_cursor *cur);

/** The group's code. */
GOC_API const char *goc_group_code(const goc_group *group);
/** The group's Chinese name. */
GOC_API const char *goc_group_name_zh(const goc_group *group);
/** The group's English name, or NULL. */
GOC_API const char *goc_group_name_en(const goc_group *group);
/** Number of members of the group when the record was read. */
GOC_API int goc_group_member_count(const goc_group *group);

/** Fields of a new zone.  Initialise with #GOC_ZONE_FIELDS_INIT. */
typedef struct goc_zone_fields {
	unsigned int version;   /**< #GOC_ZONE_FIELDS_VERSION. */
	const char *code;       /**< Required: zone code. */
	const char *name_zh;    /**< Required, unique among zones. */
	const char *name_en;    /**< Optional. */
	int focus;              /**< The #goc_category the zone concentrates on, or 0 for a general zone. */
	const char *bureau;     /**< Optional: code of the managing unit (a bureau). */
} goc_zone_fields;

/** Current version of #goc_zone_fields. */
#define GOC_ZONE_FIELDS_VERSION 1
/** Static initialiser for #goc_zone_fields. */
#define GOC_ZONE_FIELDS_INIT { GOC_ZONE_FIELDS_VERSION, NULL, NULL, NULL, 0, NULL }

/**
 * Register a zone (集聚区).
 *
 * @return #GOC_OK; #GOC_EINVAL (names the field: code, names, focus);
 *         #GOC_ENOTFOUND if the managing bureau is not a registered unit;
 *         #GOC_EEXISTS if the code or Chinese name is taken;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_zone_create(goc_db *db, const goc_zone_fields *fields);

/**
 * Read a zone by code.
 * @param out  receives a record owned by the caller (goc_zone_free()).
 * @param db   the database handle.
 * @param code  the zone's code.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a code that is not
 *         valid UTF-8; #GOC_ENOTFOUND.
 */
GOC_API int goc_zone_get(goc_zone **out, goc_db *db, const char *code);

/** Free a zone record.  NULL is a no-op. */
GOC_API void goc_zone_free(goc_zone *zone);

/**
 * List zones, ordered by code; read rows with goc_cursor_zone().
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments.
 */
GOC_API int goc_zone_list(goc_cursor **out, goc_db *db);

/**
 * The current row of a zone cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_zone *goc_cursor_zone(const goc_cursor *cur);

/** The zone's code. */
GOC_API const char *goc_zone_code(const goc_zone *zone);
/** The zone's Chinese name. */
GOC_API const char *goc_zone_name_zh(const goc_zone *zone);
/** The zone's English name, or NULL. */
GOC_API const char *goc_zone_name_en(const goc_zone *zone);
/** The zone's focus (#goc_category), or 0 for a general zone. */
GOC_API int goc_zone_focus(const goc_zone *zone);
/** Code of the zone's managing unit, or NULL. */
GOC_API const char *goc_zone_bureau(const goc_zone *zone);

/**
 * Load a built-in set of reference data: units, groups and zones.
 *
 * The only set today is "pudong": the 15 departments and Party offices and
 * the 5 management bureaus named in the Pudong GOC 2024 plan, the groups
 * 各管理局 ("bureaus") and 各行业主管部门 ("industry-authorities"), and the
 * zones expo, lujiazui, zhangjiang, jinqiao and ftz.  Loading is
 * idempotent: what is already there (same code) is left as it is, so
 * loading twice changes nothing.  The whole load is one transaction.
 *
 * @param db    the database handle.
 * @param name  "pudong".
 * @return #GOC_OK; #GOC_EINVAL for NULL; #GOC_ENOTFOUND for an unknown set;
 *         #GOC_EEXISTS if a name of the set is taken by a different code;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_reference_load(goc_db *db, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* GOC_REGISTER_H */
