/*
 * test_common — status codes, the per-thread error, version queries, the
 * validation helpers and the enum name tables of libgoc.
 *
 * Specification: include/goc/common.h, include/goc/register.h (unit kinds),
 * include/goc/org.h (categories, origins, stages, review outcomes and the
 * stage transition rules).
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

#include "testutil.h"
#include "checkutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* Whether @p word occurs in @p s as a whole identifier (not as the prefix of
 * a longer name: "GOC_ENOTDB" must not match inside "GOC_ENOTDBX"). */
static int contains_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p = s;

	while ((p = strstr(p, word)) != NULL) {
		int before_ok = (p == s) ||
		                !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		int after_ok = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (before_ok && after_ok)
			return 1;
		p += 1;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * goc_strerror
 * ---------------------------------------------------------------------- */

static const struct {
	int code;
	const char *name;
} status_names[] = {
	{ GOC_OK, "GOC_OK" },
	{ GOC_ROW, "GOC_ROW" },
	{ GOC_DONE, "GOC_DONE" },
	{ GOC_ERROR, "GOC_ERROR" },
	{ GOC_ENOMEM, "GOC_ENOMEM" },
	{ GOC_EINVAL, "GOC_EINVAL" },
	{ GOC_ENOTFOUND, "GOC_ENOTFOUND" },
	{ GOC_EEXISTS, "GOC_EEXISTS" },
	{ GOC_ECONSTRAINT, "GOC_ECONSTRAINT" },
	{ GOC_ESTATE, "GOC_ESTATE" },
	{ GOC_EVERSION, "GOC_EVERSION" },
	{ GOC_ENOTDB, "GOC_ENOTDB" },
	{ GOC_EBUSY, "GOC_EBUSY" },
	{ GOC_EIO, "GOC_EIO" },
	{ GOC_EPERM, "GOC_EPERM" },
	{ GOC_EREADONLY, "GOC_EREADONLY" },
	{ GOC_ECORRUPT, "GOC_ECORRUPT" },
	{ GOC_EMISUSE, "GOC_EMISUSE" },
	{ GOC_ECANTOPEN, "GOC_ECANTOPEN" },
	{ GOC_ECANCELLED, "GOC_ECANCELLED" },
	{ GOC_EAUTH, "GOC_EAUTH" },
	{ GOC_ETHROTTLED, "GOC_ETHROTTLED" },
};

START_TEST(test_strerror_codes_values)
{
	/* The numeric values are part of the ABI and must never change. */
	ck_assert_int_eq(GOC_OK, 0);
	ck_assert_int_eq(GOC_ROW, 100);
	ck_assert_int_eq(GOC_DONE, 101);
	ck_assert_int_eq(GOC_ERROR, -1);
	ck_assert_int_eq(GOC_ENOMEM, -2);
	ck_assert_int_eq(GOC_EINVAL, -3);
	ck_assert_int_eq(GOC_ENOTFOUND, -4);
	ck_assert_int_eq(GOC_EEXISTS, -5);
	ck_assert_int_eq(GOC_ECONSTRAINT, -6);
	ck_assert_int_eq(GOC_ESTATE, -7);
	ck_assert_int_eq(GOC_EVERSION, -8);
	ck_assert_int_eq(GOC_ENOTDB, -9);
	ck_assert_int_eq(GOC_EBUSY, -10);
	ck_assert_int_eq(GOC_EIO, -11);
	ck_assert_int_eq(GOC_EPERM, -12);
	ck_assert_int_eq(GOC_EREADONLY, -13);
	ck_assert_int_eq(GOC_ECORRUPT, -14);
	ck_assert_int_eq(GOC_EMISUSE, -15);
	ck_assert_int_eq(GOC_ECANTOPEN, -16);
	ck_assert_int_eq(GOC_ECANCELLED, -17);
	ck_assert_int_eq(GOC_EAUTH, -18);
	ck_assert_int_eq(GOC_ETHROTTLED, -19);
}
END_TEST

START_TEST(test_strerror_names_every_code)
{
	size_t i, j;

	for (i = 0; i < N_ELEMS(status_names); i++) {
		const char *s = goc_strerror(status_names[i].code);
		ck_assert_ptr_nonnull(s);
		ck_assert_msg(contains_word(s, status_names[i].name),
		              "goc_strerror(%d) = \"%s\" does not name %s",
		              status_names[i].code, s, status_names[i].name);
		ck_assert_str_ne(s, "unknown status");
		/* Stable: a second call gives the same text. */
		ck_assert_str_eq(goc_strerror(status_names[i].code), s);
	}
	/* Every code has its own text. */
	for (i = 0; i < N_ELEMS(status_names); i++)
		for (j = i + 1; j < N_ELEMS(status_names); j++)
			ck_assert_str_ne(goc_strerror(status_names[i].code),
			                 goc_strerror(status_names[j].code));
}
END_TEST

START_TEST(test_strerror_unknown)
{
	static const int unknown[] = { -20, -21, -99, -100, 1, 2, 42, 99,
	                               102, 1000, INT_MAX, INT_MIN };
	size_t i;

	for (i = 0; i < N_ELEMS(unknown); i++) {
		const char *s = goc_strerror(unknown[i]);
		ck_assert_ptr_nonnull(s);
		ck_assert_msg(strcmp(s, "unknown status") == 0,
		              "goc_strerror(%d) = \"%s\"", unknown[i], s);
	}
}
END_TEST

/* ------------------------------------------------------------------------
 * The per-thread error
 * ---------------------------------------------------------------------- */

START_TEST(test_error_initially_clear)
{
	/* A fresh thread (each test runs in a fresh process or after a
	 * clear) has no error. */
	goc_error_clear();
	ck_assert_int_eq(goc_error_last(), GOC_OK);
	ck_assert_ptr_nonnull(goc_error_message());
	ck_assert_str_eq(goc_error_message(), "");
}
END_TEST

START_TEST(test_error_recorded_and_kept)
{
	goc_error_clear();

	ck_assert_int_eq(goc_date_check("2025-02-30"), GOC_EINVAL);
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
	ck_assert_ptr_nonnull(goc_error_message());
	ck_assert_msg(strlen(goc_error_message()) > 0,
	              "a failing call must leave a message");

	/* Successful calls do not clear the error. */
	ck_assert_int_eq(goc_date_check("2024-01-01"), GOC_OK);
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
	ck_assert_msg(strlen(goc_error_message()) > 0,
	              "a successful call must not clear the message");
	ck_assert_ptr_nonnull(goc_strerror(GOC_OK));
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);

	goc_error_clear();
	ck_assert_int_eq(goc_error_last(), GOC_OK);
	ck_assert_str_eq(goc_error_message(), "");

	/* Clearing twice is harmless. */
	goc_error_clear();
	ck_assert_int_eq(goc_error_last(), GOC_OK);
}
END_TEST

