/*
 * goc partner|expert|event|request|progress: the activity registers the
 * plan counts (partners, experts, events, service requests) and the
 * progress reports on its tasks.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* --- what the registers share --------------------------------------------- */

/* Filters a `list` verb offers (bits), besides --format, -o and --bom. */
enum {
	F_UNIT = 1 << 0, F_KIND = 1 << 1, F_FROM_TO = 1 << 2, F_ZONE = 1 << 3,
	F_FLAGS = 1 << 4, F_ORG = 1 << 5, F_OPEN = 1 << 6
};

/* One register: its columns, how to list it and read one record. */
typedef struct reg {
	const char *what;  /* "a partner": for messages */
	int ncols;
	const char *const *keys;
	int (*list)(goc_cursor **, goc_db *, const goc_activity_filter *);
	void (*row)(table *, const goc_cursor *);  /* the cursor's row */
	int (*get_row)(table *, goc_db *, int64_t); /* read one record into a row */
	const char *kind_opt;                       /* "--kind" or "--category" */
	int kind_resolve;                           /* its goc_resolve_kind */
	unsigned int filters;
} reg;

static int yes_no(int *out, const char *s, const char *name, const char *usage)
{
	if (!s)
		return 0;
	/* yes, no, 是, 否 (goc_resolve_enum()); "any" is no answer here */
	int v = GOC_ANY;
	if (goc_resolve_enum(&v, GOC_RESOLVE_TRISTATE, s) != GOC_OK || v == GOC_ANY)
		return cli_usage_error(usage, "--%s: expected yes or no: %s", name, s);
	*out = v;
	return 0;
}

static int reg_list(cli *c, int argc, char **argv, const reg *r, const char *usage)
{
	goc_activity_filter fl = GOC_ACTIVITY_FILTER_INIT;
	const char *kind = NULL, *intl = NULL, *large = NULL, *org = NULL, *format = NULL, *output = NULL;
	int bom = 0, open = 0, resolved = 0;
	opt opts[16];
	int n = 0;
	if (r->filters & F_UNIT)
		opts[n++] = (opt){ "unit", &fl.unit, NULL };
	if (r->filters & F_KIND)
		opts[n++] = (opt){ r->kind_opt + 2, &kind, NULL };
	if (r->filters & F_FROM_TO) {
		opts[n++] = (opt){ "from", &fl.from, NULL };
		opts[n++] = (opt){ "to", &fl.to, NULL };
	}
	if (r->filters & F_ZONE)
		opts[n++] = (opt){ "zone", &fl.zone, NULL };
	if (r->filters & F_FLAGS) {
		opts[n++] = (opt){ "international", &intl, NULL };
		opts[n++] = (opt){ "large", &large, NULL };
	}
	if (r->filters & F_ORG)
		opts[n++] = (opt){ "org", &org, NULL };
	if (r->filters & F_OPEN) {
		opts[n++] = (opt){ "open", NULL, &open };
		opts[n++] = (opt){ "resolved", NULL, &resolved };
	}
	opts[n++] = (opt){ "format", &format, NULL };
	opts[n++] = (opt){ "o", &output, NULL };
	opts[n++] = (opt){ "bom", NULL, &bom };
	opts[n] = (opt){ NULL, NULL, NULL };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage);
	out_format fmt;
	if (out_format_parse(&fmt, format, FMT_ALL))
		return cli_usage_error(usage, "unknown format: %s", format);
	if (kind && cli_enum(&fl.kind, r->kind_resolve, kind, r->kind_opt, usage))
		return EXIT_USAGE;
	if (cli_check_date(usage, "--from", fl.from) || cli_check_date(usage, "--to", fl.to) ||
	    yes_no(&fl.international, intl, "international", usage) || yes_no(&fl.large, large, "large", usage) ||
	    (org && cli_parse_id(&fl.org, org, usage, "an organization")))
		return EXIT_USAGE;
	if (open && resolved)
		return cli_usage_error(usage, "--open and --resolved exclude each other");
	fl.open = open ? GOC_YES : resolved ? GOC_NO : GOC_ANY;
	if (bom && fmt != FMT_CSV)
		return cli_usage_error(usage, "--bom applies to --format csv only");

	goc_db *db = cli_db(c);
	goc_cursor *cur = NULL;
	if (!db)
		return EXIT_RUNTIME;
	int rc = r->list(&cur, db, &fl);
	table *t = table_new(r->ncols, r->keys);
	table_names(t, c);
	table_align_right(t, 0);
	while (cursor_step(&rc, cur))
		r->row(t, cur);
	return table_emit_rows(t, cur, rc, output, fmt, bom);
}

