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

#endif
