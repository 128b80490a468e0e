/*
 * test_interchange — the plan interchange format: export of the built-in
 * plan byte for byte, export → import → export round trips (renamed, into
 * another database, a plan using every member), malformed documents with
 * their codes and messages, atomicity, replacing, the progress callback.
 *
 * Specification: include/goc/plan.h (goc_plan_export_json(),
 * goc_plan_import_json()), docs/plan-format.md, docs/plan.schema.json.
 *
 * Fixtures: tests/data/plans/ and lib/data/plan-pudong-goc-2024.json, found
 * through the environment variable GOC_SOURCE_DIR (set by meson), else
 * relative to the working directory.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define PUDONG "pudong-goc-2024"

/* ------------------------------------------------------------------------
 * Files
 * ---------------------------------------------------------------------- */

/* The bytes of a file under the source tree, NUL-terminated. */
static char *read_src(const char *rel, size_t *len) { return read_source(rel, len); }

static char *read_plan_fixture(const char *name, size_t *len)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/data/plans/%s", name);
	return read_src(rel, len);
}

/* Fail with the first difference between two texts. */
static void same_text(const char *got, const char *want, const char *what)
{
	size_t i = 0, line = 1, col = 1;

	ck_assert_ptr_nonnull(got);
	ck_assert_ptr_nonnull(want);
	if (strcmp(got, want) == 0)
		return;
	while (got[i] != '\0' && got[i] == want[i]) {
		if (got[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		i++;
	}
	ck_abort_msg("%s: texts differ at byte %zu (line %zu, column %zu): "
	             "got \"%.60s\", expected \"%.60s\" (lengths %zu, %zu)",
	             what, i, line, col, got + i, want + i, strlen(got), strlen(want));
}

/* @p text with the first occurrence of @p from replaced by @p to. */
static char *replace_once(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t lt = strlen(text), lf = strlen(from), lo = strlen(to);
	char *out;

	ck_assert_msg(p != NULL, "\"%s\" not found", from);
	out = malloc(lt - lf + lo + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, text, (size_t)(p - text));
	memcpy(out + (p - text), to, lo);
	strcpy(out + (p - text) + lo, p + lf);
	return out;
}

/* ------------------------------------------------------------------------
 * Fixtures
 * ---------------------------------------------------------------------- */

static goc_db *db;

/* Snapshots live until the teardown, so that a failing assertion (which
 * leaves the test at once) does not leak them under CK_FORK=no. */
static char *kept[32];
static size_t nkept;

static char *keep(char *p)
{
	ck_assert_uint_lt(nkept, N_ELEMS(kept));
	kept[nkept++] = p;
	return p;
}

static void unit_new(goc_db *d, const char *code, const char *name_zh)
{
	must(tu_unit_add(d, code, name_zh, GOC_UNIT_DEPARTMENT), code);
}

/* The pudong reference data and the units and groups of the custom plan. */
static void prepare(goc_db *d)
{
	must(goc_reference_load(d, "pudong"), "reference data");
	unit_new(d, "ua", "单位甲");
	unit_new(d, "ub", "单位乙");
	unit_new(d, "uc", "单位丙");
	unit_new(d, "ud", "单位丁");
	unit_new(d, "ue", "单位戊");
	must(goc_group_create(d, "g1", "甲组", "Group one"), "g1");
	must(goc_group_create(d, "g2", "乙组", NULL), "g2");
	must(goc_group_add_member(d, "g1", "ua"), "g1 ua");
	must(goc_group_add_member(d, "g1", "ub"), "g1 ub");
	must(goc_group_add_member(d, "g2", "ub"), "g2 ub");
	must(goc_group_add_member(d, "g2", "uc"), "g2 uc");
}

static goc_db *open_prepared(void)
{
	goc_db *d = NULL;
	if (goc_db_open(&d, ":memory:") != GOC_OK) {
		fprintf(stderr, "goc_db_open: %s\n", goc_error_message());
		abort();
	}
	prepare(d);
	return d;
}

static void setup(void)
{
	goc_error_clear();
	db = open_prepared();
}

static void teardown(void)
{
	goc_db_close(db);
	db = NULL;
	while (nkept > 0)
		free(kept[--nkept]);
}

static char *export_plan(goc_db *d, const char *plan)
{
	char *out = NULL;
	int rc = goc_plan_export_json(&out, d, plan);
	ck_assert_msg(rc == GOC_OK, "export %s: %d: %s", plan, rc, goc_error_message());
	ck_assert_ptr_nonnull(out);
	return out;
}

static int import_text(goc_db *d, const char *json, const char *as, unsigned int flags)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = as;
	o.flags = flags;
	return goc_plan_import_json(d, json, strlen(json), &o);
}

static int import_fixture(goc_db *d, const char *name, const char *as, unsigned int flags)
{
	size_t len;
	char *json = read_plan_fixture(name, &len);
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	int rc;

	o.plan = as;
	o.flags = flags;
	rc = goc_plan_import_json(d, json, len, &o);
	free(json);
	return rc;
}

static int cursor_count(goc_cursor *c)
{
	return count_rows(GOC_OK, &c, "cursor");
}

/*
 * What the database holds, through the API: every plan's code, the number
 * of its goals, tasks, own assignments and reports, and its export.
 * Returned as one text, freed by the teardown.
 */
static char *snapshot(goc_db *d)
{
	size_t cap = 1 << 20, len = 0;
	char *out = malloc(cap);
	goc_cursor *pc = NULL;
	int rc;

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	must(goc_plan_list(&pc, d), "plan list");
	while ((rc = goc_cursor_next(pc)) == GOC_ROW) {
		const char *code = goc_plan_code(goc_cursor_plan(pc));
		goc_cursor *c = NULL, *tc = NULL;
		goc_report_filter rf = GOC_REPORT_FILTER_INIT;
		int goals, tasks = 0, assignments = 0, reports;
		char *exp;

		must(goc_goal_list(&c, d, code), "goals");
		goals = cursor_count(c);
		c = NULL;
		must(goc_task_list(&c, d, code, NULL), "tasks");
		while ((rc = goc_cursor_next(c)) == GOC_ROW) {
			tasks++;
			tc = NULL;
			must(goc_task_units(&tc, d, code, goc_task_code(goc_cursor_task(c)), 0), "units");
			assignments += cursor_count(tc);
		}
		ck_assert_int_eq(rc, GOC_DONE);
		goc_cursor_free(c);
		c = NULL;
		rf.include_superseded = 1;
		must(goc_report_list(&c, d, code, &rf), "reports");
		reports = cursor_count(c);
		exp = export_plan(d, code);
		ck_assert_uint_lt(len + strlen(exp) + 200, cap);
		len += (size_t)snprintf(out + len, cap - len,
		                        "plan %s goals=%d tasks=%d assignments=%d reports=%d\n%s",
		                        code, goals, tasks, assignments, reports, exp);
		goc_free(exp);
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(pc);
	return keep(out);
}

static int plan_exists(goc_db *d, const char *code)
{
	goc_plan *p = NULL;
	int rc = goc_plan_get(&p, d, code);
	goc_plan_free(p);
	ck_assert(rc == GOC_OK || rc == GOC_ENOTFOUND);
	return rc == GOC_OK;
}

static int task_total(goc_db *d, const char *plan)
{
	goc_cursor *c = NULL;
	must(goc_task_list(&c, d, plan, NULL), "task list");
	return cursor_count(c);
}

/* ------------------------------------------------------------------------
 * The custom plan p1, built through the API; tests/data/plans/custom.json
 * is its export.
 * ---------------------------------------------------------------------- */

static void task_new(const char *code, const char *parent, int level,
                     const char *label, const char *title, const char *text,
                     const char *due, int recurrence)
{
	must(tu_task_add(db, "p1", code, parent, level, label, title, text, due, recurrence), code);
}

static void assign(const char *task, const char *party, int role)
{
	must(goc_task_assign(db, "p1", task, party, role), party);
}

static void build_custom(void)
{
	goc_plan_fields p = GOC_PLAN_FIELDS_INIT;
	goc_task_fields t = GOC_TASK_FIELDS_INIT;

	p.code = "p1";
	p.title_zh = "测试方案";
	p.title_en = "Test plan";
	p.issuer = "测试办";
	p.issued = "2024-01-15";
	p.source = "unit test";
	p.start = "2024-01-01";
	p.end = "2025-12-31";
	must(goc_plan_create(db, &p), "plan");

	must(tu_goal_add(db, "p1", "zeta", "后者", "Zeta", "目标正文。"), "goal zeta");
	must(tu_goal_add(db, "p1", "alpha", "前者", NULL, NULL), "goal alpha");

	/* Created interleaved; exported in tree order. */
	t.plan = "p1";
	t.code = "s1";
	t.level = GOC_LEVEL_SECTION;
	t.label = "一";
	t.title_zh = "第一部分";
	t.title_en = "Part one";
	must(goc_task_create(db, &t), "s1");
	task_new("s2", NULL, GOC_LEVEL_SECTION, "二", "第二部分", NULL, NULL, GOC_RECUR_NONE);
	task_new("t1", "s1", GOC_LEVEL_TASK, "1", "专项一", "专项一正文。", NULL, GOC_RECUR_NONE);
	task_new("t3", "s2", GOC_LEVEL_TASK, "3", "专项三", NULL, NULL, GOC_RECUR_NONE);
	task_new("t2", "s1", GOC_LEVEL_TASK, "2", "专项二", NULL, NULL, GOC_RECUR_NONE);
	task_new("i1", "t1", GOC_LEVEL_ITEM, "(1)", NULL, "工作一。", "2024-06-30", GOC_RECUR_NONE);
	task_new("i4", "t3", GOC_LEVEL_ITEM, "(4)", NULL, "工作四。", "2024-12-31", GOC_RECUR_NONE);
	task_new("i2", "t1", GOC_LEVEL_ITEM, "(2)", NULL, "工作二。", "2024-03-31", GOC_RECUR_NONE);
	task_new("i3", "t2", GOC_LEVEL_ITEM, "(3)", "工作三", NULL, NULL, GOC_RECUR_ANNUAL);
	task_new("i5", "t3", GOC_LEVEL_ITEM, "(5)", NULL, "工作五。", "2025-12-31", GOC_RECUR_ANNUAL);

	assign("i4", "g2", GOC_ROLE_RESPONSIBLE);
	assign("t3", "ua", GOC_ROLE_RESPONSIBLE);
	assign("s1", "ud", GOC_ROLE_RESPONSIBLE);
	assign("t1", "g2", GOC_ROLE_RESPONSIBLE);
	assign("t1", "ua", GOC_ROLE_LEAD);
	assign("i2", "uc", GOC_ROLE_RESPONSIBLE);
	assign("s2", "g1", GOC_ROLE_RESPONSIBLE);
	assign("t3", "g2", GOC_ROLE_RESPONSIBLE);
	assign("t3", "g1", GOC_ROLE_LEAD);
	assign("i4", "ub", GOC_ROLE_LEAD);
	/* An assignment removed again leaves no trace. */
	assign("i5", "ue", GOC_ROLE_LEAD);
	must(goc_task_unassign(db, "p1", "i5", "ue"), "unassign");

	/* t1 was done once, then reopened: no done_date. */
	must(goc_task_set_status(db, "p1", "t1", GOC_TASK_DONE, "2024-01-20"), "t1 done");
	must(goc_task_set_status(db, "p1", "t1", GOC_TASK_IN_PROGRESS, "2024-02-01"), "t1 reopened");
	must(goc_task_set_status(db, "p1", "i2", GOC_TASK_DONE, "2024-03-20"), "i2 done");
	must(goc_task_set_status(db, "p1", "i4", GOC_TASK_BLOCKED, "2024-04-01"), "i4 blocked");
	must(goc_task_set_status(db, "p1", "i5", GOC_TASK_CANCELLED, "2024-05-01"), "i5 cancelled");
}

/* ------------------------------------------------------------------------
 * Export
 * ---------------------------------------------------------------------- */

START_TEST(test_export_builtin_equals_file)
{
	char *want, *got;

	must(goc_plan_load(db, PUDONG), "load");
	want = read_src("lib/data/plan-pudong-goc-2024.json", NULL);
	got = export_plan(db, PUDONG);
	same_text(got, want, "export of the built-in plan");
	goc_free(got);

	/* Deterministic: a second export gives the same bytes. */
	got = export_plan(db, PUDONG);
	same_text(got, want, "second export");
	goc_free(got);
	free(want);
}
END_TEST

START_TEST(test_export_empty_plan)
{
	goc_plan_fields p = GOC_PLAN_FIELDS_INIT;
	char *got;

	p.code = "e";
	p.title_zh = "空";
	must(goc_plan_create(db, &p), "plan");
	got = export_plan(db, "e");
	same_text(got,
	          "{\n"
	          "  \"format\": \"libgoc-plan\",\n"
	          "  \"format_version\": 1,\n"
	          "  \"plan\": {\n"
	          "    \"code\": \"e\",\n"
	          "    \"title_zh\": \"空\"\n"
	          "  }\n"
	          "}\n",
	          "empty plan");
	goc_free(got);
}
END_TEST

START_TEST(test_export_escapes)
{
	goc_plan_fields p = GOC_PLAN_FIELDS_INIT;
	goc_db *db2 = open_prepared();
	char *got, *again;

	/* Quotes, backslashes and slashes survive the round trip. */
	p.code = "esc";
	p.title_zh = "引号\"与\\反斜杠/斜杠";
	p.source = "a/b \"c\"";
	must(goc_plan_create(db, &p), "plan");
	got = export_plan(db, "esc");
	ck_assert_ptr_nonnull(strstr(got, "\"title_zh\": \"引号\\\"与\\\\反斜杠/斜杠\""));
	must(import_text(db2, got, NULL, 0), "import");
	again = export_plan(db2, "esc");
	same_text(again, got, "round trip with escapes");
	goc_free(again);
	goc_free(got);
	goc_db_close(db2);
}
END_TEST

START_TEST(test_export_args)
{
	char *out = NULL;

	goc_free(NULL);
	must(goc_plan_load(db, PUDONG), "load");
	expect(goc_plan_export_json(NULL, db, PUDONG), GOC_EINVAL, NULL, "NULL out");
	expect(goc_plan_export_json(&out, NULL, PUDONG), GOC_EINVAL, NULL, "NULL db");
	expect(goc_plan_export_json(&out, db, NULL), GOC_EINVAL, NULL, "NULL plan");
	expect(goc_plan_export_json(&out, db, "nope"), GOC_ENOTFOUND, NULL, "unknown plan");
	goc_free(out);
	out = NULL;

	expect(goc_plan_import_json(NULL, "{}", 2, NULL), GOC_EINVAL, NULL, "import NULL db");
	expect(goc_plan_import_json(db, NULL, 2, NULL), GOC_EINVAL, NULL, "import NULL json");
	{
		goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
		size_t len;
		char *json = read_plan_fixture("small.json", &len);
		o.version = 99;
		expect(goc_plan_import_json(db, json, len, &o), GOC_EINVAL, NULL, "options version");
		ck_assert(!plan_exists(db, "small"));
		/* opts NULL: defaults. */
		must(goc_plan_import_json(db, json, len, NULL), "import with NULL options");
		ck_assert(plan_exists(db, "small"));
		free(json);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * Round trips
 * ---------------------------------------------------------------------- */

START_TEST(test_builtin_roundtrip_renamed)
{
	char *orig, *copy, *want, *again;

	must(goc_plan_load(db, PUDONG), "load");
	orig = export_plan(db, PUDONG);
	must(import_text(db, orig, "pudong-copy", 0), "import as pudong-copy");
	ck_assert_int_eq(task_total(db, "pudong-copy"), 37);
	copy = export_plan(db, "pudong-copy");
	want = replace_once(orig, "\"code\": \"pudong-goc-2024\"", "\"code\": \"pudong-copy\"");
	same_text(copy, want, "renamed copy");

	/* The original is untouched. */
	again = export_plan(db, PUDONG);
	same_text(again, orig, "original after the copy");

	/* Import the copy's export back under a third code. */
	goc_free(again);
	must(import_text(db, copy, "third", 0), "import as third");
	again = export_plan(db, "third");
	free(want);
	want = replace_once(orig, "\"code\": \"pudong-goc-2024\"", "\"code\": \"third\"");
	same_text(again, want, "third copy");

	goc_free(again);
	goc_free(copy);
	goc_free(orig);
	free(want);
}
END_TEST

START_TEST(test_builtin_roundtrip_other_db)
{
	goc_db *db2 = NULL, *bare = NULL;
	char *orig, *copy, *file;

	must(goc_plan_load(db, PUDONG), "load");
	orig = export_plan(db, PUDONG);

	ck_assert_int_eq(goc_db_open(&db2, ":memory:"), GOC_OK);
	must(goc_reference_load(db2, "pudong"), "reference in db2");
	must(import_text(db2, orig, NULL, 0), "import into db2");
	copy = export_plan(db2, PUDONG);
	same_text(copy, orig, "export from the second database");
	goc_free(copy);

	/* Importing the data file itself gives the same plan. */
	file = read_src("lib/data/plan-pudong-goc-2024.json", NULL);
	must(import_text(db2, file, "from-file", 0), "import the data file");
	ck_assert_int_eq(task_total(db2, "from-file"), 37);
	free(file);

	/* Loading the built-in plan where it was imported is a no-op. */
	must(goc_plan_load(db2, PUDONG), "load over the import");
	copy = export_plan(db2, PUDONG);
	same_text(copy, orig, "after goc_plan_load");
	goc_free(copy);
	goc_db_close(db2);

	/* Without the reference data the parties are unknown. */
	ck_assert_int_eq(goc_db_open(&bare, ":memory:"), GOC_OK);
	ck_assert_int_eq(import_text(bare, orig, NULL, 0), GOC_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), ".party"));
	ck_assert(!plan_exists(bare, PUDONG));
	goc_db_close(bare);
	goc_free(orig);
}
END_TEST

START_TEST(test_custom_export_equals_fixture)
{
	char *want, *got;

	build_custom();
	want = read_plan_fixture("custom.json", NULL);
	got = export_plan(db, "p1");
	same_text(got, want, "export of the custom plan");
	goc_free(got);
	free(want);
}
END_TEST

START_TEST(test_custom_roundtrip)
{
	goc_db *db2 = open_prepared();
	goc_task *t = NULL;
	goc_cursor *c = NULL;
	char *orig, *copy, *want;

	build_custom();
	orig = export_plan(db, "p1");

	/* Into a second database under the same code: identical. */
	must(import_text(db2, orig, NULL, 0), "import into db2");
	copy = export_plan(db2, "p1");
	same_text(copy, orig, "custom plan in db2");
	goc_free(copy);

	/* What was imported reads back through the API. */
	ck_assert_int_eq(goc_task_get(&t, db2, "p1", "i2"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_DONE);
	ck_assert_pstr_eq(goc_task_done_date(t), "2024-03-20");
	ck_assert_pstr_eq(goc_task_status_date(t), "2024-03-20");
	goc_task_free(t);
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db2, "p1", "t1"), GOC_OK);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_IN_PROGRESS);
	ck_assert_ptr_null(goc_task_done_date(t));
	ck_assert_pstr_eq(goc_task_text(t), "专项一正文。");
	goc_task_free(t);
	t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db2, "p1", "i5"), GOC_OK);
	ck_assert_int_eq(goc_task_recurrence(t), GOC_RECUR_ANNUAL);
	ck_assert_int_eq(goc_task_status(t), GOC_TASK_CANCELLED);
	goc_task_free(t);
	must(goc_task_units(&c, db2, "p1", "i5", GOC_RESP_EXPAND | GOC_RESP_INHERIT), "units");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_assignment_party(goc_cursor_assignment(c)), "ua");
	ck_assert_int_eq(goc_assignment_role(goc_cursor_assignment(c)), GOC_ROLE_LEAD);
	ck_assert_pstr_eq(goc_assignment_inherited_from(goc_cursor_assignment(c)), "t3");
	goc_cursor_free(c);
	c = NULL;
	must(goc_goal_list(&c, db2, "p1"), "goals");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_goal_code(goc_cursor_goal(c)), "zeta");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_goal_code(goc_cursor_goal(c)), "alpha");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Into the same database under another code. */
	must(import_text(db, orig, "p1-copy", 0), "import as p1-copy");
	copy = export_plan(db, "p1-copy");
	want = replace_once(orig, "\"code\": \"p1\"", "\"code\": \"p1-copy\"");
	same_text(copy, want, "renamed custom plan");
	goc_free(copy);
	free(want);

	/* And the fixture file itself round-trips. */
	want = read_plan_fixture("custom.json", NULL);
	must(import_text(db2, want, "p1-file", 0), "import custom.json");
	copy = export_plan(db2, "p1-file");
	free(want);
	want = replace_once(orig, "\"code\": \"p1\"", "\"code\": \"p1-file\"");
	same_text(copy, want, "custom.json imported");
	goc_free(copy);
	free(want);

	goc_free(orig);
	goc_db_close(db2);
}
END_TEST

