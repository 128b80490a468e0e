/*
 * libgoc — the task decomposition table reader (任务分解表 → goc__plandoc).
 *
 * Approach.  The reader works in four stages, none of which assumes that
 * the input ends with a NUL (it is read by length only):
 *
 *  1. Decoding.  opts->encoding NULL: a UTF-8 byte order mark, or bytes that
 *     are valid UTF-8, mean UTF-8 (used in place, no copy); anything else is
 *     converted from GB18030 (a superset of GBK and GB2312) with iconv.
 *     "utf-8"/"utf8" in any case validates only; any other name is handed
 *     to iconv_open() (names with '/' are refused, so that "//IGNORE"
 *     cannot silently drop text).  A NUL character is never text: it is
 *     reported as binary data.  Encoding errors give the line and the
 *     column in characters of the offending byte.
 *  2. Delimiter.  opts->delimiter, or detected from the header row (the
 *     first line containing 序号; failing that, the first non-blank line):
 *     a tab there means TSV, otherwise CSV.
 *  3. Cells.  libcsv splits rows (RFC 4180 quoting, doubled quotes, cells
 *     with newlines; not strict, so a quote inside an unquoted cell is an
 *     ordinary character, which is what TSV needs; no trimming of spaces).
 *     The text is fed in segments that end at every delimiter, CR and LF:
 *     libcsv only calls back on those bytes, so at each callback the
 *     reader knows exactly where it is and keeps the physical line on
 *     which each cell and each row begins, even when a quoted cell spans
 *     lines.  CRLF inside a cell becomes LF.
 *  4. Rows, one at a time, by a small state machine (current section,
 *     special task, open work item, units of the last row with items):
 *       - blank rows are skipped; rows with text in a 5th or later column
 *         are an error;
 *       - a row whose first cell is 序号 is a header: the other cells must
 *         be 专项任务, 工作内容, 责任单位; repeated headers (page breaks) are
 *         skipped.  Before the first header, rows with text in the first
 *         cell only (a title such as "附件") are skipped; anything else is
 *         an error;
 *       - "一、title" (Chinese numeral 一 … 九十九, "、", title; other cells
 *         empty) opens a section s<n>;
 *       - "N | title | content | units" opens special task t<N> (or, with
 *         the number and title of the open special task, continues it
 *         across a page break); its content must begin with a work item;
 *       - a row with empty first two cells carries work content and/or
 *         units.
 *     Cells are stripped of simple HTML tags (<p>, </p>, <br/>, <span
 *     class="x"> …: '<', an optional '/', an ASCII letter, then anything
 *     but '<' up to '>'), and trimmed of whitespace (ASCII, U+00A0,
 *     U+3000).  The 工作内容 cell is cut at work item markers "(k)" or
 *     "（k）": a marker at the start of the cell, of a line, or next to a
 *     removed tag is *strong* — its number must be the next one, or it is a
 *     duplicate (GOC_EEXISTS) or a jump (GOC_EINVAL); a marker that merely
 *     follows a space inside the text is *weak* and counts only if it has
 *     the next number (otherwise it is text, e.g. "见 (3)").  Text before
 *     the first marker continues the open work item (page break) and is
 *     appended with no separator.  A work item's text is closed (trimmed,
 *     checked non-empty, "每年" → annual, "X牵头" → X is its lead) when
 *     the next item, special task or section begins, or at the end; a
 *     special task is then given the union of its items' units, in order of
 *     first appearance, as responsible.
 *
 * Units.  The 责任单位 cell is split on 、 ， , ; ； and whitespace; the
 * names are kept as written (goc__plandoc_store() resolves them).  It
 * applies to every work item that begins in its row; blank, it means the
 * units of the last row that began work items.  On a row that begins no
 * work item a units cell must repeat those units (it is then ignored).
 * An assignment's location is line L, column 4, where L is the line on
 * which the row that names the units begins (for an inherited, blank cell:
 * the row above that named them).
 *
 * Errors (all recorded with goc__err(); messages about the input begin
 * "line L, column C:", where C is the table column 1–4, or for encoding
 * errors the character column in the line; messages about the options
 * begin "encoding:", "delimiter:" or "options:"):
 *   GOC_EINVAL     empty input; NUL bytes (binary data); bytes not in the
 *                  encoding; unknown encoding name ("encoding: …"); bad
 *                  delimiter ("delimiter: …"); no header row; a header
 *                  with other names; text in a 5th column; a first cell
 *                  that is neither 序号, a section nor a number; a title
 *                  without a number; a section row with other cells filled;
 *                  a special task before any section; numbering that jumps
 *                  (sections, special tasks, work items); a special task row
 *                  whose 工作内容 does not begin with a work item — this is
 *                  the error of a truncated row such as "4 | 提升便利化服务水平"
 *                  (column 3, "has no work content"); text with no open
 *                  work item to continue; a work item outside any special
 *                  task; a work item without text; no responsible unit;
 *                  units on a continuation row that differ from those above;
 *                  more than 200 unit names in a cell or units for a special
 *                  task (bounds that keep the work linear on hostile input);
 *                  a cell of more than GOC_IMPORT_MAX_CELL bytes (64 KiB,
 *                  after decoding; the input as a whole is held to
 *                  GOC_IMPORT_MAX_BYTES by goc_plan_import_table());
 *                  a table with no work items.
 *   GOC_EEXISTS    a section, special task or work item numbered twice
 *                  (the same number again with another title, or a number
 *                  going backwards).
 *   GOC_ECANCELLED the progress callback (called once per row, with the
 *                  input bytes consumed so far out of len) returned nonzero.
 *   GOC_ENOMEM     out of memory.
 * Due dates are never set here (the store knows the plan's end date).
 */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "grid.h"
#include "plandoc.h"

#define QUOTE_CHARS 40        /* characters of a cell quoted in a message */
#define MAX_UNITS 200         /* unit names in one cell, units of one special task */
#define MAX_NUMBER 99999999UL /* larger numbers are "jumps" */

/* ------------------------------------------------------------------ */
/* Growable buffers (SQLite's allocator, like the rest of libgoc)      */
/* ------------------------------------------------------------------ */

struct sbuf {
	char *p;
	size_t n, cap;
};

