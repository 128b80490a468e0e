/*
 * libgoc — KPI series: the rows of an evaluation at many dates, in one
 * pass over the history.
 *
 * An evaluation as of one date asks SQLite for each KPI's counts as of
 * that date (kpi_measure.c).  A series does not repeat that per date.
 * For each KPI it reads, once, the facts its measure counts (events,
 * partners, experts, organizations with their whole stage history,
 * headquarters milestones, resolved requests, zone statements, manual
 * values), with the KPI's filters applied in SQL, and turns each fact
 * into dated changes ("deltas") of the rows it counts in:
 *
 *   - a counted fact adds 1 to its row from its date on (its window's
 *     row: annual windows have one row per year);
 *   - an organization that must stand at a stage on the as-of date (an
 *     entry into a stage, a headquarters milestone) counts through a step
 *     function of its history: +1 when it starts to count (the fact's date
 *     reached and the stage rank high enough), −1 when a later withdrawal
 *     takes it out, +1 again when it reopens;
 *   - a latest value (zone statements, manual values) sets its row;
 *   - a resolved request adds its days to its row's values (a median
 *     cannot run incrementally: the row's values seen so far are sorted
 *     again when a date needs them).
 *
 * The deltas are sorted by date; the as-of dates are walked in order and
 * every delta up to each date is applied to the running rows, whose
 * values then give that date's rows through the same rules as
 * goc_kpi_evaluate() (goc__kpi_judge(), targets in force picked in
 * memory).  So the cost is one read of the facts and one sort, plus the
 * rows times the dates — not one evaluation per date.
 *
 * May call: kpi_eval.c (KPIs, judging rows), kpi_def.c (scope members,
 * comma lists), plan.c (the plan exists), SQL helpers, errors, enums,
 * cursors, the arena.  Called by scorecard.c (scorecard series).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi_internal.h"

#define OOM(db) goc__err((db), GOC_ENOMEM, "out of memory computing a KPI series")

/* ---- the series' dates ---- */

static int month_end(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int goc__series_dates(goc_db *db, struct goc__arena *arena, const goc_series_opts *o,
                      const char ***dates, size_t *n)
{
	*n = 0;
	if (!o)
		return goc__err(db, GOC_EINVAL, "opts: must not be NULL");
	if (o->version != GOC_SERIES_OPTS_VERSION)
		return goc__err(db, GOC_EINVAL, "opts.version: %u is not %d", o->version,
		                GOC_SERIES_OPTS_VERSION);
	bool range = o->from || o->to || o->every, list = o->dates || o->n_dates;
	if (range && list)
		return goc__err(db, GOC_EINVAL, "opts: give from, to and every, or dates, not both");
	if (!range && !list)
		return goc__err(db, GOC_EINVAL, "opts: give from, to and every, or dates");
	const char **v = goc__arena_alloc(arena, GOC_SERIES_MAX_DATES * sizeof *v);
	if (!v)
		return OOM(db);
	if (list) {
		if (!o->dates || o->n_dates == 0)
			return goc__err(db, GOC_EINVAL, "opts.dates: %zu dates given%s", o->n_dates,
			                o->dates ? "" : " without a list");
		if (o->n_dates > GOC_SERIES_MAX_DATES)
			return goc__err(db, GOC_EINVAL, "opts.n_dates: %zu dates, at most %d", o->n_dates,
			                GOC_SERIES_MAX_DATES);
		for (size_t i = 0; i < o->n_dates; i++) {
			char field[48];
			snprintf(field, sizeof field, "opts.dates[%zu]", i);
			int rc = goc__check_date(db, field, o->dates[i]);
			if (rc != GOC_OK)
				return rc;
			v[i] = o->dates[i];
		}
		qsort(v, o->n_dates, sizeof *v, cmp_str);
		for (size_t i = 0; i < o->n_dates; i++)
			if (*n == 0 || strcmp(v[*n - 1], v[i]) != 0)
				v[(*n)++] = v[i];
	} else {
		int rc = goc__check_date(db, "opts.from", o->from);
		if (rc == GOC_OK)
			rc = goc__check_date(db, "opts.to", o->to);
		if (rc != GOC_OK)
			return rc;
		if (!goc_every_str(o->every))
			return goc__err(db, GOC_EINVAL, "opts.every: %d is not month (1) or quarter (2)",
			                o->every);
		if (strcmp(o->to, o->from) < 0)
			return goc__err(db, GOC_EINVAL, "opts.to: %s is before opts.from %s", o->to, o->from);
		int step = o->every == GOC_EVERY_QUARTER ? 3 : 1;
		int y = atoi(o->from), m = atoi(o->from + 5);
		if (step == 3)
			m = (m - 1) / 3 * 3 + 3;
		for (;;) {
			char d[32];
			snprintf(d, sizeof d, "%04d-%02d-%02d", y, m, month_end(y, m));
			if (strcmp(d, o->to) > 0)
				break;
			if (*n == GOC_SERIES_MAX_DATES)
				return goc__err(db, GOC_EINVAL, "opts: more than %d dates from %s to %s",
				                GOC_SERIES_MAX_DATES, o->from, o->to);
			if (!(v[(*n)++] = goc__arena_strdup(arena, d)))
				return OOM(db);
			if ((m += step) > 12) {
				m -= 12;
				y++;
			}
		}
		if (*n == 0)
			return goc__err(db, GOC_EINVAL, "opts: no %s end from %s to %s",
			                goc_every_str(o->every), o->from, o->to);
	}
	for (size_t i = 0; i < *n; i++)
		if (!(v[i] = goc__arena_strdup(arena, v[i])))
			return OOM(db);
	*dates = v;
	return GOC_OK;
}

/* ---- running rows and their deltas ---- */

/*
 * Dates as integer keys that sort as the text does: 2 × YYYYMMDD for a
 * date, plus 1 when the text goes on after the day (a time of day: the
 * text sorts after the bare date, before the next day), so that the walk
 * compares integers, not strings.  -1 for text that is not a date.
 */
typedef long long dkey;

static dkey key_of(const char *t)
{
	if (!t)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? t[i] != '-' : (t[i] < '0' || t[i] > '9'))
			return -1;
	dkey v = 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7)
			v = v * 10 + (t[i] - '0');
	return 2 * v + (t[10] != '\0');
}

