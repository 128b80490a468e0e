/*
 * goc report reminders — 催报: what each unit is to be reminded of as of a
 * date, grouped by unit with its contact (goc_reminder_list(); the rules
 * are the library's, goc/report.h).  Text and Markdown in Chinese first,
 * JSON, or a workbook; --split writes one file per unit, ready to send.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

static const char usage_reminders[] =
	N_("usage: goc report reminders [--as-of DATE] [--unit U] [--plan CODE]\n"
	"                            [--format text|md|csv|json|xlsx] [-o FILE] [--bom]\n"
	"                            [--split -o DIR/]\n"
	"\n"
	"催报: by unit, with its contact person, phone and e-mail: the progress\n"
	"reports missing or late for every period whose deadline has passed (the\n"
	"plan's reporting cycle and deadline: goc plan set), overdue tasks,\n"
	"and the unit's KPI rows that are behind or at risk.\n"
	"csv: one row per item with its unit's contact (--bom for Excel).\n"
	"--split writes one file per unit into the folder -o DIR/ (UNIT.txt, .md,\n"
	".csv, .json or .xlsx), ready to send.  xlsx needs -o.\n"
	"defaults: --plan pudong-goc-2024, --as-of today, every unit\n");

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

/* The reminders as [{unit, name_zh, …, items: [{kind, …}]}]. */
static int read_units(json_t **out, goc_db *db, const char *plan, const char *as_of,
                      const char *unit)
{
	goc_cursor *cur = NULL;
	int rc = goc_reminder_list(&cur, db, plan, as_of, unit);
	json_t *units = json_array(), *u = NULL, *items = NULL;
	while (cursor_step(&rc, cur)) {
		const goc_reminder *r = goc_cursor_reminder(cur);
		if (!u || strcmp(json_string_value(json_object_get(u, "unit")), goc_reminder_unit(r))) {
			u = json_object();
			set_str(u, "unit", goc_reminder_unit(r));
			set_str(u, "name_zh", goc_reminder_unit_name_zh(r));
			set_str(u, "name_en", goc_reminder_unit_name_en(r));
			json_object_set_new(u, "contact", goc_reminder_contact(r) ? json_string(goc_reminder_contact(r)) : json_null());
			json_object_set_new(u, "phone", goc_reminder_phone(r) ? json_string(goc_reminder_phone(r)) : json_null());
			json_object_set_new(u, "email", goc_reminder_email(r) ? json_string(goc_reminder_email(r)) : json_null());
			items = json_array();
			json_object_set_new(u, "items", items);
			json_array_append_new(units, u);
		}
		json_t *it = json_object();
		int kind = goc_reminder_kind(r);
		set_str(it, "kind", goc_reminder_kind_str(kind));
		set_str(it, "task", goc_reminder_task(r));
		set_str(it, "label", goc_reminder_task_label(r));
		set_str(it, "title_zh", goc_reminder_task_title(r));
		set_str(it, "kpi", goc_reminder_kpi(r));
		set_str(it, "kpi_name_zh", goc_reminder_kpi_name_zh(r));
		set_str(it, "period", goc_reminder_period(r));
		set_str(it, "deadline", goc_reminder_deadline(r));
		set_str(it, "date", goc_reminder_date(r));
		if (kind == GOC_REMIND_KPI) {
			set_str(it, "status", goc_kpi_status_str(goc_reminder_kpi_status(r)));
			json_object_set_new(it, "actual", json_real(goc_reminder_actual(r)));
			json_object_set_new(it, "expected", json_real(goc_reminder_expected(r)));
			json_object_set_new(it, "target_min", json_real(goc_reminder_target(r)));
		} else {
			json_object_set_new(it, "days", json_integer(goc_reminder_days(r)));
		}
		json_array_append_new(items, it);
	}
	goc_cursor_free(cur);
	if (rc != GOC_DONE) {
		json_decref(units);
		return rc;
	}
	*out = units;
	return GOC_OK;
}

