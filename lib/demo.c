/*
 * libgoc — deterministic, FICTIONAL demonstration data for the built-in
 * Pudong plan (goc_demo_load).  Everything is written through the public
 * API, inside one transaction, from a small linear congruential generator,
 * so that the same seed gives the same database on every machine.
 */
#include <stdio.h>
#include <string.h>

#include "plandoc.h"

struct rng {
	uint64_t s;
};

static unsigned pick(struct rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((r->s >> 33) % n);
}

static const char *const zones[] = { "expo", "lujiazui", "zhangjiang", "jinqiao", "ftz" };
static const char *const bureaus[] = { "expo-bureau", "lujiazui-bureau", "zhangjiang-bureau",
	                               "jinqiao-bureau", "ftz-bureau" };
static const int zone_category[] = { GOC_CATEGORY_ECONOMIC, GOC_CATEGORY_PROFESSIONAL,
	                             GOC_CATEGORY_SCITECH, GOC_CATEGORY_SCITECH, GOC_CATEGORY_TRADE };

/* A date `days` after 1970-01-01 … kept simple: dates are built from a year
 * and a day of the year (1–365) through a month table. */
static void mkdate(char out[11], int year, int doy)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m = 0;
	if (doy < 1) /* add_days() back from early January; past 365 it wraps the year */
		doy = 1;
	while (doy > mdays[m]) {
		doy -= mdays[m];
		m++;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)(m + 1) % 100u,
	         (unsigned)doy % 100u);
}

/* day of year of a YYYY-MM-DD (non-leap table; good enough for spacing) */
static int doy_of(const char *d)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	int m = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
	return before[m - 1] + dd;
}

static void add_days(char out[11], const char *d, int n)
{
	int year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int doy = doy_of(d) + n;
	while (doy > 365) {
		doy -= 365;
		year++;
	}
	mkdate(out, year, doy);
}

static const char *const name_a[] = { "亚太", "国际", "全球", "环球", "东亚", "世界", "欧亚", "太平洋" };
static const char *const name_b[] = { "标准化", "仲裁", "金融科技", "数字贸易", "绿色发展", "知识产权",
	                              "生物医药", "航运", "人工智能", "集成电路", "会计", "检验认证" };
static const char *const name_c[] = { "协会", "联盟", "理事会", "中心", "组织", "合作网络" };

struct demo {
	goc_db *db;
	struct rng r;
	int n_orgs;
};

static int new_org(struct demo *d, int zone, const char *unit, const char *created, int64_t *id)
{
	char zh[160], en[120];
	int n = ++d->n_orgs;
	snprintf(zh, sizeof zh, "%s%s%s%03d（示例）", name_a[n % 8], name_b[(n / 8 + n) % 12],
	         name_c[(n * 7) % 6], n);
	snprintf(en, sizeof en, "Example Organization %03d (fictional)", n);
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = zh;
	f.name_en = en;
	f.category = pick(&d->r, 3) == 0 ? (int)(1 + pick(&d->r, 8)) : zone_category[zone];
	f.origin = pick(&d->r, 5) == 0 ? GOC_ORIGIN_LOCAL : GOC_ORIGIN_INTERNATIONAL;
	f.zone = zones[zone];
	f.unit = unit;
	f.date = created;
	f.notes = "虚构的演示数据 fictional demonstration data";
	return goc_org_create(id, d->db, &f);
}

/* Take an organization from target to `stage` (landed or operating via
 * approval and a cleared review), starting at `start`, one step every
 * `gap` days; returns the date of its last step in `last`. */
static int advance(struct demo *d, int64_t id, const char *unit, const char *start, int gap,
                   int stage, char last[11])
{
	static const int path[] = { GOC_STAGE_CONTACTING, GOC_STAGE_NEGOTIATING, GOC_STAGE_APPROVED,
		                    GOC_STAGE_LANDED, GOC_STAGE_OPERATING };
	char date[11];
	snprintf(date, sizeof date, "%s", start);
	int rc = GOC_OK;
	for (int i = 0; rc == GOC_OK && i < 5 && path[i] <= stage; i++) {
		add_days(date, date, gap);
		if (path[i] == GOC_STAGE_LANDED) {
			char rv[11];
			add_days(rv, date, -3);
			rc = goc_org_review(NULL, d->db, id, GOC_REVIEW_CLEARED, rv, "police",
			                    "风险排查通过（示例）");
			if (rc != GOC_OK)
				break;
		}
		rc = goc_org_set_stage(d->db, id, path[i], date, unit, NULL);
		snprintf(last, 11, "%s", date);
	}
	return rc;
}

