/*
 * The spreadsheet reader (lib/xlsx.c, goc__xlsx_read()), any table as rows
 * (goc__grid_read()), and progress reports from a table
 * (goc_report_import_table()).  Links the static library and includes
 * lib/grid.h.  The .xlsx fixtures are in tests/data/xlsx, written by its
 * make-fixtures.py with Python's zipfile and hand-written XML (not
 * openpyxl: inline strings, rich text with phonetic guides, error cells,
 * the 1904 date system and a part that lies about its size need parts
 * openpyxl does not write).
 */
#include <check.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <sqlite3.h>

#include "grid.h"
#include "checkutil.h"
#include "testutil.h"

#ifndef GOC_XLSX_DIR
#define GOC_XLSX_DIR "tests/data/xlsx"
#endif

static goc_db *db;

static char *slurp(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", GOC_XLSX_DIR, name);
	return must_slurp(path, len);
}

static int read_file(const char *name, const char *sheet, struct goc__grid *g)
{
	size_t len;
	char *data = slurp(name, &len);
	int rc = goc__xlsx_read(NULL, data, len, sheet, g);
	free(data);
	return rc;
}

static const struct goc__grid_row *row(const struct goc__grid *g, long line)
{
	for (size_t i = 0; i < g->n_rows; i++)
		if (g->rows[i].line == line)
			return &g->rows[i];
	return NULL;
}

static const char *cell(const struct goc__grid *g, long line, size_t col)
{
	const struct goc__grid_row *r = row(g, line);
	ck_assert_msg(r != NULL, "no row %ld", line);
	return col <= r->n ? r->cell[col - 1] : NULL;
}

/* The call fails with code and a message containing want. */
static void expect_fail(const char *name, const char *sheet, int code, const char *want)
{
	struct goc__grid g;
	int rc = read_file(name, sheet, &g);
	ck_assert_msg(rc == code, "%s: %d (%s), expected %d", name, rc, goc_error_message(), code);
	ck_assert_msg(strstr(goc_error_message(), want) != NULL, "%s: message \"%s\" lacks \"%s\"",
	              name, goc_error_message(), want);
	ck_assert_uint_eq(g.n_rows, 0);
	goc__grid_free(&g);
}

START_TEST(test_cells)
{
	struct goc__grid g;
	ck_assert_int_eq(read_file("cells.xlsx", NULL, &g), GOC_OK);
	ck_assert_str_eq(g.sheet, "Sheet1");
	ck_assert_uint_eq(g.n_rows, 5); /* rows 1, 2, 4, 5 (merged), 6; row 3 is empty */
	ck_assert_str_eq(cell(&g, 1, 1), "名称");           /* shared string */
	ck_assert_str_eq(cell(&g, 1, 2), "inline text");    /* inline string */
	ck_assert_str_eq(cell(&g, 1, 3), "推进中 ");        /* rich text runs, no phonetic guide */
	ck_assert_str_eq(cell(&g, 2, 1), "42");
	ck_assert_str_eq(cell(&g, 2, 2), "5.98632010943912"); /* 15 significant digits */
	ck_assert_str_eq(cell(&g, 2, 3), "TRUE");
	ck_assert_str_eq(cell(&g, 2, 4), "2025-06-30");     /* built-in date format 14 */
	ck_assert_str_eq(cell(&g, 2, 5), "2025-06-30");     /* custom yyyy"年"m"月"d"日", time dropped */
	ck_assert_str_eq(cell(&g, 2, 6), "0.5");            /* a percentage is a number */
	ck_assert_str_eq(cell(&g, 2, 7), "FALSE");
	ck_assert_str_eq(cell(&g, 2, 8), "84");             /* a formula's cached value */
	ck_assert_str_eq(cell(&g, 2, 9), "0.5");            /* [h]:mm:ss is a time, not a date */
	/* A4:B5 merged: the top-left value fills the range; C4 is styled but empty */
	ck_assert_uint_eq(row(&g, 4)->n, 2);
	ck_assert_str_eq(cell(&g, 4, 1), "合并");
	ck_assert_str_eq(cell(&g, 4, 2), "合并");
	ck_assert_str_eq(cell(&g, 5, 1), "合并");
	ck_assert_str_eq(cell(&g, 5, 2), "合并");
	ck_assert_ptr_null(row(&g, 3));
	/* the 1900 system: 59 is 1900-02-28, 61 is 1900-03-01 (60 is the phantom 29th) */
	ck_assert_str_eq(cell(&g, 6, 1), "1900-02-28");
	ck_assert_str_eq(cell(&g, 6, 2), "1900-03-01");
	ck_assert_str_eq(cell(&g, 6, 3), "1900-01-01");
	char w[160];
	ck_assert_str_eq(goc__grid_where(&g, 7, 3, w, sizeof w), "Sheet1!C7");
	ck_assert_str_eq(goc__grid_where(&g, 1, 28, w, sizeof w), "Sheet1!AB1");
	ck_assert_str_eq(goc__grid_where(&g, 1, 16384, w, sizeof w), "Sheet1!XFD1");
	ck_assert_str_eq(goc__grid_where(&g, 1, (size_t)-1, w, sizeof w), "Sheet1!WRXTLPO1"); /* the last 7 letters at most */
	ck_assert_str_eq(goc__grid_where(NULL, 3, 2, w, sizeof w), "line 3, column 2");
	goc__grid_free(&g);
	goc__grid_free(&g); /* twice: a no-op */
	goc__grid_free(NULL);
}
END_TEST

START_TEST(test_second_sheet)
{
	struct goc__grid g;
	ck_assert_int_eq(read_file("cells.xlsx", "第二页", &g), GOC_OK);
	ck_assert_str_eq(g.sheet, "第二页");
	ck_assert_uint_eq(g.n_rows, 2);
	ck_assert_str_eq(cell(&g, 1, 1), "second");
	ck_assert_uint_eq(row(&g, 3)->n, 3);
	ck_assert_str_eq(cell(&g, 3, 1), "");
	ck_assert_str_eq(cell(&g, 3, 3), "三");
	goc__grid_free(&g);
	expect_fail("cells.xlsx", "Sheet9", GOC_ENOTFOUND,
	            "no sheet named \"Sheet9\" (the workbook has: Sheet1, 第二页)");
}
END_TEST

START_TEST(test_date1904)
{
	struct goc__grid g;
	ck_assert_int_eq(read_file("date1904.xlsx", NULL, &g), GOC_OK);
	ck_assert_str_eq(cell(&g, 1, 1), "1904-01-01");
	ck_assert_str_eq(cell(&g, 1, 2), "1905-01-01");
	goc__grid_free(&g);
}
END_TEST

/* Texts longer than the ones before them in the same buffer: a shared
 * string, an inline string, a formula's string of 100 bytes after 1. */
START_TEST(test_long_text)
{
	struct goc__grid g;
	ck_assert_int_eq(read_file("long-text.xlsx", NULL, &g), GOC_OK);
	char *b = tu_repeat("b", 100), *y = tu_repeat("y", 100), *w = tu_repeat("w", 100);
	ck_assert_str_eq(cell(&g, 1, 1), "a");
	ck_assert_str_eq(cell(&g, 1, 2), b);
	ck_assert_str_eq(cell(&g, 2, 1), "x");
	ck_assert_str_eq(cell(&g, 2, 2), y);
	ck_assert_str_eq(cell(&g, 2, 3), "z");
	ck_assert_str_eq(cell(&g, 2, 4), w);
	free(b);
	free(y);
	free(w);
	goc__grid_free(&g);
}
END_TEST

