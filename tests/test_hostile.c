/*
 * test_hostile — every public entry point that can fail, given bad input:
 * NULL pointers, empty and over-long strings, invalid UTF-8, SQL
 * metacharacters in names, out-of-range enums and dates, closed handles,
 * calls out of order, read-only handles.  The rows are in hostile_cases.h;
 * each must give its documented code, a message that names what was wrong,
 * and write nothing (the row counts of every table and the change log are
 * compared before and after).  docs/bad-inputs.md is the same table: the
 * test `doc_agrees` checks it, and GOC_HOSTILE_WRITE_DOC=1 rewrites it.
 *
 * Specification: the public headers (include/goc/), docs/bad-inputs.md.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include <goc.h>

#include "checkutil.h"

/* The field-set helpers override fields of a valid base (later designators
 * win, as C11 says). */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Winitializer-overrides"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Woverride-init"
#endif

#define PLAN_CODE "pudong-goc-2024"

struct fixture {
	char dir[64], path[96], not_sqlite[96], missing[96];
	char goal[64], kpi[64];
	int64_t org, partner, expert, event, request;
	int n;
	void *rec;
	goc_cursor *cur;
	int rc;
};
static struct fixture fixture;

#define BAD_UTF8 "bad\xC3\x28name"
#define SQL "'; DROP TABLE units; --"

/* n characters of text (rotating buffers, so a few can be alive at once). */
static const char *long_text(size_t n)
{
	static char bufs[4][20010];
	static int next;
	char *b = bufs[next++ % 4];
	if (n >= sizeof bufs[0])
		n = sizeof bufs[0] - 1;
	memset(b, 'x', n);
	b[n] = '\0';
	return b;
}
#define LONG(n) long_text(n)

#define ORG(...) (&(goc_org_fields){ .version = GOC_ORG_FIELDS_VERSION, .name_zh = "敌意测试新组织", \
	.category = GOC_CATEGORY_TRADE, .date = "2024-03-01", __VA_ARGS__ })
#define UNIT(...) (&(goc_unit_fields){ .version = GOC_UNIT_FIELDS_VERSION, .code = "hx-unit", \
	.name_zh = "敌意测试单位", .kind = GOC_UNIT_DEPARTMENT, __VA_ARGS__ })
#define ZONE(...) (&(goc_zone_fields){ .version = GOC_ZONE_FIELDS_VERSION, .code = "hx-zone", \
	.name_zh = "敌意测试区", __VA_ARGS__ })
#define PLAN(...) (&(goc_plan_fields){ .version = GOC_PLAN_FIELDS_VERSION, .code = "hx-plan", \
	.title_zh = "敌意测试方案", __VA_ARGS__ })
#define GOAL(...) (&(goc_goal_fields){ .version = GOC_GOAL_FIELDS_VERSION, .plan = PLAN_CODE, \
	.code = "hx-goal", .title_zh = "敌意测试目标", __VA_ARGS__ })
#define TASK(...) (&(goc_task_fields){ .version = GOC_TASK_FIELDS_VERSION, .plan = PLAN_CODE, \
	.code = "hx-task", .level = GOC_LEVEL_SECTION, .title_zh = "敌意测试任务", __VA_ARGS__ })
#define TCHG(...) (&(goc_task_changes){ .version = GOC_TASK_CHANGES_VERSION, \
	.recurrence = GOC_RECUR_UNCHANGED, __VA_ARGS__ })
#define REPORT(...) (&(goc_report_fields){ .version = GOC_REPORT_FIELDS_VERSION, .plan = PLAN_CODE, \
	.task = "i1", .unit = "ftz-bureau", .period = "2024-Q3", .date = "2024-09-30", \
	.status = GOC_TASK_IN_PROGRESS, .percent = GOC_PERCENT_NONE, __VA_ARGS__ })
#define KPI(...) (&(goc_kpi_fields){ .version = GOC_KPI_FIELDS_VERSION, .plan = PLAN_CODE, \
	.code = "hx-kpi", .name_zh = "敌意测试指标", .measure = GOC_MEASURE_ORGS_ENTERED, \
	.scope = GOC_SCOPE_PLAN, .window = GOC_WINDOW_PERIOD, .target_min = 1, \
	.target_max = GOC_NO_MAX, .international = GOC_ANY, .large = GOC_ANY, __VA_ARGS__ })
