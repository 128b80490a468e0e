/*
 * goc — the HTML battle map (report scorecard --format html): one
 * self-contained page with inline SVG — zone quotas against actual, the
 * KPI status grid, the units × tasks matrix coloured by the latest
 * reported status, the overdue list — in Chinese with English labels a
 * click away.  Nothing is fetched: no network, no fonts, no scripts from
 * elsewhere.  Every string from the database is HTML-escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Text, HTML-escaped (also inside attributes and SVG). */
static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* A label in both languages: HTML spans, or SVG tspans; English falls
 * back to the Chinese. */
static void bi_tag(FILE *f, const char *tag, const char *zh, const char *en)
{
	fprintf(f, "<%s class=\"zh\">", tag);
	esc(f, zh);
	fprintf(f, "</%s><%s class=\"en\">", tag, tag);
	esc(f, en ? en : zh);
	fprintf(f, "</%s>", tag);
}

static void bi(FILE *f, const char *zh, const char *en)
{
	bi_tag(f, "span", zh, en);
}

static void tbi(FILE *f, const char *zh, const char *en)
{
	bi_tag(f, "tspan", zh, en);
}

/* Cut to a display width, then escape. */
static void esc_cut(FILE *f, const char *s, int width)
{
	char *c = text_truncate(s, width);
	esc(f, c);
	free(c);
}

static void tbi_cut(FILE *f, const char *zh, const char *en, int width)
{
	fputs("<tspan class=\"zh\">", f);
	esc_cut(f, zh, width);
	fputs("</tspan><tspan class=\"en\">", f);
	esc_cut(f, en ? en : zh, width);
	fputs("</tspan>", f);
}

static const char css[] =
	"html[data-lang=zh] .en{display:none}html[data-lang=en] .zh{display:none}"
	"body{font-family:sans-serif;margin:24px;color:#222;background:#fff}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #1f4e79;padding-bottom:4px}"
	"header p{margin:2px 0;color:#555}button{margin-top:8px;padding:4px 12px}"
	"svg text{font-family:sans-serif;font-size:12px;fill:#222}svg .small{font-size:10px}svg .dark text{fill:#fff}"
	"table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #bbb;padding:4px 8px;vertical-align:top}"
	"th{background:#1f4e79;color:#fff}.swatch{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;border:1px solid #888}"
	".status{padding:2px 6px}h3{font-size:15px;margin:16px 0 6px}"
	".charts{display:flex;flex-wrap:wrap;gap:12px}.charts figure{margin:0}"
	".key{display:inline-block;width:22px;height:0;border-top:2px solid;margin:0 4px 3px 12px}"
	".key.dashed{border-top-style:dashed}.key.dotted{border-top-style:dotted}";

/* A status as a coloured HTML label. */
static void status_span(FILE *f, const char *status)
{
	fprintf(f, "<span class=\"status\" style=\"background:%s\">", status_fill(status));
	bi(f, status_zh(status), status_en(status));
	fputs("</span>", f);
}

/* Whether a status's fill is dark enough to want white text. */
static int status_dark(const char *status)
{
	long rgb = strtol(status_fill(status) + 1, NULL, 16);
	return 299 * ((rgb >> 16) & 255) + 587 * ((rgb >> 8) & 255) + 114 * (rgb & 255) < 128000;
}

static int as_of_year(const dossier *d)
{
	return atoi(d->as_of);
}

/* The zone-scoped KPIs' rows shown in the chart: all but other years of
 * annual KPIs. */
static int zone_row_shown(const dossier *d, const dz_kpi *k)
{
	return k->scope == GOC_SCOPE_ZONE && (k->year == 0 || k->year == as_of_year(d));
}

