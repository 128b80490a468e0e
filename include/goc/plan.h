/*
 * libgoc — action plans: goals, the task tree, responsibility assignment,
 * progress reports, the built-in Pudong plan and plan interchange.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_PLAN_H
#define GOC_PLAN_H

#include "goc/db.h"

/** @file goc/plan.h
 *  @brief Plans (行动方案), their headline goals (主要目标), the task tree
 *         (sections → special tasks → work items), who answers for each
 *         task, and dated progress reports from the units.
 *
 * **Plans** are named by a code (the rules of unit codes: `a–z 0–9 - _`,
 * 1–32 characters).  A database holds any number of plans.
 *
 * **Tasks** form a tree of three levels: a *section* (一、二 …) has no
 * parent, a *special task* (专项任务 1 … 12) has a section as parent, a
 * *work item* ((1) … (21)) has a special task as parent.  Each task has a
 * code unique within its plan (same rules as plan codes; the built-in plan
 * uses s1…s4, t1…t12, i1…i21), an optional display label ("一", "3",
 * "(13)"), a Chinese title and/or its full text (kept verbatim), an
 * optional English title, an optional due date or an annual recurrence,
 * and a status.  Children keep the order in which they were created.
 * Limits: titles 1–300 characters, text up to 20000, labels up to 16.
 *
 * **Responsibility.**  A task is assigned to units or unit groups, each
 * with a role: lead (牵头) or responsible (责任/配合).  A task without
 * assignments of its own inherits those of its nearest ancestor that has
 * some.  Asked with #GOC_RESP_EXPAND, groups expand to their members; a
 * unit that answers for a task both directly and through a group, or
 * through two groups, appears once, with its strongest role (lead before
 * responsible) and, when it has no direct assignment, the group it comes
 * through.
 *
 * **Progress reports** are append-only: a correction is a new report that
 * supersedes an earlier one for the same task, unit and period.  Periods
 * are a year ("2024"), a half ("2024-H1"), a quarter ("2024-Q3") or a
 * month ("2024-07").
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Level of a task in the plan's tree. */
enum goc_task_level {
	GOC_LEVEL_SECTION = 1, /**< "section": 一、二 … */
	GOC_LEVEL_TASK = 2,    /**< "task": a special task (专项任务). */
	GOC_LEVEL_ITEM = 3     /**< "item": a work item (工作内容). */
};

/** Status of a task, or the status a progress report gives. */
enum goc_task_status {
	GOC_TASK_NOT_STARTED = 1, /**< "not_started". */
	GOC_TASK_IN_PROGRESS = 2, /**< "in_progress". */
	GOC_TASK_DONE = 3,        /**< "done". */
	GOC_TASK_BLOCKED = 4,     /**< "blocked". */
	GOC_TASK_CANCELLED = 5    /**< "cancelled". */
};

/** Recurrence of a task. */
enum goc_recurrence {
	GOC_RECUR_NONE = 0,  /**< "none": once (by its due date, if any). */
	GOC_RECUR_ANNUAL = 1 /**< "annual": every year (e.g. 1–2 events a year). */
};

/** Role of a unit or group in a task. */
enum goc_role {
	GOC_ROLE_LEAD = 1,       /**< "lead": 牵头. */
	GOC_ROLE_RESPONSIBLE = 2 /**< "responsible": 责任单位 / 配合. */
};

/**
 * Reporting cycle of a plan (goc_plan_set_reporting()): the periods its
 * progress reports are due for.  The rule for deadlines is in goc/report.h.
 * @since symbol version GOC_1.2.
 */
enum goc_report_cycle {
	GOC_CYCLE_MONTHLY = 1,     /**< "monthly": 月报, periods "YYYY-MM". */
	GOC_CYCLE_QUARTERLY = 2,   /**< "quarterly": 季报, periods "YYYY-Qn" (the default). */
	GOC_CYCLE_HALF_YEARLY = 3, /**< "half_yearly": 半年报, periods "YYYY-Hn". */
	GOC_CYCLE_ANNUAL = 4       /**< "annual": 年报, periods "YYYY". */
};

/** Text name of a #goc_task_level, or NULL if unknown. */
GOC_API const char *goc_task_level_str(int level);
/** Parse a #goc_task_level name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_task_level_parse(int *out, const char *name);
/** Text name of a #goc_task_status, or NULL if unknown. */
GOC_API const char *goc_task_status_str(int status);
/** Parse a #goc_task_status name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_task_status_parse(int *out, const char *name);
/** Text name of a #goc_recurrence ("none", "annual"), or NULL if unknown. */
GOC_API const char *goc_recurrence_str(int recurrence);
/** Parse a #goc_recurrence name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_recurrence_parse(int *out, const char *name);
/** Text name of a #goc_role, or NULL if unknown. */
GOC_API const char *goc_role_str(int role);
/** Parse a #goc_role name into @p out.  @return #GOC_OK or #GOC_EINVAL. */
GOC_API int goc_role_parse(int *out, const char *name);
/** Text name of a #goc_report_cycle ("monthly", "quarterly", "half_yearly", "annual"), or NULL if unknown.  @since symbol version GOC_1.2. */
GOC_API const char *goc_report_cycle_str(int cycle);
/** Parse a #goc_report_cycle name into @p out.  @return #GOC_OK or #GOC_EINVAL.  @since symbol version GOC_1.2. */
GOC_API int goc_report_cycle_parse(int *out, const char *name);

/**
 * Check a reporting period: "YYYY", "YYYY-H1"/"YYYY-H2", "YYYY-Q1" …
 * "YYYY-Q4" or "YYYY-MM" (years 1900–2999).
 *
 * @return #GOC_OK; #GOC_EINVAL naming what is wrong.
 */
