/*
 * register_orgs — a first libgoc program.
 *
 * Opens (or creates) a database, loads the built-in Pudong reference data
 * (units, unit groups, zones), records a few organizations through their
 * lifecycle — including a landing refused for want of a cleared risk
 * review — and lists the register.
 *
 * The organizations are fictional, for demonstration only.
 *
 * usage: register_orgs [DATABASE]      (default ":memory:")
 */
#include <stdio.h>
#include <stdlib.h>

#include <goc.h>

#define CHECK(call)                                                          \
	do {                                                                 \
		int rc_ = (call);                                            \
		if (rc_ != GOC_OK) {                                         \
			fprintf(stderr, "register_orgs: %s: %s\n",          \
			        goc_strerror(rc_), goc_error_message());     \
			goto fail;                                           \
		}                                                            \
	} while (0)

static int add_org(goc_db *db, int64_t *id, const char *zh, const char *en,
                   int category, const char *zone, const char *unit, const char *date)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = zh;
	f.name_en = en;
	f.category = category;
	f.zone = zone;
	f.unit = unit;
	f.date = date;
	f.notes = "fictional organization (demonstration data)";
	return goc_org_create(id, db, &f);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : ":memory:";
	goc_db *db = NULL;
	goc_cursor *cur = NULL;
	int64_t a, b, c;

	CHECK(goc_db_open(&db, path));
	CHECK(goc_reference_load(db, "pudong"));
	/* The commerce commission coordinates the work, so it is an
	 * administrator; the other units may change only their own records. */
	CHECK(goc_unit_set_access(db, "commerce", GOC_ACCESS_ADMIN));
	CHECK(goc_db_set_actor(db, "commerce"));

	CHECK(goc_db_begin(db));
	CHECK(add_org(db, &a, "示例国际标准协会（虚构）", "Example Standards Association (fictional)",
	              GOC_CATEGORY_STANDARDS, "lujiazui", "commerce", "2024-01-15"));
	CHECK(add_org(db, &b, "示例科技合作组织（虚构）", "Example Tech Cooperation Org (fictional)",
	              GOC_CATEGORY_SCITECH, "zhangjiang", "scitech", "2024-02-01"));
	CHECK(add_org(db, &c, "示例贸易促进会（虚构）", "Example Trade Council (fictional)",
	              GOC_CATEGORY_TRADE, "ftz", "ftz-bureau", "2024-03-01"));
	CHECK(goc_db_commit(db));

	/* a: all the way to operating, with a regional headquarters */
	CHECK(goc_org_set_stage(db, a, GOC_STAGE_CONTACTING, "2024-02-01", NULL, "first meeting"));
	CHECK(goc_org_set_stage(db, a, GOC_STAGE_APPROVED, "2024-05-10", NULL, "registration approved"));
	CHECK(goc_org_review(NULL, db, a, GOC_REVIEW_CLEARED, "2024-05-20", "police", "no concerns"));
	CHECK(goc_org_set_stage(db, a, GOC_STAGE_LANDED, "2024-06-01", NULL, NULL));
	CHECK(goc_org_set_stage(db, a, GOC_STAGE_OPERATING, "2024-09-01", NULL, NULL));
	CHECK(goc_org_set_hq(db, a, "2025-03-01", NULL, "Asia-Pacific regional office"));

	/* b: approved, but its risk review is flagged — landing is refused */
	CHECK(goc_org_set_stage(db, b, GOC_STAGE_APPROVED, "2024-06-01", "scitech", NULL));
	CHECK(goc_org_review(NULL, db, b, GOC_REVIEW_FLAGGED, "2024-06-10", "police", "ownership unclear"));
	int rc = goc_org_set_stage(db, b, GOC_STAGE_LANDED, "2024-07-01", "scitech", NULL);
	printf("landing %lld without a cleared review: %s\n  %s\n\n", (long long)b,
	       goc_strerror(rc), goc_error_message());
	if (rc != GOC_ESTATE)
		goto fail;

	/* c: talks stop */
	CHECK(goc_org_set_stage(db, c, GOC_STAGE_NEGOTIATING, "2024-04-01", "ftz-bureau", NULL));
	CHECK(goc_org_set_stage(db, c, GOC_STAGE_WITHDRAWN, "2024-08-01", "ftz-bureau", "moved elsewhere"));

	printf("%-4s %-12s %-10s %-11s %-10s %s\n", "id", "stage", "since", "zone", "HQ", "name");
	CHECK(goc_org_list(&cur, db, NULL));
	while ((rc = goc_cursor_next(cur)) == GOC_ROW) {
		const goc_org *o = goc_cursor_org(cur);
		printf("%-4lld %-12s %-10s %-11s %-10s %s\n", (long long)goc_org_id(o),
		       goc_stage_str(goc_org_stage(o)), goc_org_stage_date(o),
		       goc_org_zone(o) ? goc_org_zone(o) : "-",
		       goc_org_hq_date(o) ? goc_org_hq_date(o) : "-", goc_org_name_zh(o));
	}
	if (rc != GOC_DONE) {
		fprintf(stderr, "register_orgs: %s\n", goc_error_message());
		goto fail;
	}
	goc_cursor_free(cur);
	goc_db_close(db);
	return EXIT_SUCCESS;
fail:
	goc_cursor_free(cur);
	goc_db_close(db);
	return EXIT_FAILURE;
}
