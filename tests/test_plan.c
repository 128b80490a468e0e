/*
 * test_plan — action plans: plans, goals, the task tree with its filters,
 * responsibility (assignment, inheritance, group expansion), progress
 * reports (permission, periods, corrections, latest, missing), the
 * built-in Pudong plan, and persistence.
 *
 * Specification: include/goc/plan.h (and register.h, db.h).
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define EI (GOC_RESP_EXPAND | GOC_RESP_INHERIT)

/* ------------------------------------------------------------------------
 * Fixtures
 * ---------------------------------------------------------------------- */

static goc_db *db;
static char tmpdir[64];

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* Append ",item" (or "item" when empty) to a fixed buffer. */
static void append(char *buf, size_t size, const char *item)
{
	size_t len = strlen(buf);
	ck_assert_msg(len + strlen(item) + 2 < size, "buffer too small");
	if (len > 0)
		buf[len++] = ',';
	strcpy(buf + len, item);
}

/* One assignment row as text: "*" for a lead, "#" for a group, the party,
 * "/via" for the group it comes through, "<from" for the ancestor it is
 * inherited from. */
static void assignment_text(char *out, size_t size, const goc_assignment *a,
                            int with_task)
{
	const char *via = goc_assignment_via_group(a);
	const char *inh = goc_assignment_inherited_from(a);

	snprintf(out, size, "%s%s%s%s%s%s%s%s%s",
	         with_task ? goc_assignment_task(a) : "",
	         with_task ? ":" : "",
	         goc_assignment_role(a) == GOC_ROLE_LEAD ? "*" : "",
	         goc_assignment_is_group(a) ? "#" : "",
	         goc_assignment_party(a),
	         via != NULL ? "/" : "", via != NULL ? via : "",
	         inh != NULL ? "<" : "", inh != NULL ? inh : "");
}

/* Drain an assignment cursor into @p buf; frees the cursor. */
static const char *drain_assignments(char *buf, size_t size, goc_cursor *c,
                                     int with_task)
{
	char one[256];
	int rc;

	buf[0] = '\0';
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_assignment *a = goc_cursor_assignment(c);
		ck_assert_ptr_nonnull(a);
		assignment_text(one, sizeof one, a, with_task);
		append(buf, size, one);
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	return buf;
}

static char ubuf[4096], tbuf[8192];

/* A responsibility list (goc_task_units() of a task, goc_unit_tasks() of a
 * party) as text, with task codes if `with_task`. */
static const char *assignments(int (*list)(goc_cursor **, goc_db *, const char *, const char *,
                                           unsigned int),
                               const char *name, char *buf, size_t size, int with_task,
                               const char *plan, const char *key, unsigned int flags)
{
	goc_cursor *c = NULL;
	int rc = list(&c, db, plan, key, flags);
	ck_assert_msg(rc == GOC_OK, "%s(%s, %s, %u) = %d: %s", name, plan, key, flags, rc,
	              goc_error_message());
	return drain_assignments(buf, size, c, with_task);
}

/* goc_task_units() as text (no task codes). */
static const char *units_of(const char *plan, const char *task, unsigned int flags)
{
	return assignments(goc_task_units, "goc_task_units", ubuf, sizeof ubuf, 0, plan, task,
	                   flags);
}

/* goc_unit_tasks() as text (with task codes). */
static const char *tasks_of(const char *plan, const char *party, unsigned int flags)
{
	return assignments(goc_unit_tasks, "goc_unit_tasks", tbuf, sizeof tbuf, 1, plan, party,
	                   flags);
}

/* Task codes of a goc_task_list() as "a,b,c". */
static char lbuf[4096];

static const char *list_codes(const char *plan, const goc_task_filter *f)
{
	goc_cursor *c = NULL;
	int rc = goc_task_list(&c, db, plan, f);

	ck_assert_msg(rc == GOC_OK, "goc_task_list(%s) = %d: %s", plan, rc,
	              goc_error_message());
	lbuf[0] = '\0';
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_task *t = goc_cursor_task(c);
		ck_assert_ptr_nonnull(t);
		append(lbuf, sizeof lbuf, goc_task_code(t));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	return lbuf;
}

static int cursor_count(goc_cursor *c)
{
	return count_rows(GOC_OK, &c, "cursor");
}

static int plan_count(void)
{
	goc_cursor *c = NULL;
	must(goc_plan_list(&c, db), "goc_plan_list");
	return cursor_count(c);
}

static int task_count(const char *plan, int level)
{
	goc_cursor *c = NULL;
	goc_task_filter f = GOC_TASK_FILTER_INIT;
	f.level = level;
	must(goc_task_list(&c, db, plan, &f), "goc_task_list");
	return cursor_count(c);
}

/* Number of reports of a plan, superseded ones included. */
static int report_count(const char *plan)
{
	goc_cursor *c = NULL;
	goc_report_filter f = GOC_REPORT_FILTER_INIT;
	f.include_superseded = 1;
	must(goc_report_list(&c, db, plan, &f), "goc_report_list");
	return cursor_count(c);
}

/* Report ids of a cursor as "id,id" via a caller buffer. */
static const char *report_ids(char *buf, size_t size, goc_cursor *c)
{
	char one[64];
	int rc;

	buf[0] = '\0';
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_report *r = goc_cursor_report(c);
		ck_assert_ptr_nonnull(r);
		snprintf(one, sizeof one, "%lld", (long long)goc_report_id(r));
		append(buf, size, one);
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	return buf;
}

static void unit_new(const char *code, const char *name_zh)
{
	must(tu_unit_add(db, code, name_zh, GOC_UNIT_DEPARTMENT), code);
}

static void plan_new(const char *code)
{
	must(tu_plan_add(db, code, "测试方案", "2024-01-01", "2025-12-31"), code);
}

static void task_new(const char *plan, const char *code, const char *parent,
                     int level, const char *label, const char *title,
                     const char *text, const char *due, int recurrence)
{
	must(tu_task_add(db, plan, code, parent, level, label, title, text, due, recurrence), code);
}

static void assign(const char *task, const char *party, int role)
{
	char what[128];
	snprintf(what, sizeof what, "assign %s to %s", party, task);
	must(goc_task_assign(db, "p1", task, party, role), what);
}

/*
 * The custom plan "p1", tasks created interleaved:
 *
 *   s1 一  [ud]
 *     t1 1  [*ua, g2]
 *       i1 (1) due 2024-06-30       (inherits t1)
 *       i2 (2) due 2024-03-31       [uc]
 *     t2 2                          (inherits s1)
 *       i3 (3) annual               (inherits s1)
 *   s2 二  [g1]
 *     t3 3  [*g1, g2, ua]
 *       i4 (4) due 2024-12-31       [*ub, g2]
 *       i5 (5) due 2025-12-31       (inherits t3)
 *
 * Units ua … ue; groups g1 = {ua, ub}, g2 = {ub, uc}; ue answers for
 * nothing.
 */
static void build_units(void)
{
	unit_new("ua", "单位甲");
	unit_new("ub", "单位乙");
	unit_new("uc", "单位丙");
	unit_new("ud", "单位丁");
	unit_new("ue", "单位戊");
	must(goc_group_create(db, "g1", "甲组", "Group one"), "g1");
	must(goc_group_create(db, "g2", "乙组", NULL), "g2");
	must(goc_group_add_member(db, "g1", "ua"), "g1 ua");
	must(goc_group_add_member(db, "g1", "ub"), "g1 ub");
	must(goc_group_add_member(db, "g2", "ub"), "g2 ub");
	must(goc_group_add_member(db, "g2", "uc"), "g2 uc");
}

static void build_tasks(void)
{
	plan_new("p1");
	task_new("p1", "s1", NULL, GOC_LEVEL_SECTION, "一", "第一部分", NULL, NULL, GOC_RECUR_NONE);
	task_new("p1", "s2", NULL, GOC_LEVEL_SECTION, "二", "第二部分", NULL, NULL, GOC_RECUR_NONE);
	task_new("p1", "t1", "s1", GOC_LEVEL_TASK, "1", "专项一", "专项一正文。", NULL, GOC_RECUR_NONE);
	task_new("p1", "t3", "s2", GOC_LEVEL_TASK, "3", "专项三", NULL, NULL, GOC_RECUR_NONE);
	task_new("p1", "t2", "s1", GOC_LEVEL_TASK, "2", "专项二", NULL, NULL, GOC_RECUR_NONE);
	task_new("p1", "i1", "t1", GOC_LEVEL_ITEM, "(1)", NULL, "工作一。", "2024-06-30", GOC_RECUR_NONE);
	task_new("p1", "i4", "t3", GOC_LEVEL_ITEM, "(4)", NULL, "工作四。", "2024-12-31", GOC_RECUR_NONE);
	task_new("p1", "i2", "t1", GOC_LEVEL_ITEM, "(2)", NULL, "工作二。", "2024-03-31", GOC_RECUR_NONE);
	task_new("p1", "i3", "t2", GOC_LEVEL_ITEM, "(3)", "工作三", NULL, NULL, GOC_RECUR_ANNUAL);
	task_new("p1", "i5", "t3", GOC_LEVEL_ITEM, "(5)", NULL, "工作五。", "2025-12-31", GOC_RECUR_NONE);
}

static void build_assignments(void)
{
	assign("s1", "ud", GOC_ROLE_RESPONSIBLE);
	assign("t1", "g2", GOC_ROLE_RESPONSIBLE);
	assign("t1", "ua", GOC_ROLE_LEAD);
	assign("i2", "uc", GOC_ROLE_RESPONSIBLE);
	assign("s2", "g1", GOC_ROLE_RESPONSIBLE);
	assign("t3", "ua", GOC_ROLE_RESPONSIBLE);
	assign("t3", "g2", GOC_ROLE_RESPONSIBLE);
	assign("t3", "g1", GOC_ROLE_LEAD);
	assign("i4", "g2", GOC_ROLE_RESPONSIBLE);
	assign("i4", "ub", GOC_ROLE_LEAD);
}

static void custom_setup(void)
{
	tu_mem_setup();
	build_units();
	build_tasks();
	build_assignments();
}

static int64_t report(const char *task, const char *unit, const char *period,
                      const char *date, int64_t supersedes)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	int64_t id = 0;
	int rc;

	f.plan = "p1";
	f.task = task;
	f.unit = unit;
	f.period = period;
	f.date = date;
	f.status = GOC_TASK_IN_PROGRESS;
	f.supersedes = supersedes;
	rc = goc_report_submit(&id, db, &f);
	ck_assert_msg(rc == GOC_OK, "report %s by %s for %s: %d: %s", task,
	              unit ? unit : "(actor)", period, rc, goc_error_message());
	ck_assert_int_gt(id, 0);
	return id;
}

static int try_report(const char *task, const char *unit, const char *period,
                      const char *date, int64_t supersedes)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	f.plan = "p1";
	f.task = task;
	f.unit = unit;
	f.period = period;
	f.date = date;
	f.status = GOC_TASK_IN_PROGRESS;
	f.supersedes = supersedes;
	return goc_report_submit(NULL, db, &f);
}

static char mbuf[4096];

static const char *missing(const char *plan, const char *period)
{
	goc_cursor *c = NULL;
	int rc = goc_report_missing(&c, db, plan, period);
	ck_assert_msg(rc == GOC_OK, "goc_report_missing(%s) = %d: %s", period,
	              rc, goc_error_message());
	return drain_assignments(mbuf, sizeof mbuf, c, 1);
}

/* ------------------------------------------------------------------------
 * Enumerations and periods
 * ---------------------------------------------------------------------- */

START_TEST(test_enum_names)
{
	int v = 0;

	ck_assert_str_eq(goc_task_level_str(GOC_LEVEL_SECTION), "section");
	ck_assert_str_eq(goc_task_level_str(GOC_LEVEL_TASK), "task");
	ck_assert_str_eq(goc_task_level_str(GOC_LEVEL_ITEM), "item");
	ck_assert_ptr_null(goc_task_level_str(0));
	ck_assert_ptr_null(goc_task_level_str(4));
	ck_assert_int_eq(goc_task_level_parse(&v, "item"), GOC_OK);
	ck_assert_int_eq(v, GOC_LEVEL_ITEM);
	ck_assert_int_eq(goc_task_level_parse(&v, "chapter"), GOC_EINVAL);

	ck_assert_str_eq(goc_task_status_str(GOC_TASK_NOT_STARTED), "not_started");
	ck_assert_str_eq(goc_task_status_str(GOC_TASK_IN_PROGRESS), "in_progress");
	ck_assert_str_eq(goc_task_status_str(GOC_TASK_DONE), "done");
	ck_assert_str_eq(goc_task_status_str(GOC_TASK_BLOCKED), "blocked");
	ck_assert_str_eq(goc_task_status_str(GOC_TASK_CANCELLED), "cancelled");
	ck_assert_ptr_null(goc_task_status_str(6));
	ck_assert_int_eq(goc_task_status_parse(&v, "blocked"), GOC_OK);
	ck_assert_int_eq(v, GOC_TASK_BLOCKED);
	ck_assert_int_eq(goc_task_status_parse(&v, "finished"), GOC_EINVAL);

	ck_assert_str_eq(goc_recurrence_str(GOC_RECUR_NONE), "none");
	ck_assert_str_eq(goc_recurrence_str(GOC_RECUR_ANNUAL), "annual");
	ck_assert_ptr_null(goc_recurrence_str(2));
	ck_assert_int_eq(goc_recurrence_parse(&v, "annual"), GOC_OK);
	ck_assert_int_eq(v, GOC_RECUR_ANNUAL);
	ck_assert_int_eq(goc_recurrence_parse(&v, "weekly"), GOC_EINVAL);

	ck_assert_str_eq(goc_role_str(GOC_ROLE_LEAD), "lead");
	ck_assert_str_eq(goc_role_str(GOC_ROLE_RESPONSIBLE), "responsible");
	ck_assert_ptr_null(goc_role_str(0));
	ck_assert_int_eq(goc_role_parse(&v, "responsible"), GOC_OK);
	ck_assert_int_eq(v, GOC_ROLE_RESPONSIBLE);
	ck_assert_int_eq(goc_role_parse(&v, "owner"), GOC_EINVAL);
	ck_assert_int_eq(goc_role_parse(&v, NULL), GOC_EINVAL);
}
END_TEST

