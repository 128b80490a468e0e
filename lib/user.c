/*
 * libgoc — people in the library (goc/user.h): accounts that act for a
 * unit, their passwords (libsodium's argon2id strings) and tokens (kept
 * as SHA-256), logins with the refusal of guessing, and acting as a
 * person (goc_db_set_user()).  A record module: its changes go through
 * the write path (write.c); who may make them is decided in audit.c.
 *
 * Logins are counted where every front end sees them: the table
 * login_failures (login, address, unix seconds).  A password is checked
 * outside any transaction (it takes ~0.1 s); the failure or success is
 * then written under the write lock after counting again, so parallel
 * attempts cannot learn more than GOC_LOGIN_FAILURES_MAX answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "internal.h"

struct goc_user {
	int64_t id;
	const char *login, *name, *unit, *phone, *email, *created;
	int disabled;
};
struct goc_token {
	int64_t id;
	const char *login, *label, *created, *expires, *last_used;
	int revoked;
};
GOC__ROW_FITS(struct goc_user);
GOC__ROW_FITS(struct goc_token);

/* ---- the clock (tests set it: goc__clock_set) ---- */

static volatile int64_t clock_override;

int64_t goc__clock_now(void)
{
	int64_t t = clock_override;
	return t ? t : (int64_t)time(NULL);
}

void goc__clock_set(int64_t t)
{
	clock_override = t;
}

static void iso_time(int64_t t, char out[24])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void iso_date(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int sodium_ready(goc_db *db)
{
	/* sodium_init() gives -1 only when locking its own mutex fails (no
	 * random source: it aborts); no test can make that happen */
	if (sodium_init() < 0) /* GCOVR_EXCL_BR_LINE: pthread_mutex_lock() failing */
		return goc__err(db, GOC_ERROR, "libsodium could not be initialised");
	return GOC_OK;
}

/* ---- validation ---- */

#define PASSWORD_MIN 8
#define PASSWORD_MAX 1024
#define ADDRESS_MAX 100
#define LABEL_MAX 200

/* s is not NULL (every caller has checked it). */
static bool login_ok(const char *s)
{
	if (!*s)
		return false;
	size_t n = 0;
	for (const char *p = s; *p; p++, n++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return n <= GOC__LOGIN_MAX;
}

static int check_login(goc_db *db, const char *field, const char *login)
{
	if (!login || !*login)
		return goc__err(db, GOC_EINVAL, "%s: required, must not be empty", field);
	if (goc__check_utf8(login, NULL, NULL) != 0)
		return goc__err(db, GOC_EINVAL, "%s: invalid UTF-8", field);
	if (strlen(login) > GOC__LOGIN_MAX)
		return goc__err(db, GOC_EINVAL, "%s: longer than %d characters", field,
		                GOC__LOGIN_MAX);
	if (!login_ok(login))
		return goc__err(db, GOC_EINVAL,
		                "%s: '%s' is not a login (a-z, 0-9, '.', '_', '-'; lower case)",
		                field, login);
	return GOC_OK;
}

static int check_password(goc_db *db, const char *pw)
{
	if (!pw)
		return goc__err(db, GOC_EINVAL, "password: required");
	size_t n = strlen(pw), off;
	if (goc__check_utf8(pw, NULL, &off) != 0)
		return goc__err(db, GOC_EINVAL, "password: invalid UTF-8 at byte %zu", off);
	if (n < PASSWORD_MIN)
		return goc__err(db, GOC_EINVAL, "password: too short (%zu bytes, at least %d)", n,
		                PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return goc__err(db, GOC_EINVAL, "password: too long (%zu bytes, at most %d)", n,
		                PASSWORD_MAX);
	size_t at;
	unsigned cp;
	if (goc__find_control(pw, false, &at, &cp))
		return goc__err(db, GOC_EINVAL, "password: control character U+%04X at byte %zu",
		                cp, at);
	return GOC_OK;
}

static int check_fields(goc_db *db, const goc_user_fields *f, bool add)
{
	if (!f)
		return goc__err(db, GOC_EINVAL, "fields: must not be NULL");
	if (f->version != GOC_USER_FIELDS_VERSION)
		return goc__err(db, GOC_EINVAL,
		                "fields: version %u is not a goc_user_fields version this library"
		                " knows (%d)", f->version, GOC_USER_FIELDS_VERSION);
	int rc = add ? check_login(db, "login", f->login) : GOC_OK;
	if (rc == GOC_OK && (add || f->name))
		rc = goc__check_text(db, "name", f->name, true, GOC_NAME_MAX, false);
	if (rc == GOC_OK && (add || f->unit))
		rc = goc__check_code(db, "unit", f->unit);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "phone", f->phone, false, GOC__PHONE_MAX, false);
	if (rc == GOC_OK)
		rc = goc__check_email(db, "email", f->email);
	return rc;
}

/* The argon2id string of a password (outside any transaction: slow). */
static int hash_password(goc_db *db, const char *pw, char out[crypto_pwhash_STRBYTES])
{
	int rc = sodium_ready(db);
	if (rc != GOC_OK) /* GCOVR_EXCL_BR_LINE: sodium_init() does not fail (sodium_ready()) */
		return rc;
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return goc__err(db, GOC_ENOMEM, "password: out of memory hashing it");
	return GOC_OK;
}

/* Does a person with this login exist?  GOC_ENOTFOUND naming it. */
static int user_exists(goc_db *db, const char *login)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT 1 FROM users WHERE login = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, login);
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE)
		rc = goc__err(db, GOC_ENOTFOUND, "login: no person with login '%s'", login);
	else if (step != SQLITE_ROW)
		rc = goc__sqlerr(db, step, "reading a person");
	sqlite3_finalize(st);
	return rc;
}

