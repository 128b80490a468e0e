/*
 * test_internal — the library's own helpers, called directly where no
 * public call reaches them every way (issue 14, "Coverage as SQLite keeps
 * it"): error.c's mapping of SQLite's codes and its messages (cut to
 * GOC_ERRMSG_MAX at a character boundary, kept valid UTF-8), the enum
 * helpers' edges, the text and code checks' edges, the plan document (the
 * JSON reader with each arena allocation failing, locations, the store's
 * own checks), the parser of the built-in reference data on rows the
 * built-in file lacks, and the plan export with jansson out of memory.
 * Links the static library and includes lib/plandoc.h.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <jansson.h>
#include <sqlite3.h>

#include "plandoc.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Every SQLite result code libgoc maps, and what it maps to. */
static const struct {
	int sqlite, goc;
} MAP[] = {
	{ SQLITE_OK, GOC_OK },
	{ SQLITE_NOMEM, GOC_ENOMEM },
	{ SQLITE_BUSY, GOC_EBUSY },
	{ SQLITE_BUSY_SNAPSHOT, GOC_EBUSY },
	{ SQLITE_LOCKED, GOC_EBUSY },
	{ SQLITE_IOERR, GOC_EIO },
	{ SQLITE_IOERR_WRITE, GOC_EIO },
	{ SQLITE_FULL, GOC_EIO },
	{ SQLITE_CORRUPT, GOC_ECORRUPT },
	{ SQLITE_NOTADB, GOC_ENOTDB },
	{ SQLITE_READONLY, GOC_EREADONLY },
	{ SQLITE_CANTOPEN, GOC_ECANTOPEN },
	{ SQLITE_PERM, GOC_EPERM },
	{ SQLITE_AUTH, GOC_EPERM },
	{ SQLITE_CONSTRAINT_UNIQUE, GOC_EEXISTS },
	{ SQLITE_CONSTRAINT_PRIMARYKEY, GOC_EEXISTS },
	{ SQLITE_CONSTRAINT_FOREIGNKEY, GOC_ECONSTRAINT },
	{ SQLITE_CONSTRAINT, GOC_ECONSTRAINT },
	{ SQLITE_MISUSE, GOC_EMISUSE },
	{ SQLITE_ERROR, GOC_ERROR },
	{ SQLITE_SCHEMA, GOC_ERROR },
	{ SQLITE_TOOBIG, GOC_ERROR },
};

START_TEST(map_sqlite)
{
	ck_assert_msg(goc__map_sqlite(MAP[_i].sqlite) == MAP[_i].goc, "SQLite %d (%s) -> %d, not %d",
	              MAP[_i].sqlite, sqlite3_errstr(MAP[_i].sqlite),
	              goc__map_sqlite(MAP[_i].sqlite), MAP[_i].goc);
}
END_TEST

/* Without a handle (or its connection) the message is SQLite's text for
 * the code; out of memory is said plainly. */
START_TEST(sqlerr_without_handle)
{
	ck_assert_int_eq(goc__sqlerr(NULL, SQLITE_BUSY, "reading"), GOC_EBUSY);
	ck_assert_str_eq(goc_error_message(), "reading: database is locked");
	ck_assert_int_eq(goc__sqlerr(NULL, SQLITE_NOMEM, "reading"), GOC_ENOMEM);
	ck_assert_str_eq(goc_error_message(), "reading: out of memory");
	ck_assert_int_eq(goc_error_last(), GOC_ENOMEM);
	/* a handle whose connection is not open yet (goc_db_open() failing) */
	static goc_db half;
	ck_assert_int_eq(goc__sqlerr(&half, SQLITE_CANTOPEN, "opening"), GOC_ECANTOPEN);
	ck_assert_str_eq(goc_error_message(), "opening: unable to open database file");
	ck_assert_str_eq(half.err_msg, goc_error_message());
}
END_TEST

/* Characters of every UTF-8 length, repeated past GOC_ERRMSG_MAX after
 * 0–3 bytes of ASCII: whatever byte the cut falls on, the message is valid
 * UTF-8, ends on a whole character and is as long as it can be. */
static const char *const WIDE[] = { "a", "\xC3\xA9" /* é */, "\xE4\xB8\xAD" /* 中 */,
	                            "\xF0\x9F\x98\x80" /* U+1F600 */ };

