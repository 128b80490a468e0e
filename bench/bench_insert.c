/*
 * bench_insert — benchmark 1 of bench/: bulk insert of N organizations in
 * one transaction through the C API, against raw SQLite prepared inserts
 * of exactly the rows libgoc writes for them (the organization, its first
 * stage-history row, its audit record with the row as JSON and a hash)
 * into the same tables, in the
 * same kind of file (WAL, same pragmas), on the same machine, in the same
 * run.  The ratio is libgoc's own overhead: validation, uniqueness and
 * reference checks, formatting, and the SHA-256 of the audit chain.
 *
 * Four sides, one per process: "bulk", the bulk path
 * (goc_org_create_many() over batches of BATCH organizations, all in one
 * goc_db_begin() transaction: benchmark insert-orgs-c); "each", one
 * goc_org_create() call per organization in the same transaction
 * (insert-orgs-c-each); "raw", the baseline of both, a statement a row;
 * "raw32", the same rows 32 to a statement, as libgoc's bulk path writes
 * them (insert-orgs-c-raw32, no target).  bench/run runs the
 * sides alternately, each in a fresh process on a fresh file, and takes
 * the medians: the sides do not share a process's heap or page cache, and
 * no side always runs first.
 *
 * usage: bench_insert N DIR raw|raw32|bulk|each
 *        prints {"side": S, "n": N, "value": SECONDS}; the file
 *        DIR/bench-S.db is removed afterwards
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <goc.h>

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A timed span: wall-clock and process CPU time (the machine's load
 * inflates the first much more than the second). */
struct span {
	double wall, cpu;
};

static struct span start(void)
{
	return (struct span){ now(CLOCK_MONOTONIC), now(CLOCK_PROCESS_CPUTIME_ID) };
}

static struct span since(struct span t0)
{
	return (struct span){ now(CLOCK_MONOTONIC) - t0.wall, now(CLOCK_PROCESS_CPUTIME_ID) - t0.cpu };
}

static const char *const zones[] = { "expo", "lujiazui", "zhangjiang", "jinqiao", "ftz" };
static const char *const units[] = { "commerce", "scitech", "financial", "justice", "expo-bureau" };

static void name(char *buf, size_t size, long i)
{
	snprintf(buf, size, "基准组织%08ld", i);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_insert: %s: %s\n", what, goc_error_message());
	exit(1);
}

/* The database file and its WAL companions. */
static void remove_db(const char *path)
{
	char aux[600];
	remove(path);
	snprintf(aux, sizeof aux, "%s-wal", path);
	remove(aux);
	snprintf(aux, sizeof aux, "%s-shm", path);
	remove(aux);
}

/* A fresh libgoc database file with the reference data. */
static goc_db *fresh(const char *path)
{
	goc_db *db = NULL;
	remove_db(path);
	if (goc_db_open(&db, path) != GOC_OK || goc_reference_load(db, "pudong") != GOC_OK)
		die(path);
	return db;
}

static void fields_of(goc_org_fields *f, char *zh, size_t size, long i)
{
	goc_org_fields init = GOC_ORG_FIELDS_INIT;
	*f = init;
	name(zh, size, i);
	f->name_zh = zh;
	f->category = 1 + (int)(i % 8);
	f->zone = zones[i % 5];
	f->unit = units[i % 5];
	f->date = "2024-03-01";
}

/* One goc_org_create() per organization. */
static struct span bench_goc_each(const char *path, long n)
{
	goc_db *db = fresh(path);
	char zh[64];
	struct span t0 = start();
	if (goc_db_begin(db) != GOC_OK)
		die("begin");
	for (long i = 0; i < n; i++) {
		goc_org_fields f;
		fields_of(&f, zh, sizeof zh, i);
		if (goc_org_create(NULL, db, &f) != GOC_OK)
			die("goc_org_create");
	}
	if (goc_db_commit(db) != GOC_OK)
		die("commit");
	struct span t = since(t0);
	goc_db_close(db);
	return t;
}

#ifndef BATCH
#define BATCH 1000 /* -DBATCH=k to try other lengths */
#endif

/* goc_org_create_many() over batches, in one transaction.  Filling the
 * batch's fields is timed too: it is the caller's share of the work. */
