/*
 * goc — the workbook (report scorecard --format xlsx) through libxlsxwriter:
 * the task decomposition table, the KPI rows and the zone quotas, a sheet
 * each, statuses colour-filled (docs/reports.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report.h"

/* One format per fill colour, made on first use. */
typedef struct fills {
	lxw_workbook *wb;
	struct {
		char rgb[8];
		lxw_format *fmt;
	} f[32];
	int n;
} fills;

static lxw_format *fill_format(fills *fs, const char *rgb)
{
	for (int i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].rgb, rgb))
			return fs->f[i].fmt;
	if (fs->n == (int)(sizeof fs->f / sizeof fs->f[0]))
		return NULL;
	lxw_format *fmt = workbook_add_format(fs->wb);
	format_set_pattern(fmt, LXW_PATTERN_SOLID);
	format_set_bg_color(fmt, (lxw_color_t)strtol(rgb + 1, NULL, 16));
	format_set_border(fmt, LXW_BORDER_THIN);
	snprintf(fs->f[fs->n].rgb, sizeof fs->f[fs->n].rgb, "%s", rgb);
	fs->f[fs->n].fmt = fmt;
	return fs->f[fs->n++].fmt;
}

/* A header row: "中文 key" per column, bold, frozen, filtered; column
 * widths (0 leaves the default), wrapped where wrap is given. */
static void header(lxw_worksheet *ws, lxw_format *bold, const char *const *cols, int n, lxw_row_t nrows,
                   const double *widths, lxw_format *wrap)
{
	for (int j = 0; j < n; j++) {
		worksheet_write_string(ws, 0, (lxw_col_t)j, cols[j], bold);
		if (widths[j] > 0)
			worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, widths[j], wrap);
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, nrows, (lxw_col_t)(n - 1));
}

static void str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (s)
		worksheet_write_string(ws, r, c, s, f);
	else if (f)
		worksheet_write_blank(ws, r, c, f);
}

/* The latest progress of every unit on a task, one line per unit:
 * "unit date status[ percent%][: text]" (malloc'd, NULL if none). */
static char *progress_text(const dossier *d, const char *task)
{
	char *s = NULL;
	size_t len = 0;
	for (size_t i = 0; i < d->nreports; i++) {
		const dz_report *r = &d->reports[i];
		if (strcmp(r->task, task) != 0)
			continue;
		char pct[16] = "";
		if (r->percent != GOC_PERCENT_NONE)
			snprintf(pct, sizeof pct, " %d%%", r->percent);
		size_t need = strlen(r->unit) + strlen(r->date) + strlen(r->status) + (r->text ? strlen(r->text) : 0) + 32;
		s = realloc(s, len + need);
		if (!s)
			abort();
		len += (size_t)snprintf(s + len, need, "%s%s %s %s%s%s%s", len ? "\n" : "", r->unit, r->date,
		                        r->status, pct, r->text ? ": " : "", r->text ? r->text : "");
	}
	return s;
}

static void sheet_tasks(lxw_workbook *wb, fills *fs, lxw_format *bold, lxw_format *wrap, const dossier *d)
{
	static const char *const cols[] = { "编号 code", "序号 label", "层级 level", "任务 title", "英文 title_en",
		"牵头单位 lead", "责任单位 responsible", "截止 due", "状态 status", "逾期 overdue", "最新进展 progress" };
	static const char *const levels[] = { "", "部分 section", "专项任务 task", "工作内容 item" };
	static const double widths[] = { 0, 0, 14, 60, 30, 24, 24, 12, 12, 10, 70 };
	lxw_worksheet *ws = workbook_add_worksheet(wb, "任务分解 Tasks");
	header(ws, bold, cols, 11, (lxw_row_t)d->ntasks, widths, wrap);
	for (size_t i = 0; i < d->ntasks; i++) {
		const dz_task *t = &d->tasks[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		str(ws, r, 0, t->code, NULL);
		str(ws, r, 1, t->label, NULL);
		str(ws, r, 2, levels[t->level >= 1 && t->level <= 3 ? t->level : 0], NULL);
		str(ws, r, 3, t->title, wrap);
		str(ws, r, 4, t->title_en, wrap);
		str(ws, r, 5, t->leads, wrap);
		str(ws, r, 6, t->units, wrap);
		str(ws, r, 7, t->due, NULL);
		str(ws, r, 8, t->status, fill_format(fs, status_fill(t->status)));
		if (t->overdue)
			str(ws, r, 9, "overdue", fill_format(fs, status_fill("overdue")));
		char *p = progress_text(d, t->code);
		str(ws, r, 10, p, wrap);
		free(p);
	}
}

static void num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, int present)
{
	if (present)
		worksheet_write_number(ws, r, c, v, NULL);
}

