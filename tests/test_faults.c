/*
 * test_faults — libgoc's promises under failure (issue 7, "Faults and
 * crashes"): every mutating call, run against an I/O error at each of its
 * file operations in turn (faultvfs.c) and against an allocation failure at
 * each of its allocations in turn (a SQLITE_CONFIG_MALLOC wrapper that also
 * carries jansson's allocations), returns an error, leaves a handle that
 * still writes, leaks nothing, and leaves a database that passes
 * integrity_check, holds the change wholly or not at all, and whose audit
 * chain verifies.  Also: files that are damaged or tampered with.
 *
 * Specification: include/goc/db.h ("Every libgoc call is atomic on its
 * own"), include/goc/audit.h.  The totals of faults injected are printed
 * at the end.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#define _GNU_SOURCE /* dl_iterate_phdr() */

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <execinfo.h>
#include <link.h>

#include <jansson.h>
#include <sqlite3.h>

#include <goc.h>

#include "faultvfs.h"
#include "checkutil.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static char tmpdir[64];
static char tmpl_empty[128], tmpl_base[128], work[128], totals_path[128];

/* ------------------------------------------------------------------------
 * The allocator: testutil's wrapper (tu_alloc_install(), in main() before
 * SQLite initialises) counts live allocations; mem_fail() is its rule:
 * fail the nth while armed, or every one from the nth (persistent).
 * ---------------------------------------------------------------------- */

static int mem_armed, mem_persistent;
static long mem_nth, mem_count, mem_injected;

static void site_note(long n);

static int mem_fail(void)
{
	if (!mem_armed)
		return 0;
	mem_count++;
	site_note(mem_count);
	if (mem_count == mem_nth || (mem_persistent && mem_count > mem_nth)) {
		mem_injected++;
		/* GOC_FAULTS_TRACE=1: where each injected failure is (to work on
		 * one; with GOC_FAULTS_ONLY) */
		if (getenv("GOC_FAULTS_TRACE")) {
			void *frames[32];
			fprintf(stderr, "allocation %ld fails here:\n", mem_count);
			backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
		}
		return 1;
	}
	return 0;
}

static void mem_arm(long nth, int persistent)
{
	mem_nth = nth;
	mem_persistent = persistent;
	mem_count = mem_injected = 0;
	mem_armed = 1;
}

static void mem_disarm(void)
{
	mem_armed = 0;
}

/* ------------------------------------------------------------------------
 * Allocation sites: which allocations to fail so that every way a call
 * can run out of memory is tried once.  A recording run notes, for each
 * allocation, the chain of libgoc frames above it (return addresses inside
 * libgoc.so, from glibc's backtrace()); the first allocation of each
 * distinct chain is a "site".  Failing each site once reaches every error
 * path behind an allocation of the call — in the demo's 700 writes or a
 * scorecard's 190,000 allocations — in a few hundred runs instead of one
 * run per allocation.
 * ---------------------------------------------------------------------- */

static uintptr_t goc_text_lo, goc_text_hi; /* libgoc's code, once found */
static int site_recording;
static int site_depth;                    /* outermost frames hashed; 0: all */
static uint64_t *site_seen;               /* open addressing, 0 = empty */
static size_t site_seen_cap;
static long *site_points;                 /* allocation numbers, ascending */
static size_t site_n, site_cap;

static int find_libgoc(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	if (!info->dlpi_name || !strstr(info->dlpi_name, "libgoc.so"))
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			goc_text_lo = info->dlpi_addr + ph->p_vaddr;
			goc_text_hi = goc_text_lo + ph->p_memsz;
			return 1;
		}
	}
	return 0;
}

static void site_note(long n)
{
	void *frames[64];
	uint64_t h = 14695981039346656037ULL;
	int depth, in_goc = 0;

	if (!site_recording)
		return;
	depth = backtrace(frames, 64);
	/* libgoc's frames, outermost first: the public call, then inward */
	for (int i = depth - 1; i >= 0 && (!site_depth || in_goc < site_depth); i--) {
		uintptr_t a = (uintptr_t)frames[i];
		if (a < goc_text_lo || a >= goc_text_hi)
			continue;
		a -= goc_text_lo;
		for (int b = 0; b < 8; b++) {
			h ^= (a >> (8 * b)) & 0xff;
			h *= 1099511628211ULL;
		}
		in_goc++;
	}
	if (!in_goc)
		return;
	if (h == 0)
		h = 1;
	size_t mask = site_seen_cap - 1, i = (size_t)h & mask;
	while (site_seen[i] && site_seen[i] != h)
		i = (i + 1) & mask;
	if (site_seen[i])
		return;
	site_seen[i] = h;
	if (site_n == site_cap) {
		site_cap = site_cap ? 2 * site_cap : 256;
		site_points = realloc(site_points, site_cap * sizeof *site_points);
		if (!site_points)
			abort();
	}
	site_points[site_n++] = n;
	if (site_n * 2 > site_seen_cap)
		abort(); /* more sites than the table was made for */
}

/* Start recording (the caller arms the allocator with LONG_MAX and runs
 * the call); the sites found stay in site_points[0 .. site_n).  depth:
 * chains that agree in their outermost `depth` libgoc frames are one site
 * (0: the whole chain) — the demo's calls of the public API are its sites,
 * what happens inside them is each call's own scenario. */
static void site_record_begin(int depth)
{
	site_depth = depth;
	if (!goc_text_lo) {
		void *warm[4];
		dl_iterate_phdr(find_libgoc, NULL);
		ck_assert_msg(goc_text_lo != 0, "libgoc.so is not loaded");
		backtrace(warm, 4); /* loads libgcc_s now, not inside the allocator */
	}
	site_seen_cap = 1 << 16;
	free(site_seen);
	site_seen = calloc(site_seen_cap, sizeof *site_seen);
	ck_assert_ptr_nonnull(site_seen);
	site_n = 0;
	site_recording = 1;
	faultvfs_on_count(site_note);
}

static void site_record_end(void)
{
	site_recording = 0;
	faultvfs_on_count(NULL);
}

/* jansson allocates through SQLite too, so its allocations are counted
 * (leaks) — an application may do this: libgoc frees what jansson gives it
 * with jansson's own free function.  They fail only with
 * GOC_FAULTS_JANSSON=1: jansson 2.14 itself crashes (a double free in
 * json_loadb()'s error path) when one of its allocations fails mid-parse. */
static int json_may_fail;

static void *json_malloc_cb(size_t n)
{
	if (json_may_fail)
		return sqlite3_malloc64(n);
	int armed = mem_armed;
	mem_armed = 0;
	void *p = sqlite3_malloc64(n);
	mem_armed = armed;
	return p;
}

static void json_free_cb(void *p)
{
	sqlite3_free(p);
}

static void install_allocator(void)
{
	tu_alloc_install(mem_fail);
	json_may_fail = getenv("GOC_FAULTS_JANSSON") != NULL;
	json_set_alloc_funcs(json_malloc_cb, json_free_cb);
}

/* ------------------------------------------------------------------------
 * Fixtures: two template databases, made once in main()
 * ---------------------------------------------------------------------- */

/* The fixtures' set-up fails by aborting (tu_setup_must()), in main() too. */
#define must tu_setup_must

/* The rows the scenarios work on (ids as the base template has them). */
static int64_t O1, O2, O3, P1, E1, V1, R1, K1;
/* person li (commerce) and her token K1 */
static char token_text[64];

static int64_t new_org(goc_db *db, const char *name_zh, const char *unit)
{
	int64_t id = 0;
	must(tu_org_add(&id, db, name_zh, GOC_CATEGORY_ECONOMIC, "lujiazui", unit, "2024-01-05"),
	     name_zh);
	return id;
}

static int new_partner(goc_db *db, int64_t *id, const char *name)
{
	goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
	f.name_zh = name;
	f.kind = GOC_PARTNER_MULTINATIONAL;
	f.unit = "commerce";
	f.date = "2024-02-01";
	return goc_partner_create(id, db, &f);
}

static int new_expert(goc_db *db, int64_t *id, const char *name)
{
	goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
	f.name = name;
	f.field = "国际仲裁";
	f.unit = "commerce";
	f.date = "2024-02-02";
	return goc_expert_create(id, db, &f);
}

static int new_event(goc_db *db, int64_t *id, const char *title)
{
	goc_event_fields f = GOC_EVENT_FIELDS_INIT;
	f.title_zh = title;
	f.date = "2024-03-03";
	f.zone = "lujiazui";
	f.kind = GOC_EVENT_FORUM;
	f.unit = "commerce";
	return goc_event_create(id, db, &f);
}

static int new_request(goc_db *db, int64_t *id, int64_t org)
{
	goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
	f.org = org;
	f.category = GOC_REQUEST_VISA;
	f.opened = "2024-03-04";
	f.unit = "commerce";
	f.summary = "工作签证办理";
	return goc_request_create(id, db, &f);
}

static int new_kpi(goc_db *db, const char *code)
{
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = "pudong-goc-2024";
	f.code = code;
	f.name_zh = "国际组织满意度";
	f.measure = GOC_MEASURE_MANUAL;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 90;
	return goc_kpi_create(db, &f);
}

static int submit_report(goc_db *db, const char *period)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	f.plan = "pudong-goc-2024";
	f.task = "i7";
	f.unit = "commerce";
	f.period = period;
	f.date = "2024-07-05";
	f.status = GOC_TASK_IN_PROGRESS;
	f.percent = 30;
	f.text = "已建立服务专窗。";
	return goc_report_submit(NULL, db, &f);
}

static void make_templates(void)
{
	goc_db *db = NULL;
	goc_plan_fields pf = GOC_PLAN_FIELDS_INIT;

	snprintf(tmpl_empty, sizeof tmpl_empty, "%s/empty.db", tmpdir);
	snprintf(tmpl_base, sizeof tmpl_base, "%s/base.db", tmpdir);
	snprintf(work, sizeof work, "%s/work.db", tmpdir);
	snprintf(totals_path, sizeof totals_path, "%s/totals", tmpdir);

	must(goc_db_open(&db, tmpl_empty), tmpl_empty);
	goc_db_close(db);

	must(goc_db_open(&db, tmpl_base), tmpl_base);
	must(goc_plan_load(db, "pudong-goc-2024"), "plan load");
	pf.code = "seed";
	pf.title_zh = "任务分解表（导入）";
	pf.start = "2024-01-01";
	pf.end = "2025-12-31";
	must(goc_plan_create(db, &pf), "plan seed");
	O1 = new_org(db, "第一组织", "commerce");
	O2 = new_org(db, "第二组织", "commerce");
	O3 = new_org(db, "第三组织", "commerce");
	must(goc_org_review(NULL, db, O3, GOC_REVIEW_CLEARED, "2024-01-10", "commerce", NULL),
	     "review O3");
	must(goc_org_set_stage(db, O3, GOC_STAGE_APPROVED, "2024-02-01", "commerce", NULL),
	     "approve O3");
	must(goc_org_set_stage(db, O3, GOC_STAGE_LANDED, "2024-03-01", "commerce", NULL),
	     "land O3");
	must(new_partner(db, &P1, "第一伙伴"), "partner");
	must(new_expert(db, &E1, "第一专家"), "expert");
	must(new_event(db, &V1, "第一论坛"), "event");
	must(new_request(db, &R1, O1), "request");
	must(new_kpi(db, "k1"), "kpi");
	must(submit_report(db, "2024-Q1"), "report");
	goc_user_fields uf = GOC_USER_FIELDS_INIT;
	uf.login = "li";
	uf.name = "李娜";
	uf.unit = "commerce";
	must(goc_user_add(NULL, db, &uf, "li's password"), "person li");
	char *tok = NULL;
	must(goc_token_add(&tok, &K1, db, "li", "script", NULL), "token");
	snprintf(token_text, sizeof token_text, "%s", tok);
	goc_free(tok);
	uf.login = "zhao";
	uf.name = "赵敏";
	must(goc_user_add(NULL, db, &uf, "zhao's password"), "person zhao");
	goc_db_close(db);
	/* her hash made under weaker limits than the library's (argon2id,
	 * m=8, t=1: libsodium's MIN), so that her login makes it again */
	sqlite3 *s = NULL;
	if (sqlite3_open(tmpl_base, &s) != SQLITE_OK ||
	    sqlite3_exec(s, "UPDATE users SET password_hash = '$argon2id$v=19$m=8,t=1,p=1$"
	                    "aw8ojy7WdNSjy8MhISBQog$2gP3tdwnqSJVMYVzjrO0kHv/psENjZ5ma7clfizWJ/0'"
	                    " WHERE login = 'zhao'", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "fixture: zhao's weak hash: %s\n", sqlite3_errmsg(s));
		abort();
	}
	sqlite3_close(s);
}