START_TEST(test_error_replaced_by_next_error)
{
	goc_db *db = NULL;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;
	char first[512];
	int rc;

	goc_error_clear();
	ck_assert_int_eq(goc_uscc_check("not a code"), GOC_EINVAL);
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
	snprintf(first, sizeof first, "%s", goc_error_message());
	ck_assert_msg(strlen(first) > 0, "message expected");

	/* A different failure replaces code and message. */
	opts.flags = GOC_OPEN_NOCREATE;
	rc = goc_db_open_ext(&db, "/nonexistent-goc-dir/missing.db", &opts);
	ck_assert_int_eq(rc, GOC_ECANTOPEN);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(goc_error_last(), GOC_ECANTOPEN);
	ck_assert_msg(strlen(goc_error_message()) > 0, "message expected");
	ck_assert_str_ne(goc_error_message(), first);
	goc_error_clear();
}
END_TEST

/* goc_error_field(): the field a failed call's message names, as data. */
START_TEST(test_error_field)
{
	goc_db *db = tu_open_memory();
	ck_assert_int_eq(goc_reference_load(db, "pudong"), GOC_OK);
	goc_org_fields ok = GOC_ORG_FIELDS_INIT, f[3];
	ok.name_zh = "某国际组织";
	ok.category = GOC_CATEGORY_SCITECH;
	ok.zone = "expo";
	ok.unit = "commerce";
	ok.date = "2024-05-01";
	static const struct {
		const char *zone, *name_zh;
		int rc;
		const char *field, *message;
	} rows[] = {
		{ "nosuch", NULL, GOC_ENOTFOUND, "zone", "fields[1]: zone: " },
		{ NULL, "", GOC_EINVAL, "name_zh", "fields[1]: name_zh: " },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		f[0] = f[1] = f[2] = ok;
		if (rows[i].zone)
			f[1].zone = rows[i].zone;
		if (rows[i].name_zh)
			f[1].name_zh = rows[i].name_zh;
		size_t failed = 9;
		int64_t ids[3];
		goc_error_clear();
		ck_assert_int_eq(goc_org_create_many_v2(ids, &failed, db, f, 3, NULL), rows[i].rc);
		ck_assert_uint_eq(failed, 1);
		ck_assert_msg(strncmp(goc_error_message(), rows[i].message,
		                      strlen(rows[i].message)) == 0,
		              "row %zu: message '%s'", i, goc_error_message());
		ck_assert_str_eq(goc_error_field(), rows[i].field);
	}
	/* a single call's field; a path; none; cleared */
	goc_error_clear();
	ck_assert_int_eq(goc_org_create(NULL, db, &(goc_org_fields){ .version = 1 }), GOC_EINVAL);
	ck_assert_str_eq(goc_error_field(), "name_zh");
	ck_assert_int_eq(goc_plan_import_table(db, "a,b\n", 4, NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_field(), "opts.plan");
	ck_assert_int_eq(goc_date_check("2025-02-30"), GOC_EINVAL);
	ck_assert_str_eq(goc_error_field(), "date");
	goc_db *none = NULL;
	goc_open_options opts = GOC_OPEN_OPTIONS_INIT;
	opts.flags = GOC_OPEN_NOCREATE;
	ck_assert_int_eq(goc_db_open_ext(&none, "/nonexistent-goc-dir/missing.db", &opts),
	                 GOC_ECANTOPEN);
	ck_assert_str_eq(goc_error_field(), ""); /* the message starts with the path */
	ck_assert_int_eq(goc_date_check("2025-02-30"), GOC_EINVAL);
	goc_error_clear();
	ck_assert_str_eq(goc_error_field(), "");
	goc_db_close(db);
}
END_TEST

START_TEST(test_error_enum_parse_records)
{
	int v = 0;

	goc_error_clear();
	ck_assert_int_eq(goc_stage_parse(&v, "nonsense"), GOC_EINVAL);
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
	ck_assert_msg(strlen(goc_error_message()) > 0, "message expected");
	goc_error_clear();
}
END_TEST

struct thread_result {
	int initial_code;
	char initial_msg[256];
	int rc;
	int code_after;
	char msg_after[256];
};

static void *thread_raise_error(void *arg)
{
	struct thread_result *r = arg;

	r->initial_code = goc_error_last();
	snprintf(r->initial_msg, sizeof r->initial_msg, "%s",
	         goc_error_message());
	r->rc = goc_date_check("2024-13-01");
	r->code_after = goc_error_last();
	snprintf(r->msg_after, sizeof r->msg_after, "%s", goc_error_message());
	return NULL;
}

START_TEST(test_error_per_thread_not_seen_by_main)
{
	pthread_t t;
	struct thread_result r;

	memset(&r, 0, sizeof r);
	goc_error_clear();

	ck_assert_int_eq(pthread_create(&t, NULL, thread_raise_error, &r), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);

	ck_assert_int_eq(r.initial_code, GOC_OK);
	ck_assert_str_eq(r.initial_msg, "");
	ck_assert_int_eq(r.rc, GOC_EINVAL);
	ck_assert_int_eq(r.code_after, GOC_EINVAL);
	ck_assert_msg(strlen(r.msg_after) > 0, "thread's error needs a message");

	/* The main thread never saw it. */
	ck_assert_int_eq(goc_error_last(), GOC_OK);
	ck_assert_str_eq(goc_error_message(), "");
}
END_TEST

START_TEST(test_error_per_thread_main_not_seen_by_thread)
{
	pthread_t t;
	struct thread_result r;
	char main_msg[256];

	memset(&r, 0, sizeof r);
	goc_error_clear();
	ck_assert_int_eq(goc_utf8_check("\x80"), GOC_EINVAL);
	snprintf(main_msg, sizeof main_msg, "%s", goc_error_message());

	ck_assert_int_eq(pthread_create(&t, NULL, thread_raise_error, &r), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);

	/* The new thread starts without the main thread's error ... */
	ck_assert_int_eq(r.initial_code, GOC_OK);
	ck_assert_str_eq(r.initial_msg, "");
	/* ... and its own error does not overwrite the main thread's. */
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), main_msg);
	goc_error_clear();
}
END_TEST

