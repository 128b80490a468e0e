/*
 * libgoc — reminders (催报, goc/report.h): what to remind each unit of as
 * of a date, grouped by unit, with the unit's contact.
 *
 * Built on the report model and the KPI evaluation, not on SQL of its
 * own: the dossier rows (goc_dossier_list(): missing and late periods by
 * the plan's cycle and deadline, overdue tasks) and the KPI rows of
 * unit-scoped KPIs (goc_kpi_evaluate(), as the by-unit scorecard groups
 * them) that are behind or at risk.  The items are collected with their
 * unit, kind and order of arrival, sorted (unit code, kind, arrival: the
 * dossier's tree order and oldest period first, the evaluation's KPI
 * order), and given the unit's names and contact.  A computed cursor: an
 * array in an arena, owned by the cursor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plandoc.h"

struct goc_reminder {
	const char *unit, *unit_name_zh, *unit_name_en, *contact, *phone, *email;
	const char *task, *task_label, *task_title, *period, *deadline, *date, *kpi, *kpi_name_zh;
	double actual, target, expected;
	int kind, days, kpi_status;
	size_t seq;
};

struct items {
	struct goc__arena *arena;
	struct goc_reminder *v;
	size_t n, cap;
};

static void items_free(void *p)
{
	struct items *it = p;
	if (!it)
		return;
	sqlite3_free(it->v);
	goc__arena_free(it->arena);
	goc__free(it);
}

static const char *dup(struct items *it, const char *s, bool *oom)
{
	if (!s)
		return NULL;
	char *d = goc__arena_strdup(it->arena, s);
	if (!d)
		*oom = true;
	return d;
}

static struct goc_reminder *push(goc_db *db, struct items *it, const char *unit, int kind,
                                 bool *oom)
{
	if (it->n == it->cap) {
		size_t cap = it->cap ? 2 * it->cap : 64;
		struct goc_reminder *v = sqlite3_realloc64(it->v, cap * sizeof *v);
		if (!v) {
			goc__err(db, GOC_ENOMEM, "out of memory listing reminders");
			return NULL;
		}
		it->v = v;
		it->cap = cap;
	}
	struct goc_reminder *r = &it->v[it->n];
	memset(r, 0, sizeof *r);
	r->seq = it->n++;
	r->kind = kind;
	r->unit = dup(it, unit, oom);
	return r;
}

static long days_between(const char *from, const char *to)
{
	return goc__day_number(to) - goc__day_number(from);
}

/* Label and title of each task of the plan, looked up by code. */
static int task_info(goc_db *db, const char *plan, const char *code, struct items *it,
                     struct goc_reminder *r, bool *oom)
{
	goc_task *t = NULL;
	int rc = goc_task_get(&t, db, plan, code);
	if (rc != GOC_OK)
		return rc;
	r->task = dup(it, code, oom);
	r->task_label = dup(it, goc_task_label(t), oom);
	r->task_title = dup(it, goc_task_title_zh(t) ? goc_task_title_zh(t) : goc_task_text(t), oom);
	goc_task_free(t);
	return GOC_OK;
}

