/*
 * test_activity — the activity registers: partners, experts, events with
 * their organizers and related organizations, service requests and their
 * resolution, dated zone facts, manual KPI measurements, the activity
 * filter, read-only handles, transactions and persistence.
 *
 * Specification: include/goc/activity.h.
 *
 * Every failing mutating call is run through FAILS(), which also checks
 * that the registers read back exactly as before the call.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define S(x) ((x) ? (x) : "(null)")

/* ------------------------------------------------------------------------
 * Fixtures
 * ---------------------------------------------------------------------- */

static goc_db *db;
static char tmpdir[64];
static int64_t ORG_A, ORG_B; /* two organizations of the fixture */

static const char *const ZONES[] = { "expo", "lujiazui", "zhangjiang", "jinqiao", "ftz" };

static int64_t org_new(const char *name_zh)
{
	int64_t id = 0;
	must(tu_org_add(&id, db, name_zh, GOC_CATEGORY_ECONOMIC, "lujiazui", NULL, "2024-01-02"),
	     name_zh);
	ck_assert_int_gt(id, 0);
	return id;
}

static void load_pudong(void)
{
	tu_setup_must(goc_reference_load(db, "pudong"), "goc_reference_load");
	ORG_A = org_new("国际测试组织甲");
	ORG_B = org_new("国际测试组织乙");
}

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* Expect @p rc == @p want (also as the thread's and the handle's last
 * error); for a non-NULL @p field, the message must name it. */
static void expect_fail(int rc, int want, const char *field, const char *what)
{
	expect_db(db, rc, want, field, what);
	ck_assert(goc_utf8_check(goc_error_message()) == GOC_OK);
}

/* A call with a NULL handle: EINVAL on the thread, naming db. */
static void expect_null_db(int rc, const char *what)
{
	ck_assert_msg(rc == GOC_EINVAL, "%s: got %d, expected GOC_EINVAL", what, rc);
	ck_assert_int_eq(goc_error_last(), GOC_EINVAL);
	ck_assert_msg(strstr(goc_error_message(), "db") != NULL, "%s: message \"%s\"", what,
	              goc_error_message());
}

/*
 * Everything the registers hold, through the API, as one malloc'd text:
 * every partner, expert, event and request with all fields, each zone's
 * latest facts and the number of organizations.
 */
static char *snapshot(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	goc_cursor *c = NULL;
	int rc, n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(goc_partner_list(&c, db, NULL), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_partner *p = goc_cursor_partner(c);
		fprintf(f, "P %lld|%s|%s|%d|%s|%s|%s|%s\n", (long long)goc_partner_id(p),
		        S(goc_partner_name_zh(p)), S(goc_partner_name_en(p)), goc_partner_kind(p),
		        S(goc_partner_unit(p)), S(goc_partner_date(p)), S(goc_partner_contact(p)),
		        S(goc_partner_notes(p)));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);

	ck_assert_int_eq(goc_expert_list(&c, db, NULL), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_expert *e = goc_cursor_expert(c);
		fprintf(f, "X %lld|%s|%s|%s|%s|%s|%s\n", (long long)goc_expert_id(e),
		        S(goc_expert_name(e)), S(goc_expert_field(e)), S(goc_expert_affiliation(e)),
		        S(goc_expert_unit(e)), S(goc_expert_date(e)), S(goc_expert_notes(e)));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);

	ck_assert_int_eq(goc_event_list(&c, db, NULL), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_event *e = goc_cursor_event(c);
		fprintf(f, "E %lld|%s|%s|%s|%s|%d|%d|%d|%s|%s|%d|%s\n", (long long)goc_event_id(e),
		        S(goc_event_title_zh(e)), S(goc_event_title_en(e)), S(goc_event_date(e)),
		        S(goc_event_zone(e)), goc_event_kind(e), goc_event_international(e),
		        goc_event_large(e), S(goc_event_unit(e)), S(goc_event_organizers(e)),
		        goc_event_org_count(e), S(goc_event_notes(e)));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);

	ck_assert_int_eq(goc_request_list(&c, db, NULL), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_request *r = goc_cursor_request(c);
		fprintf(f, "R %lld|%lld|%d|%s|%s|%s|%s|%s|%d|%s\n", (long long)goc_request_id(r),
		        (long long)goc_request_org(r), goc_request_category(r),
		        S(goc_request_opened(r)), S(goc_request_unit(r)), S(goc_request_summary(r)),
		        S(goc_request_resolved(r)), S(goc_request_outcome(r)), goc_request_days(r),
		        S(goc_request_notes(r)));
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);

	for (size_t i = 0; i < N_ELEMS(ZONES); i++) {
		goc_zone_fact *z = NULL;
		rc = goc_zone_facts(&z, db, ZONES[i], "2999-12-31");
		if (rc == GOC_OK)
			fprintf(f, "Z %s|%s|%d|%s\n", S(goc_zone_fact_zone(z)), S(goc_zone_fact_date(z)),
			        goc_zone_fact_office_space(z), S(goc_zone_fact_contact(z)));
		else
			fprintf(f, "Z %s none (%d)\n", ZONES[i], rc);
		goc_zone_fact_free(z);
	}

	ck_assert_int_eq(goc_org_list(&c, db, NULL), GOC_OK);
	for (n = 0; (rc = goc_cursor_next(c)) == GOC_ROW; n++)
		;
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	fprintf(f, "O %d\n", n);
	fclose(f);
	return buf;
}

/* The registers read back as in @p before (which is freed). */
static void same_state(char *before, const char *what)
{
	char *after = snapshot();
	int eq = strcmp(before, after) == 0;
	if (!eq)
		fprintf(stderr, "%s\nbefore:\n%safter:\n%s", what, before, after);
	free(before);
	free(after);
	ck_assert_msg(eq, "%s: the registers changed", what);
}

