/*
 * goc progress template|import: the spreadsheet the bureaus fill in each
 * period, and reading it back.  The template's rows come from the
 * library's dossier (goc_dossier_list(): a unit's leaf tasks with role and
 * latest report); the import is the library's (goc_report_import_table():
 * rows, validation, idempotency); this file only writes and reads files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

static const char usage_template[] =
	N_("usage: goc progress template (--unit UNIT | --all-units) --period P -o FILE|DIR/\n"
	"                             [--format xlsx|csv] [--plan CODE]\n"
	"\n"
	"Write the progress template a unit fills in for a period: its leaf tasks\n"
	"(task code, label, text, role, last report as of the period's end),\n"
	"and the columns to fill — 状态 (a drop-down of the Chinese status labels),\n"
	"完成比例, 填报日期, 进展情况, 佐证材料 — unlocked, the rest protected,\n"
	"instructions in Chinese on the first rows.  --all-units writes one file\n"
	"per unit into the folder -o names (UNIT-PERIOD.xlsx).  --format csv\n"
	"writes the same table as CSV (UTF-8 with a byte order mark).  Read the\n"
	"filled files back with `goc progress import`.\n");

static const char usage_import[] =
	N_("usage: goc progress import FILE... [--sheet NAME] [--encoding E] [--plan CODE]\n"
	"                                   [--unit UNIT] [--period P]\n"
	"\n"
	"Import filled progress templates: .xlsx workbooks (the sheet named, or\n"
	"the first) or CSV in UTF-8 or GB18030 (detected; --encoding names\n"
	"another).  Each file is imported whole or not at all; every error is\n"
	"printed with the file, sheet, row and column.  A row equal to a report\n"
	"on record (same task, unit, period, date, status and text) is counted\n"
	"as unchanged, so importing a file twice adds nothing the second time.\n"
	"--unit, --period and --plan stand in for a file that names none.\n"
	"Exit status 1 if any file failed.\n");

/* --- the rows --------------------------------------------------------------- */

typedef struct trow {
	char *task, *label, *text, *role, *last;
} trow;

typedef struct tunit {
	char *unit, *name;
	trow *rows;
	size_t n, cap;
} tunit;

static char *sdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

/* "2025-Q1 推进中 40% 2025-03-28：text" */
static char *last_report(const goc_dossier_row *r)
{
	if (!goc_dossier_row_report_id(r))
		return sdup("");
	const char *status = goc_task_status_str(goc_dossier_row_report_status(r));
	const char *label = goc_label("task_status", status, "zh");
	const char *text = goc_dossier_row_report_text(r);
	char pct[16] = "";
	if (goc_dossier_row_report_percent(r) != GOC_PERCENT_NONE)
		snprintf(pct, sizeof pct, " %d%%", goc_dossier_row_report_percent(r));
	size_t n = strlen(goc_dossier_row_report_period(r)) + strlen(label ? label : status) +
	           strlen(goc_dossier_row_report_date(r)) + (text ? strlen(text) : 0) + 64;
	char *s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, "%s %s%s %s%s%s", goc_dossier_row_report_period(r), label ? label : status, pct,
	         goc_dossier_row_report_date(r), text ? "：" : "", text ? text : "");
	return s;
}

static void units_free(tunit *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < u[i].n; k++) {
			free(u[i].rows[k].task);
			free(u[i].rows[k].label);
			free(u[i].rows[k].text);
			free(u[i].rows[k].role);
			free(u[i].rows[k].last);
		}
		free(u[i].rows);
		free(u[i].unit);
		free(u[i].name);
	}
	free(u);
}

/* The dossier rows (leaf tasks) of one unit or of every unit, grouped by
 * unit.  Returns 0, or EXIT_RUNTIME after a message. */
