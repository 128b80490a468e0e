/*
 * goc demo, goc report scorecard|matrix|overdue|compliance.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Finish a report: write the table to -o FILE or stdout. */
static int emit(table *t, const out_opts *o, json_t *meta)
{
	FILE *f = out_open(o->output);
	if (!f) {
		table_free(t);
		json_decref(meta);
		return EXIT_RUNTIME;
	}
	table_write(t, f, o->fmt, o->fmt == FMT_TEXT && out_use_color(f), o->bom, meta);
	table_free(t);
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

/* Step a cursor to its end: GOC_OK after the last row, else the error. */
#define CURSOR_DONE(rc) ((rc) == GOC_DONE ? GOC_OK : (rc))

static json_t *meta_new(const char *report, const char *plan, const char *as_of)
{
	json_t *m = json_object();
	json_object_set_new(m, "report", json_string(report));
	json_object_set_new(m, "plan", json_string(plan));
	if (as_of)
		json_object_set_new(m, "as_of", json_string(as_of));
	return m;
}

/* "KPI member year" of a KPI row, the parts it has (static buffer). */
static const char *worst_label(const goc_kpi_row *r, int with_kpi)
{
	static char buf[256];
	const char *member = goc_kpi_row_member(r);
	int n = snprintf(buf, sizeof buf, "%s%s%s", with_kpi ? goc_kpi_row_kpi(r) : "",
	                 with_kpi && member ? " " : "", member ? member : "");
	if (goc_kpi_row_year(r) && n >= 0 && (size_t)n < sizeof buf)
		snprintf(buf + n, sizeof buf - (size_t)n, "%s%d", n ? " " : "", goc_kpi_row_year(r));
	return buf;
}

/* The scorecard of a plan as a table (see docs/cli-json.md for the columns). */
static int scorecard_table(table **out, goc_db *db, const char *plan, const char *as_of, int by)
{
	static const char *const k_plan[] = { "key", "name_zh", "name_en", "status", "score", "actual",
	                                       "target", "rows", "met", "worst" };
	static const char *const k_group[] = { "key", "name_zh", "name_en", "status", "score", "rows" };
	static const char *const k_unit[] = { "key", "name_zh", "name_en", "status", "score", "rows",
	                                       "tasks", "leads", "overdue", "missing_reports" };
	goc_cursor *cur = NULL;
	int rc = goc_scorecard(&cur, db, plan, as_of, by);
	if (rc != GOC_OK)
		return rc;
	table *t = by == GOC_BY_PLAN ? table_new(10, k_plan) : by == GOC_BY_UNIT ? table_new(10, k_unit) : table_new(6, k_group);
	table_text_hide(t, 2); /* English names: CSV and JSON only */
	for (int j = 4; j < table_ncols(t) - (by == GOC_BY_PLAN); j++) /* "worst": left */
		table_align_right(t, j);
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_score *s = goc_cursor_score(cur);
		const char *key = goc_score_key(s);
		table_str(t, key);
		table_str(t, key ? goc_score_name_zh(s) : "合计");
		table_str(t, key ? goc_score_name_en(s) : "Total");
		table_status(t, goc_score_status(s) ? goc_kpi_status_str(goc_score_status(s)) : NULL);
		table_pct(t, goc_score_value(s));
		/* By KPI: a KPI's one row, or for a KPI of several rows (years,
		 * members) its worst row, never their sum (issue 17) */
		const goc_kpi_row *worst = goc_score_worst_row(s);
		if (by == GOC_BY_PLAN && key && worst) {
			table_num(t, goc_kpi_row_actual(worst), 1);
			table_num(t, goc_kpi_row_target_min(worst), 1);
		} else if (by == GOC_BY_PLAN) {
			table_null(t);
			table_null(t);
		}
		table_int(t, goc_score_count(s, 0));
		if (by == GOC_BY_PLAN) {
			table_int(t, goc_score_met(s));
			if (worst && (!key || goc_score_count(s, 0) > 1))
				table_str(t, worst_label(worst, !key));
			else
				table_null(t);
		}
		if (by == GOC_BY_UNIT && !key) {
			for (int j = 0; j < 4; j++)
				table_null(t);
		} else if (by == GOC_BY_UNIT) {
			table_int(t, goc_score_tasks(s));
			table_int(t, goc_score_leads(s));
			table_int(t, goc_score_overdue(s));
			table_int(t, goc_score_missing_reports(s));
		}
	}
	if ((rc = table_rows_end(t, cur, rc)) != GOC_OK)
		return rc;
	*out = t;
	return GOC_OK;
}

