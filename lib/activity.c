/*
 * libgoc — the activity registers the KPIs count besides organizations:
 * partners (合作伙伴网络), experts (专家库), events with their organizers
 * and related organizations, service requests (诉求) and their
 * resolution, and dated zone facts.  (Manual KPI values are recorded by
 * kpi_def.c, with the KPIs.)
 *
 * Every mutating call goes through the write path (goc__write_begin /
 * goc__write_end); every query binds its parameters.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The records of this module (opaque in goc/activity.h). */
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
GOC__ROW_FITS(struct goc_partner);
GOC__ROW_FITS(struct goc_expert);
GOC__ROW_FITS(struct goc_event);
GOC__ROW_FITS(struct goc_request);

/* ---- shared helpers ---- */

static int check_version(goc_db *db, const char *field, unsigned int version,
                         unsigned int max, const char *type)
{
	if (version < 1 || version > max)
		return goc__err(db, GOC_EINVAL, "%s: %s version %u is not supported (1..%u)",
		                field, type, version, max);
	return GOC_OK;
}

/* A unit code that must be well formed and known. */
static int check_unit(goc_db *db, const char *field, const char *code)
{
	int rc = goc__check_code(db, field, code);
	if (rc == GOC_OK)
		rc = goc__unit_exists(db, field, code);
	return rc;
}

/* A zone code that must be well formed and known. */
static int check_zone(goc_db *db, const char *field, const char *code)
{
	int rc = goc__check_code(db, field, code);
	if (rc == GOC_OK)
		rc = goc__zone_exists(db, field, code);
	return rc;
}

static int check_tristate(goc_db *db, const char *field, int v)
{
	if (v < GOC_ANY || v > GOC_NO)
		return goc__err(db, GOC_EINVAL, "%s: %d is not GOC_ANY, GOC_YES or GOC_NO",
		                field, v);
	return GOC_OK;
}

/*
 * Does the row `id` exist?  `sql` is fixed text selecting with ?1 = id.
 * GOC_ENOTFOUND names `field` and `what`.
 */
static int id_exists(goc_db *db, const char *sql, int64_t id, const char *field,
                     const char *what)
{
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "%s: no %s with id %lld", field, what,
		              (long long)id);
	else if (r != SQLITE_ROW)
		rc = goc__sqlerr(db, r, "looking up an id");
	sqlite3_finalize(st);
	return rc;
}

static int org_exists(goc_db *db, const char *field, int64_t id)
{
	return id_exists(db, "SELECT 1 FROM organizations WHERE id = ?1", id, field,
	                 "organization");
}

/* Run a one-off statement that returns no row (finalized here). */
static int run(goc_db *db, sqlite3_stmt *st, const char *context)
{
	int rc = goc__step_done(db, st, context);
	sqlite3_finalize(st);
	return rc;
}

/* Delete row `id` with fixed `sql` (?1 = id). */
static int delete_id(goc_db *db, const char *sql, int64_t id, const char *context)
{
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return run(db, st, context);
}


/* ---- the activity filter ---- */

enum list_kind { LIST_PARTNERS, LIST_EXPERTS, LIST_EVENTS, LIST_REQUESTS };

static const char *const list_names[] = { "partners", "experts", "events", "requests" };

/*
 * Validate a filter for list `k`: its version, that every field set applies
 * to the list, and the values (codes, dates, enumerations, tristates).
 */
static int check_filter(goc_db *db, const goc_activity_filter *f, enum list_kind k)
{
	int rc = check_version(db, "filter", f->version, GOC_ACTIVITY_FILTER_VERSION,
	                       "goc_activity_filter");
	if (rc != GOC_OK)
		return rc;
	const char *list = list_names[k];
	const char *bad = NULL;
	if (f->zone && k != LIST_EVENTS)
		bad = "zone";
	else if (f->kind && k == LIST_EXPERTS)
		bad = "kind";
	else if (f->international && k != LIST_EVENTS)
		bad = "international";
	else if (f->large && k != LIST_EVENTS)
		bad = "large";
	else if (f->org && k != LIST_EVENTS && k != LIST_REQUESTS)
		bad = "org";
	else if (f->open && k != LIST_REQUESTS)
		bad = "open";
	if (bad)
		return goc__err(db, GOC_EINVAL, "filter.%s: does not apply to %s", bad, list);
	if (f->unit && (rc = goc__check_code(db, "filter.unit", f->unit)) != GOC_OK)
		return rc;
	if (f->zone && (rc = goc__check_code(db, "filter.zone", f->zone)) != GOC_OK)
		return rc;
	if (f->kind) {
		const char *name = k == LIST_PARTNERS ? goc_partner_kind_str(f->kind)
		                   : k == LIST_EVENTS ? goc_event_kind_str(f->kind)
		                                      : goc_request_category_str(f->kind);
		if (!name)
			return goc__err(db, GOC_EINVAL,
			                k == LIST_PARTNERS ? N_("filter.kind: %d is not a partner kind")
			                : k == LIST_EVENTS ? N_("filter.kind: %d is not an event kind")
			                                   : N_("filter.kind: %d is not a request category"),
			                f->kind);
	}
	if (f->from && (rc = goc__check_date(db, "filter.from", f->from)) != GOC_OK)
		return rc;
	if (f->to && (rc = goc__check_date(db, "filter.to", f->to)) != GOC_OK)
		return rc;
	if ((rc = check_tristate(db, "filter.international", f->international)) != GOC_OK ||
	    (rc = check_tristate(db, "filter.large", f->large)) != GOC_OK ||
	    (rc = check_tristate(db, "filter.open", f->open)) != GOC_OK)
		return rc;
	return GOC_OK;
}

/* Common preamble of the lists; `*f` is the filter to apply. */
static int list_args(goc_cursor **out, goc_db *db, const goc_activity_filter *filter,
                     enum list_kind k, const goc_activity_filter **f)
{
	static const goc_activity_filter all = GOC_ACTIVITY_FILTER_INIT;
	*f = &all;
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	*f = filter ? filter : &all;
	return check_filter(db, *f, k);
}

/* ====================================================================
 * Partners
 * ================================================================== */

#define PARTNER_COLS "id, name_zh, name_en, kind, unit, date, contact, notes"

