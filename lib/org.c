/*
 * libgoc — organizations: the register, the stage machine, risk reviews
 * and regional-headquarters milestones.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The records of this module (opaque in goc/org.h). */
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
GOC__ROW_FITS(struct goc_org);
GOC__ROW_FITS(struct goc_stage_change);
GOC__ROW_FITS(struct goc_review);
GOC__ROW_FITS(struct goc_review_request);

#define ORG_COLS                                                              \
	"o.id, o.name_zh, o.name_en, o.category, o.origin, o.zone, o.unit,"   \
	" o.id_scheme, o.id_value, o.notes, o.stage, o.stage_date, o.created," \
	" (SELECT h.date FROM hq_milestones h WHERE h.org_id = o.id)"

static void read_org(sqlite3_stmt *st, void *row)
{
	struct goc_org *o = row;
	o->id = sqlite3_column_int64(st, 0);
	o->name_zh = goc__col_text(st, 1);
	o->name_en = goc__col_text(st, 2);
	o->category = goc__category_value(goc__col_text(st, 3));
	o->origin = goc__origin_value(goc__col_text(st, 4));
	o->zone = goc__col_text(st, 5);
	o->unit = goc__col_text(st, 6);
	o->id_scheme = goc__col_text(st, 7);
	o->id_value = goc__col_text(st, 8);
	o->notes = goc__col_text(st, 9);
	o->stage = goc__stage_value(goc__col_text(st, 10));
	o->stage_date = goc__col_text(st, 11);
	o->created = goc__col_text(st, 12);
	o->hq_date = goc__col_text(st, 13);
}

static const size_t org_strs[] = {
	offsetof(struct goc_org, name_zh),   offsetof(struct goc_org, name_en),
	offsetof(struct goc_org, zone),      offsetof(struct goc_org, unit),
	offsetof(struct goc_org, id_scheme), offsetof(struct goc_org, id_value),
	offsetof(struct goc_org, notes),     offsetof(struct goc_org, stage_date),
	offsetof(struct goc_org, created),   offsetof(struct goc_org, hq_date),
};

#define ORG_SELECT "SELECT " ORG_COLS " FROM organizations o"

/* An organization: its row with its latest review, its waiting review
 * request and its headquarters date for the audit trail; its unit owns it. */
const struct goc__kind goc__kind_org = {
	.name = "organization",
	.table = "organizations", .key = "id", .int_key = true,
	.extra = "'review', (SELECT json_object('id', r.id, 'outcome', r.outcome, 'date', r.date)"
	         " FROM risk_reviews r WHERE r.org_id = t.id ORDER BY r.date DESC, r.id DESC LIMIT 1),"
	         " 'review_request', (SELECT json_object('id', q.id, 'unit', q.unit, 'date', q.date)"
	         " FROM review_requests q WHERE q.org_id = t.id AND q.review_id IS NULL),"
	         " 'hq', (SELECT h.date FROM hq_milestones h WHERE h.org_id = t.id)",
	.owner_sql = "SELECT unit IS ?2, unit FROM organizations WHERE id = ?1",
	.get_sql = ORG_SELECT " WHERE o.id = ?1",
	.read = read_org, .cursor = CUR_ORG,
	.size = sizeof(struct goc_org), .strs = org_strs, .n_strs = GOC__N(org_strs),
};

/* ---- validation of fields ---- */

/*
 * Validate the fields of a create (update = false) or an update.  On update,
 * NULL means unchanged and "" clears; on create both mean absent.
 */
static int check_fields(goc_db *db, const goc_org_fields *f, bool update)
{
	if (f->version < 1 || f->version > GOC_ORG_FIELDS_VERSION)
		return goc__err(db, GOC_EINVAL,
		                "fields: goc_org_fields version %u is not supported (1..%d)",
		                f->version, GOC_ORG_FIELDS_VERSION);
	int rc;
	if (!update || f->name_zh) {
		rc = goc__check_text(db, "name_zh", f->name_zh, true, GOC_NAME_MAX, false);
		if (rc != GOC_OK)
			return rc;
	}
	rc = goc__check_text(db, "name_en", f->name_en, false, GOC_ORG_NAME_EN_MAX, false);
	if (rc != GOC_OK)
		return rc;
	if (!update && f->category == 0)
		return goc__err(db, GOC_EINVAL, "category: required");
	if (f->category != 0 && !goc_category_str(f->category))
		return goc__err(db, GOC_EINVAL, "category: %d is not a category", f->category);
	if (f->origin != 0 && !goc_origin_str(f->origin))
		return goc__err(db, GOC_EINVAL, "origin: %d is not an origin", f->origin);
	/* On create the zone and the unit are looked up by the insert's own
	 * foreign keys (see org_insert()); on update here. */
	if (goc__opt(f->zone)) {
		rc = goc__check_code(db, "zone", f->zone);
		if (rc == GOC_OK && update)
			rc = goc__zone_exists(db, "zone", f->zone);
		if (rc != GOC_OK)
			return rc;
	}
	if (goc__opt(f->unit)) {
		rc = goc__check_code(db, "unit", f->unit);
		if (rc == GOC_OK && update)
			rc = goc__unit_exists(db, "unit", f->unit);
		if (rc != GOC_OK)
			return rc;
	}
	/* external identifier: both or neither; on update NULL/NULL keeps and
	 * ""/"" clears */
	const char *sc = f->id_scheme, *va = f->id_value;
	bool has_scheme = goc__opt(sc) != NULL, has_value = goc__opt(va) != NULL;
	bool pair_ok = has_scheme == has_value &&
	               (!update || has_scheme || (!sc && !va) || (sc && va));
	if (!pair_ok)
		return goc__err(db, GOC_EINVAL, "%s: required together with %s",
		                has_scheme ? "id_value" : "id_scheme",
		                has_scheme ? "id_scheme" : "id_value");
	if (has_scheme) {
		rc = goc__check_code(db, "id_scheme", f->id_scheme);
		if (rc == GOC_OK)
			rc = goc__check_text(db, "id_value", f->id_value, true, GOC_IDVALUE_MAX, false);
		if (rc == GOC_OK && strcmp(f->id_scheme, "uscc") == 0)
			rc = goc__check_uscc(db, "id_value", f->id_value);
		if (rc != GOC_OK)
			return rc;
	}
	rc = goc__check_text(db, "notes", f->notes, false, GOC_NOTES_MAX, true);
	if (rc != GOC_OK)
		return rc;
	if (update && f->date)
		return goc__err(db, GOC_EINVAL,
		                "date: the registration date cannot be changed by an update");
	if (!update)
		return goc__check_date(db, "date", f->date);
	return GOC_OK;
}

/* The normalized keys of an organization's names (name.c): computed once
 * per name, bound to the insert or update, and used again only to explain
 * a refusal. */
