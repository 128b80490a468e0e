/*
 * test_audit — access roles and the audit trail.
 *
 * Specification: include/goc/audit.h.
 *
 * - each role against each kind of write: what a unit may do to its own
 *   records and may not do to another's, what only an administrator may
 *   do, that a viewer writes nothing; every refusal is GOC_EPERM, names
 *   actor and object, changes nothing, and is itself recorded — also
 *   inside an explicit transaction the caller rolls back;
 * - the records: sequence, actor, action, object, outcome, the object
 *   before and after as JSON; reading by actor, object, action, outcome;
 * - the hash chain: goc_audit_verify() finds a record edited, deleted,
 *   inserted, reordered or re-hashed with the plain sqlite3 library, and a
 *   trail cut short against an anchor, naming the first bad sequence;
 * - risk reviews: only a reviewing unit (公安分局 by default, others named
 *   by an administrator) or an administrator records one, on any
 *   organization but, for a unit, one it follows; the following unit
 *   requests one instead; no unit records in another unit's name (the
 *   replay of issue 14: scitech clearing its own organization as police);
 * - goc_audit_verify() checks each column's storage type (a text cast to a
 *   BLOB hashes the same) and INSERT OR REPLACE cannot replace a record;
 * - the migration of a schema-1 file hashes its old records; a schema-5
 *   file gains the reviewing units (police) and the review requests;
 * - every documented error of the audit.h functions.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

static goc_db *db;
static char dir[64];
static char path[128];

/* One number from SQL on the handle's own file through a second connection. */
static long long q(const char *sql) { return query_int(path, sql); }

/* Run SQL on the file behind libgoc's back (the triggers that keep the
 * trail append-only are dropped first, as a tamperer would). */
static void tamper(const char *sql) { tamper_with(path, sql); }

/* A digest of everything but the trail: a refusal must leave it alone. */
static long long fingerprint(void)
{
	return q("SELECT (SELECT count(*) FROM organizations) * 1000003"
	         " + (SELECT count(*) FROM stage_history) * 10007"
	         " + (SELECT count(*) FROM partners) * 1009 + (SELECT count(*) FROM experts) * 101"
	         " + (SELECT count(*) FROM events) * 31 + (SELECT count(*) FROM event_organizers) * 17"
	         " + (SELECT count(*) FROM service_requests) * 13"
	         " + (SELECT count(*) FROM progress_reports) * 7 + (SELECT count(*) FROM zone_facts) * 5"
	         " + (SELECT count(*) FROM plans) * 3 + (SELECT count(*) FROM units)"
	         " + (SELECT count(*) FROM risk_reviews) * 1000033"
	         " + (SELECT count(*) FROM review_requests) * 100043"
	         " + (SELECT count(*) FROM hq_milestones) * 10037"
	         " + (SELECT count(*) FROM units WHERE reviewer = 1) * 1000000007"
	         " + (SELECT total(length(name_zh) + ifnull(length(unit), 0)) FROM organizations)"
	         " + (SELECT count(*) FROM units WHERE access <> 'unit') * 100000007");
}

static long long denials(void)
{
	return q("SELECT count(*) FROM change_log WHERE outcome = 'denied'");
}

/* A file database in the suite's scratch directory (tu_file_setup), with
 * the pudong reference data; tu_file_teardown closes and removes it. */
static void setup(void)
{
	tu_file_setup();
	snprintf(path, sizeof path, "%s/a.db", dir);
	must(goc_db_open(&db, path), "open");
	must(goc_reference_load(db, "pudong"), "reference");
}

/* A valid organization with the given name and following unit. */
static goc_org_fields org_fields(const char *name, const char *unit)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = name;
	f.category = GOC_CATEGORY_TRADE;
	f.unit = unit;
	f.date = "2024-01-05";
	return f;
}

static int64_t org(const char *name, const char *unit)
{
	goc_org_fields f = org_fields(name, unit);
	int64_t id = 0;
	must(goc_org_create(&id, db, &f), name);
	return id;
}

static int try_org(const char *name, const char *unit)
{
	goc_org_fields f = org_fields(name, unit);
	return goc_org_create(NULL, db, &f);
}

/* Expect a refusal that changes nothing and is recorded once. */
#define REFUSED(call, needle)                                                   \
	do {                                                                    \
		long long fp_ = fingerprint(), dn_ = denials();                 \
		expect((call), GOC_EPERM, (needle), #call);                     \
		ck_assert_int_eq(fingerprint(), fp_);                           \
		ck_assert_int_eq(denials(), dn_ + 1);                           \
	} while (0)

/* ------------------------------------------------------------------------
 * Roles
 * ---------------------------------------------------------------------- */

START_TEST(test_access_roles)
{
	int a = 0;
	must(goc_unit_access(&a, db, "commerce"), "access");
	ck_assert_int_eq(a, GOC_ACCESS_UNIT);
	must(goc_unit_set_access(db, "commerce", GOC_ACCESS_ADMIN), "set admin");
	must(goc_unit_access(&a, db, "commerce"), "access");
	ck_assert_int_eq(a, GOC_ACCESS_ADMIN);
	ck_assert_str_eq(goc_access_str(GOC_ACCESS_VIEWER), "viewer");
	ck_assert_ptr_null(goc_access_str(0));
	ck_assert_ptr_null(goc_access_str(4));
	must(goc_access_parse(&a, "unit"), "parse");
	ck_assert_int_eq(a, GOC_ACCESS_UNIT);
	expect(goc_access_parse(&a, "root"), GOC_EINVAL, "root", "parse root");

	/* documented errors */
	expect(goc_unit_set_access(NULL, "commerce", GOC_ACCESS_ADMIN), GOC_EINVAL, "db", "NULL db");
	expect(goc_unit_set_access(db, "Bad Code", GOC_ACCESS_ADMIN), GOC_EINVAL, "unit", "bad code");
	expect(goc_unit_set_access(db, "commerce", 9), GOC_EINVAL, "access", "bad role");
	expect(goc_unit_set_access(db, "nosuch", GOC_ACCESS_ADMIN), GOC_ENOTFOUND, "nosuch", "unknown");
	expect(goc_unit_access(NULL, db, "commerce"), GOC_EINVAL, "out", "NULL out");
	expect(goc_unit_access(&a, db, NULL), GOC_EINVAL, "unit", "NULL unit");
	expect(goc_unit_access(&a, db, "nosuch"), GOC_ENOTFOUND, "nosuch", "unknown unit");

	/* only an administrator sets roles */
	must(goc_db_set_actor(db, "scitech"), "actor");
	REFUSED(goc_unit_set_access(db, "scitech", GOC_ACCESS_ADMIN), "scitech");
	must(goc_db_set_actor(db, "commerce"), "actor");
	must(goc_unit_set_access(db, "scitech", GOC_ACCESS_VIEWER), "admin sets");
	must(goc_unit_access(&a, db, "scitech"), "access");
	ck_assert_int_eq(a, GOC_ACCESS_VIEWER);
}
END_TEST

START_TEST(test_read_only_handle)
{
	goc_db *ro = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	must(goc_db_open_ext(&ro, path, &o), "open read-only");
	long long n = q("SELECT count(*) FROM change_log");
	expect(goc_unit_set_access(ro, "commerce", GOC_ACCESS_ADMIN), GOC_EREADONLY, NULL, "ro");
	/* the KPI writes too, before they look at their arguments */
	expect(goc_kpi_delete(ro, "pudong-goc-2024", "new-orgs"), GOC_EREADONLY, "read-only",
	       "kpi.delete");
	expect(goc_kpi_set_target(ro, "pudong-goc-2024", "new-orgs", NULL, "2024-06-01", 1,
	                          GOC_NO_MAX),
	       GOC_EREADONLY, "read-only", "kpi.set_target");
	expect(goc_measurement_record(ro, "pudong-goc-2024", "new-orgs", NULL, "2024-06-30", 1,
	                              NULL),
	       GOC_EREADONLY, "read-only", "measurement.record");
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), n); /* not recorded: cannot be */
	goc_db_close(ro);
}
END_TEST

START_TEST(test_viewer_writes_nothing)
{
	int64_t id = org("观察对象", "police");
	must(goc_unit_set_access(db, "police", GOC_ACCESS_VIEWER), "viewer");
	must(goc_db_set_actor(db, "police"), "actor");
	REFUSED(try_org("观察者新建", "police"), "viewer");
	REFUSED(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-02-01", NULL, NULL),
	        "police");
	REFUSED(goc_org_delete(db, id), "organization '");
	/* and even a bad input is refused first: no probing */
	REFUSED(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-13-01", NULL, NULL),
	        "viewer");
}
END_TEST

START_TEST(test_unit_own_organizations)
{
	must(goc_db_set_actor(db, "scitech"), "actor");
	int64_t mine = org("科经委跟进组织", "scitech");
	must(goc_db_set_actor(db, NULL), "system");
	int64_t theirs = org("商务委跟进组织", "commerce");
	int64_t nobody = org("无人跟进组织", NULL);
	must(goc_db_set_actor(db, "scitech"), "actor");

	must(goc_org_set_stage(db, mine, GOC_STAGE_CONTACTING, "2024-02-01", NULL, NULL), "own stage");
	/* its own organization: it asks for a risk review, never records one */
	REFUSED(goc_org_review(NULL, db, mine, GOC_REVIEW_CLEARED, "2024-02-02", NULL, NULL),
	        "only a reviewing unit");
	must(goc_org_request_review(NULL, db, mine, "2024-02-02", NULL), "own request");
	goc_org_fields up = GOC_ORG_FIELDS_INIT;
	up.notes = "科经委备注";
	must(goc_org_update(db, mine, &up), "own update");

	REFUSED(try_org("替别人建", "commerce"), "'commerce'");
	REFUSED(try_org("无主新建", NULL), "no unit");
	REFUSED(goc_org_set_stage(db, theirs, GOC_STAGE_CONTACTING, "2024-02-01", NULL, NULL),
	        "'commerce'");
	REFUSED(goc_org_review(NULL, db, theirs, GOC_REVIEW_CLEARED, "2024-02-02", NULL, NULL),
	        "scitech");
	REFUSED(goc_org_request_review(NULL, db, theirs, "2024-02-02", NULL), "'commerce'");
	REFUSED(goc_org_update(db, theirs, &up), "organization '");
	REFUSED(goc_org_delete(db, nobody), "no unit");
	/* handing one's own organization to another unit */
	up.notes = NULL;
	up.unit = "commerce";
	REFUSED(goc_org_update(db, mine, &up), "would belong to 'commerce'");
	/* the message names actor, role, action and object */
	expect(goc_org_delete(db, theirs), GOC_EPERM, NULL, "delete theirs");
	char want[160];
	snprintf(want, sizeof want, "org.delete: actor 'scitech' (role unit) may not change"
	                            " organization '%lld'", (long long)theirs);
	ck_assert_msg(strstr(goc_error_message(), want), "%s", goc_error_message());
	/* a refusal of an unknown object is still a plain not-found */
	expect(goc_org_set_stage(db, 99999, GOC_STAGE_CONTACTING, "2024-02-01", NULL, NULL),
	       GOC_ENOTFOUND, NULL, "unknown org");
	int64_t fresh = org("科经委新建待删", "scitech");
	must(goc_org_delete(db, fresh), "own delete");
}
END_TEST