static void read_partner(sqlite3_stmt *st, void *row)
{
	struct goc_partner *p = row;
	p->id = sqlite3_column_int64(st, 0);
	p->name_zh = goc__col_text(st, 1);
	p->name_en = goc__col_text(st, 2);
	p->kind = goc__partner_kind_value(goc__col_text(st, 3));
	p->unit = goc__col_text(st, 4);
	p->date = goc__col_text(st, 5);
	p->contact = goc__col_text(st, 6);
	p->notes = goc__col_text(st, 7);
}

static const size_t partner_strs[] = {
	offsetof(struct goc_partner, name_zh), offsetof(struct goc_partner, name_en),
	offsetof(struct goc_partner, unit),    offsetof(struct goc_partner, date),
	offsetof(struct goc_partner, contact), offsetof(struct goc_partner, notes),
};

const struct goc__kind goc__kind_partner = {
	.name = "partner",
	.table = "partners", .key = "id", .int_key = true,
	.owner_sql = "SELECT unit IS ?2, unit FROM partners WHERE id = ?1",
	.get_sql = "SELECT " PARTNER_COLS " FROM partners WHERE id = ?1",
	.read = read_partner, .cursor = CUR_PARTNER,
	.size = sizeof(struct goc_partner), .strs = partner_strs, .n_strs = GOC__N(partner_strs),
};

/* Validate a create (update = false) or an update (NULL/0 keeps). */
static int check_partner(goc_db *db, const goc_partner_fields *f, bool update)
{
	int rc = check_version(db, "fields", f->version, GOC_PARTNER_FIELDS_VERSION,
	                       "goc_partner_fields");
	if (rc == GOC_OK && (!update || f->name_zh))
		rc = goc__check_text(db, "name_zh", f->name_zh, true, GOC_NAME_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "name_en", f->name_en, false, GOC_NAME_MAX, false);
	if (rc != GOC_OK)
		return rc;
	if (!update && f->kind == 0)
		return goc__err(db, GOC_EINVAL, "kind: required");
	if (f->kind != 0 && !goc_partner_kind_str(f->kind))
		return goc__err(db, GOC_EINVAL, "kind: %d is not a partner kind", f->kind);
	if (!update || f->date)
		rc = goc__check_date(db, "date", f->date);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "contact", f->contact, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "notes", f->notes, false, GOC_NOTES_MAX, true);
	if (rc == GOC_OK && (!update || f->unit))
		rc = check_unit(db, "unit", f->unit);
	return rc;
}

/* Partners' Chinese names are unique by normalized key (name.c), as
 * organizations' are; `self` (0: none) is excluded, and its unchanged key
 * not checked again (a look-alike kept by the schema 7 migration). */
static int partner_unique(goc_db *db, const char *name_zh, const char *key, int64_t self)
{
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, "SELECT id, name_zh FROM partners WHERE name_zh_key = ?1"
	                          " AND id <> ?2 AND NOT EXISTS (SELECT 1 FROM partners"
	                          " WHERE id = ?2 AND name_zh_key = ?1) LIMIT 1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, self);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		const char *theirs = goc__col_text(st, 1);
		char mine[GOC_ERRMSG_MAX / 3], as[GOC_ERRMSG_MAX / 3] = "";
		goc__name_show(mine, sizeof mine, name_zh);
		if (strcmp(theirs, name_zh) != 0) { /* name_zh is NOT NULL */
			char shown[GOC_ERRMSG_MAX / 3 - 16];
			goc__name_show(shown, sizeof shown, theirs);
			snprintf(as, sizeof as, " (written '%s')", shown);
		}
		rc = goc__err(db, GOC_EEXISTS, "name_zh: '%s' is already used by partner %lld%s",
		              mine, (long long)sqlite3_column_int64(st, 0), as);
	} else if (r != SQLITE_DONE) {
		rc = goc__sqlerr(db, r, "checking uniqueness");
	}
	sqlite3_finalize(st);
	return rc;
}

static int partner_exists(goc_db *db, int64_t id)
{
	return id_exists(db, "SELECT 1 FROM partners WHERE id = ?1", id, "id", "partner");
}

static int partner_insert(goc_db *db, const void *fields, int64_t *id)
{
	const goc_partner_fields *f = fields;
	struct goc__key k = { 0 };
	int rc = check_partner(db, f, false);
	if (rc == GOC_OK)
		rc = goc__name_key(db, "name_zh", f->name_zh, &k);
	if (rc == GOC_OK)
		rc = partner_unique(db, f->name_zh, k.s, 0);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "INSERT INTO partners (name_zh, name_en, kind, unit, date, contact, notes,"
		    " name_zh_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
	if (rc != GOC_OK) {
		goc__key_free(&k);
		return rc;
	}
	goc__bind_text(st, 8, k.s);
	goc__key_free(&k);
	goc__bind_text(st, 1, f->name_zh);
	goc__bind_text(st, 2, goc__opt(f->name_en));
	goc__bind_text(st, 3, goc_partner_kind_str(f->kind));
	goc__bind_text(st, 4, f->unit);
	goc__bind_text(st, 5, f->date);
	goc__bind_text(st, 6, goc__opt(f->contact));
	goc__bind_text(st, 7, goc__opt(f->notes));
	rc = run(db, st, "inserting a partner");
	if (rc == GOC_OK)
		*id = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

GOC_API int goc_partner_create(int64_t *out_id, goc_db *db, const goc_partner_fields *fields)
{
	return goc__write_create(out_id, db, &goc__kind_partner, "partner.create", partner_insert, fields,
	                         "fields");
}

static int partner_update(goc_db *db, int64_t id, const void *fields)
{
	const goc_partner_fields *f = fields;
	int rc = partner_exists(db, id);
	if (rc == GOC_OK)
		rc = check_partner(db, f, true);
	if (rc != GOC_OK)
		return rc;
	goc_partner *cur;
	rc = goc_partner_get(&cur, db, id);
	if (rc != GOC_OK)
		return rc;
	goc_partner_fields m = *f;
#define MERGE(field) if (!m.field) m.field = cur->field
	MERGE(name_zh);
	MERGE(name_en);
	MERGE(unit);
	MERGE(date);
	MERGE(contact);
	MERGE(notes);
#undef MERGE
	if (!m.kind)
		m.kind = cur->kind;
	struct goc__key k = { 0 };
	rc = goc__name_key(db, "name_zh", m.name_zh, &k);
	if (rc == GOC_OK)
		rc = partner_unique(db, m.name_zh, k.s, id);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "UPDATE partners SET name_zh = ?2, name_en = ?3, kind = ?4, unit = ?5,"
		    " date = ?6, contact = ?7, notes = ?8, name_zh_key = ?9,"
		    " name_zh_dup = CASE WHEN name_zh_key IS ?9 THEN name_zh_dup ELSE 0 END"
		    " WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 9, k.s);
		sqlite3_bind_int64(st, 1, id);
		goc__bind_text(st, 2, m.name_zh);
		goc__bind_text(st, 3, goc__opt(m.name_en));
		goc__bind_text(st, 4, goc_partner_kind_str(m.kind));
		goc__bind_text(st, 5, m.unit);
		goc__bind_text(st, 6, m.date);
		goc__bind_text(st, 7, goc__opt(m.contact));
		goc__bind_text(st, 8, goc__opt(m.notes));
		rc = run(db, st, "updating a partner");
	}
	goc__key_free(&k);
	goc_partner_free(cur);
	return rc;
}