static int bad_date(goc_db *db, const char *t)
{
	return goc__err(db, GOC_ECORRUPT, "a recorded date '%.40s' is not YYYY-MM-DD"
	                " (the database was edited by hand?)", t ? t : "(null)");
}

enum { D_ADD, D_SET, D_DAYS };

struct delta {
	double v;
	uint32_t row, bucket; /* bucket: the index of the first as-of date it counts at */
	int kind;
};

struct target {
	const char *member, *valid_from;
	double min, max;
};

/* One row of a KPI, with its running value. */
struct srow {
	const struct goc_kpi *k;
	size_t ki;
	const char *member, *tkey, *mkey, *start, *end; /* tkey: targets; mkey: manual values */
	dkey kstart, kend;
	int year;
	double value;
	int *days; /* request measures: the values so far, sorted when !dirty */
	size_t nd, cap, within;
	bool dirty;
	const struct target *targets;
	size_t n_targets;
};

struct orgset;
struct series {
	goc_db *db;
	struct goc__arena *arena;
	struct orgset *orgsets;
	dkey first; /* the first as-of date: what comes before it is applied at once */
	const char *first_date;
	const dkey *keys; /* the as-of dates */
	size_t n_keys;
	struct srow *rows;
	size_t n_rows, cap_rows;
	struct delta *d;
	size_t n_d, cap_d;
};

/* The KPI being read: its rows are rows[base + m * nw + w]. */
struct kctx {
	const struct goc_kpi *k;
	size_t base, nm, nw;
	int y0;
	const char **codes; /* member codes sorted, with their index */
	size_t *idx;
};

static int apply(struct series *s, const struct delta *d);

static int push_delta(struct series *s, dkey date, size_t row, double v, int kind)
{
	/* 4 billion rows or deltas: more than memory holds */
	if (row > UINT32_MAX || s->n_d >= UINT32_MAX) /* GCOVR_EXCL_BR_LINE */
		return OOM(s->db);
	if (date <= s->first && kind != D_SET) { /* counted by every date: no need to sort it */
		struct delta d = { v, (uint32_t)row, 0, kind };
		return apply(s, &d);
	}
	size_t lo = 0, hi = s->n_keys; /* the first as-of date on or after it */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->keys[mid] < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->n_keys)
		return GOC_OK; /* after the last date */
	if (s->n_d == s->cap_d) {
		size_t cap = s->cap_d ? 2 * s->cap_d : 1024;
		struct delta *nd = sqlite3_realloc64(s->d, cap * sizeof *nd);
		if (!nd)
			return OOM(s->db);
		s->d = nd;
		s->cap_d = cap;
	}
	s->d[s->n_d] = (struct delta){ v, (uint32_t)row, (uint32_t)lo, kind };
	s->n_d++;
	return GOC_OK;
}

static int push_row(struct series *s, const struct srow *r)
{
	if (s->n_rows == s->cap_rows) {
		size_t cap = s->cap_rows ? 2 * s->cap_rows : 64;
		struct srow *nr = sqlite3_realloc64(s->rows, cap * sizeof *nr);
		if (!nr)
			return OOM(s->db);
		s->rows = nr;
		s->cap_rows = cap;
	}
	s->rows[s->n_rows++] = *r;
	return GOC_OK;
}

static struct kctx *sort_ctx;
static int cmp_member(const void *a, const void *b)
{
	return strcmp(sort_ctx->codes[*(const size_t *)a], sort_ctx->codes[*(const size_t *)b]);
}

/* The member index of a fact's zone or unit, or -1 if it counts in no row. */
static long member_of(const struct kctx *c, const char *g)
{
	if (c->k->scope == GOC_SCOPE_PLAN)
		return 0;
	if (!g)
		return -1;
	if (c->k->scope == GOC_SCOPE_ZONES)
		return goc__kpi_list_has(c->k->members, g) ? 0 : -1;
	size_t lo = 0, hi = c->nm;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(c->codes[c->idx[mid]], g);
		if (cmp == 0)
			return (long)c->idx[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The window (row within a member) a dated fact falls in: its year's in
 * an annual window.  Every fact read lies in the KPI's window (the SQL
 * asks for dates BETWEEN :from AND :to, and the keys order as the text
 * does), so it lies in one of its years. */
static size_t window_of(const struct kctx *c, dkey t)
{
	return c->k->window == GOC_WINDOW_ANNUAL ? (size_t)(t / 20000 - c->y0) : 0;
}

/* ---- reading the facts ---- */

static void bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		goc__bind_text(st, i, v);
}

/* (the tristate filters' parameters are in the SQL only when they filter) */
static void bind_int(sqlite3_stmt *st, const char *name, int v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_int(st, i, v);
}