/* ---- records ---- */

#define USER_COLS "id, login, name, unit, phone, email, disabled, created"

static void read_user(sqlite3_stmt *st, void *row)
{
	struct goc_user *u = row;
	u->id = sqlite3_column_int64(st, 0);
	u->login = goc__col_text(st, 1);
	u->name = goc__col_text(st, 2);
	u->unit = goc__col_text(st, 3);
	u->phone = goc__col_text(st, 4);
	u->email = goc__col_text(st, 5);
	u->disabled = sqlite3_column_int(st, 6) != 0;
	u->created = goc__col_text(st, 7);
}

static const size_t user_strs[] = {
	offsetof(struct goc_user, login), offsetof(struct goc_user, name),
	offsetof(struct goc_user, unit),  offsetof(struct goc_user, phone),
	offsetof(struct goc_user, email), offsetof(struct goc_user, created),
};

/* A person may change her own password whatever her unit's role. */
const struct goc__kind goc__kind_user = {
	.name = "user", .noun = "person",
	.table = "users", .key = "login", .self_key = true,
	.get_sql = "SELECT " USER_COLS " FROM users WHERE login = ?1",
	.read = read_user, .cursor = CUR_USER,
	.size = sizeof(struct goc_user), .strs = user_strs, .n_strs = GOC__N(user_strs),
};

/* A person's record by login (ENOTFOUND naming the login). */
static int fetch_user(goc_db *db, const char *login, goc_user **out)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, goc__kind_user.get_sql, &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, login);
	rc = goc__kind_fetch((void **)out, db, &goc__kind_user, st);
	if (rc == GOC_ENOTFOUND)
		goc__err(db, rc, "login: no person with login '%s'", login);
	return rc;
}

GOC_API int goc_user_get(goc_user **out, goc_db *db, const char *login)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = NULL;
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = check_login(db, "login", login);
	if (rc != GOC_OK)
		return rc;
	return fetch_user(db, login, out);
}

GOC_API void goc_user_free(goc_user *u)
{
	goc__free(u);
}

GOC_API int goc_user_list(goc_cursor **out, goc_db *db, const char *unit)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = NULL;
	int rc = goc__check_db(db);
	if (rc == GOC_OK && unit)
		rc = goc__check_code(db, "unit", unit);
	if (rc != GOC_OK)
		return rc;
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	                  "SELECT " USER_COLS " FROM users WHERE ?1 IS NULL OR unit = ?1"
	                  " ORDER BY login", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, unit);
	return goc__kind_cursor(out, db, &goc__kind_user, st);
}

GOC_API const goc_user *goc_cursor_user(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_user);
}

GOC_API int64_t goc_user_id(const goc_user *u) { return u ? u->id : 0; }
GOC_API const char *goc_user_login(const goc_user *u) { return u ? u->login : NULL; }
GOC_API const char *goc_user_name(const goc_user *u) { return u ? u->name : NULL; }
GOC_API const char *goc_user_unit(const goc_user *u) { return u ? u->unit : NULL; }
GOC_API const char *goc_user_phone(const goc_user *u) { return u ? u->phone : NULL; }
GOC_API const char *goc_user_email(const goc_user *u) { return u ? u->email : NULL; }
GOC_API int goc_user_disabled(const goc_user *u) { return u ? u->disabled : 0; }
GOC_API const char *goc_user_created(const goc_user *u) { return u ? u->created : NULL; }

/* ---- changes ---- */

/* A change of the person `login`: her fields, a password's hash, whether
 * she is disabled; a new person's id to *out_id. */
