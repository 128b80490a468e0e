/*
 * goc — the libgoc command-line tool: global options and dispatch, option
 * parsing and error reporting shared by the commands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "dossier.h"

const char *cli_lang = "en";

static const char usage_main[] =
	N_("usage: goc [--db FILE] [--actor UNIT] [--readonly] [--raw] [--lang zh|en] COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  init                     create the database and load the built-in plan\n"
	"  demo                     load the demonstration data and print the scorecard\n"
	"  plan load|show|export|import|set\n"
	"  task status|update       set a task's status, amend its wording or due date\n"
	"  org list|add|show|stage|review|review-request|review-requests|hq|import\n"
	"  report scorecard|kpis|matrix|overdue|compliance|dossier|reminders\n"
	"  partner add|list|show    the partner network (合作伙伴)\n"
	"  expert add|list|show     the think tank (专家库)\n"
	"  event add|list|show      conferences, forums, promotions\n"
	"  request add|list|show|resolve   service requests (诉求)\n"
	"  progress add|list|template|import   progress reports; templates to fill\n"
	"  export orgs              organizations as Popolo JSON or CSV\n"
	"  audit list|head|verify   the audit trail and its hash chain\n"
	"  access UNIT [ROLE]       a unit's access role (admin, unit or viewer), --reviewer\n"
	"  unit list|show|set       the responsible units and whom to remind (联系人)\n"
	"  user add|list|show|disable|enable|passwd|token   people and their tokens\n"
	"\n"
	"options:\n"
	"  --db FILE    the database (default: $GOC_DB, else ./goc.db)\n"
	"  --actor UNIT act as this unit, with its access role (default: $GOC_ACTOR,\n"
	"               else the system actor, an administrator)\n"
	"  --readonly   open the database read-only: every write fails; works\n"
	"               in a folder or on a medium that cannot be written\n"
	"  --raw        CSV cells as they are: no apostrophe before a leading\n"
	"               = + - @ tab or CR (the guard against spreadsheet formulas)\n"
	"  --lang zh|en the language of help, messages and tables (default: Chinese\n"
	"               when LANGUAGE, LC_ALL, LC_MESSAGES or LANG begins with zh)\n"
	"  --help       this help; `goc COMMAND --help` for a command's\n"
	"  --version    print the version\n");

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	fputs("goc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	/* the short usage: the text up to its first blank line */
	usage = _(usage);
	const char *end = strstr(usage, "\n\n");
	fwrite(usage, 1, end ? (size_t)(end - usage) + 1 : strlen(usage), stderr);
	fputs(_("(--help for more)\n"), stderr);
	return EXIT_USAGE;
}

int cli_fail(void)
{
	const char *m = goc_error_message();
	fprintf(stderr, "goc: %s\n", *m ? m : _(goc_strerror(goc_error_last())));
	return EXIT_RUNTIME;
}

/* The handle of the command being run (cli_parse() resolves options on it),
 * and the codes resolved, freed when the command is over. */
static cli *current;
static char **resolved;
static size_t n_resolved, cap_resolved;
static const char *keep(char *code)
{
	if (n_resolved == cap_resolved) {
		cap_resolved = cap_resolved ? 2 * cap_resolved : 8;
		resolved = realloc(resolved, cap_resolved * sizeof *resolved);
		if (!resolved)
			abort();
	}
	resolved[n_resolved++] = code;
	return code;
}

static void resolved_free(void)
{
	while (n_resolved > 0)
		goc_free(resolved[--n_resolved]);
	free(resolved);
	resolved = NULL;
	cap_resolved = 0;
}

/* The library's message without its leading "KIND: " (the option is named
 * instead). */
static const char *without_kind(int kind)
{
	const char *m = goc_error_message(), *k = goc_resolve_kind_str(kind);
	size_t n = k ? strlen(k) : 0;
	return k && !strncmp(m, k, n) && m[n] == ':' && m[n + 1] == ' ' ? m + n + 2 : m;
}