static void sheet_kpis(lxw_workbook *wb, fills *fs, lxw_format *bold, const dossier *d)
{
	static const char *const cols[] = { "指标代码 kpi", "指标 name_zh", "英文 name_en", "对象 member", "年度 year",
		"起 start", "止 end", "实际 actual", "应达 expected", "目标 target_min", "上限 target_max",
		"状态 status", "得分 score" };
	static const double widths[] = { 16, 30, 30, 24, 0, 12, 12, 0, 0, 0, 0, 12, 0 };
	lxw_worksheet *ws = workbook_add_worksheet(wb, "KPI");
	header(ws, bold, cols, 13, (lxw_row_t)d->nkpis, widths, NULL);
	for (size_t i = 0; i < d->nkpis; i++) {
		const dz_kpi *k = &d->kpis[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		str(ws, r, 0, k->kpi, NULL);
		str(ws, r, 1, k->name_zh, NULL);
		str(ws, r, 2, k->name_en, NULL);
		str(ws, r, 3, k->member, NULL);
		num(ws, r, 4, k->year, k->year != 0);
		str(ws, r, 5, k->start, NULL);
		str(ws, r, 6, k->end, NULL);
		num(ws, r, 7, k->actual, 1);
		num(ws, r, 8, k->expected, 1);
		num(ws, r, 9, k->target_min, 1);
		num(ws, r, 10, k->target_max, k->target_max != GOC_NO_MAX);
		str(ws, r, 11, k->status, fill_format(fs, status_fill(k->status)));
		num(ws, r, 12, k->score, k->score >= 0);
	}
}

static void sheet_zones(lxw_workbook *wb, fills *fs, lxw_format *bold, const dossier *d)
{
	static const char *const cols[] = { "指标代码 kpi", "指标 name_zh", "集聚区 zone", "名称 zone_zh",
		"英文 zone_en", "年度 year", "目标 target", "实际 actual", "差额 gap", "状态 status" };
	lxw_worksheet *ws = workbook_add_worksheet(wb, "集聚区 Zones");
	lxw_row_t r = 0;
	for (size_t i = 0; i < d->nkpis; i++) {
		const dz_kpi *k = &d->kpis[i];
		if (k->scope != GOC_SCOPE_ZONE)
			continue;
		const dz_name *z = dossier_zone(d, k->member);
		r++;
		str(ws, r, 0, k->kpi, NULL);
		str(ws, r, 1, k->name_zh, NULL);
		str(ws, r, 2, k->member, NULL);
		str(ws, r, 3, z ? z->name_zh : NULL, NULL);
		str(ws, r, 4, z ? z->name_en : NULL, NULL);
		num(ws, r, 5, k->year, k->year != 0);
		num(ws, r, 6, k->target_min, 1);
		num(ws, r, 7, k->actual, 1);
		num(ws, r, 8, k->actual - k->target_min, 1);
		str(ws, r, 9, k->status, fill_format(fs, status_fill(k->status)));
	}
	static const double widths[] = { 16, 30, 12, 20, 20, 0, 0, 0, 0, 12 };
	header(ws, bold, cols, 10, r, widths, NULL);
}

/* The workbook's bytes from tmp to path through out_open()/out_close(),
 * the path every output takes (temporary file, fsync, rename). */
static int copy_out(const char *tmp, const char *path)
{
	FILE *in = fopen(tmp, "rb");
	if (!in) {
		fprintf(stderr, "goc: %s: %s\n", tmp, strerror(errno));
		return EXIT_RUNTIME;
	}
	FILE *out = out_open(path);
	if (!out) {
		fclose(in);
		return EXIT_RUNTIME;
	}
	char buf[1 << 14];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0 && fwrite(buf, 1, n, out) == n)
		;
	int err = ferror(in) ? errno : 0;
	fclose(in);
	if (err) {
		fprintf(stderr, "goc: %s: read error: %s\n", tmp, strerror(err));
		out_discard(out);
		return EXIT_RUNTIME;
	}
	return out_close(out) ? EXIT_RUNTIME : EXIT_OK;
}

