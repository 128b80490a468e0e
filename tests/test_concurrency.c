/*
 * test_concurrency — several processes, each with several threads, each
 * thread with its own handle, write one file at once (issue 7,
 * "Concurrency"); a writer that cannot get the lock in time gets
 * GOC_EBUSY and changes nothing.
 *
 * Specification: include/goc/db.h (thread rule, busy timeout),
 * include/goc/audit.h (every write audited, per-unit permissions).
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

#define PROCS 3
#define THREADS 3
#define WRITES 40

static char tmpdir[64], dbpath[128];

static void setup(void)
{
	goc_db *db = NULL;
	tu_tmpdir_make(tmpdir, sizeof tmpdir, "concurrency");
	snprintf(dbpath, sizeof dbpath, "%s/shared.db", tmpdir);
	ck_assert_int_eq(goc_db_open(&db, dbpath), GOC_OK);
	for (int p = 0; p < PROCS; p++)
		for (int t = 0; t < THREADS; t++) {
			char code[32], name[64];
			goc_unit_fields f = GOC_UNIT_FIELDS_INIT;
			snprintf(code, sizeof code, "w%d-%d", p, t);
			snprintf(name, sizeof name, "写入单位%d-%d", p, t);
			f.code = code;
			f.name_zh = name;
			f.kind = GOC_UNIT_DEPARTMENT;
			ck_assert_msg(goc_unit_create(db, &f) == GOC_OK, "%s", goc_error_message());
			/* a unit (the default role): may change its own records only */
		}
	goc_db_close(db);
}

static void teardown(void)
{
	tu_tmpdir_remove(tmpdir);
}

/* ------------------------------------------------------------------------
 * Many writers at once
 * ---------------------------------------------------------------------- */

/* OP_REQUEST: the following unit asks for a risk review (it may not
 * record one: goc/audit.h) */
enum { OP_CREATE = 1, OP_STAGE = 2, OP_REQUEST = 3 };

struct writer {
	int p, t;
	pthread_t thread;
	int failed_open;
};

/* One writer: its own handle, acting as its own unit; each result is
 * written to res-P-T as "op i rc". */
static void *writer_main(void *arg)
{
	struct writer *w = arg;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	goc_db *db = NULL;
	char unit[32], path[160];
	FILE *out;

	snprintf(unit, sizeof unit, "w%d-%d", w->p, w->t);
	snprintf(path, sizeof path, "%s/res-%d-%d", tmpdir, w->p, w->t);
	out = fopen(path, "w");
	o.busy_timeout_ms = 60000;
	if (!out || goc_db_open_ext(&db, dbpath, &o) != GOC_OK ||
	    goc_db_set_actor(db, unit) != GOC_OK) {
		fprintf(stderr, "writer %s: %s\n", unit, goc_error_message());
		w->failed_open = 1;
		if (out)
			fclose(out);
		goc_db_close(db);
		return NULL;
	}
	for (int i = 0; i < WRITES; i++) {
		char name[64];
		int64_t id = 0;
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		snprintf(name, sizeof name, "并发组织-%d-%d-%d", w->p, w->t, i);
		f.name_zh = name;
		f.category = GOC_CATEGORY_TRADE;
		f.unit = unit;
		f.date = "2024-01-02";
		int rc = goc_org_create(&id, db, &f);
		fprintf(out, "%d %d %d\n", OP_CREATE, i, rc);
		if (rc != GOC_OK)
			continue;
		rc = goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-02-01", NULL, "并发");
		fprintf(out, "%d %d %d\n", OP_STAGE, i, rc);
		rc = goc_org_request_review(NULL, db, id, "2024-02-02", NULL);
		fprintf(out, "%d %d %d\n", OP_REQUEST, i, rc);
	}
	fclose(out);
	goc_db_close(db);
	return NULL;
}

/* One process: THREADS writers. */
static int process_main(int p)
{
	struct writer w[THREADS];
	int bad = 0;
	for (int t = 0; t < THREADS; t++) {
		w[t] = (struct writer){ .p = p, .t = t };
		if (pthread_create(&w[t].thread, NULL, writer_main, &w[t]) != 0)
			return 1;
	}
	for (int t = 0; t < THREADS; t++) {
		pthread_join(w[t].thread, NULL);
		bad |= w[t].failed_open;
	}
	return bad;
}

/* A count from a query with one quoted text argument (%q). */
static int64_t count(const char *fmt, const char *arg)
{
	char *q = sqlite3_mprintf(fmt, arg);
	ck_assert_ptr_nonnull(q);
	int64_t n = tu_query_int(dbpath, q);
	sqlite3_free(q);
	return n;
}

