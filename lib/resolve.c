/*
 * libgoc — what a person typed, resolved to a code (goc/resolve.h): the
 * candidates of a kind (a register's rows, or a vocabulary's values with
 * their labels and a few other words), each with the normalized keys of
 * its code and names; the text's key compared with them; an error that
 * lists the candidates (ambiguous) or the valid values and the close ones
 * ("did you mean …?") when nothing matches.
 */
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "internal.h"

#define NAMES 8          /* names of one candidate besides its code */
#define LIST_MAX 12      /* valid values listed in a message */
#define SUGGEST_MAX 3    /* "did you mean" candidates */
#define DIST_CHARS 64    /* longer texts are not compared for suggestions */

static const char *const kind_names[] = {
	NULL, "unit", "group", "party", "zone", "plan", "task", "kpi",
	"unit_kind", "category", "origin", "stage", "review_outcome", "task_level",
	"task_status", "recurrence", "role", "partner_kind", "event_kind",
	"request_category", "measure", "scope", "window", "direction", "kpi_status",
	"score_by", "access", "audit_outcome", "tristate", "review_requests",
	"report_cycle", "reminder_kind", "every",
};
#define KIND_COUNT ((int)(sizeof kind_names / sizeof kind_names[0]))

GOC_API const char *goc_resolve_kind_str(int kind)
{
	return kind >= 1 && kind < KIND_COUNT ? kind_names[kind] : NULL;
}

GOC_API int goc_resolve_kind_parse(int *out, const char *name)
{
	return goc__enum_parse(kind_names, KIND_COUNT, out, "resolve kind", name);
}

/* The vocabularies: text names through their _str(), values 0..63. */
static const char *(*const vocab_str[])(int) = {
	[GOC_RESOLVE_UNIT_KIND] = goc_unit_kind_str,
	[GOC_RESOLVE_CATEGORY] = goc_category_str,
	[GOC_RESOLVE_ORIGIN] = goc_origin_str,
	[GOC_RESOLVE_STAGE] = goc_stage_str,
	[GOC_RESOLVE_REVIEW_OUTCOME] = goc_review_outcome_str,
	[GOC_RESOLVE_TASK_LEVEL] = goc_task_level_str,
	[GOC_RESOLVE_TASK_STATUS] = goc_task_status_str,
	[GOC_RESOLVE_RECURRENCE] = goc_recurrence_str,
	[GOC_RESOLVE_ROLE] = goc_role_str,
	[GOC_RESOLVE_PARTNER_KIND] = goc_partner_kind_str,
	[GOC_RESOLVE_EVENT_KIND] = goc_event_kind_str,
	[GOC_RESOLVE_REQUEST_CATEGORY] = goc_request_category_str,
	[GOC_RESOLVE_MEASURE] = goc_measure_str,
	[GOC_RESOLVE_SCOPE] = goc_scope_str,
	[GOC_RESOLVE_WINDOW] = goc_window_str,
	[GOC_RESOLVE_DIRECTION] = goc_direction_str,
	[GOC_RESOLVE_KPI_STATUS] = goc_kpi_status_str,
	[GOC_RESOLVE_SCORE_BY] = goc_score_by_str,
	[GOC_RESOLVE_ACCESS] = goc_access_str,
	[GOC_RESOLVE_AUDIT_OUTCOME] = goc_audit_outcome_str,
	[GOC_RESOLVE_TRISTATE] = goc_tristate_str,
	[GOC_RESOLVE_REVIEW_REQUESTS] = goc_review_requests_str,
	[GOC_RESOLVE_REPORT_CYCLE] = goc_report_cycle_str,
	[GOC_RESOLVE_REMINDER_KIND] = goc_reminder_kind_str,
	[GOC_RESOLVE_EVERY] = goc_every_str,
};
static int (*const vocab_parse[])(int *, const char *) = {
	[GOC_RESOLVE_UNIT_KIND] = goc_unit_kind_parse,
	[GOC_RESOLVE_CATEGORY] = goc_category_parse,
	[GOC_RESOLVE_ORIGIN] = goc_origin_parse,
	[GOC_RESOLVE_STAGE] = goc_stage_parse,
	[GOC_RESOLVE_REVIEW_OUTCOME] = goc_review_outcome_parse,
	[GOC_RESOLVE_TASK_LEVEL] = goc_task_level_parse,
	[GOC_RESOLVE_TASK_STATUS] = goc_task_status_parse,
	[GOC_RESOLVE_RECURRENCE] = goc_recurrence_parse,
	[GOC_RESOLVE_ROLE] = goc_role_parse,
	[GOC_RESOLVE_PARTNER_KIND] = goc_partner_kind_parse,
	[GOC_RESOLVE_EVENT_KIND] = goc_event_kind_parse,
	[GOC_RESOLVE_REQUEST_CATEGORY] = goc_request_category_parse,
	[GOC_RESOLVE_MEASURE] = goc_measure_parse,
	[GOC_RESOLVE_SCOPE] = goc_scope_parse,
	[GOC_RESOLVE_WINDOW] = goc_window_parse,
	[GOC_RESOLVE_DIRECTION] = goc_direction_parse,
	[GOC_RESOLVE_KPI_STATUS] = goc_kpi_status_parse,
	[GOC_RESOLVE_SCORE_BY] = goc_score_by_parse,
	[GOC_RESOLVE_ACCESS] = goc_access_parse,
	[GOC_RESOLVE_AUDIT_OUTCOME] = goc_audit_outcome_parse,
	[GOC_RESOLVE_TRISTATE] = goc_tristate_parse,
	[GOC_RESOLVE_REVIEW_REQUESTS] = goc_review_requests_parse,
	[GOC_RESOLVE_REPORT_CYCLE] = goc_report_cycle_parse,
	[GOC_RESOLVE_REMINDER_KIND] = goc_reminder_kind_parse,
	[GOC_RESOLVE_EVERY] = goc_every_parse,
};

