/*
 * libgoc — scorecards: the rows of an evaluation rolled up by plan (one
 * line per KPI), section, zone or unit, with weights (include/goc/kpi.h
 * states the rules).  The by-unit scorecard also counts each unit's tasks,
 * the ones it leads, its overdue items and its missing reports for the
 * as-of date's quarter (the section "a unit's tasks" below).
 *
 * May call: kpi_eval.c (the evaluation), kpi_def.c (scope lists), resp.c
 * (who answers for what), register.c (unit and zone names), plan.c
 * (sections), SQL helpers, errors, cursors, the arena.  The top of the
 * KPI files: nothing in the library calls it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi_internal.h"

/* One line of a scorecard (computed, not read from SQL). */
struct goc_score {
	const char *key, *name_zh, *name_en;
	int status, tasks, leads, overdue, missing_reports;
	int counts[8]; /* [0] all rows, [status] rows with that status */
	const char *as_of;
	double value, actual, target;
	const struct goc_kpi_row *worst; /* in the cursor's arena, or NULL */
};

/* ---- status of a set of rows ---- */

/* Severity for roll-ups: larger is worse. */
static int severity(int status)
{
	switch (status) {
	case GOC_STATUS_MISSED: return 7;
	case GOC_STATUS_BEHIND: return 6;
	case GOC_STATUS_AT_RISK: return 5;
	case GOC_STATUS_ON_TRACK: return 4;
	case GOC_STATUS_NOT_STARTED: return 3;
	case GOC_STATUS_MET: return 2;
	case GOC_STATUS_EXCEEDED: return 1;
	default: return 0;
	}
}

/* The status of a set of rows, given their counts by status. */
static int rollup_status(const int counts[8])
{
	int worst = 0;
	for (int s = 1; s < 8; s++)
		if (counts[s] && severity(s) > severity(worst))
			worst = s;
	if (worst == GOC_STATUS_NOT_STARTED &&
	    (counts[GOC_STATUS_MET] || counts[GOC_STATUS_EXCEEDED]))
		return GOC_STATUS_ON_TRACK;
	return worst;
}

/* ---- accumulating rows into scorecard lines ---- */

/* Accumulates KPI rows into one scorecard row. */
struct acc {
	double sum_w, sum_ws;   /* over KPIs */
	double kpi_score_sum;   /* current KPI: sum and count of scored rows */
	int kpi_scored;
	size_t kpi;             /* current KPI index, or SIZE_MAX */
	int counts[8];
	double actual, target;
	const struct goc_kpi_row *worst;
};

static void acc_init(struct acc *a)
{
	memset(a, 0, sizeof *a);
	a->kpi = (size_t)-1;
}

static void acc_close_kpi(struct acc *a, struct goc_kpi **kpis)
{
	if (a->kpi != (size_t)-1 && a->kpi_scored > 0) {
		double w = kpis[a->kpi]->weight;
		a->sum_w += w;
		a->sum_ws += w * (a->kpi_score_sum / a->kpi_scored);
	}
	a->kpi_score_sum = 0;
	a->kpi_scored = 0;
}

/* Rows arrive in KPI order. */
static void acc_add(struct acc *a, struct goc_kpi **kpis, size_t ki, const struct goc_kpi_row *r)
{
	if (ki != a->kpi) {
		acc_close_kpi(a, kpis);
		a->kpi = ki;
	}
	if (r->score >= 0) {
		a->kpi_score_sum += r->score;
		a->kpi_scored++;
	}
	a->counts[0]++;
	a->counts[r->status]++;
	a->actual += r->actual;
	a->target += r->target_min;
	/* the worst row: the most severe status, then the lowest attainment */
	if (!a->worst || severity(r->status) > severity(a->worst->status) ||
	    (severity(r->status) == severity(a->worst->status) &&
	     r->attainment < a->worst->attainment))
		a->worst = r;
}