/* ------------------------------------------------------------------------
 * The calls under test
 * ---------------------------------------------------------------------- */

static char *plan_json, *task_table, *task_table_gb;
static size_t plan_json_len, task_table_len, task_table_gb_len;

static int sc_org_create(goc_db *db)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = "新组织";
	f.name_en = "New Organization";
	f.category = GOC_CATEGORY_TRADE;
	f.zone = "lujiazui";
	f.unit = "commerce";
	f.notes = "备注";
	f.date = "2024-04-01";
	return goc_org_create(NULL, db, &f);
}

/* Three in one write, one of them with a unit: all or none. */
static int sc_org_create_many(goc_db *db)
{
	goc_org_fields f[3];
	const char *names[3] = { "批量一", "批量二", "批量三" };
	for (int i = 0; i < 3; i++) {
		goc_org_fields init = GOC_ORG_FIELDS_INIT;
		f[i] = init;
		f[i].name_zh = names[i];
		f[i].category = GOC_CATEGORY_ECONOMIC;
		f[i].date = "2024-04-02";
	}
	f[1].unit = "scitech";
	f[2].notes = "第三个\n两行";
	int64_t ids[3];
	return goc_org_create_many(ids, db, f, 3);
}

/* Forty in one write inside the caller's transaction, then committed:
 * longer than the batches the bulk path writes its rows in. */
static int sc_org_create_many_long(goc_db *db)
{
	goc_org_fields f[40];
	char names[40][24];
	for (int i = 0; i < 40; i++) {
		goc_org_fields init = GOC_ORG_FIELDS_INIT;
		f[i] = init;
		snprintf(names[i], sizeof names[i], "长批量%02d", i);
		f[i].name_zh = names[i];
		f[i].category = GOC_CATEGORY_TRADE;
		f[i].unit = i % 2 ? "scitech" : NULL;
		f[i].date = "2024-04-03";
	}
	int64_t ids[40];
	int rc = goc_db_begin(db);
	if (rc == GOC_OK)
		rc = goc_org_create_many(ids, db, f, 40);
	if (rc == GOC_OK)
		rc = goc_db_commit(db);
	if (rc != GOC_OK && goc_db_in_transaction(db))
		goc_db_rollback(db);
	return rc;
}

static int sc_org_update(goc_db *db)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.date = NULL;
	f.name_en = "First Organization";
	f.notes = "改过了";
	return goc_org_update(db, O1, &f);
}

static int sc_org_set_stage(goc_db *db)
{
	return goc_org_set_stage(db, O1, GOC_STAGE_NEGOTIATING, "2024-04-02", "commerce", "洽谈");
}

static int sc_org_review(goc_db *db)
{
	return goc_org_review(NULL, db, O1, GOC_REVIEW_FLAGGED, "2024-04-03", "commerce", "待查");
}

static int sc_org_set_hq(goc_db *db)
{
	return goc_org_set_hq(db, O3, "2024-05-01", "commerce", "总部");
}

static int sc_org_delete(goc_db *db)
{
	return goc_org_delete(db, O2);
}

static int sc_partner_create(goc_db *db)
{
	return new_partner(db, NULL, "新伙伴");
}

static int sc_partner_update(goc_db *db)
{
	goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
	f.contact = "021-12345678";
	f.notes = "改";
	return goc_partner_update(db, P1, &f);
}

static int sc_partner_delete(goc_db *db)
{
	return goc_partner_delete(db, P1);
}

static int sc_expert_create(goc_db *db)
{
	return new_expert(db, NULL, "新专家");
}

static int sc_expert_update(goc_db *db)
{
	goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
	f.affiliation = "某大学";
	return goc_expert_update(db, E1, &f);
}

static int sc_expert_delete(goc_db *db)
{
	return goc_expert_delete(db, E1);
}

static int sc_event_create(goc_db *db)
{
	return new_event(db, NULL, "新论坛");
}

static int sc_event_update(goc_db *db)
{
	goc_event_fields f = GOC_EVENT_FIELDS_INIT;
	f.title_en = "First Forum";
	f.international = GOC_YES;
	return goc_event_update(db, V1, &f);
}

static int sc_event_add_org(goc_db *db)
{
	return goc_event_add_org(db, V1, O1);
}

static int sc_event_delete(goc_db *db)
{
	return goc_event_delete(db, V1);
}

static int sc_request_create(goc_db *db)
{
	return new_request(db, NULL, O3);
}

static int sc_request_update(goc_db *db)
{
	goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
	f.notes = "加急";
	return goc_request_update(db, R1, &f);
}

static int sc_request_resolve(goc_db *db)
{
	return goc_request_resolve(db, R1, "2024-03-20", "已办结");
}

static int sc_request_delete(goc_db *db)
{
	return goc_request_delete(db, R1);
}

static int sc_report_submit(goc_db *db)
{
	return submit_report(db, "2024-Q2");
}

/* Progress reports and organizations from tables (goc_report_import_table(),
 * goc_org_import_table()): two rows each, one write. */
static int sc_report_import(goc_db *db)
{
	static const char t[] = "单位,commerce\n期间,2024-Q3\n任务代码,状态,填报日期,完成比例,进展情况\n"
	                        "i7,推进中,2024-07-05,30,已建立服务专窗。\ni2,已完成,2024-07-06,,目录已梳理\n";
	return goc_report_import_table(NULL, db, t, sizeof t - 1, NULL);
}

static int sc_org_import(goc_db *db)
{
	static const char t[] = "name_zh,category,date,zone\n导入故障甲,trade,2024-03-01,ftz\n"
	                        "导入故障乙,finance,2024-03-02,\n";
	return goc_org_import_table(NULL, db, t, sizeof t - 1, NULL);
}

static int sc_plan_load(goc_db *db)
{
	return goc_plan_load(db, "pudong-goc-2024");
}

static int sc_demo_load(goc_db *db)
{
	return goc_demo_load(db, 0);
}

static int sc_plan_import_json(goc_db *db)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "copy";
	return goc_plan_import_json(db, plan_json, plan_json_len, &o);
}

static int sc_plan_import_table(goc_db *db)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "seed";
	return goc_plan_import_table(db, task_table, task_table_len, &o);
}

/* The same table as offices send it: GB18030, CRLF (iconv, a copy). */
static int sc_plan_import_table_gb(goc_db *db)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "seed";
	return goc_plan_import_table(db, task_table_gb, task_table_gb_len, &o);
}

static int sc_kpi_create(goc_db *db)
{
	return new_kpi(db, "k2");
}

static int sc_task_update(goc_db *db)
{
	goc_task_changes c = GOC_TASK_CHANGES_INIT;
	c.due = "2025-03-31";
	c.title_en = "Amended";
	c.recurrence = GOC_RECUR_ANNUAL;
	return goc_task_update(db, "pudong-goc-2024", "i1", &c);
}

static int sc_kpi_set_target(goc_db *db)
{
	return goc_kpi_set_target(db, "pudong-goc-2024", "k1", NULL, "2025-01-01", 95, GOC_NO_MAX);
}

static int sc_zone_set_facts(goc_db *db)
{
	return goc_zone_set_facts(db, "lujiazui", "2024-06-30", 1, "张三");
}

static int sc_unit_set_access(goc_db *db)
{
	return goc_unit_set_access(db, "commerce", GOC_ACCESS_VIEWER);
}

/* Several calls in one explicit transaction: all of them or none. */
static int sc_transaction(goc_db *db)
{
	int rc = goc_db_begin(db);
	if (rc == GOC_OK)
		rc = sc_org_create(db);
	if (rc == GOC_OK)
		rc = sc_org_set_stage(db);
	if (rc == GOC_OK)
		rc = sc_partner_create(db);
	if (rc == GOC_OK)
		rc = sc_report_submit(db);
	if (rc == GOC_OK)
		rc = goc_db_commit(db);
	if (rc != GOC_OK && goc_db_in_transaction(db))
		goc_db_rollback(db);
	return rc;
}

/* A write by a unit (role "unit"): the permission check reads too. */
static int sc_actor_write(goc_db *db)
{
	int rc = goc_db_set_actor(db, "commerce");
	if (rc == GOC_OK)
		rc = sc_org_set_stage(db);
	goc_db_set_actor(db, NULL);
	return rc;
}

/* People (goc/user.h): the writes that hash nothing. */
static int sc_user_update(goc_db *db)
{
	goc_user_fields f = GOC_USER_FIELDS_INIT;
	f.name = "李四";
	f.unit = "scitech";
	f.email = "li@example.cn";
	return goc_user_update(db, "li", &f);
}

static int sc_user_disable(goc_db *db)
{
	return goc_user_set_disabled(db, "li", 1);
}

static int sc_token_add(goc_db *db)
{
	char *tok = NULL;
	int rc = goc_token_add(&tok, NULL, db, "li", "another script", "2999-12-31");
	goc_free(tok);
	return rc;
}

static int sc_token_revoke(goc_db *db)
{
	return goc_token_revoke(db, K1);
}

/* A write as the person: her unit acts, the record names her. */
static int sc_person_write(goc_db *db)
{
	int rc = goc_db_set_user(db, "li");
	if (rc == GOC_OK)
		rc = sc_org_set_stage(db);
	goc_db_set_actor(db, NULL);
	return rc;
}

enum { T_EMPTY, T_BASE };

static const struct scenario {
	const char *name;
	int tmpl;
	int (*run)(goc_db *db);
	int big; /* 0: a single write; 1: an import; 2: the demo (see run_budget()) */
} scenarios[] = {
	{ "org.create", T_BASE, sc_org_create, 0 },
	{ "org.create_many", T_BASE, sc_org_create_many, 0 },
	{ "org.create_many 40", T_BASE, sc_org_create_many_long, 0 },
	{ "org.update", T_BASE, sc_org_update, 0 },
	{ "org.set_stage", T_BASE, sc_org_set_stage, 0 },
	{ "org.review", T_BASE, sc_org_review, 0 },
	{ "org.set_hq", T_BASE, sc_org_set_hq, 0 },
	{ "org.delete", T_BASE, sc_org_delete, 0 },
	{ "partner.create", T_BASE, sc_partner_create, 0 },
	{ "partner.update", T_BASE, sc_partner_update, 0 },
	{ "partner.delete", T_BASE, sc_partner_delete, 0 },
	{ "expert.create", T_BASE, sc_expert_create, 0 },
	{ "expert.update", T_BASE, sc_expert_update, 0 },
	{ "expert.delete", T_BASE, sc_expert_delete, 0 },
	{ "event.create", T_BASE, sc_event_create, 0 },
	{ "event.update", T_BASE, sc_event_update, 0 },
	{ "event.add_org", T_BASE, sc_event_add_org, 0 },
	{ "event.delete", T_BASE, sc_event_delete, 0 },
	{ "request.create", T_BASE, sc_request_create, 0 },
	{ "request.update", T_BASE, sc_request_update, 0 },
	{ "request.resolve", T_BASE, sc_request_resolve, 0 },
	{ "request.delete", T_BASE, sc_request_delete, 0 },
	{ "task.update", T_BASE, sc_task_update, 0 },
	{ "report.submit", T_BASE, sc_report_submit, 0 },
	{ "report.import_table", T_BASE, sc_report_import, 0 },
	{ "org.import_table", T_BASE, sc_org_import, 0 },
	{ "kpi.create", T_BASE, sc_kpi_create, 0 },
	{ "kpi.set_target", T_BASE, sc_kpi_set_target, 0 },
	{ "zone.set_facts", T_BASE, sc_zone_set_facts, 0 },
	{ "unit.set_access", T_BASE, sc_unit_set_access, 0 },
	{ "transaction", T_BASE, sc_transaction, 0 },
	{ "actor write", T_BASE, sc_actor_write, 0 },
	{ "user.disable", T_BASE, sc_user_disable, 0 },
	{ "token.add", T_BASE, sc_token_add, 0 },
	{ "person write", T_BASE, sc_person_write, 0 },
	{ "plan.import_json", T_BASE, sc_plan_import_json, 1 },
	{ "plan.import_table", T_BASE, sc_plan_import_table, 1 },
	{ "import_table gb", T_BASE, sc_plan_import_table_gb, 1 },
	{ "plan.load", T_EMPTY, sc_plan_load, 1 },
	{ "demo.load", T_EMPTY, sc_demo_load, 2 },
};

