/*
 * test_report — the report model (include/goc/report.h): dossier rows
 * (each unit once per task, roles, inheritance, the latest report as of a
 * date, corrections, overdue, missing quarterly reports, filters, order),
 * goc_report_latest_as_of(), goc_org_landed_date(), goc_text_decode(),
 * and the expo / expo-bureau regression of issue 15 (a responsible unit
 * whose code is a prefix of the lead's was dropped by the goc tool).
 *
 * Specification: include/goc/report.h, include/goc/plan.h.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <goc.h>
#include <sqlite3.h>

#include "checkutil.h"
#include "testutil.h"

static goc_db *db;

static void unit(const char *code, int kind)
{
	must(tu_unit_add(db, code, code, kind), code);
}

static void task(const char *code, const char *parent, int level, const char *due)
{
	goc_task_fields f = GOC_TASK_FIELDS_INIT;
	f.plan = "p";
	f.code = code;
	f.parent = parent;
	f.level = level;
	f.title_zh = code;
	f.due = due;
	must(goc_task_create(db, &f), code);
}

static void assign(const char *t, const char *party, int role)
{
	must(goc_task_assign(db, "p", t, party, role), party);
}

static int64_t report(const char *t, const char *u, const char *period, const char *date,
                      int status, int64_t supersedes)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	int64_t id = 0;
	f.plan = "p";
	f.task = t;
	f.unit = u;
	f.period = period;
	f.date = date;
	f.status = status;
	f.percent = 50;
	f.text = period;
	f.supersedes = supersedes;
	must(goc_report_submit(&id, db, &f), "report");
	return id;
}

/*
 * Plan "p" (2024-01-01 … 2025-12-31):
 *   s1 section
 *     t1 task, due 2024-06-30: expo-bureau lead, expo responsible
 *       i1 item (no assignments: inherits t1's)
 *       i2 item, due 2025-12-31: a lead, g1 lead, g2 responsible
 *          (a directly and through g1; b through g1 and g2; c through g2)
 *     t2 task without items, due 2024-03-31, done: c responsible
 */
static void build(void)
{
	unit("expo-bureau", GOC_UNIT_BUREAU);
	unit("expo", GOC_UNIT_DEPARTMENT);
	unit("a", GOC_UNIT_DEPARTMENT);
	unit("b", GOC_UNIT_DEPARTMENT);
	unit("c", GOC_UNIT_DEPARTMENT);
	must(goc_group_create(db, "g1", "组一", NULL), "g1");
	must(goc_group_create(db, "g2", "组二", NULL), "g2");
	must(goc_group_add_member(db, "g1", "a"), "g1 a");
	must(goc_group_add_member(db, "g1", "b"), "g1 b");
	must(goc_group_add_member(db, "g2", "b"), "g2 b");
	must(goc_group_add_member(db, "g2", "c"), "g2 c");
	goc_plan_fields pf = GOC_PLAN_FIELDS_INIT;
	pf.code = "p";
	pf.title_zh = "计划";
	pf.start = "2024-01-01";
	pf.end = "2025-12-31";
	must(goc_plan_create(db, &pf), "plan");
	task("s1", NULL, GOC_LEVEL_SECTION, NULL);
	task("t1", "s1", GOC_LEVEL_TASK, "2024-06-30");
	task("i1", "t1", GOC_LEVEL_ITEM, NULL);
	task("i2", "t1", GOC_LEVEL_ITEM, "2025-12-31");
	task("t2", "s1", GOC_LEVEL_TASK, "2024-03-31");
	assign("t1", "expo-bureau", GOC_ROLE_LEAD);
	assign("t1", "expo", GOC_ROLE_RESPONSIBLE);
	assign("i2", "a", GOC_ROLE_RESPONSIBLE);
	assign("i2", "g1", GOC_ROLE_LEAD);
	assign("i2", "g2", GOC_ROLE_RESPONSIBLE);
	assign("t2", "c", GOC_ROLE_RESPONSIBLE);
	must(goc_task_set_status(db, "p", "t2", GOC_TASK_DONE, "2024-03-15"), "t2 done");
}


/* A row as text: "task:unit:L|R[/via][<from]:leaf:overdue:report date:missing,…". */
static void row_text(char *out, size_t size, const goc_dossier_row *r)
{
	char missing[256] = "";
	for (int i = 0; i < goc_dossier_row_missing_count(r); i++) {
		size_t len = strlen(missing);
		snprintf(missing + len, sizeof missing - len, "%s%s", i ? "," : "",
		         goc_dossier_row_missing_period(r, i));
	}
	const char *via = goc_dossier_row_via_group(r), *from = goc_dossier_row_inherited_from(r);
	snprintf(out, size, "%s:%s:%s%s%s%s%s:%d:%d:%s:%s", goc_dossier_row_task(r),
	         goc_dossier_row_unit(r), goc_dossier_row_role(r) == GOC_ROLE_LEAD ? "L" : "R",
	         via ? "/" : "", via ? via : "", from ? "<" : "", from ? from : "",
	         goc_dossier_row_leaf(r), goc_dossier_row_overdue(r),
	         goc_dossier_row_report_date(r) ? goc_dossier_row_report_date(r) : "-", missing);
}

/* The rows of a dossier query as "row;row;…" into buf. */
static const char *dossier(char *buf, size_t size, const char *as_of, const char *u,
                           const char *t, unsigned flags)
{
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	f.unit = u;
	f.task = t;
	f.flags = flags;
	goc_cursor *cur = NULL;
	must(goc_dossier_list(&cur, db, "p", as_of, &f), "goc_dossier_list");
	buf[0] = '\0';
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		char one[512];
		row_text(one, sizeof one, goc_cursor_dossier_row(cur));
		size_t len = strlen(buf);
		ck_assert_uint_lt(len + strlen(one) + 2, size);
		snprintf(buf + len, size - len, "%s%s", len ? ";" : "", one);
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(cur);
	return buf;
}

/* Issue 15: `expo` answers for t1 under the lead `expo-bureau`; the goc
 * tool's battle map and workbook dropped it (a bare strstr in the lead
 * list).  The task's responsible units are both, each once. */
START_TEST(test_expo_prefix_of_lead)
{
	char buf[2048];
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-02-01", NULL, "t1", 0),
	                 "t1:expo:R:0:0:-:;t1:expo-bureau:L:0:0:-:");
	/* and in the work item that inherits them (no quarter due yet: 2024-Q1's
	 * deadline is 2024-04-10) */
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-02-01", NULL, "i1", 0),
	                 "i1:expo:R<t1:1:0:-:;i1:expo-bureau:L<t1:1:0:-:");
	/* t1 overdue after its due date: both units have it in their dossier */
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-07-01", "expo", NULL, 0),
	                 "t1:expo:R:0:1:-:;i1:expo:R<t1:1:0:-:2024-Q1");
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-07-01", "expo-bureau", NULL, 0),
	                 "t1:expo-bureau:L:0:1:-:;i1:expo-bureau:L<t1:1:0:-:2024-Q1");
}
END_TEST

/* Each unit once per task with its strongest role; the group it comes
 * through only when it has no direct assignment; rows in unit code order,
 * then tree order. */
START_TEST(test_each_unit_once)
{
	char buf[2048];
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-02-01", NULL, "i2", 0),
	                 "i2:a:L:1:0:-:;i2:b:L/g1:1:0:-:;i2:c:R/g2:1:0:-:");
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-02-01", NULL, NULL, 0),
	                 "i2:a:L:1:0:-:;i2:b:L/g1:1:0:-:;"
	                 "i2:c:R/g2:1:0:-:;t2:c:R:1:0:-:;"
	                 "t1:expo:R:0:0:-:;i1:expo:R<t1:1:0:-:;"
	                 "t1:expo-bureau:L:0:0:-:;i1:expo-bureau:L<t1:1:0:-:");
	/* the same rows as goc_plan_matrix(), in the same order */
	goc_cursor *m = NULL, *d = NULL;
	must(goc_plan_matrix(&m, db, "p"), "matrix");
	must(goc_dossier_list(&d, db, "p", "2024-02-01", NULL), "dossier");
	int n = 0;
	while (goc_cursor_next(m) == GOC_ROW) {
		ck_assert_int_eq(goc_cursor_next(d), GOC_ROW);
		const goc_assignment *a = goc_cursor_assignment(m);
		const goc_dossier_row *r = goc_cursor_dossier_row(d);
		ck_assert_str_eq(goc_dossier_row_task(r), goc_assignment_task(a));
		ck_assert_str_eq(goc_dossier_row_unit(r), goc_assignment_party(a));
		ck_assert_int_eq(goc_dossier_row_role(r), goc_assignment_role(a));
		n++;
	}
	ck_assert_int_eq(goc_cursor_next(d), GOC_DONE);
	ck_assert_int_eq(n, 8);
	goc_cursor_free(m);
	goc_cursor_free(d);
	/* leaves only: the battle map's matrix */
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-02-01", "expo", NULL, GOC_DOSSIER_LEAVES),
	                 "i1:expo:R<t1:1:0:-:");
	/* a unit without tasks has an empty dossier */
	unit("idle", GOC_UNIT_DEPARTMENT);
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-02-01", "idle", NULL, 0), "");
}
END_TEST

