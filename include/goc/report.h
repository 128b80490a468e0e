/*
 * libgoc — the report model: what the plan's reports show, worked out as
 * of a date by the library, so that every report (the goc tool's battle
 * map and workbook, a Python program, the web service) shows the same.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_REPORT_H
#define GOC_REPORT_H

#include "goc/plan.h"

/** @file goc/report.h
 *  @brief The report model: a unit's dossier (每个单位的任务清单) — the
 *         tasks it answers for with its role, its latest progress report
 *         as of a date, what is overdue and which reports are missing —
 *         and an organization's first landing date.
 *
 * **Dossier rows.**  One row per unit and task it answers for, as the
 * responsibility rules of goc/plan.h give them: groups expanded to their
 * members, a task without assignments of its own inheriting its nearest
 * ancestor's, and **each unit once per task** with its strongest role
 * (lead before responsible) — a unit assigned directly and through a
 * group, or through two groups, is one row.  Asked for one unit, the rows
 * are that unit's dossier; asked for one task, they are the task's
 * responsible units, each once; asked for neither, they are the plan's
 * whole responsibility matrix.  Rows are ordered by unit code, then by
 * the task's place in the tree.
 *
 * **As of a date D** (YYYY-MM-DD), every row says:
 *  - the unit's *latest report* on the task: among its reports dated on or
 *    before D, the latest by date, then by submission; a report corrected
 *    by a report dated on or before D does not count (a correction dated
 *    after D does not yet apply: the record as it stood on D);
 *  - whether the task is *overdue*: it has a due date before D and is
 *    neither done nor cancelled (its current status and due date, as
 *    goc_task_list()'s `overdue_as_of` filter has it);
 *  - the *missing reports* of a task without children (a leaf: a work
 *    item, or a task that has none), by the plan's **reporting cycle and
 *    deadline** (goc_plan_set_reporting(); quarterly and 10 days unless
 *    set, as for the Pudong plan): a report for a period of the cycle
 *    ("2024-Q3"; "2024-07" monthly, "2024-H2" half-yearly, "2024" annual)
 *    is **due by its deadline**, the period's last day plus the plan's
 *    offset in *calendar* days (not working days: without the official
 *    holiday calendar, with its swapped weekends, a count of working days
 *    would be wrong around every holiday; calendar days are exact).  A
 *    period is *missing* as of D only once its deadline has passed —
 *    D is after the deadline: on the deadline itself it is not yet
 *    missing — and the unit has no report for it dated on or before D.
 *    The periods asked for run from the one holding the plan's first day
 *    through the last whose deadline is before D (or the one holding the
 *    plan's last day, if earlier); a plan without a first day asks only
 *    for that last one.  Reports for periods of another form (a year in
 *    a quarterly plan) do not stand for one of the cycle.  Tasks with
 *    children have no missing reports.  The by-unit scorecard counts, per
 *    unit, the leaf tasks missing the last period due
 *    (goc_score_missing_reports()).
 *  - the *late reports*: a period whose first report (the earliest dated
 *    on or before D, corrected or not) is dated after its deadline is
 *    late by (that date − the deadline) days
 *    (goc_dossier_row_late_count(), goc_dossier_row_late_days()); the
 *    latest report's own lateness is goc_dossier_row_report_late_days().
 *
 * **Reminders (催报).**  goc_reminder_list() groups, by unit, what to
 * remind each unit of as of a date: the missing and late reports above,
 * its overdue tasks, and the KPI rows of the unit (unit-scoped KPIs, the
 * unit as member) that are behind or at risk, with the unit's contact
 * (goc_unit_set_contact()).
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Flags for goc_dossier_filter.flags. */
enum goc_dossier_flags {
	GOC_DOSSIER_LEAVES = 1 << 0 /**< Only tasks without children (the columns of the battle map's matrix). */
};

/**
 * Which rows goc_dossier_list() gives.  Initialise with
 * #GOC_DOSSIER_FILTER_INIT; NULL and zero members do not filter.
 */
typedef struct goc_dossier_filter {
	unsigned int version;  /**< #GOC_DOSSIER_FILTER_VERSION. */
	const char *unit;      /**< Only this unit's rows: its dossier (a unit's code, not a group's). */
	const char *task;      /**< Only this task's rows: its responsible units, each once. */
	unsigned int flags;    /**< #goc_dossier_flags. */
} goc_dossier_filter;