/* ------------------------------------------------------------------------
 * Version
 * ---------------------------------------------------------------------- */

START_TEST(test_version)
{
	int major = -1, minor = -1, patch = -1;
	char tail = 0;

	ck_assert_ptr_nonnull(goc_version());
	ck_assert_str_eq(goc_version(), GOC_VERSION_STRING);
	ck_assert_int_eq(goc_libversion_number(), GOC_VERSION_NUMBER);
	ck_assert_int_eq(GOC_VERSION_NUMBER,
	                 GOC_VERSION_MAJOR * 1000000 +
	                 GOC_VERSION_MINOR * 1000 + GOC_VERSION_PATCH);

	/* The text and the number describe the same version. */
	ck_assert_int_eq(sscanf(goc_version(), "%d.%d.%d%c", &major, &minor,
	                        &patch, &tail), 3);
	ck_assert_int_eq(major, GOC_VERSION_MAJOR);
	ck_assert_int_eq(minor, GOC_VERSION_MINOR);
	ck_assert_int_eq(patch, GOC_VERSION_PATCH);
	ck_assert_int_eq(goc_libversion_number(),
	                 major * 1000000 + minor * 1000 + patch);
}
END_TEST

/* ------------------------------------------------------------------------
 * goc_date_check
 * ---------------------------------------------------------------------- */

START_TEST(test_date_valid)
{
	static const char *const valid[] = {
		"2024-02-29", /* leap year */
		"2000-02-29", /* divisible by 400: leap */
		"2024-01-01",
		"2024-12-31",
		"2025-01-31",
		"2025-04-30",
		"2025-02-28",
		"1900-01-01", /* lower bound */
		"2999-12-31", /* upper bound */
		"1996-02-29",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(valid); i++)
		ck_assert_msg(goc_date_check(valid[i]) == GOC_OK,
		              "\"%s\" should be a valid date: %s", valid[i],
		              goc_error_message());
}
END_TEST

