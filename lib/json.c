/*
 * libgoc — the plan interchange format (docs/plan-format.md): reading and
 * writing JSON with jansson, the public import and export calls, and the
 * built-in plans.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_internal.h"
#include "plandoc.h"

extern const unsigned char goc__data_plan_pudong_goc_2024[];
extern const size_t goc__data_plan_pudong_goc_2024_size;

/* ---- reading ---- */

struct reader {
	goc_db *db;
	struct goc__plandoc *doc;
};

static const char *path_of(struct reader *r, const char *fmt, const char *base, size_t i)
{
	char buf[96];
	snprintf(buf, sizeof buf, fmt, base, i);
	return goc__arena_strdup(r->doc->arena, buf);
}

/* Refuse members not in `allowed` (NULL-terminated). */
static int only_members(struct reader *r, json_t *obj, const char *path,
                        const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) { /* GCOVR_EXCL_BR_LINE: jansson's macro; a key always has a value */
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			ok = ok || strcmp(*a, key) == 0;
		if (!ok)
			return goc__err(r->db, GOC_EINVAL, "%s%s%.64s: unknown member", path,
			                *path ? "." : "", key);
	}
	return GOC_OK;
}

/* A string member (optional unless required); stored in the arena.  path
 * is never empty: the document's own members are not strings read here. */
static int str_member(struct reader *r, json_t *obj, const char *path, const char *key,
                      bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v) {
		if (required)
			return goc__err(r->db, GOC_EINVAL, "%s.%s: required", path, key);
		return GOC_OK;
	}
	if (json_typeof(v) != JSON_STRING)
		return goc__err(r->db, GOC_EINVAL, "%s.%s: must be a string%s", path, key,
		                json_typeof(v) == JSON_NULL
		                    ? goc__translate(r->db ? r->db->lang : GOC__LANG_EN,
		                                     N_(" (leave the member out when there is no value)"))
		                    : "");
	/* json_loadb() without JSON_ALLOW_NUL refuses "\u0000": no NUL inside */
	*out = goc__arena_strndup(r->doc->arena, json_string_value(v), json_string_length(v));
	if (!*out)
		return goc__err(r->db, GOC_ENOMEM, "out of memory reading a plan");
	if (**out == '\0')
		return goc__err(r->db, GOC_EINVAL, "%s.%s: must not be empty (leave the member out)",
		                path, key);
	return GOC_OK;
}

typedef int (*parse_fn)(int *out, const char *name);

static int enum_member(struct reader *r, json_t *obj, const char *path, const char *key,
                       parse_fn parse, const char *choices, int *out)
{
	const char *s;
	int rc = str_member(r, obj, path, key, false, &s);
	if (rc != GOC_OK || !s)
		return rc;
	if (parse(out, s) != GOC_OK)
		return goc__err(r->db, GOC_EINVAL, "%s.%s: must be one of %s", path, key, choices);
	return GOC_OK;
}

static json_t *array_member(struct reader *r, json_t *obj, const char *path, const char *key,
                            int *rc)
{
	json_t *v = json_object_get(obj, key);
	*rc = GOC_OK;
	if (!v)
		return NULL;
	if (json_typeof(v) != JSON_ARRAY) {
		*rc = goc__err(r->db, GOC_EINVAL, "%s%s%s: must be an array", path, *path ? "." : "", key);
		return NULL;
	}
	return v;
}

static int read_plan(struct reader *r, json_t *p)
{
	static const char *const members[] = { "code", "title_zh", "title_en", "issuer", "issued",
		                               "source", "start", "end", "report_cycle",
		                               "report_deadline_days", NULL };
	if (json_typeof(p) != JSON_OBJECT)
		return goc__err(r->db, GOC_EINVAL, "plan: must be an object");
	goc_plan_fields *f = &r->doc->plan;
	int rc = only_members(r, p, "plan", members);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "code", true, &f->code);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "title_zh", true, &f->title_zh);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "title_en", false, &f->title_en);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "issuer", false, &f->issuer);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "issued", false, &f->issued);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "source", false, &f->source);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "start", false, &f->start);
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "end", false, &f->end);
	const char *cycle = NULL;
	if (rc == GOC_OK) rc = str_member(r, p, "plan", "report_cycle", false, &cycle);
	if (rc == GOC_OK && cycle &&
	    (r->doc->report_cycle = goc__report_cycle_value(cycle)) == 0)
		rc = goc__err(r->db, GOC_EINVAL, "plan.report_cycle: '%s' is not a reporting cycle"
		              " (monthly, quarterly, half_yearly, annual)", cycle);
	json_t *days = json_object_get(p, "report_deadline_days");
	if (rc == GOC_OK && days) {
		if (!json_is_integer(days) || json_integer_value(days) < 0 ||
		    json_integer_value(days) > GOC_REPORT_DEADLINE_MAX)
			rc = goc__err(r->db, GOC_EINVAL, "plan.report_deadline_days: must be a whole number"
			              " of days from 0 to %d", GOC_REPORT_DEADLINE_MAX);
		else
			r->doc->report_deadline_days = (int)json_integer_value(days);
	}
	return rc;
}