/* A failing call: its code, its message naming `field`, nothing changed. */
#define FAILS(want, field, call)                                      \
	do {                                                          \
		char *before_ = snapshot();                           \
		int rc_ = (call);                                     \
		expect_fail(rc_, (want), (field), #call);             \
		same_state(before_, #call);                           \
	} while (0)

/* A call with a NULL handle that must fail without changing anything. */
#define FAILS_NULL_DB(call)                                           \
	do {                                                          \
		char *before_ = snapshot();                           \
		expect_null_db((call), #call);                        \
		same_state(before_, #call);                           \
	} while (0)

static int64_t partner_new(const char *name, int kind, const char *unit, const char *date)
{
	goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
	int64_t id = 0;
	f.name_zh = name;
	f.kind = kind;
	f.unit = unit;
	f.date = date;
	must(goc_partner_create(&id, db, &f), name);
	ck_assert_int_gt(id, 0);
	return id;
}

static int64_t expert_new(const char *name, const char *unit, const char *date)
{
	goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
	int64_t id = 0;
	f.name = name;
	f.unit = unit;
	f.date = date;
	must(goc_expert_create(&id, db, &f), name);
	ck_assert_int_gt(id, 0);
	return id;
}

static int64_t event_new(const char *title, const char *date, const char *zone, int kind,
                         int international, int large, const char *unit)
{
	goc_event_fields f = GOC_EVENT_FIELDS_INIT;
	int64_t id = 0;
	f.title_zh = title;
	f.date = date;
	f.zone = zone;
	f.kind = kind;
	f.international = international;
	f.large = large;
	f.unit = unit;
	must(goc_event_create(&id, db, &f), title);
	ck_assert_int_gt(id, 0);
	return id;
}

static int64_t request_new(int64_t org, int category, const char *opened, const char *unit)
{
	goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
	int64_t id = 0;
	f.org = org;
	f.category = category;
	f.opened = opened;
	f.unit = unit;
	f.summary = "办理事项";
	must(goc_request_create(&id, db, &f), "request");
	ck_assert_int_gt(id, 0);
	return id;
}

enum list_kind { L_PARTNERS, L_EXPERTS, L_EVENTS, L_REQUESTS };

static int list_open(enum list_kind k, goc_cursor **c, const goc_activity_filter *f)
{
	switch (k) {
	case L_PARTNERS: return goc_partner_list(c, db, f);
	case L_EXPERTS: return goc_expert_list(c, db, f);
	case L_EVENTS: return goc_event_list(c, db, f);
	default: return goc_request_list(c, db, f);
	}
}

static int64_t list_row_id(enum list_kind k, const goc_cursor *c)
{
	switch (k) {
	case L_PARTNERS:
		ck_assert_ptr_null(goc_cursor_expert(c));
		return goc_partner_id(goc_cursor_partner(c));
	case L_EXPERTS:
		ck_assert_ptr_null(goc_cursor_event(c));
		return goc_expert_id(goc_cursor_expert(c));
	case L_EVENTS:
		ck_assert_ptr_null(goc_cursor_request(c));
		return goc_event_id(goc_cursor_event(c));
	default:
		ck_assert_ptr_null(goc_cursor_partner(c));
		return goc_request_id(goc_cursor_request(c));
	}
}

/* The ids a list gives with a filter, in order, against a 0-terminated
 * list. */
static void expect_ids(enum list_kind k, const goc_activity_filter *f, const int64_t *want,
                       const char *what)
{
	goc_cursor *c = NULL;
	size_t got = 0;
	int rc = list_open(k, &c, f);

	ck_assert_msg(rc == GOC_OK, "%s: list = %d: %s", what, rc, goc_error_message());
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		int64_t id = list_row_id(k, c);
		ck_assert_msg(want[got] != 0, "%s: more rows than expected (extra id %lld)", what,
		              (long long)id);
		ck_assert_msg(id == want[got], "%s: row %zu is id %lld, expected %lld", what, got,
		              (long long)id, (long long)want[got]);
		got++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	ck_assert_msg(want[got] == 0, "%s: only %zu rows", what, got);
	goc_cursor_free(c);
}

#define IDS(...) ((const int64_t[]){ __VA_ARGS__, 0 })
#define NONE ((const int64_t[]){ 0 })

static int list_count(enum list_kind k)
{
	goc_cursor *c = NULL;
	return count_rows(list_open(k, &c, NULL), &c, "list");
}

/* ------------------------------------------------------------------------
 * Enumerations
 * ---------------------------------------------------------------------- */

START_TEST(test_enums)
{
	static const char *const pk[] = { NULL, "multinational", "leading_enterprise", "financial",
		                          "chamber", "professional_body", "other" };
	static const char *const ek[] = { NULL, "conference", "forum", "promotion", "other" };
	static const char *const rc_[] = { NULL, "registration", "visa", "talent", "office",
		                           "tax", "other" };
	int v;

	for (int i = 1; i < (int)N_ELEMS(pk); i++) {
		ck_assert_str_eq(goc_partner_kind_str(i), pk[i]);
		v = 0;
		ck_assert_int_eq(goc_partner_kind_parse(&v, pk[i]), GOC_OK);
		ck_assert_int_eq(v, i);
	}
	ck_assert_int_eq(GOC_PARTNER_PROFESSIONAL_BODY, 5);
	for (int i = 1; i < (int)N_ELEMS(ek); i++) {
		ck_assert_str_eq(goc_event_kind_str(i), ek[i]);
		ck_assert_int_eq(goc_event_kind_parse(&v, ek[i]), GOC_OK);
		ck_assert_int_eq(v, i);
	}
	for (int i = 1; i < (int)N_ELEMS(rc_); i++) {
		ck_assert_str_eq(goc_request_category_str(i), rc_[i]);
		ck_assert_int_eq(goc_request_category_parse(&v, rc_[i]), GOC_OK);
		ck_assert_int_eq(v, i);
	}
	ck_assert_ptr_null(goc_partner_kind_str(0));
	ck_assert_ptr_null(goc_partner_kind_str(7));
	ck_assert_ptr_null(goc_event_kind_str(0));
	ck_assert_ptr_null(goc_event_kind_str(5));
	ck_assert_ptr_null(goc_request_category_str(-1));
	ck_assert_ptr_null(goc_request_category_str(7));

	v = 42;
	ck_assert_int_eq(goc_partner_kind_parse(&v, "Chamber"), GOC_EINVAL);
	ck_assert_int_eq(v, 42);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "partner kind"));
	ck_assert_int_eq(goc_event_kind_parse(&v, "seminar"), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "event kind"));
	ck_assert_int_eq(goc_request_category_parse(&v, ""), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "request category"));
	ck_assert_int_eq(goc_request_category_parse(&v, NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_partner_kind_parse(NULL, "other"), GOC_EINVAL);
	ck_assert_int_eq(goc_event_kind_parse(&v, "\xff"), GOC_EINVAL);
	ck_assert(goc_utf8_check(goc_error_message()) == GOC_OK);
	ck_assert_int_eq(v, 42);
}
END_TEST

START_TEST(test_null_records)
{
	goc_cursor *c = NULL;

	ck_assert_int_eq(goc_partner_id(NULL), 0);
	ck_assert_ptr_null(goc_partner_name_zh(NULL));
	ck_assert_ptr_null(goc_partner_name_en(NULL));
	ck_assert_int_eq(goc_partner_kind(NULL), 0);
	ck_assert_ptr_null(goc_partner_unit(NULL));
	ck_assert_ptr_null(goc_partner_date(NULL));
	ck_assert_ptr_null(goc_partner_contact(NULL));
	ck_assert_ptr_null(goc_partner_notes(NULL));
	ck_assert_int_eq(goc_expert_id(NULL), 0);
	ck_assert_ptr_null(goc_expert_name(NULL));
	ck_assert_ptr_null(goc_expert_field(NULL));
	ck_assert_ptr_null(goc_expert_affiliation(NULL));
	ck_assert_ptr_null(goc_expert_unit(NULL));
	ck_assert_ptr_null(goc_expert_date(NULL));
	ck_assert_ptr_null(goc_expert_notes(NULL));
	ck_assert_int_eq(goc_event_id(NULL), 0);
	ck_assert_ptr_null(goc_event_title_zh(NULL));
	ck_assert_ptr_null(goc_event_title_en(NULL));
	ck_assert_ptr_null(goc_event_date(NULL));
	ck_assert_ptr_null(goc_event_zone(NULL));
	ck_assert_int_eq(goc_event_kind(NULL), 0);
	ck_assert_int_eq(goc_event_international(NULL), 0);
	ck_assert_int_eq(goc_event_large(NULL), 0);
	ck_assert_ptr_null(goc_event_unit(NULL));
	ck_assert_ptr_null(goc_event_organizers(NULL));
	ck_assert_int_eq(goc_event_org_count(NULL), 0);
	ck_assert_ptr_null(goc_event_notes(NULL));
	ck_assert_int_eq(goc_request_id(NULL), 0);
	ck_assert_int_eq(goc_request_org(NULL), 0);
	ck_assert_int_eq(goc_request_category(NULL), 0);
	ck_assert_ptr_null(goc_request_opened(NULL));
	ck_assert_ptr_null(goc_request_unit(NULL));
	ck_assert_ptr_null(goc_request_summary(NULL));
	ck_assert_ptr_null(goc_request_resolved(NULL));
	ck_assert_ptr_null(goc_request_outcome(NULL));
	ck_assert_int_eq(goc_request_days(NULL), -1);
	ck_assert_ptr_null(goc_request_notes(NULL));
	ck_assert_ptr_null(goc_zone_fact_zone(NULL));
	ck_assert_ptr_null(goc_zone_fact_date(NULL));
	ck_assert_int_eq(goc_zone_fact_office_space(NULL), 0);
	ck_assert_ptr_null(goc_zone_fact_contact(NULL));
	goc_partner_free(NULL);
	goc_expert_free(NULL);
	goc_event_free(NULL);
	goc_request_free(NULL);
	goc_zone_fact_free(NULL);
	ck_assert_ptr_null(goc_cursor_partner(NULL));
	ck_assert_ptr_null(goc_cursor_expert(NULL));
	ck_assert_ptr_null(goc_cursor_event(NULL));
	ck_assert_ptr_null(goc_cursor_request(NULL));

	/* Before the first step and after the last, a cursor has no row. */
	partner_new("甲伙伴", GOC_PARTNER_OTHER, "commerce", "2024-01-01");
	ck_assert_int_eq(goc_partner_list(&c, db, NULL), GOC_OK);
	ck_assert_ptr_null(goc_cursor_partner(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_ptr_nonnull(goc_cursor_partner(c));
	ck_assert_ptr_null(goc_cursor_event(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	ck_assert_ptr_null(goc_cursor_partner(c));
	goc_cursor_free(c);
}
END_TEST

/* ------------------------------------------------------------------------
 * Partners
 * ---------------------------------------------------------------------- */

#define P_NAME_ZH "德意志银行（中国）有限公司"
#define P_NAME_EN "Deutsche Bank (China) Co., Ltd."
#define P_CONTACT "王经理 021-5888 0000 浦东新区世纪大道100号"
#define P_NOTES "首次接触\n后续跟进"

static int64_t partner_full(void)
{
	goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
	int64_t id = -1;
	f.name_zh = P_NAME_ZH;
	f.name_en = P_NAME_EN;
	f.kind = GOC_PARTNER_FINANCIAL;
	f.unit = "financial";
	f.date = "2024-04-02";
	f.contact = P_CONTACT;
	f.notes = P_NOTES;
	must(goc_partner_create(&id, db, &f), "partner full");
	ck_assert_int_gt(id, 0);
	return id;
}

static void check_partner_full(const goc_partner *p, int64_t id)
{
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(goc_partner_id(p), id);
	ck_assert_str_eq(goc_partner_name_zh(p), P_NAME_ZH);
	ck_assert_pstr_eq(goc_partner_name_en(p), P_NAME_EN);
	ck_assert_int_eq(goc_partner_kind(p), GOC_PARTNER_FINANCIAL);
	ck_assert_pstr_eq(goc_partner_unit(p), "financial");
	ck_assert_pstr_eq(goc_partner_date(p), "2024-04-02");
	ck_assert_pstr_eq(goc_partner_contact(p), P_CONTACT);
	ck_assert_pstr_eq(goc_partner_notes(p), P_NOTES);
}

START_TEST(test_partner_create_read)
{
	int64_t id = partner_full();
	goc_partner *p = NULL;
	goc_cursor *c = NULL;

	ck_assert_int_eq(goc_partner_get(&p, db, id), GOC_OK);
	check_partner_full(p, id);
	goc_partner_free(p);

	ck_assert_int_eq(goc_partner_list(&c, db, NULL), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	check_partner_full(goc_cursor_partner(c), id);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Minimal: optional fields absent, "" counts as absent; the id may be
	 * discarded. */
	{
		goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
		f.name_zh = "上海市外商投资协会";
		f.name_en = "";
		f.kind = GOC_PARTNER_CHAMBER;
		f.unit = "commerce";
		f.date = "2024-01-31";
		f.contact = "";
		must(goc_partner_create(NULL, db, &f), "minimal");
	}
	ck_assert_int_eq(goc_partner_list(&c, db, NULL), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	{
		const goc_partner *m = goc_cursor_partner(c);
		ck_assert_int_eq(goc_partner_id(m), id + 1);
		ck_assert_str_eq(goc_partner_name_zh(m), "上海市外商投资协会");
		ck_assert_ptr_null(goc_partner_name_en(m));
		ck_assert_int_eq(goc_partner_kind(m), GOC_PARTNER_CHAMBER);
		ck_assert_str_eq(goc_partner_unit(m), "commerce");
		ck_assert_str_eq(goc_partner_date(m), "2024-01-31");
		ck_assert_ptr_null(goc_partner_contact(m));
		ck_assert_ptr_null(goc_partner_notes(m));
	}
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_partner_id(goc_cursor_partner(c)), id);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Limits: 200-character names and contact, 4000-character notes. */
	{
		char *n200 = tu_repeat("名", 200), *n4000 = tu_repeat("x", 4000);
		goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
		int64_t lid = 0;
		f.name_zh = n200;
		f.name_en = n200;
		f.kind = GOC_PARTNER_OTHER;
		f.unit = "scitech";
		f.date = "2024-02-29";
		f.contact = n200;
		f.notes = n4000;
		must(goc_partner_create(&lid, db, &f), "limits");
		ck_assert_int_eq(goc_partner_get(&p, db, lid), GOC_OK);
		ck_assert_str_eq(goc_partner_name_zh(p), n200);
		ck_assert_str_eq(goc_partner_notes(p), n4000);
		goc_partner_free(p);
		free(n200);
		free(n4000);
	}
}
END_TEST

START_TEST(test_partner_create_errors)
{
	char *long201 = tu_repeat("长", 201), *long4001 = tu_repeat("y", 4001);
	goc_partner_fields ok = GOC_PARTNER_FIELDS_INIT, f;
	int64_t id = 99;

	ok.name_zh = "某跨国公司";
	ok.kind = GOC_PARTNER_MULTINATIONAL;
	ok.unit = "commerce";
	ok.date = "2024-03-03";
	partner_new(P_NAME_ZH, GOC_PARTNER_FINANCIAL, "financial", "2024-01-01");

	FAILS_NULL_DB(goc_partner_create(&id, NULL, &ok));
	ck_assert_int_eq(id, 0);
	id = 99;
	FAILS(GOC_EINVAL, "fields", goc_partner_create(&id, db, NULL));
	ck_assert_int_eq(id, 0);

#define BAD(field_, want_, setter_)                                        \
	do {                                                               \
		f = ok;                                                    \
		setter_;                                                   \
		id = 99;                                                   \
		FAILS(want_, field_, goc_partner_create(&id, db, &f));     \
		ck_assert_int_eq(id, 0);                                   \
	} while (0)
	BAD("version", GOC_EINVAL, f.version = 0);
	BAD("version", GOC_EINVAL, f.version = GOC_PARTNER_FIELDS_VERSION + 1);
	BAD("name_zh", GOC_EINVAL, f.name_zh = NULL);
	BAD("name_zh", GOC_EINVAL, f.name_zh = "");
	BAD("name_zh", GOC_EINVAL, f.name_zh = long201);
	BAD("name_zh", GOC_EINVAL, f.name_zh = " 前导空格");
	BAD("name_zh", GOC_EINVAL, f.name_zh = "尾随空格 ");
	BAD("name_zh", GOC_EINVAL, f.name_zh = "换行\n名称");
	BAD("name_zh", GOC_EINVAL, f.name_zh = "bad \xff utf8");
	BAD("name_en", GOC_EINVAL, f.name_en = long201);
	BAD("name_en", GOC_EINVAL, f.name_en = "tab\there");
	BAD("kind", GOC_EINVAL, f.kind = 0);
	BAD("kind", GOC_EINVAL, f.kind = 7);
	BAD("kind", GOC_EINVAL, f.kind = -1);
	BAD("unit", GOC_EINVAL, f.unit = NULL);
	BAD("unit", GOC_EINVAL, f.unit = "");
	BAD("unit", GOC_EINVAL, f.unit = "Commerce");
	BAD("unit", GOC_ENOTFOUND, f.unit = "nosuch");
	BAD("date", GOC_EINVAL, f.date = NULL);
	BAD("date", GOC_EINVAL, f.date = "");
	BAD("date", GOC_EINVAL, f.date = "2024-02-30");
	BAD("date", GOC_EINVAL, f.date = "2024/03/03");
	BAD("contact", GOC_EINVAL, f.contact = long201);
	BAD("contact", GOC_EINVAL, f.contact = "电话\n地址");
	BAD("notes", GOC_EINVAL, f.notes = long4001);
	BAD("notes", GOC_EINVAL, f.notes = "bad \xc3\x28");
	BAD("name_zh", GOC_EEXISTS, f.name_zh = P_NAME_ZH);
#undef BAD
	ck_assert_int_eq(list_count(L_PARTNERS), 1);
	free(long201);
	free(long4001);
}
END_TEST

START_TEST(test_partner_update)
{
	int64_t id = partner_full(), other;
	goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
	goc_partner *p = NULL;

	/* Nothing set: nothing changes. */
	must(goc_partner_update(db, id, &f), "keep all");
	ck_assert_int_eq(goc_partner_get(&p, db, id), GOC_OK);
	check_partner_full(p, id);
	goc_partner_free(p);

	/* Its own name is not a duplicate. */
	f.name_zh = P_NAME_ZH;
	must(goc_partner_update(db, id, &f), "same name");

	f = (goc_partner_fields)GOC_PARTNER_FIELDS_INIT;
	f.name_zh = "德银（中国）";
	f.kind = GOC_PARTNER_MULTINATIONAL;
	f.unit = "lujiazui-bureau";
	f.date = "2024-05-06";
	must(goc_partner_update(db, id, &f), "change");
	ck_assert_int_eq(goc_partner_get(&p, db, id), GOC_OK);
	ck_assert_str_eq(goc_partner_name_zh(p), "德银（中国）");
	ck_assert_pstr_eq(goc_partner_name_en(p), P_NAME_EN);
	ck_assert_int_eq(goc_partner_kind(p), GOC_PARTNER_MULTINATIONAL);
	ck_assert_str_eq(goc_partner_unit(p), "lujiazui-bureau");
	ck_assert_str_eq(goc_partner_date(p), "2024-05-06");
	ck_assert_pstr_eq(goc_partner_contact(p), P_CONTACT);
	ck_assert_pstr_eq(goc_partner_notes(p), P_NOTES);
	goc_partner_free(p);

	f = (goc_partner_fields)GOC_PARTNER_FIELDS_INIT;
	f.name_en = "Deutsche Bank";
	f.contact = "李经理";
	f.notes = "已签约";
	must(goc_partner_update(db, id, &f), "change optional");
	ck_assert_int_eq(goc_partner_get(&p, db, id), GOC_OK);
	ck_assert_pstr_eq(goc_partner_name_en(p), "Deutsche Bank");
	ck_assert_pstr_eq(goc_partner_contact(p), "李经理");
	ck_assert_pstr_eq(goc_partner_notes(p), "已签约");
	goc_partner_free(p);

	/* "" clears the optional ones. */
	f.name_en = f.contact = f.notes = "";
	must(goc_partner_update(db, id, &f), "clear");
	ck_assert_int_eq(goc_partner_get(&p, db, id), GOC_OK);
	ck_assert_str_eq(goc_partner_name_zh(p), "德银（中国）");
	ck_assert_ptr_null(goc_partner_name_en(p));
	ck_assert_ptr_null(goc_partner_contact(p));
	ck_assert_ptr_null(goc_partner_notes(p));
	ck_assert_int_eq(goc_partner_kind(p), GOC_PARTNER_MULTINATIONAL);
	goc_partner_free(p);

	/* Errors. */
	other = partner_new("花旗银行", GOC_PARTNER_FINANCIAL, "financial", "2024-01-01");
	FAILS_NULL_DB(goc_partner_update(NULL, id, &f));
	FAILS(GOC_EINVAL, "fields", goc_partner_update(db, id, NULL));
	f = (goc_partner_fields)GOC_PARTNER_FIELDS_INIT;
	FAILS(GOC_ENOTFOUND, "id", goc_partner_update(db, 9999, &f));
#define BAD(field_, want_, setter_)                                        \
	do {                                                               \
		f = (goc_partner_fields)GOC_PARTNER_FIELDS_INIT;           \
		setter_;                                                   \
		FAILS(want_, field_, goc_partner_update(db, id, &f));      \
	} while (0)
	BAD("version", GOC_EINVAL, f.version = 0);
	BAD("name_zh", GOC_EINVAL, f.name_zh = "");
	BAD("name_zh", GOC_EEXISTS, f.name_zh = "花旗银行");
	BAD("kind", GOC_EINVAL, f.kind = 9);
	BAD("unit", GOC_EINVAL, f.unit = "");
	BAD("unit", GOC_ENOTFOUND, f.unit = "nosuch");
	BAD("date", GOC_EINVAL, f.date = "");
	BAD("date", GOC_EINVAL, f.date = "2023-02-29");
	BAD("name_en", GOC_EINVAL, f.name_en = " x");
#undef BAD
	ck_assert_int_eq(goc_partner_get(&p, db, other), GOC_OK);
	ck_assert_str_eq(goc_partner_name_zh(p), "花旗银行");
	goc_partner_free(p);
}
END_TEST

START_TEST(test_partner_delete_get)
{
	int64_t a = partner_new("甲", GOC_PARTNER_OTHER, "commerce", "2024-01-01");
	int64_t b = partner_new("乙", GOC_PARTNER_OTHER, "commerce", "2024-01-02");
	goc_partner *p = (goc_partner *)&p;

	FAILS_NULL_DB(goc_partner_delete(NULL, a));
	FAILS(GOC_ENOTFOUND, "id", goc_partner_delete(db, 9999));
	must(goc_partner_delete(db, a), "delete");
	ck_assert_int_eq(goc_partner_get(&p, db, a), GOC_ENOTFOUND);
	ck_assert_ptr_null(p);
	expect_fail(GOC_ENOTFOUND, goc_error_last(), "id", "get deleted");
	FAILS(GOC_ENOTFOUND, "id", goc_partner_delete(db, a));
	expect_ids(L_PARTNERS, NULL, IDS(b), "after delete");

	/* The name is free again. */
	partner_new("甲", GOC_PARTNER_CHAMBER, "scitech", "2024-02-01");

	ck_assert_int_eq(goc_partner_get(NULL, db, b), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "out", "get NULL out");
	p = (goc_partner *)&p;
	expect_null_db(goc_partner_get(&p, NULL, b), "get NULL db");
	ck_assert_ptr_null(p);
}
END_TEST

/* ------------------------------------------------------------------------
 * Experts
 * ---------------------------------------------------------------------- */

static int64_t expert_full(void)
{
	goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
	int64_t id = 0;
	f.name = "李四";
	f.field = "国际金融法";
	f.affiliation = "华东政法大学";
	f.unit = "justice";
	f.date = "2024-05-06";
	f.notes = "仲裁员\n英语流利";
	must(goc_expert_create(&id, db, &f), "expert full");
	ck_assert_int_gt(id, 0);
	return id;
}

static void check_expert_full(const goc_expert *e, int64_t id)
{
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(goc_expert_id(e), id);
	ck_assert_str_eq(goc_expert_name(e), "李四");
	ck_assert_pstr_eq(goc_expert_field(e), "国际金融法");
	ck_assert_pstr_eq(goc_expert_affiliation(e), "华东政法大学");
	ck_assert_pstr_eq(goc_expert_unit(e), "justice");
	ck_assert_pstr_eq(goc_expert_date(e), "2024-05-06");
	ck_assert_pstr_eq(goc_expert_notes(e), "仲裁员\n英语流利");
}

START_TEST(test_expert_create_read)
{
	int64_t id = expert_full(), same;
	goc_expert *e = NULL;
	goc_cursor *c = NULL;

	ck_assert_int_eq(goc_expert_get(&e, db, id), GOC_OK);
	check_expert_full(e, id);
	goc_expert_free(e);
	ck_assert_int_eq(goc_expert_list(&c, db, NULL), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	check_expert_full(goc_cursor_expert(c), id);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* The same person listed by another unit: a second record. */
	same = expert_new("李四", "commerce", "2024-05-07");
	ck_assert_int_ne(same, id);
	ck_assert_int_eq(goc_expert_get(&e, db, same), GOC_OK);
	ck_assert_str_eq(goc_expert_name(e), "李四");
	ck_assert_ptr_null(goc_expert_field(e));
	ck_assert_ptr_null(goc_expert_affiliation(e));
	ck_assert_str_eq(goc_expert_unit(e), "commerce");
	ck_assert_str_eq(goc_expert_date(e), "2024-05-07");
	ck_assert_ptr_null(goc_expert_notes(e));
	goc_expert_free(e);
	expect_ids(L_EXPERTS, NULL, IDS(id, same), "two listings");
}
END_TEST

START_TEST(test_expert_errors)
{
	char *long201 = tu_repeat("专", 201), *long4001 = tu_repeat("z", 4001);
	goc_expert_fields ok = GOC_EXPERT_FIELDS_INIT, f;
	int64_t id = 99, first = expert_full();
	goc_expert *e = (goc_expert *)&e;

	ok.name = "王五";
	ok.unit = "justice";
	ok.date = "2024-06-01";
	FAILS_NULL_DB(goc_expert_create(&id, NULL, &ok));
	ck_assert_int_eq(id, 0);
	FAILS(GOC_EINVAL, "fields", goc_expert_create(&id, db, NULL));
#define BAD(field_, want_, setter_)                                        \
	do {                                                               \
		f = ok;                                                    \
		setter_;                                                   \
		id = 99;                                                   \
		FAILS(want_, field_, goc_expert_create(&id, db, &f));      \
		ck_assert_int_eq(id, 0);                                   \
	} while (0)
	BAD("version", GOC_EINVAL, f.version = 2);
	BAD("name", GOC_EINVAL, f.name = NULL);
	BAD("name", GOC_EINVAL, f.name = "");
	BAD("name", GOC_EINVAL, f.name = long201);
	BAD("name", GOC_EINVAL, f.name = "王五 ");
	BAD("field", GOC_EINVAL, f.field = long201);
	BAD("affiliation", GOC_EINVAL, f.affiliation = long201);
	BAD("affiliation", GOC_EINVAL, f.affiliation = "a\nb");
	BAD("unit", GOC_EINVAL, f.unit = NULL);
	BAD("unit", GOC_EINVAL, f.unit = "-x");
	BAD("unit", GOC_ENOTFOUND, f.unit = "nosuch");
	BAD("date", GOC_EINVAL, f.date = NULL);
	BAD("date", GOC_EINVAL, f.date = "2024-6-1");
	BAD("notes", GOC_EINVAL, f.notes = long4001);
	BAD("name", GOC_EEXISTS, f.name = "李四");
#undef BAD

	/* Update. */
	{
		int64_t second = expert_new("李四", "commerce", "2024-06-02");
		f = (goc_expert_fields)GOC_EXPERT_FIELDS_INIT;
		FAILS_NULL_DB(goc_expert_update(NULL, first, &f));
		FAILS(GOC_EINVAL, "fields", goc_expert_update(db, first, NULL));
		FAILS(GOC_ENOTFOUND, "id", goc_expert_update(db, 9999, &f));
		f.unit = "justice"; /* second would list 李四 twice at justice */
		FAILS(GOC_EEXISTS, "name", goc_expert_update(db, second, &f));
		f = (goc_expert_fields)GOC_EXPERT_FIELDS_INIT;
		f.name = "";
		FAILS(GOC_EINVAL, "name", goc_expert_update(db, first, &f));
		f.name = NULL;
		f.unit = "";
		FAILS(GOC_EINVAL, "unit", goc_expert_update(db, first, &f));
		f.unit = "nosuch";
		FAILS(GOC_ENOTFOUND, "unit", goc_expert_update(db, first, &f));
		f.unit = NULL;
		f.date = "";
		FAILS(GOC_EINVAL, "date", goc_expert_update(db, first, &f));
		f.date = NULL;
		f.field = long201;
		FAILS(GOC_EINVAL, "field", goc_expert_update(db, first, &f));
		f.field = NULL;
		f.version = 0;
		FAILS(GOC_EINVAL, "version", goc_expert_update(db, first, &f));
	}

	/* Delete and get. */
	FAILS_NULL_DB(goc_expert_delete(NULL, first));
	FAILS(GOC_ENOTFOUND, "id", goc_expert_delete(db, 9999));
	ck_assert_int_eq(goc_expert_get(NULL, db, first), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "out", "get NULL out");
	ck_assert_int_eq(goc_expert_get(&e, db, 9999), GOC_ENOTFOUND);
	ck_assert_ptr_null(e);
	expect_fail(GOC_ENOTFOUND, goc_error_last(), "id", "get unknown");
	e = (goc_expert *)&e;
	expect_null_db(goc_expert_get(&e, NULL, first), "get NULL db");
	ck_assert_ptr_null(e);
	free(long201);
	free(long4001);
}
END_TEST

START_TEST(test_expert_update_delete)
{
	int64_t id = expert_full();
	goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
	goc_expert *e = NULL;

	must(goc_expert_update(db, id, &f), "keep");
	ck_assert_int_eq(goc_expert_get(&e, db, id), GOC_OK);
	check_expert_full(e, id);
	goc_expert_free(e);

	f.name = "李四（教授）";
	f.field = "国际贸易";
	f.unit = "commerce";
	f.date = "2024-07-01";
	must(goc_expert_update(db, id, &f), "change");
	ck_assert_int_eq(goc_expert_get(&e, db, id), GOC_OK);
	ck_assert_str_eq(goc_expert_name(e), "李四（教授）");
	ck_assert_pstr_eq(goc_expert_field(e), "国际贸易");
	ck_assert_pstr_eq(goc_expert_affiliation(e), "华东政法大学");
	ck_assert_str_eq(goc_expert_unit(e), "commerce");
	ck_assert_str_eq(goc_expert_date(e), "2024-07-01");
	ck_assert_pstr_eq(goc_expert_notes(e), "仲裁员\n英语流利");
	goc_expert_free(e);

	f = (goc_expert_fields)GOC_EXPERT_FIELDS_INIT;
	f.field = f.affiliation = f.notes = "";
	must(goc_expert_update(db, id, &f), "clear");
	ck_assert_int_eq(goc_expert_get(&e, db, id), GOC_OK);
	ck_assert_ptr_null(goc_expert_field(e));
	ck_assert_ptr_null(goc_expert_affiliation(e));
	ck_assert_ptr_null(goc_expert_notes(e));
	ck_assert_str_eq(goc_expert_name(e), "李四（教授）");
	goc_expert_free(e);

	must(goc_expert_delete(db, id), "delete");
	ck_assert_int_eq(goc_expert_get(&e, db, id), GOC_ENOTFOUND);
	FAILS(GOC_ENOTFOUND, "id", goc_expert_delete(db, id));
	ck_assert_int_eq(list_count(L_EXPERTS), 0);
}
END_TEST

/* ------------------------------------------------------------------------
 * Events
 * ---------------------------------------------------------------------- */

#define EV_TITLE_ZH "2024陆家嘴论坛·国际组织分论坛"
#define EV_TITLE_EN "Lujiazui Forum 2024: International Organizations Session"

static int64_t event_full(void)
{
	goc_event_fields f = GOC_EVENT_FIELDS_INIT;
	int64_t id = 0;
	f.title_zh = EV_TITLE_ZH;
	f.title_en = EV_TITLE_EN;
	f.date = "2024-06-19";
	f.zone = "lujiazui";
	f.kind = GOC_EVENT_FORUM;
	f.international = GOC_YES;
	f.large = GOC_YES;
	f.unit = "financial";
	f.notes = "主会场\n分会场";
	must(goc_event_create(&id, db, &f), "event full");
	ck_assert_int_gt(id, 0);
	return id;
}

/* goc_event_organizer_at() gives the items of the comma text, in order,
 * and NULL out of range. */
static void check_organizer_items(const goc_event *e, const char *organizers)
{
	char joined[256] = "";
	int n = goc_event_organizer_count(e);

	for (int i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(goc_event_organizer_at(e, i));
		if (i)
			strcat(joined, ",");
		strcat(joined, goc_event_organizer_at(e, i));
	}
	ck_assert_str_eq(joined, organizers ? organizers : "");
	ck_assert_ptr_null(goc_event_organizer_at(e, n));
	ck_assert_ptr_null(goc_event_organizer_at(e, -1));
}

static void check_event_full(const goc_event *e, int64_t id, const char *organizers,
                             int org_count)
{
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(goc_event_id(e), id);
	ck_assert_str_eq(goc_event_title_zh(e), EV_TITLE_ZH);
	ck_assert_pstr_eq(goc_event_title_en(e), EV_TITLE_EN);
	ck_assert_str_eq(goc_event_date(e), "2024-06-19");
	ck_assert_pstr_eq(goc_event_zone(e), "lujiazui");
	ck_assert_int_eq(goc_event_kind(e), GOC_EVENT_FORUM);
	ck_assert_int_eq(goc_event_international(e), 1);
	ck_assert_int_eq(goc_event_large(e), 1);
	ck_assert_str_eq(goc_event_unit(e), "financial");
	ck_assert_pstr_eq(goc_event_organizers(e), organizers);
	check_organizer_items(e, organizers);
	ck_assert_int_eq(goc_event_org_count(e), org_count);
	ck_assert_pstr_eq(goc_event_notes(e), "主会场\n分会场");
}

static void check_event(int64_t id, const char *organizers, int org_count)
{
	goc_event *e = NULL;
	goc_cursor *c = NULL;
	int rc;

	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_OK);
	check_event_full(e, id, organizers, org_count);
	goc_event_free(e);
	ck_assert_int_eq(goc_event_list(&c, db, NULL), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW)
		if (goc_event_id(goc_cursor_event(c)) == id)
			break;
	ck_assert_int_eq(rc, GOC_ROW);
	check_event_full(goc_cursor_event(c), id, organizers, org_count);
	goc_cursor_free(c);
}

START_TEST(test_event_create_read)
{
	int64_t id = event_full(), plain;
	goc_event *e = NULL;

	check_event(id, "financial", 0);

	/* Minimal: no zone, flags default to no. */
	plain = event_new("浦东国际组织宣传推介会", "2024-03-01", NULL, GOC_EVENT_PROMOTION,
	                  GOC_ANY, GOC_ANY, "publicity");
	ck_assert_int_eq(goc_event_get(&e, db, plain), GOC_OK);
	ck_assert_str_eq(goc_event_title_zh(e), "浦东国际组织宣传推介会");
	ck_assert_ptr_null(goc_event_title_en(e));
	ck_assert_str_eq(goc_event_date(e), "2024-03-01");
	ck_assert_ptr_null(goc_event_zone(e));
	ck_assert_int_eq(goc_event_kind(e), GOC_EVENT_PROMOTION);
	ck_assert_int_eq(goc_event_international(e), 0);
	ck_assert_int_eq(goc_event_large(e), 0);
	ck_assert_str_eq(goc_event_unit(e), "publicity");
	ck_assert_str_eq(goc_event_organizers(e), "publicity");
	ck_assert_int_eq(goc_event_org_count(e), 0);
	ck_assert_ptr_null(goc_event_notes(e));
	goc_event_free(e);

	/* GOC_NO is no; "" zone is no zone; a 300-character title. */
	{
		char *t300 = tu_repeat("题", 300);
		goc_event_fields f = GOC_EVENT_FIELDS_INIT;
		int64_t nid = 0;
		f.title_zh = t300;
		f.title_en = "";
		f.date = "2024-12-31";
		f.zone = "";
		f.kind = GOC_EVENT_OTHER;
		f.international = GOC_NO;
		f.large = GOC_NO;
		f.unit = "expo-bureau";
		must(goc_event_create(&nid, db, &f), "no flags");
		ck_assert_int_eq(goc_event_get(&e, db, nid), GOC_OK);
		ck_assert_str_eq(goc_event_title_zh(e), t300);
		ck_assert_ptr_null(goc_event_title_en(e));
		ck_assert_ptr_null(goc_event_zone(e));
		ck_assert_int_eq(goc_event_international(e), 0);
		ck_assert_int_eq(goc_event_large(e), 0);
		goc_event_free(e);
		free(t300);
	}
	expect_ids(L_EVENTS, NULL, IDS(plain, id, id + 2), "by date");
}
END_TEST

START_TEST(test_event_organizers_orgs)
{
	int64_t id = event_full();

	/* Co-organizers: joined in code order; the first stays the unit. */
	must(goc_event_add_organizer(db, id, "scitech"), "scitech");
	must(goc_event_add_organizer(db, id, "commerce"), "commerce");
	check_event(id, "commerce,financial,scitech", 0);
	must(goc_event_add_organizer(db, id, "commerce"), "commerce again");
	must(goc_event_add_organizer(db, id, "financial"), "the unit itself");
	check_event(id, "commerce,financial,scitech", 0);

	must(goc_event_add_org(db, id, ORG_A), "org A");
	check_event(id, "commerce,financial,scitech", 1);
	must(goc_event_add_org(db, id, ORG_A), "org A again");
	must(goc_event_add_org(db, id, ORG_B), "org B");
	check_event(id, "commerce,financial,scitech", 2);

	/* Errors. */
	FAILS_NULL_DB(goc_event_add_organizer(NULL, id, "tax"));
	FAILS(GOC_EINVAL, "unit", goc_event_add_organizer(db, id, NULL));
	FAILS(GOC_EINVAL, "unit", goc_event_add_organizer(db, id, ""));
	FAILS(GOC_EINVAL, "unit", goc_event_add_organizer(db, id, "Tax Bureau"));
	FAILS(GOC_ENOTFOUND, "unit", goc_event_add_organizer(db, id, "nosuch"));
	FAILS(GOC_ENOTFOUND, "event_id", goc_event_add_organizer(db, 9999, "tax"));
	FAILS_NULL_DB(goc_event_add_org(NULL, id, ORG_A));
	FAILS(GOC_ENOTFOUND, "event_id", goc_event_add_org(db, 9999, ORG_A));
	FAILS(GOC_ENOTFOUND, "org_id", goc_event_add_org(db, id, 9999));
	FAILS(GOC_ENOTFOUND, "org_id", goc_event_add_org(db, id, 0));
	check_event(id, "commerce,financial,scitech", 2);
}
END_TEST

START_TEST(test_event_update)
{
	int64_t id = event_full();
	goc_event_fields f = GOC_EVENT_FIELDS_INIT;
	goc_event *e = NULL;

	must(goc_event_add_organizer(db, id, "commerce"), "co-organizer");
	must(goc_event_add_org(db, id, ORG_A), "org");

	/* Nothing set (flags GOC_ANY): nothing changes. */
	must(goc_event_update(db, id, &f), "keep");
	check_event(id, "commerce,financial", 1);

	/* Flags: GOC_NO turns off, GOC_ANY keeps, GOC_YES turns on. */
	f.international = GOC_NO;
	must(goc_event_update(db, id, &f), "international off");
	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_OK);
	ck_assert_int_eq(goc_event_international(e), 0);
	ck_assert_int_eq(goc_event_large(e), 1);
	goc_event_free(e);
	f.international = GOC_ANY;
	f.large = GOC_NO;
	must(goc_event_update(db, id, &f), "large off");
	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_OK);
	ck_assert_int_eq(goc_event_international(e), 0);
	ck_assert_int_eq(goc_event_large(e), 0);
	goc_event_free(e);
	f.international = GOC_YES;
	f.large = GOC_ANY;
	must(goc_event_update(db, id, &f), "international on");
	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_OK);
	ck_assert_int_eq(goc_event_international(e), 1);
	ck_assert_int_eq(goc_event_large(e), 0);
	goc_event_free(e);

	/* Other fields; a new unit replaces the old among the organizers. */
	f = (goc_event_fields)GOC_EVENT_FIELDS_INIT;
	f.title_zh = "陆家嘴论坛";
	f.title_en = "Lujiazui Forum";
	f.date = "2024-06-20";
	f.zone = "expo";
	f.kind = GOC_EVENT_CONFERENCE;
	f.unit = "lujiazui-bureau";
	f.notes = "改期";
	must(goc_event_update(db, id, &f), "change");
	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_OK);
	ck_assert_str_eq(goc_event_title_zh(e), "陆家嘴论坛");
	ck_assert_pstr_eq(goc_event_title_en(e), "Lujiazui Forum");
	ck_assert_str_eq(goc_event_date(e), "2024-06-20");
	ck_assert_pstr_eq(goc_event_zone(e), "expo");
	ck_assert_int_eq(goc_event_kind(e), GOC_EVENT_CONFERENCE);
	ck_assert_int_eq(goc_event_international(e), 1);
	ck_assert_int_eq(goc_event_large(e), 0);
	ck_assert_str_eq(goc_event_unit(e), "lujiazui-bureau");
	ck_assert_str_eq(goc_event_organizers(e), "commerce,lujiazui-bureau");
	ck_assert_int_eq(goc_event_organizer_count(e), 2);
	ck_assert_str_eq(goc_event_organizer_at(e, 1), "lujiazui-bureau");
	ck_assert_int_eq(goc_event_org_count(e), 1);
	ck_assert_pstr_eq(goc_event_notes(e), "改期");
	goc_event_free(e);

	/* The unit may become one of the co-organizers. */
	f = (goc_event_fields)GOC_EVENT_FIELDS_INIT;
	f.unit = "commerce";
	must(goc_event_update(db, id, &f), "unit to co-organizer");
	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_OK);
	ck_assert_str_eq(goc_event_unit(e), "commerce");
	ck_assert_str_eq(goc_event_organizers(e), "commerce");
	goc_event_free(e);

	/* "" clears the optional ones. */
	f = (goc_event_fields)GOC_EVENT_FIELDS_INIT;
	f.title_en = f.zone = f.notes = "";
	must(goc_event_update(db, id, &f), "clear");
	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_OK);
	ck_assert_ptr_null(goc_event_title_en(e));
	ck_assert_ptr_null(goc_event_zone(e));
	ck_assert_ptr_null(goc_event_notes(e));
	ck_assert_str_eq(goc_event_title_zh(e), "陆家嘴论坛");
	goc_event_free(e);

	/* Errors. */
	FAILS_NULL_DB(goc_event_update(NULL, id, &f));
	FAILS(GOC_EINVAL, "fields", goc_event_update(db, id, NULL));
	f = (goc_event_fields)GOC_EVENT_FIELDS_INIT;
	FAILS(GOC_ENOTFOUND, "id", goc_event_update(db, 9999, &f));
#define BAD(field_, want_, setter_)                                        \
	do {                                                               \
		f = (goc_event_fields)GOC_EVENT_FIELDS_INIT;               \
		setter_;                                                   \
		FAILS(want_, field_, goc_event_update(db, id, &f));        \
	} while (0)
	BAD("version", GOC_EINVAL, f.version = 0);
	BAD("title_zh", GOC_EINVAL, f.title_zh = "");
	BAD("date", GOC_EINVAL, f.date = "");
	BAD("date", GOC_EINVAL, f.date = "2024-00-10");
	BAD("kind", GOC_EINVAL, f.kind = 5);
	BAD("international", GOC_EINVAL, f.international = 3);
	BAD("international", GOC_EINVAL, f.international = -1);
	BAD("large", GOC_EINVAL, f.large = 3);
	BAD("zone", GOC_ENOTFOUND, f.zone = "pudong");
	BAD("zone", GOC_EINVAL, f.zone = "Expo");
	BAD("unit", GOC_EINVAL, f.unit = "");
	BAD("unit", GOC_ENOTFOUND, f.unit = "nosuch");
#undef BAD
}
END_TEST