static const char usage_demo[] =
	N_("usage: goc demo [--as-of DATE] [--format text|md|csv|json] [-o FILE]\n"
	"\n"
	"Create the database if needed, load the built-in plan and the FICTIONAL\n"
	"demonstration data (goc_demo_load, seed 0), and print the scorecard by\n"
	"KPI, by zone and by unit as of DATE (default 2025-06-30).  Makes 商务委\n"
	"(commerce) the administrator unit and adds demo accounts to log in with:\n"
	"admin, police, scitech, financial, ftz, password demo-LOGIN-2025 (listed\n"
	"after the scorecard; on stderr for csv and json).\n");

int cmd_demo(cli *c, int argc, char **argv)
{
	out_opts o = { NULL, NULL, 0, FMT_TEXT, 0 };
	const char *as_of = "2025-06-30";
	const opt opts[] = { { "as-of", &as_of, NULL }, { "format", &o.format, NULL },
	                     { "o", &o.output, NULL }, { "bom", NULL, &o.bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_demo);
	if (cli_check_date(usage_demo, "--as-of", as_of))
		return EXIT_USAGE;
	if (out_format_parse(&o.fmt, o.format, FMT_ALL))
		return cli_usage_error(usage_demo, "unknown format: %s", o.format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	int rc = goc_demo_load(db, 0), demo = 0;
	if (rc != GOC_OK && rc != GOC_EEXISTS)
		return cli_fail();
	if (rc == GOC_EEXISTS) {
		if (goc_demo_only(db, &demo) != GOC_OK)
			return cli_fail();
		if (!demo) {
			fprintf(stderr, _("goc: %s holds data other than the demonstration data: goc demo"
			        " loads only into an empty database and shows only demonstration data"
			        " (use goc report scorecard for this database)\n"), c->db_path);
			return EXIT_RUNTIME;
		}
		fputs(_("goc: the database already holds the demonstration data; not loaded again\n"), stderr);
	}
	if (demo_accounts_make(db) != 0)
		return cli_fail();

	FILE *f = out_open(o.output);
	if (!f)
		return EXIT_RUNTIME;
	static const int bys[] = { GOC_BY_PLAN, GOC_BY_ZONE, GOC_BY_UNIT };
	static const char *const titles[] = { N_("By KPI"), N_("By zone"), N_("By unit") };
	int color = o.fmt == FMT_TEXT && out_use_color(f);
	json_t *all = o.fmt == FMT_JSON ? meta_new("demo", DEFAULT_PLAN, as_of) : NULL;
	if (o.fmt == FMT_TEXT || o.fmt == FMT_MD)
		fprintf(f, _("%s浦东新区推动国际经济组织集聚计划（GOC）高质量发展行动方案 — scorecard as of %s\n"
		        "(demonstration data: the organizations, partners and events are fictional)\n"),
		        o.fmt == FMT_MD ? "# " : "", as_of);
	for (int i = 0; i < 3; i++) {
		table *t = NULL;
		if (scorecard_table(&t, db, DEFAULT_PLAN, as_of, bys[i]) != GOC_OK) {
			json_decref(all);
			out_discard(f);
			return cli_fail();
		}
		if (o.fmt == FMT_JSON) {
			static const char *const keys[] = { "by_kpi", "by_zone", "by_unit" };
			json_object_set_new(all, keys[i], table_json(t));
			table_free(t);
			continue;
		}
		if (o.fmt == FMT_TEXT || o.fmt == FMT_MD)
			fprintf(f, "\n%s%s\n%s", o.fmt == FMT_MD ? "## " : "", _(titles[i]), o.fmt == FMT_MD ? "\n" : "");
		else if (o.fmt == FMT_CSV && i > 0)
			fputs("\r\n", f);
		table_write(t, f, o.fmt, color, o.bom && i == 0, NULL);
		table_free(t);
	}
	if (all) {
		json_write(all, f);
		json_decref(all);
	}
	/* the people to log in as (goc user): after a text scorecard, else on stderr */
	demo_accounts_print(o.fmt == FMT_TEXT || o.fmt == FMT_MD ? f : stderr);
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

static const char usage_report[] =
	N_("usage: goc report scorecard|kpis|matrix|overdue|compliance|dossier|reminders [OPTIONS]\n"
	"\n"
	"  scorecard [--plan CODE] [--as-of DATE] [--by plan|section|zone|unit]\n"
	"  kpis [--plan CODE] [--as-of DATE] [--kpi CODE]   every KPI row\n"
	"  matrix [--plan CODE]                units x work items (L lead, R responsible)\n"
	"  overdue [--plan CODE] [--as-of DATE]\n"
	"  compliance --period PERIOD [--plan CODE]   missing progress reports\n"
	"  dossier --unit U | --task T [--plan CODE] [--as-of DATE] [--leaves]\n"
	"                                      a unit's tasks, or a task's units, as of DATE\n"
	"  reminders [--as-of DATE] [--unit U] [--split -o DIR/]   催报, by unit, with contacts\n"
	"  trend --from DATE --to DATE [--every month|quarter] [--kpi CODE] [--by plan|zone|unit]\n"
	"                                      the KPIs at every month or quarter end\n"
	"\n"
	"common options: --format text|md|csv|json, -o FILE, --bom (CSV for Excel)\n"
	"scorecard and trend also: --format html (battle map) or xlsx (workbook), --lang zh|en\n"
	"defaults: --plan pudong-goc-2024, --as-of today\n");

static const char usage_scorecard[] =
	N_("usage: goc report scorecard [--plan CODE] [--as-of DATE] [--by plan|section|zone|unit]\n"
	"                            [--format text|md|csv|json|html|xlsx] [-o FILE] [--bom] [--lang zh|en]\n"
	"\n"
	"text, md, csv, json: the scorecard grouped --by (default plan: one row per KPI).\n"
	"html: the battle map of the whole plan, one self-contained page (zone quotas,\n"
	"      KPI status grid, units x tasks matrix, overdue tasks); --lang en shows\n"
	"      the English labels first (a button switches).\n"
	"xlsx: the workbook of the whole plan (needs -o FILE): the task decomposition\n"
	"      table with responsible units and latest progress, the KPI rows, the zone\n"
	"      quotas, the quarterly trend with line charts; statuses colour-filled, date\n"
	"      cells, number formats, ready to print (A4 landscape, one page wide);\n"
	"      --lang zh: units by their Chinese names, statuses by their labels.\n");
static const char usage_kpis[] =
	N_("usage: goc report kpis [--plan CODE] [--as-of DATE] [--kpi CODE] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"\n"
	"Every KPI row (KPI x member x year) as of DATE: actual, expected by the\n"
	"date, target, status and score.\n");
static const char usage_matrix[] =
	N_("usage: goc report matrix [--plan CODE] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"\n"
	"One row per unit, one column per task without children: L leads it,\n"
	"R is responsible (groups expanded, inheritance applied).\n");
static const char usage_overdue[] =
	N_("usage: goc report overdue [--plan CODE] [--as-of DATE] [--format text|md|csv|json] [-o FILE] [--bom]\n");
static const char usage_compliance[] =
	N_("usage: goc report compliance --period PERIOD [--as-of DATE] [--plan CODE] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"\n"
	"Units that have not reported on a task they answer for in PERIOD\n"
	"(2025, 2025-H1, 2025-Q2, 2025-06).  With --as-of: only reports dated by\n"
	"then count, and nothing is missing before the period's deadline (the\n"
	"plan's reporting: goc plan set).\n");

static const char usage_dossier[] =
	N_("usage: goc report dossier --unit U | --task T [--plan CODE] [--as-of DATE] [--leaves]\n"
	"                          [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"\n"
	"A unit's dossier (--unit): the tasks it answers for with its role, its\n"
	"latest progress report as of DATE, whether the task is overdue and the\n"
	"quarters it has not reported on; or a task's responsible units (--task),\n"
	"each once.  Both: the one row.  --leaves: tasks without children only.\n"
	"The rules are the library's (goc_dossier_list(3), docs/reports.md).\n");

static const char usage_trend[] =
	N_("usage: goc report trend --from DATE --to DATE [--every month|quarter] [--plan CODE]\n"
	"                        [--kpi CODE] [--by plan|zone|unit]\n"
	"                        [--format text|md|csv|json|html|xlsx] [-o FILE] [--bom] [--lang zh|en]\n"
	"\n"
	"The KPIs at the end of every month or quarter (default) from --from to --to,\n"
	"computed in one pass over the history (goc_kpi_series(3)), equal to\n"
	"`goc report kpis --as-of` at each of those dates.\n"
	"text, md, csv, json: without --by, every KPI row at each date (--kpi: that\n"
	"      KPI's); --by plan|zone|unit, the scorecard at each date, its total last\n"
	"      (goc_score_series(3); the by-unit task columns are not part of it).\n"
	"html: the trend charts alone, one self-contained page (the overall score and\n"
	"      the headline KPIs against their expected line).\n"
	"xlsx: the trend sheet with a line chart (needs -o FILE).\n");

int report_parse(int argc, char **argv, const char *usage, out_opts *o,
                        const char **plan, const char **as_of, const opt *extra)
{
	opt opts[12];
	int n = 0;
	opts[n++] = (opt){ "plan", plan, NULL };
	if (as_of)
		opts[n++] = (opt){ "as-of", as_of, NULL };
	opts[n++] = (opt){ "format", &o->format, NULL };
	opts[n++] = (opt){ "o", &o->output, NULL };
	opts[n++] = (opt){ "bom", NULL, &o->bom };
	for (; extra && extra->name; extra++)
		opts[n++] = *extra;
	opts[n] = (opt){ NULL, NULL, NULL };
	int rc = cli_parse(argc, argv, opts, NULL, 0, 0, NULL, usage);
	if (rc)
		return rc;
	if (as_of && cli_check_date(usage, "--as-of", *as_of))
		return EXIT_USAGE;
	if (out_format_parse(&o->fmt, o->format, o->formats ? o->formats : FMT_ALL))
		return cli_usage_error(usage, "unknown format: %s", o->format);
	if (o->bom && o->fmt != FMT_CSV)
		return cli_usage_error(usage, "--bom applies to --format csv only");
	if (o->fmt == FMT_XLSX && (!o->output || !strcmp(o->output, "-")))
		return cli_usage_error(usage, "--format xlsx needs -o FILE");
	return 0;
}

/* The options of the whole-plan documents, for scorecard and trend: --lang
 * (zh or en) only with --format html or xlsx, --by only without.  0, or
 * the exit code of the usage error. */
static int document_check(const char *usage, const out_opts *o, const char *lang, const char *by_name)
{
	int doc = o->fmt == FMT_HTML || o->fmt == FMT_XLSX;
	if (lang && !doc)
		return cli_usage_error(usage, "--lang applies to --format html and xlsx only");
	if (lang && strcmp(lang, "zh") && strcmp(lang, "en"))
		return cli_usage_error(usage, "--lang: expected zh or en: %s", lang);
	if (by_name && doc)
		return cli_usage_error(usage, "--by does not apply to --format %s", o->format);
	return 0;
}

/* The workbook or the battle map of the whole plan as of as_of, or (trend
 * not NULL) of its trend alone. */
static int write_document(goc_db *db, const char *plan, const char *as_of, const goc_series_opts *trend,
                          const out_opts *o, const char *lang)
{
#ifndef GOC_HAVE_XLSX
	if (o->fmt == FMT_XLSX)
		return out_no_xlsx();
#endif
	dossier *d = NULL;
	if (dossier_read(&d, db, plan, as_of) != GOC_OK || (trend && dossier_read_trend(d, db, trend) != GOC_OK)) {
		dossier_free(d);
		return cli_fail();
	}
	d->trend_only = trend != NULL;
	int rc = EXIT_OK;
	if (o->fmt == FMT_XLSX) {
#ifdef GOC_HAVE_XLSX
		rc = write_xlsx_lang(d, o->output, lang);
#endif
	} else {
		FILE *f = out_open(o->output);
		if (!f) {
			rc = EXIT_RUNTIME;
		} else {
			write_html(d, f, lang);
			if (out_close(f))
				rc = EXIT_RUNTIME;
		}
	}
	dossier_free(d);
	return rc;
}

static int report_scorecard(cli *c, int argc, char **argv)
{
	out_opts o = { NULL, NULL, 0, FMT_TEXT, FMT_ALL | FMT_DOCS };
	const char *plan = DEFAULT_PLAN, *as_of = cli_today(), *by_name = NULL, *lang = NULL;
	const opt extra[] = { { "by", &by_name, NULL }, { "lang", &lang, NULL }, { NULL, NULL, NULL } };
	int by;
	REPORT_PARSE(argc, argv, usage_scorecard, &o, &plan, &as_of, extra);
	if (cli_enum(&by, GOC_RESOLVE_SCORE_BY, by_name ? by_name : "plan", "--by", usage_scorecard))
		return EXIT_USAGE;
	if (document_check(usage_scorecard, &o, lang, by_name))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	table *t = NULL;
	if (!db)
		return EXIT_RUNTIME;
	if (o.fmt == FMT_HTML || o.fmt == FMT_XLSX)
		return write_document(db, plan, as_of, NULL, &o, o.fmt == FMT_HTML && !lang ? "zh" : lang);
	by_name = by_name ? by_name : "plan";
	if (scorecard_table(&t, db, plan, as_of, by) != GOC_OK)
		return cli_fail();
	json_t *meta = meta_new("scorecard", plan, as_of);
	json_object_set_new(meta, "by", json_string(by_name));
	return emit(t, &o, meta);
}

static int report_matrix(cli *c, int argc, char **argv)
{
	out_opts o = { NULL, NULL, 0, FMT_TEXT, 0 };
	const char *plan = DEFAULT_PLAN;
	REPORT_PARSE(argc, argv, usage_matrix, &o, &plan, NULL, NULL);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;

	/* Columns: the leaf tasks in tree order. */
	goc_cursor *cur = NULL;
	char **tasks = NULL;
	const char **keys = NULL;
	size_t ntasks = 0;
	int rc = goc_task_list(&cur, db, plan, NULL);
	while (cursor_step(&rc, cur)) {
		const goc_task *tk = goc_cursor_task(cur);
		if (goc_task_child_count(tk) > 0)
			continue;
		tasks = realloc(tasks, (ntasks + 1) * sizeof *tasks);
		if (!tasks || !(tasks[ntasks++] = strdup(goc_task_code(tk))))
			abort();
	}
	goc_cursor_free(cur);
	cur = NULL;
	if (CURSOR_DONE(rc) != GOC_OK) {
		rc = cli_fail();
		goto out;
	}
	keys = malloc((ntasks + 1) * sizeof *keys);
	if (!keys)
		abort();
	keys[0] = "unit";
	for (size_t i = 0; i < ntasks; i++)
		keys[i + 1] = tasks[i];

	/* Rows: one per unit; the matrix cursor is ordered by unit then task,
	 * each unit once per task (the library's rule). */
	table *t = table_new((int)ntasks + 1, keys);
	table_names(t, c);
	char *unit = NULL;
	size_t col = 0;
	rc = goc_plan_matrix(&cur, db, plan);
	while (cursor_step(&rc, cur)) {
		const goc_assignment *a = goc_cursor_assignment(cur);
		const char *party = goc_assignment_party(a);
		size_t k = 0;
		while (k < ntasks && strcmp(tasks[k], goc_assignment_task(a)) != 0)
			k++;
		if (k == ntasks)
			continue; /* not a leaf */
		if (!unit || strcmp(unit, party) != 0) {
			for (; unit && col < ntasks; col++)
				table_null(t);
			free(unit);
			if (!(unit = strdup(party)))
				abort();
			table_unit(t, unit);
			col = 0;
		}
		for (; col < k; col++)
			table_null(t);
		table_str(t, goc_assignment_role(a) == GOC_ROLE_LEAD ? "L" : "R");
		col++;
	}
	for (; unit && col < ntasks; col++)
		table_null(t);
	free(unit);
	if (table_rows_end(t, cur, rc) != GOC_OK) {
		rc = cli_fail();
		goto out;
	}
	rc = emit(t, &o, meta_new("matrix", plan, NULL));
out:
	for (size_t i = 0; i < ntasks; i++)
		free(tasks[i]);
	free(tasks);
	free(keys);
	return rc;
}

static int report_overdue(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "code", "label", "title_zh", "due", "status", "units" };
	out_opts o = { NULL, NULL, 0, FMT_TEXT, 0 };
	const char *plan = DEFAULT_PLAN, *as_of = cli_today();
	REPORT_PARSE(argc, argv, usage_overdue, &o, &plan, &as_of, NULL);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_task_filter filter = GOC_TASK_FILTER_INIT;
	filter.overdue_as_of = as_of;
	goc_cursor *cur = NULL;
	if (goc_task_list(&cur, db, plan, &filter) != GOC_OK)
		return cli_fail();
	table *t = table_new(6, keys);
	table_names(t, c);
	table_text_maxwidth(t, 2, 40);
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_task *tk = goc_cursor_task(cur);
		char *units = task_units_text(db, plan, goc_task_code(tk), GOC_RESP_EXPAND | GOC_RESP_INHERIT);
		table_str(t, goc_task_code(tk));
		table_str(t, goc_task_label(tk));
		table_str(t, task_title(tk));
		table_str(t, goc_task_due(tk));
		table_status(t, goc_task_status_str(goc_task_status(tk)));
		table_units(t, units);
		free(units);
	}
	if (table_rows_end(t, cur, rc) != GOC_OK)
		return cli_fail();
	return emit(t, &o, meta_new("overdue", plan, as_of));
}

static int report_compliance(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "task", "title_zh", "unit", "role" };
	out_opts o = { NULL, NULL, 0, FMT_TEXT, 0 };
	const char *plan = DEFAULT_PLAN, *period = NULL, *as_of = NULL;
	const opt extra[] = { { "period", &period, NULL }, { NULL, NULL, NULL } };
	REPORT_PARSE(argc, argv, usage_compliance, &o, &plan, &as_of, extra);
	if (!period)
		return cli_usage_error(usage_compliance, "missing --period");
	if (goc_period_check(period) != GOC_OK)
		return cli_usage_error(usage_compliance, "--period: not a period (2025, 2025-H1, 2025-Q2, 2025-06): %s", period);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_cursor *cur = NULL;
	if ((as_of ? goc_report_missing_as_of(&cur, db, plan, period, as_of)
	           : goc_report_missing(&cur, db, plan, period)) != GOC_OK)
		return cli_fail();
	table *t = table_new(4, keys);
	table_names(t, c);
	table_text_maxwidth(t, 1, 40);
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_assignment *a = goc_cursor_assignment(cur);
		goc_task *tk = NULL;
		if (goc_task_get(&tk, db, plan, goc_assignment_task(a)) != GOC_OK)
			break;
		table_str(t, goc_assignment_task(a));
		table_str(t, task_title(tk));
		table_unit(t, goc_assignment_party(a));
		table_label(t, "role", goc_role_str(goc_assignment_role(a)));
		goc_task_free(tk);
	}
	if (table_rows_end(t, cur, rc) != GOC_OK)
		return cli_fail();
	json_t *meta = meta_new("compliance", plan, as_of);
	json_object_set_new(meta, "period", json_string(period));
	char *deadline = NULL;
	if (goc_report_deadline(&deadline, db, plan, period) == GOC_OK) {
		json_object_set_new(meta, "deadline", json_string(deadline));
		goc_free(deadline);
	}
	return emit(t, &o, meta);
}