/* More writes, for the site sweep only (faults-sites): the calls whose
 * error paths the table above does not reach. */
static int sc_measurement_record(goc_db *db)
{
	return goc_measurement_record(db, "pudong-goc-2024", "k1", NULL, "2024-06-30", 92.5, "季度测评");
}

static int sc_task_set_status(goc_db *db)
{
	return goc_task_set_status(db, "pudong-goc-2024", "i6", GOC_TASK_DONE, "2025-03-01");
}

static int sc_task_assign(goc_db *db)
{
	return goc_task_assign(db, "pudong-goc-2024", "i7", "police", GOC_ROLE_RESPONSIBLE);
}

static int sc_task_unassign(goc_db *db)
{
	return goc_task_unassign(db, "pudong-goc-2024", "i2", "justice");
}

static int sc_group_members(goc_db *db)
{
	int rc = goc_db_begin(db);
	if (rc == GOC_OK)
		rc = goc_group_add_member(db, "industry-authorities", "market");
	if (rc == GOC_OK)
		rc = goc_group_remove_member(db, "bureaus", "ftz-bureau");
	if (rc == GOC_OK)
		rc = goc_db_commit(db);
	if (rc != GOC_OK && goc_db_in_transaction(db))
		goc_db_rollback(db);
	return rc;
}

static int sc_zone_create(goc_db *db)
{
	goc_zone_fields f = GOC_ZONE_FIELDS_INIT;
	f.code = "newzone";
	f.name_zh = "新片区";
	f.name_en = "New Zone";
	f.focus = GOC_CATEGORY_TRADE;
	f.bureau = "expo-bureau";
	return goc_zone_create(db, &f);
}

static int sc_unit_set_reviewer(goc_db *db)
{
	return goc_unit_set_reviewer(db, "market", 1);
}

static int sc_org_request_review(goc_db *db)
{
	return goc_org_request_review(NULL, db, O1, "2024-04-05", "请排查");
}

static int sc_plan_delete(goc_db *db)
{
	return goc_plan_delete(db, "seed");
}

/* A plan imported, then replaced (goc__plan_clear), in one transaction. */
static int sc_plan_replace(goc_db *db)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.plan = "copy";
	int rc = goc_db_begin(db);
	if (rc == GOC_OK)
		rc = goc_plan_import_json(db, plan_json, plan_json_len, &o);
	o.flags = GOC_IMPORT_REPLACE;
	if (rc == GOC_OK)
		rc = goc_plan_import_json(db, plan_json, plan_json_len, &o);
	if (rc == GOC_OK)
		rc = goc_db_commit(db);
	if (rc != GOC_OK && goc_db_in_transaction(db))
		goc_db_rollback(db);
	return rc;
}

/* A correction of the template's report: the check of what it supersedes. */
static int sc_report_correct(goc_db *db)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	f.plan = "pudong-goc-2024";
	f.task = "i7";
	f.unit = "commerce";
	f.period = "2024-Q1";
	f.date = "2024-07-15";
	f.status = GOC_TASK_IN_PROGRESS;
	f.percent = 40;
	f.text = "更正：服务专窗已运行。";
	f.supersedes = 1;
	return goc_report_submit(NULL, db, &f);
}

/* A member's own target: the check that the member is in the KPI's scope. */
static int sc_kpi_member_target(goc_db *db)
{
	return goc_kpi_set_target(db, "pudong-goc-2024", "zone-quotas", "expo", "2025-01-01", 2,
	                          GOC_NO_MAX);
}

/* Logins (each run checks a password: 0.1 s, so the site sweep only):
 * the failure counted and audited, the success audited. */
static int sc_login_denied(goc_db *db)
{
	int rc = goc_user_authenticate(NULL, db, "li", "not her password", "192.0.2.1");
	return rc == GOC_EAUTH ? GOC_OK : rc;
}

static int sc_login(goc_db *db)
{
	goc_user *u = NULL;
	int rc = goc_user_authenticate(&u, db, "li", "li's password", "192.0.2.1");
	goc_user_free(u);
	return rc;
}

/* People: a person added (out_id asked for), a password set, a login
 * whose hash is made again, a token checked with and without asking for
 * its person (its use noted). */
static int sc_user_add(goc_db *db)
{
	goc_user_fields f = GOC_USER_FIELDS_INIT;
	int64_t id = 0;
	f.login = "zhang";
	f.name = "张伟";
	f.unit = "commerce";
	f.phone = "021-5888 0000";
	f.email = "zhang@example.cn";
	return goc_user_add(&id, db, &f, "zhang's password");
}

static int sc_user_set_password(goc_db *db)
{
	return goc_user_set_password(db, "li", "li's new password");
}

static int sc_login_rehash(goc_db *db)
{
	goc_user *u = NULL;
	int rc = goc_user_authenticate(&u, db, "zhao", "zhao's password", NULL);
	goc_user_free(u);
	return rc;
}

static int sc_token_login(goc_db *db)
{
	goc_user *u = NULL;
	int rc = goc_token_authenticate(&u, db, token_text);
	goc_user_free(u);
	return rc;
}

static int sc_token_login_no_out(goc_db *db)
{
	return goc_token_authenticate(NULL, db, token_text);
}

/* A person revokes her own token: whose it is, read under her name. */
static int sc_token_revoke_own(goc_db *db)
{
	int rc = goc_db_set_user(db, "li");
	if (rc == GOC_OK)
		rc = goc_token_revoke(db, K1);
	goc_db_set_actor(db, NULL);
	return rc;
}

/* A risk review by a reviewing unit (not the one following the
 * organization), made a reviewer in the same transaction. */
static int sc_review_by_reviewer(goc_db *db)
{
	int rc = goc_db_begin(db);
	if (rc == GOC_OK)
		rc = goc_unit_set_reviewer(db, "market", 1);
	if (rc == GOC_OK)
		rc = goc_db_set_actor(db, "market");
	if (rc == GOC_OK)
		rc = goc_org_review(NULL, db, O1, GOC_REVIEW_CLEARED, "2024-04-10", "market", NULL);
	goc_db_set_actor(db, NULL);
	if (rc == GOC_OK)
		rc = goc_db_commit(db);
	if (rc != GOC_OK && goc_db_in_transaction(db))
		goc_db_rollback(db);
	return rc;
}

static const struct scenario site_writes[] = {
	{ "report correction", T_BASE, sc_report_correct, 0 },
	{ "kpi member target", T_BASE, sc_kpi_member_target, 0 },
	{ "user.update", T_BASE, sc_user_update, 0 },
	{ "token.revoke", T_BASE, sc_token_revoke, 0 },
	{ "user.login denied", T_BASE, sc_login_denied, 0 },
	{ "user.login", T_BASE, sc_login, 0 },
	{ "user.login rehash", T_BASE, sc_login_rehash, 0 },
	{ "user.add", T_BASE, sc_user_add, 0 },
	{ "user.set_password", T_BASE, sc_user_set_password, 0 },
	{ "token.authenticate", T_BASE, sc_token_login, 0 },
	{ "token.auth no out", T_BASE, sc_token_login_no_out, 0 },
	{ "token.revoke own", T_BASE, sc_token_revoke_own, 0 },
	{ "org.review reviewer", T_BASE, sc_review_by_reviewer, 0 },
	{ "measurement.record", T_BASE, sc_measurement_record, 0 },
	{ "task.set_status", T_BASE, sc_task_set_status, 0 },
	{ "task.assign", T_BASE, sc_task_assign, 0 },
	{ "task.unassign", T_BASE, sc_task_unassign, 0 },
	{ "group members", T_BASE, sc_group_members, 0 },
	{ "zone.create", T_BASE, sc_zone_create, 0 },
	{ "unit.set_reviewer", T_BASE, sc_unit_set_reviewer, 0 },
	{ "org.request_review", T_BASE, sc_org_request_review, 0 },
	{ "plan.delete", T_BASE, sc_plan_delete, 0 },
	{ "plan replace", T_BASE, sc_plan_replace, 1 },
};

/* ------------------------------------------------------------------------
 * The loop: fail the 1st, 2nd, 3rd … operation until the call succeeds
 * without a fault
 * ---------------------------------------------------------------------- */

enum fault_kind { IO_TRANSIENT, IO_PERSISTENT, OOM_TRANSIENT, OOM_PERSISTENT };
static const char *const kind_name[] = { "I/O error", "persistent I/O error (disk full)",
	                                   "allocation failure", "persistent allocation failure" };

static void arm(enum fault_kind k, long nth)
{
	switch (k) {
	case IO_TRANSIENT:
		faultvfs_arm(nth, FV_ALL, 0, 0);
		break;
	case IO_PERSISTENT:
		faultvfs_arm(nth, FV_ALL, 1, 1);
		break;
	case OOM_TRANSIENT:
		mem_arm(nth, 0);
		break;
	case OOM_PERSISTENT:
		mem_arm(nth, 1);
		break;
	}
}

/* Disarm; the number of faults injected since arming. */
static long disarm(enum fault_kind k)
{
	if (k == IO_TRANSIENT || k == IO_PERSISTENT) {
		faultvfs_disarm();
		return faultvfs_injected();
	}
	mem_disarm();
	return mem_injected;
}

static const char *tmpl_path(int t)
{
	return t == T_EMPTY ? tmpl_empty : tmpl_base;
}

static void fresh_work(const struct scenario *sc)
{
	char err[256];
	ck_assert_msg(tu_db_copy(tmpl_path(sc->tmpl), work, err, sizeof err) == 0, "%s", err);
}

static void fingerprint(const char *path, struct tu_fp *fp)
{
	char err[256];
	ck_assert_msg(tu_fingerprint(path, fp, err, sizeof err) == 0, "fingerprint: %s", err);
}

static int same(const struct tu_fp *a, const struct tu_fp *b)
{
	return a->hash == b->hash && a->rows == b->rows && a->log_rows == b->log_rows;
}

/* Counters of one test, appended to the totals file for main(). */
struct tally {
	long runs, faults, errors, ok_after_fault, unusable;
};

static void add_totals(enum fault_kind k, const struct tally *t)
{
	FILE *f = fopen(totals_path, "a");
	ck_assert_msg(f != NULL, "cannot append to %s", totals_path);
	fprintf(f, "%d %ld %ld %ld %ld %ld\n", (int)k, t->runs, t->faults, t->errors,
	        t->ok_after_fault, t->unusable);
	fclose(f);
}

static int make_probe(goc_db *db)
{
	return tu_unit_add(db, "probe", "探针单位", GOC_UNIT_DEPARTMENT);
}

/* After one run with a fault: everything the issue promises. */
static void check_after(const struct scenario *sc, enum fault_kind k, long nth, goc_db *db,
                        int rc, const struct tu_fp *before, const struct tu_fp *after,
                        struct tally *t)
{
	struct tu_fp now;
	char integrity[512];
	int probe_rc;
	int64_t checked = 0, bad = 0;
	goc_db *again = NULL;
	long live0 = 0;

	/* an error is an error, with a message */
	if (rc != GOC_OK) {
		ck_assert_msg(rc < 0, "%s, %s at %ld: returned %d", sc->name, kind_name[k], nth, rc);
		ck_assert_msg(goc_error_message()[0] != '\0',
		              "%s, %s at %ld: error %s without a message", sc->name, kind_name[k],
		              nth, goc_strerror(rc));
		t->errors++;
	} else {
		t->ok_after_fault++; /* SQLite absorbed it (a retry, a cache it did without) */
	}

	/* all of it or none of it, as another connection sees it now */
	fingerprint(work, &now);
	ck_assert_msg(same(&now, before) || same(&now, after),
	              "%s, %s at %ld (returned %s: %s): the database holds part of the change"
	              " (%lld rows, %lld log records; before %lld/%lld, after %lld/%lld)",
	              sc->name, kind_name[k], nth, goc_strerror(rc), goc_error_message(),
	              (long long)now.rows, (long long)now.log_rows, (long long)before->rows,
	              (long long)before->log_rows, (long long)after->rows,
	              (long long)after->log_rows);
	ck_assert_msg(rc != GOC_OK || same(&now, after),
	              "%s, %s at %ld: returned GOC_OK but the change is not there",
	              sc->name, kind_name[k], nth);
	ck_assert_msg(rc == GOC_OK || same(&now, before),
	              "%s, %s at %ld: returned %s (%s) but the change was made",
	              sc->name, kind_name[k], nth, goc_strerror(rc), goc_error_message());

