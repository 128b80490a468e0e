/*
 * Fuzz target: task decomposition tables — goc_plan_import_table() in
 * every encoding and delimiter it takes, on an in-memory database with the
 * Pudong reference units and an empty plan, each input in a transaction
 * that is rolled back.
 *
 * Input: one byte of options, then the table's bytes.  The options byte:
 * bits 0-2 the encoding (detected, utf-8, gb18030, gbk, GB18030, utf8,
 * latin1, ""), bits 3-4 the delimiter (detected, ',', tab, ';'), bit 5
 * GOC_IMPORT_CREATE_UNITS, bit 6 GOC_IMPORT_REPLACE.
 */
#include "fuzz.h"

static goc_db *db;

static int count_tasks(void)
{
	goc_cursor *cur = NULL;
	return fuzz_count(goc_task_list(&cur, db, "fz", NULL), &cur);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[8] = {
		NULL, "utf-8", "gb18030", "gbk", "GB18030", "utf8", "latin1", ""
	};
	static const char delimiters[4] = { 0, ',', '\t', ';' };
	if (size < 1)
		return 0;
	if (!db) {
		FUZZ_ASSERT(goc_db_open(&db, ":memory:") == GOC_OK, "goc_db_open(:memory:)");
		FUZZ_ASSERT(goc_reference_load(db, "pudong") == GOC_OK, "goc_reference_load");
		goc_plan_fields pf = GOC_PLAN_FIELDS_INIT;
		pf.code = "fz";
		pf.title_zh = "模糊测试";
		FUZZ_ASSERT(goc_plan_create(db, &pf) == GOC_OK, "goc_plan_create");
	}
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "fz";
	o.encoding = encodings[data[0] & 7];
	o.delimiter = delimiters[(data[0] >> 3) & 3];
	o.flags = (data[0] & 0x20 ? GOC_IMPORT_CREATE_UNITS : 0) |
	          (data[0] & 0x40 ? GOC_IMPORT_REPLACE : 0);
	FUZZ_ASSERT(goc_db_begin(db) == GOC_OK, "goc_db_begin");
	goc_error_clear();
	int rc = goc_plan_import_table(db, (const char *)data + 1, size - 1, &o);
	fuzz_check_error(rc);
	if (rc != GOC_OK) {
		FUZZ_ASSERT(count_tasks() == 0, "a refused import wrote tasks");
	} else {
		goc_cursor *cur = NULL;
		fuzz_drain(goc_plan_matrix(&cur, db, "fz"), &cur);
		char *json = NULL;
		FUZZ_ASSERT(goc_plan_export_json(&json, db, "fz") == GOC_OK,
		            "an imported table does not export");
		goc_free(json);
	}
	FUZZ_ASSERT(goc_db_rollback(db) == GOC_OK, "goc_db_rollback");
	return 0;
}