static const char *s_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* "（1）i2 title…" of a task item, cut to a readable width (malloc'd). */
static char *task_text(json_t *it)
{
	char *title = text_truncate(s_of(it, "title_zh"), 36);
	const char *label = s_of(it, "label");
	size_t n = strlen(label) + strlen(s_of(it, "task")) + strlen(title) + 8;
	char *buf = malloc(n);
	if (!buf)
		abort();
	snprintf(buf, n, "%s%s%s %s", label, *label ? " " : "", s_of(it, "task"), title);
	free(title);
	return buf;
}

static const char *const kinds[] = { "missing", "late", "overdue", "kpi" };
static const char *const kind_en[] = { "Missing reports", "Late reports", "Overdue tasks",
	                               "KPIs behind or at risk" };
static const char *const numerals[] = { "一", "二", "三", "四" };

/* One unit's reminder in text (md = 0) or Markdown (md = 1). */
static void write_unit(FILE *f, json_t *u, int md)
{
	const char *contact = json_string_value(json_object_get(u, "contact"));
	const char *phone = json_string_value(json_object_get(u, "phone"));
	const char *email = json_string_value(json_object_get(u, "email"));
	if (md)
		fprintf(f, "## %s（%s）\n\n", s_of(u, "name_zh"), s_of(u, "unit"));
	else
		fprintf(f, "【%s】%s\n", s_of(u, "name_zh"), s_of(u, "unit"));
	fprintf(f, "%s联系人 Contact：%s  电话 Phone：%s  邮箱 E-mail：%s\n%s", md ? "- " : "",
	        contact ? contact : "（未登记 none）", phone ? phone : "—", email ? email : "—",
	        md ? "\n" : "");
	json_t *items = json_object_get(u, "items");
	int section = 0;
	for (int k = 0; k < 4; k++) {
		int n = 0;
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
			n += !strcmp(s_of(it, "kind"), kinds[k]);
		if (!n)
			continue;
		const char *zh = goc_label("reminder_kind", kinds[k], "zh");
		if (md)
			fprintf(f, "### %s、%s（%d）%s\n\n", numerals[section], zh, n, kind_en[k]);
		else
			fprintf(f, "%s、%s（%d）%s\n", numerals[section], zh, n, kind_en[k]);
		section++;
		int j = 0;
		json_array_foreach(items, i, it) {
			if (strcmp(s_of(it, "kind"), kinds[k]))
				continue;
			j++;
			fprintf(f, md ? "%d. " : "  %d. ", j);
			long long days = json_integer_value(json_object_get(it, "days"));
			if (k == 3) {
				const char *status = s_of(it, "status");
				fprintf(f, "%s %s%s%s：%s %s，实际 actual %.1f，应达 expected %.1f，目标 target %.1f\n",
				        s_of(it, "kpi"), s_of(it, "kpi_name_zh"), *s_of(it, "period") ? " " : "",
				        s_of(it, "period"), goc_label("kpi_status", status, "zh"), status,
				        json_real_value(json_object_get(it, "actual")),
				        json_real_value(json_object_get(it, "expected")),
				        json_real_value(json_object_get(it, "target_min")));
				continue;
			}
			char *task = task_text(it);
			if (k == 0)
				fprintf(f, "%s — %s 未报送，截止 due %s，已逾期 %lld 天 (days overdue)\n", task,
				        s_of(it, "period"), s_of(it, "deadline"), days);
			else if (k == 1)
				fprintf(f, "%s — %s 于 %s 报送，截止 due %s，迟报 %lld 天 (days late)\n", task,
				        s_of(it, "period"), s_of(it, "date"), s_of(it, "deadline"), days);
			else
				fprintf(f, "%s — 到期 due %s，已逾期 %lld 天 (days overdue)\n", task,
				        s_of(it, "deadline"), days);
			free(task);
		}
		if (md)
			fputc('\n', f);
	}
	fputc('\n', f);
}

typedef struct head {
	const char *plan, *title, *as_of, *cycle;
	int days;
} head;

static void write_head(FILE *f, const head *h, size_t n_units, int md)
{
	fprintf(f, "%s催报通知 Reminders — %s（%s）截至 as of %s\n", md ? "# " : "", h->title, h->plan,
	        h->as_of);
	if (md)
		fputc('\n', f);
	fprintf(f, "报送要求 Reporting: %s（%s），每期结束后 %d 个自然日内报送 (due %d calendar days after each period)\n",
	        goc_label("report_cycle", h->cycle, "zh"), h->cycle, h->days, h->days);
	fprintf(f, "%s共 %zu 个单位 units\n\n", md ? "\n" : "", n_units);
}

static json_t *doc_json(const head *h, json_t *units)
{
	json_t *m = json_object();
	json_object_set_new(m, "report", json_string("reminders"));
	json_object_set_new(m, "plan", json_string(h->plan));
	json_object_set_new(m, "as_of", json_string(h->as_of));
	json_object_set_new(m, "report_cycle", json_string(h->cycle));
	json_object_set_new(m, "report_deadline_days", json_integer(h->days));
	json_object_set_new(m, "units", json_incref(units));
	return m;
}

#ifdef GOC_HAVE_XLSX
static const char *const xkeys[] = { "unit", "name_zh", "contact", "phone", "email", "kind_zh",
	"kind", "task", "label", "title_zh", "period", "deadline", "date", "days", "kpi",
	"kpi_name_zh", "status", "actual", "expected", "target_min" };
static const char *const xheads[] = { "单位 unit", "单位名称 name_zh", "联系人 contact",
	"电话 phone", "邮箱 email", "事项 kind_zh", "kind", "任务 task", "序号 label",
	"任务内容 title_zh", "期别 period", "截止 deadline", "报送日期 date", "天数 days",
	"指标 kpi", "指标名称 kpi_name_zh", "状态 status", "实际 actual", "应达 expected",
	"目标 target_min" };

#endif

/* The rows of a workbook or CSV file: one per item, with its unit's fields. */
static json_t *flat_rows(json_t *units)
{
	json_t *rows = json_array();
	size_t i, j;
	json_t *u, *it;
	json_array_foreach(units, i, u) {
		json_array_foreach(json_object_get(u, "items"), j, it) {
			json_t *r = json_deep_copy(it);
			const char *keys[] = { "unit", "name_zh", "contact", "phone", "email" };
			for (int k = 0; k < 5; k++)
				json_object_set(r, keys[k], json_object_get(u, keys[k]));
			set_str(r, "kind_zh", goc_label("reminder_kind", s_of(it, "kind"), "zh"));
			json_array_append_new(rows, r);
		}
	}
	return rows;
}

/* The CSV columns (keys of flat_rows()): the unit and its contact, then
 * the item; fields that do not apply to the item's kind are empty. */
static const char *const ckeys[] = { "unit", "name_zh", "contact", "phone", "email", "kind",
	"kind_zh", "task", "label", "title_zh", "kpi", "kpi_name_zh", "period", "deadline", "date", "days",
	"status", "actual", "expected", "target_min" };

/* One row per item, through the tool's table writer (RFC 4180, CRLF,
 * formula guard; a BOM with --bom), like every CSV output of goc. */
static int write_csv_rows(json_t *units, const char *path, int bom)
{
	const int n = (int)(sizeof ckeys / sizeof ckeys[0]);
	table *t = table_new(n, ckeys);
	json_t *rows = flat_rows(units);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		for (int j = 0; j < n; j++) {
			json_t *v = json_object_get(r, ckeys[j]);
			if (json_is_integer(v))
				table_int(t, (long long)json_integer_value(v));
			else if (json_is_real(v))
				table_num(t, json_real_value(v), 1);
			else
				table_str(t, json_string_value(v));
		}
	}
	json_decref(rows);
	return table_emit(t, path, FMT_CSV, bom);
}