/* The latest report as of a date: dated by then, latest by date then by
 * submission; a correction applies from its own date on. */
START_TEST(test_latest_as_of)
{
	int64_t r1 = report("i2", "a", "2024-Q1", "2024-04-05", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "a", "2024-Q2", "2024-07-05", GOC_TASK_BLOCKED, 0);
	int64_t r3 = report("i2", "a", "2024-Q2", "2024-07-05", GOC_TASK_IN_PROGRESS, 0);
	int64_t r4 = report("i2", "a", "2024-Q1", "2024-08-01", GOC_TASK_DONE, r1);
	char buf[2048];
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	f.unit = "a";
	struct { const char *as_of; int64_t id; int status; const char *missing; } cases[] = {
		{ "2024-04-04", 0, 0, "" },                              /* 2024-Q1 due by 2024-04-10 */
		{ "2024-04-05", r1, GOC_TASK_IN_PROGRESS, "" },
		{ "2024-07-05", r3, GOC_TASK_IN_PROGRESS, "" },          /* same date: later submission */
		{ "2024-08-01", r4, GOC_TASK_DONE, "" },                 /* the correction, dated latest */
		{ "2025-03-01", r4, GOC_TASK_DONE, "2024-Q3,2024-Q4" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		goc_cursor *cur = NULL;
		must(goc_dossier_list(&cur, db, "p", cases[i].as_of, &f), cases[i].as_of);
		ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
		const goc_dossier_row *r = goc_cursor_dossier_row(cur);
		ck_assert_msg(goc_dossier_row_report_id(r) == cases[i].id, "%s: report %lld", cases[i].as_of,
		              (long long)goc_dossier_row_report_id(r));
		ck_assert_int_eq(goc_dossier_row_report_status(r), cases[i].status);
		ck_assert_int_eq(goc_dossier_row_report_percent(r), cases[i].id ? 50 : GOC_PERCENT_NONE);
		if (cases[i].id) {
			ck_assert_ptr_nonnull(goc_dossier_row_report_period(r));
			ck_assert_str_eq(goc_dossier_row_report_text(r), goc_dossier_row_report_period(r));
		} else {
			ck_assert_ptr_null(goc_dossier_row_report_date(r));
			ck_assert_ptr_null(goc_dossier_row_report_text(r));
		}
		row_text(buf, sizeof buf, r);
		ck_assert_msg(strstr(buf, cases[i].missing) != NULL && strlen(strrchr(buf, ':') + 1) ==
		              strlen(cases[i].missing), "%s: %s", cases[i].as_of, buf);
		ck_assert_int_eq(goc_cursor_next(cur), GOC_DONE);
		goc_cursor_free(cur);
	}
	/* goc_report_latest_as_of() gives the same reports; on the date of
	 * today, the same as goc_report_latest() */
	goc_cursor *cur = NULL;
	must(goc_report_latest_as_of(&cur, db, "p", "2024-07-31"), "latest as of");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	ck_assert_int_eq(goc_report_id(goc_cursor_report(cur)), r3);
	ck_assert_int_eq(goc_cursor_next(cur), GOC_DONE);
	goc_cursor_free(cur);
	must(goc_report_latest_as_of(&cur, db, "p", "2024-04-30"), "latest as of");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	ck_assert_int_eq(goc_report_id(goc_cursor_report(cur)), r1);
	ck_assert_int_eq(goc_report_superseded_by(goc_cursor_report(cur)), r4); /* the record as it is now */
	ck_assert_int_eq(goc_cursor_next(cur), GOC_DONE);
	goc_cursor_free(cur);
	goc_cursor *all = NULL;
	char today[11];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	must(goc_report_latest(&all, db, "p"), "latest");
	must(goc_report_latest_as_of(&cur, db, "p", today), "latest as of today");
	int rc;
	while ((rc = goc_cursor_next(all)) == GOC_ROW) {
		ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
		ck_assert_int_eq(goc_report_id(goc_cursor_report(cur)), goc_report_id(goc_cursor_report(all)));
	}
	ck_assert_int_eq(goc_cursor_next(cur), GOC_DONE);
	goc_cursor_free(all);
	goc_cursor_free(cur);
}
END_TEST

/* Missing quarterly reports: from the plan's first quarter through the
 * last whose deadline (10 days after) has passed (not beyond the plan's
 * last); other periods do not stand
 * for a quarter; a report dated after the date is not there yet; tasks
 * with children have none. */
START_TEST(test_missing_periods)
{
	report("i2", "b", "2024-Q1", "2024-04-05", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "b", "2024", "2024-05-05", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "b", "2024-07", "2024-07-05", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "b", "2024-Q3", "2024-10-05", GOC_TASK_IN_PROGRESS, 0);
	char buf[2048];
	ck_assert_str_eq(dossier(buf, sizeof buf, "2023-12-31", "b", NULL, 0), "i2:b:L/g1:1:0:-:");
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-09-30", "b", NULL, 0),
	                 "i2:b:L/g1:1:0:2024-07-05:2024-Q2");
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-10-05", "b", NULL, 0),
	                 "i2:b:L/g1:1:0:2024-10-05:2024-Q2");
	ck_assert_str_eq(dossier(buf, sizeof buf, "2026-03-01", "b", NULL, 0),
	                 "i2:b:L/g1:1:1:2024-10-05:2024-Q2,2024-Q4,2025-Q1,2025-Q2,2025-Q3,2025-Q4");
	goc_cursor *cur = NULL;
	must(goc_dossier_list(&cur, db, "p", "2024-09-30", NULL), "dossier");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	const goc_dossier_row *r = goc_cursor_dossier_row(cur);
	ck_assert_ptr_null(goc_dossier_row_missing_period(r, -1));
	ck_assert_ptr_null(goc_dossier_row_missing_period(r, goc_dossier_row_missing_count(r)));
	ck_assert_str_eq(goc_dossier_row_due(r), "2025-12-31");
	ck_assert_int_eq(goc_dossier_row_task_status(r), GOC_TASK_NOT_STARTED);
	goc_cursor_free(cur);
	/* a plan without a first day asks for the last quarter due only */
	must(tu_plan_add(db, "q", "无期限", NULL, NULL), "plan q");
	must(tu_task_add(db, "q", "x", NULL, GOC_LEVEL_SECTION, NULL, "x", NULL, NULL, GOC_RECUR_NONE),
	     "task x");
	must(goc_task_assign(db, "q", "x", "a", GOC_ROLE_LEAD), "assign x");
	must(goc_dossier_list(&cur, db, "q", "2025-05-05", NULL), "dossier q");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	r = goc_cursor_dossier_row(cur);
	ck_assert_int_eq(goc_dossier_row_missing_count(r), 1);
	ck_assert_str_eq(goc_dossier_row_missing_period(r, 0), "2025-Q1");
	ck_assert_int_eq(goc_dossier_row_overdue(r), 0);
	ck_assert_ptr_null(goc_dossier_row_due(r));
	goc_cursor_free(cur);
}
END_TEST

/* Periods that name no quarter of the window count for none: a half
 * year, a quarter before the plan's first day, one after the as-of date. */