START_TEST(test_small_roundtrip)
{
	char *want, *got;

	/* A canonical document exports as itself. */
	must(import_fixture(db, "small.json", NULL, 0), "import small.json");
	want = read_plan_fixture("small.json", NULL);
	got = export_plan(db, "small");
	same_text(got, want, "small.json");
	goc_free(got);
	free(want);
}
END_TEST

START_TEST(test_import_accepts_empty_arrays_and_order)
{
	static const char doc[] =
		"{\"plan\": {\"title_zh\": \"乱序\", \"code\": \"unordered\"},\n"
		" \"tasks\": [{\"level\": \"section\", \"title_zh\": \"一\", \"code\": \"s1\", \"assignments\": []}],\n"
		" \"goals\": [],\n"
		" \"format_version\": 1, \"format\": \"libgoc-plan\"}";
	char *got;

	must(import_text(db, doc, NULL, 0), "import");
	got = export_plan(db, "unordered");
	same_text(got,
	          "{\n"
	          "  \"format\": \"libgoc-plan\",\n"
	          "  \"format_version\": 1,\n"
	          "  \"plan\": {\n"
	          "    \"code\": \"unordered\",\n"
	          "    \"title_zh\": \"乱序\"\n"
	          "  },\n"
	          "  \"tasks\": [\n"
	          "    {\n"
	          "      \"code\": \"s1\",\n"
	          "      \"level\": \"section\",\n"
	          "      \"title_zh\": \"一\"\n"
	          "    }\n"
	          "  ]\n"
	          "}\n",
	          "normalised export");
	goc_free(got);
}
END_TEST