static const struct {
	const char *file;
	int code;
	const char *want;
} bad[] = {
	{ "bad-serial60.xlsx", GOC_EINVAL, "Sheet1!A1: date serial 60 is 1900-02-29, which does not exist" },
	{ "bad-error-cell.xlsx", GOC_EINVAL, "Data!C7: the cell holds the error #N/A" },
	{ "bad-sst-index.xlsx", GOC_EINVAL, "Sheet1!B2: shared string 5 does not exist" },
	{ "bad-xml.xlsx", GOC_EINVAL, "xlsx: xl/worksheets/sheet1.xml: not well-formed XML" },
	{ "not-a-workbook.xlsx", GOC_EINVAL, "xlsx: the file has no xl/workbook.xml" },
	{ "bad-truncated.xlsx", GOC_EINVAL, "xlsx: not a readable zip archive" },
	{ "bad-bomb.xlsx", GOC_EINVAL, "xlsx: xl/worksheets/sheet1.xml: 135266304 bytes uncompressed, more than the 134217728 bytes (128 MiB) a part may have" },
	{ "bad-size-lies.xlsx", GOC_EINVAL, "xlsx: xl/worksheets/sheet1.xml: more data than the zip directory declares (100 bytes)" },
	{ "bad-merge-huge.xlsx", GOC_EINVAL, "Sheet1!A1: more than 1000000 cells in the sheet" },
	{ "bad-long-cell.xlsx", GOC_EINVAL, "Sheet1!B3: a cell of more than the 65536 bytes (64 KiB)" },
	{ "bad-cells-many.xlsx", GOC_EINVAL, "Sheet1!KUS63: more than 1000000 cells in the sheet" },
	{ "bad-sst-repeat.xlsx", GOC_EINVAL, "Sheet1!A2237: more than 134217728 bytes (128 MiB) of text in the sheet's cells" },
	{ "bad-encrypted.xlsx", GOC_EINVAL, "xlsx: xl/worksheets/sheet1.xml: cannot be read: No password provided" },
	{ "bad-deflate.xlsx", GOC_EINVAL, "xlsx: xl/worksheets/sheet1.xml: corrupt data: " },
	{ "bad-size-short.xlsx", GOC_EINVAL, "xlsx: xl/worksheets/sheet1.xml: corrupt data (212 of 4212 bytes)" },
	{ "bad-wb-xml.xlsx", GOC_EINVAL, "xlsx: xl/workbook.xml: not well-formed XML (line 1): " },
	{ "bad-wb-nosheet.xlsx", GOC_EINVAL, "xlsx: the workbook has no sheet" },
	{ "bad-wb-norid.xlsx", GOC_EINVAL, "xlsx: xl/workbook.xml: a sheet without a name or id" },
	{ "bad-wb-noname.xlsx", GOC_EINVAL, "xlsx: xl/workbook.xml: a sheet without a name or id" },
	{ "bad-rels-xml.xlsx", GOC_EINVAL, "xlsx: xl/_rels/workbook.xml.rels: not well-formed XML (line 1): " },
	{ "bad-rels-none.xlsx", GOC_EINVAL, "xlsx: the file has no xl/_rels/workbook.xml.rels: not a workbook" },
	{ "bad-rels-notarget.xlsx", GOC_EINVAL, "xlsx: sheet \"Sheet1\" has no part (xl/_rels/workbook.xml.rels)" },
	{ "bad-sst-xml.xlsx", GOC_EINVAL, "xlsx: xl/sharedStrings.xml: not well-formed XML (line 1): " },
	{ "bad-sst-long.xlsx", GOC_EINVAL, "xlsx: shared string 0: more than the 65536 bytes (64 KiB) a cell may have" },
	{ "bad-sst-many.xlsx", GOC_EINVAL, "xlsx: more than 1000000 shared strings" },
	{ "bad-styles-xml.xlsx", GOC_EINVAL, "xlsx: xl/styles.xml: not well-formed XML (line 1): " },
	{ "bad-styles-many.xlsx", GOC_EINVAL, "xlsx: xl/styles.xml: more than 65536 cell styles" },
};

/* bad-sheets.xlsx: one sheet per error of a sheet's own XML */
static const struct {
	const char *sheet, *want;
} bad_sheet[] = {
	{ "row-r", "xlsx: xl/worksheets/sheet1.xml: bad row number \"x\" after row 0" },
	{ "row-back", "xlsx: xl/worksheets/sheet2.xml: bad row number \"2\" after row 3" },
	{ "row-max", "xlsx: xl/worksheets/sheet3.xml: more than 1048576 rows" },
	{ "row-past", "xlsx: xl/worksheets/sheet4.xml: more than 1048576 rows" },
	{ "c-outside", "xlsx: xl/worksheets/sheet5.xml: a cell outside any row" },
	{ "c-ref", "c-ref!A2: bad cell reference \"A0\"" },
	{ "c-otherrow", "c-otherrow!A2: bad cell reference \"A3\"" },
	{ "c-back", "c-back!D2: bad cell reference \"B2\"" },
	{ "c-wide", "c-wide!A2: bad cell reference \"XFE2\"" },
	{ "c-many", "xlsx: xl/worksheets/sheet10.xml: row 2 has more than 16384 columns" },
	{ "c-lower", "c-lower!A2: bad cell reference \"a2\"" },
	{ "c-tall", "c-tall!A2: bad cell reference \"A99999999\"" },
	{ "c-norow", "c-norow!A2: bad cell reference \"A\"" },
	{ "c-tail", "c-tail!A2: bad cell reference \"A2x\"" },
	{ "nan", "nan!B2: not a number: \"abc\"" },
	{ "inf", "inf!B2: not a number: \"1e999\"" },
	{ "serial-neg", "serial-neg!B2: -1 is not a date serial number (the cell is formatted as a date)" },
	{ "serial-big", "serial-big!B2: 2.95847e+06 is not a date serial number" },
	{ "serial-0", "serial-0!B2: date serial 0 is 1900-01-00, which does not exist" },
	{ "sst-x", "sst-x!B2: shared string x does not exist (the workbook has 1)" },
	{ "sst-neg", "sst-neg!B2: shared string -1 does not exist" },
	{ "v-long", "v-long!B2: a cell of more than the 65536 bytes (64 KiB) a cell may have" },
	{ "merge-noref", "xlsx: xl/worksheets/sheet23.xml: bad merged range \"\"" },
	{ "merge-nocolon", "xlsx: xl/worksheets/sheet24.xml: bad merged range \"A1\"" },
	{ "merge-back", "xlsx: xl/worksheets/sheet25.xml: bad merged range \"B2:A1\"" },
	{ "merge-cols", "xlsx: xl/worksheets/sheet26.xml: bad merged range \"B1:A2\"" },
	{ "merge-bad2", "xlsx: xl/worksheets/sheet27.xml: bad merged range \"A1:B\"" },
	{ "c-letters", "c-letters!A2: bad cell reference \"ZZZZZ2\"" },
	{ "c-row-max", "c-row-max!A2: bad cell reference \"A1048577\"" },
	{ "row-zero", "xlsx: xl/worksheets/sheet30.xml: bad row number \"0\" after row 0" },
	{ "row-tail", "xlsx: xl/worksheets/sheet31.xml: bad row number \"1x\" after row 0" },
	{ "sst-tail", "sst-tail!B2: shared string 0x does not exist (the workbook has 1)" },
	{ "num-tail", "num-tail!B2: not a number: \"1x\"" },
	{ "merge-bad1", "xlsx: xl/worksheets/sheet34.xml: bad merged range \"A0:B1\"" },
	{ "merge-fill", "merge-fill!A2237: more than 134217728 bytes (128 MiB) of text in the sheet's cells" },
};