int write_xlsx(const dossier *d, const char *path)
{
	/* libxlsxwriter writes to a file name of its own: a private temporary
	 * file in $TMPDIR (where it keeps its other temporary files anyway),
	 * copied to path like every other output */
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	char *tmp = malloc(strlen(tmpdir) + sizeof "/goc-xlsx-XXXXXX");
	if (!tmp)
		abort();
	sprintf(tmp, "%s/goc-xlsx-XXXXXX", tmpdir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "goc: %s: cannot create a temporary file for the workbook: %s\n", tmpdir,
		        strerror(errno));
		free(tmp);
		return EXIT_RUNTIME;
	}
	close(fd);
	int rc = EXIT_RUNTIME;
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		fprintf(stderr, "goc: %s: cannot create the workbook\n", path);
		unlink(tmp);
		free(tmp);
		return EXIT_RUNTIME;
	}
	fills fs;
	memset(&fs, 0, sizeof fs);
	fs.wb = wb;
	lxw_format *bold = workbook_add_format(wb), *wrap = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	lxw_doc_properties props = { 0 };
	props.title = d->plan_title_zh;
	props.subject = d->plan;
	props.comments = d->as_of;
	workbook_set_properties(wb, &props);
	sheet_tasks(wb, &fs, bold, wrap, d);
	sheet_kpis(wb, &fs, bold, d);
	sheet_zones(wb, &fs, bold, d);
	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR)
		fprintf(stderr, "goc: %s: %s\n", path, lxw_strerror(err));
	else
		rc = copy_out(tmp, path);
	unlink(tmp);
	free(tmp);
	return rc;
}

/* A one-sheet workbook of JSON rows (objects): a column per key, headed
 * "中文 key" from heads; numbers as numbers, the rest as text. */
int write_xlsx_rows(const char *path, const char *sheet, const char *title, json_t *rows,
                    const char *const *keys, const char *const *heads, int ncols)
{
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	char *tmp = malloc(strlen(tmpdir) + sizeof "/goc-xlsx-XXXXXX");
	if (!tmp)
		abort();
	sprintf(tmp, "%s/goc-xlsx-XXXXXX", tmpdir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "goc: %s: cannot create a temporary file for the workbook: %s\n", tmpdir,
		        strerror(errno));
		free(tmp);
		return EXIT_RUNTIME;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		fprintf(stderr, "goc: %s: cannot create the workbook\n", path);
		unlink(tmp);
		free(tmp);
		return EXIT_RUNTIME;
	}
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_doc_properties props = { 0 };
	char *title_copy = strdup(title ? title : "");
	if (!title_copy)
		abort();
	props.title = title_copy;
	workbook_set_properties(wb, &props);
	free(title_copy);
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		for (int j = 0; j < ncols; j++) {
			json_t *v = json_object_get(row, keys[j]);
			lxw_row_t r = (lxw_row_t)(i + 1);
			if (json_is_number(v))
				worksheet_write_number(ws, r, (lxw_col_t)j, json_number_value(v), NULL);
			else if (json_is_string(v))
				worksheet_write_string(ws, r, (lxw_col_t)j, json_string_value(v), NULL);
		}
	}
	double widths[64];
	for (int j = 0; j < ncols && j < 64; j++)
		widths[j] = 14;
	header(ws, bold, heads, ncols, (lxw_row_t)json_array_size(rows), widths, NULL);
	int rc = EXIT_RUNTIME;
	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR)
		fprintf(stderr, "goc: %s: %s\n", path, lxw_strerror(err));
	else
		rc = copy_out(tmp, path);
	unlink(tmp);
	free(tmp);
	return rc;
}