START_TEST(test_event_create_errors)
{
	char *long301 = tu_repeat("题", 301), *long4001 = tu_repeat("n", 4001);
	goc_event_fields ok = GOC_EVENT_FIELDS_INIT, f;
	int64_t id = 99;

	ok.title_zh = "金桥国际组织交流会";
	ok.date = "2024-08-08";
	ok.kind = GOC_EVENT_CONFERENCE;
	ok.unit = "jinqiao-bureau";
	FAILS_NULL_DB(goc_event_create(&id, NULL, &ok));
	ck_assert_int_eq(id, 0);
	FAILS(GOC_EINVAL, "fields", goc_event_create(&id, db, NULL));
#define BAD(field_, want_, setter_)                                        \
	do {                                                               \
		f = ok;                                                    \
		setter_;                                                   \
		id = 99;                                                   \
		FAILS(want_, field_, goc_event_create(&id, db, &f));       \
		ck_assert_int_eq(id, 0);                                   \
	} while (0)
	BAD("version", GOC_EINVAL, f.version = 7);
	BAD("title_zh", GOC_EINVAL, f.title_zh = NULL);
	BAD("title_zh", GOC_EINVAL, f.title_zh = "");
	BAD("title_zh", GOC_EINVAL, f.title_zh = long301);
	BAD("title_zh", GOC_EINVAL, f.title_zh = "\x01title");
	BAD("title_en", GOC_EINVAL, f.title_en = long301);
	BAD("date", GOC_EINVAL, f.date = NULL);
	BAD("date", GOC_EINVAL, f.date = "2024-08-32");
	BAD("zone", GOC_EINVAL, f.zone = "Jinqiao");
	BAD("zone", GOC_ENOTFOUND, f.zone = "hongqiao");
	BAD("kind", GOC_EINVAL, f.kind = 0);
	BAD("kind", GOC_EINVAL, f.kind = 5);
	BAD("international", GOC_EINVAL, f.international = 3);
	BAD("large", GOC_EINVAL, f.large = -2);
	BAD("unit", GOC_EINVAL, f.unit = NULL);
	BAD("unit", GOC_EINVAL, f.unit = "");
	BAD("unit", GOC_ENOTFOUND, f.unit = "nosuch");
	BAD("notes", GOC_EINVAL, f.notes = long4001);
#undef BAD
	ck_assert_int_eq(list_count(L_EVENTS), 0);
	free(long301);
	free(long4001);
}
END_TEST