/* Write the document of `units` (all, or one unit's) to path. */
static int write_doc(const head *h, json_t *units, out_format fmt, const char *path, int bom)
{
	if (fmt == FMT_CSV)
		return write_csv_rows(units, path, bom);
	if (fmt == FMT_XLSX) {
#ifdef GOC_HAVE_XLSX
		json_t *rows = flat_rows(units);
		int rc = write_xlsx_rows(path, "催报 reminders", h->title, rows, xkeys, xheads,
		                         (int)(sizeof xkeys / sizeof xkeys[0]));
		json_decref(rows);
		return rc;
#else
		return out_no_xlsx();
#endif
	}
	FILE *f = out_open(path);
	if (!f)
		return EXIT_RUNTIME;
	if (fmt == FMT_JSON) {
		json_t *doc = doc_json(h, units);
		json_write(doc, f);
		json_decref(doc);
	} else {
		write_head(f, h, json_array_size(units), fmt == FMT_MD);
		size_t i;
		json_t *u;
		json_array_foreach(units, i, u)
			write_unit(f, u, fmt == FMT_MD);
		if (!json_array_size(units))
			fputs("无待催报事项 Nothing to remind of.\n", f);
	}
	return out_close(f) ? EXIT_RUNTIME : EXIT_OK;
}