static int sb_reserve(struct sbuf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->n) /* GCOVR_EXCL_BR_LINE: inputs are held to GOC_IMPORT_MAX_BYTES */
		return -1;
	size_t need = b->n + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = sqlite3_realloc64(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

static int sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (sb_reserve(b, n) != 0)
		return -1;
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

static void sb_clear(struct sbuf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

static void sb_free(struct sbuf *b)
{
	sqlite3_free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Text helpers                                                        */
/* ------------------------------------------------------------------ */

/* Length of the whitespace character at s[0..n), or 0. */
static size_t ws_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r' ||
	    u[0] == '\v' || u[0] == '\f')
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2; /* U+00A0 */
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3; /* U+3000 ideographic space */
	return 0;
}

/* Length of the whitespace character that ends at s[i] (exclusive), or 0. */
static size_t ws_before(const char *s, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	if (i == 0)
		return 0;
	unsigned char c = u[i - 1];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
		return 1;
	if (i >= 2 && u[i - 2] == 0xC2 && c == 0xA0)
		return 2;
	if (i >= 3 && u[i - 3] == 0xE3 && u[i - 2] == 0x80 && c == 0x80)
		return 3;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	size_t w;
	while ((w = ws_at(*s, *n)) != 0) {
		*s += w;
		*n -= w;
	}
	while ((w = ws_before(*s, *n)) != 0)
		*n -= w;
}

static bool blank(const char *s, size_t n)
{
	trim(&s, &n);
	return n == 0;
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a simple HTML tag at s[0..n) (s[0] is '<'), or 0 if there is
 * none. */
static size_t tag_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 1;
	if (n < 3)
		return 0;
	if (u[i] == '/')
		i++;
	if (!is_alpha(u[i])) /* i <= 2 < n */
		return 0;
	while (i < n && (is_alpha(u[i]) || is_digit(u[i])))
		i++;
	if (i >= n)
		return 0;
	if (u[i] == '>')
		return i + 1;
	if (u[i] == '/' && i + 1 < n && u[i + 1] == '>')
		return i + 2;
	if (u[i] != ' ' && u[i] != '\t' && u[i] != '\n') /* cells have no CR (on_field()) */
		return 0;
	for (; i < n; i++) {
		if (u[i] == '<')
			return 0;
		if (u[i] == '>')
			return i + 1;
	}
	return 0;
}

/*
 * Strip simple HTML tags from s[0..n) into out (NUL-terminated).  If brk is
 * not NULL it receives one byte per output byte plus one: brk[k] is 1 when
 * a tag was removed just before output position k.
 */
static int strip_tags(const char *s, size_t n, struct sbuf *out, struct sbuf *brk)
{
	bool pending = false;
	sb_clear(out);
	if (brk)
		sb_clear(brk);
	if (sb_reserve(out, n) != 0 || (brk && sb_reserve(brk, n + 1) != 0))
		return -1;
	for (size_t i = 0; i < n;) {
		size_t t = s[i] == '<' ? tag_at(s + i, n - i) : 0;
		if (t) {
			pending = true;
			i += t;
			continue;
		}
		out->p[out->n++] = s[i++];
		if (brk)
			brk->p[brk->n++] = pending;
		pending = false;
	}
	out->p[out->n] = '\0';
	if (brk)
		brk->p[brk->n] = pending; /* brk[out->n]: a tag at the very end */
	return 0;
}

/* Bytes of at most max characters of s[0..n), cut at a character boundary. */
static int quote_len(const char *s, size_t n, size_t max)
{
	size_t i = 0, chars = 0;
	while (i < n && chars < max) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return i > INT_MAX ? INT_MAX : (int)i; /* GCOVR_EXCL_BR_LINE: a cell is at most GOC_IMPORT_MAX_CELL bytes */
}

/* "…" when s[0..n) is longer than what quote_len() shows. */
static const char *ellipsis(const char *s, size_t n, size_t max)
{
	return (size_t)quote_len(s, n, max) < n ? "…" : "";
}

/* Line and character column of offset off in UTF-8(-ish) text s. */
static void locate(const char *s, size_t off, int *line, int *column)
{
	long l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b == '\n') {
			l++;
			c = 1;
		} else if (b == '\r' && !(i + 1 < off && s[i + 1] == '\n')) {
			l++;
			c = 1;
		} else if ((b & 0xC0) != 0x80) {
			c++;
		}
	}
	/* inputs are held to GOC_IMPORT_MAX_BYTES: both fit an int */
	*line = l > INT_MAX ? INT_MAX : (int)l;   /* GCOVR_EXCL_BR_LINE: see above */
	*column = c > INT_MAX ? INT_MAX : (int)c; /* GCOVR_EXCL_BR_LINE: see above */
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */
/* ------------------------------------------------------------------ */

static bool eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		if (x != *b)
			return false;
	}
	return *a == *b;
}

static bool is_utf8_name(const char *enc)
{
	return eq_nocase(enc, "utf-8") || eq_nocase(enc, "utf8") ||
	       eq_nocase(enc, "utf_8");
}

static bool has_bom(const char *s, size_t n)
{
	return n >= 3 && (unsigned char)s[0] == 0xEF &&
	       (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF;
}

/* bad < n: the offset of a byte of s[0..n) (a scan's or memchr()'s).
 * doc: what the input should be, for the message about a NUL byte. */
static int utf8_error(goc_db *db, const char *s, size_t bad, const char *what,
                      const char *doc)
{
	int line, col;
	locate(s, bad, &line, &col);
	if (s[bad] == '\0')
		return goc__err(db, GOC_EINVAL,
		                "line %d, column %d: NUL byte: binary data (or UTF-16), "
		                "not %s", line, col, doc);
	return goc__err(db, GOC_EINVAL, "line %d, column %d: %s (byte 0x%02X)",
	                line, col, what, (unsigned char)s[bad]);
}

/*
 * Convert data[0..len) to UTF-8 into out.  On an error the message names
 * the line and column, counted in what was converted so far, unless
 * *fail_off is not SIZE_MAX and lies beyond the offset of the failure: the
 * caller then reports its own error (GOC_EINVAL, nothing recorded).
 */
static int convert(goc_db *db, iconv_t cd, const char *data, size_t len,
                   struct sbuf *out, const char *what, size_t *fail_off)
{
	char *in = (char *)data;
	size_t inleft = len;
	bool flushed = false;
	if (len > SIZE_MAX / 4 - 64 || /* GCOVR_EXCL_BR_LINE: inputs are held to GOC_IMPORT_MAX_BYTES */
	    sb_reserve(out, len + len / 2 + 64) != 0)
		return goc__err(db, GOC_ENOMEM, "out of memory decoding the input");
	while (!flushed) {
		char *o = out->p + out->n;
		size_t oleft = out->cap - 1 - out->n;
		size_t r;
		if (inleft) {
			r = iconv(cd, &in, &inleft, &o, &oleft);
		} else {
			r = iconv(cd, NULL, NULL, &o, &oleft); /* shift state */
			flushed = r != (size_t)-1;
		}
		int err = errno;
		out->n = (size_t)(o - out->p);
		out->p[out->n] = '\0';
		if (r != (size_t)-1)
			continue;
		if (err == E2BIG) {
			if (sb_reserve(out, out->cap) != 0)
				return goc__err(db, GOC_ENOMEM, "out of memory decoding the input");
			continue;
		}
		/* EILSEQ or EINVAL: in is at the bad or incomplete character */
		int line, col;
		size_t off = (size_t)(in - data);
		if (*fail_off != SIZE_MAX && *fail_off > off)
			return GOC_EINVAL;
		*fail_off = off;
		locate(out->p, out->n, &line, &col);
		return goc__err(db, GOC_EINVAL,
		                "line %d, column %d: %s (byte 0x%02X at offset %zu%s)",
		                line, col, what, (unsigned char)data[off], off,
		                err == EINVAL ? ", incomplete character at the end" : "");
	}
	return GOC_OK;
}

struct decoded {
	const char *text; /* UTF-8, not NUL-terminated */
	size_t len;
	size_t bias;      /* bytes of input skipped before text (BOM) */
	bool converted;   /* text is in buf, of another length than the input */
	struct sbuf buf;
};

/* fail_off: as for convert(); doc: as for utf8_error(). */
static int decode_with(goc_db *db, const char *data, size_t len, const char *from,
                       struct decoded *d, const char *what, size_t *fail_off,
                       const char *doc)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return goc__err(db, GOC_EINVAL, "encoding: unknown encoding \"%s\"", from);
	int rc = convert(db, cd, data, len, &d->buf, what, fail_off);
	iconv_close(cd);
	if (rc != GOC_OK)
		return rc;
	d->text = d->buf.p;
	d->len = d->buf.n;
	d->converted = true;
	if (has_bom(d->text, d->len)) { /* U+FEFF from a UTF-16/32 BOM */
		d->text += 3;
		d->len -= 3;
	}
	size_t bad;
	if (goc__utf8_scan(d->text, d->len, NULL, &bad) != 0)
		return utf8_error(db, d->text, bad, "not a valid character", doc);
	return GOC_OK;
}

/* The input as UTF-8 (see the top of this file); doc: what it should be,
 * for the message about a NUL byte ("a task decomposition table"). */