START_TEST(test_unit_activity_records)
{
	must(goc_db_set_actor(db, "financial"), "actor");
	goc_partner_fields pf = GOC_PARTNER_FIELDS_INIT;
	pf.name_zh = "金融伙伴";
	pf.kind = GOC_PARTNER_FINANCIAL;
	pf.unit = "financial";
	pf.date = "2024-03-01";
	int64_t p = 0;
	must(goc_partner_create(&p, db, &pf), "own partner");
	pf.name_zh = "别人的伙伴";
	pf.unit = "commerce";
	REFUSED(goc_partner_create(NULL, db, &pf), "'commerce'");

	goc_expert_fields ef = GOC_EXPERT_FIELDS_INIT;
	ef.name = "专家甲";
	ef.unit = "financial";
	ef.date = "2024-03-02";
	int64_t e = 0;
	must(goc_expert_create(&e, db, &ef), "own expert");

	goc_event_fields vf = GOC_EVENT_FIELDS_INIT;
	vf.title_zh = "金融论坛";
	vf.date = "2024-04-01";
	vf.kind = GOC_EVENT_FORUM;
	vf.unit = "financial";
	int64_t ev = 0;
	must(goc_event_create(&ev, db, &vf), "own event");
	must(goc_event_add_organizer(db, ev, "commerce"), "co-organizer");
	vf.title_zh = "商务论坛";
	vf.unit = "commerce";
	REFUSED(goc_event_create(NULL, db, &vf), "'commerce'");

	must(goc_db_set_actor(db, NULL), "system");
	int64_t o = org("求助组织", "financial");
	goc_request_fields rf = GOC_REQUEST_FIELDS_INIT;
	rf.org = o;
	rf.category = GOC_REQUEST_VISA;
	rf.opened = "2024-05-01";
	rf.unit = "hrss";
	rf.summary = "签证";
	int64_t r = 0;
	must(goc_request_create(&r, db, &rf), "request for hrss");
	goc_partner_fields other = GOC_PARTNER_FIELDS_INIT;
	other.name_zh = "商务伙伴";
	other.kind = GOC_PARTNER_CHAMBER;
	other.unit = "commerce";
	other.date = "2024-03-01";
	int64_t p2 = 0;
	must(goc_partner_create(&p2, db, &other), "commerce partner");

	/* commerce co-organizes the event: it may change it */
	must(goc_db_set_actor(db, "commerce"), "actor commerce");
	goc_event_fields vu = GOC_EVENT_FIELDS_INIT;
	vu.notes = "商务委补充";
	must(goc_event_update(db, ev, &vu), "co-organizer updates");
	REFUSED(goc_partner_delete(db, p), "'financial'");
	REFUSED(goc_expert_delete(db, e), "'financial'");
	REFUSED(goc_request_resolve(db, r, "2024-05-03", "办结"), "'hrss'");

	must(goc_db_set_actor(db, "hrss"), "actor hrss");
	must(goc_request_resolve(db, r, "2024-05-03", "办结"), "own request");
	REFUSED(goc_event_delete(db, ev), "'commerce, financial'");

	/* zone facts: the zone's bureau only */
	must(goc_db_set_actor(db, "lujiazui-bureau"), "bureau");
	must(goc_zone_set_facts(db, "lujiazui", "2024-06-30", 1, "陆家嘴联系人"), "own zone");
	REFUSED(goc_zone_set_facts(db, "expo", "2024-06-30", 1, NULL), "'expo-bureau'");
}
END_TEST

START_TEST(test_unit_admin_only_actions)
{
	must(goc_db_set_actor(db, "commerce"), "actor");
	REFUSED(goc_plan_load(db, "pudong-goc-2024"), "administrator");
	goc_unit_fields uf = GOC_UNIT_FIELDS_INIT;
	uf.code = "newunit";
	uf.name_zh = "新单位";
	uf.kind = GOC_UNIT_DEPARTMENT;
	REFUSED(goc_unit_create(db, &uf), "administrator");
	REFUSED(goc_demo_load(db, 1), "administrator");
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_plan_load(db, "pudong-goc-2024"), "system loads the plan");
	must(goc_db_set_actor(db, "commerce"), "actor");
	REFUSED(goc_task_assign(db, "pudong-goc-2024", "i1", "police", GOC_ROLE_RESPONSIBLE),
	        "i1");
	REFUSED(goc_kpi_set_target(db, "pudong-goc-2024", "new-orgs", NULL, "2024-01-01", 9, 9),
	        "administrator");
}
END_TEST

START_TEST(test_unit_reports_in_own_name)
{
	must(goc_plan_load(db, "pudong-goc-2024"), "plan");
	must(goc_db_set_actor(db, "justice"), "actor");
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	f.plan = "pudong-goc-2024";
	f.task = "i2";
	f.period = "2024-Q2";
	f.date = "2024-06-30";
	f.status = GOC_TASK_IN_PROGRESS;
	int64_t id = 0;
	must(goc_report_submit(&id, db, &f), "own report");
	f.unit = "commerce";
	REFUSED(goc_report_submit(NULL, db, &f), "'commerce'");
	f.unit = NULL;
	f.task = "i3"; /* a task justice does not answer for */
	REFUSED(goc_report_submit(NULL, db, &f), "i3");
}
END_TEST

START_TEST(test_refusal_in_transaction_survives_rollback)
{
	int64_t theirs = org("事务中的组织", "commerce");
	must(goc_db_set_actor(db, "scitech"), "actor");
	long long before = denials();
	must(goc_db_begin(db), "begin");
	int64_t mine = org("事务中自建", "scitech");
	ck_assert_int_gt(mine, 0);
	expect(goc_org_delete(db, theirs), GOC_EPERM, "scitech", "refused in txn");
	/* the transaction goes on after a refusal */
	must(goc_org_set_stage(db, mine, GOC_STAGE_CONTACTING, "2024-02-01", NULL, NULL), "go on");
	must(goc_db_rollback(db), "rollback");
	ck_assert_int_eq(denials(), before + 1);
	ck_assert_int_eq(q("SELECT count(*) FROM organizations WHERE name_zh = '事务中自建'"), 0);

	must(goc_db_begin(db), "begin");
	expect(goc_org_delete(db, theirs), GOC_EPERM, "scitech", "refused in txn");
	must(goc_db_commit(db), "commit");
	ck_assert_int_eq(denials(), before + 2);
	/* two refusals in one transaction: both written at its end, in order */
	must(goc_db_begin(db), "begin");
	expect(goc_org_delete(db, theirs), GOC_EPERM, "scitech", "first in txn");
	expect(goc_org_set_stage(db, theirs, GOC_STAGE_CONTACTING, "2024-02-01", NULL, NULL),
	       GOC_EPERM, "scitech", "second in txn");
	must(goc_db_commit(db), "commit");
	ck_assert_int_eq(denials(), before + 4);
	ck_assert_int_eq(q("SELECT (SELECT action FROM change_log WHERE outcome = 'denied'"
	                   " ORDER BY seq DESC LIMIT 1) = 'org.set_stage'"), 1);
	/* and a refusal left waiting when the handle closes is written then */
	must(goc_db_begin(db), "begin");
	expect(goc_org_delete(db, theirs), GOC_EPERM, "scitech", "refused in txn");
	goc_db_close(db);
	db = NULL;
	ck_assert_int_eq(denials(), before + 5);
	must(goc_db_open(&db, path), "reopen");
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "chain");
}
END_TEST

/* A role or a reviewer flag that is not one of libgoc's (written behind
 * its back, past the CHECK constraints) grants the least: an unknown role
 * is a viewer's, a reviewer flag that is not the integer 1 is none. */
START_TEST(test_unknown_role_text)
{
	int64_t id = org("未知角色的组织", "police");
	tamper("PRAGMA ignore_check_constraints = ON;"
	       " UPDATE units SET access = 'boss' WHERE code = 'police';"
	       " UPDATE units SET reviewer = 'yes' WHERE code = 'market'");
	must(goc_db_set_actor(db, "police"), "police");
	REFUSED(try_org("未知角色新建", "police"), "role viewer");
	must(goc_db_set_actor(db, "market"), "market");
	REFUSED(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-02-02", NULL, NULL),
	        "only a reviewing unit");
}
END_TEST

/* ------------------------------------------------------------------------
 * Records
 * ---------------------------------------------------------------------- */

START_TEST(test_records_before_after)
{
	must(goc_db_set_actor(db, "scitech"), "actor");
	int64_t id = org("前后组织", "scitech");
	goc_org_fields up = GOC_ORG_FIELDS_INIT;
	up.name_en = "Before After Org";
	must(goc_org_update(db, id, &up), "update");
	must(goc_org_delete(db, id), "delete");

	char ids[24];
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	f.object_kind = "organization";
	f.object_id = ids;
	goc_cursor *c = NULL;
	must(goc_audit_list(&c, db, &f), "list");
	const char *actions[] = { "org.create", "org.update", "org.delete" };
	int64_t prev = 0;
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
		const goc_audit_record *r = goc_cursor_audit(c);
		ck_assert_int_gt(goc_audit_seq(r), prev);
		prev = goc_audit_seq(r);
		ck_assert_str_eq(goc_audit_action(r), actions[i]);
		ck_assert_str_eq(goc_audit_actor(r), "scitech");
		ck_assert_str_eq(goc_audit_object_kind(r), "organization");
		ck_assert_str_eq(goc_audit_object_id(r), ids);
		ck_assert_int_eq(goc_audit_outcome(r), GOC_AUDIT_OK);
		ck_assert_ptr_null(goc_audit_detail(r));
		ck_assert_int_eq((int)strlen(goc_audit_hash(r)), 64);
		ck_assert_int_eq((int)strlen(goc_audit_time(r)), 24);
		ck_assert(goc_audit_time(r)[23] == 'Z');
		const char *b = goc_audit_before(r), *a = goc_audit_after(r);
		if (i == 0) {
			ck_assert_ptr_null(b);
			ck_assert(strstr(a, "\"name_zh\":\"前后组织\"") && strstr(a, "\"name_en\":null"));
		} else if (i == 1) {
			ck_assert(strstr(b, "\"name_en\":null"));
			ck_assert(strstr(a, "\"name_en\":\"Before After Org\""));
		} else {
			ck_assert(strstr(b, "Before After Org"));
			ck_assert_ptr_null(a);
		}
	}
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);
}
END_TEST

