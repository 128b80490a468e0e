/*
 * test_import — goc_plan_import_table() through the public API: the seed's
 * own task decomposition table, in every encoding and form offices use,
 * gives the same plan as the built-in pudong-goc-2024; bad tables get
 * their documented error, name the line, and change nothing.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

static const char *const builtin = "pudong-goc-2024";

static char *slurp(const char *name, size_t *len)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/data/tables/%s", name);
	return read_source(rel, len);
}

/* A database with the built-in plan and an empty plan "seed" of the same
 * window, ready to be filled from a table. */
static goc_db *setup_db(void)
{
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_plan_load(db, builtin), GOC_OK);
	ck_assert_int_eq(tu_plan_add(db, "seed", "任务分解表（导入）", "2024-01-01", "2025-12-31"),
	                 GOC_OK);
	return db;
}

static int count_tasks(goc_db *db, const char *plan)
{
	goc_cursor *cur = NULL;
	return count_rows(goc_task_list(&cur, db, plan, NULL), &cur, "goc_task_list");
}

static int count_units(goc_db *db)
{
	goc_cursor *cur = NULL;
	return count_rows(goc_unit_list(&cur, db, 0), &cur, "goc_unit_list");
}

static int import_file(goc_db *db, const char *name, const char *encoding, unsigned flags)
{
	size_t len = 0;
	char *data = slurp(name, &len);
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "seed";
	o.encoding = encoding;
	o.flags = flags;
	int rc = goc_plan_import_table(db, data, len, &o);
	free(data);
	return rc;
}

static int streq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The own assignments of a task as "party:role;…" */
static void own_units(goc_db *db, const char *plan, const char *task, char *buf, size_t size)
{
	goc_cursor *cur = NULL;
	int rc;
	buf[0] = '\0';
	ck_assert_int_eq(goc_task_units(&cur, db, plan, task, 0), GOC_OK);
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_assignment *a = goc_cursor_assignment(cur);
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s:%s;", goc_assignment_party(a),
		         goc_role_str(goc_assignment_role(a)));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(cur);
}

/* The imported plan equals the built-in one: same tree, codes, labels,
 * Chinese titles, work-item texts, due dates, recurrence, and the same own
 * assignments with roles on every task.  (The built-in plan adds English
 * titles and the special tasks' body text, which a table does not carry.) */
static void assert_same_as_builtin(goc_db *db)
{
	goc_cursor *a = NULL, *b = NULL;
	int ra, rb, n = 0;
	char ua[512], ub[512];
	ck_assert_int_eq(goc_task_list(&a, db, builtin, NULL), GOC_OK);
	ck_assert_int_eq(goc_task_list(&b, db, "seed", NULL), GOC_OK);
	for (;;) {
		ra = goc_cursor_next(a);
		rb = goc_cursor_next(b);
		ck_assert_int_eq(ra, rb);
		if (ra != GOC_ROW)
			break;
		const goc_task *x = goc_cursor_task(a), *y = goc_cursor_task(b);
		const char *code = goc_task_code(x);
		ck_assert_str_eq(code, goc_task_code(y));
		ck_assert_msg(streq(goc_task_parent(x), goc_task_parent(y)), "%s: parent", code);
		ck_assert_int_eq(goc_task_level(x), goc_task_level(y));
		ck_assert_msg(streq(goc_task_label(x), goc_task_label(y)), "%s: label", code);
		ck_assert_msg(streq(goc_task_title_zh(x), goc_task_title_zh(y)), "%s: title_zh", code);
		if (goc_task_level(x) == GOC_LEVEL_ITEM)
			ck_assert_msg(streq(goc_task_text(x), goc_task_text(y)),
			              "%s: text\n built-in: %s\n imported: %s", code,
			              goc_task_text(x), goc_task_text(y));
		ck_assert_msg(streq(goc_task_due(x), goc_task_due(y)), "%s: due", code);
		ck_assert_int_eq(goc_task_recurrence(x), goc_task_recurrence(y));
		own_units(db, builtin, code, ua, sizeof ua);
		own_units(db, "seed", code, ub, sizeof ub);
		ck_assert_msg(strcmp(ua, ub) == 0, "%s: units\n built-in: %s\n imported: %s",
		              code, ua, ub);
		n++;
	}
	ck_assert_int_eq(ra, GOC_DONE);
	ck_assert_int_eq(n, 37);
	goc_cursor_free(a);
	goc_cursor_free(b);
}

