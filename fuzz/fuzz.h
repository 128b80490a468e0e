/*
 * libgoc fuzz targets — what the targets share: the libFuzzer entry point,
 * a NUL-terminated copy of an input, a shared in-memory database and the
 * checks that abort (a finding) when the library breaks a promise.
 *
 * Each target defines LLVMFuzzerTestOneInput(); it is linked either with
 * libFuzzer (clang, -Dfuzzing=true) or with driver.c (any compiler), which
 * runs it over files and directories: the corpus test of the normal build.
 */
#ifndef GOC_FUZZ_H
#define GOC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding: say what and abort (libFuzzer saves the input). */
#define FUZZ_ASSERT(cond, what) do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz: %s:%d: %s (%s); last error %d: %s\n", \
			        __FILE__, __LINE__, what, #cond, goc_error_last(), \
			        goc_error_message()); \
			abort(); \
		} \
	} while (0)

/* A NUL-terminated copy of the input (free()). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A failing call must say why: a known negative code and a message. */
static inline void fuzz_check_error(int rc)
{
	if (rc >= 0)
		return;
	FUZZ_ASSERT(rc >= GOC_ECANCELLED, "error code out of the documented range");
	FUZZ_ASSERT(goc_error_last() == rc, "goc_error_last() differs from the return code");
	FUZZ_ASSERT(goc_error_message()[0] != '\0', "an error without a message");
	FUZZ_ASSERT(goc_utf8_check(goc_error_message()) == GOC_OK, "error message not UTF-8");
}

/* The number of rows of the cursor *cur opened with status rc (which must
 * be GOC_OK); frees it. */
static inline int fuzz_count(int rc, goc_cursor **cur)
{
	FUZZ_ASSERT(rc == GOC_OK, "listing failed");
	int n = 0, step;
	while ((step = goc_cursor_next(*cur)) == GOC_ROW)
		n++;
	FUZZ_ASSERT(step == GOC_DONE, "a cursor failed");
	goc_cursor_free(*cur);
	*cur = NULL;
	return n;
}

/* Read every row of the cursor *cur opened with status rc; free it.  (The
 * cursor is passed by address: read after the call that opened it.) */
static inline void fuzz_drain(int rc, goc_cursor **cur)
{
	fuzz_check_error(rc);
	if (rc == GOC_OK)
		(void)fuzz_count(rc, cur);
	goc_cursor_free(*cur);
	*cur = NULL;
}

#endif /* GOC_FUZZ_H */