struct org_keys {
	struct goc__key zh, en;
};

static int org_keys(goc_db *db, const goc_org_fields *f, struct org_keys *k)
{
	int rc = goc__name_key(db, "name_zh", f->name_zh, &k->zh);
	if (rc != GOC_OK) {
		k->en.s = NULL;
		return rc;
	}
	rc = goc__name_key(db, "name_en", goc__opt(f->name_en), &k->en);
	if (rc != GOC_OK)
		goc__key_free(&k->zh);
	return rc;
}

static void org_keys_free(struct org_keys *k)
{
	goc__key_free(&k->zh);
	goc__key_free(&k->en);
}

/* Uniqueness, with messages that name the field; `self` is excluded, and
 * its names whose keys are unchanged are not checked.
 * Ids from `first` on were made earlier in the same goc_org_create_many()
 * call (0: none): the message names their element, not an id that the
 * refusal is about to undo. */
static int check_unique(goc_db *db, const goc_org_fields *f, const struct org_keys *k,
                        int64_t self, int64_t first)
{
	sqlite3_stmt *st;
	int rc = goc__stmt(db, STMT_ORG_UNIQUE, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, k->zh.s);
	goc__bind_text(st, 2, k->en.s);
	goc__bind_text(st, 3, goc__opt(f->id_scheme));
	sqlite3_bind_int64(st, 4, self);
	goc__bind_text(st, 5, goc__opt(f->id_value));
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		const char *field = goc__col_text(st, 0);
		const char *value = strcmp(field, "name_zh") == 0 ? f->name_zh
		                    : strcmp(field, "name_en") == 0 ? f->name_en
		                                                    : f->id_value;
		int64_t other = sqlite3_column_int64(st, 1);
		/* a look-alike (ＡＢＣ for ABC) is shown as it was written, and
		 * invisible characters as <U+200B> */
		const char *theirs = goc__col_text(st, 2);
		char mine[GOC_ERRMSG_MAX / 3], as[GOC_ERRMSG_MAX / 3] = "";
		goc__name_show(mine, sizeof mine, value);
		if (strcmp(theirs, value) != 0) { /* the row matched on its key: not NULL */
			char shown[GOC_ERRMSG_MAX / 3 - 16];
			goc__name_show(shown, sizeof shown, theirs);
			snprintf(as, sizeof as, " (written '%s')", shown);
		}
		if (first > 0 && other >= first)
			rc = goc__err(db, GOC_EEXISTS, "%s: '%s' is already used by fields[%lld]%s",
			              field, mine, (long long)(other - first), as);
		else
			rc = goc__err(db, GOC_EEXISTS, "%s: '%s' is already used by organization %lld%s",
			              field, mine, (long long)other, as);
	} else if (s != SQLITE_DONE) {
		rc = goc__sqlerr(db, s, "checking uniqueness");
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- create, update, delete ---- */

static int history_insert(goc_db *db, int64_t org, int from, int to,
                          const char *date, const char *unit, const char *note)
{
	sqlite3_stmt *st;
	int rc = goc__stmt(db, STMT_ORG_HISTORY_INSERT, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, org);
	goc__bind_text(st, 2, from ? goc_stage_str(from) : NULL);
	goc__bind_text(st, 3, goc_stage_str(to));
	goc__bind_text(st, 4, date);
	goc__bind_text(st, 5, unit);
	goc__bind_text(st, 6, goc__opt(note));
	goc__bind_text(st, 7, db->actor);
	return goc__step_done(db, st, "recording the stage history");
}

/* Why an insert broke a constraint: the message naming the field, in the
 * order check_fields() and check_unique() give them on update. */
static int insert_refused(goc_db *db, const goc_org_fields *f, const struct org_keys *k,
                          int64_t first)
{
	int rc = GOC_OK;
	if (goc__opt(f->zone))
		rc = goc__zone_exists(db, "zone", f->zone);
	if (rc == GOC_OK && goc__opt(f->unit))
		rc = goc__unit_exists(db, "unit", f->unit);
	if (rc == GOC_OK)
		rc = check_unique(db, f, k, 0, first);
	return rc;
}

/* Bind one organization's row of STMT_ORG_INSERT or STMT_ORG_INSERT_CHUNK:
 * 14 parameters after `base` (lib/sql.c), the id first (0: left NULL,
 * SQLite's choice), the date twice (stage_date, created). */
static void org_bind(sqlite3_stmt *st, int base, int64_t id, const goc_org_fields *f,
                     const struct org_keys *k)
{
	if (id)
		sqlite3_bind_int64(st, base + 1, id);
	goc__bind_text(st, base + 2, f->name_zh);
	goc__bind_text(st, base + 3, goc__opt(f->name_en));
	goc__bind_text(st, base + 4, goc_category_str(f->category));
	goc__bind_text(st, base + 5, goc_origin_str(f->origin ? f->origin : GOC_ORIGIN_INTERNATIONAL));
	goc__bind_text(st, base + 6, goc__opt(f->zone));
	goc__bind_text(st, base + 7, goc__opt(f->unit));
	goc__bind_text(st, base + 8, goc__opt(f->id_scheme));
	goc__bind_text(st, base + 9, goc__opt(f->id_value));
	goc__bind_text(st, base + 10, goc__opt(f->notes));
	goc__bind_text(st, base + 11, f->date);
	goc__bind_text(st, base + 12, f->date);
	goc__bind_text(st, base + 13, k->zh.s);
	goc__bind_text(st, base + 14, k->en.s);
}

/*
 * Insert the organization and its first stage.  The unique indexes and the
 * foreign keys check the names (by key), the identifier, the zone and the
 * unit as part of the insert; only when one refuses it are they looked up
 * again, for a message that names the field.  The keys are left in k for
 * the audit record: free them with org_keys_free() whatever the outcome.
 */
static int org_insert(goc_db *db, const goc_org_fields *f, struct org_keys *k,
                      int64_t first, int64_t *id)
{
	k->zh.s = k->en.s = NULL;
	int rc = check_fields(db, f, false);
	if (rc == GOC_OK)
		rc = org_keys(db, f, k);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__stmt(db, STMT_ORG_INSERT, &st);
	if (rc != GOC_OK)
		return rc;
	org_bind(st, 0, 0, f, k);
	int step = sqlite3_step(st);
	if (step != SQLITE_DONE) {
		rc = goc__sqlerr(db, step, "inserting an organization");
		sqlite3_reset(st);
		if ((step & 0xff) == SQLITE_CONSTRAINT) {
			int why = insert_refused(db, f, k, first);
			if (why != GOC_OK)
				rc = why;
		}
		return rc;
	}
	sqlite3_reset(st);
	*id = sqlite3_last_insert_rowid(db->sql);
	return history_insert(db, *id, 0, GOC_STAGE_TARGET, f->date,
	                      goc__opt(f->unit) ? f->unit : db->actor, NULL);
}

/* The new organization as the audit trail shows it: the members, order and
 * escapes of the snapshot audit.c reads from the table (a test compares
 * the two), built from the fields instead of read back.  NULL: no memory. */
static char *created_json(goc_db *db, int64_t id, const goc_org_fields *f,
                          const struct org_keys *k)
{
	sqlite3_str *s = sqlite3_str_new(db->sql);
	sqlite3_str_appendf(s, "{\"id\":%lld,\"name_zh\":", (long long)id);
	goc__json_str(s, f->name_zh);
	sqlite3_str_appendall(s, ",\"name_en\":");
	goc__json_str(s, goc__opt(f->name_en));
	sqlite3_str_appendall(s, ",\"category\":");
	goc__json_str(s, goc_category_str(f->category));
	sqlite3_str_appendall(s, ",\"origin\":");
	goc__json_str(s, goc_origin_str(f->origin ? f->origin : GOC_ORIGIN_INTERNATIONAL));
	sqlite3_str_appendall(s, ",\"zone\":");
	goc__json_str(s, goc__opt(f->zone));
	sqlite3_str_appendall(s, ",\"unit\":");
	goc__json_str(s, goc__opt(f->unit));
	sqlite3_str_appendall(s, ",\"id_scheme\":");
	goc__json_str(s, goc__opt(f->id_scheme));
	sqlite3_str_appendall(s, ",\"id_value\":");
	goc__json_str(s, goc__opt(f->id_value));
	sqlite3_str_appendall(s, ",\"notes\":");
	goc__json_str(s, goc__opt(f->notes));
	sqlite3_str_appendall(s, ",\"stage\":\"target\",\"stage_date\":");
	goc__json_str(s, f->date);
	sqlite3_str_appendall(s, ",\"created\":");
	goc__json_str(s, f->date);
	sqlite3_str_appendall(s, ",\"name_zh_key\":");
	goc__json_str(s, k->zh.s);
	sqlite3_str_appendall(s, ",\"name_en_key\":");
	goc__json_str(s, k->en.s);
	sqlite3_str_appendall(s, ",\"name_zh_dup\":0,\"name_en_dup\":0");
	sqlite3_str_appendall(s, ",\"review\":null,\"review_request\":null,\"hq\":null}");
	return sqlite3_str_finish(s);
}

/* ---- the bulk path: GOC__ORG_CHUNK organizations a statement ----
 * A statement per row runs SQLite's set-up for each row: the cursors on
 * the table's nine indexes, the lists of its CHECK constraints.  The bulk
 * path writes whole chunks of organizations, and their first stage rows,
 * with one INSERT each, giving the ids SQLite would have given them one by
 * one (the largest so far, plus one).  A chunk refused by a constraint is
 * undone by SQLite and written again row by row, for the message that
 * names the element (org_insert()), and so is a chunk with an element
 * that fails its checks (an earlier element's refusal comes first); a
 * call's last rows, fewer than a chunk, are written row by row too. */

#define ORG_CHUNK GOC__ORG_CHUNK

/* The id the next organization gets; 0 when ids are near their end and
 * SQLite would pick free ones at random (then: row by row). */
static int next_id(goc_db *db, int64_t *next)
{
	sqlite3_stmt *st;
	int rc = goc__stmt(db, STMT_ORG_MAX_ID, &st);
	if (rc != GOC_OK)
		return rc;
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		rc = goc__sqlerr(db, step, "reading the organizations");
	} else {
		int64_t max = sqlite3_column_int64(st, 0);
		*next = max < INT64_MAX - ORG_CHUNK ? max + 1 : 0;
	}
	sqlite3_reset(st);
	return rc;
}

