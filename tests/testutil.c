/*
 * testutil — see testutil.h.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

goc_db *tu_open_memory(void)
{
	goc_db *db = NULL;
	goc_error_clear();
	if (goc_db_open(&db, ":memory:") != GOC_OK || db == NULL) {
		fprintf(stderr, "goc_db_open(:memory:): %s\n", goc_error_message());
		abort();
	}
	return db;
}

void tu_setup_must(int rc, const char *what)
{
	if (rc != GOC_OK) {
		fprintf(stderr, "fixture: %s: %d (%s): %s\n", what, rc, goc_strerror(rc),
		        goc_error_message());
		abort();
	}
}

/* The state named by tu_fixtures(): the suite's own variables. */
static struct {
	goc_db **db;
	char *tmpdir;
	size_t tmpdir_size;
	const char *tag;
	void (*load)(void);
} fx;

void tu_fixtures(goc_db **db, char *tmpdir, size_t tmpdir_size, const char *tag,
                 void (*load)(void))
{
	fx.db = db;
	fx.tmpdir = tmpdir;
	fx.tmpdir_size = tmpdir_size;
	fx.tag = tag;
	fx.load = load;
}

static void fx_named(void)
{
	if (!fx.tag) {
		fprintf(stderr, "testutil: a fixture ran before tu_fixtures()\n");
		abort();
	}
}

void tu_mem_setup(void)
{
	fx_named();
	if (!fx.db) {
		fprintf(stderr, "testutil: tu_mem_setup() without a db\n");
		abort();
	}
	*fx.db = tu_open_memory();
	if (fx.load)
		fx.load();
}

void tu_mem_teardown(void)
{
	fx_named();
	if (fx.db) {
		goc_db_close(*fx.db);
		*fx.db = NULL;
	}
}

void tu_file_setup(void)
{
	fx_named();
	if (!fx.tmpdir) {
		fprintf(stderr, "testutil: tu_file_setup() without a tmpdir\n");
		abort();
	}
	tu_tmpdir_make(fx.tmpdir, fx.tmpdir_size, fx.tag);
	if (fx.db)
		*fx.db = NULL;
	goc_error_clear();
}

void tu_file_teardown(void)
{
	tu_mem_teardown();
	tu_tmpdir_remove(fx.tmpdir);
}

char *tu_repeat(const char *piece, size_t n)
{
	size_t len = strlen(piece);
	char *s = malloc(len * n + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, piece, len);
	s[len * n] = '\0';
	return s;
}

void tu_tmpdir_make(char *dir, size_t size, const char *tag)
{
	snprintf(dir, size, "/tmp/goc-%s-XXXXXX", tag);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
}

void tu_tmpdir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void unlink_suffix(const char *path, const char *suffix)
{
	char p[1024];
	snprintf(p, sizeof p, "%s%s", path, suffix);
	unlink(p);
}

void tu_db_remove(const char *path)
{
	unlink(path);
	unlink_suffix(path, "-wal");
	unlink_suffix(path, "-shm");
	unlink_suffix(path, "-journal");
}

static int copy_file(const char *src, const char *dst, char *err, size_t errsize)
{
	FILE *in = fopen(src, "rb"), *out;
	char buf[65536];
	size_t n;
	int bad = 0;

	if (!in) {
		snprintf(err, errsize, "cannot open %s", src);
		return -1;
	}
	out = fopen(dst, "wb");
	if (!out) {
		fclose(in);
		snprintf(err, errsize, "cannot create %s", dst);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			bad = 1;
	if (ferror(in))
		bad = 1;
	fclose(in);
	if (fclose(out) != 0)
		bad = 1;
	if (bad)
		snprintf(err, errsize, "copying %s to %s failed", src, dst);
	return bad ? -1 : 0;
}

int tu_db_copy(const char *src, const char *dst, char *err, size_t errsize)
{
	char s[1024], d[1024];

	tu_db_remove(dst);
	if (copy_file(src, dst, err, errsize) != 0)
		return -1;
	snprintf(s, sizeof s, "%s-wal", src);
	snprintf(d, sizeof d, "%s-wal", dst);
	if (access(s, F_OK) == 0)
		return copy_file(s, d, err, errsize);
	return 0;
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = (size_t)n;
	}
	return buf;
}

const char *tu_source_path(char *buf, size_t size, const char *rel)
{
	const char *src = getenv("GOC_SOURCE_DIR");
	if (!src)
		return NULL;
	snprintf(buf, size, "%s/%s", src, rel);
	return buf;
}

char *tu_source_read(const char *rel, size_t *len, char *path, size_t pathsize)
{
	static const char *const guesses[] = { ".", "..", "../..", "../../.." };
	const char *dir = getenv("GOC_SOURCE_DIR");

	if (!dir || !dir[0]) {
		dir = guesses[0];
		for (size_t i = 0; i < sizeof guesses / sizeof guesses[0]; i++) {
			snprintf(path, pathsize, "%s/tests/testutil.h", guesses[i]);
			if (access(path, R_OK) == 0) {
				dir = guesses[i];
				break;
			}
		}
	}
	snprintf(path, pathsize, "%s/%s", dir, rel);
	return tu_slurp(path, len);
}

