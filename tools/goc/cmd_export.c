/*
 * goc export orgs: the organizations for open-data portals, as Popolo JSON
 * (organizations with identifiers, classification, founding date, area;
 * valid against the Popolo 1.0.1 schemas) or CSV.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_export[] =
	N_("usage: goc export orgs [--all] [--format popolo|csv] [-o FILE] [--bom]\n"
	"\n"
	"The organizations for open-data portals: by default those that have\n"
	"landed in Pudong (stage landed or operating); --all adds every stage\n"
	"(targets and negotiations included: mind what you publish).\n"
	"\n"
	"popolo: {\"organizations\": [...]} in Popolo 1.0.1 JSON: id (goc-org-ID),\n"
	"        name (Chinese), other_names (English), identifiers (the external\n"
	"        id, e.g. scheme uscc), classification (the category),\n"
	"        founding_date (the date it landed), area_id and area (the zone).\n"
	"csv:    the same fields flat, one row per organization (docs/cli-json.md).\n");

static const char usage_export_orgs[] =
	N_("usage: goc export orgs [--all] [--format popolo|csv] [-o FILE] [--bom]\n");

static json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *popolo_org(const goc_org *o, const char *founded, const goc_zone *z)
{
	char id[32];
	snprintf(id, sizeof id, "goc-org-%lld", (long long)goc_org_id(o));
	json_t *j = json_object();
	json_object_set_new(j, "id", json_string(id));
	json_object_set_new(j, "name", json_string(goc_org_name_zh(o)));
	json_t *names = json_array();
	if (goc_org_name_en(o)) {
		json_t *n = json_object();
		json_object_set_new(n, "name", json_string(goc_org_name_en(o)));
		json_object_set_new(n, "note", json_string("English name"));
		json_array_append_new(names, n);
	}
	json_object_set_new(j, "other_names", names);
	json_t *ids = json_array();
	if (goc_org_id_scheme(o) && goc_org_id_value(o)) {
		json_t *n = json_object();
		json_object_set_new(n, "identifier", json_string(goc_org_id_value(o)));
		json_object_set_new(n, "scheme", json_string(goc_org_id_scheme(o)));
		json_array_append_new(ids, n);
	}
	json_object_set_new(j, "identifiers", ids);
	json_object_set_new(j, "classification", json_string(goc_category_str(goc_org_category(o))));
	json_object_set_new(j, "founding_date", jstr_or_null(founded));
	json_object_set_new(j, "area_id", jstr_or_null(goc_org_zone(o)));
	if (z) {
		json_t *a = json_object();
		json_object_set_new(a, "id", json_string(goc_zone_code(z)));
		json_object_set_new(a, "name", json_string(goc_zone_name_zh(z)));
		json_object_set_new(a, "classification", json_string("zone"));
		json_object_set_new(j, "area", a);
	}
	return j;
}

static int export_orgs(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "id", "name", "name_en", "classification", "id_scheme", "id_value",
		                            "founding_date", "area_id", "area_name", "stage", "hq_date" };
	const char *format = "popolo", *output = NULL;
	int all = 0, bom = 0;
	const opt opts[] = { { "all", NULL, &all }, { "format", &format, NULL }, { "o", &output, NULL },
	                     { "bom", NULL, &bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_export_orgs);
	int popolo = !strcmp(format, "popolo");
	if (!popolo && strcmp(format, "csv"))
		return cli_usage_error(usage_export_orgs, "unknown format: %s (popolo or csv)", format);
	if (bom && popolo)
		return cli_usage_error(usage_export_orgs, "--bom applies to --format csv only");
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;

	goc_cursor *cur = NULL;
	int rc = goc_org_list(&cur, db, NULL);
	json_t *orgs = json_array();
	table *t = table_new(11, keys);
	while (cursor_step(&rc, cur)) {
		const goc_org *o = goc_cursor_org(cur);
		int st = goc_org_stage(o);
		if (!all && st != GOC_STAGE_LANDED && st != GOC_STAGE_OPERATING)
			continue;
		char *founded = NULL; /* the date it first landed (goc_free()) */
		goc_zone *z = NULL;
		int rc2 = goc_org_landed_date(&founded, db, goc_org_id(o), NULL);
		if (rc2 == GOC_OK && goc_org_zone(o))
			rc2 = goc_zone_get(&z, db, goc_org_zone(o));
		if (rc2 != GOC_OK) {
			goc_free(founded);
			rc = rc2;
			break;
		}
		if (popolo) {
			json_array_append_new(orgs, popolo_org(o, founded, z));
		} else {
			char id[32];
			snprintf(id, sizeof id, "goc-org-%lld", (long long)goc_org_id(o));
			table_str(t, id);
			table_str(t, goc_org_name_zh(o));
			table_str(t, goc_org_name_en(o));
			table_str(t, goc_category_str(goc_org_category(o)));
			table_str(t, goc_org_id_scheme(o));
			table_str(t, goc_org_id_value(o));
			table_str(t, founded);
			table_str(t, goc_org_zone(o));
			table_str(t, z ? goc_zone_name_zh(z) : NULL);
			table_str(t, goc_stage_str(st));
			table_str(t, goc_org_hq_date(o));
		}
		goc_free(founded);
		goc_zone_free(z);
	}
	goc_cursor_free(cur);
	if (rc != GOC_DONE) {
		json_decref(orgs);
		table_free(t);
		return cli_fail();
	}
	FILE *f = out_open(output);
	if (!f) {
		json_decref(orgs);
		table_free(t);
		return EXIT_RUNTIME;
	}
	if (popolo) {
		json_t *doc = json_object();
		json_object_set_new(doc, "organizations", orgs);
		json_write(doc, f);
		json_decref(doc);
	} else {
		json_decref(orgs);
		table_write(t, f, FMT_CSV, 0, bom, NULL);
	}
	table_free(t);
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

int cmd_export(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "orgs", export_orgs }, { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_export);
}