static int read_goals(struct reader *r, json_t *goals)
{
	static const char *const members[] = { "code", "title_zh", "title_en", "text", NULL };
	size_t i;
	json_t *g;
	json_array_foreach(goals, i, g) { /* GCOVR_EXCL_BR_LINE: jansson's macro; an element is never NULL */
		const char *path = path_of(r, "%s[%zu]", "goals", i);
		if (!path)
			return goc__err(r->db, GOC_ENOMEM, "out of memory reading a plan");
		if (json_typeof(g) != JSON_OBJECT)
			return goc__err(r->db, GOC_EINVAL, "%s: must be an object", path);
		struct goc__doc_goal *d = goc__plandoc_add_goal(r->db, r->doc);
		if (!d)
			return GOC_ENOMEM;
		d->loc.path = path;
		int rc = only_members(r, g, path, members);
		if (rc == GOC_OK) rc = str_member(r, g, path, "code", true, &d->code);
		if (rc == GOC_OK) rc = str_member(r, g, path, "title_zh", true, &d->title_zh);
		if (rc == GOC_OK) rc = str_member(r, g, path, "title_en", false, &d->title_en);
		if (rc == GOC_OK) rc = str_member(r, g, path, "text", false, &d->text);
		if (rc != GOC_OK)
			return rc;
	}
	return GOC_OK;
}

static int read_assignments(struct reader *r, json_t *arr, const char *tpath,
                            struct goc__doc_task *t)
{
	static const char *const members[] = { "party", "role", NULL };
	size_t i;
	json_t *a;
	json_array_foreach(arr, i, a) { /* GCOVR_EXCL_BR_LINE: jansson's macro; an element is never NULL */
		const char *path = path_of(r, "%s.assignments[%zu]", tpath, i);
		if (!path)
			return goc__err(r->db, GOC_ENOMEM, "out of memory reading a plan");
		if (json_typeof(a) != JSON_OBJECT)
			return goc__err(r->db, GOC_EINVAL, "%s: must be an object", path);
		const char *party = NULL, *role = NULL;
		int rc = only_members(r, a, path, members);
		if (rc == GOC_OK) rc = str_member(r, a, path, "party", true, &party);
		if (rc == GOC_OK) rc = str_member(r, a, path, "role", true, &role);
		int rv = 0;
		if (rc == GOC_OK && goc_role_parse(&rv, role) != GOC_OK)
			rc = goc__err(r->db, GOC_EINVAL, "%s.role: must be one of lead, responsible", path);
		char field[128];
		snprintf(field, sizeof field, "%s.party", path);
		if (rc == GOC_OK)
			rc = goc__check_code(r->db, field, party);
		if (rc == GOC_OK) {
			struct goc__doc_loc loc = { 0, 0, path };
			rc = goc__plandoc_add_assign(r->db, r->doc, t, party, rv, loc);
		}
		if (rc != GOC_OK)
			return rc;
	}
	return GOC_OK;
}

