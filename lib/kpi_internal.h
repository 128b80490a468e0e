/*
 * libgoc — what the KPI files share, and nothing else (not ABI; only the
 * KPI files include it).  The KPI code is five files, each only calling
 * the ones below it (tools/depgraph checks that no two depend on each
 * other):
 *
 *   scorecard.c    roll-ups by plan, section, zone and unit
 *   kpi_eval.c     rows, expected by date, status, attainment, score
 *   kpi_measure.c  what each measure counts (fixed SQL per measure)
 *   kpi_load.c     the KPI file format and the built-in KPIs
 *   kpi_def.c      definitions, targets and scope members
 *
 * kpi_load.c and kpi_measure.c both sit on kpi_def.c and not on each
 * other.  struct goc_kpi itself stays in internal.h: the cursor's row
 * union holds it.
 */
#ifndef GOC_KPI_INTERNAL_H
#define GOC_KPI_INTERNAL_H

#include "plandoc.h" /* internal.h and the arena */

/* A KPI definition (opaque in goc/kpi.h), read by kpi_def.c. */
struct goc_kpi {
	int64_t id;
	const char *plan, *code, *name_zh, *name_en, *members, *start, *end,
	    *baseline_date, *tasks, *stage, *category, *origin, *event_kind;
	int measure, scope, window, direction, international, large, days;
	double baseline, target_min, target_max, weight, at_risk;
};
GOC__ROW_FITS(struct goc_kpi);

/* ---- definitions (kpi_def.c) ---- */

/* The columns goc__kpi_read() reads, from `kpis k`. */
#define KPI_COLS                                                                      \
	"k.id, k.plan, k.code, k.name_zh, k.name_en, k.measure, k.scope,"              \
	" " GOC__LIST_SQL("k.members") ","                                              \
	" k.window, k.start_date, k.end_date, k.baseline_date, k.baseline, k.direction," \
	" k.weight, k.at_risk, k.stage, k.category, k.origin, k.event_kind,"           \
	" k.international, k.large, k.days, " GOC__LIST_SQL("k.tasks") ","              \
	" (SELECT t.target_min FROM kpi_targets t WHERE t.kpi_id = k.id AND t.member = ''" \
	"   ORDER BY t.valid_from LIMIT 1),"                                           \
	" (SELECT t.target_max FROM kpi_targets t WHERE t.kpi_id = k.id AND t.member = ''" \
	"   ORDER BY t.valid_from LIMIT 1)"

/* Fill a struct goc_kpi from a row of KPI_COLS (strings borrowed). */
void goc__kpi_read(sqlite3_stmt *st, void *row);
/* The offsets of struct goc_kpi's strings, for copies. */
extern const size_t goc__kpi_strs[];
extern const size_t goc__kpi_n_strs;

/* Validate and insert a KPI with its default target (inside a write);
 * messages name fields with `prefix` before them ("kpis[3]."). */
int goc__kpi_insert(goc_db *db, const goc_kpi_fields *f, const char *prefix);
/* The KPI (plan, code), owned by the caller (goc__free()); GOC_ENOTFOUND
 * naming both. */
int goc__kpi_fetch(goc_db *db, const char *plan, const char *code, struct goc_kpi **out);
/* The target in force on `asof` for `member` (its own, else the default);
 * GOC_ECORRUPT when the KPI has none. */
int goc__kpi_target_for(goc_db *db, const struct goc_kpi *k, const char *member,
                        const char *asof, double *min, double *max);

/* A list of distinct strings in an arena. */
struct goc__strlist {
	char **v;
	size_t n, cap;
	struct goc__arena *arena;
};
/* Append s unless it is there already. */
int goc__strlist_add(goc_db *db, struct goc__strlist *l, const char *s);
/* Append the rows of a one-column query with one parameter, arg. */
int goc__strlist_query(goc_db *db, struct goc__strlist *l, const char *sql, const char *arg);
/* The members a KPI has rows for, in order (units: groups expanded;
 * nothing for the plan and zones-together scopes). */
int goc__kpi_scope_members(goc_db *db, const struct goc_kpi *k, struct goc__strlist *out);
/* Does the comma-separated list contain code? */
bool goc__kpi_list_has(const char *list, const char *code);

/* ---- measures (kpi_measure.c) ---- */

/* Counts of one counting measure (filters, window, as-of date) for every
 * zone or unit at once, kept for the rest of an evaluation in a list. */
struct goc__kpi_grouped {
	struct goc__kpi_grouped *next;
	char *key;
	size_t n;
	char **member; /* NULL: the group of rows without a zone (or unit) */
	double *count;
	double total;
};
/* Is the measure counted by groups (goc__kpi_grouped_counts())? */
bool goc__kpi_grouped_measure(int m);
/* The grouped counts for KPI k over [from, to] as of asof, from the memo
 * or measured now (kept in the arena and the memo). */
