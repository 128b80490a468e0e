/*
 * goc org list|add|show|stage|review|review-request|review-requests|hq|import.
 */
#include <csv.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const char usage_org[] =
	N_("usage: goc org list|add|show|stage|review|review-request|review-requests|hq|import"
	" [OPTIONS]\n"
	"\n"
	"  list [--zone Z] [--stage S] [--unit U] [--format text|md|csv|json]\n"
	"  add --name-zh NAME --category C --date D [--name-en N] [--zone Z] [--unit U] [--origin O]\n"
	"      [--id-scheme S --id-value V]\n"
	"  show ID [--format text|json]\n"
	"  stage ID STAGE --date D [--unit U] [--note N]\n"
	"  review ID OUTCOME --date D [--unit U] [--note N]\n"
	"  review-request ID [--date D] [--note N]\n"
	"  review-requests [--all] [--org ID] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"  hq ID --date D [--unit U] [--note N]\n"
	"  import FILE.csv|FILE.xlsx [--encoding E] [--sheet NAME]\n");

static const char usage_list[] =
	N_("usage: goc org list [--zone Z] [--stage S] [--unit U] [--format text|md|csv|json] [-o FILE] [--bom]\n");
static const char usage_add[] =
	N_("usage: goc org add --name-zh NAME --category C --date D [--name-en N] [--zone Z]\n"
	"                   [--unit U] [--origin O] [--notes TEXT] [--id-scheme uscc --id-value CODE]\n"
	"\n"
	"Register an organization in stage `target` on DATE; prints its id.\n"
	"--id-scheme/--id-value: an external identifier, e.g. the unified social\n"
	"credit code (scheme uscc, checked by the library).\n");
static const char usage_show[] =
	N_("usage: goc org show ID [--format text|json]\n");
static const char usage_stage[] =
	N_("usage: goc org stage ID STAGE --date D [--unit U] [--note N]\n"
	"\n"
	"STAGE: target, contacting, negotiating, approved, landed, operating, withdrawn.\n");
static const char usage_review[] =
	N_("usage: goc org review ID OUTCOME --date D [--unit U] [--note N]\n"
	"\n"
	"Record a risk review (OUTCOME: cleared, flagged, rejected); prints its id.\n"
	"Only a reviewing unit (公安分局 by default) or an administrator may; the\n"
	"review is in the acting unit's name (--unit: administrators only).  The\n"
	"unit following the organization asks with `goc org review-request`.\n");
static const char usage_review_request[] =
	N_("usage: goc org review-request ID [--date D] [--note N]\n"
	"\n"
	"Ask the reviewing units for a risk review of the organization (the unit\n"
	"following it, or an administrator); prints the request's id.  --date:\n"
	"default today.  The next review of the organization answers it.\n");
static const char usage_review_requests[] =
	N_("usage: goc org review-requests [--all] [--org ID] [--format text|md|csv|json] [-o FILE]"
	" [--bom]\n"
	"\n"
	"The review requests still waiting for a review (--all: answered ones too).\n");
static const char usage_hq[] =
	N_("usage: goc org hq ID --date D [--unit U] [--note N]\n"
	"\n"
	"Record that the organization set up a regional headquarters.\n");

static int parse_id(int64_t *out, const char *s, const char *usage)
{
	return cli_parse_id(out, s, usage, "an organization");
}

static void org_row(table *t, const goc_org *o)
{
	table_int(t, goc_org_id(o));
	table_str(t, goc_org_name_zh(o));
	table_str(t, goc_org_name_en(o));
	table_label(t, "category", goc_category_str(goc_org_category(o)));
	table_label(t, "origin", goc_origin_str(goc_org_origin(o)));
	table_unit(t, goc_org_zone(o));
	table_unit(t, goc_org_unit(o));
	table_status(t, goc_stage_str(goc_org_stage(o)));
	table_str(t, goc_org_stage_date(o));
	table_str(t, goc_org_hq_date(o));
}