static int decode(goc_db *db, const char *data, size_t len, const char *enc,
                  struct decoded *d, const char *doc)
{
	if (enc && !is_utf8_name(enc)) {
		if (*enc == '\0' || strchr(enc, '/'))
			return goc__err(db, GOC_EINVAL, "encoding: unknown encoding \"%s\"", enc);
		if (has_bom(data, len))
			return goc__err(db, GOC_EINVAL,
			                "encoding: the input begins with a UTF-8 byte order "
			                "mark but the encoding given is \"%s\"", enc);
		/* Text that is valid UTF-8 with characters beyond ASCII is UTF-8:
		 * converting it from another encoding would make mojibake. */
		size_t bad_u;
		bool non_ascii = false;
		for (size_t i = 0; i < len && !non_ascii; i++)
			non_ascii = (unsigned char)data[i] >= 0x80;
		iconv_t probe = iconv_open("UTF-8", enc);
		if (probe == (iconv_t)-1)
			return goc__err(db, GOC_EINVAL, "encoding: unknown encoding \"%s\"", enc);
		iconv_close(probe);
		if (non_ascii && goc__utf8_scan(data, len, NULL, &bad_u) == 0)
			return goc__err(db, GOC_EINVAL,
			                "encoding: the input is UTF-8 text, not \"%s\": name no "
			                "encoding (it is detected) or \"utf-8\"", enc);
		char what[96];
		snprintf(what, sizeof what, "not valid %.60s text", enc);
		size_t none = SIZE_MAX;
		return decode_with(db, data, len, enc, d, what, &none, doc);
	}
	size_t bom = has_bom(data, len) ? 3 : 0, bad;
	const char *nul = memchr(data, '\0', len);
	if (nul) /* never text in UTF-8 or GB18030 */
		return utf8_error(db, data + bom, (size_t)(nul - data) - bom, "", doc);
	if (goc__utf8_scan(data + bom, len - bom, NULL, &bad) == 0) {
		d->text = data + bom;
		d->len = len - bom;
		d->bias = bom;
		return GOC_OK;
	}
	if (enc || bom)
		return utf8_error(db, data + bom, bad, "invalid UTF-8", doc);
	/* Neither?  Report the decoding that went further: a UTF-8 file with
	 * one bad byte is told where that byte is. */
	size_t fail = bom + bad;
	int rc = decode_with(db, data, len, "GB18030", d,
	                     "text is neither GB18030 nor UTF-8", &fail, doc);
	if (rc == GOC_EINVAL && fail == bom + bad)
		return utf8_error(db, data + bom, bad, "text is neither UTF-8 nor GB18030", doc);
	return rc;
}

GOC_API int goc_text_decode(char **out, size_t *out_len, const char *data, size_t len,
                            const char *encoding)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!out)
		return goc__err(NULL, GOC_EINVAL, "out: must not be NULL");
	if (!data && len)
		return goc__err(NULL, GOC_EINVAL, "data: must not be NULL");
	if (len > GOC_IMPORT_MAX_BYTES)
		return goc__err(NULL, GOC_EINVAL,
		                "data: %zu bytes, more than the %zu bytes (64 MiB) text may have",
		                len, GOC_IMPORT_MAX_BYTES);
	struct decoded dec;
	memset(&dec, 0, sizeof dec);
	int rc = decode(NULL, len ? data : "", len, encoding, &dec, "text");
	char *text = NULL;
	if (rc == GOC_OK && !(text = goc__malloc(dec.len + 1)))
		rc = goc__err(NULL, GOC_ENOMEM, "out of memory decoding the input");
	if (rc == GOC_OK) {
		if (dec.len)
			memcpy(text, dec.text, dec.len);
		text[dec.len] = '\0';
		*out = text;
		if (out_len)
			*out_len = dec.len;
	}
	sb_free(&dec.buf);
	return rc;
}

/* The delimiter of the header row (the first line with 序号), or else of
 * the first non-blank line: a tab means TSV. */
static char detect_delimiter(const char *s, size_t n)
{
	static const char header[] = "\xE5\xBA\x8F\xE5\x8F\xB7"; /* 序号 */
	size_t start = 0, first = SIZE_MAX;
	while (start < n) {
		size_t end = start;
		while (end < n && s[end] != '\n' && s[end] != '\r')
			end++;
		bool has_header = false, has_tab = false;
		for (size_t i = start; i < end; i++) {
			if (s[i] == '\t')
				has_tab = true;
			if (i + 6 <= end && memcmp(s + i, header, 6) == 0)
				has_header = true;
		}
		if (has_header)
			return has_tab ? '\t' : ',';
		if (first == SIZE_MAX && !blank(s + start, end - start))
			first = has_tab ? '\t' : ',';
		start = end + 1;
	}
	return first == SIZE_MAX ? ',' : (char)first;
}

/* ------------------------------------------------------------------ */
/* The parser state                                                    */
/* ------------------------------------------------------------------ */

struct units {
	const char **names;
	size_t n;
	int line; /* line of the row whose cell names them */
};

struct row {
	struct sbuf cell[4];
	int cell_line[4];
	int ncells;
	int extra_col, extra_line; /* first non-empty column beyond 4 */
	int line;
};

struct ctx {
	goc_db *db;
	struct goc__plandoc *doc;
	const goc_import_options *opts;
	size_t input_len;
	const struct decoded *dec;
	int rc;
	bool stop;

	/* position tracking */
	int line;               /* line of the byte being fed */
	bool at_field_start, at_row_start;
	int field_line;
	size_t consumed;        /* text bytes up to the current segment's end */

	struct row row;
	struct sbuf tmp, tmp2, brk; /* scratch */

	/* table state */
	bool header_seen;
	unsigned long sec_num;  /* last section number (0: none) */
	bool sec_open;
	const char *sec_code, *sec_title;
	unsigned long task_num; /* last special task number */
	bool task_open;
	size_t task_idx;
	const char *task_code, *task_title;
	unsigned long item_num; /* last work item number */
	bool item_open;
	size_t item_idx;
	int item_line;
	struct sbuf item_text;
	const struct units *item_units;
	const struct units *last_units; /* of the last row that began items */
	const struct units *row_units;  /* for items beginning in this row */
	bool c3_blank;                  /* the row's 工作内容 is blank */
	size_t lic_pos;                 /* line_in_cell() cache */
	int lic_line;
	size_t n_items;
};

static int oom(struct ctx *c)
{
	return goc__err(c->db, GOC_ENOMEM, "table: out of memory");
}

static char *adup(struct ctx *c, const char *s, size_t n)
{
	return goc__arena_strndup(c->doc->arena, s, n);
}

static const char *adup_arena(struct goc__plandoc *doc, const char *s)
{
	return goc__arena_strdup(doc->arena, s);
}

static const char *acode(struct ctx *c, char prefix, unsigned long n)
{
	char buf[32];
	int k = snprintf(buf, sizeof buf, "%c%lu", prefix, n);
	return adup(c, buf, (size_t)k);
}

/* Cell k (0-based) of the current row: cells 0, 1 and 3 stripped of tags
 * and trimmed by process_row(), cell 2 (工作内容) as read.  on_field() gave
 * every cell of the row a buffer. */
static void cell(struct ctx *c, int k, const char **s, size_t *n)
{
	struct sbuf *b = &c->row.cell[k];
	if (k >= c->row.ncells) {
		*s = "";
		*n = 0;
		return;
	}
	*s = b->p;
	*n = b->n;
}

