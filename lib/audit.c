/*
 * libgoc — access roles and the audit trail: who may make each write, the
 * record of every write and refusal, and the SHA-256 hash chain over those
 * records (nettle), with its verification.
 *
 * The write path (db.c) calls in here at three points: goc__authorize()
 * before a write starts, goc__audit_object() when the object is named,
 * and goc__audit_commit() / goc__audit_refused() when it ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/sha2.h>

#include "internal.h"

/* The audit trail's record, as its cursor gives it (goc_cursor_audit()). */
struct goc_audit_record {
	int64_t seq;
	const char *time, *actor, *action, *object_kind, *object_id, *detail,
	    *before, *after, *person;
	int outcome, layout;
	char hash[2 * GOC__HASH_SIZE + 1];
};
GOC__ROW_FITS(struct goc_audit_record);

/* ---- actions: who may make them ---- */

enum {
	A_UNIT = 1,   /* a unit may make it, on its own objects */
	A_POST = 2,   /* the object is named only after it was created */
	A_REVIEW = 4, /* a reviewing unit may make it, on any object but one it follows */
	A_SELF = 8    /* a person may make it on herself or her own token, whatever her unit's role */
};

static const struct action_rule {
	const char *action;
	unsigned flags;
} action_rules[] = {
	{ "event.add_org", A_UNIT },
	{ "event.add_organizer", A_UNIT },
	{ "event.create", A_UNIT | A_POST },
	{ "event.delete", A_UNIT },
	{ "event.update", A_UNIT },
	{ "expert.create", A_UNIT | A_POST },
	{ "expert.delete", A_UNIT },
	{ "expert.update", A_UNIT },
	{ "org.create", A_UNIT | A_POST },
	{ "org.delete", A_UNIT },
	{ "org.request_review", A_UNIT },
	{ "org.review", A_REVIEW },
	{ "org.set_hq", A_UNIT },
	{ "org.set_stage", A_UNIT },
	{ "org.update", A_UNIT },
	{ "partner.create", A_UNIT | A_POST },
	{ "partner.delete", A_UNIT },
	{ "partner.update", A_UNIT },
	{ "report.submit", A_UNIT | A_POST },
	{ "request.create", A_UNIT | A_POST },
	{ "request.delete", A_UNIT },
	{ "request.resolve", A_UNIT },
	{ "request.update", A_UNIT },
	{ "token.add", A_POST },
	{ "token.revoke", A_SELF },
	{ "user.add", A_POST },
	{ "user.set_password", A_SELF },
	{ "zone.set_facts", A_UNIT },
	/* everything else (plan, tasks, KPIs, reference data, roles, bulk
	 * loads) is for administrators only */
};

static int rule_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct action_rule *)elem)->action);
}

static unsigned action_flags(const char *action)
{
	const struct action_rule *r =
	    bsearch(action, action_rules, sizeof action_rules / sizeof action_rules[0],
	            sizeof action_rules[0], rule_cmp);
	return r ? r->flags : 0;
}

/* ---- object kinds: their rows (for before/after) and their owners ----
 * Each kind is described by the module that owns its table (struct
 * goc__kind, internal.h); the write passes its descriptor down (w->kind).
 * Its statements are prepared once per handle, in a slot found by the
 * descriptor's address. */

#define KIND_SLOTS 32
#define KIND_NAME(w) ((w)->kind ? (w)->kind->name : "")

struct kind_stmts {
	const struct goc__kind *kind;
	sqlite3_stmt *snapshot, *owner, *self;
};

/* Columns never shown in the trail: what a password or a token is checked
 * against. */
static bool secret_column(const char *col)
{
	return strcmp(col, "password_hash") == 0 || strcmp(col, "token_sha256") == 0;
}

struct goc__audit_cache {
	struct kind_stmts kinds[KIND_SLOTS];
	size_t n_kinds;
	sqlite3_stmt *access;
	sqlite3_stmt *person;
	sqlite3_stmt *last;
	sqlite3_stmt *insert;
	sqlite3_stmt *insert_batch; /* AUDIT_BATCH records in one statement */
	/* The last record appended inside the caller's transaction number
	 * last_epoch (goc_db_begin()): within it nobody else can append, so a
	 * bulk load need not read it back before every record. */
	bool last_valid;
	unsigned long last_epoch;
	int64_t last_seq;
	uint8_t last_hash[GOC__HASH_SIZE];
};

void goc__audit_forget(goc_db *db)
{
	if (db->audit)
		db->audit->last_valid = false;
}

void goc__audit_close(goc_db *db)
{
	struct goc__audit_cache *c = db->audit;
	if (!c)
		return;
	for (size_t i = 0; i < c->n_kinds; i++) {
		sqlite3_finalize(c->kinds[i].snapshot);
		sqlite3_finalize(c->kinds[i].owner);
		sqlite3_finalize(c->kinds[i].self);
	}
	sqlite3_finalize(c->access);
	sqlite3_finalize(c->person);
	sqlite3_finalize(c->last);
	sqlite3_finalize(c->insert);
	sqlite3_finalize(c->insert_batch);
	goc__free(c);
	db->audit = NULL;
	while (db->denials) {
		struct goc__denial *d = db->denials;
		db->denials = d->next;
		goc__free(d);
	}
}

static int cache(goc_db *db, struct goc__audit_cache **out)
{
	if (!db->audit) {
		db->audit = goc__malloc(sizeof *db->audit);
		if (!db->audit)
			return goc__err(db, GOC_ENOMEM, "audit trail: out of memory");
		memset(db->audit, 0, sizeof *db->audit);
	}
	*out = db->audit;
	return GOC_OK;
}

/* Prepare (once per handle) a cached statement; reset it otherwise. */
static int cached(goc_db *db, sqlite3_stmt **slot, const char *sql)
{
	if (*slot) {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
		return GOC_OK;
	}
	int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
	if (rc != SQLITE_OK) {
		*slot = NULL;
		return goc__sqlerr(db, rc, "preparing the audit trail's statements");
	}
	return GOC_OK;
}

/* "SELECT json_object('c1', t.c1, …) FROM table t WHERE t.key = ?1", built
 * from the table's columns so a column added by a later schema is shown. */
