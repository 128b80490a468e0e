/*
 * goc init, goc plan load|show|export|import, goc task status|update.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage_init[] =
	N_("usage: goc init\n"
	"\n"
	"Create the database (--db FILE, $GOC_DB or ./goc.db) and load the\n"
	"built-in plan pudong-goc-2024 with its reference data.\n");

int cmd_init(cli *c, int argc, char **argv)
{
	PARSE(argc, argv, NULL, NULL, 0, 0, NULL, usage_init);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	if (goc_plan_load(db, DEFAULT_PLAN) != GOC_OK)
		return cli_fail();
	printf(_("%s: plan %s loaded\n"), c->db_path, DEFAULT_PLAN);
	return EXIT_OK;
}

const char *task_title(const goc_task *task)
{
	const char *t = goc_task_title_zh(task);
	if (!t || !*t)
		t = goc_task_text(task);
	return t ? t : "";
}

/* The units of a task as "lead*, unit, …": each party is listed once (the
 * library's rule: goc_task_units() gives every unit or group once, with
 * its strongest role). */
char *task_units_text(goc_db *db, const char *plan, const char *task, unsigned int flags)
{
	goc_cursor *cur = NULL;
	if (goc_task_units(&cur, db, plan, task, flags) != GOC_OK)
		return NULL;
	size_t len = 0, cap = 64;
	char *s = malloc(cap);
	if (!s)
		abort();
	s[0] = '\0';
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_assignment *a = goc_cursor_assignment(cur);
		const char *p = goc_assignment_party(a);
		int lead = goc_assignment_role(a) == GOC_ROLE_LEAD;
		size_t need = len + strlen(p) + 4;
		if (need > cap) {
			while (need > cap)
				cap *= 2;
			s = realloc(s, cap);
			if (!s)
				abort();
		}
		len += (size_t)sprintf(s + len, "%s%s%s", len ? ", " : "", p, lead ? "*" : "");
	}
	goc_cursor_free(cur);
	if (rc != GOC_DONE) {
		free(s);
		return NULL;
	}
	return s;
}

static const char usage_plan[] =
	N_("usage: goc plan load|show|export|import|set [OPTIONS]\n"
	"\n"
	"  load NAME                        load a built-in plan (pudong-goc-2024)\n"
	"  show [--plan CODE] [--format text|csv|json]\n"
	"                                   the task tree with the units of each task\n"
	"  export [--plan CODE] [--format json] [-o FILE]\n"
	"  import FILE [--plan CODE] [--table] [--encoding E] [--replace] [--create-units] [--title T]\n"
	"                                   a plan in JSON (default) or a task decomposition table\n"
	"  set [--plan CODE] [--report-cycle C] [--report-deadline-days N]\n"
	"                                   the reporting cycle and deadline (催报 rules)\n");

static const char usage_set[] =
	N_("usage: goc plan set [--plan CODE] [--report-cycle monthly|quarterly|half_yearly|annual]\n"
	"                    [--report-deadline-days N]\n"
	"\n"
	"Progress reports are due for every period of the cycle, N calendar days\n"
	"after the period ends (0 to 366; a new plan: quarterly, 10 days).  A period\n"
	"counts as missing only once its deadline has passed; a report after the\n"
	"deadline is late.  Without options, prints the current setting.\n");

static const char usage_load[] =
	N_("usage: goc plan load NAME\n\nLoad a built-in plan: pudong-goc-2024.\n");
static const char usage_show[] =
	N_("usage: goc plan show [--plan CODE] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"\n"
	"The plan's tasks in tree order with the units answering for each\n"
	"(groups as recorded; a trailing * marks the lead).\n");
static const char usage_export[] =
	N_("usage: goc plan export [--plan CODE] [--format json] [-o FILE]\n"
	"\n"
	"The plan as JSON in the documented format (docs/plan-format.md).\n");
