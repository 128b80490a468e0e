/*
 * test_register — units, unit groups, zones and the built-in "pudong"
 * reference data.
 *
 * Specification: include/goc/register.h.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <goc.h>

#include "testutil.h"
#include "checkutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------
 * Fixtures and helpers
 * ---------------------------------------------------------------------- */

static goc_db *db;          /* ":memory:" database of the current test */
static char tmpdir[64];

static int unit_create4(const char *code, const char *zh, const char *en,
                        int kind)
{
	goc_unit_fields f = GOC_UNIT_FIELDS_INIT;
	f.code = code;
	f.name_zh = zh;
	f.name_en = en;
	f.kind = kind;
	return goc_unit_create(db, &f);
}

/* The rows of each list. */
static int count_units(int kind)
{
	goc_cursor *c = NULL;
	return count_rows(goc_unit_list(&c, db, kind), &c, "goc_unit_list");
}

static int count_groups(void)
{
	goc_cursor *c = NULL;
	return count_rows(goc_group_list(&c, db), &c, "goc_group_list");
}

static int count_zones(void)
{
	goc_cursor *c = NULL;
	return count_rows(goc_zone_list(&c, db), &c, "goc_zone_list");
}

static int count_members(const char *group)
{
	goc_cursor *c = NULL;
	return count_rows(goc_group_members(&c, db, group), &c, "goc_group_members");
}

static int group_member_count(const char *group)
{
	goc_group *g = NULL;
	int n;
	ck_assert_int_eq(goc_group_get(&g, db, group), GOC_OK);
	n = goc_group_member_count(g);
	goc_group_free(g);
	return n;
}

static int zone_create(const char *code, const char *zh, const char *en,
                       int focus, const char *bureau);

/* Expect @p rc == @p want, and for EINVAL a message naming @p field. */
static void expect_fail(int rc, int want, const char *field, const char *what)
{
	expect_db(db, rc, want, field, what);
}

/* ------------------------------------------------------------------------
 * Units
 * ---------------------------------------------------------------------- */

START_TEST(test_unit_create_get)
{
	goc_unit *u = NULL;

	ck_assert_int_eq(unit_create4("commerce", "商务委",
	                              "Commerce Commission",
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	ck_assert_int_eq(unit_create4("org-dept", "区委组织部", NULL,
	                              GOC_UNIT_PARTY_OFFICE),
	                 GOC_OK);

	ck_assert_int_eq(goc_unit_get(&u, db, "commerce"), GOC_OK);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(goc_unit_code(u), "commerce");
	ck_assert_str_eq(goc_unit_name_zh(u), "商务委");
	ck_assert_pstr_eq(goc_unit_name_en(u), "Commerce Commission");
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_DEPARTMENT);
	goc_unit_free(u);

	u = NULL;
	ck_assert_int_eq(goc_unit_get(&u, db, "org-dept"), GOC_OK);
	ck_assert_str_eq(goc_unit_code(u), "org-dept");
	ck_assert_str_eq(goc_unit_name_zh(u), "区委组织部");
	ck_assert_ptr_null(goc_unit_name_en(u));
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_PARTY_OFFICE);
	goc_unit_free(u);

	ck_assert_int_eq(goc_unit_kind(NULL), 0);
	goc_unit_free(NULL);
}
END_TEST

START_TEST(test_unit_record_independent)
{
	/* A record from _get outlives the handle; inputs are copied. */
	goc_unit *u = NULL;
	char code[16], zh[32];

	snprintf(code, sizeof code, "lujiazui-b");
	snprintf(zh, sizeof zh, "陆家嘴管理局");
	ck_assert_int_eq(unit_create4(code, zh, "Lujiazui Administration",
	                              GOC_UNIT_BUREAU),
	                 GOC_OK);
	memset(code, 'x', sizeof code - 1);
	memset(zh, 'y', sizeof zh - 1);

	ck_assert_int_eq(goc_unit_get(&u, db, "lujiazui-b"), GOC_OK);
	goc_db_close(db);
	db = NULL;
	ck_assert_str_eq(goc_unit_code(u), "lujiazui-b");
	ck_assert_str_eq(goc_unit_name_zh(u), "陆家嘴管理局");
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_BUREAU);
	goc_unit_free(u);
}
END_TEST

START_TEST(test_unit_get_errors)
{
	goc_unit *u = (goc_unit *)(void *)&db;

	ck_assert_int_eq(goc_unit_get(&u, db, "missing"), GOC_ENOTFOUND);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(goc_unit_get(NULL, db, "missing"), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_get(&u, NULL, "missing"), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_get(&u, db, NULL), GOC_EINVAL);
}
END_TEST

