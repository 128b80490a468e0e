/*
 * goc — the dossier shared by the workbook and the battle map: what the
 * library reports (tasks, the dossier rows of goc/report.h, the latest
 * reports, KPI rows, names), copied into plain arrays.  No rule is worked
 * out here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier.h"

static char *dup(const char *s)
{
	if (!s)
		return NULL;
	char *r = strdup(s);
	if (!r)
		abort();
	return r;
}

/* An array of n elements of size sz grown by one zeroed element. */
static void *grow(void *arr, size_t n, size_t sz)
{
	char *a = realloc(arr, (n + 1) * sz);
	if (!a)
		abort();
	memset(a + n * sz, 0, sz);
	return a;
}
/* Append a zeroed element to arr (n elements); evaluates to its address. */
#define GROW(arr, n) ((arr) = grow((arr), (n), sizeof *(arr)), &(arr)[(n)++])

/* Append ", s" (or s) to a malloc'd list. */
static void list_append(char **list, const char *s)
{
	size_t len = *list ? strlen(*list) : 0, sl = strlen(s);
	char *r = realloc(*list, len + sl + 3);
	if (!r)
		abort();
	if (len)
		memcpy(r + len, ", ", 2), len += 2;
	memcpy(r + len, s, sl + 1);
	*list = r;
}

/* Step a cursor: nonzero on a row; *rc ends as GOC_DONE or the error. */
static int step(int *rc, goc_cursor *cur)
{
	if (*rc == GOC_OK || *rc == GOC_ROW)
		*rc = goc_cursor_next(cur);
	return *rc == GOC_ROW;
}