static const char usage_import[] =
	N_("usage: goc plan import FILE [--plan CODE] [--table] [--encoding E] [--replace]\n"
	"                            [--create-units] [--title TITLE]\n"
	"\n"
	"Import a plan from JSON (docs/plan-format.md; --plan overrides its code), or\n"
	"with --table a task decomposition table (CSV/TSV, UTF-8 or GB18030) into the\n"
	"plan --plan, which is created (titled TITLE, default its code) if needed.\n"
	"Limits: the file at most 64 MiB; a table's cell at most 64 KiB.\n");

static int plan_load(cli *c, int argc, char **argv)
{
	const char *name = NULL;
	PARSE(argc, argv, NULL, &name, 1, 1, NULL, usage_load);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	if (goc_plan_load(db, name) != GOC_OK)
		return cli_fail();
	printf(_("plan %s loaded\n"), name);
	return EXIT_OK;
}

static int plan_show(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "code", "parent", "level", "title", "title_en", "due", "status", "units" };
	const char *plan = DEFAULT_PLAN, *format = NULL, *output = NULL;
	int bom = 0;
	out_format fmt;
	const opt opts[] = { { "plan", &plan, NULL }, { "format", &format, NULL }, { "o", &output, NULL },
	                     { "bom", NULL, &bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_show);
	if (out_format_parse(&fmt, format, FMT_ALL))
		return cli_usage_error(usage_show, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	goc_cursor *cur = NULL;
	if (!db)
		return EXIT_RUNTIME;
	if (goc_task_list(&cur, db, plan, NULL) != GOC_OK)
		return cli_fail();
	table *t = table_new(8, keys);
	table_names(t, c);
	table_text_hide(t, 1);
	table_text_hide(t, 4);
	table_text_maxwidth(t, 3, 48);
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_task *tk = goc_cursor_task(cur);
		int level = goc_task_level(tk);
		char *units = task_units_text(db, plan, goc_task_code(tk), 0);
		const char *label = goc_task_label(tk) ? goc_task_label(tk) : "";
		const char *title = task_title(tk);
		char *text = malloc(strlen(label) + strlen(title) + 2 * (size_t)level + 16);
		if (!text)
			abort();
		/* Text shows the tree by indentation; CSV and JSON have the title alone. */
		if (fmt == FMT_TEXT || fmt == FMT_MD)
			sprintf(text, "%*s%s%s%s", 2 * (level - 1), "", label, *label ? " " : "", title);
		else
			strcpy(text, title);
		table_str(t, goc_task_code(tk));
		table_str(t, goc_task_parent(tk));
		table_label(t, "task_level", goc_task_level_str(level));
		table_str(t, text);
		table_str(t, goc_task_title_en(tk));
		table_str(t, goc_task_due(tk));
		table_status(t, goc_task_status_str(goc_task_status(tk)));
		table_units(t, units);
		free(text);
		free(units);
	}
	goc_cursor_free(cur);
	if (rc != GOC_DONE) {
		table_free(t);
		return cli_fail();
	}
	FILE *f = out_open(output);
	if (!f) {
		table_free(t);
		return EXIT_RUNTIME;
	}
	json_t *meta = json_object();
	json_object_set_new(meta, "plan", json_string(plan));
	table_write(t, f, fmt, fmt == FMT_TEXT && out_use_color(f), bom, meta);
	table_free(t);
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

static int plan_export(cli *c, int argc, char **argv)
{
	const char *plan = DEFAULT_PLAN, *format = "json", *output = NULL;
	const opt opts[] = { { "plan", &plan, NULL }, { "format", &format, NULL }, { "o", &output, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_export);
	if (strcmp(format, "json") != 0)
		return cli_usage_error(usage_export, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	char *json = NULL;
	if (!db)
		return EXIT_RUNTIME;
	if (goc_plan_export_json(&json, db, plan) != GOC_OK)
		return cli_fail();
	FILE *f = out_open(output);
	if (!f) {
		goc_free(json);
		return EXIT_RUNTIME;
	}
	fputs(json, f);
	goc_free(json);
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

/* Progress on stderr when it is a terminal. */
static int progress(size_t done, size_t total, void *payload)
{
	(void)payload;
	if (total)
		fprintf(stderr, "\r%s: %3zu%%", _("importing"), done * 100 / total);
	if (done >= total)
		fputs("\r               \r", stderr);
	return 0;
}

static int plan_import(cli *c, int argc, char **argv)
{
	const char *file = NULL, *plan = NULL, *encoding = NULL, *title = NULL;
	int is_table = 0, replace = 0, create_units = 0;
	const opt opts[] = { { "plan", &plan, NULL }, { "encoding", &encoding, NULL },
	                     { "title", &title, NULL }, { "table", NULL, &is_table },
	                     { "replace", NULL, &replace }, { "create-units", NULL, &create_units },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &file, 1, 1, NULL, usage_import);
	if (is_table && !plan)
		return cli_usage_error(usage_import, "--table needs --plan CODE");
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	size_t len = 0;
	char *data = read_file(file, &len);
	if (!data)
		return EXIT_RUNTIME;
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = plan;
	o.encoding = encoding;
	o.flags = (replace ? GOC_IMPORT_REPLACE : 0u) | (create_units ? GOC_IMPORT_CREATE_UNITS : 0u);
	if (isatty(fileno(stderr)))
		o.progress = progress;
	int rc = GOC_OK;
	if (is_table) {
		/* Create the plan if needed and fill it: both or neither. */
		goc_plan *p = NULL;
		rc = goc_db_begin(db);
		if (rc == GOC_OK && (rc = goc_plan_get(&p, db, plan)) == GOC_ENOTFOUND) {
			goc_plan_fields pf = GOC_PLAN_FIELDS_INIT;
			pf.code = plan;
			pf.title_zh = title ? title : plan;
			rc = goc_plan_create(db, &pf);
		}
		goc_plan_free(p);
		if (rc == GOC_OK)
			rc = goc_plan_import_table(db, data, len, &o);
		if (rc == GOC_OK)
			rc = goc_db_commit(db);
		else if (goc_db_in_transaction(db))
			goc_db_rollback(db); /* keeps the import's error message */
	} else {
		rc = goc_plan_import_json(db, data, len, &o);
	}
	free(data);
	if (rc != GOC_OK)
		return cli_fail();
	if (plan)
		printf(_("%s imported into plan %s\n"), file, plan);
	else
		printf(_("%s imported\n"), file);
	return EXIT_OK;
}

static int plan_set(cli *c, int argc, char **argv)
{
	const char *plan = DEFAULT_PLAN, *cycle = NULL, *days = NULL;
	const opt opts[] = { { "plan", &plan, NULL }, { "report-cycle", &cycle, NULL },
		             { "report-deadline-days", &days, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_set);
	int cy = 0;
	long nd = -1;
	if (cycle && goc_report_cycle_parse(&cy, cycle) != GOC_OK)
		return cli_usage_error(usage_set, "--report-cycle: monthly, quarterly, half_yearly or annual, not %s",
		                       cycle);
	if (days) {
		char *end;
		errno = 0;
		nd = strtol(days, &end, 10);
		if (errno || *end || end == days || nd < 0 || nd > GOC_REPORT_DEADLINE_MAX)
			return cli_usage_error(usage_set, "--report-deadline-days: 0 to %d days, not %s",
			                       GOC_REPORT_DEADLINE_MAX, days);
	}
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_plan *p = NULL;
	if (goc_plan_get(&p, db, plan) != GOC_OK)
		return cli_fail();
	int cur_cycle = goc_plan_report_cycle(p), cur_days = goc_plan_report_deadline_days(p);
	goc_plan_free(p);
	if (cycle || days) {
		if (goc_plan_set_reporting(db, plan, cycle ? (enum goc_report_cycle)cy : (enum goc_report_cycle)cur_cycle,
		                           days ? (int)nd : cur_days) != GOC_OK)
			return cli_fail();
		cur_cycle = cycle ? cy : cur_cycle;
		cur_days = days ? (int)nd : cur_days;
	}
	printf(_("%s: %s（%s），%d 个自然日 (calendar days) after each period\n"), plan,
	       goc_label("report_cycle", goc_report_cycle_str(cur_cycle), "zh"),
	       goc_report_cycle_str(cur_cycle), cur_days);
	return EXIT_OK;
}

int cmd_plan(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = {
		{ "load", plan_load }, { "show", plan_show }, { "set", plan_set },
		{ "export", plan_export }, { "import", plan_import },
		{ NULL, NULL },
	};
	return cli_dispatch(c, argc, argv, subs, usage_plan);
}

/* --- goc task status|update ----------------------------------------------- */

static const char usage_task[] =
	N_("usage: goc task status|update [OPTIONS]\n"
	"\n"
	"Change a task of a plan (the default plan: pudong-goc-2024); plans are for\n"
	"administrators (no --actor, or one with the admin role).\n"
	"\n"
	"  status CODE STATUS   set its status: not_started, in_progress, done,\n"
	"                       blocked or cancelled\n"
	"  update CODE          amend its label, titles, text, due date or recurrence\n"
	"\n"
	"`goc task COMMAND --help` for a command's options.\n");
static const char usage_task_status[] =
	N_("usage: goc task status CODE STATUS [--date D] [--plan CODE]\n"
	"\n"
	"Set a task's status (not_started, in_progress, done, blocked, cancelled)\n"
	"as of --date (default: today); done records the date as its completion.\n");
static const char usage_task_update[] =
	N_("usage: goc task update CODE [--plan CODE] [--label L] [--title-zh T] [--title-en T]\n"
	"                       [--text T] [--due D] [--recurrence none|annual]\n"
	"\n"
	"Amend a task: the options given change, the others stay; an empty value\n"
	"('') clears an optional field (a task keeps a title or a text).  Its\n"
	"place in the plan, status and units do not change here.\n");

static int task_status(cli *c, int argc, char **argv)
{
	const char *pos[2] = { NULL, NULL }, *plan = DEFAULT_PLAN, *date = NULL;
	const opt opts[] = { { "plan", &plan, NULL }, { "date", &date, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, pos, 2, 2, NULL, usage_task_status);
	int status;
	if (cli_enum(&status, GOC_RESOLVE_TASK_STATUS, pos[1], "STATUS", usage_task_status))
		return EXIT_USAGE;
	if (cli_check_date(usage_task_status, "--date", date))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	int rrc = cli_resolve(c, GOC_RESOLVE_TASK, plan, &pos[0], "TASK", NULL);
	if (rrc)
		return rrc;
	return goc_task_set_status(db, plan, pos[0], status, date ? date : cli_today()) == GOC_OK
	           ? EXIT_OK : cli_fail();
}

static int task_update(cli *c, int argc, char **argv)
{
	const char *code = NULL, *plan = DEFAULT_PLAN, *recurrence = NULL;
	goc_task_changes ch = GOC_TASK_CHANGES_INIT;
	const opt opts[] = { { "plan", &plan, NULL }, { "label", &ch.label, NULL },
	                     { "title-zh", &ch.title_zh, NULL }, { "title-en", &ch.title_en, NULL },
	                     { "text", &ch.text, NULL }, { "due", &ch.due, NULL },
	                     { "recurrence", &recurrence, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &code, 1, 1, NULL, usage_task_update);
	if (!ch.label && !ch.title_zh && !ch.title_en && !ch.text && !ch.due && !recurrence)
		return cli_usage_error(usage_task_update, "nothing to change: give at least one of"
		                       " --label, --title-zh, --title-en, --text, --due, --recurrence");
	if (ch.due && *ch.due && cli_check_date(usage_task_update, "--due", ch.due))
		return EXIT_USAGE;
	if (recurrence && cli_enum(&ch.recurrence, GOC_RESOLVE_RECURRENCE, recurrence, "--recurrence", usage_task_update))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	int rrc = cli_resolve(c, GOC_RESOLVE_TASK, plan, &code, "CODE", NULL);
	if (rrc)
		return rrc;
	return goc_task_update(db, plan, code, &ch) == GOC_OK ? EXIT_OK : cli_fail();
}

int cmd_task(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "status", task_status }, { "update", task_update },
		                       { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_task);
}