static int gather(goc_db *db, const char *plan, const char *unit, const char *as_of, tunit **out,
                  size_t *nout)
{
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	f.unit = unit;
	f.flags = GOC_DOSSIER_LEAVES;
	goc_cursor *cur = NULL;
	int rc = goc_dossier_list(&cur, db, plan, as_of, &f);
	tunit *u = NULL;
	size_t n = 0, cap = 0;
	while (cursor_step(&rc, cur)) {
		const goc_dossier_row *r = goc_cursor_dossier_row(cur);
		const char *code = goc_dossier_row_unit(r);
		if (!n || strcmp(u[n - 1].unit, code) != 0) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				u = realloc(u, cap * sizeof *u);
				if (!u)
					abort();
			}
			memset(&u[n], 0, sizeof u[n]);
			u[n].unit = sdup(code);
			goc_unit *gu = NULL;
			u[n].name = sdup(goc_unit_get(&gu, db, code) == GOC_OK ? goc_unit_name_zh(gu) : code);
			goc_unit_free(gu);
			n++;
		}
		tunit *t = &u[n - 1];
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 16;
			t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
			if (!t->rows)
				abort();
		}
		trow *row = &t->rows[t->n++];
		row->task = sdup(goc_dossier_row_task(r));
		goc_task *task = NULL;
		if (goc_task_get(&task, db, plan, row->task) == GOC_OK) {
			row->label = sdup(goc_task_label(task));
			row->text = sdup(goc_task_text(task) ? goc_task_text(task) : goc_task_title_zh(task));
		} else {
			row->label = sdup("");
			row->text = sdup("");
		}
		goc_task_free(task);
		const char *role = goc_role_str(goc_dossier_row_role(r));
		const char *rl = goc_label("role", role, "zh");
		row->role = sdup(rl ? rl : role);
		row->last = last_report(r);
	}
	goc_cursor_free(cur);
	if (rc != GOC_DONE) {
		units_free(u, n);
		return cli_fail();
	}
	*out = u;
	*nout = n;
	return 0;
}

/* --- the table, as xlsx and as CSV ------------------------------------------ */

#define N_COLS 10
static const char *const head[N_COLS] = { "任务代码", "序号", "任务内容", "角色", "上次报告",
                                          "状态", "完成比例（%）", "填报日期", "进展情况", "佐证材料" };
enum { FIRST_FILL = 5 }; /* 状态 and after are filled in */
enum { HEAD_ROW = 5 };   /* 0-based: rows 0–4 are the title, instructions and keys */

/* The statuses a report may give (the library's task statuses: every
 * value goc_task_status_str() names) by their Chinese labels, in the
 * library's order, NULL-terminated; and the same joined by "、". */
static const char *status_labels[8];
static char status_list[256];

static void statuses_read(void)
{
	int n = 0;
	size_t len = 0;
	status_list[0] = '\0';
	for (int s = GOC_TASK_NOT_STARTED; n < 7 && goc_task_status_str(s); s++) {
		const char *code = goc_task_status_str(s);
		const char *label = goc_label("task_status", code, "zh");
		status_labels[n] = label ? label : code;
		len += (size_t)snprintf(status_list + len, sizeof status_list - len, "%s%s", n ? "、" : "",
		                        status_labels[n]);
		if (len >= sizeof status_list)
			abort();
		n++;
	}
	status_labels[n] = NULL;
}

/* The instructions on the template's second row (after statuses_read()). */
static char *instructions(void)
{
	static const char fmt[] =
		"填写说明：请只填写黄色底色的列——状态（下拉选择：%s）、"
		"完成比例（0–100 的整数）、填报日期（YYYY-MM-DD，不得晚于今天，不得早于本期开始）、"
		"进展情况、佐证材料。其他列和表头请勿修改；未填写状态等内容的行不会导入。"
		"填好后交回，用 goc progress import 导入；同一文件重复导入不会重复登记。";
	size_t n = sizeof fmt + strlen(status_list);
	char *s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, fmt, status_list);
	return s;
}

