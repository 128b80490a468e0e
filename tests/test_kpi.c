/*
 * test_kpi — KPI evaluation against a hand-computed fixture: every row of
 * goc_kpi_evaluate() and every scorecard row of goc_scorecard() (by plan,
 * section, zone and unit) as of four dates, five single-KPI evaluations,
 * a target changed mid-window, member targets; then the definitions
 * (create, get, list, delete, set_target) and every documented error.
 *
 * Specification: include/goc/kpi.h (with activity.h, org.h, plan.h) and
 * /work/shared/DESIGN.md §3.
 *
 * Fixture: tests/data/kpi-fixture.md — the data set, record by record, and
 * the expected rows with their arithmetic, worked by hand from the header's
 * rules.  The test builds exactly that data set through the public API
 * (the arrays below mirror the document's tables §1.1–1.9) and reads the
 * expected values from the document's machine-read tables (those after a
 * `<!-- table: … -->` line).  The file is found through GOC_SOURCE_DIR (set
 * by meson), else relative to the working directory.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <sqlite3.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

#define PUDONG "pudong-goc-2024"
#define FIXTURE "tests/data/kpi-fixture.md"
#define TOLERANCE 1e-9
#define NONE "–" /* an en dash: no value in a fixture cell */

/* ------------------------------------------------------------------------
 * The data set (kpi-fixture.md §1)
 * ---------------------------------------------------------------------- */

/* Organizations (fixture §1.1): code, name, zone, following unit, category,
 * registration date, then the steps in order: "review" (a cleared risk
 * review), "hq" (the regional-headquarters milestone) or a stage name. */
static const struct fx_org {
	const char *code, *name_zh, *zone, *unit, *category, *created;
	struct { const char *what, *date; } steps[8];
} fx_orgs[] = {
	{ "O1", "甲组织", "expo", "commerce", "economic", "2023-10-01",
	  { { "review", "2024-01-05" }, { "approved", "2024-02-01" }, { "landed", "2024-03-15" },
	    { "operating", "2024-10-01" }, { "hq", "2024-11-01" } } },
	{ "O2", "乙组织", "expo", "commerce", "economic", "2024-01-10",
	  { { "review", "2024-05-01" }, { "approved", "2024-06-01" }, { "landed", "2024-08-20" },
	    { "hq", "2025-03-01" } } },
	{ "O3", "丙组织", "lujiazui", NULL, "professional", "2023-11-01",
	  { { "review", "2024-02-01" }, { "approved", "2024-03-01" }, { "landed", "2024-05-10" },
	    { "hq", "2024-06-01" }, { "withdrawn", "2024-09-15" } } },
	{ "O4", "丁组织", "zhangjiang", "scitech", "scitech", "2023-12-01",
	  { { "review", "2024-01-15" }, { "approved", "2024-03-01" }, { "landed", "2024-04-01" },
	    { "withdrawn", "2024-07-01" }, { "negotiating", "2024-08-01" }, { "approved", "2024-09-01" },
	    { "landed", "2025-02-01" } } },
	{ "O5", "戊组织", "zhangjiang", "scitech", "scitech", "2024-06-15",
	  { { "review", "2025-01-10" }, { "approved", "2025-03-01" }, { "landed", "2025-06-01" } } },
	{ "O6", "己组织", "jinqiao", "jinqiao-bureau", "trade", "2025-01-20",
	  { { "review", "2025-10-01" }, { "approved", "2025-11-01" }, { "landed", "2026-01-01" } } },
	{ "O7", "庚组织", "lujiazui", "lujiazui-bureau", "finance", "2023-01-10",
	  { { "review", "2023-03-01" }, { "approved", "2023-04-01" }, { "landed", "2023-06-01" },
	    { "operating", "2024-02-01" }, { "hq", "2024-02-15" } } },
	{ "O8", "辛组织", "ftz", "ftz-bureau", "trade", "2024-09-01",
	  { { "review", "2025-05-01" }, { "approved", "2025-06-01" }, { "landed", "2025-09-01" },
	    { "hq", "2026-01-05" } } },
	{ "O9", "壬组织", "lujiazui", "financial", "finance", "2025-02-01",
	  { { "review", "2025-08-01" }, { "approved", "2025-09-01" }, { "landed", "2025-10-10" } } },
	{ "O10", "癸组织", "expo", "commerce", "economic", "2024-11-11",
	  { { "review", "2025-03-01" }, { "approved", "2025-04-01" }, { "landed", "2025-05-05" },
	    { "hq", "2025-07-01" } } },
	{ "J1", "目标组织J1", NULL, "justice", "economic", "2024-03-01",
	  { { NULL, NULL } } },
	{ "J2", "目标组织J2", NULL, "justice", "economic", "2024-03-01",
	  { { NULL, NULL } } },
	{ "J3", "目标组织J3", NULL, "justice", "economic", "2024-03-01",
	  { { NULL, NULL } } },
	{ "J4", "目标组织J4", NULL, "justice", "economic", "2024-03-01",
	  { { NULL, NULL } } },
	{ "J5", "目标组织J5", NULL, "justice", "economic", "2024-09-01",
	  { { "contacting", "2024-10-01" } } },
	{ "J6", "目标组织J6", NULL, "justice", "economic", "2024-09-01",
	  { { "contacting", "2024-10-01" } } },
	{ "J7", "目标组织J7", NULL, "justice", "economic", "2024-09-01",
	  { { "contacting", "2024-10-01" } } },
	{ "J8", "目标组织J8", NULL, "justice", "economic", "2024-09-01",
	  { { "contacting", "2024-10-01" } } },
	{ "J9", "目标组织J9", NULL, "justice", "economic", "2025-04-01",
	  { { NULL, NULL } } },
	{ "C1", "目标组织C1", NULL, "commerce", "economic", "2024-02-01",
	  { { "contacting", "2024-03-01" } } },
	{ "C2", "目标组织C2", NULL, "commerce", "economic", "2024-02-01",
	  { { "contacting", "2024-03-01" } } },
	{ "C3", "目标组织C3", NULL, "commerce", "economic", "2024-02-01",
	  { { "contacting", "2024-03-01" } } },
	{ "C4", "目标组织C4", NULL, "commerce", "economic", "2024-10-01",
	  { { NULL, NULL } } },
	{ "C5", "目标组织C5", NULL, "commerce", "economic", "2024-10-01",
	  { { NULL, NULL } } },
	{ "C6", "目标组织C6", NULL, "commerce", "economic", "2024-10-01",
	  { { NULL, NULL } } },
	{ "C7", "目标组织C7", NULL, "commerce", "economic", "2025-08-01",
	  { { "negotiating", "2025-09-01" } } },
	{ "S1", "目标组织S1", NULL, "scitech", "economic", "2024-05-01",
	  { { NULL, NULL } } },
	{ "L1", "目标组织L1", NULL, "lujiazui-bureau", "economic", "2024-04-01",
	  { { NULL, NULL } } },
};

/* Partners (§1.2): name, kind, unit, date. */
static const struct fx_partner {
	const char *name_zh, *kind, *unit, *date;
} fx_partners[] = {
	{ "商务伙伴00", "chamber", "commerce", "2023-12-31" },
	{ "商务伙伴01", "multinational", "commerce", "2024-01-01" },
	{ "商务伙伴02", "multinational", "commerce", "2024-01-01" },
	{ "商务伙伴03", "multinational", "commerce", "2024-01-01" },
	{ "商务伙伴04", "financial", "commerce", "2024-06-30" },
	{ "商务伙伴05", "financial", "commerce", "2024-06-30" },
	{ "商务伙伴06", "leading_enterprise", "commerce", "2024-11-01" },
	{ "商务伙伴07", "leading_enterprise", "commerce", "2024-11-01" },
	{ "商务伙伴08", "leading_enterprise", "commerce", "2024-11-01" },
	{ "商务伙伴09", "professional_body", "commerce", "2025-03-03" },
	{ "商务伙伴10", "professional_body", "commerce", "2025-03-03" },
	{ "商务伙伴11", "professional_body", "commerce", "2025-03-03" },
	{ "商务伙伴12", "other", "commerce", "2026-01-02" },
	{ "科经伙伴01", "leading_enterprise", "scitech", "2024-03-03" },
	{ "科经伙伴02", "leading_enterprise", "scitech", "2024-12-12" },
	{ "世博伙伴01", "chamber", "expo-bureau", "2024-05-05" },
	{ "世博伙伴02", "chamber", "expo-bureau", "2024-06-06" },
};

/* Experts (§1.3): name, unit, date. */
static const struct fx_expert {
	const char *name, *unit, *date;
} fx_experts[] = {
	{ "商务专家01", "commerce", "2024-02-02" },
	{ "商务专家02", "commerce", "2024-02-02" },
	{ "商务专家03", "commerce", "2024-02-02" },
	{ "商务专家04", "commerce", "2024-02-02" },
	{ "商务专家05", "commerce", "2024-12-01" },
	{ "商务专家06", "commerce", "2024-12-01" },
	{ "商务专家07", "commerce", "2024-12-01" },
	{ "商务专家08", "commerce", "2025-04-04" },
	{ "商务专家09", "commerce", "2025-04-04" },
	{ "商务专家10", "commerce", "2025-04-04" },
	{ "商务专家11", "commerce", "2025-04-04" },
	{ "科经专家00", "scitech", "2023-12-15" },
	{ "科经专家01", "scitech", "2024-06-01" },
	{ "科经专家02", "scitech", "2024-06-01" },
	{ "科经专家03", "scitech", "2024-06-01" },
	{ "科经专家04", "scitech", "2024-06-01" },
	{ "科经专家05", "scitech", "2024-06-01" },
	{ "商务专家01", "devreform", "2024-03-03" },
	{ "司法专家01", "justice", "2025-12-31" },
};

/* Events (§1.4): code, title, date, zone, kind, international, large,
 * organizer, co-organizer. */
static const struct fx_event {
	const char *code, *title_zh, *date, *zone, *kind;
	int international, large;
	const char *unit, *co_unit;
} fx_events[] = {
	{ "E0", "大型会议E0", "2023-12-31", "expo", "conference", GOC_YES, GOC_YES, "commerce", NULL },
	{ "E1", "大型会议E1", "2024-01-01", "expo", "conference", GOC_YES, GOC_YES, "commerce", NULL },
	{ "E2", "大型论坛E2", "2024-03-10", "lujiazui", "forum", GOC_YES, GOC_YES, "financial", NULL },
	{ "E3", "大型会议E3", "2024-06-30", NULL, "conference", GOC_YES, GOC_YES, "commerce", NULL },
	{ "E4", "大型会议E4", "2024-09-09", "zhangjiang", "conference", GOC_YES, GOC_YES, "scitech", NULL },
	{ "E5", "大型论坛E5", "2024-12-31", "expo", "forum", GOC_YES, GOC_YES, "commerce", NULL },
	{ "E6", "大型会议E6", "2025-01-01", "lujiazui", "conference", GOC_YES, GOC_YES, "commerce", NULL },
	{ "E7", "大型会议E7", "2025-12-31", "expo", "conference", GOC_YES, GOC_YES, "commerce", NULL },
	{ "E8", "国际会议E8", "2024-05-05", "expo", "conference", GOC_YES, GOC_NO, "commerce", NULL },
	{ "E9", "大型会议E9", "2024-07-07", "expo", "conference", GOC_NO, GOC_YES, "commerce", NULL },
	{ "E10", "大型会议E10", "2026-01-01", "expo", "conference", GOC_YES, GOC_YES, "commerce", NULL },
	{ "P1", "推介活动P1", "2024-04-04", "expo", "promotion", GOC_YES, GOC_NO, "expo-bureau", NULL },
	{ "P2", "推介活动P2", "2024-08-08", "expo", "promotion", GOC_YES, GOC_NO, "expo-bureau", NULL },
	{ "P3", "推介活动P3", "2024-10-10", "expo", "promotion", GOC_YES, GOC_NO, "expo-bureau", "commerce" },
	{ "P4", "推介活动P4", "2025-05-05", "lujiazui", "promotion", GOC_YES, GOC_NO, "lujiazui-bureau", NULL },
	{ "P5", "推介活动P5", "2024-02-02", "lujiazui", "promotion", GOC_NO, GOC_NO, "lujiazui-bureau", NULL },
};

/* Service requests (§1.5): code, organization, category, opened, unit,
 * resolved (NULL: open). */
static const struct fx_request {
	const char *code, *org, *category, *opened, *unit, *resolved;
} fx_requests[] = {
	{ "R0", "O7", "visa", "2023-11-01", "commerce", "2023-12-15" },
	{ "R1", "O1", "registration", "2023-12-20", "commerce", "2024-07-20" },
	{ "R2", "O1", "visa", "2024-02-01", "commerce", "2024-02-09" },
	{ "R3", "O4", "talent", "2024-03-01", "scitech", "2024-03-26" },
	{ "R4", "O4", "office", "2024-06-01", "scitech", "2024-07-15" },
	{ "R5", "O2", "tax", "2024-09-01", "commerce", "2024-09-03" },
	{ "R6", "O2", "visa", "2025-02-01", "commerce", "2025-02-06" },
	{ "R7", "O5", "talent", "2024-11-01", "scitech", "2024-12-31" },
	{ "R8", "O5", "office", "2025-03-01", "scitech", NULL },
	{ "R9", "O10", "other", "2025-11-01", "commerce", "2026-01-05" },
	{ "R10", "O10", "registration", "2025-06-01", "commerce", "2025-06-04" },
};

/* Zone facts (§1.6): zone, date, office space, contact. */
static const struct fx_fact {
	const char *zone, *date;
	int office_space;
	const char *contact;
} fx_facts[] = {
	{ "expo", "2024-02-01", 1, "王敏" },
	{ "lujiazui", "2024-03-01", 1, NULL },
	{ "lujiazui", "2024-09-01", 1, "李强" },
	{ "zhangjiang", "2024-05-01", 0, "张伟" },
	{ "zhangjiang", "2025-03-01", 1, "张伟" },
	{ "jinqiao", "2024-04-01", 1, "陈静" },
	{ "jinqiao", "2025-06-01", 0, NULL },
};

/* Measurements of manual-sat (§1.8), in the order recorded. */
static const struct fx_measurement {
	const char *date;
	double value;
} fx_measurements[] = {
	{ "2024-09-30", 85.0 },
	{ "2024-03-31", 70.0 },
	{ "2023-12-01", 50.0 },
	{ "2025-06-30", 95.0 },
	{ "2026-01-10", 60.0 },
};

/* The four as-of dates of the fixture (§3). */
static const char *const fx_dates[] = { "2024-06-30", "2024-12-31", "2025-12-31",
	                                "2026-01-15" };

/* The KPIs in definition order: the 12 built-in, then the 7 custom (§1.7). */
static const char *const fx_kpis[] = {
	"new-orgs", "orgs-total", "regional-hq", "large-events", "zone-quotas",
	"target-lists", "partner-network", "office-space", "contact-person",
	"hq-expo-lujiazui", "think-tank", "promotion-events",
	"req-days", "req-within", "manual-sat", "scitech-orgs", "partners-all",
	"experts-2025", "zone-hq"
};

/* ------------------------------------------------------------------------
 * Fixtures
 * ---------------------------------------------------------------------- */

static goc_db *db;
static int64_t org_ids[N_ELEMS(fx_orgs)];

/* tu_mem_setup loads the built-in plan into ":memory:" (units, groups,
 * zones, tasks, the 12 built-in KPIs). */
static void load_plan(void)
{
	tu_setup_must(goc_plan_load(db, PUDONG), "goc_plan_load");
}

static int64_t org_id(const char *code)
{
	size_t i;
	for (i = 0; i < N_ELEMS(fx_orgs); i++)
		if (strcmp(fx_orgs[i].code, code) == 0)
			return org_ids[i];
	fprintf(stderr, "fixture: no organization %s\n", code);
	abort();
}

static void build_orgs(void)
{
	char what[128];
	size_t i, j;

	for (i = 0; i < N_ELEMS(fx_orgs); i++) {
		const struct fx_org *o = &fx_orgs[i];
		goc_org_fields f = GOC_ORG_FIELDS_INIT;

		f.name_zh = o->name_zh;
		tu_setup_must(goc_category_parse(&f.category, o->category), o->category);
		f.zone = o->zone;
		f.unit = o->unit;
		f.date = o->created;
		snprintf(what, sizeof what, "goc_org_create(%s)", o->code);
		tu_setup_must(goc_org_create(&org_ids[i], db, &f), what);
		for (j = 0; j < N_ELEMS(o->steps) && o->steps[j].what != NULL; j++) {
			const char *step = o->steps[j].what, *date = o->steps[j].date;
			int rc, stage;

			snprintf(what, sizeof what, "%s: %s %s", o->code, step, date);
			if (strcmp(step, "review") == 0) {
				rc = goc_org_review(NULL, db, org_ids[i], GOC_REVIEW_CLEARED, date,
				                    "commerce", NULL);
			} else if (strcmp(step, "hq") == 0) {
				rc = goc_org_set_hq(db, org_ids[i], date, "commerce", NULL);
			} else {
				tu_setup_must(goc_stage_parse(&stage, step), what);
				rc = goc_org_set_stage(db, org_ids[i], stage, date, "commerce", NULL);
			}
			tu_setup_must(rc, what);
		}
	}
}

static void build_activity(void)
{
	char what[128];
	size_t i;

	for (i = 0; i < N_ELEMS(fx_partners); i++) {
		goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
		f.name_zh = fx_partners[i].name_zh;
		tu_setup_must(goc_partner_kind_parse(&f.kind, fx_partners[i].kind), "partner kind");
		f.unit = fx_partners[i].unit;
		f.date = fx_partners[i].date;
		tu_setup_must(goc_partner_create(NULL, db, &f), fx_partners[i].name_zh);
	}
	for (i = 0; i < N_ELEMS(fx_experts); i++) {
		goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
		f.name = fx_experts[i].name;
		f.unit = fx_experts[i].unit;
		f.date = fx_experts[i].date;
		tu_setup_must(goc_expert_create(NULL, db, &f), fx_experts[i].name);
	}
	for (i = 0; i < N_ELEMS(fx_events); i++) {
		const struct fx_event *e = &fx_events[i];
		goc_event_fields f = GOC_EVENT_FIELDS_INIT;
		int64_t id = 0;

		f.title_zh = e->title_zh;
		f.date = e->date;
		f.zone = e->zone;
		tu_setup_must(goc_event_kind_parse(&f.kind, e->kind), "event kind");
		f.international = e->international;
		f.large = e->large;
		f.unit = e->unit;
		tu_setup_must(goc_event_create(&id, db, &f), e->code);
		if (e->co_unit != NULL)
			tu_setup_must(goc_event_add_organizer(db, id, e->co_unit), e->code);
	}
	for (i = 0; i < N_ELEMS(fx_requests); i++) {
		const struct fx_request *r = &fx_requests[i];
		goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
		int64_t id = 0;

		f.org = org_id(r->org);
		tu_setup_must(goc_request_category_parse(&f.category, r->category), "category");
		f.opened = r->opened;
		f.unit = r->unit;
		snprintf(what, sizeof what, "诉求%s", r->code);
		f.summary = what;
		tu_setup_must(goc_request_create(&id, db, &f), r->code);
		if (r->resolved != NULL)
			tu_setup_must(goc_request_resolve(db, id, r->resolved, "已办结"), r->code);
	}
	for (i = 0; i < N_ELEMS(fx_facts); i++)
		tu_setup_must(goc_zone_set_facts(db, fx_facts[i].zone, fx_facts[i].date,
		                              fx_facts[i].office_space, fx_facts[i].contact),
		           fx_facts[i].zone);
}

/* The seven custom KPIs of §1.7, in order, with their targets. */
/* The KPIs the suite defines beside the plan's: GOC_KPI_FIELDS_INIT with
 * the members given; a row with target.from also sets that target. */