static int finish(int rc, goc_cursor *cur)
{
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

static int read_tasks(dossier *d, goc_db *db)
{
	goc_cursor *cur = NULL;
	int rc = goc_task_list(&cur, db, d->plan, NULL);
	while (step(&rc, cur)) {
		const goc_task *tk = goc_cursor_task(cur);
		dz_task *t = GROW(d->tasks, d->ntasks);
		t->code = dup(goc_task_code(tk));
		t->parent = dup(goc_task_parent(tk));
		t->label = dup(goc_task_label(tk));
		t->title = dup(goc_task_title_zh(tk) ? goc_task_title_zh(tk) : goc_task_text(tk));
		t->title_en = dup(goc_task_title_en(tk));
		t->due = dup(goc_task_due(tk));
		t->status = dup(goc_task_status_str(goc_task_status(tk)));
		t->level = goc_task_level(tk);
		t->leaf = goc_task_child_count(tk) == 0;
	}
	if ((rc = finish(rc, cur)) != GOC_OK)
		return rc;

	/* Who answers for each task, and the roles of the leaf tasks (the
	 * matrix): the library's dossier rows, each unit once per task with its
	 * strongest role, by unit code then tree order. */
	cur = NULL;
	rc = goc_dossier_list(&cur, db, d->plan, d->as_of, NULL);
	while (step(&rc, cur)) {
		const goc_dossier_row *r = goc_cursor_dossier_row(cur);
		dz_task *t = (dz_task *)dossier_task(d, goc_dossier_row_task(r));
		int lead = goc_dossier_row_role(r) == GOC_ROLE_LEAD;
		if (!t)
			continue;
		list_append(lead ? &t->leads : &t->units, goc_dossier_row_unit(r));
		if (!goc_dossier_row_leaf(r))
			continue;
		dz_role *x = GROW(d->roles, d->nroles);
		x->task = dup(goc_dossier_row_task(r));
		x->unit = dup(goc_dossier_row_unit(r));
		x->lead = lead;
	}
	if ((rc = finish(rc, cur)) != GOC_OK)
		return rc;
	/* Which are overdue. */
	goc_task_filter f = GOC_TASK_FILTER_INIT;
	f.overdue_as_of = d->as_of;
	cur = NULL;
	rc = goc_task_list(&cur, db, d->plan, &f);
	while (step(&rc, cur)) {
		for (size_t i = 0; i < d->ntasks; i++)
			if (!strcmp(d->tasks[i].code, goc_task_code(goc_cursor_task(cur))))
				d->tasks[i].overdue = 1;
	}
	return finish(rc, cur);
}

static void report_clear(dz_report *r)
{
	free(r->task), free(r->unit), free(r->period), free(r->date), free(r->status), free(r->text);
}

static int read_reports(dossier *d, goc_db *db)
{
	/* The latest report of each task and unit as of the date, in tree
	 * order then unit code (goc_report_latest_as_of()). */
	goc_cursor *cur = NULL;
	int rc = goc_report_latest_as_of(&cur, db, d->plan, d->as_of);
	while (step(&rc, cur)) {
		const goc_report *r = goc_cursor_report(cur);
		dz_report *x = GROW(d->reports, d->nreports);
		x->task = dup(goc_report_task(r));
		x->unit = dup(goc_report_unit(r));
		x->period = dup(goc_report_period(r));
		x->date = dup(goc_report_date(r));
		x->status = dup(goc_task_status_str(goc_report_status(r)));
		x->text = dup(goc_report_text(r));
		x->percent = goc_report_percent(r);
	}
	return finish(rc, cur);
}

static int read_kpis(dossier *d, goc_db *db)
{
	/* The KPIs' names and scopes, then their rows. */
	dz_kpi *defs = NULL;
	size_t ndefs = 0;
	goc_cursor *cur = NULL;
	int rc = goc_kpi_list(&cur, db, d->plan);
	while (step(&rc, cur)) {
		const goc_kpi *k = goc_cursor_kpi(cur);
		dz_kpi *x = GROW(defs, ndefs);
		x->kpi = dup(goc_kpi_code(k));
		x->name_zh = dup(goc_kpi_name_zh(k));
		x->name_en = dup(goc_kpi_name_en(k));
		x->scope = goc_kpi_scope(k);
	}
	if ((rc = finish(rc, cur)) == GOC_OK) {
		cur = NULL;
		rc = goc_kpi_evaluate(&cur, db, d->plan, NULL, d->as_of);
		while (step(&rc, cur)) {
			const goc_kpi_row *r = goc_cursor_kpi_row(cur);
			dz_kpi *x = GROW(d->kpis, d->nkpis);
			const dz_kpi *def = NULL;
			for (size_t i = 0; i < ndefs && !def; i++)
				if (!strcmp(defs[i].kpi, goc_kpi_row_kpi(r)))
					def = &defs[i];
			x->kpi = dup(goc_kpi_row_kpi(r));
			x->name_zh = dup(def ? def->name_zh : NULL);
			x->name_en = dup(def ? def->name_en : NULL);
			x->scope = def ? def->scope : 0;
			x->member = dup(goc_kpi_row_member(r));
			x->start = dup(goc_kpi_row_start(r));
			x->end = dup(goc_kpi_row_end(r));
			x->status = dup(goc_kpi_status_str(goc_kpi_row_status(r)));
			x->year = goc_kpi_row_year(r);
			x->actual = goc_kpi_row_actual(r);
			x->expected = goc_kpi_row_expected(r);
			x->target_min = goc_kpi_row_target_min(r);
			x->target_max = goc_kpi_row_target_max(r);
			x->score = goc_kpi_row_score(r);
		}
		rc = finish(rc, cur);
	}
	for (size_t i = 0; i < ndefs; i++) {
		free(defs[i].kpi);
		free(defs[i].name_zh);
		free(defs[i].name_en);
	}
	free(defs);
	return rc;
}

static int read_names(dossier *d, goc_db *db)
{
	goc_cursor *cur = NULL;
	int rc = goc_unit_list(&cur, db, 0);
	while (step(&rc, cur)) {
		const goc_unit *u = goc_cursor_unit(cur);
		dz_name *x = GROW(d->units, d->nunits);
		x->code = dup(goc_unit_code(u));
		x->name_zh = dup(goc_unit_name_zh(u));
		x->name_en = dup(goc_unit_name_en(u));
	}
	if ((rc = finish(rc, cur)) != GOC_OK)
		return rc;
	cur = NULL;
	rc = goc_zone_list(&cur, db);
	while (step(&rc, cur)) {
		const goc_zone *z = goc_cursor_zone(cur);
		dz_name *x = GROW(d->zones, d->nzones);
		x->code = dup(goc_zone_code(z));
		x->name_zh = dup(goc_zone_name_zh(z));
		x->name_en = dup(goc_zone_name_en(z));
	}
	return finish(rc, cur);
}

static void trend_clear(dossier *d)
{
	for (size_t i = 0; i < d->ndates; i++)
		free(d->dates[i]);
	for (size_t i = 0; i < d->ntrend; i++)
		free(d->trend[i].as_of), free(d->trend[i].kpi), free(d->trend[i].status);
	free(d->dates), free(d->trend);
	d->dates = NULL;
	d->trend = NULL;
	d->ndates = d->ntrend = 0;
}

const dz_point *dossier_point(const dossier *d, size_t date, const char *kpi)
{
	if (date >= d->ndates)
		return NULL;
	for (size_t i = 0; i < d->ntrend; i++) {
		const dz_point *p = &d->trend[i];
		if (!strcmp(p->as_of, d->dates[date]) && (kpi ? p->kpi && !strcmp(p->kpi, kpi) : !p->kpi))
			return p;
	}
	return NULL;
}

int dossier_read_trend(dossier *d, goc_db *db, const goc_series_opts *o)
{
	trend_clear(d);
	goc_cursor *cur = NULL;
	int rc = goc_score_series(&cur, db, d->plan, o, GOC_BY_PLAN);
	while (step(&rc, cur)) {
		const goc_score *s = goc_cursor_score(cur);
		if (!d->ndates || strcmp(d->dates[d->ndates - 1], goc_score_as_of(s))) {
			char **x = GROW(d->dates, d->ndates);
			*x = dup(goc_score_as_of(s));
		}
		dz_point *p = GROW(d->trend, d->ntrend);
		p->as_of = dup(goc_score_as_of(s));
		p->kpi = dup(goc_score_key(s));
		p->status = dup(goc_kpi_status_str(goc_score_status(s)));
		p->score = goc_score_value(s);
		p->rows = goc_score_count(s, 0);
		p->met = goc_score_met(s);
	}
	if ((rc = finish(rc, cur)) != GOC_OK)
		return rc;
	cur = NULL;
	size_t date = 0;
	rc = goc_kpi_series(&cur, db, d->plan, o);
	while (step(&rc, cur)) {
		const goc_kpi_row *r = goc_cursor_kpi_row(cur);
		while (date < d->ndates && strcmp(d->dates[date], goc_kpi_row_as_of(r)))
			date++;
		dz_point *p = (dz_point *)dossier_point(d, date, goc_kpi_row_kpi(r));
		if (p && p->rows == 1) {
			p->single = 1;
			p->actual = goc_kpi_row_actual(r);
			p->expected = goc_kpi_row_expected(r);
			p->target = goc_kpi_row_target_min(r);
		}
	}
	return finish(rc, cur);
}

/* The quarter ends from start to as_of, and as_of. */
static int read_default_trend(dossier *d, goc_db *db, const char *start)
{
	char (*v)[32] = malloc(GOC_SERIES_MAX_DATES * sizeof *v);
	const char **dates = malloc(GOC_SERIES_MAX_DATES * sizeof *dates);
	if (!v || !dates)
		abort();
	size_t n = 0;
	int y = atoi(start), m = (atoi(start + 5) - 1) / 3 * 3 + 3;
	static const int ends[] = { 0, 0, 0, 31, 0, 0, 30, 0, 0, 30, 0, 0, 31 };
	while (n + 1 < GOC_SERIES_MAX_DATES && y < 3000) {
		snprintf(v[n], sizeof v[n], "%04d-%02d-%02d", y, m, ends[m]);
		if (strcmp(v[n], d->as_of) >= 0)
			break;
		dates[n] = v[n];
		n++;
		if ((m += 3) > 12)
			m = 3, y++;
	}
	dates[n++] = d->as_of;
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.dates = dates;
	o.n_dates = n;
	int rc = strcmp(start, d->as_of) <= 0 ? dossier_read_trend(d, db, &o) : GOC_OK;
	free(v);
	free(dates);
	return rc;
}

int dossier_read(dossier **out, goc_db *db, const char *plan, const char *as_of)
{
	*out = NULL;
	goc_plan *p = NULL;
	int rc = goc_plan_get(&p, db, plan);
	if (rc != GOC_OK)
		return rc;
	dossier *d = calloc(1, sizeof *d);
	if (!d)
		abort();
	d->plan = dup(plan);
	d->plan_title_zh = dup(goc_plan_title_zh(p));
	d->plan_title_en = dup(goc_plan_title_en(p));
	d->as_of = dup(as_of);
	char *start = dup(goc_plan_start(p));
	goc_plan_free(p);
	if ((rc = read_tasks(d, db)) != GOC_OK || (rc = read_reports(d, db)) != GOC_OK ||
	    (rc = read_kpis(d, db)) != GOC_OK || (rc = read_names(d, db)) != GOC_OK ||
	    (start && (rc = read_default_trend(d, db, start)) != GOC_OK)) {
		free(start);
		dossier_free(d);
		return rc;
	}
	free(start);
	*out = d;
	return GOC_OK;
}

int dossier_read_names(dossier **out, goc_db *db)
{
	*out = NULL;
	dossier *d = calloc(1, sizeof *d);
	if (!d)
		abort();
	int rc = read_names(d, db);
	if (rc == GOC_OK) {
		goc_cursor *cur = NULL;
		rc = goc_group_list(&cur, db);
		while (step(&rc, cur)) {
			const goc_group *g = goc_cursor_group(cur);
			dz_name *x = GROW(d->groups, d->ngroups);
			x->code = dup(goc_group_code(g));
			x->name_zh = dup(goc_group_name_zh(g));
			x->name_en = dup(goc_group_name_en(g));
		}
		rc = finish(rc, cur);
	}
	if (rc != GOC_OK) {
		dossier_free(d);
		return rc;
	}
	*out = d;
	return GOC_OK;
}

static void names_free(dz_name *n, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(n[i].code);
		free(n[i].name_zh);
		free(n[i].name_en);
	}
	free(n);
}