GOC_API int goc_partner_update(goc_db *db, int64_t id, const goc_partner_fields *fields)
{
	return goc__write_id(db, &goc__kind_partner, "partner.update", id, partner_update, fields, "fields");
}

GOC_API int goc_partner_delete(goc_db *db, int64_t id)
{
	return goc__kind_delete(db, &goc__kind_partner, "partner.delete", id, NULL);
}

GOC_API int goc_partner_get(goc_partner **out, goc_db *db, int64_t id)
{
	return goc__kind_get_id((void **)out, db, &goc__kind_partner, id);
}

GOC_API void goc_partner_free(goc_partner *p)
{
	goc__free(p);
}

GOC_API int goc_partner_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter)
{
	const goc_activity_filter *f;
	int rc = list_args(out, db, filter, LIST_PARTNERS, &f);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db,
	    "SELECT " PARTNER_COLS " FROM partners"
	    " WHERE (?1 IS NULL OR unit = ?1) AND (?2 IS NULL OR kind = ?2)"
	    " AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4)"
	    " ORDER BY date, id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->unit);
	goc__bind_text(st, 2, f->kind ? goc_partner_kind_str(f->kind) : NULL);
	goc__bind_text(st, 3, f->from);
	goc__bind_text(st, 4, f->to);
	return goc__kind_cursor(out, db, &goc__kind_partner, st);
}

GOC_API const goc_partner *goc_cursor_partner(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_partner);
}

GOC_API int64_t goc_partner_id(const goc_partner *p) { return p ? p->id : 0; }
GOC_API const char *goc_partner_name_zh(const goc_partner *p) { return p ? p->name_zh : NULL; }
GOC_API const char *goc_partner_name_en(const goc_partner *p) { return p ? p->name_en : NULL; }
GOC_API int goc_partner_kind(const goc_partner *p) { return p ? p->kind : 0; }
GOC_API const char *goc_partner_unit(const goc_partner *p) { return p ? p->unit : NULL; }
GOC_API const char *goc_partner_date(const goc_partner *p) { return p ? p->date : NULL; }
GOC_API const char *goc_partner_contact(const goc_partner *p) { return p ? p->contact : NULL; }
GOC_API const char *goc_partner_notes(const goc_partner *p) { return p ? p->notes : NULL; }

/* ====================================================================
 * Experts
 * ================================================================== */

#define EXPERT_COLS "id, name, field, affiliation, unit, date, notes"

static void read_expert(sqlite3_stmt *st, void *row)
{
	struct goc_expert *e = row;
	e->id = sqlite3_column_int64(st, 0);
	e->name = goc__col_text(st, 1);
	e->field = goc__col_text(st, 2);
	e->affiliation = goc__col_text(st, 3);
	e->unit = goc__col_text(st, 4);
	e->date = goc__col_text(st, 5);
	e->notes = goc__col_text(st, 6);
}

static const size_t expert_strs[] = {
	offsetof(struct goc_expert, name),  offsetof(struct goc_expert, field),
	offsetof(struct goc_expert, affiliation), offsetof(struct goc_expert, unit),
	offsetof(struct goc_expert, date),  offsetof(struct goc_expert, notes),
};

const struct goc__kind goc__kind_expert = {
	.name = "expert",
	.table = "experts", .key = "id", .int_key = true,
	.owner_sql = "SELECT unit IS ?2, unit FROM experts WHERE id = ?1",
	.get_sql = "SELECT " EXPERT_COLS " FROM experts WHERE id = ?1",
	.read = read_expert, .cursor = CUR_EXPERT,
	.size = sizeof(struct goc_expert), .strs = expert_strs, .n_strs = GOC__N(expert_strs),
};

static int check_expert(goc_db *db, const goc_expert_fields *f, bool update)
{
	int rc = check_version(db, "fields", f->version, GOC_EXPERT_FIELDS_VERSION,
	                       "goc_expert_fields");
	if (rc == GOC_OK && (!update || f->name))
		rc = goc__check_text(db, "name", f->name, true, GOC_NAME_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "field", f->field, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "affiliation", f->affiliation, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK && (!update || f->date))
		rc = goc__check_date(db, "date", f->date);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "notes", f->notes, false, GOC_NOTES_MAX, true);
	if (rc == GOC_OK && (!update || f->unit))
		rc = check_unit(db, "unit", f->unit);
	return rc;
}

/* One unit lists a name once. */
static int expert_unique(goc_db *db, const char *unit, const char *name, int64_t self)
{
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, "SELECT id FROM experts WHERE unit = ?1 AND name = ?2"
	                          " AND id <> ?3 LIMIT 1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, unit);
	goc__bind_text(st, 2, name);
	sqlite3_bind_int64(st, 3, self);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		rc = goc__err(db, GOC_EEXISTS, "name: unit '%s' already lists '%s' (expert %lld)",
		              unit, name, (long long)sqlite3_column_int64(st, 0));
	else if (r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "checking uniqueness");
	sqlite3_finalize(st);
	return rc;
}

static int expert_exists(goc_db *db, int64_t id)
{
	return id_exists(db, "SELECT 1 FROM experts WHERE id = ?1", id, "id", "expert");
}