static int reg_show(cli *c, int argc, char **argv, const reg *r, const char *usage)
{
	const char *id_s = NULL, *format = NULL;
	const opt opts[] = { { "format", &format, NULL }, { NULL, NULL, NULL } };
	int64_t id;
	out_format fmt;
	PARSE(argc, argv, opts, &id_s, 1, 1, NULL, usage);
	if (cli_parse_id(&id, id_s, usage, r->what))
		return EXIT_USAGE;
	if (out_format_parse(&fmt, format, (1u << FMT_TEXT) | (1u << FMT_JSON)))
		return cli_usage_error(usage, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	table *t = table_new(r->ncols, r->keys);
	table_names(t, c);
	if (r->get_row(t, db, id) != GOC_OK) {
		table_free(t);
		return cli_fail();
	}
	table_write_record(t, stdout, fmt, fmt == FMT_TEXT && out_use_color(stdout), NULL);
	table_free(t);
	return EXIT_OK;
}

/* Print the id of what was created (rc: the create call's status). */
static int created(int rc, int64_t id)
{
	if (rc != GOC_OK)
		return cli_fail();
	printf("%" PRId64 "\n", id);
	return EXIT_OK;
}

/* A usage error unless the n options given are all there. */
static int required(const char *usage, const char *names, int n, ...)
{
	va_list ap;
	int missing = 0;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		if (!va_arg(ap, const char *))
			missing = 1;
	va_end(ap);
	return missing ? cli_usage_error(usage, "%s required", _(names)) : 0;
}

#define REQUIRE(usage, names, ...) do { \
		if (required(usage, names, (int)(sizeof (const char *[]){ __VA_ARGS__ } / sizeof(const char *)), __VA_ARGS__)) \
			return EXIT_USAGE; \
	} while (0)

/* --- partners ------------------------------------------------------------ */

static const char *const partner_keys[] = { "id", "name_zh", "name_en", "kind", "unit", "date", "contact", "notes" };

static void partner_row(table *t, const goc_partner *p)
{
	table_int(t, goc_partner_id(p));
	table_str(t, goc_partner_name_zh(p));
	table_str(t, goc_partner_name_en(p));
	table_label(t, "partner_kind", goc_partner_kind_str(goc_partner_kind(p)));
	table_unit(t, goc_partner_unit(p));
	table_str(t, goc_partner_date(p));
	table_str(t, goc_partner_contact(p));
	table_str(t, goc_partner_notes(p));
}

static void partner_cur(table *t, const goc_cursor *cur)
{
	partner_row(t, goc_cursor_partner(cur));
}

static int partner_get(table *t, goc_db *db, int64_t id)
{
	goc_partner *p = NULL;
	int rc = goc_partner_get(&p, db, id);
	if (rc == GOC_OK)
		partner_row(t, p);
	goc_partner_free(p);
	return rc;
}

static const reg partners = { N_("a partner"), 8, partner_keys, goc_partner_list, partner_cur, partner_get,
	                      "--kind", GOC_RESOLVE_PARTNER_KIND, F_UNIT | F_KIND | F_FROM_TO };