#define KPI_ROW(...)                                                          \
	{ .version = GOC_KPI_FIELDS_VERSION, .plan = PUDONG, .target_max = GOC_NO_MAX, \
	  .international = GOC_ANY, .large = GOC_ANY, __VA_ARGS__ }
static const struct custom_kpi {
	goc_kpi_fields f;
	struct {
		const char *member, *from;
		double min, max;
	} target;
} custom_kpis[] = {
	{ .f = KPI_ROW(
		.code = "req-days",
		.name_zh = "诉求办结天数（中位数）",
		.measure = GOC_MEASURE_REQUEST_DAYS,
		.scope = GOC_SCOPE_UNIT,
		.members = "commerce,scitech",
		.window = GOC_WINDOW_PERIOD,
		.target_min = 20, /* direction 0: lower for request_days */
		.tasks = "i7"
	  ) },
	{ .f = KPI_ROW(
		.code = "req-within",
		.name_zh = "十日内办结诉求占比",
		.name_en = "Requests resolved within 10 days (%)",
		.measure = GOC_MEASURE_REQUEST_WITHIN,
		.scope = GOC_SCOPE_PLAN,
		.window = GOC_WINDOW_PERIOD,
		.days = 10,
		.target_min = 80,
		.tasks = "i7"
	  ) },
	{ .f = KPI_ROW(
		.code = "manual-sat",
		.name_zh = "国际组织满意度",
		.measure = GOC_MEASURE_MANUAL,
		.scope = GOC_SCOPE_PLAN,
		.window = GOC_WINDOW_PERIOD,
		.target_min = 90
	  ) },
	{ .f = KPI_ROW(
		.code = "scitech-orgs",
		.name_zh = "新增科技类国际组织",
		.measure = GOC_MEASURE_ORGS_ENTERED,
		.scope = GOC_SCOPE_PLAN,
		.window = GOC_WINDOW_PERIOD,
		.category = GOC_CATEGORY_SCITECH,
		.target_min = 2,
		.weight = 2,
		.tasks = "i1"
	  ), .target = { NULL, "2025-01-01", 3, GOC_NO_MAX } },
	{ .f = KPI_ROW(
		.code = "partners-all",
		.name_zh = "全区合作伙伴",
		.measure = GOC_MEASURE_PARTNERS,
		.scope = GOC_SCOPE_PLAN,
		.window = GOC_WINDOW_PERIOD,
		.target_min = 50,
		.at_risk = 0.5,
		.tasks = "i3"
	  ) },
	{ .f = KPI_ROW(
		.code = "experts-2025",
		.name_zh = "2025年新增专家",
		.measure = GOC_MEASURE_EXPERTS,
		.scope = GOC_SCOPE_PLAN,
		.window = GOC_WINDOW_PERIOD,
		.start = "2025-01-01",
		.end = "2025-12-31",
		.target_min = 8,
		.weight = 3,
		.tasks = "i17"
	  ) },
	{ .f = KPI_ROW(
		.code = "zone-hq",
		.name_zh = "集聚区总部",
		.measure = GOC_MEASURE_HQ,
		.scope = GOC_SCOPE_ZONE,
		.members = "expo,zhangjiang",
		.window = GOC_WINDOW_PERIOD,
		.target_min = 1,
		.tasks = "i13"
	  ), .target = { "expo", "2024-01-01", 1, 2 } },
};
#undef KPI_ROW

static void build_custom_kpis(void)
{
	char what[80];
	for (size_t i = 0; i < N_ELEMS(custom_kpis); i++) {
		const struct custom_kpi *k = &custom_kpis[i];
		snprintf(what, sizeof what, "create %s", k->f.code);
		tu_setup_must(goc_kpi_create(db, &k->f), what);
		if (!k->target.from)
			continue;
		snprintf(what, sizeof what, "%s: target from %s", k->f.code, k->target.from);
		tu_setup_must(goc_kpi_set_target(db, PUDONG, k->f.code, k->target.member,
		                                 k->target.from, k->target.min, k->target.max),
		              what);
	}
}

static void build_plan_records(void)
{
	goc_report_fields rf = GOC_REPORT_FIELDS_INIT;
	size_t i;

	for (i = 0; i < N_ELEMS(fx_measurements); i++)
		tu_setup_must(goc_measurement_record(db, PUDONG, "manual-sat", NULL,
		                                  fx_measurements[i].date,
		                                  fx_measurements[i].value, NULL),
		           fx_measurements[i].date);
	rf.plan = PUDONG;
	rf.task = "i2";
	rf.unit = "commerce";
	rf.period = "2024-Q2";
	rf.date = "2024-06-28";
	rf.status = GOC_TASK_IN_PROGRESS;
	tu_setup_must(goc_report_submit(NULL, db, &rf), "report i2 2024-Q2");
	tu_setup_must(goc_task_set_status(db, PUDONG, "i3", GOC_TASK_DONE, "2025-11-30"),
	           "i3 done");
}

/* The whole data set of kpi-fixture.md §1. */
static void data_setup(void)
{
	tu_mem_setup();
	build_orgs();
	build_activity();
	build_custom_kpis();
	build_plan_records();
}

/* ------------------------------------------------------------------------
 * The fixture document: machine-read tables
 * ---------------------------------------------------------------------- */

static char *read_fixture(void)
{
	size_t len;
	char *buf = read_source(FIXTURE, &len);
	ck_assert_int_gt(len, 0);
	return buf;
}

/* A table: a header row and data rows of cells (trimmed, backticks gone). */
struct table {
	size_t ncols, nrows;
	char **head;
	char **cells; /* nrows × ncols */
};

static char *trim_cell(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t i, n = 0;

	ck_assert_ptr_nonnull(out);
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	for (i = 0; i < len; i++)
		if (s[i] != '`')
			out[n++] = s[i];
	out[n] = '\0';
	return out;
}

/* Split "| a | b |" into cells; returns their number. */
static size_t split_row(const char *line, size_t len, char ***out)
{
	char **cells = NULL;
	size_t n = 0, i, start;

	ck_assert(len > 0 && line[0] == '|');
	start = 1;
	for (i = 1; i < len; i++) {
		if (line[i] != '|')
			continue;
		cells = realloc(cells, (n + 1) * sizeof *cells);
		ck_assert_ptr_nonnull(cells);
		cells[n++] = trim_cell(line + start, i - start);
		start = i + 1;
	}
	*out = cells;
	return n;
}

static void table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->head[i]);
	for (i = 0; i < t->ncols * t->nrows; i++)
		free(t->cells[i]);
	free(t->head);
	free(t->cells);
	free(t);
}

/* The table after the line "<!-- table: TAG -->". */
static struct table *table_load(const char *tag)
{
	char *text = read_fixture();
	char marker[160];
	struct table *t = calloc(1, sizeof *t);
	const char *p, *line, *end;
	int skip_separator = 1;

	ck_assert_ptr_nonnull(t);
	snprintf(marker, sizeof marker, "<!-- table: %s -->\n", tag);
	p = strstr(text, marker);
	ck_assert_msg(p != NULL, "%s has no table \"%s\"", FIXTURE, tag);
	line = p + strlen(marker);
	while (*line == '|') {
		char **cells;
		size_t n;

		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		n = split_row(line, (size_t)(end - line), &cells);
		if (t->head == NULL) {
			t->head = cells;
			t->ncols = n;
		} else if (skip_separator) {
			size_t i;
			for (i = 0; i < n; i++)
				free(cells[i]);
			free(cells);
			skip_separator = 0;
		} else {
			size_t i;
			ck_assert_msg(n == t->ncols, "table \"%s\": a row of %zu cells, %zu columns",
			              tag, n, t->ncols);
			t->cells = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
			ck_assert_ptr_nonnull(t->cells);
			for (i = 0; i < n; i++)
				t->cells[t->nrows * t->ncols + i] = cells[i];
			free(cells);
			t->nrows++;
		}
		line = *end ? end + 1 : end;
	}
	free(text);
	ck_assert_msg(t->head != NULL && t->nrows > 0, "table \"%s\" is empty", tag);
	return t;
}

static int table_has(const struct table *t, const char *col)
{
	size_t i;
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->head[i], col) == 0)
			return 1;
	return 0;
}

static const char *table_cell(const struct table *t, size_t row, const char *col)
{
	size_t i;
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->head[i], col) == 0)
			return t->cells[row * t->ncols + i];
	ck_abort_msg("fixture table has no column \"%s\"", col);
	return NULL;
}

static int is_none(const char *cell)
{
	return strcmp(cell, NONE) == 0 || strcmp(cell, "-") == 0 || cell[0] == '\0';
}

/* Arithmetic over decimals: sum := prod {(+|-) prod}; prod := atom {(*|/)
 * atom}; atom := number | (sum) | -atom. */
struct xp {
	const char *s;
	int bad;
};

static double xp_sum(struct xp *x);

static void xp_blank(struct xp *x)
{
	while (*x->s == ' ')
		x->s++;
}

static double xp_atom(struct xp *x)
{
	char *end;
	double v;

	xp_blank(x);
	if (*x->s == '(') {
		x->s++;
		v = xp_sum(x);
		xp_blank(x);
		if (*x->s == ')')
			x->s++;
		else
			x->bad = 1;
		return v;
	}
	if (*x->s == '-') {
		x->s++;
		return -xp_atom(x);
	}
	if (!(*x->s >= '0' && *x->s <= '9') && *x->s != '.') {
		x->bad = 1;
		return 0;
	}
	v = strtod(x->s, &end);
	if (end == x->s)
		x->bad = 1;
	x->s = end;
	return v;
}

static double xp_prod(struct xp *x)
{
	double v = xp_atom(x);
	for (;;) {
		xp_blank(x);
		if (*x->s == '*') {
			x->s++;
			v *= xp_atom(x);
		} else if (*x->s == '/') {
			x->s++;
			v /= xp_atom(x);
		} else {
			return v;
		}
	}
}

static double xp_sum(struct xp *x)
{
	double v = xp_prod(x);
	for (;;) {
		xp_blank(x);
		if (*x->s == '+') {
			x->s++;
			v += xp_prod(x);
		} else if (*x->s == '-') {
			x->s++;
			v -= xp_prod(x);
		} else {
			return v;
		}
	}
}

/* The value of a numeric cell; @p if_none for "–". */
static double num(const char *cell, double if_none)
{
	struct xp x;
	double v;

	if (is_none(cell))
		return if_none;
	x.s = cell;
	x.bad = 0;
	v = xp_sum(&x);
	xp_blank(&x);
	ck_assert_msg(!x.bad && *x.s == '\0', "fixture: bad number \"%s\"", cell);
	return v;
}

static int near(double a, double b)
{
	double d = a - b;
	return (d < 0 ? -d : d) <= TOLERANCE;
}

/* ------------------------------------------------------------------------
 * Mismatches are collected, so that one run lists them all
 * ---------------------------------------------------------------------- */

static char mismatches[24000];
static size_t n_mismatches;

static void mismatch(const char *fmt, ...)
{
	size_t len = strlen(mismatches);
	va_list ap;

	n_mismatches++;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (len + 2 >= sizeof mismatches)
		return;
	va_start(ap, fmt);
	vsnprintf(mismatches + len, sizeof mismatches - len - 1, fmt, ap);
	va_end(ap);
	len = strlen(mismatches);
	if (len + 1 < sizeof mismatches) {
		mismatches[len] = '\n';
		mismatches[len + 1] = '\0';
	}
}

static void mismatches_reset(void)
{
	mismatches[0] = '\0';
	n_mismatches = 0;
}

static void mismatches_check(const char *what)
{
	ck_assert_msg(n_mismatches == 0, "%s: %zu mismatch(es) with %s:\n%s", what,
	              n_mismatches, FIXTURE, mismatches);
}

static int str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static const char *show(const char *s)
{
	return s != NULL ? s : "(null)";
}

/* ------------------------------------------------------------------------
 * Evaluation rows against the fixture
 * ---------------------------------------------------------------------- */

static int kpi_lower(const char *code)
{
	goc_kpi *k = NULL;
	int lower;

	must(goc_kpi_get(&k, db, PUDONG, code), code);
	lower = goc_kpi_direction(k) == GOC_LOWER_IS_BETTER;
	goc_kpi_free(k);
	return lower;
}

static void cmp_num(const char *label, const char *field, double got, double want)
{
	if (!near(got, want))
		mismatch("%s: %s = %.12g, expected %.12g", label, field, got, want);
}

/* Compare one evaluated row with row @p i of table @p t. */
static void check_row(const struct table *t, size_t i, const goc_kpi_row *r,
                      const char *tag)
{
	const char *kpi = table_cell(t, i, "kpi");
	const char *member = table_cell(t, i, "member");
	const char *status = table_cell(t, i, "status");
	int year = (int)num(table_cell(t, i, "year"), 0);
	double actual = num(table_cell(t, i, "actual"), 0);
	double minimum = num(table_cell(t, i, "min"), 0);
	double attainment;
	char label[200];

	snprintf(label, sizeof label, "%s #%zu %s%s%s%s", tag, i + 1, kpi,
	         is_none(member) ? "" : " ", is_none(member) ? "" : member,
	         year ? (year == 2024 ? " 2024" : " 2025") : "");
	if (!str_eq(goc_kpi_row_kpi(r), kpi) ||
	    !str_eq(goc_kpi_row_member(r), is_none(member) ? NULL : member) ||
	    goc_kpi_row_year(r) != year) {
		mismatch("%s: the library's row is %s %s %d", label, show(goc_kpi_row_kpi(r)),
		         show(goc_kpi_row_member(r)), goc_kpi_row_year(r));
		return;
	}
	if (!str_eq(goc_kpi_row_start(r), table_cell(t, i, "start")) ||
	    !str_eq(goc_kpi_row_end(r), table_cell(t, i, "end")))
		mismatch("%s: window %s … %s, expected %s … %s", label,
		         show(goc_kpi_row_start(r)), show(goc_kpi_row_end(r)),
		         table_cell(t, i, "start"), table_cell(t, i, "end"));
	cmp_num(label, "actual", goc_kpi_row_actual(r), actual);
	cmp_num(label, "expected", goc_kpi_row_expected(r), num(table_cell(t, i, "expected"), 0));
	cmp_num(label, "target_min", goc_kpi_row_target_min(r), minimum);
	cmp_num(label, "target_max", goc_kpi_row_target_max(r),
	        num(table_cell(t, i, "max"), GOC_NO_MAX));
	if (!str_eq(goc_kpi_status_str(goc_kpi_row_status(r)), status))
		mismatch("%s: status %s, expected %s", label,
		         show(goc_kpi_status_str(goc_kpi_row_status(r))), status);
	cmp_num(label, "score", goc_kpi_row_score(r), num(table_cell(t, i, "score"), -1));
	/* actual / minimum; lower is better: minimum / actual; 0 if undefined. */
	if (kpi_lower(kpi))
		attainment = actual != 0 ? minimum / actual : 0;
	else
		attainment = minimum != 0 ? actual / minimum : 0;
	cmp_num(label, "attainment", goc_kpi_row_attainment(r), attainment);
}

/* Evaluate as of @p as_of (one KPI or all) and compare with the table
 * "eval AS_OF[ KPI]". */
static void check_eval(const char *as_of, const char *kpi)
{
	struct table *t;
	goc_cursor *c = NULL;
	char tag[128];
	size_t i = 0;
	int rc;

	snprintf(tag, sizeof tag, "eval %s%s%s", as_of, kpi ? " " : "", kpi ? kpi : "");
	t = table_load(tag);
	rc = goc_kpi_evaluate(&c, db, PUDONG, kpi, as_of);
	must(rc, tag);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_kpi_row *r = goc_cursor_kpi_row(c);

		ck_assert_ptr_nonnull(r);
		ck_assert_ptr_null(goc_cursor_kpi(c));
		if (i < t->nrows)
			check_row(t, i, r, tag);
		else
			mismatch("%s: extra row %zu: %s %s %d", tag, i + 1, show(goc_kpi_row_kpi(r)),
			         show(goc_kpi_row_member(r)), goc_kpi_row_year(r));
		i++;
	}
	ck_assert_msg(rc == GOC_DONE, "%s: goc_cursor_next = %d: %s", tag, rc, goc_error_message());
	if (i < t->nrows)
		mismatch("%s: %zu rows, expected %zu (first missing: %s %s)", tag, i, t->nrows,
		         table_cell(t, i, "kpi"), table_cell(t, i, "member"));
	goc_cursor_free(c);
	table_free(t);
}

/* The evaluations of §3 and §4. */
static const struct {
	const char *as_of, *kpi;
} evals[] = {
	{ "2024-06-30", NULL },
	{ "2024-12-31", NULL },
	{ "2025-12-31", NULL },
	{ "2026-01-15", NULL },
	{ "2024-12-31", "scitech-orgs" },
	{ "2025-01-01", "scitech-orgs" },
	{ "2025-06-30", "scitech-orgs" },
	{ "2024-01-15", "req-days" },
	{ "2023-12-31", "large-events" },
};

START_TEST(test_evaluate)
{
	mismatches_reset();
	check_eval(evals[_i].as_of, evals[_i].kpi);
	mismatches_check(evals[_i].kpi ? evals[_i].kpi : evals[_i].as_of);
}
END_TEST

/* Every status appears in the library's rows across the fixture's dates
 * (which rows show which: §5).  Independent of the row-by-row comparison. */
START_TEST(test_every_status_appears)
{
	int seen[8] = { 0 };
	size_t i;
	int rc, s;

	for (i = 0; i < N_ELEMS(evals); i++) {
		goc_cursor *c = NULL;

		must(goc_kpi_evaluate(&c, db, PUDONG, evals[i].kpi, evals[i].as_of), evals[i].as_of);
		while ((rc = goc_cursor_next(c)) == GOC_ROW) {
			s = goc_kpi_row_status(goc_cursor_kpi_row(c));
			ck_assert_msg(s >= GOC_STATUS_NOT_STARTED && s <= GOC_STATUS_MISSED,
			              "status %d", s);
			seen[s] = 1;
		}
		ck_assert_int_eq(rc, GOC_DONE);
		goc_cursor_free(c);
	}
	for (s = GOC_STATUS_NOT_STARTED; s <= GOC_STATUS_MISSED; s++)
		ck_assert_msg(seen[s], "no row has status %s", goc_kpi_status_str(s));
}
END_TEST

/* The fixture itself names every status in its tables. */
START_TEST(test_fixture_covers_statuses)
{
	static const char *const names[] = { "not_started", "on_track", "at_risk", "behind",
		                             "met", "exceeded", "missed" };
	int seen[N_ELEMS(names)] = { 0 };
	size_t i, j, k;

	for (i = 0; i < N_ELEMS(evals); i++) {
		char tag[128];
		struct table *t;

		snprintf(tag, sizeof tag, "eval %s%s%s", evals[i].as_of, evals[i].kpi ? " " : "",
		         evals[i].kpi ? evals[i].kpi : "");
		t = table_load(tag);
		for (j = 0; j < t->nrows; j++)
			for (k = 0; k < N_ELEMS(names); k++)
				if (strcmp(table_cell(t, j, "status"), names[k]) == 0)
					seen[k] = 1;
		table_free(t);
	}
	for (k = 0; k < N_ELEMS(names); k++)
		ck_assert_msg(seen[k], "the fixture has no %s row", names[k]);
}
END_TEST

/* ------------------------------------------------------------------------
 * Scorecards against the fixture
 * ---------------------------------------------------------------------- */