START_TEST(test_period_check)
{
	static const char *const good[] = {
		"2024", "1900", "2999", "2024-H1", "2024-H2", "2024-Q1",
		"2024-Q2", "2024-Q3", "2024-Q4", "2024-01", "2024-07", "2024-12",
	};
	static const char *const bad[] = {
		"2024-Q5", "2024-13", "24", "2024-H3", "2024-Q0", "2024-H0",
		"2024-00", "2024-1", "1899", "3000", "", "2024-", "2024-Q1x",
		" 2024", "2024 ", "20245", "2024-07-01", "abcd", "2024/07",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(good); i++)
		ck_assert_msg(goc_period_check(good[i]) == GOC_OK,
		              "period \"%s\" refused: %s", good[i],
		              goc_error_message());
	for (i = 0; i < N_ELEMS(bad); i++) {
		int rc = goc_period_check(bad[i]);
		ck_assert_msg(rc == GOC_EINVAL, "period \"%s\" gave %d", bad[i],
		              rc);
		ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
		ck_assert_str_ne(goc_error_message(), "");
	}
	ck_assert_int_eq(goc_period_check(NULL), GOC_EINVAL);
}
END_TEST

/* goc_period_end(): each form's last day, leap years counted; a bad
 * period or a NULL out refused with nothing given. */
START_TEST(test_period_end)
{
	static const char *const cases[][2] = {
		{ "2025", "2025-12-31" }, { "2025-H1", "2025-06-30" }, { "2025-H2", "2025-12-31" },
		{ "2025-Q1", "2025-03-31" }, { "2025-Q2", "2025-06-30" }, { "2025-Q3", "2025-09-30" },
		{ "2025-Q4", "2025-12-31" }, { "2024-02", "2024-02-29" }, { "2025-02", "2025-02-28" },
		{ "1900-02", "1900-02-28" }, { "2000-02", "2000-02-29" }, { "2999-11", "2999-11-30" },
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char *end = NULL;
		ck_assert_int_eq(goc_period_end(&end, cases[i][0]), GOC_OK);
		ck_assert_str_eq(end, cases[i][1]);
		goc_free(end);
	}
	char *end = (char *)"x";
	ck_assert_int_eq(goc_period_end(&end, "2024-Q5"), GOC_EINVAL);
	ck_assert_ptr_null(end);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "period"));
	ck_assert_int_eq(goc_period_end(&end, NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_period_end(NULL, "2024"), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "out"));
}
END_TEST

/* ------------------------------------------------------------------------
 * Plans
 * ---------------------------------------------------------------------- */

START_TEST(test_plan_create_get)
{
	goc_plan_fields f = GOC_PLAN_FIELDS_INIT;
	goc_plan *p = NULL;

	f.code = "pudong-x_1";
	f.title_zh = "行动方案";
	f.title_en = "Action plan";
	f.issuer = "商务委";
	f.issued = "2024-02-26";
	f.source = "https://example.org/plan";
	f.start = "2024-01-01";
	f.end = "2025-12-31";
	must(goc_plan_create(db, &f), "create");

	ck_assert_int_eq(goc_plan_get(&p, db, "pudong-x_1"), GOC_OK);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(goc_plan_code(p), "pudong-x_1");
	ck_assert_str_eq(goc_plan_title_zh(p), "行动方案");
	ck_assert_pstr_eq(goc_plan_title_en(p), "Action plan");
	ck_assert_pstr_eq(goc_plan_issuer(p), "商务委");
	ck_assert_pstr_eq(goc_plan_issued(p), "2024-02-26");
	ck_assert_pstr_eq(goc_plan_source(p), "https://example.org/plan");
	ck_assert_pstr_eq(goc_plan_start(p), "2024-01-01");
	ck_assert_pstr_eq(goc_plan_end(p), "2025-12-31");
	ck_assert_int_eq(goc_plan_task_count(p), 0);
	goc_plan_free(p);
	p = NULL;

	/* Minimal: optional fields are NULL. */
	f = (goc_plan_fields)GOC_PLAN_FIELDS_INIT;
	f.code = "m";
	f.title_zh = "最小";
	must(goc_plan_create(db, &f), "create minimal");
	ck_assert_int_eq(goc_plan_get(&p, db, "m"), GOC_OK);
	ck_assert_str_eq(goc_plan_title_zh(p), "最小");
	ck_assert_ptr_null(goc_plan_title_en(p));
	ck_assert_ptr_null(goc_plan_issuer(p));
	ck_assert_ptr_null(goc_plan_issued(p));
	ck_assert_ptr_null(goc_plan_source(p));
	ck_assert_ptr_null(goc_plan_start(p));
	ck_assert_ptr_null(goc_plan_end(p));
	goc_plan_free(p);

	/* The task count follows the tasks. */
	task_new("m", "s1", NULL, GOC_LEVEL_SECTION, NULL, "一", NULL, NULL, GOC_RECUR_NONE);
	task_new("m", "t1", "s1", GOC_LEVEL_TASK, NULL, "二", NULL, NULL, GOC_RECUR_NONE);
	p = NULL;
	ck_assert_int_eq(goc_plan_get(&p, db, "m"), GOC_OK);
	ck_assert_int_eq(goc_plan_task_count(p), 2);
	goc_plan_free(p);

	goc_plan_free(NULL);

	/* Same start and end is allowed. */
	f = (goc_plan_fields)GOC_PLAN_FIELDS_INIT;
	f.code = "oneday";
	f.title_zh = "一天";
	f.start = "2024-02-29";
	f.end = "2024-02-29";
	must(goc_plan_create(db, &f), "start == end");

	/* A start without an end (open-ended) is allowed. */
	f = (goc_plan_fields)GOC_PLAN_FIELDS_INIT;
	f.code = "open";
	f.title_zh = "无期限";
	f.start = "2024-03-01";
	must(goc_plan_create(db, &f), "start only");
	ck_assert_int_eq(goc_plan_get(&p, db, "open"), GOC_OK);
	ck_assert_str_eq(goc_plan_start(p), "2024-03-01");
	ck_assert_ptr_null(goc_plan_end(p));
	goc_plan_free(p);
}
END_TEST

START_TEST(test_plan_create_errors)
{
	goc_plan_fields f = GOC_PLAN_FIELDS_INIT;
	goc_plan_fields base = GOC_PLAN_FIELDS_INIT;
	char *s;

	base.code = "p";
	base.title_zh = "方案";

	expect(goc_plan_create(NULL, &base), GOC_EINVAL, NULL, "NULL db");
	expect(goc_plan_create(db, NULL), GOC_EINVAL, NULL, "NULL fields");

	f = base;
	f.version = 99;
	expect(goc_plan_create(db, &f), GOC_EINVAL, NULL, "bad version");
	f.version = 0;
	expect(goc_plan_create(db, &f), GOC_EINVAL, NULL, "version 0");

	f = base;
	f.code = NULL;
	expect(goc_plan_create(db, &f), GOC_EINVAL, "code", "NULL code");
	f.code = "";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "code", "empty code");
	f.code = "Upper";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "code", "upper case code");
	f.code = "-dash";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "code", "leading dash");
	f.code = "a b";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "code", "space in code");
	s = tu_repeat("a", 33);
	f.code = s;
	expect(goc_plan_create(db, &f), GOC_EINVAL, "code", "33-char code");
	free(s);

	f = base;
	f.title_zh = NULL;
	expect(goc_plan_create(db, &f), GOC_EINVAL, "title", "NULL title");
	f.title_zh = "";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "title", "empty title");
	s = tu_repeat("字", 301);
	f.title_zh = s;
	expect(goc_plan_create(db, &f), GOC_EINVAL, "title", "301-char title");
	free(s);
	f.title_zh = "\xff\xfe";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "title", "non-UTF-8 title");

	f = base;
	f.issued = "2024-02-30";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "issued", "bad issued");
	f = base;
	f.start = "20240101";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "start", "bad start");
	f = base;
	f.end = "2025-13-01";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "end", "bad end");
	f = base;
	f.start = "2024-05-01";
	f.end = "2024-04-30";
	expect(goc_plan_create(db, &f), GOC_EINVAL, "end", "end before start");

	ck_assert_int_eq(plan_count(), 0);

	/* Limits: 32-character code, 300-character title. */
	f = base;
	s = tu_repeat("z", 32);
	f.code = s;
	must(goc_plan_create(db, &f), "32-char code");
	free(s);
	f = base;
	s = tu_repeat("字", 300);
	f.title_zh = s;
	must(goc_plan_create(db, &f), "300-char title");
	free(s);

	/* Duplicate. */
	f = base;
	f.title_zh = "另一个";
	expect(goc_plan_create(db, &f), GOC_EEXISTS, NULL, "duplicate code");
	ck_assert_int_eq(plan_count(), 2);
}
END_TEST

