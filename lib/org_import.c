/*
 * libgoc — organizations from a table (goc/org.h, goc_org_import_table()):
 * the rows of a CSV file or an .xlsx sheet (grid.h, the same reader as the
 * other table imports) become organizations in one write, all or none.
 * Formerly the goc tool's own CSV reader.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"

enum { C_NAME_ZH, C_NAME_EN, C_CATEGORY, C_ORIGIN, C_ZONE, C_UNIT, C_ID_SCHEME, C_ID_VALUE,
       C_NOTES, C_DATE, N_COLS };
static const char *const cols[N_COLS] = { "name_zh", "name_en", "category", "origin", "zone", "unit",
                                          "id_scheme", "id_value", "notes", "date" };

static int where_err(goc_db *db, int rc, const struct goc__grid *g, long line, size_t col,
                     const char *fmt, ...) GOC_PRINTF(6, 7);

/* "line 3, column 2: …" / "Sheet1!B3: …"; col 0: the row only ("line 3: …",
 * "Sheet1!3: …"). */
static int where_err(goc_db *db, int rc, const struct goc__grid *g, long line, size_t col,
                     const char *fmt, ...)
{
	char w[160], msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (col)
		goc__grid_where(g, line, col, w, sizeof w);
	else if (g->sheet)
		snprintf(w, sizeof w, "%.120s!%ld", g->sheet, line);
	else
		snprintf(w, sizeof w, "line %ld", line);
	return goc__err(db, rc, "%s: %s", w, msg);
}

/* A word the resolver refused: its message ("zone: no zone 'mars'; did
 * you mean …?"), placed at the cell. */
static int resolve_err(goc_db *db, const struct goc__grid *g, long line, size_t col)
{
	int code = goc_error_last();
	char *copy = goc__strdup(goc_error_message());
	if (!copy)
		return goc__err(db, GOC_ENOMEM, "org.import: out of memory");
	int rc = where_err(db, code, g, line, col, "%s", copy);
	goc__free(copy);
	return rc;
}