static int prepare(struct series *s, const struct goc_kpi *k, const char *sql, sqlite3_stmt **st)
{
	int rc = goc__prepare(s->db, sql, st);
	if (rc != GOC_OK)
		return rc;
	bind_text(*st, ":from", k->start);
	bind_text(*st, ":to", k->end);
	bind_text(*st, ":category", k->category);
	bind_text(*st, ":origin", k->origin);
	bind_text(*st, ":stage", k->stage);
	bind_text(*st, ":kind", k->event_kind);
	bind_int(*st, ":intl", k->international == GOC_YES);
	bind_int(*st, ":large", k->large == GOC_YES);
	int i = sqlite3_bind_parameter_index(*st, ":kpi");
	if (i)
		sqlite3_bind_int64(*st, i, k->id);
	return goc__binds_failed(s->db, "computing a KPI series");
}

static void org_filters(char *sql, size_t size, const struct goc_kpi *k)
{
	if (k->category)
		strncat(sql, " AND o.category = :category", size - strlen(sql) - 1);
	if (k->origin)
		strncat(sql, " AND o.origin = :origin", size - strlen(sql) - 1);
}

static void event_filters(char *sql, size_t size, const struct goc_kpi *k)
{
	if (k->event_kind)
		strncat(sql, " AND e.kind = :kind", size - strlen(sql) - 1);
	if (k->international != GOC_ANY)
		strncat(sql, " AND e.international = :intl", size - strlen(sql) - 1);
	if (k->large != GOC_ANY)
		strncat(sql, " AND e.large = :large", size - strlen(sql) - 1);
}

static const char *keep(struct series *s, const char *t)
{
	return t ? goc__arena_strdup(s->arena, t) : NULL;
}

/* Facts counted once each from their date: (date, zone or unit, 1). */
static int read_counted(struct series *s, const struct kctx *c, const char *sql)
{
	sqlite3_stmt *st;
	int rc = prepare(s, c->k, sql, &st);
	int r = SQLITE_DONE;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = goc__col_text(st, 0);
		dkey date = key_of(t);
		long m = member_of(c, goc__col_text(st, 1));
		if (date < 0) {
			rc = bad_date(s->db, t);
			break;
		}
		if (m >= 0)
			rc = push_delta(s, date, c->base + (size_t)m * c->nw + window_of(c, date),
			                sqlite3_column_double(st, 2), D_ADD);
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "computing a KPI series");
	sqlite3_finalize(st);
	return rc;
}

/* Organizations listed: counted in every window whose end they precede.
 * Those listed by the first as-of date (and the first window's end) count
 * at every date: SQL counts them by zone or unit; the later ones come row
 * by row. */
static int read_listed(struct series *s, const struct kctx *c, const char *dim)
{
	const struct goc_kpi *k = c->k;
	const char *cut = s->first_date;
	for (size_t w = 0; w < c->nw; w++)
		if (strcmp(s->rows[c->base + w].end, cut) < 0)
			cut = s->rows[c->base + w].end;
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT %s, count(*) FROM organizations o WHERE o.created <= :cut", dim);
	org_filters(sql, sizeof sql, k);
	strncat(sql, " GROUP BY 1", sizeof sql - strlen(sql) - 1);
	sqlite3_stmt *st;
	int rc = prepare(s, k, sql, &st);
	int r = SQLITE_DONE;
	if (rc == GOC_OK)
		bind_text(st, ":cut", cut);
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		long m = member_of(c, goc__col_text(st, 0));
		for (size_t w = 0; m >= 0 && w < c->nw; w++)
			s->rows[c->base + (size_t)m * c->nw + w].value += sqlite3_column_double(st, 1);
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "computing a KPI series");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	/* the later ones counted by day and member (as the index on (unit,
	 * created) gives them): one delta each, not one per organization */
	snprintf(sql, sizeof sql, "SELECT o.created, %s, count(*) FROM organizations o"
	         " WHERE o.created > :cut AND o.created <= :to", dim);
	org_filters(sql, sizeof sql, k);
	strncat(sql, " GROUP BY 2, 1", sizeof sql - strlen(sql) - 1);
	rc = prepare(s, k, sql, &st);
	if (rc == GOC_OK)
		bind_text(st, ":cut", cut);
	r = SQLITE_DONE;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = goc__col_text(st, 0);
		dkey date = key_of(t);
		long m = member_of(c, goc__col_text(st, 1));
		if (date < 0)
			rc = bad_date(s->db, t);
		for (size_t w = 0; m >= 0 && rc == GOC_OK && w < c->nw; w++) {
			size_t row = c->base + (size_t)m * c->nw + w;
			if (date <= s->rows[row].kend)
				rc = push_delta(s, date, row, sqlite3_column_double(st, 2), D_ADD);
		}
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "computing a KPI series");
	sqlite3_finalize(st);
	return rc;
}

/* Stage histories: (org, date, stage) in date and sequence order by org. */
struct hist {
	int64_t org, seq;
	const char *zone, *unit; /* organization sets: the organization's */
	dkey date;
	int stage, rank; /* goc_stage value (0 unknown), rank in the pipeline */
};