START_TEST(test_plan_get_list_delete)
{
	goc_plan *p = NULL;
	goc_cursor *c = NULL;
	const char *order[] = { "aa", "mm", "zz" };
	size_t i = 0;
	int rc;

	plan_new("zz");
	plan_new("aa");
	plan_new("mm");

	ck_assert_int_eq(goc_plan_list(&c, db), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_plan *row = goc_cursor_plan(c);
		ck_assert_ptr_nonnull(row);
		ck_assert_uint_lt(i, N_ELEMS(order));
		ck_assert_str_eq(goc_plan_code(row), order[i]);
		ck_assert_ptr_null(goc_cursor_task(c));
		i++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	ck_assert_uint_eq(i, 3);
	goc_cursor_free(c);

	expect(goc_plan_get(&p, db, "nope"), GOC_ENOTFOUND, NULL, "get unknown");
	ck_assert_ptr_null(p);
	expect(goc_plan_get(NULL, db, "aa"), GOC_EINVAL, NULL, "get NULL out");
	expect(goc_plan_get(&p, NULL, "aa"), GOC_EINVAL, NULL, "get NULL db");
	expect(goc_plan_get(&p, db, NULL), GOC_EINVAL, NULL, "get NULL code");
	expect(goc_plan_list(NULL, db), GOC_EINVAL, NULL, "list NULL out");
	expect(goc_plan_list(&c, NULL), GOC_EINVAL, NULL, "list NULL db");

	/* Delete takes tasks and goals along. */
	task_new("mm", "s1", NULL, GOC_LEVEL_SECTION, NULL, "一", NULL, NULL, GOC_RECUR_NONE);
	task_new("mm", "t1", "s1", GOC_LEVEL_TASK, NULL, "二", NULL, NULL, GOC_RECUR_NONE);
	{
		goc_goal_fields g = GOC_GOAL_FIELDS_INIT;
		g.plan = "mm";
		g.code = "g";
		g.title_zh = "目标";
		must(goc_goal_create(db, &g), "goal");
	}
	must(goc_plan_delete(db, "mm"), "delete");
	expect(goc_plan_get(&p, db, "mm"), GOC_ENOTFOUND, NULL, "deleted");
	{
		goc_task *t = NULL;
		expect(goc_task_get(&t, db, "mm", "s1"), GOC_ENOTFOUND, NULL,
		       "task of deleted plan");
		ck_assert_ptr_null(t);
	}
	ck_assert_int_eq(plan_count(), 2);
	expect(goc_plan_delete(db, "mm"), GOC_ENOTFOUND, NULL, "delete twice");
	expect(goc_plan_delete(db, NULL), GOC_EINVAL, NULL, "delete NULL");
	expect(goc_plan_delete(NULL, "aa"), GOC_EINVAL, NULL, "delete NULL db");

	/* A new plan under the same code starts empty. */
	plan_new("mm");
	ck_assert_int_eq(task_count("mm", 0), 0);
	{
		goc_cursor *gc = NULL;
		must(goc_goal_list(&gc, db, "mm"), "goals of new mm");
		ck_assert_int_eq(cursor_count(gc), 0);
	}
}
END_TEST

/* A plan with KPIs is not deleted from under them (nor replaced by an
 * import): the KPIs, their targets and recorded values are data too. */
START_TEST(test_plan_delete_with_kpi)
{
	goc_kpi_fields k = GOC_KPI_FIELDS_INIT;
	char *json = NULL;
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;

	must(goc_plan_load(db, "pudong-goc-2024"), "load");
	expect(goc_plan_delete(db, "pudong-goc-2024"), GOC_ECONSTRAINT, "KPI",
	       "delete a plan with KPIs");
	must(goc_plan_export_json(&json, db, "pudong-goc-2024"), "export");
	o.flags = GOC_IMPORT_REPLACE;
	expect(goc_plan_import_json(db, json, strlen(json), &o), GOC_ECONSTRAINT, "KPI",
	       "replace a plan with KPIs");
	goc_free(json);
	/* a custom plan with one KPI, deleted once the KPI is */
	k.plan = "p1";
	k.code = "k1";
	k.name_zh = "指标";
	k.measure = GOC_MEASURE_HQ;
	k.scope = GOC_SCOPE_PLAN;
	k.window = GOC_WINDOW_PERIOD;
	k.start = "2024-01-01";
	k.end = "2025-12-31";
	k.target_min = 1;
	must(goc_kpi_create(db, &k), "kpi");
	expect(goc_plan_delete(db, "p1"), GOC_ECONSTRAINT, "KPI", "delete p1 with a KPI");
	must(goc_kpi_delete(db, "p1", "k1"), "delete the KPI");
	must(goc_plan_delete(db, "p1"), "delete p1");
}
END_TEST

START_TEST(test_plan_delete_with_report)
{
	goc_plan *p = NULL;

	ck_assert_int_eq(report_count("p1"), 0);
	report("i2", "uc", "2024-Q1", "2024-03-31", 0);
	expect(goc_plan_delete(db, "p1"), GOC_ECONSTRAINT, NULL,
	       "delete with a report");
	ck_assert_int_eq(goc_plan_get(&p, db, "p1"), GOC_OK);
	ck_assert_int_eq(goc_plan_task_count(p), 10);
	goc_plan_free(p);
	ck_assert_int_eq(task_count("p1", 0), 10);
	ck_assert_str_eq(units_of("p1", "t3", 0), "*#g1,#g2,ua");
	ck_assert_int_eq(report_count("p1"), 1);
}
END_TEST

/* ------------------------------------------------------------------------
 * Goals
 * ---------------------------------------------------------------------- */

START_TEST(test_goals)
{
	goc_goal_fields g = GOC_GOAL_FIELDS_INIT;
	goc_cursor *c = NULL;
	const goc_goal *row;

	plan_new("p");
	plan_new("q");
	g.plan = "p";
	g.code = "zeta";
	g.title_zh = "提升集聚度";
	g.title_en = "Raise concentration";
	g.text = "到2025年，新增8家。";
	must(goc_goal_create(db, &g), "zeta");
	g = (goc_goal_fields)GOC_GOAL_FIELDS_INIT;
	g.plan = "p";
	g.code = "alpha";
	g.title_zh = "增强便利度";
	must(goc_goal_create(db, &g), "alpha");
	g.code = "mid";
	g.title_zh = "彰显引领力";
	must(goc_goal_create(db, &g), "mid");

	/* In creation order, not code order. */
	ck_assert_int_eq(goc_goal_list(&c, db, "p"), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	row = goc_cursor_goal(c);
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(goc_goal_plan(row), "p");
	ck_assert_str_eq(goc_goal_code(row), "zeta");
	ck_assert_str_eq(goc_goal_title_zh(row), "提升集聚度");
	ck_assert_pstr_eq(goc_goal_title_en(row), "Raise concentration");
	ck_assert_pstr_eq(goc_goal_text(row), "到2025年，新增8家。");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	row = goc_cursor_goal(c);
	ck_assert_str_eq(goc_goal_code(row), "alpha");
	ck_assert_ptr_null(goc_goal_title_en(row));
	ck_assert_ptr_null(goc_goal_text(row));
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_goal_code(goc_cursor_goal(c)), "mid");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Duplicates within a plan; the same code in another plan is fine. */
	g.code = "alpha";
	g.title_zh = "重复";
	expect(goc_goal_create(db, &g), GOC_EEXISTS, NULL, "duplicate goal");
	g.plan = "q";
	must(goc_goal_create(db, &g), "same code in another plan");

	g.plan = "nope";
	g.code = "x";
	expect(goc_goal_create(db, &g), GOC_ENOTFOUND, NULL, "unknown plan");
	g.plan = "p";
	g.code = "Bad Code";
	expect(goc_goal_create(db, &g), GOC_EINVAL, "code", "bad goal code");
	g.code = "x";
	g.title_zh = "";
	expect(goc_goal_create(db, &g), GOC_EINVAL, "title", "empty goal title");
	g.title_zh = NULL;
	expect(goc_goal_create(db, &g), GOC_EINVAL, "title", "NULL goal title");
	g.title_zh = "好";
	g.version = 7;
	expect(goc_goal_create(db, &g), GOC_EINVAL, NULL, "goal version");
	expect(goc_goal_create(db, NULL), GOC_EINVAL, NULL, "NULL goal fields");

	c = NULL;
	expect(goc_goal_list(&c, db, "nope"), GOC_ENOTFOUND, NULL, "goals of unknown plan");
	expect(goc_goal_list(&c, db, NULL), GOC_EINVAL, NULL, "goals NULL plan");

	c = NULL;
	must(goc_goal_list(&c, db, "p"), "list p");
	ck_assert_int_eq(cursor_count(c), 3);
	c = NULL;
	must(goc_goal_list(&c, db, "q"), "list q");
	ck_assert_int_eq(cursor_count(c), 1);
}
END_TEST

/* ------------------------------------------------------------------------
 * Tasks
 * ---------------------------------------------------------------------- */

START_TEST(test_task_tree_order)
{
	goc_task_filter f = GOC_TASK_FILTER_INIT;

	build_tasks();
	ck_assert_str_eq(list_codes("p1", NULL), "s1,t1,i1,i2,t2,i3,s2,t3,i4,i5");
	ck_assert_str_eq(list_codes("p1", &f), "s1,t1,i1,i2,t2,i3,s2,t3,i4,i5");

	f.parent = "";
	ck_assert_str_eq(list_codes("p1", &f), "s1,s2");
	f.parent = "s1";
	ck_assert_str_eq(list_codes("p1", &f), "t1,t2");
	f.parent = "t3";
	ck_assert_str_eq(list_codes("p1", &f), "i4,i5");
	f.parent = "i1";
	ck_assert_str_eq(list_codes("p1", &f), "");

	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	f.level = GOC_LEVEL_ITEM;
	ck_assert_str_eq(list_codes("p1", &f), "i1,i2,i3,i4,i5");
	f.level = GOC_LEVEL_TASK;
	ck_assert_str_eq(list_codes("p1", &f), "t1,t2,t3");
	f.level = GOC_LEVEL_SECTION;
	ck_assert_str_eq(list_codes("p1", &f), "s1,s2");
	f.parent = "s2";
	f.level = GOC_LEVEL_TASK;
	ck_assert_str_eq(list_codes("p1", &f), "t3");
}
END_TEST

START_TEST(test_task_fields)
{
	goc_task *t = NULL;
	goc_cursor *c = NULL;
	const goc_task *row;

	build_tasks();

	ck_assert_int_eq(goc_task_get(&t, db, "p1", "t1"), GOC_OK);
	ck_assert_str_eq(goc_task_plan(t), "p1");
	ck_assert_str_eq(goc_task_code(t), "t1");
	ck_assert_pstr_eq(goc_task_parent(t), "s1");
	ck_assert_int_eq(goc_task_level(t), GOC_LEVEL_TASK);
	ck_assert_pstr_eq(goc_task_label(t), "1");
	ck_assert_pstr_eq(goc_task_title_zh(t), "专项一");
	ck_assert_ptr_null(goc_task_title_en(t));
	ck_assert_pstr_eq(goc_task_text(t), "专项一正文。");
	ck_assert_ptr_null(goc_task_due(t));
	ck_assert_int_eq(goc_task_recurrence(t), GOC_RECUR_NONE);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_NOT_STARTED);
	ck_assert_ptr_null(goc_task_status_date(t));
	ck_assert_ptr_null(goc_task_done_date(t));
	ck_assert_int_eq(goc_task_child_count(t), 2);
	goc_task_free(t);

	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "s1"), GOC_OK);
	ck_assert_ptr_null(goc_task_parent(t));
	ck_assert_int_eq(goc_task_level(t), GOC_LEVEL_SECTION);
	ck_assert_int_eq(goc_task_child_count(t), 2);
	goc_task_free(t);

	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i1"), GOC_OK);
	ck_assert_pstr_eq(goc_task_parent(t), "t1");
	ck_assert_int_eq(goc_task_level(t), GOC_LEVEL_ITEM);
	ck_assert_pstr_eq(goc_task_label(t), "(1)");
	ck_assert_ptr_null(goc_task_title_zh(t));
	ck_assert_pstr_eq(goc_task_text(t), "工作一。");
	ck_assert_pstr_eq(goc_task_due(t), "2024-06-30");
	ck_assert_int_eq(goc_task_child_count(t), 0);
	goc_task_free(t);

	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i3"), GOC_OK);
	ck_assert_int_eq(goc_task_recurrence(t), GOC_RECUR_ANNUAL);
	ck_assert_ptr_null(goc_task_due(t));
	ck_assert_pstr_eq(goc_task_title_zh(t), "工作三");
	ck_assert_ptr_null(goc_task_text(t));
	goc_task_free(t);

	/* The cursor's records carry the same fields, child counts included. */
	ck_assert_int_eq(goc_task_list(&c, db, "p1", NULL), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	row = goc_cursor_task(c);
	ck_assert_str_eq(goc_task_code(row), "s1");
	ck_assert_int_eq(goc_task_child_count(row), 2);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	row = goc_cursor_task(c);
	ck_assert_str_eq(goc_task_code(row), "t1");
	ck_assert_pstr_eq(goc_task_parent(row), "s1");
	ck_assert_int_eq(goc_task_child_count(row), 2);
	ck_assert_pstr_eq(goc_task_text(row), "专项一正文。");
	ck_assert_ptr_null(goc_cursor_plan(c));
	goc_cursor_free(c);

	/* Errors. */
	t = NULL;
	expect(goc_task_get(&t, db, "p1", "zz"), GOC_ENOTFOUND, NULL, "unknown task");
	ck_assert_ptr_null(t);
	expect(goc_task_get(&t, db, "nope", "s1"), GOC_ENOTFOUND, NULL, "unknown plan");
	expect(goc_task_get(NULL, db, "p1", "s1"), GOC_EINVAL, NULL, "NULL out");
	expect(goc_task_get(&t, db, "p1", NULL), GOC_EINVAL, NULL, "NULL code");
	goc_task_free(NULL);
}
END_TEST

START_TEST(test_task_create_errors)
{
	goc_task_fields f = GOC_TASK_FIELDS_INIT;
	goc_task_fields base = GOC_TASK_FIELDS_INIT;
	char *s;

	build_tasks();
	base.plan = "p1";
	base.code = "new";
	base.parent = "t1";
	base.level = GOC_LEVEL_ITEM;
	base.text = "新工作。";

	expect(goc_task_create(NULL, &base), GOC_EINVAL, NULL, "NULL db");
	expect(goc_task_create(db, NULL), GOC_EINVAL, NULL, "NULL fields");
	f = base;
	f.version = 2;
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "bad version");

	f = base;
	f.level = 0;
	expect(goc_task_create(db, &f), GOC_EINVAL, "level", "level 0");
	f.level = 4;
	expect(goc_task_create(db, &f), GOC_EINVAL, "level", "level 4");

	/* Level and parent must agree. */
	f = base;
	f.parent = "s1";
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "item under section");
	f.parent = "i1";
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "item under item");
	f = base;
	f.level = GOC_LEVEL_TASK;
	f.parent = NULL;
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "task without parent");
	f.parent = "t1";
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "task under task");
	f.parent = "i1";
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "task under item");
	f = base;
	f.level = GOC_LEVEL_SECTION;
	f.parent = "s1";
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "section with parent");
	f = base;
	f.parent = NULL;
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "item without parent");

	/* Title or text. */
	f = base;
	f.text = NULL;
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "neither title nor text");
	f.title_zh = "";
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "empty title");
	f.title_zh = NULL;
	f.text = "";
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "empty text");
	f = base;
	s = tu_repeat("字", 301);
	f.title_zh = s;
	expect(goc_task_create(db, &f), GOC_EINVAL, "title", "301-char title");
	free(s);
	f = base;
	s = tu_repeat("字", 20001);
	f.text = s;
	expect(goc_task_create(db, &f), GOC_EINVAL, "text", "20001-char text");
	free(s);
	f = base;
	f.text = "bad \xc3\x28 utf-8";
	expect(goc_task_create(db, &f), GOC_EINVAL, "text", "non-UTF-8 text");
	f = base;
	s = tu_repeat("x", 17);
	f.label = s;
	expect(goc_task_create(db, &f), GOC_EINVAL, "label", "17-char label");
	free(s);

	/* Due and recurrence. */
	f = base;
	f.due = "2025-02-29";
	expect(goc_task_create(db, &f), GOC_EINVAL, "due", "bad due");
	f.due = "2025/12/31";
	expect(goc_task_create(db, &f), GOC_EINVAL, "due", "due wrong shape");
	f = base;
	f.recurrence = 7;
	expect(goc_task_create(db, &f), GOC_EINVAL, "recurrence", "bad recurrence");
	f.recurrence = -1;
	expect(goc_task_create(db, &f), GOC_EINVAL, "recurrence", "negative recurrence");

	/* Codes. */
	f = base;
	f.code = "New";
	expect(goc_task_create(db, &f), GOC_EINVAL, "code", "bad code");
	f.code = NULL;
	expect(goc_task_create(db, &f), GOC_EINVAL, "code", "NULL code");
	f.code = "i1";
	expect(goc_task_create(db, &f), GOC_EEXISTS, NULL, "duplicate code");
	f.code = "s2";
	f.parent = "t3";
	expect(goc_task_create(db, &f), GOC_EEXISTS, NULL, "duplicate code elsewhere");

	/* Unknown plan or parent. */
	f = base;
	f.parent = "t9";
	expect(goc_task_create(db, &f), GOC_ENOTFOUND, NULL, "unknown parent");
	f = base;
	f.plan = "nope";
	expect(goc_task_create(db, &f), GOC_ENOTFOUND, NULL, "unknown plan");
	f.plan = NULL;
	expect(goc_task_create(db, &f), GOC_EINVAL, NULL, "NULL plan");

	/* Nothing was added. */
	ck_assert_int_eq(task_count("p1", 0), 10);

	/* Limits are allowed; the same code in another plan is fine. */
	f = base;
	s = tu_repeat("字", 300);
	f.title_zh = s;
	f.text = NULL;
	f.label = "一二三四五六七八九十一二三四五六";
	f.due = "2024-02-29";
	must(goc_task_create(db, &f), "limits");
	free(s);
	plan_new("other");
	task_new("other", "i1", NULL, GOC_LEVEL_SECTION, NULL, "一", NULL, NULL, GOC_RECUR_NONE);
	ck_assert_int_eq(task_count("p1", 0), 11);
	ck_assert_int_eq(task_count("other", 0), 1);
}
END_TEST

/* The task as text: label|title_zh|title_en|text|due|recurrence|level|parent|status. */
static const char *task_text(const char *code)
{
	static char buf[512];
	goc_task *t = NULL;
	must(goc_task_get(&t, db, "p1", code), code);
#define S(x) ((x) ? (x) : "-")
	snprintf(buf, sizeof buf, "%s|%s|%s|%s|%s|%s|%s|%s|%s", S(goc_task_label(t)),
	         S(goc_task_title_zh(t)), S(goc_task_title_en(t)), S(goc_task_text(t)),
	         S(goc_task_due(t)), goc_recurrence_str(goc_task_recurrence(t)),
	         goc_task_level_str(goc_task_level(t)), S(goc_task_parent(t)),
	         goc_task_status_str(goc_task_status(t)));
#undef S
	goc_task_free(t);
	return buf;
}