static void zone_chart(FILE *f, const dossier *d)
{
	const int row_h = 24, label_w = 170, bar_w = 420, title_h = 26;
	/* one panel per KPI (and year): the panel's rows may be apart in the
	 * evaluation's order (zone, then year) */
	size_t *order = malloc((d->nkpis ? d->nkpis : 1) * sizeof *order), n = 0;
	if (!order)
		abort();
	int height = 10;
	for (size_t i = 0; i < d->nkpis; i++) {
		if (!zone_row_shown(d, &d->kpis[i]))
			continue;
		int first = 1; /* the first row of its panel? */
		for (size_t j = 0; j < i && first; j++)
			first = !(zone_row_shown(d, &d->kpis[j]) && !strcmp(d->kpis[j].kpi, d->kpis[i].kpi));
		if (!first)
			continue;
		height += title_h;
		for (size_t j = i; j < d->nkpis; j++)
			if (zone_row_shown(d, &d->kpis[j]) && !strcmp(d->kpis[j].kpi, d->kpis[i].kpi)) {
				order[n++] = j;
				height += row_h;
			}
	}
	fputs("<section id=\"zones\"><h2>", f);
	bi(f, "集聚区目标与实际", "Zone quotas against actual");
	fprintf(f, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n",
	        label_w + bar_w + 180, height);
	int y = 0;
	for (size_t o = 0; o < n; o++) {
		size_t i = order[o];
		const dz_kpi *k = &d->kpis[i];
		if (o == 0 || strcmp(k->kpi, d->kpis[order[o - 1]].kpi)) {
			y += title_h;
			fprintf(f, "<text x=\"0\" y=\"%d\" font-weight=\"bold\">", y - 8);
			tbi(f, k->name_zh, k->name_en);
			if (k->year)
				fprintf(f, " %d", k->year);
			fputs("</text>\n", f);
		}
		/* the scale of this KPI's panel */
		double max = 1;
		for (size_t j = 0; j < d->nkpis; j++)
			if (!strcmp(d->kpis[j].kpi, k->kpi) && zone_row_shown(d, &d->kpis[j])) {
				if (d->kpis[j].target_min > max)
					max = d->kpis[j].target_min;
				if (d->kpis[j].actual > max)
					max = d->kpis[j].actual;
			}
		const dz_name *z = dossier_zone(d, k->member);
		int tw = (int)(bar_w * k->target_min / max + 0.5), aw = (int)(bar_w * k->actual / max + 0.5);
		fprintf(f, "<g class=\"zone-row\" data-kpi=\"");
		esc(f, k->kpi);
		fputs("\" data-zone=\"", f);
		esc(f, k->member);
		fprintf(f, "\" data-target=\"%g\" data-actual=\"%g\" data-status=\"%s\">", k->target_min, k->actual, k->status);
		fprintf(f, "<title>");
		esc(f, z ? z->name_zh : k->member);
		fprintf(f, ": %g / %g (%s)</title>", k->actual, k->target_min, k->status);
		fprintf(f, "<text x=\"0\" y=\"%d\">", y + 15);
		tbi_cut(f, z ? z->name_zh : k->member, z ? z->name_en : k->member, 24);
		fputs("</text>", f);
		/* nothing yet against a target: a stub in the status's colour (red when
		 * behind), never an empty box */
		if (aw < 6 && k->target_min > 0 && k->actual < k->target_min)
			aw = 6;
		fprintf(f, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>", label_w, y + 2, aw, status_fill(k->status));
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"none\" stroke=\"#333\" stroke-dasharray=\"4 2\"/>",
		        label_w, y + 2, tw);
		fprintf(f, "<text x=\"%d\" y=\"%d\">%g / %g</text></g>\n", label_w + bar_w + 10, y + 15, k->actual, k->target_min);
		y += row_h;
	}
	free(order);
	fputs("</svg>\n<p class=\"small\">", f);
	bi(f, "实心条为实际值（按状态着色），虚线框为目标。", "Filled bars are actual values (coloured by status); dashed boxes are the targets.");
	fputs("</p></section>\n", f);
}

/* The names of comma-separated zone codes, joined ("、" or ", "; malloc'd). */
static char *zone_names(const dossier *d, const char *codes, int en)
{
	size_t cap = strlen(codes) * 8 + 16, len = 0;
	char *out = malloc(cap), *copy = strdup(codes), *save = NULL;
	if (!out || !copy)
		abort();
	out[0] = '\0';
	for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		const dz_name *z = dossier_zone(d, c);
		const char *name = z ? (en && z->name_en ? z->name_en : z->name_zh) : c;
		size_t need = len + strlen(name) + 8;
		if (need > cap && !(out = realloc(out, cap = 2 * need)))
			abort();
		len += (size_t)sprintf(out + len, "%s%s", len ? (en ? ", " : "、") : "", name);
	}
	free(copy);
	return out;
}