static struct span bench_goc_many(const char *path, long n)
{
	goc_db *db = fresh(path);
	static goc_org_fields f[BATCH];
	static char zh[BATCH][64];
	static int64_t ids[BATCH];
	struct span t0 = start();
	if (goc_db_begin(db) != GOC_OK)
		die("begin");
	for (long i = 0; i < n; i += BATCH) {
		size_t k = (size_t)(n - i < BATCH ? n - i : BATCH);
		for (size_t j = 0; j < k; j++)
			fields_of(&f[j], zh[j], sizeof zh[j], i + (long)j);
		if (goc_org_create_many(ids, db, f, k) != GOC_OK)
			die("goc_org_create_many");
	}
	if (goc_db_commit(db) != GOC_OK)
		die("commit");
	struct span t = since(t0);
	goc_db_close(db);
	return t;
}

static const char *const categories[] = { "economic", "scitech", "professional", "trade",
	                                  "standards", "arbitration", "finance", "other" };

/* A raw side's end: commit, stop the clock, close. */
static struct span raw_finish(sqlite3 *s, struct span t0, sqlite3_stmt *org, sqlite3_stmt *hist,
                              sqlite3_stmt *log)
{
	sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
	struct span t = since(t0);
	sqlite3_finalize(org);
	sqlite3_finalize(hist);
	sqlite3_finalize(log);
	sqlite3_close(s);
	return t;
}

/* The audit record's JSON of organization i (row id `rowid`, name zh), as
 * libgoc writes it. */
static void record_json(char *after, size_t size, sqlite3_int64 rowid, const char *zh, long i)
{
	snprintf(after, size,
	         "{\"id\":%lld,\"name_zh\":\"%s\",\"name_en\":null,\"category\":\"%s\","
	         "\"origin\":\"international\",\"zone\":\"%s\",\"unit\":\"%s\","
	         "\"id_scheme\":null,\"id_value\":null,\"notes\":null,\"stage\":\"target\","
	         "\"stage_date\":\"2024-03-01\",\"created\":\"2024-03-01\","
	         "\"name_zh_key\":\"%s\",\"name_en_key\":null,\"name_zh_dup\":0,"
	         "\"name_en_dup\":0,\"review\":null,\"hq\":null}",
	         (long long)rowid, zh, categories[i % 8], zones[i % 5], units[i % 5], zh);
}