static int read_tasks(struct reader *r, json_t *tasks)
{
	static const char *const members[] = { "code", "parent", "level", "label", "title_zh",
		                               "title_en", "text", "due", "recurrence", "status",
		                               "status_date", "done_date", "assignments", NULL };
	size_t i;
	json_t *t;
	json_array_foreach(tasks, i, t) { /* GCOVR_EXCL_BR_LINE: jansson's macro; an element is never NULL */
		const char *path = path_of(r, "%s[%zu]", "tasks", i);
		if (!path)
			return goc__err(r->db, GOC_ENOMEM, "out of memory reading a plan");
		if (json_typeof(t) != JSON_OBJECT)
			return goc__err(r->db, GOC_EINVAL, "%s: must be an object", path);
		struct goc__doc_task *d = goc__plandoc_add_task(r->db, r->doc);
		if (!d)
			return GOC_ENOMEM;
		d->loc.path = path;
		int rc = only_members(r, t, path, members);
		if (rc == GOC_OK) rc = str_member(r, t, path, "code", true, &d->code);
		if (rc == GOC_OK) rc = str_member(r, t, path, "parent", false, &d->parent);
		if (rc == GOC_OK && !json_object_get(t, "level"))
			rc = goc__err(r->db, GOC_EINVAL, "%s.level: required", path);
		if (rc == GOC_OK)
			rc = enum_member(r, t, path, "level", goc_task_level_parse,
			                 "section, task, item", &d->level);
		if (rc == GOC_OK) rc = str_member(r, t, path, "label", false, &d->label);
		if (rc == GOC_OK) rc = str_member(r, t, path, "title_zh", false, &d->title_zh);
		if (rc == GOC_OK) rc = str_member(r, t, path, "title_en", false, &d->title_en);
		if (rc == GOC_OK) rc = str_member(r, t, path, "text", false, &d->text);
		if (rc == GOC_OK) rc = str_member(r, t, path, "due", false, &d->due);
		if (rc == GOC_OK)
			rc = enum_member(r, t, path, "recurrence", goc_recurrence_parse, "none, annual",
			                 &d->recurrence);
		if (rc == GOC_OK)
			rc = enum_member(r, t, path, "status", goc_task_status_parse,
			                 "not_started, in_progress, done, blocked, cancelled", &d->status);
		if (rc == GOC_OK) rc = str_member(r, t, path, "status_date", false, &d->status_date);
		if (rc == GOC_OK) rc = str_member(r, t, path, "done_date", false, &d->done_date);
		json_t *as = NULL;
		if (rc == GOC_OK)
			as = array_member(r, t, path, "assignments", &rc);
		if (rc == GOC_OK && as)
			rc = read_assignments(r, as, path, d);
		if (rc != GOC_OK)
			return rc;
	}
	return GOC_OK;
}

int goc__plandoc_from_json(goc_db *db, const char *json, size_t len, struct goc__plandoc *doc)
{
	struct reader r = { db, doc };
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return goc__err(db, GOC_EINVAL, "line %d, column %d: %s", jerr.line, jerr.column,
		                jerr.text);
	static const char *const members[] = { "format", "format_version", "plan", "goals",
		                               "tasks", NULL };
	int rc = GOC_OK;
	if (json_typeof(root) != JSON_OBJECT)
		rc = goc__err(db, GOC_EINVAL, "the document must be a JSON object");
	if (rc == GOC_OK)
		rc = only_members(&r, root, "", members);
	json_t *fmt = json_object_get(root, "format"), *ver = json_object_get(root, "format_version");
	if (rc == GOC_OK && (!json_is_string(fmt) || strcmp(json_string_value(fmt), "libgoc-plan") != 0))
		rc = goc__err(db, GOC_EINVAL, "format: must be \"libgoc-plan\"");
	if (rc == GOC_OK && (!json_is_integer(ver) || json_integer_value(ver) != 1))
		rc = goc__err(db, GOC_EINVAL, "format_version: this libgoc reads version 1 only");
	if (rc == GOC_OK) {
		json_t *plan = json_object_get(root, "plan");
		rc = plan ? read_plan(&r, plan) : goc__err(db, GOC_EINVAL, "plan: required");
	}
	json_t *arr = NULL;
	if (rc == GOC_OK)
		arr = array_member(&r, root, "", "goals", &rc);
	if (rc == GOC_OK && arr)
		rc = read_goals(&r, arr);
	if (rc == GOC_OK)
		arr = array_member(&r, root, "", "tasks", &rc);
	if (rc == GOC_OK && arr)
		rc = read_tasks(&r, arr);
	json_decref(root);
	return rc;
}

/* ---- writing ---- */

/* Set an optional string member (left out when NULL). */
static int put(json_t *obj, const char *key, const char *value)
{
	if (!value)
		return 0;
	return json_object_set_new(obj, key, json_string(value));
}

