/*
 * bench_scorecard — benchmarks 2 and 5 of bench/ (and the growth curve):
 * the full scorecard of the built-in Pudong plan (every KPI, every scope
 * member, as of one date) on a generated database (bench_gen), against the
 * best hand-written SQL computing the same numbers, in the same run, on
 * the same file, with the same warm page cache.
 *
 * The libgoc side is goc_scorecard(by plan), which evaluates every KPI row
 * and rolls them up, read to the end.  The SQL side is one statement over
 * the schema, written for this plan's KPIs (their windows, members and
 * filters fixed in the text), giving (kpi, member, year, actual) for every
 * row.  The two must agree: every row of goc_kpi_evaluate() equals the
 * SQL's row, and the scorecard's per-KPI sums equal the SQL's sums;
 * otherwise this fails (exit 1).  After one warm-up run of each, the SQL
 * and libgoc run alternately, R times each (B A B A …); each figure is the
 * median of its R runs, with the fastest and slowest ("value_min",
 * "value_max", "baseline_min", "baseline_max"), in wall-clock time
 * (scorecard, scorecard-time) and process CPU time (scorecard-cpu: less
 * sensitive to other processes on a shared machine).
 *
 * Peak memory (benchmark 5): a fresh process (this program re-executed)
 * opens the database and produces the scorecard once; its ru_maxrss comes
 * from wait4().  The baseline is a fresh process running the SQL once.
 * They too alternate R times; the median is reported.
 *
 * usage: bench_scorecard FILE N [R]      prints one JSON object per line
 *        bench_scorecard --once goc|sql FILE     (the child of the RSS run)
 *        bench_scorecard --sql      print the hand-written SQL (dates filled in)
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* wait4 */
#include <math.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <goc.h>

#define PLAN "pudong-goc-2024"
#define AS_OF "2025-06-30"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_scorecard: %s: %s\n", what, goc_error_message());
	exit(1);
}

/*
 * The hand-written SQL.  ?1 is the as-of date, ?2 min(as-of, the window's
 * end): the plan's window is 2024-01-01 … 2025-12-31 and every count runs
 * from its start to ?2.
 * An organization counts as entered (landed) if it entered `landed` in the
 * window and its latest stage on the as-of date is landed or operating;
 * a milestone counts if its organization's latest stage then is not
 * withdrawn.  Each register is read once (grouped), and the MATERIALIZED
 * CTEs are computed once each, grouped by zone or unit.
 */