START_TEST(test_periods_outside)
{
	report("i2", "a", "2023-Q4", "2024-01-05", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "a", "2024-H1", "2024-06-30", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "a", "2025-Q4", "2025-10-01", GOC_TASK_IN_PROGRESS, 0);
	char buf[2048];
	/* a half-year and a later quarter fill none of 2024's quarters */
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-07-01", "a", NULL, 0),
	                 "i2:a:L:1:0:2024-06-30:2024-Q1");
	/* every quarter reported: none missing */
	report("t2", "c", "2024-Q1", "2024-03-20", GOC_TASK_DONE, 0);
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-03-31", NULL, "t2", 0),
	                 "t2:c:R:1:0:2024-03-20:");
	/* the accessors of no row */
	ck_assert_ptr_null(goc_dossier_row_task(NULL));
	ck_assert_ptr_null(goc_dossier_row_unit(NULL));
	ck_assert_ptr_null(goc_dossier_row_via_group(NULL));
	ck_assert_ptr_null(goc_dossier_row_inherited_from(NULL));
	ck_assert_ptr_null(goc_dossier_row_due(NULL));
	ck_assert_ptr_null(goc_dossier_row_report_period(NULL));
	ck_assert_ptr_null(goc_dossier_row_report_date(NULL));
	ck_assert_ptr_null(goc_dossier_row_report_text(NULL));
	ck_assert_ptr_null(goc_dossier_row_missing_period(NULL, 0));
	ck_assert_int_eq(goc_dossier_row_missing_count(NULL), 0);
}
END_TEST

/* Overdue: due before the date, neither done nor cancelled. */
START_TEST(test_overdue)
{
	char buf[2048];
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-06-30", "expo", "t1", 0), "t1:expo:R:0:0:-:");
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-07-01", "expo", "t1", 0), "t1:expo:R:0:1:-:");
	must(goc_task_set_status(db, "p", "t1", GOC_TASK_CANCELLED, "2024-07-02"), "cancel");
	ck_assert_str_eq(dossier(buf, sizeof buf, "2024-07-01", "expo", "t1", 0), "t1:expo:R:0:0:-:");
	/* t2 is done: never overdue */
	ck_assert_str_eq(dossier(buf, sizeof buf, "2025-01-01", "c", "t2", 0),
	                 "t2:c:R:1:0:-:2024-Q1,2024-Q2,2024-Q3");
	/* the same tasks as goc_task_list()'s overdue filter */
	goc_task_filter tf = GOC_TASK_FILTER_INIT;
	tf.overdue_as_of = "2026-01-01";
	goc_cursor *cur = NULL;
	must(goc_task_list(&cur, db, "p", &tf), "overdue tasks");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	ck_assert_str_eq(goc_task_code(goc_cursor_task(cur)), "i2");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_DONE);
	goc_cursor_free(cur);
	ck_assert_str_eq(dossier(buf, sizeof buf, "2026-01-01", "a", NULL, 0),
	                 "i2:a:L:1:1:-:2024-Q1,2024-Q2,2024-Q3,2024-Q4,2025-Q1,2025-Q2,2025-Q3");
}
END_TEST

/* The rows are a snapshot; a write made meanwhile does not change them. */
START_TEST(test_snapshot)
{
	goc_cursor *cur = NULL;
	must(goc_dossier_list(&cur, db, "p", "2024-05-01", NULL), "dossier");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	report("i2", "a", "2024-Q1", "2024-04-05", GOC_TASK_IN_PROGRESS, 0);
	ck_assert_int_eq(goc_dossier_row_report_id(goc_cursor_dossier_row(cur)), 0);
	int n = 1;
	while (goc_cursor_next(cur) == GOC_ROW)
		n++;
	ck_assert_int_eq(n, 8);
	ck_assert_ptr_null(goc_cursor_dossier_row(cur));
	goc_cursor_free(cur);
	/* a cursor of another kind gives no dossier row, and NULL rows read as nothing */
	must(goc_plan_list(&cur, db), "plans");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	ck_assert_ptr_null(goc_cursor_dossier_row(cur));
	goc_cursor_free(cur);
	ck_assert_ptr_null(goc_dossier_row_task(NULL));
	ck_assert_ptr_null(goc_dossier_row_unit(NULL));
	ck_assert_int_eq(goc_dossier_row_role(NULL), 0);
	ck_assert_int_eq(goc_dossier_row_task_status(NULL), 0);
	ck_assert_int_eq(goc_dossier_row_report_percent(NULL), GOC_PERCENT_NONE);
	ck_assert_int_eq(goc_dossier_row_missing_count(NULL), 0);
	ck_assert_ptr_null(goc_dossier_row_missing_period(NULL, 0));
	ck_assert_int_eq(goc_dossier_row_leaf(NULL) + goc_dossier_row_overdue(NULL), 0);
	ck_assert_int_eq(goc_dossier_row_report_id(NULL), 0);
	ck_assert_int_eq(goc_dossier_row_report_status(NULL), 0);
}
END_TEST

START_TEST(test_dossier_errors)
{
	goc_cursor *cur = (goc_cursor *)1;
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	expect(goc_dossier_list(NULL, db, "p", "2024-01-01", NULL), GOC_EINVAL, "out", "NULL out");
	expect(goc_dossier_list(&cur, NULL, "p", "2024-01-01", NULL), GOC_EINVAL, NULL, "NULL db");
	ck_assert_ptr_null(cur);
	expect(goc_dossier_list(&cur, db, "nope", "2024-01-01", NULL), GOC_ENOTFOUND, "plan", "plan");
	expect(goc_dossier_list(&cur, db, NULL, "2024-01-01", NULL), GOC_EINVAL, "plan", "NULL plan");
	expect(goc_dossier_list(&cur, db, "p", NULL, NULL), GOC_EINVAL, "as_of", "NULL date");
	expect(goc_dossier_list(&cur, db, "p", "2024-02-30", NULL), GOC_EINVAL, "as_of", "bad date");
	f.version = 99;
	expect(goc_dossier_list(&cur, db, "p", "2024-01-01", &f), GOC_EINVAL, "version", "version");
	f.version = GOC_DOSSIER_FILTER_VERSION;
	f.flags = 4;
	expect(goc_dossier_list(&cur, db, "p", "2024-01-01", &f), GOC_EINVAL, "filter.flags", "flags");
	f.flags = 0;
	f.unit = "nobody";
	expect(goc_dossier_list(&cur, db, "p", "2024-01-01", &f), GOC_ENOTFOUND, "filter.unit", "unit");
	f.unit = "g1"; /* a group is not a unit */
	expect(goc_dossier_list(&cur, db, "p", "2024-01-01", &f), GOC_ENOTFOUND, "filter.unit", "group");
	f.unit = "Bad Code";
	expect(goc_dossier_list(&cur, db, "p", "2024-01-01", &f), GOC_EINVAL, "filter.unit", "code");
	f.unit = NULL;
	f.task = "zz";
	expect(goc_dossier_list(&cur, db, "p", "2024-01-01", &f), GOC_ENOTFOUND, "filter.task", "task");
	f.task = "Bad Code";
	expect(goc_dossier_list(&cur, db, "p", "2024-01-01", &f), GOC_EINVAL, "filter.task", "task code");
	ck_assert_ptr_null(cur);

	expect(goc_report_latest_as_of(NULL, db, "p", "2024-01-01"), GOC_EINVAL, "out", "NULL out");
	expect(goc_report_latest_as_of(&cur, NULL, "p", "2024-01-01"), GOC_EINVAL, NULL, "NULL db");
	expect(goc_report_latest_as_of(&cur, db, "nope", "2024-01-01"), GOC_ENOTFOUND, "plan", "plan");
	expect(goc_report_latest_as_of(&cur, db, "p", NULL), GOC_EINVAL, "as_of", "NULL date");
	expect(goc_report_latest_as_of(&cur, db, "p", "2024-13-01"), GOC_EINVAL, "as_of", "bad date");
	ck_assert_ptr_null(cur);
}
END_TEST

/* ---- goc_org_landed_date() ---- */

static void stage(int64_t id, int st, const char *date)
{
	must(goc_org_set_stage(db, id, st, date, "commerce", NULL), goc_stage_str(st));
}