START_TEST(test_task_update)
{
	build_tasks();
	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_IN_PROGRESS, "2024-02-01"), "status");
	ck_assert_str_eq(task_text("i1"), "(1)|-|-|工作一。|2024-06-30|none|item|t1|in_progress");

	/* the INIT value changes nothing */
	goc_task_changes c = GOC_TASK_CHANGES_INIT;
	must(goc_task_update(db, "p1", "i1", &c), "no change");
	ck_assert_str_eq(task_text("i1"), "(1)|-|-|工作一。|2024-06-30|none|item|t1|in_progress");

	/* a deadline moved, a title added, the recurrence set */
	c.due = "2024-09-30";
	c.title_zh = "工作一（修订）";
	c.title_en = "Work one";
	c.recurrence = GOC_RECUR_ANNUAL;
	must(goc_task_update(db, "p1", "i1", &c), "amend");
	ck_assert_str_eq(task_text("i1"),
	                 "(1)|工作一（修订）|Work one|工作一。|2024-09-30|annual|item|t1|in_progress");

	/* "" clears, NULL keeps; back to no recurrence */
	goc_task_changes d = GOC_TASK_CHANGES_INIT;
	d.due = "";
	d.title_en = "";
	d.text = "";
	d.label = "（一）";
	d.recurrence = GOC_RECUR_NONE;
	must(goc_task_update(db, "p1", "i1", &d), "clear");
	ck_assert_str_eq(task_text("i1"), "（一）|工作一（修订）|-|-|-|none|item|t1|in_progress");
	/* the neighbours are untouched */
	ck_assert_str_eq(task_text("i2"), "(2)|-|-|工作二。|2024-03-31|none|item|t1|not_started");

	/* errors: each changes nothing */
	const char *before = "（一）|工作一（修订）|-|-|-|none|item|t1|in_progress";
	goc_task_changes e = GOC_TASK_CHANGES_INIT;
	expect(goc_task_update(NULL, "p1", "i1", &e), GOC_EINVAL, "db", "NULL db");
	expect(goc_task_update(db, "p1", "i1", NULL), GOC_EINVAL, "changes", "NULL changes");
	expect(goc_task_update(db, NULL, "i1", &e), GOC_EINVAL, "plan", "NULL plan");
	expect(goc_task_update(db, "p1", NULL, &e), GOC_EINVAL, "code", "NULL code");
	expect(goc_task_update(db, "nope", "i1", &e), GOC_ENOTFOUND, "nope", "unknown plan");
	expect(goc_task_update(db, "p1", "i9", &e), GOC_ENOTFOUND, "i9", "unknown task");
	e.version = 2;
	expect(goc_task_update(db, "p1", "i1", &e), GOC_EINVAL, "goc_task_changes version 2",
	       "version");
	e.version = GOC_TASK_CHANGES_VERSION;
	e.due = "2024-02-30";
	expect(goc_task_update(db, "p1", "i1", &e), GOC_EINVAL, "due", "bad due");
	e.due = NULL;
	e.recurrence = 7;
	expect(goc_task_update(db, "p1", "i1", &e), GOC_EINVAL, "recurrence", "recurrence 7");
	e.recurrence = GOC_RECUR_UNCHANGED;
	e.label = "一二三四五六七八九十一二三四五六七";
	expect(goc_task_update(db, "p1", "i1", &e), GOC_EINVAL, "label", "long label");
	e.label = NULL;
	e.title_en = "bad\xC3\x28";
	expect(goc_task_update(db, "p1", "i1", &e), GOC_EINVAL, "title_en", "bad UTF-8");
	e.title_en = NULL;
	e.title_zh = "";  /* the text is already cleared: nothing would be left */
	expect(goc_task_update(db, "p1", "i1", &e), GOC_EINVAL, "title_zh", "untitled");
	ck_assert_str_eq(task_text("i1"), before);
	/* clearing the title is fine while a text remains */
	e.text = "工作一正文。";
	must(goc_task_update(db, "p1", "i1", &e), "title for text");
	ck_assert_str_eq(task_text("i1"), "（一）|-|-|工作一正文。|-|none|item|t1|in_progress");
}
END_TEST

/* Plans are for administrators; the change is in the audit trail. */
START_TEST(test_task_update_audit)
{
	build_tasks();
	unit_new("ua", "单位甲");
	goc_task_changes c = GOC_TASK_CHANGES_INIT;
	c.due = "2024-08-31";
	must(goc_db_set_actor(db, "ua"), "actor");
	expect(goc_task_update(db, "p1", "i1", &c), GOC_EPERM, "task.update", "unit");
	ck_assert_str_eq(task_text("i1"), "(1)|-|-|工作一。|2024-06-30|none|item|t1|not_started");
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_task_update(db, "p1", "i1", &c), "admin");
	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	f.action = "task.update";
	goc_cursor *cur = NULL;
	must(goc_audit_list(&cur, db, &f), "audit");
	int ok = 0, denied = 0;
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_audit_record *r = goc_cursor_audit(cur);
		ck_assert_str_eq(goc_audit_object_id(r), "i1");
		if (goc_audit_outcome(r) == GOC_AUDIT_DENIED) {
			denied++;
			continue;
		}
		ok++;
		ck_assert_ptr_nonnull(strstr(goc_audit_before(r), "\"due\":\"2024-06-30\""));
		ck_assert_ptr_nonnull(strstr(goc_audit_after(r), "\"due\":\"2024-08-31\""));
	}
	goc_cursor_free(cur);
	ck_assert_int_eq(ok, 1);
	ck_assert_int_eq(denied, 1);
}
END_TEST

START_TEST(test_task_status)
{
	goc_task *t = NULL;

	build_tasks();

	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_IN_PROGRESS, "2024-02-01"), "in progress");
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i1"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_IN_PROGRESS);
	ck_assert_pstr_eq(goc_task_status_date(t), "2024-02-01");
	ck_assert_ptr_null(goc_task_done_date(t));
	goc_task_free(t);

	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_DONE, "2024-05-20"), "done");
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i1"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_DONE);
	ck_assert_pstr_eq(goc_task_status_date(t), "2024-05-20");
	ck_assert_pstr_eq(goc_task_done_date(t), "2024-05-20");
	goc_task_free(t);

	/* Leaving done clears the completion date. */
	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_BLOCKED, "2024-06-01"), "blocked");
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i1"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_BLOCKED);
	ck_assert_pstr_eq(goc_task_status_date(t), "2024-06-01");
	ck_assert_ptr_null(goc_task_done_date(t));
	goc_task_free(t);

	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_DONE, "2024-07-01"), "done again");
	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_NOT_STARTED, "2024-07-02"), "reset");
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i1"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_NOT_STARTED);
	ck_assert_pstr_eq(goc_task_status_date(t), "2024-07-02");
	ck_assert_ptr_null(goc_task_done_date(t));
	goc_task_free(t);

	/* Other tasks untouched. */
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i2"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_NOT_STARTED);
	ck_assert_ptr_null(goc_task_status_date(t));
	goc_task_free(t);

	expect(goc_task_set_status(db, "p1", "i1", 0, "2024-07-03"), GOC_EINVAL, NULL, "status 0");
	expect(goc_task_set_status(db, "p1", "i1", 6, "2024-07-03"), GOC_EINVAL, NULL, "status 6");
	expect(goc_task_set_status(db, "p1", "i1", GOC_TASK_DONE, "2024-13-01"), GOC_EINVAL, NULL, "bad date");
	expect(goc_task_set_status(db, "p1", "i1", GOC_TASK_DONE, NULL), GOC_EINVAL, NULL, "NULL date");
	expect(goc_task_set_status(db, "p1", "zz", GOC_TASK_DONE, "2024-07-03"), GOC_ENOTFOUND, NULL, "unknown task");
	expect(goc_task_set_status(db, "nope", "i1", GOC_TASK_DONE, "2024-07-03"), GOC_ENOTFOUND, NULL, "unknown plan");
	expect(goc_task_set_status(NULL, "p1", "i1", GOC_TASK_DONE, "2024-07-03"), GOC_EINVAL, NULL, "NULL db");
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i1"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_NOT_STARTED);
	ck_assert_pstr_eq(goc_task_status_date(t), "2024-07-02");
	goc_task_free(t);
}
END_TEST

START_TEST(test_task_filter_status_overdue)
{
	goc_task_filter f = GOC_TASK_FILTER_INIT;

	/* Due: i2 2024-03-31, i1 2024-06-30, i4 2024-12-31, i5 2025-12-31. */
	static const struct { const char *as_of, *codes; } overdue[] = {
		{ "2024-01-01", "" },      { "2024-03-31", "" },
		{ "2024-04-01", "i2" },    { "2024-06-30", "i2" },
		{ "2024-07-01", "i1,i2" }, { "2026-01-01", "i1,i2,i4,i5" },
	};
	for (size_t i = 0; i < sizeof overdue / sizeof overdue[0]; i++) {
		f.overdue_as_of = overdue[i].as_of;
		ck_assert_str_eq(list_codes("p1", &f), overdue[i].codes);
	}

	/* Done and cancelled tasks are not overdue; blocked ones are. */
	must(goc_task_set_status(db, "p1", "i2", GOC_TASK_DONE, "2024-04-15"), "i2 done");
	must(goc_task_set_status(db, "p1", "i4", GOC_TASK_BLOCKED, "2024-04-15"), "i4 blocked");
	must(goc_task_set_status(db, "p1", "i5", GOC_TASK_CANCELLED, "2024-04-15"), "i5 cancelled");
	ck_assert_str_eq(list_codes("p1", &f), "i1,i4");
	f.overdue_as_of = "2024-07-01";
	ck_assert_str_eq(list_codes("p1", &f), "i1");
	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_IN_PROGRESS, "2024-04-15"), "i1 in progress");
	ck_assert_str_eq(list_codes("p1", &f), "i1");
	must(goc_task_set_status(db, "p1", "i1", GOC_TASK_CANCELLED, "2024-04-16"), "i1 cancelled");
	ck_assert_str_eq(list_codes("p1", &f), "");

	/* Status filter. */
	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	static const struct { int status; const char *codes; } by_status[] = {
		{ GOC_TASK_CANCELLED, "i1,i5" },
		{ GOC_TASK_DONE, "i2" },
		{ GOC_TASK_NOT_STARTED, "s1,t1,t2,i3,s2,t3" },
		{ GOC_TASK_IN_PROGRESS, "" },
	};
	for (size_t i = 0; i < sizeof by_status / sizeof by_status[0]; i++) {
		f.status = by_status[i].status;
		ck_assert_str_eq(list_codes("p1", &f), by_status[i].codes);
	}

	/* Combined: cancelled items under t3. */
	f.status = GOC_TASK_CANCELLED;
	f.parent = "t3";
	f.level = GOC_LEVEL_ITEM;
	ck_assert_str_eq(list_codes("p1", &f), "i5");
}
END_TEST

START_TEST(test_task_filter_unit)
{
	goc_task_filter f = GOC_TASK_FILTER_INIT;

	static const struct { const char *unit, *codes; } by_unit[] = {
		{ "ua", "t1,i1,s2,t3,i5" },    { "ub", "t1,i1,s2,t3,i4,i5" },
		{ "uc", "t1,i1,i2,t3,i4,i5" }, { "ud", "s1,t2,i3" },
		{ "ue", "" },
	};
	for (size_t i = 0; i < sizeof by_unit / sizeof by_unit[0]; i++) {
		f.unit = by_unit[i].unit;
		ck_assert_str_eq(list_codes("p1", &f), by_unit[i].codes);
	}
	f.unit = "ua";
	f.level = GOC_LEVEL_ITEM;
	ck_assert_str_eq(list_codes("p1", &f), "i1,i5");
}
END_TEST

START_TEST(test_task_list_errors)
{
	goc_cursor *c = NULL;
	goc_task_filter f = GOC_TASK_FILTER_INIT;

	build_tasks();
	expect(goc_task_list(NULL, db, "p1", NULL), GOC_EINVAL, NULL, "NULL out");
	expect(goc_task_list(&c, NULL, "p1", NULL), GOC_EINVAL, NULL, "NULL db");
	expect(goc_task_list(&c, db, NULL, NULL), GOC_EINVAL, NULL, "NULL plan");
	expect(goc_task_list(&c, db, "nope", NULL), GOC_ENOTFOUND, NULL, "unknown plan");
	f.version = 9;
	expect(goc_task_list(&c, db, "p1", &f), GOC_EINVAL, NULL, "filter version");
	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	f.level = 4;
	expect(goc_task_list(&c, db, "p1", &f), GOC_EINVAL, NULL, "bad level");
	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	f.status = 6;
	expect(goc_task_list(&c, db, "p1", &f), GOC_EINVAL, NULL, "bad status");
	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	f.overdue_as_of = "2024-02-30";
	expect(goc_task_list(&c, db, "p1", &f), GOC_EINVAL, NULL, "bad date");
	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	f.parent = "zz";
	expect(goc_task_list(&c, db, "p1", &f), GOC_ENOTFOUND, NULL, "unknown parent");
	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	f.unit = "zz";
	expect(goc_task_list(&c, db, "p1", &f), GOC_ENOTFOUND, NULL, "unknown unit");
}
END_TEST

/* ------------------------------------------------------------------------
 * Responsibility
 * ---------------------------------------------------------------------- */