static int snapshot_sql(goc_db *db, const struct goc__kind *k, char **out)
{
	sqlite3_str *s = sqlite3_str_new(db->sql);
	sqlite3_str_appendall(s, "SELECT ");
	sqlite3_str_appendall(s, k->multi ? "json_group_array(json_object(" : "json_object(");
	sqlite3_stmt *st;
	char pragma[96];
	snprintf(pragma, sizeof pragma, "SELECT name FROM pragma_table_info('%s') ORDER BY cid",
	         k->table);
	int rc = goc__prepare(db, pragma, &st);
	if (rc != GOC_OK) {
		sqlite3_free(sqlite3_str_finish(s));
		return rc;
	}
	int n = 0, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *col = goc__col_text(st, 0);
		if (!col || secret_column(col))
			continue;
		sqlite3_str_appendf(s, "%s'%q', t.\"%w\"", n++ ? ", " : "", col, col);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		sqlite3_free(sqlite3_str_finish(s));
		return goc__sqlerr(db, step, "reading the schema for the audit trail");
	}
	if (k->extra)
		sqlite3_str_appendf(s, ", %s", k->extra);
	sqlite3_str_appendf(s, "%s FROM \"%w\" t WHERE t.\"%w\" = ?1",
	                    k->multi ? "))" : ")", k->table, k->key);
	if (k->multi)
		sqlite3_str_appendf(s, " HAVING count(*) > 0");
	*out = sqlite3_str_finish(s);
	if (!*out)
		return goc__err(db, GOC_ENOMEM, "audit trail: out of memory");
	return GOC_OK;
}

static void bind_key(sqlite3_stmt *st, const struct goc__kind *k, const char *id)
{
	if (k->int_key)
		sqlite3_bind_int64(st, 1, strtoll(id, NULL, 10));
	else
		goc__bind_text(st, 1, id);
}

/* The statements of kind k on this handle (a new slot the first time). */
static int kind_stmts(goc_db *db, const struct goc__kind *k, struct kind_stmts **out)
{
	struct goc__audit_cache *c = NULL;
	int rc = cache(db, &c);
	if (rc != GOC_OK)
		return rc;
	for (size_t i = 0; i < c->n_kinds; i++)
		if (c->kinds[i].kind == k) {
			*out = &c->kinds[i];
			return GOC_OK;
		}
	if (c->n_kinds == KIND_SLOTS) /* GCOVR_EXCL_BR_LINE: libgoc has fewer kinds (18) */
		return goc__err(db, GOC_ERROR, "audit trail: more than %d kinds of object",
		                KIND_SLOTS);
	*out = &c->kinds[c->n_kinds++];
	(*out)->kind = k;
	return GOC_OK;
}

/* The object's row(s) as JSON, or NULL (no such object or no table).  id
 * is not NULL ("" when no object is named). */
static int snapshot(goc_db *db, const struct goc__kind *k, const char *id, char **out)
{
	*out = NULL;
	if (!k || !k->table || !*id)
		return GOC_OK;
	struct kind_stmts *ks = NULL;
	int rc = kind_stmts(db, k, &ks);
	if (rc != GOC_OK)
		return rc;
	if (!ks->snapshot) {
		char *sql;
		rc = snapshot_sql(db, k, &sql);
		if (rc != GOC_OK)
			return rc;
		rc = cached(db, &ks->snapshot, sql);
		sqlite3_free(sql);
	} else {
		rc = cached(db, &ks->snapshot, NULL);
	}
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = ks->snapshot;
	bind_key(st, k, id);
	int step = sqlite3_step(st);
	/* json_object() is never NULL; a json_group_array() of no rows gives
	 * no row (HAVING count(*) > 0) */
	if (step == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) { /* GCOVR_EXCL_BR_LINE: see above */
		*out = goc__strdup(goc__col_text(st, 0));
		if (!*out)
			rc = goc__err(db, GOC_ENOMEM, "audit trail: out of memory");
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = goc__sqlerr(db, step, "reading an object for the audit trail");
	}
	sqlite3_reset(st);
	return rc;
}

/* Does the object exist, and is it the actor's?  (Kinds without an owner
 * rule are not reached here: their actions are for administrators.) */
static int owned(goc_db *db, const struct goc__kind *k, const char *id, bool *exists,
                 bool *mine, char owner[GOC__OWNER_MAX])
{
	*exists = *mine = false;
	owner[0] = '\0';
	if (!k || !k->owner_sql || !*id) /* id: as snapshot()'s */
		return GOC_OK;
	struct kind_stmts *ks = NULL;
	int rc = kind_stmts(db, k, &ks);
	if (rc == GOC_OK)
		rc = cached(db, &ks->owner, k->owner_sql);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = ks->owner;
	bind_key(st, k, id);
	goc__bind_text(st, 2, db->actor);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*exists = true;
		*mine = sqlite3_column_int(st, 0) != 0;
		const char *who = goc__col_text(st, 1);
		if (who)
			snprintf(owner, GOC__OWNER_MAX, "'%s'", who);
		else
			snprintf(owner, GOC__OWNER_MAX, "no unit");
	} else if (step != SQLITE_DONE) {
		rc = goc__sqlerr(db, step, "checking the acting unit's permission");
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- the hash chain ---- */

static void feed(struct sha256_ctx *h, const char *s, size_t n, bool null)
{
	uint8_t len[4];
	uint32_t v = null ? 0xFFFFFFFFu : (uint32_t)n;
	len[0] = (uint8_t)(v >> 24);
	len[1] = (uint8_t)(v >> 16);
	len[2] = (uint8_t)(v >> 8);
	len[3] = (uint8_t)v;
	sha256_update(h, 4, len);
	if (!null && n)
		sha256_update(h, n, (const uint8_t *)s);
}

static void feed_str(struct sha256_ctx *h, const char *s)
{
	feed(h, s, s ? strlen(s) : 0, s == NULL);
}

/* The content of one record, in the order the hash covers it. */
struct record {
	int64_t seq;
	const char *time, *actor, *person, *action, *kind, *id, *outcome, *detail,
	    *before, *after;
	int layout; /* 1: written before schema 8, without `person`; 2 */
};

/* The layouts of a record's hash (docs/integrators.md): layout 2 is
 * layout 1 with its own domain and `person` right after `actor`. */
#define HASH_DOMAIN_1 "libgoc audit 1"
#define HASH_DOMAIN_2 "libgoc audit 2"
#define LAYOUT_NOW 2

static void record_hash(const uint8_t prev[GOC__HASH_SIZE], const struct record *r,
                        uint8_t out[GOC__HASH_SIZE])
{
	struct sha256_ctx h;
	sha256_init(&h);
	if (r->layout == 1) /* with its NUL */
		sha256_update(&h, sizeof HASH_DOMAIN_1, (const uint8_t *)HASH_DOMAIN_1);
	else
		sha256_update(&h, sizeof HASH_DOMAIN_2, (const uint8_t *)HASH_DOMAIN_2);
	sha256_update(&h, GOC__HASH_SIZE, prev);
	char seq[24];
	int n = snprintf(seq, sizeof seq, "%lld", (long long)r->seq);
	feed(&h, seq, (size_t)n, false);
	feed_str(&h, r->time);
	feed_str(&h, r->actor);
	if (r->layout != 1)
		feed_str(&h, r->person);
	feed_str(&h, r->action);
	feed_str(&h, r->kind);
	feed_str(&h, r->id);
	feed_str(&h, r->outcome);
	feed_str(&h, r->detail);
	feed_str(&h, r->before);
	feed_str(&h, r->after);
	sha256_digest(&h, GOC__HASH_SIZE, out);
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static void now_utc(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000));
}