static int cmp_hist(const void *a, const void *b)
{
	const struct hist *x = a, *y = b;
	if (x->org != y->org)
		return x->org < y->org ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Is the entry the stage counted? */
static bool h_is(const struct hist *h, int stage)
{
	return stage && h->stage == stage;
}

static int rank_of(int stage)
{
	/* as RANK_AS_OF in kpi_measure.c: withdrawn and anything else 0 */
	return stage >= GOC_STAGE_TARGET && stage <= GOC_STAGE_OPERATING ? stage : 0;
}

static int read_history(struct series *s, const struct goc_kpi *k, const char *sql,
                        struct hist **out, size_t *n)
{
	sqlite3_stmt *st;
	int rc = prepare(s, k, sql, &st);
	size_t cap = 0;
	struct hist *v = NULL;
	*n = 0;
	int r = SQLITE_DONE;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			struct hist *nv = sqlite3_realloc64(v, cap * sizeof *nv);
			if (!nv) {
				rc = OOM(s->db);
				break;
			}
			v = nv;
		}
		const char *stage = goc__col_text(st, 2);
		struct hist *h = &v[(*n)++];
		h->org = sqlite3_column_int64(st, 0);
		h->seq = 0;
		h->zone = h->unit = NULL;
		h->date = key_of(goc__col_text(st, 1));
		h->stage = goc__stage_value(stage);
		h->rank = rank_of(h->stage);
		if (h->date < 0)
			rc = bad_date(s->db, goc__col_text(st, 1));
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "computing a KPI series");
	sqlite3_finalize(st);
	*out = v;
	return rc;
}

/* The history entries of org: h[*a] … h[*b - 1] (h sorted by org). */
static void history_of(const struct hist *h, size_t n, int64_t org, size_t *a, size_t *b)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (h[mid].org < org)
			lo = mid + 1;
		else
			hi = mid;
	}
	*a = lo;
	while (lo < n && h[lo].org == org)
		lo++;
	*b = lo;
}

/*
 * A fact of date t about an organization counts on an as-of date D when
 * t ≤ D and the organization's rank on D (its latest stage on or before
 * D) is at least r.  Walk the dates where that can change (t and the
 * history's dates) and push +1 / −1 where it does.
 */
static int step_deltas(struct series *s, const struct hist *h, size_t a, size_t b,
                       dkey t, int r, size_t row)
{
	bool on = false, t_seen = false;
	int rank = -1; /* none recorded yet: never counts */
	size_t i = a;
	int rc = GOC_OK;
	while (rc == GOC_OK && (i < b || !t_seen)) {
		dkey p = i < b && (t_seen || h[i].date <= t) ? h[i].date : t;
		if (p == t)
			t_seen = true;
		while (i < b && h[i].date == p)
			rank = h[i++].rank;
		bool now = p >= t && rank >= r;
		if (now != on) {
			rc = push_delta(s, p, row, now ? 1 : -1, D_ADD);
			on = now;
		}
	}
	return rc;
}

/* The organizations that entered a stage inside a window, with their
 * whole stage history: read once per (stage, filters, window) and shared
 * by the KPIs that count them (as the evaluation's grouped counts are). */
struct orgset {
	struct orgset *next;
	char *key;
	struct hist *h;
	size_t nh;
	struct oinfo {
		int64_t id;
		const char *zone, *unit;
	} *o;
	size_t no;
};

static int orgset_get(struct series *s, const struct goc_kpi *k, const struct orgset **out)
{
	char key[512];
	snprintf(key, sizeof key, "%s|%s|%s|%s|%s", k->stage ? k->stage : "", k->category ? k->category : "",
	         k->origin ? k->origin : "", k->start, k->end);
	for (struct orgset *o = s->orgsets; o; o = o->next)
		if (!strcmp(o->key, key)) {
			*out = o;
			return GOC_OK;
		}
	struct orgset *set = goc__arena_alloc(s->arena, sizeof *set);
	if (!set || !(set->key = goc__arena_strdup(s->arena, key)))
		return OOM(s->db);
	set->h = NULL;
	set->nh = set->no = 0;
	set->o = NULL;
	/* each organization (one lookup, in id order) with its history from
	 * the window's start on (the covering index): it counts from its entry
	 * into the stage, inside the window, so what came before does not
	 * matter */
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT o.id, h.date, h.to_stage, o.zone, o.unit, h.seq"
	         " FROM (SELECT h2.org_id AS id, min(h2.date) AS first FROM stage_history h2"
	         "  WHERE h2.to_stage = :stage AND h2.date BETWEEN :from AND :to GROUP BY 1) e"
	         " CROSS JOIN organizations o ON o.id = e.id"
	         " CROSS JOIN stage_history h ON h.org_id = e.id AND h.date >= e.first WHERE 1");
	org_filters(sql, sizeof sql, k);
	/* no ORDER BY (a sort of every row): the rows come by organization in
	 * history order from the plan; checked below, sorted here if not */
	sqlite3_stmt *st = NULL;
	int rc = prepare(s, k, sql, &st);
	size_t cap = 0, hcap = 0;
	bool sorted = true;
	int r = SQLITE_DONE;
	const char *zone = NULL, *unit = NULL;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (set->nh == hcap) {
			hcap = hcap ? 2 * hcap : 1024;
			struct hist *v = sqlite3_realloc64(set->h, hcap * sizeof *v);
			if (!v) {
				rc = OOM(s->db);
				break;
			}
			set->h = v;
		}
		const char *date = goc__col_text(st, 1), *stage = goc__col_text(st, 2);
		struct hist *h = &set->h[set->nh++];
		h->org = id;
		h->seq = sqlite3_column_int64(st, 5);
		h->date = key_of(date);
		h->stage = goc__stage_value(stage);
		h->rank = rank_of(h->stage);
		if (h->date < 0) {
			rc = bad_date(s->db, date);
			break;
		}
		if (set->nh > 1 && h[-1].org == id) {
			h->zone = h[-1].zone;
			h->unit = h[-1].unit;
			sorted = sorted && (h[-1].date < h->date || (h[-1].date == h->date && h[-1].seq < h->seq));
			continue;
		}
		sorted = sorted && (set->nh == 1 || h[-1].org < id);
		const char *z = goc__col_text(st, 3), *u = goc__col_text(st, 4);
		h->zone = zone = keep(s, z);
		h->unit = unit = keep(s, u);
		if ((z && !zone) || (u && !unit))
			rc = OOM(s->db);
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "computing a KPI series");
	sqlite3_finalize(st);
	if (rc == GOC_OK && !sorted)
		qsort(set->h, set->nh, sizeof *set->h, cmp_hist);
	/* the organizations, in the same order */
	for (size_t i = 0; rc == GOC_OK && i < set->nh; i++) {
		if (i > 0 && set->h[i - 1].org == set->h[i].org)
			continue;
		if (set->no == cap) {
			cap = cap ? 2 * cap : 256;
			struct oinfo *v = sqlite3_realloc64(set->o, cap * sizeof *v);
			if (!v) {
				rc = OOM(s->db);
				break;
			}
			set->o = v;
		}
		set->o[set->no++] = (struct oinfo){ set->h[i].org, set->h[i].zone, set->h[i].unit };
	}
	set->next = s->orgsets; /* kept (and freed) even when incomplete */
	s->orgsets = set;
	*out = set;
	return rc;
}