/* The label and title of every task of a plan, for the dossier's rows. */
typedef struct task_names {
	char **code, **label, **title;
	size_t n;
} task_names;

static void task_names_free(task_names *tn)
{
	for (size_t i = 0; i < tn->n; i++)
		free(tn->code[i]), free(tn->label[i]), free(tn->title[i]);
	free(tn->code), free(tn->label), free(tn->title);
}

static char *xstrdup(const char *s)
{
	char *r = s ? strdup(s) : NULL;
	if (s && !r)
		abort();
	return r;
}

static int task_names_read(task_names *tn, goc_db *db, const char *plan)
{
	goc_cursor *cur = NULL;
	int rc = goc_task_list(&cur, db, plan, NULL);
	while (cursor_step(&rc, cur)) {
		const goc_task *tk = goc_cursor_task(cur);
		tn->code = realloc(tn->code, (tn->n + 1) * sizeof *tn->code);
		tn->label = realloc(tn->label, (tn->n + 1) * sizeof *tn->label);
		tn->title = realloc(tn->title, (tn->n + 1) * sizeof *tn->title);
		if (!tn->code || !tn->label || !tn->title)
			abort();
		tn->code[tn->n] = xstrdup(goc_task_code(tk));
		tn->label[tn->n] = xstrdup(goc_task_label(tk));
		tn->title[tn->n] = xstrdup(task_title(tk));
		tn->n++;
	}
	goc_cursor_free(cur);
	return CURSOR_DONE(rc);
}

