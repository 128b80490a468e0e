/*
 * goc — the workbook (report scorecard --format xlsx) through libxlsxwriter:
 * the task decomposition table, the KPI rows, the zone quotas and the trend
 * (with a native line chart), a sheet each, statuses colour-filled
 * (docs/reports.md).  Ready to print: dates are date cells, numbers carry
 * formats (integers, one decimal, percentages for scores), every sheet is
 * A4 landscape, one page wide, its header row repeated, with the plan's
 * title, the as-of date and page numbers in the header and footer; with
 * --lang zh, units by their Chinese names and statuses by their labels.
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

/* The cell formats every sheet shares (set by write_xlsx_lang()). */
static struct {
	lxw_format *date, *int0, *dec1, *pct;
	int zh;                /* --lang zh: names and labels in Chinese */
	const dossier *d;      /* the battle map's data; NULL for a list of rows */
	const char *title;     /* write_xlsx_rows()'s title, when d is NULL */
} fm;

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
	format_set_align(fmt, LXW_ALIGN_VERTICAL_TOP);
	snprintf(fs->f[fs->n].rgb, sizeof fs->f[fs->n].rgb, "%s", rgb);
	fs->f[fs->n].fmt = fmt;
	return fs->f[fs->n++].fmt;
}

/* Header and footer text: '&' doubled (a code otherwise), cut to fit the
 * 255 characters Excel allows. */
static void hf_text(char *out, size_t size, const char *s)
{
	size_t n = 0;
	for (; s && *s && n + 3 < size; s++) {
		if (*s == '&')
			out[n++] = '&';
		out[n++] = *s;
	}
	out[n] = '\0';
}

/* Print setup: A4 landscape, one page wide, the header row on every page,
 * the plan's title and the as-of date on top, page numbers below. */
static void print_setup(lxw_worksheet *ws)
{
	char title[120], buf[255];
	hf_text(title, sizeof title, fm.d ? fm.d->plan_title_zh : fm.title);
	/* do not cut inside a UTF-8 sequence */
	size_t n = strlen(title);
	while (n > 0 && ((unsigned char)title[n - 1] & 0x80)) {
		size_t k = n - 1;
		while (k > 0 && ((unsigned char)title[k] & 0xC0) == 0x80)
			k--;
		size_t want = ((unsigned char)title[k] & 0xE0) == 0xC0 ? 2 : ((unsigned char)title[k] & 0xF0) == 0xE0 ? 3 : 4;
		if (n - k == want)
			break;
		n = k;
	}
	title[n] = '\0';
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	if (fm.d)
		snprintf(buf, sizeof buf, "&L%s&R%s %s", title, fm.zh ? "截至" : "As of", fm.d->as_of);
	else
		snprintf(buf, sizeof buf, "&L%s", title);
	worksheet_set_header(ws, buf);
	worksheet_set_footer(ws, fm.zh ? "&C第 &P 页，共 &N 页" : "&CPage &P of &N");
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
	print_setup(ws);
}

static void str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (s)
		worksheet_write_string(ws, r, c, s, f);
	else if (f)
		worksheet_write_blank(ws, r, c, f);
}

/* A date cell (a real date, shown yyyy-mm-dd); text if s is not a date. */
static void date_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
	if (s && goc_date_check(s) == GOC_OK) {
		lxw_datetime dt = { atoi(s), atoi(s + 5), atoi(s + 8), 0, 0, 0 };
		worksheet_write_datetime(ws, r, c, &dt, fm.date);
	} else {
		str(ws, r, c, s, NULL);
	}
}

/* A status as shown: its Chinese label with --lang zh, else its code. */
static const char *status_text(const char *kind, const char *status)
{
	if (!fm.zh || !status)
		return status;
	if (!strcmp(status, "overdue"))
		return "逾期";
	const char *l = goc_label(kind, status, "zh");
	return l ? l : status;
}

/* A unit's (or zone's) name with --lang zh, else its code. */
static const char *unit_text(const char *code)
{
	if (!fm.zh || !code)
		return code;
	const dz_name *u = dossier_unit(fm.d, code);
	if (!u)
		u = dossier_zone(fm.d, code);
	return u && u->name_zh ? u->name_zh : code;
}