static int from_dossier(goc_db *db, struct items *it, const char *plan, const char *as_of,
                        const char *unit, int days)
{
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	f.unit = unit;
	goc_cursor *cur = NULL;
	int rc = goc_dossier_list(&cur, db, plan, as_of, &f);
	bool oom = false;
	while (rc == GOC_OK && (rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_dossier_row *d = goc_cursor_dossier_row(cur);
		rc = GOC_OK;
		char deadline[11];
		for (int i = 0; rc == GOC_OK && i < goc_dossier_row_missing_count(d); i++) {
			struct goc_reminder *r = push(db, it, goc_dossier_row_unit(d), GOC_REMIND_MISSING, &oom);
			if (!r)
				rc = GOC_ENOMEM;
			else if ((rc = task_info(db, plan, goc_dossier_row_task(d), it, r, &oom)) == GOC_OK) {
				r->period = dup(it, goc_dossier_row_missing_period(d, i), &oom);
				goc__period_deadline(goc_dossier_row_missing_period(d, i), days, deadline);
				r->deadline = dup(it, deadline, &oom);
				r->days = (int)days_between(deadline, as_of);
			}
		}
		for (int i = 0; rc == GOC_OK && i < goc_dossier_row_late_count(d); i++) {
			struct goc_reminder *r = push(db, it, goc_dossier_row_unit(d), GOC_REMIND_LATE, &oom);
			if (!r)
				rc = GOC_ENOMEM;
			else if ((rc = task_info(db, plan, goc_dossier_row_task(d), it, r, &oom)) == GOC_OK) {
				const char *p = goc_dossier_row_late_period(d, i);
				r->period = dup(it, p, &oom);
				goc__period_deadline(p, days, deadline);
				r->deadline = dup(it, deadline, &oom);
				r->days = goc_dossier_row_late_days(d, i);
				char date[11];
				goc__day_date(goc__day_number(deadline) + r->days, date);
				r->date = dup(it, date, &oom);
			}
		}
		if (rc == GOC_OK && goc_dossier_row_overdue(d)) {
			struct goc_reminder *r = push(db, it, goc_dossier_row_unit(d), GOC_REMIND_OVERDUE, &oom);
			if (!r)
				rc = GOC_ENOMEM;
			else if ((rc = task_info(db, plan, goc_dossier_row_task(d), it, r, &oom)) == GOC_OK) {
				r->deadline = dup(it, goc_dossier_row_due(d), &oom);
				r->days = (int)days_between(goc_dossier_row_due(d), as_of);
			}
		}
		if (rc == GOC_OK && oom)
			rc = goc__err(db, GOC_ENOMEM, "out of memory listing reminders");
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

static int from_kpis(goc_db *db, struct items *it, const char *plan, const char *as_of,
                     const char *unit)
{
	goc_cursor *cur = NULL;
	int rc = goc_kpi_evaluate(&cur, db, plan, NULL, as_of);
	goc_kpi *k = NULL;
	bool oom = false;
	while (rc == GOC_OK && (rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_kpi_row *row = goc_cursor_kpi_row(cur);
		rc = GOC_OK;
		int status = goc_kpi_row_status(row);
		if (status != GOC_STATUS_BEHIND && status != GOC_STATUS_AT_RISK)
			continue;
		if (!k || strcmp(goc_kpi_code(k), goc_kpi_row_kpi(row)) != 0) {
			goc_kpi_free(k);
			k = NULL;
			if ((rc = goc_kpi_get(&k, db, plan, goc_kpi_row_kpi(row))) != GOC_OK)
				break;
		}
		/* the by-unit scorecard's rows: unit-scoped KPIs, the unit as member */
		if (goc_kpi_scope(k) != GOC_SCOPE_UNIT ||
		    (unit && strcmp(goc_kpi_row_member(row), unit) != 0))
			continue;
		struct goc_reminder *r = push(db, it, goc_kpi_row_member(row), GOC_REMIND_KPI, &oom);
		if (!r) {
			rc = GOC_ENOMEM;
			break;
		}
		r->kpi = dup(it, goc_kpi_code(k), &oom);
		r->kpi_name_zh = dup(it, goc_kpi_name_zh(k), &oom);
		r->kpi_status = status;
		r->actual = goc_kpi_row_actual(row);
		r->target = goc_kpi_row_target_min(row);
		r->expected = goc_kpi_row_expected(row);
		r->deadline = dup(it, goc_kpi_row_end(row), &oom);
		if (goc_kpi_row_year(row)) {
			char year[16];
			snprintf(year, sizeof year, "%04d", goc_kpi_row_year(row) % 10000);
			r->period = dup(it, year, &oom);
		}
		if (oom)
			rc = goc__err(db, GOC_ENOMEM, "out of memory listing reminders");
	}
	goc_kpi_free(k);
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

static int item_cmp(const void *a, const void *b)
{
	const struct goc_reminder *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Each item gets its unit's names and contact (one lookup per unit). */
static int contacts(goc_db *db, struct items *it)
{
	bool oom = false;
	const char *name_zh = NULL, *name_en = NULL, *contact = NULL, *phone = NULL, *email = NULL;
	for (size_t i = 0; i < it->n; i++) {
		struct goc_reminder *r = &it->v[i];
		if (i == 0 || strcmp(r->unit, it->v[i - 1].unit) != 0) {
			goc_unit *u = NULL;
			int rc = goc_unit_get(&u, db, r->unit);
			if (rc != GOC_OK)
				return rc;
			name_zh = dup(it, goc_unit_name_zh(u), &oom);
			name_en = dup(it, goc_unit_name_en(u), &oom);
			contact = dup(it, goc_unit_contact(u), &oom);
			phone = dup(it, goc_unit_phone(u), &oom);
			email = dup(it, goc_unit_email(u), &oom);
			goc_unit_free(u);
			if (oom)
				return goc__err(db, GOC_ENOMEM, "out of memory listing reminders");
		}
		r->unit_name_zh = name_zh;
		r->unit_name_en = name_en;
		r->contact = contact;
		r->phone = phone;
		r->email = email;
	}
	return GOC_OK;
}

GOC_API int goc_reminder_list(goc_cursor **out, goc_db *db, const char *plan, const char *as_of,
                              const char *unit)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc == GOC_OK)
		rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "as_of", as_of);
	if (rc == GOC_OK && unit) {
		rc = goc__check_code(db, "unit", unit);
		if (rc == GOC_OK)
			rc = goc__unit_exists(db, "unit", unit);
	}
	int cycle = 0, days = 0;
	if (rc == GOC_OK)
		rc = goc__plan_reporting(db, plan, &cycle, &days);
	if (rc != GOC_OK)
		return rc;
	struct items *it = goc__malloc(sizeof *it);
	if (it) {
		memset(it, 0, sizeof *it);
		it->arena = goc__arena_new();
	}
	if (!it || !it->arena) {
		items_free(it);
		return goc__err(db, GOC_ENOMEM, "out of memory listing reminders");
	}
	rc = from_dossier(db, it, plan, as_of, unit, days);
	if (rc == GOC_OK)
		rc = from_kpis(db, it, plan, as_of, unit);
	if (rc == GOC_OK && it->n)
		qsort(it->v, it->n, sizeof *it->v, item_cmp);
	if (rc == GOC_OK)
		rc = contacts(db, it);
	if (rc != GOC_OK) {
		items_free(it);
		return rc;
	}
	return goc__cursor_new_items(out, db, CUR_REMINDER, it->v, it->n, sizeof *it->v, it,
	                             items_free);
}

GOC_API const goc_reminder *goc_cursor_reminder(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_REMINDER);
}

GOC_API const char *goc_reminder_unit(const goc_reminder *r) { return r ? r->unit : NULL; }
GOC_API const char *goc_reminder_unit_name_zh(const goc_reminder *r) { return r ? r->unit_name_zh : NULL; }
GOC_API const char *goc_reminder_unit_name_en(const goc_reminder *r) { return r ? r->unit_name_en : NULL; }
GOC_API const char *goc_reminder_contact(const goc_reminder *r) { return r ? r->contact : NULL; }
GOC_API const char *goc_reminder_phone(const goc_reminder *r) { return r ? r->phone : NULL; }
GOC_API const char *goc_reminder_email(const goc_reminder *r) { return r ? r->email : NULL; }
GOC_API enum goc_reminder_kind goc_reminder_kind(const goc_reminder *r) { return r ? (enum goc_reminder_kind)r->kind : (enum goc_reminder_kind)0; }
GOC_API const char *goc_reminder_task(const goc_reminder *r) { return r ? r->task : NULL; }
GOC_API const char *goc_reminder_task_label(const goc_reminder *r) { return r ? r->task_label : NULL; }
GOC_API const char *goc_reminder_task_title(const goc_reminder *r) { return r ? r->task_title : NULL; }
GOC_API const char *goc_reminder_period(const goc_reminder *r) { return r ? r->period : NULL; }
GOC_API const char *goc_reminder_deadline(const goc_reminder *r) { return r ? r->deadline : NULL; }
GOC_API const char *goc_reminder_date(const goc_reminder *r) { return r ? r->date : NULL; }
GOC_API int goc_reminder_days(const goc_reminder *r) { return r ? r->days : 0; }
GOC_API const char *goc_reminder_kpi(const goc_reminder *r) { return r ? r->kpi : NULL; }
GOC_API const char *goc_reminder_kpi_name_zh(const goc_reminder *r) { return r ? r->kpi_name_zh : NULL; }
GOC_API int goc_reminder_kpi_status(const goc_reminder *r) { return r ? r->kpi_status : 0; }
GOC_API double goc_reminder_actual(const goc_reminder *r) { return r ? r->actual : 0; }
GOC_API double goc_reminder_target(const goc_reminder *r) { return r ? r->target : 0; }
GOC_API double goc_reminder_expected(const goc_reminder *r) { return r ? r->expected : 0; }