#define PARTNER(...) (&(goc_partner_fields){ .version = GOC_PARTNER_FIELDS_VERSION, \
	.name_zh = "敌意测试新伙伴", .kind = GOC_PARTNER_CHAMBER, .unit = "commerce", \
	.date = "2024-04-01", __VA_ARGS__ })
#define EXPERT(...) (&(goc_expert_fields){ .version = GOC_EXPERT_FIELDS_VERSION, \
	.name = "敌意测试专家", .unit = "commerce", .date = "2024-04-01", __VA_ARGS__ })
#define EVENT(...) (&(goc_event_fields){ .version = GOC_EVENT_FIELDS_VERSION, \
	.title_zh = "敌意测试活动", .date = "2024-04-01", .kind = GOC_EVENT_FORUM, \
	.unit = "commerce", __VA_ARGS__ })
#define REQUEST(...) (&(goc_request_fields){ .version = GOC_REQUEST_FIELDS_VERSION, \
	.org = fx->org, .category = GOC_REQUEST_VISA, .opened = "2024-05-01", \
	.unit = "commerce", .summary = "敌意测试诉求", __VA_ARGS__ })

#define USER(...) (&(goc_user_fields){ .version = GOC_USER_FIELDS_VERSION, \
	.login = "hx-new", .name = "敌意测试人", .unit = "commerce", __VA_ARGS__ })

/* A record or a cursor that a row may get is freed at once. */
#define get_free(call, free_fn) \
	(fx->rc = (call), free_fn(fx->rec), fx->rec = NULL, fx->rc)
#define list_free(call) \
	(fx->rc = (call), goc_cursor_free(fx->cur), fx->cur = NULL, fx->rc)

static int open_free(const char *path, const goc_open_options *opts)
{
	goc_db *d = NULL;
	int rc = goc_db_open_ext(&d, path, opts);
	goc_db_close(d);
	return rc;
}

/* goc_org_create_many_ext() options: a callback that cancels at once. */
static int stop_at_once(size_t done, size_t total, void *payload)
{
	(void)done, (void)total, (void)payload;
	return 1;
}
#define BULK(...) (&(goc_bulk_options){ .version = GOC_BULK_OPTIONS_VERSION, __VA_ARGS__ })

static int begin_twice(goc_db *db)
{
	ck_assert_int_eq(goc_db_begin(db), GOC_OK);
	int rc = goc_db_begin(db);
	ck_assert_int_eq(goc_db_rollback(db), GOC_OK);
	return rc;
}

static int cursor_after_close(void)
{
	goc_db *d;
	goc_cursor *cur;
	ck_assert_int_eq(goc_db_open(&d, ":memory:"), GOC_OK);
	ck_assert_int_eq(goc_reference_load(d, "pudong"), GOC_OK);
	ck_assert_int_eq(goc_unit_list(&cur, d, 0), GOC_OK);
	goc_db_close(d);
	int rc = goc_cursor_next(cur);
	goc_cursor_free(cur);
	return rc;
}

enum { RO_BEGIN, RO_ORG_CREATE, RO_ORG_CREATE_MANY, RO_TASK_UPDATE, RO_IMPORT, RO_LOGIN,
       RO_REPORT_IMPORT, RO_ORG_IMPORT };

#define RO_DOC "{\"format\": \"libgoc-plan\", \"format_version\": 1," \
	" \"plan\": {\"code\": \"ro\", \"title_zh\": \"x\"}}"

#define RO_ORGS "name_zh,category,date\n只读,trade,2024-01-01\n"
#define RO_REPORTS "单位,ftz-bureau\n期间,2024-Q3\n任务代码,状态,填报日期\ni1,done,2024-09-30\n"

static int on_readonly(struct fixture *fx, int what)
{
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	goc_db *d;
	ck_assert_int_eq(goc_db_open_ext(&d, fx->path, &o), GOC_OK);
	int rc = what == RO_BEGIN ? goc_db_begin(d)
	       : what == RO_ORG_CREATE ? goc_org_create(NULL, d, ORG())
	       : what == RO_ORG_CREATE_MANY ? goc_org_create_many(NULL, d, ORG(), 1)
	       : what == RO_TASK_UPDATE ? goc_task_update(d, PLAN_CODE, "i1", TCHG(.due = "2025-01-01"))
	       : what == RO_LOGIN ? goc_user_authenticate(NULL, d, "hx-user", "hostile password", NULL)
	       : what == RO_REPORT_IMPORT ? goc_report_import_table(NULL, d, RO_REPORTS, sizeof RO_REPORTS - 1, NULL)
	       : what == RO_ORG_IMPORT ? goc_org_import_table(NULL, d, RO_ORGS, sizeof RO_ORGS - 1, NULL)
	       : goc_plan_import_json(d, RO_DOC, sizeof RO_DOC - 1, NULL);
	goc_db_close(d);
	return rc;
}

