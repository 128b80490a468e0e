/*
 * libgoc — the spreadsheet reader: one sheet of an .xlsx file (Office Open
 * XML, a zip of XML parts) as rows of text cells (grid.h), through
 * Debian's libzip and libxml2 — no unzip or XML of our own.
 *
 * What is read:
 *  - xl/workbook.xml (the sheets' names, in order, and date1904) and
 *    xl/_rels/workbook.xml.rels (where each sheet's part is): the sheet
 *    named, or the first;
 *  - xl/sharedStrings.xml (if present): each <si>'s text is its <t>, or the
 *    concatenation of the <t> of its rich text runs (<r>); phonetic
 *    guides (<rPh>) are left out;
 *  - xl/styles.xml (if present): each cell style's number format, to tell
 *    a date from a number;
 *  - the sheet: <row r>, <c r t s> with <v> or an inline <is>, and
 *    <mergeCell ref>.
 * Cells become text: shared and inline strings as written; numbers as
 * Excel shows them in General format (an integer without ".0", else up to
 * 15 significant digits); a number whose style's format is a date
 * (built-in formats 14–22, 27–36, 45–47, 50–58, or a custom format with
 * y, d or m outside quotes and brackets that is not a time only) becomes
 * YYYY-MM-DD (the time of day is dropped) in the workbook's date system:
 * 1900 (serial 1 = 1900-01-01, Lotus's phantom 1900-02-29 = serial 60 is
 * refused, later serials are one day less) or 1904 (serial 0 =
 * 1904-01-01); booleans become TRUE or FALSE; a formula's cached result is
 * its value; an error value (#N/A, #REF! …) is refused.
 * Merged cells: the value of the range's top-left cell fills every cell of
 * the range (a 责任单位 merged down over three rows applies to each).
 * Empty rows are left out; a row's missing cells are "".
 *
 * Limits, checked before memory grows (messages name the limit):
 *  - the file: at most GOC_IMPORT_MAX_BYTES (64 MiB);
 *  - a part, uncompressed: at most GOC_XLSX_MAX_ENTRY (128 MiB) as the zip
 *    directory declares it, and reading stops there if the declaration
 *    lies (a zip bomb);
 *  - cells: at most GOC_XLSX_MAX_CELLS (1,000,000) non-empty cells in the
 *    sheet, merged ranges' fills included, and as many shared strings;
 *  - a cell: at most GOC_IMPORT_MAX_CELL bytes (64 KiB); all the cells'
 *    text together at most GOC_XLSX_MAX_ENTRY bytes (a shared string of
 *    64 KiB in a million cells would be 64 GiB);
 *  - rows up to 1,048,576, columns up to XFD (16,384), as Excel's.
 * Errors name the sheet, row and column ("Sheet1!C7: …") or, for the
 * file's structure, begin "xlsx: ".
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "grid.h"

#define MAX_ROW 1048576L
#define MAX_COL 16384

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

bool goc__is_zip(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

void goc__col_name(size_t col, char out[8])
{
	char tmp[8];
	int n = 0;
	while (col > 0 && n < 7) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

const char *goc__grid_where(const struct goc__grid *g, long line, size_t col,
                            char *buf, size_t n)
{
	if (g && g->sheet) {
		char c[8];
		goc__col_name(col, c);
		snprintf(buf, n, "%.120s!%s%ld", g->sheet, c, line);
	} else {
		snprintf(buf, n, "line %ld, column %zu", line, col);
	}
	return buf;
}

void goc__grid_free(struct goc__grid *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n_rows; i++) {
		struct goc__grid_row *r = &g->rows[i];
		for (size_t k = 0; k < r->n; k++)
			sqlite3_free(r->cell[k]);
		sqlite3_free(r->cell);
	}
	sqlite3_free(g->rows);
	sqlite3_free(g->sheet);
	memset(g, 0, sizeof *g);
}

struct buf {
	char *p;
	size_t n, cap;
};

static int buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = sqlite3_realloc64(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

/* ------------------------------------------------------------------ */
/* The reader's state                                                  */
/* ------------------------------------------------------------------ */

struct cellv {
	long row;
	int col;
	char *text; /* sqlite3_malloc'd; NULL for a merge's fill until build_rows() */
	size_t len;
	size_t from;    /* a merge's fill: the top-left cell's index + 1, else 0 */
};

struct merge {
	long r1, r2;
	int c1, c2;
};

struct rd {
	goc_db *db;
	zip_t *zip;
	const char *sheet_name; /* the sheet read (for messages) */
	bool date1904;
	/* shared strings */
	char **sst;
	size_t *sst_len;
	size_t n_sst, cap_sst;
	/* styles: is cell style i a date? */
	unsigned char *xf_date;
	size_t n_xf;
	/* custom number formats: id → date? */
	int *fmt_id;
	unsigned char *fmt_date;
	size_t n_fmt, cap_fmt;
	/* cells */
	struct cellv *cells;
	size_t n_cells, cap_cells;
	struct merge *merges;
	size_t n_merges, cap_merges;
	size_t text_bytes; /* of every cell, merged fills included */
	bool xml_oom; /* libxml2 said, to a reader of ours, that it ran out of memory */
};