static int export_plan(goc_db *db, const char *plan, json_t *root)
{
	goc_plan *p = NULL;
	int rc = goc_plan_get(&p, db, plan);
	if (rc != GOC_OK)
		return rc;
	json_t *o = json_object();
	int bad = !o;
	bad |= put(o, "code", p->code);
	bad |= put(o, "title_zh", p->title_zh);
	bad |= put(o, "title_en", p->title_en);
	bad |= put(o, "issuer", p->issuer);
	bad |= put(o, "issued", p->issued);
	bad |= put(o, "source", p->source);
	bad |= put(o, "start", p->start);
	bad |= put(o, "end", p->end);
	/* the reporting only when it is not the default, so that a plan
	 * written before schema 9 exports as it did */
	if (p->report_cycle != GOC__DEFAULT_CYCLE || p->deadline_days != GOC__DEFAULT_DEADLINE_DAYS) {
		bad |= put(o, "report_cycle", goc_report_cycle_str(p->report_cycle));
		bad |= json_object_set_new(o, "report_deadline_days", json_integer(p->deadline_days));
	}
	bad |= json_object_set_new(root, "plan", o);
	goc_plan_free(p);
	return bad ? goc__err(db, GOC_ENOMEM, "out of memory exporting a plan") : GOC_OK;
}

static int export_goals(goc_db *db, const char *plan, json_t *root)
{
	goc_cursor *cur;
	int rc = goc_goal_list(&cur, db, plan);
	if (rc != GOC_OK)
		return rc;
	json_t *arr = json_array();
	int bad = !arr;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_goal *g = goc_cursor_goal(cur);
		json_t *o = json_object();
		bad |= !o;
		bad |= put(o, "code", g->code);
		bad |= put(o, "title_zh", g->title_zh);
		bad |= put(o, "title_en", g->title_en);
		bad |= put(o, "text", g->text);
		bad |= json_array_append_new(arr, o);
	}
	goc_cursor_free(cur);
	if (rc == GOC_DONE && !bad && json_array_size(arr) > 0)
		bad |= json_object_set(root, "goals", arr);
	json_decref(arr);
	if (rc != GOC_DONE)
		return rc;
	return bad ? goc__err(db, GOC_ENOMEM, "out of memory exporting a plan") : GOC_OK;
}

static int export_assignments(goc_db *db, const char *plan, const char *task, json_t *t)
{
	goc_cursor *cur;
	int rc = goc_task_units(&cur, db, plan, task, 0);
	if (rc != GOC_OK)
		return rc;
	json_t *arr = json_array();
	int bad = !arr;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_assignment *a = goc_cursor_assignment(cur);
		json_t *o = json_object();
		bad |= !o;
		bad |= put(o, "party", a->party);
		bad |= put(o, "role", goc_role_str(a->role));
		bad |= json_array_append_new(arr, o);
	}
	goc_cursor_free(cur);
	if (rc == GOC_DONE && !bad && json_array_size(arr) > 0)
		bad |= json_object_set(t, "assignments", arr);
	json_decref(arr);
	if (rc != GOC_DONE)
		return rc;
	return bad ? goc__err(db, GOC_ENOMEM, "out of memory exporting a plan") : GOC_OK;
}