GOC_API int goc_period_check(const char *period);

/**
 * The last day of a reporting period: "2025" and "2025-H2" end on
 * 2025-12-31, "2025-H1" and "2025-Q2" on 2025-06-30, "2024-02" on
 * 2024-02-29.  The day a period's reports are "as of" (a progress
 * template shows each task's latest report as of it); the deadline of the
 * reports is later by the plan's offset (goc_report_deadline()).
 *
 * @param out     receives the date (YYYY-MM-DD, owned by the caller:
 *                goc_free()); NULL on failure.
 * @param period  a period (goc_period_check()).
 * @return #GOC_OK; #GOC_EINVAL for a NULL @p out or a bad period (the
 *         message of goc_period_check(), naming "period"); #GOC_ENOMEM.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_period_end(char **out, const char *period);

/** A plan record.  Opaque. */
typedef struct goc_plan goc_plan;
/** A headline goal of a plan.  Opaque. */
typedef struct goc_goal goc_goal;
/** A task record.  Opaque. */
typedef struct goc_task goc_task;
/** One unit's (or group's) responsibility for one task.  Opaque. */
typedef struct goc_assignment goc_assignment;
/** A progress report.  Opaque. */
typedef struct goc_report goc_report;

/** Fields of a new plan.  Initialise with #GOC_PLAN_FIELDS_INIT. */
typedef struct goc_plan_fields {
	unsigned int version;  /**< #GOC_PLAN_FIELDS_VERSION. */
	const char *code;      /**< Required: the plan's code. */
	const char *title_zh;  /**< Required: 1–300 characters. */
	const char *title_en;  /**< Optional. */
	const char *issuer;    /**< Optional: who issued it (free text, up to 200 characters). */
	const char *issued;    /**< Optional: date of issue. */
	const char *source;    /**< Optional: where the text comes from (reference or address, up to 1000). */
	const char *start;     /**< Optional: first day of the plan's window. */
	const char *end;       /**< Optional: last day of the plan's window (not before start). */
} goc_plan_fields;

/** Current version of #goc_plan_fields. */
#define GOC_PLAN_FIELDS_VERSION 1
/** Static initialiser for #goc_plan_fields. */
#define GOC_PLAN_FIELDS_INIT \
	{ GOC_PLAN_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Create an empty plan.
 *
 * @return #GOC_OK; #GOC_EINVAL (names the field: code, titles, dates,
 *         end before start); #GOC_EEXISTS if the code is taken;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_plan_create(goc_db *db, const goc_plan_fields *fields);

/**
 * Delete a plan with its goals, tasks and assignments.
 *
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND;
 *         #GOC_ECONSTRAINT while progress reports refer to its tasks or it
 *         has KPIs (delete those first with goc_kpi_delete());
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_plan_delete(goc_db *db, const char *code);

/**
 * Read a plan by code.
 * @param out  receives a record owned by the caller (goc_plan_free()).
 * @param db   the database handle.
 * @param code  the plan's code.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND.
 */
GOC_API int goc_plan_get(goc_plan **out, goc_db *db, const char *code);

/** Free a plan record.  NULL is a no-op. */
GOC_API void goc_plan_free(goc_plan *plan);

/**
 * List plans, ordered by code; read rows with goc_cursor_plan().
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments.
 */
GOC_API int goc_plan_list(goc_cursor **out, goc_db *db);

/**
 * The current row of a plan cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_plan *goc_cursor_plan(const goc_cursor *cur);

/** The plan's code.  Strings from a record live as long as the record. */
GOC_API const char *goc_plan_code(const goc_plan *plan);
/** Chinese title. */
GOC_API const char *goc_plan_title_zh(const goc_plan *plan);
/** English title, or NULL. */
GOC_API const char *goc_plan_title_en(const goc_plan *plan);
/** Issuer, or NULL. */
GOC_API const char *goc_plan_issuer(const goc_plan *plan);
/** Date of issue, or NULL. */
GOC_API const char *goc_plan_issued(const goc_plan *plan);
/** Source reference, or NULL. */
GOC_API const char *goc_plan_source(const goc_plan *plan);
/** First day of the plan's window, or NULL. */
GOC_API const char *goc_plan_start(const goc_plan *plan);
/** Last day of the plan's window, or NULL. */
GOC_API const char *goc_plan_end(const goc_plan *plan);
/** Number of tasks of the plan when the record was read. */
GOC_API int goc_plan_task_count(const goc_plan *plan);
/** The plan's #goc_report_cycle (#GOC_CYCLE_QUARTERLY unless set), or 0 for NULL.  @since symbol version GOC_1.2. */
GOC_API enum goc_report_cycle goc_plan_report_cycle(const goc_plan *plan);
/** Days after a period's last day by which its reports are due (calendar days; 10 unless set), or 0 for NULL.  @since symbol version GOC_1.2. */
GOC_API int goc_plan_report_deadline_days(const goc_plan *plan);

/** The largest deadline offset goc_plan_set_reporting() accepts: 366 days. */
#define GOC_REPORT_DEADLINE_MAX 366