/** Current version of #goc_dossier_filter. */
#define GOC_DOSSIER_FILTER_VERSION 1
/** Static initialiser for #goc_dossier_filter: every row. */
#define GOC_DOSSIER_FILTER_INIT { GOC_DOSSIER_FILTER_VERSION, NULL, NULL, 0 }

/** One row of a dossier: a unit and a task it answers for, as of a date.  Opaque. */
typedef struct goc_dossier_row goc_dossier_row;

/**
 * The dossier rows of a plan as of a date (see the rules above): one row
 * per unit and task it answers for, each unit once per task, ordered by
 * unit code then tree order.  Read rows with goc_cursor_dossier_row().
 *
 * The rows are worked out when the call is made (a snapshot): writes made
 * while the cursor is open do not change them.  Inside a transaction
 * (goc_db_begin()) they see its uncommitted writes.
 *
 * @param out     receives a cursor (goc_cursor_free()); NULL on failure.
 * @param db      the database handle.
 * @param plan    the plan's code.
 * @param as_of   the date (YYYY-MM-DD).
 * @param filter  NULL for every row (#goc_dossier_filter).
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL arguments, a bad date, an unknown filter
 *         version, unknown flags or a malformed code (the message names
 *         the field: "as_of", "filter.unit", "filter.task", "filter.flags");
 *         #GOC_ENOTFOUND for an unknown plan, unit (a group's code is not
 *         a unit's) or task;
 *         #GOC_ENOMEM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_dossier_list(goc_cursor **out, goc_db *db, const char *plan,
                             const char *as_of, const goc_dossier_filter *filter);

/**
 * The current row of a dossier cursor.
 * @return a row borrowed from the cursor, valid until its next step (its
 *         strings too); NULL if not on a row or of another kind.
 * @since symbol version GOC_1.2.
 */
GOC_API const goc_dossier_row *goc_cursor_dossier_row(const goc_cursor *cur);

/** The task's code.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_task(const goc_dossier_row *r);
/** The unit's code.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_unit(const goc_dossier_row *r);
/** The unit's role in the task (its strongest), or 0 for a NULL row.  @since symbol version GOC_1.2. */
GOC_API enum goc_role goc_dossier_row_role(const goc_dossier_row *r);
/** The group the unit answers through, or NULL if it is assigned itself.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_via_group(const goc_dossier_row *r);
/** The ancestor task the responsibility is inherited from, or NULL if the task's own.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_inherited_from(const goc_dossier_row *r);
/** 1 if the task has no children (a leaf), else 0.  @since symbol version GOC_1.2. */
GOC_API int goc_dossier_row_leaf(const goc_dossier_row *r);
/** The task's due date, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_due(const goc_dossier_row *r);
/** The task's (current) status, or 0 for a NULL row.  @since symbol version GOC_1.2. */
GOC_API enum goc_task_status goc_dossier_row_task_status(const goc_dossier_row *r);
/** 1 if the task is overdue on the as-of date, else 0.  @since symbol version GOC_1.2. */
GOC_API int goc_dossier_row_overdue(const goc_dossier_row *r);
/** Id of the unit's latest report on the task as of the date, or 0 if it has none.  @since symbol version GOC_1.2. */
GOC_API int64_t goc_dossier_row_report_id(const goc_dossier_row *r);
/** That report's period, or NULL if none.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_report_period(const goc_dossier_row *r);
/** That report's date, or NULL if none.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_report_date(const goc_dossier_row *r);
/** The status that report gives, or 0 if none.  @since symbol version GOC_1.2. */
GOC_API enum goc_task_status goc_dossier_row_report_status(const goc_dossier_row *r);
/** That report's percent complete, or #GOC_PERCENT_NONE (also if none).  @since symbol version GOC_1.2. */
GOC_API int goc_dossier_row_report_percent(const goc_dossier_row *r);
/** That report's text, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_dossier_row_report_text(const goc_dossier_row *r);
/** Number of missing reports, periods of the plan's cycle (0 for a task with children).  @since symbol version GOC_1.2. */
GOC_API int goc_dossier_row_missing_count(const goc_dossier_row *r);
/**
 * The @p i-th missing period ("2024-Q3" for a quarterly plan), oldest first, for @p i from 0
 * to goc_dossier_row_missing_count() − 1; NULL out of range.  Valid as
 * long as the row.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_dossier_row_missing_period(const goc_dossier_row *r, int i);
/**
 * Days the latest report (goc_dossier_row_report_id()) came after its
 * period's deadline: 0 if on time or if there is none.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_dossier_row_report_late_days(const goc_dossier_row *r);
/** Number of periods due whose first report came after the deadline (0 for a task with children).  @since symbol version GOC_1.2. */
GOC_API int goc_dossier_row_late_count(const goc_dossier_row *r);
/**
 * The @p i-th late period, oldest first, for @p i from 0 to
 * goc_dossier_row_late_count() − 1; NULL out of range.  Valid as long as
 * the row.  @since symbol version GOC_1.2.
 */
