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

GOC_API int goc_org_import_table(goc_org_import_result *out, goc_db *db, const char *data,
                                 size_t len, const goc_org_import_options *opts)
{
	goc_org_import_result res;
	memset(&res, 0, sizeof res);
	res.version = GOC_ORG_IMPORT_RESULT_VERSION;
	if (out)
		*out = res;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!data && len)
		return goc__err(db, GOC_EINVAL, "data: must not be NULL");
	if (opts && opts->version != GOC_ORG_IMPORT_OPTIONS_VERSION)
		return goc__err(db, GOC_EINVAL, "opts: goc_org_import_options version %u is not "
		                "supported (1)", opts->version);
	if (len == 0)
		return goc__err(db, GOC_EINVAL, "line 1: empty: no header line");
	struct goc__grid g;
	rc = goc__grid_read(db, len ? data : "", len, opts ? opts->encoding : NULL,
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
	if (rc == GOC_OK && n && !(f = goc__malloc(n * sizeof *f)))
		rc = goc__err(db, GOC_ENOMEM, "org.import: out of memory");
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
		if (rc == GOC_OK && v[C_CATEGORY] && goc_category_parse(&o.category, v[C_CATEGORY]) != GOC_OK)
			rc = where_err(db, GOC_EINVAL, &g, r->line, (size_t)col[C_CATEGORY] + 1,
			               "category: unknown category '%.100s'", v[C_CATEGORY]);
		else if (rc == GOC_OK && v[C_ORIGIN] && goc_origin_parse(&o.origin, v[C_ORIGIN]) != GOC_OK)
			rc = where_err(db, GOC_EINVAL, &g, r->line, (size_t)col[C_ORIGIN] + 1,
			               "origin: unknown origin '%.100s'", v[C_ORIGIN]);
		f[i] = o;
	}
	int64_t *ids = NULL;
	if (rc == GOC_OK && n && !(ids = goc__malloc(n * sizeof *ids)))
		rc = goc__err(db, GOC_ENOMEM, "org.import: out of memory");
	if (rc == GOC_OK && n) {
		size_t failed = 0;
		rc = goc_org_create_many_v2(ids, &failed, db, f, n, NULL);
		if (rc != GOC_OK && failed < n) {
			/* "fields[i]: field: …" → the row's line and the field's column */
			char prefix[40];
			const char *msg = goc_error_message();
			snprintf(prefix, sizeof prefix, "fields[%zu]: ", failed);
			if (strncmp(msg, prefix, strlen(prefix)) == 0)
				msg += strlen(prefix);
			const char *colon = strchr(msg, ':');
			size_t c = 0;
			for (int k = 0; colon && k < N_COLS; k++)
				if ((size_t)(colon - msg) == strlen(cols[k]) &&
				    strncmp(msg, cols[k], (size_t)(colon - msg)) == 0 && col[k] >= 0)
					c = (size_t)col[k] + 1;
			char *copy = goc__strdup(msg);
			if (copy) {
				where_err(db, rc, &g, g.rows[failed + 1].line, c, "%s", copy);
				goc__free(copy);
			}
		} else if (rc == GOC_OK) {
			res.count = n;
			res.first_id = n ? ids[0] : 0;
			res.last_id = n ? ids[n - 1] : 0;
		}
	}
	goc__free(ids);
	goc__free(f);
	goc__grid_free(&g);
	if (out)
		*out = res;
	return rc;
}
