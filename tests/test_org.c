/*
 * test_org — the register of international economic organizations: create,
 * update, find, list with filters, delete, the stage machine with its date
 * and risk-review rules, risk reviews, the regional-headquarters milestone,
 * and persistence.
 *
 * Specification: include/goc/org.h (and db.h for the acting unit).
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <goc.h>

#include "checkutil.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------
 * Fixtures
 * ---------------------------------------------------------------------- */

static goc_db *db;
static char tmpdir[64];

/* Codes of pudong units, looked up by Chinese name (the header does not
 * fix them). */
static char U_COMMERCE[40]; /* 商务委 */
static char U_SCITECH[40];  /* 科经委 */
static char U_FINANCE[40];  /* 金融局 */
static char U_LJZ[40];      /* the bureau of zone lujiazui */

static void lookup_unit(char *out, size_t size, const char *name_zh)
{
	goc_unit *u = NULL;
	if (goc_unit_find(&u, db, name_zh) != GOC_OK) {
		fprintf(stderr, "pudong unit %s not found: %s\n", name_zh,
		        goc_error_message());
		abort();
	}
	snprintf(out, size, "%s", goc_unit_code(u));
	goc_unit_free(u);
}

static void load_pudong(void)
{
	goc_zone *z = NULL;

	tu_setup_must(goc_reference_load(db, "pudong"), "goc_reference_load");
	lookup_unit(U_COMMERCE, sizeof U_COMMERCE, "商务委");
	lookup_unit(U_SCITECH, sizeof U_SCITECH, "科经委");
	lookup_unit(U_FINANCE, sizeof U_FINANCE, "金融局");
	if (goc_zone_get(&z, db, "lujiazui") != GOC_OK ||
	    goc_zone_bureau(z) == NULL) {
		fprintf(stderr, "zone lujiazui or its bureau missing\n");
		abort();
	}
	snprintf(U_LJZ, sizeof U_LJZ, "%s", goc_zone_bureau(z));
	goc_zone_free(z);
}

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* Create an organization with the minimum: name, category, date. */
static int64_t org_new(const char *name_zh, const char *date)
{
	int64_t id = 0;
	int rc = tu_org_add(&id, db, name_zh, GOC_CATEGORY_ECONOMIC, NULL, NULL, date);
	ck_assert_msg(rc == GOC_OK, "goc_org_create(%s) = %d: %s", name_zh, rc,
	              goc_error_message());
	ck_assert_int_gt(id, 0);
	return id;
}

static int stage_of(int64_t id)
{
	goc_org *o = NULL;
	int s;
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	s = goc_org_stage(o);
	goc_org_free(o);
	return s;
}

static int set_stage(int64_t id, int stage, const char *date)
{
	return goc_org_set_stage(db, id, stage, date, U_COMMERCE, NULL);
}

static int review(int64_t id, int outcome, const char *date)
{
	return goc_org_review(NULL, db, id, outcome, date, U_SCITECH, NULL);
}

/* target -> approved with a cleared review, then landed on @p land_date. */
static int64_t org_landed(const char *name_zh, const char *land_date)
{
	int64_t id = org_new(name_zh, "2024-01-01");
	must(review(id, GOC_REVIEW_CLEARED, "2024-01-10"), "cleared review");
	must(set_stage(id, GOC_STAGE_APPROVED, "2024-02-01"), "approve");
	must(set_stage(id, GOC_STAGE_LANDED, land_date), "land");
	return id;
}

static int org_count(void)
{
	goc_cursor *c = NULL;
	return count_rows(goc_org_list(&c, db, NULL), &c, "goc_org_list");
}

static int history_count(int64_t id)
{
	goc_cursor *c = NULL;
	return count_rows(goc_org_history(&c, db, id), &c, "goc_org_history");
}

static int review_count(int64_t id)
{
	goc_cursor *c = NULL;
	return count_rows(goc_org_reviews(&c, db, id), &c, "goc_org_reviews");
}

/* Expect @p rc == @p want (also as the thread's and the handle's last
 * error); for a non-NULL @p field, the message must name it. */
static void expect_fail(int rc, int want, const char *field, const char *what)
{
	expect_db(db, rc, want, field, what);
}

/* The ids a filter lists, compared with @p want (in order). */
static void expect_list(const goc_org_filter *filter, const int64_t *want,
                        size_t n, const char *what)
{
	goc_cursor *c = NULL;
	size_t got = 0;
	int rc;

	rc = goc_org_list(&c, db, filter);
	ck_assert_msg(rc == GOC_OK, "%s: goc_org_list = %d: %s", what, rc,
	              goc_error_message());
	while ((rc = goc_cursor_next(c)) == GOC_ROW) {
		const goc_org *o = goc_cursor_org(c);
		ck_assert_ptr_nonnull(o);
		ck_assert_msg(got < n, "%s: more than %zu rows (extra id %lld)",
		              what, n, (long long)goc_org_id(o));
		ck_assert_msg(goc_org_id(o) == want[got],
		              "%s: row %zu is id %lld, expected %lld", what, got,
		              (long long)goc_org_id(o), (long long)want[got]);
		got++;
	}
	ck_assert_int_eq(rc, GOC_DONE);
	ck_assert_msg(got == n, "%s: %zu rows, expected %zu", what, got, n);
	goc_cursor_free(c);
}

static const char *const stage_names[] = { "?", "target", "contacting",
	"negotiating", "approved", "landed", "operating", "withdrawn" };

/* ------------------------------------------------------------------------
 * Create and read
 * ---------------------------------------------------------------------- */

#define FULL_NAME_ZH "国际商会（上海）测试代表处"
#define FULL_NAME_EN "ICC Shanghai Test Office"
#define FULL_USCC "91310115MA1K3YJ34Q"

static int64_t create_full(void)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	int64_t id = 0;

	f.name_zh = FULL_NAME_ZH;
	f.name_en = FULL_NAME_EN;
	f.category = GOC_CATEGORY_TRADE;
	f.origin = GOC_ORIGIN_LOCAL;
	f.zone = "lujiazui";
	f.unit = U_COMMERCE;
	f.id_scheme = "uscc";
	f.id_value = FULL_USCC;
	f.notes = "备注：重点跟进\nsecond line";
	f.date = "2024-03-15";
	must(goc_org_create(&id, db, &f), "create full");
	ck_assert_int_gt(id, 0);
	return id;
}

static void check_full(const goc_org *o, int64_t id)
{
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(goc_org_id(o), id);
	ck_assert_str_eq(goc_org_name_zh(o), FULL_NAME_ZH);
	ck_assert_pstr_eq(goc_org_name_en(o), FULL_NAME_EN);
	ck_assert_int_eq(goc_org_category(o), GOC_CATEGORY_TRADE);
	ck_assert_int_eq(goc_org_origin(o), GOC_ORIGIN_LOCAL);
	ck_assert_pstr_eq(goc_org_zone(o), "lujiazui");
	ck_assert_pstr_eq(goc_org_unit(o), U_COMMERCE);
	ck_assert_pstr_eq(goc_org_id_scheme(o), "uscc");
	ck_assert_pstr_eq(goc_org_id_value(o), FULL_USCC);
	ck_assert_pstr_eq(goc_org_notes(o), "备注：重点跟进\nsecond line");
	ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_TARGET);
	ck_assert_pstr_eq(goc_org_stage_date(o), "2024-03-15");
	ck_assert_pstr_eq(goc_org_created(o), "2024-03-15");
	ck_assert_ptr_null(goc_org_hq_date(o));
}

START_TEST(test_create_full_get)
{
	int64_t id = create_full();
	goc_org *o = NULL;

	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	check_full(o, id);
	goc_org_free(o);
}
END_TEST

START_TEST(test_create_full_list)
{
	int64_t id = create_full();
	goc_cursor *c = NULL;

	ck_assert_int_eq(goc_org_list(&c, db, NULL), GOC_OK);
	ck_assert_ptr_null(goc_cursor_org(c)); /* not on a row yet */
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	check_full(goc_cursor_org(c), id);
	ck_assert_ptr_null(goc_cursor_unit(c));
	ck_assert_ptr_null(goc_cursor_stage_change(c));
	ck_assert_ptr_null(goc_cursor_review(c));
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	ck_assert_ptr_null(goc_cursor_org(c));
	goc_cursor_free(c);
}
END_TEST

START_TEST(test_create_minimal)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;
	int64_t id1, id2;

	f.name_zh = "最小组织";
	f.category = GOC_CATEGORY_OTHER;
	f.date = "2024-01-02";
	must(goc_org_create(NULL, db, &f), "create with out_id NULL");
	ck_assert_int_eq(org_count(), 1);

	ck_assert_int_eq(goc_org_find(&o, db, "最小组织"), GOC_OK);
	ck_assert_str_eq(goc_org_name_zh(o), "最小组织");
	ck_assert_ptr_null(goc_org_name_en(o));
	ck_assert_int_eq(goc_org_category(o), GOC_CATEGORY_OTHER);
	ck_assert_int_eq(goc_org_origin(o), GOC_ORIGIN_INTERNATIONAL);
	ck_assert_ptr_null(goc_org_zone(o));
	ck_assert_ptr_null(goc_org_unit(o));
	ck_assert_ptr_null(goc_org_id_scheme(o));
	ck_assert_ptr_null(goc_org_id_value(o));
	ck_assert_ptr_null(goc_org_notes(o));
	ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_TARGET);
	ck_assert_str_eq(goc_org_created(o), "2024-01-02");
	ck_assert_ptr_null(goc_org_hq_date(o));
	goc_org_free(o);

	/* Ids are distinct and increase. */
	id1 = org_new("组织甲", "2024-01-01");
	id2 = org_new("组织乙", "2024-01-01");
	ck_assert_int_gt(id2, id1);

	/* NULL record accessors. */
	ck_assert_int_eq(goc_org_id(NULL), 0);
	goc_org_free(NULL);
}
END_TEST

START_TEST(test_create_other_scheme_and_limits)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;
	char *zh200 = tu_repeat("中", 200);
	char *en300 = tu_repeat("e", 300);
	char *notes4000 = tu_repeat("n", 4000);
	char *val64 = tu_repeat("9", 64);
	int64_t id = 0;

	f.name_zh = zh200;
	f.name_en = en300;
	f.category = GOC_CATEGORY_STANDARDS;
	f.id_scheme = "lei";
	f.id_value = val64;
	f.notes = notes4000;
	f.date = "2024-01-01";
	must(goc_org_create(&id, db, &f), "create at the limits");
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_str_eq(goc_org_name_zh(o), zh200);
	ck_assert_str_eq(goc_org_name_en(o), en300);
	ck_assert_str_eq(goc_org_id_scheme(o), "lei");
	ck_assert_str_eq(goc_org_id_value(o), val64);
	ck_assert_str_eq(goc_org_notes(o), notes4000);
	goc_org_free(o);

	/* The same value under another scheme is not a duplicate. */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.name_zh = "另一方案";
	f.category = GOC_CATEGORY_STANDARDS;
	f.id_scheme = "other";
	f.id_value = val64;
	f.date = "2024-01-01";
	must(goc_org_create(NULL, db, &f), "same value, other scheme");

	free(zh200);
	free(en300);
	free(notes4000);
	free(val64);
}
END_TEST

START_TEST(test_create_inputs_copied)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	char zh[64], date[16];
	goc_org *o = NULL;
	int64_t id = 0;

	snprintf(zh, sizeof zh, "复制测试组织");
	snprintf(date, sizeof date, "2024-05-06");
	f.name_zh = zh;
	f.category = GOC_CATEGORY_FINANCE;
	f.date = date;
	must(goc_org_create(&id, db, &f), "create");
	memset(zh, 'x', sizeof zh - 1);
	memset(date, 'y', sizeof date - 1);
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	/* The record outlives the handle. */
	goc_db_close(db);
	db = NULL;
	ck_assert_str_eq(goc_org_name_zh(o), "复制测试组织");
	ck_assert_str_eq(goc_org_created(o), "2024-05-06");
	ck_assert_int_eq(goc_org_category(o), GOC_CATEGORY_FINANCE);
	goc_org_free(o);
}
END_TEST