/* A ", "-separated list of unit codes as shown (malloc'd; NULL for NULL). */
static char *units_text(const char *codes)
{
	if (!codes)
		return NULL;
	if (!fm.zh)
		return strdup(codes);
	size_t cap = strlen(codes) * 4 + 16, len = 0;
	char *out = malloc(cap), *copy = strdup(codes), *save = NULL;
	if (!out || !copy)
		abort();
	out[0] = '\0';
	for (char *c = strtok_r(copy, ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
		const char *name = unit_text(c);
		size_t need = len + strlen(name) + 8;
		if (need > cap && !(out = realloc(out, cap = 2 * need)))
			abort();
		len += (size_t)sprintf(out + len, "%s%s", len ? "、" : "", name);
	}
	free(copy);
	return out;
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
		const char *unit = unit_text(r->unit), *status = status_text("task_status", r->status);
		need += strlen(unit) + strlen(status);
		s = realloc(s, len + need);
		if (!s)
			abort();
		len += (size_t)snprintf(s + len, need, "%s%s %s %s%s%s%s", len ? "\n" : "", unit, r->date,
		                        status, pct, r->text ? ": " : "", r->text ? r->text : "");
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
		char *leads = units_text(t->leads), *units = units_text(t->units);
		str(ws, r, 5, leads, wrap);
		str(ws, r, 6, units, wrap);
		free(leads);
		free(units);
		date_cell(ws, r, 7, t->due);
		str(ws, r, 8, status_text("task_status", t->status), fill_format(fs, status_fill(t->status)));
		if (t->overdue)
			str(ws, r, 9, status_text("task_status", "overdue"), fill_format(fs, status_fill("overdue")));
		char *p = progress_text(d, t->code);
		str(ws, r, 10, p, wrap);
		free(p);
	}
}

static void num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, int present, lxw_format *f)
{
	if (present)
		worksheet_write_number(ws, r, c, v, f);
}

/* A count as an integer, anything else with one decimal. */
static lxw_format *count_format(double v)
{
	return v == (double)(long long)v ? fm.int0 : fm.dec1;
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
		str(ws, r, 3, k->scope == GOC_SCOPE_ZONES ? k->member : unit_text(k->member), NULL);
		num(ws, r, 4, k->year, k->year != 0, fm.int0);
		date_cell(ws, r, 5, k->start);
		date_cell(ws, r, 6, k->end);
		num(ws, r, 7, k->actual, 1, count_format(k->actual));
		num(ws, r, 8, k->expected, 1, fm.dec1);
		num(ws, r, 9, k->target_min, 1, count_format(k->target_min));
		num(ws, r, 10, k->target_max, k->target_max != GOC_NO_MAX, count_format(k->target_max));
		str(ws, r, 11, status_text("kpi_status", k->status), fill_format(fs, status_fill(k->status)));
		num(ws, r, 12, k->score, k->score >= 0, fm.pct);
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
		num(ws, r, 5, k->year, k->year != 0, fm.int0);
		num(ws, r, 6, k->target_min, 1, count_format(k->target_min));
		num(ws, r, 7, k->actual, 1, count_format(k->actual));
		num(ws, r, 8, k->actual - k->target_min, 1, count_format(k->actual - k->target_min));
		str(ws, r, 9, status_text("kpi_status", k->status), fill_format(fs, status_fill(k->status)));
	}
	static const double widths[] = { 16, 30, 12, 20, 20, 0, 0, 0, 0, 12 };
	header(ws, bold, cols, 10, r, widths, NULL);
}


/* The trend: one row per date, the overall score and each KPI's score,
 * and the headline KPIs (one row each: plan-wide or zones together) with
 * actual, expected and target; native line charts below the table. */
static int headline(const dossier *d, const char *kpi)
{
	int single = d->ndates > 0;
	for (size_t i = 0; i < d->ndates && single; i++) {
		const dz_point *p = dossier_point(d, i, kpi);
		single = p && p->single;
	}
	return single;
}

