/*
 * libgoc — the KPI file format and the built-in KPIs: a JSON file of KPI
 * definitions (lib/data/kpis-pudong-goc-2024.json, compiled in) read with
 * jansson and created one by one through kpi_def.c's checks, so a file
 * is held to the same rules as goc_kpi_create().  goc_plan_load() (json.c)
 * calls it inside its write.
 *
 * May call: kpi_def.c (goc__kpi_insert()), SQL helpers, errors, enums,
 * the compiled-in data.  Nothing above kpi_def.c.
 */
#include <jansson.h>
#include <stdio.h>

#include "kpi_internal.h"

extern const unsigned char goc__data_kpis_pudong_goc_2024[];
extern const size_t goc__data_kpis_pudong_goc_2024_size;

/*
 * The built-in KPIs of a plan, from a compiled-in JSON file
 * (lib/data/kpis-pudong-goc-2024.json): {"format": "libgoc-kpis",
 * "format_version": 1, "kpis": [ {member: value …} ]} where the members
 * are those of goc_kpi_fields by name (enums as their text names,
 * international/large as booleans) plus "targets": [{"member", "min",
 * "max"}] for members' own targets from the window's start.
 */
static int json_text(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);
	*out = json_string_value(v); /* NULL when absent or not a string */
	return v && !*out ? -1 : 0;
}

static int json_enum(json_t *o, const char *key, int (*parse)(int *, const char *), int *out)
{
	const char *s = NULL;
	if (json_text(o, key, &s) != 0)
		return -1;
	return s ? parse(out, s) : 0;
}

static int kpi_from_json(goc_db *db, const char *plan, json_t *o, size_t i)
{
	char prefix[64];
	snprintf(prefix, sizeof prefix, "kpis[%zu].", i);
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = plan;
	bool bad = json_typeof(o) != JSON_OBJECT; /* o: an element, never NULL */
	bad = bad || json_text(o, "code", &f.code) || json_text(o, "name_zh", &f.name_zh) ||
	      json_text(o, "name_en", &f.name_en) || json_text(o, "members", &f.members) ||
	      json_text(o, "start", &f.start) || json_text(o, "end", &f.end) ||
	      json_text(o, "baseline_date", &f.baseline_date) || json_text(o, "tasks", &f.tasks);
	bad = bad || json_enum(o, "measure", goc_measure_parse, &f.measure) ||
	      json_enum(o, "scope", goc_scope_parse, &f.scope) ||
	      json_enum(o, "window", goc_window_parse, &f.window) ||
	      json_enum(o, "direction", goc_direction_parse, &f.direction) ||
	      json_enum(o, "stage", goc_stage_parse, &f.stage) ||
	      json_enum(o, "category", goc_category_parse, &f.category) ||
	      json_enum(o, "origin", goc_origin_parse, &f.origin) ||
	      json_enum(o, "event_kind", goc_event_kind_parse, &f.event_kind);
	if (bad)
		return goc__err(db, GOC_ERROR, "built-in KPIs: %s malformed", prefix);
	json_t *v;
	if ((v = json_object_get(o, "baseline"))) f.baseline = json_number_value(v);
	if ((v = json_object_get(o, "target_min"))) f.target_min = json_number_value(v);
	if ((v = json_object_get(o, "target_max"))) f.target_max = json_number_value(v);
	if ((v = json_object_get(o, "weight"))) f.weight = json_number_value(v);
	if ((v = json_object_get(o, "at_risk"))) f.at_risk = json_number_value(v);
	if ((v = json_object_get(o, "days"))) f.days = (int)json_integer_value(v);
	if ((v = json_object_get(o, "international"))) f.international = json_typeof(v) == JSON_TRUE ? GOC_YES : GOC_NO;
	if ((v = json_object_get(o, "large"))) f.large = json_typeof(v) == JSON_TRUE ? GOC_YES : GOC_NO;
	int rc = goc__kpi_insert(db, &f, prefix);
	json_t *targets = json_object_get(o, "targets");
	for (size_t j = 0; rc == GOC_OK && j < json_array_size(targets); j++) {
		json_t *t = json_array_get(targets, j);
		const char *member = NULL;
		if (json_text(t, "member", &member) || !member)
			return goc__err(db, GOC_ERROR, "built-in KPIs: %stargets[%zu] malformed", prefix, j);
		json_t *mx = json_object_get(t, "max");
		sqlite3_stmt *st;
		rc = goc__prepare(db, "INSERT INTO kpi_targets (kpi_id, member, valid_from, target_min,"
		                      " target_max) SELECT id, ?3, start_date, ?4, ?5 FROM kpis"
		                      " WHERE plan = ?1 AND code = ?2", &st);
		if (rc != GOC_OK)
			return rc;
		goc__bind_text(st, 1, plan);
		goc__bind_text(st, 2, f.code);
		goc__bind_text(st, 3, member);
		sqlite3_bind_double(st, 4, json_number_value(json_object_get(t, "min")));
		if (mx)
			sqlite3_bind_double(st, 5, json_number_value(mx));
		rc = goc__step_done(db, st, "inserting a KPI target");
		sqlite3_finalize(st);
	}
	return rc;
}

int goc__kpis_load_builtin(goc_db *db, const char *plan)
{
	return goc__kpis_load_json(db, plan, (const char *)goc__data_kpis_pudong_goc_2024,
	                           goc__data_kpis_pudong_goc_2024_size);
}

int goc__kpis_load_json(goc_db *db, const char *plan, const char *json, size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return goc__err(db, GOC_ERROR, "built-in KPIs: line %d: %s", jerr.line, jerr.text);
	json_t *arr = json_object_get(root, "kpis");
	int rc = json_is_array(arr) ? GOC_OK : goc__err(db, GOC_ERROR, "built-in KPIs: no kpis array");
	for (size_t i = 0; rc == GOC_OK && i < json_array_size(arr); i++)
		rc = kpi_from_json(db, plan, json_array_get(arr, i), i);
	json_decref(root);
	return rc;
}