static int expert_insert(goc_db *db, const void *fields, int64_t *id)
{
	const goc_expert_fields *f = fields;
	int rc = check_expert(db, f, false);
	if (rc == GOC_OK)
		rc = expert_unique(db, f->unit, f->name, 0);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "INSERT INTO experts (name, field, affiliation, unit, date, notes)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->name);
	goc__bind_text(st, 2, goc__opt(f->field));
	goc__bind_text(st, 3, goc__opt(f->affiliation));
	goc__bind_text(st, 4, f->unit);
	goc__bind_text(st, 5, f->date);
	goc__bind_text(st, 6, goc__opt(f->notes));
	rc = run(db, st, "inserting an expert");
	if (rc == GOC_OK)
		*id = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

GOC_API int goc_expert_create(int64_t *out_id, goc_db *db, const goc_expert_fields *fields)
{
	return goc__write_create(out_id, db, &goc__kind_expert, "expert.create", expert_insert, fields,
	                         "fields");
}

static int expert_update(goc_db *db, int64_t id, const void *fields)
{
	const goc_expert_fields *f = fields;
	int rc = expert_exists(db, id);
	if (rc == GOC_OK)
		rc = check_expert(db, f, true);
	if (rc != GOC_OK)
		return rc;
	goc_expert *cur;
	rc = goc_expert_get(&cur, db, id);
	if (rc != GOC_OK)
		return rc;
	goc_expert_fields m = *f;
#define MERGE(field) if (!m.field) m.field = cur->field
	MERGE(name);
	MERGE(field);
	MERGE(affiliation);
	MERGE(unit);
	MERGE(date);
	MERGE(notes);
#undef MERGE
	rc = expert_unique(db, m.unit, m.name, id);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "UPDATE experts SET name = ?2, field = ?3, affiliation = ?4, unit = ?5,"
		    " date = ?6, notes = ?7 WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, id);
		goc__bind_text(st, 2, m.name);
		goc__bind_text(st, 3, goc__opt(m.field));
		goc__bind_text(st, 4, goc__opt(m.affiliation));
		goc__bind_text(st, 5, m.unit);
		goc__bind_text(st, 6, m.date);
		goc__bind_text(st, 7, goc__opt(m.notes));
		rc = run(db, st, "updating an expert");
	}
	goc_expert_free(cur);
	return rc;
}

GOC_API int goc_expert_update(goc_db *db, int64_t id, const goc_expert_fields *fields)
{
	return goc__write_id(db, &goc__kind_expert, "expert.update", id, expert_update, fields, "fields");
}

GOC_API int goc_expert_delete(goc_db *db, int64_t id)
{
	return goc__kind_delete(db, &goc__kind_expert, "expert.delete", id, NULL);
}

GOC_API int goc_expert_get(goc_expert **out, goc_db *db, int64_t id)
{
	return goc__kind_get_id((void **)out, db, &goc__kind_expert, id);
}

GOC_API void goc_expert_free(goc_expert *e)
{
	goc__free(e);
}

GOC_API int goc_expert_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter)
{
	const goc_activity_filter *f;
	int rc = list_args(out, db, filter, LIST_EXPERTS, &f);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db,
	    "SELECT " EXPERT_COLS " FROM experts"
	    " WHERE (?1 IS NULL OR unit = ?1)"
	    " AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)"
	    " ORDER BY date, id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->unit);
	goc__bind_text(st, 2, f->from);
	goc__bind_text(st, 3, f->to);
	return goc__kind_cursor(out, db, &goc__kind_expert, st);
}

GOC_API const goc_expert *goc_cursor_expert(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_expert);
}

GOC_API int64_t goc_expert_id(const goc_expert *e) { return e ? e->id : 0; }
GOC_API const char *goc_expert_name(const goc_expert *e) { return e ? e->name : NULL; }
GOC_API const char *goc_expert_field(const goc_expert *e) { return e ? e->field : NULL; }
GOC_API const char *goc_expert_affiliation(const goc_expert *e) { return e ? e->affiliation : NULL; }
GOC_API const char *goc_expert_unit(const goc_expert *e) { return e ? e->unit : NULL; }
GOC_API const char *goc_expert_date(const goc_expert *e) { return e ? e->date : NULL; }
GOC_API const char *goc_expert_notes(const goc_expert *e) { return e ? e->notes : NULL; }

/* ====================================================================
 * Events
 * ================================================================== */

/* The organizers are joined in code order: the inner query sorts them. */
#define EVENT_COLS                                                            \
	"e.id, e.title_zh, e.title_en, e.date, e.zone, e.kind, e.international," \
	" e.large, e.unit,"                                                   \
	" (SELECT group_concat(x.unit, ',') || char(0) || group_concat(x.unit, char(0))" \
	"   FROM (SELECT o.unit FROM event_organizers o"                      \
	"   WHERE o.event_id = e.id ORDER BY o.unit) x),"                     \
	" (SELECT count(*) FROM event_organizations r WHERE r.event_id = e.id)," \
	" e.notes"

static void read_event(sqlite3_stmt *st, void *row)
{
	struct goc_event *e = row;
	e->id = sqlite3_column_int64(st, 0);
	e->title_zh = goc__col_text(st, 1);
	e->title_en = goc__col_text(st, 2);
	e->date = goc__col_text(st, 3);
	e->zone = goc__col_text(st, 4);
	e->kind = goc__event_kind_value(goc__col_text(st, 5));
	e->international = sqlite3_column_int(st, 6);
	e->large = sqlite3_column_int(st, 7);
	e->unit = goc__col_text(st, 8);
	e->organizers = goc__col_text(st, 9);
	e->org_count = sqlite3_column_int(st, 10);
	e->notes = goc__col_text(st, 11);
}

static const size_t event_strs[] = {
	offsetof(struct goc_event, title_zh), offsetof(struct goc_event, title_en),
	offsetof(struct goc_event, date),     offsetof(struct goc_event, zone),
	offsetof(struct goc_event, unit),
	GOC__LIST_OFF(offsetof(struct goc_event, organizers)),
	offsetof(struct goc_event, notes),
};

/* An event: its row with its organizers and organizations for the audit
 * trail; any of its organizers owns it. */
const struct goc__kind goc__kind_event = {
	.name = "event",
	.table = "events", .key = "id", .int_key = true,
	.extra = "'organizers', (SELECT json_group_array(o.unit) FROM event_organizers o"
	         " WHERE o.event_id = t.id),"
	         " 'organizations', (SELECT json_group_array(o.org_id) FROM event_organizations o"
	         " WHERE o.event_id = t.id)",
	.owner_sql = "SELECT EXISTS (SELECT 1 FROM event_organizers o"
	             " WHERE o.event_id = e.id AND o.unit = ?2),"
	             " (SELECT group_concat(unit, ', ') FROM (SELECT o.unit FROM event_organizers o"
	             " WHERE o.event_id = e.id ORDER BY o.unit)) FROM events e WHERE e.id = ?1",
	.get_sql = "SELECT " EVENT_COLS " FROM events e WHERE e.id = ?1",
	.read = read_event, .cursor = CUR_EVENT,
	.size = sizeof(struct goc_event), .strs = event_strs, .n_strs = GOC__N(event_strs),
};