static int count_list(const goc_audit_filter *f)
{
	goc_cursor *c = NULL;
	return count_rows(goc_audit_list(&c, db, f), &c, "list");
}

START_TEST(test_list_filters)
{
	org("系统建一", NULL);
	must(goc_db_set_actor(db, "scitech"), "actor");
	org("科经委建一", "scitech");
	org("科经委建二", "scitech");
	expect(try_org("科经委替人建", "commerce"), GOC_EPERM, NULL, "refused");

	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	int all = count_list(NULL);
	ck_assert_int_eq(all, count_list(&f));
	ck_assert_int_eq(all, (int)q("SELECT count(*) FROM change_log"));
	f.actor = "scitech";
	ck_assert_int_eq(count_list(&f), 3);
	f.outcome = GOC_AUDIT_DENIED;
	ck_assert_int_eq(count_list(&f), 1);
	f.outcome = GOC_AUDIT_OK;
	ck_assert_int_eq(count_list(&f), 2);
	f.actor = "";
	f.outcome = 0;
	ck_assert_int_eq(count_list(&f), 2); /* reference.load, 系统建一 */
	f.actor = NULL;
	f.action = "org.create";
	ck_assert_int_eq(count_list(&f), 4);
	f.action = NULL;
	f.after_seq = all - 1;
	ck_assert_int_eq(count_list(&f), 1);
	f.after_seq = 0;
	f.object_kind = "reference";
	ck_assert_int_eq(count_list(&f), 1);

	/* documented errors */
	goc_cursor *c = NULL;
	expect(goc_audit_list(NULL, db, NULL), GOC_EINVAL, "out", "NULL out");
	expect(goc_audit_list(&c, NULL, NULL), GOC_EINVAL, "db", "NULL db");
	goc_audit_filter bad = GOC_AUDIT_FILTER_INIT;
	bad.version = 7;
	expect(goc_audit_list(&c, db, &bad), GOC_EINVAL, "version", "version");
	bad.version = GOC_AUDIT_FILTER_VERSION;
	bad.outcome = 3;
	expect(goc_audit_list(&c, db, &bad), GOC_EINVAL, "outcome", "outcome");
	bad.outcome = 0;
	bad.object_id = "1";
	expect(goc_audit_list(&c, db, &bad), GOC_EINVAL, "object_kind", "id without kind");
	ck_assert_ptr_null(c);
	ck_assert_ptr_null(goc_cursor_audit(NULL));
	ck_assert_int_eq(goc_audit_seq(NULL), 0);
	ck_assert_ptr_null(goc_audit_hash(NULL));
	ck_assert_ptr_null(goc_audit_time(NULL));
	ck_assert_ptr_null(goc_audit_actor(NULL));
	ck_assert_ptr_null(goc_audit_action(NULL));
	ck_assert_ptr_null(goc_audit_object_kind(NULL));
	ck_assert_ptr_null(goc_audit_object_id(NULL));
	ck_assert_int_eq(goc_audit_outcome(NULL), 0);
	ck_assert_ptr_null(goc_audit_detail(NULL));
	ck_assert_ptr_null(goc_audit_before(NULL));
	ck_assert_ptr_null(goc_audit_after(NULL));
}
END_TEST

/* ------------------------------------------------------------------------
 * The hash chain
 * ---------------------------------------------------------------------- */

/* Ten records: reference.load and nine organizations. */
static void ten_records(void)
{
	char name[32];
	for (int i = 1; i <= 9; i++) {
		snprintf(name, sizeof name, "链上组织%d", i);
		org(name, NULL);
	}
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), 10);
}

static void verify_bad(int64_t want_bad, const char *needle)
{
	int64_t checked = -1, bad = -1;
	int rc = goc_audit_verify(&checked, &bad, db, 0, NULL);
	expect(rc, GOC_ECORRUPT, needle, "verify");
	ck_assert_int_eq(bad, want_bad);
	ck_assert_int_eq(checked, want_bad - 1);
	char seq[32];
	snprintf(seq, sizeof seq, "record %lld", (long long)want_bad);
	ck_assert_msg(strstr(goc_error_message(), seq), "%s", goc_error_message());
}

START_TEST(test_verify_intact)
{
	ten_records();
	int64_t checked = 0, bad = -1;
	must(goc_audit_verify(&checked, &bad, db, 0, NULL), "verify");
	ck_assert_int_eq(checked, 10);
	ck_assert_int_eq(bad, 0);
	int64_t seq = 0;
	char hash[65];
	must(goc_audit_head(&seq, hash, db), "head");
	ck_assert_int_eq(seq, 10);
	must(goc_audit_verify(NULL, NULL, db, seq, hash), "anchored");
	expect(goc_audit_verify(NULL, NULL, db, 3, NULL), GOC_EINVAL, "anchor_hash",
	       "anchor without hash");
	/* the append-only triggers stop an accidental edit */
	sqlite3 *s;
	ck_assert_int_eq(sqlite3_open(path, &s), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(s, "UPDATE change_log SET actor = 'x' WHERE seq = 2",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(s, "DELETE FROM change_log WHERE seq = 2",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "still intact");
}
END_TEST

START_TEST(test_verify_edited)
{
	ten_records();
	tamper("UPDATE change_log SET after = replace(after, '链上组织4', '链上组织X')"
	       " WHERE seq = 5");
	verify_bad(5, "does not match");
}
END_TEST

START_TEST(test_verify_edited_actor_and_time)
{
	ten_records();
	tamper("UPDATE change_log SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE seq = 7");
	verify_bad(7, "does not match");
}
END_TEST

START_TEST(test_verify_deleted)
{
	ten_records();
	tamper("DELETE FROM change_log WHERE seq = 4");
	verify_bad(4, "missing");
}
END_TEST

START_TEST(test_verify_inserted)
{
	ten_records();
	/* a forged record in the middle: the ones after are renumbered */
	tamper("UPDATE change_log SET seq = seq + 100 WHERE seq >= 6;"
	       "UPDATE change_log SET seq = seq - 99 WHERE seq >= 106;"
	       "INSERT INTO change_log SELECT 6, recorded_at, actor, action, object_kind,"
	       " '999', outcome, detail, before, after, hash, person, layout FROM change_log"
	       " WHERE seq = 5;");
	verify_bad(6, "does not match");
}
END_TEST

START_TEST(test_verify_reordered)
{
	ten_records();
	tamper("UPDATE change_log SET seq = 100 WHERE seq = 3;"
	       "UPDATE change_log SET seq = 3 WHERE seq = 4;"
	       "UPDATE change_log SET seq = 4 WHERE seq = 100;");
	verify_bad(3, "does not match");
}
END_TEST

START_TEST(test_verify_rehashed_one)
{
	ten_records();
	/* the tamperer copies record 9's hash into record 8: 8 fails */
	tamper("UPDATE change_log SET hash = (SELECT hash FROM change_log WHERE seq = 9)"
	       " WHERE seq = 8");
	verify_bad(8, "does not match");
}
END_TEST

START_TEST(test_verify_bad_outcome)
{
	ten_records();
	tamper("UPDATE change_log SET outcome = 'fine' WHERE seq = 2");
	verify_bad(2, "does not match");
}
END_TEST

START_TEST(test_verify_cut_short_against_anchor)
{
	ten_records();
	int64_t seq = 0;
	char hash[65];
	must(goc_audit_head(&seq, hash, db), "head");
	tamper("DELETE FROM change_log WHERE seq >= 9");
	/* without the anchor the shorter chain is consistent ... */
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "cut chain verifies alone");
	/* ... the anchor finds the cut */
	int64_t bad = 0;
	expect(goc_audit_verify(NULL, &bad, db, seq, hash), GOC_ECORRUPT, "record 9", "anchored");
	ck_assert_int_eq(bad, 9);
	/* and a trail rewritten up to the anchor */
	ck_assert_int_eq(seq, 10);
	must(goc_audit_head(&seq, hash, db), "head");
	hash[0] = hash[0] == 'a' ? 'b' : 'a';
	expect(goc_audit_verify(NULL, &bad, db, seq, hash), GOC_ECORRUPT, "anchored", "rewritten");
	ck_assert_int_eq(bad, 8);
}
END_TEST

/* Inside one transaction the last record is remembered, not read back:
 * failed calls between successful ones must not break the chain. */
START_TEST(test_chain_in_transaction)
{
	must(goc_db_begin(db), "begin");
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof name, "事务链组织%d", i % 15); /* 5 duplicates fail */
		int rc = try_org(name, NULL);
		ck_assert(rc == GOC_OK || rc == GOC_EEXISTS);
	}
	must(goc_db_commit(db), "commit");
	must(goc_db_begin(db), "begin");
	org("回滚的组织", NULL);
	must(goc_db_rollback(db), "rollback");
	org("回滚后的组织", NULL);
	int64_t checked = 0;
	must(goc_audit_verify(&checked, NULL, db, 0, NULL), "chain");
	ck_assert_int_eq(checked, 1 + 15 + 1);
	/* verified inside the caller's transaction (its own reads), against
	 * an anchor given in capitals; the transaction stays open */
	int64_t seq = 0;
	char hash[65];
	must(goc_audit_head(&seq, hash, db), "head");
	for (char *p = hash; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	must(goc_db_begin(db), "begin");
	org("事务中核验", NULL);
	checked = 0;
	int64_t bad = -1;
	must(goc_audit_verify(&checked, &bad, db, seq, hash), "in a transaction, anchor in capitals");
	ck_assert_int_eq(checked, 1 + 15 + 1 + 1);
	ck_assert_int_eq(bad, 0);
	ck_assert(goc_db_in_transaction(db));
	must(goc_db_commit(db), "commit");
	ck_assert_int_eq(q("SELECT count(*) FROM organizations WHERE name_zh = '事务中核验'"), 1);
}
END_TEST

/* goc_db_may() for a create named with an id (the id is not looked at: a
 * viewer may not create), and for an actor whose unit was deleted behind
 * its back (refused like the write, nothing written). */
