/*
 * libgoc — the register: units, unit groups, zones and the built-in
 * reference data.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "register_internal.h"

/* The records of this module (opaque in goc/register.h). */
struct goc_unit {
	const char *code, *name_zh, *name_en, *contact, *phone, *email;
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
GOC__ROW_FITS(struct goc_unit);
GOC__ROW_FITS(struct goc_group);
GOC__ROW_FITS(struct goc_zone);

/* ---- readers ---- */

static void read_unit(sqlite3_stmt *st, void *row)
{
	struct goc_unit *u = row;
	u->code = goc__col_text(st, 0);
	u->name_zh = goc__col_text(st, 1);
	u->name_en = goc__col_text(st, 2);
	u->kind = goc__unit_kind_value(goc__col_text(st, 3));
	u->contact = goc__col_text(st, 4);
	u->phone = goc__col_text(st, 5);
	u->email = goc__col_text(st, 6);
}
static const size_t unit_strs[] = { offsetof(struct goc_unit, code),
	                            offsetof(struct goc_unit, name_zh),
	                            offsetof(struct goc_unit, name_en),
	                            offsetof(struct goc_unit, contact),
	                            offsetof(struct goc_unit, phone),
	                            offsetof(struct goc_unit, email) };

static void read_group(sqlite3_stmt *st, void *row)
{
	struct goc_group *g = row;
	g->code = goc__col_text(st, 0);
	g->name_zh = goc__col_text(st, 1);
	g->name_en = goc__col_text(st, 2);
	g->member_count = sqlite3_column_int(st, 3);
}
static const size_t group_strs[] = { offsetof(struct goc_group, code),
	                             offsetof(struct goc_group, name_zh),
	                             offsetof(struct goc_group, name_en) };

static void read_zone(sqlite3_stmt *st, void *row)
{
	struct goc_zone *z = row;
	z->code = goc__col_text(st, 0);
	z->name_zh = goc__col_text(st, 1);
	z->name_en = goc__col_text(st, 2);
	z->focus = goc__category_value(goc__col_text(st, 3));
	z->bureau = goc__col_text(st, 4);
}
static const size_t zone_strs[] = { offsetof(struct goc_zone, code),
	                            offsetof(struct goc_zone, name_zh),
	                            offsetof(struct goc_zone, name_en),
	                            offsetof(struct goc_zone, bureau) };

#define UNIT_COLS "u.code, u.name_zh, u.name_en, u.kind, u.contact, u.phone, u.email"
#define GROUP_COLS \
	"g.code, g.name_zh, g.name_en," \
	" (SELECT count(*) FROM unit_group_members m WHERE m.group_code = g.code)"
#define ZONE_COLS "z.code, z.name_zh, z.name_en, z.focus, z.bureau"

/* ---- kinds (administrators write them all) ---- */

const struct goc__kind goc__kind_unit = {
	.name = "unit",
	.table = "units", .key = "code",
	.get_sql = "SELECT " UNIT_COLS " FROM units u WHERE u.code = ?1",
	.read = read_unit, .cursor = CUR_UNIT,
	.size = sizeof(struct goc_unit), .strs = unit_strs, .n_strs = GOC__N(unit_strs),
};
const struct goc__kind goc__kind_group = {
	.name = "group",
	.table = "unit_groups", .key = "code",
	.get_sql = "SELECT " GROUP_COLS " FROM unit_groups g WHERE g.code = ?1",
	.extra = "'members', (SELECT json_group_array(m.unit_code) FROM unit_group_members m"
	         " WHERE m.group_code = t.code)",
	.read = read_group, .cursor = CUR_GROUP,
	.size = sizeof(struct goc_group), .strs = group_strs, .n_strs = GOC__N(group_strs),
};
const struct goc__kind goc__kind_zone = {
	.name = "zone",
	.table = "zones", .key = "code",
	.get_sql = "SELECT " ZONE_COLS " FROM zones z WHERE z.code = ?1",
	.read = read_zone, .cursor = CUR_ZONE,
	.size = sizeof(struct goc_zone), .strs = zone_strs, .n_strs = GOC__N(zone_strs),
};
/* the built-in reference data, loaded as a whole */
const struct goc__kind goc__kind_reference = { .name = "reference" };

/* ---- uniqueness across units and groups ---- */

/* Is `value` taken in column `col` (code, name_zh, name_en) of units or groups? */
static int taken(goc_db *db, const char *field, const char *col, const char *value)
{
	char sql[256];
	const char *cmp = strcmp(col, "name_en") == 0 ? " COLLATE NOCASE" : "";
	snprintf(sql, sizeof sql,
	         "SELECT 'unit', code FROM units WHERE %s = ?1%s"
	         " UNION ALL SELECT 'group', code FROM unit_groups WHERE %s = ?1%s",
	         col, cmp, col, cmp);
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, value);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		rc = goc__err(db, GOC_EEXISTS, "%s: '%s' is already taken by %s '%s'",
		              field, value, goc__col_text(st, 0), goc__col_text(st, 1));
	else if (s != SQLITE_DONE)
		rc = goc__sqlerr(db, s, field);
	sqlite3_finalize(st);
	return rc;
}