static const char usage_partner[] =
	N_("usage: goc partner add|list|show [OPTIONS]\n"
	"\n"
	"The partner network (合作伙伴网络): firms, financial institutions,\n"
	"chambers and professional bodies a unit has contacted (item (3)).\n"
	"\n"
	"  add --name-zh NAME --kind K --unit U --date D [--name-en N] [--contact C] [--notes T]\n"
	"  list [--unit U] [--kind K] [--from D] [--to D] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"  show ID [--format text|json]\n"
	"\n"
	"K: multinational, leading_enterprise, financial, chamber, professional_body, other.\n");
static const char usage_partner_add[] =
	N_("usage: goc partner add --name-zh NAME --kind K --unit U --date D [--name-en N]\n"
	"                       [--contact C] [--notes T]\n"
	"\n"
	"Register a partner contacted by unit U on date D; prints its id.\n"
	"K: multinational, leading_enterprise, financial, chamber, professional_body, other.\n");
static const char usage_partner_list[] =
	N_("usage: goc partner list [--unit U] [--kind K] [--from D] [--to D] [--format text|md|csv|json] [-o FILE] [--bom]\n");
static const char usage_partner_show[] = N_("usage: goc partner show ID [--format text|json]\n");

static int partner_add(cli *c, int argc, char **argv)
{
	goc_partner_fields f = GOC_PARTNER_FIELDS_INIT;
	const char *kind = NULL;
	const opt opts[] = { { "name-zh", &f.name_zh, NULL }, { "name-en", &f.name_en, NULL }, { "kind", &kind, NULL },
	                     { "unit", &f.unit, NULL }, { "date", &f.date, NULL }, { "contact", &f.contact, NULL },
	                     { "notes", &f.notes, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_partner_add);
	REQUIRE(usage_partner_add, "--name-zh, --kind, --unit and --date are", f.name_zh, kind, f.unit, f.date);
	if (cli_check_date(usage_partner_add, "--date", f.date))
		return EXIT_USAGE;
	if (cli_enum(&f.kind, GOC_RESOLVE_PARTNER_KIND, kind, "--kind", usage_partner_add))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	int64_t id = 0;
	if (!db)
		return EXIT_RUNTIME;
	int rc = goc_partner_create(&id, db, &f);
	return created(rc, id);
}

static int partner_list(cli *c, int argc, char **argv)
{
	return reg_list(c, argc, argv, &partners, usage_partner_list);
}

static int partner_show(cli *c, int argc, char **argv)
{
	return reg_show(c, argc, argv, &partners, usage_partner_show);
}

int cmd_partner(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "add", partner_add }, { "list", partner_list }, { "show", partner_show },
		                       { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_partner);
}

/* --- experts ------------------------------------------------------------- */

static const char *const expert_keys[] = { "id", "name", "field", "affiliation", "unit", "date", "notes" };

static void expert_row(table *t, const goc_expert *e)
{
	table_int(t, goc_expert_id(e));
	table_str(t, goc_expert_name(e));
	table_str(t, goc_expert_field(e));
	table_str(t, goc_expert_affiliation(e));
	table_unit(t, goc_expert_unit(e));
	table_str(t, goc_expert_date(e));
	table_str(t, goc_expert_notes(e));
}

static void expert_cur(table *t, const goc_cursor *cur)
{
	expert_row(t, goc_cursor_expert(cur));
}

static int expert_get(table *t, goc_db *db, int64_t id)
{
	goc_expert *e = NULL;
	int rc = goc_expert_get(&e, db, id);
	if (rc == GOC_OK)
		expert_row(t, e);
	goc_expert_free(e);
	return rc;
}

static const reg experts = { N_("an expert"), 7, expert_keys, goc_expert_list, expert_cur, expert_get,
	                     NULL, 0, F_UNIT | F_FROM_TO };