/* orgs_entered: each organization's first entry into the stage in each
 * window, counted while it stands at that stage or later. */
static int read_entered(struct series *s, const struct kctx *c, bool by_unit)
{
	const struct goc_kpi *k = c->k;
	const struct orgset *set = NULL;
	int rc = orgset_get(s, k, &set);
	int need = goc__stage_value(k->stage);
	size_t a = 0; /* set->o has the organizations of set->h in its order: h[a] is o's first */
	for (size_t i = 0; rc == GOC_OK && i < set->no; i++) {
		const struct oinfo *o = &set->o[i];
		size_t b = a;
		while (b < set->nh && set->h[b].org == o->id)
			b++;
		long m = member_of(c, by_unit ? o->unit : o->zone);
		for (size_t w = 0; m >= 0 && rc == GOC_OK && w < c->nw; w++) {
			size_t row = c->base + (size_t)m * c->nw + w;
			const struct srow *sr = &s->rows[row];
			for (size_t j = a; j < b; j++)
				if (h_is(&set->h[j], need) && set->h[j].date >= sr->kstart &&
				    set->h[j].date <= sr->kend) {
					rc = step_deltas(s, set->h, a, b, set->h[j].date, need, row);
					break;
				}
		}
		a = b;
	}
	return rc;
}

/* hq: milestones, counted while their organization is not withdrawn. */
static int read_hq(struct series *s, const struct kctx *c, bool by_unit)
{
	const struct goc_kpi *k = c->k;
	struct hist *h = NULL;
	size_t nh = 0;
	int rc = read_history(s, k,
	    "SELECT h.org_id, h.date, h.to_stage FROM stage_history h WHERE h.org_id IN"
	    " (SELECT m.org_id FROM hq_milestones m WHERE m.date BETWEEN :from AND :to)"
	    " ORDER BY h.org_id, h.date, h.seq", &h, &nh);
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT m.org_id, m.date, %s FROM hq_milestones m"
	         " JOIN organizations o ON o.id = m.org_id WHERE m.date BETWEEN :from AND :to",
	         by_unit ? "o.unit" : "o.zone");
	org_filters(sql, sizeof sql, k);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = prepare(s, k, sql, &st);
	int r = SQLITE_DONE;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = goc__col_text(st, 1);
		dkey date = key_of(t);
		long m = member_of(c, goc__col_text(st, 2));
		if (date < 0) {
			rc = bad_date(s->db, t);
			break;
		}
		if (m < 0)
			continue;
		size_t a, b;
		history_of(h, nh, sqlite3_column_int64(st, 0), &a, &b);
		rc = step_deltas(s, h, a, b, date, 1, c->base + (size_t)m * c->nw + window_of(c, date));
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "computing a KPI series");
	sqlite3_finalize(st);
	sqlite3_free(h);
	return rc;
}

/* Zone statements (latest on or before the date), manual values (latest
 * in the window) and resolved requests (their days). */