START_TEST(test_landed_date)
{
	goc_db_close(db);
	db = tu_open_memory();
	must(goc_reference_load(db, "pudong"), "reference");
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	int64_t id = 0, other = 0;
	f.name_zh = "组织甲";
	f.category = GOC_CATEGORY_ECONOMIC;
	f.date = "2024-01-01";
	must(goc_org_create(&id, db, &f), "org");
	f.name_zh = "组织乙";
	must(goc_org_create(&other, db, &f), "org");
	char *d = (char *)1;
	must(goc_org_landed_date(&d, db, id, NULL), "never landed");
	ck_assert_ptr_null(d);
	must(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-01-10", "police", NULL), "review");
	stage(id, GOC_STAGE_APPROVED, "2024-02-01");
	stage(id, GOC_STAGE_LANDED, "2024-03-01");
	stage(id, GOC_STAGE_WITHDRAWN, "2024-06-01");
	stage(id, GOC_STAGE_NEGOTIATING, "2024-07-01");
	must(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-07-10", "police", NULL), "review");
	stage(id, GOC_STAGE_APPROVED, "2024-08-01");
	stage(id, GOC_STAGE_LANDED, "2024-09-01");
	static const struct { const char *as_of, *want; } cases[] = {
		{ NULL, "2024-03-01" }, { "2024-02-29", NULL }, { "2024-03-01", "2024-03-01" },
		{ "2024-06-15", "2024-03-01" }, { "2025-01-01", "2024-03-01" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		must(goc_org_landed_date(&d, db, id, cases[i].as_of), "landed");
		if (cases[i].want) {
			ck_assert_ptr_nonnull(d);
			ck_assert_str_eq(d, cases[i].want);
		} else {
			ck_assert_ptr_null(d);
		}
		goc_free(d);
	}
	must(goc_org_landed_date(&d, db, other, "2025-01-01"), "other");
	ck_assert_ptr_null(d);
	d = (char *)1;
	expect(goc_org_landed_date(&d, db, 9999, NULL), GOC_ENOTFOUND, "9999", "unknown org");
	ck_assert_ptr_null(d);
	expect(goc_org_landed_date(&d, db, id, "2024-02-30"), GOC_EINVAL, "as_of", "bad date");
	expect(goc_org_landed_date(NULL, db, id, NULL), GOC_EINVAL, "out", "NULL out");
	expect(goc_org_landed_date(&d, NULL, id, NULL), GOC_EINVAL, NULL, "NULL db");
}
END_TEST

/* ---- goc_text_decode() ---- */

static void decodes(const char *data, size_t len, const char *enc, const char *want)
{
	char *out = NULL;
	size_t n = 99;
	int rc = goc_text_decode(&out, &n, data, len, enc);
	ck_assert_msg(rc == GOC_OK, "decode (%s): %s", enc ? enc : "detect", goc_error_message());
	ck_assert_str_eq(out, want);
	ck_assert_uint_eq(n, strlen(want));
	goc_free(out);
}

static void refuses(const char *data, size_t len, const char *enc, const char *needle)
{
	char *out = (char *)1;
	size_t n = 99;
	expect(goc_text_decode(&out, &n, data, len, enc), GOC_EINVAL, needle, needle);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(n, 0);
}

START_TEST(test_text_decode)
{
	static const char utf8[] = "名称,类别\r\n国标组织,trade\n";
	/* the same in GB18030 */
	static const char gb[] = "\xC3\xFB\xB3\xC6,\xC0\xE0\xB1\xF0\r\n\xB9\xFA\xB1\xEA\xD7\xE9\xD6\xAF,trade\n";
	decodes(utf8, sizeof utf8 - 1, NULL, utf8);
	decodes("\xEF\xBB\xBF" "abc", 6, NULL, "abc");
	decodes("\xEF\xBB\xBF" "abc", 6, "UTF-8", "abc");
	decodes(gb, sizeof gb - 1, NULL, utf8);
	decodes(gb, sizeof gb - 1, "gb18030", utf8);
	decodes(gb, sizeof gb - 1, "GBK", utf8);
	decodes("", 0, NULL, "");
	decodes(NULL, 0, "gb18030", "");
	decodes("a\0b", 1, NULL, "a"); /* read by length */
	char *out = NULL;
	must(goc_text_decode(&out, NULL, "x", 1, "utf8"), "no length wanted");
	ck_assert_str_eq(out, "x");
	goc_free(out);

	refuses("ab\ncd\xFF\xFF", 7, NULL, "line 2, column 3: text is neither UTF-8 nor GB18030 (byte 0xFF)");
	refuses("ab\nc\0d", 6, NULL, "line 2, column 2: NUL byte: binary data (or UTF-16), not text");
	refuses("ab\ncd\xC3", 6, "utf-8", "line 2, column 3: invalid UTF-8");
	refuses("x\n\x81 bad", 7, "gb18030", "line 2, column 1: not valid gb18030 text (byte 0x81");
	refuses("abc", 3, "klingon", "encoding: unknown encoding \"klingon\"");
	refuses("abc", 3, "gbk//IGNORE", "encoding: unknown encoding");
	refuses("\xEF\xBB\xBF" "abc", 6, "gbk", "byte order mark");
	refuses("abc", GOC_IMPORT_MAX_BYTES + 1, NULL, "64 MiB"); /* nothing of it is read */
	refuses(NULL, 3, NULL, "data");
	expect(goc_text_decode(NULL, NULL, "abc", 3, NULL), GOC_EINVAL, "out", "NULL out");
}
END_TEST

/* ---- reporting cycles, deadlines, lateness, reminders (催报) ---- */

/* The dossier row of task i2 for unit a as of a date, as "p1,p2": its
 * missing periods, or (late) its late reports as "period+days". */
static const char *periods_of(char *buf, size_t size, const char *as_of, int late)
{
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	f.unit = "a";
	f.task = "i2";
	goc_cursor *cur = NULL;
	must(goc_dossier_list(&cur, db, "p", as_of, &f), as_of);
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	const goc_dossier_row *r = goc_cursor_dossier_row(cur);
	int n = late ? goc_dossier_row_late_count(r) : goc_dossier_row_missing_count(r);
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t len = strlen(buf);
		if (late)
			snprintf(buf + len, size - len, "%s%s+%d", i ? "," : "",
			         goc_dossier_row_late_period(r, i), goc_dossier_row_late_days(r, i));
		else
			snprintf(buf + len, size - len, "%s%s", i ? "," : "",
			         goc_dossier_row_missing_period(r, i));
	}
	goc_cursor_free(cur);
	return buf;
}

/* The missing periods of i2 for unit a as of a date, "p1,p2". */
static const char *missing_of(char *buf, size_t size, const char *as_of)
{
	return periods_of(buf, size, as_of, 0);
}

static void deadline_is(const char *period, const char *want)
{
	char *d = NULL;
	must(goc_report_deadline(&d, db, "p", period), period);
	ck_assert_str_eq(d, want);
	goc_free(d);
}

static void period_of_is(const char *date, const char *want)
{
	char *d = NULL;
	must(goc_report_period_of(&d, db, "p", date), date);
	ck_assert_str_eq(d, want);
	goc_free(d);
}

/* The default: quarterly, due 10 calendar days after the quarter.  On the
 * deadline a quarter is not yet missing; the day after it is. */
START_TEST(test_deadline_boundary)
{
	char buf[256];
	goc_plan *pl = NULL;
	must(goc_plan_get(&pl, db, "p"), "plan");
	ck_assert_int_eq(goc_plan_report_cycle(pl), GOC_CYCLE_QUARTERLY);
	ck_assert_int_eq(goc_plan_report_deadline_days(pl), 10);
	goc_plan_free(pl);
	ck_assert_int_eq(goc_plan_report_cycle(NULL), 0);
	ck_assert_int_eq(goc_plan_report_deadline_days(NULL), 0);
	deadline_is("2024-Q1", "2024-04-10");
	deadline_is("2024-Q4", "2025-01-10");   /* across the year */
	deadline_is("2024-02", "2024-03-10");   /* any period form: a month */
	deadline_is("2024-H1", "2024-07-10");
	deadline_is("2024", "2025-01-10");
	period_of_is("2024-05-31", "2024-Q2");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-04-10"), "");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-04-11"), "2024-Q1");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-07-10"), "2024-Q1");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-07-11"), "2024-Q1,2024-Q2");
	/* by the deadline: on time; after it: late by the days past it */
	report("i2", "a", "2024-Q1", "2024-04-10", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "a", "2024-Q2", "2024-07-14", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "a", "2024-Q2", "2024-07-20", GOC_TASK_IN_PROGRESS, 0); /* the first one counts */
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	f.unit = "a";
	goc_cursor *cur = NULL;
	must(goc_dossier_list(&cur, db, "p", "2024-08-01", &f), "dossier");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	const goc_dossier_row *r = goc_cursor_dossier_row(cur);
	ck_assert_int_eq(goc_dossier_row_missing_count(r), 0);
	ck_assert_int_eq(goc_dossier_row_late_count(r), 1);
	ck_assert_str_eq(goc_dossier_row_late_period(r, 0), "2024-Q2");
	ck_assert_int_eq(goc_dossier_row_late_days(r, 0), 4);
	ck_assert_int_eq(goc_dossier_row_report_late_days(r), 10); /* the latest, of 2024-07-20 */
	ck_assert_ptr_null(goc_dossier_row_late_period(r, 1));
	ck_assert_ptr_null(goc_dossier_row_late_period(r, -1));
	ck_assert_int_eq(goc_dossier_row_late_days(r, 1), 0);
	goc_cursor_free(cur);
	ck_assert_int_eq(goc_dossier_row_late_count(NULL), 0);
	ck_assert_int_eq(goc_dossier_row_late_days(NULL, 0), 0);
	ck_assert_int_eq(goc_dossier_row_report_late_days(NULL), 0);
	ck_assert_ptr_null(goc_dossier_row_late_period(NULL, 0));
	/* a late report before the date it is read on only: as of 2024-07-15
	 * the 2024-Q2 report of 2024-07-14 is there and late by 4 */
	must(goc_dossier_list(&cur, db, "p", "2024-07-15", &f), "dossier");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	ck_assert_int_eq(goc_dossier_row_report_late_days(goc_cursor_dossier_row(cur)), 4);
	goc_cursor_free(cur);
}
END_TEST

