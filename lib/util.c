/*
 * libgoc — memory, and the validation of text, codes, dates and USCCs.
 */
#include <string.h>
#include <time.h>

#include "internal.h"

void *goc__malloc(size_t n)
{
	return sqlite3_malloc64(n ? n : 1);
}

void goc__free(void *p)
{
	sqlite3_free(p);
}

/* Append `v` as a JSON string, or null, escaped the way SQLite's JSON
 * functions escape it (the audit trail mixes the two). */
void goc__json_str(sqlite3_str *out, const char *v)
{
	if (!v) {
		sqlite3_str_append(out, "null", 4);
		return;
	}
	static const char special[32] = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
	                                  ['\f'] = 'f', ['\r'] = 'r' };
	sqlite3_str_appendchar(out, 1, '"');
	const char *run = v;
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sqlite3_str_append(out, run, (int)(p - run));
		run = p + 1;
		if (c >= 0x20)
			sqlite3_str_appendf(out, "\\%c", c);
		else if (special[c])
			sqlite3_str_appendf(out, "\\%c", special[c]);
		else
			sqlite3_str_appendf(out, "\\u%04x", c);
	}
	sqlite3_str_appendall(out, run);
	sqlite3_str_appendchar(out, 1, '"');
}

char *goc__strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = goc__malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/*
 * Strict UTF-8 (RFC 3629) over n bytes: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no NUL byte.  Returns 0 if valid (and the number
 * of code points), -1 with the offset of the first bad byte otherwise.
 */
int goc__utf8_scan(const char *str, size_t n, size_t *nchars, size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, count = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		unsigned int cp;
		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			count++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (n - i < len)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += len;
		count++;
	}
	if (nchars)
		*nchars = count;
	return 0;
bad:
	if (bad_offset)
		*bad_offset = i;
	return -1;
}

/* The same for NUL-terminated text. */
int goc__check_utf8(const char *str, size_t *nchars, size_t *bad_offset)
{
	return goc__utf8_scan(str, strlen(str), nchars, bad_offset);
}

GOC_API int goc_utf8_check(const char *text)
{
	size_t off;
	if (!text)
		return goc__err(NULL, GOC_EINVAL, "text: must not be NULL");
	if (goc__check_utf8(text, NULL, &off) != 0)
		return goc__err(NULL, GOC_EINVAL,
		                "text: invalid UTF-8 at byte %zu", off);
	return GOC_OK;
}

/* The first control character of valid UTF-8 text s: C0 (U+0000–U+001F,
 * but tab, LF and CR when `newlines`), DEL (U+007F) or C1 (U+0080–U+009F,
 * the two bytes C2 80–C2 9F).  true with its byte offset and code point. */
bool goc__find_control(const char *s, bool newlines, size_t *at, unsigned *cp)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned c = *p;
		if (c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			c = p[1];
		else if (c >= 0x20 && c != 0x7F)
			continue;
		else if (newlines && (c == '\n' || c == '\t' || c == '\r'))
			continue;
		*at = (size_t)(p - (const unsigned char *)s);
		*cp = c;
		return true;
	}
	return false;
}

int goc__check_text(goc_db *db, const char *field, const char *s, bool required,
                    size_t maxchars, bool allow_newlines)
{
	size_t n, off;
	if (!s || !*s) {
		if (required)
			return goc__err(db, GOC_EINVAL, "%s: required, must not be empty", field);
		return GOC_OK;
	}
	if (goc__check_utf8(s, &n, &off) != 0)
		return goc__err(db, GOC_EINVAL, "%s: invalid UTF-8 at byte %zu", field, off);
	if (n > maxchars)
		return goc__err(db, GOC_EINVAL,
		                "%s: too long (%zu characters, at most %zu)", field, n, maxchars);
	size_t at;
	unsigned cp;
	if (goc__find_control(s, allow_newlines, &at, &cp))
		return goc__err(db, GOC_EINVAL, "%s: control character U+%04X at byte %zu",
		                field, cp, at);
	if (!allow_newlines && (s[0] == ' ' || s[strlen(s) - 1] == ' '))
		return goc__err(db, GOC_EINVAL,
		                "%s: leading or trailing spaces in '%s'", field, s);
	return GOC_OK;
}

