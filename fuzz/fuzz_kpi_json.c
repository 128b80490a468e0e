/*
 * Fuzz target: KPI definitions in JSON — the "libgoc-kpis" format of
 * lib/data/kpis-pudong-goc-2024.json, read by the library's internal
 * loader (goc__kpis_load_json(), which also loads the built-in KPIs) into
 * a copy of the Pudong plan on an in-memory database.  Definitions that
 * load are then evaluated and scored.  Each input runs
 * in a transaction that is rolled back.  Links the static library.
 */
#include "internal.h"

#include "fuzz.h"

extern const unsigned char goc__data_plan_pudong_goc_2024[];
extern const size_t goc__data_plan_pudong_goc_2024_size;

static goc_db *db;

static int count_kpis(void)
{
	goc_cursor *cur = NULL;
	return fuzz_count(goc_kpi_list(&cur, db, "fz"), &cur);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) {
		FUZZ_ASSERT(goc_db_open(&db, ":memory:") == GOC_OK, "goc_db_open(:memory:)");
		FUZZ_ASSERT(goc_reference_load(db, "pudong") == GOC_OK, "goc_reference_load");
		goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
		o.plan = "fz";
		FUZZ_ASSERT(goc_plan_import_json(db, (const char *)goc__data_plan_pudong_goc_2024,
		                                 goc__data_plan_pudong_goc_2024_size, &o) == GOC_OK,
		            "importing the built-in plan as fz");
	}
	FUZZ_ASSERT(goc_db_begin(db) == GOC_OK, "goc_db_begin");
	struct goc__write w;
	goc_error_clear();
	static const struct goc__kind kpi_load = { .name = "kpi" }; /* no object: no row */
	int rc = goc__write_begin(db, &w, "kpi.fuzz", &kpi_load);
	FUZZ_ASSERT(rc == GOC_OK, "goc__write_begin");
	rc = goc__kpis_load_json(db, "fz", (const char *)data, size);
	rc = goc__write_end(db, &w, rc);
	fuzz_check_error(rc);
	if (rc != GOC_OK) {
		FUZZ_ASSERT(count_kpis() == 0, "a refused KPI file wrote KPIs");
	} else {
		goc_cursor *cur = NULL;
		fuzz_drain(goc_kpi_evaluate(&cur, db, "fz", NULL, "2023-12-31"), &cur);
		/* one grouping per input (all four are slow), chosen by its length */
		fuzz_drain(goc_scorecard(&cur, db, "fz", "2025-06-30", GOC_BY_PLAN + (int)(size % 4)), &cur);
	}
	FUZZ_ASSERT(goc_db_rollback(db) == GOC_OK, "goc_db_rollback");
	return 0;
}