START_TEST(test_date_invalid)
{
	static const char *const invalid[] = {
		"2025-02-30",  /* no such day */
		"2023-02-29",  /* not a leap year */
		"2100-02-29",  /* divisible by 100, not 400 */
		"1900-02-29",  /* same rule, inside the range */
		"2024-13-01",  /* month 13 */
		"2024-00-10",  /* month 0 */
		"2024-01-00",  /* day 0 */
		"2024-01-32",
		"2024-04-31",
		"2024-1-01",   /* wrong shape */
		"2024-01-1",
		"24-01-01",
		"20240101",
		"2024/01/01",
		"2024-01-01x", /* trailing garbage */
		" 2024-01-01",
		"2024-01-01 ",
		"",
		"1899-12-31",  /* below the range */
		"3000-01-01",  /* above the range */
		"abcd-ef-gh",
		"2024-0a-01",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(invalid); i++) {
		goc_error_clear();
		ck_assert_msg(goc_date_check(invalid[i]) == GOC_EINVAL,
		              "\"%s\" should be rejected", invalid[i]);
		ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
		ck_assert_msg(strlen(goc_error_message()) > 0,
		              "no message for \"%s\"", invalid[i]);
	}
	ck_assert_int_eq(goc_date_check(NULL), GOC_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------------
 * goc_uscc_check
 *
 * The valid codes were checked with GB 32100-2015's algorithm:
 * charset "0123456789ABCDEFGHJKLMNPQRTUWXY", weights 1 3 9 27 19 26 16 17 20
 * 29 25 13 8 24 10 30 28, check index = (31 - sum % 31) % 31.
 * ---------------------------------------------------------------------- */

START_TEST(test_uscc_valid)
{
	static const char *const valid[] = {
		"91350100M000100Y43",
		"91110000600037341L",
		"91310000132200821H",
		"91310115MA1K3YJ34Q",
		"91310000MA1FL5LX3K",
		"91310115MA1H7WN31H",
		"12100000400000000W",
		"51310115MA1K000007",
		"91310000000000000U",
		"91310115MA1K3YJ3Y9", /* Y in the body */
	};
	size_t i;

	for (i = 0; i < N_ELEMS(valid); i++)
		ck_assert_msg(goc_uscc_check(valid[i]) == GOC_OK,
		              "\"%s\" should be valid: %s", valid[i],
		              goc_error_message());
}
END_TEST

START_TEST(test_uscc_invalid)
{
	static const char *const invalid[] = {
		"91310115MA1K3YJ34P",  /* wrong check character (Q expected) */
		"91350100M000100Y44",  /* wrong check character (3 expected) */
		"91110000600037341M",  /* wrong check character (L expected) */
		"91350100M000100Y4",   /* 17 characters */
		"91350100M000100Y433", /* 19 characters */
		"91310115ma1k3yj34q",  /* lower case */
		"91310115Ma1K3YJ34Q",  /* one lower-case letter */
		"91310115MA1I3YJ34Q",  /* I not allowed */
		"91310115MA1O3YJ34Q",  /* O not allowed */
		"91310115MA1S3YJ34Q",  /* S not allowed */
		"91310115MA1V3YJ34Q",  /* V not allowed */
		"91310115MA1Z3YJ34Q",  /* Z not allowed */
		"91A10115MA1K3YJ34P",  /* position 3 not a digit (check fits) */
		"9131011BMA1K3YJ34F",  /* position 8 not a digit (check fits) */
		"91310115MA1K3YJ3 Q",  /* space */
		"91310115MA1K3YJ34-",
		"",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(invalid); i++) {
		goc_error_clear();
		ck_assert_msg(goc_uscc_check(invalid[i]) == GOC_EINVAL,
		              "\"%s\" should be rejected", invalid[i]);
		ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
		ck_assert_msg(strlen(goc_error_message()) > 0,
		              "no message for \"%s\"", invalid[i]);
	}
	ck_assert_int_eq(goc_uscc_check(NULL), GOC_EINVAL);
}
END_TEST

START_TEST(test_uscc_message_names_check_char)
{
	/* "naming the position at fault or the expected check character":
	 * the expected check character here is L. */
	goc_error_clear();
	ck_assert_int_eq(goc_uscc_check("91110000600037341M"), GOC_EINVAL);
	ck_assert_msg(strchr(goc_error_message(), 'L') != NULL,
	              "message \"%s\" does not name the expected 'L'",
	              goc_error_message());
	goc_error_clear();
}
END_TEST

/* ------------------------------------------------------------------------
 * goc_utf8_check
 * ---------------------------------------------------------------------- */

START_TEST(test_utf8_valid)
{
	static const char *const valid[] = {
		"",
		"plain ASCII",
		"浦东新区推动国际经济组织集聚计划（GOC）高质量发展行动方案",
		"商务委（粮食物资局、航运办）",
		"\xC2\x80",             /* U+0080, smallest 2-byte */
		"\xDF\xBF",             /* U+07FF */
		"\xE0\xA0\x80",         /* U+0800, smallest 3-byte */
		"\xED\x9F\xBF",         /* U+D7FF, just below the surrogates */
		"\xEE\x80\x80",         /* U+E000, just above */
		"\xEF\xBF\xBF",         /* U+FFFF */
		"\xF0\x90\x80\x80",     /* U+10000 */
		"\xF0\xA0\xAE\xB7",     /* U+20BB7 𠮷 */
		"\xF4\x8F\xBF\xBF",     /* U+10FFFF, the last code point */
		"Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(valid); i++)
		ck_assert_msg(goc_utf8_check(valid[i]) == GOC_OK,
		              "valid text #%zu rejected: %s", i,
		              goc_error_message());
}
END_TEST

START_TEST(test_utf8_invalid)
{
	static const char *const invalid[] = {
		"\xC0\xAF",             /* overlong '/' */
		"\xC1\xBF",             /* overlong */
		"\xE0\x80\xAF",         /* overlong 3-byte */
		"\xE0\x9F\xBF",         /* overlong 3-byte (U+07FF) */
		"\xF0\x80\x80\xAF",     /* overlong 4-byte */
		"\xF0\x8F\xBF\xBF",     /* overlong 4-byte (U+FFFF) */
		"\xED\xA0\x80",         /* surrogate U+D800 */
		"\xED\xBF\xBF",         /* surrogate U+DFFF */
		"\xF4\x90\x80\x80",     /* U+110000 */
		"\xF5\x80\x80\x80",
		"\xF8\x88\x80\x80\x80", /* 5-byte form */
		"\xFE",
		"\xFF",
		"\xE4\xB8",             /* truncated 中 */
		"abc\xE4\xB8",          /* truncated at the end */
		"\xE4\xB8" "abc",       /* truncated in the middle */
		"\x80",                 /* stray continuation */
		"a\x80" "b",
		"\xBF",
		"\xC2",                 /* lead byte alone */
		"\xC2" "A",
	};
	size_t i;

	for (i = 0; i < N_ELEMS(invalid); i++) {
		goc_error_clear();
		ck_assert_msg(goc_utf8_check(invalid[i]) == GOC_EINVAL,
		              "invalid text #%zu accepted", i);
		ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
		ck_assert_msg(strlen(goc_error_message()) > 0,
		              "no message for invalid text #%zu", i);
	}
	ck_assert_int_eq(goc_utf8_check(NULL), GOC_EINVAL);
}
END_TEST

START_TEST(test_error_message_always_utf8)
{
	/* The message is valid UTF-8 even when it quotes invalid input. */
	static const char *const bad[] = {
		"2024-\xFF\xFE-01", "\xC0\xAF", "\xED\xA0\x80-01-01",
		"2024-01-0\xE4",
	};
	char msg[1024];
	size_t i;

	for (i = 0; i < N_ELEMS(bad); i++) {
		goc_error_clear();
		ck_assert_int_eq(goc_date_check(bad[i]), GOC_EINVAL);
		snprintf(msg, sizeof msg, "%s", goc_error_message());
		ck_assert_msg(strlen(msg) > 0, "message expected");
		ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
		              "date message #%zu not valid UTF-8", i);
		goc_error_clear();
		ck_assert_int_eq(goc_uscc_check(bad[i]), GOC_EINVAL);
		snprintf(msg, sizeof msg, "%s", goc_error_message());
		ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
		              "uscc message #%zu not valid UTF-8", i);
		goc_error_clear();
		ck_assert_int_eq(goc_stage_parse(&(int){ 0 }, bad[i]),
		                 GOC_EINVAL);
		snprintf(msg, sizeof msg, "%s", goc_error_message());
		ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
		              "parse message #%zu not valid UTF-8", i);
	}
	goc_error_clear();
}
END_TEST

