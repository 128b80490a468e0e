/*
 * test_resolve — typed input resolved to codes: names, labels, the plan's
 * numbering, ambiguity, "did you mean", and every error code goc_resolve()
 * documents.
 *
 * Specification: include/goc/resolve.h.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>
#include <sqlite3.h>

#include "checkutil.h"
#include "testutil.h"

#define PUDONG "pudong-goc-2024"

static goc_db *db;

static void load_plan(void)
{
	tu_setup_must(goc_plan_load(db, PUDONG), "goc_plan_load");
}

/* Resolve and compare with want (a code), freeing the result. */
static void resolves(int kind, const char *plan, const char *text, const char *want)
{
	char *code = NULL;
	int rc = goc_resolve(&code, db, (enum goc_resolve_kind)kind, plan, text);
	ck_assert_msg(rc == GOC_OK, "%s '%s': %d: %s", goc_resolve_kind_str(kind), text, rc,
	              goc_error_message());
	ck_assert_msg(code && strcmp(code, want) == 0, "%s '%s': got '%s', want '%s'",
	              goc_resolve_kind_str(kind), text, code ? code : "(null)", want);
	goc_free(code);
}

static void refused(int kind, const char *plan, const char *text, int want, const char *needle)
{
	char *code = (char *)"x";
	int rc = goc_resolve(&code, db, (enum goc_resolve_kind)kind, plan, text);
	ck_assert_ptr_null(code);
	expect(rc, want, needle, text);
}

START_TEST(test_kind_names)
{
	for (int k = GOC_RESOLVE_UNIT; k <= GOC_RESOLVE_EVERY; k++) {
		const char *name = goc_resolve_kind_str(k);
		ck_assert_ptr_nonnull(name);
		int back = 0;
		must(goc_resolve_kind_parse(&back, name), name);
		ck_assert_int_eq(back, k);
	}
	ck_assert_ptr_null(goc_resolve_kind_str(0));
	ck_assert_ptr_null(goc_resolve_kind_str(GOC_RESOLVE_EVERY + 1));
	int v;
	expect(goc_resolve_kind_parse(&v, "zones"), GOC_EINVAL, "zones", "unknown kind");
	expect(goc_resolve_kind_parse(&v, NULL), GOC_EINVAL, NULL, "NULL kind");
}
END_TEST

START_TEST(test_zone_unit_group_names)
{
	load_plan();
	resolves(GOC_RESOLVE_ZONE, NULL, "lujiazui", "lujiazui");
	resolves(GOC_RESOLVE_ZONE, NULL, "陆家嘴", "lujiazui");
	resolves(GOC_RESOLVE_ZONE, NULL, " 世博前滩\u3000", "expo");
	resolves(GOC_RESOLVE_ZONE, NULL, "LUJIAZUI", "lujiazui");
	resolves(GOC_RESOLVE_ZONE, NULL, "ｌｕｊｉａｚｕｉ", "lujiazui");
	resolves(GOC_RESOLVE_ZONE, NULL, "free trade zone", "ftz");
	resolves(GOC_RESOLVE_UNIT, NULL, "商务委", "commerce");
	resolves(GOC_RESOLVE_UNIT, NULL, "Commission of Commerce", "commerce");
	resolves(GOC_RESOLVE_GROUP, NULL, "各管理局", "bureaus");
	resolves(GOC_RESOLVE_PARTY, NULL, "各管理局", "bureaus");
	resolves(GOC_RESOLVE_PARTY, NULL, "商务委", "commerce");
	resolves(GOC_RESOLVE_PLAN, NULL, PUDONG, PUDONG);
	resolves(GOC_RESOLVE_KPI, PUDONG, "设立区域总部机构", "regional-hq");
	resolves(GOC_RESOLVE_KPI, NULL, "regional-hq", "regional-hq");
}
END_TEST