START_TEST(test_create_errors)
{
	char *zh201 = tu_repeat("中", 201);
	char *en301 = tu_repeat("e", 301);
	char *notes4001 = tu_repeat("n", 4001);
	char *val65 = tu_repeat("9", 65);
	int before;
	int64_t id = 12345;

	/* Existing organizations to collide with. */
	{
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		f.name_zh = "已有组织";
		f.name_en = "Existing Organization";
		f.category = GOC_CATEGORY_ECONOMIC;
		f.id_scheme = "uscc";
		f.id_value = "91350100M000100Y43";
		f.date = "2024-01-01";
		must(goc_org_create(NULL, db, &f), "create the existing org");
	}
	before = org_count();

#define TRY(want, field, what, ...)                                        \
	do {                                                               \
		goc_org_fields f = GOC_ORG_FIELDS_INIT;                    \
		f.name_zh = "新组织";                                      \
		f.category = GOC_CATEGORY_ECONOMIC;                        \
		f.date = "2024-02-01";                                     \
		__VA_ARGS__;                                               \
		goc_error_clear();                                         \
		expect_fail(goc_org_create(&id, db, &f), want, field, what); \
		ck_assert_msg(org_count() == before,                       \
		              "%s: a failed create changed the count", what); \
	} while (0)

	TRY(GOC_EINVAL, "name_zh", "missing name_zh", f.name_zh = NULL);
	TRY(GOC_EINVAL, "name_zh", "empty name_zh", f.name_zh = "");
	TRY(GOC_EINVAL, "name_zh", "201-character name_zh", f.name_zh = zh201);
	TRY(GOC_EINVAL, "name_zh", "invalid UTF-8 name_zh",
	    f.name_zh = "组织\xC0\xAF");
	TRY(GOC_EINVAL, "name_zh", "surrogate in name_zh",
	    f.name_zh = "\xED\xA0\x80");
	TRY(GOC_EINVAL, "name_zh", "control character in name_zh",
	    f.name_zh = "组织\x01名");
	TRY(GOC_EINVAL, "name_zh", "leading space in name_zh",
	    f.name_zh = " 新组织");
	TRY(GOC_EINVAL, "name_zh", "trailing space in name_zh",
	    f.name_zh = "新组织 ");
	TRY(GOC_EINVAL, "name_en", "leading space in name_en",
	    f.name_en = " New Org");
	TRY(GOC_EINVAL, "name_en", "trailing space in name_en",
	    f.name_en = "New Org ");
	TRY(GOC_EINVAL, "name_en", "301-character name_en", f.name_en = en301);
	TRY(GOC_EINVAL, "name_en", "invalid UTF-8 name_en",
	    f.name_en = "Bad \xFF name");
	TRY(GOC_EINVAL, "name_en", "newline in name_en",
	    f.name_en = "Two\nLines");
	TRY(GOC_EINVAL, "category", "category 0", f.category = 0);
	TRY(GOC_EINVAL, "category", "category 99", f.category = 99);
	TRY(GOC_EINVAL, "category", "category -1", f.category = -1);
	TRY(GOC_EINVAL, "origin", "origin 99", f.origin = 99);
	TRY(GOC_EINVAL, "origin", "origin 3", f.origin = 3);
	TRY(GOC_EINVAL, "origin", "origin -1", f.origin = -1);
	TRY(GOC_EINVAL, "date", "missing date", f.date = NULL);
	TRY(GOC_EINVAL, "date", "date 2025-02-30", f.date = "2025-02-30");
	TRY(GOC_EINVAL, "date", "date 2024/02/01", f.date = "2024/02/01");
	TRY(GOC_EINVAL, "date", "empty date", f.date = "");
	TRY(GOC_ENOTFOUND, "zone", "unknown zone", f.zone = "nowhere");
	TRY(GOC_ENOTFOUND, "unit", "unknown unit", f.unit = "nobody");
	TRY(GOC_EINVAL, "id_value", "invalid uscc",
	    (f.id_scheme = "uscc", f.id_value = "91310115MA1K3YJ34P"));
	TRY(GOC_EINVAL, "id_value", "lower-case uscc",
	    (f.id_scheme = "uscc", f.id_value = "91310115ma1k3yj34q"));
	TRY(GOC_EINVAL, "id_value", "scheme without value",
	    f.id_scheme = "uscc");
	TRY(GOC_EINVAL, "id_", "value without scheme",
	    f.id_value = FULL_USCC);
	TRY(GOC_EINVAL, "id_value", "65-character id_value",
	    (f.id_scheme = "lei", f.id_value = val65));
	TRY(GOC_EINVAL, "notes", "4001-character notes", f.notes = notes4001);
	TRY(GOC_EINVAL, "notes", "invalid UTF-8 notes", f.notes = "\x80");
	TRY(GOC_EINVAL, NULL, "struct version 0", f.version = 0);
	TRY(GOC_EINVAL, NULL, "struct version 2",
	    f.version = GOC_ORG_FIELDS_VERSION + 1);
	TRY(GOC_EEXISTS, NULL, "duplicate name_zh", f.name_zh = "已有组织");
	TRY(GOC_EEXISTS, NULL, "duplicate name_en, other case",
	    f.name_en = "EXISTING organization");
	TRY(GOC_EEXISTS, NULL, "duplicate name_en", f.name_en =
	    "Existing Organization");
	TRY(GOC_EEXISTS, NULL, "duplicate (scheme, value)",
	    (f.id_scheme = "uscc", f.id_value = "91350100M000100Y43"));
#undef TRY

	/* NULL arguments. */
	{
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		f.name_zh = "新组织";
		f.category = GOC_CATEGORY_ECONOMIC;
		f.date = "2024-02-01";
		ck_assert_int_eq(goc_org_create(&id, NULL, &f), GOC_EINVAL);
		ck_assert_int_eq(goc_org_create(&id, db, NULL), GOC_EINVAL);
		ck_assert_int_eq(org_count(), before);
		/* And the fields were fine after all. */
		must(goc_org_create(&id, db, &f), "valid create");
		ck_assert_int_eq(org_count(), before + 1);
	}

	free(zh201);
	free(en301);
	free(notes4001);
	free(val65);
}
END_TEST

/* ------------------------------------------------------------------------
 * Names are unique by their normalized key (goc_name_key())
 * ---------------------------------------------------------------------- */

/* Pairs that are one name: the second is refused once the first exists,
 * as a Chinese name and as an English name.  The hostile review found 15
 * of the first 16 accepted as distinct. */
static const struct {
	const char *first, *second, *why;
} lookalikes[] = {
	{ "ABC", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "full-width ＡＢＣ" },
	{ "Soci\xC3\xA9t\xC3\xA9", "Socie\xCC\x81te\xCC\x81", "NFC and NFD" },
	{ "Soci\xC3\xA9t\xC3\xA9", "SOCI\xC3\x89T\xC3\x89", "non-ASCII case" },
	{ "abc", "ABC", "ASCII case" },
	{ "国际组织", "国际组织\xE3\x80\x80", "trailing U+3000" },
	{ "国际组织", "\xE3\x80\x80国际组织", "leading U+3000" },
	{ "A B", "A\xC2\xA0" "B", "no-break space" },
	{ "A B", "A  B", "two spaces" },
	{ "A B", "A\xE3\x80\x80" "B", "ideographic space inside" },
	{ "AB", "A\xE2\x80\x8B" "B", "zero-width space U+200B" },
	{ "AB", "A\xE2\x80\x8C" "B", "zero-width non-joiner U+200C" },
	{ "AB", "A\xE2\x80\x8D" "B", "zero-width joiner U+200D" },
	{ "AB", "A\xE2\x81\xA0" "B", "word joiner U+2060" },
	{ "AB", "\xEF\xBB\xBF" "AB", "byte order mark U+FEFF" },
	{ "AB", "A\xC2\xAD" "B", "soft hyphen U+00AD" },
	{ "AB", "A\xE2\x80\xAE" "B", "right-to-left override U+202E" },
	{ "Stra\xC3\x9F" "e", "STRASSE", "full case folding: ß" },
	{ "fix", "\xEF\xAC\x81x", "ligature ﬁ" },
	{ "上海(国际)协会", "上海（国际）协会", "full-width parentheses" },
	{ "组织1", "组织\xE2\x91\xA0", "circled digit ①" },
	{ "K", "\xE2\x84\xAA", "Kelvin sign" },
};

/* Names that stay distinct. */
static const struct {
	const char *a, *b;
} distinct[] = {
	{ "甲组织", "乙组织" },
	{ "AB", "A B" },
	{ "Soci\xC3\xA9t\xC3\xA9", "Societe" }, /* accents are kept */
	{ "组织1", "组织2" },
};

START_TEST(test_name_lookalikes_refused)
{
	for (size_t i = 0; i < N_ELEMS(lookalikes); i++) {
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		char zh[64], msg[600];
		int64_t id = 0;

		f.category = GOC_CATEGORY_ECONOMIC;
		f.date = "2024-01-01";
		/* as Chinese names */
		f.name_zh = lookalikes[i].first;
		must(goc_org_create(&id, db, &f), lookalikes[i].why);
		f.name_zh = lookalikes[i].second;
		expect_fail(goc_org_create(NULL, db, &f), GOC_EEXISTS, "name_zh: '",
		            lookalikes[i].why);
		snprintf(msg, sizeof msg, "is already used by organization %lld (written '",
		         (long long)id);
		ck_assert_msg(strstr(goc_error_message(), msg) != NULL, "%s: %s",
		              lookalikes[i].why, goc_error_message());
		/* as English names of other organizations */
		snprintf(zh, sizeof zh, "英文名测试%zu甲", i);
		f.name_zh = zh;
		f.name_en = lookalikes[i].first;
		int64_t en_id = 0;
		must(goc_org_create(&en_id, db, &f), lookalikes[i].why);
		snprintf(zh, sizeof zh, "英文名测试%zu乙", i);
		f.name_en = lookalikes[i].second;
		expect_fail(goc_org_create(NULL, db, &f), GOC_EEXISTS, "name_en: '",
		            lookalikes[i].why);
		must(goc_org_delete(db, id), "clean up");
		must(goc_org_delete(db, en_id), "clean up");
	}
	for (size_t i = 0; i < N_ELEMS(distinct); i++) {
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		f.category = GOC_CATEGORY_ECONOMIC;
		f.date = "2024-01-01";
		f.name_zh = distinct[i].a;
		must(goc_org_create(NULL, db, &f), distinct[i].a);
		f.name_zh = distinct[i].b;
		must(goc_org_create(NULL, db, &f), distinct[i].b);
	}
}
END_TEST

/* The message shows invisible characters and odd spaces, so that two
 * names that look the same can be told apart. */
START_TEST(test_name_lookalike_message)
{
	int64_t id = org_new("A B", "2024-01-01");
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	char want[200];

	f.category = GOC_CATEGORY_ECONOMIC;
	f.date = "2024-01-01";
	f.name_zh = "A\xC2\xA0" "B";
	expect_fail(goc_org_create(NULL, db, &f), GOC_EEXISTS, NULL, "NBSP");
	snprintf(want, sizeof want,
	         "name_zh: 'A<U+00A0>B' is already used by organization %lld (written 'A B')",
	         (long long)id);
	ck_assert_str_eq(goc_error_message(), want);
	/* the same bytes: no "(written …)" */
	f.name_zh = "A B";
	expect_fail(goc_org_create(NULL, db, &f), GOC_EEXISTS, NULL, "same");
	snprintf(want, sizeof want, "name_zh: 'A B' is already used by organization %lld",
	         (long long)id);
	ck_assert_str_eq(goc_error_message(), want);
	/* nothing visible */
	f.name_zh = "\xE2\x80\x8B\xE3\x80\x80";
	expect_fail(goc_org_create(NULL, db, &f), GOC_EINVAL, NULL, "invisible");
	ck_assert_str_eq(goc_error_message(),
	                 "name_zh: '<U+200B><U+3000>' has no visible characters");
	f.name_zh = "有名";
	f.name_en = "\xEF\xBB\xBF";
	expect_fail(goc_org_create(NULL, db, &f), GOC_EINVAL, "name_en", "invisible en");
}
END_TEST

/* The bulk path: a look-alike within the array is refused at its second
 * occurrence, naming the first element; the key is stored. */