START_TEST(test_bad_sheet)
{
	expect_fail("bad-sheets.xlsx", bad_sheet[_i].sheet, GOC_EINVAL, bad_sheet[_i].want);
}
END_TEST

/* odd.xlsx: nine sheets of long names, a relationship without an Id, an
 * absolute target, every side of the built-in date formats' ranges, custom
 * codes that are and are not dates, shared strings empty, in CDATA or
 * beside loose text, cells without references, ISO dates, empty and
 * inline-without-text cells, styles out of range, more than 256 cells, and
 * merged ranges: over a cell of its own, with an empty top-left, of one
 * cell. */
#define ODD_SHEET(i) "长长长长长长长长长长长长长长长长长长长长sheet-" #i "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

START_TEST(test_odd)
{
	struct goc__grid g;
	ck_assert_int_eq(read_file("odd.xlsx", ODD_SHEET(8), &g), GOC_OK);
	ck_assert_str_eq(g.sheet, ODD_SHEET(8));
	ck_assert_uint_eq(g.n_rows, 6);
	/* row 1: 45838.5 in each of 46 styles; D = a date */
	static const char kind[] = "NNDDNNDDNNDDNNDDNNNNNDDDDNNNDNNNNNNNNNNNNNNNNN";
	ck_assert_uint_eq(row(&g, 1)->n, strlen(kind));
	for (size_t c = 0; c < strlen(kind); c++)
		ck_assert_msg(strcmp(cell(&g, 1, c + 1), kind[c] == 'D' ? "2025-06-30" : "45838.5") == 0,
		              "column %zu: %s", c + 1, cell(&g, 1, c + 1));
	static const char *const r2[] = { "", "", "c<d>", "x", "  ", "2025-06-30", "2025-6", "", "", "",
		"ab", "-2.5", "1e+20", "0.1", "3", "4", "FALSE" };
	for (size_t c = 0; c < sizeof r2 / sizeof r2[0]; c++)
		ck_assert_str_eq(cell(&g, 2, c + 1), r2[c]);
	ck_assert_uint_eq(row(&g, 2)->n, 26);
	ck_assert_str_eq(cell(&g, 2, 18), "");   /* a formula without a cached value */
	ck_assert_str_eq(cell(&g, 2, 26), "26");
	ck_assert_uint_eq(row(&g, 3)->n, 300);
	ck_assert_str_eq(cell(&g, 3, 300), "299");
	ck_assert_ptr_null(row(&g, 4));
	/* A5:B6 over B5's own value; C5:C6 has an empty top-left; D5:D5 one cell */
	ck_assert_uint_eq(row(&g, 5)->n, 4);
	ck_assert_str_eq(cell(&g, 5, 1), "m");
	ck_assert_str_eq(cell(&g, 5, 2), "own");
	ck_assert_str_eq(cell(&g, 5, 3), "");
	ck_assert_str_eq(cell(&g, 5, 4), "n");
	ck_assert_uint_eq(row(&g, 6)->n, 2);
	ck_assert_str_eq(cell(&g, 6, 2), "m");
	/* t="n"; an inline cell without <is>; comments inside <v> and a shared <t> */
	ck_assert_uint_eq(row(&g, 7)->n, 4);
	ck_assert_str_eq(cell(&g, 7, 1), "5");
	ck_assert_str_eq(cell(&g, 7, 2), "");
	ck_assert_str_eq(cell(&g, 7, 3), "12");
	ck_assert_str_eq(cell(&g, 7, 4), "ab");
	goc__grid_free(&g);
	/* 70 rows */
	ck_assert_int_eq(read_file("odd.xlsx", ODD_SHEET(1), &g), GOC_OK);
	ck_assert_uint_eq(g.n_rows, 70);
	ck_assert_str_eq(cell(&g, 70, 1), "70");
	goc__grid_free(&g);
	/* the first sheet by default; an unknown name lists the names, cut at 400 bytes */
	ck_assert_int_eq(read_file("odd.xlsx", NULL, &g), GOC_OK);
	ck_assert_str_eq(g.sheet, ODD_SHEET(0));
	ck_assert_str_eq(cell(&g, 1, 1), "s0");
	goc__grid_free(&g);
	expect_fail("odd.xlsx", "nope", GOC_ENOTFOUND, "(the workbook has: " ODD_SHEET(0) ", " ODD_SHEET(1));
	ck_assert_ptr_null(strstr(goc_error_message(), "sheet-5"));
	/* date1904="true", and no styles part: the styled number stays a number */
	ck_assert_int_eq(read_file("date1904-true.xlsx", NULL, &g), GOC_OK);
	ck_assert_str_eq(cell(&g, 1, 1), "366");
	goc__grid_free(&g);
}
END_TEST

/* More than GOC_IMPORT_MAX_BYTES: refused before the zip is opened. */
START_TEST(test_too_big)
{
	size_t len = GOC_IMPORT_MAX_BYTES + 1;
	char *data = calloc(1, len);
	ck_assert_ptr_nonnull(data);
	struct goc__grid g;
	ck_assert_int_eq(goc__xlsx_read(NULL, data, len, NULL, &g), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "xlsx: 67108865 bytes, more than the 67108864 bytes "
	                 "(64 MiB) a file may have");
	ck_assert_uint_eq(g.n_rows, 0);
	free(data);
}
END_TEST

/* ---- allocation failures: libgoc allocates through SQLite, so
 * testutil's wrapper, installed in main(), fails the nth allocation ---- */

/* Each allocation of reading the workbook fails in turn: GOC_ENOMEM, "out
 * of memory", an empty grid; then a run where none fails reads it all. */
START_TEST(test_out_of_memory)
{
	static const char *const files[] = { "odd.xlsx", "cells.xlsx" };
	static const char *const sheets[] = { ODD_SHEET(8), NULL };
	size_t len;
	char *data = slurp(files[_i], &len);
	long failures = 0;
	for (long nth = 1;; nth++) {
		struct goc__grid g;
		tu_alloc_fail(nth);
		int rc = goc__xlsx_read(NULL, data, len, sheets[_i], &g);
		if (tu_alloc_passed()) {
			ck_assert_int_eq(rc, GOC_OK);
			ck_assert_uint_ge(g.n_rows, 3);
			goc__grid_free(&g);
			break;
		}
		ck_assert_msg(rc == GOC_ENOMEM, "allocation %ld: %d (%s)", nth, rc, goc_error_message());
		ck_assert_str_eq(goc_error_message(), "xlsx: out of memory");
		ck_assert_uint_eq(g.n_rows, 0);
		ck_assert_ptr_null(g.sheet);
		failures++;
	}
	ck_assert_int_ge(failures, 20);
	free(data);
}
END_TEST