START_TEST(test_task_labels)
{
	load_plan();
	resolves(GOC_RESOLVE_TASK, PUDONG, "i1", "i1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "I1", "i1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "(1)", "i1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "（1）", "i1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "⑴", "i1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "(21)", "i21");
	resolves(GOC_RESOLVE_TASK, PUDONG, "1", "t1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "1.", "t1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "１．", "t1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "12、", "t12");
	resolves(GOC_RESOLVE_TASK, PUDONG, "一", "s1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "（一）", "s1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "(二)", "s2");
	resolves(GOC_RESOLVE_TASK, PUDONG, "四、", "s4");
	resolves(GOC_RESOLVE_TASK, PUDONG, "提高国际经济组织集聚度", "s1");
	resolves(GOC_RESOLVE_TASK, NULL, "(3)", "i3");
	refused(GOC_RESOLVE_TASK, PUDONG, "(22)", GOC_ENOTFOUND, "no task '(22)' in plan");
	refused(GOC_RESOLVE_TASK, PUDONG, "五", GOC_ENOTFOUND, "valid: s1 一");
	ck_assert_ptr_null(strstr(goc_error_message(), "did you mean"));
	refused(GOC_RESOLVE_TASK, "no-such-plan", "(1)", GOC_ENOTFOUND, "there are none");
}
END_TEST

START_TEST(test_vocabularies)
{
	int v = 0;
	must(goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "进行中"), "进行中");
	ck_assert_int_eq(v, GOC_TASK_IN_PROGRESS);
	must(goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "推进中"), "推进中");
	ck_assert_int_eq(v, GOC_TASK_IN_PROGRESS);
	must(goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "In progress"), "In progress");
	ck_assert_int_eq(v, GOC_TASK_IN_PROGRESS);
	must(goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "IN-PROGRESS"), "IN-PROGRESS");
	ck_assert_int_eq(v, GOC_TASK_IN_PROGRESS);
	must(goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "done"), "done");
	ck_assert_int_eq(v, GOC_TASK_DONE);
	must(goc_resolve_enum(&v, GOC_RESOLVE_STAGE, "已落地"), "已落地");
	ck_assert_int_eq(v, GOC_STAGE_LANDED);
	must(goc_resolve_enum(&v, GOC_RESOLVE_CATEGORY, "专业服务类"), "专业服务类");
	ck_assert_int_eq(v, GOC_CATEGORY_PROFESSIONAL);
	must(goc_resolve_enum(&v, GOC_RESOLVE_CATEGORY, "科技"), "科技");
	ck_assert_int_eq(v, GOC_CATEGORY_SCITECH);
	must(goc_resolve_enum(&v, GOC_RESOLVE_REVIEW_OUTCOME, "需关注"), "需关注");
	ck_assert_int_eq(v, GOC_REVIEW_FLAGGED);
	must(goc_resolve_enum(&v, GOC_RESOLVE_RECURRENCE, "一次性"), "一次性");
	ck_assert_int_eq(v, GOC_RECUR_NONE);
	must(goc_resolve_enum(&v, GOC_RESOLVE_TRISTATE, "不限"), "不限");
	ck_assert_int_eq(v, GOC_ANY);
	must(goc_resolve_enum(&v, GOC_RESOLVE_KPI_STATUS, "滞后"), "滞后");
	ck_assert_int_eq(v, GOC_STATUS_BEHIND);
	/* a vocabulary needs no database */
	char *code = NULL;
	must(goc_resolve(&code, NULL, GOC_RESOLVE_ROLE, NULL, "牵头"), "牵头");
	ck_assert_str_eq(code, "lead");
	goc_free(code);
}
END_TEST

START_TEST(test_did_you_mean)
{
	load_plan();
	/* one Chinese character off */
	refused(GOC_RESOLVE_ZONE, NULL, "陆家咀", GOC_ENOTFOUND, "did you mean lujiazui (陆家嘴)?");
	/* part of a name */
	refused(GOC_RESOLVE_ZONE, NULL, "世博", GOC_ENOTFOUND, "did you mean expo (世博前滩)?");
	/* a typo in a code */
	refused(GOC_RESOLVE_UNIT, NULL, "comerce", GOC_ENOTFOUND, "did you mean commerce (商务委)?");
	/* the valid values with their names */
	refused(GOC_RESOLVE_ZONE, NULL, "nowhere", GOC_ENOTFOUND,
	        "valid: expo (世博前滩), ftz (保税区), jinqiao (金桥)");
	/* long lists are cut */
	refused(GOC_RESOLVE_UNIT, NULL, "nobody", GOC_ENOTFOUND, "more");
	ck_assert_ptr_null(strstr(goc_error_message(), "did you mean"));
	/* vocabularies: GOC_EINVAL, like their _parse() */
	int v = -1;
	expect(goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "进形中"), GOC_EINVAL,
	       "did you mean in_progress (推进中)?", "进形中");
	expect(goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "finished"), GOC_EINVAL,
	       "valid: not_started (未启动), in_progress (推进中), done (已完成)", "finished");
	expect(goc_resolve_enum(&v, GOC_RESOLVE_STAGE, "landd"), GOC_EINVAL,
	       "did you mean landed (已落地)?", "landd");
}
END_TEST

