/*
 * bench_gen — the deterministic data generator of bench/: N organizations
 * with full stage histories (about 5 history rows each), risk reviews,
 * regional-headquarters milestones, partners, experts, events, service
 * requests, zone facts and progress reports, across every unit and zone of
 * the built-in Pudong plan.  The same N always gives the same rows.
 *
 * usage: bench_gen N FILE          generate (fast path, see below) into FILE
 *        bench_gen --api N FILE    generate through the public C API only
 *        bench_gen --verify N DIR  generate both ways and compare the rows
 *
 * The database is always created by libgoc (goc_db_open, the built-in plan
 * and its KPIs, zone facts and progress reports through the API).  The bulk
 * registers — organizations, stage history, risk reviews, milestones,
 * partners, experts, events with their organizers, service requests — go in
 * through the public API with --api (slow at 1,000,000 organizations: every
 * write is checked and logged), or by default through prepared SQL inserts
 * of exactly the rows the API writes (indexes dropped during the load and
 * rebuilt from their own definitions, no change_log records).  --verify
 * shows the two are the same data: every bulk table compared row for row
 * (bookkeeping columns recorded_at / recorded_by aside), and it fails on
 * any difference.  bench/run then checks the data with the library itself:
 * the scorecard runs on it and equals the hand-written SQL.
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

#define PLAN "pudong-goc-2024"

/* ---- deterministic choices ---- */

static uint64_t rng_state;

static unsigned pick(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

/* Days since 1970-01-01 <-> YYYY-MM-DD (H. Hinnant's algorithms). */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil(char out[16], long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, 16, "%04d-%02d-%02d", (int)(y % 10000), (int)(m % 100), (int)(d % 100));
}

static const char *const zones[] = { "expo", "lujiazui", "zhangjiang", "jinqiao", "ftz" };
static const char *const bureaus[] = { "expo-bureau", "lujiazui-bureau", "zhangjiang-bureau",
	                               "jinqiao-bureau", "ftz-bureau" };
static const char *const depts[] = { "commerce", "scitech", "financial", "justice" };
static const char *const all_units[] = {
	"commerce", "scitech", "financial", "justice", "devreform", "market", "ipo", "hrss",
	"finance", "police", "health", "education", "tax", "org-dept", "publicity",
	"expo-bureau", "lujiazui-bureau", "zhangjiang-bureau", "jinqiao-bureau", "ftz-bureau"
};
#define N_UNITS (sizeof all_units / sizeof all_units[0])

static const char *const stage_names[] = { NULL, "target", "contacting", "negotiating",
	                                   "approved", "landed", "operating", "withdrawn" };
static const char *const category_names[] = { NULL, "economic", "scitech", "professional", "trade",
	                                      "standards", "arbitration", "finance", "other" };
static const char *const partner_kinds[] = { NULL, "multinational", "leading_enterprise",
	                                     "financial", "chamber", "professional_body", "other" };
static const char *const event_kinds[] = { NULL, "conference", "forum", "promotion", "other" };
static const char *const request_categories[] = { NULL, "registration", "visa", "talent",
	                                          "office", "tax", "other" };

/* ---- two sinks: the public API, or prepared inserts of the same rows ---- */

struct sink {
	goc_db *db;       /* API mode */
	sqlite3 *sql;     /* raw mode */
	sqlite3_stmt *org, *hist, *stage, *review, *hq, *partner, *expert, *event, *organizer,
	    *request, *resolve;
	int64_t org_id, event_id, request_id;
	/* the current organization's state (raw mode keeps it itself) */
	int stage_now;
	long stage_day;
	int64_t history_rows;
};

static void die_goc(const char *what)
{
	fprintf(stderr, "bench_gen: %s: %s\n", what, goc_error_message());
	exit(1);
}

static void die_sql(struct sink *s, const char *what)
{
	fprintf(stderr, "bench_gen: %s: %s\n", what, sqlite3_errmsg(s->sql));
	exit(1);
}