void dossier_free(dossier *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->ntasks; i++) {
		dz_task *t = &d->tasks[i];
		free(t->code), free(t->parent), free(t->label), free(t->title), free(t->title_en);
		free(t->due), free(t->status), free(t->leads), free(t->units);
	}
	for (size_t i = 0; i < d->nreports; i++)
		report_clear(&d->reports[i]);
	for (size_t i = 0; i < d->nroles; i++)
		free(d->roles[i].task), free(d->roles[i].unit);
	for (size_t i = 0; i < d->nkpis; i++) {
		dz_kpi *k = &d->kpis[i];
		free(k->kpi), free(k->name_zh), free(k->name_en), free(k->member);
		free(k->start), free(k->end), free(k->status);
	}
	names_free(d->units, d->nunits);
	names_free(d->zones, d->nzones);
	names_free(d->groups, d->ngroups);
	trend_clear(d);
	free(d->tasks), free(d->reports), free(d->roles), free(d->kpis);
	free(d->plan), free(d->plan_title_zh), free(d->plan_title_en), free(d->as_of);
	free(d);
}

static const dz_name *find_name(const dz_name *n, size_t count, const char *code)
{
	for (size_t i = 0; code && i < count; i++)
		if (!strcmp(n[i].code, code))
			return &n[i];
	return NULL;
}