START_TEST(test_event_delete_get)
{
	int64_t id = event_full(), other = event_full();
	goc_event *e = (goc_event *)&e;
	goc_activity_filter flt = GOC_ACTIVITY_FILTER_INIT;

	must(goc_event_add_organizer(db, id, "commerce"), "organizer");
	must(goc_event_add_org(db, id, ORG_A), "org");
	FAILS_NULL_DB(goc_event_delete(NULL, id));
	FAILS(GOC_ENOTFOUND, "id", goc_event_delete(db, 9999));
	must(goc_event_delete(db, id), "delete");
	ck_assert_int_eq(goc_event_get(&e, db, id), GOC_ENOTFOUND);
	ck_assert_ptr_null(e);
	expect_fail(GOC_ENOTFOUND, goc_error_last(), "id", "get deleted");
	FAILS(GOC_ENOTFOUND, "id", goc_event_delete(db, id));
	expect_ids(L_EVENTS, NULL, IDS(other), "after delete");

	/* Its organizers and related organizations went with it. */
	flt.unit = "commerce";
	expect_ids(L_EVENTS, &flt, NONE, "organizer gone");
	flt.unit = NULL;
	flt.org = ORG_A;
	expect_ids(L_EVENTS, &flt, NONE, "org relation gone");
	must(goc_org_delete(db, ORG_A), "the organization is no longer referred to");

	ck_assert_int_eq(goc_event_get(NULL, db, other), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "out", "get NULL out");
	e = (goc_event *)&e;
	expect_null_db(goc_event_get(&e, NULL, other), "get NULL db");
	ck_assert_ptr_null(e);
}
END_TEST

