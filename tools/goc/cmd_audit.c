/*
 * goc audit list|head|verify, goc access — the audit trail and the access
 * roles of units (goc/audit.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_audit[] =
	N_("usage: goc audit list|head|verify\n"
	"\n"
	"  list     the audit trail: every change and refusal\n"
	"  head     the last record's sequence number and hash (keep it elsewhere)\n"
	"  verify   check the hash chain; exit 1 naming the first bad record\n");

static const char usage_audit_list[] =
	N_("usage: goc audit list [--actor UNIT|system] [--kind KIND [--id ID]] [--action ACTION]\n"
	"                      [--denied] [--after SEQ] [--format text|csv|json] [-o FILE] [--bom]\n"
	"\n"
	"Records in sequence order.  --actor system selects the system actor's;\n"
	"--denied only refusals.  JSON rows carry the object before and after.\n");

static const char usage_audit_head[] =
	N_("usage: goc audit head [--format text|json]\n"
	"\n"
	"Prints SEQ:HASH, the anchor to pass to `goc audit verify --anchor`.\n");

static const char usage_audit_verify[] =
	N_("usage: goc audit verify [--anchor SEQ:HASH]\n"
	"\n"
	"Recomputes the SHA-256 chain.  Exit 0 if intact; 1 with the first bad\n"
	"sequence number if a record was edited, deleted, inserted or reordered,\n"
	"or if the trail no longer holds the anchored record.\n");

static const char usage_access[] =
	N_("usage: goc access UNIT [admin|unit|viewer] [--reviewer yes|no]\n"
	"\n"
	"Print a unit's access role (and \"reviewer\" for a reviewing unit, one that\n"
	"records risk reviews), or set them (administrators only).\n");

static int audit_list(cli *c, int argc, char **argv)
{
	static const char *const keys[] = { "seq", "time", "actor", "action", "object_kind",
		                            "object_id", "outcome", "detail", "before", "after",
		                            "hash" };
	const char *actor = NULL, *kind = NULL, *id = NULL, *action = NULL, *after = NULL,
		   *format = NULL, *output = NULL;
	int denied = 0, bom = 0;
	const opt opts[] = { { "actor", &actor, NULL }, { "kind", &kind, NULL }, { "id", &id, NULL },
	                     { "action", &action, NULL }, { "denied", NULL, &denied },
	                     { "after", &after, NULL }, { "format", &format, NULL },
	                     { "o", &output, NULL }, { "bom", NULL, &bom }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_audit_list);
	out_format fmt;
	if (out_format_parse(&fmt, format, FMT_LISTING) != 0)
		return cli_usage_error(usage_audit_list, "unknown format: %s", format);
	if (id && !kind)
		return cli_usage_error(usage_audit_list, "--id needs --kind");
	goc_audit_filter f = GOC_AUDIT_FILTER_INIT;
	if (after) {
		int64_t seq = 0;
		int rc = cli_parse_id(&seq, after, usage_audit_list, "a sequence");
		if (rc)
			return rc;
		f.after_seq = seq;
	}
	f.actor = actor && !strcmp(actor, "system") ? "" : actor;
	f.object_kind = kind;
	f.object_id = id;
	f.action = action;
	f.outcome = denied ? GOC_AUDIT_DENIED : 0;
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_cursor *cur = NULL;
	int rc = goc_audit_list(&cur, db, &f);
	table *t = table_new(11, keys);
	table_names(t, c);
	while (cursor_step(&rc, cur)) {
		const goc_audit_record *r = goc_cursor_audit(cur);
		table_int(t, goc_audit_seq(r));
		table_str(t, goc_audit_time(r));
		table_unit(t, goc_audit_actor(r) ? goc_audit_actor(r) : "system");
		table_str(t, goc_audit_action(r));
		table_str(t, goc_audit_object_kind(r));
		table_str(t, goc_audit_object_id(r));
		const char *outcome = goc_audit_outcome_str(goc_audit_outcome(r));
		table_status(t, outcome ? outcome : "?");
		table_str(t, goc_audit_detail(r));
		table_str(t, goc_audit_before(r));
		table_str(t, goc_audit_after(r));
		table_str(t, goc_audit_hash(r));
	}
	goc_cursor_free(cur);
	if (rc != GOC_DONE) {
		table_free(t);
		return cli_fail();
	}
	/* the rows as JSON text are for scripts: text shows the refusal */
	table_text_hide(t, 8);
	table_text_hide(t, 9);
	table_text_hide(t, 10);
	table_text_maxwidth(t, 7, 60);
	return table_emit(t, output, fmt, bom);
}

