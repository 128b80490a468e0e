/*
 * libgoc — what a person typed, resolved to a code: the Chinese name of a
 * zone or a unit, a status label, a task as the plan prints it.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_RESOLVE_H
#define GOC_RESOLVE_H

#include "goc/db.h"

/** @file goc/resolve.h
 *  @brief Input in the words of the bureaus' staff: names, labels and plan
 *         numbering resolved to codes, with the valid values and
 *         "did you mean …?" when nothing matches.
 *
 * **Where names are accepted.**  The library's records refer to each other
 * by code, and its write and lookup functions take codes (a name can be
 * renamed, and two records can share one; a program that stores a
 * reference must store the code).  Input from people goes through
 * goc_resolve() once, at the edge: the `goc` tool resolves every option
 * that takes a code or a vocabulary value (`--zone 陆家嘴`, `--status
 * 进行中`, `--task "(1)"`, `--actor 商务委` …), and so do the Python
 * package (`db.resolve()`) and the imports of tables typed by people (the
 * plan's task table already names units by their Chinese names; `goc org
 * import` resolves its unit, zone, category and origin columns).
 *
 * **What is accepted**, after normalizing both sides with goc_name_key()
 * (full-width and half-width forms, case, invisible characters and white
 * space at either end or doubled do not matter):
 *  - the code itself (`lujiazui`, `in_progress`, `i1`);
 *  - for units, groups and zones: the Chinese or English name (商务委,
 *    各管理局, 陆家嘴, 世博前滩, "Lujiazui");
 *  - for plans: the Chinese or English title; for KPIs: the Chinese or
 *    English name;
 *  - for tasks, the code (`s1`, `t1`, `i1`), the Chinese or English title,
 *    or the label as the plan prints it.  The Pudong plan labels its
 *    sections 一、二 … (printed "（一）" as headings), its special tasks
 *    1, 2 … (printed "1."), and its work items (1), (2) … (the rows of
 *    the task table).  So "一", "（一）", "(一)" and "一、" name section s1;
 *    "1", "1.", "１．" and "1、" name task t1; "(1)", "（1）" and "⑴" name
 *    item i1.  A trailing "、", "." or "。" is ignored, and parentheses
 *    around Chinese numerals; parentheses around digits are kept, so "1"
 *    (a task) and "(1)" (an item) stay apart;
 *  - for the vocabularies (status, stage, category …): the text name
 *    (`in_progress`, also written "in progress" or "IN-PROGRESS"), the
 *    Chinese and English labels of goc_label() (推进中, "In progress"), and
 *    a few words the bureaus use besides them, listed here:
 *    task_status: 进行中, 正在推进, 推进 (in_progress); 完成, 办结, 已办结
 *    (done); 未开始 (not_started); 停滞 (blocked); 取消 (cancelled).
 *    stage: 落地, 落户, 已落户 (landed); 运营 (operating); 退出
 *    (withdrawn); 接洽 (contacting); 洽谈 (negotiating); 批准 (approved).
 *    category: the label without 类 (经济, 科技, 专业服务, 贸易, 标准,
 *    仲裁, 金融).  kpi_status: 正常 (on_track); 落后 (behind).
 *    review_outcome: 不通过 (rejected); 关注 (flagged).
 *    role: 牵头单位 (lead); 责任单位, 配合 (responsible).
 *
 * A text that matches two records (a code of one and a name of another,
 * two plans' tasks, two names that normalize alike) is ambiguous: an error
 * that lists the candidates, never a guess.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** What goc_resolve() resolves: a register (codes from the database) or a
 *  vocabulary (the text names of an enumeration). */