START_TEST(test_name_lookalikes_create_many)
{
	goc_org_fields f[3];
	int64_t ids[3] = { 1, 1, 1 };
	const char *names[3] = { "批量ABC", "批量乙", "批量\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3" };
	int before = org_count();

	for (int i = 0; i < 3; i++) {
		goc_org_fields x = GOC_ORG_FIELDS_INIT;
		x.name_zh = names[i];
		x.category = GOC_CATEGORY_TRADE;
		x.date = "2024-01-01";
		f[i] = x;
	}
	expect_fail(goc_org_create_many(ids, db, f, 3), GOC_EEXISTS, NULL, "in the array");
	ck_assert_str_eq(goc_error_message(),
	                 "fields[2]: name_zh: '批量ＡＢＣ' is already used by fields[0]"
	                 " (written '批量ABC')");
	ck_assert_int_eq(ids[0] + ids[1] + ids[2], 0);
	ck_assert_int_eq(org_count(), before);
	f[2].name_zh = "批量丙";
	must(goc_org_create_many(ids, db, f, 3), "distinct");
	f[0].name_zh = "批量abc";
	expect_fail(goc_org_create_many(NULL, db, f, 1), GOC_EEXISTS,
	            "fields[0]: name_zh: '批量abc' is already used by organization", "stored");
	/* none at all: nothing made, the ids untouched */
	ids[0] = 77;
	must(goc_org_create_many(ids, db, f, 0), "none");
	ck_assert_int_eq(ids[0], 77);
	ck_assert_int_eq(org_count(), before + 3);
}
END_TEST

/* Update: a look-alike of another's name is refused; a look-alike of the
 * organization's own name is a new spelling of it. */
START_TEST(test_name_update)
{
	int64_t a = org_new("ABC", "2024-01-01"), b = org_new("XYZ", "2024-01-01");
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;

	f.name_zh = "\xEF\xBD\x81\xEF\xBD\x82\xEF\xBD\x83"; /* ａｂｃ */
	expect_fail(goc_org_update(db, b, &f), GOC_EEXISTS, "organization", "other's");
	must(goc_org_update(db, a, &f), "own name respelled");
	must(goc_org_get(&o, db, a), "get");
	ck_assert_str_eq(goc_org_name_zh(o), "ａｂｃ");
	goc_org_free(o);
	f.name_zh = NULL;
	f.name_en = "The  Org";
	must(goc_org_update(db, a, &f), "name_en");
	f.name_en = "THE ORG";
	expect_fail(goc_org_update(db, b, &f), GOC_EEXISTS, "name_en", "other's en");
	f.name_en = "";
	must(goc_org_update(db, a, &f), "clear name_en");
	f.name_en = "the org";
	must(goc_org_update(db, b, &f), "free again");
	f.name_en = NULL;
	f.name_zh = "\xE2\x80\x8B";
	expect_fail(goc_org_update(db, b, &f), GOC_EINVAL, "no visible", "invisible");
}
END_TEST

/* goc_org_find compares normalized names, Chinese before English. */
START_TEST(test_name_find_normalized)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;
	int64_t a, b;

	f.name_zh = "上海(国际)协会";
	f.name_en = "Shanghai Society";
	f.category = GOC_CATEGORY_TRADE;
	f.date = "2024-01-01";
	must(goc_org_create(&a, db, &f), "a");
	f.name_zh = "SHANGHAI SOCIETY"; /* another's English name as a Chinese name */
	f.name_en = NULL;
	must(goc_org_create(&b, db, &f), "b");
	must(goc_org_find(&o, db, "上海（国际）协会"), "full-width parentheses");
	ck_assert_int_eq(goc_org_id(o), a);
	goc_org_free(o);
	must(goc_org_find(&o, db, "shanghai\xE3\x80\x80society"), "case and U+3000");
	ck_assert_int_eq(goc_org_id(o), b); /* the Chinese name wins */
	goc_org_free(o);
	expect_fail(goc_org_find(&o, db, "\xE2\x80\x8B"), GOC_ENOTFOUND, "no organization",
	            "invisible");
	ck_assert_ptr_null(o);
	expect_fail(goc_org_find(&o, db, "无此组织"), GOC_ENOTFOUND, "无此组织", "unknown");
}
END_TEST

/* goc_name_key(): the key, and its errors. */
START_TEST(test_name_key_api)
{
	static const struct {
		const char *in, *key;
	} cases[] = {
		{ "ABC", "abc" },
		{ "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc" },
		{ "  A \xC2\xA0\xE3\x80\x80 B\t", "a b" },
		{ "A\xE2\x80\x8B" "B\xEF\xBB\xBF", "ab" },
		{ "Stra\xC3\x9F" "e", "strasse" },
		{ "Socie\xCC\x81te\xCC\x81", "soci\xC3\xA9t\xC3\xA9" },
		{ "上海（国际）协会", "上海(国际)协会" },
		{ "国际组织", "国际组织" },
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char *k = NULL;
		ck_assert_int_eq(goc_name_key(&k, cases[i].in), GOC_OK);
		ck_assert_str_eq(k, cases[i].key);
		goc_free(k);
	}
	/* long names: past every internal buffer */
	char *long_name = tu_repeat("\xEF\xBC\xA1", 300), *want = tu_repeat("a", 300), *k = NULL;
	ck_assert_int_eq(goc_name_key(&k, long_name), GOC_OK);
	ck_assert_str_eq(k, want);
	goc_free(k);
	free(long_name);
	free(want);
	long_name = tu_repeat("B", 400);
	want = tu_repeat("b", 400);
	ck_assert_int_eq(goc_name_key(&k, long_name), GOC_OK);
	ck_assert_str_eq(k, want);
	goc_free(k);
	free(long_name);
	free(want);

	k = (char *)"x";
	ck_assert_int_eq(goc_name_key(&k, NULL), GOC_EINVAL);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(goc_name_key(NULL, "x"), GOC_EINVAL);
	ck_assert_int_eq(goc_name_key(&k, "a\xC3\x28"), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "UTF-8"));
	ck_assert_int_eq(goc_name_key(&k, ""), GOC_EINVAL);
	ck_assert_int_eq(goc_name_key(&k, "\xE2\x80\x8B \xC2\xA0"), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "no visible characters"));
	ck_assert_ptr_null(k);
}
END_TEST

/* Partners' Chinese names are unique by key too. */
START_TEST(test_name_partner_lookalikes)
{
	goc_partner_fields p = GOC_PARTNER_FIELDS_INIT;
	int64_t a = 0, b = 0;

	p.name_zh = "伙伴ABC";
	p.kind = GOC_PARTNER_CHAMBER;
	p.unit = U_COMMERCE;
	p.date = "2024-01-01";
	must(goc_partner_create(&a, db, &p), "partner");
	p.name_zh = "伙伴ａｂｃ\xE3\x80\x80";
	ck_assert_int_eq(goc_partner_create(NULL, db, &p), GOC_EEXISTS);
	ck_assert_str_eq(goc_error_message(),
	                 "name_zh: '伙伴ａｂｃ<U+3000>' is already used by partner 1"
	                 " (written '伙伴ABC')");
	p.name_zh = "伙伴乙";
	must(goc_partner_create(&b, db, &p), "another");
	goc_partner_fields u = GOC_PARTNER_FIELDS_INIT;
	u.name_zh = "伙伴abc";
	ck_assert_int_eq(goc_partner_update(db, b, &u), GOC_EEXISTS);
	must(goc_partner_update(db, a, &u), "own name respelled");
	p.name_zh = "\xE2\x80\x8B";
	ck_assert_int_eq(goc_partner_create(NULL, db, &p), GOC_EINVAL);
	ck_assert_ptr_nonnull(strstr(goc_error_message(), "no visible characters"));
}
END_TEST

/* C1 controls (U+0080–U+009F) are refused like C0 ones, in names and
 * notes (where only tab, LF and CR are allowed). */
START_TEST(test_c1_controls_refused)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	int before = org_count();

	f.name_zh = "组织\xC2\x85名"; /* NEL */
	f.category = GOC_CATEGORY_ECONOMIC;
	f.date = "2024-01-01";
	expect_fail(goc_org_create(NULL, db, &f), GOC_EINVAL, NULL, "NEL in name_zh");
	ck_assert_str_eq(goc_error_message(), "name_zh: control character U+0085 at byte 6");
	f.name_zh = "组织";
	f.name_en = "Org\xC2\x9B" "31m"; /* CSI: a terminal escape */
	expect_fail(goc_org_create(NULL, db, &f), GOC_EINVAL, "name_en: control character U+009B",
	            "CSI in name_en");
	f.name_en = NULL;
	f.notes = "line one\nline two\xC2\x80";
	expect_fail(goc_org_create(NULL, db, &f), GOC_EINVAL, "notes: control character U+0080",
	            "C1 in notes");
	f.notes = "line one\r\n\tline two";
	must(goc_org_create(NULL, db, &f), "newlines in notes");
	f.name_zh = "组织乙";
	f.notes = "a\x7F";
	expect_fail(goc_org_create(NULL, db, &f), GOC_EINVAL, "notes: control character U+007F",
	            "DEL in notes");
	/* U+00A0 (C2 A0) is not a control: only the key sees it */
	f.notes = NULL;
	f.name_zh = "组织\xC2\xA0丙";
	must(goc_org_create(NULL, db, &f), "NBSP is text");
	ck_assert_int_eq(org_count(), before + 2);
}
END_TEST

/* ------------------------------------------------------------------------
 * Get and find
 * ---------------------------------------------------------------------- */

