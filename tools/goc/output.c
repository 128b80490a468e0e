/*
 * goc — output: display width, colour, tables as text/Markdown/CSV/JSON.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int out_format_parse(out_format *out, const char *name, unsigned int mask)
{
	static const char *const names[] = { "text", "md", "csv", "json", "html", "xlsx" };
	if (!name) {
		*out = FMT_TEXT;
		return 0;
	}
	for (int i = 0; i < 6; i++)
		if (strcmp(name, names[i]) == 0 && (mask & (1u << i))) {
			*out = (out_format)i;
			return 0;
		}
	return -1;
}

/* Decode one UTF-8 sequence; invalid bytes decode as U+FFFD, one byte each. */
static uint32_t utf8_next(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t c = p[0];
	int n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1;
	if (n < 0) {
		*pp = p + 1;
		return c < 0x80 ? c : 0xFFFD;
	}
	c &= n == 0 ? 0x7F : n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*pp = p + 1;
			return 0xFFFD;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*pp = p + n + 1;
	return c;
}

static int cp_width(uint32_t c)
{
	if (c == 0)
		return 0;
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	    (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
	    (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200D || c == 0xFEFF)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int text_width(const char *s)
{
	int w = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p)
		w += cp_width(utf8_next(&p));
	return w;
}

int out_use_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
}

/* --- tables --------------------------------------------------------------- */

typedef enum { CELL_NULL, CELL_STR, CELL_INT, CELL_NUM, CELL_STATUS, CELL_BOOL } cell_kind;

typedef struct cell {
	cell_kind kind;
	char *text;   /* display text (for every kind but null) */
	double num;   /* CELL_INT, CELL_NUM */
	const char *label; /* CELL_STR of table_label(): the vocabulary (goc_label()) */
	char *zh;     /* CELL_STR of table_unit(): shown under --lang zh, or NULL */
} cell;

struct table {
	int ncols;
	const char *const *keys;
	unsigned char *right, *hidden;
	int *maxw;
	cell *cells;
	size_t ncells, cap;
	cli *names; /* table_names(): where table_unit() asks for names */
};

table *table_new(int ncols, const char *const *keys)
{
	table *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	t->ncols = ncols;
	t->keys = keys;
	t->right = calloc((size_t)ncols, 1);
	t->hidden = calloc((size_t)ncols, 1);
	t->maxw = calloc((size_t)ncols, sizeof *t->maxw);
	if (!t->right || !t->hidden || !t->maxw)
		abort();
	return t;
}

void table_free(table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i].text), free(t->cells[i].zh);
	free(t->cells);
	free(t->right);
	free(t->hidden);
	free(t->maxw);
	free(t);
}

int table_ncols(const table *t)
{
	return t->ncols;
}

void table_align_right(table *t, int col)
{
	t->right[col] = 1;
}

void table_text_maxwidth(table *t, int col, int width)
{
	t->maxw[col] = width;
}

void table_text_hide(table *t, int col)
{
	t->hidden[col] = 1;
}

static void push(table *t, cell_kind kind, const char *text, double num)
{
	if (t->ncells == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = realloc(t->cells, t->cap * sizeof *t->cells);
		if (!t->cells)
			abort();
	}
	cell *c = &t->cells[t->ncells++];
	c->kind = kind;
	c->num = num;
	c->label = NULL;
	c->zh = NULL;
	c->text = text ? strdup(text) : NULL;
	if (text && !c->text)
		abort();
}

void table_label(table *t, const char *kind, const char *value)
{
	push(t, value ? CELL_STR : CELL_NULL, value, 0);
	t->cells[t->ncells - 1].label = kind;
}

void table_names(table *t, cli *c)
{
	t->names = c;
}

void table_unit(table *t, const char *code)
{
	push(t, code ? CELL_STR : CELL_NULL, code, 0);
	const char *name = code && CLI_ZH && t->names ? cli_name_zh(t->names, code) : NULL;
	if (name && !(t->cells[t->ncells - 1].zh = strdup(name)))
		abort();
}