static void kpi_grid(FILE *f, const dossier *d)
{
	const int cols = 5, tw = 190, th = 64, gap = 8;
	int rows = (int)((d->nkpis + (size_t)cols - 1) / (size_t)cols);
	fputs("<section id=\"kpis\"><h2>", f);
	bi(f, "指标状态", "KPI status");
	fprintf(f, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n",
	        cols * (tw + gap), rows * (th + gap) + 2);
	for (size_t i = 0; i < d->nkpis; i++) {
		const dz_kpi *k = &d->kpis[i];
		int x = (int)(i % (size_t)cols) * (tw + gap), y = (int)(i / (size_t)cols) * (th + gap);
		const dz_name *m = k->scope == GOC_SCOPE_ZONE ? dossier_zone(d, k->member) : dossier_unit(d, k->member);
		fprintf(f, "<g class=\"kpi-tile%s\" data-kpi=\"", status_dark(k->status) ? " dark" : "");
		esc(f, k->kpi);
		fputs("\" data-member=\"", f);
		esc(f, k->member ? k->member : "");
		fprintf(f, "\" data-year=\"%d\" data-status=\"%s\"><title>", k->year, k->status);
		esc(f, k->name_zh);
		fputs(" — ", f);
		esc(f, m ? m->name_zh : k->member ? k->member : "全区");
		fprintf(f, ": %g / %g (%s)</title>", k->actual, k->target_min, k->status);
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"#666\"/>",
		        x, y + 1, tw, th, status_fill(k->status));
		fprintf(f, "<text x=\"%d\" y=\"%d\">", x + 6, y + 17);
		tbi_cut(f, k->name_zh, k->name_en, 27);
		fprintf(f, "</text><text x=\"%d\" y=\"%d\" class=\"small\">", x + 6, y + 34);
		if (m) {
			tbi_cut(f, m->name_zh, m->name_en, 24);
		} else if (k->member && k->scope == GOC_SCOPE_ZONES) {
			char *zh = zone_names(d, k->member, 0), *en = zone_names(d, k->member, 1);
			tbi_cut(f, zh, en, 24);
			free(zh);
			free(en);
		} else if (k->member) {
			esc_cut(f, k->member, 24);
		} else {
			tbi(f, "全区", "district");
		}
		if (k->year)
			fprintf(f, " %d", k->year);
		fprintf(f, "</text><text x=\"%d\" y=\"%d\" class=\"small\">%g / %g · ", x + 6, y + 52, k->actual, k->target_min);
		tbi(f, status_zh(k->status), status_en(k->status));
		fputs("</text></g>\n", f);
	}
	fputs("</svg></section>\n", f);
}

static void matrix(FILE *f, const dossier *d)
{
	const int label_w = 190, head_h = 36, cw = 30, ch = 22;
	size_t nleaves = 0, nrows = 0;
	for (size_t i = 0; i < d->ntasks; i++)
		nleaves += d->tasks[i].leaf;
	/* rows: the units with a role, in unit order */
	for (size_t u = 0; u < d->nunits; u++)
		for (size_t r = 0; r < d->nroles; r++)
			if (!strcmp(d->roles[r].unit, d->units[u].code)) {
				nrows++;
				break;
			}
	fputs("<section id=\"matrix\"><h2>", f);
	bi(f, "责任单位 × 任务", "Units × tasks");
	fprintf(f, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n",
	        label_w + (int)nleaves * cw + 2, head_h + (int)nrows * ch + 2);
	int col = 0;
	for (size_t i = 0; i < d->ntasks; i++) {
		const dz_task *t = &d->tasks[i];
		if (!t->leaf)
			continue;
		fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"small\" text-anchor=\"middle\"><title>", label_w + col * cw + cw / 2, head_h - 8);
		esc(f, t->title);
		fputs("</title>", f);
		esc(f, t->label ? t->label : t->code);
		fputs("</text>\n", f);
		col++;
	}
	int row = 0;
	for (size_t u = 0; u < d->nunits; u++) {
		const dz_name *un = &d->units[u];
		int has = 0;
		for (size_t r = 0; r < d->nroles && !has; r++)
			has = !strcmp(d->roles[r].unit, un->code);
		if (!has)
			continue;
		int y = head_h + row * ch;
		fprintf(f, "<text x=\"0\" y=\"%d\">", y + 15);
		tbi_cut(f, un->name_zh, un->name_en, 24);
		fputs("</text>\n", f);
		col = 0;
		for (size_t i = 0; i < d->ntasks; i++) {
			const dz_task *t = &d->tasks[i];
			if (!t->leaf)
				continue;
			const dz_role *role = NULL;
			for (size_t r = 0; r < d->nroles && !role; r++)
				if (!strcmp(d->roles[r].unit, un->code) && !strcmp(d->roles[r].task, t->code))
					role = &d->roles[r];
			int x = label_w + col++ * cw;
			if (!role) {
				fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" stroke=\"#e0e0e0\"/>\n", x, y, cw, ch);
				continue;
			}
			const dz_report *rep = dossier_report(d, t->code, un->code);
			const char *st = rep ? rep->status : NULL;
			fputs("<g class=\"cell\" data-unit=\"", f);
			esc(f, un->code);
			fputs("\" data-task=\"", f);
			esc(f, t->code);
			fprintf(f, "\" data-role=\"%s\" data-status=\"%s\"><title>", role->lead ? "lead" : "responsible", st ? st : "none");
			esc(f, un->name_zh);
			fputs(" · ", f);
			esc(f, t->label);
			fputc(' ', f);
			esc_cut(f, t->title, 60);
			fputs(" · ", f);
			esc(f, status_zh(st));
			if (rep) {
				fputc(' ', f);
				esc(f, rep->date);
			}
			fprintf(f, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#888\"/>",
			        x, y, cw, ch, status_fill(st));
			fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"small\">%s</text></g>\n",
			        x + cw / 2, y + 15, role->lead ? "L" : "R");
		}
		row++;
	}
	fputs("</svg>\n<p class=\"small\">", f);
	bi(f, "L 牵头，R 责任；颜色为该单位最新进展报告的状态，浅灰为尚无报告。",
	   "L lead, R responsible; the colour is the status of the unit's latest progress report, light grey none yet.");
	fputs("</p></section>\n", f);
}