int goc__kpi_grouped_counts(goc_db *db, struct goc__arena *arena, struct goc__kpi_grouped **memo,
                            const struct goc_kpi *k, const char *from, const char *to,
                            const char *asof, const struct goc__kpi_grouped **out);
/* A row's value from the grouped counts. */
double goc__kpi_grouped_value(const struct goc_kpi *k, const struct goc__kpi_grouped *g,
                              const char *member);
/* Measure one row of a measure not counted by groups. */
int goc__kpi_measure(goc_db *db, const struct goc_kpi *k, const char *member, const char *from,
                     const char *to, const char *asof, double *value, bool *has_data);

/* ---- evaluation (kpi_eval.c) ---- */

/* One row of an evaluation (computed, not read from SQL). */
struct goc_kpi_row {
	const char *kpi, *member, *start, *end;
	const char *as_of;    /* the date the row was evaluated as of */
	const char *members;  /* a `zones` row: the KPI's members (GOC__LIST_SQL), else NULL */
	int year, status;
	double actual, expected, target_min, target_max, attainment, score;
};
/* The rows of an evaluation, all in one arena. */
struct goc__kpi_rows {
	struct goc__arena *arena;
	struct goc_kpi_row *v;
	size_t n, cap;
	/* parallel: the KPI index of each row (for roll-ups) */
	size_t *kpi;
	/* grouped counts already measured in this evaluation */
	struct goc__kpi_grouped *memo;
};
/* Status, expected value, attainment and score of a row whose actual
 * value is set (the rules of goc/kpi.h); `count_from` is the window's start. */
void goc__kpi_judge(const struct goc_kpi *k, struct goc_kpi_row *row, const char *asof,
                    bool has_data, double baseline, const char *count_from);
/* Append a row (copied) with its KPI index. */
int goc__kpi_rows_push(goc_db *db, struct goc__kpi_rows *rv, const struct goc_kpi_row *row,
                       size_t kpi);
/* Read the KPIs of a plan (or only `one`) into an array in the arena, in id order. */
int goc__kpi_load_all(goc_db *db, struct goc__arena *arena, const char *plan, const char *one,
                      struct goc_kpi ***out, size_t *n);
/* The earlier of two dates (days since 1970: goc__day_number(), period.c). */
const char *goc__min_date(const char *a, const char *b);
/* Evaluate the KPIs of a plan (or only `one`) as of a date into rv; the
 * KPIs read are returned in the arena, in id order. */
int goc__kpi_evaluate_rows(goc_db *db, const char *plan, const char *one, const char *asof,
                           struct goc__kpi_rows *rv, struct goc_kpi ***kpis, size_t *n_kpis);
/* The checks common to goc_kpi_evaluate() and goc_scorecard(). */
int goc__kpi_eval_args(goc_db *db, const void *out, const char *plan, const char *asof);
/* Run an evaluation in one read transaction (a consistent snapshot). */
int goc__kpi_snapshot_begin(goc_db *db, bool *own);
void goc__kpi_snapshot_end(goc_db *db, bool own);
/* ---- series (kpi_series.c) ---- */

/* The rows of the KPIs of a plan (or only `one`) at each of n_dates
 * sorted distinct dates, in one pass over the history: rows of date i are
 * rv->v[at[i]] … rv->v[at[i + 1] - 1] (at has n_dates + 1 entries, in the
 * arena). */
int goc__kpi_series_rows(goc_db *db, const char *plan, const char *one, const char *const *dates,
                         size_t n_dates, struct goc__kpi_rows *rv, struct goc_kpi ***kpis,
                         size_t *n_kpis, size_t **at);
/* Check a series' options and make its sorted distinct dates (in the arena). */
int goc__series_dates(goc_db *db, struct goc__arena *arena, const goc_series_opts *o,
                      const char ***dates, size_t *n);

/* The checks of a series' arguments (goc_kpi_series(), goc_score_series());
 * the sorted distinct dates in the arena. */
int goc__series_begin(goc_db *db, const void *out, const char *plan, const goc_series_opts *o,
                      struct goc__arena *arena, const char ***dates, size_t *n);
/* Does an evaluated row belong to a zone or unit (its own, or one of a
 * `zones` row's)? */
bool goc__series_row_for(const struct goc_kpi_row *r, const char *member);

/* goc__arena_free() for a cursor's free_owner. */
void goc__kpi_free_arena(void *arena);

#endif /* GOC_KPI_INTERNAL_H */