GOC_API int goc_org_import_table(goc_org_import_result *out, goc_db *db, const char *data,
                                 size_t len, const goc_org_import_options *opts)
{
	goc_org_import_result res;
	memset(&res, 0, sizeof res);
	res.version = GOC_ORG_IMPORT_RESULT_VERSION;
	if (out)
		*out = res;
	int rc = goc__grid_import_args(db, data, len, opts ? &opts->version : NULL, "goc_org_import_options",
	                               GOC_ORG_IMPORT_OPTIONS_VERSION);
	if (rc != GOC_OK)
		return rc;
	if (len == 0)
		return goc__err(db, GOC_EINVAL, "line 1: empty: no header line");
	struct goc__grid g;
	rc = goc__grid_read(db, data, len, opts ? opts->encoding : NULL,
	                    opts ? opts->sheet : NULL, "an organization list", &g);
	if (rc != GOC_OK)
		return rc;
	int col[N_COLS];
	for (int k = 0; k < N_COLS; k++)
		col[k] = -1;
	goc_org_fields *f = NULL;
	if (g.n_rows == 0)
		rc = goc__err(db, GOC_EINVAL, "line 1: empty: no header line");
	/* the header: the first row names the columns, in any order */
	const struct goc__grid_row *h = g.n_rows ? &g.rows[0] : NULL;
	for (size_t i = 0; h && rc == GOC_OK && i < h->n; i++) {
		int k = 0;
		while (k < N_COLS && strcmp(h->cell[i], cols[k]) != 0)
			k++;
		if (k == N_COLS)
			rc = where_err(db, GOC_EINVAL, &g, h->line, i + 1, "unknown column '%.100s' "
			               "(columns: name_zh, name_en, category, origin, zone, unit, id_scheme, "
			               "id_value, notes, date)", h->cell[i]);
		else if (col[k] >= 0)
			rc = where_err(db, GOC_EINVAL, &g, h->line, i + 1, "column '%s' twice", cols[k]);
		else
			col[k] = (int)i;
	}
	static const int required[] = { C_NAME_ZH, C_CATEGORY, C_DATE };
	for (size_t r = 0; h && rc == GOC_OK && r < 3; r++)
		if (col[required[r]] < 0)
			rc = where_err(db, GOC_EINVAL, &g, h->line, 0, "missing column '%s' (name_zh, "
			               "category and date are required)", cols[required[r]]);
	size_t n = g.n_rows ? g.n_rows - 1 : 0;
	char **codes = NULL;
	if (rc == GOC_OK && n && (!(f = goc__malloc(n * sizeof *f)) ||
	                          !(codes = goc__malloc(2 * n * sizeof *codes))))
		rc = goc__err(db, GOC_ENOMEM, "org.import: out of memory");
	for (size_t i = 0; codes && i < 2 * n; i++)
		codes[i] = NULL;
	for (size_t i = 0; rc == GOC_OK && i < n; i++) {
		const struct goc__grid_row *r = &g.rows[i + 1];
		for (size_t c = h->n; c < r->n && rc == GOC_OK; c++)
			if (r->cell[c][0])
				rc = where_err(db, GOC_EINVAL, &g, r->line, 0, "%zu cells, the header has "
				               "%zu columns", r->n, h->n);
		const char *v[N_COLS];
		for (int k = 0; k < N_COLS; k++) {
			int c = col[k];
			v[k] = c >= 0 && (size_t)c < r->n && r->cell[c][0] ? r->cell[c] : NULL;
		}
		goc_org_fields o = GOC_ORG_FIELDS_INIT;
		o.name_zh = v[C_NAME_ZH];
		o.name_en = v[C_NAME_EN];
		o.zone = v[C_ZONE];
		o.unit = v[C_UNIT];
		o.id_scheme = v[C_ID_SCHEME];
		o.id_value = v[C_ID_VALUE];
		o.notes = v[C_NOTES];
		o.date = v[C_DATE];
		/* 专业服务类 as well as professional, 陆家嘴 as well as lujiazui:
		 * the resolver's words (goc/resolve.h); zone and unit codes are kept
		 * in codes[] until the write */
		if (rc == GOC_OK && v[C_CATEGORY] &&
		    goc_resolve_enum(&o.category, GOC_RESOLVE_CATEGORY, v[C_CATEGORY]) != GOC_OK)
			rc = resolve_err(db, &g, r->line, (size_t)col[C_CATEGORY] + 1);
		else if (rc == GOC_OK && v[C_ORIGIN] &&
		         goc_resolve_enum(&o.origin, GOC_RESOLVE_ORIGIN, v[C_ORIGIN]) != GOC_OK)
			rc = resolve_err(db, &g, r->line, (size_t)col[C_ORIGIN] + 1);
		else if (rc == GOC_OK && v[C_ZONE] &&
		         goc_resolve(&codes[2 * i], db, GOC_RESOLVE_ZONE, NULL, v[C_ZONE]) != GOC_OK)
			rc = resolve_err(db, &g, r->line, (size_t)col[C_ZONE] + 1);
		else if (rc == GOC_OK && v[C_UNIT] &&
		         goc_resolve(&codes[2 * i + 1], db, GOC_RESOLVE_UNIT, NULL, v[C_UNIT]) != GOC_OK)
			rc = resolve_err(db, &g, r->line, (size_t)col[C_UNIT] + 1);
		if (codes[2 * i])
			o.zone = codes[2 * i];
		if (codes[2 * i + 1])
			o.unit = codes[2 * i + 1];
		f[i] = o;
	}
	int64_t *ids = NULL;
	if (rc == GOC_OK && n && !(ids = goc__malloc(n * sizeof *ids)))
		rc = goc__err(db, GOC_ENOMEM, "org.import: out of memory");
	if (rc == GOC_OK && n) {
		size_t failed = 0;
		rc = goc_org_create_many_v2(ids, &failed, db, f, n, NULL);
		if (rc != GOC_OK && failed < n) {
			/* "fields[i]: field: …" → the row's line and the field's column
			 * (the field comes as data: goc_error_field()) */
			char prefix[40];
			const char *msg = goc_error_message(), *field = goc_error_field();
			snprintf(prefix, sizeof prefix, "fields[%zu]: ", failed);
			if (strncmp(msg, prefix, strlen(prefix)) == 0)
				msg += strlen(prefix);
			size_t c = 0;
			for (int k = 0; k < N_COLS; k++)
				if (strcmp(field, cols[k]) == 0 && col[k] >= 0)
					c = (size_t)col[k] + 1;
			char *copy = goc__strdup(msg);
			if (copy) {
				where_err(db, rc, &g, g.rows[failed + 1].line, c, "%s", copy);
				goc__free(copy);
			}
		} else if (rc == GOC_OK) {
			res.count = n;
			res.first_id = ids[0]; /* n > 0 here */
			res.last_id = ids[n - 1];
		}
	}
	goc__free(ids);
	for (size_t i = 0; codes && i < 2 * n; i++)
		goc_free(codes[i]);
	goc__free(codes);
	goc__free(f);
	goc__grid_free(&g);
	if (out)
		*out = res;
	return rc;
}