/* The seed table in each of its forms, the encoding detected or named:
 * the built-in plan (a loop test, one run a form). */
static const struct {
	const char *file, *encoding;
} seed_forms[] = {
	{ "seed-table.tsv", NULL },                   /* UTF-8 */
	{ "seed-table-gb18030-crlf.tsv", NULL },      /* GB18030, CRLF, detected */
	{ "seed-table-gb18030-crlf.tsv", "GB18030" }, /* the same, named */
	{ "seed-table-bom.csv", NULL },               /* CSV with a BOM */
};

START_TEST(test_seed_forms)
{
	goc_db *db = setup_db();
	int rc = import_file(db, seed_forms[_i].file, seed_forms[_i].encoding, 0);
	ck_assert_msg(rc == GOC_OK, "%s (%s): %d (%s)", seed_forms[_i].file,
	              seed_forms[_i].encoding ? seed_forms[_i].encoding : "detected", rc,
	              goc_error_message());
	assert_same_as_builtin(db);
	goc_db_close(db);
}
END_TEST

START_TEST(test_plan_without_end)
{
	/* work items are due at the plan's end: a plan without one leaves
	 * them without a due date */
	goc_db *db = setup_db();
	ck_assert_int_eq(tu_plan_add(db, "open", "无期限", NULL, NULL), GOC_OK);
	size_t len = 0;
	char *data = slurp("seed-table.tsv", &len);
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "open";
	ck_assert_int_eq(goc_plan_import_table(db, data, len, &o), GOC_OK);
	o.plan = "seed";
	ck_assert_int_eq(goc_plan_import_table(db, data, len, &o), GOC_OK);
	free(data);
	goc_task *t = NULL;
	ck_assert_int_eq(goc_task_get(&t, db, "open", "i1"), GOC_OK);
	ck_assert_ptr_null(goc_task_due(t));
	goc_task_free(t);
	ck_assert_int_eq(goc_task_get(&t, db, "seed", "i1"), GOC_OK);
	ck_assert_str_eq(goc_task_due(t), "2025-12-31");
	goc_task_free(t);
	goc_db_close(db);
}
END_TEST

START_TEST(test_unit_name_too_long)
{
	/* a unit name is a name: at most GOC_NAME_MAX (200) characters, even
	 * where unknown names become units; nothing is written */
	goc_db *db = setup_db();
	char table[2048] = "序号\t专项任务\t工作内容\t责任单位\n一、甲\n1\t任务\t(1) x\t";
	for (int i = 0; i < 201; i++)
		strcat(table, "长");
	strcat(table, "\n");
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "seed";
	for (int k = 0; k < 2; k++) {
		o.flags = k ? GOC_IMPORT_CREATE_UNITS : 0;
		int units = count_units(db);
		ck_assert_int_eq(goc_plan_import_table(db, table, strlen(table), &o), GOC_EINVAL);
		ck_assert_msg(strstr(goc_error_message(), "line 3, column 4: party") != NULL, "%s",
		              goc_error_message());
		ck_assert_int_eq(count_tasks(db, "seed"), 0);
		ck_assert_int_eq(count_units(db), units);
	}
	goc_db_close(db);
}
END_TEST

START_TEST(test_seed_tsv_delimiter_named)
{
	/* the delimiter named: the same plan as detected */
	goc_db *db = setup_db();
	size_t len = 0;
	char *data = slurp("seed-table.tsv", &len);
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "seed";
	o.delimiter = '\t';
	ck_assert_int_eq(goc_plan_import_table(db, data, len, &o), GOC_OK);
	free(data);
	assert_same_as_builtin(db);
	goc_db_close(db);
	/* and a comma for the CSV */
	db = setup_db();
	data = slurp("seed-table-bom.csv", &len);
	o.delimiter = ',';
	ck_assert_int_eq(goc_plan_import_table(db, data, len, &o), GOC_OK);
	free(data);
	assert_same_as_builtin(db);
	goc_db_close(db);
}
END_TEST

