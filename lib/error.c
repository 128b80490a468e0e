/*
 * libgoc — status codes and the per-thread / per-handle last error.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Fixed-size, per-thread: recording an error never allocates, so even an
 * out-of-memory failure can be explained. */
static _Thread_local int tls_code;
static _Thread_local char tls_msg[GOC_ERRMSG_MAX];
static _Thread_local char tls_field[GOC__FIELD_MAX];

GOC_API const char *goc_strerror(int code)
{
	switch (code) {
	case GOC_OK: return N_("GOC_OK: success");
	case GOC_ROW: return N_("GOC_ROW: a row is available");
	case GOC_DONE: return N_("GOC_DONE: iteration is over");
	case GOC_ERROR: return N_("GOC_ERROR: generic error");
	case GOC_ENOMEM: return N_("GOC_ENOMEM: out of memory");
	case GOC_EINVAL: return N_("GOC_EINVAL: invalid argument");
	case GOC_ENOTFOUND: return N_("GOC_ENOTFOUND: not found");
	case GOC_EEXISTS: return N_("GOC_EEXISTS: already exists");
	case GOC_ECONSTRAINT: return N_("GOC_ECONSTRAINT: still referred to");
	case GOC_ESTATE: return N_("GOC_ESTATE: illegal state transition");
	case GOC_EVERSION: return N_("GOC_EVERSION: database written by a newer libgoc");
	case GOC_ENOTDB: return N_("GOC_ENOTDB: not a libgoc database");
	case GOC_EBUSY: return N_("GOC_EBUSY: database is locked");
	case GOC_EIO: return N_("GOC_EIO: disk I/O error");
	case GOC_EPERM: return N_("GOC_EPERM: not permitted");
	case GOC_EREADONLY: return N_("GOC_EREADONLY: database is read-only");
	case GOC_ECORRUPT: return N_("GOC_ECORRUPT: database file is damaged");
	case GOC_EMISUSE: return N_("GOC_EMISUSE: call out of order");
	case GOC_ECANTOPEN: return N_("GOC_ECANTOPEN: cannot open file");
	case GOC_ECANCELLED: return N_("GOC_ECANCELLED: cancelled by the caller");
	case GOC_EAUTH: return N_("GOC_EAUTH: authentication failed");
	case GOC_ETHROTTLED: return N_("GOC_ETHROTTLED: too many failed logins, try later");
	default: return N_("unknown status");
	}
}

GOC_API int goc_error_last(void)
{
	return tls_code;
}

GOC_API const char *goc_error_message(void)
{
	return tls_msg;
}

GOC_API const char *goc_error_field(void)
{
	return tls_field;
}

GOC_API void goc_error_clear(void)
{
	tls_code = GOC_OK;
	tls_msg[0] = '\0';
	tls_field[0] = '\0';
}

/* The length of the field path msg starts with ("name_zh", "opts.plan",
 * "tasks[3].code": a letter, then letters, digits, '_', '.' and [digits],
 * followed by ": "), or 0. */
static size_t field_len(const char *msg)
{
	size_t i = 0;
	if (!((msg[0] >= 'a' && msg[0] <= 'z') || (msg[0] >= 'A' && msg[0] <= 'Z')))
		return 0;
	for (;; i++) {
		char c = msg[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.')
			continue;
		if (c == '[') {
			size_t j = i + 1;
			while (msg[j] >= '0' && msg[j] <= '9')
				j++;
			if (j == i + 1 || msg[j] != ']')
				return 0;
			i = j;
			continue;
		}
		return c == ':' && msg[i + 1] == ' ' ? i : 0;
	}
}

/* The field of message msg (see goc_error_field()) into tls_field: a
 * leading element prefix ("fields[12]: ", a name and an index alone) is
 * skipped. */
static void set_field(const char *msg)
{
	size_t n = field_len(msg);
	if (n > 1 && msg[n - 1] == ']' && memchr(msg, '.', n) == NULL) {
		size_t inner = field_len(msg + n + 2);
		if (inner) {
			msg += n + 2;
			n = inner;
		}
	}
	if (n >= sizeof tls_field)
		n = 0;
	memcpy(tls_field, msg, n);
	tls_field[n] = '\0';
}

/* After truncation, drop a trailing incomplete UTF-8 sequence. */
static void trim_utf8(char *buf, size_t len)
{
	size_t i = len;
	while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)buf[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (len - (i - 1) < need)
		buf[i - 1] = '\0';
}

/* Format a message into buf (GOC_ERRMSG_MAX bytes), cut on a character
 * boundary, and made valid UTF-8. */
static void format(char *buf, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, GOC_ERRMSG_MAX, fmt, ap);
	if (n < 0)
		buf[0] = '\0';
	else if ((size_t)n >= GOC_ERRMSG_MAX)
		trim_utf8(buf, strlen(buf));
	/* Messages quote the caller's input: keep them valid UTF-8 whatever
	 * was quoted or cut, so that every binding can decode them. */
	size_t off;
	while (goc__check_utf8(buf, NULL, &off) != 0)
		buf[off] = '?';
}

int goc__err(goc_db *db, int code, const char *fmt, ...)
{
	/* Format into a local buffer first: an argument may point into the
	 * thread's current message. */
	char buf[GOC_ERRMSG_MAX];
	/* The translation has the conversions of fmt, in the same order and of
	 * the same types (msgfmt --check-format; the i18n tests run it). */
	const char *shown = db ? goc__translate(db->lang, fmt) : fmt;
	va_list ap;
	va_start(ap, fmt);
	if (db && shown != fmt) {
		/* the English text too, for the audit trail (goc__errmsg_en()) */
		va_list en;
		va_copy(en, ap);
		format(db->err_en, fmt, en);
		va_end(en);
	}
	format(buf, shown, ap);
	va_end(ap);
	memcpy(tls_msg, buf, sizeof tls_msg);
	set_field(buf);
	tls_code = code;
	if (db) {
		db->err_code = code;
		memcpy(db->err_msg, buf, sizeof db->err_msg);
		if (shown == fmt)
			memcpy(db->err_en, buf, sizeof db->err_en);
	}
	return code;
}

const char *goc__errmsg_en(const goc_db *db)
{
	return db->err_en;
}

int goc__map_sqlite(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return GOC_OK;
	case SQLITE_NOMEM: return GOC_ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return GOC_EBUSY;
	case SQLITE_IOERR:
	case SQLITE_FULL: return GOC_EIO;
	case SQLITE_CORRUPT: return GOC_ECORRUPT;
	case SQLITE_NOTADB: return GOC_ENOTDB;
	case SQLITE_READONLY: return GOC_EREADONLY;
	case SQLITE_CANTOPEN: return GOC_ECANTOPEN;
	case SQLITE_PERM:
	case SQLITE_AUTH: return GOC_EPERM;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return GOC_EEXISTS;
		return GOC_ECONSTRAINT;
	case SQLITE_MISUSE: return GOC_EMISUSE;
	default: return GOC_ERROR;
	}
}

int goc__sqlerr(goc_db *db, int rc, const char *context)
{
	int code = goc__map_sqlite(rc);
	const char *detail = (db && db->sql) ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
	if (code == GOC_ENOMEM)
		detail = db ? goc__translate(db->lang, N_("out of memory")) : "out of memory";
	if (db)
		context = goc__translate(db->lang, context);
	goc__err(db, code, "%s: %s", context, detail);
	tls_field[0] = '\0'; /* the context names what was done, not a field */
	return code;
}
