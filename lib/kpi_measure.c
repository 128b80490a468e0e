/*
 * libgoc — the measures: what each of the fixed vocabulary of measures
 * counts, as fixed SQL per measure with the KPI's filters bound by name
 * (never SQL from the caller).  Counting measures are counted for every
 * zone or unit at once and kept for the rest of an evaluation; the others
 * (request times, zone facts, manual values) are measured row by row.
 *
 * May call: kpi_def.c (comma lists), SQL helpers, errors, enums, the
 * arena.  Called by kpi_eval.c only.
 */
#include <stdio.h>
#include <string.h>

#include "kpi_internal.h"

/* ---- measures ---- */

/* Latest stage of an organization as of :asof, ranked in the pipeline
 * (withdrawn ranks 0). */
#define RANK_AS_OF(org)                                                                    \
	"(SELECT CASE h2.to_stage WHEN 'target' THEN 1 WHEN 'contacting' THEN 2"            \
	" WHEN 'negotiating' THEN 3 WHEN 'approved' THEN 4 WHEN 'landed' THEN 5"            \
	" WHEN 'operating' THEN 6 ELSE 0 END FROM stage_history h2 WHERE h2.org_id = " org    \
	" AND h2.date <= :asof ORDER BY h2.date DESC, h2.seq DESC LIMIT 1)"

/* Per-row SQL of the measures that are not counted by groups (see
 * grouped_sql() for the others). */
static const char *const measure_sql[] = {
	[GOC_MEASURE_REQUEST_DAYS] =
	    "SELECT CAST(julianday(r.resolved) - julianday(r.opened) AS INTEGER) AS d"
	    " FROM service_requests r JOIN organizations o ON o.id = r.org_id"
	    " WHERE r.resolved BETWEEN :from AND :to"
	    " AND (:zone IS NULL OR o.zone = :zone)"
	    " AND (:zones IS NULL OR instr(',' || :zones || ',', ',' || o.zone || ',') > 0)"
	    " AND (:unit IS NULL OR r.unit = :unit) ORDER BY d",
	[GOC_MEASURE_REQUEST_WITHIN] =
	    "SELECT CAST(julianday(r.resolved) - julianday(r.opened) AS INTEGER) AS d"
	    " FROM service_requests r JOIN organizations o ON o.id = r.org_id"
	    " WHERE r.resolved BETWEEN :from AND :to"
	    " AND (:zone IS NULL OR o.zone = :zone)"
	    " AND (:zones IS NULL OR instr(',' || :zones || ',', ',' || o.zone || ',') > 0)"
	    " AND (:unit IS NULL OR r.unit = :unit) ORDER BY d",
	[GOC_MEASURE_OFFICE_SPACE] =
	    "SELECT office_space FROM zone_facts WHERE zone = :zone AND date <= :asof"
	    " ORDER BY date DESC LIMIT 1",
	[GOC_MEASURE_CONTACT] =
	    "SELECT contact IS NOT NULL AND contact <> '' FROM zone_facts WHERE zone = :zone"
	    " AND date <= :asof ORDER BY date DESC LIMIT 1",
	[GOC_MEASURE_MANUAL] =
	    "SELECT value FROM kpi_measurements WHERE kpi_id = :kpi AND member = :member"
	    " AND date BETWEEN :from AND :to ORDER BY date DESC LIMIT 1",
};

static void bind_name_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		goc__bind_text(st, i, v);
}

static void bind_name_int(sqlite3_stmt *st, const char *name, int v, bool null)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i && !null)
		sqlite3_bind_int(st, i, v);
}

/* Bind the window, the as-of date and the KPI's filters (those the
 * statement names). */
static void bind_kpi(sqlite3_stmt *st, const struct goc_kpi *k, const char *from, const char *to,
                     const char *asof)
{
	bind_name_text(st, ":from", from);
	bind_name_text(st, ":to", to);
	bind_name_text(st, ":asof", asof);
	bind_name_text(st, ":category", k->category);
	bind_name_text(st, ":origin", k->origin);
	bind_name_text(st, ":stage", k->stage);
	bind_name_int(st, ":rank", goc__stage_value(k->stage), false);
	bind_name_text(st, ":kind", k->event_kind);
	bind_name_int(st, ":intl", k->international == GOC_YES, k->international == GOC_ANY);
	bind_name_int(st, ":large", k->large == GOC_YES, k->large == GOC_ANY);
}