static const char *unit_for_zone(struct demo *d, int zone)
{
	static const char *const depts[] = { "commerce", "scitech", "financial", "justice" };
	return pick(&d->r, 2) ? bureaus[zone] : depts[pick(&d->r, 4)];
}

static int demo_orgs(struct demo *d)
{
	char created[11], last[11];
	int64_t id;
	int rc = GOC_OK;
	/* 37 organizations already here at the end of 2023 */
	for (int i = 0; rc == GOC_OK && i < 37; i++) {
		int zone = i % 5;
		mkdate(created, 2018 + (int)pick(&d->r, 4), 1 + (int)pick(&d->r, 300));
		rc = new_org(d, zone, unit_for_zone(d, zone), created, &id);
		if (rc == GOC_OK)
			rc = advance(d, id, bureaus[zone], created, 40 + (int)pick(&d->r, 60),
			             GOC_STAGE_OPERATING, last);
		if (rc == GOC_OK && i < 2)
			rc = goc_org_set_hq(d->db, id, "2023-06-01", bureaus[zone], "区域总部（示例）");
	}
	/* the plan's targets: followed by units, at every stage */
	static const struct {
		int zone, stage, year, doy, gap;
	} plan[] = {
		{ 0, GOC_STAGE_OPERATING, 2024, 20, 45 }, { 0, GOC_STAGE_LANDED, 2024, 60, 50 },
		{ 0, GOC_STAGE_APPROVED, 2024, 200, 60 }, { 1, GOC_STAGE_LANDED, 2024, 15, 40 },
		{ 1, GOC_STAGE_OPERATING, 2024, 30, 35 }, { 1, GOC_STAGE_NEGOTIATING, 2024, 250, 70 },
		{ 2, GOC_STAGE_LANDED, 2024, 90, 55 },    { 2, GOC_STAGE_CONTACTING, 2025, 10, 30 },
		{ 3, GOC_STAGE_NEGOTIATING, 2024, 120, 80 }, { 3, GOC_STAGE_CONTACTING, 2025, 40, 20 },
		{ 4, GOC_STAGE_LANDED, 2024, 45, 60 },    { 4, GOC_STAGE_APPROVED, 2024, 300, 45 },
		{ 0, GOC_STAGE_TARGET, 2025, 60, 0 },     { 1, GOC_STAGE_TARGET, 2025, 90, 0 },
	};
	for (size_t i = 0; rc == GOC_OK && i < sizeof plan / sizeof plan[0]; i++) {
		mkdate(created, plan[i].year, plan[i].doy);
		const char *unit = unit_for_zone(d, plan[i].zone);
		rc = new_org(d, plan[i].zone, unit, created, &id);
		if (rc == GOC_OK && plan[i].stage != GOC_STAGE_TARGET)
			rc = advance(d, id, unit, created, plan[i].gap, plan[i].stage, last);
		/* the first to land in Expo also set up a regional headquarters */
		if (rc == GOC_OK && i == 0)
			rc = goc_org_set_hq(d->db, id, "2025-03-18", "expo-bureau", "亚太区域总部（示例）");
		/* one approved organization's review was flagged: it may not land */
		if (rc == GOC_OK && i == 2)
			rc = goc_org_review(NULL, d->db, id, GOC_REVIEW_FLAGGED, "2025-04-02", "police",
			                    "股权结构待核实（示例）");
	}
	/* one landed in 2024 and left again */
	if (rc == GOC_OK) {
		rc = new_org(d, 3, "jinqiao-bureau", "2024-02-01", &id);
		if (rc == GOC_OK)
			rc = advance(d, id, "jinqiao-bureau", "2024-02-01", 30, GOC_STAGE_LANDED, last);
		if (rc == GOC_OK)
			rc = goc_org_set_stage(d->db, id, GOC_STAGE_WITHDRAWN, "2025-02-28", "jinqiao-bureau",
			                       "迁往其他城市（示例）");
	}
	/* more names on the units' target lists */
	static const char *const listers[] = { "commerce", "scitech", "financial", "justice" };
	for (int i = 0; rc == GOC_OK && i < 26; i++) {
		int zone = (int)pick(&d->r, 5);
		mkdate(created, 2024 + (i >= 18), 5 + (int)pick(&d->r, i >= 18 ? 170 : 350));
		rc = new_org(d, zone, i < 20 ? listers[i % 4] : bureaus[i % 5], created, &id);
	}
	return rc;
}

