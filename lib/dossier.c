/*
 * libgoc — the report model (goc/report.h): the dossier rows (a unit and a
 * task it answers for, as of a date: role, latest report, overdue,
 * missing and late reports) and an organization's first landing date.
 *
 * The rows are read by one statement (a consistent snapshot without a
 * transaction of its own): the responsibility query of resp.c with
 * groups expanded and inheritance applied (each unit once per task, its
 * strongest role), the latest report as of the date from report.c's
 * latest(), the task's overdue flag as goc_task_list() has it, and the
 * periods the unit has reported on by the date with the first date of
 * each, from which the missing and late ones of the plan's cycle are
 * worked out here (the periods due: goc__plan_due(); lateness: period.c).  The rows are then a computed cursor:
 * an array in an arena, owned by the cursor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plandoc.h"

struct goc_dossier_row {
	const char *task, *unit, *via_group, *inherited_from, *due;
	const char *report_period, *report_date, *report_text;
	const char **missing, **late;
	int *late_days;
	int64_t report_id;
	int role, task_status, leaf, overdue, report_status, report_percent, n_missing;
	int n_late, report_late_days;
};

/* The rows of a cursor and the memory of their strings. */
struct rows {
	struct goc__arena *arena;
	struct goc_dossier_row *v;
	size_t n, cap;
	/* the periods that need a report: the plan's cycle, index first … last */
	struct goc__due due;
	const char **periods;  /* "YYYY-Qn" … of each */
	unsigned char *seen;   /* per period: reported (scratch) */
	int *late;             /* per period: days late, 0 on time (scratch) */
};

static void rows_free(void *p)
{
	struct rows *r = p;
	if (!r)
		return;
	sqlite3_free(r->v);
	goc__arena_free(r->arena);
	goc__free(r);
}

/* The periods that need a report as of the date (goc__plan_due()). */
static int periods_init(goc_db *db, struct rows *r)
{
	size_t n = r->due.first <= r->due.last ? (size_t)(r->due.last - r->due.first + 1) : 0;
	r->periods = goc__arena_alloc(r->arena, (n ? n : 1) * sizeof *r->periods);
	r->seen = goc__arena_alloc(r->arena, n ? n : 1);
	r->late = goc__arena_alloc(r->arena, (n ? n : 1) * sizeof *r->late);
	if (!r->periods || !r->seen || !r->late)
		return goc__err(db, GOC_ENOMEM, "out of memory reading a dossier");
	for (size_t i = 0; i < n; i++) {
		char buf[16];
		goc__cycle_period(r->due.cycle, r->due.first + (int)i, buf);
		if (!(r->periods[i] = goc__arena_strdup(r->arena, buf)))
			return goc__err(db, GOC_ENOMEM, "out of memory reading a dossier");
	}
	return GOC_OK;
}

/* The missing and late periods of a leaf row, given the periods reported
 * by the date with the first date of each ("2024-Q1@2024-04-08,…", or
 * NULL). */
static int missing_periods(goc_db *db, struct rows *r, struct goc_dossier_row *row,
                           const char *reported)
{
	if (r->due.first > r->due.last)
		return GOC_OK;
	size_t n = (size_t)(r->due.last - r->due.first + 1);
	memset(r->seen, 0, n);
	memset(r->late, 0, n * sizeof *r->late);
	for (const char *p = reported; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char buf[32];
		/* stored periods and dates passed goc__check_period() and
		 * goc__check_date(): "PERIOD@YYYY-MM-DD" is at most 18 bytes */
		if (len < sizeof buf && len > 11 && p[len - 11] == '@') {
			memcpy(buf, p, len);
			buf[len] = '\0';
			buf[len - 11] = '\0';
			int q = goc__period_cycle_index(r->due.cycle, buf);
			if (q >= r->due.first && q <= r->due.last) {
				r->seen[q - r->due.first] = 1;
				r->late[q - r->due.first] = goc__late_days(buf, r->due.days, buf + len - 10);
			}
		}
		p = comma ? comma + 1 : p + len;
	}
	size_t missing = 0, late = 0;
	for (size_t i = 0; i < n; i++) {
		missing += !r->seen[i];
		late += r->seen[i] && r->late[i] > 0;
	}
	if (missing) {
		row->missing = goc__arena_alloc(r->arena, missing * sizeof *row->missing);
		if (!row->missing)
			return goc__err(db, GOC_ENOMEM, "out of memory reading a dossier");
	}
	if (late) {
		row->late = goc__arena_alloc(r->arena, late * sizeof *row->late);
		row->late_days = goc__arena_alloc(r->arena, late * sizeof *row->late_days);
		if (!row->late || !row->late_days)
			return goc__err(db, GOC_ENOMEM, "out of memory reading a dossier");
	}
	for (size_t i = 0; i < n; i++) {
		if (!r->seen[i]) {
			row->missing[row->n_missing++] = r->periods[i];
		} else if (r->late[i] > 0) {
			row->late[row->n_late] = r->periods[i];
			row->late_days[row->n_late++] = r->late[i];
		}
	}
	return GOC_OK;
}