START_TEST(test_get_find)
{
	int64_t id = create_full();
	goc_org *o = (goc_org *)(void *)&db;

	ck_assert_int_eq(goc_org_get(&o, db, id + 1000), GOC_ENOTFOUND);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(goc_org_get(NULL, db, id), GOC_EINVAL);
	ck_assert_int_eq(goc_org_get(&o, NULL, id), GOC_EINVAL);

	ck_assert_int_eq(goc_org_find(&o, db, FULL_NAME_ZH), GOC_OK);
	ck_assert_int_eq(goc_org_id(o), id);
	goc_org_free(o);
	o = NULL;
	ck_assert_int_eq(goc_org_find(&o, db, FULL_NAME_EN), GOC_OK);
	ck_assert_int_eq(goc_org_id(o), id);
	goc_org_free(o);
	o = NULL;
	ck_assert_int_eq(goc_org_find(&o, db, "icc shanghai TEST office"),
	                 GOC_OK);
	ck_assert_int_eq(goc_org_id(o), id);
	goc_org_free(o);

	o = (goc_org *)(void *)&db;
	ck_assert_int_eq(goc_org_find(&o, db, "国际商会"), GOC_ENOTFOUND);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(goc_org_find(&o, db, "ICC Shanghai"), GOC_ENOTFOUND);
	ck_assert_int_eq(goc_org_find(&o, db, "nothing at all"), GOC_ENOTFOUND);
	ck_assert_int_eq(goc_org_find(NULL, db, FULL_NAME_ZH), GOC_EINVAL);
	ck_assert_int_eq(goc_org_find(&o, NULL, FULL_NAME_ZH), GOC_EINVAL);
	ck_assert_int_eq(goc_org_find(&o, db, NULL), GOC_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------------
 * Update
 * ---------------------------------------------------------------------- */

START_TEST(test_update_fields)
{
	int64_t id = create_full();
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;
	int hist = history_count(id);

	/* Change some, leave the rest. */
	f.name_en = "ICC Shanghai Renamed";
	f.category = GOC_CATEGORY_ARBITRATION;
	f.origin = GOC_ORIGIN_INTERNATIONAL;
	f.zone = "zhangjiang";
	f.unit = U_FINANCE;
	f.notes = "新备注";
	must(goc_org_update(db, id, &f), "update");
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_str_eq(goc_org_name_zh(o), FULL_NAME_ZH);
	ck_assert_pstr_eq(goc_org_name_en(o), "ICC Shanghai Renamed");
	ck_assert_int_eq(goc_org_category(o), GOC_CATEGORY_ARBITRATION);
	ck_assert_int_eq(goc_org_origin(o), GOC_ORIGIN_INTERNATIONAL);
	ck_assert_pstr_eq(goc_org_zone(o), "zhangjiang");
	ck_assert_pstr_eq(goc_org_unit(o), U_FINANCE);
	ck_assert_pstr_eq(goc_org_id_scheme(o), "uscc");
	ck_assert_pstr_eq(goc_org_id_value(o), FULL_USCC);
	ck_assert_pstr_eq(goc_org_notes(o), "新备注");
	ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_TARGET);
	ck_assert_str_eq(goc_org_created(o), "2024-03-15");
	goc_org_free(o);

	/* An all-NULL update changes nothing. */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	must(goc_org_update(db, id, &f), "empty update");
	o = NULL;
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_pstr_eq(goc_org_name_en(o), "ICC Shanghai Renamed");
	ck_assert_int_eq(goc_org_category(o), GOC_CATEGORY_ARBITRATION);
	ck_assert_pstr_eq(goc_org_zone(o), "zhangjiang");
	goc_org_free(o);

	/* Renaming the Chinese name. */
	f.name_zh = "国际商会（上海）新名";
	must(goc_org_update(db, id, &f), "rename zh");
	o = NULL;
	ck_assert_int_eq(goc_org_find(&o, db, "国际商会（上海）新名"), GOC_OK);
	ck_assert_int_eq(goc_org_id(o), id);
	goc_org_free(o);
	o = NULL;
	ck_assert_int_eq(goc_org_find(&o, db, FULL_NAME_ZH), GOC_ENOTFOUND);

	/* Changing only the case of its own English name is fine. */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.name_en = "ICC SHANGHAI RENAMED";
	must(goc_org_update(db, id, &f), "own name, other case");

	/* Updates leave the stage history alone. */
	ck_assert_int_eq(history_count(id), hist);
}
END_TEST

START_TEST(test_update_clear)
{
	int64_t id = create_full();
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;

	f.name_en = "";
	f.notes = "";
	f.zone = "";
	f.unit = "";
	must(goc_org_update(db, id, &f), "clear optional fields");
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_ptr_null(goc_org_name_en(o));
	ck_assert_ptr_null(goc_org_notes(o));
	ck_assert_ptr_null(goc_org_zone(o));
	ck_assert_ptr_null(goc_org_unit(o));
	/* Not named: kept. */
	ck_assert_str_eq(goc_org_name_zh(o), FULL_NAME_ZH);
	ck_assert_pstr_eq(goc_org_id_value(o), FULL_USCC);
	ck_assert_int_eq(goc_org_category(o), GOC_CATEGORY_TRADE);
	ck_assert_int_eq(goc_org_origin(o), GOC_ORIGIN_LOCAL);
	goc_org_free(o);

	/* The cleared English name is free for another organization. */
	{
		goc_org_fields n = GOC_ORG_FIELDS_INIT;
		n.name_zh = "另一组织";
		n.name_en = FULL_NAME_EN;
		n.category = GOC_CATEGORY_ECONOMIC;
		n.date = "2024-04-01";
		must(goc_org_create(NULL, db, &n), "reuse cleared name_en");
	}

	/* Clearing the external identifier (both halves). */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.id_scheme = "";
	f.id_value = "";
	must(goc_org_update(db, id, &f), "clear identifier");
	o = NULL;
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_ptr_null(goc_org_id_scheme(o));
	ck_assert_ptr_null(goc_org_id_value(o));
	goc_org_free(o);
}
END_TEST

START_TEST(test_update_errors)
{
	int64_t id = create_full();
	int64_t other;
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;

	{
		goc_org_fields n = GOC_ORG_FIELDS_INIT;
		n.name_zh = "第二组织";
		n.name_en = "Second Organization";
		n.category = GOC_CATEGORY_ECONOMIC;
		n.id_scheme = "uscc";
		n.id_value = "91110000600037341L";
		n.date = "2024-01-01";
		must(goc_org_create(&other, db, &n), "second org");
	}

#define TRY(want, field, what, ...)                                        \
	do {                                                               \
		f = (goc_org_fields)GOC_ORG_FIELDS_INIT;                   \
		__VA_ARGS__;                                               \
		goc_error_clear();                                         \
		expect_fail(goc_org_update(db, id, &f), want, field, what); \
	} while (0)

	TRY(GOC_EINVAL, "date", "date given on update", f.date = "2024-05-01");
	TRY(GOC_EINVAL, "name_zh", "clearing name_zh", f.name_zh = "");
	TRY(GOC_EINVAL, "name_en", "trailing space in name_en",
	    f.name_en = "Renamed ");
	TRY(GOC_EINVAL, "name_zh", "invalid UTF-8 name_zh",
	    f.name_zh = "\xF4\x90\x80\x80");
	TRY(GOC_EINVAL, "category", "category 99", f.category = 99);
	TRY(GOC_EINVAL, "origin", "origin 99", f.origin = 99);
	TRY(GOC_ENOTFOUND, "zone", "unknown zone", f.zone = "nowhere");
	TRY(GOC_ENOTFOUND, "unit", "unknown unit", f.unit = "nobody");
	TRY(GOC_EINVAL, "id_value", "invalid uscc value",
	    (f.id_scheme = "uscc", f.id_value = "91310115MA1K3YJ34P"));
	/* "id_scheme ... given together with id_value": also on update. */
	TRY(GOC_EINVAL, "id_", "value without scheme on update",
	    f.id_value = "91310000132200821H");
	TRY(GOC_EEXISTS, NULL, "name_zh of another org",
	    f.name_zh = "第二组织");
	TRY(GOC_EEXISTS, NULL, "name_en of another org, other case",
	    f.name_en = "second ORGANIZATION");
	TRY(GOC_EEXISTS, NULL, "identifier of another org",
	    (f.id_scheme = "uscc", f.id_value = "91110000600037341L"));
	TRY(GOC_EINVAL, NULL, "struct version 0", f.version = 0);
	/* A failing update changes nothing, even the valid fields in it. */
	TRY(GOC_EINVAL, "category", "valid name_en with bad category",
	    (f.name_en = "Should Not Stick", f.category = 99));
#undef TRY

	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	check_full(o, id);
	goc_org_free(o);

	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.notes = "x";
	expect_fail(goc_org_update(db, other + 1000, &f), GOC_ENOTFOUND, NULL,
	            "unknown id");
	ck_assert_int_eq(goc_org_update(NULL, id, &f), GOC_EINVAL);
	ck_assert_int_eq(goc_org_update(db, id, NULL), GOC_EINVAL);

	/* A new valid uscc value. */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.id_scheme = "uscc";
	f.id_value = "91310000132200821H";
	must(goc_org_update(db, id, &f), "new uscc value");
	o = NULL;
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_pstr_eq(goc_org_id_scheme(o), "uscc");
	ck_assert_pstr_eq(goc_org_id_value(o), "91310000132200821H");
	goc_org_free(o);
}
END_TEST

START_TEST(test_update_scheme_without_value)
{
	int64_t id = org_new("无标识组织", "2024-01-01");
	goc_org_fields f = GOC_ORG_FIELDS_INIT;

	f.id_scheme = "uscc";
	expect_fail(goc_org_update(db, id, &f), GOC_EINVAL, "id_value",
	            "scheme without value on update");
}
END_TEST

/* ------------------------------------------------------------------------
 * The stage machine
 * ---------------------------------------------------------------------- */

static const int transition_expected[7][7] = {
	/*            T  C  N  A  L  O  W */
	/* T */     { 0, 1, 1, 1, 0, 0, 1 },
	/* C */     { 0, 0, 1, 1, 0, 0, 1 },
	/* N */     { 0, 0, 0, 1, 0, 0, 1 },
	/* A */     { 0, 0, 0, 0, 1, 0, 1 },
	/* L */     { 0, 0, 0, 0, 0, 1, 1 },
	/* O */     { 0, 0, 0, 0, 0, 0, 1 },
	/* W */     { 1, 1, 1, 0, 0, 0, 0 },
};

/* Bring a fresh organization (with a cleared review, so that landing is
 * possible) into stage @p stage; dates in Jan-Apr 2024. */
static int64_t org_in_stage(int stage, const char *name)
{
	int64_t id = org_new(name, "2024-01-01");

	must(review(id, GOC_REVIEW_CLEARED, "2024-01-15"), "cleared review");
	switch (stage) {
	case GOC_STAGE_TARGET:
		break;
	case GOC_STAGE_CONTACTING:
	case GOC_STAGE_NEGOTIATING:
	case GOC_STAGE_APPROVED:
	case GOC_STAGE_WITHDRAWN:
		must(set_stage(id, stage, "2024-02-01"), "first move");
		break;
	case GOC_STAGE_LANDED:
	case GOC_STAGE_OPERATING:
		must(set_stage(id, GOC_STAGE_APPROVED, "2024-02-01"), "approve");
		must(set_stage(id, GOC_STAGE_LANDED, "2024-03-01"), "land");
		if (stage == GOC_STAGE_OPERATING)
			must(set_stage(id, GOC_STAGE_OPERATING, "2024-04-01"),
			     "operate");
		break;
	default:
		ck_abort_msg("bad stage %d", stage);
	}
	ck_assert_int_eq(stage_of(id), stage);
	return id;
}

/* Loop test over the 7x7 matrix: _i = (from-1)*7 + (to-1). */
START_TEST(test_stage_matrix)
{
	const int from = _i / 7 + 1, to = _i % 7 + 1;
	const int want_ok = transition_expected[from - 1][to - 1];
	char name[64];
	int64_t id;
	int hist, rc;

	snprintf(name, sizeof name, "矩阵组织 %d-%d", from, to);
	id = org_in_stage(from, name);
	hist = history_count(id);

	rc = goc_org_set_stage(db, id, to, "2024-06-01", U_COMMERCE, "矩阵");
	if (want_ok) {
		goc_org *o = NULL;
		ck_assert_msg(rc == GOC_OK, "%s -> %s refused: %d (%s): %s",
		              stage_names[from], stage_names[to], rc,
		              goc_strerror(rc), goc_error_message());
		ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
		ck_assert_int_eq(goc_org_stage(o), to);
		ck_assert_str_eq(goc_org_stage_date(o), "2024-06-01");
		ck_assert_str_eq(goc_org_created(o), "2024-01-01");
		goc_org_free(o);
		ck_assert_int_eq(history_count(id), hist + 1);
	} else {
		ck_assert_msg(rc == GOC_ESTATE, "%s -> %s gave %d (%s), expected "
		              "GOC_ESTATE", stage_names[from], stage_names[to],
		              rc, goc_strerror(rc));
		ck_assert_int_eq(goc_error_last(), GOC_ESTATE);
		ck_assert_int_eq(stage_of(id), from);
		ck_assert_int_eq(history_count(id), hist);
	}
}
END_TEST

START_TEST(test_stage_args)
{
	int64_t id = org_new("参数组织", "2024-03-01");
	char *note2000 = tu_repeat("注", 2000);
	char *note2001 = tu_repeat("注", 2001);

	expect_fail(goc_org_set_stage(db, id, 0, "2024-04-01", U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "stage 0");
	expect_fail(goc_org_set_stage(db, id, 8, "2024-04-01", U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "stage 8");
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, NULL,
	                              U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "NULL date");
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-02-30",
	                              U_COMMERCE, NULL),
	            GOC_EINVAL, "date", "bad date");
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-02-29",
	                              U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "date before registration");
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-04-01",
	                              "nobody", NULL),
	            GOC_ENOTFOUND, NULL, "unknown unit");
	expect_fail(goc_org_set_stage(db, id + 1000, GOC_STAGE_CONTACTING,
	                              "2024-04-01", U_COMMERCE, NULL),
	            GOC_ENOTFOUND, NULL, "unknown organization");
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-04-01",
	                              U_COMMERCE, note2001),
	            GOC_EINVAL, NULL, "2001-character note");
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-04-01",
	                              U_COMMERCE, "\xC0\xAF"),
	            GOC_EINVAL, NULL, "invalid UTF-8 note");
	ck_assert_int_eq(goc_org_set_stage(NULL, id, GOC_STAGE_CONTACTING,
	                                   "2024-04-01", U_COMMERCE, NULL),
	                 GOC_EINVAL);
	ck_assert_int_eq(stage_of(id), GOC_STAGE_TARGET);
	ck_assert_int_eq(history_count(id), 1);

	/* On the registration date itself, with the longest note. */
	must(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-03-01",
	                       U_COMMERCE, note2000),
	     "move on the registration date");
	ck_assert_int_eq(stage_of(id), GOC_STAGE_CONTACTING);
	free(note2000);
	free(note2001);
}
END_TEST