/* ------------------------------------------------------------------------
 * Service requests
 * ---------------------------------------------------------------------- */

#define RQ_SUMMARY "外籍员工工作许可及居留许可办理\n需加急"

static int64_t request_full(void)
{
	goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
	int64_t id = 0;
	f.org = ORG_A;
	f.category = GOC_REQUEST_VISA;
	f.opened = "2024-03-01";
	f.unit = "police";
	f.summary = RQ_SUMMARY;
	f.notes = "联系人：赵六";
	must(goc_request_create(&id, db, &f), "request full");
	ck_assert_int_gt(id, 0);
	return id;
}

static void check_request_full(const goc_request *r, int64_t id, const char *resolved,
                               const char *outcome, int days)
{
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(goc_request_id(r), id);
	ck_assert_int_eq(goc_request_org(r), ORG_A);
	ck_assert_int_eq(goc_request_category(r), GOC_REQUEST_VISA);
	ck_assert_str_eq(goc_request_opened(r), "2024-03-01");
	ck_assert_str_eq(goc_request_unit(r), "police");
	ck_assert_str_eq(goc_request_summary(r), RQ_SUMMARY);
	ck_assert_pstr_eq(goc_request_resolved(r), resolved);
	ck_assert_pstr_eq(goc_request_outcome(r), outcome);
	ck_assert_int_eq(goc_request_days(r), days);
	ck_assert_pstr_eq(goc_request_notes(r), "联系人：赵六");
}

static void check_request(int64_t id, const char *resolved, const char *outcome, int days)
{
	goc_request *r = NULL;
	goc_cursor *c = NULL;
	int rc;

	ck_assert_int_eq(goc_request_get(&r, db, id), GOC_OK);
	check_request_full(r, id, resolved, outcome, days);
	goc_request_free(r);
	ck_assert_int_eq(goc_request_list(&c, db, NULL), GOC_OK);
	while ((rc = goc_cursor_next(c)) == GOC_ROW)
		if (goc_request_id(goc_cursor_request(c)) == id)
			break;
	ck_assert_int_eq(rc, GOC_ROW);
	check_request_full(goc_cursor_request(c), id, resolved, outcome, days);
	goc_cursor_free(c);
}

static int days_of(int64_t id)
{
	goc_request *r = NULL;
	int d;
	ck_assert_int_eq(goc_request_get(&r, db, id), GOC_OK);
	d = goc_request_days(r);
	goc_request_free(r);
	return d;
}

START_TEST(test_request_create_resolve)
{
	int64_t id = request_full();

	check_request(id, NULL, NULL, -1);
	must(goc_request_resolve(db, id, "2024-03-11", "已办结：签证已发放"), "resolve");
	check_request(id, "2024-03-11", "已办结：签证已发放", 10);

	/* Resolved twice: refused, nothing changes. */
	FAILS(GOC_ESTATE, "resolved", goc_request_resolve(db, id, "2024-03-12", "again"));
	check_request(id, "2024-03-11", "已办结：签证已发放", 10);

	/* Days: same day, across February of a leap year, across a year. */
	{
		int64_t a = request_new(ORG_B, GOC_REQUEST_TAX, "2024-05-05", "tax");
		int64_t b = request_new(ORG_B, GOC_REQUEST_OFFICE, "2024-02-28", "expo-bureau");
		int64_t c = request_new(ORG_B, GOC_REQUEST_OTHER, "2023-12-31", "commerce");
		must(goc_request_resolve(db, a, "2024-05-05", "当日办结"), "same day");
		must(goc_request_resolve(db, b, "2024-03-01", "ok"), "leap");
		must(goc_request_resolve(db, c, "2024-01-02", "ok"), "new year");
		ck_assert_int_eq(days_of(a), 0);
		ck_assert_int_eq(days_of(b), 2);
		ck_assert_int_eq(days_of(c), 2);
	}
}
END_TEST

START_TEST(test_request_resolve_errors)
{
	int64_t id = request_full();
	char *long2001 = tu_repeat("办", 2001), *ok2000 = tu_repeat("办", 2000);

	FAILS_NULL_DB(goc_request_resolve(NULL, id, "2024-03-11", "ok"));
	FAILS(GOC_ENOTFOUND, "id", goc_request_resolve(db, 9999, "2024-03-11", "ok"));
	FAILS(GOC_EINVAL, "date", goc_request_resolve(db, id, NULL, "ok"));
	FAILS(GOC_EINVAL, "date", goc_request_resolve(db, id, "2024-3-11", "ok"));
	FAILS(GOC_EINVAL, "date", goc_request_resolve(db, id, "2024-02-29x", "ok"));
	FAILS(GOC_EINVAL, "date", goc_request_resolve(db, id, "2024-02-29", "ok"));
	FAILS(GOC_EINVAL, "outcome", goc_request_resolve(db, id, "2024-03-11", NULL));
	FAILS(GOC_EINVAL, "outcome", goc_request_resolve(db, id, "2024-03-11", ""));
	FAILS(GOC_EINVAL, "outcome", goc_request_resolve(db, id, "2024-03-11", long2001));
	FAILS(GOC_EINVAL, "outcome", goc_request_resolve(db, id, "2024-03-11", "bad\xff"));
	check_request(id, NULL, NULL, -1);
	must(goc_request_resolve(db, id, "2024-03-01", ok2000), "same day, 2000 characters");
	check_request(id, "2024-03-01", ok2000, 0);
	free(long2001);
	free(ok2000);
}
END_TEST

START_TEST(test_request_create_errors)
{
	char *long2001 = tu_repeat("述", 2001), *long4001 = tu_repeat("q", 4001);
	goc_request_fields ok = GOC_REQUEST_FIELDS_INIT, f;
	int64_t id = 99;

	ok.org = ORG_B;
	ok.category = GOC_REQUEST_REGISTRATION;
	ok.opened = "2024-04-01";
	ok.unit = "market";
	ok.summary = "登记设立咨询";
	FAILS_NULL_DB(goc_request_create(&id, NULL, &ok));
	ck_assert_int_eq(id, 0);
	FAILS(GOC_EINVAL, "fields", goc_request_create(&id, db, NULL));
#define BAD(field_, want_, setter_)                                        \
	do {                                                               \
		f = ok;                                                    \
		setter_;                                                   \
		id = 99;                                                   \
		FAILS(want_, field_, goc_request_create(&id, db, &f));     \
		ck_assert_int_eq(id, 0);                                   \
	} while (0)
	BAD("version", GOC_EINVAL, f.version = 0);
	BAD("org", GOC_EINVAL, f.org = 0);
	BAD("org", GOC_ENOTFOUND, f.org = 9999);
	BAD("org", GOC_ENOTFOUND, f.org = -1);
	BAD("category", GOC_EINVAL, f.category = 0);
	BAD("category", GOC_EINVAL, f.category = 7);
	BAD("opened", GOC_EINVAL, f.opened = NULL);
	BAD("opened", GOC_EINVAL, f.opened = "2024-04-31");
	BAD("unit", GOC_EINVAL, f.unit = NULL);
	BAD("unit", GOC_EINVAL, f.unit = "Market");
	BAD("unit", GOC_ENOTFOUND, f.unit = "nosuch");
	BAD("summary", GOC_EINVAL, f.summary = NULL);
	BAD("summary", GOC_EINVAL, f.summary = "");
	BAD("summary", GOC_EINVAL, f.summary = long2001);
	BAD("summary", GOC_EINVAL, f.summary = "x\x7f");
	BAD("notes", GOC_EINVAL, f.notes = long4001);
#undef BAD
	ck_assert_int_eq(list_count(L_REQUESTS), 0);
	free(long2001);
	free(long4001);
}
END_TEST

START_TEST(test_request_update_delete)
{
	int64_t id = request_full();
	goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
	goc_request *r = (goc_request *)&r;

	must(goc_request_update(db, id, &f), "keep");
	check_request(id, NULL, NULL, -1);

	f.org = ORG_B;
	f.category = GOC_REQUEST_TALENT;
	f.opened = "2024-02-20";
	f.unit = "hrss";
	f.summary = "人才引进";
	f.notes = "";
	must(goc_request_update(db, id, &f), "change");
	ck_assert_int_eq(goc_request_get(&r, db, id), GOC_OK);
	ck_assert_int_eq(goc_request_org(r), ORG_B);
	ck_assert_int_eq(goc_request_category(r), GOC_REQUEST_TALENT);
	ck_assert_str_eq(goc_request_opened(r), "2024-02-20");
	ck_assert_str_eq(goc_request_unit(r), "hrss");
	ck_assert_str_eq(goc_request_summary(r), "人才引进");
	ck_assert_ptr_null(goc_request_notes(r));
	ck_assert_int_eq(goc_request_days(r), -1);
	goc_request_free(r);

	/* After resolution: opened may move, but not past the resolution. */
	must(goc_request_resolve(db, id, "2024-03-01", "办结"), "resolve");
	ck_assert_int_eq(days_of(id), 10);
	f = (goc_request_fields)GOC_REQUEST_FIELDS_INIT;
	f.opened = "2024-02-25";
	must(goc_request_update(db, id, &f), "move opened");
	ck_assert_int_eq(days_of(id), 5);
	f.opened = "2024-03-01";
	must(goc_request_update(db, id, &f), "opened on the resolution day");
	ck_assert_int_eq(days_of(id), 0);
	f.opened = "2024-03-02";
	FAILS(GOC_EINVAL, "opened", goc_request_update(db, id, &f));

	/* Errors. */
	FAILS_NULL_DB(goc_request_update(NULL, id, &f));
	FAILS(GOC_EINVAL, "fields", goc_request_update(db, id, NULL));
	f = (goc_request_fields)GOC_REQUEST_FIELDS_INIT;
	FAILS(GOC_ENOTFOUND, "id", goc_request_update(db, 9999, &f));
#define BAD(field_, want_, setter_)                                        \
	do {                                                               \
		f = (goc_request_fields)GOC_REQUEST_FIELDS_INIT;           \
		setter_;                                                   \
		FAILS(want_, field_, goc_request_update(db, id, &f));      \
	} while (0)
	BAD("version", GOC_EINVAL, f.version = 2);
	BAD("org", GOC_ENOTFOUND, f.org = 9999);
	BAD("category", GOC_EINVAL, f.category = -3);
	BAD("opened", GOC_EINVAL, f.opened = "");
	BAD("unit", GOC_EINVAL, f.unit = "");
	BAD("unit", GOC_ENOTFOUND, f.unit = "nosuch");
	BAD("summary", GOC_EINVAL, f.summary = "");
#undef BAD

	/* Delete and get. */
	FAILS_NULL_DB(goc_request_delete(NULL, id));
	FAILS(GOC_ENOTFOUND, "id", goc_request_delete(db, 9999));
	ck_assert_int_eq(goc_request_get(NULL, db, id), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "out", "get NULL out");
	r = (goc_request *)&r;
	expect_null_db(goc_request_get(&r, NULL, id), "get NULL db");
	ck_assert_ptr_null(r);
	must(goc_request_delete(db, id), "delete");
	ck_assert_int_eq(goc_request_get(&r, db, id), GOC_ENOTFOUND);
	ck_assert_ptr_null(r);
	expect_fail(GOC_ENOTFOUND, goc_error_last(), "id", "get deleted");
	FAILS(GOC_ENOTFOUND, "id", goc_request_delete(db, id));
	ck_assert_int_eq(list_count(L_REQUESTS), 0);
	/* The organization is no longer referred to. */
	must(goc_org_delete(db, ORG_B), "delete the organization");
}
END_TEST