static const char *keep(struct rows *r, sqlite3_stmt *st, int col, bool *oom)
{
	const char *s = goc__col_text(st, col);
	if (!s)
		return NULL;
	char *d = goc__arena_strdup(r->arena, s);
	if (!d)
		*oom = true;
	return d;
}

static int read_row(goc_db *db, struct rows *r, sqlite3_stmt *st)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct goc_dossier_row *v = sqlite3_realloc64(r->v, cap * sizeof *v);
		if (!v)
			return goc__err(db, GOC_ENOMEM, "out of memory reading a dossier");
		r->v = v;
		r->cap = cap;
	}
	struct goc_dossier_row *row = &r->v[r->n++];
	memset(row, 0, sizeof *row);
	bool oom = false;
	row->task = keep(r, st, 0, &oom);
	row->unit = keep(r, st, 1, &oom);
	row->role = sqlite3_column_int(st, 2) == 1 ? GOC_ROLE_LEAD : GOC_ROLE_RESPONSIBLE;
	row->via_group = keep(r, st, 3, &oom);
	row->inherited_from = keep(r, st, 4, &oom);
	row->due = keep(r, st, 5, &oom);
	row->task_status = goc__task_status_value(goc__col_text(st, 6));
	row->leaf = sqlite3_column_int(st, 7) != 0;
	row->overdue = sqlite3_column_int(st, 8) != 0;
	row->report_id = sqlite3_column_int64(st, 9);
	row->report_period = keep(r, st, 10, &oom);
	row->report_date = keep(r, st, 11, &oom);
	row->report_status = goc__col_text(st, 12) ? goc__task_status_value(goc__col_text(st, 12)) : 0;
	row->report_percent = sqlite3_column_type(st, 13) == SQLITE_NULL ? GOC_PERCENT_NONE
	                                                                 : sqlite3_column_int(st, 13);
	row->report_text = keep(r, st, 14, &oom);
	if (row->report_period && row->report_date)
		row->report_late_days = goc__late_days(row->report_period, r->due.days, row->report_date);
	if (oom)
		return goc__err(db, GOC_ENOMEM, "out of memory reading a dossier");
	return row->leaf ? missing_periods(db, r, row, goc__col_text(st, 15)) : GOC_OK;
}

static int check_filter(goc_db *db, const char *plan, const goc_dossier_filter *f, int64_t *task)
{
	if (f->version < 1 || f->version > GOC_DOSSIER_FILTER_VERSION)
		return goc__err(db, GOC_EINVAL, "filter: goc_dossier_filter version %u is not supported (1..%d)",
		                f->version, GOC_DOSSIER_FILTER_VERSION);
	if (f->flags & ~(unsigned)GOC_DOSSIER_LEAVES)
		return goc__err(db, GOC_EINVAL, "filter.flags: unknown bits 0x%X",
		                f->flags & ~(unsigned)GOC_DOSSIER_LEAVES);
	int rc = GOC_OK;
	if (f->unit) {
		rc = goc__check_code(db, "filter.unit", f->unit);
		if (rc == GOC_OK)
			rc = goc__unit_exists(db, "filter.unit", f->unit);
	}
	if (rc == GOC_OK && f->task) {
		rc = goc__check_code(db, "filter.task", f->task);
		if (rc == GOC_OK)
			rc = goc__task_id(db, "filter.task", plan, f->task, task);
	}
	return rc;
}