/* Insert a whole chunk of checked organizations (keys in k) with ids from
 * id0, and their first stage rows.  *refused: a constraint refused the
 * chunk, which SQLite undid. */
static int chunk_insert(goc_db *db, const goc_org_fields *f, const struct org_keys *k,
                        int64_t id0, bool *refused)
{
	*refused = false;
	sqlite3_stmt *st;
	int rc = goc__stmt(db, STMT_ORG_INSERT_CHUNK, &st);
	if (rc != GOC_OK)
		return rc;
	for (int j = 0; j < ORG_CHUNK; j++)
		org_bind(st, 14 * j, id0 + j, &f[j], &k[j]);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		*refused = (step & 0xff) == SQLITE_CONSTRAINT;
		return *refused ? GOC_OK : goc__sqlerr(db, step, "inserting organizations");
	}
	rc = goc__stmt(db, STMT_ORG_HISTORY_INSERT_CHUNK, &st);
	if (rc != GOC_OK)
		return rc;
	for (int j = 0; j < ORG_CHUNK; j++) {
		int p = 4 * j;
		sqlite3_bind_int64(st, p + 1, id0 + j);
		goc__bind_text(st, p + 2, f[j].date);
		goc__bind_text(st, p + 3, goc__opt(f[j].unit) ? f[j].unit : db->actor);
		goc__bind_text(st, p + 4, db->actor);
	}
	return goc__step_done(db, st, "recording the stage history");
}

/* Insert m organizations (1 or ORG_CHUNK) and their first stage rows,
 * their keys left in k and their ids in made.  *first: the id of the
 * call's first organization (0 until it is made).  *bad: on an error, the
 * element at fault (0, the chunk's first, for an error of the whole chunk:
 * storage, memory). */
static int rows_insert(goc_db *db, const goc_org_fields *f, size_t m, struct org_keys *k,
                       int64_t *made, int64_t *first, size_t *bad)
{
	int rc = GOC_OK;
	int64_t id0 = 0;
	bool refused = false;
	*bad = 0;
	if (m == ORG_CHUNK) {
		/* an element refused here is written row by row too: an earlier
		 * one's refusal by a constraint comes first */
		bool valid = true;
		for (size_t j = 0; valid && j < m; j++)
			valid = check_fields(db, &f[j], false) == GOC_OK &&
			        org_keys(db, &f[j], &k[j]) == GOC_OK;
		if (valid) {
			rc = next_id(db, &id0);
			if (rc == GOC_OK && id0)
				rc = chunk_insert(db, f, k, id0, &refused);
			if (rc != GOC_OK)
				return rc;
			if (id0 && !refused) {
				for (size_t j = 0; j < m; j++)
					made[j] = id0 + (int64_t)j;
				if (!*first)
					*first = id0;
				return GOC_OK;
			}
		}
		for (size_t j = 0; j < m; j++) /* org_insert() makes them again */
			org_keys_free(&k[j]);
	}
	for (size_t j = 0; rc == GOC_OK && j < m; j++) {
		*bad = j;
		rc = org_insert(db, &f[j], &k[j], *first, &made[j]);
		if (rc == GOC_OK && !*first)
			*first = made[j];
	}
	return rc;
}