/* Each cycle: its periods, deadlines and the period holding a date. */
START_TEST(test_cycles)
{
	char buf[256];
	must(goc_plan_set_reporting(db, "p", GOC_CYCLE_MONTHLY, 5), "monthly");
	deadline_is("2024-02", "2024-03-05");
	period_of_is("2024-02-29", "2024-02");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-03-05"), "2024-01");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-03-06"), "2024-01,2024-02");
	must(goc_plan_set_reporting(db, "p", GOC_CYCLE_HALF_YEARLY, 0), "half");
	deadline_is("2024-H1", "2024-06-30");
	period_of_is("2024-07-01", "2024-H2");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-06-30"), "");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2024-07-01"), "2024-H1");
	must(goc_plan_set_reporting(db, "p", GOC_CYCLE_ANNUAL, 31), "annual");
	deadline_is("2024", "2025-01-31");
	period_of_is("2024-12-31", "2024");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2025-01-31"), "");
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2025-02-01"), "2024");
	/* reports of another form do not stand for the cycle's: a quarter in
	 * an annual plan */
	report("i2", "a", "2024-Q4", "2024-12-20", GOC_TASK_IN_PROGRESS, 0);
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2025-02-01"), "2024");
	report("i2", "a", "2024", "2025-01-31", GOC_TASK_IN_PROGRESS, 0);
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2025-02-01"), "");
	/* up to the plan's last day (2025-12-31): 2025 is the last year asked for */
	ck_assert_str_eq(missing_of(buf, sizeof buf, "2030-01-01"), "2025");
	must(goc_plan_set_reporting(db, "p", GOC_CYCLE_QUARTERLY, GOC_REPORT_DEADLINE_MAX), "max");
	deadline_is("2024-Q1", "2025-04-01");   /* 2024-03-31 + 366 */
	/* the labels of the cycles */
	ck_assert_str_eq(goc_label("report_cycle", "half_yearly", "zh"), "半年报");
	ck_assert_str_eq(goc_label("report_cycle", "quarterly", "en"), "Quarterly");
	ck_assert_str_eq(goc_label("reminder_kind", "late", "zh"), "迟报");
	int v = 0;
	must(goc_report_cycle_parse(&v, "half_yearly"), "parse");
	ck_assert_int_eq(v, GOC_CYCLE_HALF_YEARLY);
	ck_assert_str_eq(goc_report_cycle_str(GOC_CYCLE_ANNUAL), "annual");
	ck_assert_ptr_null(goc_report_cycle_str(0));
	ck_assert_ptr_null(goc_report_cycle_str(5));
	expect(goc_report_cycle_parse(&v, "weekly"), GOC_EINVAL, "report cycle", "weekly");
	must(goc_reminder_kind_parse(&v, "kpi"), "parse");
	ck_assert_int_eq(v, GOC_REMIND_KPI);
	ck_assert_str_eq(goc_reminder_kind_str(GOC_REMIND_MISSING), "missing");
	expect(goc_reminder_kind_parse(&v, "soon"), GOC_EINVAL, "reminder kind", "soon");
}
END_TEST

/* Every error of goc_plan_set_reporting(), goc_report_deadline(),
 * goc_report_period_of() and goc_report_missing_as_of(); nothing changed. */
START_TEST(test_reporting_errors)
{
	expect(goc_plan_set_reporting(db, "p", 0, 10), GOC_EINVAL, "cycle", "cycle 0");
	expect(goc_plan_set_reporting(db, "p", (enum goc_report_cycle)5, 10), GOC_EINVAL, "cycle", "cycle 5");
	expect(goc_plan_set_reporting(db, "p", GOC_CYCLE_MONTHLY, -1), GOC_EINVAL, "deadline_days", "-1");
	expect(goc_plan_set_reporting(db, "p", GOC_CYCLE_MONTHLY, 367), GOC_EINVAL, "deadline_days", "367");
	expect(goc_plan_set_reporting(db, NULL, GOC_CYCLE_MONTHLY, 1), GOC_EINVAL, "plan", "NULL plan");
	expect(goc_plan_set_reporting(NULL, "p", GOC_CYCLE_MONTHLY, 1), GOC_EINVAL, NULL, "NULL db");
	expect(goc_plan_set_reporting(db, "nope", GOC_CYCLE_MONTHLY, 1), GOC_ENOTFOUND, "nope", "unknown plan");
	must(goc_db_set_actor(db, "a"), "actor a");
	expect(goc_plan_set_reporting(db, "p", GOC_CYCLE_MONTHLY, 1), GOC_EPERM, NULL, "a unit");
	must(goc_db_set_actor(db, NULL), "system actor");
	goc_plan *pl = NULL;
	must(goc_plan_get(&pl, db, "p"), "plan");
	ck_assert_int_eq(goc_plan_report_cycle(pl), GOC_CYCLE_QUARTERLY); /* unchanged */
	ck_assert_int_eq(goc_plan_report_deadline_days(pl), 10);
	goc_plan_free(pl);

	char *d = (char *)"x";
	expect(goc_report_deadline(&d, db, "p", "2024-Q5"), GOC_EINVAL, "period", "bad period");
	ck_assert_ptr_null(d);
	expect(goc_report_deadline(&d, db, "nope", "2024-Q1"), GOC_ENOTFOUND, "nope", "unknown plan");
	expect(goc_report_deadline(NULL, db, "p", "2024-Q1"), GOC_EINVAL, "out", "NULL out");
	expect(goc_report_period_of(&d, db, "p", "2024-02-30"), GOC_EINVAL, "date", "bad date");
	expect(goc_report_period_of(&d, db, "nope", "2024-02-01"), GOC_ENOTFOUND, "nope", "unknown plan");
	expect(goc_report_period_of(NULL, db, "p", "2024-02-01"), GOC_EINVAL, "out", "NULL out");
	goc_cursor *cur = NULL;
	expect(goc_report_missing_as_of(&cur, db, "p", "2024-Q1", "2024-04-31"), GOC_EINVAL, "as_of", "bad date");
	expect(goc_report_missing_as_of(&cur, db, "p", "Q1", "2024-04-30"), GOC_EINVAL, "period", "bad period");
	expect(goc_report_missing_as_of(&cur, db, "nope", "2024-Q1", "2024-04-30"), GOC_ENOTFOUND, "nope", "plan");
	ck_assert_ptr_null(cur);
	/* compliance as of a date: none before the deadline, then the leaf rows */
	int n = 0;
	must(goc_report_missing_as_of(&cur, db, "p", "2024-Q1", "2024-04-10"), "on the deadline");
	while (goc_cursor_next(cur) == GOC_ROW)
		n++;
	goc_cursor_free(cur);
	ck_assert_int_eq(n, 0);
	report("i2", "a", "2024-Q1", "2024-04-12", GOC_TASK_IN_PROGRESS, 0);
	must(goc_report_missing_as_of(&cur, db, "p", "2024-Q1", "2024-04-11"), "the day after");
	while (goc_cursor_next(cur) == GOC_ROW)
		n++;
	goc_cursor_free(cur);
	ck_assert_int_eq(n, 6); /* i1 ×2, i2 ×3 (a's report dated later), t2 */
}
END_TEST

/* Unit contacts: created with goc_unit_fields version 2, set, cleared;
 * version 1 still accepted; every refusal names its field. */