GOC_API int goc_dossier_list(goc_cursor **out, goc_db *db, const char *plan,
                             const char *as_of, const goc_dossier_filter *filter)
{
	static const goc_dossier_filter all = GOC_DOSSIER_FILTER_INIT;
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	const goc_dossier_filter *f = filter ? filter : &all;
	int64_t task = 0;
	rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__check_date(db, "as_of", as_of);
	if (rc == GOC_OK)
		rc = check_filter(db, plan, f, &task);
	if (rc != GOC_OK)
		return rc;

	char cte[3072], latest[512], sql[6144];
	if (goc__resp_cte(cte, sizeof cte, GOC_RESP_EXPAND | GOC_RESP_INHERIT) != GOC_OK || /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
	    goc__report_latest_cte(latest, sizeof latest, 4) != GOC_OK) /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
		return goc__err(db, GOC_ERROR, "internal error: query too long");
	int n = snprintf(sql, sizeof sql,
	    "WITH RECURSIVE %s, %s"
	    " SELECT t.code, r.party, r.rank, r.via,"
	    "  CASE WHEN r.src_id = r.task_id THEN NULL ELSE s.code END,"
	    "  t.due, t.status, NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id),"
	    "  coalesce(t.due < ?4 AND t.status NOT IN ('done', 'cancelled'), 0),"
	    "  p.id, p.period, p.date, p.status, p.percent, p.text,"
	    "  (SELECT group_concat(period || '@' || first, ',') FROM (SELECT q.period,"
	    "    min(q.date) AS first FROM progress_reports q"
	    "    WHERE q.task_id = r.task_id AND q.unit = r.party AND q.date <= ?4"
	    "    GROUP BY q.period))"
	    " FROM resp r JOIN tasks t ON t.id = r.task_id JOIN tasks s ON s.id = r.src_id"
	    " LEFT JOIN latest l ON l.task_id = r.task_id AND l.unit = r.party AND l.n = 1"
	    " LEFT JOIN progress_reports p ON p.id = l.id"
	    " WHERE (?2 IS NULL OR r.party = ?2) AND (?3 IS NULL OR r.task_id = ?3)"
	    " AND (NOT ?5 OR NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id))"
	    " ORDER BY r.party, r.sortkey",
	    cte, latest);
	if (n <= 0 || (size_t)n >= sizeof sql) /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
		return goc__err(db, GOC_ERROR, "internal error: query too long");
	sqlite3_stmt *st;
	rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, f->unit);
	if (f->task)
		sqlite3_bind_int64(st, 3, task);
	goc__bind_text(st, 4, as_of);
	sqlite3_bind_int(st, 5, (f->flags & GOC_DOSSIER_LEAVES) != 0);
	rc = goc__binds_failed(db, "reading a dossier");
	struct rows *r = NULL;
	if (rc == GOC_OK && (r = goc__malloc(sizeof *r)) != NULL) {
		memset(r, 0, sizeof *r);
		r->arena = goc__arena_new();
	}
	if (rc == GOC_OK && (!r || !r->arena))
		rc = goc__err(db, GOC_ENOMEM, "out of memory reading a dossier");
	if (rc == GOC_OK)
		rc = goc__plan_due(db, plan, as_of, &r->due);
	if (rc == GOC_OK)
		rc = periods_init(db, r);
	int s = SQLITE_DONE;
	while (rc == GOC_OK && (s = sqlite3_step(st)) == SQLITE_ROW)
		rc = read_row(db, r, st);
	if (rc == GOC_OK && s != SQLITE_DONE)
		rc = goc__sqlerr(db, s, "reading a dossier");
	sqlite3_finalize(st);
	if (rc != GOC_OK) {
		rows_free(r);
		return rc;
	}
	return goc__cursor_new_items(out, db, CUR_DOSSIER_ROW, r->v, r->n, sizeof *r->v, r, rows_free);
}

GOC_API const goc_dossier_row *goc_cursor_dossier_row(const goc_cursor *cur)
{
	return goc__cursor_row(cur, CUR_DOSSIER_ROW);
}