START_TEST(test_may_create_and_vanished_actor)
{
	must(goc_unit_set_access(db, "publicity", GOC_ACCESS_VIEWER), "viewer");
	must(tu_unit_add(db, "temp-unit", "临时单位", GOC_UNIT_DEPARTMENT), "unit");
	long long fp = fingerprint(), log = q("SELECT count(*) FROM change_log");
	must(goc_db_set_actor(db, "publicity"), "actor");
	expect(goc_db_may(db, "org.create", "12345"), GOC_EPERM,
	       "org.create: actor 'publicity' (role viewer) may not create this organization",
	       "a viewer's create, with an id");
	must(goc_db_set_actor(db, "temp-unit"), "actor");
	tamper("DELETE FROM units WHERE code = 'temp-unit'");
	expect(goc_db_may(db, "org.update", "1"), GOC_EPERM,
	       "write refused: the acting unit 'temp-unit' is no longer registered", "vanished");
	must(goc_db_set_actor(db, NULL), "system");
	ck_assert_int_eq(fingerprint(), fp - 1); /* the unit the tamperer deleted */
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), log);
}
END_TEST

START_TEST(test_verify_errors)
{
	char hash[65];
	int64_t seq;
	expect(goc_audit_verify(NULL, NULL, NULL, 0, NULL), GOC_EINVAL, "db", "NULL db");
	expect(goc_audit_verify(NULL, NULL, db, -1, NULL), GOC_EINVAL, "anchor_seq", "negative");
	expect(goc_audit_verify(NULL, NULL, db, 1, "abc"), GOC_EINVAL, "anchor_hash", "short");
	expect(goc_audit_verify(NULL, NULL, db, 1,
	                        "zz00000000000000000000000000000000000000000000000000000000000000"),
	       GOC_EINVAL, "anchor_hash", "not hex");
	expect(goc_audit_head(NULL, hash, db), GOC_EINVAL, "seq", "NULL seq");
	expect(goc_audit_head(&seq, NULL, db), GOC_EINVAL, "hash", "NULL hash");
	expect(goc_audit_head(&seq, hash, NULL), GOC_EINVAL, "db", "NULL db");
	expect(goc_audit_verify(NULL, NULL, db, 1, NULL), GOC_EINVAL, "anchor_hash", "NULL hash");
	expect(goc_audit_verify(NULL, NULL, db, 1,
	                        "0g00000000000000000000000000000000000000000000000000000000000000"),
	       GOC_EINVAL, "anchor_hash", "g");
	expect(goc_audit_verify(NULL, NULL, db, 1,
	                        "0:00000000000000000000000000000000000000000000000000000000000000"),
	       GOC_EINVAL, "anchor_hash", "colon");
	/* the head's hash in capitals is the same anchor */
	ck_assert_int_eq(goc_audit_head(&seq, hash, db), GOC_OK);
	ck_assert_int_gt(seq, 0);
	for (char *h = hash; *h; h++)
		if (*h >= 'a' && *h <= 'f')
			*h = (char)(*h - 'a' + 'A');
	ck_assert_int_eq(goc_audit_verify(NULL, NULL, db, seq, hash), GOC_OK);
}
END_TEST

START_TEST(test_empty_trail_head)
{
	goc_db *m = NULL;
	must(goc_db_open(&m, ":memory:"), "memory");
	int64_t seq = 5;
	char hash[65];
	must(goc_audit_head(&seq, hash, m), "head");
	ck_assert_int_eq(seq, 0);
	ck_assert_str_eq(hash, "0000000000000000000000000000000000000000000000000000000000000000");
	int64_t checked = 9;
	must(goc_audit_verify(&checked, NULL, m, 0, NULL), "empty verifies");
	ck_assert_int_eq(checked, 0);
	goc_db_close(m);
}
END_TEST

/* A schema-1 file (records written before the chain existed) migrates to
 * a chain that verifies, and goes on from there. */
START_TEST(test_migrated_trail_verifies)
{
	char fixture[160];
	snprintf(fixture, sizeof fixture, "%s/a1.db", dir);
	copy_source("tests/data/schema-v1.db", fixture);
	goc_db *m = NULL;
	must(goc_db_open(&m, fixture), "migrate");
	int v = 0;
	must(goc_db_schema_version(m, &v), "version");
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	int64_t checked = 0;
	must(goc_audit_verify(&checked, NULL, m, 0, NULL), "migrated chain");
	ck_assert_int_gt(checked, 0);
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = "迁移后组织";
	f.category = GOC_CATEGORY_TRADE;
	f.date = "2024-01-05";
	must(goc_org_create(NULL, m, &f), "write after migration");
	int64_t again = 0;
	must(goc_audit_verify(&again, NULL, m, 0, NULL), "chain goes on");
	ck_assert_int_eq(again, checked + 1);
	goc_db_close(m);
	unlink(fixture);
	char p[200];
	snprintf(p, sizeof p, "%s-wal", fixture);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", fixture);
	unlink(p);
}
END_TEST

/* ------------------------------------------------------------------------
 * goc_org_create_many(): the bulk path of goc_org_create()
 * ---------------------------------------------------------------------- */

START_TEST(test_create_many)
{
	long long logs = q("SELECT count(*) FROM change_log");
	goc_org_fields f[3] = {
		org_fields("批量甲", "commerce"), org_fields("批量乙", NULL),
		org_fields("批量丙", "scitech"),
	};
	/* every member that reaches the audit record's JSON, with the
	 * characters JSON escapes */
	f[1].name_en = "Bulk \"B\" \\ Ltd";
	f[1].origin = GOC_ORIGIN_LOCAL;
	f[1].zone = "lujiazui";
	f[1].id_scheme = "uscc";
	f[1].id_value = "91310000MA1FL8TQ23";
	f[1].notes = "第一行\n\t\"引号\" \\ 反斜杠\r\n结束";
	int64_t ids[3] = { -1, -1, -1 };
	must(goc_org_create_many(ids, db, f, 3), "create_many");
	ck_assert_int_gt(ids[0], 0);
	ck_assert_int_eq(ids[1], ids[0] + 1);
	ck_assert_int_eq(ids[2], ids[0] + 2);
	for (int i = 0; i < 3; i++) {
		goc_org *o = NULL;
		must(goc_org_get(&o, db, ids[i]), "get");
		ck_assert_str_eq(goc_org_name_zh(o), f[i].name_zh);
		ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_TARGET);
		goc_org_free(o);
	}
	goc_org *o1 = NULL;
	must(goc_org_get(&o1, db, ids[1]), "get");
	ck_assert_str_eq(goc_org_notes(o1), f[1].notes);
	ck_assert_str_eq(goc_org_name_en(o1), f[1].name_en);
	goc_org_free(o1);
	/* one org.create record each, as if each were made alone */
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), logs + 3);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'org.create'"
	                   " AND outcome = 'ok' AND before IS NULL AND after IS NOT NULL"), 3);
	ck_assert_int_eq(q("SELECT count(*) FROM stage_history WHERE to_stage = 'target'"
	                   " AND org_id IN (SELECT id FROM organizations WHERE name_zh LIKE '批量%')"), 3);
	/* the JSON built for a new organization is the one read from its row:
	 * the next write's "before" shows the same text, byte for byte */
	int64_t single = org("单建对照", "justice");
	goc_org_fields up = GOC_ORG_FIELDS_INIT;
	up.notes = "后改";
	for (int i = 0; i < 3; i++)
		must(goc_org_update(db, ids[i], &up), "update");
	must(goc_org_update(db, single, &up), "update single");
	ck_assert_int_eq(q("SELECT count(*) FROM change_log c JOIN change_log u"
	                   " ON u.object_kind = c.object_kind AND u.object_id = c.object_id"
	                   " WHERE c.action = 'org.create' AND u.action = 'org.update'"
	                   " AND u.before = c.after"), 4);
	ck_assert_int_eq(q("SELECT json_valid(after) FROM change_log WHERE action = 'org.create'"
	                   " ORDER BY seq DESC LIMIT 1"), 1);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "verify");
	/* n == 0 writes nothing; out_ids may be NULL */
	logs = q("SELECT count(*) FROM change_log");
	must(goc_org_create_many(NULL, db, f, 0), "n = 0");
	must(goc_org_create_many(NULL, db, NULL, 0), "n = 0, no array");
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), logs);
	goc_org_fields g[2] = { org_fields("批量丁", NULL), org_fields("批量戊", NULL) };
	must(goc_org_create_many(NULL, db, g, 2), "NULL out_ids");
	ck_assert_int_eq(q("SELECT count(*) FROM organizations WHERE name_zh IN ('批量丁', '批量戊')"), 2);
}
END_TEST

/* A refused bulk call: the code and message, nothing written, ids 0. */
static void bulk_refused(goc_org_fields *f, size_t n, int want, const char *needle)
{
	long long fp = fingerprint(), logs = q("SELECT count(*) FROM change_log");
	int64_t ids[8];
	memset(ids, 0x5a, sizeof ids);
	expect(goc_org_create_many(ids, db, f, n), want, needle, needle);
	ck_assert_int_eq(fingerprint(), fp);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), logs);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(ids[i], 0);
	/* goc_org_create_many_v2() gives, as a number, the element that the
	 * message's "fields[i]: " names */
	size_t named = 0, failed = 99;
	ck_assert_int_eq(sscanf(needle, "fields[%zu]", &named), 1);
	expect(goc_org_create_many_v2(ids, &failed, db, f, n, NULL), want, needle, needle);
	ck_assert_uint_eq(failed, named);
	ck_assert_int_eq(fingerprint(), fp);
}