struct user_call {
	const char *login;
	const goc_user_fields *fields;
	const char *hash;
	int disabled;
	int64_t *out_id;
};

static int user_insert(goc_db *db, const void *call)
{
	const struct user_call *c = call;
	const goc_user_fields *fields = c->fields;
	int rc = goc__unit_exists(db, "unit", fields->unit);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		                  "INSERT INTO users (login, name, unit, phone, email, created,"
		                  " password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st);
	if (rc == GOC_OK) {
		char now[24];
		iso_time(goc__clock_now(), now);
		goc__bind_text(st, 1, fields->login);
		goc__bind_text(st, 2, fields->name);
		goc__bind_text(st, 3, fields->unit);
		goc__bind_text(st, 4, goc__opt(fields->phone));
		goc__bind_text(st, 5, goc__opt(fields->email));
		goc__bind_text(st, 6, now);
		goc__bind_text(st, 7, c->hash);
		rc = goc__step_done(db, st, "adding a person");
		if (rc == GOC_EEXISTS)
			rc = goc__err(db, rc, "login: '%s' is taken", fields->login);
		if (rc == GOC_OK && c->out_id)
			*c->out_id = sqlite3_last_insert_rowid(db->sql);
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_user_add(int64_t *out_id, goc_db *db, const goc_user_fields *fields,
                         const char *password)
{
	if (out_id)
		*out_id = 0;
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = check_fields(db, fields, true);
	if (rc == GOC_OK)
		rc = check_password(db, password);
	char hash[crypto_pwhash_STRBYTES];
	if (rc == GOC_OK)
		rc = hash_password(db, password, hash);
	if (rc != GOC_OK)
		return rc;
	struct user_call c = { .fields = fields, .hash = hash, .out_id = out_id };
	rc = goc__write_key(db, &goc__kind_user, "user.add", fields->login, user_insert, &c, NULL);
	sodium_memzero(hash, sizeof hash);
	if (rc != GOC_OK && out_id)
		*out_id = 0;
	return rc;
}

static int user_update(goc_db *db, const void *call)
{
	const struct user_call *c = call;
	const char *login = c->login;
	const goc_user_fields *fields = c->fields;
	int rc = user_exists(db, login);
	if (rc == GOC_OK && fields->unit)
		rc = goc__unit_exists(db, "unit", fields->unit);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db,
		                  "UPDATE users SET name = coalesce(?2, name), unit = coalesce(?3, unit),"
		                  " phone = CASE WHEN ?4 IS NULL THEN phone WHEN ?4 = '' THEN NULL"
		                  " ELSE ?4 END,"
		                  " email = CASE WHEN ?5 IS NULL THEN email WHEN ?5 = '' THEN NULL"
		                  " ELSE ?5 END WHERE login = ?1", &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 1, login);
		goc__bind_text(st, 2, fields->name);
		goc__bind_text(st, 3, fields->unit);
		goc__bind_text(st, 4, fields->phone);
		goc__bind_text(st, 5, fields->email);
		rc = goc__step_done(db, st, "changing a person");
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_user_update(goc_db *db, const char *login, const goc_user_fields *fields)
{
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = check_login(db, "login", login);
	if (rc == GOC_OK)
		rc = check_fields(db, fields, false);
	if (rc != GOC_OK)
		return rc;
	struct user_call c = { .login = login, .fields = fields };
	return goc__write_key(db, &goc__kind_user, "user.update", login, user_update, &c, NULL);
}

static int set_disabled(goc_db *db, const void *call)
{
	const struct user_call *c = call;
	int rc = user_exists(db, c->login);
	sqlite3_stmt *st = NULL;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "UPDATE users SET disabled = ?2 WHERE login = ?1", &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 1, c->login);
		sqlite3_bind_int(st, 2, c->disabled);
		rc = goc__step_done(db, st, c->disabled ? "disabling a person" : "enabling a person");
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_user_set_disabled(goc_db *db, const char *login, int disabled)
{
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = check_login(db, "login", login);
	if (rc != GOC_OK)
		return rc;
	if (disabled != 0 && disabled != 1)
		return goc__err(db, GOC_EINVAL, "disabled: %d is neither 1 (disable) nor 0 (enable)",
		                disabled);
	struct user_call c = { .login = login, .disabled = disabled };
	return goc__write_key(db, &goc__kind_user, disabled ? "user.disable" : "user.enable", login,
	                      set_disabled, &c, NULL);
}

/* Store a password's hash (inside a write, or under the login's lock). */
static int store_hash(goc_db *db, const char *login, const char *hash)
{
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "UPDATE users SET password_hash = ?2 WHERE login = ?1", &st);
	if (rc == GOC_OK) {
		goc__bind_text(st, 1, login);
		goc__bind_text(st, 2, hash);
		rc = goc__step_done(db, st, "storing a password");
		sqlite3_finalize(st);
	}
	return rc;
}

static int set_password(goc_db *db, const void *call)
{
	const struct user_call *c = call;
	int rc = user_exists(db, c->login);
	if (rc == GOC_OK)
		rc = store_hash(db, c->login, c->hash);
	return rc;
}

GOC_API int goc_user_set_password(goc_db *db, const char *login, const char *password)
{
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = check_login(db, "login", login);
	if (rc == GOC_OK)
		rc = check_password(db, password);
	char hash[crypto_pwhash_STRBYTES];
	if (rc == GOC_OK)
		rc = hash_password(db, password, hash);
	if (rc != GOC_OK)
		return rc;
	struct user_call c = { .login = login, .hash = hash };
	rc = goc__write_key(db, &goc__kind_user, "user.set_password", login, set_password, &c,
	                    NULL);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/* ---- logins ---- */

/* An argon2id string of the INTERACTIVE limits, checked for an unknown
 * login so that it takes as long as a known one (a match counts for
 * nothing: there is no such person). */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$D6ViTOYOcHLt/Wd0kY0/Tw$"
    "VrSGI8wuKISuQ1LGdkqpSEd9L75BzEvo4Pa41+gSK2Q";

/* Failed logins within the window for login (may be NULL) and address
 * (may be NULL): the larger count and the oldest time among the last
 * GOC_LOGIN_FAILURES_MAX of that one; which one in *by_address. */
static int count_failures(goc_db *db, const char *login, const char *address, int64_t now,
                          int *count, int64_t *oldest, bool *by_address)
{
	*count = 0;
	*oldest = 0;
	*by_address = false;
	sqlite3_stmt *st;
	int rc = goc__prepare(db,
	    "SELECT count(*), min(at) FROM (SELECT at FROM login_failures"
	    " WHERE login = ?1 AND at > ?2 ORDER BY at DESC LIMIT ?3)"
	    " UNION ALL "
	    "SELECT count(*), min(at) FROM (SELECT at FROM login_failures"
	    " WHERE address = ?4 AND at > ?2 ORDER BY at DESC LIMIT ?3)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, login);
	sqlite3_bind_int64(st, 2, now - GOC_LOGIN_WINDOW_SECONDS);
	sqlite3_bind_int(st, 3, GOC_LOGIN_FAILURES_MAX);
	goc__bind_text(st, 4, address);
	rc = goc__binds_failed(db, "counting failed logins");
	int step = SQLITE_DONE;
	for (int i = 0; rc == GOC_OK && (step = sqlite3_step(st)) == SQLITE_ROW; i++) {
		int n = sqlite3_column_int(st, 0);
		if (n >= GOC_LOGIN_FAILURES_MAX && n > *count) {
			*count = n;
			*oldest = sqlite3_column_int64(st, 1);
			*by_address = i == 1;
		}
	}
	if (rc == GOC_OK && step != SQLITE_DONE)
		rc = goc__sqlerr(db, step, "counting failed logins");
	sqlite3_finalize(st);
	return rc;
}

/* The message of a refusal (into buf). */
static void throttle_message(char *buf, size_t size, const char *login, const char *address,
                             bool by_address, int64_t oldest)
{
	char until[24];
	iso_time(oldest + GOC_LOGIN_WINDOW_SECONDS, until);
	if (by_address)
		snprintf(buf, size,
		         "login refused: %d failed logins from address '%s' within %d minutes;"
		         " try again after %s", GOC_LOGIN_FAILURES_MAX, address,
		         GOC_LOGIN_WINDOW_SECONDS / 60, until);
	else
		snprintf(buf, size,
		         "login refused: %d failed logins for '%s' within %d minutes;"
		         " try again after %s", GOC_LOGIN_FAILURES_MAX, login,
		         GOC_LOGIN_WINDOW_SECONDS / 60, until);
}

struct login_row {
	bool found, disabled;
	char hash[crypto_pwhash_STRBYTES];
};

static int read_login(goc_db *db, const char *login, struct login_row *r)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *st;
	int rc = goc__prepare(db, "SELECT password_hash, disabled FROM users WHERE login = ?1", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, login);
	rc = goc__binds_failed(db, "reading a person");
	int step = rc == GOC_OK ? sqlite3_step(st) : SQLITE_DONE;
	if (step == SQLITE_ROW) {
		const char *h = goc__col_text(st, 0);
		r->found = true;
		r->disabled = sqlite3_column_int(st, 1) != 0;
		snprintf(r->hash, sizeof r->hash, "%s", h ? h : "");
	} else if (rc == GOC_OK && step != SQLITE_DONE) {
		rc = goc__sqlerr(db, step, "reading a person");
	}
	sqlite3_finalize(st);
	return rc;
}

/* Under the write lock: count again, then keep the outcome.  Returns
 * GOC_OK, GOC_EAUTH or GOC_ETHROTTLED (with the message), or an error. */
static int login_outcome(goc_user **out, goc_db *db, const char *login, const char *address,
                         bool valid_login, int verdict, const char *why, const char *new_hash)
{
	int rc = goc__exec(db, "BEGIN IMMEDIATE", "goc_user_authenticate");
	if (rc != GOC_OK)
		return rc;
	int64_t now = goc__clock_now(), oldest;
	int count;
	bool by_address;
	const char *who = valid_login ? login : NULL;
	char msg[GOC_ERRMSG_MAX];
	rc = count_failures(db, who, address, now, &count, &oldest, &by_address);
	if (rc == GOC_OK && (count >= GOC_LOGIN_FAILURES_MAX || verdict == GOC_ETHROTTLED)) {
		/* refused now, or when the password was not looked at (`why`
		 * says why, should the window have ended since) */
		if (count >= GOC_LOGIN_FAILURES_MAX)
			throttle_message(msg, sizeof msg, who ? who : "?", address, by_address, oldest);
		else
			snprintf(msg, sizeof msg, "%s", why);
		rc = goc__audit_note(db, "user.login", &goc__kind_user, who, who, false, msg);
		verdict = GOC_ETHROTTLED;
	} else if (rc == GOC_OK && verdict == GOC_OK) {
		if (new_hash)
			rc = store_hash(db, login, new_hash);
		if (rc == GOC_OK)
			rc = goc__audit_note(db, "user.login", &goc__kind_user, login, login, true, NULL);
		/* her record, read before the commit: a login is recorded
		 * only when its caller gets the person */
		if (rc == GOC_OK && out)
			rc = fetch_user(db, login, out);
	} else if (rc == GOC_OK) {
		sqlite3_stmt *st;
		rc = goc__prepare(db, "INSERT INTO login_failures (login, address, at)"
		                      " VALUES (?1, ?2, ?3)", &st);
		if (rc == GOC_OK) {
			goc__bind_text(st, 1, who);
			goc__bind_text(st, 2, address);
			sqlite3_bind_int64(st, 3, now);
			rc = goc__step_done(db, st, "counting a failed login");
			sqlite3_finalize(st);
		}
		if (rc == GOC_OK)
			rc = goc__audit_note(db, "user.login", &goc__kind_user, who, who, false, why);
	}
	if (rc == GOC_OK && goc__binds_failed(db, "goc_user_authenticate") != GOC_OK)
		rc = GOC_ENOMEM;
	if (rc == GOC_OK)
		rc = goc__exec(db, "COMMIT", "goc_user_authenticate");
	if (rc != GOC_OK) {
		if (!sqlite3_get_autocommit(db->sql))
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		goc__audit_forget(db);
		if (out) {
			goc_user_free(*out);
			*out = NULL;
		}
		return rc;
	}
	if (verdict == GOC_ETHROTTLED)
		return goc__err(db, GOC_ETHROTTLED, "%s", msg);
	if (verdict == GOC_EAUTH)
		return goc__err(db, GOC_EAUTH,
		                "login failed: wrong login or password, or the person is disabled");
	return GOC_OK;
}

GOC_API int goc_user_authenticate(goc_user **out, goc_db *db, const char *login,
                                  const char *password, const char *client_addr)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!login || !password)
		return goc__err(db, GOC_EINVAL, "%s: required", !login ? "login" : "password");
	if (client_addr) {
		rc = goc__check_text(db, "client_addr", client_addr, true, ADDRESS_MAX, false);
		if (rc != GOC_OK)
			return rc;
	}
	if (db->readonly)
		return goc__err(db, GOC_EREADONLY,
		                "goc_user_authenticate: %s is opened read-only (failed logins"
		                " must be counted)", db->path);
	if (db->user_txn)
		return goc__err(db, GOC_EMISUSE,
		                "goc_user_authenticate: not inside goc_db_begin() (a failed login"
		                " must be kept even if the transaction is rolled back)");
	rc = goc__end_stray_txn(db, "goc_user_authenticate");
	if (rc == GOC_OK)
		rc = sodium_ready(db);
	if (rc != GOC_OK)
		return rc;
	bool valid = login_ok(login);

	/* Refused already?  Then the password is not even looked at. */
	int count;
	int64_t oldest;
	bool by_address;
	rc = count_failures(db, valid ? login : NULL, client_addr, goc__clock_now(), &count,
	                    &oldest, &by_address);
	if (rc != GOC_OK)
		return rc;
	if (count >= GOC_LOGIN_FAILURES_MAX) {
		char msg[GOC_ERRMSG_MAX];
		throttle_message(msg, sizeof msg, valid ? login : "?", client_addr, by_address, oldest);
		return login_outcome(NULL, db, login, client_addr, valid, GOC_ETHROTTLED, msg, NULL);
	}

	struct login_row row = { 0 };
	if (valid)
		rc = read_login(db, login, &row);
	if (rc != GOC_OK)
		return rc;
	size_t pwlen = strlen(password);
	bool pw_shape = pwlen >= PASSWORD_MIN && pwlen <= PASSWORD_MAX;
	bool match = false;
	if (pw_shape) { /* an unknown login costs as much as a known one */
		int verified = crypto_pwhash_str_verify(row.found ? row.hash : dummy_hash, password,
		                                        pwlen);
		match = row.found && verified == 0;
	}
	const char *why = !valid ? "login: not a valid login"
	                : !row.found ? "no person with this login"
	                : !match ? "wrong password"
	                : row.disabled ? "the person is disabled" : NULL;
	char fresh[crypto_pwhash_STRBYTES];
	const char *new_hash = NULL;
	if (!why && crypto_pwhash_str_needs_rehash(row.hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                           crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		rc = hash_password(db, password, fresh);
		if (rc != GOC_OK)
			return rc;
		new_hash = fresh;
	}
	sodium_memzero(row.hash, sizeof row.hash);
	rc = login_outcome(why ? NULL : out, db, login, client_addr, valid, why ? GOC_EAUTH : GOC_OK,
	                   why, new_hash);
	sodium_memzero(fresh, sizeof fresh);
	return rc;
}

/* ---- acting as a person ---- */

GOC_API int goc_db_set_user(goc_db *db, const char *login)
{
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!login) {
		goc__free(db->user);
		db->user = NULL;
		return GOC_OK;
	}
	if (!login_ok(login))
		return goc__err(db, GOC_EAUTH, "user: '%s' is not a login", login);
	goc_user *u = NULL;
	rc = fetch_user(db, login, &u);
	if (rc == GOC_ENOTFOUND)
		return goc__err(db, GOC_EAUTH, "user: no person with login '%s'", login);
	if (rc != GOC_OK)
		return rc;
	if (u->disabled) {
		goc_user_free(u);
		return goc__err(db, GOC_EAUTH, "user: '%s' is disabled", login);
	}
	char *unit = goc__strdup(u->unit), *who = goc__strdup(login);
	goc_user_free(u);
	if (!unit || !who) {
		goc__free(unit);
		goc__free(who);
		return goc__err(db, GOC_ENOMEM, "user: out of memory");
	}
	goc__free(db->actor);
	goc__free(db->user);
	db->actor = unit;
	db->user = who;
	return GOC_OK;
}