static int cell_line(const struct ctx *c, int k)
{
	return k < c->row.ncells ? c->row.cell_line[k] : c->row.line;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

/* The value of the digits s[0..n) (MAX_NUMBER + 1 when larger). */
static unsigned long digits_value(const char *s, size_t n)
{
	unsigned long v = 0;
	for (size_t i = 0; i < n && v <= MAX_NUMBER; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	return v > MAX_NUMBER ? MAX_NUMBER + 1 : v;
}

/* n > 0 ASCII digits → their value; false if not all digits. */
static bool parse_number(const char *s, size_t n, unsigned long *out)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return false;
	*out = digits_value(s, n);
	return true;
}

/* Value of a Chinese numeral digit 一 … 九 (UTF-8, 3 bytes), or -1. */
static int cn_digit(const char *s, size_t n)
{
	static const char *const digits[] = {
		"\xE4\xB8\x80", "\xE4\xBA\x8C", "\xE4\xB8\x89", "\xE5\x9B\x9B", "\xE4\xBA\x94",
		"\xE5\x85\xAD", "\xE4\xB8\x83", "\xE5\x85\xAB", "\xE4\xB9\x9D",
	}; /* 一二三四五六七八九 */
	if (n < 3)
		return -1;
	for (int i = 0; i < 9; i++)
		if (memcmp(s, digits[i], 3) == 0)
			return i + 1;
	return -1;
}

#define CN_TEN "\xE5\x8D\x81"      /* 十 */
#define CN_COMMA "\xE3\x80\x81"    /* 、 */

/*
 * "一、title" … "九十九、title": the numeral's value, length in bytes and
 * the position of the title.  Returns false if s is not a section heading.
 */
static bool parse_section(const char *s, size_t n, unsigned long *value,
                          size_t *numlen)
{
	size_t i = 0;
	int v = 0, d = cn_digit(s, n);
	if (d > 0) {
		v = d;
		i = 3;
	}
	if (n - i >= 3 && memcmp(s + i, CN_TEN, 3) == 0) {
		v = (i ? v : 1) * 10;
		i += 3;
		d = cn_digit(s + i, n - i);
		if (d > 0) {
			v += d;
			i += 3;
		}
	}
	if (v == 0 || n - i < 3 || memcmp(s + i, CN_COMMA, 3) != 0)
		return false;
	*value = (unsigned long)v;
	*numlen = i;
	return true;
}

/* ------------------------------------------------------------------ */
/* Units                                                               */
/* ------------------------------------------------------------------ */

/* Length of a unit separator at s[0..n), or 0. */
static size_t sep_at(const char *s, size_t n)
{
	size_t w = ws_at(s, n);
	if (w)
		return w;
	if (s[0] == ',' || s[0] == ';')
		return 1;
	if (n >= 3 && (memcmp(s, CN_COMMA, 3) == 0 ||
	               memcmp(s, "\xEF\xBC\x8C", 3) == 0 ||  /* ， */
	               memcmp(s, "\xEF\xBC\x9B", 3) == 0))   /* ； */
		return 3;
	return 0;
}

/* Split a units cell (already stripped of tags); *out NULL if it names none. */
static int parse_units(struct ctx *c, const char *s, size_t n, int line,
                       const struct units **out)
{
	size_t count = 0;
	*out = NULL;
	for (size_t pass = 0; pass < 2; pass++) {
		struct units *u = NULL;
		if (pass == 1) {
			if (count == 0)
				return GOC_OK;
			u = goc__arena_alloc(c->doc->arena, sizeof *u);
			if (!u || !(u->names = goc__arena_alloc(c->doc->arena,
			                                        count * sizeof *u->names)))
				return oom(c);
			u->line = line;
		}
		size_t i = 0;
		while (i < n) {
			size_t w = sep_at(s + i, n - i);
			if (w) {
				i += w;
				continue;
			}
			size_t start = i;
			while (i < n && !sep_at(s + i, n - i))
				i++;
			if (pass == 0) {
				if (++count > MAX_UNITS)
					return goc__err(c->db, GOC_EINVAL,
					                "line %d, column 4: more than %d unit names in "
					                "one cell", line, MAX_UNITS);
				continue;
			}
			bool dup = false;
			for (size_t k = 0; k < u->n && !dup; k++)
				dup = strlen(u->names[k]) == i - start &&
				      memcmp(u->names[k], s + start, i - start) == 0;
			if (dup)
				continue;
			if (!(u->names[u->n] = adup(c, s + start, i - start)))
				return oom(c);
			u->n++;
		}
		if (pass == 1)
			*out = u;
	}
	return GOC_OK;
}

static bool units_equal(const struct units *a, const struct units *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->names[i], b->names[i]) != 0)
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* Closing items and special tasks                                     */
/* ------------------------------------------------------------------ */

static bool is_lead(const char *text, const char *name)
{
	static const char lead[] = "\xE7\x89\xB5\xE5\xA4\xB4"; /* 牵头 */
	size_t n = strlen(name); /* > 0: parse_units() keeps no empty name */
	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name))
		if (strncmp(p + n, lead, sizeof lead - 1) == 0)
			return true;
	return false;
}

static int close_item(struct ctx *c)
{
	if (!c->item_open)
		return GOC_OK;
	c->item_open = false;
	const char *s = c->item_text.p; /* NULL only with n == 0 */
	size_t n = c->item_text.n;
	trim(&s, &n);
	if (n == 0)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 3: work item (%lu) has no text",
		                c->item_line, c->item_num);
	char *text = adup(c, s, n);
	if (!text)
		return oom(c);
	struct goc__doc_task *t = &c->doc->tasks[c->item_idx];
	t->text = text;
	t->recurrence = strstr(text, "\xE6\xAF\x8F\xE5\xB9\xB4") /* 每年 */
	                    ? GOC_RECUR_ANNUAL : GOC_RECUR_NONE;
	const struct units *u = c->item_units;
	for (size_t i = 0; i < u->n; i++) {
		struct goc__doc_loc loc = { u->line, 4, NULL };
		int role = is_lead(text, u->names[i]) ? GOC_ROLE_LEAD : GOC_ROLE_RESPONSIBLE;
		int rc = goc__plandoc_add_assign(c->db, c->doc, &c->doc->tasks[c->item_idx],
		                                 u->names[i], role, loc);
		if (rc != GOC_OK)
			return rc;
	}
	sb_clear(&c->item_text);
	return GOC_OK;
}