START_TEST(test_unit_find)
{
	goc_unit *u = NULL;

	ck_assert_int_eq(unit_create4("commerce", "商务委",
	                              "Commerce Commission",
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	ck_assert_int_eq(unit_create4("finance", "金融局",
	                              "Financial Services Office",
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);

	/* by code, by Chinese name, by English name exact and in other cases */
	static const struct {
		const char *text, *code;
	} found[] = {
		{ "finance", "finance" },
		{ "商务委", "commerce" },
		{ "Commerce Commission", "commerce" },
		{ "COMMERCE COMMISSION", "commerce" },
		{ "financial services office", "finance" },
	};
	for (size_t i = 0; i < N_ELEMS(found); i++) {
		u = NULL;
		ck_assert_int_eq(goc_unit_find(&u, db, found[i].text), GOC_OK);
		ck_assert_str_eq(goc_unit_code(u), found[i].code);
		goc_unit_free(u);
	}

	/* exact match only */
	u = NULL;
	ck_assert_int_eq(goc_unit_find(&u, db, "商务"), GOC_ENOTFOUND);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(goc_unit_find(&u, db, "Commerce"), GOC_ENOTFOUND);
	ck_assert_int_eq(goc_unit_find(&u, db, "商务委 "), GOC_ENOTFOUND);
	ck_assert_int_eq(goc_unit_find(&u, db, "nobody"), GOC_ENOTFOUND);
	{
		/* An empty name matches nothing (or is refused as invalid). */
		int rc = goc_unit_find(&u, db, "");
		ck_assert_msg(rc == GOC_ENOTFOUND || rc == GOC_EINVAL,
		              "goc_unit_find(\"\") = %d", rc);
		ck_assert_ptr_null(u);
	}
	ck_assert_int_eq(goc_unit_find(NULL, db, "商务委"), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_find(&u, NULL, "商务委"), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_find(&u, db, NULL), GOC_EINVAL);
}
END_TEST

START_TEST(test_unit_list_ordered)
{
	static const struct {
		const char *code, *zh;
		int kind;
	} units[] = {
		{ "zeta", "泽塔", GOC_UNIT_DEPARTMENT },
		{ "alpha", "阿尔法", GOC_UNIT_BUREAU },
		{ "m-1", "米一", GOC_UNIT_DEPARTMENT },
		{ "9lives", "九命", GOC_UNIT_PARTY_OFFICE },
		{ "b_2", "贝二", GOC_UNIT_BUREAU },
	};
	static const char *const all_sorted[] = { "9lives", "alpha", "b_2",
		                                  "m-1", "zeta" };
	static const char *const bureaus_sorted[] = { "alpha", "b_2" };
	goc_cursor *c = NULL;
	size_t i;

	for (i = 0; i < N_ELEMS(units); i++)
		ck_assert_int_eq(unit_create4(units[i].code, units[i].zh, NULL,
		                              units[i].kind),
		                 GOC_OK);

	ck_assert_int_eq(goc_unit_list(&c, db, 0), GOC_OK);
	for (i = 0; i < N_ELEMS(all_sorted); i++) {
		const goc_unit *u;
		ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
		u = goc_cursor_unit(c);
		ck_assert_ptr_nonnull(u);
		ck_assert_str_eq(goc_unit_code(u), all_sorted[i]);
	}
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	c = NULL;
	ck_assert_int_eq(goc_unit_list(&c, db, GOC_UNIT_BUREAU), GOC_OK);
	for (i = 0; i < N_ELEMS(bureaus_sorted); i++) {
		const goc_unit *u;
		ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
		u = goc_cursor_unit(c);
		ck_assert_str_eq(goc_unit_code(u), bureaus_sorted[i]);
		ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_BUREAU);
	}
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	ck_assert_int_eq(count_units(GOC_UNIT_DEPARTMENT), 2);
	ck_assert_int_eq(count_units(GOC_UNIT_PARTY_OFFICE), 1);

	/* Row fields from the cursor. */
	c = NULL;
	ck_assert_int_eq(goc_unit_list(&c, db, GOC_UNIT_PARTY_OFFICE), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_unit_name_zh(goc_cursor_unit(c)), "九命");
	ck_assert_ptr_null(goc_unit_name_en(goc_cursor_unit(c)));
	ck_assert_ptr_null(goc_cursor_group(c));
	ck_assert_ptr_null(goc_cursor_zone(c));
	goc_cursor_free(c);

	/* Unknown kinds. */
	c = NULL;
	ck_assert_int_eq(goc_unit_list(&c, db, 4), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_list(&c, db, 9), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_list(&c, db, -1), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_list(NULL, db, 0), GOC_EINVAL);
	ck_assert_int_eq(goc_unit_list(&c, NULL, 0), GOC_EINVAL);
}
END_TEST

START_TEST(test_unit_create_invalid)
{
	goc_unit_fields f = GOC_UNIT_FIELDS_INIT;
	char *zh200 = tu_repeat("中", 200);
	char *zh201 = tu_repeat("中", 201);
	char *en200 = tu_repeat("a", 200);
	char *en201 = tu_repeat("a", 201);
	char *code32 = tu_repeat("c", 32);
	char *code33 = tu_repeat("c", 33);
	int before;

	ck_assert_int_eq(unit_create4("existing", "已有", NULL,
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	before = count_units(0);

	/* NULL arguments and struct versions. */
	ck_assert_int_eq(goc_unit_create(NULL, &f), GOC_EINVAL);
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
	expect_fail(goc_unit_create(db, NULL), GOC_EINVAL, NULL, "NULL fields");
	f.code = "v0";
	f.name_zh = "版本零";
	f.kind = GOC_UNIT_DEPARTMENT;
	f.version = 0;
	expect_fail(goc_unit_create(db, &f), GOC_EINVAL, NULL, "version 0");
	f.version = GOC_UNIT_FIELDS_VERSION + 1;
	expect_fail(goc_unit_create(db, &f), GOC_EINVAL, NULL, "version 2");

	/* Codes. */
	expect_fail(unit_create4(NULL, "无代码", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "NULL code");
	expect_fail(unit_create4("", "空代码", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "empty code");
	expect_fail(unit_create4("Bad Code", "坏代码", NULL,
	                         GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "code with space and capitals");
	expect_fail(unit_create4("UPPER", "大写", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "upper-case code");
	expect_fail(unit_create4(code33, "太长代码", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "33-character code");
	expect_fail(unit_create4("-x", "横线开头", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "code starting with -");
	expect_fail(unit_create4("_x", "下划线开头", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "code starting with _");
	expect_fail(unit_create4("a.b", "点", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "code with a dot");
	expect_fail(unit_create4("商务", "中文代码", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "code", "non-ASCII code");

	/* Names. */
	expect_fail(unit_create4("n1", NULL, NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "NULL name_zh");
	expect_fail(unit_create4("n1", "", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "empty name_zh");
	expect_fail(unit_create4("n1", zh201, NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "201-character name_zh");
	expect_fail(unit_create4("n1", "\xC0\xAF", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "overlong UTF-8 in name_zh");
	expect_fail(unit_create4("n1", "商务\xE5", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "truncated UTF-8 in name_zh");
	expect_fail(unit_create4("n1", "商务\x01委", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "control character in name_zh");
	expect_fail(unit_create4("n1", "商务\n委", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "newline in name_zh");
	expect_fail(unit_create4("n1", "商务委", en201, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_en", "201-character name_en");
	expect_fail(unit_create4("n1", "商务委", "Bad\xFF", GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_en", "invalid UTF-8 in name_en");
	expect_fail(unit_create4("n1", "商务委", "Tab\tName",
	                         GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_en", "control character in name_en");

	/* No leading or trailing spaces (inner ones are fine, below). */
	expect_fail(unit_create4("n1", " 商务委", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "leading space in name_zh");
	expect_fail(unit_create4("n1", "商务委 ", NULL, GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_zh", "trailing space in name_zh");
	expect_fail(unit_create4("n1", "商务委", " Commerce",
	                         GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_en", "leading space in name_en");
	expect_fail(unit_create4("n1", "商务委", "Commerce ",
	                         GOC_UNIT_DEPARTMENT),
	            GOC_EINVAL, "name_en", "trailing space in name_en");

	/* Kinds. */
	expect_fail(unit_create4("n1", "商务委", NULL, 0), GOC_EINVAL, "kind",
	            "kind 0");
	expect_fail(unit_create4("n1", "商务委", NULL, 9), GOC_EINVAL, "kind",
	            "kind 9");
	expect_fail(unit_create4("n1", "商务委", NULL, 4), GOC_EINVAL, "kind",
	            "kind 4");
	expect_fail(unit_create4("n1", "商务委", NULL, -1), GOC_EINVAL, "kind",
	            "kind -1");

	/* Nothing was written. */
	ck_assert_int_eq(count_units(0), before);

	/* The limits themselves are fine. */
	ck_assert_int_eq(unit_create4(code32, zh200, en200, GOC_UNIT_BUREAU),
	                 GOC_OK);
	ck_assert_int_eq(unit_create4("1", "一", NULL, GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	ck_assert_int_eq(unit_create4("x-_9", "混合", "Inner  Spaces Ok",
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	{
		goc_unit *u = NULL;
		ck_assert_int_eq(goc_unit_get(&u, db, code32), GOC_OK);
		ck_assert_str_eq(goc_unit_name_zh(u), zh200);
		ck_assert_str_eq(goc_unit_name_en(u), en200);
		goc_unit_free(u);
	}
	ck_assert_int_eq(count_units(0), before + 3);

	free(zh200);
	free(zh201);
	free(en200);
	free(en201);
	free(code32);
	free(code33);
}
END_TEST

START_TEST(test_unit_create_duplicates)
{
	int before;

	ck_assert_int_eq(unit_create4("commerce", "商务委",
	                              "Commerce Commission",
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "bureaus", "各管理局",
	                                  "Management Bureaus"),
	                 GOC_OK);
	before = count_units(0);

	expect_fail(unit_create4("commerce", "另一个", NULL,
	                         GOC_UNIT_DEPARTMENT),
	            GOC_EEXISTS, NULL, "duplicate code");
	expect_fail(unit_create4("commerce2", "商务委", NULL,
	                         GOC_UNIT_DEPARTMENT),
	            GOC_EEXISTS, NULL, "duplicate zh name");
	expect_fail(unit_create4("commerce3", "商务委三", "Commerce Commission",
	                         GOC_UNIT_DEPARTMENT),
	            GOC_EEXISTS, NULL, "duplicate en name");
	/* The group namespace is shared. */
	expect_fail(unit_create4("bureaus", "管理局们", NULL, GOC_UNIT_BUREAU),
	            GOC_EEXISTS, NULL, "unit code equal to a group code");
	expect_fail(unit_create4("bureaus2", "各管理局", NULL, GOC_UNIT_BUREAU),
	            GOC_EEXISTS, NULL, "unit zh name equal to a group's");
	expect_fail(unit_create4("bureaus3", "管理局三", "Management Bureaus",
	                         GOC_UNIT_BUREAU),
	            GOC_EEXISTS, NULL, "unit en name equal to a group's");

	ck_assert_int_eq(count_units(0), before);
	ck_assert_int_eq(count_groups(), 1);
}
END_TEST

START_TEST(test_error_message_valid_utf8)
{
	/* goc_error_message() is always valid UTF-8, even when it quotes
	 * invalid input. */
	char msg[1024];

	goc_error_clear();
	ck_assert_int_eq(unit_create4("bad-zh", "商务\xFF\xFE委\xC0\xAF", NULL,
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_EINVAL);
	snprintf(msg, sizeof msg, "%s", goc_error_message());
	ck_assert_msg(strlen(msg) > 0, "message expected");
	ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
	              "message is not valid UTF-8");

	ck_assert_int_eq(unit_create4("bad-en", "单位", "x\xE4\xB8",
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_EINVAL);
	snprintf(msg, sizeof msg, "%s", goc_error_message());
	ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
	              "message is not valid UTF-8");

	/* A find with an invalid name quotes it as well. */
	{
		goc_unit *u = NULL;
		int rc = goc_unit_find(&u, db, "\xED\xA0\x80");
		ck_assert_msg(rc == GOC_ENOTFOUND || rc == GOC_EINVAL,
		              "find(invalid) = %d", rc);
		snprintf(msg, sizeof msg, "%s", goc_error_message());
		ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
		              "message is not valid UTF-8");
	}
}
END_TEST

START_TEST(test_empty_name_en)
{
	/* An empty optional English name: the header says names are 1-200
	 * characters, and "" also means "clear" elsewhere (goc_org_update).
	 * Either refusing it or storing no English name is acceptable;
	 * storing "" is not. */
	goc_unit *u = NULL;
	goc_group *g = NULL;
	goc_zone *z = NULL;
	int rc;

	rc = unit_create4("n1", "单位一", "", GOC_UNIT_DEPARTMENT);
	ck_assert_msg(rc == GOC_OK || rc == GOC_EINVAL, "unit: %d", rc);
	if (rc == GOC_OK) {
		ck_assert_int_eq(goc_unit_get(&u, db, "n1"), GOC_OK);
		ck_assert_ptr_null(goc_unit_name_en(u));
		goc_unit_free(u);
		/* and a second unit with "" is no name clash */
		ck_assert_int_eq(unit_create4("n2", "单位二", "",
		                              GOC_UNIT_DEPARTMENT),
		                 GOC_OK);
	}
	rc = goc_group_create(db, "g1", "组一", "");
	ck_assert_msg(rc == GOC_OK || rc == GOC_EINVAL, "group: %d", rc);
	if (rc == GOC_OK) {
		ck_assert_int_eq(goc_group_get(&g, db, "g1"), GOC_OK);
		ck_assert_ptr_null(goc_group_name_en(g));
		goc_group_free(g);
	}
	rc = zone_create("z1", "区一", "", 0, NULL);
	ck_assert_msg(rc == GOC_OK || rc == GOC_EINVAL, "zone: %d", rc);
	if (rc == GOC_OK) {
		ck_assert_int_eq(goc_zone_get(&z, db, "z1"), GOC_OK);
		ck_assert_ptr_null(goc_zone_name_en(z));
		goc_zone_free(z);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * Groups
 * ---------------------------------------------------------------------- */

static void make_three_units(void)
{
	ck_assert_int_eq(unit_create4("u3", "单位三", NULL, GOC_UNIT_BUREAU),
	                 GOC_OK);
	ck_assert_int_eq(unit_create4("u2", "单位二", NULL, GOC_UNIT_BUREAU),
	                 GOC_OK);
	ck_assert_int_eq(unit_create4("u1", "单位一", NULL, GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
}

START_TEST(test_group_create_get)
{
	goc_group *g = NULL;

	ck_assert_int_eq(goc_group_create(db, "bureaus", "各管理局",
	                                  "Management Bureaus"),
	                 GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "authorities", "各行业主管部门",
	                                  NULL),
	                 GOC_OK);

	ck_assert_int_eq(goc_group_get(&g, db, "bureaus"), GOC_OK);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(goc_group_code(g), "bureaus");
	ck_assert_str_eq(goc_group_name_zh(g), "各管理局");
	ck_assert_pstr_eq(goc_group_name_en(g), "Management Bureaus");
	ck_assert_int_eq(goc_group_member_count(g), 0);
	goc_group_free(g);

	g = NULL;
	ck_assert_int_eq(goc_group_get(&g, db, "authorities"), GOC_OK);
	ck_assert_str_eq(goc_group_name_zh(g), "各行业主管部门");
	ck_assert_ptr_null(goc_group_name_en(g));
	goc_group_free(g);

	g = (goc_group *)(void *)&db;
	ck_assert_int_eq(goc_group_get(&g, db, "nothing"), GOC_ENOTFOUND);
	ck_assert_ptr_null(g);
	ck_assert_int_eq(goc_group_get(NULL, db, "bureaus"), GOC_EINVAL);
	ck_assert_int_eq(goc_group_get(&g, NULL, "bureaus"), GOC_EINVAL);
	ck_assert_int_eq(goc_group_get(&g, db, NULL), GOC_EINVAL);
	goc_group_free(NULL);

	/* A group is not a unit. */
	{
		goc_unit *u = NULL;
		ck_assert_int_eq(goc_unit_get(&u, db, "bureaus"), GOC_ENOTFOUND);
		ck_assert_int_eq(count_units(0), 0);
	}
}
END_TEST

START_TEST(test_group_members)
{
	goc_cursor *c = NULL;
	const goc_unit *u;

	make_three_units();
	ck_assert_int_eq(goc_group_create(db, "grp", "组", "Group"), GOC_OK);

	ck_assert_int_eq(goc_group_add_member(db, "grp", "u3"), GOC_OK);
	ck_assert_int_eq(goc_group_add_member(db, "grp", "u1"), GOC_OK);
	/* Adding twice is a no-op. */
	ck_assert_int_eq(goc_group_add_member(db, "grp", "u1"), GOC_OK);
	ck_assert_int_eq(group_member_count("grp"), 2);
	ck_assert_int_eq(count_members("grp"), 2);

	/* Members ordered by code, with their fields. */
	ck_assert_int_eq(goc_group_members(&c, db, "grp"), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	u = goc_cursor_unit(c);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(goc_unit_code(u), "u1");
	ck_assert_str_eq(goc_unit_name_zh(u), "单位一");
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_DEPARTMENT);
	ck_assert_ptr_null(goc_cursor_group(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	u = goc_cursor_unit(c);
	ck_assert_str_eq(goc_unit_code(u), "u3");
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_BUREAU);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Remove. */
	ck_assert_int_eq(goc_group_remove_member(db, "grp", "u1"), GOC_OK);
	ck_assert_int_eq(group_member_count("grp"), 1);
	expect_fail(goc_group_remove_member(db, "grp", "u1"), GOC_ENOTFOUND,
	            NULL, "remove twice");
	expect_fail(goc_group_remove_member(db, "grp", "u2"), GOC_ENOTFOUND,
	            NULL, "remove a non-member");
	expect_fail(goc_group_remove_member(db, "nogroup", "u3"), GOC_ENOTFOUND,
	            NULL, "remove from an unknown group");
	ck_assert_int_eq(group_member_count("grp"), 1);

	/* A unit may belong to several groups. */
	ck_assert_int_eq(goc_group_create(db, "grp2", "组二", NULL), GOC_OK);
	ck_assert_int_eq(goc_group_add_member(db, "grp2", "u3"), GOC_OK);
	ck_assert_int_eq(group_member_count("grp2"), 1);
	ck_assert_int_eq(group_member_count("grp"), 1);

	/* Re-adding after removal works. */
	ck_assert_int_eq(goc_group_add_member(db, "grp", "u1"), GOC_OK);
	ck_assert_int_eq(count_members("grp"), 2);

	/* An empty group lists nothing. */
	ck_assert_int_eq(goc_group_create(db, "empty", "空组", NULL), GOC_OK);
	ck_assert_int_eq(count_members("empty"), 0);
}
END_TEST

START_TEST(test_group_member_errors)
{
	goc_cursor *c = NULL;

	make_three_units();
	ck_assert_int_eq(goc_group_create(db, "grp", "组", NULL), GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "other", "另一组", NULL), GOC_OK);

	expect_fail(goc_group_add_member(db, "nogroup", "u1"), GOC_ENOTFOUND,
	            NULL, "add to an unknown group");
	expect_fail(goc_group_add_member(db, "grp", "nounit"), GOC_ENOTFOUND,
	            NULL, "add an unknown unit");
	expect_fail(goc_group_add_member(db, "u1", "u2"), GOC_ENOTFOUND, NULL,
	            "a unit used as a group");
	expect_fail(goc_group_add_member(db, "grp", "other"), GOC_ENOTFOUND,
	            NULL, "a group used as a member unit");
	expect_fail(goc_group_add_member(db, NULL, "u1"), GOC_EINVAL, NULL,
	            "NULL group");
	expect_fail(goc_group_add_member(db, "grp", NULL), GOC_EINVAL, NULL,
	            "NULL unit");
	expect_fail(goc_group_add_member(db, "Bad Group", "u1"), GOC_EINVAL,
	            NULL, "malformed group code");
	expect_fail(goc_group_add_member(db, "grp", "Bad Unit"), GOC_EINVAL,
	            NULL, "malformed unit code");
	ck_assert_int_eq(goc_group_add_member(NULL, "grp", "u1"), GOC_EINVAL);
	expect_fail(goc_group_remove_member(db, NULL, "u1"), GOC_EINVAL, NULL,
	            "remove: NULL group");
	expect_fail(goc_group_remove_member(db, "grp", NULL), GOC_EINVAL, NULL,
	            "remove: NULL unit");
	ck_assert_int_eq(goc_group_remove_member(NULL, "grp", "u1"),
	                 GOC_EINVAL);

	expect_fail(goc_group_members(&c, db, "nogroup"), GOC_ENOTFOUND, NULL,
	            "members of an unknown group");
	ck_assert_int_eq(goc_group_members(NULL, db, "grp"), GOC_EINVAL);
	ck_assert_int_eq(goc_group_members(&c, db, NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_group_members(&c, NULL, "grp"), GOC_EINVAL);

	ck_assert_int_eq(group_member_count("grp"), 0);
}
END_TEST

START_TEST(test_group_create_errors)
{
	char *zh201 = tu_repeat("中", 201);

	ck_assert_int_eq(unit_create4("commerce", "商务委",
	                              "Commerce Commission",
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "grp", "组", "Group"), GOC_OK);

	expect_fail(goc_group_create(db, "commerce", "商务组", NULL),
	            GOC_EEXISTS, NULL, "group code equal to a unit code");
	expect_fail(goc_group_create(db, "grp", "组二", NULL), GOC_EEXISTS,
	            NULL, "duplicate group code");
	expect_fail(goc_group_create(db, "grp2", "组", NULL), GOC_EEXISTS,
	            NULL, "duplicate group zh name");
	expect_fail(goc_group_create(db, "grp3", "商务委", NULL), GOC_EEXISTS,
	            NULL, "group zh name equal to a unit's");
	expect_fail(goc_group_create(db, "grp4", "组四", "Commerce Commission"),
	            GOC_EEXISTS, NULL, "group en name equal to a unit's");
	expect_fail(goc_group_create(db, "grp5", "组五", "Group"), GOC_EEXISTS,
	            NULL, "duplicate group en name");

	expect_fail(goc_group_create(db, NULL, "组六", NULL), GOC_EINVAL,
	            "code", "NULL code");
	expect_fail(goc_group_create(db, "Bad Code", "组六", NULL), GOC_EINVAL,
	            "code", "malformed code");
	expect_fail(goc_group_create(db, "", "组六", NULL), GOC_EINVAL, "code",
	            "empty code");
	expect_fail(goc_group_create(db, "grp6", NULL, NULL), GOC_EINVAL,
	            "name_zh", "NULL name_zh");
	expect_fail(goc_group_create(db, "grp6", "", NULL), GOC_EINVAL,
	            "name_zh", "empty name_zh");
	expect_fail(goc_group_create(db, "grp6", zh201, NULL), GOC_EINVAL,
	            "name_zh", "over-long name_zh");
	expect_fail(goc_group_create(db, "grp6", "组六 ", NULL), GOC_EINVAL,
	            "name_zh", "trailing space in name_zh");
	expect_fail(goc_group_create(db, "grp6", "组六", " Six"), GOC_EINVAL,
	            "name_en", "leading space in name_en");
	expect_fail(goc_group_create(db, "grp6", "\xED\xA0\x80", NULL),
	            GOC_EINVAL, "name_zh", "surrogate in name_zh");
	ck_assert_int_eq(goc_group_create(NULL, "grp6", "组六", NULL),
	                 GOC_EINVAL);

	ck_assert_int_eq(count_groups(), 1);
	ck_assert_int_eq(count_units(0), 1);
	free(zh201);
}
END_TEST

START_TEST(test_group_list)
{
	goc_cursor *c = NULL;
	const goc_group *g;

	make_three_units();
	ck_assert_int_eq(goc_group_create(db, "zz", "最后组", NULL), GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "aa", "第一组", "First"), GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "mm", "中间组", NULL), GOC_OK);
	ck_assert_int_eq(goc_group_add_member(db, "mm", "u1"), GOC_OK);
	ck_assert_int_eq(goc_group_add_member(db, "mm", "u2"), GOC_OK);

	ck_assert_int_eq(goc_group_list(&c, db), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	g = goc_cursor_group(c);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(goc_group_code(g), "aa");
	ck_assert_str_eq(goc_group_name_zh(g), "第一组");
	ck_assert_pstr_eq(goc_group_name_en(g), "First");
	ck_assert_ptr_null(goc_cursor_unit(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	g = goc_cursor_group(c);
	ck_assert_str_eq(goc_group_code(g), "mm");
	ck_assert_int_eq(goc_group_member_count(g), 2);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_group_code(goc_cursor_group(c)), "zz");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	ck_assert_int_eq(goc_group_list(NULL, db), GOC_EINVAL);
	ck_assert_int_eq(goc_group_list(&c, NULL), GOC_EINVAL);
}
END_TEST

START_TEST(test_group_member_count_snapshot)
{
	/* member_count is "when the record was read". */
	goc_group *g = NULL;

	make_three_units();
	ck_assert_int_eq(goc_group_create(db, "grp", "组", NULL), GOC_OK);
	ck_assert_int_eq(goc_group_add_member(db, "grp", "u1"), GOC_OK);
	ck_assert_int_eq(goc_group_get(&g, db, "grp"), GOC_OK);
	ck_assert_int_eq(goc_group_add_member(db, "grp", "u2"), GOC_OK);
	ck_assert_int_eq(goc_group_member_count(g), 1);
	goc_group_free(g);
	ck_assert_int_eq(group_member_count("grp"), 2);
}
END_TEST

/* ------------------------------------------------------------------------
 * Zones
 * ---------------------------------------------------------------------- */

static int zone_create(const char *code, const char *zh, const char *en,
                       int focus, const char *bureau)
{
	goc_zone_fields f = GOC_ZONE_FIELDS_INIT;
	f.code = code;
	f.name_zh = zh;
	f.name_en = en;
	f.focus = focus;
	f.bureau = bureau;
	return goc_zone_create(db, &f);
}

START_TEST(test_zone_create_get)
{
	goc_zone *z = NULL;

	ck_assert_int_eq(unit_create4("ljz-bureau", "陆家嘴管理局", NULL,
	                              GOC_UNIT_BUREAU),
	                 GOC_OK);
	ck_assert_int_eq(zone_create("lujiazui", "陆家嘴", "Lujiazui",
	                             GOC_CATEGORY_PROFESSIONAL, "ljz-bureau"),
	                 GOC_OK);
	ck_assert_int_eq(zone_create("general", "综合区", NULL, 0, NULL),
	                 GOC_OK);

	ck_assert_int_eq(goc_zone_get(&z, db, "lujiazui"), GOC_OK);
	ck_assert_ptr_nonnull(z);
	ck_assert_str_eq(goc_zone_code(z), "lujiazui");
	ck_assert_str_eq(goc_zone_name_zh(z), "陆家嘴");
	ck_assert_pstr_eq(goc_zone_name_en(z), "Lujiazui");
	ck_assert_int_eq(goc_zone_focus(z), GOC_CATEGORY_PROFESSIONAL);
	ck_assert_pstr_eq(goc_zone_bureau(z), "ljz-bureau");
	goc_zone_free(z);

	z = NULL;
	ck_assert_int_eq(goc_zone_get(&z, db, "general"), GOC_OK);
	ck_assert_str_eq(goc_zone_name_zh(z), "综合区");
	ck_assert_ptr_null(goc_zone_name_en(z));
	ck_assert_int_eq(goc_zone_focus(z), 0);
	ck_assert_ptr_null(goc_zone_bureau(z));
	goc_zone_free(z);

	z = (goc_zone *)(void *)&db;
	ck_assert_int_eq(goc_zone_get(&z, db, "nowhere"), GOC_ENOTFOUND);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(goc_zone_get(NULL, db, "general"), GOC_EINVAL);
	ck_assert_int_eq(goc_zone_get(&z, NULL, "general"), GOC_EINVAL);
	ck_assert_int_eq(goc_zone_get(&z, db, NULL), GOC_EINVAL);
	goc_zone_free(NULL);
}
END_TEST

START_TEST(test_zone_own_namespace)
{
	/* Zone codes have their own namespace: a zone may share a unit's
	 * code. */
	goc_zone *z = NULL;

	ck_assert_int_eq(unit_create4("expo", "世博管理局", NULL,
	                              GOC_UNIT_BUREAU),
	                 GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "grp", "组", NULL), GOC_OK);
	ck_assert_int_eq(zone_create("expo", "世博前滩", "Expo & Qiantan", 0,
	                             "expo"),
	                 GOC_OK);
	ck_assert_int_eq(zone_create("grp", "组区", NULL, 0, NULL), GOC_OK);
	ck_assert_int_eq(goc_zone_get(&z, db, "expo"), GOC_OK);
	ck_assert_str_eq(goc_zone_bureau(z), "expo");
	goc_zone_free(z);
}
END_TEST

START_TEST(test_zone_create_errors)
{
	goc_zone_fields f = GOC_ZONE_FIELDS_INIT;
	char *zh201 = tu_repeat("中", 201);

	ck_assert_int_eq(unit_create4("b1", "管理局一", NULL, GOC_UNIT_BUREAU),
	                 GOC_OK);
	ck_assert_int_eq(zone_create("z1", "一区", "Zone One", GOC_CATEGORY_TRADE,
	                             "b1"),
	                 GOC_OK);

	expect_fail(zone_create("z2", "二区", NULL, 0, "nobody"),
	            GOC_ENOTFOUND, NULL, "unknown bureau");
	expect_fail(zone_create("z2", "二区", NULL, 9, "b1"), GOC_EINVAL,
	            "focus", "focus 9");
	expect_fail(zone_create("z2", "二区", NULL, 99, NULL), GOC_EINVAL,
	            "focus", "focus 99");
	expect_fail(zone_create("z2", "二区", NULL, -1, NULL), GOC_EINVAL,
	            "focus", "focus -1");
	expect_fail(zone_create("z1", "二区", NULL, 0, NULL), GOC_EEXISTS,
	            NULL, "duplicate code");
	expect_fail(zone_create("z2", "一区", NULL, 0, NULL), GOC_EEXISTS,
	            NULL, "duplicate zh name");
	expect_fail(zone_create(NULL, "二区", NULL, 0, NULL), GOC_EINVAL,
	            "code", "NULL code");
	expect_fail(zone_create("Zone 2", "二区", NULL, 0, NULL), GOC_EINVAL,
	            "code", "malformed code");
	expect_fail(zone_create("z2", NULL, NULL, 0, NULL), GOC_EINVAL,
	            "name_zh", "NULL name_zh");
	expect_fail(zone_create("z2", "", NULL, 0, NULL), GOC_EINVAL,
	            "name_zh", "empty name_zh");
	expect_fail(zone_create("z2", zh201, NULL, 0, NULL), GOC_EINVAL,
	            "name_zh", "over-long name_zh");
	expect_fail(zone_create("z2", "二\x7f区\x02", NULL, 0, NULL), GOC_EINVAL,
	            "name_zh", "control character in name_zh");
	expect_fail(zone_create("z2", " 二区", NULL, 0, NULL), GOC_EINVAL,
	            "name_zh", "leading space in name_zh");
	expect_fail(zone_create("z2", "二区", "Zone Two ", 0, NULL), GOC_EINVAL,
	            "name_en", "trailing space in name_en");
	expect_fail(zone_create("z2", "二区", "\xF4\x90\x80\x80", 0, NULL),
	            GOC_EINVAL, "name_en", "invalid UTF-8 in name_en");

	expect_fail(goc_zone_create(db, NULL), GOC_EINVAL, NULL, "NULL fields");
	ck_assert_int_eq(goc_zone_create(NULL, &f), GOC_EINVAL);
	f.code = "z2";
	f.name_zh = "二区";
	f.version = 0;
	expect_fail(goc_zone_create(db, &f), GOC_EINVAL, NULL, "version 0");
	f.version = GOC_ZONE_FIELDS_VERSION + 1;
	expect_fail(goc_zone_create(db, &f), GOC_EINVAL, NULL, "version 2");

	ck_assert_int_eq(count_zones(), 1);

	/* Every category is a valid focus. */
	{
		int cat;
		char code[8], zh[32];
		for (cat = GOC_CATEGORY_ECONOMIC; cat <= GOC_CATEGORY_OTHER;
		     cat++) {
			snprintf(code, sizeof code, "f%d", cat);
			snprintf(zh, sizeof zh, "焦点区%d", cat);
			ck_assert_int_eq(zone_create(code, zh, NULL, cat, NULL),
			                 GOC_OK);
		}
	}
	ck_assert_int_eq(count_zones(), 9);
	free(zh201);
}
END_TEST

START_TEST(test_zone_list)
{
	goc_cursor *c = NULL;
	const goc_zone *z;

	ck_assert_int_eq(unit_create4("b1", "管理局一", NULL, GOC_UNIT_BUREAU),
	                 GOC_OK);
	ck_assert_int_eq(zone_create("zhangjiang", "张江", "Zhangjiang",
	                             GOC_CATEGORY_SCITECH, "b1"),
	                 GOC_OK);
	ck_assert_int_eq(zone_create("expo", "世博前滩", NULL, 0, NULL),
	                 GOC_OK);
	ck_assert_int_eq(zone_create("ftz", "保税区", NULL, GOC_CATEGORY_TRADE,
	                             NULL),
	                 GOC_OK);

	ck_assert_int_eq(goc_zone_list(&c, db), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	z = goc_cursor_zone(c);
	ck_assert_ptr_nonnull(z);
	ck_assert_str_eq(goc_zone_code(z), "expo");
	ck_assert_str_eq(goc_zone_name_zh(z), "世博前滩");
	ck_assert_ptr_null(goc_zone_bureau(z));
	ck_assert_ptr_null(goc_cursor_unit(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	z = goc_cursor_zone(c);
	ck_assert_str_eq(goc_zone_code(z), "ftz");
	ck_assert_int_eq(goc_zone_focus(z), GOC_CATEGORY_TRADE);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	z = goc_cursor_zone(c);
	ck_assert_str_eq(goc_zone_code(z), "zhangjiang");
	ck_assert_pstr_eq(goc_zone_name_en(z), "Zhangjiang");
	ck_assert_pstr_eq(goc_zone_bureau(z), "b1");
	ck_assert_int_eq(goc_zone_focus(z), GOC_CATEGORY_SCITECH);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	ck_assert_int_eq(goc_zone_list(NULL, db), GOC_EINVAL);
	ck_assert_int_eq(goc_zone_list(&c, NULL), GOC_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------------
 * The "pudong" reference set
 * ---------------------------------------------------------------------- */

static const char *const pudong_departments[] = {
	"商务委", "科经委", "金融局", "司法局", "发改委", "市场监管局",
	"知识产权局", "人社局", "财政局", "公安分局", "卫健委", "教育局",
	"税务局",
};
static const char *const pudong_party_offices[] = { "区委组织部",
	                                             "区委宣传部" };

static void check_pudong_counts(void)
{
	ck_assert_int_eq(count_units(0), 20);
	ck_assert_int_eq(count_units(GOC_UNIT_DEPARTMENT), 13);
	ck_assert_int_eq(count_units(GOC_UNIT_PARTY_OFFICE), 2);
	ck_assert_int_eq(count_units(GOC_UNIT_BUREAU), 5);
	ck_assert_int_eq(count_groups(), 2);
	ck_assert_int_eq(count_zones(), 5);
	ck_assert_int_eq(group_member_count("bureaus"), 5);
	ck_assert_int_eq(count_members("bureaus"), 5);
}

START_TEST(test_pudong_load)
{
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	check_pudong_counts();
}
END_TEST

START_TEST(test_pudong_units)
{
	size_t i;

	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);

	for (i = 0; i < N_ELEMS(pudong_departments); i++) {
		goc_unit *u = NULL, *again = NULL;
		int rc = goc_unit_find(&u, db, pudong_departments[i]);
		ck_assert_msg(rc == GOC_OK, "goc_unit_find(%s) = %d",
		              pudong_departments[i], rc);
		ck_assert_str_eq(goc_unit_name_zh(u), pudong_departments[i]);
		ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_DEPARTMENT);
		/* Its code is well-formed and gets the same unit back. */
		ck_assert_int_eq(goc_unit_get(&again, db, goc_unit_code(u)),
		                 GOC_OK);
		ck_assert_str_eq(goc_unit_name_zh(again), pudong_departments[i]);
		goc_unit_free(again);
		goc_unit_free(u);
	}
	for (i = 0; i < N_ELEMS(pudong_party_offices); i++) {
		goc_unit *u = NULL;
		int rc = goc_unit_find(&u, db, pudong_party_offices[i]);
		ck_assert_msg(rc == GOC_OK, "goc_unit_find(%s) = %d",
		              pudong_party_offices[i], rc);
		ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_PARTY_OFFICE);
		goc_unit_free(u);
	}
	/* Group names are not units. */
	{
		goc_unit *u = NULL;
		ck_assert_int_eq(goc_unit_find(&u, db, "各管理局"), GOC_ENOTFOUND);
		ck_assert_int_eq(goc_unit_find(&u, db, "各行业主管部门"),
		                 GOC_ENOTFOUND);
	}
}
END_TEST

START_TEST(test_pudong_groups)
{
	goc_group *g = NULL;
	goc_cursor *c = NULL;
	int rc, n = 0;

	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);

	ck_assert_int_eq(goc_group_get(&g, db, "bureaus"), GOC_OK);
	ck_assert_str_eq(goc_group_code(g), "bureaus");
	ck_assert_str_eq(goc_group_name_zh(g), "各管理局");
	ck_assert_int_eq(goc_group_member_count(g), 5);
	goc_group_free(g);

	/* Its members are exactly the five bureaus. */
	ck_assert_int_eq(goc_group_members(&c, db, "bureaus"), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		ck_assert_int_eq(goc_unit_kind(goc_cursor_unit(c)),
		                 GOC_UNIT_BUREAU);
		n++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	ck_assert_int_eq(n, 5);
	goc_cursor_free(c);

	g = NULL;
	ck_assert_int_eq(goc_group_get(&g, db, "industry-authorities"), GOC_OK);
	ck_assert_str_eq(goc_group_name_zh(g), "各行业主管部门");
	ck_assert_int_ge(goc_group_member_count(g), 1);
	n = goc_group_member_count(g);
	goc_group_free(g);

	/* Industry authorities are district departments. */
	c = NULL;
	ck_assert_int_eq(goc_group_members(&c, db, "industry-authorities"),
	                 GOC_OK);
	{
		int m = 0;
		while ((rc = goc_cursor_next(c)) == GOC_ROW) {
			ck_assert_int_eq(goc_unit_kind(goc_cursor_unit(c)),
			                 GOC_UNIT_DEPARTMENT);
			m++;
		}
		ck_assert_int_eq(rc, GOC_DONE);
		ck_assert_int_eq(m, n);
	}
	goc_cursor_free(c);

	/* Groups listed by code. */
	c = NULL;
	ck_assert_int_eq(goc_group_list(&c, db), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_group_code(goc_cursor_group(c)), "bureaus");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_group_code(goc_cursor_group(c)),
	                 "industry-authorities");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);
}
END_TEST

START_TEST(test_pudong_zones)
{
	/* The plan: 陆家嘴 professional services, 张江 and 金桥 science and
	 * technology, 保税区 trade. */
	static const struct {
		const char *code, *zh_part;
		int focus; /* -1: not checked */
	} want[] = {
		{ "expo", "世博", -1 },
		{ "lujiazui", "陆家嘴", GOC_CATEGORY_PROFESSIONAL },
		{ "zhangjiang", "张江", GOC_CATEGORY_SCITECH },
		{ "jinqiao", "金桥", GOC_CATEGORY_SCITECH },
		{ "ftz", "保税区", GOC_CATEGORY_TRADE },
	};
	char bureaus[5][40];
	goc_cursor *c = NULL;
	size_t i, j;

	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);

	for (i = 0; i < N_ELEMS(want); i++) {
		goc_zone *z = NULL;
		goc_unit *b = NULL;
		int rc = goc_zone_get(&z, db, want[i].code);

		ck_assert_msg(rc == GOC_OK, "zone %s: %d", want[i].code, rc);
		ck_assert_msg(strstr(goc_zone_name_zh(z), want[i].zh_part) != NULL,
		              "zone %s is called %s", want[i].code,
		              goc_zone_name_zh(z));
		if (want[i].focus >= 0)
			ck_assert_msg(goc_zone_focus(z) == want[i].focus,
			              "zone %s focus %d, expected %d", want[i].code,
			              goc_zone_focus(z), want[i].focus);
		else
			ck_assert_int_le(goc_zone_focus(z), GOC_CATEGORY_OTHER);
		ck_assert_msg(goc_zone_bureau(z) != NULL, "zone %s has no bureau",
		              want[i].code);
		ck_assert_int_eq(goc_unit_get(&b, db, goc_zone_bureau(z)), GOC_OK);
		ck_assert_int_eq(goc_unit_kind(b), GOC_UNIT_BUREAU);
		snprintf(bureaus[i], sizeof bureaus[i], "%s", goc_unit_code(b));
		goc_unit_free(b);
		goc_zone_free(z);
	}
	/* Each zone has its own bureau. */
	for (i = 0; i < N_ELEMS(want); i++)
		for (j = i + 1; j < N_ELEMS(want); j++)
			ck_assert_str_ne(bureaus[i], bureaus[j]);

	/* Listed by code. */
	ck_assert_int_eq(goc_zone_list(&c, db), GOC_OK);
	{
		static const char *const sorted[] = { "expo", "ftz", "jinqiao",
			                              "lujiazui", "zhangjiang" };
		for (i = 0; i < N_ELEMS(sorted); i++) {
			ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
			ck_assert_str_eq(goc_zone_code(goc_cursor_zone(c)),
			                 sorted[i]);
		}
		ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	}
	goc_cursor_free(c);
}
END_TEST

START_TEST(test_pudong_twice)
{
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	check_pudong_counts();
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	check_pudong_counts();

	/* Own additions are kept, and loading again leaves them alone. */
	ck_assert_int_eq(unit_create4("extra", "额外单位", NULL,
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	ck_assert_int_eq(count_units(0), 21);
	ck_assert_int_eq(count_groups(), 2);
	ck_assert_int_eq(count_zones(), 5);
}
END_TEST

START_TEST(test_pudong_errors)
{
	expect_fail(goc_reference_load(db, "nowhere"), GOC_ENOTFOUND, NULL,
	            "unknown set");
	{
		int rc = goc_reference_load(db, "");
		ck_assert_msg(rc == GOC_ENOTFOUND || rc == GOC_EINVAL,
		              "goc_reference_load(\"\") = %d", rc);
	}
	expect_fail(goc_reference_load(db, "Pudong"), GOC_ENOTFOUND, NULL,
	            "set names are exact");
	expect_fail(goc_reference_load(db, NULL), GOC_EINVAL, NULL, "NULL set");
	ck_assert_int_eq(goc_reference_load(NULL, "pudong"), GOC_EINVAL);
	ck_assert_int_eq(count_units(0), 0);
	ck_assert_int_eq(count_groups(), 0);
	ck_assert_int_eq(count_zones(), 0);
}
END_TEST

START_TEST(test_pudong_name_taken_is_atomic)
{
	/* A name of the set taken by another code: EEXISTS, and the load is
	 * one transaction, so nothing of the set is left behind. */
	ck_assert_int_eq(unit_create4("my-commerce", "商务委", NULL,
	                              GOC_UNIT_DEPARTMENT),
	                 GOC_OK);
	expect_fail(goc_reference_load(db, "pudong"), GOC_EEXISTS, NULL,
	            "name taken");
	ck_assert_int_eq(count_units(0), 1);
	ck_assert_int_eq(count_groups(), 0);
	ck_assert_int_eq(count_zones(), 0);
}
END_TEST

START_TEST(test_pudong_inside_transaction)
{
	/* The load composes with an explicit transaction. */
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	ck_assert_int_eq(count_units(0), 20);
	ck_assert_int_eq(goc_db_rollback(db), GOC_OK);
	ck_assert_int_eq(count_units(0), 0);
	ck_assert_int_eq(count_zones(), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Persistence
 * ---------------------------------------------------------------------- */

START_TEST(test_persist_reopen)
{
	char path[600];
	goc_unit *u = NULL;
	goc_group *g = NULL;
	goc_zone *z = NULL;
	goc_cursor *c = NULL;

	snprintf(path, sizeof path, "%s/register.db", tmpdir);
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	ck_assert_int_eq(unit_create4("my-unit", "我的单位", "My Unit",
	                              GOC_UNIT_PARTY_OFFICE),
	                 GOC_OK);
	ck_assert_int_eq(goc_group_create(db, "mine", "我的组", "Mine"), GOC_OK);
	ck_assert_int_eq(goc_group_add_member(db, "mine", "my-unit"), GOC_OK);
	ck_assert_int_eq(zone_create("myzone", "我的区", "My Zone",
	                             GOC_CATEGORY_FINANCE, "my-unit"),
	                 GOC_OK);
	goc_db_close(db);
	db = NULL;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(count_units(0), 21);
	ck_assert_int_eq(count_groups(), 3);
	ck_assert_int_eq(count_zones(), 6);
	ck_assert_int_eq(group_member_count("bureaus"), 5);

	ck_assert_int_eq(goc_unit_get(&u, db, "my-unit"), GOC_OK);
	ck_assert_str_eq(goc_unit_name_zh(u), "我的单位");
	ck_assert_pstr_eq(goc_unit_name_en(u), "My Unit");
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_PARTY_OFFICE);
	goc_unit_free(u);

	ck_assert_int_eq(goc_group_get(&g, db, "mine"), GOC_OK);
	ck_assert_str_eq(goc_group_name_zh(g), "我的组");
	ck_assert_pstr_eq(goc_group_name_en(g), "Mine");
	ck_assert_int_eq(goc_group_member_count(g), 1);
	goc_group_free(g);
	ck_assert_int_eq(goc_group_members(&c, db, "mine"), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_str_eq(goc_unit_code(goc_cursor_unit(c)), "my-unit");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	ck_assert_int_eq(goc_zone_get(&z, db, "myzone"), GOC_OK);
	ck_assert_str_eq(goc_zone_name_zh(z), "我的区");
	ck_assert_pstr_eq(goc_zone_name_en(z), "My Zone");
	ck_assert_int_eq(goc_zone_focus(z), GOC_CATEGORY_FINANCE);
	ck_assert_pstr_eq(goc_zone_bureau(z), "my-unit");
	goc_zone_free(z);

	u = NULL;
	ck_assert_int_eq(goc_unit_find(&u, db, "知识产权局"), GOC_OK);
	ck_assert_int_eq(goc_unit_kind(u), GOC_UNIT_DEPARTMENT);
	goc_unit_free(u);

	/* Loading again after reopen still changes nothing. */
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	ck_assert_int_eq(count_units(0), 21);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *register_suite(void)
{
	Suite *s = suite_create("register");

	tu_fixtures(&db, tmpdir, sizeof tmpdir, "test-reg", NULL);

	add_case(s, "unit", tu_mem_setup, tu_mem_teardown, 60, (const TTest *[]){
		test_unit_create_get, test_unit_record_independent, test_unit_get_errors,
		test_unit_find, test_unit_list_ordered, test_unit_create_invalid,
		test_unit_create_duplicates, test_empty_name_en, test_error_message_valid_utf8,
		NULL });

	add_case(s, "group", tu_mem_setup, tu_mem_teardown, 60, (const TTest *[]){
		test_group_create_get, test_group_members, test_group_member_errors,
		test_group_create_errors, test_group_list, test_group_member_count_snapshot,
		NULL });

	add_case(s, "zone", tu_mem_setup, tu_mem_teardown, 60, (const TTest *[]){
		test_zone_create_get, test_zone_own_namespace, test_zone_create_errors,
		test_zone_list, NULL });

	add_case(s, "reference", tu_mem_setup, tu_mem_teardown, 60, (const TTest *[]){
		test_pudong_load, test_pudong_units, test_pudong_groups, test_pudong_zones,
		test_pudong_twice, test_pudong_errors, test_pudong_name_taken_is_atomic,
		test_pudong_inside_transaction, NULL });

	add_case(s, "persist", tu_file_setup, tu_file_teardown, 60, (const TTest *[]){
		test_persist_reopen, NULL });

	return s;
}

int main(void)
{
	return run_suite(register_suite(), CK_NORMAL);
}
