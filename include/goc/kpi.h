/*
 * libgoc — KPIs: the plan's targets, evaluated from what was recorded as of
 * any date, and the scorecards.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_KPI_H
#define GOC_KPI_H

#include "goc/db.h"

/** @file goc/kpi.h
 *  @brief KPI definitions (a measure from a fixed vocabulary, filters, a
 *         scope, a window, a target), their evaluation as of a date, and
 *         scorecards by plan, section, zone and unit.
 *
 * **Measures** (never SQL from the caller; see #goc_measure).  Flow
 * measures count what happened inside the window up to the as-of date;
 * `orgs_listed` is a stock: everything recorded by the as-of date.
 * Organizations count from their dated stage history, never from their
 * current stage alone: `orgs_entered` counts each organization once if it
 * entered the stage (default `landed`) inside the window on or before the
 * as-of date and, on that date, is at that stage or later in the pipeline
 * and not withdrawn — so one withdrawn by the as-of date counts neither as
 * new nor in all, and one that landed again after reopening counts once.
 * Headquarters milestones of organizations withdrawn by the as-of date do
 * not count either.
 *
 * **Scope.**  `plan`: one row for the whole district.  `zone`: one row per
 * member zone (all zones if no members are named); the measure is filtered
 * to the zone (organizations, events and milestones by their zone).
 * `unit`: one row per member unit, groups expanded (organizations by their
 * following unit, partners and experts by the unit that made or listed
 * them, events by organizer, requests by assigned unit).  `zones`: the
 * member zones counted together in one row.
 *
 * **Windows.**  Dates are calendar days, both ends included.  `period`:
 * start … end (a deadline).  `annual`: one row per calendar year of
 * start … end.  `cumulative`: a baseline value on a baseline date plus
 * what is counted after it, up to end (45 in all = 37 + new).  Start and
 * end default to the plan's window.
 *
 * **Status** of a row as of date D (thresholds per KPI):
 *  - `not_started` before the window opens (D < start);
 *  - `met` once actual ≥ minimum (and ≤ maximum if there is one), even
 *    while the window is open; `exceeded` above a range's maximum (not a
 *    failure);
 *  - while the window is open (D < end) and short of the minimum:
 *    `on_track` if actual ≥ expected, `at_risk` if actual ≥ at_risk ×
 *    expected (default 0.7), else `behind`; expected = minimum × elapsed
 *    share of the window (for `cumulative`, baseline + (minimum − baseline)
 *    × elapsed share), elapsed share = days from start to D / days in the
 *    window;
 *  - once closed (D ≥ end) and short: `missed`.
 *  For lower-is-better measures (request_days) the comparisons turn
 *  round: met when actual ≤ the target; open and above it: `at_risk` if
 *  actual ≤ target / at_risk, else `behind`; closed: `missed`; expected
 *  is the target itself.
 *  The request measures stay `not_started` (expected still given) while no
 *  request has been resolved in the window; a zone that has stated no
 *  facts measures 0 for office_space and contact, and a manual KPI without
 *  a value in the window measures 0.
 *
 * **Scores** (documented roll-up).  A row scores 1 when met, exceeded or
 * on track; min(1, actual / expected) when at risk or behind; min(1,
 * actual / minimum) when missed (lower-is-better: min(1, target / actual));
 * not-started rows are not scored.  A KPI's score is the mean of its scored
 * rows; a group of KPIs (the plan, a section, a zone, a unit) scores the
 * weighted mean of its KPIs' scores (weights from the definitions; a KPI
 * belongs to a section through the tasks it is linked to, to a zone or a
 * unit through its rows for that member).  A KPI's status is that of its
 * worst row — so a per-member target is met only when every member meets
 * it — in the order missed, behind, at_risk, on_track, not_started, met,
 * exceeded; rows met so far with others not yet started make `on_track`.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** What a KPI counts. */