START_TEST(test_assign_unassign)
{
	build_units();
	build_tasks();

	ck_assert_str_eq(units_of("p1", "t1", 0), "");
	assign("t1", "ub", GOC_ROLE_RESPONSIBLE);
	assign("t1", "g1", GOC_ROLE_RESPONSIBLE);
	assign("t1", "ua", GOC_ROLE_RESPONSIBLE);
	ck_assert_str_eq(units_of("p1", "t1", 0), "#g1,ua,ub");

	/* Re-assigning changes the role; the same role again does nothing. */
	assign("t1", "ub", GOC_ROLE_LEAD);
	ck_assert_str_eq(units_of("p1", "t1", 0), "*ub,#g1,ua");
	assign("t1", "ub", GOC_ROLE_LEAD);
	ck_assert_str_eq(units_of("p1", "t1", 0), "*ub,#g1,ua");
	assign("t1", "ub", GOC_ROLE_RESPONSIBLE);
	ck_assert_str_eq(units_of("p1", "t1", 0), "#g1,ua,ub");

	must(goc_task_unassign(db, "p1", "t1", "ua"), "unassign ua");
	ck_assert_str_eq(units_of("p1", "t1", 0), "#g1,ub");
	must(goc_task_unassign(db, "p1", "t1", "g1"), "unassign g1");
	ck_assert_str_eq(units_of("p1", "t1", 0), "ub");

	/* Unassigning what is not assigned directly. */
	expect(goc_task_unassign(db, "p1", "t1", "ua"), GOC_ENOTFOUND, NULL, "unassign twice");
	expect(goc_task_unassign(db, "p1", "i1", "ub"), GOC_ENOTFOUND, NULL, "unassign inherited");
	expect(goc_task_unassign(db, "p1", "t1", "zz"), GOC_ENOTFOUND, NULL, "unassign unknown party");
	expect(goc_task_unassign(db, "p1", "t9", "ub"), GOC_ENOTFOUND, NULL, "unassign unknown task");
	expect(goc_task_unassign(db, "nope", "t1", "ub"), GOC_ENOTFOUND, NULL, "unassign unknown plan");
	expect(goc_task_unassign(db, "p1", "t1", NULL), GOC_EINVAL, NULL, "unassign NULL party");
	expect(goc_task_unassign(NULL, "p1", "t1", "ub"), GOC_EINVAL, NULL, "unassign NULL db");

	/* Assignment errors. */
	expect(goc_task_assign(db, "p1", "t1", "zz", GOC_ROLE_LEAD), GOC_ENOTFOUND, NULL, "unknown party");
	expect(goc_task_assign(db, "p1", "t9", "ua", GOC_ROLE_LEAD), GOC_ENOTFOUND, NULL, "unknown task");
	expect(goc_task_assign(db, "nope", "t1", "ua", GOC_ROLE_LEAD), GOC_ENOTFOUND, NULL, "unknown plan");
	expect(goc_task_assign(db, "p1", "t1", "ua", 0), GOC_EINVAL, NULL, "role 0");
	expect(goc_task_assign(db, "p1", "t1", "ua", 3), GOC_EINVAL, NULL, "role 3");
	expect(goc_task_assign(db, "p1", "t1", "Bad!", GOC_ROLE_LEAD), GOC_EINVAL, NULL, "malformed party");
	expect(goc_task_assign(db, "p1", "t1", NULL, GOC_ROLE_LEAD), GOC_EINVAL, NULL, "NULL party");
	expect(goc_task_assign(NULL, "p1", "t1", "ua", GOC_ROLE_LEAD), GOC_EINVAL, NULL, "NULL db");
	ck_assert_str_eq(units_of("p1", "t1", 0), "ub");
}
END_TEST

START_TEST(test_units_own)
{
	ck_assert_str_eq(units_of("p1", "s1", 0), "ud");
	ck_assert_str_eq(units_of("p1", "t1", 0), "*ua,#g2");
	ck_assert_str_eq(units_of("p1", "i1", 0), "");
	ck_assert_str_eq(units_of("p1", "i2", 0), "uc");
	ck_assert_str_eq(units_of("p1", "t2", 0), "");
	ck_assert_str_eq(units_of("p1", "i3", 0), "");
	ck_assert_str_eq(units_of("p1", "s2", 0), "#g1");
	ck_assert_str_eq(units_of("p1", "t3", 0), "*#g1,#g2,ua");
	ck_assert_str_eq(units_of("p1", "i4", 0), "*ub,#g2");
	ck_assert_str_eq(units_of("p1", "i5", 0), "");
}
END_TEST

START_TEST(test_units_inherit)
{
	/* Inherited from the nearest ancestor that has assignments. */
	ck_assert_str_eq(units_of("p1", "i1", GOC_RESP_INHERIT), "*ua<t1,#g2<t1");
	ck_assert_str_eq(units_of("p1", "t2", GOC_RESP_INHERIT), "ud<s1");
	ck_assert_str_eq(units_of("p1", "i3", GOC_RESP_INHERIT), "ud<s1");
	ck_assert_str_eq(units_of("p1", "i5", GOC_RESP_INHERIT), "*#g1<t3,#g2<t3,ua<t3");
	/* Own assignments override inheritance. */
	ck_assert_str_eq(units_of("p1", "i2", GOC_RESP_INHERIT), "uc");
	ck_assert_str_eq(units_of("p1", "t3", GOC_RESP_INHERIT), "*#g1,#g2,ua");
	ck_assert_str_eq(units_of("p1", "i4", GOC_RESP_INHERIT), "*ub,#g2");
	ck_assert_str_eq(units_of("p1", "s1", GOC_RESP_INHERIT), "ud");

	/* Nearest ancestor wins: give t2 its own and i3 follows it. */
	assign("t2", "ue", GOC_ROLE_LEAD);
	ck_assert_str_eq(units_of("p1", "i3", GOC_RESP_INHERIT), "*ue<t2");
	must(goc_task_unassign(db, "p1", "t2", "ue"), "unassign");
	ck_assert_str_eq(units_of("p1", "i3", GOC_RESP_INHERIT), "ud<s1");

	/* Removing i2's own assignment makes it inherit from t1. */
	must(goc_task_unassign(db, "p1", "i2", "uc"), "unassign i2");
	ck_assert_str_eq(units_of("p1", "i2", GOC_RESP_INHERIT), "*ua<t1,#g2<t1");
	ck_assert_str_eq(units_of("p1", "i2", 0), "");
}
END_TEST

START_TEST(test_units_expand)
{
	/* Expansion without inheritance: own assignments only. */
	ck_assert_str_eq(units_of("p1", "i1", GOC_RESP_EXPAND), "");
	ck_assert_str_eq(units_of("p1", "t1", GOC_RESP_EXPAND), "*ua,ub/g2,uc/g2");
	ck_assert_str_eq(units_of("p1", "s2", GOC_RESP_EXPAND), "ua/g1,ub/g1");
	/* ua: direct responsible + lead via g1 -> once, lead, no via.
	 * ub: lead via g1 and responsible via g2 -> lead via g1. */
	ck_assert_str_eq(units_of("p1", "t3", GOC_RESP_EXPAND), "*ua,*ub/g1,uc/g2");
	/* ub: direct lead + responsible via g2 -> once, lead, no via. */
	ck_assert_str_eq(units_of("p1", "i4", GOC_RESP_EXPAND), "*ub,uc/g2");

	/* Both flags. */
	ck_assert_str_eq(units_of("p1", "i1", EI), "*ua<t1,ub/g2<t1,uc/g2<t1");
	ck_assert_str_eq(units_of("p1", "i5", EI), "*ua<t3,*ub/g1<t3,uc/g2<t3");
	ck_assert_str_eq(units_of("p1", "i3", EI), "ud<s1");
	ck_assert_str_eq(units_of("p1", "i2", EI), "uc");
	ck_assert_str_eq(units_of("p1", "i4", EI), "*ub,uc/g2");
	ck_assert_str_eq(units_of("p1", "t3", EI), "*ua,*ub/g1,uc/g2");

	/* Responsible directly and through a group: no via group. */
	assign("i4", "uc", GOC_ROLE_RESPONSIBLE);
	ck_assert_str_eq(units_of("p1", "i4", EI), "*ub,uc");
	/* A group member added later counts. */
	must(goc_group_add_member(db, "g2", "ue"), "g2 ue");
	ck_assert_str_eq(units_of("p1", "i4", EI), "*ub,uc,ue/g2");
	ck_assert_str_eq(units_of("p1", "i1", EI), "*ua<t1,ub/g2<t1,uc/g2<t1,ue/g2<t1");
}
END_TEST

START_TEST(test_units_errors)
{
	goc_cursor *c = NULL;

	expect(goc_task_units(&c, db, "p1", "t1", 1u << 5), GOC_EINVAL, NULL, "unknown flag");
	expect(goc_task_units(&c, db, "p1", "zz", 0), GOC_ENOTFOUND, NULL, "unknown task");
	expect(goc_task_units(&c, db, "nope", "t1", 0), GOC_ENOTFOUND, NULL, "unknown plan");
	expect(goc_task_units(NULL, db, "p1", "t1", 0), GOC_EINVAL, NULL, "NULL out");
	expect(goc_task_units(&c, db, "p1", NULL, 0), GOC_EINVAL, NULL, "NULL task");
	expect(goc_unit_tasks(&c, db, "p1", "zz", 0), GOC_ENOTFOUND, NULL, "unit_tasks unknown party");
	expect(goc_unit_tasks(&c, db, "nope", "ua", 0), GOC_ENOTFOUND, NULL, "unit_tasks unknown plan");
	expect(goc_unit_tasks(&c, db, "p1", NULL, 0), GOC_EINVAL, NULL, "unit_tasks NULL party");
	expect(goc_unit_tasks(NULL, db, "p1", "ua", 0), GOC_EINVAL, NULL, "unit_tasks NULL out");
	expect(goc_plan_matrix(&c, db, "nope"), GOC_ENOTFOUND, NULL, "matrix unknown plan");
	expect(goc_plan_matrix(NULL, db, "p1"), GOC_EINVAL, NULL, "matrix NULL out");
	expect(goc_plan_matrix(&c, db, NULL), GOC_EINVAL, NULL, "matrix NULL plan");
}
END_TEST

START_TEST(test_unit_tasks)
{
	/* Own assignments only. */
	ck_assert_str_eq(tasks_of("p1", "ua", 0), "t1:*ua,t3:ua");
	ck_assert_str_eq(tasks_of("p1", "ub", 0), "i4:*ub");
	ck_assert_str_eq(tasks_of("p1", "ue", 0), "");

	/* With EXPAND: tasks through its groups. */
	ck_assert_str_eq(tasks_of("p1", "ua", GOC_RESP_EXPAND), "t1:*ua,s2:ua/g1,t3:*ua");
	ck_assert_str_eq(tasks_of("p1", "ub", GOC_RESP_EXPAND), "t1:ub/g2,s2:ub/g1,t3:*ub/g1,i4:*ub");
	ck_assert_str_eq(tasks_of("p1", "uc", GOC_RESP_EXPAND), "t1:uc/g2,i2:uc,t3:uc/g2,i4:uc/g2");

	/* With INHERIT: items that inherit. */
	ck_assert_str_eq(tasks_of("p1", "ua", GOC_RESP_INHERIT), "t1:*ua,i1:*ua<t1,t3:ua,i5:ua<t3");
	ck_assert_str_eq(tasks_of("p1", "ud", GOC_RESP_INHERIT), "s1:ud,t2:ud<s1,i3:ud<s1");

	/* Both. */
	ck_assert_str_eq(tasks_of("p1", "ua", EI), "t1:*ua,i1:*ua<t1,s2:ua/g1,t3:*ua,i5:*ua<t3");
	ck_assert_str_eq(tasks_of("p1", "ub", EI),
	                 "t1:ub/g2,i1:ub/g2<t1,s2:ub/g1,t3:*ub/g1,i4:*ub,i5:*ub/g1<t3");
	ck_assert_str_eq(tasks_of("p1", "uc", EI),
	                 "t1:uc/g2,i1:uc/g2<t1,i2:uc,t3:uc/g2,i4:uc/g2,i5:uc/g2<t3");
	ck_assert_str_eq(tasks_of("p1", "ud", EI), "s1:ud,t2:ud<s1,i3:ud<s1");
	ck_assert_str_eq(tasks_of("p1", "ue", EI), "");

	/* A group: its own assignments (and, with INHERIT, inherited ones). */
	ck_assert_str_eq(tasks_of("p1", "g2", 0), "t1:#g2,t3:#g2,i4:#g2");
	ck_assert_str_eq(tasks_of("p1", "g1", 0), "s2:#g1,t3:*#g1");
	ck_assert_str_eq(tasks_of("p1", "g2", GOC_RESP_INHERIT),
	                 "t1:#g2,i1:#g2<t1,t3:#g2,i4:#g2,i5:#g2<t3");
}
END_TEST