static void acc_finish(struct acc *a, struct goc_kpi **kpis, struct goc_score *s)
{
	acc_close_kpi(a, kpis);
	memcpy(s->counts, a->counts, sizeof s->counts);
	s->status = rollup_status(a->counts);
	s->value = a->sum_w > 0 ? a->sum_ws / a->sum_w : -1;
	s->actual = a->actual;
	s->target = a->target;
	s->worst = a->worst;
}

struct scorevec {
	struct goc_score *v;
	size_t n, cap;
};

static struct goc_score *score_push(goc_db *db, struct goc__arena *arena, struct scorevec *sv,
                                    const char *key, const char *zh, const char *en)
{
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 32;
		struct goc_score *v = goc__arena_alloc(arena, cap * sizeof *v);
		if (!v) {
			goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
			return NULL;
		}
		if (sv->n)
			memcpy(v, sv->v, sv->n * sizeof *v);
		sv->v = v;
		sv->cap = cap;
	}
	struct goc_score *s = &sv->v[sv->n++];
	memset(s, 0, sizeof *s);
	s->key = goc__arena_strdup(arena, key);
	s->name_zh = goc__arena_strdup(arena, zh);
	s->name_en = goc__arena_strdup(arena, en);
	if ((key && !s->key) || (zh && !s->name_zh) || (en && !s->name_en)) {
		goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
		return NULL;
	}
	return s;
}

/* Is the row for this group?  (by zone / unit: its member; by section: a
 * linked task lies in the section) */
typedef bool (*row_pred)(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx);

/* by zone: the zone-scoped rows of that zone (zone and unit codes are
 * separate namespaces); by unit: the unit-scoped rows of that unit.  A
 * row of a zone or unit KPI always names its member (eval_row() makes one
 * per member of goc__kpi_scope_members()). */
static bool pred_zone(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx)
{
	const char *code = ctx;
	if (k->scope == GOC_SCOPE_ZONES)
		return goc__kpi_list_has(r->member, code);
	return k->scope == GOC_SCOPE_ZONE && strcmp(r->member, code) == 0;
}

static bool pred_unit(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx)
{
	return k->scope == GOC_SCOPE_UNIT && strcmp(r->member, ctx) == 0;
}

static bool pred_all(const struct goc_kpi *k, const struct goc_kpi_row *r, const void *ctx)
{
	(void)k;
	(void)r;
	(void)ctx;
	return true;
}

static void group_rows(struct goc__kpi_rows *rv, struct goc_kpi **kpis, row_pred pred,
                       const void *ctx, const bool *kpi_mask, struct goc_score *s)
{
	struct acc a;
	acc_init(&a);
	for (size_t i = 0; i < rv->n; i++) {
		const struct goc_kpi *k = kpis[rv->kpi[i]];
		if ((!kpi_mask || kpi_mask[rv->kpi[i]]) && pred(k, &rv->v[i], ctx))
			acc_add(&a, kpis, rv->kpi[i], &rv->v[i]);
	}
	acc_finish(&a, kpis, s);
}

/* ---- a unit's tasks (the by-unit scorecard's columns) ----
 *
 * For one unit of a plan, as of a date: how many tasks it answers for
 * (groups expanded, assignments inherited: goc__resp_cte()), how many of
 * them it leads, how many of them are overdue (due before the date, not
 * done or cancelled), and for how many leaf tasks it has no progress
 * report, dated by the date, for the last period due (the plan's cycle,
 * the period's deadline before the date: goc__plan_due(); none due, none
 * missing).  The statements are written once per scorecard and run per
 * unit. */
struct task_counts {
	char period[32]; /* the last period due, for reporting compliance; "" if none */
	char tasks[4096], leads[4096], overdue[4096], missing[4096];
};