enum goc_resolve_kind {
	GOC_RESOLVE_UNIT = 1,              /**< "unit": a responsible unit (units). */
	GOC_RESOLVE_GROUP = 2,             /**< "group": a unit group (各管理局 …). */
	GOC_RESOLVE_PARTY = 3,             /**< "party": a unit or a group (what an assignment names). */
	GOC_RESOLVE_ZONE = 4,              /**< "zone": a zone (集聚区). */
	GOC_RESOLVE_PLAN = 5,              /**< "plan": a plan, by code or title. */
	GOC_RESOLVE_TASK = 6,              /**< "task": a task of a plan. */
	GOC_RESOLVE_KPI = 7,               /**< "kpi": a KPI of a plan. */
	GOC_RESOLVE_UNIT_KIND = 8,         /**< "unit_kind": #goc_unit_kind. */
	GOC_RESOLVE_CATEGORY = 9,          /**< "category": #goc_category. */
	GOC_RESOLVE_ORIGIN = 10,           /**< "origin": #goc_origin. */
	GOC_RESOLVE_STAGE = 11,            /**< "stage": #goc_stage. */
	GOC_RESOLVE_REVIEW_OUTCOME = 12,   /**< "review_outcome": #goc_review_outcome. */
	GOC_RESOLVE_TASK_LEVEL = 13,       /**< "task_level": #goc_task_level. */
	GOC_RESOLVE_TASK_STATUS = 14,      /**< "task_status": #goc_task_status. */
	GOC_RESOLVE_RECURRENCE = 15,       /**< "recurrence": #goc_recurrence. */
	GOC_RESOLVE_ROLE = 16,             /**< "role": #goc_role. */
	GOC_RESOLVE_PARTNER_KIND = 17,     /**< "partner_kind": #goc_partner_kind. */
	GOC_RESOLVE_EVENT_KIND = 18,       /**< "event_kind": #goc_event_kind. */
	GOC_RESOLVE_REQUEST_CATEGORY = 19, /**< "request_category": #goc_request_category. */
	GOC_RESOLVE_MEASURE = 20,          /**< "measure": #goc_measure. */
	GOC_RESOLVE_SCOPE = 21,            /**< "scope": #goc_scope. */
	GOC_RESOLVE_WINDOW = 22,           /**< "window": #goc_window. */
	GOC_RESOLVE_DIRECTION = 23,        /**< "direction": #goc_direction. */
	GOC_RESOLVE_KPI_STATUS = 24,       /**< "kpi_status": #goc_kpi_status. */
	GOC_RESOLVE_SCORE_BY = 25,         /**< "score_by": #goc_score_by. */
	GOC_RESOLVE_ACCESS = 26,           /**< "access": #goc_access. */
	GOC_RESOLVE_AUDIT_OUTCOME = 27,    /**< "audit_outcome": #goc_audit_outcome. */
	GOC_RESOLVE_TRISTATE = 28,         /**< "tristate": #goc_tristate. */
	GOC_RESOLVE_REVIEW_REQUESTS = 29,  /**< "review_requests": #goc_review_requests. */
	GOC_RESOLVE_REPORT_CYCLE = 30,     /**< "report_cycle": #goc_report_cycle. */
	GOC_RESOLVE_REMINDER_KIND = 31,    /**< "reminder_kind": #goc_reminder_kind. */
	GOC_RESOLVE_EVERY = 32             /**< "every": #goc_every. */
};

/** Text name of a #goc_resolve_kind ("unit", "zone", "task_status" … — the
 *  vocabularies as goc_label() names them), or NULL if unknown.
 *  @since symbol version GOC_1.2. */
GOC_API const char *goc_resolve_kind_str(int kind);
/** Parse a #goc_resolve_kind name.  @return #GOC_OK or #GOC_EINVAL.
 *  @since symbol version GOC_1.2. */
GOC_API int goc_resolve_kind_parse(int *out, const char *name);

/**
 * The code of what a person typed (see the file's description for the
 * forms accepted).
 *
 * @param out_code  receives the code (a register's code, or a
 *                  vocabulary's text name such as "in_progress"),
 *                  NUL-terminated UTF-8 owned by the caller: free it with
 *                  goc_free().  NULL on failure.
 * @param db        the database; may be NULL for a vocabulary kind (it is
 *                  not read then).
 * @param kind      a #goc_resolve_kind.
 * @param plan      for #GOC_RESOLVE_TASK and #GOC_RESOLVE_KPI, the code of
 *                  the plan to look in; NULL looks in every plan (a label
 *                  such as "(1)" found in two plans is then ambiguous).
 *                  Ignored for the other kinds.
 * @param text      what was typed: NUL-terminated UTF-8.
 * @return #GOC_OK;
 *         #GOC_EINVAL for NULL @p out_code or @p text, an unknown @p kind,
 *         a NULL @p db with a register kind, invalid UTF-8, text with
 *         nothing visible, an ambiguous text (the message lists the
 *         candidates), and a vocabulary value that matches nothing (the
 *         message lists the valid values and, where one is close, asks
 *         "did you mean …?");
 *         #GOC_ENOTFOUND for a register's record that matches nothing (the
 *         message as for a vocabulary: up to 12 valid values with their
 *         names, "… and N more", and "did you mean …?" for those within a
 *         small edit distance counted in characters, where one Chinese
 *         character is one character — 1 for texts of 2 to 4 characters, 2
 *         up to 8, 3 beyond — or whose name contains the text);
 *         #GOC_ENOMEM; the database's errors (#GOC_EIO, #GOC_EBUSY,
 *         #GOC_ECORRUPT; #GOC_ERROR for a schema changed behind libgoc's
 *         back), with a message naming what was read.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_resolve(char **out_code, goc_db *db, enum goc_resolve_kind kind,
                        const char *plan, const char *text);

/**
 * The value of a vocabulary's word as typed: goc_resolve() for a
 * vocabulary kind, then its `goc_<kind>_parse()`.  So
 * goc_resolve_enum(&v, GOC_RESOLVE_TASK_STATUS, "进行中") gives
 * #GOC_TASK_IN_PROGRESS, and "in_progress", "推进中" and "In progress"
 * give it too.
 *
 * @param out   receives the enumeration's value.
 * @param kind  a vocabulary kind (#GOC_RESOLVE_UNIT_KIND and after).
 * @param text  what was typed: NUL-terminated UTF-8.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments, a register kind or an
 *         unknown one, and as goc_resolve() for the text; #GOC_ENOMEM.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_resolve_enum(int *out, enum goc_resolve_kind kind, const char *text);

#ifdef __cplusplus
}
#endif

#endif /* GOC_RESOLVE_H */
