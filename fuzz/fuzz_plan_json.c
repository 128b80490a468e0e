/*
 * Fuzz target: plan import from JSON — goc_plan_import_json() on an
 * in-memory database holding the Pudong reference units, each input in a
 * transaction that is rolled back.  An accepted document must export, and
 * the export must import again (replacing) and export to the same bytes
 * (docs/plan-format.md promises a byte-identical round trip).  A refused
 * one must leave the database as it was.
 */
#include "fuzz.h"

static goc_db *db;

static int count_plans(void)
{
	goc_cursor *cur = NULL;
	return fuzz_count(goc_plan_list(&cur, db), &cur);
}

/* The code of the one plan in the database (caller frees). */
static char *only_plan(void)
{
	goc_cursor *cur;
	char *code = NULL;
	FUZZ_ASSERT(goc_plan_list(&cur, db) == GOC_OK, "goc_plan_list");
	if (goc_cursor_next(cur) == GOC_ROW) {
		const char *c = goc_plan_code(goc_cursor_plan(cur));
		code = fuzz_cstr((const uint8_t *)c, strlen(c));
	}
	goc_cursor_free(cur);
	return code;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) {
		FUZZ_ASSERT(goc_db_open(&db, ":memory:") == GOC_OK, "goc_db_open(:memory:)");
		FUZZ_ASSERT(goc_reference_load(db, "pudong") == GOC_OK, "goc_reference_load");
	}
	FUZZ_ASSERT(goc_db_begin(db) == GOC_OK, "goc_db_begin");
	goc_error_clear();
	int rc = goc_plan_import_json(db, (const char *)data, size, NULL);
	fuzz_check_error(rc);
	if (rc != GOC_OK) {
		FUZZ_ASSERT(count_plans() == 0, "a refused import wrote a plan");
	} else {
		char *code = only_plan();
		FUZZ_ASSERT(code != NULL, "an accepted import wrote no plan");
		char *first = NULL, *second = NULL;
		rc = goc_plan_export_json(&first, db, code);
		FUZZ_ASSERT(rc == GOC_OK, "an imported plan does not export");
		goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
		o.flags = GOC_IMPORT_REPLACE;
		rc = goc_plan_import_json(db, first, strlen(first), &o);
		FUZZ_ASSERT(rc == GOC_OK, "an exported plan does not import again");
		rc = goc_plan_export_json(&second, db, code);
		FUZZ_ASSERT(rc == GOC_OK, "a re-imported plan does not export");
		FUZZ_ASSERT(strcmp(first, second) == 0, "export, import, export changed the bytes");
		/* the queries over the tree */
		goc_cursor *cur = NULL;
		fuzz_drain(goc_task_list(&cur, db, code, NULL), &cur);
		fuzz_drain(goc_plan_matrix(&cur, db, code), &cur);
		fuzz_drain(goc_report_missing(&cur, db, code, "2024-Q3"), &cur);
		goc_free(first);
		goc_free(second);
		free(code);
	}
	FUZZ_ASSERT(goc_db_rollback(db) == GOC_OK, "goc_db_rollback");
	return 0;
}