void table_units(table *t, const char *codes)
{
	push(t, codes ? CELL_STR : CELL_NULL, codes, 0);
	if (!codes || !CLI_ZH || !t->names)
		return;
	/* "a*, b" → "甲*、乙" (a lead keeps its mark; names joined as
	 * Chinese lists are, as the workbook joins them) */
	size_t cap = strlen(codes) * 4 + 16, len = 0;
	char *out = malloc(cap);
	if (!out)
		abort();
	out[0] = '\0';
	for (const char *p = codes + strspn(codes, ", "); *p; p += strspn(p, ", ")) {
		size_t n = strcspn(p, ", ");
		int lead = n > 0 && p[n - 1] == '*';
		char code[128];
		size_t k = n - (size_t)lead;
		snprintf(code, sizeof code, "%.*s", (int)(k < sizeof code ? k : sizeof code - 1), p);
		const char *name = cli_name_zh(t->names, code);
		const char *shown = name ? name : code;
		size_t need = len + strlen(shown) + 8;
		if (need > cap && !(out = realloc(out, cap = 2 * need)))
			abort();
		len += (size_t)snprintf(out + len, cap - len, "%s%s%s", len ? "、" : "", shown,
		                        lead ? "*" : "");
		p += n;
	}
	t->cells[t->ncells - 1].zh = out;
}

/* The column names, for the catalogue: text and Markdown headers, and the
 * field names of a record in text, are shown in the language of the
 * output (_()); CSV and JSON keep the keys. */
static const char *const column_names[] = {
	N_("action"), N_("actor"), N_("actual"), N_("affiliation"), N_("after"), N_("area_id"),
	N_("area_name"), N_("before"), N_("category"), N_("classification"), N_("code"),
	N_("contact"), N_("created"), N_("date"), N_("days"), N_("detail"), N_("disabled"),
	N_("due"), N_("email"), N_("end"), N_("evidence"), N_("expected"), N_("expires"),
	N_("field"), N_("founding_date"), N_("from"), N_("hash"), N_("hq_date"), N_("id"),
	N_("id_scheme"), N_("id_value"), N_("inherited_from"), N_("international"), N_("key"),
	N_("kind"), N_("kpi"), N_("label"), N_("large"), N_("last_used"), N_("leads"), N_("level"),
	N_("login"), N_("member"), N_("met"), N_("missing"), N_("missing_count"),
	N_("missing_reports"), N_("name"), N_("name_en"), N_("name_zh"), N_("note"), N_("notes"),
	N_("object_id"), N_("object_kind"), N_("opened"), N_("org"), N_("organizers"),
	N_("origin"), N_("orgs"), N_("outcome"), N_("overdue"), N_("parent"), N_("percent"),
	N_("period"), N_("phone"), N_("plan"), N_("report_date"), N_("report_period"),
	N_("report_status"), N_("resolved"), N_("review"), N_("revoked"), N_("role"), N_("rows"),
	N_("score"), N_("seq"), N_("stage"), N_("stage_date"), N_("start"), N_("status"),
	N_("summary"), N_("superseded_by"), N_("supersedes"), N_("target"), N_("target_max"),
	N_("target_min"), N_("task"), N_("task_status"), N_("tasks"), N_("text"), N_("time"),
	N_("title"), N_("title_en"), N_("title_zh"), N_("to"), N_("unit"), N_("units"),
	N_("value"), N_("via_group"), N_("worst"), N_("year"), N_("zone"),
};

/* A column's name as shown in text and Markdown. */
static const char *column_name(const char *key)
{
	(void)column_names;
	return _(key);
}

/* A status's label in Chinese (text and Markdown under --lang zh): the
 * first vocabulary that knows it; the status itself otherwise. */
static const char *status_label(const char *s)
{
	static const char *const kinds[] = { "kpi_status", "task_status", "stage", "review_outcome",
	                                     "audit_outcome" };
	if (!CLI_ZH)
		return s;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const char *l = goc_label(kinds[i], s, "zh");
		if (l)
			return l;
	}
	return _(s);
}

void table_str(table *t, const char *s)
{
	push(t, s ? CELL_STR : CELL_NULL, s, 0);
}

void table_int(table *t, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	push(t, CELL_INT, buf, (double)v);
}