GOC_API const char *goc_db_user(const goc_db *db)
{
	return db ? db->user : NULL;
}

/* ---- tokens ---- */

#define TOKEN_PREFIX "goc_"
#define TOKEN_BYTES 32
/* "goc_" + base64url without padding of 32 bytes (43) */
#define TOKEN_LEN (sizeof TOKEN_PREFIX - 1 + 43)

static void token_digest(const char *token, char out[2 * crypto_hash_sha256_BYTES + 1])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 2 * crypto_hash_sha256_BYTES + 1, d, sizeof d);
}

#define TOKEN_COLS "id, login, label, created, expires, revoked, last_used"

static void read_token(sqlite3_stmt *st, void *row)
{
	struct goc_token *t = row;
	t->id = sqlite3_column_int64(st, 0);
	t->login = goc__col_text(st, 1);
	t->label = goc__col_text(st, 2);
	t->created = goc__col_text(st, 3);
	t->expires = goc__col_text(st, 4);
	t->revoked = sqlite3_column_int(st, 5) != 0;
	t->last_used = goc__col_text(st, 6);
}

static const size_t token_strs[] = {
	offsetof(struct goc_token, login),   offsetof(struct goc_token, label),
	offsetof(struct goc_token, created), offsetof(struct goc_token, expires),
	offsetof(struct goc_token, last_used),
};