static void step(struct sink *s, sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die_sql(s, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static void text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

static void raw_prepare(struct sink *s)
{
	static const struct {
		size_t off;
		const char *sql;
	} stmts[] = {
		{ offsetof(struct sink, org),
		  "INSERT INTO organizations (name_zh, name_en, category, origin, zone, unit, id_scheme,"
		  " id_value, notes, stage, stage_date, created) VALUES (?1, NULL, ?2, ?3, ?4, ?5, NULL,"
		  " NULL, NULL, 'target', ?6, ?6)" },
		{ offsetof(struct sink, hist),
		  "INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit, note, recorded_by,"
		  " recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL, NULL, " NOW ")" },
		{ offsetof(struct sink, stage),
		  "UPDATE organizations SET stage = ?2, stage_date = ?3 WHERE id = ?1" },
		{ offsetof(struct sink, review),
		  "INSERT INTO risk_reviews (org_id, outcome, date, unit, note, recorded_by, recorded_at)"
		  " VALUES (?1, ?2, ?3, 'police', NULL, NULL, " NOW ")" },
		{ offsetof(struct sink, hq),
		  "INSERT INTO hq_milestones (org_id, date, unit, note, recorded_by, recorded_at)"
		  " VALUES (?1, ?2, ?3, NULL, NULL, " NOW ")" },
		{ offsetof(struct sink, partner),
		  "INSERT INTO partners (name_zh, name_en, kind, unit, date, contact, notes)"
		  " VALUES (?1, NULL, ?2, ?3, ?4, NULL, NULL)" },
		{ offsetof(struct sink, expert),
		  "INSERT INTO experts (name, field, affiliation, unit, date, notes)"
		  " VALUES (?1, '国际组织研究', NULL, ?2, ?3, NULL)" },
		{ offsetof(struct sink, event),
		  "INSERT INTO events (title_zh, title_en, date, zone, kind, international, large, unit,"
		  " notes) VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7, NULL)" },
		{ offsetof(struct sink, organizer),
		  "INSERT OR IGNORE INTO event_organizers (event_id, unit) VALUES (?1, ?2)" },
		{ offsetof(struct sink, request),
		  "INSERT INTO service_requests (org_id, category, opened, unit, summary, notes)"
		  " VALUES (?1, ?2, ?3, ?4, '基准诉求', NULL)" },
		{ offsetof(struct sink, resolve),
		  "UPDATE service_requests SET resolved = ?2, outcome = '已解决' WHERE id = ?1" },
	};
	for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
		sqlite3_stmt **st = (sqlite3_stmt **)(void *)((char *)s + stmts[i].off);
		if (sqlite3_prepare_v2(s->sql, stmts[i].sql, -1, st, NULL) != SQLITE_OK)
			die_sql(s, stmts[i].sql);
	}
}

static void raw_finalize(struct sink *s)
{
	sqlite3_stmt *v[] = { s->org, s->hist, s->stage, s->review, s->hq, s->partner, s->expert,
		              s->event, s->organizer, s->request, s->resolve };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		sqlite3_finalize(v[i]);
}

static int64_t org_create(struct sink *s, const char *name, int category, int local, int zone,
                          const char *unit, long day)
{
	char date[16];
	civil(date, day);
	s->stage_now = GOC_STAGE_TARGET;
	s->stage_day = day;
	s->history_rows++;
	if (s->db) {
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		f.name_zh = name;
		f.category = category;
		f.origin = local ? GOC_ORIGIN_LOCAL : GOC_ORIGIN_INTERNATIONAL;
		f.zone = zones[zone];
		f.unit = unit;
		f.date = date;
		int64_t id;
		if (goc_org_create(&id, s->db, &f) != GOC_OK)
			die_goc("goc_org_create");
		return id;
	}
	text(s->org, 1, name);
	text(s->org, 2, category_names[category]);
	text(s->org, 3, local ? "local" : "international");
	text(s->org, 4, zones[zone]);
	text(s->org, 5, unit);
	text(s->org, 6, date);
	step(s, s->org, "inserting an organization");
	int64_t id = sqlite3_last_insert_rowid(s->sql);
	sqlite3_bind_int64(s->hist, 1, id);
	text(s->hist, 3, "target");
	text(s->hist, 4, date);
	text(s->hist, 5, unit);
	step(s, s->hist, "inserting a history row");
	return id;
}

static void set_stage(struct sink *s, int64_t id, int stage, long day, const char *unit)
{
	char date[16];
	civil(date, day);
	s->history_rows++;
	if (s->db) {
		if (goc_org_set_stage(s->db, id, stage, date, unit, NULL) != GOC_OK)
			die_goc("goc_org_set_stage");
	} else {
		sqlite3_bind_int64(s->stage, 1, id);
		text(s->stage, 2, stage_names[stage]);
		text(s->stage, 3, date);
		step(s, s->stage, "changing a stage");
		sqlite3_bind_int64(s->hist, 1, id);
		text(s->hist, 2, stage_names[s->stage_now]);
		text(s->hist, 3, stage_names[stage]);
		text(s->hist, 4, date);
		text(s->hist, 5, unit);
		step(s, s->hist, "inserting a history row");
	}
	s->stage_now = stage;
	s->stage_day = day;
}

static void review(struct sink *s, int64_t id, int outcome, long day)
{
	char date[16];
	civil(date, day);
	if (s->db) {
		if (goc_org_review(NULL, s->db, id, outcome, date, "police", NULL) != GOC_OK)
			die_goc("goc_org_review");
		return;
	}
	sqlite3_bind_int64(s->review, 1, id);
	text(s->review, 2, outcome == GOC_REVIEW_CLEARED ? "cleared" : "flagged");
	text(s->review, 3, date);
	step(s, s->review, "inserting a review");
}

static void set_hq(struct sink *s, int64_t id, long day, const char *unit)
{
	char date[16];
	civil(date, day);
	if (s->db) {
		if (goc_org_set_hq(s->db, id, date, unit, NULL) != GOC_OK)
			die_goc("goc_org_set_hq");
		return;
	}
	sqlite3_bind_int64(s->hq, 1, id);
	text(s->hq, 2, date);
	text(s->hq, 3, unit);
	step(s, s->hq, "inserting a milestone");
}

/* ---- the data ---- */

/* The generated period: organizations registered from 2015-01-01, nothing
 * dated after 2025-12-31 (the plan's end). */
static long DAY0, DAY_END;

/* Final stage of an organization's first pipeline run, in a distribution
 * giving about 5 history rows per organization. */
static int final_stage(void)
{
	unsigned p = pick(100);
	return p < 4 ? GOC_STAGE_TARGET : p < 8 ? GOC_STAGE_CONTACTING
	       : p < 16 ? GOC_STAGE_NEGOTIATING : p < 26 ? GOC_STAGE_APPROVED
	       : p < 48 ? GOC_STAGE_LANDED : GOC_STAGE_OPERATING;
}

/* Advance an organization to `to` one stage at a time (a cleared review
 * before landing; 1 in 20 approved get a flagged review and stay); stops at
 * the end of the generated period.  Returns false if it stopped early. */
static int advance(struct sink *s, int64_t id, int to, const char *unit, int hq)
{
	while (s->stage_now < to) {
		long day = s->stage_day + 10 + (long)pick(110);
		int next = s->stage_now == GOC_STAGE_WITHDRAWN ? GOC_STAGE_CONTACTING : s->stage_now + 1;
		if (day > DAY_END)
			return 0;
		if (next == GOC_STAGE_LANDED) {
			if (pick(20) == 0) {
				review(s, id, GOC_REVIEW_FLAGGED, day - 3);
				return 0;
			}
			review(s, id, GOC_REVIEW_CLEARED, day - 3);
		}
		set_stage(s, id, next, day, unit);
		if (next == GOC_STAGE_LANDED && hq && day + 30 <= DAY_END)
			set_hq(s, id, day + 30, unit);
	}
	return 1;
}

static void gen_orgs(struct sink *s, long n)
{
	char name[64];
	long span = DAY_END - 200 - DAY0;
	for (long i = 0; i < n; i++) {
		int zone = (int)pick(5);
		const char *unit = pick(2) ? bureaus[zone] : depts[pick(4)];
		int category = 1 + (int)pick(8);
		int local = pick(5) == 0;
		long day = DAY0 + (long)pick((unsigned)span);
		snprintf(name, sizeof name, "基准组织%08ld", i);
		int64_t id = org_create(s, name, category, local, zone, unit, day);
		int to = final_stage();
		int hq = to >= GOC_STAGE_LANDED && pick(50) == 0;
		if (!advance(s, id, to, unit, hq))
			continue;
		/* one in ten leave again; a fifth of those reopen and land again */
		if (pick(10) == 0) {
			long w = s->stage_day + 20 + (long)pick(200);
			if (w > DAY_END)
				continue;
			set_stage(s, id, GOC_STAGE_WITHDRAWN, w, unit);
			if (pick(5) == 0)
				advance(s, id, GOC_STAGE_LANDED, unit, 0);
		}
	}
}

static void gen_activity(struct sink *s, long n)
{
	char name[64], date[16];
	long span = DAY_END - DAY0 - 180;
	/* partners: one per ten organizations, every unit */
	for (long i = 0; i < n / 10 + 20; i++) {
		const char *unit = all_units[i % N_UNITS];
		int kind = 1 + (int)pick(6);
		civil(date, DAY0 + 365 * 8 + (long)pick((unsigned)(span - 365 * 8)));
		snprintf(name, sizeof name, "基准合作机构%08ld", i);
		if (s->db) {
			goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
			f.name_zh = name;
			f.kind = kind;
			f.unit = unit;
			f.date = date;
			if (goc_partner_create(NULL, s->db, &f) != GOC_OK)
				die_goc("goc_partner_create");
		} else {
			text(s->partner, 1, name);
			text(s->partner, 2, partner_kinds[kind]);
			text(s->partner, 3, unit);
			text(s->partner, 4, date);
			step(s, s->partner, "inserting a partner");
		}
	}
	/* experts: one per twenty */
	for (long i = 0; i < n / 20 + 20; i++) {
		const char *unit = all_units[i % N_UNITS];
		civil(date, DAY0 + 365 * 8 + (long)pick((unsigned)(span - 365 * 8)));
		snprintf(name, sizeof name, "基准专家%08ld", i);
		if (s->db) {
			goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
			f.name = name;
			f.field = "国际组织研究";
			f.unit = unit;
			f.date = date;
			if (goc_expert_create(NULL, s->db, &f) != GOC_OK)
				die_goc("goc_expert_create");
		} else {
			text(s->expert, 1, name);
			text(s->expert, 2, unit);
			text(s->expert, 3, date);
			step(s, s->expert, "inserting an expert");
		}
	}
	/* events: one per two hundred, in every zone, some with a co-organizer */
	for (long i = 0; i < n / 200 + 20; i++) {
		int zone = (int)pick(5), kind = 1 + (int)pick(4);
		int intl = pick(2), large = pick(10) == 0;
		const char *unit = all_units[pick(N_UNITS)];
		const char *co = pick(4) == 0 ? bureaus[zone] : NULL;
		civil(date, DAY0 + 365 * 8 + (long)pick((unsigned)(span - 365 * 8)));
		snprintf(name, sizeof name, "基准活动%08ld", i);
		if (s->db) {
			goc_event_fields f = GOC_EVENT_FIELDS_INIT;
			f.title_zh = name;
			f.date = date;
			f.zone = zones[zone];
			f.kind = kind;
			f.international = intl ? GOC_YES : GOC_NO;
			f.large = large ? GOC_YES : GOC_NO;
			f.unit = unit;
			int64_t id;
			if (goc_event_create(&id, s->db, &f) != GOC_OK ||
			    (co && goc_event_add_organizer(s->db, id, co) != GOC_OK))
				die_goc("goc_event_create");
		} else {
			text(s->event, 1, name);
			text(s->event, 2, date);
			text(s->event, 3, zones[zone]);
			text(s->event, 4, event_kinds[kind]);
			sqlite3_bind_int(s->event, 5, intl);
			sqlite3_bind_int(s->event, 6, large);
			text(s->event, 7, unit);
			step(s, s->event, "inserting an event");
			int64_t id = sqlite3_last_insert_rowid(s->sql);
			for (int k = 0; k < (co ? 2 : 1); k++) {
				sqlite3_bind_int64(s->organizer, 1, id);
				text(s->organizer, 2, k ? co : unit);
				step(s, s->organizer, "inserting an organizer");
			}
		}
	}
	/* service requests: one per ten organizations, four in five resolved */
	static const char *const handlers[] = { "commerce", "police", "hrss", "tax", "market",
		                                "finance" };
	for (long i = 0; i < n / 10 + 1; i++) {
		int64_t org = 1 + (int64_t)pick((unsigned)n);
		int category = 1 + (int)pick(6);
		long opened = DAY0 + 365 * 9 + (long)pick((unsigned)(span - 365 * 9));
		long resolved = pick(5) ? opened + 1 + (long)pick(60) : 0;
		char done[16];
		civil(date, opened);
		civil(done, resolved);
		if (s->db) {
			goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
			f.org = org;
			f.category = category;
			f.opened = date;
			f.unit = handlers[category - 1];
			f.summary = "基准诉求";
			int64_t id;
			if (goc_request_create(&id, s->db, &f) != GOC_OK ||
			    (resolved && goc_request_resolve(s->db, id, done, "已解决") != GOC_OK))
				die_goc("goc_request_create");
		} else {
			sqlite3_bind_int64(s->request, 1, org);
			text(s->request, 2, request_categories[category]);
			text(s->request, 3, date);
			text(s->request, 4, handlers[category - 1]);
			step(s, s->request, "inserting a request");
			if (resolved) {
				sqlite3_bind_int64(s->resolve, 1, sqlite3_last_insert_rowid(s->sql));
				text(s->resolve, 2, done);
				step(s, s->resolve, "resolving a request");
			}
		}
	}
}

/* Zone facts and quarterly progress reports on every work item by every
 * unit answering for it: a few hundred rows, through the API either way. */
static void gen_plan_records(goc_db *db)
{
	for (int z = 0; z < 5; z++) {
		char contact[64];
		snprintf(contact, sizeof contact, "%s对接专员", zones[z]);
		if (goc_zone_set_facts(db, zones[z], "2024-03-01", z != 4, z == 3 ? NULL : contact) != GOC_OK)
			die_goc("goc_zone_set_facts");
	}
	static const char *const quarters[] = { "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4",
		                                "2025-Q1", "2025-Q2" };
	static const char *const qend[] = { "2024-04-08", "2024-07-08", "2024-10-09", "2025-01-08",
		                            "2025-04-09", "2025-06-30" };
	goc_cursor *cur = NULL;
	if (goc_plan_matrix(&cur, db, PLAN) != GOC_OK)
		die_goc("goc_plan_matrix");
	int rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_assignment *a = goc_cursor_assignment(cur);
		if (goc_assignment_task(a)[0] != 'i')
			continue;
		for (int q = 0; q < 6; q++) {
			if (pick(10) >= (unsigned)(q < 4 ? 9 : 7))
				continue;
			goc_report_fields f = GOC_REPORT_FIELDS_INIT;
			f.plan = PLAN;
			f.task = goc_assignment_task(a);
			f.unit = goc_assignment_party(a);
			f.period = quarters[q];
			f.date = qend[q];
			f.status = q == 0 ? GOC_TASK_NOT_STARTED : GOC_TASK_IN_PROGRESS;
			f.percent = 10 + q * 12 + (int)pick(10);
			f.text = "按计划推进";
			if (goc_report_submit(NULL, db, &f) != GOC_OK)
				die_goc("goc_report_submit");
		}
	}
	if (rc != GOC_DONE)
		die_goc("goc_plan_matrix");
	goc_cursor_free(cur);
}