START_TEST(test_unit_and_task_views_agree)
{
	/* "a unit's task list and a task's units agree with the seed" */
	goc_db *db = setup_db();
	goc_cursor *cur = NULL, *t = NULL;
	char tasks_of_unit[4096], units_of_tasks[4096];
	ck_assert_int_eq(import_file(db, "seed-table.tsv", NULL, 0), GOC_OK);
	ck_assert_int_eq(goc_unit_list(&cur, db, 0), GOC_OK);
	while (goc_cursor_next(cur) == GOC_ROW) {
		const char *unit = goc_unit_code(goc_cursor_unit(cur));
		tasks_of_unit[0] = units_of_tasks[0] = '\0';
		ck_assert_int_eq(goc_unit_tasks(&t, db, "seed", unit,
		                                GOC_RESP_EXPAND | GOC_RESP_INHERIT), GOC_OK);
		while (goc_cursor_next(t) == GOC_ROW) {
			size_t n = strlen(tasks_of_unit);
			snprintf(tasks_of_unit + n, sizeof tasks_of_unit - n, "%s ",
			         goc_assignment_task(goc_cursor_assignment(t)));
		}
		goc_cursor_free(t);
		goc_cursor *all = NULL;
		ck_assert_int_eq(goc_task_list(&all, db, "seed", NULL), GOC_OK);
		while (goc_cursor_next(all) == GOC_ROW) {
			const char *code = goc_task_code(goc_cursor_task(all));
			ck_assert_int_eq(goc_task_units(&t, db, "seed", code,
			                                GOC_RESP_EXPAND | GOC_RESP_INHERIT), GOC_OK);
			while (goc_cursor_next(t) == GOC_ROW)
				if (strcmp(goc_assignment_party(goc_cursor_assignment(t)), unit) == 0) {
					size_t n = strlen(units_of_tasks);
					snprintf(units_of_tasks + n, sizeof units_of_tasks - n, "%s ", code);
				}
			goc_cursor_free(t);
		}
		goc_cursor_free(all);
		ck_assert_msg(strcmp(tasks_of_unit, units_of_tasks) == 0,
		              "%s: unit view '%s' vs task view '%s'", unit, tasks_of_unit,
		              units_of_tasks);
	}
	goc_cursor_free(cur);
	goc_db_close(db);
}
END_TEST

START_TEST(test_unknown_unit_names_line)
{
	goc_db *db = setup_db();
	int units = count_units(db);
	ck_assert_int_eq(import_file(db, "unknown-unit.tsv", NULL, 0), GOC_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "line "));
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "不存在局"));
	ck_assert_int_eq(count_tasks(db, "seed"), 0);
	ck_assert_int_eq(count_units(db), units);

	/* asked to, the import registers the unknown name as a unit */
	ck_assert_int_eq(import_file(db, "unknown-unit.tsv", NULL, GOC_IMPORT_CREATE_UNITS), GOC_OK);
	ck_assert_int_eq(count_units(db), units + 1);
	goc_unit *u = NULL;
	ck_assert_int_eq(goc_unit_find(&u, db, "不存在局"), GOC_OK);
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_DEPARTMENT);
	goc_unit_free(u);
	goc_db_close(db);
}
END_TEST

/* The code a new unit gets (unit-N, N one more than the units there are)
 * skips codes a unit or a group already has. */
START_TEST(test_created_unit_code_skips_taken)
{
	goc_db *db = setup_db();
	int units = count_units(db);
	char taken_unit[32], taken_group[32], expected[32];
	snprintf(taken_unit, sizeof taken_unit, "unit-%d", units + 2);
	snprintf(taken_group, sizeof taken_group, "unit-%d", units + 3);
	snprintf(expected, sizeof expected, "unit-%d", units + 4);
	ck_assert_int_eq(tu_unit_add(db, taken_unit, "占用代码的单位", GOC_UNIT_DEPARTMENT), GOC_OK);
	ck_assert_int_eq(goc_group_create(db, taken_group, "占用代码的组", NULL), GOC_OK);

	ck_assert_int_eq(import_file(db, "unknown-unit.tsv", NULL, GOC_IMPORT_CREATE_UNITS), GOC_OK);
	goc_unit *u = NULL;
	ck_assert_int_eq(goc_unit_find(&u, db, "不存在局"), GOC_OK);
	ck_assert_str_eq(goc_unit_code(u), expected);
	goc_unit_free(u);
	goc_db_close(db);
}
END_TEST