static size_t task_names_find(const task_names *tn, const char *code)
{
	size_t i = 0;
	while (i < tn->n && strcmp(tn->code[i], code) != 0)
		i++;
	return i;
}

static int report_dossier(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "unit", "task", "label", "title_zh", "role", "via_group",
		"inherited_from", "due", "task_status", "overdue", "report_period", "report_date",
		"report_status", "percent", "missing_count", "missing" };
	out_opts o = { NULL, NULL, 0, FMT_TEXT, 0 };
	const char *plan = DEFAULT_PLAN, *as_of = cli_today();
	int leaves = 0;
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	const opt extra[] = { { "unit", &f.unit, NULL }, { "task", &f.task, NULL }, { "leaves", NULL, &leaves },
		              { NULL, NULL, NULL } };
	REPORT_PARSE(argc, argv, usage_dossier, &o, &plan, &as_of, extra);
	if (!f.unit && !f.task)
		return cli_usage_error(usage_dossier, "give --unit U or --task T");
	f.flags = leaves ? GOC_DOSSIER_LEAVES : 0u;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	task_names tn = { NULL, NULL, NULL, 0 };
	goc_cursor *cur = NULL;
	int rc = task_names_read(&tn, db, plan);
	if (rc == GOC_OK)
		rc = goc_dossier_list(&cur, db, plan, as_of, &f);
	if (rc != GOC_OK) {
		task_names_free(&tn);
		return cli_fail();
	}
	table *t = table_new(16, keys);
	table_names(t, c);
	table_text_hide(t, 5);
	table_text_hide(t, 6);
	table_text_maxwidth(t, 3, 30);
	table_align_right(t, 13);
	table_align_right(t, 14);
	while (cursor_step(&rc, cur)) {
		const goc_dossier_row *r = goc_cursor_dossier_row(cur);
		size_t k = task_names_find(&tn, goc_dossier_row_task(r));
		table_unit(t, goc_dossier_row_unit(r));
		table_str(t, goc_dossier_row_task(r));
		table_str(t, k < tn.n ? tn.label[k] : NULL);
		table_str(t, k < tn.n ? tn.title[k] : NULL);
		table_label(t, "role", goc_role_str(goc_dossier_row_role(r)));
		table_str(t, goc_dossier_row_via_group(r));
		table_str(t, goc_dossier_row_inherited_from(r));
		table_str(t, goc_dossier_row_due(r));
		table_status(t, goc_task_status_str(goc_dossier_row_task_status(r)));
		table_bool(t, goc_dossier_row_overdue(r));
		table_str(t, goc_dossier_row_report_period(r));
		table_str(t, goc_dossier_row_report_date(r));
		if (goc_dossier_row_report_id(r))
			table_status(t, goc_task_status_str(goc_dossier_row_report_status(r)));
		else
			table_null(t);
		if (goc_dossier_row_report_percent(r) != GOC_PERCENT_NONE)
			table_int(t, goc_dossier_row_report_percent(r));
		else
			table_null(t);
		int nm = goc_dossier_row_missing_count(r);
		table_int(t, nm);
		char *missing = NULL;
		size_t len = 0;
		for (int i = 0; i < nm; i++) {
			const char *p = goc_dossier_row_missing_period(r, i);
			missing = realloc(missing, len + strlen(p) + 2);
			if (!missing)
				abort();
			len += (size_t)sprintf(missing + len, "%s%s", i ? " " : "", p);
		}
		table_str(t, missing);
		free(missing);
	}
	task_names_free(&tn);
	if (table_rows_end(t, cur, rc) != GOC_OK)
		return cli_fail();
	json_t *meta = meta_new("dossier", plan, as_of);
	if (f.unit)
		json_object_set_new(meta, "unit", json_string(f.unit));
	if (f.task)
		json_object_set_new(meta, "task", json_string(f.task));
	return emit(t, &o, meta);
}