#define SQL_LAST "SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1"
#define SQL_INSERT                                                              \
	"INSERT INTO change_log (seq, recorded_at, actor, action, object_kind,"  \
	" object_id, outcome, detail, before, after, hash, person, layout)"      \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"

/* ---- records of a write that makes many objects ----
 * goc__audit_record()'s records wait in the write's batch and go into the
 * table AUDIT_BATCH at a time, in one INSERT.  change_log's trigger makes
 * SQLite keep a statement journal for every INSERT into it, and inside the
 * caller's transaction (a SAVEPOINT) it walks that journal from its start
 * at each statement's end: one statement per record made a bulk create's
 * cost per organization grow with its array (bench/RESULTS.md). */

#define AUDIT_BATCH 32

struct goc__audit_batch {
	size_t n;
	struct batch_item {
		int64_t seq;
		char time[32];
		char *id, *after;
		uint8_t hash[GOC__HASH_SIZE];
	} item[AUDIT_BATCH];
};

/* Prepare (once per handle) the cached statement in *slot.  `quiet`: as
 * append()'s (a SQLite code, no message). */
static int prepared(goc_db *db, sqlite3_stmt **slot, const char *sql, bool quiet,
                    const char *context)
{
	if (*slot)
		return quiet ? SQLITE_OK : GOC_OK;
	if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) ==
	    SQLITE_OK)
		return quiet ? SQLITE_OK : GOC_OK;
	*slot = NULL;
	return quiet ? SQLITE_ERROR : goc__sqlerr(db, sqlite3_errcode(db->sql), context);
}

/* The record a new one follows in the chain: the last of `b` (records of
 * the write still waiting), else the one this handle appended last in the
 * caller's transaction (nobody else can append within it), else the
 * table's last.  `quiet`: as append()'s. */
static int chain_last(goc_db *db, struct goc__audit_cache *c, const struct goc__audit_batch *b,
                      int64_t *seq, uint8_t prev[GOC__HASH_SIZE], bool quiet)
{
	*seq = 0;
	memset(prev, 0, GOC__HASH_SIZE);
	if (b && b->n) {
		*seq = b->item[b->n - 1].seq;
		memcpy(prev, b->item[b->n - 1].hash, GOC__HASH_SIZE);
		return quiet ? SQLITE_OK : GOC_OK;
	}
	if (c->last_valid && db->user_txn && c->last_epoch == db->txn_epoch) {
		*seq = c->last_seq;
		memcpy(prev, c->last_hash, GOC__HASH_SIZE);
		return quiet ? SQLITE_OK : GOC_OK;
	}
	int rc = prepared(db, &c->last, SQL_LAST, quiet, "reading the audit trail");
	if (rc != (quiet ? SQLITE_OK : GOC_OK))
		return rc;
	sqlite3_stmt *st = c->last;
	sqlite3_reset(st);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == GOC__HASH_SIZE)
			memcpy(prev, sqlite3_column_blob(st, 1), GOC__HASH_SIZE);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return quiet ? step : goc__sqlerr(db, step, "reading the audit trail");
	return quiet ? SQLITE_OK : GOC_OK;
}

/* Bind a record's 13 columns (SQL_INSERT's order) from parameter `base`
 * on.  Every parameter is bound, and every bind checked: a text that could
 * not be copied (out of memory) would go in as NULL under a hash of the
 * text, a record that never verifies.  false: out of memory. */
static bool bind_record(sqlite3_stmt *st, int base, const struct record *r,
                        const uint8_t hash[GOC__HASH_SIZE])
{
	bool bound = sqlite3_bind_int64(st, base, r->seq) == SQLITE_OK;
	const char *text[] = { r->time, r->actor, r->action, r->kind, r->id,
	                       r->outcome, r->detail, r->before, r->after };
	for (int i = 0; i < 9; i++)
		bound = goc__bind_text(st, base + 1 + i, text[i]) == SQLITE_OK && bound;
	bound = sqlite3_bind_blob(st, base + 10, hash, GOC__HASH_SIZE, SQLITE_TRANSIENT) ==
	            SQLITE_OK && bound;
	bound = goc__bind_text(st, base + 11, r->person) == SQLITE_OK && bound;
	bound = sqlite3_bind_int(st, base + 12, r->layout) == SQLITE_OK && bound;
	return bound;
}

/* The chain now ends at (seq, hash), appended in this transaction. */
static void chain_moved(goc_db *db, struct goc__audit_cache *c, int64_t seq,
                        const uint8_t hash[GOC__HASH_SIZE])
{
	c->last_valid = true;
	c->last_epoch = db->txn_epoch;
	c->last_seq = seq;
	memcpy(c->last_hash, hash, GOC__HASH_SIZE);
}

/* Append a record (inside the caller's transaction).  `quiet`: use no
 * error reporting, so a refusal's message survives (returns a SQLite code). */
static int append(goc_db *db, struct record *r, bool quiet)
{
	/* quiet: a refusal waiting (goc__audit_refused() made the cache) */
	struct goc__audit_cache *c = db->audit;
	if (!quiet) {
		int rc = cache(db, &c);
		if (rc != GOC_OK)
			return rc;
	}
	uint8_t prev[GOC__HASH_SIZE];
	int64_t seq;
	int rc = chain_last(db, c, NULL, &seq, prev, quiet);
	if (rc != (quiet ? SQLITE_OK : GOC_OK))
		return rc;
	r->seq = seq + 1;
	char time[32];
	now_utc(time);
	r->time = time;
	r->layout = LAYOUT_NOW;
	uint8_t hash[GOC__HASH_SIZE];
	record_hash(prev, r, hash);

	rc = prepared(db, &c->insert, SQL_INSERT, quiet, "recording the change");
	if (rc != (quiet ? SQLITE_OK : GOC_OK))
		return rc;
	sqlite3_stmt *st = c->insert;
	sqlite3_reset(st);
	if (!bind_record(st, 1, r, hash)) {
		sqlite3_reset(st);
		r->time = NULL;
		return quiet ? SQLITE_NOMEM
		             : goc__err(db, GOC_ENOMEM, "recording the change: out of memory");
	}
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	r->time = NULL;
	if (step != SQLITE_DONE) {
		c->last_valid = false;
		return quiet ? step : goc__sqlerr(db, step, "recording the change");
	}
	chain_moved(db, c, r->seq, hash);
	return quiet ? SQLITE_OK : GOC_OK;
}

/* The record of an object made by write w (the fields every record of
 * the write shares, and its own). */
static struct record write_record(goc_db *db, const struct goc__write *w, const char *id,
                                  const char *after)
{
	return (struct record){
		.actor = db->actor, .person = db->user, .action = w->action, .kind = KIND_NAME(w),
		.id = id[0] ? id : NULL, .outcome = goc_audit_outcome_str(GOC_AUDIT_OK),
		.before = w->before, .after = after, .layout = LAYOUT_NOW,
	};
}