/**
 * Set a plan's reporting cycle and deadline (goc/report.h has the rule):
 * progress reports are due for each period of @p cycle, by the period's
 * last day plus @p deadline_days calendar days.  A new plan reports
 * quarterly, due 10 days after each quarter (the Pudong plan's setting).
 * Reports already recorded are kept as they are; compliance, lateness and
 * reminders follow the new setting from then on.  An administrator's
 * action, audited as "plan.reporting".
 *
 * @param db             the database handle.
 * @param plan           the plan's code.
 * @param cycle          a #goc_report_cycle.
 * @param deadline_days  0 to #GOC_REPORT_DEADLINE_MAX.
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL arguments, an unknown cycle ("cycle") or an
 *         offset out of range ("deadline_days");
 *         #GOC_ENOTFOUND for an unknown plan;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_plan_set_reporting(goc_db *db, const char *plan, enum goc_report_cycle cycle,
                                   int deadline_days);

/** Fields of a headline goal.  Initialise with #GOC_GOAL_FIELDS_INIT. */
typedef struct goc_goal_fields {
	unsigned int version;  /**< #GOC_GOAL_FIELDS_VERSION. */
	const char *plan;      /**< Required: the plan's code. */
	const char *code;      /**< Required: unique within the plan. */
	const char *title_zh;  /**< Required: e.g. 提升集聚度. */
	const char *title_en;  /**< Optional. */
	const char *text;      /**< Optional: the goal's text, verbatim (up to 20000). */
} goc_goal_fields;

/** Current version of #goc_goal_fields. */
#define GOC_GOAL_FIELDS_VERSION 1
/** Static initialiser for #goc_goal_fields. */
#define GOC_GOAL_FIELDS_INIT { GOC_GOAL_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL }

/**
 * Add a headline goal (主要目标) to a plan; goals keep their order.
 *
 * @return #GOC_OK; #GOC_EINVAL (names the field); #GOC_ENOTFOUND for an
 *         unknown plan; #GOC_EEXISTS if the code is taken in the plan;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_goal_create(goc_db *db, const goc_goal_fields *fields);

/**
 * List a plan's goals in order; read rows with goc_cursor_goal().
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan.
 */
GOC_API int goc_goal_list(goc_cursor **out, goc_db *db, const char *plan);

/**
 * The current row of a goal cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_goal *goc_cursor_goal(const goc_cursor *cur);

/** The goal's plan code. */
GOC_API const char *goc_goal_plan(const goc_goal *goal);
/** The goal's code. */
GOC_API const char *goc_goal_code(const goc_goal *goal);
/** Chinese title. */
GOC_API const char *goc_goal_title_zh(const goc_goal *goal);
/** English title, or NULL. */
GOC_API const char *goc_goal_title_en(const goc_goal *goal);
/** Text, or NULL. */
GOC_API const char *goc_goal_text(const goc_goal *goal);

/** Fields of a new task.  Initialise with #GOC_TASK_FIELDS_INIT. */
typedef struct goc_task_fields {
	unsigned int version;  /**< #GOC_TASK_FIELDS_VERSION. */
	const char *plan;      /**< Required: the plan's code. */
	const char *code;      /**< Required: unique within the plan. */
	const char *parent;    /**< Parent task's code; NULL for a section. */
	int level;             /**< Required: #goc_task_level, consistent with the parent. */
	const char *label;     /**< Optional display label: "一", "3", "(13)". */
	const char *title_zh;  /**< Chinese title; a title or a text is required. */
	const char *title_en;  /**< Optional English title. */
	const char *text;      /**< Full text, verbatim. */
	const char *due;       /**< Optional due date. */
	int recurrence;        /**< #goc_recurrence; default none. */
} goc_task_fields;

/** Current version of #goc_task_fields. */
#define GOC_TASK_FIELDS_VERSION 1
/** Static initialiser for #goc_task_fields. */
#define GOC_TASK_FIELDS_INIT \
	{ GOC_TASK_FIELDS_VERSION, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, GOC_RECUR_NONE }

/**
 * Add a task to a plan, in status `not_started`, as the last child of its
 * parent.
 *
 * @return #GOC_OK;
 *         #GOC_EINVAL (names the field: code, level, a parent of the wrong
 *         level, neither title nor text, over-long or non-UTF-8 text, bad
 *         due date or recurrence);
 *         #GOC_ENOTFOUND for an unknown plan or parent;
 *         #GOC_EEXISTS if the code is taken in the plan;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_task_create(goc_db *db, const goc_task_fields *fields);

/**
 * Set a task's status.  Setting `done` records @p date as its completion
 * date; leaving `done` clears it.
 *
 * @param db      the database handle.
 * @param plan    the plan's code.
 * @param code    the task's code.
 * @param status  a #goc_task_status.
 * @param date    when the status took effect (YYYY-MM-DD).
 * @return #GOC_OK; #GOC_EINVAL (bad status or date); #GOC_ENOTFOUND for
 *         an unknown plan or task; #GOC_EREADONLY, #GOC_EPERM, storage
 *         errors.
 */
GOC_API int goc_task_set_status(goc_db *db, const char *plan, const char *code,
                                int status, const char *date);

/** goc_task_changes.recurrence: leave the recurrence as it is. */
#define GOC_RECUR_UNCHANGED (-1)

/**
 * Changes to a task, for goc_task_update().  Initialise with
 * #GOC_TASK_CHANGES_INIT, which changes nothing; set what changes.
 *
 * A text member that is NULL stays as it is, "" clears it.
 */
typedef struct goc_task_changes {
	unsigned int version;  /**< #GOC_TASK_CHANGES_VERSION. */
	const char *label;     /**< Display label. */
	const char *title_zh;  /**< Chinese title (a title or a text must remain). */
	const char *title_en;  /**< English title. */
	const char *text;      /**< Full text. */
	const char *due;       /**< Due date, YYYY-MM-DD. */
	int recurrence;        /**< A #goc_recurrence, or #GOC_RECUR_UNCHANGED. */
} goc_task_changes;

/** Current version of #goc_task_changes. */
#define GOC_TASK_CHANGES_VERSION 1
/** Static initialiser for #goc_task_changes: no change. */
#define GOC_TASK_CHANGES_INIT \
	{ GOC_TASK_CHANGES_VERSION, NULL, NULL, NULL, NULL, NULL, GOC_RECUR_UNCHANGED }

