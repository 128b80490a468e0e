/*
 * libgoc — progress reports: append-only, corrections supersede.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plandoc.h"

/* The record of this module (opaque in goc/report.h). */
struct goc_report {
	int64_t id, supersedes, superseded_by;
	const char *plan, *task, *unit, *period, *date, *text, *evidence;
	int status, percent;
};
GOC__ROW_FITS(struct goc_report);

#define REPORT_COLS                                                              \
	"r.id, t.plan, t.code, r.unit, r.period, r.date, r.status, r.percent, r.text," \
	" r.evidence, r.supersedes, (SELECT c.id FROM progress_reports c WHERE c.supersedes = r.id)"

static void read_report(sqlite3_stmt *st, void *row)
{
	struct goc_report *r = row;
	r->id = sqlite3_column_int64(st, 0);
	r->plan = goc__col_text(st, 1);
	r->task = goc__col_text(st, 2);
	r->unit = goc__col_text(st, 3);
	r->period = goc__col_text(st, 4);
	r->date = goc__col_text(st, 5);
	r->status = goc__task_status_value(goc__col_text(st, 6));
	r->percent = sqlite3_column_type(st, 7) == SQLITE_NULL ? GOC_PERCENT_NONE
	                                                       : sqlite3_column_int(st, 7);
	r->text = goc__col_text(st, 8);
	r->evidence = goc__col_text(st, 9);
	r->supersedes = sqlite3_column_int64(st, 10);
	r->superseded_by = sqlite3_column_int64(st, 11);
}
static const size_t report_strs[] = {
	offsetof(struct goc_report, plan),   offsetof(struct goc_report, task),
	offsetof(struct goc_report, unit),   offsetof(struct goc_report, period),
	offsetof(struct goc_report, date),   offsetof(struct goc_report, text),
	offsetof(struct goc_report, evidence),
};

const struct goc__kind goc__kind_report = {
	.name = "report",
	.table = "progress_reports", .key = "id", .int_key = true,
	.owner_sql = "SELECT unit IS ?2, unit FROM progress_reports WHERE id = ?1",
	.get_sql = "SELECT " REPORT_COLS " FROM progress_reports r"
	           " JOIN tasks t ON t.id = r.task_id WHERE r.id = ?1",
	.read = read_report, .cursor = CUR_REPORT,
	.size = sizeof(struct goc_report), .strs = report_strs, .n_strs = GOC__N(report_strs),
};

static int check_supersedes(goc_db *db, int64_t old, int64_t task, const char *unit,
                            const char *period, const char *date)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db,
	    "SELECT task_id, unit, period, date,"
	    " (SELECT c.id FROM progress_reports c WHERE c.supersedes = r.id)"
	    " FROM progress_reports r WHERE id = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, old);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "supersedes: no report with id %lld", (long long)old);
	else if (r != SQLITE_ROW)
		rc = goc__sqlerr(db, r, "reading a report");
	else if (sqlite3_column_int64(st, 0) != task || strcmp(goc__col_text(st, 1), unit) != 0 ||
	         strcmp(goc__col_text(st, 2), period) != 0)
		rc = goc__err(db, GOC_EINVAL,
		              "supersedes: report %lld is for another task, unit or period"
		              " (unit '%s', period %s)", (long long)old, goc__col_text(st, 1),
		              goc__col_text(st, 2));
	else if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		rc = goc__err(db, GOC_ESTATE, "supersedes: report %lld is already superseded by report %lld",
		              (long long)old, (long long)sqlite3_column_int64(st, 4));
	else if (strcmp(date, goc__col_text(st, 3)) < 0)
		rc = goc__err(db, GOC_EINVAL, "date: %s is before the date of the report it corrects (%s)",
		              date, goc__col_text(st, 3));
	sqlite3_finalize(st);
	return rc;
}

/* The first day of a valid period (YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM). */
static void period_start(const char *p, char out[16])
{
	int month = 1;
	if (p[4] == '-' && p[5] == 'H')
		month = p[6] == '2' ? 7 : 1;
	else if (p[4] == '-' && p[5] == 'Q')
		month = (p[6] - '1') * 3 + 1;
	else if (p[4] == '-')
		month = (p[5] - '0') * 10 + (p[6] - '0');
	snprintf(out, 16, "%.4s-%02d-01", p, month & 15);
}

/* Today's date where it is latest on Earth (UTC+14): a date after it is in
 * the future wherever the reporter is. */