static int check_event(goc_db *db, const goc_event_fields *f, bool update)
{
	int rc = check_version(db, "fields", f->version, GOC_EVENT_FIELDS_VERSION,
	                       "goc_event_fields");
	if (rc == GOC_OK && (!update || f->title_zh))
		rc = goc__check_text(db, "title_zh", f->title_zh, true, GOC_TITLE_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "title_en", f->title_en, false, GOC_TITLE_MAX, false);
	if (rc == GOC_OK && (!update || f->date))
		rc = goc__check_date(db, "date", f->date);
	if (rc != GOC_OK)
		return rc;
	if (!update && f->kind == 0)
		return goc__err(db, GOC_EINVAL, "kind: required");
	if (f->kind != 0 && !goc_event_kind_str(f->kind))
		return goc__err(db, GOC_EINVAL, "kind: %d is not an event kind", f->kind);
	rc = check_tristate(db, "international", f->international);
	if (rc == GOC_OK)
		rc = check_tristate(db, "large", f->large);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "notes", f->notes, false, GOC_NOTES_MAX, true);
	if (rc == GOC_OK && goc__opt(f->zone))
		rc = check_zone(db, "zone", f->zone);
	if (rc == GOC_OK && (!update || f->unit))
		rc = check_unit(db, "unit", f->unit);
	return rc;
}

static int event_exists(goc_db *db, const char *field, int64_t id)
{
	return id_exists(db, "SELECT 1 FROM events WHERE id = ?1", id, field, "event");
}

/* Make `unit` an organizer of event `id` (no-op if it is one). */
static int organizer_add(goc_db *db, int64_t id, const char *unit)
{
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, "INSERT OR IGNORE INTO event_organizers (event_id, unit)"
	                          " VALUES (?1, ?2)", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, unit);
	return run(db, st, "adding an organizer");
}

/* GOC_YES → 1, anything else (GOC_NO, GOC_ANY) → 0. */
static int flag(int tristate)
{
	return tristate == GOC_YES ? 1 : 0;
}

static int event_insert(goc_db *db, const void *fields, int64_t *id)
{
	const goc_event_fields *f = fields;
	int rc = check_event(db, f, false);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "INSERT INTO events (title_zh, title_en, date, zone, kind, international,"
		    " large, unit, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->title_zh);
	goc__bind_text(st, 2, goc__opt(f->title_en));
	goc__bind_text(st, 3, f->date);
	goc__bind_text(st, 4, goc__opt(f->zone));
	goc__bind_text(st, 5, goc_event_kind_str(f->kind));
	sqlite3_bind_int(st, 6, flag(f->international));
	sqlite3_bind_int(st, 7, flag(f->large));
	goc__bind_text(st, 8, f->unit);
	goc__bind_text(st, 9, goc__opt(f->notes));
	rc = run(db, st, "inserting an event");
	if (rc == GOC_OK) {
		*id = sqlite3_last_insert_rowid(db->sql);
		rc = organizer_add(db, *id, f->unit);
	}
	return rc;
}

GOC_API int goc_event_create(int64_t *out_id, goc_db *db, const goc_event_fields *fields)
{
	return goc__write_create(out_id, db, &goc__kind_event, "event.create", event_insert, fields,
	                         "fields");
}

static int event_update(goc_db *db, int64_t id, const void *fields)
{
	const goc_event_fields *f = fields;
	int rc = event_exists(db, "id", id);
	if (rc == GOC_OK)
		rc = check_event(db, f, true);
	if (rc != GOC_OK)
		return rc;
	goc_event *cur;
	rc = goc_event_get(&cur, db, id);
	if (rc != GOC_OK)
		return rc;
	goc_event_fields m = *f;
#define MERGE(field) if (!m.field) m.field = cur->field
	MERGE(title_zh);
	MERGE(title_en);
	MERGE(date);
	MERGE(zone);
	MERGE(unit);
	MERGE(notes);
#undef MERGE
	if (!m.kind)
		m.kind = cur->kind;
	int international = m.international ? flag(m.international) : cur->international;
	int large = m.large ? flag(m.large) : cur->large;
	/* A new organizing unit replaces the old one among the organizers;
	 * co-organizers added with goc_event_add_organizer() stay. */
	bool new_unit = strcmp(m.unit, cur->unit) != 0;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db,
	    "UPDATE events SET title_zh = ?2, title_en = ?3, date = ?4, zone = ?5,"
	    " kind = ?6, international = ?7, large = ?8, unit = ?9, notes = ?10"
	    " WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, id);
		goc__bind_text(st, 2, m.title_zh);
		goc__bind_text(st, 3, goc__opt(m.title_en));
		goc__bind_text(st, 4, m.date);
		goc__bind_text(st, 5, goc__opt(m.zone));
		goc__bind_text(st, 6, goc_event_kind_str(m.kind));
		sqlite3_bind_int(st, 7, international);
		sqlite3_bind_int(st, 8, large);
		goc__bind_text(st, 9, m.unit);
		goc__bind_text(st, 10, goc__opt(m.notes));
		rc = run(db, st, "updating an event");
	}
	if (rc == GOC_OK && new_unit) {
		rc = goc__prepare(db, "DELETE FROM event_organizers WHERE event_id = ?1"
		                      " AND unit = ?2", &st);
		if (rc == GOC_OK) {
			sqlite3_bind_int64(st, 1, id);
			goc__bind_text(st, 2, cur->unit);
			rc = run(db, st, "replacing the organizing unit");
		}
		if (rc == GOC_OK)
			rc = organizer_add(db, id, m.unit);
	}
	goc_event_free(cur);
	return rc;
}

GOC_API int goc_event_update(goc_db *db, int64_t id, const goc_event_fields *fields)
{
	return goc__write_id(db, &goc__kind_event, "event.update", id, event_update, fields, "fields");
}

/* An event's organizers and related organizations go with it. */
static int event_unlink(goc_db *db, int64_t id, const void *kind)
{
	(void)kind;
	int rc = delete_id(db, "DELETE FROM event_organizers WHERE event_id = ?1", id,
	                   "deleting an event's organizers");
	if (rc == GOC_OK)
		rc = delete_id(db, "DELETE FROM event_organizations WHERE event_id = ?1", id,
		               "deleting an event's organizations");
	return rc;
}