/* A KPI row's first cells: kpi, name_zh, name_en, member, year. *k is the
 * row's KPI, looked up when the row names another than the last one (the
 * caller frees it). A goc code; on an error no cell is written. */
static int kpi_row_head(table *t, goc_kpi **k, goc_db *db, const char *plan, const goc_kpi_row *r)
{
	if (!*k || strcmp(goc_kpi_code(*k), goc_kpi_row_kpi(r)) != 0) {
		goc_kpi_free(*k);
		*k = NULL;
		int rc = goc_kpi_get(k, db, plan, goc_kpi_row_kpi(r));
		if (rc != GOC_OK)
			return rc;
	}
	table_str(t, goc_kpi_row_kpi(r));
	table_str(t, goc_kpi_name_zh(*k));
	table_str(t, goc_kpi_name_en(*k));
	table_unit(t, goc_kpi_row_member(r));
	if (goc_kpi_row_year(r))
		table_int(t, goc_kpi_row_year(r));
	else
		table_null(t);
	return GOC_OK;
}

static int report_kpis(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "kpi", "name_zh", "name_en", "member", "year", "start", "end", "actual",
		                            "expected", "target_min", "target_max", "status", "score" };
	out_opts o = { NULL, NULL, 0, FMT_TEXT, 0 };
	const char *plan = DEFAULT_PLAN, *as_of = cli_today(), *kpi = NULL;
	const opt extra[] = { { "kpi", &kpi, NULL }, { NULL, NULL, NULL } };
	REPORT_PARSE(argc, argv, usage_kpis, &o, &plan, &as_of, extra);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_cursor *cur = NULL;
	goc_kpi *k = NULL;
	int rc = goc_kpi_evaluate(&cur, db, plan, kpi, as_of);
	table *t = table_new(13, keys);
	table_names(t, c);
	table_text_hide(t, 2);
	table_text_maxwidth(t, 1, 24);
	for (int j = 7; j <= 10; j++)
		table_align_right(t, j);
	while (cursor_step(&rc, cur)) {
		const goc_kpi_row *r = goc_cursor_kpi_row(cur);
		if ((rc = kpi_row_head(t, &k, db, plan, r)) != GOC_OK)
			break;
		table_str(t, goc_kpi_row_start(r));
		table_str(t, goc_kpi_row_end(r));
		table_num(t, goc_kpi_row_actual(r), 1);
		table_num(t, goc_kpi_row_expected(r), 1);
		table_num(t, goc_kpi_row_target_min(r), 1);
		if (goc_kpi_row_target_max(r) == GOC_NO_MAX)
			table_null(t);
		else
			table_num(t, goc_kpi_row_target_max(r), 1);
		table_status(t, goc_kpi_status_str(goc_kpi_row_status(r)));
		table_pct(t, goc_kpi_row_score(r));
	}
	goc_kpi_free(k);
	if (table_rows_end(t, cur, rc) != GOC_OK)
		return cli_fail();
	json_t *meta = meta_new("kpis", plan, as_of);
	return emit(t, &o, meta);
}

