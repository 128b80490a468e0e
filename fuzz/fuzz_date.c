/*
 * Fuzz target: dates and reporting periods — goc_date_check() and
 * goc_period_check() against an independent reading of the rules in
 * include/goc/common.h and plan.h (YYYY-MM-DD, a real calendar day, years
 * 1900–2999; YYYY, YYYY-H1/H2, YYYY-Q1…Q4, YYYY-MM).
 */
#include <ctype.h>

#include "fuzz.h"

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int date_ok(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return 0;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int period_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || !digits(s, 4) || num(s, 4) < 1900 || num(s, 4) > 2999)
		return 0;
	if (n == 4)
		return 1;
	if (n != 7 || s[4] != '-')
		return 0;
	if (s[5] == 'H')
		return s[6] == '1' || s[6] == '2';
	if (s[5] == 'Q')
		return s[6] >= '1' && s[6] <= '4';
	return digits(s + 5, 2) && num(s + 5, 2) >= 1 && num(s + 5, 2) <= 12;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	goc_error_clear();
	int rc = goc_date_check(s);
	fuzz_check_error(rc);
	FUZZ_ASSERT((rc == GOC_OK) == date_ok(s), "goc_date_check() disagrees with the calendar");
	if (rc != GOC_OK)
		FUZZ_ASSERT(rc == GOC_EINVAL, "a bad date is not GOC_EINVAL");

	goc_error_clear();
	rc = goc_period_check(s);
	fuzz_check_error(rc);
	FUZZ_ASSERT((rc == GOC_OK) == period_ok(s), "goc_period_check() disagrees with the rules");
	if (rc != GOC_OK)
		FUZZ_ASSERT(rc == GOC_EINVAL, "a bad period is not GOC_EINVAL");
	free(s);
	return 0;
}