GOC_API int goc_event_delete(goc_db *db, int64_t id)
{
	return goc__kind_delete(db, &goc__kind_event, "event.delete", id, event_unlink);
}

static int add_organizer(goc_db *db, int64_t event_id, const void *unit_code)
{
	const char *unit = unit_code;
	int rc = goc__check_code(db, "unit", unit);
	if (rc == GOC_OK)
		rc = event_exists(db, "event_id", event_id);
	if (rc == GOC_OK)
		rc = goc__unit_exists(db, "unit", unit);
	if (rc == GOC_OK)
		rc = organizer_add(db, event_id, unit);
	return rc;
}

GOC_API int goc_event_add_organizer(goc_db *db, int64_t event_id, const char *unit)
{
	return goc__write_id(db, &goc__kind_event, "event.add_organizer", event_id, add_organizer,
	                     unit, NULL);
}

static int add_org(goc_db *db, int64_t event_id, const void *org)
{
	int64_t org_id = *(const int64_t *)org;
	int rc = event_exists(db, "event_id", event_id);
	if (rc == GOC_OK)
		rc = org_exists(db, "org_id", org_id);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "INSERT OR IGNORE INTO event_organizations"
		                      " (event_id, org_id) VALUES (?1, ?2)", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, event_id);
		sqlite3_bind_int64(st, 2, org_id);
		rc = run(db, st, "relating an organization");
	}
	return rc;
}

GOC_API int goc_event_add_org(goc_db *db, int64_t event_id, int64_t org_id)
{
	return goc__write_id(db, &goc__kind_event, "event.add_org", event_id, add_org, &org_id, NULL);
}

GOC_API int goc_event_get(goc_event **out, goc_db *db, int64_t id)
{
	return goc__kind_get_id((void **)out, db, &goc__kind_event, id);
}

GOC_API void goc_event_free(goc_event *e)
{
	goc__free(e);
}

GOC_API int goc_event_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter)
{
	const goc_activity_filter *f;
	int rc = list_args(out, db, filter, LIST_EVENTS, &f);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db,
	    "SELECT " EVENT_COLS " FROM events e"
	    " WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM event_organizers u"
	    "   WHERE u.event_id = e.id AND u.unit = ?1))"
	    " AND (?2 IS NULL OR e.zone = ?2) AND (?3 IS NULL OR e.kind = ?3)"
	    " AND (?4 IS NULL OR e.date >= ?4) AND (?5 IS NULL OR e.date <= ?5)"
	    " AND (?6 = 0 OR e.international = (?6 = 1))"
	    " AND (?7 = 0 OR e.large = (?7 = 1))"
	    " AND (?8 = 0 OR EXISTS (SELECT 1 FROM event_organizations g"
	    "   WHERE g.event_id = e.id AND g.org_id = ?8))"
	    " ORDER BY e.date, e.id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->unit);
	goc__bind_text(st, 2, f->zone);
	goc__bind_text(st, 3, f->kind ? goc_event_kind_str(f->kind) : NULL);
	goc__bind_text(st, 4, f->from);
	goc__bind_text(st, 5, f->to);
	sqlite3_bind_int(st, 6, f->international);
	sqlite3_bind_int(st, 7, f->large);
	sqlite3_bind_int64(st, 8, f->org);
	return goc__kind_cursor(out, db, &goc__kind_event, st);
}

GOC_API const goc_event *goc_cursor_event(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_event);
}

GOC_API int64_t goc_event_id(const goc_event *e) { return e ? e->id : 0; }
GOC_API const char *goc_event_title_zh(const goc_event *e) { return e ? e->title_zh : NULL; }
GOC_API const char *goc_event_title_en(const goc_event *e) { return e ? e->title_en : NULL; }
GOC_API const char *goc_event_date(const goc_event *e) { return e ? e->date : NULL; }
GOC_API const char *goc_event_zone(const goc_event *e) { return e ? e->zone : NULL; }
GOC_API int goc_event_kind(const goc_event *e) { return e ? e->kind : 0; }
GOC_API int goc_event_international(const goc_event *e) { return e ? e->international : 0; }
GOC_API int goc_event_large(const goc_event *e) { return e ? e->large : 0; }
GOC_API const char *goc_event_unit(const goc_event *e) { return e ? e->unit : NULL; }
GOC_API const char *goc_event_organizers(const goc_event *e) { return e ? e->organizers : NULL; }
GOC_API int goc_event_organizer_count(const goc_event *e)
{
	return e ? goc__list_count(e->organizers) : 0;
}
GOC_API const char *goc_event_organizer_at(const goc_event *e, int i)
{
	return e ? goc__list_at(e->organizers, i) : NULL;
}
GOC_API int goc_event_org_count(const goc_event *e) { return e ? e->org_count : 0; }
GOC_API const char *goc_event_notes(const goc_event *e) { return e ? e->notes : NULL; }

/* ====================================================================
 * Service requests
 * ================================================================== */

#define REQUEST_COLS                                                          \
	"id, org_id, category, opened, unit, summary, resolved, outcome, notes," \
	" CASE WHEN resolved IS NULL THEN -1"                                 \
	"  ELSE CAST(julianday(resolved) - julianday(opened) AS INTEGER) END"

static void read_request(sqlite3_stmt *st, void *row)
{
	struct goc_request *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->org = sqlite3_column_int64(st, 1);
	r->category = goc__request_category_value(goc__col_text(st, 2));
	r->opened = goc__col_text(st, 3);
	r->unit = goc__col_text(st, 4);
	r->summary = goc__col_text(st, 5);
	r->resolved = goc__col_text(st, 6);
	r->outcome = goc__col_text(st, 7);
	r->notes = goc__col_text(st, 8);
	r->days = sqlite3_column_int(st, 9);
}

static const size_t request_strs[] = {
	offsetof(struct goc_request, opened),   offsetof(struct goc_request, unit),
	offsetof(struct goc_request, summary),  offsetof(struct goc_request, resolved),
	offsetof(struct goc_request, outcome),  offsetof(struct goc_request, notes),
};