static int close_task(struct ctx *c)
{
	int rc = close_item(c);
	if (rc != GOC_OK || !c->task_open)
		return rc;
	c->task_open = false;
	/* The special task's items follow it in doc->tasks. */
	for (size_t j = c->task_idx + 1; j < c->doc->n_tasks; j++) {
		const struct goc__doc_task *item = &c->doc->tasks[j];
		for (size_t a = 0; a < item->n_assign; a++) {
			struct goc__doc_task *t = &c->doc->tasks[c->task_idx];
			bool seen = false;
			for (size_t k = 0; k < t->n_assign && !seen; k++)
				seen = strcmp(t->assign[k].party, item->assign[a].party) == 0;
			if (seen)
				continue;
			if (t->n_assign >= MAX_UNITS)
				return goc__err(c->db, GOC_EINVAL,
				                "line %d, column 1: special task %s has more than %d "
				                "responsible units", t->loc.line, t->label, MAX_UNITS);
			rc = goc__plandoc_add_assign(c->db, c->doc, t, item->assign[a].party,
			                             GOC_ROLE_RESPONSIBLE, item->assign[a].loc);
			if (rc != GOC_OK)
				return rc;
		}
	}
	return GOC_OK;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

static int header_row(struct ctx *c)
{
	static const char *const names[4] = {
		"\xE5\xBA\x8F\xE5\x8F\xB7",                         /* 序号 */
		"\xE4\xB8\x93\xE9\xA1\xB9\xE4\xBB\xBB\xE5\x8A\xA1", /* 专项任务 */
		"\xE5\xB7\xA5\xE4\xBD\x9C\xE5\x86\x85\xE5\xAE\xB9", /* 工作内容 */
		"\xE8\xB4\xA3\xE4\xBB\xBB\xE5\x8D\x95\xE4\xBD\x8D", /* 责任单位 */
	};
	for (int k = 1; k < 4; k++) {
		const char *s;
		size_t n;
		cell(c, k, &s, &n);
		if (k == 2) {
			/* process_row() stripped this cell into c->tmp: it has room */
			if (strip_tags(s, n, &c->tmp, NULL) != 0) /* GCOVR_EXCL_BR_LINE: see above */
				return oom(c);
			s = c->tmp.p;
			n = c->tmp.n;
			trim(&s, &n);
		}
		if (n != strlen(names[k]) || memcmp(s, names[k], n) != 0)
			return goc__err(c->db, GOC_EINVAL,
			                "line %d, column %d: header row: expected %s, found \"%.*s%s\"",
			                cell_line(c, k), k + 1, names[k],
			                quote_len(s, n, QUOTE_CHARS), s, ellipsis(s, n, QUOTE_CHARS));
	}
	c->header_seen = true;
	return GOC_OK;
}

static int section_row(struct ctx *c, unsigned long v, size_t numlen)
{
	const char *s, *title;
	size_t n, tn;
	int line = cell_line(c, 0);
	cell(c, 0, &s, &n);
	for (int k = 1; k < 4; k++) {
		const char *o;
		size_t on;
		cell(c, k, &o, &on);
		if (k == 2 ? !c->c3_blank : on != 0)
			return goc__err(c->db, GOC_EINVAL,
			                "line %d, column %d: a section row (%.*s) has text only "
			                "in column 1", cell_line(c, k), k + 1, (int)numlen, s);
	}
	title = s + numlen + 3;
	tn = n - numlen - 3;
	trim(&title, &tn);
	if (v == c->sec_num && strlen(c->sec_title) == tn && /* v >= 1: sec_open */
	    memcmp(c->sec_title, title, tn) == 0)
		return GOC_OK; /* repeated after a page break */
	if (v <= c->sec_num)
		return goc__err(c->db, GOC_EEXISTS,
		                "line %d, column 1: section %.*s appears twice", line,
		                (int)numlen, s);
	if (v != c->sec_num + 1)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 1: numbering jumps: section %.*s after %lu "
		                "section(s)", line, (int)numlen, s, c->sec_num);
	if (tn == 0)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 1: section %.*s has no title", line, (int)numlen, s);
	int rc = close_task(c);
	if (rc != GOC_OK)
		return rc;
	struct goc__doc_task *t = goc__plandoc_add_task(c->db, c->doc);
	if (!t)
		return GOC_ENOMEM;
	t->code = acode(c, 's', v);
	t->label = adup(c, s, numlen);
	t->title_zh = adup(c, title, tn);
	if (!t->code || !t->label || !t->title_zh)
		return oom(c);
	t->level = GOC_LEVEL_SECTION;
	t->loc.line = line;
	t->loc.column = 1;
	c->sec_num = v;
	c->sec_open = true;
	c->sec_code = t->code;
	c->sec_title = t->title_zh;
	return GOC_OK;
}

enum { MARK_NONE, MARK_WEAK, MARK_STRONG };

/* Is position i of the stripped cell s (with tag breaks brk) at a marker
 * boundary?  See the top of the file. */
static int boundary(const char *s, const char *brk, size_t i)
{
	size_t j = i;
	bool saw_ws = false, saw_nl = false;
	if (brk[i])
		return MARK_STRONG;
	for (size_t w; (w = ws_before(s, j)) != 0;) {
		if (s[j - 1] == '\n') /* on_field() made every line end LF */
			saw_nl = true;
		j -= w;
		saw_ws = true;
		if (brk[j])
			return MARK_STRONG;
	}
	if (j == 0 || saw_nl)
		return MARK_STRONG;
	return saw_ws ? MARK_WEAK : MARK_NONE;
}

/* A "(k)" or "（k）" at s[i..n): its number and the end of the marker. */
static bool marker_at(const char *s, size_t n, size_t i, unsigned long *num,
                      size_t *end)
{
	size_t j;
	if (s[i] == '(')
		j = i + 1;
	else if (n - i >= 3 && memcmp(s + i, "\xEF\xBC\x88", 3) == 0) /* （ */
		j = i + 3;
	else
		return false;
	size_t d = j;
	while (j < n && is_digit((unsigned char)s[j]) && j - d < 12)
		j++;
	if (j == d)
		return false;
	*num = digits_value(s + d, j - d);
	if (j < n && s[j] == ')')
		j++;
	else if (n - j >= 3 && memcmp(s + j, "\xEF\xBC\x89", 3) == 0) /* ） */
		j += 3;
	else
		return false;
	*end = j;
	return true;
}

/* Line of position pos of the 工作内容 cell s; positions only grow while
 * one cell is read (lic_pos is reset for each), so this stays linear. */
static int line_in_cell(struct ctx *c, const char *s, size_t pos)
{
	if (c->lic_pos == 0) {
		c->lic_pos = 0;
		c->lic_line = cell_line(c, 2);
	}
	for (size_t i = c->lic_pos; i < pos; i++)
		if (s[i] == '\n')
			c->lic_line++;
	c->lic_pos = pos;
	return c->lic_line;
}

/* Text before the first marker: continues the open work item. */
static int continuation(struct ctx *c, const char *s, size_t n, int line,
                        bool new_task)
{
	trim(&s, &n);
	if (n == 0)
		return GOC_OK;
	if (new_task)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 3: special task %lu must begin with a work "
		                "item numbered (%lu), found \"%.*s%s\"", line, c->task_num,
		                c->item_num + 1, quote_len(s, n, QUOTE_CHARS), s,
		                ellipsis(s, n, QUOTE_CHARS));
	if (!c->item_open)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 3: text with no work item number such as "
		                "(%lu) and no work item above to continue: \"%.*s%s\"", line,
		                c->item_num + 1, quote_len(s, n, QUOTE_CHARS), s,
		                ellipsis(s, n, QUOTE_CHARS));
	return sb_put(&c->item_text, s, n) == 0 ? GOC_OK : oom(c);
}

static int begin_item(struct ctx *c, unsigned long k, int line)
{
	int rc = close_item(c);
	if (rc != GOC_OK)
		return rc;
	if (!c->task_open)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 3: work item (%lu) is outside any special task",
		                line, k);
	if (!c->row_units)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 4: no responsible unit for work item (%lu) "
		                "(the cell is blank and no row above names any)",
		                cell_line(c, 3), k);
	char label[32];
	int ln = snprintf(label, sizeof label, "(%lu)", k);
	size_t idx = c->doc->n_tasks;
	struct goc__doc_task *t = goc__plandoc_add_task(c->db, c->doc);
	if (!t)
		return GOC_ENOMEM;
	t->code = acode(c, 'i', k);
	t->label = adup(c, label, (size_t)ln);
	if (!t->code || !t->label)
		return oom(c);
	t->parent = c->task_code;
	t->level = GOC_LEVEL_ITEM;
	t->loc.line = line;
	t->loc.column = 3;
	c->item_num = k;
	c->item_open = true;
	c->item_idx = idx;
	c->item_line = line;
	c->item_units = c->row_units;
	c->n_items++;
	sb_clear(&c->item_text);
	return GOC_OK;
}

/*
 * The 工作内容 and 责任单位 cells of a row.  new_task: the row opened a
 * special task, whose first work item must begin in this cell.
 */