int goc__check_code(goc_db *db, const char *field, const char *code)
{
	if (!code || !*code)
		return goc__err(db, GOC_EINVAL, "%s: required, must not be empty", field);
	size_t n = 0;
	for (const char *p = code; *p; p++, n++) {
		char c = *p;
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && !(n > 0 && (c == '-' || c == '_')))
			goto bad;
		if (n >= GOC_CODE_MAX)
			return goc__err(db, GOC_EINVAL,
			                "%s: code longer than %d characters", field, GOC_CODE_MAX);
	}
	return GOC_OK;
bad:
	if (goc__check_utf8(code, NULL, NULL) != 0)
		return goc__err(db, GOC_EINVAL, "%s: code is not valid UTF-8", field);
	return goc__err(db, GOC_EINVAL,
	                "%s: '%s' is not a valid code (a-z, 0-9, '-', '_'; starting with a letter or digit)",
	                field, code);
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int goc__check_date(goc_db *db, const char *field, const char *s)
{
	if (!s || !*s)
		return goc__err(db, GOC_EINVAL, "%s: required (YYYY-MM-DD)", field);
	size_t len = strlen(s);
	bool shape = len == 10 && s[4] == '-' && s[7] == '-';
	for (size_t i = 0; shape && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			shape = false;
	if (!shape) {
		if (goc__check_utf8(s, NULL, NULL) != 0)
			return goc__err(db, GOC_EINVAL, "%s: not a date (invalid UTF-8)", field);
		return goc__err(db, GOC_EINVAL,
		                "%s: '%.40s' is not a date in the form YYYY-MM-DD", field, s);
	}
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999)
		return goc__err(db, GOC_EINVAL, "%s: year %d out of range 1900-2999", field, y);
	if (m < 1 || m > 12)
		return goc__err(db, GOC_EINVAL, "%s: '%s' has no month %d", field, s, m);
	if (d < 1 || d > days_in_month(y, m))
		return goc__err(db, GOC_EINVAL, "%s: '%s' is not a calendar date (day %d)", field, s, d);
	return GOC_OK;
}

GOC_API int goc_date_check(const char *date)
{
	return goc__check_date(NULL, "date", date);
}

void goc__today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* GB 32100-2015: the code's alphabet and the weights of positions 1–17. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20,
	                              29, 25, 13, 8, 24, 10, 30, 28 };

int goc__check_uscc(goc_db *db, const char *field, const char *code)
{
	if (!code)
		return goc__err(db, GOC_EINVAL, "%s: required", field);
	size_t len = strlen(code), nchars = 0, off = 0;
	if (goc__check_utf8(code, &nchars, &off) != 0)
		return goc__err(db, GOC_EINVAL, "%s: invalid UTF-8 at byte %zu", field, off);
	if (nchars != 18)
		return goc__err(db, GOC_EINVAL,
		                "%s: a unified social credit code has 18 characters, not %zu",
		                field, nchars);
	/* 18 characters in more bytes: the first one that is not ASCII */
	for (size_t i = 0, n = 1; len != 18; i++, n += ((unsigned char)code[i] & 0xC0) != 0x80)
		if ((unsigned char)code[i] >= 0x80)
			return goc__err(db, GOC_EINVAL,
			                "%s: character %zu is not allowed in a unified social credit code",
			                field, n);
	int sum = 0;
	for (int i = 0; i < 18; i++) {
		const char *p = code[i] ? strchr(uscc_alphabet, code[i]) : NULL;
		if (!p)
			return goc__err(db, GOC_EINVAL,
			                "%s: character %d ('%c') is not allowed in a unified social credit code",
			                field, i + 1,
			                (code[i] >= 0x20 && code[i] < 0x7F) ? code[i] : '?');
		if (i >= 2 && i <= 7 && !(code[i] >= '0' && code[i] <= '9'))
			return goc__err(db, GOC_EINVAL,
			                "%s: character %d must be a digit (administrative division code)",
			                field, i + 1);
		if (i < 17)
			sum += (int)(p - uscc_alphabet) * uscc_weights[i];
	}
	int check = (31 - sum % 31) % 31;
	if (code[17] != uscc_alphabet[check])
		return goc__err(db, GOC_EINVAL,
		                "%s: check character is '%c', expected '%c'",
		                field, code[17], uscc_alphabet[check]);
	return GOC_OK;
}

GOC_API int goc_uscc_check(const char *code)
{
	return goc__check_uscc(NULL, "uscc", code);
}
