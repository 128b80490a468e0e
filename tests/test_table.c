/*
 * test_table — the task decomposition table reader, goc__plandoc_from_table()
 * (lib/table.c), tested directly: it is internal, so this program links the
 * static library and includes lib/plandoc.h.
 *
 * Specification: the comment of goc_plan_import_table() in
 * include/goc/plan.h, goc_import_options, and the top of lib/table.c.
 * Fixtures: tests/data/tables/ (README.md there lists what each must give;
 * make-fixtures.py regenerates them from the seed plan).
 *
 * Every input is handed over in a buffer of exactly its length, without a
 * terminating NUL, so that valgrind sees any read past its end.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "plandoc.h"
#include "checkutil.h"
#include "testutil.h"

#ifndef GOC_TABLES_DIR
#define GOC_TABLES_DIR "tests/data/tables"
#endif

static goc_db *db;


/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/* A file of tests/data/tables, in a buffer of exactly its size. */
static char *slurp(const char *name, size_t *len)
{
	const char *dir = getenv("GOC_TABLES_DIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir ? dir : GOC_TABLES_DIR, name);
	return must_slurp(path, len);
}

static int parse_opts(const char *data, size_t len, const goc_import_options *o,
                      struct goc__plandoc *doc)
{
	ck_assert_int_eq(goc__plandoc_init(db, doc), GOC_OK);
	char *copy = malloc(len ? len : 1); /* no NUL after the data */
	ck_assert_ptr_nonnull(copy);
	if (len)
		memcpy(copy, data, len);
	int rc = goc__plandoc_from_table(db, copy, len, o, doc);
	free(copy);
	return rc;
}

static int parse_enc(const char *data, size_t len, const char *enc, char delim,
                     struct goc__plandoc *doc)
{
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.encoding = enc;
	o.delimiter = delim;
	return parse_opts(data, len, &o, doc);
}

static int parse_file(const char *name, const char *enc, struct goc__plandoc *doc)
{
	size_t len;
	char *data = slurp(name, &len);
	int rc = parse_enc(data, len, enc, 0, doc);
	free(data);
	return rc;
}

/* Parse a NUL-terminated string (handed over without its NUL). */
static int parse_str(const char *s, struct goc__plandoc *doc)
{
	return parse_enc(s, strlen(s), NULL, 0, doc);
}

static const struct goc__doc_task *find(const struct goc__plandoc *doc, const char *code)
{
	for (size_t i = 0; i < doc->n_tasks; i++)
		if (strcmp(doc->tasks[i].code, code) == 0)
			return &doc->tasks[i];
	ck_abort_msg("no task %s", code);
	return NULL;
}

/* A task's parties as "商务委*、科经委" ('*' marks the lead). */
static const char *parties(const struct goc__doc_task *t)
{
	static char buf[2048];
	buf[0] = '\0';
	for (size_t i = 0; i < t->n_assign; i++) {
		if (i)
			strcat(buf, "、");
		strcat(buf, t->assign[i].party);
		if (t->assign[i].role == GOC_ROLE_LEAD)
			strcat(buf, "*");
		else
			ck_assert_int_eq(t->assign[i].role, GOC_ROLE_RESPONSIBLE);
	}
	return buf;
}

static void expect_error(int rc, int code, const char *needle)
{
	ck_assert_msg(rc == code, "expected %d, got %d (%s)", code, rc, goc_error_message());
	ck_assert_int_eq(goc_error_last(), code);
	ck_assert_msg(strstr(goc_error_message(), needle) != NULL,
	              "message \"%s\" lacks \"%s\"", goc_error_message(), needle);
}

/* SQLite's allocator (libgoc's and libcsv's) wrapped (testutil's
 * tu_alloc_install() in main(), with this rule), so that from some
 * allocation on every one fails: the reader's own buffers and libcsv's,
 * which retries a failed allocation with less and so survives the single
 * failures of the fault suites. */
static long mem_left = -1; /* allocations before all fail; < 0: none fail */

static int mem_fails(void)
{
	if (mem_left == 0)
		return 1;
	if (mem_left > 0)
		mem_left--;
	return 0;
}

#define HDR "序号\t专项任务\t工作内容\t责任单位\n"

/* ------------------------------------------------------------------------
 * The seed table (the Pudong plan's 任务分解表), in every form
 * ---------------------------------------------------------------------- */

static const char *const section_titles[4] = {
	"提高国际经济组织集聚度", "优化国际经济组织运营环境",
	"创新引领国际经济组织发展", "用好国际经济组织提升影响力",
};
static const char *const section_labels[4] = { "一", "二", "三", "四" };

static const char *const task_titles[12] = {
	"聚焦经济和科技组织引进", "发挥专业机构服务作用", "建设各具特色的集聚区",
	"提升便利化服务水平", "支持人才引进和培养", "优化配套资源供给",
	"探索制度创新引领", "鼓励提升功能引领", "推动产业发展引领",
	"提升国际规则制定话语权", "发挥国际经济组织的智库作用", "强化国际经济组织的平台作用",
};
/* section of each special task */
static const int task_section[12] = { 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4 };
/* special task of each work item */
static const int item_task[21] = { 1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 9,
                                   10, 11, 11, 12, 12, 12 };

/*
 * The responsible units of every work item, read by hand from the seed's
 * table: a blank cell repeats the row above ((4) ← (3), (12) ← (11),
 * (15) ← (14)); (17)/(18) and (19)/(20)/(21) share one cell; "商务委牵头"
 * in the text of (2) and (3) makes 商务委 their lead.
 */
static const char *const item_parties[21] = {
	/* (1) */ "各管理局",
	/* (2) */ "商务委*、科经委、金融局、司法局、各管理局",
	/* (3) */ "商务委*、科经委、金融局、各管理局",
	/* (4) */ "商务委、科经委、金融局、各管理局",
	/* (5) */ "各管理局",
	/* (6) */ "各管理局",
	/* (7) */ "各行业主管部门、各管理局",
	/* (8) */ "区委组织部、人社局、财政局、公安分局、各管理局",
	/* (9) */ "区委组织部、人社局",
	/* (10) */ "卫健委、教育局、各管理局",
	/* (11) */ "商务委、税务局、公安分局、各管理局",
	/* (12) */ "商务委、税务局、公安分局、各管理局",
	/* (13) */ "商务委、科经委、金融局、财政局、各管理局",
	/* (14) */ "商务委、科经委、知识产权局、金融局、各管理局",
	/* (15) */ "商务委、科经委、知识产权局、金融局、各管理局",
	/* (16) */ "市场监管局、司法局、商务委、发改委、各管理局",
	/* (17) */ "商务委、科经委、发改委、金融局、市场监管局、知识产权局、各管理局",
	/* (18) */ "商务委、科经委、发改委、金融局、市场监管局、知识产权局、各管理局",
	/* (19) */ "各管理局、商务委、科经委、金融局、区委宣传部",
	/* (20) */ "各管理局、商务委、科经委、金融局、区委宣传部",
	/* (21) */ "各管理局、商务委、科经委、金融局、区委宣传部",
};

/* A special task answers for the union of its items' units, responsible. */
static const char *const task_parties[12] = {
	/* 1 */ "各管理局、商务委、科经委、金融局、司法局",
	/* 2 */ "商务委、科经委、金融局、各管理局",
	/* 3 */ "各管理局",
	/* 4 */ "各行业主管部门、各管理局",
	/* 5 */ "区委组织部、人社局、财政局、公安分局、各管理局",
	/* 6 */ "卫健委、教育局、各管理局",
	/* 7 */ "商务委、税务局、公安分局、各管理局",
	/* 8 */ "商务委、科经委、金融局、财政局、各管理局",
	/* 9 */ "商务委、科经委、知识产权局、金融局、各管理局",
	/* 10 */ "市场监管局、司法局、商务委、发改委、各管理局",
	/* 11 */ "商务委、科经委、发改委、金融局、市场监管局、知识产权局、各管理局",
	/* 12 */ "各管理局、商务委、科经委、金融局、区委宣传部",
};

static const char text1[] =
	"围绕与浦东产业链、价值链契合的领域引进国际经济和科技组织，同时引导培育具有影响力"
	"的本土国际经济组织。世博引进3家，陆家嘴2家，张江、金桥、保税区各1家。";
/* (6) and (16) are cut by a page break in the seed: joined with nothing between */
static const char text6[] =
	"鼓励各重点区域打造各具特色的国际经济组织集聚区，推动形成集聚效应。各区域积极为"
	"国际经济组织集聚提供免费办公空间等条件，并安排专人对接管理和服务。";
static const char text16[] =
	"加强全球性、行业权威性、国际性专业标准组织、仲裁机构等国际经济组织的引进、合作和"
	"交流，加快与国际规则、国际标准对接融入，"
	"提升浦东在国际规则、标准制定过程中的话语权和影响力。";
static const char text17[] =
	"建立国际经济组织专家库，优化建设国际经济组织集聚区战略规划和路径设计。各相关部门和"
	"管理局对接联系5-10名在国际经济和科技组织研究、引进、培育、运营等方面专家、学者，"
	"形成智库。";
static const char text18[] =
	"发挥在地国际经济组织及其专业人才作用，为浦东产业发展、行业研究、高水平制度开放和"
	"国际合作交流等提供桥梁和智力支持。";
static const char text19[] =
	"加大浦东建设国际经济组织集聚区宣传力度，提高知晓度和影响力。世博、陆家嘴每年举办"
	"1-2场有国际影响力的宣传活动。";
static const char text21[] =
	"积极争取有影响力的国际性会议、论坛等活动在浦东召开，打造品牌活动。";

/*
 * Everything the seed table must give.  csv: the CSV fixture has one more
 * line from the cell of (17)/(18) on, where a quoted cell spans two lines.
 */
static void check_seed(const struct goc__plandoc *doc, bool csv)
{
	char code[16], label[16];
	ck_assert_uint_eq(doc->n_tasks, 4 + 12 + 21);

	/* tree order: each section, its special tasks, each followed by its items */
	size_t pos = 0;
	int item = 1;
	for (int s = 1; s <= 4; s++) {
		const struct goc__doc_task *t = &doc->tasks[pos++];
		snprintf(code, sizeof code, "s%d", s);
		ck_assert_str_eq(t->code, code);
		ck_assert_int_eq(t->level, GOC_LEVEL_SECTION);
		ck_assert_ptr_null(t->parent);
		ck_assert_str_eq(t->label, section_labels[s - 1]);
		ck_assert_str_eq(t->title_zh, section_titles[s - 1]);
		ck_assert_ptr_null(t->text);
		ck_assert_uint_eq(t->n_assign, 0);
		for (int k = 1; k <= 12; k++) {
			if (task_section[k - 1] != s)
				continue;
			t = &doc->tasks[pos++];
			snprintf(code, sizeof code, "t%d", k);
			snprintf(label, sizeof label, "%d", k);
			ck_assert_str_eq(t->code, code);
			ck_assert_int_eq(t->level, GOC_LEVEL_TASK);
			snprintf(code, sizeof code, "s%d", s);
			ck_assert_str_eq(t->parent, code);
			ck_assert_str_eq(t->label, label);
			ck_assert_str_eq(t->title_zh, task_titles[k - 1]);
			ck_assert_ptr_null(t->text);
			ck_assert_ptr_null(t->due);
			ck_assert_int_eq(t->recurrence, GOC_RECUR_NONE);
			ck_assert_str_eq(parties(t), task_parties[k - 1]);
			for (; item <= 21 && item_task[item - 1] == k; item++) {
				t = &doc->tasks[pos++];
				snprintf(code, sizeof code, "i%d", item);
				snprintf(label, sizeof label, "(%d)", item);
				ck_assert_str_eq(t->code, code);
				ck_assert_int_eq(t->level, GOC_LEVEL_ITEM);
				snprintf(code, sizeof code, "t%d", k);
				ck_assert_str_eq(t->parent, code);
				ck_assert_str_eq(t->label, label);
				ck_assert_ptr_null(t->title_zh);
				ck_assert_ptr_nonnull(t->text);
				ck_assert_ptr_null(t->due);
				/* only (19) happens every year (世博、陆家嘴每年举办…) */
				ck_assert_int_eq(t->recurrence,
				                 item == 19 ? GOC_RECUR_ANNUAL : GOC_RECUR_NONE);
				ck_assert_msg(strcmp(parties(t), item_parties[item - 1]) == 0,
				              "(%d): %s", item, parties(t));
				for (size_t a = 0; a < t->n_assign; a++)
					ck_assert_int_eq(t->assign[a].loc.column, 4);
			}
		}
	}
	ck_assert_uint_eq(pos, doc->n_tasks);
	ck_assert_int_eq(item, 22);

	ck_assert_str_eq(find(doc, "t3")->title_zh, "建设各具特色的集聚区");
	ck_assert_str_eq(find(doc, "t12")->title_zh, "强化国际经济组织的平台作用");
	ck_assert_str_eq(find(doc, "i1")->text, text1);
	ck_assert_str_eq(find(doc, "i6")->text, text6);
	ck_assert_str_eq(find(doc, "i16")->text, text16);
	ck_assert_str_eq(find(doc, "i17")->text, text17);
	ck_assert_str_eq(find(doc, "i18")->text, text18);
	ck_assert_str_eq(find(doc, "i19")->text, text19);
	ck_assert_str_eq(find(doc, "i21")->text, text21);

	/* locations: physical lines of the file */
	const struct goc__doc_task *t = find(doc, "s1");
	ck_assert_int_eq(t->loc.line, 2);
	ck_assert_int_eq(find(doc, "t3")->loc.line, 7); /* first of its two rows */
	ck_assert_int_eq(find(doc, "s2")->loc.line, 12);
	t = find(doc, "i6");
	ck_assert_int_eq(t->loc.line, 8);
	ck_assert_int_eq(t->loc.column, 3);
	ck_assert_int_eq(t->assign[0].loc.line, 8);
	/* rows that begin with an empty cell */
	ck_assert_int_eq(find(doc, "i2")->loc.line, 4);
	ck_assert_int_eq(find(doc, "i2")->assign[0].loc.line, 4);
	ck_assert_int_eq(find(doc, "i9")->assign[1].loc.line, 15);
	/* (4)'s blank cell: its units come from the row of (3) */
	ck_assert_int_eq(find(doc, "i4")->assign[0].loc.line, 5);
	ck_assert_int_eq(find(doc, "i16")->loc.line, 24);
	ck_assert_int_eq(find(doc, "i17")->loc.line, 28);
	ck_assert_int_eq(find(doc, "i18")->loc.line, csv ? 29 : 28);
	ck_assert_int_eq(find(doc, "t12")->loc.line, csv ? 30 : 29);
	t = find(doc, "i21");
	ck_assert_int_eq(t->loc.line, csv ? 30 : 29);
	ck_assert_int_eq(t->assign[4].loc.line, csv ? 30 : 29);
	ck_assert_int_eq(t->assign[4].loc.column, 4);
}

/* Same tasks and assignments; lines too unless lines is false. */
static void check_same(const struct goc__plandoc *a, const struct goc__plandoc *b,
                       bool lines)
{
#define SAME_STR(x, y) \
	ck_assert_msg(((x) == NULL) == ((y) == NULL) && (!(x) || strcmp((x), (y)) == 0), \
	              "%s differs", #x)
	ck_assert_uint_eq(a->n_tasks, b->n_tasks);
	for (size_t i = 0; i < a->n_tasks; i++) {
		const struct goc__doc_task *x = &a->tasks[i], *y = &b->tasks[i];
		SAME_STR(x->code, y->code);
		SAME_STR(x->parent, y->parent);
		SAME_STR(x->label, y->label);
		SAME_STR(x->title_zh, y->title_zh);
		SAME_STR(x->text, y->text);
		SAME_STR(x->due, y->due);
		ck_assert_int_eq(x->level, y->level);
		ck_assert_int_eq(x->recurrence, y->recurrence);
		ck_assert_int_eq(x->loc.column, y->loc.column);
		if (lines)
			ck_assert_int_eq(x->loc.line, y->loc.line);
		ck_assert_uint_eq(x->n_assign, y->n_assign);
		for (size_t k = 0; k < x->n_assign; k++) {
			SAME_STR(x->assign[k].party, y->assign[k].party);
			ck_assert_int_eq(x->assign[k].role, y->assign[k].role);
			ck_assert_int_eq(x->assign[k].loc.column, y->assign[k].loc.column);
			if (lines)
				ck_assert_int_eq(x->assign[k].loc.line, y->assign[k].loc.line);
		}
	}
#undef SAME_STR
}

START_TEST(test_seed_tsv)
{
	struct goc__plandoc doc;
	ck_assert_int_eq(parse_file("seed-table.tsv", NULL, &doc), GOC_OK);
	check_seed(&doc, false);
	goc__plandoc_free(&doc);
	/* "utf-8" validates only: same result */
	ck_assert_int_eq(parse_file("seed-table.tsv", "UTF-8", &doc), GOC_OK);
	check_seed(&doc, false);
	goc__plandoc_free(&doc);
}
END_TEST

/* The same table as a workbook (tests/data/xlsx/plan-table.xlsx: a title
 * row, shared strings, each 责任单位 merged down over its items' rows, a
 * second sheet): the same document; errors name the sheet and cell. */
static char *slurp_xlsx(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/../xlsx/%s", GOC_TABLES_DIR, name);
	return must_slurp(path, len);
}

START_TEST(test_seed_xlsx)
{
	struct goc__plandoc a, ref;
	size_t len;
	char *data = slurp_xlsx("plan-table.xlsx", &len);
	ck_assert_int_eq(parse_enc(data, len, NULL, 0, &a), GOC_OK);
	ck_assert_str_eq(a.sheet, "任务分解表");
	free(data);
	ck_assert_int_eq(parse_file("seed-table.tsv", NULL, &ref), GOC_OK);
	check_same(&a, &ref, false);
	/* a row is a line: the TSV's line + 1 (the title row) */
	ck_assert_int_eq(a.tasks[0].loc.line, ref.tasks[0].loc.line + 1);
	goc__plandoc_free(&a);
	goc__plandoc_free(&ref);

	data = slurp_xlsx("plan-bad-header.xlsx", &len);
	ck_assert_int_eq(parse_enc(data, len, NULL, 0, &a), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "任务分解表!D2: header row: expected 责任单位, found \"单位\"");
	goc__plandoc_free(&a);
	free(data);
	/* cells beyond 责任单位: a blank one is no error, the first filled one is */
	data = slurp_xlsx("plan-extra.xlsx", &len);
	ck_assert_int_eq(parse_enc(data, len, NULL, 0, &a), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "任务分解表!F3: more than 4 columns (the table has 序号, "
	                 "专项任务, 工作内容, 责任单位)");
	goc__plandoc_free(&a);
	free(data);
	data = slurp_xlsx("bad-error-cell.xlsx", &len);
	ck_assert_int_eq(parse_enc(data, len, NULL, 0, &a), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "Data!C7: the cell holds the error #N/A");
	goc__plandoc_free(&a);
	free(data);
}
END_TEST

/* goc__table_relocate(): "line 7, column 3: …" → "Sheet1!C7: …", "line 7:
 * …" → "Sheet1!7: …"; other messages, success and no sheet unchanged. */
START_TEST(test_relocate)
{
	goc__err(NULL, GOC_EINVAL, "line 7, column 3: bad");
	ck_assert_int_eq(goc__table_relocate(NULL, GOC_EINVAL, "表"), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "表!C7: bad");
	goc__err(NULL, GOC_EINVAL, "line 7: bad");
	ck_assert_int_eq(goc__table_relocate(NULL, GOC_EINVAL, "表"), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "表!7: bad");
	goc__err(NULL, GOC_ENOTFOUND, "unit: no unit 'x'");
	ck_assert_int_eq(goc__table_relocate(NULL, GOC_ENOTFOUND, "表"), GOC_ENOTFOUND);
	ck_assert_str_eq(goc_error_message(), "unit: no unit 'x'");
	goc__err(NULL, GOC_EINVAL, "line 7, column 3: bad");
	ck_assert_int_eq(goc__table_relocate(NULL, GOC_EINVAL, NULL), GOC_EINVAL);
	ck_assert_str_eq(goc_error_message(), "line 7, column 3: bad");
	ck_assert_int_eq(goc__table_relocate(NULL, GOC_OK, "表"), GOC_OK);
}
END_TEST

START_TEST(test_seed_gb18030_crlf)
{
	struct goc__plandoc a, b, c, ref;
	ck_assert_int_eq(parse_file("seed-table.tsv", NULL, &ref), GOC_OK);
	ck_assert_int_eq(parse_file("seed-table-gb18030-crlf.tsv", NULL, &a), GOC_OK);
	check_seed(&a, false);
	ck_assert_int_eq(parse_file("seed-table-gb18030-crlf.tsv", "gb18030", &b), GOC_OK);
	check_seed(&b, false);
	ck_assert_int_eq(parse_file("seed-table-gb18030-crlf.tsv", "GBK", &c), GOC_OK);
	check_same(&a, &b, true);
	check_same(&a, &c, true);
	check_same(&a, &ref, true);
	goc__plandoc_free(&a);
	goc__plandoc_free(&b);
	goc__plandoc_free(&c);
	goc__plandoc_free(&ref);
}
END_TEST

START_TEST(test_seed_csv_bom)
{
	struct goc__plandoc a, ref;
	ck_assert_int_eq(parse_file("seed-table-bom.csv", NULL, &a), GOC_OK);
	check_seed(&a, true);
	ck_assert_int_eq(parse_file("seed-table.tsv", NULL, &ref), GOC_OK);
	check_same(&a, &ref, false);
	goc__plandoc_free(&a);
	/* an explicit delimiter and encoding give the same */
	size_t len;
	char *data = slurp("seed-table-bom.csv", &len);
	ck_assert_int_eq(parse_enc(data, len, "utf-8", ',', &a), GOC_OK);
	check_seed(&a, true);
	goc__plandoc_free(&a);
	free(data);
	goc__plandoc_free(&ref);
}
END_TEST

START_TEST(test_seed_utf16)
{
	/* any encoding iconv knows can be named, e.g. UTF-16 with its BOM */
	size_t len;
	char *data = slurp("seed-table.tsv", &len);
	iconv_t cd = iconv_open("UTF-16", "UTF-8");
	ck_assert(cd != (iconv_t)-1);
	size_t cap = len * 4 + 16, left = cap, inleft = len;
	char *out = malloc(cap), *o = out, *in = data;
	ck_assert_uint_ne(iconv(cd, &in, &inleft, &o, &left), (size_t)-1);
	iconv_close(cd);
	struct goc__plandoc doc;
	ck_assert_int_eq(parse_enc(out, cap - left, "UTF-16", 0, &doc), GOC_OK);
	check_seed(&doc, false);
	goc__plandoc_free(&doc);
	/* undetected, UTF-16 is binary (NUL bytes) */
	expect_error(parse_enc(out, cap - left, NULL, 0, &doc), GOC_EINVAL, "NUL byte");
	goc__plandoc_free(&doc);
	free(out);
	free(data);
}
END_TEST

struct progress_log {
	int calls, cancel_at;
	size_t last, total;
	bool monotone;
};

static int on_progress(size_t done, size_t total, void *payload)
{
	struct progress_log *p = payload;
	p->calls++;
	if (done < p->last || done > total)
		p->monotone = false;
	p->last = done;
	p->total = total;
	return p->cancel_at && p->calls == p->cancel_at;
}

START_TEST(test_progress)
{
	static const char *const files[] = { "seed-table.tsv", "seed-table-bom.csv",
	                                     "seed-table-gb18030-crlf.tsv" };
	for (size_t f = 0; f < 3; f++) {
		size_t len;
		char *data = slurp(files[f], &len);
		struct progress_log log = { 0, 0, 0, 0, true };
		goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
		o.progress = on_progress;
		o.payload = &log;
		struct goc__plandoc doc;
		ck_assert_int_eq(parse_opts(data, len, &o, &doc), GOC_OK);
		/* one call per row: 29 lines, 2 of them blank */
		ck_assert_int_eq(log.calls, 27);
		ck_assert(log.monotone);
		ck_assert_uint_eq(log.total, len);
		ck_assert_uint_eq(log.last, len);
		goc__plandoc_free(&doc);
		free(data);
	}
}
END_TEST

START_TEST(test_cancel)
{
	size_t len;
	char *data = slurp("seed-table-gb18030-crlf.tsv", &len);
	struct progress_log log = { 0, 5, 0, 0, true };
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.progress = on_progress;
	o.payload = &log;
	struct goc__plandoc doc;
	expect_error(parse_opts(data, len, &o, &doc), GOC_ECANCELLED, "import cancelled");
	ck_assert_int_eq(log.calls, 5); /* no call after the one that said stop */
	goc__plandoc_free(&doc);
	free(data);
}
END_TEST

/* ------------------------------------------------------------------------
 * The malformed fixtures (tests/data/tables/README.md)
 * ---------------------------------------------------------------------- */

static const struct {
	const char *file, *encoding;
	int code;
	const char *message;
} bad_files[] = {
	{ "bad-truncated-row.tsv", NULL, GOC_EINVAL,
	  "line 3, column 3: special task 1 has no work content" },
	{ "bad-utf8.tsv", "utf-8", GOC_EINVAL, "line 3, column 22: invalid UTF-8 (byte 0xFF)" },
	{ "bad-utf8.tsv", NULL, GOC_EINVAL, "line 3, column 22: text is neither UTF-8 nor GB18030" },
	{ "bad-gb18030.tsv", NULL, GOC_EINVAL, "line 3, column 22: text is neither GB18030 nor UTF-8" },
	{ "bad-gb18030.tsv", "gb18030", GOC_EINVAL, "line 3, column 22: not valid gb18030 text" },
	{ "bad-duplicate-item.tsv", NULL, GOC_EEXISTS, "line 5, column 3: work item (2) appears twice" },
	{ "bad-item-jump.tsv", NULL, GOC_EINVAL,
	  "line 4, column 3: numbering jumps: work item (3) where (2) was expected" },
	{ "bad-item-outside-task.tsv", NULL, GOC_EINVAL,
	  "line 3, column 3: work item (1) is outside any special task" },
	{ "bad-task-twice.tsv", NULL, GOC_EEXISTS, "line 5, column 1: special task 1 appears twice" },
	{ "bad-task-jump.tsv", NULL, GOC_EINVAL, "line 5, column 1: numbering jumps: special task 3" },
	{ "bad-task-before-section.tsv", NULL, GOC_EINVAL,
	  "line 2, column 1: special task 1 comes before any section" },
	{ "bad-header.tsv", NULL, GOC_EINVAL,
	  "line 1, column 3: header row: expected 工作内容, found \"内容\"" },
	{ "bad-five-columns.tsv", NULL, GOC_EINVAL, "line 3, column 5: more than 4 columns" },
	{ "bad-no-unit.tsv", NULL, GOC_EINVAL,
	  "line 3, column 4: no responsible unit for work item (1)" },
	{ "bad-units-differ.tsv", NULL, GOC_EINVAL,
	  "line 5, column 4: responsible units on a row that begins no work item" },
	{ "header-only.tsv", NULL, GOC_EINVAL, "line 2, column 1: the table has no task rows" },
	{ "empty.tsv", NULL, GOC_EINVAL, "line 1, column 1: empty input" },
	{ "random-bytes.bin", NULL, GOC_EINVAL, "line 3, column 74: NUL byte" },
	{ "seed-table-gb18030-crlf.tsv", "utf-8", GOC_EINVAL, "line 1, column 1: invalid UTF-8" },
};

START_TEST(test_bad_file)
{
	struct goc__plandoc doc;
	int rc = parse_file(bad_files[_i].file, bad_files[_i].encoding, &doc);
	ck_assert_msg(rc == bad_files[_i].code, "%s: expected %d, got %d (%s)",
	              bad_files[_i].file, bad_files[_i].code, rc, goc_error_message());
	ck_assert(strstr(goc_error_message(), "line") != NULL);
	expect_error(rc, bad_files[_i].code, bad_files[_i].message);
	/* recorded on the handle as well */
	ck_assert_int_eq(goc_db_errcode(db), bad_files[_i].code);
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_unknown_unit)
{
	/* the reader keeps names as written: the store refuses this one */
	struct goc__plandoc doc;
	ck_assert_int_eq(parse_file("unknown-unit.tsv", NULL, &doc), GOC_OK);
	ck_assert_uint_eq(doc.n_tasks, 4);
	const struct goc__doc_task *t = find(&doc, "i2");
	ck_assert_str_eq(parties(t), "商务委*、科经委、金融局、不存在局、各管理局");
	ck_assert_int_eq(t->assign[3].loc.line, 4);
	ck_assert_int_eq(t->assign[3].loc.column, 4);
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_options)
{
	struct goc__plandoc doc;
	size_t len;
	char *data = slurp("seed-table.tsv", &len);
	expect_error(parse_enc(data, len, "no-such-encoding", 0, &doc), GOC_EINVAL,
	             "encoding: unknown encoding \"no-such-encoding\"");
	goc__plandoc_free(&doc);
	expect_error(parse_enc(data, len, "GB18030//IGNORE", 0, &doc), GOC_EINVAL, "encoding:");
	goc__plandoc_free(&doc);
	expect_error(parse_enc(data, len, "", 0, &doc), GOC_EINVAL, "encoding:");
	goc__plandoc_free(&doc);
	expect_error(parse_enc(data, len, NULL, ';', &doc), GOC_EINVAL, "delimiter:");
	goc__plandoc_free(&doc);
	goc_import_options o = GOC_IMPORT_OPTIONS_INIT;
	o.version = 99;
	expect_error(parse_opts(data, len, &o, &doc), GOC_EINVAL, "options:");
	goc__plandoc_free(&doc);
	/* NULL options are the defaults */
	ck_assert_int_eq(parse_opts(data, len, NULL, &doc), GOC_OK);
	check_seed(&doc, false);
	goc__plandoc_free(&doc);
	/* a TSV read as CSV has no header row */
	expect_error(parse_enc(data, len, NULL, ',', &doc), GOC_EINVAL, "no header row");
	goc__plandoc_free(&doc);
	free(data);

	data = slurp("seed-table-bom.csv", &len);
	expect_error(parse_enc(data, len, "gbk", 0, &doc), GOC_EINVAL,
	             "encoding: the input begins with a UTF-8 byte order mark");
	goc__plandoc_free(&doc);
	free(data);

	/* names of UTF-8: any case, '-', '_' or nothing; anything longer is
	 * handed to iconv */
	data = slurp("seed-table.tsv", &len);
	ck_assert_int_eq(parse_enc(data, len, "UTF_8", '\t', &doc), GOC_OK);
	check_seed(&doc, false);
	goc__plandoc_free(&doc);
	expect_error(parse_enc(data, len, "utf-8x", 0, &doc), GOC_EINVAL,
	             "encoding: unknown encoding \"utf-8x\"");
	goc__plandoc_free(&doc);

	ck_assert_int_eq(goc__plandoc_init(db, &doc), GOC_OK);
	expect_error(goc__plandoc_from_table(db, NULL, 0, NULL, &doc), GOC_EINVAL,
	             "line 1, column 1: empty input");
	expect_error(goc__plandoc_from_table(db, NULL, 5, NULL, &doc), GOC_EINVAL,
	             "table: NULL argument");
	expect_error(goc__plandoc_from_table(db, data, len, NULL, NULL), GOC_EINVAL,
	             "table: NULL argument");
	goc__plandoc_free(&doc); /* no arena any more */
	expect_error(goc__plandoc_from_table(db, data, len, NULL, &doc), GOC_EINVAL,
	             "table: NULL argument");
	free(data);
}
END_TEST

/* ------------------------------------------------------------------------
 * Syntax, on small tables
 * ---------------------------------------------------------------------- */

START_TEST(test_fullwidth_tags_separators)
{
	struct goc__plandoc doc;
	ck_assert_int_eq(parse_str(HDR "一、甲\t\t\t\n"
	                           "1\t任务甲\t<p>（1）第一项。</p><br/><p class=\"x\">（2）第二项，"
	                           "商务委牵头，每年一次。</p>\t<p>商务委，科经委；各管理局;司法局,"
	                           "财政局　人社局 商务委</p>\n", &doc), GOC_OK);
	ck_assert_uint_eq(doc.n_tasks, 4);
	const struct goc__doc_task *t = find(&doc, "i1");
	ck_assert_str_eq(t->text, "第一项。");
	ck_assert_str_eq(t->label, "(1)");
	ck_assert_int_eq(t->recurrence, GOC_RECUR_NONE);
	ck_assert_str_eq(parties(t), "商务委、科经委、各管理局、司法局、财政局、人社局");
	t = find(&doc, "i2");
	ck_assert_str_eq(t->text, "第二项，商务委牵头，每年一次。");
	ck_assert_int_eq(t->recurrence, GOC_RECUR_ANNUAL);
	ck_assert_str_eq(parties(t), "商务委*、科经委、各管理局、司法局、财政局、人社局");
	ck_assert_str_eq(parties(find(&doc, "t1")), "商务委、科经委、各管理局、司法局、财政局、人社局");
	ck_assert_str_eq(find(&doc, "s1")->title_zh, "甲");
	goc__plandoc_free(&doc);
}
END_TEST

/* White space of every kind around cells, markup that is and is not a
 * tag, and section numerals with 十: one small table each, the text it
 * gives or the error. */
#define ITEM(cell) HDR "一、甲\n1\t任务\t" cell "\t商务委\n"
static const struct {
	const char *table;
	int rc;
	const char *code;   /* the task to look at, or the message's text */
	const char *title;  /* its title (NULL: do not look) */
	const char *text;   /* its text (NULL: do not look) */
} CELLS[] = {
	{ HDR "\v一、甲\f\n1\t\xC2\xA0任务\xE3\x80\x80\t\f(1) 甲\v\t商务委\n", GOC_OK, "s1", "甲", NULL },
	{ HDR "一、甲\n1\t\xC2\xA0任务\xE3\x80\x80\t\f(1) 甲\v\t商务委\n", GOC_OK, "t1", "任务", NULL },
	{ HDR "一、甲\n1\t\xC2\xA9任务\xC2\xA9\t(1) 甲\t商务委\n", GOC_OK, "t1", "\xC2\xA9任务\xC2\xA9", NULL },
	{ HDR "一、甲\n1\t\xE3\x80\x81任务\xE3\x80\x81\t(1) 甲\t商务委\n", GOC_OK, "t1", "\xE3\x80\x81任务\xE3\x80\x81", NULL },
	{ ITEM("(1) 甲\xC2\xA0\xE3\x80\x80\v\f"), GOC_OK, "i1", NULL, "甲" },
	{ ITEM("(1) a<1>b"), GOC_OK, "i1", NULL, "a<1>b" },
	{ ITEM("\"(1) <p\tclass=x>甲</p>\""), GOC_OK, "i1", NULL, "甲" },
	{ ITEM("(1) 甲<p x<y>乙"), GOC_OK, "i1", NULL, "甲<p x乙" },
	{ ITEM("(1) 甲<b/x>乙"), GOC_OK, "i1", NULL, "甲<b/x>乙" },
	{ ITEM("(1) 甲<p"), GOC_OK, "i1", NULL, "甲<p" },
	{ ITEM("(1) 甲<p class"), GOC_OK, "i1", NULL, "甲<p class" },
	{ ITEM("(1) 甲<p2>乙"), GOC_OK, "i1", NULL, "甲乙" },
	{ ITEM("(1) 甲</>乙"), GOC_OK, "i1", NULL, "甲</>乙" },
	/* white space that is not: U+3041 begins with the lead byte of U+3000 */
	{ HDR "一、甲\n1\t\xE3\x81\x82任务\xE3\x81\x82\t(1) 甲\t商务委\n", GOC_OK, "t1",
	  "\xE3\x81\x82任务\xE3\x81\x82", NULL },
	/* a quoted cell with a line end around its text */
	{ HDR "一、甲\n1\t\"\n任务\n\"\t(1) 甲\t商务委\n", GOC_OK, "t1", "任务", NULL },
	/* a blank 5th column may hold a quoted CR */
	{ HDR "一、甲\t\t\t\t\"\r\"\n1\t任务\t(1) 甲\t商务委\n", GOC_OK, "s1", "甲", NULL },
	{ HDR "一、甲\t\t\t\t\"x\r\"\n", GOC_EINVAL, "line 2, column 5: more than 4 columns",
	  NULL, NULL },
	{ HDR "一、甲\t\t\t\tX\tY\n", GOC_EINVAL, "line 2, column 5: more than 4 columns", NULL, NULL },
	/* text that begins with the bytes of a BOM, but not all of them */
	{ "\xEF\xBC\x88附件\xEF\xBC\x89\n" ITEM("(1) 甲"), GOC_OK, "s1", "甲", NULL },
	{ "\xEF\xBB\xBE\n" ITEM("(1) 甲"), GOC_OK, "s1", "甲", NULL },
	/* tags: upper case is a tag; '_' or '{' in a name, an unfinished name
	 * or "/>" at the end, are not */
	{ ITEM("(1) 甲<P>乙<p_>丙<p{>丁"), GOC_OK, "i1", NULL, "甲乙<p_>丙<p{>丁" },
	{ ITEM("(1) 甲<ab"), GOC_OK, "i1", NULL, "甲<ab" },
	{ ITEM("(1) 甲<b/"), GOC_OK, "i1", NULL, "甲<b/" },
	{ ITEM("\"(1) 甲<p\nclass=x>乙\""), GOC_OK, "i1", NULL, "甲乙" },
	/* markers: 13 digits, "(2" without its ")", a tag before the space */
	{ ITEM("(1) 甲 (1234567890123) 乙"), GOC_OK, "i1", NULL, "甲 (1234567890123) 乙" },
	{ ITEM("(1) 甲 (2乙"), GOC_OK, "i1", NULL, "甲 (2乙" },
	{ ITEM("(1) 甲</p> (3) 乙"), GOC_EINVAL,
	  "line 3, column 3: numbering jumps: work item (3) where (2) was expected", NULL, NULL },
	/* first cells that are neither a number nor a section */
	{ HDR "x\n", GOC_EINVAL, "line 2, column 1: expected a section (一、…) or a special task "
	  "number, found \"x\"", NULL, NULL },
	{ HDR "一x\n", GOC_EINVAL, "found \"一x\"", NULL, NULL },
	{ HDR "一甲\n", GOC_EINVAL, "found \"一甲\"", NULL, NULL },
	{ HDR "十\n", GOC_EINVAL, "found \"十\"", NULL, NULL },
	/* the same number again with a longer title */
	{ HDR "一、甲\n一、甲乙\n", GOC_EEXISTS, "line 3, column 1: section 一 appears twice", NULL, NULL },
	{ HDR "一、甲\n1\t任务\t(1) x\t商务委\n1\t任甲\t(2) y\t商务委\n", GOC_EEXISTS,
	  "line 4, column 1: special task 1 appears twice", NULL, NULL },
	/* text before a special task's first item */
	{ HDR "一、甲\n1\t任务\t前言 (1) x\t商务委\n", GOC_EINVAL,
	  "line 3, column 3: special task 1 must begin with a work item numbered (1), found \"前言\"",
	  NULL, NULL },
	/* a continuation row naming other units, as many as above */
	{ HDR "一、甲\n1\t任务\t(1) 甲，\t商务委\n\t\t乙。\t科经委\n", GOC_EINVAL,
	  "line 4, column 4: responsible units on a row that begins no work item", NULL, NULL },
	{ HDR "十、甲\n", GOC_EINVAL, "numbering jumps: section 十 after 0", NULL, NULL },
	{ HDR "十一、甲\n", GOC_EINVAL, "numbering jumps: section 十一 after 0", NULL, NULL },
	{ HDR "二十、甲\n", GOC_EINVAL, "numbering jumps: section 二十 after 0", NULL, NULL },
	{ HDR "二十三、甲\n", GOC_EINVAL, "numbering jumps: section 二十三 after 0", NULL, NULL },
};

START_TEST(test_cells)
{
	struct goc__plandoc doc;
	int rc = parse_str(CELLS[_i].table, &doc);
	if (CELLS[_i].rc != GOC_OK) {
		expect_error(rc, CELLS[_i].rc, CELLS[_i].code);
	} else {
		ck_assert_msg(rc == GOC_OK, "row %d: %s", _i, goc_error_message());
		const struct goc__doc_task *t = find(&doc, CELLS[_i].code);
		if (CELLS[_i].title)
			ck_assert_str_eq(t->title_zh, CELLS[_i].title);
		if (CELLS[_i].text)
			ck_assert_str_eq(t->text, CELLS[_i].text);
	}
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_weak_markers)
{
	struct goc__plandoc doc;
	/* "(3)" after a space is text; "(2)" after a space is the next item;
	 * "x(3)" is never a marker */
	ck_assert_int_eq(parse_str(HDR "一、甲\n"
	                           "1\t任务\t(1) 见附件 (3) 和x(3)说明 (2) 第二项\t商务委\n", &doc),
	                 GOC_OK);
	ck_assert_str_eq(find(&doc, "i1")->text, "见附件 (3) 和x(3)说明");
	ck_assert_str_eq(find(&doc, "i2")->text, "第二项");
	goc__plandoc_free(&doc);
	/* at the start of a line inside a cell, a marker is strong */
	expect_error(parse_str(HDR "一、甲\n"
	                       "1\t任务\t\"(1) 甲\n(3) 乙\"\t商务委\n", &doc),
	             GOC_EINVAL, "line 4, column 3: numbering jumps");
	goc__plandoc_free(&doc);
	expect_error(parse_str(HDR "一、甲\n"
	                       "1\t任务\t<p>(1) 甲</p><p>(1) 乙</p>\t商务委\n", &doc),
	             GOC_EEXISTS, "line 3, column 3: work item (1) appears twice");
	goc__plandoc_free(&doc);
	expect_error(parse_str(HDR "一、甲\n1\t任务\t(0) 甲\t商务委\n", &doc),
	             GOC_EINVAL, "line 3, column 3: numbering jumps");
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_csv_quoting_crlf)
{
	struct goc__plandoc doc;
	ck_assert_int_eq(parse_str("序号,专项任务,工作内容,责任单位\r\n"
	                           "一、甲,,,\r\n"
	                           "1,任务,\"(1) 第一行\r\n第二行，\"\"引号\"\", 逗号\",\"商务委, 科经委\"\r\n"
	                           "2,任务二,(2) 文字,商务委\r\n", &doc), GOC_OK);
	const struct goc__doc_task *t = find(&doc, "i1");
	ck_assert_str_eq(t->text, "第一行\n第二行，\"引号\", 逗号");
	ck_assert_str_eq(parties(t), "商务委、科经委");
	ck_assert_int_eq(t->loc.line, 3);
	t = find(&doc, "t2");
	ck_assert_int_eq(t->loc.line, 5);
	t = find(&doc, "i2");
	ck_assert_int_eq(t->loc.line, 5);
	ck_assert_int_eq(t->assign[0].loc.line, 5);
	goc__plandoc_free(&doc);
}
END_TEST

/* goc_text_decode() (the table's decoding, public) with encodings that
 * grow more than GB18030 does, or carry a BOM or a NUL of their own. */
START_TEST(test_text_decode_iconv)
{
	/* Latin-1 doubles: the output buffer grows while converting */
	char latin[2600], *out = NULL; /* 1.5 × 2600 + 64 fits 4 KiB, 2 × 2600 does not */
	memset(latin, 0xE9, sizeof latin);
	size_t n = 0;
	ck_assert_int_eq(goc_text_decode(&out, &n, latin, sizeof latin, "ISO-8859-1"), GOC_OK);
	ck_assert_uint_eq(n, 2 * sizeof latin);
	for (size_t i = 0; i < n; i += 2)
		ck_assert(memcmp(out + i, "\xC3\xA9", 2) == 0);
	goc_free(out);
	/* out of memory where it grows */
	mem_left = 1;
	out = (char *)1;
	expect_error(goc_text_decode(&out, &n, latin, sizeof latin, "ISO-8859-1"), GOC_ENOMEM,
	             "out of memory decoding the input");
	mem_left = -1;
	ck_assert_ptr_null(out);
	/* UTF-16LE keeps its BOM as U+FEFF: dropped like a UTF-8 BOM */
	ck_assert_int_eq(goc_text_decode(&out, &n, "\xFF\xFE" "a\0", 4, "UTF-16LE"), GOC_OK);
	ck_assert_str_eq(out, "a");
	ck_assert_uint_eq(n, 1);
	goc_free(out);
	/* a NUL character is never text, whatever the encoding */
	out = (char *)1;
	expect_error(goc_text_decode(&out, &n, "a\0\0\0", 4, "UTF-16LE"), GOC_EINVAL,
	             "line 1, column 2: NUL byte: binary data (or UTF-16), not text");
	ck_assert_ptr_null(out);
}
END_TEST

START_TEST(test_csv_lone_cr)
{
	/* a lone CR inside a quoted cell is a line end: (2) begins a line */
	struct goc__plandoc doc;
	ck_assert_int_eq(parse_str("序号,专项任务,工作内容,责任单位\n"
	                           "一、甲,,,\n"
	                           "1,任务,\"(1) 甲\r(2) 乙\r\",商务委\n", &doc), GOC_OK);
	ck_assert_str_eq(find(&doc, "i1")->text, "甲");
	ck_assert_str_eq(find(&doc, "i2")->text, "乙");
	ck_assert_int_eq(find(&doc, "i2")->loc.line, 4);
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_tsv_quotes)
{
	struct goc__plandoc doc;
	/* a quote inside a TSV cell is an ordinary character */
	ck_assert_int_eq(parse_str(HDR "一、甲\n1\t任务\t(1) 他说\"好\"吧，\"再见\"\t商务委\n", &doc),
	                 GOC_OK);
	ck_assert_str_eq(find(&doc, "i1")->text, "他说\"好\"吧，\"再见\"");
	goc__plandoc_free(&doc);
	/* a TSV cell that begins with a quote is quoted, and may hold a tab */
	ck_assert_int_eq(parse_str(HDR "一、甲\n1\t任务\t\"(1) 甲\t乙\"\t商务委\n", &doc), GOC_OK);
	ck_assert_str_eq(find(&doc, "i1")->text, "甲\t乙");
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_page_breaks)
{
	struct goc__plandoc doc;
	ck_assert_int_eq(parse_str("附件\n"
	                           "浦东新区任务分解表\n"
	                           "\n"
	                           HDR
	                           "一、甲\t\t\t\n"
	                           "1\t任务\t(1) 前半，\t商务委、科经委\n"
	                           "\n"
	                           HDR
	                           "一、甲\t\t\t\n"
	                           "1\t任务\t后半。\t商务委、科经委\n"
	                           "\t\t(2) 第二项\t\n"
	                           "\t\t\t\n"
	                           "\t\t续。\t\t\t\n", &doc), GOC_OK);
	ck_assert_uint_eq(doc.n_tasks, 4);
	ck_assert_str_eq(find(&doc, "i1")->text, "前半，后半。");
	ck_assert_str_eq(find(&doc, "i2")->text, "第二项续。");
	ck_assert_str_eq(parties(find(&doc, "i2")), "商务委、科经委");
	ck_assert_int_eq(find(&doc, "s1")->loc.line, 5);
	ck_assert_int_eq(find(&doc, "i2")->loc.line, 11);
	ck_assert_int_eq(find(&doc, "i2")->assign[0].loc.line, 6);
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_length_respected)
{
	/* the data is not NUL-terminated: whatever follows len is not read */
	static const char text[] = HDR "一、甲\n1\t任务\t(1) 文字\t商务委\n"
	                           "GARBAGE\t\t\t\t\tX\n2\t任务\t(9)";
	struct goc__plandoc doc;
	size_t len = strlen(text) - strlen("GARBAGE\t\t\t\t\tX\n2\t任务\t(9)");
	ck_assert_int_eq(parse_enc(text, len, NULL, 0, &doc), GOC_OK);
	ck_assert_uint_eq(doc.n_tasks, 3);
	goc__plandoc_free(&doc);
	/* no final newline; empty fifth column; a row of two cells */
	ck_assert_int_eq(parse_str(HDR "一、甲\t\t\t\t\t\n1\t任务\t(1) 文字\t商务委\t\n\t\t\n"
	                           "\t\t(2) 二", &doc), GOC_OK);
	ck_assert_str_eq(find(&doc, "i2")->text, "二");
	ck_assert_str_eq(parties(find(&doc, "i2")), "商务委");
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_structure_errors)
{
	static const struct {
		const char *text;
		int code;
		const char *message;
	} cases[] = {
		{ HDR "一、甲\n三、丙\n", GOC_EINVAL, "line 3, column 1: numbering jumps: section 三" },
		{ HDR "二、乙\n", GOC_EINVAL, "line 2, column 1: numbering jumps: section 二" },
		{ HDR "一、甲\n一、乙\n", GOC_EEXISTS, "line 3, column 1: section 一 appears twice" },
		{ HDR "一、甲\t乙\n", GOC_EINVAL, "line 2, column 2: a section row" },
		{ HDR "一、\n", GOC_EINVAL, "line 2, column 1: section 一 has no title" },
		{ HDR "一、甲\n\t\t孤立的文字\t\n", GOC_EINVAL,
		  "line 3, column 3: text with no work item number" },
		{ HDR "一、甲\n1\t任务\t没有编号的文字\t商务委\n", GOC_EINVAL,
		  "line 3, column 3: special task 1 must begin with a work item numbered (1)" },
		{ HDR "一、甲\n1\t任务\t(1) 文字\t商务委\n2\t任务二\t接着写\t商务委\n", GOC_EINVAL,
		  "line 4, column 3: special task 2 must begin" },
		{ HDR "一、甲\n甲乙\t\t\t\n", GOC_EINVAL,
		  "line 3, column 1: expected a section (一、…) or a special task number, found \"甲乙\"" },
		{ HDR "一、甲\n\t任务\t(1) x\t商务委\n", GOC_EINVAL,
		  "line 3, column 2: special task \"任务\" has no number" },
		{ HDR "一、甲\n1\t\t(1) x\t商务委\n", GOC_EINVAL, "line 3, column 2: special task 1 has no title" },
		{ HDR "一、甲\n0\t任务\t(1) x\t商务委\n", GOC_EINVAL, "line 3, column 1: numbering jumps" },
		{ HDR "一、甲\n1\t任务\t(1) x\t商务委\n二、乙\n1\t任务\t(2) y\t商务委\n", GOC_EEXISTS,
		  "line 5, column 1: special task 1 appears twice" },
		{ HDR "一、甲\n1\t任务\t(1)\t商务委\n", GOC_EINVAL, "line 3, column 3: work item (1) has no text" },
		{ HDR "一、甲\n1\t任务\t(1) <p></p>\t商务委\n", GOC_EINVAL, "work item (1) has no text" },
		{ HDR "一、甲\n1\t任务\t(1) x\t、，\n", GOC_EINVAL, "line 3, column 4: no responsible unit" },
		{ HDR "一、甲\n\t\t\t商务委\n", GOC_EINVAL, "line 3, column 4: responsible units" },
		{ "序号\t专项任务\n", GOC_EINVAL, "line 1, column 3: header row: expected 工作内容, found \"\"" },
		{ "一、甲\t乙\t\t\n" HDR, GOC_EINVAL, "line 1, column 1: expected the header row" },
		{ "\xEF\xBB\xBF", GOC_EINVAL, "line 1, column 1: not a task decomposition table" },
		{ "  \n\t\n", GOC_EINVAL, "no header row" },
		{ "附件\n", GOC_EINVAL, "no header row" },
		{ HDR "一、甲\n1\t任务\t(1) x\t商务委\n\t\t(99999999999) y\t\n", GOC_EINVAL,
		  "line 4, column 3: numbering jumps" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct goc__plandoc doc;
		int rc = parse_str(cases[i].text, &doc);
		ck_assert_msg(rc == cases[i].code, "case %zu: expected %d, got %d (%s)", i,
		              cases[i].code, rc, goc_error_message());
		ck_assert_msg(strstr(goc_error_message(), cases[i].message) != NULL,
		              "case %zu: \"%s\" lacks \"%s\"", i, goc_error_message(),
		              cases[i].message);
		goc__plandoc_free(&doc);
	}
}
END_TEST

START_TEST(test_units_rules)
{
	struct goc__plandoc doc;
	/* duplicates are dropped; a continuation row may repeat the units; a
	 * new special task with a blank cell takes the units of the row above */
	ck_assert_int_eq(parse_str(HDR "一、甲\n"
	                           "1\t任务\t(1) 甲，\t商务委、商务委、科经委\n"
	                           "\t\t乙。\t商务委 科经委\n"
	                           "2\t任务二\t(2) 丙，科经委牵头。\t\n", &doc), GOC_OK);
	ck_assert_str_eq(find(&doc, "i1")->text, "甲，乙。");
	ck_assert_str_eq(parties(find(&doc, "i1")), "商务委、科经委");
	ck_assert_str_eq(parties(find(&doc, "i2")), "商务委、科经委*");
	/* a special task's own role is always responsible */
	ck_assert_str_eq(parties(find(&doc, "t2")), "商务委、科经委");
	goc__plandoc_free(&doc);
	/* "牵头" must follow the name directly */
	ck_assert_int_eq(parse_str(HDR "一、甲\n1\t任务\t(1) 商务委 牵头，科经委配合。\t商务委、科经委\n",
	                           &doc), GOC_OK);
	ck_assert_str_eq(parties(find(&doc, "i1")), "商务委、科经委");
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_nul_and_bad_bytes)
{
	struct goc__plandoc doc;
	static const char nul[] = "序号\t专项任务\t工作内容\t责任单位\n一、甲\0\n";
	expect_error(parse_enc(nul, sizeof nul - 1, "utf-8", 0, &doc), GOC_EINVAL,
	             "line 2, column 4: NUL byte");
	goc__plandoc_free(&doc);
	/* a character cut at the very end */
	static const char cut[] = HDR "一、甲\xE4\xB8";
	expect_error(parse_enc(cut, sizeof cut - 1, "utf-8", 0, &doc), GOC_EINVAL,
	             "line 2, column 4: invalid UTF-8");
	goc__plandoc_free(&doc);
	static const char gbcut[] = "abc\n\xD6";
	expect_error(parse_enc(gbcut, sizeof gbcut - 1, "gb18030", 0, &doc), GOC_EINVAL,
	             "line 2, column 1: not valid gb18030 text (byte 0xD6 at offset 4, "
	             "incomplete character at the end)");
	goc__plandoc_free(&doc);
	/* overlong and surrogate forms are not UTF-8 */
	static const char overlong[] = HDR "\xC0\xAF";
	expect_error(parse_enc(overlong, sizeof overlong - 1, "utf8", 0, &doc), GOC_EINVAL,
	             "line 2, column 1: invalid UTF-8 (byte 0xC0)");
	goc__plandoc_free(&doc);
	static const char surrogate[] = HDR "\xED\xA0\x80";
	expect_error(parse_enc(surrogate, sizeof surrogate - 1, "UTF-8", 0, &doc), GOC_EINVAL,
	             "line 2, column 1: invalid UTF-8");
	goc__plandoc_free(&doc);
}
END_TEST

START_TEST(test_limits)
{
	/* at most 200 unit names in a cell, 200 units for a special task */
	char *buf = malloc(16384);
	ck_assert_ptr_nonnull(buf);
	struct goc__plandoc doc;
	strcpy(buf, HDR "一、甲\n1\t任务\t(1) x\t");
	for (int i = 0; i < 201; i++)
		sprintf(buf + strlen(buf), "%s单位%d", i ? "、" : "", i);
	strcat(buf, "\n");
	expect_error(parse_str(buf, &doc), GOC_EINVAL,
	             "line 3, column 4: more than 200 unit names in one cell");
	goc__plandoc_free(&doc);
	strcpy(buf, HDR "一、甲\n1\t任务\t(1) x\t");
	for (int i = 0; i < 150; i++)
		sprintf(buf + strlen(buf), "%s单位%d", i ? "、" : "", i);
	strcat(buf, "\n\t\t(2) y\t");
	for (int i = 150; i < 300; i++)
		sprintf(buf + strlen(buf), "%s单位%d", i > 150 ? "、" : "", i);
	strcat(buf, "\n");
	expect_error(parse_str(buf, &doc), GOC_EINVAL,
	             "line 3, column 1: special task 1 has more than 200 responsible units");
	goc__plandoc_free(&doc);
	free(buf);

	/* a cell holds at most GOC_IMPORT_MAX_CELL bytes: exactly that many
	 * pass the reader, one more is refused with its line and column */
	size_t cap = GOC_IMPORT_MAX_CELL + 256;
	buf = malloc(cap);
	ck_assert_ptr_nonnull(buf);
	for (size_t extra = 0; extra <= 1; extra++) {
		strcpy(buf, HDR "一、甲\n1\t任务\t(1) ");
		size_t n = strlen(buf), cell = strlen("(1) ");
		memset(buf + n, 'x', GOC_IMPORT_MAX_CELL + extra - cell);
		strcpy(buf + n + GOC_IMPORT_MAX_CELL + extra - cell, "\t商务委\n");
		if (!extra) {
			ck_assert_int_eq(parse_str(buf, &doc), GOC_OK);
			ck_assert_uint_eq(strlen(find(&doc, "i1")->text), GOC_IMPORT_MAX_CELL - cell);
		} else {
			expect_error(parse_str(buf, &doc), GOC_EINVAL,
			             "line 3, column 3: a cell of 65537 bytes, more than the 65536 bytes (64 KiB)");
		}
		goc__plandoc_free(&doc);
	}
	/* the oversized cell ends its row */
	strcpy(buf, HDR "一、甲\n1\t任务\t(1) x\t");
	size_t n = strlen(buf);
	memset(buf + n, 'x', GOC_IMPORT_MAX_CELL + 1);
	strcpy(buf + n + GOC_IMPORT_MAX_CELL + 1, "\n");
	expect_error(parse_str(buf, &doc), GOC_EINVAL,
	             "line 3, column 4: a cell of 65537 bytes");
	goc__plandoc_free(&doc);
	free(buf);
}
END_TEST

/* A table whose first work cell holds two items, and a long continuation
 * (the item's text grows where it is flushed and where it is continued). */
static const char two_items[] =
	HDR "一、甲\n1\t任务\t(1) 甲 (2) 乙\t商务委\n"
	"\t\t续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续续\t\n";

START_TEST(test_out_of_memory)
{
	static const char *const files[] = { "seed-table.tsv", "seed-table-bom.csv",
	                                     "seed-table-gb18030-crlf.tsv", NULL };
	for (size_t f = 0; f < 4; f++) {
		size_t len = sizeof two_items - 1;
		char *data = files[f] ? slurp(files[f], &len) : strdup(two_items);
		long k;
		for (k = 0; k < 100000; k++) {
			struct goc__plandoc doc;
			ck_assert_int_eq(goc__plandoc_init(db, &doc), GOC_OK);
			goc_error_clear();
			mem_left = k;
			int rc = goc__plandoc_from_table(db, data, len, NULL, &doc);
			mem_left = -1;
			if (rc == GOC_OK) {
				if (files[f]) {
					check_seed(&doc, f == 1);
				} else {
					ck_assert_str_eq(find(&doc, "i1")->text, "甲");
					ck_assert_uint_eq(strlen(find(&doc, "i2")->text), 3 + 40 * 3);
				}
				goc__plandoc_free(&doc);
				break;
			}
			ck_assert_msg(rc == GOC_ENOMEM, "%s, allocation %ld: %d (%s)",
			              files[f] ? files[f] : "two items", k, rc,
			              goc_error_message());
			ck_assert_int_eq(goc_error_last(), GOC_ENOMEM);
			ck_assert_msg(strstr(goc_error_message(), "out of memory") != NULL, "%s",
			              goc_error_message());
			goc__plandoc_free(&doc);
		}
		ck_assert_int_gt(k, 3);
		ck_assert_int_lt(k, 100000);
		free(data);
	}
}
END_TEST

/* Every allocation from the document's arena fails once, in a run of its
 * own (goc__arena_fail_in): out of memory, said so, and nothing half-read
 * is taken for a result; with no failure the seed reads whole. */
static void arena_failures(const char *name, bool csv)
{
	size_t len;
	char *data = slurp(name, &len);
	long n;
	for (n = 0; n < 100000; n++) {
		struct goc__plandoc doc;
		ck_assert_int_eq(goc__plandoc_init(db, &doc), GOC_OK);
		goc__arena_fail_in(doc.arena, n);
		goc_error_clear();
		int rc = goc__plandoc_from_table(db, data, len, NULL, &doc);
		if (rc == GOC_OK) {
			check_seed(&doc, csv);
			goc__plandoc_free(&doc);
			break;
		}
		ck_assert_msg(rc == GOC_ENOMEM, "%s, allocation %ld: %d (%s)", name, n, rc,
		              goc_error_message());
		ck_assert_int_eq(goc_error_last(), GOC_ENOMEM);
		ck_assert_msg(strstr(goc_error_message(), "out of memory") != NULL, "%s",
		              goc_error_message());
		goc__plandoc_free(&doc);
	}
	/* the seed makes a few hundred allocations: every one was failed */
	ck_assert_int_gt(n, 100);
	ck_assert_int_lt(n, 100000);
	free(data);
}

START_TEST(test_arena_failures)
{
	arena_failures("seed-table.tsv", false);
	arena_failures("seed-table-gb18030-crlf.tsv", false);
}
END_TEST

/* ------------------------------------------------------------------------
 * Robustness: cut and damaged versions of the seed never crash
 * ---------------------------------------------------------------------- */

static void parse_any(const char *data, size_t len, const char *enc)
{
	struct goc__plandoc doc;
	int rc = parse_enc(data, len, enc, 0, &doc);
	ck_assert_msg(rc == GOC_OK || rc == GOC_EINVAL || rc == GOC_EEXISTS,
	              "rc %d (%s)", rc, goc_error_message());
	if (rc != GOC_OK)
		ck_assert(goc_error_message()[0] != '\0');
	goc__plandoc_free(&doc);
}

START_TEST(test_prefixes)
{
	static const char *const files[] = { "seed-table.tsv", "seed-table-bom.csv",
	                                     "seed-table-gb18030-crlf.tsv" };
	for (size_t f = 0; f < 3; f++) {
		size_t len;
		char *data = slurp(files[f], &len);
		for (size_t n = 0; n <= len; n += 11)
			parse_any(data, n, NULL);
		free(data);
	}
}
END_TEST

START_TEST(test_mutations)
{
	static const char alphabet[] = "\t\n\r\",()（）<>/p 0123456789\xE3\x80\x81\xEF\xBC\x88\xFF";
	size_t len;
	char *seed = slurp("seed-table.tsv", &len);
	char *data = malloc(len);
	unsigned long x = 20240226;
	for (int round = 0; round < 400; round++) {
		memcpy(data, seed, len);
		int changes = 1 + round % 4;
		for (int k = 0; k < changes; k++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			size_t at = (size_t)(x >> 33) % len;
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			data[at] = alphabet[(x >> 33) % (sizeof alphabet - 1)];
		}
		parse_any(data, len, NULL);
		parse_any(data, len, round % 2 ? "utf-8" : "gb18030");
	}
	free(data);
	free(seed);
}
END_TEST

static Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	tu_fixtures(&db, NULL, 0, "test-table", NULL);
	add_case(s, "seed", tu_mem_setup, tu_mem_teardown, 0, (const TTest *[]){
		test_seed_tsv, test_seed_gb18030_crlf, test_seed_csv_bom, test_seed_xlsx,
		test_relocate, test_seed_utf16, test_progress, test_cancel, NULL });

	TCase *tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, tu_mem_setup, tu_mem_teardown);
	tcase_add_loop_test(tc, test_bad_file, 0, (int)(sizeof bad_files / sizeof bad_files[0]));
	tcase_add_test(tc, test_unknown_unit);
	tcase_add_test(tc, test_options);
	suite_add_tcase(s, tc);

	tc = tcase_create("syntax");
	tcase_add_checked_fixture(tc, tu_mem_setup, tu_mem_teardown);
	tcase_add_test(tc, test_fullwidth_tags_separators);
	tcase_add_test(tc, test_weak_markers);
	tcase_add_loop_test(tc, test_cells, 0, (int)(sizeof CELLS / sizeof CELLS[0]));
	tcase_add_test(tc, test_csv_quoting_crlf);
	tcase_add_test(tc, test_tsv_quotes);
	tcase_add_test(tc, test_csv_lone_cr);
	tcase_add_test(tc, test_text_decode_iconv);
	tcase_add_test(tc, test_page_breaks);
	tcase_add_test(tc, test_length_respected);
	tcase_add_test(tc, test_structure_errors);
	tcase_add_test(tc, test_units_rules);
	tcase_add_test(tc, test_nul_and_bad_bytes);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_arena_failures);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);

	add_case(s, "robustness", tu_mem_setup, tu_mem_teardown, 600, (const TTest *[]){
		test_prefixes, test_mutations, NULL });
	return s;
}

int main(void)
{
	tu_alloc_install(mem_fails);
	return run_suite(table_suite(), CK_NORMAL);
}
