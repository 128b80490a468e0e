/*
 * Fuzz target: the table imports' rows from .xlsx workbooks and CSV
 * (lib/xlsx.c, goc__grid_read()) through goc_report_import_table() and
 * goc_org_import_table(), on an in-memory database with the Pudong plan,
 * each input in a transaction that is rolled back.
 *
 * Input: one byte of options, then the file's bytes (a workbook begins
 * "PK\3\4").  The options byte: bit 0 the import (0 reports, 1
 * organizations), bit 1 a sheet named "Sheet1" (else the first), bits 2-3
 * the encoding for CSV (detected, utf-8, gb18030, latin1).
 */
#include "fuzz.h"

static goc_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[4] = { NULL, "utf-8", "gb18030", "latin1" };
	if (size < 1)
		return 0;
	if (!db) {
		FUZZ_ASSERT(goc_db_open(&db, ":memory:") == GOC_OK, "goc_db_open(:memory:)");
		FUZZ_ASSERT(goc_plan_load(db, "pudong-goc-2024") == GOC_OK, "goc_plan_load");
	}
	const char *sheet = data[0] & 2 ? "Sheet1" : NULL;
	const char *enc = encodings[(data[0] >> 2) & 3];
	FUZZ_ASSERT(goc_db_begin(db) == GOC_OK, "goc_db_begin");
	goc_error_clear();
	int rc;
	if (data[0] & 1) {
		goc_org_import_options o = GOC_ORG_IMPORT_OPTIONS_INIT;
		o.sheet = sheet;
		o.encoding = enc;
		rc = goc_org_import_table(NULL, db, (const char *)data + 1, size - 1, &o);
	} else {
		goc_report_import_options o = GOC_REPORT_IMPORT_OPTIONS_INIT;
		o.sheet = sheet;
		o.encoding = enc;
		o.unit = "ftz-bureau";
		o.period = "2025-Q2";
		rc = goc_report_import_table(NULL, db, (const char *)data + 1, size - 1, &o);
	}
	fuzz_check_error(rc);
	FUZZ_ASSERT(goc_db_rollback(db) == GOC_OK, "goc_db_rollback");
	return 0;
}