int cli_resolve(cli *c, int kind, const char *plan, const char **val, const char *what,
                const char *usage)
{
	if (!val || !*val)
		return 0;
	int vocab = kind >= GOC_RESOLVE_UNIT_KIND;
	goc_db *db = NULL;
	if (!vocab && !(db = c->db ? c->db : cli_db(c)))
		return EXIT_RUNTIME;
	char *code = NULL;
	if (goc_resolve(&code, db, (enum goc_resolve_kind)kind, plan, *val) != GOC_OK) {
		if (vocab && usage)
			return cli_usage_error(usage, "%s: %s", what, without_kind(kind));
		fprintf(stderr, "goc: %s: %s\n", what, without_kind(kind));
		return vocab ? EXIT_USAGE : EXIT_RUNTIME;
	}
	*val = keep(code);
	return 0;
}

int cli_enum(int *out, int kind, const char *text, const char *what, const char *usage)
{
	if (goc_resolve_enum(out, (enum goc_resolve_kind)kind, text) != GOC_OK)
		return cli_usage_error(usage, "%s: %s", what, without_kind(kind));
	return 0;
}

goc_db *cli_db(cli *c)
{
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	o.flags = c->readonly ? GOC_OPEN_READONLY : 0;
	if (!c->db && goc_db_open_ext(&c->db, c->db_path, &o) != GOC_OK) {
		cli_fail();
		return NULL;
	}
	if (goc_db_set_lang(c->db, cli_lang) != GOC_OK) {
		cli_fail();
		return NULL;
	}
	if (c->actor && *c->actor && !c->actor_set) {
		/* --actor 商务委 as well as --actor commerce */
		char *code = NULL;
		if (goc_resolve(&code, c->db, GOC_RESOLVE_UNIT, NULL, c->actor) != GOC_OK) {
			fprintf(stderr, "goc: --actor: %s\n", without_kind(GOC_RESOLVE_UNIT));
			return NULL;
		}
		c->actor = keep(code);
		if (goc_db_set_actor(c->db, c->actor) != GOC_OK) {
			cli_fail();
			return NULL;
		}
		c->actor_set = 1;
	}
	return c->db;
}

int cli_check_date(const char *usage, const char *name, const char *date)
{
	if (date && goc_date_check(date) != GOC_OK)
		return cli_usage_error(usage, "%s: not a date (YYYY-MM-DD): %s", name, date);
	return 0;
}

int cli_parse_id(int64_t *out, const char *s, const char *usage, const char *what)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v <= 0)
		return cli_usage_error(usage, "not %s id: %s", _(what), s);
	*out = v;
	return 0;
}

