/* A program of a project that uses libgoc as a meson subproject. */
#include <stdio.h>
#include <string.h>

#include <goc.h>

int main(void)
{
	goc_db *db;
	goc_plan *plan;
	int rc;

	if (strcmp(goc_version(), GOC_VERSION_STRING) != 0 ||
	    goc_libversion_number() != GOC_VERSION_NUMBER) {
		fprintf(stderr, "header %s but library %s\n", GOC_VERSION_STRING, goc_version());
		return 1;
	}
	if (goc_db_open(&db, ":memory:") != GOC_OK) {
		fprintf(stderr, "%s\n", goc_error_message());
		return 1;
	}
	rc = goc_plan_load(db, "pudong-goc-2024");
	if (rc == GOC_OK)
		rc = goc_plan_get(&plan, db, "pudong-goc-2024");
	if (rc != GOC_OK) {
		fprintf(stderr, "%s: %s\n", goc_strerror(rc), goc_error_message());
		goc_db_close(db);
		return 1;
	}
	printf("libgoc %s as a meson subproject: plan %s has %d tasks\n",
	       goc_version(), goc_plan_code(plan), goc_plan_task_count(plan));
	goc_plan_free(plan);
	goc_db_close(db);
	return 0;
}