	/* the handle still writes (or at least closes cleanly) */
	probe_rc = make_probe(db);
	if (probe_rc != GOC_OK)
		t->unusable++;
	ck_assert_msg(probe_rc == GOC_OK,
	              "%s, %s at %ld: the handle no longer writes once the fault is gone: %s (%s)",
	              sc->name, kind_name[k], nth, goc_strerror(probe_rc), goc_error_message());
	goc_db_close(db);

	/* reopened: intact, and the audit chain verifies */
	ck_assert_msg(tu_integrity(work, integrity, sizeof integrity) == 0 &&
	              strcmp(integrity, "ok") == 0,
	              "%s, %s at %ld: integrity_check: %s", sc->name, kind_name[k], nth, integrity);
	live0 = tu_alloc_live();
	ck_assert_msg(goc_db_open(&again, work) == GOC_OK, "%s, %s at %ld: reopen: %s",
	              sc->name, kind_name[k], nth, goc_error_message());
	ck_assert_msg(goc_audit_verify(&checked, &bad, again, 0, NULL) == GOC_OK,
	              "%s, %s at %ld: goc_audit_verify: %s", sc->name, kind_name[k], nth,
	              goc_error_message());
	ck_assert_int_eq(checked, now.log_rows + (probe_rc == GOC_OK));
	goc_db_close(again);
	ck_assert_msg(tu_alloc_live() == live0, "%s: open, verify and close leak %ld allocations",
	              sc->name, tu_alloc_live() - live0);
}

/* Runs allowed per scenario and kind of fault (the whole suite should
 * take about two minutes on a loaded two-core machine). */
#define FIRST_EVERY 40

static long run_budget(const struct scenario *sc, enum fault_kind k)
{
	static const long budget[3][4] = {
		/* I/O, persistent I/O, OOM, persistent OOM */
		{ 400, 200, 250, 100 }, /* a single write */
		{ 120, 60, 120, 60 },   /* an import */
		{ 30, 20, 30, 20 },     /* the demo: 0.2 s a run */
	};
	/* GOC_FAULTS_QUICK=1 (the 'unit' suite, run under valgrind in CI):
	 * a sample of each call's operations */
	if (getenv("GOC_FAULTS_QUICK"))
		return 8;
	return budget[sc->big][k];
}

/* One run of the call with the nth operation failing, and the checks.
 * Returns 0 once nth is past the call's last operation (it ran clean). */
static int fault_run(const struct scenario *sc, enum fault_kind k, long nth,
                     const struct tu_fp *before, const struct tu_fp *after, struct tally *t)
{
	long live0, injected;
	goc_db *db = NULL;
	int rc;

	fresh_work(sc);
	live0 = tu_alloc_live();
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	goc_error_clear();
	arm(k, nth);
	rc = sc->run(db);
	injected = disarm(k);
	t->runs++;
	if (injected == 0) {
		/* past the last operation: the call ran clean */
		ck_assert_msg(rc == GOC_OK, "%s: failed without a fault: %s", sc->name,
		              goc_error_message());
		goc_db_close(db);
		return 0;
	}
	t->faults += injected;
	check_after(sc, k, nth, db, rc, before, after, t);
	ck_assert_msg(tu_alloc_live() == live0, "%s, %s at %ld: %ld allocations leaked",
	              sc->name, kind_name[k], nth, tu_alloc_live() - live0);
	return 1;
}

static void fault_loop(const struct scenario *sc, enum fault_kind k)
{
	struct tu_fp before, after;
	struct tally t = { 0, 0, 0, 0, 0 };
	goc_db *db = NULL;
	int rc;

	/* GOC_FAULTS_ONLY=name runs one scenario (when working on it) */
	const char *only = getenv("GOC_FAULTS_ONLY");
	if (only && strcmp(only, sc->name) != 0)
		return;
	/* the demo takes seconds a run under valgrind */
	if (getenv("GOC_FAULTS_QUICK") && sc->big == 2 && !only)
		return;
	/* the states the database may be in afterwards */
	fingerprint(tmpl_path(sc->tmpl), &before);
	fresh_work(sc);
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	arm(k, LONG_MAX); /* count the operations a clean run makes */
	rc = sc->run(db);
	disarm(k);
	long total = k == IO_TRANSIENT || k == IO_PERSISTENT ? faultvfs_count() : mem_count;
	ck_assert_msg(rc == GOC_OK, "%s without faults: %s (%s)", sc->name, goc_strerror(rc),
	              goc_error_message());
	goc_db_close(db);
	fingerprint(work, &after);
	ck_assert_msg(!same(&before, &after), "%s changes nothing", sc->name);

	/* Every operation in turn, unless that is more runs than the budget
	 * allows: then every one of the first FIRST_EVERY, and a stride after
	 * (GOC_FAULTS_FULL=1: every one, whatever it costs). */
	long budget = run_budget(sc, k), stride = 1;
	long head = budget / 2 < FIRST_EVERY ? budget / 2 : FIRST_EVERY;
	if (!getenv("GOC_FAULTS_FULL") && total > budget)
		stride = (total - head) / (budget - head) + 1;
	for (long nth = 1;; nth += nth < head ? 1 : stride)
		if (!fault_run(sc, k, nth, &before, &after, &t))
			break;
	printf("%-18s %-32s %5ld operations, %5ld runs (every %ld), %5ld faults,"
	       " %5ld errors, %4ld absorbed\n", sc->name, kind_name[k], total, t.runs, stride,
	       t.faults, t.errors, t.ok_after_fault);
	add_totals(k, &t);
}

/* Every allocation site of a write (see site_note()) fails once: the
 * same promises as fault_loop()'s. */
static void fault_site_loop(const struct scenario *sc, enum fault_kind k)
{
	struct tu_fp before, after;
	struct tally t = { 0, 0, 0, 0, 0 };
	goc_db *db = NULL;
	int rc;

	const char *only = getenv("GOC_FAULTS_ONLY");
	if (only && strcmp(only, sc->name) != 0)
		return;
	fingerprint(tmpl_path(sc->tmpl), &before);
	fresh_work(sc);
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	site_record_begin(sc->big == 2 ? 2 : 0);
	arm(k, LONG_MAX);
	rc = sc->run(db);
	long total = k == IO_TRANSIENT ? faultvfs_count() : mem_count;
	disarm(k);
	site_record_end();
	ck_assert_msg(rc == GOC_OK, "%s without faults: %s (%s)", sc->name, goc_strerror(rc),
	              goc_error_message());
	goc_db_close(db);
	fingerprint(work, &after);
	size_t n = site_n;
	long *points = malloc((n ? n : 1) * sizeof *points);
	ck_assert_ptr_nonnull(points);
	memcpy(points, site_points, n * sizeof *points);
	for (size_t i = 0; i < n; i++)
		if (!getenv("GOC_FAULTS_AT") || atol(getenv("GOC_FAULTS_AT")) == points[i])
			ck_assert_msg(fault_run(sc, k, points[i], &before, &after, &t),
		              "%s: allocation %ld (a site) was not made again", sc->name, points[i]);
	free(points);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%-18s %-32s %5ld operations, %5zu sites, %5ld faults, %5ld errors, %4ld absorbed,"
	       " %.1f s\n", sc->name, kind_name[k], total, n, t.faults, t.errors,
	       t.ok_after_fault, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	add_totals(k, &t);
}

/* Inside an explicit transaction a call that fails "is undone by itself
 * and the transaction stays open" (db.h): with a fault in the second of
 * two calls, a commit that succeeds keeps the first call whole and
 * nothing of the second; a commit that fails (SQLite rolled the whole
 * transaction back after an I/O error or out of memory) keeps nothing. */
static void txn_second_call_loop(enum fault_kind k)
{
	struct tu_fp before, first, both, now;
	struct tally t = { 0, 0, 0, 0, 0 };
	const struct scenario sc = { "txn second call", T_BASE, NULL, 0 };
	char integrity[512];
	goc_db *db = NULL;
	long nth, whole_txn_lost = 0, kept_first = 0;

	fingerprint(tmpl_base, &before);
	for (int calls = 1; calls <= 2; calls++) {
		fresh_work(&sc);
		ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
		ck_assert_int_eq(goc_db_begin(db), GOC_OK);
		ck_assert_int_eq(sc_org_create(db), GOC_OK);
		if (calls == 2)
			ck_assert_int_eq(sc_report_submit(db), GOC_OK);
		ck_assert_int_eq(goc_db_commit(db), GOC_OK);
		goc_db_close(db);
		fingerprint(work, calls == 1 ? &first : &both);
	}
	int oom = k == OOM_TRANSIENT || k == OOM_PERSISTENT;
	for (nth = 1;; nth += nth < 40 || !oom ? 1 : 7) {
		int rc, commit_rc;
		long injected, live0;

		fresh_work(&sc);
		live0 = tu_alloc_live();
		ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
		ck_assert_int_eq(goc_db_begin(db), GOC_OK);
		ck_assert_int_eq(sc_org_create(db), GOC_OK);
		arm(k, nth);
		rc = sc_report_submit(db);
		injected = disarm(k);
		commit_rc = goc_db_commit(db);
		t.runs++;
		t.faults += injected;
		if (injected == 0) {
			ck_assert_int_eq(rc, GOC_OK);
			goc_db_close(db);
			break;
		}
		t.errors += rc != GOC_OK;
		ck_assert_int_eq(goc_db_in_transaction(db), 0);
		fingerprint(work, &now);
		if (rc == GOC_OK)
			ck_assert_msg(commit_rc == GOC_OK && same(&now, &both),
			              "%s at %ld: the call succeeded, the commit gave %s",
			              kind_name[k], nth, goc_strerror(commit_rc));
		else if (commit_rc == GOC_OK)
			ck_assert_msg(same(&now, &first),
			              "%s at %ld: the second call failed (%s), the commit succeeded,"
			              " but the database is not the first call alone (%lld rows, %lld"
			              " log records; first call %lld/%lld)", kind_name[k], nth,
			              goc_strerror(rc), (long long)now.rows, (long long)now.log_rows,
			              (long long)first.rows, (long long)first.log_rows);
		else
			ck_assert_msg(same(&now, &before),
			              "%s at %ld: the commit failed (%s) but something was kept",
			              kind_name[k], nth, goc_db_errmsg(db));
		kept_first += rc != GOC_OK && commit_rc == GOC_OK;
		whole_txn_lost += rc != GOC_OK && commit_rc != GOC_OK;
		ck_assert_msg(make_probe(db) == GOC_OK, "%s at %ld: the handle no longer writes: %s",
		              kind_name[k], nth, goc_error_message());
		goc_db_close(db);
		ck_assert_int_eq(tu_integrity(work, integrity, sizeof integrity), 0);
		ck_assert_msg(strcmp(integrity, "ok") == 0, "integrity_check: %s", integrity);
		ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
		ck_assert_msg(goc_audit_verify(NULL, NULL, db, 0, NULL) == GOC_OK, "%s",
		              goc_error_message());
		goc_db_close(db);
		ck_assert_msg(tu_alloc_live() == live0, "%s at %ld: %ld allocations leaked", kind_name[k],
		              nth, tu_alloc_live() - live0);
		if (getenv("GOC_FAULTS_QUICK") && nth >= 8)
			nth += 50;
	}
	printf("%-18s %-32s %5ld runs, %5ld faults; the first call kept %ld times, the whole"
	       " transaction lost %ld times\n", sc.name, kind_name[k], t.runs, t.faults, kept_first,
	       whole_txn_lost);
	add_totals(k, &t);
}

START_TEST(test_txn_second_call)
{
	static const enum fault_kind kinds[] = { IO_TRANSIENT, IO_PERSISTENT, OOM_TRANSIENT,
		                                 OOM_PERSISTENT };
	if (getenv("GOC_FAULTS_ONLY"))
		return;
	txn_second_call_loop(kinds[_i]);
}
END_TEST