static int read_rowwise(struct series *s, const struct kctx *c)
{
	const struct goc_kpi *k = c->k;
	int measure = k->measure;
	bool req = measure == GOC_MEASURE_REQUEST_DAYS || measure == GOC_MEASURE_REQUEST_WITHIN;
	const char *sql =
	    req ? "SELECT r.resolved, CAST(julianday(r.resolved) - julianday(r.opened) AS INTEGER),"
	          " o.zone, r.unit FROM service_requests r JOIN organizations o ON o.id = r.org_id"
	          " WHERE r.resolved BETWEEN :from AND :to"
	    : measure == GOC_MEASURE_MANUAL
	        ? "SELECT date, value, member FROM kpi_measurements WHERE kpi_id = :kpi"
	          " AND date BETWEEN :from AND :to ORDER BY date"
	    : measure == GOC_MEASURE_OFFICE_SPACE
	        ? "SELECT date, office_space, zone FROM zone_facts ORDER BY date"
	        : "SELECT date, contact IS NOT NULL AND contact <> '', zone FROM zone_facts ORDER BY date";
	if ((measure == GOC_MEASURE_OFFICE_SPACE || measure == GOC_MEASURE_CONTACT) &&
	    k->scope != GOC_SCOPE_ZONE)
		return GOC_OK; /* measured for a zone only: 0 elsewhere */
	sqlite3_stmt *st;
	int rc = prepare(s, k, sql, &st);
	int r = SQLITE_DONE;
	while (rc == GOC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = goc__col_text(st, 0);
		double v = sqlite3_column_double(st, 1);
		long m;
		if (req) {
			const char *g = goc__col_text(st, k->scope == GOC_SCOPE_UNIT ? 3 : 2);
			m = member_of(c, g);
		} else if (measure == GOC_MEASURE_MANUAL) {
			const char *g = goc__col_text(st, 2);
			m = -1;
			for (size_t i = 0; m < 0 && i < c->nm; i++)
				if (strcmp(s->rows[c->base + i * c->nw].mkey, g) == 0)
					m = (long)i;
		} else {
			m = member_of(c, goc__col_text(st, 2));
		}
		dkey date = key_of(t);
		if (date < 0) {
			rc = bad_date(s->db, t);
			break;
		}
		if (m < 0)
			continue;
		if (req || measure == GOC_MEASURE_MANUAL) {
			rc = push_delta(s, date, c->base + (size_t)m * c->nw + window_of(c, date), v,
			                req ? D_DAYS : D_SET);
		} else {
			for (size_t w = 0; rc == GOC_OK && w < c->nw; w++)
				rc = push_delta(s, date, c->base + (size_t)m * c->nw + w, v, D_SET);
		}
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "computing a KPI series");
	sqlite3_finalize(st);
	return rc;
}

static int read_facts(struct series *s, const struct kctx *c)
{
	const struct goc_kpi *k = c->k;
	bool by_unit = k->scope == GOC_SCOPE_UNIT;
	char sql[1024];
	switch (k->measure) {
	case GOC_MEASURE_ORGS_ENTERED:
		return read_entered(s, c, by_unit);
	case GOC_MEASURE_HQ:
		return read_hq(s, c, by_unit);
	case GOC_MEASURE_ORGS_LISTED:
		return read_listed(s, c, by_unit ? "o.unit" : "o.zone");
	case GOC_MEASURE_PARTNERS:
		return read_counted(s, c, "SELECT p.date, p.unit, 1 FROM partners p"
		                          " WHERE p.date BETWEEN :from AND :to");
	case GOC_MEASURE_EXPERTS:
		return read_counted(s, c, "SELECT e.date, e.unit, 1 FROM experts e"
		                          " WHERE e.date BETWEEN :from AND :to");
	case GOC_MEASURE_EVENTS:
		snprintf(sql, sizeof sql, by_unit
		         ? "SELECT e.date, g.unit, 1 FROM events e"
		           " JOIN event_organizers g ON g.event_id = e.id WHERE e.date BETWEEN :from AND :to"
		         : "SELECT e.date, e.zone, 1 FROM events e WHERE e.date BETWEEN :from AND :to");
		event_filters(sql, sizeof sql, k);
		return read_counted(s, c, sql);
	default:
		return read_rowwise(s, c);
	}
}

/* ---- the KPIs' rows and targets ---- */

static int read_targets(struct series *s, const struct goc_kpi *k, struct target **out,
                        size_t *n)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(s->db, "SELECT member, valid_from, target_min, target_max"
	                             " FROM kpi_targets WHERE kpi_id = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	sqlite3_bind_int64(st, 1, k->id);
	size_t cap = 0;
	*n = 0;
	*out = NULL;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) { /* an error breaks out */
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			struct target *v = goc__arena_alloc(s->arena, cap * sizeof *v);
			if (!v) {
				rc = OOM(s->db);
				break;
			}
			if (*n)
				memcpy(v, *out, *n * sizeof *v);
			*out = v;
		}
		struct target *t = &(*out)[(*n)++];
		t->member = keep(s, goc__col_text(st, 0));
		t->valid_from = keep(s, goc__col_text(st, 1));
		t->min = sqlite3_column_double(st, 2);
		t->max = sqlite3_column_type(st, 3) == SQLITE_NULL ? GOC_NO_MAX
		                                                    : sqlite3_column_double(st, 3);
		if (!t->member || !t->valid_from) {
			rc = OOM(s->db);
			break;
		}
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(s->db, r, "reading a KPI target");
	sqlite3_finalize(st);
	return rc;
}

/* The target in force on asof, as goc__kpi_target_for() orders them: valid
 * ones first, the member's own first, then the latest valid, else the
 * earliest. */
static const struct target *target_on(const struct srow *r, const char *asof)
{
	const struct target *best = NULL;
	for (size_t i = 0; i < r->n_targets; i++) {
		const struct target *t = &r->targets[i];
		if (t->member[0] && strcmp(t->member, r->tkey) != 0)
			continue;
		if (!best) {
			best = t;
			continue;
		}
		bool tv = strcmp(t->valid_from, asof) <= 0, bv = strcmp(best->valid_from, asof) <= 0;
		bool to = strcmp(t->member, r->tkey) == 0, bo = strcmp(best->member, r->tkey) == 0;
		int c = strcmp(t->valid_from, best->valid_from);
		if (tv != bv ? tv : to != bo ? to : tv ? c > 0 : c < 0)
			best = t;
	}
	return best;
}