/**
 * Amend a task: its wording, its due date or its recurrence (a plan is
 * revised, a deadline moved).  Its place in the plan (code, parent,
 * level), its status and its responsible units change only through their
 * own calls.  Reports, KPIs and the scorecard use the task as it is now:
 * an overdue count for an earlier date uses the current due date (the
 * audit trail keeps the earlier one, as the record's "before").
 *
 * @param db       the database handle.
 * @param plan     the plan's code.
 * @param code     the task's code.
 * @param changes  what changes; see #goc_task_changes.
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL arguments, an unknown struct version, a bad
 *         field (over-long or non-UTF-8 text, a bad due date, an unknown
 *         recurrence) or clearing both the title and the text — the
 *         message names the field;
 *         #GOC_ENOTFOUND for an unknown plan or task;
 *         #GOC_EREADONLY, #GOC_EPERM (plans are for administrators),
 *         storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_task_update(goc_db *db, const char *plan, const char *code,
                            const goc_task_changes *changes);

/**
 * Read a task.
 * @param out  receives a record owned by the caller (goc_task_free()).
 * @param db   the database handle.
 * @param plan  the plan's code.
 * @param code  the task's code.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND.
 */
GOC_API int goc_task_get(goc_task **out, goc_db *db, const char *plan,
                         const char *code);

/** Free a task record.  NULL is a no-op. */
GOC_API void goc_task_free(goc_task *task);

/**
 * Filter for goc_task_list().  Initialise with #GOC_TASK_FILTER_INIT; zero
 * and NULL fields do not filter.
 */
typedef struct goc_task_filter {
	unsigned int version;      /**< #GOC_TASK_FILTER_VERSION. */
	const char *parent;        /**< Only the children of this task; "" for the sections. */
	int level;                 /**< Only this #goc_task_level. */
	int status;                /**< Only this #goc_task_status. */
	const char *overdue_as_of; /**< Only tasks overdue on this date: due before it and neither done nor cancelled. */
	const char *unit;          /**< Only tasks this unit answers for (directly, through a group, or inherited). */
} goc_task_filter;

/** Current version of #goc_task_filter. */
#define GOC_TASK_FILTER_VERSION 1
/** Static initialiser for #goc_task_filter. */
#define GOC_TASK_FILTER_INIT { GOC_TASK_FILTER_VERSION, NULL, 0, 0, NULL, NULL }

/**
 * List a plan's tasks in tree order (each section followed by its special
 * tasks, each followed by its work items); read rows with
 * goc_cursor_task().
 *
 * @param out     receives a cursor (goc_cursor_free()).
 * @param db      the database handle.
 * @param plan    the plan's code.
 * @param filter  NULL for the whole tree.
 * @return #GOC_OK; #GOC_EINVAL (NULL arguments, unknown filter version or
 *         enum value, bad date); #GOC_ENOTFOUND for an unknown plan,
 *         parent or unit.
 */
GOC_API int goc_task_list(goc_cursor **out, goc_db *db, const char *plan,
                          const goc_task_filter *filter);

/**
 * The current row of a task cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_task *goc_cursor_task(const goc_cursor *cur);

/** The task's plan code.  Strings live as long as the record. */
GOC_API const char *goc_task_plan(const goc_task *task);
/** The task's code. */
GOC_API const char *goc_task_code(const goc_task *task);
/** The parent's code, or NULL for a section. */
GOC_API const char *goc_task_parent(const goc_task *task);
/** #goc_task_level. */
GOC_API int goc_task_level(const goc_task *task);
/** Display label, or NULL. */
GOC_API const char *goc_task_label(const goc_task *task);
/** Chinese title, or NULL. */
GOC_API const char *goc_task_title_zh(const goc_task *task);
/** English title, or NULL. */
GOC_API const char *goc_task_title_en(const goc_task *task);
/** Full text, or NULL. */
GOC_API const char *goc_task_text(const goc_task *task);
/** Due date, or NULL. */
GOC_API const char *goc_task_due(const goc_task *task);
/** #goc_recurrence. */
GOC_API int goc_task_recurrence(const goc_task *task);
/** #goc_task_status. */
GOC_API int goc_task_status(const goc_task *task);
/** Date of the latest status change, or NULL if never changed. */
GOC_API const char *goc_task_status_date(const goc_task *task);
/** Completion date if `done`, else NULL. */
GOC_API const char *goc_task_done_date(const goc_task *task);
/** Number of direct children. */
GOC_API int goc_task_child_count(const goc_task *task);

/**
 * Assign a unit or a unit group to a task with a role.  Assigning the same
 * party again changes its role (or does nothing if the role is the same).
 *
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param task   the task's code.
 * @param party  a unit's or a group's code.
 * @param role   a #goc_role.
 * @return #GOC_OK; #GOC_EINVAL (bad role, malformed code);
 *         #GOC_ENOTFOUND for an unknown plan, task, unit or group;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_task_assign(goc_db *db, const char *plan, const char *task,
                            const char *party, int role);

/**
 * Remove a unit's or group's own assignment to a task.
 *
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND if the plan or task does not
 *         exist or the party is not assigned to it directly;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_task_unassign(goc_db *db, const char *plan, const char *task,
                              const char *party);

/** Flags for the responsibility queries. */
enum goc_resp_flags {
	GOC_RESP_EXPAND = 1 << 0, /**< Expand groups to their member units. */
	GOC_RESP_INHERIT = 1 << 1 /**< Include what a task inherits from its ancestors. */
};