/* ------------------------------------------------------------------------
 * Malformed documents
 * ---------------------------------------------------------------------- */

static const struct {
	const char *file;
	int rc;
	const char *names[2];
} BAD[] = {
	{ "bad-syntax.json", GOC_EINVAL, { "line 4", "column" } },
	{ "bad-not-object.json", GOC_EINVAL, { NULL, NULL } },
	{ "bad-format.json", GOC_EINVAL, { "format", NULL } },
	{ "bad-format-version.json", GOC_EINVAL, { "format_version", NULL } },
	{ "bad-unknown-top.json", GOC_EINVAL, { "author", NULL } },
	{ "bad-unknown-plan-member.json", GOC_EINVAL, { "plan", "owner" } },
	{ "bad-unknown-task-member.json", GOC_EINVAL, { "tasks[1]", "priority" } },
	{ "bad-unknown-assignment-member.json", GOC_EINVAL, { "tasks[2].assignments[0]", "note" } },
	{ "bad-missing-plan-code.json", GOC_EINVAL, { "plan.code", NULL } },
	{ "bad-level.json", GOC_EINVAL, { "tasks[0].level", NULL } },
	{ "bad-role.json", GOC_EINVAL, { "tasks[1].assignments[0].role", NULL } },
	{ "bad-unknown-party.json", GOC_ENOTFOUND, { "tasks[1].assignments[1].party", "commerse" } },
	{ "bad-duplicate-task.json", GOC_EEXISTS, { "i1", NULL } },
	{ "bad-duplicate-goal.json", GOC_EEXISTS, { "more", NULL } },
	{ "bad-parent-after-child.json", GOC_ENOTFOUND, { "t1", NULL } },
	{ "bad-party-twice.json", GOC_EINVAL, { "tasks[1]", NULL } },
	{ "bad-done-date-without-done.json", GOC_EINVAL, { "tasks[2]", NULL } },
	{ "bad-done-date-in-progress.json", GOC_EINVAL, { "tasks[2]", NULL } },
	{ "bad-end-before-start.json", GOC_EINVAL, { "plan.end", NULL } },
	{ "bad-date.json", GOC_EINVAL, { "tasks[2].due", NULL } },
	{ "bad-item-under-section.json", GOC_EINVAL, { "tasks[3]", NULL } },
	{ "bad-empty-string.json", GOC_EINVAL, { "tasks[0].label", NULL } },
	{ "bad-no-title-no-text.json", GOC_EINVAL, { "tasks[3]", NULL } },
};

