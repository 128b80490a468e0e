/*
 * checkutil — what the Check suites share (testutil.h is for every test
 * program and has no Check in it).
 */
#ifndef GOC_CHECKUTIL_H
#define GOC_CHECKUTIL_H

#include <check.h>
#include <string.h>

#include <goc.h>

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

#endif