static const char *const org_keys[] = { "id", "name_zh", "name_en", "category", "origin", "zone",
	                                  "unit", "stage", "stage_date", "hq_date" };

static int org_list(cli *c, int argc, char **argv)
{
	const char *zone = NULL, *stage = NULL, *unit = NULL, *format = NULL, *output = NULL;
	int bom = 0;
	out_format fmt;
	const opt opts[] = { { "zone", &zone, NULL }, { "stage", &stage, NULL }, { "unit", &unit, NULL },
	                     { "format", &format, NULL }, { "o", &output, NULL }, { "bom", NULL, &bom },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_list);
	if (out_format_parse(&fmt, format, FMT_ALL))
		return cli_usage_error(usage_list, "unknown format: %s", format);
	goc_org_filter filter = GOC_ORG_FILTER_INIT;
	filter.zone = zone;
	filter.unit = unit;
	if (stage && goc_stage_parse(&filter.stage, stage) != GOC_OK)
		return cli_usage_error(usage_list, "unknown stage: %s", stage);
	goc_db *db = cli_db(c);
	goc_cursor *cur = NULL;
	if (!db)
		return EXIT_RUNTIME;
	if (goc_org_list(&cur, db, &filter) != GOC_OK)
		return cli_fail();
	table *t = table_new(10, org_keys);
	table_names(t, c);
	table_align_right(t, 0);
	table_text_hide(t, 2);
	table_text_hide(t, 4);
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW)
		org_row(t, goc_cursor_org(cur));
	return table_emit_rows(t, cur, rc, output, fmt, bom);
}