/* Create n organizations in one write: all of them or none.  `indexed`:
 * the message of an error names the element, "fields[i]: …".  *failed
 * (if not NULL) receives the index of the element at fault, or n. */
static int org_create_n(int64_t *ids, goc_db *db, const goc_org_fields *fields, size_t n,
                        bool indexed, const goc_bulk_options *opts, size_t *failed)
{
	goc_progress_cb progress = opts ? opts->progress : NULL;
	struct goc__write w;
	int rc = goc__write_begin(db, &w, "org.create", &goc__kind_org);
	int64_t first = 0; /* the id of fields[0]: the ids of one write follow on */
	int64_t made[ORG_CHUNK];
	/* the names' keys of a chunk (17 KiB: not on the stack) */
	struct org_keys one, *k = &one;
	if (rc == GOC_OK && n >= ORG_CHUNK && !(k = goc__malloc(ORG_CHUNK * sizeof *k))) {
		k = &one;
		rc = goc__err(db, GOC_ENOMEM, "org.create: out of memory");
	}
	/* a refusal noted by goc__write_begin() is given by goc__write_end() */
	for (size_t i = 0; rc == GOC_OK && i < n && !w.denied;) {
		size_t m = n - i >= ORG_CHUNK ? ORG_CHUNK : 1, bad = 0;
		memset(k, 0, m * sizeof k[0]);
		rc = rows_insert(db, &fields[i], m, k, made, &first, &bad);
		for (size_t j = 0; rc == GOC_OK && j < m; j++) {
			bad = j;
			char key[24], *after = created_json(db, made[j], &fields[i + j], &k[j]);
			snprintf(key, sizeof key, "%lld", (long long)made[j]);
			rc = after ? goc__audit_record(db, &w, key, after)
			           : goc__err(db, GOC_ENOMEM, "org.create: out of memory");
			sqlite3_free(after);
			if (rc == GOC_OK && ids)
				ids[i + j] = made[j];
			if (rc == GOC_OK && progress && progress(i + j + 1, n, opts->payload) != 0) {
				rc = goc__err(db, GOC_ECANCELLED, "org.create_many: cancelled by the"
				              " progress callback after %zu of %zu; nothing was written",
				              i + j + 1, n);
				bad = n - i; /* no element at fault */
			}
		}
		for (size_t j = 0; j < m; j++)
			org_keys_free(&k[j]);
		if (rc != GOC_OK && indexed && i + bad < n)
			goc__err(db, rc, "fields[%zu]: %s", i + bad, goc_error_message());
		if (rc != GOC_OK && failed)
			*failed = i + bad;
		i += m;
	}
	if (k != &one)
		goc__free(k);
	rc = goc__write_end(db, &w, rc);
	if (rc != GOC_OK && ids)
		memset(ids, 0, n * sizeof *ids);
	return rc;
}

GOC_API int goc_org_create(int64_t *out_id, goc_db *db, const goc_org_fields *fields)
{
	if (out_id)
		*out_id = 0;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!fields)
		return goc__err(db, GOC_EINVAL, "fields: must not be NULL");
	return org_create_n(out_id, db, fields, 1, false, NULL, NULL);
}

GOC_API int goc_org_create_many(int64_t *out_ids, goc_db *db, const goc_org_fields *fields,
                                size_t n)
{
	return goc_org_create_many_ext(out_ids, db, fields, n, NULL);
}

GOC_API int goc_org_create_many_ext(int64_t *out_ids, goc_db *db,
                                    const goc_org_fields *fields, size_t n,
                                    const goc_bulk_options *opts)
{
	return goc_org_create_many_v2(out_ids, NULL, db, fields, n, opts);
}

GOC_API int goc_org_create_many_v2(int64_t *out_ids, size_t *out_failed, goc_db *db,
                                   const goc_org_fields *fields, size_t n,
                                   const goc_bulk_options *opts)
{
	if (out_failed)
		*out_failed = n;
	if (out_ids && n)
		memset(out_ids, 0, n * sizeof *out_ids);
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!fields && n)
		return goc__err(db, GOC_EINVAL, "fields: must not be NULL");
	if (opts && (opts->version < 1 || opts->version > GOC_BULK_OPTIONS_VERSION))
		return goc__err(db, GOC_EINVAL,
		                "opts: goc_bulk_options version %u is not supported (1..%d)",
		                opts->version, GOC_BULK_OPTIONS_VERSION);
	if (n == 0)
		return GOC_OK;
	return org_create_n(out_ids, db, fields, n, true, opts, out_failed);
}

/* Read the state of an organization: stage, latest date, registration. */
struct org_state {
	int stage;
	char stage_date[11], created[11];
};

static int org_state(goc_db *db, int64_t id, struct org_state *s)
{
	sqlite3_stmt *st;
	int rc = goc__stmt(db, STMT_ORG_STATE, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		s->stage = goc__stage_value(goc__col_text(st, 0));
		snprintf(s->stage_date, sizeof s->stage_date, "%s", goc__col_text(st, 1));
		snprintf(s->created, sizeof s->created, "%s", goc__col_text(st, 2));
	} else if (r == SQLITE_DONE) {
		rc = goc__err(db, GOC_ENOTFOUND, "id: no organization with id %lld", (long long)id);
	} else {
		rc = goc__sqlerr(db, r, "reading an organization");
	}
	sqlite3_reset(st);
	return rc;
}