/* Existing content that a failed import must leave alone: the built-in
 * plan and the custom plan. */
static char *baseline(void)
{
	must(goc_plan_load(db, PUDONG), "load");
	build_custom();
	return snapshot(db);
}

START_TEST(test_import_bad_fixture)
{
	char *before = baseline(), *after;
	char what[128];
	size_t k;
	int rc;

	snprintf(what, sizeof what, "import %s", BAD[_i].file);
	goc_error_clear();
	rc = import_fixture(db, BAD[_i].file, NULL, 0);
	expect(rc, BAD[_i].rc, NULL, what);
	ck_assert_int_eq(goc_db_errcode(db), BAD[_i].rc);
	for (k = 0; k < 2; k++)
		if (BAD[_i].names[k] != NULL)
			ck_assert_msg(strstr(goc_error_message(), BAD[_i].names[k]) != NULL,
			              "%s: message \"%s\" does not name \"%s\"", what,
			              goc_error_message(), BAD[_i].names[k]);
	ck_assert(goc_utf8_check(goc_error_message()) == GOC_OK);

	/* Nothing written, also with REPLACE. */
	ck_assert(!plan_exists(db, "small"));
	after = snapshot(db);
	same_text(after, before, what);
	rc = import_fixture(db, BAD[_i].file, NULL, GOC_IMPORT_REPLACE);
	expect(rc, BAD[_i].rc, NULL, what);
	after = snapshot(db);
	same_text(after, before, what);
}
END_TEST