/**
 * Who answers for a task: its assignments, ordered by role (leads first)
 * then code.  Read rows with goc_cursor_assignment().
 *
 * @param out    receives a cursor (goc_cursor_free()).
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param task   the task's code.
 * @param flags  #GOC_RESP_EXPAND and/or #GOC_RESP_INHERIT; 0 gives the
 *               task's own assignments as recorded.
 * @return #GOC_OK; #GOC_EINVAL (NULL arguments, unknown flags);
 *         #GOC_ENOTFOUND for an unknown plan or task.
 */
GOC_API int goc_task_units(goc_cursor **out, goc_db *db, const char *plan,
                           const char *task, unsigned int flags);

/**
 * What a unit or group answers for in a plan, in tree order.  Read rows
 * with goc_cursor_assignment().
 *
 * @param out    receives a cursor (goc_cursor_free()).
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param party  a unit's code (with #GOC_RESP_EXPAND, its groups'
 *               assignments count too) or a group's code (its own
 *               assignments).
 * @param flags  #GOC_RESP_EXPAND and/or #GOC_RESP_INHERIT.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan, unit
 *         or group.
 */
GOC_API int goc_unit_tasks(goc_cursor **out, goc_db *db, const char *plan,
                           const char *party, unsigned int flags);

/**
 * The responsibility matrix: one row per unit and task it answers for
 * (groups expanded, inheritance applied), ordered by unit code then tree
 * order.  Read rows with goc_cursor_assignment().
 *
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan.
 */
GOC_API int goc_plan_matrix(goc_cursor **out, goc_db *db, const char *plan);

/**
 * The current row of an assignment cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_assignment *goc_cursor_assignment(const goc_cursor *cur);

/** The task's code. */
GOC_API const char *goc_assignment_task(const goc_assignment *a);
/** The unit's or group's code. */
GOC_API const char *goc_assignment_party(const goc_assignment *a);
/** 1 if the party is a group (only without #GOC_RESP_EXPAND), else 0. */
GOC_API int goc_assignment_is_group(const goc_assignment *a);
/** #goc_role. */
GOC_API int goc_assignment_role(const goc_assignment *a);
/** The group the unit answers through, or NULL if directly assigned. */
GOC_API const char *goc_assignment_via_group(const goc_assignment *a);
/** The ancestor task the assignment is inherited from, or NULL if the task's own. */
GOC_API const char *goc_assignment_inherited_from(const goc_assignment *a);

/** Value of goc_report_fields.percent when no percentage is given. */
#define GOC_PERCENT_NONE (-1)

/** Fields of a progress report.  Initialise with #GOC_REPORT_FIELDS_INIT. */
typedef struct goc_report_fields {
	unsigned int version;  /**< #GOC_REPORT_FIELDS_VERSION. */
	const char *plan;      /**< Required: the plan's code. */
	const char *task;      /**< Required: the task's code. */
	const char *unit;      /**< Reporting unit's code; NULL means the acting unit. */
	const char *period;    /**< Required: see goc_period_check(). */
	const char *date;      /**< Required: date of the report. */
	int status;            /**< Required: the #goc_task_status reported. */
	int percent;           /**< 0–100, or #GOC_PERCENT_NONE. */
	const char *text;      /**< Optional: what was done (up to 20000 characters). */
	const char *evidence;  /**< Optional: reference to evidence (up to 1000). */
	int64_t supersedes;    /**< Id of the report this one corrects, or 0. */
} goc_report_fields;

/** Current version of #goc_report_fields. */
#define GOC_REPORT_FIELDS_VERSION 1
/** Static initialiser for #goc_report_fields. */
#define GOC_REPORT_FIELDS_INIT \
	{ GOC_REPORT_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, GOC_PERCENT_NONE, NULL, NULL, 0 }

/**
 * Submit a progress report.  Only a unit that answers for the task
 * (directly, through a group, or by inheritance) may report on it.
 * A correction names the report it supersedes: same task, unit and period,
 * not already superseded, not dated after the correction.  A report is
 * dated within or after its period (not before the period's first day)
 * and not in the future: not after today's date where it is latest on
 * Earth (UTC+14), so that a reporter in any time zone may date a report
 * today.
 *
 * @param out_id  receives the report's id (may be NULL).
 * @param db      the database handle.
 * @param fields  the report (#goc_report_fields).
 * @return #GOC_OK;
 *         #GOC_EINVAL (names the field: period, date — also one before
 *         the period starts or in the future —, status, percent, text, no
 *         unit given and no acting unit set, a superseded report of
 *         another task, unit or period);
 *         #GOC_ENOTFOUND for an unknown plan, task, unit or superseded
 *         report;
 *         #GOC_EPERM if the unit does not answer for the task;
 *         #GOC_ESTATE if the superseded report is already superseded;
 *         #GOC_EREADONLY, storage errors.
 */
GOC_API int goc_report_submit(int64_t *out_id, goc_db *db,
                              const goc_report_fields *fields);

/**
 * Read a report by id.
 * @param out  receives a record owned by the caller (goc_report_free()).
 * @param db   the database handle.
 * @param id   the report's id.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND.
 */
GOC_API int goc_report_get(goc_report **out, goc_db *db, int64_t id);

/** Free a report record.  NULL is a no-op. */
GOC_API void goc_report_free(goc_report *report);

/**
 * Filter for goc_report_list().  Initialise with #GOC_REPORT_FILTER_INIT.
 */
typedef struct goc_report_filter {
	unsigned int version;       /**< #GOC_REPORT_FILTER_VERSION. */
	const char *task;           /**< Only this task. */
	const char *unit;           /**< Only this unit. */
	const char *period;         /**< Only this period. */
	int include_superseded;     /**< Nonzero: also reports that were corrected. */
} goc_report_filter;

/** Current version of #goc_report_filter. */
#define GOC_REPORT_FILTER_VERSION 1
/** Static initialiser for #goc_report_filter. */
#define GOC_REPORT_FILTER_INIT { GOC_REPORT_FILTER_VERSION, NULL, NULL, NULL, 0 }