START_TEST(test_unit_contacts)
{
	goc_unit_fields f = GOC_UNIT_FIELDS_INIT;
	f.code = "d";
	f.name_zh = "丁";
	f.kind = GOC_UNIT_DEPARTMENT;
	f.contact = "张三";
	f.phone = "021-5878 0000";
	f.email = "d@example.org";
	must(goc_unit_create(db, &f), "unit d");
	goc_unit *u = NULL;
	must(goc_unit_get(&u, db, "d"), "get d");
	ck_assert_str_eq(goc_unit_contact(u), "张三");
	ck_assert_str_eq(goc_unit_phone(u), "021-5878 0000");
	ck_assert_str_eq(goc_unit_email(u), "d@example.org");
	goc_unit_free(u);
	ck_assert_ptr_null(goc_unit_contact(NULL));
	ck_assert_ptr_null(goc_unit_phone(NULL));
	ck_assert_ptr_null(goc_unit_email(NULL));
	must(goc_unit_set_contact(db, "d", NULL, "", "d2@example.org"), "set");
	must(goc_unit_get(&u, db, "d"), "get d");
	ck_assert_str_eq(goc_unit_contact(u), "张三"); /* NULL keeps */
	ck_assert_ptr_null(goc_unit_phone(u));        /* "" clears */
	ck_assert_str_eq(goc_unit_email(u), "d2@example.org");
	goc_unit_free(u);
	/* version 1: the contact members are not read */
	goc_unit_fields v1 = GOC_UNIT_FIELDS_INIT;
	v1.version = 1;
	v1.code = "e";
	v1.name_zh = "戊";
	v1.kind = GOC_UNIT_DEPARTMENT;
	v1.email = "not read";
	must(goc_unit_create(db, &v1), "v1");
	f.code = "f";
	f.name_zh = "己";
	f.email = "no-at";
	expect(goc_unit_create(db, &f), GOC_EINVAL, "email", "bad email");
	f.email = "a@b@c";
	expect(goc_unit_create(db, &f), GOC_EINVAL, "email", "two @");
	f.email = NULL;
	f.contact = "bad\x01";
	expect(goc_unit_create(db, &f), GOC_EINVAL, "contact", "control");
	expect(goc_unit_set_contact(db, "d", NULL, "x\n", NULL), GOC_EINVAL, "phone", "newline");
	expect(goc_unit_set_contact(db, "d", NULL, NULL, "@x"), GOC_EINVAL, "email", "bad email");
	expect(goc_unit_set_contact(db, "nobody", "x", NULL, NULL), GOC_ENOTFOUND, "nobody", "unknown");
	expect(goc_unit_set_contact(db, NULL, "x", NULL, NULL), GOC_EINVAL, "unit", "NULL unit");
	expect(goc_unit_set_contact(db, "Bad Code", "x", NULL, NULL), GOC_EINVAL, "unit", "bad code");
	must(goc_db_set_actor(db, "a"), "actor a");
	expect(goc_unit_set_contact(db, "a", "x", NULL, NULL), GOC_EPERM, NULL, "a unit");
	must(goc_db_set_actor(db, NULL), "system actor");
	must(goc_unit_get(&u, db, "d"), "get d");
	ck_assert_str_eq(goc_unit_email(u), "d2@example.org"); /* unchanged */
	goc_unit_free(u);
}
END_TEST

/* Reminders: grouped by unit (code order), by kind within a unit, each
 * row with the unit's contact; every error path. */
START_TEST(test_reminders)
{
	must(goc_unit_set_contact(db, "a", "甲联系人", "021-1", "a@example.org"), "contact a");
	report("i2", "a", "2024-Q1", "2024-04-15", GOC_TASK_IN_PROGRESS, 0); /* late by 5 */
	goc_cursor *cur = NULL;
	must(goc_reminder_list(&cur, db, "p", "2024-07-11", NULL), "reminders");
	char got[4096] = "";
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		size_t len = strlen(got);
		snprintf(got + len, sizeof got - len, "%s%s:%s:%s:%s:%s:%d", len ? ";" : "",
		         goc_reminder_unit(r), goc_reminder_kind_str(goc_reminder_kind(r)),
		         goc_reminder_task(r) ? goc_reminder_task(r) : "-",
		         goc_reminder_period(r) ? goc_reminder_period(r) : "-",
		         goc_reminder_deadline(r) ? goc_reminder_deadline(r) : "-", goc_reminder_days(r));
		if (!strcmp(goc_reminder_unit(r), "a")) {
			ck_assert_str_eq(goc_reminder_contact(r), "甲联系人");
			ck_assert_str_eq(goc_reminder_phone(r), "021-1");
			ck_assert_str_eq(goc_reminder_email(r), "a@example.org");
			ck_assert_str_eq(goc_reminder_unit_name_zh(r), "a");
			ck_assert_ptr_null(goc_reminder_unit_name_en(r));
		} else {
			ck_assert_ptr_null(goc_reminder_contact(r));
		}
		if (goc_reminder_kind(r) == GOC_REMIND_LATE)
			ck_assert_str_eq(goc_reminder_date(r), "2024-04-15");
		else
			ck_assert_ptr_null(goc_reminder_date(r));
		ck_assert_ptr_null(goc_reminder_kpi(r));
		ck_assert_ptr_null(goc_reminder_kpi_name_zh(r));
		ck_assert_int_eq(goc_reminder_kpi_status(r), 0);
		ck_assert_str_eq(goc_reminder_task_title(r), goc_reminder_task(r));
		ck_assert_ptr_null(goc_reminder_task_label(r));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(cur);
	ck_assert_str_eq(got,
	    "a:missing:i2:2024-Q2:2024-07-10:1;a:late:i2:2024-Q1:2024-04-10:5;"
	    "b:missing:i2:2024-Q1:2024-04-10:92;b:missing:i2:2024-Q2:2024-07-10:1;"
	    "c:missing:i2:2024-Q1:2024-04-10:92;c:missing:i2:2024-Q2:2024-07-10:1;"
	    "c:missing:t2:2024-Q1:2024-04-10:92;c:missing:t2:2024-Q2:2024-07-10:1;"
	    "expo:missing:i1:2024-Q1:2024-04-10:92;expo:missing:i1:2024-Q2:2024-07-10:1;"
	    "expo:overdue:t1:-:2024-06-30:11;"
	    "expo-bureau:missing:i1:2024-Q1:2024-04-10:92;expo-bureau:missing:i1:2024-Q2:2024-07-10:1;"
	    "expo-bureau:overdue:t1:-:2024-06-30:11");
	/* one unit's */
	must(goc_reminder_list(&cur, db, "p", "2024-07-11", "expo"), "expo's");
	int n = 0;
	while (goc_cursor_next(cur) == GOC_ROW) {
		ck_assert_str_eq(goc_reminder_unit(goc_cursor_reminder(cur)), "expo");
		n++;
	}
	goc_cursor_free(cur);
	ck_assert_int_eq(n, 3);
	/* nothing due yet: no rows */
	must(goc_reminder_list(&cur, db, "p", "2024-04-10", NULL), "early");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_DONE);
	ck_assert_ptr_null(goc_cursor_reminder(cur));
	goc_cursor_free(cur);
	/* accessors of no row */
	ck_assert_ptr_null(goc_reminder_unit(NULL));
	ck_assert_ptr_null(goc_reminder_unit_name_zh(NULL));
	ck_assert_ptr_null(goc_reminder_unit_name_en(NULL));
	ck_assert_ptr_null(goc_reminder_contact(NULL));
	ck_assert_ptr_null(goc_reminder_phone(NULL));
	ck_assert_ptr_null(goc_reminder_email(NULL));
	ck_assert_int_eq(goc_reminder_kind(NULL), 0);
	ck_assert_ptr_null(goc_reminder_task(NULL));
	ck_assert_ptr_null(goc_reminder_task_label(NULL));
	ck_assert_ptr_null(goc_reminder_task_title(NULL));
	ck_assert_ptr_null(goc_reminder_period(NULL));
	ck_assert_ptr_null(goc_reminder_deadline(NULL));
	ck_assert_ptr_null(goc_reminder_date(NULL));
	ck_assert_int_eq(goc_reminder_days(NULL), 0);
	ck_assert_ptr_null(goc_reminder_kpi(NULL));
	ck_assert_ptr_null(goc_reminder_kpi_name_zh(NULL));
	ck_assert_int_eq(goc_reminder_kpi_status(NULL), 0);
	ck_assert(goc_reminder_actual(NULL) == 0);
	ck_assert(goc_reminder_target(NULL) == 0);
	ck_assert(goc_reminder_expected(NULL) == 0);
	/* errors */
	cur = (goc_cursor *)(void *)&n;
	expect(goc_reminder_list(&cur, db, "p", "2024-13-01", NULL), GOC_EINVAL, "as_of", "bad date");
	ck_assert_ptr_null(cur);
	expect(goc_reminder_list(&cur, db, "p", NULL, NULL), GOC_EINVAL, "as_of", "NULL date");
	expect(goc_reminder_list(&cur, db, "nope", "2024-07-11", NULL), GOC_ENOTFOUND, "nope", "plan");
	expect(goc_reminder_list(&cur, db, "p", "2024-07-11", "nobody"), GOC_ENOTFOUND, "nobody", "unit");
	expect(goc_reminder_list(&cur, db, "p", "2024-07-11", "g1"), GOC_ENOTFOUND, "g1", "a group");
	expect(goc_reminder_list(&cur, db, "p", "2024-07-11", "Bad Code"), GOC_EINVAL, "unit", "bad code");
	expect(goc_reminder_list(NULL, db, "p", "2024-07-11", NULL), GOC_EINVAL, "out", "NULL out");
	expect(goc_reminder_list(&cur, NULL, "p", "2024-07-11", NULL), GOC_EINVAL, NULL, "NULL db");
}
END_TEST