static void batch_clear(struct goc__audit_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		goc__free(b->item[i].id);
		goc__free(b->item[i].after);
	}
	b->n = 0;
}

/* The statement that inserts AUDIT_BATCH records. */
static int batch_stmt(goc_db *db, struct goc__audit_cache *c, sqlite3_stmt **out)
{
	if (!c->insert_batch) {
		sqlite3_str *s = sqlite3_str_new(db->sql);
		sqlite3_str_appendall(s, "INSERT INTO change_log (seq, recorded_at, actor, action,"
		                         " object_kind, object_id, outcome, detail, before, after,"
		                         " hash, person, layout) VALUES ");
		for (int i = 0; i < AUDIT_BATCH; i++)
			sqlite3_str_appendall(s, i ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?)"
			                           : "(?,?,?,?,?,?,?,?,?,?,?,?,?)");
		char *sql = sqlite3_str_finish(s);
		if (!sql)
			return goc__err(db, GOC_ENOMEM, "recording the change: out of memory");
		int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
		                            &c->insert_batch, NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK) {
			c->insert_batch = NULL;
			return goc__sqlerr(db, rc, "recording the change");
		}
	}
	*out = c->insert_batch;
	sqlite3_reset(*out);
	return GOC_OK;
}

/* Insert the write's waiting records: a full batch in one statement, a
 * part one by one. */
static int batch_flush(goc_db *db, struct goc__write *w)
{
	struct goc__audit_batch *b = w->batch;
	struct goc__audit_cache *c = db->audit;
	if (!b || b->n == 0)
		return GOC_OK;
	bool whole = b->n == AUDIT_BATCH;
	sqlite3_stmt *st = NULL;
	int rc = whole ? batch_stmt(db, c, &st)
	               : prepared(db, &c->insert, SQL_INSERT, false, "recording the change");
	for (size_t i = 0; rc == GOC_OK && i < b->n; i++) {
		struct batch_item *it = &b->item[i];
		struct record r = write_record(db, w, it->id, it->after);
		r.seq = it->seq;
		r.time = it->time;
		if (!whole) {
			st = c->insert;
			sqlite3_reset(st);
		}
		if (!bind_record(st, whole ? 1 + 13 * (int)i : 1, &r, it->hash))
			rc = goc__err(db, GOC_ENOMEM, "recording the change: out of memory");
		else if (!whole || i + 1 == b->n)
			rc = goc__step_done(db, st, "recording the change");
	}
	if (st)
		sqlite3_reset(st);
	if (rc == GOC_OK)
		chain_moved(db, c, b->item[b->n - 1].seq, b->item[b->n - 1].hash);
	else
		c->last_valid = false;
	batch_clear(b);
	return rc;
}

/* Add the record of an object made by write w to the write's batch
 * (allocated at its first record), inserting the batch when it is full. */
static int batch_add(goc_db *db, struct goc__write *w, const char *id, const char *after)
{
	struct goc__audit_cache *c = NULL;
	int rc = cache(db, &c);
	if (rc != GOC_OK)
		return rc;
	if (!w->batch) {
		w->batch = goc__malloc(sizeof *w->batch);
		if (!w->batch)
			return goc__err(db, GOC_ENOMEM, "recording the change: out of memory");
		w->batch->n = 0;
	}
	struct goc__audit_batch *b = w->batch;
	uint8_t prev[GOC__HASH_SIZE];
	int64_t seq;
	rc = chain_last(db, c, b, &seq, prev, false);
	if (rc != GOC_OK)
		return rc;
	struct batch_item *it = &b->item[b->n];
	struct record r = write_record(db, w, id, after);
	it->seq = r.seq = seq + 1;
	now_utc(it->time);
	r.time = it->time;
	record_hash(prev, &r, it->hash);
	it->id = goc__strdup(id); /* neither is NULL: record_ok() */
	it->after = goc__strdup(after);
	if (!it->id || !it->after) {
		goc__free(it->id);
		goc__free(it->after);
		return goc__err(db, GOC_ENOMEM, "recording the change: out of memory");
	}
	b->n++;
	return b->n == AUDIT_BATCH ? batch_flush(db, w) : GOC_OK;
}

/* ---- the write path's hooks ---- */

/* The actor's role and whether it reviews risks, read at each write
 * (another handle may change them). */
static int actor_access(goc_db *db, int *access, bool *reviewer)
{
	*access = GOC_ACCESS_ADMIN;
	*reviewer = false;
	if (!db->actor)
		return GOC_OK;
	struct goc__audit_cache *c = NULL;
	int rc = cache(db, &c);
	if (rc == GOC_OK)
		rc = cached(db, &c->access, "SELECT access, reviewer FROM units WHERE code = ?1");
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(c->access, 1, db->actor);
	int step = sqlite3_step(c->access);
	if (step == SQLITE_ROW) {
		int v = goc__access_value(goc__col_text(c->access, 0));
		*access = v ? v : GOC_ACCESS_VIEWER; /* unknown text: least privilege */
		*reviewer = sqlite3_column_type(c->access, 1) == SQLITE_INTEGER &&
		            sqlite3_column_int64(c->access, 1) == 1;
	} else if (step == SQLITE_DONE) {
		rc = goc__err(db, GOC_EPERM, "%s: the acting unit '%s' is no longer registered",
		              "write refused", db->actor);
	} else {
		rc = goc__sqlerr(db, step, "reading the acting unit's role");
	}
	sqlite3_reset(c->access);
	if (rc != GOC_OK || !db->user)
		return rc;
	/* the person acting: still there and not disabled (another handle
	 * may have disabled her since goc_db_set_user()) */
	rc = cached(db, &c->person, "SELECT disabled, unit FROM users WHERE login = ?1");
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(c->person, 1, db->user);
	step = sqlite3_step(c->person);
	if (step == SQLITE_ROW) {
		const char *unit = goc__col_text(c->person, 1);
		if (sqlite3_column_int64(c->person, 0) != 0)
			rc = goc__err(db, GOC_EPERM, "write refused: the acting person '%s' is disabled",
			              db->user);
		else if (!unit || strcmp(unit, db->actor) != 0)
			rc = goc__err(db, GOC_EPERM,
			              "write refused: the acting person '%s' no longer acts for unit '%s'",
			              db->user, db->actor);
	} else if (step == SQLITE_DONE) {
		rc = goc__err(db, GOC_EPERM, "write refused: the acting person '%s' is not registered",
		              db->user);
	} else {
		rc = goc__sqlerr(db, step, "reading the acting person");
	}
	sqlite3_reset(c->person);
	return rc;
}

int goc__identity_access(goc_db *db, int *access)
{
	bool reviewer;
	return actor_access(db, access, &reviewer);
}

