/*
 * libgoc — a table as rows of text cells, read from a spreadsheet (.xlsx,
 * lib/xlsx.c) or from CSV/TSV text (lib/table.c): the common input of the
 * table imports (the plan's task decomposition table, progress reports).
 * Nothing here is ABI.
 */
#ifndef GOC_GRID_H
#define GOC_GRID_H

#include "internal.h"

struct goc__grid_row {
	long line;      /* xlsx: the sheet's row number; CSV: the line the row begins on */
	size_t n;       /* cells (columns 1..n; missing cells are "") */
	char **cell;    /* NUL-terminated UTF-8, never NULL */
};

struct goc__grid {
	char *sheet;    /* xlsx: the sheet read; NULL for CSV */
	struct goc__grid_row *rows; /* in order, non-empty rows only for xlsx */
	size_t n_rows, cap;
};

void goc__grid_free(struct goc__grid *g);

/* Does data begin like a zip archive (an .xlsx file)? */
bool goc__is_zip(const char *data, size_t len);

/*
 * Read the sheet named sheet (NULL: the first) of the .xlsx file
 * data[0..len) into g (zeroed by the caller).  Errors (GOC_EINVAL with a
 * message beginning "xlsx: " or "Sheet!C7: ", GOC_ENOMEM) are recorded
 * with goc__err(); g is then empty.  Limits: see GOC_XLSX_MAX_* in
 * goc/plan.h.
 */
int goc__xlsx_read(goc_db *db, const char *data, size_t len, const char *sheet,
                   struct goc__grid *g);

/*
 * Any table as rows (table.c): an .xlsx file (detected by the zip
 * signature, not a name: the sheet named, or the first) or CSV/TSV text
 * decoded as goc_plan_import_table() decodes it (encoding NULL: UTF-8 with
 * or without BOM, or GB18030; a tab on the first line means TSV).  Blank
 * rows are left out.  doc names what the input should be, for messages.
 */
int goc__grid_read(goc_db *db, const char *data, size_t len, const char *encoding,
                   const char *sheet, const char *doc, struct goc__grid *g);

/* The arguments every table import checks before goc__grid_read(): the
 * handle, data (NULL only when len is 0) and the version of its options
 * (version points into them, NULL when there are none; type names their
 * struct, for the message).  GOC_OK, or GOC_EINVAL with a message naming
 * the argument. */
int goc__grid_import_args(goc_db *db, const char *data, size_t len, const unsigned int *version,
                          const char *type, unsigned int want);

/* Where a cell is, for messages: "Sheet1!C7" for a sheet, "line 7, column
 * 3" for text.  Writes to buf (at least 160 bytes) and returns it. */
const char *goc__grid_where(const struct goc__grid *g, long line, size_t col,
                            char *buf, size_t n);

/* The column letters of col (1-based): 1 → "A", 28 → "AB". */
void goc__col_name(size_t col, char out[8]);

#endif