/* Opening under faults: creating the schema in a new file, and migrating
 * a schema-1 file (tests/data/schema-v1.db) forward.  A failed open
 * leaves a file that the next open (without faults) takes as it should:
 * intact, at the current schema, the old rows kept, the trail verified. */
static void open_loop(enum fault_kind k, const char *fixture)
{
	char src[1024], err[256], integrity[512];
	struct tally t = { 0, 0, 0, 0, 0 };
	int64_t orgs = 0;
	long nth;

	if (fixture) {
		ck_assert_ptr_nonnull(tu_source_path(src, sizeof src, fixture));
		orgs = tu_query_int(src, "SELECT count(*) FROM organizations");
		ck_assert_int_gt(orgs, 0);
	}
	int oom = k == OOM_TRANSIENT || k == OOM_PERSISTENT, quick = getenv("GOC_FAULTS_QUICK") != NULL;
	long head = quick ? 4 : 40, stride = quick ? (oom ? 2000 : 25) : (oom ? 37 : 1);
	for (nth = 1;; nth += nth < head ? 1 : stride) {
		goc_db *db = NULL;
		long live0, injected;
		int rc, version = 0;

		tu_db_remove(work);
		if (fixture)
			ck_assert_msg(tu_db_copy(src, work, err, sizeof err) == 0, "%s", err);
		live0 = tu_alloc_live();
		goc_error_clear();
		arm(k, nth);
		rc = goc_db_open(&db, work);
		injected = disarm(k);
		goc_db_close(db);
		ck_assert_msg(tu_alloc_live() == live0, "open, %s at %ld: %ld allocations leaked",
		              kind_name[k], nth, tu_alloc_live() - live0);
		t.runs++;
		t.faults += injected;
		if (injected == 0) {
			ck_assert_msg(rc == GOC_OK, "open without a fault: %s", goc_error_message());
			break;
		}
		if (rc != GOC_OK) {
			t.errors++;
			ck_assert_msg(goc_error_message()[0] != '\0', "open, %s at %ld: %s without a message",
			              kind_name[k], nth, goc_strerror(rc));
		}
		if (access(work, F_OK) == 0 && tu_integrity(work, integrity, sizeof integrity) == 0)
			ck_assert_msg(strcmp(integrity, "ok") == 0, "open, %s at %ld: integrity_check: %s",
			              kind_name[k], nth, integrity);
		db = NULL;
		rc = goc_db_open(&db, work);
		ck_assert_msg(rc == GOC_OK, "open, %s at %ld: the next open fails: %s (%s)",
		              kind_name[k], nth, goc_strerror(rc), goc_error_message());
		ck_assert_int_eq(goc_db_schema_version(db, &version), GOC_OK);
		ck_assert_int_eq(version, GOC_SCHEMA_VERSION);
		ck_assert_msg(goc_audit_verify(NULL, NULL, db, 0, NULL) == GOC_OK, "%s",
		              goc_error_message());
		goc_db_close(db);
		if (fixture)
			ck_assert_int_eq(tu_query_int(work, "SELECT count(*) FROM organizations"), orgs);
	}
	printf("%-18s %-32s %5ld runs, %5ld faults, %5ld errors\n",
	       fixture ? "open (migrate)" : "open (create)", kind_name[k], t.runs, t.faults,
	       t.errors);
	add_totals(k, &t);
}

START_TEST(test_open_faults)
{
	static const enum fault_kind kinds[] = { IO_TRANSIENT, IO_PERSISTENT, OOM_TRANSIENT,
		                                 OOM_PERSISTENT };
	if (getenv("GOC_FAULTS_ONLY"))
		return;
	open_loop(kinds[_i % 4], _i < 4 ? NULL : "tests/data/schema-v1.db");
}
END_TEST

START_TEST(test_io_transient)
{
	fault_loop(&scenarios[_i], IO_TRANSIENT);
}
END_TEST

START_TEST(test_io_persistent)
{
	fault_loop(&scenarios[_i], IO_PERSISTENT);
}
END_TEST

START_TEST(test_oom_transient)
{
	fault_loop(&scenarios[_i], OOM_TRANSIENT);
}
END_TEST

START_TEST(test_oom_persistent)
{
	fault_loop(&scenarios[_i], OOM_PERSISTENT);
}
END_TEST

/* ------------------------------------------------------------------------
 * Crashes: a child killed with SIGKILL in the middle of a large import
 * ---------------------------------------------------------------------- */

#define CRASH_KILLS 60
#define CRASH_ORGS 3000

/* Progress lines of crash_child, in order. */
enum crash_phase { PH_NONE, PH_OPEN, PH_PLAN, PH_BEGIN, PH_ORGS, PH_COMMIT, PH_CLOSED };

static enum crash_phase phase_of(const char *line)
{
	static const char *const names[] = { "", "open", "plan", "begin", "orgs", "commit",
		                             "closed" };
	for (int i = PH_CLOSED; i > PH_NONE; i--)
		if (strncmp(line, names[i], strlen(names[i])) == 0)
			return (enum crash_phase)i;
	return PH_NONE;
}

/* Read one line from fd (unbuffered, so nothing is read past it).
 * Returns 0 at end of file. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;
	char c;
	while (n + 1 < size) {
		ssize_t r = read(fd, &c, 1);
		if (r <= 0)
			break;
		if (c == '\n')
			break;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return n > 0;
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic for a printed seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

START_TEST(test_crash_mid_import)
{
	const char *child = getenv("GOC_CRASH_CHILD");
	const char *seed_env = getenv("GOC_CRASH_SEED");
	uint64_t seed = seed_env ? strtoull(seed_env, NULL, 0) : 20261126u;
	int64_t full_tasks;
	long landed[PH_CLOSED + 1] = { 0 };
	long with_orgs = 0, with_plan = 0;
	char err[256], nstr[16];
	goc_db *db = NULL;

	if (getenv("GOC_FAULTS_ONLY"))
		return; /* working on one call's fault loop */
	ck_assert_msg(child != NULL, "GOC_CRASH_CHILD is not set (the path of crash_child)");
	rng_state = seed ? seed : 1;
	printf("crash test: seed %llu (GOC_CRASH_SEED=%llu repeats it)\n",
	       (unsigned long long)seed, (unsigned long long)seed);

	/* how many tasks the plan has */
	fresh_work(&(struct scenario){ "plan", T_EMPTY, NULL, 0 });
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(goc_plan_load(db, "pudong-goc-2024"), GOC_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	goc_db_close(db);
	/* how long the plan load takes, to kill the child in it */
	uint64_t load_us = (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000L +
	                              (t1.tv_nsec - t0.tv_nsec) / 1000) + 1;
	full_tasks = tu_query_int(work, "SELECT count(*) FROM tasks");
	ck_assert_int_gt(full_tasks, 0);
	snprintf(nstr, sizeof nstr, "%d", CRASH_ORGS);

	int kills = getenv("GOC_FAULTS_QUICK") ? 8 : CRASH_KILLS;
	for (int kill_no = 0; kill_no < kills; kill_no++) {
		/* after the k-th progress line (open, plan, begin, 30 x orgs,
		 * commit), and a few more milliseconds */
		int events = 3 + CRASH_ORGS / 100 + 1;
		int bucket = (int)(rng() % 10), k;
		unsigned delay = (unsigned)(rng() % 3000);
		if (bucket == 0)
			k = 0; /* while it opens */
		else if (bucket <= 2)
			k = 1, delay = (unsigned)(rng() % load_us); /* in the plan load */
		else if (bucket == 3)
			k = 2 + (int)(rng() % 2);
		else if (bucket <= 8)
			k = 3 + (int)(rng() % (uint64_t)(CRASH_ORGS / 100)); /* mid-import */
		else
			k = events; /* after the commit, or in it */
		enum crash_phase last = PH_NONE;
		int pipefd[2], status, seen = 0;
		char line[64], integrity[512];
		pid_t pid;

		tu_db_remove(work);
		ck_assert_int_eq(pipe(pipefd), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			char fdstr[16];
			close(pipefd[0]);
			snprintf(fdstr, sizeof fdstr, "%d", pipefd[1]);
			execl(child, child, work, fdstr, nstr, (char *)NULL);
			_exit(127);
		}
		close(pipefd[1]);
		while (seen < k && read_line(pipefd[0], line, sizeof line)) {
			last = phase_of(line);
			seen++;
		}
		if (delay) {
			struct timespec ts = { 0, (long)delay * 1000L };
			nanosleep(&ts, NULL);
		}
		kill(pid, SIGKILL);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		              "kill %d: crash_child ended otherwise (status 0x%x; see its stderr)",
		              kill_no, status);
		/* what the child reported before it died */
		while (read_line(pipefd[0], line, sizeof line))
			last = phase_of(line);
		close(pipefd[0]);
		landed[last]++;
		if (access(work, F_OK) != 0) {
			/* killed before it made the file: nothing to check */
			ck_assert_msg(last == PH_NONE, "kill %d: the database is gone", kill_no);
			continue;
		}

		/* intact, and all of each transaction or none of it */
		ck_assert_msg(tu_integrity(work, integrity, sizeof integrity) == 0 &&
		              strcmp(integrity, "ok") == 0,
		              "kill %d (after '%s'): integrity_check: %s", kill_no, line, integrity);
		db = NULL;
		ck_assert_msg(goc_db_open(&db, work) == GOC_OK, "kill %d: reopen: %s", kill_no,
		              goc_error_message());
		ck_assert_msg(goc_audit_verify(NULL, NULL, db, 0, NULL) == GOC_OK,
		              "kill %d: goc_audit_verify: %s", kill_no, goc_error_message());
		goc_db_close(db);
		int64_t tasks = tu_query_int(work, "SELECT count(*) FROM tasks");
		int64_t orgs = tu_query_int(work, "SELECT count(*) FROM organizations");
		int64_t logged = tu_query_int(work,
		    "SELECT count(*) FROM change_log WHERE action = 'org.create'");
		ck_assert_msg(tasks == 0 || tasks == full_tasks,
		              "kill %d: %lld of the plan's %lld tasks", kill_no, (long long)tasks,
		              (long long)full_tasks);
		ck_assert_msg(orgs == 0 || orgs == CRASH_ORGS,
		              "kill %d: %lld of %d organizations", kill_no, (long long)orgs, CRASH_ORGS);
		ck_assert_msg(logged == orgs, "kill %d: %lld organizations, %lld audit records",
		              kill_no, (long long)orgs, (long long)logged);
		/* what was reported done is there */
		ck_assert_msg(last < PH_PLAN || tasks == full_tasks,
		              "kill %d: the plan was loaded, then lost", kill_no);
		ck_assert_msg(last < PH_COMMIT || orgs == CRASH_ORGS,
		              "kill %d: the import was committed, then lost", kill_no);
		ck_assert_msg(last >= PH_PLAN || orgs == 0, "kill %d: organizations without a plan",
		              kill_no);
		with_orgs += orgs > 0;
		with_plan += tasks > 0;
	}
	printf("crash test: %d kills; the child had reported: nothing %ld, open %ld"
	       " (in the plan load), plan %ld, begin %ld, orgs %ld (mid-transaction), commit %ld,"
	       " closed %ld; afterwards the plan was there %ld times, the import %ld times\n",
	       kills, landed[PH_NONE], landed[PH_OPEN], landed[PH_PLAN], landed[PH_BEGIN],
	       landed[PH_ORGS], landed[PH_COMMIT], landed[PH_CLOSED], with_plan, with_orgs);
	(void)err;
}
END_TEST

/* ------------------------------------------------------------------------
 * Damaged and tampered files (what test_db.c does not cover: random bytes,
 * text, foreign SQLite and newer schemas are there)
 * ---------------------------------------------------------------------- */

static void truncate_to(const char *path, long size)
{
	ck_assert_msg(truncate(path, size) == 0, "truncate %s to %ld", path, size);
}

static long size_of(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fclose(f);
	return n;
}

/* Reading a damaged file gives an error code (never a crash) and a
 * message; the codes a damaged file may give are these. */
static void assert_damage_code(int rc, const char *what)
{
	ck_assert_msg(rc == GOC_OK || rc == GOC_ECORRUPT || rc == GOC_ENOTDB || rc == GOC_EIO,
	              "%s: %s (%s)", what, goc_strerror(rc), goc_error_message());
	ck_assert_msg(rc == GOC_OK || goc_error_message()[0] != '\0', "%s: no message", what);
}

