/*
 * goc unit — the responsible units of the register: list them, show one,
 * and set whom to remind (催报: contact person, phone, e-mail).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_unit[] =
	N_("usage: goc unit list|show|set [OPTIONS]\n"
	"\n"
	"  list [--format text|csv|json] [-o FILE]   the units with their contacts\n"
	"  show UNIT [--format text|json]           one unit\n"
	"  set UNIT [--contact NAME] [--phone P] [--email E]\n"
	"                                           whom to remind (\"\" clears a value)\n");
static const char usage_list[] =
	N_("usage: goc unit list [--format text|csv|json] [-o FILE] [--bom]\n");
static const char usage_show[] =
	N_("usage: goc unit show UNIT [--format text|json]\n"
	"\nUNIT: a unit's code, Chinese or English name.\n");
static const char usage_set[] =
	N_("usage: goc unit set UNIT [--contact NAME] [--phone P] [--email E]\n"
	"\n"
	"Whom the reminders (goc report reminders) name for the unit: its contact\n"
	"person (联系人), phone and e-mail.  An option not given keeps its value;\n"
	"an empty one (--phone \"\") clears it.  An administrator's action.\n");

static const char *const keys[] = { "code", "name_zh", "name_en", "kind", "contact", "phone", "email" };

static void unit_row(table *t, const goc_unit *u)
{
	table_str(t, goc_unit_code(u));
	table_str(t, goc_unit_name_zh(u));
	table_str(t, goc_unit_name_en(u));
	table_str(t, goc_unit_kind_str(goc_unit_kind(u)));
	table_str(t, goc_unit_contact(u));
	table_str(t, goc_unit_phone(u));
	table_str(t, goc_unit_email(u));
}

static int unit_list(cli *c, int argc, char **argv)
{
	const char *format = NULL, *output = NULL;
	int bom = 0;
	const opt opts[] = { { "format", &format, NULL }, { "o", &output, NULL }, { "bom", NULL, &bom },
		             { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_list);
	out_format fmt;
	if (out_format_parse(&fmt, format, FMT_LISTING))
		return cli_usage_error(usage_list, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_cursor *cur = NULL;
	int rc = goc_unit_list(&cur, db, 0);
	table *t = table_new(7, keys);
	table_text_hide(t, 2);
	while (cursor_step(&rc, cur))
		unit_row(t, goc_cursor_unit(cur));
	return table_emit_rows(t, cur, rc, output, fmt, bom);
}

static int unit_show(cli *c, int argc, char **argv)
{
	const char *pos[1], *format = NULL;
	const opt opts[] = { { "format", &format, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, pos, 1, 1, NULL, usage_show);
	out_format fmt;
	if (out_format_parse(&fmt, format, (1u << FMT_TEXT) | (1u << FMT_JSON)))
		return cli_usage_error(usage_show, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_unit *u = NULL;
	if (goc_unit_find(&u, db, pos[0]) != GOC_OK)
		return cli_fail();
	table *t = table_new(7, keys);
	unit_row(t, u);
	goc_unit_free(u);
	int rc = table_write_record(t, stdout, fmt, out_use_color(stdout), NULL);
	table_free(t);
	return rc ? EXIT_RUNTIME : EXIT_OK;
}

static int unit_set(cli *c, int argc, char **argv)
{
	const char *pos[1], *contact = NULL, *phone = NULL, *email = NULL;
	const opt opts[] = { { "contact", &contact, NULL }, { "phone", &phone, NULL },
		             { "email", &email, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, pos, 1, 1, NULL, usage_set);
	if (!contact && !phone && !email)
		return cli_usage_error(usage_set, "give --contact, --phone or --email");
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_unit *u = NULL;
	if (goc_unit_find(&u, db, pos[0]) != GOC_OK)
		return cli_fail();
	char *code = strdup(goc_unit_code(u));
	goc_unit_free(u);
	if (!code)
		abort();
	int rc = goc_unit_set_contact(db, code, contact, phone, email);
	free(code);
	return rc == GOC_OK ? EXIT_OK : cli_fail();
}

int cmd_unit(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "list", unit_list }, { "show", unit_show }, { "set", unit_set },
		                       { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_unit);
}