static const char hand_sql[] =
    "WITH entered(zone, n) AS MATERIALIZED ("
    "  SELECT o.zone, count(*) FROM organizations o"
    "  WHERE o.id IN (SELECT h.org_id FROM stage_history h"
    "                 WHERE h.to_stage = 'landed' AND h.date BETWEEN '2024-01-01' AND ?2)"
    "  AND (SELECT h2.to_stage FROM stage_history h2 WHERE h2.org_id = o.id AND h2.date <= ?1"
    "       ORDER BY h2.date DESC, h2.seq DESC LIMIT 1) IN ('landed', 'operating')"
    "  GROUP BY o.zone),"
    " hq(zone, n) AS MATERIALIZED ("
    "  SELECT o.zone, count(*) FROM hq_milestones m JOIN organizations o ON o.id = m.org_id"
    "  WHERE m.date BETWEEN '2024-01-01' AND ?2"
    "  AND (SELECT h2.to_stage FROM stage_history h2 WHERE h2.org_id = m.org_id"
    "       AND h2.date <= ?1 ORDER BY h2.date DESC, h2.seq DESC LIMIT 1) <> 'withdrawn'"
    "  GROUP BY o.zone),"
    " listed(unit, n) AS MATERIALIZED ("
    "  SELECT unit, count(*) FROM organizations WHERE created <= ?2 GROUP BY unit),"
    " partner(unit, n) AS MATERIALIZED ("
    "  SELECT unit, count(*) FROM partners WHERE date BETWEEN '2024-01-01' AND ?2 GROUP BY unit),"
    " expert(unit, n) AS MATERIALIZED ("
    "  SELECT unit, count(*) FROM experts WHERE date BETWEEN '2024-01-01' AND ?2 GROUP BY unit),"
    " ev(zone, y, big, promo) AS MATERIALIZED ("
    "  SELECT zone, CAST(substr(date, 1, 4) AS INTEGER),"
    "   sum(international = 1 AND large = 1), sum(kind = 'promotion' AND international = 1)"
    "  FROM events WHERE date BETWEEN '2024-01-01' AND ?2 GROUP BY 1, 2),"
    " years(y) AS (SELECT 2024 UNION ALL SELECT 2025),"
    " zone_list(z) AS (SELECT code FROM zones),"
    " promo_zones(z) AS (SELECT 'expo' UNION ALL SELECT 'lujiazui'),"
    " bureaus(u) AS (SELECT 'expo-bureau' UNION ALL SELECT 'lujiazui-bureau' UNION ALL"
    "  SELECT 'zhangjiang-bureau' UNION ALL SELECT 'jinqiao-bureau' UNION ALL SELECT 'ftz-bureau'),"
    " listers(u) AS (SELECT 'commerce' UNION ALL SELECT 'scitech' UNION ALL SELECT 'financial'"
    "  UNION ALL SELECT 'justice' UNION ALL SELECT u FROM bureaus),"
    " networkers(u) AS (SELECT 'commerce' UNION ALL SELECT 'scitech' UNION ALL"
    "  SELECT 'financial' UNION ALL SELECT u FROM bureaus),"
    " thinkers(u) AS (SELECT 'commerce' UNION ALL SELECT 'scitech' UNION ALL SELECT 'devreform'"
    "  UNION ALL SELECT 'financial' UNION ALL SELECT 'market' UNION ALL SELECT 'ipo'"
    "  UNION ALL SELECT u FROM bureaus),"
    " facts(z, office, contact) AS (SELECT z,"
    "  coalesce((SELECT office_space FROM zone_facts f WHERE f.zone = z AND f.date <= ?1"
    "            ORDER BY f.date DESC LIMIT 1), 0),"
    "  coalesce((SELECT contact IS NOT NULL AND contact <> '' FROM zone_facts f"
    "            WHERE f.zone = z AND f.date <= ?1 ORDER BY f.date DESC LIMIT 1), 0)"
    "  FROM zone_list)"
    " SELECT 'new-orgs', NULL, 0, (SELECT total(n) FROM entered)"
    " UNION ALL SELECT 'orgs-total', NULL, 0, 37 + (SELECT total(n) FROM entered)"
    " UNION ALL SELECT 'regional-hq', NULL, 0, (SELECT total(n) FROM hq)"
    " UNION ALL SELECT 'large-events', NULL, y, coalesce((SELECT sum(big) FROM ev WHERE ev.y = years.y), 0)"
    "  FROM years"
    " UNION ALL SELECT 'zone-quotas', z, 0, coalesce((SELECT n FROM entered WHERE zone = z), 0) FROM zone_list"
    " UNION ALL SELECT 'target-lists', u, 0, coalesce((SELECT n FROM listed WHERE unit = u), 0) FROM listers"
    " UNION ALL SELECT 'partner-network', u, 0, coalesce((SELECT n FROM partner WHERE unit = u), 0)"
    "  FROM networkers"
    " UNION ALL SELECT 'office-space', z, 0, office FROM facts"
    " UNION ALL SELECT 'contact-person', z, 0, contact FROM facts"
    " UNION ALL SELECT 'hq-expo-lujiazui', 'expo,lujiazui', 0,"
    "  (SELECT total(n) FROM hq WHERE zone IN ('expo', 'lujiazui'))"
    " UNION ALL SELECT 'think-tank', u, 0, coalesce((SELECT n FROM expert WHERE unit = u), 0) FROM thinkers"
    " UNION ALL SELECT 'promotion-events', z, y,"
    "  coalesce((SELECT sum(promo) FROM ev WHERE ev.zone = z AND ev.y = years.y), 0)"
    "  FROM promo_zones, years";

struct row {
	char kpi[32], member[64];
	int year;
	double actual;
};

struct rows {
	struct row v[256];
	int n;
};

static void add(struct rows *r, const char *kpi, const char *member, int year, double actual)
{
	if (r->n == 256) {
		fprintf(stderr, "bench_scorecard: too many rows\n");
		exit(1);
	}
	struct row *x = &r->v[r->n++];
	snprintf(x->kpi, sizeof x->kpi, "%s", kpi);
	snprintf(x->member, sizeof x->member, "%s", member ? member : "");
	x->year = year;
	x->actual = actual;
}