/* A unit-scoped KPI of units a and b for 2024 (partners, target 10): both
 * are behind it in mid-2024. */
static void partners_kpi(void)
{
	goc_kpi_fields k = GOC_KPI_FIELDS_INIT;
	k.plan = "p";
	k.code = "partners-per-unit";
	k.name_zh = "每单位合作伙伴";
	k.measure = GOC_MEASURE_PARTNERS;
	k.scope = GOC_SCOPE_UNIT;
	k.members = "a,b";
	k.window = GOC_WINDOW_PERIOD;
	k.start = "2024-01-01";
	k.end = "2024-12-31";
	k.target_min = 10;
	k.weight = 1;
	must(goc_kpi_create(db, &k), "kpi");
}

/* KPI rows behind or at risk of a unit-scoped KPI are reminders of that
 * unit; zone-scoped ones are not (the by-unit scorecard's rows). */
START_TEST(test_reminders_kpis)
{
	partners_kpi();
	goc_cursor *cur = NULL;
	must(goc_reminder_list(&cur, db, "p", "2024-07-01", "b"), "b's");
	int kpis = 0;
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		if (goc_reminder_kind(r) != GOC_REMIND_KPI)
			continue;
		kpis++;
		ck_assert_str_eq(goc_reminder_kpi(r), "partners-per-unit");
		ck_assert_str_eq(goc_reminder_kpi_name_zh(r), "每单位合作伙伴");
		ck_assert_int_eq(goc_reminder_kpi_status(r), GOC_STATUS_BEHIND);
		ck_assert(goc_reminder_actual(r) == 0);
		ck_assert(goc_reminder_target(r) == 10);
		ck_assert(goc_reminder_expected(r) > 4 && goc_reminder_expected(r) < 6);
		ck_assert_str_eq(goc_reminder_deadline(r), "2024-12-31");
		ck_assert_ptr_null(goc_reminder_task(r));
		ck_assert_int_eq(goc_reminder_days(r), 0);
	}
	goc_cursor_free(cur);
	ck_assert_int_eq(kpis, 1);
}
END_TEST

/* ---- allocation failures: the shared failing allocator of testutil
 * (tu_alloc_install() in main()) ---- */

/* One unit's reminders as "kind:task:period;…", and the call's code. */
static int reminders_of(char *buf, size_t size, const char *as_of, const char *unit)
{
	goc_cursor *cur = NULL;
	buf[0] = '\0';
	int rc = goc_reminder_list(&cur, db, "p", as_of, unit);
	while (rc == GOC_OK && (rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s:%s:%s;", goc_reminder_kind_str(goc_reminder_kind(r)),
		         goc_reminder_task(r) ? goc_reminder_task(r) : goc_reminder_kpi(r),
		         goc_reminder_period(r) ? goc_reminder_period(r) : "-");
		rc = GOC_OK;
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

/* Reminders with each allocation failing in turn, for units whose first
 * reminder is of each kind (a late report, an overdue task, a KPI behind:
 * the first item of each kind grows the list): the whole list, or
 * GOC_ENOMEM with "out of memory", never a shorter list nor "no plan",
 * "no unit" or "no task" (a code that could not be bound matches none). */
START_TEST(test_reminders_out_of_memory)
{
	report("i2", "a", "2024-Q1", "2024-04-15", GOC_TASK_IN_PROGRESS, 0); /* late by 5 */
	report("i2", "a", "2024-Q2", "2024-07-01", GOC_TASK_IN_PROGRESS, 0);
	report("i1", "expo", "2024-Q1", "2024-04-01", GOC_TASK_IN_PROGRESS, 0);
	report("i1", "expo", "2024-Q2", "2024-07-01", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "b", "2024-Q1", "2024-04-01", GOC_TASK_IN_PROGRESS, 0);
	partners_kpi();
	static const struct {
		const char *unit, *as_of, *want;
	} U[] = {
		{ "a", "2024-07-11", "late:i2:2024-Q1;kpi:partners-per-unit:-;" },
		{ "expo", "2024-07-11", "overdue:t1:-;" },
		{ "b", "2024-07-01", "kpi:partners-per-unit:-;" },
	};
	/* GOC_REMINDERS_SWEEP=1 (the test 'report-reminders-sweep', which
	 * tools/coverage runs): every allocation of each call (about 3,600);
	 * else (the unit suite, valgrind's pass included) the first 100 and
	 * every 41st after */
	long stride = getenv("GOC_REMINDERS_SWEEP") ? 1 : 41;
	for (size_t u = 0; u < sizeof U / sizeof U[0]; u++) {
		char got[512];
		must(reminders_of(got, sizeof got, U[u].as_of, U[u].unit), U[u].unit);
		ck_assert_str_eq(got, U[u].want);
		long failures = 0;
		for (long nth = 1;; nth += nth < 100 ? 1 : stride) {
			tu_alloc_fail(nth);
			int rc = reminders_of(got, sizeof got, U[u].as_of, U[u].unit);
			if (tu_alloc_passed()) {
				ck_assert_int_eq(rc, GOC_OK);
				ck_assert_msg(strcmp(got, U[u].want) == 0, "%s, all allocations: %s", U[u].unit,
				              got);
				break;
			}
			if (rc == GOC_OK) { /* the failure was absorbed: the whole list all the same */
				ck_assert_msg(strcmp(got, U[u].want) == 0, "%s, allocation %ld: %s", U[u].unit,
				              nth, got);
				continue;
			}
			ck_assert_msg(rc == GOC_ENOMEM && strstr(goc_error_message(), "out of memory"),
			              "%s, allocation %ld: %d (%s)", U[u].unit, nth, rc, goc_error_message());
			failures++;
		}
		ck_assert_int_gt(failures, 10);
	}
}
END_TEST

/* Late reports of every cycle: each cycle's own period form counts, the
 * other forms do not; the reminders of a late report name its date. */
static const char *late_of(char *buf, size_t size, const char *as_of)
{
	return periods_of(buf, size, as_of, 1);
}

START_TEST(test_late_every_cycle)
{
	char buf[256];
	/* reports of every form, late for each cycle's deadline of 5 days */
	report("i2", "a", "2024-01", "2024-02-08", GOC_TASK_IN_PROGRESS, 0);     /* month, 3 late */
	report("i2", "a", "2024-12", "2025-01-07", GOC_TASK_IN_PROGRESS, 0);     /* across the year, 2 */
	report("i2", "a", "2024-Q1", "2024-04-20", GOC_TASK_IN_PROGRESS, 0);
	report("i2", "a", "2024-H1", "2024-07-09", GOC_TASK_IN_PROGRESS, 0);     /* half year, 4 */
	report("i2", "a", "2024", "2025-01-10", GOC_TASK_IN_PROGRESS, 0);        /* year, 5 */
	must(goc_plan_set_reporting(db, "p", GOC_CYCLE_MONTHLY, 5), "monthly");
	ck_assert_str_eq(late_of(buf, sizeof buf, "2025-02-01"), "2024-01+3,2024-12+2");
	/* every missing month of every unit: more than the first 64 items,
	 * in order of unit, kind, and oldest period first */
	goc_cursor *all = NULL;
	must(goc_reminder_list(&all, db, "p", "2026-01-06", NULL), "all units, monthly");
	int n = 0;
	char prev[64] = "";
	int prev_kind = 0;
	while (goc_cursor_next(all) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(all);
		int c = strcmp(prev, goc_reminder_unit(r));
		ck_assert_int_le(c, 0);
		if (c == 0)
			ck_assert_int_le(prev_kind, goc_reminder_kind(r));
		snprintf(prev, sizeof prev, "%s", goc_reminder_unit(r));
		prev_kind = goc_reminder_kind(r);
		n++;
	}
	goc_cursor_free(all);
	ck_assert_int_gt(n, 64);
	must(goc_plan_set_reporting(db, "p", GOC_CYCLE_HALF_YEARLY, 5), "half");
	ck_assert_str_eq(late_of(buf, sizeof buf, "2025-02-01"), "2024-H1+4");
	must(goc_plan_set_reporting(db, "p", GOC_CYCLE_ANNUAL, 5), "annual");
	ck_assert_str_eq(late_of(buf, sizeof buf, "2025-02-01"), "2024+5");
	deadline_is("2024", "2025-01-05");
	deadline_is("2024-12", "2025-01-05");   /* any form: the month's deadline */
	/* the reminders of unit a as of 2026-01-06, by kind: the missing 2025,
	 * the late 2024 with its date, the item overdue since 2025-12-31 */
	goc_cursor *cur = NULL;
	must(goc_reminder_list(&cur, db, "p", "2026-01-06", "a"), "reminders");
	buf[0] = '\0';
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		if (strcmp(goc_reminder_task(r), "i2") != 0)
			continue;
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%s:%s:%s:%d:%s", len ? ";" : "",
		         goc_reminder_kind_str(goc_reminder_kind(r)),
		         goc_reminder_period(r) ? goc_reminder_period(r) : "-",
		         goc_reminder_deadline(r), goc_reminder_days(r),
		         goc_reminder_date(r) ? goc_reminder_date(r) : "-");
	}
	goc_cursor_free(cur);
	ck_assert_str_eq(buf, "missing:2025:2026-01-05:1:-;late:2024:2025-01-05:5:2025-01-10;"
	                      "overdue:-:2025-12-31:6:-");
}
END_TEST

