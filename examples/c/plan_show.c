/*
 * plan_show — print an action plan's task tree and who answers for each
 * item.
 *
 * Loads the built-in Pudong GOC 2024 plan into a database (a no-op if it is
 * already there) and prints its goals, its sections, special tasks and work
 * items, and the units that answer for each item (groups such as 各管理局
 * expanded to their members on request).
 *
 * usage: plan_show [DATABASE [--expand]]     (default ":memory:")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

static int fail(goc_cursor *a, goc_cursor *b, goc_db *db)
{
	fprintf(stderr, "plan_show: %s\n", goc_error_message());
	goc_cursor_free(a);
	goc_cursor_free(b);
	goc_db_close(db);
	return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : ":memory:";
	unsigned flags = GOC_RESP_INHERIT;
	if (argc > 2 && strcmp(argv[2], "--expand") == 0)
		flags |= GOC_RESP_EXPAND;
	const char *plan = "pudong-goc-2024";
	goc_db *db = NULL;
	goc_cursor *tasks = NULL, *units = NULL;
	int rc;

	if (goc_db_open(&db, path) != GOC_OK || goc_plan_load(db, plan) != GOC_OK)
		return fail(NULL, NULL, db);

	goc_plan *p = NULL;
	if (goc_plan_get(&p, db, plan) != GOC_OK)
		return fail(NULL, NULL, db);
	printf("%s\n%s … %s, %d tasks\n\n", goc_plan_title_zh(p), goc_plan_start(p),
	       goc_plan_end(p), goc_plan_task_count(p));
	goc_plan_free(p);

	if (goc_goal_list(&tasks, db, plan) != GOC_OK)
		return fail(NULL, NULL, db);
	while ((rc = goc_cursor_next(tasks)) == GOC_ROW)
		printf("目标 %s: %s\n", goc_goal_title_zh(goc_cursor_goal(tasks)),
		       goc_goal_text(goc_cursor_goal(tasks)));
	goc_cursor_free(tasks);
	tasks = NULL;
	if (rc != GOC_DONE)
		return fail(NULL, NULL, db);

	if (goc_task_list(&tasks, db, plan, NULL) != GOC_OK)
		return fail(NULL, NULL, db);
	while ((rc = goc_cursor_next(tasks)) == GOC_ROW) {
		const goc_task *t = goc_cursor_task(tasks);
		int level = goc_task_level(t);
		if (level != GOC_LEVEL_ITEM) {
			printf("%s%s %s\n", level == GOC_LEVEL_SECTION ? "\n" : "  ",
			       goc_task_label(t), goc_task_title_zh(t));
			continue;
		}
		printf("    %s ", goc_task_label(t));
		if (goc_task_units(&units, db, plan, goc_task_code(t), flags) != GOC_OK)
			return fail(tasks, NULL, db);
		const char *sep = "";
		while ((rc = goc_cursor_next(units)) == GOC_ROW) {
			const goc_assignment *a = goc_cursor_assignment(units);
			printf("%s%s%s", sep, goc_assignment_party(a),
			       goc_assignment_role(a) == GOC_ROLE_LEAD ? "(牵头)" : "");
			sep = ", ";
		}
		goc_cursor_free(units);
		units = NULL;
		if (rc != GOC_DONE)
			return fail(tasks, NULL, db);
		printf("\n");
	}
	if (rc != GOC_DONE)
		return fail(tasks, NULL, db);
	goc_cursor_free(tasks);
	goc_db_close(db);
	return EXIT_SUCCESS;
}
