/*
 * libgoc — progress reports from a filled template (goc/report.h,
 * goc_report_import_table()): the rows of an .xlsx sheet or a CSV file
 * (grid.h) become reports, all of them or none.
 *
 * The table: rows before the header are instructions, except key rows
 * whose first cell is 计划/plan, 单位/unit or 期间/period and whose second
 * cell is the value for every row.  The header is the first row whose
 * first cell is 任务代码 or task; its cells name the columns (Chinese or
 * English, any order): 任务代码/task (required), 状态/status, 填报日期/date,
 * 完成比例/percent, 进展情况/text, 佐证材料/evidence, and optionally
 * 计划/plan, 单位/unit, 期间/period per row; other columns (序号, 任务内容,
 * 角色, 上次报告 …) are read by people and ignored.  A row whose status,
 * date, percent, text and evidence are all blank is not filled in and is
 * skipped.  A status is a code (in_progress) or its Chinese label (推进中,
 * goc_label()).  A report equal to one on record — same plan, task, unit,
 * period, date, status and text, not superseded — is unchanged and not
 * added again, so importing a file twice adds nothing the second time.
 *
 * Every row is checked (and submitted, inside one transaction or
 * savepoint) before the result is given: each error is one line of the
 * message, "Sheet1!F7: status: …" or "line 7, column 6: …"; then
 * everything is rolled back.  The message is bounded (GOC_ERRMSG_MAX, as
 * every message of the library): it lists as many whole lines as fit, in
 * order, then "… and N more (M errors in all)" (error_message()); a line is
 * never cut, except one that alone would not fit (a huge quoted cell),
 * which is shortened on a character boundary and ends in "…".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "plandoc.h"

/* Lines kept while reading: more than ever fit in a message. */
#define MAX_LISTED 50
/* Room kept at the end of the message for "\n… and N more (M errors in all)". */
#define TAIL_ROOM 64
#define DEFAULT_PLAN "pudong-goc-2024"

enum { COL_PLAN, COL_UNIT, COL_PERIOD, COL_TASK, COL_STATUS, COL_DATE, COL_PERCENT,
       COL_TEXT, COL_EVIDENCE, N_COLS };

static const struct {
	const char *zh, *en, *field;
} cols[N_COLS] = {
	{ "\xE8\xAE\xA1\xE5\x88\x92", "plan", "plan" },                          /* 计划 */
	{ "\xE5\x8D\x95\xE4\xBD\x8D", "unit", "unit" },                          /* 单位 */
	{ "\xE6\x9C\x9F\xE9\x97\xB4", "period", "period" },                      /* 期间 */
	{ "\xE4\xBB\xBB\xE5\x8A\xA1\xE4\xBB\xA3\xE7\xA0\x81", "task", "task" },  /* 任务代码 */
	{ "\xE7\x8A\xB6\xE6\x80\x81", "status", "status" },                      /* 状态 */
	{ "\xE5\xA1\xAB\xE6\x8A\xA5\xE6\x97\xA5\xE6\x9C\x9F", "date", "date" },  /* 填报日期 */
	{ "\xE5\xAE\x8C\xE6\x88\x90\xE6\xAF\x94\xE4\xBE\x8B", "percent", "percent" }, /* 完成比例 */
	{ "\xE8\xBF\x9B\xE5\xB1\x95\xE6\x83\x85\xE5\x86\xB5", "text", "text" },  /* 进展情况 */
	{ "\xE4\xBD\x90\xE8\xAF\x81\xE6\x9D\x90\xE6\x96\x99", "evidence", "evidence" }, /* 佐证材料 */
};

/* The cell as a column name: exact, or the Chinese name followed by
 * anything in brackets ("完成比例（%）", "状态(必填)"). */
static int col_of(const char *cell)
{
	for (int k = 0; k < N_COLS; k++) {
		size_t n = strlen(cols[k].zh);
		if (strcmp(cell, cols[k].en) == 0 || strcmp(cell, cols[k].zh) == 0)
			return k;
		if (strncmp(cell, cols[k].zh, n) == 0 &&
		    (cell[n] == '(' || strncmp(cell + n, "\xEF\xBC\x88", 3) == 0)) /* （ */
			return k;
	}
	return -1;
}

/* Trimmed copy of ASCII whitespace at both ends, in place (the grid owns
 * the cells). */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

struct errs {
	sqlite3_str *text;
	size_t n;
	int first_rc;
};

static void add_err(goc_db *db, struct errs *e, int rc, const struct goc__grid *g,
                    long line, int col, const char *fmt, ...) GOC_PRINTF(7, 8);