static void latest_today(char out[11])
{
	time_t t = time(NULL) + 14 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A report is dated within or after its period, and not in the future. */
static int check_report_date(goc_db *db, const char *period, const char *date)
{
	char start[16], today[11];
	period_start(period, start);
	if (strcmp(date, start) < 0)
		return goc__err(db, GOC_EINVAL, "date: %s is before period %s starts (%s)",
		                date, period, start);
	latest_today(today);
	if (strcmp(date, today) > 0)
		return goc__err(db, GOC_EINVAL, "date: %s is in the future (today is %s at the latest):"
		                " a report for %s is dated when it is made", date, today, period);
	return GOC_OK;
}

static int report_insert(goc_db *db, const void *fields, int64_t *out_id)
{
	const goc_report_fields *f = fields;
	if (f->version < 1 || f->version > GOC_REPORT_FIELDS_VERSION)
		return goc__err(db, GOC_EINVAL, "fields: goc_report_fields version %u is not supported (1..%d)",
		                f->version, GOC_REPORT_FIELDS_VERSION);
	int64_t task = 0;
	const char *unit = NULL;
	int rc = goc__plan_exists(db, "plan", f->plan);
	if (rc == GOC_OK) rc = goc__task_id(db, "task", f->plan, f->task, &task);
	if (rc == GOC_OK) rc = goc__resolve_unit(db, "unit", f->unit, &unit);
	if (rc == GOC_OK) rc = goc__check_period(db, "period", f->period);
	if (rc == GOC_OK) rc = goc__check_date(db, "date", f->date);
	if (rc == GOC_OK) rc = check_report_date(db, f->period, f->date);
	if (rc == GOC_OK && !goc_task_status_str(f->status))
		rc = goc__err(db, GOC_EINVAL, "status: %d is not a task status", f->status);
	if (rc == GOC_OK && f->percent != GOC_PERCENT_NONE && (f->percent < 0 || f->percent > 100))
		rc = goc__err(db, GOC_EINVAL, "percent: %d is not between 0 and 100", f->percent);
	if (rc == GOC_OK) rc = goc__check_text(db, "text", f->text, false, GOC_TEXT_MAX, true);
	if (rc == GOC_OK) rc = goc__check_text(db, "evidence", f->evidence, false, GOC_SOURCE_MAX, true);
	if (rc != GOC_OK)
		return rc;
	bool answers = false;
	rc = goc__unit_answers_for(db, task, unit, &answers);
	if (rc != GOC_OK)
		return rc;
	if (!answers)
		return goc__err(db, GOC_EPERM,
		                "unit: '%s' does not answer for task '%s' of plan '%s' and may not report on it",
		                unit, f->task, f->plan);
	if (f->supersedes) {
		rc = check_supersedes(db, f->supersedes, task, unit, f->period, f->date);
		if (rc != GOC_OK)
			return rc;
	}
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "INSERT INTO progress_reports (task_id, unit, period, date, status, percent, text,"
	    " evidence, supersedes, recorded_by, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, task);
	goc__bind_text(st, 2, unit);
	goc__bind_text(st, 3, f->period);
	goc__bind_text(st, 4, f->date);
	goc__bind_text(st, 5, goc_task_status_str(f->status));
	if (f->percent != GOC_PERCENT_NONE)
		sqlite3_bind_int(st, 6, f->percent);
	goc__bind_text(st, 7, f->text && *f->text ? f->text : NULL);
	goc__bind_text(st, 8, f->evidence && *f->evidence ? f->evidence : NULL);
	if (f->supersedes)
		sqlite3_bind_int64(st, 9, f->supersedes);
	goc__bind_text(st, 10, db->actor);
	rc = goc__step_done(db, st, "recording a progress report");
	sqlite3_finalize(st);
	if (rc == GOC_OK)
		*out_id = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

GOC_API int goc_report_submit(int64_t *out_id, goc_db *db, const goc_report_fields *fields)
{
	return goc__write_create(out_id, db, &goc__kind_report, "report.submit", report_insert, fields,
	                         "fields");
}

GOC_API int goc_report_get(goc_report **out, goc_db *db, int64_t id)
{
	return goc__kind_get_id((void **)out, db, &goc__kind_report, id);
}

GOC_API void goc_report_free(goc_report *report)
{
	goc__free(report);
}

GOC_API int goc_report_list(goc_cursor **out, goc_db *db, const char *plan,
                            const goc_report_filter *filter)
{
	static const goc_report_filter all = GOC_REPORT_FILTER_INIT;
	int rc = goc__out_args(db, (void **)out);
	if (rc != GOC_OK)
		return rc;
	const goc_report_filter *f = filter ? filter : &all;
	if (f->version < 1 || f->version > GOC_REPORT_FILTER_VERSION)
		return goc__err(db, GOC_EINVAL, "filter: goc_report_filter version %u is not supported (1..%d)",
		                f->version, GOC_REPORT_FILTER_VERSION);
	rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK && f->period)
		rc = goc__check_period(db, "filter.period", f->period);
	if (rc == GOC_OK && f->task)
		rc = goc__check_code(db, "filter.task", f->task);
	if (rc == GOC_OK && f->unit)
		rc = goc__check_code(db, "filter.unit", f->unit);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT " REPORT_COLS " FROM progress_reports r"
	                      " JOIN tasks t ON t.id = r.task_id WHERE t.plan = ?1"
	                      " AND (?2 IS NULL OR t.code = ?2) AND (?3 IS NULL OR r.unit = ?3)"
	                      " AND (?4 IS NULL OR r.period = ?4)"
	                      " AND (?5 OR NOT EXISTS (SELECT 1 FROM progress_reports c WHERE c.supersedes = r.id))"
	                      " ORDER BY r.id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, f->task);
	goc__bind_text(st, 3, f->unit);
	goc__bind_text(st, 4, f->period);
	sqlite3_bind_int(st, 5, f->include_superseded != 0);
	return goc__kind_cursor(out, db, &goc__kind_report, st);
}

int goc__report_latest_cte(char *buf, size_t size, int asof)
{
	int n = snprintf(buf, size,
	    "latest(id, task_id, unit, n) AS (SELECT r.id, r.task_id, r.unit,"
	    " row_number() OVER (PARTITION BY r.task_id, r.unit ORDER BY r.date DESC, r.id DESC)"
	    " FROM progress_reports r WHERE (?%d IS NULL OR r.date <= ?%d)"
	    " AND NOT EXISTS (SELECT 1 FROM progress_reports c WHERE c.supersedes = r.id"
	    "   AND (?%d IS NULL OR c.date <= ?%d)))",
	    asof, asof, asof, asof);
	return n > 0 && (size_t)n < size ? GOC_OK : GOC_ERROR; /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
}

/* The latest reports of a plan, as of a date (NULL: all of them). */
static int report_latest(goc_cursor **out, goc_db *db, const char *plan, const char *as_of,
                         bool dated)
{
	int rc = goc__plan_args(db, (void **)out, plan);
	if (rc == GOC_OK && dated)
		rc = goc__check_date(db, "as_of", as_of);
	if (rc != GOC_OK)
		return rc;
	char cte[3072], latest[512], sql[4096];
	if (goc__resp_cte(cte, sizeof cte, 0) != GOC_OK || /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
	    goc__report_latest_cte(latest, sizeof latest, 2) != GOC_OK) /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
		return goc__err(db, GOC_ERROR, "internal error: query too long");
	snprintf(sql, sizeof sql,
	         "WITH RECURSIVE %s, %s"
	         " SELECT " REPORT_COLS " FROM latest l JOIN progress_reports r ON r.id = l.id"
	         " JOIN tasks t ON t.id = r.task_id"
	         " JOIN tree ON tree.task_id = t.id WHERE l.n = 1 ORDER BY tree.sortkey, r.unit",
	         cte, latest);
	sqlite3_stmt *st;
	rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, as_of);
	return goc__kind_cursor(out, db, &goc__kind_report, st);
}