int tu_unit_add(goc_db *db, const char *code, const char *name_zh, int kind)
{
	goc_unit_fields f = GOC_UNIT_FIELDS_INIT;
	f.code = code;
	f.name_zh = name_zh;
	f.kind = kind;
	return goc_unit_create(db, &f);
}

int tu_org_add(int64_t *id, goc_db *db, const char *name_zh, int category, const char *zone,
               const char *unit, const char *date)
{
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	f.name_zh = name_zh;
	f.category = category;
	f.zone = zone;
	f.unit = unit;
	f.date = date;
	return goc_org_create(id, db, &f);
}

int tu_plan_add(goc_db *db, const char *code, const char *title_zh, const char *start,
                const char *end)
{
	goc_plan_fields f = GOC_PLAN_FIELDS_INIT;
	f.code = code;
	f.title_zh = title_zh;
	f.start = start;
	f.end = end;
	return goc_plan_create(db, &f);
}

int tu_goal_add(goc_db *db, const char *plan, const char *code, const char *title_zh,
                const char *title_en, const char *text)
{
	goc_goal_fields f = GOC_GOAL_FIELDS_INIT;
	f.plan = plan;
	f.code = code;
	f.title_zh = title_zh;
	f.title_en = title_en;
	f.text = text;
	return goc_goal_create(db, &f);
}

int tu_task_add(goc_db *db, const char *plan, const char *code, const char *parent, int level,
                const char *label, const char *title_zh, const char *text, const char *due,
                int recurrence)
{
	goc_task_fields f = GOC_TASK_FIELDS_INIT;
	f.plan = plan;
	f.code = code;
	f.parent = parent;
	f.level = level;
	f.label = label;
	f.title_zh = title_zh;
	f.text = text;
	f.due = due;
	f.recurrence = recurrence;
	return goc_task_create(db, &f);
}

static int raw_open(const char *path, sqlite3 **out)
{
	/* the default VFS: a test program may have put a shim in front */
	int rc = sqlite3_open_v2(path, out, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_busy_timeout(*out, 10000);
	return SQLITE_OK;
}

int tu_integrity(const char *path, char *out, size_t size)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	int rc = raw_open(path, &s);

	out[0] = '\0';
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		/* every line of the answer, "ok" alone if intact */
		size_t used = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			used += (size_t)snprintf(out + used, used < size ? size - used : 0, "%s%s",
			                         used ? "; " : "",
			                         (const char *)sqlite3_column_text(st, 0));
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc != SQLITE_OK)
		snprintf(out, size, "integrity_check could not run: %s",
		         s ? sqlite3_errmsg(s) : sqlite3_errstr(rc));
	sqlite3_finalize(st);
	sqlite3_close(s);
	return rc == SQLITE_OK ? 0 : -1;
}

/* FNV-1a, then a finaliser so that sums of row hashes do not cancel. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int is_clock_time(const char *s, int n)
{
	return n >= 20 && n <= 30 && s[4] == '-' && s[7] == '-' && s[10] == 'T' &&
	       s[13] == ':' && s[n - 1] == 'Z';
}

/* Values made by chance or by the clock in seconds (schema 8): a password's
 * salted hash, a token's digest, a failed login's time. */
static int is_random(const char *table, const char *col)
{
	return col && (strcmp(col, "password_hash") == 0 || strcmp(col, "token_sha256") == 0 ||
	               (strcmp(table, "login_failures") == 0 && strcmp(col, "at") == 0));
}

static int hash_table(sqlite3 *s, const char *table, struct tu_fp *fp, char *err,
                      size_t errsize)
{
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
	sqlite3_stmt *st = NULL;
	int rc = sql ? sqlite3_prepare_v2(s, sql, -1, &st, NULL) : SQLITE_NOMEM;
	uint64_t th = fnv(0xcbf29ce484222325ULL, table, strlen(table));

	sqlite3_free(sql);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t h = th;
		int ncol = sqlite3_column_count(st);
		for (int i = 0; i < ncol; i++) {
			unsigned char type = (unsigned char)sqlite3_column_type(st, i);
			const void *p = NULL;
			int n = 0;
			if (type != SQLITE_NULL) {
				p = type == SQLITE_BLOB ? sqlite3_column_blob(st, i)
				                        : (const void *)sqlite3_column_text(st, i);
				n = sqlite3_column_bytes(st, i);
				if (type == SQLITE_TEXT && is_clock_time(p, n)) {
					p = "clock";
					n = 5;
				} else if (is_random(table, sqlite3_column_name(st, i))) {
					p = "random";
					n = 6;
				}
			}
			h = fnv(h, &type, 1);
			h = fnv(h, &n, sizeof n);
			if (n)
				h = fnv(h, p, (size_t)n);
		}
		fp->hash += mix(h);
		fp->rows++;
		rc = SQLITE_OK;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		snprintf(err, errsize, "reading table %s: %s", table, sqlite3_errmsg(s));
	sqlite3_finalize(st);
	return rc;
}