/* Tokens are made by administrators; a person may revoke her own. */
const struct goc__kind goc__kind_token = {
	.name = "token",
	.table = "tokens", .key = "id", .int_key = true,
	.self_sql = "SELECT login = ?2 FROM tokens WHERE id = ?1",
	.get_sql = "SELECT " TOKEN_COLS " FROM tokens WHERE id = ?1",
	.read = read_token, .cursor = CUR_TOKEN,
	.size = sizeof(struct goc_token), .strs = token_strs, .n_strs = GOC__N(token_strs),
};

GOC_API int goc_token_add(char **out_token, int64_t *out_id, goc_db *db, const char *login,
                          const char *label, const char *expires)
{
	if (out_id)
		*out_id = 0;
	if (!out_token)
		return goc__err(db, GOC_EINVAL, "out_token: must not be NULL");
	*out_token = NULL;
	int rc = goc__check_db(db);
	if (rc == GOC_OK)
		rc = check_login(db, "login", login);
	if (rc == GOC_OK)
		rc = goc__check_text(db, "label", label, true, LABEL_MAX, false);
	if (rc == GOC_OK && expires) {
		rc = goc__check_date(db, "expires", expires);
		char today[11];
		iso_date(goc__clock_now(), today);
		if (rc == GOC_OK && strcmp(expires, today) < 0)
			rc = goc__err(db, GOC_EINVAL, "expires: %s is in the past (today is %s, UTC)",
			              expires, today);
	}
	if (rc == GOC_OK)
		rc = sodium_ready(db);
	if (rc != GOC_OK)
		return rc;
	char *token = goc__malloc(TOKEN_LEN + 1);
	if (!token)
		return goc__err(db, GOC_ENOMEM, "token: out of memory");
	unsigned char secret[TOKEN_BYTES];
	randombytes_buf(secret, sizeof secret);
	memcpy(token, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1);
	sodium_bin2base64(token + sizeof TOKEN_PREFIX - 1, TOKEN_LEN + 1 - (sizeof TOKEN_PREFIX - 1),
	                  secret, sizeof secret, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(secret, sizeof secret);
	char digest[2 * crypto_hash_sha256_BYTES + 1];
	token_digest(token, digest);

	struct goc__write w;
	rc = goc__write_begin(db, &w, "token.add", &goc__kind_token);
	if (rc == GOC_OK)
		rc = user_exists(db, login);
	sqlite3_stmt *st = NULL;
	int64_t id = 0;
	if (rc == GOC_OK)
		rc = goc__prepare(db, "INSERT INTO tokens (login, label, created, expires, token_sha256)"
		                      " VALUES (?1, ?2, ?3, ?4, ?5)", &st);
	if (rc == GOC_OK) {
		char now[24];
		iso_time(goc__clock_now(), now);
		goc__bind_text(st, 1, login);
		goc__bind_text(st, 2, label);
		goc__bind_text(st, 3, now);
		goc__bind_text(st, 4, expires);
		goc__bind_text(st, 5, digest);
		rc = goc__step_done(db, st, "making a token");
		if (rc == GOC_OK) {
			id = sqlite3_last_insert_rowid(db->sql);
			goc__write_object_id(db, &w, id);
		}
	}
	sqlite3_finalize(st);
	rc = goc__write_end(db, &w, rc);
	if (rc != GOC_OK) {
		sodium_memzero(token, TOKEN_LEN);
		goc__free(token);
		return rc;
	}
	*out_token = token;
	if (out_id)
		*out_id = id;
	return GOC_OK;
}

GOC_API int goc_token_list(goc_cursor **out, goc_db *db, const char *login)
{
	if (!out)
		return goc__err(db, GOC_EINVAL, "out: must not be NULL");
	*out = NULL;
	int rc = goc__check_db(db);
	if (rc == GOC_OK && login)
		rc = check_login(db, "login", login);
	int access = 0;
	if (rc == GOC_OK)
		rc = goc__identity_access(db, &access);
	if (rc != GOC_OK)
		return rc;
	if (access != GOC_ACCESS_ADMIN) {
		if (!db->user)
			return goc__err(db, GOC_EPERM,
			                "tokens: actor '%s' is a unit, not a person: only an administrator"
			                " lists tokens", db->actor);
		if (login && strcmp(login, db->user) != 0)
			return goc__err(db, GOC_EPERM,
			                "tokens: person '%s' may list her own tokens only, not those of '%s'",
			                db->user, login);
		login = db->user;
	}
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	                  "SELECT " TOKEN_COLS " FROM tokens WHERE ?1 IS NULL OR login = ?1"
	                  " ORDER BY id", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, login);
	return goc__kind_cursor(out, db, &goc__kind_token, st);
}