GOC_API int goc_report_latest(goc_cursor **out, goc_db *db, const char *plan)
{
	return report_latest(out, db, plan, NULL, false);
}

GOC_API int goc_report_latest_as_of(goc_cursor **out, goc_db *db, const char *plan,
                                    const char *as_of)
{
	return report_latest(out, db, plan, as_of, true);
}

/* The arguments of a question on a plan's reporting calendar — the plan
 * (*out cleared), then the period and the date, each checked when its
 * field is named (NULL: not an argument) — and the plan's cycle and
 * deadline days. */
static int reporting_args(goc_db *db, void **out, const char *plan, const char *period_field,
                          const char *period, const char *date_field, const char *date, int *cycle,
                          int *days)
{
	int rc = goc__plan_args(db, out, plan);
	if (rc == GOC_OK && period_field)
		rc = goc__check_period(db, period_field, period);
	if (rc == GOC_OK && date_field)
		rc = goc__check_date(db, date_field, date);
	if (rc == GOC_OK)
		rc = goc__plan_reporting(db, plan, cycle, days);
	return rc;
}

/* A copy of s in *out for the caller to free (goc_free()). */
static int text_out(goc_db *db, char **out, const char *s)
{
	if (!(*out = goc__strdup(s)))
		return goc__err(db, GOC_ENOMEM, "out of memory");
	return GOC_OK;
}