static int oom(struct rd *r)
{
	return goc__err(r->db, GOC_ENOMEM, "xlsx: out of memory");
}

static const char *where(struct rd *r, long row, int col, char *buf, size_t n)
{
	char c[8];
	goc__col_name((size_t)col, c);
	snprintf(buf, n, "%.120s!%s%ld", r->sheet_name, c, row);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Zip parts                                                           */
/* ------------------------------------------------------------------ */

/* Read the part name into *out (NUL-terminated, sqlite3_free()).  A part
 * that is absent gives GOC_ENOTFOUND with nothing recorded when optional. */
static int read_part(struct rd *r, const char *name, bool optional, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(r->zip, name, 0, &st) != 0) {
		if (optional)
			return GOC_ENOTFOUND;
		return goc__err(r->db, GOC_EINVAL, "xlsx: the file has no %s: not a workbook", name);
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > GOC_XLSX_MAX_ENTRY)
		return goc__err(r->db, GOC_EINVAL,
		                "xlsx: %s: %llu bytes uncompressed, more than the %zu bytes "
		                "(128 MiB) a part may have (a zip bomb?)", name,
		                (unsigned long long)st.size, GOC_XLSX_MAX_ENTRY);
	zip_file_t *f = zip_fopen(r->zip, name, 0);
	if (!f)
		return goc__err(r->db, GOC_EINVAL, "xlsx: %s: cannot be read: %s", name,
		                zip_strerror(r->zip));
	size_t want = (size_t)st.size;
	char *p = sqlite3_malloc64(want + 1);
	if (!p) {
		zip_fclose(f);
		return oom(r);
	}
	size_t got = 0;
	for (;;) {
		/* read one byte more than declared, to catch a size that lies */
		zip_int64_t k = zip_fread(f, p + got, want + 1 - got);
		if (k < 0) {
			int rc = goc__err(r->db, GOC_EINVAL, "xlsx: %s: corrupt data: %s", name,
			                  zip_file_strerror(f));
			zip_fclose(f);
			sqlite3_free(p);
			return rc;
		}
		if (k == 0)
			break;
		got += (size_t)k;
		if (got > want) {
			zip_fclose(f);
			sqlite3_free(p);
			return goc__err(r->db, GOC_EINVAL,
			                "xlsx: %s: more data than the zip directory declares "
			                "(%zu bytes): corrupt or a zip bomb", name, want);
		}
	}
	int zrc = zip_fclose(f);
	if (zrc != 0 || got != want) {
		sqlite3_free(p);
		return goc__err(r->db, GOC_EINVAL, "xlsx: %s: corrupt data (%zu of %zu bytes)",
		                name, got, want);
	}
	p[got] = '\0';
	*out = p;
	*len = got;
	return GOC_OK;
}

/* Errors a reader of ours meets (XML_PARSE_NOERROR keeps them off stderr):
 * noted when libxml2 ran out of memory, which it may follow with an error
 * of the document ("Couldn't find end of Start Tag") that is not one. */
#if LIBXML_VERSION >= 21200
static void xml_noted(void *arg, const xmlError *e)
#else
static void xml_noted(void *arg, xmlErrorPtr e)
#endif
{
	if (e->code == XML_ERR_NO_MEMORY) /* libxml2 passes an error, never NULL */
		((struct rd *)arg)->xml_oom = true;
}

static xmlTextReaderPtr xml_open(struct rd *r, const char *s, size_t n, const char *name)
{
	if (n > (size_t)INT32_MAX) /* GCOVR_EXCL_BR_LINE: parts are held to GOC_XLSX_MAX_ENTRY */
		return NULL;
	xmlTextReaderPtr x = xmlReaderForMemory(s, (int)n, name, NULL, XML_PARSE_NONET |
	                                        XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                                        XML_PARSE_NOBLANKS);
	if (x)
		xmlTextReaderSetStructuredErrorHandler(x, xml_noted, r);
	return x;
}

static int xml_error(struct rd *r, const char *name)
{
	const xmlError *e = xmlGetLastError();
	int line = e ? e->line : 0;
	const char *m = e && e->message ? e->message : "";
	int mlen = (int)strcspn(m, "\n"); /* libxml2 ends its messages with a newline */
	return goc__err(r->db, GOC_EINVAL, "xlsx: %s: not well-formed XML (line %d)%s%.*s",
	                name, line, *m ? ": " : "", mlen > 100 ? 100 : mlen, m);
}

/* The local name of the reader's node, as a C string. */
static const char *lname(xmlTextReaderPtr x)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x);
	return n ? (const char *)n : "";
}

/* An attribute's value (xmlFree()), by local name without namespace or "r:id". */
static char *attr(xmlTextReaderPtr x, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(x, (const xmlChar *)name);
}

static bool is_text_node(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	       type == XML_READER_TYPE_WHITESPACE;
}

/* ------------------------------------------------------------------ */
/* Workbook: sheets                                                    */
/* ------------------------------------------------------------------ */

struct sheetref {
	char *name, *rid;
};

static void sheets_free(struct sheetref *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		xmlFree(s[i].name);
		xmlFree(s[i].rid);
	}
	sqlite3_free(s);
}