START_TEST(test_matrix)
{
	goc_cursor *c = NULL;
	char buf[4096];

	must(goc_plan_matrix(&c, db, "p1"), "matrix");
	drain_assignments(buf, sizeof buf, c, 1);
	ck_assert_str_eq(buf,
	                 "t1:*ua,i1:*ua<t1,s2:ua/g1,t3:*ua,i5:*ua<t3,"
	                 "t1:ub/g2,i1:ub/g2<t1,s2:ub/g1,t3:*ub/g1,i4:*ub,i5:*ub/g1<t3,"
	                 "t1:uc/g2,i1:uc/g2<t1,i2:uc,t3:uc/g2,i4:uc/g2,i5:uc/g2<t3,"
	                 "s1:ud,t2:ud<s1,i3:ud<s1");

	/* An empty plan has an empty matrix. */
	plan_new("empty");
	c = NULL;
	must(goc_plan_matrix(&c, db, "empty"), "empty matrix");
	ck_assert_int_eq(cursor_count(c), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Progress reports
 * ---------------------------------------------------------------------- */

START_TEST(test_report_submit_get)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	goc_report *r = NULL;
	int64_t id = 0, id2;

	f.plan = "p1";
	f.task = "i4";
	f.unit = "ub";
	f.period = "2024-H1";
	f.date = "2024-06-28";
	f.status = GOC_TASK_IN_PROGRESS;
	f.percent = 40;
	f.text = "已完成调研。";
	f.evidence = "doc-2024-17";
	must(goc_report_submit(&id, db, &f), "submit");
	ck_assert_int_gt(id, 0);

	ck_assert_int_eq(goc_report_get(&r, db, id), GOC_OK);
	ck_assert_int_eq(goc_report_id(r), id);
	ck_assert_str_eq(goc_report_plan(r), "p1");
	ck_assert_str_eq(goc_report_task(r), "i4");
	ck_assert_str_eq(goc_report_unit(r), "ub");
	ck_assert_str_eq(goc_report_period(r), "2024-H1");
	ck_assert_str_eq(goc_report_date(r), "2024-06-28");
	ck_assert_int_eq(goc_report_status(r), GOC_TASK_IN_PROGRESS);
	ck_assert_int_eq(goc_report_percent(r), 40);
	ck_assert_pstr_eq(goc_report_text(r), "已完成调研。");
	ck_assert_pstr_eq(goc_report_evidence(r), "doc-2024-17");
	ck_assert_int_eq(goc_report_supersedes(r), 0);
	ck_assert_int_eq(goc_report_superseded_by(r), 0);
	goc_report_free(r);

	/* Minimal report: no percent, no text. */
	id2 = report("i4", "uc", "2024", "2024-12-31", 0);
	ck_assert_int_ne(id2, id);
	r = NULL;
	ck_assert_int_eq(goc_report_get(&r, db, id2), GOC_OK);
	ck_assert_int_eq(goc_report_percent(r), GOC_PERCENT_NONE);
	ck_assert_ptr_null(goc_report_text(r));
	ck_assert_ptr_null(goc_report_evidence(r));
	ck_assert_str_eq(goc_report_period(r), "2024");
	goc_report_free(r);

	/* Empty text and evidence are no text and no evidence. */
	f.text = "";
	f.evidence = "";
	f.period = "2024-07";
	f.date = "2024-07-31";
	must(goc_report_submit(&id2, db, &f), "empty text");
	r = NULL;
	ck_assert_int_eq(goc_report_get(&r, db, id2), GOC_OK);
	ck_assert_ptr_null(goc_report_text(r));
	ck_assert_ptr_null(goc_report_evidence(r));
	goc_report_free(r);
	f.text = "已完成调研。";
	f.evidence = "doc-2024-17";
	f.period = "2024-H1";
	f.date = "2024-06-28";

	/* Percent limits. */
	f.percent = 0;
	must(goc_report_submit(NULL, db, &f), "percent 0");
	f.percent = 100;
	f.status = GOC_TASK_DONE;
	must(goc_report_submit(NULL, db, &f), "percent 100");

	r = NULL;
	expect(goc_report_get(&r, db, 999999), GOC_ENOTFOUND, NULL, "get unknown");
	ck_assert_ptr_null(r);
	expect(goc_report_get(NULL, db, id), GOC_EINVAL, NULL, "get NULL out");
	expect(goc_report_get(&r, NULL, id), GOC_EINVAL, NULL, "get NULL db");
	goc_report_free(NULL);
	ck_assert_int_eq(report_count("p1"), 5); /* with the one of empty text */
}
END_TEST

START_TEST(test_report_errors)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	goc_report_fields base = GOC_REPORT_FIELDS_INIT;
	static const char *const bad_periods[] = { "2024-Q5", "2024-13", "24", "2024-H3" };
	char *s;
	size_t i;

	base.plan = "p1";
	base.task = "i1";
	base.unit = "ua";
	base.period = "2024-Q1";
	base.date = "2024-03-31";
	base.status = GOC_TASK_IN_PROGRESS;

	for (i = 0; i < N_ELEMS(bad_periods); i++) {
		f = base;
		f.period = bad_periods[i];
		expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "period", bad_periods[i]);
	}
	f = base;
	f.period = NULL;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "period", "NULL period");
	f = base;
	f.percent = 101;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "percent", "percent 101");
	f.percent = -2;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "percent", "percent -2");
	f = base;
	f.date = "2024-02-30";
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "date", "bad date");
	f.date = NULL;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "date", "NULL date");
	f = base;
	f.status = 0;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "status", "status 0");
	f.status = 6;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "status", "status 6");
	f = base;
	s = malloc(20002);
	ck_assert_ptr_nonnull(s);
	memset(s, 'x', 20001);
	s[20001] = '\0';
	f.text = s;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, "text", "over-long text");
	free(s);
	f = base;
	f.version = 3;
	expect(goc_report_submit(NULL, db, &f), GOC_EINVAL, NULL, "bad version");
	expect(goc_report_submit(NULL, db, NULL), GOC_EINVAL, NULL, "NULL fields");
	expect(goc_report_submit(NULL, NULL, &base), GOC_EINVAL, NULL, "NULL db");

	f = base;
	f.task = "zz";
	expect(goc_report_submit(NULL, db, &f), GOC_ENOTFOUND, NULL, "unknown task");
	f = base;
	f.plan = "nope";
	expect(goc_report_submit(NULL, db, &f), GOC_ENOTFOUND, NULL, "unknown plan");
	f = base;
	f.unit = "zz";
	expect(goc_report_submit(NULL, db, &f), GOC_ENOTFOUND, NULL, "unknown unit");
	f = base;
	f.supersedes = 424242;
	expect(goc_report_submit(NULL, db, &f), GOC_ENOTFOUND, NULL, "unknown superseded report");

	ck_assert_int_eq(report_count("p1"), 0);
}
END_TEST

START_TEST(test_report_permission)
{
	/* Direct, through a group, inherited (directly and through a group). */
	report("t1", "ua", "2024-Q1", "2024-03-31", 0);
	report("t1", "ub", "2024-Q1", "2024-03-31", 0);
	report("i1", "ua", "2024-Q1", "2024-03-31", 0);
	report("i1", "uc", "2024-Q1", "2024-03-31", 0);
	report("i3", "ud", "2024-Q1", "2024-03-31", 0);
	report("i5", "ub", "2024-Q1", "2024-03-31", 0);
	report("s2", "ua", "2024-Q1", "2024-03-31", 0);
	ck_assert_int_eq(report_count("p1"), 7);

	/* Not responsible: nothing written. */
	expect(try_report("i1", "ud", "2024-Q1", "2024-03-31", 0), GOC_EPERM, NULL, "ud on i1");
	expect(try_report("i1", "ue", "2024-Q1", "2024-03-31", 0), GOC_EPERM, NULL, "ue on i1");
	/* Own assignment overrides inheritance: ua does not answer for i2. */
	expect(try_report("i2", "ua", "2024-Q1", "2024-03-31", 0), GOC_EPERM, NULL, "ua on i2");
	expect(try_report("s1", "ua", "2024-Q1", "2024-03-31", 0), GOC_EPERM, NULL, "ua on s1");
	expect(try_report("i4", "ud", "2024-Q1", "2024-03-31", 0), GOC_EPERM, NULL, "ud on i4");
	/* A group is not a reporting unit. */
	ck_assert_int_ne(try_report("t1", "g2", "2024-Q1", "2024-03-31", 0), GOC_OK);
	ck_assert_int_eq(report_count("p1"), 7);
}
END_TEST

START_TEST(test_report_actor)
{
	goc_report *r = NULL;
	int64_t id;

	/* No acting unit. */
	expect(try_report("i1", NULL, "2024-Q1", "2024-03-31", 0), GOC_EINVAL, NULL, "no actor");

	must(goc_db_set_actor(db, "ua"), "actor ua");
	id = report("i1", NULL, "2024-Q1", "2024-03-31", 0);
	ck_assert_int_eq(goc_report_get(&r, db, id), GOC_OK);
	ck_assert_str_eq(goc_report_unit(r), "ua");
	goc_report_free(r);

	/* An explicit unit wins over the actor (an administrator: a unit
	 * reports only in its own name). */
	expect(try_report("i1", "uc", "2024-Q1", "2024-03-31", 0), GOC_EPERM, "uc", "unit for another");
	must(goc_db_set_actor(db, NULL), "system actor");
	must(goc_unit_set_access(db, "ua", GOC_ACCESS_ADMIN), "ua admin");
	must(goc_db_set_actor(db, "ua"), "actor ua");
	id = report("i1", "uc", "2024-Q1", "2024-03-31", 0);
	r = NULL;
	ck_assert_int_eq(goc_report_get(&r, db, id), GOC_OK);
	ck_assert_str_eq(goc_report_unit(r), "uc");
	goc_report_free(r);

	must(goc_db_set_actor(db, "ue"), "actor ue");
	expect(try_report("i1", NULL, "2024-Q1", "2024-03-31", 0), GOC_EPERM, NULL, "actor not responsible");

	must(goc_db_set_actor(db, NULL), "system actor");
	expect(try_report("i1", NULL, "2024-Q1", "2024-03-31", 0), GOC_EINVAL, NULL, "system actor");
	ck_assert_int_eq(report_count("p1"), 2);
}
END_TEST

START_TEST(test_report_supersede)
{
	goc_report_filter flt = GOC_REPORT_FILTER_INIT;
	goc_cursor *c = NULL;
	goc_report *r = NULL;
	char buf[512], want[512];
	int64_t r1, r2, rb, rq2, r3;

	r1 = report("i1", "ua", "2024-Q1", "2024-03-31", 0);
	rb = report("i1", "ub", "2024-Q1", "2024-03-30", 0);
	rq2 = report("i1", "ua", "2024-Q2", "2024-06-30", 0);

	/* A correction dated before the original is refused. */
	expect(try_report("i1", "ua", "2024-Q1", "2024-03-30", r1), GOC_EINVAL, NULL, "correction before original");
	/* Another unit, period or task. */
	expect(try_report("i1", "ua", "2024-Q1", "2024-04-01", rb), GOC_EINVAL, NULL, "another unit");
	expect(try_report("i1", "ua", "2024-Q2", "2024-07-01", r1), GOC_EINVAL, NULL, "another period");
	expect(try_report("t1", "ua", "2024-Q1", "2024-04-01", r1), GOC_EINVAL, NULL, "another task");
	expect(try_report("i1", "ua", "2024-Q1", "2024-04-01", 999999), GOC_ENOTFOUND, NULL, "unknown id");
	ck_assert_int_eq(report_count("p1"), 3);

	/* The same date is allowed. */
	r2 = report("i1", "ua", "2024-Q1", "2024-03-31", r1);
	ck_assert_int_eq(goc_report_get(&r, db, r1), GOC_OK);
	ck_assert_int_eq(goc_report_superseded_by(r), r2);
	ck_assert_int_eq(goc_report_supersedes(r), 0);
	goc_report_free(r);
	r = NULL;
	ck_assert_int_eq(goc_report_get(&r, db, r2), GOC_OK);
	ck_assert_int_eq(goc_report_supersedes(r), r1);
	ck_assert_int_eq(goc_report_superseded_by(r), 0);
	goc_report_free(r);

	/* Superseding twice. */
	expect(try_report("i1", "ua", "2024-Q1", "2024-04-05", r1), GOC_ESTATE, NULL, "superseded twice");
	/* A correction of the correction is fine. */
	r3 = report("i1", "ua", "2024-Q1", "2024-04-05", r2);
	ck_assert_int_eq(report_count("p1"), 5);

	/* Lists: superseded reports only on request. */
	must(goc_report_list(&c, db, "p1", NULL), "list");
	snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)rb, (long long)rq2, (long long)r3);
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), want);
	c = NULL;
	flt.include_superseded = 1;
	must(goc_report_list(&c, db, "p1", &flt), "list all");
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld,%lld", (long long)r1, (long long)rb,
	         (long long)rq2, (long long)r2, (long long)r3);
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), want);

	/* Filters. */
	c = NULL;
	flt = (goc_report_filter)GOC_REPORT_FILTER_INIT;
	flt.unit = "ua";
	flt.period = "2024-Q1";
	must(goc_report_list(&c, db, "p1", &flt), "list ua Q1");
	snprintf(want, sizeof want, "%lld", (long long)r3);
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), want);
	c = NULL;
	flt.include_superseded = 1;
	must(goc_report_list(&c, db, "p1", &flt), "list ua Q1 all");
	snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)r1, (long long)r2, (long long)r3);
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), want);
	c = NULL;
	flt = (goc_report_filter)GOC_REPORT_FILTER_INIT;
	flt.task = "t1";
	must(goc_report_list(&c, db, "p1", &flt), "list t1");
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), "");

	/* Latest: superseded reports never count. */
	c = NULL;
	must(goc_report_latest(&c, db, "p1"), "latest");
	snprintf(want, sizeof want, "%lld,%lld", (long long)rq2, (long long)rb);
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), want);

	c = NULL;
	expect(goc_report_list(&c, db, "nope", NULL), GOC_ENOTFOUND, NULL, "list unknown plan");
	expect(goc_report_latest(&c, db, "nope"), GOC_ENOTFOUND, NULL, "latest unknown plan");
	expect(goc_report_list(NULL, db, "p1", NULL), GOC_EINVAL, NULL, "list NULL out");
}
END_TEST

START_TEST(test_report_latest)
{
	goc_cursor *c = NULL;
	char buf[512], want[512];
	int64_t r8, r3, r5, r7, r9, r10;

	r8 = report("t1", "ua", "2024-Q1", "2024-03-01", 0);
	report("i1", "ua", "2024-Q1", "2024-03-31", 0);
	r3 = report("i1", "ua", "2024-Q2", "2024-06-30", 0);
	/* Submitted later but dated earlier: not the latest. */
	report("i1", "ua", "2024-Q1", "2024-04-02", 0);
	r5 = report("i1", "ub", "2024-Q1", "2024-03-30", 0);
	report("i2", "uc", "2024-Q1", "2024-03-15", 0);
	/* Same date: the later submission. */
	r7 = report("i2", "uc", "2024-Q1", "2024-03-15", 0);

	/* Tree order (t1 before i1 before i2), then unit code. */
	must(goc_report_latest(&c, db, "p1"), "latest");
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld", (long long)r8, (long long)r3,
	         (long long)r5, (long long)r7);
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), want);

	r9 = report("i1", "ua", "2024-Q2", "2024-07-02", r3);
	r10 = report("i2", "uc", "2024-Q1", "2024-03-15", r7);
	c = NULL;
	must(goc_report_latest(&c, db, "p1"), "latest after corrections");
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld", (long long)r8, (long long)r9,
	         (long long)r5, (long long)r10);
	ck_assert_str_eq(report_ids(buf, sizeof buf, c), want);
}
END_TEST