const char *cli_today(void)
{
	static char buf[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return buf;
}

static const opt *find_opt(const opt *opts, const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

int cli_parse(int argc, char **argv, const opt *opts, const char **pos,
              int minpos, int maxpos, int *npos, const char *usage)
{
	int n = 0, only_pos = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (n >= maxpos)
				return cli_usage_error(usage, "unexpected argument: %s", a);
			pos[n++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(_(usage), stdout);
			return -1;
		}
		const char *name = a + (a[1] == '-' ? 2 : 1);
		const char *eq = a[1] == '-' ? strchr(name, '=') : NULL;
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const opt *o = (a[1] == '-' || len == 1) ? find_opt(opts, name, len) : NULL;
		if (!o || (a[1] != '-' && strlen(o->name) != 1) || (a[1] == '-' && strlen(o->name) == 1))
			return cli_usage_error(usage, "unknown option: %s", a);
		if (o->flag) {
			if (eq)
				return cli_usage_error(usage, "option --%s takes no value", o->name);
			*o->flag = 1;
		} else if (eq) {
			*o->val = eq + 1;
		} else if (i + 1 < argc) {
			*o->val = argv[++i];
		} else {
			return cli_usage_error(usage, "option %s needs a value", a);
		}
	}
	if (n < minpos)
		return cli_usage_error(usage, "missing argument");
	if (npos)
		*npos = n;
	/* the options that name a record or a word the same way in every
	 * command take its code or its name (goc_resolve()); --task and
	 * --kpi in the command's --plan, if it has one */
	static const struct {
		const char *name;
		int kind;
	} named[] = {
		{ "zone", GOC_RESOLVE_ZONE }, { "unit", GOC_RESOLVE_UNIT },
		{ "stage", GOC_RESOLVE_STAGE }, { "origin", GOC_RESOLVE_ORIGIN },
		{ "task", GOC_RESOLVE_TASK }, { "kpi", GOC_RESOLVE_KPI },
		{ "actor", GOC_RESOLVE_UNIT }, { "co-organizer", GOC_RESOLVE_UNIT },
	};
	const opt *plan_opt = find_opt(opts, "plan", 4);
	const char **plan = plan_opt ? plan_opt->val : NULL;
	for (const opt *o = opts; o && o->name; o++) {
		if (!o->val || !*o->val)
			continue;
		for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
			if (strcmp(o->name, named[k].name) != 0)
				continue;
			if (named[k].kind == GOC_RESOLVE_UNIT && !strcmp(o->name, "actor") &&
			    !strcmp(*o->val, "system"))
				break;
			char what[40];
			snprintf(what, sizeof what, "--%s", o->name);
			int rc = cli_resolve(current, named[k].kind, plan ? *plan : NULL, o->val, what, usage);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int cli_dispatch(cli *c, int argc, char **argv, const subcmd *subs, const char *usage)
{
	if (argc < 1)
		return cli_usage_error(usage, "missing subcommand");
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		fputs(_(usage), stdout);
		return EXIT_OK;
	}
	for (; subs->name; subs++)
		if (!strcmp(argv[0], subs->name))
			return subs->fn(c, argc - 1, argv + 1);
	return cli_usage_error(usage, "unknown subcommand: %s", argv[0]);
}

/* "zh" when s names Chinese (zh, zh_CN, zh-TW.UTF-8 …), "en" for English
 * or C/POSIX, NULL otherwise. */
static const char *lang_of(const char *s)
{
	if (!s || !*s)
		return NULL;
	if (!strcmp(s, "C") || !strncmp(s, "C.", 2) || !strcmp(s, "POSIX"))
		return "en";
	if ((s[0] == 'z' && s[1] == 'h') || (s[0] == 'e' && s[1] == 'n')) {
		char sep = s[2];
		if (sep == '\0' || sep == '_' || sep == '-' || sep == '.' || sep == '@' || sep == ':')
			return s[0] == 'z' ? "zh" : "en";
	}
	return NULL;
}

/* The language: --lang among the global options, else the environment as
 * gettext reads it (LANGUAGE's first entry, LC_ALL, LC_MESSAGES, LANG);
 * English when none names Chinese.  -1 after a usage error. */
static int lang_choose(int argc, char **argv)
{
	cli_lang = "en";
	for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v = NULL;
		if (!strcmp(a, "--lang")) {
			if (i + 1 >= argc) {
				cli_usage_error(usage_main, "option --lang needs a value");
				return -1;
			}
			v = argv[i + 1];
		} else if (!strncmp(a, "--lang=", 7)) {
			v = a + 7;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--actor")) {
			i++;
			continue;
		} else {
			continue;
		}
		const char *l = !strcmp(v, "zh") || !strcmp(v, "en") ? v : NULL;
		if (!l) {
			cli_usage_error(usage_main, "--lang: unknown language '%s' (zh or en)", v);
			return -1;
		}
		cli_lang = l;
		return 0;
	}
	const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++) {
		const char *v = getenv(vars[k]);
		if (v && *v) {
			const char *l = lang_of(v);
			if (k == 0 && !l)
				continue; /* a LANGUAGE list of other languages: the locale decides */
			cli_lang = l && !strcmp(l, "zh") ? "zh" : "en";
			return 0;
		}
	}
	return 0;
}