const struct goc__kind goc__kind_request = {
	.name = "request", .noun = "service request",
	.table = "service_requests", .key = "id", .int_key = true,
	.owner_sql = "SELECT unit IS ?2, unit FROM service_requests WHERE id = ?1",
	.get_sql = "SELECT " REQUEST_COLS " FROM service_requests WHERE id = ?1",
	.read = read_request, .cursor = CUR_REQUEST,
	.size = sizeof(struct goc_request), .strs = request_strs, .n_strs = GOC__N(request_strs),
};

static int check_request(goc_db *db, const goc_request_fields *f, bool update)
{
	int rc = check_version(db, "fields", f->version, GOC_REQUEST_FIELDS_VERSION,
	                       "goc_request_fields");
	if (rc != GOC_OK)
		return rc;
	if (!update && f->org == 0)
		return goc__err(db, GOC_EINVAL, "org: required");
	if (!update && f->category == 0)
		return goc__err(db, GOC_EINVAL, "category: required");
	if (f->category != 0 && !goc_request_category_str(f->category))
		return goc__err(db, GOC_EINVAL, "category: %d is not a request category",
		                f->category);
	if (!update || f->opened)
		rc = goc__check_date(db, "opened", f->opened);
	if (rc == GOC_OK && (!update || f->summary))
		rc = goc__check_text(db, "summary", f->summary, true, GOC_NOTE_MAX, true);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "notes", f->notes, false, GOC_NOTES_MAX, true);
	if (rc == GOC_OK && f->org != 0)
		rc = org_exists(db, "org", f->org);
	if (rc == GOC_OK && (!update || f->unit))
		rc = check_unit(db, "unit", f->unit);
	return rc;
}

static int request_exists(goc_db *db, int64_t id)
{
	return id_exists(db, "SELECT 1 FROM service_requests WHERE id = ?1", id, "id",
	                 "service request");
}

static int request_insert(goc_db *db, const void *fields, int64_t *id)
{
	const goc_request_fields *f = fields;
	int rc = check_request(db, f, false);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "INSERT INTO service_requests (org_id, category, opened, unit, summary, notes)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, f->org);
	goc__bind_text(st, 2, goc_request_category_str(f->category));
	goc__bind_text(st, 3, f->opened);
	goc__bind_text(st, 4, f->unit);
	goc__bind_text(st, 5, f->summary);
	goc__bind_text(st, 6, goc__opt(f->notes));
	rc = run(db, st, "inserting a service request");
	if (rc == GOC_OK)
		*id = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

GOC_API int goc_request_create(int64_t *out_id, goc_db *db, const goc_request_fields *fields)
{
	return goc__write_create(out_id, db, &goc__kind_request, "request.create", request_insert, fields,
	                         "fields");
}

static int request_update(goc_db *db, int64_t id, const void *fields)
{
	const goc_request_fields *f = fields;
	int rc = request_exists(db, id);
	if (rc == GOC_OK)
		rc = check_request(db, f, true);
	if (rc != GOC_OK)
		return rc;
	goc_request *cur;
	rc = goc_request_get(&cur, db, id);
	if (rc != GOC_OK)
		return rc;
	goc_request_fields m = *f;
#define MERGE(field) if (!m.field) m.field = cur->field
	MERGE(org);
	MERGE(category);
	MERGE(opened);
	MERGE(unit);
	MERGE(summary);
	MERGE(notes);
#undef MERGE
	if (cur->resolved && strcmp(m.opened, cur->resolved) > 0)
		rc = goc__err(db, GOC_EINVAL,
		              "opened: %s is after request %lld was resolved (%s)",
		              m.opened, (long long)id, cur->resolved);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "UPDATE service_requests SET org_id = ?2, category = ?3, opened = ?4,"
		    " unit = ?5, summary = ?6, notes = ?7 WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, m.org);
		goc__bind_text(st, 3, goc_request_category_str(m.category));
		goc__bind_text(st, 4, m.opened);
		goc__bind_text(st, 5, m.unit);
		goc__bind_text(st, 6, m.summary);
		goc__bind_text(st, 7, goc__opt(m.notes));
		rc = run(db, st, "updating a service request");
	}
	goc_request_free(cur);
	return rc;
}

GOC_API int goc_request_update(goc_db *db, int64_t id, const goc_request_fields *fields)
{
	return goc__write_id(db, &goc__kind_request, "request.update", id, request_update, fields, "fields");
}

/* The resolution of a service request: its date and its outcome. */
struct resolution {
	const char *date, *outcome;
};

static int request_resolve(goc_db *db, int64_t id, const void *resolution)
{
	const struct resolution *res = resolution;
	const char *date = res->date, *outcome = res->outcome;
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, "SELECT opened, resolved FROM service_requests WHERE id = ?1",
	                      &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	char opened[11] = "";
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "id: no service request with id %lld",
		              (long long)id);
	else if (r != SQLITE_ROW)
		rc = goc__sqlerr(db, r, "reading a service request");
	else if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		rc = goc__err(db, GOC_ESTATE, "id: service request %lld is already resolved (%s)",
		              (long long)id, goc__col_text(st, 1));
	else
		snprintf(opened, sizeof opened, "%s", goc__col_text(st, 0));
	sqlite3_finalize(st);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "date", date);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "outcome", outcome, true, GOC_NOTE_MAX, true);
	if (rc == GOC_OK && strcmp(date, opened) < 0)
		rc = goc__err(db, GOC_EINVAL,
		              "date: %s is before service request %lld was opened (%s)",
		              date, (long long)id, opened);
	if (rc == GOC_OK)
		rc = goc__prepare(db, "UPDATE service_requests SET resolved = ?2, outcome = ?3"
		                      " WHERE id = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, date);
	goc__bind_text(st, 3, outcome);
	return run(db, st, "resolving a service request");
}

GOC_API int goc_request_resolve(goc_db *db, int64_t id, const char *date, const char *outcome)
{
	struct resolution r = { date, outcome };
	return goc__write_id(db, &goc__kind_request, "request.resolve", id, request_resolve, &r, NULL);
}

GOC_API int goc_request_delete(goc_db *db, int64_t id)
{
	return goc__kind_delete(db, &goc__kind_request, "request.delete", id, NULL);
}

GOC_API int goc_request_get(goc_request **out, goc_db *db, int64_t id)
{
	return goc__kind_get_id((void **)out, db, &goc__kind_request, id);
}

GOC_API void goc_request_free(goc_request *r)
{
	goc__free(r);
}