START_TEST(test_create_many_errors)
{
	int64_t old = org("已有组织", NULL);
	goc_org_fields f[3] = {
		org_fields("错批甲", NULL), org_fields("错批乙", NULL), org_fields("错批丙", NULL),
	};
	expect(goc_org_create_many(NULL, NULL, f, 3), GOC_EINVAL, "db", "NULL db");
	expect(goc_org_create_many(NULL, db, NULL, 3), GOC_EINVAL, "fields", "NULL fields");
	/* errors of the call as a whole name no element: out_failed is n */
	size_t failed = 99;
	expect(goc_org_create_many_v2(NULL, &failed, NULL, f, 3, NULL), GOC_EINVAL, "db", "v2 NULL db");
	ck_assert_uint_eq(failed, 3);
	failed = 99;
	expect(goc_org_create_many_v2(NULL, &failed, db, NULL, 3, NULL), GOC_EINVAL, "fields",
	       "v2 NULL fields");
	ck_assert_uint_eq(failed, 3);
	goc_bulk_options bad_opts = GOC_BULK_OPTIONS_INIT;
	bad_opts.version = 99;
	failed = 99;
	expect(goc_org_create_many_v2(NULL, &failed, db, f, 3, &bad_opts), GOC_EINVAL, "opts",
	       "v2 opts version");
	ck_assert_uint_eq(failed, 3);
	failed = 99;
	must(goc_org_create_many_v2(NULL, &failed, db, f, 0, NULL), "v2 n = 0");
	ck_assert_uint_eq(failed, 0);

	f[2].zone = "nowhere";
	bulk_refused(f, 3, GOC_ENOTFOUND, "fields[2]: zone: no zone with code 'nowhere'");
	f[2].zone = NULL;
	f[0].unit = "nosuch";
	bulk_refused(f, 3, GOC_ENOTFOUND, "fields[0]: unit: no unit with code 'nosuch'");
	f[0].unit = NULL;
	f[1].date = "2024-02-30";
	bulk_refused(f, 3, GOC_EINVAL, "fields[1]: date");
	f[1].date = "2024-04-01";
	f[1].version = 99;
	bulk_refused(f, 3, GOC_EINVAL, "fields[1]: fields: goc_org_fields version 99");
	f[1].version = GOC_ORG_FIELDS_VERSION;
	f[1].category = 0;
	bulk_refused(f, 3, GOC_EINVAL, "fields[1]: category");
	f[1].category = GOC_CATEGORY_TRADE;
	/* a duplicate of a registered organization names it; a duplicate
	 * within the array names the element it repeats */
	f[1].name_zh = "已有组织";
	char want[96];
	snprintf(want, sizeof want, "fields[1]: name_zh: '已有组织' is already used by organization %lld",
	         (long long)old);
	bulk_refused(f, 3, GOC_EEXISTS, want);
	f[1].name_zh = "错批乙";
	f[2].name_zh = "错批甲";
	bulk_refused(f, 3, GOC_EEXISTS, "fields[2]: name_zh: '错批甲' is already used by fields[0]");
	f[2].name_zh = "错批丙";
	f[0].id_scheme = f[2].id_scheme = "uscc";
	f[0].id_value = f[2].id_value = "91310000MA1FL8TQ23";
	bulk_refused(f, 3, GOC_EEXISTS, "fields[2]: id_value");
	f[2].id_scheme = f[2].id_value = NULL;
	f[1].name_en = "Same Name";
	f[2].name_en = "SAME name";
	bulk_refused(f, 3, GOC_EEXISTS, "fields[2]: name_en");
	f[2].name_en = NULL;

	/* inside the caller's transaction a refused call undoes only itself */
	must(goc_db_begin(db), "begin");
	int64_t kept = org("事务内先建", NULL);
	f[2].zone = "nowhere";
	expect(goc_org_create_many(NULL, db, f, 3), GOC_ENOTFOUND, "fields[2]", "in txn");
	f[2].zone = NULL;
	int64_t ids[3];
	must(goc_org_create_many(ids, db, f, 3), "in txn, then right");
	must(goc_db_commit(db), "commit");
	goc_org *o = NULL;
	must(goc_org_get(&o, db, kept), "kept");
	goc_org_free(o);
	ck_assert_int_eq(ids[0], kept + 1);
	ck_assert_int_eq(q("SELECT count(*) FROM organizations WHERE name_zh LIKE '错批%'"), 3);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "verify");
}
END_TEST

/* Arrays longer than the batches the bulk path writes at a time (the
 * audit records go in 32 to a statement): every element recorded once, in
 * order, the chain intact; a refusal anywhere, in a full batch or in the
 * rest, writes nothing. */
#define LONG_N 70
static void long_fields(goc_org_fields *f, char (*names)[32], const char *prefix)
{
	for (int i = 0; i < LONG_N; i++) {
		snprintf(names[i], sizeof names[i], "%s%03d", prefix, i);
		f[i] = org_fields(names[i], i % 3 ? "commerce" : NULL);
	}
}

static void long_refused(goc_org_fields *f, int want, const char *needle)
{
	long long fp = fingerprint(), logs = q("SELECT count(*) FROM change_log");
	size_t failed = 0, named = 0;
	int64_t ids[LONG_N];
	expect(goc_org_create_many_v2(ids, &failed, db, f, LONG_N, NULL), want, needle, needle);
	ck_assert_int_eq(sscanf(needle, "fields[%zu]", &named), 1);
	ck_assert_uint_eq(failed, named);
	ck_assert_int_eq(fingerprint(), fp);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), logs);
	for (int i = 0; i < LONG_N; i++)
		ck_assert_int_eq(ids[i], 0);
}

/* The records of the organizations named prefix%: how many, and whether
 * their sequence numbers follow their ids one for one. */
static void long_recorded(const char *prefix, long long want)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) * (count(DISTINCT c.seq - o.id) = 1) FROM change_log c"
	         " JOIN organizations o ON c.object_kind = 'organization'"
	         " AND c.object_id = CAST(o.id AS TEXT) AND c.action = 'org.create'"
	         " WHERE o.name_zh LIKE '%s%%'", prefix);
	ck_assert_int_eq(q(sql), want);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM stage_history WHERE to_stage = 'target' AND org_id IN"
	         " (SELECT id FROM organizations WHERE name_zh LIKE '%s%%')", prefix);
	ck_assert_int_eq(q(sql), want);
}

START_TEST(test_create_many_long)
{
	static goc_org_fields f[LONG_N];
	static char names[LONG_N][32];
	int64_t ids[LONG_N];
	long_fields(f, names, "长批");
	must(goc_org_create_many(ids, db, f, LONG_N), "70 at once");
	for (int i = 1; i < LONG_N; i++)
		ck_assert_int_eq(ids[i], ids[0] + i);
	long_recorded("长批", LONG_N);

	/* refusals in the first batch, a later full one and the rest */
	long_fields(f, names, "长错");
	f[45].name_zh = names[3];
	long_refused(f, GOC_EEXISTS, "fields[45]: name_zh: '长错003' is already used by fields[3]");
	f[45].name_zh = names[45];
	f[66].zone = "nowhere";
	long_refused(f, GOC_ENOTFOUND, "fields[66]: zone: no zone with code 'nowhere'");
	f[66].zone = NULL;
	f[5].name_zh = "长批069";
	long_refused(f, GOC_EEXISTS, "fields[5]: name_zh: '长批069' is already used by organization");
	f[5].name_zh = names[5];
	f[45].name_zh = names[3]; /* the first element that fails is named, */
	f[50].category = 0;       /* not the first one checked */
	long_refused(f, GOC_EEXISTS, "fields[45]: name_zh: '长错003' is already used by fields[3]");
	f[45].name_zh = names[45];
	long_refused(f, GOC_EINVAL, "fields[50]: category");
	f[50].category = GOC_CATEGORY_TRADE;
	f[10].unit = "nosuch"; /* a foreign key, in a chunk the bulk path writes at once */
	long_refused(f, GOC_ENOTFOUND, "fields[10]: unit: no unit with code 'nosuch'");
	f[10].unit = NULL;
	/* a unit creates for itself only: refused at the element, recorded */
	must(goc_db_set_actor(db, "commerce"), "actor");
	for (int i = 0; i < LONG_N; i++)
		f[i].unit = "commerce";
	f[35].unit = "scitech";
	REFUSED(goc_org_create_many(ids, db, f, LONG_N), "fields[35]: org.create: actor 'commerce'");
	must(goc_db_set_actor(db, NULL), "system");

	/* inside the caller's transaction: a refusal undoes only itself */
	must(goc_db_begin(db), "begin");
	long_fields(f, names, "长事");
	f[40].category = 0;
	expect(goc_org_create_many(ids, db, f, LONG_N), GOC_EINVAL, "fields[40]: category",
	       "in txn");
	f[40].category = GOC_CATEGORY_TRADE;
	f[33].name_zh = names[32];
	expect(goc_org_create_many(ids, db, f, LONG_N), GOC_EEXISTS, "fields[33]: name_zh",
	       "in txn, duplicate");
	f[33].name_zh = names[33];
	must(goc_org_create_many(ids, db, f, LONG_N), "in txn");
	must(goc_org_create_many(NULL, db, f, 0), "in txn, none");
	long_fields(f, names, "整批"); /* two whole batches and nothing after them */
	must(goc_org_create_many(ids, db, f, 64), "64 in txn");
	must(goc_db_commit(db), "commit");
	long_recorded("长事", LONG_N);
	long_recorded("整批", 64);
	long_recorded("长错", 0);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "verify");
}
END_TEST

/* Ids near their end: SQLite picks free ones at random, and the bulk path
 * writes row by row (it gives ids only where SQLite would). */
START_TEST(test_create_many_ids_at_end)
{
	tamper("INSERT INTO organizations (id, name_zh, category, origin, stage, stage_date, created,"
	       " name_zh_key) VALUES (9223372036854775800, '末号组织', 'trade', 'international',"
	       " 'target', '2024-01-05', '2024-01-05', '末号组织')");
	static goc_org_fields f[LONG_N];
	static char names[LONG_N][32];
	int64_t ids[LONG_N];
	long_fields(f, names, "末批");
	must(goc_org_create_many(ids, db, f, LONG_N), "70 near the end");
	ck_assert_int_eq(ids[0], INT64_MAX - 6);
	ck_assert_int_eq(q("SELECT count(DISTINCT id) FROM organizations WHERE name_zh LIKE '末批%'"),
	                 LONG_N);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'org.create'"
	                   " AND object_id IN (SELECT CAST(id AS TEXT) FROM organizations"
	                   " WHERE name_zh LIKE '末批%')"), LONG_N);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "verify");
}
END_TEST

START_TEST(test_create_many_permissions)
{
	goc_org_fields f[2] = { org_fields("科经委批建", "scitech"),
	                        org_fields("替商务委批建", "commerce") };
	must(goc_db_set_actor(db, "scitech"), "actor");
	REFUSED(goc_org_create_many(NULL, db, f, 2), "fields[1]: org.create: actor 'scitech'"
	                                             " (role unit) may not create this organization:"
	                                             " it would belong to 'commerce'");
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE outcome = 'denied'"
	                   " AND detail LIKE 'fields[1]: %' AND object_id IS NULL"), 1);
	f[1].unit = "scitech";
	int64_t ids[2];
	must(goc_org_create_many(ids, db, f, 2), "own");
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'org.create'"
	                   " AND actor = 'scitech' AND outcome = 'ok'"), 2);
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_unit_set_access(db, "police", GOC_ACCESS_VIEWER), "viewer");
	must(goc_db_set_actor(db, "police"), "actor");
	f[0].name_zh = "观察者批建甲";
	f[1].name_zh = "观察者批建乙";
	REFUSED(goc_org_create_many(NULL, db, f, 2), "a viewer reads only");
}
END_TEST


/* ------------------------------------------------------------------------
 * Risk reviews: the reviewers, not the unit that wants the landing
 * ---------------------------------------------------------------------- */

/* Issue 14, finding 1, replayed: scitech follows the organization and
 * wants it landed. */