/* ---- libxml2's allocations: its own allocator (xmlMemSetup()), not
 * SQLite's, so a wrapper of its functions fails the nth one while armed ---- */

static long xml_nth, xml_count;

static int xml_fail(void)
{
	return xml_nth > 0 && ++xml_count == xml_nth;
}

static void *xml_malloc(size_t n) { return xml_fail() ? NULL : malloc(n); }
static void *xml_realloc(void *p, size_t n) { return xml_fail() ? NULL : realloc(p, n); }
static void xml_free(void *p) { free(p); }
static char *xml_strdup(const char *s) { return xml_fail() ? NULL : strdup(s); }

/* The grid as one number: its sheet, lines and cells. */
static unsigned long grid_hash(const struct goc__grid *g)
{
	unsigned long h = 5381;
	for (const char *p = g->sheet ? g->sheet : ""; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (size_t i = 0; i < g->n_rows; i++) {
		h = h * 33 + (unsigned long)g->rows[i].line;
		for (size_t c = 0; c < g->rows[i].n; c++) {
			h = h * 33 + '|';
			for (const char *p = g->rows[i].cell[c]; *p; p++)
				h = h * 33 + (unsigned char)*p;
		}
	}
	return h;
}

static void xml_quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* Each allocation libxml2 makes while reading the workbook fails in turn
 * (the reader of each part: the workbook, its relationships, the shared
 * strings, the styles, the sheet; the nodes and attributes in them): an
 * error and an empty grid — GOC_ENOMEM, "xlsx: out of memory", where
 * libxml2 says it ran out, at least 20 times a file — or, where libxml2
 * does without the memory, the whole grid, never a part of it.  Then a run
 * where none fails reads it all. */
START_TEST(test_xml_out_of_memory)
{
	static const char *const files[] = { "odd.xlsx", "cells.xlsx" };
	static const char *const sheets[] = { ODD_SHEET(8), NULL };
	ck_assert_int_eq(xmlMemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup), 0);
	xmlSetGenericErrorFunc(NULL, xml_quiet); /* its own "out of memory" lines on stderr */
	size_t len;
	char *data = slurp(files[_i], &len);
	struct goc__grid g0;
	/* a first read initialises libxml2 (its parser, once a process) */
	ck_assert_int_eq(goc__xlsx_read(NULL, data, len, sheets[_i], &g0), GOC_OK);
	unsigned long whole = grid_hash(&g0);
	goc__grid_free(&g0);
	long failures = 0;
	for (xml_nth = 1;; xml_nth++) {
		struct goc__grid g;
		xml_count = 0;
		int rc = goc__xlsx_read(NULL, data, len, sheets[_i], &g);
		long made = xml_count;
		if (rc == GOC_OK) {
			ck_assert_msg(grid_hash(&g) == whole, "allocation %ld of %ld: another grid",
			              xml_nth, made);
			goc__grid_free(&g);
			if (xml_nth > made)
				break;
			continue;
		}
		ck_assert_msg(rc == GOC_ENOMEM, "allocation %ld of %ld: %d (%s)", xml_nth, made, rc,
		              goc_error_message());
		ck_assert_str_eq(goc_error_message(), "xlsx: out of memory");
		ck_assert_uint_eq(g.n_rows, 0);
		ck_assert_ptr_null(g.sheet);
		failures++;
	}
	xml_nth = 0;
	ck_assert_int_ge(failures, 20);
	free(data);
}
END_TEST

START_TEST(test_bad)
{
	expect_fail(bad[_i].file, NULL, bad[_i].code, bad[_i].want);
}
END_TEST