enum goc_measure {
	GOC_MEASURE_ORGS_ENTERED = 1,  /**< "orgs_entered": organizations entering a stage (filter stage, default landed). */
	GOC_MEASURE_HQ = 2,            /**< "hq": regional-headquarters milestones. */
	GOC_MEASURE_ORGS_LISTED = 3,   /**< "orgs_listed": organizations followed (registered by the date, any stage). */
	GOC_MEASURE_PARTNERS = 4,      /**< "partners": partners contacted. */
	GOC_MEASURE_EXPERTS = 5,       /**< "experts": experts listed. */
	GOC_MEASURE_EVENTS = 6,        /**< "events": events held (filters event_kind, international, large). */
	GOC_MEASURE_REQUEST_DAYS = 7,  /**< "request_days": median days to resolve the requests resolved in the window (lower is better). */
	GOC_MEASURE_REQUEST_WITHIN = 8,/**< "request_within": percent of the requests resolved in the window within `days` days. */
	GOC_MEASURE_OFFICE_SPACE = 9,  /**< "office_space": 1 if the zone offers free office space on the date. */
	GOC_MEASURE_CONTACT = 10,      /**< "contact": 1 if the zone names a contact person on the date. */
	GOC_MEASURE_MANUAL = 11        /**< "manual": the latest value recorded with goc_measurement_record() in the window. */
};

/** Whom a KPI's rows are for. */
enum goc_scope {
	GOC_SCOPE_PLAN = 1,  /**< "plan": the whole district, one row. */
	GOC_SCOPE_ZONE = 2,  /**< "zone": one row per member zone. */
	GOC_SCOPE_UNIT = 3,  /**< "unit": one row per member unit (groups expanded). */
	GOC_SCOPE_ZONES = 4  /**< "zones": the member zones together, one row. */
};

/** The time frame of a KPI. */
enum goc_window {
	GOC_WINDOW_PERIOD = 1,     /**< "period": start … end. */
	GOC_WINDOW_ANNUAL = 2,     /**< "annual": each calendar year of start … end. */
	GOC_WINDOW_CUMULATIVE = 3  /**< "cumulative": baseline + what is counted after the baseline date. */
};

/** Whether more or less is better. */
enum goc_direction {
	GOC_HIGHER_IS_BETTER = 1, /**< "higher". */
	GOC_LOWER_IS_BETTER = 2   /**< "lower". */
};

/** Status of a KPI row. */
enum goc_kpi_status {
	GOC_STATUS_NOT_STARTED = 1, /**< "not_started". */
	GOC_STATUS_ON_TRACK = 2,    /**< "on_track". */
	GOC_STATUS_AT_RISK = 3,     /**< "at_risk". */
	GOC_STATUS_BEHIND = 4,      /**< "behind". */
	GOC_STATUS_MET = 5,         /**< "met". */
	GOC_STATUS_EXCEEDED = 6,    /**< "exceeded". */
	GOC_STATUS_MISSED = 7       /**< "missed". */
};

/** Text name of a #goc_measure, or NULL. */
GOC_API const char *goc_measure_str(int measure);
/** Parse a #goc_measure name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_measure_parse(int *out, const char *name);
/** Text name of a #goc_scope, or NULL. */
GOC_API const char *goc_scope_str(int scope);
/** Parse a #goc_scope name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_scope_parse(int *out, const char *name);
/** Text name of a #goc_window, or NULL. */
GOC_API const char *goc_window_str(int window);
/** Parse a #goc_window name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_window_parse(int *out, const char *name);
/** Text name of a #goc_direction ("higher", "lower"), or NULL. */
GOC_API const char *goc_direction_str(int direction);
/** Parse a #goc_direction name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_direction_parse(int *out, const char *name);
/** Text name of a #goc_kpi_status, or NULL. */
GOC_API const char *goc_kpi_status_str(int status);
/** Parse a #goc_kpi_status name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_kpi_status_parse(int *out, const char *name);

/** Value of goc_kpi_fields.target_max when the target has no maximum. */
#define GOC_NO_MAX (-1.0)

/** A KPI definition.  Opaque. */
typedef struct goc_kpi goc_kpi;
/** One evaluated row of a KPI.  Opaque. */
typedef struct goc_kpi_row goc_kpi_row;
/** One row of a scorecard.  Opaque. */
typedef struct goc_score goc_score;

/**
 * Fields of a KPI.  Initialise with #GOC_KPI_FIELDS_INIT.  Lists (members,
 * tasks) are comma-separated codes.
 */