static void add_err(goc_db *db, struct errs *e, int rc, const struct goc__grid *g,
                    long line, int col, const char *fmt, ...)
{
	(void)db;
	if (!e->first_rc)
		e->first_rc = rc;
	if (e->n++ >= MAX_LISTED)
		return;
	char where[160];
	va_list ap;
	va_start(ap, fmt);
	if (sqlite3_str_length(e->text))
		sqlite3_str_appendchar(e->text, 1, '\n');
	sqlite3_str_appendf(e->text, "%s: ", goc__grid_where(g, line, (size_t)col, where, sizeof where));
	sqlite3_str_vappendf(e->text, fmt, ap);
	va_end(ap);
}

/* The message of the errors listed in text (lines separated by '\n', the
 * first MAX_LISTED of n in all) in buf (GOC_ERRMSG_MAX bytes): whole lines
 * while they fit, then how many are left out and how many there are. */
static void error_message(char *buf, const char *text, size_t n)
{
	const size_t budget = GOC_ERRMSG_MAX - 1 - TAIL_ROOM;
	size_t len = 0, shown = 0;
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		size_t need = l + (shown ? 1 : 0);
		if (len + need > budget) {
			if (shown)
				break;
			/* a first line that alone does not fit: shortened, marked */
			size_t keep = budget - 3;
			while (keep > 0 && ((unsigned char)p[keep] & 0xC0) == 0x80)
				keep--;
			memcpy(buf, p, keep);
			memcpy(buf + keep, "\xE2\x80\xA6", 3); /* … */
			len = keep + 3;
			shown = 1;
			break;
		}
		if (shown)
			buf[len++] = '\n';
		memcpy(buf + len, p, l);
		len += l;
		shown++;
		p = nl ? nl + 1 : NULL;
	}
	buf[len] = '\0';
	if (shown < n)
		snprintf(buf + len, GOC_ERRMSG_MAX - len, "\n\xE2\x80\xA6 and %zu more (%zu errors in all)",
		         n - shown, n);
}

/* A cell as a message quotes it: s itself, or its first QUOTE_MAX bytes
 * cut on a character boundary and followed by "…" (in buf). */
#define QUOTE_MAX 40
static const char *quoted(const char *s, char buf[QUOTE_MAX + 4])
{
	size_t n = strlen(s);
	if (n <= QUOTE_MAX)
		return s;
	n = QUOTE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "\xE2\x80\xA6", 4); /* "…" and its NUL */
	return buf;
}

static bool parse_status(int *out, const char *s)
{
	if (goc_task_status_parse(out, s) == GOC_OK)
		return true;
	static const char *const codes[] = { "not_started", "in_progress", "done", "blocked", "cancelled" };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		/* never NULL: a kind, its values and languages goc_label() knows */
		const char *zh = goc_label("task_status", codes[i], "zh");
		const char *en = goc_label("task_status", codes[i], "en");
		if (strcmp(zh, s) == 0 || strcmp(en, s) == 0)
			return goc_task_status_parse(out, codes[i]) == GOC_OK;
	}
	return false;
}