START_TEST(test_stage_dates_monotonic)
{
	int64_t id = org_new("日期组织", "2024-01-01");
	goc_org *o = NULL;

	must(set_stage(id, GOC_STAGE_CONTACTING, "2024-03-01"), "contact");
	expect_fail(set_stage(id, GOC_STAGE_NEGOTIATING, "2024-02-28"),
	            GOC_EINVAL, NULL, "date running backwards");
	ck_assert_int_eq(stage_of(id), GOC_STAGE_CONTACTING);
	/* Equal dates are allowed. */
	must(set_stage(id, GOC_STAGE_NEGOTIATING, "2024-03-01"), "same day");
	must(set_stage(id, GOC_STAGE_APPROVED, "2024-03-01"), "same day again");
	expect_fail(set_stage(id, GOC_STAGE_WITHDRAWN, "2023-12-31"),
	            GOC_EINVAL, NULL, "before registration");
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_APPROVED);
	ck_assert_str_eq(goc_org_stage_date(o), "2024-03-01");
	goc_org_free(o);
	ck_assert_int_eq(history_count(id), 4);
}
END_TEST

/* ------------------------------------------------------------------------
 * Landing and the risk review
 * ---------------------------------------------------------------------- */

/* A fresh organization in `approved` (on 2024-02-01) without reviews. */
static int64_t org_approved(const char *name)
{
	int64_t id = org_new(name, "2024-01-01");
	must(set_stage(id, GOC_STAGE_APPROVED, "2024-02-01"), "approve");
	return id;
}

static void expect_land(int64_t id, const char *date, int want,
                        const char *what)
{
	int rc = set_stage(id, GOC_STAGE_LANDED, date);
	ck_assert_msg(rc == want, "%s: landing gave %d (%s), expected %d (%s)",
	              what, rc, goc_strerror(rc), want, goc_strerror(want));
	ck_assert_int_eq(stage_of(id),
	                 want == GOC_OK ? GOC_STAGE_LANDED : GOC_STAGE_APPROVED);
}

START_TEST(test_land_without_review)
{
	int64_t id = org_approved("无审查组织");
	expect_land(id, "2024-03-01", GOC_ESTATE, "no review");
	ck_assert_int_eq(goc_db_errcode(db), GOC_ESTATE);
	ck_assert_int_eq(history_count(id), 2);
}
END_TEST

/* The risk gate on landing, one row per rule: an approved organization
 * (approved 2024-02-01) gets these reviews in this order of recording,
 * then landing on each date gives the code (the stage stays approved
 * after a refusal). */
static const struct {
	const char *rule;
	struct { int outcome; const char *date; } reviews[2];
	struct { const char *date; int want; } lands[2];
} land_cases[] = {
	{ "a flagged review blocks landing",
	  { { GOC_REVIEW_FLAGGED, "2024-02-10" } },
	  { { "2024-03-01", GOC_ESTATE } } },
	{ "a rejected review blocks landing",
	  { { GOC_REVIEW_REJECTED, "2024-02-10" } },
	  { { "2024-03-01", GOC_ESTATE } } },
	{ "cleared then flagged: the flag is the latest",
	  { { GOC_REVIEW_CLEARED, "2024-02-05" }, { GOC_REVIEW_FLAGGED, "2024-02-20" } },
	  { { "2024-03-01", GOC_ESTATE } } },
	{ "flagged then cleared: the clearance is the latest",
	  { { GOC_REVIEW_FLAGGED, "2024-02-05" }, { GOC_REVIEW_CLEARED, "2024-02-20" } },
	  { { "2024-03-01", GOC_OK } } },
	/* latest by date, then by order of recording: a flag dated later wins
	 * over a clearance recorded later but dated earlier; on 2024-02-15 the
	 * latest on or before is the clearance */
	{ "latest by date, not by recording",
	  { { GOC_REVIEW_FLAGGED, "2024-02-20" }, { GOC_REVIEW_CLEARED, "2024-02-10" } },
	  { { "2024-03-01", GOC_ESTATE }, { "2024-02-15", GOC_OK } } },
	{ "same day: the flag recorded last wins",
	  { { GOC_REVIEW_CLEARED, "2024-02-10" }, { GOC_REVIEW_FLAGGED, "2024-02-10" } },
	  { { "2024-02-10", GOC_ESTATE } } },
	{ "same day: the clearance recorded last wins",
	  { { GOC_REVIEW_FLAGGED, "2024-02-10" }, { GOC_REVIEW_CLEARED, "2024-02-10" } },
	  { { "2024-02-10", GOC_OK } } },
	{ "a clearance dated after the landing does not count; on its date it does",
	  { { GOC_REVIEW_CLEARED, "2024-05-02" } },
	  { { "2024-05-01", GOC_ESTATE }, { "2024-05-02", GOC_OK } } },
	{ "a flag dated after the landing does not count",
	  { { GOC_REVIEW_CLEARED, "2024-02-10" }, { GOC_REVIEW_FLAGGED, "2024-06-01" } },
	  { { "2024-03-01", GOC_OK } } },
};

/* Loop test: one iteration per row of land_cases. */
START_TEST(test_land_review_rules)
{
	char name[32];
	snprintf(name, sizeof name, "落地规则%d", _i);
	int64_t id = org_approved(name);

	for (int k = 0; k < 2 && land_cases[_i].reviews[k].date; k++)
		must(review(id, land_cases[_i].reviews[k].outcome, land_cases[_i].reviews[k].date),
		     land_cases[_i].rule);
	for (int k = 0; k < 2 && land_cases[_i].lands[k].date; k++)
		expect_land(id, land_cases[_i].lands[k].date, land_cases[_i].lands[k].want,
		            land_cases[_i].rule);
}
END_TEST

START_TEST(test_withdraw_reopen_reland)
{
	int64_t id = org_landed("撤出再落地", "2024-03-01");

	must(set_stage(id, GOC_STAGE_WITHDRAWN, "2024-04-01"), "withdraw");
	must(set_stage(id, GOC_STAGE_TARGET, "2024-04-02"), "reopen");
	must(set_stage(id, GOC_STAGE_APPROVED, "2024-05-01"), "approve again");
	/* The old cleared review is still the latest: landing again is OK. */
	must(set_stage(id, GOC_STAGE_LANDED, "2024-05-02"), "land again");
	ck_assert_int_eq(stage_of(id), GOC_STAGE_LANDED);

	/* A later flag blocks the next landing until cleared again. */
	must(review(id, GOC_REVIEW_FLAGGED, "2024-06-01"), "flag");
	must(set_stage(id, GOC_STAGE_WITHDRAWN, "2024-06-02"), "withdraw 2");
	must(set_stage(id, GOC_STAGE_NEGOTIATING, "2024-06-03"), "reopen 2");
	must(set_stage(id, GOC_STAGE_APPROVED, "2024-06-04"), "approve 3");
	expect_fail(set_stage(id, GOC_STAGE_LANDED, "2024-06-05"), GOC_ESTATE,
	            NULL, "land after a flag");
	must(review(id, GOC_REVIEW_CLEARED, "2024-06-05"), "clear again");
	must(set_stage(id, GOC_STAGE_LANDED, "2024-06-05"), "land 3");
	must(set_stage(id, GOC_STAGE_OPERATING, "2024-07-01"), "operate");
	ck_assert_int_eq(history_count(id), 12);
}
END_TEST

/* ------------------------------------------------------------------------
 * The acting unit
 * ---------------------------------------------------------------------- */

START_TEST(test_actor_used)
{
	int64_t id = org_new("执行单位组织", "2024-01-01");
	goc_cursor *c = NULL;
	int64_t rid = 0;

	/* No unit and no actor. */
	ck_assert_ptr_null(goc_db_actor(db));
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING,
	                              "2024-02-01", NULL, NULL),
	            GOC_EINVAL, NULL, "set_stage without unit or actor");
	expect_fail(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED,
	                           "2024-02-01", NULL, NULL),
	            GOC_EINVAL, NULL, "review without unit or actor");
	ck_assert_int_eq(history_count(id), 1);
	ck_assert_int_eq(review_count(id), 0);

	/* With an actor, NULL means the actor (an administrator here: a
	 * unit may not act on an organization it does not follow). */
	must(goc_unit_set_access(db, U_FINANCE, GOC_ACCESS_ADMIN), "admin");
	must(goc_db_set_actor(db, U_FINANCE), "set actor");
	must(goc_org_set_stage(db, id, GOC_STAGE_CONTACTING, "2024-02-01",
	                       NULL, NULL),
	     "set_stage by the actor");
	must(goc_org_review(&rid, db, id, GOC_REVIEW_CLEARED, "2024-02-02",
	                    NULL, NULL),
	     "review by the actor");
	/* An explicit unit wins over the actor. */
	must(goc_org_set_stage(db, id, GOC_STAGE_APPROVED, "2024-02-03",
	                       U_SCITECH, NULL),
	     "explicit unit");
	must(goc_org_set_stage(db, id, GOC_STAGE_LANDED, "2024-02-04", NULL,
	                       NULL),
	     "land by the actor");
	must(goc_org_set_hq(db, id, "2024-02-05", NULL, NULL), "hq by actor");

	ck_assert_int_eq(goc_org_history(&c, db, id), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW); /* registration */
	ck_assert_ptr_null(goc_stage_change_unit(goc_cursor_stage_change(c)));
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_pstr_eq(goc_stage_change_unit(goc_cursor_stage_change(c)),
	                  U_FINANCE);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_pstr_eq(goc_stage_change_unit(goc_cursor_stage_change(c)),
	                  U_SCITECH);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_pstr_eq(goc_stage_change_unit(goc_cursor_stage_change(c)),
	                  U_FINANCE);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	c = NULL;
	ck_assert_int_eq(goc_org_reviews(&c, db, id), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_review_id(goc_cursor_review(c)), rid);
	ck_assert_pstr_eq(goc_review_unit(goc_cursor_review(c)), U_FINANCE);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Back to the system actor: NULL is refused again. */
	must(goc_db_set_actor(db, NULL), "reset actor");
	expect_fail(goc_org_set_stage(db, id, GOC_STAGE_OPERATING, "2024-03-01",
	                              NULL, NULL),
	            GOC_EINVAL, NULL, "after reset");
	ck_assert_int_eq(stage_of(id), GOC_STAGE_LANDED);
}
END_TEST

START_TEST(test_actor_records_registration)
{
	/* "every write through this handle is attributed to it": the
	 * registration entry of an org created under an actor names it. */
	goc_cursor *c = NULL;
	int64_t id;

	must(goc_unit_set_access(db, U_COMMERCE, GOC_ACCESS_ADMIN), "admin");
	must(goc_db_set_actor(db, U_COMMERCE), "set actor");
	id = org_new("登记单位组织", "2024-01-01");
	ck_assert_int_eq(goc_org_history(&c, db, id), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_stage_change_from(goc_cursor_stage_change(c)), 0);
	ck_assert_pstr_eq(goc_stage_change_unit(goc_cursor_stage_change(c)),
	                  U_COMMERCE);
	goc_cursor_free(c);
}
END_TEST

/* ------------------------------------------------------------------------
 * History and reviews
 * ---------------------------------------------------------------------- */