typedef struct goc_kpi_fields {
	unsigned int version;     /**< #GOC_KPI_FIELDS_VERSION. */
	const char *plan;         /**< Required: the plan's code. */
	const char *code;         /**< Required: unique within the plan. */
	const char *name_zh;      /**< Required (1–300 characters). */
	const char *name_en;      /**< Optional. */
	int measure;              /**< Required: #goc_measure. */
	int scope;                /**< Required: #goc_scope. */
	const char *members;      /**< Zone scopes: zone codes; unit scope: unit or group codes (required). */
	int window;               /**< Required: #goc_window. */
	const char *start;        /**< Window start; NULL: the plan's start. */
	const char *end;          /**< Window end; NULL: the plan's end. */
	const char *baseline_date;/**< Cumulative: the baseline's date (required). */
	double baseline;          /**< Cumulative: the value on the baseline date. */
	double target_min;        /**< The minimum (for lower-is-better: the most allowed); 1 for yes/no measures. */
	double target_max;        /**< A range's maximum, or #GOC_NO_MAX. */
	int direction;            /**< #goc_direction; 0: higher, or lower for request_days. */
	double weight;            /**< Weight in roll-ups; 0 means 1. */
	double at_risk;           /**< At-risk threshold as a share of expected; 0 means 0.7. */
	int stage;                /**< orgs_entered: the #goc_stage entered; 0: landed. */
	int category;             /**< Organizations: only this #goc_category. */
	int origin;               /**< Organizations: only this #goc_origin. */
	int event_kind;           /**< Events: only this #goc_event_kind. */
	int international;        /**< Events: #goc_tristate on international influence. */
	int large;                /**< Events: #goc_tristate on large scale. */
	int days;                 /**< request_within: the number of days. */
	const char *tasks;        /**< Linked plan items (task codes), optional. */
} goc_kpi_fields;

/** Current version of #goc_kpi_fields. */
#define GOC_KPI_FIELDS_VERSION 1
/** Static initialiser for #goc_kpi_fields. */
#define GOC_KPI_FIELDS_INIT                                                          \
	{ GOC_KPI_FIELDS_VERSION, NULL, NULL, NULL, NULL, 0, 0, NULL, 0, NULL, NULL, \
	  NULL, 0.0, 0.0, GOC_NO_MAX, 0, 0.0, 0.0, 0, 0, 0, 0, GOC_ANY, GOC_ANY, 0, NULL }

/**
 * Define a KPI.  Its target (target_min, target_max) holds from the window's
 * start for every member; goc_kpi_set_target() changes it later or sets a
 * member's own (a zone's quota).
 *
 * @return #GOC_OK; #GOC_EINVAL naming the field (unknown enum values, a
 *         filter that does not apply to the measure, a zone measure
 *         without zone scope, members on a plan scope, no members on a unit
 *         scope, end before start, a cumulative window without baseline
 *         date, min > max, negative weight, at_risk outside 0–1, …);
 *         #GOC_ENOTFOUND for an unknown plan, member or task;
 *         #GOC_EEXISTS if the code is taken in the plan;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_kpi_create(goc_db *db, const goc_kpi_fields *fields);

/**
 * Change a KPI's target from a date on.  The target in force before stays
 * recorded: evaluating as of an earlier date uses it.  On a date D a row
 * uses, among the targets valid on D (valid_from ≤ D), the member's own
 * before the default, the latest first; if none is valid yet, the
 * earliest recorded.
 *
 * @param db          the database handle.
 * @param plan        the plan's code.
 * @param kpi         the KPI's code.
 * @param member      a member's code for its own target (a zone's quota),
 *                    or NULL for every member without one.
 * @param valid_from  the date from which the new target holds.
 * @param target_min  the new minimum.
 * @param target_max  the new maximum, or #GOC_NO_MAX.
 * @return #GOC_OK; #GOC_EINVAL (bad date, min > max, a member not in the
 *         KPI's scope); #GOC_ENOTFOUND for an unknown plan or KPI;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.  Setting a target on
 *         a date that already has one for that member replaces it.
 */
GOC_API int goc_kpi_set_target(goc_db *db, const char *plan, const char *kpi,
                               const char *member, const char *valid_from,
                               double target_min, double target_max);