static const char usage_expert[] =
	N_("usage: goc expert add|list|show [OPTIONS]\n"
	"\n"
	"The think tank (专家库): experts each unit has lined up (item (17)).\n"
	"\n"
	"  add --name NAME --unit U --date D [--field F] [--affiliation A] [--notes T]\n"
	"  list [--unit U] [--from D] [--to D] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"  show ID [--format text|json]\n");
static const char usage_expert_add[] =
	N_("usage: goc expert add --name NAME --unit U --date D [--field F] [--affiliation A] [--notes T]\n"
	"\n"
	"List an expert in the think tank for unit U from date D; prints the id.\n");
static const char usage_expert_list[] =
	N_("usage: goc expert list [--unit U] [--from D] [--to D] [--format text|md|csv|json] [-o FILE] [--bom]\n");
static const char usage_expert_show[] = N_("usage: goc expert show ID [--format text|json]\n");

static int expert_add(cli *c, int argc, char **argv)
{
	goc_expert_fields f = GOC_EXPERT_FIELDS_INIT;
	const opt opts[] = { { "name", &f.name, NULL }, { "field", &f.field, NULL },
	                     { "affiliation", &f.affiliation, NULL }, { "unit", &f.unit, NULL },
	                     { "date", &f.date, NULL }, { "notes", &f.notes, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_expert_add);
	REQUIRE(usage_expert_add, "--name, --unit and --date are", f.name, f.unit, f.date);
	if (cli_check_date(usage_expert_add, "--date", f.date))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	int64_t id = 0;
	if (!db)
		return EXIT_RUNTIME;
	int rc = goc_expert_create(&id, db, &f);
	return created(rc, id);
}

static int expert_list(cli *c, int argc, char **argv)
{
	return reg_list(c, argc, argv, &experts, usage_expert_list);
}

static int expert_show(cli *c, int argc, char **argv)
{
	return reg_show(c, argc, argv, &experts, usage_expert_show);
}

int cmd_expert(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "add", expert_add }, { "list", expert_list }, { "show", expert_show },
		                       { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_expert);
}

/* --- events -------------------------------------------------------------- */

static const char *const event_keys[] = { "id", "title_zh", "title_en", "date", "zone", "kind", "international",
	                                  "large", "unit", "organizers", "orgs", "notes" };

static void event_row(table *t, const goc_event *e)
{
	table_int(t, goc_event_id(e));
	table_str(t, goc_event_title_zh(e));
	table_str(t, goc_event_title_en(e));
	table_str(t, goc_event_date(e));
	table_unit(t, goc_event_zone(e));
	table_label(t, "event_kind", goc_event_kind_str(goc_event_kind(e)));
	table_bool(t, goc_event_international(e));
	table_bool(t, goc_event_large(e));
	table_unit(t, goc_event_unit(e));
	table_units(t, goc_event_organizers(e));
	table_int(t, goc_event_org_count(e));
	table_str(t, goc_event_notes(e));
}

static void event_cur(table *t, const goc_cursor *cur)
{
	event_row(t, goc_cursor_event(cur));
}

static int event_get(table *t, goc_db *db, int64_t id)
{
	goc_event *e = NULL;
	int rc = goc_event_get(&e, db, id);
	if (rc == GOC_OK)
		event_row(t, e);
	goc_event_free(e);
	return rc;
}

static const reg events = { N_("an event"), 12, event_keys, goc_event_list, event_cur, event_get,
	                    "--kind", GOC_RESOLVE_EVENT_KIND, F_UNIT | F_KIND | F_FROM_TO | F_ZONE | F_FLAGS | F_ORG };

static const char usage_event[] =
	N_("usage: goc event add|list|show [OPTIONS]\n"
	"\n"
	"Conferences, forums and promotions (items (19), large events).\n"
	"\n"
	"  add --title-zh T --kind K --date D --unit U [--title-en T] [--zone Z]\n"
	"      [--international] [--large] [--co-organizer U] [--org ID] [--notes T]\n"
	"  list [--unit U] [--zone Z] [--kind K] [--from D] [--to D] [--international yes|no]\n"
	"       [--large yes|no] [--org ID] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"  show ID [--format text|json]\n"
	"\n"
	"K: conference, forum, promotion, other.\n");
static const char usage_event_add[] =
	N_("usage: goc event add --title-zh T --kind K --date D --unit U [--title-en T] [--zone Z]\n"
	"                     [--international] [--large] [--co-organizer U] [--org ID] [--notes T]\n"
	"\n"
	"Record an event organized by unit U (and a co-organizer), related to an\n"
	"organization; prints its id.  K: conference, forum, promotion, other.\n");
static const char usage_event_list[] =
	N_("usage: goc event list [--unit U] [--zone Z] [--kind K] [--from D] [--to D] [--international yes|no]\n"
	"                      [--large yes|no] [--org ID] [--format text|md|csv|json] [-o FILE] [--bom]\n");
static const char usage_event_show[] = N_("usage: goc event show ID [--format text|json]\n");

static int event_add(cli *c, int argc, char **argv)
{
	goc_event_fields f = GOC_EVENT_FIELDS_INIT;
	const char *kind = NULL, *co = NULL, *org = NULL;
	int intl = 0, large = 0;
	int64_t org_id = 0;
	const opt opts[] = { { "title-zh", &f.title_zh, NULL }, { "title-en", &f.title_en, NULL },
	                     { "kind", &kind, NULL }, { "date", &f.date, NULL }, { "unit", &f.unit, NULL },
	                     { "zone", &f.zone, NULL }, { "international", NULL, &intl }, { "large", NULL, &large },
	                     { "co-organizer", &co, NULL }, { "org", &org, NULL }, { "notes", &f.notes, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_event_add);
	REQUIRE(usage_event_add, "--title-zh, --kind, --date and --unit are", f.title_zh, kind, f.date, f.unit);
	if (cli_check_date(usage_event_add, "--date", f.date) || (org && cli_parse_id(&org_id, org, usage_event_add, "an organization")))
		return EXIT_USAGE;
	if (cli_enum(&f.kind, GOC_RESOLVE_EVENT_KIND, kind, "--kind", usage_event_add))
		return EXIT_USAGE;
	f.international = intl ? GOC_YES : GOC_NO;
	f.large = large ? GOC_YES : GOC_NO;
	goc_db *db = cli_db(c);
	int64_t id = 0;
	if (!db)
		return EXIT_RUNTIME;
	/* The event and its relations at once, or nothing. */
	int rc = goc_db_begin(db);
	if (rc == GOC_OK)
		rc = goc_event_create(&id, db, &f);
	if (rc == GOC_OK && co)
		rc = goc_event_add_organizer(db, id, co);
	if (rc == GOC_OK && org_id)
		rc = goc_event_add_org(db, id, org_id);
	if (rc == GOC_OK)
		rc = goc_db_commit(db);
	if (rc != GOC_OK) {
		int fail = cli_fail();
		goc_db_rollback(db);
		return fail;
	}
	return created(rc, id);
}

static int event_list(cli *c, int argc, char **argv)
{
	return reg_list(c, argc, argv, &events, usage_event_list);
}

static int event_show(cli *c, int argc, char **argv)
{
	return reg_show(c, argc, argv, &events, usage_event_show);
}

int cmd_event(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "add", event_add }, { "list", event_list }, { "show", event_show },
		                       { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_event);
}

/* --- service requests ---------------------------------------------------- */

static const char *const request_keys[] = { "id", "org", "category", "opened", "unit", "summary", "resolved",
	                                    "outcome", "days", "notes" };

static void request_row(table *t, const goc_request *r)
{
	table_int(t, goc_request_id(r));
	table_int(t, goc_request_org(r));
	table_label(t, "request_category", goc_request_category_str(goc_request_category(r)));
	table_str(t, goc_request_opened(r));
	table_unit(t, goc_request_unit(r));
	table_str(t, goc_request_summary(r));
	table_str(t, goc_request_resolved(r));
	table_str(t, goc_request_outcome(r));
	if (goc_request_days(r) < 0)
		table_null(t);
	else
		table_int(t, goc_request_days(r));
	table_str(t, goc_request_notes(r));
}

static void request_cur(table *t, const goc_cursor *cur)
{
	request_row(t, goc_cursor_request(cur));
}

static int request_get(table *t, goc_db *db, int64_t id)
{
	goc_request *r = NULL;
	int rc = goc_request_get(&r, db, id);
	if (rc == GOC_OK)
		request_row(t, r);
	goc_request_free(r);
	return rc;
}

static const reg requests = { N_("a request"), 10, request_keys, goc_request_list, request_cur, request_get,
	                      "--category", GOC_RESOLVE_REQUEST_CATEGORY, F_UNIT | F_KIND | F_FROM_TO | F_ORG | F_OPEN };

static const char usage_request[] =
	N_("usage: goc request add|list|show|resolve [OPTIONS]\n"
	"\n"
	"Service requests (诉求) of organizations, from receipt to resolution.\n"
	"\n"
	"  add --org ID --category C --opened D --unit U --summary TEXT [--notes T]\n"
	"  list [--unit U] [--category C] [--org ID] [--open|--resolved] [--from D] [--to D]\n"
	"       [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"  show ID [--format text|json]\n"
	"  resolve ID --date D --outcome TEXT\n"
	"\n"
	"C: registration, visa, talent, office, tax, other.\n");
static const char usage_request_add[] =
	N_("usage: goc request add --org ID --category C --opened D --unit U --summary TEXT [--notes T]\n"
	"\n"
	"Record a request of organization ID received on D and assigned to unit U;\n"
	"prints its id.  C: registration, visa, talent, office, tax, other.\n");
static const char usage_request_list[] =
	N_("usage: goc request list [--unit U] [--category C] [--org ID] [--open|--resolved] [--from D] [--to D]\n"
	"                        [--format text|md|csv|json] [-o FILE] [--bom]\n");
static const char usage_request_show[] = N_("usage: goc request show ID [--format text|json]\n");
static const char usage_request_resolve[] =
	N_("usage: goc request resolve ID --date D --outcome TEXT\n"
	"\n"
	"Close a request on date D (not before it was opened) saying what was done.\n");

static int request_add(cli *c, int argc, char **argv)
{
	goc_request_fields f = GOC_REQUEST_FIELDS_INIT;
	const char *org = NULL, *category = NULL;
	const opt opts[] = { { "org", &org, NULL }, { "category", &category, NULL }, { "opened", &f.opened, NULL },
	                     { "unit", &f.unit, NULL }, { "summary", &f.summary, NULL }, { "notes", &f.notes, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_request_add);
	REQUIRE(usage_request_add, "--org, --category, --opened, --unit and --summary are", org, category, f.opened,
	        f.unit, f.summary);
	if (cli_parse_id(&f.org, org, usage_request_add, "an organization") ||
	    cli_check_date(usage_request_add, "--opened", f.opened))
		return EXIT_USAGE;
	if (cli_enum(&f.category, GOC_RESOLVE_REQUEST_CATEGORY, category, "--category", usage_request_add))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	int64_t id = 0;
	if (!db)
		return EXIT_RUNTIME;
	int rc = goc_request_create(&id, db, &f);
	return created(rc, id);
}

static int request_list(cli *c, int argc, char **argv)
{
	return reg_list(c, argc, argv, &requests, usage_request_list);
}

static int request_show(cli *c, int argc, char **argv)
{
	return reg_show(c, argc, argv, &requests, usage_request_show);
}

static int request_resolve(cli *c, int argc, char **argv)
{
	const char *id_s = NULL, *date = NULL, *outcome = NULL;
	const opt opts[] = { { "date", &date, NULL }, { "outcome", &outcome, NULL }, { NULL, NULL, NULL } };
	int64_t id;
	PARSE(argc, argv, opts, &id_s, 1, 1, NULL, usage_request_resolve);
	if (cli_parse_id(&id, id_s, usage_request_resolve, "a request"))
		return EXIT_USAGE;
	REQUIRE(usage_request_resolve, "--date and --outcome are", date, outcome);
	if (cli_check_date(usage_request_resolve, "--date", date))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	return goc_request_resolve(db, id, date, outcome) == GOC_OK ? EXIT_OK : cli_fail();
}

int cmd_request(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "add", request_add }, { "list", request_list }, { "show", request_show },
		                       { "resolve", request_resolve }, { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_request);
}

/* --- progress reports ---------------------------------------------------- */

static const char *const progress_keys[] = { "id", "task", "unit", "period", "date", "status", "percent",
	                                     "text", "evidence", "supersedes", "superseded_by" };

static void progress_row(table *t, const goc_report *r)
{
	table_int(t, goc_report_id(r));
	table_str(t, goc_report_task(r));
	table_unit(t, goc_report_unit(r));
	table_str(t, goc_report_period(r));
	table_str(t, goc_report_date(r));
	table_status(t, goc_task_status_str(goc_report_status(r)));
	if (goc_report_percent(r) == GOC_PERCENT_NONE)
		table_null(t);
	else
		table_int(t, goc_report_percent(r));
	table_str(t, goc_report_text(r));
	table_str(t, goc_report_evidence(r));
	if (goc_report_supersedes(r))
		table_int(t, goc_report_supersedes(r));
	else
		table_null(t);
	if (goc_report_superseded_by(r))
		table_int(t, goc_report_superseded_by(r));
	else
		table_null(t);
}

static const char usage_progress[] =
	N_("usage: goc progress add|list|template|import [OPTIONS]\n"
	"\n"
	"Progress reports of the units on the plan's tasks (append-only; a\n"
	"correction supersedes an earlier report).\n"
	"\n"
	"  add --task T --unit U --period P --date D --status S [--percent N] [--text T]\n"
	"      [--evidence E] [--supersedes ID] [--plan CODE]\n"
	"  list [--plan CODE] [--task T] [--unit U] [--period P] [--all | --latest [--as-of D]]\n"
	"       [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"  template (--unit U | --all-units) --period P -o FILE|DIR/ [--format xlsx|csv]\n"
	"  import FILE... [--sheet NAME] [--encoding E] [--unit U] [--period P]\n"
	"\n"
	"P: 2025, 2025-H1, 2025-Q2 or 2025-06.  S: not_started, in_progress, done,\n"
	"blocked, cancelled.\n");
static const char usage_progress_add[] =
	N_("usage: goc progress add --task T --unit U --period P --date D --status S [--percent N]\n"
	"                        [--text T] [--evidence E] [--supersedes ID] [--plan CODE]\n"
	"\n"
	"Submit unit U's report on task T for period P (2025, 2025-H1, 2025-Q2,\n"
	"2025-06); prints its id.  Only a unit that answers for the task may report.\n"
	"S: not_started, in_progress, done, blocked, cancelled.\n");
static const char usage_progress_list[] =
	N_("usage: goc progress list [--plan CODE] [--task T] [--unit U] [--period P]\n"
	"                         [--all | --latest [--as-of D]] [--format text|md|csv|json] [-o FILE] [--bom]\n"
	"\n"
	"Reports in order of submission, corrected ones left out (--all keeps them);\n"
	"--latest: the latest report of each task and unit, in tree order; with\n"
	"--as-of D, as the record stood on D (reports and corrections dated by then).\n");

static int progress_add(cli *c, int argc, char **argv)
{
	goc_report_fields f = GOC_REPORT_FIELDS_INIT;
	const char *status = NULL, *percent = NULL, *supersedes = NULL;
	f.plan = DEFAULT_PLAN;
	const opt opts[] = { { "plan", &f.plan, NULL }, { "task", &f.task, NULL }, { "unit", &f.unit, NULL },
	                     { "period", &f.period, NULL }, { "date", &f.date, NULL }, { "status", &status, NULL },
	                     { "percent", &percent, NULL }, { "text", &f.text, NULL }, { "evidence", &f.evidence, NULL },
	                     { "supersedes", &supersedes, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_progress_add);
	REQUIRE(usage_progress_add, "--task, --unit, --period, --date and --status are", f.task, f.unit, f.period,
	        f.date, status);
	if (cli_check_date(usage_progress_add, "--date", f.date) ||
	    (supersedes && cli_parse_id(&f.supersedes, supersedes, usage_progress_add, "a report")))
		return EXIT_USAGE;
	if (goc_period_check(f.period) != GOC_OK)
		return cli_usage_error(usage_progress_add, "--period: not a period (2025, 2025-H1, 2025-Q2, 2025-06): %s", f.period);
	if (cli_enum(&f.status, GOC_RESOLVE_TASK_STATUS, status, "--status", usage_progress_add))
		return EXIT_USAGE;
	if (percent) {
		char *end;
		long v = strtol(percent, &end, 10);
		if (*end || end == percent || v < 0 || v > 100)
			return cli_usage_error(usage_progress_add, "--percent: expected 0 to 100: %s", percent);
		f.percent = (int)v;
	}
	goc_db *db = cli_db(c);
	int64_t id = 0;
	if (!db)
		return EXIT_RUNTIME;
	int rc = goc_report_submit(&id, db, &f);
	return created(rc, id);
}

static int progress_list(cli *c, int argc, char **argv)
{
	goc_report_filter fl = GOC_REPORT_FILTER_INIT;
	const char *plan = DEFAULT_PLAN, *format = NULL, *output = NULL, *as_of = NULL;
	int bom = 0, latest = 0;
	const opt opts[] = { { "plan", &plan, NULL }, { "task", &fl.task, NULL }, { "unit", &fl.unit, NULL },
	                     { "period", &fl.period, NULL }, { "all", NULL, &fl.include_superseded },
	                     { "as-of", &as_of, NULL },
	                     { "latest", NULL, &latest }, { "format", &format, NULL }, { "o", &output, NULL },
	                     { "bom", NULL, &bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_progress_list);
	out_format fmt;
	if (out_format_parse(&fmt, format, FMT_ALL))
		return cli_usage_error(usage_progress_list, "unknown format: %s", format);
	if (latest && (fl.include_superseded || fl.period))
		return cli_usage_error(usage_progress_list, "--latest excludes --all and --period");
	if (as_of && !latest)
		return cli_usage_error(usage_progress_list, "--as-of goes with --latest");
	if (cli_check_date(usage_progress_list, "--as-of", as_of))
		return EXIT_USAGE;
	if (fl.period && goc_period_check(fl.period) != GOC_OK)
		return cli_usage_error(usage_progress_list, "--period: not a period (2025, 2025-H1, 2025-Q2, 2025-06): %s", fl.period);
	if (bom && fmt != FMT_CSV)
		return cli_usage_error(usage_progress_list, "--bom applies to --format csv only");
	goc_db *db = cli_db(c);
	goc_cursor *cur = NULL;
	if (!db)
		return EXIT_RUNTIME;
	int rc = !latest ? goc_report_list(&cur, db, plan, &fl)
	         : as_of ? goc_report_latest_as_of(&cur, db, plan, as_of) : goc_report_latest(&cur, db, plan);
	table *t = table_new(11, progress_keys);
	table_names(t, c);
	table_align_right(t, 0);
	table_text_maxwidth(t, 7, 40);
	while (cursor_step(&rc, cur)) {
		const goc_report *r = goc_cursor_report(cur);
		if (latest && ((fl.task && strcmp(fl.task, goc_report_task(r))) || (fl.unit && strcmp(fl.unit, goc_report_unit(r)))))
			continue;
		progress_row(t, r);
	}
	return table_emit_rows(t, cur, rc, output, fmt, bom);
}

int cmd_progress(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "add", progress_add }, { "list", progress_list },
	                               { "template", progress_template }, { "import", progress_import },
	                               { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_progress);
}