GOC_API const char *goc_dossier_row_late_period(const goc_dossier_row *r, int i);
/** Days the @p i-th late period's first report came after its deadline (≥ 1); 0 out of range.  @since symbol version GOC_1.2. */
GOC_API int goc_dossier_row_late_days(const goc_dossier_row *r, int i);

/** What a reminder (催报) is about (goc_reminder_list()).  @since symbol version GOC_1.2. */
enum goc_reminder_kind {
	GOC_REMIND_MISSING = 1, /**< "missing": no report for a period whose deadline has passed (未报送). */
	GOC_REMIND_LATE = 2,    /**< "late": the period's first report came after its deadline (迟报). */
	GOC_REMIND_OVERDUE = 3, /**< "overdue": a task past its due date, not done or cancelled (逾期). */
	GOC_REMIND_KPI = 4      /**< "kpi": a KPI row of the unit that is behind or at risk (指标预警). */
};

/** Text name of a #goc_reminder_kind ("missing", "late", "overdue", "kpi"), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_kind_str(int kind);
/** Parse a #goc_reminder_kind name into @p out.  @return #GOC_OK or #GOC_EINVAL.  @since symbol version GOC_1.2. */
GOC_API int goc_reminder_kind_parse(int *out, const char *name);

/** One reminder: a unit and one thing to remind it of.  Opaque. */
typedef struct goc_reminder goc_reminder;

/**
 * Reminders (催报) as of a date, grouped by unit: for each unit that has
 * any, what to remind it of, with its contact person, phone and e-mail
 * (goc_unit_set_contact()).  Units with nothing to remind of have no rows.
 *
 *  - #GOC_REMIND_MISSING, one row per leaf task and period whose deadline
 *    has passed without the unit's report (the dossier's missing
 *    periods, rules above): the period, its deadline, and the days since
 *    the deadline (goc_reminder_days());
 *  - #GOC_REMIND_LATE, one row per leaf task and period due whose first
 *    report came after the deadline: the period, the deadline, that
 *    report's date and the days late;
 *  - #GOC_REMIND_OVERDUE, one row per task overdue on the date (due
 *    before it, neither done nor cancelled): the due date as deadline,
 *    days since;
 *  - #GOC_REMIND_KPI, one row per KPI row of a unit-scoped KPI with the
 *    unit as member (the by-unit scorecard's rows) whose status is
 *    behind or at risk: the KPI, status, actual, minimum, expected, the
 *    row's last day as deadline and the year of an annual row as period.
 *
 * **Order:** by unit code; within a unit by kind (missing, late, overdue,
 * KPI); within a kind by the task's place in the tree, then oldest period
 * first (tasks), or in evaluation order (KPIs: KPI order, then year).
 * A snapshot, as goc_dossier_list().
 *
 * @param out    receives a cursor (goc_cursor_free()); read rows with
 *               goc_cursor_reminder().
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param as_of  the date (YYYY-MM-DD).
 * @param unit   only this unit's reminders, or NULL for every unit's.
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL arguments, a bad date ("as_of"), a
 *         malformed unit code ("unit");
 *         #GOC_ENOTFOUND for an unknown plan or unit;
 *         #GOC_ENOMEM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_reminder_list(goc_cursor **out, goc_db *db, const char *plan, const char *as_of,
                              const char *unit);

/**
 * The current row of a reminder cursor.
 * @return a row borrowed from the cursor, valid until the cursor is freed
 *         (its strings too); NULL if not on a row or of another kind.
 * @since symbol version GOC_1.2.
 */
GOC_API const goc_reminder *goc_cursor_reminder(const goc_cursor *cur);