/**
 * Delete a KPI with its targets and measurements.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND; storage errors.
 */
GOC_API int goc_kpi_delete(goc_db *db, const char *plan, const char *code);

/**
 * Read a KPI definition.
 * @param out  receives a record owned by the caller (goc_kpi_free()).
 * @param db   the database handle.
 * @param plan  the plan's code.
 * @param code  the KPI's code.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND.
 */
GOC_API int goc_kpi_get(goc_kpi **out, goc_db *db, const char *plan, const char *code);
/** Free a KPI record.  NULL is a no-op. */
GOC_API void goc_kpi_free(goc_kpi *kpi);
/**
 * List a plan's KPIs in order of definition; read rows with goc_cursor_kpi().
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan.
 */
GOC_API int goc_kpi_list(goc_cursor **out, goc_db *db, const char *plan);
/** The current row of a KPI cursor, or NULL. */
GOC_API const goc_kpi *goc_cursor_kpi(const goc_cursor *cur);
/** The KPI's code. */
GOC_API const char *goc_kpi_code(const goc_kpi *k);
/** The plan's code. */
GOC_API const char *goc_kpi_plan(const goc_kpi *k);
/** Chinese name. */
GOC_API const char *goc_kpi_name_zh(const goc_kpi *k);
/** English name, or NULL. */
GOC_API const char *goc_kpi_name_en(const goc_kpi *k);
/** #goc_measure. */
GOC_API int goc_kpi_measure(const goc_kpi *k);
/** #goc_scope. */
GOC_API int goc_kpi_scope(const goc_kpi *k);
/**
 * Members as given (comma-separated), or NULL.
 * @deprecated A list as text: use goc_kpi_member_count() and
 * goc_kpi_member_at().  Kept for the ABI (symbol version GOC_1.0).
 */
GOC_API const char *goc_kpi_members(const goc_kpi *k);
/**
 * The number of the KPI's members as given (zone codes, or unit and group
 * codes, groups not expanded); 0 for a plan-wide KPI, a `zone` KPI over
 * every zone, or NULL.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_kpi_member_count(const goc_kpi *k);
/**
 * The @p i-th member's code as given, for @p i from 0 to
 * goc_kpi_member_count() − 1; NULL out of range or for NULL.  Valid as
 * long as the KPI (until the cursor's next step, or goc_kpi_free()).
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_kpi_member_at(const goc_kpi *k, int i);
/** #goc_window. */
GOC_API int goc_kpi_window(const goc_kpi *k);
/** Window start. */
GOC_API const char *goc_kpi_start(const goc_kpi *k);
/** Window end. */
GOC_API const char *goc_kpi_end(const goc_kpi *k);
/** Baseline date, or NULL. */
GOC_API const char *goc_kpi_baseline_date(const goc_kpi *k);
/** Baseline value. */
GOC_API double goc_kpi_baseline(const goc_kpi *k);
/** The default minimum in force at the window's start. */
GOC_API double goc_kpi_target_min(const goc_kpi *k);
/** The default maximum in force at the window's start, or #GOC_NO_MAX. */
GOC_API double goc_kpi_target_max(const goc_kpi *k);
/** #goc_direction. */
GOC_API int goc_kpi_direction(const goc_kpi *k);
/** Weight. */
GOC_API double goc_kpi_weight(const goc_kpi *k);
/**
 * Linked task codes (comma-separated), or NULL.
 * @deprecated A list as text: use goc_kpi_task_count() and
 * goc_kpi_task_at().  Kept for the ABI (symbol version GOC_1.0).
 */