static char *title_of(const tunit *u, const char *period)
{
	size_t n = strlen(u->name) + strlen(u->unit) + strlen(period) + 64;
	char *s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, "进展填报表：%s（%s），%s", u->name, u->unit, period);
	return s;
}

static void csv_cell(FILE *f, const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	/* the formula guard, as every CSV of goc has it (--raw turns it off) */
	int guard = !out_raw() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
	if (quote)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
}

static int write_csv(const tunit *u, const char *plan, const char *period, const char *path)
{
	FILE *f = out_open(path);
	if (!f)
		return EXIT_RUNTIME;
	fputs("\xEF\xBB\xBF", f);
	char *title = title_of(u, period);
	csv_cell(f, title, 1);
	free(title);
	char *text = instructions();
	csv_cell(f, text, 1);
	free(text);
	csv_cell(f, "计划", 0), csv_cell(f, plan, 1);
	csv_cell(f, "单位", 0), csv_cell(f, u->unit, 0), csv_cell(f, u->name, 1);
	csv_cell(f, "期间", 0), csv_cell(f, period, 1);
	for (int j = 0; j < N_COLS; j++)
		csv_cell(f, head[j], j == N_COLS - 1);
	for (size_t i = 0; i < u->n; i++) {
		const trow *r = &u->rows[i];
		const char *v[N_COLS] = { r->task, r->label, r->text, r->role, r->last, "", "", "", "", "" };
		for (int j = 0; j < N_COLS; j++)
			csv_cell(f, v[j], j == N_COLS - 1);
	}
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

#ifdef GOC_HAVE_XLSX
static const double widths[N_COLS] = { 10, 7, 60, 8, 36, 12, 12, 14, 50, 24 };

static int write_xlsx_template(const tunit *u, const char *plan, const char *period, const char *path)
{
	char *tmp;
	lxw_workbook *wb = book_open(path, &tmp);
	if (!wb)
		return EXIT_RUNTIME;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "进展填报");
	lxw_format *bold = workbook_add_format(wb), *wrap = workbook_add_format(wb),
	           *fill = workbook_add_format(wb), *date = workbook_add_format(wb),
	           *head_f = workbook_add_format(wb), *title_f = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_bold(title_f);
	format_set_font_size(title_f, 14);
	format_set_bold(head_f);
	format_set_border(head_f, LXW_BORDER_THIN);
	format_set_bg_color(head_f, 0xD9E1F2);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(wrap, LXW_BORDER_THIN);
	/* the cells to fill: unlocked, yellow */
	format_set_unlocked(fill);
	format_set_bg_color(fill, 0xFFF2CC);
	format_set_border(fill, LXW_BORDER_THIN);
	format_set_text_wrap(fill);
	format_set_align(fill, LXW_ALIGN_VERTICAL_TOP);
	format_set_unlocked(date);
	format_set_bg_color(date, 0xFFF2CC);
	format_set_border(date, LXW_BORDER_THIN);
	format_set_num_format(date, "yyyy-mm-dd");
	format_set_align(date, LXW_ALIGN_VERTICAL_TOP);

	char *title = title_of(u, period);
	worksheet_merge_range(ws, 0, 0, 0, N_COLS - 1, title, title_f);
	free(title);
	lxw_format *instr = workbook_add_format(wb);
	format_set_text_wrap(instr);
	format_set_align(instr, LXW_ALIGN_VERTICAL_TOP);
	char *text = instructions();
	worksheet_merge_range(ws, 1, 0, 1, N_COLS - 1, text, instr);
	free(text);
	worksheet_set_row(ws, 1, 48, NULL);
	worksheet_write_string(ws, 2, 0, "计划", bold);
	worksheet_write_string(ws, 2, 1, plan, NULL);
	worksheet_write_string(ws, 3, 0, "单位", bold);
	worksheet_write_string(ws, 3, 1, u->unit, NULL);
	worksheet_write_string(ws, 3, 2, u->name, NULL);
	worksheet_write_string(ws, 4, 0, "期间", bold);
	worksheet_write_string(ws, 4, 1, period, NULL);
	for (int j = 0; j < N_COLS; j++) {
		worksheet_write_string(ws, HEAD_ROW, (lxw_col_t)j, head[j], head_f);
		worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, widths[j], NULL);
	}
	worksheet_freeze_panes(ws, HEAD_ROW + 1, 2);
	for (size_t i = 0; i < u->n; i++) {
		const trow *r = &u->rows[i];
		lxw_row_t row = (lxw_row_t)(HEAD_ROW + 1 + i);
		const char *v[FIRST_FILL] = { r->task, r->label, r->text, r->role, r->last };
		for (int j = 0; j < FIRST_FILL; j++)
			worksheet_write_string(ws, row, (lxw_col_t)j, v[j], wrap);
		for (int j = FIRST_FILL; j < N_COLS; j++)
			worksheet_write_blank(ws, row, (lxw_col_t)j, j == 7 ? date : fill);
	}
	if (u->n) {
		lxw_row_t first = HEAD_ROW + 1, last = (lxw_row_t)(HEAD_ROW + u->n);
		/* status: a drop-down of the Chinese labels (goc_label()) */
		char error[320];
		snprintf(error, sizeof error, "请选择：%s", status_list);
		lxw_data_validation status = { 0 };
		status.validate = LXW_VALIDATION_TYPE_LIST;
		status.value_list = (char **)status_labels;
		status.input_title = "状态";
		status.input_message = "请从下拉列表中选择";
		status.error_title = "状态";
		status.error_message = error;
		worksheet_data_validation_range(ws, first, FIRST_FILL, last, FIRST_FILL, &status);
		lxw_data_validation pct = { 0 };
		pct.validate = LXW_VALIDATION_TYPE_INTEGER;
		pct.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		pct.minimum_number = 0;
		pct.maximum_number = 100;
		pct.error_message = "完成比例为 0 到 100 的整数";
		worksheet_data_validation_range(ws, first, FIRST_FILL + 1, last, FIRST_FILL + 1, &pct);
		lxw_data_validation dv = { 0 };
		dv.validate = LXW_VALIDATION_TYPE_DATE;
		dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN;
		dv.minimum_datetime = (lxw_datetime){ 2000, 1, 1, 0, 0, 0 };
		dv.error_message = "请填写日期，格式 YYYY-MM-DD";
		worksheet_data_validation_range(ws, first, FIRST_FILL + 2, last, FIRST_FILL + 2, &dv);
	}
	lxw_protection prot = { 0 };
	prot.no_select_locked_cells = 0;
	prot.format_columns = 1;
	prot.format_rows = 1;
	worksheet_protect(ws, NULL, &prot);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, HEAD_ROW, HEAD_ROW);
	return book_close(wb, path, tmp);
}
#endif