/* The group's names as their own registers give them. */
static void expected_names(int by, const char *key, char *zh, char *en, size_t size)
{
	zh[0] = en[0] = '\0';
	if (by == GOC_BY_PLAN) {
		goc_kpi *k = NULL;
		must(goc_kpi_get(&k, db, PUDONG, key), key);
		snprintf(zh, size, "%s", show(goc_kpi_name_zh(k)));
		snprintf(en, size, "%s", show(goc_kpi_name_en(k)));
		goc_kpi_free(k);
	} else if (by == GOC_BY_SECTION) {
		goc_task *t = NULL;
		must(goc_task_get(&t, db, PUDONG, key), key);
		snprintf(zh, size, "%s", show(goc_task_title_zh(t)));
		snprintf(en, size, "%s", show(goc_task_title_en(t)));
		goc_task_free(t);
	} else if (by == GOC_BY_ZONE) {
		goc_zone *z = NULL;
		must(goc_zone_get(&z, db, key), key);
		snprintf(zh, size, "%s", show(goc_zone_name_zh(z)));
		snprintf(en, size, "%s", show(goc_zone_name_en(z)));
		goc_zone_free(z);
	} else {
		goc_unit *u = NULL;
		must(goc_unit_get(&u, db, key), key);
		snprintf(zh, size, "%s", show(goc_unit_name_zh(u)));
		snprintf(en, size, "%s", show(goc_unit_name_en(u)));
		goc_unit_free(u);
	}
}

static void check_score_row(const struct table *t, size_t i, const goc_score *s, int by,
                            const char *tag)
{
	static const char *const cols[] = { NULL, "not_started", "on_track", "at_risk",
		                            "behind", "met", "exceeded", "missed" };
	const char *key = table_cell(t, i, "key");
	const char *status = table_cell(t, i, "status");
	int total = strcmp(key, "(total)") == 0;
	char label[160], zh[400], en[400];
	int st;

	snprintf(label, sizeof label, "%s #%zu %s", tag, i + 1, key);
	if (!str_eq(goc_score_key(s), total ? NULL : key)) {
		mismatch("%s: the library's row is %s", label, show(goc_score_key(s)));
		return;
	}
	if (total) {
		if (goc_score_name_zh(s) != NULL || goc_score_name_en(s) != NULL)
			mismatch("%s: the total has names %s / %s", label, show(goc_score_name_zh(s)),
			         show(goc_score_name_en(s)));
	} else {
		expected_names(by, key, zh, en, sizeof zh);
		if (!str_eq(show(goc_score_name_zh(s)), zh) || !str_eq(show(goc_score_name_en(s)), en))
			mismatch("%s: names %s / %s, expected %s / %s", label, show(goc_score_name_zh(s)),
			         show(goc_score_name_en(s)), zh, en);
	}
	if (is_none(status)) {
		if (goc_score_status(s) != 0)
			mismatch("%s: status %s, expected none (0)", label,
			         show(goc_kpi_status_str(goc_score_status(s))));
	} else if (!str_eq(goc_kpi_status_str(goc_score_status(s)), status)) {
		mismatch("%s: status %s, expected %s", label,
		         show(goc_kpi_status_str(goc_score_status(s))), status);
	}
	if (goc_score_count(s, 0) != (int)num(table_cell(t, i, "rows"), 0))
		mismatch("%s: %d rows, expected %s", label, goc_score_count(s, 0),
		         table_cell(t, i, "rows"));
	for (st = GOC_STATUS_NOT_STARTED; st <= GOC_STATUS_MISSED; st++)
		if (goc_score_count(s, st) != (int)num(table_cell(t, i, cols[st]), 0))
			mismatch("%s: %d %s rows, expected %s", label, goc_score_count(s, st), cols[st],
			         table_cell(t, i, cols[st]));
	cmp_num(label, "value", goc_score_value(s), num(table_cell(t, i, "value"), -1));
	cmp_num(label, "actual", goc_score_actual(s), num(table_cell(t, i, "actual"), 0));
	cmp_num(label, "target", goc_score_target(s), num(table_cell(t, i, "target"), 0));
	if (by == GOC_BY_UNIT && !total) {
		static const char *const what[] = { "tasks", "leads", "overdue", "missing" };
		int got[4];
		size_t w;

		got[0] = goc_score_tasks(s);
		got[1] = goc_score_leads(s);
		got[2] = goc_score_overdue(s);
		got[3] = goc_score_missing_reports(s);
		for (w = 0; w < 4; w++)
			if (got[w] != (int)num(table_cell(t, i, what[w]), 0))
				mismatch("%s: %s = %d, expected %s", label, what[w], got[w],
				         table_cell(t, i, what[w]));
	} else if (by != GOC_BY_UNIT && goc_score_tasks(s) != 0) {
		mismatch("%s: tasks = %d outside a scorecard by unit", label, goc_score_tasks(s));
	}
}

static void check_scorecard(int by, const char *as_of)
{
	struct table *t;
	goc_cursor *c = NULL;
	char tag[128];
	size_t i = 0;
	int rc;

	snprintf(tag, sizeof tag, "score %s %s", goc_score_by_str(by), as_of);
	t = table_load(tag);
	ck_assert(by != GOC_BY_UNIT || table_has(t, "missing"));
	rc = goc_scorecard(&c, db, PUDONG, as_of, by);
	must(rc, tag);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_score *s = goc_cursor_score(c);

		ck_assert_ptr_nonnull(s);
		ck_assert_ptr_null(goc_cursor_kpi_row(c));
		if (i < t->nrows)
			check_score_row(t, i, s, by, tag);
		else
			mismatch("%s: extra row %zu: %s", tag, i + 1, show(goc_score_key(s)));
		i++;
	}
	ck_assert_msg(rc == GOC_DONE, "%s: goc_cursor_next = %d: %s", tag, rc, goc_error_message());
	if (i < t->nrows)
		mismatch("%s: %zu rows, expected %zu (first missing: %s)", tag, i, t->nrows,
		         table_cell(t, i, "key"));
	goc_cursor_free(c);
	table_free(t);
}

/* 4 groupings × 4 dates: _i = by - 1 + 4 × date. */
START_TEST(test_scorecard)
{
	int by = _i % 4 + 1;
	const char *as_of = fx_dates[_i / 4];
	char what[64];

	mismatches_reset();
	check_scorecard(by, as_of);
	snprintf(what, sizeof what, "scorecard by %s as of %s", goc_score_by_str(by), as_of);
	mismatches_check(what);
}
END_TEST

/* ------------------------------------------------------------------------
 * Targets changed after the fact (beyond the fixture's tables)
 * ---------------------------------------------------------------------- */

/* One row of an evaluation: its actual, minimum, status, score. */
struct got_row {
	double actual, expected, min, score;
	int status;
};

static struct got_row eval_one(const char *kpi, const char *member, const char *as_of)
{
	struct got_row g = { 0, 0, 0, 0, 0 };
	goc_cursor *c = NULL;
	int rc, found = 0;

	must(goc_kpi_evaluate(&c, db, PUDONG, kpi, as_of), kpi);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_kpi_row *r = goc_cursor_kpi_row(c);
		if (!str_eq(goc_kpi_row_member(r), member))
			continue;
		g.actual = goc_kpi_row_actual(r);
		g.expected = goc_kpi_row_expected(r);
		g.min = goc_kpi_row_target_min(r);
		g.score = goc_kpi_row_score(r);
		g.status = goc_kpi_row_status(r);
		found++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	ck_assert_msg(found == 1, "%s %s as of %s: %d rows", kpi, show(member), as_of, found);
	return g;
}

#define ASSERT_NEAR(got, want) \
	ck_assert_msg(near((got), (want)), "%s = %.12g, expected %.12g", #got, (double)(got), \
	              (double)(want))

/* A target set again on the same date replaces the one there; a member's
 * own target (through a group) holds from its date on. */
START_TEST(test_set_target_replaces_and_member)
{
	struct got_row g;

	/* scitech-orgs: 3 from 2025-01-01 becomes 4; before, 2 still holds. */
	must(goc_kpi_set_target(db, PUDONG, "scitech-orgs", NULL, "2025-01-01", 4, GOC_NO_MAX),
	     "replace");
	g = eval_one("scitech-orgs", NULL, "2025-12-31");
	ASSERT_NEAR(g.min, 4);
	ASSERT_NEAR(g.actual, 2);
	ck_assert_int_eq(g.status, GOC_STATUS_MISSED);
	ASSERT_NEAR(g.score, 2.0 / 4);
	g = eval_one("scitech-orgs", NULL, "2024-06-30");
	ASSERT_NEAR(g.min, 2);
	ck_assert_int_eq(g.status, GOC_STATUS_ON_TRACK);

	/* justice (a member through no group) gets 9 from 2025-07-01: its 9
	 * organizations meet it by the deadline; earlier the default 10 holds. */
	must(goc_kpi_set_target(db, PUDONG, "target-lists", "justice", "2025-07-01", 9,
	                        GOC_NO_MAX),
	     "justice 9");
	g = eval_one("target-lists", "justice", "2025-12-31");
	ASSERT_NEAR(g.min, 9);
	ASSERT_NEAR(g.actual, 9);
	ck_assert_int_eq(g.status, GOC_STATUS_MET);
	ASSERT_NEAR(g.score, 1);
	g = eval_one("target-lists", "justice", "2024-12-31");
	ASSERT_NEAR(g.min, 10);
	ck_assert_int_eq(g.status, GOC_STATUS_ON_TRACK);
	/* Other members keep the default. */
	g = eval_one("target-lists", "scitech", "2025-12-31");
	ASSERT_NEAR(g.min, 10);

	/* A member expanded from a group (bureaus) takes its own target:
	 * expo-bureau 0 organizations for a minimum of 0 … 1 → a range 0–1
	 * is met by 0. */
	must(goc_kpi_set_target(db, PUDONG, "target-lists", "expo-bureau", "2024-01-01", 0, 1),
	     "expo-bureau 0-1");
	g = eval_one("target-lists", "expo-bureau", "2025-12-31");
	ASSERT_NEAR(g.min, 0);
	ASSERT_NEAR(g.actual, 0);
	ck_assert_int_eq(g.status, GOC_STATUS_MET);

	/* A lower maximum makes a zone over its range: zone-quotas
	 * zhangjiang (2 landed) with 1–1 from 2025-01-01 → exceeded. */
	must(goc_kpi_set_target(db, PUDONG, "zone-quotas", "zhangjiang", "2025-01-01", 1, 1),
	     "zhangjiang 1-1");
	g = eval_one("zone-quotas", "zhangjiang", "2025-12-31");
	ASSERT_NEAR(g.actual, 2);
	ck_assert_int_eq(g.status, GOC_STATUS_EXCEEDED);
	ASSERT_NEAR(g.score, 1);
}
END_TEST

/* ------------------------------------------------------------------------
 * Definitions: get, list, delete
 * ---------------------------------------------------------------------- */

static void expect_fail(int rc, int want, const char *fields, const char *what)
{
	ck_assert_msg(rc == want, "%s: got %d (%s), expected %d (%s): %s", what, rc,
	              goc_strerror(rc), want, goc_strerror(want), goc_error_message());
	ck_assert_msg(goc_error_last() == want, "%s: goc_error_last() = %d", what,
	              goc_error_last());
	if (db != NULL)
		ck_assert_msg(goc_db_errcode(db) == want, "%s: goc_db_errcode() = %d", what,
		              goc_db_errcode(db));
	if (fields != NULL) {
		/* One of the '|'-separated names must appear in the message. */
		char buf[200], *save = NULL, *f;
		int named = 0;

		snprintf(buf, sizeof buf, "%s", fields);
		for (f = strtok_r(buf, "|", &save); f != NULL; f = strtok_r(NULL, "|", &save))
			if (strstr(goc_error_message(), f) != NULL)
				named = 1;
		ck_assert_msg(named, "%s: message \"%s\" does not name %s", what,
		              goc_error_message(), fields);
	}
}

static int kpi_count(void)
{
	goc_cursor *c = NULL;
	return count_rows(goc_kpi_list(&c, db, PUDONG), &c, "list");
}

/* Every field of a definition reads back, the filters included. */
START_TEST(test_get_filters)
{
	goc_kpi *k = NULL;
	ck_assert_int_eq(goc_kpi_get(&k, db, "pudong-goc-2024", "large-events"), GOC_OK);
	ck_assert_int_eq(goc_kpi_international(k), GOC_YES);
	ck_assert_int_eq(goc_kpi_large(k), GOC_YES);
	ck_assert_int_eq(goc_kpi_event_kind(k), 0);
	ck_assert_int_eq(goc_kpi_stage(k), 0);
	ck_assert_int_eq(goc_kpi_days(k), 0);
	ck_assert(goc_kpi_at_risk(k) == 0.7);
	goc_kpi_free(k);
	ck_assert_int_eq(goc_kpi_get(&k, db, "pudong-goc-2024", "promotion-events"), GOC_OK);
	ck_assert_int_eq(goc_kpi_event_kind(k), GOC_EVENT_PROMOTION);
	ck_assert_int_eq(goc_kpi_international(k), GOC_YES);
	ck_assert_int_eq(goc_kpi_large(k), GOC_ANY);
	goc_kpi_free(k);
	ck_assert_int_eq(goc_kpi_get(&k, db, "pudong-goc-2024", "new-orgs"), GOC_OK);
	ck_assert_int_eq(goc_kpi_stage(k), GOC_STAGE_LANDED);
	ck_assert_int_eq(goc_kpi_category(k), 0);
	ck_assert_int_eq(goc_kpi_origin(k), 0);
	goc_kpi_free(k);
	ck_assert_int_eq(goc_kpi_stage(NULL), 0);
	ck_assert_int_eq(goc_kpi_international(NULL), GOC_ANY);
}
END_TEST

START_TEST(test_get)
{
	goc_kpi *k = NULL;

	/* Built-in, cumulative, defaults from the plan's window. */
	must(goc_kpi_get(&k, db, PUDONG, "orgs-total"), "get orgs-total");
	ck_assert_str_eq(goc_kpi_code(k), "orgs-total");
	ck_assert_str_eq(goc_kpi_plan(k), PUDONG);
	ck_assert_str_eq(goc_kpi_name_zh(k), "累计集聚国际经济组织");
	ck_assert_pstr_eq(goc_kpi_name_en(k), "International organizations in all");
	ck_assert_int_eq(goc_kpi_measure(k), GOC_MEASURE_ORGS_ENTERED);
	ck_assert_int_eq(goc_kpi_scope(k), GOC_SCOPE_PLAN);
	ck_assert_ptr_null(goc_kpi_members(k));
	ck_assert_int_eq(goc_kpi_window(k), GOC_WINDOW_CUMULATIVE);
	ck_assert_str_eq(goc_kpi_start(k), "2024-01-01");
	ck_assert_str_eq(goc_kpi_end(k), "2025-12-31");
	ck_assert_pstr_eq(goc_kpi_baseline_date(k), "2023-12-31");
	ASSERT_NEAR(goc_kpi_baseline(k), 37);
	ASSERT_NEAR(goc_kpi_target_min(k), 45);
	ASSERT_NEAR(goc_kpi_target_max(k), GOC_NO_MAX);
	ck_assert_int_eq(goc_kpi_direction(k), GOC_HIGHER_IS_BETTER);
	ASSERT_NEAR(goc_kpi_weight(k), 2);
	ck_assert_pstr_eq(goc_kpi_tasks(k), "i1");
	goc_kpi_free(k);

	/* A range, annual, two tasks. */
	must(goc_kpi_get(&k, db, PUDONG, "large-events"), "get large-events");
	ck_assert_int_eq(goc_kpi_window(k), GOC_WINDOW_ANNUAL);
	ASSERT_NEAR(goc_kpi_target_min(k), 5);
	ASSERT_NEAR(goc_kpi_target_max(k), 8);
	ASSERT_NEAR(goc_kpi_weight(k), 1.5);
	ck_assert_pstr_eq(goc_kpi_tasks(k), "i19,i21");
	ck_assert_ptr_null(goc_kpi_baseline_date(k));
	goc_kpi_free(k);

	/* Members as given; the default minimum (zone quotas of their own). */
	must(goc_kpi_get(&k, db, PUDONG, "zone-quotas"), "get zone-quotas");
	ck_assert_int_eq(goc_kpi_scope(k), GOC_SCOPE_ZONE);
	ck_assert_pstr_eq(goc_kpi_members(k), "expo,lujiazui,zhangjiang,jinqiao,ftz");
	ASSERT_NEAR(goc_kpi_target_min(k), 1);
	ASSERT_NEAR(goc_kpi_weight(k), 1);
	goc_kpi_free(k);
	must(goc_kpi_get(&k, db, PUDONG, "target-lists"), "get target-lists");
	ck_assert_pstr_eq(goc_kpi_members(k), "commerce,scitech,financial,justice,bureaus");
	goc_kpi_free(k);

	/* Custom: direction 0 gives lower for request_days; weight 0 gives 1. */
	must(goc_kpi_get(&k, db, PUDONG, "req-days"), "get req-days");
	ck_assert_int_eq(goc_kpi_direction(k), GOC_LOWER_IS_BETTER);
	ASSERT_NEAR(goc_kpi_weight(k), 1);
	ck_assert_ptr_null(goc_kpi_name_en(k));
	ck_assert_pstr_eq(goc_kpi_members(k), "commerce,scitech");
	goc_kpi_free(k);

	/* The default minimum in force at the window's start, whatever came
	 * after. */
	must(goc_kpi_get(&k, db, PUDONG, "scitech-orgs"), "get scitech-orgs");
	ASSERT_NEAR(goc_kpi_target_min(k), 2);
	ASSERT_NEAR(goc_kpi_target_max(k), GOC_NO_MAX);
	ASSERT_NEAR(goc_kpi_weight(k), 2);
	goc_kpi_free(k);

	/* A window of its own; no tasks. */
	must(goc_kpi_get(&k, db, PUDONG, "experts-2025"), "get experts-2025");
	ck_assert_str_eq(goc_kpi_start(k), "2025-01-01");
	ck_assert_str_eq(goc_kpi_end(k), "2025-12-31");
	goc_kpi_free(k);
	must(goc_kpi_get(&k, db, PUDONG, "manual-sat"), "get manual-sat");
	ck_assert_ptr_null(goc_kpi_tasks(k));
	ck_assert_int_eq(goc_kpi_measure(k), GOC_MEASURE_MANUAL);
	goc_kpi_free(k);

	/* Errors. */
	expect_fail(goc_kpi_get(&k, db, PUDONG, "no-such-kpi"), GOC_ENOTFOUND, NULL, "unknown KPI");
	expect_fail(goc_kpi_get(&k, db, "no-such-plan", "new-orgs"), GOC_ENOTFOUND, NULL,
	            "unknown plan");
	expect_fail(goc_kpi_get(NULL, db, PUDONG, "new-orgs"), GOC_EINVAL, NULL, "NULL out");
	expect_fail(goc_kpi_get(&k, db, NULL, "new-orgs"), GOC_EINVAL, NULL, "NULL plan");
	expect_fail(goc_kpi_get(&k, db, PUDONG, NULL), GOC_EINVAL, NULL, "NULL code");
	goc_kpi_free(NULL);
}
END_TEST

START_TEST(test_list)
{
	goc_cursor *c = NULL;
	size_t n = 0;
	int rc;

	must(goc_kpi_list(&c, db, PUDONG), "list");
	ck_assert_ptr_null(goc_cursor_kpi(c));
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_kpi *k = goc_cursor_kpi(c);
		ck_assert_ptr_nonnull(k);
		ck_assert_ptr_null(goc_cursor_kpi_row(c));
		ck_assert_ptr_null(goc_cursor_score(c));
		ck_assert_msg(n < N_ELEMS(fx_kpis), "more KPIs than %zu", N_ELEMS(fx_kpis));
		ck_assert_str_eq(goc_kpi_code(k), fx_kpis[n]);
		ck_assert_str_eq(goc_kpi_plan(k), PUDONG);
		n++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	ck_assert_uint_eq(n, N_ELEMS(fx_kpis));
	goc_cursor_free(c);

	c = NULL;
	expect_fail(goc_kpi_list(&c, db, "no-such-plan"), GOC_ENOTFOUND, NULL, "unknown plan");
	expect_fail(goc_kpi_list(NULL, db, PUDONG), GOC_EINVAL, NULL, "NULL out");
	expect_fail(goc_kpi_list(&c, db, NULL), GOC_EINVAL, NULL, "NULL plan");
}
END_TEST