static int org_update(goc_db *db, int64_t id, const void *fields)
{
	const goc_org_fields *f = fields;
	struct org_state s;
	int rc = org_state(db, id, &s);
	if (rc == GOC_OK)
		rc = check_fields(db, f, true);
	if (rc != GOC_OK)
		return rc;
	/* Merge with the stored values so that uniqueness sees the result. */
	goc_org *cur;
	rc = goc_org_get(&cur, db, id);
	if (rc != GOC_OK)
		return rc;
	goc_org_fields m = *f;
#define MERGE(field) if (!m.field) m.field = cur->field
	MERGE(name_zh);
	MERGE(name_en);
	MERGE(zone);
	MERGE(unit);
	MERGE(id_scheme);
	MERGE(id_value);
	MERGE(notes);
#undef MERGE
	if (!m.category)
		m.category = cur->category;
	if (!m.origin)
		m.origin = cur->origin;
	/* A name whose key does not change is not checked again (see
	 * STMT_ORG_UNIQUE): it keeps its place, even as one of the
	 * look-alikes a migration kept (goc_org_name_collisions()); a new key
	 * is checked, and written without a disambiguator. */
	struct org_keys k;
	rc = org_keys(db, &m, &k);
	if (rc != GOC_OK) {
		goc_org_free(cur);
		return rc;
	}
	rc = check_unique(db, &m, &k, id, 0);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		    "UPDATE organizations SET name_zh = ?2, name_en = ?3, category = ?4,"
		    " origin = ?5, zone = ?6, unit = ?7, id_scheme = ?8, id_value = ?9,"
		    " notes = ?10, name_zh_key = ?11, name_en_key = ?12,"
		    " name_zh_dup = CASE WHEN name_zh_key IS ?11 THEN name_zh_dup ELSE 0 END,"
		    " name_en_dup = CASE WHEN name_en_key IS ?12 THEN name_en_dup ELSE 0 END"
		    " WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 11, k.zh.s);
		goc__bind_text(st, 12, k.en.s);
		sqlite3_bind_int64(st, 1, id);
		goc__bind_text(st, 2, m.name_zh);
		goc__bind_text(st, 3, goc__opt(m.name_en));
		goc__bind_text(st, 4, goc_category_str(m.category));
		goc__bind_text(st, 5, goc_origin_str(m.origin));
		goc__bind_text(st, 6, goc__opt(m.zone));
		goc__bind_text(st, 7, goc__opt(m.unit));
		goc__bind_text(st, 8, goc__opt(m.id_scheme));
		goc__bind_text(st, 9, goc__opt(m.id_value));
		goc__bind_text(st, 10, goc__opt(m.notes));
		rc = goc__step_done(db, st, "updating an organization");
	}
	sqlite3_finalize(st);
	org_keys_free(&k);
	goc_org_free(cur);
	return rc;
}

GOC_API int goc_org_update(goc_db *db, int64_t id, const goc_org_fields *fields)
{
	return goc__write_id(db, &goc__kind_org, "org.update", id, org_update, fields, "fields");
}

/* An organization is deleted only while nothing refers to it. */
static int org_unreferenced(goc_db *db, int64_t id, const void *kind)
{
	(void)kind;
	struct org_state s;
	int rc = org_state(db, id, &s);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "SELECT (SELECT count(*) - 1 FROM stage_history WHERE org_id = ?1),"
	    " (SELECT count(*) FROM risk_reviews WHERE org_id = ?1)"
	    " + (SELECT count(*) FROM review_requests WHERE org_id = ?1),"
	    " (SELECT count(*) FROM hq_milestones WHERE org_id = ?1),"
	    " (SELECT count(*) FROM service_requests WHERE org_id = ?1)"
	    " + (SELECT count(*) FROM event_organizations WHERE org_id = ?1)", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		int changes = sqlite3_column_int(st, 0), reviews = sqlite3_column_int(st, 1),
		    hq = sqlite3_column_int(st, 2), activity = sqlite3_column_int(st, 3);
		if (changes > 0 || reviews > 0 || hq > 0 || activity > 0)
			rc = goc__err(db, GOC_ECONSTRAINT,
			              "id: organization %lld is referred to by %d stage change(s),"
			              " %d risk review(s) or review request(s), %d headquarters"
			              " milestone(s) and %d service"
			              " request(s) or event link(s); withdraw it instead",
			              (long long)id, changes, reviews, hq, activity);
	} else {
		rc = goc__sqlerr(db, r, "checking references");
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_org_delete(goc_db *db, int64_t id)
{
	return goc__kind_delete(db, &goc__kind_org, "org.delete", id, org_unreferenced);
}

/* ---- reading ---- */

GOC_API int goc_org_get(goc_org **out, goc_db *db, int64_t id)
{
	return goc__kind_get_id((void **)out, db, &goc__kind_org, id);
}

GOC_API int goc_org_find(goc_org **out, goc_db *db, const char *name)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out || !name)
		return goc__err(db, GOC_EINVAL, "%s: must not be NULL", out ? "name" : "out");
	if (goc__check_utf8(name, NULL, NULL) != 0)
		return goc__err(db, GOC_EINVAL, "name: invalid UTF-8");
	struct goc__key k;
	rc = goc__name_key(db, "name", name, &k);
	if (rc == GOC_EINVAL) /* nothing visible: no organization has it */
		return goc__err(db, GOC_ENOTFOUND, "name: no organization named '%s'", name);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, ORG_SELECT " WHERE o.name_zh_key = ?1 OR o.name_en_key = ?1"
	                      " ORDER BY o.name_zh_key = ?1 DESC, o.id LIMIT 1", &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 1, k.s);
		rc = goc__kind_fetch((void **)out, db, &goc__kind_org, st);
		if (rc == GOC_ENOTFOUND)
			goc__err(db, rc, "name: no organization named '%s'", name);
	}
	goc__key_free(&k);
	return rc;
}

GOC_API int goc_org_name_collisions(goc_cursor **out, goc_db *db)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "SELECT " ORG_COLS " FROM ("
	    "  SELECT 1 AS f, name_zh_key AS k, id FROM organizations WHERE name_zh_key IN"
	    "    (SELECT name_zh_key FROM organizations GROUP BY name_zh_key HAVING count(*) > 1)"
	    "  UNION ALL"
	    "  SELECT 2, name_en_key, id FROM organizations WHERE name_en_key IN"
	    "    (SELECT name_en_key FROM organizations WHERE name_en_key IS NOT NULL"
	    "     GROUP BY name_en_key HAVING count(*) > 1)"
	    ") c JOIN organizations o ON o.id = c.id ORDER BY c.f, c.k, o.id", &st);
	if (rc != GOC_OK)
		return rc;
	return goc__kind_cursor(out, db, &goc__kind_org, st);
}

GOC_API void goc_org_free(goc_org *org)
{
	goc__free(org);
}

GOC_API int goc_org_list(goc_cursor **out, goc_db *db, const goc_org_filter *filter)
{
	static const goc_org_filter all = GOC_ORG_FILTER_INIT;
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	const goc_org_filter *f = filter ? filter : &all;
	if (f->version < 1 || f->version > GOC_ORG_FILTER_VERSION)
		return goc__err(db, GOC_EINVAL, "filter: goc_org_filter version %u is not supported (1..%d)",
		                f->version, GOC_ORG_FILTER_VERSION);
	if (f->stage && !goc_stage_str(f->stage))
		return goc__err(db, GOC_EINVAL, "filter.stage: %d is not a stage", f->stage);
	if (f->category && !goc_category_str(f->category))
		return goc__err(db, GOC_EINVAL, "filter.category: %d is not a category", f->category);
	if (f->origin && !goc_origin_str(f->origin))
		return goc__err(db, GOC_EINVAL, "filter.origin: %d is not an origin", f->origin);
	if (f->hq < GOC_ANY || f->hq > GOC_NO)
		return goc__err(db, GOC_EINVAL, "filter.hq: %d is not GOC_ANY, GOC_YES or GOC_NO", f->hq);
	if ((f->zone && goc__check_utf8(f->zone, NULL, NULL) != 0) ||
	    (f->unit && goc__check_utf8(f->unit, NULL, NULL) != 0))
		return goc__err(db, GOC_EINVAL, "filter: invalid UTF-8 in zone or unit");
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    ORG_SELECT " WHERE (?1 IS NULL OR o.zone = ?1) AND (?2 IS NULL OR o.unit = ?2)"
	    " AND (?3 IS NULL OR o.stage = ?3) AND (?4 IS NULL OR o.category = ?4)"
	    " AND (?5 IS NULL OR o.origin = ?5)"
	    " AND (?6 = 0 OR (?6 = 1) = EXISTS (SELECT 1 FROM hq_milestones h WHERE h.org_id = o.id))"
	    " ORDER BY o.id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, f->zone);
	goc__bind_text(st, 2, f->unit);
	goc__bind_text(st, 3, f->stage ? goc_stage_str(f->stage) : NULL);
	goc__bind_text(st, 4, f->category ? goc_category_str(f->category) : NULL);
	goc__bind_text(st, 5, f->origin ? goc_origin_str(f->origin) : NULL);
	sqlite3_bind_int(st, 6, f->hq);
	return goc__kind_cursor(out, db, &goc__kind_org, st);
}