GOC_API const char *goc_kpi_tasks(const goc_kpi *k);
/**
 * The number of plan items linked to the KPI; 0 for none or NULL.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_kpi_task_count(const goc_kpi *k);
/**
 * The @p i-th linked task's code, for @p i from 0 to
 * goc_kpi_task_count() − 1; NULL out of range or for NULL.  Valid as long
 * as the KPI (until the cursor's next step, or goc_kpi_free()).
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_kpi_task_at(const goc_kpi *k, int i);
/** The at-risk threshold (a share of expected, e.g. 0.7). */
GOC_API double goc_kpi_at_risk(const goc_kpi *k);
/** orgs_entered: the #goc_stage counted; 0 for other measures. */
GOC_API int goc_kpi_stage(const goc_kpi *k);
/** The #goc_category filter, or 0. */
GOC_API int goc_kpi_category(const goc_kpi *k);
/** The #goc_origin filter, or 0. */
GOC_API int goc_kpi_origin(const goc_kpi *k);
/** The #goc_event_kind filter, or 0. */
GOC_API int goc_kpi_event_kind(const goc_kpi *k);
/** The international-influence filter (#goc_tristate). */
GOC_API int goc_kpi_international(const goc_kpi *k);
/** The large-scale filter (#goc_tristate). */
GOC_API int goc_kpi_large(const goc_kpi *k);
/** request_within: the number of days; else 0. */
GOC_API int goc_kpi_days(const goc_kpi *k);

/**
 * Evaluate KPIs as of a date: one row per KPI, member and (for annual
 * windows) year, in KPI order, then member order, then year.  Read rows
 * with goc_cursor_kpi_row().
 *
 * @param out    receives a cursor (goc_cursor_free()).
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param kpi    one KPI's code, or NULL for all of the plan's.
 * @param as_of  the date (YYYY-MM-DD).
 * @return #GOC_OK; #GOC_EINVAL (NULL arguments, bad date);
 *         #GOC_ENOTFOUND for an unknown plan or KPI; storage errors.
 */
GOC_API int goc_kpi_evaluate(goc_cursor **out, goc_db *db, const char *plan,
                             const char *kpi, const char *as_of);

/**
 * The KPI rows a unit answers for, evaluated as of a date: the rows of
 * goc_kpi_evaluate() (same values, same order) that are
 *  - rows of `unit`-scoped KPIs whose member is the unit (groups are
 *    expanded, so a KPI naming a group the unit belongs to has a row for
 *    it);
 *  - rows of `zone`-scoped KPIs for a zone the unit administers as its
 *    bureau (goc_zone_bureau()): the bureau is the one that answers for
 *    its zone's figures, as the 我的单位 (my unit) page shows them;
 *  - rows of `zones` KPIs whose zones include one the unit administers
 *    (the by-zone scorecard counts such a row for each of its zones).
 * Plan-scoped rows are not included: the whole district's figures are the
 * commission's, no single unit's (read them with goc_kpi_evaluate()).  A
 * unit that administers no zone gets its unit-scoped rows only; a unit
 * with no rows gives an empty cursor.
 *
 * The reminders (goc_reminder_list(), goc/report.h) keep to the by-unit
 * scorecard instead: they remind a unit of its own unit-scoped rows that
 * are behind or at risk, not of its zones' rows.  A zone's rows are the
 * by-zone scorecard's, and a reminder is a unit's to-do list that the
 * by-unit scorecard's counts must match; this function answers the wider
 * question "what figures does this unit answer for".
 *
 * @param out    receives a cursor (goc_cursor_free()); read rows with
 *               goc_cursor_kpi_row().
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param unit   the unit's code.
 * @param as_of  the date (YYYY-MM-DD).
 * @return #GOC_OK; #GOC_EINVAL naming the field (NULL arguments, a bad
 *         date, an empty or malformed unit code); #GOC_ENOTFOUND for an
 *         unknown plan or unit; #GOC_ECORRUPT for a KPI without a target;
 *         storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_kpi_evaluate_unit(goc_cursor **out, goc_db *db, const char *plan,
                                  const char *unit, const char *as_of);

/** The current row of an evaluation cursor, or NULL. */
GOC_API const goc_kpi_row *goc_cursor_kpi_row(const goc_cursor *cur);
/** The KPI's code. */
GOC_API const char *goc_kpi_row_kpi(const goc_kpi_row *r);
/**
 * The member (zone or unit code; for `zones`, the members joined by
 * commas), or NULL for `plan`.  For a `zones` row this is a list as text:
 * goc_kpi_row_member_count() and goc_kpi_row_member_at() give its codes.
 */
