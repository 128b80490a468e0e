/*
 * goc — the dossier: everything the workbook (xlsx.c) and the battle map
 * (html.c) show, read once through the public API and kept in plain
 * arrays so that the two renderers share one reading of the database.
 */
#ifndef GOC_DOSSIER_H
#define GOC_DOSSIER_H

#include <stddef.h>
#include <goc.h>

/* A task of the plan, in tree order. */
typedef struct dz_task {
	char *code, *parent, *label, *title, *title_en, *due, *status;
	char *leads, *units; /* lead units / other responsible units, ", "-separated: each once, by code (goc_dossier_list()) */
	int level;           /* goc_task_level */
	int leaf;            /* no children */
	int overdue;         /* due before the as-of date, neither done nor cancelled */
} dz_task;

/* A latest progress report of a unit on a task as of the date
 * (goc_report_latest_as_of(): tree order, then unit code). */
typedef struct dz_report {
	char *task, *unit, *period, *date, *status, *text;
	int percent; /* or GOC_PERCENT_NONE */
} dz_report;

/* A unit's role in a leaf task (goc_dossier_list(): each unit once, its strongest role). */
typedef struct dz_role {
	char *task, *unit;
	int lead;
} dz_role;

/* A KPI row (goc_kpi_evaluate()) with its KPI's names and scope. */
typedef struct dz_kpi {
	char *kpi, *name_zh, *name_en, *member, *start, *end, *status;
	int scope, year;
	double actual, expected, target_min, target_max, score;
} dz_kpi;

/* A code with its names (units, zones). */
typedef struct dz_name {
	char *code, *name_zh, *name_en;
} dz_name;

/* A point of the trend (goc_score_series() by plan, goc_kpi_series()):
 * a KPI's score on a date, or the plan's (kpi NULL). */
typedef struct dz_point {
	char *as_of, *kpi, *status;
	double score;  /* 0–1, or -1 when nothing is scored */
	int rows, met; /* the KPI's rows on that date, those met */
	int single;    /* the KPI has one row: actual, expected, target are its */
	double actual, expected, target;
} dz_point;

typedef struct dossier {
	char *plan, *plan_title_zh, *plan_title_en, *as_of;
	dz_task *tasks;     size_t ntasks;
	dz_report *reports; size_t nreports;
	dz_role *roles;     size_t nroles;
	dz_kpi *kpis;       size_t nkpis;
	dz_name *units;     size_t nunits;
	dz_name *zones;     size_t nzones;
	dz_name *groups;    size_t ngroups; /* dossier_read_names() only */
	char **dates;       size_t ndates;  /* the trend's dates */
	dz_point *trend;    size_t ntrend;  /* by date, KPIs in order, then the total */
	int trend_only;     /* the document of `report trend`: the trend alone */
} dossier;

/* Read the dossier of a plan as of a date.  Returns GOC_OK or the
 * library's error (its message set); *out is then NULL. */
int dossier_read(dossier **out, goc_db *db, const char *plan, const char *as_of);
void dossier_free(dossier *d);
/* A dossier holding only the names of the units, zones and groups
 * (goc_unit_list(), goc_zone_list() — what the workbook names them by —
 * and goc_group_list()), for the text tables under --lang zh
 * (cli_name_zh()). */
int dossier_read_names(dossier **out, goc_db *db);
/* Read (again) the trend of d's plan at the dates of o (goc_series_opts);
 * dossier_read() reads it at every quarter end from the plan's start to the
 * as-of date, and the as-of date itself. */
int dossier_read_trend(dossier *d, goc_db *db, const goc_series_opts *o);
/* The point of a KPI (NULL: the total) on the trend's i-th date, or NULL. */
const dz_point *dossier_point(const dossier *d, size_t date, const char *kpi);

/* Lookups (NULL when absent). */
const dz_name *dossier_unit(const dossier *d, const char *code);
const dz_name *dossier_zone(const dossier *d, const char *code);
const dz_name *dossier_group(const dossier *d, const char *code);
const dz_report *dossier_report(const dossier *d, const char *task, const char *unit);
const dz_task *dossier_task(const dossier *d, const char *code);

/* The fill colour of a status (KPI or task status, or "none"), as
 * "#RRGGBB"; documented in docs/reports.md. */
const char *status_fill(const char *status);
/* Chinese and English display names of a status. */
const char *status_zh(const char *status);
const char *status_en(const char *status);

#endif /* GOC_DOSSIER_H */
