/*
 * crash_child — the victim of test_faults' crash test: a large import
 * that its parent kills with SIGKILL at a random moment.
 *
 *     crash_child DB FD N
 *
 * Loads the built-in plan (one transaction), then creates N organizations
 * in one explicit transaction, and reports its progress as lines on file
 * descriptor FD: "open", "plan", "begin", "orgs <i>" every 100
 * organizations, "commit", "closed".  Then it waits to be killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <goc.h>

static int fd;

static void report(const char *what, int i)
{
	char line[64];
	int n = i < 0 ? snprintf(line, sizeof line, "%s\n", what)
	              : snprintf(line, sizeof line, "%s %d\n", what, i);
	if (write(fd, line, (size_t)n) != n)
		_exit(3); /* the parent is gone */
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "crash_child: %s: %s (%s)\n", what, goc_strerror(rc), goc_error_message());
	exit(2);
}

int main(int argc, char **argv)
{
	goc_db *db = NULL;
	int rc, n;

	if (argc != 4) {
		fprintf(stderr, "usage: crash_child DB FD N\n");
		return 2;
	}
	fd = atoi(argv[2]);
	n = atoi(argv[3]);
	if ((rc = goc_db_open(&db, argv[1])) != GOC_OK)
		die(argv[1], rc);
	report("open", -1);
	if ((rc = goc_plan_load(db, "pudong-goc-2024")) != GOC_OK)
		die("goc_plan_load", rc);
	report("plan", -1);
	if ((rc = goc_db_begin(db)) != GOC_OK)
		die("goc_db_begin", rc);
	report("begin", -1);
	for (int i = 0; i < n; i++) {
		char name[64];
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		snprintf(name, sizeof name, "批量组织%05d", i);
		f.name_zh = name;
		f.category = GOC_CATEGORY_ECONOMIC;
		f.zone = "lujiazui";
		f.unit = "commerce";
		f.date = "2024-01-05";
		if ((rc = goc_org_create(NULL, db, &f)) != GOC_OK)
			die(name, rc);
		if ((i + 1) % 100 == 0)
			report("orgs", i + 1);
	}
	if ((rc = goc_db_commit(db)) != GOC_OK)
		die("goc_db_commit", rc);
	report("commit", -1);
	goc_db_close(db);
	report("closed", -1);
	for (;;)
		pause();
}