static int demo_activity(struct demo *d)
{
	static const char *const networkers[] = { "commerce", "scitech", "financial", "expo-bureau",
		                                  "lujiazui-bureau", "zhangjiang-bureau",
		                                  "jinqiao-bureau", "ftz-bureau" };
	static const char *const thinkers[] = { "commerce", "scitech", "devreform", "financial",
		                                "market", "ipo", "expo-bureau", "lujiazui-bureau",
		                                "zhangjiang-bureau", "jinqiao-bureau", "ftz-bureau" };
	char date[11], name[160];
	int rc = GOC_OK, n = 0;
	for (size_t u = 0; rc == GOC_OK && u < sizeof networkers / sizeof networkers[0]; u++) {
		int count = 5 + (int)pick(&d->r, 9);
		for (int i = 0; rc == GOC_OK && i < count; i++) {
			goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
			snprintf(name, sizeof name, "示例合作机构%03d（示例）", ++n);
			mkdate(date, 2024 + (i % 3 == 2), 1 + (int)pick(&d->r, i % 3 == 2 ? 180 : 360));
			f.name_zh = name;
			f.kind = 1 + (int)pick(&d->r, 6);
			f.unit = networkers[u];
			f.date = date;
			f.notes = "fictional demonstration data";
			rc = goc_partner_create(NULL, d->db, &f);
		}
	}
	for (size_t u = 0; rc == GOC_OK && u < sizeof thinkers / sizeof thinkers[0]; u++) {
		int count = 2 + (int)pick(&d->r, 8);
		for (int i = 0; rc == GOC_OK && i < count; i++) {
			goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
			snprintf(name, sizeof name, "专家%03d（示例）", ++n);
			mkdate(date, 2024 + (i % 2), 1 + (int)pick(&d->r, i % 2 ? 180 : 360));
			f.name = name;
			f.field = "国际组织研究";
			f.unit = thinkers[u];
			f.date = date;
			rc = goc_expert_create(NULL, d->db, &f);
		}
	}
	/* events: large international ones district-wide, promotions in the zones */
	static const struct {
		const char *date, *zone, *unit;
		int kind, intl, large;
	} events[] = {
		{ "2024-03-21", "expo", "commerce", GOC_EVENT_CONFERENCE, 1, 1 },
		{ "2024-05-16", "lujiazui", "financial", GOC_EVENT_FORUM, 1, 1 },
		{ "2024-06-18", "expo", "expo-bureau", GOC_EVENT_PROMOTION, 1, 0 },
		{ "2024-09-10", "zhangjiang", "scitech", GOC_EVENT_CONFERENCE, 1, 1 },
		{ "2024-10-24", "lujiazui", "lujiazui-bureau", GOC_EVENT_PROMOTION, 1, 0 },
		{ "2024-11-05", "expo", "commerce", GOC_EVENT_FORUM, 1, 1 },
		{ "2024-11-28", "expo", "expo-bureau", GOC_EVENT_PROMOTION, 1, 0 },
		{ "2024-12-12", "ftz", "ftz-bureau", GOC_EVENT_CONFERENCE, 1, 1 },
		{ "2025-03-27", "lujiazui", "financial", GOC_EVENT_FORUM, 1, 1 },
		{ "2025-04-15", "expo", "expo-bureau", GOC_EVENT_PROMOTION, 1, 0 },
		{ "2025-05-20", "jinqiao", "jinqiao-bureau", GOC_EVENT_OTHER, 0, 0 },
	};
	for (size_t i = 0; rc == GOC_OK && i < sizeof events / sizeof events[0]; i++) {
		goc_event_fields f = GOC_EVENT_FIELDS_INIT;
		snprintf(name, sizeof name, "示例国际活动%02zu（示例）", i + 1);
		f.title_zh = name;
		f.date = events[i].date;
		f.zone = events[i].zone;
		f.kind = events[i].kind;
		f.international = events[i].intl ? GOC_YES : GOC_NO;
		f.large = events[i].large ? GOC_YES : GOC_NO;
		f.unit = events[i].unit;
		rc = goc_event_create(NULL, d->db, &f);
	}
	/* zone facts (item 6) */
	for (int z = 0; rc == GOC_OK && z < 5; z++) {
		snprintf(name, sizeof name, "%s对接专员（示例）", zones[z]);
		rc = goc_zone_set_facts(d->db, zones[z], "2024-03-01", z != 4, z == 3 ? NULL : name);
	}
	if (rc == GOC_OK)
		rc = goc_zone_set_facts(d->db, "ftz", "2025-03-01", 1, "ftz对接专员（示例）");
	/* service requests from organizations that landed */
	goc_cursor *cur = NULL;
	goc_org_filter of = GOC_ORG_FILTER_INIT;
	of.stage = GOC_STAGE_OPERATING;
	if (rc == GOC_OK)
		rc = goc_org_list(&cur, d->db, &of);
	int64_t ids[64];
	int n_ids = 0;
	while (rc == GOC_OK && n_ids < 64 && goc_cursor_next(cur) == GOC_ROW)
		ids[n_ids++] = goc_org_id(goc_cursor_org(cur));
	goc_cursor_free(cur);
	static const char *const handlers[] = { "commerce", "police", "hrss", "tax", "market" };
	for (int i = 0; rc == GOC_OK && i < 30 && n_ids > 0; i++) {
		goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
		int64_t rid;
		f.org = ids[pick(&d->r, (unsigned)n_ids)];
		f.category = 1 + (int)pick(&d->r, 6);
		mkdate(date, 2024 + (i >= 20), 1 + (int)pick(&d->r, i >= 20 ? 160 : 350));
		f.opened = date;
		f.unit = handlers[f.category % 5];
		f.summary = "示例诉求（虚构）";
		rc = goc_request_create(&rid, d->db, &f);
		if (rc == GOC_OK && i % 6 != 5) {
			char done[11];
			add_days(done, date, 3 + (int)pick(&d->r, 40));
			if (strcmp(done, "2025-06-30") <= 0) /* GCOVR_EXCL_BR_LINE: the demo's data is fixed by its seed: none of its requests resolves later */
				rc = goc_request_resolve(d->db, rid, done, "已协调解决（示例）");
		}
	}
	return rc;
}

