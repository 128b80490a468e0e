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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <jansson.h>
#include <sqlite3.h>

#include "internal.h"
#include "kpi_internal.h"
#include "plandoc.h"
#include "checkutil.h"
#include "testutil.h"

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

/* The field of a message, every way a message can start: what is a
 * field path ("name_zh", "Opts.x2", "rows[3]") and what is not. */
START_TEST(error_field_forms)
{
	static const struct {
		const char *msg, *field;
	} cases[] = {
		{ "Plan.Code_2: bad", "Plan.Code_2" },
		{ "1abc: bad", "" },
		{ " abc: bad", "" },
		{ "ab|c: bad", "" },
		{ "ab~c: bad", "" },
		{ "a[x]: bad", "" },
		{ "a[]: bad", "" },
		{ "a[12: bad", "" },
		{ "a[1 ]: bad", "" },
		{ "_abc: bad", "" },
		{ "~abc: bad", "" },
		{ "a[12]: bad", "a[12]" },
		{ "abc:bad", "" },
		{ "abc", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(goc__err(NULL, GOC_EINVAL, "%s", cases[i].msg), GOC_EINVAL);
		ck_assert_msg(strcmp(goc_error_field(), cases[i].field) == 0, "'%s': field '%s', not '%s'",
		              cases[i].msg, goc_error_field(), cases[i].field);
	}
	/* a field path longer than the field buffer: none */
	char *long_msg = malloc(GOC__FIELD_MAX + 16);
	ck_assert_ptr_nonnull(long_msg);
	memset(long_msg, 'a', GOC__FIELD_MAX + 4);
	memcpy(long_msg + GOC__FIELD_MAX + 4, ": bad", 6);
	goc__err(NULL, GOC_EINVAL, "%s", long_msg);
	ck_assert_str_eq(goc_error_field(), "");
	free(long_msg);
}
END_TEST

/* The period helpers with what no public call passes them: a cycle that
 * is none (no index), a period's first day without its last and the last
 * without the first. */
START_TEST(period_edges)
{
	ck_assert_int_eq(goc__cycle_index(0, "2024-05-01"), -1);
	ck_assert_int_eq(goc__period_cycle_index(0, "2024"), -1);
	ck_assert_int_eq(goc__period_cycle_index(GOC_CYCLE_MONTHLY, "2024-Q2"), -1);
	ck_assert_int_eq(goc__period_cycle_index(GOC_CYCLE_MONTHLY, "2024-12"), 2024 * 12 + 11);
	char start[11] = "", end[11] = "";
	goc__period_bounds("2024-H2", start, NULL);
	ck_assert_str_eq(start, "2024-07-01");
	goc__period_bounds("2024-02", NULL, end);
	ck_assert_str_eq(end, "2024-02-29");
	goc__period_bounds("2024-Q4", start, end);
	ck_assert_str_eq(start, "2024-10-01");
	ck_assert_str_eq(end, "2024-12-31");
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


/* ------------------------------------------------------------------------
 * The KPI file reader (kpi_load.c): the built-in file is well formed, so
 * only documents given here reach its refusals.  Each bad document is
 * refused with a message that names the KPI (and target) at fault
 * (goc_plan_load() calls the reader inside its write, which rolls back).
 * ---------------------------------------------------------------------- */

#define KPIS(body) "{\"format\": \"libgoc-kpis\", \"format_version\": 1, \"kpis\": [" body "]}"
/* a KPI that kpi_def.c accepts, to which a case adds one member */
#define OK_KPI(code, extra) \
	"{\"code\": \"" code "\", \"name_zh\": \"测试\", \"measure\": \"orgs_entered\"," \
	" \"scope\": \"plan\", \"window\": \"period\", \"target_min\": 1" extra "}"

static const struct {
	const char *json, *msg;
} KPI_FILES[] = {
	{ "{\"kpis\": [", "built-in KPIs: line 1: " },
	{ "{}", "built-in KPIs: no kpis array" },
	{ "{\"kpis\": {}}", "built-in KPIs: no kpis array" },
	{ KPIS("1"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS(OK_KPI("a1", "") ", 2"), "built-in KPIs: kpis[1]. malformed" },
	{ KPIS("{\"code\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"name_zh\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"name_en\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"members\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"start\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"end\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"baseline_date\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"tasks\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"measure\": 1}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"measure\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"scope\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"window\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"direction\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"stage\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"category\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"origin\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"origin\": []}"), "built-in KPIs: kpis[0]. malformed" },
	{ KPIS("{\"event_kind\": \"no-such\"}"), "built-in KPIs: kpis[0]. malformed" },
	/* kpi_def.c's own checks, with the KPI's place as the prefix */
	{ KPIS(OK_KPI("a2", ", \"at_risk\": 1.5")), "kpis[0].at_risk: must be between 0 and 1" },
	{ KPIS(OK_KPI("a3", ", \"days\": 3")), "kpis[0].days: applies to request_within only" },
	{ KPIS(OK_KPI("a4", ", \"international\": true")), "kpis[0].international: does not apply" },
	{ KPIS(OK_KPI("a5", ", \"large\": false, \"international\": false")),
	  "kpis[0].international: does not apply" },
	/* a refused KPI stops the file before its targets */
	{ KPIS("{\"code\": \"bad code!\", \"targets\": [{\"member\": 1}, {}]}, 3"), "kpis[0].code: " },
	{ KPIS(OK_KPI("a6", ", \"targets\": [1]")), "built-in KPIs: kpis[0].targets[0] malformed" },
	{ KPIS(OK_KPI("a7", ", \"targets\": [{\"member\": 1}]")), "built-in KPIs: kpis[0].targets[0] malformed" },
	{ KPIS(OK_KPI("a8", ", \"targets\": [{\"min\": 2}]")), "built-in KPIs: kpis[0].targets[0] malformed" },
	{ KPIS(OK_KPI("a9", ", \"targets\": [{\"member\": \"x\", \"min\": 2}, {}]")),
	  "built-in KPIs: kpis[0].targets[1] malformed" },
};

static goc_db *load_db;

static void load_setup(void)
{
	ck_assert_int_eq(goc_db_open(&load_db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_plan_load(load_db, "pudong-goc-2024"), GOC_OK);
}

static void load_teardown(void)
{
	goc_db_close(load_db);
}

static int kpi_rows(const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(load_db->sql, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(kpi_file_refused)
{
	int rc = goc__kpis_load_json(load_db, "pudong-goc-2024", KPI_FILES[_i].json,
	                             strlen(KPI_FILES[_i].json));
	ck_assert_int_ne(rc, GOC_OK);
	ck_assert_msg(strstr(goc_error_message(), KPI_FILES[_i].msg) != NULL, "%s: '%s' lacks '%s'",
	              KPI_FILES[_i].json, goc_error_message(), KPI_FILES[_i].msg);
}
END_TEST

/* Every member the reader knows, read into the KPI as written: booleans
 * both ways, a target with and without a maximum. */
START_TEST(kpi_file_members)
{
	static const char json[] = KPIS(
	    "{\"code\": \"b1\", \"name_zh\": \"全\", \"name_en\": \"All\", \"measure\": \"events\","
	    " \"scope\": \"zone\", \"members\": \"expo,lujiazui\", \"window\": \"annual\","
	    " \"direction\": \"higher\", \"target_min\": 2, \"target_max\": 4, \"weight\": 3,"
	    " \"at_risk\": 0.5, \"event_kind\": \"promotion\", \"international\": true,"
	    " \"large\": false, \"tasks\": \"i19\", \"targets\": [{\"member\": \"expo\", \"min\": 1,"
	    " \"max\": 3}, {\"member\": \"lujiazui\", \"min\": 5}]},"
	    "{\"code\": \"b2\", \"name_zh\": \"新\", \"measure\": \"orgs_entered\", \"scope\": \"plan\","
	    " \"window\": \"cumulative\", \"baseline_date\": \"2023-12-31\", \"baseline\": 3,"
	    " \"start\": \"2024-01-01\", \"end\": \"2024-12-31\", \"stage\": \"approved\","
	    " \"category\": \"trade\", \"origin\": \"local\", \"target_min\": 4},"
	    "{\"code\": \"b3\", \"name_zh\": \"会\", \"measure\": \"events\", \"scope\": \"plan\","
	    " \"window\": \"period\", \"target_min\": 1, \"international\": false, \"large\": true},"
	    "{\"code\": \"b4\", \"name_zh\": \"快\", \"measure\": \"request_within\", \"scope\": \"plan\","
	    " \"window\": \"period\", \"days\": 30, \"target_min\": 80}");
	int rc = goc__kpis_load_json(load_db, "pudong-goc-2024", json, strlen(json));
	ck_assert_msg(rc == GOC_OK, "%d: %s", rc, goc_error_message());
	ck_assert_int_eq(kpi_rows("SELECT count(*) FROM kpis WHERE code = 'b1' AND at_risk = 0.5"
	                            " AND international = 1 AND large = 0 AND weight = 3"
	                            " AND event_kind = 'promotion' AND direction = 'higher'"),
	                 1);
	ck_assert_int_eq(kpi_rows("SELECT count(*) FROM kpi_targets t JOIN kpis k ON k.id = t.kpi_id"
	                            " WHERE k.code = 'b1' AND ((t.member = 'expo' AND t.target_min = 1"
	                            " AND t.target_max = 3) OR (t.member = 'lujiazui' AND t.target_min = 5"
	                            " AND t.target_max IS NULL))"),
	                 2);
	ck_assert_int_eq(kpi_rows("SELECT count(*) FROM kpis WHERE code = 'b2' AND stage = 'approved'"
	                            " AND category = 'trade' AND origin = 'local' AND baseline = 3"),
	                 1);
	ck_assert_int_eq(kpi_rows("SELECT count(*) FROM kpis WHERE code = 'b3'"
	                            " AND international = 0 AND large = 1"),
	                 1);
	ck_assert_int_eq(kpi_rows("SELECT count(*) FROM kpis WHERE code = 'b4' AND days = 30"), 1);
}
END_TEST

/* A KPI whose targets were deleted behind libgoc's back is reported as a
 * damaged file, naming the KPI, not evaluated against nothing. */
START_TEST(kpi_without_target)
{
	ck_assert_int_eq(sqlite3_exec(load_db->sql,
	                              "DELETE FROM kpi_targets WHERE kpi_id = (SELECT id FROM kpis"
	                              " WHERE code = 'new-orgs')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	goc_cursor *c = NULL;
	int rc = goc_kpi_evaluate(&c, load_db, "pudong-goc-2024", "new-orgs", "2024-06-30");
	while (rc == GOC_OK && (rc = goc_cursor_next(c)) == GOC_ROW)
		;
	goc_cursor_free(c);
	ck_assert_int_eq(rc, GOC_ECORRUPT);
	ck_assert_str_eq(goc_error_message(),
	                 "KPI 'new-orgs' has no target (the database was edited by hand?)");
}
END_TEST

/* Comma lists: whole codes only, empty pieces skipped. */
START_TEST(kpi_list_has)
{
	ck_assert(goc__kpi_list_has("a,b", "b"));
	ck_assert(!goc__kpi_list_has("ab", "ac"));
	ck_assert(!goc__kpi_list_has("abc", "ab"));
	ck_assert(goc__kpi_list_has(",,ab", "ab"));
	ck_assert(!goc__kpi_list_has("ab,", "b"));
	ck_assert(!goc__kpi_list_has(NULL, "a"));
	ck_assert(!goc__kpi_list_has("", "a"));
}
END_TEST

/* ------------------------------------------------------------------------
 * Allocation failures in the name keys (name.c): libgoc's allocator is
 * SQLite's, so testutil's wrapper (tu_alloc_install() in main()) fails
 * the nth allocation while armed.
 * ---------------------------------------------------------------------- */

/* Names that take every allocation of key_make(): longer than the key's
 * buffer as ASCII (the simple key's copy) and as text that needs
 * libunistring (its scratch copy and the copy of its result), short (the
 * copy goc_name_key() returns). */
static char long_ascii[400], long_wide[400];

static void make_long_names(void)
{
	memset(long_ascii, 'A', sizeof long_ascii - 1);
	long_ascii[sizeof long_ascii - 1] = '\0';
	size_t o = 0;
	while (o + 2 < sizeof long_wide - 1) {
		memcpy(long_wide + o, "\xC3\x89", 2); /* É */
		o += 2;
	}
	long_wide[o] = '\0';
}

/* Each allocation of goc_name_key() fails in turn: GOC_ENOMEM naming the
 * field and no key, until a run makes them all and gives the key. */
START_TEST(name_key_out_of_memory)
{
	make_long_names();
	const char *names[] = { "Ab", "Ab\xC3\xA9", long_ascii, long_wide };
	const char *name = names[_i];
	char *clean = NULL;
	ck_assert_int_eq(goc_name_key(&clean, name), GOC_OK);
	long failures = 0;
	for (long nth = 1;; nth++) {
		char *key = (char *)"unset";
		tu_alloc_fail(nth);
		int rc = goc_name_key(&key, name);
		if (tu_alloc_passed()) {
			ck_assert_int_eq(rc, GOC_OK);
			ck_assert_str_eq(key, clean);
			goc_free(key);
			break;
		}
		ck_assert_int_eq(rc, GOC_ENOMEM);
		ck_assert_ptr_null(key);
		ck_assert_str_eq(goc_error_message(), "name: out of memory");
		failures++;
	}
	ck_assert_int_ge(failures, 1);
	goc_free(clean);
}
END_TEST

/* The SQL function: NULL for NULL, a number's key is its text's, text
 * that is not UTF-8 is its own key, and a failed allocation (the
 * number's text, the key's copies) is SQLite's "out of memory". */
START_TEST(sql_name_key)
{
	make_long_names();
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	static const struct {
		const char *sql, *key;
	} Q[] = {
		{ "SELECT goc_name_key(NULL)", NULL },
		{ "SELECT goc_name_key(1234)", "1234" },
		{ "SELECT goc_name_key(x'4142')", "ab" },
		{ "SELECT goc_name_key(zeroblob(1000))", "" }, /* expanded when read as text */
		{ "SELECT goc_name_key(?2)", NULL /* long_wide as a blob: its key too */ },
		{ "SELECT goc_name_key(' Ａb ')", "ab" },
		{ "SELECT goc_name_key(CAST(x'41ff' AS TEXT))", "A\xff" },
		{ "SELECT goc_name_key(?1)", NULL /* long_wide's key */ },
	};
	for (size_t q = 0; q < N_ELEMS(Q); q++) {
		char *want = NULL;
		if (!Q[q].key && q > 0)
			ck_assert_int_eq(goc_name_key(&want, long_wide), GOC_OK);
		int nomem = 0;
		for (long nth = 1;; nth++) {
			sqlite3_stmt *st = NULL;
			tu_alloc_fail(nth);
			int r = sqlite3_prepare_v2(db->sql, Q[q].sql, -1, &st, NULL);
			if (r == SQLITE_OK && sqlite3_bind_parameter_count(st) == 1)
				r = sqlite3_bind_text(st, 1, long_wide, -1, SQLITE_STATIC);
			if (r == SQLITE_OK && sqlite3_bind_parameter_count(st) == 2)
				r = sqlite3_bind_blob(st, 2, long_wide, (int)strlen(long_wide), SQLITE_STATIC);
			if (r == SQLITE_OK)
				r = sqlite3_step(st);
			if (tu_alloc_passed()) {
				ck_assert_int_eq(r, SQLITE_ROW);
				const char *got = (const char *)sqlite3_column_text(st, 0);
				if (q == 0)
					ck_assert_ptr_null(got);
				else
					ck_assert_str_eq(got, Q[q].key ? Q[q].key : want);
				sqlite3_finalize(st);
				break;
			}
			ck_assert_msg(r == SQLITE_NOMEM, "%s, allocation %ld: %d", Q[q].sql, nth, r);
			nomem++;
			sqlite3_finalize(st);
		}
		ck_assert_int_ge(nomem, 1);
		goc_free(want);
	}
	goc_db_close(db);
}
END_TEST

/* goc_db_open() with each of its first 400 allocations failing in turn
 * (the connection and its setup, the SQL function goc_name_key() among
 * them; the schema's thousands are the fault suites'): out of memory and
 * no handle, or (SQLite goes on without what one of its built-in
 * extensions failed to register) a handle that works. */
START_TEST(open_out_of_memory)
{
	long failures = 0;
	for (long nth = 1; nth <= 400; nth++) {
		goc_db *db = NULL;
		tu_alloc_fail(nth);
		int rc = goc_db_open(&db, ":memory:");
		tu_alloc_fail(0);
		if (rc == GOC_OK) {
			int version = 0;
			ck_assert_int_eq(goc_db_schema_version(db, &version), GOC_OK);
			ck_assert_int_gt(version, 0);
			goc_db_close(db);
			continue;
		}
		ck_assert_msg(rc == GOC_ENOMEM, "allocation %ld: %s (%s)", nth, goc_strerror(rc),
		              goc_error_message());
		ck_assert_ptr_null(db);
		failures++;
	}
	ck_assert_int_ge(failures, 300);
}
END_TEST

/* Each allocation of goc_resolve() fails in turn (the candidates, their
 * keys, the message of an unknown or ambiguous text, the code returned):
 * GOC_ENOMEM and no code, until a run makes them all and answers. */
START_TEST(resolve_out_of_memory)
{
	static const struct {
		int kind;
		const char *plan, *text;
		int want;
	} R[] = {
		{ GOC_RESOLVE_ZONE, NULL, "陆家嘴", GOC_OK },
		{ GOC_RESOLVE_ZONE, NULL, "陆家", GOC_ENOTFOUND },
		{ GOC_RESOLVE_TASK, "pudong-goc-2024", "（1）", GOC_OK },
		{ GOC_RESOLVE_TASK_STATUS, NULL, "进形中", GOC_EINVAL },
		{ GOC_RESOLVE_TASK_STATUS, NULL, "进行中", GOC_OK },
	};
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	for (size_t i = 0; i < N_ELEMS(R); i++) {
		long failures = 0;
		for (long nth = 1;; nth++) {
			char *code = (char *)"unset";
			tu_alloc_fail(nth);
			int rc = goc_resolve(&code, db, (enum goc_resolve_kind)R[i].kind, R[i].plan, R[i].text);
			if (tu_alloc_passed()) {
				ck_assert_msg(rc == R[i].want, "%s: %d (%s)", R[i].text, rc, goc_error_message());
				if (rc == GOC_OK)
					ck_assert_ptr_nonnull(code);
				goc_free(rc == GOC_OK ? code : NULL);
				break;
			}
			ck_assert_msg(rc == GOC_ENOMEM, "%s, allocation %ld: %d (%s)", R[i].text, nth, rc,
			              goc_error_message());
			ck_assert_int_eq(goc_error_last(), GOC_ENOMEM);
			ck_assert_ptr_null(code);
			failures++;
		}
		ck_assert_int_ge(failures, 3);
	}
	goc_db_close(db);
}
END_TEST

/* goc__name_show() cuts at a whole piece and writes nothing into no room. */
START_TEST(name_show_cut)
{
	char buf[12] = "xxxxxxxxxxx";
	goc__name_show(buf, 0, "abc");
	ck_assert_str_eq(buf, "xxxxxxxxxxx");
	goc__name_show(buf, 8, "ab\xE2\x80\x8B" "c"); /* a, b, <U+200B> does not fit */
	ck_assert_str_eq(buf, "ab");
	goc__name_show(buf, sizeof buf, "a\tb\xC2\x85");
	ck_assert_str_eq(buf, "a<U+0009>b");
}
END_TEST

/* Keys of names the fast path refuses: control and ignorable characters
 * that are not format characters, CJK outside the unified ideographs. */
START_TEST(name_key_slow_path)
{
	static const struct {
		const char *name, *key;
	} K[] = {
		{ "a\tb", "a b" },                         /* a control character is white space */
		{ "a\xCD\x8F" "b", "ab" },                 /* U+034F combining grapheme joiner */
		{ "\xE3\x80\x80" "Ab\xE3\x80\x80", "ab" },    /* U+3000 ideographic space */
		{ "\xE4\xB7\x80", "\xE4\xB7\x80" },        /* U+4DC0, a hexagram, not an ideograph */
		{ "\xE4\xB8\xAD\xE5\x9B\xBD", "\xE4\xB8\xAD\xE5\x9B\xBD" }, /* 中国, the fast path */
		{ "\xE3\x90\x80" "A", "\xE3\x90\x80" "a" },      /* U+3400, extension A: fast too */
	};
	for (size_t i = 0; i < N_ELEMS(K); i++) {
		char *key = NULL;
		ck_assert_int_eq(goc_name_key(&key, K[i].name), GOC_OK);
		ck_assert_str_eq(key, K[i].key);
		goc_free(key);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * Reads with every allocation failing in turn, each arena allocation a
 * block of its own (goc__arena_block = 1): the KPI evaluation, the
 * scorecards, the dossier, the KPI series (monthly), the reminders and the
 * scorecard series (quarterly, by plan, zone and unit) give the whole
 * answer or GOC_ENOMEM with a
 * message, never a short answer.  (test_faults does this through the
 * shared library, where the arena's 16 KiB blocks hide most of its
 * allocations.)
 * ---------------------------------------------------------------------- */

static int drain(int rc, goc_cursor **c, long *rows)
{
	*rows = 0;
	if (rc == GOC_OK)
		while ((rc = goc_cursor_next(*c)) == GOC_ROW)
			(*rows)++;
	goc_cursor_free(*c);
	return rc == GOC_DONE ? GOC_OK : rc;
}

static int read_call(int which, long *rows)
{
	goc_cursor *c = NULL;
	const char *plan = "pudong-goc-2024", *asof = "2024-12-31";
	switch (which) {
	case 0: return drain(goc_kpi_evaluate(&c, load_db, plan, NULL, asof), &c, rows);
	case 1: return drain(goc_scorecard(&c, load_db, plan, asof, GOC_BY_PLAN), &c, rows);
	case 2: return drain(goc_scorecard(&c, load_db, plan, asof, GOC_BY_SECTION), &c, rows);
	case 3: return drain(goc_scorecard(&c, load_db, plan, asof, GOC_BY_ZONE), &c, rows);
	case 4: return drain(goc_scorecard(&c, load_db, plan, asof, GOC_BY_UNIT), &c, rows);
	case 5: return drain(goc_dossier_list(&c, load_db, plan, asof, NULL), &c, rows);
	case 6: {
		goc_series_opts o = GOC_SERIES_OPTS_INIT;
		o.from = "2024-01-01";
		o.to = asof;
		o.every = GOC_EVERY_MONTH;
		return drain(goc_kpi_series(&c, load_db, plan, &o), &c, rows);
	}
	case 7: return drain(goc_reminder_list(&c, load_db, plan, asof, NULL), &c, rows);
	default: {
		static const int bys[] = { GOC_BY_PLAN, GOC_BY_ZONE, GOC_BY_UNIT };
		goc_series_opts o = GOC_SERIES_OPTS_INIT;
		o.from = "2024-01-01";
		o.to = asof;
		o.every = GOC_EVERY_QUARTER;
		return drain(goc_score_series(&c, load_db, plan, &o, bys[which - 8]), &c, rows);
	}
	}
}

static long arena_nth, arena_count;

static void *arena_malloc(size_t n)
{
	return ++arena_count == arena_nth ? NULL : goc__malloc(n);
}

START_TEST(reads_out_of_memory)
{
	long clean = 0, rows = 0;
	/* something for the grouped counts and the dossier to hold */
	goc_partner_fields pf = GOC_PARTNER_FIELDS_INIT;
	pf.name_zh = "扫描伙伴";
	pf.kind = GOC_PARTNER_CHAMBER;
	pf.unit = "commerce";
	pf.date = "2024-04-01";
	ck_assert_int_eq(goc_partner_create(NULL, load_db, &pf), GOC_OK);
	goc_org_fields of = GOC_ORG_FIELDS_INIT;
	of.name_zh = "扫描组织";
	of.category = GOC_CATEGORY_TRADE;
	of.zone = "expo";
	of.unit = "commerce";
	of.date = "2024-02-01";
	ck_assert_int_eq(goc_org_create(NULL, load_db, &of), GOC_OK);
	goc_event_fields ef = GOC_EVENT_FIELDS_INIT;
	ef.title_zh = "扫描活动";
	ef.date = "2024-05-01";
	ef.zone = "expo";
	ef.kind = GOC_EVENT_PROMOTION;
	ef.international = GOC_YES;
	ef.unit = "commerce";
	ck_assert_int_eq(goc_event_create(NULL, load_db, &ef), GOC_OK);
	goc_report_fields rf = GOC_REPORT_FIELDS_INIT;
	rf.plan = "pudong-goc-2024";
	rf.task = "i7";
	rf.unit = "commerce";
	rf.period = "2024-Q1";
	rf.date = "2024-03-31";
	rf.status = GOC_TASK_IN_PROGRESS;
	rf.text = "扫描报告";
	ck_assert_int_eq(goc_report_submit(NULL, load_db, &rf), GOC_OK);
	goc__arena_block = 1;
	goc__arena_malloc = arena_malloc;
	int rc = read_call(_i, &clean);
	ck_assert_msg(rc == GOC_OK, "%s", goc_error_message());
	ck_assert_int_gt(clean, 0);
	arena_count = 0;
	ck_assert_int_eq(read_call(_i, &rows), GOC_OK);
	long total = arena_count, failures = 0;
	/* GOC_ARENA_SWEEP=1 (the test 'internal-arena', which tools/coverage
	 * runs): every block of the first 300, then a stride to 300 runs
	 * more; else (the unit suite, valgrind's pass included) 8 runs */
	long budget = getenv("GOC_ARENA_SWEEP") ? 600 : 8, head = budget / 2;
	long stride = total > budget ? (total - head) / (budget - head) + 1 : 1;
	for (arena_nth = 1; arena_nth <= total; arena_nth += arena_nth < head ? 1 : stride) {
		arena_count = 0;
		rc = read_call(_i, &rows);
		if (rc == GOC_OK) {
			ck_assert_msg(rows == clean, "read %d, block %ld: %ld rows, not %ld", _i, arena_nth,
			              rows, clean);
			continue;
		}
		ck_assert_msg(rc == GOC_ENOMEM && strstr(goc_error_message(), "out of memory"),
		              "read %d, block %ld: %s (%s)", _i, arena_nth, goc_strerror(rc),
		              goc_error_message());
		failures++;
	}
	arena_nth = 0;
	ck_assert_int_gt(failures, 0);
	fprintf(stderr, "read %d: %ld blocks, %ld failures\n", _i, total, failures);
}
END_TEST

/* ------------------------------------------------------------------------
 * The audit trail's rehash (audit.c, the migration to schema 4): it
 * hashes whatever the records hold, so a record with an empty text and a
 * refusal verify, and a record whose outcome is neither "ok" nor
 * "denied" is found by what it says, not by its hash.
 * ---------------------------------------------------------------------- */

/* A database with the reference data and one organization (its id). */
static goc_db *rehash_db(int64_t *id)
{
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = "重算组织";
	f.category = GOC_CATEGORY_TRADE;
	f.unit = "commerce";
	f.date = "2024-01-05";
	ck_assert_int_eq(goc_org_create(id, db, &f), GOC_OK);
	return db;
}

START_TEST(audit_rehash_outcomes)
{
	int64_t id = 0;
	goc_db *db = rehash_db(&id);
	ck_assert_int_eq(goc_db_set_actor(db, "scitech"), GOC_OK);
	ck_assert_int_eq(goc_org_delete(db, id), GOC_EPERM);
	ck_assert_int_eq(goc_db_set_actor(db, NULL), GOC_OK);
	ck_assert_int_eq(sqlite3_exec(db->sql,
	                              "DROP TRIGGER change_log_no_update;"
	                              "UPDATE change_log SET detail = '' WHERE detail IS NULL;"
	                              /* the rehash is schema 4's: its records are of layout 1 */
	                              "UPDATE change_log SET layout = 1", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(goc__audit_rehash(db), GOC_OK);
	int64_t checked = 0, bad = -1;
	ck_assert_int_eq(goc_audit_verify(&checked, &bad, db, 0, NULL), GOC_OK);
	ck_assert_int_ge(checked, 2);
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(sqlite3_exec(db->sql,
	                              "UPDATE change_log SET outcome = 'fine'"
	                              " WHERE seq = (SELECT max(seq) FROM change_log)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(goc__audit_rehash(db), GOC_OK);
	ck_assert_int_eq(goc_audit_verify(&checked, &bad, db, 0, NULL), GOC_ECORRUPT);
	ck_assert_int_eq(bad, checked + 1);
	char want[64];
	snprintf(want, sizeof want, "audit trail: record %lld has no known outcome", (long long)bad);
	ck_assert_str_eq(goc_error_message(), want);
	goc_db_close(db);
}
END_TEST

/* The rehash with each allocation failing in turn (preparing its two
 * statements, stepping the records, binding each hash): GOC_ENOMEM with
 * "out of memory", never a crash; a run where none fails (the migration's
 * transaction rolls back a failed one) leaves a trail that verifies. */
START_TEST(audit_rehash_out_of_memory)
{
	int64_t id = 0;
	goc_db *db = rehash_db(&id);
	ck_assert_int_eq(sqlite3_exec(db->sql,
	                              "DROP TRIGGER change_log_no_update;"
	                              "UPDATE change_log SET detail = '' WHERE detail IS NULL;"
	                              "UPDATE change_log SET layout = 1", NULL, NULL, NULL),
	                 SQLITE_OK);
	long failures = 0;
	for (long nth = 1;; nth++) {
		tu_alloc_fail(nth);
		int rc = goc__audit_rehash(db);
		if (tu_alloc_passed()) {
			ck_assert_int_eq(rc, GOC_OK);
			break;
		}
		if (rc == GOC_OK)
			continue;
		ck_assert_msg(rc == GOC_ENOMEM && strstr(goc_error_message(), "out of memory"),
		              "allocation %ld: %d (%s)", nth, rc, goc_error_message());
		failures++;
	}
	ck_assert_int_gt(failures, 2);
	int64_t checked = 0, bad = -1;
	ck_assert_int_eq(goc_audit_verify(&checked, &bad, db, 0, NULL), GOC_OK);
	ck_assert_int_ge(checked, 1);
	ck_assert_int_eq(bad, 0);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * A write that names no kind of object (goc__write_begin() with kind NULL,
 * which internal.h allows and no public call makes today): recorded with
 * an empty kind and no state before or after; a unit writes it (no one
 * owns it); a viewer is refused with a message that names no kind, and
 * the refusal is recorded; a person's own-only action is refused.
 * ---------------------------------------------------------------------- */

static int64_t log_count(goc_db *db, const char *where)
{
	char sql[400];
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM change_log WHERE %s", where);
	ck_assert_int_eq(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int kindless_write(goc_db *db, const char *action, const char *id)
{
	struct goc__write w;
	int rc = goc__write_begin(db, &w, action, NULL);
	if (rc == GOC_OK && id)
		goc__write_object(db, &w, id);
	return goc__write_end(db, &w, rc);
}

START_TEST(write_without_kind)
{
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	ck_assert_int_eq(goc_unit_set_access(db, "publicity", GOC_ACCESS_VIEWER), GOC_OK);
	goc_user_fields uf = GOC_USER_FIELDS_INIT;
	uf.login = "li";
	uf.name = "李娜";
	uf.unit = "commerce";
	ck_assert_int_eq(goc_user_add(NULL, db, &uf, "li's password"), GOC_OK);

	/* the system actor, then a unit */
	ck_assert_int_eq(kindless_write(db, "org.update", "x1"), GOC_OK);
	ck_assert_int_eq(kindless_write(db, "org.update", NULL), GOC_OK); /* no object named */
	ck_assert_int_eq(log_count(db, "object_kind = '' AND object_id IS NULL AND outcome = 'ok'"
	                               " AND action = 'org.update'"), 1);
	ck_assert_int_eq(goc_db_set_actor(db, "commerce"), GOC_OK);
	ck_assert_int_eq(kindless_write(db, "org.set_stage", "x2"), GOC_OK);
	ck_assert_int_eq(log_count(db, "object_kind = '' AND outcome = 'ok' AND before IS NULL"
	                               " AND after IS NULL AND ((object_id = 'x1' AND actor IS NULL)"
	                               " OR (object_id = 'x2' AND actor = 'commerce'))"), 2);

	/* a viewer: refused, and the refusal recorded */
	ck_assert_int_eq(goc_db_set_actor(db, "publicity"), GOC_OK);
	int64_t before = log_count(db, "1");
	ck_assert_int_eq(kindless_write(db, "org.update", "x3"), GOC_EPERM);
	ck_assert_str_eq(goc_error_message(), "org.update: actor 'publicity' (role viewer) may not"
	                                      " change  'x3': a viewer reads only");
	ck_assert_int_eq(kindless_write(db, "org.create", NULL), GOC_EPERM);
	ck_assert_str_eq(goc_error_message(), "org.create: actor 'publicity' (role viewer) may not"
	                                      " create this : a viewer reads only");
	ck_assert_int_eq(log_count(db, "1"), before + 2);
	ck_assert_int_eq(log_count(db, "object_kind = '' AND outcome = 'denied'"
	                               " AND actor = 'publicity'"), 2);

	/* a person's own-only action on an object of no kind: not hers */
	ck_assert_int_eq(goc_db_set_user(db, "li"), GOC_OK);
	ck_assert_int_eq(kindless_write(db, "user.set_password", "li"), GOC_EPERM);
	ck_assert_msg(strstr(goc_error_message(),
	                     "only an administrator or the person herself may do that") != NULL,
	              "%s", goc_error_message());
	ck_assert_int_eq(log_count(db, "object_kind = '' AND outcome = 'denied'"
	                               " AND person = 'li' AND action = 'user.set_password'"), 1);
	ck_assert_int_eq(log_count(db, "outcome = 'ok' AND object_kind = ''"), 3);
	int64_t checked = 0, bad = -1;
	ck_assert_int_eq(goc_audit_verify(&checked, &bad, db, 0, NULL), GOC_OK);
	ck_assert_int_eq(bad, 0);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * The SQL helpers' edges: a computed cursor is not made after a bind
 * failed (the list would hold rows of a NULL parameter): GOC_ENOMEM, its
 * owner freed if it has a free function; goc__step_done() takes a row as
 * done.
 * ---------------------------------------------------------------------- */

static int owner_freed;

static void count_free(void *owner)
{
	(void)owner;
	owner_freed++;
}

START_TEST(items_cursor_after_failed_bind)
{
	goc_db *db = NULL;
	ck_assert_int_eq(goc_db_open(&db, ":memory:"), GOC_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(goc__prepare(db, "SELECT ?1", &st), GOC_OK);
	static int items[3] = { 1, 2, 3 };
	for (int with_free = 0; with_free < 2; with_free++) {
		ck_assert_int_eq(goc__check_db(db), GOC_OK);
		unsigned long failures = goc__bind_failures();
		tu_alloc_fail(1); /* the copy of the text */
		int brc = goc__bind_text(st, 1, "a text SQLite copies");
		tu_alloc_fail(0);
		ck_assert_int_ne(brc, SQLITE_OK);
		ck_assert_uint_eq(goc__bind_failures(), failures + 1);
		goc_cursor *cur = (goc_cursor *)&owner_freed; /* set to NULL on failure */
		owner_freed = 0;
		int rc = goc__cursor_new_items(&cur, db, CUR_SCORE, items, 3, sizeof items[0], items,
		                               with_free ? count_free : NULL);
		ck_assert_int_eq(rc, GOC_ENOMEM);
		ck_assert_str_eq(goc_error_message(), "listing: out of memory binding a parameter");
		ck_assert_ptr_null(cur);
		ck_assert_int_eq(owner_freed, with_free);
	}
	/* a statement that gives a row is done too */
	ck_assert_int_eq(goc__bind_text(st, 1, "x"), SQLITE_OK);
	ck_assert_int_eq(goc__step_done(db, st, "a row"), GOC_OK);
	sqlite3_finalize(st);
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
	add_case(s, "enums", NULL, NULL, 0, (const TTest *[]){
		enum_values, text_edges, period_edges, error_field_forms, NULL });
	add_case(s, "plandoc", NULL, NULL, 0, (const TTest *[]){
		json_arena_failures, loc_format, store_refuses_bad_role, reference_text,
		export_out_of_memory, NULL });
	tc = tcase_create("kpi file");
	tcase_add_checked_fixture(tc, load_setup, load_teardown);
	tcase_add_loop_test(tc, kpi_file_refused, 0, (int)N_ELEMS(KPI_FILES));
	tcase_add_test(tc, kpi_file_members);
	tcase_add_test(tc, kpi_without_target);
	tcase_add_test(tc, kpi_list_has);
	tcase_add_loop_test(tc, reads_out_of_memory, 0, 11);
	suite_add_tcase(s, tc);
	tc = tcase_create("names");
	tcase_add_loop_test(tc, name_key_out_of_memory, 0, 4);
	tcase_add_test(tc, sql_name_key);
	tcase_add_test(tc, open_out_of_memory);
	tcase_add_test(tc, resolve_out_of_memory);
	tcase_add_test(tc, name_show_cut);
	tcase_add_test(tc, name_key_slow_path);
	suite_add_tcase(s, tc);
	add_case(s, "audit", NULL, NULL, 0, (const TTest *[]){
		audit_rehash_outcomes, audit_rehash_out_of_memory, write_without_kind,
		items_cursor_after_failed_bind, NULL });
	return s;
}

int main(void)
{
	tu_alloc_install(NULL);
	return run_suite(internal_suite(), CK_ENV);
}
