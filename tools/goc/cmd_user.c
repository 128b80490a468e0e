/*
 * goc user add|list|show|disable|enable|passwd|token — people in the
 * library and their tokens (goc/user.h).  Who may is the library's rule
 * (administrators; a person her own password and tokens).
 *
 * A password is never taken from the command line (other users see argv):
 * on a terminal it is read without echo, twice; otherwise one line of
 * standard input is the password.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static const char usage_user[] =
	N_("usage: goc user add|list|show|disable|enable|passwd|token\n"
	"\n"
	"  add LOGIN --name N --unit U   add a person (password from the terminal or stdin)\n"
	"  list [--unit U]               people, by login\n"
	"  show LOGIN                    one person\n"
	"  disable LOGIN, enable LOGIN   stop or allow her logins and tokens\n"
	"  passwd LOGIN                  set her password\n"
	"  token add|list|revoke         tokens for programs\n"
	"\n"
	"Passwords are never given on the command line: on a terminal they are\n"
	"asked for (twice, not shown); otherwise the first line of standard input\n"
	"is the password.\n");

static const char usage_user_add[] =
	N_("usage: goc user add LOGIN --name NAME --unit UNIT [--phone P] [--email E]\n"
	"\n"
	"LOGIN: 1-64 of a-z 0-9 . _ -.  The password (8-1024 bytes) is asked for on\n"
	"a terminal, or read as one line from standard input.\n");

static const char usage_user_list[] =
	N_("usage: goc user list [--unit UNIT] [--format text|csv|json] [-o FILE] [--bom]\n");

static const char usage_user_show[] =
	N_("usage: goc user show LOGIN [--format text|json]\n");

static const char usage_user_disable[] =
	N_("usage: goc user disable LOGIN\n"
	"\n"
	"She can no longer log in, use a token or act.\n");

static const char usage_user_enable[] =
	N_("usage: goc user enable LOGIN\n");

static const char usage_user_passwd[] =
	N_("usage: goc user passwd LOGIN\n"
	"\n"
	"The new password is asked for on a terminal, or read as one line from\n"
	"standard input.\n");

static const char usage_token[] =
	N_("usage: goc user token add|list|revoke\n"
	"\n"
	"  add LOGIN --label L [--expires DATE]   make a token; printed once\n"
	"  list [LOGIN]                           tokens (never their text)\n"
	"  revoke ID                              revoke a token\n");

static const char usage_token_add[] =
	N_("usage: goc user token add LOGIN --label LABEL [--expires DATE]\n"
	"\n"
	"Prints the token: it is shown this once (libgoc keeps only its SHA-256).\n"
	"--expires: the last day it is valid (YYYY-MM-DD, UTC).\n");

static const char usage_token_list[] =
	N_("usage: goc user token list [LOGIN] [--format text|csv|json] [-o FILE] [--bom]\n");

static const char usage_token_revoke[] =
	N_("usage: goc user token revoke ID\n");

/* ---- passwords ---- */

#define PASSWORD_BUF 1100

/* One line into buf (without its newline); -1 at end of input or when
 * the line is too long. */