START_TEST(test_ambiguous)
{
	load_plan();
	/* a zone whose Chinese name is another zone's English one */
	goc_zone_fields z = GOC_ZONE_FIELDS_INIT;
	z.code = "lujiazui2";
	z.name_zh = "Lujiazui";
	must(goc_zone_create(db, &z), "zone");
	refused(GOC_RESOLVE_ZONE, NULL, "lujiazui ", GOC_EINVAL,
	        "is ambiguous: it names lujiazui (陆家嘴) and lujiazui2 (Lujiazui)");
	/* the code itself, exactly, is never ambiguous */
	resolves(GOC_RESOLVE_ZONE, NULL, "lujiazui", "lujiazui");
	/* a label in two plans, when no plan is given */
	must(tu_plan_add(db, "other", "另一方案", NULL, NULL), "plan");
	must(tu_task_add(db, "other", "x1", NULL, GOC_LEVEL_SECTION, "一", "另一板块", NULL, NULL,
	                 GOC_RECUR_NONE),
	     "task");
	refused(GOC_RESOLVE_TASK, NULL, "一", GOC_EINVAL, "other/x1 一 (另一板块)");
	resolves(GOC_RESOLVE_TASK, "other", "一", "x1");
	resolves(GOC_RESOLVE_TASK, PUDONG, "一", "s1");
	/* a plan by title */
	resolves(GOC_RESOLVE_PLAN, NULL, "另一方案", "other");
}
END_TEST

static void kpi(const char *plan, const char *code, const char *name_zh)
{
	goc_kpi_fields k = GOC_KPI_FIELDS_INIT;
	k.plan = plan;
	k.code = code;
	k.name_zh = name_zh;
	k.measure = GOC_MEASURE_PARTNERS;
	k.scope = GOC_SCOPE_PLAN;
	k.window = GOC_WINDOW_PERIOD;
	k.start = "2024-01-01";
	k.end = "2024-12-31";
	k.target_min = 1;
	k.weight = 1;
	must(goc_kpi_create(db, &k), code);
}

/* The messages every way: many hits, long names cut, each kind's wording,
 * texts that only look like labels, long vocabulary texts. */