/* A libgoc database cut short, at several lengths: refused with an error
 * and left as it was, or opened and then every read gives an error or a
 * row — never a crash. */
START_TEST(test_truncated_database)
{
	char err[256];
	long full;
	/* the demo would take long: the base template has a plan and rows */
	ck_assert_msg(tu_db_copy(tmpl_base, work, err, sizeof err) == 0, "%s", err);
	full = size_of(work);
	ck_assert_int_gt(full, 8192);
	const long cuts[] = { 50, 99, 100, 4096, full / 3, full / 2, full - 4096, full - 1 };
	for (size_t i = 0; i < N_ELEMS(cuts); i++) {
		goc_db *db = NULL;
		goc_cursor *cur = NULL;
		size_t len_before, len_after;
		char *before, *after;
		int rc;

		ck_assert_msg(tu_db_copy(tmpl_base, work, err, sizeof err) == 0, "%s", err);
		truncate_to(work, cuts[i]);
		before = tu_slurp(work, &len_before);
		goc_error_clear();
		rc = goc_db_open(&db, work);
		if (rc != GOC_OK) {
			ck_assert_msg(rc == GOC_ECORRUPT || rc == GOC_ENOTDB,
			              "cut to %ld bytes: goc_db_open gave %s (%s)", cuts[i],
			              goc_strerror(rc), goc_error_message());
			ck_assert_msg(goc_error_message()[0] != '\0', "cut to %ld: no message", cuts[i]);
			after = tu_slurp(work, &len_after);
			ck_assert_msg(len_before == len_after && memcmp(before, after, len_before) == 0,
			              "cut to %ld bytes: refused but changed", cuts[i]);
			free(after);
			printf("truncated to %ld of %ld bytes: refused, %s\n", cuts[i], full,
			       goc_error_message());
		} else {
			rc = goc_org_list(&cur, db, NULL);
			assert_damage_code(rc, "goc_org_list");
			if (rc == GOC_OK) {
				while ((rc = goc_cursor_next(cur)) == GOC_ROW)
					;
				if (rc != GOC_DONE)
					assert_damage_code(rc, "goc_cursor_next");
			}
			goc_cursor_free(cur);
			assert_damage_code(goc_audit_verify(NULL, NULL, db, 0, NULL), "goc_audit_verify");
			rc = sc_org_create(db);
			assert_damage_code(rc, "goc_org_create");
			printf("truncated to %ld of %ld bytes: opened; a write gave %s\n", cuts[i], full,
			       goc_strerror(rc));
			goc_db_close(db);
		}
		free(before);
	}
}
END_TEST

/* A crash leaves the WAL with a frame half written: the file opens, the
 * transactions whose frames are whole are there, and it is intact. */
START_TEST(test_truncated_wal)
{
	char copy[160], copy_wal[170], wal[170], err[256], integrity[512];
	goc_db *db = NULL, *c = NULL;
	size_t len;
	char *bytes;
	FILE *f;
	long wal_size;
	int64_t orgs_before, orgs_after;

	ck_assert_msg(tu_db_copy(tmpl_base, work, err, sizeof err) == 0, "%s", err);
	snprintf(copy, sizeof copy, "%s/copy.db", tmpdir);
	snprintf(copy_wal, sizeof copy_wal, "%s-wal", copy);
	snprintf(wal, sizeof wal, "%s-wal", work);
	orgs_before = tu_query_int(work, "SELECT count(*) FROM organizations");
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	ck_assert_int_eq(sc_org_create(db), GOC_OK);
	ck_assert_int_eq(sc_partner_create(db), GOC_OK); /* the last transaction */
	/* the handle is open: the WAL holds both transactions; copy the
	 * files as a crash would leave them, the last frame half written */
	wal_size = size_of(wal);
	ck_assert_int_gt(wal_size, 32);
	tu_db_remove(copy);
	ck_assert_msg(tu_db_copy(work, copy, err, sizeof err) == 0, "%s", err);
	goc_db_close(db);
	truncate_to(copy_wal, wal_size - 1000);

	ck_assert_int_eq(tu_integrity(copy, integrity, sizeof integrity), 0);
	ck_assert_str_eq(integrity, "ok");
	ck_assert_msg(goc_db_open(&c, copy) == GOC_OK, "%s", goc_error_message());
	ck_assert_msg(goc_audit_verify(NULL, NULL, c, 0, NULL) == GOC_OK, "%s",
	              goc_error_message());
	goc_db_close(c);
	orgs_after = tu_query_int(copy, "SELECT count(*) FROM organizations");
	/* the org create was the first of the two: whole, or (if its frames
	 * were cut too) absent — never the partner without the org */
	ck_assert_msg(orgs_after == orgs_before || orgs_after == orgs_before + 1,
	              "%lld organizations", (long long)orgs_after);
	ck_assert_int_eq(tu_query_int(copy, "SELECT count(*) FROM partners WHERE name_zh = '新伙伴'"),
	                 0);
	printf("WAL of %ld bytes cut by 1000: the first transaction %s\n", wal_size,
	       orgs_after > orgs_before ? "kept" : "lost as well");
	(void)len;
	(void)bytes;
	(void)f;
}
END_TEST

/* A refusal under faults: the refusal stands (GOC_EPERM, or the fault's
 * own error), nothing else is written, and the record of the refusal —
 * written at once, at the next write or at close — is whole: the chain
 * verifies.  (A text that could not be bound once went in as NULL under a
 * hash of the text.)  A persistent fault lasts until the handle is closed:
 * a refusal still waiting then is dropped, never half written. */
static void denial_loop(enum fault_kind k)
{
	struct tally t = { 0, 0, 0, 0, 0 };
	char err[256];
	goc_db *db = NULL;
	long nth, refused = 0;

	if (getenv("GOC_FAULTS_ONLY") && strcmp(getenv("GOC_FAULTS_ONLY"), "denial") != 0)
		return;
	/* the template with a viewer */
	char viewer[sizeof work + 16];
	snprintf(viewer, sizeof viewer, "%s.viewer", work);
	ck_assert_msg(tu_db_copy(tmpl_base, viewer, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(goc_db_open(&db, viewer), GOC_OK);
	ck_assert_int_eq(goc_unit_set_access(db, "police", GOC_ACCESS_VIEWER), GOC_OK);
	goc_db_close(db);
	struct tu_fp before;
	fingerprint(viewer, &before);
	/* GOC_FAULTS_QUICK: a sample, every 17th operation */
	long step = getenv("GOC_FAULTS_QUICK") ? 17 : 1;
	for (nth = 1;; nth += step) {
		ck_assert_msg(tu_db_copy(viewer, work, err, sizeof err) == 0, "%s", err);
		db = NULL;
		ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
		ck_assert_int_eq(goc_db_set_actor(db, "police"), GOC_OK);
		goc_error_clear();
		arm(k, nth);
		int rc = sc_org_create(db);
		int persistent = k == IO_PERSISTENT || k == OOM_PERSISTENT;
		long injected = persistent ? 0 : disarm(k);
		ck_assert_msg(rc < 0, "denial, %s at %ld: a viewer's write returned %d", kind_name[k],
		              nth, rc);
		refused += rc == GOC_EPERM;
		if (!persistent) {
			/* the next write records a refusal still waiting (this one
			 * finds nothing to delete and writes nothing itself) */
			ck_assert_int_eq(goc_db_set_actor(db, NULL), GOC_OK);
			ck_assert_int_eq(goc_org_delete(db, INT64_C(999999)), GOC_ENOTFOUND);
		}
		goc_db_close(db); /* records a refusal still waiting (or drops it) */
		if (persistent)
			injected = disarm(k);
		t.runs++;
		t.faults += injected;
		struct tu_fp now;
		fingerprint(work, &now);
		ck_assert_msg(now.hash == before.hash && now.rows == before.rows &&
		              now.log_rows <= before.log_rows + 1,
		              "denial, %s at %ld (%s): more than the refusal was written",
		              kind_name[k], nth, goc_error_message());
		ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
		ck_assert_msg(goc_audit_verify(NULL, NULL, db, 0, NULL) == GOC_OK,
		              "denial, %s at %ld: goc_audit_verify: %s", kind_name[k], nth,
		              goc_error_message());
		goc_db_close(db);
		if (injected == 0) {
			ck_assert_int_eq(rc, GOC_EPERM);
			ck_assert_int_eq(now.log_rows, before.log_rows + 1);
			break;
		}
		if (rc != GOC_EPERM)
			t.errors++;
	}
	printf("%-18s %-32s %5ld runs, %5ld faults, %5ld errors, %4ld refused\n", "denial",
	       kind_name[k], t.runs, t.faults, t.errors, refused);
	tu_db_remove(viewer);
	add_totals(k, &t);
}

START_TEST(test_denial_faults)
{
	static const enum fault_kind kinds[] = { IO_TRANSIENT, IO_PERSISTENT, OOM_TRANSIENT,
		                                 OOM_PERSISTENT };
	denial_loop(kinds[_i]);
}
END_TEST

/* A record deleted from the audit trail behind libgoc's back: the file
 * still opens and works, and goc_audit_verify names the gap.  (An edited
 * record: tests/python/test_audit.py.) */
START_TEST(test_audit_record_deleted)
{
	char err[256];
	goc_db *db = NULL;
	int64_t checked = 0, bad = 0;

	ck_assert_msg(tu_db_copy(tmpl_base, work, err, sizeof err) == 0, "%s", err);
	raw_exec(work, "DROP TRIGGER change_log_no_delete;"
	               "DELETE FROM change_log WHERE seq = 5;");
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	ck_assert_int_eq(goc_audit_verify(&checked, &bad, db, 0, NULL), GOC_ECORRUPT);
	ck_assert_int_eq(bad, 5);
	ck_assert_int_eq(checked, 4);
	ck_assert_msg(strstr(goc_error_message(), "record 5") != NULL, "message: %s",
	              goc_error_message());
	ck_assert_int_eq(goc_db_errcode(db), GOC_ECORRUPT);
	/* reads and writes go on; the gap stays named */
	ck_assert_int_eq(sc_org_create(db), GOC_OK);
	ck_assert_int_eq(goc_audit_verify(NULL, &bad, db, 0, NULL), GOC_ECORRUPT);
	ck_assert_int_eq(bad, 5);
	goc_db_close(db);
}
END_TEST

/* ------------------------------------------------------------------------
 * Reads under faults (issue 14, "Coverage as SQLite keeps it"): every read
 * call, with an allocation failure at each of its allocations in turn and
 * an I/O error at each of its file operations, returns GOC_OK with the
 * whole answer or an error with a message; it leaks nothing, leaves no
 * transaction open, and the same call run clean afterwards on the same
 * handle gives the same answer.
 * ---------------------------------------------------------------------- */

/* A cursor's rows, read and freed: GOC_OK, or the first error.  *rows
 * gets a digest of the answer: the number of rows, plus the values of
 * KPI rows and scores (a wrong count inside the evaluation shows). */
static int drain(int rc, goc_cursor **curp, long *rows)
{
	goc_cursor *cur = *curp;
	*rows = 0;
	if (rc != GOC_OK) {
		ck_assert_ptr_null(cur);
		return rc;
	}
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_kpi_row *kr = goc_cursor_kpi_row(cur);
		const goc_score *sr = goc_cursor_score(cur);
		++*rows;
		if (kr)
			*rows += (long)(goc_kpi_row_actual(kr) * 1000) + goc_kpi_row_status(kr);
		if (sr)
			*rows += (long)(goc_score_value(sr) * 1000) + goc_score_count(sr, GOC_STATUS_MET);
	}
	/* a failed step is remembered: the cursor does not start again */
	if (rc != GOC_DONE)
		ck_assert_int_eq(goc_cursor_next(cur), rc);
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

#define PLAN "pudong-goc-2024"

static int rd_evaluate(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	return drain(goc_kpi_evaluate(&cur, db, PLAN, NULL, "2024-09-30"), &cur, rows);
}

static int rd_evaluate_closed(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	return drain(goc_kpi_evaluate(&cur, db, PLAN, NULL, "2026-03-31"), &cur, rows);
}

/* The rows a bureau answers for (its unit rows and its zone's). */
static int rd_evaluate_unit(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	return drain(goc_kpi_evaluate_unit(&cur, db, PLAN, "lujiazui-bureau", "2024-09-30"), &cur,
	             rows);
}

static int rd_scorecard(goc_db *db, long *rows)
{
	long n = 0;
	int rc = GOC_OK;
	*rows = 0;
	for (int by = GOC_BY_PLAN; rc == GOC_OK && by <= GOC_BY_UNIT; by++) {
		goc_cursor *cur = NULL;
		rc = drain(goc_scorecard(&cur, db, PLAN, "2024-09-30", by), &cur, &n);
		*rows += n;
	}
	return rc;
}

/* The series: every month end of the plan's two years and the three
 * scorecard series over quarter ends (one pass over the history each). */
static int rd_kpi_series(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.from = "2024-01-01";
	o.to = "2025-12-31";
	o.every = GOC_EVERY_MONTH;
	return drain(goc_kpi_series(&cur, db, PLAN, &o), &cur, rows);
}

/* One KPI's series for one unit, at listed dates (the checks of both). */
static int rd_kpi_series_one(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	static const char *const dates[] = { "2025-06-30", "2024-06-30" };
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.dates = dates;
	o.n_dates = 2;
	o.kpi = "k1";
	o.member = "commerce";
	return drain(goc_kpi_series(&cur, db, PLAN, &o), &cur, rows);
}

static int rd_score_series(goc_db *db, long *rows)
{
	long n = 0;
	int rc = GOC_OK;
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.from = "2024-01-01";
	o.to = "2025-12-31";
	o.every = GOC_EVERY_QUARTER;
	static const int bys[] = { GOC_BY_PLAN, GOC_BY_ZONE, GOC_BY_UNIT };
	*rows = 0;
	for (size_t i = 0; rc == GOC_OK && i < N_ELEMS(bys); i++) {
		goc_cursor *cur = NULL;
		rc = drain(goc_score_series(&cur, db, PLAN, &o, bys[i]), &cur, &n);
		*rows += n;
	}
	return rc;
}

static int rd_kpis(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	goc_kpi *k = NULL;
	int rc = drain(goc_kpi_list(&cur, db, PLAN), &cur, rows);
	if (rc == GOC_OK)
		rc = goc_kpi_get(&k, db, PLAN, "k1");
	goc_kpi_free(k);
	return rc;
}

static int rd_reports(goc_db *db, long *rows)
{
	goc_report_filter f = GOC_REPORT_FILTER_INIT;
	goc_cursor *cur = NULL;
	long n = 0;
	f.include_superseded = 1;
	int rc = drain(goc_report_list(&cur, db, PLAN, &f), &cur, rows);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_report_latest(&cur, db, PLAN), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_report_missing(&cur, db, PLAN, "2024-Q2"), &cur, &n);
		*rows += n;
	}
	return rc;
}