static int export_tasks(goc_db *db, const char *plan, json_t *root)
{
	goc_cursor *cur;
	int rc = goc_task_list(&cur, db, plan, NULL);
	if (rc != GOC_OK)
		return rc;
	json_t *arr = json_array();
	int bad = !arr;
	while (!bad && (rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_task *t = goc_cursor_task(cur);
		json_t *o = json_object();
		bad |= !o;
		bad |= put(o, "code", t->code);
		bad |= put(o, "parent", t->parent);
		bad |= put(o, "level", goc_task_level_str(t->level));
		bad |= put(o, "label", t->label);
		bad |= put(o, "title_zh", t->title_zh);
		bad |= put(o, "title_en", t->title_en);
		bad |= put(o, "text", t->text);
		bad |= put(o, "due", t->due);
		if (t->recurrence != GOC_RECUR_NONE)
			bad |= put(o, "recurrence", goc_recurrence_str(t->recurrence));
		if (t->status != GOC_TASK_NOT_STARTED)
			bad |= put(o, "status", goc_task_status_str(t->status));
		bad |= put(o, "status_date", t->status_date);
		bad |= put(o, "done_date", t->done_date);
		bad |= json_array_append_new(arr, o);
		if (!bad) {
			/* a second cursor on the same handle while the first is open */
			rc = export_assignments(db, plan, t->code, o);
			if (rc != GOC_OK)
				break;
		}
	}
	goc_cursor_free(cur);
	if (rc == GOC_DONE && !bad && json_array_size(arr) > 0)
		bad |= json_object_set(root, "tasks", arr);
	json_decref(arr);
	if (rc != GOC_DONE && rc != GOC_ROW)
		return rc;
	return bad ? goc__err(db, GOC_ENOMEM, "out of memory exporting a plan") : GOC_OK;
}

/* json_dumps() allocates with jansson's allocator, which the application
 * may have replaced (json_set_alloc_funcs()): free with the same one. */
static void dumps_free(char *text)
{
	json_free_t f = NULL;
	json_get_alloc_funcs(NULL, &f); /* never NULL: jansson's default is free() */
	f(text);
}

GOC_API int goc_plan_export_json(char **out, goc_db *db, const char *plan)
{
	int rc = goc__plan_args(db, (void **)out, plan);
	if (rc != GOC_OK)
		return rc;
	/* one read transaction: a consistent snapshot of the plan */
	bool own = sqlite3_get_autocommit(db->sql) != 0;
	if (own && (rc = goc__exec(db, "BEGIN", "exporting a plan")) != GOC_OK)
		return rc;
	json_t *root = json_object();
	if (!root)
		rc = goc__err(db, GOC_ENOMEM, "out of memory exporting a plan");
	if (rc == GOC_OK && (json_object_set_new(root, "format", json_string("libgoc-plan")) ||
	                     json_object_set_new(root, "format_version", json_integer(1))))
		rc = goc__err(db, GOC_ENOMEM, "out of memory exporting a plan");
	if (rc == GOC_OK) rc = export_plan(db, plan, root);
	if (rc == GOC_OK) rc = export_goals(db, plan, root);
	if (rc == GOC_OK) rc = export_tasks(db, plan, root);
	if (own)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	char *text = NULL;
	if (rc == GOC_OK) {
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!text)
			rc = goc__err(db, GOC_ENOMEM, "out of memory exporting a plan");
	}
	json_decref(root);
	if (rc != GOC_OK)
		return rc;
	size_t n = strlen(text);
	*out = goc__malloc(n + 2);
	if (!*out) {
		dumps_free(text);
		return goc__err(db, GOC_ENOMEM, "out of memory exporting a plan");
	}
	memcpy(*out, text, n);
	(*out)[n] = '\n';
	(*out)[n + 1] = '\0';
	dumps_free(text);
	return GOC_OK;
}

/* ---- the public imports ---- */

static int import_opts(goc_db *db, const goc_import_options **opts)
{
	static const goc_import_options defaults = GOC_IMPORT_OPTIONS_INIT;
	if (!*opts)
		*opts = &defaults;
	const goc_import_options *o = *opts;
	if (o->version < 1 || o->version > GOC_IMPORT_OPTIONS_VERSION)
		return goc__err(db, GOC_EINVAL, "opts: goc_import_options version %u is not supported (1..%d)",
		                o->version, GOC_IMPORT_OPTIONS_VERSION);
	unsigned known = GOC_IMPORT_REPLACE | GOC_IMPORT_CREATE_UNITS;
	if (o->flags & ~known)
		return goc__err(db, GOC_EINVAL, "opts: unknown flags 0x%X", o->flags & ~known);
	if (o->delimiter && o->delimiter != ',' && o->delimiter != '\t')
		return goc__err(db, GOC_EINVAL, "opts.delimiter: must be ',' or a tab");
	return GOC_OK;
}

/* An import's document stored as plan `object` in a write of its own. */
struct store_call {
	const struct goc__plandoc *doc;
	enum goc__store_mode mode;
	const goc_import_options *opts;
};

static int store_doc(goc_db *db, const void *call)
{
	const struct store_call *c = call;
	const goc_import_options *o = c->opts;
	return goc__plandoc_store(db, c->doc, c->mode, o->plan, o->flags, o->progress, o->payload);
}

static int store(goc_db *db, const char *action, const char *object,
                 const struct goc__plandoc *doc, enum goc__store_mode mode,
                 const goc_import_options *opts)
{
	struct store_call c = { doc, mode, opts };
	return goc__write_key(db, &goc__kind_plan, action, object, store_doc, &c, NULL);
}