/* The SQL side: run the statement to the end, rows into r (if not NULL). */
static void run_sql(sqlite3 *s, sqlite3_stmt *st, struct rows *r)
{
	sqlite3_bind_text(st, 1, AS_OF, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, strcmp(AS_OF, "2025-12-31") < 0 ? AS_OF : "2025-12-31", -1,
	                  SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (r)
			add(r, (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1), sqlite3_column_int(st, 2),
			    sqlite3_column_double(st, 3));
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "bench_scorecard: the hand-written SQL: %s\n", sqlite3_errmsg(s));
		exit(1);
	}
	sqlite3_reset(st);
}

/* The libgoc side: the scorecard by plan, read to the end; per-KPI sums
 * of actual values into r (if not NULL). */
static void run_goc(goc_db *db, struct rows *r)
{
	goc_cursor *cur;
	if (goc_scorecard(&cur, db, PLAN, AS_OF, GOC_BY_PLAN) != GOC_OK)
		die("goc_scorecard");
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_score *s = goc_cursor_score(cur);
		if (r && goc_score_key(s))
			add(r, goc_score_key(s), NULL, 0, goc_score_actual(s));
	}
	if (rc != GOC_DONE)
		die("reading the scorecard");
	goc_cursor_free(cur);
}

static const struct row *find(const struct rows *r, const char *kpi, const char *member, int year)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].kpi, kpi) && !strcmp(r->v[i].member, member) && r->v[i].year == year)
			return &r->v[i];
	return NULL;
}

/* Every evaluated row equals the SQL's, and the scorecard's sums too. */
static void check_equal(goc_db *db, const struct rows *sql, const struct rows *card)
{
	goc_cursor *cur;
	if (goc_kpi_evaluate(&cur, db, PLAN, NULL, AS_OF) != GOC_OK)
		die("goc_kpi_evaluate");
	int n = 0, bad = 0, rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_kpi_row *k = goc_cursor_kpi_row(cur);
		const char *m = goc_kpi_row_member(k) ? goc_kpi_row_member(k) : "";
		const struct row *x = find(sql, goc_kpi_row_kpi(k), m, goc_kpi_row_year(k));
		n++;
		if (!x || x->actual != goc_kpi_row_actual(k)) {
			fprintf(stderr, "bench_scorecard: %s %s %d: libgoc %g, SQL %s%g\n",
			        goc_kpi_row_kpi(k), m, goc_kpi_row_year(k), goc_kpi_row_actual(k),
			        x ? "" : "no row ", x ? x->actual : 0.0);
			bad = 1;
		}
	}
	goc_cursor_free(cur);
	if (rc != GOC_DONE)
		die("reading the evaluation");
	if (n != sql->n) {
		fprintf(stderr, "bench_scorecard: libgoc has %d rows, the SQL %d\n", n, sql->n);
		bad = 1;
	}
	for (int i = 0; i < card->n; i++) {
		double sum = 0;
		for (int j = 0; j < sql->n; j++)
			if (!strcmp(sql->v[j].kpi, card->v[i].kpi))
				sum += sql->v[j].actual;
		if (sum != card->v[i].actual) {
			fprintf(stderr, "bench_scorecard: scorecard %s: libgoc %g, SQL %g\n",
			        card->v[i].kpi, card->v[i].actual, sum);
			bad = 1;
		}
	}
	if (bad) {
		fprintf(stderr, "bench_scorecard: libgoc and the hand-written SQL differ\n");
		exit(1);
	}
}

static sqlite3 *open_sql(const char *path, sqlite3_stmt **st)
{
	sqlite3 *s;
	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s, hand_sql, -1, st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_scorecard: %s: %s\n", path, sqlite3_errmsg(s));
		exit(1);
	}
	return s;
}

/* Child of the RSS measurement: one whole run, nothing else. */
static int once(const char *what, const char *path)
{
	if (!strcmp(what, "goc")) {
		goc_db *db;
		if (goc_db_open(&db, path) != GOC_OK)
			die(path);
		run_goc(db, NULL);
		goc_db_close(db);
	} else {
		sqlite3_stmt *st;
		sqlite3 *s = open_sql(path, &st);
		run_sql(s, st, NULL);
		sqlite3_finalize(st);
		sqlite3_close(s);
	}
	return 0;
}

/* Peak RSS in MiB of a fresh process running `what` once. */
static double peak_rss(const char *self, const char *what, const char *path)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		execl(self, self, "--once", what, path, (char *)NULL);
		perror(self);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_scorecard: the %s child failed\n", what);
		exit(1);
	}
	return (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median, minimum and maximum of v[0..n-1] (sorted in place). */
static void stats(double *v, int n, double out[3])
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	out[0] = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	out[1] = v[0];
	out[2] = v[n - 1];
}