/* The refusal of w: why (a literal marked N_(), translated for the
 * message), then owner if not "" (a unit's code).  The audit trail records
 * the English text (goc__errmsg_en()), whatever the handle's language. */
static int deny_as(goc_db *db, struct goc__write *w, const char *why, const char *owner, int lang)
{
	/* only a unit is refused: the system actor (NULL) is an administrator */
	char who[GOC_CODE_MAX + 80];
	if (db->user)
		snprintf(who, sizeof who, "%s (person %s)", db->actor, db->user);
	else
		snprintf(who, sizeof who, "%s", db->actor);
	char reason[GOC__OWNER_MAX + 256];
	snprintf(reason, sizeof reason, "%s%s%s", goc__translate(lang, why), *owner ? " " : "", owner);
	const char *actor = who;
	const char *role = goc_access_str(w->access);
	int saved = db->lang;
	db->lang = lang;
	int rc;
	if (action_flags(w->action) & A_POST)
		rc = goc__err(db, GOC_EPERM, "%s: actor '%s' (role %s) may not create this %s: %s",
		              w->action, actor, role, goc__translate(lang, KIND_NAME(w)), reason);
	else if (w->object_id[0])
		rc = goc__err(db, GOC_EPERM, "%s: actor '%s' (role %s) may not change %s '%s': %s",
		              w->action, actor, role, goc__translate(lang, KIND_NAME(w)), w->object_id,
		              reason);
	else
		rc = goc__err(db, GOC_EPERM, "%s: actor '%s' (role %s) may not make this change: %s",
		              w->action, actor, role, reason);
	db->lang = saved;
	return rc;
}

static int deny(goc_db *db, struct goc__write *w, const char *why, const char *owner)
{
	if (db->lang == GOC__LANG_EN)
		return deny_as(db, w, why, owner, GOC__LANG_EN);
	char en[GOC_ERRMSG_MAX];
	deny_as(db, w, why, owner, GOC__LANG_EN);
	memcpy(en, goc__errmsg_en(db), sizeof en);
	int rc = deny_as(db, w, why, owner, db->lang);
	memcpy(db->err_en, en, sizeof db->err_en);
	return rc;
}

/* Decide what the actor's role allows.  A refusal is only noted here and
 * given by goc__audit_commit(), once the object is named, so the message
 * can name it; the write itself is undone. */
int goc__authorize(goc_db *db, struct goc__write *w)
{
	if (db->write_depth > 0) {
		/* a write made by libgoc within another (a demo load's plan
		 * load …): the outer write is the one checked and recorded */
		w->access = GOC_ACCESS_ADMIN;
		w->nested = true;
		return GOC_OK;
	}
	bool reviewer = false;
	int rc = actor_access(db, &w->access, &reviewer);
	db->write_access = w->access;
	if (rc != GOC_OK || w->access == GOC_ACCESS_ADMIN)
		return rc;
	unsigned flags = action_flags(w->action);
	if (flags & A_SELF)
		return GOC_OK; /* decided when the object is named */
	if (w->access == GOC_ACCESS_VIEWER)
		w->denied = N_("a viewer reads only");
	else if ((flags & A_REVIEW) && !reviewer)
		w->denied = N_("only a reviewing unit or an administrator records a risk review"
		               " (the unit following an organization may request one)");
	else if (!(flags & (A_UNIT | A_REVIEW)))
		w->denied = N_("only an administrator may do that");
	return GOC_OK;
}

/* An action a person may make on herself (her password) or her own token,
 * whatever her unit's role; anyone else needs an administrator. */
static int self_only(goc_db *db, struct goc__write *w)
{
	static const char *const why =
	    N_("only an administrator or the person herself may do that");
	if (!db->user) {
		w->denied = why;
		return GOC_OK;
	}
	const struct goc__kind *k = w->kind;
	if (!k) {
		w->denied = why; /* an object of no kind is nobody's */
		return GOC_OK;
	}
	if (k->self_key) {
		if (strcmp(w->object_id, db->user) != 0)
			w->denied = why;
		return GOC_OK;
	}
	/* the other kinds of A_SELF actions (tokens) say whose an object is */
	if (!k->self_sql) { /* GCOVR_EXCL_BR_LINE: every one has self_sql */
		w->denied = why;
		return GOC_OK;
	}
	struct kind_stmts *ks = NULL;
	int rc = kind_stmts(db, k, &ks);
	if (rc == GOC_OK)
		rc = cached(db, &ks->self, k->self_sql);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = ks->self;
	bind_key(st, k, w->object_id);
	goc__bind_text(st, 2, db->user);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) != 1)
			w->denied = why;
	} else if (step == SQLITE_DONE) {
		w->denied = why; /* no such object: not hers either */
	} else {
		char context[64];
		snprintf(context, sizeof context, "reading whose the %s is", k->name);
		rc = goc__sqlerr(db, step, context);
	}
	sqlite3_reset(st);
	return rc;
}

int goc__audit_object(goc_db *db, struct goc__write *w)
{
	if (action_flags(w->action) & A_POST)
		return GOC_OK; /* created by this write: nothing before it */
	int rc = snapshot(db, w->kind, w->object_id, &w->before);
	if (rc == GOC_OK && (action_flags(w->action) & A_SELF) && w->access != GOC_ACCESS_ADMIN)
		return self_only(db, w);
	if (rc != GOC_OK || w->access != GOC_ACCESS_UNIT)
		return rc;
	bool exists, mine;
	if (action_flags(w->action) & A_REVIEW) {
		/* a reviewer reviews any organization but one it follows */
		char owner[GOC__OWNER_MAX];
		if (w->denied)
			return GOC_OK;
		rc = owned(db, w->kind, w->object_id, &exists, &mine, owner);
		if (rc == GOC_OK && exists && mine)
			w->denied = N_("the acting unit follows it, and the following unit may request"
			               " a risk review but not record one");
		return rc;
	}
	rc = owned(db, w->kind, w->object_id, &exists, &mine, w->owner);
	if (rc == GOC_OK && exists && !mine)
		w->denied = N_("it belongs to");
	return rc;
}

/* Record one object of a write that went through: a unit may not have
 * handed it to another; `after` is its state as JSON, or NULL to read it. */
static int record_ok(goc_db *db, struct goc__write *w, const char *id, const char *after)
{
	int rc;
	if (w->access == GOC_ACCESS_UNIT && !(action_flags(w->action) & A_REVIEW)) {
		bool exists = false, mine = false;
		char owner[GOC__OWNER_MAX];
		rc = owned(db, w->kind, id, &exists, &mine, owner);
		if (rc != GOC_OK)
			return rc;
		if (exists && !mine)
			return deny(db, w, N_("it would belong to"), owner);
	}
	char *read = NULL;
	if (!after) {
		rc = snapshot(db, w->kind, id, &read);
		if (rc != GOC_OK)
			return rc;
		after = read;
	}
	if (w->recorded) {
		rc = batch_add(db, w, id, after);
	} else {
		struct record r = write_record(db, w, id, after);
		rc = append(db, &r, false);
	}
	goc__free(read);
	return rc;
}