START_TEST(test_many_writers)
{
	pid_t pids[PROCS];
	long ok[4] = { 0 }, failed[4] = { 0 };
	goc_db *db = NULL;
	int64_t checked = 0;
	char integrity[512];

	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		ck_assert_int_ge(pids[p], 0);
		if (pids[p] == 0)
			_exit(process_main(p));
	}
	for (int p = 0; p < PROCS; p++) {
		int status;
		ck_assert_int_eq(waitpid(pids[p], &status, 0), pids[p]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		              "writer process %d ended with status 0x%x", p, status);
	}

	/* every write that returned OK is there exactly once; every other
	 * write is not there at all */
	for (int p = 0; p < PROCS; p++)
		for (int t = 0; t < THREADS; t++) {
			char path[160], line[64], unit[32];
			long mine[4] = { 0 };
			FILE *in;
			snprintf(path, sizeof path, "%s/res-%d-%d", tmpdir, p, t);
			snprintf(unit, sizeof unit, "w%d-%d", p, t);
			in = fopen(path, "r");
			ck_assert_msg(in != NULL, "no results from writer %s", unit);
			while (fgets(line, sizeof line, in)) {
				int op, i, rc;
				char name[64];
				ck_assert_int_eq(sscanf(line, "%d %d %d", &op, &i, &rc), 3);
				snprintf(name, sizeof name, "并发组织-%d-%d-%d", p, t, i);
				if (rc == GOC_OK) {
					ok[op]++;
					mine[op]++;
				} else {
					failed[op]++;
					/* the timeout is long: only GOC_EBUSY may happen */
					ck_assert_msg(rc == GOC_EBUSY, "writer %s, write %d, op %d: %s",
					              unit, i, op, goc_strerror(rc));
				}
				if (op == OP_CREATE)
					ck_assert_msg(count("SELECT count(*) FROM organizations"
					                    " WHERE name_zh = '%q'", name) == (rc == GOC_OK),
					              "%s: returned %s, present %lld times", name,
					              goc_strerror(rc),
					              (long long)count("SELECT count(*) FROM organizations"
					                               " WHERE name_zh = '%q'", name));
				else if (op == OP_STAGE)
					ck_assert_msg(count("SELECT count(*) FROM stage_history h JOIN"
					                    " organizations o ON o.id = h.org_id"
					                    " WHERE o.name_zh = '%q' AND h.to_stage = 'contacting'",
					                    name) == (rc == GOC_OK),
					              "%s: stage change returned %s", name, goc_strerror(rc));
				else
					ck_assert_msg(count("SELECT count(*) FROM review_requests r JOIN"
					                    " organizations o ON o.id = r.org_id"
					                    " WHERE o.name_zh = '%q' AND r.unit = o.unit",
					                    name) == (rc == GOC_OK),
					              "%s: review request returned %s", name,
					              goc_strerror(rc));
			}
			fclose(in);
			/* and the audit trail has one record per write, in its name */
			ck_assert_int_eq(count("SELECT count(*) FROM change_log WHERE actor = '%q'"
			                       " AND action = 'org.create' AND outcome = 'ok'", unit),
			                 mine[OP_CREATE]);
			ck_assert_int_eq(count("SELECT count(*) FROM change_log WHERE actor = '%q'"
			                       " AND action = 'org.set_stage' AND outcome = 'ok'", unit),
			                 mine[OP_STAGE]);
			ck_assert_int_eq(count("SELECT count(*) FROM change_log WHERE actor = '%q'"
			                       " AND action = 'org.request_review' AND outcome = 'ok'",
			                       unit),
			                 mine[OP_REQUEST]);
			ck_assert_int_eq(count("SELECT count(*) FROM organizations WHERE unit = '%q'", unit),
			                 mine[OP_CREATE]);
		}
	ck_assert_int_gt(ok[OP_CREATE], 0);
	ck_assert_int_eq(tu_integrity(dbpath, integrity, sizeof integrity), 0);
	ck_assert_str_eq(integrity, "ok");
	ck_assert_int_eq(goc_db_open(&db, dbpath), GOC_OK);
	ck_assert_msg(goc_audit_verify(&checked, NULL, db, 0, NULL) == GOC_OK, "%s",
	              goc_error_message());
	goc_db_close(db);
	printf("concurrency: %d processes x %d threads x %d organizations: %ld creates,"
	       " %ld stage changes, %ld review requests returned OK, %ld busy; %lld audit records"
	       " verified\n", PROCS, THREADS, WRITES, ok[OP_CREATE], ok[OP_STAGE], ok[OP_REQUEST],
	       failed[OP_CREATE] + failed[OP_STAGE] + failed[OP_REQUEST], (long long)checked);
}
END_TEST