static void task_counts_sql(struct task_counts *q, const char *cte, const struct goc__due *due)
{
	char period[16] = "";
	if (due->first <= due->last)
		goc__cycle_period(due->cycle, due->last, period);
	snprintf(q->period, sizeof q->period, "%s", period);
	snprintf(q->tasks, sizeof q->tasks,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp WHERE party = ?2 AND ?3 IS NOT NULL"
	         " AND ?4 IS NOT NULL", cte);
	snprintf(q->leads, sizeof q->leads,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp WHERE party = ?2 AND rank = 1"
	         " AND ?3 IS NOT NULL AND ?4 IS NOT NULL", cte);
	snprintf(q->overdue, sizeof q->overdue,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp r JOIN tasks t ON t.id = r.task_id"
	         " WHERE r.party = ?2 AND t.due < ?3 AND t.status NOT IN ('done', 'cancelled')"
	         " AND ?4 IS NOT NULL", cte);
	snprintf(q->missing, sizeof q->missing,
	         "WITH RECURSIVE %s SELECT count(*) FROM resp r WHERE r.party = ?2 AND ?3 IS NOT NULL"
	         " AND NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = r.task_id)"
	         " AND NOT EXISTS (SELECT 1 FROM progress_reports p WHERE p.task_id = r.task_id"
	         "   AND p.unit = r.party AND p.period = ?4 AND p.date <= ?3)", cte);
}

/* A one-number query with (plan, code, as_of, period) parameters. */
static int count_query(goc_db *db, const char *sql, const char *plan, const char *code,
                       const char *asof, const char *period, int *out)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, code);
	goc__bind_text(st, 3, asof);
	goc__bind_text(st, 4, period);
	rc = goc__binds_failed(db, "building a scorecard");
	int r = rc == GOC_OK ? sqlite3_step(st) : SQLITE_DONE;
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else if (rc == GOC_OK)
		rc = goc__sqlerr(db, r, "building a scorecard");
	sqlite3_finalize(st);
	return rc;
}

static int task_counts(goc_db *db, const struct task_counts *q, const char *plan,
                       const char *unit, const char *asof, struct goc_score *s)
{
	int rc = count_query(db, q->tasks, plan, unit, asof, q->period, &s->tasks);
	if (rc == GOC_OK) rc = count_query(db, q->leads, plan, unit, asof, q->period, &s->leads);
	if (rc == GOC_OK) rc = count_query(db, q->overdue, plan, unit, asof, q->period, &s->overdue);
	if (rc == GOC_OK && q->period[0])
		rc = count_query(db, q->missing, plan, unit, asof, q->period, &s->missing_reports);
	return rc;
}

/* ---- groupings ---- */

/* The units of a by-unit scorecard, in code order: those answering for a
 * task, and members of unit-scoped KPIs; cte receives the answering CTE. */
static int list_units(goc_db *db, struct goc__strlist *units, char *cte, size_t cte_size,
                      const struct goc__kpi_rows *rv, struct goc_kpi **kpis, const char *plan)
{
	char sql[4096];
	int rc = goc__resp_cte(cte, cte_size, GOC_RESP_EXPAND | GOC_RESP_INHERIT);
	if (rc != GOC_OK) /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
		return goc__err(db, GOC_ERROR, "internal error: query too long");
	snprintf(sql, sizeof sql, "WITH RECURSIVE %s SELECT DISTINCT party FROM resp", cte);
	sqlite3_stmt *st;
	rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	/* an unbound plan would list no unit and answer GOC_OK */
	rc = goc__binds_failed(db, "building a scorecard");
	int r = SQLITE_DONE;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = goc__strlist_add(db, units, goc__col_text(st, 0));
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "listing the plan's units");
	sqlite3_finalize(st);
	for (size_t i = 0; rc == GOC_OK && i < rv->n; i++)
		if (kpis[rv->kpi[i]]->scope == GOC_SCOPE_UNIT)
			rc = goc__strlist_add(db, units, rv->v[i].member);
	if (rc != GOC_OK)
		return rc;
	/* in code order */
	for (size_t i = 1; i < units->n; i++)
		for (size_t j = i; j > 0 && strcmp(units->v[j - 1], units->v[j]) > 0; j--) {
			char *t = units->v[j];
			units->v[j] = units->v[j - 1];
			units->v[j - 1] = t;
		}
	return GOC_OK;
}