START_TEST(test_utf8_message_names_offset)
{
	/* "#GOC_EINVAL naming the byte offset at fault": the bad byte is at
	 * offset 7 (0-based). */
	goc_error_clear();
	ck_assert_int_eq(goc_utf8_check("abcdefg\x80hij"), GOC_EINVAL);
	ck_assert_msg(strchr(goc_error_message(), '7') != NULL,
	              "message \"%s\" does not name offset 7",
	              goc_error_message());
	goc_error_clear();
}
END_TEST

/* ------------------------------------------------------------------------
 * Enum names
 * ---------------------------------------------------------------------- */

typedef const char *(*str_fn)(int);
typedef int (*parse_fn)(int *, const char *);

struct enum_table {
	const char *what;
	str_fn str;
	parse_fn parse;
	int first;
	const char *const *names; /* names[i] for value first + i */
	size_t count;
};

/* Every value enumeration of the public headers, with its names in value
 * order (the bit-flag enums — goc_open_flags, goc_resp_flags,
 * goc_import_flags, goc_dossier_flags — are sets, not values, and
 * goc_status has goc_strerror()).  A new enum gets a row here. */
#define NAMES(...) (const char *const[]){ __VA_ARGS__ }, \
	N_ELEMS(((const char *const[]){ __VA_ARGS__ }))