/* goc_report_import_table() over a NUL-terminated table, with options. */
#define RIMP(...) (&(goc_report_import_options){ .version = GOC_REPORT_IMPORT_OPTIONS_VERSION, __VA_ARGS__ })
static int rimport(goc_db *db, const char *table, const goc_report_import_options *o)
{
	return goc_report_import_table(NULL, db, table, strlen(table), o);
}

static int oimport(goc_db *db, const char *table, const goc_org_import_options *o)
{
	return goc_org_import_table(NULL, db, table, strlen(table), o);
}

static int export_free(goc_db *db, const char *plan)
{
	char *out = NULL;
	int rc = goc_plan_export_json(&out, db, plan);
	goc_free(out);
	return rc;
}

static int facts_free(goc_db *db, const char *zone, const char *as_of)
{
	goc_zone_fact *f = NULL;
	int rc = goc_zone_facts(&f, db, zone, as_of);
	goc_zone_fact_free(f);
	return rc;
}

static int import_json_sql(goc_db *db)
{
	static const char doc[] =
		"{\"format\": \"libgoc-plan\", \"format_version\": 1,"
		" \"plan\": {\"code\": \"'; DROP TABLE units; --\", \"title_zh\": \"x\"}}";
	return goc_plan_import_json(db, doc, sizeof doc - 1, NULL);
}

static int import_json_again(goc_db *db)
{
	char *out = NULL;
	ck_assert_int_eq(goc_plan_export_json(&out, db, PLAN_CODE), GOC_OK);
	int rc = goc_plan_import_json(db, out, strlen(out), NULL);
	goc_free(out);
	return rc;
}

/* ---- the table ---- */

struct row {
	const char *func, *input;
	int code;
	const char *code_name, *names;
};