/* One result: libgoc's runs lib[] against the baseline's base[], R each. */
static void emit(const char *name, long n, double *lib, double *base, int runs, const char *unit,
                 double target, const char *target_on)
{
	double l[3], b[3];
	stats(lib, runs, l);
	stats(base, runs, b);
	double ratio = b[0] > 0 ? l[0] / b[0] : NAN;
	bool met = !strcmp(target_on, "ratio") ? ratio <= target : l[0] < target;
	printf("{\"name\": \"%s\", \"n\": %ld, \"runs\": %d, \"value\": %.6f, \"value_min\": %.6f,"
	       " \"value_max\": %.6f, \"unit\": \"%s\", \"baseline\": %.6f, \"baseline_min\": %.6f,"
	       " \"baseline_max\": %.6f, \"ratio\": %.3f, \"target\": %g, \"target_on\": \"%s\","
	       " \"met\": %s}\n",
	       name, n, runs, l[0], l[1], l[2], unit, b[0], b[1], b[2], ratio, target, target_on,
	       met ? "true" : "false");
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--once"))
		return once(argv[2], argv[3]);
	if (argc == 2 && !strcmp(argv[1], "--sql")) {
		/* the hand-written SQL with the dates in, for the sqlite3 shell */
		for (const char *c = hand_sql; *c; c++) {
			if (c[0] == '?' && (c[1] == '1' || c[1] == '2')) {
				printf("'%s'", c[1] == '1' || strcmp(AS_OF, "2025-12-31") < 0 ? AS_OF : "2025-12-31");
				c++;
			} else {
				putchar(*c);
			}
		}
		printf(";\n");
		return 0;
	}
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: bench_scorecard FILE N [R] | bench_scorecard --once goc|sql FILE\n");
		return 2;
	}
	const char *path = argv[1];
	long n = atol(argv[2]);
	int repeat = argc == 4 ? atoi(argv[3]) : 3;
	goc_db *db;
	if (goc_db_open(&db, path) != GOC_OK)
		die(path);
	sqlite3_stmt *st;
	sqlite3 *s = open_sql(path, &st);

	/* warm both (the same file, the same OS cache), and check the numbers */
	static struct rows sql_rows, card_rows;
	run_sql(s, st, &sql_rows);
	run_goc(db, &card_rows);
	check_equal(db, &sql_rows, &card_rows);

	if (repeat < 1 || repeat > 1000) {
		fprintf(stderr, "bench_scorecard: R must be 1..1000\n");
		return 2;
	}
	double *t_goc = calloc((size_t)repeat, sizeof(double)), *t_sql = calloc((size_t)repeat, sizeof(double));
	double *c_goc = calloc((size_t)repeat, sizeof(double)), *c_sql = calloc((size_t)repeat, sizeof(double));
	if (!t_goc || !t_sql || !c_goc || !c_sql) {
		fprintf(stderr, "bench_scorecard: out of memory\n");
		return 1;
	}
	for (int i = 0; i < repeat; i++) {
		double t0 = now(), c0 = cpu();
		run_sql(s, st, NULL);
		double t1 = now(), c1 = cpu();
		run_goc(db, NULL);
		double t2 = now(), c2 = cpu();
		t_sql[i] = t1 - t0;
		t_goc[i] = t2 - t1;
		c_sql[i] = c1 - c0;
		c_goc[i] = c2 - c1;
	}
	sqlite3_finalize(st);
	sqlite3_close(s);
	goc_db_close(db);
	emit("scorecard", n, t_goc, t_sql, repeat, "s", 1.5, "ratio");
	emit("scorecard-time", n, t_goc, t_sql, repeat, "s", 0.5, "value");
	emit("scorecard-cpu", n, c_goc, c_sql, repeat, "s", 0.5, "value");
	/* the executable path for the re-executed children */
	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len <= 0) {
		perror("readlink");
		return 1;
	}
	self[len] = '\0';
	for (int i = 0; i < repeat; i++) {
		t_sql[i] = peak_rss(self, "sql", path);
		t_goc[i] = peak_rss(self, "goc", path);
	}
	emit("scorecard-rss", n, t_goc, t_sql, repeat, "MiB", 64, "value");
	free(t_goc);
	free(t_sql);
	free(c_goc);
	free(c_sql);
	return 0;
}
