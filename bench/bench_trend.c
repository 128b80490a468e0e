/*
 * bench_trend — the trend benchmark of bench/ (issue 17): a 24-point
 * monthly KPI series (goc_kpi_series(), every month end of 2024 and 2025)
 * on a generated database (bench_gen), against one scorecard
 * (goc_scorecard() by plan as of 2025-06-30) on the same file, in the same
 * run, with the same warm page cache.  Target: the series ≤ 1.5 × the one
 * scorecard.
 *
 * First the series is checked, row for row and field for field, against
 * 24 separate goc_kpi_evaluate() calls (one per date); any difference
 * fails the run (exit 1).  Those 24 evaluations are timed too, once, for
 * the record ("trend-24-separate").  Then, after one warm-up of each, the
 * scorecard and the series run alternately, R times each; each figure is
 * the median of its R runs with the fastest and slowest, in wall-clock
 * time (trend-24) and process CPU time (trend-24-cpu).
 *
 * usage: bench_trend FILE N [R]      prints one JSON object per line
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <goc.h>

#define PLAN "pudong-goc-2024"
#define AS_OF "2025-06-30"

static const char *const months[24] = {
	"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30",
	"2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31",
	"2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30",
	"2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31" };

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_trend: %s: %s\n", what, goc_error_message());
	exit(1);
}

static goc_series_opts series_opts(void)
{
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.from = "2024-01-01";
	o.to = "2025-12-31";
	o.every = GOC_EVERY_MONTH;
	return o;
}

/* The series, read to the end; the number of rows. */
static size_t run_series(goc_db *db)
{
	goc_series_opts o = series_opts();
	goc_cursor *cur = NULL;
	if (goc_kpi_series(&cur, db, PLAN, &o) != GOC_OK)
		die("goc_kpi_series");
	size_t n = 0;
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW)
		n++;
	if (rc != GOC_DONE)
		die("reading the series");
	goc_cursor_free(cur);
	return n;
}

static size_t run_scorecard(goc_db *db)
{
	goc_cursor *cur = NULL;
	if (goc_scorecard(&cur, db, PLAN, AS_OF, GOC_BY_PLAN) != GOC_OK)
		die("goc_scorecard");
	size_t n = 0;
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW)
		n++;
	if (rc != GOC_DONE)
		die("reading the scorecard");
	goc_cursor_free(cur);
	return n;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The series against 24 evaluations, field for field; their time. */