/* The part of the sheet named (NULL: the first): *part (sqlite3_free()). */
static int find_sheet(struct rd *r, const char *want, char **part, char **name_out)
{
	char *wb;
	size_t n;
	int rc = read_part(r, "xl/workbook.xml", false, &wb, &n);
	if (rc != GOC_OK)
		return rc;
	xmlTextReaderPtr x = xml_open(r, wb, n, "xl/workbook.xml");
	struct sheetref *sh = NULL;
	size_t ns = 0, cap = 0;
	int k;
	if (!x) {
		sqlite3_free(wb);
		return oom(r);
	}
	while ((k = xmlTextReaderRead(x)) == 1) {
		if (xmlTextReaderNodeType(x) != XML_READER_TYPE_ELEMENT)
			continue;
		if (strcmp(lname(x), "workbookPr") == 0) {
			char *d = attr(x, "date1904");
			r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
			xmlFree(d);
		} else if (strcmp(lname(x), "sheet") == 0) {
			if (ns == cap) {
				size_t nc = cap ? cap * 2 : 8;
				struct sheetref *p = sqlite3_realloc64(sh, nc * sizeof *p);
				if (!p) {
					rc = oom(r);
					break;
				}
				sh = p;
				cap = nc;
			}
			sh[ns].name = attr(x, "name");
			sh[ns].rid = (char *)xmlTextReaderGetAttributeNs(x, (const xmlChar *)"id",
				(const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
			ns++;
			if (!sh[ns - 1].name || !sh[ns - 1].rid) {
				rc = goc__err(r->db, GOC_EINVAL, "xlsx: xl/workbook.xml: a sheet without a name or id");
				break;
			}
		}
	}
	if (rc == GOC_OK && k < 0)
		rc = xml_error(r, "xl/workbook.xml");
	xmlFreeTextReader(x);
	sqlite3_free(wb);
	size_t pick = 0;
	if (rc == GOC_OK && ns == 0)
		rc = goc__err(r->db, GOC_EINVAL, "xlsx: the workbook has no sheet");
	if (rc == GOC_OK && want) {
		while (pick < ns && strcmp(sh[pick].name, want) != 0)
			pick++;
		if (pick == ns) {
			char list[400];
			size_t used = 0;
			list[0] = '\0';
			for (size_t i = 0; i < ns && used < sizeof list - 1; i++) {
				int w = snprintf(list + used, sizeof list - used, "%s%s",
				                 i ? ", " : "", sh[i].name);
				used += w < 0 ? 0 : (size_t)w;
			}
			rc = goc__err(r->db, GOC_ENOTFOUND, "xlsx: no sheet named \"%.100s\" (the "
			              "workbook has: %s)", want, list);
		}
	}
	char *rels = NULL;
	if (rc == GOC_OK)
		rc = read_part(r, "xl/_rels/workbook.xml.rels", false, &rels, &n);
	char *target = NULL;
	if (rc == GOC_OK) {
		x = xml_open(r, rels, n, "xl/_rels/workbook.xml.rels");
		if (!x)
			rc = oom(r);
		while (rc == GOC_OK && (k = xmlTextReaderRead(x)) == 1) {
			if (xmlTextReaderNodeType(x) != XML_READER_TYPE_ELEMENT ||
			    strcmp(lname(x), "Relationship") != 0)
				continue;
			char *id = attr(x, "Id");
			if (id && strcmp(id, sh[pick].rid) == 0 && !target)
				target = attr(x, "Target");
			xmlFree(id);
		}
		if (rc == GOC_OK && k < 0)
			rc = xml_error(r, "xl/_rels/workbook.xml.rels");
		xmlFreeTextReader(x);
		if (rc == GOC_OK && !target)
			rc = goc__err(r->db, GOC_EINVAL, "xlsx: sheet \"%.100s\" has no part "
			              "(xl/_rels/workbook.xml.rels)", sh[pick].name);
	}
	sqlite3_free(rels);
	if (rc == GOC_OK) {
		/* relative to xl/, or absolute from the package's root */
		*part = target[0] == '/' ? sqlite3_mprintf("%s", target + 1)
		                         : sqlite3_mprintf("xl/%s", target);
		*name_out = sqlite3_mprintf("%s", sh[pick].name);
		if (!*part || !*name_out) {
			sqlite3_free(*part);
			sqlite3_free(*name_out);
			*part = *name_out = NULL;
			rc = oom(r);
		}
	}
	xmlFree(target);
	sheets_free(sh, ns);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Shared strings                                                      */
/* ------------------------------------------------------------------ */

static int read_sst(struct rd *r)
{
	char *s;
	size_t n;
	int rc = read_part(r, "xl/sharedStrings.xml", true, &s, &n);
	if (rc == GOC_ENOTFOUND)
		return GOC_OK;
	if (rc != GOC_OK)
		return rc;
	xmlTextReaderPtr x = xml_open(r, s, n, "xl/sharedStrings.xml");
	if (!x) {
		sqlite3_free(s);
		return oom(r);
	}
	struct buf b = { 0 };
	int in_si = 0, in_t = 0, in_rph = 0, k;
	while (rc == GOC_OK && (k = xmlTextReaderRead(x)) == 1) {
		int type = xmlTextReaderNodeType(x);
		const char *nm = lname(x);
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(x);
			if (strcmp(nm, "si") == 0) {
				b.n = 0;
				if (b.p)
					b.p[0] = '\0';
				in_si = 1;
				if (empty)
					goto close_si;
			} else if (strcmp(nm, "rPh") == 0 && !empty) {
				in_rph = 1;
			} else if (strcmp(nm, "t") == 0 && !empty) {
				in_t = 1;
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(nm, "t") == 0)
				in_t = 0;
			else if (strcmp(nm, "rPh") == 0)
				in_rph = 0;
			else if (strcmp(nm, "si") == 0)
				goto close_si;
			continue;
		}
		if (in_si && in_t && !in_rph && is_text_node(type)) {
			const char *v = (const char *)xmlTextReaderConstValue(x);
			size_t vl = v ? strlen(v) : 0;
			if (b.n + vl > GOC_IMPORT_MAX_CELL)
				rc = goc__err(r->db, GOC_EINVAL, "xlsx: shared string %zu: more than the "
				              "%zu bytes (64 KiB) a cell may have", r->n_sst, GOC_IMPORT_MAX_CELL);
			else if (buf_put(&b, v ? v : "", vl) != 0)
				rc = oom(r);
		}
		continue;
close_si:
		in_si = in_t = in_rph = 0;
		if (r->n_sst >= GOC_XLSX_MAX_CELLS) {
			rc = goc__err(r->db, GOC_EINVAL, "xlsx: more than %d shared strings",
			              GOC_XLSX_MAX_CELLS);
			break;
		}
		if (r->n_sst == r->cap_sst) {
			size_t nc = r->cap_sst ? r->cap_sst * 2 : 64;
			char **p = sqlite3_realloc64(r->sst, nc * sizeof *p);
			size_t *q = p ? sqlite3_realloc64(r->sst_len, nc * sizeof *q) : NULL;
			if (p)
				r->sst = p;
			if (!p || !q) {
				rc = oom(r);
				break;
			}
			r->sst_len = q;
			r->cap_sst = nc;
		}
		char *t = sqlite3_malloc64(b.n + 1);
		if (!t) {
			rc = oom(r);
			break;
		}
		if (b.n)
			memcpy(t, b.p, b.n);
		t[b.n] = '\0';
		r->sst[r->n_sst] = t;
		r->sst_len[r->n_sst++] = b.n;
	}
	if (rc == GOC_OK && k < 0)
		rc = xml_error(r, "xl/sharedStrings.xml");
	xmlFreeTextReader(x);
	sqlite3_free(b.p);
	sqlite3_free(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Styles: which cell styles are dates                                 */
/* ------------------------------------------------------------------ */

static bool builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* Does s begin with word (lower case), in any case? */
static bool lower_prefix(const char *s, const char *word)
{
	for (; *word; s++, word++)
		if ((*s >= 'A' && *s <= 'Z' ? *s + 32 : *s) != *word)
			return false;
	return true;
}

/* A custom format code shows a date if it has y, d, or m (not as minutes:
 * a format with h or s and no y or d is a time) outside quotes, brackets
 * and escaped characters; e is the era year, but not in E+ or E- (scientific
 * notation) or the word General.  Only the first section (before ';')
 * counts. */
static bool code_is_date(const char *s)
{
	bool y = false, d = false, m = false, hs = false;
	for (; *s && *s != ';'; s++) {
		char c = *s;
		if (c == '"') {
			while (s[1] && s[1] != '"')
				s++;
			if (s[1])
				s++;
		} else if (c == '[') {
			while (s[1] && s[1] != ']')
				s++;
			if (s[1])
				s++;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (s[1])
				s++;
		} else if ((c == 'G' || c == 'g') && lower_prefix(s, "general")) {
			s += 6; /* the General keyword: its e is no era year */
		} else if ((c == 'E' || c == 'e') && (s[1] == '+' || s[1] == '-')) {
			s++; /* scientific notation (0.00E+00), not an era year */
		} else {
			c = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			if (c == 'y' || c == 'e')
				y = true;
			else if (c == 'd')
				d = true;
			else if (c == 'm')
				m = true;
			else if (c == 'h' || c == 's')
				hs = true;
		}
	}
	return y || d || (m && !hs);
}

static int read_styles(struct rd *r)
{
	char *s;
	size_t n;
	int rc = read_part(r, "xl/styles.xml", true, &s, &n);
	if (rc == GOC_ENOTFOUND)
		return GOC_OK;
	if (rc != GOC_OK)
		return rc;
	xmlTextReaderPtr x = xml_open(r, s, n, "xl/styles.xml");
	if (!x) {
		sqlite3_free(s);
		return oom(r);
	}
	int in_xfs = 0, k;
	size_t cap_xf = 0;
	while (rc == GOC_OK && (k = xmlTextReaderRead(x)) == 1) {
		int type = xmlTextReaderNodeType(x);
		const char *nm = lname(x);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(nm, "cellXfs") == 0)
				in_xfs = 0;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (strcmp(nm, "cellXfs") == 0) {
			in_xfs = !xmlTextReaderIsEmptyElement(x);
		} else if (strcmp(nm, "numFmt") == 0) {
			char *id = attr(x, "numFmtId"), *code = attr(x, "formatCode");
			if (id && code) {
				if (r->n_fmt == r->cap_fmt) {
					size_t nc = r->cap_fmt ? r->cap_fmt * 2 : 16;
					int *p = sqlite3_realloc64(r->fmt_id, nc * sizeof *p);
					unsigned char *q = p ? sqlite3_realloc64(r->fmt_date, nc) : NULL;
					if (p)
						r->fmt_id = p;
					if (q)
						r->fmt_date = q;
					if (!p || !q)
						rc = oom(r);
					else
						r->cap_fmt = nc;
				}
				if (rc == GOC_OK) {
					r->fmt_id[r->n_fmt] = atoi(id);
					r->fmt_date[r->n_fmt++] = code_is_date(code);
				}
			}
			xmlFree(id);
			xmlFree(code);
		} else if (in_xfs && strcmp(nm, "xf") == 0) {
			if (r->n_xf >= 65536) {
				rc = goc__err(r->db, GOC_EINVAL, "xlsx: xl/styles.xml: more than 65536 cell styles");
				break;
			}
			if (r->n_xf == cap_xf) {
				size_t nc = cap_xf ? cap_xf * 2 : 32;
				unsigned char *p = sqlite3_realloc64(r->xf_date, nc);
				if (!p) {
					rc = oom(r);
					break;
				}
				r->xf_date = p;
				cap_xf = nc;
			}
			char *id = attr(x, "numFmtId");
			long v = id ? atol(id) : 0;
			bool date = builtin_date(v);
			for (size_t i = 0; i < r->n_fmt; i++)
				if (r->fmt_id[i] == v)
					date = r->fmt_date[i];
			xmlFree(id);
			r->xf_date[r->n_xf++] = date;
		}
	}
	if (rc == GOC_OK && k < 0)
		rc = xml_error(r, "xl/styles.xml");
	xmlFreeTextReader(x);
	sqlite3_free(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 → civil date (Howard Hinnant's algorithm), for
 * dates from 1900 on. */
static void civil(long z, int *y, int *m, int *d)
{
	z += 719468; /* > 0: serials begin in 1900 (the algorithm's negative era is not needed) */
	long era = z / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* A date serial → "YYYY-MM-DD" in out[11]. */
static int serial_date(struct rd *r, double v, long row, int col, char out[16])
{
	char w[160];
	if (!(v >= 0 && v < 2958466)) /* 9999-12-31 */
		return goc__err(r->db, GOC_EINVAL, "%s: %g is not a date serial number "
		                "(the cell is formatted as a date)", where(r, row, col, w, sizeof w), v);
	long day = (long)floor(v);
	long unix_days;
	if (r->date1904) {
		unix_days = day - 24107; /* 1904-01-01 is serial 0 */
	} else {
		if (day == 0 || day == 60)
			return goc__err(r->db, GOC_EINVAL, "%s: date serial %ld is %s, which does not "
			                "exist (Excel's 1900 leap-year bug)", where(r, row, col, w, sizeof w),
			                day, day ? "1900-02-29" : "1900-01-00");
		/* serial 61 is 1900-03-01; serials 1..59 are one day later than
		 * they would be without the phantom 1900-02-29 */
		unix_days = (day < 60 ? day + 1 : day) - 25569;
	}
	int y, m, d;
	civil(unix_days, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	return GOC_OK;
}

/* A number as General shows it: an integer without ".0", else at most 15
 * significant digits. */
static void general(double v, char out[40])
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, 40, "%.0f", v);
	else
		snprintf(out, 40, "%.15g", v);
}

/* Parse "C7" → col 3, row 7; false if malformed or out of range. */
static bool parse_ref(const char *s, int *col, long *row)
{
	long c = 0, rr = 0;
	const char *p = s;
	while (*p >= 'A' && *p <= 'Z' && c <= MAX_COL)
		c = c * 26 + (*p++ - 'A' + 1);
	if (p == s || c > MAX_COL)
		return false;
	const char *q = p;
	while (*p >= '0' && *p <= '9' && rr <= MAX_ROW)
		rr = rr * 10 + (*p++ - '0');
	if (p == q || *p || rr < 1 || rr > MAX_ROW)
		return false;
	*col = (int)c;
	*row = rr;
	return true;
}

static int add_cell(struct rd *r, long row, int col, char *text, size_t len)
{
	if (len > GOC_XLSX_MAX_ENTRY - r->text_bytes) {
		sqlite3_free(text);
		char w[160];
		return goc__err(r->db, GOC_EINVAL, "%s: more than %zu bytes (128 MiB) of text in the "
		                "sheet's cells (shared strings and merged ranges counted in each cell)",
		                where(r, row, col, w, sizeof w), GOC_XLSX_MAX_ENTRY);
	}
	r->text_bytes += len;
	if (r->n_cells >= GOC_XLSX_MAX_CELLS) {
		sqlite3_free(text);
		char w[160];
		return goc__err(r->db, GOC_EINVAL, "%s: more than %d cells in the sheet "
		                "(merged ranges counted cell by cell)", where(r, row, col, w, sizeof w),
		                GOC_XLSX_MAX_CELLS);
	}
	if (r->n_cells == r->cap_cells) {
		size_t nc = r->cap_cells ? r->cap_cells * 2 : 256;
		struct cellv *p = sqlite3_realloc64(r->cells, nc * sizeof *p);
		if (!p) {
			sqlite3_free(text);
			return oom(r);
		}
		r->cells = p;
		r->cap_cells = nc;
	}
	struct cellv *c = &r->cells[r->n_cells++];
	memset(c, 0, sizeof *c);
	c->row = row;
	c->col = col;
	c->text = text;
	c->len = len;
	return GOC_OK;
}

/* The text of a finished <c>: type t, style s, the <v> or inline text.
 * Each is at most GOC_IMPORT_MAX_CELL bytes already: the <v> and inline
 * buffers and the shared strings are held to it as they are read. */
static int finish_cell(struct rd *r, long row, int col, const char *t, long style,
                       const struct buf *v, bool has_v, const struct buf *is, bool has_is)
{
	char w[160], num[40];
	const char *text = NULL;
	size_t len = 0;
	const char *vs = v->p ? v->p : "";
	if (t && strcmp(t, "inlineStr") == 0) {
		if (!has_is)
			return GOC_OK;
		text = is->p ? is->p : "";
		len = is->n;
	} else if (!has_v) {
		return GOC_OK; /* a styled empty cell */
	} else if (t && strcmp(t, "s") == 0) {
		char *end;
		long i = strtol(vs, &end, 10);
		if (end == vs || *end || i < 0 || (size_t)i >= r->n_sst)
			return goc__err(r->db, GOC_EINVAL, "%s: shared string %.20s does not exist "
			                "(the workbook has %zu)", where(r, row, col, w, sizeof w), vs,
			                r->n_sst);
		text = r->sst[i];
		len = r->sst_len[i];
	} else if (t && (strcmp(t, "str") == 0)) {
		text = vs;
		len = v->n;
	} else if (t && strcmp(t, "b") == 0) {
		text = strcmp(vs, "0") == 0 ? "FALSE" : "TRUE";
		len = strlen(text);
	} else if (t && strcmp(t, "e") == 0) {
		return goc__err(r->db, GOC_EINVAL, "%s: the cell holds the error %.20s",
		                where(r, row, col, w, sizeof w), vs);
	} else if (t && strcmp(t, "d") == 0) {
		/* ISO 8601 date cell: keep the date part */
		len = v->n >= 10 ? 10 : v->n;
		text = vs;
	} else {
		char *end;
		double d = strtod(vs, &end);
		if (end == vs || *end || !isfinite(d))
			return goc__err(r->db, GOC_EINVAL, "%s: not a number: \"%.40s\"",
			                where(r, row, col, w, sizeof w), vs);
		if (style >= 0 && (size_t)style < r->n_xf && r->xf_date[style]) {
			int rc = serial_date(r, d, row, col, num);
			if (rc != GOC_OK)
				return rc;
		} else {
			general(d, num);
		}
		text = num;
		len = strlen(num);
	}
	if (len == 0)
		return GOC_OK;
	char *copy = sqlite3_malloc64(len + 1);
	if (!copy)
		return oom(r);
	memcpy(copy, text, len);
	copy[len] = '\0';
	return add_cell(r, row, col, copy, len);
}

/* ------------------------------------------------------------------ */
/* The sheet                                                           */
/* ------------------------------------------------------------------ */

static int read_sheet(struct rd *r, const char *part)
{
	char *s;
	size_t n;
	int rc = read_part(r, part, false, &s, &n);
	if (rc != GOC_OK)
		return rc;
	xmlTextReaderPtr x = xml_open(r, s, n, part);
	if (!x) {
		sqlite3_free(s);
		return oom(r);
	}
	struct buf v = { 0 }, is = { 0 };
	long row = 0, style = -1;
	int col = 0, k;
	char *t = NULL;
	bool in_c = false, in_v = false, in_is = false, in_t = false, in_rph = false;
	bool has_v = false, has_is = false;
	char w[160];
	while (rc == GOC_OK && (k = xmlTextReaderRead(x)) == 1) {
		int type = xmlTextReaderNodeType(x);
		const char *nm = lname(x);
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(x);
			if (strcmp(nm, "row") == 0) {
				char *rs = attr(x, "r");
				long next = row + 1;
				if (rs) {
					char *end;
					next = strtol(rs, &end, 10);
					if (end == rs || *end || next < 1 || next > MAX_ROW || next <= row)
						rc = goc__err(r->db, GOC_EINVAL, "xlsx: %s: bad row number "
						              "\"%.20s\" after row %ld", part, rs, row);
				}
				xmlFree(rs);
				if (next > MAX_ROW)
					rc = goc__err(r->db, GOC_EINVAL, "xlsx: %s: more than %ld rows",
					              part, MAX_ROW);
				row = next;
				col = 0;
			} else if (strcmp(nm, "c") == 0) {
				char *ref = attr(x, "r"), *st = attr(x, "s");
				int c2;
				long r2;
				if (row == 0)
					rc = goc__err(r->db, GOC_EINVAL, "xlsx: %s: a cell outside any row", part);
				else if (ref && !(parse_ref(ref, &c2, &r2) && r2 == row && c2 > col))
					rc = goc__err(r->db, GOC_EINVAL, "%s: bad cell reference \"%.20s\"",
					              where(r, row, col + 1 > MAX_COL ? MAX_COL : col + 1, w, sizeof w), ref);
				else if (!ref && col + 1 > MAX_COL)
					rc = goc__err(r->db, GOC_EINVAL, "xlsx: %s: row %ld has more than "
					              "%d columns", part, row, MAX_COL);
				else
					col = ref ? c2 : col + 1;
				style = st ? atol(st) : -1;
				xmlFree(ref);
				xmlFree(st);
				xmlFree(t);
				t = attr(x, "t");
				v.n = is.n = 0;
				if (v.p)
					v.p[0] = '\0';
				if (is.p)
					is.p[0] = '\0';
				has_v = has_is = false;
				in_c = !empty;
			} else if (in_c && strcmp(nm, "v") == 0) {
				in_v = !empty;
				has_v = true;
			} else if (in_c && strcmp(nm, "is") == 0) {
				in_is = !empty;
				has_is = true;
			} else if (in_is && strcmp(nm, "rPh") == 0) {
				in_rph = !empty;
			} else if (in_is && strcmp(nm, "t") == 0) {
				in_t = !empty;
			} else if (strcmp(nm, "mergeCell") == 0) {
				char *ref = attr(x, "ref"), *colon = ref ? strchr(ref, ':') : NULL;
				struct merge m;
				bool ok = false;
				if (colon) {
					*colon = '\0';
					ok = parse_ref(ref, &m.c1, &m.r1) && parse_ref(colon + 1, &m.c2, &m.r2) &&
					     m.r1 <= m.r2 && m.c1 <= m.c2;
					*colon = ':';
				}
				if (!ok)
					rc = goc__err(r->db, GOC_EINVAL, "xlsx: %s: bad merged range "
					              "\"%.40s\"", part, ref ? ref : "");
				xmlFree(ref);
				if (rc == GOC_OK) {
					if (r->n_merges == r->cap_merges) {
						size_t nc = r->cap_merges ? r->cap_merges * 2 : 16;
						struct merge *p = sqlite3_realloc64(r->merges, nc * sizeof *p);
						if (!p) {
							rc = oom(r);
							break;
						}
						r->merges = p;
						r->cap_merges = nc;
					}
					r->merges[r->n_merges++] = m;
				}
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(nm, "v") == 0)
				in_v = false;
			else if (strcmp(nm, "t") == 0)
				in_t = false;
			else if (strcmp(nm, "rPh") == 0)
				in_rph = false;
			else if (strcmp(nm, "is") == 0)
				in_is = false;
			else if (strcmp(nm, "c") == 0 && in_c) {
				in_c = false;
				rc = finish_cell(r, row, col, t, style, &v, has_v, &is, has_is);
			}
			continue;
		}
		if (!is_text_node(type) || !in_c)
			continue;
		struct buf *b = in_v ? &v : in_is && in_t && !in_rph ? &is : NULL;
		if (!b)
			continue;
		const char *val = (const char *)xmlTextReaderConstValue(x);
		size_t vl = val ? strlen(val) : 0;
		if (b->n + vl > GOC_IMPORT_MAX_CELL)
			rc = goc__err(r->db, GOC_EINVAL, "%s: a cell of more than the %zu bytes "
			              "(64 KiB) a cell may have", where(r, row, col, w, sizeof w),
			              GOC_IMPORT_MAX_CELL);
		else if (buf_put(b, val ? val : "", vl) != 0)
			rc = oom(r);
	}
	if (rc == GOC_OK && k < 0)
		rc = xml_error(r, part);
	xmlFreeTextReader(x);
	xmlFree(t);
	sqlite3_free(v.p);
	sqlite3_free(is.p);
	sqlite3_free(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Cells → rows                                                        */
/* ------------------------------------------------------------------ */

static int cmp_cell(const void *a, const void *b)
{
	const struct cellv *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	/* a cell of its own before a merge's fill of the same place */
	return (x->text == NULL) - (y->text == NULL);
}

static int cmp_pos(const void *key, const void *elem)
{
	const struct cellv *x = key, *y = elem;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Fill every merged range with its top-left cell's value. */
static int fill_merges(struct rd *r)
{
	size_t own = r->n_cells;
	qsort(r->cells, own, sizeof *r->cells, cmp_cell);
	for (size_t i = 0; i < r->n_merges; i++) {
		const struct merge *m = &r->merges[i];
		struct cellv key = { .row = m->r1, .col = m->c1 };
		const struct cellv *tl = bsearch(&key, r->cells, own, sizeof *r->cells, cmp_pos);
		if (!tl)
			continue; /* an empty range */
		double area = (double)(m->r2 - m->r1 + 1) * (double)(m->c2 - m->c1 + 1);
		if (area > (double)(GOC_XLSX_MAX_CELLS - r->n_cells) + 1) {
			char w[160];
			return goc__err(r->db, GOC_EINVAL, "%s: more than %d cells in the sheet "
			                "(merged ranges counted cell by cell)",
			                where(r, m->r1, m->c1, w, sizeof w), GOC_XLSX_MAX_CELLS);
		}
		size_t from = (size_t)(tl - r->cells);
		for (long rr = m->r1; rr <= m->r2; rr++)
			for (int cc = m->c1; cc <= m->c2; cc++) {
				if (rr == m->r1 && cc == m->c1)
					continue;
				int rc = add_cell(r, rr, cc, NULL, r->cells[from].len);
				if (rc != GOC_OK)
					return rc;
				r->cells[r->n_cells - 1].from = from + 1;
			}
	}
	return GOC_OK;
}

static int build_rows(struct rd *r, struct goc__grid *g)
{
	/* fills refer to the first `own` cells by index: resolve them before sorting */
	for (size_t i = 0; i < r->n_cells; i++) {
		struct cellv *c = &r->cells[i];
		if (!c->from) /* a cell of its own (a fill has no text yet) */
			continue;
		const struct cellv *src = &r->cells[c->from - 1];
		c->text = sqlite3_malloc64(src->len + 1);
		if (!c->text)
			return oom(r);
		memcpy(c->text, src->text, src->len + 1);
		c->len = src->len;
		c->from = 0;
	}
	qsort(r->cells, r->n_cells, sizeof *r->cells, cmp_cell);
	for (size_t i = 0; i < r->n_cells;) {
		size_t j = i;
		int maxcol = 0;
		while (j < r->n_cells && r->cells[j].row == r->cells[i].row) {
			if (r->cells[j].col > maxcol)
				maxcol = r->cells[j].col;
			j++;
		}
		if (g->n_rows == g->cap) {
			size_t nc = g->cap ? g->cap * 2 : 64;
			struct goc__grid_row *p = sqlite3_realloc64(g->rows, nc * sizeof *p);
			if (!p)
				return oom(r);
			g->rows = p;
			g->cap = nc;
		}
		struct goc__grid_row *row = &g->rows[g->n_rows];
		memset(row, 0, sizeof *row);
		row->line = r->cells[i].row;
		row->cell = sqlite3_malloc64((size_t)maxcol * sizeof *row->cell);
		if (!row->cell)
			return oom(r);
		g->n_rows++;
		for (int k = 0; k < maxcol; k++)
			row->cell[k] = NULL;
		row->n = (size_t)maxcol;
		for (size_t k = i; k < j; k++) {
			struct cellv *c = &r->cells[k];
			if (row->cell[c->col - 1]) { /* a merge's fill over a cell of its own */
				sqlite3_free(c->text);
			} else {
				row->cell[c->col - 1] = c->text;
			}
			c->text = NULL;
		}
		for (int k = 0; k < maxcol; k++) {
			if (row->cell[k])
				continue;
			if (!(row->cell[k] = sqlite3_malloc64(1)))
				return oom(r);
			row->cell[k][0] = '\0';
		}
		i = j;
	}
	return GOC_OK;
}

static void rd_free(struct rd *r)
{
	for (size_t i = 0; i < r->n_sst; i++)
		sqlite3_free(r->sst[i]);
	sqlite3_free(r->sst);
	sqlite3_free(r->sst_len);
	sqlite3_free(r->xf_date);
	sqlite3_free(r->fmt_id);
	sqlite3_free(r->fmt_date);
	for (size_t i = 0; i < r->n_cells; i++)
		sqlite3_free(r->cells[i].text);
	sqlite3_free(r->cells);
	sqlite3_free(r->merges);
	zip_discard(r->zip); /* open: rd_free() follows a zip_open_from_source() that worked */
}

/* libxml2 wants xmlInitParser() once before threads parse (its lazy
 * initialisation is not thread-safe in 2.9). */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

int goc__xlsx_read(goc_db *db, const char *data, size_t len, const char *sheet,
                   struct goc__grid *g)
{
	memset(g, 0, sizeof *g);
	pthread_once(&xml_once, xml_init);
	xmlResetLastError(); /* the thread's: read below for libxml2's failures */
	if (len > GOC_IMPORT_MAX_BYTES)
		return goc__err(db, GOC_EINVAL, "xlsx: %zu bytes, more than the %zu bytes (64 MiB) "
		                "a file may have", len, GOC_IMPORT_MAX_BYTES);
	struct rd r;
	memset(&r, 0, sizeof r);
	r.db = db;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return goc__err(db, GOC_ENOMEM, "xlsx: out of memory");
	}
	r.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!r.zip) {
		int rc = goc__err(db, GOC_EINVAL, "xlsx: not a readable zip archive: %s",
		                  zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	char *part = NULL, *name = NULL;
	int rc = find_sheet(&r, sheet, &part, &name);
	if (rc == GOC_OK) {
		r.sheet_name = name;
		rc = read_sst(&r);
	}
	if (rc == GOC_OK)
		rc = read_styles(&r);
	if (rc == GOC_OK)
		rc = read_sheet(&r, part);
	if (rc == GOC_OK)
		rc = fill_merges(&r);
	if (rc == GOC_OK)
		rc = build_rows(&r, g);
	/* libxml2 carries on without memory it could not get (an attribute it
	 * could not copy reads as absent, a buffer it could not grow as
	 * malformed XML): after that, whatever this read made of the workbook
	 * is not its answer */
	const xmlError *xe = xmlGetLastError();
	if (r.xml_oom || (xe && xe->code == XML_ERR_NO_MEMORY))
		rc = oom(&r);
	sqlite3_free(part);
	rd_free(&r);
	if (rc == GOC_OK) {
		g->sheet = name;
	} else {
		sqlite3_free(name);
		goc__grid_free(g);
	}
	return rc;
}