static int write_one(const tunit *u, const char *plan, const char *period, const char *path, int csv)
{
	if (csv)
		return write_csv(u, plan, period, path);
#ifdef GOC_HAVE_XLSX
	return write_xlsx_template(u, plan, period, path);
#else
	(void)u, (void)plan, (void)period, (void)path;
	fputs(_("goc: this goc was built without libxlsxwriter: use --format csv\n"), stderr);
	return EXIT_RUNTIME;
#endif
}

int progress_template(cli *c, int argc, char **argv)
{
	const char *unit = NULL, *period = NULL, *output = NULL, *format = NULL, *plan = DEFAULT_PLAN;
	int all = 0;
	const opt opts[] = { { "unit", &unit, NULL }, { "all-units", NULL, &all }, { "period", &period, NULL },
	                     { "o", &output, NULL }, { "format", &format, NULL }, { "plan", &plan, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_template);
	if (!unit == !all)
		return cli_usage_error(usage_template, "give --unit UNIT or --all-units");
	if (!period || !output)
		return cli_usage_error(usage_template, "--period and -o are required");
	/* the tasks and their latest reports as of the period's last day */
	char end[11], *last = NULL;
	int prc = goc_period_end(&last, period);
	if (prc == GOC_EINVAL)
		return cli_usage_error(usage_template, "--period: not a period (2025, 2025-H1, 2025-Q2, 2025-06): %s",
		                       period);
	if (prc != GOC_OK)
		return cli_fail();
	snprintf(end, sizeof end, "%s", last);
	goc_free(last);
	int csv = 0;
	if (format && !strcmp(format, "csv"))
		csv = 1;
	else if (format && strcmp(format, "xlsx"))
		return cli_usage_error(usage_template, "--format: xlsx or csv, not %s", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	statuses_read();
	tunit *u = NULL;
	size_t n = 0;
	int rc = gather(db, plan, unit, end, &u, &n);
	if (rc)
		return rc;
	if (unit) {
		if (n == 0) {
			/* a unit that answers for no task: an empty template */
			tunit none = { 0 };
			none.unit = (char *)unit;
			none.name = (char *)unit;
			rc = write_one(&none, plan, period, output, csv);
		} else {
			rc = write_one(&u[0], plan, period, output, csv);
		}
		if (rc == EXIT_OK)
			fprintf(stderr, _("%s: %zu task%s\n"), output, n ? u[0].n : 0, n && u[0].n == 1 ? "" : "s");
	} else {
		struct stat st;
		if (stat(output, &st) != 0 && mkdir(output, 0777) != 0) {
			fprintf(stderr, "goc: %s: %s\n", output, strerror(errno));
			units_free(u, n);
			return EXIT_RUNTIME;
		}
		for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
			size_t len = strlen(output) + strlen(u[i].unit) + strlen(period) + 16;
			char *path = malloc(len);
			if (!path)
				abort();
			size_t ol = strlen(output);
			snprintf(path, len, "%s%s%s-%s.%s", output, ol && output[ol - 1] == '/' ? "" : "/",
			         u[i].unit, period, csv ? "csv" : "xlsx");
			rc = write_one(&u[i], plan, period, path, csv);
			free(path);
		}
		if (rc == EXIT_OK)
			fprintf(stderr, _("%s: %zu templates\n"), output, n);
	}
	units_free(u, n);
	return rc;
}

int progress_import(cli *c, int argc, char **argv)
{
	goc_report_import_options o = GOC_REPORT_IMPORT_OPTIONS_INIT;
	const opt opts[] = { { "sheet", &o.sheet, NULL }, { "encoding", &o.encoding, NULL },
	                     { "plan", &o.plan, NULL }, { "unit", &o.unit, NULL }, { "period", &o.period, NULL },
	                     { NULL, NULL, NULL } };
	const char *files[256];
	int nfiles = 0;
	PARSE(argc, argv, opts, files, 1, 256, &nfiles, usage_import);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	int rc = EXIT_OK;
	for (int i = 0; i < nfiles; i++) {
		size_t len;
		char *data = read_file(files[i], &len);
		if (!data) {
			rc = EXIT_RUNTIME;
			continue;
		}
		goc_report_import_result res;
		int lrc = goc_report_import_table(&res, db, data, len, &o);
		free(data);
		if (lrc != GOC_OK) {
			/* one error a line: "goc: FILE: Sheet1!F7: …" */
			const char *m = goc_error_message();
			while (*m) {
				const char *nl = strchr(m, '\n');
				int n = nl ? (int)(nl - m) : (int)strlen(m);
				fprintf(stderr, "goc: %s: %.*s\n", files[i], n, m);
				m += n + (nl != NULL);
			}
			fprintf(stderr, _("goc: %s: nothing imported\n"), files[i]);
			rc = EXIT_RUNTIME;
			continue;
		}
		printf(_("%s: %zu added, %zu unchanged, %zu not filled in\n"), files[i], res.added, res.unchanged,
		       res.skipped);
	}
	return rc;
}