int goc__audit_commit(goc_db *db, struct goc__write *w)
{
	if (w->denied)
		return deny(db, w, w->denied, w->owner);
	if (w->recorded)
		return batch_flush(db, w); /* the objects' records still waiting */
	return record_ok(db, w, w->object_id, NULL);
}

/* (Its caller stops at a refusal noted by goc__write_begin(): w->denied
 * is given when the write ends.) */
int goc__audit_record(goc_db *db, struct goc__write *w, const char *id, const char *after)
{
	w->recorded = true;
	return record_ok(db, w, id, after);
}

void goc__audit_write_done(struct goc__write *w)
{
	goc__free(w->before);
	w->before = NULL;
	if (w->batch) { /* records of a write undone */
		batch_clear(w->batch);
		goc__free(w->batch);
		w->batch = NULL;
	}
}

/* Record a refusal now, in a transaction of its own; on failure keep it
 * for later.  Never touches the error state the caller is about to see. */
static int write_denial(goc_db *db, struct goc__denial *d)
{
	if (sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return SQLITE_BUSY;
	struct record r = {
		.actor = d->actor, /* a unit: only units are refused (deny()) */
		.person = d->person[0] ? d->person : NULL, .action = d->action,
		.kind = d->kind, .id = d->id[0] ? d->id : NULL, .outcome = goc_audit_outcome_str(GOC_AUDIT_DENIED),
		.detail = d->detail,
	};
	int rc = append(db, &r, true);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

void goc__audit_flush(goc_db *db)
{
	if (db->user_txn || db->readonly)
		return;
	while (db->denials) {
		struct goc__denial *d = db->denials;
		if (write_denial(db, d) != SQLITE_OK)
			return; /* keep it (and the later ones) for the next chance */
		db->denials = d->next;
		goc__free(d);
	}
}

/* (A read-only handle's writes end before they are authorized.) */
void goc__audit_refused(goc_db *db, const struct goc__write *w)
{
	struct goc__audit_cache *c = NULL;
	struct goc__denial *d = goc__malloc(sizeof *d);
	if (!d || (!db->audit && cache(db, &c) != GOC_OK)) {
		goc__free(d);
		return; /* out of memory: the refusal itself still stands */
	}
	memset(d, 0, sizeof *d);
	snprintf(d->actor, sizeof d->actor, "%s", db->actor);
	snprintf(d->person, sizeof d->person, "%s", db->user ? db->user : "");
	snprintf(d->action, sizeof d->action, "%s", w->action);
	snprintf(d->kind, sizeof d->kind, "%s", KIND_NAME(w));
	/* a refused create names no object: the id it got was rolled back */
	snprintf(d->id, sizeof d->id, "%s",
	         action_flags(w->action) & A_POST ? "" : w->object_id);
	/* in English whatever the handle's language: the trail is one record
	 * for every reader */
	snprintf(d->detail, sizeof d->detail, "%s", goc__errmsg_en(db));
	/* append in order: after any refusal still waiting */
	struct goc__denial **p = &db->denials;
	while (*p)
		p = &(*p)->next;
	*p = d;
	goc__audit_flush(db);
}

/* ---- reading the trail ---- */

#define AUDIT_COLS \
	"seq, recorded_at, actor, action, object_kind, object_id, outcome, detail," \
	" before, after, hash, person, layout"
/* The same before schema 8 (the migration to schema 4 reads it) */
#define AUDIT_COLS_V1 \
	"seq, recorded_at, actor, action, object_kind, object_id, outcome, detail," \
	" before, after, hash, NULL, 1"

static void read_audit(sqlite3_stmt *st, void *row)
{
	struct goc_audit_record *r = row;
	r->seq = sqlite3_column_int64(st, 0);
	r->time = goc__col_text(st, 1);
	r->actor = goc__col_text(st, 2);
	r->action = goc__col_text(st, 3);
	r->object_kind = goc__col_text(st, 4);
	r->object_id = goc__col_text(st, 5);
	r->outcome = goc__audit_outcome_value(goc__col_text(st, 6));
	r->detail = goc__col_text(st, 7);
	r->before = goc__col_text(st, 8);
	r->after = goc__col_text(st, 9);
	if (sqlite3_column_bytes(st, 10) == GOC__HASH_SIZE)
		hex(sqlite3_column_blob(st, 10), GOC__HASH_SIZE, r->hash);
	else
		r->hash[0] = '\0';
	r->person = goc__col_text(st, 11);
	r->layout = sqlite3_column_int(st, 12);
}

GOC_API int goc_audit_list(goc_cursor **out, goc_db *db, const goc_audit_filter *filter)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	const goc_audit_filter none = GOC_AUDIT_FILTER_INIT;
	const goc_audit_filter *f = filter ? filter : &none;
	if (f->version != GOC_AUDIT_FILTER_VERSION)
		return goc__err(db, GOC_EINVAL,
		                "filter: version %u is not a goc_audit_filter version this"
		                " library knows (%d)", f->version, GOC_AUDIT_FILTER_VERSION);
	if (f->outcome && !goc_audit_outcome_str(f->outcome))
		return goc__err(db, GOC_EINVAL, "outcome: %d is not an audit outcome", f->outcome);
	if (f->object_id && !f->object_kind)
		return goc__err(db, GOC_EINVAL, "object_id: needs object_kind as well");
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "SELECT " AUDIT_COLS " FROM change_log"
	    " WHERE seq > ?1"
	    " AND (?2 IS NULL OR (CASE WHEN ?2 = '' THEN actor IS NULL ELSE actor = ?2 END))"
	    " AND (?3 IS NULL OR object_kind = ?3) AND (?4 IS NULL OR object_id = ?4)"
	    " AND (?5 IS NULL OR action = ?5) AND (?6 IS NULL OR outcome = ?6)"
	    " ORDER BY seq", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, f->after_seq);
	goc__bind_text(st, 2, f->actor);
	goc__bind_text(st, 3, f->object_kind);
	goc__bind_text(st, 4, f->object_id);
	goc__bind_text(st, 5, f->action);
	goc__bind_text(st, 6, f->outcome ? goc_audit_outcome_str(f->outcome) : NULL);
	return goc__cursor_new(out, db, st, CUR_AUDIT, read_audit);
}

GOC_API const goc_audit_record *goc_cursor_audit(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_AUDIT);
}