static const struct {
	const char *json;
	const char *name;
} INLINE[] = {
	{ "", "line" },
	{ "   \n", "line" },
	{ "{}", "format" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1}", "plan" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}} trailing", "line" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": \"1\", \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}}", "format_version" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"X\", \"title_zh\": \"x\"}}", "plan.code" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"\"}}", "plan.title_zh" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": 5}}", "plan.title_zh" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": {}}", "tasks" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"t\", \"level\": \"task\", \"title_zh\": \"t\"}]}", "tasks[0]" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"recurrence\": \"weekly\"}]}", "tasks[0].recurrence" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"status\": \"finished\"}]}", "tasks[0].status" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"\xff\"}}", NULL },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\", \"title_en\": null}}", "plan.title_en" },
	{ "[1, 2]", "JSON object" },
	{ "{\"format\": 5, \"format_version\": 1}", "format" },
	{ "{\"format\": \"other\", \"format_version\": 1}", "format" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 2}", "format_version" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"extra\": 1}", "extra: unknown member" },
	{ "{\"format\": \"libgoc-plan\"}", "format_version: this libgoc reads version 1 only" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"goals\": [{\"code\": \"g\", \"title_zh\": \"g\", \"zz\": 1}]}", "goals[0].zz: unknown member" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"goals\": [{\"title_zh\": \"g\"}]}", "goals[0].code: required" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"goals\": [{\"code\": \"g\"}]}", "goals[0].title_zh: required" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": []}", "plan: must be an object" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"title_zh\": \"x\"}}", "plan.code: required" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\\u0000y\"}}", "NUL" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"goals\": {}}", "goals: must be an array" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"goals\": [5]}", "goals[0]: must be an object" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"goals\": [{\"code\": \"g\", \"title_zh\": \"g\", \"title_en\": 5}]}", "goals[0].title_en" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"goals\": [{\"code\": \"g\", \"title_zh\": \"g\", \"text\": 5}]}", "goals[0].text" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [5]}", "tasks[0]: must be an object" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"title_zh\": \"s\"}]}", "tasks[0].level: required" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": 3, \"title_zh\": \"s\"}]}", "tasks[0].level" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"assignments\": {}}]}", "tasks[0].assignments: must be an array" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"assignments\": [5]}]}", "tasks[0].assignments[0]: must be an object" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"assignments\": [{\"party\": \"commerce\", \"role\": \"boss\"}]}]}", "tasks[0].assignments[0].role" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"assignments\": [{\"party\": \"Commerce!\", \"role\": \"lead\"}]}]}", "tasks[0].assignments[0].party" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"assignments\": [{\"role\": \"lead\"}]}]}", "tasks[0].assignments[0].party: required" },
	/* C1 controls, escaped and raw, are refused like C0 ones */
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"a\\u0085b\"}}", "plan.title_zh: control character U+0085 at byte 1" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"text\": \"a\\nb\xC2\x9B\"}]}", "tasks[0].text: control character U+009B" },
	/* status, status_date and done_date go together */
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"status\": \"in_progress\"}]}", "tasks[0].status_date: required with a status" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"status\": \"in_progress\", \"status_date\": \"2024-01-01\", \"done_date\": \"2024-02-01\"}]}", "tasks[0].done_date: only a done task" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"status_date\": \"2024-01-01\", \"done_date\": \"2024-02-01\"}]}", "tasks[0].done_date: only a done task" },
	{ "{\"format\": \"libgoc-plan\", \"format_version\": 1, \"plan\": {\"code\": \"x\", \"title_zh\": \"x\"}, \"tasks\": [{\"code\": \"s\", \"level\": \"section\", \"title_zh\": \"s\", \"done_date\": \"2024-02-01\"}]}", "tasks[0].done_date: only a done task" },
};