static void exec(sqlite3 *sql, const char *q)
{
	char *err = NULL;
	if (sqlite3_exec(sql, q, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_gen: %s: %s\n", q, err);
		exit(1);
	}
}

static const char bulk_tables[] =
    "('organizations', 'stage_history', 'risk_reviews', 'hq_milestones', 'partners', 'experts',"
    " 'events', 'event_organizers', 'service_requests')";

/* The bulk load by prepared inserts: indexes of the bulk tables dropped and
 * rebuilt afterwards from their own definitions. */
static void generate_raw(const char *path, long n)
{
	struct sink s = { 0 };
	if (sqlite3_open(path, &s.sql) != SQLITE_OK)
		die_sql(&s, path);
	exec(s.sql, "PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
	sqlite3_stmt *st;
	char q[512];
	snprintf(q, sizeof q, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
	                      " AND sql IS NOT NULL AND tbl_name IN %s", bulk_tables);
	if (sqlite3_prepare_v2(s.sql, q, -1, &st, NULL) != SQLITE_OK)
		die_sql(&s, q);
	size_t n_idx = 0;
	char *names[64], *defs[64];
	while (sqlite3_step(st) == SQLITE_ROW && n_idx < 64) {
		names[n_idx] = strdup((const char *)sqlite3_column_text(st, 0));
		defs[n_idx] = strdup((const char *)sqlite3_column_text(st, 1));
		n_idx++;
	}
	sqlite3_finalize(st);
	exec(s.sql, "BEGIN");
	for (size_t i = 0; i < n_idx; i++) {
		snprintf(q, sizeof q, "DROP INDEX \"%s\"", names[i]);
		exec(s.sql, q);
	}
	raw_prepare(&s);
	gen_orgs(&s, n);
	gen_activity(&s, n);
	raw_finalize(&s);
	for (size_t i = 0; i < n_idx; i++) {
		exec(s.sql, defs[i]);
		free(names[i]);
		free(defs[i]);
	}
	exec(s.sql, "COMMIT");
	exec(s.sql, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(s.sql);
	fprintf(stderr, "bench_gen: %ld organizations, %lld stage-history rows\n", n,
	        (long long)s.history_rows);
}

static void generate_api(const char *path, long n)
{
	struct sink s = { 0 };
	if (goc_db_open(&s.db, path) != GOC_OK)
		die_goc(path);
	if (goc_db_begin(s.db) != GOC_OK)
		die_goc("begin");
	gen_orgs(&s, n);
	gen_activity(&s, n);
	if (goc_db_commit(s.db) != GOC_OK)
		die_goc("commit");
	goc_db_close(s.db);
	sqlite3 *sql;
	if (sqlite3_open(path, &sql) != SQLITE_OK)
		exit(1);
	exec(sql, "ANALYZE");
	sqlite3_close(sql);
}

static void generate(const char *path, long n, int api)
{
	char side[600];
	remove(path);
	snprintf(side, sizeof side, "%s-wal", path);
	remove(side);
	snprintf(side, sizeof side, "%s-shm", path);
	remove(side);
	rng_state = 0x6a09e667f3bcc908ULL;
	DAY0 = days_from_civil(2015, 1, 1);
	DAY_END = days_from_civil(2025, 12, 31);
	/* the database, the plan and its KPIs, zone facts and reports: libgoc */
	goc_db *db;
	if (goc_db_open(&db, path) != GOC_OK || goc_plan_load(db, PLAN) != GOC_OK)
		die_goc(path);
	if (goc_db_begin(db) != GOC_OK)
		die_goc("begin");
	gen_plan_records(db);
	if (goc_db_commit(db) != GOC_OK)
		die_goc("commit");
	goc_db_close(db);
	if (api)
		generate_api(path, n);
	else
		generate_raw(path, n);
}

/* Compare the bulk tables of two databases, bookkeeping columns aside. */
static int verify(long n, const char *dir)
{
	char a[512], b[512];
	snprintf(a, sizeof a, "%s/gen-api.db", dir);
	snprintf(b, sizeof b, "%s/gen-raw.db", dir);
	generate(a, n, 1);
	generate(b, n, 0);
	static const char *const tables[] = {
		"organizations", "stage_history(org_id, from_stage, to_stage, date, unit, note)",
		"risk_reviews(id, org_id, outcome, date, unit, note)",
		"hq_milestones(org_id, date, unit, note)", "partners", "experts", "events",
		"event_organizers", "service_requests", "zone_facts",
		"progress_reports(id, task_id, unit, period, date, status, percent, text)",
	};
	sqlite3 *sql;
	if (sqlite3_open(a, &sql) != SQLITE_OK)
		return 1;
	char q[4096];
	snprintf(q, sizeof q, "ATTACH '%s' AS raw", b);
	exec(sql, q);
	int bad = 0;
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char name[64], cols[256] = "*";
		const char *p = strchr(tables[i], '(');
		snprintf(name, sizeof name, "%.*s", p ? (int)(p - tables[i]) : 63, tables[i]);
		if (p)
			snprintf(cols, sizeof cols, "%.*s", (int)strlen(p) - 2, p + 1);
		snprintf(q, sizeof q,
		         "SELECT (SELECT count(*) FROM main.%s), (SELECT count(*) FROM"
		         " (SELECT %s FROM main.%s EXCEPT SELECT %s FROM raw.%s)),"
		         " (SELECT count(*) FROM (SELECT %s FROM raw.%s EXCEPT SELECT %s FROM main.%s))",
		         name, cols, name, cols, name, cols, name, cols, name);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
			fprintf(stderr, "bench_gen: %s: %s\n", q, sqlite3_errmsg(sql));
			return 1;
		}
		int rows = sqlite3_column_int(st, 0), d1 = sqlite3_column_int(st, 1),
		    d2 = sqlite3_column_int(st, 2);
		printf("%-18s %8d rows, %d only through the API, %d only raw\n", name, rows, d1, d2);
		bad |= d1 || d2 || rows == 0;
		sqlite3_finalize(st);
	}
	sqlite3_close(sql);
	printf(bad ? "bench_gen: the two ways differ\n" : "bench_gen: same rows both ways\n");
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--verify") == 0)
		return verify(atol(argv[2]), argv[3]);
	int api = argc == 4 && strcmp(argv[1], "--api") == 0;
	if (argc != 3 + api || atol(argv[1 + api]) <= 0) {
		fprintf(stderr, "usage: bench_gen [--api] N FILE | bench_gen --verify N DIR\n");
		return 2;
	}
	generate(argv[2 + api], atol(argv[1 + api]), api);
	return 0;
}