/* Words the bureaus use besides the labels (documented in goc/resolve.h). */
static const struct alias {
	int kind;
	const char *value, *word;
} aliases[] = {
	{ GOC_RESOLVE_TASK_STATUS, "in_progress", "进行中" },
	{ GOC_RESOLVE_TASK_STATUS, "in_progress", "正在推进" },
	{ GOC_RESOLVE_TASK_STATUS, "in_progress", "推进" },
	{ GOC_RESOLVE_TASK_STATUS, "done", "完成" },
	{ GOC_RESOLVE_TASK_STATUS, "done", "办结" },
	{ GOC_RESOLVE_TASK_STATUS, "done", "已办结" },
	{ GOC_RESOLVE_TASK_STATUS, "not_started", "未开始" },
	{ GOC_RESOLVE_TASK_STATUS, "blocked", "停滞" },
	{ GOC_RESOLVE_TASK_STATUS, "cancelled", "取消" },
	{ GOC_RESOLVE_STAGE, "landed", "落地" },
	{ GOC_RESOLVE_STAGE, "landed", "落户" },
	{ GOC_RESOLVE_STAGE, "landed", "已落户" },
	{ GOC_RESOLVE_STAGE, "operating", "运营" },
	{ GOC_RESOLVE_STAGE, "withdrawn", "退出" },
	{ GOC_RESOLVE_STAGE, "contacting", "接洽" },
	{ GOC_RESOLVE_STAGE, "negotiating", "洽谈" },
	{ GOC_RESOLVE_STAGE, "approved", "批准" },
	{ GOC_RESOLVE_CATEGORY, "economic", "经济" },
	{ GOC_RESOLVE_CATEGORY, "scitech", "科技" },
	{ GOC_RESOLVE_CATEGORY, "professional", "专业服务" },
	{ GOC_RESOLVE_CATEGORY, "trade", "贸易" },
	{ GOC_RESOLVE_CATEGORY, "standards", "标准" },
	{ GOC_RESOLVE_CATEGORY, "arbitration", "仲裁" },
	{ GOC_RESOLVE_CATEGORY, "finance", "金融" },
	{ GOC_RESOLVE_KPI_STATUS, "on_track", "正常" },
	{ GOC_RESOLVE_KPI_STATUS, "behind", "落后" },
	{ GOC_RESOLVE_REVIEW_OUTCOME, "rejected", "不通过" },
	{ GOC_RESOLVE_REVIEW_OUTCOME, "flagged", "关注" },
	{ GOC_RESOLVE_ROLE, "lead", "牵头单位" },
	{ GOC_RESOLVE_ROLE, "responsible", "责任单位" },
	{ GOC_RESOLVE_ROLE, "responsible", "配合" },
};