/* The leaf assignments without a report for period: every one, or (as_of
 * not NULL) those whose deadline has passed as of as_of, counting only
 * reports dated on or before it. */
static int missing_cursor(goc_cursor **out, goc_db *db, const char *plan, const char *period,
                          const char *as_of, const char *deadline)
{
	char sql[4096];
	if (goc__resp_sql(sql, sizeof sql, GOC_RESP_EXPAND | GOC_RESP_INHERIT, /* GCOVR_EXCL_BR_LINE: constant SQL, buffer sized for it */
	                  as_of ? " AND ?4 < ?3"
	                          " AND NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = r.task_id)"
	                          " AND NOT EXISTS (SELECT 1 FROM progress_reports p WHERE p.task_id = r.task_id"
	                          "   AND p.unit = r.party AND p.period = ?2 AND p.date <= ?3)"
	                        : " AND NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = r.task_id)"
	                          " AND NOT EXISTS (SELECT 1 FROM progress_reports p WHERE p.task_id = r.task_id"
	                          "   AND p.unit = r.party AND p.period = ?2)",
	                  "r.sortkey, r.party") != GOC_OK)
		return goc__err(db, GOC_ERROR, "internal error: query too long");
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, plan);
	goc__bind_text(st, 2, period);
	if (as_of) {
		goc__bind_text(st, 3, as_of);
		goc__bind_text(st, 4, deadline);
	}
	return goc__cursor_new(out, db, st, CUR_ASSIGNMENT, goc__read_assignment);
}

GOC_API int goc_report_missing(goc_cursor **out, goc_db *db, const char *plan,
                               const char *period)
{
	int rc = goc__plan_args(db, (void **)out, plan);
	if (rc == GOC_OK)
		rc = goc__check_period(db, "period", period);
	if (rc != GOC_OK)
		return rc;
	return missing_cursor(out, db, plan, period, NULL, NULL);
}

GOC_API int goc_report_missing_as_of(goc_cursor **out, goc_db *db, const char *plan,
                                     const char *period, const char *as_of)
{
	int cycle = 0, days = 0;
	int rc = reporting_args(db, (void **)out, plan, "period", period, "as_of", as_of, &cycle, &days);
	if (rc != GOC_OK)
		return rc;
	char deadline[11];
	goc__period_deadline(period, days, deadline);
	return missing_cursor(out, db, plan, period, as_of, deadline);
}

GOC_API int goc_report_deadline(char **out, goc_db *db, const char *plan, const char *period)
{
	int cycle = 0, days = 0;
	int rc = reporting_args(db, (void **)out, plan, "period", period, NULL, NULL, &cycle, &days);
	if (rc != GOC_OK)
		return rc;
	char deadline[11];
	goc__period_deadline(period, days, deadline);
	return text_out(db, out, deadline);
}

GOC_API int goc_report_period_of(char **out, goc_db *db, const char *plan, const char *date)
{
	int cycle = 0, days = 0;
	int rc = reporting_args(db, (void **)out, plan, NULL, NULL, "date", date, &cycle, &days);
	if (rc != GOC_OK)
		return rc;
	char period[16];
	goc__cycle_period(cycle, goc__cycle_index(cycle, date), period);
	return text_out(db, out, period);
}

GOC_API const goc_report *goc_cursor_report(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_report);
}

GOC_API int64_t goc_report_id(const goc_report *r) { return r ? r->id : 0; }
GOC_API const char *goc_report_plan(const goc_report *r) { return r ? r->plan : NULL; }
GOC_API const char *goc_report_task(const goc_report *r) { return r ? r->task : NULL; }
GOC_API const char *goc_report_unit(const goc_report *r) { return r ? r->unit : NULL; }
GOC_API const char *goc_report_period(const goc_report *r) { return r ? r->period : NULL; }
GOC_API const char *goc_report_date(const goc_report *r) { return r ? r->date : NULL; }
GOC_API int goc_report_status(const goc_report *r) { return r ? r->status : 0; }
GOC_API int goc_report_percent(const goc_report *r) { return r ? r->percent : GOC_PERCENT_NONE; }
GOC_API const char *goc_report_text(const goc_report *r) { return r ? r->text : NULL; }
GOC_API const char *goc_report_evidence(const goc_report *r) { return r ? r->evidence : NULL; }
GOC_API int64_t goc_report_supersedes(const goc_report *r) { return r ? r->supersedes : 0; }
GOC_API int64_t goc_report_superseded_by(const goc_report *r) { return r ? r->superseded_by : 0; }