GOC_API int goc_plan_import_json(goc_db *db, const char *json, size_t len,
                                 const goc_import_options *opts)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!json)
		return goc__err(db, GOC_EINVAL, "json: must not be NULL");
	if (len > GOC_IMPORT_MAX_BYTES)
		return goc__err(db, GOC_EINVAL, "json: %zu bytes, more than the %zu bytes (64 MiB) an import may have",
		                len, GOC_IMPORT_MAX_BYTES);
	rc = import_opts(db, &opts);
	if (rc != GOC_OK)
		return rc;
	struct goc__plandoc doc;
	rc = goc__plandoc_init(db, &doc);
	if (rc == GOC_OK)
		rc = goc__plandoc_from_json(db, json, len, &doc);
	if (rc == GOC_OK)
		rc = store(db, "plan.import_json", opts->plan ? opts->plan : doc.plan.code, &doc,
		           GOC__STORE_NEW_PLAN, opts);
	goc__plandoc_free(&doc);
	return rc;
}

GOC_API int goc_plan_import_table(goc_db *db, const char *data, size_t len,
                                  const goc_import_options *opts)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!data)
		return goc__err(db, GOC_EINVAL, "data: must not be NULL");
	if (len > GOC_IMPORT_MAX_BYTES)
		return goc__err(db, GOC_EINVAL, "data: %zu bytes, more than the %zu bytes (64 MiB) an import may have",
		                len, GOC_IMPORT_MAX_BYTES);
	rc = import_opts(db, &opts);
	if (rc == GOC_OK && !opts->plan)
		rc = goc__err(db, GOC_EINVAL, "opts.plan: required: the code of the plan to fill");
	if (rc == GOC_OK)
		rc = goc__plan_exists(db, "opts.plan", opts->plan);
	if (rc != GOC_OK)
		return rc;
	struct goc__plandoc doc;
	rc = goc__plandoc_init(db, &doc);
	if (rc == GOC_OK)
		rc = goc__plandoc_from_table(db, data, len, opts, &doc);
	if (rc == GOC_OK) {
		rc = store(db, "plan.import_table", opts->plan, &doc, GOC__STORE_INTO_PLAN, opts);
		rc = goc__table_relocate(db, rc, doc.sheet); /* "Sheet1!D7: unknown unit …" */
	}
	goc__plandoc_free(&doc);
	return rc;
}

/* The built-in plan `name` (with the reference data and its KPIs), unless
 * it is there already. */
static int plan_load(goc_db *db, const void *plan)
{
	const char *name = plan;
	int rc = goc__reference_load(db, "pudong");
	sqlite3_stmt *st = NULL;
	bool present = false;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "SELECT 1 FROM plans WHERE code = ?1", &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 1, name);
		rc = goc__binds_failed(db, "plan.load");
		int s = rc == GOC_OK ? sqlite3_step(st) : SQLITE_DONE;
		present = s == SQLITE_ROW;
		/* out of memory or an I/O error here has rolled the transaction
		 * back: going on would store the plan outside it, in part */
		if (rc == GOC_OK && s != SQLITE_ROW && s != SQLITE_DONE)
			rc = goc__sqlerr(db, s, "plan.load");
		sqlite3_finalize(st);
	}
	if (rc == GOC_OK && !present) {
		struct goc__plandoc doc;
		rc = goc__plandoc_init(db, &doc);
		if (rc == GOC_OK)
			rc = goc__plandoc_from_json(db, (const char *)goc__data_plan_pudong_goc_2024,
			                            goc__data_plan_pudong_goc_2024_size, &doc);
		if (rc == GOC_OK)
			rc = goc__plandoc_store(db, &doc, GOC__STORE_NEW_PLAN, NULL, 0, NULL, NULL);
		if (rc == GOC_OK)
			rc = goc__kpis_load_builtin(db, name);
		goc__plandoc_free(&doc);
	}
	return rc;
}

GOC_API int goc_plan_load(goc_db *db, const char *name)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!name)
		return goc__err(db, GOC_EINVAL, "name: must not be NULL");
	if (goc__check_utf8(name, NULL, NULL) != 0)
		return goc__err(db, GOC_EINVAL, "name: invalid UTF-8");
	if (strcmp(name, "pudong-goc-2024") != 0)
		return goc__err(db, GOC_ENOTFOUND,
		                "name: no built-in plan named '%.64s' (known: pudong-goc-2024)", name);
	return goc__write_key(db, &goc__kind_plan, "plan.load", name, plan_load, name, NULL);
}