static int by_unit(goc_db *db, struct goc__arena *arena, struct scorevec *sv,
                   struct goc__kpi_rows *rv, struct goc_kpi **kpis, size_t n_kpis,
                   const char *plan, const char *asof)
{
	struct goc__strlist units = { NULL, 0, 0, arena };
	char cte[3072];
	int rc = list_units(db, &units, cte, sizeof cte, rv, kpis, plan);
	if (rc != GOC_OK)
		return rc;
	struct task_counts q;
	struct goc__due due;
	rc = goc__plan_due(db, plan, asof, &due);
	if (rc != GOC_OK)
		return rc;
	task_counts_sql(&q, cte, &due);
	(void)n_kpis;
	for (size_t i = 0; rc == GOC_OK && i < units.n; i++) {
		goc_unit *u = NULL;
		rc = goc_unit_get(&u, db, units.v[i]);
		if (rc != GOC_OK)
			return rc;
		struct goc_score *s = score_push(db, arena, sv, units.v[i], goc_unit_name_zh(u),
		                                 goc_unit_name_en(u));
		goc_unit_free(u);
		if (!s)
			return GOC_ENOMEM;
		group_rows(rv, kpis, pred_unit, units.v[i], NULL, s);
		rc = task_counts(db, &q, plan, units.v[i], asof, s);
	}
	return rc;
}