/* Inline malformed documents: EINVAL naming what is wrong, nothing written. */
START_TEST(test_import_bad_inline)
{
	char *before = baseline(), *after;
	char what[64];

	snprintf(what, sizeof what, "inline case %d", _i);
	expect(import_text(db, INLINE[_i].json, NULL, 0), GOC_EINVAL, INLINE[_i].name, what);
	ck_assert(goc_utf8_check(goc_error_message()) == GOC_OK);
	after = snapshot(db);
	same_text(after, before, what);
}
END_TEST

START_TEST(test_import_truncated)
{
	char *before = baseline(), *after;
	size_t len;
	char *json = read_plan_fixture("small.json", &len);

	expect(goc_plan_import_json(db, json, len / 2, NULL), GOC_EINVAL, "line", "truncated");
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "column"));
	free(json);
	after = snapshot(db);
	same_text(after, before, "after a truncated document");
}
END_TEST

/* An input over GOC_IMPORT_MAX_BYTES is refused before any of it is read:
 * the buffer here is never touched (malloc'd, not written). */
START_TEST(test_import_too_large)
{
	char *before = baseline(), *after;
	char *big = malloc(GOC_IMPORT_MAX_BYTES + 1);
	ck_assert_ptr_nonnull(big);
	expect(goc_plan_import_json(db, big, GOC_IMPORT_MAX_BYTES + 1, NULL), GOC_EINVAL,
	       "json: 67108865 bytes, more than the 67108864 bytes (64 MiB)", "json too large");
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = PUDONG;
	expect(goc_plan_import_table(db, big, GOC_IMPORT_MAX_BYTES + 1, &o), GOC_EINVAL,
	       "data: 67108865 bytes, more than the 67108864 bytes (64 MiB)", "table too large");
	free(big);
	after = snapshot(db);
	same_text(after, before, "after a refused large import");
}
END_TEST

