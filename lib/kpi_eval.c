/*
 * libgoc — KPI evaluation as of a date: the rows of each KPI (one per
 * scope member, and per year for annual windows), their actual value
 * (baseline + measure), the value expected by the date, and their status,
 * attainment and score (include/goc/kpi.h states the rules).  The whole
 * evaluation runs in one read transaction.
 *
 * May call: kpi_measure.c (values), kpi_def.c (KPIs, targets, scope
 * members), plan.c (the plan exists), SQL helpers, errors, cursors, the
 * arena.  Called by scorecard.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi_internal.h"

/* ---- dates as day numbers ---- */

/* (goc__day_number(): period.c) */

const char *goc__min_date(const char *a, const char *b)
{
	return strcmp(a, b) <= 0 ? a : b;
}

/* ---- status and score ---- */

void goc__kpi_judge(const struct goc_kpi *k, struct goc_kpi_row *row, const char *asof,
                  bool has_data, double baseline, const char *count_from)
{
	double min = row->target_min, max = row->target_max;
	bool open = strcmp(asof, row->end) < 0;
	row->score = -1;
	if (strcmp(asof, count_from) < 0) {
		row->status = GOC_STATUS_NOT_STARTED;
		row->expected = 0;
		return;
	}
	double a = row->actual;
	if (k->direction == GOC_LOWER_IS_BETTER) {
		row->expected = min;
		if (!has_data) {
			row->status = GOC_STATUS_NOT_STARTED;
			return;
		}
		row->attainment = a > 0 ? min / a : 0;
		if (a <= min) {
			row->status = GOC_STATUS_MET;
			row->score = 1;
		} else if (!open) {
			row->status = GOC_STATUS_MISSED;
			row->score = a > 0 ? fmin(1, min / a) : 0; /* GCOVR_EXCL_BR_LINE: here a > min >= 0 */
		} else {
			row->status = a * k->at_risk <= min ? GOC_STATUS_AT_RISK : GOC_STATUS_BEHIND;
			row->score = a > 0 ? fmin(1, min / a) : 0; /* GCOVR_EXCL_BR_LINE: here a > min >= 0 */
		}
		return;
	}
	long d0 = goc__day_number(count_from), d1 = goc__day_number(row->end);
	long dn = goc__day_number(goc__min_date(asof, row->end));
	double share = (double)(dn - d0 + 1) / (double)(d1 - d0 + 1);
	row->expected = baseline + (min - baseline) * share;
	if (!has_data) {
		row->status = GOC_STATUS_NOT_STARTED;
		return;
	}
	row->attainment = min > 0 ? a / min : (a >= min ? 1 : 0); /* GCOVR_EXCL_BR_LINE: a >= 0 = min when min is not > 0 */
	if (a >= min && (max == GOC_NO_MAX || a <= max)) {
		row->status = GOC_STATUS_MET;
		row->score = 1;
	} else if (a >= min) {
		row->status = GOC_STATUS_EXCEEDED;
		row->score = 1;
	} else if (!open) {
		row->status = GOC_STATUS_MISSED;
		row->score = min > 0 ? fmin(1, a / min) : 0; /* GCOVR_EXCL_BR_LINE: here 0 <= a < min */
	} else if (a >= row->expected) {
		row->status = GOC_STATUS_ON_TRACK;
		row->score = 1;
	} else {
		row->status = a >= k->at_risk * row->expected ? GOC_STATUS_AT_RISK : GOC_STATUS_BEHIND;
		row->score = row->expected > 0 ? fmin(1, a / row->expected) : 0; /* GCOVR_EXCL_BR_LINE: here 0 <= a < expected */
	}
}

/* ---- evaluation ---- */

int goc__kpi_rows_push(goc_db *db, struct goc__kpi_rows *rv, const struct goc_kpi_row *row,
                       size_t kpi)
{
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 32;
		struct goc_kpi_row *v = goc__arena_alloc(rv->arena, cap * sizeof *v);
		size_t *ki = goc__arena_alloc(rv->arena, cap * sizeof *ki);
		if (!v || !ki)
			return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
		if (rv->n) {
			memcpy(v, rv->v, rv->n * sizeof *v);
			memcpy(ki, rv->kpi, rv->n * sizeof *ki);
		}
		rv->v = v;
		rv->kpi = ki;
		rv->cap = cap;
	}
	rv->v[rv->n] = *row;
	rv->kpi[rv->n] = kpi;
	rv->n++;
	return GOC_OK;
}