START_TEST(test_report_missing)
{
	goc_cursor *c = NULL;
	int64_t r;

	/* Leaves: i1 i2 i3 i4 i5; units expanded, inheritance applied. */
	ck_assert_str_eq(missing("p1", "2024-Q1"),
	                 "i1:*ua<t1,i1:ub/g2<t1,i1:uc/g2<t1,i2:uc,i3:ud<s1,"
	                 "i4:*ub,i4:uc/g2,i5:*ua<t3,i5:*ub/g1<t3,i5:uc/g2<t3");

	report("i1", "ua", "2024-Q1", "2024-03-31", 0);
	ck_assert_str_eq(missing("p1", "2024-Q1"),
	                 "i1:ub/g2<t1,i1:uc/g2<t1,i2:uc,i3:ud<s1,"
	                 "i4:*ub,i4:uc/g2,i5:*ua<t3,i5:*ub/g1<t3,i5:uc/g2<t3");
	/* Another period does not count; reports on non-leaves do not matter. */
	report("i2", "uc", "2024-Q2", "2024-06-30", 0);
	report("t3", "uc", "2024-Q1", "2024-03-31", 0);
	ck_assert_str_eq(missing("p1", "2024-Q1"),
	                 "i1:ub/g2<t1,i1:uc/g2<t1,i2:uc,i3:ud<s1,"
	                 "i4:*ub,i4:uc/g2,i5:*ua<t3,i5:*ub/g1<t3,i5:uc/g2<t3");
	ck_assert_str_eq(missing("p1", "2024-Q2"),
	                 "i1:*ua<t1,i1:ub/g2<t1,i1:uc/g2<t1,i3:ud<s1,"
	                 "i4:*ub,i4:uc/g2,i5:*ua<t3,i5:*ub/g1<t3,i5:uc/g2<t3");

	r = report("i3", "ud", "2024-Q1", "2024-03-31", 0);
	report("i5", "ub", "2024-Q1", "2024-03-31", 0);
	report("i4", "ub", "2024-Q1", "2024-03-31", 0);
	ck_assert_str_eq(missing("p1", "2024-Q1"),
	                 "i1:ub/g2<t1,i1:uc/g2<t1,i2:uc,i4:uc/g2,i5:*ua<t3,i5:uc/g2<t3");
	/* A correction keeps the pair reported. */
	report("i3", "ud", "2024-Q1", "2024-04-01", r);
	ck_assert_str_eq(missing("p1", "2024-Q1"),
	                 "i1:ub/g2<t1,i1:uc/g2<t1,i2:uc,i4:uc/g2,i5:*ua<t3,i5:uc/g2<t3");

	report("i1", "ub", "2024-Q1", "2024-03-31", 0);
	report("i1", "uc", "2024-Q1", "2024-03-31", 0);
	report("i2", "uc", "2024-Q1", "2024-03-31", 0);
	report("i4", "uc", "2024-Q1", "2024-03-31", 0);
	report("i5", "ua", "2024-Q1", "2024-03-31", 0);
	report("i5", "uc", "2024-Q1", "2024-03-31", 0);
	ck_assert_str_eq(missing("p1", "2024-Q1"), "");

	expect(goc_report_missing(&c, db, "p1", "2024-Q5"), GOC_EINVAL, NULL, "bad period");
	expect(goc_report_missing(&c, db, "p1", NULL), GOC_EINVAL, NULL, "NULL period");
	expect(goc_report_missing(&c, db, "nope", "2024-Q1"), GOC_ENOTFOUND, NULL, "unknown plan");
}
END_TEST

/* ------------------------------------------------------------------------
 * The built-in plan
 * ---------------------------------------------------------------------- */

#define PUDONG "pudong-goc-2024"

static const struct {
	const char *code, *parent, *label, *own;
} PUDONG_ITEMS[21] = {
	{ "i1", "t1", "(1)", "#bureaus" },
	{ "i2", "t1", "(2)", "*commerce,#bureaus,financial,justice,scitech" },
	{ "i3", "t2", "(3)", "*commerce,#bureaus,financial,scitech" },
	{ "i4", "t2", "(4)", "#bureaus,commerce,financial,scitech" },
	{ "i5", "t3", "(5)", "#bureaus" },
	{ "i6", "t3", "(6)", "#bureaus" },
	{ "i7", "t4", "(7)", "#bureaus,#industry-authorities" },
	{ "i8", "t5", "(8)", "#bureaus,finance,hrss,org-dept,police" },
	{ "i9", "t5", "(9)", "hrss,org-dept" },
	{ "i10", "t6", "(10)", "#bureaus,education,health" },
	{ "i11", "t7", "(11)", "#bureaus,commerce,police,tax" },
	{ "i12", "t7", "(12)", "#bureaus,commerce,police,tax" },
	{ "i13", "t8", "(13)", "#bureaus,commerce,finance,financial,scitech" },
	{ "i14", "t9", "(14)", "#bureaus,commerce,financial,ipo,scitech" },
	{ "i15", "t9", "(15)", "#bureaus,commerce,financial,ipo,scitech" },
	{ "i16", "t10", "(16)", "#bureaus,commerce,devreform,justice,market" },
	{ "i17", "t11", "(17)", "#bureaus,commerce,devreform,financial,ipo,market,scitech" },
	{ "i18", "t11", "(18)", "#bureaus,commerce,devreform,financial,ipo,market,scitech" },
	{ "i19", "t12", "(19)", "#bureaus,commerce,financial,publicity,scitech" },
	{ "i20", "t12", "(20)", "#bureaus,commerce,financial,publicity,scitech" },
	{ "i21", "t12", "(21)", "#bureaus,commerce,financial,publicity,scitech" },
};

static void load_pudong_plan(void)
{
	int rc = goc_plan_load(db, PUDONG);
	ck_assert_msg(rc == GOC_OK, "goc_plan_load: %d: %s", rc, goc_error_message());
}

