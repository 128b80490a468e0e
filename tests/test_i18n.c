/*
 * test_i18n — the language of libgoc's messages: English unless the
 * integrator asks for Chinese on a handle (goc_db_set_lang()), whatever the
 * process's locale and environment; the catalogue (goc_translate()) read
 * once, shared by threads, and a missing or damaged one falling back to
 * English.
 *
 * Specification: include/goc/db.h (goc_db_set_lang, goc_db_lang),
 * include/goc/common.h (goc_translate); docs/integrators.md "Languages".
 * $GOC_LOCALEDIR names the build tree's catalogue (tests/meson.build).
 * Check forks every test: each reads the catalogue afresh, so a test may
 * point $GOC_LOCALEDIR elsewhere before its first look-up.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

#define ORG_EN "id: no organization with id 424242"
#define ORG_ZH "id: 没有 id 为 424242 的组织"

/* goc_org_get() of an id that does not exist: its code, and its message on
 * the handle and on the thread must agree. */
static const char *org_missing(goc_db *db)
{
	goc_org *o = NULL;
	ck_assert_int_eq(goc_org_get(&o, db, 424242), GOC_ENOTFOUND);
	ck_assert_ptr_null(o);
	ck_assert_str_eq(goc_db_errmsg(db), goc_error_message());
	return goc_error_message();
}

START_TEST(test_default_is_english)
{
	goc_db *db = tu_open_memory();
	ck_assert_str_eq(goc_db_lang(db), "en");
	ck_assert_str_eq(org_missing(db), ORG_EN);
	goc_db_close(db);
}
END_TEST

START_TEST(test_zh_message)
{
	goc_db *db = tu_open_memory();
	ck_assert_int_eq(goc_db_set_lang(db, "zh"), GOC_OK);
	ck_assert_str_eq(goc_db_lang(db), "zh");
	ck_assert_str_eq(org_missing(db), ORG_ZH);
	/* and back */
	ck_assert_int_eq(goc_db_set_lang(db, "en"), GOC_OK);
	ck_assert_str_eq(org_missing(db), ORG_EN);
	goc_db_close(db);
}
END_TEST

/* A message kept as a marked literal and passed through "%s" (user.c), and
 * one whose format has its arguments in another order (positional). */
START_TEST(test_zh_marked_and_reordered)
{
	goc_db *db = tu_open_memory();
	ck_assert_int_eq(goc_db_set_lang(db, "zh_CN.UTF-8"), GOC_OK);
	goc_user *u = NULL;
	ck_assert_int_eq(goc_token_authenticate(&u, db, "not-a-token"), GOC_EAUTH);
	ck_assert_str_eq(goc_error_message(), "令牌被拒绝: 未知、已过期或已吊销，或其人员已被停用");
	ck_assert_int_eq(goc_partner_get(&(goc_partner *){ NULL }, db, 99), GOC_ENOTFOUND);
	ck_assert_str_eq(goc_error_message(), "id: 没有 id 为 99 的合作伙伴");
	goc_db_close(db);
}
END_TEST

/* A refusal under "zh": the message in Chinese, the audit trail's record
 * of it in English (one trail for every reader). */
START_TEST(test_refusal_audited_in_english)
{
	goc_db *db = tu_open_memory();
	goc_unit_fields u = GOC_UNIT_FIELDS_INIT;
	u.code = "watcher";
	u.name_zh = "观察单位";
	u.kind = GOC_UNIT_DEPARTMENT;
	ck_assert_int_eq(goc_unit_create(db, &u), GOC_OK);
	ck_assert_int_eq(goc_unit_set_access(db, "watcher", GOC_ACCESS_VIEWER), GOC_OK);
	ck_assert_int_eq(goc_db_set_actor(db, "watcher"), GOC_OK);
	ck_assert_int_eq(goc_db_set_lang(db, "zh"), GOC_OK);
	u.code = "other";
	u.name_zh = "其他单位";
	ck_assert_int_eq(goc_unit_create(db, &u), GOC_EPERM);
	ck_assert_str_eq(goc_error_message(),
	                 "unit.create: 操作单位 'watcher'（角色 viewer）无权修改单位 'other': 只读用户只能查看");
	ck_assert_int_eq(goc_db_set_actor(db, NULL), GOC_OK);
	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	goc_cursor *cur = NULL;
	ck_assert_int_eq(goc_audit_list(&cur, db, &f), GOC_OK);
	const char *detail = NULL;
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_audit_record *r = goc_cursor_audit(cur);
		if (goc_audit_detail(r))
			detail = goc_audit_detail(r);
		if (detail)
			break;
	}
	ck_assert_ptr_nonnull(detail);
	ck_assert_str_eq(detail, "unit.create: actor 'watcher' (role viewer) may not change unit 'other':"
	                         " a viewer reads only");
	goc_cursor_free(cur);
	goc_db_close(db);
}
END_TEST