const dz_name *dossier_unit(const dossier *d, const char *code)
{
	return find_name(d->units, d->nunits, code);
}

const dz_name *dossier_zone(const dossier *d, const char *code)
{
	return find_name(d->zones, d->nzones, code);
}

const dz_name *dossier_group(const dossier *d, const char *code)
{
	return find_name(d->groups, d->ngroups, code);
}

const dz_report *dossier_report(const dossier *d, const char *task, const char *unit)
{
	for (size_t i = 0; i < d->nreports; i++)
		if (!strcmp(d->reports[i].task, task) && !strcmp(d->reports[i].unit, unit))
			return &d->reports[i];
	return NULL;
}

const dz_task *dossier_task(const dossier *d, const char *code)
{
	for (size_t i = 0; i < d->ntasks; i++)
		if (!strcmp(d->tasks[i].code, code))
			return &d->tasks[i];
	return NULL;
}

/* Status colours: green reached, blue on course, amber at risk, red behind
 * or missed, grey not started, light grey nothing to show. */
static const struct {
	const char *status, *fill, *zh, *en;
} statuses[] = {
	{ "met", "#63BE7B", "已达标", "met" },
	{ "exceeded", "#2E8B57", "超额", "exceeded" },
	{ "on_track", "#8DB4E2", "正常推进", "on track" },
	{ "at_risk", "#FFC000", "有风险", "at risk" },
	{ "behind", "#F8696B", "滞后", "behind" },
	{ "missed", "#C00000", "未完成", "missed" },
	{ "not_started", "#BFBFBF", "未开始", "not started" },
	{ "done", "#63BE7B", "已完成", "done" },
	{ "in_progress", "#8DB4E2", "推进中", "in progress" },
	{ "blocked", "#FFC000", "受阻", "blocked" },
	{ "cancelled", "#D9D9D9", "已取消", "cancelled" },
	{ "overdue", "#F8696B", "逾期", "overdue" },
};

static int status_index(const char *s)
{
	for (size_t i = 0; s && i < sizeof statuses / sizeof statuses[0]; i++)
		if (!strcmp(statuses[i].status, s))
			return (int)i;
	return -1;
}

const char *status_fill(const char *status)
{
	int i = status_index(status);
	return i < 0 ? "#F2F2F2" : statuses[i].fill;
}

const char *status_zh(const char *status)
{
	int i = status_index(status);
	return i < 0 ? "无" : statuses[i].zh;
}

const char *status_en(const char *status)
{
	int i = status_index(status);
	return i < 0 ? "none" : statuses[i].en;
}
