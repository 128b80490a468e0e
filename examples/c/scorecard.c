/*
 * scorecard — the main job: the scorecard of the built-in Pudong GOC 2024
 * plan on deterministic, FICTIONAL demonstration data.
 *
 * Creates (or fills) a database with goc_demo_load(), evaluates every KPI
 * of the plan as of a date and prints the scorecard by KPI, by zone and by
 * unit, with Chinese text aligned by display width.
 *
 * usage: scorecard [DATABASE [AS-OF]]   (defaults ":memory:", 2025-06-30)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

/* Display width of UTF-8 text: East Asian wide characters take two columns. */
static int width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE0 ? 2 : 1; /* CJK and full-width forms are 3-byte UTF-8 */
	}
	return w;
}

static void cell(const char *s, int w)
{
	s = s ? s : "";
	printf("%s%*s", s, w - width(s) > 0 ? w - width(s) : 0, "");
}

static const char *mark(int status)
{
	switch (status) {
	case GOC_STATUS_MET: return "✔ met";
	case GOC_STATUS_EXCEEDED: return "✔ exceeded";
	case GOC_STATUS_ON_TRACK: return "• on_track";
	case GOC_STATUS_AT_RISK: return "▲ at_risk";
	case GOC_STATUS_BEHIND: return "✖ behind";
	case GOC_STATUS_MISSED: return "✖ missed";
	case GOC_STATUS_NOT_STARTED: return "  not_started";
	default: return "  -";
	}
}

static int fail(goc_cursor *cur, goc_db *db)
{
	fprintf(stderr, "scorecard: %s\n", goc_error_message());
	goc_cursor_free(cur);
	goc_db_close(db);
	return EXIT_FAILURE;
}

static int section(goc_db *db, const char *as_of, int by, const char *title)
{
	goc_cursor *cur = NULL;
	int rc = goc_scorecard(&cur, db, "pudong-goc-2024", as_of, by);
	if (rc != GOC_OK)
		return rc;
	printf("\n%s\n", title);
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_score *s = goc_cursor_score(cur);
		const char *key = goc_score_key(s);
		printf("  ");
		cell(key ? key : "TOTAL", 20);
		cell(key ? goc_score_name_zh(s) : "全部 (weighted)", 30);
		cell(mark(goc_score_status(s)), 15);
		if (goc_score_value(s) >= 0)
			printf("%5.0f%%", 100 * goc_score_value(s));
		else
			printf("%6s", "-");
		if (by == GOC_BY_PLAN && key)
			printf("  %6.1f / %-6.1f", goc_score_actual(s), goc_score_target(s));
		if (by == GOC_BY_UNIT && key)
			printf("  tasks %2d  lead %d  overdue %d  unreported %d", goc_score_tasks(s),
			       goc_score_leads(s), goc_score_overdue(s), goc_score_missing_reports(s));
		if (by != GOC_BY_PLAN)
			printf("  rows %d", goc_score_count(s, 0));
		printf("\n");
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : ":memory:";
	const char *as_of = argc > 2 ? argv[2] : "2025-06-30";
	goc_db *db = NULL;
	goc_cursor *cur = NULL;

	if (goc_db_open(&db, path) != GOC_OK || goc_demo_load(db, 0) != GOC_OK)
		return fail(NULL, db);
	printf("浦东新区推动国际经济组织集聚计划（GOC）高质量发展行动方案 — scorecard as of %s\n", as_of);
	printf("(demonstration data: the organizations, partners, experts and events are fictional)\n");

	/* every KPI row */
	if (goc_kpi_evaluate(&cur, db, "pudong-goc-2024", NULL, as_of) != GOC_OK)
		return fail(NULL, db);
	printf("\nKPI rows\n");
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_kpi_row *r = goc_cursor_kpi_row(cur);
		char member[64];
		snprintf(member, sizeof member, "%s%s%.0d", goc_kpi_row_member(r) ? goc_kpi_row_member(r) : "district",
		         goc_kpi_row_year(r) ? " " : "", goc_kpi_row_year(r));
		printf("  ");
		cell(goc_kpi_row_kpi(r), 18);
		cell(member, 22);
		printf("actual %6.1f  expected %6.1f  target %4.0f", goc_kpi_row_actual(r),
		       goc_kpi_row_expected(r), goc_kpi_row_target_min(r));
		if (goc_kpi_row_target_max(r) != GOC_NO_MAX)
			printf("–%-3.0f ", goc_kpi_row_target_max(r));
		else
			printf("     ");
		printf(" %s\n", mark(goc_kpi_row_status(r)));
	}
	goc_cursor_free(cur);
	cur = NULL;
	if (rc != GOC_DONE)
		return fail(NULL, db);

	if (section(db, as_of, GOC_BY_PLAN, "By KPI") != GOC_OK ||
	    section(db, as_of, GOC_BY_SECTION, "By section") != GOC_OK ||
	    section(db, as_of, GOC_BY_ZONE, "By zone") != GOC_OK ||
	    section(db, as_of, GOC_BY_UNIT, "By unit") != GOC_OK)
		return fail(NULL, db);
	goc_db_close(db);
	return EXIT_SUCCESS;
}