static const struct enum_table enum_tables[] = {
	{ "unit_kind", goc_unit_kind_str, goc_unit_kind_parse, GOC_UNIT_DEPARTMENT,
	  NAMES("department", "party_office", "bureau") },
	{ "category", goc_category_str, goc_category_parse, GOC_CATEGORY_ECONOMIC,
	  NAMES("economic", "scitech", "professional", "trade", "standards",
	        "arbitration", "finance", "other") },
	{ "origin", goc_origin_str, goc_origin_parse, GOC_ORIGIN_INTERNATIONAL,
	  NAMES("international", "local") },
	{ "stage", goc_stage_str, goc_stage_parse, GOC_STAGE_TARGET,
	  NAMES("target", "contacting", "negotiating", "approved", "landed",
	        "operating", "withdrawn") },
	{ "review_outcome", goc_review_outcome_str, goc_review_outcome_parse,
	  GOC_REVIEW_CLEARED, NAMES("cleared", "flagged", "rejected") },
	{ "review_requests", goc_review_requests_str, goc_review_requests_parse,
	  GOC_REVIEW_REQUESTS_PENDING, NAMES("pending", "all") },
	{ "task_level", goc_task_level_str, goc_task_level_parse, GOC_LEVEL_SECTION,
	  NAMES("section", "task", "item") },
	{ "task_status", goc_task_status_str, goc_task_status_parse,
	  GOC_TASK_NOT_STARTED,
	  NAMES("not_started", "in_progress", "done", "blocked", "cancelled") },
	{ "recurrence", goc_recurrence_str, goc_recurrence_parse, GOC_RECUR_NONE,
	  NAMES("none", "annual") },
	{ "role", goc_role_str, goc_role_parse, GOC_ROLE_LEAD,
	  NAMES("lead", "responsible") },
	{ "measure", goc_measure_str, goc_measure_parse, GOC_MEASURE_ORGS_ENTERED,
	  NAMES("orgs_entered", "hq", "orgs_listed", "partners", "experts", "events",
	        "request_days", "request_within", "office_space", "contact",
	        "manual") },
	{ "scope", goc_scope_str, goc_scope_parse, GOC_SCOPE_PLAN,
	  NAMES("plan", "zone", "unit", "zones") },
	{ "window", goc_window_str, goc_window_parse, GOC_WINDOW_PERIOD,
	  NAMES("period", "annual", "cumulative") },
	{ "direction", goc_direction_str, goc_direction_parse, GOC_HIGHER_IS_BETTER,
	  NAMES("higher", "lower") },
	{ "kpi_status", goc_kpi_status_str, goc_kpi_status_parse,
	  GOC_STATUS_NOT_STARTED,
	  NAMES("not_started", "on_track", "at_risk", "behind", "met", "exceeded",
	        "missed") },
	{ "score_by", goc_score_by_str, goc_score_by_parse, GOC_BY_PLAN,
	  NAMES("plan", "section", "zone", "unit") },
	{ "partner_kind", goc_partner_kind_str, goc_partner_kind_parse,
	  GOC_PARTNER_MULTINATIONAL,
	  NAMES("multinational", "leading_enterprise", "financial", "chamber",
	        "professional_body", "other") },
	{ "event_kind", goc_event_kind_str, goc_event_kind_parse,
	  GOC_EVENT_CONFERENCE, NAMES("conference", "forum", "promotion", "other") },
	{ "request_category", goc_request_category_str, goc_request_category_parse,
	  GOC_REQUEST_REGISTRATION,
	  NAMES("registration", "visa", "talent", "office", "tax", "other") },
	{ "access", goc_access_str, goc_access_parse, GOC_ACCESS_ADMIN,
	  NAMES("admin", "unit", "viewer") },
	{ "audit_outcome", goc_audit_outcome_str, goc_audit_outcome_parse,
	  GOC_AUDIT_OK, NAMES("ok", "denied") },
	{ "tristate", goc_tristate_str, goc_tristate_parse, GOC_ANY,
	  NAMES("any", "yes", "no") },
};

START_TEST(test_enum_values)
{
	ck_assert_int_eq(GOC_UNIT_DEPARTMENT, 1);
	ck_assert_int_eq(GOC_UNIT_PARTY_OFFICE, 2);
	ck_assert_int_eq(GOC_UNIT_BUREAU, 3);
	ck_assert_int_eq(GOC_CATEGORY_ECONOMIC, 1);
	ck_assert_int_eq(GOC_CATEGORY_OTHER, 8);
	ck_assert_int_eq(GOC_ORIGIN_INTERNATIONAL, 1);
	ck_assert_int_eq(GOC_ORIGIN_LOCAL, 2);
	ck_assert_int_eq(GOC_STAGE_TARGET, 1);
	ck_assert_int_eq(GOC_STAGE_WITHDRAWN, 7);
	ck_assert_int_eq(GOC_REVIEW_CLEARED, 1);
	ck_assert_int_eq(GOC_REVIEW_REJECTED, 3);
	ck_assert_int_eq(GOC_ANY, 0);
	ck_assert_int_eq(GOC_YES, 1);
	ck_assert_int_eq(GOC_NO, 2);
}
END_TEST

/* Loop test: one iteration per enum table. */
START_TEST(test_enum_round_trip)
{
	const struct enum_table *t = &enum_tables[_i];
	size_t k;

	for (k = 0; k < t->count; k++) {
		int value = t->first + (int)k;
		int parsed = -12345;
		const char *s = t->str(value);

		ck_assert_msg(s != NULL, "%s_str(%d) is NULL", t->what, value);
		ck_assert_msg(strcmp(s, t->names[k]) == 0,
		              "%s_str(%d) = \"%s\", expected \"%s\"", t->what,
		              value, s, t->names[k]);
		ck_assert_msg(t->parse(&parsed, t->names[k]) == GOC_OK,
		              "%s_parse(\"%s\") failed: %s", t->what,
		              t->names[k], goc_error_message());
		ck_assert_int_eq(parsed, value);
		/* and back again */
		ck_assert_str_eq(t->str(parsed), t->names[k]);
	}
}
END_TEST