static int rd_tasks(goc_db *db, long *rows)
{
	goc_task_filter f = GOC_TASK_FILTER_INIT;
	goc_cursor *cur = NULL;
	long n = 0;
	f.overdue_as_of = "2025-06-30";
	f.unit = "commerce";
	int rc = drain(goc_task_list(&cur, db, PLAN, &f), &cur, rows);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_plan_matrix(&cur, db, PLAN), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_unit_tasks(&cur, db, PLAN, "commerce", GOC_RESP_EXPAND | GOC_RESP_INHERIT),
		           &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_task_units(&cur, db, PLAN, "i2", GOC_RESP_EXPAND | GOC_RESP_INHERIT),
		           &cur, &n);
		*rows += n;
	}
	return rc;
}

/* The report model: dossier rows (each with its missing quarters), the
 * latest reports as of a date, a landing date, decoding (goc/report.h). */
static int rd_dossier(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	long n = 0;
	int rc = goc_dossier_list(&cur, db, PLAN, "2025-06-30", NULL);
	*rows = 0;
	if (rc != GOC_OK)
		ck_assert_ptr_null(cur);
	else {
		while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
			const goc_dossier_row *r = goc_cursor_dossier_row(cur);
			*rows += 1 + goc_dossier_row_missing_count(r) + goc_dossier_row_overdue(r) +
			         (long)goc_dossier_row_report_id(r);
		}
		rc = rc == GOC_DONE ? GOC_OK : rc;
	}
	goc_cursor_free(cur);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_report_latest_as_of(&cur, db, PLAN, "2024-06-30"), &cur, &n);
		*rows += n;
	}
	char *text = NULL;
	if (rc == GOC_OK)
		rc = goc_org_landed_date(&text, db, O3, "2025-06-30");
	*rows += text ? (long)strlen(text) : 0;
	goc_free(text);
	text = NULL;
	if (rc == GOC_OK)
		rc = goc_text_decode(&text, NULL, "\xB9\xFA\xB1\xEA", 4, NULL);
	*rows += text ? (long)strlen(text) : 0;
	goc_free(text);
	return rc;
}

static int rd_export(goc_db *db, long *rows)
{
	char *text = NULL;
	int rc = goc_plan_export_json(&text, db, PLAN);
	*rows = text ? (long)strlen(text) : 0;
	goc_free(text);
	return rc;
}

static int rd_orgs(goc_db *db, long *rows)
{
	goc_org_filter f = GOC_ORG_FILTER_INIT;
	goc_cursor *cur = NULL;
	goc_org *o = NULL;
	long n = 0;
	f.zone = "lujiazui";
	f.unit = "commerce";
	int rc = drain(goc_org_list(&cur, db, &f), &cur, rows);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_org_history(&cur, db, O3), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_org_reviews(&cur, db, O3), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK)
		rc = goc_org_find(&o, db, "第一组织");
	goc_org_free(o);
	return rc;
}

static int rd_activity(goc_db *db, long *rows)
{
	goc_activity_filter f = GOC_ACTIVITY_FILTER_INIT;
	goc_cursor *cur = NULL;
	goc_zone_fact *z = NULL;
	long n = 0;
	f.unit = "commerce";
	int rc = drain(goc_partner_list(&cur, db, &f), &cur, rows);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_expert_list(&cur, db, &f), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_event_list(&cur, db, &f), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_request_list(&cur, db, &f), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK)
		rc = goc_zone_facts(&z, db, "lujiazui", "2024-12-31");
	goc_zone_fact_free(z);
	return rc;
}

static int rd_register(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	long n = 0;
	int rc = drain(goc_unit_list(&cur, db, 0), &cur, rows);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_group_members(&cur, db, "bureaus"), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_zone_list(&cur, db), &cur, &n);
		*rows += n;
	}
	return rc;
}

static int rd_audit(goc_db *db, long *rows)
{
	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	goc_cursor *cur = NULL;
	int64_t checked = 0;
	int rc = drain(goc_audit_list(&cur, db, &f), &cur, rows);
	if (rc == GOC_OK)
		rc = goc_audit_verify(&checked, NULL, db, 0, NULL);
	*rows += (long)checked;
	return rc;
}

/* The data version: the last record of the trail, read and folded. */
static int rd_data_version(goc_db *db, long *rows)
{
	int64_t v = -1;
	int rc = goc_db_data_version(db, &v);
	*rows = rc == GOC_OK && v > 0;
	return rc;
}

/* The schema version: PRAGMA user_version. */
static int rd_schema_version(goc_db *db, long *rows)
{
	int v = -1;
	int rc = goc_db_schema_version(db, &v);
	*rows = rc == GOC_OK && v > 0;
	return rc;
}

/* Reminders (催报): the dossier's missing, late and overdue items and the
 * KPIs behind, each with its unit's contact (in the site sweep only: a
 * quarter of a million allocations and 5,000 file operations a call, whose
 * I/O errors are those of the dossier and the KPI evaluation above); typed
 * names resolved, found and not found (the message with its suggestions is
 * the answer). */
static int rd_reminders(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	int rc = goc_reminder_list(&cur, db, PLAN, "2025-06-30", NULL);
	*rows = 0;
	if (rc != GOC_OK) {
		ck_assert_ptr_null(cur);
		return rc;
	}
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		*rows += 1 + goc_reminder_kind(r) * 10 + (goc_reminder_contact(r) != NULL) +
		         (long)strlen(goc_reminder_unit_name_zh(r));
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

static int resolved(int rc, char **codep, long *rows)
{
	char *code = *codep;
	*codep = NULL;
	if (rc == GOC_OK)
		*rows += (long)strlen(code);
	else if (rc == GOC_ENOTFOUND || rc == GOC_EINVAL) {
		*rows += (long)strlen(goc_error_message());
		rc = GOC_OK;
	} else
		ck_assert_ptr_null(code);
	goc_free(code);
	return rc;
}

static int rd_resolve(goc_db *db, long *rows)
{
	char *code = NULL;
	int v = 0;
	*rows = 0;
	int rc = resolved(goc_resolve(&code, db, GOC_RESOLVE_UNIT, NULL, "商务委"), &code, rows);
	if (rc == GOC_OK)
		rc = resolved(goc_resolve(&code, db, GOC_RESOLVE_TASK, PLAN, "（一）"), &code, rows);
	if (rc == GOC_OK)
		rc = resolved(goc_resolve(&code, db, GOC_RESOLVE_ZONE, NULL, "陆家咀"), &code, rows);
	if (rc == GOC_OK)
		rc = resolved(goc_resolve(&code, db, GOC_RESOLVE_TASK, NULL, "提高"), &code, rows);
	if (rc == GOC_OK)
		rc = resolved(goc_resolve(&code, db, GOC_RESOLVE_TASK_STATUS, NULL, "进形中"), &code, rows);
	if (rc == GOC_OK && (rc = goc_resolve_enum(&v, GOC_RESOLVE_STAGE, "已落地")) == GOC_OK)
		*rows += v;
	return rc;
}

static const struct read_scenario {
	const char *name;
	int (*run)(goc_db *db, long *rows);
} reads[] = {
	{ "kpi.evaluate", rd_evaluate },
	{ "kpi.evaluate closed", rd_evaluate_closed },
	{ "kpi.evaluate unit", rd_evaluate_unit },
	{ "scorecard", rd_scorecard },
	{ "kpi.series", rd_kpi_series },
	{ "kpi.series one", rd_kpi_series_one },
	{ "score series", rd_score_series },
	{ "kpi.list", rd_kpis },
	{ "report lists", rd_reports },
	{ "task lists", rd_tasks },
	{ "report model", rd_dossier },
	{ "plan.export_json", rd_export },
	{ "org lists", rd_orgs },
	{ "activity lists", rd_activity },
	{ "register lists", rd_register },
	{ "audit list, verify", rd_audit },
	{ "data version", rd_data_version },
	{ "schema version", rd_schema_version },
	{ "resolve", rd_resolve },
};

/* More reads, for the site sweep only (faults-sites): single records and
 * the calls the lists above do not make. */
static int rd_records(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	goc_plan *p = NULL;
	goc_task *t = NULL;
	goc_report *r = NULL;
	goc_org *o = NULL;
	goc_partner *pa = NULL;
	goc_event *e = NULL;
	long n = 0;
	int rc = drain(goc_plan_list(&cur, db), &cur, rows);
	if (rc == GOC_OK)
		rc = goc_plan_get(&p, db, PLAN);
	if (rc == GOC_OK)
		rc = goc_task_get(&t, db, PLAN, "i7");
	if (rc == GOC_OK)
		rc = goc_report_get(&r, db, 1);
	if (rc == GOC_OK)
		rc = goc_org_get(&o, db, O3);
	if (rc == GOC_OK)
		rc = goc_partner_get(&pa, db, P1);
	if (rc == GOC_OK)
		rc = goc_event_get(&e, db, V1);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_org_review_requests(&cur, db, O1, GOC_REVIEW_REQUESTS_ALL), &cur, &n);
		*rows += n;
	}
	goc_plan_free(p);
	goc_task_free(t);
	goc_report_free(r);
	goc_org_free(o);
	goc_partner_free(pa);
	goc_event_free(e);
	return rc;
}

static int rd_access(goc_db *db, long *rows)
{
	int64_t seq = 0;
	char hash[65];
	int access = 0, reviewer = 0;
	int rc = goc_audit_head(&seq, hash, db);
	if (rc == GOC_OK)
		rc = goc_unit_access(&access, db, "commerce");
	if (rc == GOC_OK)
		rc = goc_unit_is_reviewer(&reviewer, db, "police");
	*rows = (long)seq * 100 + access * 10 + reviewer;
	return rc;
}

