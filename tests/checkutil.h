/*
 * checkutil — what the Check suites share (testutil.h is for every test
 * program and has no Check in it).
 */
#ifndef GOC_CHECKUTIL_H
#define GOC_CHECKUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

#include "testutil.h"

/* Fail the test unless rc is GOC_OK, with libgoc's code and message. */
static inline void must(int rc, const char *what)
{
	ck_assert_msg(rc == GOC_OK, "%s: %d (%s): %s", what, rc, goc_strerror(rc),
	              goc_error_message());
}

/* Fail the test unless rc is `want`, libgoc's last error is the same and
 * its message names `needle` (if given). */
static inline void expect(int rc, int want, const char *needle, const char *what)
{
	ck_assert_msg(rc == want, "%s: got %d (%s), expected %s; message: %s", what, rc,
	              goc_strerror(rc), goc_strerror(want), goc_error_message());
	ck_assert_int_eq(goc_error_last(), want);
	if (needle)
		ck_assert_msg(strstr(goc_error_message(), needle) != NULL,
		              "%s: message \"%s\" does not name \"%s\"", what,
		              goc_error_message(), needle);
}

/* expect(), and the handle's last error (goc_db_errcode(db)) is `want`
 * too. */
static inline void expect_db(goc_db *db, int rc, int want, const char *needle, const char *what)
{
	expect(rc, want, needle, what);
	ck_assert_msg(goc_db_errcode(db) == want, "%s: goc_db_errcode() = %d", what,
	              goc_db_errcode(db));
}

/* A test case of suite s, from data: `name`, its checked fixture (setup and
 * teardown; both NULL: none), a timeout in seconds (0: Check's default)
 * and its tests, NULL-terminated.  Loop tests are added to the case it
 * returns. */
static inline TCase *add_case(Suite *s, const char *name, void (*setup)(void),
                              void (*teardown)(void), int timeout,
                              const TTest *const *tests)
{
	TCase *tc = tcase_create(name);
	if (setup || teardown)
		tcase_add_checked_fixture(tc, setup, teardown);
	if (timeout)
		tcase_set_timeout(tc, timeout);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return tc;
}

/* The rows of the cursor *c that a call made, returning rc (the test fails
 * unless it is GOC_OK): counted to the end, then the cursor is freed. */
static inline int count_rows(int rc, goc_cursor **c, const char *what)
{
	must(rc, what);
	int n = 0;
	while ((rc = goc_cursor_next(*c)) == GOC_ROW)
		n++;
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(*c);
	*c = NULL;
	return n;
}

/* The first column of the first row of sql on the database file at path,
 * through a second, read-only connection (-1 if there is no row); the
 * test fails if the query cannot run. */
static inline long long query_int(const char *path, const char *sql)
{
	char err[512];
	int64_t v;
	ck_assert_msg(tu_query_one(path, sql, &v, err, sizeof err) == 0, "%s", err);
	return (long long)v;
}

/* Run sql on the file at path behind libgoc's back; the test fails if it
 * cannot. */
static inline void raw_exec(const char *path, const char *sql)
{
	char err[512];
	ck_assert_msg(tu_exec(path, sql, err, sizeof err) == 0, "%s", err);
}

/* Tamper with the audit trail of the file at path as someone who dropped
 * its append-only triggers would, then run sql. */
static inline void tamper_with(const char *path, const char *sql)
{
	raw_exec(path, "DROP TRIGGER IF EXISTS change_log_no_update;"
	               "DROP TRIGGER IF EXISTS change_log_no_delete;");
	raw_exec(path, sql);
}

/* The whole file at path (tu_slurp()), NUL-terminated, in malloc'd memory
 * (free() it); the test fails if it cannot be read. */
static inline char *must_slurp(const char *path, size_t *len)
{
	char *buf = tu_slurp(path, len);
	ck_assert_msg(buf != NULL, "cannot read %s", path);
	return buf;
}

/* The whole file rel of the source tree (tu_source_read()), NUL-terminated,
 * in malloc'd memory (free() it); the test fails if it cannot be read. */
static inline char *read_source(const char *rel, size_t *len)
{
	char path[2048];
	char *buf = tu_source_read(rel, len, path, sizeof path);
	ck_assert_msg(buf != NULL, "cannot read %s", path);
	return buf;
}

/* Run every test of suite s, its output as `mode` says (CK_ENV: as
 * CK_VERBOSITY says); what main() returns: EXIT_SUCCESS if none failed. */
static inline int run_suite(Suite *s, enum print_output mode)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, mode);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Copy the file rel of the source tree (a fixture) to dst; the test fails
 * if it cannot. */
static inline void copy_source(const char *rel, const char *dst)
{
	size_t len;
	char *buf = read_source(rel, &len);
	FILE *f = fopen(dst, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", dst);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(buf);
}

#endif