/* The trend as a table: KPI rows, or scorecards --by. */
static int trend_table(table **out, cli *c, goc_db *db, const char *plan, const goc_series_opts *so, int by)
{
	/* N_(): "as_of" is a column name for the catalogue (output.c's column_names) */
	static const char *const k_rows[] = { N_("as_of"), "kpi", "name_zh", "name_en", "member", "year",
		                              "actual", "expected", "target_min", "status", "score" };
	static const char *const k_score[] = { "as_of", "key", "name_zh", "name_en", "status", "score",
		                               "rows", "met" };
	goc_cursor *cur = NULL;
	int rc = by ? goc_score_series(&cur, db, plan, so, by) : goc_kpi_series(&cur, db, plan, so);
	if (rc != GOC_OK)
		return rc;
	table *t = by ? table_new(8, k_score) : table_new(11, k_rows);
	table_names(t, c);
	table_text_hide(t, 3);
	goc_kpi *k = NULL;
	if (!by) {
		table_text_maxwidth(t, 2, 24);
		for (int j = 6; j <= 8; j++)
			table_align_right(t, j);
	} else {
		for (int j = 5; j <= 7; j++)
			table_align_right(t, j);
	}
	while (cursor_step(&rc, cur)) {
		if (by) {
			const goc_score *s = goc_cursor_score(cur);
			const char *key = goc_score_key(s);
			table_str(t, goc_score_as_of(s));
			table_str(t, key);
			table_str(t, key ? goc_score_name_zh(s) : "合计");
			table_str(t, key ? goc_score_name_en(s) : "Total");
			table_status(t, goc_score_status(s) ? goc_kpi_status_str(goc_score_status(s)) : NULL);
			table_pct(t, goc_score_value(s));
			table_int(t, goc_score_count(s, 0));
			table_int(t, goc_score_met(s));
			continue;
		}
		const goc_kpi_row *r = goc_cursor_kpi_row(cur);
		table_str(t, goc_kpi_row_as_of(r));
		if ((rc = kpi_row_head(t, &k, db, plan, r)) != GOC_OK)
			break;
		table_num(t, goc_kpi_row_actual(r), 1);
		table_num(t, goc_kpi_row_expected(r), 1);
		table_num(t, goc_kpi_row_target_min(r), 1);
		table_status(t, goc_kpi_status_str(goc_kpi_row_status(r)));
		table_pct(t, goc_kpi_row_score(r));
	}
	goc_kpi_free(k);
	if ((rc = table_rows_end(t, cur, rc)) != GOC_OK)
		return rc;
	*out = t;
	return GOC_OK;
}