static int eval_row(goc_db *db, struct goc__kpi_rows *rv, size_t ki, const struct goc_kpi *k,
                    const char *member, int year, const char *start, const char *end,
                    const char *asof)
{
	struct goc_kpi_row row;
	memset(&row, 0, sizeof row);
	row.kpi = goc__arena_strdup(rv->arena, k->code);
	row.member = member ? goc__arena_strdup(rv->arena, member) : NULL;
	row.start = goc__arena_strdup(rv->arena, start);
	row.end = goc__arena_strdup(rv->arena, end);
	if (!row.kpi || !row.start || !row.end || (member && !row.member))
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	row.year = year;
	row.members = k->scope == GOC_SCOPE_ZONES ? k->members : NULL; /* same arena */
	int rc = goc__kpi_target_for(db, k, k->scope == GOC_SCOPE_ZONES ? NULL : member, asof,
	                    &row.target_min, &row.target_max);
	if (rc != GOC_OK)
		return rc;
	double baseline = k->window == GOC_WINDOW_CUMULATIVE ? k->baseline : 0;
	double value = 0;
	bool has_data = true;
	if (strcmp(asof, start) >= 0 && goc__kpi_grouped_measure(k->measure)) {
		const struct goc__kpi_grouped *g;
		rc = goc__kpi_grouped_counts(db, rv->arena, &rv->memo, k, start, goc__min_date(asof, end),
		                             asof, &g);
		if (rc != GOC_OK)
			return rc;
		value = goc__kpi_grouped_value(k, g, member);
	} else if (strcmp(asof, start) >= 0) {
		rc = goc__kpi_measure(db, k, member, start, goc__min_date(asof, end), asof, &value, &has_data);
		if (rc != GOC_OK)
			return rc;
	}
	row.actual = baseline + value;
	row.as_of = goc__arena_strdup(rv->arena, asof);
	if (!row.as_of)
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	goc__kpi_judge(k, &row, asof, has_data, baseline, start);
	return goc__kpi_rows_push(db, rv, &row, ki);
}

static int eval_kpi(goc_db *db, struct goc__kpi_rows *rv, size_t ki, const struct goc_kpi *k,
                    const char *asof)
{
	struct goc__strlist members = { NULL, 0, 0, rv->arena };
	int rc = goc__kpi_scope_members(db, k, &members);
	if (rc != GOC_OK)
		return rc;
	size_t n = k->scope == GOC_SCOPE_PLAN || k->scope == GOC_SCOPE_ZONES ? 1 : members.n;
	for (size_t m = 0; rc == GOC_OK && m < n; m++) {
		const char *member = k->scope == GOC_SCOPE_PLAN ? NULL
		                     : k->scope == GOC_SCOPE_ZONES ? k->members : members.v[m];
		if (k->window != GOC_WINDOW_ANNUAL) {
			rc = eval_row(db, rv, ki, k, member, 0, k->start, k->end, asof);
			continue;
		}
		int y0 = atoi(k->start), y1 = atoi(k->end);
		for (int y = y0; rc == GOC_OK && y <= y1; y++) {
			char ys[11], ye[11];
			snprintf(ys, sizeof ys, "%04d-01-01", y);
			snprintf(ye, sizeof ye, "%04d-12-31", y);
			rc = eval_row(db, rv, ki, k, member, y, y == y0 ? k->start : ys,
			              y == y1 ? k->end : ye, asof);
		}
	}
	return rc;
}