GOC_API const char *goc_kpi_row_member(const goc_kpi_row *r);
/**
 * The number of members the row is for: 0 for `plan`, 1 for `zone` and
 * `unit`, the number of zones for `zones`; 0 for NULL.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_kpi_row_member_count(const goc_kpi_row *r);
/**
 * The @p i-th member's code, for @p i from 0 to
 * goc_kpi_row_member_count() − 1 (for `zone` and `unit` rows, index 0 is
 * goc_kpi_row_member()); NULL out of range or for NULL.  Valid until the
 * cursor's next step.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_kpi_row_member_at(const goc_kpi_row *r, int i);
/** The calendar year of an annual row, or 0. */
GOC_API int goc_kpi_row_year(const goc_kpi_row *r);
/** First day of the row's window. */
GOC_API const char *goc_kpi_row_start(const goc_kpi_row *r);
/** Last day of the row's window. */
GOC_API const char *goc_kpi_row_end(const goc_kpi_row *r);
/** The measured value (with the baseline for cumulative windows). */
GOC_API double goc_kpi_row_actual(const goc_kpi_row *r);
/** The value expected by the as-of date. */
GOC_API double goc_kpi_row_expected(const goc_kpi_row *r);
/** The minimum in force on the as-of date. */
GOC_API double goc_kpi_row_target_min(const goc_kpi_row *r);
/** The maximum in force, or #GOC_NO_MAX. */
GOC_API double goc_kpi_row_target_max(const goc_kpi_row *r);
/** actual / minimum (for lower-is-better, minimum / actual), or 0 if undefined. */
GOC_API double goc_kpi_row_attainment(const goc_kpi_row *r);
/** #goc_kpi_status. */
GOC_API int goc_kpi_row_status(const goc_kpi_row *r);
/** The row's score (see the roll-up rules), or -1 if not scored. */
GOC_API double goc_kpi_row_score(const goc_kpi_row *r);

/**
 * The date a row was evaluated as of (goc_kpi_evaluate()'s as_of, or the
 * series date of a goc_kpi_series() row); valid as long as the row.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_kpi_row_as_of(const goc_kpi_row *r);

/** How often a series takes a date (#goc_series_opts.every). */
enum goc_every {
	GOC_EVERY_MONTH = 1,  /**< "month": the last day of each month. */
	GOC_EVERY_QUARTER = 2 /**< "quarter": the last day of each quarter (03-31, 06-30, 09-30, 12-31). */
};

/** Text name of a #goc_every, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_every_str(int every);
/** Parse a #goc_every name.  @return #GOC_OK or #GOC_EINVAL.  @since symbol version GOC_1.2. */
GOC_API int goc_every_parse(int *out, const char *name);

/** The most dates one series may take. */
#define GOC_SERIES_MAX_DATES 1000

/**
 * Which dates and rows a series gives.  Initialise with
 * #GOC_SERIES_OPTS_INIT.  The dates are either every month or quarter end
 * from @p from to @p to (both included; @p from … @p to must hold at
 * least one), or the explicit list @p dates — not both.
 * @since symbol version GOC_1.2.
 */
typedef struct goc_series_opts {
	unsigned int version;       /**< #GOC_SERIES_OPTS_VERSION. */
	const char *from;           /**< First day (YYYY-MM-DD) of the range, with @p to and @p every. */
	const char *to;             /**< Last day of the range. */
	int every;                  /**< #goc_every. */
	const char *const *dates;   /**< Or: @p n_dates dates (YYYY-MM-DD), in any order; repeated ones count once. */
	size_t n_dates;             /**< The number of @p dates (1 … #GOC_SERIES_MAX_DATES). */
	const char *kpi;            /**< Only this KPI's rows (its code), or NULL for all. */
	const char *member;         /**< Only rows for this zone or unit (its code; a `zones` row
	                                 whose zones include it), or NULL for all. */
} goc_series_opts;

/** Current version of #goc_series_opts. */
#define GOC_SERIES_OPTS_VERSION 1
/** Static initialiser for #goc_series_opts. */
#define GOC_SERIES_OPTS_INIT { GOC_SERIES_OPTS_VERSION, NULL, NULL, 0, NULL, 0, NULL, NULL }