/* ------------------------------------------------------------------------
 * Zone facts
 * ---------------------------------------------------------------------- */

static void expect_facts(const char *zone, const char *as_of, const char *date, int office,
                         const char *contact)
{
	goc_zone_fact *z = NULL;
	int rc = goc_zone_facts(&z, db, zone, as_of);
	ck_assert_msg(rc == GOC_OK, "facts of %s as of %s: %d: %s", zone, as_of, rc,
	              goc_error_message());
	ck_assert_str_eq(goc_zone_fact_zone(z), zone);
	ck_assert_str_eq(goc_zone_fact_date(z), date);
	ck_assert_int_eq(goc_zone_fact_office_space(z), office);
	ck_assert_pstr_eq(goc_zone_fact_contact(z), contact);
	goc_zone_fact_free(z);
}

START_TEST(test_zone_facts_history)
{
	goc_zone_fact *z = (goc_zone_fact *)&z;

	must(goc_zone_set_facts(db, "lujiazui", "2024-03-01", 1, "陆家嘴管理局 钱七"), "first");
	must(goc_zone_set_facts(db, "lujiazui", "2024-09-01", 0, NULL), "second");
	must(goc_zone_set_facts(db, "lujiazui", "2025-01-01", 1, "孙八"), "third");
	must(goc_zone_set_facts(db, "expo", "2024-06-01", 0, ""), "expo");

	/* Before any statement: none. */
	ck_assert_int_eq(goc_zone_facts(&z, db, "lujiazui", "2024-02-29"), GOC_ENOTFOUND);
	ck_assert_ptr_null(z);
	expect_fail(GOC_ENOTFOUND, goc_error_last(), "as_of", "before any statement");
	ck_assert_int_eq(goc_zone_facts(&z, db, "zhangjiang", "2030-01-01"), GOC_ENOTFOUND);

	/* The latest statement on or before the date. */
	expect_facts("lujiazui", "2024-03-01", "2024-03-01", 1, "陆家嘴管理局 钱七");
	expect_facts("lujiazui", "2024-08-31", "2024-03-01", 1, "陆家嘴管理局 钱七");
	expect_facts("lujiazui", "2024-09-01", "2024-09-01", 0, NULL);
	expect_facts("lujiazui", "2024-12-31", "2024-09-01", 0, NULL);
	expect_facts("lujiazui", "2025-01-01", "2025-01-01", 1, "孙八");
	expect_facts("lujiazui", "2999-12-31", "2025-01-01", 1, "孙八");
	expect_facts("expo", "2024-06-01", "2024-06-01", 0, NULL);

	/* A statement dated between others takes effect from its date. */
	must(goc_zone_set_facts(db, "lujiazui", "2024-06-01", 0, "周九"), "between");
	expect_facts("lujiazui", "2024-05-31", "2024-03-01", 1, "陆家嘴管理局 钱七");
	expect_facts("lujiazui", "2024-07-01", "2024-06-01", 0, "周九");
	expect_facts("lujiazui", "2024-09-02", "2024-09-01", 0, NULL);
}
END_TEST

START_TEST(test_zone_facts_errors)
{
	char *long201 = tu_repeat("人", 201);
	goc_zone_fact *z = (goc_zone_fact *)&z;

	must(goc_zone_set_facts(db, "ftz", "2024-01-01", 1, "吴十"), "first");
	FAILS_NULL_DB(goc_zone_set_facts(NULL, "ftz", "2024-02-01", 1, NULL));
	FAILS(GOC_EINVAL, "zone", goc_zone_set_facts(db, NULL, "2024-02-01", 1, NULL));
	FAILS(GOC_EINVAL, "zone", goc_zone_set_facts(db, "", "2024-02-01", 1, NULL));
	FAILS(GOC_EINVAL, "zone", goc_zone_set_facts(db, "FTZ", "2024-02-01", 1, NULL));
	FAILS(GOC_ENOTFOUND, "zone", goc_zone_set_facts(db, "hongqiao", "2024-02-01", 1, NULL));
	FAILS(GOC_EINVAL, "date", goc_zone_set_facts(db, "ftz", NULL, 1, NULL));
	FAILS(GOC_EINVAL, "date", goc_zone_set_facts(db, "ftz", "2024-02-30", 1, NULL));
	FAILS(GOC_EINVAL, "office_space", goc_zone_set_facts(db, "ftz", "2024-02-01", 2, NULL));
	FAILS(GOC_EINVAL, "office_space", goc_zone_set_facts(db, "ftz", "2024-02-01", -1, NULL));
	FAILS(GOC_EINVAL, "contact", goc_zone_set_facts(db, "ftz", "2024-02-01", 1, long201));
	FAILS(GOC_EINVAL, "contact", goc_zone_set_facts(db, "ftz", "2024-02-01", 1, "a\nb"));
	FAILS(GOC_EEXISTS, "date", goc_zone_set_facts(db, "ftz", "2024-01-01", 0, NULL));
	expect_facts("ftz", "2024-12-31", "2024-01-01", 1, "吴十");

	ck_assert_int_eq(goc_zone_facts(NULL, db, "ftz", "2024-01-01"), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "out", "NULL out");
	z = (goc_zone_fact *)&z;
	expect_null_db(goc_zone_facts(&z, NULL, "ftz", "2024-01-01"), "NULL db");
	ck_assert_ptr_null(z);
	ck_assert_int_eq(goc_zone_facts(&z, db, NULL, "2024-01-01"), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "zone", "NULL zone");
	ck_assert_int_eq(goc_zone_facts(&z, db, "hongqiao", "2024-01-01"), GOC_ENOTFOUND);
	expect_fail(GOC_ENOTFOUND, goc_error_last(), "zone", "unknown zone");
	ck_assert_int_eq(goc_zone_facts(&z, db, "ftz", NULL), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "as_of", "NULL as_of");
	ck_assert_int_eq(goc_zone_facts(&z, db, "ftz", "2024-13-01"), GOC_EINVAL);
	expect_fail(GOC_EINVAL, goc_error_last(), "as_of", "bad as_of");
	ck_assert_ptr_null(z);
	free(long201);
}
END_TEST

/* ------------------------------------------------------------------------
 * Lists and the activity filter
 * ---------------------------------------------------------------------- */

START_TEST(test_partner_filters)
{
	goc_activity_filter f = GOC_ACTIVITY_FILTER_INIT;
	int64_t p1 = partner_new("甲", GOC_PARTNER_MULTINATIONAL, "commerce", "2024-03-01");
	int64_t p2 = partner_new("乙", GOC_PARTNER_CHAMBER, "scitech", "2024-01-15");
	int64_t p3 = partner_new("丙", GOC_PARTNER_CHAMBER, "commerce", "2024-03-01");
	int64_t p4 = partner_new("丁", GOC_PARTNER_FINANCIAL, "financial", "2024-06-30");

	expect_ids(L_PARTNERS, NULL, IDS(p2, p1, p3, p4), "all, by date then id");
	expect_ids(L_PARTNERS, &f, IDS(p2, p1, p3, p4), "empty filter");
	f.unit = "commerce";
	expect_ids(L_PARTNERS, &f, IDS(p1, p3), "unit");
	f.kind = GOC_PARTNER_CHAMBER;
	expect_ids(L_PARTNERS, &f, IDS(p3), "unit and kind");
	f.unit = NULL;
	expect_ids(L_PARTNERS, &f, IDS(p2, p3), "kind");
	f.kind = 0;
	f.from = "2024-03-01";
	expect_ids(L_PARTNERS, &f, IDS(p1, p3, p4), "from");
	f.from = NULL;
	f.to = "2024-03-01";
	expect_ids(L_PARTNERS, &f, IDS(p2, p1, p3), "to");
	f.from = "2024-02-01";
	f.to = "2024-05-01";
	expect_ids(L_PARTNERS, &f, IDS(p1, p3), "from and to");
	f.from = "2024-07-01";
	f.to = NULL;
	expect_ids(L_PARTNERS, &f, NONE, "after all");
	f.from = NULL;
	f.unit = "tax";
	expect_ids(L_PARTNERS, &f, NONE, "unit with none");
}
END_TEST

START_TEST(test_expert_filters)
{
	goc_activity_filter f = GOC_ACTIVITY_FILTER_INIT;
	int64_t e1 = expert_new("甲", "commerce", "2024-05-01");
	int64_t e2 = expert_new("乙", "justice", "2024-02-01");
	int64_t e3 = expert_new("甲", "justice", "2024-05-01");

	expect_ids(L_EXPERTS, NULL, IDS(e2, e1, e3), "all");
	f.unit = "justice";
	expect_ids(L_EXPERTS, &f, IDS(e2, e3), "unit");
	f.unit = NULL;
	f.from = "2024-03-01";
	expect_ids(L_EXPERTS, &f, IDS(e1, e3), "from");
	f.from = NULL;
	f.to = "2024-04-30";
	expect_ids(L_EXPERTS, &f, IDS(e2), "to");
	f.unit = "commerce";
	expect_ids(L_EXPERTS, &f, NONE, "unit and to");
}
END_TEST

START_TEST(test_event_filters)
{
	goc_activity_filter f = GOC_ACTIVITY_FILTER_INIT;
	int64_t e1 = event_new("一", "2024-05-01", "expo", GOC_EVENT_CONFERENCE, GOC_YES, GOC_NO,
	                       "commerce");
	int64_t e2 = event_new("二", "2024-02-01", "lujiazui", GOC_EVENT_FORUM, GOC_NO, GOC_YES,
	                       "financial");
	int64_t e3 = event_new("三", "2024-05-01", NULL, GOC_EVENT_PROMOTION, GOC_YES, GOC_YES,
	                       "scitech");
	int64_t e4 = event_new("四", "2024-09-09", "expo", GOC_EVENT_OTHER, GOC_NO, GOC_NO,
	                       "expo-bureau");

	must(goc_event_add_organizer(db, e2, "commerce"), "co-organizer");
	must(goc_event_add_org(db, e3, ORG_A), "org");
	must(goc_event_add_org(db, e4, ORG_A), "org");
	must(goc_event_add_org(db, e4, ORG_B), "org");

	expect_ids(L_EVENTS, NULL, IDS(e2, e1, e3, e4), "all");
	f.unit = "commerce";
	expect_ids(L_EVENTS, &f, IDS(e2, e1), "unit: any organizer");
	f.unit = "financial";
	expect_ids(L_EVENTS, &f, IDS(e2), "unit");
	f.unit = NULL;
	f.zone = "expo";
	expect_ids(L_EVENTS, &f, IDS(e1, e4), "zone");
	f.international = GOC_NO;
	expect_ids(L_EVENTS, &f, IDS(e4), "zone and not international");
	f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
	f.kind = GOC_EVENT_FORUM;
	expect_ids(L_EVENTS, &f, IDS(e2), "kind");
	f.kind = 0;
	f.from = "2024-05-01";
	expect_ids(L_EVENTS, &f, IDS(e1, e3, e4), "from");
	f.from = NULL;
	f.to = "2024-05-01";
	expect_ids(L_EVENTS, &f, IDS(e2, e1, e3), "to");
	f.to = NULL;
	f.international = GOC_YES;
	expect_ids(L_EVENTS, &f, IDS(e1, e3), "international");
	f.international = GOC_NO;
	expect_ids(L_EVENTS, &f, IDS(e2, e4), "not international");
	f.international = GOC_ANY;
	f.large = GOC_YES;
	expect_ids(L_EVENTS, &f, IDS(e2, e3), "large");
	f.large = GOC_NO;
	expect_ids(L_EVENTS, &f, IDS(e1, e4), "not large");
	f.large = GOC_ANY;
	f.org = ORG_A;
	expect_ids(L_EVENTS, &f, IDS(e3, e4), "org A");
	f.org = ORG_B;
	expect_ids(L_EVENTS, &f, IDS(e4), "org B");
	f.org = 9999;
	expect_ids(L_EVENTS, &f, NONE, "unknown org");
}
END_TEST