START_TEST(test_pudong_counts)
{
	goc_plan *p = NULL;
	goc_cursor *c = NULL;
	const char *goals[] = { "concentration", "convenience", "leadership", "influence" };
	size_t i = 0;
	int rc;

	load_pudong_plan();
	ck_assert_int_eq(plan_count(), 1);
	ck_assert_int_eq(task_count(PUDONG, GOC_LEVEL_SECTION), 4);
	ck_assert_int_eq(task_count(PUDONG, GOC_LEVEL_TASK), 12);
	ck_assert_int_eq(task_count(PUDONG, GOC_LEVEL_ITEM), 21);
	ck_assert_int_eq(task_count(PUDONG, 0), 37);

	ck_assert_int_eq(goc_plan_get(&p, db, PUDONG), GOC_OK);
	ck_assert_str_eq(goc_plan_code(p), PUDONG);
	ck_assert_str_eq(goc_plan_title_zh(p), "浦东新区推动国际经济组织集聚计划（GOC）高质量发展行动方案");
	ck_assert_pstr_eq(goc_plan_start(p), "2024-01-01");
	ck_assert_pstr_eq(goc_plan_end(p), "2025-12-31");
	ck_assert_pstr_eq(goc_plan_issued(p), "2024-02-26");
	ck_assert_int_eq(goc_plan_task_count(p), 37);
	goc_plan_free(p);

	ck_assert_int_eq(goc_goal_list(&c, db, PUDONG), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		ck_assert_uint_lt(i, N_ELEMS(goals));
		ck_assert_str_eq(goc_goal_code(goc_cursor_goal(c)), goals[i]);
		i++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	ck_assert_uint_eq(i, 4);
	goc_cursor_free(c);

	/* The reference data came along. */
	c = NULL;
	must(goc_unit_list(&c, db, 0), "units");
	ck_assert_int_eq(cursor_count(c), 20);
	c = NULL;
	must(goc_group_list(&c, db), "groups");
	ck_assert_int_eq(cursor_count(c), 2);

	/* Loading again changes nothing. */
	must(goc_plan_load(db, PUDONG), "load twice");
	ck_assert_int_eq(plan_count(), 1);
	ck_assert_int_eq(task_count(PUDONG, 0), 37);
	c = NULL;
	must(goc_goal_list(&c, db, PUDONG), "goals");
	ck_assert_int_eq(cursor_count(c), 4);
	ck_assert_str_eq(units_of(PUDONG, "i2", 0), PUDONG_ITEMS[1].own);

	expect(goc_plan_load(db, "pudong-goc-2023"), GOC_ENOTFOUND, NULL, "unknown name");
	expect(goc_plan_load(db, NULL), GOC_EINVAL, NULL, "NULL name");
	expect(goc_plan_load(NULL, PUDONG), GOC_EINVAL, NULL, "NULL db");
	ck_assert_int_eq(plan_count(), 1);
}
END_TEST

START_TEST(test_pudong_after_reference)
{
	/* Reference data already loaded: fine too. */
	must(goc_reference_load(db, "pudong"), "reference");
	load_pudong_plan();
	ck_assert_int_eq(task_count(PUDONG, 0), 37);
}
END_TEST

/* goc_plan_load() creates the plan's built-in KPIs together with the plan,
 * and only then: once the plan is there, a KPI deleted since is not
 * restored.  A name of the reference set taken by another code refuses the
 * whole load, and nothing is written. */
START_TEST(test_pudong_load_kpis)
{
	goc_cursor *c = NULL;

	unit_new("shangwu", "商务委"); /* the built-in set's name for "commerce" */
	expect(goc_plan_load(db, PUDONG), GOC_EEXISTS, "商务委", "a reference name taken");
	ck_assert_int_eq(plan_count(), 0);
	must(goc_unit_list(&c, db, 0), "units");
	ck_assert_int_eq(cursor_count(c), 1);

	tu_mem_teardown();
	tu_mem_setup();
	load_pudong_plan();
	c = NULL;
	must(goc_kpi_list(&c, db, PUDONG), "kpis");
	ck_assert_int_eq(cursor_count(c), 12);
	must(goc_kpi_delete(db, PUDONG, "think-tank"), "delete a KPI");
	must(goc_plan_load(db, PUDONG), "load again");
	c = NULL;
	must(goc_kpi_list(&c, db, PUDONG), "kpis");
	ck_assert_int_eq(cursor_count(c), 11);
}
END_TEST

START_TEST(test_pudong_tree)
{
	goc_task_filter f = GOC_TASK_FILTER_INIT;
	char want[1024] = "";
	char label[8];
	size_t i;
	int k;

	load_pudong_plan();
	ck_assert_str_eq(list_codes(PUDONG, NULL),
	                 "s1,t1,i1,i2,t2,i3,i4,t3,i5,i6,"
	                 "s2,t4,i7,t5,i8,i9,t6,i10,"
	                 "s3,t7,i11,i12,t8,i13,t9,i14,i15,"
	                 "s4,t10,i16,t11,i17,i18,t12,i19,i20,i21");
	f.parent = "";
	ck_assert_str_eq(list_codes(PUDONG, &f), "s1,s2,s3,s4");
	f = (goc_task_filter)GOC_TASK_FILTER_INIT;
	f.level = GOC_LEVEL_ITEM;
	for (i = 0; i < N_ELEMS(PUDONG_ITEMS); i++)
		append(want, sizeof want, PUDONG_ITEMS[i].code);
	ck_assert_str_eq(list_codes(PUDONG, &f), want);

	for (i = 0; i < N_ELEMS(PUDONG_ITEMS); i++) {
		goc_task *t = NULL;
		ck_assert_int_eq(goc_task_get(&t, db, PUDONG, PUDONG_ITEMS[i].code), GOC_OK);
		ck_assert_int_eq(goc_task_level(t), GOC_LEVEL_ITEM);
		ck_assert_pstr_eq(goc_task_parent(t), PUDONG_ITEMS[i].parent);
		ck_assert_pstr_eq(goc_task_label(t), PUDONG_ITEMS[i].label);
		ck_assert_pstr_eq(goc_task_due(t), "2025-12-31");
		ck_assert_int_eq(goc_task_recurrence(t),
		                 i == 18 ? GOC_RECUR_ANNUAL : GOC_RECUR_NONE);
		ck_assert_ptr_nonnull(goc_task_text(t));
		ck_assert_int_eq(goc_task_status(t), GOC_TASK_NOT_STARTED);
		ck_assert_int_eq(goc_task_child_count(t), 0);
		goc_task_free(t);
	}
	/* Special tasks 1–12 under their sections, labelled 1–12. */
	for (k = 1; k <= 12; k++) {
		goc_task *t = NULL;
		char code[8], parent[8];
		snprintf(code, sizeof code, "t%d", k);
		snprintf(parent, sizeof parent, "s%d", (k - 1) / 3 + 1);
		snprintf(label, sizeof label, "%d", k);
		ck_assert_int_eq(goc_task_get(&t, db, PUDONG, code), GOC_OK);
		ck_assert_int_eq(goc_task_level(t), GOC_LEVEL_TASK);
		ck_assert_pstr_eq(goc_task_parent(t), parent);
		ck_assert_pstr_eq(goc_task_label(t), label);
		ck_assert_ptr_nonnull(goc_task_title_zh(t));
		goc_task_free(t);
	}
	{
		static const char *const sections[] = { "一", "二", "三", "四" };
		for (k = 0; k < 4; k++) {
			goc_task *t = NULL;
			char code[8];
			snprintf(code, sizeof code, "s%d", k + 1);
			ck_assert_int_eq(goc_task_get(&t, db, PUDONG, code), GOC_OK);
			ck_assert_int_eq(goc_task_level(t), GOC_LEVEL_SECTION);
			ck_assert_ptr_null(goc_task_parent(t));
			ck_assert_pstr_eq(goc_task_label(t), sections[k]);
			ck_assert_int_eq(goc_task_child_count(t), 3);
			goc_task_free(t);
		}
	}
}
END_TEST

START_TEST(test_pudong_assignments)
{
	size_t i;

	load_pudong_plan();
	for (i = 0; i < N_ELEMS(PUDONG_ITEMS); i++) {
		const char *got = units_of(PUDONG, PUDONG_ITEMS[i].code, 0);
		ck_assert_msg(strcmp(got, PUDONG_ITEMS[i].own) == 0,
		              "item %s: own assignments \"%s\", expected \"%s\"",
		              PUDONG_ITEMS[i].label, got, PUDONG_ITEMS[i].own);
	}
	/* Industry authorities expand to their members. */
	ck_assert_str_eq(units_of(PUDONG, "i7", GOC_RESP_EXPAND),
	                 "commerce/industry-authorities,expo-bureau/bureaus,"
	                 "financial/industry-authorities,ftz-bureau/bureaus,"
	                 "jinqiao-bureau/bureaus,justice/industry-authorities,"
	                 "lujiazui-bureau/bureaus,scitech/industry-authorities,"
	                 "zhangjiang-bureau/bureaus");
	ck_assert_str_eq(units_of(PUDONG, "i2", GOC_RESP_EXPAND),
	                 "*commerce,expo-bureau/bureaus,financial,ftz-bureau/bureaus,"
	                 "jinqiao-bureau/bureaus,justice,lujiazui-bureau/bureaus,"
	                 "scitech,zhangjiang-bureau/bureaus");
}
END_TEST

START_TEST(test_pudong_expo_bureau)
{
	char one[64];
	size_t i;

	load_pudong_plan();
	for (i = 0; i < N_ELEMS(PUDONG_ITEMS); i++) {
		const char *units;
		int has_bureaus = strstr(PUDONG_ITEMS[i].own, "#bureaus") != NULL;

		units = units_of(PUDONG, PUDONG_ITEMS[i].code, EI);
		ck_assert_msg((strstr(units, "expo-bureau/bureaus") != NULL) == has_bureaus,
		              "item %s: units \"%s\"", PUDONG_ITEMS[i].code, units);
	}
	/* The bureau's own list: every item with "bureaus" (and tasks). */
	tasks_of(PUDONG, "expo-bureau", EI);
	for (i = 0; i < N_ELEMS(PUDONG_ITEMS); i++) {
		int has_bureaus = strstr(PUDONG_ITEMS[i].own, "#bureaus") != NULL;
		snprintf(one, sizeof one, "%s:expo-bureau/bureaus", PUDONG_ITEMS[i].code);
		/* exact element match: surrounded by separators */
		{
			const char *p = tbuf;
			int found = 0;
			size_t n = strlen(one);
			while ((p = strstr(p, one)) != NULL) {
				if ((p == tbuf || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
					found = 1;
				p += n;
			}
			ck_assert_msg(found == has_bureaus, "item %s in \"%s\": %d",
			              PUDONG_ITEMS[i].code, tbuf, found);
		}
	}
	/* Without expansion the unit has no own assignments. */
	ck_assert_str_eq(tasks_of(PUDONG, "expo-bureau", 0), "");
	ck_assert_str_eq(tasks_of(PUDONG, "expo-bureau", GOC_RESP_INHERIT), "");
}
END_TEST

/* For every unit: what goc_unit_tasks() lists equals the tasks whose
 * goc_task_units() name it, and the matrix agrees. */
START_TEST(test_pudong_consistency)
{
	char (*codes)[40] = NULL;
	char (*units)[40] = NULL;
	size_t ntasks = 0, nunits = 0, i, j;
	goc_cursor *c = NULL;
	char *from_units, *matrix_all, one[256];
	size_t cap = 1 << 16;
	int rc;

	load_pudong_plan();
	codes = calloc(64, sizeof *codes);
	units = calloc(64, sizeof *units);
	from_units = calloc(cap, 1);
	matrix_all = calloc(cap, 1);
	ck_assert_ptr_nonnull(codes);
	ck_assert_ptr_nonnull(units);
	ck_assert_ptr_nonnull(from_units);
	ck_assert_ptr_nonnull(matrix_all);

	must(goc_task_list(&c, db, PUDONG, NULL), "tasks");
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		ck_assert_uint_lt(ntasks, 64);
		snprintf(codes[ntasks++], 40, "%s", goc_task_code(goc_cursor_task(c)));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	ck_assert_uint_eq(ntasks, 37);

	c = NULL;
	must(goc_unit_list(&c, db, 0), "units");
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		ck_assert_uint_lt(nunits, 64);
		snprintf(units[nunits++], 40, "%s", goc_unit_code(goc_cursor_unit(c)));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	ck_assert_uint_eq(nunits, 20);

	for (j = 0; j < nunits; j++) {
		char expect[4096] = "";
		const char *got;

		/* Rows naming this unit in each task's units, in tree order. */
		for (i = 0; i < ntasks; i++) {
			goc_cursor *tc = NULL;
			must(goc_task_units(&tc, db, PUDONG, codes[i], EI), codes[i]);
			while ((rc = goc_cursor_next(tc)) == GOC_ROW) {
				const goc_assignment *a = goc_cursor_assignment(tc);
				ck_assert_int_eq(goc_assignment_is_group(a), 0);
				if (strcmp(goc_assignment_party(a), units[j]) != 0)
					continue;
				snprintf(one, sizeof one, "%s:", codes[i]);
				assignment_text(one + strlen(one), sizeof one - strlen(one), a, 0);
				append(expect, sizeof expect, one);
			}
			ck_assert_int_eq(rc, GOC_DONE);
			goc_cursor_free(tc);
		}
		got = tasks_of(PUDONG, units[j], EI);
		ck_assert_msg(strcmp(got, expect) == 0,
		              "unit %s: goc_unit_tasks \"%s\" but goc_task_units \"%s\"",
		              units[j], got, expect);
		if (expect[0] != '\0') {
			size_t len = strlen(from_units);
			ck_assert_uint_lt(len + strlen(expect) + 2, cap);
			if (len > 0)
				from_units[len++] = ',';
			strcpy(from_units + len, expect);
		}
	}
	/* Most units answer for something; publicity only for section four. */
	ck_assert_ptr_nonnull(strstr(from_units, "i19:publicity"));

	/* The matrix is the same rows, by unit code then tree order. */
	c = NULL;
	must(goc_plan_matrix(&c, db, PUDONG), "matrix");
	drain_assignments(matrix_all, cap, c, 1);
	ck_assert_str_eq(matrix_all, from_units);

	free(codes);
	free(units);
	free(from_units);
	free(matrix_all);
}
END_TEST

START_TEST(test_pudong_reports)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	goc_cursor *c = NULL;
	int n;

	load_pudong_plan();
	f.plan = PUDONG;
	f.task = "i9";
	f.unit = "hrss";
	f.period = "2024-H1";
	f.date = "2024-06-30";
	f.status = GOC_TASK_IN_PROGRESS;
	must(goc_report_submit(NULL, db, &f), "hrss on i9");
	f.unit = "expo-bureau";
	expect(goc_report_submit(NULL, db, &f), GOC_EPERM, NULL, "expo-bureau on i9");
	f.task = "i1";
	must(goc_report_submit(NULL, db, &f), "expo-bureau on i1");
	f.task = "i7";
	f.unit = "justice";
	must(goc_report_submit(NULL, db, &f), "justice on i7 via industry-authorities");

	expect(goc_plan_delete(db, PUDONG), GOC_ECONSTRAINT, NULL, "delete pudong");

	/* Missing for the half-year: every expanded pair on the 21 items
	 * except the three reported. */
	must(goc_report_missing(&c, db, PUDONG, "2024-H1"), "missing");
	n = cursor_count(c);
	{
		size_t i;
		int pairs = 0;
		for (i = 0; i < N_ELEMS(PUDONG_ITEMS); i++) {
			goc_cursor *tc = NULL;
			must(goc_task_units(&tc, db, PUDONG, PUDONG_ITEMS[i].code, EI), "units");
			pairs += cursor_count(tc);
		}
		ck_assert_int_eq(n, pairs - 3);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * Persistence
 * ---------------------------------------------------------------------- */

START_TEST(test_persist_reopen)
{
	char path[600];
	goc_plan *p = NULL;
	goc_task *t = NULL;
	goc_report *r = NULL;
	goc_cursor *c = NULL;
	goc_goal_fields g = GOC_GOAL_FIELDS_INIT;
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	int64_t id = 0, id2;

	snprintf(path, sizeof path, "%s/plan.db", tmpdir);
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	build_units();
	build_tasks();
	build_assignments();
	g.plan = "p1";
	g.code = "g1";
	g.title_zh = "目标一";
	g.text = "正文";
	must(goc_goal_create(db, &g), "goal");
	must(goc_task_set_status(db, "p1", "i2", GOC_TASK_DONE, "2024-03-20"), "done");
	f.plan = "p1";
	f.task = "i5";
	f.unit = "ub";
	f.period = "2024-07";
	f.date = "2024-07-31";
	f.status = GOC_TASK_BLOCKED;
	f.percent = 10;
	f.text = "等待审批。";
	must(goc_report_submit(&id, db, &f), "report");
	id2 = report("i5", "ub", "2024-07", "2024-08-01", id);
	load_pudong_plan();
	goc_db_close(db);
	db = NULL;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(plan_count(), 2);
	ck_assert_int_eq(goc_plan_get(&p, db, "p1"), GOC_OK);
	ck_assert_str_eq(goc_plan_title_zh(p), "测试方案");
	ck_assert_pstr_eq(goc_plan_start(p), "2024-01-01");
	ck_assert_pstr_eq(goc_plan_end(p), "2025-12-31");
	ck_assert_int_eq(goc_plan_task_count(p), 10);
	goc_plan_free(p);

	must(goc_goal_list(&c, db, "p1"), "goals");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_goal_code(goc_cursor_goal(c)), "g1");
	ck_assert_pstr_eq(goc_goal_text(goc_cursor_goal(c)), "正文");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	ck_assert_str_eq(list_codes("p1", NULL), "s1,t1,i1,i2,t2,i3,s2,t3,i4,i5");
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i2"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_DONE);
	ck_assert_pstr_eq(goc_task_done_date(t), "2024-03-20");
	ck_assert_pstr_eq(goc_task_due(t), "2024-03-31");
	goc_task_free(t);
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "p1", "i3"), GOC_OK);
	ck_assert_int_eq(goc_task_recurrence(t), GOC_RECUR_ANNUAL);
	goc_task_free(t);

	ck_assert_str_eq(units_of("p1", "t3", 0), "*#g1,#g2,ua");
	ck_assert_str_eq(units_of("p1", "i5", EI), "*ua<t3,*ub/g1<t3,uc/g2<t3");

	ck_assert_int_eq(goc_report_get(&r, db, id), GOC_OK);
	ck_assert_str_eq(goc_report_unit(r), "ub");
	ck_assert_str_eq(goc_report_period(r), "2024-07");
	ck_assert_int_eq(goc_report_status(r), GOC_TASK_BLOCKED);
	ck_assert_int_eq(goc_report_percent(r), 10);
	ck_assert_pstr_eq(goc_report_text(r), "等待审批。");
	ck_assert_int_eq(goc_report_superseded_by(r), id2);
	goc_report_free(r);
	ck_assert_int_eq(report_count("p1"), 2);

	ck_assert_int_eq(task_count(PUDONG, GOC_LEVEL_ITEM), 21);
	ck_assert_str_eq(units_of(PUDONG, "i9", 0), "hrss,org-dept");

	/* The rules still hold. */
	expect(goc_plan_delete(db, "p1"), GOC_ECONSTRAINT, NULL, "delete after reopen");
	expect(try_report("i5", "ub", "2024-07", "2024-08-02", id), GOC_ESTATE, NULL,
	       "supersede twice after reopen");
}
END_TEST

START_TEST(test_readonly)
{
	char path[600];
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	goc_plan_fields pf = GOC_PLAN_FIELDS_INIT;
	goc_goal_fields gf = GOC_GOAL_FIELDS_INIT;
	goc_task_fields tf = GOC_TASK_FIELDS_INIT;
	int64_t id;

	snprintf(path, sizeof path, "%s/ro.db", tmpdir);
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	build_units();
	build_tasks();
	build_assignments();
	id = report("i2", "uc", "2024-Q1", "2024-03-31", 0);
	goc_db_close(db);
	db = NULL;

	o.flags = GOC_OPEN_READONLY;
	ck_assert_int_eq(goc_db_open_ext(&db, path, &o), GOC_OK);
	pf.code = "new";
	pf.title_zh = "新";
	expect(goc_plan_create(db, &pf), GOC_EREADONLY, NULL, "plan create");
	gf.plan = "p1";
	gf.code = "g";
	gf.title_zh = "目标";
	expect(goc_goal_create(db, &gf), GOC_EREADONLY, NULL, "goal create");
	tf.plan = "p1";
	tf.code = "s9";
	tf.level = GOC_LEVEL_SECTION;
	tf.title_zh = "九";
	expect(goc_task_create(db, &tf), GOC_EREADONLY, NULL, "task create");
	expect(goc_task_set_status(db, "p1", "i1", GOC_TASK_DONE, "2024-05-01"),
	       GOC_EREADONLY, NULL, "set status");
	expect(goc_task_assign(db, "p1", "i1", "ue", GOC_ROLE_LEAD), GOC_EREADONLY, NULL, "assign");
	expect(goc_task_unassign(db, "p1", "i2", "uc"), GOC_EREADONLY, NULL, "unassign");
	expect(try_report("i2", "uc", "2024-Q2", "2024-06-30", 0), GOC_EREADONLY, NULL, "report");
	expect(try_report("i2", "uc", "2024-Q1", "2024-04-01", id), GOC_EREADONLY, NULL, "correction");
	expect(goc_plan_delete(db, "p1"), GOC_EREADONLY, NULL, "delete");
	expect(goc_plan_load(db, PUDONG), GOC_EREADONLY, NULL, "load built-in plan");

	/* Reads work. */
	ck_assert_str_eq(list_codes("p1", NULL), "s1,t1,i1,i2,t2,i3,s2,t3,i4,i5");
	ck_assert_str_eq(units_of("p1", "i1", EI), "*ua<t1,ub/g2<t1,uc/g2<t1");
	ck_assert_int_eq(report_count("p1"), 1);
	ck_assert_str_eq(missing("p1", "2024-Q1"),
	                 "i1:*ua<t1,i1:ub/g2<t1,i1:uc/g2<t1,i3:ud<s1,"
	                 "i4:*ub,i4:uc/g2,i5:*ua<t3,i5:*ub/g1<t3,i5:uc/g2<t3");
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");

	tu_fixtures(&db, tmpdir, sizeof tmpdir, "test-plan", NULL);

	add_case(s, "basics", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_enum_names, test_period_check, test_period_end, NULL });

	add_case(s, "plans", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_plan_create_get, test_plan_create_errors, test_plan_get_list_delete,
		test_goals, NULL });

	add_case(s, "plans-custom", custom_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_plan_delete_with_report, test_plan_delete_with_kpi, NULL });

	add_case(s, "tasks", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_task_tree_order, test_task_fields, test_task_create_errors,
		test_task_status, test_task_update, test_task_update_audit,
		test_task_list_errors, NULL });

	add_case(s, "responsibility", custom_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_task_filter_status_overdue, test_task_filter_unit, test_units_own,
		test_units_inherit, test_units_expand, test_units_errors, test_unit_tasks,
		test_matrix, NULL });

	add_case(s, "assign", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_assign_unassign, NULL });

	add_case(s, "reports", custom_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_report_submit_get, test_report_errors, test_report_permission,
		test_report_actor, test_report_supersede, test_report_latest,
		test_report_missing, NULL });

	add_case(s, "builtin", tu_mem_setup, tu_mem_teardown, 300, (const TTest *[]){
		test_pudong_counts, test_pudong_after_reference, test_pudong_load_kpis,
		test_pudong_tree, test_pudong_assignments, test_pudong_expo_bureau,
		test_pudong_consistency, test_pudong_reports, NULL });

	add_case(s, "persist", tu_file_setup, tu_file_teardown, 120, (const TTest *[]){
		test_persist_reopen, test_readonly, NULL });

	return s;
}

int main(void)
{
	return run_suite(plan_suite(), CK_NORMAL);
}