const char *cli_name_zh(cli *c, const char *code)
{
	if (!code)
		return NULL;
	if (!c->names) {
		goc_db *db = cli_db(c);
		if (!db || dossier_read_names(&c->names, db) != GOC_OK)
			return NULL; /* the codes are shown, the command's own read reports the error */
	}
	const dz_name *n = dossier_unit(c->names, code);
	if (!n)
		n = dossier_zone(c->names, code);
	if (!n)
		n = dossier_group(c->names, code);
	return n ? n->name_zh : NULL;
}

static int run(int argc, char **argv)
{
	if (lang_choose(argc, argv) != 0)
		return EXIT_USAGE;
	cli c = { NULL, NULL, NULL, 0, 0, NULL };
	current = &c;
	int i = 1, raw = 0, actor_given = 0;
	c.db_path = getenv("GOC_DB");
	c.actor = getenv("GOC_ACTOR");
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(_(usage_main), stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("goc %s\n", goc_version());
			return EXIT_OK;
		} else if (!strcmp(a, "--db") && i + 1 < argc) {
			c.db_path = argv[++i];
		} else if (!strncmp(a, "--db=", 5)) {
			c.db_path = a + 5;
		} else if (!strcmp(a, "--db")) {
			return cli_usage_error(usage_main, "option --db needs a value");
		} else if (!strcmp(a, "--actor") && i + 1 < argc) {
			c.actor = argv[++i];
			actor_given = 1;
		} else if (!strncmp(a, "--actor=", 8)) {
			c.actor = a + 8;
			actor_given = 1;
		} else if (!strcmp(a, "--actor")) {
			return cli_usage_error(usage_main, "option --actor needs a value");
		} else if (!strcmp(a, "--lang") || !strncmp(a, "--lang=", 7)) {
			i += a[6] == '\0'; /* the value was checked by lang_choose() */
		} else if (!strcmp(a, "--readonly")) {
			c.readonly = 1;
		} else if (!strcmp(a, "--raw")) {
			raw = 1;
		} else {
			return cli_usage_error(usage_main, "unknown option: %s", a);
		}
	}
	if (!c.db_path || !*c.db_path)
		c.db_path = "goc.db";
	/* an empty actor is no actor at all, i.e. the administrator: refused,
	 * so that a script whose variable came out empty does not act as one */
	if (c.actor && !*c.actor)
		return cli_usage_error(usage_main, "%s: the acting unit is empty (name a unit;"
		                       " leave the option and GOC_ACTOR out to act as the system"
		                       " administrator)", actor_given ? "--actor" : "GOC_ACTOR");
	out_setup(c.db_path, raw);
	if (i >= argc)
		return cli_usage_error(usage_main, "missing command");

	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **);
	} cmds[] = {
		{ "init", cmd_init }, { "demo", cmd_demo }, { "plan", cmd_plan }, { "task", cmd_task },
		{ "org", cmd_org }, { "report", cmd_report }, { "export", cmd_export },
		{ "partner", cmd_partner }, { "expert", cmd_expert }, { "event", cmd_event },
		{ "request", cmd_request }, { "progress", cmd_progress },
		{ "audit", cmd_audit }, { "access", cmd_access }, { "user", cmd_user }, { "unit", cmd_unit },
	};
	int rc = -1;
	for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
		if (!strcmp(argv[i], cmds[k].name))
			rc = cmds[k].fn(&c, argc - i - 1, argv + i + 1);
	if (rc == -1)
		rc = cli_usage_error(usage_main, "unknown command: %s", argv[i]);
	dossier_free(c.names);
	goc_db_close(c.db);
	resolved_free();
	current = NULL;
	return rc;
}

int main(int argc, char **argv)
{
	return out_finish(run(argc, argv));
}