START_TEST(test_grid_csv)
{
	struct goc__grid g;
	/* GB18030 detected, CRLF, a quoted cell over two lines, blank rows left out */
	const char *utf8 = "任务代码,状态\r\n\r\ni1,\"推进\r\n中\"\r\ni2,done\r\n";
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char gb[256], *in = (char *)utf8, *out = gb;
	size_t inleft = strlen(utf8), outleft = sizeof gb;
	ck_assert(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	size_t gblen = sizeof gb - outleft;
	ck_assert_int_eq(goc__grid_read(NULL, gb, gblen, NULL, NULL, "a table", &g), GOC_OK);
	ck_assert_ptr_null(g.sheet);
	ck_assert_uint_eq(g.n_rows, 3);
	ck_assert_int_eq(g.rows[0].line, 1);
	ck_assert_str_eq(g.rows[0].cell[0], "任务代码");
	ck_assert_int_eq(g.rows[1].line, 3);
	ck_assert_str_eq(g.rows[1].cell[1], "推进\r\n中");
	ck_assert_int_eq(g.rows[2].line, 5);
	char w[160];
	ck_assert_str_eq(goc__grid_where(&g, 5, 2, w, sizeof w), "line 5, column 2");
	goc__grid_free(&g);
	/* UTF-8 declared GB18030 is refused, not turned into mojibake */
	ck_assert_int_eq(goc__grid_read(NULL, utf8, strlen(utf8), "gb18030", NULL, "a table", &g),
	                 GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "encoding: the input is UTF-8 text, not \"gb18030\": "
	                 "name no encoding (it is detected) or \"utf-8\"");
	/* a sheet named for CSV */
	ck_assert_int_eq(goc__grid_read(NULL, utf8, strlen(utf8), NULL, "Sheet1", "a table", &g),
	                 GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "sheet: the input is CSV text"));
	ck_assert_int_eq(goc__grid_read(NULL, "", 0, NULL, NULL, "a table", &g), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 1, column 1: empty input (a table expected)");
	/* TSV: a tab on the first line */
	ck_assert_int_eq(goc__grid_read(NULL, "a\tb,c\n", 6, NULL, NULL, "a table", &g), GOC_OK);
	ck_assert_uint_eq(g.rows[0].n, 2);
	ck_assert_str_eq(g.rows[0].cell[1], "b,c");
	goc__grid_free(&g);
	/* one line without a line end or a tab: CSV */
	ck_assert_int_eq(goc__grid_read(NULL, "a,b", 3, NULL, NULL, "a table", &g), GOC_OK);
	ck_assert_uint_eq(g.rows[0].n, 2);
	goc__grid_free(&g);
	/* a tab after a blank first line still means TSV */
	ck_assert_int_eq(goc__grid_read(NULL, "\na\tb\n", 5, NULL, NULL, "a table", &g), GOC_OK);
	ck_assert_uint_eq(g.n_rows, 1);
	ck_assert_int_eq(g.rows[0].line, 2);
	ck_assert_uint_eq(g.rows[0].n, 2);
	goc__grid_free(&g);
	/* limits: a cell of more than 64 KiB; more than 64 MiB */
	char *big = tu_repeat("x", 70000);
	char *wide = malloc(70010);
	ck_assert_ptr_nonnull(wide);
	int wn = snprintf(wide, 70010, "a,%s", big); /* no line end: the row's first cell is left over */
	ck_assert_int_eq(goc__grid_read(NULL, wide, (size_t)wn, NULL, NULL, "a table", &g), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 1, column 2: a cell of 70000 bytes, more than the "
	                 "65536 bytes (64 KiB) a cell may have");
	ck_assert_uint_eq(g.n_rows, 0);
	free(wide);
	free(big);
	size_t huge = GOC_IMPORT_MAX_BYTES + 1;
	char *hdata = calloc(1, huge);
	ck_assert_ptr_nonnull(hdata);
	ck_assert_int_eq(goc__grid_read(NULL, hdata, huge, NULL, NULL, "a table", &g), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "data: 67108865 bytes, more than the 67108864 bytes "
	                 "(64 MiB) an import may have");
	free(hdata);
	/* the xlsx path through goc__grid_read() */
	size_t len;
	char *data = slurp("cells.xlsx", &len);
	ck_assert_int_eq(goc__grid_read(NULL, data, len, "utf-8", "第二页", "a table", &g), GOC_OK);
	ck_assert_str_eq(g.sheet, "第二页");
	goc__grid_free(&g);
	free(data);
}
END_TEST

/* goc__grid_read() of a CSV table of 70 rows of 20 cells with each
 * allocation failing in turn: GOC_ENOMEM, no rows; then all of it. */
START_TEST(test_grid_out_of_memory)
{
	char csv[8192];
	size_t n = 0;
	for (int r = 0; r < 70; r++)
		for (int c = 0; c < 20; c++)
			n += (size_t)snprintf(csv + n, sizeof csv - n, "%d%c", r * 20 + c, c == 19 ? '\n' : ',');
	long failures = 0;
	for (long nth = 1;; nth++) {
		struct goc__grid g;
		tu_alloc_fail(nth);
		int rc = goc__grid_read(NULL, csv, n, NULL, NULL, "a table", &g);
		if (tu_alloc_passed()) {
			ck_assert_int_eq(rc, GOC_OK);
			ck_assert_uint_eq(g.n_rows, 70);
			ck_assert_str_eq(g.rows[69].cell[19], "1399");
			goc__grid_free(&g);
			break;
		}
		if (rc == GOC_OK) { /* a failure the reader works around */
			ck_assert_uint_eq(g.n_rows, 70);
			goc__grid_free(&g);
			continue;
		}
		ck_assert_msg(rc == GOC_ENOMEM, "allocation %ld: %d (%s)", nth, rc, goc_error_message());
		ck_assert_str_eq(goc_error_message(), "table: out of memory");
		ck_assert_uint_eq(g.n_rows, 0);
		failures++;
	}
	ck_assert_int_ge(failures, 20);
}
END_TEST

/* ---- progress reports from a table ---- */

static const char *unit_task(char *task, size_t n)
{
	/* a leaf task of the built-in plan that ftz-bureau answers for */
	goc_cursor *cur;
	goc_dossier_filter f = GOC_DOSSIER_FILTER_INIT;
	f.unit = "ftz-bureau";
	f.flags = GOC_DOSSIER_LEAVES;
	ck_assert_int_eq(goc_dossier_list(&cur, db, "pudong-goc-2024", "2025-06-30", &f), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	snprintf(task, n, "%s", goc_dossier_row_task(goc_cursor_dossier_row(cur)));
	goc_cursor_free(cur);
	return task;
}

static int count_reports(const char *unit)
{
	goc_cursor *cur;
	goc_report_filter f = GOC_REPORT_FILTER_INIT;
	f.unit = unit;
	ck_assert_int_eq(goc_report_list(&cur, db, "pudong-goc-2024", &f), GOC_OK);
	int n = 0;
	while (goc_cursor_next(cur) == GOC_ROW)
		n++;
	goc_cursor_free(cur);
	return n;
}

START_TEST(test_report_import)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	char task[32], csv[2048];
	unit_task(task, sizeof task);
	snprintf(csv, sizeof csv,
	         "进展填报模板,,,,,\n"
	         "单位,ftz-bureau,,,,\n"
	         "期间,2025-Q2,,,,\n"
	         "任务代码,序号,状态,填报日期,完成比例（%%）,进展情况\n"
	         "%s,(1),推进中,2025-06-20,40%%,已对接三家机构\n"
	         "%s,(2),,,,\n", task, task);
	goc_report_import_result res;
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, strlen(csv), NULL), GOC_OK);
	ck_assert_uint_eq(res.version, GOC_REPORT_IMPORT_RESULT_VERSION);
	ck_assert_uint_eq(res.added, 1);
	ck_assert_uint_eq(res.unchanged, 0);
	ck_assert_uint_eq(res.skipped, 1);
	ck_assert_int_eq(count_reports("ftz-bureau"), 1);
	/* again: unchanged, nothing added */
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, strlen(csv), NULL), GOC_OK);
	ck_assert_uint_eq(res.added, 0);
	ck_assert_uint_eq(res.unchanged, 1);
	ck_assert_int_eq(count_reports("ftz-bureau"), 1);

	/* every error at once, with its place; nothing written */
	snprintf(csv, sizeof csv,
	         "单位,ftz-bureau\n"
	         "期间,2025-Q2\n"
	         "任务代码,状态,填报日期,完成比例,进展情况\n"
	         "%s,已完成,2025-06-25,100,完成\n"
	         "%s,差不多,2025-06-25,,x\n"
	         "%s,done,,150,y\n"
	         "no-such-task,done,2025-06-25,,z\n", task, task, task);
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, strlen(csv), NULL), GOC_EINVAL);
	const char *msg = goc_error_message();
	ck_assert_msg(strstr(msg, "line 5, column 2: status: unknown status '差不多'") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "\nline 6, column 3: date: required") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "\nline 6, column 4: percent: expected a whole number") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "\nline 7, column 1: ") != NULL, "%s", msg);
	ck_assert_uint_eq(res.errors, 4);
	ck_assert_uint_eq(res.added, 0);
	ck_assert_int_eq(count_reports("ftz-bureau"), 1); /* line 4's report was rolled back */

	/* the options name the unit and period; a header without status */
	goc_report_import_options o = GOC_REPORT_IMPORT_OPTIONS_INIT;
	o.unit = "ftz-bureau";
	o.period = "2025-Q1";
	snprintf(csv, sizeof csv, "task,status,date,text\n%s,in_progress,2025-03-28,Q1\n", task);
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, strlen(csv), &o), GOC_OK);
	ck_assert_uint_eq(res.added, 1);
	ck_assert_int_eq(goc_report_import_table(&res, db, "task,date\nx,2025-01-01\n", 22, &o),
	                 GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 1, column 1: the header has no 状态 (status) column");
	ck_assert_int_eq(goc_report_import_table(&res, db, "a,b\n", 4, &o), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "no header row"));
	o.version = 99;
	ck_assert_int_eq(goc_report_import_table(&res, db, "a,b\n", 4, &o), GOC_EINVAL);
	ck_assert_int_eq(goc_report_import_table(&res, db, NULL, 4, NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_report_import_table(&res, NULL, "a", 1, NULL), GOC_EINVAL);
	/* a workbook that is not one */
	size_t len;
	char *data = slurp("bad-truncated.xlsx", &len);
	ck_assert_int_eq(goc_report_import_table(NULL, db, data, len, NULL), GOC_EINVAL);
	free(data);
	data = slurp("cells.xlsx", &len);
	goc_report_import_options so = GOC_REPORT_IMPORT_OPTIONS_INIT;
	so.sheet = "nope";
	ck_assert_int_eq(goc_report_import_table(NULL, db, data, len, &so), GOC_ENOTFOUND);
	free(data);
	/* inside the caller's transaction: a savepoint, rolled back on error */
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	snprintf(csv, sizeof csv, "单位,ftz-bureau\n期间,2025-Q2\n任务代码,状态,填报日期\n"
	         "%s,done,2025-06-26\n%s,bad,2025-06-26\n", task, task);
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, strlen(csv), NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	snprintf(csv, sizeof csv, "单位,ftz-bureau\n期间,2025-Q2\n任务代码,状态,填报日期\n"
	         "%s,done,2025-06-26\n", task);
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, strlen(csv), NULL), GOC_OK);
	ck_assert_int_eq(goc_db_commit(db), GOC_OK);
	ck_assert_int_eq(count_reports("ftz-bureau"), 3);
}
END_TEST