static int work_cells(struct ctx *c, bool new_task)
{
	const char *raw, *s, *brk;
	size_t rn, n;
	int rc;

	/* 责任单位 first: items that close within this row need their units */
	const struct units *u;
	cell(c, 3, &raw, &rn);
	if ((rc = parse_units(c, raw, rn, c->row.line, &u)) != GOC_OK)
		return rc;
	c->row_units = u ? u : c->last_units;

	cell(c, 2, &raw, &rn);
	if (strip_tags(raw, rn, &c->tmp, &c->brk) != 0)
		return oom(c);
	s = c->tmp.p;
	n = c->tmp.n;
	brk = c->brk.p;
	c->lic_pos = 0;

	unsigned long first_num = 0; /* first work item beginning in this row */
	size_t seg = 0;        /* start of the pending text */
	bool in_item = false;  /* pending text belongs to a new item */
	int seg_line = cell_line(c, 2);
	for (size_t i = 0; i < n; i++) {
		unsigned long k;
		size_t end;
		if (!marker_at(s, n, i, &k, &end))
			continue;
		int b = boundary(s, brk, i);
		if (b == MARK_NONE)
			continue;
		unsigned long expect = c->item_num + 1;
		if (k != expect) {
			if (b == MARK_WEAK)
				continue;
			int line = line_in_cell(c, s, i);
			if (k >= 1 && k < expect)
				return goc__err(c->db, GOC_EEXISTS,
				                "line %d, column 3: work item (%lu) appears twice",
				                line, k);
			return goc__err(c->db, GOC_EINVAL,
			                "line %d, column 3: numbering jumps: work item (%lu) "
			                "where (%lu) was expected", line, k, expect);
		}
		/* flush the pending text */
		if (in_item) {
			if (sb_put(&c->item_text, s + seg, i - seg) != 0)
				return oom(c);
		} else if ((rc = continuation(c, s + seg, i - seg, seg_line, new_task)) != GOC_OK) {
			return rc;
		}
		int line = line_in_cell(c, s, i);
		if ((rc = begin_item(c, k, line)) != GOC_OK)
			return rc;
		if (!first_num)
			first_num = k;
		in_item = true;
		seg = end;
		seg_line = line;
		i = end - 1;
	}
	if (in_item) {
		if (sb_put(&c->item_text, s + seg, n - seg) != 0)
			return oom(c);
	} else {
		if (new_task) {
			const char *t = s + seg;
			size_t tn = n - seg;
			trim(&t, &tn);
			if (tn == 0)
				return goc__err(c->db, GOC_EINVAL,
				                "line %d, column 3: special task %lu has no work content: "
				                "its first work item (%lu) is missing (truncated row?)",
				                cell_line(c, 2), c->task_num, c->item_num + 1);
		}
		if ((rc = continuation(c, s + seg, n - seg, seg_line, new_task)) != GOC_OK)
			return rc;
	}

	if (first_num) {
		c->last_units = c->row_units;
		return GOC_OK;
	}
	if (u && !(c->last_units && units_equal(u, c->last_units)))
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 4: responsible units on a row that begins no "
		                "work item must repeat those of the row above",
		                cell_line(c, 3));
	return GOC_OK;
}

static int task_row(struct ctx *c, unsigned long num)
{
	const char *num_s, *title;
	size_t num_n, tn;
	int line = cell_line(c, 0);
	cell(c, 0, &num_s, &num_n);
	cell(c, 1, &title, &tn);
	if (!c->sec_open)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 1: special task %.*s comes before any section "
		                "(一、…)", line, quote_len(num_s, num_n, QUOTE_CHARS), num_s);
	if (num == c->task_num && c->task_open && strlen(c->task_title) == tn &&
	    memcmp(c->task_title, title, tn) == 0)
		return work_cells(c, false); /* repeated after a page break */
	if (num <= c->task_num && num >= 1)
		return goc__err(c->db, GOC_EEXISTS,
		                "line %d, column 1: special task %lu appears twice", line, num);
	if (num != c->task_num + 1)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 1: numbering jumps: special task %.*s where "
		                "%lu was expected", line, quote_len(num_s, num_n, QUOTE_CHARS),
		                num_s, c->task_num + 1);
	if (tn == 0)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 2: special task %lu has no title",
		                cell_line(c, 1), num);
	int rc = close_task(c);
	if (rc != GOC_OK)
		return rc;
	size_t idx = c->doc->n_tasks;
	struct goc__doc_task *t = goc__plandoc_add_task(c->db, c->doc);
	if (!t)
		return GOC_ENOMEM;
	t->code = acode(c, 't', num);
	t->label = adup(c, num_s, num_n);
	t->title_zh = adup(c, title, tn);
	if (!t->code || !t->label || !t->title_zh)
		return oom(c);
	t->parent = c->sec_code;
	t->level = GOC_LEVEL_TASK;
	t->loc.line = line;
	t->loc.column = 1;
	c->task_num = num;
	c->task_open = true;
	c->task_idx = idx;
	c->task_code = t->code;
	c->task_title = t->title_zh;
	return work_cells(c, true);
}

static int process_row(struct ctx *c)
{
	struct row *r = &c->row;
	if (r->extra_col)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column %d: more than 4 columns (the table has 序号, "
		                "专项任务, 工作内容, 责任单位)", r->extra_line, r->extra_col);
	/* Cells 1, 2 and 4 are compared and split: strip and trim them now;
	 * cell 3 is cut by work_cells(). */
	bool empty = true;
	c->c3_blank = true;
	for (int k = 0; k < r->ncells && k < 4; k++) {
		struct sbuf *b = &r->cell[k];
		const char *s;
		size_t n;
		if (strip_tags(b->p, b->n, &c->tmp, NULL) != 0)
			return oom(c);
		s = c->tmp.p;
		n = c->tmp.n;
		trim(&s, &n);
		if (n)
			empty = false;
		if (k != 2) {
			memmove(b->p, s, n);
			b->n = n;
			b->p[n] = '\0';
		} else {
			c->c3_blank = n == 0;
		}
	}
	if (empty)
		return GOC_OK;

	const char *c1, *c2;
	size_t n1, n2;
	cell(c, 0, &c1, &n1);
	cell(c, 1, &c2, &n2);
	if (n1 == 6 && memcmp(c1, "\xE5\xBA\x8F\xE5\x8F\xB7", 6) == 0)
		return header_row(c);
	if (!c->header_seen) {
		bool title_only = n1 > 0;
		for (int k = 1; k < 4 && title_only; k++) {
			const char *s;
			size_t n;
			cell(c, k, &s, &n);
			title_only = k == 2 ? c->c3_blank : n == 0;
		}
		if (title_only)
			return GOC_OK; /* a title above the table */
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 1: expected the header row 序号, 专项任务, "
		                "工作内容, 责任单位 before the table", r->line);
	}
	if (n1) {
		unsigned long v;
		size_t numlen;
		if (parse_number(c1, n1, &v))
			return task_row(c, v);
		if (parse_section(c1, n1, &v, &numlen))
			return section_row(c, v, numlen);
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 1: expected a section (一、…) or a special task "
		                "number, found \"%.*s%s\"", cell_line(c, 0),
		                quote_len(c1, n1, QUOTE_CHARS), c1, ellipsis(c1, n1, QUOTE_CHARS));
	}
	if (n2)
		return goc__err(c->db, GOC_EINVAL,
		                "line %d, column 2: special task \"%.*s%s\" has no number in "
		                "column 1", cell_line(c, 1), quote_len(c2, n2, QUOTE_CHARS), c2,
		                ellipsis(c2, n2, QUOTE_CHARS));
	return work_cells(c, false);
}

/* ------------------------------------------------------------------ */
/* libcsv callbacks                                                    */
/* ------------------------------------------------------------------ */

static void on_field(void *data, size_t len, void *payload)
{
	struct ctx *c = payload;
	struct row *r = &c->row;
	const char *s = data; /* never NULL with CSV_APPEND_NULL */
	/* No field follows a stop: each segment fed ends at the first
	 * delimiter or line end, where libcsv calls back. */
	c->at_field_start = true;
	if (r->ncells == 0)
		r->line = c->field_line;
	int k = r->ncells < INT_MAX ? r->ncells++ : r->ncells; /* GCOVR_EXCL_BR_LINE: INT_MAX cells need 2 GiB, inputs are held to GOC_IMPORT_MAX_BYTES */
	if (len > GOC_IMPORT_MAX_CELL) {
		c->rc = goc__err(c->db, GOC_EINVAL, "line %d, column %d: a cell of %zu bytes, more than the "
		                 "%zu bytes (64 KiB) a cell may have", c->field_line, k + 1, len,
		                 GOC_IMPORT_MAX_CELL);
		c->stop = true;
		return;
	}
	if (k >= 4) {
		if (!r->extra_col && !blank(s, len)) {
			r->extra_col = k + 1;
			r->extra_line = c->field_line;
		}
		return;
	}
	struct sbuf *b = &r->cell[k];
	sb_clear(b);
	r->cell_line[k] = c->field_line;
	/* copy, turning CRLF (and a lone CR) inside a quoted cell into LF */
	if (sb_reserve(b, len) != 0) {
		c->rc = oom(c);
		c->stop = true;
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				continue;
			b->p[b->n++] = '\n';
		} else {
			b->p[b->n++] = s[i];
		}
	}
	b->p[b->n] = '\0';
}