START_TEST(err_cut_at_a_character)
{
	const char *ch = WIDE[_i / 4];
	size_t w = strlen(ch), pad = (size_t)_i % 4;
	char text[3 * GOC_ERRMSG_MAX];
	size_t n = 0;
	memset(text, 'x', pad);
	n = pad;
	while (n + w < sizeof text) {
		memcpy(text + n, ch, w);
		n += w;
	}
	text[n] = '\0';
	ck_assert_int_eq(goc__err(NULL, GOC_EINVAL, "%s", text), GOC_EINVAL);
	const char *msg = goc_error_message();
	size_t len = strlen(msg);
	ck_assert_int_eq(goc_utf8_check(msg), GOC_OK);
	ck_assert_uint_lt(len, GOC_ERRMSG_MAX);
	ck_assert_uint_gt(len + w, GOC_ERRMSG_MAX - 1);  /* nothing more was dropped */
	ck_assert_int_eq(memcmp(msg, text, len), 0);
	ck_assert_uint_eq((len - pad) % w, 0);           /* whole characters only */
}
END_TEST

/* Bytes that are not UTF-8 in a message become '?'; a message cut inside
 * nothing but continuation bytes is left to that rule. */
START_TEST(err_keeps_messages_utf8)
{
	goc__err(NULL, GOC_EINVAL, "name '%s'", "ab\xC3\x28" "cd\xFF");
	ck_assert_str_eq(goc_error_message(), "name 'ab?(cd?'");
	char cont[2 * GOC_ERRMSG_MAX];
	memset(cont, 0x80, sizeof cont - 1);
	cont[sizeof cont - 1] = '\0';
	goc__err(NULL, GOC_EINVAL, "%s", cont);
	const char *msg = goc_error_message();
	ck_assert_int_eq(goc_utf8_check(msg), GOC_OK);
	ck_assert_uint_eq(strlen(msg), GOC_ERRMSG_MAX - 1);
	ck_assert_int_eq(strspn(msg, "?"), GOC_ERRMSG_MAX - 1);
}
END_TEST

/* vsnprintf() fails (a wide character the C locale cannot convert): the
 * message is empty but the code is kept. */
START_TEST(err_format_fails)
{
	static const wchar_t bad[] = { 0x4E2D, 0 };
	ck_assert_int_eq(goc__err(NULL, GOC_EIO, "%ls", bad), GOC_EIO);
	ck_assert_int_eq(goc_error_last(), GOC_EIO);
	ck_assert_str_eq(goc_error_message(), "");
}
END_TEST

/* Names read back from the database: NULL and unknown names are 0, and
 * the recurrence's value is "annual" or none. */
START_TEST(enum_values)
{
	static const char *const names[] = { NULL, "one", "two" };
	ck_assert_int_eq(goc__enum_value(names, 3, NULL), 0);
	ck_assert_int_eq(goc__enum_value(names, 3, "three"), 0);
	ck_assert_int_eq(goc__enum_value(names, 3, "two"), 2);
	ck_assert_int_eq(goc__recurrence_value(NULL), GOC_RECUR_NONE);
	ck_assert_int_eq(goc__recurrence_value("none"), GOC_RECUR_NONE);
	ck_assert_int_eq(goc__recurrence_value("annual"), GOC_RECUR_ANNUAL);
	int v = 7;
	ck_assert_int_eq(goc_recurrence_parse(NULL, "annual"), GOC_EINVAL);
	ck_assert_int_eq(goc_recurrence_parse(&v, "none"), GOC_OK);
	ck_assert_int_eq(v, GOC_RECUR_NONE);
}
END_TEST

/* The plan document's JSON reader (lib/json.c) with each allocation from
 * its arena failing once (goc__arena_fail_in): GOC_ENOMEM, said so; with
 * none failing, the whole document. */