START_TEST(test_report_import_perm)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	char task[32], csv[1024];
	unit_task(task, sizeof task);
	snprintf(csv, sizeof csv, "单位,ftz-bureau\n期间,2025-Q2\n任务代码,状态,填报日期\n"
	         "%s,done,2025-06-26\n", task);
	/* another unit may not report for ftz-bureau */
	ck_assert_int_eq(goc_db_set_actor(db, "commerce"), GOC_OK);
	goc_report_import_result res;
	int rc = goc_report_import_table(&res, db, csv, strlen(csv), NULL);
	ck_assert_msg(rc == GOC_EPERM, "%d %s", rc, goc_error_message());
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "line 4, column "));
	ck_assert_int_eq(count_reports("ftz-bureau"), 0);
}
END_TEST

/* The table's odd corners: column names with a bracketed note, cells
 * padded with blanks, key rows without a value, a plan key row, per-row
 * plan/unit/period columns, an English status label, short rows, rows of
 * percent, text or evidence only, a report without text imported twice. */
START_TEST(test_report_import_columns)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	char task[32], csv[4096];
	unit_task(task, sizeof task);
	snprintf(csv, sizeof csv,
	         "单位\n"                       /* a key row without its value: ignored */
	         "计划,pudong-goc-2024\n"
	         "\"\t 任务代码\r\n\",状态(必填),填报日期,完成比例（%%）,计划,单位,期间,佐证材料,进展情况\n"
	         "\" %s\t\",\"In progress\r\",2025-06-20, 40%% ,,ftz-bureau,2025-Q2,\n"
	         "%s,done,2025-06-21,,pudong-goc-2024,ftz-bureau,2025-Q2,,\n"
	         "%s\n"
	         "%s,,,,,,,,text only\n"
	         "%s,,,,,,,evidence only\n"
	         "%s,,,50\n", task, task, task, task, task, task);
	goc_report_import_result res;
	int rc = goc_report_import_table(&res, db, csv, strlen(csv), NULL);
	ck_assert_msg(rc == GOC_EINVAL, "%d %s", rc, goc_error_message());
	const char *msg = goc_error_message();
	ck_assert_msg(strstr(msg, "line 8, column 2: status: required once the row is filled in") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "\nline 8, column 3: date: required") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "line 8, column 6: unit: none given") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "\nline 8, column 7: period: none given") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "\nline 9, column 2: status: required") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "\nline 10, column 2: status: required") != NULL, "%s", msg);
	ck_assert_uint_eq(res.errors, 12);
	ck_assert_int_eq(count_reports("ftz-bureau"), 0);
	/* the good rows alone: both added, the bare task row skipped; again: unchanged */
	snprintf(csv, sizeof csv,
	         "计划,\n"
	         "任务代码,状态(必填),填报日期,完成比例（%%）,计划,单位,期间,佐证材料\n"
	         "%s,In progress,2025-06-20,40%%,,ftz-bureau,2025-Q2,\n"
	         "%s,\"\n\r done\",2025-06-21,,pudong-goc-2024,ftz-bureau,2025-Q2,docs/1.pdf\n"
	         "%s\n", task, task, task);
	for (int round = 0; round < 2; round++) {
		rc = goc_report_import_table(&res, db, csv, strlen(csv), NULL);
		ck_assert_msg(rc == GOC_OK, "%d %s", rc, goc_error_message());
		ck_assert_uint_eq(res.added, round ? 0 : 2);
		ck_assert_uint_eq(res.unchanged, round ? 2 : 0);
		ck_assert_uint_eq(res.skipped, 1);
	}
	ck_assert_int_eq(count_reports("ftz-bureau"), 2);
	/* the same rows with a text: not the reports on record, added */
	snprintf(csv, sizeof csv,
	         "任务代码,状态说明,状态,填报日期,单位,期间,进展情况\n"
	         "%s,x,In progress,2025-06-20,ftz-bureau,2025-Q2,有进展\n", task);
	rc = goc_report_import_table(&res, db, csv, strlen(csv), NULL);
	ck_assert_msg(rc == GOC_OK, "%d %s", rc, goc_error_message());
	ck_assert_uint_eq(res.added, 1);
	ck_assert_int_eq(count_reports("ftz-bureau"), 3);
	/* key rows with empty values: no unit, no period; a row of a date only is filled in */
	snprintf(csv, sizeof csv, "单位,\n期间,\n状态,not a key row\n任务代码,状态,填报日期\n%s,,2025-06-20\n", task);
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, strlen(csv), NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 5, column 1: unit: none given (a 单位 row above the "
	                 "header, a 单位 column, or the option)\nline 5, column 1: period: none given (a 期间 "
	                 "row above the header, a 期间 column, or the option)\nline 5, column 2: status: "
	                 "required once the row is filled in");
}
END_TEST