static int check_fields_version(goc_db *db, const char *what, unsigned v, unsigned max)
{
	if (v < 1 || v > max)
		return goc__err(db, GOC_EINVAL, "fields: %s version %u is not supported (1..%u)",
		                what, v, max);
	return GOC_OK;
}

/* ---- units ---- */

static int unit_insert(goc_db *db, const void *fields)
{
	const goc_unit_fields *f = fields;
	int rc = check_fields_version(db, "goc_unit_fields", f->version, GOC_UNIT_FIELDS_VERSION);
	if (rc == GOC_OK) rc = goc__check_code(db, "code", f->code);
	if (rc == GOC_OK) rc = goc__check_text(db, "name_zh", f->name_zh, true, GOC_NAME_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, "name_en", f->name_en, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK && !goc_unit_kind_str(f->kind))
		rc = goc__err(db, GOC_EINVAL, "kind: %d is not a unit kind", f->kind);
	const char *contact = f->version >= 2 ? f->contact : NULL;
	const char *phone = f->version >= 2 ? f->phone : NULL;
	const char *email = f->version >= 2 ? f->email : NULL;
	if (rc == GOC_OK) rc = goc__unit_contact_check(db, contact, phone, email);
	if (rc == GOC_OK) rc = taken(db, "code", "code", f->code);
	if (rc == GOC_OK) rc = taken(db, "name_zh", "name_zh", f->name_zh);
	if (rc == GOC_OK && f->name_en && *f->name_en)
		rc = taken(db, "name_en", "name_en", f->name_en);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "INSERT INTO units (code, name_zh, name_en, kind, contact, phone, email)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->code);
	goc__bind_text(st, 2, f->name_zh);
	goc__bind_text(st, 3, f->name_en && *f->name_en ? f->name_en : NULL);
	goc__bind_text(st, 4, goc_unit_kind_str(f->kind));
	goc__bind_text(st, 5, goc__opt(contact));
	goc__bind_text(st, 6, goc__opt(phone));
	goc__bind_text(st, 7, goc__opt(email));
	rc = goc__step_done(db, st, "inserting a unit");
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_unit_create(goc_db *db, const goc_unit_fields *fields)
{
	return goc__write_key(db, &goc__kind_unit, "unit.create", fields ? fields->code : NULL,
	                      unit_insert, fields, "fields");
}

int goc__unit_contact_check(goc_db *db, const char *contact, const char *phone,
                            const char *email)
{
	int rc = goc__check_text(db, "contact", contact, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "phone", phone, false, GOC__PHONE_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_email(db, "email", email);
	return rc;
}

struct contact_args {
	const char *unit, *contact, *phone, *email;
};

static int contact_update(goc_db *db, const void *arg)
{
	const struct contact_args *a = arg;
	int rc = goc__check_code(db, "unit", a->unit);
	if (rc == GOC_OK) rc = goc__unit_exists(db, "unit", a->unit);
	if (rc == GOC_OK) rc = goc__unit_contact_check(db, a->contact, a->phone, a->email);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	/* NULL keeps a column, "" clears it */
	rc = goc__prepare(db, "UPDATE units SET"
	                      " contact = CASE WHEN ?2 IS NULL THEN contact ELSE nullif(?2, '') END,"
	                      " phone = CASE WHEN ?3 IS NULL THEN phone ELSE nullif(?3, '') END,"
	                      " email = CASE WHEN ?4 IS NULL THEN email ELSE nullif(?4, '') END"
	                      " WHERE code = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, a->unit);
	goc__bind_text(st, 2, a->contact);
	goc__bind_text(st, 3, a->phone);
	goc__bind_text(st, 4, a->email);
	rc = goc__step_done(db, st, "setting a unit's contact");
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_unit_set_contact(goc_db *db, const char *unit, const char *contact,
                                 const char *phone, const char *email)
{
	struct contact_args a = { unit, contact, phone, email };
	return goc__write_key(db, &goc__kind_unit, "unit.set_contact", unit, contact_update, &a,
	                      NULL);
}

GOC_API const char *goc_unit_contact(const goc_unit *u) { return u ? u->contact : NULL; }
GOC_API const char *goc_unit_phone(const goc_unit *u) { return u ? u->phone : NULL; }
GOC_API const char *goc_unit_email(const goc_unit *u) { return u ? u->email : NULL; }

/* The record of kind k that `sql` selects by ?1 = key. */
static int get_by(void **out, goc_db *db, const struct goc__kind *k, const char *sql,
                  const char *key)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql ? sql : k->get_sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, key);
	rc = goc__kind_fetch(out, db, k, st);
	if (rc == GOC_ENOTFOUND)
		goc__err(db, GOC_ENOTFOUND, "%s '%s' not found", k->name, key);
	return rc;
}

static int arg_check(goc_db *db, void *out, const char *key, const char *keyname)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	if (!key)
		return goc__err(db, GOC_EINVAL, "%s: must not be NULL", keyname);
	/* any text is a key (a code or name not found is GOC_ENOTFOUND), but
	 * bytes that are not text are a bad argument, as in list filters */
	size_t off;
	if (goc__check_utf8(key, NULL, &off) != 0)
		return goc__err(db, GOC_EINVAL, "%s: invalid UTF-8 at byte %zu", keyname, off);
	return GOC_OK;
}

GOC_API int goc_unit_get(goc_unit **out, goc_db *db, const char *code)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, code, "code");
	if (rc != GOC_OK)
		return rc;
	return get_by((void **)out, db, &goc__kind_unit, NULL, code);
}