static int report_trend(cli *c, int argc, char **argv)
{
	out_opts o = { NULL, NULL, 0, FMT_TEXT, FMT_ALL | FMT_DOCS };
	const char *plan = DEFAULT_PLAN, *from = NULL, *to = NULL, *every_name = NULL, *kpi = NULL,
	           *by_name = NULL, *lang = NULL;
	const opt extra[] = { { "from", &from, NULL }, { "to", &to, NULL }, { "every", &every_name, NULL },
		              { "kpi", &kpi, NULL }, { "by", &by_name, NULL }, { "lang", &lang, NULL },
		              { NULL, NULL, NULL } };
	REPORT_PARSE(argc, argv, usage_trend, &o, &plan, NULL, extra);
	if (!from || !to)
		return cli_usage_error(usage_trend, "give --from DATE and --to DATE");
	if (cli_check_date(usage_trend, "--from", from) || cli_check_date(usage_trend, "--to", to))
		return EXIT_USAGE;
	int every, by = 0;
	if (goc_every_parse(&every, every_name ? every_name : "quarter") != GOC_OK)
		return cli_usage_error(usage_trend, "--every: expected month or quarter: %s", every_name);
	if (by_name && (goc_score_by_parse(&by, by_name) != GOC_OK || by == GOC_BY_SECTION))
		return cli_usage_error(usage_trend, "--by: expected plan, zone or unit: %s", by_name);
	if (document_check(usage_trend, &o, lang, by_name))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_series_opts so = GOC_SERIES_OPTS_INIT;
	so.from = from;
	so.to = to;
	so.every = every;
	so.kpi = kpi;
	if (o.fmt == FMT_HTML || o.fmt == FMT_XLSX)
		return write_document(db, plan, to, &so, &o, o.fmt == FMT_HTML && !lang ? "zh" : lang);
	table *t = NULL;
	if (trend_table(&t, c, db, plan, &so, by) != GOC_OK)
		return cli_fail();
	json_t *meta = meta_new("trend", plan, NULL);
	json_object_set_new(meta, "from", json_string(from));
	json_object_set_new(meta, "to", json_string(to));
	json_object_set_new(meta, "every", json_string(goc_every_str(every)));
	if (kpi)
		json_object_set_new(meta, "kpi", json_string(kpi));
	if (by_name)
		json_object_set_new(meta, "by", json_string(by_name));
	return emit(t, &o, meta);
}

int cmd_report(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = {
		{ "scorecard", report_scorecard }, { "matrix", report_matrix },
		{ "overdue", report_overdue }, { "compliance", report_compliance }, { "kpis", report_kpis },
		{ "dossier", report_dossier }, { "reminders", report_reminders },
		{ "trend", report_trend },
		{ NULL, NULL },
	};
	return cli_dispatch(c, argc, argv, subs, usage_report);
}