/* A task with a text and no title: its reminder's title is the text. */
START_TEST(test_reminder_task_text)
{
	goc_task_fields f = GOC_TASK_FIELDS_INIT;
	f.plan = "p";
	f.code = "i3";
	f.parent = "t1";
	f.level = GOC_LEVEL_ITEM;
	f.label = "(3)";
	f.text = "建立联络机制";
	f.due = "2024-05-31";
	must(goc_task_create(db, &f), "i3");
	assign("i3", "c", GOC_ROLE_LEAD);
	goc_cursor *cur = NULL;
	must(goc_reminder_list(&cur, db, "p", "2024-06-01", "c"), "c's");
	int seen = 0;
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		if (strcmp(goc_reminder_task(r), "i3") != 0)
			continue;
		seen++;
		ck_assert_str_eq(goc_reminder_task_title(r), "建立联络机制");
		ck_assert_str_eq(goc_reminder_task_label(r), "(3)");
		if (goc_reminder_kind(r) == GOC_REMIND_OVERDUE) {
			ck_assert_str_eq(goc_reminder_deadline(r), "2024-05-31");
			ck_assert_int_eq(goc_reminder_days(r), 1);
		}
	}
	goc_cursor_free(cur);
	ck_assert_int_ge(seen, 2); /* 2024-Q1 missing, overdue */
}
END_TEST

static void manual_kpi(const char *code, int scope, const char *members, int window)
{
	goc_kpi_fields k = GOC_KPI_FIELDS_INIT;
	k.plan = "p";
	k.code = code;
	k.name_zh = code;
	k.measure = GOC_MEASURE_MANUAL;
	k.scope = scope;
	k.members = members;
	k.window = window;
	k.start = "2024-01-01";
	k.end = "2024-12-31";
	k.target_min = 10;
	k.at_risk = 0.5;
	k.weight = 1;
	must(goc_kpi_create(db, &k), code);
}

/* KPI reminders: behind and at risk, of unit-scoped KPIs only, each
 * unit's own, with the year of an annual row; on track is no reminder. */
START_TEST(test_reminders_kpi_status)
{
	manual_kpi("k-unit", GOC_SCOPE_UNIT, "a,b,c", GOC_WINDOW_ANNUAL);
	manual_kpi("k-plan", GOC_SCOPE_PLAN, NULL, GOC_WINDOW_PERIOD);
	/* as of 2024-07-01 about 5 of 10 are expected */
	must(goc_measurement_record(db, "p", "k-unit", "a", "2024-06-30", 3, NULL), "a at risk");
	must(goc_measurement_record(db, "p", "k-unit", "b", "2024-06-30", 1, NULL), "b behind");
	must(goc_measurement_record(db, "p", "k-unit", "c", "2024-06-30", 8, NULL), "c on track");
	must(goc_measurement_record(db, "p", "k-plan", NULL, "2024-06-30", 1, NULL), "plan behind");
	goc_cursor *cur = NULL;
	char buf[512] = "";
	must(goc_reminder_list(&cur, db, "p", "2024-07-01", NULL), "all");
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		if (goc_reminder_kind(r) != GOC_REMIND_KPI)
			continue;
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%s:%s:%s:%s:%g", len ? ";" : "",
		         goc_reminder_unit(r), goc_reminder_kpi(r), goc_reminder_period(r),
		         goc_kpi_status_str(goc_reminder_kpi_status(r)), goc_reminder_actual(r));
	}
	goc_cursor_free(cur);
	ck_assert_str_eq(buf, "a:k-unit:2024:at_risk:3;b:k-unit:2024:behind:1");
	must(goc_reminder_list(&cur, db, "p", "2024-07-01", "a"), "a's");
	int kpis = 0;
	while (goc_cursor_next(cur) == GOC_ROW)
		kpis += goc_reminder_kind(goc_cursor_reminder(cur)) == GOC_REMIND_KPI;
	goc_cursor_free(cur);
	ck_assert_int_eq(kpis, 1);
}
END_TEST

/* A plan file's reporting: the cycle alone (the default deadline), the
 * deadline alone (the default cycle), both; neither keeps the defaults. */
START_TEST(test_plan_file_reporting)
{
	static const struct {
		const char *code, *members;
		int cycle, days;
	} cases[] = {
		{ "f-cycle", ", \"report_cycle\": \"monthly\"", GOC_CYCLE_MONTHLY, 10 },
		{ "f-days", ", \"report_deadline_days\": 0", GOC_CYCLE_QUARTERLY, 0 },
		{ "f-both", ", \"report_cycle\": \"annual\", \"report_deadline_days\": 31", GOC_CYCLE_ANNUAL, 31 },
		{ "f-none", "", GOC_CYCLE_QUARTERLY, 10 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char json[512];
		snprintf(json, sizeof json,
		         "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"%s\","
		         " \"title_zh\": \"计划\", \"start\": \"2024-01-01\", \"end\": \"2024-12-31\"%s}}",
		         cases[i].code, cases[i].members);
		goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
		must(goc_plan_import_json(db, json, strlen(json), &o), cases[i].code);
		goc_plan *pl = NULL;
		must(goc_plan_get(&pl, db, cases[i].code), cases[i].code);
		ck_assert_int_eq(goc_plan_report_cycle(pl), cases[i].cycle);
		ck_assert_int_eq(goc_plan_report_deadline_days(pl), cases[i].days);
		goc_plan_free(pl);
	}
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	tu_fixtures(&db, NULL, 0, "test-report", build);
	add_case(s, "dossier", tu_mem_setup, tu_mem_teardown, 0, (const TTest *[]){
		test_expo_prefix_of_lead, test_each_unit_once, test_latest_as_of,
		test_missing_periods, test_periods_outside, test_overdue, test_snapshot,
		test_dossier_errors, test_landed_date, test_deadline_boundary, test_cycles,
		test_reporting_errors, test_unit_contacts, test_reminders, test_reminders_kpis,
		test_reminders_out_of_memory, test_late_every_cycle, test_reminder_task_text,
		test_reminders_kpi_status, test_plan_file_reporting, NULL });
	add_case(s, "text", NULL, NULL, 0, (const TTest *[]){
		test_text_decode, NULL });
	return s;
}

int main(void)
{
	tu_alloc_install(NULL);
	return run_suite(report_suite(), CK_NORMAL);
}
