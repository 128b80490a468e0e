/*
 * bench_trend — the trend benchmark of bench/ (issue 17): a 24-point
 * monthly KPI series (goc_kpi_series(), every month end of 2024 and 2025)
 * on a generated database (bench_gen), against one scorecard
 * (goc_scorecard() by plan) on the same file, in the same run, with the
 * same warm page cache.  Target: the series ≤ 1.5 × the one scorecard.
 *
 * Which scorecard: two are timed, alternately with the series.
 *   - trend-24: the scorecard as of the series' last date (2025-12-31),
 *     the one evaluation that reads the same facts as the series (every
 *     stage change, event and listing up to that date).  The ratio is then
 *     the price of 24 points over one on the same data.
 *   - trend-24-bench2: benchmark 2's scorecard (as of 2025-06-30), which
 *     reads half a year less: on bench_gen's data about a quarter fewer
 *     organizations entered the stage by then, so this ratio also counts
 *     the series' extra half-year.  Reported beside, with the same target.
 * Each in wall-clock and process CPU time (-cpu).
 *
 * First the series is checked, row for row and field for field, against
 * 24 separate goc_kpi_evaluate() calls (one per date); any difference
 * fails the run (exit 1).  Those 24 evaluations are timed too, once, for
 * the record ("trend-24-separate").  Then, after one warm-up of each, the
 * two scorecards and the series run in turn, R times each; each figure is
 * the median of its R runs with the fastest and slowest.
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
#define AS_OF "2025-06-30"     /* benchmark 2's scorecard */
#define LAST "2025-12-31"      /* the series' last date */

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

static size_t run_scorecard(goc_db *db, const char *as_of)
{
	goc_cursor *cur = NULL;
	if (goc_scorecard(&cur, db, PLAN, as_of, GOC_BY_PLAN) != GOC_OK)
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

/* Wall-clock and CPU times of R runs of each side. */
struct side {
	double *wall, *cpu;
};

static struct side side_new(int r)
{
	struct side s = { calloc((size_t)r, sizeof(double)), calloc((size_t)r, sizeof(double)) };
	if (!s.wall || !s.cpu) {
		fprintf(stderr, "bench_trend: out of memory\n");
		exit(1);
	}
	return s;
}

/* Copies: print() sorts what it is given, and a side is printed twice. */
static double *copy(const double *v, int r)
{
	double *c = malloc((size_t)r * sizeof *c);
	if (!c) {
		fprintf(stderr, "bench_trend: out of memory\n");
		exit(1);
	}
	memcpy(c, v, (size_t)r * sizeof *c);
	return c;
}

static void print_pair(const char *name, long n, const struct side *lib, const struct side *base,
                       int r)
{
	char cpu[64];
	snprintf(cpu, sizeof cpu, "%s-cpu", name);
	double *lw = copy(lib->wall, r), *bw = copy(base->wall, r);
	double *lc = copy(lib->cpu, r), *bc = copy(base->cpu, r);
	print(name, n, lw, bw, r, "s", 1.5);
	print(cpu, n, lc, bc, r, "s", 1.5);
	free(lw), free(bw), free(lc), free(bc);
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
	run_scorecard(db, LAST);
	run_scorecard(db, AS_OF);
	size_t series_rows = run_series(db), rows = 0;
	double separate = check_equal(db, &rows);
	if (rows != series_rows) {
		fprintf(stderr, "bench_trend: %zu series rows, %zu evaluated\n", series_rows, rows);
		return 1;
	}
	struct side series = side_new(repeat), last = side_new(repeat), bench2 = side_new(repeat);
	for (int i = 0; i < repeat; i++) {
		double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		run_scorecard(db, LAST);
		last.wall[i] = now(CLOCK_MONOTONIC) - w0;
		last.cpu[i] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		w0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		run_series(db);
		series.wall[i] = now(CLOCK_MONOTONIC) - w0;
		series.cpu[i] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		w0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		run_scorecard(db, AS_OF);
		bench2.wall[i] = now(CLOCK_MONOTONIC) - w0;
		bench2.cpu[i] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	print_pair("trend-24", n, &series, &last, repeat);
	print_pair("trend-24-bench2", n, &series, &bench2, repeat);
	double *lw = copy(last.wall, repeat);
	qsort(lw, (size_t)repeat, sizeof *lw, cmp);
	printf("{\"name\": \"trend-24-separate\", \"n\": %ld, \"runs\": 1, \"value\": %.6f,"
	       " \"value_min\": null, \"value_max\": null, \"unit\": \"s\", \"baseline\": %.6f,"
	       " \"baseline_min\": null, \"baseline_max\": null, \"ratio\": %.3f, \"target\": null,"
	       " \"target_on\": null, \"met\": null, \"rows\": %zu}\n",
	       n, separate, lw[repeat / 2], separate / lw[repeat / 2], rows);
	free(lw);
	free(series.wall), free(series.cpu), free(last.wall), free(last.cpu);
	free(bench2.wall), free(bench2.cpu);
	goc_db_close(db);
	return 0;
}