/* One candidate: its plan (tasks, KPIs), code and names with their keys;
 * names[0] of a task is its label.  Strings of register rows are owned. */
struct cand {
	char *plan, *code;
	const char *names[NAMES];
	char *keys[NAMES + 1];   /* [0]: the code's; [1 + i]: names[i]'s */
	int nnames;
	bool owned;
	bool label0;             /* names[0] is a plan label */
	int dist;                /* edit distance to the text, for suggestions */
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

static void cands_free(struct cands *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct cand *x = &c->v[i];
		for (int j = 0; j <= NAMES; j++)
			goc__free(x->keys[j]);
		if (x->owned) {
			goc__free(x->plan);
			goc__free(x->code);
			for (int j = 0; j < x->nnames; j++)
				goc__free((char *)x->names[j]);
		}
	}
	goc__free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

static struct cand *cands_add(struct cands *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct cand *v = goc__malloc(cap * sizeof *v);
		if (!v)
			return NULL;
		if (c->n)
			memcpy(v, c->v, c->n * sizeof *v);
		goc__free(c->v);
		c->v = v;
		c->cap = cap;
	}
	struct cand *x = &c->v[c->n++];
	memset(x, 0, sizeof *x);
	return x;
}

/* A malloc'd key of s, NULL for a NULL or invisible s; *oom on failure. */
static char *key_of(const char *s, bool *oom)
{
	if (!s || !*s)
		return NULL;
	struct goc__key k;
	/* keys are made of stored, valid text; an invisible one keys nothing */
	if (goc__check_utf8(s, NULL, NULL) != 0)
		return NULL;
	int rc = goc__name_key(NULL, "name", s, &k);
	if (rc == GOC_ENOMEM) {
		*oom = true;
		return NULL;
	}
	if (rc != GOC_OK)
		return NULL;
	char *out = k.s == k.buf ? goc__strdup(k.s) : k.s;
	if (!out)
		*oom = true;
	return out;
}

static int cand_keys(struct cand *x)
{
	bool oom = false;
	x->keys[0] = key_of(x->code, &oom);
	for (int j = 0; j < x->nnames && !oom; j++)
		x->keys[1 + j] = key_of(x->names[j], &oom);
	return oom ? GOC_ENOMEM : GOC_OK;
}

static int vocab_cands(int kind, struct cands *c)
{
	const char *(*str)(int) = vocab_str[kind];
	const char *lk = kind_names[kind];
	for (int v = 0; v < 64; v++) {
		const char *name = str(v);
		if (!name)
			continue;
		struct cand *x = cands_add(c);
		if (!x)
			return GOC_ENOMEM;
		x->code = (char *)name;
		x->names[x->nnames++] = goc_label(lk, name, "zh");
		x->names[x->nnames++] = goc_label(lk, name, "en");
		for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
			if (aliases[a].kind == kind && strcmp(aliases[a].value, name) == 0 &&
			    x->nnames < NAMES) /* GCOVR_EXCL_BR_LINE: at most 3 aliases a value + 2 labels < NAMES */
				x->names[x->nnames++] = aliases[a].word;
		if (cand_keys(x) != GOC_OK)
			return GOC_ENOMEM;
	}
	return GOC_OK;
}