START_TEST(test_replace)
{
	goc_db *db = setup_db();
	ck_assert_int_eq(import_file(db, "seed-table.tsv", NULL, 0), GOC_OK);
	/* a second import into a plan that has tasks is refused … */
	ck_assert_int_eq(import_file(db, "seed-table.tsv", NULL, 0), GOC_EEXISTS);
	ck_assert_int_eq(count_tasks(db, "seed"), 37);
	/* … unless asked to replace */
	ck_assert_int_eq(import_file(db, "seed-table-bom.csv", NULL, GOC_IMPORT_REPLACE), GOC_OK);
	assert_same_as_builtin(db);
	/* once a unit has reported, the tasks can no longer be replaced */
	goc_report_fields r = GOC_REPORT_FIELDS_INIT;
	r.plan = "seed";
	r.task = "i1";
	r.unit = "expo-bureau";
	r.period = "2024-Q1";
	r.date = "2024-03-31";
	r.status = GOC_TASK_IN_PROGRESS;
	ck_assert_int_eq(goc_report_submit(NULL, db, &r), GOC_OK);
	ck_assert_int_eq(import_file(db, "seed-table.tsv", NULL, GOC_IMPORT_REPLACE), GOC_ECONSTRAINT);
	ck_assert_int_eq(count_tasks(db, "seed"), 37);
	goc_db_close(db);
}
END_TEST

START_TEST(test_bad_arguments)
{
	goc_db *db = setup_db();
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	ck_assert_int_eq(goc_plan_import_table(NULL, "", 0, &o), GOC_EINVAL);
	ck_assert_int_eq(goc_plan_import_table(db, NULL, 0, &o), GOC_EINVAL);
	ck_assert_int_eq(goc_plan_import_table(db, "", 0, NULL), GOC_EINVAL); /* no plan */
	ck_assert_int_eq(goc_plan_import_table(db, "", 0, &o), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "opts.plan"));
	o.plan = "nowhere";
	ck_assert_int_eq(goc_plan_import_table(db, "x", 1, &o), GOC_ENOTFOUND);
	o.plan = "seed";
	o.version = 99;
	ck_assert_int_eq(goc_plan_import_table(db, "x", 1, &o), GOC_EINVAL);
	o.version = GOC_IMPORT_OPTIONS_VERSION;
	o.flags = 0x80;
	ck_assert_int_eq(goc_plan_import_table(db, "x", 1, &o), GOC_EINVAL);
	o.flags = 0;
	o.delimiter = ';';
	ck_assert_int_eq(goc_plan_import_table(db, "x", 1, &o), GOC_EINVAL);
	o.delimiter = 0;
	o.encoding = "no-such-encoding";
	size_t len = 0;
	char *data = slurp("seed-table.tsv", &len);
	ck_assert_int_eq(goc_plan_import_table(db, data, len, &o), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "encoding"));
	free(data);
	ck_assert_int_eq(count_tasks(db, "seed"), 0);
	goc_db_close(db);
}
END_TEST

static int cancel_after_5(size_t done, size_t total, void *payload)
{
	int *calls = payload;
	ck_assert_uint_le(done, total);
	return ++*calls >= 5;
}

START_TEST(test_cancel_writes_nothing)
{
	goc_db *db = setup_db();
	size_t len = 0;
	char *data = slurp("seed-table.tsv", &len);
	int calls = 0;
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "seed";
	o.progress = cancel_after_5;
	o.payload = &calls;
	ck_assert_int_eq(goc_plan_import_table(db, data, len, &o), GOC_ECANCELLED);
	ck_assert_int_eq(calls, 5);
	ck_assert_int_eq(count_tasks(db, "seed"), 0);
	free(data);
	goc_db_close(db);
}
END_TEST