GOC_API const goc_token *goc_cursor_token(const goc_cursor *cur)
{
	return goc__kind_row(cur, &goc__kind_token);
}

GOC_API int64_t goc_token_id(const goc_token *t) { return t ? t->id : 0; }
GOC_API const char *goc_token_login(const goc_token *t) { return t ? t->login : NULL; }
GOC_API const char *goc_token_label(const goc_token *t) { return t ? t->label : NULL; }
GOC_API const char *goc_token_created(const goc_token *t) { return t ? t->created : NULL; }
GOC_API const char *goc_token_expires(const goc_token *t) { return t ? t->expires : NULL; }
GOC_API int goc_token_revoked(const goc_token *t) { return t ? t->revoked : 0; }
GOC_API const char *goc_token_last_used(const goc_token *t) { return t ? t->last_used : NULL; }

static int token_revoke(goc_db *db, int64_t id, const void *unused)
{
	(void)unused;
	sqlite3_stmt *st = NULL;
	int rc = goc__prepare(db, "UPDATE tokens SET revoked = 1 WHERE id = ?1", &st);
	if (rc == GOC_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = goc__step_done(db, st, "revoking a token");
		if (rc == GOC_OK && sqlite3_changes(db->sql) == 0)
			rc = goc__err(db, GOC_ENOTFOUND, "id: no token with id %lld", (long long)id);
	}
	sqlite3_finalize(st);
	return rc;
}