START_TEST(json_arena_failures)
{
	static const char json[] =
		"{\"format\": \"libgoc-plan\", \"format_version\": 1,"
		" \"plan\": {\"code\": \"p\", \"title_zh\": \"计划\"},"
		" \"goals\": [{\"code\": \"g1\", \"title_zh\": \"目标\"}],"
		" \"tasks\": [{\"code\": \"s1\", \"level\": \"section\", \"title_zh\": \"一\"},"
		"  {\"code\": \"t1\", \"parent\": \"s1\", \"level\": \"task\", \"title_zh\": \"任务\","
		"   \"assignments\": [{\"party\": \"swc\", \"role\": \"lead\"},"
		"                   {\"party\": \"kjw\", \"role\": \"responsible\"}]}]}";
	long n;
	for (n = 0; n < 1000; n++) {
		struct goc__plandoc doc;
		ck_assert_int_eq(goc__plandoc_init(NULL, &doc), GOC_OK);
		goc__arena_fail_in(doc.arena, n);
		int rc = goc__plandoc_from_json(NULL, json, sizeof json - 1, &doc);
		if (rc == GOC_OK) {
			ck_assert_str_eq(doc.plan.code, "p");
			ck_assert_uint_eq(doc.n_goals, 1);
			ck_assert_str_eq(doc.goals[0].loc.path, "goals[0]");
			ck_assert_uint_eq(doc.n_tasks, 2);
			ck_assert_uint_eq(doc.tasks[1].n_assign, 2);
			ck_assert_str_eq(doc.tasks[1].assign[1].party, "kjw");
			ck_assert_str_eq(doc.tasks[1].assign[1].loc.path, "tasks[1].assignments[1]");
			goc__plandoc_free(&doc);
			break;
		}
		ck_assert_int_eq(rc, GOC_ENOMEM);
		ck_assert_int_eq(goc_error_last(), GOC_ENOMEM);
		ck_assert_str_eq(goc_error_message(), "out of memory reading a plan");
		goc__plandoc_free(&doc);
	}
	ck_assert_int_gt(n, 15);
	ck_assert_int_lt(n, 1000);
}
END_TEST

/* Locations as messages give them: a path, a line and column, a line
 * alone, nothing; freeing no document is a no-op. */
START_TEST(loc_format)
{
	char buf[64];
	struct goc__doc_loc path = { 0, 0, "tasks[2]" }, lc = { 3, 4, NULL }, l = { 3, 0, NULL },
	                    none = { 0, 0, NULL };
	goc__loc_format(buf, sizeof buf, path, "code");
	ck_assert_str_eq(buf, "tasks[2].code");
	goc__loc_format(buf, sizeof buf, lc, "party");
	ck_assert_str_eq(buf, "line 3, column 4: party");
	goc__loc_format(buf, sizeof buf, l, "party");
	ck_assert_str_eq(buf, "line 3: party");
	goc__loc_format(buf, sizeof buf, none, "party");
	ck_assert_str_eq(buf, "party");
	goc__plandoc_free(NULL);
}
END_TEST

/* The store checks every assignment's role, whatever reader made it, and
 * reads a status date alone as "not started" since then. */