START_TEST(test_import_existing_and_replace)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	char *v1, *v2, *got, *before, *after;
	goc_plan *p = NULL;

	must(goc_plan_load(db, PUDONG), "load");
	must(import_fixture(db, "small.json", NULL, 0), "import small.json");
	v1 = read_plan_fixture("small.json", NULL);
	v2 = read_plan_fixture("small-v2.json", NULL);

	/* Existing plan without REPLACE. */
	before = snapshot(db);
	expect(import_fixture(db, "small-v2.json", NULL, 0), GOC_EEXISTS, NULL, "existing plan");
	after = snapshot(db);
	same_text(after, before, "after EEXISTS");

	/* With REPLACE. */
	must(import_fixture(db, "small-v2.json", NULL, GOC_IMPORT_REPLACE), "replace");
	got = export_plan(db, "small");
	same_text(got, v2, "replaced plan");
	goc_free(got);
	ck_assert_int_eq(goc_plan_get(&p, db, "small"), GOC_OK);
	ck_assert_str_eq(goc_plan_title_zh(p), "小方案（修订）");
	ck_assert_int_eq(goc_plan_task_count(p), 3);
	goc_plan_free(p);
	/* Replacing with the same content again is fine. */
	must(import_fixture(db, "small-v2.json", NULL, GOC_IMPORT_REPLACE), "replace again");
	/* REPLACE of a plan that does not exist simply creates it. */
	must(import_fixture(db, "small.json", "small-new", GOC_IMPORT_REPLACE), "replace new");
	ck_assert(plan_exists(db, "small-new"));

	/* A plan with progress reports cannot be replaced. */
	f.plan = "small";
	f.task = "i1";
	f.unit = "financial";
	f.period = "2024-Q2";
	f.date = "2024-06-30";
	f.status = GOC_TASK_IN_PROGRESS;
	must(goc_report_submit(NULL, db, &f), "report");
	before = snapshot(db);
	expect(import_fixture(db, "small.json", NULL, GOC_IMPORT_REPLACE), GOC_ECONSTRAINT,
	       NULL, "replace with reports");
	after = snapshot(db);
	same_text(after, before, "after ECONSTRAINT");
	got = export_plan(db, "small");
	same_text(got, v2, "plan with reports unchanged");
	goc_free(got);

	/* The original document again, without REPLACE. */
	before = snapshot(db);
	expect(goc_plan_import_json(db, v1, strlen(v1), NULL), GOC_EEXISTS, NULL, "again");
	after = snapshot(db);
	same_text(after, before, "after EEXISTS again");
	free(v1);
	free(v2);
}
END_TEST

START_TEST(test_import_plan_override)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	size_t len;
	char *json = read_plan_fixture("small.json", &len);

	o.plan = "renamed";
	must(goc_plan_import_json(db, json, len, &o), "import renamed");
	ck_assert(plan_exists(db, "renamed"));
	ck_assert(!plan_exists(db, "small"));
	ck_assert_int_eq(task_total(db, "renamed"), 4);

	o.plan = "Bad Code";
	expect(goc_plan_import_json(db, json, len, &o), GOC_EINVAL, NULL, "bad override");
	ck_assert(!plan_exists(db, "small"));

	/* The override decides what exists. */
	o.plan = "renamed";
	expect(goc_plan_import_json(db, json, len, &o), GOC_EEXISTS, NULL, "renamed twice");
	must(goc_plan_import_json(db, json, len, NULL), "under its own code");
	ck_assert(plan_exists(db, "small"));
	free(json);
}
END_TEST

/* Inside an explicit transaction a failed import undoes only itself. */
START_TEST(test_import_in_transaction)
{
	char *before = baseline();

	must(goc_db_begin(db), "begin");
	expect(import_fixture(db, "bad-unknown-party.json", NULL, 0), GOC_ENOTFOUND, NULL,
	       "bad import in a transaction");
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	must(import_fixture(db, "small.json", NULL, 0), "good import in a transaction");
	expect(import_fixture(db, "small.json", NULL, 0), GOC_EEXISTS, NULL, "twice");
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	ck_assert(plan_exists(db, "small"));
	must(goc_db_rollback(db), "rollback");
	ck_assert(!plan_exists(db, "small"));
	same_text(snapshot(db), before, "after rollback");

	must(goc_db_begin(db), "begin again");
	must(import_fixture(db, "small.json", "kept", 0), "import kept");
	expect(import_fixture(db, "bad-duplicate-task.json", "dropped", 0), GOC_EEXISTS, NULL,
	       "duplicate task in a transaction");
	must(goc_db_commit(db), "commit");
	ck_assert(plan_exists(db, "kept"));
	ck_assert(!plan_exists(db, "dropped"));
	ck_assert_int_eq(task_total(db, "kept"), 4);
}
END_TEST