static const struct row rows[] = {
#define X(func, input, code, names, ...) { #func, input, code, #code, names },
#include "hostile_cases.h"
#undef X
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

static int run_row(int k, goc_db *db, struct fixture *fx)
{
	int i = 0;
#define X(func, input, code, names, ...) if (k == i++) return (__VA_ARGS__);
#include "hostile_cases.h"
#undef X
	(void)db;
	(void)fx;
	return -999;
}

/* ---- what was written: the row count of every table ---- */

static void fingerprint(const char *path, char *out, size_t size)
{
	sqlite3 *s;
	ck_assert_int_eq(sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st, *cnt;
	ck_assert_int_eq(sqlite3_prepare_v2(s, "SELECT name FROM sqlite_master WHERE type = 'table'"
	                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
	                                    -1, &st, NULL), SQLITE_OK);
	size_t used = 0;
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		char sql[200];
		const char *t = (const char *)sqlite3_column_text(st, 0);
		/* the change log's largest id too: a write undone would still
		 * use one.  Refusals are recorded by design (audit.h): counted
		 * apart, by denials(). */
		if (strcmp(t, "change_log") == 0)
			snprintf(sql, sizeof sql, "SELECT count(*), coalesce(max(seq), 0) FROM"
			                          " change_log WHERE outcome = 'ok'");
		else
			snprintf(sql, sizeof sql, "SELECT count(*), 0 FROM \"%s\"", t);
		ck_assert_int_eq(sqlite3_prepare_v2(s, sql, -1, &cnt, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(cnt), SQLITE_ROW);
		used += (size_t)snprintf(out + used, size - used, "%s:%lld/%lld ", t,
		                         sqlite3_column_int64(cnt, 0), sqlite3_column_int64(cnt, 1));
		ck_assert_uint_lt(used, size);
		sqlite3_finalize(cnt);
	}
	sqlite3_finalize(st);
	sqlite3_close(s);
}

/* The refusals recorded in the audit trail. */
static long long denials(const char *path)
{
	return query_int(path, "SELECT count(*) FROM change_log WHERE outcome = 'denied'");
}

/* ---- the fixture database (made once, before the tests fork) ---- */

static void first_code(int (*list)(goc_cursor **, goc_db *, const char *), goc_db *db,
                       int is_kpi, char *out, size_t size)
{
	goc_cursor *cur;
	ck_assert_int_eq(list(&cur, db, PLAN_CODE), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	snprintf(out, size, "%s", is_kpi ? goc_kpi_code(goc_cursor_kpi(cur))
	                                 : goc_goal_code(goc_cursor_goal(cur)));
	goc_cursor_free(cur);
}

static void fixture_setup(void)
{
	struct fixture *fx = &fixture;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/goc-test-hostile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%.60s/goc.db", fx->dir);
	snprintf(fx->not_sqlite, sizeof fx->not_sqlite, "%.60s/not-sqlite.db", fx->dir);
	snprintf(fx->missing, sizeof fx->missing, "%.60s/missing.db", fx->dir);
	FILE *f = fopen(fx->not_sqlite, "w");
	ck_assert_ptr_nonnull(f);
	fputs("This is a text file, not an SQLite database; it is long enough to have a header.\n", f);
	fclose(f);

	goc_db *db;
	ck_assert_int_eq(goc_db_open(&db, fx->path), GOC_OK);
	ck_assert_int_eq(goc_plan_load(db, PLAN_CODE), GOC_OK);
	ck_assert_int_eq(goc_plan_create(db, PLAN(.code = "hx-empty")), GOC_OK);
	ck_assert_int_eq(goc_org_create(&fx->org, db, ORG(.name_zh = "敌意测试组织", .zone = "ftz",
	                                                  .unit = "ftz-bureau")), GOC_OK);
	ck_assert_int_eq(goc_partner_create(&fx->partner, db, PARTNER(.name_zh = "敌意测试伙伴")), GOC_OK);
	ck_assert_int_eq(goc_expert_create(&fx->expert, db, EXPERT()), GOC_OK);
	ck_assert_int_eq(goc_event_create(&fx->event, db, EVENT()), GOC_OK);
	ck_assert_int_eq(goc_request_create(&fx->request, db, REQUEST()), GOC_OK);
	ck_assert_int_eq(goc_report_submit(NULL, db, REPORT()), GOC_OK);
	ck_assert_int_eq(goc_user_add(NULL, db, USER(.login = "hx-user"), "hostile password"),
	                 GOC_OK);
	char *token = NULL;
	ck_assert_int_eq(goc_token_add(&token, NULL, db, "hx-user", "hostile", NULL), GOC_OK);
	goc_free(token);
	first_code(goc_goal_list, db, 0, fx->goal, sizeof fx->goal);
	first_code(goc_kpi_list, db, 1, fx->kpi, sizeof fx->kpi);
	goc_db_close(db);
}

static void fixture_teardown(void)
{
	unlink(fixture.path);
	char p[128];
	snprintf(p, sizeof p, "%s-wal", fixture.path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", fixture.path);
	unlink(p);
	unlink(fixture.not_sqlite);
	rmdir(fixture.dir);
}

/* ---- the tests ---- */

START_TEST(bad_input)
{
	const struct row *r = &rows[_i];
	struct fixture *fx = &fixture;
	char before[4096], after[4096];
	goc_db *db;
	ck_assert_int_eq(goc_db_open(&db, fx->path), GOC_OK);
	fingerprint(fx->path, before, sizeof before);
	long long denied = denials(fx->path);
	goc_error_clear();
	int rc = run_row(_i, db, fx);
	const char *msg = goc_error_message();
	ck_assert_msg(rc == r->code, "%s, %s: got %d (%s: %s), documented %s", r->func, r->input,
	              rc, goc_strerror(rc), msg, r->code_name);
	ck_assert_msg(goc_error_last() == rc, "%s, %s: goc_error_last() is %d", r->func, r->input,
	              goc_error_last());
	ck_assert_msg(msg[0] != '\0', "%s, %s: no message", r->func, r->input);
	ck_assert_msg(goc_utf8_check(msg) == GOC_OK, "%s, %s: message not UTF-8", r->func, r->input);
	ck_assert_msg(strstr(msg, r->names) != NULL, "%s, %s: message '%s' does not name '%s'",
	              r->func, r->input, msg, r->names);
	ck_assert_msg(!goc_db_in_transaction(db), "%s, %s: left a transaction open", r->func, r->input);
	goc_db_close(db);
	fingerprint(fx->path, after, sizeof after);
	ck_assert_msg(strcmp(before, after) == 0, "%s, %s: wrote something:\n%s\n%s", r->func,
	              r->input, before, after);
	/* a refusal is itself recorded, once; nothing else is */
	ck_assert_int_eq(denials(fx->path), denied + (rc == GOC_EPERM ? 1 : 0));
}
END_TEST

/* Destructors and accessors take NULL: every function of the headers with
 * one record, cursor or handle argument (made from the headers), and a few
 * more. */
START_TEST(null_is_harmless)
{
	goc_user_free(NULL);
	ck_assert_ptr_null(goc_cursor_user(NULL));
	ck_assert_ptr_null(goc_cursor_token(NULL));
	ck_assert_ptr_null(goc_user_login(NULL));
	ck_assert_ptr_null(goc_token_label(NULL));
	ck_assert_ptr_null(goc_audit_person(NULL));
	ck_assert_ptr_null(goc_db_user(NULL));
	goc_partner_free(NULL);
	ck_assert_ptr_null(goc_cursor_partner(NULL));
	(void)goc_partner_id(NULL);
	ck_assert_ptr_null(goc_partner_name_zh(NULL));
	ck_assert_ptr_null(goc_partner_name_en(NULL));
	(void)goc_partner_kind(NULL);
	ck_assert_ptr_null(goc_partner_unit(NULL));
	ck_assert_ptr_null(goc_partner_date(NULL));
	ck_assert_ptr_null(goc_partner_contact(NULL));
	ck_assert_ptr_null(goc_partner_notes(NULL));
	goc_expert_free(NULL);
	ck_assert_ptr_null(goc_cursor_expert(NULL));
	(void)goc_expert_id(NULL);
	ck_assert_ptr_null(goc_expert_name(NULL));
	ck_assert_ptr_null(goc_expert_field(NULL));
	ck_assert_ptr_null(goc_expert_affiliation(NULL));
	ck_assert_ptr_null(goc_expert_unit(NULL));
	ck_assert_ptr_null(goc_expert_date(NULL));
	ck_assert_ptr_null(goc_expert_notes(NULL));
	goc_event_free(NULL);
	ck_assert_ptr_null(goc_cursor_event(NULL));
	(void)goc_event_id(NULL);
	ck_assert_ptr_null(goc_event_title_zh(NULL));
	ck_assert_ptr_null(goc_event_title_en(NULL));
	ck_assert_ptr_null(goc_event_date(NULL));
	ck_assert_ptr_null(goc_event_zone(NULL));
	(void)goc_event_kind(NULL);
	(void)goc_event_international(NULL);
	(void)goc_event_large(NULL);
	ck_assert_ptr_null(goc_event_unit(NULL));
	ck_assert_ptr_null(goc_event_organizers(NULL));
	ck_assert_int_eq(goc_event_organizer_count(NULL), 0);
	ck_assert_ptr_null(goc_event_organizer_at(NULL, 0));
	(void)goc_event_org_count(NULL);
	ck_assert_ptr_null(goc_event_notes(NULL));
	goc_request_free(NULL);
	ck_assert_ptr_null(goc_cursor_request(NULL));
	(void)goc_request_id(NULL);
	(void)goc_request_org(NULL);
	(void)goc_request_category(NULL);
	ck_assert_ptr_null(goc_request_opened(NULL));
	ck_assert_ptr_null(goc_request_unit(NULL));
	ck_assert_ptr_null(goc_request_summary(NULL));
	ck_assert_ptr_null(goc_request_resolved(NULL));
	ck_assert_ptr_null(goc_request_outcome(NULL));
	(void)goc_request_days(NULL);
	ck_assert_ptr_null(goc_request_notes(NULL));
	goc_zone_fact_free(NULL);
	ck_assert_ptr_null(goc_zone_fact_zone(NULL));
	ck_assert_ptr_null(goc_zone_fact_date(NULL));
	(void)goc_zone_fact_office_space(NULL);
	ck_assert_ptr_null(goc_zone_fact_contact(NULL));
	goc_db_close(NULL);
	ck_assert_str_eq(goc_db_errmsg(NULL), "");
	(void)goc_db_errcode(NULL);
	ck_assert_ptr_null(goc_db_actor(NULL));
	(void)goc_db_in_transaction(NULL);
	goc_cursor_free(NULL);
	goc_kpi_free(NULL);
	ck_assert_ptr_null(goc_cursor_kpi(NULL));
	ck_assert_ptr_null(goc_kpi_code(NULL));
	ck_assert_ptr_null(goc_kpi_plan(NULL));
	ck_assert_ptr_null(goc_kpi_name_zh(NULL));
	ck_assert_ptr_null(goc_kpi_name_en(NULL));
	(void)goc_kpi_measure(NULL);
	(void)goc_kpi_scope(NULL);
	ck_assert_ptr_null(goc_kpi_members(NULL));
	(void)goc_kpi_window(NULL);
	ck_assert_ptr_null(goc_kpi_start(NULL));
	ck_assert_ptr_null(goc_kpi_end(NULL));
	ck_assert_ptr_null(goc_kpi_baseline_date(NULL));
	(void)goc_kpi_baseline(NULL);
	(void)goc_kpi_target_min(NULL);
	(void)goc_kpi_target_max(NULL);
	(void)goc_kpi_direction(NULL);
	(void)goc_kpi_weight(NULL);
	ck_assert_ptr_null(goc_kpi_tasks(NULL));
	ck_assert_int_eq(goc_kpi_task_count(NULL), 0);
	ck_assert_ptr_null(goc_kpi_task_at(NULL, 0));
	ck_assert_int_eq(goc_kpi_member_count(NULL), 0);
	ck_assert_ptr_null(goc_kpi_member_at(NULL, 0));
	(void)goc_kpi_at_risk(NULL);
	(void)goc_kpi_stage(NULL);
	(void)goc_kpi_category(NULL);
	(void)goc_kpi_origin(NULL);
	(void)goc_kpi_event_kind(NULL);
	(void)goc_kpi_international(NULL);
	(void)goc_kpi_large(NULL);
	(void)goc_kpi_days(NULL);
	ck_assert_ptr_null(goc_cursor_kpi_row(NULL));
	ck_assert_ptr_null(goc_kpi_row_kpi(NULL));
	ck_assert_ptr_null(goc_kpi_row_member(NULL));
	ck_assert_int_eq(goc_kpi_row_member_count(NULL), 0);
	ck_assert_ptr_null(goc_kpi_row_member_at(NULL, 0));
	(void)goc_kpi_row_year(NULL);
	ck_assert_ptr_null(goc_kpi_row_start(NULL));
	ck_assert_ptr_null(goc_kpi_row_end(NULL));
	(void)goc_kpi_row_actual(NULL);
	(void)goc_kpi_row_expected(NULL);
	(void)goc_kpi_row_target_min(NULL);
	(void)goc_kpi_row_target_max(NULL);
	(void)goc_kpi_row_attainment(NULL);
	(void)goc_kpi_row_status(NULL);
	(void)goc_kpi_row_score(NULL);
	ck_assert_ptr_null(goc_cursor_score(NULL));
	ck_assert_ptr_null(goc_score_key(NULL));
	ck_assert_ptr_null(goc_score_name_zh(NULL));
	ck_assert_ptr_null(goc_score_name_en(NULL));
	(void)goc_score_status(NULL);
	(void)goc_score_value(NULL);
	(void)goc_score_actual(NULL);
	(void)goc_score_target(NULL);
	(void)goc_score_tasks(NULL);
	(void)goc_score_leads(NULL);
	(void)goc_score_overdue(NULL);
	(void)goc_score_missing_reports(NULL);
	goc_org_free(NULL);
	ck_assert_ptr_null(goc_cursor_org(NULL));
	(void)goc_org_id(NULL);
	ck_assert_ptr_null(goc_org_name_zh(NULL));
	ck_assert_ptr_null(goc_org_name_en(NULL));
	(void)goc_org_category(NULL);
	(void)goc_org_origin(NULL);
	ck_assert_ptr_null(goc_org_zone(NULL));
	ck_assert_ptr_null(goc_org_unit(NULL));
	ck_assert_ptr_null(goc_org_id_scheme(NULL));
	ck_assert_ptr_null(goc_org_id_value(NULL));
	ck_assert_ptr_null(goc_org_notes(NULL));
	(void)goc_org_stage(NULL);
	ck_assert_ptr_null(goc_org_stage_date(NULL));
	ck_assert_ptr_null(goc_org_created(NULL));
	ck_assert_ptr_null(goc_org_hq_date(NULL));
	ck_assert_ptr_null(goc_cursor_stage_change(NULL));
	(void)goc_stage_change_seq(NULL);
	(void)goc_stage_change_org(NULL);
	(void)goc_stage_change_from(NULL);
	(void)goc_stage_change_to(NULL);
	ck_assert_ptr_null(goc_stage_change_date(NULL));
	ck_assert_ptr_null(goc_stage_change_unit(NULL));
	ck_assert_ptr_null(goc_stage_change_note(NULL));
	ck_assert_ptr_null(goc_cursor_review(NULL));
	(void)goc_review_id(NULL);
	(void)goc_review_org(NULL);
	(void)goc_review_outcome(NULL);
	ck_assert_ptr_null(goc_review_date(NULL));
	ck_assert_ptr_null(goc_review_unit(NULL));
	ck_assert_ptr_null(goc_review_note(NULL));
	goc_plan_free(NULL);
	ck_assert_ptr_null(goc_cursor_plan(NULL));
	ck_assert_ptr_null(goc_plan_code(NULL));
	ck_assert_ptr_null(goc_plan_title_zh(NULL));
	ck_assert_ptr_null(goc_plan_title_en(NULL));
	ck_assert_ptr_null(goc_plan_issuer(NULL));
	ck_assert_ptr_null(goc_plan_issued(NULL));
	ck_assert_ptr_null(goc_plan_source(NULL));
	ck_assert_ptr_null(goc_plan_start(NULL));
	ck_assert_ptr_null(goc_plan_end(NULL));
	(void)goc_plan_task_count(NULL);
	ck_assert_ptr_null(goc_cursor_goal(NULL));
	ck_assert_ptr_null(goc_goal_plan(NULL));
	ck_assert_ptr_null(goc_goal_code(NULL));
	ck_assert_ptr_null(goc_goal_title_zh(NULL));
	ck_assert_ptr_null(goc_goal_title_en(NULL));
	ck_assert_ptr_null(goc_goal_text(NULL));
	goc_task_free(NULL);
	ck_assert_ptr_null(goc_cursor_task(NULL));
	ck_assert_ptr_null(goc_task_plan(NULL));
	ck_assert_ptr_null(goc_task_code(NULL));
	ck_assert_ptr_null(goc_task_parent(NULL));
	(void)goc_task_level(NULL);
	ck_assert_ptr_null(goc_task_label(NULL));
	ck_assert_ptr_null(goc_task_title_zh(NULL));
	ck_assert_ptr_null(goc_task_title_en(NULL));
	ck_assert_ptr_null(goc_task_text(NULL));
	ck_assert_ptr_null(goc_task_due(NULL));
	(void)goc_task_recurrence(NULL);
	(void)goc_task_status(NULL);
	ck_assert_ptr_null(goc_task_status_date(NULL));
	ck_assert_ptr_null(goc_task_done_date(NULL));
	(void)goc_task_child_count(NULL);
	ck_assert_ptr_null(goc_cursor_assignment(NULL));
	ck_assert_ptr_null(goc_assignment_task(NULL));
	ck_assert_ptr_null(goc_assignment_party(NULL));
	(void)goc_assignment_is_group(NULL);
	(void)goc_assignment_role(NULL);
	ck_assert_ptr_null(goc_assignment_via_group(NULL));
	ck_assert_ptr_null(goc_assignment_inherited_from(NULL));
	goc_report_free(NULL);
	ck_assert_ptr_null(goc_cursor_report(NULL));
	(void)goc_report_id(NULL);
	ck_assert_ptr_null(goc_report_plan(NULL));
	ck_assert_ptr_null(goc_report_task(NULL));
	ck_assert_ptr_null(goc_report_unit(NULL));
	ck_assert_ptr_null(goc_report_period(NULL));
	ck_assert_ptr_null(goc_report_date(NULL));
	(void)goc_report_status(NULL);
	(void)goc_report_percent(NULL);
	ck_assert_ptr_null(goc_report_text(NULL));
	ck_assert_ptr_null(goc_report_evidence(NULL));
	(void)goc_report_supersedes(NULL);
	(void)goc_report_superseded_by(NULL);
	goc_unit_free(NULL);
	ck_assert_ptr_null(goc_cursor_unit(NULL));
	ck_assert_ptr_null(goc_unit_code(NULL));
	ck_assert_ptr_null(goc_unit_name_zh(NULL));
	ck_assert_ptr_null(goc_unit_name_en(NULL));
	(void)goc_unit_kind(NULL);
	goc_group_free(NULL);
	ck_assert_ptr_null(goc_cursor_group(NULL));
	ck_assert_ptr_null(goc_group_code(NULL));
	ck_assert_ptr_null(goc_group_name_zh(NULL));
	ck_assert_ptr_null(goc_group_name_en(NULL));
	(void)goc_group_member_count(NULL);
	goc_zone_free(NULL);
	ck_assert_ptr_null(goc_cursor_zone(NULL));
	ck_assert_ptr_null(goc_zone_code(NULL));
	ck_assert_ptr_null(goc_zone_name_zh(NULL));
	ck_assert_ptr_null(goc_zone_name_en(NULL));
	(void)goc_zone_focus(NULL);
	ck_assert_ptr_null(goc_zone_bureau(NULL));
	goc_free(NULL);
	ck_assert_int_eq(goc_score_count(NULL, 0), 0);
	ck_assert_ptr_null(goc_stage_str(99));
	ck_assert_ptr_null(goc_category_str(-1));
	ck_assert_ptr_null(goc_task_status_str(0));
	ck_assert_ptr_null(goc_measure_str(1000));
	ck_assert_int_eq(goc_stage_transition_allowed(-1, 99), 0);
	ck_assert_str_eq(goc_strerror(12345), "unknown status");
}
END_TEST

/* The markdown table of docs/bad-inputs.md, between its markers. */
static char *doc_table(void)
{
	size_t size = 1 << 17, used = 0;
	char *t = malloc(size);
	ck_assert_ptr_nonnull(t);
	used += (size_t)snprintf(t + used, size - used,
	                         "| function | bad input | code | the message names |\n"
	                         "|---|---|---|---|\n");
	for (int i = 0; i < NROWS; i++) {
		used += (size_t)snprintf(t + used, size - used, "| `%s` | %s | `%s` | `%s` |\n",
		                         rows[i].func, rows[i].input, rows[i].code_name, rows[i].names);
		ck_assert_uint_lt(used, size);
	}
	return t;
}

#define BEGIN_MARK "<!-- begin: generated from tests/hostile_cases.h -->\n"
#define END_MARK "<!-- end -->\n"

START_TEST(doc_agrees)
{
	const char *src = getenv("GOC_SOURCE_DIR");
	ck_assert_msg(src != NULL, "GOC_SOURCE_DIR is not set");
	char path[512];
	snprintf(path, sizeof path, "%s/docs/bad-inputs.md", src);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	static char doc[1 << 18];
	size_t n = fread(doc, 1, sizeof doc - 1, f);
	fclose(f);
	doc[n] = '\0';
	char *b = strstr(doc, BEGIN_MARK), *e = b ? strstr(b, END_MARK) : NULL;
	ck_assert_msg(b && e, "%s: no markers", path);
	b += strlen(BEGIN_MARK);
	char *want = doc_table();
	if (getenv("GOC_HOSTILE_WRITE_DOC")) {
		f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		fwrite(doc, 1, (size_t)(b - doc), f);
		fputs(want, f);
		fputs(e, f);
		fclose(f);
	} else {
		size_t len = (size_t)(e - b);
		ck_assert_msg(len == strlen(want) && memcmp(b, want, len) == 0,
		              "docs/bad-inputs.md is not the table of tests/hostile_cases.h"
		              " (GOC_HOSTILE_WRITE_DOC=1 ./test_hostile rewrites it)");
	}
	free(want);
	char count[64];
	snprintf(count, sizeof count, "%d bad inputs", NROWS);
	ck_assert_msg(strstr(doc, count) != NULL, "docs/bad-inputs.md does not say \"%s\"", count);
}
END_TEST

static Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("rows");
	tcase_add_unchecked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_add_loop_test(tc, bad_input, 0, NROWS);
	tcase_add_test(tc, null_is_harmless);
	suite_add_tcase(s, tc);
	add_case(s, "doc", NULL, NULL, 0, (const TTest *[]){
		doc_agrees, NULL });
	return s;
}

int main(void)
{
	return run_suite(hostile_suite(), CK_NORMAL);
}