static double check_equal(goc_db *db, size_t *rows)
{
	goc_series_opts o = series_opts();
	goc_cursor *ser = NULL;
	if (goc_kpi_series(&ser, db, PLAN, &o) != GOC_OK)
		die("goc_kpi_series");
	double t = 0;
	*rows = 0;
	for (int d = 0; d < 24; d++) {
		double t0 = now(CLOCK_MONOTONIC);
		goc_cursor *ev = NULL;
		if (goc_kpi_evaluate(&ev, db, PLAN, NULL, months[d]) != GOC_OK)
			die("goc_kpi_evaluate");
		t += now(CLOCK_MONOTONIC) - t0;
		int rc;
		while ((rc = goc_cursor_next(ev)) == GOC_ROW) {
			if (goc_cursor_next(ser) != GOC_ROW) {
				fprintf(stderr, "bench_trend: the series ends early on %s\n", months[d]);
				exit(1);
			}
			const goc_kpi_row *a = goc_cursor_kpi_row(ser), *b = goc_cursor_kpi_row(ev);
			if (!same_str(goc_kpi_row_as_of(a), months[d]) ||
			    !same_str(goc_kpi_row_kpi(a), goc_kpi_row_kpi(b)) ||
			    !same_str(goc_kpi_row_member(a), goc_kpi_row_member(b)) ||
			    goc_kpi_row_year(a) != goc_kpi_row_year(b) ||
			    goc_kpi_row_actual(a) != goc_kpi_row_actual(b) ||
			    goc_kpi_row_expected(a) != goc_kpi_row_expected(b) ||
			    goc_kpi_row_target_min(a) != goc_kpi_row_target_min(b) ||
			    goc_kpi_row_target_max(a) != goc_kpi_row_target_max(b) ||
			    goc_kpi_row_attainment(a) != goc_kpi_row_attainment(b) ||
			    goc_kpi_row_score(a) != goc_kpi_row_score(b) ||
			    goc_kpi_row_status(a) != goc_kpi_row_status(b)) {
				fprintf(stderr, "bench_trend: %s %s on %s: series %g (%d), evaluation %g (%d)\n",
				        goc_kpi_row_kpi(b), goc_kpi_row_member(b) ? goc_kpi_row_member(b) : "",
				        months[d], goc_kpi_row_actual(a), goc_kpi_row_status(a),
				        goc_kpi_row_actual(b), goc_kpi_row_status(b));
				exit(1);
			}
			(*rows)++;
		}
		if (rc != GOC_DONE)
			die("reading an evaluation");
		goc_cursor_free(ev);
	}
	if (goc_cursor_next(ser) != GOC_DONE) {
		fprintf(stderr, "bench_trend: the series has more rows than the evaluations\n");
		exit(1);
	}
	goc_cursor_free(ser);
	return t;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void print(const char *name, long n, double *lib, double *base, int r, const char *unit,
                  double target)
{
	qsort(lib, (size_t)r, sizeof *lib, cmp);
	qsort(base, (size_t)r, sizeof *base, cmp);
	double v = lib[r / 2], b = base[r / 2];
	printf("{\"name\": \"%s\", \"n\": %ld, \"runs\": %d, \"value\": %.6f, \"value_min\": %.6f,"
	       " \"value_max\": %.6f, \"unit\": \"%s\", \"baseline\": %.6f, \"baseline_min\": %.6f,"
	       " \"baseline_max\": %.6f, \"ratio\": %.3f, \"target\": %g, \"target_on\": \"ratio\","
	       " \"met\": %s}\n", name, n, r, v, lib[0], lib[r - 1], unit, b, base[0], base[r - 1],
	       v / b, target, v / b <= target ? "true" : "false");
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: bench_trend FILE N [R]\n");
		return 2;
	}
	long n = atol(argv[2]);
	int repeat = argc == 4 ? atoi(argv[3]) : 3;
	if (repeat < 1 || repeat > 1000) {
		fprintf(stderr, "bench_trend: R must be 1..1000\n");
		return 2;
	}
	goc_db *db;
	if (goc_db_open(&db, argv[1]) != GOC_OK)
		die(argv[1]);
	/* warm both, then check the series against 24 evaluations */
	run_scorecard(db);
	size_t series_rows = run_series(db), rows = 0;
	double separate = check_equal(db, &rows);
	if (rows != series_rows) {
		fprintf(stderr, "bench_trend: %zu series rows, %zu evaluated\n", series_rows, rows);
		return 1;
	}
	double *w_lib = calloc((size_t)repeat, sizeof(double)), *w_base = calloc((size_t)repeat, sizeof(double));
	double *c_lib = calloc((size_t)repeat, sizeof(double)), *c_base = calloc((size_t)repeat, sizeof(double));
	if (!w_lib || !w_base || !c_lib || !c_base)
		return 1;
	for (int i = 0; i < repeat; i++) {
		double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		run_scorecard(db);
		w_base[i] = now(CLOCK_MONOTONIC) - w0;
		c_base[i] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		w0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		run_series(db);
		w_lib[i] = now(CLOCK_MONOTONIC) - w0;
		c_lib[i] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	print("trend-24", n, w_lib, w_base, repeat, "s", 1.5);
	print("trend-24-cpu", n, c_lib, c_base, repeat, "s", 1.5);
	printf("{\"name\": \"trend-24-separate\", \"n\": %ld, \"runs\": 1, \"value\": %.6f,"
	       " \"value_min\": null, \"value_max\": null, \"unit\": \"s\", \"baseline\": %.6f,"
	       " \"baseline_min\": null, \"baseline_max\": null, \"ratio\": %.3f, \"target\": null,"
	       " \"target_on\": null, \"met\": null, \"rows\": %zu}\n",
	       n, separate, w_base[repeat / 2], separate / w_base[repeat / 2], rows);
	free(w_lib), free(w_base), free(c_lib), free(c_base);
	goc_db_close(db);
	return 0;
}