/* Is there a report on record equal to f (see the top of the file)? */
static int already(goc_db *db, const goc_report_fields *f, const char *unit, bool *found)
{
	goc_report_filter fl = GOC_REPORT_FILTER_INIT;
	fl.task = f->task;
	fl.unit = unit;
	fl.period = f->period;
	goc_cursor *cur = NULL;
	*found = false;
	int rc = goc_report_list(&cur, db, f->plan, &fl);
	while (rc == GOC_OK && !*found && (rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_report *r = goc_cursor_report(cur);
		const char *t = goc_report_text(r);
		*found = strcmp(goc_report_date(r), f->date) == 0 && goc_report_status(r) == f->status &&
		         strcmp(t ? t : "", f->text ? f->text : "") == 0;
		rc = GOC_OK;
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

/* The column a library message is about ("date: …" → the date column). */
static int col_of_message(const char *msg, const int *col, int fallback)
{
	for (int k = 0; k < N_COLS; k++) {
		size_t n = strlen(cols[k].field);
		if (col[k] >= 0 && strncmp(msg, cols[k].field, n) == 0 && msg[n] == ':')
			return col[k] + 1;
	}
	return fallback;
}

static int import_rows(goc_db *db, const struct goc__grid *g, const goc_report_import_options *o,
                       goc_report_import_result *res, struct errs *e)
{
	const char *key[3] = { NULL, NULL, NULL }; /* plan, unit, period from key rows */
	int col[N_COLS];
	for (int k = 0; k < N_COLS; k++)
		col[k] = -1;
	size_t i = 0;
	bool header = false;
	for (; i < g->n_rows && !header; i++) {
		const struct goc__grid_row *r = &g->rows[i]; /* not blank: r->n > 0 (grid.h) */
		int k = col_of(trim(r->cell[0]));
		if (k == COL_TASK) {
			for (size_t c = 0; c < r->n; c++) {
				int kc = col_of(trim(r->cell[c]));
				if (kc < 0)
					continue;
				if (col[kc] >= 0)
					add_err(db, e, GOC_EINVAL, g, r->line, (int)c + 1,
					        "column %s twice in the header", cols[kc].zh);
				else
					col[kc] = (int)c;
			}
			header = true;
		} else if (k >= COL_PLAN && k <= COL_PERIOD && r->n >= 2) {
			key[k] = trim(r->cell[1]);
		}
	}
	if (!header) {
		add_err(db, e, GOC_EINVAL, g, g->n_rows ? g->rows[0].line : 1, 1,
		        "no header row: the first cell of the header is 任务代码 (or task)");
		return GOC_OK;
	}
	if (col[COL_STATUS] < 0)
		add_err(db, e, GOC_EINVAL, g, g->rows[i - 1].line, 1, "the header has no 状态 "
		        "(status) column");
	const char *plan = o && o->plan ? o->plan : key[COL_PLAN] && *key[COL_PLAN] ? key[COL_PLAN]
	                 : DEFAULT_PLAN;
	const char *unit = o && o->unit ? o->unit : key[COL_UNIT];
	const char *period = o && o->period ? o->period : key[COL_PERIOD];
	if (e->n)
		return GOC_OK;
	for (; i < g->n_rows; i++) {
		const struct goc__grid_row *r = &g->rows[i];
		const char *v[N_COLS];
		char q[QUOTE_MAX + 4]; /* a quoted cell, cut */
		for (int k = 0; k < N_COLS; k++)
			v[k] = col[k] >= 0 && (size_t)col[k] < r->n ? trim(r->cell[col[k]]) : "";
		if (!*v[COL_STATUS] && !*v[COL_DATE] && !*v[COL_PERCENT] && !*v[COL_TEXT] &&
		    !*v[COL_EVIDENCE]) {
			res->skipped++;
			continue;
		}
		goc_report_fields f = GOC_REPORT_FIELDS_INIT;
		f.plan = *v[COL_PLAN] ? v[COL_PLAN] : plan;
		f.unit = *v[COL_UNIT] ? v[COL_UNIT] : unit;
		f.period = *v[COL_PERIOD] ? v[COL_PERIOD] : period;
		f.task = v[COL_TASK];
		f.date = v[COL_DATE];
		f.text = *v[COL_TEXT] ? v[COL_TEXT] : NULL;
		f.evidence = *v[COL_EVIDENCE] ? v[COL_EVIDENCE] : NULL;
		long line = r->line;
		size_t before = e->n;
		if (!*f.task)
			add_err(db, e, GOC_EINVAL, g, line, col[COL_TASK] + 1, "task: required");
		if (!f.unit || !*f.unit)
			add_err(db, e, GOC_EINVAL, g, line, col[COL_UNIT] >= 0 ? col[COL_UNIT] + 1 : 1,
			        "unit: none given (a 单位 row above the header, a 单位 column, or the "
			        "option)");
		if (!f.period || !*f.period)
			add_err(db, e, GOC_EINVAL, g, line, col[COL_PERIOD] >= 0 ? col[COL_PERIOD] + 1 : 1,
			        "period: none given (a 期间 row above the header, a 期间 column, or the "
			        "option)");
		else if (goc_period_check(f.period) != GOC_OK)
			add_err(db, e, GOC_EINVAL, g, line, col[COL_PERIOD] >= 0 ? col[COL_PERIOD] + 1 : 1,
			        "period: not a period (2025, 2025-H1, 2025-Q2, 2025-06): '%s'",
			        quoted(f.period, q));
		if (!*v[COL_STATUS])
			add_err(db, e, GOC_EINVAL, g, line, col[COL_STATUS] + 1,
			        "status: required once the row is filled in");
		else if (!parse_status(&f.status, v[COL_STATUS]))
			add_err(db, e, GOC_EINVAL, g, line, col[COL_STATUS] + 1,
			        "status: unknown status '%s' (未启动, 推进中, 已完成, 受阻, 已取消 "
			        "or not_started, in_progress, done, blocked, cancelled)", quoted(v[COL_STATUS], q));
		if (!*f.date)
			add_err(db, e, GOC_EINVAL, g, line, col[COL_DATE] >= 0 ? col[COL_DATE] + 1 : 1,
			        "date: required (YYYY-MM-DD)");
		if (*v[COL_PERCENT]) {
			char *end;
			const char *p = v[COL_PERCENT];
			double d = strtod(p, &end);
			if (*end == '%' && end[1] == '\0')
				end++;
			if (end == p || *end || d < 0 || d > 100 || d != (double)(int)d)
				add_err(db, e, GOC_EINVAL, g, line, col[COL_PERCENT] + 1,
				        "percent: expected a whole number from 0 to 100, not '%s'",
				        quoted(p, q));
			else
				f.percent = (int)d;
		}
		if (e->n != before)
			continue;
		bool same = false;
		int rc = already(db, &f, f.unit, &same);
		if (rc == GOC_EINVAL || rc == GOC_ENOTFOUND)
			rc = GOC_OK; /* a bad code or an unknown plan: the submission names the field */
		if (rc == GOC_OK && same) {
			res->unchanged++;
			continue;
		}
		if (rc == GOC_OK)
			rc = goc_report_submit(NULL, db, &f);
		if (rc == GOC_OK) {
			res->added++;
		} else if (rc == GOC_ENOMEM || rc == GOC_EIO || rc == GOC_EBUSY || rc == GOC_EREADONLY ||
		           rc == GOC_ECORRUPT || rc == GOC_ERROR) {
			return rc; /* not the row's fault: stop */
		} else {
			const char *msg = goc_error_message();
			add_err(db, e, rc, g, line, col_of_message(msg, col, col[COL_TASK] + 1), "%s", msg);
		}
	}
	return GOC_OK;
}

GOC_API int goc_report_import_table(goc_report_import_result *out, goc_db *db, const char *data,
                                    size_t len, const goc_report_import_options *opts)
{
	goc_report_import_result res;
	memset(&res, 0, sizeof res);
	res.version = GOC_REPORT_IMPORT_RESULT_VERSION;
	if (out)
		*out = res;
	int rc = goc__grid_import_args(db, data, len, opts ? &opts->version : NULL, "goc_report_import_options",
	                               GOC_REPORT_IMPORT_OPTIONS_VERSION);
	if (rc != GOC_OK)
		return rc;
	struct goc__grid g;
	rc = goc__grid_read(db, len ? data : "", len, opts ? opts->encoding : NULL,
	                    opts ? opts->sheet : NULL, "a progress report table", &g);
	if (rc != GOC_OK)
		return rc;
	/* one transaction, or a savepoint inside the caller's */
	bool own = !goc_db_in_transaction(db);
	rc = own ? goc_db_begin(db) : goc__exec(db, "SAVEPOINT goc_report_import", "report.import");
	struct errs e = { sqlite3_str_new(NULL), 0, 0 };
	if (rc == GOC_OK)
		rc = import_rows(db, &g, opts, &res, &e);
	if (rc == GOC_OK && e.n) {
		char *text = sqlite3_str_finish(e.text);
		e.text = NULL;
		char msg[GOC_ERRMSG_MAX];
		if (text)
			error_message(msg, text, e.n);
		rc = goc__err(db, e.first_rc ? e.first_rc : GOC_EINVAL, "%s",
		              text ? msg : "out of memory");
		res.errors = e.n;
		sqlite3_free(text);
	}
	if (e.text)
		sqlite3_free(sqlite3_str_finish(e.text));
	if (own) {
		if (rc == GOC_OK)
			rc = goc_db_commit(db);
		else if (goc_db_in_transaction(db)) {
			/* the rows' message is the one to keep */
			char *msg = goc__strdup(goc_error_message());
			goc_db_rollback(db);
			if (msg)
				goc__err(db, rc, "%s", msg);
			goc__free(msg);
		}
	} else {
		if (rc == GOC_OK)
			rc = goc__exec(db, "RELEASE goc_report_import", "report.import");
		/* on error, and when the release itself failed: none of the rows
		 * stays in the caller's transaction */
		if (rc != GOC_OK)
			sqlite3_exec(db->sql, "ROLLBACK TO goc_report_import; RELEASE goc_report_import",
			             NULL, NULL, NULL);
	}
	if (rc != GOC_OK) {
		res.added = res.unchanged = 0;
	}
	goc__grid_free(&g);
	if (out)
		*out = res;
	return rc;
}