/*
 * Measure one row: the KPI k for `member` over [from, to], as of `asof`.
 * `has_data` is false when the measure has nothing to say yet (no request
 * resolved in the window); a zone without a statement, or a manual KPI
 * without a value, measures 0.
 */
int goc__kpi_measure(goc_db *db, const struct goc_kpi *k, const char *member, const char *from,
                     const char *to, const char *asof, double *value, bool *has_data)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, measure_sql[k->measure], &st);
	if (rc != GOC_OK)
		return rc;
	bool zone = k->scope == GOC_SCOPE_ZONE, unit = k->scope == GOC_SCOPE_UNIT;
	bind_kpi(st, k, from, to, asof);
	bind_name_text(st, ":zone", zone ? member : NULL);
	bind_name_text(st, ":zones", k->scope == GOC_SCOPE_ZONES ? k->members : NULL);
	bind_name_text(st, ":unit", unit ? member : NULL);
	bind_name_text(st, ":member", member ? member : "");
	int i = sqlite3_bind_parameter_index(st, ":kpi");
	if (i)
		sqlite3_bind_int64(st, i, k->id);
	*value = 0;
	*has_data = true;
	if (k->measure == GOC_MEASURE_REQUEST_DAYS || k->measure == GOC_MEASURE_REQUEST_WITHIN) {
		/* the rows come sorted: median or share within `days` */
		size_t n = 0, within = 0, cap = 64;
		int *d = goc__malloc(cap * sizeof *d);
		int r;
		while (d && (r = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				int *nd = sqlite3_realloc64(d, 2 * cap * sizeof *d);
				if (!nd) {
					goc__free(d);
					d = NULL;
					break;
				}
				d = nd;
				cap *= 2;
			}
			d[n] = sqlite3_column_int(st, 0);
			within += d[n] <= k->days;
			n++;
		}
		if (!d)
			rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
		else if (r != SQLITE_DONE)
			rc = goc__sqlerr(db, r, "measuring");
		else if (n == 0)
			*has_data = false;
		else if (k->measure == GOC_MEASURE_REQUEST_DAYS)
			*value = n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2.0;
		else
			*value = 100.0 * (double)within / (double)n;
		goc__free(d);
	} else {
		int r = sqlite3_step(st);
		if (r == SQLITE_ROW)
			*value = sqlite3_column_double(st, 0);
		else if (r != SQLITE_DONE) /* no row: 0 (no zone statement, no value) */
			rc = goc__sqlerr(db, r, "measuring");
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Counting measures, grouped.  One query counts a measure (with its
 * filters, over one window, as of one date) for every zone or every unit
 * at once; every row that needs those numbers — the plan's total, each
 * member of a zone or unit scope, a group of zones — reads them from the
 * result, kept for the rest of the evaluation: a zone or unit member
 * reads its group (0 if it has none), `zones` the groups of its zones,
 * the plan the sum of all groups (rows without a zone included).  One
 * pass instead of one per row; the query shapes let the indexes of
 * schema 4 serve (bench/RESULTS.md has the figures).
 */
bool goc__kpi_grouped_measure(int m)
{
	return m == GOC_MEASURE_ORGS_ENTERED || m == GOC_MEASURE_HQ ||
	       m == GOC_MEASURE_ORGS_LISTED || m == GOC_MEASURE_PARTNERS ||
	       m == GOC_MEASURE_EXPERTS || m == GOC_MEASURE_EVENTS;
}

/* Filters of organizations and events, only those the KPI sets (so that
 * the query planner sees plain comparisons and can use the indexes). */
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

static void grouped_sql(char *sql, size_t size, const struct goc_kpi *k, bool by_unit)
{
	const char *dim = by_unit ? "o.unit" : "o.zone";
	switch (k->measure) {
	case GOC_MEASURE_ORGS_ENTERED:
		/* the organizations (each once, in id order: the stage checks then
		 * read the history index in order) */
		snprintf(sql, size, "SELECT %s, count(*) FROM organizations o WHERE o.id IN"
		         " (SELECT h.org_id FROM stage_history h WHERE h.to_stage = :stage"
		         "  AND h.date BETWEEN :from AND :to) AND " RANK_AS_OF("o.id") " >= :rank", dim);
		org_filters(sql, size, k);
		break;
	case GOC_MEASURE_HQ:
		snprintf(sql, size, "SELECT %s, count(*) FROM hq_milestones m"
		         " JOIN organizations o ON o.id = m.org_id WHERE m.date BETWEEN :from AND :to"
		         " AND " RANK_AS_OF("m.org_id") " > 0", dim);
		org_filters(sql, size, k);
		break;
	case GOC_MEASURE_ORGS_LISTED:
		snprintf(sql, size, "SELECT %s, count(*) FROM organizations o WHERE o.created <= :to", dim);
		org_filters(sql, size, k);
		break;
	case GOC_MEASURE_PARTNERS:
		snprintf(sql, size, "SELECT p.unit, count(*) FROM partners p"
		         " WHERE p.date BETWEEN :from AND :to");
		break;
	case GOC_MEASURE_EXPERTS:
		snprintf(sql, size, "SELECT e.unit, count(*) FROM experts e"
		         " WHERE e.date BETWEEN :from AND :to");
		break;
	default: /* events: by zone, or by organizing unit */
		snprintf(sql, size, by_unit
		         ? "SELECT g.unit, count(*) FROM events e JOIN event_organizers g ON g.event_id = e.id"
		           " WHERE e.date BETWEEN :from AND :to"
		         : "SELECT e.zone, count(*) FROM events e WHERE e.date BETWEEN :from AND :to");
		event_filters(sql, size, k);
		break;
	}
	strncat(sql, " GROUP BY 1", size - strlen(sql) - 1);
}

/* The grouped counts for KPI k over [from, to] as of asof, from the memo
 * or measured now. */
int goc__kpi_grouped_counts(goc_db *db, struct goc__arena *arena, struct goc__kpi_grouped **memo,
                            const struct goc_kpi *k, const char *from, const char *to,
                            const char *asof, const struct goc__kpi_grouped **out)
{
	bool by_unit = k->scope == GOC_SCOPE_UNIT;
	char key[512];
	snprintf(key, sizeof key, "%d|%d|%s|%s|%s|%s|%s|%s|%s|%d|%d", k->measure, by_unit, from, to,
	         asof, k->stage ? k->stage : "", k->category ? k->category : "",
	         k->origin ? k->origin : "", k->event_kind ? k->event_kind : "", k->international,
	         k->large);
	for (struct goc__kpi_grouped *g = *memo; g; g = g->next)
		if (strcmp(g->key, key) == 0) {
			*out = g;
			return GOC_OK;
		}
	char sql[2048] = "";
	grouped_sql(sql, sizeof sql, k, by_unit);
	sqlite3_stmt *st;
	int rc = goc__prepare(db, sql, &st);
	if (rc != GOC_OK)
		return rc;
	bind_kpi(st, k, from, to, asof);
	struct goc__kpi_grouped *g = goc__arena_alloc(arena, sizeof *g);
	if (!g || !(g->key = goc__arena_strdup(arena, key))) {
		sqlite3_finalize(st);
		return goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
	}
	g->n = 0;
	g->total = 0;
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) { /* an error breaks out */
		if (g->n == cap) {
			cap = cap ? 2 * cap : 32;
			char **m = goc__arena_alloc(arena, cap * sizeof *m);
			double *c = goc__arena_alloc(arena, cap * sizeof *c);
			if (!m || !c) {
				rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
				break;
			}
			if (g->n) {
				memcpy(m, g->member, g->n * sizeof *m);
				memcpy(c, g->count, g->n * sizeof *c);
			}
			g->member = m;
			g->count = c;
		}
		const char *member = goc__col_text(st, 0);
		g->member[g->n] = member ? goc__arena_strdup(arena, member) : NULL;
		if (member && !g->member[g->n]) {
			rc = goc__err(db, GOC_ENOMEM, "out of memory evaluating KPIs");
			break;
		}
		g->count[g->n] = sqlite3_column_double(st, 1);
		g->total += g->count[g->n];
		g->n++;
	}
	if (rc == GOC_OK && r != SQLITE_DONE)
		rc = goc__sqlerr(db, r, "measuring");
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	g->next = *memo;
	*memo = g;
	*out = g;
	return GOC_OK;
}

/* A row's value from the grouped counts: the plan's total, one member's
 * group, or the groups of the member zones together. */
double goc__kpi_grouped_value(const struct goc_kpi *k, const struct goc__kpi_grouped *g,
                              const char *member)
{
	if (k->scope == GOC_SCOPE_PLAN)
		return g->total;
	double v = 0;
	for (size_t i = 0; i < g->n; i++)
		if (g->member[i] && (k->scope == GOC_SCOPE_ZONES ? goc__kpi_list_has(member, g->member[i])
		                                                 : strcmp(g->member[i], member) == 0))
			v += g->count[i];
	return v;
}