/* People: the lists and a record. */
static int rd_users(goc_db *db, long *rows)
{
	goc_cursor *cur = NULL;
	goc_user *u = NULL;
	long n = 0;
	int rc = drain(goc_user_list(&cur, db, NULL), &cur, rows);
	if (rc == GOC_OK) {
		cur = NULL;
		rc = drain(goc_token_list(&cur, db, "li"), &cur, &n);
		*rows += n;
	}
	if (rc == GOC_OK)
		rc = goc_user_get(&u, db, "li");
	if (rc == GOC_OK)
		*rows += (long)goc_user_id(u);
	goc_user_free(u);
	return rc;
}

static const struct read_scenario site_reads[] = {
	{ "records", rd_records },
	{ "people", rd_users },
	{ "access, audit head", rd_access },
	{ "reminders", rd_reminders },
};

/* The read fixture: the base template and what makes the reads go every
 * way — a measurement, a landed organization's regional HQ, zone facts, a
 * resolved request, a corrected report, a KPI of requests. */
static void make_read_db(void)
{
	goc_db *db = NULL;
	char err[256];
	ck_assert_msg(tu_db_copy(tmpl_base, work, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	must(goc_measurement_record(db, PLAN, "k1", NULL, "2024-06-30", 92.5, NULL), "measurement");
	must(goc_org_set_hq(db, O3, "2024-05-01", "commerce", NULL), "hq");
	must(goc_zone_set_facts(db, "lujiazui", "2024-06-30", 1, "张三"), "zone facts");
	must(goc_request_resolve(db, R1, "2024-03-20", "已办结"), "resolve");
	must(submit_report(db, "2024-Q1"), "corrected report");
	/* a KPI measured from the requests themselves (not grouped counts) */
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PLAN;
	f.code = "k-within";
	f.name_zh = "十日内办结诉求占比";
	f.measure = GOC_MEASURE_REQUEST_WITHIN;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.days = 10;
	f.target_min = 80;
	must(goc_kpi_create(db, &f), "request KPI");
	goc_db_close(db);
}

/* Runs allowed per read call and kind of fault, and operations allowed
 * in all of them (the scorecard makes 190,000 allocations a run). */
#define READ_BUDGET 1200
#define READ_COST 30000000L

/* One run of a read call with the nth operation failing, and the checks.
 * Returns -1 once nth is past the call's last operation (it ran clean),
 * else 1 if the call gave an error, 0 if it gave the whole answer. */
static int read_run(const struct read_scenario *sc, enum fault_kind k, long nth, long rows_clean)
{
	long live0 = tu_alloc_live(), injected, rows = 0;
	goc_db *db = NULL;
	int rc, failed;

	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	goc_error_clear();
	arm(k, nth);
	rc = sc->run(db, &rows);
	injected = disarm(k);
	if (injected == 0) {
		ck_assert_msg(rc == GOC_OK && rows == rows_clean, "%s: failed without a fault: %s",
		              sc->name, goc_error_message());
		goc_db_close(db);
		return -1;
	}
	failed = rc != GOC_OK;
	if (failed)
		ck_assert_msg(rc < 0 && goc_error_message()[0] != '\0',
		              "%s, %s at %ld: returned %d (%s)", sc->name, kind_name[k], nth, rc,
		              goc_error_message());
	else
		ck_assert_msg(rows == rows_clean, "%s, %s at %ld: GOC_OK with %ld rows, not %ld",
		              sc->name, kind_name[k], nth, rows, rows_clean);
	ck_assert_msg(!goc_db_in_transaction(db), "%s, %s at %ld: a transaction is left open",
	              sc->name, kind_name[k], nth);
	/* the same handle, without the fault: the same answer */
	rc = sc->run(db, &rows);
	ck_assert_msg(rc == GOC_OK && rows == rows_clean,
	              "%s, %s at %ld: the next clean run gives %s (%s), %ld rows, not %ld",
	              sc->name, kind_name[k], nth, goc_strerror(rc), goc_error_message(), rows,
	              rows_clean);
	goc_db_close(db);
	ck_assert_msg(tu_alloc_live() == live0, "%s, %s at %ld: %ld allocations leaked", sc->name,
	              kind_name[k], nth, tu_alloc_live() - live0);
	return failed;
}

static void read_loop(const struct read_scenario *sc, enum fault_kind k)
{
	goc_db *db = NULL;
	long rows_clean = 0, nth, total, runs = 0, errors = 0;
	int rc;

	const char *only = getenv("GOC_FAULTS_ONLY");
	if (only && strcmp(only, sc->name) != 0)
		return;
	make_read_db();
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	arm(k, LONG_MAX);
	rc = sc->run(db, &rows_clean);
	disarm(k);
	total = k == IO_TRANSIENT || k == IO_PERSISTENT ? faultvfs_count() : mem_count;
	ck_assert_msg(rc == GOC_OK, "%s without faults: %s (%s)", sc->name, goc_strerror(rc),
	              goc_error_message());
	goc_db_close(db);
	/* every operation in turn, up to the budget; past it, every one of the
	 * first READ_HEAD and a stride after (GOC_FAULTS_FULL=1: every one) */
	long budget = getenv("GOC_FAULTS_QUICK") ? 16 : READ_BUDGET, stride = 1;
	if (budget > READ_COST / total)
		budget = READ_COST / total > 32 ? READ_COST / total : 32;
	long head = budget / 2;
	if (!getenv("GOC_FAULTS_FULL") && total > budget)
		stride = (total - head) / (budget - head) + 1;
	for (nth = 1;; nth += nth < head ? 1 : stride) {
		int r = read_run(sc, k, nth, rows_clean);
		if (r < 0)
			break;
		runs++;
		errors += r;
	}
	printf("%-20s %-22s %5ld operations, %5ld runs (every %ld), %5ld errors\n", sc->name,
	       kind_name[k], total, runs, stride, errors);
}

/* Every allocation site of a read call (see site_note()) fails once. */
static void read_site_loop(const struct read_scenario *sc, enum fault_kind k)
{
	goc_db *db = NULL;
	long rows_clean = 0, errors = 0;

	const char *only = getenv("GOC_FAULTS_ONLY");
	if (only && strcmp(only, sc->name) != 0)
		return;
	make_read_db();
	ck_assert_int_eq(goc_db_open(&db, work), GOC_OK);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	site_record_begin(0);
	arm(k, LONG_MAX);
	int rc = sc->run(db, &rows_clean);
	long total = k == IO_TRANSIENT ? faultvfs_count() : mem_count;
	disarm(k);
	site_record_end();
	ck_assert_msg(rc == GOC_OK, "%s without faults: %s (%s)", sc->name, goc_strerror(rc),
	              goc_error_message());
	goc_db_close(db);
	size_t n = site_n;
	long *points = malloc((n ? n : 1) * sizeof *points);
	ck_assert_ptr_nonnull(points);
	memcpy(points, site_points, n * sizeof *points);
	for (size_t i = 0; i < n; i++) {
		if (getenv("GOC_FAULTS_AT") && atol(getenv("GOC_FAULTS_AT")) != points[i])
			continue; /* GOC_FAULTS_AT=n: that allocation only */
		int r = read_run(sc, k, points[i], rows_clean);
		ck_assert_msg(r >= 0, "%s: allocation %ld (a site) was not made again", sc->name,
		              points[i]);
		errors += r;
	}
	free(points);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%-20s %-22s %5ld operations, %5zu sites, %5ld errors, %.1f s\n", sc->name,
	       kind_name[k], total, n, errors,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

START_TEST(test_read_oom)
{
	read_loop(&reads[_i], OOM_TRANSIENT);
}
END_TEST

START_TEST(test_read_io)
{
	read_loop(&reads[_i], IO_TRANSIENT);
}
END_TEST

START_TEST(test_site_write)
{
	int n = (int)N_ELEMS(scenarios);
	fault_site_loop(_i < n ? &scenarios[_i] : &site_writes[_i - n], OOM_TRANSIENT);
}
END_TEST

/* The same with an I/O error at each site of a file operation (a write's
 * reads of pages not yet cached, its journal, its commit). */
START_TEST(test_site_write_io)
{
	int n = (int)N_ELEMS(scenarios);
	fault_site_loop(_i < n ? &scenarios[_i] : &site_writes[_i - n], IO_TRANSIENT);
}
END_TEST

START_TEST(test_site_read)
{
	int n = (int)N_ELEMS(reads);
	read_site_loop(_i < n ? &reads[_i] : &site_reads[_i - n], OOM_TRANSIENT);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *faults_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc;
	int n = (int)N_ELEMS(scenarios);

	tc = tcase_create("io");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_io_transient, 0, n);
	tcase_add_loop_test(tc, test_io_persistent, 0, n);
	suite_add_tcase(s, tc);

	tc = tcase_create("txn");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_txn_second_call, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("denial");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_denial_faults, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("open");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_open_faults, 0, 8);
	suite_add_tcase(s, tc);

	add_case(s, "files", NULL, NULL, 0, (const TTest *[]){
		test_truncated_database, test_truncated_wal, test_audit_record_deleted, NULL });

	add_case(s, "crash", NULL, NULL, 600, (const TTest *[]){
		test_crash_mid_import, NULL });

	tc = tcase_create("reads"); /* its own test, faults-reads: CK_EXCLUDE_TAGS=reads */
	tcase_set_tags(tc, "reads");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_read_oom, 0, (int)N_ELEMS(reads));
	tcase_add_loop_test(tc, test_read_io, 0, (int)N_ELEMS(reads));
	suite_add_tcase(s, tc);

	/* its own test, faults-sites: CK_EXCLUDE_TAGS=sites elsewhere */
	tc = tcase_create("sites");
	tcase_set_tags(tc, "sites");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_site_write, 0, n + (int)N_ELEMS(site_writes));
	tcase_add_loop_test(tc, test_site_write_io, 0, n + (int)N_ELEMS(site_writes));
	tcase_add_loop_test(tc, test_site_read, 0, (int)(N_ELEMS(reads) + N_ELEMS(site_reads)));
	/* and the refusals under faults, every operation (the 'faults' test's
	 * "denial" case; 'faults-quick' samples it) */
	tcase_add_loop_test(tc, test_denial_faults, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("oom");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_oom_transient, 0, n);
	tcase_add_loop_test(tc, test_oom_persistent, 0, n);
	suite_add_tcase(s, tc);
	return s;
}

static void print_totals(void)
{
	FILE *f = fopen(totals_path, "r");
	long sum[4][5] = { { 0 } };
	int k;
	long v[5];

	if (!f)
		return;
	while (fscanf(f, "%d %ld %ld %ld %ld %ld", &k, &v[0], &v[1], &v[2], &v[3], &v[4]) == 6)
		if (k >= 0 && k < 4)
			for (int i = 0; i < 5; i++)
				sum[k][i] += v[i];
	fclose(f);
	for (k = 0; k < 4; k++)
		printf("total %-32s %6ld runs, %6ld faults injected, %6ld errors returned,"
		       " %5ld absorbed by SQLite\n",
		       kind_name[k], sum[k][0], sum[k][1], sum[k][2], sum[k][3]);
}

int main(void)
{
	char path[1024];
	SRunner *sr;
	int failed;

	install_allocator(); /* before anything initialises SQLite */
	if (faultvfs_register() != SQLITE_OK) {
		fprintf(stderr, "cannot register the fault VFS\n");
		return 1;
	}
	faultvfs_skip_sync(1);
	if (!tu_source_path(path, sizeof path, "tests/data/plans/small.json") ||
	    !(plan_json = tu_slurp(path, &plan_json_len)) ||
	    !tu_source_path(path, sizeof path, "tests/data/tables/seed-table.tsv") ||
	    !(task_table = tu_slurp(path, &task_table_len)) ||
	    !tu_source_path(path, sizeof path, "tests/data/tables/seed-table-gb18030-crlf.tsv") ||
	    !(task_table_gb = tu_slurp(path, &task_table_gb_len))) {
		fprintf(stderr, "cannot read the fixtures under $GOC_SOURCE_DIR/tests/data\n");
		return 1;
	}
	tu_tmpdir_make(tmpdir, sizeof tmpdir, "faults");
	make_templates();

	sr = srunner_create(faults_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	print_totals();
	tu_tmpdir_remove(tmpdir);
	free(plan_json);
	free(task_table);
	free(task_table_gb);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