START_TEST(test_enum_out_of_range_str)
{
	const struct enum_table *t = &enum_tables[_i];
	const int last = t->first + (int)t->count - 1;
	const int bad[] = { t->first - 1, t->first - 2, last + 1, last + 2, 99,
	                    INT_MAX, INT_MIN };
	size_t k;

	for (k = 0; k < N_ELEMS(bad); k++)
		ck_assert_msg(t->str(bad[k]) == NULL,
		              "%s_str(%d) should be NULL", t->what, bad[k]);
}
END_TEST

START_TEST(test_enum_parse_unknown)
{
	const struct enum_table *t = &enum_tables[_i];
	static const char *const unknown[] = {
		"", "nonsense", "unknown", " ", "0", "1", "depart", "targets",
		"landed ", " cleared", "party-office", "scitech\n",
		"\xC0\xAF",
	};
	size_t k;

	for (k = 0; k < N_ELEMS(unknown); k++) {
		int out = 0;
		ck_assert_msg(t->parse(&out, unknown[k]) == GOC_EINVAL,
		              "%s_parse(\"%s\") should fail", t->what,
		              unknown[k]);
	}
	{
		int out = 0;
		ck_assert_int_eq(t->parse(&out, NULL), GOC_EINVAL);
	}
}
END_TEST

START_TEST(test_enum_parse_null_out)
{
	const struct enum_table *t = &enum_tables[_i];

	ck_assert_int_eq(t->parse(NULL, t->names[0]), GOC_EINVAL);
}
END_TEST

/* Within a table the names are distinct; and each *_parse accepts
 * exactly its own table's names ("other" is a category and an event kind,
 * "scitech" a category only). */
static int table_has(const struct enum_table *t, const char *name)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->names[i], name) == 0)
			return 1;
	return 0;
}

START_TEST(test_enum_names_distinct)
{
	size_t a, b, i, j;

	for (a = 0; a < N_ELEMS(enum_tables); a++)
		for (i = 0; i < enum_tables[a].count; i++)
			for (j = i + 1; j < enum_tables[a].count; j++)
				ck_assert_str_ne(
				    enum_tables[a].str(enum_tables[a].first + (int)i),
				    enum_tables[a].str(enum_tables[a].first + (int)j));
	for (a = 0; a < N_ELEMS(enum_tables); a++)
		for (b = 0; b < N_ELEMS(enum_tables); b++) {
			if (a == b)
				continue;
			for (i = 0; i < enum_tables[a].count; i++) {
				const char *name = enum_tables[a].names[i];
				int out = 0;
				int want = table_has(&enum_tables[b], name) ? GOC_OK : GOC_EINVAL;
				ck_assert_msg(enum_tables[b].parse(&out, name) == want,
				              "%s_parse(\"%s\") (a %s name) should give %d",
				              enum_tables[b].what, name, enum_tables[a].what, want);
			}
		}
}
END_TEST

/* ------------------------------------------------------------------------
 * goc_stage_transition_allowed
 * ---------------------------------------------------------------------- */

/* Expected matrix, rows = from, columns = to, stages 1..7
 * (target, contacting, negotiating, approved, landed, operating, withdrawn),
 * as documented in include/goc/org.h. */
static const int transition_expected[7][7] = {
	/*            T  C  N  A  L  O  W */
	/* T */     { 0, 1, 1, 1, 0, 0, 1 },
	/* C */     { 0, 0, 1, 1, 0, 0, 1 },
	/* N */     { 0, 0, 0, 1, 0, 0, 1 },
	/* A */     { 0, 0, 0, 0, 1, 0, 1 },
	/* L */     { 0, 0, 0, 0, 0, 1, 1 },
	/* O */     { 0, 0, 0, 0, 0, 0, 1 },
	/* W */     { 1, 1, 1, 0, 0, 0, 0 },
};

START_TEST(test_stage_transition_matrix)
{
	int from, to;

	for (from = GOC_STAGE_TARGET; from <= GOC_STAGE_WITHDRAWN; from++)
		for (to = GOC_STAGE_TARGET; to <= GOC_STAGE_WITHDRAWN; to++) {
			int want = transition_expected[from - 1][to - 1];
			int got = goc_stage_transition_allowed(from, to);
			ck_assert_msg(got == want,
			              "goc_stage_transition_allowed(%s, %s) = %d, "
			              "expected %d",
			              goc_stage_str(from), goc_stage_str(to),
			              got, want);
		}
}
END_TEST

START_TEST(test_stage_transition_unknown)
{
	static const int bad[] = { 0, -1, 8, 99, INT_MAX, INT_MIN };
	size_t i;
	int s;

	for (i = 0; i < N_ELEMS(bad); i++)
		for (s = 0; s <= 8; s++) {
			ck_assert_int_eq(goc_stage_transition_allowed(bad[i], s), 0);
			ck_assert_int_eq(goc_stage_transition_allowed(s, bad[i]), 0);
		}
}
END_TEST

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------
 * goc_label(): every value of every vocabulary has a Chinese and an
 * English label, distinct within its vocabulary
 */