GOC_API const goc_org *goc_cursor_org(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_org);
}

GOC_API int64_t goc_org_id(const goc_org *o) { return o ? o->id : 0; }
GOC_API const char *goc_org_name_zh(const goc_org *o) { return o ? o->name_zh : NULL; }
GOC_API const char *goc_org_name_en(const goc_org *o) { return o ? o->name_en : NULL; }
GOC_API int goc_org_category(const goc_org *o) { return o ? o->category : 0; }
GOC_API int goc_org_origin(const goc_org *o) { return o ? o->origin : 0; }
GOC_API const char *goc_org_zone(const goc_org *o) { return o ? o->zone : NULL; }
GOC_API const char *goc_org_unit(const goc_org *o) { return o ? o->unit : NULL; }
GOC_API const char *goc_org_id_scheme(const goc_org *o) { return o ? o->id_scheme : NULL; }
GOC_API const char *goc_org_id_value(const goc_org *o) { return o ? o->id_value : NULL; }
GOC_API const char *goc_org_notes(const goc_org *o) { return o ? o->notes : NULL; }
GOC_API int goc_org_stage(const goc_org *o) { return o ? o->stage : 0; }
GOC_API const char *goc_org_stage_date(const goc_org *o) { return o ? o->stage_date : NULL; }
GOC_API const char *goc_org_created(const goc_org *o) { return o ? o->created : NULL; }
GOC_API const char *goc_org_hq_date(const goc_org *o) { return o ? o->hq_date : NULL; }

/* ---- the stage machine ---- */

/* Common checks for a dated event on an organization by a unit. */
static int event_args(goc_db *db, int64_t id, const char *date, const char *unit,
                      const char *note, struct org_state *s, const char **who)
{
	int rc = org_state(db, id, s);
	if (rc == GOC_OK) rc = goc__check_date(db, "date", date);
	if (rc == GOC_OK) rc = goc__check_text(db, "note", note, false, GOC_NOTE_MAX, true);
	if (rc == GOC_OK) rc = goc__resolve_unit(db, "unit", unit, who);
	return rc;
}

/* A dated event on an organization: goc_org_set_stage(), goc_org_set_hq(),
 * goc_org_review(), goc_org_request_review(); the last two make a record
 * whose id goes to *made. */
struct org_event {
	int stage, outcome;
	const char *date, *unit, *note;
	int64_t *made;
};

/* Run fn on organization id in a write that makes a record (a review, a
 * request): its id in *out_id (may be NULL) on success, 0 otherwise. */
static int org_write_made(int64_t *out_id, goc_db *db, const char *action, int64_t id,
                          goc__write_fn fn, struct org_event *e)
{
	int64_t made = 0;
	e->made = &made;
	int rc = goc__write_id(db, &goc__kind_org, action, id, fn, e, NULL);
	if (out_id)
		*out_id = rc == GOC_OK ? made : 0;
	return rc;
}

static int set_stage(goc_db *db, int64_t id, const void *event)
{
	const struct org_event *e = event;
	int stage = e->stage;
	const char *date = e->date, *unit = e->unit, *note = e->note;
	if (!goc_stage_str(stage))
		return goc__err(db, GOC_EINVAL, "stage: %d is not a stage", stage);
	struct org_state s;
	const char *who = NULL;
	int rc = event_args(db, id, date, unit, note, &s, &who);
	if (rc != GOC_OK)
		return rc;
	if (!goc_stage_transition_allowed(s.stage, stage))
		return goc__err(db, GOC_ESTATE,
		                "stage: organization %lld cannot move from '%s' to '%s'",
		                (long long)id, goc_stage_str(s.stage), goc_stage_str(stage));
	if (strcmp(date, s.stage_date) < 0)
		return goc__err(db, GOC_EINVAL,
		                "date: %s is before the latest change of organization %lld (%s)",
		                date, (long long)id, s.stage_date);
	if (stage == GOC_STAGE_LANDED) {
		sqlite3_stmt *st;
		rc = goc__stmt(db, STMT_ORG_LAST_REVIEW, &st);
		if (rc != GOC_OK)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		goc__bind_text(st, 2, date);
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			rc = goc__err(db, GOC_ESTATE,
			              "stage: organization %lld cannot land without a cleared risk review"
			              " (none recorded on or before %s)", (long long)id, date);
		else if (r == SQLITE_ROW && goc__review_outcome_value(goc__col_text(st, 0)) != GOC_REVIEW_CLEARED)
			rc = goc__err(db, GOC_ESTATE,
			              "stage: organization %lld cannot land: its latest risk review (%s) is '%s', not 'cleared'",
			              (long long)id, goc__col_text(st, 1), goc__col_text(st, 0));
		else if (r != SQLITE_ROW)
			rc = goc__sqlerr(db, r, "reading risk reviews");
		sqlite3_reset(st);
		if (rc != GOC_OK)
			return rc;
	}
	sqlite3_stmt *st;
	rc = goc__stmt(db, STMT_ORG_SET_STAGE, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, goc_stage_str(stage));
	goc__bind_text(st, 3, date);
	rc = goc__step_done(db, st, "changing the stage");
	if (rc == GOC_OK)
		rc = history_insert(db, id, s.stage, stage, date, who, note);
	return rc;
}

GOC_API int goc_org_set_stage(goc_db *db, int64_t id, int stage, const char *date,
                              const char *unit, const char *note)
{
	struct org_event e = { .stage = stage, .date = date, .unit = unit, .note = note };
	return goc__write_id(db, &goc__kind_org, "org.set_stage", id, set_stage, &e, NULL);
}

