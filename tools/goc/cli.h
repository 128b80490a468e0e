/*
 * goc — the libgoc command-line tool.  Shared declarations: option parsing,
 * the database, error reporting and the output tables (output.c).
 *
 * Built on the public API alone (<goc.h>).
 */
#ifndef GOC_CLI_H
#define GOC_CLI_H

#include <stdio.h>
#include <jansson.h>
#include <goc.h>

/* The language of the tool's texts and of the library's messages: "zh" or
 * "en" (main.c: --lang, else the environment's LANGUAGE, LC_ALL,
 * LC_MESSAGES or LANG beginning with "zh").  _(s) is s in that language
 * from libgoc's catalogue (goc_translate()); N_(s) marks a literal for the
 * catalogue (po/README.md) where it cannot be translated on the spot. */
extern const char *cli_lang;
#define _(s) goc_translate(cli_lang, s)
#define N_(s) s
/* Whether the output is in Chinese (--lang zh or a Chinese locale). */
#define CLI_ZH (cli_lang[0] == 'z')

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

#define DEFAULT_PLAN "pudong-goc-2024"

/* Global state set up by main.c. */
typedef struct cli {
	const char *db_path; /* --db, GOC_DB or "goc.db" */
	goc_db *db;          /* opened on demand by cli_db() */
	const char *actor;   /* --actor or GOC_ACTOR: the acting unit, or NULL */
	int actor_set;       /* the actor was set on db */
	int readonly;        /* --readonly: opened with GOC_OPEN_READONLY */
	struct dossier *names; /* units' and zones' names, read once by cli_name_zh() */
} cli;

/* --- options (main.c) --------------------------------------------------- */

/* One option of a command: "--name" (or "-x" when name is one letter).
 * Options with an argument store it in *val; flags set *flag to 1. */
typedef struct opt {
	const char *name;
	const char **val;
	int *flag;
} opt;

/* Parse argv[0..argc) (the words after the command) into options and up to
 * maxpos positionals.  --help prints usage to stdout.
 * Returns 0 to go on, -1 after --help (exit 0), EXIT_USAGE on an error
 * (message and usage on stderr). */
int cli_parse(int argc, char **argv, const opt *opts, const char **pos,
              int minpos, int maxpos, int *npos, const char *usage);

/* A usage error: "goc: MESSAGE" and the usage on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...);
/* A runtime error from the library: "goc: <message>"; returns EXIT_RUNTIME. */
int cli_fail(void);
/* The database, opened (and created) on first use; NULL after cli_fail(). */
goc_db *cli_db(cli *c);
/* The Chinese name of a unit, zone or group (in that order), as the
 * library lists them (the workbook's names: dossier_read_names(), read
 * once), or NULL for a code that is none, or when they cannot be read. */
const char *cli_name_zh(cli *c, const char *code);
/* Resolve what a person typed (a code, a Chinese or English name, a label,
 * the plan's numbering "(1)") to a code with goc_resolve(), in place:
 * *val then points to the code (valid until the command ends).  NULL
 * *val is left alone.  plan: for tasks and KPIs (NULL: every plan).
 * 0, or the exit status after "goc: WHAT: <message>" on stderr (for a
 * vocabulary's word a usage error, with the short usage when usage is not
 * NULL; for a record a runtime error).  cli_parse() calls it for
 * the options --zone, --unit, --stage, --origin, --task, --kpi, --actor
 * and --co-organizer; commands call it for the others (--category, --kind, --status
 * …) and for positional arguments. */
int cli_resolve(cli *c, int kind, const char *plan, const char **val, const char *what,
                const char *usage);
/* A vocabulary's word as typed (in_progress, 推进中, 进行中 …) to its value
 * with goc_resolve_enum(): 0, or EXIT_USAGE after the message (and the
 * short usage). */
int cli_enum(int *out, int kind, const char *text, const char *what, const char *usage);
/* Check a date option (usage error if malformed); NULL is accepted. */
int cli_check_date(const char *usage, const char *name, const char *date);
/* Parse a positive record id (usage error "not WHAT id: S" otherwise). */
int cli_parse_id(int64_t *out, const char *s, const char *usage, const char *what);
/* Today's date in local time as YYYY-MM-DD (static buffer). */
const char *cli_today(void);