void table_num(table *t, double v, int decimals)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	push(t, CELL_NUM, buf, v);
}

void table_pct(table *t, double v)
{
	char buf[32];
	if (v < 0) {
		push(t, CELL_NULL, NULL, 0);
		return;
	}
	snprintf(buf, sizeof buf, "%.0f%%", 100 * v);
	push(t, CELL_NUM, buf, v);
}

void table_bool(table *t, int v)
{
	push(t, CELL_BOOL, v ? "yes" : "no", v != 0);
}

void table_null(table *t)
{
	push(t, CELL_NULL, NULL, 0);
}

void table_status(table *t, const char *status)
{
	push(t, status ? CELL_STATUS : CELL_NULL, status, 0);
}

/* Status markers (text and Markdown) and colours (text on a terminal). */
static const char *status_mark(const char *s)
{
	if (!strcmp(s, "met") || !strcmp(s, "exceeded") || !strcmp(s, "done") || !strcmp(s, "landed") || !strcmp(s, "operating"))
		return "✔";
	if (!strcmp(s, "at_risk") || !strcmp(s, "blocked"))
		return "▲";
	if (!strcmp(s, "behind") || !strcmp(s, "missed") || !strcmp(s, "overdue"))
		return "✖";
	if (!strcmp(s, "on_track") || !strcmp(s, "in_progress"))
		return "•";
	return " ";
}

static const char *status_color(const char *s)
{
	const char *m = status_mark(s);
	if (!strcmp(m, "✔"))
		return "\033[32m";
	if (!strcmp(m, "▲"))
		return "\033[33m";
	if (!strcmp(m, "✖"))
		return "\033[31m";
	if (!strcmp(m, "•"))
		return "\033[36m";
	return NULL;
}

/* Cut s (malloc'd) to at most width columns, ending in "…" when cut. */
static char *truncate_width(char *s, int width)
{
	if (width <= 0 || text_width(s) <= width)
		return s;
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;
	for (;;) {
		const unsigned char *q = p;
		int cw = cp_width(utf8_next(&q));
		if (w + cw > width - 1)
			break;
		w += cw;
		p = q;
	}
	size_t keep = (size_t)((const char *)p - s);
	char *r = malloc(keep + sizeof "…");
	if (!r)
		abort();
	memcpy(r, s, keep);
	strcpy(r + keep, "…");
	free(s);
	return r;
}

char *text_truncate(const char *s, int width)
{
	char *c = strdup(s ? s : "");
	if (!c)
		abort();
	return truncate_width(c, width);
}

/* The text shown for a cell in text and Markdown (malloc'd). */
static char *display(const cell *c)
{
	if (c->kind == CELL_NULL)
		return strdup("");
	if (c->kind == CELL_BOOL && CLI_ZH)
		return strdup(c->num != 0 ? "是" : "否");
	if (c->kind == CELL_STR && c->zh && CLI_ZH)
		return strdup(c->zh);
	if (c->kind == CELL_STR && c->label && CLI_ZH) {
		const char *l = goc_label(c->label, c->text, "zh");
		return strdup(l ? l : c->text);
	}
	if (c->kind != CELL_STATUS)
		return strdup(c->text);
	const char *label = status_label(c->text);
	char *s = malloc(strlen(label) + 8);
	if (s)
		sprintf(s, "%s %s", status_mark(c->text), label);
	return s;
}

static void pad(FILE *f, int n)
{
	for (; n > 0; n--)
		fputc(' ', f);
}

/* A Markdown table cell: it stays one cell of one row, and its text shows
 * as text.  A line break (LF, CR or CRLF) becomes <br> (a new line would
 * end the row, and the next line could start rows or headings of its own);
 * '|' (which ends the cell), a backslash (which could turn our escape of
 * '|' into a literal backslash), and the characters that start links, raw
 * HTML, code and emphasis ('[', ']', '<', '>', '`', '*') are escaped with a
 * backslash.  '_' is left alone: codes and statuses are full of it, and
 * inside a word it emphasises nothing. */
