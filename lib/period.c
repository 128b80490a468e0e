/*
 * libgoc — reporting periods and their deadlines (pure date arithmetic,
 * no database): the period of a reporting cycle that holds a date, a
 * period's first and last day, and its deadline.
 *
 * The rule (goc/report.h): a report for a period is due by its deadline,
 * the period's last day plus the plan's deadline offset in **calendar
 * days** (working days would need the State Council's holiday calendar
 * with its swapped weekends, which the library does not have; a count of
 * calendar days is exact and says what it means).  As of a date D the
 * period is missing only when D is after the deadline; a report dated
 * after the deadline is late by (its date − the deadline) days.
 *
 * Periods are those of goc__check_period(): "YYYY", "YYYY-Hn", "YYYY-Qn",
 * "YYYY-MM"; dates are valid "YYYY-MM-DD" (callers check both first).
 * Other modules (progress templates, reminders) call these; nothing here
 * is ABI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
long goc__day_number(const char *date)
{
	long y = atol(date), m = atol(date + 5), d = atol(date + 8);
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400; /* GCOVR_EXCL_BR_LINE: dates are checked to years 1900-2999, y >= 0 */
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void goc__day_date(long z, char out[11])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097; /* GCOVR_EXCL_BR_LINE: z >= 0 from year 0 on; dates are years 1900-2999 */
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	char buf[64];
	snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y % 10000, m % 100, d % 100);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/* Months per period of a cycle (enum goc_report_cycle), 0 if unknown. */
static int cycle_months(int cycle)
{
	switch (cycle) {
	case GOC_CYCLE_MONTHLY: return 1;
	case GOC_CYCLE_QUARTERLY: return 3;
	case GOC_CYCLE_HALF_YEARLY: return 6;
	case GOC_CYCLE_ANNUAL: return 12;
	default: return 0;
	}
}

int goc__cycle_index(int cycle, const char *date)
{
	int months = cycle_months(cycle);
	return months ? (atoi(date) * 12 + atoi(date + 5) - 1) / months : -1;
}

void goc__cycle_period(int cycle, int index, char out[16])
{
	int months = cycle_months(cycle);
	int m0 = index * months; /* month index: year * 12 + month - 1 */
	int y = m0 / 12, m = m0 % 12;
	char buf[32];
	y %= 10000;
	switch (cycle) {
	case GOC_CYCLE_MONTHLY: snprintf(buf, sizeof buf, "%04d-%02d", y, m + 1); break;
	case GOC_CYCLE_QUARTERLY: snprintf(buf, sizeof buf, "%04d-Q%d", y, m / 3 + 1); break;
	case GOC_CYCLE_HALF_YEARLY: snprintf(buf, sizeof buf, "%04d-H%d", y, m / 6 + 1); break;
	default: snprintf(buf, sizeof buf, "%04d", y); break;
	}
	memcpy(out, buf, 15);
	out[15] = '\0';
}

int goc__period_cycle_index(int cycle, const char *period)
{
	size_t n = strlen(period);
	int y = atoi(period);
	switch (cycle) {
	case GOC_CYCLE_MONTHLY:
		/* a month's first digit is 0 or 1; a quarter's and a half's letter is above */
		return n == 7 && period[5] <= '1' ? y * 12 + atoi(period + 5) - 1 : -1;
	case GOC_CYCLE_QUARTERLY:
		return n == 7 && period[5] == 'Q' ? y * 4 + period[6] - '1' : -1;
	case GOC_CYCLE_HALF_YEARLY:
		return n == 7 && period[5] == 'H' ? y * 2 + period[6] - '1' : -1;
	case GOC_CYCLE_ANNUAL:
		return n == 4 ? y : -1;
	default:
		return -1;
	}
}

/* First month index and number of months of any period form. */
static void period_months(const char *period, int *first, int *count)
{
	int y = atoi(period);
	if (strlen(period) == 4) {
		*first = y * 12, *count = 12;
	} else if (period[5] == 'Q') {
		*first = y * 12 + (period[6] - '1') * 3, *count = 3;
	} else if (period[5] == 'H') {
		*first = y * 12 + (period[6] - '1') * 6, *count = 6;
	} else {
		*first = y * 12 + atoi(period + 5) - 1, *count = 1;
	}
}

void goc__period_bounds(const char *period, char start[11], char end[11])
{
	int first, count;
	period_months(period, &first, &count);
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-%02d-01", first / 12 % 10000, first % 12 + 1);
	if (start) {
		memcpy(start, buf, 10);
		start[10] = '\0';
	}
	if (end) {
		int next = first + count;
		snprintf(buf, sizeof buf, "%04d-%02d-01", next / 12 % 10000, next % 12 + 1);
		goc__day_date(goc__day_number(buf) - 1, end);
	}
}

void goc__period_deadline(const char *period, int days, char out[11])
{
	char end[11];
	goc__period_bounds(period, NULL, end);
	goc__day_date(goc__day_number(end) + days, out);
}

int goc__late_days(const char *period, int days, const char *date)
{
	char deadline[11];
	goc__period_deadline(period, days, deadline);
	long late = goc__day_number(date) - goc__day_number(deadline);
	return late > 0 ? (int)late : 0;
}