START_TEST(test_messages)
{
	char code[32], name[32];
	load_plan();
	goc_plan_fields p = GOC_PLAN_FIELDS_INIT;
	p.code = "other";
	p.title_zh = "另一方案";
	must(goc_plan_create(db, &p), "plan");
	/* fourteen KPIs of one name: the first twelve listed, then a count */
	for (int i = 0; i < 14; i++) {
		snprintf(code, sizeof code, "k-same%02d", i);
		kpi(PUDONG, code, "同名指标");
	}
	refused(GOC_RESOLVE_KPI, PUDONG, "同名指标", GOC_EINVAL,
	        "it names k-same00 (同名指标), k-same01 (同名指标), k-same02");
	ck_assert_ptr_nonnull(strstr(goc_error_message(),
	                             "k-same11 (同名指标) … and 2 more; give the code (and the plan)"));
	/* a name longer than 16 characters is shown cut */
	goc_zone_fields z = GOC_ZONE_FIELDS_INIT;
	z.code = "aaa-long";
	z.name_zh = "一二三四五六七八九十甲乙丙丁戊己庚辛";
	must(goc_zone_create(db, &z), "long zone");
	refused(GOC_RESOLVE_ZONE, NULL, "nowhere", GOC_ENOTFOUND,
	        "aaa-long (一二三四五六七八九十甲乙丙丁戊己…)");
	/* KPIs of one name in two plans: ambiguous without the plan */
	kpi("other", "k-same2", "同名指标");
	refused(GOC_RESOLVE_KPI, NULL, "同名指标", GOC_EINVAL,
	        "it names other/k-same2 (同名指标), " PUDONG "/k-same00 (同名指标)");
	resolves(GOC_RESOLVE_KPI, "other", "同名指标", "k-same2");
	refused(GOC_RESOLVE_KPI, "other", "no-kpi", GOC_ENOTFOUND, "kpi: no kpi 'no-kpi' in plan 'other'");
	/* a task without a label is listed by its code and title */
	goc_task_fields t = GOC_TASK_FIELDS_INIT;
	t.plan = "other";
	t.code = "x1";
	t.level = GOC_LEVEL_SECTION;
	t.title_zh = "无编号板块";
	must(goc_task_create(db, &t), "task");
	refused(GOC_RESOLVE_TASK, "other", "zzz", GOC_ENOTFOUND, "valid: x1 (无编号板块)");
	/* a title whose key is longer than a key's own buffer (256 bytes) */
	char *long_title = tu_repeat("推进", 60);
	t.code = "x2";
	t.title_zh = long_title;
	must(goc_task_create(db, &t), "task x2");
	resolves(GOC_RESOLVE_TASK, "other", long_title, "x2");
	free(long_title);
	/* without a plan: every plan's tasks, no plan in the wording */
	refused(GOC_RESOLVE_TASK, NULL, "(ab", GOC_ENOTFOUND, "task: no task '(ab'");
	refused(GOC_RESOLVE_TASK, NULL, "(一", GOC_ENOTFOUND, "task: no task '(一'");
	refused(GOC_RESOLVE_PARTY, NULL, "nobody-at-all", GOC_ENOTFOUND,
	        "party: no unit or group 'nobody-at-all'");
	/* a text that holds a name, too far from it for a typo */
	refused(GOC_RESOLVE_ZONE, NULL, "陆家嘴陆家嘴陆家嘴", GOC_ENOTFOUND, "did you mean lujiazui (陆家嘴)?");
	/* the closest of many equally close, three at most; a code and a name
	 * equally close */
	refused(GOC_RESOLVE_KPI, PUDONG, "k-same1", GOC_ENOTFOUND,
	        "did you mean k-same01 (同名指标) or k-same10 (同名指标) or k-same11 (同名指标)?");
	refused(GOC_RESOLVE_ZONE, NULL, "lujiazu", GOC_ENOTFOUND, "did you mean lujiazui (陆家嘴)?");
	/* a name closer than the code */
	z.code = "qwe-rt";
	z.name_zh = "测试区";
	z.name_en = "Qwert";
	must(goc_zone_create(db, &z), "zone qwe-rt");
	refused(GOC_RESOLVE_ZONE, NULL, "qwert1", GOC_ENOTFOUND, "did you mean qwe-rt (测试区)?");
	/* a plan given for a kind without plans: the register's wording */
	refused(GOC_RESOLVE_ZONE, PUDONG, "nowhere", GOC_ENOTFOUND, "zone: no zone 'nowhere'; valid:");
	/* two as close: both suggested */
	refused(GOC_RESOLVE_KPI, "other", "k-same3", GOC_ENOTFOUND, "did you mean k-same2 (同名指标)?");
	/* a vocabulary text too long to compare as a code */
	for (size_t i = 0; i < sizeof name - 1; i++)
		name[i] = 'x';
	name[sizeof name - 1] = '\0';
	char *huge = tu_repeat(name, 12);
	int v = -1;
	expect(goc_resolve_enum(&v, GOC_RESOLVE_STAGE, huge), GOC_EINVAL, "stage: unknown value", "long");
	ck_assert_int_eq(v, -1);
	free(huge);
	expect(goc_resolve_enum(&v, (enum goc_resolve_kind)99, "x"), GOC_EINVAL, "kind: 99 is not a vocabulary",
	       "enum kind 99");
}
END_TEST