START_TEST(test_delete)
{
	goc_kpi *k = NULL;
	goc_cursor *c = NULL;
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	struct got_row g;

	/* Gone from get, list and evaluate. */
	must(goc_kpi_delete(db, PUDONG, "partners-all"), "delete partners-all");
	ck_assert_int_eq(kpi_count(), (int)N_ELEMS(fx_kpis) - 1);
	expect_fail(goc_kpi_get(&k, db, PUDONG, "partners-all"), GOC_ENOTFOUND, NULL, "get");
	expect_fail(goc_kpi_evaluate(&c, db, PUDONG, "partners-all", "2024-06-30"), GOC_ENOTFOUND,
	            NULL, "evaluate");
	expect_fail(goc_kpi_delete(db, PUDONG, "partners-all"), GOC_ENOTFOUND, NULL,
	            "delete twice");

	/* With its measurements: the same value can be recorded again. */
	must(goc_kpi_delete(db, PUDONG, "manual-sat"), "delete manual-sat");
	f.plan = PUDONG;
	f.code = "manual-sat";
	f.name_zh = "国际组织满意度";
	f.measure = GOC_MEASURE_MANUAL;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 90;
	must(goc_kpi_create(db, &f), "create manual-sat again");
	must(goc_measurement_record(db, PUDONG, "manual-sat", NULL, "2024-03-31", 71, NULL),
	     "record again");
	g = eval_one("manual-sat", NULL, "2025-12-31");
	ASSERT_NEAR(g.actual, 71);
	ck_assert_int_eq(g.status, GOC_STATUS_MISSED);

	/* With its targets: the change to 3 is gone with it. */
	must(goc_kpi_delete(db, PUDONG, "scitech-orgs"), "delete scitech-orgs");
	f = (goc_kpi_fields)GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "scitech-orgs";
	f.name_zh = "新增科技类国际组织";
	f.measure = GOC_MEASURE_ORGS_ENTERED;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.category = GOC_CATEGORY_SCITECH;
	f.target_min = 2;
	must(goc_kpi_create(db, &f), "create scitech-orgs again");
	g = eval_one("scitech-orgs", NULL, "2025-12-31");
	ASSERT_NEAR(g.min, 2);
	ASSERT_NEAR(g.actual, 2);
	ck_assert_int_eq(g.status, GOC_STATUS_MET);

	/* A built-in KPI can be deleted too; others are untouched. */
	must(goc_kpi_delete(db, PUDONG, "new-orgs"), "delete new-orgs");
	g = eval_one("orgs-total", NULL, "2025-12-31");
	ASSERT_NEAR(g.actual, 44);

	expect_fail(goc_kpi_delete(db, PUDONG, "no-such-kpi"), GOC_ENOTFOUND, NULL, "unknown");
	expect_fail(goc_kpi_delete(db, "no-such-plan", "orgs-total"), GOC_ENOTFOUND, NULL,
	            "unknown plan");
	expect_fail(goc_kpi_delete(db, NULL, "orgs-total"), GOC_EINVAL, NULL, "NULL plan");
	expect_fail(goc_kpi_delete(db, PUDONG, NULL), GOC_EINVAL, NULL, "NULL code");
}
END_TEST

/* ------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

/* A valid definition the error cases start from. */
static goc_kpi_fields probe_fields(void)
{
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "probe";
	f.name_zh = "探针";
	f.measure = GOC_MEASURE_PARTNERS;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 5;
	return f;
}

#define CREATE_FAILS(want, field, what, ...)                                  \
	do {                                                                  \
		goc_kpi_fields f_ = probe_fields();                           \
		__VA_ARGS__;                                                  \
		expect_fail(goc_kpi_create(db, &f_), (want), (field), (what)); \
	} while (0)

/* The one row of a KPI as of a date (evaluated, copied out). */
struct one_row {
	double actual, attainment;
	int status;
};

static struct one_row eval_single(const char *kpi, const char *asof)
{
	goc_cursor *cur = NULL;
	struct one_row r = { -1, -1, 0 };
	must(goc_kpi_evaluate(&cur, db, PUDONG, kpi, asof), kpi);
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	const goc_kpi_row *row = goc_cursor_kpi_row(cur);
	r.actual = goc_kpi_row_actual(row);
	r.attainment = goc_kpi_row_attainment(row);
	r.status = goc_kpi_row_status(row);
	ck_assert_int_eq(goc_cursor_next(cur), GOC_DONE);
	goc_cursor_free(cur);
	return r;
}

/* Inside a caller's transaction the evaluation and the scorecard see its
 * writes not yet committed (they read in that transaction, not in one of
 * their own); after a rollback they are gone. */
START_TEST(test_evaluate_inside_transaction)
{
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "satisfaction";
	f.name_zh = "满意度";
	f.measure = GOC_MEASURE_MANUAL;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 90;
	must(goc_kpi_create(db, &f), "create");
	must(goc_db_begin(db), "begin");
	must(goc_measurement_record(db, PUDONG, "satisfaction", NULL, "2024-06-30", 95, NULL), "record");
	struct one_row r = eval_single("satisfaction", "2024-07-01");
	ck_assert_double_eq_tol(r.actual, 95, TOLERANCE);
	ck_assert_int_eq(r.status, GOC_STATUS_MET);
	goc_cursor *cur = NULL;
	must(goc_scorecard(&cur, db, PUDONG, "2024-07-01", GOC_BY_PLAN), "scorecard");
	goc_cursor_free(cur);
	ck_assert_int_eq(goc_db_in_transaction(db), 1);
	must(goc_db_rollback(db), "rollback");
	r = eval_single("satisfaction", "2024-07-01");
	ck_assert_double_eq_tol(r.actual, 0, TOLERANCE); /* no value recorded */
	ck_assert_int_eq(r.status, GOC_STATUS_BEHIND);
}
END_TEST

/* Days to resolve, lower is better: the median of an odd and of an even
 * number of requests, and a request resolved the day it was opened
 * (0 days: met, attainment 0 rather than a division by zero). */
/* The series of every KPI over the plan's month ends, against the
 * evaluations (for the tests that build data of their own). */
static size_t series_equals_evaluations(goc_db *d, const char *plan, const goc_series_opts *o,
                                        const char *const *dates, size_t n_dates);
static void series_months(void)
{
	static const char *const months[] = {
		"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30",
		"2024-09-30", "2024-12-31", "2025-06-30", "2025-12-31", "2026-01-31" };
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.dates = months;
	o.n_dates = N_ELEMS(months);
	series_equals_evaluations(db, PUDONG, &o, months, N_ELEMS(months));
}

START_TEST(test_request_days_median)
{
	goc_org_fields of = GOC_ORG_FIELDS_INIT;
	int64_t org = 0, req = 0;
	of.name_zh = "诉求组织";
	of.category = GOC_CATEGORY_TRADE;
	of.date = "2024-01-02";
	must(goc_org_create(&org, db, &of), "org");
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "days";
	f.name_zh = "办结天数";
	f.measure = GOC_MEASURE_REQUEST_DAYS;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 10;
	must(goc_kpi_create(db, &f), "kpi");
	static const struct { const char *opened, *resolved; double median; int status; } steps[] = {
		{ "2024-03-01", "2024-03-01", 0, GOC_STATUS_MET },     /* 0 */
		{ "2024-03-01", "2024-03-31", 15, GOC_STATUS_BEHIND }, /* 0, 30 */
		{ "2024-04-01", "2024-04-05", 4, GOC_STATUS_MET },     /* 0, 4, 30 */
	};
	for (size_t i = 0; i < N_ELEMS(steps); i++) {
		goc_request_fields rf = GOC_REQUEST_FIELDS_INIT;
		rf.org = org;
		rf.category = GOC_REQUEST_VISA;
		rf.opened = steps[i].opened;
		rf.unit = "commerce";
		rf.summary = "签证";
		must(goc_request_create(&req, db, &rf), "request");
		must(goc_request_resolve(db, req, steps[i].resolved, "已办结"), "resolve");
		struct one_row r = eval_single("days", "2024-06-30");
		ck_assert_double_eq_tol(r.actual, steps[i].median, TOLERANCE);
		ck_assert_int_eq(r.status, steps[i].status);
		if (steps[i].median == 0)
			ck_assert_double_eq_tol(r.attainment, 0, TOLERANCE);
	}
	series_months();
}
END_TEST

START_TEST(test_create_errors)
{
	goc_kpi_fields f = probe_fields();
	char *long_name;
	int n = kpi_count();

	/* The probe itself is valid. */
	must(goc_kpi_create(db, &f), "probe");
	must(goc_kpi_delete(db, PUDONG, "probe"), "delete probe");

	expect_fail(goc_kpi_create(db, NULL), GOC_EINVAL, NULL, "NULL fields");
	CREATE_FAILS(GOC_EINVAL, "version", "version 99", f_.version = 99);
	CREATE_FAILS(GOC_EINVAL, "plan", "no plan", f_.plan = NULL);
	CREATE_FAILS(GOC_EINVAL, "code", "no code", f_.code = NULL);
	CREATE_FAILS(GOC_EINVAL, "code", "malformed code", f_.code = "Bad Code!");
	CREATE_FAILS(GOC_EINVAL, "name_zh", "no name", f_.name_zh = NULL);
	CREATE_FAILS(GOC_EINVAL, "name_zh", "empty name", f_.name_zh = "");
	long_name = malloc(302);
	ck_assert_ptr_nonnull(long_name);
	memset(long_name, 'x', 301);
	long_name[301] = '\0';
	CREATE_FAILS(GOC_EINVAL, "name_zh", "301 characters", f_.name_zh = long_name);
	free(long_name);
	CREATE_FAILS(GOC_EINVAL, "name_zh", "invalid UTF-8", f_.name_zh = "\xff\xfe");

	/* Unknown enumeration values. */
	CREATE_FAILS(GOC_EINVAL, "measure", "measure 0", f_.measure = 0);
	CREATE_FAILS(GOC_EINVAL, "measure", "measure 12", f_.measure = 12);
	CREATE_FAILS(GOC_EINVAL, "scope", "scope 0", f_.scope = 0);
	CREATE_FAILS(GOC_EINVAL, "scope", "scope 5", f_.scope = 5);
	CREATE_FAILS(GOC_EINVAL, "window", "window 0", f_.window = 0);
	CREATE_FAILS(GOC_EINVAL, "window", "window 4", f_.window = 4);
	CREATE_FAILS(GOC_EINVAL, "direction", "direction 3", f_.direction = 3);
	CREATE_FAILS(GOC_EINVAL, "stage", "stage 99", f_.measure = GOC_MEASURE_ORGS_ENTERED;
	             f_.stage = 99);
	CREATE_FAILS(GOC_EINVAL, "category", "category 99", f_.measure = GOC_MEASURE_ORGS_ENTERED;
	             f_.category = 99);
	CREATE_FAILS(GOC_EINVAL, "origin", "origin 9", f_.measure = GOC_MEASURE_ORGS_ENTERED;
	             f_.origin = 9);
	CREATE_FAILS(GOC_EINVAL, "event_kind", "event kind 9", f_.measure = GOC_MEASURE_EVENTS;
	             f_.event_kind = 9);
	CREATE_FAILS(GOC_EINVAL, "international", "international 7",
	             f_.measure = GOC_MEASURE_EVENTS; f_.international = 7);

	/* Filters that do not apply to the measure. */
	CREATE_FAILS(GOC_EINVAL, "event_kind", "event kind on partners",
	             f_.event_kind = GOC_EVENT_PROMOTION);
	CREATE_FAILS(GOC_EINVAL, "category", "category on partners",
	             f_.category = GOC_CATEGORY_TRADE);
	CREATE_FAILS(GOC_EINVAL, "origin", "origin on experts", f_.measure = GOC_MEASURE_EXPERTS;
	             f_.origin = GOC_ORIGIN_LOCAL);
	CREATE_FAILS(GOC_EINVAL, "stage", "stage on hq", f_.measure = GOC_MEASURE_HQ;
	             f_.stage = GOC_STAGE_OPERATING);
	CREATE_FAILS(GOC_EINVAL, "international", "international on orgs_entered",
	             f_.measure = GOC_MEASURE_ORGS_ENTERED; f_.international = GOC_YES);
	CREATE_FAILS(GOC_EINVAL, "large", "large on partners", f_.large = GOC_NO);
	CREATE_FAILS(GOC_EINVAL, "days", "days on events", f_.measure = GOC_MEASURE_EVENTS;
	             f_.days = 10);
	CREATE_FAILS(GOC_EINVAL, "event_kind", "event kind on manual",
	             f_.measure = GOC_MEASURE_MANUAL; f_.event_kind = GOC_EVENT_FORUM);

	/* A zone measure without zone scope. */
	CREATE_FAILS(GOC_EINVAL, "scope|measure", "office_space for the plan",
	             f_.measure = GOC_MEASURE_OFFICE_SPACE);
	CREATE_FAILS(GOC_EINVAL, "scope|measure", "contact per unit",
	             f_.measure = GOC_MEASURE_CONTACT; f_.scope = GOC_SCOPE_UNIT;
	             f_.members = "commerce");
	/* Members on a plan scope; none on a unit scope. */
	CREATE_FAILS(GOC_EINVAL, "members", "members on a plan scope", f_.members = "commerce");
	CREATE_FAILS(GOC_EINVAL, "members", "unit scope without members",
	             f_.scope = GOC_SCOPE_UNIT);
	CREATE_FAILS(GOC_EINVAL, "members", "unit scope with \"\"", f_.scope = GOC_SCOPE_UNIT;
	             f_.members = "");
	/* Dates. */
	CREATE_FAILS(GOC_EINVAL, "start", "bad start", f_.start = "2024-02-30");
	CREATE_FAILS(GOC_EINVAL, "end", "bad end", f_.end = "2025/12/31");
	CREATE_FAILS(GOC_EINVAL, "end|start", "end before start", f_.start = "2025-01-01";
	             f_.end = "2024-12-31");
	CREATE_FAILS(GOC_EINVAL, "end|start", "end before the plan's start", f_.end = "2023-12-31");
	CREATE_FAILS(GOC_EINVAL, "baseline_date", "cumulative without baseline date",
	             f_.window = GOC_WINDOW_CUMULATIVE; f_.baseline = 3);
	CREATE_FAILS(GOC_EINVAL, "baseline_date", "bad baseline date",
	             f_.window = GOC_WINDOW_CUMULATIVE; f_.baseline_date = "2023-13-31");
	/* Targets, weights, thresholds. */
	CREATE_FAILS(GOC_EINVAL, "target_min|target_max", "min > max", f_.target_min = 5;
	             f_.target_max = 3);
	CREATE_FAILS(GOC_EINVAL, "weight", "negative weight", f_.weight = -1);
	CREATE_FAILS(GOC_EINVAL, "at_risk", "at_risk 1.5", f_.at_risk = 1.5);
	CREATE_FAILS(GOC_EINVAL, "at_risk", "at_risk -0.1", f_.at_risk = -0.1);

	/* Unknown plan, member or task. */
	CREATE_FAILS(GOC_ENOTFOUND, "plan", "unknown plan", f_.plan = "no-such-plan");
	CREATE_FAILS(GOC_ENOTFOUND, "members", "unknown unit", f_.scope = GOC_SCOPE_UNIT;
	             f_.members = "commerce,nosuchunit");
	CREATE_FAILS(GOC_ENOTFOUND, "members", "unknown zone", f_.measure = GOC_MEASURE_HQ;
	             f_.scope = GOC_SCOPE_ZONE; f_.members = "expo,atlantis");
	CREATE_FAILS(GOC_ENOTFOUND, "members", "unknown zone of a zones scope",
	             f_.measure = GOC_MEASURE_HQ; f_.scope = GOC_SCOPE_ZONES;
	             f_.members = "lujiazui,atlantis");
	CREATE_FAILS(GOC_ENOTFOUND, "tasks", "unknown task", f_.tasks = "i1,i99");

	/* The code is taken in the plan. */
	CREATE_FAILS(GOC_EEXISTS, "code", "built-in code", f_.code = "new-orgs");

	/* Nothing was created. */
	ck_assert_int_eq(kpi_count(), n);
}
END_TEST

/* ---- lists as items (goc_kpi_member_at(), goc_kpi_task_at(),
 * goc_kpi_row_member_at()) ---- */

/* The items a count/at pair gives, joined by commas ("" for none); also
 * checks that the indexes out of range give NULL. */
#define ITEMS(buf, count_fn, at_fn, rec)                                        \
	do {                                                                    \
		int n_ = count_fn(rec);                                         \
		(buf)[0] = '\0';                                                \
		for (int i_ = 0; i_ < n_; i_++) {                               \
			ck_assert_ptr_nonnull(at_fn(rec, i_));                  \
			if (i_)                                                 \
				strcat(buf, ",");                               \
			strcat(buf, at_fn(rec, i_));                            \
		}                                                               \
		ck_assert_ptr_null(at_fn(rec, n_));                             \
		ck_assert_ptr_null(at_fn(rec, -1));                             \
	} while (0)

/* A table: the KPI, its members and its tasks as items. */
static const struct {
	const char *kpi, *members, *tasks;
} list_cases[] = {
	{ "orgs-total", "", "i1" },
	{ "large-events", "", "i19,i21" },
	{ "zone-quotas", "expo,lujiazui,zhangjiang,jinqiao,ftz", "i1" },
	{ "target-lists", "commerce,scitech,financial,justice,bureaus", "i2" },
	{ "hq-expo-lujiazui", "expo,lujiazui", "i13" },
	{ "req-days", "commerce,scitech", "i7" },
	{ "manual-sat", "", "" },
};

START_TEST(test_lists_as_items)
{
	const char *code = list_cases[_i].kpi;
	char buf[256];
	goc_kpi *k = NULL;

	/* a record of goc_kpi_get() (a copy) */
	must(goc_kpi_get(&k, db, PUDONG, code), code);
	ITEMS(buf, goc_kpi_member_count, goc_kpi_member_at, k);
	ck_assert_str_eq(buf, list_cases[_i].members);
	ITEMS(buf, goc_kpi_task_count, goc_kpi_task_at, k);
	ck_assert_str_eq(buf, list_cases[_i].tasks);
	goc_kpi_free(k);

	/* the same KPI at a cursor's row (borrowed from the statement) */
	goc_cursor *cur = NULL;
	int found = 0;
	must(goc_kpi_list(&cur, db, PUDONG), "list");
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_kpi *c = goc_cursor_kpi(cur);
		if (strcmp(goc_kpi_code(c), code) != 0)
			continue;
		found = 1;
		ITEMS(buf, goc_kpi_member_count, goc_kpi_member_at, c);
		ck_assert_str_eq(buf, list_cases[_i].members);
		ITEMS(buf, goc_kpi_task_count, goc_kpi_task_at, c);
		ck_assert_str_eq(buf, list_cases[_i].tasks);
	}
	goc_cursor_free(cur);
	ck_assert_int_eq(found, 1);
	series_months();
}
END_TEST

/* Each evaluated row's members: none for plan, its one member for zone and
 * unit, the zones of a `zones` KPI (hq-expo-lujiazui). */
START_TEST(test_row_members_as_items)
{
	goc_cursor *cur = NULL;
	char buf[256];
	int zones_rows = 0;

	must(goc_kpi_evaluate(&cur, db, PUDONG, NULL, "2025-06-30"), "evaluate");
	while (goc_cursor_next(cur) == GOC_ROW) {
		const goc_kpi_row *r = goc_cursor_kpi_row(cur);
		ITEMS(buf, goc_kpi_row_member_count, goc_kpi_row_member_at, r);
		ck_assert_str_eq(buf, goc_kpi_row_member(r) ? goc_kpi_row_member(r) : "");
		if (strcmp(goc_kpi_row_kpi(r), "hq-expo-lujiazui") == 0) {
			zones_rows++;
			ck_assert_int_eq(goc_kpi_row_member_count(r), 2);
			ck_assert_str_eq(goc_kpi_row_member_at(r, 1), "lujiazui");
		}
	}
	goc_cursor_free(cur);
	ck_assert_int_eq(zones_rows, 1);
	ck_assert_int_eq(goc_kpi_row_member_count(NULL), 0);
	ck_assert_ptr_null(goc_kpi_row_member_at(NULL, 0));
}
END_TEST