static void md_put(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\r' || *s == '\n') {
			if (*s == '\r' && s[1] == '\n')
				s++;
			fputs("<br>", f);
			continue;
		}
		if (strchr("|\\[]<>`*", *s))
			fputc('\\', f);
		fputc(*s, f);
	}
}

static void write_text(table *t, FILE *f, int color, int md)
{
	size_t nrows = t->ncells / (size_t)t->ncols;
	int *w = calloc((size_t)t->ncols, sizeof *w);
	char **disp = calloc(t->ncells ? t->ncells : 1, sizeof *disp);
	if (!w || !disp)
		abort();
	for (int j = 0; j < t->ncols; j++)
		w[j] = text_width(column_name(t->keys[j]));
	for (size_t i = 0; i < nrows * (size_t)t->ncols; i++) {
		disp[i] = display(&t->cells[i]);
		if (disp[i] && t->maxw[i % (size_t)t->ncols])
			disp[i] = truncate_width(disp[i], t->maxw[i % (size_t)t->ncols]);
		if (!disp[i])
			abort();
		int cw = text_width(disp[i]);
		if (cw > w[i % (size_t)t->ncols])
			w[i % (size_t)t->ncols] = cw;
	}
	int lastcol = t->ncols - 1;
	while (lastcol > 0 && t->hidden[lastcol])
		lastcol--;
	for (size_t i = 0; i <= nrows; i++) {
		if (md)
			fputs("| ", f);
		for (int j = 0; j < t->ncols; j++) {
			if (t->hidden[j])
				continue;
			const char *s = i == 0 ? column_name(t->keys[j]) : disp[(i - 1) * (size_t)t->ncols + (size_t)j];
			const cell *c = i == 0 ? NULL : &t->cells[(i - 1) * (size_t)t->ncols + (size_t)j];
			int gap = w[j] - text_width(s);
			int last = j == lastcol;
			if (t->right[j])
				pad(f, gap);
			const char *col = color && c && c->kind == CELL_STATUS ? status_color(c->text) : NULL;
			if (col)
				fputs(col, f);
			if (md)
				md_put(f, s);
			else
				fputs(s, f);
			if (col)
				fputs("\033[0m", f);
			if (!t->right[j] && (!last || md))
				pad(f, gap);
			if (md)
				fputs(last ? " |" : " | ", f);
			else if (!last)
				fputs("  ", f);
		}
		fputc('\n', f);
		if (i == 0 && md) {
			fputs("|", f);
			for (int j = 0; j < t->ncols; j++) {
				if (t->hidden[j])
					continue;
				for (int k = 0; k < w[j] + 2 - t->right[j]; k++)
					fputc('-', f);
				fputs(t->right[j] ? ":|" : "|", f);
			}
			fputc('\n', f);
		}
	}
	for (size_t i = 0; i < nrows * (size_t)t->ncols; i++)
		free(disp[i]);
	free(disp);
	free(w);
}

/* A CSV field (RFC 4180).  guard: text that a spreadsheet would take for a
 * formula — beginning with '=', '+', '-', '@', a tab or a CR — gets a
 * leading apostrophe, as OWASP advises against CSV injection; --raw
 * (out_raw()) turns that off. */