START_TEST(test_review_gate_replay)
{
	int is = -1;
	must(goc_unit_is_reviewer(&is, db, "police"), "police reviews");
	ck_assert_int_eq(is, 1);
	must(goc_unit_is_reviewer(&is, db, "scitech"), "scitech does not");
	ck_assert_int_eq(is, 0);
	must(goc_db_set_actor(db, "scitech"), "actor");
	int64_t id = org("闸门组织", "scitech");
	must(goc_org_set_stage(db, id, GOC_STAGE_APPROVED, "2024-02-01", NULL, NULL), "approved");
	/* in police's name: refused, naming both, and recorded */
	REFUSED(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-02-02", "police", NULL),
	        "actor 'scitech' (role unit) may not record in the name of unit 'police'");
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE actor = 'scitech'"
	                   " AND action = 'org.review' AND outcome = 'denied'"
	                   " AND detail LIKE '%''police''%'"), 1);
	/* in its own name: not a reviewing unit */
	REFUSED(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-02-02", NULL, NULL),
	        "only a reviewing unit or an administrator");
	expect(goc_org_set_stage(db, id, GOC_STAGE_LANDED, "2024-02-03", NULL, NULL), GOC_ESTATE,
	       "cleared", "no landing without police");
	/* it asks instead; police reviews the organization it does not follow */
	int64_t req = 0;
	must(goc_org_request_review(&req, db, id, "2024-02-02", "请审查"), "request");
	must(goc_db_set_actor(db, "police"), "police");
	int64_t rid = 0;
	must(goc_org_review(&rid, db, id, GOC_REVIEW_FLAGGED, "2024-02-03", NULL, "待补材料"),
	     "police reviews");
	REFUSED(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-02-04", "market", NULL),
	        "'market'");
	must(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-02-04", "police", NULL),
	     "police names itself");
	goc_cursor *cur = NULL;
	must(goc_org_reviews(&cur, db, id), "reviews");
	int n = 0;
	while (goc_cursor_next(cur) == GOC_ROW) {
		ck_assert_str_eq(goc_review_unit(goc_cursor_review(cur)), "police");
		n++;
	}
	goc_cursor_free(cur);
	ck_assert_int_eq(n, 2);
	/* the first review answered the request */
	must(goc_org_review_requests(&cur, db, id, GOC_REVIEW_REQUESTS_ALL), "requests");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	const goc_review_request *rq = goc_cursor_review_request(cur);
	ck_assert_int_eq(goc_review_request_id(rq), req);
	ck_assert_int_eq(goc_review_request_review(rq), rid);
	ck_assert_str_eq(goc_review_request_unit(rq), "scitech");
	goc_cursor_free(cur);
	must(goc_db_set_actor(db, "scitech"), "scitech");
	must(goc_org_set_stage(db, id, GOC_STAGE_LANDED, "2024-02-05", NULL, NULL), "lands");
	/* stage and headquarters in another's name: refused too */
	REFUSED(goc_org_set_stage(db, id, GOC_STAGE_OPERATING, "2024-02-06", "police", NULL),
	        "'police'");
	REFUSED(goc_org_set_hq(db, id, "2024-02-06", "commerce", NULL), "'commerce'");
	must(goc_org_set_hq(db, id, "2024-02-06", "scitech", NULL), "own name, spelt out");
	/* the administrator may name another unit */
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_org_set_stage(db, id, GOC_STAGE_OPERATING, "2024-02-07", "police", NULL),
	     "admin names police");
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "chain");
}
END_TEST

START_TEST(test_review_who_may)
{
	int64_t theirs = org("公安跟进组织", "police");
	int64_t other = org("商务委跟进的", "commerce");
	/* a reviewing unit does not review what it follows */
	must(goc_db_set_actor(db, "police"), "police");
	REFUSED(goc_org_review(NULL, db, theirs, GOC_REVIEW_CLEARED, "2024-02-02", NULL, NULL),
	        "follows it");
	must(goc_org_request_review(NULL, db, theirs, "2024-02-02", NULL), "it may ask");
	/* an organization that does not exist is not found, not refused */
	expect(goc_org_review(NULL, db, theirs + 1000, GOC_REVIEW_CLEARED, "2024-02-02", NULL, NULL),
	       GOC_ENOTFOUND, NULL, "no such organization");
	/* an administrator unit reviews anything, in its own name */
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_unit_set_access(db, "devreform", GOC_ACCESS_ADMIN), "admin unit");
	must(goc_db_set_actor(db, "devreform"), "devreform");
	must(goc_org_review(NULL, db, theirs, GOC_REVIEW_CLEARED, "2024-02-03", NULL, NULL),
	     "admin reviews");
	ck_assert_int_eq(q("SELECT count(*) FROM risk_reviews WHERE unit = 'devreform'"
	                   " AND recorded_by = 'devreform'"), 1);
	/* a viewer, even a reviewing one, records nothing */
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_unit_set_access(db, "police", GOC_ACCESS_VIEWER), "viewer");
	must(goc_db_set_actor(db, "police"), "police");
	REFUSED(goc_org_review(NULL, db, other, GOC_REVIEW_CLEARED, "2024-02-02", NULL, NULL),
	        "a viewer reads only");
	REFUSED(goc_org_request_review(NULL, db, theirs, "2024-02-04", NULL), "a viewer reads only");
	/* an administrator names another reviewing unit: 市场监管局 */
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_unit_set_reviewer(db, "market", 1), "market reviews");
	int is = 0;
	must(goc_unit_is_reviewer(&is, db, "market"), "is");
	ck_assert_int_eq(is, 1);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE action = 'unit.set_reviewer'"
	                   " AND object_id = 'market' AND json_extract(before, '$.reviewer') = 0"
	                   " AND json_extract(after, '$.reviewer') = 1"), 1);
	must(goc_db_set_actor(db, "market"), "market");
	must(goc_org_review(NULL, db, other, GOC_REVIEW_FLAGGED, "2024-02-05", NULL, NULL),
	     "market reviews");
	/* only an administrator names reviewers */
	REFUSED(goc_unit_set_reviewer(db, "scitech", 1), "only an administrator");
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_unit_set_reviewer(db, "market", 0), "no longer");
	must(goc_db_set_actor(db, "market"), "market");
	REFUSED(goc_org_review(NULL, db, other, GOC_REVIEW_CLEARED, "2024-02-06", NULL, NULL),
	        "only a reviewing unit");
}
END_TEST

START_TEST(test_reviewer_errors)
{
	int is = 5;
	expect(goc_unit_set_reviewer(NULL, "police", 1), GOC_EINVAL, "db", "NULL db");
	expect(goc_unit_set_reviewer(db, "Police!", 1), GOC_EINVAL, "unit", "bad code");
	expect(goc_unit_set_reviewer(db, NULL, 1), GOC_EINVAL, "unit", "NULL code");
	expect(goc_unit_set_reviewer(db, "police", 2), GOC_EINVAL, "yes", "not 0 or 1");
	expect(goc_unit_set_reviewer(db, "nobody", 1), GOC_ENOTFOUND, "nobody", "unknown");
	expect(goc_unit_is_reviewer(NULL, db, "police"), GOC_EINVAL, "out", "NULL out");
	expect(goc_unit_is_reviewer(&is, NULL, "police"), GOC_EINVAL, "db", "NULL db");
	ck_assert_int_eq(is, 0);
	expect(goc_unit_is_reviewer(&is, db, "x y"), GOC_EINVAL, "unit", "bad code");
	expect(goc_unit_is_reviewer(&is, db, "nobody"), GOC_ENOTFOUND, "nobody", "unknown");
	goc_db *ro = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	must(goc_db_open_ext(&ro, path, &o), "read-only");
	expect(goc_unit_set_reviewer(ro, "market", 1), GOC_EREADONLY, NULL, "read-only");
	must(goc_unit_is_reviewer(&is, ro, "police"), "reads");
	ck_assert_int_eq(is, 1);
	goc_db_close(ro);
}
END_TEST

START_TEST(test_review_request_errors)
{
	int64_t id = org("请求组织", "scitech"), qid = 7;
	goc_cursor *cur = (goc_cursor *)&qid;
	must(goc_db_set_actor(db, "scitech"), "scitech");
	expect(goc_org_request_review(&qid, NULL, id, "2024-02-01", NULL), GOC_EINVAL, "db", "NULL db");
	ck_assert_int_eq(qid, 0);
	expect(goc_org_request_review(NULL, db, id, "2024-02-30", NULL), GOC_EINVAL, "date", "bad date");
	expect(goc_org_request_review(NULL, db, id, NULL, NULL), GOC_EINVAL, "date", "no date");
	expect(goc_org_request_review(NULL, db, id, "2024-01-01", NULL), GOC_EINVAL,
	       "before organization", "before registration");
	char *long_note = malloc(2002);
	memset(long_note, 'x', 2001);
	long_note[2001] = '\0';
	expect(goc_org_request_review(NULL, db, id, "2024-02-01", long_note), GOC_EINVAL, "note",
	       "long note");
	free(long_note);
	expect(goc_org_request_review(NULL, db, id + 100, "2024-02-01", NULL), GOC_ENOTFOUND, NULL,
	       "unknown organization");
	must(goc_org_request_review(&qid, db, id, "2024-02-01", "第一次"), "request");
	ck_assert_int_gt(qid, 0);
	expect(goc_org_request_review(NULL, db, id, "2024-02-02", NULL), GOC_EEXISTS, "waiting",
	       "second while waiting");
	/* the system actor asks in the name of the following unit */
	must(goc_db_set_actor(db, NULL), "system");
	int64_t nobody = org("无人请求组织", NULL);
	must(goc_org_request_review(NULL, db, nobody, "2024-02-01", NULL), "system");
	ck_assert_int_eq(q("SELECT count(*) FROM review_requests WHERE unit IS NULL"), 1);
	/* listing */
	expect(goc_org_review_requests(NULL, db, 0, GOC_REVIEW_REQUESTS_ALL), GOC_EINVAL, "out",
	       "NULL out");
	expect(goc_org_review_requests(&cur, NULL, 0, GOC_REVIEW_REQUESTS_ALL), GOC_EINVAL, "db",
	       "NULL db");
	ck_assert_ptr_null(cur);
	expect(goc_org_review_requests(&cur, db, 0, (enum goc_review_requests)3), GOC_EINVAL,
	       "which", "bad which");
	expect(goc_org_review_requests(&cur, db, 0, (enum goc_review_requests)0), GOC_EINVAL,
	       "which", "zero which");
	expect(goc_org_review_requests(&cur, db, id + 100, GOC_REVIEW_REQUESTS_ALL), GOC_ENOTFOUND,
	       NULL, "unknown organization");
	must(goc_org_review_requests(&cur, db, 0, GOC_REVIEW_REQUESTS_PENDING), "pending");
	int n = 0;
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_review_request *rq = goc_cursor_review_request(cur);
		ck_assert_int_eq(goc_review_request_review(rq), 0);
		ck_assert_ptr_null(goc_cursor_review(cur));
		n++;
	}
	goc_cursor_free(cur);
	ck_assert_int_eq(n, 2);
	/* NULL records */
	ck_assert_int_eq(goc_review_request_id(NULL), 0);
	ck_assert_int_eq(goc_review_request_org(NULL), 0);
	ck_assert_int_eq(goc_review_request_review(NULL), 0);
	ck_assert_ptr_null(goc_review_request_unit(NULL));
	ck_assert_ptr_null(goc_review_request_date(NULL));
	ck_assert_ptr_null(goc_review_request_note(NULL));
	ck_assert_ptr_null(goc_cursor_review_request(NULL));
	/* an organization with a request is referred to: withdraw it instead */
	expect(goc_org_delete(db, nobody), GOC_ECONSTRAINT, "review request", "delete");
	goc_db *ro = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	must(goc_db_open_ext(&ro, path, &o), "read-only");
	expect(goc_org_request_review(NULL, ro, id, "2024-02-03", NULL), GOC_EREADONLY, NULL, "ro");
	goc_db_close(ro);
}
END_TEST

