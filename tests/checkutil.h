/*
 * checkutil — what the Check suites share (testutil.h is for every test
 * program and has no Check in it).
 */
#ifndef GOC_CHECKUTIL_H
#define GOC_CHECKUTIL_H

#include <check.h>

#include <goc.h>

/* Fail the test unless rc is GOC_OK, with libgoc's code and message. */
static inline void must(int rc, const char *what)
{
	ck_assert_msg(rc == GOC_OK, "%s: %d (%s): %s", what, rc, goc_strerror(rc),
	              goc_error_message());
}

#endif