/* A list given with empty items ("a,,b,") is kept as given as text; its
 * items skip the empty ones. */
START_TEST(test_list_empty_items_skipped)
{
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	goc_kpi *k = NULL;
	char buf[256];

	f.plan = PUDONG;
	f.code = "gaps";
	f.name_zh = "空项";
	f.measure = GOC_MEASURE_PARTNERS;
	f.scope = GOC_SCOPE_UNIT;
	f.members = ",commerce,,scitech,";
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 1;
	f.tasks = "i7,,i1";
	must(goc_kpi_create(db, &f), "create");
	must(goc_kpi_get(&k, db, PUDONG, "gaps"), "get");
	ck_assert_str_eq(goc_kpi_members(k), ",commerce,,scitech,");
	ITEMS(buf, goc_kpi_member_count, goc_kpi_member_at, k);
	ck_assert_str_eq(buf, "commerce,scitech");
	ITEMS(buf, goc_kpi_task_count, goc_kpi_task_at, k);
	ck_assert_str_eq(buf, "i7,i1");
	goc_kpi_free(k);
	ck_assert_int_eq(goc_kpi_member_count(NULL), 0);
	ck_assert_ptr_null(goc_kpi_member_at(NULL, 0));
	ck_assert_int_eq(goc_kpi_task_count(NULL), 0);
	ck_assert_ptr_null(goc_kpi_task_at(NULL, 0));
}
END_TEST

START_TEST(test_set_target_errors)
{
	struct got_row g;

	expect_fail(goc_kpi_set_target(db, PUDONG, "new-orgs", NULL, "2024-13-01", 9, GOC_NO_MAX),
	            GOC_EINVAL, NULL, "bad date");
	expect_fail(goc_kpi_set_target(db, PUDONG, "new-orgs", NULL, NULL, 9, GOC_NO_MAX),
	            GOC_EINVAL, NULL, "no date");
	expect_fail(goc_kpi_set_target(db, PUDONG, "regional-hq", NULL, "2025-01-01", 4, 3),
	            GOC_EINVAL, NULL, "min > max");
	expect_fail(goc_kpi_set_target(db, PUDONG, "new-orgs", "expo", "2025-01-01", 9, GOC_NO_MAX),
	            GOC_EINVAL, NULL, "a member on a plan-wide KPI");
	expect_fail(goc_kpi_set_target(db, PUDONG, "zone-quotas", "commerce", "2025-01-01", 2,
	                               GOC_NO_MAX),
	            GOC_EINVAL, NULL, "a unit on a zone KPI");
	expect_fail(goc_kpi_set_target(db, PUDONG, "promotion-events", "zhangjiang", "2025-01-01",
	                               2, GOC_NO_MAX),
	            GOC_EINVAL, NULL, "a zone that is not a member");
	expect_fail(goc_kpi_set_target(db, PUDONG, "think-tank", "justice", "2025-01-01", 2,
	                               GOC_NO_MAX),
	            GOC_EINVAL, NULL, "a unit that is not a member");
	expect_fail(goc_kpi_set_target(db, "no-such-plan", "new-orgs", NULL, "2025-01-01", 9,
	                               GOC_NO_MAX),
	            GOC_ENOTFOUND, NULL, "unknown plan");
	expect_fail(goc_kpi_set_target(db, PUDONG, "no-such-kpi", NULL, "2025-01-01", 9,
	                               GOC_NO_MAX),
	            GOC_ENOTFOUND, NULL, "unknown KPI");
	expect_fail(goc_kpi_set_target(db, NULL, "new-orgs", NULL, "2025-01-01", 9, GOC_NO_MAX),
	            GOC_EINVAL, NULL, "NULL plan");
	expect_fail(goc_kpi_set_target(db, PUDONG, NULL, NULL, "2025-01-01", 9, GOC_NO_MAX),
	            GOC_EINVAL, NULL, "NULL KPI");

	/* None of it changed anything: new-orgs still needs 8. */
	g = eval_one("new-orgs", NULL, "2025-12-31");
	ASSERT_NEAR(g.min, 8);
	g = eval_one("regional-hq", NULL, "2025-12-31");
	ASSERT_NEAR(g.min, 2);
}
END_TEST

START_TEST(test_evaluate_errors)
{
	static const char *const bad_dates[] = { "2024-02-30", "2024-6-30", "", "yesterday",
		                                 "2024-06-30T00:00" };
	goc_cursor *c = NULL;
	size_t i;

	for (i = 0; i < N_ELEMS(bad_dates); i++) {
		expect_fail(goc_kpi_evaluate(&c, db, PUDONG, NULL, bad_dates[i]), GOC_EINVAL, NULL,
		            bad_dates[i]);
	}
	expect_fail(goc_kpi_evaluate(&c, db, PUDONG, "no-such-kpi", "2024-06-30"), GOC_ENOTFOUND,
	            NULL, "unknown KPI");
	expect_fail(goc_kpi_evaluate(&c, db, "no-such-plan", NULL, "2024-06-30"), GOC_ENOTFOUND,
	            NULL, "unknown plan");
	expect_fail(goc_kpi_evaluate(NULL, db, PUDONG, NULL, "2024-06-30"), GOC_EINVAL, NULL,
	            "NULL out");
	expect_fail(goc_kpi_evaluate(&c, db, NULL, NULL, "2024-06-30"), GOC_EINVAL, NULL,
	            "NULL plan");
	expect_fail(goc_kpi_evaluate(&c, db, PUDONG, NULL, NULL), GOC_EINVAL, NULL, "NULL date");
}
END_TEST

/* The rows a unit answers for (goc_kpi_evaluate_unit()): the whole
 * evaluation's rows, kept by scope and member, in the same order. */
static int unit_rows(const char *unit, const char *as_of, char rows[][96], int max)
{
	goc_cursor *c = NULL;
	int n = 0, rc;

	must(goc_kpi_evaluate_unit(&c, db, PUDONG, unit, as_of), unit);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_kpi_row *r = goc_cursor_kpi_row(c);
		ck_assert_int_lt(n, max);
		ck_assert_ptr_nonnull(goc_kpi_row_member(r));
		snprintf(rows[n++], 96, "%s|%s|%d", goc_kpi_row_kpi(r), goc_kpi_row_member(r),
		         goc_kpi_row_year(r));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	return n;
}

static int has_row(char rows[][96], int n, const char *kpi, const char *member)
{
	char prefix[96];
	int len = snprintf(prefix, sizeof prefix, "%s|%s|", kpi, member);
	for (int i = 0; i < n; i++)
		if (strncmp(rows[i], prefix, (size_t)len) == 0)
			return 1;
	return 0;
}

START_TEST(test_evaluate_unit)
{
	static char rows[400][96], all[400][96];
	goc_cursor *c = NULL;
	goc_kpi *k = NULL;
	int n, m = 0, rc;

	/* lujiazui-bureau administers the zone lujiazui (zones.bureau) */
	n = unit_rows("lujiazui-bureau", "2024-12-31", rows, 400);
	/* a unit-scoped row: the group "bureaus" expanded */
	ck_assert_msg(has_row(rows, n, "target-lists", "lujiazui-bureau"), "unit row");
	/* a zone row of its own zone, and the zones row that includes it */
	ck_assert_msg(has_row(rows, n, "zone-quotas", "lujiazui"), "zone row of its zone");
	ck_assert_msg(has_row(rows, n, "hq-expo-lujiazui", "expo,lujiazui"), "zones row with its zone");
	/* another bureau's zone, another unit's rows: absent */
	ck_assert_msg(!has_row(rows, n, "zone-quotas", "expo"), "expo is expo-bureau's");
	ck_assert_msg(!has_row(rows, n, "target-lists", "commerce"), "commerce's row");

	/* Cross-check: the evaluation's rows, kept by the documented rule
	 * (plan rows never), in the same order. */
	must(goc_kpi_evaluate(&c, db, PUDONG, NULL, "2024-12-31"), "evaluate");
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_kpi_row *r = goc_cursor_kpi_row(c);
		const char *mb = goc_kpi_row_member(r);
		int keep = 0;
		if (!k || strcmp(goc_kpi_code(k), goc_kpi_row_kpi(r)) != 0) {
			goc_kpi_free(k);
			must(goc_kpi_get(&k, db, PUDONG, goc_kpi_row_kpi(r)), goc_kpi_row_kpi(r));
		}
		if (goc_kpi_scope(k) == GOC_SCOPE_UNIT)
			keep = strcmp(mb, "lujiazui-bureau") == 0;
		else if (goc_kpi_scope(k) == GOC_SCOPE_ZONE)
			keep = strcmp(mb, "lujiazui") == 0;
		else if (goc_kpi_scope(k) == GOC_SCOPE_ZONES)
			for (int i = 0; i < goc_kpi_row_member_count(r); i++)
				keep |= strcmp(goc_kpi_row_member_at(r, i), "lujiazui") == 0;
		if (keep) {
			ck_assert_int_lt(m, 400);
			snprintf(all[m++], 96, "%s|%s|%d", goc_kpi_row_kpi(r), mb,
			         goc_kpi_row_year(r));
		}
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_kpi_free(k);
	goc_cursor_free(c);
	ck_assert_int_eq(n, m);
	for (int i = 0; i < n; i++)
		ck_assert_str_eq(rows[i], all[i]);

	/* a unit that administers no zone: its unit-scoped rows only */
	n = unit_rows("commerce", "2024-12-31", rows, 400);
	ck_assert_int_gt(n, 0);
	ck_assert_msg(has_row(rows, n, "target-lists", "commerce"), "commerce's unit row");
	for (int i = 0; i < n; i++)
		ck_assert_msg(strstr(rows[i], "|commerce|") != NULL, "%s", rows[i]);
}
END_TEST

START_TEST(test_evaluate_unit_errors)
{
	static const char *const bad_dates[] = { "2024-02-30", "2024-6-30", "", "yesterday" };
	goc_cursor *c = NULL;
	size_t i;

	for (i = 0; i < N_ELEMS(bad_dates); i++) {
		expect_fail(goc_kpi_evaluate_unit(&c, db, PUDONG, "commerce", bad_dates[i]),
		            GOC_EINVAL, "as_of", bad_dates[i]);
		ck_assert_ptr_null(c);
	}
	expect_fail(goc_kpi_evaluate_unit(&c, db, PUDONG, "no-such-unit", "2024-06-30"),
	            GOC_ENOTFOUND, "unit", "unknown unit");
	/* a zone's code is not a unit's */
	expect_fail(goc_kpi_evaluate_unit(&c, db, PUDONG, "lujiazui", "2024-06-30"),
	            GOC_ENOTFOUND, "unit", "a zone for a unit");
	expect_fail(goc_kpi_evaluate_unit(&c, db, PUDONG, "Bad Code", "2024-06-30"), GOC_EINVAL,
	            "unit", "malformed unit");
	expect_fail(goc_kpi_evaluate_unit(&c, db, "no-such-plan", "commerce", "2024-06-30"),
	            GOC_ENOTFOUND, "plan", "unknown plan");
	expect_fail(goc_kpi_evaluate_unit(NULL, db, PUDONG, "commerce", "2024-06-30"), GOC_EINVAL,
	            "out", "NULL out");
	expect_fail(goc_kpi_evaluate_unit(&c, NULL, PUDONG, "commerce", "2024-06-30"), GOC_EINVAL,
	            NULL, "NULL db");
	expect_fail(goc_kpi_evaluate_unit(&c, db, NULL, "commerce", "2024-06-30"), GOC_EINVAL,
	            "plan", "NULL plan");
	expect_fail(goc_kpi_evaluate_unit(&c, db, PUDONG, NULL, "2024-06-30"), GOC_EINVAL, "unit",
	            "NULL unit");
	expect_fail(goc_kpi_evaluate_unit(&c, db, PUDONG, "commerce", NULL), GOC_EINVAL, "as_of",
	            "NULL date");
	/* a unit of no KPI: an empty cursor */
	must(goc_kpi_evaluate_unit(&c, db, PUDONG, "justice", "2024-06-30"), "justice");
	goc_cursor_free(c);
}
END_TEST

START_TEST(test_scorecard_errors)
{
	static const int bad_by[] = { 0, 5, -1, 100 };
	goc_cursor *c = NULL;
	size_t i;

	for (i = 0; i < N_ELEMS(bad_by); i++) {
		char what[32];
		snprintf(what, sizeof what, "by %d", bad_by[i]);
		expect_fail(goc_scorecard(&c, db, PUDONG, "2024-06-30", bad_by[i]), GOC_EINVAL, NULL,
		            what);
	}
	expect_fail(goc_scorecard(&c, db, PUDONG, "2024-02-30", GOC_BY_PLAN), GOC_EINVAL, NULL,
	            "bad date");
	expect_fail(goc_scorecard(&c, db, "no-such-plan", "2024-06-30", GOC_BY_PLAN),
	            GOC_ENOTFOUND, NULL, "unknown plan");
	expect_fail(goc_scorecard(NULL, db, PUDONG, "2024-06-30", GOC_BY_PLAN), GOC_EINVAL, NULL,
	            "NULL out");
	expect_fail(goc_scorecard(&c, db, NULL, "2024-06-30", GOC_BY_PLAN), GOC_EINVAL, NULL,
	            "NULL plan");
	expect_fail(goc_scorecard(&c, db, PUDONG, NULL, GOC_BY_PLAN), GOC_EINVAL, NULL,
	            "NULL date");
}
END_TEST

/* A manual KPI per zone or per unit takes a value per member only: none
 * names the kind of member it needs, one outside the KPI is refused. */
START_TEST(test_measurement_members)
{
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "m-zone";
	f.name_zh = "集聚区满意度";
	f.measure = GOC_MEASURE_MANUAL;
	f.scope = GOC_SCOPE_ZONE;
	f.members = "expo,lujiazui";
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 80;
	must(goc_kpi_create(db, &f), "m-zone");
	f.code = "m-unit";
	f.scope = GOC_SCOPE_UNIT;
	f.members = "commerce";
	must(goc_kpi_create(db, &f), "m-unit");
	expect_fail(goc_measurement_record(db, PUDONG, "m-zone", NULL, "2024-06-30", 90, NULL),
	            GOC_EINVAL, "scope: required: KPI 'm-zone' has one row per zone", "no zone");
	expect_fail(goc_measurement_record(db, PUDONG, "m-unit", "", "2024-06-30", 90, NULL),
	            GOC_EINVAL, "scope: required: KPI 'm-unit' has one row per unit", "no unit");
	expect_fail(goc_measurement_record(db, PUDONG, "m-zone", "zhangjiang", "2024-06-30", 90,
	                                   NULL),
	            GOC_EINVAL, "scope: 'zhangjiang' is not a member of KPI 'm-zone'", "other zone");
	expect_fail(goc_measurement_record(db, PUDONG, "m-unit", "expo", "2024-06-30", 90, NULL),
	            GOC_ENOTFOUND, "scope", "a zone for a unit");
	must(goc_measurement_record(db, PUDONG, "m-zone", "expo", "2024-06-30", 90, NULL), "expo");
	must(goc_measurement_record(db, PUDONG, "m-unit", "commerce", "2024-06-30", 85, NULL),
	     "commerce");
	struct got_row g = eval_one("m-zone", "expo", "2024-06-30");
	ASSERT_NEAR(g.actual, 90);
	g = eval_one("m-unit", "commerce", "2024-06-30");
	ASSERT_NEAR(g.actual, 85);
	series_months();
}
END_TEST

static void kpi_with(const char *code, int measure, int scope, const char *members,
                     void (*more)(goc_kpi_fields *));
static void within_10(goc_kpi_fields *f);

/* International and large stored as "no" read back as GOC_NO; a
 * lower-is-better KPI takes no maximum in a later target either. */
START_TEST(test_tristates_and_lower_target)
{
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "local-small";
	f.name_zh = "本地小型活动";
	f.measure = GOC_MEASURE_EVENTS;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_ANNUAL;
	f.international = GOC_NO;
	f.large = GOC_NO;
	f.target_min = 3;
	must(goc_kpi_create(db, &f), "local-small");
	goc_kpi *k = NULL;
	must(goc_kpi_get(&k, db, PUDONG, "local-small"), "get");
	ck_assert_int_eq(goc_kpi_international(k), GOC_NO);
	ck_assert_int_eq(goc_kpi_large(k), GOC_NO);
	goc_kpi_free(k);
	f = (goc_kpi_fields)GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "days-lower";
	f.name_zh = "诉求办结天数";
	f.measure = GOC_MEASURE_REQUEST_DAYS;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 20;
	must(goc_kpi_create(db, &f), "days-lower");
	expect_fail(goc_kpi_set_target(db, PUDONG, "days-lower", NULL, "2025-01-01", 15, 30),
	            GOC_EINVAL, "target_max: a lower-is-better target has no maximum", "max");
	must(goc_kpi_set_target(db, PUDONG, "days-lower", NULL, "2025-01-01", 15, GOC_NO_MAX),
	     "no max");
	/* a share of requests with no request resolved yet has not started,
	 * whichever way it points */
	kpi_with("within-none", GOC_MEASURE_REQUEST_WITHIN, GOC_SCOPE_PLAN, NULL, within_10);
	struct got_row g = eval_one("within-none", NULL, "2024-06-30");
	ck_assert_int_eq(g.status, GOC_STATUS_NOT_STARTED);
	ASSERT_NEAR(g.actual, 0);
	g = eval_one("days-lower", NULL, "2024-06-30");
	ck_assert_int_eq(g.status, GOC_STATUS_NOT_STARTED);
	series_months();
}
END_TEST

/* A KPI over the plan-wide window (2024–2025) with the given measure,
 * scope and members; filters through `more`. */
static void kpi_with(const char *code, int measure, int scope, const char *members,
                     void (*more)(goc_kpi_fields *))
{
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = code;
	f.name_zh = code;
	f.measure = measure;
	f.scope = scope;
	f.members = members;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 1;
	if (more)
		more(&f);
	must(goc_kpi_create(db, &f), code);
}

static void local_only(goc_kpi_fields *f) { f->origin = GOC_ORIGIN_LOCAL; }
static void within_10(goc_kpi_fields *f) { f->days = 10; }

static int64_t new_org(const char *name, const char *zone, int origin, const char *landed)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = name;
	f.category = GOC_CATEGORY_TRADE;
	f.origin = origin;
	f.zone = zone;
	f.unit = "commerce";
	f.date = "2024-01-10";
	int64_t id = 0;
	must(goc_org_create(&id, db, &f), name);
	if (landed)
		must(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, landed, "commerce", NULL), name);
	for (int st = GOC_STAGE_CONTACTING; landed && st <= GOC_STAGE_LANDED; st++)
		must(goc_org_set_stage(db, id, st, landed, "commerce", NULL), name);
	return id;
}

/* The measures' less travelled ways: an origin filter, organizations in
 * no zone (a group of their own, counted in the plan's total only),
 * events by organizing unit, requests over a set of zones, and more
 * resolved requests than the first buffer holds (the median of 70). */