static int add_review(goc_db *db, int64_t id, const void *event)
{
	const struct org_event *e = event;
	int outcome = e->outcome;
	const char *date = e->date, *unit = e->unit, *note = e->note;
	if (!goc_review_outcome_str(outcome))
		return goc__err(db, GOC_EINVAL, "outcome: %d is not a review outcome", outcome);
	struct org_state s;
	const char *who = NULL;
	int rc = event_args(db, id, date, unit, note, &s, &who);
	if (rc != GOC_OK)
		return rc;
	if (strcmp(date, s.created) < 0)
		return goc__err(db, GOC_EINVAL,
		                "date: %s is before organization %lld was registered (%s)",
		                date, (long long)id, s.created);
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "INSERT INTO risk_reviews (org_id, outcome, date, unit, note, recorded_by, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, goc_review_outcome_str(outcome));
	goc__bind_text(st, 3, date);
	goc__bind_text(st, 4, who);
	goc__bind_text(st, 5, goc__opt(note));
	goc__bind_text(st, 6, db->actor);
	rc = goc__step_done(db, st, "recording a risk review");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	int64_t rid = sqlite3_last_insert_rowid(db->sql);
	*e->made = rid;
	/* it answers the request waiting for it, if any */
	rc = goc__prepare(db, "UPDATE review_requests SET review_id = ?2"
	                      " WHERE org_id = ?1 AND review_id IS NULL", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, rid);
	rc = goc__step_done(db, st, "answering a review request");
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_org_review(int64_t *out_id, goc_db *db, int64_t org_id, int outcome,
                           const char *date, const char *unit, const char *note)
{
	struct org_event e = { .outcome = outcome, .date = date, .unit = unit, .note = note };
	return org_write_made(out_id, db, "org.review", org_id, add_review, &e);
}

/* The requesting unit: the actor, or for the system actor the unit that
 * follows the organization (NULL if none). */
static int add_request(goc_db *db, int64_t id, const void *event)
{
	const struct org_event *e = event;
	const char *date = e->date, *note = e->note;
	struct org_state s;
	int rc = org_state(db, id, &s);
	if (rc == GOC_OK) rc = goc__check_date(db, "date", date);
	if (rc == GOC_OK) rc = goc__check_text(db, "note", note, false, GOC_NOTE_MAX, true);
	if (rc != GOC_OK)
		return rc;
	if (strcmp(date, s.created) < 0)
		return goc__err(db, GOC_EINVAL,
		                "date: %s is before organization %lld was registered (%s)",
		                date, (long long)id, s.created);
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT id, date FROM review_requests"
	                      " WHERE org_id = ?1 AND review_id IS NULL", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		rc = goc__err(db, GOC_EEXISTS,
		              "id: organization %lld already has a review request waiting"
		              " (request %lld of %s)", (long long)id,
		              (long long)sqlite3_column_int64(st, 0), goc__col_text(st, 1));
	else if (r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "reading review requests");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	rc = goc__prepare(db,
	    "INSERT INTO review_requests (org_id, unit, date, note, recorded_by, recorded_at)"
	    " VALUES (?1, coalesce(?2, (SELECT unit FROM organizations WHERE id = ?1)), ?3, ?4, ?2,"
	    " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, db->actor);
	goc__bind_text(st, 3, date);
	goc__bind_text(st, 4, goc__opt(note));
	rc = goc__step_done(db, st, "recording a review request");
	sqlite3_finalize(st);
	if (rc == GOC_OK)
		*e->made = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

GOC_API int goc_org_request_review(int64_t *out_id, goc_db *db, int64_t org_id,
                                   const char *date, const char *note)
{
	struct org_event e = { .date = date, .note = note };
	return org_write_made(out_id, db, "org.request_review", org_id, add_request, &e);
}

static int set_hq(goc_db *db, int64_t id, const void *event)
{
	const struct org_event *e = event;
	const char *date = e->date, *unit = e->unit, *note = e->note;
	struct org_state s;
	const char *who = NULL;
	int rc = event_args(db, id, date, unit, note, &s, &who);
	if (rc != GOC_OK)
		return rc;
	if (s.stage != GOC_STAGE_LANDED && s.stage != GOC_STAGE_OPERATING)
		return goc__err(db, GOC_ESTATE,
		                "stage: organization %lld is '%s'; a regional headquarters needs it landed or operating",
		                (long long)id, goc_stage_str(s.stage));
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "SELECT (SELECT date FROM hq_milestones WHERE org_id = ?1),"
	    " (SELECT max(date) FROM stage_history WHERE org_id = ?1 AND to_stage = 'landed')", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r != SQLITE_ROW)
		rc = goc__sqlerr(db, r, "reading milestones");
	else if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		rc = goc__err(db, GOC_EEXISTS,
		              "id: organization %lld already has a regional headquarters (%s)",
		              (long long)id, goc__col_text(st, 0));
	else if (goc__col_text(st, 1) && strcmp(date, goc__col_text(st, 1)) < 0)
		rc = goc__err(db, GOC_EINVAL,
		              "date: %s is before organization %lld landed (%s)",
		              date, (long long)id, goc__col_text(st, 1));
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	rc = goc__prepare(db,
	    "INSERT INTO hq_milestones (org_id, date, unit, note, recorded_by, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	goc__bind_text(st, 2, date);
	goc__bind_text(st, 3, who);
	goc__bind_text(st, 4, goc__opt(note));
	goc__bind_text(st, 5, db->actor);
	rc = goc__step_done(db, st, "recording a headquarters milestone");
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_org_set_hq(goc_db *db, int64_t id, const char *date, const char *unit,
                           const char *note)
{
	struct org_event e = { .date = date, .unit = unit, .note = note };
	return goc__write_id(db, &goc__kind_org, "org.set_hq", id, set_hq, &e, NULL);
}

/* ---- history and reviews ---- */

static void read_stage_change(sqlite3_stmt *st, void *row)
{
	struct goc_stage_change *c = row;
	c->seq = sqlite3_column_int64(st, 0);
	c->org = sqlite3_column_int64(st, 1);
	c->from = goc__stage_value(goc__col_text(st, 2));
	c->to = goc__stage_value(goc__col_text(st, 3));
	c->date = goc__col_text(st, 4);
	c->unit = goc__col_text(st, 5);
	c->note = goc__col_text(st, 6);
}

static void read_review(sqlite3_stmt *st, void *row)
{
	struct goc_review *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->org = sqlite3_column_int64(st, 1);
	r->outcome = goc__review_outcome_value(goc__col_text(st, 2));
	r->date = goc__col_text(st, 3);
	r->unit = goc__col_text(st, 4);
	r->note = goc__col_text(st, 5);
}

static const size_t stage_change_strs[] = {
	offsetof(struct goc_stage_change, date), offsetof(struct goc_stage_change, unit),
	offsetof(struct goc_stage_change, note),
};
static const size_t review_strs[] = {
	offsetof(struct goc_review, date), offsetof(struct goc_review, unit),
	offsetof(struct goc_review, note),
};
static const size_t review_request_strs[] = {
	offsetof(struct goc_review_request, date), offsetof(struct goc_review_request, unit),
	offsetof(struct goc_review_request, note),
};

/* The records an organization's events leave: its stage history, its
 * risk reviews and the requests for them.  They are written as the
 * organization (org.set_stage, org.review, org.request_review: its
 * snapshot in the audit trail shows the latest of each); read through
 * these.  get_sql: all of one organization's (?1), oldest first. */
static const struct goc__kind stage_change_kind = {
	.name = "stage_change", .noun = "stage change",
	.table = "stage_history", .key = "org_id", .int_key = true, .multi = true,
	.get_sql = "SELECT seq, org_id, from_stage, to_stage, date, unit, note"
	           " FROM stage_history WHERE org_id = ?1 ORDER BY seq",
	.read = read_stage_change, .cursor = CUR_STAGE_CHANGE,
	.size = sizeof(struct goc_stage_change), .strs = stage_change_strs,
	.n_strs = GOC__N(stage_change_strs),
};
static const struct goc__kind review_kind = {
	.name = "risk_review", .noun = "risk review",
	.table = "risk_reviews", .key = "org_id", .int_key = true, .multi = true,
	.get_sql = "SELECT id, org_id, outcome, date, unit, note"
	           " FROM risk_reviews WHERE org_id = ?1 ORDER BY id",
	.read = read_review, .cursor = CUR_REVIEW,
	.size = sizeof(struct goc_review), .strs = review_strs, .n_strs = GOC__N(review_strs),
};
static void read_review_request(sqlite3_stmt *st, void *row);
static const struct goc__kind review_request_kind = {
	.name = "review_request", .noun = "review request",
	.table = "review_requests", .key = "org_id", .int_key = true, .multi = true,
	.get_sql = "SELECT id, org_id, unit, date, note, review_id"
	           " FROM review_requests WHERE org_id = ?1 ORDER BY id",
	.read = read_review_request, .cursor = CUR_REVIEW_REQUEST,
	.size = sizeof(struct goc_review_request), .strs = review_request_strs,
	.n_strs = GOC__N(review_request_strs),
};

/* A cursor over the records of kind k of organization id (which must exist). */
static int org_sublist(goc_cursor **out, goc_db *db, int64_t id, const struct goc__kind *k)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	struct org_state s;
	rc = org_state(db, id, &s);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, k->get_sql, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return goc__kind_cursor(out, db, k, st);
}

GOC_API int goc_org_history(goc_cursor **out, goc_db *db, int64_t org_id)
{
	return org_sublist(out, db, org_id, &stage_change_kind);
}

GOC_API const goc_stage_change *goc_cursor_stage_change(const goc_cursor *cur)
{
	return goc__kind_row(cur, &stage_change_kind);
}

GOC_API int64_t goc_stage_change_seq(const goc_stage_change *c) { return c ? c->seq : 0; }
GOC_API int64_t goc_stage_change_org(const goc_stage_change *c) { return c ? c->org : 0; }
GOC_API int goc_stage_change_from(const goc_stage_change *c) { return c ? c->from : 0; }
GOC_API int goc_stage_change_to(const goc_stage_change *c) { return c ? c->to : 0; }
GOC_API const char *goc_stage_change_date(const goc_stage_change *c) { return c ? c->date : NULL; }
GOC_API const char *goc_stage_change_unit(const goc_stage_change *c) { return c ? c->unit : NULL; }
GOC_API const char *goc_stage_change_note(const goc_stage_change *c) { return c ? c->note : NULL; }

GOC_API int goc_org_reviews(goc_cursor **out, goc_db *db, int64_t org_id)
{
	return org_sublist(out, db, org_id, &review_kind);
}

GOC_API const goc_review *goc_cursor_review(const goc_cursor *cur)
{
	return goc__kind_row(cur, &review_kind);
}

GOC_API int64_t goc_review_id(const goc_review *r) { return r ? r->id : 0; }
GOC_API int64_t goc_review_org(const goc_review *r) { return r ? r->org : 0; }
GOC_API int goc_review_outcome(const goc_review *r) { return r ? r->outcome : 0; }
GOC_API const char *goc_review_date(const goc_review *r) { return r ? r->date : NULL; }
GOC_API const char *goc_review_unit(const goc_review *r) { return r ? r->unit : NULL; }
GOC_API const char *goc_review_note(const goc_review *r) { return r ? r->note : NULL; }

/* ---- review requests ---- */

static void read_review_request(sqlite3_stmt *st, void *row)
{
	struct goc_review_request *q = row;
	q->id = sqlite3_column_int64(st, 0);
	q->org = sqlite3_column_int64(st, 1);
	q->unit = goc__col_text(st, 2);
	q->date = goc__col_text(st, 3);
	q->note = goc__col_text(st, 4);
	q->review = sqlite3_column_int64(st, 5);
}

GOC_API int goc_org_review_requests(goc_cursor **out, goc_db *db, int64_t org_id,
                                    enum goc_review_requests which)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	if (which != GOC_REVIEW_REQUESTS_PENDING && which != GOC_REVIEW_REQUESTS_ALL)
		return goc__err(db, GOC_EINVAL,
		                "which: %d is neither GOC_REVIEW_REQUESTS_PENDING nor"
		                " GOC_REVIEW_REQUESTS_ALL", (int)which);
	if (org_id != 0) {
		struct org_state s;
		rc = org_state(db, org_id, &s);
		if (rc != GOC_OK)
			return rc;
	}
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "SELECT id, org_id, unit, date, note, review_id FROM review_requests"
	    " WHERE (?1 = 0 OR org_id = ?1) AND (?2 = 0 OR review_id IS NULL) ORDER BY id", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, which == GOC_REVIEW_REQUESTS_PENDING);
	return goc__kind_cursor(out, db, &review_request_kind, st);
}

GOC_API const goc_review_request *goc_cursor_review_request(const goc_cursor *cur)
{
	return goc__kind_row(cur, &review_request_kind);
}

GOC_API int64_t goc_review_request_id(const goc_review_request *q) { return q ? q->id : 0; }
GOC_API int64_t goc_review_request_org(const goc_review_request *q) { return q ? q->org : 0; }
GOC_API const char *goc_review_request_unit(const goc_review_request *q) { return q ? q->unit : NULL; }
GOC_API const char *goc_review_request_date(const goc_review_request *q) { return q ? q->date : NULL; }
GOC_API const char *goc_review_request_note(const goc_review_request *q) { return q ? q->note : NULL; }
GOC_API int64_t goc_review_request_review(const goc_review_request *q) { return q ? q->review : 0; }