GOC_API int goc_unit_find(goc_unit **out, goc_db *db, const char *name)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, name, "name");
	if (rc != GOC_OK)
		return rc;
	return get_by((void **)out, db, &goc__kind_unit,
	              "SELECT " UNIT_COLS " FROM units u WHERE u.code = ?1 OR u.name_zh = ?1"
	              " OR u.name_en = ?1 COLLATE NOCASE ORDER BY u.code = ?1 DESC LIMIT 1",
	              name);
}

GOC_API void goc_unit_free(goc_unit *unit)
{
	goc__free(unit);
}

static int list(goc_cursor **out, goc_db *db, const char *sql, const char *key,
                const struct goc__kind *k)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	if (key)
		goc__bind_text(st, 1, key);
	return goc__kind_cursor(out, db, k, st);
}

GOC_API int goc_unit_list(goc_cursor **out, goc_db *db, int kind)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, "", "");
	if (rc != GOC_OK)
		return rc;
	if (kind != 0 && !goc_unit_kind_str(kind))
		return goc__err(db, GOC_EINVAL, "kind: %d is not a unit kind", kind);
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT " UNIT_COLS " FROM units u"
	                      " WHERE ?1 IS NULL OR u.kind = ?1 ORDER BY u.code", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, kind ? goc_unit_kind_str(kind) : NULL);
	return goc__kind_cursor(out, db, &goc__kind_unit, st);
}

GOC_API const goc_unit *goc_cursor_unit(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_unit);
}

GOC_API const char *goc_unit_code(const goc_unit *u) { return u ? u->code : NULL; }
GOC_API const char *goc_unit_name_zh(const goc_unit *u) { return u ? u->name_zh : NULL; }
GOC_API const char *goc_unit_name_en(const goc_unit *u) { return u ? u->name_en : NULL; }
GOC_API int goc_unit_kind(const goc_unit *u) { return u ? u->kind : 0; }

/* ---- groups ---- */

/* A new group's code and names. */
struct group_fields {
	const char *code, *name_zh, *name_en;
};