START_TEST(store_refuses_bad_role)
{
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	struct goc__plandoc doc;
	ck_assert_int_eq(goc__plandoc_init(db, &doc), GOC_OK);
	doc.plan.code = "p";
	doc.plan.title_zh = "计划";
	struct goc__doc_task *t = goc__plandoc_add_task(db, &doc);
	ck_assert_ptr_nonnull(t);
	t->code = "s1";
	t->level = GOC_LEVEL_SECTION;
	t->title_zh = "一";
	t->loc.line = 7;
	t->loc.column = 1;
	struct goc__doc_loc at = { 7, 4, NULL };
	ck_assert_int_eq(goc__plandoc_add_assign(db, &doc, t, "swc", 99, at), GOC_OK);
	ck_assert_int_eq(goc__plandoc_store(db, &doc, GOC__STORE_NEW_PLAN, NULL, 0, NULL, NULL),
	                 GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 7, column 4: party: 99 is not a role");
	goc__plandoc_free(&doc);

	/* a status date without a status: not started, as of that date */
	ck_assert_int_eq(goc__plandoc_init(db, &doc), GOC_OK);
	doc.plan.code = "p2"; /* outside a write nothing undid "p" */
	doc.plan.title_zh = "计划";
	t = goc__plandoc_add_task(db, &doc);
	ck_assert_ptr_nonnull(t);
	t->code = "s1";
	t->level = GOC_LEVEL_SECTION;
	t->title_zh = "一";
	t->status_date = "2024-05-01";
	ck_assert_int_eq(goc__plandoc_store(db, &doc, GOC__STORE_NEW_PLAN, NULL, 0, NULL, NULL),
	                 GOC_OK);
	goc__plandoc_free(&doc);
	goc_task *task = NULL;
	ck_assert_int_eq(goc_task_get(&task, db, "p2", "s1"), GOC_OK);
	ck_assert_int_eq(goc_task_status(task), GOC_TASK_NOT_STARTED);
	ck_assert_str_eq(goc_task_status_date(task), "2024-05-01");
	goc_task_free(task);
	goc_db_close(db);
}
END_TEST

/* The text helpers' edges: an allocation of 0 bytes, a control character
 * without a short escape, a NUL inside the bytes scanned, U+00A0 (C2 A0,
 * not a C1 control), characters past 'z' in a code, letters where a
 * credit code wants digits. */
START_TEST(text_edges)
{
	void *p = goc__malloc(0);
	ck_assert_ptr_nonnull(p);
	goc__free(p);

	sqlite3_str *out = sqlite3_str_new(NULL);
	goc__json_str(out, "a\x01\tb");
	char *json = sqlite3_str_finish(out);
	ck_assert_str_eq(json, "\"a\\u0001\\tb\"");
	sqlite3_free(json);

	size_t bad = 99, at = 99;
	ck_assert_int_eq(goc__utf8_scan("a\0b", 3, NULL, &bad), -1);
	ck_assert_uint_eq(bad, 1);

	unsigned cp = 0;
	ck_assert(!goc__find_control("\xC2\xA0x", false, &at, &cp));
	ck_assert(goc__find_control("\xC2\xA0\xC2\x85", false, &at, &cp));
	ck_assert_uint_eq(at, 2);
	ck_assert_uint_eq(cp, 0x85);

	ck_assert_int_eq(goc__check_code(NULL, "code", "ab~"), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "code: "));
	ck_assert_int_eq(goc__check_code(NULL, "code", "ab{"), GOC_EINVAL);
	ck_assert_int_eq(goc__check_code(NULL, "code", "ab-z_9"), GOC_OK);
	ck_assert_int_eq(goc__check_uscc(NULL, "uscc", "91A10000MA1FL8JX2B"), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(),
	                 "uscc: character 3 must be a digit (administrative division code)");
}
END_TEST

/* The parser of the built-in reference data, on rows the built-in file
 * does not have: each refusal names its line; comments, blank lines, a
 * last line without a newline, an empty member list are read. */
START_TEST(reference_text)
{
	static const struct {
		const char *text;
		int rc;
		const char *message;
	} cases[] = {
		{ "# units\n\nunit\tu1\tdepartment\t单位一\tUnit One\n"
		  "unit\tu2\tdepartment\t单位二\tUnit Two\treviewer\n"
		  "group\tg1\t组一\tGroup One\t\n"
		  "group\tg2\t组二\tGroup Two\tu1,u2\n"
		  "zone\tz1\t区一\tZone One\t-\tu1", GOC_OK, "" },
		{ "# nothing but a comment\n", GOC_OK, "" },
		{ "unit\tu1\n", GOC_ERROR, "reference data line 1: malformed row" },
		{ "#\nunit\tu1\tdepartment\t单位一\tUnit One\tboss\n", GOC_ERROR,
		  "reference data line 2: malformed row" },
		{ "group\tg1\t组一\tGroup One\n", GOC_ERROR, "reference data line 1: malformed row" },
		{ "zone\tz1\t区一\tZone One\t-\n", GOC_ERROR, "reference data line 1: malformed row" },
		{ "a\tb\tc\td\te\tf\tg\th\ti\n", GOC_ERROR, "reference data line 1: too many columns" },
		{ "unit\tu1\tbadkind\t单位一\tUnit One\n", GOC_EINVAL, "" },
		{ "zone\tz1\t区一\tZone One\tbadcategory\tu1\n", GOC_EINVAL, "" },
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		goc_db *db = NULL;
		ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
		int rc = goc__reference_load_text(db, cases[i].text);
		ck_assert_msg(rc == cases[i].rc, "case %zu: %d (%s)", i, rc, goc_error_message());
		ck_assert_msg(strstr(goc_error_message(), cases[i].message) != NULL,
		              "case %zu: %s", i, goc_error_message());
		if (i == 0) {
			goc_cursor *cur = NULL;
			int n = 0;
			ck_assert_int_eq(goc_group_members(&cur, db, "g2"), GOC_OK);
			while (goc_cursor_next(cur) == GOC_ROW)
				n++;
			goc_cursor_free(cur);
			ck_assert_int_eq(n, 2);
			goc_zone *z = NULL;
			ck_assert_int_eq(goc_zone_get(&z, db, "z1"), GOC_OK);
			ck_assert_int_eq(goc_zone_focus(z), 0);
			goc_zone_free(z);
		}
		goc_db_close(db);
	}
}
END_TEST