/* Read the KPIs of a plan (or one) into an array in the arena. */
int goc__kpi_load_all(goc_db *db, struct goc__arena *arena, const char *plan, const char *one,
                     struct goc_kpi ***out, size_t *n)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT " KPI_COLS " FROM kpis k WHERE k.plan = ?1"
	                          " AND (?2 IS NULL OR k.code = ?2) ORDER BY k.id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, one);
	size_t cap = 0;
	struct goc_kpi **v = NULL;
	*n = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct goc_kpi **nv = goc__arena_alloc(arena, cap * sizeof *nv);
			if (!nv) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
				break;
			}
			if (*n)
				memcpy(nv, v, *n * sizeof *nv);
			v = nv;
		}
		struct goc_kpi row;
		memset(&row, 0, sizeof row);
		goc__kpi_read(st, &row);
		/* copy into the arena (record_dup uses the heap: copy strings here) */
		struct goc_kpi *k = goc__arena_alloc(arena, sizeof *k);
		if (!k) {
			rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
			break;
		}
		*k = row;
		for (size_t i = 0; i < goc__kpi_n_strs; i++) {
			size_t off = goc__kpi_strs[i];
			const char **f = (const char **)(void *)((char *)k + (off & ~GOC__LIST_TAG));
			if (*f && !(*f = goc__arena_strndup(arena, *f, goc__field_size(*f, off) - 1))) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
				break;
			}
		}
		if (rc != GOC_OK)
			break;
		v[(*n)++] = k;
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "reading KPIs");
	sqlite3_finalize(st);
	*out = v;
	return rc;
}

void goc__kpi_free_arena(void *a)
{
	goc__arena_free(a);
}

/* Evaluate the KPIs of a plan (or one) as of a date into rv. */
int goc__kpi_evaluate_rows(goc_db *db, const char *plan, const char *one, const char *asof,
                           struct goc__kpi_rows *rv, struct goc_kpi ***kpis, size_t *n_kpis)
{
	int rc = goc__kpi_load_all(db, rv->arena, plan, one, kpis, n_kpis);
	for (size_t i = 0; rc == GOC_OK && i < *n_kpis; i++)
		rc = eval_kpi(db, rv, i, (*kpis)[i], asof);
	/* before a scorecard calls other public functions (a new start) */
	if (rc == GOC_OK)
		rc = goc__binds_failed(db, "evaluating KPIs");
	return rc;
}

int goc__kpi_eval_args(goc_db *db, const void *out, const char *plan, const char *asof)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "as_of", asof);
	return rc;
}

/* Run the evaluation in one read transaction (a consistent snapshot). */
int goc__kpi_snapshot_begin(goc_db *db, bool *own)
{
	*own = sqlite3_get_autocommit(db->sql) != 0;
	return *own ? goc__exec(db, "BEGIN", "evaluating KPIs") : GOC_OK;
}

void goc__kpi_snapshot_end(goc_db *db, bool own)
{
	if (own)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
}