/* Process the row gathered in c->row, then report progress (done bytes
 * of the input; SIZE_MAX: work it out from the text consumed). */
static void end_row(struct ctx *c, size_t done_given)
{
	int rc = process_row(c);
	for (int k = 0; k < 4; k++)
		sb_clear(&c->row.cell[k]);
	c->row.ncells = 0;
	c->row.extra_col = 0;
	if (rc != GOC_OK) {
		c->rc = rc;
		c->stop = true;
		return;
	}
	if (c->opts && c->opts->progress) {
		size_t done;
		if (done_given != SIZE_MAX)
			done = done_given;
		else if (!c->dec->converted)
			done = c->dec->bias + c->consumed;
		else if (c->consumed >= c->dec->len)
			done = c->input_len;
		else
			done = (size_t)((double)c->consumed / (double)c->dec->len *
			                (double)c->input_len); /* <= input_len */
		if (c->opts->progress(done, c->input_len, c->opts->payload) != 0) {
			c->rc = goc__err(c->db, GOC_ECANCELLED, "import cancelled");
			c->stop = true;
		}
	}
}

static void on_row(int term, void *payload)
{
	struct ctx *c = payload;
	(void)term;
	if (c->stop)
		return;
	c->at_row_start = true;
	c->at_field_start = true;
	end_row(c, SIZE_MAX);
}

static int no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static void *csv_realloc_cb(void *p, size_t n)
{
	return sqlite3_realloc64(p, n);
}

static void csv_free_cb(void *p)
{
	sqlite3_free(p);
}

/* Feed the text to libcsv in segments ending at each delimiter, CR or LF. */
static int parse_text(struct ctx *c, const char *s, size_t n, char delim)
{
	struct csv_parser p;
	(void)csv_init(&p, CSV_APPEND_NULL); /* fails only for a NULL parser */
	csv_set_delim(&p, (unsigned char)delim);
	csv_set_space_func(&p, no_space);
	csv_set_realloc_func(&p, csv_realloc_cb);
	csv_set_free_func(&p, csv_free_cb);
	csv_set_blk_size(&p, 4096);

	c->line = 1;
	c->at_field_start = c->at_row_start = true;
	c->field_line = 1;
	size_t i = 0;
	while (i < n && !c->stop) {
		size_t j = i;
		while (j < n && s[j] != delim && s[j] != '\n' && s[j] != '\r')
			j++;
		size_t end = j < n ? j + 1 : n; /* segment s[i..end) */
		if (c->at_field_start) {
			/* libcsv skips line ends between rows */
			bool ignored = c->at_row_start && j == i && /* j < n */
			               (s[j] == '\n' || s[j] == '\r');
			if (!ignored) {
				c->field_line = c->line;
				c->at_field_start = false;
				c->at_row_start = false;
			}
		}
		/* a row that ends with CRLF has consumed the LF too */
		c->consumed = end < n && s[j] == '\r' && s[end] == '\n' ? end + 1 : end;
		/* short: libcsv is out of memory (callbacks come at the segment's
		 * end only, so a stop never cuts it short) */
		if (csv_parse(&p, s + i, end - i, on_field, on_row, c) != end - i) {
			csv_free(&p);
			return oom(c);
		}
		if (j < n && (s[j] == '\n' || (s[j] == '\r' && !(j + 1 < n && s[j + 1] == '\n'))))
			c->line++;
		i = end;
	}
	if (!c->stop) {
		c->consumed = n;
		csv_fini(&p, on_field, on_row, c);
	}
	csv_free(&p);
	return c->stop ? c->rc : GOC_OK;
}

/* ------------------------------------------------------------------ */
/* A sheet of an .xlsx file                                            */
/* ------------------------------------------------------------------ */

/* The rows of a sheet through the same state machine: a sheet's row
 * number stands for the line (relocate() turns "line 7, column 3" into
 * "Sheet1!C7" at the end). */
static int parse_grid(struct ctx *c, const struct goc__grid *g)
{
	for (size_t i = 0; i < g->n_rows && !c->stop; i++) {
		const struct goc__grid_row *gr = &g->rows[i];
		struct row *r = &c->row;
		int line = gr->line > INT_MAX ? INT_MAX : (int)gr->line; /* GCOVR_EXCL_BR_LINE: rows are at most 1048576 */
		r->line = line;
		r->ncells = 0;
		r->extra_col = 0;
		c->line = line;
		for (size_t k = 0; k < gr->n; k++) {
			size_t n = strlen(gr->cell[k]);
			if (k >= 4) {
				if (!r->extra_col && !blank(gr->cell[k], n)) {
					r->extra_col = (int)k + 1;
					r->extra_line = line;
				}
				continue;
			}
			struct sbuf *b = &r->cell[k];
			sb_clear(b);
			r->cell_line[k] = line;
			r->ncells = (int)k + 1;
			/* a cell's line ends as the CSV reader leaves them: LF */
			for (size_t j = 0; j < n; j++) {
				if (gr->cell[k][j] == '\r' && j + 1 < n && gr->cell[k][j + 1] == '\n')
					continue;
				char ch = gr->cell[k][j] == '\r' ? '\n' : gr->cell[k][j];
				if (sb_put(b, &ch, 1) != 0)
					return oom(c);
			}
		}
		end_row(c, (size_t)((double)(i + 1) / (double)g->n_rows * (double)c->input_len));
	}
	return c->stop ? c->rc : GOC_OK;
}

int goc__table_relocate(goc_db *db, int rc, const char *sheet)
{
	if (rc == GOC_OK || !sheet)
		return rc;
	const char *msg = goc_error_message();
	int line = 0, col = 0, used = 0;
	if (sscanf(msg, "line %d, column %d: %n", &line, &col, &used) < 2 || used == 0) {
		used = 0;
		col = 0;
		if (sscanf(msg, "line %d: %n", &line, &used) < 1 || used == 0)
			return rc;
	}
	char *copy = goc__strdup(msg + used);
	if (!copy)
		return rc;
	char colname[8] = "";
	if (col > 0)
		goc__col_name((size_t)col, colname);
	if (col > 0)
		goc__err(db, rc, "%.120s!%s%d: %s", sheet, colname, line, copy);
	else
		goc__err(db, rc, "%.120s!%d: %s", sheet, line, copy);
	goc__free(copy);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Any table as rows (grid.h)                                          */
/* ------------------------------------------------------------------ */

struct gridctx {
	goc_db *db;
	struct goc__grid *g;
	long line, row_start;
	char **cells;
	size_t n, cap;
	int rc;
};

static void grid_field(void *s, size_t len, void *payload)
{
	struct gridctx *x = payload;
	if (x->rc != GOC_OK)
		return;
	if (len > GOC_IMPORT_MAX_CELL) {
		x->rc = goc__err(x->db, GOC_EINVAL, "line %ld, column %zu: a cell of %zu bytes, "
		                 "more than the %zu bytes (64 KiB) a cell may have", x->line,
		                 x->n + 1, len, GOC_IMPORT_MAX_CELL);
		return;
	}
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 16;
		char **p = sqlite3_realloc64(x->cells, nc * sizeof *p);
		if (!p) {
			x->rc = goc__err(x->db, GOC_ENOMEM, "table: out of memory");
			return;
		}
		x->cells = p;
		x->cap = nc;
	}
	char *cell = sqlite3_malloc64(len + 1);
	if (!cell) {
		x->rc = goc__err(x->db, GOC_ENOMEM, "table: out of memory");
		return;
	}
	if (len)
		memcpy(cell, s, len);
	cell[len] = '\0';
	x->cells[x->n++] = cell;
}