START_TEST(test_lang_names)
{
	goc_db *db = tu_open_memory();
	const char *zh[] = { "zh", "zh_CN", "zh-CN", "zh_CN.UTF-8", "ZH", "Zh", "zH", "zh_TW@x",
	                     "zh.UTF-8", "zh@hans" };
	for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++) {
		ck_assert_int_eq(goc_db_set_lang(db, "en"), GOC_OK);
		ck_assert_int_eq(goc_db_set_lang(db, zh[i]), GOC_OK);
		ck_assert_str_eq(goc_db_lang(db), "zh");
	}
	const char *en[] = { "en", "EN", "eN", "En", "en_US.UTF-8", "en-GB", "", NULL };
	for (size_t i = 0; i < sizeof en / sizeof en[0]; i++) {
		ck_assert_int_eq(goc_db_set_lang(db, "zh"), GOC_OK);
		ck_assert_int_eq(goc_db_set_lang(db, en[i]), GOC_OK);
		ck_assert_str_eq(goc_db_lang(db), "en");
	}
	goc_db_close(db);
}
END_TEST

/* GOC_EINVAL: another language (the handle's stays), a NULL handle. */
START_TEST(test_lang_einval)
{
	goc_db *db = tu_open_memory();
	ck_assert_int_eq(goc_db_set_lang(db, "zh"), GOC_OK);
	const char *bad[] = { "fr", "z", "zhx", "english", "C", "\xff\xfe", "ze", "eo", "xh", "e" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(goc_db_set_lang(db, bad[i]), GOC_EINVAL);
		ck_assert_str_eq(goc_db_lang(db), "zh");
	}
	ck_assert_int_eq(goc_db_set_lang(db, "fr"), GOC_EINVAL);
	/* the refusal itself is in the handle's language */
	ck_assert_str_eq(goc_error_message(), "lang: 未知语言 'fr'（en 或 zh）");
	ck_assert_int_eq(goc_db_set_lang(NULL, "zh"), GOC_EINVAL);
	ck_assert_str_eq(goc_db_lang(NULL), "en");
	goc_db_close(db);
}
END_TEST

/* The process's locale and environment never choose the language. */
START_TEST(test_environment_ignored)
{
	setenv("LANGUAGE", "zh_CN", 1);
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
	setenv("LANG", "zh_CN.UTF-8", 1);
	goc_db *db = tu_open_memory();
	ck_assert_str_eq(goc_db_lang(db), "en");
	ck_assert_str_eq(org_missing(db), ORG_EN);
	goc_db_close(db);
}
END_TEST

START_TEST(test_translate)
{
	ck_assert_str_eq(goc_translate("zh", "out of memory"), "内存不足");
	ck_assert_str_eq(goc_translate("zh_CN", "out of memory"), "内存不足");
	ck_assert_str_eq(goc_translate("en", "out of memory"), "out of memory");
	ck_assert_str_eq(goc_translate(NULL, "out of memory"), "out of memory");
	ck_assert_str_eq(goc_translate("fr", "out of memory"), "out of memory");
	/* no translation: the text itself, the very pointer */
	const char *t = "no such message in the catalogue";
	ck_assert_ptr_eq(goc_translate("zh", t), t);
	ck_assert_ptr_null(goc_translate("zh", NULL));
	ck_assert_str_eq(goc_translate("zh", ""), "");
	/* the status texts are in the catalogue too */
	ck_assert_str_eq(goc_translate("zh", goc_strerror(GOC_ENOTFOUND)), "GOC_ENOTFOUND: 未找到");
}
END_TEST

/* Every status text has a translation that keeps the code's name first. */
START_TEST(test_strerror_translated)
{
	for (int code = GOC_ETHROTTLED; code <= GOC_DONE; code++) {
		const char *en = goc_strerror(code);
		if (!strcmp(en, "unknown status"))
			continue;
		const char *zh = goc_translate("zh", en);
		ck_assert_msg(zh != en, "no translation of '%s'", en);
		size_t n = strcspn(en, ":");
		ck_assert_msg(!strncmp(en, zh, n + 1), "'%s' → '%s'", en, zh);
	}
}
END_TEST

static void catalogue_at(const char *dir)
{
	setenv("GOC_LOCALEDIR", dir, 1);
}