/**
 * List a plan's progress reports in order of submission; read rows with
 * goc_cursor_report().
 *
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan.
 */
GOC_API int goc_report_list(goc_cursor **out, goc_db *db, const char *plan,
                            const goc_report_filter *filter);

/**
 * The latest report of each task and unit (latest by date, then by
 * submission; superseded reports never count), in tree order then unit
 * code.  Read rows with goc_cursor_report().
 *
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan.
 */
GOC_API int goc_report_latest(goc_cursor **out, goc_db *db, const char *plan);

/**
 * The latest report of each task and unit as of a date: among the reports
 * dated on or before @p as_of, the latest by date, then by submission; a
 * report corrected by a report dated on or before @p as_of does not count
 * (a correction dated later does not yet apply: the record as it stood on
 * that date).  In tree order then unit code.  Read rows with
 * goc_cursor_report(); a row's goc_report_superseded_by() still names a
 * correction made after the date.  The rows of goc_report_latest() are
 * those of today's date (reports are never dated later).
 *
 * @param out    receives a cursor (goc_cursor_free()).
 * @param db     the database handle.
 * @param plan   the plan's code.
 * @param as_of  the date (YYYY-MM-DD).
 * @return #GOC_OK; #GOC_EINVAL (NULL arguments, a bad date, naming
 *         "as_of"); #GOC_ENOTFOUND for an unknown plan.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_report_latest_as_of(goc_cursor **out, goc_db *db, const char *plan,
                                    const char *as_of);

/**
 * Reporting compliance: every unit that answers for a leaf task (a task
 * without children: groups expanded, inheritance applied) and has not
 * reported on it for @p period, in tree order then unit code.  Read rows
 * with goc_cursor_assignment().
 *
 * @return #GOC_OK; #GOC_EINVAL (bad period); #GOC_ENOTFOUND for an
 *         unknown plan.
 */
GOC_API int goc_report_missing(goc_cursor **out, goc_db *db, const char *plan,
                               const char *period);

/**
 * Reporting compliance as of a date, by the plan's deadline (goc/report.h):
 * the rows of goc_report_missing() for @p period counting only reports
 * dated on or before @p as_of — and none at all while the period's
 * deadline (goc_report_deadline()) is on or after @p as_of: on
 * 2025-06-30 a quarterly plan's 2025-Q2 is not yet missing.
 *
 * @return #GOC_OK; #GOC_EINVAL (bad period, bad date naming "as_of");
 *         #GOC_ENOTFOUND for an unknown plan.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_report_missing_as_of(goc_cursor **out, goc_db *db, const char *plan,
                                     const char *period, const char *as_of);

/**
 * The deadline of a period's reports under a plan's reporting
 * (goc_plan_set_reporting()): the period's last day plus the plan's
 * offset in calendar days.  Any period form is accepted ("2025-Q2" is due
 * 2025-07-10 with the default 10 days; "2025" by 2026-01-10).
 *
 * @param out     receives the date (YYYY-MM-DD, owned by the caller:
 *                goc_free()); NULL on failure.
 * @param db      the database handle.
 * @param plan    the plan's code.
 * @param period  a period (goc_period_check()).
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a bad period
 *         ("period"); #GOC_ENOTFOUND for an unknown plan; #GOC_ENOMEM.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_report_deadline(char **out, goc_db *db, const char *plan, const char *period);

/**
 * The period of a plan's reporting cycle that holds a date: "2025-Q3"
 * for 2025-08-01 in a quarterly plan, "2025-08" monthly, "2025-H2"
 * half-yearly, "2025" annual — the period a report written that day is
 * usually for.
 *
 * @param out   receives the period (owned by the caller: goc_free()); NULL
 *              on failure.
 * @param db    the database handle.
 * @param plan  the plan's code.
 * @param date  a date (YYYY-MM-DD).
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a bad date ("date");
 *         #GOC_ENOTFOUND for an unknown plan; #GOC_ENOMEM.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_report_period_of(char **out, goc_db *db, const char *plan, const char *date);

/**
 * The current row of a report cursor.
 * @return a record borrowed from the cursor, valid until its next step;
 *         NULL if not on a row or of another kind.
 */
GOC_API const goc_report *goc_cursor_report(const goc_cursor *cur);

/** The report's id. */
GOC_API int64_t goc_report_id(const goc_report *r);
/** The plan's code. */
GOC_API const char *goc_report_plan(const goc_report *r);
/** The task's code. */
GOC_API const char *goc_report_task(const goc_report *r);
/** The reporting unit's code. */
GOC_API const char *goc_report_unit(const goc_report *r);
/** The period. */
GOC_API const char *goc_report_period(const goc_report *r);
/** The report's date. */
GOC_API const char *goc_report_date(const goc_report *r);
/** The #goc_task_status reported. */
GOC_API int goc_report_status(const goc_report *r);
/** Percent complete, or #GOC_PERCENT_NONE. */
GOC_API int goc_report_percent(const goc_report *r);
/** Text, or NULL. */
GOC_API const char *goc_report_text(const goc_report *r);
/** Evidence reference, or NULL. */
GOC_API const char *goc_report_evidence(const goc_report *r);
/** Id of the report this one corrects, or 0. */
GOC_API int64_t goc_report_supersedes(const goc_report *r);
/** Id of the report that corrects this one, or 0. */
GOC_API int64_t goc_report_superseded_by(const goc_report *r);