static int group_insert(goc_db *db, const void *fields)
{
	const struct group_fields *g = fields;
	const char *code = g->code, *name_zh = g->name_zh, *name_en = g->name_en;
	int rc = goc__check_code(db, "code", code);
	if (rc == GOC_OK) rc = goc__check_text(db, "name_zh", name_zh, true, GOC_NAME_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, "name_en", name_en, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK) rc = taken(db, "code", "code", code);
	if (rc == GOC_OK) rc = taken(db, "name_zh", "name_zh", name_zh);
	if (rc == GOC_OK && name_en && *name_en)
		rc = taken(db, "name_en", "name_en", name_en);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "INSERT INTO unit_groups (code, name_zh, name_en) VALUES (?1, ?2, ?3)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, code);
	goc__bind_text(st, 2, name_zh);
	goc__bind_text(st, 3, name_en && *name_en ? name_en : NULL);
	rc = goc__step_done(db, st, "inserting a group");
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_group_create(goc_db *db, const char *code, const char *name_zh,
                             const char *name_en)
{
	struct group_fields g = { code, name_zh, name_en };
	return goc__write_key(db, &goc__kind_group, "group.create", code, group_insert, &g, NULL);
}

static int group_known(goc_db *db, const char *code)
{
	int rc = goc__check_code(db, "group", code);
	bool found = false;
	if (rc == GOC_OK)
		rc = goc__group_exists(db, code, &found);
	if (rc == GOC_OK && !found)
		rc = goc__err(db, GOC_ENOTFOUND, "group: no group with code '%s'", code);
	return rc;
}

/* A unit joining or leaving a group. */
struct membership {
	const char *group, *unit;
	bool add;
};

static int member_change(goc_db *db, const void *membership)
{
	const struct membership *m = membership;
	const char *group = m->group, *unit = m->unit;
	bool add = m->add;
	int rc = group_known(db, group);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "unit", unit);
	if (rc == GOC_OK)
		rc = goc__unit_exists(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, add ? "INSERT OR IGNORE INTO unit_group_members (group_code, unit_code) VALUES (?1, ?2)"
	                          : "DELETE FROM unit_group_members WHERE group_code = ?1 AND unit_code = ?2",
	                  &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, group);
	goc__bind_text(st, 2, unit);
	rc = goc__step_done(db, st, "changing a group's members");
	sqlite3_finalize(st);
	if (rc == GOC_OK && !add && sqlite3_changes(db->sql) == 0)
		rc = goc__err(db, GOC_ENOTFOUND, "unit: '%s' is not a member of group '%s'", unit, group);
	return rc;
}

GOC_API int goc_group_add_member(goc_db *db, const char *group_code, const char *unit_code)
{
	struct membership m = { group_code, unit_code, true };
	return goc__write_key(db, &goc__kind_group, "group.add_member", group_code, member_change, &m,
	                      NULL);
}

GOC_API int goc_group_remove_member(goc_db *db, const char *group_code, const char *unit_code)
{
	struct membership m = { group_code, unit_code, false };
	return goc__write_key(db, &goc__kind_group, "group.remove_member", group_code, member_change,
	                      &m, NULL);
}

GOC_API int goc_group_get(goc_group **out, goc_db *db, const char *code)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, code, "code");
	if (rc != GOC_OK)
		return rc;
	return get_by((void **)out, db, &goc__kind_group, NULL, code);
}

GOC_API void goc_group_free(goc_group *group)
{
	goc__free(group);
}

GOC_API int goc_group_list(goc_cursor **out, goc_db *db)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, "", "");
	if (rc != GOC_OK)
		return rc;
	return list(out, db, "SELECT " GROUP_COLS " FROM unit_groups g ORDER BY g.code",
	            NULL, &goc__kind_group);
}

GOC_API int goc_group_members(goc_cursor **out, goc_db *db, const char *group_code)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, group_code, "group");
	if (rc == GOC_OK)
		rc = group_known(db, group_code);
	if (rc != GOC_OK)
		return rc;
	return list(out, db,
	            "SELECT " UNIT_COLS " FROM units u JOIN unit_group_members m"
	            " ON m.unit_code = u.code WHERE m.group_code = ?1 ORDER BY u.code",
	            group_code, &goc__kind_unit);
}