/* Every malformed table: an error, a message, nothing written. */
static const struct {
	const char *file;
	const char *encoding;
	int code;
} bad[] = {
	{ "bad-duplicate-item.tsv", NULL, GOC_EEXISTS },
	{ "bad-five-columns.tsv", NULL, GOC_EINVAL },
	{ "bad-gb18030.tsv", "gb18030", GOC_EINVAL },
	{ "bad-header.tsv", NULL, GOC_EINVAL },
	{ "bad-item-jump.tsv", NULL, GOC_EINVAL },
	{ "bad-item-outside-task.tsv", NULL, GOC_EINVAL },
	{ "bad-no-unit.tsv", NULL, GOC_EINVAL },
	{ "bad-task-before-section.tsv", NULL, GOC_EINVAL },
	{ "bad-task-jump.tsv", NULL, GOC_EINVAL },
	{ "bad-task-twice.tsv", NULL, GOC_EEXISTS },
	{ "bad-truncated-row.tsv", NULL, GOC_EINVAL },
	{ "bad-units-differ.tsv", NULL, GOC_EINVAL },
	{ "bad-utf8.tsv", "utf-8", GOC_EINVAL },
	{ "empty.tsv", NULL, GOC_EINVAL },
	{ "header-only.tsv", NULL, GOC_EINVAL },
	{ "random-bytes.bin", NULL, GOC_EINVAL },
};

START_TEST(test_malformed)
{
	goc_db *db = setup_db();
	int units = count_units(db);
	int rc = import_file(db, bad[_i].file, bad[_i].encoding, 0);
	ck_assert_msg(rc == bad[_i].code, "%s: got %s (%s), want %s", bad[_i].file,
	              goc_strerror(rc), goc_error_message(), goc_strerror(bad[_i].code));
	ck_assert_msg(goc_error_message()[0] != '\0', "%s: no message", bad[_i].file);
	ck_assert_int_eq(count_tasks(db, "seed"), 0);
	ck_assert_int_eq(count_units(db), units);
	goc_db_close(db);
}
END_TEST

/* Control characters in a cell: C1 ones (U+0085 NEL, U+009B CSI) as C0
 * ones, refused with the line and table column of the cell; a NUL byte is
 * binary data.  Nothing is written. */
START_TEST(test_control_characters_in_cells)
{
	static const struct {
		const char *table, *want;
	} cases[] = {
		{ "序号\t专项任务\t工作内容\t责任单位\n一、提高集聚度\t\t\t\n"
		  "1\t聚焦\xC2\x85引进\t(1) 引进组织。\t商务委\n",
		  "line 3, column 1: title_zh: control character U+0085" },
		{ "序号\t专项任务\t工作内容\t责任单位\n一、提高集聚度\t\t\t\n"
		  "1\t聚焦引进\t(1) 引进\xC2\x9B" "31m组织。\t商务委\n",
		  "control character U+009B" },
		{ "序号\t专项任务\t工作内容\t责任单位\n一、提高集聚度\t\t\t\n"
		  "1\t聚焦引进\t(1) 引进\x01组织。\t商务委\n",
		  "control character U+0001" },
		{ "序号\t专项任务\t工作内容\t责任单位\n一、提高集聚度\t\t\t\n"
		  "1\t聚焦引进\t(1) 引进\0组织。\t商务委\n",
		  "line 3" },
	};
	goc_db *db = setup_db();
	int units = count_units(db);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
		o.plan = "seed";
		size_t len = strlen(cases[i].table);
		if (i == 3)
			len += 1 + strlen(cases[i].table + len + 1);
		ck_assert_int_eq(goc_plan_import_table(db, cases[i].table, len, &o), GOC_EINVAL);
		ck_assert_msg(strstr(goc_error_message(), cases[i].want) != NULL,
		              "case %zu: \"%s\" does not say \"%s\"", i, goc_error_message(),
		              cases[i].want);
		ck_assert_int_eq(count_tasks(db, "seed"), 0);
		ck_assert_int_eq(count_units(db), units);
	}
	goc_db_close(db);
}
END_TEST

static Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("seed");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_seed_forms, 0, (int)(sizeof seed_forms / sizeof seed_forms[0]));
	tcase_add_test(tc, test_seed_tsv_delimiter_named);
	tcase_add_test(tc, test_plan_without_end);
	tcase_add_test(tc, test_unit_name_too_long);
	tcase_add_test(tc, test_unit_and_task_views_agree);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_unknown_unit_names_line);
	tcase_add_test(tc, test_created_unit_code_skips_taken);
	tcase_add_test(tc, test_replace);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_cancel_writes_nothing);
	tcase_add_test(tc, test_control_characters_in_cells);
	tcase_add_loop_test(tc, test_malformed, 0, (int)(sizeof bad / sizeof bad[0]));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(import_suite(), CK_NORMAL);
}
