/*
 * goc — the whole-plan documents of `goc report scorecard`: the workbook
 * (xlsx.c, built only with libxlsxwriter) and the HTML battle map (html.c).
 */
#ifndef GOC_TOOL_REPORT_H
#define GOC_TOOL_REPORT_H

#include "cli.h"
#include "dossier.h"

/* Write the workbook to path, through out_open()/out_close() like every
 * output.  Returns EXIT_OK or EXIT_RUNTIME (message printed). */
int write_xlsx(const dossier *d, const char *path);
/* The same, units and statuses by their Chinese names and labels when lang
 * is "zh" (NULL or "en": codes). */
int write_xlsx_lang(const dossier *d, const char *path, const char *lang);

/* Write the battle map to f, its labels shown in lang ("zh" or "en") until
 * the reader switches.  Returns 0. */
int write_html(const dossier *d, FILE *f, const char *lang);

/* A one-sheet workbook of rows (a JSON array of objects), a column per
 * key headed by heads[j] (xlsx.c).  EXIT_OK or EXIT_RUNTIME. */
int write_xlsx_rows(const char *path, const char *sheet, const char *title, json_t *rows,
                    const char *const *keys, const char *const *heads, int ncols);

#ifdef GOC_HAVE_XLSX
#include <xlsxwriter.h>

/* libxlsxwriter writes to a file name of its own: a workbook on a private
 * temporary file in $TMPDIR (where it keeps its other temporary files
 * anyway), which book_close() copies to path like every other output.
 * NULL (said on stderr) when neither could be made.  Every workbook of goc
 * is made this way (xlsx.c). */
lxw_workbook *book_open(const char *path, char **tmp);
/* Close what book_open() gave and copy it to path, atomically (through
 * out_open()/out_close(): temporary file, fsync, rename); the private file
 * is removed either way and a failure leaves nothing at path.  EXIT_OK or
 * EXIT_RUNTIME (message printed). */
int book_close(lxw_workbook *wb, const char *path, char *tmp);
#endif

/* The output options every `goc report` subcommand takes. */
typedef struct out_opts {
	const char *format, *output;
	int bom;
	out_format fmt;
	unsigned int formats; /* the formats allowed; 0 for FMT_ALL */
} out_opts;

/* Parse the options shared by the reports — --plan, --as-of (when as_of is
 * not NULL; checked as a date), --format (one of o->formats), -o, --bom
 * (csv only); xlsx needs -o FILE — plus `extra` (at most 6).  0, -1 after
 * --help, or the exit code of a usage error (cmd_report.c). */
int report_parse(int argc, char **argv, const char *usage, out_opts *o, const char **plan,
                 const char **as_of, const opt *extra);
/* report_parse(), returning from the calling command unless it gave 0. */
#define REPORT_PARSE(argc, argv, usage, o, plan, as_of, extra) do { \
		int rp_ = report_parse(argc, argv, usage, o, plan, as_of, extra); \
		if (rp_) \
			return rp_ < 0 ? EXIT_OK : rp_; \
	} while (0)

/* goc report reminders (cmd_remind.c). */
int report_reminders(cli *c, int argc, char **argv);

#endif /* GOC_TOOL_REPORT_H */