static int db_cands(goc_db *db, int kind, const char *plan, struct cands *c)
{
	const char *sql;
	switch (kind) {
	case GOC_RESOLVE_UNIT:
		sql = "SELECT NULL, code, name_zh, name_en FROM units ORDER BY code";
		break;
	case GOC_RESOLVE_GROUP:
		sql = "SELECT NULL, code, name_zh, name_en FROM unit_groups ORDER BY code";
		break;
	case GOC_RESOLVE_PARTY:
		sql = "SELECT NULL, code, name_zh, name_en FROM units UNION ALL"
		      " SELECT NULL, code, name_zh, name_en FROM unit_groups ORDER BY 2";
		break;
	case GOC_RESOLVE_ZONE:
		sql = "SELECT NULL, code, name_zh, name_en FROM zones ORDER BY code";
		break;
	case GOC_RESOLVE_PLAN:
		sql = "SELECT NULL, code, title_zh, title_en FROM plans ORDER BY code";
		break;
	case GOC_RESOLVE_TASK:
		sql = "SELECT plan, code, label, title_zh, title_en FROM tasks"
		      " WHERE ?1 IS NULL OR plan = ?1 ORDER BY plan, id";
		break;
	default: /* GOC_RESOLVE_KPI */
		sql = "SELECT plan, code, name_zh, name_en FROM kpis"
		      " WHERE ?1 IS NULL OR plan = ?1 ORDER BY plan, rowid";
		break;
	}
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	if (kind == GOC_RESOLVE_TASK || kind == GOC_RESOLVE_KPI)
		goc__bind_text(st, 1, plan);
	rc = goc__binds_failed(db, "resolving a name");
	int s = SQLITE_DONE;
	while (rc == GOC_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
		struct cand *x = cands_add(c);
		if (!x) {
			rc = GOC_ENOMEM;
			break;
		}
		x->owned = true;
		x->label0 = kind == GOC_RESOLVE_TASK;
		int ncol = sqlite3_column_count(st);
		x->plan = goc__strdup(goc__col_text(st, 0));
		x->code = goc__strdup(goc__col_text(st, 1));
		bool oom = !x->code || (!x->plan && goc__col_text(st, 0));
		for (int j = 2; j < ncol && !oom; j++) {
			const char *t = goc__col_text(st, j);
			char *d = goc__strdup(t ? t : "");
			if (!d)
				oom = true;
			else
				x->names[x->nnames++] = d;
		}
		if (oom || cand_keys(x) != GOC_OK)
			rc = GOC_ENOMEM;
	}
	if (rc == GOC_OK && s != SQLITE_DONE)
		rc = goc__sqlerr(db, s, "resolving a name");
	sqlite3_finalize(st);
	if (rc == GOC_ENOMEM)
		return goc__err(db, GOC_ENOMEM, "%s: out of memory", kind_names[kind]);
	return rc;
}

/* ---- comparing ---- */

static bool is_cjk_numeral(ucs4_t c)
{
	static const char numerals[] = "〇零一二三四五六七八九十百千两";
	ucs4_t n;
	for (const uint8_t *p = (const uint8_t *)numerals; *p;) {
		p += u8_mbtouc(&n, p, strlen((const char *)p));
		if (n == c)
			return true;
	}
	return false;
}

/* The form of a task label that typed labels are compared in, into buf:
 * without a trailing "、", "." or "。", and without the parentheses
 * around Chinese numerals ("(一)" is "一"; "(1)" stays "(1)"). */
static void label_canon(const char *key, char *buf, size_t size)
{
	size_t n = strlen(key);
	if (n >= size)
		n = size - 1;
	memcpy(buf, key, n);
	buf[n] = '\0';
	static const char *const tails[] = { "、", "。", "." };
	for (size_t i = 0; i < 3; i++) {
		size_t t = strlen(tails[i]);
		if (n > t && memcmp(buf + n - t, tails[i], t) == 0) {
			n -= t;
			buf[n] = '\0';
			break;
		}
	}
	if (n >= 3 && buf[0] == '(' && buf[n - 1] == ')') {
		bool numeral = true;
		for (size_t i = 1; i < n - 1 && numeral;) {
			ucs4_t c;
			/* u8_mbtouc() takes at least one byte (n > 0): an invalid
			 * sequence is U+FFFD of its bytes */
			i += (size_t)u8_mbtouc(&c, (const uint8_t *)buf + i, n - 1 - i);
			numeral = is_cjk_numeral(c);
		}
		if (numeral) {
			memmove(buf, buf + 1, n - 2);
			buf[n - 2] = '\0';
		}
	}
}