START_TEST(test_history)
{
	static const struct {
		int stage;
		const char *date;
		const char *unit; /* NULL: U_COMMERCE; "ljz": the bureau */
		const char *note;
	} moves[] = {
		{ GOC_STAGE_CONTACTING, "2024-02-01", NULL, "首次接触" },
		{ GOC_STAGE_NEGOTIATING, "2024-02-01", "scitech", NULL },
		{ GOC_STAGE_APPROVED, "2024-03-01", NULL, "登记获批" },
		{ GOC_STAGE_LANDED, "2024-03-10", "ljz", "正式落地 landed" },
		{ GOC_STAGE_OPERATING, "2024-04-01", NULL, NULL },
		{ GOC_STAGE_WITHDRAWN, "2024-05-01", "scitech", "撤出" },
		{ GOC_STAGE_TARGET, "2024-06-01", NULL, "重新列入目标" },
	};
	int64_t id = org_new("历史组织", "2024-01-10");
	goc_cursor *c = NULL;
	const goc_stage_change *sc;
	int64_t last_seq;
	int prev = GOC_STAGE_TARGET;
	size_t i;

	must(review(id, GOC_REVIEW_CLEARED, "2024-03-05"), "clear");
	for (i = 0; i < N_ELEMS(moves); i++) {
		const char *unit = moves[i].unit == NULL ? U_COMMERCE
		                   : strcmp(moves[i].unit, "ljz") == 0 ? U_LJZ
		                   : U_SCITECH;
		int rc = goc_org_set_stage(db, id, moves[i].stage, moves[i].date,
		                           unit, moves[i].note);
		ck_assert_msg(rc == GOC_OK, "move %zu: %d: %s", i, rc,
		              goc_error_message());
	}

	ck_assert_int_eq(goc_org_history(&c, db, id), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	sc = goc_cursor_stage_change(c);
	ck_assert_ptr_nonnull(sc);
	ck_assert_ptr_null(goc_cursor_org(c));
	ck_assert_ptr_null(goc_cursor_review(c));
	ck_assert_int_eq(goc_stage_change_org(sc), id);
	ck_assert_int_eq(goc_stage_change_from(sc), 0);
	ck_assert_int_eq(goc_stage_change_to(sc), GOC_STAGE_TARGET);
	ck_assert_str_eq(goc_stage_change_date(sc), "2024-01-10");
	last_seq = goc_stage_change_seq(sc);

	for (i = 0; i < N_ELEMS(moves); i++) {
		const char *unit = moves[i].unit == NULL ? U_COMMERCE
		                   : strcmp(moves[i].unit, "ljz") == 0 ? U_LJZ
		                   : U_SCITECH;
		ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
		sc = goc_cursor_stage_change(c);
		ck_assert_ptr_nonnull(sc);
		ck_assert_msg(goc_stage_change_seq(sc) > last_seq,
		              "entry %zu: seq %lld not after %lld", i,
		              (long long)goc_stage_change_seq(sc),
		              (long long)last_seq);
		last_seq = goc_stage_change_seq(sc);
		ck_assert_int_eq(goc_stage_change_org(sc), id);
		ck_assert_int_eq(goc_stage_change_from(sc), prev);
		ck_assert_int_eq(goc_stage_change_to(sc), moves[i].stage);
		ck_assert_str_eq(goc_stage_change_date(sc), moves[i].date);
		ck_assert_pstr_eq(goc_stage_change_unit(sc), unit);
		ck_assert_pstr_eq(goc_stage_change_note(sc), moves[i].note);
		prev = moves[i].stage;
	}
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	{
		goc_org *o = NULL;
		ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
		ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_TARGET);
		ck_assert_str_eq(goc_org_stage_date(o), "2024-06-01");
		ck_assert_str_eq(goc_org_created(o), "2024-01-10");
		goc_org_free(o);
	}

	/* Errors. */
	c = NULL;
	expect_fail(goc_org_history(&c, db, id + 1000), GOC_ENOTFOUND, NULL,
	            "history of an unknown org");
	ck_assert_int_eq(goc_org_history(NULL, db, id), GOC_EINVAL);
	ck_assert_int_eq(goc_org_history(&c, NULL, id), GOC_EINVAL);
	ck_assert_int_eq(goc_stage_change_from(NULL), 0);
}
END_TEST

START_TEST(test_history_separate_orgs)
{
	int64_t a = org_new("组织一号", "2024-01-01");
	int64_t b = org_new("组织二号", "2024-01-01");
	goc_cursor *c = NULL;

	must(set_stage(a, GOC_STAGE_CONTACTING, "2024-02-01"), "a contact");
	must(set_stage(b, GOC_STAGE_WITHDRAWN, "2024-02-01"), "b withdraw");
	must(set_stage(a, GOC_STAGE_NEGOTIATING, "2024-02-02"), "a negotiate");
	ck_assert_int_eq(history_count(a), 3);
	ck_assert_int_eq(history_count(b), 2);
	ck_assert_int_eq(goc_org_history(&c, db, b), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_stage_change_org(goc_cursor_stage_change(c)), b);
	ck_assert_int_eq(goc_stage_change_to(goc_cursor_stage_change(c)),
	                 GOC_STAGE_WITHDRAWN);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);
}
END_TEST

/* Review requests: one waits per organization until the next review of
 * it answers it; then another may be made.  Listed across organizations,
 * pending or all, in order of recording, with every field. */
START_TEST(test_review_requests)
{
	int64_t a = org_new("请求甲", "2024-01-01"), b = org_new("请求乙", "2024-01-02");
	int64_t qa = 0, qb = 0, qa2 = 0, r1 = 0, r2 = 0;
	goc_cursor *c = NULL;
	const goc_review_request *rq;

	/* a review before any request answers nothing */
	must(review(a, GOC_REVIEW_FLAGGED, "2024-01-05"), "early review");
	must(goc_org_request_review(&qa, db, a, "2024-02-01", "请审查甲"), "request a");
	must(goc_org_request_review(&qb, db, b, "2024-02-02", NULL), "request b");
	ck_assert_int_gt(qb, qa);
	/* the answer: the next review of that organization, whatever its date */
	must(goc_org_review(&r1, db, a, GOC_REVIEW_CLEARED, "2024-01-20", U_SCITECH, NULL),
	     "review a");
	must(goc_org_review(&r2, db, a, GOC_REVIEW_CLEARED, "2024-02-20", U_SCITECH, NULL),
	     "review a again");
	must(goc_org_request_review(&qa2, db, a, "2024-03-01", NULL), "request a again");

	must(goc_org_review_requests(&c, db, 0, GOC_REVIEW_REQUESTS_ALL), "all");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	rq = goc_cursor_review_request(c);
	ck_assert_int_eq(goc_review_request_id(rq), qa);
	ck_assert_int_eq(goc_review_request_org(rq), a);
	ck_assert_str_eq(goc_review_request_date(rq), "2024-02-01");
	ck_assert_pstr_eq(goc_review_request_note(rq), "请审查甲");
	ck_assert_ptr_null(goc_review_request_unit(rq)); /* system actor, nobody follows it */
	ck_assert_int_eq(goc_review_request_review(rq), r1);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	rq = goc_cursor_review_request(c);
	ck_assert_int_eq(goc_review_request_id(rq), qb);
	ck_assert_ptr_null(goc_review_request_note(rq));
	ck_assert_int_eq(goc_review_request_review(rq), 0);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_review_request_id(goc_cursor_review_request(c)), qa2);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	must(goc_org_review_requests(&c, db, a, GOC_REVIEW_REQUESTS_PENDING), "pending of a");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	ck_assert_int_eq(goc_review_request_id(goc_cursor_review_request(c)), qa2);
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);
	(void)r2;
}
END_TEST

START_TEST(test_reviews)
{
	int64_t id = org_new("审查组织", "2024-01-01");
	int64_t r1 = 0, r2 = 0, r3 = 0;
	goc_cursor *c = NULL;
	const goc_review *rv;
	char *note2001 = tu_repeat("审", 2001);

	must(goc_org_review(&r1, db, id, GOC_REVIEW_FLAGGED, "2024-05-01",
	                    U_SCITECH, "需补充材料"),
	     "review 1");
	must(goc_org_review(&r2, db, id, GOC_REVIEW_CLEARED, "2024-03-01",
	                    U_LJZ, NULL),
	     "review 2 (earlier date, recorded later)");
	must(goc_org_review(&r3, db, id, GOC_REVIEW_REJECTED, "2024-01-01",
	                    U_COMMERCE, "registration day"),
	     "review 3 on the registration date");
	ck_assert_int_gt(r1, 0);
	ck_assert_int_ne(r1, r2);
	ck_assert_int_ne(r2, r3);
	/* Reviews do not change the stage or the history. */
	ck_assert_int_eq(stage_of(id), GOC_STAGE_TARGET);
	ck_assert_int_eq(history_count(id), 1);

	/* Listed in order of recording, with every field. */
	ck_assert_int_eq(goc_org_reviews(&c, db, id), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	rv = goc_cursor_review(c);
	ck_assert_ptr_nonnull(rv);
	ck_assert_ptr_null(goc_cursor_stage_change(c));
	ck_assert_int_eq(goc_review_id(rv), r1);
	ck_assert_int_eq(goc_review_org(rv), id);
	ck_assert_int_eq(goc_review_outcome(rv), GOC_REVIEW_FLAGGED);
	ck_assert_str_eq(goc_review_date(rv), "2024-05-01");
	ck_assert_pstr_eq(goc_review_unit(rv), U_SCITECH);
	ck_assert_pstr_eq(goc_review_note(rv), "需补充材料");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	rv = goc_cursor_review(c);
	ck_assert_int_eq(goc_review_id(rv), r2);
	ck_assert_int_eq(goc_review_outcome(rv), GOC_REVIEW_CLEARED);
	ck_assert_str_eq(goc_review_date(rv), "2024-03-01");
	ck_assert_pstr_eq(goc_review_unit(rv), U_LJZ);
	ck_assert_ptr_null(goc_review_note(rv));
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	rv = goc_cursor_review(c);
	ck_assert_int_eq(goc_review_id(rv), r3);
	ck_assert_int_eq(goc_review_outcome(rv), GOC_REVIEW_REJECTED);
	ck_assert_pstr_eq(goc_review_note(rv), "registration day");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* Errors. */
	expect_fail(goc_org_review(NULL, db, id, 0, "2024-02-01", U_COMMERCE,
	                           NULL),
	            GOC_EINVAL, NULL, "outcome 0");
	expect_fail(goc_org_review(NULL, db, id, 4, "2024-02-01", U_COMMERCE,
	                           NULL),
	            GOC_EINVAL, NULL, "outcome 4");
	expect_fail(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED,
	                           "2023-12-31", U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "before registration");
	expect_fail(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED,
	                           "2024-13-01", U_COMMERCE, NULL),
	            GOC_EINVAL, "date", "bad date");
	expect_fail(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED, NULL,
	                           U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "NULL date");
	expect_fail(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED,
	                           "2024-02-01", U_COMMERCE, note2001),
	            GOC_EINVAL, NULL, "2001-character note");
	expect_fail(goc_org_review(NULL, db, id, GOC_REVIEW_CLEARED,
	                           "2024-02-01", "nobody", NULL),
	            GOC_ENOTFOUND, NULL, "unknown unit");
	expect_fail(goc_org_review(NULL, db, id + 1000, GOC_REVIEW_CLEARED,
	                           "2024-02-01", U_COMMERCE, NULL),
	            GOC_ENOTFOUND, NULL, "unknown organization");
	ck_assert_int_eq(goc_org_review(NULL, NULL, id, GOC_REVIEW_CLEARED,
	                                "2024-02-01", U_COMMERCE, NULL),
	                 GOC_EINVAL);
	ck_assert_int_eq(review_count(id), 3);

	c = NULL;
	expect_fail(goc_org_reviews(&c, db, id + 1000), GOC_ENOTFOUND, NULL,
	            "reviews of an unknown org");
	ck_assert_int_eq(goc_org_reviews(NULL, db, id), GOC_EINVAL);
	ck_assert_int_eq(goc_org_reviews(&c, NULL, id), GOC_EINVAL);
	free(note2001);
}
END_TEST

/* ------------------------------------------------------------------------
 * Regional headquarters
 * ---------------------------------------------------------------------- */