/**
 * Load a built-in plan and its KPIs.  "pudong-goc-2024" is the Pudong GOC
 * 2024 action plan: its headline goals, 4 sections, 12 special tasks and
 * 21 work items with their Chinese text as published, the responsible
 * units of every item as the plan's task decomposition table gives them,
 * and its 12 built-in KPIs with their targets (docs/kpis.md lists them:
 * codes, measures, scopes, windows, targets).
 *
 * All in one write (one transaction, or a savepoint inside the caller's):
 * first the reference data the plan needs ("pudong", as
 * goc_reference_load() loads it: what is there is kept); then, only if
 * no plan with this code exists yet, the plan and its KPIs are created.
 * If the plan exists (loaded before, or imported under the same code),
 * neither it nor its KPIs are touched: loading again is a no-op, a KPI
 * deleted or changed since is not restored, and a plan imported without
 * KPIs gets none.  On any error nothing is written.  An administrator's
 * action.
 *
 * @param db    the database handle.
 * @param name  "pudong-goc-2024".
 * @return #GOC_OK; #GOC_EINVAL for NULL; #GOC_ENOTFOUND for an unknown
 *         name; #GOC_EEXISTS if a unit, group or zone name of the
 *         reference data is taken by a different code; #GOC_EREADONLY,
 *         #GOC_EPERM, storage errors.
 */
GOC_API int goc_plan_load(goc_db *db, const char *name);

/** Flags for goc_import_options.flags. */
enum goc_import_flags {
	GOC_IMPORT_REPLACE = 1 << 0,     /**< Replace an existing plan of the same code (refused while it has reports; a JSON import also while it has KPIs). */
	GOC_IMPORT_CREATE_UNITS = 1 << 1 /**< Table import: register unknown unit names as new units instead of failing. */
};

/**
 * The largest input the plan imports accept, in bytes: 64 MiB (67108864).
 * goc_plan_import_json() and goc_plan_import_table() refuse a longer one
 * with #GOC_EINVAL before reading any of it.  (The Pudong plan's JSON is
 * about 40 KiB.)
 */
#define GOC_IMPORT_MAX_BYTES ((size_t)64 * 1024 * 1024)

/**
 * The largest cell of a table import (goc_plan_import_table()), in bytes
 * of UTF-8 after decoding: 64 KiB (65536), room for a work item of the
 * longest text a task may have (20000 characters; Chinese ones take 3
 * bytes each).  A larger cell is refused with #GOC_EINVAL naming its line
 * and column.
 */
#define GOC_IMPORT_MAX_CELL ((size_t)64 * 1024)

/**
 * The largest part of an .xlsx file that the table imports read, in bytes
 * once uncompressed: 128 MiB (134217728).  A part declared larger in the
 * zip directory is refused before anything of it is read, and reading
 * stops there if the declaration lies (a zip bomb).
 * @since symbol version GOC_1.2.
 */
#define GOC_XLSX_MAX_ENTRY ((size_t)128 * 1024 * 1024)

/**
 * The most non-empty cells that the table imports read from a sheet of an
 * .xlsx file (a merged range counts as many cells as it covers), and the
 * most shared strings in its workbook: 1,000,000.  The text of all the
 * cells together is held to #GOC_XLSX_MAX_ENTRY bytes (a shared string
 * counts in every cell that shows it).
 * @since symbol version GOC_1.2.
 */
#define GOC_XLSX_MAX_CELLS 1000000

/**
 * Options for the plan imports.  Initialise with #GOC_IMPORT_OPTIONS_INIT.
 */
typedef struct goc_import_options {
	unsigned int version;      /**< #GOC_IMPORT_OPTIONS_VERSION. */
	unsigned int flags;        /**< #goc_import_flags. */
	const char *plan;          /**< Table import: code of the plan to fill (required); JSON: overrides the file's code. */
	const char *encoding;      /**< Table import: "utf-8", "gb18030", "gbk" …; NULL detects UTF-8 (with or without BOM) or GB18030. */
	char delimiter;            /**< Table import: ',' or '\\t'; 0 detects from the header row. */
	goc_progress_cb progress;  /**< Optional progress callback. */
	void *payload;             /**< Passed to @c progress. */
} goc_import_options;

/** Current version of #goc_import_options. */
#define GOC_IMPORT_OPTIONS_VERSION 1
/** Static initialiser for #goc_import_options. */
#define GOC_IMPORT_OPTIONS_INIT { GOC_IMPORT_OPTIONS_VERSION, 0, NULL, NULL, 0, NULL, NULL }

/**
 * Export a whole plan (plan fields, goals, tasks with their status and own
 * assignments) as JSON in the documented format (docs/plan-format.md,
 * docs/plan.schema.json).  The output is deterministic: exporting,
 * importing and exporting again gives the same bytes.
 *
 * @param out  receives a NUL-terminated UTF-8 string owned by the caller;
 *             free it with goc_free().
 * @param db   the database handle.
 * @param plan  the plan's code.
 * @return #GOC_OK; #GOC_EINVAL; #GOC_ENOTFOUND for an unknown plan;
 *         #GOC_ENOMEM, storage errors.
 */
GOC_API int goc_plan_export_json(char **out, goc_db *db, const char *plan);