/* ------------------------------------------------------------------------
 * Storage types and INSERT OR REPLACE (issue 14, finding 6)
 * ---------------------------------------------------------------------- */

/* An audit list's row count for one actor, or for refusals. */
static int listed(const char *actor, int outcome)
{
	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	f.actor = actor;
	f.outcome = outcome;
	return count_list(&f);
}

START_TEST(test_verify_storage_types)
{
	/* nine records by scitech, two of them refusals */
	must(goc_db_set_actor(db, "scitech"), "scitech");
	for (int i = 0; i < 7; i++) {
		char name[32];
		snprintf(name, sizeof name, "类型组织%d", i);
		org(name, "scitech");
	}
	REFUSED(try_org("替商务委建", "commerce"), "'commerce'");
	REFUSED(try_org("替公安建", "police"), "'police'");
	must(goc_db_set_actor(db, NULL), "system");
	ck_assert_int_eq(listed("scitech", 0), 9);
	ck_assert_int_eq(listed(NULL, GOC_AUDIT_DENIED), 2);
	int64_t head = 0;
	char hash[65];
	must(goc_audit_head(&head, hash, db), "head");
	/* the tampering of the issue: every actor's text cast to a BLOB */
	tamper("UPDATE change_log SET actor = cast(actor as blob) WHERE actor IS NOT NULL");
	ck_assert_int_lt(listed("scitech", 0), 9); /* what the tamperer was after */
	int64_t first = q("SELECT min(seq) FROM change_log WHERE actor IS NOT NULL");
	int64_t bad = 0, checked = -1;
	expect(goc_audit_verify(&checked, &bad, db, head, hash), GOC_ECORRUPT,
	       "actor is stored as a BLOB, not TEXT or NULL", "blob actor");
	ck_assert_int_eq(bad, first);
	ck_assert_int_eq(checked, first - 1);
	char want[64];
	snprintf(want, sizeof want, "record %lld", (long long)first);
	ck_assert_msg(strstr(goc_error_message(), want), "%s", goc_error_message());
}
END_TEST

START_TEST(test_verify_storage_type_each_column)
{
	static const struct {
		const char *set, *needle;
	} cases[] = {
		{ "recorded_at = cast(recorded_at AS BLOB)", "recorded_at is stored as a BLOB" },
		{ "action = cast(action AS BLOB)", "action is stored as a BLOB, not TEXT" },
		{ "object_kind = cast(object_kind AS BLOB)", "object_kind is stored as a BLOB" },
		{ "object_id = cast(object_id AS BLOB)", "object_id is stored as a BLOB" },
		{ "outcome = cast(outcome AS BLOB)", "outcome is stored as a BLOB" },
		{ "after = cast(after AS BLOB)", "after is stored as a BLOB" },
		{ "hash = hex(hash)", "hash is stored as TEXT, not a BLOB of 32 bytes" },
		{ "hash = substr(hash, 1, 31)", "hash is stored as a BLOB of another length" },
		/* TEXT columns turn numbers into text; the hash's column keeps them */
		{ "hash = 7", "hash is stored as an INTEGER, not a BLOB of 32 bytes" },
		{ "hash = 1.5", "hash is stored as a REAL, not a BLOB of 32 bytes" },
	};
	ten_records();
	/* record 5: an org.create by the system actor (object_id "4") */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char sql[256];
		tamper("DROP TABLE IF EXISTS saved; CREATE TABLE saved AS SELECT * FROM change_log"
		       " WHERE seq = 5");
		snprintf(sql, sizeof sql, "UPDATE change_log SET %s WHERE seq = 5", cases[i].set);
		tamper(sql);
		int64_t bad = 0;
		expect(goc_audit_verify(NULL, &bad, db, 0, NULL), GOC_ECORRUPT, cases[i].needle,
		       cases[i].set);
		ck_assert_int_eq(bad, 5);
		tamper("DELETE FROM change_log WHERE seq = 5;"
		       "INSERT INTO change_log SELECT * FROM saved; DROP TABLE saved");
		must(goc_audit_verify(NULL, NULL, db, 0, NULL), "restored");
	}
}
END_TEST

/* A record numbered 0 before record 1: out of place, nothing checked. */
START_TEST(test_verify_record_zero)
{
	ten_records();
	tamper("INSERT INTO change_log SELECT 0, recorded_at, actor, action, object_kind, object_id,"
	       " outcome, detail, before, after, hash, person, layout FROM change_log WHERE seq = 1");
	verify_bad(1, "record 1 is out of place (found 0)");
}
END_TEST

/* The last record altered: its hash cut short and its outcome unknown.
 * The head and the list show no hash and no outcome rather than reading
 * past the blob; the next write chains to nothing (the tamperer's hash is
 * not taken for a link), and verify names the altered record. */
START_TEST(test_altered_last_record)
{
	ten_records();
	tamper("UPDATE change_log SET hash = x'00', outcome = 'fine' WHERE seq = 10");
	int64_t seq = 0;
	char hash[65];
	must(goc_audit_head(&seq, hash, db), "head");
	ck_assert_int_eq(seq, 10);
	ck_assert_str_eq(hash, "0000000000000000000000000000000000000000000000000000000000000000");
	goc_cursor *c = NULL;
	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	f.object_kind = "organization";
	f.object_id = "9";
	must(goc_audit_list(&c, db, &f), "list");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	const goc_audit_record *r = goc_cursor_audit(c);
	ck_assert_int_eq(goc_audit_seq(r), 10);
	ck_assert_int_eq(goc_audit_outcome(r), 0);
	ck_assert_str_eq(goc_audit_hash(r), "");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);
	org("篡改之后", NULL);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), 11);
	verify_bad(10, "hash is stored as a BLOB of another length");
}
END_TEST