/* ------------------------------------------------------------------------
 * A writer that cannot get the lock in time
 * ---------------------------------------------------------------------- */

static int org_create(goc_db *db, const char *name)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = name;
	f.category = GOC_CATEGORY_TRADE;
	f.date = "2024-01-02";
	return goc_org_create(NULL, db, &f);
}

static void fingerprint(struct tu_fp *fp)
{
	char err[256];
	ck_assert_msg(tu_fingerprint(dbpath, fp, err, sizeof err) == 0, "%s", err);
}

/* Another process holds the write lock (goc_db_begin and a write); this
 * one, with a short or no busy timeout, gets GOC_EBUSY and changes
 * nothing, audit trail included. */
START_TEST(test_busy_writer_changes_nothing)
{
	int go[2], done[2];
	char c;
	pid_t pid;
	struct tu_fp before, during, after;
	goc_db *db = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	int timeout[2] = { -1, 150 };

	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(done), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		goc_db *h = NULL;
		int rc = goc_db_open(&h, dbpath);
		if (rc == GOC_OK)
			rc = goc_db_begin(h);
		if (rc == GOC_OK)
			rc = org_create(h, "持锁者的组织");
		c = rc == GOC_OK ? 'y' : 'n';
		if (write(go[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(2);
		rc = goc_db_commit(h);
		goc_db_close(h);
		_exit(rc == GOC_OK ? 0 : 1);
	}
	ck_assert_int_eq(read(go[0], &c, 1), 1);
	ck_assert_msg(c == 'y', "the lock holder could not write");

	fingerprint(&before);
	for (int k = 0; k < 2; k++) {
		o.busy_timeout_ms = timeout[k];
		ck_assert_int_eq(goc_db_open_ext(&db, dbpath, &o), GOC_OK);
		ck_assert_int_eq(goc_db_set_actor(db, "w0-0"), GOC_OK);
		goc_error_clear();
		int rc = org_create(db, "等不到锁的组织");
		ck_assert_msg(rc == GOC_EBUSY, "busy_timeout_ms %d: org_create gave %s (%s)",
		              timeout[k], goc_strerror(rc), goc_error_message());
		ck_assert_int_eq(goc_db_errcode(db), GOC_EBUSY);
		ck_assert_msg(strlen(goc_db_errmsg(db)) > 0, "GOC_EBUSY without a message");
		ck_assert_int_eq(goc_db_begin(db), GOC_EBUSY);
		ck_assert_int_eq(goc_db_in_transaction(db), 0);
		goc_db_close(db);
	}
	fingerprint(&during);
	ck_assert_msg(during.hash == before.hash && during.rows == before.rows &&
	              during.log_rows == before.log_rows,
	              "the refused writer changed the database");

	c = 'x';
	ck_assert_int_eq(write(done[1], &c, 1), 1);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the lock holder failed");

	/* the holder's write is there, the refused one is not, and the
	 * trail has no record of it */
	fingerprint(&after);
	ck_assert_int_eq(after.log_rows, before.log_rows + 1);
	ck_assert_int_eq(tu_query_int(dbpath, "SELECT count(*) FROM organizations"
	                                      " WHERE name_zh = '持锁者的组织'"), 1);
	ck_assert_int_eq(tu_query_int(dbpath, "SELECT count(*) FROM organizations"
	                                      " WHERE name_zh = '等不到锁的组织'"), 0);
	ck_assert_int_eq(tu_query_int(dbpath, "SELECT count(*) FROM change_log"
	                                      " WHERE actor = 'w0-0'"), 0);
	ck_assert_int_eq(goc_db_open(&db, dbpath), GOC_OK);
	ck_assert_int_eq(goc_audit_verify(NULL, NULL, db, 0, NULL), GOC_OK);
	goc_db_close(db);
}
END_TEST

static Suite *concurrency_suite(void)
{
	Suite *s = suite_create("concurrency");
	add_case(s, "writers", setup, teardown, 240, (const TTest *[]){
		test_many_writers, test_busy_writer_changes_nothing, NULL });
	return s;
}

int main(void)
{
	return run_suite(concurrency_suite(), CK_ENV);
}