START_TEST(test_hq)
{
	int64_t t = org_new("目标阶段组织", "2024-01-01");
	int64_t a = org_approved("已批准组织");
	int64_t l = org_landed("已落地组织", "2024-03-10");
	goc_org *o = NULL;

	expect_fail(goc_org_set_hq(db, t, "2024-06-01", U_COMMERCE, NULL),
	            GOC_ESTATE, NULL, "hq in target");
	expect_fail(goc_org_set_hq(db, a, "2024-06-01", U_COMMERCE, NULL),
	            GOC_ESTATE, NULL, "hq in approved");

	expect_fail(goc_org_set_hq(db, l, "2024-03-09", U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "hq before landing");
	expect_fail(goc_org_set_hq(db, l, "2024-02-30", U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "bad date");
	expect_fail(goc_org_set_hq(db, l, NULL, U_COMMERCE, NULL), GOC_EINVAL,
	            NULL, "NULL date");
	expect_fail(goc_org_set_hq(db, l, "2024-03-10", NULL, NULL), GOC_EINVAL,
	            NULL, "no unit, no actor");
	expect_fail(goc_org_set_hq(db, l, "2024-03-10", "nobody", NULL),
	            GOC_ENOTFOUND, NULL, "unknown unit");
	expect_fail(goc_org_set_hq(db, l + 1000, "2024-03-10", U_COMMERCE, NULL),
	            GOC_ENOTFOUND, NULL, "unknown organization");
	ck_assert_int_eq(goc_org_set_hq(NULL, l, "2024-03-10", U_COMMERCE, NULL),
	                 GOC_EINVAL);
	ck_assert_int_eq(goc_org_get(&o, db, l), GOC_OK);
	ck_assert_ptr_null(goc_org_hq_date(o));
	goc_org_free(o);

	/* On the landing day itself. */
	must(goc_org_set_hq(db, l, "2024-03-10", U_COMMERCE, "区域总部认定"),
	     "hq");
	o = NULL;
	ck_assert_int_eq(goc_org_get(&o, db, l), GOC_OK);
	ck_assert_pstr_eq(goc_org_hq_date(o), "2024-03-10");
	ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_LANDED);
	goc_org_free(o);
	/* At most one. */
	expect_fail(goc_org_set_hq(db, l, "2024-04-01", U_COMMERCE, NULL),
	            GOC_EEXISTS, NULL, "hq twice");
	/* The milestone is not a stage change. */
	ck_assert_int_eq(history_count(l), 3);

	ck_assert_ptr_null(goc_org_hq_date(NULL));
}
END_TEST

START_TEST(test_hq_operating_and_withdrawn)
{
	int64_t op = org_landed("运营中组织", "2024-03-01");
	int64_t w = org_landed("已撤出组织", "2024-03-01");
	goc_org *o = NULL;

	must(set_stage(op, GOC_STAGE_OPERATING, "2024-04-01"), "operate");
	must(goc_org_set_hq(db, op, "2024-05-01", U_COMMERCE, NULL),
	     "hq while operating");
	ck_assert_int_eq(goc_org_get(&o, db, op), GOC_OK);
	ck_assert_pstr_eq(goc_org_hq_date(o), "2024-05-01");
	goc_org_free(o);

	must(set_stage(w, GOC_STAGE_WITHDRAWN, "2024-04-01"), "withdraw");
	expect_fail(goc_org_set_hq(db, w, "2024-05-01", U_COMMERCE, NULL),
	            GOC_ESTATE, NULL, "hq while withdrawn");
}
END_TEST

START_TEST(test_hq_after_relanding)
{
	/* "not dated before its latest landing" */
	int64_t id = org_landed("再次落地总部", "2024-03-01");

	must(set_stage(id, GOC_STAGE_WITHDRAWN, "2024-04-01"), "withdraw");
	must(set_stage(id, GOC_STAGE_TARGET, "2024-04-02"), "reopen");
	must(set_stage(id, GOC_STAGE_APPROVED, "2024-04-03"), "approve");
	must(set_stage(id, GOC_STAGE_LANDED, "2024-06-01"), "land again");
	expect_fail(goc_org_set_hq(db, id, "2024-05-01", U_COMMERCE, NULL),
	            GOC_EINVAL, NULL, "hq between the two landings");
	must(goc_org_set_hq(db, id, "2024-06-01", U_COMMERCE, NULL),
	     "hq on the latest landing day");
}
END_TEST

/* ------------------------------------------------------------------------
 * Listing with filters
 * ---------------------------------------------------------------------- */

START_TEST(test_list_filters)
{
	goc_org_fields f;
	goc_org_filter flt;
	int64_t o1, o2, o3, o4;

	/* o1: lujiazui, commerce, professional, international, landed + HQ */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.name_zh = "组织一";
	f.category = GOC_CATEGORY_PROFESSIONAL;
	f.zone = "lujiazui";
	f.unit = U_COMMERCE;
	f.date = "2024-01-01";
	must(goc_org_create(&o1, db, &f), "o1");
	must(review(o1, GOC_REVIEW_CLEARED, "2024-01-02"), "o1 review");
	must(set_stage(o1, GOC_STAGE_APPROVED, "2024-01-03"), "o1 approve");
	must(set_stage(o1, GOC_STAGE_LANDED, "2024-01-04"), "o1 land");
	must(goc_org_set_hq(db, o1, "2024-01-05", U_COMMERCE, NULL), "o1 hq");

	/* o2: lujiazui, scitech unit, scitech, local, target */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.name_zh = "组织二";
	f.category = GOC_CATEGORY_SCITECH;
	f.origin = GOC_ORIGIN_LOCAL;
	f.zone = "lujiazui";
	f.unit = U_SCITECH;
	f.date = "2024-01-01";
	must(goc_org_create(&o2, db, &f), "o2");

	/* o3: zhangjiang, scitech unit, scitech, international, landed */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.name_zh = "组织三";
	f.category = GOC_CATEGORY_SCITECH;
	f.origin = GOC_ORIGIN_INTERNATIONAL;
	f.zone = "zhangjiang";
	f.unit = U_SCITECH;
	f.date = "2024-01-01";
	must(goc_org_create(&o3, db, &f), "o3");
	must(review(o3, GOC_REVIEW_CLEARED, "2024-01-02"), "o3 review");
	must(set_stage(o3, GOC_STAGE_APPROVED, "2024-01-03"), "o3 approve");
	must(set_stage(o3, GOC_STAGE_LANDED, "2024-01-04"), "o3 land");

	/* o4: no zone, no unit, trade, local, contacting */
	f = (goc_org_fields)GOC_ORG_FIELDS_INIT;
	f.name_zh = "组织四";
	f.category = GOC_CATEGORY_TRADE;
	f.origin = GOC_ORIGIN_LOCAL;
	f.date = "2024-01-01";
	must(goc_org_create(&o4, db, &f), "o4");
	must(set_stage(o4, GOC_STAGE_CONTACTING, "2024-01-03"), "o4 contact");

	{
		const int64_t all[] = { o1, o2, o3, o4 };
		expect_list(NULL, all, 4, "no filter");
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		expect_list(&flt, all, 4, "empty filter");
	}
	{
		const int64_t want[] = { o1, o2 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.zone = "lujiazui";
		expect_list(&flt, want, 2, "zone lujiazui");
	}
	{
		const int64_t want[] = { o2, o3 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.unit = U_SCITECH;
		expect_list(&flt, want, 2, "unit scitech");
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.category = GOC_CATEGORY_SCITECH;
		expect_list(&flt, want, 2, "category scitech");
	}
	{
		const int64_t want[] = { o1, o3 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.stage = GOC_STAGE_LANDED;
		expect_list(&flt, want, 2, "stage landed");
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.origin = GOC_ORIGIN_INTERNATIONAL;
		expect_list(&flt, want, 2, "origin international");
	}
	{
		const int64_t want[] = { o2, o4 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.origin = GOC_ORIGIN_LOCAL;
		expect_list(&flt, want, 2, "origin local");
	}
	{
		const int64_t want[] = { o1 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.hq = GOC_YES;
		expect_list(&flt, want, 1, "hq yes");
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.unit = U_COMMERCE;
		expect_list(&flt, want, 1, "unit commerce");
	}
	{
		const int64_t want[] = { o2, o3, o4 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.hq = GOC_NO;
		expect_list(&flt, want, 3, "hq no");
	}
	{
		const int64_t want[] = { o4 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.stage = GOC_STAGE_CONTACTING;
		expect_list(&flt, want, 1, "stage contacting");
	}
	/* Combined. */
	{
		const int64_t want[] = { o2 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.zone = "lujiazui";
		flt.category = GOC_CATEGORY_SCITECH;
		expect_list(&flt, want, 1, "zone + category");
	}
	{
		const int64_t want[] = { o3 };
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.stage = GOC_STAGE_LANDED;
		flt.hq = GOC_NO;
		expect_list(&flt, want, 1, "stage + hq no");
		flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
		flt.unit = U_SCITECH;
		flt.origin = GOC_ORIGIN_INTERNATIONAL;
		flt.zone = "zhangjiang";
		expect_list(&flt, want, 1, "unit + origin + zone");
	}
	/* Nothing matches. */
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.zone = "lujiazui";
	flt.stage = GOC_STAGE_OPERATING;
	expect_list(&flt, NULL, 0, "zone + operating");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.zone = "nowhere";
	expect_list(&flt, NULL, 0, "unknown zone matches nothing");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.unit = "nobody";
	expect_list(&flt, NULL, 0, "unknown unit matches nothing");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.category = GOC_CATEGORY_FINANCE;
	expect_list(&flt, NULL, 0, "category finance");
}
END_TEST

/* Filter strings are copied: the caller may free them before stepping. */
START_TEST(test_list_filter_copied)
{
	goc_org_filter flt = GOC_ORG_FILTER_INIT;
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_cursor *c = NULL;
	char *zone = strdup("ftz");
	int n = 0;

	f.name_zh = "过滤复制组织";
	f.category = GOC_CATEGORY_TRADE;
	f.zone = "ftz";
	f.date = "2024-01-01";
	ck_assert_int_eq(goc_org_create(NULL, db, &f), GOC_OK);
	org_new("另一个组织", "2024-01-01");
	flt.zone = zone;
	ck_assert_int_eq(goc_org_list(&c, db, &flt), GOC_OK);
	memset(zone, 'x', 3);
	free(zone);
	while (goc_cursor_next(c) == GOC_ROW) {
		ck_assert_str_eq(goc_org_zone(goc_cursor_org(c)), "ftz");
		n++;
	}
	ck_assert_int_eq(n, 1);
	goc_cursor_free(c);
}
END_TEST

START_TEST(test_list_filter_errors)
{
	goc_org_filter flt = GOC_ORG_FILTER_INIT;
	goc_cursor *c = NULL;

	org_new("过滤错误组织", "2024-01-01");

	flt.version = 0;
	expect_fail(goc_org_list(&c, db, &flt), GOC_EINVAL, NULL, "version 0");
	flt.version = GOC_ORG_FILTER_VERSION + 1;
	expect_fail(goc_org_list(&c, db, &flt), GOC_EINVAL, NULL, "version 2");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.stage = 8;
	expect_fail(goc_org_list(&c, db, &flt), GOC_EINVAL, NULL, "stage 8");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.category = 99;
	expect_fail(goc_org_list(&c, db, &flt), GOC_EINVAL, NULL, "category 99");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.origin = 3;
	expect_fail(goc_org_list(&c, db, &flt), GOC_EINVAL, NULL, "origin 3");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.hq = 3;
	expect_fail(goc_org_list(&c, db, &flt), GOC_EINVAL, NULL, "hq 3");
	flt = (goc_org_filter)GOC_ORG_FILTER_INIT;
	flt.stage = -1;
	expect_fail(goc_org_list(&c, db, &flt), GOC_EINVAL, NULL, "stage -1");

	ck_assert_int_eq(goc_org_list(NULL, db, NULL), GOC_EINVAL);
	ck_assert_int_eq(goc_org_list(&c, NULL, NULL), GOC_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------------
 * Delete
 * ---------------------------------------------------------------------- */

START_TEST(test_delete)
{
	int64_t fresh = org_new("误登记组织", "2024-01-01");
	int64_t updated = org_new("改过的组织", "2024-01-01");
	int64_t moved = org_new("推进过的组织", "2024-01-01");
	int64_t reviewed = org_new("审查过的组织", "2024-01-01");
	int64_t hq = org_landed("有总部的组织", "2024-03-01");
	goc_org *o = NULL;
	goc_org_fields f = GOC_ORG_FIELDS_INIT;

	/* a service request refers to it too */
	{
		int64_t asked = org_new("提过诉求的组织", "2024-01-01");
		goc_request_fields rq = GOC_REQUEST_FIELDS_INIT;
		if (tu_unit_add(db, "req-unit", "诉求受理单位", GOC_UNIT_DEPARTMENT) != GOC_OK)
			ck_assert_int_eq(goc_error_last(), GOC_EEXISTS);
		rq.org = asked;
		rq.category = GOC_REQUEST_TAX;
		rq.opened = "2024-02-01";
		rq.unit = "req-unit";
		rq.summary = "税务登记";
		must(goc_request_create(NULL, db, &rq), "request");
		expect_fail(goc_org_delete(db, asked), GOC_ECONSTRAINT, "service request",
		            "delete with a service request");
	}
	must(goc_org_delete(db, fresh), "delete fresh");
	ck_assert_int_eq(goc_org_get(&o, db, fresh), GOC_ENOTFOUND);
	expect_fail(goc_org_delete(db, fresh), GOC_ENOTFOUND, NULL,
	            "delete twice");
	/* Its name is free again. */
	org_new("误登记组织", "2024-02-01");

	/* Descriptive updates do not pin an organization. */
	f.notes = "只是备注";
	must(goc_org_update(db, updated, &f), "update");
	must(goc_org_delete(db, updated), "delete updated");

	must(set_stage(moved, GOC_STAGE_CONTACTING, "2024-02-01"), "move");
	expect_fail(goc_org_delete(db, moved), GOC_ECONSTRAINT, NULL,
	            "with a stage change");
	/* Withdrawn still has history: still refused. */
	must(set_stage(moved, GOC_STAGE_WITHDRAWN, "2024-02-02"), "withdraw");
	expect_fail(goc_org_delete(db, moved), GOC_ECONSTRAINT, NULL,
	            "withdrawn with history");

	must(review(reviewed, GOC_REVIEW_FLAGGED, "2024-02-01"), "review");
	expect_fail(goc_org_delete(db, reviewed), GOC_ECONSTRAINT, NULL,
	            "with a review");

	must(goc_org_set_hq(db, hq, "2024-04-01", U_COMMERCE, NULL), "hq");
	expect_fail(goc_org_delete(db, hq), GOC_ECONSTRAINT, NULL, "with HQ");

	expect_fail(goc_org_delete(db, hq + 1000), GOC_ENOTFOUND, NULL,
	            "unknown id");
	ck_assert_int_eq(goc_org_delete(NULL, hq), GOC_EINVAL);

	/* The refused ones are all still there, intact. */
	ck_assert_int_eq(org_count(), 5); /* and the one with a service request */
	ck_assert_int_eq(history_count(moved), 3);
	ck_assert_int_eq(review_count(reviewed), 1);
	ck_assert_int_eq(goc_org_get(&o, db, hq), GOC_OK);
	ck_assert_pstr_eq(goc_org_hq_date(o), "2024-04-01");
	goc_org_free(o);
}
END_TEST

/* ------------------------------------------------------------------------
 * Persistence and text
 * ---------------------------------------------------------------------- */

/* Mixed scripts: CJK, a supplementary-plane character (U+20BB7), full-width
 * and typographic punctuation, Latin with diacritics. */
#define TRICKY_ZH "国际标准化组织（ISO）上海中心·\xF0\xA0\xAE\xB7野家—「测试」"
#define TRICKY_EN "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale \xE2\x80\x9CTest\xE2\x80\x9D"
#define TRICKY_NOTES "  第一行\n第二行\t制表符 — emoji \xF0\x9F\x98\x80 "

START_TEST(test_utf8_round_trip)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;
	int64_t id = 0;

	f.name_zh = TRICKY_ZH;
	f.name_en = TRICKY_EN;
	f.category = GOC_CATEGORY_STANDARDS;
	f.notes = TRICKY_NOTES;
	f.date = "2024-01-01";
	must(goc_org_create(&id, db, &f), "create");
	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_int_eq(strlen(goc_org_name_zh(o)), strlen(TRICKY_ZH));
	ck_assert_int_eq(memcmp(goc_org_name_zh(o), TRICKY_ZH,
	                        strlen(TRICKY_ZH)), 0);
	ck_assert_str_eq(goc_org_name_en(o), TRICKY_EN);
	ck_assert_str_eq(goc_org_notes(o), TRICKY_NOTES);
	goc_org_free(o);
	o = NULL;
	ck_assert_int_eq(goc_org_find(&o, db, TRICKY_ZH), GOC_OK);
	ck_assert_int_eq(goc_org_id(o), id);
	goc_org_free(o);
}
END_TEST

START_TEST(test_error_message_valid_utf8)
{
	/* goc_error_message() is always valid UTF-8, even quoting bad input. */
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	char msg[1024];

	f.name_zh = "坏名字\xC0\xAF\xFF";
	f.category = GOC_CATEGORY_ECONOMIC;
	f.date = "2024-01-01";
	goc_error_clear();
	ck_assert_int_eq(goc_org_create(NULL, db, &f), GOC_EINVAL);
	snprintf(msg, sizeof msg, "%s", goc_error_message());
	ck_assert_msg(strlen(msg) > 0, "message expected");
	ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
	              "message is not valid UTF-8");

	f.name_zh = "好名字";
	f.date = "2024-0\xE4-01";
	ck_assert_int_eq(goc_org_create(NULL, db, &f), GOC_EINVAL);
	snprintf(msg, sizeof msg, "%s", goc_error_message());
	ck_assert_msg(goc_utf8_check(msg) == GOC_OK,
	              "message is not valid UTF-8");
	ck_assert_int_eq(org_count(), 0);
}
END_TEST

START_TEST(test_persist_reopen)
{
	char path[600];
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org *o = NULL;
	goc_cursor *c = NULL;
	const goc_stage_change *sc;
	const goc_review *rv;
	int64_t id = 0, other = 0, rid = 0;

	snprintf(path, sizeof path, "%s/orgs.db", tmpdir);
	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	load_pudong();

	f.name_zh = TRICKY_ZH;
	f.name_en = TRICKY_EN;
	f.category = GOC_CATEGORY_STANDARDS;
	f.origin = GOC_ORIGIN_LOCAL;
	f.zone = "expo";
	f.unit = U_LJZ;
	f.id_scheme = "uscc";
	f.id_value = "91310000MA1FL5LX3K";
	f.notes = TRICKY_NOTES;
	f.date = "2024-02-29";
	must(goc_org_create(&id, db, &f), "create");
	must(goc_org_review(&rid, db, id, GOC_REVIEW_CLEARED, "2024-03-01",
	                    U_SCITECH, "风险可控"),
	     "review");
	must(goc_org_set_stage(db, id, GOC_STAGE_APPROVED, "2024-03-02",
	                       U_COMMERCE, "批准"),
	     "approve");
	must(goc_org_set_stage(db, id, GOC_STAGE_LANDED, "2024-03-03", U_LJZ,
	                       NULL),
	     "land");
	must(goc_org_set_hq(db, id, "2024-04-01", U_COMMERCE, "总部"), "hq");
	other = org_new("第二个组织", "2024-01-01");
	goc_db_close(db);
	db = NULL;

	ck_assert_int_eq(goc_db_open(&db, path), GOC_OK);
	ck_assert_int_eq(org_count(), 2);

	ck_assert_int_eq(goc_org_get(&o, db, id), GOC_OK);
	ck_assert_str_eq(goc_org_name_zh(o), TRICKY_ZH);
	ck_assert_pstr_eq(goc_org_name_en(o), TRICKY_EN);
	ck_assert_int_eq(goc_org_category(o), GOC_CATEGORY_STANDARDS);
	ck_assert_int_eq(goc_org_origin(o), GOC_ORIGIN_LOCAL);
	ck_assert_pstr_eq(goc_org_zone(o), "expo");
	ck_assert_pstr_eq(goc_org_unit(o), U_LJZ);
	ck_assert_pstr_eq(goc_org_id_scheme(o), "uscc");
	ck_assert_pstr_eq(goc_org_id_value(o), "91310000MA1FL5LX3K");
	ck_assert_pstr_eq(goc_org_notes(o), TRICKY_NOTES);
	ck_assert_int_eq(goc_org_stage(o), GOC_STAGE_LANDED);
	ck_assert_pstr_eq(goc_org_stage_date(o), "2024-03-03");
	ck_assert_pstr_eq(goc_org_created(o), "2024-02-29");
	ck_assert_pstr_eq(goc_org_hq_date(o), "2024-04-01");
	goc_org_free(o);

	ck_assert_int_eq(goc_org_history(&c, db, id), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	sc = goc_cursor_stage_change(c);
	ck_assert_int_eq(goc_stage_change_from(sc), 0);
	ck_assert_int_eq(goc_stage_change_to(sc), GOC_STAGE_TARGET);
	ck_assert_str_eq(goc_stage_change_date(sc), "2024-02-29");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	sc = goc_cursor_stage_change(c);
	ck_assert_int_eq(goc_stage_change_from(sc), GOC_STAGE_TARGET);
	ck_assert_int_eq(goc_stage_change_to(sc), GOC_STAGE_APPROVED);
	ck_assert_str_eq(goc_stage_change_date(sc), "2024-03-02");
	ck_assert_pstr_eq(goc_stage_change_unit(sc), U_COMMERCE);
	ck_assert_pstr_eq(goc_stage_change_note(sc), "批准");
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	sc = goc_cursor_stage_change(c);
	ck_assert_int_eq(goc_stage_change_from(sc), GOC_STAGE_APPROVED);
	ck_assert_int_eq(goc_stage_change_to(sc), GOC_STAGE_LANDED);
	ck_assert_str_eq(goc_stage_change_date(sc), "2024-03-03");
	ck_assert_pstr_eq(goc_stage_change_unit(sc), U_LJZ);
	ck_assert_ptr_null(goc_stage_change_note(sc));
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	c = NULL;
	ck_assert_int_eq(goc_org_reviews(&c, db, id), GOC_OK);
	ck_assert_int_eq(goc_cursor_next(c), GOC_ROW);
	rv = goc_cursor_review(c);
	ck_assert_int_eq(goc_review_id(rv), rid);
	ck_assert_int_eq(goc_review_org(rv), id);
	ck_assert_int_eq(goc_review_outcome(rv), GOC_REVIEW_CLEARED);
	ck_assert_str_eq(goc_review_date(rv), "2024-03-01");
	ck_assert_pstr_eq(goc_review_unit(rv), U_SCITECH);
	ck_assert_pstr_eq(goc_review_note(rv), "风险可控");
	ck_assert_int_eq(goc_cursor_next(c), GOC_DONE);
	goc_cursor_free(c);

	/* The rules still hold after reopening. */
	expect_fail(goc_org_set_hq(db, id, "2024-05-01", U_COMMERCE, NULL),
	            GOC_EEXISTS, NULL, "hq twice after reopen");
	expect_fail(goc_org_delete(db, id), GOC_ECONSTRAINT, NULL,
	            "delete after reopen");
	{
		goc_org_filter flt = GOC_ORG_FILTER_INIT;
		const int64_t want[] = { id };
		flt.hq = GOC_YES;
		expect_list(&flt, want, 1, "hq filter after reopen");
	}
	must(goc_org_delete(db, other), "delete the plain one");
	ck_assert_int_eq(org_count(), 1);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *org_suite(void)
{
	Suite *s = suite_create("org");
	TCase *tc;

	/* tu_mem_setup: ":memory:" with the pudong reference data */
	tu_fixtures(&db, tmpdir, sizeof tmpdir, "test-org", load_pudong);

	add_case(s, "create", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_create_full_get, test_create_full_list, test_create_minimal,
		test_create_other_scheme_and_limits, test_create_inputs_copied,
		test_create_errors, test_get_find, NULL });

	add_case(s, "names", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_name_lookalikes_refused, test_name_lookalike_message,
		test_name_lookalikes_create_many, test_name_update,
		test_name_find_normalized, test_name_key_api, test_name_partner_lookalikes,
		test_c1_controls_refused, NULL });

	add_case(s, "update", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_update_fields, test_update_clear, test_update_errors,
		test_update_scheme_without_value, NULL });

	tc = add_case(s, "stage", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_stage_args, test_stage_dates_monotonic, test_land_without_review,
		test_withdraw_reopen_reland, NULL });
	tcase_add_loop_test(tc, test_stage_matrix, 0, 49);
	tcase_add_loop_test(tc, test_land_review_rules, 0, (int)N_ELEMS(land_cases));

	add_case(s, "actor", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_actor_used, test_actor_records_registration, NULL });

	add_case(s, "history", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_history, test_history_separate_orgs, test_reviews,
		test_review_requests, NULL });

	add_case(s, "hq", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_hq, test_hq_operating_and_withdrawn, test_hq_after_relanding, NULL });

	add_case(s, "list", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_list_filters, test_list_filter_copied, test_list_filter_errors,
		NULL });

	add_case(s, "delete", tu_mem_setup, tu_mem_teardown, 120, (const TTest *[]){
		test_delete, NULL });

	add_case(s, "text", tu_mem_setup, tu_mem_teardown, 0, (const TTest *[]){
		test_utf8_round_trip, test_error_message_valid_utf8, NULL });

	add_case(s, "persist", tu_file_setup, tu_file_teardown, 120, (const TTest *[]){
		test_persist_reopen, NULL });

	return s;
}

int main(void)
{
	return run_suite(org_suite(), CK_NORMAL);
}