START_TEST(test_measure_paths)
{
	int64_t a = new_org("本土落地组织", "expo", GOC_ORIGIN_LOCAL, "2024-03-01");
	new_org("国际落地组织", "expo", GOC_ORIGIN_INTERNATIONAL, "2024-03-02");
	new_org("无集聚区组织", NULL, GOC_ORIGIN_LOCAL, "2024-03-03");
	kpi_with("local-expo", GOC_MEASURE_ORGS_ENTERED, GOC_SCOPE_ZONE, "expo,lujiazui", local_only);
	kpi_with("landed-all", GOC_MEASURE_ORGS_ENTERED, GOC_SCOPE_PLAN, NULL, local_only);
	kpi_with("events-unit", GOC_MEASURE_EVENTS, GOC_SCOPE_UNIT, "commerce,scitech", NULL);
	kpi_with("within-zones", GOC_MEASURE_REQUEST_WITHIN, GOC_SCOPE_ZONES, "expo,lujiazui",
	         within_10);
	kpi_with("days-all", GOC_MEASURE_REQUEST_DAYS, GOC_SCOPE_PLAN, NULL, NULL);
	goc_event_fields ev = GOC_EVENT_FIELDS_INIT;
	ev.title_zh = "商务委论坛";
	ev.date = "2024-05-01";
	ev.kind = GOC_EVENT_FORUM;
	ev.unit = "commerce";
	must(goc_event_create(NULL, db, &ev), "event");
	/* 70 requests of the organization in expo, resolved in 1..70 days */
	for (int i = 0; i < 70; i++) {
		goc_request_fields rf = GOC_REQUEST_FIELDS_INIT;
		int64_t id = 0;
		char opened[11], resolved[11];
		rf.org = a;
		rf.category = GOC_REQUEST_VISA;
		snprintf(opened, sizeof opened, "2024-%02d-01", 1 + i % 6);
		rf.opened = opened;
		rf.unit = "commerce";
		rf.summary = "签证";
		must(goc_request_create(&id, db, &rf), "request");
		/* day i + 1 after the opening: all within the month */
		snprintf(resolved, sizeof resolved, "2024-%02d-%02d", 1 + i % 6, 2 + i % 27);
		must(goc_request_resolve(db, id, resolved, "已办结"), "resolve");
	}
	struct got_row g = eval_one("local-expo", "expo", "2025-12-31");
	ASSERT_NEAR(g.actual, 1);
	g = eval_one("landed-all", NULL, "2025-12-31");
	ASSERT_NEAR(g.actual, 2); /* the local one in expo and the one in no zone */
	g = eval_one("events-unit", "commerce", "2025-12-31");
	ASSERT_NEAR(g.actual, 1);
	g = eval_one("events-unit", "scitech", "2025-12-31");
	ASSERT_NEAR(g.actual, 0);
	g = eval_one("within-zones", "expo,lujiazui", "2025-12-31");
	ASSERT_NEAR(g.actual, 100.0 * 30 / 70); /* resolved in 1..27 days: 1..10 is 3 x 10 of 70 */
	g = eval_one("days-all", NULL, "2025-12-31");
	ASSERT_NEAR(g.actual, 12); /* the median of 70: the 35th and 36th, 12 and 12 */
	series_months();
}
END_TEST

/* The rows of a scorecard: how many, and the key of the last (the total). */
static int score_rows(int by, int *status_sum)
{
	goc_cursor *c = NULL;
	int n = 0, rc;
	*status_sum = 0;
	must(goc_scorecard(&c, db, PUDONG, "2024-12-31", by), "scorecard");
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_score *s = goc_cursor_score(c);
		*status_sum += goc_score_status(s);
		ck_assert_int_eq(goc_score_count(s, -1), 0);
		ck_assert_int_eq(goc_score_count(s, 8), 0);
		n++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	return n;
}

/* A scorecard by KPI with more rows than its first block (32), and the
 * scorecards of a plan whose KPIs are all deleted: a row per section,
 * zone or unit, none with a status, and the total. */
START_TEST(test_scorecard_sizes)
{
	ck_assert_int_eq(goc_score_count(NULL, 1), 0);
	int n0 = kpi_count(), sum = 0;
	char code[32];
	for (int i = 0; i < 40 - n0; i++) {
		snprintf(code, sizeof code, "extra-%02d", i);
		kpi_with(code, GOC_MEASURE_MANUAL, GOC_SCOPE_PLAN, NULL, NULL);
	}
	ck_assert_int_eq(kpi_count(), 40);
	ck_assert_int_eq(score_rows(GOC_BY_PLAN, &sum), 41);
	ck_assert_int_gt(sum, 0);
	int sections = score_rows(GOC_BY_SECTION, &sum);
	ck_assert_int_gt(sections, 1);
	/* every KPI deleted */
	goc_cursor *c = NULL;
	char codes[64][64];
	int n = 0, rc;
	must(goc_kpi_list(&c, db, PUDONG), "list");
	while ((rc = goc_cursor_next(c)) == GOC_ROW && n < 64)
		snprintf(codes[n++], sizeof codes[0], "%s", goc_kpi_code(goc_cursor_kpi(c)));
	goc_cursor_free(c);
	for (int i = 0; i < n; i++)
		must(goc_kpi_delete(db, PUDONG, codes[i]), codes[i]);
	ck_assert_int_eq(kpi_count(), 0);
	ck_assert_int_eq(score_rows(GOC_BY_PLAN, &sum), 1);
	ck_assert_int_eq(sum, 0);
	ck_assert_int_eq(score_rows(GOC_BY_SECTION, &sum), sections);
	ck_assert_int_eq(sum, 0);
	ck_assert_int_gt(score_rows(GOC_BY_ZONE, &sum), 1);
	ck_assert_int_eq(sum, 0);
}
END_TEST

static void from_2025(goc_kpi_fields *f) { f->start = "2025-01-01"; }
static void at_most_2(goc_kpi_fields *f) { f->target_max = 2; }

/* A unit whose KPIs are one not started and one exceeded is on track,
 * not "not started". */
START_TEST(test_rollup_not_started_and_exceeded)
{
	must(tu_unit_add(db, "fresh", "新单位", GOC_UNIT_DEPARTMENT), "unit");
	kpi_with("j-later", GOC_MEASURE_MANUAL, GOC_SCOPE_UNIT, "fresh", from_2025);
	kpi_with("j-over", GOC_MEASURE_MANUAL, GOC_SCOPE_UNIT, "fresh", at_most_2);
	must(goc_measurement_record(db, PUDONG, "j-over", "fresh", "2024-06-30", 5, NULL), "5");
	ck_assert_int_eq(eval_one("j-later", "fresh", "2024-12-31").status,
	                 GOC_STATUS_NOT_STARTED);
	ck_assert_int_eq(eval_one("j-over", "fresh", "2024-12-31").status, GOC_STATUS_EXCEEDED);
	goc_cursor *c = NULL;
	int rc, found = 0;
	must(goc_scorecard(&c, db, PUDONG, "2024-12-31", GOC_BY_UNIT), "by unit");
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_score *sc = goc_cursor_score(c);
		if (!goc_score_key(sc) || strcmp(goc_score_key(sc), "fresh") != 0)
			continue;
		found++;
		ck_assert_int_eq(goc_score_count(sc, GOC_STATUS_NOT_STARTED), 1);
		ck_assert_int_eq(goc_score_count(sc, GOC_STATUS_EXCEEDED), 1);
		ck_assert_int_eq(goc_score_status(sc), GOC_STATUS_ON_TRACK);
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	ck_assert_int_eq(found, 1);
}
END_TEST

/* Partners of 40 units: the counts grouped by unit outgrow their first
 * block (32 groups); each unit's row counts its own. */
START_TEST(test_grouped_many_units)
{
	goc_cursor *c = NULL;
	char codes[40][64];
	int n = 0, rc;
	must(goc_unit_list(&c, db, 0), "units");
	while (n < 40 && (rc = goc_cursor_next(c)) == GOC_ROW)
		snprintf(codes[n++], sizeof codes[0], "%s", goc_unit_code(goc_cursor_unit(c)));
	goc_cursor_free(c);
	for (; n < 40; n++) {
		goc_unit_fields uf = GOC_UNIT_FIELDS_INIT;
		snprintf(codes[n], sizeof codes[0], "extra-unit-%02d", n);
		uf.code = codes[n];
		uf.name_zh = codes[n];
		uf.kind = GOC_UNIT_DEPARTMENT;
		must(goc_unit_create(db, &uf), codes[n]);
	}
	for (int i = 0; i < 40; i++) {
		goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
		char name[32];
		snprintf(name, sizeof name, "伙伴%02d", i);
		f.name_zh = name;
		f.kind = GOC_PARTNER_CHAMBER;
		f.unit = codes[i];
		f.date = "2024-04-01";
		must(goc_partner_create(NULL, db, &f), name);
	}
	char members[128];
	snprintf(members, sizeof members, "%s,%s", codes[0], codes[39]);
	kpi_with("partners-by-unit", GOC_MEASURE_PARTNERS, GOC_SCOPE_UNIT, members, NULL);
	struct got_row g = eval_one("partners-by-unit", codes[0], "2024-12-31");
	ASSERT_NEAR(g.actual, 1);
	g = eval_one("partners-by-unit", codes[39], "2024-12-31");
	ASSERT_NEAR(g.actual, 1);
	series_months();
}
END_TEST

/* The text names of the enumerations, both ways. */
START_TEST(test_enum_names)
{
	static const struct {
		const char *(*str)(int);
		int (*parse)(int *, const char *);
		const char *const names[8];
	} enums[] = {
		{ goc_measure_str, goc_measure_parse,
		  { "orgs_entered", "hq", "orgs_listed", "partners", "experts", "events",
		    "request_days", NULL } },
		{ goc_scope_str, goc_scope_parse, { "plan", "zone", "unit", "zones", NULL } },
		{ goc_window_str, goc_window_parse, { "period", "annual", "cumulative", NULL } },
		{ goc_direction_str, goc_direction_parse, { "higher", "lower", NULL } },
		{ goc_kpi_status_str, goc_kpi_status_parse,
		  { "not_started", "on_track", "at_risk", "behind", "met", "exceeded", "missed",
		    NULL } },
		{ goc_score_by_str, goc_score_by_parse, { "plan", "section", "zone", "unit", NULL } },
	};
	static const char *const more_measures[] = { "request_within", "office_space", "contact",
		                                     "manual" };
	size_t e, i;
	int v;

	for (e = 0; e < N_ELEMS(enums); e++) {
		for (i = 0; enums[e].names[i] != NULL; i++) {
			ck_assert_pstr_eq(enums[e].str((int)i + 1), enums[e].names[i]);
			v = 0;
			ck_assert_int_eq(enums[e].parse(&v, enums[e].names[i]), GOC_OK);
			ck_assert_int_eq(v, (int)i + 1);
		}
		if (e != 0)
			ck_assert_ptr_null(enums[e].str((int)i + 1));
		ck_assert_ptr_null(enums[e].str(0));
		ck_assert_int_eq(enums[e].parse(&v, "no-such-name"), GOC_EINVAL);
		ck_assert_int_eq(enums[e].parse(&v, NULL), GOC_EINVAL);
	}
	for (i = 0; i < N_ELEMS(more_measures); i++) {
		ck_assert_pstr_eq(goc_measure_str((int)i + 8), more_measures[i]);
		ck_assert_int_eq(goc_measure_parse(&v, more_measures[i]), GOC_OK);
		ck_assert_int_eq(v, (int)i + 8);
	}
	ck_assert_ptr_null(goc_measure_str(12));
}
END_TEST


/* goc_score_met() and goc_score_worst_row(), by plan, checked against the
 * KPI rows of goc_kpi_evaluate() with the documented order of severity. */
static int test_severity(int status)
{
	static const int order[] = { 0, 3, 4, 5, 6, 2, 1, 7 }; /* by goc_kpi_status value */
	return order[status];
}

START_TEST(test_score_met_and_worst)
{
	const char *as_of = fx_dates[_i];
	goc_cursor *sc = NULL;
	must(goc_scorecard(&sc, db, PUDONG, as_of, GOC_BY_PLAN), "scorecard");
	int rc, kpis = 0;
	while ((rc = goc_cursor_next(sc)) == GOC_ROW) {
		const goc_score *s = goc_cursor_score(sc);
		const char *key = goc_score_key(s);
		goc_cursor *ev = NULL;
		must(goc_kpi_evaluate(&ev, db, PUDONG, key, as_of), "evaluate");
		int n = 0, met = 0;
		const goc_kpi_row *w = goc_score_worst_row(s);
		double worst_att = 0;
		int worst_sev = -1;
		while ((rc = goc_cursor_next(ev)) == GOC_ROW) {
			const goc_kpi_row *r = goc_cursor_kpi_row(ev);
			int st = goc_kpi_row_status(r);
			n++;
			met += st == GOC_STATUS_MET || st == GOC_STATUS_EXCEEDED;
			if (test_severity(st) > worst_sev ||
			    (test_severity(st) == worst_sev && goc_kpi_row_attainment(r) < worst_att)) {
				worst_sev = test_severity(st);
				worst_att = goc_kpi_row_attainment(r);
			}
		}
		ck_assert_int_eq(rc, GOC_DONE);
		goc_cursor_free(ev);
		if (!key) {
			ck_assert_int_eq(goc_score_met(s), goc_score_count(s, GOC_STATUS_MET) +
			                                   goc_score_count(s, GOC_STATUS_EXCEEDED));
			ck_assert_ptr_nonnull(w);
			continue;
		}
		kpis++;
		ck_assert_int_eq(goc_score_count(s, 0), n);
		ck_assert_int_eq(goc_score_met(s), met);
		if (n == 0) {
			ck_assert_ptr_null(w);
			continue;
		}
		ck_assert_ptr_nonnull(w);
		ck_assert_str_eq(goc_kpi_row_kpi(w), key);
		ck_assert_int_eq(test_severity(goc_kpi_row_status(w)), worst_sev);
		ck_assert_double_eq(goc_kpi_row_attainment(w), worst_att);
		ck_assert_int_eq(goc_score_status(s) == goc_kpi_row_status(w) ||
		                 goc_score_status(s) == GOC_STATUS_ON_TRACK, 1);
	}
	ck_assert_int_eq(rc, GOC_DONE);
	ck_assert_int_gt(kpis, 0);
	goc_cursor_free(sc);
	ck_assert_int_eq(goc_score_met(NULL), 0);
	ck_assert_ptr_null(goc_score_worst_row(NULL));
}
END_TEST

/* goc_demo_load() goes into an empty database only, and goc_demo_only()
 * tells demonstration data from real data (issue 17: `goc demo` in a
 * folder with a real goc.db printed its numbers as "demonstration data"). */
START_TEST(test_demo_only)
{
	goc_db *d = NULL;
	int demo = -1;
	must(goc_db_open(&d, ":memory:"), "open");
	must(goc_demo_only(d, &demo), "demo_only, empty");
	ck_assert_int_eq(demo, 0);
	must(goc_demo_load(d, 0), "demo_load");
	must(goc_demo_only(d, &demo), "demo_only, demo");
	ck_assert_int_eq(demo, 1);
	ck_assert_int_eq(goc_demo_load(d, 0), GOC_EEXISTS);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "already holds 78 organizations and 1 plans"));
	must(goc_demo_only(d, &demo), "demo_only, after the refused load");
	ck_assert_int_eq(demo, 1); /* a refusal writes nothing */

	/* any write after the demonstration makes it real data */
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	int64_t id = 0;
	f.name_zh = "真实的组织";
	f.category = GOC_CATEGORY_OTHER;
	f.date = "2025-07-01";
	must(goc_org_create(&id, d, &f), "org_create");
	must(goc_demo_only(d, &demo), "demo_only, real data");
	ck_assert_int_eq(demo, 0);

	demo = -1;
	ck_assert_int_eq(goc_demo_only(d, NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_demo_only(NULL, &demo), GOC_EINVAL);
	ck_assert_int_eq(demo, 0);
	goc_db_close(d);

	/* a plan without organizations is not empty either */
	must(goc_db_open(&d, ":memory:"), "open");
	must(goc_plan_load(d, PUDONG), "plan_load");
	ck_assert_int_eq(goc_demo_load(d, 0), GOC_EEXISTS);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "0 organizations and 1 plans"));
	must(goc_demo_only(d, &demo), "demo_only, plan");
	ck_assert_int_eq(demo, 0);
	goc_db_close(d);
}
END_TEST


/* ------------------------------------------------------------------------
 * Series (issue 17): one pass over the history gives, row for row, what
 * separate evaluations and scorecards at each date give.
 * ---------------------------------------------------------------------- */

static void same_str(const char *a, const char *b, const char *what, const char *date, size_t i)
{
	ck_assert_msg((!a && !b) || (a && b && strcmp(a, b) == 0),
	              "%s on %s, row %zu: series '%s', evaluation '%s'", what, date, i,
	              a ? a : "(null)", b ? b : "(null)");
}

static void same_num(double a, double b, const char *what, const char *date, size_t i,
                     const char *kpi)
{
	ck_assert_msg(a == b, "%s of %s on %s, row %zu: series %.17g, evaluation %.17g", what, kpi,
	              date, i, a, b);
}

/* Compare the series of `o` with an evaluation and the three scorecards at
 * each of its dates; returns the number of KPI rows compared. */
static size_t series_equals_evaluations(goc_db *d, const char *plan, const goc_series_opts *o,
                                        const char *const *dates, size_t n_dates)
{
	goc_cursor *ser = NULL;
	must(goc_kpi_series(&ser, d, plan, o), "kpi_series");
	size_t total = 0;
	for (size_t di = 0; di < n_dates; di++) {
		goc_cursor *ev = NULL;
		must(goc_kpi_evaluate(&ev, d, plan, o->kpi, dates[di]), "evaluate");
		size_t i = 0;
		int rc;
		while ((rc = goc_cursor_next(ev)) == GOC_ROW) {
			const goc_kpi_row *b = goc_cursor_kpi_row(ev);
			if (o->member && !(goc_kpi_row_member(b) &&
			                   (strcmp(goc_kpi_row_member(b), o->member) == 0 ||
			                    (goc_kpi_row_member_count(b) > 1 &&
			                     strstr(goc_kpi_row_member(b), o->member)))))
				continue;
			ck_assert_int_eq(goc_cursor_next(ser), GOC_ROW);
			const goc_kpi_row *a = goc_cursor_kpi_row(ser);
			const char *k = goc_kpi_row_kpi(b);
			same_str(goc_kpi_row_as_of(a), dates[di], "as_of", dates[di], i);
			same_str(goc_kpi_row_as_of(b), dates[di], "evaluation as_of", dates[di], i);
			same_str(goc_kpi_row_kpi(a), k, "kpi", dates[di], i);
			same_str(goc_kpi_row_member(a), goc_kpi_row_member(b), "member", dates[di], i);
			same_str(goc_kpi_row_start(a), goc_kpi_row_start(b), "start", dates[di], i);
			same_str(goc_kpi_row_end(a), goc_kpi_row_end(b), "end", dates[di], i);
			ck_assert_int_eq(goc_kpi_row_year(a), goc_kpi_row_year(b));
			ck_assert_int_eq(goc_kpi_row_member_count(a), goc_kpi_row_member_count(b));
			same_num(goc_kpi_row_actual(a), goc_kpi_row_actual(b), "actual", dates[di], i, k);
			same_num(goc_kpi_row_expected(a), goc_kpi_row_expected(b), "expected", dates[di], i, k);
			same_num(goc_kpi_row_target_min(a), goc_kpi_row_target_min(b), "min", dates[di], i, k);
			same_num(goc_kpi_row_target_max(a), goc_kpi_row_target_max(b), "max", dates[di], i, k);
			same_num(goc_kpi_row_attainment(a), goc_kpi_row_attainment(b), "attainment",
			         dates[di], i, k);
			same_num(goc_kpi_row_score(a), goc_kpi_row_score(b), "score", dates[di], i, k);
			ck_assert_msg(goc_kpi_row_status(a) == goc_kpi_row_status(b),
			              "status of %s on %s row %zu: %s, evaluation %s", k, dates[di], i,
			              goc_kpi_status_str(goc_kpi_row_status(a)),
			              goc_kpi_status_str(goc_kpi_row_status(b)));
			i++;
			total++;
		}
		ck_assert_int_eq(rc, GOC_DONE);
		goc_cursor_free(ev);
	}
	ck_assert_int_eq(goc_cursor_next(ser), GOC_DONE);
	goc_cursor_free(ser);

	/* the scorecard series, by plan, zone and unit */
	static const int bys[] = { GOC_BY_PLAN, GOC_BY_ZONE, GOC_BY_UNIT };
	for (size_t bi = 0; !o->kpi && !o->member && bi < N_ELEMS(bys); bi++) {
		must(goc_score_series(&ser, d, plan, o, bys[bi]), "score_series");
		for (size_t di = 0; di < n_dates; di++) {
			goc_cursor *sc = NULL;
			must(goc_scorecard(&sc, d, plan, dates[di], bys[bi]), "scorecard");
			size_t i = 0;
			while (goc_cursor_next(sc) == GOC_ROW) {
				ck_assert_int_eq(goc_cursor_next(ser), GOC_ROW);
				const goc_score *a = goc_cursor_score(ser), *b = goc_cursor_score(sc);
				const char *key = goc_score_key(b) ? goc_score_key(b) : "(total)";
				same_str(goc_score_as_of(a), dates[di], "score as_of", dates[di], i);
				same_str(goc_score_as_of(b), dates[di], "scorecard as_of", dates[di], i);
				same_str(goc_score_key(a), goc_score_key(b), "key", dates[di], i);
				same_str(goc_score_name_zh(a), goc_score_name_zh(b), "name_zh", dates[di], i);
				same_num(goc_score_value(a), goc_score_value(b), "score", dates[di], i, key);
				same_num(goc_score_actual(a), goc_score_actual(b), "actual", dates[di], i, key);
				same_num(goc_score_target(a), goc_score_target(b), "target", dates[di], i, key);
				ck_assert_int_eq(goc_score_status(a), goc_score_status(b));
				ck_assert_int_eq(goc_score_met(a), goc_score_met(b));
				for (int st = 0; st <= 7; st++)
					ck_assert_int_eq(goc_score_count(a, st), goc_score_count(b, st));
				i++;
			}
			goc_cursor_free(sc);
		}
		ck_assert_int_eq(goc_cursor_next(ser), GOC_DONE);
		goc_cursor_free(ser);
	}
	return total;
}