static int read_line(FILE *f, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, f))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(f))
		return -1; /* longer than the buffer */
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Ask on the terminal, without echo. */
static int ask(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	int have_tty = tcgetattr(STDIN_FILENO, &old) == 0;
	if (have_tty) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	int rc = read_line(stdin, buf, size);
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* The new password: twice on a terminal, else one line of stdin.  0, or
 * EXIT_RUNTIME after a message. */
static int get_password(char *buf, size_t size, const char *login)
{
	if (isatty(STDIN_FILENO)) {
		char again[PASSWORD_BUF], prompt[128];
		snprintf(prompt, sizeof prompt, _("password for %s: "), login);
		if (ask(prompt, buf, size) != 0 || ask("again: ", again, sizeof again) != 0) {
			fputs(_("goc: no password given\n"), stderr);
			return EXIT_RUNTIME;
		}
		int same = strcmp(buf, again) == 0;
		memset(again, 0, sizeof again);
		if (!same) {
			memset(buf, 0, size);
			fputs(_("goc: the two passwords differ; nothing changed\n"), stderr);
			return EXIT_RUNTIME;
		}
		return 0;
	}
	if (read_line(stdin, buf, size) != 0) {
		fprintf(stderr, _("goc: no password on standard input (one line, at most %zu bytes)\n"),
		        size - 2);
		return EXIT_RUNTIME;
	}
	return 0;
}

/* ---- people ---- */

static const char *const user_keys[] = { "id", "login", "name", "unit", "phone", "email",
	                                 "disabled", "created" };

static void user_row(table *t, const goc_user *u)
{
	table_int(t, goc_user_id(u));
	table_str(t, goc_user_login(u));
	table_str(t, goc_user_name(u));
	table_unit(t, goc_user_unit(u));
	table_str(t, goc_user_phone(u));
	table_str(t, goc_user_email(u));
	table_bool(t, goc_user_disabled(u));
	table_str(t, goc_user_created(u));
}

static int user_add(cli *c, int argc, char **argv)
{
	const char *login = NULL, *name = NULL, *unit = NULL, *phone = NULL, *email = NULL;
	const opt opts[] = { { "name", &name, NULL }, { "unit", &unit, NULL },
	                     { "phone", &phone, NULL }, { "email", &email, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &login, 1, 1, NULL, usage_user_add);
	if (!name || !unit)
		return cli_usage_error(usage_user_add, "--name and --unit required");
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	char pw[PASSWORD_BUF];
	int rc = get_password(pw, sizeof pw, login);
	if (rc)
		return rc;
	goc_user_fields f = GOC_USER_FIELDS_INIT;
	f.login = login;
	f.name = name;
	f.unit = unit;
	f.phone = phone;
	f.email = email;
	int64_t id = 0;
	rc = goc_user_add(&id, db, &f, pw);
	memset(pw, 0, sizeof pw);
	if (rc != GOC_OK)
		return cli_fail();
	printf("%" PRId64 "\n", id);
	return EXIT_OK;
}

static int user_list(cli *c, int argc, char **argv)
{
	const char *unit = NULL, *format = NULL, *output = NULL;
	int bom = 0;
	const opt opts[] = { { "unit", &unit, NULL }, { "format", &format, NULL },
	                     { "o", &output, NULL }, { "bom", NULL, &bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_user_list);
	out_format fmt;
	if (out_format_parse(&fmt, format, FMT_LISTING) != 0)
		return cli_usage_error(usage_user_list, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_cursor *cur = NULL;
	int rc = goc_user_list(&cur, db, unit);
	table *t = table_new(8, user_keys);
	table_names(t, c);
	while (cursor_step(&rc, cur))
		user_row(t, goc_cursor_user(cur));
	return table_emit_rows(t, cur, rc, output, fmt, bom);
}

static int user_show(cli *c, int argc, char **argv)
{
	const char *login = NULL, *format = NULL;
	const opt opts[] = { { "format", &format, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &login, 1, 1, NULL, usage_user_show);
	out_format fmt;
	if (out_format_parse(&fmt, format, (1u << FMT_TEXT) | (1u << FMT_JSON)))
		return cli_usage_error(usage_user_show, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_user *u = NULL;
	if (goc_user_get(&u, db, login) != GOC_OK)
		return cli_fail();
	table *t = table_new(8, user_keys);
	table_names(t, c);
	user_row(t, u);
	goc_user_free(u);
	table_write_record(t, stdout, fmt, fmt == FMT_TEXT && out_use_color(stdout), NULL);
	table_free(t);
	return EXIT_OK;
}

static int set_disabled(cli *c, int argc, char **argv, int disabled, const char *usage)
{
	const char *login = NULL;
	const opt opts[] = { { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &login, 1, 1, NULL, usage);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	if (goc_user_set_disabled(db, login, disabled) != GOC_OK)
		return cli_fail();
	printf("%s %s\n", login, disabled ? "disabled" : "enabled");
	return EXIT_OK;
}

static int user_disable(cli *c, int argc, char **argv)
{
	return set_disabled(c, argc, argv, 1, usage_user_disable);
}

static int user_enable(cli *c, int argc, char **argv)
{
	return set_disabled(c, argc, argv, 0, usage_user_enable);
}

static int user_passwd(cli *c, int argc, char **argv)
{
	const char *login = NULL;
	const opt opts[] = { { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &login, 1, 1, NULL, usage_user_passwd);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	char pw[PASSWORD_BUF];
	int rc = get_password(pw, sizeof pw, login);
	if (rc)
		return rc;
	rc = goc_user_set_password(db, login, pw);
	memset(pw, 0, sizeof pw);
	if (rc != GOC_OK)
		return cli_fail();
	printf(_("password of %s changed\n"), login);
	return EXIT_OK;
}

/* ---- tokens ---- */

static int token_add(cli *c, int argc, char **argv)
{
	const char *login = NULL, *label = NULL, *expires = NULL;
	const opt opts[] = { { "label", &label, NULL }, { "expires", &expires, NULL },
	                     { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &login, 1, 1, NULL, usage_token_add);
	if (!label)
		return cli_usage_error(usage_token_add, "--label required");
	if (cli_check_date(usage_token_add, "--expires", expires))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	char *token = NULL;
	int64_t id = 0;
	if (goc_token_add(&token, &id, db, login, label, expires) != GOC_OK)
		return cli_fail();
	printf("%s\n", token);
	fprintf(stderr, "goc: token %" PRId64 " for %s: shown this once, keep it safe\n", id,
	        login);
	goc_free(token);
	return EXIT_OK;
}

static int token_list(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "id", "login", "label", "created", "expires",
		                            "revoked", "last_used" };
	const char *login = NULL, *format = NULL, *output = NULL;
	int bom = 0;
	const opt opts[] = { { "format", &format, NULL }, { "o", &output, NULL },
	                     { "bom", NULL, &bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &login, 0, 1, NULL, usage_token_list);
	out_format fmt;
	if (out_format_parse(&fmt, format, FMT_LISTING) != 0)
		return cli_usage_error(usage_token_list, "unknown format: %s", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_cursor *cur = NULL;
	int rc = goc_token_list(&cur, db, login);
	table *t = table_new(7, keys);
	while (cursor_step(&rc, cur)) {
		const goc_token *k = goc_cursor_token(cur);
		table_int(t, goc_token_id(k));
		table_str(t, goc_token_login(k));
		table_str(t, goc_token_label(k));
		table_str(t, goc_token_created(k));
		table_str(t, goc_token_expires(k));
		table_bool(t, goc_token_revoked(k));
		table_str(t, goc_token_last_used(k));
	}
	return table_emit_rows(t, cur, rc, output, fmt, bom);
}

static int token_revoke(cli *c, int argc, char **argv)
{
	const char *id_s = NULL;
	const opt opts[] = { { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, &id_s, 1, 1, NULL, usage_token_revoke);
	int64_t id;
	if (cli_parse_id(&id, id_s, usage_token_revoke, "a token"))
		return EXIT_USAGE;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	if (goc_token_revoke(db, id) != GOC_OK)
		return cli_fail();
	printf("token %" PRId64 " revoked\n", id);
	return EXIT_OK;
}

static int user_token(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "add", token_add }, { "list", token_list },
		                       { "revoke", token_revoke }, { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_token);
}

int cmd_user(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "add", user_add }, { "list", user_list },
		                       { "show", user_show }, { "disable", user_disable },
		                       { "enable", user_enable }, { "passwd", user_passwd },
		                       { "token", user_token }, { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_user);
}

/* ---- the demonstration's accounts (goc demo) ---- */

/* Login, unit: password "demo-LOGIN-2025".  commerce (商务委) is made the
 * demo's administrator unit. */
static const struct {
	const char *login, *name, *unit;
} demo_accounts[] = {
	{ "admin", "商务委管理员", "commerce" },
	{ "police", "公安分局演示用户", "police" },
	{ "scitech", "科经委演示用户", "scitech" },
	{ "financial", "金融局演示用户", "financial" },
	{ "ftz", "自贸区管理局演示用户", "ftz-bureau" },
};

int demo_accounts_make(goc_db *db)
{
	if (goc_unit_set_access(db, "commerce", GOC_ACCESS_ADMIN) != GOC_OK)
		return -1;
	for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++) {
		char pw[64];
		snprintf(pw, sizeof pw, "demo-%s-2025", demo_accounts[i].login);
		goc_user *u = NULL;
		int rc = goc_user_get(&u, db, demo_accounts[i].login);
		goc_user_free(u);
		if (rc == GOC_ENOTFOUND) {
			goc_user_fields f = GOC_USER_FIELDS_INIT;
			f.login = demo_accounts[i].login;
			f.name = demo_accounts[i].name;
			f.unit = demo_accounts[i].unit;
			rc = goc_user_add(NULL, db, &f, pw);
		}
		if (rc != GOC_OK)
			return -1;
	}
	return 0;
}

void demo_accounts_print(FILE *f)
{
	fputs(_("\ndemo accounts (login, password, unit):\n"), f);
	for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++)
		fprintf(f, "  %-10s demo-%s-2025%*s %s%s\n", demo_accounts[i].login,
		        demo_accounts[i].login, (int)(10 - strlen(demo_accounts[i].login)), "",
		        demo_accounts[i].unit, i == 0 ? " (administrator)" : "");
}