int report_reminders(cli *c, int argc, char **argv)
{
	out_opts o = { NULL, NULL, 0, FMT_TEXT, (1u << FMT_TEXT) | (1u << FMT_MD) | (1u << FMT_CSV) |
	              (1u << FMT_JSON) | (1u << FMT_XLSX) };
	const char *plan = DEFAULT_PLAN, *as_of = cli_today(), *unit = NULL;
	int split = 0;
	const opt extra[] = { { "unit", &unit, NULL }, { "output", &o.output, NULL }, { "split", NULL, &split },
		              { NULL, NULL, NULL } };
	REPORT_PARSE(argc, argv, usage_reminders, &o, &plan, &as_of, extra);
	const char *output = o.output;
	out_format fmt = o.fmt;
	int bom = o.bom;
	if (split && (!output || !strcmp(output, "-")))
		return cli_usage_error(usage_reminders, "--split needs -o DIR/");
	goc_db *db = cli_db(c);
	if (!db)
		return EXIT_RUNTIME;
	goc_plan *p = NULL;
	if (goc_plan_get(&p, db, plan) != GOC_OK)
		return cli_fail();
	head h = { plan, NULL, as_of, goc_report_cycle_str(goc_plan_report_cycle(p)),
		   goc_plan_report_deadline_days(p) };
	char *title = strdup(goc_plan_title_zh(p));
	goc_plan_free(p);
	if (!title)
		abort();
	h.title = title;
	json_t *units = NULL;
	if (read_units(&units, db, plan, as_of, unit) != GOC_OK) {
		free(title);
		return cli_fail();
	}
	int rc = EXIT_OK;
	if (!split) {
		rc = write_doc(&h, units, fmt, output, bom);
	} else {
		if (mkdir(output, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "goc: %s: %s\n", output, strerror(errno));
			rc = EXIT_RUNTIME;
		}
		static const char *const ext[] = { [FMT_TEXT] = "txt", [FMT_MD] = "md", [FMT_CSV] = "csv",
			                           [FMT_JSON] = "json", [FMT_XLSX] = "xlsx" };
		size_t i;
		json_t *u;
		json_array_foreach(units, i, u) {
			if (rc != EXIT_OK)
				break;
			size_t n = strlen(output) + strlen(s_of(u, "unit")) + 16;
			char *path = malloc(n);
			if (!path)
				abort();
			size_t len = strlen(output);
			snprintf(path, n, "%s%s%s.%s", output, len && output[len - 1] == '/' ? "" : "/",
			         s_of(u, "unit"), ext[fmt]);
			json_t *one = json_array();
			json_array_append(one, u);
			rc = write_doc(&h, one, fmt, path, bom);
			json_decref(one);
			if (rc == EXIT_OK)
				fprintf(stderr, "%s\n", path);
			free(path);
		}
		if (rc == EXIT_OK)
			fprintf(stderr, _("goc: %zu unit file(s) in %s\n"), json_array_size(units), output);
	}
	json_decref(units);
	free(title);
	return rc;
}