GOC_API int goc_request_list(goc_cursor **out, goc_db *db, const goc_activity_filter *filter)
{
	const goc_activity_filter *f;
	int rc = list_args(out, db, filter, LIST_REQUESTS, &f);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db,
	    "SELECT " REQUEST_COLS " FROM service_requests"
	    " WHERE (?1 IS NULL OR unit = ?1) AND (?2 IS NULL OR category = ?2)"
	    " AND (?3 IS NULL OR opened >= ?3) AND (?4 IS NULL OR opened <= ?4)"
	    " AND (?5 = 0 OR org_id = ?5)"
	    " AND (?6 = 0 OR (resolved IS NULL) = (?6 = 1))"
	    " ORDER BY opened, id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->unit);
	goc__bind_text(st, 2, f->kind ? goc_request_category_str(f->kind) : NULL);
	goc__bind_text(st, 3, f->from);
	goc__bind_text(st, 4, f->to);
	sqlite3_bind_int64(st, 5, f->org);
	sqlite3_bind_int(st, 6, f->open);
	return goc__kind_cursor(out, db, &goc__kind_request, st);
}

GOC_API const goc_request *goc_cursor_request(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_request);
}

GOC_API int64_t goc_request_id(const goc_request *r) { return r ? r->id : 0; }
GOC_API int64_t goc_request_org(const goc_request *r) { return r ? r->org : 0; }
GOC_API int goc_request_category(const goc_request *r) { return r ? r->category : 0; }
GOC_API const char *goc_request_opened(const goc_request *r) { return r ? r->opened : NULL; }
GOC_API const char *goc_request_unit(const goc_request *r) { return r ? r->unit : NULL; }
GOC_API const char *goc_request_summary(const goc_request *r) { return r ? r->summary : NULL; }
GOC_API const char *goc_request_resolved(const goc_request *r) { return r ? r->resolved : NULL; }
GOC_API const char *goc_request_outcome(const goc_request *r) { return r ? r->outcome : NULL; }
/* No record: -1, as for a request that is still open. */
GOC_API int goc_request_days(const goc_request *r) { return r ? r->days : -1; }
GOC_API const char *goc_request_notes(const goc_request *r) { return r ? r->notes : NULL; }

/* ====================================================================
 * Zone facts
 * ================================================================== */

static void read_zone_fact(sqlite3_stmt *st, void *row)
{
	struct goc_zone_fact *z = row;
	z->zone = goc__col_text(st, 0);
	z->date = goc__col_text(st, 1);
	z->office_space = sqlite3_column_int(st, 2);
	z->contact = goc__col_text(st, 3);
}

static const size_t zone_fact_strs[] = {
	offsetof(struct goc_zone_fact, zone),
	offsetof(struct goc_zone_fact, date),
	offsetof(struct goc_zone_fact, contact),
};

/* A zone's dated facts: all its statements in the audit trail; the zone's
 * bureau owns them. */
const struct goc__kind goc__kind_zone_facts = {
	.name = "zone_facts", .noun = "zone facts",
	.table = "zone_facts", .key = "zone", .multi = true,
	.owner_sql = "SELECT bureau IS ?2, bureau FROM zones WHERE code = ?1",
	.read = read_zone_fact,
	.size = sizeof(struct goc_zone_fact), .strs = zone_fact_strs,
	.n_strs = GOC__N(zone_fact_strs),
};

/* A statement of a zone's facts (goc_zone_set_facts()). */
struct zone_fact_args {
	const char *zone, *date;
	int office_space;
	const char *contact;
};

static int set_facts(goc_db *db, const void *args)
{
	const struct zone_fact_args *a = args;
	const char *zone = a->zone, *date = a->date, *contact = a->contact;
	int office_space = a->office_space;
	int rc = goc__check_code(db, "zone", zone);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "date", date);
	if (rc != GOC_OK)
		return rc;
	if (office_space != 0 && office_space != 1)
		return goc__err(db, GOC_EINVAL, "office_space: %d is not 0 or 1", office_space);
	rc = goc__check_text(db, "contact", contact, false, GOC_NAME_MAX, false);
	if (rc == GOC_OK)
		rc = goc__zone_exists(db, "zone", zone);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db, "SELECT 1 FROM zone_facts WHERE zone = ?1 AND date = ?2", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, zone);
	goc__bind_text(st, 2, date);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		rc = goc__err(db, GOC_EEXISTS, "date: zone '%s' already has a statement on %s",
		              zone, date);
	else if (r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "reading zone facts");
	sqlite3_finalize(st);
	if (rc == GOC_OK)
		rc = goc__prepare(db, "INSERT INTO zone_facts (zone, date, office_space, contact)"
		                      " VALUES (?1, ?2, ?3, ?4)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, zone);
	goc__bind_text(st, 2, date);
	sqlite3_bind_int(st, 3, office_space);
	goc__bind_text(st, 4, goc__opt(contact));
	return run(db, st, "recording zone facts");
}

GOC_API int goc_zone_set_facts(goc_db *db, const char *zone, const char *date,
                               int office_space, const char *contact)
{
	struct zone_fact_args a = { zone, date, office_space, contact };
	return goc__write_key(db, &goc__kind_zone_facts, "zone.set_facts", zone, set_facts, &a, NULL);
}

GOC_API int goc_zone_facts(goc_zone_fact **out, goc_db *db, const char *zone, const char *as_of)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "zone", zone);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "as_of", as_of);
	if (rc == GOC_OK)
		rc = goc__zone_exists(db, "zone", zone);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db, "SELECT zone, date, office_space, contact FROM zone_facts"
	                      " WHERE zone = ?1 AND date <= ?2 ORDER BY date DESC LIMIT 1",
	                  &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, zone);
	goc__bind_text(st, 2, as_of);
	rc = goc__kind_fetch((void **)out, db, &goc__kind_zone_facts, st);
	if (rc == GOC_ENOTFOUND)
		goc__err(db, rc, "as_of: zone '%s' has no statement of its facts on or before %s",
		         zone, as_of);
	return rc;
}

GOC_API void goc_zone_fact_free(goc_zone_fact *f)
{
	goc__free(f);
}

GOC_API const char *goc_zone_fact_zone(const goc_zone_fact *f) { return f ? f->zone : NULL; }
GOC_API const char *goc_zone_fact_date(const goc_zone_fact *f) { return f ? f->date : NULL; }
GOC_API int goc_zone_fact_office_space(const goc_zone_fact *f) { return f ? f->office_space : 0; }
GOC_API const char *goc_zone_fact_contact(const goc_zone_fact *f) { return f ? f->contact : NULL; }