/**
 * A KPI series: the rows of goc_kpi_evaluate() at each date of a series,
 * date after date (in date order), each date's rows in the evaluation's
 * order.  Row for row the same as separate evaluations at each date, but
 * computed in one pass over the history: the facts each KPI counts are
 * read once, sorted by date, and the running measures advance from one
 * date to the next (a median is taken again from the sorted values seen
 * so far).  Read rows with goc_cursor_kpi_row() and the goc_kpi_row_*()
 * accessors; goc_kpi_row_as_of() gives each row's date.  The whole series
 * reads one snapshot of the database.
 *
 * @param out   receives a cursor (goc_cursor_free()).
 * @param db    the database handle.
 * @param plan  the plan's code.
 * @param opts  the dates and filters (#GOC_SERIES_OPTS_INIT).
 * @return #GOC_OK; #GOC_EINVAL naming the field (NULL arguments, an
 *         unknown options version, a bad date, @p to before @p from, an
 *         unknown @p every, both a range and a list or neither, no month
 *         or quarter end in the range, more than #GOC_SERIES_MAX_DATES
 *         dates); #GOC_ENOTFOUND for an unknown plan, KPI, or a member
 *         that is neither a zone nor a unit; #GOC_ECORRUPT for a KPI
 *         without a target; storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_kpi_series(goc_cursor **out, goc_db *db, const char *plan,
                           const goc_series_opts *opts);

/** What a scorecard groups by. */
enum goc_score_by {
	GOC_BY_PLAN = 1,    /**< "plan": one row per KPI, then a total row. */
	GOC_BY_SECTION = 2, /**< "section": one row per section, then a total. */
	GOC_BY_ZONE = 3,    /**< "zone": one row per zone, then a total. */
	GOC_BY_UNIT = 4     /**< "unit": one row per unit, then a total. */
};

/** Text name of a #goc_score_by, or NULL. */
GOC_API const char *goc_score_by_str(int by);
/** Parse a #goc_score_by name.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_score_by_parse(int *out, const char *name);

/**
 * A scorecard as of a date.  Rows group the KPI rows by KPI, section, zone
 * or unit (see the roll-up rules above); the last row is the plan's total
 * (key NULL).  By unit, every unit that answers for a task or is a member
 * of a KPI appears, with its tasks, leads, overdue tasks and missing
 * progress reports for the last period due (the plan's reporting cycle
 * and deadline, goc/report.h).  By zone, every zone
 * appears.  Read rows with goc_cursor_score().
 *
 * @param out  receives a cursor (goc_cursor_free()).
 * @param db   the database handle.
 * @param plan  the plan's code.
 * @param as_of  the date (YYYY-MM-DD).
 * @param by  a #goc_score_by.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan;
 *         storage errors.
 */
GOC_API int goc_scorecard(goc_cursor **out, goc_db *db, const char *plan,
                          const char *as_of, int by);

/** The current row of a scorecard cursor, or NULL. */
GOC_API const goc_score *goc_cursor_score(const goc_cursor *cur);
/** The group's key (KPI, section, zone or unit code), or NULL for the total. */
GOC_API const char *goc_score_key(const goc_score *s);
/** The group's Chinese name (KPI, section title, zone or unit name), or NULL for the total. */
GOC_API const char *goc_score_name_zh(const goc_score *s);
/** The group's English name, or NULL. */
GOC_API const char *goc_score_name_en(const goc_score *s);
/** The worst status of the group's KPI rows (see the rules), or 0 if it has none. */
GOC_API int goc_score_status(const goc_score *s);
/** Weighted score 0–1, or -1 if nothing is scored yet. */
GOC_API double goc_score_value(const goc_score *s);
/** By plan: the KPI rows' actual values summed (whatever their years and
 *  members: see goc_score_met() and goc_score_worst_row()); else 0. */