int tu_fingerprint(const char *path, struct tu_fp *out, char *err, size_t errsize)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	int rc = raw_open(path, &s);

	memset(out, 0, sizeof *out);
	/* one read transaction: one state of the file */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s, "BEGIN", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s,
		    "SELECT name FROM sqlite_schema WHERE type = 'table'"
		    " AND (name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR name = 'sqlite_sequence')"
		    " AND name <> 'change_log' AND sql NOT LIKE 'CREATE VIRTUAL%'"
		    " ORDER BY name", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsize, "%s: %s", path, s ? sqlite3_errmsg(s) : sqlite3_errstr(rc));
		sqlite3_close(s);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = hash_table(s, (const char *)sqlite3_column_text(st, 0), out, err, errsize);
		if (rc != SQLITE_OK)
			break;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		rc = sqlite3_prepare_v2(s, "SELECT count(*) FROM change_log", -1, &st, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			out->log_rows = sqlite3_column_int64(st, 0);
			rc = SQLITE_DONE;
		} else {
			snprintf(err, errsize, "%s: counting change_log: %s", path, sqlite3_errmsg(s));
		}
		sqlite3_finalize(st);
	}
	sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int tu_exec(const char *path, const char *sql, char *err, size_t errsize)
{
	sqlite3 *s = NULL;
	char *msg = NULL;
	/* created if missing: a foreign SQLite file made by hand */
	int rc = sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(s, 10000);
		rc = sqlite3_exec(s, sql, NULL, NULL, &msg);
	}
	if (rc != SQLITE_OK)
		snprintf(err, errsize, "%s: %s", sql,
		         msg ? msg : s ? sqlite3_errmsg(s) : sqlite3_errstr(rc));
	sqlite3_free(msg);
	if (sqlite3_close(s) != SQLITE_OK && rc == SQLITE_OK) {
		snprintf(err, errsize, "%s: closing: %s", path, sqlite3_errmsg(s));
		rc = SQLITE_ERROR;
	}
	return rc == SQLITE_OK ? 0 : -1;
}

int tu_query_one(const char *path, const char *sql, int64_t *out, char *err, size_t errsize)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL);

	*out = -1;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_int64(st, 0);
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc != SQLITE_OK)
		snprintf(err, errsize, "%s: %s", sql, s ? sqlite3_errmsg(s) : sqlite3_errstr(rc));
	sqlite3_finalize(st);
	sqlite3_close(s);
	return rc == SQLITE_OK ? 0 : -1;
}

int64_t tu_query_int(const char *path, const char *sql)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (raw_open(path, &s) == SQLITE_OK &&
	    sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return v;
}

/* ---- the allocator (testutil.h) ---- */

static sqlite3_mem_methods mem_real;
static int (*mem_rule)(void);
static long mem_nth, mem_count, mem_live;

static int mem_fail(void)
{
	if (mem_rule)
		return mem_rule();
	return mem_nth > 0 && ++mem_count == mem_nth;
}

static void *mem_malloc(int n)
{
	if (mem_fail())
		return NULL;
	void *p = mem_real.xMalloc(n);
	if (p)
		__atomic_add_fetch(&mem_live, 1, __ATOMIC_RELAXED);
	return p;
}

static void mem_free(void *p)
{
	if (p)
		__atomic_sub_fetch(&mem_live, 1, __ATOMIC_RELAXED);
	mem_real.xFree(p);
}

static void *mem_realloc(void *p, int n)
{
	return mem_fail() ? NULL : mem_real.xRealloc(p, n);
}

static int mem_size(void *p) { return mem_real.xSize(p); }
static int mem_roundup(int n) { return mem_real.xRoundup(n); }
static int mem_init(void *arg) { return mem_real.xInit(arg); }
static void mem_shutdown(void *arg) { mem_real.xShutdown(arg); }

void tu_alloc_install(int (*fail)(void))
{
	static sqlite3_mem_methods wrap;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &mem_real) != SQLITE_OK) {
		fprintf(stderr, "SQLITE_CONFIG_GETMALLOC failed\n");
		abort();
	}
	mem_rule = fail;
	wrap = mem_real;
	wrap.xMalloc = mem_malloc;
	wrap.xFree = mem_free;
	wrap.xRealloc = mem_realloc;
	wrap.xSize = mem_size;
	wrap.xRoundup = mem_roundup;
	wrap.xInit = mem_init;
	wrap.xShutdown = mem_shutdown;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wrap) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK) {
		fprintf(stderr, "SQLITE_CONFIG_MALLOC failed (called after sqlite3_initialize?)\n");
		abort();
	}
}

void tu_alloc_fail(long nth)
{
	mem_count = 0;
	mem_nth = nth;
}

long tu_alloc_count(void)
{
	return mem_count;
}

int tu_alloc_passed(void)
{
	int passed = mem_nth > mem_count;
	mem_nth = 0;
	return passed;
}

long tu_alloc_live(void)
{
	return __atomic_load_n(&mem_live, __ATOMIC_RELAXED);
}