static void overdue(FILE *f, const dossier *d)
{
	fputs("<section id=\"overdue\"><h2>", f);
	bi(f, "逾期任务", "Overdue tasks");
	fputs("</h2>\n", f);
	int n = 0;
	for (size_t i = 0; i < d->ntasks; i++) {
		const dz_task *t = &d->tasks[i];
		if (!t->overdue)
			continue;
		if (n++ == 0) {
			static const char *const heads[][2] = { { "序号", "No." }, { "任务", "Task" }, { "截止", "Due" },
				{ "状态", "Status" }, { "牵头单位", "Lead" }, { "责任单位", "Responsible" } };
			fputs("<table><tr>", f);
			for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
				fputs("<th>", f);
				bi(f, heads[h][0], heads[h][1]);
				fputs("</th>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("<tr class=\"overdue-task\" data-task=\"", f);
		esc(f, t->code);
		fputs("\"><td>", f);
		esc(f, t->label ? t->label : t->code);
		fputs("</td><td>", f);
		bi(f, t->title, t->title_en);
		fputs("</td><td>", f);
		esc(f, t->due);
		fputs("</td><td>", f);
		status_span(f, t->status);
		fputs("</td><td>", f);
		esc(f, t->leads);
		fputs("</td><td>", f);
		esc(f, t->units);
		fputs("</td></tr>\n", f);
	}
	if (n)
		fputs("</table>\n", f);
	else {
		fputs("<p id=\"no-overdue\">", f);
		bi(f, "截至该日无逾期任务。", "No task is overdue on that date.");
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
}


/* ---- the trend: inline SVG line charts, one point per date ---- */

/* A date's label on the x axis: its quarter for a quarter end in a
 * quarterly series, its month for a month end, else the date. */
static void date_label(char *buf, size_t size, const char *date, int quarterly)
{
	static const int ends[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = atoi(date), m = atoi(date + 5), day = atoi(date + 8);
	int last = m >= 1 && m <= 12 ? ends[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 || y % 400 == 0)) : 0;
	if (quarterly && m % 3 == 0 && day == last)
		snprintf(buf, size, "%.4s Q%d", date, m / 3);
	else if (day == last)
		snprintf(buf, size, "%.7s", date);
	else
		snprintf(buf, size, "%.10s", date);
}

/* Are the trend's dates quarter ends (but for the last, the as-of date)? */
static int quarterly(const dossier *d)
{
	for (size_t i = 0; i + 1 < d->ndates; i++) {
		int m = atoi(d->dates[i] + 5);
		if (m % 3 != 0)
			return 0;
	}
	return 1;
}

/* A line chart of the trend's dates.  series[s][i] < 0 is no point;
 * percent: the scale is 0–100 %. */
typedef struct line {
	const double *v;
	const char *colour, *dash, *cls;
} line;

static void chart(FILE *f, const dossier *d, const char *id, const char *zh, const char *en,
                  const line *lines, int nlines, int percent, int w, int h)
{
	const int left = 46, right = 30, top = 28, bottom = 34;
	int pw = w - left - right, ph = h - top - bottom;
	double max = percent ? 1 : 0;
	for (int l = 0; l < nlines; l++)
		for (size_t i = 0; i < d->ndates; i++)
			if (lines[l].v[i] > max)
				max = lines[l].v[i];
	if (!percent) { /* four round steps above the largest value */
		double step = (max > 0 ? max * 1.05 : 1) / 4, mag = 1;
		while (mag * 10 <= step)
			mag *= 10;
		while (mag > step)
			mag /= 10;
		double norm = step / mag;
		max = 4 * mag * (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10);
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend-chart\" id=\"%s\" width=\"%d\" height=\"%d\" role=\"img\">", id, w, h);
	fprintf(f, "<text x=\"0\" y=\"16\" font-weight=\"bold\">");
	tbi_cut(f, zh, en, (w - 10) / 7);
	fputs("</text>\n", f);
	/* the grid and the y scale */
	for (int g = 0; g <= 4; g++) {
		int y = top + ph - ph * g / 4;
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>", left, y, left + pw, y);
		if (percent)
			fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"small\" text-anchor=\"end\">%d%%</text>", left - 4, y + 4, 25 * g);
		else
			fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"small\" text-anchor=\"end\">%g</text>", left - 4, y + 4, max * g / 4);
	}
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", left, top + ph, left + pw, top + ph);
	size_t n = d->ndates;
	/* x labels: as many as fit (about 60 pixels each), the last always */
	size_t fit = (size_t)(pw / 60) > 1 ? (size_t)(pw / 60) : 2;
	size_t every = n > fit ? (n + fit - 1) / fit : 1;
	int q = quarterly(d);
	for (size_t i = 0; i < n; i++) {
		int x = left + (n > 1 ? (int)((double)pw * (double)i / (double)(n - 1)) : pw / 2);
		/* every `every`-th, and the last; none too close before the last */
		if (i + 1 != n && (i % every || (n - 1 - i) * 2 < every))
			continue;
		char lab[32];
		date_label(lab, sizeof lab, d->dates[i], q);
		fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"small\" text-anchor=\"middle\">%s</text>", x, top + ph + 16, lab);
	}
	for (int l = 0; l < nlines; l++) {
		fprintf(f, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s points=\"",
		        lines[l].cls, lines[l].colour, lines[l].dash ? " stroke-dasharray=\"" : "",
		        lines[l].dash ? lines[l].dash : "", lines[l].dash ? "\"" : "");
		for (size_t i = 0; i < n; i++) {
			if (lines[l].v[i] < 0)
				continue;
			double x = left + (n > 1 ? (double)pw * (double)i / (double)(n - 1) : pw / 2.0);
			fprintf(f, "%.1f,%.1f ", x, top + ph - ph * lines[l].v[i] / max);
		}
		fputs("\"/>\n", f);
		if (lines[l].dash)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (lines[l].v[i] < 0)
				continue;
			double x = left + (n > 1 ? (double)pw * (double)i / (double)(n - 1) : pw / 2.0);
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: ", x,
			        top + ph - ph * lines[l].v[i] / max, lines[l].colour, d->dates[i]);
			if (percent)
				fprintf(f, "%.0f%%", 100 * lines[l].v[i]);
			else
				fprintf(f, "%g", lines[l].v[i]);
			fputs("</title></circle>", f);
		}
		fputc('\n', f);
	}
	fputs("</svg>\n", f);
}