/* The plan export with jansson's allocations failing from the n-th on
 * (only the export: jansson 2.14's own json_loadb() crashes when one fails,
 * see test_faults.c): each run is GOC_ENOMEM, said so, nothing returned;
 * with enough, the whole document. */
static long json_left = -1; /* allocations before all fail; < 0: none fail */

static void *json_failing_malloc(size_t n)
{
	if (json_left == 0)
		return NULL;
	if (json_left > 0)
		json_left--;
	return malloc(n);
}

START_TEST(export_out_of_memory)
{
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK); /* its units */
	static const char small[] =
		"{\"format\": \"libgoc-plan\", \"format_version\": 1,"
		" \"plan\": {\"code\": \"small\", \"title_zh\": \"小\", \"start\": \"2024-01-01\","
		"  \"end\": \"2024-12-31\"},"
		" \"goals\": [{\"code\": \"g1\", \"title_zh\": \"目标\"}],"
		" \"tasks\": [{\"code\": \"s1\", \"level\": \"section\", \"title_zh\": \"一\"},"
		"  {\"code\": \"t1\", \"parent\": \"s1\", \"level\": \"task\", \"title_zh\": \"任务\","
		"   \"assignments\": [{\"party\": \"commerce\", \"role\": \"lead\"}]},"
		"  {\"code\": \"i1\", \"parent\": \"t1\", \"level\": \"item\", \"text\": \"事项\","
		"   \"recurrence\": \"annual\", \"status\": \"done\", \"status_date\": \"2024-05-01\","
		"   \"done_date\": \"2024-05-01\"}]}";
	ck_assert_int_eq(goc_plan_import_json(db, small, sizeof small - 1, NULL), GOC_OK);
	char *whole = NULL;
	ck_assert_int_eq(goc_plan_export_json(&whole, db, "small"), GOC_OK);
	json_set_alloc_funcs(json_failing_malloc, free);
	long n;
	for (n = 0; n < 100000; n++) {
		char *out = (char *)1;
		json_left = n;
		int rc = goc_plan_export_json(&out, db, "small");
		json_left = -1;
		if (rc == GOC_OK) {
			ck_assert_str_eq(out, whole);
			goc_free(out);
			break;
		}
		ck_assert_int_eq(rc, GOC_ENOMEM);
		ck_assert_str_eq(goc_error_message(), "out of memory exporting a plan");
		ck_assert_ptr_null(out);
	}
	json_set_alloc_funcs(malloc, free);
	ck_assert_int_gt(n, 20);
	ck_assert_int_lt(n, 100000);
	goc_free(whole);
	goc_db_close(db);
}
END_TEST

static Suite *internal_suite(void)
{
	Suite *s = suite_create("internal");
	TCase *tc = tcase_create("error");
	tcase_add_loop_test(tc, map_sqlite, 0, (int)N_ELEMS(MAP));
	tcase_add_test(tc, sqlerr_without_handle);
	tcase_add_loop_test(tc, err_cut_at_a_character, 0, 4 * (int)N_ELEMS(WIDE));
	tcase_add_test(tc, err_keeps_messages_utf8);
	tcase_add_test(tc, err_format_fails);
	suite_add_tcase(s, tc);
	tc = tcase_create("enums");
	tcase_add_test(tc, enum_values);
	tcase_add_test(tc, text_edges);
	suite_add_tcase(s, tc);
	tc = tcase_create("plandoc");
	tcase_add_test(tc, json_arena_failures);
	tcase_add_test(tc, loc_format);
	tcase_add_test(tc, store_refuses_bad_role);
	tcase_add_test(tc, reference_text);
	tcase_add_test(tc, export_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(internal_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