START_TEST(test_no_catalogue_english)
{
	catalogue_at("/nonexistent/goc-locale");
	goc_db *db = tu_open_memory();
	ck_assert_int_eq(goc_db_set_lang(db, "zh"), GOC_OK);
	ck_assert_str_eq(org_missing(db), ORG_EN);
	ck_assert_str_eq(goc_translate("zh", "out of memory"), "out of memory");
	goc_db_close(db);
}
END_TEST

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

/* The build tree's catalogue, changed by `variant`, as the catalogue of a
 * new LOCALEDIR under dir; returns the msgid of entry 1 (static). */
enum { MO_GARBAGE, MO_TRUNCATED, MO_TABLE_OUTSIDE, MO_REVISION, MO_NO_NUL, MO_UNSORTED,
       MO_EMPTY, MO_BIG_ENDIAN, MO_EMPTY_TRANSLATION, MO_STRING_OUTSIDE, MO_HUGE,
       MO_TINY, MO_DIRECTORY, MO_SHORT_READ, MO__COUNT };

static const char *catalogue_variant(const char *dir, int variant)
{
	static char msgid1[256];
	char src[4096];
	snprintf(src, sizeof src, "%s/zh_CN/LC_MESSAGES/libgoc.mo", getenv("GOC_LOCALEDIR"));
	size_t len = 0;
	unsigned char *mo = (unsigned char *)tu_slurp(src, &len);
	ck_assert_ptr_nonnull(mo);
	ck_assert_uint_gt(len, 64);
	ck_assert_uint_eq(get32(mo), 0x950412deu); /* written in this machine's order */
	uint32_t n = get32(mo + 8), orig = get32(mo + 12), trans = get32(mo + 16);
	ck_assert_uint_gt(n, 3);
	snprintf(msgid1, sizeof msgid1, "%s", (const char *)mo + get32(mo + orig + 12));
	char sub[512], path[600];
	snprintf(sub, sizeof sub, "%s/zh_CN", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/zh_CN/LC_MESSAGES", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/libgoc.mo", sub);
	size_t out = len;
	switch (variant) {
	case MO_GARBAGE:
		memset(mo, 'x', 64);
		break;
	case MO_TRUNCATED:
		out = len / 2;
		break;
	case MO_TABLE_OUTSIDE:
		put32(mo + 16, 0x7ffffff0u);
		break;
	case MO_REVISION:
		put32(mo + 4, 1u << 16);
		break;
	case MO_NO_NUL: /* entry 1's length one short: no NUL after it */
		put32(mo + orig + 8, get32(mo + orig + 8) - 1);
		break;
	case MO_UNSORTED: { /* entries 1 and 2 swapped */
		unsigned char tmp[8];
		memcpy(tmp, mo + orig + 8, 8);
		memcpy(mo + orig + 8, mo + orig + 16, 8);
		memcpy(mo + orig + 16, tmp, 8);
		break;
	}
	case MO_EMPTY:
		out = 0;
		break;
	case MO_BIG_ENDIAN: /* the header and both tables in the other order */
		for (int w = 0; w < 7; w++)
			put32(mo + 4 * w, swap32(get32(mo + 4 * w)));
		for (uint32_t i = 0; i < 2 * n; i++) {
			put32(mo + orig + 4 * i, swap32(get32(mo + orig + 4 * i)));
			put32(mo + trans + 4 * i, swap32(get32(mo + trans + 4 * i)));
		}
		break;
	case MO_STRING_OUTSIDE: /* entry 1 beginning at the end of the file */
		put32(mo + orig + 12, (uint32_t)len);
		break;
	case MO_HUGE: /* more than a catalogue may have (16 MiB): made sparse below */
		break;
	case MO_TINY: /* shorter than the header */
		out = 10;
		break;
	case MO_DIRECTORY: /* a folder where the file should be: opens, reads nothing */
		break;
	case MO_SHORT_READ: /* a file that reads less than its size: a sysfs file of 4096 bytes */
		break;
	case MO_EMPTY_TRANSLATION: /* entry 1 translated as "" */
		mo[get32(mo + trans + 12)] = '\0';
		put32(mo + trans + 8, 0);
		break;
	}
	if (variant == MO_DIRECTORY || variant == MO_SHORT_READ) {
		if (variant == MO_DIRECTORY)
			ck_assert_int_eq(mkdir(path, 0700), 0);
		else /* without sysfs, no file: English all the same */
			ck_assert_int_eq(symlink("/sys/devices/system/cpu/online", path), 0);
		free(mo);
		setenv("GOC_LOCALEDIR", dir, 1);
		return msgid1;
	}
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(mo, 1, out, f), out);
	if (variant == MO_HUGE)
		ck_assert_int_eq(ftruncate(fileno(f), 17 << 20), 0);
	ck_assert_int_eq(fclose(f), 0);
	free(mo);
	setenv("GOC_LOCALEDIR", dir, 1);
	return msgid1;
}