/* Progress reports: most responsible units report on their work items
 * every quarter, fewer lately; 2025-Q1's come on 2025-04-15, five days
 * after the plan's deadline (late). */
static int demo_reports(struct demo *d)
{
	static const char *const quarters[] = { "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4",
		                                "2025-Q1", "2025-Q2" };
	static const char *const qend[] = { "2024-04-08", "2024-07-08", "2024-10-09", "2025-01-08",
		                            "2025-04-15", "2025-06-30" };
	goc_cursor *cur = NULL;
	int rc = goc_plan_matrix(&cur, d->db, "pudong-goc-2024");
	if (rc != GOC_OK)
		return rc;
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_assignment *a = goc_cursor_assignment(cur);
		if (goc_assignment_task(a)[0] != 'i')
			continue;
		for (int q = 0; q < 6; q++) {
			if (pick(&d->r, 10) >= (unsigned)(q < 4 ? 8 : 6))
				continue;
			goc_report_fields f = GOC_REPORT_FIELDS_INIT;
			f.plan = "pudong-goc-2024";
			f.task = goc_assignment_task(a);
			f.unit = goc_assignment_party(a);
			f.period = quarters[q];
			f.date = qend[q];
			f.status = q == 0 ? GOC_TASK_NOT_STARTED : GOC_TASK_IN_PROGRESS;
			f.percent = 10 + q * 12 + (int)pick(&d->r, 10);
			f.text = "按计划推进（示例）";
			int rc2 = goc_report_submit(NULL, d->db, &f);
			if (rc2 != GOC_OK) {
				rc = rc2;
				break;
			}
		}
		if (rc != GOC_ROW)
			break;
	}
	goc_cursor_free(cur);
	if (rc == GOC_DONE)
		rc = GOC_OK;
	/* two tasks finished, one stuck */
	if (rc == GOC_OK)
		rc = goc_task_set_status(d->db, "pudong-goc-2024", "i6", GOC_TASK_DONE, "2025-03-01");
	if (rc == GOC_OK)
		rc = goc_task_set_status(d->db, "pudong-goc-2024", "i11", GOC_TASK_IN_PROGRESS, "2024-09-01");
	if (rc == GOC_OK)
		rc = goc_task_set_status(d->db, "pudong-goc-2024", "i16", GOC_TASK_BLOCKED, "2025-05-10");
	return rc;
}