static void sheet_trend(lxw_workbook *wb, lxw_format *bold, const dossier *d)
{
	static const char sheet[] = "趋势 Trend";
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	/* the columns: date, total, then per KPI (once each, in order) */
	size_t cap = 2 + 4 * d->nkpis, n = 0;
	char **cols = calloc(cap, sizeof *cols);
	const char **ckpi = calloc(cap, sizeof *ckpi);
	char *what = calloc(cap, 1); /* 'd' date, 'T' total, 's' score, 'a' actual, 'e' expected, 't' target */
	if (!cols || !ckpi || !what)
		abort();
	cols[n] = strdup("日期 as_of"), what[n++] = 'd';
	cols[n] = strdup("综合得分 score"), what[n++] = 'T';
	for (size_t k = 0; k < d->nkpis; k++) {
		const dz_kpi *x = &d->kpis[k];
		if (k > 0 && !strcmp(d->kpis[k - 1].kpi, x->kpi))
			continue;
		static const struct { char w; const char *zh, *en; } parts[] = {
			{ 'a', "实际", "actual" }, { 'e', "应达", "expected" }, { 't', "目标", "target" },
			{ 's', "得分", "score" } };
		for (size_t p = headline(d, x->kpi) ? 0 : 3; p < 4; p++) {
			size_t len = strlen(x->name_zh ? x->name_zh : "") + strlen(x->kpi) + 32;
			cols[n] = malloc(len);
			if (!cols[n])
				abort();
			snprintf(cols[n], len, "%s%s %s.%s", x->name_zh ? x->name_zh : "", parts[p].zh, x->kpi,
			         parts[p].en);
			ckpi[n] = x->kpi;
			what[n++] = parts[p].w;
		}
	}
	for (size_t j = 0; j < n; j++) {
		worksheet_write_string(ws, 0, (lxw_col_t)j, cols[j], bold);
		worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, j == 0 ? 12 : 14, NULL);
	}
	worksheet_freeze_panes(ws, 1, 1);
	print_setup(ws);
	for (size_t i = 0; i < d->ndates; i++) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		for (size_t j = 0; j < n; j++) {
			const dz_point *p = what[j] == 'd' ? NULL : dossier_point(d, i, what[j] == 'T' ? NULL : ckpi[j]);
			switch (what[j]) {
			case 'd': date_cell(ws, r, 0, d->dates[i]); break;
			case 'T':
			case 's': num(ws, r, (lxw_col_t)j, p ? p->score : 0, p && p->score >= 0, fm.pct); break;
			case 'a': num(ws, r, (lxw_col_t)j, p ? p->actual : 0, p != NULL, p ? count_format(p->actual) : NULL); break;
			case 'e': num(ws, r, (lxw_col_t)j, p ? p->expected : 0, p != NULL, fm.dec1); break;
			default: num(ws, r, (lxw_col_t)j, p ? p->target : 0, p != NULL, p ? count_format(p->target) : NULL); break;
			}
		}
	}
	lxw_row_t last = (lxw_row_t)d->ndates, at = last + 2;
	if (d->ndates > 0) {
		/* the overall score */
		lxw_chart *c = workbook_add_chart(wb, LXW_CHART_LINE);
		lxw_chart_series *s = chart_add_series(c, NULL, NULL);
		chart_series_set_categories(s, sheet, 1, 0, last, 0);
		chart_series_set_values(s, sheet, 1, 1, last, 1);
		chart_series_set_name(s, "综合得分 Overall score");
		chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
		chart_title_set_name(c, "综合得分 Overall score");
		chart_axis_set_num_format(c->y_axis, "0%");
		chart_axis_set_min(c->y_axis, 0);
		chart_axis_set_max(c->y_axis, 1);
		chart_axis_set_num_format(c->x_axis, "yyyy-mm-dd");
		chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
		worksheet_insert_chart(ws, at, 0, c);
		/* each headline KPI: actual against expected and target */
		int nth = 1;
		for (size_t j = 0; j < n; j++) {
			if (what[j] != 'a')
				continue;
			lxw_chart *k = workbook_add_chart(wb, LXW_CHART_LINE);
			static const char *const names[] = { "实际 actual", "应达 expected", "目标 target" };
			static const uint8_t dash[] = { LXW_CHART_LINE_DASH_SOLID, LXW_CHART_LINE_DASH_DASH,
				                        LXW_CHART_LINE_DASH_ROUND_DOT };
			static const lxw_color_t colour[] = { 0x1F4E79, 0x888888, 0xC0392B };
			for (int l = 0; l < 3; l++) {
				lxw_chart_series *ks = chart_add_series(k, NULL, NULL);
				chart_series_set_categories(ks, sheet, 1, 0, last, 0);
				chart_series_set_values(ks, sheet, 1, (lxw_col_t)(j + (size_t)l), last,
				                        (lxw_col_t)(j + (size_t)l));
				chart_series_set_name(ks, names[l]);
				lxw_chart_line line = { colour[l], 0, 2.25f, dash[l], 0 };
				chart_series_set_line(ks, &line);
			}
			const dz_kpi *x = NULL;
			for (size_t q = 0; q < d->nkpis && !x; q++)
				if (!strcmp(d->kpis[q].kpi, ckpi[j]))
					x = &d->kpis[q];
			chart_title_set_name(k, x && x->name_zh ? x->name_zh : ckpi[j]);
			chart_axis_set_num_format(k->x_axis, "yyyy-mm-dd");
			chart_axis_set_min(k->y_axis, 0);
			worksheet_insert_chart(ws, at + (lxw_row_t)(16 * (nth / 2)), (lxw_col_t)(8 * (nth % 2)), k);
			nth++;
		}
	}
	for (size_t j = 0; j < n; j++)
		free(cols[j]);
	free(cols);
	free(ckpi);
	free(what);
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
		fprintf(stderr, _("goc: %s: read error: %s\n"), tmp, strerror(err));
		out_discard(out);
		return EXIT_RUNTIME;
	}
	return out_close(out) ? EXIT_RUNTIME : EXIT_OK;
}