static void csv_field(FILE *f, const char *s, int guard)
{
	if (!s)
		return;
	int formula = guard && !out_raw() && *s && strchr("=+-@\t\r", *s);
	if (!strpbrk(s, ",\"\r\n")) {
		if (formula)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Text cells (names, notes, codes …, and the header) are guarded against
 * formulas; numbers the tool formats itself (integers, decimals,
 * percentages, yes/no) are data and written as they are, negative or not. */
static void write_csv(table *t, FILE *f, int bom)
{
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	for (int j = 0; j < t->ncols; j++) {
		csv_field(f, t->keys[j], 1);
		fputs(j == t->ncols - 1 ? "\r\n" : ",", f);
	}
	for (size_t i = 0; i < t->ncells; i++) {
		const cell *c = &t->cells[i];
		if (c->kind == CELL_NUM)
			fprintf(f, "%.10g", c->num); /* plain numbers, as in JSON */
		else
			csv_field(f, c->text, c->kind == CELL_STR || c->kind == CELL_STATUS);
		fputs(i % (size_t)t->ncols == (size_t)t->ncols - 1 ? "\r\n" : ",", f);
	}
}

int json_write(json_t *v, FILE *f)
{
	int rc = json_dumpf(v, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', f);
	return rc;
}

json_t *table_json(const table *t)
{
	json_t *rows = json_array();
	json_t *row = NULL;
	for (size_t i = 0; i < t->ncells; i++) {
		const cell *c = &t->cells[i];
		int j = (int)(i % (size_t)t->ncols);
		if (j == 0)
			row = json_object();
		json_t *v;
		switch (c->kind) {
		case CELL_NULL: v = json_null(); break;
		case CELL_INT: v = json_integer((json_int_t)c->num); break;
		case CELL_NUM: v = json_real(c->num); break;
		case CELL_BOOL: v = json_boolean(c->num != 0); break;
		default: v = json_string(c->text); break;
		}
		json_object_set_new(row, t->keys[j], v);
		if (j == t->ncols - 1)
			json_array_append_new(rows, row);
	}
	return rows;
}

int table_write(table *t, FILE *f, out_format fmt, int color, int bom, json_t *meta)
{
	switch (fmt) {
	case FMT_TEXT: write_text(t, f, color, 0); break;
	case FMT_MD: write_text(t, f, 0, 1); break;
	case FMT_CSV: write_csv(t, f, bom); break;
	case FMT_JSON: {
		json_t *rows = table_json(t);
		if (meta) {
			json_object_set_new(meta, "rows", rows);
			json_write(meta, f);
			json_decref(meta);
		} else {
			json_write(rows, f);
			json_decref(rows);
		}
		return 0;
	}
	default: /* documents are not tables */
		break;
	}
	json_decref(meta);
	return 0;
}

int table_emit(table *t, const char *output, out_format fmt, int bom)
{
	FILE *f = out_open(output);
	if (!f) {
		table_free(t);
		return EXIT_RUNTIME;
	}
	table_write(t, f, fmt, fmt == FMT_TEXT && out_use_color(f), bom, NULL);
	table_free(t);
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

int out_no_xlsx(void)
{
	fputs(_("goc: --format xlsx is not available: this goc was built without libxlsxwriter "
	        "(meson option -Dxlsx)\n"), stderr);
	return EXIT_RUNTIME;
}

int table_rows_end(table *t, goc_cursor *cur, int rc)
{
	goc_cursor_free(cur);
	if (rc == GOC_DONE || rc == GOC_OK)
		return GOC_OK;
	table_free(t);
	return rc;
}

int table_emit_rows(table *t, goc_cursor *cur, int rc, const char *output, out_format fmt, int bom)
{
	if (table_rows_end(t, cur, rc) != GOC_OK)
		return cli_fail();
	return table_emit(t, output, fmt, bom);
}

int table_write_record(table *t, FILE *f, out_format fmt, int color, json_t *extra)
{
	if (fmt != FMT_TEXT && fmt != FMT_JSON) {
		json_decref(extra);
		return table_write(t, f, fmt, color, 0, NULL);
	}
	if (fmt == FMT_JSON) {
		json_t *rows = table_json(t);
		json_t *obj = json_incref(json_array_get(rows, 0));
		json_decref(rows);
		if (!obj)
			obj = json_object();
		if (extra)
			json_object_update(obj, extra);
		json_decref(extra);
		json_write(obj, f);
		json_decref(obj);
		return 0;
	}
	json_decref(extra);
	static const char *const kv_keys[] = { "field", "value" };
	table *kv = table_new(2, kv_keys);
	for (int j = 0; j < t->ncols && (size_t)j < t->ncells; j++) {
		const cell *c = &t->cells[j];
		table_str(kv, column_name(t->keys[j]));
		push(kv, c->kind == CELL_NULL ? CELL_STR : c->kind, c->kind == CELL_NULL ? "" : c->text, c->num);
		kv->cells[kv->ncells - 1].label = c->label;
		if (c->zh && !(kv->cells[kv->ncells - 1].zh = strdup(c->zh)))
			abort();
	}
	table_write(kv, f, FMT_TEXT, color, 0, NULL);
	table_free(kv);
	return 0;
}