START_TEST(test_insert_or_replace_refused)
{
	ten_records();
	/* with the update and delete triggers dropped, as a tamperer would */
	tamper("SELECT 1");
	sqlite3 *s;
	ck_assert_int_eq(sqlite3_open(path, &s), SQLITE_OK);
	int rc = sqlite3_exec(s, "INSERT OR REPLACE INTO change_log SELECT seq, recorded_at,"
	                         " 'police', action, object_kind, object_id, outcome, detail,"
	                         " before, after, hash, person, layout FROM change_log WHERE seq = 3",
	                      NULL, NULL, NULL);
	ck_assert_int_ne(rc, SQLITE_OK);
	ck_assert_msg(strstr(sqlite3_errmsg(s), "append-only"), "%s", sqlite3_errmsg(s));
	ck_assert_int_ne(sqlite3_exec(s, "REPLACE INTO change_log SELECT * FROM change_log"
	                                 " WHERE seq = 4", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(s, "INSERT INTO change_log SELECT * FROM change_log"
	                                 " WHERE seq = 4 ON CONFLICT DO NOTHING",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	ck_assert_int_eq(q("SELECT count(*) FROM change_log WHERE actor = 'police'"), 0);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "intact");
	/* libgoc's own appends still go through */
	org("替换之后", NULL);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "goes on");
}
END_TEST

/* A schema-5 file (tests/data/schema-v5.db: the Pudong units, an
 * organization followed by scitech, a review by police recorded by the
 * system actor, a refusal, market made a viewer) migrates: police is a
 * reviewing unit, nobody else; requests work; the old chain verifies. */
START_TEST(test_migrated_v5_reviewers)
{
	char src[512], fixture[160];
	snprintf(fixture, sizeof fixture, "%s/a5.db", dir);
	snprintf(src, sizeof src, "%s/tests/data/schema-v5.db",
	         getenv("GOC_SOURCE_DIR") ? getenv("GOC_SOURCE_DIR") : "..");
	char err[256];
	ck_assert_msg(tu_db_copy(src, fixture, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(tu_query_int(fixture, "PRAGMA user_version"), 5);
	goc_db *m = NULL;
	must(goc_db_open(&m, fixture), "migrate");
	int v = 0, is = 0;
	must(goc_db_schema_version(m, &v), "version");
	ck_assert_int_eq(v, GOC_SCHEMA_VERSION);
	must(goc_unit_is_reviewer(&is, m, "police"), "police");
	ck_assert_int_eq(is, 1);
	ck_assert_int_eq(tu_query_int(fixture, "SELECT count(*) FROM units WHERE reviewer = 1"), 1);
	int64_t checked = 0;
	must(goc_audit_verify(&checked, NULL, m, 0, NULL), "old chain");
	ck_assert_int_eq(checked, 5);
	must(goc_db_set_actor(m, "scitech"), "scitech");
	expect(goc_org_review(NULL, m, 1, GOC_REVIEW_CLEARED, "2024-03-01", NULL, NULL), GOC_EPERM,
	       "only a reviewing unit", "scitech still may not");
	must(goc_org_request_review(NULL, m, 1, "2024-03-01", NULL), "request");
	must(goc_db_set_actor(m, "police"), "police");
	must(goc_org_review(NULL, m, 1, GOC_REVIEW_CLEARED, "2024-03-02", NULL, NULL), "police");
	ck_assert_int_eq(tu_query_int(fixture, "SELECT count(*) FROM review_requests"
	                                       " WHERE review_id IS NOT NULL"), 1);
	must(goc_audit_verify(&checked, NULL, m, 0, NULL), "chain goes on");
	ck_assert_int_eq(checked, 5 + 3);
	goc_db_close(m);
	tu_db_remove(fixture);
}
END_TEST

/* goc_org_create_many_ext(): the progress callback sees every element
 * written, and a nonzero result cancels the whole call. */
struct bulk_progress {
	size_t calls, last_done, last_total, stop_at;
};

static int bulk_progress_cb(size_t done, size_t total, void *payload)
{
	struct bulk_progress *p = payload;
	ck_assert_int_eq(done, p->last_done + 1); /* once per element, in order */
	p->calls++;
	p->last_done = done;
	p->last_total = total;
	return done == p->stop_at;
}

START_TEST(test_create_many_progress)
{
	goc_org_fields f[4] = {
		org_fields("进度甲", NULL), org_fields("进度乙", NULL),
		org_fields("进度丙", NULL), org_fields("进度丁", NULL),
	};
	goc_bulk_options opts = GOC_BULK_OPTIONS_INIT;
	struct bulk_progress p = { 0, 0, 0, 0 };
	opts.progress = bulk_progress_cb;
	opts.payload = &p;
	int64_t ids[4];
	size_t done_failed = 99;
	must(goc_org_create_many_v2(ids, &done_failed, db, f, 4, &opts), "with progress");
	ck_assert_uint_eq(done_failed, 4); /* success: no element at fault */
	ck_assert_int_eq(p.calls, 4);
	ck_assert_int_eq(p.last_done, 4);
	ck_assert_int_eq(p.last_total, 4);
	ck_assert_int_eq(ids[3], ids[0] + 3);
	/* NULL options, or options without a callback: goc_org_create_many() */
	f[0].name_zh = "进度戊";
	must(goc_org_create_many_ext(NULL, db, f, 1, NULL), "NULL opts");
	goc_bulk_options plain = GOC_BULK_OPTIONS_INIT;
	f[0].name_zh = "进度己";
	must(goc_org_create_many_ext(NULL, db, f, 1, &plain), "no callback");
	/* n == 0 calls nothing */
	p = (struct bulk_progress){ 0, 0, 0, 0 };
	must(goc_org_create_many_ext(NULL, db, f, 0, &opts), "n = 0");
	ck_assert_int_eq(p.calls, 0);

	/* cancelled at the second element, and at the last (just before the
	 * commit): nothing written, ids 0, the audit trail as it was */
	const char *names[4] = { "取消甲", "取消乙", "取消丙", "取消丁" };
	for (int i = 0; i < 4; i++)
		f[i].name_zh = names[i];
	size_t stops[2] = { 2, 4 };
	for (int k = 0; k < 2; k++) {
		long long fp = fingerprint(), logs = q("SELECT count(*) FROM change_log");
		p = (struct bulk_progress){ 0, 0, 0, stops[k] };
		memset(ids, 0x5a, sizeof ids);
		char want[96];
		snprintf(want, sizeof want, "cancelled by the progress callback after %zu of 4",
		         stops[k]);
		size_t failed = 99;
		expect(goc_org_create_many_v2(ids, &failed, db, f, 4, &opts), GOC_ECANCELLED, want,
		       want);
		ck_assert_uint_eq(failed, 4); /* no element at fault */
		ck_assert_int_eq(p.calls, stops[k]);
		ck_assert_int_eq(fingerprint(), fp);
		ck_assert_int_eq(q("SELECT count(*) FROM change_log"), logs);
		for (int i = 0; i < 4; i++)
			ck_assert_int_eq(ids[i], 0);
	}
	/* inside the caller's transaction: undoes only itself, which stays open */
	must(goc_db_begin(db), "begin");
	int64_t kept = org("取消前事务内", NULL);
	p = (struct bulk_progress){ 0, 0, 0, 3 };
	expect(goc_org_create_many_ext(ids, db, f, 4, &opts), GOC_ECANCELLED, "after 3 of 4",
	       "in txn");
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	p = (struct bulk_progress){ 0, 0, 0, 0 };
	must(goc_org_create_many_ext(ids, db, f, 4, &opts), "in txn, not cancelled");
	must(goc_db_commit(db), "commit");
	ck_assert_int_eq(ids[0], kept + 1);
	ck_assert_int_eq(q("SELECT count(*) FROM organizations WHERE name_zh LIKE '取消%'"), 5);
	must(goc_audit_verify(NULL, NULL, db, 0, NULL), "verify");

	/* bad options and arguments */
	goc_bulk_options bad = GOC_BULK_OPTIONS_INIT;
	bad.version = 0;
	expect(goc_org_create_many_ext(NULL, db, f, 4, &bad), GOC_EINVAL,
	       "goc_bulk_options version 0", "version 0");
	bad.version = GOC_BULK_OPTIONS_VERSION + 1;
	expect(goc_org_create_many_ext(NULL, db, f, 4, &bad), GOC_EINVAL, "is not supported",
	       "version 2");
	expect(goc_org_create_many_ext(NULL, NULL, f, 4, &opts), GOC_EINVAL, "db", "NULL db");
	expect(goc_org_create_many_ext(NULL, db, NULL, 4, &opts), GOC_EINVAL, "fields",
	       "NULL fields");
}
END_TEST

/* ------------------------------------------------------------------------
 * goc_db_may(): the write path's answer, asked before writing
 * ---------------------------------------------------------------------- */

static int may(const char *action, int64_t id)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", (long long)id);
	return goc_db_may(db, action, id ? s : NULL);
}

START_TEST(test_may_preview)
{
	must(goc_db_set_actor(db, "scitech"), "actor");
	int64_t mine = org("科经委的组织", "scitech");
	must(goc_db_set_actor(db, NULL), "system");
	int64_t theirs = org("商务委的组织", "commerce");
	long long n = q("SELECT count(*) FROM change_log"), fp = fingerprint();

	/* the system actor and an administrator may everything */
	must(may("org.set_stage", theirs), "system");
	must(may("unit.set_access", 0), "system admin action");
	/* a unit: its own objects, not another's; creates; admin actions no */
	must(goc_db_set_actor(db, "scitech"), "actor");
	must(may("org.set_stage", mine), "own stage");
	must(may("org.request_review", mine), "own request");
	must(may("org.set_hq", mine), "own hq");
	must(may("event.create", 0), "create");
	must(may("report.submit", 0), "report");
	expect(may("org.set_stage", theirs), GOC_EPERM, "'commerce'", "theirs");
	expect(may("org.request_review", theirs), GOC_EPERM, "'commerce'", "theirs request");
	expect(may("org.review", mine), GOC_EPERM, "only a reviewing unit", "not a reviewer");
	expect(may("unit.set_access", 0), GOC_EPERM, "only an administrator", "admin only");
	expect(may("plan.create", 0), GOC_EPERM, "only an administrator", "admin only");
	/* the same message as the write gives */
	expect(goc_org_set_stage(db, theirs, GOC_STAGE_CONTACTING, "2024-02-01", NULL, NULL),
	       GOC_EPERM, NULL, "the write");
	char said[512];
	snprintf(said, sizeof said, "%s", goc_error_message());
	expect(may("org.set_stage", theirs), GOC_EPERM, NULL, "the preview");
	ck_assert_str_eq(goc_error_message(), said);
	n++; /* the write's own refusal is recorded; the previews are not */
	/* a reviewing unit reviews others' organizations, not its own */
	must(goc_db_set_actor(db, "police"), "police");
	must(may("org.review", mine), "reviewer");
	must(goc_db_set_actor(db, NULL), "system");
	int64_t polices = org("公安的组织", "police");
	n++;
	fp = fingerprint();
	must(goc_db_set_actor(db, "police"), "police");
	expect(may("org.review", polices), GOC_EPERM, "follows it", "own review");
	/* a viewer may nothing */
	must(goc_db_set_actor(db, NULL), "system");
	must(goc_unit_set_access(db, "market", GOC_ACCESS_VIEWER), "viewer");
	n++;
	fp = fingerprint();
	must(goc_db_set_actor(db, "market"), "market");
	expect(may("event.create", 0), GOC_EPERM, "a viewer reads only", "viewer");
	/* nothing written, nothing audited */
	ck_assert_int_eq(q("SELECT count(*) FROM change_log"), n);
	ck_assert_int_eq(fingerprint(), fp);

	/* documented errors */
	expect(goc_db_may(NULL, "org.set_stage", NULL), GOC_EINVAL, "db", "NULL db");
	expect(goc_db_may(db, NULL, NULL), GOC_EINVAL, "action", "NULL action");
	expect(goc_db_may(db, "planet.land", NULL), GOC_EINVAL, "planet.land", "unknown kind");
	expect(goc_db_may(db, "org", NULL), GOC_EINVAL, "'org'", "no verb");
	goc_db *ro = NULL;
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = GOC_OPEN_READONLY;
	must(goc_db_open_ext(&ro, path, &o), "open read-only");
	expect(goc_db_may(ro, "event.create", NULL), GOC_EREADONLY, "read-only", "read-only");
	goc_db_close(ro);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("audit");
	tu_fixtures(&db, dir, sizeof dir, "audit", NULL);
	add_case(s, "roles", setup, tu_file_teardown, 0, (const TTest *[]){
		test_access_roles, test_read_only_handle, test_viewer_writes_nothing,
		test_unit_own_organizations, test_unit_activity_records,
		test_unit_admin_only_actions, test_unit_reports_in_own_name,
		test_refusal_in_transaction_survives_rollback, test_unknown_role_text, NULL });

	add_case(s, "reviews", setup, tu_file_teardown, 0, (const TTest *[]){
		test_review_gate_replay, test_review_who_may, test_may_preview,
		test_reviewer_errors, test_review_request_errors, test_migrated_v5_reviewers,
		NULL });

	add_case(s, "records", setup, tu_file_teardown, 0, (const TTest *[]){
		test_records_before_after, test_list_filters, NULL });

	add_case(s, "chain", setup, tu_file_teardown, 0, (const TTest *[]){
		test_verify_intact, test_verify_edited, test_verify_edited_actor_and_time,
		test_verify_deleted, test_verify_inserted, test_verify_reordered,
		test_verify_rehashed_one, test_verify_bad_outcome,
		test_verify_cut_short_against_anchor, test_chain_in_transaction,
		test_may_create_and_vanished_actor, test_verify_errors, test_empty_trail_head,
		test_migrated_trail_verifies, test_verify_storage_types,
		test_verify_storage_type_each_column, test_insert_or_replace_refused,
		test_verify_record_zero, test_altered_last_record, NULL });

	add_case(s, "bulk", setup, tu_file_teardown, 0, (const TTest *[]){
		test_create_many, test_create_many_errors, test_create_many_long,
		test_create_many_ids_at_end, test_create_many_permissions,
		test_create_many_progress, NULL });
	return s;
}

int main(void)
{
	return run_suite(suite(), CK_NORMAL);
}