lxw_workbook *book_open(const char *path, char **tmp)
{
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	*tmp = malloc(strlen(tmpdir) + sizeof "/goc-xlsx-XXXXXX");
	if (!*tmp)
		abort();
	sprintf(*tmp, "%s/goc-xlsx-XXXXXX", tmpdir);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		fprintf(stderr, _("goc: %s: cannot create a temporary file: %s\n"), tmpdir, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(*tmp);
	if (!wb) {
		fprintf(stderr, _("goc: %s: cannot create the workbook\n"), path);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return wb;
}

int book_close(lxw_workbook *wb, const char *path, char *tmp)
{
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

int write_xlsx(const dossier *d, const char *path)
{
	return write_xlsx_lang(d, path, NULL);
}

int write_xlsx_lang(const dossier *d, const char *path, const char *lang)
{
	char *tmp;
	lxw_workbook *wb = book_open(path, &tmp);
	if (!wb)
		return EXIT_RUNTIME;
	fills fs;
	memset(&fs, 0, sizeof fs);
	fs.wb = wb;
	lxw_format *bold = workbook_add_format(wb), *wrap = workbook_add_format(wb);
	fm.d = d;
	fm.zh = lang && !strcmp(lang, "zh");
	fm.date = workbook_add_format(wb);
	format_set_num_format(fm.date, "yyyy-mm-dd");
	format_set_align(fm.date, LXW_ALIGN_VERTICAL_TOP);
	fm.int0 = workbook_add_format(wb);
	format_set_num_format(fm.int0, "0");
	fm.dec1 = workbook_add_format(wb);
	format_set_num_format(fm.dec1, "0.0");
	fm.pct = workbook_add_format(wb);
	format_set_num_format(fm.pct, "0%");
	format_set_bold(bold);
	format_set_text_wrap(bold);
	format_set_bg_color(bold, 0xDDEBF7);
	format_set_border(bold, LXW_BORDER_THIN);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	lxw_doc_properties props = { 0 };
	props.title = d->plan_title_zh;
	props.subject = d->plan;
	props.comments = d->as_of;
	workbook_set_properties(wb, &props);
	if (!d->trend_only) {
		sheet_tasks(wb, &fs, bold, wrap, d);
		sheet_kpis(wb, &fs, bold, d);
		sheet_zones(wb, &fs, bold, d);
	}
	if (d->ndates > 0)
		sheet_trend(wb, bold, d);
	return book_close(wb, path, tmp);
}

/* A one-sheet workbook of JSON rows (objects): a column per key, headed
 * "中文 key" from heads; numbers as numbers, the rest as text. */
int write_xlsx_rows(const char *path, const char *sheet, const char *title, json_t *rows,
                    const char *const *keys, const char *const *heads, int ncols)
{
	char *tmp;
	lxw_workbook *wb = book_open(path, &tmp);
	if (!wb)
		return EXIT_RUNTIME;
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
	fm.d = NULL;
	fm.title = title; /* the print header's (the title names the as-of date) */
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
	return book_close(wb, path, tmp);
}