/* A damaged catalogue is no catalogue: English, no crash.  One in the
 * other byte order is read; an empty translation counts as none. */
START_TEST(test_catalogue_variants)
{
	char dir[256];
	tu_tmpdir_make(dir, sizeof dir, "i18n");
	const char *msgid1 = catalogue_variant(dir, _i);
	goc_db *db = tu_open_memory();
	ck_assert_int_eq(goc_db_set_lang(db, "zh"), GOC_OK);
	if (_i == MO_BIG_ENDIAN) {
		ck_assert_str_eq(org_missing(db), ORG_ZH);
	} else {
		ck_assert_str_eq(org_missing(db), _i == MO_EMPTY_TRANSLATION ? ORG_ZH : ORG_EN);
		if (_i == MO_EMPTY_TRANSLATION)
			ck_assert_ptr_eq(goc_translate("zh", msgid1), msgid1);
	}
	goc_db_close(db);
	tu_tmpdir_remove(dir);
}
END_TEST

/* GOC_LOCALEDIR unset or empty: the LOCALEDIR of the build, where the
 * tests install nothing (English then). */
START_TEST(test_localedir_default)
{
	if (_i)
		setenv("GOC_LOCALEDIR", "", 1);
	else
		unsetenv("GOC_LOCALEDIR");
	const char *t = goc_translate("zh", "out of memory");
	ck_assert_ptr_nonnull(t);
	if (access(GOC_TEST_LOCALEDIR "/zh_CN/LC_MESSAGES/libgoc.mo", F_OK) != 0)
		ck_assert_str_eq(t, "out of memory");
}
END_TEST

/* A LOCALEDIR too long for a path: no catalogue. */
START_TEST(test_localedir_too_long)
{
	char *dir = tu_repeat("d", 5000);
	setenv("GOC_LOCALEDIR", dir, 1);
	free(dir);
	ck_assert_str_eq(goc_translate("zh", "out of memory"), "out of memory");
}
END_TEST

/* Handles of different languages in parallel threads: each message in its
 * handle's language (the catalogue's first read races on purpose). */
struct worker {
	const char *lang, *expect;
	int bad;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	goc_db *db = NULL;
	if (goc_db_open(&db, ":memory:") != GOC_OK || goc_db_set_lang(db, w->lang) != GOC_OK) {
		w->bad++;
		goc_db_close(db);
		return NULL;
	}
	for (int i = 0; i < 300; i++) {
		goc_org *o = NULL;
		if (goc_org_get(&o, db, 424242) != GOC_ENOTFOUND || strcmp(goc_error_message(), w->expect)
		    || strcmp(goc_db_errmsg(db), w->expect))
			w->bad++;
	}
	goc_db_close(db);
	return NULL;
}

START_TEST(test_threads)
{
	struct worker w[6];
	pthread_t t[6];
	for (int i = 0; i < 6; i++) {
		w[i] = (struct worker){ i % 2 ? "zh" : "en", i % 2 ? ORG_ZH : ORG_EN, 0 };
		ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(t[i], NULL);
		ck_assert_msg(w[i].bad == 0, "thread %d (%s): %d wrong messages", i, w[i].lang, w[i].bad);
	}
}
END_TEST

static Suite *i18n_suite(void)
{
	Suite *s = suite_create("i18n");
	add_case(s, "lang", NULL, NULL, 0, (const TTest *[]){
		test_default_is_english, test_zh_message, test_zh_marked_and_reordered,
		test_refusal_audited_in_english, test_lang_names, test_lang_einval,
		test_environment_ignored, test_translate, test_strerror_translated, NULL });
	TCase *tc = tcase_create("catalogue");
	tcase_add_test(tc, test_no_catalogue_english);
	tcase_add_loop_test(tc, test_catalogue_variants, 0, MO__COUNT);
	tcase_add_test(tc, test_localedir_too_long);
	tcase_add_loop_test(tc, test_localedir_default, 0, 2);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!getenv("GOC_LOCALEDIR")) {
		fprintf(stderr, "test_i18n: GOC_LOCALEDIR must name the build tree's po folder\n");
		return 99;
	}
	return run_suite(i18n_suite(), CK_NORMAL);
}