/* Parse options; on help or error return from the calling command. */
#define PARSE(argc, argv, opts, pos, minpos, maxpos, npos, usage) do { \
		int parse_rc_ = cli_parse(argc, argv, opts, pos, minpos, maxpos, npos, usage); \
		if (parse_rc_ != 0) \
			return parse_rc_ < 0 ? EXIT_OK : parse_rc_; \
	} while (0)

/* Step a cursor opened with status *rc (GOC_OK): nonzero while on a row.
 * Afterwards *rc is GOC_DONE, or the error of the open or of a step. */
static inline int cursor_step(int *rc, goc_cursor *cur)
{
	if (*rc == GOC_OK || *rc == GOC_ROW)
		*rc = goc_cursor_next(cur);
	return *rc == GOC_ROW;
}

/* Subcommands of a command group. */
typedef struct subcmd {
	const char *name;
	int (*fn)(cli *c, int argc, char **argv);
} subcmd;
/* Run the subcommand named by argv[0]; --help prints usage. */
int cli_dispatch(cli *c, int argc, char **argv, const subcmd *subs, const char *usage);

/* The units answering for a task, joined by ", ", leads marked "*"
 * (malloc'd; NULL on error).  In cmd_plan.c. */
char *task_units_text(goc_db *db, const char *plan, const char *task, unsigned int flags);

/* A whole file, NUL-terminated, malloc'd (*len without the NUL); NULL after
 * printing "goc: PATH: why" on stderr, also for a file of more than
 * GOC_IMPORT_MAX_BYTES (reading stops there: /dev/zero is refused).
 * In io.c. */
char *read_file(const char *path, size_t *len);

/* A task's Chinese title, or for a work item (which has none) its text. */
const char *task_title(const goc_task *task);

int cmd_init(cli *c, int argc, char **argv);
int cmd_demo(cli *c, int argc, char **argv);
int cmd_plan(cli *c, int argc, char **argv);
int cmd_task(cli *c, int argc, char **argv);
int cmd_org(cli *c, int argc, char **argv);
int cmd_report(cli *c, int argc, char **argv);
int cmd_export(cli *c, int argc, char **argv);
int cmd_partner(cli *c, int argc, char **argv);
int cmd_expert(cli *c, int argc, char **argv);
int cmd_event(cli *c, int argc, char **argv);
int cmd_request(cli *c, int argc, char **argv);
int cmd_progress(cli *c, int argc, char **argv);
/* goc progress template|import (cmd_progress.c) */
int progress_template(cli *c, int argc, char **argv);
int progress_import(cli *c, int argc, char **argv);
int cmd_audit(cli *c, int argc, char **argv);
int cmd_access(cli *c, int argc, char **argv);
int cmd_user(cli *c, int argc, char **argv);
int cmd_unit(cli *c, int argc, char **argv);
/* The demonstration's people (cmd_user.c): commerce becomes the admin
 * unit; admin, police, scitech, financial, ftz with password
 * "demo-LOGIN-2025", added if missing.  0, or -1 (the library's error). */
int demo_accounts_make(goc_db *db);
/* Their list, for `goc demo`'s output. */
void demo_accounts_print(FILE *f);

/* --- output (output.c) -------------------------------------------------- */

/* HTML and XLSX are whole-plan documents of `report scorecard` (report.h). */
typedef enum out_format { FMT_TEXT, FMT_MD, FMT_CSV, FMT_JSON, FMT_HTML, FMT_XLSX } out_format;

/* Parse a --format value among the formats allowed by mask (1 << FMT_…);
 * NULL gives FMT_TEXT.  Returns 0 or -1. */
int out_format_parse(out_format *out, const char *name, unsigned int mask);
#define FMT_ALL ((1u << FMT_TEXT) | (1u << FMT_MD) | (1u << FMT_CSV) | (1u << FMT_JSON))
#define FMT_DOCS ((1u << FMT_HTML) | (1u << FMT_XLSX))
#define FMT_LISTING ((1u << FMT_TEXT) | (1u << FMT_CSV) | (1u << FMT_JSON))

/* Display width of UTF-8 text (East Asian wide characters count 2,
 * combining marks 0). */
int text_width(const char *s);

/* A copy of s cut to at most width display columns, ending in "…" when
 * cut (malloc'd). */
char *text_truncate(const char *s, int width);

/* Whether to colour output on stream f: a terminal and NO_COLOR unset. */
int out_use_color(FILE *f);

/* A table: named columns, rows of typed cells.  Written as aligned text,
 * Markdown, CSV (RFC 4180) or JSON (an array of objects keyed by column). */
