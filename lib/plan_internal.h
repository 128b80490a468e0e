/*
 * libgoc — what plans and tasks (plan.c) share with the files above it.
 * Nothing here is part of the ABI.
 */
#ifndef GOC_PLAN_INTERNAL_H
#define GOC_PLAN_INTERNAL_H

#include "internal.h"

/* The records of plans (plan.c) and of the responsibility lists (resp.c),
 * opaque in goc/plan.h; the plan document's export (json.c) reads them. */
struct goc_plan {
	const char *code, *title_zh, *title_en, *issuer, *issued, *source, *start, *end;
	int task_count, report_cycle, deadline_days;
};
struct goc_goal {
	const char *plan, *code, *title_zh, *title_en, *text;
};
struct goc_task {
	const char *plan, *code, *parent, *label, *title_zh, *title_en, *text, *due,
	    *status_date, *done_date;
	int level, recurrence, status, child_count;
};
struct goc_assignment {
	const char *task, *party, *via_group, *inherited_from;
	int is_group, role;
};
GOC__ROW_FITS(struct goc_plan);
GOC__ROW_FITS(struct goc_goal);
GOC__ROW_FITS(struct goc_task);
GOC__ROW_FITS(struct goc_assignment);

/* A plan (writes on its goals and whole imports name the plan) and a task
 * (assignments, resp.c, are writes on the task). */
extern const struct goc__kind goc__kind_plan;
extern const struct goc__kind goc__kind_task;

/* The inserts and edits the plan document's store (plandoc.c) shares
 * with the public calls; `prefix` names the element in messages. */
int goc__plan_insert(goc_db *db, const goc_plan_fields *f, const char *prefix);
int goc__goal_insert(goc_db *db, const goc_goal_fields *f, const char *prefix);
int goc__task_insert(goc_db *db, const goc_task_fields *f, const char *prefix, int64_t *out_id);
int goc__task_status_set(goc_db *db, int64_t id, int status, const char *date,
                         const char *done_date, const char *prefix);
int goc__plan_clear(goc_db *db, const char *plan, bool tasks_only);
int goc__assign(goc_db *db, int64_t task_id, const char *party, char kind, int role); /* resp.c */

#endif /* GOC_PLAN_INTERNAL_H */