GOC_API int64_t goc_audit_seq(const goc_audit_record *r) { return r ? r->seq : 0; }
GOC_API const char *goc_audit_time(const goc_audit_record *r) { return r ? r->time : NULL; }
GOC_API const char *goc_audit_actor(const goc_audit_record *r) { return r ? r->actor : NULL; }
GOC_API const char *goc_audit_action(const goc_audit_record *r) { return r ? r->action : NULL; }
GOC_API const char *goc_audit_object_kind(const goc_audit_record *r) { return r ? r->object_kind : NULL; }
GOC_API const char *goc_audit_object_id(const goc_audit_record *r) { return r ? r->object_id : NULL; }
GOC_API int goc_audit_outcome(const goc_audit_record *r) { return r ? r->outcome : 0; }
GOC_API const char *goc_audit_detail(const goc_audit_record *r) { return r ? r->detail : NULL; }
GOC_API const char *goc_audit_before(const goc_audit_record *r) { return r ? r->before : NULL; }
GOC_API const char *goc_audit_after(const goc_audit_record *r) { return r ? r->after : NULL; }
GOC_API const char *goc_audit_hash(const goc_audit_record *r) { return r ? r->hash : NULL; }
GOC_API const char *goc_audit_person(const goc_audit_record *r) { return r ? r->person : NULL; }
GOC_API int goc_audit_layout(const goc_audit_record *r) { return r ? r->layout : 0; }

GOC_API int goc_audit_head(int64_t *seq, char hash[65], goc_db *db)
{
	if (!seq || !hash)
		return goc__err(db, GOC_EINVAL, "%s: must not be NULL", !seq ? "seq" : "hash");
	*seq = 0;
	memset(hash, '0', 64);
	hash[64] = '\0';
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, SQL_LAST, &st);
	if (rc != GOC_OK)
		return rc;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == GOC__HASH_SIZE)
			hex(sqlite3_column_blob(st, 1), GOC__HASH_SIZE, hash);
	} else if (step != SQLITE_DONE) {
		rc = goc__sqlerr(db, step, "reading the audit trail");
	}
	sqlite3_finalize(st);
	return rc;
}

/* goc_db_data_version() (declared in goc/db.h): the last audit record,
 * folded into one number.  Every change libgoc makes appends a record in
 * its own transaction, and no two records share a hash (each covers its
 * predecessor's and its time), so the number changes with every committed
 * change and a rolled-back record's number never comes back. */
GOC_API int goc_db_data_version(goc_db *db, int64_t *out_version)
{
	if (!out_version)
		return goc__err(db, GOC_EINVAL, "out_version: must not be NULL");
	*out_version = 0;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, SQL_LAST, &st);
	if (rc != GOC_OK)
		return rc;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		uint64_t v = (uint64_t)sqlite3_column_int64(st, 0);
		const uint8_t *h = sqlite3_column_blob(st, 1);
		int n = sqlite3_column_bytes(st, 1);
		for (int i = 0; h && i < n; i++)
			v = (v ^ h[i]) * UINT64_C(0x100000001b3); /* FNV-1a over seq and hash */
		*out_version = (int64_t)(v >> 1);
	} else if (step != SQLITE_DONE) {
		rc = goc__sqlerr(db, step, "reading the data version");
	}
	sqlite3_finalize(st);
	return rc;
}

static bool parse_hex(const char *s, uint8_t out[GOC__HASH_SIZE])
{
	if (!s || strlen(s) != 2 * GOC__HASH_SIZE)
		return false;
	for (int i = 0; i < 2 * GOC__HASH_SIZE; i++) {
		char ch = s[i];
		int v = ch >= '0' && ch <= '9' ? ch - '0'
		      : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
		      : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (v < 0)
			return false;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(v << 4);
		else
			out[i / 2] |= (uint8_t)v;
	}
	return true;
}

/* A record's content from a row of "SELECT " AUDIT_COLS (strings borrowed). */
static void record_read(sqlite3_stmt *st, struct record *r)
{
	r->seq = sqlite3_column_int64(st, 0);
	r->time = goc__col_text(st, 1);
	r->actor = goc__col_text(st, 2);
	r->action = goc__col_text(st, 3);
	r->kind = goc__col_text(st, 4);
	r->id = goc__col_text(st, 5);
	r->outcome = goc__col_text(st, 6);
	r->detail = goc__col_text(st, 7);
	r->before = goc__col_text(st, 8);
	r->after = goc__col_text(st, 9);
	r->person = goc__col_text(st, 11);
	r->layout = sqlite3_column_int(st, 12);
}

/* The documented storage type of each column of "SELECT " AUDIT_COLS:
 * 'i' INTEGER, 't' TEXT, 'n' TEXT or NULL, 'h' a BLOB of 32 bytes. */
static const char audit_types[] = "itnttntnnnhni";
static const char *const audit_names[] = {
	"seq", "recorded_at", "actor", "action", "object_kind", "object_id", "outcome",
	"detail", "before", "after", "hash", "person", "layout",
};

static const char *type_name(int t)
{
	switch (t) {
	case SQLITE_INTEGER: return "an INTEGER";
	case SQLITE_FLOAT: return "a REAL";
	case SQLITE_TEXT: return "TEXT";
	case SQLITE_BLOB: return "a BLOB";
	default: return "NULL";
	}
}

/* The first column of the row without its documented storage type, or -1;
 * its type in *type.  (Before any column is read as text: a conversion
 * would change what sqlite3_column_type() says.) */
static int bad_type(sqlite3_stmt *st, int *type)
{
	for (int i = 0; audit_types[i]; i++) {
		int t = sqlite3_column_type(st, i);
		bool ok = audit_types[i] == 'i' ? t == SQLITE_INTEGER
		        : audit_types[i] == 't' ? t == SQLITE_TEXT
		        : audit_types[i] == 'n' ? t == SQLITE_TEXT || t == SQLITE_NULL
		        : t == SQLITE_BLOB && sqlite3_column_bytes(st, i) == GOC__HASH_SIZE;
		if (!ok) {
			*type = t;
			return i;
		}
	}
	return -1;
}