typedef struct table table;

table *table_new(int ncols, const char *const *keys);
void table_free(table *t);
int table_ncols(const table *t);
/* Cells fill the current row left to right; a row ends after ncols cells. */
void table_str(table *t, const char *s);   /* NULL gives null */
void table_int(table *t, long long v);
void table_num(table *t, double v, int decimals); /* number, shown with decimals */
void table_pct(table *t, double v);        /* number 0–1 shown as a percentage; < 0 gives null */
void table_null(table *t);
void table_bool(table *t, int v);          /* JSON true/false; "yes"/"no" in text and CSV */
void table_status(table *t, const char *status); /* string; marked and coloured in text */
/* A value of a vocabulary (kind as goc_label() names it: "stage",
 * "category" …): the value in CSV and JSON, its Chinese label in text and
 * Markdown under --lang zh.  Status cells (table_status()) and yes/no
 * cells are shown in Chinese there too, and so are the column names. */
void table_label(table *t, const char *kind, const char *value);
/* A unit's or zone's code: the code in CSV and JSON, its Chinese name in
 * text and Markdown under --lang zh (cli_name_zh() of the cli given to
 * table_names(); the code when it has none, or without table_names()).
 * table_units(): a ", "-separated list of codes (a lead marked "*"), each
 * so, joined with "、". */
void table_names(table *t, cli *c);
void table_unit(table *t, const char *code);
void table_units(table *t, const char *codes);
/* Right-align a column in text and Markdown. */
void table_align_right(table *t, int col);
/* Cut a column's cells to a display width in text (with "…"). */
void table_text_maxwidth(table *t, int col, int width);
/* Leave a column out of text and Markdown (kept in CSV and JSON). */
void table_text_hide(table *t, int col);

/* Write a listing to -o FILE (or stdout) and free it: EXIT_OK, or
 * EXIT_RUNTIME after a message. */
int table_emit(table *t, const char *output, out_format fmt, int bom);
/* Say that --format xlsx is not available (goc built without
 * libxlsxwriter): EXIT_RUNTIME. */
int out_no_xlsx(void);
/* The end of the rows read from cur into t (rc as cursor_step() left it):
 * cur is freed; GOC_OK when the cursor ran to its end (GOC_DONE), else
 * the error that stopped it (or GOC_ROW after a break), with t freed. */
int table_rows_end(table *t, goc_cursor *cur, int rc);
/* The end of a listing: table_rows_end(), then table_emit(); after an
 * error of the cursor, the error printed (cli_fail()). */
int table_emit_rows(table *t, goc_cursor *cur, int rc, const char *output, out_format fmt, int bom);

/* Write a table's first row as one record: "field value" lines in text,
 * a JSON object (extra, if not NULL, merged in; reference stolen).
 * Other formats are written as a table. */
int table_write_record(table *t, FILE *f, out_format fmt, int color, json_t *extra);

/* Write the table.  JSON: meta (may be NULL; reference stolen) gets a
 * "rows" array and is printed; without meta the array itself is printed. */
int table_write(table *t, FILE *f, out_format fmt, int color, int bom, json_t *meta);

/* The rows as a JSON array of objects (new reference). */
json_t *table_json(const table *t);

/* Print a JSON value with the tool's settings (indent 2, keys as inserted). */
int json_write(json_t *v, FILE *f);

/* --- files in and out (io.c) ------------------------------------------------ */

/* Set by main: the database that -o may never name, and --raw (CSV cells
 * written as they are, without the formula guard). */
void out_setup(const char *db_path, int raw);
int out_raw(void);

/* Open -o FILE (or stdout for NULL or "-"); returns NULL after an error
 * message.  A regular file is written to a temporary file in its folder
 * and renamed into place by out_close(); -o naming the database or its
 * -wal/-shm/-journal is refused.  One output at a time. */
FILE *out_open(const char *path);
/* Finish what out_open() returned: flush, fsync, close, rename into place.
 * Returns 0, or nonzero after a message naming the file and the error
 * (the temporary file removed, the previous file untouched). */
int out_close(FILE *f);
/* Give up what out_open() returned: the temporary file is removed and the
 * previous file stays as it was (stdout is only flushed). */
void out_discard(FILE *f);
/* At exit: flush standard output (it stays open), and if anything written
 * to it was lost, say so (once) and return EXIT_RUNTIME (rc if that is
 * already an error). */
int out_finish(int rc);

#endif /* GOC_CLI_H */