/* Bad cells, each with its place; more than 50 errors are counted, not listed. */
START_TEST(test_report_import_errors)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	char task[32];
	unit_task(task, sizeof task);
	goc_report_import_options o = GOC_REPORT_IMPORT_OPTIONS_INIT;
	o.encoding = "utf-8"; /* options without plan, unit or period */
	char csv[8192];
	int n = snprintf(csv, sizeof csv, "task,task,status,date,percent,unit,period\n"
	                 ",done,done,2025-06-20,abc,,\n"
	                 "%s,done,done,2025-06-20,-5,ftz-bureau,2025-Q9\n"
	                 "%s,done,done,2025-06-20,40.5,ftz-bureau,2025-Q2\n"
	                 "%s,done,done,2025-06-20,40%%x,ftz-bureau,2025-Q2\n", task, task, task);
	goc_report_import_result res;
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, (size_t)n, &o), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 1, column 2: column 任务代码 twice in the header");
	n = snprintf(csv, sizeof csv, "task,status,date,percent,unit,period\n"
	             ",done,2025-06-20,abc,,\n"
	             "%s,done,2025-06-20,-5,ftz-bureau,2025-Q9\n"
	             "%s,done,2025-06-20,40.5,ftz-bureau,2025-Q2\n"
	             "%s,done,2025-06-20,40%%x,ftz-bureau,2025-Q2\n", task, task, task);
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, (size_t)n, &o), GOC_EINVAL);
	const char *msg = goc_error_message();
	ck_assert_msg(strstr(msg, "line 2, column 1: task: required\n"
	                     "line 2, column 5: unit: none given") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "line 2, column 6: period: none given") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "line 2, column 4: percent: expected a whole number from 0 to 100, not 'abc'") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "line 3, column 6: period: not a period (2025, 2025-H1, 2025-Q2, 2025-06): '2025-Q9'") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "line 3, column 4: percent: expected a whole number from 0 to 100, not '-5'") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "line 4, column 4: percent: expected a whole number from 0 to 100, not '40.5'") != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "line 5, column 4: percent: expected a whole number from 0 to 100, not '40%x'") != NULL, "%s", msg);
	ck_assert_uint_eq(res.errors, 8);
	/* 60 bad rows (more than the 50 listed: this crashed, SQLite's printf
	 * has no %zu): all counted; the message (bounded, < 1024 bytes) lists
	 * the first errors in order, each line whole, then how many more and
	 * how many in all */
	n = snprintf(csv, sizeof csv, "task,status,date\n");
	for (int i = 0; i < 60; i++)
		n += snprintf(csv + n, sizeof csv - (size_t)n, "%s,nope,2025-06-20\n", task);
	o.unit = "ftz-bureau";
	o.period = "2025-Q2";
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, (size_t)n, &o), GOC_EINVAL);
	msg = goc_error_message();
	ck_assert_uint_eq(res.errors, 60);
	ck_assert_uint_lt(strlen(msg), 1024);
	const char *nl = strchr(msg, '\n');
	ck_assert_ptr_nonnull(nl);
	char first[512];
	snprintf(first, sizeof first, "%.*s", (int)(nl - msg), msg);
	ck_assert_msg(strncmp(first, "line 2, column 2: status: unknown status 'nope'", 47) == 0, "%s", msg);
	int shown = 0;
	const char *line = msg;
	for (;;) {
		const char *end = strchr(line, '\n');
		if (!end)
			break;
		/* line k is the first one with its own line number: whole */
		char want[512];
		snprintf(want, sizeof want, "line %d, column 2: %s", shown + 2, strstr(first, "status: "));
		ck_assert_msg(strlen(want) == (size_t)(end - line) && strncmp(line, want, strlen(want)) == 0,
		              "line %d: %.*s", shown + 1, (int)(end - line), line);
		shown++;
		line = end + 1;
	}
	ck_assert_int_ge(shown, 5);
	char tail[96];
	snprintf(tail, sizeof tail, "… and %d more (60 errors in all)", 60 - shown);
	ck_assert_str_eq(line, tail);
	/* a long cell is quoted cut on a character boundary, marked with "…"
	 * (it was cut at byte 40, the broken character shown as '?') */
	n = snprintf(csv, sizeof csv, "task,status,date,percent\n%s,", task);
	for (int i = 0; i < 700; i++)
		n += snprintf(csv + n, sizeof csv - (size_t)n, "差");
	n += snprintf(csv + n, sizeof csv - (size_t)n, ",2025-06-20,\n%s,done,2025-06-20,1百\n", task);
	ck_assert_int_eq(goc_report_import_table(&res, db, csv, (size_t)n, &o), GOC_EINVAL);
	msg = goc_error_message();
	ck_assert_uint_eq(res.errors, 2);
	ck_assert_str_eq(msg, "line 2, column 2: status: unknown status '差差差差差差差差差差差差差…' (未启动, "
	                 "推进中, 已完成, 受阻, 已取消 or not_started, in_progress, done, blocked, cancelled)\n"
	                 "line 3, column 4: percent: expected a whole number from 0 to 100, not '1百'");
	/* no data at all; a workbook without cells */
	ck_assert_int_eq(goc_report_import_table(&res, db, NULL, 0, NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 1, column 1: empty input (a progress report table expected)");
	size_t len;
	char *data = slurp("empty.xlsx", &len);
	ck_assert_int_eq(goc_report_import_table(&res, db, data, len, NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "Sheet1!A1: no header row: the first cell of the header is 任务代码 (or task)");
	free(data);
	ck_assert_int_eq(count_reports("ftz-bureau"), 0);
}
END_TEST

/* ---- organizations from a table (lib/org_import.c) ---- */

START_TEST(test_org_import)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK); /* its zones and units */
	goc_org_import_result res;
	goc_org_import_options o = GOC_ORG_IMPORT_OPTIONS_INIT;
	/* every column; a trailing empty cell past the header is no error */
	const char *csv = "name_zh,category,date,origin,zone,unit,name_en,notes,id_scheme,id_value\n"
	                  "甲,专业服务类,2024-01-01,international,lujiazui,ftz-bureau,A,n,,,\n"
	                  "乙,trade,2024-02-01,,,,,,,\n";
	int rc = goc_org_import_table(&res, db, csv, strlen(csv), &o);
	ck_assert_msg(rc == GOC_OK, "%d %s", rc, goc_error_message());
	ck_assert_uint_eq(res.count, 2);
	ck_assert_int_lt(res.first_id, res.last_id);
	goc_org *org;
	ck_assert_int_eq(goc_org_get(&org, db, res.first_id), GOC_OK);
	ck_assert_str_eq(goc_org_zone(org), "lujiazui");
	ck_assert_str_eq(goc_org_unit(org), "ftz-bureau");
	goc_org_free(org);
	/* only a header: nothing, no error */
	ck_assert_int_eq(goc_org_import_table(&res, db, "name_zh,category,date\n", 22, NULL), GOC_OK);
	ck_assert_uint_eq(res.count, 0);
	/* a short row; an empty category, at its cell */
	csv = "name_zh,category,date,zone,unit\n丙,trade,2024-01-01\n丁,,2024-01-01,,\n";
	rc = goc_org_import_table(&res, db, csv, strlen(csv), NULL);
	ck_assert_int_eq(rc, GOC_EINVAL);
	ck_assert_msg(strncmp(goc_error_message(), "line 3, column 2: category: ", 28) == 0, "%s", goc_error_message());
	ck_assert_uint_eq(res.count, 0);
	/* a row with more cells than the header, two of them not empty: one error */
	csv = "name_zh,category,date\n丙,trade,2024-01-01,x,y\n";
	ck_assert_int_eq(goc_org_import_table(&res, db, csv, strlen(csv), NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 2: 5 cells, the header has 3 columns");
	ck_assert_uint_eq(res.count, 0);
	/* an unknown unit, at its cell */
	csv = "name_zh,category,date,unit\n丙,trade,2024-01-01,no-such-unit\n";
	ck_assert_int_eq(goc_org_import_table(&res, db, csv, strlen(csv), NULL), GOC_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "line 2, column 4: unit: "));
	/* no data; a sheet without cells; a sheet without the category column */
	ck_assert_int_eq(goc_org_import_table(&res, db, NULL, 0, NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 1: empty: no header line");
	size_t len;
	char *data = slurp("empty.xlsx", &len);
	ck_assert_int_eq(goc_org_import_table(&res, db, data, len, NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 1: empty: no header line");
	free(data);
	data = slurp("orgs.xlsx", &len);
	o.sheet = "名单";
	ck_assert_int_eq(goc_org_import_table(&res, db, data, len, &o), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "名单!1: missing column 'category' (name_zh, category and date are required)");
	ck_assert_uint_eq(res.count, 0);
	free(data);
}
END_TEST

/* One run of import() (the import of csv; the rows it imported into *n)
 * inside a transaction rolled back after it, with the nth allocation
 * failing: GOC_OK and `want` rows where SQLite works around the failure
 * (its benign allocations), or GOC_ENOMEM, no row and nothing() stored.
 * Returns nonzero once a run made fewer than nth allocations: then none
 * failed and it must have succeeded. */
static int import_failing(long nth, int (*import)(size_t *n, const char *csv), const char *csv,
                          size_t want, void (*nothing)(void), long *failures)
{
	size_t n = 0;
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	tu_alloc_fail(nth);
	int rc = import(&n, csv);
	int passed = tu_alloc_passed();
	if (rc == GOC_OK) {
		ck_assert_uint_eq(n, want);
	} else {
		ck_assert_msg(rc == GOC_ENOMEM, "allocation %ld: %d (%s)", nth, rc, goc_error_message());
		ck_assert_uint_eq(n, 0);
		nothing();
		(*failures)++;
	}
	if (goc_db_in_transaction(db))
		ck_assert_int_eq(goc_db_rollback(db), GOC_OK);
	if (passed)
		ck_assert_int_eq(rc, GOC_OK);
	return passed;
}

static int org_import(size_t *n, const char *csv)
{
	goc_org_import_result res;
	int rc = goc_org_import_table(&res, db, csv, strlen(csv), NULL);
	*n = res.count;
	return rc;
}

static void no_org(void)
{
	goc_org *org = NULL;
	ck_assert_int_eq(goc_org_get(&org, db, 1), GOC_ENOTFOUND);
}

static int report_import(size_t *n, const char *csv)
{
	goc_report_import_result res;
	int rc = goc_report_import_table(&res, db, csv, strlen(csv), NULL);
	*n = res.added;
	return rc;
}

static void no_report(void)
{
	ck_assert_int_eq(count_reports("ftz-bureau"), 0);
}

/* goc_org_import_table() with each allocation failing in turn, inside a
 * transaction rolled back after each run: GOC_ENOMEM and no organization,
 * or GOC_OK where SQLite works around the failure (its benign
 * allocations); a run where none fails imports both rows. */
START_TEST(test_org_import_out_of_memory)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	const char *csv = "name_zh,category,date,zone,unit\n"
	                  "甲,专业服务类,2024-01-01,lujiazui,ftz-bureau\n"
	                  "乙,trade,2024-02-01,,\n";
	long failures = 0;
	for (long nth = 1; !import_failing(nth, org_import, csv, 2, no_org, &failures);
	     nth += nth < 300 ? 1 : 3) /* every 3rd past 300 */
		;
	ck_assert_int_ge(failures, 20);
}
END_TEST

/* A table the resolver refuses (a zone no word names), each allocation
 * failing in turn: GOC_ENOMEM, or the refusal placed at its cell; nothing
 * written either way. */
START_TEST(test_org_import_refused_out_of_memory)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	const char *csv = "name_zh,category,date,zone\n甲,trade,2024-01-01,mars\n";
	long failures = 0;
	for (long nth = 1;; nth++) {
		goc_org_import_result res;
		tu_alloc_fail(nth);
		int rc = goc_org_import_table(&res, db, csv, strlen(csv), NULL);
		int passed = tu_alloc_passed();
		char msg[300];
		snprintf(msg, sizeof msg, "%s", goc_error_message());
		ck_assert_uint_eq(res.count, 0);
		goc_org *org = NULL;
		ck_assert_int_eq(goc_org_get(&org, db, 1), GOC_ENOTFOUND);
		if (rc == GOC_ENOMEM) {
			ck_assert_ptr_nonnull(strstr(msg, "out of memory"));
			failures++;
			continue;
		}
		ck_assert_msg(rc == GOC_ENOTFOUND, "allocation %ld: %d (%s)", nth, rc, msg);
		ck_assert_msg(strncmp(msg, "line 2, column 4: zone: ", 24) == 0, "%s", msg);
		if (passed)
			break;
	}
	ck_assert_int_ge(failures, 5);
}
END_TEST

/* goc_report_import_table() the same way (a savepoint in the caller's
 * transaction): GOC_ENOMEM and no report, or GOC_OK. */
START_TEST(test_report_import_out_of_memory)
{
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	char task[32], csv[512];
	unit_task(task, sizeof task);
	snprintf(csv, sizeof csv, "单位,ftz-bureau\n期间,2025-Q2\n任务代码,状态,填报日期,进展情况\n"
	         "%s,推进中,2025-06-20,a\n%s,done,2025-06-21,b\n", task, task);
	/* about 4,500 allocations: each of the first and last 300 fails (the
	 * last ones release the savepoint), every 7th between */
	size_t n;
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	tu_alloc_fail(LONG_MAX); /* count, fail none */
	ck_assert_int_eq(report_import(&n, csv), GOC_OK);
	long total = tu_alloc_count();
	tu_alloc_fail(0);
	ck_assert_int_eq(goc_db_rollback(db), GOC_OK);
	long failures = 0;
	for (long nth = 1; !import_failing(nth, report_import, csv, 2, no_report, &failures);
	     nth += nth < 300 || nth > total - 300 ? 1 : 7)
		;
	ck_assert_int_ge(failures, 20);
}
END_TEST

static Suite *xlsx_suite(void)
{
	Suite *s = suite_create("xlsx");
	tu_fixtures(&db, NULL, 0, "test-xlsx", NULL);
	TCase *tc = tcase_create("reader");
	tcase_add_test(tc, test_cells);
	tcase_add_test(tc, test_second_sheet);
	tcase_add_test(tc, test_date1904);
	tcase_add_test(tc, test_long_text);
	tcase_add_loop_test(tc, test_bad, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_loop_test(tc, test_bad_sheet, 0, (int)(sizeof bad_sheet / sizeof bad_sheet[0]));
	tcase_add_test(tc, test_odd);
	tcase_add_test(tc, test_too_big);
	tcase_add_loop_test(tc, test_out_of_memory, 0, 2);
	tcase_add_test(tc, test_grid_csv);
	tcase_add_test(tc, test_grid_out_of_memory);
	suite_add_tcase(s, tc);
	/* libxml2 2.9.14 leaks a little when xmlReaderForMemory() itself runs
	 * out of memory: the sweep is the test 'xlsx-libxml2' (suite faults,
	 * run by tools/coverage), not the unit suite that valgrind runs */
	if (getenv("GOC_XML_SWEEP")) {
		tc = tcase_create("libxml2");
		tcase_set_timeout(tc, 600);
		tcase_add_loop_test(tc, test_xml_out_of_memory, 0, 2);
		suite_add_tcase(s, tc);
	}
	add_case(s, "report-import", tu_mem_setup, tu_mem_teardown, 0, (const TTest *[]){
		test_report_import, test_report_import_perm, test_report_import_columns,
		test_report_import_errors, test_org_import, test_org_import_out_of_memory,
		test_org_import_refused_out_of_memory, test_report_import_out_of_memory, NULL });
	return s;
}

int main(void)
{
	tu_alloc_install(NULL);
	return run_suite(xlsx_suite(), CK_NORMAL);
}