GOC_API double goc_score_actual(const goc_score *s);
/** By plan: the KPI rows' minimums summed (as goc_score_actual()); else 0. */
GOC_API double goc_score_target(const goc_score *s);
/** Number of KPI rows in the group with @p status (a #goc_kpi_status); 0 for any status gives all rows. */
GOC_API int goc_score_count(const goc_score *s, int status);
/** By unit: tasks the unit answers for (groups expanded, inherited); else 0. */
GOC_API int goc_score_tasks(const goc_score *s);
/** By unit: tasks it leads. */
GOC_API int goc_score_leads(const goc_score *s);
/** By unit: its overdue tasks on the as-of date. */
GOC_API int goc_score_overdue(const goc_score *s);
/** By unit: leaf tasks without its report, dated by the as-of date, for the last period whose deadline has passed (goc/report.h: for a quarterly plan with 10 days, as of 2025-06-30 that is 2025-Q1); 0 if none is due yet. */
GOC_API int goc_score_missing_reports(const goc_score *s);
/**
 * Number of the group's KPI rows that are met or exceeded (#GOC_STATUS_MET,
 * #GOC_STATUS_EXCEEDED), for "n of m rows met" beside goc_score_count(s, 0).
 * A group whose rows are of different years or members is read this way,
 * not by goc_score_actual() and goc_score_target(), which add them up.
 * @since 1.2
 */
GOC_API int goc_score_met(const goc_score *s);
/**
 * The group's worst KPI row: the most severe status (missed, behind,
 * at risk, on track, not started, met, exceeded), then the lowest
 * attainment, then the first in KPI and row order; NULL if the group has
 * no rows.  Read it with the goc_kpi_row_*() accessors; it is valid as long
 * as the scorecard's cursor.
 * @since 1.2
 */
GOC_API const goc_kpi_row *goc_score_worst_row(const goc_score *s);

/**
 * A scorecard series: the rows of goc_scorecard() by plan, zone or unit
 * at each date of a series (date after date, each ending with the total,
 * key NULL), from one goc_kpi_series() pass — never one scorecard per
 * date.  The by-unit task columns (goc_score_tasks() and the others) are
 * not part of a series: they read 0.  With @p opts->kpi the scorecard of
 * that KPI alone; with @p opts->member only that zone's or unit's row of
 * each date (no total).  goc_score_as_of() gives each row's date.
 *
 * @param out   receives a cursor (goc_cursor_free()).
 * @param db    the database handle.
 * @param plan  the plan's code.
 * @param opts  the dates and filters (#GOC_SERIES_OPTS_INIT).
 * @param by    #GOC_BY_PLAN, #GOC_BY_ZONE or #GOC_BY_UNIT.
 * @return as goc_kpi_series(); also #GOC_EINVAL for another @p by.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_score_series(goc_cursor **out, goc_db *db, const char *plan,
                             const goc_series_opts *opts, int by);
/**
 * The date of a scorecard series row (the as_of of goc_scorecard()'s
 * rows); valid as long as the row.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_score_as_of(const goc_score *s);

/**
 * Fill a database with the built-in Pudong plan and a deterministic set of
 * FICTIONAL demonstration data: organizations (names end in "（示例）",
 * notes say they are fictional) with dated histories, risk reviews and
 * headquarters milestones — 37 already here at the end of 2023 — partners,
 * experts, events, service requests, zone facts and progress reports from
 * 2024-01-01 to 2025-06-30, enough for every unit and zone to appear in a
 * scorecard.  The same seed always gives the same data.  One transaction.
 *
 * @param db    the database handle.
 * @param seed  any value; 0 is the documented default data set.
 * @return #GOC_OK; #GOC_EEXISTS if the database already holds
 *         organizations or a plan (the message says how many);
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_demo_load(goc_db *db, unsigned int seed);

/**
 * Does the database hold the demonstration data and nothing else?  True
 * when goc_demo_load() filled it and no write has changed it since, but
 * for people (users and their tokens) and units' access roles and
 * reviewer flags; refusals and logins recorded in the audit trail do not
 * count.  A front end that shows a scorecard under the
 * heading "demonstration data" asks this first, so that real figures are
 * never presented as fictional ones.
 *
 * @param db   the database handle.
 * @param out  receives 1 if so, else 0 (also on error).
 * @return #GOC_OK; #GOC_EINVAL for a NULL @p db or @p out; storage
 *         errors.
 * @since 1.2
 */
GOC_API int goc_demo_only(goc_db *db, int *out);

#ifdef __cplusplus
}
#endif

#endif /* GOC_KPI_H */