static int org_add(cli *c, int argc, char **argv)
{
	goc_org_fields fl = GOC_ORG_FIELDS_INIT;
	const char *category = NULL, *origin = NULL;
	const opt opts[] = { { "name-zh", &fl.name_zh, NULL }, { "name-en", &fl.name_en, NULL },
	                     { "category", &category, NULL }, { "origin", &origin, NULL },
	                     { "date", &fl.date, NULL }, { "zone", &fl.zone, NULL },
	                     { "unit", &fl.unit, NULL }, { "notes", &fl.notes, NULL },
	                     { "id-scheme", &fl.id_scheme, NULL }, { "id-value", &fl.id_value, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_add);
	if (!fl.name_zh || !category || !fl.date)
		return cli_usage_error(usage_add, "--name-zh, --category and --date are required");
	if (cli_check_date(usage_add, "--date", fl.date))
		return EXIT_USAGE;
	if (cli_enum(&fl.category, GOC_RESOLVE_CATEGORY, category, "--category", usage_add))
		return EXIT_USAGE;
	if (origin && cli_enum(&fl.origin, GOC_RESOLVE_ORIGIN, origin, "--origin", usage_add))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	int64_t id;
	if (!db)
		return EXIT_RUNTIME;
	if (goc_org_create(&id, db, &fl) != GOC_OK)
		return cli_fail();
	printf("%" PRId64 "\n", id);
	return EXIT_OK;
}

/* --- goc org import -------------------------------------------------------- */

static const char usage_import[] =
	N_("usage: goc org import FILE [--encoding E] [--sheet NAME]\n"
	"\n"
	"Register the organizations of a CSV file or an .xlsx workbook (the\n"
	"sheet named, or the first) in one write: all of them or, on any error,\n"
	"none (the message names the line and column, or the cell).  The first\n"
	"line names the columns, in any order: name_zh, category and date are\n"
	"required; name_en, origin, zone, unit, id_scheme, id_value and notes\n"
	"are optional; an empty cell is an absent value.  UTF-8 (a byte-order\n"
	"mark is skipped) or GB18030 (what Excel saves on a Chinese system) is\n"
	"detected, as for plan tables; --encoding names another (gbk, big5 …).\n"
	"Prints the number registered and their ids.\n"
	"Limits: the file at most 64 MiB, a cell at most 64 KiB.\n");

static int org_import(cli *c, int argc, char **argv)
{
	goc_org_import_options o = GOC_ORG_IMPORT_OPTIONS_INIT;
	const char *file = NULL;
	const opt opts[] = { { "encoding", &o.encoding, NULL }, { "sheet", &o.sheet, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &file, 1, 1, NULL, usage_import);
	size_t len;
	char *data = read_file(file, &len);
	if (!data)
		return EXIT_RUNTIME;
	goc_db *db = cli_db(c);
	if (!db) {
		free(data);
		return EXIT_RUNTIME;
	}
	/* the rows, their decoding and their checks are the library's
	 * (goc_org_import_table(): CSV in UTF-8 or GB18030, or .xlsx) */
	goc_org_import_result res;
	int rc = goc_org_import_table(&res, db, data, len, &o);
	free(data);
	if (rc != GOC_OK) {
		fprintf(stderr, "goc: %s: %s\n", file, goc_error_message());
		return EXIT_RUNTIME;
	}
	printf("%zu organization%s registered", res.count, res.count == 1 ? "" : "s");
	if (res.count == 1)
		printf(": id %" PRId64, res.first_id);
	else if (res.count)
		printf(": ids %" PRId64 "-%" PRId64, res.first_id, res.last_id);
	printf("\n");
	return EXIT_OK;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int org_show(cli *c, int argc, char **argv)
{
	static const char *const hist_keys[] = { "date", "from", "to", "unit", "note" };
	static const char *const rev_keys[] = { "id", "date", "outcome", "unit", "note" };
	const char *id_s = NULL, *format = NULL;
	out_format fmt;
	int64_t id;
	const opt opts[] = { { "format", &format, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &id_s, 1, 1, NULL, usage_show);
	if (parse_id(&id, id_s, usage_show))
		return EXIT_USAGE;
	if (out_format_parse(&fmt, format, (1u << FMT_TEXT) | (1u << FMT_JSON)))
		return cli_usage_error(usage_show, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	goc_org *o = NULL;
	if (!db)
		return EXIT_RUNTIME;
	if (goc_org_get(&o, db, id) != GOC_OK)
		return cli_fail();

	/* The organization's fields as one row, its history and its reviews. */
	table *fields = table_new(10, org_keys);
	org_row(fields, o);
	table *hist = table_new(5, hist_keys), *rev = table_new(5, rev_keys);
	goc_cursor *cur = NULL;
	int rc = goc_org_history(&cur, db, id);
	while (cursor_step(&rc, cur)) {
		const goc_stage_change *sc = goc_cursor_stage_change(cur);
		table_str(hist, goc_stage_change_date(sc));
		table_label(hist, "stage", goc_stage_change_from(sc) ? goc_stage_str(goc_stage_change_from(sc)) : NULL);
		table_status(hist, goc_stage_str(goc_stage_change_to(sc)));
		table_str(hist, goc_stage_change_unit(sc));
		table_str(hist, goc_stage_change_note(sc));
	}
	goc_cursor_free(cur);
	cur = NULL;
	if (rc == GOC_DONE)
		rc = goc_org_reviews(&cur, db, id);
	while (cursor_step(&rc, cur)) {
		const goc_review *rv = goc_cursor_review(cur);
		table_int(rev, goc_review_id(rv));
		table_str(rev, goc_review_date(rv));
		table_label(rev, "review_outcome", goc_review_outcome_str(goc_review_outcome(rv)));
		table_str(rev, goc_review_unit(rv));
		table_str(rev, goc_review_note(rv));
	}
	goc_cursor_free(cur);
	if (rc == GOC_DONE) {
		rc = EXIT_OK;
		if (fmt == FMT_JSON) {
			json_t *rows = table_json(fields);
			json_t *obj = json_incref(json_array_get(rows, 0));
			json_decref(rows);
			json_object_set_new(obj, "id_scheme", jstr(goc_org_id_scheme(o)));
			json_object_set_new(obj, "id_value", jstr(goc_org_id_value(o)));
			json_object_set_new(obj, "notes", jstr(goc_org_notes(o)));
			json_object_set_new(obj, "created", jstr(goc_org_created(o)));
			json_object_set_new(obj, "history", table_json(hist));
			json_object_set_new(obj, "reviews", table_json(rev));
			json_write(obj, stdout);
			json_decref(obj);
		} else {
			int color = out_use_color(stdout);
			static const char *const kv_keys[] = { "field", "value" };
			table *kv = table_new(2, kv_keys);
			table_names(kv, c);
			json_t *rows = table_json(fields), *row = json_array_get(rows, 0);
			const char *k;
			json_t *v;
			json_object_foreach(row, k, v) {
				table_str(kv, _(k));
				if (json_is_integer(v)) {
					table_int(kv, json_integer_value(v));
				} else if (!strcmp(k, "stage")) {
					table_status(kv, json_string_value(v));
				} else if (!strcmp(k, "category") || !strcmp(k, "origin")) {
					table_label(kv, k, json_string_value(v));
				} else if (!strcmp(k, "zone") || !strcmp(k, "unit")) {
					table_unit(kv, json_is_string(v) ? json_string_value(v) : "");
				} else {
					table_str(kv, json_is_string(v) ? json_string_value(v) : "");
				}
			}
			json_decref(rows);
			table_str(kv, _("id_scheme"));
			table_str(kv, goc_org_id_scheme(o) ? goc_org_id_scheme(o) : "");
			table_str(kv, _("id_value"));
			table_str(kv, goc_org_id_value(o) ? goc_org_id_value(o) : "");
			table_str(kv, _("notes"));
			table_str(kv, goc_org_notes(o) ? goc_org_notes(o) : "");
			table_write(kv, stdout, FMT_TEXT, color, 0, NULL);
			table_free(kv);
			fputs(_("\nhistory\n"), stdout);
			table_write(hist, stdout, FMT_TEXT, color, 0, NULL);
			fputs(_("\nreviews\n"), stdout);
			table_write(rev, stdout, FMT_TEXT, color, 0, NULL);
		}
	} else {
		rc = cli_fail();
	}
	table_free(fields);
	table_free(hist);
	table_free(rev);
	goc_org_free(o);
	return rc;
}

/* stage, review, hq: ID [ARG] --date D [--unit U] [--note N]. */
typedef struct change_args {
	int64_t id;
	const char *arg, *date, *unit, *note;
} change_args;

static int change_parse(change_args *a, int argc, char **argv, int nargs, const char *usage)
{
	const char *pos[2] = { NULL, NULL };
	const opt opts[] = { { "date", &a->date, NULL }, { "unit", &a->unit, NULL },
	                     { "note", &a->note, NULL }, { NULL, NULL, NULL } };
	int rc = cli_parse(argc, argv, opts, pos, nargs, nargs, NULL, usage);
	if (rc)
		return rc;
	if (parse_id(&a->id, pos[0], usage))
		return EXIT_USAGE;
	a->arg = pos[1];
	if (!a->date)
		return cli_usage_error(usage, "missing --date");
	return cli_check_date(usage, "--date", a->date);
}

#define CHANGE_PARSE(a, argc, argv, nargs, usage) do { \
		int cp_ = change_parse(a, argc, argv, nargs, usage); \
		if (cp_) \
			return cp_ < 0 ? EXIT_OK : cp_; \
	} while (0)

static int org_stage(cli *c, int argc, char **argv)
{
	change_args a = { 0, NULL, NULL, NULL, NULL };
	int stage;
	CHANGE_PARSE(&a, argc, argv, 2, usage_stage);
	if (cli_enum(&stage, GOC_RESOLVE_STAGE, a.arg, "STAGE", usage_stage))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db || goc_org_set_stage(db, a.id, stage, a.date, a.unit, a.note) != GOC_OK)
		return db ? cli_fail() : EXIT_RUNTIME;
	return EXIT_OK;
}

static int org_review(cli *c, int argc, char **argv)
{
	change_args a = { 0, NULL, NULL, NULL, NULL };
	int outcome;
	CHANGE_PARSE(&a, argc, argv, 2, usage_review);
	if (cli_enum(&outcome, GOC_RESOLVE_REVIEW_OUTCOME, a.arg, "OUTCOME", usage_review))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	int64_t rid;
	if (!db || goc_org_review(&rid, db, a.id, outcome, a.date, a.unit, a.note) != GOC_OK)
		return db ? cli_fail() : EXIT_RUNTIME;
	printf("%" PRId64 "\n", rid);
	return EXIT_OK;
}

static int org_review_request(cli *c, int argc, char **argv)
{
	const char *pos[1] = { NULL }, *date = NULL, *note = NULL;
	const opt opts[] = { { "date", &date, NULL }, { "note", &note, NULL },
	                     { NULL, NULL, NULL } };
	int64_t id, qid;
	PARSE(argc, argv, opts, pos, 1, 1, NULL, usage_review_request);
	if (parse_id(&id, pos[0], usage_review_request) ||
	    cli_check_date(usage_review_request, "--date", date))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db || goc_org_request_review(&qid, db, id, date ? date : cli_today(), note) != GOC_OK)
		return db ? cli_fail() : EXIT_RUNTIME;
	printf("%" PRId64 "\n", qid);
	return EXIT_OK;
}

static const char *const request_keys[] = { "id", "org", "name_zh", "unit", "date", "note",
	                                      "review" };

static int org_review_requests(cli *c, int argc, char **argv)
{
	const char *org = NULL, *format = NULL, *output = NULL;
	int all = 0, bom = 0;
	int64_t org_id = 0;
	out_format fmt;
	const opt opts[] = { { "all", NULL, &all }, { "org", &org, NULL },
	                     { "format", &format, NULL }, { "o", &output, NULL },
	                     { "bom", NULL, &bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_review_requests);
	if (out_format_parse(&fmt, format, FMT_ALL))
		return cli_usage_error(usage_review_requests, "unknown format: %s", format);
	if (org && parse_id(&org_id, org, usage_review_requests))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	goc_cursor *cur = NULL;
	if (!db)
		return EXIT_RUNTIME;
	if (goc_org_review_requests(&cur, db, org_id,
	                            all ? GOC_REVIEW_REQUESTS_ALL : GOC_REVIEW_REQUESTS_PENDING) !=
	    GOC_OK)
		return cli_fail();
	table *t = table_new(7, request_keys);
	table_names(t, c);
	table_align_right(t, 0);
	table_align_right(t, 1);
	table_text_maxwidth(t, 5, 40);
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_review_request *q = goc_cursor_review_request(cur);
		goc_org *o = NULL;
		if (goc_org_get(&o, db, goc_review_request_org(q)) != GOC_OK) {
			rc = GOC_ERROR;
			break;
		}
		table_int(t, goc_review_request_id(q));
		table_int(t, goc_review_request_org(q));
		table_str(t, goc_org_name_zh(o));
		table_unit(t, goc_review_request_unit(q));
		table_str(t, goc_review_request_date(q));
		table_str(t, goc_review_request_note(q));
		if (goc_review_request_review(q))
			table_int(t, goc_review_request_review(q));
		else
			table_null(t);
		goc_org_free(o);
	}
	return table_emit_rows(t, cur, rc, output, fmt, bom);
}

static int org_hq(cli *c, int argc, char **argv)
{
	change_args a = { 0, NULL, NULL, NULL, NULL };
	CHANGE_PARSE(&a, argc, argv, 1, usage_hq);
	goc_db *db = cli_db(c);
	if (!db || goc_org_set_hq(db, a.id, a.date, a.unit, a.note) != GOC_OK)
		return db ? cli_fail() : EXIT_RUNTIME;
	return EXIT_OK;
}

int cmd_org(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = {
		{ "list", org_list }, { "add", org_add }, { "show", org_show }, { "import", org_import },
		{ "stage", org_stage }, { "review", org_review }, { "hq", org_hq },
		{ "review-request", org_review_request }, { "review-requests", org_review_requests },
		{ NULL, NULL },
	};
	return cli_dispatch(c, argc, argv, subs, usage_org);
}