/**
 * Import a plan from JSON in the documented format.  The import is
 * atomic: on any error nothing is written.
 *
 * @param db    the database handle.
 * @param json  the document (UTF-8).
 * @param len   its length in bytes, at most #GOC_IMPORT_MAX_BYTES.
 * @param opts  NULL for defaults.
 * @return #GOC_OK;
 *         #GOC_EINVAL for an input longer than #GOC_IMPORT_MAX_BYTES
 *         (nothing of it is read), for malformed JSON (the message gives line and
 *         column) or an invalid value (the message gives its path, e.g.
 *         "tasks[3].level");
 *         #GOC_ENOTFOUND for an unknown unit or group code (with its path);
 *         #GOC_EEXISTS if the plan exists and #GOC_IMPORT_REPLACE is not
 *         set, or for a duplicate task or goal code;
 *         #GOC_ECONSTRAINT if a plan to replace has progress reports or
 *         KPIs;
 *         #GOC_ECANCELLED if the progress callback asked to stop;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_plan_import_json(goc_db *db, const char *json, size_t len,
                                 const goc_import_options *opts);

/**
 * Import a task decomposition table (任务分解表) as offices exchange it,
 * into an existing plan that has no tasks yet (with #GOC_IMPORT_REPLACE,
 * its existing tasks are removed first).
 *
 * The table has the columns 序号, 专项任务, 工作内容, 责任单位, in CSV or TSV,
 * UTF-8 with or without BOM or GB18030/GBK, CRLF or LF.  Understood: section
 * rows ("一、提高国际经济组织集聚度"), header rows repeated after page breaks,
 * a special task repeated across a page break, a work item's text continued
 * in the next row, several work items in one cell ("(17) … (18) …"), with
 * or without `<p>` markup, and a blank 责任单位 cell meaning "as the row
 * above".  Unit names (separated by 、，, ;) are matched to the Chinese or
 * English names or codes of units and groups; "X牵头" in an item's text
 * makes X its lead.  Work items get the codes i1, i2 …, special tasks t1 …,
 * sections s1 …; a special task is assigned the units of its items.
 *
 * The table may also be an .xlsx workbook, recognised by its content (a
 * zip), not by a name: its first sheet is read as docs/xlsx.md says —
 * shared and inline strings, numbers, dates, a merged cell's value in
 * every cell of its range (a 责任单位 merged over the rows of several
 * items applies to each) — and a sheet row stands for a line: messages
 * name the cell instead ("任务分解表!D7: …").  The workbook is held to
 * #GOC_XLSX_MAX_ENTRY bytes a part and #GOC_XLSX_MAX_CELLS cells; the
 * encoding and delimiter options do not apply to it.
 *
 * @param db    the database handle.
 * @param data  the file's bytes.
 * @param len   their number, at most #GOC_IMPORT_MAX_BYTES.
 * @param opts  options; required, with `plan` set (#goc_import_options).
 * @return #GOC_OK;
 *         #GOC_EINVAL for an input longer than #GOC_IMPORT_MAX_BYTES
 *         (nothing of it is read), a cell larger than
 *         #GOC_IMPORT_MAX_CELL (with its line and column), a corrupt or
 *         oversized workbook ("xlsx: …"), an error value or a date serial
 *         that is no date in a cell ("Sheet1!C7: …"), text declared in
 *         another encoding that is UTF-8, malformed input — wrong columns, text that is
 *         not in the encoding, a work item outside a special task, numbering
 *         that jumps — with line and column in the message;
 *         #GOC_ENOTFOUND for an unknown plan, or an unknown unit name (with
 *         its line and column) unless #GOC_IMPORT_CREATE_UNITS;
 *         #GOC_EEXISTS for a work item or special task numbered twice, or a
 *         plan that already has tasks (without #GOC_IMPORT_REPLACE);
 *         #GOC_ECONSTRAINT if the plan to replace has progress reports;
 *         #GOC_ECANCELLED if the progress callback asked to stop;
 *         #GOC_EREADONLY, #GOC_EPERM, storage errors.
 */
GOC_API int goc_plan_import_table(goc_db *db, const char *data, size_t len,
                                  const goc_import_options *opts);

/**
 * Decode text as goc_plan_import_table() decodes its input, for the
 * other files offices exchange (goc_org_import_table() and
 * goc_report_import_table() decode so too): with @p encoding NULL, a
 * UTF-8 byte order mark, or bytes that are valid UTF-8, mean UTF-8 (the
 * mark is dropped); anything else is
 * converted from GB18030 (a superset of GBK and GB2312: what Excel saves
 * on a Chinese system).  "utf-8" (any case, also "utf8") only checks the
 * bytes and drops a byte order mark; any other name is given to iconv
 * ("gbk", "big5", "utf-16le" …; names with '/' are refused so that
 * "//IGNORE" cannot drop text silently), except that text which is valid
 * UTF-8 with characters beyond ASCII is refused under another name
 * ("encoding: the input is UTF-8 text, not \"gb18030\" …"): converted,
 * it would be mojibake.  A NUL character is never text.  Line ends and
 * everything else are kept as they are.
 *
 * @param out      receives the text: NUL-terminated UTF-8 owned by the
 *                 caller (goc_free()); NULL on failure.
 * @param out_len  receives its length in bytes (may be NULL).
 * @param data     the bytes (need not be NUL-terminated; NULL if @p len
 *                 is 0).
 * @param len      their number, at most #GOC_IMPORT_MAX_BYTES; 0 gives "".
 * @param encoding NULL to detect UTF-8 or GB18030, or an encoding's name.
 * @return #GOC_OK;
 *         #GOC_EINVAL for a NULL @p out or @p data, an input longer than
 *         #GOC_IMPORT_MAX_BYTES (nothing of it is read), an unknown
 *         encoding ("encoding: …"), a UTF-8 byte order mark with another
 *         encoding named, a NUL byte, or bytes that are not in the
 *         encoding (neither UTF-8 nor GB18030 when detecting) — the
 *         message gives the line and the column in characters
 *         ("line 3, column 7: …") and the byte;
 *         #GOC_ENOMEM.  Errors are kept for the calling thread
 *         (goc_error_last()); there is no handle.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_text_decode(char **out, size_t *out_len, const char *data, size_t len,
                            const char *encoding);

/**
 * Free memory that libgoc returned to the caller (goc_plan_export_json()
 * …).  NULL is a no-op.
 */
GOC_API void goc_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* GOC_PLAN_H */