/** The unit's code.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_unit(const goc_reminder *r);
/** The unit's Chinese name.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_unit_name_zh(const goc_reminder *r);
/** The unit's English name, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_unit_name_en(const goc_reminder *r);
/** The unit's contact person, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_contact(const goc_reminder *r);
/** The contact's phone, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_phone(const goc_reminder *r);
/** The contact's e-mail, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_email(const goc_reminder *r);
/** What the row is about, or 0 for NULL.  @since symbol version GOC_1.2. */
GOC_API enum goc_reminder_kind goc_reminder_kind(const goc_reminder *r);
/** The task's code (missing, late, overdue), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_task(const goc_reminder *r);
/** The task's label as the plan prints it ("（1）"), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_task_label(const goc_reminder *r);
/** The task's Chinese title, else its text, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_task_title(const goc_reminder *r);
/** The period (missing, late; an annual KPI row's year), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_period(const goc_reminder *r);
/** The deadline (a period's), the due date (overdue), the KPI row's last day; or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_deadline(const goc_reminder *r);
/** The late report's date (late), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_date(const goc_reminder *r);
/** Days: since the deadline (missing, overdue) or late (late); 0 for KPI rows.  @since symbol version GOC_1.2. */
GOC_API int goc_reminder_days(const goc_reminder *r);
/** The KPI's code (kpi), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_kpi(const goc_reminder *r);
/** The KPI's Chinese name (kpi), or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_reminder_kpi_name_zh(const goc_reminder *r);
/** The KPI row's status, a #goc_kpi_status (behind or at risk); 0 for other kinds.  @since symbol version GOC_1.2. */
GOC_API int goc_reminder_kpi_status(const goc_reminder *r);
/** The KPI row's actual value (kpi); 0 for other kinds.  @since symbol version GOC_1.2. */
GOC_API double goc_reminder_actual(const goc_reminder *r);
/** The KPI row's minimum (kpi); 0 for other kinds.  @since symbol version GOC_1.2. */
GOC_API double goc_reminder_target(const goc_reminder *r);
/** The value the KPI row expected by the date (kpi); 0 for other kinds.  @since symbol version GOC_1.2. */
GOC_API double goc_reminder_expected(const goc_reminder *r);

/**
 * Options of goc_report_import_table().  Initialise with
 * #GOC_REPORT_IMPORT_OPTIONS_INIT; NULL members take the table's own.
 */
typedef struct goc_report_import_options {
	unsigned int version;  /**< #GOC_REPORT_IMPORT_OPTIONS_VERSION. */
	const char *sheet;     /**< An .xlsx file's sheet to read; NULL: the first. */
	const char *encoding;  /**< CSV: "utf-8", "gb18030" …; NULL detects UTF-8 (with or without BOM) or GB18030. */
	const char *plan;      /**< The plan, for rows that name none; NULL: the table's 计划 row, else "pudong-goc-2024". */
	const char *unit;      /**< The reporting unit, for rows that name none; NULL: the table's 单位 row. */
	const char *period;    /**< The period, for rows that name none; NULL: the table's 期间 row. */
} goc_report_import_options;

/** Current version of #goc_report_import_options. */
#define GOC_REPORT_IMPORT_OPTIONS_VERSION 1
/** Static initialiser for #goc_report_import_options. */
#define GOC_REPORT_IMPORT_OPTIONS_INIT { GOC_REPORT_IMPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL }

/** What goc_report_import_table() did. */
typedef struct goc_report_import_result {
	unsigned int version;  /**< #GOC_REPORT_IMPORT_RESULT_VERSION (set by the call). */
	size_t added;          /**< Reports added. */
	size_t unchanged;      /**< Rows equal to a report on record, not added again. */
	size_t skipped;        /**< Rows not filled in (no status, date, percent, text or evidence). */
	size_t errors;         /**< Rows or cells at fault (0 on success); each is a line of the message. */
} goc_report_import_result;

/** Current version of #goc_report_import_result. */
#define GOC_REPORT_IMPORT_RESULT_VERSION 1