static void trend(FILE *f, const dossier *d)
{
	if (d->ndates == 0)
		return;
	fputs("<section id=\"trend\"><h2>", f);
	bi(f, "趋势", "Trend");
	fputs("</h2>\n<div class=\"charts\">\n", f);
	double *v = malloc(3 * d->ndates * sizeof *v);
	if (!v)
		abort();
	for (size_t i = 0; i < d->ndates; i++) {
		const dz_point *p = dossier_point(d, i, NULL);
		v[i] = p ? p->score : -1;
	}
	line total = { v, "#1f4e79", NULL, "score" };
	chart(f, d, "trend-score", "综合得分", "Overall score", &total, 1, 1, 640, 240);
	fputs("</div>\n<h3>", f);
	bi(f, "重点指标：实际与应达进度", "Headline KPIs: actual against expected");
	fputs("</h3>\n<div class=\"charts\">\n", f);
	/* the headline KPIs: those of one row (plan-wide or zones together) */
	size_t nk = 0;
	for (size_t k = 0; k < d->nkpis; k++) {
		const dz_kpi *x = &d->kpis[k];
		if (k > 0 && !strcmp(d->kpis[k - 1].kpi, x->kpi))
			continue;
		int single = 1;
		for (size_t i = 0; i < d->ndates && single; i++) {
			const dz_point *p = dossier_point(d, i, x->kpi);
			single = p && p->single;
		}
		if (!single)
			continue;
		for (size_t i = 0; i < d->ndates; i++) {
			const dz_point *p = dossier_point(d, i, x->kpi);
			v[i] = p->actual;
			v[d->ndates + i] = p->expected;
			v[2 * d->ndates + i] = p->target;
		}
		line lines[] = { { v + 2 * d->ndates, "#c0392b", "2 3", "target" },
			         { v + d->ndates, "#888888", "6 4", "expected" },
			         { v, "#1f4e79", NULL, "actual" } };
		char id[64];
		snprintf(id, sizeof id, "trend-kpi-%zu", nk++);
		fprintf(f, "<figure class=\"kpi-trend\" data-kpi=\"");
		esc(f, x->kpi);
		fputs("\">", f);
		chart(f, d, id, x->name_zh, x->name_en, lines, 3, 0, 400, 220);
		fputs("</figure>\n", f);
	}
	free(v);
	fputs("</div>\n<p class=\"small\"><span class=\"key\" style=\"border-color:#1f4e79\"></span>", f);
	bi(f, "实际", "actual");
	fputs("<span class=\"key dashed\" style=\"border-color:#888\"></span>", f);
	bi(f, "应达进度（按已过时间）", "expected by the date");
	fputs("<span class=\"key dotted\" style=\"border-color:#c0392b\"></span>", f);
	bi(f, "目标", "target");
	fputs("</p></section>\n", f);
}