static void grid_row(int term, void *payload)
{
	struct gridctx *x = payload;
	bool empty = true;
	for (size_t i = 0; i < x->n && empty; i++)
		empty = x->cells[i][0] == '\0';
	if (x->rc == GOC_OK && !empty) {
		struct goc__grid *g = x->g;
		if (g->n_rows == g->cap) {
			size_t nc = g->cap ? g->cap * 2 : 64;
			struct goc__grid_row *p = sqlite3_realloc64(g->rows, nc * sizeof *p);
			if (!p)
				x->rc = goc__err(x->db, GOC_ENOMEM, "table: out of memory");
			else {
				g->rows = p;
				g->cap = nc;
			}
		}
		if (x->rc == GOC_OK) {
			struct goc__grid_row *r = &g->rows[g->n_rows++];
			memset(r, 0, sizeof *r);
			r->line = x->row_start;
			r->n = x->n;
			r->cell = x->cells;
			x->cells = NULL;
			x->n = x->cap = 0;
		}
	}
	for (size_t i = 0; i < x->n; i++)
		sqlite3_free(x->cells[i]);
	x->n = 0;
	/* the next row begins after this one's line end (a CR of a CRLF: on
	 * the same line, whose LF comes as an empty row of its own) */
	x->row_start = term == '\n' ? x->line + 1 : x->line;
}

int goc__grid_import_args(goc_db *db, const char *data, size_t len, const unsigned int *version,
                          const char *type, unsigned int want)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!data && len)
		return goc__err(db, GOC_EINVAL, "data: must not be NULL");
	if (version && *version != want)
		return goc__err(db, GOC_EINVAL, "opts: %s version %u is not supported (%u)", type, *version,
		                want);
	return GOC_OK;
}

int goc__grid_read(goc_db *db, const char *data, size_t len, const char *encoding,
                   const char *sheet, const char *doc, struct goc__grid *g)
{
	memset(g, 0, sizeof *g);
	if (len > GOC_IMPORT_MAX_BYTES)
		return goc__err(db, GOC_EINVAL, "data: %zu bytes, more than the %zu bytes (64 MiB) "
		                "an import may have", len, GOC_IMPORT_MAX_BYTES);
	if (goc__is_zip(data, len))
		return goc__xlsx_read(db, data, len, sheet, g);
	if (sheet)
		return goc__err(db, GOC_EINVAL, "sheet: the input is CSV text, not an .xlsx "
		                "workbook: it has no sheet \"%.100s\"", sheet);
	if (len == 0)
		return goc__err(db, GOC_EINVAL, "line 1, column 1: empty input (%s expected)", doc);
	struct decoded dec;
	memset(&dec, 0, sizeof dec);
	int rc = decode(db, data, len, encoding, &dec, doc);
	if (rc != GOC_OK) {
		sb_free(&dec.buf);
		return rc;
	}
	/* a tab on the first non-blank line means TSV */
	char delim = ',';
	for (size_t i = 0; i < dec.len; i++) {
		if (dec.text[i] == '\t') {
			delim = '\t';
			break;
		}
		if (dec.text[i] == '\n' && !blank(dec.text, i))
			break;
	}
	struct gridctx x;
	memset(&x, 0, sizeof x);
	x.db = db;
	x.g = g;
	x.row_start = 1;
	struct csv_parser p;
	(void)csv_init(&p, CSV_APPEND_NULL | CSV_REPALL_NL);
	csv_set_delim(&p, (unsigned char)delim);
	csv_set_space_func(&p, no_space);
	csv_set_realloc_func(&p, csv_realloc_cb);
	csv_set_free_func(&p, csv_free_cb);
	/* a line at a time, so that every row knows the line it began on */
	for (size_t at = 0; at < dec.len && x.rc == GOC_OK;) {
		const char *nl = memchr(dec.text + at, '\n', dec.len - at);
		size_t n = nl ? (size_t)(nl - (dec.text + at)) + 1 : dec.len - at;
		x.line++;
		if (csv_parse(&p, dec.text + at, n, grid_field, grid_row, &x) != n && x.rc == GOC_OK)
			x.rc = goc__err(db, GOC_ENOMEM, "table: out of memory");
		at += n;
	}
	if (x.rc == GOC_OK)
		csv_fini(&p, grid_field, grid_row, &x);
	csv_free(&p);
	for (size_t i = 0; i < x.n; i++)
		sqlite3_free(x.cells[i]);
	sqlite3_free(x.cells);
	sb_free(&dec.buf);
	if (x.rc != GOC_OK)
		goc__grid_free(g);
	return x.rc;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

int goc__plandoc_from_table(goc_db *db, const char *data, size_t len,
                            const goc_import_options *opts,
                            struct goc__plandoc *doc)
{
	if (!doc || !doc->arena || (!data && len))
		return goc__err(db, GOC_EINVAL, "table: NULL argument");
	if (opts && opts->version != GOC_IMPORT_OPTIONS_VERSION)
		return goc__err(db, GOC_EINVAL, "options: unknown version %u", opts->version);
	char delim = opts ? opts->delimiter : 0;
	if (delim != 0 && delim != ',' && delim != '\t')
		return goc__err(db, GOC_EINVAL,
		                "delimiter: must be ',' or '\\t' (or 0 to detect), not 0x%02X",
		                (unsigned char)delim);

	if (len == 0)
		return goc__err(db, GOC_EINVAL,
		                "line 1, column 1: empty input: no task decomposition table");
	struct decoded dec;
	struct goc__grid grid;
	memset(&dec, 0, sizeof dec);
	memset(&grid, 0, sizeof grid);
	bool xlsx = goc__is_zip(data, len);
	int rc = xlsx ? goc__xlsx_read(db, data, len, NULL, &grid)
	              : decode(db, data, len, opts ? opts->encoding : NULL, &dec,
	                       "a task decomposition table");
	if (rc != GOC_OK) {
		sb_free(&dec.buf);
		return rc;
	}
	if (xlsx && !(doc->sheet = adup_arena(doc, grid.sheet)))
		rc = goc__err(db, GOC_ENOMEM, "table: out of memory");
	if (!xlsx && !delim)
		delim = detect_delimiter(dec.text, dec.len);

	struct ctx c;
	memset(&c, 0, sizeof c);
	c.db = db;
	c.doc = doc;
	c.opts = opts;
	c.input_len = len;
	c.dec = &dec;
	if (rc == GOC_OK)
		rc = xlsx ? parse_grid(&c, &grid) : parse_text(&c, dec.text, dec.len, delim);
	if (rc == GOC_OK)
		rc = close_task(&c);
	if (rc == GOC_OK && !c.header_seen)
		rc = goc__err(db, GOC_EINVAL,
		              "line 1, column 1: not a task decomposition table: no header "
		              "row 序号, 专项任务, 工作内容, 责任单位");
	else if (rc == GOC_OK && c.n_items == 0)
		rc = goc__err(db, GOC_EINVAL,
		              "line %d, column 1: the table has no task rows (no work item "
		              "such as (1))", c.line);

	for (int k = 0; k < 4; k++)
		sb_free(&c.row.cell[k]);
	sb_free(&c.tmp);
	sb_free(&c.tmp2);
	sb_free(&c.brk);
	sb_free(&c.item_text);
	sb_free(&dec.buf);
	goc__grid_free(&grid);
	return goc__table_relocate(db, rc, doc->sheet);
}