/* Does the text's key name candidate x? */
static bool matches(const struct cand *x, const char *key, const char *under, const char *canon)
{
	for (int j = 0; j <= x->nnames; j++) {
		const char *k = x->keys[j];
		if (!k)
			continue;
		if (strcmp(k, key) == 0 || (j == 0 && under && strcmp(k, under) == 0))
			return true;
		if (j == 1 && x->label0) {
			char c[64];
			label_canon(k, c, sizeof c);
			if (strcmp(c, canon) == 0)
				return true;
		}
	}
	return false;
}

/* Code points of s, at most max; the count (max + 1: longer). */
static size_t to_ucs4(const char *s, ucs4_t *out, size_t max)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len;) {
		if (n == max)
			return max + 1;
		i += (size_t)u8_mbtouc(&out[n++], (const uint8_t *)s + i, len - i);
	}
	return n;
}

/* Levenshtein distance between a[0..n) and b[0..m), in characters. */
static int edit_distance(const ucs4_t *a, size_t n, const ucs4_t *b, size_t m)
{
	int row[DIST_CHARS + 1];
	for (size_t j = 0; j <= m; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= n; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= m; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

/* How close candidate x is to the text (key of n characters): its
 * smallest edit distance over code and names, if at most 1 for texts of
 * 2–4 characters (one Chinese character off), 2 up to 8, 3 beyond (none
 * for one character: every other one-character label would be "close");
 * or, for a name containing the text (at least two characters) or
 * contained in it, the difference in length.  -1: not close. */
static int closeness(const struct cand *x, const char *key, const ucs4_t *t, size_t n)
{
	int allowed = n <= 1 ? 0 : n <= 4 ? 1 : n <= 8 ? 2 : 3;
	int best = -1;
	for (int j = 0; j <= x->nnames; j++) {
		const char *k = x->keys[j];
		if (!k)
			continue;
		ucs4_t c[DIST_CHARS];
		size_t m = to_ucs4(k, c, DIST_CHARS);
		if (m > DIST_CHARS)
			continue;
		int d = edit_distance(t, n, c, m);
		if (d > allowed) {
			d = -1;
			if (n >= 2 && m > n && strstr(k, key))
				d = (int)(m - n);
			else if (m >= 2 && n > m && strstr(key, k))
				d = (int)(n - m);
		}
		if (d >= 0 && (best < 0 || d < best))
			best = d;
	}
	return best;
}

/* ---- messages ---- */

/* "code (name)" of a candidate, names cut to 16 characters. */
static void show_cand(sqlite3_str *s, const struct cand *x, int kind, const char *plan)
{
	if (x->plan && !plan)
		sqlite3_str_appendf(s, "%s/", x->plan);
	sqlite3_str_appendf(s, "%s", x->code);
	const char *name = NULL;
	if (kind == GOC_RESOLVE_TASK) {
		/* a task's names: its label and titles, "" when it has none */
		if (*x->names[0])
			sqlite3_str_appendf(s, " %s", x->names[0]);
		name = *x->names[1] ? x->names[1] : NULL;
	} else {
		name = x->names[0] && *x->names[0] ? x->names[0] : NULL;
	}
	if (name) {
		size_t len = strlen(name), cut = 0, chars = 0;
		while (cut < len && chars < 16) {
			ucs4_t c;
			cut += (size_t)u8_mbtouc(&c, (const uint8_t *)name + cut, len - cut);
			chars++;
		}
		sqlite3_str_appendf(s, " (%.*s%s)", (int)cut, name, cut < len ? "…" : "");
	}
}

static int finish_msg(goc_db *db, int code, sqlite3_str *s)
{
	int rc = sqlite3_str_errcode(s);
	char *msg = sqlite3_str_finish(s);
	if (rc != SQLITE_OK || !msg) {
		sqlite3_free(msg);
		return goc__err(db, GOC_ENOMEM, "resolve: out of memory");
	}
	rc = goc__err(db, code, "%s", msg);
	sqlite3_free(msg);
	return rc;
}

static int ambiguous(goc_db *db, int kind, const char *plan, const char *shown,
                     const struct cands *c, const size_t *hit, size_t nhit)
{
	sqlite3_str *s = sqlite3_str_new(NULL);
	sqlite3_str_appendf(s, "%s: '%s' is ambiguous: it names ", kind_names[kind], shown);
	for (size_t i = 0; i < nhit && i < LIST_MAX; i++) {
		if (i)
			sqlite3_str_appendall(s, i + 1 == nhit ? " and " : ", ");
		show_cand(s, &c->v[hit[i]], kind, plan);
	}
	if (nhit > LIST_MAX)
		sqlite3_str_appendf(s, " … and %lld more", (long long)(nhit - LIST_MAX));
	sqlite3_str_appendall(s, kind == GOC_RESOLVE_TASK || kind == GOC_RESOLVE_KPI
	                      ? "; give the code (and the plan)" : "; give the code");
	return finish_msg(db, GOC_EINVAL, s);
}

static int unknown(goc_db *db, int kind, const char *plan, const char *shown,
                   const char *key, struct cands *c)
{
	bool vocab = kind >= GOC_RESOLVE_UNIT_KIND;
	sqlite3_str *s = sqlite3_str_new(NULL);
	if (vocab)
		sqlite3_str_appendf(s, "%s: unknown value '%s'", kind_names[kind], shown);
	else if (plan && (kind == GOC_RESOLVE_TASK || kind == GOC_RESOLVE_KPI))
		sqlite3_str_appendf(s, "%s: no %s '%s' in plan '%s'", kind_names[kind],
		                    kind_names[kind], shown, plan);
	else
		sqlite3_str_appendf(s, "%s: no %s '%s'", kind_names[kind],
		                    kind == GOC_RESOLVE_PARTY ? "unit or group" : kind_names[kind], shown);
	/* did you mean: the closest (several if tied) */
	ucs4_t t[DIST_CHARS];
	size_t n = to_ucs4(key, t, DIST_CHARS);
	int best = -1;
	if (n <= DIST_CHARS) {
		for (size_t i = 0; i < c->n; i++) {
			c->v[i].dist = closeness(&c->v[i], key, t, n);
			if (c->v[i].dist >= 0 && (best < 0 || c->v[i].dist < best))
				best = c->v[i].dist;
		}
	}
	if (best >= 0) {
		sqlite3_str_appendall(s, "; did you mean ");
		int shownn = 0;
		for (size_t i = 0; i < c->n && shownn < SUGGEST_MAX; i++) {
			if (c->v[i].dist != best)
				continue;
			if (shownn++)
				sqlite3_str_appendall(s, " or ");
			show_cand(s, &c->v[i], kind, plan);
		}
		sqlite3_str_appendall(s, "?");
	}
	const char *valid = best >= 0 ? " Valid: " : "; valid: ";
	if (c->n == 0) {
		sqlite3_str_appendall(s, "; there are none");
	} else {
		sqlite3_str_appendall(s, valid);
		for (size_t i = 0; i < c->n && i < LIST_MAX; i++) {
			if (i)
				sqlite3_str_appendall(s, ", ");
			show_cand(s, &c->v[i], kind, plan);
		}
		if (c->n > LIST_MAX)
			sqlite3_str_appendf(s, " … and %lld more", (long long)(c->n - LIST_MAX));
	}
	return finish_msg(db, vocab ? GOC_EINVAL : GOC_ENOTFOUND, s);
}

/* ---- the API ---- */

static int resolve(char **out, goc_db *db, int kind, const char *plan, const char *text)
{
	if (out)
		*out = NULL;
	if (!out || !text)
		return goc__err(NULL, GOC_EINVAL, "%s: must not be NULL", out ? "text" : "out_code");
	if (kind < 1 || kind >= KIND_COUNT)
		return goc__err(NULL, GOC_EINVAL, "kind: unknown resolve kind %d", kind);
	bool vocab = kind >= GOC_RESOLVE_UNIT_KIND;
	const char *what = kind_names[kind];
	if (!vocab) {
		int rc = goc__check_db(db);
		if (rc != GOC_OK)
			return rc;
	} else {
		db = NULL;
	}
	size_t off;
	if (goc__check_utf8(text, NULL, &off) != 0)
		return goc__err(db, GOC_EINVAL, "%s: invalid UTF-8 at byte %zu", what, off);
	if (plan && goc__check_utf8(plan, NULL, &off) != 0)
		return goc__err(db, GOC_EINVAL, "plan: invalid UTF-8 at byte %zu", off);
	char shown[200];
	goc__name_show(shown, sizeof shown, text);
	if (!*text)
		return goc__err(db, GOC_EINVAL, "%s: empty", what);
	struct goc__key k;
	int rc = goc__name_key(db, what, text, &k);
	if (rc != GOC_OK)
		return rc;

	struct cands c = { NULL, 0, 0 };
	rc = vocab ? vocab_cands(kind, &c) : db_cands(db, kind, plan, &c);
	if (rc == GOC_ENOMEM && vocab)
		rc = goc__err(db, GOC_ENOMEM, "%s: out of memory", what);
	/* the code itself, as it is; then the keys */
	size_t nhit = 0, *hit = NULL;
	if (rc == GOC_OK) {
		hit = goc__malloc((c.n ? c.n : 1) * sizeof *hit);
		if (!hit)
			rc = goc__err(db, GOC_ENOMEM, "%s: out of memory", what);
	}
	if (rc == GOC_OK) {
		for (size_t i = 0; i < c.n; i++)
			if (strcmp(c.v[i].code, text) == 0)
				hit[nhit++] = i;
	}
	if (rc == GOC_OK && nhit == 0) {
		char under[256] = "", canon[64] = "";
		if (vocab && k.len < sizeof under) {
			for (size_t i = 0; i <= k.len; i++)
				under[i] = k.s[i] == ' ' || k.s[i] == '-' ? '_' : k.s[i];
		}
		label_canon(k.s, canon, sizeof canon);
		for (size_t i = 0; i < c.n; i++)
			if (matches(&c.v[i], k.s, vocab ? under : NULL, canon))
				hit[nhit++] = i;
	}
	if (rc == GOC_OK) {
		if (nhit == 1) {
			*out = goc__strdup(c.v[hit[0]].code);
			if (!*out)
				rc = goc__err(db, GOC_ENOMEM, "%s: out of memory", what);
		} else if (nhit > 1) {
			rc = ambiguous(db, kind, plan, shown, &c, hit, nhit);
		} else {
			rc = unknown(db, kind, plan, shown, k.s, &c);
		}
	}
	goc__free(hit);
	cands_free(&c);
	goc__key_free(&k);
	return rc;
}

GOC_API int goc_resolve(char **out_code, goc_db *db, enum goc_resolve_kind kind,
                        const char *plan, const char *text)
{
	return resolve(out_code, db, (int)kind, plan, text);
}

GOC_API int goc_resolve_enum(int *out, enum goc_resolve_kind kind, const char *text)
{
	if (!out)
		return goc__err(NULL, GOC_EINVAL, "out: must not be NULL");
	if ((int)kind < GOC_RESOLVE_UNIT_KIND || (int)kind >= KIND_COUNT)
		return goc__err(NULL, GOC_EINVAL, "kind: %d is not a vocabulary", (int)kind);
	char *code = NULL;
	int rc = resolve(&code, NULL, (int)kind, NULL, text);
	if (rc == GOC_OK) {
		rc = vocab_parse[kind](out, code);
		goc__free(code);
	}
	return rc;
}