static struct span bench_raw(const char *path, long n)
{
	goc_db_close(fresh(path)); /* the same schema and reference rows */
	sqlite3 *s;
	sqlite3_stmt *org, *hist, *log;
	if (sqlite3_open(path, &s) != SQLITE_OK)
		die("sqlite3_open");
	/* the pragmas libgoc's handle sets (lib/db.c): statement journals in
	 * memory, as libgoc keeps them, not in temporary files */
	sqlite3_exec(s, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
	                " PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	/* name_zh_key: these names (CJK and digits) are their own normalized
	 * form, so the row is exactly libgoc's */
	if (sqlite3_prepare_v2(s, "INSERT INTO organizations (name_zh, name_en, category, origin,"
	                          " zone, unit, id_scheme, id_value, notes, stage, stage_date, created,"
	                          " name_zh_key)"
	                          " VALUES (?1, NULL, ?2, 'international', ?3, ?4, NULL, NULL, NULL,"
	                          " 'target', ?5, ?5, ?1)", -1, &org, NULL) ||
	    sqlite3_prepare_v2(s, "INSERT INTO stage_history (org_id, from_stage, to_stage, date, unit,"
	                          " note, recorded_by, recorded_at) VALUES (?1, NULL, 'target', ?2, ?3,"
	                          " NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", -1, &hist, NULL) ||
	    sqlite3_prepare_v2(s, "INSERT INTO change_log (seq, recorded_at, actor, action,"
	                          " object_kind, object_id, outcome, detail, before, after, hash)"
	                          " VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL,"
	                          " 'org.create', 'organization', ?2, 'ok', NULL, NULL, ?3, ?4)",
	                          -1, &log, NULL))
		die(sqlite3_errmsg(s));
	char zh[64], id[32], after[512];
	unsigned char hash[32] = { 0 };
	sqlite3_int64 seq = 0;
	sqlite3_stmt *last;
	if (sqlite3_prepare_v2(s, "SELECT max(seq) FROM change_log", -1, &last, NULL) ||
	    sqlite3_step(last) != SQLITE_ROW)
		die(sqlite3_errmsg(s));
	seq = sqlite3_column_int64(last, 0);
	sqlite3_finalize(last);
	struct span t0 = start();
	sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	for (long i = 0; i < n; i++) {
		name(zh, sizeof zh, i);
		sqlite3_bind_text(org, 1, zh, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(org, 2, categories[i % 8], -1, SQLITE_STATIC);
		sqlite3_bind_text(org, 3, zones[i % 5], -1, SQLITE_STATIC);
		sqlite3_bind_text(org, 4, units[i % 5], -1, SQLITE_STATIC);
		sqlite3_bind_text(org, 5, "2024-03-01", -1, SQLITE_STATIC);
		if (sqlite3_step(org) != SQLITE_DONE)
			die(sqlite3_errmsg(s));
		sqlite3_reset(org);
		sqlite3_int64 rowid = sqlite3_last_insert_rowid(s);
		sqlite3_bind_int64(hist, 1, rowid);
		sqlite3_bind_text(hist, 2, "2024-03-01", -1, SQLITE_STATIC);
		sqlite3_bind_text(hist, 3, units[i % 5], -1, SQLITE_STATIC);
		if (sqlite3_step(hist) != SQLITE_DONE)
			die(sqlite3_errmsg(s));
		sqlite3_reset(hist);
		snprintf(id, sizeof id, "%lld", (long long)rowid);
		/* the same record: the row as JSON after the change, and a
		 * 32-byte hash (not computed: hashing is libgoc's overhead) */
		record_json(after, sizeof after, rowid, zh, i);
		memcpy(hash, &rowid, sizeof rowid);
		sqlite3_bind_int64(log, 1, ++seq);
		sqlite3_bind_text(log, 2, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(log, 3, after, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(log, 4, hash, sizeof hash, SQLITE_TRANSIENT);
		if (sqlite3_step(log) != SQLITE_DONE)
			die(sqlite3_errmsg(s));
		sqlite3_reset(log);
	}
	return raw_finish(s, t0, org, hist, log);
}

/* raw32: the baseline written as libgoc's bulk path writes (lib/org.c):
 * 32 rows a statement for each table.  No target: it shows what libgoc
 * adds to SQL of the same shape, where "raw" is the way most programs
 * would write the rows.  n must be a multiple of 32. */
#define CHUNK 32

static sqlite3_stmt *chunk_stmt(sqlite3 *s, const char *head, const char *row)
{
	sqlite3_str *sql = sqlite3_str_new(s);
	sqlite3_str_appendall(sql, head);
	for (int j = 0; j < CHUNK; j++)
		sqlite3_str_appendf(sql, "%s%s", j ? "," : "", row);
	char *text = sqlite3_str_finish(sql);
	sqlite3_stmt *st = NULL;
	if (!text || sqlite3_prepare_v2(s, text, -1, &st, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(s));
	sqlite3_free(text);
	return st;
}

static struct span bench_raw_chunked(const char *path, long n)
{
	if (n % CHUNK)
		die("raw32: n must be a multiple of 32");
	goc_db_close(fresh(path));
	sqlite3 *s;
	if (sqlite3_open(path, &s) != SQLITE_OK)
		die("sqlite3_open");
	sqlite3_exec(s, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
	                " PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_stmt *org = chunk_stmt(s, "INSERT INTO organizations (name_zh, name_en, category,"
	                                  " origin, zone, unit, id_scheme, id_value, notes, stage,"
	                                  " stage_date, created, name_zh_key) VALUES ",
	                               "(?, NULL, ?, 'international', ?, ?, NULL, NULL, NULL,"
	                               " 'target', ?, ?, ?)");
	sqlite3_stmt *hist = chunk_stmt(s, "INSERT INTO stage_history (org_id, from_stage, to_stage,"
	                                   " date, unit, note, recorded_by, recorded_at) VALUES ",
	                                "(?, NULL, 'target', ?, ?, NULL, NULL,"
	                                " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
	sqlite3_stmt *log = chunk_stmt(s, "INSERT INTO change_log (seq, recorded_at, actor, action,"
	                                  " object_kind, object_id, outcome, detail, before, after,"
	                                  " hash) VALUES ",
	                               "(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL,"
	                               " 'org.create', 'organization', ?, 'ok', NULL, NULL, ?, ?)");
	sqlite3_stmt *last;
	if (sqlite3_prepare_v2(s, "SELECT max(seq) FROM change_log", -1, &last, NULL) ||
	    sqlite3_step(last) != SQLITE_ROW)
		die(sqlite3_errmsg(s));
	sqlite3_int64 seq = sqlite3_column_int64(last, 0);
	sqlite3_finalize(last);
	char zh[64], id[32], after[512];
	unsigned char hash[32] = { 0 };
	struct span t0 = start();
	sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	for (long i = 0; i < n; i += CHUNK) {
		for (int j = 0; j < CHUNK; j++) {
			long e = i + j;
			name(zh, sizeof zh, e);
			sqlite3_bind_text(org, 7 * j + 1, zh, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(org, 7 * j + 2, categories[e % 8], -1, SQLITE_STATIC);
			sqlite3_bind_text(org, 7 * j + 3, zones[e % 5], -1, SQLITE_STATIC);
			sqlite3_bind_text(org, 7 * j + 4, units[e % 5], -1, SQLITE_STATIC);
			sqlite3_bind_text(org, 7 * j + 5, "2024-03-01", -1, SQLITE_STATIC);
			sqlite3_bind_text(org, 7 * j + 6, "2024-03-01", -1, SQLITE_STATIC);
			sqlite3_bind_text(org, 7 * j + 7, zh, -1, SQLITE_TRANSIENT);
		}
		if (sqlite3_step(org) != SQLITE_DONE)
			die(sqlite3_errmsg(s));
		sqlite3_reset(org);
		sqlite3_int64 first = sqlite3_last_insert_rowid(s) - (CHUNK - 1);
		for (int j = 0; j < CHUNK; j++) {
			long e = i + j;
			sqlite3_int64 rowid = first + j;
			sqlite3_bind_int64(hist, 3 * j + 1, rowid);
			sqlite3_bind_text(hist, 3 * j + 2, "2024-03-01", -1, SQLITE_STATIC);
			sqlite3_bind_text(hist, 3 * j + 3, units[e % 5], -1, SQLITE_STATIC);
			name(zh, sizeof zh, e);
			snprintf(id, sizeof id, "%lld", (long long)rowid);
			record_json(after, sizeof after, rowid, zh, e);
			memcpy(hash, &rowid, sizeof rowid);
			sqlite3_bind_int64(log, 4 * j + 1, ++seq);
			sqlite3_bind_text(log, 4 * j + 2, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(log, 4 * j + 3, after, -1, SQLITE_TRANSIENT);
			sqlite3_bind_blob(log, 4 * j + 4, hash, sizeof hash, SQLITE_TRANSIENT);
		}
		if (sqlite3_step(hist) != SQLITE_DONE || sqlite3_step(log) != SQLITE_DONE)
			die(sqlite3_errmsg(s));
		sqlite3_reset(hist);
		sqlite3_reset(log);
	}
	return raw_finish(s, t0, org, hist, log);
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[3], "raw") && strcmp(argv[3], "raw32") &&
	                  strcmp(argv[3], "bulk") && strcmp(argv[3], "each"))) {
		fprintf(stderr, "usage: bench_insert N DIR raw|raw32|bulk|each\n");
		return 2;
	}
	long n = atol(argv[1]);
	const char *side = argv[3];
	char path[512];
	snprintf(path, sizeof path, "%s/bench-%s.db", argv[2], side);
	struct span t = !strcmp(side, "raw")    ? bench_raw(path, n)
	           : !strcmp(side, "raw32") ? bench_raw_chunked(path, n)
	           : !strcmp(side, "bulk") ? bench_goc_many(path, n)
	                                   : bench_goc_each(path, n);
	remove_db(path);
	printf("{\"side\": \"%s\", \"n\": %ld, \"value\": %.6f, \"cpu\": %.6f}\n", side, n, t.wall,
	       t.cpu);
	return 0;
}