GOC_API int goc_kpi_evaluate(goc_cursor **out, goc_db *db, const char *plan, const char *kpi,
                             const char *as_of)
{
	if (out)
		*out = NULL;
	int rc = goc__kpi_eval_args(db, out, plan, as_of);
	if (rc == GOC_OK && kpi) {
		struct goc_kpi *k = NULL;
		rc = goc__kpi_fetch(db, plan, kpi, &k);
		goc__free(k);
	}
	if (rc != GOC_OK)
		return rc;
	struct goc__kpi_rows rv = { goc__arena_new(), NULL, 0, 0, NULL, NULL };
	if (!rv.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	struct goc_kpi **kpis = NULL;
	size_t n_kpis = 0;
	bool own = false;
	rc = goc__kpi_snapshot_begin(db, &own);
	if (rc == GOC_OK) {
		rc = goc__kpi_evaluate_rows(db, plan, kpi, as_of, &rv, &kpis, &n_kpis);
		goc__kpi_snapshot_end(db, own);
	}
	if (rc != GOC_OK) {
		goc__arena_free(rv.arena);
		return rc;
	}
	return goc__cursor_new_items(out, db, CUR_KPI_ROW, rv.v, rv.n, sizeof *rv.v, rv.arena,
	                             goc__kpi_free_arena);
}

/* Is a row one the unit answers for?  (include/goc/kpi.h states the rule:
 * its own unit-scoped rows, and the zone and zones rows of the zones it
 * administers as bureau.) */
static bool unit_row(const struct goc_kpi *k, const struct goc_kpi_row *r, const char *unit,
                     const struct goc__strlist *zones)
{
	if (k->scope == GOC_SCOPE_UNIT)
		return strcmp(r->member, unit) == 0;
	for (size_t i = 0; i < zones->n; i++) {
		if (k->scope == GOC_SCOPE_ZONE && strcmp(r->member, zones->v[i]) == 0)
			return true;
		if (k->scope == GOC_SCOPE_ZONES && goc__kpi_list_has(r->member, zones->v[i]))
			return true;
	}
	return false;
}

GOC_API int goc_kpi_evaluate_unit(goc_cursor **out, goc_db *db, const char *plan,
                                  const char *unit, const char *as_of)
{
	if (out)
		*out = NULL;
	int rc = goc__kpi_eval_args(db, out, plan, as_of);
	if (rc == GOC_OK)
		rc = goc__check_code(db, "unit", unit);
	if (rc == GOC_OK)
		rc = goc__unit_exists(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	struct goc__kpi_rows rv = { goc__arena_new(), NULL, 0, 0, NULL, NULL };
	if (!rv.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	struct goc__strlist zones = { NULL, 0, 0, rv.arena };
	struct goc_kpi **kpis = NULL;
	size_t n_kpis = 0;
	bool own = false;
	rc = goc__kpi_snapshot_begin(db, &own);
	if (rc == GOC_OK) {
		rc = goc__strlist_query(db, &zones, "SELECT code FROM zones WHERE bureau = ?1"
		                                    " ORDER BY code", unit);
		if (rc == GOC_OK)
			rc = goc__kpi_evaluate_rows(db, plan, NULL, as_of, &rv, &kpis, &n_kpis);
		goc__kpi_snapshot_end(db, own);
	}
	if (rc != GOC_OK) {
		goc__arena_free(rv.arena);
		return rc;
	}
	size_t n = 0;
	for (size_t i = 0; i < rv.n; i++)
		if (rv.v[i].member && unit_row(kpis[rv.kpi[i]], &rv.v[i], unit, &zones))
			rv.v[n++] = rv.v[i];
	rv.n = n;
	return goc__cursor_new_items(out, db, CUR_KPI_ROW, rv.v, rv.n, sizeof *rv.v, rv.arena,
	                             goc__kpi_free_arena);
}

GOC_API const goc_kpi_row *goc_cursor_kpi_row(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_KPI_ROW);
}

GOC_API const char *goc_kpi_row_kpi(const goc_kpi_row *r) { return r ? r->kpi : NULL; }
GOC_API const char *goc_kpi_row_member(const goc_kpi_row *r) { return r ? r->member : NULL; }

GOC_API int goc_kpi_row_member_count(const goc_kpi_row *r)
{
	return !r ? 0 : r->members ? goc__list_count(r->members) : r->member ? 1 : 0;
}

GOC_API const char *goc_kpi_row_member_at(const goc_kpi_row *r, int i)
{
	if (!r)
		return NULL;
	if (r->members)
		return goc__list_at(r->members, i);
	return i == 0 ? r->member : NULL;
}
GOC_API const char *goc_kpi_row_as_of(const goc_kpi_row *r) { return r ? r->as_of : NULL; }
GOC_API int goc_kpi_row_year(const goc_kpi_row *r) { return r ? r->year : 0; }
GOC_API const char *goc_kpi_row_start(const goc_kpi_row *r) { return r ? r->start : NULL; }
GOC_API const char *goc_kpi_row_end(const goc_kpi_row *r) { return r ? r->end : NULL; }
GOC_API double goc_kpi_row_actual(const goc_kpi_row *r) { return r ? r->actual : 0; }
GOC_API double goc_kpi_row_expected(const goc_kpi_row *r) { return r ? r->expected : 0; }
GOC_API double goc_kpi_row_target_min(const goc_kpi_row *r) { return r ? r->target_min : 0; }
GOC_API double goc_kpi_row_target_max(const goc_kpi_row *r) { return r ? r->target_max : GOC_NO_MAX; }
GOC_API double goc_kpi_row_attainment(const goc_kpi_row *r) { return r ? r->attainment : 0; }
GOC_API int goc_kpi_row_status(const goc_kpi_row *r) { return r ? r->status : 0; }
GOC_API double goc_kpi_row_score(const goc_kpi_row *r) { return r ? r->score : -1; }