static int by_section(goc_db *db, struct goc__arena *arena, struct scorevec *sv,
                      struct goc__kpi_rows *rv, struct goc_kpi **kpis, size_t n_kpis,
                      const char *plan)
{
	goc_cursor *cur = NULL;
	goc_task_filter f = GOC_TASK_FILTER_INIT;
	f.level = GOC_LEVEL_SECTION;
	int rc = goc_task_list(&cur, db, plan, &f);
	if (rc != GOC_OK)
		return rc;
	bool *mask = goc__arena_alloc(arena, (n_kpis ? n_kpis : 1) * sizeof *mask);
	if (!mask) {
		goc_cursor_free(cur);
		return goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	}
	/* the section of a task: walk up through the parents */
	static const char sql[] =
	    "WITH RECURSIVE up(id, parent_id, code) AS ("
	    " SELECT id, parent_id, code FROM tasks WHERE plan = ?1 AND code = ?2"
	    " UNION ALL SELECT t.id, t.parent_id, t.code FROM tasks t JOIN up ON t.id = up.parent_id)"
	    " SELECT code FROM up WHERE parent_id IS NULL";
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) { /* an error breaks out */
		const goc_task *t = goc_cursor_task(cur);
		for (size_t i = 0; i < n_kpis; i++) {
			mask[i] = false;
			char buf[1024];
			snprintf(buf, sizeof buf, "%s", kpis[i]->tasks ? kpis[i]->tasks : "");
			char *save = NULL;
			for (char *c = strtok_r(buf, ",", &save); c && !mask[i] && rc == GOC_ROW;
			     c = strtok_r(NULL, ",", &save)) {
				sqlite3_stmt *st;
				int prc = goc__prepare(db, sql, &st);
				if (prc != GOC_OK) {
					rc = prc;
					break;
				}
				goc__bind_text(st, 1, plan);
				goc__bind_text(st, 2, c);
				prc = goc__binds_failed(db, "finding a task's section");
				int r = prc == GOC_OK ? sqlite3_step(st) : SQLITE_DONE;
				if (prc != GOC_OK)
					rc = prc;
				else if (r == SQLITE_ROW)
					mask[i] = strcmp(goc__col_text(st, 0), goc_task_code(t)) == 0;
				else if (r != SQLITE_DONE)
					rc = goc__sqlerr(db, r, "finding a task's section");
				sqlite3_finalize(st);
			}
		}
		if (rc != GOC_ROW)
			break;
		struct goc_score *s = score_push(db, arena, sv, goc_task_code(t), goc_task_title_zh(t),
		                                 goc_task_title_en(t));
		if (!s) {
			rc = GOC_ENOMEM;
			break;
		}
		group_rows(rv, kpis, pred_all, NULL, mask, s);
		rc = GOC_OK;
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

/* ---- the scorecard ---- */

GOC_API int goc_scorecard(goc_cursor **out, goc_db *db, const char *plan, const char *as_of,
                          int by)
{
	if (out)
		*out = NULL;
	int rc = goc__kpi_eval_args(db, out, plan, as_of);
	if (rc == GOC_OK && !goc_score_by_str(by))
		rc = goc__err(db, GOC_EINVAL, "by: %d is not a scorecard grouping", by);
	if (rc != GOC_OK)
		return rc;
	struct goc__kpi_rows rv = { goc__arena_new(), NULL, 0, 0, NULL, NULL };
	if (!rv.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	struct goc_kpi **kpis = NULL;
	size_t n_kpis = 0;
	struct scorevec sv = { NULL, 0, 0 };
	bool own = false;
	rc = goc__kpi_snapshot_begin(db, &own);
	if (rc == GOC_OK)
		rc = goc__kpi_evaluate_rows(db, plan, NULL, as_of, &rv, &kpis, &n_kpis);
	if (rc == GOC_OK && by == GOC_BY_PLAN) {
		for (size_t i = 0; i < n_kpis; i++) {
			struct goc_score *s = score_push(db, rv.arena, &sv, kpis[i]->code,
			                                 kpis[i]->name_zh, kpis[i]->name_en);
			bool *mask = goc__arena_alloc(rv.arena, n_kpis * sizeof *mask);
			if (!s || !mask) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
				break;
			}
			mask[i] = true;
			group_rows(&rv, kpis, pred_all, NULL, mask, s);
		}
	} else if (rc == GOC_OK && by == GOC_BY_SECTION) {
		rc = by_section(db, rv.arena, &sv, &rv, kpis, n_kpis, plan);
	} else if (rc == GOC_OK && by == GOC_BY_ZONE) {
		struct goc__strlist zones = { NULL, 0, 0, rv.arena };
		rc = goc__strlist_query(db, &zones, "SELECT code FROM zones WHERE ?1 IS NULL ORDER BY code",
		                        NULL);
		for (size_t i = 0; rc == GOC_OK && i < zones.n; i++) {
			goc_zone *z = NULL;
			rc = goc_zone_get(&z, db, zones.v[i]);
			if (rc != GOC_OK)
				break;
			struct goc_score *s = score_push(db, rv.arena, &sv, zones.v[i],
			                                 goc_zone_name_zh(z), goc_zone_name_en(z));
			goc_zone_free(z);
			if (!s) {
				rc = GOC_ENOMEM;
				break;
			}
			group_rows(&rv, kpis, pred_zone, zones.v[i], NULL, s);
		}
	} else if (rc == GOC_OK) {
		rc = by_unit(db, rv.arena, &sv, &rv, kpis, n_kpis, plan, as_of);
	}
	if (rc == GOC_OK) {
		struct goc_score *total = score_push(db, rv.arena, &sv, NULL, NULL, NULL);
		if (!total)
			rc = GOC_ENOMEM;
		else
			group_rows(&rv, kpis, pred_all, NULL, NULL, total);
	}
	if (own)
		goc__kpi_snapshot_end(db, own);
	if (rc != GOC_OK) {
		goc__arena_free(rv.arena);
		return rc;
	}
	const char *date = goc__arena_strdup(rv.arena, as_of);
	if (!date) {
		goc__arena_free(rv.arena);
		return goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	}
	for (size_t i = 0; i < sv.n; i++) {
		sv.v[i].as_of = date;
		if (by != GOC_BY_PLAN) /* the total's too */
			sv.v[i].actual = sv.v[i].target = 0;
	}
	return goc__cursor_new_items(out, db, CUR_SCORE, sv.v, sv.n, sizeof *sv.v, rv.arena,
	                             goc__kpi_free_arena);
}

/* ---- scorecard series ---- */

/* The groups of a scorecard series (keys and names), the same at every date. */
static int series_groups(goc_db *db, struct goc__arena *arena, int by, const char *plan,
                         const struct goc__kpi_rows *first, struct goc_kpi **kpis, size_t n_kpis,
                         struct goc__strlist *keys, const char ***zh, const char ***en)
{
	int rc = GOC_OK;
	if (by == GOC_BY_PLAN) {
		for (size_t i = 0; rc == GOC_OK && i < n_kpis; i++)
			rc = goc__strlist_add(db, keys, kpis[i]->code);
	} else if (by == GOC_BY_ZONE) {
		rc = goc__strlist_query(db, keys, "SELECT code FROM zones WHERE ?1 IS NULL ORDER BY code",
		                        NULL);
	} else {
		char cte[3072];
		rc = list_units(db, keys, cte, sizeof cte, first, kpis, plan);
	}
	*zh = goc__arena_alloc(arena, (keys->n + 1) * sizeof **zh);
	*en = goc__arena_alloc(arena, (keys->n + 1) * sizeof **en);
	if (rc == GOC_OK && (!*zh || !*en))
		rc = goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	for (size_t i = 0; rc == GOC_OK && i < keys->n; i++) {
		const char *z = NULL, *e = NULL;
		goc_zone *zone = NULL;
		goc_unit *unit = NULL;
		if (by == GOC_BY_PLAN) {
			z = kpis[i]->name_zh;
			e = kpis[i]->name_en;
		} else if (by == GOC_BY_ZONE && (rc = goc_zone_get(&zone, db, keys->v[i])) == GOC_OK) {
			z = goc_zone_name_zh(zone);
			e = goc_zone_name_en(zone);
		} else if (by == GOC_BY_UNIT && (rc = goc_unit_get(&unit, db, keys->v[i])) == GOC_OK) {
			z = goc_unit_name_zh(unit);
			e = goc_unit_name_en(unit);
		}
		(*zh)[i] = z ? goc__arena_strdup(arena, z) : NULL;
		(*en)[i] = e ? goc__arena_strdup(arena, e) : NULL;
		goc_zone_free(zone);
		goc_unit_free(unit);
		if (rc == GOC_OK && ((z && !(*zh)[i]) || (e && !(*en)[i])))
			rc = goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	}
	return rc;
}

GOC_API int goc_score_series(goc_cursor **out, goc_db *db, const char *plan,
                             const goc_series_opts *opts, int by)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	struct goc__kpi_rows rv = { goc__arena_new(), NULL, 0, 0, NULL, NULL };
	if (!rv.arena)
		return goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
	const char **dates = NULL;
	size_t n_dates = 0;
	rc = goc__series_begin(db, out, plan, opts, rv.arena, &dates, &n_dates);
	if (rc == GOC_OK && by != GOC_BY_PLAN && by != GOC_BY_ZONE && by != GOC_BY_UNIT)
		rc = goc__err(db, GOC_EINVAL, "by: %d is not plan, zone or unit (a series has no"
		                              " sections)", by);
	struct goc_kpi **kpis = NULL;
	size_t n_kpis = 0, *at = NULL;
	struct goc__strlist keys = { NULL, 0, 0, rv.arena };
	const char **zh = NULL, **en = NULL;
	struct scorevec sv = { NULL, 0, 0 };
	bool own = false;
	if (rc == GOC_OK)
		rc = goc__kpi_snapshot_begin(db, &own);
	if (rc == GOC_OK) {
		rc = goc__kpi_series_rows(db, plan, opts->kpi, (const char *const *)dates, n_dates, &rv,
		                          &kpis, &n_kpis, &at);
		struct goc__kpi_rows first = rv;
		if (rc == GOC_OK)
			first.n = at[1];
		if (rc == GOC_OK)
			rc = series_groups(db, rv.arena, by, plan, &first, kpis, n_kpis, &keys, &zh, &en);
		goc__kpi_snapshot_end(db, own);
	}
	for (size_t d = 0; rc == GOC_OK && d < n_dates; d++) {
		struct goc__kpi_rows sub = rv;
		sub.v = rv.v + at[d];
		sub.kpi = rv.kpi + at[d];
		sub.n = at[d + 1] - at[d];
		for (size_t g = 0; rc == GOC_OK && g <= keys.n; g++) {
			const char *key = g < keys.n ? keys.v[g] : NULL;
			if (opts->member && (!key || strcmp(key, opts->member) != 0))
				continue;
			struct goc_score *s = score_push(db, rv.arena, &sv, key, key ? zh[g] : NULL,
			                                 key ? en[g] : NULL);
			bool *mask = by == GOC_BY_PLAN ? goc__arena_alloc(rv.arena, n_kpis * sizeof *mask)
			                               : NULL;
			if (!s || (by == GOC_BY_PLAN && key && !mask)) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory building a scorecard");
				break;
			}
			s->as_of = dates[d];
			if (!key)
				group_rows(&sub, kpis, pred_all, NULL, NULL, s);
			else if (by == GOC_BY_PLAN) {
				memset(mask, 0, n_kpis * sizeof *mask);
				mask[g] = true;
				group_rows(&sub, kpis, pred_all, NULL, mask, s);
			} else
				group_rows(&sub, kpis, by == GOC_BY_ZONE ? pred_zone : pred_unit, key, NULL, s);
			if (by != GOC_BY_PLAN)
				s->actual = s->target = 0;
		}
	}
	if (rc != GOC_OK) {
		goc__arena_free(rv.arena);
		return rc;
	}
	return goc__cursor_new_items(out, db, CUR_SCORE, sv.v, sv.n, sizeof *sv.v, rv.arena,
	                             goc__kpi_free_arena);
}