/* ------------------------------------------------------------------------
 * Progress callback
 * ---------------------------------------------------------------------- */

struct progress_log {
	size_t calls;
	size_t last_done;
	size_t total;
	int monotonic;
	int total_constant;
	int within;
	size_t cancel_at; /* cancel on this call (1-based); 0 never */
};

static int progress_cb(size_t done, size_t total, void *payload)
{
	struct progress_log *log = payload;

	log->calls++;
	if (log->calls == 1) {
		log->total = total;
	} else {
		if (done < log->last_done)
			log->monotonic = 0;
		if (total != log->total)
			log->total_constant = 0;
	}
	if (done > total)
		log->within = 0;
	log->last_done = done;
	return log->cancel_at != 0 && log->calls == log->cancel_at;
}

static int import_with_progress(const char *json, const char *as, struct progress_log *log)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = as;
	o.progress = progress_cb;
	o.payload = log;
	log->calls = 0;
	log->last_done = 0;
	log->total = 0;
	log->monotonic = 1;
	log->total_constant = 1;
	log->within = 1;
	return goc_plan_import_json(db, json, strlen(json), &o);
}

START_TEST(test_progress)
{
	struct progress_log log;
	char *orig, *before, *after;
	size_t calls;

	must(goc_plan_load(db, PUDONG), "load");
	orig = export_plan(db, PUDONG);

	memset(&log, 0, sizeof log);
	must(import_with_progress(orig, "copy", &log), "import with progress");
	ck_assert_uint_gt(log.calls, 0);
	ck_assert_uint_gt(log.total, 0);
	ck_assert_msg(log.monotonic, "done values went backwards");
	ck_assert_msg(log.total_constant, "total changed");
	ck_assert_msg(log.within, "done above total");
	ck_assert_uint_eq(log.last_done, log.total);
	calls = log.calls;
	ck_assert(plan_exists(db, "copy"));

	/* Cancel at the first, a middle and the last call. */
	before = snapshot(db);
	log.cancel_at = 1;
	expect(import_with_progress(orig, "cancel-first", &log), GOC_ECANCELLED, NULL, "cancel first");
	ck_assert_uint_eq(log.calls, 1);
	ck_assert(!plan_exists(db, "cancel-first"));
	if (calls >= 3) {
		log.cancel_at = calls / 2 + 1;
		expect(import_with_progress(orig, "cancel-middle", &log), GOC_ECANCELLED, NULL,
		       "cancel middle");
		ck_assert_uint_eq(log.calls, calls / 2 + 1);
		ck_assert(!plan_exists(db, "cancel-middle"));
	}
	log.cancel_at = calls;
	expect(import_with_progress(orig, "cancel-last", &log), GOC_ECANCELLED, NULL, "cancel last");
	ck_assert(!plan_exists(db, "cancel-last"));
	/* Cancelling a REPLACE leaves the old plan. */
	{
		goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
		o.flags = GOC_IMPORT_REPLACE;
		o.plan = "copy";
		o.progress = progress_cb;
		o.payload = &log;
		log.calls = 0;
		log.cancel_at = 2;
		expect(goc_plan_import_json(db, orig, strlen(orig), &o), GOC_ECANCELLED, NULL,
		       "cancel replace");
	}
	after = snapshot(db);
	same_text(after, before, "after cancelling");
	goc_free(orig);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *interchange_suite(void)
{
	Suite *s = suite_create("interchange");
	TCase *tc;

	add_case(s, "export", setup, teardown, 300, (const TTest *[]){
		test_export_builtin_equals_file, test_export_empty_plan, test_export_escapes,
		test_export_args, NULL });

	add_case(s, "roundtrip", setup, teardown, 300, (const TTest *[]){
		test_builtin_roundtrip_renamed, test_builtin_roundtrip_other_db,
		test_custom_export_equals_fixture, test_custom_roundtrip, test_small_roundtrip,
		test_import_accepts_empty_arrays_and_order, NULL });

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_import_bad_fixture, 0, (int)N_ELEMS(BAD));
	tcase_add_loop_test(tc, test_import_bad_inline, 0, (int)N_ELEMS(INLINE));
	tcase_add_test(tc, test_import_truncated);
	tcase_add_test(tc, test_import_too_large);
	suite_add_tcase(s, tc);

	add_case(s, "existing", setup, teardown, 300, (const TTest *[]){
		test_import_existing_and_replace, test_import_plan_override,
		test_import_in_transaction, NULL });

	add_case(s, "progress", setup, teardown, 300, (const TTest *[]){
		test_progress, NULL });

	return s;
}

int main(void)
{
	return run_suite(interchange_suite(), CK_NORMAL);
}