GOC_API const char *goc_dossier_row_task(const goc_dossier_row *r) { return r ? r->task : NULL; }
GOC_API const char *goc_dossier_row_unit(const goc_dossier_row *r) { return r ? r->unit : NULL; }
GOC_API enum goc_role goc_dossier_row_role(const goc_dossier_row *r) { return r ? (enum goc_role)r->role : (enum goc_role)0; }
GOC_API const char *goc_dossier_row_via_group(const goc_dossier_row *r) { return r ? r->via_group : NULL; }
GOC_API const char *goc_dossier_row_inherited_from(const goc_dossier_row *r) { return r ? r->inherited_from : NULL; }
GOC_API int goc_dossier_row_leaf(const goc_dossier_row *r) { return r ? r->leaf : 0; }
GOC_API const char *goc_dossier_row_due(const goc_dossier_row *r) { return r ? r->due : NULL; }
GOC_API enum goc_task_status goc_dossier_row_task_status(const goc_dossier_row *r) { return r ? (enum goc_task_status)r->task_status : (enum goc_task_status)0; }
GOC_API int goc_dossier_row_overdue(const goc_dossier_row *r) { return r ? r->overdue : 0; }
GOC_API int64_t goc_dossier_row_report_id(const goc_dossier_row *r) { return r ? r->report_id : 0; }
GOC_API const char *goc_dossier_row_report_period(const goc_dossier_row *r) { return r ? r->report_period : NULL; }
GOC_API const char *goc_dossier_row_report_date(const goc_dossier_row *r) { return r ? r->report_date : NULL; }
GOC_API enum goc_task_status goc_dossier_row_report_status(const goc_dossier_row *r) { return r ? (enum goc_task_status)r->report_status : (enum goc_task_status)0; }
GOC_API int goc_dossier_row_report_percent(const goc_dossier_row *r) { return r ? r->report_percent : GOC_PERCENT_NONE; }
GOC_API const char *goc_dossier_row_report_text(const goc_dossier_row *r) { return r ? r->report_text : NULL; }
GOC_API int goc_dossier_row_missing_count(const goc_dossier_row *r) { return r ? r->n_missing : 0; }

GOC_API const char *goc_dossier_row_missing_period(const goc_dossier_row *r, int i)
{
	return r && i >= 0 && i < r->n_missing ? r->missing[i] : NULL;
}

GOC_API int goc_dossier_row_report_late_days(const goc_dossier_row *r) { return r ? r->report_late_days : 0; }
GOC_API int goc_dossier_row_late_count(const goc_dossier_row *r) { return r ? r->n_late : 0; }

GOC_API const char *goc_dossier_row_late_period(const goc_dossier_row *r, int i)
{
	return r && i >= 0 && i < r->n_late ? r->late[i] : NULL;
}

GOC_API int goc_dossier_row_late_days(const goc_dossier_row *r, int i)
{
	return r && i >= 0 && i < r->n_late ? r->late_days[i] : 0;
}

GOC_API int goc_org_landed_date(char **out, goc_db *db, int64_t org, const char *as_of)
{
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	if (as_of && (rc = goc__check_date(db, "as_of", as_of)) != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "SELECT (SELECT min(h.date) FROM stage_history h WHERE h.org_id = o.id"
	    "  AND h.to_stage = 'landed' AND (?2 IS NULL OR h.date <= ?2))"
	    " FROM organizations o WHERE o.id = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, org);
	goc__bind_text(st, 2, as_of);
	rc = goc__binds_failed(db, "reading a landing date");
	int s = rc == GOC_OK ? sqlite3_step(st) : SQLITE_ROW;
	if (rc == GOC_OK && s == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "org: no organization with id %lld", (long long)org);
	else if (rc == GOC_OK && s != SQLITE_ROW)
		rc = goc__sqlerr(db, s, "reading a landing date");
	else if (rc == GOC_OK && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	         !(*out = goc__strdup(goc__col_text(st, 0))))
		rc = goc__err(db, GOC_ENOMEM, "out of memory reading a landing date");
	sqlite3_finalize(st);
	return rc;
}
