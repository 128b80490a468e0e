/*
 * libgoc — the validation of text fields, codes, dates and USCCs, each
 * refusal a message naming the field (error.c).  The byte-level UTF-8 and
 * control-character scans they use are in text.c.
 */
#include <string.h>
#include <time.h>

#include "internal.h"

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
		const char *p = strchr(uscc_alphabet, code[i]); /* code[i] != '\0': 18 bytes */
		if (!p)
			return goc__err(db, GOC_EINVAL,
			                "%s: character %d ('%c') is not allowed in a unified social credit code",
			                field, i + 1,
			                (code[i] >= 0x20 && code[i] < 0x7F) ? code[i] : '?');
		if (i >= 2 && i <= 7 && code[i] > '9') /* the alphabet: digits, then letters */
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

int goc__check_email(goc_db *db, const char *field, const char *email)
{
	int rc = goc__check_text(db, field, email, false, GOC__EMAIL_MAX, false);
	if (rc != GOC_OK || !email || !*email)
		return rc;
	const char *at = strchr(email, '@');
	if (!at || at == email || !at[1] || strchr(at + 1, '@') || strchr(email, ' '))
		return goc__err(db, GOC_EINVAL,
		                "%s: '%s' is not an address (one '@' with text on both sides,"
		                " no spaces)", field, email);
	return GOC_OK;
}