/* Walk the chain; on the first bad record set *bad and a message. */
static int walk(goc_db *db, const uint8_t *anchor, int64_t anchor_seq,
                int64_t *checked, int64_t *bad)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT " AUDIT_COLS " FROM change_log ORDER BY seq", &st);
	if (rc != GOC_OK)
		return rc;
	uint8_t prev[GOC__HASH_SIZE] = { 0 };
	int64_t expect = 1;
	bool anchor_seen = false;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int type = 0, col = bad_type(st, &type);
		struct record r;
		record_read(st, &r);
		if (r.seq != expect) {
			*bad = expect;
			rc = goc__err(db, GOC_ECORRUPT,
			              r.seq > expect
			                  ? N_("audit trail: record %lld is missing (the next record is %lld)")
			                  : N_("audit trail: record %lld is out of place (found %lld)"),
			              (long long)expect, (long long)r.seq);
			break;
		}
		if (col >= 0) {
			*bad = r.seq;
			rc = goc__err(db, GOC_ECORRUPT,
			              "audit trail: record %lld: %s is stored as %s%s, not %s"
			              " (the record was altered)", (long long)r.seq, audit_names[col],
			              type_name(type),
			              type == SQLITE_BLOB && audit_types[col] == 'h' ? " of another length" : "",
			              audit_types[col] == 'i' ? "an INTEGER"
			              : audit_types[col] == 't' ? "TEXT"
			              : audit_types[col] == 'n' ? "TEXT or NULL"
			                                        : "a BLOB of 32 bytes");
			break;
		}
		if (r.layout != 1 && r.layout != 2) {
			*bad = r.seq;
			rc = goc__err(db, GOC_ECORRUPT,
			              "audit trail: record %lld has layout %d, not 1 or 2"
			              " (the record was altered)", (long long)r.seq, r.layout);
			break;
		}
		if (r.layout == 1 && r.person) {
			*bad = r.seq;
			rc = goc__err(db, GOC_ECORRUPT,
			              "audit trail: record %lld names a person, but its layout (1)"
			              " does not cover one (the record was altered)", (long long)r.seq);
			break;
		}
		uint8_t h[GOC__HASH_SIZE];
		record_hash(prev, &r, h);
		if (sqlite3_column_bytes(st, 10) != GOC__HASH_SIZE ||
		    memcmp(sqlite3_column_blob(st, 10), h, GOC__HASH_SIZE) != 0) {
			*bad = r.seq;
			rc = goc__err(db, GOC_ECORRUPT,
			              "audit trail: record %lld does not match its hash"
			              " (it, or the record before it, was altered)", (long long)r.seq);
			break;
		}
		if (!goc__audit_outcome_value(r.outcome)) {
			*bad = r.seq;
			rc = goc__err(db, GOC_ECORRUPT, "audit trail: record %lld has no known outcome",
			              (long long)r.seq);
			break;
		}
		if (r.seq == anchor_seq) {
			anchor_seen = true;
			if (memcmp(h, anchor, GOC__HASH_SIZE) != 0) {
				*bad = r.seq;
				rc = goc__err(db, GOC_ECORRUPT,
				              "audit trail: record %lld is not the one anchored"
				              " (the trail was rewritten up to it)", (long long)r.seq);
				break;
			}
		}
		memcpy(prev, h, sizeof prev);
		(*checked)++;
		expect++;
	}
	if (rc == GOC_OK && step != SQLITE_DONE)
		rc = goc__sqlerr(db, step, "reading the audit trail");
	if (rc == GOC_OK && anchor_seq > 0 && !anchor_seen) {
		*bad = expect;
		rc = goc__err(db, GOC_ECORRUPT,
		              "audit trail: record %lld is missing (the anchor names record %lld;"
		              " the trail ends at %lld)", (long long)expect,
		              (long long)anchor_seq, (long long)(expect - 1));
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_audit_verify(int64_t *checked, int64_t *first_bad, goc_db *db,
                             int64_t anchor_seq, const char *anchor_hash)
{
	int64_t n = 0, bad = 0;
	if (checked)
		*checked = 0;
	if (first_bad)
		*first_bad = 0;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	uint8_t anchor[GOC__HASH_SIZE];
	if (anchor_seq < 0)
		return goc__err(db, GOC_EINVAL, "anchor_seq: %lld is negative", (long long)anchor_seq);
	if (anchor_seq > 0 && !parse_hex(anchor_hash, anchor))
		return goc__err(db, GOC_EINVAL, "anchor_hash: must be 64 hexadecimal digits");
	/* one read transaction: one state of the file, even while others write */
	bool own = sqlite3_get_autocommit(db->sql) != 0;
	if (own) {
		rc = goc__exec(db, "BEGIN", "goc_audit_verify");
		if (rc != GOC_OK)
			return rc;
	}
	rc = walk(db, anchor, anchor_seq, &n, &bad);
	if (own && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	if (checked)
		*checked = n;
	if (first_bad)
		*first_bad = bad;
	return rc;
}

/* ---- migration to schema 4: hash the records written before it ---- */

int goc__audit_rehash(goc_db *db)
{
	sqlite3_stmt *sel, *upd;
	int rc = goc__prepare(db, "SELECT " AUDIT_COLS_V1 " FROM change_log ORDER BY seq", &sel);
	if (rc != GOC_OK)
		return rc;
	rc = goc__prepare(db, "UPDATE change_log SET hash = ?2 WHERE seq = ?1", &upd);
	if (rc != GOC_OK) {
		sqlite3_finalize(sel);
		return rc;
	}
	/* The numbers are kept as they were: a record deleted before the
	 * migration still shows as missing to goc_audit_verify(). */
	uint8_t prev[GOC__HASH_SIZE] = { 0 };
	int step;
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		struct record r;
		record_read(sel, &r);
		uint8_t h[GOC__HASH_SIZE];
		record_hash(prev, &r, h);
		sqlite3_bind_int64(upd, 1, r.seq);
		/* a copy (transient) that could not be made leaves the hash NULL */
		if (sqlite3_bind_blob(upd, 2, h, GOC__HASH_SIZE, SQLITE_TRANSIENT) != SQLITE_OK) {
			rc = goc__err(db, GOC_ENOMEM, "audit trail: out of memory");
			break;
		}
		rc = goc__step_done(db, upd, "hashing the audit trail");
		if (rc != GOC_OK)
			break;
		memcpy(prev, h, sizeof prev);
	}
	if (rc == GOC_OK && step != SQLITE_DONE)
		rc = goc__sqlerr(db, step, "hashing the audit trail");
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}

/* ---- asking before writing (goc_db_may, lib/may.c) ---- */

int goc__audit_may(goc_db *db, const char *action, const struct goc__kind *kind,
                   const char *object_id)
{
	if (db->readonly)
		return goc__err(db, GOC_EREADONLY, "%s: %s is opened read-only", action, db->path);
	/* the write path's own two checks, without its transaction or record */
	struct goc__write w;
	memset(&w, 0, sizeof w);
	w.action = action;
	w.kind = kind;
	snprintf(w.object_id, sizeof w.object_id, "%s", object_id ? object_id : "");
	int depth = db->write_depth, access = db->write_access;
	db->write_depth = 0;
	int rc = goc__authorize(db, &w);
	if (rc == GOC_OK && w.object_id[0] && !(action_flags(action) & A_POST)) {
		rc = goc__audit_object(db, &w);
		goc__free(w.before);
		w.before = NULL;
	}
	db->write_depth = depth;
	db->write_access = access;
	if (rc == GOC_OK && w.denied)
		rc = goc__audit_commit(db, &w); /* denied: gives the refusal, writes nothing */
	return rc;
}

/* ---- records made outside the write path (logins, lib/user.c) ---- */

int goc__audit_note(goc_db *db, const char *action, const struct goc__kind *kind,
                    const char *id, const char *person, bool ok, const char *detail)
{
	struct record r = {
		.actor = db->actor, .person = person, .action = action, .kind = kind->name,
		.id = id, .outcome = ok ? "ok" : "denied", .detail = detail,
	};
	return append(db, &r, false);
}