/**
 * Import progress reports from a filled template (`goc progress template`
 * writes one): an .xlsx workbook — detected by its zip signature, not by
 * a name — or CSV/TSV text in UTF-8 (with or without BOM) or GB18030
 * (detected as goc_plan_import_table() detects them; a UTF-8 file
 * declared GB18030 is refused).  All the reports or, on any error, none.
 *
 * **The table.**  Rows above the header are instructions, except key rows
 * whose first cell is 计划 (plan), 单位 (unit) or 期间 (period) and whose
 * second cell gives it for every row.  The header is the first row whose
 * first cell is 任务代码 (or `task`); its cells name the columns, in
 * Chinese or English, in any order: 任务代码/task (the task's code),
 * 状态/status (required), 填报日期/date, 完成比例/percent (0–100, a
 * trailing % allowed), 进展情况/text, 佐证材料/evidence, and optionally
 * 计划/plan, 单位/unit, 期间/period for each row; a Chinese name may be
 * followed by a bracketed note ("完成比例（%）").  Other columns are for
 * people and are ignored.  Rows whose status, date, percent, text and
 * evidence are all blank were not filled in: they are skipped.  A status
 * is a code (`in_progress`) or its label (推进中, In progress: goc_label()).
 * Each row is submitted as goc_report_submit() submits it, with the
 * acting unit's permissions.
 *
 * **Idempotent.**  A row equal to a report on record that is not
 * superseded — same plan, task, unit, period, date, status and text — is
 * counted as unchanged and not added: importing the same file twice adds
 * nothing the second time.
 *
 * **Spreadsheets** are read as described in docs/xlsx.md: shared and
 * inline strings, rich text, numbers, booleans, dates stored as serial
 * numbers (YYYY-MM-DD), merged cells (the top-left value fills the
 * range), the sheet named or the first; limits #GOC_IMPORT_MAX_BYTES for
 * the file, #GOC_XLSX_MAX_ENTRY for a part uncompressed,
 * #GOC_XLSX_MAX_CELLS cells, #GOC_IMPORT_MAX_CELL bytes a cell.
 *
 * @param out    receives the counts (may be NULL); on failure added and
 *               unchanged are 0 and errors counts the faults.
 * @param db     the database handle.
 * @param data   the file's bytes (NULL only if @p len is 0).
 * @param len    their number, at most #GOC_IMPORT_MAX_BYTES.
 * @param opts   NULL for the defaults (#goc_report_import_options).
 * @return #GOC_OK;
 *         #GOC_EINVAL for a bad argument or option version, an input too
 *         long, a corrupt or oversized workbook or part (a zip bomb), too
 *         many cells or a cell too long, a date serial that is no date,
 *         text that is neither UTF-8 nor GB18030, CSV data with a sheet
 *         named, no header row, a row without task, unit, period, status
 *         or date, an unknown status, a bad period, date or percent —
 *         every error at once, one per line, each beginning with its
 *         place: "Sheet1!F7: status: …" in a workbook, "line 7, column 6:
 *         …" in CSV; the message (bounded as every message) lists as
 *         many whole lines as fit, in order, then "… and N more (M
 *         errors in all)" (M also in @p out->errors);
 *         #GOC_ENOTFOUND for a sheet that is not there (the message lists
 *         the workbook's sheets), an unknown plan, task or unit (as the
 *         first error; the message has them all);
 *         #GOC_EPERM if the acting unit may not report for a row's unit,
 *         or the unit does not answer for the task;
 *         #GOC_EREADONLY, #GOC_ENOMEM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_report_import_table(goc_report_import_result *out, goc_db *db,
                                    const char *data, size_t len,
                                    const goc_report_import_options *opts);

/**
 * The date an organization first entered `landed`, as of a date: the
 * earliest entry into `landed` of its stage history dated on or before
 * @p as_of.  An organization that landed, was withdrawn and landed again
 * keeps its first date; one withdrawn since still has it (what it is now
 * is goc_org_stage()).  The Popolo export's founding date.
 *
 * @param out    receives the date (YYYY-MM-DD, NUL-terminated, owned by
 *               the caller: goc_free()), or NULL if it had not landed by
 *               then; NULL on failure.
 * @param db     the database handle.
 * @param org    the organization's id.
 * @param as_of  the date (YYYY-MM-DD), or NULL for its whole history.
 * @return #GOC_OK (also when it never landed: *out is then NULL);
 *         #GOC_EINVAL for NULL @p db or @p out, a bad date ("as_of");
 *         #GOC_ENOTFOUND for an unknown organization;
 *         #GOC_ENOMEM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_org_landed_date(char **out, goc_db *db, int64_t org, const char *as_of);

#ifdef __cplusplus
}
#endif

#endif /* GOC_REPORT_H */