static int add_kpi(struct series *s, size_t ki, const struct goc_kpi *k)
{
	struct goc__strlist ml = { NULL, 0, 0, s->arena };
	int rc = goc__kpi_scope_members(s->db, k, &ml);
	struct target *targets = NULL;
	size_t n_targets = 0;
	if (rc == GOC_OK)
		rc = read_targets(s, k, &targets, &n_targets);
	if (rc != GOC_OK)
		return rc;
	struct kctx c = { k, s->n_rows, 0, 1, 0, NULL, NULL };
	c.nm = k->scope == GOC_SCOPE_PLAN || k->scope == GOC_SCOPE_ZONES ? 1 : ml.n;
	int y1 = 0;
	if (k->window == GOC_WINDOW_ANNUAL) {
		c.y0 = atoi(k->start);
		y1 = atoi(k->end);
		c.nw = (size_t)(y1 - c.y0 + 1);
	}
	for (size_t m = 0; rc == GOC_OK && m < c.nm; m++) {
		const char *member = k->scope == GOC_SCOPE_PLAN ? NULL
		                     : k->scope == GOC_SCOPE_ZONES ? k->members : ml.v[m];
		for (size_t w = 0; rc == GOC_OK && w < c.nw; w++) {
			struct srow r;
			memset(&r, 0, sizeof r);
			r.k = k;
			r.ki = ki;
			r.member = member;
			r.tkey = k->scope == GOC_SCOPE_ZONES || !member ? "" : member;
			r.mkey = member ? member : "";
			r.start = k->start;
			r.end = k->end;
			r.targets = targets;
			r.n_targets = n_targets;
			if (k->window == GOC_WINDOW_ANNUAL) {
				int y = c.y0 + (int)w;
				char ys[32], ye[32];
				snprintf(ys, sizeof ys, "%04d-01-01", y);
				snprintf(ye, sizeof ye, "%04d-12-31", y);
				r.year = y;
				r.start = y == c.y0 ? k->start : keep(s, ys);
				r.end = y == y1 ? k->end : keep(s, ye);
				if (!r.start || !r.end)
					rc = OOM(s->db);
			}
			r.kstart = key_of(r.start);
			r.kend = key_of(r.end);
			if (rc == GOC_OK)
				rc = push_row(s, &r);
		}
	}
	if (rc != GOC_OK)
		return rc;
	/* member codes sorted, for the facts' lookups */
	if (k->scope == GOC_SCOPE_ZONE || k->scope == GOC_SCOPE_UNIT) {
		c.codes = (const char **)ml.v;
		c.idx = goc__arena_alloc(s->arena, (c.nm ? c.nm : 1) * sizeof *c.idx);
		if (!c.idx)
			return OOM(s->db);
		for (size_t i = 0; i < c.nm; i++)
			c.idx[i] = i;
		sort_ctx = &c;
		qsort(c.idx, c.nm, sizeof *c.idx, cmp_member);
		sort_ctx = NULL;
	}
	return c.nm ? read_facts(s, &c) : GOC_OK;
}

/* ---- the walk through the dates ---- */

/* The deltas in the order of their dates' buckets, each bucket in the
 * order they came (a latest value's come in date order): a counting sort. */