GOC_API int goc_token_revoke(goc_db *db, int64_t id)
{
	return goc__write_id(db, &goc__kind_token, "token.revoke", id, token_revoke, NULL, NULL);
}

GOC_API int goc_token_authenticate(goc_user **out, goc_db *db, const char *token)
{
	if (out)
		*out = NULL;
	int rc = goc__check_db(db);
	if (rc != GOC_OK)
		return rc;
	if (!token)
		return goc__err(db, GOC_EINVAL, "token: required");
	static const char *const refused = N_("token refused: unknown, expired or revoked, or its"
	                                   " person is disabled");
	if (strlen(token) != TOKEN_LEN || strncmp(token, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1) != 0)
		return goc__err(db, GOC_EAUTH, "%s", goc__translate(db->lang, refused));
	rc = sodium_ready(db);
	if (rc != GOC_OK) /* GCOVR_EXCL_BR_LINE: sodium_init() does not fail (sodium_ready()) */
		return rc;
	char digest[2 * crypto_hash_sha256_BYTES + 1];
	token_digest(token, digest);
	char today[11];
	iso_date(goc__clock_now(), today);
	sqlite3_stmt *st;
	rc = goc__prepare(db,
	                  "SELECT t.id, u.login FROM tokens t JOIN users u ON u.login = t.login"
	                  " WHERE t.token_sha256 = ?1 AND t.revoked = 0 AND u.disabled = 0"
	                  " AND (t.expires IS NULL OR t.expires >= ?2)", &st);
	if (rc != GOC_OK)
		return rc;
	goc__bind_text(st, 1, digest);
	goc__bind_text(st, 2, today);
	rc = goc__binds_failed(db, "checking a token");
	int step = rc == GOC_OK ? sqlite3_step(st) : SQLITE_DONE;
	int64_t id = 0;
	char login[GOC__LOGIN_MAX + 1] = "";
	if (step == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(login, sizeof login, "%s", goc__col_text(st, 1) ? goc__col_text(st, 1) : "");
	} else if (rc == GOC_OK && step != SQLITE_DONE) {
		rc = goc__sqlerr(db, step, "checking a token");
	}
	sqlite3_finalize(st);
	if (rc != GOC_OK)
		return rc;
	if (!id)
		return goc__err(db, GOC_EAUTH, "%s", goc__translate(db->lang, refused));
	/* her record first: the last use is noted only when the caller gets her */
	if (out && (rc = fetch_user(db, login, out)) != GOC_OK)
		return rc;
	if (!db->readonly) {
		/* its last use: a note, not a change of the record (not audited) */
		char now[24];
		iso_time(goc__clock_now(), now);
		rc = goc__prepare(db, "UPDATE tokens SET last_used = ?2 WHERE id = ?1", &st);
		if (rc == GOC_OK) {
			sqlite3_bind_int64(st, 1, id);
			goc__bind_text(st, 2, now);
			/* a time that could not be bound would go in as NULL */
			rc = goc__binds_failed(db, "noting a token's use");
			if (rc == GOC_OK)
				rc = goc__step_done(db, st, "noting a token's use");
			sqlite3_finalize(st);
		}
		if (rc != GOC_OK && out) {
			goc_user_free(*out);
			*out = NULL;
		}
	}
	return rc;
}