GOC_API const goc_group *goc_cursor_group(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_group);
}

GOC_API const char *goc_group_code(const goc_group *g) { return g ? g->code : NULL; }
GOC_API const char *goc_group_name_zh(const goc_group *g) { return g ? g->name_zh : NULL; }
GOC_API const char *goc_group_name_en(const goc_group *g) { return g ? g->name_en : NULL; }
GOC_API int goc_group_member_count(const goc_group *g) { return g ? g->member_count : 0; }

/* ---- zones ---- */

static int zone_insert(goc_db *db, const void *fields)
{
	const goc_zone_fields *f = fields;
	int rc = check_fields_version(db, "goc_zone_fields", f->version, GOC_ZONE_FIELDS_VERSION);
	if (rc == GOC_OK) rc = goc__check_code(db, "code", f->code);
	if (rc == GOC_OK) rc = goc__check_text(db, "name_zh", f->name_zh, true, GOC_NAME_MAX, false);
	if (rc == GOC_OK) rc = goc__check_text(db, "name_en", f->name_en, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK && f->focus != 0 && !goc_category_str(f->focus))
		rc = goc__err(db, GOC_EINVAL, "focus: %d is not a category", f->focus);
	if (rc == GOC_OK && f->bureau) {
		rc = goc__check_code(db, "bureau", f->bureau);
		if (rc == GOC_OK)
			rc = goc__unit_exists(db, "bureau", f->bureau);
	}
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT 'code', code FROM zones WHERE code = ?1"
	                      " UNION ALL SELECT 'name_zh', code FROM zones WHERE name_zh = ?2", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->code);
	goc__bind_text(st, 2, f->name_zh);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		rc = goc__err(db, GOC_EEXISTS, "%s: already taken by zone '%s'",
		              goc__col_text(st, 0), goc__col_text(st, 1));
	else if (s != SQLITE_DONE)
		rc = goc__sqlerr(db, s, "looking up zones");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	rc = goc__prepare(db, "INSERT INTO zones (code, name_zh, name_en, focus, bureau)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->code);
	goc__bind_text(st, 2, f->name_zh);
	goc__bind_text(st, 3, f->name_en && *f->name_en ? f->name_en : NULL);
	goc__bind_text(st, 4, f->focus ? goc_category_str(f->focus) : NULL);
	goc__bind_text(st, 5, f->bureau);
	rc = goc__step_done(db, st, "inserting a zone");
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_zone_create(goc_db *db, const goc_zone_fields *fields)
{
	return goc__write_key(db, &goc__kind_zone, "zone.create", fields ? fields->code : NULL,
	                      zone_insert, fields, "fields");
}

GOC_API int goc_zone_get(goc_zone **out, goc_db *db, const char *code)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, code, "code");
	if (rc != GOC_OK)
		return rc;
	return get_by((void **)out, db, &goc__kind_zone, NULL, code);
}

GOC_API void goc_zone_free(goc_zone *zone)
{
	goc__free(zone);
}

GOC_API int goc_zone_list(goc_cursor **out, goc_db *db)
{
	if (out)
		*out = NULL;
	int rc = arg_check(db, out, "", "");
	if (rc != GOC_OK)
		return rc;
	return list(out, db, "SELECT " ZONE_COLS " FROM zones z ORDER BY z.code",
	            NULL, &goc__kind_zone);
}

GOC_API const goc_zone *goc_cursor_zone(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_zone);
}

GOC_API const char *goc_zone_code(const goc_zone *z) { return z ? z->code : NULL; }
GOC_API const char *goc_zone_name_zh(const goc_zone *z) { return z ? z->name_zh : NULL; }
GOC_API const char *goc_zone_name_en(const goc_zone *z) { return z ? z->name_en : NULL; }
GOC_API int goc_zone_focus(const goc_zone *z) { return z ? z->focus : 0; }
GOC_API const char *goc_zone_bureau(const goc_zone *z) { return z ? z->bureau : NULL; }

/* ---- built-in reference data ---- */

extern const unsigned char goc__data_reference_pudong[];

#define MAX_COLS 8

/* Split a line at tabs, in place. */
static int split_tabs(char *line, char **cols)
{
	int n = 0;
	cols[n++] = line;
	for (char *p = line; *p; p++) {
		if (*p == '\t') {
			*p = '\0';
			if (n == MAX_COLS)
				return -1;
			cols[n++] = p + 1;
		}
	}
	return n;
}