static int sort_deltas(struct series *s)
{
	size_t *start = calloc(s->n_keys + 1, sizeof *start);
	struct delta *out = s->n_d ? sqlite3_malloc64(s->n_d * sizeof *out) : NULL;
	if (!start || (s->n_d && !out)) {
		free(start);
		sqlite3_free(out);
		return OOM(s->db);
	}
	for (size_t i = 0; i < s->n_d; i++)
		start[s->d[i].bucket + 1]++;
	for (size_t b = 1; b <= s->n_keys; b++)
		start[b] += start[b - 1];
	for (size_t i = 0; i < s->n_d; i++)
		out[start[s->d[i].bucket]++] = s->d[i];
	free(start);
	sqlite3_free(s->d);
	s->d = out;
	return GOC_OK;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int apply(struct series *s, const struct delta *d)
{
	struct srow *r = &s->rows[d->row];
	if (d->kind == D_ADD) {
		r->value += d->v;
	} else if (d->kind == D_SET) {
		r->value = d->v;
	} else {
		if (r->nd == r->cap) {
			size_t cap = r->cap ? 2 * r->cap : 16;
			int *v = sqlite3_realloc64(r->days, cap * sizeof *v);
			if (!v)
				return OOM(s->db);
			r->days = v;
			r->cap = cap;
		}
		int day = (int)d->v;
		r->days[r->nd++] = day;
		r->within += day <= r->k->days;
		r->dirty = true;
	}
	return GOC_OK;
}

/* The row of r as of asof, pushed to rv. */
static int emit(struct series *s, struct srow *r, const char *asof, struct goc__kpi_rows *rv)
{
	const struct goc_kpi *k = r->k;
	struct goc_kpi_row row;
	memset(&row, 0, sizeof row);
	row.kpi = k->code;
	row.member = r->member;
	row.start = r->start;
	row.end = r->end;
	row.as_of = asof;
	row.year = r->year;
	row.members = k->scope == GOC_SCOPE_ZONES ? k->members : NULL;
	const struct target *t = target_on(r, asof);
	if (!t)
		return goc__err(s->db, GOC_ECORRUPT,
		                "KPI '%s' has no target (the database was edited by hand?)", k->code);
	row.target_min = t->min;
	row.target_max = t->max;
	double baseline = k->window == GOC_WINDOW_CUMULATIVE ? k->baseline : 0, value = 0;
	bool has_data = true;
	if (strcmp(asof, r->start) >= 0) {
		if (k->measure == GOC_MEASURE_REQUEST_DAYS || k->measure == GOC_MEASURE_REQUEST_WITHIN) {
			size_t n = r->nd;
			if (r->dirty) {
				qsort(r->days, n, sizeof *r->days, cmp_int);
				r->dirty = false;
			}
			if (n == 0)
				has_data = false;
			else if (k->measure == GOC_MEASURE_REQUEST_DAYS)
				value = n % 2 ? r->days[n / 2] : (r->days[n / 2 - 1] + r->days[n / 2]) / 2.0;
			else
				value = 100.0 * (double)r->within / (double)n;
		} else {
			value = r->value;
		}
	}
	row.actual = baseline + value;
	goc__kpi_judge(k, &row, asof, has_data, baseline, r->start);
	return goc__kpi_rows_push(s->db, rv, &row, r->ki);
}

int goc__kpi_series_rows(goc_db *db, const char *plan, const char *one, const char *const *dates,
                         size_t n_dates, struct goc__kpi_rows *rv, struct goc_kpi ***kpis,
                         size_t *n_kpis, size_t **at)
{
	/* n_dates ≥ 1: goc__series_begin() gave the dates */
	dkey *keys = goc__arena_alloc(rv->arena, n_dates * sizeof *keys);
	if (!keys)
		return OOM(db);
	for (size_t i = 0; i < n_dates; i++)
		keys[i] = key_of(dates[i]);
	struct series s = { db, rv->arena, NULL, keys[0], dates[0],
		            keys, n_dates, NULL, 0, 0, NULL, 0, 0 };
	int rc = goc__kpi_load_all(db, rv->arena, plan, one, kpis, n_kpis);
	for (size_t i = 0; rc == GOC_OK && i < *n_kpis; i++)
		rc = add_kpi(&s, i, (*kpis)[i]);
	if (rc == GOC_OK)
		rc = goc__binds_failed(db, "computing a KPI series");
	*at = goc__arena_alloc(rv->arena, (n_dates + 1) * sizeof **at);
	if (rc == GOC_OK && !*at)
		rc = OOM(db);
	if (rc == GOC_OK)
		rc = sort_deltas(&s);
	size_t p = 0;
	for (size_t i = 0; rc == GOC_OK && i < n_dates; i++) {
		while (rc == GOC_OK && p < s.n_d && s.d[p].bucket == i)
			rc = apply(&s, &s.d[p++]);
		(*at)[i] = rv->n;
		for (size_t j = 0; rc == GOC_OK && j < s.n_rows; j++)
			rc = emit(&s, &s.rows[j], dates[i], rv);
	}
	if (rc == GOC_OK)
		(*at)[n_dates] = rv->n;
	for (size_t j = 0; j < s.n_rows; j++)
		sqlite3_free(s.rows[j].days);
	for (struct orgset *o = s.orgsets; o; o = o->next) {
		sqlite3_free(o->h);
		sqlite3_free(o->o);
	}
	sqlite3_free(s.rows);
	sqlite3_free(s.d);
	return rc;
}

/* ---- the public function ---- */

/* The checks of a series' arguments; the dates in the arena. */
int goc__series_begin(goc_db *db, const void *out, const char *plan, const goc_series_opts *o,
                      struct goc__arena *arena, const char ***dates, size_t *n)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	rc = goc__plan_exists(db, "plan", plan);
	if (rc == GOC_OK)
		rc = goc__series_dates(db, arena, o, dates, n);
	if (rc == GOC_OK && o->kpi) {
		struct goc_kpi *k = NULL;
		rc = goc__kpi_fetch(db, plan, o->kpi, &k);
		goc__free(k);
	}
	if (rc == GOC_OK && o->member) {
		struct goc__strlist l = { NULL, 0, 0, arena };
		rc = goc__strlist_query(db, &l, "SELECT code FROM zones WHERE code = ?1"
		                                " UNION ALL SELECT code FROM units WHERE code = ?1",
		                        o->member);
		if (rc == GOC_OK && l.n == 0)
			rc = goc__err(db, GOC_ENOTFOUND, "opts.member: no zone or unit with code '%s'",
			              o->member);
	}
	return rc;
}

/* Does a row belong to a member (its own, or one of a `zones` row's)? */
bool goc__series_row_for(const struct goc_kpi_row *r, const char *member)
{
	if (!r->member)
		return false;
	return r->members ? goc__kpi_list_has(r->member, member) : strcmp(r->member, member) == 0;
}

GOC_API int goc_kpi_series(goc_cursor **out, goc_db *db, const char *plan,
                           const goc_series_opts *opts)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	struct goc__kpi_rows rv = { goc__arena_new(), NULL, 0, 0, NULL, NULL };
	if (!rv.arena)
		return OOM(db);
	const char **dates = NULL;
	size_t n_dates = 0;
	rc = goc__series_begin(db, out, plan, opts, rv.arena, &dates, &n_dates);
	struct goc_kpi **kpis = NULL;
	size_t n_kpis = 0, *at = NULL;
	bool own = false;
	if (rc == GOC_OK)
		rc = goc__kpi_snapshot_begin(db, &own);
	if (rc == GOC_OK) {
		rc = goc__kpi_series_rows(db, plan, opts->kpi, (const char *const *)dates, n_dates, &rv, &kpis, &n_kpis, &at);
		goc__kpi_snapshot_end(db, own);
	}
	if (rc != GOC_OK) {
		goc__arena_free(rv.arena);
		return rc;
	}
	if (opts->member) {
		size_t n = 0;
		for (size_t i = 0; i < rv.n; i++)
			if (goc__series_row_for(&rv.v[i], opts->member))
				rv.v[n++] = rv.v[i];
		rv.n = n;
	}
	return goc__cursor_new_items(out, db, CUR_KPI_ROW, rv.v, rv.n, sizeof *rv.v, rv.arena,
	                             goc__kpi_free_arena);
}