GOC_API const goc_score *goc_cursor_score(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_SCORE);
}

GOC_API const char *goc_score_key(const goc_score *s) { return s ? s->key : NULL; }
GOC_API const char *goc_score_as_of(const goc_score *s) { return s ? s->as_of : NULL; }
GOC_API const char *goc_score_name_zh(const goc_score *s) { return s ? s->name_zh : NULL; }
GOC_API const char *goc_score_name_en(const goc_score *s) { return s ? s->name_en : NULL; }
GOC_API int goc_score_status(const goc_score *s) { return s ? s->status : 0; }
GOC_API double goc_score_value(const goc_score *s) { return s ? s->value : -1; }
GOC_API double goc_score_actual(const goc_score *s) { return s ? s->actual : 0; }
GOC_API double goc_score_target(const goc_score *s) { return s ? s->target : 0; }
GOC_API int goc_score_tasks(const goc_score *s) { return s ? s->tasks : 0; }
GOC_API int goc_score_leads(const goc_score *s) { return s ? s->leads : 0; }
GOC_API int goc_score_overdue(const goc_score *s) { return s ? s->overdue : 0; }
GOC_API int goc_score_missing_reports(const goc_score *s) { return s ? s->missing_reports : 0; }
GOC_API const goc_kpi_row *goc_score_worst_row(const goc_score *s) { return s ? s->worst : NULL; }

GOC_API int goc_score_met(const goc_score *s)
{
	return s ? s->counts[GOC_STATUS_MET] + s->counts[GOC_STATUS_EXCEEDED] : 0;
}

GOC_API int goc_score_count(const goc_score *s, int status)
{
	if (!s || status < 0 || status > 7)
		return 0;
	return s->counts[status];
}