static const struct {
	const char *kind;
	str_fn str;
} label_kinds[] = {
	{ "unit_kind", goc_unit_kind_str }, { "category", goc_category_str },
	{ "origin", goc_origin_str }, { "stage", goc_stage_str },
	{ "review_outcome", goc_review_outcome_str }, { "task_level", goc_task_level_str },
	{ "task_status", goc_task_status_str }, { "recurrence", goc_recurrence_str },
	{ "role", goc_role_str }, { "partner_kind", goc_partner_kind_str },
	{ "event_kind", goc_event_kind_str }, { "request_category", goc_request_category_str },
	{ "measure", goc_measure_str }, { "scope", goc_scope_str },
	{ "window", goc_window_str }, { "direction", goc_direction_str },
	{ "kpi_status", goc_kpi_status_str }, { "score_by", goc_score_by_str },
	{ "access", goc_access_str }, { "audit_outcome", goc_audit_outcome_str },
	{ "tristate", goc_tristate_str }, { "review_requests", goc_review_requests_str },
};

START_TEST(test_label_every_value)
{
	const char *kind = label_kinds[_i].kind;
	str_fn str = label_kinds[_i].str;
	int first = str(0) ? 0 : 1; /* recurrence starts at 0 */
	int n = 0;
	for (int v = first; str(v); v++, n++) {
		const char *zh = goc_label(kind, str(v), "zh");
		const char *en = goc_label(kind, str(v), "en");
		ck_assert_msg(zh && *zh, "%s %s: no Chinese label", kind, str(v));
		ck_assert_msg(en && *en, "%s %s: no English label", kind, str(v));
		ck_assert_int_eq(goc_utf8_check(zh), GOC_OK);
		ck_assert_ptr_eq(goc_label(kind, str(v), NULL), zh);
		for (int w = first; w < v; w++) {
			ck_assert_str_ne(goc_label(kind, str(w), "zh"), zh);
			ck_assert_str_ne(goc_label(kind, str(w), "en"), en);
		}
	}
	ck_assert_int_gt(n, 1);
}
END_TEST

START_TEST(test_label_examples_and_unknown)
{
	goc_error_clear();
	ck_assert_str_eq(goc_label("stage", "landed", "zh"), "已落地");
	ck_assert_str_eq(goc_label("role", "lead", "zh"), "牵头");
	ck_assert_str_eq(goc_label("role", "responsible", "zh"), "责任");
	ck_assert_str_eq(goc_label("role", "lead", "en"), "Lead");
	ck_assert_ptr_null(goc_label("stage", "nowhere", "zh"));
	ck_assert_ptr_null(goc_label("planet", "landed", "zh"));
	ck_assert_ptr_null(goc_label("stage", "landed", "fr"));
	ck_assert_ptr_null(goc_label(NULL, "landed", "zh"));
	ck_assert_ptr_null(goc_label("stage", NULL, "zh"));
	ck_assert_int_eq(goc_error_last(), GOC_OK); /* sets no error */
}
END_TEST

static Suite *common_suite(void)
{
	Suite *s = suite_create("common");
	TCase *tc;
	const int n_tables = (int)N_ELEMS(enum_tables);

	add_case(s, "strerror", NULL, NULL, 0, (const TTest *[]){
		test_strerror_codes_values, test_strerror_names_every_code, test_strerror_unknown,
		NULL });

	add_case(s, "error", NULL, NULL, 60, (const TTest *[]){
		test_error_initially_clear, test_error_recorded_and_kept,
		test_error_replaced_by_next_error, test_error_field, test_error_enum_parse_records,
		test_error_per_thread_not_seen_by_main,
		test_error_per_thread_main_not_seen_by_thread, NULL });

	add_case(s, "version", NULL, NULL, 0, (const TTest *[]){
		test_version, NULL });

	add_case(s, "date", NULL, NULL, 0, (const TTest *[]){
		test_date_valid, test_date_invalid, NULL });

	add_case(s, "uscc", NULL, NULL, 0, (const TTest *[]){
		test_uscc_valid, test_uscc_invalid, test_uscc_message_names_check_char, NULL });

	add_case(s, "utf8", NULL, NULL, 0, (const TTest *[]){
		test_utf8_valid, test_utf8_invalid, test_utf8_message_names_offset,
		test_error_message_always_utf8, NULL });

	tc = tcase_create("enums");
	tcase_add_test(tc, test_enum_values);
	tcase_add_loop_test(tc, test_enum_round_trip, 0, n_tables);
	tcase_add_loop_test(tc, test_enum_out_of_range_str, 0, n_tables);
	tcase_add_loop_test(tc, test_enum_parse_unknown, 0, n_tables);
	tcase_add_loop_test(tc, test_enum_parse_null_out, 0, n_tables);
	tcase_add_test(tc, test_enum_names_distinct);
	suite_add_tcase(s, tc);

	tc = tcase_create("label");
	tcase_add_loop_test(tc, test_label_every_value, 0, (int)N_ELEMS(label_kinds));
	tcase_add_test(tc, test_label_examples_and_unknown);
	suite_add_tcase(s, tc);

	add_case(s, "stage_transition", NULL, NULL, 0, (const TTest *[]){
		test_stage_transition_matrix, test_stage_transition_unknown, NULL });

	return s;
}

int main(void)
{
	return run_suite(common_suite(), CK_NORMAL);
}