/* Every month end from 2023-11 to 2026-02 and every quarter end: the
 * windows open, run and close inside the series. */
static void series_all_ways(goc_db *d, const char *plan)
{
	static const char *const months[] = {
		"2023-11-30", "2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30",
		"2024-05-31", "2024-06-30", "2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31",
		"2024-11-30", "2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30",
		"2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31",
		"2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28" };
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.from = "2023-11-15";
	o.to = "2026-03-30";
	o.every = GOC_EVERY_MONTH;
	ck_assert_uint_gt(series_equals_evaluations(d, plan, &o, months, N_ELEMS(months)), 100);
	static const char *const quarters[] = { "2024-03-31", "2024-06-30", "2024-09-30",
		                                "2024-12-31", "2025-03-31", "2025-06-30",
		                                "2025-09-30", "2025-12-31" };
	o.from = "2024-01-01";
	o.to = "2025-12-31";
	o.every = GOC_EVERY_QUARTER;
	series_equals_evaluations(d, plan, &o, quarters, N_ELEMS(quarters));
	/* an explicit list, unsorted and repeated, with dates that are not
	 * month ends (a window's first and last days) */
	static const char *const list[] = { "2025-12-31", "2024-01-01", "2024-07-15",
		                            "2024-01-01", "2026-01-01", "2023-12-31" };
	static const char *const sorted[] = { "2023-12-31", "2024-01-01", "2024-07-15",
		                              "2025-12-31", "2026-01-01" };
	goc_series_opts l = GOC_SERIES_OPTS_INIT;
	l.dates = list;
	l.n_dates = N_ELEMS(list);
	series_equals_evaluations(d, plan, &l, sorted, N_ELEMS(sorted));
}

/* The scorecard series of one member: at each date, the scorecard's row
 * of that zone or unit (the others and the total left out). */
static void score_series_of(const char *member, int by, const char *const *dates, size_t n)
{
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.dates = dates;
	o.n_dates = n;
	o.member = member;
	goc_cursor *ser = NULL;
	must(goc_score_series(&ser, db, PUDONG, &o, by), "score series of a member");
	for (size_t d = 0; d < n; d++) {
		goc_cursor *sc = NULL;
		must(goc_scorecard(&sc, db, PUDONG, dates[d], by), "scorecard");
		int found = 0;
		while (goc_cursor_next(sc) == GOC_ROW) {
			const goc_score *b = goc_cursor_score(sc);
			if (!goc_score_key(b) || strcmp(goc_score_key(b), member) != 0)
				continue;
			found++;
			ck_assert_int_eq(goc_cursor_next(ser), GOC_ROW);
			const goc_score *a = goc_cursor_score(ser);
			same_str(goc_score_key(a), member, "key", dates[d], 0);
			same_str(goc_score_as_of(a), dates[d], "as_of", dates[d], 0);
			same_num(goc_score_value(a), goc_score_value(b), "score", dates[d], 0, member);
			ck_assert_int_eq(goc_score_status(a), goc_score_status(b));
			for (int st = 0; st <= 7; st++)
				ck_assert_int_eq(goc_score_count(a, st), goc_score_count(b, st));
		}
		ck_assert_int_eq(found, 1);
		goc_cursor_free(sc);
	}
	ck_assert_int_eq(goc_cursor_next(ser), GOC_DONE);
	goc_cursor_free(ser);
}

START_TEST(test_series_fixture)
{
	static const char *const some[] = { "2024-06-30", "2025-03-31", "2025-12-31" };
	score_series_of("expo", GOC_BY_ZONE, some, N_ELEMS(some));
	score_series_of("commerce", GOC_BY_UNIT, some, N_ELEMS(some));
	series_all_ways(db, PUDONG);
	/* filtered by KPI and by member */
	goc_cursor *cur = NULL;
	must(goc_kpi_list(&cur, db, PUDONG), "kpi_list");
	while (goc_cursor_next(cur) == GOC_ROW) {
		goc_series_opts o = GOC_SERIES_OPTS_INIT;
		static const char *const dates[] = { "2024-06-30", "2025-06-30", "2025-12-31" };
		o.dates = dates;
		o.n_dates = N_ELEMS(dates);
		o.kpi = goc_kpi_code(goc_cursor_kpi(cur));
		series_equals_evaluations(db, PUDONG, &o, dates, N_ELEMS(dates));
	}
	goc_cursor_free(cur);
}
END_TEST

/* More KPIs on the fixture, one for each measure, scope, window and
 * filter the plan's own do not have (organizations listed by zone and
 * unit, the origin and event filters, annual and cumulative windows over
 * stage histories with withdrawals and reopenings, headquarters by unit,
 * zone statements a year at a time, manual values per unit, request
 * medians per unit lower-is-better and shares per zone, ranges, windows
 * that close before or open after the dates): the series still equals
 * the evaluations at every date. */
#define XKPI(...)                                                                      \
	{ .version = GOC_KPI_FIELDS_VERSION, .plan = PUDONG, __VA_ARGS__ }
static const goc_kpi_fields more_kpis[] = {
	XKPI(.code = "x-listed-zone", .measure = GOC_MEASURE_ORGS_LISTED, .scope = GOC_SCOPE_UNIT,
	     .members = "scitech,justice", .origin = GOC_ORIGIN_INTERNATIONAL,
	     .category = GOC_CATEGORY_SCITECH),
	XKPI(.code = "x-listed-annual", .measure = GOC_MEASURE_ORGS_LISTED,
	     .scope = GOC_SCOPE_UNIT, .members = "commerce,scitech,justice",
	     .window = GOC_WINDOW_ANNUAL, .start = "2024-03-01", .end = "2025-10-31"),
	XKPI(.code = "x-listed-cum", .measure = GOC_MEASURE_ORGS_LISTED, .scope = GOC_SCOPE_PLAN,
	     .window = GOC_WINDOW_CUMULATIVE, .baseline_date = "2024-06-30", .start = "2024-07-01", .baseline = 5,
	     .target_min = 20),
	XKPI(.code = "x-listed-local", .measure = GOC_MEASURE_ORGS_LISTED, .scope = GOC_SCOPE_PLAN,
	     .origin = GOC_ORIGIN_LOCAL),
	XKPI(.code = "x-events-filt", .measure = GOC_MEASURE_EVENTS, .scope = GOC_SCOPE_PLAN,
	     .event_kind = GOC_EVENT_CONFERENCE, .international = GOC_YES, .large = GOC_NO),
	XKPI(.code = "x-events-unit", .measure = GOC_MEASURE_EVENTS, .scope = GOC_SCOPE_UNIT,
	     .members = "commerce,scitech,financial", .window = GOC_WINDOW_ANNUAL,
	     .large = GOC_YES),
	XKPI(.code = "x-events-zone", .measure = GOC_MEASURE_EVENTS, .scope = GOC_SCOPE_ZONE,
	     .international = GOC_NO, .target_max = 4),
	XKPI(.code = "x-events-zones", .measure = GOC_MEASURE_EVENTS, .scope = GOC_SCOPE_ZONES,
	     .members = "expo,lujiazui", .direction = GOC_LOWER_IS_BETTER, .target_min = 3),
	XKPI(.code = "x-hq-unit", .measure = GOC_MEASURE_HQ, .scope = GOC_SCOPE_UNIT,
	     .members = "commerce,lujiazui-bureau,scitech", .window = GOC_WINDOW_ANNUAL),
	XKPI(.code = "x-hq-zones", .measure = GOC_MEASURE_HQ, .scope = GOC_SCOPE_ZONES,
	     .members = "expo,lujiazui", .category = GOC_CATEGORY_ECONOMIC),
	XKPI(.code = "x-hq-local", .measure = GOC_MEASURE_HQ, .scope = GOC_SCOPE_PLAN,
	     .origin = GOC_ORIGIN_LOCAL),
	XKPI(.code = "x-entered-zones", .measure = GOC_MEASURE_ORGS_ENTERED,
	     .scope = GOC_SCOPE_ZONES, .members = "expo,zhangjiang", .stage = GOC_STAGE_APPROVED,
	     .window = GOC_WINDOW_ANNUAL),
	XKPI(.code = "x-entered-unit", .measure = GOC_MEASURE_ORGS_ENTERED,
	     .scope = GOC_SCOPE_UNIT, .members = "scitech,commerce,justice",
	     .stage = GOC_STAGE_CONTACTING, .origin = GOC_ORIGIN_INTERNATIONAL,
	     .category = GOC_CATEGORY_ECONOMIC),
	XKPI(.code = "x-entered-neg", .measure = GOC_MEASURE_ORGS_ENTERED,
	     .scope = GOC_SCOPE_ZONE, .stage = GOC_STAGE_NEGOTIATING,
	     .window = GOC_WINDOW_CUMULATIVE, .baseline_date = "2023-12-31", .baseline = 1),
	XKPI(.code = "x-entered-2025", .measure = GOC_MEASURE_ORGS_ENTERED,
	     .scope = GOC_SCOPE_ZONE, .members = "zhangjiang,lujiazui", .start = "2025-01-01"),
	XKPI(.code = "x-contact", .measure = GOC_MEASURE_CONTACT, .scope = GOC_SCOPE_ZONE,
	     .members = "lujiazui,jinqiao", .window = GOC_WINDOW_ANNUAL, .target_min = 1),
	XKPI(.code = "x-office-2025", .measure = GOC_MEASURE_OFFICE_SPACE,
	     .scope = GOC_SCOPE_ZONE, .start = "2025-01-01", .target_min = 1),
	XKPI(.code = "x-manual-unit", .measure = GOC_MEASURE_MANUAL, .scope = GOC_SCOPE_UNIT,
	     .members = "commerce,scitech", .window = GOC_WINDOW_ANNUAL, .target_min = 80),
	XKPI(.code = "x-manual-zone", .measure = GOC_MEASURE_MANUAL, .scope = GOC_SCOPE_ZONE,
	     .members = "expo,jinqiao", .target_min = 3, .target_max = 5),
	XKPI(.code = "x-days-unit", .measure = GOC_MEASURE_REQUEST_DAYS, .scope = GOC_SCOPE_UNIT,
	     .members = "commerce,scitech", .window = GOC_WINDOW_ANNUAL, .target_min = 10),
	XKPI(.code = "x-within-zone", .measure = GOC_MEASURE_REQUEST_WITHIN,
	     .scope = GOC_SCOPE_ZONE, .members = "expo,zhangjiang", .days = 5, .target_min = 60),
	XKPI(.code = "x-days-zones", .measure = GOC_MEASURE_REQUEST_DAYS,
	     .scope = GOC_SCOPE_ZONES, .members = "expo,jinqiao", .window = GOC_WINDOW_CUMULATIVE,
	     .baseline_date = "2024-06-30", .start = "2024-07-01", .target_min = 30),
	XKPI(.code = "x-partners-unit", .measure = GOC_MEASURE_PARTNERS, .scope = GOC_SCOPE_UNIT,
	     .members = "commerce,expo-bureau", .window = GOC_WINDOW_CUMULATIVE,
	     .baseline_date = "2024-06-30", .start = "2024-07-01", .baseline = 2,
	     .target_min = 10),
	XKPI(.code = "x-experts-unit", .measure = GOC_MEASURE_EXPERTS, .scope = GOC_SCOPE_UNIT,
	     .members = "commerce,scitech", .window = GOC_WINDOW_ANNUAL, .start = "2024-03-01",
	     .end = "2025-10-31", .direction = GOC_LOWER_IS_BETTER, .target_min = 4),
	XKPI(.code = "x-partners-early", .measure = GOC_MEASURE_PARTNERS, .scope = GOC_SCOPE_PLAN,
	     .start = "2024-01-01", .end = "2024-03-31", .target_min = 3, .target_max = 6),
	XKPI(.code = "x-listed-early", .measure = GOC_MEASURE_ORGS_LISTED,
	     .scope = GOC_SCOPE_UNIT, .members = "commerce,justice", .end = "2024-02-29"),
	XKPI(.code = "x-experts-late", .measure = GOC_MEASURE_EXPERTS, .scope = GOC_SCOPE_PLAN,
	     .start = "2025-11-01", .end = "2025-12-31", .target_min = 1),
};
#undef XKPI

START_TEST(test_series_more_kpis)
{
	for (size_t i = 0; i < N_ELEMS(more_kpis); i++) {
		goc_kpi_fields f = more_kpis[i]; /* unset: a period, at least 2, no maximum */
		f.name_zh = f.code;
		f.window = f.window ? f.window : GOC_WINDOW_PERIOD;
		f.target_min = f.target_min ? f.target_min : 2;
		f.target_max = f.target_max ? f.target_max : GOC_NO_MAX;
		must(goc_kpi_create(db, &f), f.code);
	}
	/* targets that change inside the series, a member's own among them */
	must(goc_kpi_set_target(db, PUDONG, "x-events-zone", "expo", "2024-07-01", 1, 2), "expo");
	must(goc_kpi_set_target(db, PUDONG, "x-hq-unit", NULL, "2025-01-01", 3, GOC_NO_MAX), "hq");
	must(goc_kpi_set_target(db, PUDONG, "x-days-unit", "scitech", "2025-03-01", 20, GOC_NO_MAX),
	     "days");
	/* manual values per member, some outside the windows */
	static const struct {
		const char *kpi, *member, *date;
		double v;
	} values[] = {
		{ "x-manual-unit", "commerce", "2024-02-01", 70 },
		{ "x-manual-unit", "commerce", "2024-08-01", 85 },
		{ "x-manual-unit", "scitech", "2025-05-01", 90 },
		{ "x-manual-unit", "scitech", "2023-12-31", 10 },
		{ "x-manual-zone", "jinqiao", "2024-04-30", 4 },
		{ "x-manual-zone", "jinqiao", "2025-04-30", 7 },
		{ "x-manual-zone", "expo", "2026-01-10", 1 },
	};
	for (size_t i = 0; i < N_ELEMS(values); i++)
		must(goc_measurement_record(db, PUDONG, values[i].kpi, values[i].member, values[i].date,
		                            values[i].v, NULL),
		     values[i].date);
	/* an organization withdrawn and reopened twice, landing each time */
	goc_org_fields of = GOC_ORG_FIELDS_INIT;
	int64_t id = 0;
	of.name_zh = "反复组织";
	of.category = GOC_CATEGORY_ECONOMIC;
	of.zone = "expo";
	of.unit = "commerce";
	of.date = "2024-01-05";
	must(goc_org_create(&id, db, &of), "org");
	must(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, "2024-01-20", "commerce", NULL), "rv");
	static const struct {
		int stage;
		const char *date;
	} steps[] = {
		{ GOC_STAGE_CONTACTING, "2024-02-01" }, { GOC_STAGE_NEGOTIATING, "2024-02-01" },
		{ GOC_STAGE_APPROVED, "2024-03-15" },   { GOC_STAGE_LANDED, "2024-04-01" },
		{ GOC_STAGE_WITHDRAWN, "2024-08-01" },  { GOC_STAGE_CONTACTING, "2024-10-01" },
		{ GOC_STAGE_NEGOTIATING, "2024-11-01" }, { GOC_STAGE_APPROVED, "2025-01-15" },
		{ GOC_STAGE_LANDED, "2025-02-01" },     { GOC_STAGE_WITHDRAWN, "2025-02-01" },
		{ GOC_STAGE_NEGOTIATING, "2025-07-01" },
	};
	for (size_t i = 0; i < N_ELEMS(steps); i++) {
		must(goc_org_set_stage(db, id, steps[i].stage, steps[i].date, "commerce", NULL),
		     steps[i].date);
		if (steps[i].stage == GOC_STAGE_LANDED && i < 4)
			must(goc_org_set_hq(db, id, "2024-05-01", "commerce", NULL), "hq");
	}
	/* units through groups: a value recorded for a unit that has left the
	 * group since (no row of its own), and a group with no unit left (no
	 * row at all) */
	must(goc_group_create(db, "x-pair", "试点两单位", NULL), "group");
	must(goc_group_add_member(db, "x-pair", "commerce"), "commerce");
	must(goc_group_add_member(db, "x-pair", "scitech"), "scitech");
	must(goc_group_create(db, "x-none", "空组", NULL), "empty group");
	must(goc_group_add_member(db, "x-none", "justice"), "justice");
	kpi_with("x-manual-group", GOC_MEASURE_MANUAL, GOC_SCOPE_UNIT, "x-pair", NULL);
	kpi_with("x-partners-none", GOC_MEASURE_PARTNERS, GOC_SCOPE_UNIT, "x-none", NULL);
	must(goc_measurement_record(db, PUDONG, "x-manual-group", "scitech", "2024-05-01", 3, NULL),
	     "scitech value");
	must(goc_measurement_record(db, PUDONG, "x-manual-group", "commerce", "2024-06-01", 4, NULL),
	     "commerce value");
	must(goc_group_remove_member(db, "x-pair", "scitech"), "scitech leaves");
	must(goc_group_remove_member(db, "x-none", "justice"), "justice leaves");
	series_all_ways(db, PUDONG);
	/* one KPI of each kind alone, and by member */
	static const char *const dates[] = { "2024-03-31", "2024-09-30", "2025-06-30" };
	for (size_t i = 0; i < N_ELEMS(more_kpis); i++) {
		goc_series_opts o = GOC_SERIES_OPTS_INIT;
		o.dates = dates;
		o.n_dates = N_ELEMS(dates);
		o.kpi = more_kpis[i].code;
		series_equals_evaluations(db, PUDONG, &o, dates, N_ELEMS(dates));
	}
	static const char *const members[] = { "expo", "scitech", "lujiazui" };
	for (size_t i = 0; i < N_ELEMS(members); i++) {
		goc_series_opts o = GOC_SERIES_OPTS_INIT;
		o.dates = dates;
		o.n_dates = N_ELEMS(dates);
		o.member = members[i];
		series_equals_evaluations(db, PUDONG, &o, dates, N_ELEMS(dates));
	}
}
END_TEST