START_TEST(test_errors)
{
	char *code = NULL;
	load_plan();
	expect(goc_resolve(NULL, db, GOC_RESOLVE_ZONE, NULL, "x"), GOC_EINVAL, "out_code", "NULL out");
	expect(goc_resolve(&code, db, GOC_RESOLVE_ZONE, NULL, NULL), GOC_EINVAL, "text", "NULL text");
	ck_assert_ptr_null(code);
	expect(goc_resolve(&code, NULL, GOC_RESOLVE_ZONE, NULL, "x"), GOC_EINVAL, "db", "NULL db");
	expect(goc_resolve(&code, db, (enum goc_resolve_kind)0, NULL, "x"), GOC_EINVAL, "kind", "kind 0");
	expect(goc_resolve(&code, db, (enum goc_resolve_kind)99, NULL, "x"), GOC_EINVAL, "kind", "kind 99");
	expect(goc_resolve(&code, db, GOC_RESOLVE_ZONE, NULL, ""), GOC_EINVAL, "zone: empty", "empty");
	expect(goc_resolve(&code, db, GOC_RESOLVE_ZONE, NULL, " \u200B\u3000"), GOC_EINVAL,
	       "no visible characters", "invisible");
	expect(goc_resolve(&code, db, GOC_RESOLVE_ZONE, NULL, "a\xff"), GOC_EINVAL,
	       "invalid UTF-8 at byte 1", "bad UTF-8");
	expect(goc_resolve(&code, db, GOC_RESOLVE_TASK, "p\xc0", "1"), GOC_EINVAL,
	       "plan: invalid UTF-8", "bad plan");
	/* control characters are shown, not printed raw */
	expect(goc_resolve(&code, db, GOC_RESOLVE_ZONE, NULL, "lu\x01jiazui"), GOC_ENOTFOUND,
	       "lu<U+0001>jiazui", "control");
	/* a huge text: refused without suggestions, shown cut */
	char *huge = tu_repeat("陆", 100000);
	expect(goc_resolve(&code, db, GOC_RESOLVE_ZONE, NULL, huge), GOC_ENOTFOUND, "no zone", "huge");
	ck_assert_int_lt((int)strlen(goc_error_message()), 1024);
	free(huge);
	int v;
	expect(goc_resolve_enum(NULL, GOC_RESOLVE_STAGE, "x"), GOC_EINVAL, "out", "enum NULL out");
	expect(goc_resolve_enum(&v, GOC_RESOLVE_ZONE, "x"), GOC_EINVAL, "not a vocabulary", "enum zone");
	expect(goc_resolve_enum(&v, GOC_RESOLVE_STAGE, NULL), GOC_EINVAL, "text", "enum NULL text");
	ck_assert_ptr_null(code);
}
END_TEST

START_TEST(test_database_error)
{
	/* a table gone behind libgoc's back: the database's error, mapped */
	char dir[64], path[128];
	tu_tmpdir_make(dir, sizeof dir, "test-resolve");
	snprintf(path, sizeof path, "%s/r.db", dir);
	goc_db *d = NULL;
	must(goc_db_open(&d, path), "open");
	must(goc_reference_load(d, "pudong"), "reference");
	char *code = NULL;
	must(goc_resolve(&code, d, GOC_RESOLVE_ZONE, NULL, "陆家嘴"), "resolve");
	goc_free(code);
	code = NULL;
	goc_db_close(d);
	/* read-only opening still resolves */
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	must(goc_db_open_ext(&d, path, &o), "open read-only");
	must(goc_resolve(&code, d, GOC_RESOLVE_UNIT, NULL, "商务委"), "resolve read-only");
	ck_assert_str_eq(code, "commerce");
	goc_free(code);
	code = NULL;
	goc_db_close(d);
	/* names stored behind libgoc's back that key nothing (invalid UTF-8,
	 * no visible characters) match nothing and are still listed */
	raw_exec(path, "UPDATE zones SET name_en = CAST(X'61FF' AS TEXT) WHERE code = 'expo';"
	               "UPDATE zones SET name_en = ' ' WHERE code = 'ftz';");
	must(goc_db_open(&d, path), "open after the update");
	must(goc_resolve(&code, d, GOC_RESOLVE_ZONE, NULL, "保税区"), "ftz by its Chinese name");
	ck_assert_str_eq(code, "ftz");
	goc_free(code);
	code = NULL;
	ck_assert_int_eq(goc_resolve(&code, d, GOC_RESOLVE_ZONE, NULL, "a"), GOC_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "valid: expo (世博前滩), ftz (保税区)"));
	goc_db_close(d);
	/* the zones' table dropped behind libgoc's back: the database's error,
	 * mapped and named, no code */
	raw_exec(path, "PRAGMA foreign_keys = OFF; DROP TABLE zones;");
	must(goc_db_open(&d, path), "open after the drop");
	int rc = goc_resolve(&code, d, GOC_RESOLVE_ZONE, NULL, "陆家嘴");
	ck_assert_int_eq(rc, GOC_ERROR);
	ck_assert_ptr_null(code);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "zones"));
	goc_db_close(d);
	tu_tmpdir_remove(dir);
}
END_TEST

static Suite *resolve_suite(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("resolve");
	tu_fixtures(&db, NULL, 0, "test-resolve", NULL);
	tcase_add_checked_fixture(tc, tu_mem_setup, tu_mem_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_kind_names);
	tcase_add_test(tc, test_zone_unit_group_names);
	tcase_add_test(tc, test_task_labels);
	tcase_add_test(tc, test_vocabularies);
	tcase_add_test(tc, test_did_you_mean);
	tcase_add_test(tc, test_ambiguous);
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_database_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(resolve_suite(), CK_NORMAL);
}