static int exists_in(goc_db *db, const char *table, const char *code, bool *found)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE code = ?1", table);
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, code);
	int s = sqlite3_step(st);
	*found = s == SQLITE_ROW;
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		rc = goc__sqlerr(db, s, "loading reference data");
	sqlite3_finalize(st);
	return rc;
}

static int load_row(goc_db *db, char **c, int n, int lineno)
{
	bool found = false;
	int rc;
	if (strcmp(c[0], "unit") == 0 &&
	    (n == 5 || (n == 6 && strcmp(c[5], "reviewer") == 0))) {
		goc_unit_fields f = GOC_UNIT_FIELDS_INIT;
		f.code = c[1];
		f.name_zh = c[3];
		f.name_en = c[4];
		rc = goc_unit_kind_parse(&f.kind, c[2]);
		if (rc == GOC_OK)
			rc = exists_in(db, "units", f.code, &found);
		if (rc != GOC_OK || found)
			return rc;
		rc = unit_insert(db, &f);
		sqlite3_stmt *st;
		if (rc == GOC_OK && n == 6 &&
		    (rc = goc__prepare(db, "UPDATE units SET reviewer = 1 WHERE code = ?1", &st)) ==
		        GOC_OK) {
			goc__bind_text(st, 1, f.code);
			rc = goc__step_done(db, st, "naming a reviewing unit");
			sqlite3_finalize(st);
		}
		return rc;
	}
	if (strcmp(c[0], "group") == 0 && n == 5) {
		rc = exists_in(db, "unit_groups", c[1], &found);
		if (rc == GOC_OK && !found)
			rc = group_insert(db, &(struct group_fields){ c[1], c[2], c[3] });
		for (char *m = c[4], *end; rc == GOC_OK && m && *m; m = end) {
			end = strchr(m, ',');
			if (end)
				*end++ = '\0';
			rc = member_change(db, &(struct membership){ c[1], m, true });
		}
		return rc;
	}
	if (strcmp(c[0], "zone") == 0 && n == 6) {
		goc_zone_fields f = GOC_ZONE_FIELDS_INIT;
		f.code = c[1];
		f.name_zh = c[2];
		f.name_en = c[3];
		f.bureau = c[5];
		rc = strcmp(c[4], "-") == 0 ? GOC_OK : goc_category_parse(&f.focus, c[4]);
		if (rc == GOC_OK)
			rc = exists_in(db, "zones", f.code, &found);
		return rc != GOC_OK || found ? rc : zone_insert(db, &f);
	}
	return goc__err(db, GOC_ERROR, "reference data line %d: malformed row", lineno);
}

int goc__reference_load_text(goc_db *db, const char *text)
{
	char *buf = goc__strdup(text);
	if (!buf)
		return goc__err(db, GOC_ENOMEM, "out of memory loading reference data");
	int rc = GOC_OK, lineno = 0;
	for (char *line = buf, *next; rc == GOC_OK && line && *line; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		char *cols[MAX_COLS];
		int n = split_tabs(line, cols);
		rc = n < 0 ? goc__err(db, GOC_ERROR, "reference data line %d: too many columns", lineno)
		           : load_row(db, cols, n, lineno);
	}
	goc__free(buf);
	return rc;
}

int goc__reference_load(goc_db *db, const char *name)
{
	if (!name)
		return goc__err(db, GOC_EINVAL, "name: must not be NULL");
	if (goc__check_utf8(name, NULL, NULL) != 0)
		return goc__err(db, GOC_EINVAL, "name: invalid UTF-8");
	if (strcmp(name, "pudong") != 0)
		return goc__err(db, GOC_ENOTFOUND,
		                "name: no built-in reference data named '%.64s' (known: pudong)", name);
	return goc__reference_load_text(db, (const char *)goc__data_reference_pudong);
}

static int reference_load(goc_db *db, const void *name)
{
	return goc__reference_load(db, name);
}

GOC_API int goc_reference_load(goc_db *db, const char *name)
{
	return goc__write_key(db, &goc__kind_reference, "reference.load", name, reference_load,
	                      name, NULL);
}