/* Whom to remind (催报): a fictional contact for every unit, with a phone
 * number of the district's exchange and an address at example.org. */
static int demo_contacts(struct demo *d)
{
	static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵",
		                                "吴", "周", "徐", "孙", "马", "朱", "胡", "郭" };
	static const char *const given[] = { "敏", "静", "伟", "芳", "磊", "洁", "军", "婷",
		                             "强", "燕", "勇", "艳" };
	goc_cursor *cur = NULL;
	int rc = goc_unit_list(&cur, d->db, 0);
	int n = 0;
	while (rc == GOC_OK && (rc = goc_cursor_next(cur)) == GOC_ROW) {
		const char *code = goc_unit_code(goc_cursor_unit(cur));
		char name[64], phone[32], email[96];
		snprintf(name, sizeof name, "%s%s（示例）", surnames[(n * 5) % 16], given[(n * 7) % 12]);
		snprintf(phone, sizeof phone, "021-5878 %04d", (1001 + n * 37) % 10000);
		snprintf(email, sizeof email, "%s@example.org", code);
		rc = goc_unit_set_contact(d->db, code, name, phone, email);
		n++;
	}
	goc_cursor_free(cur);
	return rc == GOC_DONE ? GOC_OK : rc;
}

/* The demonstration data is written as one load of the whole database. */
const struct goc__kind goc__kind_database = { .name = "database" };

GOC_API int goc_demo_load(goc_db *db, unsigned int seed)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	struct goc__write w;
	rc = goc__write_begin(db, &w, "demo.load", &goc__kind_database);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db, "SELECT (SELECT count(*) FROM organizations),"
	                      " (SELECT count(*) FROM plans)", &st);
	if (rc == GOC_OK) {
		int step = sqlite3_step(st);
		if (step != SQLITE_ROW)
			rc = goc__sqlerr(db, step, "reading what the database holds");
		else if (sqlite3_column_int(st, 0) || sqlite3_column_int(st, 1))
			rc = goc__err(db, GOC_EEXISTS,
			              "db: already holds %d organizations and %d plans; demonstration data"
			              " goes into an empty database", sqlite3_column_int(st, 0),
			              sqlite3_column_int(st, 1));
		sqlite3_finalize(st);
	}
	struct demo d = { db, { 0x9E3779B97F4A7C15ULL ^ seed }, 0 };
	if (rc == GOC_OK)
		rc = goc_plan_load(db, "pudong-goc-2024");
	if (rc == GOC_OK)
		rc = demo_contacts(&d);
	if (rc == GOC_OK)
		rc = demo_orgs(&d);
	if (rc == GOC_OK)
		rc = demo_activity(&d);
	if (rc == GOC_OK)
		rc = demo_reports(&d);
	return goc__write_end(db, &w, rc);
}

GOC_API int goc_demo_only(goc_db *db, int *out)
{
	if (out)
		*out = 0;
	int rc = goc__check_db(db);
	if (rc == GOC_OK && !out)
		rc = goc__err(db, GOC_EINVAL, "out: NULL");
	if (rc != GOC_OK)
		return rc;
	/* The demonstration's records end with its demo.load record (one
	 * transaction into an empty database): nothing but people and access
	 * roles may have been written after it (refusals are not writes). */
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	    "SELECT EXISTS (SELECT 1 FROM change_log WHERE action = 'demo.load' AND outcome = 'ok')"
	    " AND NOT EXISTS (SELECT 1 FROM change_log WHERE outcome = 'ok'"
	    "   AND seq > (SELECT max(seq) FROM change_log WHERE action = 'demo.load' AND outcome = 'ok')"
	    "   AND object_kind NOT IN ('user', 'token')"
	    "   AND action NOT IN ('unit.set_access', 'unit.set_reviewer'))", &st);
	if (rc != GOC_OK)
		return rc;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else
		rc = goc__sqlerr(db, step, "reading the audit trail");
	sqlite3_finalize(st);
	return rc;
}