static void legend(FILE *f)
{
	static const char *const st[] = { "met", "exceeded", "on_track", "at_risk", "behind", "missed", "not_started",
		                          "done", "in_progress", "blocked", "cancelled", NULL };
	fputs("<footer><h2>", f);
	bi(f, "图例", "Legend");
	fputs("</h2><p>", f);
	for (int i = 0; st[i]; i++) {
		fprintf(f, "<span class=\"swatch\" style=\"background:%s\"></span>", status_fill(st[i]));
		bi(f, status_zh(st[i]), status_en(st[i]));
	}
	fputs("</p></footer>\n", f);
}

int write_html(const dossier *d, FILE *f, const char *lang)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\" data-lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	        strcmp(lang, "en") ? "zh-CN" : "en", lang);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	esc(f, d->plan_title_zh);
	fputs(" — 作战图 battle map</title>\n", f);
	/* First of all: record any script error in the page itself, where a
	 * test (or a reader) can see it. */
	fputs("<script>window.addEventListener('error',function(e){var h=document.documentElement;"
	      "h.setAttribute('data-js-errors',(h.getAttribute('data-js-errors')||'')+String(e.message)+';');});</script>\n", f);
	fprintf(f, "<style>%s</style>\n</head>\n<body>\n<header><h1>", css);
	bi(f, d->plan_title_zh, d->plan_title_en);
	fputs("</h1><p>", f);
	bi(f, "作战图", "Battle map");
	fputs(" · ", f);
	bi(f, "截至", "as of");
	fputs(" <time>", f);
	esc(f, d->as_of);
	fputs("</time> · <code>", f);
	esc(f, d->plan);
	fputs("</code></p>\n<button type=\"button\" id=\"lang-toggle\">", f);
	bi(f, "English", "中文");
	fputs("</button></header>\n", f);
	if (d->trend_only) {
		trend(f, d);
	} else {
		zone_chart(f, d);
		kpi_grid(f, d);
		trend(f, d);
		matrix(f, d);
		overdue(f, d);
		legend(f);
	}
	fputs("<script>(function(){var h=document.documentElement;"
	      "function set(l){h.setAttribute('data-lang',l);h.setAttribute('lang',l==='en'?'en':'zh-CN');}"
	      "if(location.hash==='#en'||location.hash==='#zh')set(location.hash.slice(1));"
	      "document.getElementById('lang-toggle').addEventListener('click',function(){"
	      "set(h.getAttribute('data-lang')==='en'?'zh':'en');});"
	      "h.setAttribute('data-js-ok','1');})();</script>\n</body>\n</html>\n", f);
	return 0;
}
