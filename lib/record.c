/*
 * libgoc — the shells every record module had a copy of, once, over the
 * record kinds (struct goc__kind in internal.h): a getter by id, a cursor
 * and its row, a write on one object, a create, a delete.  Above write.c
 * and cursor.c; the record modules call it with their own descriptors.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The kind's noun in messages, in the handle's language. */
static const char *noun(goc_db *db, const struct goc__kind *k)
{
	/* the nouns of the kinds (their `noun`, else `name`), marked here
	 * for the catalogue: the descriptors keep them as they are, since
	 * `name` is also the kind in the audit trail */
	static const char *const nouns[] = {
		N_("database"), N_("event"), N_("expert"), N_("group"), N_("kpi"),
		N_("organization"), N_("partner"), N_("person"), N_("plan"), N_("reference"),
		N_("report"), N_("service request"), N_("task"), N_("token"), N_("unit"),
		N_("zone"), N_("zone facts"),
	};
	(void)nouns;
	const char *n = k->noun ? k->noun : k->name;
	return db ? goc__translate(db->lang, n) : n;
}

int goc__out_args(goc_db *db, void **out)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	return GOC_OK;
}

int goc__kind_fetch(void **out, goc_db *db, const struct goc__kind *k, sqlite3_stmt *st)
{
	union goc__row row;
	return goc__fetch_one(db, st, k->read, &row, k->size, k->strs, k->n_strs, out, noun(db, k));
}

int goc__kind_get_id(void **out, goc_db *db, const struct goc__kind *k, int64_t id)
{
	int rc = goc__out_args(db, out);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = goc__prepare(db, k->get_sql, &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = goc__kind_fetch(out, db, k, st);
	if (rc == GOC_ENOTFOUND)
		goc__err(db, rc, "id: no %s with id %lld", noun(db, k), (long long)id);
	return rc;
}

int goc__kind_cursor(goc_cursor **out, goc_db *db, const struct goc__kind *k,
                     sqlite3_stmt *st)
{
	return goc__cursor_new(out, db, st, k->cursor, k->read);
}

const void *goc__kind_row(const goc_cursor *cur, const struct goc__kind *k)
{
	return goc__cursor_row(cur, k->cursor);
}

/* The handle and arg (named arg_name, if that is not NULL) checked, the
 * write begun; w is ready for goc__write_end() whatever the result. */
static int begin(goc_db *db, struct goc__write *w, const struct goc__kind *k,
                 const char *action, const void *arg, const char *arg_name)
{
	memset(w, 0, sizeof *w);
	int rc = goc__check_db(db);
	if (rc == GOC_OK && arg_name && !arg)
		rc = goc__err(db, GOC_EINVAL, "%s: must not be NULL", arg_name);
	return rc == GOC_OK ? goc__write_begin(db, w, action, k) : rc;
}

int goc__write_id(goc_db *db, const struct goc__kind *k, const char *action, int64_t id,
                  goc__write_fn fn, const void *arg, const char *arg_name)
{
	struct goc__write w;
	int rc = begin(db, &w, k, action, arg, arg_name);
	if (rc == GOC_OK) {
		goc__write_object_id(db, &w, id);
		rc = fn(db, id, arg);
	}
	return goc__write_end(db, &w, rc);
}

int goc__write_key(goc_db *db, const struct goc__kind *k, const char *action, const char *key,
                   goc__keyed_fn fn, const void *arg, const char *arg_name)
{
	struct goc__write w;
	int rc = begin(db, &w, k, action, arg, arg_name);
	if (rc == GOC_OK) {
		goc__write_object(db, &w, key);
		rc = fn(db, arg);
	}
	return goc__write_end(db, &w, rc);
}

int goc__write_create(int64_t *out_id, goc_db *db, const struct goc__kind *k,
                      const char *action, goc__create_fn fn, const void *arg,
                      const char *arg_name)
{
	if (out_id)
		*out_id = 0;
	struct goc__write w;
	int64_t id = 0;
	int rc = begin(db, &w, k, action, arg, arg_name);
	if (rc == GOC_OK) {
		rc = fn(db, arg, &id);
		goc__write_object_id(db, &w, id);
	}
	rc = goc__write_end(db, &w, rc);
	if (rc == GOC_OK && out_id)
		*out_id = id;
	return rc;
}

static int delete_row(goc_db *db, int64_t id, const void *arg)
{
	const struct goc__kind *k = arg;
	char *sql = sqlite3_mprintf("DELETE FROM \"%w\" WHERE \"%w\" = ?1", k->table, k->key);
	if (!sql)
		return goc__err(db, GOC_ENOMEM, "out of memory deleting the %s", noun(db, k));
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, sql, &st);
	sqlite3_free(sql);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	char context[64];
	snprintf(context, sizeof context, goc__translate(db->lang, N_("deleting the %s")), noun(db, k));
	rc = goc__step_done(db, st, context);
	sqlite3_finalize(st);
	if (rc == GOC_OK && sqlite3_changes(db->sql) == 0)
		rc = goc__err(db, GOC_ENOTFOUND, "id: no %s with id %lld", noun(db, k), (long long)id);
	return rc;
}

struct delete_call {
	const struct goc__kind *k;
	goc__write_fn check;
};

static int delete_checked(goc_db *db, int64_t id, const void *arg)
{
	const struct delete_call *c = arg;
	int rc = c->check ? c->check(db, id, c->k) : GOC_OK;
	return rc == GOC_OK ? delete_row(db, id, c->k) : rc;
}

int goc__kind_delete(goc_db *db, const struct goc__kind *k, const char *action, int64_t id,
                     goc__write_fn check)
{
	struct delete_call c = { k, check };
	return goc__write_id(db, k, action, id, delete_checked, &c, NULL);
}