static int audit_head(cli *c, int argc, char **argv)
{
	const char *format = NULL;
	const opt opts[] = { { "format", &format, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_audit_head);
	int json = format && !strcmp(format, "json");
	if (format && !json && strcmp(format, "text"))
		return cli_usage_error(usage_audit_head, "unknown format: %s (text or json)", format);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	int64_t seq = 0;
	char hash[65];
	if (goc_audit_head(&seq, hash, db) != GOC_OK)
		return cli_fail();
	if (json) {
		json_t *o = json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "hash", hash);
		json_write(o, stdout);
		json_decref(o);
	} else {
		printf("%lld:%s\n", (long long)seq, hash);
	}
	return EXIT_OK;
}

static int audit_verify(cli *c, int argc, char **argv)
{
	const char *anchor = NULL;
	const opt opts[] = { { "anchor", &anchor, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, NULL, 0, 0, NULL, usage_audit_verify);
	int64_t anchor_seq = 0;
	const char *anchor_hash = NULL;
	char seqtext[24];
	if (anchor) {
		const char *colon = strchr(anchor, ':');
		size_t n = colon ? (size_t)(colon - anchor) : 0;
		if (!colon || n == 0 || n >= sizeof seqtext)
			return cli_usage_error(usage_audit_verify, "--anchor: expected SEQ:HASH, not %s",
			                       anchor);
		memcpy(seqtext, anchor, n);
		seqtext[n] = '\0';
		int rc = cli_parse_id(&anchor_seq, seqtext, usage_audit_verify, "a sequence");
		if (rc)
			return rc;
		anchor_hash = colon + 1;
	}
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	int64_t checked = 0, bad = 0;
	int rc = goc_audit_verify(&checked, &bad, db, anchor_seq, anchor_hash);
	if (rc == GOC_EINVAL)
		return cli_usage_error(usage_audit_verify, "%s", goc_error_message());
	if (rc != GOC_OK)
		return cli_fail();
	printf(anchor ? _("audit trail intact: %lld records, anchor found\n")
	              : _("audit trail intact: %lld records\n"), (long long)checked);
	return EXIT_OK;
}

int cmd_audit(cli *c, int argc, char **argv)
{
	static const subcmd subs[] = { { "list", audit_list }, { "head", audit_head },
		                       { "verify", audit_verify }, { NULL, NULL } };
	return cli_dispatch(c, argc, argv, subs, usage_audit);
}

int cmd_access(cli *c, int argc, char **argv)
{
	const char *pos[2] = { NULL, NULL }, *reviewer = NULL;
	int npos = 0;
	const opt opts[] = { { "reviewer", &reviewer, NULL }, { NULL, NULL, NULL } };
	PARSE(argc, argv, opts, pos, 1, 2, &npos, usage_access);
	int role = 0, yes = 0;
	if (npos == 2 && cli_enum(&role, GOC_RESOLVE_ACCESS, pos[1], "ROLE", usage_access))
		return EXIT_USAGE;
	if (reviewer && strcmp(reviewer, "yes") != 0 && strcmp(reviewer, "no") != 0)
		return cli_usage_error(usage_access, "--reviewer: expected yes or no, not %s", reviewer);
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	int rrc = cli_resolve(c, GOC_RESOLVE_UNIT, NULL, &pos[0], "UNIT", NULL);
	if (rrc)
		return rrc;
	if (npos == 2 && goc_unit_set_access(db, pos[0], role) != GOC_OK)
		return cli_fail();
	if (reviewer && goc_unit_set_reviewer(db, pos[0], strcmp(reviewer, "yes") == 0) != GOC_OK)
		return cli_fail();
	if (goc_unit_access(&role, db, pos[0]) != GOC_OK ||
	    goc_unit_is_reviewer(&yes, db, pos[0]) != GOC_OK)
		return cli_fail();
	printf("%s %s%s\n", pos[0], goc_access_str(role), yes ? " reviewer" : "");
	return EXIT_OK;
}