START_TEST(test_request_filters)
{
	goc_activity_filter f = GOC_ACTIVITY_FILTER_INIT;
	int64_t r1 = request_new(ORG_A, GOC_REQUEST_VISA, "2024-03-01", "police");
	int64_t r2 = request_new(ORG_B, GOC_REQUEST_TAX, "2024-01-10", "tax");
	int64_t r3 = request_new(ORG_A, GOC_REQUEST_TAX, "2024-03-01", "commerce");
	int64_t r4 = request_new(ORG_B, GOC_REQUEST_OFFICE, "2024-07-01", "commerce");

	must(goc_request_resolve(db, r2, "2024-01-20", "ok"), "resolve r2");
	must(goc_request_resolve(db, r3, "2024-03-05", "ok"), "resolve r3");
	expect_ids(L_REQUESTS, NULL, IDS(r2, r1, r3, r4), "all, by opening date then id");
	f.unit = "commerce";
	expect_ids(L_REQUESTS, &f, IDS(r3, r4), "unit");
	f.unit = NULL;
	f.kind = GOC_REQUEST_TAX;
	expect_ids(L_REQUESTS, &f, IDS(r2, r3), "category");
	f.kind = 0;
	f.from = "2024-03-01";
	expect_ids(L_REQUESTS, &f, IDS(r1, r3, r4), "from");
	f.from = NULL;
	f.to = "2024-03-01";
	expect_ids(L_REQUESTS, &f, IDS(r2, r1, r3), "to");
	f.to = NULL;
	f.org = ORG_A;
	expect_ids(L_REQUESTS, &f, IDS(r1, r3), "org");
	f.org = 0;
	f.open = GOC_YES;
	expect_ids(L_REQUESTS, &f, IDS(r1, r4), "open");
	f.open = GOC_NO;
	expect_ids(L_REQUESTS, &f, IDS(r2, r3), "resolved");
	f.org = ORG_B;
	expect_ids(L_REQUESTS, &f, IDS(r2), "resolved of org B");
}
END_TEST

/* A list refused with EINVAL naming `field` (and "does not apply to
 * `list`" when `list` is not NULL); the cursor stays NULL. */
static void expect_filter_fail(enum list_kind k, const goc_activity_filter *f,
                               const char *field, const char *list)
{
	goc_cursor *c = (goc_cursor *)&c;
	char what[160];
	int rc = list_open(k, &c, f);

	snprintf(what, sizeof what, "list %d, %s", (int)k, field);
	expect_fail(rc, GOC_EINVAL, field, what);
	ck_assert_ptr_null(c);
	if (list != NULL) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s: does not apply to %s", field, list);
		ck_assert_msg(strstr(goc_error_message(), msg) != NULL, "%s: message \"%s\"",
		              what, goc_error_message());
	}
}

START_TEST(test_filter_errors)
{
	static const char *const names[] = { "partners", "experts", "events", "requests" };
	goc_activity_filter f;
	goc_cursor *c = (goc_cursor *)&c;

	for (int k = L_PARTNERS; k <= L_REQUESTS; k++) {
		/* Version, NULL arguments. */
		f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
		f.version = 0;
		expect_filter_fail((enum list_kind)k, &f, "filter", NULL);
		f.version = GOC_ACTIVITY_FILTER_VERSION + 1;
		expect_filter_fail((enum list_kind)k, &f, "filter", NULL);
		f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
		ck_assert_int_eq(list_open((enum list_kind)k, NULL, &f), GOC_EINVAL);
		expect_fail(GOC_EINVAL, goc_error_last(), "out", "NULL out");
		c = (goc_cursor *)&c;
		switch (k) {
		case L_PARTNERS: expect_null_db(goc_partner_list(&c, NULL, &f), "db"); break;
		case L_EXPERTS: expect_null_db(goc_expert_list(&c, NULL, &f), "db"); break;
		case L_EVENTS: expect_null_db(goc_event_list(&c, NULL, &f), "db"); break;
		default: expect_null_db(goc_request_list(&c, NULL, &f), "db"); break;
		}
		ck_assert_ptr_null(c);

		/* Fields that do not apply. */
#define NA(field_, setter_, applies_)                                              \
	do {                                                                       \
		f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;                 \
		setter_;                                                           \
		if (!(applies_))                                                   \
			expect_filter_fail((enum list_kind)k, &f, "filter." field_, \
			                   names[k]);                              \
	} while (0)
		NA("zone", f.zone = "expo", k == L_EVENTS);
		NA("kind", f.kind = 1, k != L_EXPERTS);
		NA("international", f.international = GOC_YES, k == L_EVENTS);
		NA("international", f.international = GOC_NO, k == L_EVENTS);
		NA("large", f.large = GOC_NO, k == L_EVENTS);
		NA("org", f.org = ORG_A, k == L_EVENTS || k == L_REQUESTS);
		NA("open", f.open = GOC_YES, k == L_REQUESTS);
		NA("open", f.open = GOC_NO, k == L_REQUESTS);
#undef NA

		/* Bad values of the fields that apply. */
		f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
		f.unit = "Commerce";
		expect_filter_fail((enum list_kind)k, &f, "filter.unit", NULL);
		f.unit = "";
		expect_filter_fail((enum list_kind)k, &f, "filter.unit", NULL);
		f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
		f.from = "2024-02-30";
		expect_filter_fail((enum list_kind)k, &f, "filter.from", NULL);
		f.from = NULL;
		f.to = "yesterday";
		expect_filter_fail((enum list_kind)k, &f, "filter.to", NULL);
		if (k != L_EXPERTS) {
			f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
			f.kind = k == L_EVENTS ? 5 : 7;
			expect_filter_fail((enum list_kind)k, &f, "filter.kind", NULL);
			f.kind = -1;
			expect_filter_fail((enum list_kind)k, &f, "filter.kind", NULL);
		}
	}
	f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
	f.zone = "Expo";
	expect_filter_fail(L_EVENTS, &f, "filter.zone", NULL);
	f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
	f.international = 3;
	expect_filter_fail(L_EVENTS, &f, "filter.international", NULL);
	f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
	f.large = -1;
	expect_filter_fail(L_EVENTS, &f, "filter.large", NULL);
	f = (goc_activity_filter)GOC_ACTIVITY_FILTER_INIT;
	f.open = 5;
	expect_filter_fail(L_REQUESTS, &f, "filter.open", NULL);
}
END_TEST

/* ------------------------------------------------------------------------
 * Manual measurements
 * ---------------------------------------------------------------------- */

static void kpi_new(const char *code, int measure, int scope, const char *members)
{
	goc_kpi_fields k = GOC_KPI_FIELDS_INIT;
	k.plan = "goc";
	k.code = code;
	k.name_zh = code;
	k.measure = measure;
	k.scope = scope;
	k.members = members;
	k.window = GOC_WINDOW_PERIOD;
	k.target_min = 10;
	must(goc_kpi_create(db, &k), code);
}

static void measure_setup(void)
{
	tu_mem_setup();
	tu_setup_must(tu_plan_add(db, "goc", "测试行动方案", "2024-01-01", "2026-12-31"),
	              "goc_plan_create");
}

/* The actual value of a KPI's row for `member` (NULL: the only row). */
static double kpi_actual(const char *kpi, const char *member, const char *as_of)
{
	goc_cursor *c = NULL;
	double v = NAN;
	int rc;

	must(goc_kpi_evaluate(&c, db, "goc", kpi, as_of), "evaluate");
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_kpi_row *r = goc_cursor_kpi_row(c);
		if (member == NULL || (goc_kpi_row_member(r) &&
		                       strcmp(goc_kpi_row_member(r), member) == 0))
			v = goc_kpi_row_actual(r);
	}
	ck_assert_int_eq(rc, GOC_DONE);
	goc_cursor_free(c);
	return v;
}

START_TEST(test_measurement_record)
{
	kpi_new("m-plan", GOC_MEASURE_MANUAL, GOC_SCOPE_PLAN, NULL);
	kpi_new("m-zone", GOC_MEASURE_MANUAL, GOC_SCOPE_ZONE, "lujiazui,expo");
	kpi_new("m-unit", GOC_MEASURE_MANUAL, GOC_SCOPE_UNIT, "commerce");

	must(goc_measurement_record(db, "goc", "m-plan", NULL, "2024-03-31", 5, "一季度"),
	     "plan-wide");
	must(goc_measurement_record(db, "goc", "m-plan", "", "2024-06-30", 12.5, NULL),
	     "plan-wide, \"\" scope");
	must(goc_measurement_record(db, "goc", "m-zone", "lujiazui", "2024-06-30", 3, NULL),
	     "zone");
	must(goc_measurement_record(db, "goc", "m-zone", "expo", "2024-06-30", 4, ""), "zone 2");
	must(goc_measurement_record(db, "goc", "m-unit", "commerce", "2024-06-30", -2.25, NULL),
	     "unit");

	/* The values are what the KPIs evaluate (the latest in the window). */
	ck_assert_double_eq(kpi_actual("m-plan", NULL, "2024-04-30"), 5);
	ck_assert_double_eq(kpi_actual("m-plan", NULL, "2024-12-31"), 12.5);
	ck_assert_double_eq(kpi_actual("m-zone", "lujiazui", "2024-12-31"), 3);
	ck_assert_double_eq(kpi_actual("m-zone", "expo", "2024-12-31"), 4);
	ck_assert_double_eq(kpi_actual("m-unit", "commerce", "2024-12-31"), -2.25);
}
END_TEST