/* The demonstration data, with the documented seed and generated ones. */
START_TEST(test_series_demo)
{
	static const unsigned seeds[] = { 0, 7, 20261207 };
	goc_db *d = NULL;
	must(goc_db_open(&d, ":memory:"), "open");
	must(goc_demo_load(d, seeds[_i]), "demo_load");
	series_all_ways(d, PUDONG);
	static const char *const members[] = { "lujiazui", "commerce", "zjhk" };
	for (size_t m = 0; m < N_ELEMS(members); m++) {
		static const char *const dates[] = { "2024-03-31", "2024-12-31", "2025-06-30" };
		goc_series_opts o = GOC_SERIES_OPTS_INIT;
		o.dates = dates;
		o.n_dates = N_ELEMS(dates);
		o.member = members[m];
		int rc = goc_kpi_series(NULL, d, PUDONG, &o);
		ck_assert_int_eq(rc, GOC_EINVAL);
		goc_cursor *cur = NULL;
		rc = goc_kpi_series(&cur, d, PUDONG, &o);
		goc_cursor_free(cur);
		if (rc == GOC_ENOTFOUND)
			continue; /* not a code of the demo */
		must(rc, "series by member");
		series_equals_evaluations(d, PUDONG, &o, dates, N_ELEMS(dates));
	}
	goc_db_close(d);
}
END_TEST

START_TEST(test_series_errors)
{
	goc_cursor *cur = NULL;
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	static const char *const one[] = { "2024-06-30" };
	expect(goc_kpi_series(&cur, NULL, PUDONG, &o), GOC_EINVAL, NULL, "NULL db");
	expect(goc_kpi_series(NULL, db, PUDONG, &o), GOC_EINVAL, "out", "NULL out");
	expect(goc_kpi_series(&cur, db, "nope", &o), GOC_ENOTFOUND, "nope", "unknown plan");
	expect(goc_kpi_series(&cur, db, PUDONG, NULL), GOC_EINVAL, "opts", "NULL opts");
	o.version = 99;
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "opts.version", "version");
	o.version = GOC_SERIES_OPTS_VERSION;
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "give from, to and every", "none");
	o.from = "2024-01-01";
	o.to = "2024-12-31";
	o.every = GOC_EVERY_MONTH;
	o.dates = one;
	o.n_dates = 1;
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "not both", "both");
	o.dates = NULL;
	o.n_dates = 0;
	o.from = "2024-13-01";
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "opts.from", "bad from");
	o.from = "2024-01-01";
	o.to = "someday";
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "opts.to", "bad to");
	o.to = "2023-01-01";
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "before opts.from", "to < from");
	o.to = "2024-01-30";
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "no month end", "no date");
	o.every = 7;
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "opts.every", "every");
	o.every = GOC_EVERY_MONTH;
	/* a range half given: the missing end is named */
	goc_series_opts h = GOC_SERIES_OPTS_INIT;
	h.to = "2024-12-31";
	expect(goc_kpi_series(&cur, db, PUDONG, &h), GOC_EINVAL, "opts.from", "to only");
	h.to = NULL;
	h.every = GOC_EVERY_QUARTER;
	expect(goc_kpi_series(&cur, db, PUDONG, &h), GOC_EINVAL, "opts.from", "every only");
	/* month ends of leap years: 2000 (divisible by 400), 2100 (by 100) */
	h.kpi = "partner-network";
	h.from = "2000-02-01";
	h.to = "2000-02-29";
	h.every = GOC_EVERY_MONTH;
	must(goc_kpi_series(&cur, db, PUDONG, &h), "2000");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	ck_assert_str_eq(goc_kpi_row_as_of(goc_cursor_kpi_row(cur)), "2000-02-29");
	goc_cursor_free(cur);
	h.from = "2100-02-01";
	h.to = "2100-02-28";
	must(goc_kpi_series(&cur, db, PUDONG, &h), "2100");
	ck_assert_int_eq(goc_cursor_next(cur), GOC_ROW);
	ck_assert_str_eq(goc_kpi_row_as_of(goc_cursor_kpi_row(cur)), "2100-02-28");
	goc_cursor_free(cur);
	cur = NULL;
	o.from = "1900-01-01";
	o.to = "2999-12-31";
	expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_EINVAL, "more than 1000", "too many");
	goc_series_opts l = GOC_SERIES_OPTS_INIT;
	l.n_dates = 1;
	expect(goc_kpi_series(&cur, db, PUDONG, &l), GOC_EINVAL, "without a list", "no list");
	l.dates = one;
	l.n_dates = 0;
	expect(goc_kpi_series(&cur, db, PUDONG, &l), GOC_EINVAL, "0 dates", "n 0");
	l.n_dates = GOC_SERIES_MAX_DATES + 1;
	expect(goc_kpi_series(&cur, db, PUDONG, &l), GOC_EINVAL, "at most", "n too big");
	static const char *const bad[] = { "2024-06-30", "2024-02-30" };
	l.dates = bad;
	l.n_dates = 2;
	expect(goc_kpi_series(&cur, db, PUDONG, &l), GOC_EINVAL, "opts.dates[1]", "bad list date");
	l.dates = one;
	l.n_dates = 1;
	l.kpi = "no-such-kpi";
	expect(goc_kpi_series(&cur, db, PUDONG, &l), GOC_ENOTFOUND, "no-such-kpi", "kpi");
	l.kpi = NULL;
	l.member = "atlantis";
	expect(goc_kpi_series(&cur, db, PUDONG, &l), GOC_ENOTFOUND, "opts.member", "member");
	l.member = NULL;
	expect(goc_score_series(&cur, db, PUDONG, &l, GOC_BY_SECTION), GOC_EINVAL, "sections",
	       "by section");
	expect(goc_score_series(&cur, db, PUDONG, &l, 0), GOC_EINVAL, "by", "by 0");
	expect(goc_score_series(&cur, NULL, PUDONG, &l, GOC_BY_PLAN), GOC_EINVAL, NULL, "NULL db");
	expect(goc_score_series(&cur, db, PUDONG, NULL, GOC_BY_PLAN), GOC_EINVAL, "opts", "opts");
	ck_assert_ptr_null(cur);
	/* a KPI whose targets were deleted by hand: the series says so */
	char path[] = "/tmp/goc-series-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	goc_db *d = NULL;
	must(goc_db_open(&d, path), "open file");
	must(goc_plan_load(d, PUDONG), "plan");
	goc_kpi_fields f = GOC_KPI_FIELDS_INIT;
	f.plan = PUDONG;
	f.code = "bare";
	f.name_zh = "无目标";
	f.measure = GOC_MEASURE_PARTNERS;
	f.scope = GOC_SCOPE_PLAN;
	f.window = GOC_WINDOW_PERIOD;
	f.target_min = 3;
	must(goc_kpi_create(d, &f), "create");
	goc_db_close(d);
	raw_exec(path, "DELETE FROM kpi_targets");
	must(goc_db_open(&d, path), "reopen");
	l.kpi = "bare";
	expect(goc_kpi_series(&cur, d, PUDONG, &l), GOC_ECORRUPT, "bare", "no target");
	/* and so does the evaluation of a unit's rows */
	expect(goc_kpi_evaluate_unit(&cur, d, PUDONG, "commerce", "2024-06-30"), GOC_ECORRUPT,
	       "no target", "evaluate_unit without targets");
	ck_assert_ptr_null(cur);
	goc_db_close(d);
	unlink(path);
	/* names of the steps */
	int every = 0;
	must(goc_every_parse(&every, "quarter"), "every_parse");
	ck_assert_int_eq(every, GOC_EVERY_QUARTER);
	ck_assert_str_eq(goc_every_str(GOC_EVERY_MONTH), "month");
	ck_assert_ptr_null(goc_every_str(3));
	ck_assert_int_eq(goc_every_parse(&every, "week"), GOC_EINVAL);
	ck_assert_ptr_null(goc_kpi_row_as_of(NULL));
	ck_assert_ptr_null(goc_score_as_of(NULL));
	ck_assert_ptr_null(goc_score_key(NULL));
	ck_assert_ptr_null(goc_score_name_zh(NULL));
	ck_assert_ptr_null(goc_score_name_en(NULL));
	ck_assert_int_eq(goc_score_status(NULL), 0);
	ck_assert(goc_score_value(NULL) == -1);
	ck_assert(goc_score_actual(NULL) == 0);
	ck_assert(goc_score_target(NULL) == 0);
	ck_assert_int_eq(goc_score_tasks(NULL), 0);
	ck_assert_int_eq(goc_score_leads(NULL), 0);
	ck_assert_int_eq(goc_score_overdue(NULL), 0);
	ck_assert_int_eq(goc_score_missing_reports(NULL), 0);
	expect(goc_score_series(NULL, db, PUDONG, &l, GOC_BY_PLAN), GOC_EINVAL, "out", "NULL out");
}
END_TEST

/* A database edited by hand: a recorded date that is not a date stops the
 * series with GOC_ECORRUPT naming it, whichever table it is in; stage
 * histories read without the index that keeps them in date order (rows
 * by sequence, backdated entries) give the same series as the
 * evaluations. */
START_TEST(test_series_hand_edited)
{
	char base[] = "/tmp/goc-series-base-XXXXXX", work[] = "/tmp/goc-series-work-XXXXXX";
	int fd = mkstemp(base);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = mkstemp(work);
	ck_assert_int_ge(fd, 0);
	close(fd);
	goc_db *mem = db;
	must(goc_db_open(&db, base), "open base");
	must(goc_plan_load(db, PUDONG), "plan");
	int64_t a = new_org("手改组织甲", "expo", GOC_ORIGIN_INTERNATIONAL, "2024-04-01");
	int64_t b = new_org("手改组织乙", "lujiazui", GOC_ORIGIN_INTERNATIONAL, "2024-04-01");
	must(goc_org_set_hq(db, a, "2024-05-01", "commerce", NULL), "hq");
	must(goc_org_set_stage(db, a, GOC_STAGE_WITHDRAWN, "2024-07-01", "commerce", NULL), "wd");
	must(goc_org_set_stage(db, a, GOC_STAGE_CONTACTING, "2024-08-01", "commerce", NULL), "re");
	must(goc_org_set_stage(db, b, GOC_STAGE_OPERATING, "2024-09-01", "commerce", NULL), "op");
	must(goc_org_set_stage(db, b, GOC_STAGE_WITHDRAWN, "2024-10-01", "commerce", NULL), "wd");
	int64_t c = new_org("手改组织丙", "expo", GOC_ORIGIN_LOCAL, "2024-04-01");
	must(goc_org_set_stage(db, c, GOC_STAGE_OPERATING, "2024-06-01", "commerce", NULL), "op");
	goc_event_fields ev = GOC_EVENT_FIELDS_INIT;
	ev.title_zh = "手改活动";
	ev.date = "2024-05-10";
	ev.kind = GOC_EVENT_FORUM;
	ev.zone = "expo";
	ev.unit = "commerce";
	must(goc_event_create(NULL, db, &ev), "event");
	must(goc_zone_set_facts(db, "expo", "2024-06-01", 1, "王敏"), "facts");
	goc_request_fields rf = GOC_REQUEST_FIELDS_INIT;
	int64_t req = 0;
	rf.org = a;
	rf.category = GOC_REQUEST_VISA;
	rf.opened = "2024-03-01";
	rf.unit = "commerce";
	rf.summary = "签证";
	must(goc_request_create(&req, db, &rf), "request");
	must(goc_request_resolve(db, req, "2024-03-20", "已办结"), "resolve");
	static const struct {
		const char *code;
		int measure, scope;
	} kpis[] = {
		{ "h-events", GOC_MEASURE_EVENTS, GOC_SCOPE_PLAN },
		{ "h-listed", GOC_MEASURE_ORGS_LISTED, GOC_SCOPE_PLAN },
		{ "h-entered", GOC_MEASURE_ORGS_ENTERED, GOC_SCOPE_PLAN },
		{ "h-hq", GOC_MEASURE_HQ, GOC_SCOPE_PLAN },
		{ "h-manual", GOC_MEASURE_MANUAL, GOC_SCOPE_PLAN },
		{ "h-days", GOC_MEASURE_REQUEST_DAYS, GOC_SCOPE_PLAN },
		{ "h-office", GOC_MEASURE_OFFICE_SPACE, GOC_SCOPE_ZONE },
	};
	for (size_t i = 0; i < N_ELEMS(kpis); i++)
		kpi_with(kpis[i].code, kpis[i].measure, kpis[i].scope, NULL, NULL);
	must(goc_measurement_record(db, PUDONG, "h-manual", NULL, "2024-06-30", 7, NULL), "value");
	/* more targets than the first block holds, one a quarter */
	for (int i = 0; i < 10; i++) {
		char from[16];
		snprintf(from, sizeof from, "%04d-%02d-01", 2024 + i / 4, 1 + 3 * (i % 4));
		must(goc_kpi_set_target(db, PUDONG, "h-events", NULL, from, 1 + i, GOC_NO_MAX), from);
	}
	goc_db_close(db);

	static const char *const dates[] = { "2024-03-31", "2024-06-30", "2024-12-31" };
	goc_series_opts o = GOC_SERIES_OPTS_INIT;
	o.dates = dates;
	o.n_dates = N_ELEMS(dates);
	static const struct {
		const char *kpi, *sql, *date;
	} bad[] = {
		{ "h-events", "UPDATE events SET date = '2024-0x-10'", "2024-0x-10" },
		{ "h-listed", "UPDATE organizations SET created = '2024/05/01'", "2024/05/01" },
		{ "h-entered", "UPDATE stage_history SET date = '2024-07- 1' WHERE to_stage = 'withdrawn'",
		  "2024-07- 1" },
		{ "h-hq", "UPDATE stage_history SET date = '2024-07- 1' WHERE to_stage = 'withdrawn'",
		  "2024-07- 1" },
		{ "h-hq", "UPDATE hq_milestones SET date = '2024-05-0x'", "2024-05-0x" },
		{ "h-office", "UPDATE zone_facts SET date = '2024-06-0x'", "2024-06-0x" },
		{ "h-manual", "UPDATE kpi_measurements SET date = '2024-06-3x'", "2024-06-3x" },
		{ "h-days", "UPDATE service_requests SET resolved = '2024-03-2x'", "2024-03-2x" },
	};
	char err[256];
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		ck_assert_msg(tu_db_copy(base, work, err, sizeof err) == 0, "%s", err);
		sqlite3 *raw = NULL;
		ck_assert_int_eq(sqlite3_open(work, &raw), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(raw, bad[i].sql, NULL, NULL, NULL), SQLITE_OK);
		ck_assert_int_gt(sqlite3_changes(raw), 0);
		sqlite3_close(raw);
		must(goc_db_open(&db, work), "open edited");
		goc_cursor *cur = NULL;
		o.kpi = bad[i].kpi;
		expect(goc_kpi_series(&cur, db, PUDONG, &o), GOC_ECORRUPT, bad[i].date, bad[i].sql);
		ck_assert_ptr_nonnull(strstr(goc_error_message(), "is not YYYY-MM-DD"));
		ck_assert_ptr_null(cur);
		goc_db_close(db);
	}

	/* without stage_history_org_date the rows come by sequence: entries
	 * backdated before earlier ones, and two on one day */
	ck_assert_msg(tu_db_copy(base, work, err, sizeof err) == 0, "%s", err);
	char sql[2048];
	snprintf(sql, sizeof sql,
	         "DROP INDEX stage_history_org_date;"
	         "UPDATE stage_history SET date = '2024-05-01' WHERE org_id = %lld"
	         " AND to_stage = 'contacting' AND date = '2024-08-01';"
	         "UPDATE stage_history SET date = '2024-04-01' WHERE org_id = %lld"
	         " AND to_stage = 'operating';"
	         "UPDATE stage_history SET date = '2024-03-01' WHERE org_id = %lld"
	         " AND to_stage = 'operating';"
	         /* a stage no version wrote, and a zone statement for a plan */
	         "UPDATE stage_history SET to_stage = 'dormant' WHERE org_id = %lld"
	         " AND to_stage = 'withdrawn';"
	         "UPDATE kpis SET scope = 'plan' WHERE code = 'h-office'",
	         (long long)a, (long long)b, (long long)c, (long long)b);
	raw_exec(work, sql);
	must(goc_db_open(&db, work), "open unindexed");
	o.kpi = NULL;
	series_equals_evaluations(db, PUDONG, &o, dates, N_ELEMS(dates));
	static const char *const months[] = { "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30",
		                              "2024-05-31", "2024-06-30", "2024-07-31", "2024-08-31",
		                              "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31" };
	o.dates = months;
	o.n_dates = N_ELEMS(months);
	o.kpi = "h-entered";
	series_equals_evaluations(db, PUDONG, &o, months, N_ELEMS(months));
	goc_db_close(db);

	/* more than the first blocks hold: 1,100 events, 300 organizations
	 * landing, 1,100 stage changes of one with a headquarters */
	ck_assert_msg(tu_db_copy(base, work, err, sizeof err) == 0, "%s", err);
	snprintf(sql, sizeof sql,
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100)"
	         " INSERT INTO events (title_zh, date, zone, kind, international, large, unit)"
	         " SELECT 'bulk' || i, date('2024-01-01', '+' || (i %% 700) || ' days'), 'expo',"
	         " 'forum', 0, 0, 'commerce' FROM n;"
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
	         " INSERT INTO organizations (name_zh, category, origin, zone, unit, stage,"
	         " stage_date, created) SELECT 'bulk' || i, 'trade', 'international', 'expo',"
	         " 'commerce', 'landed', '2024-05-01', '2024-01-10' FROM n;"
	         "INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit, recorded_at)"
	         " SELECT id, 'approved', 'landed', date('2024-02-01', '+' || (id %% 500) || ' days'),"
	         " 'commerce', '2024-01-01' FROM organizations WHERE name_zh LIKE 'bulk%%';"
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100)"
	         " INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit, recorded_at)"
	         " SELECT %lld, 'landed', CASE i %% 3 WHEN 0 THEN 'operating' WHEN 1 THEN 'withdrawn'"
	         " ELSE 'landed' END, date('2024-04-02', '+' || (i %% 600) || ' days'), 'commerce',"
	         " '2024-01-01' FROM n",
	         (long long)a);
	raw_exec(work, sql);
	must(goc_db_open(&db, work), "open bulk");
	o.kpi = NULL;
	series_equals_evaluations(db, PUDONG, &o, months, N_ELEMS(months));
	goc_db_close(db);
	db = mem;
	tu_db_remove(base);
	tu_db_remove(work);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *kpi_suite(void)
{
	Suite *s = suite_create("kpi");
	TCase *tc;

	tu_fixtures(&db, NULL, 0, "test-kpi", load_plan);

	tc = add_case(s, "evaluate", data_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_every_status_appears, test_fixture_covers_statuses,
		test_set_target_replaces_and_member, test_evaluate_unit, NULL });
	tcase_add_loop_test(tc, test_evaluate, 0, (int)N_ELEMS(evals));

	tc = add_case(s, "scorecard", data_setup, tu_mem_teardown, 120, (const TTest *[]){
		NULL });
	tcase_add_loop_test(tc, test_scorecard, 0, 4 * (int)N_ELEMS(fx_dates));
	tcase_add_loop_test(tc, test_score_met_and_worst, 0, (int)N_ELEMS(fx_dates));

	tc = add_case(s, "series", data_setup, tu_mem_teardown, 300, (const TTest *[]){
		test_series_fixture, test_series_more_kpis, NULL });
	tcase_add_loop_test(tc, test_series_demo, 0, 3);

	tc = add_case(s, "definitions", data_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_get, test_row_members_as_items, test_list_empty_items_skipped,
		test_get_filters, test_list, test_delete, NULL });
	tcase_add_loop_test(tc, test_lists_as_items, 0, (int)N_ELEMS(list_cases));

	add_case(s, "errors", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_create_errors, test_set_target_errors, test_evaluate_errors,
		test_evaluate_unit_errors,
		test_evaluate_inside_transaction, test_request_days_median,
		test_scorecard_errors, test_enum_names, test_demo_only,
		test_measurement_members, test_tristates_and_lower_target,
		test_measure_paths, test_scorecard_sizes,
		test_rollup_not_started_and_exceeded, test_grouped_many_units,
		test_series_errors, test_series_hand_edited, NULL });

	return s;
}

int main(void)
{
	return run_suite(kpi_suite(), CK_NORMAL);
}