START_TEST(test_measurement_errors)
{
	char *long2001 = tu_repeat("注", 2001);

	kpi_new("m-plan", GOC_MEASURE_MANUAL, GOC_SCOPE_PLAN, NULL);
	kpi_new("m-zone", GOC_MEASURE_MANUAL, GOC_SCOPE_ZONE, "lujiazui,expo");
	kpi_new("m-unit", GOC_MEASURE_MANUAL, GOC_SCOPE_UNIT, "commerce");
	kpi_new("partners", GOC_MEASURE_PARTNERS, GOC_SCOPE_PLAN, NULL);
	must(goc_measurement_record(db, "goc", "m-plan", NULL, "2024-03-31", 5, NULL), "first");

	FAILS_NULL_DB(goc_measurement_record(NULL, "goc", "m-plan", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "plan",
	      goc_measurement_record(db, NULL, "m-plan", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_ENOTFOUND, "plan",
	      goc_measurement_record(db, "nosuch", "m-plan", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "kpi", goc_measurement_record(db, "goc", NULL, NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "kpi", goc_measurement_record(db, "goc", "M Plan", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_ENOTFOUND, "kpi",
	      goc_measurement_record(db, "goc", "nosuch", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "kpi",
	      goc_measurement_record(db, "goc", "partners", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "date", goc_measurement_record(db, "goc", "m-plan", NULL, NULL, 1, NULL));
	FAILS(GOC_EINVAL, "date",
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-04-31", 1, NULL));
	FAILS(GOC_EINVAL, "value",
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-04-30", NAN, NULL));
	FAILS(GOC_EINVAL, "value",
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-04-30", INFINITY, NULL));
	FAILS(GOC_EINVAL, "value",
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-04-30", -INFINITY, NULL));
	FAILS(GOC_EINVAL, "note",
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-04-30", 1, long2001));
	FAILS(GOC_EINVAL, "scope",
	      goc_measurement_record(db, "goc", "m-plan", "lujiazui", "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "scope",
	      goc_measurement_record(db, "goc", "m-zone", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_ENOTFOUND, "scope",
	      goc_measurement_record(db, "goc", "m-zone", "hongqiao", "2024-04-30", 1, NULL));
	FAILS(GOC_ENOTFOUND, "scope",
	      goc_measurement_record(db, "goc", "m-zone", "commerce", "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "scope",
	      goc_measurement_record(db, "goc", "m-zone", "Expo", "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "scope",
	      goc_measurement_record(db, "goc", "m-unit", NULL, "2024-04-30", 1, NULL));
	FAILS(GOC_ENOTFOUND, "scope",
	      goc_measurement_record(db, "goc", "m-unit", "nosuch", "2024-04-30", 1, NULL));
	FAILS(GOC_ENOTFOUND, "scope",
	      goc_measurement_record(db, "goc", "m-unit", "expo", "2024-04-30", 1, NULL));
	FAILS(GOC_EEXISTS, "date",
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-03-31", 6, NULL));
	FAILS(GOC_EEXISTS, "date",
	      goc_measurement_record(db, "goc", "m-plan", "", "2024-03-31", 6, NULL));
	/* a registered zone or unit that is not one of the KPI's members */
	FAILS(GOC_EINVAL, "scope: 'ftz' is not a member",
	      goc_measurement_record(db, "goc", "m-zone", "ftz", "2024-04-30", 1, NULL));
	FAILS(GOC_EINVAL, "scope: 'justice' is not a member",
	      goc_measurement_record(db, "goc", "m-unit", "justice", "2024-04-30", 1, NULL));

	/* The failed calls wrote nothing: 2024-04-30 is still free, and the
	 * first value stands. */
	ck_assert_double_eq(kpi_actual("m-plan", NULL, "2024-04-30"), 5);
	must(goc_measurement_record(db, "goc", "m-plan", NULL, "2024-04-30", 7, NULL), "free date");
	must(goc_measurement_record(db, "goc", "m-zone", "lujiazui", "2024-04-30", 1, NULL),
	     "zone member free");
	must(goc_measurement_record(db, "goc", "m-zone", "expo", "2024-04-30", 1, NULL),
	     "another member, same date");
	FAILS(GOC_EEXISTS, "date",
	      goc_measurement_record(db, "goc", "m-zone", "expo", "2024-04-30", 2, NULL));
	ck_assert_double_eq(kpi_actual("m-plan", NULL, "2024-04-30"), 7);
	free(long2001);
}
END_TEST

/* ------------------------------------------------------------------------
 * Transactions, read-only handles, persistence
 * ---------------------------------------------------------------------- */

START_TEST(test_in_transaction)
{
	goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
	int64_t a, b;

	must(goc_db_begin(db), "begin");
	a = partner_new("事务甲", GOC_PARTNER_OTHER, "commerce", "2024-01-01");
	f.name_zh = "事务甲";
	f.kind = GOC_PARTNER_OTHER;
	f.unit = "commerce";
	f.date = "2024-01-02";
	expect_fail(goc_partner_create(NULL, db, &f), GOC_EEXISTS, "name_zh", "duplicate in txn");
	b = event_new("事务活动", "2024-01-03", NULL, GOC_EVENT_OTHER, GOC_ANY, GOC_ANY, "commerce");
	expect_fail(goc_event_add_organizer(db, b, "nosuch"), GOC_ENOTFOUND, "unit", "in txn");
	must(goc_event_add_organizer(db, b, "tax"), "organizer in txn");
	must(goc_db_commit(db), "commit");
	expect_ids(L_PARTNERS, NULL, IDS(a), "committed");
	{
		goc_event *e = NULL;
		ck_assert_int_eq(goc_event_get(&e, db, b), GOC_OK);
		ck_assert_str_eq(goc_event_organizers(e), "commerce,tax");
		check_organizer_items(e, "commerce,tax");
		goc_event_free(e);
	}

	/* A rolled-back transaction leaves nothing. */
	must(goc_db_begin(db), "begin 2");
	partner_new("事务乙", GOC_PARTNER_OTHER, "commerce", "2024-01-01");
	must(goc_request_resolve(db, request_new(ORG_A, GOC_REQUEST_TAX, "2024-01-01", "tax"),
	                         "2024-01-02", "ok"), "resolve in txn");
	must(goc_db_rollback(db), "rollback");
	expect_ids(L_PARTNERS, NULL, IDS(a), "rolled back");
	ck_assert_int_eq(list_count(L_REQUESTS), 0);
}
END_TEST

static void open_file(const char *path, unsigned int flags)
{
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = flags;
	db = NULL;
	must(goc_db_open_ext(&db, path, &o), path);
}

START_TEST(test_readonly)
{
	char path[128];
	int64_t p, x, e, r;
	goc_partner_fields pf = GOC_PARTNER_FIELDS_INIT;
	goc_expert_fields xf = GOC_EXPERT_FIELDS_INIT;
	goc_event_fields ef = GOC_EVENT_FIELDS_INIT;
	goc_request_fields rf = GOC_REQUEST_FIELDS_INIT;

	snprintf(path, sizeof path, "%s/ro.db", tmpdir);
	open_file(path, 0);
	load_pudong();
	must(tu_plan_add(db, "goc", "方案", "2024-01-01", "2026-12-31"), "plan");
	kpi_new("m-plan", GOC_MEASURE_MANUAL, GOC_SCOPE_PLAN, NULL);
	p = partner_new("只读伙伴", GOC_PARTNER_OTHER, "commerce", "2024-01-01");
	x = expert_new("只读专家", "commerce", "2024-01-01");
	e = event_new("只读活动", "2024-01-01", "expo", GOC_EVENT_OTHER, GOC_ANY, GOC_ANY, "commerce");
	r = request_new(ORG_A, GOC_REQUEST_TAX, "2024-01-01", "tax");
	must(goc_zone_set_facts(db, "expo", "2024-01-01", 1, "某人"), "facts");
	goc_db_close(db);

	open_file(path, GOC_OPEN_READONLY);
	pf.name_zh = "新伙伴";
	pf.kind = GOC_PARTNER_OTHER;
	pf.unit = "commerce";
	pf.date = "2024-02-01";
	xf.name = "新专家";
	xf.unit = "commerce";
	xf.date = "2024-02-01";
	ef.title_zh = "新活动";
	ef.date = "2024-02-01";
	ef.kind = GOC_EVENT_OTHER;
	ef.unit = "commerce";
	rf.org = ORG_A;
	rf.category = GOC_REQUEST_TAX;
	rf.opened = "2024-02-01";
	rf.unit = "tax";
	rf.summary = "x";
	FAILS(GOC_EREADONLY, NULL, goc_partner_create(NULL, db, &pf));
	FAILS(GOC_EREADONLY, NULL, goc_partner_update(db, p, &pf));
	FAILS(GOC_EREADONLY, NULL, goc_partner_delete(db, p));
	FAILS(GOC_EREADONLY, NULL, goc_expert_create(NULL, db, &xf));
	FAILS(GOC_EREADONLY, NULL, goc_expert_update(db, x, &xf));
	FAILS(GOC_EREADONLY, NULL, goc_expert_delete(db, x));
	FAILS(GOC_EREADONLY, NULL, goc_event_create(NULL, db, &ef));
	FAILS(GOC_EREADONLY, NULL, goc_event_update(db, e, &ef));
	FAILS(GOC_EREADONLY, NULL, goc_event_add_organizer(db, e, "tax"));
	FAILS(GOC_EREADONLY, NULL, goc_event_add_org(db, e, ORG_A));
	FAILS(GOC_EREADONLY, NULL, goc_event_delete(db, e));
	FAILS(GOC_EREADONLY, NULL, goc_request_create(NULL, db, &rf));
	FAILS(GOC_EREADONLY, NULL, goc_request_update(db, r, &rf));
	FAILS(GOC_EREADONLY, NULL, goc_request_resolve(db, r, "2024-02-01", "ok"));
	FAILS(GOC_EREADONLY, NULL, goc_request_delete(db, r));
	FAILS(GOC_EREADONLY, NULL, goc_zone_set_facts(db, "expo", "2024-02-01", 0, NULL));
	FAILS(GOC_EREADONLY, NULL,
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-02-01", 1, NULL));
	/* Reading works. */
	expect_ids(L_PARTNERS, NULL, IDS(p), "partners");
	expect_ids(L_EXPERTS, NULL, IDS(x), "experts");
	expect_ids(L_EVENTS, NULL, IDS(e), "events");
	expect_ids(L_REQUESTS, NULL, IDS(r), "requests");
	expect_facts("expo", "2024-01-01", "2024-01-01", 1, "某人");
}
END_TEST

START_TEST(test_persist_reopen)
{
	char path[128];
	int64_t p, x, e, r, r2;

	snprintf(path, sizeof path, "%s/activity.db", tmpdir);
	open_file(path, 0);
	load_pudong();
	{
		must(tu_plan_add(db, "goc", "方案", "2024-01-01", "2026-12-31"), "plan");
	}
	kpi_new("m-plan", GOC_MEASURE_MANUAL, GOC_SCOPE_PLAN, NULL);
	p = partner_full();
	x = expert_full();
	e = event_full();
	must(goc_event_add_organizer(db, e, "scitech"), "organizer");
	must(goc_event_add_organizer(db, e, "commerce"), "organizer");
	must(goc_event_add_org(db, e, ORG_A), "org");
	r = request_full();
	must(goc_request_resolve(db, r, "2024-04-01", "已解决"), "resolve");
	r2 = request_new(ORG_B, GOC_REQUEST_OFFICE, "2024-05-01", "expo-bureau");
	must(goc_zone_set_facts(db, "zhangjiang", "2024-01-01", 1, "张江联系人"), "facts");
	must(goc_zone_set_facts(db, "zhangjiang", "2024-07-01", 0, NULL), "facts 2");
	must(goc_measurement_record(db, "goc", "m-plan", NULL, "2024-06-30", 42, "年中"), "measure");
	goc_db_close(db);

	open_file(path, 0);
	{
		goc_partner *pp = NULL;
		goc_expert *xx = NULL;
		goc_request *rr = NULL;
		ck_assert_int_eq(goc_partner_get(&pp, db, p), GOC_OK);
		check_partner_full(pp, p);
		goc_partner_free(pp);
		ck_assert_int_eq(goc_expert_get(&xx, db, x), GOC_OK);
		check_expert_full(xx, x);
		goc_expert_free(xx);
		check_event(e, "commerce,financial,scitech", 1);
		check_request(r, "2024-04-01", "已解决", 31);
		ck_assert_int_eq(goc_request_get(&rr, db, r2), GOC_OK);
		ck_assert_int_eq(goc_request_org(rr), ORG_B);
		ck_assert_int_eq(goc_request_days(rr), -1);
		goc_request_free(rr);
	}
	expect_facts("zhangjiang", "2024-06-30", "2024-01-01", 1, "张江联系人");
	expect_facts("zhangjiang", "2024-07-01", "2024-07-01", 0, NULL);
	ck_assert_double_eq(kpi_actual("m-plan", NULL, "2024-12-31"), 42);

	/* The rules hold after reopening. */
	FAILS(GOC_EEXISTS, "name_zh",
	      goc_partner_create(NULL, db, &(goc_partner_fields){ GOC_PARTNER_FIELDS_VERSION,
	                         P_NAME_ZH, NULL, GOC_PARTNER_OTHER, "commerce", "2024-01-01",
	                         NULL, NULL }));
	FAILS(GOC_ESTATE, NULL, goc_request_resolve(db, r, "2024-05-01", "again"));
	FAILS(GOC_EEXISTS, "date", goc_zone_set_facts(db, "zhangjiang", "2024-07-01", 1, NULL));
	FAILS(GOC_EEXISTS, "date",
	      goc_measurement_record(db, "goc", "m-plan", NULL, "2024-06-30", 1, NULL));
	must(goc_request_resolve(db, r2, "2024-05-03", "ok"), "resolve after reopen");
	ck_assert_int_eq(days_of(r2), 2);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *activity_suite(void)
{
	Suite *s = suite_create("activity");

	/* tu_mem_setup: ":memory:" with the pudong reference data */
	tu_fixtures(&db, tmpdir, sizeof tmpdir, "test-activity", load_pudong);

	add_case(s, "enums", tu_mem_setup, tu_mem_teardown, 0, (const TTest *[]){
		test_enums, test_null_records, NULL });

	add_case(s, "partner", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_partner_create_read, test_partner_create_errors, test_partner_update,
		test_partner_delete_get, NULL });

	add_case(s, "expert", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_expert_create_read, test_expert_errors, test_expert_update_delete,
		NULL });

	add_case(s, "event", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_event_create_read, test_event_organizers_orgs, test_event_update,
		test_event_create_errors, test_event_delete_get, NULL });

	add_case(s, "request", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_request_create_resolve, test_request_resolve_errors,
		test_request_create_errors, test_request_update_delete, NULL });

	add_case(s, "zone", tu_mem_setup, tu_mem_teardown, 0, (const TTest *[]){
		test_zone_facts_history, test_zone_facts_errors, NULL });

	add_case(s, "filter", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_partner_filters, test_expert_filters, test_event_filters,
		test_request_filters, test_filter_errors, NULL });

	add_case(s, "measure", measure_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_measurement_record, test_measurement_errors, NULL });

	add_case(s, "txn", tu_mem_setup, tu_mem_teardown, 0, (const TTest *[]){
		test_in_transaction, NULL });

	add_case(s, "persist", tu_file_setup, tu_file_teardown, 120, (const TTest *[]){
		test_readonly, test_persist_reopen, NULL });

	return s;
}

int main(void)
{
	return run_suite(activity_suite(), CK_NORMAL);
}
